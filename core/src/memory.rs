//! The memory model: "will this window fit in memory?"
//!
//! Given a sensor fleet (sensors, messages per sensor per second, message
//! bytes), a window ([`WindowSpec`], in ms) and an instance size, this module
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
//!   least 1: with `slide > size` a window is still filled whole). Session:
//!   `N x r x b x expected session length`.
//! - **Per-window incremental aggregates**: one mergeable aggregate of `a`
//!   bytes per open window per key: tumbling `windows held x N x a`, sliding
//!   `ceil(size / slide) x N x a`, session `N x a`.
//! - **Sliced partial aggregates** (what Weir keeps): `size / gcd(size,
//!   slide)` slices per key `x N x a` for sliding windows, `windows held x N x
//!   a` for tumbling windows (a tumbling slice is its window), `N x a` for
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
//! [`EngineError::InvalidConfig`] naming the input that pushed it over. No
//! NaN or infinity reaches a result; nothing wraps or saturates silently.
//! Byte units are decimal (GB = 10^9) as in the chapter; [`format_bytes`]
//! also writes binary units (GiB = 2^30).

use crate::error::{EngineError, Result};
use crate::time::MAX_ABS_TIME;
use crate::window::{gcd, WindowSpec};

// The engine's own state: moved to `engine::footprint`, re-exported here
// for the callers of the old paths.
pub use crate::engine::footprint::{
    engine_state_bytes_per_key, predict_engine_state, EnginePrediction, ENGINE_SESSION_BYTES,
    ENGINE_SLICE_BYTES,
};

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

/// The inputs of the memory model. Build with [`MemoryParams::new`] (which
/// fills in the defaults), adjust the public fields, then call
/// [`MemoryParams::estimate`] (which validates).
#[derive(Debug, Clone, PartialEq)]
pub struct MemoryParams {
    /// Number of sensors (keys) `N`: a whole number in `1..=2^32`.
    pub sensors: f64,
    /// Messages per sensor per second `r` (> 0).
    pub messages_per_second: f64,
    /// Bytes per message `b` (> 0).
    pub message_bytes: f64,
    /// The window, in ms (offsets are ignored).
    pub window: WindowSpec,
    /// Expected session length in ms, required for session windows and
    /// ignored otherwise.
    pub session_length_ms: Option<i64>,
    /// Aggregate state bytes per key per window `a` (> 0). Default: Weir's
    /// own, [`engine_state_bytes_per_key`]; the chapter's preset is
    /// [`CHAPTER_STATE_BYTES_PER_KEY`].
    pub state_bytes_per_key: f64,
    /// Memory of one instance `M`, bytes (> 0).
    pub instance_bytes: f64,
    /// State-store overhead `o` as a fraction (`0..=100`; default 0.2).
    pub state_overhead: f64,
    /// Target utilisation `u` as a fraction (`0 < u <= 1`; default 0.5).
    pub target_utilization: f64,
    /// Tumbling windows held by raw buffering (`1..=1024`; default 2).
    pub tumbling_windows_held: u32,
}

/// Whether a state model fits one instance.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fit {
    /// State bytes, before overhead.
    pub state_bytes: f64,
    /// `state x (1 + overhead)`.
    pub required_bytes: f64,
    /// `state / M` (the chapter's 62.5 %).
    pub utilization_raw: f64,
    /// `required / M` (75 % with the chapter's 20 % overhead).
    pub utilization_with_overhead: f64,
    /// `utilization_with_overhead <= target` (within [`FIT_TOLERANCE`]).
    pub fits: bool,
    /// `ceil(required / (target x M))`, at least 1; 1 exactly when `fits`.
    pub instances_needed: u64,
}

/// A slide and the raw-buffering fit it gives.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SlideAdvice {
    /// The slide, ms.
    pub slide_ms: i64,
    /// `size / slide` at that slide.
    pub overlap_factor: f64,
    /// Raw-buffering fit at that slide.
    pub fit: Fit,
}

/// What the memory model answers. Bytes are decimal-unit `f64` figures, all
/// finite and within [`MAX_BYTES`].
#[derive(Debug, Clone, PartialEq)]
pub struct MemoryEstimate {
    /// `N x r`, messages per second.
    pub messages_per_second: f64,
    /// `N x r x b`, bytes per second.
    pub bytes_per_second: f64,
    /// The window's length in ms: its size, or the expected session length.
    pub window_length_ms: i64,
    /// Raw bytes of one window: `N x r x b x length`.
    pub bytes_per_window: f64,
    /// `size / slide` for sliding windows; 1 for tumbling and sessions.
    pub overlap_factor: f64,
    /// Windows of raw events held: tumbling windows held, sliding
    /// `max(1, size / slide)`, session 1.
    pub raw_windows_held: f64,
    /// Raw-event buffering: `raw_windows_held x bytes_per_window`.
    pub raw_buffer_bytes: f64,
    /// Open windows per key in the per-window aggregate model: tumbling
    /// windows held, sliding `ceil(size / slide)`, session 1.
    pub open_windows_per_key: u64,
    /// Per-window incremental aggregates: `open windows x N x a`.
    pub per_window_aggregate_bytes: f64,
    /// Slices per key Weir keeps: sliding `size / gcd(size, slide)`,
    /// tumbling windows held, session 1.
    pub slices_per_key: u64,
    /// Sliced partial aggregates (Weir): `slices x N x a`.
    pub sliced_aggregate_bytes: f64,
    /// **The** fit, on raw buffering (the chapter's model).
    pub raw_fit: Fit,
    /// Fit of the per-window aggregate model.
    pub per_window_fit: Fit,
    /// Fit of the sliced aggregate model (what Weir keeps).
    pub sliced_fit: Fit,
    /// Sliding windows: the smallest slide (whole ms, any value) with which
    /// raw buffering fits one instance; `None` when none does, and for
    /// tumbling and session windows.
    pub smallest_fitting_slide: Option<SlideAdvice>,
    /// Sliding windows: the smallest slide that divides the window size and
    /// fits one instance; `None` as above.
    pub smallest_fitting_dividing_slide: Option<SlideAdvice>,
    /// The largest window length (ms) whose raw buffering fits one instance:
    /// tumbling size; sliding size with the same slide; sessions the expected
    /// session length. `None` when not even 1 ms fits.
    pub largest_fitting_window_ms: Option<i64>,
    /// Which model the fit uses, and what slicing does and does not save.
    pub note: String,
}

