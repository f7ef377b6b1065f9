//! What to simulate ([`SimConfig`]), its defaults, its checks (each error
//! names the JavaScript field), the event count it gives, and the golden
//! configuration whose stream hash every platform must reproduce.

use crate::error::{EngineError, Result};
use crate::time::MAX_ABS_TIME;

/// Largest number of sensors (per-sensor state is about 100 bytes).
pub(super) const MAX_SENSORS: u32 = 1_000_000;
/// Largest delay, burst or anomaly length in ms (2^31, about 24.8 days).
pub(super) const MAX_SPAN_MS: i64 = 1 << 31;
/// Most gateways (the engine's `sources` limit).
pub(super) const MAX_SOURCES: u32 = 65_536;
/// Largest magnitude of a value parameter (keeps every reading finite).
pub(super) const MAX_MAGNITUDE: f64 = 1e9;

/// What to simulate. Field names in errors are the JavaScript (camelCase)
/// names given in each field's documentation.
#[derive(Debug, Clone, PartialEq)]
pub struct SimConfig {
    /// `seed`: everything random follows from it.
    pub seed: u64,
    /// `sensors`: number of sensors; keys are `0..sensors` (1..=1,000,000).
    pub sensors: u32,
    /// `rateHz`: messages per sensor per second (`0 < rateHz <= 1000`: at
    /// most one reading per sensor per ms).
    pub rate_hz: f64,
    /// `durationMs`: event times lie in `[startMs, startMs + durationMs)`.
    /// Each sensor sends `round(rateHz * durationMs / 1000)` readings (at
    /// least 1), evenly spaced, outside bursty mode.
    pub duration_ms: i64,
    /// `startMs`: first possible event time (may be negative).
    pub start_ms: i64,
    /// `delayBaseMs`: network delay every event has (ms, >= 0).
    pub delay_base_ms: i64,
    /// `delaySpreadMs`: an on-time event's delay is `delayBaseMs` plus a
    /// uniform `0..=delaySpreadMs`. So a watermark out-of-orderness of
    /// `delaySpreadMs` lets no on-time event be late.
    pub delay_spread_ms: i64,
    /// `lateFraction`: share of events (0..=1) that are very late instead.
    pub late_fraction: f64,
    /// `lateMinMs`: a very late event's delay exceeds every on-time delay by
    /// a uniform `lateMinMs..=lateMaxMs` (`>= 1`): it is
    /// `delayBaseMs + delaySpreadMs + lateMinMs..=lateMaxMs`. So with a
    /// watermark out-of-orderness of `delaySpreadMs`, exactly the very late
    /// events can be late.
    pub late_min_ms: i64,
    /// `lateMaxMs`: see `lateMinMs`.
    pub late_max_ms: i64,
    /// `anomalies`: how many anomalies to inject (placed at random keys and
    /// times, never overlapping on one key).
    pub anomalies: u32,
    /// `anomalyDurationMs`: length of each anomaly (ms, >= 1 if any).
    pub anomaly_duration_ms: i64,
    /// `anomalyMagnitude`: the step an anomaly adds to readings, in noise
    /// standard deviations (`noiseStd` units; negative steps down).
    pub anomaly_magnitude: f64,
    /// `baseline`: mean reading over all sensors (say, 20 degrees C).
    pub baseline: f64,
    /// `baselineSpread`: each sensor's own baseline is `baseline` plus a
    /// uniform `-baselineSpread..baselineSpread`.
    pub baseline_spread: f64,
    /// `noiseStd`: standard deviation of the reading noise (approximately
    /// normal: a scaled sum of four uniforms, so within +/-3.46 sd).
    pub noise_std: f64,
    /// `driftAmplitude`: amplitude of a slow, smooth periodic drift.
    pub drift_amplitude: f64,
    /// `driftPeriodMs`: mean drift period (each sensor's is 0.5x..1.5x it).
    pub drift_period_ms: i64,
    /// `burstActiveMs`: 0 (default) for steady sensors; otherwise each
    /// sensor alternates active bursts of 0.5x..1.5x this length (ms) with
    /// idle gaps.
    pub burst_active_ms: i64,
    /// `burstIdleMs`: idle gap length in bursty mode: 1x..2x this (ms).
    /// Choose it larger than the session gap to see separate sessions.
    pub burst_idle_ms: i64,
    /// `sources`: gateways (1..=65,536); sensor `k` goes through gateway
    /// `k % sources`, and its events carry that source.
    pub sources: u32,
    /// `silence`: stretches of arrival time in which a gateway sends
    /// nothing (its events arriving then are lost, or, in backlog mode,
    /// held and sent when the silence ends).
    pub silence: Vec<Silence>,
    /// `skew`: gateways whose clock is off: their event times are shifted.
    pub skew: Vec<Skew>,
    /// `columns`: which of the stream's columns to fill (default all); the
    /// others stay empty. The rows are the same whatever is asked for.
    pub columns: Columns,
}

