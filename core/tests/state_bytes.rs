//! The engine's `state_bytes()` is measured from its data structures; this
//! checks it against what the allocator really handed out (within 10 %).

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicIsize, Ordering};

use weir_core::{Config, Engine, Event, WindowSpec};

struct Counting;

static LIVE: AtomicIsize = AtomicIsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        LIVE.fetch_add(l.size() as isize, Ordering::SeqCst);
        System.alloc(l)
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        LIVE.fetch_sub(l.size() as isize, Ordering::SeqCst);
        System.dealloc(p, l)
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, new: usize) -> *mut u8 {
        LIVE.fetch_add(new as isize - l.size() as isize, Ordering::SeqCst);
        System.realloc(p, l, new)
    }
}

#[global_allocator]
static A: Counting = Counting;

/// Pushes a deterministic out-of-order stream of `keys` sensors at 10 Hz
/// for `secs` seconds, draining output as it goes; returns (measured by the
/// allocator, reported by the engine), for the engine and for one restored
/// from its snapshot (which holds the same state in tighter allocations).
fn measure(spec: WindowSpec, keys: u32, secs: i64, lateness: i64) -> [(i64, u64); 2] {
    let before = LIVE.load(Ordering::SeqCst);
    let mut e = Engine::new(Config::event_time(spec, 2_000).with_lateness(lateness)).unwrap();
    let mut x = 12345u64;
    for tick in 0..secs * 10 {
        for key in 0..keys {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let jitter = (x >> 33) as i64 % 1500;
            // Bursts: every third key is silent one second in five (sessions close).
            if key % 3 == 0 && (tick / 10) % 5 == 4 {
                continue;
            }
            e.push(Event::new(key, tick * 100 - jitter, (x >> 40) as f64 / 1e3))
                .unwrap();
        }
        drop(e.drain_results());
        drop(e.drain_late());
    }
    let reported = e.state_bytes();
    let measured = (LIVE.load(Ordering::SeqCst) - before) as i64;
    // The figure is a running total; the scan of every key must agree.
    assert_eq!(reported, e.state_bytes_scanned(), "{spec:?}: running total");
    let snapshot = e.snapshot();
    drop(e);
    let before = LIVE.load(Ordering::SeqCst);
    let r = Engine::restore(&snapshot).unwrap();
    let restored = (LIVE.load(Ordering::SeqCst) - before) as i64;
    assert_eq!(
        r.state_bytes(),
        r.state_bytes_scanned(),
        "{spec:?}: restored"
    );
    [(measured, reported), (restored, r.state_bytes())]
}

fn assert_within_10_percent(spec: WindowSpec) {
    for (keys, secs, l) in [(100, 30, 0), (1_000, 25, 5_000)] {
        for (which, (measured, reported)) in ["engine", "restored"]
            .into_iter()
            .zip(measure(spec, keys, secs, l))
        {
            let ratio = reported as f64 / measured as f64;
            assert!(
                (0.9..=1.1).contains(&ratio),
                "{spec:?} {keys} keys, {which}: reports {reported} B, allocator holds {measured} B (ratio {ratio:.3})"
            );
        }
    }
}

// One test, so no other test thread allocates while the counter is read.
#[test]
fn state_bytes_match_the_allocator_for_every_window_type() {
    assert_within_10_percent(WindowSpec::tumbling(10_000));
    assert_within_10_percent(WindowSpec::sliding(10_000, 1_000));
    assert_within_10_percent(WindowSpec::sliding(10_000, 3_000));
    assert_within_10_percent(WindowSpec::session(800));
}
