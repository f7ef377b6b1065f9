//! What an engine is configured with: the window assigner, the watermark's
//! out-of-orderness, the allowed lateness, the time domain and the caps on
//! state. [`Config::validate`] names the first field out of range.

use crate::error::{EngineError, Result};
use crate::time::MAX_ABS_TIME;
use crate::window::{gcd, WindowSpec};

/// Most slices one window may span (`size / gcd(size, slide)`): 5,000,
/// which allows 1 h / 1 s and 10 s / 2 ms and refuses 10 s / 1 ms. Firing a
/// window merges the key's slices in it, so with about one event per slice
/// a design past this does quadratic work (sliding 100 s / 1 ms over
/// 50,000 in-order events took 9.8 s to push and 31 s to flush in a
/// browser). Min and max are not invertible, so a prefix-sum scheme does
/// not fit the aggregate; the engine refuses such designs instead. (The
/// memory model, which runs nothing, still takes them.)
pub const MAX_SLICES_PER_WINDOW: i64 = 5_000;

/// Most sources one engine may declare up front.
pub const MAX_SOURCES: u32 = 65_536;

/// Which clock windows follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TimeDomain {
    /// Event time: windows by the event's own time, fired by the watermark.
    #[default]
    Event,
    /// Processing time: windows by arrival time, fired by the arrival clock.
    /// Nothing is late; out-of-orderness and lateness do not apply.
    Processing,
}

/// When a window reports (`SEMANTICS.md`, "triggers (v2)").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// Flink's and Beam's default: on time at `W >= end`, late firings
    /// after, plus the optional early firings of [`Trigger::early`].
    #[default]
    Watermark,
    /// Kafka Streams' default: every accepted event fires each window it
    /// entered at once; nothing fires at `W >= end`.
    EveryEvent,
    /// Kafka Streams' `suppress(untilWindowCloses)`, Spark's append mode:
    /// one firing per window, kind `final`, when `W >= end + L`.
    Final,
}

/// Early firings in [`Mode::Watermark`], while `W < end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Early {
    /// Each time this many events were added since the previous firing.
    Count(u64),
    /// At the multiples of this period of event time the watermark passes.
    EventTime(i64),
    /// This long on the processing clock after the first event added since
    /// the previous firing arrived.
    ProcessingTime(i64),
}

/// When results are emitted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Trigger {
    /// The mode.
    pub mode: Mode,
    /// Early firings (watermark mode only).
    pub early: Option<Early>,
}

/// How a window's refinement relates to its previous firing
/// (`SEMANTICS.md`, "accumulation (v2)").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Accumulation {
    /// Every firing reports everything the window holds (Flink's default).
    #[default]
    Accumulating,
    /// Every firing reports only what was added since the previous one.
    Discarding,
    /// As accumulating, each refinement preceded by a `retract` row of the
    /// totals last emitted.
    Retracting,
}

/// Caps on state, so a runaway stream is an error rather than an
/// out-of-memory abort. An event that would exceed one is rejected, and
/// nothing already accepted is lost.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Most keys with live state at once.
    pub max_keys: u64,
    /// Most state entries (slices or sessions) at once, over all keys
    /// (what JavaScript's deprecated `maxOpenWindows` counted).
    pub max_state_entries: u64,
    /// Most results fired and not drained: a push is refused at this many
    /// (drain and go on), and firing stops here with the rest of the due
    /// windows queued (`flush`/`advance_*` say so with
    /// [`EngineError::FiringLimit`](crate::EngineError::FiringLimit); the
    /// next call after a drain resumes). A push's own late firings (at most
    /// the windows per event) may go past it.
    pub max_pending_results: u64,
    /// Most side-output events not drained: an event bound for the side
    /// output is refused at this many.
    pub max_pending_late: u64,
    /// Most rows one query ([`crate::Engine::try_open_windows`]) returns.
    pub max_query_results: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_keys: 1_000_000,
            max_state_entries: 10_000_000,
            max_pending_results: 1_000_000,
            max_pending_late: 1_000_000,
            max_query_results: 100_000,
        }
    }
}

/// Engine configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Config {
    /// The window assigner.
    pub window: WindowSpec,
    /// Bounded out-of-orderness `d`: `W = max event time - d` (ms, >= 0).
    pub max_out_of_orderness: i64,
    /// Allowed lateness `L` (ms, >= 0).
    pub allowed_lateness: i64,
    /// Event time or processing time.
    pub time_domain: TimeDomain,
    /// State caps.
    pub limits: Limits,
    /// When windows report.
    pub trigger: Trigger,
    /// How refinements relate.
    pub accumulation: Accumulation,
    /// Sources declared up front (`0..sources`), each holding the watermark
    /// at `-inf` until it sends or goes idle; 0 declares none.
    pub sources: u32,
    /// A source silent this long on the processing clock is idle and leaves
    /// the watermark's min (ms); `None`: sources never go idle.
    pub idle_timeout: Option<i64>,
    /// No window starts below 0 (Kafka Streams' `TimeWindows.windowsFor`).
    pub clamp_starts_at_zero: bool,
}

