//! The memory model's inputs ([`MemoryParams`]) with their defaults, and
//! the checks that name the first input out of range.

use crate::error::{EngineError, Result};
use crate::float::Shortest;
use crate::memory::engine_state_bytes_per_key;
use crate::time::MAX_ABS_TIME;
use crate::window::WindowSpec;

use super::{
    DEFAULT_STATE_OVERHEAD, DEFAULT_TARGET_UTILIZATION, DEFAULT_TUMBLING_WINDOWS_HELD, MAX_BYTES,
    MAX_SENSORS, MAX_STATE_OVERHEAD, MAX_TUMBLING_WINDOWS_HELD,
};

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
    /// [`CHAPTER_STATE_BYTES_PER_KEY`](super::CHAPTER_STATE_BYTES_PER_KEY).
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

pub(super) fn invalid(
    field: &'static str,
    value: impl ToString,
    reason: &'static str,
) -> EngineError {
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
        Err(invalid(field, Shortest(v), reason))
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
        self.validate_fleet()?;
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
        self.validate_sizing()
    }

    /// Sensors, their rate and their message size.
    fn validate_fleet(&self) -> Result<()> {
        let s = in_range(
            "sensors",
            self.sensors,
            1.0,
            true,
            MAX_SENSORS,
            "must be a whole number in 1..=2^32",
        )?;
        if s.fract() != 0.0 {
            return Err(invalid(
                "sensors",
                Shortest(s),
                "must be a whole number in 1..=2^32",
            ));
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
        Ok(())
    }

    /// State per key, instance, overhead, target and windows held.
    fn validate_sizing(&self) -> Result<()> {
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
}
