//! The codecs of the per-key state tables: for each key (in increasing
//! key order) its `next_fire` and its slices or sessions. Reading checks
//! every invariant the engine relies on, using the engine's own arithmetic.

use rustc_hash::FxHashMap;

use super::envelope::{Reader, Writer, AGG_LEN};
use super::err;
use crate::engine::session::{Session, SessionKey};
use crate::engine::slices::{Pane, SliceKey};
use crate::error::Result;
use crate::time::{Time, MAX_ABS_TIME};
use crate::window::Grid;

/// Slice keys read, the slices they hold, and what [`Paused`] saw.
pub(super) type SliceKeys = (FxHashMap<u32, SliceKey>, u64, Paused);
/// Session keys read, the sessions they hold, and what [`Paused`] saw.
pub(super) type SessionKeys = (FxHashMap<u32, SessionKey>, u64, Paused);

/// Traces of a firing paused at `maxPendingResults` (see
/// `Engine::firing_paused`): keys whose `next_fire` is a window at or
/// before the watermark (due, not fired yet), and state the watermark
/// would purge (a purge waits until every due window has fired). Both are
/// refused unless the snapshot says firing was paused, which in turn
/// needs a due key ([`Paused::check`]).
#[derive(Debug, Default, Clone)]
pub(super) struct Paused {
    /// What the first due key is, in words.
    pub(super) first_due: Option<String>,
    /// What the first purgeable entry is, in words.
    pub(super) first_purgeable: Option<String>,
}

impl Paused {
    /// Checks the traces against the snapshot's pause flag.
    pub(super) fn check(self, paused: bool) -> Result<()> {
        let why = match (paused, self.first_due) {
            (false, due) => self.first_purgeable.or(due),
            (true, None) => Some("the snapshot says firing paused, but no window is due".into()),
            (true, Some(_)) => None,
        };
        why.map_or(Ok(()), |m| Err(err(m)))
    }
}

pub(super) fn sorted_keys<V>(keys: &FxHashMap<u32, V>) -> Vec<(u32, &V)> {
    let mut v: Vec<(u32, &V)> = keys.iter().map(|(&k, v)| (k, v)).collect();
    crate::sort::sort_by_key(&mut v, |&(k, _)| k);
    v
}

