//! A seeded IoT sensor simulator: the smart factory of the chapter in
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
//! event time, then key: a total order). Events are generated up to event
//! time `until` (an event never arrives before it happens); those that
//! arrive later wait in a buffer for a later chunk. Hence the chunks
//! concatenated are exactly the one-shot [`simulate`] stream, and feeding
//! chunk after chunk to the engine is feeding it in true arrival order, very
//! late events included. Memory is bounded by the events in flight
//! (rate x largest delay), not by the duration.
//!
//! ```
//! use weir_core::simulator::{simulate, SimConfig, Simulator};
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

use rustc_hash::FxHashSet;

use crate::error::{EngineError, Result};
use crate::operator::Event;
use crate::time::{Time, MAX_ABS_TIME};

/// SplitMix64's increment (the golden ratio in 64-bit fixed point).
const GAMMA: u64 = 0x9E37_79B9_7F4A_7C15;
/// sqrt(3): scales a sum of four uniforms to unit variance.
const SQRT_3: f64 = 1.732_050_807_568_877_2;
/// Largest number of sensors (per-sensor state is about 100 bytes).
const MAX_SENSORS: u32 = 1_000_000;
/// Largest delay, burst or anomaly length in ms (2^31, about 24.8 days).
const MAX_SPAN_MS: i64 = 1 << 31;
/// Largest magnitude of a value parameter (keeps every reading finite).
const MAX_MAGNITUDE: f64 = 1e9;

/// SplitMix64's output function (Stafford's Mix13).
#[inline(always)]
fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// SplitMix64 (Steele, Lea and Flood, 2014): 64 bits of state, one add and
/// a mix per output, and random access to the `n`-th output.
#[derive(Debug, Clone, Copy)]
struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    fn new(seed: u64) -> Self {
        SplitMix64 { state: seed }
    }

    #[inline(always)]
    fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(GAMMA);
        mix64(self.state)
    }

    /// Output `n` (0-based) of the stream whose state is `state`, without
    /// stepping it.
    #[inline(always)]
    fn at(state: u64, n: u64) -> u64 {
        mix64(state.wrapping_add(n.wrapping_add(1).wrapping_mul(GAMMA)))
    }

    /// Uniform in `[0, 1)`, 53 bits.
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Uniform in `0..n` (`n >= 1`), by multiply-high (Lemire).
    fn below(&mut self, n: u64) -> u64 {
        ((self.next_u64() as u128 * n as u128) >> 64) as u64
    }

    /// Uniform in `lo..=hi` (`lo <= hi`, span below 2^63).
    fn between(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo) as u64 + 1) as i64
    }
}

/// Rounds to 2 decimals, halves away from zero, with IEEE basic
/// operations only (what `libm::round(v * 100.0) / 100.0` gives, faster).
#[inline(always)]
fn round_cents(v: f64) -> f64 {
    let y = v * 100.0;
    // Beyond 2^52 every f64 is an integer already.
    // (Readings are finite: validation bounds every term.)
    if libm::fabs(y) >= 4_503_599_627_370_496.0 {
        return y / 100.0;
    }
    let t = y as i64 as f64; // towards zero, exact
    let r = if y - t >= 0.5 {
        t + 1.0
    } else if t - y >= 0.5 {
        t - 1.0
    } else {
        t
    };
    r / 100.0
}

/// `x * (span + 1) >> 32`: uniform in `0..=span` from 32 random bits
/// (`span < 2^32`).
#[inline(always)]
fn scale32(bits: u64, span: u64) -> i64 {
    (((bits & 0xFFFF_FFFF) * (span + 1)) >> 32) as i64
}

/// What to simulate. Field names in errors are the JavaScript (camelCase)
/// names given in each field's documentation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SimConfig {
    /// `seed`: everything random follows from it.
    pub seed: u64,
    /// `sensors`: number of sensors; keys are `0..sensors` (1..=1,000,000).
    pub sensors: u32,
    /// `rateHz`: messages per sensor per second (`0 < rateHz <= 1000`: at
    /// most one reading per sensor per ms).
    pub rate_hz: f64,
    /// `durationMs`: event times lie in `[startMs, startMs + durationMs)`.
    /// Each sensor sends `round(rateHz * durationMs / 1000)` readings (at
    /// least 1), evenly spaced, outside bursty mode.
    pub duration_ms: i64,
    /// `startMs`: first possible event time (may be negative).
    pub start_ms: i64,
    /// `delayBaseMs`: network delay every event has (ms, >= 0).
    pub delay_base_ms: i64,
    /// `delaySpreadMs`: an on-time event's delay is `delayBaseMs` plus a
    /// uniform `0..=delaySpreadMs`. So a watermark out-of-orderness of
    /// `delaySpreadMs` lets no on-time event be late.
    pub delay_spread_ms: i64,
    /// `lateFraction`: share of events (0..=1) that are very late instead.
    pub late_fraction: f64,
    /// `lateMinMs`: a very late event's delay exceeds every on-time delay by
    /// a uniform `lateMinMs..=lateMaxMs` (`>= 1`): it is
    /// `delayBaseMs + delaySpreadMs + lateMinMs..=lateMaxMs`. So with a
    /// watermark out-of-orderness of `delaySpreadMs`, exactly the very late
    /// events can be late.
    pub late_min_ms: i64,
    /// `lateMaxMs`: see `lateMinMs`.
    pub late_max_ms: i64,
    /// `anomalies`: how many anomalies to inject (placed at random keys and
    /// times, never overlapping on one key).
    pub anomalies: u32,
    /// `anomalyDurationMs`: length of each anomaly (ms, >= 1 if any).
    pub anomaly_duration_ms: i64,
    /// `anomalyMagnitude`: the step an anomaly adds to readings, in noise
    /// standard deviations (`noiseStd` units; negative steps down).
    pub anomaly_magnitude: f64,
    /// `baseline`: mean reading over all sensors (say, 20 degrees C).
    pub baseline: f64,
    /// `baselineSpread`: each sensor's own baseline is `baseline` plus a
    /// uniform `-baselineSpread..baselineSpread`.
    pub baseline_spread: f64,
    /// `noiseStd`: standard deviation of the reading noise (approximately
    /// normal: a scaled sum of four uniforms, so within +/-3.46 sd).
    pub noise_std: f64,
    /// `driftAmplitude`: amplitude of a slow, smooth periodic drift.
    pub drift_amplitude: f64,
    /// `driftPeriodMs`: mean drift period (each sensor's is 0.5x..1.5x it).
    pub drift_period_ms: i64,
    /// `burstActiveMs`: 0 (default) for steady sensors; otherwise each
    /// sensor alternates active bursts of 0.5x..1.5x this length (ms) with
    /// idle gaps.
    pub burst_active_ms: i64,
    /// `burstIdleMs`: idle gap length in bursty mode: 1x..2x this (ms).
    /// Choose it larger than the session gap to see separate sessions.
    pub burst_idle_ms: i64,
}

