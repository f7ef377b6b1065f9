//! Per-key state behind one trait. [`KeyState`] is what the operator needs
//! from a key's state, whatever the window kind: insert an event, fire a
//! due window, purge, list its live windows, count its heap bytes.
//! [`Keyed`] is the map from key to state with everything that is the same
//! for every kind (the timer loops, the key index, the byte total); it is
//! generic, so each kind gets its own monomorphised copy and the operator
//! dispatches on the kind once per public call.

use std::fmt::Debug;
use std::mem::size_of;

use rustc_hash::FxHashMap;

use super::footprint::table_bytes;
use super::operator::Core;
use super::timers::Due;
use super::types::{Event, OpenWindow, Outcome, WindowResult, WindowState};
use super::Firing;
use crate::aggregate::Agg;
use crate::error::Result;
use crate::time::Time;
use crate::window::Window;

/// The state of one key, for one kind of window.
pub(crate) trait KeyState: Default + Clone + Debug {
    /// What every key of the kind shares (the slice grid, the session gap).
    type Params: Copy + Debug;
    /// Bytes of one state entry in the key's heap buffer.
    const ENTRY_BYTES: usize;

    /// Takes event `ev`, assigned at time `t`; on error nothing changed.
    /// Keeps `keyed.heap_bytes` and `core.entries` up to date.
    fn insert(keyed: &mut Keyed<Self>, core: &mut Core, ev: Event, t: Time) -> Result<Outcome>;

    /// The on-time timer this key has armed (see `timers.rs`).
    fn armed_fire(&self, p: &Self::Params) -> Option<Due>;

    /// Processes the live timer `due`: the window it fires, if any (a
    /// session that grew since only moves its deadline). Afterwards
    /// [`KeyState::armed_fire`] names the next timer.
    fn fire(&mut self, p: &Self::Params, due: Due) -> Option<(Window, Agg)>;

    /// Whether processing the live timer `due` fires a window (rather than
    /// only moving the timer), so that firing can stop before it.
    fn fires(&self, _: &Self::Params, _: Due) -> bool {
        true
    }

    /// The purge timer this key has armed.
    fn armed_purge(&self, p: &Self::Params, lateness: i64) -> Option<Time>;

    /// Drops entries past `watermark - lateness`; returns how many.
    /// Afterwards [`KeyState::armed_purge`] names the next purge.
    fn purge(&mut self, p: &Self::Params, lateness: i64, watermark: Time) -> usize;

    /// Arms the timers a freshly rebuilt key needs (restore): afterwards
    /// `armed_fire` and `armed_purge` are what must be queued.
    fn rearm(&mut self, p: &Self::Params, lateness: i64);

    /// Whether the key holds nothing and waits for nothing (it can leave
    /// the map).
    fn is_idle(&self) -> bool;

    /// Calls `f` with every window that holds state and is not purged, in
    /// order of end.
    fn live_windows(&self, p: &Self::Params, lateness: i64, w: Time, f: impl FnMut(Window, Agg));

    /// How many windows [`KeyState::live_windows`] lists.
    fn live_window_count(&self, p: &Self::Params, lateness: i64, w: Time) -> usize;

    /// State entries (slices or sessions) the key holds.
    fn entries(&self) -> usize;

    /// Bytes of the key's own heap buffer (its capacity, not its length).
    fn heap_bytes(&self) -> usize;
}

/// Every key's state of one kind, and what they share.
#[derive(Debug, Clone)]
pub(crate) struct Keyed<S: KeyState> {
    /// Shared by every key.
    pub(crate) params: S::Params,
    /// Keys with live state.
    pub(crate) keys: FxHashMap<u32, S>,
    /// Sum of `heap_bytes()` over the keys, kept as buffers grow and keys
    /// leave, so that `state_bytes` scans nothing.
    pub(crate) heap_bytes: usize,
}

impl<S: KeyState> Keyed<S> {
    /// No keys yet.
    pub(crate) fn new(params: S::Params) -> Self {
        Keyed {
            params,
            keys: FxHashMap::default(),
            heap_bytes: 0,
        }
    }

