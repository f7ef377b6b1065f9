//! What a caller chooses around a window design: where the job reads and
//! writes, which aggregates it computes, the names of its tables and
//! columns, the language; and what it gets back.

/// Where the exported job reads its events.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A CSV file (or directory of files) without a header line, with the
    /// columns key, event time (epoch ms), value in that order.
    Csv {
        /// File system path or URI (`file:///...`, `s3://...`).
        path: String,
    },
    /// A Kafka topic (needs the `flink-sql-connector-kafka` jar).
    Kafka {
        /// Topic name.
        topic: String,
        /// `host:port[,host:port...]`.
        bootstrap_servers: String,
        /// Consumer group id.
        group_id: String,
        /// Record format.
        format: KafkaFormat,
    },
}

/// Record format of a Kafka source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum KafkaFormat {
    /// One JSON object per record with the three columns as fields.
    #[default]
    Json,
    /// One CSV line per record.
    Csv,
}

impl KafkaFormat {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            KafkaFormat::Json => "json",
            KafkaFormat::Csv => "csv",
        }
    }
}

/// Where the exported job writes one row per window firing.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Sink {
    /// Flink's `print` connector (task manager stdout).
    #[default]
    Print,
    /// CSV files under a directory (Flink's filesystem connector).
    Csv {
        /// Directory path or URI.
        path: String,
    },
}

/// An aggregate computed per key and window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Aggregate {
    /// Number of events (`COUNT(*)`).
    Count,
    /// Sum of values.
    Sum,
    /// Smallest value.
    Min,
    /// Largest value.
    Max,
    /// Mean (`AVG`), Weir's `mean`.
    Avg,
    /// Population standard deviation (`STDDEV_POP`).
    StddevPop,
    /// Population variance (`VAR_POP`).
    VarPop,
}

impl Aggregate {
    /// Every aggregate, in output column order.
    pub const ALL: [Aggregate; 7] = [
        Aggregate::Count,
        Aggregate::Sum,
        Aggregate::Min,
        Aggregate::Max,
        Aggregate::Avg,
        Aggregate::StddevPop,
        Aggregate::VarPop,
    ];

    /// Output column name (as in Weir's replay CSV where it has one).
    pub fn column(self) -> &'static str {
        match self {
            Aggregate::Count => "count",
            Aggregate::Sum => "sum",
            Aggregate::Min => "min",
            Aggregate::Max => "max",
            Aggregate::Avg => "mean",
            Aggregate::StddevPop => "stddev",
            Aggregate::VarPop => "variance",
        }
    }

    pub(crate) fn sql(self, value: &str) -> String {
        match self {
            Aggregate::Count => "COUNT(*)".into(),
            Aggregate::Sum => format!("SUM(`{value}`)"),
            Aggregate::Min => format!("MIN(`{value}`)"),
            Aggregate::Max => format!("MAX(`{value}`)"),
            Aggregate::Avg => format!("AVG(`{value}`)"),
            Aggregate::StddevPop => format!("STDDEV_POP(`{value}`)"),
            Aggregate::VarPop => format!("VAR_POP(`{value}`)"),
        }
    }

    pub(crate) fn sql_type(self) -> &'static str {
        match self {
            Aggregate::Count => "BIGINT",
            _ => "DOUBLE",
        }
    }

    pub(crate) fn java(self) -> &'static str {
        match self {
            Aggregate::Count => "s.count",
            Aggregate::Sum => "s.sum",
            Aggregate::Min => "s.min",
            Aggregate::Max => "s.max",
            Aggregate::Avg => "s.mean()",
            Aggregate::StddevPop => "Math.sqrt(s.variance())",
            Aggregate::VarPop => "s.variance()",
        }
    }
}

/// What to export around the window design.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportOptions {
    /// Input.
    pub source: Source,
    /// Output.
    pub sink: Sink,
    /// Aggregates, one output column each, in this order (no duplicates).
    pub aggregates: Vec<Aggregate>,
    /// Source table name (default `events`).
    pub source_table: String,
    /// Sink table name (default `window_results`).
    pub sink_table: String,
    /// Key column (default `key`; a sensor id, BIGINT).
    pub key_column: String,
    /// Event time column, epoch ms (default `event_time_ms`, BIGINT).
    pub time_column: String,
    /// Value column (default `value`, DOUBLE).
    pub value_column: String,
    /// `None` (default): SQL when Flink SQL can express the design, else
    /// Java. `Some(Java)`: always the DataStream program (for a team whose
    /// jobs are Java, or to get Weir's side output and firing kinds).
    /// `Some(Sql)`: SQL or an error naming `export.language` when SQL
    /// cannot express the design.
    pub language: Option<Language>,
}

impl ExportOptions {
    /// Defaults with a CSV file source and the print sink; aggregates
    /// count, sum, min, max, mean.
    pub fn csv(path: impl Into<String>) -> ExportOptions {
        ExportOptions {
            source: Source::Csv { path: path.into() },
            sink: Sink::Print,
            aggregates: vec![
                Aggregate::Count,
                Aggregate::Sum,
                Aggregate::Min,
                Aggregate::Max,
                Aggregate::Avg,
            ],
            source_table: "events".into(),
            sink_table: "window_results".into(),
            key_column: "key".into(),
            time_column: "event_time_ms".into(),
            value_column: "value".into(),
            language: None,
        }
    }

    /// Defaults with a Kafka JSON source (earliest offset) and the print sink.
    pub fn kafka(
        topic: impl Into<String>,
        bootstrap_servers: impl Into<String>,
        group_id: impl Into<String>,
    ) -> ExportOptions {
        ExportOptions {
            source: Source::Kafka {
                topic: topic.into(),
                bootstrap_servers: bootstrap_servers.into(),
                group_id: group_id.into(),
                format: KafkaFormat::Json,
            },
            ..ExportOptions::csv("")
        }
    }
}

/// The language of an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    /// A Flink SQL script (SQL client: `sql-client.sh -f job.sql`).
    Sql,
    /// A Flink DataStream Java program (`WeirWindowJob.java`).
    Java,
}

/// An exported job.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlinkExport {
    /// SQL or Java.
    pub language: Language,
    /// The complete script or program.
    pub text: String,
    /// Where the export differs from Weir, or what it needs; also written as
    /// comments in `text`.
    pub notes: Vec<String>,
}
