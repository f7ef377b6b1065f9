//! Window assigners: which windows `[start, end)` an event time falls in, for
//! tumbling, sliding (hopping), session and cumulating windows, and the
//! slice (pane) grid that all but sessions are computed from.

use crate::error::{EngineError, Result};
use crate::time::{align_down, Time, MAX_ABS_TIME};

/// A half-open window `[start, end)` in milliseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Window {
    /// Inclusive start.
    pub start: Time,
    /// Exclusive end.
    pub end: Time,
}

/// How events are grouped into windows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WindowSpec {
    /// Fixed, non-overlapping windows of `size`, aligned on `offset`.
    Tumbling {
        /// Window length (ms, > 0).
        size: i64,
        /// Alignment offset (ms).
        offset: i64,
    },
    /// Windows of `size` starting every `slide`, aligned on `offset`.
    Sliding {
        /// Window length (ms, > 0).
        size: i64,
        /// Distance between window starts (ms, > 0; may exceed `size`).
        slide: i64,
        /// Alignment offset (ms).
        offset: i64,
    },
    /// Per-key activity sessions closed by `gap` of inactivity.
    Session {
        /// Inactivity gap (ms, > 0).
        gap: i64,
    },
    /// Flink SQL's `CUMULATE`: within each period of `size` (aligned on
    /// `offset`), the windows `[s, s + k * step)` for `k = 1 .. size / step`,
    /// the running totals refreshed every `step`.
    Cumulate {
        /// Refresh step (ms, > 0, divides `size`).
        step: i64,
        /// Period length (ms, > 0).
        size: i64,
        /// Alignment offset (ms).
        offset: i64,
    },
}

fn positive(field: &'static str, v: i64) -> Result<()> {
    if v > 0 && v <= MAX_ABS_TIME {
        Ok(())
    } else {
        Err(EngineError::InvalidConfig {
            field,
            value: v.to_string(),
            reason: "must be a whole number of ms in 1..=2^53",
        })
    }
}

fn offset_ok(v: i64) -> Result<()> {
    if (-MAX_ABS_TIME..=MAX_ABS_TIME).contains(&v) {
        Ok(())
    } else {
        Err(EngineError::InvalidConfig {
            field: "window.offset",
            value: v.to_string(),
            reason: "must be a whole number of ms within +/-2^53",
        })
    }
}

/// Most windows one event may fall in (`ceil(size / slide)`).
pub const MAX_WINDOWS_PER_EVENT: i64 = 100_000;

/// Greatest common divisor (both > 0).
pub fn gcd(mut a: i64, mut b: i64) -> i64 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

impl WindowSpec {
    /// Tumbling windows of `size` ms.
    pub fn tumbling(size: i64) -> Self {
        WindowSpec::Tumbling { size, offset: 0 }
    }

    /// Sliding windows of `size` ms every `slide` ms.
    pub fn sliding(size: i64, slide: i64) -> Self {
        WindowSpec::Sliding {
            size,
            slide,
            offset: 0,
        }
    }

    /// Session windows closed by `gap` ms of inactivity.
    pub fn session(gap: i64) -> Self {
        WindowSpec::Session { gap }
    }

    /// Checks every field, naming the first one out of range.
    pub fn validate(&self) -> Result<()> {
        match *self {
            WindowSpec::Tumbling { size, offset } => {
                positive("window.size", size)?;
                offset_ok(offset)
            }
            WindowSpec::Sliding {
                size,
                slide,
                offset,
            } => {
                positive("window.size", size)?;
                positive("window.slide", slide)?;
                // Each event lands in ceil(size / slide) windows; past this
                // one push would do unbounded work (and a tab would hang).
                if (size as u64).div_ceil(slide as u64) > MAX_WINDOWS_PER_EVENT as u64 {
                    return Err(EngineError::InvalidConfig {
                        field: "window.slide",
                        value: slide.to_string(),
                        reason: "puts each event in more than 100000 windows (size / slide); use a larger slide",
                    });
                }
                offset_ok(offset)
            }
            WindowSpec::Session { gap } => positive("window.gap", gap),
            WindowSpec::Cumulate { step, size, offset } => {
                positive("window.size", size)?;
                positive("window.step", step)?;
                if size % step != 0 {
                    return Err(EngineError::InvalidConfig {
                        field: "window.step",
                        value: step.to_string(),
                        reason: "must divide window.size",
                    });
                }
                if size / step > MAX_WINDOWS_PER_EVENT {
                    return Err(EngineError::InvalidConfig {
                        field: "window.step",
                        value: step.to_string(),
                        reason: "puts each event in more than 100000 windows (size / step); use a larger step",
                    });
                }
                offset_ok(offset)
            }
        }
    }

