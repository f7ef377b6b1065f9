//! The keyed window operator: takes events in arrival order, assigns them to
//! windows, tracks the watermark, fires windows on time and late, purges
//! state after the allowed lateness, and sends events too late for every
//! window to the side output. The rules are those of `SEMANTICS.md` (Flink's
//! event-time windows); each rule is tested in `tests/semantics.rs`.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};
use std::mem::size_of;

use rustc_hash::FxHashMap;

use crate::aggregate::Agg;
use crate::error::{BatchError, EngineError, Result};
use crate::session::SessionKey;
use crate::slices::SliceKey;
use crate::time::{check_time, Time, MAX_ABS_TIME, NEG_INF, POS_INF};
use crate::window::{Grid, Window, WindowSpec};

/// Which clock windows follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TimeDomain {
    /// Event time: windows by the event's own time, fired by the watermark.
    #[default]
    Event,
    /// Processing time: windows by arrival time, fired by the arrival clock.
    /// Nothing is late; out-of-orderness and lateness do not apply.
    Processing,
}

/// Caps on state, so a runaway stream is an error rather than an
/// out-of-memory abort. An event that would exceed one is rejected, and
/// nothing already accepted is lost.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Most keys with live state at once.
    pub max_keys: u64,
    /// Most state entries (slices or sessions) at once, over all keys
    /// (what JavaScript's deprecated `maxOpenWindows` counted).
    pub max_state_entries: u64,
    /// Most results fired and not drained: a push or a watermark advance is
    /// refused at this many (drain and go on).
    pub max_pending_results: u64,
    /// Most side-output events not drained: an event bound for the side
    /// output is refused at this many.
    pub max_pending_late: u64,
    /// Most rows one query ([`Engine::try_open_windows`]) returns.
    pub max_query_results: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_keys: 1_000_000,
            max_state_entries: 10_000_000,
            max_pending_results: 1_000_000,
            max_pending_late: 1_000_000,
            max_query_results: 100_000,
        }
    }
}

/// Engine configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Config {
    /// The window assigner.
    pub window: WindowSpec,
    /// Bounded out-of-orderness `d`: `W = max event time - d` (ms, >= 0).
    pub max_out_of_orderness: i64,
    /// Allowed lateness `L` (ms, >= 0).
    pub allowed_lateness: i64,
    /// Event time or processing time.
    pub time_domain: TimeDomain,
    /// State caps.
    pub limits: Limits,
}

impl Config {
    /// Event-time config with no allowed lateness.
    pub fn event_time(window: WindowSpec, max_out_of_orderness: i64) -> Config {
        Config {
            window,
            max_out_of_orderness,
            allowed_lateness: 0,
            time_domain: TimeDomain::Event,
            limits: Limits::default(),
        }
    }

    /// The same config with allowed lateness `l`.
    pub fn with_lateness(mut self, l: i64) -> Config {
        self.allowed_lateness = l;
        self
    }

    /// Processing-time config.
    pub fn processing_time(window: WindowSpec) -> Config {
        Config {
            time_domain: TimeDomain::Processing,
            ..Config::event_time(window, 0)
        }
    }

    /// Checks every field, naming the first one out of range.
    pub fn validate(&self) -> Result<()> {
        self.window.validate()?;
        let range = |field, v: i64| {
            if (0..=MAX_ABS_TIME).contains(&v) {
                Ok(())
            } else {
                Err(EngineError::InvalidConfig {
                    field,
                    value: v.to_string(),
                    reason: "must be a whole number of ms in 0..=2^53",
                })
            }
        };
        range("watermark.maxOutOfOrderness", self.max_out_of_orderness)?;
        range("allowedLateness", self.allowed_lateness)?;
        for (field, v) in [
            ("limits.maxKeys", self.limits.max_keys),
            ("limits.maxStateEntries", self.limits.max_state_entries),
            ("limits.maxPendingResults", self.limits.max_pending_results),
            ("limits.maxPendingLate", self.limits.max_pending_late),
            ("limits.maxQueryResults", self.limits.max_query_results),
        ] {
            if v == 0 {
                return Err(EngineError::InvalidConfig {
                    field,
                    value: "0".into(),
                    reason: "must be at least 1",
                });
            }
        }
        Ok(())
    }
}

