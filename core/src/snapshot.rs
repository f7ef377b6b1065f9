//! Snapshot and restore: the whole engine as versioned, checksummed,
//! little-endian bytes, and back.
//!
//! # Layout (format version 1)
//!
//! Every integer is little-endian; `i64`/`u64` are 8 bytes, `u32` 4, `u16` 2,
//! `u8` 1. Floats are stored as their raw IEEE-754 bits (`u64`), so a
//! restored aggregate is bit-for-bit the one saved. Lengths are `u64`.
//!
//! ```text
//! magic            4   b"WEIR"
//! version          u16 1
//! total length     u64 bytes of the whole snapshot, checksum included
//! config           window kind u8 (0 tumbling, 1 sliding, 2 session), then
//!                  tumbling: size i64, offset i64
//!                  sliding:  size i64, slide i64, offset i64
//!                  session:  gap i64
//!                  d i64, L i64, time domain u8 (0 event, 1 processing),
//!                  max_keys u64, max_state_entries u64
//! watermark        i64 (i64::MIN = -inf, i64::MAX = +inf)
//! max_time         i64
//! counters         u64 x 8: events_in, assigned, late_accepted, side_output,
//!                  unassigned, dropped_from_windows, fired_on_time, fired_late
//! entries          u64 (slices or sessions over all keys)
//! keys             u64 n, then n keys in strictly increasing key order:
//!                  slices:   key u32, next_fire (u8 0 | u8 1, end i64),
//!                            u64 m, m x (start i64, agg)
//!                  sessions: key u32, next_fire (u8 0 | u8 1, end i64, start i64),
//!                            u64 m, m x (start i64, end i64, agg)
//! results          u64 n, n x (key u32, start i64, end i64, agg,
//!                  firing u8 (0 on-time, 1 late), watermark i64)
//! side output      u64 n, n x (key u32, time i64, value f64, watermark i64)
//! dropped memory   u64 n, n x (key u32, start i64, end i64, count u64), oldest first
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
//! Restore pushes exactly one live timer per key. The original heap and the
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
//! nothing is stored that the watermark has already purged.
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

use std::cmp::Reverse;
use std::collections::VecDeque;

use rustc_hash::FxHashMap;

use crate::aggregate::Agg;
use crate::error::{EngineError, Result};
use crate::operator::{
    Config, Engine, Firing, LateEvent, Limits, Stats, Store, TimeDomain, WindowResult,
};
use crate::session::SessionKey;
use crate::slices::SliceKey;
use crate::time::{Time, MAX_ABS_TIME, NEG_INF, POS_INF};
use crate::window::{Grid, Window, WindowSpec};

/// The first four bytes of every snapshot.
pub const MAGIC: [u8; 4] = *b"WEIR";

/// The format version this build writes and reads.
pub const FORMAT_VERSION: u16 = 1;

/// Magic, version and total length.
const HEADER_LEN: usize = 4 + 2 + 8;
/// The trailing CRC32.
const CRC_LEN: usize = 4;
/// Encoded size of an [`Agg`].
const AGG_LEN: usize = 8 * 6;
/// The engine remembers at most this many windows with drops
/// (`DROPPED_MEMORY` in `operator.rs`).
const MAX_DROPPED: usize = 1024;
/// Bound on stored slice and window times: event times are within +/-2^53
/// and gaps, sizes and slides at most 2^53, so every real bound is within
/// +/-2^55; anything beyond is corrupt (and could overflow arithmetic).
const MAX_STORED_TIME: i64 = 4 * MAX_ABS_TIME;

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

// ---------------------------------------------------------------- encoding

struct Writer {
    buf: Vec<u8>,
}

impl Writer {
    fn u8(&mut self, v: u8) {
        self.buf.push(v);
    }
    fn u16(&mut self, v: u16) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }
    fn u32(&mut self, v: u32) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }
    fn u64(&mut self, v: u64) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }
    fn i64(&mut self, v: i64) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }
    fn f64(&mut self, v: f64) {
        self.u64(v.to_bits());
    }
    fn len(&mut self, n: usize) {
        self.u64(n as u64);
    }
    fn agg(&mut self, a: &Agg) {
        let (count, f) = a.to_parts();
        self.u64(count);
        for x in f {
            self.f64(x);
        }
    }
    fn window(&mut self, w: &Window) {
        self.i64(w.start);
        self.i64(w.end);
    }
}