impl Default for SimConfig {
    /// 100 sensors at 10 Hz for a minute, 50 ms + 0..200 ms delay, 1 % very
    /// late (2 s..10 s), three 5 s anomalies of 6 sd, steady (not bursty).
    fn default() -> Self {
        SimConfig {
            seed: 42,
            sensors: 100,
            rate_hz: 10.0,
            duration_ms: 60_000,
            start_ms: 0,
            delay_base_ms: 50,
            delay_spread_ms: 200,
            late_fraction: 0.01,
            late_min_ms: 2_000,
            late_max_ms: 10_000,
            anomalies: 3,
            anomaly_duration_ms: 5_000,
            anomaly_magnitude: 6.0,
            baseline: 20.0,
            baseline_spread: 5.0,
            noise_std: 0.5,
            drift_amplitude: 1.0,
            drift_period_ms: 600_000,
            burst_active_ms: 0,
            burst_idle_ms: 0,
        }
    }
}

fn invalid(field: &'static str, value: String, reason: &'static str) -> EngineError {
    EngineError::InvalidConfig {
        field,
        value,
        reason,
    }
}

fn check_span(field: &'static str, v: i64, min: i64) -> Result<()> {
    if (min..=MAX_SPAN_MS).contains(&v) {
        Ok(())
    } else if min == 0 {
        Err(invalid(field, v.to_string(), "must be in 0..=2^31 ms"))
    } else {
        Err(invalid(field, v.to_string(), "must be in 1..=2^31 ms"))
    }
}

fn check_value(field: &'static str, v: f64, non_negative: bool) -> Result<()> {
    if !v.is_finite() || v.abs() > MAX_MAGNITUDE {
        Err(invalid(
            field,
            v.to_string(),
            "must be a finite number within +/-1e9",
        ))
    } else if non_negative && v < 0.0 {
        Err(invalid(field, v.to_string(), "must be >= 0"))
    } else {
        Ok(())
    }
}

impl SimConfig {
    /// Checks every field; the error names the first bad one (camelCase).
    pub fn validate(&self) -> Result<()> {
        if !(1..=MAX_SENSORS).contains(&self.sensors) {
            return Err(invalid(
                "sensors",
                self.sensors.to_string(),
                "must be in 1..=1000000",
            ));
        }
        if !(self.rate_hz.is_finite() && self.rate_hz > 0.0 && self.rate_hz <= 1000.0) {
            return Err(invalid(
                "rateHz",
                self.rate_hz.to_string(),
                "must be a number > 0 and <= 1000 (one reading per sensor per ms at most)",
            ));
        }
        if !(1..=MAX_ABS_TIME).contains(&self.duration_ms) {
            return Err(invalid(
                "durationMs",
                self.duration_ms.to_string(),
                "must be in 1..=2^53 ms",
            ));
        }
        if self.per_sensor_events() == 0 {
            return Err(invalid(
                "durationMs",
                self.duration_ms.to_string(),
                "too short for one reading per sensor at rateHz",
            ));
        }
        if !(-MAX_ABS_TIME..=MAX_ABS_TIME).contains(&self.start_ms) {
            return Err(invalid(
                "startMs",
                self.start_ms.to_string(),
                "must be within +/-2^53 ms",
            ));
        }
        check_span("delayBaseMs", self.delay_base_ms, 0)?;
        check_span("delaySpreadMs", self.delay_spread_ms, 0)?;
        if !(self.late_fraction.is_finite() && (0.0..=1.0).contains(&self.late_fraction)) {
            return Err(invalid(
                "lateFraction",
                self.late_fraction.to_string(),
                "must be in 0..=1",
            ));
        }
        check_span("lateMinMs", self.late_min_ms, 1)?;
        check_span("lateMaxMs", self.late_max_ms, 0)?;
        if self.late_max_ms < self.late_min_ms {
            return Err(invalid(
                "lateMaxMs",
                self.late_max_ms.to_string(),
                "must be >= lateMinMs",
            ));
        }
        let max_delay = self.delay_base_ms + self.delay_spread_ms + self.late_max_ms;
        // Both terms are within 2^53, so the sum cannot overflow.
        if self.start_ms + self.duration_ms + max_delay > MAX_ABS_TIME {
            return Err(invalid(
                "durationMs",
                self.duration_ms.to_string(),
                "startMs + durationMs + the largest delay must stay within 2^53 ms",
            ));
        }
        if self.anomalies > 0 {
            check_span("anomalyDurationMs", self.anomaly_duration_ms, 1)?;
            if self.anomalies as u64 > self.anomaly_capacity() {
                return Err(invalid(
                    "anomalies",
                    self.anomalies.to_string(),
                    "too many: at most sensors x floor(durationMs / (2 x anomalyDurationMs)) / 2",
                ));
            }
        }
        check_value("anomalyMagnitude", self.anomaly_magnitude, false)?;
        check_value("baseline", self.baseline, false)?;
        check_value("baselineSpread", self.baseline_spread, true)?;
        check_value("noiseStd", self.noise_std, true)?;
        check_value("driftAmplitude", self.drift_amplitude, true)?;
        if self.drift_period_ms < 1 || self.drift_period_ms > MAX_ABS_TIME {
            return Err(invalid(
                "driftPeriodMs",
                self.drift_period_ms.to_string(),
                "must be in 1..=2^53 ms",
            ));
        }
        check_span("burstActiveMs", self.burst_active_ms, 0)?;
        if self.burst_active_ms > 0 {
            check_span("burstIdleMs", self.burst_idle_ms, 1)?;
        }
        Ok(())
    }

    /// Readings per sensor outside bursty mode:
    /// `round(rateHz * durationMs / 1000)`.
    pub fn per_sensor_events(&self) -> u64 {
        let n = libm::round(self.rate_hz * self.duration_ms as f64 / 1000.0);
        if n.is_finite() && n > 0.0 {
            n as u64
        } else {
            0
        }
    }