    /// Tumbling and sliding windows as `(size, slide, offset)`; `None` for
    /// sessions and cumulates (whose slice grid is built apart: the
    /// tuple's callers read it as a sliding window).
    pub fn grid(&self) -> Option<(i64, i64, i64)> {
        match *self {
            WindowSpec::Tumbling { size, offset } => Some((size, size, offset)),
            WindowSpec::Sliding {
                size,
                slide,
                offset,
            } => Some((size, slide, offset)),
            WindowSpec::Session { .. } | WindowSpec::Cumulate { .. } => None,
        }
    }

    /// Every window an event at `t` belongs to, in order of start. For a
    /// session this is the window the event proposes, `[t, t + gap)`, before
    /// merging. Empty when `slide > size` and `t` lies between windows.
    pub fn windows_for(&self, t: Time) -> Vec<Window> {
        match *self {
            WindowSpec::Session { gap } => vec![Window {
                start: t,
                end: t.saturating_add(gap),
            }],
            WindowSpec::Cumulate { step, size, offset } => {
                let s = align_down(t, size, offset);
                // Every window of the period whose end is after `t`.
                let first = (t - s) / step + 1;
                (first..=size / step)
                    .map(|k| Window {
                        start: s,
                        end: s + k * step,
                    })
                    .collect()
            }
            _ => {
                let (size, slide, offset) = self.grid().expect("grid windows");
                let last = align_down(t, slide, offset);
                let mut out = Vec::new();
                let mut s = last;
                while s > t - size {
                    out.push(Window {
                        start: s,
                        end: s + size,
                    });
                    s -= slide;
                }
                out.reverse();
                out
            }
        }
    }

    /// [`WindowSpec::windows_for`] without the windows that start below 0
    /// when `clamp_starts_at_zero` (Kafka Streams' `TimeWindows.windowsFor`;
    /// sessions are not clamped).
    pub fn windows_for_clamped(&self, t: Time, clamp_starts_at_zero: bool) -> Vec<Window> {
        let mut out = self.windows_for(t);
        if clamp_starts_at_zero && !matches!(self, WindowSpec::Session { .. }) {
            out.retain(|w| w.start >= 0);
        }
        out
    }

    /// The slice (pane) length: `gcd(size, slide)` (a cumulate's step).
    /// Every window boundary is a slice boundary, so a window is exactly a
    /// run of whole slices.
    pub fn slice_len(&self) -> Option<i64> {
        Grid::of(self).map(|g| g.pane)
    }
}

/// The slice grid of a tumbling, sliding or cumulating window, with the
/// arithmetic that maps between slices and the windows made of them.
///
/// Window ends lie every `slide` on the grid; window starts every `align`.
/// For tumbling and sliding windows the two are the same grid and a window
/// is `[end - size, end)`. For cumulating windows ends lie every step and
/// starts every period (`align = size`): the window ending at `e` starts at
/// its period's start, so the `size / step` slices of a period are the
/// windows' common prefix. One struct for both keeps one state kind (and
/// one monomorphised copy of the slice code) for all three.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Grid {
    /// Longest window: the window length, or a cumulate's period.
    pub size: i64,
    /// Distance between window ends (a cumulate's step).
    pub slide: i64,
    /// Distance between window starts: `slide`, or a cumulate's period.
    pub align: i64,
    /// Alignment offset.
    pub offset: i64,
    /// Slice length, `gcd(size, slide)` (a cumulate's step).
    pub pane: i64,
    /// With starts clamped at 0, the first time any window holds
    /// (`Time::MIN` otherwise): every earlier time is in no window.
    pub first_time: Time,
    /// With starts clamped at 0, the end of the first window (`Time::MIN`
    /// otherwise): the windows of a slice near 0 that would start below 0
    /// do not exist, so its first window ends no earlier than this.
    pub min_end: Time,
}

