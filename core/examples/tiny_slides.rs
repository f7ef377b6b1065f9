//! Times sliding windows with a tiny slide (issue 15, item 4): one key,
//! one in-order event per ms, then flush. A timed run by hand, not a test:
//!
//! `cargo run --release -p weir-core --example tiny_slides -- SIZE SLIDE EVENTS`
//! (defaults: 100000 1 50000, the case from the issue).

use std::time::Instant;

use weir_core::{Config, Engine, Event, WindowSpec};

fn main() {
    let args: Vec<i64> = std::env::args()
        .skip(1)
        .map(|a| a.parse().expect("whole numbers: SIZE SLIDE EVENTS"))
        .collect();
    let (size, slide, n) = match args[..] {
        [size, slide, n] => (size, slide, n),
        _ => (100_000, 1, 50_000),
    };
    let config = Config::event_time(WindowSpec::sliding(size, slide), 0);
    let mut e = match Engine::new(config) {
        Ok(e) => e,
        Err(err) => {
            println!("sliding {size} / {slide}: refused: {err}");
            return;
        }
    };
    let t = Instant::now();
    let mut results = 0usize;
    for i in 0..n {
        e.push(Event::new(0, i, 1.0)).expect("within limits");
        results += e.drain_results().len();
    }
    let push = t.elapsed();
    let t = Instant::now();
    e.flush().unwrap();
    results += e.drain_results().len();
    let flush = t.elapsed();
    println!(
        "sliding {size} / {slide}, {n} events: push {:.2} s, flush {:.2} s, {results} results",
        push.as_secs_f64(),
        flush.as_secs_f64()
    );
}
