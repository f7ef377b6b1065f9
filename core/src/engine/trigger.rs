//! Triggers and accumulation (`SEMANTICS.md`, "triggers (v2)" and
//! "accumulation (v2)"): when a window reports and how a refinement relates
//! to the last.
//!
//! This state exists only when a config asks for something other than the
//! default (watermark mode, no early firings, accumulating), so the default
//! path keeps its code and cost: the per-key stores still decide what is
//! accepted, dropped, sent to the side output and purged, and fire on time
//! and late themselves; with a [`Trig`] present their own firing output is
//! suppressed and this layer fires instead, from a per-window mirror of
//! the accepted events (the window's totals, what it has not reported yet,
//! what it last reported) with its own timer heaps (on-time ends, early
//! event-time points, processing-time dues, closing at `end + L`).
//!
//! The mirror's windows are exactly the store's: a window holds an event
//! when the store accepted it (`end + L > W` for grid windows, the merged
//! session for sessions, with the store's merge rule) and leaves at
//! `end + L <= W`, when the store purges it.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::mem::size_of;

use rustc_hash::FxHashMap;

use super::config::{Accumulation, Early, Mode};
use super::footprint::table_bytes;
use super::operator::Core;
use super::types::{Event, Firing, Outcome, WindowResult};
use crate::aggregate::Agg;
use crate::time::{Time, NEG_INF};
use crate::window::{Window, WindowSpec};

/// One window's trigger state.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Win {
    /// The window (a session's grows as it merges).
    pub(crate) window: Window,
    /// Every event it holds.
    pub(crate) total: Agg,
    /// The events added since its previous firing (of any kind): what a
    /// discarding firing reports, the early count, and "changed".
    pub(crate) pane: Agg,
    /// The totals it last emitted (retracting).
    pub(crate) last: Option<Agg>,
    /// Merged session parts that had fired: retracted, with their own
    /// window and last totals, before this window's next firing.
    pub(crate) retract: Vec<(Window, Agg)>,
    /// The pending early event-time point.
    pub(crate) point: Option<Time>,
    /// When the processing clock fires it early.
    pub(crate) due: Option<Time>,
    /// Its on-time firing is still to come (`end > W` when created).
    pub(crate) on_time: bool,
}

/// A heap entry: `(at, end, start, key)`, popped in that order.
type Timer = Reverse<(Time, Time, Time, u32)>;

/// The trigger state of every key.
#[derive(Debug, Clone, Default)]
pub(crate) struct Trig {
    /// Each key's windows, sorted by (start, end).
    pub(crate) keys: FxHashMap<u32, Vec<Win>>,
    on_time: BinaryHeap<Timer>,
    points: BinaryHeap<Timer>,
    dues: BinaryHeap<Timer>,
    close: BinaryHeap<Timer>,
}

/// The first early point after `t`: the next multiple of `p` above it.
fn point_after(t: Time, p: i64) -> Time {
    t.div_euclid(p) * p + p
}

/// The first multiple of `p` at or after `w` (not yet passed by `W = w`).
fn point_from(w: Time, p: i64) -> Time {
    let f = w.div_euclid(p) * p;
    if f == w {
        f
    } else {
        f + p
    }
}

impl Trig {
    /// State for a config that needs it (non-default trigger or
    /// accumulation), else `None`.
    pub(crate) fn for_config(c: &super::Config) -> Option<Box<Trig>> {
        let default =
            c.trigger == super::Trigger::default() && c.accumulation == Accumulation::Accumulating;
        (!default).then(Box::default)
    }

    /// Queues every timer `win` of `key` needs (on creation, merge and
    /// restore); stale copies are skipped when popped.
    fn arm(&mut self, key: u32, win: &Win, lateness: i64) {
        let (s, e) = (win.window.start, win.window.end);
        if win.on_time {
            self.on_time.push(Reverse((e, e, s, key)));
        }
        if let Some(b) = win.point {
            self.points.push(Reverse((b, e, s, key)));
        }
        if let Some(d) = win.due {
            self.dues.push(Reverse((d, e, s, key)));
        }
        self.close
            .push(Reverse((e.saturating_add(lateness), e, s, key)));
    }

