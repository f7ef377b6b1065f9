//! The memory model against the chapter's worked numbers (section 3.5),
//! its checks, its searches and its byte formatting. Expected values are
//! the chapter's or worked by hand in the comments.

use super::search::smallest_divisor_at_least;
use super::*;
use crate::aggregate::Agg;
use crate::error::EngineError;
use crate::memory::{ENGINE_SESSION_BYTES, ENGINE_SLICE_BYTES};
use crate::time::{Time, MAX_ABS_TIME};
use crate::window::WindowSpec;
use std::mem::size_of;

const GB: f64 = 1e9;
const MB: f64 = 1e6;

/// The chapter's worked example: 10,000 sensors x 100 msg/s x 100 B,
/// 16 GB instances.
fn factory(window: WindowSpec) -> MemoryParams {
    MemoryParams::new(10_000.0, 100.0, 100.0, window, 16.0 * GB)
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-12 * b.abs().max(1.0)
}

fn field_of(e: EngineError) -> &'static str {
    match e {
        EngineError::InvalidConfig { field, .. } => field,
        other => panic!("expected InvalidConfig, got {other:?}"),
    }
}

#[test]
fn chapter_factory_data_rate_is_one_million_messages_and_1_gb_per_10_s_window() {
    let e = factory(WindowSpec::tumbling(10_000)).estimate().unwrap();
    assert_eq!(e.messages_per_second, 1_000_000.0);
    assert_eq!(e.bytes_per_second, 100_000_000.0);
    assert_eq!(e.bytes_per_window, 1_000_000_000.0);
    assert_eq!(format_bytes(e.bytes_per_window, ByteUnits::Base10), "1 GB");
}

#[test]
fn chapter_tumbling_holds_2_gb_open_plus_emitting() {
    let e = factory(WindowSpec::tumbling(10_000)).estimate().unwrap();
    assert_eq!(e.raw_windows_held, 2.0);
    assert_eq!(e.raw_buffer_bytes, 2_000_000_000.0);
    assert_eq!(e.overlap_factor, 1.0);
    assert!(e.smallest_fitting_slide.is_none());
}

#[test]
fn chapter_sliding_10s_by_1s_is_10_gb_62_5_percent_raw_75_percent_with_overhead() {
    let e = factory(WindowSpec::sliding(10_000, 1_000))
        .estimate()
        .unwrap();
    assert_eq!(e.overlap_factor, 10.0);
    assert_eq!(e.raw_buffer_bytes, 10_000_000_000.0);
    assert_eq!(e.raw_fit.state_bytes, 10_000_000_000.0);
    assert_eq!(e.raw_fit.utilization_raw, 0.625);
    assert!(close(e.raw_fit.required_bytes, 12_000_000_000.0));
    assert!(close(e.raw_fit.utilization_with_overhead, 0.75));
    assert!(!e.raw_fit.fits, "75 % is over the 50 % target");
    assert_eq!(e.raw_fit.instances_needed, 2);
    assert_eq!(format_bytes(e.raw_buffer_bytes, ByteUnits::Base10), "10 GB");
}

#[test]
fn chapter_smallest_fitting_slide_is_1_5_s() {
    let e = factory(WindowSpec::sliding(10_000, 1_000))
        .estimate()
        .unwrap();
    let s = e.smallest_fitting_slide.unwrap();
    assert_eq!(s.slide_ms, 1_500);
    assert!(s.fit.fits);
    assert!(close(s.fit.utilization_with_overhead, 0.5));
    assert_eq!(s.fit.instances_needed, 1);
    // one ms less does not fit
    let below = factory(WindowSpec::sliding(10_000, 1_499))
        .estimate()
        .unwrap();
    assert!(!below.raw_fit.fits);
}

#[test]
fn chapter_smallest_dividing_slide_is_2_s_5_gb_raw_6_gb_with_overhead_37_5_percent() {
    let e = factory(WindowSpec::sliding(10_000, 1_000))
        .estimate()
        .unwrap();
    let d = e.smallest_fitting_dividing_slide.unwrap();
    assert_eq!(d.slide_ms, 2_000);
    assert_eq!(d.overlap_factor, 5.0);
    assert_eq!(d.fit.state_bytes, 5_000_000_000.0);
    assert!(close(d.fit.required_bytes, 6_000_000_000.0));
    assert_eq!(d.fit.utilization_raw, 0.3125);
    assert!(close(d.fit.utilization_with_overhead, 0.375));
    assert!(d.fit.fits);
    // the same figures from a direct estimate at 2 s
    let direct = factory(WindowSpec::sliding(10_000, 2_000))
        .estimate()
        .unwrap();
    assert_eq!(direct.raw_fit, d.fit);
}