fn invalid(field: &'static str, value: impl ToString, reason: &'static str) -> EngineError {
    EngineError::InvalidConfig {
        field,
        value: value.to_string(),
        reason,
    }
}

/// `v` when finite and `lo < v <= hi` (or `lo <= v` with `lo_inclusive`).
fn in_range(
    field: &'static str,
    v: f64,
    lo: f64,
    lo_inclusive: bool,
    hi: f64,
    reason: &'static str,
) -> Result<f64> {
    let low_ok = if lo_inclusive { v >= lo } else { v > lo };
    if v.is_finite() && low_ok && v <= hi {
        Ok(v)
    } else {
        Err(invalid(field, v, reason))
    }
}

/// A derived figure, checked against [`MAX_BYTES`].
fn checked(v: f64, field: &'static str, reason: &'static str) -> Result<f64> {
    if v.is_finite() && (0.0..=MAX_BYTES).contains(&v) {
        Ok(v)
    } else {
        Err(invalid(field, v, reason))
    }
}

impl MemoryParams {
    /// Inputs with the defaults: state bytes per key from the engine's types
    /// ([`engine_state_bytes_per_key`]), overhead 0.2, target 0.5, tumbling
    /// windows held 2, no session length. Not validated yet.
    pub fn new(
        sensors: f64,
        messages_per_second: f64,
        message_bytes: f64,
        window: WindowSpec,
        instance_bytes: f64,
    ) -> MemoryParams {
        MemoryParams {
            sensors,
            messages_per_second,
            message_bytes,
            window,
            session_length_ms: None,
            state_bytes_per_key: engine_state_bytes_per_key(&window) as f64,
            instance_bytes,
            state_overhead: DEFAULT_STATE_OVERHEAD,
            target_utilization: DEFAULT_TARGET_UTILIZATION,
            tumbling_windows_held: DEFAULT_TUMBLING_WINDOWS_HELD,
        }
    }

    /// Checks every field, naming the first one out of range with its
    /// JS-facing name (`sensors`, `messagesPerSecond`, `messageBytes`,
    /// `window.size`, `window.slide`, `window.gap`, `sessionLengthMs`,
    /// `stateBytesPerKey`, `instanceBytes`, `stateOverhead`,
    /// `targetUtilization`, `tumblingWindowsHeld`).
    pub fn validate(&self) -> Result<()> {
        let s = in_range(
            "sensors",
            self.sensors,
            1.0,
            true,
            MAX_SENSORS,
            "must be a whole number in 1..=2^32",
        )?;
        if s.fract() != 0.0 {
            return Err(invalid("sensors", s, "must be a whole number in 1..=2^32"));
        }
        in_range(
            "messagesPerSecond",
            self.messages_per_second,
            0.0,
            false,
            MAX_BYTES,
            "must be a finite number > 0 and <= 2^53",
        )?;
        in_range(
            "messageBytes",
            self.message_bytes,
            0.0,
            false,
            MAX_BYTES,
            "must be a finite number > 0 and <= 2^53",
        )?;
        self.window.validate()?;
        if let WindowSpec::Session { .. } = self.window {
            match self.session_length_ms {
                None => {
                    return Err(invalid(
                        "sessionLengthMs",
                        "none",
                        "is required for session windows",
                    ))
                }
                Some(l) if l <= 0 || l > MAX_ABS_TIME => {
                    return Err(invalid(
                        "sessionLengthMs",
                        l,
                        "must be a whole number of ms in 1..=2^53",
                    ))
                }
                Some(_) => {}
            }
        }
        in_range(
            "stateBytesPerKey",
            self.state_bytes_per_key,
            0.0,
            false,
            MAX_BYTES,
            "must be a finite number > 0 and <= 2^53",
        )?;
        in_range(
            "instanceBytes",
            self.instance_bytes,
            0.0,
            false,
            MAX_BYTES,
            "must be a finite number > 0 and <= 2^53",
        )?;
        in_range(
            "stateOverhead",
            self.state_overhead,
            0.0,
            true,
            MAX_STATE_OVERHEAD,
            "must be a finite fraction in 0..=100",
        )?;
        in_range(
            "targetUtilization",
            self.target_utilization,
            0.0,
            false,
            1.0,
            "must be a finite fraction > 0 and <= 1",
        )?;
        if self.tumbling_windows_held == 0 || self.tumbling_windows_held > MAX_TUMBLING_WINDOWS_HELD
        {
            return Err(invalid(
                "tumblingWindowsHeld",
                self.tumbling_windows_held,
                "must be a whole number in 1..=1024",
            ));
        }
        Ok(())
    }

