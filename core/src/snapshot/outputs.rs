//! The codecs of the engine's clocks, counters and outputs: watermark and
//! latest event time, the eight counters, the undrained results and side
//! output, and the drop memory. Each read checks what it can against what
//! came before (a result cannot have fired after the watermark, ...).

use std::collections::VecDeque;

use super::envelope::{Reader, Writer, AGG_LEN};
use super::err;
use crate::engine::{Dropped, Firing, LateEvent, Stats, WindowResult, DROPPED_MEMORY};
use crate::error::Result;
use crate::time::{Time, MAX_ABS_TIME, NEG_INF, POS_INF};
use crate::window::Window;

/// Largest counter a snapshot may hold: 2^53 events (centuries at the
/// engine's speed), so no counter can overflow when the engine goes on.
const MAX_COUNTER: u64 = 1 << 53;

/// The counters, in their stored order.
fn counters(s: &Stats) -> [u64; 8] {
    [
        s.events_in,
        s.assigned,
        s.late_accepted,
        s.side_output,
        s.unassigned,
        s.dropped_from_windows,
        s.fired_on_time,
        s.fired_late,
    ]
}

/// Writes watermark, max_time and the counters.
pub(super) fn write_clock(w: &mut Writer, wm: Time, max_time: Time, s: &Stats) {
    w.i64(wm);
    w.i64(max_time);
    for v in counters(s) {
        w.u64(v);
    }
}

/// Reads watermark and max_time (`d`: the out-of-orderness in effect, if
/// one source sets the watermark; `None` with many sources).
pub(super) fn read_clock(r: &mut Reader, processing: bool, d: Option<i64>) -> Result<(Time, Time)> {
    let wm = r.i64("watermark")?;
    let max_time = r.i64("max_time")?;
    // In processing time, an event pushed after flush() is assigned at +inf.
    let after_flush = processing && max_time == POS_INF && wm == POS_INF;
    if max_time != NEG_INF && !after_flush && !(-MAX_ABS_TIME..=MAX_ABS_TIME).contains(&max_time) {
        return Err(err(format!("max_time {max_time} is out of range")));
    }
    if wm != NEG_INF && wm != POS_INF && !(-2 * MAX_ABS_TIME..=MAX_ABS_TIME).contains(&wm) {
        return Err(err(format!("watermark {wm} is out of range")));
    }
    if let Some(d) = d {
        if max_time != NEG_INF && wm < max_time - d {
            return Err(err(format!(
                "watermark {wm} is behind max_time {max_time} - {d}"
            )));
        }
    }
    Ok((wm, max_time))
}

/// Writes the v2 firing counters (format version 2).
pub(super) fn write_v2_counters(w: &mut Writer, s: &Stats) {
    for v in [s.fired_early, s.fired_final, s.retractions] {
        w.u64(v);
    }
}

/// Reads what [`write_v2_counters`] wrote into `s`.
pub(super) fn read_v2_counters(r: &mut Reader, s: &mut Stats) -> Result<()> {
    for (v, name) in [
        (&mut s.fired_early, "fired_early"),
        (&mut s.fired_final, "fired_final"),
        (&mut s.retractions, "retractions"),
    ] {
        *v = r.u64(name)?;
        if *v > MAX_COUNTER {
            return Err(err(format!("{name} = {v} is more than 2^53")));
        }
    }
    Ok(())
}

/// Every firing counted, of any kind.
fn firings(s: &Stats) -> u64 {
    [
        s.fired_on_time,
        s.fired_late,
        s.fired_early,
        s.fired_final,
        s.retractions,
    ]
    .iter()
    .fold(0u64, |a, &v| a.saturating_add(v))
}

/// Reads the counters, which must agree with each other and with max_time.
pub(super) fn read_counters(r: &mut Reader, max_time: Time) -> Result<Stats> {
    let mut c = [0u64; 8];
    for (v, name) in c.iter_mut().zip([
        "events_in",
        "assigned",
        "late_accepted",
        "side_output",
        "unassigned",
        "dropped_from_windows",
        "fired_on_time",
        "fired_late",
    ]) {
        *v = r.u64(name)?;
        if *v > MAX_COUNTER {
            return Err(err(format!(
                "{name} = {v} is more than 2^53 (no engine counts that far; \
                 counters are exact integers in JavaScript up to 2^53)"
            )));
        }
    }
    let stats = Stats {
        events_in: c[0],
        assigned: c[1],
        late_accepted: c[2],
        side_output: c[3],
        unassigned: c[4],
        dropped_from_windows: c[5],
        fired_on_time: c[6],
        fired_late: c[7],
        ..Stats::default()
    };
    let outcomes = [c[1], c[2], c[3], c[4]]
        .iter()
        .try_fold(0u64, |acc, &v| acc.checked_add(v));
    if outcomes != Some(stats.events_in) {
        return Err(err(format!(
            "counters disagree: events_in {} but outcomes add up to {outcomes:?}",
            stats.events_in
        )));
    }
    if (stats.events_in == 0) != (max_time == NEG_INF) {
        return Err(err(format!(
            "max_time {max_time} disagrees with events_in {}",
            stats.events_in
        )));
    }
    Ok(stats)
}

