//! Replays a CSV stream through Weir's engine.
//!
//! ```text
//! cargo run -q --release --example replay -- --window tumbling:10000 \
//!     --max-out-of-orderness 2000 [--allowed-lateness 5000] [--late-out late.csv] \
//!     < events.csv > results.csv
//! ```
//!
//! The v2 flags (`--window cumulate:STEP,SIZE[@OFFSET]`, `--early`, `--mode`,
//! `--accumulation`, `--sources`, `--idle-timeout`, `--preset`) are parsed
//! by `weir_flink::replay::parse_args`; flags given override the preset's.
//! Input columns `source` and `arrival_ms` are read when present.
//!
//! `--export-java FILE` also writes the same design as a Flink DataStream
//! Java program (reading `file:///data/events.csv`); `flink/conformance.py`
//! runs it on real Flink and compares its output with this replay's.
use std::io::{Read, Write};
use std::process::ExitCode;

use weir_flink::replay::{parse_args, replay, ReplayArgs};
use weir_flink::{to_flink_sql, ExportOptions, Language};

fn run() -> Result<(), String> {
    let ReplayArgs {
        config,
        late_out,
        java_out,
    } = parse_args(std::env::args().skip(1))?;
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
