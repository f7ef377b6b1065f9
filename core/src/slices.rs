//! Per-key state for tumbling and sliding windows: a sorted run of slices
//! (panes) of length `gcd(size, slide)`, each holding a partial aggregate.
//! A window is a run of whole slices, so a 10 s window sliding by 1 s keeps
//! ten 1 s partials per key instead of ten copies of every event, and each
//! event updates one slice instead of ten windows.

use std::collections::VecDeque;

use crate::aggregate::Agg;
use crate::time::Time;
use crate::window::Grid;

/// One slice: its start and the aggregate of the events in it.
pub type Pane = (Time, Agg);

/// `SliceKey::newest`'s start while the key holds no slice: above every
/// event time (those are within +/-2^53), so no event is ever in it.
const NO_SLICE: Time = Time::MAX;

/// The slices of one key, sorted by start, only non-empty ones.
///
/// The newest slice is kept in the key's own hash-map entry and only the
/// older ones in a heap buffer: in order nearly every event lands in the
/// newest, and the buffer, away from the entry, cost a second cache miss.
#[derive(Debug, Clone)]
pub struct SliceKey {
    /// The newest slice (start [`NO_SLICE`] when the key holds none).
    newest: Pane,
    /// The slices before it, sorted by start.
    older: VecDeque<Pane>,
    /// End of the earliest window that holds a slice and has not fired yet
    /// (every window ending at or before the watermark has fired).
    pub next_fire: Option<Time>,
    /// End of the earliest window holding the newest slice, cached so that
    /// in-order events skip the slice arithmetic (`Time::MIN`: unknown).
    pub hot_first_end: Time,
}

impl Default for SliceKey {
    fn default() -> Self {
        SliceKey {
            newest: (NO_SLICE, Agg::EMPTY),
            older: VecDeque::new(),
            next_fire: None,
            hot_first_end: Time::MIN,
        }
    }
}

impl SliceKey {
    /// A key holding `panes` (sorted by start, non-empty aggregates), with
    /// no spare capacity.
    pub fn from_panes(panes: &[Pane], next_fire: Option<Time>) -> SliceKey {
        let Some((&newest, older)) = panes.split_last() else {
            return SliceKey {
                next_fire,
                ..SliceKey::default()
            };
        };
        let mut buf = VecDeque::with_capacity(older.len());
        buf.extend(older.iter().copied());
        SliceKey {
            newest,
            older: buf,
            next_fire,
            hot_first_end: Time::MIN,
        }
    }

    fn has_newest(&self) -> bool {
        self.newest.0 != NO_SLICE
    }

    /// Number of slices.
    pub fn len(&self) -> usize {
        self.older.len() + usize::from(self.has_newest())
    }

    /// Whether the key holds no slice.
    pub fn is_empty(&self) -> bool {
        !self.has_newest()
    }