fn sorted_keys<V>(keys: &FxHashMap<u32, V>) -> Vec<(u32, &V)> {
    let mut v: Vec<(u32, &V)> = keys.iter().map(|(&k, v)| (k, v)).collect();
    v.sort_unstable_by_key(|&(k, _)| k);
    v
}

/// Encodes the engine (see the module docs for the layout).
pub fn encode(e: &Engine) -> Vec<u8> {
    let mut w = Writer {
        buf: Vec::with_capacity(256),
    };
    w.buf.extend_from_slice(&MAGIC);
    w.u16(FORMAT_VERSION);
    w.u64(0); // total length, patched below

    let c = &e.config;
    match c.window {
        WindowSpec::Tumbling { size, offset } => {
            w.u8(0);
            w.i64(size);
            w.i64(offset);
        }
        WindowSpec::Sliding {
            size,
            slide,
            offset,
        } => {
            w.u8(1);
            w.i64(size);
            w.i64(slide);
            w.i64(offset);
        }
        WindowSpec::Session { gap } => {
            w.u8(2);
            w.i64(gap);
        }
    }
    w.i64(c.max_out_of_orderness);
    w.i64(c.allowed_lateness);
    w.u8(match c.time_domain {
        TimeDomain::Event => 0,
        TimeDomain::Processing => 1,
    });
    w.u64(c.limits.max_keys);
    w.u64(c.limits.max_state_entries);

    w.i64(e.watermark);
    w.i64(e.max_time);
    let s = &e.stats;
    for v in [
        s.events_in,
        s.assigned,
        s.late_accepted,
        s.side_output,
        s.unassigned,
        s.dropped_from_windows,
        s.fired_on_time,
        s.fired_late,
    ] {
        w.u64(v);
    }
    w.u64(e.entries);

    match &e.store {
        Store::Slices { keys, .. } => {
            w.len(keys.len());
            for (key, k) in sorted_keys(keys) {
                w.u32(key);
                match k.next_fire {
                    None => w.u8(0),
                    Some(end) => {
                        w.u8(1);
                        w.i64(end);
                    }
                }
                w.len(k.len());
                for (p, agg) in k.iter() {
                    w.i64(*p);
                    w.agg(agg);
                }
            }
        }
        Store::Sessions { keys, .. } => {
            w.len(keys.len());
            for (key, k) in sorted_keys(keys) {
                w.u32(key);
                match k.next_fire {
                    None => w.u8(0),
                    Some((end, start)) => {
                        w.u8(1);
                        w.i64(end);
                        w.i64(start);
                    }
                }
                w.len(k.sessions.len());
                for (win, agg) in &k.sessions {
                    w.window(win);
                    w.agg(agg);
                }
            }
        }
    }

    w.len(e.results.len());
    for r in &e.results {
        w.u32(r.key);
        w.window(&r.window);
        w.agg(&r.agg);
        w.u8(match r.firing {
            Firing::OnTime => 0,
            Firing::Late => 1,
        });
        w.i64(r.watermark);
    }
    w.len(e.late.len());
    for l in &e.late {
        w.u32(l.key);
        w.i64(l.time);
        w.f64(l.value);
        w.i64(l.watermark);
    }
    w.len(e.dropped.len());
    for (key, win, n) in &e.dropped {
        w.u32(*key);
        w.window(win);
        w.u64(*n);
    }

    let total = (w.buf.len() + CRC_LEN) as u64;
    w.buf[6..HEADER_LEN].copy_from_slice(&total.to_le_bytes());
    let crc = crc32fast::hash(&w.buf);
    w.u32(crc);
    w.buf
}

// ---------------------------------------------------------------- decoding

