//! The three state models of a design (raw buffering, per-window
//! aggregates, sliced aggregates), their fit on one instance, and the
//! advice: the smallest slide and the largest window that fit.

use crate::error::Result;
use crate::float::Shortest;
use crate::time::MAX_ABS_TIME;
use crate::window::{gcd, WindowSpec};

use super::note::Note;
use super::params::{invalid, MemoryParams};
use super::search::{first_true, last_true, smallest_divisor_at_least};
use super::{FIT_TOLERANCE, MAX_BYTES};

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
    /// Which model the fit uses, and what slicing does and does not save,
    /// as data (the widget words it).
    pub note: Note,
}

/// A derived figure, checked against [`MAX_BYTES`].
fn checked(v: f64, field: &'static str, reason: &'static str) -> Result<f64> {
    if v.is_finite() && (0.0..=MAX_BYTES).contains(&v) {
        Ok(v)
    } else {
        Err(invalid(field, Shortest(v), reason))
    }
}

/// The data rate of a design and its raw bytes per window.
struct Rates {
    messages_per_second: f64,
    bytes_per_second: f64,
    window_length_ms: i64,
    bytes_per_window: f64,
}

/// The three state models' figures, before their fits.
struct Models {
    overlap: f64,
    raw_held: f64,
    open: u64,
    slices: u64,
    raw: f64,
    per_window: f64,
    sliced: f64,
}

/// The advice: smallest fitting slide (any, and dividing the size), and
/// largest fitting window.
struct Advice {
    smallest: Option<SlideAdvice>,
    smallest_dividing: Option<SlideAdvice>,
    largest: Option<i64>,
}

