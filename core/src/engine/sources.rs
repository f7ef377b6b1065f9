//! Many sources, idle sources (`SEMANTICS.md`, "Many sources, idle sources
//! (v2)"): each source (gateway, partition, device) has its own watermark
//! `W_s = max event time of s - d`; the engine's watermark is the min over
//! the active sources, a source silent for `idleTimeout` on the processing
//! clock leaves the min, and when every source is idle the largest `W_s`
//! counts (Flink's rule for all-idle inputs). The operator keeps `W` from
//! ever decreasing by only raising it to what [`Sources::target`] gives.
//!
//! An engine with one source and no declaration never builds this: its
//! watermark is `max_time - d` as in v1, a field compare on the hot path.
//! The operator switches to a [`Sources`] at the first event of another
//! source, at construction when sources are declared or an idle timeout is
//! set, and when `advance_processing_time` moves the clock in event time
//! (so that source 0's last arrival stays exact).

use crate::time::{Time, NEG_INF, POS_INF};

/// Most distinct sources one engine tracks (declared or seen): an event
/// from a new source past this is refused, so random source ids cannot
/// grow the table without bound.
pub const MAX_TRACKED_SOURCES: usize = 65_536;

/// One source's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Source {
    /// Its id.
    pub(crate) id: u32,
    /// Largest event time it sent (`NEG_INF` before its first event).
    pub(crate) max_time: Time,
    /// The processing clock when its last event was pushed (`NEG_INF`
    /// before its first event, or when the clock had not started then).
    pub(crate) last_arrival: Time,
    /// Left the min: silent for the idle timeout.
    pub(crate) idle: bool,
}

impl Source {
    fn new(id: u32) -> Source {
        Source {
            id,
            max_time: NEG_INF,
            last_arrival: NEG_INF,
            idle: false,
        }
    }

    /// `W_s = max_time - d`, `-inf` before its first event.
    #[inline]
    pub(crate) fn watermark(&self, d: i64) -> Time {
        if self.max_time == NEG_INF {
            NEG_INF
        } else {
            self.max_time - d
        }
    }
}

/// Every source's state, and the min over the active ones.
#[derive(Debug, Clone)]
pub(crate) struct Sources {
    /// Sources in the order they became known: the declared `0..N` first
    /// (at their own index), then every other one as it first sent.
    pub(crate) list: Vec<Source>,
    /// `(id, index in list)` of the sources past the declared ones, sorted
    /// by id (a binary search: a hash map's code would cost the wasm
    /// module more than the few sources a stream has save).
    index: Vec<(u32, u32)>,
    /// How many were declared (`0..declared` sit at their own index).
    declared: u32,
    /// The first value the processing clock took (`NEG_INF`: not started):
    /// a source that never sent counts its silence from here.
    pub(crate) first_clock: Time,
    /// No non-idle source can go idle before the clock reaches this (a lower
    /// bound, made exact by each scan): most clock moves skip the scan.
    next_idle: Time,
    /// The min of `W_s` over the active sources (`None`: none active), and
    /// the index of one source at it.
    min: Option<(Time, usize)>,
}

impl Sources {
    /// Bytes of its buffers (their capacities): what
    /// [`crate::Engine::state_bytes`] counts for it beside the table itself.
    pub(crate) fn heap_bytes(&self) -> usize {
        self.list.capacity() * std::mem::size_of::<Source>()
            + self.index.capacity() * std::mem::size_of::<(u32, u32)>()
    }

    /// Sources `0..declared`, none sent yet.
    pub(crate) fn declared(declared: u32) -> Sources {
        let mut s = Sources {
            list: (0..declared).map(Source::new).collect(),
            index: Vec::new(),
            declared,
            first_clock: NEG_INF,
            next_idle: NEG_INF,
            min: None,
        };
        s.rescan(0);
        s
    }

    /// The state of an engine that ran on the single-source path so far:
    /// source 0 sent every event (if any), its last at `clock`.
    pub(crate) fn adopt(
        declared: u32,
        events: bool,
        max_time: Time,
        clock: Time,
        d: i64,
    ) -> Sources {
        let mut s = Sources::declared(declared);
        if events {
            s.on_event(0, max_time, clock, d);
        }
        s.first_clock = clock;
        s
    }

    /// A table as a snapshot held it (checked by the caller), or the id
    /// listed twice.
    pub(crate) fn rebuilt(
        declared: u32,
        list: Vec<Source>,
        first_clock: Time,
        d: i64,
    ) -> Result<Sources, u32> {
        let mut s = Sources {
            list: Vec::with_capacity(list.len()),
            index: Vec::new(),
            declared,
            first_clock,
            next_idle: NEG_INF,
            min: None,
        };
        for x in list {
            if x.id >= declared && !s.index_new(x.id) {
                return Err(x.id);
            }
            s.list.push(x);
        }
        s.rescan(d);
        Ok(s)
    }