    /// Rebuilds the timers from the windows (restore).
    pub(crate) fn rearm_all(&mut self, lateness: i64) {
        let keys = std::mem::take(&mut self.keys);
        for (&key, wins) in &keys {
            for win in wins {
                self.arm(key, win, lateness);
            }
        }
        self.keys = keys;
    }

    fn find(&self, key: u32, start: Time, end: Time) -> Option<usize> {
        self.keys.get(&key).and_then(|v| {
            v.iter()
                .position(|w| w.window.start == start && w.window.end == end)
        })
    }

    /// Bytes of the windows, their retraction lists, the key index and the
    /// heaps (capacities).
    pub(crate) fn heap_bytes(&self) -> usize {
        let wins: usize = self
            .keys
            .values()
            .map(|v| {
                v.capacity() * size_of::<Win>()
                    + v.iter()
                        .map(|w| w.retract.capacity() * size_of::<(Window, Agg)>())
                        .sum::<usize>()
            })
            .sum();
        let heaps = self.on_time.capacity()
            + self.points.capacity()
            + self.dues.capacity()
            + self.close.capacity();
        table_bytes(self.keys.capacity(), size_of::<(u32, Vec<Win>)>())
            + wins
            + heaps * size_of::<Timer>()
    }
}

/// Runs `f` with the trigger state taken out of `core` (so that `f` can
/// push results into `core`), then puts it back.
fn with<R>(core: &mut Core, f: impl FnOnce(&mut Trig, &mut Core) -> R) -> Option<R> {
    let mut tr = core.trig.take()?;
    let r = f(&mut tr, core);
    core.trig = Some(tr);
    Some(r)
}

/// Emits the firing `kind` of window `i` of `key` as the accumulation
/// mode says, and starts its next pane.
fn emit(tr: &mut Trig, core: &mut Core, key: u32, i: usize, kind: Firing) {
    let acc = core.config.accumulation;
    let wm = core.watermark;
    let Some(win) = tr.keys.get_mut(&key).and_then(|v| v.get_mut(i)) else {
        return;
    };
    let row = |core: &mut Core, window: Window, agg: Agg, firing: Firing| {
        core.results.push(WindowResult {
            key,
            window,
            agg,
            firing,
            watermark: wm,
        });
        let s = &mut core.stats;
        match firing {
            Firing::Early => s.fired_early += 1,
            Firing::OnTime => s.fired_on_time += 1,
            Firing::Late => s.fired_late += 1,
            Firing::Final => s.fired_final += 1,
            Firing::Retract => s.retractions += 1,
        }
    };
    match acc {
        Accumulation::Accumulating => row(core, win.window, win.total, kind),
        Accumulation::Discarding => {
            if win.pane.count > 0 {
                row(core, win.window, win.pane, kind);
            }
        }
        Accumulation::Retracting => {
            for (w, a) in win.retract.drain(..) {
                row(core, w, a, Firing::Retract);
            }
            win.retract.shrink_to_fit();
            if let Some(a) = win.last {
                row(core, win.window, a, Firing::Retract);
            }
            row(core, win.window, win.total, kind);
            win.last = Some(win.total);
        }
    }
    win.pane = Agg::EMPTY;
    win.due = None;
}

/// Step (1) of a push and `advance_processing_time`: the processing clock
/// has moved to `core.clock`; fires the processing-time early firings due,
/// in order of (due, end, start, key).
pub(crate) fn clock_moved(core: &mut Core) {
    with(core, |tr, core| {
        let (c, w) = (core.clock, core.watermark);
        while let Some(&Reverse((d, e, s, key))) = tr.dues.peek() {
            if d > c {
                break;
            }
            tr.dues.pop();
            let Some(i) = tr.find(key, s, e) else {
                continue;
            };
            if tr.keys[&key][i].due != Some(d) {
                continue;
            }
            if w < e {
                emit(tr, core, key, i, Firing::Early);
            } else {
                tr.keys.get_mut(&key).expect("found")[i].due = None;
            }
        }
    });
}