    /// Total events outside bursty mode: `sensors * per_sensor_events()`
    /// (in bursty mode, an upper bound).
    pub fn expected_events(&self) -> u64 {
        self.sensors as u64 * self.per_sensor_events()
    }

    /// Most anomalies that fit: time is cut into slots of twice the anomaly
    /// length, at most one anomaly per sensor and slot, half the slots used.
    fn anomaly_capacity(&self) -> u64 {
        if self.anomaly_duration_ms < 1 {
            return 0;
        }
        let slots = (self.duration_ms / (2 * self.anomaly_duration_ms)) as u64;
        self.sensors as u64 * slots / 2
    }
}

/// An injected anomaly: sensor `key` reads `anomalyMagnitude` noise standard
/// deviations off during event times `[start_ms, end_ms)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Anomaly {
    /// The sensor.
    pub key: u32,
    /// First event time affected (ms, inclusive).
    pub start_ms: i64,
    /// End of the anomaly (ms, exclusive).
    pub end_ms: i64,
}

/// Simulated events as columns (one row per event, all columns the same
/// length), in arrival order, plus the anomalies injected.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SimStream {
    /// Sensor ids.
    pub keys: Vec<u32>,
    /// Event times (ms).
    pub times: Vec<i64>,
    /// Arrival times (ms): event time + network delay, never earlier.
    pub arrivals: Vec<i64>,
    /// Readings, finite, rounded to 2 decimals.
    pub values: Vec<f64>,
    /// 1 if the event lies inside an injected anomaly of its sensor, else 0.
    pub anomaly: Vec<u8>,
    /// Anomalies injected, ordered by start then key. (From
    /// [`Simulator::next_chunk`]: those starting in the event times that
    /// chunk generated.)
    pub anomalies: Vec<Anomaly>,
}

impl SimStream {
    /// Number of events.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// True when there are no events.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// Removes all events and anomalies, keeping the allocations.
    pub fn clear(&mut self) {
        self.keys.clear();
        self.times.clear();
        self.arrivals.clear();
        self.values.clear();
        self.anomaly.clear();
        self.anomalies.clear();
    }

    /// Event `i` as the engine takes it, arrival time included.
    pub fn event(&self, i: usize) -> Event {
        Event {
            key: self.keys[i],
            time: self.times[i],
            value: self.values[i],
            arrival: Some(self.arrivals[i]),
        }
    }

    /// All events, in arrival order.
    pub fn events(&self) -> impl Iterator<Item = Event> + '_ {
        (0..self.len()).map(|i| self.event(i))
    }

    /// Appends `other`'s events and anomalies (to join chunks).
    pub fn extend_from(&mut self, other: &SimStream) {
        self.keys.extend_from_slice(&other.keys);
        self.times.extend_from_slice(&other.times);
        self.arrivals.extend_from_slice(&other.arrivals);
        self.values.extend_from_slice(&other.values);
        self.anomaly.extend_from_slice(&other.anomaly);
        self.anomalies.extend_from_slice(&other.anomalies);
    }
}

/// FNV-1a (64-bit) over the little-endian bytes of, in turn: all `keys`
/// (u32), `times`, `arrivals` (i64), `values` (f64 bits), `anomaly` (u8),
/// then each anomaly's `key` (u32), `start_ms`, `end_ms` (i64). Two streams
/// with the same hash are, for the tests' purposes, identical.
pub fn stream_hash(s: &SimStream) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |bytes: &[u8]| {
        for &b in bytes {
            h ^= b as u64;
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    };
    s.keys.iter().for_each(|v| eat(&v.to_le_bytes()));
    s.times.iter().for_each(|v| eat(&v.to_le_bytes()));
    s.arrivals.iter().for_each(|v| eat(&v.to_le_bytes()));
    s.values
        .iter()
        .for_each(|v| eat(&v.to_bits().to_le_bytes()));
    eat(&s.anomaly);
    for a in &s.anomalies {
        eat(&a.key.to_le_bytes());
        eat(&a.start_ms.to_le_bytes());
        eat(&a.end_ms.to_le_bytes());
    }
    h
}

/// The fixed small configuration whose stream hash is [`GOLDEN_HASH`] on
/// every platform: 4 sensors at 10 Hz for 10 s, delays, 5 % very late
/// events, 2 anomalies and bursty sensors, so every feature is covered.
pub fn golden_config() -> SimConfig {
    SimConfig {
        seed: 2024,
        sensors: 4,
        rate_hz: 10.0,
        duration_ms: 10_000,
        start_ms: 1_000,
        delay_base_ms: 20,
        delay_spread_ms: 150,
        late_fraction: 0.05,
        late_min_ms: 500,
        late_max_ms: 3_000,
        anomalies: 2,
        anomaly_duration_ms: 1_000,
        anomaly_magnitude: 6.0,
        baseline: 20.0,
        baseline_spread: 5.0,
        noise_std: 0.5,
        drift_amplitude: 1.0,
        drift_period_ms: 8_000,
        burst_active_ms: 3_000,
        burst_idle_ms: 1_500,
    }
}

/// `stream_hash(&simulate(&golden_config()).unwrap())`, the same natively
/// and in wasm32.
pub const GOLDEN_HASH: u64 = 0xab66_43bc_5fcb_1707;

/// One generated event before it is written out.
#[derive(Debug, Clone, Copy)]
struct Row {
    arrival: i64,
    time: i64,
    key: u32,
    anomaly: u8,
    value: f64,
}

impl Row {
    /// The output order: arrival, then event time, then key (total, since
    /// a sensor has at most one event per ms).
    #[inline(always)]
    fn order(&self) -> (i64, i64, u32) {
        (self.arrival, self.time, self.key)
    }
}

/// Events in flight, in a ring of buckets by arrival time: bucket
/// `floor(arrival / bucket_ms) mod len`. Rows in flight arrive in
/// `[returned_until, returned_until + span)`, and the ring covers `span`,
/// so no two live absolute buckets share a slot. A bucket keeps rows in
/// insertion order.
#[derive(Debug, Clone)]
struct Calendar {
    buckets: Vec<Vec<Row>>,
    bucket_ms: i64,
    rows: usize,
}

