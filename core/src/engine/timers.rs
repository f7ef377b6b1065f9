//! The engine's two timer queues: on-time timers `(end, start, key)` and
//! purge timers `(at, key)`, min-heaps with lazy deletion.
//!
//! # One validity protocol
//! Each key's state says which timer it has *armed* (see
//! [`KeyState::armed_fire`](super::state::KeyState::armed_fire) and
//! [`KeyState::armed_purge`](super::state::KeyState::armed_purge)). A popped
//! entry is live exactly when it equals what its key says it armed; any
//! other entry is stale and is skipped with no effect. Whenever a key arms
//! a new value, that value is pushed in the same step, so every key's armed
//! timers are always in the heap. Processing a live entry lets the key fire
//! (or, for a session that grew, merely move its deadline) and arm its
//! next value, which is pushed.
//!
//! Slices arm eagerly (their armed fire timer is their next window end, and
//! their armed purge the front slice's purge time); sessions arm lazily
//! (a session grows with nearly every event; its timer is moved when it
//! pops), which is why they keep their armed values in fields.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::mem::size_of;

use crate::time::Time;

/// An on-time timer: `(end, start)` of the window it fires.
pub(crate) type Due = (Time, Time);

/// The two timer heaps.
#[derive(Debug, Clone, Default)]
pub(crate) struct Timers {
    fire: BinaryHeap<Reverse<(Time, Time, u32)>>,
    purge: BinaryHeap<Reverse<(Time, u32)>>,
}

impl Timers {
    /// Queues the on-time timer `due` for `key`.
    #[inline]
    pub(crate) fn arm_fire(&mut self, key: u32, due: Due) {
        self.fire.push(Reverse((due.0, due.1, key)));
    }

    /// Queues the purge timer `at` for `key`.
    #[inline]
    pub(crate) fn arm_purge(&mut self, key: u32, at: Time) {
        self.purge.push(Reverse((at, key)));
    }

    /// Pops the earliest on-time timer if its end is at or before `w`.
    #[inline]
    pub(crate) fn pop_fire(&mut self, w: Time) -> Option<(Due, u32)> {
        let &Reverse((end, start, key)) = self.fire.peek()?;
        if end > w {
            return None;
        }
        self.fire.pop();
        Some(((end, start), key))
    }

    /// Pops the earliest purge timer if it is at or before `w`.
    #[inline]
    pub(crate) fn pop_purge(&mut self, w: Time) -> Option<(Time, u32)> {
        let &Reverse((at, key)) = self.purge.peek()?;
        if at > w {
            return None;
        }
        self.purge.pop();
        Some((at, key))
    }

    /// Bytes the two heaps hold (their capacities, stale entries included).
    pub(crate) fn heap_bytes(&self) -> usize {
        self.fire.capacity() * size_of::<Reverse<(Time, Time, u32)>>()
            + self.purge.capacity() * size_of::<Reverse<(Time, u32)>>()
    }
}