impl Grid {
    /// The grid of a tumbling, sliding or cumulating spec, no start clamped.
    pub fn of(spec: &WindowSpec) -> Option<Grid> {
        let (size, slide, align) = match *spec {
            WindowSpec::Cumulate { step, size, .. } => (size, step, size),
            _ => {
                let (size, slide, _) = spec.grid()?;
                (size, slide, slide)
            }
        };
        let offset = match *spec {
            WindowSpec::Tumbling { offset, .. }
            | WindowSpec::Sliding { offset, .. }
            | WindowSpec::Cumulate { offset, .. } => offset,
            WindowSpec::Session { .. } => unreachable!("no grid"),
        };
        Some(Grid {
            size,
            slide,
            align,
            offset,
            pane: gcd(size, slide),
            first_time: Time::MIN,
            min_end: Time::MIN,
        })
    }

    /// The grid of `spec` where no window starts below 0 when `clamp`
    /// (Kafka Streams' `TimeWindows.windowsFor`).
    pub fn clamped(spec: &WindowSpec, clamp: bool) -> Option<Grid> {
        let mut g = Grid::of(spec)?;
        if clamp {
            // The first window start at or after 0.
            let s0 = align_down(-1, g.align, g.offset) + g.align;
            g.first_time = s0;
            g.min_end = if g.cumulative() {
                s0 + g.slide
            } else {
                s0 + g.size
            };
        }
        Some(g)
    }

    /// Whether windows grow from their period's start (cumulate) rather
    /// than slide (a cumulate of one step per period is a tumbling window,
    /// and is run as one).
    #[inline]
    pub fn cumulative(&self) -> bool {
        self.align != self.slide
    }

    /// Start of the window ending at `end` (a window end).
    #[inline]
    pub fn start_of(&self, end: Time) -> Time {
        if self.cumulative() {
            align_down(end - self.slide, self.align, self.offset)
        } else {
            end - self.size
        }
    }

    /// Start of the slice holding `t`.
    #[inline]
    pub fn pane_start(&self, t: Time) -> Time {
        align_down(t, self.pane, self.offset)
    }

    /// Start of the latest window holding `t` (it may not hold `t` when
    /// `slide > size`).
    #[inline]
    pub fn last_start(&self, t: Time) -> Time {
        align_down(t, self.align, self.offset)
    }

    /// Whether `t` lies in some window (false between windows when
    /// `slide > size`, and before the first window when starts are clamped).
    #[inline]
    pub fn covered(&self, t: Time) -> bool {
        // When the slide divides the size (tumbling, 10 s / 1 s, cumulate)
        // windows tile time: skip the division on the hot path.
        t >= self.first_time && (self.pane == self.slide || t - self.last_start(t) < self.size)
    }

    /// End of the earliest window holding a slice that starts at `p` (a
    /// slice start), as if no start were clamped: with clamped starts a
    /// lower bound (the fast path may take it; exact is [`Grid::first_end`]).
    #[inline]
    pub fn first_end_holding(&self, p: Time) -> Time {
        if self.pane == self.slide {
            // slices are the slide grid: the earliest window starts at p - size + slide
            // (a cumulate's first window holding p ends one step later)
            return p + self.slide;
        }
        // smallest start s > p - size on the slide grid
        align_down(p - self.size, self.slide, self.offset) + self.slide + self.size
    }

    /// End of the earliest window holding slice `p` (starts clamped too).
    #[inline]
    pub fn first_end(&self, p: Time) -> Time {
        self.first_end_holding(p).max(self.min_end)
    }

    /// End of the earliest window holding slice `p` that ends after `w`,
    /// if any: the on-time firing a new slice brings. Computed, not stepped
    /// to (the lateness may span billions of windows), and checked, since
    /// `w` may be `+inf`.
    #[inline]
    pub fn first_end_after(&self, p: Time, w: Time) -> Option<Time> {
        let first = self.first_end(p);
        let e = if first > w {
            first
        } else {
            // the smallest first + j * slide > w
            let j = w.checked_sub(first)? / self.slide + 1;
            first.checked_add(j.checked_mul(self.slide)?)?
        };
        (e <= self.last_end_holding(p)).then_some(e)
    }

