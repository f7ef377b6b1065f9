//! The factory's anomaly detector, over the sliding engine's results: a
//! per-sensor baseline (EWMA of the sensor's earlier window means and
//! variances) and a z-score test against it. A window's result enters the
//! baseline only after a delay line of `delay` windows (`size / slide`
//! rounded up), so the windows that overlap the one being judged (they
//! already hold part of an anomaly) are not in its baseline; windows judged
//! anomalous never enter it. Pure arithmetic, the same natively and in wasm
//! (`www/widgets/factory-worker.js` feeds it through `AnomalyDetector`).

use crate::error::{EngineError, Result};

/// The detector's settings (the factory widget's `k`, `alpha`, `warmup`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DetectorConfig {
    /// Sensors: keys are `0..sensors`.
    pub sensors: u32,
    /// A window is anomalous when `|mean - baseline| / sd > k`.
    pub k: f64,
    /// EWMA weight of a window entering the baseline (`0 < alpha <= 1`).
    pub alpha: f64,
    /// Windows in a sensor's baseline before its windows are judged.
    pub warmup: u32,
    /// Windows in the delay line: `ceil(size / slide)` of the sliding window.
    pub delay: u32,
}

/// Largest sensor count (as the simulator's) and delay line length: the
/// detector keeps `sensors x delay` entries.
const MAX_ENTRIES: u64 = 1 << 26;

/// Floor of the baseline variance: a constant sensor (variance 0) still
/// gives a finite z.
const MIN_VARIANCE: f64 = 1e-12;

/// What the detector says about one window result.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Verdict {
    /// Not judged: the sensor's baseline has fewer than `warmup` windows.
    Warmup,
    /// Within `k` standard deviations of the baseline.
    Normal,
    /// More than `k` standard deviations off.
    Anomalous {
        /// The first anomalous window of a run (the previous judged window
        /// of this sensor was normal): an alert starts here.
        opens: bool,
        /// `(mean - baseline) / sd`.
        z: f64,
        /// The baseline mean it was judged against.
        baseline: f64,
        /// The baseline standard deviation (`sqrt(max(variance, 1e-12))`).
        sd: f64,
    },
}

/// One entry of a sensor's delay line.
#[derive(Debug, Clone, Copy, Default)]
struct Delayed {
    mean: f64,
    variance: f64,
    anomalous: bool,
}

/// Per-sensor baselines and delay lines (see the module docs).
#[derive(Debug, Clone)]
pub struct AnomalyDetector {
    cfg: DetectorConfig,
    base_mean: Vec<f64>,
    base_var: Vec<f64>,
    /// Windows in the baseline, saturating.
    seen: Vec<u16>,
    /// `delay` entries per sensor.
    line: Vec<Delayed>,
    /// Windows of each sensor seen so far (the delay line's write position).
    pos: Vec<u64>,
    /// The sensor's last judged window was anomalous.
    in_run: Vec<bool>,
}

fn invalid(field: &'static str, value: impl ToString, reason: &'static str) -> EngineError {
    EngineError::InvalidConfig {
        field,
        value: value.to_string(),
        reason,
    }
}

impl DetectorConfig {
    /// Checks each field, naming the first one out of range.
    pub fn validate(&self) -> Result<()> {
        if self.sensors == 0 {
            return Err(invalid("sensors", self.sensors, "must be at least 1"));
        }
        if !(self.k.is_finite() && self.k >= 0.0) {
            return Err(invalid(
                "k",
                crate::float::Shortest(self.k),
                "must be a finite number >= 0",
            ));
        }
        if !(self.alpha > 0.0 && self.alpha <= 1.0) {
            return Err(invalid(
                "alpha",
                crate::float::Shortest(self.alpha),
                "must be in (0, 1]",
            ));
        }
        if self.delay == 0 {
            return Err(invalid("delay", self.delay, "must be at least 1"));
        }
        if self.sensors as u64 * self.delay as u64 > MAX_ENTRIES {
            return Err(invalid(
                "delay",
                self.delay,
                "sensors x delay must be at most 2^26 (the delay lines' size)",
            ));
        }
        Ok(())
    }
}

