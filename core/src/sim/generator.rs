//! The [`Simulator`]: each sensor's readings on its grid (baseline, drift,
//! noise, anomaly steps), network delays and very late events, bursts;
//! generated up to the event time a chunk asks for, returned in arrival order.

use crate::error::Result;
use crate::time::Time;

use super::config::SimConfig;
use super::order::{emit, sort_bucket, sort_rows, Calendar, Out, Ring, Row, Slim};
use super::rng::{mix64, round_cents, scale32, trunc_non_negative, SplitMix64, GAMMA, SQRT_3};
use super::stream::{Anomaly, SimStream};

/// Per-sensor generator state.
#[derive(Debug, Clone, Copy)]
struct Sensor {
    /// Base state of the sensor's counter-based SplitMix64 stream.
    stream: u64,
    /// Grid index of the next event.
    next: u64,
    /// Next event's time relative to `startMs`:
    /// `floor((next * durationMs + phase) / n)`.
    offset: i64,
    /// `(next * durationMs + phase) mod n`.
    rem: u64,
    /// The sensor's own baseline.
    baseline: f64,
    /// Drift phase in cycles (0..1).
    drift_phase: f64,
    /// Drift frequency in cycles per ms.
    drift_rate: f64,
    /// Current (or next) active burst `[burst_start, burst_end)`.
    burst_start: i64,
    burst_end: i64,
    /// State of the sensor's sequential burst generator.
    burst_rng: u64,
    /// Index into `Simulator::by_key` of the first anomaly of this sensor
    /// that may still cover an event.
    anomaly_cursor: u32,
}

/// Generates a [`SimConfig`]'s stream chunk by chunk (see the module docs
/// for the chunk semantics), holding only the events in flight.
#[derive(Debug, Clone)]
pub struct Simulator {
    cfg: SimConfig,
    /// `startMs + durationMs`: event times are below it.
    end: Time,
    /// Readings per sensor (`n`).
    per_sensor: u64,
    /// `durationMs / n` and `durationMs % n`: the grid step, exactly.
    step_q: i64,
    step_r: u64,
    /// `lateFraction * 2^32`, compared with 32 random bits.
    late_threshold: u64,
    sensors: Vec<Sensor>,
    /// All anomalies, by start then key.
    anomalies: Vec<Anomaly>,
    /// How many of `anomalies` chunks have returned.
    anomalies_returned: usize,
    /// Anomaly intervals by key then start; sensor `k`'s are
    /// `by_key[key_offsets[k]..key_offsets[k + 1]]`.
    by_key: Vec<(i64, i64)>,
    key_offsets: Vec<u32>,
    /// Each gateway's clock skew (empty when there is none).
    skew: Vec<i64>,
    /// Every event with time below this has been generated.
    generated_until: Time,
    /// The last `until` (every event in flight arrives at or after it).
    returned_until: Time,
    /// Event time generated per step at most (see `next_chunk_into`).
    step: i64,
    /// Whether on-time events wait in `on_time`, one bucket per arrival ms
    /// (when their delays span little); otherwise every event waits in
    /// `late`.
    exact: bool,
    /// On-time events in flight, by arrival ms (a ring of `step +
    /// delayBaseMs + delaySpreadMs + 2` ms or more).
    on_time: Ring,
    /// Very late events in flight (and on-time ones unless `exact`); their
    /// arrivals span `step` + the largest delay + 1 ms.
    late: Calendar,
    /// Events a gateway holds back in a backlog silence, each with its
    /// arrival set to the silence's end, however far ahead: a calendar of
    /// 2^62 ms buckets (one for arrivals >= 0, one below), each row
    /// checked when due.
    held: Calendar,
    /// Reused buffers: rows of `late` due, one bucket sorted, counts.
    due: Vec<Row>,
    sorted: Vec<Row>,
    counts: Vec<u32>,
}

/// The (sensor, slot) pairs taken: an open-addressing set sized for `n`
/// (a hand-made one: a general hash set cost the wasm module about 1 KB).
struct Taken {
    /// Length a power of two, > 2n; `u32::MAX` marks an empty entry (no
    /// sensor has that id).
    table: Vec<(u32, u64)>,
}