impl Calendar {
    /// A calendar for arrivals spread over `span` ms (at most 1024 + 2
    /// buckets).
    fn new(span: i64) -> Calendar {
        let bucket_ms = (span + 1023) / 1024;
        let len = ((span + bucket_ms - 1) / bucket_ms + 1) as usize;
        Calendar {
            buckets: (0..len).map(|_| Vec::new()).collect(),
            bucket_ms,
            rows: 0,
        }
    }

    #[inline(always)]
    fn push(&mut self, r: Row) {
        let len = self.buckets.len() as i64;
        let slot = r.arrival.div_euclid(self.bucket_ms).rem_euclid(len);
        self.buckets[slot as usize].push(r);
        self.rows += 1;
    }

    /// Moves every row with arrival `< until` to `ready`, bucket by bucket
    /// (all rows arrive at or after `from`).
    fn take_before(&mut self, from: Time, until: Time, ready: &mut Vec<Row>) {
        if self.rows == 0 {
            return;
        }
        let w = self.bucket_ms;
        let len = self.buckets.len() as i64;
        let first = from.div_euclid(w);
        let last = until.div_euclid(w);
        let all = last.saturating_sub(first) >= len;
        let count = if all { len } else { last - first + 1 };
        for b in 0..count {
            let bucket = &mut self.buckets[(first + b).rem_euclid(len) as usize];
            if bucket.is_empty() {
                continue;
            }
            let before = bucket.len();
            if all || b + 1 < count {
                ready.extend_from_slice(bucket);
                bucket.clear();
            } else {
                bucket.retain(|r| {
                    let now = r.arrival < until;
                    if now {
                        ready.push(*r);
                    }
                    !now
                });
            }
            self.rows -= before - bucket.len();
        }
    }
}

/// Per-sensor generator state.
#[derive(Debug, Clone, Copy)]
struct Sensor {
    /// Base state of the sensor's counter-based SplitMix64 stream.
    stream: u64,
    /// Grid index of the next event.
    next: u64,
    /// Next event's time relative to `startMs`:
    /// `floor((next * durationMs + phase) / n)`.
    offset: i64,
    /// `(next * durationMs + phase) mod n`.
    rem: u64,
    /// The sensor's own baseline.
    baseline: f64,
    /// Drift phase in cycles (0..1).
    drift_phase: f64,
    /// Drift frequency in cycles per ms.
    drift_rate: f64,
    /// Current (or next) active burst `[burst_start, burst_end)`.
    burst_start: i64,
    burst_end: i64,
    /// State of the sensor's sequential burst generator.
    burst_rng: u64,
    /// Index into `Simulator::by_key` of the first anomaly of this sensor
    /// that may still cover an event.
    anomaly_cursor: u32,
}

/// Generates a [`SimConfig`]'s stream chunk by chunk (see the module docs
/// for the chunk semantics), holding only the events in flight.
#[derive(Debug, Clone)]
pub struct Simulator {
    cfg: SimConfig,
    /// `startMs + durationMs`: event times are below it.
    end: Time,
    /// Readings per sensor (`n`).
    per_sensor: u64,
    /// `durationMs / n` and `durationMs % n`: the grid step, exactly.
    step_q: i64,
    step_r: u64,
    /// `lateFraction * 2^32`, compared with 32 random bits.
    late_threshold: u64,
    sensors: Vec<Sensor>,
    /// All anomalies, by start then key.
    anomalies: Vec<Anomaly>,
    /// How many of `anomalies` chunks have returned.
    anomalies_returned: usize,
    /// Anomaly intervals by key then start; sensor `k`'s are
    /// `by_key[key_offsets[k]..key_offsets[k + 1]]`.
    by_key: Vec<(i64, i64)>,
    key_offsets: Vec<u32>,
    /// Every event with time below this has been generated.
    generated_until: Time,
    /// The last `until` (every event in flight arrives at or after it).
    returned_until: Time,
    /// On-time events in flight; their arrivals span `delayBaseMs +
    /// delaySpreadMs + 1` ms.
    on_time: Calendar,
    /// Very late events in flight; their arrivals span `delayBaseMs +
    /// delaySpreadMs + lateMaxMs + 1` ms.
    late: Calendar,
    /// Reused buffers.
    ready: Vec<Row>,
    scratch: Vec<Row>,
    counts: Vec<u32>,
}

impl Simulator {
    /// Validates `cfg`, places the anomalies and sets up every sensor.
    pub fn new(cfg: &SimConfig) -> Result<Simulator> {
        cfg.validate()?;
        let cfg = *cfg;
        let n = cfg.per_sensor_events();
        let d = cfg.duration_ms as u64;

        // Anomalies: distinct (sensor, slot) pairs, a random start in the
        // first half of the slot, so they never overlap on one key.
        let mut anomalies = Vec::with_capacity(cfg.anomalies as usize);
        if cfg.anomalies > 0 {
            let len = cfg.anomaly_duration_ms;
            let slots = (cfg.duration_ms / (2 * len)) as u64;
            let mut rng = SplitMix64::new(cfg.seed ^ 0xA0A1_1E55_0000_0001);
            let mut taken = FxHashSet::default();
            while anomalies.len() < cfg.anomalies as usize {
                let key = rng.below(cfg.sensors as u64) as u32;
                let slot = rng.below(slots);
                if !taken.insert((key, slot)) {
                    continue;
                }
                let start = cfg.start_ms + (slot as i64) * 2 * len + rng.between(0, len);
                anomalies.push(Anomaly {
                    key,
                    start_ms: start,
                    end_ms: start + len,
                });
            }
            anomalies.sort_unstable_by_key(|a| (a.start_ms, a.key));
        }
        let mut by_key_sorted = anomalies.clone();
        by_key_sorted.sort_unstable_by_key(|a| (a.key, a.start_ms));
        let mut key_offsets = vec![0u32; cfg.sensors as usize + 1];
        for a in &by_key_sorted {
            key_offsets[a.key as usize + 1] += 1;
        }
        for k in 0..cfg.sensors as usize {
            key_offsets[k + 1] += key_offsets[k];
        }
        let by_key = by_key_sorted
            .iter()
            .map(|a| (a.start_ms, a.end_ms))
            .collect();

        let mut sensors = Vec::with_capacity(cfg.sensors as usize);
        for k in 0..cfg.sensors {
            let mut rng = SplitMix64::new(mix64(cfg.seed) ^ mix64(k as u64 ^ 0x5E05_0000_0000));
            let stream = rng.next_u64();
            // Phase: the grid is t_i = floor((i * D + phase) / n), phase in 0..D.
            let phase = rng.below(d);
            let baseline = cfg.baseline + cfg.baseline_spread * (2.0 * rng.unit() - 1.0);
            let drift_phase = rng.unit();
            let period = cfg.drift_period_ms as f64 * (0.5 + rng.unit());
            let mut burst_rng = SplitMix64::new(rng.next_u64());
            let (mut burst_start, mut burst_end) = (i64::MIN, i64::MAX);
            if cfg.burst_active_ms > 0 {
                let (a, i) = (cfg.burst_active_ms, cfg.burst_idle_ms);
                burst_start = cfg.start_ms - burst_rng.between(0, a + i - 1);
                burst_end = burst_start + burst_rng.between((a / 2).max(1), a + a / 2);
            }
            sensors.push(Sensor {
                stream,
                next: 0,
                offset: (phase / n) as i64,
                rem: phase % n,
                baseline,
                drift_phase,
                drift_rate: 1.0 / period,
                burst_start,
                burst_end,
                burst_rng: burst_rng.state,
                anomaly_cursor: key_offsets[k as usize],
            });
        }

        Ok(Simulator {
            cfg,
            end: cfg.start_ms + cfg.duration_ms,
            per_sensor: n,
            step_q: (d / n) as i64,
            step_r: d % n,
            late_threshold: libm::floor(cfg.late_fraction * 4_294_967_296.0) as u64,
            sensors,
            anomalies,
            anomalies_returned: 0,
            by_key,
            key_offsets,
            generated_until: cfg.start_ms,
            returned_until: Time::MIN,
            on_time: Calendar::new(cfg.delay_base_ms + cfg.delay_spread_ms + 1),
            late: Calendar::new(cfg.delay_base_ms + cfg.delay_spread_ms + cfg.late_max_ms + 1),
            ready: Vec::new(),
            scratch: Vec::new(),
            counts: Vec::new(),
        })
    }