/// Reads the body, every read checked against the bytes left.
struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize, what: &str) -> Result<&'a [u8]> {
        let s = self
            .pos
            .checked_add(n)
            .and_then(|end| self.buf.get(self.pos..end))
            .ok_or_else(|| err(format!("truncated at byte {} (reading {what})", self.pos)))?;
        self.pos += n;
        Ok(s)
    }
    fn arr<const N: usize>(&mut self, what: &str) -> Result<[u8; N]> {
        let s = self.take(N, what)?;
        let mut a = [0u8; N];
        a.copy_from_slice(s);
        Ok(a)
    }
    fn u8(&mut self, what: &str) -> Result<u8> {
        Ok(self.arr::<1>(what)?[0])
    }
    fn u32(&mut self, what: &str) -> Result<u32> {
        Ok(u32::from_le_bytes(self.arr(what)?))
    }
    fn u64(&mut self, what: &str) -> Result<u64> {
        Ok(u64::from_le_bytes(self.arr(what)?))
    }
    fn i64(&mut self, what: &str) -> Result<i64> {
        Ok(i64::from_le_bytes(self.arr(what)?))
    }
    fn f64(&mut self, what: &str) -> Result<f64> {
        Ok(f64::from_bits(self.u64(what)?))
    }
    /// The next key of a key table. Tables are written in increasing key
    /// order, so a repeated or reordered key means a corrupt snapshot.
    fn key_after(&mut self, prev: &mut Option<u32>) -> Result<u32> {
        let at = self.pos;
        let key = self.u32("key")?;
        if prev.is_some_and(|p| p >= key) {
            return Err(err(format!(
                "key {key} at byte {at} is not in increasing key order"
            )));
        }
        *prev = Some(key);
        Ok(key)
    }
    fn remaining(&self) -> usize {
        self.buf.len().saturating_sub(self.pos)
    }
    /// A count of items of at least `item_len` bytes each, checked against the
    /// bytes left before anything is allocated for them.
    fn count(&mut self, item_len: usize, what: &str) -> Result<usize> {
        let at = self.pos;
        let n = self.u64(what)?;
        let fits = usize::try_from(n)
            .ok()
            .and_then(|n| n.checked_mul(item_len))
            .is_some_and(|bytes| bytes <= self.remaining());
        if !fits {
            return Err(err(format!(
                "{what} = {n} at byte {at} is more than the {} bytes left can hold",
                self.remaining()
            )));
        }
        Ok(n as usize)
    }
    /// A stored time, bounded so that window arithmetic cannot overflow.
    fn time(&mut self, what: &str) -> Result<Time> {
        let at = self.pos;
        let t = self.i64(what)?;
        if (-MAX_STORED_TIME..=MAX_STORED_TIME).contains(&t) {
            Ok(t)
        } else {
            Err(err(format!("{what} = {t} at byte {at} is out of range")))
        }
    }
    fn window(&mut self, what: &str) -> Result<Window> {
        let at = self.pos;
        let start = self.time(what)?;
        let end = self.time(what)?;
        if start < end {
            Ok(Window { start, end })
        } else {
            Err(err(format!(
                "{what} [{start}, {end}) at byte {at} is empty or reversed"
            )))
        }
    }
    /// An aggregate of at least one value: count >= 1, finite min <= max.
    fn agg(&mut self, what: &str) -> Result<Agg> {
        let at = self.pos;
        let count = self.u64(what)?;
        let mut f = [0.0; 5];
        for x in f.iter_mut() {
            *x = self.f64(what)?;
        }
        let (min, max) = (f[1], f[2]);
        if count == 0 {
            return Err(err(format!("{what} at byte {at} has count 0")));
        }
        if !(min.is_finite() && max.is_finite() && min <= max) {
            return Err(err(format!(
                "{what} at byte {at} has min {min} / max {max} (must be finite, min <= max)"
            )));
        }
        Ok(Agg::from_parts(count, f))
    }
}

