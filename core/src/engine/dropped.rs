//! The drop memory: which windows had events dropped as too late for them
//! (an event past a window's lateness that still joined other windows, or
//! went to the side output), so that `open_windows` can list a closed
//! window with its drop count. Bounded: at most [`DROPPED_MEMORY`] windows,
//! forgetting the one that ended first.

use std::collections::VecDeque;
use std::fmt;
use std::mem::size_of;

use crate::time::Time;
use crate::window::Window;

/// How many windows with drops are remembered.
pub(crate) const DROPPED_MEMORY: usize = 1024;

/// One remembered window: key, window, events dropped from it.
pub(crate) type Dropped = (u32, Window, u64);

/// The longest run; a longer one is split in two.
const RUN: usize = 64;

/// Windows with drops, by (end, start, key).
///
/// Sorted runs of at most [`RUN`] windows, not one sorted buffer: a very
/// late event is noted in each window it missed, and on many keys the
/// newest windows hold hundreds of keys each, so a sorted insert into the
/// buffer moved kilobytes per note (about 2,000 instructions; most of the
/// memory's cost on the out-of-order bench). Into a run it moves at most
/// 2 KiB. `heap_bytes` still reports that buffer's (a `VecDeque`), through
/// `cap`, so that `state_bytes` did not change with it. (std's `BTreeMap`
/// would have done the job too, for 7.9 KB gzipped more wasm.)
#[derive(Default)]
pub(crate) struct DropMemory {
    /// The runs, in order, each sorted, none empty.
    runs: Vec<Vec<Dropped>>,
    /// Windows remembered (over all runs).
    len: usize,
    /// The capacity the sorted `VecDeque` this replaced would have: what
    /// it was built with, grown as it grew (doubling when full, at least
    /// 4) and never shrunk. The tests check it against a real one.
    cap: usize,
}

/// The memory's order: (end, start, key).
fn order(d: &Dropped) -> (Time, Time, u32) {
    (d.1.end, d.1.start, d.0)
}

/// An empty run with room to outgrow [`RUN`] by the one insert that
/// splits it (so runs are not reallocated as they fill).
fn run() -> Vec<Dropped> {
    Vec::with_capacity(RUN + 1)
}

impl DropMemory {
    /// A memory holding `items` (at most [`DROPPED_MEMORY`], no window
    /// twice), in any order.
    pub(crate) fn from_items(mut items: VecDeque<Dropped>) -> DropMemory {
        let cap = items.capacity();
        let items = items.make_contiguous();
        crate::sort::sort_by_key(items, order);
        let mut runs = Vec::new();
        for c in items.chunks(RUN) {
            let mut r = run();
            r.extend_from_slice(c);
            runs.push(r);
        }
        DropMemory {
            runs,
            len: items.len(),
            cap,
        }
    }

    /// The run where `k` is or belongs (the last one if past them all; 0
    /// if there are none) and its place there.
    // Out of line: inlined into `open_windows` too, it cost the wasm
    // module about 700 B.
    #[inline(never)]
    fn find(&self, k: (Time, Time, u32)) -> (usize, Result<usize, usize>) {
        let r = self
            .runs
            .partition_point(|r| r.last().is_some_and(|d| order(d) < k))
            .min(self.runs.len().saturating_sub(1));
        let at = self
            .runs
            .get(r)
            .map_or(Err(0), |run| run.binary_search_by(|d| order(d).cmp(&k)));
        (r, at)
    }

    /// Counts one event dropped from `window` of `key`.
    pub(crate) fn note(&mut self, key: u32, window: Window) {
        let k = (window.end, window.start, key);
        let full = self.len == DROPPED_MEMORY;
        if full
            && self
                .runs
                .first()
                .and_then(|r| r.first())
                .is_some_and(|d| k < order(d))
        {
            // Full, and older than every window remembered: forgotten at
            // once (most notes, on many keys).
            return;
        }
        let (r, i) = match self.find(k) {
            (r, Ok(i)) => {
                self.runs[r][i].2 += 1;
                return;
            }
            (r, Err(i)) => (r, i),
        };
        if self.runs.is_empty() {
            self.runs.push(run());
        }
        let into = &mut self.runs[r];
        into.insert(i, (key, window, 1));
        if into.len() > RUN {
            let mut tail = run();
            tail.extend_from_slice(&into[RUN / 2..]);
            into.truncate(RUN / 2);
            self.runs.insert(r + 1, tail);
        }
        if full {
            // Forget the window that ended first (not this one: it is
            // newer, above).
            self.runs[0].remove(0);
            if self.runs[0].is_empty() {
                self.runs.remove(0);
            }
        } else {
            self.len += 1;
            if self.len > self.cap {
                // The buffer's growth: `VecDeque`'s amortized doubling.
                self.cap = (self.cap * 2).max(4);
            }
        }
    }

    /// Events dropped from `window` of `key` (0 if none remembered).
    pub(crate) fn count(&self, key: u32, window: Window) -> u64 {
        match self.find((window.end, window.start, key)) {
            (r, Ok(i)) => self.runs[r][i].2,
            _ => 0,
        }
    }

    /// The remembered windows, by (end, start, key).
    pub(crate) fn iter(&self) -> impl Iterator<Item = &Dropped> + '_ {
        self.runs.iter().flatten()
    }

    /// How many windows are remembered.
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// Bytes of its buffer: the sorted buffer's (see [`DropMemory`]).
    pub(crate) fn heap_bytes(&self) -> usize {
        self.cap * size_of::<Dropped>()
    }
}

impl Clone for DropMemory {
    /// A copy whose buffer is as long as its contents, as a cloned
    /// `VecDeque`'s is.
    fn clone(&self) -> DropMemory {
        DropMemory {
            runs: self.runs.clone(),
            len: self.len,
            cap: self.len,
        }
    }
}

