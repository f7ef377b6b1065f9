//! The keyed window operator: takes events in arrival order, assigns them to
//! windows, tracks the watermark, fires windows on time and late, purges
//! state after the allowed lateness, and sends events too late for every
//! window to the side output. The rules are those of `SEMANTICS.md` (Flink's
//! event-time windows); each rule is tested in `tests/semantics.rs`.
//!
//! The per-key work is in the [`KeyState`] implementations (`slices.rs`,
//! `session.rs`) and the generic [`Keyed`]; this file holds what every
//! kind shares ([`Core`]) and matches on the kind once per public call.

use std::mem::size_of;

use rustc_hash::FxHashMap;

use super::config::{Config, TimeDomain};
use super::dropped::DropMemory;
use super::session::SessionKey;
use super::slices::SliceKey;
use super::sources::{Sources, MAX_TRACKED_SOURCES};
use super::state::{KeyState, Keyed};
use super::timers::Timers;
use super::trigger::{self, Trig};
use super::types::{
    Event, Firing, LateEvent, OpenWindow, Outcome, SourceStats, Stats, WindowResult, WindowState,
};
use crate::aggregate::Agg;
use crate::error::{BatchError, EngineError, Result};
use crate::time::{check_time, Time, NEG_INF, POS_INF};
use crate::window::{Grid, Window, WindowSpec};

/// Per-key state, by window kind: the one place the kind is matched.
#[derive(Debug, Clone)]
pub(crate) enum Store {
    /// Tumbling, sliding and cumulating windows.
    Slices(Keyed<SliceKey>),
    /// Session windows.
    Sessions(Keyed<SessionKey>),
}

/// Runs `$body` with `$k` bound to the store's [`Keyed`], whatever its kind
/// (each arm is a monomorphised copy).
macro_rules! dispatch {
    ($store:expr, $k:ident => $body:expr) => {
        match $store {
            Store::Slices($k) => $body,
            Store::Sessions($k) => $body,
        }
    };
}

/// Everything but the per-key state: config, clocks, timers, outputs and
/// counters. Kept apart from the store so that per-key code can hold a key
/// and still reach these.
#[derive(Debug, Clone)]
pub(crate) struct Core {
    pub(crate) config: Config,
    pub(crate) watermark: Time,
    pub(crate) max_time: Time,
    /// The processing clock: the latest arrival pushed or
    /// `advance_processing_time`, in event time too (`NEG_INF` at start).
    pub(crate) clock: Time,
    /// Per-source watermarks and idleness; `None` on the single-source
    /// path (one source, none declared, no idle timeout), where `W` is
    /// `max_time - d` as in v1 (see `sources.rs`).
    pub(crate) sources: Option<Box<Sources>>,
    pub(crate) timers: Timers,
    /// State entries (slices or sessions) over all keys.
    pub(crate) entries: u64,
    pub(crate) results: Vec<WindowResult>,
    pub(crate) late: Vec<LateEvent>,
    pub(crate) dropped: DropMemory,
    /// Counters; the gauges are filled in by [`Engine::stats`].
    pub(crate) stats: Stats,
    /// The pending-result count at which `push` leaves its fast path:
    /// `max_pending_results`, or 0 while firing is paused (due windows
    /// wait at the limit), so the one comparison a push already makes
    /// also catches a pause, and the slow path resumes the firing first.
    pub(crate) gate: u64,
    /// Trigger and accumulation state, only for a non-default trigger or
    /// accumulation (see `trigger.rs`); `None` keeps the v1 path.
    pub(crate) trig: Option<Box<Trig>>,
    /// `sources` or `trig` is set: every push takes [`push_general`].
    /// Kept as one flag so that the hot path tests one byte, not two
    /// pointers (see [`Core::set_general`]).
    pub(crate) general: bool,
    /// How far the watermark trails the largest time: the
    /// out-of-orderness in event time, 0 in processing time. Fixed by the
    /// config; kept here so the hot path does not test the time domain.
    pub(crate) delay: i64,
}

impl Core {
    pub(crate) fn processing(&self) -> bool {
        self.config.time_domain == TimeDomain::Processing
    }