/// Checks the envelope (magic, version, length, checksum); returns the body
/// (everything between the header and the checksum).
fn envelope(bytes: &[u8]) -> Result<&[u8]> {
    let magic_len = bytes.len().min(MAGIC.len());
    if bytes.get(..magic_len) != MAGIC.get(..magic_len) {
        return Err(err("not a Weir snapshot (bad magic)"));
    }
    if bytes.len() < HEADER_LEN {
        return Err(err(format!(
            "truncated at byte {} (the header has {HEADER_LEN} bytes)",
            bytes.len()
        )));
    }
    let mut r = Reader {
        buf: bytes,
        pos: MAGIC.len(),
    };
    let version = u16::from_le_bytes(r.arr("version")?);
    if version != FORMAT_VERSION {
        return Err(err(format!(
            "unsupported snapshot version {version} (this build reads {FORMAT_VERSION})"
        )));
    }
    let total = r.u64("total length")?;
    let min_total = (HEADER_LEN + CRC_LEN) as u64;
    if total < min_total {
        return Err(err(format!(
            "declared length {total} is shorter than the smallest snapshot ({min_total} bytes)"
        )));
    }
    let len = bytes.len() as u64;
    if len < total {
        return Err(err(format!(
            "truncated at byte {len} (the snapshot declares {total} bytes)"
        )));
    }
    if len > total {
        return Err(err(format!(
            "{} trailing bytes after the {total}-byte snapshot",
            len - total
        )));
    }
    let split = bytes.len() - CRC_LEN;
    let (data, crc) = bytes.split_at(split);
    let mut c = [0u8; 4];
    c.copy_from_slice(crc);
    let stored = u32::from_le_bytes(c);
    let computed = crc32fast::hash(data);
    if stored != computed {
        return Err(err(format!(
            "checksum mismatch (stored {stored:#010x}, computed {computed:#010x})"
        )));
    }
    data.get(HEADER_LEN..)
        .ok_or_else(|| err("truncated header"))
}

fn read_config(r: &mut Reader) -> Result<Config> {
    let at = r.pos;
    let window = match r.u8("window kind")? {
        0 => WindowSpec::Tumbling {
            size: r.i64("window.size")?,
            offset: r.i64("window.offset")?,
        },
        1 => WindowSpec::Sliding {
            size: r.i64("window.size")?,
            slide: r.i64("window.slide")?,
            offset: r.i64("window.offset")?,
        },
        2 => WindowSpec::Session {
            gap: r.i64("window.gap")?,
        },
        k => {
            return Err(err(format!(
                "unknown window kind {k} at byte {at} (0 tumbling, 1 sliding, 2 session)"
            )))
        }
    };
    let max_out_of_orderness = r.i64("watermark.maxOutOfOrderness")?;
    let allowed_lateness = r.i64("allowedLateness")?;
    let at = r.pos;
    let time_domain = match r.u8("time domain")? {
        0 => TimeDomain::Event,
        1 => TimeDomain::Processing,
        k => {
            return Err(err(format!(
                "unknown time domain {k} at byte {at} (0 event, 1 processing)"
            )))
        }
    };
    let limits = Limits {
        max_keys: r.u64("limits.maxKeys")?,
        max_state_entries: r.u64("limits.maxStateEntries")?,
        ..Limits::default()
    };
    let config = Config {
        window,
        max_out_of_orderness,
        allowed_lateness,
        time_domain,
        limits,
    };
    config.validate().map_err(|e| err(format!("config: {e}")))?;
    Ok(config)
}

/// The earliest window end after `w` of a window holding a slice, as the
/// engine keeps it in `next_fire`.
fn first_slice_fire(grid: &Grid, panes: &[(Time, Agg)], w: Time) -> Option<Time> {
    let mut best: Option<Time> = None;
    for &(p, _) in panes {
        let first = i128::from(grid.first_end_holding(p));
        let last = i128::from(grid.last_end_holding(p));
        let w = i128::from(w);
        let slide = i128::from(grid.slide);
        let e = if first > w {
            first
        } else {
            // smallest first + j * slide > w
            first + ((w - first) / slide + 1) * slide
        };
        if e <= last {
            let e = Time::try_from(e).ok()?;
            best = Some(best.map_or(e, |b| b.min(e)));
        }
    }
    best
}