impl AnomalyDetector {
    /// A detector with empty baselines. Errors name the invalid field.
    pub fn new(cfg: DetectorConfig) -> Result<AnomalyDetector> {
        cfg.validate()?;
        let n = cfg.sensors as usize;
        Ok(AnomalyDetector {
            cfg,
            base_mean: vec![0.0; n],
            base_var: vec![0.0; n],
            seen: vec![0; n],
            line: vec![Delayed::default(); n * cfg.delay as usize],
            pos: vec![0; n],
            in_run: vec![false; n],
        })
    }

    /// The settings.
    pub fn config(&self) -> &DetectorConfig {
        &self.cfg
    }

    /// Changes the threshold from the next window on (baselines are kept).
    pub fn set_k(&mut self, k: f64) -> Result<()> {
        DetectorConfig { k, ..self.cfg }.validate()?;
        self.cfg.k = k;
        Ok(())
    }

    /// Checks that `key` is one of the detector's sensors.
    pub fn check_key(&self, key: u32) -> Result<()> {
        if key < self.cfg.sensors {
            Ok(())
        } else {
            Err(EngineError::InvalidEvent {
                field: "key",
                value: key.to_string(),
                reason: "must be below the detector's sensors",
            })
        }
    }

    /// Judges the next window result of sensor `key` (its `mean` and
    /// population `variance`), then moves the window that leaves the delay
    /// line into the baseline unless it was anomalous.
    pub fn observe(&mut self, key: u32, mean: f64, variance: f64) -> Result<Verdict> {
        self.check_key(key)?;
        let k = key as usize;
        let verdict = self.judge(k, mean);
        let anomalous = matches!(verdict, Verdict::Anomalous { .. });
        let delay = self.cfg.delay as u64;
        let at = k * delay as usize + (self.pos[k] % delay) as usize;
        let leaving = self.line[at];
        if self.pos[k] >= delay && !leaving.anomalous {
            self.admit(k, leaving.mean, leaving.variance);
        }
        self.line[at] = Delayed {
            mean,
            variance,
            anomalous,
        };
        self.pos[k] += 1;
        Ok(verdict)
    }

    fn judge(&mut self, k: usize, mean: f64) -> Verdict {
        if (self.seen[k] as u32) < self.cfg.warmup {
            return Verdict::Warmup;
        }
        let baseline = self.base_mean[k];
        let sd = self.base_var[k].max(MIN_VARIANCE).sqrt();
        let z = (mean - baseline) / sd;
        if z.abs() > self.cfg.k {
            let opens = !self.in_run[k];
            self.in_run[k] = true;
            Verdict::Anomalous {
                opens,
                z,
                baseline,
                sd,
            }
        } else {
            self.in_run[k] = false;
            Verdict::Normal
        }
    }

