//! Throughput of the engine against three references measured in the same
//! run: a naive buffering baseline of the chapter's kind (every event kept
//! per window, aggregated when the window fires), a bare accumulate loop
//! (array-indexed accumulators, no windows, no watermark: the speed of
//! light) and a minimal tumbling loop over columns (a window id per event,
//! dense keys, count/sum/min/max, a flush at each window boundary: the least
//! work any tumbling engine can do). The engine runs row by row (`push`)
//! and over columns (`push_columns`, as `pushBatch` and the replay do).
//!
//! `cargo bench -p weir-core --bench engine`; `WEIR_BENCH_QUICK=1` for a
//! short run. docs/benchmarks.md's table comes from this output. The engine and
//! the bare loop are criterion benchmarks; the naive baseline, 10-100x
//! slower, is timed in one pass per shape in the same process.
//! `WEIR_BENCH_AB=1` (what `bench/ab.sh` sets) runs only the criterion
//! benchmarks, quick and with flat sampling, so that many interleaved runs
//! of two builds fit in minutes.

use std::collections::{BTreeMap, HashMap};
use std::hint::black_box;
use std::time::Duration;

use criterion::{
    criterion_group, criterion_main, BenchmarkId, Criterion, SamplingMode, Throughput,
};
use weir_core::{Agg, Columns, Config, Engine, Event, WindowSpec};

use weir_core::simulator::{simulate, SimConfig};

const KEYS: u32 = 10_000;

/// The chapter's factory at a bench-sized scale: 10,000 sensors for `secs`
/// of event time from the simulator. `spread_ms = 0` arrives in order;
/// otherwise each event is delayed 0..=spread_ms, so arrival order is
/// shuffled within that bound (the watermark's out-of-orderness), and 1 %
/// arrive later still.
fn stream(hz: f64, secs: i64, spread_ms: i64) -> Vec<Event> {
    let cfg = SimConfig {
        seed: 7,
        sensors: KEYS,
        rate_hz: hz,
        duration_ms: secs * 1000,
        delay_base_ms: 0,
        delay_spread_ms: spread_ms,
        late_fraction: if spread_ms > 0 { 0.01 } else { 0.0 },
        anomalies: 0,
        ..SimConfig::default()
    };
    let s = simulate(&cfg).expect("valid simulator config");
    s.events().map(|e| Event { arrival: None, ..e }).collect()
}

/// The same sensors in bursts: each is active for 1.5-4.5 s (at `hz`)
/// then silent for 3-6 s, longer than the 1 s session gap plus the 2 s
/// out-of-orderness, so sessions close, fire and purge, and keys leave the
/// map and come back. Out of order, the pieces of a burst arrive shuffled
/// and merge.
fn bursty_stream(hz: f64, secs: i64, spread_ms: i64) -> Vec<Event> {
    let cfg = SimConfig {
        seed: 7,
        sensors: KEYS,
        rate_hz: hz,
        duration_ms: secs * 1000,
        delay_base_ms: 0,
        delay_spread_ms: spread_ms,
        late_fraction: if spread_ms > 0 { 0.01 } else { 0.0 },
        anomalies: 0,
        burst_active_ms: 3_000,
        burst_idle_ms: 3_000,
        ..SimConfig::default()
    };
    let s = simulate(&cfg).expect("valid simulator config");
    s.events().map(|e| Event { arrival: None, ..e }).collect()
}

fn run_engine(spec: WindowSpec, d: i64, events: &[Event]) -> u64 {
    let mut e = Engine::new(Config::event_time(spec, d)).unwrap();
    let mut fired = 0u64;
    for chunk in events.chunks(65_536) {
        for ev in chunk {
            e.push(*ev).unwrap();
        }
        fired += e.drain_results().len() as u64;
    }
    e.flush().unwrap();
    fired + e.drain_results().len() as u64
}

/// A stream as the engine's columns (keys, times, values).
struct Cols {
    keys: Vec<u32>,
    times: Vec<i64>,
    values: Vec<f64>,
}

impl Cols {
    fn of(events: &[Event]) -> Cols {
        Cols {
            keys: events.iter().map(|e| e.key).collect(),
            times: events.iter().map(|e| e.time).collect(),
            values: events.iter().map(|e| e.value).collect(),
        }
    }
}

