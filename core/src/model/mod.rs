//! The chapter's teaching memory model: "will this window fit in memory?"
//!
//! Given a sensor fleet (sensors, messages per sensor per second, message
//! bytes), a window ([`WindowSpec`](crate::WindowSpec), in ms) and an instance size, this module
//! estimates how many bytes a windowed stream job holds, under three state
//! models, and whether that fits the instance at a target utilisation. It is
//! the calculator behind the chapter's worked example (section 3.5: 10,000
//! sensors x 100 msg/s x 100 B = 1 GB per 10 s window; a 10 s window sliding
//! by 1 s holds 10 GB, 62.5 % of a 16 GB instance), and the contract it keeps
//! is `SEMANTICS.md`, "The memory model".
//!
//! # State models
//! - **Raw buffering** (the chapter's model): every event is kept until the
//!   windows it belongs to are emitted. Tumbling: `windows held x bytes per
//!   window` (2 by default: the open window plus the one being emitted; the
//!   chapter's quick estimate counts 1). Sliding: `size / slide` windows (at
//!   least 1: with `slide > size` a window is still filled whole). Cumulate:
//!   one period (its windows are prefixes of the same events). Session:
//!   `N x r x b x expected session length`.
//! - **Per-window incremental aggregates**: one mergeable aggregate of `a`
//!   bytes per open window per key: tumbling `windows held x N x a`, sliding
//!   `ceil(size / slide) x N x a`, cumulate `size / step x N x a`, session
//!   `N x a`.
//! - **Sliced partial aggregates** (what Weir keeps): `size / gcd(size,
//!   slide)` slices per key `x N x a` for sliding windows, `windows held x N x
//!   a` for tumbling windows (a tumbling slice is its window), `size / step
//!   x N x a` for cumulating windows (window `k` merges the first `k`), `N x a` for
//!   sessions (Weir keeps one aggregate per open session).
//!
//! **The fit, the smallest fitting slide and the largest fitting window use
//! raw buffering**, as the chapter does. The fit of both aggregate models is
//! reported too ([`MemoryEstimate::per_window_fit`],
//! [`MemoryEstimate::sliced_fit`]).
//!
//! # Fit
//! `required = state x (1 + overhead)`; utilisation raw is `state / M`, with
//! overhead `required / M`; the state fits one instance when utilisation
//! with overhead is at most the target (within [`FIT_TOLERANCE`]); instances
//! needed is `ceil(required / (target x M))`.
//!
//! # Arithmetic
//! All figures are `f64` bytes and **checked**: inputs are validated first
//! (finite, positive where needed, within range), and every derived byte or
//! message count must stay within [`MAX_BYTES`] (2^53, the range in which a
//! JavaScript number is an exact integer) or the estimate is an
//! [`EngineError::InvalidConfig`](crate::EngineError::InvalidConfig) naming the input that pushed it over. No
//! NaN or infinity reaches a result; nothing wraps or saturates silently.
//! Byte units are decimal (GB = 10^9) as in the chapter; [`format_bytes`]
//! also writes binary units (GiB = 2^30).
//!
//! # Files
//! - `params.rs`: the inputs ([`MemoryParams`]) and their checks;
//! - `estimate.rs`: the three state models, the fits and the advice
//!   ([`MemoryEstimate`], [`Fit`], [`SlideAdvice`]);
//! - `note.rs`: what the estimate says about itself, as data ([`Note`]):
//!   the widget words it;
//! - `search.rs`: the monotone searches behind the advice;
//! - `units.rs`: [`format_bytes`].
//!
//! This is the chapter's model, not a measurement of Weir's engine: the
//! engine's own state is predicted by `predict_engine_state` and measured
//! by `Engine::state_bytes`.

mod estimate;
mod note;
mod params;
mod search;
pub(crate) mod units;

#[cfg(test)]
mod tests;

pub use estimate::{Fit, MemoryEstimate, SlideAdvice};
pub use note::Note;
pub use params::MemoryParams;
pub use units::{format_bytes, ByteUnits};

/// The chapter's aggregate state per key per window: "~20 KB" of running
/// statistics per sensor (section 3.5, tumbling vs sliding tradeoff).
pub const CHAPTER_STATE_BYTES_PER_KEY: f64 = 20_000.0;

/// Default state-store overhead: the chapter's "~20 %".
pub const DEFAULT_STATE_OVERHEAD: f64 = 0.2;

/// Default target utilisation: the chapter's "target 50 % memory
/// utilization".
pub const DEFAULT_TARGET_UTILIZATION: f64 = 0.5;

/// Default tumbling windows held by raw buffering: 2, the chapter's worked
/// example (the open window plus the one being emitted).
pub const DEFAULT_TUMBLING_WINDOWS_HELD: u32 = 2;

/// Largest tumbling windows held accepted.
pub const MAX_TUMBLING_WINDOWS_HELD: u32 = 1024;

/// Largest state-store overhead accepted (100 = 10,000 %).
pub const MAX_STATE_OVERHEAD: f64 = 100.0;

/// Largest sensor count accepted: 2^32, the number of distinct `u32` keys.
pub const MAX_SENSORS: f64 = 4_294_967_296.0;

/// Largest byte figure (and message rate) the model computes: 2^53
/// (about 9 PB). Anything larger is an error, not a wrapped or saturated
/// number.
pub const MAX_BYTES: f64 = 9_007_199_254_740_992.0;

/// Relative slack in the fit test: it fits when
/// `utilisation <= target x (1 + FIT_TOLERANCE)`. Decimal inputs such as 0.2 have no exact binary form, so
/// a case exactly on the boundary (the chapter's 1.5 s slide: exactly 50 %)
/// would otherwise fit or not by a rounding error.
pub const FIT_TOLERANCE: f64 = 1e-9;
