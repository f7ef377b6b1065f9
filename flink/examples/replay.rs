//! Replays a CSV stream through Weir's engine.
//!
//! ```text
//! cargo run -q --release --example replay -- --window tumbling:10000 \
//!     --max-out-of-orderness 2000 [--allowed-lateness 5000] [--late-out late.csv] \
//!     < events.csv > results.csv
//! ```
//!
//! `--export-java FILE` also writes the same design as a Flink DataStream
//! Java program (reading `file:///data/events.csv`); `flink/conformance.py`
//! runs it on real Flink and compares its output with this replay's.
use std::io::{Read, Write};
use std::process::ExitCode;

use weir_core::{Config, TimeDomain};
use weir_flink::replay::{parse_window, replay};
use weir_flink::{to_flink_sql, ExportOptions, Language};

const USAGE: &str = "usage: replay --window tumbling:SIZE|sliding:SIZE,SLIDE|session:GAP \
--max-out-of-orderness MS [--allowed-lateness MS] [--processing-time] [--late-out FILE] [--export-java FILE] < events.csv > results.csv";

fn run() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let (mut window, mut d, mut l, mut late_out, mut processing) = (None, None, 0i64, None, false);
    let mut java_out = None;
    while let Some(a) = args.next() {
        let mut val = |name: &str| args.next().ok_or(format!("{name} needs a value\n{USAGE}"));
        let ms = |name: &str, v: String| {
            v.parse::<i64>()
                .map_err(|_| format!("{name} = {v:?} is not a whole number of ms"))
        };
        match a.as_str() {
            "--window" => window = Some(parse_window(&val("--window")?)?),
            "--max-out-of-orderness" => {
                d = Some(ms(
                    "--max-out-of-orderness",
                    val("--max-out-of-orderness")?,
                )?)
            }
            "--allowed-lateness" => l = ms("--allowed-lateness", val("--allowed-lateness")?)?,
            "--late-out" => late_out = Some(val("--late-out")?),
            "--export-java" => java_out = Some(val("--export-java")?),
            "--processing-time" => processing = true,
            "-h" | "--help" => return Err(USAGE.to_string()),
            other => return Err(format!("unknown argument {other:?}\n{USAGE}")),
        }
    }
    let window = window.ok_or(format!("--window is required\n{USAGE}"))?;
    let mut config = Config::event_time(window, d.unwrap_or(0)).with_lateness(l);
    if processing {
        config.time_domain = TimeDomain::Processing;
    } else if d.is_none() {
        return Err(format!("--max-out-of-orderness is required\n{USAGE}"));
    }
    if let Some(path) = java_out {
        let opts = ExportOptions {
            language: Some(Language::Java),
            ..ExportOptions::csv("file:///data/events.csv")
        };
        let java = to_flink_sql(&config, &opts).map_err(|e| e.to_string())?;
        std::fs::write(&path, java.text).map_err(|e| format!("writing {path}: {e}"))?;
    }
    let mut input = String::new();
    std::io::stdin()
        .read_to_string(&mut input)
        .map_err(|e| format!("reading stdin: {e}"))?;
    let out = replay(&input, config)?;
    std::io::stdout()
        .write_all(out.results.as_bytes())
        .map_err(|e| format!("writing stdout: {e}"))?;
    if let Some(path) = late_out {
        std::fs::write(&path, out.late).map_err(|e| format!("writing {path}: {e}"))?;
    }
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("replay: {e}");
            ExitCode::from(2)
        }
    }
}
