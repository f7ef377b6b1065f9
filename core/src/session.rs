//! Per-key state for session windows: the key's sessions, sorted and
//! disjoint, each a window with its aggregate. An event proposes
//! `[t, t + gap)` and merges with every session it overlaps or touches.

use crate::aggregate::Agg;
use crate::time::Time;
use crate::window::Window;

/// One session: its window and aggregate.
pub type Session = (Window, Agg);

/// The sessions of one key.
#[derive(Debug, Clone, Default)]
pub struct SessionKey {
    /// Disjoint, non-touching sessions sorted by start (so also by end).
    pub sessions: Vec<Session>,
    /// `(end, start)` of the earliest session that has not fired yet.
    pub next_fire: Option<(Time, Time)>,
    /// The on-time timer queued for this key (at or before `next_fire`).
    pub armed: Option<(Time, Time)>,
    /// The purge timer queued for this key (at or before the first purge).
    pub purge_armed: Option<Time>,
}

impl SessionKey {
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

    /// Drops sessions past `watermark - lateness`.
    pub fn purge(&mut self, lateness: i64, watermark: Time) {
        let n = self
            .sessions
            .partition_point(|(w, _)| w.end.saturating_add(lateness) <= watermark);
        self.sessions.drain(..n);
    }
}