    /// The keys a snapshot held, with their timers armed in `core`.
    pub(crate) fn rebuilt(params: S::Params, keys: FxHashMap<u32, S>, core: &mut Core) -> Self {
        let mut k = Keyed {
            params,
            keys,
            heap_bytes: 0,
        };
        let l = core.lateness();
        for (&key, s) in k.keys.iter_mut() {
            s.rearm(&params, l);
            if let Some(due) = s.armed_fire(&params) {
                core.timers.arm_fire(key, due);
            }
            if let Some(at) = s.armed_purge(&params, l) {
                core.timers.arm_purge(key, at);
            }
        }
        k.heap_bytes = k.scanned_heap_bytes();
        k
    }

    /// Fires, in order of (end, start, key), every window whose end the
    /// watermark has reached; `false` if it stopped because the results
    /// reached `max_pending_results` (the live timer it stopped at is
    /// queued again, so the next call resumes at it).
    pub(crate) fn fire_due(&mut self, core: &mut Core) -> bool {
        let w = core.watermark;
        // With a trigger layer the store's on-time output is suppressed
        // (the layer fires), so it never pauses for the limit.
        let max = if core.trig.is_some() {
            u64::MAX
        } else {
            core.config.limits.max_pending_results
        };
        while let Some((due, key)) = core.timers.pop_fire(w) {
            let Some(k) = self.keys.get_mut(&key) else {
                continue;
            };
            if k.armed_fire(&self.params) != Some(due) {
                continue;
            }
            if core.results.len() as u64 >= max && k.fires(&self.params, due) {
                core.timers.arm_fire(key, due);
                return false;
            }
            let fired = k.fire(&self.params, due);
            if let Some(next) = k.armed_fire(&self.params) {
                core.timers.arm_fire(key, next);
            }
            if let Some((window, agg)) = fired.filter(|_| core.trig.is_none()) {
                core.results.push(WindowResult {
                    key,
                    window,
                    agg,
                    firing: Firing::OnTime,
                    watermark: w,
                });
                core.stats.fired_on_time += 1;
            }
        }
        true
    }

    /// Drops state whose allowed lateness the watermark has passed, and keys
    /// left with nothing.
    pub(crate) fn purge_due(&mut self, core: &mut Core) {
        let (w, l) = (core.watermark, core.lateness());
        while let Some((at, key)) = core.timers.pop_purge(w) {
            let Some(k) = self.keys.get_mut(&key) else {
                continue;
            };
            if k.armed_purge(&self.params, l) != Some(at) {
                continue;
            }
            core.entries -= k.purge(&self.params, l, w) as u64;
            if let Some(next) = k.armed_purge(&self.params, l) {
                core.timers.arm_purge(key, next);
            }
            if k.is_idle() {
                self.heap_bytes -= k.heap_bytes();
                self.keys.remove(&key);
            }
        }
    }

    /// Appends every live window of every key to `out`.
    pub(crate) fn open_windows(&self, core: &Core, out: &mut Vec<OpenWindow>) {
        let (w, l) = (core.watermark, core.lateness());
        for (&key, k) in &self.keys {
            k.live_windows(&self.params, l, w, |window, agg| {
                let state = if window.end > w {
                    WindowState::Open
                } else {
                    WindowState::Fired {
                        until: window.end.saturating_add(l),
                    }
                };
                out.push(OpenWindow {
                    key,
                    window,
                    state,
                    agg: Some(agg),
                    dropped: core.dropped.count(key, window),
                });
            });
        }
    }

    /// Windows with live state over all keys (a scan).
    pub(crate) fn live_window_count(&self, core: &Core) -> usize {
        let (w, l) = (core.watermark, core.lateness());
        self.keys
            .values()
            .map(|k| k.live_window_count(&self.params, l, w))
            .sum()
    }

    /// Bytes of the key index and the keys' buffers, from the running total.
    #[inline]
    pub(crate) fn state_bytes(&self) -> usize {
        table_bytes(self.keys.capacity(), size_of::<(u32, S)>()) + self.heap_bytes
    }

    /// The same figure by a scan of every key: the oracle the running total
    /// is checked against.
    pub(crate) fn scanned_state_bytes(&self) -> usize {
        table_bytes(self.keys.capacity(), size_of::<(u32, S)>()) + self.scanned_heap_bytes()
    }

    fn scanned_heap_bytes(&self) -> usize {
        self.keys.values().map(|k| k.heap_bytes()).sum()
    }
}
