//! The values that go in and out of an engine: events, what happened to
//! each, window results, the side output, the windows a query lists and the
//! counters.

use crate::aggregate::Agg;
use crate::time::Time;
use crate::window::Window;

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
    /// The source (gateway, partition) it came through; 0 by default.
    pub source: u32,
}

impl Event {
    /// An event without arrival time.
    pub fn new(key: u32, time: Time, value: f64) -> Event {
        Event {
            key,
            time,
            value,
            arrival: None,
            source: 0,
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
    /// A trigger fired the window before the watermark reached its end.
    Early,
    /// The watermark passed the window's end.
    OnTime,
    /// A late event updated a window that had passed the watermark.
    Late,
    /// The window closed (`W >= end + L`) in `final` mode.
    Final,
    /// Withdraws the totals last emitted for the window (retracting).
    Retract,
}

impl Firing {
    /// `"early"`, `"on-time"`, `"late"`, `"final"` or `"retract"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Firing::Early => "early",
            Firing::OnTime => "on-time",
            Firing::Late => "late",
            Firing::Final => "final",
            Firing::Retract => "retract",
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
    /// Early firings so far (v2 triggers).
    pub fired_early: u64,
    /// Final firings so far (`final` mode).
    pub fired_final: u64,
    /// Retraction rows so far (`retracting`).
    pub retractions: u64,
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

/// One source's state at one moment (`SEMANTICS.md`, "Many sources, idle
/// sources (v2)").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SourceStats {
    /// The source id.
    pub source: u32,
    /// Its watermark `W_s = max event time - d` (`-inf` before it sent).
    pub watermark: Time,
    /// Largest event time it sent (`-inf` before it sent).
    pub max_event_time: Time,
    /// The processing clock when its last event was pushed (`-inf` before
    /// it sent, or when no arrival time had been seen then).
    pub last_arrival: Time,
    /// Idle: silent for the idle timeout, out of the watermark's min.
    pub idle: bool,
    /// It holds the engine's watermark back: the active source with the
    /// smallest `W_s` (`W` cannot rise until it moves).
    /// None does when every source is idle, or after `flush`.
    pub holds_back: bool,
}
