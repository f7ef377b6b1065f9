//! The job plan: one value that holds every decision about an exported job
//! (the design, the options, SQL or Java and why, the notes), checked once.
//! The renderers (`sql.rs`, `java.rs`) only fill their templates from it.

use weir_core::{Accumulation, Config, EngineError, Result, TimeDomain, Trigger, WindowSpec};

use crate::options::{Aggregate, ExportOptions, FlinkExport, KafkaFormat, Language, Sink, Source};
use crate::sql::{self, SqlTimes};
use crate::{java, notes};

/// Everything an exported job is rendered from. Built by [`JobPlan::new`],
/// which checks the design and the options and picks the language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobPlan {
    /// SQL or Java.
    pub language: Language,
    /// Event time (else processing time).
    pub event_time: bool,
    /// The window design.
    pub window: WindowSpec,
    /// Weir's `maxOutOfOrderness` (ms).
    pub max_out_of_orderness: i64,
    /// Weir's allowed lateness (ms).
    pub allowed_lateness: i64,
    /// When windows report (early firings, mode).
    pub trigger: Trigger,
    /// How refinements relate (discarding is Flink's `PurgingTrigger`).
    pub accumulation: Accumulation,
    /// Source, sink, aggregates, names.
    pub options: ExportOptions,
    /// Why Flink SQL cannot express the design (empty when it can).
    pub java_reasons: Vec<String>,
    /// What differs from Weir or what the job needs (after the reasons).
    pub notes: Vec<String>,
    /// The SQL durations, written once checked (SQL only).
    pub(crate) sql: Option<SqlTimes>,
}

pub(crate) fn invalid(field: &'static str, value: &str, reason: &'static str) -> EngineError {
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

fn check_names(opts: &ExportOptions) -> Result<()> {
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
    Ok(())
}

/// A cumulating window exists in Flink SQL only (`CUMULATE`): DataStream
/// has no such assigner, so whatever needs the Java program is refused,
/// naming the setting that needs it.
fn check_cumulate(config: &Config, opts: &ExportOptions) -> Result<()> {
    if opts.language == Some(Language::Java) {
        return Err(invalid(
            "export.language",
            "java",
            "cannot express a cumulating window: DataStream has no cumulating assigner, only Flink SQL's CUMULATE; \
             leave the language unset or ask for sql",
        ));
    }
    if config.time_domain == TimeDomain::Event {
        let why = "cannot be exported with a cumulating window: Flink SQL's CUMULATE fires each window once, at \
                   its end, with everything it holds, and DataStream, which has triggers, has no cumulating \
                   assigner; use the default";
        if let Some(early) = config.trigger.early {
            return Err(invalid("trigger.early", &format!("{early:?}"), why));
        }
        if config.trigger.mode != weir_core::Mode::Watermark {
            return Err(invalid(
                "trigger.mode",
                java::mode_name(config.trigger.mode),
                why,
            ));
        }
        if config.accumulation == Accumulation::Discarding {
            return Err(invalid("accumulation", "discarding", why));
        }
    }
    if config.time_domain == TimeDomain::Event && config.allowed_lateness > 0 {
        return Err(invalid(
            "allowedLateness",
            &config.allowed_lateness.to_string(),
            "cannot be exported with a cumulating window: Flink SQL's CUMULATE drops every late row and never \
             re-fires, and DataStream, which has allowed lateness, has no cumulating assigner; use 0",
        ));
    }
    Ok(())
}

fn validate(config: &Config, opts: &ExportOptions) -> Result<()> {
    config.validate()?;
    if matches!(config.window, WindowSpec::Cumulate { .. }) {
        check_cumulate(config, opts)?;
    }
    check_names(opts)?;
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

impl JobPlan {
    /// Checks `config` and `opts` and decides the job: SQL when Flink SQL
    /// can express the design (and `opts.language` allows it), Java
    /// (DataStream API) otherwise.
    ///
    /// Errors: `EngineError::InvalidConfig` naming the field, for an invalid
    /// `config`, a name that is not an SQL identifier (or clashes), an empty
    /// or control-character string option, no or duplicate aggregates, SQL
    /// asked for a design it cannot express, or a duration Flink SQL cannot
    /// write (over 999 days).
    pub fn new(config: &Config, opts: &ExportOptions) -> Result<JobPlan> {
        validate(config, opts)?;
        let why = notes::java_reasons(config);
        let language = match opts.language {
            None | Some(Language::Sql) if why.is_empty() => Language::Sql,
            Some(Language::Sql) => {
                return Err(invalid(
                    "export.language",
                    "sql",
                    "cannot express this design in Flink SQL (allowed lateness > 0, a slide that does not divide \
                     the size, early firings, a trigger mode other than watermark, or discarding); leave the \
                     language unset or ask for java",
                ))
            }
            _ => Language::Java,
        };
        let event_time = config.time_domain == TimeDomain::Event;
        let (sql, notes) = match language {
            Language::Sql => {
                let times = sql::times(config, opts)?;
                let notes = notes::sql_notes(config, opts, &times.watermark);
                (Some(times), notes)
            }
            Language::Java => (None, notes::java_notes(config, opts)),
        };
        Ok(JobPlan {
            language,
            event_time,
            window: config.window,
            max_out_of_orderness: config.max_out_of_orderness,
            allowed_lateness: config.allowed_lateness,
            trigger: config.trigger,
            accumulation: config.accumulation,
            options: opts.clone(),
            java_reasons: why,
            notes,
            sql,
        })
    }

    /// The job's text: its template filled from this plan.
    pub fn render(&self) -> FlinkExport {
        let text = match (self.language, &self.sql) {
            (Language::Sql, Some(times)) => sql::render(self, times),
            _ => java::render(self),
        };
        let mut notes = self.java_reasons.clone();
        notes.extend(self.notes.iter().cloned());
        FlinkExport {
            language: self.language,
            text,
            notes,
        }
    }

    /// A session window (merging: Flink keeps no per-window state for it).
    pub(crate) fn session(&self) -> bool {
        matches!(self.window, WindowSpec::Session { .. })
    }

    /// The source is Kafka with JSON records.
    pub(crate) fn kafka_json(&self) -> bool {
        matches!(
            self.options.source,
            Source::Kafka {
                format: KafkaFormat::Json,
                ..
            }
        )
    }
}

/// Exports `config` as a Flink job: SQL when Flink SQL can express it,
/// Java (DataStream API) when it cannot (allowed lateness > 0 in event time,
/// or a sliding window whose size is not a multiple of its slide).
/// [`JobPlan::new`] then [`JobPlan::render`]; the errors are `JobPlan::new`'s.
pub fn to_flink_sql(config: &Config, opts: &ExportOptions) -> Result<FlinkExport> {
    Ok(JobPlan::new(config, opts)?.render())
}

/// The window in words, for the jobs' header comment.
pub(crate) fn describe_window(w: &WindowSpec) -> String {
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
        WindowSpec::Cumulate { step, size, offset } => {
            format!("cumulate, step {step} ms, size {size} ms, offset {offset} ms")
        }
    }
}

/// Weir's offset folded into `[0, m)`: the same window grid, and within
/// Flink's `|offset| < slide` bound.
pub(crate) fn norm_offset(offset: i64, m: i64) -> i64 {
    offset.rem_euclid(m)
}

/// `lines` each as `prefix` + line, one per line (a template block).
pub(crate) fn comment_block(prefix: &str, lines: &[String]) -> String {
    lines.iter().map(|l| format!("{prefix}{l}\n")).collect()
}