impl Taken {
    fn new(n: usize) -> Taken {
        Taken {
            table: vec![(u32::MAX, 0); (2 * n + 2).next_power_of_two()],
        }
    }

    /// Adds the pair; false if it was there already.
    fn insert(&mut self, key: u32, slot: u64) -> bool {
        let mask = self.table.len() - 1;
        let mut i = mix64(slot.wrapping_mul(GAMMA) ^ key as u64) as usize & mask;
        loop {
            match self.table[i] {
                (u32::MAX, _) => {
                    self.table[i] = (key, slot);
                    return true;
                }
                t if t == (key, slot) => return false,
                _ => i = (i + 1) & mask,
            }
        }
    }
}

/// The run's anomalies, by start then key: distinct (sensor, slot) pairs,
/// a random start in the first half of the slot, so they never overlap on
/// one key.
fn place_anomalies(cfg: &SimConfig) -> Vec<Anomaly> {
    let mut anomalies = Vec::with_capacity(cfg.anomalies as usize);
    if cfg.anomalies > 0 {
        let len = cfg.anomaly_duration_ms;
        let slots = (cfg.duration_ms / (2 * len)) as u64;
        let mut rng = SplitMix64::new(cfg.seed ^ 0xA0A1_1E55_0000_0001);
        let mut taken = Taken::new(cfg.anomalies as usize);
        while anomalies.len() < cfg.anomalies as usize {
            let key = rng.below(cfg.sensors as u64) as u32;
            let slot = rng.below(slots);
            if !taken.insert(key, slot) {
                continue;
            }
            let start = cfg.start_ms + (slot as i64) * 2 * len + rng.between(0, len);
            anomalies.push(Anomaly {
                key,
                start_ms: start,
                end_ms: start + len,
            });
        }
        crate::sort::sort_by_key(&mut anomalies, |a| (a.start_ms, a.key));
    }
    anomalies
}

/// Sensor `k`'s generator state: its random stream, grid phase, baseline,
/// drift and first burst; its anomalies start at `anomaly_cursor`.
fn sensor(cfg: &SimConfig, k: u32, anomaly_cursor: u32) -> Sensor {
    let d = cfg.duration_ms as u64;
    let n = cfg.per_sensor_events();
    let mut rng = SplitMix64::new(mix64(cfg.seed) ^ mix64(k as u64 ^ 0x5E05_0000_0000));
    let stream = rng.next_u64();
    // Phase: the grid is t_i = floor((i * D + phase) / n), phase in 0..D.
    let phase = rng.below(d);
    let baseline = cfg.baseline + cfg.baseline_spread * (2.0 * rng.unit() - 1.0);
    let drift_phase = rng.unit();
    let period = cfg.drift_period_ms as f64 * (0.5 + rng.unit());
    let mut burst_rng = SplitMix64::new(rng.next_u64());
    let (mut burst_start, mut burst_end) = (i64::MIN, i64::MAX);
    if cfg.burst_active_ms > 0 {
        let (a, i) = (cfg.burst_active_ms, cfg.burst_idle_ms);
        burst_start = cfg.start_ms - burst_rng.between(0, a + i - 1);
        burst_end = burst_start + burst_rng.between((a / 2).max(1), a + a / 2);
    }
    Sensor {
        stream,
        next: 0,
        offset: (phase / n) as i64,
        rem: phase % n,
        baseline,
        drift_phase,
        drift_rate: 1.0 / period,
        burst_start,
        burst_end,
        burst_rng: burst_rng.state,
        anomaly_cursor,
    }
}

/// The gateways' skews by source (empty when none is skewed).
fn skews(cfg: &SimConfig) -> Vec<i64> {
    let mut skew = Vec::new();
    if !cfg.skew.is_empty() {
        skew = vec![0; cfg.sources as usize];
        for s in &cfg.skew {
            skew[s.source as usize] = s.ms;
        }
    }
    skew
}