/// Step (3) of a push: the store accepted `ev` (assigned at `t`) or not;
/// mirrors it into the windows it joined and fires the count, every-event
/// and late firings it causes, in order of (end, start).
pub(crate) fn after_insert(core: &mut Core, ev: &Event, t: Time, outcome: Outcome) {
    if !matches!(outcome, Outcome::Assigned | Outcome::LateAccepted) {
        return;
    }
    with(core, |tr, core| {
        let (w, l) = (core.watermark, core.lateness());
        let trig = core.config.trigger;
        let a = core.clock;
        let point = |t: Time| match trig.early {
            Some(Early::EventTime(p)) => Some(point_after(t, p)),
            _ => None,
        };
        let due = |end: Time| match trig.early {
            Some(Early::ProcessingTime(p)) if a != NEG_INF && end > w => Some(a.saturating_add(p)),
            _ => None,
        };
        let key = ev.key;
        let mut touched: Vec<Window> = Vec::new();
        if let WindowSpec::Session { gap } = core.config.window {
            let proposal = Window {
                start: t,
                end: t.saturating_add(gap),
            };
            let list = tr.keys.entry(key).or_default();
            let lo = list.partition_point(|s| s.window.end < proposal.start);
            let hi = list.partition_point(|s| s.window.start <= proposal.end);
            let parts: Vec<Win> = list.drain(lo..hi.max(lo)).collect();
            let mut m = Win {
                window: proposal,
                total: Agg::of(ev.value),
                pane: Agg::of(ev.value),
                last: None,
                retract: Vec::new(),
                point: if parts.is_empty() { point(t) } else { None },
                due: None,
                on_time: false,
            };
            let mut part_due: Option<Time> = None;
            for p in parts {
                m.window.start = m.window.start.min(p.window.start);
                m.window.end = m.window.end.max(p.window.end);
                m.total.merge(&p.total);
                m.pane.merge(&p.pane);
                m.retract.extend(p.retract);
                if let Some(last) = p.last {
                    m.retract.push((p.window, last));
                }
                m.point = match (m.point, p.point) {
                    (Some(x), Some(y)) => Some(x.min(y)),
                    (x, y) => x.or(y),
                };
                part_due = match (part_due, p.due) {
                    (Some(x), Some(y)) => Some(x.min(y)),
                    (x, y) => x.or(y),
                };
            }
            m.on_time = m.window.end > w && trig.mode == Mode::Watermark;
            m.due = part_due.or_else(|| due(m.window.end));
            tr.arm(key, &m, l);
            touched.push(m.window);
            let list = tr.keys.get_mut(&key).expect("entry made above");
            // Grow by one, as the store does: capacity tracks the peak
            // (and the memory model can predict it).
            list.reserve_exact(1);
            list.insert(lo, m);
        } else {
            // In order of start, which for grid windows is also the order
            // of end (equal sizes; a cumulate period's windows share a start).
            let mut wins = core.windows_for(t);
            wins.retain(|x| x.end.saturating_add(l) > w);
            for x in wins {
                let list = tr.keys.entry(key).or_default();
                let at =
                    list.partition_point(|s| (s.window.start, s.window.end) < (x.start, x.end));
                if list.get(at).is_some_and(|s| s.window == x) {
                    let s = &mut list[at];
                    s.total.add(ev.value);
                    s.pane.add(ev.value);
                    if s.due.is_none() {
                        s.due = due(x.end);
                        if let Some(d) = s.due {
                            tr.dues.push(Reverse((d, x.end, x.start, key)));
                        }
                    }
                } else {
                    let win = Win {
                        window: x,
                        total: Agg::of(ev.value),
                        pane: Agg::of(ev.value),
                        last: None,
                        retract: Vec::new(),
                        point: point(t),
                        due: due(x.end),
                        on_time: x.end > w && trig.mode == Mode::Watermark,
                    };
                    list.reserve_exact(1);
                    list.insert(at, win.clone());
                    tr.arm(key, &win, l);
                }
                touched.push(x);
            }
        }
        for x in touched {
            let Some(i) = tr.find(key, x.start, x.end) else {
                continue;
            };
            let kind = match trig.mode {
                Mode::Final => continue,
                _ if x.end <= w => Firing::Late,
                Mode::EveryEvent => Firing::Early,
                Mode::Watermark => match trig.early {
                    Some(Early::Count(n)) if tr.keys[&key][i].pane.count >= n => Firing::Early,
                    _ => continue,
                },
            };
            emit(tr, core, key, i, kind);
        }
    });
}

