//! Exports a Weir window design to Apache Flink: a Flink SQL script (window
//! table-valued functions) when Flink SQL can express the design, otherwise
//! an equivalent Flink DataStream Java program. Pure string generation: no
//! I/O, deterministic output.
//!
//! Meaning is translated, not numbers (`SEMANTICS.md`, "Watermark"):
//! - Flink SQL's `WATERMARK FOR ts AS ts - INTERVAL x` emits `max - x` and
//!   fires a window at `W_f >= end - 1`; Weir's `maxOutOfOrderness` `d`
//!   fires at `max - d >= end`. So Weir's `d` is SQL's `x = d + 1`
//!   (Weir 1999 ms -> `INTERVAL '2' SECOND`).
//! - DataStream's `forBoundedOutOfOrderness(d)` emits `max - d - 1`: the same
//!   firings as Weir's `d`, so the Java program uses `d` as is.
//!
//! Flink SQL has no `MILLISECOND` interval unit and only small leading
//! precisions (checked on Flink 2.3: `INTERVAL '2000' MILLISECOND` does not
//! parse, `INTERVAL '100' SECOND` exceeds `SECOND(2)`, `SECOND(6)` is not
//! supported), so durations are written in the largest unit that is exact
//! (`'10' SECOND`, `'5' MINUTE`, `'1.5' SECOND`) or as
//! `'D HH:MM:SS.fff' DAY(3) TO SECOND(3)`; durations over 999 days are rejected.
//!
//! ```
//! use weir_core::flink_export::{to_flink_sql, ExportOptions, Language};
//! use weir_core::{Config, WindowSpec};
//! let cfg = Config::event_time(WindowSpec::tumbling(10_000), 1_999);
//! let out = to_flink_sql(&cfg, &ExportOptions::csv("/data/events.csv")).unwrap();
//! assert_eq!(out.language, Language::Sql);
//! assert!(out.text.contains("WATERMARK FOR ts AS ts - INTERVAL '2' SECOND"));
//! ```

use std::fmt::Write as _;

use crate::error::{EngineError, Result};
use crate::operator::{Config, TimeDomain};
use crate::window::WindowSpec;

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
    fn as_str(self) -> &'static str {
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

    fn sql(self, value: &str) -> String {
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

    fn sql_type(self) -> &'static str {
        match self {
            Aggregate::Count => "BIGINT",
            _ => "DOUBLE",
        }
    }

    fn java(self) -> &'static str {
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

fn invalid(field: &'static str, value: &str, reason: &'static str) -> EngineError {
    EngineError::InvalidConfig {
        field,
        value: value.to_string(),
        reason,
    }
}

/// Names Flink derives or that the query itself uses.
const RESERVED_NAMES: [&str; 5] = ["ts", "window_start", "window_end", "window_time", "firing"];

fn check_identifier(field: &'static str, name: &str) -> Result<()> {
    let mut chars = name.chars();
    let ok = matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && name.len() <= 128;
    if !ok {
        return Err(invalid(
            field,
            name,
            "must be an SQL identifier: a letter or _ then letters, digits or _ (at most 128)",
        ));
    }
    Ok(())
}

fn check_string(field: &'static str, s: &str) -> Result<()> {
    if s.is_empty() {
        return Err(invalid(field, s, "must not be empty"));
    }
    if s.chars().any(char::is_control) {
        return Err(invalid(field, s, "must not contain control characters"));
    }
    Ok(())
}

