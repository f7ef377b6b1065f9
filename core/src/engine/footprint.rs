//! The bytes of engine state: the model of a hash map's allocation that
//! [`crate::Engine::state_bytes`] measures with, and the prediction of what
//! the engine holds at steady state for a design ([`predict_engine_state`]),
//! which uses the same model. Every constant is a `size_of` of the engine's
//! own types.

use std::mem::size_of;

use super::config::{Accumulation, Config, Early, Mode, Trigger};
use super::session::{Session, SessionKey};
use super::slices::{Pane, SliceKey, RECENT};
use super::sources::{Source, Sources};
use super::trigger::Win;
use crate::time::Time;
use crate::window::{Grid, WindowSpec};

/// Bytes Weir's engine keeps per key per slice of a tumbling, sliding or
/// cumulating window: one [`Pane`] (slice start and its [`crate::Agg`]), derived from the
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

/// Control bytes a `hashbrown` table allocates past its buckets (one SIMD
/// group).
const GROUP_WIDTH: usize = 16;

/// Buckets of the smallest `hashbrown` table (std's `HashMap`) that holds
/// `n` entries: a power of two kept at most 7/8 full (all but one bucket
/// below 8). A table's reported capacity is exactly what its buckets hold,
/// so this also gives a live table's buckets from its capacity.
pub(crate) fn buckets(n: usize) -> usize {
    match n {
        0 => 0,
        1..=3 => 4,
        4..=7 => 8,
        _ => n.saturating_mul(8).div_ceil(7).next_power_of_two(),
    }
}

