//! The simulator alone (no engine): events per second of the factory's
//! stream, 10,000 sensors x 100 Hz with the widget's delays (50 ms +
//! 0..200 ms, 1 % very late) and six anomalies, taken in 50 ms chunks of
//! arrival time as `<weir-factory>` takes them, with every column and with
//! only the three the factory reads; and the same stream in one call.
//!
//! `cargo bench -p weir-core --bench sim`; `WEIR_BENCH_QUICK=1` for a short
//! run. docs/benchmarks.md ("The simulator") reports it.

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use weir_core::sim::{simulate, Columns, SimConfig, SimStream, Simulator};

fn factory(secs: i64, columns: Columns) -> SimConfig {
    SimConfig {
        seed: 7,
        sensors: 10_000,
        rate_hz: 100.0,
        duration_ms: secs * 1000,
        anomalies: 6,
        anomaly_duration_ms: 5_000,
        columns,
        ..SimConfig::default()
    }
}

/// The whole stream in 50 ms chunks; returns a checksum.
fn chunks(cfg: &SimConfig) -> f64 {
    let mut sim = Simulator::new(cfg).unwrap();
    let mut out = SimStream::default();
    let (mut until, mut check) = (0, 0.0);
    while !sim.is_done() {
        until += 50;
        sim.next_chunk_into(until, &mut out);
        check += out.values.last().copied().unwrap_or(0.0);
    }
    check
}

fn bench(c: &mut Criterion) {
    let quick = std::env::var_os("WEIR_BENCH_QUICK").is_some();
    let secs = if quick { 10 } else { 20 };
    let events = factory(secs, Columns::ALL).expected_events();
    let mut g = c.benchmark_group("simulator");
    g.throughput(Throughput::Elements(events));
    g.sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(if quick { 2 } else { 6 }));
    let all = factory(secs, Columns::ALL);
    let used = factory(secs, Columns::KEYS | Columns::TIMES | Columns::VALUES);
    g.bench_function("50 ms chunks, all columns", |b| {
        b.iter(|| chunks(black_box(&all)))
    });
    g.bench_function("50 ms chunks, keys times values", |b| {
        b.iter(|| chunks(black_box(&used)))
    });
    g.bench_function("one call, all columns", |b| {
        b.iter(|| simulate(black_box(&all)).unwrap().len())
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
