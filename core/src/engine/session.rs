//! Per-key state for session windows: the key's sessions, sorted and
//! disjoint, each a window with its aggregate. An event proposes
//! `[t, t + gap)` and merges with every session it overlaps or touches.

use std::mem::size_of;

use super::operator::Core;
use super::state::{KeyState, Keyed};
use super::timers::Due;
use super::types::{Event, Outcome};
use crate::aggregate::Agg;
use crate::error::Result;
use crate::time::Time;
use crate::window::Window;

/// One session: its window and aggregate.
pub(crate) type Session = (Window, Agg);

/// The sessions of one key.
#[derive(Debug, Clone, Default)]
pub(crate) struct SessionKey {
    /// Disjoint, non-touching sessions sorted by start (so also by end).
    sessions: Vec<Session>,
    /// `(end, start)` of the earliest session that has not fired yet.
    next_fire: Option<Due>,
    /// The on-time timer queued for this key (at or before `next_fire`).
    armed: Option<Due>,
    /// The purge timer queued for this key (at or before the first purge).
    purge_armed: Option<Time>,
}

impl SessionKey {
    /// A key holding `sessions` (sorted, disjoint) whose earliest unfired
    /// session is `next_fire`; no timer armed yet (see [`KeyState::rearm`]).
    pub fn from_sessions(sessions: Vec<Session>, next_fire: Option<Due>) -> SessionKey {
        SessionKey {
            sessions,
            next_fire,
            armed: None,
            purge_armed: None,
        }
    }

    /// The sessions, by start.
    pub fn sessions(&self) -> &[Session] {
        &self.sessions
    }

    /// `(end, start)` of the earliest session that has not fired.
    pub fn next_fire(&self) -> Option<Due> {
        self.next_fire
    }

    /// Index range of the sessions that `w` overlaps or touches.
    pub fn touching(&self, w: Window) -> std::ops::Range<usize> {
        let lo = self.sessions.partition_point(|(s, _)| s.end < w.start);
        let hi = self.sessions.partition_point(|(s, _)| s.start <= w.end);
        lo..hi.max(lo)
    }

    /// Merges `w` holding `agg` with the sessions in `range`; returns the
    /// index of the merged session.
    pub fn merge_in(
        &mut self,
        range: std::ops::Range<usize>,
        mut w: Window,
        mut agg: Agg,
    ) -> usize {
        let at = range.start;
        for (sw, sa) in self.sessions.drain(range) {
            w.start = w.start.min(sw.start);
            w.end = w.end.max(sw.end);
            agg.merge(&sa);
        }
        // Grow by one (see `SliceKey`'s slices): capacity tracks the peak.
        self.sessions.reserve_exact(1);
        self.sessions.insert(at, (w, agg));
        at
    }

    /// The earliest session ending after `watermark`, as `(end, start)`.
    pub fn first_unfired(&self, watermark: Time) -> Option<(Time, Time)> {
        let i = self.sessions.partition_point(|(s, _)| s.end <= watermark);
        self.sessions.get(i).map(|(w, _)| (w.end, w.start))
    }

    /// When the first session is purged (`end + lateness`).
    pub fn purge_at(&self, lateness: i64) -> Option<Time> {
        self.sessions
            .first()
            .map(|(w, _)| w.end.saturating_add(lateness))
    }
}

/// `t + gap`, saturating at `Time::MAX`, for the positive gap the config
/// checked: the sum wraps exactly when it comes out below `t`. In wasm this
/// is an add, a compare and a select; `saturating_add` is a dozen
/// instructions in V8 on the fast path of every event.
#[inline(always)]
fn end_of(t: Time, gap: i64) -> Time {
    debug_assert!(gap > 0);
    let end = t.wrapping_add(gap);
    if end < t {
        Time::MAX
    } else {
        end
    }
}

/// [`SessionKey::insert`] past its fast path: a new session, a merge, a
/// late event. Out of line in wasm: inlined, its values (the proposal, the
/// lateness) were computed before the fast path's test and kept across
/// the key lookup, and V8 spilled them on every event. Natively it stays
/// inlined, as it was (out of line there it also saves instructions: see
/// docs/benchmarks.md, "the session push in wasm").
#[cfg_attr(target_arch = "wasm32", inline(never))]
#[cfg_attr(not(target_arch = "wasm32"), inline(always))]
fn insert_slow(
    keyed: &mut Keyed<SessionKey>,
    core: &mut Core,
    ev: Event,
    t: Time,
) -> Result<Outcome> {
    let (w, gap) = (core.watermark, keyed.params);
    // The lateness only after the fast path (as in `SliceKey::insert`).
    let l = core.lateness();
    let proposal = Window {
        start: t,
        end: end_of(t, gap),
    };
    let range = keyed.keys.get(&ev.key).map(|k| k.touching(proposal));
    let merges = range.as_ref().is_some_and(|r| !r.is_empty());
    if !merges && proposal.end.saturating_add(l) <= w {
        // Live sessions all end after W - L, so only an unmerged
        // proposal can be too late.
        core.late_room(&ev)?;
        core.dropped.note(ev.key, proposal);
        core.side_output(&ev);
        return Ok(Outcome::SideOutput);
    }
    core.limit_check(keyed.keys.len(), range.is_none(), !merges, &ev)?;
    let k = keyed.keys.entry(ev.key).or_default();
    let (before, bytes) = (k.sessions.len(), k.heap_bytes());
    let at = k.merge_in(range.unwrap_or(0..0), proposal, Agg::of(ev.value));
    core.entries = core.entries + k.sessions.len() as u64 - before as u64;
    keyed.heap_bytes += k.heap_bytes() - bytes;
    let (merged, agg) = k.sessions[at];
    k.arm_earlier(core, ev.key);
    if merged.end > w {
        return Ok(Outcome::Assigned);
    }
    core.fire_late(ev.key, merged, agg);
    Ok(Outcome::LateAccepted)
}

