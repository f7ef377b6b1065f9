//! The simulator against its contract: determinism (the golden hash),
//! arrival order, chunks equal to the one-shot stream, the late share,
//! anomalies where they were injected, bursts, counts, validation.

use super::config::MAX_SPAN_MS;
use super::rng::*;
use super::*;
use crate::error::EngineError;

fn small() -> SimConfig {
    SimConfig {
        sensors: 20,
        rate_hz: 10.0,
        duration_ms: 30_000,
        anomalies: 4,
        anomaly_duration_ms: 2_000,
        ..SimConfig::default()
    }
}

fn field_of(e: EngineError) -> &'static str {
    match e {
        EngineError::InvalidConfig { field, .. } => field,
        other => panic!("unexpected error {other:?}"),
    }
}

#[test]
fn golden_hash() {
    let s = simulate(&golden_config()).unwrap();
    assert_eq!(stream_hash(&s), GOLDEN_HASH, "len {}", s.len());
}

#[test]
fn same_seed_same_stream_different_seed_different_stream() {
    let a = simulate(&small()).unwrap();
    let b = simulate(&small()).unwrap();
    assert_eq!(a, b);
    assert_eq!(stream_hash(&a), stream_hash(&b));
    let c = simulate(&SimConfig {
        seed: 43,
        ..small()
    })
    .unwrap();
    assert_ne!(stream_hash(&a), stream_hash(&c));
    assert_ne!(a.values, c.values);
}

#[test]
fn columns_are_consistent_and_ordered_by_arrival() {
    let s = simulate(&small()).unwrap();
    let n = s.len();
    assert!(n > 0);
    for col in [
        s.times.len(),
        s.arrivals.len(),
        s.values.len(),
        s.anomaly.len(),
    ] {
        assert_eq!(col, n);
    }
    for i in 1..n {
        let prev = (s.arrivals[i - 1], s.times[i - 1], s.keys[i - 1]);
        let here = (s.arrivals[i], s.times[i], s.keys[i]);
        assert!(prev < here, "row {i}: {prev:?} then {here:?}");
    }
    let cfg = small();
    for i in 0..n {
        assert!(s.arrivals[i] >= s.times[i] + cfg.delay_base_ms);
        assert!(s.times[i] >= cfg.start_ms && s.times[i] < cfg.start_ms + cfg.duration_ms);
        assert!(s.keys[i] < cfg.sensors);
        assert!(s.values[i].is_finite());
        let cents = s.values[i] * 100.0;
        assert!((cents - libm::round(cents)).abs() < 1e-6, "{}", s.values[i]);
    }
}

#[test]
fn arrival_order_differs_from_event_order() {
    let s = simulate(&SimConfig {
        late_fraction: 0.0,
        ..small()
    })
    .unwrap();
    let inversions = s.times.windows(2).filter(|w| w[1] < w[0]).count();
    assert!(inversions > s.len() / 10, "{inversions} of {}", s.len());
    assert!(s.arrivals.iter().zip(&s.times).all(|(a, t)| a >= t));
    // No delay spread, no lateness, equal delays: event order itself.
    let cfg = SimConfig {
        delay_spread_ms: 0,
        late_fraction: 0.0,
        ..small()
    };
    let s = simulate(&cfg).unwrap();
    assert!(s.times.windows(2).all(|w| w[0] <= w[1]));
    assert!(s
        .arrivals
        .iter()
        .zip(&s.times)
        .all(|(a, t)| a - t == cfg.delay_base_ms));
}

#[test]
fn late_fraction_gives_that_share_of_very_late_events() {
    let cfg = SimConfig {
        sensors: 100,
        rate_hz: 10.0,
        duration_ms: 100_000, // 100,000 events
        late_fraction: 0.02,
        ..SimConfig::default()
    };
    let s = simulate(&cfg).unwrap();
    assert_eq!(s.len(), 100_000);
    let on_time_bound = cfg.delay_base_ms + cfg.delay_spread_ms;
    let late = (0..s.len())
        .filter(|&i| s.arrivals[i] - s.times[i] > on_time_bound)
        .count();
    // Binomial sd is about 44 events; allow about 4 sd.
    assert!((1_820..=2_180).contains(&late), "{late}");
    for i in 0..s.len() {
        let d = s.arrivals[i] - s.times[i];
        assert!(
            d <= on_time_bound
                || (on_time_bound + cfg.late_min_ms..=on_time_bound + cfg.late_max_ms).contains(&d),
            "delay {d}"
        );
    }
    let none = simulate(&SimConfig {
        late_fraction: 0.0,
        ..cfg
    })
    .unwrap();
    assert!((0..none.len()).all(|i| none.arrivals[i] - none.times[i] <= on_time_bound));
}