/// `run_engine` over columns: `push_columns` per 65,536 rows.
fn run_engine_columns(spec: WindowSpec, d: i64, c: &Cols) -> u64 {
    let mut e = Engine::new(Config::event_time(spec, d)).unwrap();
    let all = Columns::new(&c.keys, &c.times, &c.values);
    let mut fired = 0u64;
    for start in (0..all.len()).step_by(65_536) {
        let end = (start + 65_536).min(all.len());
        e.push_columns(all.slice(start..end)).unwrap();
        fired += e.drain_results().len() as u64;
    }
    e.flush().unwrap();
    fired + e.drain_results().len() as u64
}

/// The least work a tumbling engine can do, over columns: each event's
/// window id, accumulators by (window, key) in an array (dense keys, two
/// windows open at a time, since the out-of-orderness `d` is under the
/// window `size`), events for a flushed window dropped, and at each window
/// boundary the watermark passes, every key of that window emitted and
/// reset. Returns the windows emitted (those with events).
fn run_minimal_tumbling(size: i64, d: i64, c: &Cols) -> u64 {
    assert!(d < size, "two open windows suffice only when d < size");
    let keys = KEYS as usize;
    let mut acc = vec![Agg::EMPTY; 2 * keys];
    let (mut max_t, mut fired) = (i64::MIN, 0u64);
    // Windows with id below `flushed` have fired.
    let mut flushed = c.times.first().map_or(0, |t| t.div_euclid(size));
    let flush = |acc: &mut [Agg], id: i64, fired: &mut u64| {
        let half = (id & 1) as usize * keys;
        for a in &mut acc[half..half + keys] {
            if a.count > 0 {
                black_box(*a);
                *fired += 1;
                *a = Agg::EMPTY;
            }
        }
    };
    for ((&key, &t), &v) in c.keys.iter().zip(&c.times).zip(&c.values) {
        let id = t.div_euclid(size);
        if id >= flushed {
            acc[(id & 1) as usize * keys + key as usize].add(v);
        }
        if t > max_t {
            max_t = t;
            while (flushed + 1) * size <= max_t - d {
                flush(&mut acc, flushed, &mut fired);
                flushed += 1;
            }
        }
    }
    flush(&mut acc, flushed, &mut fired);
    flush(&mut acc, flushed + 1, &mut fired);
    fired
}

/// Keeps every event of every window; aggregates when the window fires.
fn run_naive(spec: WindowSpec, d: i64, events: &[Event]) -> u64 {
    let mut open: BTreeMap<(i64, i64), HashMap<u32, Vec<f64>>> = BTreeMap::new();
    let (mut max_t, mut fired) = (i64::MIN, 0u64);
    let mut sessions: HashMap<u32, Vec<(i64, i64, Vec<f64>)>> = HashMap::new();
    let mut fire = |vals: &[f64]| {
        let mut a = Agg::EMPTY;
        vals.iter().for_each(|&v| a.add(v));
        black_box(a);
        fired += 1;
    };
    for ev in events {
        let w = max_t.saturating_sub(d);
        match spec {
            WindowSpec::Session { gap } => {
                let ss = sessions.entry(ev.key).or_default();
                let (mut s, mut e, mut vals) = (ev.time, ev.time + gap, vec![ev.value]);
                ss.retain_mut(|(a, b, v)| {
                    if *a <= e && *b >= s {
                        s = s.min(*a);
                        e = e.max(*b);
                        vals.append(v);
                        false
                    } else {
                        true
                    }
                });
                if e > w {
                    ss.push((s, e, vals));
                }
            }
            _ => {
                for win in spec.windows_for(ev.time) {
                    if win.end > w {
                        open.entry((win.end, win.start))
                            .or_default()
                            .entry(ev.key)
                            .or_default()
                            .push(ev.value);
                    }
                }
            }
        }
        max_t = max_t.max(ev.time);
        let w = max_t - d;
        while let Some(entry) = open.first_entry() {
            if entry.key().0 > w {
                break;
            }
            for vals in entry.remove().values() {
                fire(vals);
            }
        }
        if matches!(spec, WindowSpec::Session { .. }) && ev.time % 1000 == 0 {
            for ss in sessions.values_mut() {
                ss.retain(|(_, e, v)| {
                    if *e <= w {
                        fire(v);
                        false
                    } else {
                        true
                    }
                });
            }
        }
    }
    for (_, m) in open {
        m.values().for_each(|v| fire(v));
    }
    for ss in sessions.values() {
        ss.iter().for_each(|(_, _, v)| fire(v));
    }
    fired
}

