//! Replays a CSV stream through the engine: the text formats of the
//! `replay` example and of the Flink conformance tests. Pure string in,
//! string out; the example does the reading and writing.

use std::fmt::Write as _;

use weir_core::{Config, Engine, EngineError, Event, LateEvent, Time, WindowResult, WindowSpec};

/// Parses a window given as `tumbling:SIZE`, `sliding:SIZE,SLIDE` or
/// `session:GAP` (ms), each optionally followed by `@OFFSET` for the first two.
pub fn parse_window(s: &str) -> Result<WindowSpec, String> {
    let bad = || {
        format!(
            "--window {}: expected tumbling:SIZE, sliding:SIZE,SLIDE or session:GAP (ms)",
            quote(s)
        )
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

/// How much of a line or field an error message quotes: a 10 MB line must
/// not become a 10 MB message.
pub const QUOTE_MAX: usize = 200;

/// `s` quoted for an error message, cut after [`QUOTE_MAX`] bytes (at a
/// character boundary) with its full length said.
pub fn quote(s: &str) -> String {
    if s.len() <= QUOTE_MAX {
        return format!("{s:?}");
    }
    let mut end = QUOTE_MAX;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{:?}... ({} bytes)", &s[..end], s.len())
}

/// A watermark as the late rows write it, the infinities spelled out (as
/// the core's messages do).
fn show(t: Time) -> String {
    match t {
        Time::MIN => "-inf".to_string(),
        Time::MAX => "+inf".to_string(),
        _ => t.to_string(),
    }
}

fn result_row(out: &mut String, r: &WindowResult) {
    // Empty at the end of input (the final flush's watermark is +inf).
    let wm = if r.watermark == Time::MAX {
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
        show(l.watermark)
    );
}

/// The columns of a header line: key, time, value and arrival (if any).
fn columns(header: &str) -> Result<(usize, usize, usize, Option<usize>), String> {
    let cols: Vec<&str> = header.split(',').map(str::trim).collect();
    let find = |names: &[&str]| cols.iter().position(|c| names.contains(c));
    let missing = |what: &str| format!("line 1: header {} has no {what} column", quote(header));
    let ki = find(&["key"]).ok_or_else(|| missing("key"))?;
    let ti =
        find(&["time_ms", "event_time_ms"]).ok_or_else(|| missing("time_ms or event_time_ms"))?;
    let vi = find(&["value"]).ok_or_else(|| missing("value"))?;
    Ok((ki, ti, vi, find(&["arrival_ms"])))
}

/// One data line (number `n`) as an event.
fn event(
    n: usize,
    line: &str,
    (ki, ti, vi, ai): (usize, usize, usize, Option<usize>),
) -> Result<Event, String> {
    let f: Vec<&str> = line.split(',').map(str::trim).collect();
    let get = |idx: usize, name: &str| {
        f.get(idx)
            .copied()
            .ok_or_else(|| format!("line {n}: missing column {name} in {}", quote(line)))
    };
    let num_err =
        |name: &str, v: &str| format!("line {n}: {name} = {} is not a valid number", quote(v));
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
    Ok(Event {
        source: 0,
        key,
        time,
        value,
        arrival,
    })
}

/// Replays `csv` (arrival order, header naming `key`, `time_ms` or
/// `event_time_ms`, and `value`; other columns ignored; a UTF-8 byte order
/// mark before the header is skipped) through an engine with `config`,
/// then flushes. Errors name the line and quote at most [`QUOTE_MAX`] bytes
/// of it.
pub fn replay(csv: &str, config: Config) -> Result<Replay, String> {
    let mut engine = Engine::new(config).map_err(|e| e.to_string())?;
    // Spreadsheet programs write one; it would be part of the first column's name.
    let csv = csv.strip_prefix('\u{feff}').unwrap_or(csv);
    let mut lines = csv.lines().enumerate();
    let (_, header) = lines
        .next()
        .ok_or("line 1: empty input, expected a header")?;
    let cols = columns(header)?;
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
        engine
            .push(event(n, line, cols)?)
            .map_err(|e: EngineError| format!("line {n}: {e}"))?;
        out.events += 1;
        for r in engine.drain_results() {
            result_row(&mut out.results, &r);
        }
        for l in engine.drain_late() {
            late_row(&mut out.late, &l);
        }
    }
    // Flush in rounds: firing pauses at `maxPendingResults`, and draining
    // between rounds lets it go on where it stopped.
    loop {
        let done = engine.flush();
        for r in engine.drain_results() {
            result_row(&mut out.results, &r);
        }
        match done {
            Ok(()) => break,
            Err(EngineError::FiringLimit { .. }) => continue,
            Err(e) => return Err(format!("flush: {e}")),
        }
    }
    Ok(out)
}