#[test]
fn anomalies_are_flagged_at_their_known_times() {
    let cfg = small();
    let s = simulate(&cfg).unwrap();
    assert_eq!(s.anomalies.len(), cfg.anomalies as usize);
    let inside = |k: u32, t: i64| {
        s.anomalies
            .iter()
            .any(|a| a.key == k && a.start_ms <= t && t < a.end_ms)
    };
    for i in 0..s.len() {
        assert_eq!(s.anomaly[i] == 1, inside(s.keys[i], s.times[i]), "row {i}");
    }
    for a in &s.anomalies {
        assert_eq!(a.end_ms - a.start_ms, cfg.anomaly_duration_ms);
        assert!(a.start_ms >= cfg.start_ms && a.end_ms <= cfg.start_ms + cfg.duration_ms);
        // Readings inside stand out from the same sensor's others by
        // about the anomaly magnitude.
        let (mut inn, mut out) = (Vec::new(), Vec::new());
        for i in 0..s.len() {
            if s.keys[i] == a.key {
                if (a.start_ms..a.end_ms).contains(&s.times[i]) {
                    inn.push(s.values[i]);
                } else if (s.times[i] - a.start_ms).abs() < 10_000 {
                    out.push(s.values[i]);
                }
            }
        }
        assert_eq!(inn.len(), 20, "10 Hz x 2 s");
        let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
        let shift = (mean(&inn) - mean(&out)) / cfg.noise_std;
        assert!((4.5..7.5).contains(&shift), "shift {shift} sd");
    }
    // Distinct (key, slot): never overlapping on one key.
    for (i, a) in s.anomalies.iter().enumerate() {
        for b in &s.anomalies[i + 1..] {
            assert!(a.key != b.key || a.end_ms <= b.start_ms || b.end_ms <= a.start_ms);
        }
    }
}

#[test]
fn bursty_mode_has_idle_gaps_longer_than_the_session_gap() {
    let session_gap = 5_000;
    let cfg = SimConfig {
        sensors: 10,
        rate_hz: 10.0,
        duration_ms: 600_000,
        burst_active_ms: 20_000,
        burst_idle_ms: 2 * session_gap,
        ..small()
    };
    let s = simulate(&cfg).unwrap();
    assert!(s.len() < cfg.expected_events() as usize);
    let mut sessions = 0;
    for k in 0..cfg.sensors {
        let mut times: Vec<i64> = (0..s.len())
            .filter(|&i| s.keys[i] == k)
            .map(|i| s.times[i])
            .collect();
        times.sort_unstable();
        for w in times.windows(2) {
            let gap = w[1] - w[0];
            // Either the 100 ms grid or an idle gap of at least burstIdleMs.
            assert!(gap <= 100 || gap > cfg.burst_idle_ms, "gap {gap}");
            if gap > session_gap {
                sessions += 1;
            }
        }
    }
    // 600 s of 20 s bursts and 10..20 s gaps: about 17 per sensor.
    assert!(sessions >= 10 * 10, "{sessions}");
}

#[test]
fn event_count_is_sensors_times_rate_times_duration() {
    for (sensors, rate, duration) in [
        (7, 100.0, 10_000),
        (3, 3.0, 1_000),
        (50, 0.5, 60_000),
        (2, 1000.0, 1_234),
    ] {
        let cfg = SimConfig {
            sensors,
            rate_hz: rate,
            duration_ms: duration,
            anomalies: 0,
            ..SimConfig::default()
        };
        let expect = (sensors as f64 * rate * duration as f64 / 1000.0) as usize;
        let s = simulate(&cfg).unwrap();
        assert_eq!(s.len(), expect, "{sensors} x {rate} Hz x {duration} ms");
        assert_eq!(cfg.expected_events() as usize, expect);
        for k in 0..sensors {
            let mut t: Vec<i64> = (0..s.len())
                .filter(|&i| s.keys[i] == k)
                .map(|i| s.times[i])
                .collect();
            t.sort_unstable();
            let period = 1000.0 / rate;
            for w in t.windows(2) {
                let d = (w[1] - w[0]) as f64;
                assert!((d - period).abs() <= 1.0, "spacing {d} vs {period}");
            }
            assert!(t[0] - cfg.start_ms < period.ceil() as i64);
        }
    }
}