/// No windows, no watermark: one accumulator per key.
fn run_bare(events: &[Event]) -> u64 {
    let mut acc = vec![Agg::EMPTY; KEYS as usize];
    for ev in events {
        acc[ev.key as usize].add(ev.value);
    }
    black_box(&acc);
    acc.len() as u64
}

/// Mean of `state_bytes()` sampled every second of stream time once the
/// first window has closed: the steady state docs/benchmarks.md reports.
fn steady_state_bytes(spec: WindowSpec, events: &[Event]) -> f64 {
    let mut e = Engine::new(Config::event_time(spec, 2_000)).unwrap();
    let (mut sum, mut n, mut next) = (0u64, 0u64, 12_000);
    for ev in events {
        e.push(*ev).unwrap();
        if ev.time >= next {
            sum += e.state_bytes();
            n += 1;
            next += 1_000;
        }
        if e.pending_results().len() > 65_536 {
            drop(e.drain_results());
        }
    }
    sum as f64 / n.max(1) as f64
}

fn bench(c: &mut Criterion) {
    let ab = std::env::var_os("WEIR_BENCH_AB").is_some();
    let quick = ab || std::env::var_os("WEIR_BENCH_QUICK").is_some();
    // The chapter's factory rate, 100 msg/s per sensor; at least one full
    // 10 s window past warm-up.
    let secs = if quick { 11 } else { 15 };
    let shapes = [
        ("tumbling 10s", WindowSpec::tumbling(10_000)),
        ("sliding 10s/1s", WindowSpec::sliding(10_000, 1_000)),
        ("session 5s", WindowSpec::session(5_000)),
    ];
    let bursty = ("session 1s bursty", WindowSpec::session(1_000));
    for (order, jitter) in [("in-order", 0), ("out-of-order", 2_000)] {
        let events = stream(100.0, secs, jitter);
        let bursts = bursty_stream(100.0, secs, jitter);
        let (cols, burst_cols) = (Cols::of(&events), Cols::of(&bursts));
        println!("{order}/bursty stream: {} events", bursts.len());
        // The minimal loop fires what the engine fires (no lateness, so a
        // window's events after it fired are dropped by both).
        let tumbling = WindowSpec::tumbling(10_000);
        println!(
            "{order}/windows fired, tumbling 10s: minimal loop {}, weir {}",
            run_minimal_tumbling(10_000, 2_000, &cols),
            run_engine(tumbling, 2_000, &events)
        );
        let all = shapes
            .iter()
            .map(|&(name, spec)| (name, spec, &events, &cols))
            .chain([(bursty.0, bursty.1, &bursts, &burst_cols)]);
        for (name, spec, events, _) in all.clone().filter(|_| !ab) {
            let b = steady_state_bytes(spec, events);
            println!(
                "{order}/state {name}: {:.0} bytes = {:.1} bytes per key",
                b,
                b / KEYS as f64
            );
            // The naive baseline is 10-100x slower: one timed pass each
            // (criterion's ten samples took over 20 minutes), in the same
            // process as the engine's numbers.
            let t = std::time::Instant::now();
            black_box(run_naive(spec, 2_000, events));
            let rate = events.len() as f64 / t.elapsed().as_secs_f64();
            println!("{order}/naive {name}: {:.2} Melem/s (one pass)", rate / 1e6);
        }
        let mut g = c.benchmark_group(order);
        g.throughput(Throughput::Elements(events.len() as u64));
        g.sample_size(10)
            .warm_up_time(Duration::from_millis(500))
            .measurement_time(Duration::from_secs(if quick { 2 } else { 6 }));
        if ab {
            // One pass is ~0.3 s: ten passes per sample set, no more.
            g.sampling_mode(SamplingMode::Flat)
                .warm_up_time(Duration::from_millis(300))
                .measurement_time(Duration::from_secs(1));
        }
        g.bench_function("bare accumulate", |b| {
            b.iter(|| run_bare(black_box(&events)))
        });
        g.bench_function("minimal tumbling 10s columns", |b| {
            b.iter(|| run_minimal_tumbling(10_000, 2_000, black_box(&cols)))
        });
        for (name, spec, events, cols) in all {
            g.throughput(Throughput::Elements(events.len() as u64));
            g.bench_with_input(BenchmarkId::new("weir", name), &spec, |b, s| {
                b.iter(|| run_engine(*s, 2_000, events))
            });
            g.bench_with_input(BenchmarkId::new("weir columns", name), &spec, |b, s| {
                b.iter(|| run_engine_columns(*s, 2_000, cols))
            });
        }
        g.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
