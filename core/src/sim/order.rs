//! Putting generated events in arrival order: calendars of buckets for the
//! events in flight (on-time rows by the ms they arrive, when their delays
//! span little; the rest coarser), a counting sort per ms and a comparison
//! sort for the rest, and the columns written out.

use crate::time::Time;

use super::config::Columns;
use super::stream::SimStream;

/// One generated event before it is written out.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Row {
    pub(super) arrival: i64,
    pub(super) time: i64,
    pub(super) key: u32,
    pub(super) anomaly: u8,
    pub(super) value: f64,
}

/// Sorts rows into the output order. One copy for its three callers (each
/// inlined heapsort was a few hundred bytes of wasm).
#[inline(never)]
pub(super) fn sort_rows(rows: &mut [Row]) {
    crate::sort::sort_by_key(rows, Row::order);
}

impl Row {
    /// The output order: arrival, then event time, then key (total, since
    /// a sensor has at most one event per ms).
    #[inline(always)]
    pub(super) fn order(&self) -> (i64, i64, u32) {
        (self.arrival, self.time, self.key)
    }
}

/// Events in flight, in a ring of buckets by arrival time: bucket
/// `floor(arrival / 2^shift) mod len`. Rows in flight arrive in
/// `[returned_until, returned_until + span)`, and the ring covers `span`,
/// so no two live absolute buckets share a slot. A bucket keeps rows in
/// insertion order.
#[derive(Debug, Clone)]
pub(super) struct Calendar {
    /// A power of two long.
    pub(super) buckets: Vec<Vec<Row>>,
    /// Buckets are `2^shift` ms wide.
    pub(super) shift: u32,
    pub(super) rows: usize,
}

impl Calendar {
    /// A calendar for arrivals spread over `span` ms: at most about
    /// `2 x most` buckets of a power of two ms each, so a row's bucket is a
    /// shift and a mask (two divisions per event cost more than the rest of
    /// the push).
    #[inline(never)] // three calls: one copy in the wasm module
    pub(super) fn new(span: i64, most: i64) -> Calendar {
        let mut shift = 0;
        while (span >> shift) > most {
            shift += 1;
        }
        let len = ((span >> shift) as usize + 2).next_power_of_two();
        Calendar {
            buckets: (0..len).map(|_| Vec::new()).collect(),
            shift,
            rows: 0,
        }
    }

    #[inline(always)]
    pub(super) fn push(&mut self, r: Row) {
        let slot = (r.arrival >> self.shift) as usize & (self.buckets.len() - 1);
        self.buckets[slot].push(r);
        self.rows += 1;
    }

    /// Moves every row with arrival `< until` to `ready`, bucket by bucket
    /// (all rows arrive at or after `from`).
    pub(super) fn take_before(&mut self, from: Time, until: Time, ready: &mut Vec<Row>) {
        if self.rows == 0 {
            return;
        }
        let len = self.buckets.len() as i64;
        let first = from >> self.shift;
        let last = until >> self.shift;
        let all = last.saturating_sub(first) >= len;
        let count = if all { len } else { last - first + 1 };
        for b in 0..count {
            let bucket = &mut self.buckets[((first + b) & (len - 1)) as usize];
            if bucket.is_empty() {
                continue;
            }
            let before = bucket.len();
            // (All of a bucket before the last is due, unless the range
            // wraps the ring: then each row is checked.)
            if !all && b + 1 < count {
                ready.extend_from_slice(bucket);
                bucket.clear();
            } else {
                bucket.retain(|r| {
                    let now = r.arrival < until;
                    if now {
                        ready.push(*r);
                    }
                    !now
                });
            }
            self.rows -= before - bucket.len();
        }
    }
}

/// An on-time row waiting in a [`Ring`], in half a [`Row`]'s bytes (the
/// ring is several MB at the factory's rates: its pushes and the sort's
/// reads are memory traffic): its arrival is its bucket's ms, and its time
/// `off` ms after the earliest an on-time row arriving then can have.
#[derive(Debug, Clone, Copy)]
pub(super) struct Slim {
    pub(super) value: f64,
    pub(super) key: u32,
    pub(super) off: u16,
    pub(super) anomaly: u8,
}