#[test]
fn chunks_concatenate_to_the_one_shot_stream() {
    let cfgs = [
        small(),
        golden_config(),
        SimConfig {
            start_ms: -7_777,
            late_fraction: 0.3,
            delay_spread_ms: 1_000,
            ..small()
        },
        SimConfig {
            delay_base_ms: 0,
            delay_spread_ms: 0,
            late_fraction: 0.0,
            ..small()
        },
        SimConfig {
            late_fraction: 0.1,
            late_max_ms: 50_000,
            burst_active_ms: 3_000,
            burst_idle_ms: 2_000,
            ..small()
        },
    ];
    for cfg in cfgs {
        let all = simulate(&cfg).unwrap();
        for step in [1, 7, 100, 1_000, 4_321] {
            let mut sim = Simulator::new(&cfg).unwrap();
            let mut joined = SimStream::default();
            let mut until = cfg.start_ms - 500;
            let mut chunk = SimStream::default();
            while !sim.is_done() {
                until += step;
                sim.next_chunk_into(until, &mut chunk);
                assert!(chunk.arrivals.iter().all(|&a| a < until));
                joined.extend_from(&chunk);
            }
            assert_eq!(sim.in_flight(), 0);
            assert_eq!(joined, all, "step {step}");
        }
    }
}

#[test]
fn comparison_sort_fallback_matches_counting_sort() {
    // Wide delays make the bucket spans too wide: the fallback runs.
    let cfg = SimConfig {
        late_fraction: 0.5,
        late_min_ms: 1,
        late_max_ms: MAX_SPAN_MS,
        ..small()
    };
    let s = simulate(&cfg).unwrap();
    for i in 1..s.len() {
        assert!(
            (s.arrivals[i - 1], s.times[i - 1], s.keys[i - 1])
                < (s.arrivals[i], s.times[i], s.keys[i])
        );
    }
}

#[test]
fn validation_names_the_field() {
    let bad: [(SimConfig, &str); 14] = [
        (
            SimConfig {
                sensors: 0,
                ..small()
            },
            "sensors",
        ),
        (
            SimConfig {
                rate_hz: 0.0,
                ..small()
            },
            "rateHz",
        ),
        (
            SimConfig {
                rate_hz: f64::NAN,
                ..small()
            },
            "rateHz",
        ),
        (
            SimConfig {
                rate_hz: 1001.0,
                ..small()
            },
            "rateHz",
        ),
        (
            SimConfig {
                duration_ms: 0,
                ..small()
            },
            "durationMs",
        ),
        (
            SimConfig {
                rate_hz: 0.01,
                duration_ms: 10,
                ..small()
            },
            "durationMs",
        ),
        (
            SimConfig {
                start_ms: i64::MIN,
                ..small()
            },
            "startMs",
        ),
        (
            SimConfig {
                delay_spread_ms: -1,
                ..small()
            },
            "delaySpreadMs",
        ),
        (
            SimConfig {
                delay_base_ms: -5,
                ..small()
            },
            "delayBaseMs",
        ),
        (
            SimConfig {
                late_fraction: 1.5,
                ..small()
            },
            "lateFraction",
        ),
        (
            SimConfig {
                late_min_ms: 10,
                late_max_ms: 5,
                ..small()
            },
            "lateMaxMs",
        ),
        (
            SimConfig {
                anomalies: 1_000_000,
                ..small()
            },
            "anomalies",
        ),
        (
            SimConfig {
                noise_std: -1.0,
                ..small()
            },
            "noiseStd",
        ),
        (
            SimConfig {
                burst_active_ms: 1_000,
                burst_idle_ms: 0,
                ..small()
            },
            "burstIdleMs",
        ),
    ];
    for (cfg, field) in bad {
        assert_eq!(field_of(Simulator::new(&cfg).unwrap_err()), field);
        let msg = simulate(&cfg).unwrap_err().to_string();
        assert!(msg.contains(field), "{msg}");
    }
    assert!(SimConfig::default().validate().is_ok());
    assert!(golden_config().validate().is_ok());
}