impl Simulator {
    /// Validates `cfg`, places the anomalies and sets up every sensor.
    pub fn new(cfg: &SimConfig) -> Result<Simulator> {
        cfg.validate()?;
        let cfg = cfg.clone();
        let n = cfg.per_sensor_events();
        let d = cfg.duration_ms as u64;

        let anomalies = place_anomalies(&cfg);
        // By key then start: a stable counting sort by key of the list by
        // start (no comparison sort to compile in).
        let mut key_offsets = vec![0u32; cfg.sensors as usize + 1];
        for a in &anomalies {
            key_offsets[a.key as usize + 1] += 1;
        }
        for k in 0..cfg.sensors as usize {
            key_offsets[k + 1] += key_offsets[k];
        }
        let mut next = key_offsets.clone();
        let mut by_key = vec![(0, 0); anomalies.len()];
        for a in &anomalies {
            let at = &mut next[a.key as usize];
            by_key[*at as usize] = (a.start_ms, a.end_ms);
            *at += 1;
        }

        let sensors = (0..cfg.sensors)
            .map(|k| sensor(&cfg, k, key_offsets[k as usize]))
            .collect();
        let skew = skews(&cfg);
        // One bucket per arrival ms for on-time events when their delays
        // span at most about 8 s; a step is what the ring holds beyond that.
        let on_time_span = cfg.delay_base_ms + cfg.delay_spread_ms + 2;
        let exact = on_time_span <= 8_192;
        let (on_time, step) = if exact {
            let len = (on_time_span + 256).max(1024) as u64;
            let len = len.next_power_of_two() as i64;
            (Ring::new(len as usize), len - on_time_span)
        } else {
            (Ring::new(1), 65_536)
        };

        Ok(Simulator {
            end: cfg.start_ms + cfg.duration_ms,
            per_sensor: n,
            step_q: (d / n) as i64,
            step_r: d % n,
            late_threshold: libm::floor(cfg.late_fraction * 4_294_967_296.0) as u64,
            sensors,
            anomalies,
            anomalies_returned: 0,
            by_key,
            key_offsets,
            skew,
            generated_until: cfg.start_ms,
            returned_until: Time::MIN,
            step,
            exact,
            on_time,
            late: Calendar::new(step + cfg.max_delay_ms() + 1, 1024),
            held: Calendar::new(i64::MAX, 1),
            due: Vec::new(),
            sorted: Vec::new(),
            counts: Vec::new(),
            cfg,
        })
    }

    /// The configuration being simulated.
    pub fn config(&self) -> &SimConfig {
        &self.cfg
    }

    /// Every anomaly of the run (known up front), by start then key.
    pub fn anomalies(&self) -> &[Anomaly] {
        &self.anomalies
    }

    /// End of event time (`startMs + durationMs`, exclusive).
    pub fn end_ms(&self) -> Time {
        self.end
    }

    /// About how many events `next_chunk(until)` would generate: sensors x
    /// rateHz per second of event time in `[generated so far, min(until,
    /// end))` (those returned later included). For a caller that must
    /// bound a chunk before asking for it.
    pub fn rows_to_generate(&self, until: Time) -> f64 {
        let span = until
            .min(self.end)
            .saturating_sub(self.generated_until)
            .max(0);
        self.cfg.sensors as f64 * self.cfg.rate_hz * span as f64 / 1000.0
    }

    /// Events generated but not returned yet (still in flight).
    pub fn in_flight(&self) -> usize {
        self.on_time.rows + self.late.rows + self.held.rows
    }

    /// True when every event has been returned.
    pub fn is_done(&self) -> bool {
        self.generated_until >= self.end && self.in_flight() == 0
    }

    /// The next chunk: every event not returned yet whose arrival time is
    /// `< until`, in arrival order (then event time, then key). Calls should
    /// pass increasing `until`; `Time::MAX` returns the rest of the stream.
    pub fn next_chunk(&mut self, until: Time) -> SimStream {
        let mut out = SimStream::default();
        self.next_chunk_into(until, &mut out);
        out
    }

