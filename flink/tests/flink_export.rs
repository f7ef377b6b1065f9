//! Golden tests for the Flink export: each window design's exported job is
//! compared with a committed text in `tests/golden/` (regenerate with
//! `WEIR_BLESS=1 cargo test -p weir-flink --test flink_export`, then read the
//! diff), plus assertions on the lines that carry the semantics. The SQL
//! goldens are also run on real Flink by `flink/conformance.sh`.

use std::path::PathBuf;

use weir_core::{Config, EngineError, WindowSpec};
use weir_flink::{
    to_flink_sql, Aggregate, ExportOptions, FlinkExport, KafkaFormat, Language, Sink, Source,
};

fn golden(name: &str, out: &FlinkExport) {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name);
    if std::env::var_os("WEIR_BLESS").is_some() {
        std::fs::write(&p, &out.text).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&p)
        .unwrap_or_else(|e| panic!("{}: {e} (WEIR_BLESS=1 writes it)", p.display()));
    assert!(
        want == out.text,
        "{} differs from the export; got:\n{}",
        p.display(),
        out.text
    );
}

fn opts() -> ExportOptions {
    ExportOptions::csv("file:///data/events.csv")
}

fn export(cfg: Config, o: &ExportOptions) -> FlinkExport {
    to_flink_sql(&cfg, o).unwrap()
}

#[test]
fn tumbling_sql() {
    let out = export(
        Config::event_time(WindowSpec::tumbling(10_000), 1_999),
        &opts(),
    );
    assert_eq!(out.language, Language::Sql);
    // Weir d = 1999 is Flink SQL's `ts - 2000 ms` (written in seconds: Flink SQL has no MILLISECOND unit).
    assert!(out
        .text
        .contains("  WATERMARK FOR ts AS ts - INTERVAL '2' SECOND\n"));
    assert!(out
        .text
        .contains("TUMBLE(TABLE `events`, DESCRIPTOR(ts), INTERVAL '10' SECOND)"));
    assert!(out
        .text
        .contains("GROUP BY `key`, window_start, window_end;"));
    assert!(out
        .text
        .contains("ts AS TO_TIMESTAMP_LTZ(`event_time_ms`, 3),"));
    assert!(out.text.contains("never emits a watermark <= 0"));
    golden("tumbling.sql", &out);
}

#[test]
fn watermark_is_one_ms_more_than_weir() {
    let text = |d| export(Config::event_time(WindowSpec::tumbling(10_000), d), &opts()).text;
    assert!(text(2_000).contains("ts - INTERVAL '2.001' SECOND\n"));
    assert!(text(0).contains("ts - INTERVAL '0.001' SECOND\n"));
    assert!(text(59_999).contains("ts - INTERVAL '1' MINUTE\n"));
    assert!(text(123_455).contains("ts - INTERVAL '0 00:02:03.456' DAY(3) TO SECOND(3)\n"));
}

#[test]
fn sliding_dividing_sql() {
    let out = export(
        Config::event_time(WindowSpec::sliding(10_000, 2_000), 1_999),
        &opts(),
    );
    assert_eq!(out.language, Language::Sql);
    // HOP(TABLE t, DESCRIPTOR(ts), slide, size).
    assert!(out.text.contains(
        "HOP(TABLE `events`, DESCRIPTOR(ts), INTERVAL '2' SECOND, INTERVAL '10' SECOND)"
    ));
    golden("sliding.sql", &out);
}

#[test]
fn sliding_with_offset_sql() {
    let cfg = Config::event_time(
        WindowSpec::Sliding {
            size: 10_000,
            slide: 2_000,
            offset: -500,
        },
        1_999,
    );
    let out = export(cfg, &opts());
    // -500 mod 2000 = 1500: the same grid, within Flink's |offset| < slide.
    assert!(out.text.contains(
        "HOP(TABLE `events`, DESCRIPTOR(ts), INTERVAL '2' SECOND, INTERVAL '10' SECOND, INTERVAL '1.500' SECOND)"
    ));
}

