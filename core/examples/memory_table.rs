//! Prints docs/memory.md's memory-model table: the chapter's scenarios under
//! the three state models, and whether each fits a 16 GB instance at 50 %.
//!
//! `cargo run -p weir-core --example memory_table`
use weir_core::memory::{format_bytes, ByteUnits, MemoryParams, CHAPTER_STATE_BYTES_PER_KEY};
use weir_core::WindowSpec;

fn main() {
    let gb = |b: f64| format_bytes(b, ByteUnits::Base10);
    println!("| scenario | raw buffering | per-window aggregates | sliced (Weir) | utilisation with overhead (raw) | fits 16 GB at 50 %? |");
    println!("|---|---|---|---|---|---|");
    // (scenario, sensors, msg/s per sensor, window, tumbling windows held,
    // state bytes per key if not the engine's own)
    type Row = (&'static str, f64, f64, WindowSpec, u32, Option<f64>);
    let rows: [Row; 8] = [
        (
            "factory, tumbling 10 s (2 windows held)",
            10_000.0,
            100.0,
            WindowSpec::tumbling(10_000),
            2,
            None,
        ),
        (
            "factory, sliding 10 s / 1 s",
            10_000.0,
            100.0,
            WindowSpec::sliding(10_000, 1_000),
            2,
            None,
        ),
        (
            "factory, sliding 10 s / 2 s",
            10_000.0,
            100.0,
            WindowSpec::sliding(10_000, 2_000),
            2,
            None,
        ),
        (
            "factory, sliding 10 s / 3 s",
            10_000.0,
            100.0,
            WindowSpec::sliding(10_000, 3_000),
            2,
            None,
        ),
        (
            "quick estimate: 1,000 sensors x 10 Hz, tumbling 10 s (1 window)",
            1_000.0,
            10.0,
            WindowSpec::tumbling(10_000),
            1,
            None,
        ),
        (
            "quick estimate: 1,000 sensors x 10 Hz, sliding 10 s / 1 s",
            1_000.0,
            10.0,
            WindowSpec::sliding(10_000, 1_000),
            1,
            None,
        ),
        (
            "10,000 sensors, 5 min window, ~20 KB running stats",
            10_000.0,
            100.0,
            WindowSpec::tumbling(300_000),
            1,
            Some(CHAPTER_STATE_BYTES_PER_KEY),
        ),
        (
            "factory, session (gap 30 s, sessions of 5 min)",
            10_000.0,
            100.0,
            WindowSpec::session(30_000),
            2,
            None,
        ),
    ];
    for (name, sensors, rate, window, held, a) in rows {
        let mut p = MemoryParams::new(sensors, rate, 100.0, window, 16e9);
        p.tumbling_windows_held = held;
        if let Some(a) = a {
            p.state_bytes_per_key = a;
        }
        if matches!(window, WindowSpec::Session { .. }) {
            p.session_length_ms = Some(300_000);
        }
        let e = p.estimate().expect("chapter scenario is valid");
        println!(
            "| {name} | {} | {} | {} | {:.1} % | {} |",
            gb(e.raw_buffer_bytes),
            gb(e.per_window_aggregate_bytes),
            gb(e.sliced_aggregate_bytes),
            e.raw_fit.utilization_with_overhead * 100.0,
            if e.raw_fit.fits {
                "yes".to_string()
            } else {
                format!("no: {} instances", e.raw_fit.instances_needed)
            }
        );
    }
}
