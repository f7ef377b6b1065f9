//! Snapshot and restore: the whole engine as versioned, checksummed,
//! little-endian bytes, and back.
//!
//! `envelope.rs` seals and opens the bytes (magic, version, length, CRC)
//! and holds the checked reader; `config.rs`, `sources.rs`, `keys.rs` and `outputs.rs`
//! are one small codec per part of the engine, each reading what it writes
//! and checking it. This file puts them in order.
//!
//! # Layout (format version 2; version 1 is the same without the lines
//! marked v2, and restores with the v2 settings at their defaults: one
//! source, none declared, no clock)
//!
//! Every integer is little-endian; `i64`/`u64` are 8 bytes, `u32` 4, `u16` 2,
//! `u8` 1. Floats are stored as their raw IEEE-754 bits (`u64`), so a
//! restored aggregate is bit-for-bit the one saved. Lengths are `u64`.
//!
//! ```text
//! magic            4   b"WEIR"
//! version          u16 2 (1 still read)
//! total length     u64 bytes of the whole snapshot, checksum included
//! config           window kind u8 (0 tumbling, 1 sliding, 2 session), then
//!                  tumbling: size i64, offset i64
//!                  sliding:  size i64, slide i64, offset i64
//!                  session:  gap i64
//!                  d i64, L i64, time domain u8 (0 event, 1 processing),
//!                  max_keys u64, max_state_entries u64 (the other limits are not
//!                  written: a restored engine takes their defaults)
//! v2 trigger       mode u8 (0 watermark, 1 every-event, 2 final), early u8
//!                  (0 none | 1 count u64 | 2 event-time i64 | 3 processing-time i64),
//!                  accumulation u8 (0 accumulating, 1 discarding, 2 retracting)
//!                  clampStartsAtZero u8 (0 or 1; Kafka Streams' no-negative-starts rule)
//! v2 sources       declared u32, idle timeout (u8 0 | u8 1, i64),
//!                  processing clock i64, per-source table (u8 0 on the
//!                  single-source path | u8 1, first clock i64, u64 n,
//!                  n x (id u32, max_time i64, last_arrival i64, idle u8)):
//!                  see `sources.rs`
//! watermark        i64 (i64::MIN = -inf, i64::MAX = +inf)
//! max_time         i64
//! counters         u64 x 8: events_in, assigned, late_accepted, side_output,
//!                  unassigned, dropped_from_windows, fired_on_time, fired_late
//! v2 counters      u64 x 3: fired_early, fired_final, retractions
//! entries          u64 (slices or sessions over all keys)
//! keys             u64 n, then n keys in strictly increasing key order:
//!                  slices:   key u32, next_fire (u8 0 | u8 1, end i64),
//!                            u64 m, m x (start i64, agg)
//!                  sessions: key u32, next_fire (u8 0 | u8 1, end i64, start i64),
//!                            u64 m, m x (start i64, end i64, agg)
//! results          u64 n, n x (key u32, start i64, end i64, agg,
//!                  firing u8 (0 on-time, 1 late, 2 early, 3 final, 4 retract),
//!                  watermark i64)
//! side output      u64 n, n x (key u32, time i64, value f64, watermark i64)
//! dropped memory   u64 n, n x (key u32, start i64, end i64, count u64), oldest first
//! v2 trigger state u8 0 (default trigger and accumulation) | u8 1, then u64 n
//!                  keys in increasing order: key u32, u64 m windows by (start, end):
//!                  start i64, end i64, totals agg, pane (u8 0 | u8 1 agg),
//!                  last emitted (u8 0 | u8 1 agg), u64 r x (start i64, end i64,
//!                  agg) parts to retract, point (u8 0 | u8 1 i64), due (u8 0 |
//!                  u8 1 i64), on-time pending u8; its timers are rebuilt
//! firing paused    u8 1, only when firing is paused at maxPendingResults
//!                  (absent otherwise, so other snapshots are as before)
//! crc32            u32 of every byte before it (crc32fast, IEEE)
//! ```
//!
//! where `agg` is `count u64, sum, min, max, mean, m2` (f64 bits).
//!
//! The same engine state always gives the same bytes: keys are written in
//! key order (the hash map's order never shows), and the timer heaps are not
//! written at all (see below).
//!
//! # Timers are rebuilt, not stored
//!
//! The engine keeps two min-heaps of timers with lazy deletion: on-time
//! timers `(end, start, key)` and purge timers `(at, key)`. An entry is
//! *live* when it matches the key's state (`next_fire == Some(end)` for a
//! fire timer, `purge_at == Some(at)` for a purge timer); a popped entry that
//! is not live is skipped with no effect on state, output or counters. Every
//! change of a key's `next_fire` to `Some(v)` or of its purge time to `v`
//! pushes `v` in the same step, so at every moment each key's live timer is in
//! the heap (possibly more than once), and all other entries are stale.
//!
//! (The engine's one validity protocol is in `engine/timers.rs`: an entry
//! is live when it equals what its key says it armed; slices arm eagerly,
//! so for them that is `next_fire` and the front slice's purge time.)
//! Restore builds the engine from its parts with
//! `Engine::from_parts`, which has every key arm its timers and pushes
//! exactly one live timer of each kind per key. The original heap and the
//! rebuilt one hold the same set of live values; both pop in ascending tuple
//! order (equal tuples are indistinguishable); popping a stale entry does
//! nothing, and processing a live one depends only on the tuple and the key's
//! state and pushes the same new value into both. A stale duplicate of a value
//! that becomes live again is harmless: the first copy popped fires and moves
//! `next_fire` strictly past it (or moves the purge time past the watermark),
//! so later copies are stale. By induction over pops, both heaps process the
//! same live timers in the same order, so the future output is identical.
//!
//! Restore checks the invariants this relies on: every key's `next_fire` is
//! exactly the earliest window after the watermark that holds state, and
//! nothing is stored that the watermark has already purged. One exception:
//! a snapshot taken while firing was paused at `maxPendingResults` (see
//! `Engine::firing_paused`) has keys whose `next_fire` is a due window at
//! or before the watermark (then it must be the key's earliest window from
//! there on that holds state), and may hold state the watermark would
//! purge (a purge waits for every due window); both are refused unless
//! the snapshot carries the firing-paused byte, which needs a due key. The rebuilt heap holds those due timers, the
//! restored engine starts paused, and its next call fires them in the same
//! (end, start, key) order and then purges, as the original would have.
//!
//! It also checks what a resealed snapshot (edited, then its length and
//! checksum recomputed) could carry: every aggregate is one that adding
//! values could give (`Agg::malformed`: count >= 1, finite min <= max, a
//! single value with sum = min = max = mean and m2 = 0, sum, mean and m2
//! within what the count and bounds allow, NaN only where the bounds
//! overflow); the state holds no more events than were accepted
//! (assigned + late-accepted), nor does any result; no counter exceeds
//! 2^53, so none can overflow as the engine goes on.
//!
//! # Not preserved
//!
//! `Stats::state_bytes` is measured from allocation capacities (hash map,
//! vectors, heaps including stale timers), which depend on the allocation
//! history; a restored engine holds the same state in tighter allocations.
//! It reports those rather than the original's: the figure is what is
//! allocated (`tests/state_bytes.rs` checks both against the allocator),
//! and making it match would mean writing allocation history into the
//! format and allocating memory nothing uses. It converges as the restored
//! engine's state grows back to the original's peak.