#[test]
fn sliding_non_dividing_java() {
    let out = export(
        Config::event_time(WindowSpec::sliding(10_000, 3_000), 1_999),
        &opts(),
    );
    assert_eq!(out.language, Language::Java);
    assert!(out.text.contains("// Why Java and not SQL"));
    assert!(out.text.contains("not a multiple of its slide"));
    assert!(out.text.contains(
        ".window(SlidingEventTimeWindows.of(Duration.ofMillis(10000), Duration.ofMillis(3000)))"
    ));
    // DataStream's bounded out-of-orderness is Weir's d as is: no +1.
    assert!(out.text.contains("static final long D = 1999L;"));
    assert!(out.text.contains("new Watermark(max - D - 1)"));
    assert!(out
        .text
        .contains("WatermarkStrategy.<Reading>forBoundedOutOfOrderness(Duration.ofMillis(D))"));
    assert!(!out.text.contains("allowedLateness"));
    golden("sliding_non_dividing.java", &out);
}

#[test]
fn session_sql() {
    let out = export(
        Config::event_time(WindowSpec::session(3_000), 1_999),
        &opts(),
    );
    assert_eq!(out.language, Language::Sql);
    assert!(out.text.contains(
        "SESSION(TABLE `events` PARTITION BY `key`, DESCRIPTOR(ts), INTERVAL '3' SECOND)"
    ));
    golden("session.sql", &out);
}

#[test]
fn lateness_java() {
    let cfg = Config::event_time(WindowSpec::tumbling(10_000), 1_999).with_lateness(5_000);
    let mut o = opts();
    o.sink = Sink::Csv {
        path: "file:///data/out".into(),
    };
    o.aggregates = Aggregate::ALL.to_vec();
    let out = export(cfg, &o);
    assert_eq!(out.language, Language::Java);
    assert!(out.text.contains("allowed lateness 5000 ms: Flink SQL"));
    assert!(out.text.contains(".allowedLateness(Duration.ofMillis(L))"));
    assert!(out.text.contains("static final long L = 5000L;"));
    assert!(out.text.contains(".sideOutputLateData(lateTag)"));
    assert!(out
        .text
        .contains(".window(TumblingEventTimeWindows.of(Duration.ofMillis(10000)))"));
    golden("lateness.java", &out);
}

#[test]
fn session_lateness_java() {
    let cfg = Config::event_time(WindowSpec::session(3_000), 1_999).with_lateness(5_000);
    let out = export(cfg, &opts());
    assert_eq!(out.language, Language::Java);
    assert!(out
        .text
        .contains(".window(EventTimeSessionWindows.withGap(Duration.ofMillis(3000)))"));
    // No per-window state on merging windows.
    assert!(!out.text.contains("windowState"));
}

#[test]
fn kafka_sql() {
    let mut o = ExportOptions::kafka(
        "sensor-readings",
        "broker-1:9092,broker-2:9092",
        "weir's group",
    );
    o.aggregates = vec![
        Aggregate::Count,
        Aggregate::Avg,
        Aggregate::StddevPop,
        Aggregate::VarPop,
    ];
    o.source_table = "readings".into();
    o.sink_table = "stats".into();
    o.key_column = "sensor_id".into();
    o.time_column = "ts_ms".into();
    o.value_column = "reading".into();
    let out = export(Config::event_time(WindowSpec::tumbling(60_000), 4_999), &o);
    assert_eq!(out.language, Language::Sql);
    assert!(out.text.contains("'properties.group.id' = 'weir''s group'"));
    assert!(out.text.contains("STDDEV_POP(`reading`) AS `stddev`"));
    assert!(out.text.contains("VAR_POP(`reading`) AS `variance`"));
    assert!(out.text.contains("ts - INTERVAL '5' SECOND\n"));
    assert!(out
        .notes
        .iter()
        .any(|n| n.contains("flink-sql-connector-kafka")));
    golden("kafka.sql", &out);
}

#[test]
fn kafka_csv_java_escapes_strings() {
    let mut o = ExportOptions::kafka("t\"opic", "b:9092", "g\\1");
    if let Source::Kafka { format, .. } = &mut o.source {
        *format = KafkaFormat::Csv;
    }
    let cfg = Config::event_time(WindowSpec::tumbling(1_000), 0).with_lateness(1);
    let out = export(cfg, &o);
    assert!(out.text.contains(".setTopics(\"t\\\"opic\")"));
    assert!(out.text.contains(".setGroupId(\"g\\\\1\")"));
}

#[test]
fn processing_time_sql() {
    let cfg = Config::processing_time(WindowSpec::tumbling(10_000));
    let out = export(cfg, &opts());
    assert_eq!(out.language, Language::Sql);
    assert!(out.text.contains("  ts AS PROCTIME()\n"));
    assert!(!out.text.contains("WATERMARK"));
    assert!(out.notes.iter().any(|n| n.contains("wall clock")));
    golden("processing_time.sql", &out);
}

