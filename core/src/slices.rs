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

/// The slices of one key, sorted by start, only non-empty ones.
#[derive(Debug, Clone)]
pub struct SliceKey {
    /// Non-empty slices, sorted by start.
    pub panes: VecDeque<Pane>,
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
            panes: VecDeque::new(),
            next_fire: None,
            hot_first_end: Time::MIN,
        }
    }
}

impl SliceKey {
    /// Index of the slice starting at `p`, or where it would be inserted.
    /// Arrivals are mostly in order, so look at the back first.
    #[inline]
    pub fn find(&self, p: Time) -> Result<usize, usize> {
        match self.panes.back() {
            Some(&(s, _)) if s == p => Ok(self.panes.len() - 1),
            Some(&(s, _)) if s < p => Err(self.panes.len()),
            None => Err(0),
            _ => self.panes.binary_search_by(|(s, _)| s.cmp(&p)),
        }
    }

    /// The aggregate of the window `[end - size, end)`.
    pub fn window_agg(&self, grid: &Grid, end: Time) -> Agg {
        let start = end - grid.size;
        let from = self.panes.partition_point(|(s, _)| *s < start);
        let mut agg = Agg::EMPTY;
        for (s, a) in self.panes.range(from..) {
            if *s >= end {
                break;
            }
            agg.merge(a);
        }
        agg
    }

    /// End of the earliest window ending after `after` that holds a slice.
    pub fn next_end_after(&self, grid: &Grid, after: Time) -> Option<Time> {
        let e2 = after + grid.slide;
        let from = self.panes.partition_point(|(s, _)| *s < e2 - grid.size);
        let &(ps, _) = self.panes.get(from)?;
        Some(if ps < e2 {
            e2
        } else {
            grid.first_end_holding(ps)
        })
    }

    /// When the front slice's last window is purged (`end + lateness`).
    pub fn purge_at(&self, grid: &Grid, lateness: i64) -> Option<Time> {
        self.panes
            .front()
            .map(|&(p, _)| grid.last_end_holding(p).saturating_add(lateness))
    }

    /// Drops slices whose every window is past `watermark - lateness`.
    pub fn purge(&mut self, grid: &Grid, lateness: i64, watermark: Time) {
        while let Some(&(p, _)) = self.panes.front() {
            if grid.last_end_holding(p).saturating_add(lateness) <= watermark {
                self.panes.pop_front();
            } else {
                break;
            }
        }
    }

    /// Ends of the windows that hold at least one slice and are not purged.
    pub fn live_window_ends(&self, grid: &Grid, lateness: i64, watermark: Time) -> Vec<Time> {
        let mut ends: Vec<Time> = Vec::new();
        for &(p, _) in &self.panes {
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