    /// End of the latest window holding a slice that starts at `p` (a slice
    /// start).
    #[inline]
    pub fn last_end_holding(&self, p: Time) -> Time {
        if self.pane == self.align {
            return p + self.size;
        }
        self.last_start(p) + self.size
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cumulate_windows_grow_from_the_period_start() {
        let spec = WindowSpec::Cumulate {
            step: 10,
            size: 40,
            offset: 0,
        };
        let ends = |t| -> Vec<(i64, i64)> {
            spec.windows_for(t)
                .into_iter()
                .map(|w| (w.start, w.end))
                .collect()
        };
        // t = 25 is after the first two ends of [0, 40): in [0,30), [0,40).
        assert_eq!(ends(25), vec![(0, 30), (0, 40)]);
        assert_eq!(ends(0), vec![(0, 10), (0, 20), (0, 30), (0, 40)]);
        assert_eq!(ends(39), vec![(0, 40)]);
        // Negative times align with floor: -1 is in the period [-40, 0).
        assert_eq!(ends(-1), vec![(-40, 0)]);
        assert_eq!(
            ends(-40),
            vec![(-40, -30), (-40, -20), (-40, -10), (-40, 0)]
        );
        let offset = WindowSpec::Cumulate {
            step: 10,
            size: 40,
            offset: 5,
        };
        assert_eq!(offset.windows_for(4)[0], Window { start: -35, end: 5 });
        let bad = WindowSpec::Cumulate {
            step: 15,
            size: 40,
            offset: 0,
        };
        assert!(matches!(
            bad.validate(),
            Err(EngineError::InvalidConfig {
                field: "window.step",
                ..
            })
        ));
    }

    fn w(start: i64, end: i64) -> Window {
        Window { start, end }
    }

    #[test]
    fn tumbling_assigns_one_window_floor_aligned() {
        let t = WindowSpec::tumbling(10_000);
        assert_eq!(t.windows_for(0), vec![w(0, 10_000)]);
        assert_eq!(t.windows_for(9_999), vec![w(0, 10_000)]);
        assert_eq!(t.windows_for(10_000), vec![w(10_000, 20_000)]);
        assert_eq!(t.windows_for(-1), vec![w(-10_000, 0)]);
        let o = WindowSpec::Tumbling {
            size: 10,
            offset: 3,
        };
        assert_eq!(o.windows_for(2), vec![w(-7, 3)]);
        assert_eq!(o.windows_for(3), vec![w(3, 13)]);
    }

    #[test]
    fn sliding_counts_follow_size_over_slide() {
        let s = WindowSpec::sliding(10_000, 2_000);
        let ws = s.windows_for(1_000);
        assert_eq!(ws.len(), 5);
        assert_eq!(ws[0], w(-8_000, 2_000));
        assert_eq!(ws[4], w(0, 10_000));
        // 10 s / 3 s: 3 or 4 windows
        let s3 = WindowSpec::sliding(10_000, 3_000);
        assert_eq!(s3.windows_for(0).len(), 4);
        assert_eq!(s3.windows_for(1_000).len(), 3);
        // slide > size: events between windows are in none
        let gap = WindowSpec::sliding(2_000, 5_000);
        assert_eq!(gap.windows_for(1_999), vec![w(0, 2_000)]);
        assert!(gap.windows_for(2_000).is_empty());
        assert!(gap.windows_for(-1).is_empty());
        assert_eq!(gap.windows_for(-5_000), vec![w(-5_000, -3_000)]);
    }

    #[test]
    fn grid_maps_slices_to_windows() {
        let g = Grid::of(&WindowSpec::sliding(10_000, 3_000)).unwrap();
        assert_eq!(g.pane, 1_000);
        assert_eq!(g.pane_start(-1), -1_000);
        assert_eq!(g.first_end_holding(1_000), 4_000); // [-6000,4000)
        assert_eq!(g.last_end_holding(1_000), 10_000); // [0,10000)
        assert_eq!(g.first_end_holding(0), 1_000); // [-9000,1000)
        let gap = Grid::of(&WindowSpec::sliding(2_000, 5_000)).unwrap();
        assert!(gap.covered(1_999));
        assert!(!gap.covered(2_000));
    }

    #[test]
    fn validation_names_the_field() {
        let e = WindowSpec::sliding(10, 0)
            .validate()
            .unwrap_err()
            .to_string();
        assert!(e.contains("window.slide = 0"), "{e}");
        let e = WindowSpec::sliding(1 << 48, 3)
            .validate()
            .unwrap_err()
            .to_string();
        assert!(e.contains("window.slide = 3"), "{e}");
        assert!(WindowSpec::sliding(100_000, 1).validate().is_ok());
        let e = WindowSpec::session(-5).validate().unwrap_err().to_string();
        assert!(e.contains("window.gap = -5"), "{e}");
    }
}
