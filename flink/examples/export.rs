//! Writes a Weir window design as its Flink job (what `toFlinkSql` returns)
//! on stdout: the conformance suite (`flink/conformance.py`, part `v2`) runs
//! it on real Flink. The flags are the replay's (SEMANTICS.md, "Replay
//! flags (v2)") that the export reads.
//!
//! ```text
//! cargo run -q -p weir-flink --example export -- --window session:3000 \
//!     --max-out-of-orderness 1999 --allowed-lateness 5000 --early count:3 \
//!     --accumulation discarding [--mode watermark|every-event|final] \
//!     [--language sql|java] [--source file:///data/events.csv] > WeirWindowJob.java
//! ```
use std::process::ExitCode;

use weir_core::{Accumulation, Config, Early, Mode, WindowSpec};
use weir_flink::replay::parse_window;
use weir_flink::{to_flink_sql, ExportOptions, Language};

const USAGE: &str = "usage: export --window tumbling:SIZE|sliding:SIZE,SLIDE|session:GAP|cumulate:STEP,SIZE[@OFFSET] \
--max-out-of-orderness MS [--allowed-lateness MS] [--early count:N|event-time:P|processing-time:P] \
[--mode watermark|every-event|final] [--accumulation accumulating|discarding|retracting] \
[--language sql|java] [--source PATH]";

/// `cumulate:STEP,SIZE[@OFFSET]`, else the replay's window syntax.
fn window(s: &str) -> Result<WindowSpec, String> {
    let Some(rest) = s.strip_prefix("cumulate:") else {
        return parse_window(s);
    };
    let bad = || format!("--window {s:?}: expected cumulate:STEP,SIZE[@OFFSET] (ms)");
    let (nums, offset) = rest.split_once('@').unwrap_or((rest, "0"));
    let (step, size) = nums.split_once(',').ok_or_else(bad)?;
    let num = |v: &str| v.trim().parse::<i64>().map_err(|_| bad());
    let spec = WindowSpec::Cumulate {
        step: num(step)?,
        size: num(size)?,
        offset: num(offset)?,
    };
    spec.validate().map_err(|e| e.to_string())?;
    Ok(spec)
}

fn early(s: &str) -> Result<Early, String> {
    let bad = || format!("--early {s:?}: expected count:N, event-time:P or processing-time:P");
    let (kind, n) = s.split_once(':').ok_or_else(bad)?;
    let n: i64 = n.trim().parse().map_err(|_| bad())?;
    match kind {
        "count" => Ok(Early::Count(u64::try_from(n).map_err(|_| bad())?)),
        "event-time" => Ok(Early::EventTime(n)),
        "processing-time" => Ok(Early::ProcessingTime(n)),
        _ => Err(bad()),
    }
}

fn run() -> Result<String, String> {
    let mut args = std::env::args().skip(1);
    let (mut win, mut d, mut l) = (None, None, 0i64);
    let mut opts = ExportOptions::csv("file:///data/events.csv");
    let (mut trigger_early, mut mode, mut accumulation) =
        (None, Mode::Watermark, Accumulation::default());
    while let Some(a) = args.next() {
        let v = args.next().ok_or(format!("{a} needs a value\n{USAGE}"))?;
        let ms = |v: &str| {
            v.parse::<i64>()
                .map_err(|_| format!("{a} = {v:?} is not a whole number of ms"))
        };
        match a.as_str() {
            "--window" => win = Some(window(&v)?),
            "--max-out-of-orderness" => d = Some(ms(&v)?),
            "--allowed-lateness" => l = ms(&v)?,
            "--early" => trigger_early = Some(early(&v)?),
            "--mode" => {
                mode = match v.as_str() {
                    "watermark" => Mode::Watermark,
                    "every-event" => Mode::EveryEvent,
                    "final" => Mode::Final,
                    _ => {
                        return Err(format!(
                            "--mode {v:?}: expected watermark, every-event or final"
                        ))
                    }
                }
            }
            "--accumulation" => {
                accumulation = match v.as_str() {
                    "accumulating" => Accumulation::Accumulating,
                    "discarding" => Accumulation::Discarding,
                    "retracting" => Accumulation::Retracting,
                    _ => {
                        return Err(format!(
                            "--accumulation {v:?}: expected accumulating, discarding or retracting"
                        ))
                    }
                }
            }
            "--language" => {
                opts.language = match v.as_str() {
                    "sql" => Some(Language::Sql),
                    "java" => Some(Language::Java),
                    _ => return Err(format!("--language {v:?}: expected sql or java")),
                }
            }
            "--source" => {
                opts = ExportOptions {
                    source: weir_flink::Source::Csv { path: v },
                    ..opts
                }
            }
            _ => return Err(format!("unknown argument {a:?}\n{USAGE}")),
        }
    }
    let win = win.ok_or(format!("--window is required\n{USAGE}"))?;
    let d = d.ok_or(format!("--max-out-of-orderness is required\n{USAGE}"))?;
    let mut config = Config::event_time(win, d).with_lateness(l);
    config.trigger.early = trigger_early;
    config.trigger.mode = mode;
    config.accumulation = accumulation;
    let out = to_flink_sql(&config, &opts).map_err(|e| e.to_string())?;
    Ok(out.text)
}

fn main() -> ExitCode {
    match run() {
        Ok(text) => {
            print!("{text}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("export: {e}");
            ExitCode::from(2)
        }
    }
}