    /// Every source in increasing id order: the declared ones are `0..N`
    /// at their own index, and every other id is `N` or more.
    pub(crate) fn by_id(&self) -> impl Iterator<Item = &Source> {
        let declared = &self.list[..self.declared as usize];
        declared
            .iter()
            .chain(self.index.iter().map(|&(_, i)| &self.list[i as usize]))
    }

    /// Indexes source `id` (not yet known) at the end of `list`; `false`
    /// if it was known (a snapshot listing it twice).
    fn index_new(&mut self, id: u32) -> bool {
        match self.index.binary_search_by_key(&id, |&(k, _)| k) {
            Ok(_) => false,
            Err(at) => {
                self.index.insert(at, (id, self.list.len() as u32));
                true
            }
        }
    }

    /// The index of source `id`, if known.
    #[inline]
    fn slot(&self, id: u32) -> Option<usize> {
        if id < self.declared {
            Some(id as usize)
        } else {
            self.index
                .binary_search_by_key(&id, |&(k, _)| k)
                .ok()
                .map(|at| self.index[at].1 as usize)
        }
    }

    /// Whether an event from `id` fits in the table.
    pub(crate) fn has_room_for(&self, id: u32) -> bool {
        self.slot(id).is_some() || self.list.len() < MAX_TRACKED_SOURCES
    }

    /// Recomputes the min over the active sources and the next time one
    /// can go idle (rare: a source came back or went idle, or the one at
    /// the min moved).
    fn rescan(&mut self, d: i64) {
        self.min = None;
        for (i, s) in self.list.iter().enumerate() {
            if s.idle {
                continue;
            }
            let w = s.watermark(d);
            if self.min.is_none_or(|(m, _)| w < m) {
                self.min = Some((w, i));
            }
        }
    }

    /// What the sources let `W` be: the min over the active sources, or
    /// the largest `W_s` when every source is idle (`-inf` with none).
    /// The operator raises `W` to it, never lowers.
    pub(crate) fn target(&self, d: i64) -> Time {
        match self.min {
            Some((m, _)) => m,
            None => self
                .list
                .iter()
                .map(|s| s.watermark(d))
                .max()
                .unwrap_or(NEG_INF),
        }
    }

    /// The source at the min, if any source is active.
    pub(crate) fn at_min(&self) -> Option<&Source> {
        self.min.map(|(_, i)| &self.list[i])
    }

    /// Judges idleness on the processing clock `clock` (before the arriving
    /// event makes its own source active); `true` if a source went idle.
    pub(crate) fn judge_idle(&mut self, clock: Time, timeout: Option<i64>, d: i64) -> bool {
        if clock == NEG_INF {
            return false;
        }
        if self.first_clock == NEG_INF {
            self.first_clock = clock;
            self.next_idle = NEG_INF;
        }
        let Some(t) = timeout else {
            return false;
        };
        if clock < self.next_idle {
            return false;
        }
        let first = self.first_clock;
        let mut changed = false;
        let mut next = POS_INF;
        for s in self.list.iter_mut().filter(|s| !s.idle) {
            // A source that never sent (or sent before the clock started)
            // counts from the clock's first value.
            let due = s.last_arrival.max(first) + t;
            if clock >= due {
                s.idle = true;
                changed = true;
            } else {
                next = next.min(due);
            }
        }
        self.next_idle = next;
        if changed {
            self.rescan(d);
        }
        changed
    }

    /// Records an event at `time` from source `id`, pushed with the
    /// processing clock at `clock` (the caller checked
    /// [`Sources::has_room_for`]); it is active from now on.
    pub(crate) fn on_event(&mut self, id: u32, time: Time, clock: Time, d: i64) {
        let i = match self.slot(id) {
            Some(i) => i,
            None => {
                self.index_new(id);
                self.list.push(Source {
                    idle: true, // not in the min yet: joins it below
                    ..Source::new(id)
                });
                self.list.len() - 1
            }
        };
        let was_active = !self.list[i].idle;
        if !was_active {
            // Its silence restarts: the next judgement scans again.
            self.next_idle = NEG_INF;
        }
        let s = &mut self.list[i];
        s.idle = false;
        if time > s.max_time {
            s.max_time = time;
        }
        s.last_arrival = clock;
        let w = s.watermark(d);
        match self.min {
            // A source not at the min only rises: the min stands.
            Some((m, j)) if was_active && j != i => debug_assert!(w >= m),
            // It joins the active set: the min can only fall to it.
            Some((m, _)) if !was_active => {
                if w < m {
                    self.min = Some((w, i));
                }
            }
            _ => self.rescan(d),
        }
    }
}
