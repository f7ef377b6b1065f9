//! The Flink SQL script (window table-valued functions) of a [`JobPlan`],
//! from `templates/job.sql`.
//!
//! Flink SQL has no `MILLISECOND` interval unit and only small leading
//! precisions (checked on Flink 2.3: `INTERVAL '2000' MILLISECOND` does not
//! parse, `INTERVAL '100' SECOND` exceeds `SECOND(2)`, `SECOND(6)` is not
//! supported), so durations are written in the largest unit that is exact
//! (`'10' SECOND`, `'5' MINUTE`, `'1.5' SECOND`) or as
//! `'D HH:MM:SS.fff' DAY(3) TO SECOND(3)`; durations over 999 days are rejected.

use weir_core::{Config, Result, WindowSpec};

use crate::options::{ExportOptions, Sink, Source};
use crate::plan::{comment_block, describe_window, invalid, norm_offset, JobPlan};
use crate::template::{fill, Vars};

const TEMPLATE: &str = include_str!("../templates/job.sql");

/// The durations of a SQL job, written as Flink SQL once checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SqlTimes {
    /// The watermark's bound: Weir's `maxOutOfOrderness` + 1 ms.
    pub(crate) watermark: String,
    /// The `TUMBLE(...)`, `HOP(...)`, `CUMULATE(...)` or `SESSION(...)` call.
    pub(crate) window_function: String,
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

/// `, INTERVAL ...` for a non-zero offset, else nothing.
fn offset_arg(off: i64) -> Result<String> {
    if off == 0 {
        return Ok(String::new());
    }
    Ok(format!(", {}", sql_interval("window.offset", off)?))
}

/// Checks and writes the job's durations (in the order the errors name them).
pub(crate) fn times(config: &Config, opts: &ExportOptions) -> Result<SqlTimes> {
    let watermark = sql_interval(
        "watermark.maxOutOfOrderness",
        config.max_out_of_orderness + 1,
    )?;
    let src = &opts.source_table;
    let window_function = match config.window {
        WindowSpec::Tumbling { size, offset } => {
            let size_lit = sql_interval("window.size", size)?;
            let off = offset_arg(norm_offset(offset, size))?;
            format!("TUMBLE(TABLE `{src}`, DESCRIPTOR(ts), {size_lit}{off})")
        }
        WindowSpec::Sliding {
            size,
            slide,
            offset,
        } => {
            // HOP takes the slide first, then the size.
            let slide_lit = sql_interval("window.slide", slide)?;
            let size = sql_interval("window.size", size)?;
            let off = offset_arg(norm_offset(offset, slide))?;
            format!("HOP(TABLE `{src}`, DESCRIPTOR(ts), {slide_lit}, {size}{off})")
        }
        WindowSpec::Cumulate { step, size, offset } => {
            let step_lit = sql_interval("window.step", step)?;
            let size_lit = sql_interval("window.size", size)?;
            // The periods are aligned on the offset mod the size (not the
            // step): folding by the step would move them.
            let off = offset_arg(norm_offset(offset, size))?;
            format!("CUMULATE(TABLE `{src}`, DESCRIPTOR(ts), {step_lit}, {size_lit}{off})")
        }
        WindowSpec::Session { gap } => format!(
            "SESSION(TABLE `{src}` PARTITION BY `{}`, DESCRIPTOR(ts), {})",
            opts.key_column,
            sql_interval("window.gap", gap)?
        ),
    };
    Ok(SqlTimes {
        watermark,
        window_function,
    })
}

/// A single-quoted SQL string literal (`'` doubled).
fn sql_str(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// The lines of a `WITH (...)` clause.
fn with_clause(kv: &[(&str, &str)]) -> String {
    let rows: Vec<String> = kv
        .iter()
        .map(|(k, v)| format!("  {} = {}", sql_str(k), sql_str(v)))
        .collect();
    rows.join(",\n")
}

fn source_with(opts: &ExportOptions) -> String {
    match &opts.source {
        Source::Csv { path } => with_clause(&[
            ("connector", "filesystem"),
            ("path", path),
            ("format", "csv"),
        ]),
        Source::Kafka {
            topic,
            bootstrap_servers,
            group_id,
            format,
        } => with_clause(&[
            ("connector", "kafka"),
            ("topic", topic),
            ("properties.bootstrap.servers", bootstrap_servers),
            ("properties.group.id", group_id),
            ("scan.startup.mode", "earliest-offset"),
            ("format", format.as_str()),
        ]),
    }
}

fn sink_with(opts: &ExportOptions) -> String {
    match &opts.sink {
        Sink::Print => with_clause(&[("connector", "print")]),
        Sink::Csv { path } => with_clause(&[
            ("connector", "filesystem"),
            ("path", path),
            ("format", "csv"),
        ]),
    }
}

/// The comment above the query that explains the window function's arguments.
fn window_comment(w: &WindowSpec) -> String {
    match *w {
        WindowSpec::Tumbling { offset, size } if offset != 0 => format!(
            "-- Weir offset {offset} ms is offset {} ms mod the size: the same windows.",
            norm_offset(offset, size)
        ),
        WindowSpec::Sliding { offset, slide, .. } if offset != 0 => format!(
            "-- Weir offset {offset} ms is offset {} ms mod the slide: the same windows.",
            norm_offset(offset, slide)
        ),
        WindowSpec::Sliding { .. } => "-- HOP(data, timecol, slide, size).".into(),
        WindowSpec::Session { .. } => {
            "-- Sessions are per key (PARTITION BY); rows at most the gap apart share one.".into()
        }
        WindowSpec::Cumulate { offset, size, .. } if offset != 0 => format!(
            "-- CUMULATE(data, timecol, step, size, offset): windows [s, s + k * step), k = 1 .. size / step, \
             periods s aligned on Weir offset {offset} ms = {} ms mod the size.",
            norm_offset(offset, size)
        ),
        WindowSpec::Cumulate { .. } => {
            "-- CUMULATE(data, timecol, step, size): windows [s, s + k * step), k = 1 .. size / step.".into()
        }
        WindowSpec::Tumbling { .. } => String::new(),
    }
}

/// The script of `plan` (a SQL plan, whose durations are `times`).
pub(crate) fn render(plan: &JobPlan, times: &SqlTimes) -> String {
    let o = &plan.options;
    let sink_columns: Vec<String> = o
        .aggregates
        .iter()
        .map(|a| format!("  `{}` {}", a.column(), a.sql_type()))
        .collect();
    let select_columns: Vec<String> = o
        .aggregates
        .iter()
        .map(|a| format!("  {} AS `{}`", a.sql(&o.value_column), a.column()))
        .collect();
    let mut v = Vars::default();
    v.flag("event", plan.event_time)
        .flag("csv_sink", matches!(o.sink, Sink::Csv { .. }))
        .set("window", describe_window(&plan.window))
        .set("d", plan.max_out_of_orderness.to_string())
        .set("watermark", times.watermark.as_str())
        .set("notes", comment_block("-- * ", &plan.notes))
        .set("source_table", o.source_table.as_str())
        .set("sink_table", o.sink_table.as_str())
        .set("key", o.key_column.as_str())
        .set("time", o.time_column.as_str())
        .set("value", o.value_column.as_str())
        .set("source_with", source_with(o))
        .set("sink_with", sink_with(o))
        .set("sink_columns", sink_columns.join(",\n"))
        .set("window_comment", window_comment(&plan.window))
        .set("select_columns", select_columns.join(",\n"))
        .set("window_function", times.window_function.as_str());
    fill(TEMPLATE, &v)
}
