//! The codec of the many-sources state (format version 2): the declared
//! sources and idle timeout of the config, the processing clock, and the
//! per-source table when the engine has left the single-source path.
//! What it reads is checked against itself and, by [`check`], against the
//! watermark and latest event time read after it.
//!
//! ```text
//! declared sources u32
//! idle timeout     u8 0 | u8 1, i64
//! clock            i64 (i64::MIN = not started)
//! table            u8 0 (single-source path) | u8 1, then
//!                  first clock i64, u64 n,
//!                  n x (id u32, max_time i64, last_arrival i64, idle u8);
//!                  the declared 0..N first, at their own index
//! ```

use super::envelope::{Reader, Writer};
use super::err;
use crate::engine::sources::{Source, Sources, MAX_TRACKED_SOURCES};
use crate::engine::{Config, TimeDomain};
use crate::error::Result;
use crate::time::{Time, MAX_ABS_TIME, NEG_INF};

/// Bytes of one stored source.
const SOURCE_LEN: usize = 4 + 8 + 8 + 1;

/// What the part holds, read.
pub(super) struct Part {
    pub(super) clock: Time,
    pub(super) table: Option<Sources>,
}

/// Writes the sources settings of `c`, the clock and the table.
pub(super) fn write(w: &mut Writer, c: &Config, clock: Time, table: Option<&Sources>) {
    w.u32(c.sources);
    match c.idle_timeout {
        None => w.u8(0),
        Some(t) => {
            w.u8(1);
            w.i64(t);
        }
    }
    w.i64(clock);
    match table {
        None => w.u8(0),
        Some(s) => {
            w.u8(1);
            w.i64(s.first_clock);
            w.len(s.list.len());
            for x in &s.list {
                w.u32(x.id);
                w.i64(x.max_time);
                w.i64(x.last_arrival);
                w.u8(u8::from(x.idle));
            }
        }
    }
}

/// A stored time that is `-inf` or within +/-2^53.
fn time_or_neg_inf(r: &mut Reader, what: &str) -> Result<Time> {
    let at = r.pos;
    let t = r.i64(what)?;
    if t == NEG_INF || (-MAX_ABS_TIME..=MAX_ABS_TIME).contains(&t) {
        Ok(t)
    } else {
        Err(err(format!("{what} = {t} at byte {at} is out of range")))
    }
}

/// Reads what [`write`] wrote into `config` (validated again with the
/// sources settings in it).
pub(super) fn read(r: &mut Reader, config: &mut Config) -> Result<Part> {
    config.sources = r.u32("sources")?;
    let at = r.pos;
    config.idle_timeout = match r.u8("watermark.idleTimeout")? {
        0 => None,
        1 => Some(r.i64("watermark.idleTimeout")?),
        t => return Err(err(format!("bad idle-timeout tag {t} at byte {at}"))),
    };
    config.validate().map_err(|e| err(format!("config: {e}")))?;
    let clock = time_or_neg_inf(r, "clock")?;
    let at = r.pos;
    let table = match r.u8("sources table")? {
        0 => None,
        1 => Some(read_table(r, config, clock)?),
        t => return Err(err(format!("bad sources-table tag {t} at byte {at}"))),
    };
    let needs_table = config.time_domain == TimeDomain::Event
        && (config.sources > 0 || config.idle_timeout.is_some());
    if needs_table && table.is_none() {
        return Err(err(
            "declared sources or an idle timeout without a sources table",
        ));
    }
    if config.time_domain == TimeDomain::Processing && table.is_some() {
        return Err(err("a sources table in processing time"));
    }
    Ok(Part { clock, table })
}

fn read_table(r: &mut Reader, config: &Config, clock: Time) -> Result<Sources> {
    let first_clock = time_or_neg_inf(r, "first clock")?;
    if first_clock > clock || (first_clock == NEG_INF) != (clock == NEG_INF) {
        return Err(err(format!(
            "first clock {first_clock} does not fit the clock {clock}"
        )));
    }
    let n = r.count(SOURCE_LEN, "sources")?;
    if n > MAX_TRACKED_SOURCES || n < config.sources as usize {
        return Err(err(format!(
            "{n} sources: at least the {} declared and at most {MAX_TRACKED_SOURCES}",
            config.sources
        )));
    }
    let mut list: Vec<Source> = Vec::with_capacity(n);
    for i in 0..n {
        let at = r.pos;
        let id = r.u32("source id")?;
        let declared = i < config.sources as usize;
        if (declared && id as usize != i) || (!declared && id < config.sources) {
            return Err(err(format!("source id {id} at byte {at} is out of place")));
        }
        let max_time = time_or_neg_inf(r, "source max_time")?;
        let last_arrival = time_or_neg_inf(r, "source last_arrival")?;
        let at = r.pos;
        let idle = match r.u8("source idle")? {
            0 => false,
            1 => true,
            t => return Err(err(format!("bad idle flag {t} at byte {at}"))),
        };
        if last_arrival > clock || (max_time == NEG_INF && last_arrival != NEG_INF) {
            return Err(err(format!(
                "source {id}: last arrival {last_arrival} does not fit its events or the clock {clock}"
            )));
        }
        if !declared && max_time == NEG_INF {
            return Err(err(format!("source {id} is listed but never sent")));
        }
        if idle && config.idle_timeout.is_none() {
            return Err(err(format!("source {id} is idle without an idle timeout")));
        }
        list.push(Source {
            id,
            max_time,
            last_arrival,
            idle,
        });
    }
    Sources::rebuilt(
        config.sources,
        list,
        first_clock,
        config.max_out_of_orderness,
    )
    .map_err(|id| err(format!("source {id} is listed twice")))
}

/// The table against the watermark and latest event time: every source's
/// events are the engine's (the largest is `max_time`), no source holds
/// more than the events accepted, and `W` is at least what the sources
/// give (it is raised to that at every step).
pub(super) fn check(
    table: &Sources,
    watermark: Time,
    max_time: Time,
    events_in: u64,
    d: i64,
) -> Result<()> {
    let sent = table.list.iter().filter(|s| s.max_time != NEG_INF).count() as u64;
    let largest = table
        .list
        .iter()
        .map(|s| s.max_time)
        .max()
        .unwrap_or(NEG_INF);
    if sent > events_in || largest != max_time {
        return Err(err(format!(
            "{sent} sources sent, up to {largest}, but {events_in} events came in, up to {max_time}"
        )));
    }
    let target = table.target(d);
    if watermark < target {
        return Err(err(format!(
            "watermark {watermark} is behind the {target} the sources give"
        )));
    }
    Ok(())
}