#[test]
fn rounding_to_cents_matches_libm() {
    let mut rng = SplitMix64::new(1);
    for _ in 0..100_000 {
        let v = (rng.unit() - 0.5) * 1e4;
        assert_eq!(round_cents(v), libm::round(v * 100.0) / 100.0, "{v}");
    }
    for v in [0.005, -0.005, 0.015, 2.675, 1e300, -1e300, 0.0, -0.0] {
        assert_eq!(round_cents(v), libm::round(v * 100.0) / 100.0, "{v}");
    }
}

/// `round_cents` as it was written first (branches), bit for bit the
/// reference for the branch-free one and its two truncations.
fn round_cents_branches(v: f64) -> f64 {
    let y = v * 100.0;
    if libm::fabs(y) >= 4_503_599_627_370_496.0 {
        return y / 100.0;
    }
    let t = y as i64 as f64;
    let r = if y - t >= 0.5 {
        t + 1.0
    } else if t - y >= 0.5 {
        t - 1.0
    } else {
        t
    };
    r / 100.0
}

#[test]
fn rounding_to_cents_is_bit_identical_to_the_branching_version() {
    // Both forms (wasm's and the native one), and the wasm form with
    // libm's truncation (f64::trunc is libm's natively).
    let same = |v: f64| {
        let want = round_cents_branches(v).to_bits();
        assert_eq!(round_cents(v).to_bits(), want, "{v:e}");
        assert_eq!(round_cents_by_int(v).to_bits(), want, "{v:e}");
        assert_eq!(round_cents_by_trunc(v).to_bits(), want, "{v:e}");
    };
    let mut rng = SplitMix64::new(7);
    for _ in 0..200_000 {
        // Readings' range, tiny values near zero (signed zeros), huge ones.
        let u = rng.unit() - 0.5;
        same(u * 1e4);
        same(u * 1e-3);
        same(u * 1e15);
        // Any finite f64 (readings are finite: validation bounds them).
        let w = f64::from_bits(rng.next_u64());
        if w.is_finite() {
            same(w.clamp(-1e300, 1e300));
        }
        // Exact ties of the scaled value (k + 0.5) / 100 and its
        // neighbours.
        let k = (rng.next_u64() >> 40) as f64 - 8_388_608.0;
        let tie = (k + 0.5) / 100.0;
        for v in [
            tie,
            f64::from_bits(tie.to_bits() + 1),
            f64::from_bits(tie.to_bits() - 1),
        ] {
            same(v);
        }
    }
    for v in [
        0.0, -0.0, 0.005, -0.005, 0.004_999, -0.004_999, 2.675, 4.5e13, -4.5e13, 4.6e13, 1e300,
    ] {
        same(v);
    }
}

#[test]
fn huge_runs_saturate_the_counts_instead_of_wrapping() {
    use crate::time::MAX_ABS_TIME;
    // 10^6 sensors x 2^52 anomaly slots: the capacity overflowed u64 (a
    // panic with overflow checks, a wrapped, wrong limit without).
    let huge = SimConfig {
        sensors: 1_000_000,
        duration_ms: MAX_ABS_TIME - 20_000,
        anomaly_duration_ms: 1,
        anomalies: u32::MAX,
        ..SimConfig::default()
    };
    assert_eq!(huge.validate(), Ok(()));
    // Still refused where they do not fit: one sensor, two slots.
    let few = SimConfig {
        sensors: 1,
        duration_ms: 4,
        rate_hz: 1000.0,
        anomaly_duration_ms: 1,
        anomalies: 2,
        ..SimConfig::default()
    };
    assert_eq!(field_of(few.validate().unwrap_err()), "anomalies");
    assert_eq!(
        SimConfig {
            anomalies: 1,
            ..few
        }
        .validate(),
        Ok(())
    );
    // 2^19 sensors x 2^45 readings is 2^64 events: it wrapped to 0, under
    // any size check (simulateSensors would have tried to build them).
    let wraps = SimConfig {
        sensors: 1 << 19,
        rate_hz: 1000.0,
        duration_ms: 1 << 45,
        ..SimConfig::default()
    };
    assert_eq!(wraps.validate(), Ok(()));
    assert_eq!(wraps.per_sensor_events(), 1 << 45);
    assert_eq!(wraps.expected_events(), u64::MAX);
    assert_eq!(huge.expected_events(), u64::MAX);
}