    /// As [`Simulator::next_chunk`], into `out` (cleared first), reusing its
    /// allocations.
    pub fn next_chunk_into(&mut self, until: Time, out: &mut SimStream) {
        out.clear();
        if until <= self.returned_until {
            return;
        }
        let first_anomaly = self.anomalies_returned;
        // Step by step: generate at most `step` ms of event time, then put
        // out what has arrived before the earliest arrival still to be
        // generated (every event is delayed by delayBaseMs at least), so
        // the calendars hold no more than a step and the largest delay.
        while self.returned_until < until {
            let gen_to = until.min(self.end).min(self.generated_until + self.step);
            if gen_to > self.generated_until {
                self.generate(gen_to);
                self.generated_until = gen_to;
            }
            let to = if self.generated_until >= self.end {
                until
            } else {
                until.min(self.generated_until + self.cfg.delay_base_ms)
            };
            self.put_out(to, out);
            self.returned_until = to;
        }
        let gen_to = self.generated_until;
        let to = first_anomaly
            + self.anomalies[first_anomaly..]
                .iter()
                .take_while(|a| a.start_ms < gen_to)
                .count();
        out.anomalies
            .extend_from_slice(&self.anomalies[first_anomaly..to]);
        self.anomalies_returned = to;
    }

    /// Appends to `out` every event in flight that arrives before `to`
    /// (all generated), in order: those waiting in `late` sorted, merged
    /// with the on-time ones ms by ms. At one arrival ms the very late come
    /// first: their delay exceeds every on-time delay, so their time is
    /// earlier.
    fn put_out(&mut self, to: Time, out: &mut SimStream) {
        let from = self.returned_until;
        let Simulator {
            cfg,
            on_time,
            late,
            due,
            sorted,
            counts,
            skew,
            held,
            ..
        } = self;
        let o = Out {
            columns: cfg.columns,
            sources: cfg.sources,
            skew,
        };
        due.clear();
        late.take_before(from, to, due);
        held.take_before(from, to, due);
        sort_rows(due);
        let mut l = 0;
        if on_time.rows > 0 {
            // No event arrives before startMs + delayBaseMs; those in
            // flight arrive within one ring length of the first ms.
            let len = on_time.buckets.len() as i64;
            let first = from.max(cfg.start_ms + cfg.delay_base_ms);
            let span = cfg.delay_spread_ms as usize + 1;
            let lo = cfg.delay_base_ms + cfg.delay_spread_ms;
            let mut a = first;
            while a < to.min(first + len) && on_time.rows > 0 {
                let bucket = &mut on_time.buckets[(a & (len - 1)) as usize];
                if !bucket.is_empty() {
                    let k = l + due[l..].iter().take_while(|r| r.arrival <= a).count();
                    sort_bucket(bucket, a, a - lo, span, counts, sorted);
                    // A backlog sent at this ms can be as late in event
                    // time as this ms's on-time events or later (very late
                    // ones never are: their delay is larger): then the two
                    // are sorted together. Due rows are sorted, so the
                    // last is the latest at this ms.
                    if k > l && due[k - 1].time >= sorted[0].time {
                        sorted.extend_from_slice(&due[l..k]);
                        sort_rows(sorted);
                    } else {
                        emit(&due[l..k], &o, out);
                    }
                    l = k;
                    emit(sorted, &o, out);
                    on_time.rows -= bucket.len();
                    bucket.clear();
                }
                a += 1;
            }
        }
        emit(&due[l..], &o, out);
    }