impl MemoryParams {
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
        let r = self.rates()?;
        let m = self.models(&r)?;
        let raw_fit = self.fit(m.raw)?;
        let per_window_fit = self.fit(m.per_window)?;
        let sliced_fit = self.fit(m.sliced)?;
        let advice = self.advice(&r)?;
        Ok(MemoryEstimate {
            messages_per_second: r.messages_per_second,
            bytes_per_second: r.bytes_per_second,
            window_length_ms: r.window_length_ms,
            bytes_per_window: r.bytes_per_window,
            overlap_factor: m.overlap,
            raw_windows_held: m.raw_held,
            raw_buffer_bytes: m.raw,
            open_windows_per_key: m.open,
            per_window_aggregate_bytes: m.per_window,
            slices_per_key: m.slices,
            sliced_aggregate_bytes: m.sliced,
            raw_fit,
            per_window_fit,
            sliced_fit,
            smallest_fitting_slide: advice.smallest,
            smallest_fitting_dividing_slide: advice.smallest_dividing,
            largest_fitting_window_ms: advice.largest,
            note: self.note(&m),
        })
    }

    /// Messages and bytes per second, and the raw bytes of one window.
    fn rates(&self) -> Result<Rates> {
        let msgs = checked(
            self.sensors * self.messages_per_second,
            "messagesPerSecond",
            "sensors x messagesPerSecond exceeds 2^53 messages/s",
        )?;
        let bps = checked(
            msgs * self.message_bytes,
            "messageBytes",
            "sensors x messagesPerSecond x messageBytes exceeds 2^53 bytes/s",
        )?;
        let (len_ms, len_field) = match self.window {
            WindowSpec::Tumbling { size, .. }
            | WindowSpec::Sliding { size, .. }
            | WindowSpec::Cumulate { size, .. } => (size, "window.size"),
            // validated: Some for sessions
            WindowSpec::Session { .. } => (self.session_length_ms.unwrap_or(1), "sessionLengthMs"),
        };
        let bytes_per_window = checked(
            bps * len_ms as f64 / 1000.0,
            len_field,
            "bytes per window exceeds 2^53 bytes",
        )?;
        Ok(Rates {
            messages_per_second: msgs,
            bytes_per_second: bps,
            window_length_ms: len_ms,
            bytes_per_window,
        })
    }

    /// Raw buffering, per-window aggregates and sliced aggregates.
    fn models(&self, r: &Rates) -> Result<Models> {
        let (n, a) = (self.sensors, self.state_bytes_per_key);
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
            // Raw buffering holds the period once: every window of it is
            // a prefix of the same events. A per-window engine keeps the
            // period's size / step windows per key; a sliced one its
            // size / step slices (window k merges the first k).
            WindowSpec::Cumulate { size, step, .. } => {
                let k = (size / step) as u64;
                (1.0, 1.0, k, k, "window.size")
            }
        };
        let raw = checked(
            raw_held * r.bytes_per_window,
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
        Ok(Models {
            overlap,
            raw_held,
            open,
            slices,
            raw,
            per_window,
            sliced,
        })
    }

    /// The searches for the smallest fitting slide and the largest fitting
    /// window, each started from the analytic answer.
    fn advice(&self, r: &Rates) -> Result<Advice> {
        let (bps, bytes_per_window) = (r.bytes_per_second, r.bytes_per_window);
        let (u, m, o) = (
            self.target_utilization,
            self.instance_bytes,
            self.state_overhead,
        );
        let mut advice = Advice {
            smallest: None,
            smallest_dividing: None,
            largest: None,
        };
        match self.window {
            WindowSpec::Tumbling { .. } | WindowSpec::Cumulate { .. } => {
                // held x bps x S / 1000 x (1 + o) <= u M (a cumulate holds
                // one period: held = 1)
                let held = match self.window {
                    WindowSpec::Cumulate { .. } => 1.0,
                    _ => self.tumbling_windows_held as f64,
                };
                let per_ms = held * bps / 1000.0;
                let guess = u * m / (per_ms * (1.0 + o));
                advice.largest =
                    last_true(1, MAX_ABS_TIME, guess, |s| self.raw_fits(per_ms * s as f64));
            }
            WindowSpec::Sliding { size, slide, .. } => {
                let state_at = |sz: i64, sl: i64| {
                    (sz as f64 / sl as f64).max(1.0) * (bps * sz as f64 / 1000.0)
                };
                // (S / s) x B x (1 + o) <= u M  =>  s >= S B (1 + o) / (u M)
                let guess = size as f64 * bytes_per_window * (1.0 + o) / (u * m);
                let best = first_true(1, size, guess, |s| self.raw_fits(state_at(size, s)));
                if let Some(s) = best {
                    advice.smallest = Some(self.slide_advice(size, s, bytes_per_window)?);
                    let d = smallest_divisor_at_least(size, s);
                    advice.smallest_dividing =
                        Some(self.slide_advice(size, d, bytes_per_window)?);
                }
                // S >= s: S^2 / s x bps / 1000 x (1 + o) <= u M
                let guess = (u * m * slide as f64 * 1000.0 / (bps * (1.0 + o))).sqrt();
                advice.largest = last_true(1, MAX_ABS_TIME, guess, |sz| {
                    self.raw_fits(state_at(sz, slide))
                });
            }
            WindowSpec::Session { .. } => {
                let per_ms = bps / 1000.0;
                let guess = u * m / (per_ms * (1.0 + o));
                advice.largest =
                    last_true(1, MAX_ABS_TIME, guess, |l| self.raw_fits(per_ms * l as f64));
            }
        }
        Ok(advice)
    }

    fn slide_advice(&self, size: i64, slide: i64, bytes_per_window: f64) -> Result<SlideAdvice> {
        let overlap = size as f64 / slide as f64;
        Ok(SlideAdvice {
            slide_ms: slide,
            overlap_factor: overlap,
            fit: self.fit(overlap.max(1.0) * bytes_per_window)?,
        })
    }

    /// The note for this design: its kind and the figures the words need.
    fn note(&self, m: &Models) -> Note {
        match self.window {
            WindowSpec::Cumulate { size, step, .. } => Note::Cumulate {
                steps_per_period: (size / step) as u64,
                raw_bytes: m.raw,
                sliced_bytes: m.sliced,
                per_window_bytes: m.per_window,
            },
            WindowSpec::Tumbling { .. } => Note::Tumbling {
                windows_held: self.tumbling_windows_held,
                raw_bytes: m.raw,
                state_bytes_per_key: self.state_bytes_per_key,
                per_window_bytes: m.per_window,
            },
            WindowSpec::Sliding { size, slide, .. } => Note::Sliding {
                slices_per_key: m.slices,
                sliced_bytes: m.sliced,
                open_windows_per_key: m.open,
                per_window_bytes: m.per_window,
                overlap_factor: m.overlap,
                raw_bytes: m.raw,
                sampling: slide > size,
            },
            WindowSpec::Session { .. } => Note::Session {
                raw_bytes: m.raw,
                sliced_bytes: m.sliced,
            },
        }
    }
}
