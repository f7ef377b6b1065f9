//! The Flink DataStream Java program of a [`JobPlan`], from
//! `templates/WeirWindowJob.java`. Used where Flink SQL cannot express the
//! design (allowed lateness, a slide that does not divide the size) or when
//! Java is asked for: it keeps Weir's side output, per-event watermark and
//! firing kinds.

use weir_core::{Accumulation, Early, Mode, WindowSpec};

use crate::options::{KafkaFormat, Sink, Source};
use crate::plan::{comment_block, describe_window, norm_offset, JobPlan};
use crate::template::{fill, Vars};

const TEMPLATE: &str = include_str!("../templates/WeirWindowJob.java");

/// A double-quoted Java string literal.
fn java_str(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// The Flink window assigner class for `plan`'s window and time domain.
fn assigner(plan: &JobPlan) -> &'static str {
    match (plan.window, plan.event_time) {
        (WindowSpec::Tumbling { .. }, true) => "TumblingEventTimeWindows",
        (WindowSpec::Tumbling { .. }, false) => "TumblingProcessingTimeWindows",
        (WindowSpec::Sliding { .. }, true) => "SlidingEventTimeWindows",
        (WindowSpec::Sliding { .. }, false) => "SlidingProcessingTimeWindows",
        (WindowSpec::Session { .. }, true) => "EventTimeSessionWindows",
        (WindowSpec::Session { .. }, false) => "ProcessingTimeSessionWindows",
        // Never rendered: `plan::check_cumulate` refuses every cumulating
        // design that would need Java (DataStream has no such assigner).
        (WindowSpec::Cumulate { .. }, _) => "TumblingEventTimeWindows",
    }
}

/// The program has its own trigger: early firings, another mode, or
/// discarding (event time only: in processing time `Config::validate`
/// refuses them).
fn weir_trigger(plan: &JobPlan) -> bool {
    plan.event_time
        && (plan.trigger.mode != Mode::Watermark
            || matches!(
                plan.trigger.early,
                Some(Early::Count(_) | Early::EventTime(_))
            )
            || plan.accumulation == Accumulation::Discarding)
}

/// Event-time early firings: Flink's `ContinuousEventTimeTrigger`.
fn early_period(plan: &JobPlan) -> Option<i64> {
    match plan.trigger.early {
        Some(Early::EventTime(p)) if plan.event_time => Some(p),
        _ => None,
    }
}

/// The firing kind comes from a per-window flag (first firing on time,
/// later ones late): the v1 program, which merging windows cannot have.
fn tracks_kind(plan: &JobPlan) -> bool {
    plan.event_time && !plan.session() && !weir_trigger(plan)
}

/// The `.trigger(...)` argument.
fn trigger_expr(plan: &JobPlan) -> String {
    let base = if early_period(plan).is_some() {
        "new Kinds()"
    } else {
        "new WeirTrigger()"
    };
    match plan.accumulation {
        Accumulation::Discarding => format!("PurgingTrigger.of({base})"),
        _ => base.to_string(),
    }
}