impl KeyState for SessionKey {
    type Params = i64;
    const ENTRY_BYTES: usize = size_of::<Session>();

    // Inlined into the push loop, as `SliceKey::insert` is (see there).
    #[inline(always)]
    fn insert(keyed: &mut Keyed<Self>, core: &mut Core, ev: Event, t: Time) -> Result<Outcome> {
        let (w, gap) = (core.watermark, keyed.params);
        // Fast path: the event extends the key's newest session, which has
        // not fired. No other session can touch it, and deadlines only move
        // later, so the armed timers stay valid.
        if let Some(k) = keyed.keys.get_mut(&ev.key) {
            if let Some((win, agg)) = k.sessions.last_mut() {
                if win.start <= t && t <= win.end && win.end > w {
                    let old = (win.end, win.start);
                    win.end = win.end.max(end_of(t, gap));
                    agg.add(ev.value);
                    if k.next_fire == Some(old) {
                        k.next_fire = Some((win.end, win.start));
                    }
                    return Ok(Outcome::Assigned);
                }
            }
        }
        insert_slow(keyed, core, ev, t)
    }

    fn armed_fire(&self, _: &i64) -> Option<Due> {
        self.armed
    }

    fn fire(&mut self, _: &i64, due: Due) -> Option<(Window, Agg)> {
        self.armed = None;
        if self.next_fire != Some(due) {
            // The session grew since this timer was set: move the timer.
            self.armed = self.next_fire;
            return None;
        }
        let i = self.sessions.partition_point(|(s, _)| s.end < due.0);
        let fired = self.sessions[i];
        self.next_fire = self.sessions.get(i + 1).map(|(s, _)| (s.end, s.start));
        self.armed = self.next_fire;
        Some(fired)
    }

    fn fires(&self, _: &i64, due: Due) -> bool {
        self.next_fire == Some(due)
    }

    fn armed_purge(&self, _: &i64, _: i64) -> Option<Time> {
        self.purge_armed
    }

    fn purge(&mut self, _: &i64, lateness: i64, watermark: Time) -> usize {
        let n = self
            .sessions
            .partition_point(|(w, _)| w.end.saturating_add(lateness) <= watermark);
        self.sessions.drain(..n);
        self.purge_armed = self.purge_at(lateness);
        n
    }

    fn rearm(&mut self, _: &i64, lateness: i64) {
        self.armed = self.next_fire;
        self.purge_armed = self.purge_at(lateness);
    }

    fn is_idle(&self) -> bool {
        self.sessions.is_empty() && self.next_fire.is_none()
    }

    fn live_windows(&self, _: &i64, _: i64, _: Time, mut f: impl FnMut(Window, Agg)) {
        for &(window, agg) in &self.sessions {
            f(window, agg);
        }
    }

    fn live_window_count(&self, _: &i64, _: i64, _: Time) -> usize {
        self.sessions.len()
    }

    fn entries(&self) -> usize {
        self.sessions.len()
    }

    fn heap_bytes(&self) -> usize {
        self.sessions.capacity() * Self::ENTRY_BYTES
    }
}

impl SessionKey {
    /// After a merge: recomputes the earliest unfired session and pushes a
    /// timer only where a deadline moved earlier than the armed one (a
    /// session grows with almost every event; later deadlines are re-armed
    /// lazily when their timer pops).
    fn arm_earlier(&mut self, core: &mut Core, key: u32) {
        self.next_fire = self.first_unfired(core.watermark);
        if let Some(x) = self.next_fire {
            if self.armed.is_none_or(|a| x < a) {
                self.armed = Some(x);
                core.timers.arm_fire(key, x);
            }
        }
        if let Some(p) = self.purge_at(core.lateness()) {
            if self.purge_armed.is_none_or(|a| p < a) {
                self.purge_armed = Some(p);
                core.timers.arm_purge(key, p);
            }
        }
    }
}