/// Step (5): the watermark rose to `core.watermark`; fires the on-time,
/// early event-time and final firings due, ordered by point, end, start,
/// key, then drops the windows that closed (`end + L <= W`).
pub(crate) fn advance(core: &mut Core) {
    with(core, |tr, core| {
        let w = core.watermark;
        let mode = core.config.trigger.mode;
        // The firings due, as `(point, end, start, key)`: popped in the
        // contract's order. The kind follows from the tuple: `final` in final
        // mode, else on time at its end, else early (at a point before it).
        let mut cands: BinaryHeap<Timer> = BinaryHeap::new();
        while let Some(&Reverse((e, _, s, key))) = tr.on_time.peek() {
            if e > w {
                break;
            }
            tr.on_time.pop();
            if let Some(i) = tr.find(key, s, e) {
                let win = &mut tr.keys.get_mut(&key).expect("found")[i];
                if win.on_time {
                    win.on_time = false;
                    cands.push(Reverse((e, e, s, key)));
                }
            }
        }
        if let Some(Early::EventTime(p)) = core.config.trigger.early {
            while let Some(&Reverse((b, e, s, key))) = tr.points.peek() {
                if b >= w {
                    break;
                }
                tr.points.pop();
                let Some(i) = tr.find(key, s, e) else {
                    continue;
                };
                let win = &mut tr.keys.get_mut(&key).expect("found")[i];
                if win.point != Some(b) || w >= e {
                    // Stale, or the advance reaches the end: on time
                    // only, and the point stays for a merge to hand on.
                    continue;
                }
                let next = point_from(w, p);
                win.point = Some(next);
                let changed = win.pane.count > 0;
                tr.points.push(Reverse((next, e, s, key)));
                if changed {
                    cands.push(Reverse((b, e, s, key)));
                }
            }
        }
        let mut closed = Vec::new();
        while let Some(&Reverse((at, e, s, key))) = tr.close.peek() {
            if at > w {
                break;
            }
            tr.close.pop();
            if tr.find(key, s, e).is_some() {
                closed.push((key, s, e));
                if mode == Mode::Final {
                    cands.push(Reverse((at, e, s, key)));
                }
            }
        }
        let mut prev = None;
        while let Some(Reverse(c)) = cands.pop() {
            // A window re-armed unchanged by a merge has two close timers.
            if prev.replace(c) == Some(c) {
                continue;
            }
            let (b, e, s, key) = c;
            let kind = match mode {
                Mode::Final => Firing::Final,
                _ if b == e => Firing::OnTime,
                _ => Firing::Early,
            };
            if let Some(i) = tr.find(key, s, e) {
                emit(tr, core, key, i, kind);
            }
        }
        for (key, s, e) in closed {
            if let Some(i) = tr.find(key, s, e) {
                let list = tr.keys.get_mut(&key).expect("found");
                list.remove(i);
                if list.is_empty() {
                    tr.keys.remove(&key);
                }
            }
        }
    });
}