/// The `import` lines, sorted, each class once.
fn imports(plan: &JobPlan) -> String {
    let mut imports: Vec<String> = [
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
    ]
    .map(String::from)
    .to_vec();
    let mut add = |names: &[&str]| imports.extend(names.iter().map(|n| n.to_string()));
    if plan.event_time {
        add(&[
            "org.apache.flink.api.common.eventtime.Watermark",
            "org.apache.flink.api.common.eventtime.WatermarkGenerator",
            "org.apache.flink.api.common.eventtime.WatermarkOutput",
            "org.apache.flink.util.OutputTag",
        ]);
        if tracks_kind(plan) {
            add(&[
                "org.apache.flink.api.common.state.ValueState",
                "org.apache.flink.api.common.state.ValueStateDescriptor",
            ]);
        }
        if weir_trigger(plan) {
            add(&[
                "org.apache.flink.streaming.api.windowing.triggers.Trigger",
                "org.apache.flink.streaming.api.windowing.triggers.TriggerResult",
            ]);
        }
        if plan.accumulation == Accumulation::Discarding {
            add(&["org.apache.flink.streaming.api.windowing.triggers.PurgingTrigger"]);
        }
        match early_period(plan) {
            Some(_) => add(&[
                "org.apache.flink.streaming.api.windowing.triggers.ContinuousEventTimeTrigger",
            ]),
            None if weir_trigger(plan) => add(&[
                "org.apache.flink.api.common.state.ReducingState",
                "org.apache.flink.api.common.state.ReducingStateDescriptor",
            ]),
            None => {}
        }
    }
    add(&[&format!(
        "org.apache.flink.streaming.api.windowing.assigners.{}",
        assigner(plan)
    )]);
    match &plan.options.source {
        Source::Csv { .. } => add(&[
            "org.apache.flink.connector.file.src.FileSource",
            "org.apache.flink.connector.file.src.reader.TextLineInputFormat",
            "org.apache.flink.core.fs.Path",
        ]),
        Source::Kafka { format, .. } => {
            add(&[
                "org.apache.flink.api.common.serialization.SimpleStringSchema",
                "org.apache.flink.connector.kafka.source.KafkaSource",
                "org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer",
            ]);
            if *format == KafkaFormat::Json {
                add(&[
                    "com.fasterxml.jackson.databind.JsonNode",
                    "com.fasterxml.jackson.databind.ObjectMapper",
                ]);
            }
        }
    }
    if let Sink::Csv { .. } = plan.options.sink {
        add(&[
            "org.apache.flink.api.common.serialization.SimpleStringEncoder",
            "org.apache.flink.connector.file.sink.FileSink",
            "org.apache.flink.core.fs.Path",
        ]);
    }
    imports.sort_unstable();
    imports.dedup();
    imports.iter().map(|i| format!("import {i};\n")).collect()
}

/// The `.window(...)` argument, and the comment on a folded offset.
fn window_assigner(plan: &JobPlan) -> (String, String) {
    let a = assigner(plan);
    let ms = |v: i64| format!("Duration.ofMillis({v})");
    let folded = |offset: i64, m: i64| {
        if offset == 0 {
            String::new()
        } else {
            format!("        // Weir offset {offset} ms, folded into [0, {m}): the same windows.")
        }
    };
    match plan.window {
        WindowSpec::Tumbling { size, offset } => {
            let expr = match norm_offset(offset, size) {
                0 => format!("{a}.of({})", ms(size)),
                off => format!("{a}.of({}, {})", ms(size), ms(off)),
            };
            (expr, folded(offset, size))
        }
        WindowSpec::Sliding {
            size,
            slide,
            offset,
        } => {
            let expr = match norm_offset(offset, slide) {
                0 => format!("{a}.of({}, {})", ms(size), ms(slide)),
                off => format!("{a}.of({}, {}, {})", ms(size), ms(slide), ms(off)),
            };
            (expr, folded(offset, slide))
        }
        WindowSpec::Session { gap } => (format!("{a}.withGap({})", ms(gap)), String::new()),
        WindowSpec::Cumulate { size, .. } => (format!("{a}.of({})", ms(size)), String::new()),
    }
}

/// The CSV columns each firing is written as (`Output:` in the header).
fn output_columns(plan: &JobPlan) -> (Vec<String>, Vec<String>) {
    let o = &plan.options;
    let mut names = vec![
        o.key_column.clone(),
        "window_start".into(),
        "window_end".into(),
    ];
    let mut exprs = vec!["key".into(), "w.getStart()".into(), "w.getEnd()".into()];
    for a in &o.aggregates {
        names.push(a.column().into());
        exprs.push(a.java().into());
    }
    names.push("firing".into());
    exprs.push("firing".into());
    if plan.event_time {
        names.push("watermark".into());
        exprs.push("watermark".into());
    }
    (names, exprs)
}

