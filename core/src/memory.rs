//! The prediction of Weir's own engine state for a design (what
//! [`crate::Engine::state_bytes`] measures at steady state), and the old
//! path of the chapter's teaching model, which lives in [`crate::model`].

use std::mem::size_of;

use crate::session::Session;
use crate::slices::Pane;
use crate::window::WindowSpec;

// The chapter's memory model under its old path.
pub use crate::model::*;

/// Bytes Weir's engine keeps per key per slice of a tumbling or sliding
/// window: one [`Pane`] (slice start and its [`crate::Agg`]), derived from the
/// engine's own type.
pub const ENGINE_SLICE_BYTES: u64 = size_of::<Pane>() as u64;

/// Bytes Weir's engine keeps per key per open session: one [`Session`]
/// (window and its [`crate::Agg`]), derived from the engine's own type.
pub const ENGINE_SESSION_BYTES: u64 = size_of::<Session>() as u64;

/// Weir's real state per key per window for `window`: [`ENGINE_SESSION_BYTES`]
/// for sessions, [`ENGINE_SLICE_BYTES`] otherwise. The per-key hash map entry
/// (`size_of::<(u32, SliceKey)>() + 1` control byte, once per key, not per
/// window) is not included.
pub fn engine_state_bytes_per_key(window: &WindowSpec) -> u64 {
    match window {
        WindowSpec::Session { .. } => ENGINE_SESSION_BYTES,
        _ => ENGINE_SLICE_BYTES,
    }
}

/// What Weir's own engine holds for a design, as [`crate::Engine::state_bytes`]
/// will measure it at steady state: the sliced (or session) model made
/// exact for this engine. Where the chapter's sliced figure counts the
/// `size / gcd` slices a window needs, the engine also keeps the slices of
/// windows that the watermark has not passed yet (`maxOutOfOrderness`) or
/// that still accept late data (`allowedLateness`), the slice being filled,
/// one hash-map entry per key and two timers per key. Every constant is a
/// `size_of` of the engine's own types.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EnginePrediction {
    /// Slices (or sessions) a key holds at its peak.
    pub entries_per_key: f64,
    /// `keys x entries_per_key x` the entry size.
    pub window_state_bytes: f64,
    /// The per-key hash map (buckets x (entry + control byte)). For
    /// tumbling and sliding windows each key's entry holds its newest
    /// slices, which `window_state_bytes` already counts: they are taken
    /// out here.
    pub index_bytes: f64,
    /// The two timer heaps.
    pub timer_bytes: f64,
    /// The sum: the engine's predicted `state_bytes`.
    pub total_bytes: f64,
}

/// Buckets a `hashbrown` table (std's `HashMap`) has once it holds `n`
/// entries: the smallest power of two that keeps it at most 7/8 full.
fn map_buckets(n: u64) -> u64 {
    match n {
        0 => 0,
        1..=3 => 4,
        4..=7 => 8,
        _ => (n.saturating_mul(8).div_ceil(7)).next_power_of_two(),
    }
}

/// Predicts [`crate::Engine::state_bytes`] for `keys` sensors each sending
/// `rate_hz` events per second, arriving at most `max_out_of_orderness` ms
/// late, with `allowed_lateness`. For sessions, `session_length_ms` is the
/// mean activity burst and `idle_ms` the mean silence between bursts (the
/// figure is then a mean over keys, not one key's peak).
pub fn predict_engine_state(
    window: &WindowSpec,
    keys: u64,
    rate_hz: f64,
    max_out_of_orderness: i64,
    allowed_lateness: i64,
    session_length_ms: i64,
    idle_ms: i64,
) -> EnginePrediction {
    use crate::session::SessionKey;
    use crate::slices::SliceKey;
    use crate::time::Time;
    use crate::window::Grid;
    let keep = max_out_of_orderness + allowed_lateness;
    let (entries_per_key, entry_bytes, map_entry, inline_entry) = match Grid::of(window) {
        Some(g) => {
            // A slice lives from its first event until the watermark passes
            // its last window's end plus the lateness. Scan one slide of
            // "latest event times" M and count the slices alive at each.
            let steps = (g.slide / g.pane).clamp(1, 4096);
            let base = g.last_start(1_000_000_000_000);
            let mut peak = 0i64;
            for j in 0..steps {
                let m = base + j * g.pane;
                let mut p = g.pane_start(m);
                let mut alive = 0i64;
                while g.last_end_holding(p) + keep > m && alive < 1_000_000 {
                    if g.covered(p) {
                        alive += 1;
                    }
                    p -= g.pane;
                }
                peak = peak.max(alive);
            }
            // A slice only exists if an event fell in it.
            let occupancy = (rate_hz * g.pane as f64 / 1000.0).min(1.0);
            (
                peak as f64 * occupancy,
                ENGINE_SLICE_BYTES as f64,
                size_of::<(u32, SliceKey)>(),
                ENGINE_SLICE_BYTES,
            )
        }
        None => {
            let WindowSpec::Session { gap } = *window else {
                unreachable!("grid covers the rest")
            };
            // A session lives from its first event until the watermark
            // passes its end (last event + gap) plus the lateness; a key with
            // no session left is dropped from the map. With silences longer
            // than that, a key holds one session for that share of its
            // cycle; with shorter ones, closed sessions pile up behind it.
            let cycle = (session_length_ms + idle_ms).max(1) as f64;
            let life = (session_length_ms + gap + keep) as f64;
            let per_key = if idle_ms >= gap + keep {
                life / cycle
            } else {
                1.0 + ((gap + keep - idle_ms) as f64 / cycle).ceil()
            };
            (
                per_key,
                ENGINE_SESSION_BYTES as f64,
                size_of::<(u32, SessionKey)>(),
                0,
            )
        }
    };
    let whole = if matches!(window, WindowSpec::Session { .. }) {
        entries_per_key
    } else {
        entries_per_key.ceil()
    };
    let window_state_bytes = keys as f64 * whole * entry_bytes;
    // The newest slices, up to `RECENT` of them, are in the map entries.
    let inline = whole.min(crate::slices::RECENT as f64) * inline_entry as f64;
    let index_bytes =
        (map_buckets(keys) * (map_entry as u64 + 1) + 16) as f64 - keys as f64 * inline;
    let heap_cap = keys.max(4).next_power_of_two();
    let timer_bytes =
        (heap_cap * (size_of::<(Time, Time, u32)>() + size_of::<(Time, u32)>()) as u64) as f64;
    EnginePrediction {
        entries_per_key,
        window_state_bytes,
        index_bytes,
        timer_bytes,
        total_bytes: window_state_bytes + index_bytes + timer_bytes,
    }
}