    /// A window leaving the delay line enters the sensor's baseline.
    fn admit(&mut self, k: usize, mean: f64, variance: f64) {
        let a = self.cfg.alpha;
        if self.seen[k] == 0 {
            self.base_mean[k] = mean;
            self.base_var[k] = variance;
        } else {
            self.base_mean[k] += a * (mean - self.base_mean[k]);
            self.base_var[k] += a * (variance - self.base_var[k]);
        }
        self.seen[k] = self.seen[k].saturating_add(1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn detector(k: f64) -> AnomalyDetector {
        AnomalyDetector::new(DetectorConfig {
            sensors: 2,
            k,
            alpha: 0.5,
            warmup: 2,
            delay: 2,
        })
        .unwrap()
    }

    fn anomalous(opens: bool, z: f64, baseline: f64, sd: f64) -> Verdict {
        Verdict::Anomalous {
            opens,
            z,
            baseline,
            sd,
        }
    }

    /// Worked by hand (delay 2, warmup 2, alpha 0.5, k 3): window i enters
    /// the baseline when window i + 2 is judged, unless it was anomalous.
    #[test]
    fn baseline_delay_line_and_runs_worked_by_hand() {
        let mut d = detector(3.0);
        let windows = [
            (10.0, 1.0),  // w0: warm-up (baseline empty)
            (12.0, 1.0),  // w1: warm-up
            (11.0, 1.0),  // w2: warm-up; w0 enters: baseline 10, var 1
            (11.0, 1.0),  // w3: warm-up (1 window in); w1 enters: 10 + (12 - 10) / 2 = 11
            (11.0, 1.0),  // w4: z 0; w2 enters: 11
            (15.0, 4.0),  // w5: z 4 > 3, a run opens; w3 enters: 11
            (16.0, 9.0),  // w6: z 5, the run goes on; w4 enters: 11
            (12.0, 1.0),  // w7: z 1, the run ends; w5 was anomalous: not admitted
            (15.0, 1.0),  // w8: z 4, a new run; w6 anomalous: not admitted
            (13.0, 1.0),  // w9: z 2; w7 enters: 11 + (12 - 11) / 2 = 11.5
            (14.5, 1.0),  // w10: z 3, not over 3; w8 anomalous: not admitted
            (14.6, 1.0),  // w11: z 3.1 > 3, opens; w9 enters: 11.5 + 1.5 / 2 = 12.25
            (12.25, 1.0), // w12: z 0 against 12.25
        ];
        let want = [
            Verdict::Warmup,
            Verdict::Warmup,
            Verdict::Warmup,
            Verdict::Warmup,
            Verdict::Normal,
            anomalous(true, 4.0, 11.0, 1.0),
            anomalous(false, 5.0, 11.0, 1.0),
            Verdict::Normal,
            anomalous(true, 4.0, 11.0, 1.0),
            Verdict::Normal,
            Verdict::Normal,
            anomalous(true, 14.6 - 11.5, 11.5, 1.0),
            Verdict::Normal,
        ];
        for (i, ((mean, var), want)) in windows.iter().zip(want).enumerate() {
            assert_eq!(d.observe(0, *mean, *var).unwrap(), want, "window {i}");
        }
    }

    #[test]
    fn sensors_are_independent_and_a_flat_sensor_has_a_finite_z() {
        let mut d = detector(3.0);
        for _ in 0..4 {
            d.observe(1, 5.0, 0.0).unwrap();
        }
        // Key 0 is still warming up whatever key 1 did.
        assert_eq!(d.observe(0, 100.0, 0.0).unwrap(), Verdict::Warmup);
        // Key 1: baseline 5, variance 0 floored at 1e-12 (sd 1e-6).
        assert_eq!(d.observe(1, 5.0, 0.0).unwrap(), Verdict::Normal);
        assert_eq!(
            d.observe(1, 5.000_01, 0.0).unwrap(),
            anomalous(true, (5.000_01 - 5.0) / 1e-6, 5.0, 1e-6)
        );
    }

    #[test]
    fn k_can_change_between_windows() {
        let mut d = detector(3.0);
        for _ in 0..4 {
            d.observe(0, 10.0, 1.0).unwrap();
        }
        assert_eq!(d.observe(0, 12.0, 1.0).unwrap(), Verdict::Normal); // z 2
        d.set_k(1.5).unwrap();
        assert_eq!(
            d.observe(0, 12.0, 1.0).unwrap(),
            anomalous(true, 2.0, 10.0, 1.0)
        );
        assert!(d.set_k(f64::NAN).is_err());
        assert_eq!(d.config().k, 1.5);
    }

    #[test]
    fn bad_keys_and_settings_name_the_field() {
        let mut d = detector(3.0);
        let field = |e: EngineError| match e {
            EngineError::InvalidConfig { field, .. } | EngineError::InvalidEvent { field, .. } => {
                field
            }
            other => panic!("{other:?}"),
        };
        assert_eq!(field(d.observe(2, 1.0, 1.0).unwrap_err()), "key");
        let ok = DetectorConfig {
            sensors: 2,
            k: 2.0,
            alpha: 0.2,
            warmup: 3,
            delay: 10,
        };
        let bad = [
            (DetectorConfig { sensors: 0, ..ok }, "sensors"),
            (DetectorConfig { k: -1.0, ..ok }, "k"),
            (DetectorConfig { alpha: 0.0, ..ok }, "alpha"),
            (DetectorConfig { alpha: 1.5, ..ok }, "alpha"),
            (DetectorConfig { delay: 0, ..ok }, "delay"),
            (
                DetectorConfig {
                    sensors: 1_000_000,
                    delay: 100,
                    ..ok
                },
                "delay",
            ),
        ];
        for (cfg, want) in bad {
            assert_eq!(
                field(AnomalyDetector::new(cfg).unwrap_err()),
                want,
                "{cfg:?}"
            );
        }
    }
}