impl Slim {
    /// The row, for a bucket whose on-time rows have times from `lo`.
    #[inline(always)]
    fn row(&self, arrival: i64, lo: i64) -> Row {
        Row {
            arrival,
            time: lo + self.off as i64,
            key: self.key,
            anomaly: self.anomaly,
            value: self.value,
        }
    }
}

/// On-time events in flight, one bucket per arrival ms: bucket `arrival
/// mod len` (as [`Calendar`] with `shift` 0, of [`Slim`] rows).
#[derive(Debug, Clone)]
pub(super) struct Ring {
    /// A power of two long.
    pub(super) buckets: Vec<Vec<Slim>>,
    pub(super) rows: usize,
}

impl Ring {
    pub(super) fn new(len: usize) -> Ring {
        Ring {
            buckets: (0..len).map(|_| Vec::new()).collect(),
            rows: 0,
        }
    }

    #[inline(always)]
    pub(super) fn push(&mut self, arrival: i64, r: Slim) {
        let slot = arrival as usize & (self.buckets.len() - 1);
        self.buckets[slot].push(r);
        self.rows += 1;
    }
}

/// What goes out for each row: the columns asked for, each gateway's
/// clock skew (by source; empty when none is skewed).
pub(super) struct Out<'a> {
    pub(super) columns: Columns,
    pub(super) sources: u32,
    pub(super) skew: &'a [i64],
}

/// Appends `rows`, in order, to the columns of `out` asked for: a loop per
/// column, each a bare copy (one reservation, no capacity test or column
/// test per row: in V8 one loop with a test per column ran about 80 wasm
/// instructions per row for the factory's three columns).
pub(super) fn emit(rows: &[Row], o: &Out, out: &mut SimStream) {
    let want = |c| o.columns.contains(c);
    if want(Columns::KEYS) {
        out.keys.extend(rows.iter().map(|r| r.key));
    }
    if want(Columns::TIMES) {
        if o.skew.is_empty() {
            out.times.extend(rows.iter().map(|r| r.time));
        } else {
            out.times.extend(
                rows.iter()
                    .map(|r| r.time + o.skew[(r.key % o.sources) as usize]),
            );
        }
    }
    if want(Columns::ARRIVALS) {
        out.arrivals.extend(rows.iter().map(|r| r.arrival));
    }
    if want(Columns::VALUES) {
        out.values.extend(rows.iter().map(|r| r.value));
    }
    if want(Columns::ANOMALY) {
        out.anomaly.extend(rows.iter().map(|r| r.anomaly));
    }
    if want(Columns::SOURCES) {
        let g = o.sources;
        out.sources
            .extend(rows.iter().map(|r| if g == 1 { 0 } else { r.key % g }));
    }
}

/// The on-time rows arriving at ms `arrival`, sorted by (time, key) into
/// `sorted`. Their times lie in `lo..lo + span` (`off` below `span`), and
/// rows of one time are already in key order (generated sensor by sensor,
/// in time windows one after the other): a stable counting sort on the
/// time does it. Few rows over a wide span are cheaper to sort by
/// comparison.
pub(super) fn sort_bucket(
    rows: &[Slim],
    arrival: i64,
    lo: i64,
    span: usize,
    counts: &mut Vec<u32>,
    sorted: &mut Vec<Row>,
) {
    if rows.len() * 8 < span {
        sorted.clear();
        sorted.extend(rows.iter().map(|r| r.row(arrival, lo)));
        sort_rows(sorted);
        return;
    }
    counts.clear();
    counts.resize(span, 0);
    for r in rows {
        counts[r.off as usize] += 1;
    }
    let mut sum = 0u32;
    for c in counts.iter_mut() {
        let here = *c;
        *c = sum;
        sum += here;
    }
    // Every slot below rows.len() is written below, so the buffer is not
    // cleared first: `resize` then fills only the slots past the last
    // bucket's length (a fill of every row was about 7 wasm instructions
    // per event in V8).
    sorted.resize(rows.len(), Row::default());
    for r in rows {
        let at = &mut counts[r.off as usize];
        sorted[*at as usize] = r.row(arrival, lo);
        *at += 1;
    }
}