#[test]
fn both_truncations_of_the_drift_agree() {
    let mut rng = SplitMix64::new(9);
    for _ in 0..100_000 {
        let x = rng.unit() * libm::pow(2.0, (rng.next_u64() % 63) as f64);
        assert_eq!(x.trunc().to_bits(), (x as i64 as f64).to_bits(), "{x:e}");
        assert_eq!(trunc_non_negative(x).to_bits(), x.trunc().to_bits());
    }
}

#[test]
fn stream_hash_is_fnv1a() {
    assert_eq!(stream_hash(&SimStream::default()), 0xcbf2_9ce4_8422_2325);
    let one = SimStream {
        anomaly: vec![0x61],
        ..SimStream::default()
    };
    // FNV-1a 64 of "a".
    assert_eq!(stream_hash(&one), 0xaf63_dc4c_8601_ec8c);
}

fn gateways(sources: u32, silence: Vec<Silence>, skew: Vec<Skew>) -> SimConfig {
    SimConfig {
        sources,
        silence,
        skew,
        late_fraction: 0.05,
        ..small()
    }
}

#[test]
fn one_gateway_by_default_all_sources_zero() {
    let s = simulate(&small()).unwrap();
    assert_eq!(s.sources.len(), s.len());
    assert!(s.sources.iter().all(|&g| g == 0));
    assert!(s.events().all(|e| e.source == 0));
}

#[test]
fn sensors_go_through_gateway_key_mod_sources() {
    for n in [2, 3, 7, 50] {
        let s = simulate(&gateways(n, vec![], vec![])).unwrap();
        let base = simulate(&SimConfig {
            late_fraction: 0.05,
            ..small()
        })
        .unwrap();
        // Same readings, same order: only the source column is new.
        assert_eq!(s.keys, base.keys);
        assert_eq!(s.times, base.times);
        assert_eq!(s.arrivals, base.arrivals);
        assert_eq!(s.values, base.values);
        for i in 0..s.len() {
            assert_eq!(s.sources[i], s.keys[i] % n, "row {i}");
            assert_eq!(s.event(i).source, s.keys[i] % n);
        }
        let used: std::collections::BTreeSet<u32> = s.sources.iter().copied().collect();
        assert_eq!(used.len() as u32, n.min(small().sensors));
        assert_ne!(stream_hash(&s), stream_hash(&base));
    }
}

#[test]
fn a_silent_gateway_loses_exactly_what_arrives_in_its_silence() {
    let quiet = vec![
        Silence {
            source: 1,
            from_ms: 5_000,
            to_ms: 12_000,
            backlog: false,
        },
        Silence {
            source: 1,
            from_ms: 20_000,
            to_ms: 20_500,
            backlog: false,
        },
        Silence {
            source: 2,
            from_ms: 0,
            to_ms: 3_000,
            backlog: false,
        },
    ];
    let loud = simulate(&gateways(3, vec![], vec![])).unwrap();
    let s = simulate(&gateways(3, quiet.clone(), vec![])).unwrap();
    let lost = |i: usize| {
        quiet.iter().any(|q| {
            loud.sources[i] == q.source
                && q.from_ms <= loud.arrivals[i]
                && loud.arrivals[i] < q.to_ms
        })
    };
    let kept: Vec<usize> = (0..loud.len()).filter(|&i| !lost(i)).collect();
    assert!(
        loud.len() - kept.len() > 500,
        "{} lost",
        loud.len() - kept.len()
    );
    assert_eq!(s.len(), kept.len());
    for (j, &i) in kept.iter().enumerate() {
        assert_eq!(
            (
                s.keys[j],
                s.times[j],
                s.arrivals[j],
                s.values[j],
                s.sources[j]
            ),
            (
                loud.keys[i],
                loud.times[i],
                loud.arrivals[i],
                loud.values[i],
                loud.sources[i]
            )
        );
    }
    // Source 1 says nothing arriving in [5 s, 12 s); source 0 goes on.
    let in_gap = |g: u32| {
        (0..s.len())
            .filter(|&i| s.sources[i] == g && (5_000..12_000).contains(&s.arrivals[i]))
            .count()
    };
    assert_eq!(in_gap(1), 0);
    assert!(in_gap(0) > 100);
}