impl Config {
    /// Event-time config with no allowed lateness.
    pub fn event_time(window: WindowSpec, max_out_of_orderness: i64) -> Config {
        Config {
            window,
            max_out_of_orderness,
            allowed_lateness: 0,
            time_domain: TimeDomain::Event,
            limits: Limits::default(),
            trigger: Trigger::default(),
            accumulation: Accumulation::default(),
            sources: 0,
            idle_timeout: None,
            clamp_starts_at_zero: false,
        }
    }

    /// The same config with allowed lateness `l`.
    pub fn with_lateness(mut self, l: i64) -> Config {
        self.allowed_lateness = l;
        self
    }

    /// Processing-time config.
    pub fn processing_time(window: WindowSpec) -> Config {
        Config {
            time_domain: TimeDomain::Processing,
            ..Config::event_time(window, 0)
        }
    }

    /// The trigger, accumulation and source settings (`SEMANTICS.md`, v2).
    fn validate_v2(&self) -> Result<()> {
        let bad = |field, value: String, reason| {
            Err(EngineError::InvalidConfig {
                field,
                value,
                reason,
            })
        };
        let period = |field, p: i64| {
            if (1..=MAX_ABS_TIME).contains(&p) {
                Ok(())
            } else {
                bad(
                    field,
                    p.to_string(),
                    "must be a whole number of ms in 1..=2^53",
                )
            }
        };
        match (self.trigger.mode, self.trigger.early) {
            (Mode::Watermark, Some(Early::Count(0))) => {
                return bad("trigger.early.count", "0".into(), "must be at least 1")
            }
            (Mode::Watermark, Some(Early::EventTime(p))) => period("trigger.early.eventTime", p)?,
            (Mode::Watermark, Some(Early::ProcessingTime(p))) => {
                period("trigger.early.processingTime", p)?
            }
            (Mode::EveryEvent | Mode::Final, Some(_)) => {
                return bad(
                    "trigger.early",
                    // As JavaScript wrote it, not Rust's Debug form.
                    match self.trigger.early {
                        Some(Early::Count(n)) => format!("{{ count: {n} }}"),
                        Some(Early::EventTime(p)) => format!("{{ eventTime: {p} }}"),
                        Some(Early::ProcessingTime(p)) => format!("{{ processingTime: {p} }}"),
                        None => String::new(),
                    },
                    "is valid in watermark mode only (every-event and final modes fire by their own rule)",
                );
            }
            _ => {}
        }
        if let Some(t) = self.idle_timeout {
            period("watermark.idleTimeout", t)?;
        }
        if self.sources > MAX_SOURCES {
            return bad(
                "sources",
                self.sources.to_string(),
                "must be at most 65536 declared sources",
            );
        }
        if self.time_domain == TimeDomain::Processing {
            let v1 = Config::processing_time(self.window);
            let mode = match self.trigger.mode {
                Mode::Watermark => "watermark",
                Mode::EveryEvent => "every-event",
                Mode::Final => "final",
            };
            let accumulation = match self.accumulation {
                Accumulation::Accumulating => "accumulating",
                Accumulation::Discarding => "discarding",
                Accumulation::Retracting => "retracting",
            };
            for (field, differs, value) in [
                (
                    "trigger",
                    self.trigger != v1.trigger,
                    format!(
                        "{{ mode: {mode}{} }}",
                        if self.trigger.early.is_some() {
                            ", early"
                        } else {
                            ""
                        }
                    ),
                ),
                (
                    "accumulation",
                    self.accumulation != v1.accumulation,
                    accumulation.to_string(),
                ),
                ("sources", self.sources != 0, self.sources.to_string()),
                (
                    "watermark.idleTimeout",
                    self.idle_timeout.is_some(),
                    self.idle_timeout.unwrap_or(0).to_string(),
                ),
            ] {
                if differs {
                    return bad(
                        field,
                        value,
                        "applies to event time only (processing-time windows fire once, at the clock)",
                    );
                }
            }
        }
        Ok(())
    }