fn read_slices(
    r: &mut Reader,
    grid: &Grid,
    l: i64,
    wm: Time,
) -> Result<(FxHashMap<u32, SliceKey>, u64)> {
    // key 4 + tag 1 + count 8 + one pane (8 + agg)
    let n = r.count(4 + 1 + 8 + 8 + AGG_LEN, "key count")?;
    let mut keys = FxHashMap::default();
    keys.reserve(n);
    let mut prev: Option<u32> = None;
    let mut total = 0u64;
    let mut panes = Vec::new();
    for _ in 0..n {
        let key = r.key_after(&mut prev)?;
        let next_fire = match r.u8("next_fire tag")? {
            0 => None,
            1 => Some(r.time("next_fire")?),
            t => return Err(err(format!("key {key}: bad next_fire tag {t}"))),
        };
        let m = r.count(8 + AGG_LEN, "slice count")?;
        if m == 0 {
            return Err(err(format!("key {key} has no slices")));
        }
        panes.clear();
        for _ in 0..m {
            let at = r.pos;
            let p = r.time("slice start")?;
            let agg = r.agg("slice aggregate")?;
            if grid.pane_start(p) != p || !grid.covered(p) {
                return Err(err(format!(
                    "key {key}: slice start {p} at byte {at} is not on the slice grid"
                )));
            }
            if panes.last().is_some_and(|&(q, _)| q >= p) {
                return Err(err(format!(
                    "key {key}: slice start {p} at byte {at} is not after the previous slice"
                )));
            }
            if grid.last_end_holding(p).saturating_add(l) <= wm {
                return Err(err(format!(
                    "key {key}: slice {p} should have been purged at watermark {wm}"
                )));
            }
            panes.push((p, agg));
        }
        let expected = first_slice_fire(grid, &panes, wm);
        if next_fire != expected {
            return Err(err(format!(
                "key {key}: next_fire {next_fire:?} does not match its slices (expected {expected:?})"
            )));
        }
        total += m as u64;
        keys.insert(key, SliceKey::from_panes(&panes, next_fire));
    }
    Ok((keys, total))
}

fn read_sessions(
    r: &mut Reader,
    gap: i64,
    l: i64,
    wm: Time,
) -> Result<(FxHashMap<u32, SessionKey>, u64)> {
    let n = r.count(4 + 1 + 8 + 16 + AGG_LEN, "key count")?;
    let mut keys = FxHashMap::default();
    keys.reserve(n);
    let mut prev: Option<u32> = None;
    let mut total = 0u64;
    for _ in 0..n {
        let key = r.key_after(&mut prev)?;
        let next_fire = match r.u8("next_fire tag")? {
            0 => None,
            1 => Some((r.time("next_fire end")?, r.time("next_fire start")?)),
            t => return Err(err(format!("key {key}: bad next_fire tag {t}"))),
        };
        let m = r.count(16 + AGG_LEN, "session count")?;
        if m == 0 {
            return Err(err(format!("key {key} has no sessions")));
        }
        let mut sessions: Vec<(Window, Agg)> = Vec::with_capacity(m);
        for _ in 0..m {
            let at = r.pos;
            let win = r.window("session")?;
            let agg = r.agg("session aggregate")?;
            if !(-MAX_ABS_TIME..=MAX_ABS_TIME).contains(&win.start) || win.end - win.start < gap {
                return Err(err(format!(
                    "key {key}: session [{}, {}) at byte {at} is impossible for gap {gap}",
                    win.start, win.end
                )));
            }
            if sessions.last().is_some_and(|(s, _)| s.end >= win.start) {
                return Err(err(format!(
                    "key {key}: session [{}, {}) at byte {at} overlaps or touches the previous one",
                    win.start, win.end
                )));
            }
            if win.end.saturating_add(l) <= wm {
                return Err(err(format!(
                    "key {key}: session [{}, {}) should have been purged at watermark {wm}",
                    win.start, win.end
                )));
            }
            sessions.push((win, agg));
        }
        let mut k = SessionKey {
            sessions,
            next_fire,
            // The rebuilt heap holds exactly these two timers for the key.
            armed: next_fire,
            purge_armed: None,
        };
        k.purge_armed = k.purge_at(l);
        let expected = k.first_unfired(wm);
        if next_fire != expected {
            return Err(err(format!(
                "key {key}: next_fire {next_fire:?} does not match its sessions (expected {expected:?})"
            )));
        }
        total += m as u64;
        keys.insert(key, k);
    }
    Ok((keys, total))
}