#[test]
fn processing_time_ignores_lateness() {
    let cfg = Config::processing_time(WindowSpec::tumbling(10_000)).with_lateness(5_000);
    assert_eq!(export(cfg, &opts()).language, Language::Sql);
}

#[test]
fn tumbling_offset_is_folded() {
    let cfg = Config::event_time(
        WindowSpec::Tumbling {
            size: 10_000,
            offset: 12_000,
        },
        1_999,
    );
    let out = export(cfg, &opts());
    assert!(out.text.contains(
        "TUMBLE(TABLE `events`, DESCRIPTOR(ts), INTERVAL '10' SECOND, INTERVAL '2' SECOND)"
    ));
}

#[test]
fn deterministic() {
    let cfg = Config::event_time(WindowSpec::sliding(10_000, 3_000), 1_999).with_lateness(5);
    assert_eq!(export(cfg, &opts()), export(cfg, &opts()));
}

fn field_of(e: EngineError) -> &'static str {
    match e {
        EngineError::InvalidConfig { field, .. } => field,
        other => panic!("expected InvalidConfig, got {other:?}"),
    }
}

#[test]
fn invalid_options_name_the_field() {
    let cfg = Config::event_time(WindowSpec::tumbling(10_000), 1_999);
    let bad = |f: &dyn Fn(&mut ExportOptions)| {
        let mut o = opts();
        f(&mut o);
        field_of(to_flink_sql(&cfg, &o).unwrap_err())
    };
    assert_eq!(
        bad(&|o| o.source_table = "ev ents".into()),
        "export.sourceTable"
    );
    assert_eq!(bad(&|o| o.sink_table = "1x".into()), "export.sinkTable");
    assert_eq!(bad(&|o| o.sink_table = "EVENTS".into()), "export.sinkTable");
    assert_eq!(bad(&|o| o.key_column = "k`ey".into()), "export.keyColumn");
    assert_eq!(bad(&|o| o.time_column = "ts".into()), "export.timeColumn");
    assert_eq!(
        bad(&|o| o.value_column = "key".into()),
        "export.valueColumn"
    );
    assert_eq!(
        bad(&|o| o.value_column = "count".into()),
        "export.valueColumn"
    );
    assert_eq!(bad(&|o| o.aggregates.clear()), "export.aggregates");
    assert_eq!(
        bad(&|o| o.aggregates.push(Aggregate::Sum)),
        "export.aggregates"
    );
    assert_eq!(
        bad(&|o| o.source = Source::Csv {
            path: "a\nb".into()
        }),
        "export.source.path"
    );
    assert_eq!(
        bad(&|o| o.sink = Sink::Csv {
            path: String::new()
        }),
        "export.sink.path"
    );
    let mut k = ExportOptions::kafka("t", "", "g");
    k.sink = Sink::Print;
    assert_eq!(
        field_of(to_flink_sql(&cfg, &k).unwrap_err()),
        "export.source.bootstrapServers"
    );
    // Config errors come through unchanged.
    let bad_cfg = Config::event_time(WindowSpec::tumbling(0), 1_999);
    assert_eq!(
        field_of(to_flink_sql(&bad_cfg, &opts()).unwrap_err()),
        "window.size"
    );
    // Beyond what a Flink SQL interval literal can write.
    let huge = Config::event_time(WindowSpec::tumbling(1_000 * 86_400_000), 0);
    assert_eq!(
        field_of(to_flink_sql(&huge, &opts()).unwrap_err()),
        "window.size"
    );
}

#[test]
fn quotes_in_paths_are_escaped() {
    let o = ExportOptions::csv("file:///data/o'brien.csv");
    let out = export(Config::event_time(WindowSpec::tumbling(10_000), 1_999), &o);
    assert!(out.text.contains("'path' = 'file:///data/o''brien.csv'"));
}