    /// The slices, sorted by start.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &Pane> + '_ {
        self.older
            .iter()
            .chain(Some(&self.newest).filter(|_| self.has_newest()))
    }

    /// The `i`-th slice.
    pub fn get(&self, i: usize) -> Option<&Pane> {
        if i == self.older.len() {
            self.has_newest().then_some(&self.newest)
        } else {
            self.older.get(i)
        }
    }

    /// The `i`-th slice.
    pub fn get_mut(&mut self, i: usize) -> Option<&mut Pane> {
        if i == self.older.len() {
            self.has_newest().then_some(&mut self.newest)
        } else {
            self.older.get_mut(i)
        }
    }

    /// Slices held in the heap buffer (all but the newest), for
    /// `state_bytes`: the newest is part of the hash-map entry.
    pub fn heap_capacity(&self) -> usize {
        self.older.capacity()
    }

    /// Index of the first slice whose start fails `pred` (which must hold
    /// for a prefix of the slices).
    fn partition_point(&self, pred: impl Fn(Time) -> bool) -> usize {
        let i = self.older.partition_point(|(s, _)| pred(*s));
        if i == self.older.len() && self.has_newest() && pred(self.newest.0) {
            i + 1
        } else {
            i
        }
    }

    /// Inserts slice `pane` at index `i` (as [`SliceKey::find`] gave it).
    pub fn insert(&mut self, i: usize, pane: Pane) {
        // Grow by one, not by doubling: a key's slices rise to a steady
        // peak and stay there, so capacity tracks real need (and the memory
        // model can predict it).
        if i == self.len() {
            if self.has_newest() {
                self.older.reserve_exact(1);
                self.older.push_back(self.newest);
            }
            self.newest = pane;
        } else {
            self.older.reserve_exact(1);
            self.older.insert(i, pane);
        }
    }

    /// The aggregate of the slice holding `t` if one exists and all its
    /// windows end after `watermark`, so that adding an event to it fires,
    /// drops and re-times nothing. In order that is the newest slice (its
    /// first window end is cached); out of order, one of the few before it.
    #[inline]
    pub fn open_slice_mut(&mut self, grid: &Grid, t: Time, watermark: Time) -> Option<&mut Agg> {
        let (p, agg) = &mut self.newest;
        if *p <= t {
            return (t - *p < grid.pane && self.hot_first_end > watermark).then_some(agg);
        }
        for (p, agg) in self.older.iter_mut().rev().take(3) {
            if *p <= t {
                let open = t - *p < grid.pane && grid.first_end_holding(*p) > watermark;
                return open.then_some(agg);
            }
        }
        None
    }

    /// Index of the slice starting at `p`, or where it would be inserted.
    /// Arrivals are mostly in order, so look at the newest first.
    #[inline]
    pub fn find(&self, p: Time) -> Result<usize, usize> {
        let n = self.older.len();
        match self.newest.0 {
            NO_SLICE => Err(0),
            s if s == p => Ok(n),
            s if s < p => Err(n + 1),
            _ => self.older.binary_search_by(|(s, _)| s.cmp(&p)),
        }
    }

    /// The aggregate of the window `[end - size, end)`.
    pub fn window_agg(&self, grid: &Grid, end: Time) -> Agg {
        let start = end - grid.size;
        let from = self.older.partition_point(|(s, _)| *s < start);
        let mut agg = Agg::EMPTY;
        for (s, a) in self.older.range(from..) {
            if *s >= end {
                return agg;
            }
            agg.merge(a);
        }
        let (s, a) = &self.newest;
        if self.has_newest() && (start..end).contains(s) {
            agg.merge(a);
        }
        agg
    }

    /// End of the earliest window ending after `after` that holds a slice.
    pub fn next_end_after(&self, grid: &Grid, after: Time) -> Option<Time> {
        let e2 = after + grid.slide;
        let from = self.partition_point(|s| s < e2 - grid.size);
        let &(ps, _) = self.get(from)?;
        Some(if ps < e2 {
            e2
        } else {
            grid.first_end_holding(ps)
        })
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
        if self.older.is_empty() && self.has_newest() && gone(self.newest.0) {
            self.newest = (NO_SLICE, Agg::EMPTY);
        }
    }

    /// Ends of the windows that hold at least one slice and are not purged.
    pub fn live_window_ends(&self, grid: &Grid, lateness: i64, watermark: Time) -> Vec<Time> {
        let mut ends: Vec<Time> = Vec::new();
        for &(p, _) in self.iter() {
            let mut e = grid.first_end_holding(p);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::window::WindowSpec;

    fn starts(k: &SliceKey) -> Vec<Time> {
        k.iter().map(|&(p, _)| p).collect()
    }

    #[test]
    fn the_inline_newest_slice_is_one_of_the_sorted_run() {
        let g = Grid::of(&WindowSpec::sliding(3_000, 1_000)).unwrap();
        let mut k = SliceKey::default();
        assert!(k.is_empty() && k.find(5_000) == Err(0));
        for p in [5_000, 7_000, 2_000, 6_000, 1_000] {
            let i = k.find(p).unwrap_err();
            k.insert(i, (p, Agg::of(p as f64)));
        }
        assert_eq!(starts(&k), [1_000, 2_000, 5_000, 6_000, 7_000]);
        assert_eq!((k.len(), k.heap_capacity()), (5, 4));
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
            (vec![1_000, 2_000, 4_000], 2)
        );
    }
}