/// Sets the values that depend on the source and the sink.
fn io_vars(v: &mut Vars, plan: &JobPlan) {
    let o = &plan.options;
    v.set("key_string", java_str(&o.key_column))
        .set("time_string", java_str(&o.time_column))
        .set("value_string", java_str(&o.value_column));
    match &o.source {
        Source::Csv { path } => {
            v.set("path_string", java_str(path));
        }
        Source::Kafka {
            topic,
            bootstrap_servers,
            group_id,
            ..
        } => {
            v.set("servers_string", java_str(bootstrap_servers))
                .set("topic_string", java_str(topic))
                .set("group_string", java_str(group_id));
        }
    }
    if let Sink::Csv { path } = &o.sink {
        v.set("sink_string", java_str(path))
            .set("late_sink_string", java_str(&format!("{path}_late")));
    }
}

/// A trigger mode as the contract names it.
pub(crate) fn mode_name(m: Mode) -> &'static str {
    match m {
        Mode::Watermark => "watermark",
        Mode::EveryEvent => "every-event",
        Mode::Final => "final",
    }
}

/// The program of `plan`.
pub(crate) fn render(plan: &JobPlan) -> String {
    let o = &plan.options;
    let kafka = matches!(o.source, Source::Kafka { .. });
    let (columns, exprs) = output_columns(plan);
    let (window_expr, offset_comment) = window_assigner(plan);
    let mut v = Vars::default();
    v.flag("event", plan.event_time)
        .flag("lateness", plan.allowed_lateness > 0)
        .flag("why", !plan.java_reasons.is_empty())
        .flag("kafka", kafka)
        .flag("kafka_json", plan.kafka_json())
        .flag("csv_sink", matches!(o.sink, Sink::Csv { .. }))
        .flag("tracks_kind", tracks_kind(plan))
        .flag("weir_trigger", weir_trigger(plan))
        .flag("no_kind", !tracks_kind(plan) && !weir_trigger(plan))
        .flag(
            "count_trigger",
            weir_trigger(plan) && early_period(plan).is_none(),
        )
        .flag("continuous_trigger", early_period(plan).is_some())
        .set("trigger_expr", trigger_expr(plan))
        .set("mode", mode_name(plan.trigger.mode))
        .set(
            "early_count",
            match plan.trigger.early {
                Some(Early::Count(n)) => n.to_string(),
                _ => "0".into(),
            },
        )
        .set(
            "every_event",
            (plan.trigger.mode == Mode::EveryEvent).to_string(),
        )
        .set("final_mode", (plan.trigger.mode == Mode::Final).to_string())
        .set("lateness_ms", format!("{}L", plan.allowed_lateness))
        .set(
            "early_period",
            early_period(plan).unwrap_or_default().to_string(),
        )
        .set("window", describe_window(&plan.window))
        .set("d", plan.max_out_of_orderness.to_string())
        .set("l", plan.allowed_lateness.to_string())
        .set("why_lines", comment_block("//   * ", &plan.java_reasons))
        .set("notes", comment_block("//   * ", &plan.notes))
        .set(
            "kafka_dependency",
            if kafka { ", flink-connector-kafka" } else { "" },
        )
        .set("output_columns", columns.join(","))
        .set(
            "watermark_column",
            if plan.event_time {
                "; watermark in Weir's terms, Flink's + 1, -inf before the first, empty at end of input"
            } else {
                ""
            },
        )
        .set("key", o.key_column.as_str())
        .set("time", o.time_column.as_str())
        .set("value", o.value_column.as_str())
        .set("imports", imports(plan))
        .set("collect", exprs.join(" + \",\" + "))
        .set("offset_comment", offset_comment)
        .set("window_assigner", window_expr);
    io_vars(&mut v, plan);
    fill(TEMPLATE, &v)
}