#[test]
fn a_skewed_gateway_stamps_shifted_event_times() {
    let skew = vec![
        Skew {
            source: 1,
            ms: 3_000,
        },
        Skew {
            source: 2,
            ms: -250,
        },
    ];
    let right = simulate(&gateways(3, vec![], vec![])).unwrap();
    let s = simulate(&gateways(3, vec![], skew)).unwrap();
    // Arrivals are the receiver's clock: unchanged, and so is the order.
    assert_eq!(s.keys, right.keys);
    assert_eq!(s.arrivals, right.arrivals);
    assert_eq!(s.values, right.values);
    for i in 0..s.len() {
        let shift = [0, 3_000, -250][s.sources[i] as usize];
        assert_eq!(s.times[i], right.times[i] + shift, "row {i}");
    }
    // Ahead by more than the delay: some readings "arrive before they happen".
    assert!((0..s.len()).any(|i| s.arrivals[i] < s.times[i]));
}

#[test]
fn gateways_keep_chunks_equal_to_the_one_shot_stream() {
    let cfg = SimConfig {
        silence: vec![Silence {
            source: 0,
            from_ms: 2_000,
            to_ms: 9_000,
            backlog: false,
        }],
        skew: vec![Skew {
            source: 3,
            ms: 1_500,
        }],
        burst_active_ms: 3_000,
        burst_idle_ms: 2_000,
        ..gateways(4, vec![], vec![])
    };
    let all = simulate(&cfg).unwrap();
    for step in [1, 100, 777] {
        assert_eq!(chunked(&cfg, step), all, "step {step}");
    }
}

/// The stream `cfg` makes, taken chunk by chunk `step` ms of arrival time
/// at a time from its start, and joined.
fn chunked(cfg: &SimConfig, step: i64) -> SimStream {
    let mut sim = Simulator::new(cfg).unwrap();
    let mut joined = SimStream::default();
    let mut until = cfg.start_ms;
    while !sim.is_done() {
        until += step;
        joined.extend_from(&sim.next_chunk(until));
    }
    joined
}

#[test]
fn gateway_validation_names_the_field_and_value() {
    let silence = |source, from_ms, to_ms| Silence {
        source,
        from_ms,
        to_ms,
        backlog: true,
    };
    let bad: Vec<(SimConfig, &str, &str)> = vec![
        (gateways(0, vec![], vec![]), "sources", "sources = 0"),
        (
            gateways(65_537, vec![], vec![]),
            "sources",
            "sources = 65537",
        ),
        (
            gateways(2, vec![silence(0, 0, 10), silence(2, 0, 10)], vec![]),
            "silence.source",
            "silence.source = 2 (entry 1)",
        ),
        (
            gateways(2, vec![silence(1, 500, 500)], vec![]),
            "silence.to",
            "silence.to = 500 (entry 0)",
        ),
        (
            gateways(2, vec![silence(1, i64::MIN, 500)], vec![]),
            "silence.from",
            "silence.from",
        ),
        (
            gateways(2, vec![], vec![Skew { source: 5, ms: 1 }]),
            "skew.source",
            "skew.source = 5 (entry 0)",
        ),
        (
            gateways(
                2,
                vec![],
                vec![Skew {
                    source: 1,
                    ms: MAX_SPAN_MS + 1,
                }],
            ),
            "skew.ms",
            "skew.ms = 2147483649",
        ),
    ];
    for (cfg, field, needle) in bad {
        assert_eq!(field_of(Simulator::new(&cfg).unwrap_err()), field);
        let msg = simulate(&cfg).unwrap_err().to_string();
        assert!(msg.contains(needle), "{msg}");
    }
    let ok = gateways(
        65_536,
        vec![silence(65_535, -5, 5)],
        vec![Skew {
            source: 0,
            ms: -MAX_SPAN_MS,
        }],
    );
    assert!(ok.validate().is_ok());
}

