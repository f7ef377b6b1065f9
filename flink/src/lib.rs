//! # weir-flink
//!
//! Weir and Apache Flink side by side: a Weir window design exported as a
//! runnable Flink job (a Flink SQL script when Flink SQL can express the
//! design, otherwise a DataStream Java program), and the CSV replay whose
//! output the conformance suite (`flink/conformance.sh`) compares with
//! Flink's. Pure string generation on top of `weir-core`: no I/O, output
//! deterministic. The wasm crate's `flink` feature (`toFlinkSql`) uses it.
//!
//! How an export is made: [`JobPlan::new`] checks the design and the
//! options once and decides everything (language, notes, durations);
//! [`JobPlan::render`] fills the job's template (`flink/templates/`) from
//! that one value.
//!
//! Meaning is translated, not numbers (`SEMANTICS.md`, "Watermark"):
//! - Flink SQL's `WATERMARK FOR ts AS ts - INTERVAL x` emits `max - x` and
//!   fires a window at `W_f >= end - 1`; Weir's `maxOutOfOrderness` `d`
//!   fires at `max - d >= end`. So Weir's `d` is SQL's `x = d + 1`
//!   (Weir 1999 ms -> `INTERVAL '2' SECOND`).
//! - DataStream's `forBoundedOutOfOrderness(d)` emits `max - d - 1`: the same
//!   firings as Weir's `d`, so the Java program uses `d` as is.
//!
//! ```
//! use weir_flink::{to_flink_sql, ExportOptions, Language};
//! use weir_core::{Config, WindowSpec};
//! let cfg = Config::event_time(WindowSpec::tumbling(10_000), 1_999);
//! let out = to_flink_sql(&cfg, &ExportOptions::csv("/data/events.csv")).unwrap();
//! assert_eq!(out.language, Language::Sql);
//! assert!(out.text.contains("WATERMARK FOR ts AS ts - INTERVAL '2' SECOND"));
//! ```
#![deny(missing_docs)]

mod java;
mod notes;
mod options;
mod plan;
pub mod replay;
mod sql;
mod template;

pub use options::{Aggregate, ExportOptions, FlinkExport, KafkaFormat, Language, Sink, Source};
pub use plan::{to_flink_sql, JobPlan};