/// A set of [`SimStream`](super::SimStream) columns: a caller that reads
/// three of them need not pay for six.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Columns(pub u8);

impl Columns {
    /// `keys`.
    pub const KEYS: Columns = Columns(1);
    /// `times`.
    pub const TIMES: Columns = Columns(2);
    /// `arrivals`.
    pub const ARRIVALS: Columns = Columns(4);
    /// `values`.
    pub const VALUES: Columns = Columns(8);
    /// `anomaly`.
    pub const ANOMALY: Columns = Columns(16);
    /// `sources`.
    pub const SOURCES: Columns = Columns(32);
    /// Every column.
    pub const ALL: Columns = Columns(63);
    /// The JavaScript names, bit `i` naming `NAMES[i]`.
    pub const NAMES: [&'static str; 6] =
        ["keys", "times", "arrivals", "values", "anomaly", "sources"];

    /// Whether every column of `other` is in this set.
    pub fn contains(self, other: Columns) -> bool {
        self.0 & other.0 == other.0
    }
}

impl std::ops::BitOr for Columns {
    type Output = Columns;
    fn bitor(self, o: Columns) -> Columns {
        Columns(self.0 | o.0)
    }
}

/// `{ source, from, to, mode }`: gateway `source` sends nothing for
/// arrival times in `[from, to)`. Its events that would arrive then are
/// lost (`mode: "drop"`, the default) or, as a store-and-forward gateway
/// does, kept and sent when it reconnects (`mode: "backlog"`): they all
/// arrive at `to`, in event-time order (then key).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Silence {
    /// `source`: the gateway (below `sources`).
    pub source: u32,
    /// `from`: first silent arrival time (ms, inclusive).
    pub from_ms: i64,
    /// `to`: end of the silence (ms, exclusive; `> from`).
    pub to_ms: i64,
    /// `mode: "backlog"`: the events are delivered at `to` instead of lost.
    pub backlog: bool,
}

/// `{ source, ms }`: gateway `source`'s clock runs `ms` ahead (behind if
/// negative): the event times it stamps are the true ones plus `ms`.
/// Arrival times (the receiver's clock) are unchanged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Skew {
    /// `source`: the gateway (below `sources`; if it is given twice, the
    /// last entry counts).
    pub source: u32,
    /// `ms`: the shift (within +/-2^31 ms).
    pub ms: i64,
}

impl Default for SimConfig {
    /// 100 sensors at 10 Hz for a minute, 50 ms + 0..200 ms delay, 1 % very
    /// late (2 s..10 s), three 5 s anomalies of 6 sd, steady (not bursty),
    /// one gateway, never silent, its clock right.
    fn default() -> Self {
        SimConfig {
            seed: 42,
            sensors: 100,
            rate_hz: 10.0,
            duration_ms: 60_000,
            start_ms: 0,
            delay_base_ms: 50,
            delay_spread_ms: 200,
            late_fraction: 0.01,
            late_min_ms: 2_000,
            late_max_ms: 10_000,
            anomalies: 3,
            anomaly_duration_ms: 5_000,
            anomaly_magnitude: 6.0,
            baseline: 20.0,
            baseline_spread: 5.0,
            noise_std: 0.5,
            drift_amplitude: 1.0,
            drift_period_ms: 600_000,
            burst_active_ms: 0,
            burst_idle_ms: 0,
            sources: 1,
            silence: Vec::new(),
            skew: Vec::new(),
            columns: Columns::ALL,
        }
    }
}

fn invalid(field: &'static str, value: String, reason: &'static str) -> EngineError {
    EngineError::InvalidConfig {
        field,
        value,
        reason,
    }
}

/// A `silence` or `skew` entry's error: the entry's index goes with the
/// value. (Not inlined: one copy of the formatting.)
#[inline(never)]
fn entry(field: &'static str, v: i64, i: usize, reason: &'static str) -> EngineError {
    invalid(field, format!("{v} (entry {i})"), reason)
}

fn check_span(field: &'static str, v: i64, min: i64) -> Result<()> {
    if (min..=MAX_SPAN_MS).contains(&v) {
        Ok(())
    } else if min == 0 {
        Err(invalid(field, v.to_string(), "must be in 0..=2^31 ms"))
    } else {
        Err(invalid(field, v.to_string(), "must be in 1..=2^31 ms"))
    }
}

fn check_value(field: &'static str, v: f64, non_negative: bool) -> Result<()> {
    if !v.is_finite() || v.abs() > MAX_MAGNITUDE {
        Err(invalid(
            field,
            crate::float::to_string(v),
            "must be a finite number within +/-1e9",
        ))
    } else if non_negative && v < 0.0 {
        Err(invalid(field, crate::float::to_string(v), "must be >= 0"))
    } else {
        Ok(())
    }
}