    /// The configuration being simulated.
    pub fn config(&self) -> &SimConfig {
        &self.cfg
    }

    /// Every anomaly of the run (known up front), by start then key.
    pub fn anomalies(&self) -> &[Anomaly] {
        &self.anomalies
    }

    /// End of event time (`startMs + durationMs`, exclusive).
    pub fn end_ms(&self) -> Time {
        self.end
    }

    /// Events generated but not returned yet (still in flight).
    pub fn in_flight(&self) -> usize {
        self.on_time.rows + self.late.rows
    }

    /// True when every event has been returned.
    pub fn is_done(&self) -> bool {
        self.generated_until >= self.end && self.in_flight() == 0
    }

    /// The next chunk: every event not returned yet whose arrival time is
    /// `< until`, in arrival order (then event time, then key). Calls should
    /// pass increasing `until`; `Time::MAX` returns the rest of the stream.
    pub fn next_chunk(&mut self, until: Time) -> SimStream {
        let mut out = SimStream::default();
        self.next_chunk_into(until, &mut out);
        out
    }

    /// As [`Simulator::next_chunk`], into `out` (cleared first), reusing its
    /// allocations.
    pub fn next_chunk_into(&mut self, until: Time, out: &mut SimStream) {
        out.clear();
        if until <= self.returned_until {
            return;
        }
        // In flight rows first, then new ones (see `write_sorted` for why
        // this order matters).
        self.ready.clear();
        self.late
            .take_before(self.returned_until, until, &mut self.ready);
        self.on_time
            .take_before(self.returned_until, until, &mut self.ready);
        let gen_to = until.min(self.end);
        if gen_to > self.generated_until {
            self.generate(gen_to, until);
            self.generated_until = gen_to;
            let from = self.anomalies_returned;
            let to = from
                + self.anomalies[from..]
                    .iter()
                    .take_while(|a| a.start_ms < gen_to)
                    .count();
            out.anomalies.extend_from_slice(&self.anomalies[from..to]);
            self.anomalies_returned = to;
        }
        self.returned_until = until;
        write_sorted(&mut self.ready, &mut self.scratch, &mut self.counts, out);
    }

    /// Generates every event with time in `[generated_until, gen_to)`,
    /// sensor by sensor, into `ready` if it arrives before `until`, else
    /// into the calendars.
    fn generate(&mut self, gen_to: Time, until: Time) {
        let cfg = &self.cfg;
        let start = cfg.start_ms;
        let (n, step_q, step_r) = (self.per_sensor, self.step_q, self.step_r);
        let bursty = cfg.burst_active_ms > 0;
        let (active, idle) = (cfg.burst_active_ms, cfg.burst_idle_ms);
        let base = cfg.delay_base_ms;
        let spread = cfg.delay_spread_ms as u64;
        let late_min = cfg.delay_base_ms + cfg.delay_spread_ms + cfg.late_min_ms;
        let late_span = (cfg.late_max_ms - cfg.late_min_ms) as u64;
        let late_threshold = self.late_threshold;
        let noise = cfg.noise_std;
        let drift = cfg.drift_amplitude;
        let step = cfg.anomaly_magnitude * cfg.noise_std;
        let (ready, on_time, late_rows) = (&mut self.ready, &mut self.on_time, &mut self.late);

        for (k, s) in self.sensors.iter_mut().enumerate() {
            let anomaly_end = self.key_offsets[k + 1] as usize;
            loop {
                let t = start + s.offset;
                if t >= gen_to {
                    break;
                }
                debug_assert!(s.next < n);
                let i = s.next;
                s.next += 1;
                s.offset += step_q;
                s.rem += step_r;
                if s.rem >= n {
                    s.rem -= n;
                    s.offset += 1;
                }

                if bursty {
                    if t >= s.burst_end {
                        let mut rng = SplitMix64::new(s.burst_rng);
                        while t >= s.burst_end {
                            s.burst_start = s.burst_end + rng.between(idle, 2 * idle);
                            s.burst_end = s.burst_start
                                + rng.between((active / 2).max(1), active + active / 2);
                        }
                        s.burst_rng = rng.state;
                    }
                    if t < s.burst_start {
                        continue;
                    }
                }

                // Anomaly: advance past those that ended.
                let mut c = s.anomaly_cursor as usize;
                while c < anomaly_end && self.by_key[c].1 <= t {
                    c += 1;
                }
                s.anomaly_cursor = c as u32;
                let in_anomaly = c < anomaly_end && self.by_key[c].0 <= t;

                let h1 = SplitMix64::at(s.stream, 2 * i);
                let h2 = SplitMix64::at(s.stream, 2 * i + 1);

                // Noise: four 16-bit uniforms summed, centred, unit variance.
                let sum =
                    (h1 & 0xFFFF) + ((h1 >> 16) & 0xFFFF) + ((h1 >> 32) & 0xFFFF) + (h1 >> 48);
                let z = ((sum as f64 + 2.0) * (1.0 / 65_536.0) - 2.0) * SQRT_3;
                // Drift: a smooth periodic wave, 4v(1-|v|) for v in [-1, 1).
                let x = (t - start) as f64 * s.drift_rate + s.drift_phase;
                let v = 2.0 * (x - libm::floor(x)) - 1.0;
                let wave = 4.0 * v * (1.0 - libm::fabs(v));
                let mut value = s.baseline + drift * wave + noise * z;
                if in_anomaly {
                    value += step;
                }
                let value = round_cents(value);

                // Delay: 32 bits decide "very late", 32 bits its size.
                let late = (h2 >> 32) < late_threshold;
                let delay = if late {
                    late_min + scale32(h2, late_span)
                } else {
                    base + scale32(h2, spread)
                };

                let row = Row {
                    arrival: t + delay,
                    time: t,
                    key: k as u32,
                    anomaly: in_anomaly as u8,
                    value,
                };
                if row.arrival < until {
                    ready.push(row);
                } else if late {
                    late_rows.push(row);
                } else {
                    on_time.push(row);
                }
            }
        }
    }
}

