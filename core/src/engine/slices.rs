//! Per-key state for tumbling, sliding and cumulating windows: a sorted run
//! of slices (panes) of length `gcd(size, slide)` (a cumulate's step), each
//! holding a partial aggregate. A window is a run of whole slices, so a 10 s
//! window sliding by 1 s keeps ten 1 s partials per key instead of ten
//! copies of every event, and each event updates one slice instead of ten
//! windows; a cumulate's window `k` is its period's first `k` slices.

use std::collections::VecDeque;
use std::mem::size_of;

use super::operator::Core;
use super::state::{KeyState, Keyed};
use super::timers::Due;
use super::types::{Event, Outcome};
use crate::aggregate::Agg;
use crate::time::Time;
use crate::window::{Grid, Window};

/// One slice: its start and the aggregate of the events in it.
pub(crate) type Pane = (Time, Agg);

/// Start of an unused slot of `SliceKey::recent`: above every event time
/// (those are within +/-2^53), so no event is ever in it.
const NO_SLICE: Time = Time::MAX;

/// How many of a key's newest slices live in its hash-map entry.
pub(crate) const RECENT: usize = 2;

const EMPTY: Pane = (NO_SLICE, Agg::EMPTY);

/// The slices of one key, sorted by start, only non-empty ones.
///
/// The newest [`RECENT`] slices are kept in the key's own hash-map entry
/// and only the older ones in a heap buffer: nearly every event lands in
/// one of the newest (in order the newest; out of order by a watermark's
/// worth, often the one before), and the buffer, away from the entry,
/// cost a second cache miss. `repr(C)` and newest-first put what an
/// in-order event reads (the key, which the map stores just before this,
/// `hot_first_end` and the newest slice) in 72 contiguous bytes.
#[derive(Debug, Clone)]
#[repr(C)]
pub(crate) struct SliceKey {
    /// End of the earliest window holding the newest slice, cached so that
    /// in-order events skip the slice arithmetic (`Time::MIN`: unknown).
    hot_first_end: Time,
    /// The newest slices, newest first; the used slots are a prefix
    /// (unused ones start at [`NO_SLICE`]), and `older` is empty unless
    /// every slot is used.
    recent: [Pane; RECENT],
    /// The slices before them, sorted by start.
    older: VecDeque<Pane>,
    /// End of the earliest window that holds a slice and has not fired yet
    /// (every window ending at or before the watermark has fired).
    next_fire: Option<Time>,
}

impl Default for SliceKey {
    fn default() -> Self {
        SliceKey {
            hot_first_end: Time::MIN,
            recent: [EMPTY; RECENT],
            older: VecDeque::new(),
            next_fire: None,
        }
    }
}

impl SliceKey {
    /// A key holding `panes` (sorted by start, non-empty aggregates), with
    /// no spare capacity.
    pub fn from_panes(panes: &[Pane], next_fire: Option<Time>) -> SliceKey {
        let (older, recent) = panes.split_at(panes.len().saturating_sub(RECENT));
        let mut k = SliceKey {
            next_fire,
            ..SliceKey::default()
        };
        for (slot, pane) in k.recent.iter_mut().zip(recent.iter().rev()) {
            *slot = *pane;
        }
        k.older.reserve_exact(older.len());
        k.older.extend(older.iter().copied());
        k
    }

    /// End of the earliest window after `watermark` that holds a slice:
    /// what `next_fire` must be.
    pub fn first_unfired(&self, grid: &Grid, watermark: Time) -> Option<Time> {
        self.iter()
            .filter_map(|&(p, _)| grid.first_end_after(p, watermark))
            .min()
    }

    /// End of the earliest window that holds a slice and has not fired.
    pub fn next_fire(&self) -> Option<Time> {
        self.next_fire
    }

    /// Used slots of `recent`.
    fn used(&self) -> usize {
        self.recent
            .iter()
            .take_while(|(p, _)| *p != NO_SLICE)
            .count()
    }

    /// Number of slices.
    pub fn len(&self) -> usize {
        self.older.len() + self.used()
    }

    /// Whether the key holds no slice.
    pub fn is_empty(&self) -> bool {
        self.recent[0].0 == NO_SLICE
    }

