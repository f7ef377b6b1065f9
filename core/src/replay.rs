//! Replays a CSV stream through the engine: the text formats of the
//! `replay` example and of the Flink conformance tests. Pure string in,
//! string out; the example does the reading and writing.

use std::fmt::Write as _;

use crate::error::EngineError;
use crate::operator::{Config, Engine, Event, LateEvent, WindowResult};
use crate::time::POS_INF;
use crate::window::WindowSpec;

/// Parses a window given as `tumbling:SIZE`, `sliding:SIZE,SLIDE` or
/// `session:GAP` (ms), each optionally followed by `@OFFSET` for the first two.
pub fn parse_window(s: &str) -> Result<WindowSpec, String> {
    let bad = || {
        format!("--window {s:?}: expected tumbling:SIZE, sliding:SIZE,SLIDE or session:GAP (ms)")
    };
    let (kind, rest) = s.split_once(':').ok_or_else(bad)?;
    let (nums, offset) = match rest.split_once('@') {
        Some((n, o)) => (n, o.trim().parse::<i64>().map_err(|_| bad())?),
        None => (rest, 0),
    };
    let n: Vec<i64> = nums
        .split(',')
        .map(|x| x.trim().parse::<i64>())
        .collect::<Result<_, _>>()
        .map_err(|_| bad())?;
    let spec = match (kind, n.as_slice()) {
        ("tumbling", [size]) => WindowSpec::Tumbling {
            size: *size,
            offset,
        },
        ("sliding" | "hopping", [size, slide]) => WindowSpec::Sliding {
            size: *size,
            slide: *slide,
            offset,
        },
        ("session", [gap]) if offset == 0 => WindowSpec::Session { gap: *gap },
        _ => return Err(bad()),
    };
    spec.validate().map_err(|e| e.to_string())?;
    Ok(spec)
}

/// Output of a replay: result rows and side-output rows, as CSV with headers.
#[derive(Debug, Clone, PartialEq)]
pub struct Replay {
    /// `key,window_start,window_end,count,sum,min,max,mean,firing,watermark`.
    pub results: String,
    /// `key,time_ms,value,watermark`.
    pub late: String,
    /// Number of events read.
    pub events: usize,
}

/// Header of the result rows.
pub const RESULTS_HEADER: &str =
    "key,window_start,window_end,count,sum,min,max,mean,firing,watermark";
/// Header of the side-output rows.
pub const LATE_HEADER: &str = "key,time_ms,value,watermark";

fn result_row(out: &mut String, r: &WindowResult) {
    let wm = if r.watermark == POS_INF {
        String::new()
    } else {
        r.watermark.to_string()
    };
    let a = &r.agg;
    let _ = writeln!(
        out,
        "{},{},{},{},{},{},{},{},{},{}",
        r.key,
        r.window.start,
        r.window.end,
        a.count,
        a.sum,
        a.min,
        a.max,
        a.mean(),
        r.firing.as_str(),
        wm
    );
}

fn late_row(out: &mut String, l: &LateEvent) {
    let _ = writeln!(
        out,
        "{},{},{},{}",
        l.key,
        l.time,
        l.value,
        crate::time::show(l.watermark)
    );
}

/// Replays `csv` (arrival order, header naming `key`, `time_ms` or
/// `event_time_ms`, and `value`; other columns ignored) through an engine
/// with `config`, then flushes. Errors name the line.
pub fn replay(csv: &str, config: Config) -> Result<Replay, String> {
    let mut engine = Engine::new(config).map_err(|e| e.to_string())?;
    let mut lines = csv.lines().enumerate();
    let (_, header) = lines
        .next()
        .ok_or("line 1: empty input, expected a header")?;
    let cols: Vec<&str> = header.split(',').map(str::trim).collect();
    let find = |names: &[&str]| cols.iter().position(|c| names.contains(c));
    let missing = |what: &str| format!("line 1: header {header:?} has no {what} column");
    let ki = find(&["key"]).ok_or_else(|| missing("key"))?;
    let ti =
        find(&["time_ms", "event_time_ms"]).ok_or_else(|| missing("time_ms or event_time_ms"))?;
    let vi = find(&["value"]).ok_or_else(|| missing("value"))?;
    let ai = find(&["arrival_ms"]);
    let mut out = Replay {
        results: format!("{RESULTS_HEADER}\n"),
        late: format!("{LATE_HEADER}\n"),
        events: 0,
    };
    for (i, line) in lines {
        let n = i + 1;
        if line.trim().is_empty() {
            continue;
        }
        let f: Vec<&str> = line.split(',').map(str::trim).collect();
        let get = |idx: usize, name: &str| {
            f.get(idx)
                .copied()
                .ok_or_else(|| format!("line {n}: missing column {name} in {line:?}"))
        };
        let num_err =
            |name: &str, v: &str| format!("line {n}: {name} = {v:?} is not a valid number");
        let key = get(ki, "key")?;
        let key: u32 = key.parse().map_err(|_| num_err("key", key))?;
        let time = get(ti, "time")?;
        let time: i64 = time.parse().map_err(|_| num_err("time", time))?;
        let value = get(vi, "value")?;
        let value: f64 = value.parse().map_err(|_| num_err("value", value))?;
        let arrival = match ai {
            Some(a) => {
                let v = get(a, "arrival_ms")?;
                Some(v.parse::<i64>().map_err(|_| num_err("arrival_ms", v))?)
            }
            None => None,
        };
        engine
            .push(Event {
                key,
                time,
                value,
                arrival,
            })
            .map_err(|e: EngineError| format!("line {n}: {e}"))?;
        out.events += 1;
        for r in engine.drain_results() {
            result_row(&mut out.results, &r);
        }
        for l in engine.drain_late() {
            late_row(&mut out.late, &l);
        }
    }
    engine.flush();
    for r in engine.drain_results() {
        result_row(&mut out.results, &r);
    }
    Ok(out)
}