#[test]
fn chapter_quick_estimate_1000_sensors_10_hz_10_mb_tumbling_vs_100_mb_sliding() {
    let mut t = MemoryParams::new(
        1_000.0,
        10.0,
        100.0,
        WindowSpec::tumbling(10_000),
        16.0 * GB,
    );
    t.tumbling_windows_held = 1;
    let mut s = t.clone();
    s.window = WindowSpec::sliding(10_000, 1_000);
    let (t, s) = (t.estimate().unwrap(), s.estimate().unwrap());
    assert_eq!(t.raw_buffer_bytes, 10_000_000.0);
    assert_eq!(s.raw_buffer_bytes, 100_000_000.0);
    assert_eq!(format_bytes(t.raw_buffer_bytes, ByteUnits::Base10), "10 MB");
    assert_eq!(
        format_bytes(s.raw_buffer_bytes, ByteUnits::Base10),
        "100 MB"
    );
}

#[test]
fn chapter_quick_estimate_10000_sensors_100_mb_tumbling_vs_1_gb_sliding() {
    let mut t = MemoryParams::new(
        10_000.0,
        10.0,
        100.0,
        WindowSpec::tumbling(10_000),
        16.0 * GB,
    );
    t.tumbling_windows_held = 1;
    let mut s = t.clone();
    s.window = WindowSpec::sliding(10_000, 1_000);
    let (t, s) = (t.estimate().unwrap(), s.estimate().unwrap());
    assert_eq!(t.raw_buffer_bytes, 100_000_000.0);
    assert_eq!(s.raw_buffer_bytes, 1_000_000_000.0);
}

#[test]
fn chapter_10000_sensors_5_min_window_20_kb_running_stats_is_200_mb() {
    let mut p = MemoryParams::new(
        10_000.0,
        100.0,
        100.0,
        WindowSpec::tumbling(300_000),
        16.0 * GB,
    );
    p.state_bytes_per_key = CHAPTER_STATE_BYTES_PER_KEY;
    p.tumbling_windows_held = 1;
    let e = p.estimate().unwrap();
    assert_eq!(e.open_windows_per_key, 1);
    assert_eq!(e.per_window_aggregate_bytes, 200_000_000.0);
    assert_eq!(e.sliced_aggregate_bytes, 200_000_000.0);
    assert_eq!(
        format_bytes(e.per_window_aggregate_bytes, ByteUnits::Base10),
        "200 MB"
    );
    assert!(e.per_window_fit.fits);
}

#[test]
fn chapter_10s_window_sliding_by_2s_costs_5x_tumbling() {
    let mut t = factory(WindowSpec::tumbling(10_000));
    t.tumbling_windows_held = 1;
    let s = factory(WindowSpec::sliding(10_000, 2_000));
    let (t, s) = (t.estimate().unwrap(), s.estimate().unwrap());
    assert_eq!(s.overlap_factor, 5.0);
    assert_eq!(s.raw_buffer_bytes, 5.0 * t.raw_buffer_bytes);
    assert_eq!(s.raw_buffer_bytes, 5_000_000_000.0);
}

#[test]
fn sliced_aggregates_equal_per_window_when_slide_divides_size() {
    let e = factory(WindowSpec::sliding(10_000, 1_000))
        .estimate()
        .unwrap();
    assert_eq!(e.open_windows_per_key, 10);
    assert_eq!(e.slices_per_key, 10);
    let a = ENGINE_SLICE_BYTES as f64;
    assert_eq!(e.per_window_aggregate_bytes, 10.0 * 10_000.0 * a);
    assert_eq!(e.sliced_aggregate_bytes, e.per_window_aggregate_bytes);
    assert_eq!(
        e.note,
        Note::Sliding {
            slices_per_key: 10,
            sliced_bytes: 10.0 * 10_000.0 * a,
            open_windows_per_key: 10,
            per_window_bytes: 10.0 * 10_000.0 * a,
            overlap_factor: 10.0,
            raw_bytes: 10.0 * GB,
            sampling: false,
        }
    );
}