/// Span of `key` over `rows` as `(min, buckets)`, if a counting sort on it
/// is cheap (at most about 4 buckets per row).
fn bucket_span(rows: &[Row], key: impl Fn(&Row) -> i64) -> Option<(i64, usize)> {
    let (mut lo, mut hi) = (i64::MAX, i64::MIN);
    for r in rows {
        lo = lo.min(key(r));
        hi = hi.max(key(r));
    }
    let span = hi.checked_sub(lo)? as u64 + 1;
    (span <= 4 * rows.len() as u64 + 65_536).then_some((lo, span as usize))
}

/// Stable counting sort of `rows` by `key` (`lo..lo + buckets`): returns,
/// for each row in order, its position in the sorted order, via `place`.
fn counting_positions(
    rows: &[Row],
    key: impl Fn(&Row) -> i64,
    lo: i64,
    buckets: usize,
    counts: &mut Vec<u32>,
    mut place: impl FnMut(usize, &Row),
) {
    counts.clear();
    counts.resize(buckets, 0);
    for r in rows {
        counts[(key(r) - lo) as usize] += 1;
    }
    let mut sum = 0u32;
    for c in counts.iter_mut() {
        let here = *c;
        *c = sum;
        sum += here;
    }
    for r in rows {
        let b = &mut counts[(key(r) - lo) as usize];
        place(*b as usize, r);
        *b += 1;
    }
}

/// Writes `rows` into `out`'s columns ordered by (arrival, time, key).
///
/// `rows` must list rows of equal time in key order (they do: sensors are
/// generated in key order, and rows keep their relative order while in
/// flight). Then a stable counting sort by time, and another by arrival,
/// give the order in two linear passes; the second writes the columns
/// directly. When times or arrivals spread too widely for buckets, a
/// comparison sort does it instead.
fn write_sorted(
    rows: &mut [Row],
    scratch: &mut Vec<Row>,
    counts: &mut Vec<u32>,
    out: &mut SimStream,
) {
    let n = rows.len();
    let spans = bucket_span(rows, |r| r.time).zip(bucket_span(rows, |r| r.arrival));
    let placeholder = Row {
        arrival: 0,
        time: 0,
        key: 0,
        anomaly: 0,
        value: 0.0,
    };
    out.keys.resize(n, 0);
    out.times.resize(n, 0);
    out.arrivals.resize(n, 0);
    out.values.resize(n, 0.0);
    out.anomaly.resize(n, 0);
    let mut write = |i: usize, r: &Row| {
        out.keys[i] = r.key;
        out.times[i] = r.time;
        out.arrivals[i] = r.arrival;
        out.values[i] = r.value;
        out.anomaly[i] = r.anomaly;
    };
    match spans {
        Some(((t_lo, t_buckets), (a_lo, a_buckets))) if n > 64 => {
            scratch.clear();
            scratch.resize(n, placeholder);
            counting_positions(
                rows,
                |r| r.time,
                t_lo,
                t_buckets,
                counts,
                |i, r| scratch[i] = *r,
            );
            counting_positions(
                scratch,
                |r| r.arrival,
                a_lo,
                a_buckets,
                counts,
                |i, r| write(i, r),
            );
        }
        _ => {
            rows.sort_unstable_by_key(Row::order);
            for (i, r) in rows.iter().enumerate() {
                write(i, r);
            }
        }
    }
}