    /// The fit of `state` bytes. Errors when the figures leave the checked
    /// range (`field` names the input blamed for the state itself).
    fn fit(&self, state: f64) -> Result<Fit> {
        let state = checked(state, "stateBytesPerKey", "state exceeds 2^53 bytes")?;
        let required = checked(
            state * (1.0 + self.state_overhead),
            "stateOverhead",
            "state x (1 + stateOverhead) exceeds 2^53 bytes",
        )?;
        let m = self.instance_bytes;
        let u = self.target_utilization;
        let per_instance = required / (u * m);
        let instances = checked(
            per_instance.ceil(),
            "targetUtilization",
            "instances needed exceeds 2^53",
        )?;
        // Same slack as the fit test, so `fits` <=> one instance.
        let mut n = (instances as u64).max(1);
        if n > 1 && per_instance <= (n - 1) as f64 * (1.0 + FIT_TOLERANCE) {
            n -= 1;
        }
        Ok(Fit {
            state_bytes: state,
            required_bytes: required,
            utilization_raw: state / m,
            utilization_with_overhead: required / m,
            fits: per_instance <= 1.0 + FIT_TOLERANCE,
            instances_needed: n,
        })
    }

    /// Raw-buffering fit test without range checks (for searches; every
    /// value stays finite because the inputs are bounded).
    fn raw_fits(&self, state: f64) -> bool {
        state * (1.0 + self.state_overhead) / (self.target_utilization * self.instance_bytes)
            <= 1.0 + FIT_TOLERANCE
    }

    /// Validates, then computes the estimate.
    pub fn estimate(&self) -> Result<MemoryEstimate> {
        self.validate()?;
        let n = self.sensors;
        let a = self.state_bytes_per_key;
        let msgs = checked(
            n * self.messages_per_second,
            "messagesPerSecond",
            "sensors x messagesPerSecond exceeds 2^53 messages/s",
        )?;
        let bps = checked(
            msgs * self.message_bytes,
            "messageBytes",
            "sensors x messagesPerSecond x messageBytes exceeds 2^53 bytes/s",
        )?;
        let (len_ms, len_field) = match self.window {
            WindowSpec::Tumbling { size, .. } | WindowSpec::Sliding { size, .. } => {
                (size, "window.size")
            }
            // validated: Some for sessions
            WindowSpec::Session { .. } => (self.session_length_ms.unwrap_or(1), "sessionLengthMs"),
        };
        let bytes_per_window = checked(
            bps * len_ms as f64 / 1000.0,
            len_field,
            "bytes per window exceeds 2^53 bytes",
        )?;
        let held = self.tumbling_windows_held;
        let (overlap, raw_held, open, slices, held_field) = match self.window {
            WindowSpec::Tumbling { .. } => (
                1.0,
                held as f64,
                held as u64,
                held as u64,
                "tumblingWindowsHeld",
            ),
            WindowSpec::Sliding { size, slide, .. } => {
                let overlap = size as f64 / slide as f64;
                let open = (size as u64).div_ceil(slide as u64);
                let slices = (size / gcd(size, slide)) as u64;
                (
                    overlap,
                    overlap.max(1.0),
                    open.max(1),
                    slices,
                    "window.slide",
                )
            }
            WindowSpec::Session { .. } => (1.0, 1.0, 1, 1, "window.gap"),
        };
        let raw = checked(
            raw_held * bytes_per_window,
            held_field,
            "raw buffering exceeds 2^53 bytes",
        )?;
        let per_window = checked(
            open as f64 * n * a,
            "stateBytesPerKey",
            "open windows x sensors x stateBytesPerKey exceeds 2^53 bytes",
        )?;
        let sliced = checked(
            slices as f64 * n * a,
            if matches!(self.window, WindowSpec::Sliding { .. }) {
                "window.slide"
            } else {
                "stateBytesPerKey"
            },
            "slices per key x sensors x stateBytesPerKey exceeds 2^53 bytes",
        )?;
        let raw_fit = self.fit(raw)?;
        let per_window_fit = self.fit(per_window)?;
        let sliced_fit = self.fit(sliced)?;

        let (mut smallest, mut smallest_dividing) = (None, None);
        let largest;
        match self.window {
            WindowSpec::Tumbling { .. } => {
                // held x bps x S / 1000 x (1 + o) <= u M
                let per_ms = held as f64 * bps / 1000.0;
                let guess = self.target_utilization * self.instance_bytes
                    / (per_ms * (1.0 + self.state_overhead));
                largest = last_true(1, MAX_ABS_TIME, guess, |s| self.raw_fits(per_ms * s as f64));
            }
            WindowSpec::Sliding { size, slide, .. } => {
                let state_at = |sz: i64, sl: i64| {
                    (sz as f64 / sl as f64).max(1.0) * (bps * sz as f64 / 1000.0)
                };
                // (S / s) x B x (1 + o) <= u M  =>  s >= S B (1 + o) / (u M)
                let guess = size as f64 * bytes_per_window * (1.0 + self.state_overhead)
                    / (self.target_utilization * self.instance_bytes);
                let best = first_true(1, size, guess, |s| self.raw_fits(state_at(size, s)));
                if let Some(s) = best {
                    smallest = Some(self.advice(size, s, bytes_per_window)?);
                    let d = smallest_divisor_at_least(size, s);
                    smallest_dividing = Some(self.advice(size, d, bytes_per_window)?);
                }
                // S >= s: S^2 / s x bps / 1000 x (1 + o) <= u M
                let guess = (self.target_utilization * self.instance_bytes * slide as f64 * 1000.0
                    / (bps * (1.0 + self.state_overhead)))
                    .sqrt();
                largest = last_true(1, MAX_ABS_TIME, guess, |sz| {
                    self.raw_fits(state_at(sz, slide))
                });
            }
            WindowSpec::Session { .. } => {
                let per_ms = bps / 1000.0;
                let guess = self.target_utilization * self.instance_bytes
                    / (per_ms * (1.0 + self.state_overhead));
                largest = last_true(1, MAX_ABS_TIME, guess, |l| self.raw_fits(per_ms * l as f64));
            }
        }

        let note = self.note(overlap, open, slices, raw, per_window, sliced);
        Ok(MemoryEstimate {
            messages_per_second: msgs,
            bytes_per_second: bps,
            window_length_ms: len_ms,
            bytes_per_window,
            overlap_factor: overlap,
            raw_windows_held: raw_held,
            raw_buffer_bytes: raw,
            open_windows_per_key: open,
            per_window_aggregate_bytes: per_window,
            slices_per_key: slices,
            sliced_aggregate_bytes: sliced,
            raw_fit,
            per_window_fit,
            sliced_fit,
            smallest_fitting_slide: smallest,
            smallest_fitting_dividing_slide: smallest_dividing,
            largest_fitting_window_ms: largest,
            note,
        })
    }