impl SimConfig {
    /// Checks every field; the error names the first bad one (camelCase).
    pub fn validate(&self) -> Result<()> {
        self.validate_grid()?;
        self.validate_delays()?;
        self.validate_signal()?;
        self.validate_gateways()
    }

    /// Gateways: their count, silences and clock skews.
    fn validate_gateways(&self) -> Result<()> {
        if self.columns.0 & 63 == 0 {
            return Err(invalid(
                "columns",
                "[]".into(),
                "must name at least one column",
            ));
        }
        if !(1..=MAX_SOURCES).contains(&self.sources) {
            return Err(invalid(
                "sources",
                self.sources.to_string(),
                "must be in 1..=65536",
            ));
        }
        let bad = |field, v: i64, i: usize, reason| Err(entry(field, v, i, reason));
        for (i, s) in self.silence.iter().enumerate() {
            if s.source >= self.sources {
                return bad(
                    "silence.source",
                    s.source.into(),
                    i,
                    "must be below sources",
                );
            }
            if !(-MAX_ABS_TIME..=MAX_ABS_TIME).contains(&s.from_ms) {
                return bad("silence.from", s.from_ms, i, "must be within +/-2^53 ms");
            }
            if !(s.to_ms > s.from_ms && s.to_ms <= MAX_ABS_TIME) {
                return bad(
                    "silence.to",
                    s.to_ms,
                    i,
                    "must be > silence.from and within 2^53 ms",
                );
            }
        }
        for (i, s) in self.skew.iter().enumerate() {
            if s.source >= self.sources {
                return bad("skew.source", s.source.into(), i, "must be below sources");
            }
            // Every term is within 2^53 (or 2^31), so no sum overflows.
            let shifted = (
                self.start_ms + s.ms,
                self.start_ms + self.duration_ms + s.ms,
            );
            if !(-MAX_SPAN_MS..=MAX_SPAN_MS).contains(&s.ms)
                || shifted.0 < -MAX_ABS_TIME
                || shifted.1 > MAX_ABS_TIME
            {
                return bad(
                    "skew.ms",
                    s.ms,
                    i,
                    "must be within +/-2^31 ms, and keep event times within +/-2^53 ms",
                );
            }
        }
        Ok(())
    }

    /// Sensors, rate, duration and start: the readings' grid.
    fn validate_grid(&self) -> Result<()> {
        if !(1..=MAX_SENSORS).contains(&self.sensors) {
            return Err(invalid(
                "sensors",
                self.sensors.to_string(),
                "must be in 1..=1000000",
            ));
        }
        if !(self.rate_hz.is_finite() && self.rate_hz > 0.0 && self.rate_hz <= 1000.0) {
            return Err(invalid(
                "rateHz",
                crate::float::to_string(self.rate_hz),
                "must be a number > 0 and <= 1000 (one reading per sensor per ms at most)",
            ));
        }
        if !(1..=MAX_ABS_TIME).contains(&self.duration_ms) {
            return Err(invalid(
                "durationMs",
                self.duration_ms.to_string(),
                "must be in 1..=2^53 ms",
            ));
        }
        if self.per_sensor_events() == 0 {
            return Err(invalid(
                "durationMs",
                self.duration_ms.to_string(),
                "too short for one reading per sensor at rateHz",
            ));
        }
        if !(-MAX_ABS_TIME..=MAX_ABS_TIME).contains(&self.start_ms) {
            return Err(invalid(
                "startMs",
                self.start_ms.to_string(),
                "must be within +/-2^53 ms",
            ));
        }
        Ok(())
    }

    /// Network delays and very late events.
    fn validate_delays(&self) -> Result<()> {
        check_span("delayBaseMs", self.delay_base_ms, 0)?;
        check_span("delaySpreadMs", self.delay_spread_ms, 0)?;
        if !(self.late_fraction.is_finite() && (0.0..=1.0).contains(&self.late_fraction)) {
            return Err(invalid(
                "lateFraction",
                crate::float::to_string(self.late_fraction),
                "must be in 0..=1",
            ));
        }
        check_span("lateMinMs", self.late_min_ms, 1)?;
        check_span("lateMaxMs", self.late_max_ms, 0)?;
        if self.late_max_ms < self.late_min_ms {
            return Err(invalid(
                "lateMaxMs",
                self.late_max_ms.to_string(),
                "must be >= lateMinMs",
            ));
        }
        let max_delay = self.max_delay_ms();
        // Both terms are within 2^53, so the sum cannot overflow.
        if self.start_ms + self.duration_ms + max_delay > MAX_ABS_TIME {
            return Err(invalid(
                "durationMs",
                self.duration_ms.to_string(),
                "startMs + durationMs + the largest delay must stay within 2^53 ms",
            ));
        }
        Ok(())
    }