/// Writes a slice key table.
pub(super) fn write_slices(w: &mut Writer, keys: &FxHashMap<u32, SliceKey>) {
    w.len(keys.len());
    for (key, k) in sorted_keys(keys) {
        w.u32(key);
        match k.next_fire() {
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

/// Writes a session key table.
pub(super) fn write_sessions(w: &mut Writer, keys: &FxHashMap<u32, SessionKey>) {
    w.len(keys.len());
    for (key, k) in sorted_keys(keys) {
        w.u32(key);
        match k.next_fire() {
            None => w.u8(0),
            Some((end, start)) => {
                w.u8(1);
                w.i64(end);
                w.i64(start);
            }
        }
        w.len(k.sessions().len());
        for (win, agg) in k.sessions() {
            w.window(win);
            w.agg(agg);
        }
    }
}

/// Reads a slice key table: every key's slices on the grid, in order, not
/// purged at `wm`, and its `next_fire` the one its slices give.
pub(super) fn read_slices(r: &mut Reader, grid: &Grid, l: i64, wm: Time) -> Result<SliceKeys> {
    // key 4 + tag 1 + count 8 + one pane (8 + agg)
    let n = r.count(4 + 1 + 8 + 8 + AGG_LEN, "key count")?;
    let mut keys = FxHashMap::default();
    keys.reserve(n);
    let mut prev: Option<u32> = None;
    let mut total = 0u64;
    let mut panes = Vec::new();
    let mut paused = Paused::default();
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
            let pane = read_pane(r, key, panes.last(), grid)?;
            if grid.last_end_holding(pane.0).saturating_add(l) <= wm {
                paused.first_purgeable.get_or_insert_with(|| {
                    format!(
                        "key {key}: slice {} should have been purged at watermark {wm}",
                        pane.0
                    )
                });
            }
            panes.push(pane);
        }
        let k = SliceKey::from_panes(&panes, next_fire);
        let expected = k.first_unfired(grid, wm);
        // Paused: a due window, the key's earliest one holding a slice
        // from there on (the windows before it fired).
        let due = next_fire.is_some_and(|e| e <= wm && k.first_unfired(grid, e - 1) == Some(e));
        if due && next_fire != expected {
            paused.first_due.get_or_insert_with(|| {
                format!("key {key}: next_fire {next_fire:?} is at or before the watermark {wm}")
            });
        }
        if next_fire != expected && !due {
            return Err(err(format!(
                "key {key}: next_fire {next_fire:?} does not match its slices (expected {expected:?})"
            )));
        }
        total += m as u64;
        keys.insert(key, k);
    }
    Ok((keys, total, paused))
}

/// One slice of `key`, after `prev`, on the grid.
fn read_pane(r: &mut Reader, key: u32, prev: Option<&Pane>, grid: &Grid) -> Result<Pane> {
    let at = r.pos;
    let p = r.time("slice start")?;
    let agg = r.agg("slice aggregate")?;
    if grid.pane_start(p) != p || !grid.covered(p) {
        return Err(err(format!(
            "key {key}: slice start {p} at byte {at} is not on the slice grid"
        )));
    }
    if prev.is_some_and(|&(q, _)| q >= p) {
        return Err(err(format!(
            "key {key}: slice start {p} at byte {at} is not after the previous slice"
        )));
    }
    Ok((p, agg))
}

/// Reads a session key table: every key's sessions disjoint, in order, at
/// least `gap` long, not purged at `wm`, and its `next_fire` the one its
/// sessions give.
pub(super) fn read_sessions(r: &mut Reader, gap: i64, l: i64, wm: Time) -> Result<SessionKeys> {
    let n = r.count(4 + 1 + 8 + 16 + AGG_LEN, "key count")?;
    let mut keys = FxHashMap::default();
    keys.reserve(n);
    let mut prev: Option<u32> = None;
    let mut total = 0u64;
    let mut paused = Paused::default();
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
        let mut sessions: Vec<Session> = Vec::with_capacity(m);
        for _ in 0..m {
            let s = read_session(r, key, sessions.last(), gap)?;
            let (start, end) = (s.0.start, s.0.end);
            if end.saturating_add(l) <= wm {
                paused.first_purgeable.get_or_insert_with(|| {
                    format!(
                        "key {key}: session [{start}, {end}) should have been purged at watermark {wm}"
                    )
                });
            }
            sessions.push(s);
        }
        let k = SessionKey::from_sessions(sessions, next_fire);
        let expected = k.first_unfired(wm);
        // Paused: a due session of the key (the ones before it fired).
        let due = next_fire.is_some_and(|(e, s)| {
            e <= wm && k.sessions().iter().any(|(w, _)| (w.end, w.start) == (e, s))
        });
        if due && next_fire != expected {
            paused.first_due.get_or_insert_with(|| {
                format!("key {key}: next_fire {next_fire:?} is at or before the watermark {wm}")
            });
        }
        if next_fire != expected && !due {
            return Err(err(format!(
                "key {key}: next_fire {next_fire:?} does not match its sessions (expected {expected:?})"
            )));
        }
        total += m as u64;
        keys.insert(key, k);
    }
    Ok((keys, total, paused))
}

/// One session of `key`, after `prev`, possible for `gap`.
fn read_session(r: &mut Reader, key: u32, prev: Option<&Session>, gap: i64) -> Result<Session> {
    let at = r.pos;
    let win = r.window("session")?;
    let agg = r.agg("session aggregate")?;
    let [start, end] = [win.start, win.end];
    if !(-MAX_ABS_TIME..=MAX_ABS_TIME).contains(&start) || end - start < gap {
        return Err(err(format!(
            "key {key}: session [{start}, {end}) at byte {at} is impossible for gap {gap}"
        )));
    }
    if prev.is_some_and(|(s, _)| s.end >= start) {
        return Err(err(format!(
            "key {key}: session [{start}, {end}) at byte {at} overlaps or touches the previous one"
        )));
    }
    Ok((win, agg))
}