/// Bytes a live table of `capacity` holds with entries of `entry` bytes:
/// one entry and one control byte per bucket, plus a group (nothing before
/// its first insert).
pub(crate) fn table_bytes(capacity: usize, entry: usize) -> usize {
    match buckets(capacity) {
        0 => 0,
        b => b * (entry + 1) + GROUP_WIDTH,
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
    /// tumbling, sliding and cumulating windows each key's entry holds its newest
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
    buckets(usize::try_from(n).unwrap_or(usize::MAX)) as u64
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
    let keep = max_out_of_orderness + allowed_lateness;
    let (entries_per_key, entry_bytes, map_entry, inline_entry) = match Grid::of(window) {
        Some(g) => {
            let peak = peak_slices_per_key(&g, keep);
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
            let per_key = sessions_per_key(gap, keep, session_length_ms, idle_ms);
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
    let inline = whole.min(RECENT as f64) * inline_entry as f64;
    let index_bytes = (map_buckets(keys) * (map_entry as u64 + 1) + GROUP_WIDTH as u64) as f64
        - keys as f64 * inline;
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

/// Bytes of one window's trigger state (v2: totals, unreported pane, last
/// emitted, early point, processing-time due), a `size_of` of the engine's
/// own type.
pub const ENGINE_TRIGGER_WINDOW_BYTES: u64 = size_of::<Win>() as u64;

/// Bytes of one trigger timer (on-time end, early point, due or close).
const TRIGGER_TIMER_BYTES: u64 = size_of::<(Time, Time, Time, u32)>() as u64;

/// A heap's capacity once it held `n` entries (doubling from 4).
fn heap_capacity(n: u64) -> u64 {
    if n == 0 {
        0
    } else {
        // A design too large for any heap is still a figure, not a panic.
        n.max(4).checked_next_power_of_two().unwrap_or(u64::MAX)
    }
}

/// What the trigger layer adds to [`predict_engine_state`] for a
/// non-default `trigger` or accumulation (the same inputs; 0 is never
/// returned for such a config, since every window then has trigger state):
/// per key and window one [`ENGINE_TRIGGER_WINDOW_BYTES`] (the pane
/// aggregate for discarding and the last totals for retracting are part of
/// it), the key index, and the timer heaps: an on-time timer per window
/// until the watermark reaches its end, a close timer until `end + L`, and
/// an early point or processing-time due per window when those are set.
/// Sessions re-arm their timers with each event, so their heaps hold one
/// entry per event of the timer's lifetime.
#[allow(clippy::too_many_arguments)]
pub fn predict_trigger_state(
    window: &WindowSpec,
    trigger: Trigger,
    keys: u64,
    rate_hz: f64,
    max_out_of_orderness: i64,
    allowed_lateness: i64,
    session_length_ms: i64,
    idle_ms: i64,
) -> f64 {
    let (d, l) = (max_out_of_orderness, allowed_lateness);
    let extra = trigger.early.is_some_and(|e| !matches!(e, Early::Count(_)));
    let on_time = trigger.mode == Mode::Watermark;
    let (list_bytes_per_key, on_time_pk, close_pk) = match Grid::of(window) {
        Some(g) => {
            let per = |span: i64| (span as f64 / g.slide as f64).ceil().max(1.0);
            let alive = per(g.size + d + l);
            let open = per(g.size + d);
            (alive, open, alive)
        }
        None => {
            let WindowSpec::Session { gap } = *window else {
                unreachable!("grid covers the rest")
            };
            let per_key = sessions_per_key(gap, d + l, session_length_ms, idle_ms);
            // Each event of an active key pushes a timer that lives until
            // the watermark (d behind) passes the session's end (+ L).
            let active =
                (session_length_ms as f64 / (session_length_ms + idle_ms).max(1) as f64).min(1.0);
            let ev = |span: i64| (rate_hz * span as f64 / 1000.0).max(1.0) * active;
            (per_key, ev(gap + d), ev(gap + d + l))
        }
    };
    let k = keys as f64;
    let window_bytes = k * list_bytes_per_key * ENGINE_TRIGGER_WINDOW_BYTES as f64;
    let index =
        (map_buckets(keys) * (size_of::<(u32, Vec<Win>)>() as u64 + 1) + GROUP_WIDTH as u64) as f64;
    let heap = |per_key: f64| heap_capacity((k * per_key).ceil() as u64) as f64;
    let mut timers = heap(close_pk);
    if on_time {
        timers += heap(on_time_pk);
    }
    if extra {
        timers += heap(on_time_pk);
    }
    window_bytes
        + index
        + timers * TRIGGER_TIMER_BYTES as f64
        + size_of::<super::trigger::Trig>() as f64
}

/// [`predict_engine_state`] and [`predict_trigger_state`] together for one
/// engine `config`: what a caller (the calculator) shows as one figure.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StatePrediction {
    /// The slice (or session) state, index and timers.
    pub engine: EnginePrediction,
    /// The trigger layer's state: 0 for the default trigger with
    /// accumulating refinements, which keep none.
    pub trigger_state_bytes: f64,
    /// The per-source table: the declared sources (`config.sources`; one
    /// entry each), present from the start when sources are declared or an
    /// idle timeout is set, else 0. Sources that appear undeclared add
    /// [`ENGINE_SOURCE_BYTES`] each (and the table) once they send.
    pub source_state_bytes: f64,
    /// `engine.total_bytes + trigger_state_bytes + source_state_bytes`: the
    /// predicted [`crate::Engine::state_bytes`].
    pub total_bytes: f64,
}

/// Bytes of one source's entry in the per-source table.
pub const ENGINE_SOURCE_BYTES: u64 = size_of::<Source>() as u64;

/// The prediction for `config`'s window, out-of-orderness, lateness,
/// trigger and accumulation, with the load inputs of
/// [`predict_engine_state`].
pub fn predict_state(
    config: &Config,
    keys: u64,
    rate_hz: f64,
    session_length_ms: i64,
    idle_ms: i64,
) -> StatePrediction {
    let (w, d, l) = (
        &config.window,
        config.max_out_of_orderness,
        config.allowed_lateness,
    );
    let engine = predict_engine_state(w, keys, rate_hz, d, l, session_length_ms, idle_ms);
    // The engine builds the trigger layer only for a non-default config
    // (`Trig::for_config`); the same test decides here.
    let layered =
        config.trigger != Trigger::default() || config.accumulation != Accumulation::Accumulating;
    let trigger_state_bytes = if layered {
        predict_trigger_state(
            w,
            config.trigger,
            keys,
            rate_hz,
            d,
            l,
            session_length_ms,
            idle_ms,
        )
    } else {
        0.0
    };
    // The table exists from the start exactly when `Engine::new` builds it.
    let tabled = config.time_domain == crate::engine::TimeDomain::Event
        && (config.sources > 0 || config.idle_timeout.is_some());
    let source_state_bytes = if tabled {
        (size_of::<Sources>() as u64 + config.sources as u64 * ENGINE_SOURCE_BYTES) as f64
    } else {
        0.0
    };
    StatePrediction {
        engine,
        trigger_state_bytes,
        source_state_bytes,
        total_bytes: engine.total_bytes + trigger_state_bytes + source_state_bytes,
    }
}

/// Most slices a key holds at once when every slice lives `keep` ms past
/// its last window's end.
fn peak_slices_per_key(g: &Grid, keep: i64) -> i64 {
    // A slice lives from its first event until the watermark passes
    // its last window's end plus the lateness. Scan one slide of
    // "latest event times" M and count the slices alive at each.
    // A cumulate's pattern repeats every period, not every step.
    let steps = if g.cumulative() {
        (g.align / g.pane).clamp(1, 8192)
    } else {
        (g.slide / g.pane).clamp(1, 4096)
    };
    let base = g.last_start(1_000_000_000_000);
    (0..steps)
        .map(|j| slices_alive_at(g, base + j * g.pane, keep))
        .max()
        .unwrap_or(0)
}

/// Slices alive when the latest event time is `m`: the covered slice
/// starts `p <= pane_start(m)` whose last window ends after `m - keep`.
/// Counted in closed form, so a lateness of days over 100 ms slices costs
/// no more than none (a pane-by-pane scan took seconds there).
fn slices_alive_at(g: &Grid, m: i64, keep: i64) -> i64 {
    let top = g.pane_start(m);
    // A slice's last window starts at `last_start(p)`, on the start grid,
    // and ends `size` later: alive iff that start exceeds `m - size - keep`.
    let lowest = (g.last_start(m - g.size - keep) + g.align).max(g.first_time);
    if lowest > top {
        return 0;
    }
    if g.align <= g.size || g.pane == g.slide {
        // Windows tile or overlap: every slice is in one.
        return (top - lowest) / g.pane + 1;
    }
    // Sampling (slide > size): each start covers the `size / pane` slices
    // after it, the rest of the slide is in no window.
    let per = g.size / g.pane;
    let last = g.last_start(top);
    (last - lowest) / g.align * per + per.min((top - last) / g.pane + 1)
}

/// Sessions a key holds on average, bursts of `session_length_ms` apart by
/// `idle_ms`, each session living `keep` ms past its end.
fn sessions_per_key(gap: i64, keep: i64, session_length_ms: i64, idle_ms: i64) -> f64 {
    // A session lives from its first event until the watermark
    // passes its end (last event + gap) plus the lateness; a key with
    // no session left is dropped from the map. With silences longer
    // than that, a key holds one session for that share of its
    // cycle; with shorter ones, closed sessions pile up behind it.
    let cycle = (session_length_ms + idle_ms).max(1) as f64;
    let life = (session_length_ms + gap + keep) as f64;
    if idle_ms >= gap + keep {
        life / cycle
    } else {
        1.0 + ((gap + keep - idle_ms) as f64 / cycle).ceil()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rustc_hash::FxHashMap;

    #[test]
    fn the_bucket_model_matches_the_tables_std_builds() {
        // The capacity a table reports after n inserts is what its buckets
        // hold: 3 of 4, 7 of 8, then 7/8.
        let mut m: FxHashMap<u32, u64> = FxHashMap::default();
        assert_eq!(buckets(m.capacity()), 0);
        let mut seen = Vec::new();
        for k in 0..100u32 {
            m.insert(k, 0);
            let b = buckets(m.capacity());
            if seen.last() != Some(&b) {
                seen.push(b);
            }
            // Grown by inserts, a table is the smallest that holds its entries.
            assert_eq!(buckets(m.len()), b, "after {} inserts", k + 1);
        }
        assert_eq!(seen, [4, 8, 16, 32, 64, 128]);
        assert_eq!(
            (buckets(3), buckets(4), buckets(14), buckets(15)),
            (4, 8, 16, 32)
        );
        assert_eq!(table_bytes(0, 100), 0);
        assert_eq!(table_bytes(3, 12), 4 * 13 + 16);
    }

    #[test]
    fn predict_state_adds_the_trigger_layer_only_when_the_config_has_one() {
        let spec = WindowSpec::tumbling(10_000);
        let plain = Config::event_time(spec, 200);
        let p = predict_state(&plain, 100, 10.0, 0, 0);
        assert_eq!(p.trigger_state_bytes, 0.0);
        assert_eq!(p.total_bytes, p.engine.total_bytes);
        assert_eq!(
            p.engine,
            predict_engine_state(&spec, 100, 10.0, 200, 0, 0, 0)
        );

        let discarding = Config {
            accumulation: Accumulation::Discarding,
            ..plain
        };
        let q = predict_state(&discarding, 100, 10.0, 0, 0);
        let t = predict_trigger_state(&spec, Trigger::default(), 100, 10.0, 200, 0, 0, 0);
        assert!(t > 0.0);
        assert_eq!(q.trigger_state_bytes, t);
        assert_eq!(q.total_bytes, p.engine.total_bytes + t);
        // Each of 100 keys holds at least one window's trigger state.
        assert!(t >= 100.0 * ENGINE_TRIGGER_WINDOW_BYTES as f64);
    }

    #[test]
    fn declared_sources_are_predicted_as_the_engine_measures_them() {
        use crate::engine::{Engine, Event};
        let spec = WindowSpec::tumbling(10_000);
        let plain = Config::event_time(spec, 200);
        let declared = Config {
            sources: 4,
            idle_timeout: Some(5_000),
            ..plain
        };
        assert_eq!(predict_state(&plain, 3, 10.0, 0, 0).source_state_bytes, 0.0);
        let p = predict_state(&declared, 3, 10.0, 0, 0);
        // The table and four entries (each an id, two times and a flag).
        assert!(p.source_state_bytes >= (4 * (4 + 8 + 8 + 1)) as f64);
        // The same events, with and without the declared sources: the
        // measured difference is the table the prediction names.
        let (mut a, mut b) = (Engine::new(plain).unwrap(), Engine::new(declared).unwrap());
        for (i, key) in [0u32, 1, 2, 0, 1, 2].into_iter().enumerate() {
            let ev = Event {
                source: key % 4,
                ..Event::new(key, 1_000 * i as i64, 1.0)
            };
            a.push(Event { source: 0, ..ev }).unwrap();
            b.push(ev).unwrap();
        }
        assert_eq!(
            (b.state_bytes() - a.state_bytes()) as f64,
            p.source_state_bytes
        );
    }

    /// The pane-by-pane scan `slices_alive_at` replaced, as the reference.
    fn alive_by_scan(g: &Grid, m: i64, keep: i64) -> i64 {
        let (mut p, mut alive) = (g.pane_start(m), 0);
        while g.last_end_holding(p) + keep > m {
            if g.covered(p) {
                alive += 1;
            }
            p -= g.pane;
        }
        alive
    }

    #[test]
    fn the_closed_form_count_of_live_slices_matches_a_scan() {
        let specs = [
            WindowSpec::tumbling(1_000),
            WindowSpec::sliding(10_000, 1_000),
            WindowSpec::sliding(10_000, 3_000), // slide does not divide size
            WindowSpec::sliding(1_000, 2_500),  // slide > size: sampling
            WindowSpec::sliding(300, 7_000),
            WindowSpec::Sliding {
                size: 10_000,
                slide: 4_000,
                offset: 1_500,
            },
            WindowSpec::Cumulate {
                step: 1_000,
                size: 5_000,
                offset: 0,
            },
        ];
        for spec in specs {
            let g = Grid::of(&spec).unwrap();
            for keep in [0, 1, 250, 999, 1_000, 4_321, 12_000] {
                for m in (-20_000..20_000).step_by(137) {
                    assert_eq!(
                        slices_alive_at(&g, m, keep),
                        alive_by_scan(&g, m, keep),
                        "{spec:?}, m {m}, keep {keep}"
                    );
                }
            }
        }
        // A day of lateness over 100 ms slices: counted, not scanned. At
        // m = 0 a slice lives if its last window starts after -86,900,000;
        // the first start above is floor(-86,900,000 / 499,900) + 1 = -173
        // slides, -86,482,700, so the slices from there to 0: 864,828.
        let g = Grid::of(&WindowSpec::sliding(500_000, 499_900)).unwrap();
        assert_eq!(slices_alive_at(&g, 0, 86_400_000), 864_828);
    }

    #[test]
    fn a_design_too_large_for_a_heap_is_a_figure_not_a_panic() {
        let spec = WindowSpec::session(1 << 40);
        let c = Config {
            accumulation: Accumulation::Retracting,
            ..Config::event_time(spec, 1 << 52)
        };
        let p = predict_state(&c, u32::MAX as u64, 1e9, 1 << 52, 1);
        assert!(p.total_bytes.is_finite() && p.total_bytes > 0.0);
    }
}
