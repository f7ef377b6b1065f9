//! Putting generated events in arrival order: a calendar of buckets for the
//! events in flight, and a counting sort (with a comparison-sort fallback)
//! that writes a chunk's rows out as columns.

use crate::time::Time;

use super::stream::SimStream;

/// One generated event before it is written out.
#[derive(Debug, Clone, Copy)]
pub(super) struct Row {
    pub(super) arrival: i64,
    pub(super) time: i64,
    pub(super) key: u32,
    pub(super) anomaly: u8,
    pub(super) value: f64,
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
/// `floor(arrival / bucket_ms) mod len`. Rows in flight arrive in
/// `[returned_until, returned_until + span)`, and the ring covers `span`,
/// so no two live absolute buckets share a slot. A bucket keeps rows in
/// insertion order.
#[derive(Debug, Clone)]
pub(super) struct Calendar {
    pub(super) buckets: Vec<Vec<Row>>,
    pub(super) bucket_ms: i64,
    pub(super) rows: usize,
}

impl Calendar {
    /// A calendar for arrivals spread over `span` ms (at most 1024 + 2
    /// buckets).
    pub(super) fn new(span: i64) -> Calendar {
        let bucket_ms = (span + 1023) / 1024;
        let len = ((span + bucket_ms - 1) / bucket_ms + 1) as usize;
        Calendar {
            buckets: (0..len).map(|_| Vec::new()).collect(),
            bucket_ms,
            rows: 0,
        }
    }

    #[inline(always)]
    pub(super) fn push(&mut self, r: Row) {
        let len = self.buckets.len() as i64;
        let slot = r.arrival.div_euclid(self.bucket_ms).rem_euclid(len);
        self.buckets[slot as usize].push(r);
        self.rows += 1;
    }

    /// Moves every row with arrival `< until` to `ready`, bucket by bucket
    /// (all rows arrive at or after `from`).
    pub(super) fn take_before(&mut self, from: Time, until: Time, ready: &mut Vec<Row>) {
        if self.rows == 0 {
            return;
        }
        let w = self.bucket_ms;
        let len = self.buckets.len() as i64;
        let first = from.div_euclid(w);
        let last = until.div_euclid(w);
        let all = last.saturating_sub(first) >= len;
        let count = if all { len } else { last - first + 1 };
        for b in 0..count {
            let bucket = &mut self.buckets[(first + b).rem_euclid(len) as usize];
            if bucket.is_empty() {
                continue;
            }
            let before = bucket.len();
            if all || b + 1 < count {
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

/// Span of `key` over `rows` as `(min, buckets)`, if a counting sort on it
/// is cheap (at most about 4 buckets per row).
pub(super) fn bucket_span(rows: &[Row], key: impl Fn(&Row) -> i64) -> Option<(i64, usize)> {
    let (mut lo, mut hi) = (i64::MAX, i64::MIN);
    for r in rows {
        lo = lo.min(key(r));
        hi = hi.max(key(r));
    }
    let span = hi.checked_sub(lo)? as u64 + 1;
    (span <= 4 * rows.len() as u64 + 65_536).then_some((lo, span as usize))
}

/// Stable counting sort of `rows` by `key` (`lo..lo + buckets`): returns,
/// for each row in order, its position in the sorted order, via `place`.
pub(super) fn counting_positions(
    rows: &[Row],
    key: impl Fn(&Row) -> i64,
    lo: i64,
    buckets: usize,
    counts: &mut Vec<u32>,
    mut place: impl FnMut(usize, &Row),
) {
    counts.clear();
    counts.resize(buckets, 0);
    for r in rows {
        counts[(key(r) - lo) as usize] += 1;
    }
    let mut sum = 0u32;
    for c in counts.iter_mut() {
        let here = *c;
        *c = sum;
        sum += here;
    }
    for r in rows {
        let b = &mut counts[(key(r) - lo) as usize];
        place(*b as usize, r);
        *b += 1;
    }
}

/// Writes `rows` into `out`'s columns ordered by (arrival, time, key),
/// with each row's gateway (`key % sources`) and that gateway's clock skew
/// (`skew[source]`, none if `skew` is empty) added to the time written. The
/// order is on the true time: a skew only changes what the gateway stamps.
///
/// `rows` must list rows of equal time in key order (they do: sensors are
/// generated in key order, and rows keep their relative order while in
/// flight). Then a stable counting sort by time, and another by arrival,
/// give the order in two linear passes; the second writes the columns
/// directly. When times or arrivals spread too widely for buckets, a
/// comparison sort does it instead.
pub(super) fn write_sorted(
    rows: &mut [Row],
    scratch: &mut Vec<Row>,
    counts: &mut Vec<u32>,
    sources: u32,
    skew: &[i64],
    out: &mut SimStream,
) {
    let n = rows.len();
    let spans = bucket_span(rows, |r| r.time).zip(bucket_span(rows, |r| r.arrival));
    let placeholder = Row {
        arrival: 0,
        time: 0,
        key: 0,
        anomaly: 0,
        value: 0.0,
    };
    out.keys.resize(n, 0);
    out.times.resize(n, 0);
    out.arrivals.resize(n, 0);
    out.values.resize(n, 0.0);
    out.anomaly.resize(n, 0);
    out.sources.resize(n, 0);
    let mut write = |i: usize, r: &Row| {
        out.keys[i] = r.key;
        out.times[i] = r.time;
        out.arrivals[i] = r.arrival;
        out.values[i] = r.value;
        out.anomaly[i] = r.anomaly;
        if sources > 1 {
            let g = r.key % sources;
            out.sources[i] = g;
            if !skew.is_empty() {
                out.times[i] += skew[g as usize];
            }
        }
    };
    match spans {
        Some(((t_lo, t_buckets), (a_lo, a_buckets))) if n > 64 => {
            scratch.clear();
            scratch.resize(n, placeholder);
            counting_positions(
                rows,
                |r| r.time,
                t_lo,
                t_buckets,
                counts,
                |i, r| scratch[i] = *r,
            );
            counting_positions(
                scratch,
                |r| r.arrival,
                a_lo,
                a_buckets,
                counts,
                |i, r| write(i, r),
            );
        }
        _ => {
            crate::sort::sort_by_key(rows, Row::order);
            for (i, r) in rows.iter().enumerate() {
                write(i, r);
            }
        }
    }
}