    /// The slices, sorted by start.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &Pane> + '_ {
        let recent = &self.recent[..self.used()];
        self.older.iter().chain(recent.iter().rev())
    }

    /// The `i`-th slice.
    pub fn get(&self, i: usize) -> Option<&Pane> {
        match i.checked_sub(self.older.len()) {
            None => self.older.get(i),
            Some(j) => self.used().checked_sub(j + 1).map(|k| &self.recent[k]),
        }
    }

    /// The `i`-th slice.
    pub fn get_mut(&mut self, i: usize) -> Option<&mut Pane> {
        match i.checked_sub(self.older.len()) {
            None => self.older.get_mut(i),
            Some(j) => self.used().checked_sub(j + 1).map(|k| &mut self.recent[k]),
        }
    }

    /// Slices held in the heap buffer, for `state_bytes`: the newest
    /// [`RECENT`] are part of the hash-map entry.
    pub fn heap_capacity(&self) -> usize {
        self.older.capacity()
    }

    /// Index of the first slice whose start fails `pred` (which must hold
    /// for a prefix of the slices).
    fn partition_point(&self, pred: impl Fn(Time) -> bool) -> usize {
        let i = self.older.partition_point(|(s, _)| pred(*s));
        if i < self.older.len() {
            return i;
        }
        let recent = &self.recent[..self.used()];
        i + recent.iter().rev().take_while(|(s, _)| pred(*s)).count()
    }

    /// Inserts slice `pane` at index `i` (as [`SliceKey::find`] gave it).
    pub fn insert(&mut self, i: usize, pane: Pane) {
        // Grow by one, not by doubling: a key's slices rise to a steady
        // peak and stay there, so capacity tracks real need (and the memory
        // model can predict it).
        if i < self.older.len() {
            self.older.reserve_exact(1);
            self.older.insert(i, pane);
            return;
        }
        // `j` slices of `recent` are older than `pane`; it goes after the
        // others, newest first.
        let used = self.used();
        let j = i - self.older.len();
        let at = used - j;
        if used < RECENT {
            self.recent[at..=used].rotate_right(1);
        } else if at == RECENT {
            // Full, and `pane` is older than every slot.
            self.older.reserve_exact(1);
            self.older.push_back(pane);
            return;
        } else {
            // Full: the oldest slot moves to the heap to make room.
            self.older.reserve_exact(1);
            self.older.push_back(self.recent[RECENT - 1]);
            self.recent[at..].rotate_right(1);
        }
        self.recent[at] = pane;
    }

    /// The aggregate of the slice holding `t` if one exists and all its
    /// windows end after `watermark`, so that adding an event to it fires,
    /// drops and re-times nothing. In order that is the newest slice (its
    /// first window end is cached); out of order, one of the few before it.
    #[inline(always)]
    pub fn open_slice_mut(&mut self, grid: &Grid, t: Time, watermark: Time) -> Option<&mut Agg> {
        let [(p, agg), (p1, agg1)] = &mut self.recent;
        if *p <= t {
            return (t - *p < grid.pane && self.hot_first_end > watermark).then_some(agg);
        }
        // Out of order, an event lands one or two slices back about as
        // often as in the newest. The heap buffer is only looked at once
        // the second slot has failed: an iterator chained over both read
        // its header (another line of the entry) for every event that
        // missed the newest slice (bench/icount.sh, ooo-sliding).
        let open = |p: Time| t - p < grid.pane && grid.first_end_holding(p) > watermark;
        if *p1 <= t {
            return open(*p1).then_some(agg1);
        }
        let n = self.older.len();
        let i = (n.saturating_sub(2)..n)
            .rev()
            .find(|&i| self.older[i].0 <= t)?;
        let (p, agg) = &mut self.older[i];
        open(*p).then_some(agg)
    }

    /// Index of the slice starting at `p`, or where it would be inserted.
    /// Arrivals are mostly in order, so look at the newest first.
    #[inline]
    pub fn find(&self, p: Time) -> Result<usize, usize> {
        let n = self.len();
        for (k, &(s, _)) in self.recent[..self.used()].iter().enumerate() {
            if s == p {
                return Ok(n - 1 - k);
            }
            if s < p {
                return Err(n - k);
            }
        }
        self.older.binary_search_by(|(s, _)| s.cmp(&p))
    }

    /// The aggregate of the window ending at `end`.
    pub fn window_agg(&self, grid: &Grid, end: Time) -> Agg {
        let start = grid.start_of(end);
        let from = self.older.partition_point(|(s, _)| *s < start);
        let recent = self.recent[..self.used()].iter().rev();
        let mut agg = Agg::EMPTY;
        for (s, a) in self.older.range(from..).chain(recent) {
            if *s >= end {
                break;
            }
            if *s >= start {
                agg.merge(a);
            }
        }
        agg
    }

    /// End of the earliest window ending after `after` that holds a slice.
    pub fn next_end_after(&self, grid: &Grid, after: Time) -> Option<Time> {
        let e2 = after + grid.slide;
        if grid.cumulative() {
            // A slice of an earlier period may start after e2 - size and
            // still be in no window ending after `after`: skip by its last end.
            let from = self.partition_point(|s| grid.last_end_holding(s) <= after);
            let &(ps, _) = self.get(from)?;
            return Some(e2.max(grid.first_end(ps)));
        }
        let from = self.partition_point(|s| s < e2 - grid.size);
        let &(ps, _) = self.get(from)?;
        Some(if ps < e2 { e2 } else { grid.first_end(ps) })
    }

    /// When the front slice's last window is purged (`end + lateness`).
    pub fn purge_at(&self, grid: &Grid, lateness: i64) -> Option<Time> {
        self.iter()
            .next()
            .map(|&(p, _)| grid.last_end_holding(p).saturating_add(lateness))
    }

    /// Drops slices whose every window is past `watermark - lateness`.
    pub fn purge(&mut self, grid: &Grid, lateness: i64, watermark: Time) {
        let gone = |p: Time| grid.last_end_holding(p).saturating_add(lateness) <= watermark;
        while self.older.front().is_some_and(|&(p, _)| gone(p)) {
            self.older.pop_front();
        }
        if self.older.is_empty() {
            for slot in self.recent.iter_mut().rev() {
                if slot.0 != NO_SLICE && gone(slot.0) {
                    *slot = EMPTY;
                }
            }
        }
    }

    /// Ends of the windows that hold at least one slice and are not purged.
    pub fn live_window_ends(&self, grid: &Grid, lateness: i64, watermark: Time) -> Vec<Time> {
        let mut ends: Vec<Time> = Vec::new();
        for &(p, _) in self.iter() {
            let mut e = grid.first_end(p);
            if let Some(&last) = ends.last() {
                e = e.max(last + grid.slide);
            }
            let hi = grid.last_end_holding(p);
            while e <= hi {
                if e.saturating_add(lateness) > watermark {
                    ends.push(e);
                }
                e += grid.slide;
            }
        }
        ends
    }
}