    /// The allowed lateness in effect (none in processing time).
    #[inline]
    pub(crate) fn lateness(&self) -> i64 {
        if self.processing() {
            0
        } else {
            self.config.allowed_lateness
        }
    }

    /// Refuses an event bound for a full side output, before anything of it
    /// is recorded (the drop memory is not touched either).
    pub(crate) fn late_room(&self, ev: &Event) -> Result<()> {
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

    pub(crate) fn side_output(&mut self, ev: &Event) {
        self.late.push(LateEvent {
            key: ev.key,
            time: ev.time,
            value: ev.value,
            watermark: self.watermark,
        });
    }

    /// The windows an event at `t` falls in, starts clamped if configured.
    pub(crate) fn windows_for(&self, t: Time) -> Vec<Window> {
        let c = &self.config;
        c.window.windows_for_clamped(t, c.clamp_starts_at_zero)
    }

    /// A late firing of `window` of `key`.
    pub(crate) fn fire_late(&mut self, key: u32, window: Window, agg: Agg) {
        if self.trig.is_some() {
            // The trigger layer fires (or not) after the insert.
            return;
        }
        self.results.push(WindowResult {
            key,
            window,
            agg,
            firing: Firing::Late,
            watermark: self.watermark,
        });
        self.stats.fired_late += 1;
    }

    /// Whether the state limits let `ev` add a key or an entry (`keys` is
    /// how many keys there are).
    pub(crate) fn limit_check(
        &self,
        keys: usize,
        new_key: bool,
        new_entry: bool,
        ev: &Event,
    ) -> Result<()> {
        let l = self.config.limits;
        if new_key && keys as u64 >= l.max_keys {
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

    /// Builds the per-source table from what the single-source path knew:
    /// source 0 sent every event so far, its last with the clock at
    /// `self.clock`. Event time only (sources play no part in processing
    /// time, where windows follow the arrival clock).
    #[cold]
    #[inline(never)]
    pub(crate) fn leave_single_source(&mut self) {
        if self.sources.is_none() && !self.processing() {
            self.sources = Some(Box::new(Sources::adopt(
                self.config.sources,
                self.stats.events_in > 0,
                self.max_time,
                self.clock,
                self.config.max_out_of_orderness,
            )));
            self.set_general();
        }
    }

    /// Recomputes [`Core::general`]: after `sources` or `trig` is set.
    pub(crate) fn set_general(&mut self) {
        self.general = self.sources.is_some() || self.trig.is_some();
    }

    fn count(&mut self, outcome: Outcome, t: Time) {
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
    }
}

/// The event-time window operator.
#[derive(Debug, Clone)]
pub struct Engine {
    pub(crate) store: Store,
    pub(crate) core: Core,
}

/// What a snapshot holds, checked, from which [`Engine::from_parts`] builds
/// an engine.
pub(crate) struct Parts {
    pub(crate) config: Config,
    pub(crate) watermark: Time,
    pub(crate) max_time: Time,
    /// The processing clock.
    pub(crate) clock: Time,
    /// The per-source state, if the engine had left the single-source path.
    pub(crate) sources: Option<Sources>,
    /// The counters (gauges are ignored).
    pub(crate) stats: Stats,
    pub(crate) results: Vec<WindowResult>,
    pub(crate) late: Vec<LateEvent>,
    pub(crate) dropped: DropMemory,
    /// Firing was paused at `max_pending_results` with windows due.
    pub(crate) firing_paused: bool,
    /// The trigger state (timers armed), when the config has one.
    pub(crate) trig: Option<Box<Trig>>,
}

/// The per-key state a snapshot holds.
pub(crate) enum Keys {
    Slices(FxHashMap<u32, SliceKey>),
    Sessions(FxHashMap<u32, SessionKey>),
}

impl Engine {
    /// A new engine, or the first invalid config field.
    pub fn new(config: Config) -> Result<Engine> {
        config.validate()?;
        let grid = Grid::clamped(&config.window, config.clamp_starts_at_zero);
        let store = match (grid, config.window) {
            (Some(grid), _) => Store::Slices(Keyed::new(grid)),
            (None, WindowSpec::Session { gap }) => Store::Sessions(Keyed::new(gap)),
            (None, _) => unreachable!("grid covers tumbling, sliding and cumulate"),
        };
        // Declared sources and idleness need the per-source table from the
        // start; otherwise it waits for a second source (see `sources.rs`).
        let sources = (config.time_domain == TimeDomain::Event
            && (config.sources > 0 || config.idle_timeout.is_some()))
        .then(|| Box::new(Sources::declared(config.sources)));
        let mut e = Engine {
            store,
            core: Core {
                config,
                watermark: NEG_INF,
                max_time: NEG_INF,
                clock: NEG_INF,
                sources,
                timers: Timers::default(),
                entries: 0,
                results: Vec::new(),
                late: Vec::new(),
                dropped: DropMemory::default(),
                stats: Stats::default(),
                gate: config.limits.max_pending_results,
                trig: Trig::for_config(&config),
                general: false,
                delay: match config.time_domain {
                    TimeDomain::Event => config.max_out_of_orderness,
                    TimeDomain::Processing => 0,
                },
            },
        };
        e.core.set_general();
        Ok(e)
    }

    /// An engine holding `parts` and `keys` (as a snapshot gave them), with
    /// the timers every key needs armed (see `timers.rs`); `None` if `keys`
    /// are of the wrong kind for the config.
    pub(crate) fn from_parts(parts: Parts, keys: Keys) -> Option<Engine> {
        let mut e = Engine::new(parts.config).ok()?;
        let core = &mut e.core;
        core.watermark = parts.watermark;
        core.max_time = parts.max_time;
        core.clock = parts.clock;
        if let Some(s) = parts.sources {
            core.sources = Some(Box::new(s));
        }
        core.results = parts.results;
        core.late = parts.late;
        core.dropped = parts.dropped;
        core.stats = parts.stats;
        core.trig = parts.trig;
        core.set_general();
        e.store = match (e.store, keys) {
            (Store::Slices(k), Keys::Slices(m)) => Store::Slices(Keyed::rebuilt(k.params, m, core)),
            (Store::Sessions(k), Keys::Sessions(m)) => {
                Store::Sessions(Keyed::rebuilt(k.params, m, core))
            }
            _ => return None,
        };
        core.entries = dispatch!(&e.store, k => k.keys.values().map(|s| s.entries() as u64).sum());
        // A snapshot taken while firing was paused holds due windows (their
        // timers are re-armed above, at or before the watermark): the next
        // call fires them first.
        if parts.firing_paused {
            e.core.gate = 0;
        }
        Some(e)
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.core.config
    }

    /// The watermark (event time) or processing clock (processing time).
    pub fn watermark(&self) -> Time {
        self.core.watermark
    }

    /// Checks an event without changing anything; returns the time windows
    /// are assigned by (event time, or arrival in processing time).
    // Inlined into `push` natively (outlined, it cost 27 instructions per
    // event, bench/icount.sh); in wasm one copy saves the module bytes. The
    // processing-time part is the cold call.
    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    pub fn check(&self, ev: &Event) -> Result<Time> {
        check_time("time", ev.time)?;
        if !ev.value.is_finite() {
            return Err(EngineError::InvalidEvent {
                field: "value",
                value: crate::float::to_string(ev.value),
                reason: "must be a finite number",
            });
        }
        if let Some(a) = ev.arrival {
            check_time("arrival", a)?;
        }
        if self.core.processing() {
            return self.check_processing(ev);
        }
        Ok(ev.time)
    }

    /// The rest of [`Engine::check`] in processing time.
    #[cold]
    #[inline(never)]
    fn check_processing(&self, ev: &Event) -> Result<Time> {
        let Some(a) = ev.arrival else {
            return Err(EngineError::InvalidEvent {
                field: "arrival",
                value: "missing".into(),
                reason: "is required in processing-time mode",
            });
        };
        if self.core.watermark == POS_INF {
            return Err(EngineError::InvalidEvent {
                field: "arrival",
                value: a.to_string(),
                reason:
                    "the processing clock is at +inf after flush(); no window can take the event",
            });
        }
        // Processing time is when the operator sees the event: never
        // behind the clock, so nothing is ever late.
        Ok(a.max(self.core.watermark))
    }

    /// Pushes one event in arrival order. On error the event was not
    /// accepted. If the watermark it raises fires windows until the results
    /// reach `max_pending_results`, the event stays accepted, the rest of
    /// the due windows wait, and the push still returns `Ok`; the next push
    /// (or `flush`/`advance_*`) fires them first, and is refused with
    /// `LimitExceeded { field: "maxPendingResults" }` while they do not fit.
    pub fn push(&mut self, ev: Event) -> Result<Outcome> {
        let t = self.check(&ev)?;
        #[cfg(target_arch = "wasm32")]
        {
            // The columnar loop computes `t` again, the same way.
            let _ = t;
            return super::columns::push_one(self, ev);
        }
        #[cfg(not(target_arch = "wasm32"))]
        dispatch!(&mut self.store, k => push_checked(k, &mut self.core, ev, t))
    }

    /// Pushes events in order. Every event is checked first, so an invalid
    /// one rejects the whole batch and nothing is accepted (`accepted` 0).
    /// A state limit hit midway stops at that row: the rows before it stay
    /// accepted (`accepted` is the row's index).
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
        if self.core.processing() {
            return Err(EngineError::InvalidConfig {
                field: "timeDomain",
                value: "processing".into(),
                reason: "advanceWatermark needs event time; use advanceProcessingTime",
            });
        }
        check_time("watermark", t)?;
        self.raise_watermark(t)
    }

    /// Moves the processing clock forward to `t` (never back). In
    /// processing time it fires the windows it closes; in event time it
    /// fires the processing-time early firings due, then judges idle
    /// sources on it (`idle_timeout`), which may raise the watermark.
    pub fn advance_processing_time(&mut self, t: Time) -> Result<()> {
        check_time("processingTime", t)?;
        let core = &mut self.core;
        if core.processing() {
            core.clock = core.clock.max(t);
            return self.raise_watermark(t);
        }
        let d = core.config.max_out_of_orderness;
        if t > core.clock {
            // Off the single-source path, so that source 0's last arrival
            // (the clock at its last push) stays exact.
            core.leave_single_source();
            core.clock = t;
            if core.trig.is_some() {
                trigger::clock_moved(core);
            }
        }
        let idle = core.config.idle_timeout;
        let w = match core.sources.as_deref_mut() {
            Some(s) => {
                if s.judge_idle(core.clock, idle, d) {
                    s.target(d)
                } else {
                    NEG_INF
                }
            }
            None => NEG_INF,
        };
        self.raise_watermark(w)
    }

    /// The processing clock: the latest arrival time pushed or
    /// `advance_processing_time` (`NEG_INF` before either).
    pub fn processing_clock(&self) -> Time {
        self.core.clock
    }

    /// End of stream: the watermark becomes `+inf` and every window fires.
    /// Like `advance_*`, an [`EngineError::FiringLimit`] if the results
    /// reach `maxPendingResults` first (drain and call again).
    pub fn flush(&mut self) -> Result<()> {
        self.raise_watermark(POS_INF)
    }

    /// Whether firing is paused at `maxPendingResults` with windows still
    /// due (the next `flush`, `advance_*` or `push` resumes it).
    pub fn firing_paused(&self) -> bool {
        self.core.gate == 0
    }

    /// Takes the results fired since the last call, in firing order.
    pub fn drain_results(&mut self) -> Vec<WindowResult> {
        std::mem::take(&mut self.core.results)
    }

    /// Results fired and not drained yet.
    pub fn pending_results(&self) -> &[WindowResult] {
        &self.core.results
    }

    /// Takes the side output since the last call.
    pub fn drain_late(&mut self) -> Vec<LateEvent> {
        std::mem::take(&mut self.core.late)
    }

    /// The windows an event at `t` falls in (for a session: the one it
    /// proposes before merging; none starting below 0 with
    /// `clamp_starts_at_zero`).
    pub fn windows_for(&self, t: Time) -> Vec<Window> {
        self.core.windows_for(t)
    }

    /// Called by `advance_*` and `flush`; `push` has its own copy. A paused
    /// firing is finished first, at the watermark it started at (so its
    /// results carry that watermark, as without a limit); only then does
    /// the watermark move to `w`.
    fn raise_watermark(&mut self, w: Time) -> Result<()> {
        let done = dispatch!(&mut self.store, k => {
            let core = &mut self.core;
            (core.gate != 0 || settle(k, core)) && (w <= core.watermark || advance_to(k, core, w))
        });
        if done {
            return Ok(());
        }
        Err(EngineError::FiringLimit {
            field: "maxPendingResults",
            limit: self.core.config.limits.max_pending_results,
            pending: self.core.results.len() as u64,
            watermark: self.core.watermark,
        })
    }

    /// Every window with live state, by key then end, plus recently closed
    /// windows that had events dropped as too late.
    pub fn open_windows(&self) -> Vec<OpenWindow> {
        let mut out = Vec::new();
        dispatch!(&self.store, k => k.open_windows(&self.core, &mut out));
        for &(key, window, n) in self.core.dropped.iter() {
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
        crate::sort::sort_by_key(&mut out, |o| (o.key, o.window.end, o.window.start));
        out
    }

    /// [`Engine::open_windows`], or an [`EngineError::QueryLimit`] naming
    /// `maxQueryResults` when it would list more rows than that (counted
    /// before any row is built: a sliding window with a small slide over
    /// many keys can hold tens of millions).
    pub fn try_open_windows(&self) -> Result<Vec<OpenWindow>> {
        let live = dispatch!(&self.store, k => k.live_window_count(&self.core)) as u64;
        let max = self.core.config.limits.max_query_results;
        // Closed windows with drops add at most the drop memory's cap.
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
    /// Cheap: the keys' buffers are a running total, nothing is scanned.
    pub fn state_bytes(&self) -> u64 {
        let keyed = dispatch!(&self.store, k => k.state_bytes());
        let total = (keyed
            + self.core.timers.heap_bytes()
            + self.core.dropped.heap_bytes()
            + self.trig_bytes()
            + self.sources_bytes()) as u64;
        debug_assert_eq!(
            total,
            self.state_bytes_scanned(),
            "running state-bytes total"
        );
        total
    }

    /// [`Engine::state_bytes`] by a scan of every key: the oracle the running
    /// total is tested against (equal at every moment). Costs a pass over
    /// the keys; use `state_bytes`.
    #[doc(hidden)]
    pub fn state_bytes_scanned(&self) -> u64 {
        let keyed = dispatch!(&self.store, k => k.scanned_state_bytes());
        (keyed
            + self.core.timers.heap_bytes()
            + self.core.dropped.heap_bytes()
            + self.trig_bytes()
            + self.sources_bytes()) as u64
    }

    /// Bytes of the per-source table (0 on the single-source path).
    fn sources_bytes(&self) -> usize {
        self.core
            .sources
            .as_ref()
            .map_or(0, |s| size_of::<Sources>() + s.heap_bytes())
    }

    /// Bytes of the trigger state (0 without one). A scan of its windows:
    /// only non-default configs pay it.
    fn trig_bytes(&self) -> usize {
        self.core
            .trig
            .as_ref()
            .map_or(0, |t| size_of::<Trig>() + t.heap_bytes())
    }

    /// Each source's watermark, largest event time, last arrival and
    /// idleness, by source id, with the one that holds `W` back marked:
    /// the active source with the smallest `W_s` (`W` cannot rise past it
    /// until it moves), none when every source is idle or after `flush`.
    /// Empty before the first event on the single-source path, and in
    /// processing time.
    pub fn source_stats(&self) -> Vec<SourceStats> {
        let c = &self.core;
        if c.processing() {
            return Vec::new();
        }
        let d = c.config.max_out_of_orderness;
        let w = c.watermark;
        match c.sources.as_deref() {
            None if c.stats.events_in == 0 => Vec::new(),
            None => vec![SourceStats {
                source: 0,
                watermark: c.max_time - d,
                max_event_time: c.max_time,
                last_arrival: c.clock,
                idle: false,
                holds_back: w != POS_INF,
            }],
            Some(s) => {
                let holder = s.at_min().filter(|_| w != POS_INF).map(|m| m.id);
                s.by_id()
                    .map(|x| SourceStats {
                        source: x.id,
                        watermark: x.watermark(d),
                        max_event_time: x.max_time,
                        last_arrival: x.last_arrival,
                        idle: x.idle,
                        holds_back: holder == Some(x.id),
                    })
                    .collect()
            }
        }
    }

    /// The source that holds the watermark back (see
    /// [`Engine::source_stats`]).
    pub fn held_back_by(&self) -> Option<u32> {
        self.source_stats()
            .into_iter()
            .find(|s| s.holds_back)
            .map(|s| s.source)
    }

    /// Counters and gauges now.
    pub fn stats(&self) -> Stats {
        let c = &self.core;
        let w = c.watermark;
        let (keys, open) = dispatch!(&self.store, k => (k.keys.len(), k.live_window_count(c)));
        let lag = if c.max_time == NEG_INF || w == POS_INF || w == NEG_INF {
            0
        } else {
            c.max_time - w
        };
        Stats {
            open_windows: open as u64,
            state_entries: c.entries,
            keys: keys as u64,
            watermark: w,
            max_event_time: c.max_time,
            event_time_lag: lag,
            state_bytes: self.state_bytes(),
            ..c.stats
        }
    }
}

/// [`Engine::push`] for one kind of state, after the event is checked:
/// the pending-results gate, then [`push_into`]. It serves the columnar
/// loop too (`columns.rs`), inlined into both natively; in wasm, where
/// each copy costs module bytes, `push` goes through the columnar loop.
#[inline(always)]
pub(crate) fn push_checked<S: KeyState>(
    k: &mut Keyed<S>,
    core: &mut Core,
    ev: Event,
    t: Time,
) -> Result<Outcome> {
    if core.results.len() as u64 >= core.gate {
        make_room(k, core, ev.key, ev.time)?;
    }
    push_into(k, core, ev, t)
}

/// The push of a checked event past the gate.
/// The v1 path, plus what an arrival time does there (it only moves the
/// processing clock): one test of a byte and the event's source sends an
/// engine with sources or a trigger, or an event of another source, to
/// [`push_general`].
#[inline(always)]
fn push_into<S: KeyState>(
    k: &mut Keyed<S>,
    core: &mut Core,
    ev: Event,
    t: Time,
) -> Result<Outcome> {
    // One branch, not two: `|` rather than `||` on the hot path.
    if (ev.source != 0) | core.general {
        return push_general(k, core, ev, t);
    }
    // Before the insert, as in `push_general`: the clock moves even if the
    // insert is refused.
    if let Some(a) = ev.arrival {
        core.clock = core.clock.max(a);
    }
    push_plain(k, core, ev, t)
}

/// The push of a checked event of source 0 into an engine with neither
/// sources nor a trigger, past the gate: [`push_into`] after its test, and
/// the rows of a columnar batch without arrival or source columns (which
/// cannot change either, see `columns.rs`).
#[inline(always)]
pub(crate) fn push_plain<S: KeyState>(
    k: &mut Keyed<S>,
    core: &mut Core,
    ev: Event,
    t: Time,
) -> Result<Outcome> {
    // The body of `push_single` without its trigger test, written out:
    // calling it here, even `#[inline(always)]`, cost 6 instructions per
    // event more (bench/icount.sh in-order tumbling 148.6 -> 154.6).
    let outcome = S::insert(k, core, ev, t)?;
    core.count(outcome, t);
    // Most pushes leave the watermark where it is: that test is inlined;
    // the firing and purging are not, so the caller is not taxed with their
    // register spills.
    let w = core.max_time - core.delay;
    if w > core.watermark {
        advance_to(k, core, w);
    }
    Ok(outcome)
}

/// A push with a trigger or sources, or from a source other than 0.
#[cold]
#[inline(never)]
fn push_general<S: KeyState>(
    k: &mut Keyed<S>,
    core: &mut Core,
    ev: Event,
    t: Time,
) -> Result<Outcome> {
    if ev.source != 0 && core.sources.is_none() {
        // Before the clock moves: source 0's last arrival is the clock now.
        core.leave_single_source();
    }
    // (1) The processing clock follows arrivals, in event time too, and
    // fires the processing-time early firings it makes due.
    if let Some(a) = ev.arrival {
        if a > core.clock {
            core.clock = a;
            if core.trig.is_some() {
                trigger::clock_moved(core);
            }
        }
    }
    if core.sources.is_some() {
        return push_sourced(k, core, ev, t);
    }
    push_single(k, core, ev, t)
}

/// The single-source push with a trigger (an arrival time moved the clock
/// first): `W = max_time - d`, as in v1.
fn push_single<S: KeyState>(
    k: &mut Keyed<S>,
    core: &mut Core,
    ev: Event,
    t: Time,
) -> Result<Outcome> {
    let outcome = S::insert(k, core, ev, t)?;
    core.count(outcome, t);
    if core.trig.is_some() {
        trigger::after_insert(core, &ev, t, outcome);
    }
    let w = core.max_time - core.delay;
    if w > core.watermark {
        advance_to(k, core, w);
    }
    Ok(outcome)
}

/// The push of an engine with several sources, declared ones or an idle
/// timeout (`SEMANTICS.md`, "Order on each push"): idleness is judged on
/// the moved clock before the event makes its source active, then the
/// event is assigned against the current `W`, then its source's `W_s`
/// moves and `W` rises to the min over the active sources.
#[inline]
fn push_sourced<S: KeyState>(
    k: &mut Keyed<S>,
    core: &mut Core,
    ev: Event,
    t: Time,
) -> Result<Outcome> {
    let d = core.config.max_out_of_orderness;
    let Some(src) = core.sources.as_deref_mut() else {
        unreachable!("set above")
    };
    if !src.has_room_for(ev.source) {
        return Err(EngineError::LimitExceeded {
            field: "maxSources",
            limit: MAX_TRACKED_SOURCES as u64,
            key: ev.key,
            time: ev.time,
        });
    }
    // (2) Idleness on the moved clock, which may raise `W` before the
    // event is assigned.
    if src.judge_idle(core.clock, core.config.idle_timeout, d) {
        let w = src.target(d);
        if w > core.watermark && !advance_to(k, core, w) {
            // Firing paused at the limit with windows due: the event
            // waits until they are drained (the next push resumes them).
            return Err(EngineError::LimitExceeded {
                field: "maxPendingResults",
                limit: core.config.limits.max_pending_results,
                key: ev.key,
                time: ev.time,
            });
        }
    }
    // (3) Assigned against the current `W` (count and every-event firings
    // right after it).
    let outcome = S::insert(k, core, ev, t)?;
    core.count(outcome, t);
    if core.trig.is_some() {
        trigger::after_insert(core, &ev, t, outcome);
    }
    // (4) Its source's watermark, then `W` = the min over active sources.
    let Some(src) = core.sources.as_deref_mut() else {
        unreachable!("set above")
    };
    src.on_event(ev.source, ev.time, core.clock, d);
    let w = src.target(d);
    if w > core.watermark {
        // (5) What the raised `W` makes due.
        advance_to(k, core, w);
    }
    Ok(outcome)
}

/// The slow path of a push: finishes a paused firing, then refuses the
/// event if the results are (still) at the limit.
#[cold]
#[inline(never)]
pub(crate) fn make_room<S: KeyState>(
    k: &mut Keyed<S>,
    core: &mut Core,
    key: u32,
    time: Time,
) -> Result<()> {
    if core.gate == 0 {
        settle(k, core);
    }
    let max = core.config.limits.max_pending_results;
    if core.gate == 0 || core.results.len() as u64 >= max {
        return Err(EngineError::LimitExceeded {
            field: "maxPendingResults",
            limit: max,
            key,
            time,
        });
    }
    Ok(())
}

/// Raises the watermark to `w` and fires what is due; `false` if firing
/// paused at the limit (the watermark stays at `w`).
#[inline(never)]
fn advance_to<S: KeyState>(k: &mut Keyed<S>, core: &mut Core, w: Time) -> bool {
    core.watermark = w;
    settle(k, core)
}

/// Fires every window due at the watermark, then purges; `false` (and the
/// push gate closed) if the results reached `max_pending_results` first.
/// The unfired timers stay queued, and nothing is purged until every due
/// window has fired (a purge could drop slices they still need), so
/// calling this again once the results are drained picks up exactly where
/// it stopped.
fn settle<S: KeyState>(k: &mut Keyed<S>, core: &mut Core) -> bool {
    if !k.fire_due(core) {
        core.gate = 0;
        return false;
    }
    k.purge_due(core);
    if core.trig.is_some() {
        trigger::advance(core);
    }
    core.gate = core.config.limits.max_pending_results;
    true
}
