//! Replays a CSV stream through the engine: the text formats of the
//! `replay` example and of the Flink conformance tests, and the example's
//! flags (`SEMANTICS.md`, "Replay flags (v2)"). Pure string in, string
//! out; the example does the reading and writing.

use std::fmt::Write as _;

use weir_core::engine::{configure, Overrides};
use weir_core::{
    Accumulation, Config, Early, Engine, EngineError, Event, LateEvent, Mode, Preset, Time,
    TimeDomain, WindowResult, WindowSpec,
};

/// Parses a window given as `tumbling:SIZE`, `sliding:SIZE,SLIDE`,
/// `session:GAP` or `cumulate:STEP,SIZE` (ms), each but session optionally
/// followed by `@OFFSET`.
pub fn parse_window(s: &str) -> Result<WindowSpec, String> {
    let bad = || {
        format!(
            "--window {}: expected tumbling:SIZE, sliding:SIZE,SLIDE, session:GAP \
             or cumulate:STEP,SIZE (ms)",
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
        ("cumulate", [step, size]) => WindowSpec::Cumulate {
            step: *step,
            size: *size,
            offset,
        },
        _ => return Err(bad()),
    };
    spec.validate().map_err(|e| e.to_string())?;
    Ok(spec)
}

/// Parses `--early count:N | event-time:P | processing-time:P`.
pub fn parse_early(s: &str) -> Result<Early, String> {
    let bad = || {
        format!(
            "--early {}: expected count:N, event-time:P or processing-time:P (P in ms)",
            quote(s)
        )
    };
    let (kind, n) = s.split_once(':').ok_or_else(bad)?;
    let n = n.trim();
    match kind {
        "count" => Ok(Early::Count(n.parse().map_err(|_| bad())?)),
        "event-time" => Ok(Early::EventTime(n.parse().map_err(|_| bad())?)),
        "processing-time" => Ok(Early::ProcessingTime(n.parse().map_err(|_| bad())?)),
        _ => Err(bad()),
    }
}

/// Parses `--mode watermark | every-event | final`.
pub fn parse_mode(s: &str) -> Result<Mode, String> {
    match s {
        "watermark" => Ok(Mode::Watermark),
        "every-event" => Ok(Mode::EveryEvent),
        "final" => Ok(Mode::Final),
        _ => Err(format!(
            "--mode {}: expected watermark, every-event or final",
            quote(s)
        )),
    }
}

/// Parses `--accumulation accumulating | discarding | retracting`.
pub fn parse_accumulation(s: &str) -> Result<Accumulation, String> {
    match s {
        "accumulating" => Ok(Accumulation::Accumulating),
        "discarding" => Ok(Accumulation::Discarding),
        "retracting" => Ok(Accumulation::Retracting),
        _ => Err(format!(
            "--accumulation {}: expected accumulating, discarding or retracting",
            quote(s)
        )),
    }
}

/// Usage of the `replay` example.
pub const USAGE: &str = "usage: replay --window tumbling:SIZE|sliding:SIZE,SLIDE|session:GAP|cumulate:STEP,SIZE[@OFFSET] \
--max-out-of-orderness MS [--allowed-lateness MS] [--processing-time] \
[--early count:N|event-time:P|processing-time:P] [--mode watermark|every-event|final] \
[--accumulation accumulating|discarding|retracting] [--sources N] [--idle-timeout MS] \
[--preset flink|flink-sql|beam|kafka-streams|kafka-streams-final|spark-append] \
[--late-out FILE] [--export-java FILE] < events.csv > results.csv";

/// What the `replay` example's flags ask for.
#[derive(Debug, Clone, PartialEq)]
pub struct ReplayArgs {
    /// The engine's config: the preset's rules under every flag given.
    pub config: Config,
    /// `--late-out FILE`: where the side output goes.
    pub late_out: Option<String>,
    /// `--export-java FILE`: where the design's Java program goes.
    pub java_out: Option<String>,
}

/// Parses the `replay` example's flags (without the program name). A
/// `--preset` sets defaults and every flag given explicitly overrides
/// them (`weir_core::engine::configure`); `--max-out-of-orderness` is
/// required unless the time is processing time or the preset sets `d`.
/// The config is validated, so every error names the flag or field.
pub fn parse_args(args: impl IntoIterator<Item = String>) -> Result<ReplayArgs, String> {
    let mut args = args.into_iter();
    let mut window = None;
    let mut given = Overrides::default();
    let (mut late_out, mut java_out, mut processing) = (None, None, false);
    let (mut preset, mut sources, mut idle_timeout) = (None, 0u32, None);
    while let Some(a) = args.next() {
        let mut val = |name: &str| args.next().ok_or(format!("{name} needs a value\n{USAGE}"));
        let ms = |name: &str, v: String| {
            v.parse::<i64>()
                .map_err(|_| format!("{name} = {} is not a whole number of ms", quote(&v)))
        };
        match a.as_str() {
            "--window" => window = Some(parse_window(&val("--window")?)?),
            "--max-out-of-orderness" => {
                let v = val(&a)?;
                given.max_out_of_orderness = Some(ms(&a, v)?)
            }
            "--allowed-lateness" => {
                let v = val(&a)?;
                given.allowed_lateness = Some(ms(&a, v)?)
            }
            "--early" => given.early = Some(parse_early(&val(&a)?)?),
            "--mode" => given.mode = Some(parse_mode(&val(&a)?)?),
            "--accumulation" => given.accumulation = Some(parse_accumulation(&val(&a)?)?),
            "--sources" => {
                let v = val(&a)?;
                sources = v
                    .parse::<u32>()
                    .map_err(|_| format!("--sources = {} is not a whole number", quote(&v)))?;
            }
            "--idle-timeout" => {
                let v = val(&a)?;
                idle_timeout = Some(ms(&a, v)?)
            }
            "--preset" => {
                let v = val(&a)?;
                preset = Some(Preset::from_name(&v).ok_or_else(|| {
                    format!(
                        "--preset {}: expected one of {}",
                        quote(&v),
                        Preset::ALL.map(Preset::name).join(", ")
                    )
                })?)
            }
            "--late-out" => late_out = Some(val(&a)?),
            "--export-java" => java_out = Some(val(&a)?),
            "--processing-time" => processing = true,
            "-h" | "--help" => return Err(USAGE.to_string()),
            other => return Err(format!("unknown argument {}\n{USAGE}", quote(other))),
        }
    }
    let window = window.ok_or(format!("--window is required\n{USAGE}"))?;
    let sets_d = preset.is_some_and(|p: Preset| p.defaults().max_out_of_orderness.is_some());
    if !processing && !sets_d && given.max_out_of_orderness.is_none() {
        return Err(format!("--max-out-of-orderness is required\n{USAGE}"));
    }
    let base = Config {
        sources,
        idle_timeout,
        time_domain: if processing {
            TimeDomain::Processing
        } else {
            TimeDomain::Event
        },
        ..Config::event_time(window, 0)
    };
    let config = configure(preset, base, &given).map_err(|e| e.to_string())?;
    config.validate().map_err(|e| e.to_string())?;
    Ok(ReplayArgs {
        config,
        late_out,
        java_out,
    })
}

/// Output of a replay: result rows and side-output rows, as CSV with headers.
#[derive(Debug, Clone, PartialEq)]
pub struct Replay {
    /// `key,window_start,window_end,count,sum,min,max,mean,firing,watermark`;
    /// `firing` is `early`, `on-time`, `late`, `final` or `retract`, and a
    /// `retract` row carries the totals it withdraws.
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

/// Where each column is in a line: key, time, value, and arrival and
/// source when present.
#[derive(Debug, Clone, Copy)]
struct Columns {
    key: usize,
    time: usize,
    value: usize,
    arrival: Option<usize>,
    source: Option<usize>,
}

/// The columns of a header line.
fn columns(header: &str) -> Result<Columns, String> {
    let cols: Vec<&str> = header.split(',').map(str::trim).collect();
    let find = |names: &[&str]| cols.iter().position(|c| names.contains(c));
    let missing = |what: &str| format!("line 1: header {} has no {what} column", quote(header));
    let ki = find(&["key"]).ok_or_else(|| missing("key"))?;
    let ti =
        find(&["time_ms", "event_time_ms"]).ok_or_else(|| missing("time_ms or event_time_ms"))?;
    let vi = find(&["value"]).ok_or_else(|| missing("value"))?;
    Ok(Columns {
        key: ki,
        time: ti,
        value: vi,
        arrival: find(&["arrival_ms"]),
        source: find(&["source"]),
    })
}

/// One data line (number `n`) as an event.
fn event(n: usize, line: &str, c: Columns) -> Result<Event, String> {
    let f: Vec<&str> = line.split(',').map(str::trim).collect();
    let get = |idx: usize, name: &str| {
        f.get(idx)
            .copied()
            .ok_or_else(|| format!("line {n}: missing column {name} in {}", quote(line)))
    };
    let num_err =
        |name: &str, v: &str| format!("line {n}: {name} = {} is not a valid number", quote(v));
    let key = get(c.key, "key")?;
    let key: u32 = key.parse().map_err(|_| num_err("key", key))?;
    let time = get(c.time, "time")?;
    let time: i64 = time.parse().map_err(|_| num_err("time", time))?;
    let value = get(c.value, "value")?;
    let value: f64 = value.parse().map_err(|_| num_err("value", value))?;
    let arrival = match c.arrival {
        Some(a) => {
            let v = get(a, "arrival_ms")?;
            Some(v.parse::<i64>().map_err(|_| num_err("arrival_ms", v))?)
        }
        None => None,
    };
    let source = match c.source {
        Some(s) => {
            let v = get(s, "source")?;
            v.parse::<u32>().map_err(|_| num_err("source", v))?
        }
        None => 0,
    };
    Ok(Event {
        source,
        key,
        time,
        value,
        arrival,
    })
}

/// Rows read from the CSV as the engine's columns, with each row's line
/// number (for messages).
#[derive(Debug, Default)]
struct Rows {
    keys: Vec<u32>,
    times: Vec<Time>,
    values: Vec<f64>,
    arrivals: Vec<Time>,
    sources: Vec<u32>,
    lines: Vec<usize>,
}

impl Rows {
    fn clear(&mut self) {
        self.keys.clear();
        self.times.clear();
        self.values.clear();
        self.arrivals.clear();
        self.sources.clear();
        self.lines.clear();
    }

    /// Event `ev` read from line `n` (with an arrival and a source when
    /// the header has those columns: then every row has them).
    fn push(&mut self, n: usize, ev: Event) {
        self.keys.push(ev.key);
        self.times.push(ev.time);
        self.values.push(ev.value);
        if let Some(a) = ev.arrival {
            self.arrivals.push(a);
        }
        self.sources.push(ev.source);
        self.lines.push(n);
    }

    fn columns(&self, header: Columns) -> weir_core::Columns<'_> {
        let mut c = weir_core::Columns::new(&self.keys, &self.times, &self.values);
        if header.arrival.is_some() {
            c = c.with_arrivals(&self.arrivals);
        }
        if header.source.is_some() {
            c = c.with_sources(&self.sources);
        }
        c
    }
}

/// Rows read and pushed at a time: the columns stay small whatever the
/// input's size.
const CHUNK_ROWS: usize = 65_536;

/// Replays `csv` (arrival order, header naming `key`, `time_ms` or
/// `event_time_ms`, and `value`, optionally `arrival_ms` and `source`;
/// other columns ignored; a UTF-8 byte order
/// mark before the header is skipped) through an engine with `config`,
/// then flushes. Errors name the line and quote at most [`QUOTE_MAX`] bytes
/// of it.
///
/// The rows go through the engine's columnar path a chunk at a time, with
/// the output drained after each row: the same results, and the same first
/// error, as pushing and draining line by line.
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
    let mut rows = Rows::default();
    loop {
        rows.clear();
        let mut unread = None;
        for (i, line) in lines.by_ref() {
            let n = i + 1;
            if line.trim().is_empty() {
                continue;
            }
            match event(n, line, cols) {
                Ok(ev) => rows.push(n, ev),
                Err(e) => {
                    unread = Some(e);
                    break;
                }
            }
            if rows.keys.len() == CHUNK_ROWS {
                break;
            }
        }
        if rows.keys.is_empty() && unread.is_none() {
            break;
        }
        // The lines before a bad one are pushed first: an engine error
        // among them comes first, as line by line.
        push_rows(&mut engine, rows.columns(cols), &rows.lines, &mut out)?;
        if let Some(e) = unread {
            return Err(e);
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

/// Pushes `rows` (read from `lines`), writing each row's output as it
/// comes; the first error names its line.
fn push_rows(
    engine: &mut Engine,
    rows: weir_core::Columns,
    lines: &[usize],
    out: &mut Replay,
) -> Result<(), String> {
    let (results, late) = (&mut out.results, &mut out.late);
    let pushed = engine.push_columns_draining(rows, |rs, ls| {
        for r in rs {
            result_row(results, r);
        }
        for l in ls {
            late_row(late, l);
        }
    });
    match pushed {
        Ok(n) => {
            out.events += n;
            Ok(())
        }
        Err(b) => {
            // A row failing its checks refuses the whole batch; row by
            // row, the rows before it would have gone in (and could fail).
            if b.accepted < b.row {
                push_rows(engine, rows.slice(0..b.row), lines, out)?;
            }
            Err(format!("line {}: {}", lines[b.row], b.error))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(a: &[&str]) -> Result<Config, String> {
        parse_args(a.iter().map(|s| s.to_string())).map(|r| r.config)
    }

    fn ok(a: &[&str]) -> Config {
        args(a).expect("valid flags")
    }

    const W: [&str; 4] = [
        "--window",
        "tumbling:10000",
        "--max-out-of-orderness",
        "1000",
    ];

    fn with(more: &[&'static str]) -> Vec<&'static str> {
        let mut v = W.to_vec();
        v.extend_from_slice(more);
        v
    }

    #[test]
    fn v1_flags_give_the_v1_config() {
        let c = ok(&with(&["--allowed-lateness", "500"]));
        assert_eq!(
            c,
            Config::event_time(WindowSpec::tumbling(10_000), 1_000).with_lateness(500)
        );
    }

    #[test]
    fn cumulate_window_with_and_without_offset() {
        let c = ok(&[
            "--window",
            "cumulate:1000,10000@500",
            "--max-out-of-orderness",
            "0",
        ]);
        assert_eq!(
            c.window,
            WindowSpec::Cumulate {
                step: 1_000,
                size: 10_000,
                offset: 500
            }
        );
        assert_eq!(
            parse_window("cumulate:2000,6000").unwrap(),
            WindowSpec::Cumulate {
                step: 2_000,
                size: 6_000,
                offset: 0
            }
        );
        // A step that does not divide the size names window.step.
        let e = parse_window("cumulate:4000,10000").unwrap_err();
        assert!(e.contains("window.step"), "{e}");
        assert!(parse_window("cumulate:1000").is_err());
    }

    #[test]
    fn trigger_and_accumulation_flags() {
        for (flag, early) in [
            ("count:3", Early::Count(3)),
            ("event-time:1000", Early::EventTime(1_000)),
            ("processing-time:500", Early::ProcessingTime(500)),
        ] {
            assert_eq!(ok(&with(&["--early", flag])).trigger.early, Some(early));
        }
        for (flag, mode) in [
            ("watermark", Mode::Watermark),
            ("every-event", Mode::EveryEvent),
            ("final", Mode::Final),
        ] {
            assert_eq!(ok(&with(&["--mode", flag])).trigger.mode, mode);
        }
        for (flag, acc) in [
            ("accumulating", Accumulation::Accumulating),
            ("discarding", Accumulation::Discarding),
            ("retracting", Accumulation::Retracting),
        ] {
            assert_eq!(ok(&with(&["--accumulation", flag])).accumulation, acc);
        }
        let e = args(&with(&["--early", "count:x"])).unwrap_err();
        assert_eq!(
            e,
            "--early \"count:x\": expected count:N, event-time:P or processing-time:P (P in ms)"
        );
        let e = args(&with(&["--mode", "fast"])).unwrap_err();
        assert!(e.starts_with("--mode \"fast\": expected"), "{e}");
        let e = args(&with(&["--accumulation", "sum"])).unwrap_err();
        assert!(e.starts_with("--accumulation \"sum\": expected"), "{e}");
        // Early with final mode: the config's own error, naming the field.
        let e = args(&with(&["--mode", "final", "--early", "count:2"])).unwrap_err();
        assert!(e.contains("trigger.early"), "{e}");
    }

    #[test]
    fn sources_and_idle_timeout_flags() {
        let c = ok(&with(&["--sources", "4", "--idle-timeout", "5000"]));
        assert_eq!((c.sources, c.idle_timeout), (4, Some(5_000)));
        let e = args(&with(&["--idle-timeout", "0"])).unwrap_err();
        assert!(e.contains("watermark.idleTimeout = 0"), "{e}");
        let e = args(&with(&["--sources", "-1"])).unwrap_err();
        assert_eq!(e, "--sources = \"-1\" is not a whole number");
        let e = args(&[
            "--window",
            "tumbling:1000",
            "--processing-time",
            "--sources",
            "2",
        ])
        .unwrap_err();
        assert!(
            e.contains("sources") && e.contains("event time only"),
            "{e}"
        );
    }

    #[test]
    fn presets_set_defaults_and_flags_given_override_them() {
        // kafka-streams sets d = 0, so --max-out-of-orderness may be left out.
        let c = ok(&["--window", "tumbling:10000", "--preset", "kafka-streams"]);
        assert_eq!(
            (
                c.max_out_of_orderness,
                c.trigger.mode,
                c.accumulation,
                c.clamp_starts_at_zero
            ),
            (0, Mode::EveryEvent, Accumulation::Accumulating, true)
        );
        let c = ok(&[
            "--window",
            "tumbling:10000",
            "--preset",
            "kafka-streams",
            "--mode",
            "final",
            "--max-out-of-orderness",
            "300",
        ]);
        assert_eq!((c.max_out_of_orderness, c.trigger.mode), (300, Mode::Final));
        // flink-sql: the bound given is Flink SQL's INTERVAL, run as d - 1;
        // L = 0 unless given.
        let c = ok(&with(&[
            "--allowed-lateness",
            "700",
            "--preset",
            "flink-sql",
        ]));
        assert_eq!((c.max_out_of_orderness, c.allowed_lateness), (999, 700));
        let c = ok(&with(&[
            "--preset",
            "spark-append",
            "--allowed-lateness",
            "200",
        ]));
        assert_eq!((c.trigger.mode, c.allowed_lateness), (Mode::Final, 200));
        let c = ok(&with(&["--preset", "beam"]));
        assert_eq!(c.accumulation, Accumulation::Discarding);
        let e = args(&with(&["--preset", "spark"])).unwrap_err();
        assert_eq!(
            e,
            "--preset \"spark\": expected one of flink, flink-sql, beam, kafka-streams, \
             kafka-streams-final, spark-append"
        );
        // Without a preset that sets d, d is required.
        let e = args(&["--window", "tumbling:1000", "--preset", "beam"]).unwrap_err();
        assert!(e.starts_with("--max-out-of-orderness is required"), "{e}");
    }

    /// Four events over two sources (tumbling 10 s, d = 1 s): the min over
    /// the sources fires [0, 10000) only once source 1 reaches 11500
    /// (W = min(12000, 11500) - 1000 = 10500).
    const TWO_SOURCES: &str = "key,time_ms,value,source,arrival_ms\n\
                               1,1000,1,0,0\n\
                               1,500,2,1,0\n\
                               1,12000,3,0,100\n\
                               1,11500,4,1,200\n";

    fn run(more: &[&'static str]) -> Vec<String> {
        let c = ok(&with(more));
        replay(TWO_SOURCES, c)
            .unwrap()
            .results
            .lines()
            .skip(1)
            .map(str::to_string)
            .collect()
    }

    #[test]
    fn a_multi_source_replay_reads_source_and_arrival_columns() {
        assert_eq!(
            run(&[]),
            [
                "1,0,10000,2,3,1,2,1.5,on-time,10500",
                "1,10000,20000,2,7,3,4,3.5,on-time,"
            ]
        );
        // A third declared source that never sends stalls W until the end.
        assert_eq!(
            run(&["--sources", "3"]),
            [
                "1,0,10000,2,3,1,2,1.5,on-time,",
                "1,10000,20000,2,7,3,4,3.5,on-time,"
            ]
        );
        // Idle after 150 ms: at the 4th row's arrival (200) sources 1 (last
        // at 0) and 2 (silent since the first arrival, 0) are idle, so
        // W = W_0 = 11000 fires [0, 10000) before the row is assigned.
        assert_eq!(
            run(&["--sources", "3", "--idle-timeout", "150"]),
            [
                "1,0,10000,2,3,1,2,1.5,on-time,11000",
                "1,10000,20000,2,7,3,4,3.5,on-time,"
            ]
        );
        // Without the source column, one source: W = 11000 at the 3rd row.
        let one = TWO_SOURCES.replace(",source,", ",src,");
        let out = replay(&one, ok(&W)).unwrap();
        assert_eq!(
            out.results.lines().nth(1),
            Some("1,0,10000,2,3,1,2,1.5,on-time,11000")
        );
        let e = replay("key,time_ms,value,source\n1,5,1,x\n", ok(&W)).unwrap_err();
        assert_eq!(e, "line 2: source = \"x\" is not a valid number");
    }
}