impl KeyState for SliceKey {
    type Params = Grid;
    const ENTRY_BYTES: usize = size_of::<Pane>();

    // Inlined into the push loop: with the v2 paths beside it in
    // `push_into`, LLVM stopped inlining it and every event paid a call
    // with spills (about +38 instructions per event, bench/icount.sh).
    #[inline(always)]
    fn insert(
        keyed: &mut Keyed<Self>,
        core: &mut Core,
        ev: Event,
        t: Time,
    ) -> crate::error::Result<Outcome> {
        let w = core.watermark;
        // Fast path: an existing slice of the key holds `t` and all its
        // windows are still open, so nothing fires, drops or re-times. It
        // reads the grid in place and leaves the lateness for later: a copy
        // of either, taken before it, costs every event loads and spills.
        if let Some(agg) = keyed
            .keys
            .get_mut(&ev.key)
            .and_then(|k| k.open_slice_mut(&keyed.params, t, w))
        {
            agg.add(ev.value);
            return Ok(Outcome::Assigned);
        }
        insert_slow(keyed, core, ev.key, ev.time, ev.value, t)
    }

    fn armed_fire(&self, grid: &Grid) -> Option<Due> {
        // Slices arm eagerly: the armed timer is the next window end.
        self.next_fire.map(|e| (e, grid.start_of(e)))
    }

    fn fire(&mut self, grid: &Grid, (end, start): Due) -> Option<(Window, Agg)> {
        let agg = self.window_agg(grid, end);
        self.next_fire = self.next_end_after(grid, end);
        Some((Window { start, end }, agg))
    }

    fn armed_purge(&self, grid: &Grid, lateness: i64) -> Option<Time> {
        self.purge_at(grid, lateness)
    }

    fn purge(&mut self, grid: &Grid, lateness: i64, watermark: Time) -> usize {
        let before = self.len();
        SliceKey::purge(self, grid, lateness, watermark);
        before - self.len()
    }

    fn rearm(&mut self, _: &Grid, _: i64) {}

    fn is_idle(&self) -> bool {
        self.is_empty() && self.next_fire.is_none()
    }

