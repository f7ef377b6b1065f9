//! The codec of a [`Config`]: window kind and bounds, out-of-orderness,
//! lateness, time domain, limits.

use super::envelope::{Reader, Writer};
use super::err;
use crate::engine::{Config, Limits, TimeDomain};
use crate::error::Result;
use crate::window::WindowSpec;

/// Writes `c`.
pub(super) fn write(w: &mut Writer, c: &Config) {
    match c.window {
        WindowSpec::Tumbling { size, offset } => {
            w.u8(0);
            w.i64(size);
            w.i64(offset);
        }
        WindowSpec::Sliding {
            size,
            slide,
            offset,
        } => {
            w.u8(1);
            w.i64(size);
            w.i64(slide);
            w.i64(offset);
        }
        WindowSpec::Session { gap } => {
            w.u8(2);
            w.i64(gap);
        }
        WindowSpec::Cumulate { step, size, offset } => {
            w.u8(3);
            w.i64(step);
            w.i64(size);
            w.i64(offset);
        }
    }
    w.i64(c.max_out_of_orderness);
    w.i64(c.allowed_lateness);
    w.u8(match c.time_domain {
        TimeDomain::Event => 0,
        TimeDomain::Processing => 1,
    });
    w.u64(c.limits.max_keys);
    w.u64(c.limits.max_state_entries);
}

/// Reads what [`write`] wrote, and validates it as a config.
pub(super) fn read(r: &mut Reader) -> Result<Config> {
    let at = r.pos;
    let window = match r.u8("window kind")? {
        0 => WindowSpec::Tumbling {
            size: r.i64("window.size")?,
            offset: r.i64("window.offset")?,
        },
        1 => WindowSpec::Sliding {
            size: r.i64("window.size")?,
            slide: r.i64("window.slide")?,
            offset: r.i64("window.offset")?,
        },
        2 => WindowSpec::Session {
            gap: r.i64("window.gap")?,
        },
        3 => WindowSpec::Cumulate {
            step: r.i64("window.step")?,
            size: r.i64("window.size")?,
            offset: r.i64("window.offset")?,
        },
        k => {
            return Err(err(format!(
            "unknown window kind {k} at byte {at} (0 tumbling, 1 sliding, 2 session, 3 cumulate)"
        )))
        }
    };
    let max_out_of_orderness = r.i64("watermark.maxOutOfOrderness")?;
    let allowed_lateness = r.i64("allowedLateness")?;
    let at = r.pos;
    let time_domain = match r.u8("time domain")? {
        0 => TimeDomain::Event,
        1 => TimeDomain::Processing,
        k => {
            return Err(err(format!(
                "unknown time domain {k} at byte {at} (0 event, 1 processing)"
            )))
        }
    };
    let limits = Limits {
        max_keys: r.u64("limits.maxKeys")?,
        max_state_entries: r.u64("limits.maxStateEntries")?,
        ..Limits::default()
    };
    let config = Config {
        window,
        max_out_of_orderness,
        allowed_lateness,
        time_domain,
        limits,
        ..Config::event_time(window, 0)
    };
    config.validate().map_err(|e| err(format!("config: {e}")))?;
    Ok(config)
}