#[test]
fn sliced_aggregates_exceed_per_window_when_slide_does_not_divide_size() {
    // 10 s / 3 s: 10 slices of 1 s vs 4 windows
    let e = factory(WindowSpec::sliding(10_000, 3_000))
        .estimate()
        .unwrap();
    assert_eq!(e.open_windows_per_key, 4);
    assert_eq!(e.slices_per_key, 10);
    assert!(e.sliced_aggregate_bytes > e.per_window_aggregate_bytes);
    // More slices than windows: the widget says the slide does not divide the size.
    let Note::Sliding {
        slices_per_key,
        open_windows_per_key,
        raw_bytes,
        sampling,
        ..
    } = e.note
    else {
        panic!("{:?}", e.note)
    };
    assert_eq!((slices_per_key, open_windows_per_key), (10, 4));
    assert!(close(raw_bytes, 10.0 / 3.0 * GB), "{raw_bytes}");
    assert!(!sampling);
}

#[test]
fn session_models_use_expected_length_and_one_aggregate_per_key() {
    let mut p = factory(WindowSpec::session(30_000));
    p.session_length_ms = Some(120_000);
    let e = p.estimate().unwrap();
    assert_eq!(e.bytes_per_window, 12_000_000_000.0); // 1e8 B/s x 120 s
    assert_eq!(e.raw_buffer_bytes, 12_000_000_000.0);
    assert_eq!(
        e.per_window_aggregate_bytes,
        10_000.0 * ENGINE_SESSION_BYTES as f64
    );
    assert!(e.smallest_fitting_slide.is_none());
    assert!(e.smallest_fitting_dividing_slide.is_none());
    // 8 GB / 1.2 at 1e8 B/s = 66.666 s
    assert_eq!(e.largest_fitting_window_ms, Some(66_666));
}

#[test]
fn largest_fitting_windows_tumbling_and_sliding() {
    // tumbling: 2 x 1e5 B/ms x S x 1.2 <= 8e9 -> S <= 33,333.3 ms
    let t = factory(WindowSpec::tumbling(10_000)).estimate().unwrap();
    assert_eq!(t.largest_fitting_window_ms, Some(33_333));
    // sliding by 1 s: S^2 / 1000 x 1e5 x 1.2 <= 8e9 -> S <= 8,164.96 ms
    let s = factory(WindowSpec::sliding(10_000, 1_000))
        .estimate()
        .unwrap();
    assert_eq!(s.largest_fitting_window_ms, Some(8_164));
}

#[test]
fn nothing_fits_gives_none() {
    let mut p = factory(WindowSpec::sliding(10_000, 1_000));
    p.instance_bytes = 1.0;
    let e = p.estimate().unwrap();
    assert!(e.smallest_fitting_slide.is_none());
    assert!(e.smallest_fitting_dividing_slide.is_none());
    assert_eq!(e.largest_fitting_window_ms, None);
    assert!(e.raw_fit.instances_needed > 1_000_000_000);
}

#[test]
fn default_state_bytes_per_key_is_derived_from_engine_types() {
    assert_eq!(ENGINE_SLICE_BYTES as usize, size_of::<(Time, Agg)>());
    let p = factory(WindowSpec::sliding(10_000, 1_000));
    assert_eq!(p.state_bytes_per_key, ENGINE_SLICE_BYTES as f64);
    let p = factory(WindowSpec::session(1_000));
    assert_eq!(p.state_bytes_per_key, ENGINE_SESSION_BYTES as f64);
    assert_eq!(p.state_overhead, 0.2);
    assert_eq!(p.target_utilization, 0.5);
    assert_eq!(p.tumbling_windows_held, 2);
}

