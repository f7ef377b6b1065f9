//! # weir-wasm
//!
//! JavaScript bindings for [`weir_core`]. This crate only converts and
//! validates: JS objects and numbers come in, are checked (finite, integral,
//! in range, no unknown fields) and turned into core types; core results go
//! out as small plain objects. Every error reaches JavaScript as a real
//! `Error` (see [`error`]). The windowing logic lives in the core alone.
//!
//! ```js
//! import init, { StreamEngine } from "./pkg/weir_wasm.js";
//! await init();
//! const e = new StreamEngine({ window: { type: "tumbling", size: 10000 },
//!                              watermark: { maxOutOfOrderness: 2000 } });
//! e.push({ key: 1, time: 1500, value: 20.5 }); // "assigned"
//! e.flush();
//! e.drain(); // [{ key: 1, start: 0, end: 10000, count: 1, ... }]
//! ```
#![deny(missing_docs)]

mod convert;
pub mod engine;
pub mod error;
#[cfg(feature = "flink")]
pub mod flink;
pub mod memory;
pub mod presets;
mod safe;
pub mod simulate;
pub mod types;

pub use engine::StreamEngine;
#[cfg(feature = "flink")]
pub use flink::to_flink_sql;
pub use memory::{estimate_memory, format_bytes};
pub use presets::preset_rules;
pub use simulate::{simulate_sensors, SensorSimulator};

use wasm_bindgen::prelude::*;

/// Runs once when the module is instantiated: routes Rust panics to
/// `console.error` with a readable message instead of "unreachable".
#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
}
