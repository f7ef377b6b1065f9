//! The codec of the v2 trigger settings and state (format version 2): the
//! trigger, accumulation and start clamp of the config, and each window's trigger state
//! (totals, unreported pane, last emitted, pending retractions, early
//! point, processing-time due). The trigger's timer heaps are rebuilt from
//! the windows on restore, as the store's are (see the module docs).

use rustc_hash::FxHashMap;

use super::envelope::{Reader, Writer, AGG_LEN};
use super::err;
use crate::aggregate::Agg;
use crate::engine::trigger::{Trig, Win};
use crate::engine::{Accumulation, Config, Early, Mode, Trigger};
use crate::error::Result;
use crate::time::Time;

/// Writes the trigger and accumulation of `c`.
pub(super) fn write_config(w: &mut Writer, c: &Config) {
    w.u8(match c.trigger.mode {
        Mode::Watermark => 0,
        Mode::EveryEvent => 1,
        Mode::Final => 2,
    });
    match c.trigger.early {
        None => w.u8(0),
        Some(Early::Count(n)) => {
            w.u8(1);
            w.u64(n);
        }
        Some(Early::EventTime(p)) => {
            w.u8(2);
            w.i64(p);
        }
        Some(Early::ProcessingTime(p)) => {
            w.u8(3);
            w.i64(p);
        }
    }
    w.u8(match c.accumulation {
        Accumulation::Accumulating => 0,
        Accumulation::Discarding => 1,
        Accumulation::Retracting => 2,
    });
    w.u8(c.clamp_starts_at_zero as u8);
}

/// Reads what [`write_config`] wrote into `c` (validated with the rest).
pub(super) fn read_config(r: &mut Reader, c: &mut Config) -> Result<()> {
    let at = r.pos;
    let mode = match r.u8("trigger.mode")? {
        0 => Mode::Watermark,
        1 => Mode::EveryEvent,
        2 => Mode::Final,
        m => return Err(err(format!("unknown trigger mode {m} at byte {at}"))),
    };
    let at = r.pos;
    let early = match r.u8("trigger.early")? {
        0 => None,
        1 => Some(Early::Count(r.u64("trigger.early.count")?)),
        2 => Some(Early::EventTime(r.i64("trigger.early.eventTime")?)),
        3 => Some(Early::ProcessingTime(
            r.i64("trigger.early.processingTime")?,
        )),
        k => return Err(err(format!("unknown early kind {k} at byte {at}"))),
    };
    let at = r.pos;
    c.accumulation = match r.u8("accumulation")? {
        0 => Accumulation::Accumulating,
        1 => Accumulation::Discarding,
        2 => Accumulation::Retracting,
        a => return Err(err(format!("unknown accumulation {a} at byte {at}"))),
    };
    let at = r.pos;
    c.clamp_starts_at_zero = match r.u8("clampStartsAtZero")? {
        0 => false,
        1 => true,
        b => {
            return Err(err(format!(
                "clampStartsAtZero byte {b} at byte {at} (0 or 1)"
            )))
        }
    };
    c.trigger = Trigger { mode, early };
    Ok(())
}

fn opt_time(w: &mut Writer, t: Option<Time>) {
    match t {
        None => w.u8(0),
        Some(t) => {
            w.u8(1);
            w.i64(t);
        }
    }
}

fn read_opt_time(r: &mut Reader, what: &str) -> Result<Option<Time>> {
    let at = r.pos;
    match r.u8(what)? {
        0 => Ok(None),
        1 => Ok(Some(r.time(what)?)),
        t => Err(err(format!("bad {what} tag {t} at byte {at}"))),
    }
}

fn opt_agg(w: &mut Writer, a: Option<&Agg>) {
    match a {
        None => w.u8(0),
        Some(a) => {
            w.u8(1);
            w.agg(a);
        }
    }
}

fn read_opt_agg(r: &mut Reader, what: &str) -> Result<Option<Agg>> {
    let at = r.pos;
    match r.u8(what)? {
        0 => Ok(None),
        1 => Ok(Some(r.agg(what)?)),
        t => Err(err(format!("bad {what} tag {t} at byte {at}"))),
    }
}

/// Writes the trigger state: `u8 0` without one, else `u8 1` and the keys
/// in increasing order, each with its windows.
pub(super) fn write_state(w: &mut Writer, t: Option<&Trig>) {
    let Some(t) = t else {
        w.u8(0);
        return;
    };
    w.u8(1);
    let keys = super::keys::sorted_keys(&t.keys);
    w.len(keys.len());
    for (key, wins) in keys {
        w.u32(key);
        w.len(wins.len());
        for x in wins {
            w.window(&x.window);
            w.agg(&x.total);
            opt_agg(w, (x.pane.count > 0).then_some(&x.pane));
            opt_agg(w, x.last.as_ref());
            w.len(x.retract.len());
            for (rw, ra) in &x.retract {
                w.window(rw);
                w.agg(ra);
            }
            opt_time(w, x.point);
            opt_time(w, x.due);
            w.u8(x.on_time as u8);
        }
    }
}

/// Reads the trigger state, which must be present exactly when the config
/// needs one; the timers are armed from the windows.
pub(super) fn read_state(r: &mut Reader, c: &Config, lateness: i64) -> Result<Option<Box<Trig>>> {
    let at = r.pos;
    let present = r.u8("trigger state")?;
    let mut fresh = Trig::for_config(c);
    match (present, fresh.as_mut()) {
        (0, None) => return Ok(None),
        (1, Some(_)) => {}
        (p, _) => {
            return Err(err(format!(
            "trigger state tag {p} at byte {at} does not fit the config's trigger and accumulation"
        )))
        }
    }
    let mut t = fresh.expect("present");
    let n = r.count(4 + 8, "trigger key count")?;
    let mut keys = FxHashMap::default();
    let mut prev = None;
    for _ in 0..n {
        let key = r.key_after(&mut prev)?;
        let m = r.count(16 + AGG_LEN + 4, "trigger window count")?;
        let mut wins: Vec<Win> = Vec::with_capacity(m);
        for _ in 0..m {
            let at = r.pos;
            let window = r.window("trigger window")?;
            if wins
                .last()
                .is_some_and(|p| (p.window.start, p.window.end) >= (window.start, window.end))
            {
                return Err(err(format!(
                    "trigger window [{}, {}) at byte {at} is out of order",
                    window.start, window.end
                )));
            }
            let total = r.agg("trigger totals")?;
            let pane = read_opt_agg(r, "trigger pane")?.unwrap_or(Agg::EMPTY);
            if pane.count > total.count {
                return Err(err(format!(
                    "trigger window at byte {at}: pane of {} events in a window of {}",
                    pane.count, total.count
                )));
            }
            let last = read_opt_agg(r, "trigger last emitted")?;
            let k = r.count(16 + AGG_LEN, "retraction count")?;
            let mut retract = Vec::with_capacity(k);
            for _ in 0..k {
                retract.push((r.window("retracted window")?, r.agg("retracted totals")?));
            }
            let point = read_opt_time(r, "early point")?;
            let due = read_opt_time(r, "processing due")?;
            let at = r.pos;
            let on_time = match r.u8("on-time pending")? {
                0 => false,
                1 => true,
                b => return Err(err(format!("bad on-time tag {b} at byte {at}"))),
            };
            wins.push(Win {
                window,
                total,
                pane,
                last,
                retract,
                point,
                due,
                on_time,
            });
        }
        keys.insert(key, wins);
    }
    t.keys = keys;
    t.rearm_all(lateness);
    Ok(Some(t))
}