#[test]
fn validation_names_each_field() {
    let base = || factory(WindowSpec::sliding(10_000, 1_000));
    let cases: Vec<(&str, MemoryParams)> = vec![
        (
            "sensors",
            MemoryParams {
                sensors: -1.0,
                ..base()
            },
        ),
        (
            "sensors",
            MemoryParams {
                sensors: 0.0,
                ..base()
            },
        ),
        (
            "sensors",
            MemoryParams {
                sensors: 1.5,
                ..base()
            },
        ),
        (
            "sensors",
            MemoryParams {
                sensors: f64::NAN,
                ..base()
            },
        ),
        (
            "messagesPerSecond",
            MemoryParams {
                messages_per_second: 0.0,
                ..base()
            },
        ),
        (
            "messagesPerSecond",
            MemoryParams {
                messages_per_second: f64::INFINITY,
                ..base()
            },
        ),
        (
            "messageBytes",
            MemoryParams {
                message_bytes: -100.0,
                ..base()
            },
        ),
        (
            "window.size",
            MemoryParams {
                window: WindowSpec::sliding(0, 1_000),
                ..base()
            },
        ),
        (
            "window.slide",
            MemoryParams {
                window: WindowSpec::sliding(10_000, 0),
                ..base()
            },
        ),
        (
            "window.size",
            MemoryParams {
                window: WindowSpec::tumbling(-5),
                ..base()
            },
        ),
        (
            "window.gap",
            MemoryParams {
                window: WindowSpec::session(0),
                ..base()
            },
        ),
        (
            "sessionLengthMs",
            MemoryParams {
                window: WindowSpec::session(1_000),
                session_length_ms: None,
                ..base()
            },
        ),
        (
            "sessionLengthMs",
            MemoryParams {
                window: WindowSpec::session(1_000),
                session_length_ms: Some(0),
                ..base()
            },
        ),
        (
            "stateBytesPerKey",
            MemoryParams {
                state_bytes_per_key: 0.0,
                ..base()
            },
        ),
        (
            "instanceBytes",
            MemoryParams {
                instance_bytes: f64::NEG_INFINITY,
                ..base()
            },
        ),
        (
            "stateOverhead",
            MemoryParams {
                state_overhead: -0.1,
                ..base()
            },
        ),
        (
            "targetUtilization",
            MemoryParams {
                target_utilization: 0.0,
                ..base()
            },
        ),
        (
            "targetUtilization",
            MemoryParams {
                target_utilization: 1.5,
                ..base()
            },
        ),
        (
            "tumblingWindowsHeld",
            MemoryParams {
                tumbling_windows_held: 0,
                ..base()
            },
        ),
    ];
    for (field, p) in cases {
        let err = p.estimate().unwrap_err();
        assert!(err.to_string().contains(field), "{field}: {err}");
        assert_eq!(field_of(err), field);
    }
}

#[test]
fn huge_sensors_times_rate_is_an_error_not_a_wrap() {
    let mut p = factory(WindowSpec::tumbling(10_000));
    p.sensors = MAX_SENSORS;
    p.messages_per_second = 1e9;
    let err = p.estimate().unwrap_err();
    assert_eq!(field_of(err), "messagesPerSecond");
    // in range messages but bytes per window overflow
    let mut p = factory(WindowSpec::tumbling(MAX_ABS_TIME));
    p.sensors = MAX_SENSORS;
    assert_eq!(field_of(p.estimate().unwrap_err()), "window.size");
    // raw buffering overflow through the overlap factor
    let mut p = factory(WindowSpec::sliding(MAX_ABS_TIME / 1_000_000, 1));
    p.sensors = 1.0;
    p.messages_per_second = 1.0;
    p.message_bytes = 1_000_000.0;
    assert_eq!(field_of(p.estimate().unwrap_err()), "window.slide");
    // required with overhead
    let mut p = factory(WindowSpec::tumbling(1_000));
    p.sensors = 1.0;
    p.messages_per_second = 1.0;
    p.message_bytes = MAX_BYTES / 2.0;
    p.tumbling_windows_held = 1;
    p.state_overhead = 1.5;
    assert_eq!(field_of(p.estimate().unwrap_err()), "stateOverhead");
}

#[test]
fn every_figure_is_finite() {
    for w in [
        WindowSpec::tumbling(1),
        WindowSpec::sliding(7, 3),
        WindowSpec::sliding(3, 7),
        WindowSpec::sliding(MAX_ABS_TIME, MAX_ABS_TIME),
    ] {
        let mut p = MemoryParams::new(1.0, 1e-9, 1e-9, w, 1.0);
        p.target_utilization = 1e-9;
        let e = p.estimate().unwrap();
        for f in [e.raw_fit, e.per_window_fit, e.sliced_fit] {
            assert!(f.utilization_raw.is_finite() && f.utilization_with_overhead.is_finite());
        }
        assert!(e.bytes_per_window.is_finite() && e.raw_buffer_bytes.is_finite());
    }
}

