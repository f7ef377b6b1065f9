//! What an engine is configured with: the window assigner, the watermark's
//! out-of-orderness, the allowed lateness, the time domain and the caps on
//! state. [`Config::validate`] names the first field out of range.

use crate::error::{EngineError, Result};
use crate::time::MAX_ABS_TIME;
use crate::window::WindowSpec;

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

/// Caps on state, so a runaway stream is an error rather than an
/// out-of-memory abort. An event that would exceed one is rejected, and
/// nothing already accepted is lost.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Most keys with live state at once.
    pub max_keys: u64,
    /// Most state entries (slices or sessions) at once, over all keys.
    pub max_open_windows: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_keys: 1_000_000,
            max_open_windows: 10_000_000,
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

    /// Checks every field, naming the first one out of range.
    pub fn validate(&self) -> Result<()> {
        self.window.validate()?;
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
        for (field, v) in [
            ("limits.maxKeys", self.limits.max_keys),
            ("limits.maxOpenWindows", self.limits.max_open_windows),
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