/// One reading.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Event {
    /// Sensor id.
    pub key: u32,
    /// Event time (ms).
    pub time: Time,
    /// Reading (finite).
    pub value: f64,
    /// Arrival (processing) time (ms), required in processing-time mode.
    pub arrival: Option<Time>,
}

impl Event {
    /// An event without arrival time.
    pub fn new(key: u32, time: Time, value: f64) -> Event {
        Event {
            key,
            time,
            value,
            arrival: None,
        }
    }
}

/// What happened to a pushed event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Added to windows that have not fired yet.
    Assigned,
    /// Added to at least one window that had already fired, which fired again
    /// (kind `late`).
    LateAccepted,
    /// Too late for every window: sent to the side output.
    SideOutput,
    /// In no window (`slide > size`, between windows) and not late.
    Unassigned,
}

/// Why a window fired.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Firing {
    /// The watermark passed the window's end.
    OnTime,
    /// A late event updated a window that had passed the watermark.
    Late,
}

impl Firing {
    /// `"on-time"` or `"late"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Firing::OnTime => "on-time",
            Firing::Late => "late",
        }
    }
}

/// One window firing.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WindowResult {
    /// Key.
    pub key: u32,
    /// The window.
    pub window: Window,
    /// Its totals (accumulated over every firing).
    pub agg: Agg,
    /// On time or late.
    pub firing: Firing,
    /// The watermark (or processing clock) when it fired; `+inf` at flush.
    pub watermark: Time,
}

/// An event in the side output.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LateEvent {
    /// Key.
    pub key: u32,
    /// Event time.
    pub time: Time,
    /// Reading.
    pub value: f64,
    /// The watermark when it arrived.
    pub watermark: Time,
}

/// Where a window is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WindowState {
    /// Its end is after the watermark.
    Open,
    /// Fired; late events are still accepted until the watermark reaches `until`.
    Fired {
        /// `end + allowed lateness`.
        until: Time,
    },
    /// Purged; listed only because events were dropped as too late for it.
    Closed,
}

/// A window as the widgets show it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OpenWindow {
    /// Key.
    pub key: u32,
    /// The window.
    pub window: Window,
    /// Its state.
    pub state: WindowState,
    /// Its current totals (`None` once closed).
    pub agg: Option<Agg>,
    /// Events dropped as too late for this window.
    pub dropped: u64,
}

/// Counters and gauges at one moment.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Stats {
    /// Events accepted by `push` (valid ones).
    pub events_in: u64,
    /// Outcome `Assigned`.
    pub assigned: u64,
    /// Outcome `LateAccepted`.
    pub late_accepted: u64,
    /// Outcome `SideOutput`.
    pub side_output: u64,
    /// Outcome `Unassigned`.
    pub unassigned: u64,
    /// (event, window) pairs dropped because that window was past its
    /// lateness while the event joined other windows.
    pub dropped_from_windows: u64,
    /// On-time firings so far.
    pub fired_on_time: u64,
    /// Late firings so far.
    pub fired_late: u64,
    /// Windows with live state (not yet purged).
    pub open_windows: u64,
    /// State entries: slices (tumbling/sliding) or sessions.
    pub state_entries: u64,
    /// Keys with live state.
    pub keys: u64,
    /// Current watermark (or processing clock).
    pub watermark: Time,
    /// Largest event time seen (`-inf` before the first event).
    pub max_event_time: Time,
    /// `max_event_time - watermark` (0 before the first event, and at flush).
    pub event_time_lag: i64,
    /// Bytes of window state, measured from the engine's data structures.
    pub state_bytes: u64,
}

/// Per-key state, by window kind.
#[derive(Debug, Clone)]
pub(crate) enum Store {
    Slices {
        grid: Grid,
        keys: FxHashMap<u32, SliceKey>,
    },
    Sessions {
        gap: i64,
        keys: FxHashMap<u32, SessionKey>,
    },
}

/// How many windows with drops are remembered for [`Engine::open_windows`].
const DROPPED_MEMORY: usize = 1024;

