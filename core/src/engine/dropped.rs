//! The drop memory: which windows had events dropped as too late for them
//! (an event past a window's lateness that still joined other windows, or
//! went to the side output), so that `open_windows` can list a closed
//! window with its drop count. Bounded: at most [`DROPPED_MEMORY`] windows,
//! forgetting the one that ended first.

use std::collections::VecDeque;
use std::mem::size_of;

use crate::window::Window;

/// How many windows with drops are remembered.
pub(crate) const DROPPED_MEMORY: usize = 1024;

/// One remembered window: key, window, events dropped from it.
pub(crate) type Dropped = (u32, Window, u64);

/// Windows with drops, sorted by (end, start, key).
#[derive(Debug, Clone, Default)]
pub(crate) struct DropMemory {
    items: VecDeque<Dropped>,
}

impl DropMemory {
    /// A memory holding `items` (at most [`DROPPED_MEMORY`], no window
    /// twice), in any order.
    pub(crate) fn from_items(mut items: VecDeque<Dropped>) -> DropMemory {
        crate::sort::sort_by_key(items.make_contiguous(), |(k, w, _)| (w.end, w.start, *k));
        DropMemory { items }
    }

    /// Where `(key, window)` is (or belongs): kept sorted so that a late
    /// event dropped from many windows costs a binary search per window,
    /// not a scan.
    fn slot(&self, key: u32, window: Window) -> Result<usize, usize> {
        let k = (window.end, window.start, key);
        self.items
            .binary_search_by(|(dk, dw, _)| (dw.end, dw.start, *dk).cmp(&k))
    }

    /// Counts one event dropped from `window` of `key`.
    pub(crate) fn note(&mut self, key: u32, window: Window) {
        match self.slot(key, window) {
            Ok(i) => self.items[i].2 += 1,
            // Full: forget the window that ended first (or this one).
            Err(0) if self.items.len() == DROPPED_MEMORY => {}
            Err(i) if self.items.len() == DROPPED_MEMORY => {
                self.items.pop_front();
                self.items.insert(i - 1, (key, window, 1));
            }
            Err(i) => self.items.insert(i, (key, window, 1)),
        }
    }

    /// Events dropped from `window` of `key` (0 if none remembered).
    pub(crate) fn count(&self, key: u32, window: Window) -> u64 {
        self.slot(key, window).map_or(0, |i| self.items[i].2)
    }

    /// The remembered windows, by (end, start, key).
    pub(crate) fn iter(&self) -> impl Iterator<Item = &Dropped> + '_ {
        self.items.iter()
    }

    /// How many windows are remembered.
    pub(crate) fn len(&self) -> usize {
        self.items.len()
    }

    /// Bytes of its buffer.
    pub(crate) fn heap_bytes(&self) -> usize {
        self.items.capacity() * size_of::<Dropped>()
    }
}