    /// Generates every event with time in `[generated_until, gen_to)`,
    /// sensor by sensor, into the calendars.
    fn generate(&mut self, gen_to: Time) {
        let cfg = &self.cfg;
        let start = cfg.start_ms;
        let (n, step_q, step_r) = (self.per_sensor, self.step_q, self.step_r);
        let bursty = cfg.burst_active_ms > 0;
        let (active, idle) = (cfg.burst_active_ms, cfg.burst_idle_ms);
        let base = cfg.delay_base_ms;
        let spread = cfg.delay_spread_ms as u64;
        let late_min = cfg.delay_base_ms + cfg.delay_spread_ms + cfg.late_min_ms;
        let late_span = (cfg.late_max_ms - cfg.late_min_ms) as u64;
        let late_threshold = self.late_threshold;
        let noise = cfg.noise_std;
        let drift = cfg.drift_amplitude;
        let step = cfg.anomaly_magnitude * cfg.noise_std;
        let exact = self.exact;
        let (on_time, late_rows, held) = (&mut self.on_time, &mut self.late, &mut self.held);

        for (k, s) in self.sensors.iter_mut().enumerate() {
            let anomaly_end = self.key_offsets[k + 1] as usize;
            // This sensor's gateway's silences, if it has any (a sensor
            // with none pays one test per event).
            let g = k as u32 % cfg.sources;
            let silent = cfg.silence.iter().any(|q| q.source == g);
            loop {
                let t = start + s.offset;
                if t >= gen_to {
                    break;
                }
                debug_assert!(s.next < n);
                let i = s.next;
                s.next += 1;
                s.offset += step_q;
                s.rem += step_r;
                if s.rem >= n {
                    s.rem -= n;
                    s.offset += 1;
                }

                if bursty {
                    if t >= s.burst_end {
                        let mut rng = SplitMix64::new(s.burst_rng);
                        while t >= s.burst_end {
                            s.burst_start = s.burst_end + rng.between(idle, 2 * idle);
                            s.burst_end = s.burst_start
                                + rng.between((active / 2).max(1), active + active / 2);
                        }
                        s.burst_rng = rng.state;
                    }
                    if t < s.burst_start {
                        continue;
                    }
                }

                // Anomaly: advance past those that ended.
                let mut c = s.anomaly_cursor as usize;
                while c < anomaly_end && self.by_key[c].1 <= t {
                    c += 1;
                }
                s.anomaly_cursor = c as u32;
                let in_anomaly = c < anomaly_end && self.by_key[c].0 <= t;

                let h1 = SplitMix64::at(s.stream, 2 * i);
                let h2 = SplitMix64::at(s.stream, 2 * i + 1);

                // Noise: four 16-bit uniforms summed, centred, unit variance.
                let sum =
                    (h1 & 0xFFFF) + ((h1 >> 16) & 0xFFFF) + ((h1 >> 32) & 0xFFFF) + (h1 >> 48);
                let z = ((sum as f64 + 2.0) * (1.0 / 65_536.0) - 2.0) * SQRT_3;
                // Drift: a smooth periodic wave, 4v(1-|v|) for v in [-1, 1).
                let x = (t - start) as f64 * s.drift_rate + s.drift_phase;
                // x >= 0 (and below 2^63), so truncating is flooring,
                // exactly.
                let v = 2.0 * (x - trunc_non_negative(x)) - 1.0;
                let wave = 4.0 * v * (1.0 - libm::fabs(v));
                let mut value = s.baseline + drift * wave + noise * z;
                if in_anomaly {
                    value += step;
                }
                let value = round_cents(value);

                // Delay: 32 bits decide "very late", 32 bits its size.
                let late = (h2 >> 32) < late_threshold;
                let delay = if late {
                    late_min + scale32(h2, late_span)
                } else {
                    base + scale32(h2, spread)
                };

                // A silent gateway loses what arrives then, or (backlog)
                // sends it when the silence ends; if that end is inside
                // another of its silences, that one decides too (arrival
                // only grows, so this stops). After every draw: draws are
                // by index, so the other events do not change.
                let mut at = Some(t + delay);
                while let Some(q) = at.filter(|_| silent).and_then(|a| {
                    cfg.silence
                        .iter()
                        .find(|q| q.source == g && q.from_ms <= a && a < q.to_ms)
                }) {
                    at = q.backlog.then_some(q.to_ms);
                }
                let Some(arrival) = at else { continue };
                let row = Row {
                    arrival,
                    time: t,
                    key: k as u32,
                    anomaly: in_anomaly as u8,
                    value,
                };
                if arrival != t + delay {
                    held.push(row);
                } else if late || !exact {
                    late_rows.push(row);
                } else {
                    // (On time: `delay` is `base + 0..=spread`.)
                    let off = (base + spread as i64 - delay) as u16;
                    let slim = Slim {
                        value,
                        key: k as u32,
                        off,
                        anomaly: in_anomaly as u8,
                    };
                    on_time.push(arrival, slim);
                }
            }
        }
    }
}

/// The whole stream of `cfg` at once, in arrival order, with every anomaly.
pub fn simulate(cfg: &SimConfig) -> Result<SimStream> {
    let mut sim = Simulator::new(cfg)?;
    Ok(sim.next_chunk(Time::MAX))
}