/// The event-time window operator.
#[derive(Debug, Clone)]
pub struct Engine {
    pub(crate) config: Config,
    pub(crate) store: Store,
    pub(crate) watermark: Time,
    pub(crate) max_time: Time,
    /// On-time timers `(end, start, key)`; stale entries are skipped.
    pub(crate) fire_q: BinaryHeap<Reverse<(Time, Time, u32)>>,
    /// Purge timers `(end + lateness, key)`; stale entries are skipped.
    pub(crate) purge_q: BinaryHeap<Reverse<(Time, u32)>>,
    pub(crate) entries: u64,
    pub(crate) results: Vec<WindowResult>,
    pub(crate) late: Vec<LateEvent>,
    /// Windows with events dropped as too late, sorted by (end, start, key).
    pub(crate) dropped: VecDeque<(u32, Window, u64)>,
    pub(crate) stats: Stats,
}

impl Engine {
    /// A new engine, or the first invalid config field.
    pub fn new(config: Config) -> Result<Engine> {
        config.validate()?;
        let store = match Grid::of(&config.window) {
            Some(grid) => Store::Slices {
                grid,
                keys: FxHashMap::default(),
            },
            None => match config.window {
                WindowSpec::Session { gap } => Store::Sessions {
                    gap,
                    keys: FxHashMap::default(),
                },
                _ => unreachable!("grid covers tumbling and sliding"),
            },
        };
        Ok(Engine {
            config,
            store,
            watermark: NEG_INF,
            max_time: NEG_INF,
            fire_q: BinaryHeap::new(),
            purge_q: BinaryHeap::new(),
            entries: 0,
            results: Vec::new(),
            late: Vec::new(),
            dropped: VecDeque::new(),
            stats: Stats::default(),
        })
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The watermark (event time) or processing clock (processing time).
    pub fn watermark(&self) -> Time {
        self.watermark
    }

    fn processing(&self) -> bool {
        self.config.time_domain == TimeDomain::Processing
    }

    fn lateness(&self) -> i64 {
        if self.processing() {
            0
        } else {
            self.config.allowed_lateness
        }
    }

    /// Checks an event without changing anything; returns the time windows
    /// are assigned by (event time, or arrival in processing time).
    pub fn check(&self, ev: &Event) -> Result<Time> {
        check_time("time", ev.time)?;
        if !ev.value.is_finite() {
            return Err(EngineError::InvalidEvent {
                field: "value",
                value: ev.value.to_string(),
                reason: "must be a finite number",
            });
        }
        match ev.arrival {
            Some(a) => {
                check_time("arrival", a)?;
            }
            None if self.processing() => {
                return Err(EngineError::InvalidEvent {
                    field: "arrival",
                    value: "missing".into(),
                    reason: "is required in processing-time mode",
                })
            }
            None => {}
        }
        if self.processing() && self.watermark == POS_INF {
            return Err(EngineError::InvalidEvent {
                field: "arrival",
                value: ev.arrival.map_or("missing".into(), |a| a.to_string()),
                reason:
                    "the processing clock is at +inf after flush(); no window can take the event",
            });
        }
        Ok(match (self.processing(), ev.arrival) {
            // Processing time is when the operator sees the event: never
            // behind the clock, so nothing is ever late.
            (true, Some(a)) => a.max(self.watermark),
            _ => ev.time,
        })
    }

    /// Pushes one event in arrival order. On error nothing changed.
    pub fn push(&mut self, ev: Event) -> Result<Outcome> {
        let t = self.check(&ev)?;
        let l = self.config.limits;
        if self.results.len() as u64 >= l.max_pending_results {
            return Err(EngineError::LimitExceeded {
                field: "maxPendingResults",
                limit: l.max_pending_results,
                key: ev.key,
                time: ev.time,
            });
        }
        let outcome = match self.store {
            Store::Slices { .. } => self.push_slices(ev, t)?,
            Store::Sessions { .. } => self.push_session(ev, t)?,
        };
        self.stats.events_in += 1;
        match outcome {
            Outcome::Assigned => self.stats.assigned += 1,
            Outcome::LateAccepted => self.stats.late_accepted += 1,
            Outcome::SideOutput => self.stats.side_output += 1,
            Outcome::Unassigned => self.stats.unassigned += 1,
        }
        if t > self.max_time {
            self.max_time = t;
        }
        let d = if self.processing() {
            0
        } else {
            self.config.max_out_of_orderness
        };
        self.raise_watermark(self.max_time - d);
        Ok(outcome)
    }

    /// Pushes events in order. Every event is checked first, so an invalid
    /// one rejects the whole batch and nothing is accepted (`accepted` 0,
    /// `row` the first invalid one). A state limit hit midway stops at that
    /// row; the rows before it stay accepted.
    pub fn push_batch(&mut self, events: &[Event]) -> std::result::Result<usize, BatchError> {
        for (row, ev) in events.iter().enumerate() {
            self.check(ev).map_err(|error| BatchError {
                row,
                accepted: 0,
                error,
            })?;
        }
        for (row, ev) in events.iter().enumerate() {
            self.push(*ev).map_err(|error| BatchError {
                row,
                accepted: row,
                error,
            })?;
        }
        Ok(events.len())
    }

    /// Moves the watermark forward to `t` (idle sources, end of a replay).
    /// Never moves it back. Event time only.
    pub fn advance_watermark(&mut self, t: Time) -> Result<()> {
        if self.processing() {
            return Err(EngineError::InvalidConfig {
                field: "timeDomain",
                value: "processing".into(),
                reason: "advanceWatermark needs event time; use advanceProcessingTime",
            });
        }
        check_time("watermark", t)?;
        self.raise_watermark(t);
        Ok(())
    }

    /// Moves the processing clock forward to `t`. Processing time only.
    pub fn advance_processing_time(&mut self, t: Time) -> Result<()> {
        if !self.processing() {
            return Err(EngineError::InvalidConfig {
                field: "timeDomain",
                value: "event".into(),
                reason: "advanceProcessingTime needs processing time; use advanceWatermark",
            });
        }
        check_time("processingTime", t)?;
        self.raise_watermark(t);
        Ok(())
    }

    /// End of stream: the watermark becomes `+inf` and every window fires.
    pub fn flush(&mut self) {
        self.raise_watermark(POS_INF);
    }

    /// Takes the results fired since the last call, in firing order.
    pub fn drain_results(&mut self) -> Vec<WindowResult> {
        std::mem::take(&mut self.results)
    }

    /// Results fired and not drained yet.
    pub fn pending_results(&self) -> &[WindowResult] {
        &self.results
    }

    /// Takes the side output since the last call.
    pub fn drain_late(&mut self) -> Vec<LateEvent> {
        std::mem::take(&mut self.late)
    }

    /// The windows an event at `t` falls in (for a session: the one it
    /// proposes before merging).
    pub fn windows_for(&self, t: Time) -> Vec<Window> {
        self.config.window.windows_for(t)
    }

    /// Called by every push, and most pushes leave the watermark where it
    /// is: that test is inlined; the firing and purging are not, so the
    /// caller is not taxed with their register spills.
    #[inline]
    fn raise_watermark(&mut self, w: Time) {
        if w > self.watermark {
            self.advance_to(w);
        }
    }

    #[inline(never)]
    fn advance_to(&mut self, w: Time) {
        self.watermark = w;
        self.fire_due();
        self.purge_due();
    }

    /// Where `(key, window)` is (or belongs) in the drop memory, which is
    /// kept sorted by (end, start, key) so a late event dropped from many
    /// windows costs a binary search per window, not a scan.
    fn drop_slot(&self, key: u32, window: Window) -> std::result::Result<usize, usize> {
        let k = (window.end, window.start, key);
        self.dropped
            .binary_search_by(|(dk, dw, _)| (dw.end, dw.start, *dk).cmp(&k))
    }

    fn note_drop(&mut self, key: u32, window: Window) {
        match self.drop_slot(key, window) {
            Ok(i) => self.dropped[i].2 += 1,
            // Full: forget the window that ended first (or this one).
            Err(0) if self.dropped.len() == DROPPED_MEMORY => {}
            Err(i) if self.dropped.len() == DROPPED_MEMORY => {
                self.dropped.pop_front();
                self.dropped.insert(i - 1, (key, window, 1));
            }
            Err(i) => self.dropped.insert(i, (key, window, 1)),
        }
    }

    /// Refuses an event bound for a full side output (before anything of it
    /// is recorded: the drop memory is not touched either).
    fn late_room(&self, ev: &Event) -> Result<()> {
        let max = self.config.limits.max_pending_late;
        if self.late.len() as u64 >= max {
            return Err(EngineError::LimitExceeded {
                field: "maxPendingLate",
                limit: max,
                key: ev.key,
                time: ev.time,
            });
        }
        Ok(())
    }

    fn side_output(&mut self, ev: &Event) {
        self.late.push(LateEvent {
            key: ev.key,
            time: ev.time,
            value: ev.value,
            watermark: self.watermark,
        });
    }

    fn limit_check(&self, new_key: bool, new_entry: bool, ev: &Event) -> Result<()> {
        let keys = match &self.store {
            Store::Slices { keys, .. } => keys.len(),
            Store::Sessions { keys, .. } => keys.len(),
        } as u64;
        let l = self.config.limits;
        if new_key && keys >= l.max_keys {
            return Err(EngineError::LimitExceeded {
                field: "maxKeys",
                limit: l.max_keys,
                key: ev.key,
                time: ev.time,
            });
        }
        if new_entry && self.entries >= l.max_state_entries {
            return Err(EngineError::LimitExceeded {
                field: "maxStateEntries",
                limit: l.max_state_entries,
                key: ev.key,
                time: ev.time,
            });
        }
        Ok(())
    }

    fn push_slices(&mut self, ev: Event, t: Time) -> Result<Outcome> {
        let (w, l) = (self.watermark, self.lateness());
        let Store::Slices { grid, keys } = &mut self.store else {
            unreachable!()
        };
        // Fast path: an existing slice of the key holds `t` and all its
        // windows are still open, so nothing fires, drops or re-times.
        if let Some(agg) = keys
            .get_mut(&ev.key)
            .and_then(|k| k.open_slice_mut(grid, t, w))
        {
            agg.add(ev.value);
            return Ok(Outcome::Assigned);
        }
        let grid = *grid;
        if !grid.covered(t) {
            return Ok(if t.saturating_add(l) < w {
                self.late_room(&ev)?;
                self.side_output(&ev);
                Outcome::SideOutput
            } else {
                Outcome::Unassigned
            });
        }
        let p = grid.pane_start(t);
        let first = grid.first_end_holding(p);
        let last = grid.last_end_holding(p);
        if last.saturating_add(l) <= w {
            self.late_room(&ev)?;
            for win in self.config.window.windows_for(t) {
                self.note_drop(ev.key, win);
            }
            self.side_output(&ev);
            return Ok(Outcome::SideOutput);
        }
        let (new_key, slot) = match keys.get(&ev.key) {
            Some(k) => (false, k.find(p)),
            None => (true, Err(0)),
        };
        self.limit_check(new_key, slot.is_err(), &ev)?;
        // Windows of this slice, by end: dropped (end + L <= W), late
        // (end <= W), then on time.
        let mut e = first;
        while e.saturating_add(l) <= w {
            self.note_drop(
                ev.key,
                Window {
                    start: e - grid.size,
                    end: e,
                },
            );
            self.stats.dropped_from_windows += 1;
            e += grid.slide;
        }
        let first_live = e;
        let Store::Slices { keys, .. } = &mut self.store else {
            unreachable!()
        };
        let k = keys.entry(ev.key).or_default();
        match slot {
            Ok(i) => k.get_mut(i).expect("found slice").1.add(ev.value),
            Err(i) => {
                if i == k.len() {
                    k.hot_first_end = first;
                }
                k.insert(i, (p, Agg::of(ev.value)));
                self.entries += 1;
                // A new slice may bring an earlier on-time window or purge.
                // The first window of this slice still open: computed, not
                // stepped to (the lateness may span billions of windows).
                let on_time = if first_live > w {
                    first_live
                } else {
                    first_live + ((w - first_live) / grid.slide + 1) * grid.slide
                };
                if on_time <= last && k.next_fire.is_none_or(|n| on_time < n) {
                    k.next_fire = Some(on_time);
                    self.fire_q
                        .push(Reverse((on_time, on_time - grid.size, ev.key)));
                }
                if i == 0 {
                    self.purge_q.push(Reverse((last.saturating_add(l), ev.key)));
                }
            }
        }
        if first_live > w {
            return Ok(Outcome::Assigned);
        }
        let mut e = first_live;
        while e <= w && e <= last {
            let agg = k.window_agg(&grid, e);
            self.results.push(WindowResult {
                key: ev.key,
                window: Window {
                    start: e - grid.size,
                    end: e,
                },
                agg,
                firing: Firing::Late,
                watermark: w,
            });
            self.stats.fired_late += 1;
            e += grid.slide;
        }
        Ok(Outcome::LateAccepted)
    }

    fn push_session(&mut self, ev: Event, t: Time) -> Result<Outcome> {
        let (w, l) = (self.watermark, self.lateness());
        let Store::Sessions { gap, keys } = &mut self.store else {
            unreachable!()
        };
        // Fast path: the event extends the key's newest session, which has
        // not fired. No other session can touch it, and deadlines only move
        // later, so the armed timers stay valid.
        if let Some(k) = keys.get_mut(&ev.key) {
            if let Some((win, agg)) = k.sessions.last_mut() {
                if win.start <= t && t <= win.end && win.end > w {
                    let old = (win.end, win.start);
                    win.end = win.end.max(t.saturating_add(*gap));
                    agg.add(ev.value);
                    if k.next_fire == Some(old) {
                        k.next_fire = Some((win.end, win.start));
                    }
                    return Ok(Outcome::Assigned);
                }
            }
        }
        let proposal = Window {
            start: t,
            end: t.saturating_add(*gap),
        };
        let range = keys.get(&ev.key).map(|k| k.touching(proposal));
        let merges = range.as_ref().is_some_and(|r| !r.is_empty());
        if !merges && proposal.end.saturating_add(l) <= w {
            // Live sessions all end after W - L, so only an unmerged
            // proposal can be too late.
            self.late_room(&ev)?;
            self.note_drop(ev.key, proposal);
            self.side_output(&ev);
            return Ok(Outcome::SideOutput);
        }
        self.limit_check(range.is_none(), !merges, &ev)?;
        let Store::Sessions { keys, .. } = &mut self.store else {
            unreachable!()
        };
        let k = keys.entry(ev.key).or_default();
        let before = k.sessions.len();
        let at = k.merge_in(range.unwrap_or(0..0), proposal, Agg::of(ev.value));
        self.entries = self.entries + k.sessions.len() as u64 - before as u64;
        let (merged, agg) = k.sessions[at];
        // A session grows with almost every event; its timers are re-armed
        // lazily when they pop, so only an earlier deadline needs a push.
        k.next_fire = k.first_unfired(w);
        if let Some(x) = k.next_fire {
            if k.armed.is_none_or(|a| x < a) {
                k.armed = Some(x);
                self.fire_q.push(Reverse((x.0, x.1, ev.key)));
            }
        }
        if let Some(p) = k.purge_at(l) {
            if k.purge_armed.is_none_or(|a| p < a) {
                k.purge_armed = Some(p);
                self.purge_q.push(Reverse((p, ev.key)));
            }
        }
        if merged.end > w {
            return Ok(Outcome::Assigned);
        }
        self.results.push(WindowResult {
            key: ev.key,
            window: merged,
            agg,
            firing: Firing::Late,
            watermark: w,
        });
        self.stats.fired_late += 1;
        Ok(Outcome::LateAccepted)
    }

    /// Fires, in order of (end, start, key), every window whose end the
    /// watermark has reached.
    fn fire_due(&mut self) {
        let w = self.watermark;
        while let Some(&Reverse((end, start, key))) = self.fire_q.peek() {
            if end > w {
                break;
            }
            self.fire_q.pop();
            match &mut self.store {
                Store::Slices { grid, keys } => {
                    let Some(k) = keys.get_mut(&key) else {
                        continue;
                    };
                    if k.next_fire != Some(end) {
                        continue;
                    }
                    let agg = k.window_agg(grid, end);
                    self.results.push(WindowResult {
                        key,
                        window: Window { start, end },
                        agg,
                        firing: Firing::OnTime,
                        watermark: w,
                    });
                    k.next_fire = k.next_end_after(grid, end);
                    if let Some(n) = k.next_fire {
                        self.fire_q.push(Reverse((n, n - grid.size, key)));
                    }
                }
                Store::Sessions { keys, .. } => {
                    let Some(k) = keys.get_mut(&key) else {
                        continue;
                    };
                    if k.armed != Some((end, start)) {
                        continue;
                    }
                    k.armed = None;
                    if k.next_fire != Some((end, start)) {
                        // The session grew since this timer was set.
                        if let Some(x) = k.next_fire {
                            k.armed = Some(x);
                            self.fire_q.push(Reverse((x.0, x.1, key)));
                        }
                        continue;
                    }
                    let i = k.sessions.partition_point(|(s, _)| s.end < end);
                    let (window, agg) = k.sessions[i];
                    self.results.push(WindowResult {
                        key,
                        window,
                        agg,
                        firing: Firing::OnTime,
                        watermark: w,
                    });
                    k.next_fire = k.sessions.get(i + 1).map(|(s, _)| (s.end, s.start));
                    if let Some(x) = k.next_fire {
                        k.armed = Some(x);
                        self.fire_q.push(Reverse((x.0, x.1, key)));
                    }
                }
            }
            self.stats.fired_on_time += 1;
        }
    }

    /// Drops state whose allowed lateness the watermark has passed.
    fn purge_due(&mut self) {
        let (w, l) = (self.watermark, self.lateness());
        while let Some(&Reverse((at, key))) = self.purge_q.peek() {
            if at > w {
                break;
            }
            self.purge_q.pop();
            let (before, after, next, empty) = match &mut self.store {
                Store::Slices { grid, keys } => {
                    let Some(k) = keys.get_mut(&key) else {
                        continue;
                    };
                    if k.purge_at(grid, l) != Some(at) {
                        continue;
                    }
                    let before = k.len();
                    k.purge(grid, l, w);
                    (
                        before,
                        k.len(),
                        k.purge_at(grid, l),
                        k.is_empty() && k.next_fire.is_none(),
                    )
                }
                Store::Sessions { keys, .. } => {
                    let Some(k) = keys.get_mut(&key) else {
                        continue;
                    };
                    if k.purge_armed != Some(at) {
                        continue;
                    }
                    let before = k.sessions.len();
                    k.purge(l, w);
                    k.purge_armed = k.purge_at(l);
                    (
                        before,
                        k.sessions.len(),
                        k.purge_at(l),
                        k.sessions.is_empty() && k.next_fire.is_none(),
                    )
                }
            };
            self.entries -= (before - after) as u64;
            if let Some(n) = next {
                self.purge_q.push(Reverse((n, key)));
            }
            if empty {
                match &mut self.store {
                    Store::Slices { keys, .. } => keys.remove(&key).map(|_| ()),
                    Store::Sessions { keys, .. } => keys.remove(&key).map(|_| ()),
                };
            }
        }
    }

    /// Every window with live state, by key then end, plus recently closed
    /// windows that had events dropped as too late.
    pub fn open_windows(&self) -> Vec<OpenWindow> {
        let (w, l) = (self.watermark, self.lateness());
        let state = |win: Window| {
            if win.end > w {
                WindowState::Open
            } else {
                WindowState::Fired {
                    until: win.end.saturating_add(l),
                }
            }
        };
        let dropped =
            |key: u32, win: Window| self.drop_slot(key, win).map_or(0, |i| self.dropped[i].2);
        let mut out = Vec::new();
        match &self.store {
            Store::Slices { grid, keys } => {
                for (&key, k) in keys {
                    for end in k.live_window_ends(grid, l, w) {
                        let window = Window {
                            start: end - grid.size,
                            end,
                        };
                        let agg = k.window_agg(grid, end);
                        out.push(OpenWindow {
                            key,
                            window,
                            state: state(window),
                            agg: Some(agg),
                            dropped: dropped(key, window),
                        });
                    }
                }
            }
            Store::Sessions { keys, .. } => {
                for (&key, k) in keys {
                    for &(window, agg) in &k.sessions {
                        out.push(OpenWindow {
                            key,
                            window,
                            state: state(window),
                            agg: Some(agg),
                            dropped: dropped(key, window),
                        });
                    }
                }
            }
        }
        for &(key, window, n) in &self.dropped {
            if !out.iter().any(|o| o.key == key && o.window == window) {
                out.push(OpenWindow {
                    key,
                    window,
                    state: WindowState::Closed,
                    agg: None,
                    dropped: n,
                });
            }
        }
        out.sort_by_key(|o| (o.key, o.window.end, o.window.start));
        out
    }

    /// [`Engine::open_windows`], or an [`EngineError::QueryLimit`] naming
    /// `maxQueryResults` when it would list more rows than that (counted
    /// before any row is built: a sliding window with a small slide over
    /// many keys can hold tens of millions).
    pub fn try_open_windows(&self) -> Result<Vec<OpenWindow>> {
        let (w, l) = (self.watermark, self.lateness());
        let live = match &self.store {
            Store::Slices { grid, keys } => keys
                .values()
                .map(|k| k.live_window_ends(grid, l, w).len() as u64)
                .sum::<u64>(),
            Store::Sessions { keys, .. } => keys.values().map(|k| k.sessions.len() as u64).sum(),
        };
        let max = self.config.limits.max_query_results;
        // Closed windows with drops add at most DROPPED_MEMORY rows.
        let out = if live <= max {
            self.open_windows()
        } else {
            Vec::new()
        };
        let rows = live.max(out.len() as u64);
        if rows > max {
            return Err(EngineError::QueryLimit {
                field: "maxQueryResults",
                limit: max,
                rows,
            });
        }
        Ok(out)
    }

    /// Bytes held by window state, measured from the data structures'
    /// capacities (what the allocator really handed out), not from a formula.
    pub fn state_bytes(&self) -> u64 {
        fn map_bytes<V>(cap: usize) -> usize {
            if cap == 0 {
                return 0;
            }
            // hashbrown: buckets are a power of two holding 7/8 of them
            // (all but one below 8), one control byte each plus a group.
            let buckets = if cap < 8 {
                (cap + 1).next_power_of_two()
            } else {
                (cap * 8 / 7).next_power_of_two()
            };
            buckets * (size_of::<(u32, V)>() + 1) + 16
        }
        let keyed = match &self.store {
            Store::Slices { keys, .. } => {
                map_bytes::<SliceKey>(keys.capacity())
                    + keys
                        .values()
                        .map(|k| k.heap_capacity() * size_of::<crate::slices::Pane>())
                        .sum::<usize>()
            }
            Store::Sessions { keys, .. } => {
                map_bytes::<SessionKey>(keys.capacity())
                    + keys
                        .values()
                        .map(|k| k.sessions.capacity() * size_of::<crate::session::Session>())
                        .sum::<usize>()
            }
        };
        let timers = self.fire_q.capacity() * size_of::<Reverse<(Time, Time, u32)>>()
            + self.purge_q.capacity() * size_of::<Reverse<(Time, u32)>>()
            + self.dropped.capacity() * size_of::<(u32, Window, u64)>();
        (keyed + timers) as u64
    }

    /// Counters and gauges now.
    pub fn stats(&self) -> Stats {
        let (w, l) = (self.watermark, self.lateness());
        let (keys, open) = match &self.store {
            Store::Slices { grid, keys } => (
                keys.len(),
                keys.values()
                    .map(|k| k.live_window_ends(grid, l, w).len())
                    .sum::<usize>(),
            ),
            Store::Sessions { keys, .. } => {
                (keys.len(), keys.values().map(|k| k.sessions.len()).sum())
            }
        };
        let lag = if self.max_time == NEG_INF || w == POS_INF || w == NEG_INF {
            0
        } else {
            self.max_time - w
        };
        Stats {
            open_windows: open as u64,
            state_entries: self.entries,
            keys: keys as u64,
            watermark: w,
            max_event_time: self.max_time,
            event_time_lag: lag,
            state_bytes: self.state_bytes(),
            ..self.stats
        }
    }
}
