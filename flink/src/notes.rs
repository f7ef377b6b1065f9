//! The exporter's notes: why a design needs Java, and where the exported
//! job differs from Weir or what it needs. They are returned with the job
//! (the widget lists them) and written as comments at its top.

use weir_core::{Accumulation, Config, Early, Mode, TimeDomain, WindowSpec};

use crate::options::{ExportOptions, KafkaFormat, Sink, Source};

/// Why the design needs the DataStream API, if it does.
pub(crate) fn java_reasons(config: &Config) -> Vec<String> {
    let mut why = Vec::new();
    if config.time_domain == TimeDomain::Event && config.allowed_lateness > 0 {
        why.push(format!(
            "allowed lateness {} ms: Flink SQL window aggregations drop every late row and never re-fire a window; \
             DataStream's allowedLateness does what Weir does",
            config.allowed_lateness
        ));
    }
    if config.time_domain == TimeDomain::Event {
        match (config.trigger.mode, config.trigger.early) {
            (Mode::Watermark, Some(Early::Count(n))) => why.push(format!(
                "early firings every {n} events (trigger.early count): Flink SQL window aggregations fire once, \
                 at the window end; the program's trigger adds them to Flink's EventTimeTrigger"
            )),
            (Mode::Watermark, Some(Early::EventTime(p))) => why.push(format!(
                "early firings every {p} ms of event time (trigger.early eventTime): Flink SQL window \
                 aggregations fire once, at the window end; DataStream has ContinuousEventTimeTrigger"
            )),
            (Mode::EveryEvent, _) => why.push(
                "trigger mode every-event: Flink SQL window aggregations fire once, at the window end; the \
                 program's trigger fires at every event instead"
                    .into(),
            ),
            (Mode::Final, _) => why.push(
                "trigger mode final: Flink SQL window aggregations fire at the window end, not when it \
                 closes (end + allowed lateness); the program's trigger fires then"
                    .into(),
            ),
            _ => {}
        }
        if config.accumulation == Accumulation::Discarding {
            why.push(
                "accumulation discarding: Flink SQL window aggregations cannot purge a window between \
                 firings; DataStream's PurgingTrigger does"
                    .into(),
            );
        }
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

/// What the design asks for that no Flink job here expresses (either language).
fn unexpressed(config: &Config, notes: &mut Vec<String>) {
    if config.time_domain != TimeDomain::Event {
        return;
    }
    if config.accumulation == Accumulation::Retracting {
        notes.push(
            "Accumulation retracting is not exported: DataStream windows cannot emit retractions, and Flink SQL's \
             window aggregations are insert-only (update-before/update-after rows come from non-windowed GROUP BY); \
             the job's firings accumulate, without Weir's retract rows."
                .into(),
        );
    }
    if let Some(Early::ProcessingTime(p)) = config.trigger.early {
        notes.push(format!(
            "Early firings every {p} ms of processing time are not exported: Flink's processing time is the task \
             manager's wall clock, not the arrival times Weir is given (ContinuousProcessingTimeTrigger would fire \
             on the wall clock); the job has no early firings."
        ));
    }
    if config.sources > 0 || config.idle_timeout.is_some() {
        notes.push(
            "Weir's sources and idle timeout are not exported: the job reads one source with one watermark. Flink \
             keeps a watermark per source split (a Kafka partition) and takes the minimum, and marks a split idle \
             after a wall-clock timeout (WatermarkStrategy.withIdleness, 'table.exec.source.idle-timeout'), not on \
             Weir's arrival clock."
                .into(),
        );
    }
    if config.clamp_starts_at_zero {
        notes.push(
            "Window starts clamped at 0 (Kafka Streams' windowsFor) are not Flink's: Flink's windows also start \
             before 0."
                .into(),
        );
    }
}

/// The Java program has its own trigger (what `java::weir_trigger` renders).
fn custom_trigger(config: &Config) -> bool {
    config.time_domain == TimeDomain::Event
        && (config.trigger.mode != Mode::Watermark
            || matches!(
                config.trigger.early,
                Some(Early::Count(_) | Early::EventTime(_))
            )
            || config.accumulation == Accumulation::Discarding)
}

/// The notes of a Java job's own trigger (in place of the v1 firing note).
fn trigger_notes(config: &Config, notes: &mut Vec<String>) {
    notes.push(
        "The firing column is the kind the trigger fired for, the contract's rule: early (before the watermark \
         passes the window end), on-time (it passes the end), late (an event after the end, also for a window \
         that held nothing at its end), final (the window closes)."
            .into(),
    );
    match (config.trigger.mode, config.trigger.early) {
        (Mode::Watermark, Some(Early::Count(n))) => notes.push(format!(
            "Early count {n}: WeirTrigger is Flink's EventTimeTrigger plus CountTrigger's count of the events \
             added since the window's previous firing (reset at every firing); sessions that merge add their \
             counts, so the merging event fires the merged session once if the sum reaches {n}."
        )),
        (Mode::Watermark, Some(Early::EventTime(p))) => notes.push(format!(
            "Early event time {p} ms is Flink's ContinuousEventTimeTrigger, which differs from Weir's: it fires \
             once per point the watermark passes (Weir: once per advance), also when nothing changed since the \
             previous firing (Weir: only if the window changed), clamps its last point to the window end \
             (`Math.min(time + interval, window.maxTimestamp())`), so it can fire early in the same advance as on \
             time (Weir: the on-time firing only), and aligns its first point with Java's `timestamp % interval`, \
             toward 0 for negative times (Weir: floor). Rows can differ from Weir's on any stream."
        )),
        (Mode::EveryEvent, _) => notes.push(
            "Every-event mode: WeirTrigger fires at each accepted event (early before the window end, late \
             after) and not at the end."
                .into(),
        ),
        (Mode::Final, _) => notes.push(format!(
            "Final mode: WeirTrigger fires once, kind final, when the window closes: at Flink's end - 1 + {} ms \
             (the operator's cleanup time, Weir's W >= end + L), with every event accepted until then.",
            config.allowed_lateness
        )),
        _ => {}
    }
    if config.accumulation == Accumulation::Discarding {
        notes.push(
            "Discarding is PurgingTrigger: every firing purges the window's contents, so the next reports only \
             the events added since; a firing with nothing new emits nothing (WindowOperator skips empty \
             contents), and a merged session reports what its parts had not reported, as Weir."
                .into(),
        );
    }
}

/// The notes of a SQL job whose watermark interval is `wm`.
pub(crate) fn sql_notes(config: &Config, opts: &ExportOptions, wm: &str) -> Vec<String> {
    let mut notes = Vec::new();
    if let WindowSpec::Cumulate { step, size, .. } = config.window {
        notes.push(format!(
            "CUMULATE: each period of {size} ms has {} windows [s, s + k * {step} ms), each fired once when the \
             watermark passes its end with every row of the period so far (Weir's on-time firings). Flink's \
             DataStream API has no cumulating assigner, so this design has no Java export (no allowed lateness, \
             no early firings, no side output).",
            size / step
        ));
    }
    if config.time_domain == TimeDomain::Event {
        notes.push(format!(
            "Weir maxOutOfOrderness {} ms is Flink SQL `ts - {wm}` ({} ms): Flink SQL's watermark means \
             \"no more rows with time <= W\" and fires at W >= end - 1, Weir's \"no more events with time < W\" \
             and fires at W >= end, so the SQL bound is 1 ms larger for the same firings.",
            config.max_out_of_orderness,
            config.max_out_of_orderness + 1
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
    unexpressed(config, &mut notes);
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
    notes
}

/// The notes of a Java job (after the reasons it is Java).
pub(crate) fn java_notes(config: &Config, opts: &ExportOptions) -> Vec<String> {
    let d = config.max_out_of_orderness;
    let mut notes = Vec::new();
    if config.time_domain == TimeDomain::Event {
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
        if custom_trigger(config) {
            trigger_notes(config, &mut notes);
        } else if matches!(config.window, WindowSpec::Session { .. }) {
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
    unexpressed(config, &mut notes);
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
    notes
}