use crate::engine::Stats;
use crate::engine::{Config, DropMemory, Engine, Keys, Parts, Store, TimeDomain};
use crate::error::{EngineError, Result};
use crate::time::{Time, NEG_INF};

mod config;
mod envelope;
mod keys;
mod outputs;
mod sources;
mod trigger;

use envelope::{Reader, Writer, HEADER_LEN};

/// The first four bytes of every snapshot.
pub const MAGIC: [u8; 4] = *b"WEIR";

/// The format version this build writes (and the newest it reads).
pub const FORMAT_VERSION: u16 = 2;

/// The oldest format version this build still reads: version 1 (before
/// triggers, accumulation and sources) restores with their defaults.
pub const OLDEST_VERSION: u16 = 1;

impl Engine {
    /// The engine's whole state as versioned, checksummed bytes (see
    /// [`crate::snapshot`] for the layout). The same state always gives the
    /// same bytes.
    pub fn snapshot(&self) -> Vec<u8> {
        encode(self)
    }

    /// An engine restored from [`Engine::snapshot`] bytes: it continues
    /// exactly as the snapshotted one would have. Any damage or inconsistency
    /// is an [`EngineError::Snapshot`] naming the problem; no input panics.
    pub fn restore(bytes: &[u8]) -> Result<Engine> {
        decode(bytes)
    }
}