    /// Anomalies, values, drift and bursts.
    fn validate_signal(&self) -> Result<()> {
        if self.anomalies > 0 {
            check_span("anomalyDurationMs", self.anomaly_duration_ms, 1)?;
            if self.anomalies as u64 > self.anomaly_capacity() {
                return Err(invalid(
                    "anomalies",
                    self.anomalies.to_string(),
                    "too many: at most sensors x floor(durationMs / (2 x anomalyDurationMs)) / 2",
                ));
            }
        }
        check_value("anomalyMagnitude", self.anomaly_magnitude, false)?;
        check_value("baseline", self.baseline, false)?;
        check_value("baselineSpread", self.baseline_spread, true)?;
        check_value("noiseStd", self.noise_std, true)?;
        check_value("driftAmplitude", self.drift_amplitude, true)?;
        if self.drift_period_ms < 1 || self.drift_period_ms > MAX_ABS_TIME {
            return Err(invalid(
                "driftPeriodMs",
                self.drift_period_ms.to_string(),
                "must be in 1..=2^53 ms",
            ));
        }
        check_span("burstActiveMs", self.burst_active_ms, 0)?;
        if self.burst_active_ms > 0 {
            check_span("burstIdleMs", self.burst_idle_ms, 1)?;
        }
        Ok(())
    }

    /// The largest network delay an event can get: `delayBaseMs +
    /// delaySpreadMs + lateMaxMs` (a very late event's).
    pub fn max_delay_ms(&self) -> i64 {
        self.delay_base_ms + self.delay_spread_ms + self.late_max_ms
    }

    /// An arrival time past every event's: `startMs + durationMs` plus the
    /// largest delay, plus 1 (or a backlog silence's `to` plus 1, if later). A consumer that follows the stream by arrival
    /// (the factory's wall clock) is done when it gets there.
    pub fn arrival_end_ms(&self) -> i64 {
        let end = self.start_ms + self.duration_ms + self.max_delay_ms() + 1;
        // A backlog is sent at its silence's end, which may be later.
        self.silence
            .iter()
            .filter(|q| q.backlog && q.from_ms < end)
            .fold(end, |e, q| e.max(q.to_ms + 1))
    }

    /// Readings per sensor outside bursty mode:
    /// `round(rateHz * durationMs / 1000)`.
    pub fn per_sensor_events(&self) -> u64 {
        let n = libm::round(self.rate_hz * self.duration_ms as f64 / 1000.0);
        if n.is_finite() && n > 0.0 {
            n as u64
        } else {
            0
        }
    }

    /// Total events outside bursty mode: `sensors * per_sensor_events()`
    /// (in bursty mode, an upper bound), saturating at `u64::MAX`: a
    /// million sensors over 2^53 ms overflow u64, and a count that wrapped
    /// to a small one would pass a caller's size check.
    pub fn expected_events(&self) -> u64 {
        (self.sensors as u64).saturating_mul(self.per_sensor_events())
    }

    /// Most anomalies that fit: time is cut into slots of twice the anomaly
    /// length, at most one anomaly per sensor and slot, half the slots used.
    fn anomaly_capacity(&self) -> u64 {
        if self.anomaly_duration_ms < 1 {
            return 0;
        }
        let slots = (self.duration_ms / (2 * self.anomaly_duration_ms)) as u64;
        // Saturating: up to 10^6 sensors x 2^52 slots overflow u64, and any
        // count of anomalies (a u32) fits in a capacity that large.
        (self.sensors as u64).saturating_mul(slots) / 2
    }
}

/// The fixed small configuration whose stream hash is [`GOLDEN_HASH`] on
/// every platform: 4 sensors at 10 Hz for 10 s, delays, 5 % very late
/// events, 2 anomalies and bursty sensors, so every feature is covered.
pub fn golden_config() -> SimConfig {
    SimConfig {
        seed: 2024,
        sensors: 4,
        rate_hz: 10.0,
        duration_ms: 10_000,
        start_ms: 1_000,
        delay_base_ms: 20,
        delay_spread_ms: 150,
        late_fraction: 0.05,
        late_min_ms: 500,
        late_max_ms: 3_000,
        anomalies: 2,
        anomaly_duration_ms: 1_000,
        anomaly_magnitude: 6.0,
        baseline: 20.0,
        baseline_spread: 5.0,
        noise_std: 0.5,
        drift_amplitude: 1.0,
        drift_period_ms: 8_000,
        burst_active_ms: 3_000,
        burst_idle_ms: 1_500,
        ..SimConfig::default()
    }
}
