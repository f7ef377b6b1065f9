//! The simulator's output: a [`SimStream`] of columns in arrival order with
//! the injected [`Anomaly`] list, and [`stream_hash`], the fingerprint the
//! golden test compares across platforms.

use crate::Event;

/// An injected anomaly: sensor `key` reads `anomalyMagnitude` noise standard
/// deviations off during event times `[start_ms, end_ms)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Anomaly {
    /// The sensor.
    pub key: u32,
    /// First event time affected (ms, inclusive).
    pub start_ms: i64,
    /// End of the anomaly (ms, exclusive).
    pub end_ms: i64,
}

/// Simulated events as columns (one row per event, all columns the same
/// length, or empty when [`SimConfig::columns`](super::SimConfig::columns)
/// left them out), in arrival order, plus the anomalies injected.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SimStream {
    /// Sensor ids.
    pub keys: Vec<u32>,
    /// Event times (ms).
    pub times: Vec<i64>,
    /// Arrival times (ms): event time + network delay, never earlier.
    pub arrivals: Vec<i64>,
    /// Readings, finite, rounded to 2 decimals.
    pub values: Vec<f64>,
    /// 1 if the event lies inside an injected anomaly of its sensor, else 0.
    pub anomaly: Vec<u8>,
    /// The gateway each event came through (`key % sources`).
    pub sources: Vec<u32>,
    /// Anomalies injected, ordered by start then key. (From
    /// [`Simulator::next_chunk`]: those starting in the event times that
    /// chunk generated.)
    pub anomalies: Vec<Anomaly>,
}

impl SimStream {
    /// Number of events (the longest column: those left out are empty).
    pub fn len(&self) -> usize {
        let lens = [
            self.keys.len(),
            self.times.len(),
            self.arrivals.len(),
            self.values.len(),
            self.anomaly.len(),
            self.sources.len(),
        ];
        lens.into_iter().max().unwrap_or(0)
    }

    /// True when there are no events.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Removes all events and anomalies, keeping the allocations.
    pub fn clear(&mut self) {
        self.keys.clear();
        self.times.clear();
        self.arrivals.clear();
        self.values.clear();
        self.anomaly.clear();
        self.sources.clear();
        self.anomalies.clear();
    }

    /// Event `i` as the engine takes it, arrival time included (a column
    /// left out reads as 0, `arrival` as `None`).
    pub fn event(&self, i: usize) -> Event {
        Event {
            source: self.sources.get(i).copied().unwrap_or(0),
            key: self.keys.get(i).copied().unwrap_or(0),
            time: self.times.get(i).copied().unwrap_or(0),
            value: self.values.get(i).copied().unwrap_or(0.0),
            arrival: self.arrivals.get(i).copied(),
        }
    }

    /// All events, in arrival order.
    pub fn events(&self) -> impl Iterator<Item = Event> + '_ {
        (0..self.len()).map(|i| self.event(i))
    }

    /// Appends `other`'s events and anomalies (to join chunks).
    pub fn extend_from(&mut self, other: &SimStream) {
        self.keys.extend_from_slice(&other.keys);
        self.times.extend_from_slice(&other.times);
        self.arrivals.extend_from_slice(&other.arrivals);
        self.values.extend_from_slice(&other.values);
        self.anomaly.extend_from_slice(&other.anomaly);
        self.sources.extend_from_slice(&other.sources);
        self.anomalies.extend_from_slice(&other.anomalies);
    }
}

/// FNV-1a (64-bit) over the little-endian bytes of, in turn: all `keys`
/// (u32), `times`, `arrivals` (i64), `values` (f64 bits), `anomaly` (u8),
/// then, only if some source is not 0, all `sources` (u32), then each
/// anomaly's `key` (u32), `start_ms`, `end_ms` (i64). Two streams with the
/// same hash are, for the tests' purposes, identical. (Skipping sources that
/// are all 0 keeps the hashes from before there were gateways.)
pub fn stream_hash(s: &SimStream) -> u64 {
    // FNV-1a over bytes, one copy of the loop for every column (smaller
    // wasm than a loop per column type).
    #[inline(never)]
    fn eat(mut h: u64, bytes: &[u8]) -> u64 {
        for &b in bytes {
            h ^= b as u64;
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        h
    }
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &v in &s.keys {
        h = eat(h, &v.to_le_bytes());
    }
    for &v in s.times.iter().chain(&s.arrivals) {
        h = eat(h, &v.to_le_bytes());
    }
    for &v in &s.values {
        h = eat(h, &v.to_bits().to_le_bytes());
    }
    h = eat(h, &s.anomaly);
    if s.sources.iter().any(|&g| g != 0) {
        for &v in &s.sources {
            h = eat(h, &v.to_le_bytes());
        }
    }
    for a in &s.anomalies {
        h = eat(h, &a.key.to_le_bytes());
        h = eat(h, &a.start_ms.to_le_bytes());
        h = eat(h, &a.end_ms.to_le_bytes());
    }
    h
}

/// `stream_hash(&simulate(&golden_config()).unwrap())`, the same natively
/// and in wasm32.
pub const GOLDEN_HASH: u64 = 0xab66_43bc_5fcb_1707;