    fn advice(&self, size: i64, slide: i64, bytes_per_window: f64) -> Result<SlideAdvice> {
        let overlap = size as f64 / slide as f64;
        Ok(SlideAdvice {
            slide_ms: slide,
            overlap_factor: overlap,
            fit: self.fit(overlap.max(1.0) * bytes_per_window)?,
        })
    }

    fn note(
        &self,
        overlap: f64,
        open: u64,
        slices: u64,
        raw: f64,
        per_window: f64,
        sliced: f64,
    ) -> String {
        let b = |x: f64| format_bytes(x, ByteUnits::Base10);
        let model = "The fit uses raw-event buffering, as the chapter does; \
                     the aggregate models' fits are reported alongside.";
        match self.window {
            WindowSpec::Tumbling { .. } => format!(
                "{model} Tumbling raw buffering counts {} window(s) held \
                 (2: the open window plus the one being emitted, the chapter's worked example; \
                 1: its quick estimate): {}. Incremental aggregates keep {} per key per window \
                 instead: {}.",
                self.tumbling_windows_held,
                b(raw),
                b(self.state_bytes_per_key),
                b(per_window)
            ),
            WindowSpec::Sliding { size, slide, .. } => {
                let cmp = if slices > open {
                    format!(
                        "more than the {open} per-window aggregates ({}), because the slide \
                         does not divide the size",
                        b(per_window)
                    )
                } else {
                    format!(
                        "as many as the {open} per-window aggregates ({})",
                        b(per_window)
                    )
                };
                let sampling = if slide > size {
                    " The slide exceeds the size (sampling): events between windows belong \
                     to no window."
                } else {
                    ""
                };
                format!(
                    "{model} Weir keeps sliced partial aggregates: {slices} slices per key \
                     ({}), {cmp}. Slicing saves update work (one slice update per event \
                     instead of size / slide = {} window updates), not bytes; the bytes it \
                     saves are against raw buffering ({}).{sampling}",
                    b(sliced),
                    trim_number(overlap, 3),
                    b(raw)
                )
            }
            WindowSpec::Session { .. } => format!(
                "{model} Sessions buffer every event of an expected session ({}); \
                 Weir keeps one aggregate per open session per key instead ({}). \
                 Sessions get no slide advice.",
                b(raw),
                b(sliced)
            ),
        }
    }
}

/// Smallest `x` in `lo..=hi` with `pred(x)`, for `pred` false then true;
/// starts from the analytic `guess`, verifies it and its neighbour, and
/// falls back to bisection when the guess is off.
fn first_true(lo: i64, hi: i64, guess: f64, pred: impl Fn(i64) -> bool) -> Option<i64> {
    if lo > hi || !pred(hi) {
        return None;
    }
    let g = if guess.is_finite() {
        guess.ceil().clamp(lo as f64, hi as f64) as i64
    } else {
        hi
    };
    let (mut l, mut h) = if pred(g) {
        if g == lo || !pred(g - 1) {
            return Some(g);
        }
        (lo, g - 1)
    } else {
        if pred(g + 1) {
            return Some(g + 1);
        }
        (g + 2, hi)
    };
    // invariant: pred(h) is true, the answer is in l..=h
    while l < h {
        let mid = l + (h - l) / 2;
        if pred(mid) {
            h = mid;
        } else {
            l = mid + 1;
        }
    }
    Some(h)
}

/// Largest `x` in `lo..=hi` with `pred(x)`, for `pred` true then false.
fn last_true(lo: i64, hi: i64, guess: f64, pred: impl Fn(i64) -> bool) -> Option<i64> {
    if !pred(lo) {
        return None;
    }
    match first_true(lo, hi, guess.floor() + 1.0, |x| !pred(x)) {
        Some(x) => Some(x - 1),
        None => Some(hi),
    }
}

/// Smallest divisor of `n` that is `>= c` (`1 <= c <= n`); `n` itself at
/// worst. At most about `sqrt(n)` steps.
fn smallest_divisor_at_least(n: i64, c: i64) -> i64 {
    let mut d = c.max(1);
    while d.checked_mul(d).is_some_and(|sq| sq <= n) {
        if n % d == 0 {
            return d;
        }
        d += 1;
    }
    // every remaining divisor is > sqrt(n): its co-divisor q = n / d is
    // < sqrt(n) < d, and d >= c <=> q <= n / c; the largest such q wins.
    let mut q = (n / c.max(1)).min(d - 1);
    while q >= 1 {
        if n % q == 0 {
            return n / q;
        }
        q -= 1;
    }
    n
}

