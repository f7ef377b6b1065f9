//! Named bundles of engine settings, so one trace can be run under each
//! engine's rules (`SEMANTICS.md`, "Presets (v2)"). A preset sets defaults;
//! every setting given explicitly wins over it. The rules of each preset
//! are written once, in [`Preset::defaults`]; [`configure`] applies them
//! with what was given, for the JavaScript config and the replay's flags
//! alike. Under every preset Weir keeps its side output (nothing is lost
//! silently), also where the engine itself drops late rows unseen.

use super::config::{Accumulation, Config, Early, Mode, Trigger};
use crate::error::{EngineError, Result};

/// An engine whose rules a preset stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Preset {
    /// Flink DataStream: watermark mode, accumulating (Weir's default).
    /// Sets nothing else.
    Flink,
    /// Flink SQL: the bound given is Flink SQL's `ts - INTERVAL d`, run as
    /// Weir's `d - 1` (so `d` must be at least 1); `L = 0`; watermark mode,
    /// accumulating. Late rows, dropped by Flink SQL, go to Weir's side
    /// output. Not emulated: Flink SQL never emits a watermark `<= 0`.
    FlinkSql,
    /// Apache Beam: watermark mode, discarding; `L` as given (Beam's
    /// default, like Weir's, is 0).
    Beam,
    /// Kafka Streams: stream time (`d = 0`), grace = `L` (as given),
    /// every-event mode (caching off: one update per record),
    /// accumulating, and no window starts below 0
    /// (`TimeWindows.windowsFor` clamps starts at 0).
    KafkaStreams,
    /// Kafka Streams with `suppress(untilWindowCloses)`: as
    /// [`Preset::KafkaStreams`] in final mode. Not emulated: Kafka skips a
    /// record for a session only when `end + L < W` (one millisecond later
    /// than time windows and this contract), and
    /// `emitStrategy(onWindowClose)` can lose windows when stream time jumps
    /// past its store's retention (`suppress` does not).
    KafkaStreamsFinal,
    /// Spark Structured Streaming, append mode: final mode, `L = 0`.
    /// Not emulated: Spark judges a whole micro-batch against the previous
    /// batch's watermark (a per-event watermark is a micro-batch of one).
    SparkAppend,
}

/// The settings a preset sets (`None`: it leaves that setting alone).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PresetDefaults {
    /// Bounded out-of-orderness `d`.
    pub max_out_of_orderness: Option<i64>,
    /// Allowed lateness `L`.
    pub allowed_lateness: Option<i64>,
    /// Trigger mode.
    pub mode: Option<Mode>,
    /// Accumulation.
    pub accumulation: Option<Accumulation>,
    /// Kafka's no-negative-window-starts.
    pub clamp_starts_at_zero: Option<bool>,
    /// The `d` given is Flink SQL's `INTERVAL`, run as `d - 1`.
    pub bound_is_flink_sql: bool,
}

/// The settings given explicitly (`None`: not given), which win over a
/// preset's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Overrides {
    /// Bounded out-of-orderness `d`.
    pub max_out_of_orderness: Option<i64>,
    /// Allowed lateness `L`.
    pub allowed_lateness: Option<i64>,
    /// Trigger mode.
    pub mode: Option<Mode>,
    /// Early firings (no preset sets them).
    pub early: Option<Early>,
    /// Accumulation.
    pub accumulation: Option<Accumulation>,
    /// No window starts below 0.
    pub clamp_starts_at_zero: Option<bool>,
}

impl Preset {
    /// Every preset, in the order the widgets show them.
    pub const ALL: [Preset; 6] = [
        Preset::Flink,
        Preset::FlinkSql,
        Preset::Beam,
        Preset::KafkaStreams,
        Preset::KafkaStreamsFinal,
        Preset::SparkAppend,
    ];

