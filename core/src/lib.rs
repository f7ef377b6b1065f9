//! # weir-core
//!
//! A pure-Rust event-time windowing engine: the semantics of Apache Flink's
//! keyed windows (tumbling, sliding, session; bounded out-of-orderness
//! watermarks; allowed lateness; a late-data side output) in a form small
//! enough to read in an afternoon and fast enough to replay a 10,000-sensor
//! factory in a browser tab. No I/O, no clock, no JavaScript types: time comes
//! in as arguments, so every run is deterministic.
//!
//! ```
//! use weir_core::{Config, Engine, Event, WindowSpec};
//! let mut e = Engine::new(Config::event_time(WindowSpec::tumbling(10_000), 2_000)).unwrap();
//! e.push(Event::new(7, 1_000, 20.5)).unwrap();
//! e.push(Event::new(7, 12_500, 21.0)).unwrap(); // watermark 10_500 fires [0, 10000)
//! let out = e.drain_results();
//! assert_eq!((out[0].window.start, out[0].window.end, out[0].agg.count), (0, 10_000, 1));
//! ```
//!
//! # Layout
//! - [`engine`]: the operator, per-key state, timers, the footprint of its
//!   state (start at [`Engine`]).
//! - [`snapshot`]: the engine as versioned, checksummed bytes, and back.
//! - [`window`], [`aggregate`], [`time`], [`error`]: the vocabulary the
//!   engine and everything around it share.
//! - [`model`]: the chapter's memory model (old path [`memory`]); [`sim`]:
//!   the factory's seeded sensor stream and its anomaly detector. The Flink
//!   export and the CSV replay live in their own crate, `weir-flink`
//!   (`flink/`).
#![deny(missing_docs)]

pub mod aggregate;
mod crc32;
pub mod engine;
pub mod error;
pub mod float;
pub mod memory;
pub mod model;
pub mod sim;
pub mod snapshot;
mod sort;
pub mod time;
pub mod window;

pub use aggregate::Agg;
pub use engine::{
    Accumulation, Columns, Config, Early, Engine, Event, Firing, LateEvent, Limits, Mode,
    OpenWindow, Outcome, Preset, SourceStats, Stats, TimeDomain, Trigger, WindowResult,
    WindowState,
};
pub use error::{BatchError, EngineError, Result};
pub use model::{format_bytes, ByteUnits, Fit, MemoryEstimate, MemoryParams, Note, SlideAdvice};
// The simulator's old module path.
pub use sim as simulator;
pub use time::Time;
pub use window::{Window, WindowSpec};