fn err(msg: impl Into<String>) -> EngineError {
    EngineError::Snapshot(msg.into())
}

/// Encodes the engine (see the module docs for the layout).
pub(crate) fn encode(e: &Engine) -> Vec<u8> {
    let c = &e.core;
    let mut w = Writer::start();
    config::write(&mut w, &c.config);
    trigger::write_config(&mut w, &c.config);
    sources::write(&mut w, &c.config, c.clock, c.sources.as_deref());
    outputs::write_clock(&mut w, c.watermark, c.max_time, &c.stats);
    outputs::write_v2_counters(&mut w, &c.stats);
    w.u64(c.entries);
    match &e.store {
        Store::Slices(k) => keys::write_slices(&mut w, &k.keys),
        Store::Sessions(k) => keys::write_sessions(&mut w, &k.keys),
    }
    outputs::write_results(&mut w, &c.results);
    outputs::write_late(&mut w, &c.late);
    outputs::write_dropped(&mut w, c.dropped.len(), c.dropped.iter());
    trigger::write_state(&mut w, c.trig.as_deref());
    if e.firing_paused() {
        w.u8(1);
    }
    w.seal()
}

/// Decodes and validates a snapshot into a ready engine.
pub(crate) fn decode(bytes: &[u8]) -> Result<Engine> {
    let (version, body) = envelope::open(bytes)?;
    // Positions in messages are offsets into the whole snapshot.
    let mut r = Reader {
        buf: bytes.get(..HEADER_LEN + body.len()).unwrap_or(&[]),
        pos: HEADER_LEN,
    };
    let mut config = config::read(&mut r)?;
    // Version 1 had no triggers and no sources: their defaults, one
    // source, none declared, no clock.
    let part = if version >= 2 {
        trigger::read_config(&mut r, &mut config)?;
        sources::read(&mut r, &mut config)?
    } else {
        sources::Part {
            clock: NEG_INF,
            table: None,
        }
    };
    let processing = config.time_domain == TimeDomain::Processing;
    let (d, l) = if processing {
        (0, 0)
    } else {
        (config.max_out_of_orderness, config.allowed_lateness)
    };
    // With many sources `W` may be behind `max_time - d` (a slow source).
    let single = part.table.is_none();
    let (watermark, max_time) = outputs::read_clock(&mut r, processing, single.then_some(d))?;
    let mut stats = outputs::read_counters(&mut r, max_time)?;
    if version >= 2 {
        outputs::read_v2_counters(&mut r, &mut stats)?;
    }
    if let Some(t) = &part.table {
        sources::check(t, watermark, max_time, stats.events_in, d)?;
    }
    let entries = r.u64("entries")?;
    // The kind (and grid or gap) come from the config, as in a new engine.
    let fresh = Engine::new(config).map_err(|e| err(format!("config: {e}")))?;
    let (n_keys, stored, keys, paused) = match &fresh.store {
        Store::Slices(k) => {
            let (m, total, p) = keys::read_slices(&mut r, &k.params, l, watermark)?;
            (m.len(), total, Keys::Slices(m), p)
        }
        Store::Sessions(k) => {
            let (m, total, p) = keys::read_sessions(&mut r, k.params, l, watermark)?;
            (m.len(), total, Keys::Sessions(m), p)
        }
    };
    // Declared sources may hold `W` at -inf with state held.
    let stalled = if single { watermark } else { 0 };
    check_state_counts(&config, entries, stored, n_keys, stalled, &stats)?;
    check_held_events(&keys, &stats)?;
    let results = outputs::read_results(&mut r, &stats, watermark)?;
    let late = outputs::read_late(&mut r, &stats, watermark)?;
    let dropped = DropMemory::from_items(outputs::read_dropped(&mut r)?);
    let trig = if version >= 2 {
        trigger::read_state(&mut r, &config, l)?
    } else {
        None
    };
    let firing_paused = if r.remaining() == 0 {
        false
    } else {
        let at = r.pos;
        match r.u8("firing paused")? {
            1 => true,
            t => return Err(err(format!("bad firing-paused tag {t} at byte {at}"))),
        }
    };
    paused.check(firing_paused)?;
    if r.remaining() != 0 {
        return Err(err(format!(
            "{} unread bytes at byte {} before the checksum",
            r.remaining(),
            r.pos
        )));
    }
    let parts = Parts {
        config,
        watermark,
        max_time,
        clock: part.clock,
        sources: part.table,
        stats,
        results,
        late,
        dropped,
        firing_paused,
        trig,
    };
    Engine::from_parts(parts, keys).ok_or_else(|| err("key tables of the wrong kind"))
}