#[test]
fn slide_larger_than_size_buffers_one_window() {
    let e = factory(WindowSpec::sliding(2_000, 5_000))
        .estimate()
        .unwrap();
    assert_eq!(e.overlap_factor, 0.4);
    assert_eq!(e.raw_windows_held, 1.0);
    assert_eq!(e.raw_buffer_bytes, 200_000_000.0);
    assert_eq!(e.open_windows_per_key, 1);
    assert_eq!(e.slices_per_key, 2); // 1 s slices
    assert!(
        matches!(e.note, Note::Sliding { sampling: true, .. }),
        "{:?}",
        e.note
    );
}

#[test]
fn smallest_divisor_search() {
    assert_eq!(smallest_divisor_at_least(10_000, 1_500), 2_000);
    assert_eq!(smallest_divisor_at_least(10_000, 1), 1);
    assert_eq!(smallest_divisor_at_least(10_000, 10_000), 10_000);
    assert_eq!(smallest_divisor_at_least(97, 2), 97);
    assert_eq!(smallest_divisor_at_least(36, 5), 6);
    assert_eq!(smallest_divisor_at_least(36, 7), 9);
    for n in 1..200 {
        for c in 1..=n {
            let want = (c..=n).find(|d| n % d == 0).unwrap();
            assert_eq!(smallest_divisor_at_least(n, c), want, "{n} {c}");
        }
    }
}

#[test]
fn format_bytes_base10() {
    assert_eq!(format_bytes(1e9, ByteUnits::Base10), "1 GB");
    assert_eq!(format_bytes(62.5 * MB, ByteUnits::Base10), "62.5 MB");
    assert_eq!(format_bytes(0.0, ByteUnits::Base10), "0 B");
    assert_eq!(format_bytes(512.0, ByteUnits::Base10), "512 B");
    assert_eq!(format_bytes(1_500.0, ByteUnits::Base10), "1.5 KB");
    assert_eq!(format_bytes(6_666_666_666.7, ByteUnits::Base10), "6.67 GB");
    assert_eq!(format_bytes(12e9, ByteUnits::Base10), "12 GB");
    assert_eq!(format_bytes(999_960.0, ByteUnits::Base10), "1 MB");
    assert_eq!(format_bytes(2e12, ByteUnits::Base10), "2 TB");
    assert_eq!(format_bytes(-2e6, ByteUnits::Base10), "-2 MB");
    assert_eq!(format_bytes(f64::NAN, ByteUnits::Base10), "invalid");
}

#[test]
fn format_bytes_base2() {
    assert_eq!(
        format_bytes(1.5 * (1u64 << 30) as f64, ByteUnits::Base2),
        "1.5 GiB"
    );
    assert_eq!(format_bytes(1_024.0, ByteUnits::Base2), "1 KiB");
    assert_eq!(format_bytes(1_000.0, ByteUnits::Base2), "1000 B");
    assert_eq!(format_bytes(1_536.0, ByteUnits::Base2), "1.5 KiB");
    assert_eq!(format_bytes(1e9, ByteUnits::Base2), "954 MiB");
    assert_eq!(
        format_bytes(16.0 * (1u64 << 30) as f64, ByteUnits::Base2),
        "16 GiB"
    );
    assert_eq!(format_bytes(1_048_575.0, ByteUnits::Base2), "1 MiB");
    assert_eq!(format_bytes(MAX_BYTES, ByteUnits::Base2), "8 PiB");
}

#[test]
fn tumbling_and_session_notes_carry_their_figures() {
    let a = ENGINE_SLICE_BYTES as f64;
    let e = factory(WindowSpec::tumbling(10_000)).estimate().unwrap();
    assert_eq!(
        e.note,
        Note::Tumbling {
            windows_held: 2,
            raw_bytes: 2.0 * GB,
            state_bytes_per_key: a,
            per_window_bytes: 2.0 * 10_000.0 * a,
        }
    );
    let mut p = factory(WindowSpec::session(30_000));
    p.session_length_ms = Some(300_000);
    let e = p.estimate().unwrap();
    // 1e8 B/s for a 5 min session; one 64-byte session per key.
    assert_eq!(
        e.note,
        Note::Session {
            raw_bytes: 30.0 * GB,
            sliced_bytes: 10_000.0 * ENGINE_SESSION_BYTES as f64,
        }
    );
}