/// Unit system for [`format_bytes`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ByteUnits {
    /// Powers of 1000: B, KB, MB, GB, TB, PB (the chapter's GB = 10^9).
    Base10,
    /// Powers of 1024: B, KiB, MiB, GiB, TiB, PiB.
    Base2,
}

/// `v` with up to `sig` significant digits (never dropping integer digits),
/// trailing zeros trimmed.
fn trim_number(v: f64, sig: i32) -> String {
    let int_digits = if v.abs() >= 1.0 {
        v.abs().log10().floor() as i32 + 1
    } else {
        1
    };
    let decimals = (sig - int_digits).max(0) as usize;
    let mut s = format!("{v:.decimals$}");
    if s.contains('.') {
        s = s.trim_end_matches('0').trim_end_matches('.').to_string();
    }
    if s == "-0" {
        s = "0".to_string();
    }
    s
}

/// Bytes for people: "1 GB", "62.5 MB", "1.5 GiB". The unit is the largest
/// whose value is at least 1 (B up to PB / PiB); the value is rounded to the
/// nearest with up to 3 significant digits (integer digits are never
/// dropped: "1010 KiB"), trailing zeros trimmed, and a value that rounds up
/// to the next unit moves there ("999.96 KB" -> "1 MB"). Negative values
/// keep their sign; NaN and infinities give "invalid".
pub fn format_bytes(bytes: f64, units: ByteUnits) -> String {
    if !bytes.is_finite() {
        return "invalid".to_string();
    }
    let (base, names): (f64, [&str; 6]) = match units {
        ByteUnits::Base10 => (1000.0, ["B", "KB", "MB", "GB", "TB", "PB"]),
        ByteUnits::Base2 => (1024.0, ["B", "KiB", "MiB", "GiB", "TiB", "PiB"]),
    };
    let sign = if bytes < 0.0 { "-" } else { "" };
    let mut v = bytes.abs();
    let mut i = 0;
    while v >= base && i + 1 < names.len() {
        v /= base;
        i += 1;
    }
    let mut s = trim_number(v, 3);
    // rounding may reach the next unit (999.96 KB -> "1000")
    if i + 1 < names.len() && s.parse::<f64>().is_ok_and(|r| r >= base) {
        v /= base;
        i += 1;
        s = trim_number(v, 3);
    }
    if s == "0" {
        return format!("0 {}", names[i]);
    }
    format!("{sign}{s} {}", names[i])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aggregate::Agg;
    use crate::engine::{session::Session, slices::Pane};
    use crate::time::Time;
    use std::mem::size_of;

    const GB: f64 = 1e9;
    const MB: f64 = 1e6;

    /// The chapter's worked example: 10,000 sensors x 100 msg/s x 100 B,
    /// 16 GB instances.
    fn factory(window: WindowSpec) -> MemoryParams {
        MemoryParams::new(10_000.0, 100.0, 100.0, window, 16.0 * GB)
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-12 * b.abs().max(1.0)
    }

    fn field_of(e: EngineError) -> &'static str {
        match e {
            EngineError::InvalidConfig { field, .. } => field,
            other => panic!("expected InvalidConfig, got {other:?}"),
        }
    }

    #[test]
    fn chapter_factory_data_rate_is_one_million_messages_and_1_gb_per_10_s_window() {
        let e = factory(WindowSpec::tumbling(10_000)).estimate().unwrap();
        assert_eq!(e.messages_per_second, 1_000_000.0);
        assert_eq!(e.bytes_per_second, 100_000_000.0);
        assert_eq!(e.bytes_per_window, 1_000_000_000.0);
        assert_eq!(format_bytes(e.bytes_per_window, ByteUnits::Base10), "1 GB");
    }

    #[test]
    fn chapter_tumbling_holds_2_gb_open_plus_emitting() {
        let e = factory(WindowSpec::tumbling(10_000)).estimate().unwrap();
        assert_eq!(e.raw_windows_held, 2.0);
        assert_eq!(e.raw_buffer_bytes, 2_000_000_000.0);
        assert_eq!(e.overlap_factor, 1.0);
        assert!(e.smallest_fitting_slide.is_none());
    }

    #[test]
    fn chapter_sliding_10s_by_1s_is_10_gb_62_5_percent_raw_75_percent_with_overhead() {
        let e = factory(WindowSpec::sliding(10_000, 1_000))
            .estimate()
            .unwrap();
        assert_eq!(e.overlap_factor, 10.0);
        assert_eq!(e.raw_buffer_bytes, 10_000_000_000.0);
        assert_eq!(e.raw_fit.state_bytes, 10_000_000_000.0);
        assert_eq!(e.raw_fit.utilization_raw, 0.625);
        assert!(close(e.raw_fit.required_bytes, 12_000_000_000.0));
        assert!(close(e.raw_fit.utilization_with_overhead, 0.75));
        assert!(!e.raw_fit.fits, "75 % is over the 50 % target");
        assert_eq!(e.raw_fit.instances_needed, 2);
        assert_eq!(format_bytes(e.raw_buffer_bytes, ByteUnits::Base10), "10 GB");
    }

    #[test]
    fn chapter_smallest_fitting_slide_is_1_5_s() {
        let e = factory(WindowSpec::sliding(10_000, 1_000))
            .estimate()
            .unwrap();
        let s = e.smallest_fitting_slide.unwrap();
        assert_eq!(s.slide_ms, 1_500);
        assert!(s.fit.fits);
        assert!(close(s.fit.utilization_with_overhead, 0.5));
        assert_eq!(s.fit.instances_needed, 1);
        // one ms less does not fit
        let below = factory(WindowSpec::sliding(10_000, 1_499))
            .estimate()
            .unwrap();
        assert!(!below.raw_fit.fits);
    }

    #[test]
    fn chapter_smallest_dividing_slide_is_2_s_5_gb_raw_6_gb_with_overhead_37_5_percent() {
        let e = factory(WindowSpec::sliding(10_000, 1_000))
            .estimate()
            .unwrap();
        let d = e.smallest_fitting_dividing_slide.unwrap();
        assert_eq!(d.slide_ms, 2_000);
        assert_eq!(d.overlap_factor, 5.0);
        assert_eq!(d.fit.state_bytes, 5_000_000_000.0);
        assert!(close(d.fit.required_bytes, 6_000_000_000.0));
        assert_eq!(d.fit.utilization_raw, 0.3125);
        assert!(close(d.fit.utilization_with_overhead, 0.375));
        assert!(d.fit.fits);
        // the same figures from a direct estimate at 2 s
        let direct = factory(WindowSpec::sliding(10_000, 2_000))
            .estimate()
            .unwrap();
        assert_eq!(direct.raw_fit, d.fit);
    }

    #[test]
    fn chapter_quick_estimate_1000_sensors_10_hz_10_mb_tumbling_vs_100_mb_sliding() {
        let mut t = MemoryParams::new(
            1_000.0,
            10.0,
            100.0,
            WindowSpec::tumbling(10_000),
            16.0 * GB,
        );
        t.tumbling_windows_held = 1;
        let mut s = t.clone();
        s.window = WindowSpec::sliding(10_000, 1_000);
        let (t, s) = (t.estimate().unwrap(), s.estimate().unwrap());
        assert_eq!(t.raw_buffer_bytes, 10_000_000.0);
        assert_eq!(s.raw_buffer_bytes, 100_000_000.0);
        assert_eq!(format_bytes(t.raw_buffer_bytes, ByteUnits::Base10), "10 MB");
        assert_eq!(
            format_bytes(s.raw_buffer_bytes, ByteUnits::Base10),
            "100 MB"
        );
    }

    #[test]
    fn chapter_quick_estimate_10000_sensors_100_mb_tumbling_vs_1_gb_sliding() {
        let mut t = MemoryParams::new(
            10_000.0,
            10.0,
            100.0,
            WindowSpec::tumbling(10_000),
            16.0 * GB,
        );
        t.tumbling_windows_held = 1;
        let mut s = t.clone();
        s.window = WindowSpec::sliding(10_000, 1_000);
        let (t, s) = (t.estimate().unwrap(), s.estimate().unwrap());
        assert_eq!(t.raw_buffer_bytes, 100_000_000.0);
        assert_eq!(s.raw_buffer_bytes, 1_000_000_000.0);
    }

    #[test]
    fn chapter_10000_sensors_5_min_window_20_kb_running_stats_is_200_mb() {
        let mut p = MemoryParams::new(
            10_000.0,
            100.0,
            100.0,
            WindowSpec::tumbling(300_000),
            16.0 * GB,
        );
        p.state_bytes_per_key = CHAPTER_STATE_BYTES_PER_KEY;
        p.tumbling_windows_held = 1;
        let e = p.estimate().unwrap();
        assert_eq!(e.open_windows_per_key, 1);
        assert_eq!(e.per_window_aggregate_bytes, 200_000_000.0);
        assert_eq!(e.sliced_aggregate_bytes, 200_000_000.0);
        assert_eq!(
            format_bytes(e.per_window_aggregate_bytes, ByteUnits::Base10),
            "200 MB"
        );
        assert!(e.per_window_fit.fits);
    }

    #[test]
    fn chapter_10s_window_sliding_by_2s_costs_5x_tumbling() {
        let mut t = factory(WindowSpec::tumbling(10_000));
        t.tumbling_windows_held = 1;
        let s = factory(WindowSpec::sliding(10_000, 2_000));
        let (t, s) = (t.estimate().unwrap(), s.estimate().unwrap());
        assert_eq!(s.overlap_factor, 5.0);
        assert_eq!(s.raw_buffer_bytes, 5.0 * t.raw_buffer_bytes);
        assert_eq!(s.raw_buffer_bytes, 5_000_000_000.0);
    }

    #[test]
    fn sliced_aggregates_equal_per_window_when_slide_divides_size() {
        let e = factory(WindowSpec::sliding(10_000, 1_000))
            .estimate()
            .unwrap();
        assert_eq!(e.open_windows_per_key, 10);
        assert_eq!(e.slices_per_key, 10);
        let a = ENGINE_SLICE_BYTES as f64;
        assert_eq!(e.per_window_aggregate_bytes, 10.0 * 10_000.0 * a);
        assert_eq!(e.sliced_aggregate_bytes, e.per_window_aggregate_bytes);
        assert!(e.note.contains("not bytes"), "{}", e.note);
    }

    #[test]
    fn sliced_aggregates_exceed_per_window_when_slide_does_not_divide_size() {
        // 10 s / 3 s: 10 slices of 1 s vs 4 windows
        let e = factory(WindowSpec::sliding(10_000, 3_000))
            .estimate()
            .unwrap();
        assert_eq!(e.open_windows_per_key, 4);
        assert_eq!(e.slices_per_key, 10);
        assert!(e.sliced_aggregate_bytes > e.per_window_aggregate_bytes);
        assert!(e.note.contains("does not divide"), "{}", e.note);
        assert!(e.note.contains("raw"), "{}", e.note);
    }

    #[test]
    fn session_models_use_expected_length_and_one_aggregate_per_key() {
        let mut p = factory(WindowSpec::session(30_000));
        p.session_length_ms = Some(120_000);
        let e = p.estimate().unwrap();
        assert_eq!(e.bytes_per_window, 12_000_000_000.0); // 1e8 B/s x 120 s
        assert_eq!(e.raw_buffer_bytes, 12_000_000_000.0);
        assert_eq!(
            e.per_window_aggregate_bytes,
            10_000.0 * ENGINE_SESSION_BYTES as f64
        );
        assert!(e.smallest_fitting_slide.is_none());
        assert!(e.smallest_fitting_dividing_slide.is_none());
        // 8 GB / 1.2 at 1e8 B/s = 66.666 s
        assert_eq!(e.largest_fitting_window_ms, Some(66_666));
    }

    #[test]
    fn largest_fitting_windows_tumbling_and_sliding() {
        // tumbling: 2 x 1e5 B/ms x S x 1.2 <= 8e9 -> S <= 33,333.3 ms
        let t = factory(WindowSpec::tumbling(10_000)).estimate().unwrap();
        assert_eq!(t.largest_fitting_window_ms, Some(33_333));
        // sliding by 1 s: S^2 / 1000 x 1e5 x 1.2 <= 8e9 -> S <= 8,164.96 ms
        let s = factory(WindowSpec::sliding(10_000, 1_000))
            .estimate()
            .unwrap();
        assert_eq!(s.largest_fitting_window_ms, Some(8_164));
    }

    #[test]
    fn nothing_fits_gives_none() {
        let mut p = factory(WindowSpec::sliding(10_000, 1_000));
        p.instance_bytes = 1.0;
        let e = p.estimate().unwrap();
        assert!(e.smallest_fitting_slide.is_none());
        assert!(e.smallest_fitting_dividing_slide.is_none());
        assert_eq!(e.largest_fitting_window_ms, None);
        assert!(e.raw_fit.instances_needed > 1_000_000_000);
    }

    #[test]
    fn default_state_bytes_per_key_is_derived_from_engine_types() {
        assert_eq!(ENGINE_SLICE_BYTES as usize, size_of::<Pane>());
        assert_eq!(ENGINE_SLICE_BYTES as usize, size_of::<(Time, Agg)>());
        assert_eq!(ENGINE_SESSION_BYTES as usize, size_of::<Session>());
        let p = factory(WindowSpec::sliding(10_000, 1_000));
        assert_eq!(p.state_bytes_per_key, ENGINE_SLICE_BYTES as f64);
        let p = factory(WindowSpec::session(1_000));
        assert_eq!(p.state_bytes_per_key, ENGINE_SESSION_BYTES as f64);
        assert_eq!(p.state_overhead, 0.2);
        assert_eq!(p.target_utilization, 0.5);
        assert_eq!(p.tumbling_windows_held, 2);
    }

    #[test]
    fn validation_names_each_field() {
        let base = || factory(WindowSpec::sliding(10_000, 1_000));
        let cases: Vec<(&str, MemoryParams)> = vec![
            (
                "sensors",
                MemoryParams {
                    sensors: -1.0,
                    ..base()
                },
            ),
            (
                "sensors",
                MemoryParams {
                    sensors: 0.0,
                    ..base()
                },
            ),
            (
                "sensors",
                MemoryParams {
                    sensors: 1.5,
                    ..base()
                },
            ),
            (
                "sensors",
                MemoryParams {
                    sensors: f64::NAN,
                    ..base()
                },
            ),
            (
                "messagesPerSecond",
                MemoryParams {
                    messages_per_second: 0.0,
                    ..base()
                },
            ),
            (
                "messagesPerSecond",
                MemoryParams {
                    messages_per_second: f64::INFINITY,
                    ..base()
                },
            ),
            (
                "messageBytes",
                MemoryParams {
                    message_bytes: -100.0,
                    ..base()
                },
            ),
            (
                "window.size",
                MemoryParams {
                    window: WindowSpec::sliding(0, 1_000),
                    ..base()
                },
            ),
            (
                "window.slide",
                MemoryParams {
                    window: WindowSpec::sliding(10_000, 0),
                    ..base()
                },
            ),
            (
                "window.size",
                MemoryParams {
                    window: WindowSpec::tumbling(-5),
                    ..base()
                },
            ),
            (
                "window.gap",
                MemoryParams {
                    window: WindowSpec::session(0),
                    ..base()
                },
            ),
            (
                "sessionLengthMs",
                MemoryParams {
                    window: WindowSpec::session(1_000),
                    session_length_ms: None,
                    ..base()
                },
            ),
            (
                "sessionLengthMs",
                MemoryParams {
                    window: WindowSpec::session(1_000),
                    session_length_ms: Some(0),
                    ..base()
                },
            ),
            (
                "stateBytesPerKey",
                MemoryParams {
                    state_bytes_per_key: 0.0,
                    ..base()
                },
            ),
            (
                "instanceBytes",
                MemoryParams {
                    instance_bytes: f64::NEG_INFINITY,
                    ..base()
                },
            ),
            (
                "stateOverhead",
                MemoryParams {
                    state_overhead: -0.1,
                    ..base()
                },
            ),
            (
                "targetUtilization",
                MemoryParams {
                    target_utilization: 0.0,
                    ..base()
                },
            ),
            (
                "targetUtilization",
                MemoryParams {
                    target_utilization: 1.5,
                    ..base()
                },
            ),
            (
                "tumblingWindowsHeld",
                MemoryParams {
                    tumbling_windows_held: 0,
                    ..base()
                },
            ),
        ];
        for (field, p) in cases {
            let err = p.estimate().unwrap_err();
            assert!(err.to_string().contains(field), "{field}: {err}");
            assert_eq!(field_of(err), field);
        }
    }

    #[test]
    fn huge_sensors_times_rate_is_an_error_not_a_wrap() {
        let mut p = factory(WindowSpec::tumbling(10_000));
        p.sensors = MAX_SENSORS;
        p.messages_per_second = 1e9;
        let err = p.estimate().unwrap_err();
        assert_eq!(field_of(err), "messagesPerSecond");
        // in range messages but bytes per window overflow
        let mut p = factory(WindowSpec::tumbling(MAX_ABS_TIME));
        p.sensors = MAX_SENSORS;
        assert_eq!(field_of(p.estimate().unwrap_err()), "window.size");
        // raw buffering overflow through the overlap factor
        let mut p = factory(WindowSpec::sliding(MAX_ABS_TIME / 1_000_000, 1));
        p.sensors = 1.0;
        p.messages_per_second = 1.0;
        p.message_bytes = 1_000_000.0;
        assert_eq!(field_of(p.estimate().unwrap_err()), "window.slide");
        // required with overhead
        let mut p = factory(WindowSpec::tumbling(1_000));
        p.sensors = 1.0;
        p.messages_per_second = 1.0;
        p.message_bytes = MAX_BYTES / 2.0;
        p.tumbling_windows_held = 1;
        p.state_overhead = 1.5;
        assert_eq!(field_of(p.estimate().unwrap_err()), "stateOverhead");
    }

    #[test]
    fn every_figure_is_finite() {
        for w in [
            WindowSpec::tumbling(1),
            WindowSpec::sliding(7, 3),
            WindowSpec::sliding(3, 7),
            WindowSpec::sliding(MAX_ABS_TIME, MAX_ABS_TIME),
        ] {
            let mut p = MemoryParams::new(1.0, 1e-9, 1e-9, w, 1.0);
            p.target_utilization = 1e-9;
            let e = p.estimate().unwrap();
            for f in [e.raw_fit, e.per_window_fit, e.sliced_fit] {
                assert!(f.utilization_raw.is_finite() && f.utilization_with_overhead.is_finite());
            }
            assert!(e.bytes_per_window.is_finite() && e.raw_buffer_bytes.is_finite());
        }
    }

    #[test]
    fn slide_larger_than_size_buffers_one_window() {
        let e = factory(WindowSpec::sliding(2_000, 5_000))
            .estimate()
            .unwrap();
        assert_eq!(e.overlap_factor, 0.4);
        assert_eq!(e.raw_windows_held, 1.0);
        assert_eq!(e.raw_buffer_bytes, 200_000_000.0);
        assert_eq!(e.open_windows_per_key, 1);
        assert_eq!(e.slices_per_key, 2); // 1 s slices
        assert!(e.note.contains("sampling"));
    }

    #[test]
    fn smallest_divisor_search() {
        assert_eq!(smallest_divisor_at_least(10_000, 1_500), 2_000);
        assert_eq!(smallest_divisor_at_least(10_000, 1), 1);
        assert_eq!(smallest_divisor_at_least(10_000, 10_000), 10_000);
        assert_eq!(smallest_divisor_at_least(97, 2), 97);
        assert_eq!(smallest_divisor_at_least(36, 5), 6);
        assert_eq!(smallest_divisor_at_least(36, 7), 9);
        for n in 1..200 {
            for c in 1..=n {
                let want = (c..=n).find(|d| n % d == 0).unwrap();
                assert_eq!(smallest_divisor_at_least(n, c), want, "{n} {c}");
            }
        }
    }

    #[test]
    fn format_bytes_base10() {
        assert_eq!(format_bytes(1e9, ByteUnits::Base10), "1 GB");
        assert_eq!(format_bytes(62.5 * MB, ByteUnits::Base10), "62.5 MB");
        assert_eq!(format_bytes(0.0, ByteUnits::Base10), "0 B");
        assert_eq!(format_bytes(512.0, ByteUnits::Base10), "512 B");
        assert_eq!(format_bytes(1_500.0, ByteUnits::Base10), "1.5 KB");
        assert_eq!(format_bytes(6_666_666_666.7, ByteUnits::Base10), "6.67 GB");
        assert_eq!(format_bytes(12e9, ByteUnits::Base10), "12 GB");
        assert_eq!(format_bytes(999_960.0, ByteUnits::Base10), "1 MB");
        assert_eq!(format_bytes(2e12, ByteUnits::Base10), "2 TB");
        assert_eq!(format_bytes(-2e6, ByteUnits::Base10), "-2 MB");
        assert_eq!(format_bytes(f64::NAN, ByteUnits::Base10), "invalid");
    }

    #[test]
    fn format_bytes_base2() {
        assert_eq!(
            format_bytes(1.5 * (1u64 << 30) as f64, ByteUnits::Base2),
            "1.5 GiB"
        );
        assert_eq!(format_bytes(1_024.0, ByteUnits::Base2), "1 KiB");
        assert_eq!(format_bytes(1_000.0, ByteUnits::Base2), "1000 B");
        assert_eq!(format_bytes(1_536.0, ByteUnits::Base2), "1.5 KiB");
        assert_eq!(format_bytes(1e9, ByteUnits::Base2), "954 MiB");
        assert_eq!(
            format_bytes(16.0 * (1u64 << 30) as f64, ByteUnits::Base2),
            "16 GiB"
        );
        assert_eq!(format_bytes(1_048_575.0, ByteUnits::Base2), "1 MiB");
        assert_eq!(format_bytes(MAX_BYTES, ByteUnits::Base2), "8 PiB");
    }
}