impl fmt::Debug for DropMemory {
    /// As the buffer's was: `DropMemory { items: [...] }`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        struct Items<'a>(&'a DropMemory);
        impl fmt::Debug for Items<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_list().entries(self.0.iter()).finish()
            }
        }
        f.debug_struct("DropMemory")
            .field("items", &Items(self))
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The sorted `VecDeque` the memory was until 2026-12-02, kept as the
    /// model its B-tree and `cap` must match step for step.
    #[derive(Debug, Clone, Default)]
    struct Reference {
        items: VecDeque<Dropped>,
    }

    impl Reference {
        fn from_items(mut items: VecDeque<Dropped>) -> Reference {
            crate::sort::sort_by_key(items.make_contiguous(), |(k, w, _)| (w.end, w.start, *k));
            Reference { items }
        }

        fn slot(&self, key: u32, window: Window) -> Result<usize, usize> {
            let k = (window.end, window.start, key);
            self.items
                .binary_search_by(|(dk, dw, _)| (dw.end, dw.start, *dk).cmp(&k))
        }

        fn note(&mut self, key: u32, window: Window) {
            match self.slot(key, window) {
                Ok(i) => self.items[i].2 += 1,
                Err(0) if self.items.len() == DROPPED_MEMORY => {}
                Err(i) if self.items.len() == DROPPED_MEMORY => {
                    self.items.pop_front();
                    self.items.insert(i - 1, (key, window, 1));
                }
                Err(i) => self.items.insert(i, (key, window, 1)),
            }
        }

        fn count(&self, key: u32, window: Window) -> u64 {
            self.slot(key, window).map_or(0, |i| self.items[i].2)
        }

        fn heap_bytes(&self) -> usize {
            self.items.capacity() * size_of::<Dropped>()
        }
    }

    #[derive(Debug, Clone)]
    enum Op {
        /// A note for key, end (offset from the drifting base), length.
        Note(u32, i64, i64),
        /// Both replaced by clones.
        Clone,
        /// Both rebuilt from their items (as a snapshot does), given
        /// reversed (from_items sorts) with `extra` spare capacity.
        Rebuild(usize),
    }

    fn ops() -> impl Strategy<Value = Vec<Op>> {
        let op = prop_oneof![
            200 => (0u32..40, -12i64..=2, 1i64..=3).prop_map(|(k, e, l)| Op::Note(k, e, l)),
            1 => Just(Op::Clone),
            1 => (0usize..3).prop_map(|x| Op::Rebuild([0, 1, 700][x])),
        ];
        prop::collection::vec(op, 1..4_000)
    }

    fn window(end: i64, len: i64) -> Window {
        Window {
            start: end - len,
            end,
        }
    }

    fn agree(m: &DropMemory, r: &Reference, key: u32, w: Window) {
        assert_eq!(m.len(), r.items.len());
        assert!(m.iter().eq(r.items.iter()), "{m:?} vs {r:?}");
        assert_eq!(m.heap_bytes(), r.heap_bytes());
        assert_eq!(m.count(key, w), r.count(key, w));
    }

    fn same_debug(m: &DropMemory, r: &Reference) {
        assert_eq!(
            format!("{m:?}"),
            format!("{r:?}").replace("Reference", "DropMemory")
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]

        /// Random notes on 40 keys over windows of three lengths whose ends
        /// drift upwards (as a stream's do), older ones mixed in: the
        /// memory fills, forgets the oldest, refuses older ones, counts
        /// repeats, and is cloned and rebuilt on the way.
        #[test]
        fn the_memory_is_the_sorted_buffer_it_replaced(ops in ops(), drift in 1usize..60) {
            let (mut m, mut r) = (DropMemory::default(), Reference::default());
            for (i, op) in ops.into_iter().enumerate() {
                let base = (i / drift) as i64;
                let (key, w) = match op {
                    Op::Note(k, e, l) => {
                        let w = window(base + e, l);
                        m.note(k, w);
                        r.note(k, w);
                        (k, w)
                    }
                    Op::Clone => {
                        (m, r) = (m.clone(), r.clone());
                        (i as u32 % 40, window(base, 1))
                    }
                    Op::Rebuild(extra) => {
                        // Two built alike: a clone's capacity is its length.
                        let items = || {
                            let mut d = VecDeque::with_capacity(r.items.len() + extra);
                            d.extend(r.items.iter().rev().copied());
                            d
                        };
                        (m, r) = (DropMemory::from_items(items()), Reference::from_items(items()));
                        (i as u32 % 40, window(base - 3, 2))
                    }
                };
                agree(&m, &r, key, w);
            }
            same_debug(&m, &r);
        }
    }

    #[test]
    fn a_full_memory_forgets_the_window_that_ended_first() {
        let (mut m, mut r) = (DropMemory::default(), Reference::default());
        for i in 0..DROPPED_MEMORY as u32 {
            let w = window(1_000 + i64::from(i % 7), 5);
            m.note(i, w);
            r.note(i, w);
        }
        assert_eq!(m.len(), DROPPED_MEMORY);
        let first = *m.iter().next().unwrap();
        // Older than every window: refused; newer: the first goes.
        m.note(0, window(999, 5));
        assert_eq!(m.count(0, window(999, 5)), 0);
        m.note(5_000, window(2_000, 5));
        assert_eq!(m.count(first.0, first.1), 0);
        assert_eq!(m.count(5_000, window(2_000, 5)), 1);
        assert_eq!(m.len(), DROPPED_MEMORY);
        r.note(0, window(999, 5));
        r.note(5_000, window(2_000, 5));
        agree(&m, &r, first.0, first.1);
        same_debug(&m, &r);
    }
}