    fn live_windows(&self, grid: &Grid, lateness: i64, w: Time, mut f: impl FnMut(Window, Agg)) {
        for end in self.live_window_ends(grid, lateness, w) {
            let window = Window {
                start: grid.start_of(end),
                end,
            };
            f(window, self.window_agg(grid, end));
        }
    }

    fn live_window_count(&self, grid: &Grid, lateness: i64, w: Time) -> usize {
        self.live_window_ends(grid, lateness, w).len()
    }

    fn entries(&self) -> usize {
        self.len()
    }

    fn heap_bytes(&self) -> usize {
        self.heap_capacity() * Self::ENTRY_BYTES
    }
}

impl SliceKey {
    /// Inserts a new slice at index `i` for `key` and arms the on-time and
    /// purge timers it brings.
    fn add_slice(&mut self, core: &mut Core, grid: &Grid, key: u32, i: usize, pane: Pane) {
        let p = pane.0;
        if i == self.len() {
            self.hot_first_end = grid.first_end(p);
        }
        self.insert(i, pane);
        core.entries += 1;
        // A new slice may bring an earlier on-time window or purge.
        if let Some(on_time) = grid.first_end_after(p, core.watermark) {
            if self.next_fire.is_none_or(|n| on_time < n) {
                self.next_fire = Some(on_time);
                core.timers.arm_fire(key, (on_time, grid.start_of(on_time)));
            }
        }
        if i == 0 {
            let at = grid.last_end_holding(p).saturating_add(core.lateness());
            core.timers.arm_purge(key, at);
        }
    }
}

/// The rest of [`SliceKey::insert`]: a new slice, a late event, or a slice
/// whose windows have started firing. Out of line, and handed the event's
/// key, time and value (all it reads) rather than the event: inlined, or
/// handed the event, it had every push write the event to the stack, five
/// stores per event (bench/icount.sh).
#[inline(never)]
fn insert_slow(
    keyed: &mut Keyed<SliceKey>,
    core: &mut Core,
    key: u32,
    time: Time,
    value: f64,
    t: Time,
) -> crate::error::Result<Outcome> {
    // Arrival and source play no part here (the push has used them).
    let ev = Event {
        key,
        time,
        value,
        arrival: None,
        source: 0,
    };
    let w = core.watermark;
    let (grid, l) = (keyed.params, core.lateness());
    if !grid.covered(t) {
        if t.saturating_add(l) < w {
            core.late_room(&ev)?;
            core.side_output(&ev);
            return Ok(Outcome::SideOutput);
        }
        return Ok(Outcome::Unassigned);
    }
    let p = grid.pane_start(t);
    let last = grid.last_end_holding(p);
    if last.saturating_add(l) <= w {
        core.late_room(&ev)?;
        for win in core.windows_for(t) {
            core.dropped.note(ev.key, win);
        }
        core.side_output(&ev);
        return Ok(Outcome::SideOutput);
    }
    let (new_key, slot) = match keyed.keys.get(&ev.key) {
        Some(k) => (false, k.find(p)),
        None => (true, Err(0)),
    };
    core.limit_check(keyed.keys.len(), new_key, slot.is_err(), &ev)?;
    let first_live = drop_expired_windows(core, &grid, ev.key, p);
    let k = keyed.keys.entry(ev.key).or_default();
    match slot {
        Ok(i) => k.get_mut(i).expect("found slice").1.add(ev.value),
        Err(i) => {
            let before = k.heap_bytes();
            k.add_slice(core, &grid, ev.key, i, (p, Agg::of(ev.value)));
            keyed.heap_bytes += k.heap_bytes() - before;
        }
    }
    if first_live > w {
        return Ok(Outcome::Assigned);
    }
    let mut e = first_live;
    while e <= w && e <= last {
        let window = Window {
            start: grid.start_of(e),
            end: e,
        };
        core.fire_late(ev.key, window, k.window_agg(&grid, e));
        e += grid.slide;
    }
    Ok(Outcome::LateAccepted)
}

