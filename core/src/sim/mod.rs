//! The simulator: a seeded IoT sensor stream, the smart factory of the chapter in
//! miniature (and at full size: 10,000 sensors x 100 msg/s), for the
//! widgets and tests to feed the engine with realistic, reproducible
//! streams.
//!
//! Each sensor reports on a fixed grid (`1000 / rateHz` ms apart, with its
//! own phase). A reading is a per-sensor baseline, plus a slow drift, plus
//! noise, plus, inside an injected anomaly, a step of `anomalyMagnitude`
//! noise standard deviations. Every event gets a network delay, so its
//! arrival (processing) time is later than its event time and arrival order
//! differs from event order: on-time events are delayed by
//! `delayBaseMs + 0..=delaySpreadMs`, and a `lateFraction` of the events is
//! very late, by `lateMinMs..=lateMaxMs` more than any on-time event.
//! In bursty mode sensors alternate active bursts and idle gaps, which is
//! what session windows are for.
//!
//! ## Gateways
//! Sensor `k` reaches the engine through gateway (source) `k % sources`,
//! and each event carries it ([`SimStream::sources`], the engine's
//! `Event::source`). A gateway can fall silent ([`Silence`]: the events
//! it would deliver with arrival in `[from, to)` are lost) or have a clock
//! that runs ahead or behind ([`Skew`]: the event times it stamps are
//! shifted; arrivals, the receiver's clock, are not). Neither changes any
//! other event: with one gateway, no silence and no skew (the defaults)
//! the stream is what it was before there were gateways.
//!
//! The output is a [`SimStream`]: columns (struct of arrays, ready to become
//! typed arrays in JavaScript) ordered by arrival, with the injected
//! [`Anomaly`] list, so a widget can measure how long detection took.
//!
//! ## Determinism
//! Everything follows from [`SimConfig::seed`]. The generator is
//! SplitMix64 (integer state only). Event times are computed with integer
//! arithmetic; readings use only IEEE basic operations and `libm` (never the
//! platform's float functions), so a stream is bit-identical on every
//! platform, native and wasm32. [`stream_hash`] with [`golden_config`] must
//! give [`GOLDEN_HASH`] everywhere.
//!
//! Randomness is counter-based: event `i` of a sensor draws outputs `2i` and
//! `2i + 1` of that sensor's SplitMix64 stream. So a reading does not depend
//! on how the stream is cut into chunks.
//!
//! ## Chunks
//! [`Simulator::next_chunk`]`(until)` returns every event not returned yet
//! whose **arrival** time is `< until`, in arrival order (ties broken by
//! event time, then key: a total order; the true event time, before a
//! gateway's skew). Events are generated up to event
//! time `until` (an event never arrives before it happens); those that
//! arrive later wait in a buffer for a later chunk. Hence the chunks
//! concatenated are exactly the one-shot [`simulate`] stream, and feeding
//! chunk after chunk to the engine is feeding it in true arrival order, very
//! late events included. Memory is bounded by the events in flight
//! (rate x largest delay), not by the duration.
//!
//! ```
//! use weir_core::sim::{simulate, SimConfig, Simulator};
//! let cfg = SimConfig {
//!     sensors: 10,
//!     rate_hz: 10.0,
//!     duration_ms: 5_000,
//!     anomaly_duration_ms: 1_000, // three (the default) must fit
//!     ..SimConfig::default()
//! };
//! let all = simulate(&cfg).unwrap();
//! assert_eq!(all.len(), 10 * 10 * 5);
//! let mut sim = Simulator::new(&cfg).unwrap();
//! let mut n = 0;
//! let mut until = 0;
//! while !sim.is_done() {
//!     until += 1_000;
//!     let chunk = sim.next_chunk(until);
//!     assert_eq!(chunk.arrivals[..], all.arrivals[n..n + chunk.len()]);
//!     n += chunk.len();
//! }
//! assert_eq!(n, all.len());
//! ```
//!
//! ## Files
//! - `config.rs`: [`SimConfig`], its checks and the golden configuration;
//! - `generator.rs`: the [`Simulator`] (readings, delays, bursts, chunks);
//! - `order.rs`: arrival order (calendar, counting sort);
//! - `rng.rs`: SplitMix64 and the platform-exact rounding;
//! - `stream.rs`: [`SimStream`], [`Anomaly`], [`stream_hash`];
//! - `detector.rs`: the factory's [`AnomalyDetector`] over a sliding
//!   engine's results (EWMA baseline behind a delay line, z-score test).

mod config;
mod detector;
mod generator;
mod order;
mod rng;
mod stream;

#[cfg(test)]
mod tests;

pub use config::{golden_config, Columns, Silence, SimConfig, Skew};
pub use detector::{AnomalyDetector, DetectorConfig, Verdict};
pub use generator::{simulate, Simulator};
pub use stream::{stream_hash, Anomaly, SimStream, GOLDEN_HASH};