#[test]
fn language_java_forces_the_datastream_program() {
    let cfg = Config::event_time(WindowSpec::tumbling(10_000), 1_999);
    let o = ExportOptions {
        language: Some(Language::Java),
        ..opts()
    };
    let out = export(cfg, &o);
    assert_eq!(out.language, Language::Java);
    assert!(out.text.contains("as asked (export language java)"));
    assert!(!out.text.contains("Why Java and not SQL"));
    assert!(out
        .text
        .contains(".window(TumblingEventTimeWindows.of(Duration.ofMillis(10000)))"));
    assert!(out.text.contains("static final long D = 1999L;"));
    assert!(out.text.contains(".sideOutputLateData(lateTag)"));
    // The notes say what differs; the first one is not a reason for Java.
    assert!(out.notes[0].starts_with("Watermark: DataStream's"));
    // Asking for SQL where SQL can express it is the default export.
    let sql = ExportOptions {
        language: Some(Language::Sql),
        ..opts()
    };
    assert_eq!(export(cfg, &sql), export(cfg, &opts()));
}

#[test]
fn language_sql_where_sql_cannot_is_an_error() {
    let o = ExportOptions {
        language: Some(Language::Sql),
        ..opts()
    };
    for cfg in [
        Config::event_time(WindowSpec::tumbling(10_000), 1_999).with_lateness(5_000),
        Config::event_time(WindowSpec::sliding(10_000, 3_000), 1_999),
    ] {
        match to_flink_sql(&cfg, &o) {
            Err(EngineError::InvalidConfig { field, value, .. }) => {
                assert_eq!((field, value.as_str()), ("export.language", "sql"))
            }
            other => panic!("expected an export.language error, got {other:?}"),
        }
    }
}

#[test]
fn the_header_names_the_crate_that_exports() {
    let sql = export(
        Config::event_time(WindowSpec::tumbling(10_000), 1_999),
        &opts(),
    );
    let java = export(
        Config::event_time(WindowSpec::tumbling(10_000), 1_999).with_lateness(1),
        &opts(),
    );
    assert!(sql
        .text
        .starts_with("-- Flink SQL job exported by weir-flink from a Weir window design.\n"));
    assert!(java.text.starts_with(
        "// Flink DataStream job exported by weir-flink from a Weir window design.\n"
    ));
}

fn cumulate(step: i64, size: i64, offset: i64) -> WindowSpec {
    WindowSpec::Cumulate { step, size, offset }
}

#[test]
fn cumulate_sql() {
    let out = export(
        Config::event_time(cumulate(2_000, 10_000, 0), 1_999),
        &opts(),
    );
    assert_eq!(out.language, Language::Sql);
    // CUMULATE(TABLE t, DESCRIPTOR(ts), step, size).
    assert!(out.text.contains(
        "CUMULATE(TABLE `events`, DESCRIPTOR(ts), INTERVAL '2' SECOND, INTERVAL '10' SECOND)"
    ));
    assert!(out
        .text
        .contains("  WATERMARK FOR ts AS ts - INTERVAL '2' SECOND\n"));
    assert!(out.notes[0].starts_with("CUMULATE: each period of 10000 ms has 5 windows"));
    golden("cumulate.sql", &out);
}

#[test]
fn cumulate_offset_is_folded_by_the_size_not_the_step() {
    // Periods start at 2500 + k * 4000: offset 2500 mod the size (4000) is
    // 2500; mod the step (1000) it would be 500, another grid.
    let out = export(
        Config::event_time(cumulate(1_000, 4_000, 2_500), 0),
        &opts(),
    );
    assert!(out.text.contains(
        "CUMULATE(TABLE `events`, DESCRIPTOR(ts), INTERVAL '1' SECOND, INTERVAL '4' SECOND, INTERVAL '2.500' SECOND)"
    ));
    let neg = export(Config::event_time(cumulate(1_000, 4_000, -300), 0), &opts());
    assert!(neg
        .text
        .contains("INTERVAL '1' SECOND, INTERVAL '4' SECOND, INTERVAL '3.700' SECOND)"));
    assert!(neg
        .text
        .contains("Weir offset -300 ms = 3700 ms mod the size"));
}

#[test]
fn cumulate_where_java_would_be_needed_is_an_error_naming_the_field() {
    let cfg = Config::event_time(cumulate(2_000, 10_000, 0), 1_999);
    let java = ExportOptions {
        language: Some(Language::Java),
        ..opts()
    };
    match to_flink_sql(&cfg, &java) {
        Err(EngineError::InvalidConfig { field, value, .. }) => {
            assert_eq!((field, value.as_str()), ("export.language", "java"))
        }
        other => panic!("expected an export.language error, got {other:?}"),
    }
    match to_flink_sql(&cfg.with_lateness(5_000), &opts()) {
        Err(EngineError::InvalidConfig { field, value, .. }) => {
            assert_eq!((field, value.as_str()), ("allowedLateness", "5000"))
        }
        other => panic!("expected an allowedLateness error, got {other:?}"),
    }
    // In processing time nothing is late: lateness is ignored, as for TUMBLE.
    let proc = Config::processing_time(cumulate(2_000, 10_000, 0)).with_lateness(5_000);
    assert!(export(proc, &opts())
        .text
        .contains("CUMULATE(TABLE `events`"));
}