#[test]
fn columns_left_out_are_empty_and_the_rest_unchanged() {
    let cfg = gateways(3, vec![], vec![Skew { source: 2, ms: 700 }]);
    let all = simulate(&cfg).unwrap();
    let few = SimConfig {
        columns: Columns::KEYS | Columns::TIMES | Columns::VALUES,
        ..cfg.clone()
    };
    let s = simulate(&few).unwrap();
    assert_eq!(s.len(), all.len());
    assert_eq!(
        (&s.keys, &s.times, &s.values),
        (&all.keys, &all.times, &all.values)
    );
    assert!(s.arrivals.is_empty() && s.anomaly.is_empty() && s.sources.is_empty());
    assert_eq!(s.anomalies, all.anomalies);
    assert_eq!(s.event(3).arrival, None);
    // Chunk by chunk too.
    let mut sim = Simulator::new(&few).unwrap();
    let mut values = Vec::new();
    let mut until = cfg.start_ms;
    while !sim.is_done() {
        until += 333;
        values.extend(sim.next_chunk(until).values);
    }
    assert_eq!(values, all.values);
    let none = SimConfig {
        columns: Columns(0),
        ..cfg
    };
    assert_eq!(field_of(none.validate().unwrap_err()), "columns");
}

/// A silence of gateway `source` over `[from, to)` arrival ms, in backlog
/// mode or not.
fn quiet(source: u32, from_ms: i64, to_ms: i64, backlog: bool) -> Silence {
    Silence {
        source,
        from_ms,
        to_ms,
        backlog,
    }
}

/// What `silence` makes of an event of `source` that would arrive at `a`:
/// its arrival, or None if lost (written out here, apart from the
/// generator: a drop silence loses it, a backlog one moves it to its end,
/// where the gateway's silences are looked at again).
fn expected_arrival(silence: &[Silence], source: u32, mut a: i64) -> Option<i64> {
    for _ in 0..=silence.len() {
        match silence
            .iter()
            .find(|q| q.source == source && (q.from_ms..q.to_ms).contains(&a))
        {
            None => return Some(a),
            Some(q) if !q.backlog => return None,
            Some(q) => a = q.to_ms,
        }
    }
    unreachable!("arrival grows with every silence it leaves")
}

#[test]
fn a_backlog_silence_sends_every_held_event_at_its_end_in_event_time_order() {
    let silence = vec![
        quiet(1, 5_000, 12_000, true),
        // Chained: what gateway 2 holds until 9 s is still silent then (drop
        // from 9 s): lost; its own backlog from [9 s, 10 s) is kept ...
        quiet(2, 4_000, 9_000, true),
        quiet(2, 9_000, 10_000, false),
        // ... and one backlog ending inside another waits for the second.
        quiet(0, 1_000, 3_000, true),
        quiet(0, 2_500, 6_000, true),
    ];
    // Delays within the one-bucket-per-ms calendar, and far wider (every
    // event then waits in the coarse one); and enough sensors that on-time
    // events arrive at a backlog's ms, some earlier in event time than it.
    for (spread, sensors) in [(200, 20), (9_000, 20), (200, 400)] {
        let base = SimConfig {
            delay_spread_ms: spread,
            sensors,
            ..gateways(3, vec![], vec![])
        };
        let loud = simulate(&base).unwrap();
        let cfg = SimConfig {
            silence: silence.clone(),
            ..base.clone()
        };
        let s = simulate(&cfg).unwrap();
        // Every event kept is the loud stream's, arriving where the rule says.
        let mut want: Vec<(i64, i64, u32, u64)> = (0..loud.len())
            .filter_map(|i| {
                let a = expected_arrival(&silence, loud.sources[i], loud.arrivals[i])?;
                Some((a, loud.times[i], loud.keys[i], loud.values[i].to_bits()))
            })
            .collect();
        want.sort();
        let got: Vec<(i64, i64, u32, u64)> = (0..s.len())
            .map(|i| (s.arrivals[i], s.times[i], s.keys[i], s.values[i].to_bits()))
            .collect();
        // Equal as sorted lists, and the stream is already in that order:
        // arrival, then event time, then key.
        assert_eq!(got, want, "spread {spread}");
        let held = |g: u32, to: i64| {
            (0..loud.len())
                .filter(|&i| loud.sources[i] == g && loud.arrivals[i] < to)
                .filter(|&i| expected_arrival(&silence, g, loud.arrivals[i]) == Some(to))
                .count()
        };
        // Gateway 1 sends its 7 s of backlog at 12 s, and nothing before.
        let at_end = (0..s.len())
            .filter(|&i| s.sources[i] == 1 && s.arrivals[i] == 12_000)
            .count();
        assert!(held(1, 12_000) > 100, "{}", held(1, 12_000));
        assert_eq!(at_end, held(1, 12_000));
        assert!(
            !(0..s.len()).any(|i| s.sources[i] == 1 && (5_000..12_000).contains(&s.arrivals[i]))
        );
        // Gateway 2: the [4 s, 9 s) backlog is lost in the drop stretch;
        // [9 s, 10 s) lost too; nothing arrives at 9 s from it.
        assert!(
            !(0..s.len()).any(|i| s.sources[i] == 2 && (4_000..10_000).contains(&s.arrivals[i]))
        );
        // Gateway 0: held from 1 s, still silent at 3 s, sent at 6 s.
        assert_eq!(held(0, 3_000), 0);
        assert!(held(0, 6_000) > 50);
        // The backlog is late: event times well before its arrival.
        assert!((0..s.len())
            .any(|i| s.sources[i] == 1 && s.arrivals[i] == 12_000 && s.times[i] < 6_000));
        assert!(cfg.arrival_end_ms() > *s.arrivals.iter().max().unwrap());
        // Same seed, same stream; chunk by chunk too (also cut exactly at a
        // backlog's arrival).
        assert_eq!(simulate(&cfg).unwrap(), s);
        for step in [1, 250, 1_000, 777] {
            assert_eq!(chunked(&cfg, step), s, "spread {spread}, step {step}");
        }
    }
}

