//! Native throughput on the same stream the browser benchmark uses
//! (`bench/run.mjs`): the simulator's stream for the given options, pushed
//! in batches in arrival order and drained after every batch, for tumbling
//! 10 s, sliding 10 s / 1 s and session 5 s windows.
//!
//! ```text
//! cargo run --release -p weir-core --example throughput -- \
//!     --sensors 10000 --rate-hz 10 --duration-ms 30000 --seed 42 \
//!     [--batch 65536] [--max-out-of-orderness 300] [--runs 3]
//! ```
//!
//! Prints one JSON object per line: `{"window": ..., "events": ...,
//! "results": ..., "checksum": ..., "seconds": ..., "cpuSeconds": ...,
//! "eventsPerSecond": ...}` (the best of `--runs`; `cpuSeconds` is the
//! time this thread was on a CPU, which a loaded machine inflates far less
//! than the wall clock, or -1 where Linux's schedstat is not available).
//! Generating the stream is not timed; the pushes take the stream's
//! columns as they are ([`Engine::push_columns`]), as the wasm API's
//! `pushBatch` does once it has the JavaScript columns copied in.
use std::process::ExitCode;
use std::time::Instant;

use weir_core::simulator::{simulate, SimConfig, SimStream};
use weir_core::{Columns, Config, Engine, WindowSpec};

/// The three windows the benchmark compares, by name.
fn windows() -> [(&'static str, WindowSpec); 3] {
    [
        ("tumbling 10 s", WindowSpec::tumbling(10_000)),
        ("sliding 10 s / 1 s", WindowSpec::sliding(10_000, 1_000)),
        ("session 5 s", WindowSpec::session(5_000)),
    ]
}

struct Args {
    sim: SimConfig,
    batch: usize,
    max_out_of_orderness: i64,
    runs: usize,
}

fn parse() -> Result<Args, String> {
    let mut a = Args {
        sim: SimConfig {
            sensors: 10_000,
            rate_hz: 10.0,
            duration_ms: 30_000,
            ..SimConfig::default()
        },
        batch: 65_536,
        max_out_of_orderness: 300,
        runs: 3,
    };
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let v = args.next().ok_or(format!("{flag} needs a value"))?;
        let num = |v: &str| {
            v.parse::<f64>()
                .map_err(|_| format!("{flag} = {v:?}: not a number"))
        };
        match flag.as_str() {
            "--sensors" => a.sim.sensors = num(&v)? as u32,
            "--rate-hz" => a.sim.rate_hz = num(&v)?,
            "--duration-ms" => a.sim.duration_ms = num(&v)? as i64,
            "--seed" => a.sim.seed = num(&v)? as u64,
            "--batch" => a.batch = num(&v)? as usize,
            "--max-out-of-orderness" => a.max_out_of_orderness = num(&v)? as i64,
            "--runs" => a.runs = num(&v)? as usize,
            _ => return Err(format!("unknown argument {flag:?}")),
        }
    }
    Ok(a)
}

/// Nanoseconds this thread has run on a CPU (Linux), as bench/run.mjs
/// reads the browser's main thread time.
fn cpu_ns() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    s.split_whitespace().next()?.parse().ok()
}

/// One pass of the stream through a fresh engine: (results, checksum,
/// seconds, CPU seconds or -1).
fn run(s: &SimStream, config: Config, batch: usize) -> (usize, f64, f64, f64) {
    let mut engine = Engine::new(config).expect("valid config");
    let (mut results, mut checksum) = (0usize, 0.0f64);
    let cpu0 = cpu_ns();
    let t0 = Instant::now();
    let n = s.len();
    let mut drain = |e: &mut Engine| {
        let out = e.drain_results();
        results += out.len();
        // One by one, in order, as bench.js adds them: the same float sum.
        for r in &out {
            checksum += r.agg.sum;
        }
    };
    for start in (0..n).step_by(batch.max(1)) {
        let end = (start + batch).min(n);
        let cols = Columns::new(&s.keys, &s.times, &s.values).slice(start..end);
        engine.push_columns(cols).expect("within limits");
        drain(&mut engine);
    }
    engine.flush().unwrap();
    drain(&mut engine);
    let secs = t0.elapsed().as_secs_f64();
    let cpu = match (cpu0, cpu_ns()) {
        (Some(a), Some(b)) => (b - a) / 1e9,
        _ => -1.0,
    };
    (results, checksum, secs, cpu)
}

fn main() -> ExitCode {
    let args = match parse() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("throughput: {e}");
            return ExitCode::FAILURE;
        }
    };
    let stream = match simulate(&args.sim) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("throughput: {e}");
            return ExitCode::FAILURE;
        }
    };
    for (name, window) in windows() {
        let config = Config::event_time(window, args.max_out_of_orderness);
        let mut best: Option<(usize, f64, f64, f64)> = None;
        for _ in 0..args.runs.max(1) {
            let r = run(&stream, config, args.batch);
            if best.is_none_or(|b| r.2 < b.2) {
                best = Some(r);
            }
        }
        let (results, checksum, secs, cpu) = best.expect("at least one run");
        println!(
            "{{\"window\":\"{name}\",\"events\":{},\"results\":{results},\"checksum\":{checksum},\"seconds\":{secs},\"cpuSeconds\":{cpu},\"eventsPerSecond\":{}}}",
            stream.len(),
            stream.len() as f64 / secs
        );
    }
    ExitCode::SUCCESS
}
