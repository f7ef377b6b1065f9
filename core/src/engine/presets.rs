//! Named bundles of engine settings, so one trace can be run under each
//! engine's rules (`SEMANTICS.md`, "Presets (v2)"). A preset sets defaults;
//! every setting given explicitly wins over it.

/// An engine whose rules a preset stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Preset {
    /// Flink DataStream: watermark mode, accumulating (Weir's default).
    Flink,
    /// Flink SQL: `ts - INTERVAL d` (Weir's `d - 1`), no lateness.
    FlinkSql,
    /// Apache Beam: watermark mode, discarding.
    Beam,
    /// Kafka Streams: stream time, every-event updates, no negative starts.
    KafkaStreams,
    /// Kafka Streams with `suppress(untilWindowCloses)`: final mode.
    KafkaStreamsFinal,
    /// Spark Structured Streaming, append mode: final, no lateness.
    SparkAppend,
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
    }
}
