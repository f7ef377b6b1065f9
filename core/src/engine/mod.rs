//! The engine: Flink's keyed event-time windows as one operator.
//!
//! | file | what it holds |
//! |---|---|
//! | `config.rs` | [`Config`], [`Limits`], [`TimeDomain`], [`Trigger`], [`Accumulation`] and their validation |
//! | `presets.rs` | [`Preset`]: the named bundles of settings of other engines |
//! | `types.rs` | what goes in and out: [`Event`], [`Outcome`], [`WindowResult`], [`LateEvent`], [`OpenWindow`], [`Stats`] |
//! | `operator.rs` | [`Engine`]: the public calls, each matching the window kind once |
//! | `columns.rs` | [`Columns`]: a batch as columns, pushed without a row of events |
//! | `state.rs` | the per-key state trait and the generic key map with the timer loops |
//! | `slices.rs` | per-key state of tumbling, sliding and cumulating windows (slices) |
//! | `session.rs` | per-key state of session windows |
//! | `sources.rs` | per-source watermarks, idleness, the min over active sources |
//! | `timers.rs` | the two timer heaps and their one validity protocol |
//! | `trigger.rs` | triggers and accumulation (v2): per-window trigger state, only when configured |
//! | `dropped.rs` | the bounded memory of windows that had events dropped |
//! | `footprint.rs` | the bytes of state: the hash-map model, and the prediction of what the engine holds for a design |
//!
//! Window assigners and the slice grid are in [`crate::window`], the
//! aggregate in [`crate::aggregate`], time in [`crate::time`]; snapshots in
//! [`crate::snapshot`].

mod columns;
mod config;
mod dropped;
pub mod footprint;
mod operator;
pub mod presets;
pub(crate) mod session;
pub(crate) mod slices;
pub(crate) mod sources;
mod state;
mod timers;
pub(crate) mod trigger;
mod types;

pub use columns::Columns;
pub use config::{
    Accumulation, Config, Early, Limits, Mode, TimeDomain, Trigger, MAX_SLICES_PER_WINDOW,
};
pub use operator::Engine;
pub use presets::{configure, Overrides, Preset, PresetDefaults};
pub use types::{
    Event, Firing, LateEvent, OpenWindow, Outcome, SourceStats, Stats, WindowResult, WindowState,
};

pub(crate) use dropped::{DropMemory, Dropped, DROPPED_MEMORY};
pub(crate) use operator::{Keys, Parts, Store};