/// Writes the undrained results.
pub(super) fn write_results(w: &mut Writer, results: &[WindowResult]) {
    w.len(results.len());
    for r in results {
        w.u32(r.key);
        w.window(&r.window);
        w.agg(&r.agg);
        w.u8(match r.firing {
            Firing::OnTime => 0,
            Firing::Late => 1,
            Firing::Early => 2,
            Firing::Final => 3,
            Firing::Retract => 4,
        });
        w.i64(r.watermark);
    }
}

/// Reads the undrained results: no more than the firings counted, none
/// fired after the watermark `wm` or before its window's end.
pub(super) fn read_results(r: &mut Reader, stats: &Stats, wm: Time) -> Result<Vec<WindowResult>> {
    // key + window + agg + firing + watermark
    let n = r.count(4 + 16 + AGG_LEN + 1 + 8, "result count")?;
    if n as u64 > firings(stats) {
        return Err(err(format!(
            "{n} undrained results but only {} firings counted",
            firings(stats)
        )));
    }
    let mut results = Vec::with_capacity(n);
    for _ in 0..n {
        let at = r.pos;
        let key = r.u32("result key")?;
        let window = r.window("result window")?;
        let agg = r.agg("result aggregate")?;
        let firing = match r.u8("result firing")? {
            0 => Firing::OnTime,
            1 => Firing::Late,
            2 => Firing::Early,
            3 => Firing::Final,
            4 => Firing::Retract,
            f => {
                return Err(err(format!(
                    "result at byte {at}: unknown firing kind {f} (0 on-time, 1 late, 2 early, 3 final, 4 retract)"
                )))
            }
        };
        let watermark = r.i64("result watermark")?;
        let accepted = stats.assigned.saturating_add(stats.late_accepted);
        if agg.count > accepted {
            return Err(err(format!(
                "result at byte {at}: count {} but only {accepted} events were accepted",
                agg.count
            )));
        }
        // Early firings and retractions come before the end.
        let before_end = matches!(firing, Firing::Early | Firing::Retract);
        if watermark > wm || (watermark < window.end && !before_end) {
            return Err(err(format!(
                "result at byte {at}: fired at watermark {watermark}, \
                 impossible for window end {} and watermark {wm}",
                window.end
            )));
        }
        results.push(WindowResult {
            key,
            window,
            agg,
            firing,
            watermark,
        });
    }
    Ok(results)
}

/// Writes the undrained side output.
pub(super) fn write_late(w: &mut Writer, late: &[LateEvent]) {
    w.len(late.len());
    for l in late {
        w.u32(l.key);
        w.i64(l.time);
        w.f64(l.value);
        w.i64(l.watermark);
    }
}

/// Reads the undrained side output.
pub(super) fn read_late(r: &mut Reader, stats: &Stats, wm: Time) -> Result<Vec<LateEvent>> {
    let n = r.count(4 + 8 + 8 + 8, "side output count")?;
    if n as u64 > stats.side_output {
        return Err(err(format!(
            "{n} undrained side-output events but only {} counted",
            stats.side_output
        )));
    }
    let mut late = Vec::with_capacity(n);
    for _ in 0..n {
        let at = r.pos;
        let key = r.u32("side output key")?;
        let time = r.i64("side output time")?;
        let value = r.f64("side output value")?;
        let watermark = r.i64("side output watermark")?;
        if !(-MAX_ABS_TIME..=MAX_ABS_TIME).contains(&time) || !value.is_finite() || watermark > wm {
            return Err(err(format!(
                "side output event at byte {at} (time {time}, value {value}, \
                 watermark {watermark}) is invalid",
                value = crate::float::Shortest(value)
            )));
        }
        late.push(LateEvent {
            key,
            time,
            value,
            watermark,
        });
    }
    Ok(late)
}

/// Writes the drop memory, oldest first.
pub(super) fn write_dropped<'a>(
    w: &mut Writer,
    n: usize,
    items: impl Iterator<Item = &'a Dropped>,
) {
    w.len(n);
    for (key, win, n) in items {
        w.u32(*key);
        w.window(win);
        w.u64(*n);
    }
}

/// Reads the drop memory: at most the engine's cap, each window once.
pub(super) fn read_dropped(r: &mut Reader) -> Result<VecDeque<Dropped>> {
    let n = r.count(4 + 16 + 8, "dropped-window count")?;
    if n > DROPPED_MEMORY {
        return Err(err(format!(
            "{n} dropped windows remembered; at most {DROPPED_MEMORY} are kept"
        )));
    }
    let mut dropped = VecDeque::with_capacity(n);
    for _ in 0..n {
        let at = r.pos;
        let key = r.u32("dropped key")?;
        let window = r.window("dropped window")?;
        let count = r.u64("dropped count")?;
        if count == 0 {
            return Err(err(format!("dropped window at byte {at} has count 0")));
        }
        if dropped
            .iter()
            .any(|&(k, w, _): &(u32, Window, u64)| k == key && w == window)
        {
            return Err(err(format!(
                "dropped window at byte {at} (key {key}, [{}, {})) is listed twice",
                window.start, window.end
            )));
        }
        dropped.push_back((key, window, count));
    }
    Ok(dropped)
}