/// Decodes and validates a snapshot into a ready engine.
pub fn decode(bytes: &[u8]) -> Result<Engine> {
    let body = envelope(bytes)?;
    // Positions in messages are offsets into the whole snapshot.
    let mut r = Reader {
        buf: bytes.get(..HEADER_LEN + body.len()).unwrap_or(&[]),
        pos: HEADER_LEN,
    };
    let config = read_config(&mut r)?;
    let processing = config.time_domain == TimeDomain::Processing;
    let (d, l) = if processing {
        (0, 0)
    } else {
        (config.max_out_of_orderness, config.allowed_lateness)
    };

    let wm = r.i64("watermark")?;
    let max_time = r.i64("max_time")?;
    // In processing time, an event pushed after flush() is assigned at +inf.
    let after_flush = processing && max_time == POS_INF && wm == POS_INF;
    if max_time != NEG_INF && !after_flush && !(-MAX_ABS_TIME..=MAX_ABS_TIME).contains(&max_time) {
        return Err(err(format!("max_time {max_time} is out of range")));
    }
    if wm != NEG_INF && wm != POS_INF && !(-2 * MAX_ABS_TIME..=MAX_ABS_TIME).contains(&wm) {
        return Err(err(format!("watermark {wm} is out of range")));
    }
    if max_time != NEG_INF && wm < max_time - d {
        return Err(err(format!(
            "watermark {wm} is behind max_time {max_time} - {d}"
        )));
    }

    let mut c = [0u64; 8];
    for (v, name) in c.iter_mut().zip([
        "events_in",
        "assigned",
        "late_accepted",
        "side_output",
        "unassigned",
        "dropped_from_windows",
        "fired_on_time",
        "fired_late",
    ]) {
        *v = r.u64(name)?;
    }
    let stats = Stats {
        events_in: c[0],
        assigned: c[1],
        late_accepted: c[2],
        side_output: c[3],
        unassigned: c[4],
        dropped_from_windows: c[5],
        fired_on_time: c[6],
        fired_late: c[7],
        ..Stats::default()
    };
    let outcomes = [c[1], c[2], c[3], c[4]]
        .iter()
        .try_fold(0u64, |acc, &v| acc.checked_add(v));
    if outcomes != Some(stats.events_in) {
        return Err(err(format!(
            "counters disagree: events_in {} but outcomes add up to {outcomes:?}",
            stats.events_in
        )));
    }
    if (stats.events_in == 0) != (max_time == NEG_INF) {
        return Err(err(format!(
            "max_time {max_time} disagrees with events_in {}",
            stats.events_in
        )));
    }

    let entries = r.u64("entries")?;
    let mut engine = Engine::new(config).map_err(|e| err(format!("config: {e}")))?;
    let (store, stored, n_keys) = match engine.store {
        Store::Slices { grid, .. } => {
            let (keys, total) = read_slices(&mut r, &grid, l, wm)?;
            let n = keys.len();
            (Store::Slices { grid, keys }, total, n)
        }
        Store::Sessions { gap, .. } => {
            let (keys, total) = read_sessions(&mut r, gap, l, wm)?;
            let n = keys.len();
            (Store::Sessions { gap, keys }, total, n)
        }
    };
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

    // key + window + agg + firing + watermark
    let n = r.count(4 + 16 + AGG_LEN + 1 + 8, "result count")?;
    if n as u64 > stats.fired_on_time.saturating_add(stats.fired_late) {
        return Err(err(format!(
            "{n} undrained results but only {} firings counted",
            stats.fired_on_time.saturating_add(stats.fired_late)
        )));
    }
    let mut results = Vec::with_capacity(n);
    for _ in 0..n {
        let at = r.pos;
        let key = r.u32("result key")?;
        let window = r.window("result window")?;
        let agg = r.agg("result aggregate")?;
        let firing = match r.u8("result firing")? {
            0 => Firing::OnTime,
            1 => Firing::Late,
            f => {
                return Err(err(format!(
                    "result at byte {at}: unknown firing kind {f} (0 on-time, 1 late)"
                )))
            }
        };
        let watermark = r.i64("result watermark")?;
        if watermark > wm || watermark < window.end {
            return Err(err(format!(
                "result at byte {at}: fired at watermark {watermark}, \
                 impossible for window end {} and watermark {wm}",
                window.end
            )));
        }
        results.push(WindowResult {
            key,
            window,
            agg,
            firing,
            watermark,
        });
    }

    let n = r.count(4 + 8 + 8 + 8, "side output count")?;
    if n as u64 > stats.side_output {
        return Err(err(format!(
            "{n} undrained side-output events but only {} counted",
            stats.side_output
        )));
    }
    let mut late = Vec::with_capacity(n);
    for _ in 0..n {
        let at = r.pos;
        let key = r.u32("side output key")?;
        let time = r.i64("side output time")?;
        let value = r.f64("side output value")?;
        let watermark = r.i64("side output watermark")?;
        if !(-MAX_ABS_TIME..=MAX_ABS_TIME).contains(&time) || !value.is_finite() || watermark > wm {
            return Err(err(format!(
                "side output event at byte {at} (time {time}, value {value}, \
                 watermark {watermark}) is invalid"
            )));
        }
        late.push(LateEvent {
            key,
            time,
            value,
            watermark,
        });
    }

    let n = r.count(4 + 16 + 8, "dropped-window count")?;
    if n > MAX_DROPPED {
        return Err(err(format!(
            "{n} dropped windows remembered; at most {MAX_DROPPED} are kept"
        )));
    }
    let mut dropped = VecDeque::with_capacity(n);
    for _ in 0..n {
        let at = r.pos;
        let key = r.u32("dropped key")?;
        let window = r.window("dropped window")?;
        let count = r.u64("dropped count")?;
        if count == 0 {
            return Err(err(format!("dropped window at byte {at} has count 0")));
        }
        if dropped
            .iter()
            .any(|&(k, w, _): &(u32, Window, u64)| k == key && w == window)
        {
            return Err(err(format!(
                "dropped window at byte {at} (key {key}, [{}, {})) is listed twice",
                window.start, window.end
            )));
        }
        dropped.push_back((key, window, count));
    }

    if r.remaining() != 0 {
        return Err(err(format!(
            "{} unread bytes at byte {} before the checksum",
            r.remaining(),
            r.pos
        )));
    }

    // Timers: one live entry per key (see the module docs).
    match &store {
        Store::Slices { grid, keys } => {
            for (&key, k) in keys {
                if let Some(n) = k.next_fire {
                    engine.fire_q.push(Reverse((n, n - grid.size, key)));
                }
                if let Some(at) = k.purge_at(grid, l) {
                    engine.purge_q.push(Reverse((at, key)));
                }
            }
        }
        Store::Sessions { keys, .. } => {
            for (&key, k) in keys {
                if let Some((end, start)) = k.next_fire {
                    engine.fire_q.push(Reverse((end, start, key)));
                }
                if let Some(at) = k.purge_at(l) {
                    engine.purge_q.push(Reverse((at, key)));
                }
            }
        }
    }
    engine.store = store;
    engine.watermark = wm;
    engine.max_time = max_time;
    engine.entries = entries;
    engine.results = results;
    engine.late = late;
    // The engine keeps this memory sorted by (end, start, key).
    dropped
        .make_contiguous()
        .sort_by_key(|(k, w, _)| (w.end, w.start, *k));
    engine.dropped = dropped;
    engine.stats = stats;
    Ok(engine)
}