/// A single-quoted SQL string literal (`'` doubled).
fn sql_str(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// A double-quoted Java string literal.
fn java_str(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

fn validate(config: &Config, opts: &ExportOptions) -> Result<()> {
    config.validate()?;
    check_identifier("export.sourceTable", &opts.source_table)?;
    check_identifier("export.sinkTable", &opts.sink_table)?;
    if opts.source_table.eq_ignore_ascii_case(&opts.sink_table) {
        return Err(invalid(
            "export.sinkTable",
            &opts.sink_table,
            "must differ from the source table",
        ));
    }
    let cols = [
        ("export.keyColumn", &opts.key_column),
        ("export.timeColumn", &opts.time_column),
        ("export.valueColumn", &opts.value_column),
    ];
    for (i, (field, name)) in cols.iter().enumerate() {
        check_identifier(field, name)?;
        if RESERVED_NAMES.iter().any(|r| r.eq_ignore_ascii_case(name))
            || Aggregate::ALL
                .iter()
                .any(|a| a.column().eq_ignore_ascii_case(name))
        {
            return Err(invalid(
                field,
                name,
                "is a name the exported query uses itself (ts, window_*, firing or an aggregate column)",
            ));
        }
        if cols[..i].iter().any(|(_, o)| o.eq_ignore_ascii_case(name)) {
            return Err(invalid(field, name, "must differ from the other columns"));
        }
    }
    if opts.aggregates.is_empty() {
        return Err(invalid("export.aggregates", "[]", "must name at least one"));
    }
    for (i, a) in opts.aggregates.iter().enumerate() {
        if opts.aggregates[..i].contains(a) {
            return Err(invalid(
                "export.aggregates",
                a.column(),
                "must not be listed twice",
            ));
        }
    }
    match &opts.source {
        Source::Csv { path } => check_string("export.source.path", path)?,
        Source::Kafka {
            topic,
            bootstrap_servers,
            group_id,
            ..
        } => {
            check_string("export.source.topic", topic)?;
            check_string("export.source.bootstrapServers", bootstrap_servers)?;
            check_string("export.source.groupId", group_id)?;
        }
    }
    if let Sink::Csv { path } = &opts.sink {
        check_string("export.sink.path", path)?;
    }
    Ok(())
}

/// A Flink SQL interval literal for `ms` (> 0) in the largest exact unit.
fn sql_interval(field: &'static str, ms: i64) -> Result<String> {
    const S: i64 = 1_000;
    const M: i64 = 60 * S;
    const H: i64 = 60 * M;
    const D: i64 = 24 * H;
    let lit = if ms % D == 0 && ms / D <= 99 {
        format!("INTERVAL '{}' DAY", ms / D)
    } else if ms % D == 0 && ms / D <= 999 {
        format!("INTERVAL '{}' DAY(3)", ms / D)
    } else if ms % H == 0 && ms / H <= 99 {
        format!("INTERVAL '{}' HOUR", ms / H)
    } else if ms % M == 0 && ms / M <= 99 {
        format!("INTERVAL '{}' MINUTE", ms / M)
    } else if ms % S == 0 && ms / S <= 99 {
        format!("INTERVAL '{}' SECOND", ms / S)
    } else if ms < 100 * S {
        format!("INTERVAL '{}.{:03}' SECOND", ms / S, ms % S)
    } else if ms / D <= 999 {
        format!(
            "INTERVAL '{} {:02}:{:02}:{:02}.{:03}' DAY(3) TO SECOND(3)",
            ms / D,
            ms % D / H,
            ms % H / M,
            ms % M / S,
            ms % S
        )
    } else {
        return Err(invalid(
            field,
            &ms.to_string(),
            "Flink SQL interval literals stop at 999 days (DAY(3)); use a shorter duration",
        ));
    };
    Ok(lit)
}

/// Why the design needs the DataStream API, if it does.
fn java_reasons(config: &Config) -> Vec<String> {
    let mut why = Vec::new();
    if config.time_domain == TimeDomain::Event && config.allowed_lateness > 0 {
        why.push(format!(
            "allowed lateness {} ms: Flink SQL window aggregations drop every late row and never re-fire a window; \
             DataStream's allowedLateness does what Weir does",
            config.allowed_lateness
        ));
    }
    if let WindowSpec::Sliding { size, slide, .. } = config.window {
        if size % slide != 0 {
            why.push(format!(
                "sliding window size {size} ms is not a multiple of its slide {slide} ms: \
                 Flink SQL's HOP rejects it; DataStream's SlidingEventTimeWindows accepts it"
            ));
        }
    }
    why
}

/// Exports `config` as a Flink job: SQL when Flink SQL can express it,
/// Java (DataStream API) when it cannot (allowed lateness > 0 in event time,
/// or a sliding window whose size is not a multiple of its slide).
///
/// Errors: `EngineError::InvalidConfig` naming the field, for an invalid
/// `config`, a name that is not an SQL identifier (or clashes), an empty or
/// control-character string option, no or duplicate aggregates, or a duration
/// Flink SQL cannot write (over 999 days).
pub fn to_flink_sql(config: &Config, opts: &ExportOptions) -> Result<FlinkExport> {
    validate(config, opts)?;
    let why = java_reasons(config);
    match opts.language {
        None if why.is_empty() => sql_export(config, opts),
        Some(Language::Sql) if why.is_empty() => sql_export(config, opts),
        Some(Language::Sql) => Err(invalid(
            "export.language",
            "sql",
            "cannot express this design in Flink SQL (allowed lateness > 0, or a slide that does not divide \
             the size); leave the language unset or ask for java",
        )),
        _ => Ok(java_export(config, opts, why)),
    }
}

fn describe_window(w: &WindowSpec) -> String {
    match *w {
        WindowSpec::Tumbling { size, offset } => {
            format!("tumbling, size {size} ms, offset {offset} ms")
        }
        WindowSpec::Sliding {
            size,
            slide,
            offset,
        } => format!("sliding, size {size} ms, slide {slide} ms, offset {offset} ms"),
        WindowSpec::Session { gap } => format!("session, gap {gap} ms"),
    }
}

/// Weir's offset folded into `[0, m)`: the same window grid, and within
/// Flink's `|offset| < slide` bound.
fn norm_offset(offset: i64, m: i64) -> i64 {
    offset.rem_euclid(m)
}

fn comment_block(out: &mut String, prefix: &str, lines: &[String]) {
    for l in lines {
        let _ = writeln!(out, "{prefix}{l}");
    }
}

fn sql_export(config: &Config, opts: &ExportOptions) -> Result<FlinkExport> {
    let event = config.time_domain == TimeDomain::Event;
    let (k, t, v) = (&opts.key_column, &opts.time_column, &opts.value_column);
    let (src, dst) = (&opts.source_table, &opts.sink_table);
    let mut notes = Vec::new();
    let wm_ms = config.max_out_of_orderness + 1;
    let wm = sql_interval("watermark.maxOutOfOrderness", wm_ms)?;
    if event {
        notes.push(format!(
            "Weir maxOutOfOrderness {} ms is Flink SQL `ts - {wm}` ({wm_ms} ms): Flink SQL's watermark means \
             \"no more rows with time <= W\" and fires at W >= end - 1, Weir's \"no more events with time < W\" \
             and fires at W >= end, so the SQL bound is 1 ms larger for the same firings.",
            config.max_out_of_orderness
        ));
        notes.push(
            "Flink SQL never emits a watermark <= 0: on a stream that starts before time 0 (epoch), \
             windows that Weir fires before the watermark passes 0 fire later in Flink (at the next watermark > 0 \
             or at end of input), so late-row decisions there may differ."
                .into(),
        );
        notes.push(
            "'pipeline.auto-watermark-interval' = '0' emits the watermark after every row that raises it, as Weir does; \
             with Flink's default (200 ms) the watermark lags and fewer rows count as late."
                .into(),
        );
        notes.push(
            "Late rows (for every window of theirs) are dropped, as in Weir with allowed lateness 0; \
             Flink SQL has no late side output."
                .into(),
        );
    } else {
        notes.push(
            "Processing time: Flink's PROCTIME() is the wall clock of the task manager, not the arrival times \
             Weir is given, so the windows are the same design but hold whatever arrived in each wall-clock window."
                .into(),
        );
        if config.allowed_lateness > 0 {
            notes.push(format!(
                "Allowed lateness {} ms is ignored: in processing time nothing is late (as in Weir).",
                config.allowed_lateness
            ));
        }
    }
    if let Source::Kafka { .. } = opts.source {
        notes.push(
            "The Kafka connector is not part of the Flink distribution: add flink-sql-connector-kafka \
             (matching your Flink version) to lib/ or pass it with --jar."
                .into(),
        );
        notes.push(
            "Weir has one watermark for the whole stream; a Kafka topic with several partitions gets \
             per-partition watermarks combined by minimum, and an idle partition holds windows back \
             (see 'table.exec.source.idle-timeout')."
                .into(),
        );
    }
    if let Sink::Csv { .. } = opts.sink {
        notes.push(
            "The filesystem sink commits its files on checkpoints, so the script enables checkpointing \
             ('execution.checkpointing.interval'); until a checkpoint completes, rows sit in in-progress files."
                .into(),
        );
    }

    let mut s = String::new();
    let _ = writeln!(
        s,
        "-- Flink SQL job exported by weir-core (flink_export) from a Weir window design."
    );
    let _ = writeln!(s, "-- Window: {}", describe_window(&config.window));
    if event {
        let _ = writeln!(
            s,
            "-- Time: event time, Weir maxOutOfOrderness {} ms -> WATERMARK ts - {wm}",
            config.max_out_of_orderness
        );
        let _ = writeln!(s, "-- Allowed lateness: 0 ms (late rows are dropped)");
    } else {
        let _ = writeln!(s, "-- Time: processing time (PROCTIME())");
    }
    let _ = writeln!(
        s,
        "-- Run: sql-client.sh -f this.sql (TableEnvironment.executeSql does not take SET: use the table config)."
    );
    let _ = writeln!(s, "--");
    let _ = writeln!(s, "-- Notes:");
    comment_block(&mut s, "-- * ", &notes);
    let _ = writeln!(s);
    let _ = writeln!(
        s,
        "-- Weir models one ordered stream: one source reader, one watermark."
    );
    let _ = writeln!(s, "SET 'parallelism.default' = '1';");
    if event {
        let _ = writeln!(s, "SET 'pipeline.auto-watermark-interval' = '0';");
    }
    let _ = writeln!(
        s,
        "-- window_start/window_end are TIMESTAMP(3) in this zone; UTC makes their epoch ms exact."
    );
    let _ = writeln!(s, "SET 'table.local-time-zone' = 'UTC';");
    if let Sink::Csv { .. } = opts.sink {
        let _ = writeln!(s, "SET 'execution.checkpointing.interval' = '10s';");
    }
    let _ = writeln!(s);

    // Source table.
    let _ = writeln!(s, "CREATE TABLE `{src}` (");
    let _ = writeln!(s, "  `{k}` BIGINT,");
    let _ = writeln!(s, "  `{t}` BIGINT,");
    let _ = writeln!(s, "  `{v}` DOUBLE,");
    if event {
        let _ = writeln!(s, "  ts AS TO_TIMESTAMP_LTZ(`{t}`, 3),");
        let _ = writeln!(s, "  WATERMARK FOR ts AS ts - {wm}");
    } else {
        let _ = writeln!(s, "  ts AS PROCTIME()");
    }
    let _ = writeln!(s, ") WITH (");
    let opts_src: Vec<(&str, String)> = match &opts.source {
        Source::Csv { path } => vec![
            ("connector", "filesystem".into()),
            ("path", path.clone()),
            ("format", "csv".into()),
        ],
        Source::Kafka {
            topic,
            bootstrap_servers,
            group_id,
            format,
        } => vec![
            ("connector", "kafka".into()),
            ("topic", topic.clone()),
            ("properties.bootstrap.servers", bootstrap_servers.clone()),
            ("properties.group.id", group_id.clone()),
            ("scan.startup.mode", "earliest-offset".into()),
            ("format", format.as_str().into()),
        ],
    };
    write_with(&mut s, &opts_src);
    let _ = writeln!(s);

    // Sink table.
    let _ = writeln!(s, "CREATE TABLE `{dst}` (");
    let _ = writeln!(s, "  `{k}` BIGINT,");
    let _ = writeln!(s, "  window_start BIGINT,");
    let n = opts.aggregates.len();
    let _ = writeln!(s, "  window_end BIGINT,");
    for (i, a) in opts.aggregates.iter().enumerate() {
        let sep = if i + 1 < n { "," } else { "" };
        let _ = writeln!(s, "  `{}` {}{sep}", a.column(), a.sql_type());
    }
    let _ = writeln!(s, ") WITH (");
    let opts_dst: Vec<(&str, String)> = match &opts.sink {
        Sink::Print => vec![("connector", "print".into())],
        Sink::Csv { path } => vec![
            ("connector", "filesystem".into()),
            ("path", path.clone()),
            ("format", "csv".into()),
        ],
    };
    write_with(&mut s, &opts_dst);
    let _ = writeln!(s);

    // The window query.
    let tvf = match config.window {
        WindowSpec::Tumbling { size, offset } => {
            let off = norm_offset(offset, size);
            let mut a = format!(
                "TUMBLE(TABLE `{src}`, DESCRIPTOR(ts), {}",
                sql_interval("window.size", size)?
            );
            if off != 0 {
                let _ = write!(a, ", {}", sql_interval("window.offset", off)?);
            }
            a.push(')');
            a
        }
        WindowSpec::Sliding {
            size,
            slide,
            offset,
        } => {
            let off = norm_offset(offset, slide);
            // HOP takes the slide first, then the size.
            let mut a = format!(
                "HOP(TABLE `{src}`, DESCRIPTOR(ts), {}, {}",
                sql_interval("window.slide", slide)?,
                sql_interval("window.size", size)?
            );
            if off != 0 {
                let _ = write!(a, ", {}", sql_interval("window.offset", off)?);
            }
            a.push(')');
            a
        }
        WindowSpec::Session { gap } => format!(
            "SESSION(TABLE `{src}` PARTITION BY `{k}`, DESCRIPTOR(ts), {})",
            sql_interval("window.gap", gap)?
        ),
    };
    match config.window {
        WindowSpec::Tumbling { offset, size } if offset != 0 => {
            let _ = writeln!(
                s,
                "-- Weir offset {offset} ms is offset {} ms mod the size: the same windows.",
                norm_offset(offset, size)
            );
        }
        WindowSpec::Sliding { offset, slide, .. } if offset != 0 => {
            let _ = writeln!(
                s,
                "-- Weir offset {offset} ms is offset {} ms mod the slide: the same windows.",
                norm_offset(offset, slide)
            );
        }
        WindowSpec::Sliding { .. } => {
            let _ = writeln!(s, "-- HOP(data, timecol, slide, size).");
        }
        WindowSpec::Session { .. } => {
            let _ = writeln!(
                s,
                "-- Sessions are per key (PARTITION BY); rows at most the gap apart share one."
            );
        }
        _ => {}
    }
    let _ = writeln!(
        s,
        "-- One row per key and window, fired once the watermark passes the window end; window bounds as epoch ms."
    );
    let _ = writeln!(s, "INSERT INTO `{dst}`");
    let _ = writeln!(s, "SELECT");
    let _ = writeln!(s, "  `{k}`,");
    let epoch = |c: &str| format!("EXTRACT(EPOCH FROM {c}) * 1000 + EXTRACT(MILLISECOND FROM {c})");
    let _ = writeln!(s, "  {} AS window_start,", epoch("window_start"));
    let _ = writeln!(s, "  {} AS window_end,", epoch("window_end"));
    for (i, a) in opts.aggregates.iter().enumerate() {
        let sep = if i + 1 < n { "," } else { "" };
        let _ = writeln!(s, "  {} AS `{}`{sep}", a.sql(v), a.column());
    }
    let _ = writeln!(s, "FROM TABLE(");
    let _ = writeln!(s, "  {tvf}");
    let _ = writeln!(s, ")");
    let _ = writeln!(s, "GROUP BY `{k}`, window_start, window_end;");
    Ok(FlinkExport {
        language: Language::Sql,
        text: s,
        notes,
    })
}

fn write_with(s: &mut String, kv: &[(&str, String)]) {
    for (i, (key, val)) in kv.iter().enumerate() {
        let sep = if i + 1 < kv.len() { "," } else { "" };
        let _ = writeln!(s, "  {} = {}{sep}", sql_str(key), sql_str(val));
    }
    s.push_str(");\n");
}

fn java_export(config: &Config, opts: &ExportOptions, why: Vec<String>) -> FlinkExport {
    let event = config.time_domain == TimeDomain::Event;
    let d = config.max_out_of_orderness;
    let l = config.allowed_lateness;
    let session = matches!(config.window, WindowSpec::Session { .. });
    let mut notes = why.clone();
    if event {
        notes.push(format!(
            "Watermark: DataStream's forBoundedOutOfOrderness(Duration.ofMillis({d})) emits max - {d} - 1, \
             the same firings as Weir's maxOutOfOrderness {d} (no +1, unlike Flink SQL). The program emits it \
             after every event that raises it, as Weir does; the stock strategy emits it every \
             200 ms ('pipeline.auto-watermark-interval'), so fewer events would count as late."
        ));
        notes.push(
            "Events late for every window go to the side output (sideOutputLateData), as Weir's late output."
                .into(),
        );
        if session {
            notes.push(
                "Flink keeps no per-window state for merging (session) windows, so the firing column says `fired` \
                 instead of Weir's on-time/late."
                    .into(),
            );
        } else {
            notes.push(
                "The firing column is `on-time` for a window's first firing and `late` after; Weir also calls `late` \
                 the first firing of a window that was empty when the watermark passed its end."
                    .into(),
            );
        }
    } else {
        notes.push(
            "Processing time: Flink's clock is the task manager's wall clock, not the arrival times Weir is given."
                .into(),
        );
    }
    if let Source::Kafka { format, .. } = &opts.source {
        notes.push(
            "Needs the flink-connector-kafka dependency (matching your Flink version).".into(),
        );
        if *format == KafkaFormat::Json {
            notes.push(
                "JSON records are read with Jackson (com.fasterxml.jackson.core:jackson-databind)."
                    .into(),
            );
        }
    }

    let (kc, tc, vc) = (&opts.key_column, &opts.time_column, &opts.value_column);
    let mut s = String::new();
    let _ = writeln!(
        s,
        "// Flink DataStream job exported by weir-core (flink_export) from a Weir window design."
    );
    let _ = writeln!(s, "// Window: {}", describe_window(&config.window));
    if event {
        let _ = writeln!(
            s,
            "// Time: event time, maxOutOfOrderness {d} ms, allowed lateness {l} ms"
        );
    } else {
        let _ = writeln!(s, "// Time: processing time");
    }
    let _ = writeln!(s, "//");
    if why.is_empty() {
        let _ = writeln!(
            s,
            "// Java (DataStream API) as asked (export language java); Flink SQL could express this design too."
        );
    } else {
        let _ = writeln!(
            s,
            "// Why Java and not SQL: Flink SQL cannot express this design:"
        );
        comment_block(&mut s, "//   * ", &why);
    }
    let _ = writeln!(s, "//");
    let _ = writeln!(s, "// Notes:");
    comment_block(&mut s, "//   * ", &notes[why.len()..]);
    let _ = writeln!(s, "//");
    let _ = writeln!(
        s,
        "// Build against Flink 2.x: flink-streaming-java, flink-clients, flink-connector-files{}.",
        if matches!(opts.source, Source::Kafka { .. }) {
            ", flink-connector-kafka"
        } else {
            ""
        }
    );
    let mut out_cols = vec![kc.clone(), "window_start".into(), "window_end".into()];
    out_cols.extend(opts.aggregates.iter().map(|a| a.column().to_string()));
    out_cols.push("firing".into());
    if event {
        out_cols.push("watermark".into());
    }
    let _ = writeln!(
        s,
        "// Output: CSV lines {} (window bounds in epoch ms{}).",
        out_cols.join(","),
        if event {
            "; watermark in Weir's terms, Flink's + 1, empty at end of input"
        } else {
            ""
        }
    );
    let _ = writeln!(
        s,
        "// Input: {kc},{tc},{v} per record (key, event time in epoch ms, value).",
        v = vc
    );
    s.push('\n');

    // Imports.
    let mut imports: Vec<&str> = vec![
        "java.time.Duration",
        "org.apache.flink.api.common.eventtime.WatermarkStrategy",
        "org.apache.flink.api.common.functions.AggregateFunction",
        "org.apache.flink.api.common.typeinfo.Types",
        "org.apache.flink.streaming.api.datastream.DataStream",
        "org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator",
        "org.apache.flink.streaming.api.environment.StreamExecutionEnvironment",
        "org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction",
        "org.apache.flink.streaming.api.windowing.windows.TimeWindow",
        "org.apache.flink.util.Collector",
    ];
    if event {
        imports.extend([
            "org.apache.flink.api.common.eventtime.Watermark",
            "org.apache.flink.api.common.eventtime.WatermarkGenerator",
            "org.apache.flink.api.common.eventtime.WatermarkOutput",
            "org.apache.flink.util.OutputTag",
        ]);
        if !session {
            imports.extend([
                "org.apache.flink.api.common.state.ValueState",
                "org.apache.flink.api.common.state.ValueStateDescriptor",
            ]);
        }
    }
    let assigner = match (config.window, event) {
        (WindowSpec::Tumbling { .. }, true) => "TumblingEventTimeWindows",
        (WindowSpec::Tumbling { .. }, false) => "TumblingProcessingTimeWindows",
        (WindowSpec::Sliding { .. }, true) => "SlidingEventTimeWindows",
        (WindowSpec::Sliding { .. }, false) => "SlidingProcessingTimeWindows",
        (WindowSpec::Session { .. }, true) => "EventTimeSessionWindows",
        (WindowSpec::Session { .. }, false) => "ProcessingTimeSessionWindows",
    };
    let assigner_import = format!("org.apache.flink.streaming.api.windowing.assigners.{assigner}");
    imports.push(&assigner_import);
    match &opts.source {
        Source::Csv { .. } => imports.extend([
            "org.apache.flink.connector.file.src.FileSource",
            "org.apache.flink.connector.file.src.reader.TextLineInputFormat",
            "org.apache.flink.core.fs.Path",
        ]),
        Source::Kafka { format, .. } => {
            imports.extend([
                "org.apache.flink.api.common.serialization.SimpleStringSchema",
                "org.apache.flink.connector.kafka.source.KafkaSource",
                "org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer",
            ]);
            if *format == KafkaFormat::Json {
                imports.extend([
                    "com.fasterxml.jackson.databind.JsonNode",
                    "com.fasterxml.jackson.databind.ObjectMapper",
                ]);
            }
        }
    }
    if let Sink::Csv { .. } = opts.sink {
        imports.extend([
            "org.apache.flink.api.common.serialization.SimpleStringEncoder",
            "org.apache.flink.connector.file.sink.FileSink",
            "org.apache.flink.core.fs.Path",
        ]);
    }
    imports.sort_unstable();
    imports.dedup();
    for i in &imports {
        let _ = writeln!(s, "import {i};");
    }
    s.push('\n');

    let _ = writeln!(s, "public class WeirWindowJob {{");
    if event {
        let _ = writeln!(
            s,
            "    /** Weir maxOutOfOrderness (ms): the watermark is max event time - D - 1 in Flink's terms. */"
        );
        let _ = writeln!(s, "    static final long D = {d}L;");
        if l > 0 {
            let _ = writeln!(s, "    /** Weir allowed lateness (ms). */");
            let _ = writeln!(s, "    static final long L = {l}L;");
        }
    }
    s.push('\n');

    // Reading.
    s.push_str(
        "    /** One event: (key, event time in epoch ms, value). */
    public static class Reading {
        public long key;
        public long time;
        public double value;

        public Reading() {}
",
    );
    match &opts.source {
        Source::Kafka {
            format: KafkaFormat::Json,
            ..
        } => {
            let _ = writeln!(
                s,
                "
        static final ObjectMapper JSON = new ObjectMapper();

        static Reading parse(String json) throws Exception {{
            JsonNode n = JSON.readTree(json);
            Reading r = new Reading();
            r.key = n.get({}).asLong();
            r.time = n.get({}).asLong();
            r.value = n.get({}).asDouble();
            return r;
        }}",
                java_str(kc),
                java_str(tc),
                java_str(vc)
            );
        }
        _ => {
            s.push_str(
                "
        /** Parses a CSV line `key,time,value`. */
        static Reading parse(String line) {
            String[] f = line.split(\",\");
            Reading r = new Reading();
            r.key = Long.parseLong(f[0].trim());
            r.time = Long.parseLong(f[1].trim());
            r.value = Double.parseDouble(f[2].trim());
            return r;
        }
",
            );
        }
    }
    s.push_str("    }\n\n");

    if event {
        s.push_str(
            "    /**
     * WatermarkStrategy.forBoundedOutOfOrderness(Duration.ofMillis(D)) emits max - D - 1 (the same firings
     * as Weir's maxOutOfOrderness D), every 200 ms. This generator emits the same watermark after every event
     * that raises it, as Weir does, so exactly the same events are late. For throughput, the stock strategy is
     * WatermarkStrategy.<Reading>forBoundedOutOfOrderness(Duration.ofMillis(D)).
     */
    public static class PerEventBoundedOutOfOrderness implements WatermarkGenerator<Reading> {
        private long max = Long.MIN_VALUE;

        @Override
        public void onEvent(Reading r, long timestamp, WatermarkOutput out) {
            if (r.time > max) {
                max = r.time;
                out.emitWatermark(new Watermark(max - D - 1));
            }
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput out) {}
    }

",
        );
    }

    // Aggregate.
    s.push_str(
        "    /** count, sum, min, max and Welford's mean and M2 (population variance = m2 / count). */
    public static class Stats {
        public long count;
        public double sum;
        public double min = Double.POSITIVE_INFINITY;
        public double max = Double.NEGATIVE_INFINITY;
        public double runningMean;
        public double m2;

        public Stats() {}

        double mean() {
            return sum / count;
        }

        double variance() {
            return m2 / count;
        }
    }

    public static class StatsAggregate implements AggregateFunction<Reading, Stats, Stats> {
        @Override
        public Stats createAccumulator() {
            return new Stats();
        }

        @Override
        public Stats add(Reading r, Stats s) {
            s.count++;
            s.sum += r.value;
            s.min = Math.min(s.min, r.value);
            s.max = Math.max(s.max, r.value);
            double delta = r.value - s.runningMean;
            s.runningMean += delta / s.count;
            s.m2 += delta * (r.value - s.runningMean);
            return s;
        }

        @Override
        public Stats getResult(Stats s) {
            return s;
        }

        @Override
        public Stats merge(Stats a, Stats b) {
            if (a.count == 0) return b;
            if (b.count == 0) return a;
            Stats m = new Stats();
            m.count = a.count + b.count;
            m.sum = a.sum + b.sum;
            m.min = Math.min(a.min, b.min);
            m.max = Math.max(a.max, b.max);
            double delta = b.runningMean - a.runningMean;
            m.runningMean = a.runningMean + delta * b.count / m.count;
            m.m2 = a.m2 + b.m2 + delta * delta * a.count * b.count / m.count;
            return m;
        }
    }

",
    );

    // Window function.
    let _ = writeln!(
        s,
        "    /** Adds key, window bounds{} to the aggregate. */",
        if event {
            ", firing kind and watermark"
        } else {
            " and firing kind"
        }
    );
    s.push_str(
        "    public static class Emit extends ProcessWindowFunction<Stats, String, Long, TimeWindow> {\n",
    );
    let tracks_kind = event && !session;
    if tracks_kind {
        s.push_str(
            "        private final ValueStateDescriptor<Boolean> firedBefore =
                new ValueStateDescriptor<>(\"firedBefore\", Boolean.class);

",
        );
    }
    s.push_str(
        "        @Override
        public void process(Long key, Context ctx, Iterable<Stats> in, Collector<String> out) throws Exception {
            Stats s = in.iterator().next();
            TimeWindow w = ctx.window();
",
    );
    if tracks_kind {
        s.push_str(
            "            ValueState<Boolean> fired = ctx.windowState().getState(firedBefore);
            String firing = fired.value() == null ? \"on-time\" : \"late\";
            fired.update(true);
",
        );
    } else {
        s.push_str("            String firing = \"fired\";\n");
    }
    if event {
        s.push_str(
            "            long wf = ctx.currentWatermark();
            String watermark = wf == Long.MAX_VALUE ? \"\" : Long.toString(wf + 1);
",
        );
    }
    let mut parts = vec![
        "key".to_string(),
        "w.getStart()".into(),
        "w.getEnd()".into(),
    ];
    parts.extend(opts.aggregates.iter().map(|a| a.java().to_string()));
    parts.push("firing".into());
    if event {
        parts.push("watermark".into());
    }
    let _ = writeln!(s, "            out.collect({});", parts.join(" + \",\" + "));
    s.push_str("        }\n");
    if tracks_kind {
        s.push_str(
            "
        @Override
        public void clear(Context ctx) throws Exception {
            ctx.windowState().getState(firedBefore).clear();
        }
",
        );
    }
    s.push_str("    }\n\n");

    // main.
    s.push_str(
        "    public static void main(String[] args) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        // Weir models one ordered stream: one reader, one watermark.
        env.setParallelism(1);
",
    );
    match &opts.source {
        Source::Csv { path } => {
            let _ = writeln!(
                s,
                "        FileSource<String> source = FileSource
                .forRecordStreamFormat(new TextLineInputFormat(), new Path({}))
                .build();
        DataStream<String> lines = env.fromSource(source, WatermarkStrategy.noWatermarks(), \"events\");",
                java_str(path)
            );
        }
        Source::Kafka {
            topic,
            bootstrap_servers,
            group_id,
            ..
        } => {
            let _ = writeln!(
                s,
                "        KafkaSource<String> source = KafkaSource.<String>builder()
                .setBootstrapServers({})
                .setTopics({})
                .setGroupId({})
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setValueOnlyDeserializer(new SimpleStringSchema())
                .build();
        DataStream<String> lines = env.fromSource(source, WatermarkStrategy.noWatermarks(), \"events\");",
                java_str(bootstrap_servers),
                java_str(topic),
                java_str(group_id)
            );
        }
    }
    s.push_str(
        "        DataStream<Reading> readings = lines.map(Reading::parse).returns(Reading.class)",
    );
    if event {
        s.push_str(
            "
                .assignTimestampsAndWatermarks(WatermarkStrategy
                        .<Reading>forGenerator(ctx -> new PerEventBoundedOutOfOrderness())
                        .withTimestampAssigner((r, ts) -> r.time));
",
        );
        s.push_str(
            "        final OutputTag<Reading> lateTag = new OutputTag<Reading>(\"late-events\") {};\n",
        );
    } else {
        s.push_str(";\n");
    }
    let ms = |v: i64| format!("Duration.ofMillis({v})");
    let window_expr = match config.window {
        WindowSpec::Tumbling { size, offset } => {
            let off = norm_offset(offset, size);
            if off == 0 {
                format!("{assigner}.of({})", ms(size))
            } else {
                format!("{assigner}.of({}, {})", ms(size), ms(off))
            }
        }
        WindowSpec::Sliding {
            size,
            slide,
            offset,
        } => {
            let off = norm_offset(offset, slide);
            if off == 0 {
                format!("{assigner}.of({}, {})", ms(size), ms(slide))
            } else {
                format!("{assigner}.of({}, {}, {})", ms(size), ms(slide), ms(off))
            }
        }
        WindowSpec::Session { gap } => format!("{assigner}.withGap({})", ms(gap)),
    };
    if let WindowSpec::Tumbling { offset, .. } | WindowSpec::Sliding { offset, .. } = config.window
    {
        if offset != 0 {
            let _ = writeln!(
                s,
                "        // Weir offset {offset} ms, folded into [0, {}): the same windows.",
                match config.window {
                    WindowSpec::Tumbling { size, .. } => size,
                    WindowSpec::Sliding { slide, .. } => slide,
                    WindowSpec::Session { gap } => gap,
                }
            );
        }
    }
    s.push_str(
        "        SingleOutputStreamOperator<String> results = readings
                .keyBy(r -> r.key, Types.LONG)
",
    );
    let _ = writeln!(s, "                .window({window_expr})");
    if event {
        if l > 0 {
            s.push_str("                .allowedLateness(Duration.ofMillis(L))\n");
        }
        s.push_str("                .sideOutputLateData(lateTag)\n");
    }
    s.push_str("                .aggregate(new StatsAggregate(), new Emit());\n");
    if event {
        s.push_str(
            "        DataStream<String> late = results.getSideOutput(lateTag)
                .map(r -> r.key + \",\" + r.time + \",\" + r.value)
                .returns(String.class);
",
        );
    }
    match &opts.sink {
        Sink::Print => {
            s.push_str("        results.print();\n");
            if event {
                s.push_str("        late.print(\"late\");\n");
            }
        }
        Sink::Csv { path } => {
            let _ = writeln!(
                s,
                "        results.sinkTo(FileSink.forRowFormat(new Path({}), new SimpleStringEncoder<String>(\"UTF-8\")).build());",
                java_str(path)
            );
            if event {
                let _ = writeln!(
                    s,
                    "        late.sinkTo(FileSink.forRowFormat(new Path({}), new SimpleStringEncoder<String>(\"UTF-8\")).build());",
                    java_str(&format!("{path}_late"))
                );
            }
        }
    }
    s.push_str("        env.execute(\"weir-window-job\");\n    }\n}\n");
    FlinkExport {
        language: Language::Java,
        text: s,
        notes,
    }
}