/// The key tables against the counters and limits stored before them.
fn check_state_counts(
    config: &Config,
    entries: u64,
    stored: u64,
    n_keys: usize,
    wm: Time,
    stats: &Stats,
) -> Result<()> {
    if stored != entries {
        return Err(err(format!(
            "entries = {entries} but the keys hold {stored} state entries"
        )));
    }
    if n_keys as u64 > config.limits.max_keys {
        return Err(err(format!(
            "{n_keys} keys exceed limits.maxKeys = {}",
            config.limits.max_keys
        )));
    }
    if entries > config.limits.max_state_entries {
        return Err(err(format!(
            "{entries} state entries exceed limits.maxStateEntries = {}",
            config.limits.max_state_entries
        )));
    }
    if n_keys > 0 && (wm == NEG_INF || stats.events_in == 0) {
        return Err(err("state is held but no event was pushed"));
    }
    Ok(())
}

/// Events a key table holds (the counts of its aggregates), `None` past
/// `u64`.
fn held_events(keys: &Keys) -> Option<u64> {
    let mut counts: Box<dyn Iterator<Item = u64> + '_> = match keys {
        Keys::Slices(m) => Box::new(m.values().flat_map(|k| k.iter().map(|(_, a)| a.count))),
        Keys::Sessions(m) => Box::new(
            m.values()
                .flat_map(|k| k.sessions().iter().map(|(_, a)| a.count)),
        ),
    };
    counts.try_fold(0u64, |acc, c| acc.checked_add(c))
}

/// Each accepted event (assigned or late-accepted) is in exactly one slice
/// or session until it is purged, so the state cannot hold more.
fn check_held_events(keys: &Keys, stats: &Stats) -> Result<()> {
    let accepted = stats.assigned.saturating_add(stats.late_accepted);
    match held_events(keys) {
        Some(held) if held <= accepted => Ok(()),
        held => Err(err(format!(
            "the state holds {} events but only {accepted} were accepted \
             (assigned + late_accepted)",
            held.map_or("more than 2^64".to_string(), |h| h.to_string())
        ))),
    }
}