/// Notes the drops of slice `p`'s windows that are past their lateness;
/// returns the end of its first window still live.
fn drop_expired_windows(core: &mut Core, grid: &Grid, key: u32, p: Time) -> Time {
    let (w, l) = (core.watermark, core.lateness());
    let mut e = grid.first_end(p);
    while e.saturating_add(l) <= w {
        let window = Window {
            start: grid.start_of(e),
            end: e,
        };
        core.dropped.note(key, window);
        core.stats.dropped_from_windows += 1;
        e += grid.slide;
    }
    e
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::window::WindowSpec;

    fn starts(k: &SliceKey) -> Vec<Time> {
        k.iter().map(|&(p, _)| p).collect()
    }

    #[test]
    fn the_inline_newest_slices_are_part_of_the_sorted_run() {
        let g = Grid::of(&WindowSpec::sliding(3_000, 1_000)).unwrap();
        let mut k = SliceKey::default();
        assert!(k.is_empty() && k.find(5_000) == Err(0));
        for p in [5_000, 7_000, 2_000, 6_000, 1_000] {
            let i = k.find(p).unwrap_err();
            k.insert(i, (p, Agg::of(p as f64)));
        }
        assert_eq!(starts(&k), [1_000, 2_000, 5_000, 6_000, 7_000]);
        assert_eq!((k.len(), k.heap_capacity()), (5, 5 - RECENT));
        assert_eq!(k.find(7_000), Ok(4));
        assert_eq!(k.find(6_000), Ok(3));
        assert_eq!(k.find(8_000), Err(5));
        k.get_mut(4).unwrap().1.add(1.0);
        assert_eq!(k.window_agg(&g, 8_000).count, 4); // [5000, 8000): 1 + 1 + 2
        assert_eq!(k.window_agg(&g, 7_000).count, 2); // [4000, 7000)
        assert_eq!(k.next_end_after(&g, 4_000), Some(5_000));
        assert_eq!(k.next_end_after(&g, 9_000), Some(10_000));
        assert_eq!(k.next_end_after(&g, 10_000), None);
        assert_eq!(k.purge_at(&g, 0), Some(4_000));
        k.purge(&g, 0, 9_000);
        assert_eq!(starts(&k), [7_000]);
        k.purge(&g, 0, 10_000);
        assert!(k.is_empty() && k.purge_at(&g, 0).is_none());
        assert_eq!(k.window_agg(&g, 10_000).count, 0);
        let r = SliceKey::from_panes(&[(1_000, Agg::of(1.0))], None);
        assert_eq!((starts(&r), r.heap_capacity()), (vec![1_000], 0));
        let panes = [
            (1_000, Agg::of(1.0)),
            (2_000, Agg::of(2.0)),
            (4_000, Agg::of(3.0)),
        ];
        let r = SliceKey::from_panes(&panes, None);
        assert_eq!(
            (starts(&r), r.heap_capacity()),
            (vec![1_000, 2_000, 4_000], 3 - RECENT)
        );
    }

    #[test]
    fn inserts_finds_and_purges_match_a_sorted_vec() {
        let g = Grid::of(&WindowSpec::sliding(4_000, 1_000)).unwrap();
        let mut x = 7u64;
        let mut rnd = |n: u64| {
            x = x.wrapping_mul(6364136223846793005).wrapping_add(1);
            (x >> 33) % n
        };
        for _ in 0..200 {
            let (mut k, mut model) = (SliceKey::default(), Vec::<Pane>::new());
            let mut w = 0;
            for _ in 0..40 {
                if rnd(4) == 0 {
                    w += 1_000 * rnd(3) as i64;
                    k.purge(&g, 0, w);
                    model.retain(|&(p, _)| g.last_end_holding(p) > w);
                } else {
                    let p = w - 3_000 + 1_000 * rnd(9) as i64;
                    match (k.find(p), model.binary_search_by(|(s, _)| s.cmp(&p))) {
                        (Ok(i), Ok(j)) => {
                            assert_eq!(i, j);
                            k.get_mut(i).unwrap().1.add(1.0);
                            model[j].1.add(1.0);
                        }
                        (Err(i), Err(j)) => {
                            assert_eq!(i, j);
                            k.insert(i, (p, Agg::of(2.0)));
                            model.insert(j, (p, Agg::of(2.0)));
                        }
                        other => panic!("{other:?}"),
                    }
                }
                assert_eq!(k.iter().copied().collect::<Vec<_>>(), model);
                assert_eq!((k.len(), k.is_empty()), (model.len(), model.is_empty()));
                assert!(k.heap_capacity() >= model.len().saturating_sub(RECENT));
                for (i, pane) in model.iter().enumerate() {
                    assert_eq!(k.get(i), Some(pane));
                }
                for end in (w - 2_000..w + 8_000).step_by(1_000) {
                    let want = model
                        .iter()
                        .filter(|&&(p, _)| end - 4_000 <= p && p < end)
                        .fold(Agg::EMPTY, |mut a, (_, b)| {
                            a.merge(b);
                            a
                        });
                    assert_eq!(k.window_agg(&g, end), want);
                }
            }
        }
    }
}