fn with_trigger(
    cfg: Config,
    mode: weir_core::Mode,
    early: Option<weir_core::Early>,
    acc: weir_core::Accumulation,
) -> Config {
    Config {
        trigger: weir_core::Trigger { mode, early },
        accumulation: acc,
        ..cfg
    }
}

use weir_core::{Accumulation, Early, Mode};

#[test]
fn early_count_java() {
    let cfg = with_trigger(
        Config::event_time(WindowSpec::tumbling(10_000), 1_999).with_lateness(5_000),
        Mode::Watermark,
        Some(Early::Count(3)),
        Accumulation::Accumulating,
    );
    let out = export(cfg, &opts());
    assert_eq!(out.language, Language::Java);
    assert!(out.notes[0].starts_with("allowed lateness 5000 ms"));
    assert!(out.notes[1].starts_with("early firings every 3 events (trigger.early count)"));
    assert!(out
        .text
        .contains("        static final long EARLY_COUNT = 3L;\n"));
    assert!(out
        .text
        .contains("        static final boolean EVERY_EVENT = false;\n"));
    assert!(out
        .text
        .contains("        static final boolean FINAL = false;\n"));
    assert!(out
        .text
        .contains("                .trigger(new WeirTrigger())\n"));
    // The kind comes from the trigger, not from a first-firing flag.
    assert!(out
        .text
        .contains("            String firing = FIRING.get();\n"));
    assert!(!out.text.contains("firedBefore"));
    assert!(!out.text.contains("PurgingTrigger"));
    // An early firing can come before the first watermark (Flink's
    // Long.MIN_VALUE): written as Weir's -inf, not MIN_VALUE + 1.
    assert!(out
        .text
        .contains(r#"wf == Long.MIN_VALUE ? "-inf" : Long.toString(wf + 1);"#));
    assert!(out
        .notes
        .iter()
        .any(|n| n.starts_with("Early count 3: WeirTrigger")));
    golden("early_count.java", &out);
}

#[test]
fn discarding_session_with_early_count_java() {
    let cfg = with_trigger(
        Config::event_time(WindowSpec::session(3_000), 1_999).with_lateness(5_000),
        Mode::Watermark,
        Some(Early::Count(3)),
        Accumulation::Discarding,
    );
    let out = export(cfg, &opts());
    assert_eq!(out.language, Language::Java);
    assert!(out
        .text
        .contains("                .trigger(PurgingTrigger.of(new WeirTrigger()))\n"));
    assert!(out
        .text
        .contains("import org.apache.flink.streaming.api.windowing.triggers.PurgingTrigger;\n"));
    // Sessions merge their counts.
    assert!(out.text.contains("ctx.mergePartitionedState(countState);"));
    assert!(out
        .notes
        .iter()
        .any(|n| n.starts_with("accumulation discarding: Flink SQL")));
    assert!(out
        .notes
        .iter()
        .any(|n| n.starts_with("Discarding is PurgingTrigger")));
    golden("session_count_discarding.java", &out);
}

#[test]
fn discarding_alone_is_java_with_the_plain_event_time_trigger() {
    let cfg = with_trigger(
        Config::event_time(WindowSpec::tumbling(10_000), 1_999),
        Mode::Watermark,
        None,
        Accumulation::Discarding,
    );
    let out = export(cfg, &opts());
    assert_eq!(out.language, Language::Java);
    assert!(out.text.contains("static final long EARLY_COUNT = 0L;"));
    assert!(out
        .text
        .contains(".trigger(PurgingTrigger.of(new WeirTrigger()))"));
}

#[test]
fn early_event_time_is_continuous_event_time_trigger_with_its_differences() {
    let cfg = with_trigger(
        Config::event_time(WindowSpec::sliding(10_000, 2_000), 1_999),
        Mode::Watermark,
        Some(Early::EventTime(1_000)),
        Accumulation::Accumulating,
    );
    let out = export(cfg, &opts());
    assert_eq!(out.language, Language::Java);
    assert!(out
        .text
        .contains("ContinuousEventTimeTrigger.of(Duration.ofMillis(1000));"));
    assert!(out.text.contains("                .trigger(new Kinds())\n"));
    assert!(!out.text.contains("class WeirTrigger"));
    let note = out
        .notes
        .iter()
        .find(|n| n.starts_with("Early event time 1000 ms is Flink's ContinuousEventTimeTrigger"))
        .expect("the differences are noted");
    for says in [
        "once per point",
        "also when nothing changed",
        "clamps its last point to the window end",
        "same advance as on time",
        "toward 0 for negative times",
    ] {
        assert!(note.contains(says), "{says}: {note}");
    }
    golden("early_event_time.java", &out);
}

#[test]
fn every_event_and_final_modes_are_the_programs_trigger() {
    let every = with_trigger(
        Config::event_time(WindowSpec::tumbling(1_000), 0).with_lateness(700),
        Mode::EveryEvent,
        None,
        Accumulation::Accumulating,
    );
    let out = export(every, &opts());
    assert!(out
        .text
        .contains("static final boolean EVERY_EVENT = true;"));
    assert!(out
        .notes
        .iter()
        .any(|n| n.starts_with("trigger mode every-event")));
    let fin = with_trigger(
        Config::event_time(WindowSpec::session(400), 100).with_lateness(1_500),
        Mode::Final,
        None,
        Accumulation::Accumulating,
    );
    let out = export(fin, &opts());
    assert!(out.text.contains("static final boolean FINAL = true;"));
    // Closing is Flink's cleanup time: end - 1 + L.
    assert!(out
        .text
        .contains("return FINAL ? w.maxTimestamp() + 1500L : w.maxTimestamp();"));
    assert!(out
        .notes
        .iter()
        .any(|n| n.starts_with("Final mode: WeirTrigger")));
}

#[test]
fn what_flink_cannot_express_is_said_in_the_notes() {
    let base = Config::event_time(WindowSpec::tumbling(10_000), 1_999);
    let retracting = with_trigger(base, Mode::Watermark, None, Accumulation::Retracting);
    let out = export(retracting, &opts());
    assert_eq!(out.language, Language::Sql);
    assert!(out
        .notes
        .iter()
        .any(|n| n.starts_with("Accumulation retracting is not exported")));
    let proc_early = with_trigger(
        base,
        Mode::Watermark,
        Some(Early::ProcessingTime(5_000)),
        Accumulation::Accumulating,
    );
    let out = export(proc_early, &opts());
    assert_eq!(out.language, Language::Sql);
    assert!(out
        .notes
        .iter()
        .any(|n| n.starts_with("Early firings every 5000 ms of processing time are not exported")));
    let sources = Config {
        sources: 3,
        idle_timeout: Some(10_000),
        ..base
    };
    assert!(export(sources, &opts())
        .notes
        .iter()
        .any(|n| n.starts_with("Weir's sources and idle timeout are not exported")));
}

#[test]
fn sql_asked_for_a_trigger_it_cannot_express_is_an_error() {
    let sql = ExportOptions {
        language: Some(Language::Sql),
        ..opts()
    };
    let base = Config::event_time(WindowSpec::tumbling(10_000), 1_999);
    for cfg in [
        with_trigger(
            base,
            Mode::Watermark,
            Some(Early::Count(2)),
            Accumulation::Accumulating,
        ),
        with_trigger(base, Mode::Final, None, Accumulation::Accumulating),
        with_trigger(base, Mode::Watermark, None, Accumulation::Discarding),
    ] {
        assert_eq!(
            field_of(to_flink_sql(&cfg, &sql).unwrap_err()),
            "export.language"
        );
    }
}

#[test]
fn cumulate_with_a_trigger_names_the_field() {
    let base = Config::event_time(cumulate(2_000, 10_000, 0), 1_999);
    let field = |c| field_of(to_flink_sql(&c, &opts()).unwrap_err());
    assert_eq!(
        field(with_trigger(
            base,
            Mode::Watermark,
            Some(Early::Count(2)),
            Accumulation::Accumulating
        )),
        "trigger.early"
    );
    assert_eq!(
        field(with_trigger(
            base,
            Mode::EveryEvent,
            None,
            Accumulation::Accumulating
        )),
        "trigger.mode"
    );
    assert_eq!(
        field(with_trigger(
            base,
            Mode::Watermark,
            None,
            Accumulation::Discarding
        )),
        "accumulation"
    );
}