    /// Its name in the JS config and the replay's `--preset`.
    pub fn name(self) -> &'static str {
        match self {
            Preset::Flink => "flink",
            Preset::FlinkSql => "flink-sql",
            Preset::Beam => "beam",
            Preset::KafkaStreams => "kafka-streams",
            Preset::KafkaStreamsFinal => "kafka-streams-final",
            Preset::SparkAppend => "spark-append",
        }
    }

    /// The preset called `name`.
    pub fn from_name(name: &str) -> Option<Preset> {
        Preset::ALL.into_iter().find(|p| p.name() == name)
    }

    /// The preset called `name`, or an error naming `preset` and listing
    /// the names.
    pub fn parse(name: &str) -> Result<Preset> {
        Preset::from_name(name).ok_or_else(|| EngineError::InvalidConfig {
            field: "preset",
            value: format!("{name:?}"),
            reason: "must be one of flink, flink-sql, beam, kafka-streams, \
                     kafka-streams-final, spark-append",
        })
    }

    /// The rules it sets: the one definition of each preset.
    pub fn defaults(self) -> PresetDefaults {
        let watermark = PresetDefaults {
            mode: Some(Mode::Watermark),
            accumulation: Some(Accumulation::Accumulating),
            ..PresetDefaults::default()
        };
        let kafka = PresetDefaults {
            max_out_of_orderness: Some(0),
            mode: Some(Mode::EveryEvent),
            accumulation: Some(Accumulation::Accumulating),
            clamp_starts_at_zero: Some(true),
            ..PresetDefaults::default()
        };
        match self {
            Preset::Flink => watermark,
            Preset::FlinkSql => PresetDefaults {
                allowed_lateness: Some(0),
                bound_is_flink_sql: true,
                ..watermark
            },
            Preset::Beam => PresetDefaults {
                accumulation: Some(Accumulation::Discarding),
                ..watermark
            },
            Preset::KafkaStreams => kafka,
            Preset::KafkaStreamsFinal => PresetDefaults {
                mode: Some(Mode::Final),
                ..kafka
            },
            // Final mode fires once: nothing to accumulate or discard.
            Preset::SparkAppend => PresetDefaults {
                mode: Some(Mode::Final),
                allowed_lateness: Some(0),
                ..PresetDefaults::default()
            },
        }
    }

    /// Its rules in one short sentence, for a page that shows the presets
    /// side by side (the same facts as each variant's documentation).
    pub fn rule(self) -> &'static str {
        match self {
            Preset::Flink => "Flink DataStream: watermark mode, accumulating (Weir's default).",
            Preset::FlinkSql => {
                "Flink SQL: the bound is ts - INTERVAL d, run as Weir's d - 1; L = 0, so late \
                 rows are dropped (Weir keeps them in its side output); accumulating."
            }
            Preset::Beam => {
                "Apache Beam: watermark mode, discarding (each firing reports only what is \
                 new since the last); L as given."
            }
            Preset::KafkaStreams => {
                "Kafka Streams: stream time (d = 0), grace = L, every-event mode (one update \
                 per record), accumulating; no window starts below 0."
            }
            Preset::KafkaStreamsFinal => {
                "Kafka Streams with suppress(untilWindowCloses): stream time (d = 0), \
                 grace = L, final mode (one result per window when W >= end + L); no window \
                 starts below 0."
            }
            Preset::SparkAppend => {
                "Spark append mode: final mode with L = 0 (one result per window once the \
                 watermark passes its end)."
            }
        }
    }

    /// What it does not emulate (`""` when it emulates all it names).
    pub fn not_emulated(self) -> &'static str {
        match self {
            Preset::Flink | Preset::Beam => "",
            Preset::FlinkSql => {
                "Flink SQL never emits a watermark <= 0 (streams starting before 0 differ); \
                 late rows Flink SQL drops go to Weir's side output"
            }
            Preset::KafkaStreams => "record caching (this is caching off: one update per record)",
            Preset::KafkaStreamsFinal => {
                "Kafka skips a record for a session only when end + L < W (1 ms later than \
                 time windows); emitStrategy(onWindowClose) can lose windows when stream \
                 time jumps past its store's retention (suppress does not)"
            }
            Preset::SparkAppend => {
                "micro-batches: Spark judges a whole batch against the previous batch's \
                 watermark (a per-event watermark is a micro-batch of one)"
            }
        }
    }
}

