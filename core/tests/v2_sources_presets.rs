//! Presets (`SEMANTICS.md`, "Presets (v2)"): the settings each one sets,
//! every explicit setting winning over them, and the one preset whose
//! watermark rule changes behaviour in v1 terms (`flink-sql`'s `d - 1`)
//! run on events.

use weir_core::engine::{configure, Overrides};
use weir_core::{Accumulation, Config, Early, Engine, Event, Mode, Preset, WindowSpec};

fn base() -> Config {
    // A base with non-default d and L, so a preset's own values show.
    Config::event_time(WindowSpec::tumbling(10_000), 2_000).with_lateness(3_000)
}

/// (d, L, mode, accumulation, clamp)
fn settings(c: &Config) -> (i64, i64, Mode, Accumulation, bool) {
    (
        c.max_out_of_orderness,
        c.allowed_lateness,
        c.trigger.mode,
        c.accumulation,
        c.clamp_starts_at_zero,
    )
}

fn under(p: Preset, given: Overrides) -> Config {
    configure(Some(p), base(), &given).expect("valid")
}

use Accumulation::{Accumulating, Discarding, Retracting};
use Mode::{EveryEvent, Final, Watermark};

#[test]
fn each_preset_sets_its_rules() {
    let none = Overrides::default();
    // flink: Weir's defaults; d and L stay the base's.
    assert_eq!(
        settings(&under(Preset::Flink, none)),
        (2_000, 3_000, Watermark, Accumulating, false)
    );
    // flink-sql: L = 0; the base's d (not given) is taken as Weir's own.
    assert_eq!(
        settings(&under(Preset::FlinkSql, none)),
        (2_000, 0, Watermark, Accumulating, false)
    );
    // beam: discarding, L as given (here the base's).
    assert_eq!(
        settings(&under(Preset::Beam, none)),
        (2_000, 3_000, Watermark, Discarding, false)
    );
    // kafka-streams: d = 0 (stream time), grace = L, every-event,
    // accumulating, starts clamped at 0.
    assert_eq!(
        settings(&under(Preset::KafkaStreams, none)),
        (0, 3_000, EveryEvent, Accumulating, true)
    );
    assert_eq!(
        settings(&under(Preset::KafkaStreamsFinal, none)),
        (0, 3_000, Final, Accumulating, true)
    );
    // spark-append: final, L = 0.
    assert_eq!(
        settings(&under(Preset::SparkAppend, none)),
        (2_000, 0, Final, Accumulating, false)
    );
    // No preset: the base as it is.
    assert_eq!(configure(None, base(), &none).unwrap(), base());
    // No preset touches the window, time domain, limits or sources.
    let b = Config {
        sources: 3,
        idle_timeout: Some(500),
        ..base()
    };
    for p in Preset::ALL {
        let c = configure(Some(p), b, &none).unwrap();
        assert_eq!(
            (c.window, c.time_domain, c.limits, c.sources, c.idle_timeout),
            (b.window, b.time_domain, b.limits, 3, Some(500)),
            "{p:?}"
        );
    }
}

#[test]
fn explicit_settings_win_over_every_preset() {
    let given = Overrides {
        max_out_of_orderness: Some(700),
        allowed_lateness: Some(900),
        mode: Some(Watermark),
        early: Some(Early::Count(2)),
        accumulation: Some(Retracting),
        clamp_starts_at_zero: Some(false),
    };
    for p in Preset::ALL {
        let c = under(p, given);
        // flink-sql runs the d given as Flink SQL's INTERVAL: 700 - 1.
        let d = if p == Preset::FlinkSql { 699 } else { 700 };
        assert_eq!(
            settings(&c),
            (d, 900, Watermark, Retracting, false),
            "{p:?}"
        );
        assert_eq!(c.trigger.early, Some(Early::Count(2)), "{p:?}");
    }
    // One setting given: only it wins; the preset's others stay.
    let c = under(
        Preset::KafkaStreams,
        Overrides {
            mode: Some(Final),
            ..Overrides::default()
        },
    );
    assert_eq!(settings(&c), (0, 3_000, Final, Accumulating, true));
    let c = under(
        Preset::SparkAppend,
        Overrides {
            allowed_lateness: Some(5_000),
            ..Overrides::default()
        },
    );
    assert_eq!(settings(&c), (2_000, 5_000, Final, Accumulating, false));
}

#[test]
fn flink_sql_refuses_an_interval_of_zero() {
    let e = configure(
        Some(Preset::FlinkSql),
        base(),
        &Overrides {
            max_out_of_orderness: Some(0),
            ..Overrides::default()
        },
    )
    .unwrap_err()
    .to_string();
    assert!(
        e.contains("watermark.maxOutOfOrderness = 0") && e.contains("INTERVAL"),
        "{e}"
    );
}

/// Flink SQL's `ts - INTERVAL '1' SECOND` emits `W = max - 1000` and fires
/// `[0, 10000)` at `W >= 9999`, so an event at 10999 fires it: Weir's
/// `d = 999` does the same, where Weir's `d = 1000` does not.
#[test]
fn flink_sql_interval_runs_one_millisecond_earlier() {
    let run = |preset| {
        let c = configure(
            preset,
            Config::event_time(WindowSpec::tumbling(10_000), 0),
            &Overrides {
                max_out_of_orderness: Some(1_000),
                ..Overrides::default()
            },
        )
        .unwrap();
        let mut e = Engine::new(c).unwrap();
        e.push(Event::new(1, 5_000, 1.0)).unwrap();
        e.push(Event::new(1, 10_999, 1.0)).unwrap();
        (e.watermark(), e.drain_results().len())
    };
    assert_eq!(run(Some(Preset::FlinkSql)), (10_000, 1));
    assert_eq!(run(Some(Preset::Flink)), (9_999, 0));
    assert_eq!(run(None), (9_999, 0));
}

#[test]
fn every_preset_documents_what_it_does_not_emulate() {
    assert!(Preset::FlinkSql.not_emulated().contains("<= 0"));
    assert!(Preset::KafkaStreamsFinal
        .not_emulated()
        .contains("end + L < W"));
    assert!(Preset::SparkAppend.not_emulated().contains("micro-batch"));
    assert_eq!(Preset::Flink.not_emulated(), "");
}