#[test]
fn drop_is_the_default_and_backlog_changes_only_the_silent_gateway() {
    assert!(!quiet(0, 0, 1, false).backlog);
    let drop = vec![quiet(1, 5_000, 12_000, false)];
    let keep = vec![quiet(1, 5_000, 12_000, true)];
    let d = simulate(&gateways(3, drop, vec![])).unwrap();
    let b = simulate(&gateways(3, keep.clone(), vec![])).unwrap();
    let others = |s: &SimStream| -> Vec<(i64, i64, u32)> {
        (0..s.len())
            .filter(|&i| s.sources[i] != 1)
            .map(|i| (s.arrivals[i], s.times[i], s.keys[i]))
            .collect()
    };
    assert_eq!(others(&d), others(&b));
    assert!(b.len() > d.len());
    assert_ne!(stream_hash(&b), stream_hash(&d));
    // A backlog silence past the end of the stream moves the end.
    let cfg = gateways(3, vec![quiet(1, 25_000, 90_000, true)], vec![]);
    assert_eq!(cfg.arrival_end_ms(), 90_001);
    let s = simulate(&cfg).unwrap();
    assert_eq!(*s.arrivals.iter().max().unwrap(), 90_000);
}

#[test]
fn the_ring_keeps_on_time_rows_in_16_bytes_at_the_widest_exact_spread() {
    assert_eq!(std::mem::size_of::<super::order::Slim>(), 16);
    // The widest on-time spread still kept one bucket per ms (the time
    // offset at its largest), from a start before 0 (arrivals masked
    // below 0), all on time: times come back exactly, in order.
    let (base, spread) = (10, 8_180);
    let cfg = SimConfig {
        start_ms: -20_000,
        late_fraction: 0.0,
        delay_base_ms: base,
        delay_spread_ms: spread,
        ..small()
    };
    assert_eq!(base + spread + 2, 8_192);
    let s = simulate(&cfg).unwrap();
    assert!(s.len() > 1000);
    let delays: Vec<i64> = (0..s.len()).map(|i| s.arrivals[i] - s.times[i]).collect();
    assert!(delays.iter().all(|d| (base..=base + spread).contains(d)));
    assert!(delays.iter().any(|&d| d < base + 100));
    assert!(delays.iter().any(|&d| d > base + spread - 100));
    for i in 1..s.len() {
        assert!(
            (s.arrivals[i - 1], s.times[i - 1], s.keys[i - 1])
                < (s.arrivals[i], s.times[i], s.keys[i])
        );
    }
    assert_eq!(chunked(&cfg, 37), s);
}