/// `base` with the preset's rules, then the settings given, applied: a
/// setting given explicitly always wins. `base` holds the window, time
/// domain, limits and sources (no preset touches them) and the defaults
/// for what neither the preset nor `given` sets. Under `flink-sql` a `d`
/// given is Flink SQL's `INTERVAL` and runs as `d - 1` (a `d` not given is
/// `base`'s, taken as Weir's own): 0 is refused
/// (Flink SQL's `ts - INTERVAL '0'` fires one millisecond before any
/// Weir `d` can), naming `watermark.maxOutOfOrderness`.
pub fn configure(preset: Option<Preset>, base: Config, given: &Overrides) -> Result<Config> {
    let p = preset.map(Preset::defaults).unwrap_or_default();
    let mut d = given
        .max_out_of_orderness
        .or(p.max_out_of_orderness)
        .unwrap_or(base.max_out_of_orderness);
    if p.bound_is_flink_sql {
        if let Some(interval) = given.max_out_of_orderness {
            if interval < 1 {
                return Err(EngineError::InvalidConfig {
                    field: "watermark.maxOutOfOrderness",
                    value: interval.to_string(),
                    reason: "is Flink SQL's ts - INTERVAL d under preset flink-sql, run as \
                             Weir's d - 1: it must be at least 1 ms",
                });
            }
            d = interval - 1;
        }
    }
    Ok(Config {
        max_out_of_orderness: d,
        allowed_lateness: given
            .allowed_lateness
            .or(p.allowed_lateness)
            .unwrap_or(base.allowed_lateness),
        trigger: Trigger {
            mode: given.mode.or(p.mode).unwrap_or(base.trigger.mode),
            early: given.early.or(base.trigger.early),
        },
        accumulation: given
            .accumulation
            .or(p.accumulation)
            .unwrap_or(base.accumulation),
        clamp_starts_at_zero: given
            .clamp_starts_at_zero
            .or(p.clamp_starts_at_zero)
            .unwrap_or(base.clamp_starts_at_zero),
        ..base
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_are_the_contracts() {
        let names: Vec<&str> = Preset::ALL.iter().map(|p| p.name()).collect();
        assert_eq!(
            names,
            [
                "flink",
                "flink-sql",
                "beam",
                "kafka-streams",
                "kafka-streams-final",
                "spark-append"
            ]
        );
        for p in Preset::ALL {
            assert_eq!(Preset::from_name(p.name()), Some(p));
        }
        assert_eq!(Preset::from_name("Flink"), None);
        let e = Preset::parse("spark").unwrap_err().to_string();
        assert!(
            e.contains("preset = \"spark\"") && e.contains("kafka-streams-final"),
            "{e}"
        );
    }

    /// Each rule line is one sentence that states what `defaults` sets, so
    /// the line a page shows cannot drift from the preset it describes.
    #[test]
    fn rule_lines_say_what_the_defaults_set() {
        for p in Preset::ALL {
            let (r, d) = (p.rule(), p.defaults());
            let what = format!("{}: {r}", p.name());
            assert!(
                r.ends_with('.') && !r[..r.len() - 1].contains(". "),
                "{what}"
            );
            assert!(r.len() <= 160, "{what}: {} bytes", r.len());
            let says =
                |words: &str, set: bool| assert_eq!(r.contains(words), set, "{what} / {words}");
            says("d = 0", d.max_out_of_orderness == Some(0));
            says("L = 0", d.allowed_lateness == Some(0));
            says("d - 1", d.bound_is_flink_sql);
            says("below 0", d.clamp_starts_at_zero == Some(true));
            says(
                "discarding",
                d.accumulation == Some(Accumulation::Discarding),
            );
            says("every-event", d.mode == Some(Mode::EveryEvent));
            says("final mode", d.mode == Some(Mode::Final));
            // A preset in watermark mode says so, or names accumulating as its whole rule.
            if d.mode == Some(Mode::Watermark) && !d.bound_is_flink_sql {
                assert!(r.contains("watermark mode"), "{what}");
            }
        }
    }
}