    /// Checks every field, naming the first one out of range.
    pub fn validate(&self) -> Result<()> {
        self.window.validate()?;
        if let WindowSpec::Sliding { size, slide, .. } = self.window {
            if size / gcd(size, slide) > MAX_SLICES_PER_WINDOW {
                return Err(EngineError::InvalidConfig {
                    field: "window.slide",
                    value: slide.to_string(),
                    reason: "makes each window a merge of more than 5000 slices \
                             (size / gcd(size, slide)), which costs quadratic time; \
                             use a slide that divides the size in coarser steps",
                });
            }
        }
        if let WindowSpec::Cumulate { step, size, .. } = self.window {
            // Window k merges the period's first k slices: the same
            // quadratic cost past 5000 slices as a sliding window's.
            if size / step > MAX_SLICES_PER_WINDOW {
                return Err(EngineError::InvalidConfig {
                    field: "window.step",
                    value: step.to_string(),
                    reason: "makes the longest window a merge of more than 5000 slices \
                             (size / step), which costs quadratic time; use a larger step",
                });
            }
        }
        let range = |field, v: i64| {
            if (0..=MAX_ABS_TIME).contains(&v) {
                Ok(())
            } else {
                Err(EngineError::InvalidConfig {
                    field,
                    value: v.to_string(),
                    reason: "must be a whole number of ms in 0..=2^53",
                })
            }
        };
        range("watermark.maxOutOfOrderness", self.max_out_of_orderness)?;
        range("allowedLateness", self.allowed_lateness)?;
        self.validate_v2()?;
        for (field, v) in [
            ("limits.maxKeys", self.limits.max_keys),
            ("limits.maxStateEntries", self.limits.max_state_entries),
            ("limits.maxPendingResults", self.limits.max_pending_results),
            ("limits.maxPendingLate", self.limits.max_pending_late),
            ("limits.maxQueryResults", self.limits.max_query_results),
        ] {
            if v == 0 {
                return Err(EngineError::InvalidConfig {
                    field,
                    value: "0".into(),
                    reason: "must be at least 1",
                });
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field_of(c: Config) -> Option<&'static str> {
        match c.validate() {
            Err(EngineError::InvalidConfig { field, .. }) => Some(field),
            _ => None,
        }
    }

    #[test]
    fn v2_settings_name_the_field_they_break() {
        let base = Config::event_time(WindowSpec::tumbling(1000), 0);
        let with = |mode, early| Config {
            trigger: Trigger { mode, early },
            ..base
        };
        assert_eq!(field_of(with(Mode::Watermark, Some(Early::Count(1)))), None);
        assert_eq!(
            field_of(with(Mode::Watermark, Some(Early::Count(0)))),
            Some("trigger.early.count")
        );
        assert_eq!(
            field_of(with(Mode::Watermark, Some(Early::EventTime(0)))),
            Some("trigger.early.eventTime")
        );
        assert_eq!(
            field_of(with(Mode::Watermark, Some(Early::ProcessingTime(-5)))),
            Some("trigger.early.processingTime")
        );
        assert_eq!(
            field_of(with(Mode::Final, Some(Early::Count(3)))),
            Some("trigger.early")
        );
        match with(Mode::Final, Some(Early::Count(3))).validate() {
            Err(EngineError::InvalidConfig { value, .. }) => assert_eq!(value, "{ count: 3 }"),
            other => panic!("{other:?}"),
        }
        assert_eq!(
            field_of(with(Mode::EveryEvent, Some(Early::EventTime(10)))),
            Some("trigger.early")
        );
        assert_eq!(field_of(with(Mode::Final, None)), None);
        let idle = |t| Config {
            idle_timeout: Some(t),
            ..base
        };
        assert_eq!(field_of(idle(0)), Some("watermark.idleTimeout"));
        assert_eq!(field_of(idle(1)), None);
        let declared = |n| Config { sources: n, ..base };
        assert_eq!(field_of(declared(65_536)), None);
        assert_eq!(field_of(declared(65_537)), Some("sources"));
        let processing = Config::processing_time(WindowSpec::tumbling(1000));
        assert_eq!(
            field_of(Config {
                accumulation: Accumulation::Discarding,
                ..processing
            }),
            Some("accumulation")
        );
        match (Config {
            accumulation: Accumulation::Discarding,
            ..processing
        })
        .validate()
        {
            Err(EngineError::InvalidConfig { value, .. }) => assert_eq!(value, "discarding"),
            other => panic!("{other:?}"),
        }
    }

    fn slide_error(size: i64, slide: i64) -> Option<String> {
        Config::event_time(WindowSpec::sliding(size, slide), 0)
            .validate()
            .err()
            .map(|e| e.to_string())
    }

    #[test]
    fn windows_of_more_than_5000_slices_are_refused() {
        assert_eq!(slide_error(10_000, 2), None);
        assert_eq!(slide_error(3_600_000, 1_000), None); // 1 h / 1 s
        assert_eq!(slide_error(5_000, 3), None); // gcd 1: 5000 slices
                                                 // 100 s / 1 ms: 100,000 windows per event is allowed, but each
                                                 // window would merge 100,000 slices.
        let e = slide_error(100_000, 1).expect("refused");
        assert!(
            e.contains("window.slide = 1") && e.contains("5000 slices"),
            "{e}"
        );
        assert!(slide_error(10_000, 1).is_some());
        // A slide that does not divide the size: the slices are gcd long.
        let e = slide_error(10_001, 10_000).expect("refused");
        assert!(e.contains("window.slide = 10000"), "{e}");
        // The assigner alone (and so the memory model) still takes them.
        assert!(WindowSpec::sliding(100_000, 1).validate().is_ok());
    }
}