/// The whole stream of `cfg` at once, in arrival order, with every anomaly.
pub fn simulate(cfg: &SimConfig) -> Result<SimStream> {
    let mut sim = Simulator::new(cfg)?;
    Ok(sim.next_chunk(Time::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn small() -> SimConfig {
        SimConfig {
            sensors: 20,
            rate_hz: 10.0,
            duration_ms: 30_000,
            anomalies: 4,
            anomaly_duration_ms: 2_000,
            ..SimConfig::default()
        }
    }

    fn field_of(e: EngineError) -> &'static str {
        match e {
            EngineError::InvalidConfig { field, .. } => field,
            other => panic!("unexpected error {other:?}"),
        }
    }

    #[test]
    fn golden_hash() {
        let s = simulate(&golden_config()).unwrap();
        assert_eq!(stream_hash(&s), GOLDEN_HASH, "len {}", s.len());
    }

    #[test]
    fn same_seed_same_stream_different_seed_different_stream() {
        let a = simulate(&small()).unwrap();
        let b = simulate(&small()).unwrap();
        assert_eq!(a, b);
        assert_eq!(stream_hash(&a), stream_hash(&b));
        let c = simulate(&SimConfig {
            seed: 43,
            ..small()
        })
        .unwrap();
        assert_ne!(stream_hash(&a), stream_hash(&c));
        assert_ne!(a.values, c.values);
    }

    #[test]
    fn columns_are_consistent_and_ordered_by_arrival() {
        let s = simulate(&small()).unwrap();
        let n = s.len();
        assert!(n > 0);
        for col in [
            s.times.len(),
            s.arrivals.len(),
            s.values.len(),
            s.anomaly.len(),
        ] {
            assert_eq!(col, n);
        }
        for i in 1..n {
            let prev = (s.arrivals[i - 1], s.times[i - 1], s.keys[i - 1]);
            let here = (s.arrivals[i], s.times[i], s.keys[i]);
            assert!(prev < here, "row {i}: {prev:?} then {here:?}");
        }
        let cfg = small();
        for i in 0..n {
            assert!(s.arrivals[i] >= s.times[i] + cfg.delay_base_ms);
            assert!(s.times[i] >= cfg.start_ms && s.times[i] < cfg.start_ms + cfg.duration_ms);
            assert!(s.keys[i] < cfg.sensors);
            assert!(s.values[i].is_finite());
            let cents = s.values[i] * 100.0;
            assert!((cents - libm::round(cents)).abs() < 1e-6, "{}", s.values[i]);
        }
    }

    #[test]
    fn arrival_order_differs_from_event_order() {
        let s = simulate(&SimConfig {
            late_fraction: 0.0,
            ..small()
        })
        .unwrap();
        let inversions = s.times.windows(2).filter(|w| w[1] < w[0]).count();
        assert!(inversions > s.len() / 10, "{inversions} of {}", s.len());
        assert!(s.arrivals.iter().zip(&s.times).all(|(a, t)| a >= t));
        // No delay spread, no lateness, equal delays: event order itself.
        let cfg = SimConfig {
            delay_spread_ms: 0,
            late_fraction: 0.0,
            ..small()
        };
        let s = simulate(&cfg).unwrap();
        assert!(s.times.windows(2).all(|w| w[0] <= w[1]));
        assert!(s
            .arrivals
            .iter()
            .zip(&s.times)
            .all(|(a, t)| a - t == cfg.delay_base_ms));
    }

    #[test]
    fn late_fraction_gives_that_share_of_very_late_events() {
        let cfg = SimConfig {
            sensors: 100,
            rate_hz: 10.0,
            duration_ms: 100_000, // 100,000 events
            late_fraction: 0.02,
            ..SimConfig::default()
        };
        let s = simulate(&cfg).unwrap();
        assert_eq!(s.len(), 100_000);
        let on_time_bound = cfg.delay_base_ms + cfg.delay_spread_ms;
        let late = (0..s.len())
            .filter(|&i| s.arrivals[i] - s.times[i] > on_time_bound)
            .count();
        // Binomial sd is about 44 events; allow about 4 sd.
        assert!((1_820..=2_180).contains(&late), "{late}");
        for i in 0..s.len() {
            let d = s.arrivals[i] - s.times[i];
            assert!(
                d <= on_time_bound
                    || (on_time_bound + cfg.late_min_ms..=on_time_bound + cfg.late_max_ms)
                        .contains(&d),
                "delay {d}"
            );
        }
        let none = simulate(&SimConfig {
            late_fraction: 0.0,
            ..cfg
        })
        .unwrap();
        assert!((0..none.len()).all(|i| none.arrivals[i] - none.times[i] <= on_time_bound));
    }

    #[test]
    fn anomalies_are_flagged_at_their_known_times() {
        let cfg = small();
        let s = simulate(&cfg).unwrap();
        assert_eq!(s.anomalies.len(), cfg.anomalies as usize);
        let inside = |k: u32, t: i64| {
            s.anomalies
                .iter()
                .any(|a| a.key == k && a.start_ms <= t && t < a.end_ms)
        };
        for i in 0..s.len() {
            assert_eq!(s.anomaly[i] == 1, inside(s.keys[i], s.times[i]), "row {i}");
        }
        for a in &s.anomalies {
            assert_eq!(a.end_ms - a.start_ms, cfg.anomaly_duration_ms);
            assert!(a.start_ms >= cfg.start_ms && a.end_ms <= cfg.start_ms + cfg.duration_ms);
            // Readings inside stand out from the same sensor's others by
            // about the anomaly magnitude.
            let (mut inn, mut out) = (Vec::new(), Vec::new());
            for i in 0..s.len() {
                if s.keys[i] == a.key {
                    if (a.start_ms..a.end_ms).contains(&s.times[i]) {
                        inn.push(s.values[i]);
                    } else if (s.times[i] - a.start_ms).abs() < 10_000 {
                        out.push(s.values[i]);
                    }
                }
            }
            assert_eq!(inn.len(), 20, "10 Hz x 2 s");
            let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
            let shift = (mean(&inn) - mean(&out)) / cfg.noise_std;
            assert!((4.5..7.5).contains(&shift), "shift {shift} sd");
        }
        // Distinct (key, slot): never overlapping on one key.
        for (i, a) in s.anomalies.iter().enumerate() {
            for b in &s.anomalies[i + 1..] {
                assert!(a.key != b.key || a.end_ms <= b.start_ms || b.end_ms <= a.start_ms);
            }
        }
    }

    #[test]
    fn bursty_mode_has_idle_gaps_longer_than_the_session_gap() {
        let session_gap = 5_000;
        let cfg = SimConfig {
            sensors: 10,
            rate_hz: 10.0,
            duration_ms: 600_000,
            burst_active_ms: 20_000,
            burst_idle_ms: 2 * session_gap,
            ..small()
        };
        let s = simulate(&cfg).unwrap();
        assert!(s.len() < cfg.expected_events() as usize);
        let mut sessions = 0;
        for k in 0..cfg.sensors {
            let mut times: Vec<i64> = (0..s.len())
                .filter(|&i| s.keys[i] == k)
                .map(|i| s.times[i])
                .collect();
            times.sort_unstable();
            for w in times.windows(2) {
                let gap = w[1] - w[0];
                // Either the 100 ms grid or an idle gap of at least burstIdleMs.
                assert!(gap <= 100 || gap > cfg.burst_idle_ms, "gap {gap}");
                if gap > session_gap {
                    sessions += 1;
                }
            }
        }
        // 600 s of 20 s bursts and 10..20 s gaps: about 17 per sensor.
        assert!(sessions >= 10 * 10, "{sessions}");
    }

    #[test]
    fn event_count_is_sensors_times_rate_times_duration() {
        for (sensors, rate, duration) in [
            (7, 100.0, 10_000),
            (3, 3.0, 1_000),
            (50, 0.5, 60_000),
            (2, 1000.0, 1_234),
        ] {
            let cfg = SimConfig {
                sensors,
                rate_hz: rate,
                duration_ms: duration,
                anomalies: 0,
                ..SimConfig::default()
            };
            let expect = (sensors as f64 * rate * duration as f64 / 1000.0) as usize;
            let s = simulate(&cfg).unwrap();
            assert_eq!(s.len(), expect, "{sensors} x {rate} Hz x {duration} ms");
            assert_eq!(cfg.expected_events() as usize, expect);
            for k in 0..sensors {
                let mut t: Vec<i64> = (0..s.len())
                    .filter(|&i| s.keys[i] == k)
                    .map(|i| s.times[i])
                    .collect();
                t.sort_unstable();
                let period = 1000.0 / rate;
                for w in t.windows(2) {
                    let d = (w[1] - w[0]) as f64;
                    assert!((d - period).abs() <= 1.0, "spacing {d} vs {period}");
                }
                assert!(t[0] - cfg.start_ms < period.ceil() as i64);
            }
        }
    }

    #[test]
    fn chunks_concatenate_to_the_one_shot_stream() {
        let cfgs = [
            small(),
            golden_config(),
            SimConfig {
                start_ms: -7_777,
                late_fraction: 0.3,
                delay_spread_ms: 1_000,
                ..small()
            },
            SimConfig {
                delay_base_ms: 0,
                delay_spread_ms: 0,
                late_fraction: 0.0,
                ..small()
            },
            SimConfig {
                late_fraction: 0.1,
                late_max_ms: 50_000,
                burst_active_ms: 3_000,
                burst_idle_ms: 2_000,
                ..small()
            },
        ];
        for cfg in cfgs {
            let all = simulate(&cfg).unwrap();
            for step in [1, 7, 100, 1_000, 4_321] {
                let mut sim = Simulator::new(&cfg).unwrap();
                let mut joined = SimStream::default();
                let mut until = cfg.start_ms - 500;
                let mut chunk = SimStream::default();
                while !sim.is_done() {
                    until += step;
                    sim.next_chunk_into(until, &mut chunk);
                    assert!(chunk.arrivals.iter().all(|&a| a < until));
                    joined.extend_from(&chunk);
                }
                assert_eq!(sim.in_flight(), 0);
                assert_eq!(joined, all, "step {step}");
            }
        }
    }

    #[test]
    fn comparison_sort_fallback_matches_counting_sort() {
        // Wide delays make the bucket spans too wide: the fallback runs.
        let cfg = SimConfig {
            late_fraction: 0.5,
            late_min_ms: 1,
            late_max_ms: MAX_SPAN_MS,
            ..small()
        };
        let s = simulate(&cfg).unwrap();
        for i in 1..s.len() {
            assert!(
                (s.arrivals[i - 1], s.times[i - 1], s.keys[i - 1])
                    < (s.arrivals[i], s.times[i], s.keys[i])
            );
        }
    }

    #[test]
    fn validation_names_the_field() {
        let bad: [(SimConfig, &str); 14] = [
            (
                SimConfig {
                    sensors: 0,
                    ..small()
                },
                "sensors",
            ),
            (
                SimConfig {
                    rate_hz: 0.0,
                    ..small()
                },
                "rateHz",
            ),
            (
                SimConfig {
                    rate_hz: f64::NAN,
                    ..small()
                },
                "rateHz",
            ),
            (
                SimConfig {
                    rate_hz: 1001.0,
                    ..small()
                },
                "rateHz",
            ),
            (
                SimConfig {
                    duration_ms: 0,
                    ..small()
                },
                "durationMs",
            ),
            (
                SimConfig {
                    rate_hz: 0.01,
                    duration_ms: 10,
                    ..small()
                },
                "durationMs",
            ),
            (
                SimConfig {
                    start_ms: i64::MIN,
                    ..small()
                },
                "startMs",
            ),
            (
                SimConfig {
                    delay_spread_ms: -1,
                    ..small()
                },
                "delaySpreadMs",
            ),
            (
                SimConfig {
                    delay_base_ms: -5,
                    ..small()
                },
                "delayBaseMs",
            ),
            (
                SimConfig {
                    late_fraction: 1.5,
                    ..small()
                },
                "lateFraction",
            ),
            (
                SimConfig {
                    late_min_ms: 10,
                    late_max_ms: 5,
                    ..small()
                },
                "lateMaxMs",
            ),
            (
                SimConfig {
                    anomalies: 1_000_000,
                    ..small()
                },
                "anomalies",
            ),
            (
                SimConfig {
                    noise_std: -1.0,
                    ..small()
                },
                "noiseStd",
            ),
            (
                SimConfig {
                    burst_active_ms: 1_000,
                    burst_idle_ms: 0,
                    ..small()
                },
                "burstIdleMs",
            ),
        ];
        for (cfg, field) in bad {
            assert_eq!(field_of(Simulator::new(&cfg).unwrap_err()), field);
            let msg = simulate(&cfg).unwrap_err().to_string();
            assert!(msg.contains(field), "{msg}");
        }
        assert!(SimConfig::default().validate().is_ok());
        assert!(golden_config().validate().is_ok());
    }

    #[test]
    fn rounding_to_cents_matches_libm() {
        let mut rng = SplitMix64::new(1);
        for _ in 0..100_000 {
            let v = (rng.unit() - 0.5) * 1e4;
            assert_eq!(round_cents(v), libm::round(v * 100.0) / 100.0, "{v}");
        }
        for v in [0.005, -0.005, 0.015, 2.675, 1e300, -1e300, 0.0, -0.0] {
            assert_eq!(round_cents(v), libm::round(v * 100.0) / 100.0, "{v}");
        }
    }

    #[test]
    fn stream_hash_is_fnv1a() {
        assert_eq!(stream_hash(&SimStream::default()), 0xcbf2_9ce4_8422_2325);
        let one = SimStream {
            anomaly: vec![0x61],
            ..SimStream::default()
        };
        // FNV-1a 64 of "a".
        assert_eq!(stream_hash(&one), 0xaf63_dc4c_8601_ec8c);
    }
}
