//! `toFlinkSql`: a window design as a runnable Apache Flink program (SQL,
//! or DataStream Java where SQL cannot express it), from the `weir-flink`
//! crate (`flink/`). Behind the `flink` cargo feature: it adds about 26 KB
//! gzipped, which would take the page's module past its 150 KB budget, so
//! the default build leaves it out (`wasm-pack build wasm -- --features
//! flink` puts it in).

use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use weir_flink::{to_flink_sql as export, Language};

use crate::convert;
use crate::engine::to_js;
use crate::error::{engine_error, JsResult};
use crate::types::EngineConfig;

#[wasm_bindgen(typescript_custom_section)]
const TS_FLINK: &'static str = r#"
/** `toFlinkSql(config, options)`: where the job reads and writes. */
export interface FlinkExportOptions {
  /** Default: a CSV file "events.csv" (no header; key, event time ms, value). */
  source?:
    | { type: "csv"; path: string }
    | { type: "kafka"; topic: string; bootstrapServers: string; groupId: string; format?: "json" | "csv" };
  sink?: { type: "print" } | { type: "csv"; path: string };
  /** Default: count, sum, min, max, mean. */
  aggregates?: ("count" | "sum" | "min" | "max" | "mean" | "stddev" | "variance")[];
  sourceTable?: string;
  sinkTable?: string;
  keyColumn?: string;
  timeColumn?: string;
  valueColumn?: string;
  /** Default: SQL when Flink SQL can express the design, else Java. "java": always the
   * DataStream program. "sql": SQL, or an error when SQL cannot express the design. */
  language?: "sql" | "java";
}

/** The exported program: Flink SQL, or DataStream Java when SQL cannot express the design. */
export interface FlinkExport {
  language: "sql" | "java";
  text: string;
  /** Why Java, what differs, what to check. */
  notes: string[];
}
"#;

#[wasm_bindgen]
extern "C" {
    /// `FlinkExportOptions` in TypeScript (an optional argument).
    #[wasm_bindgen(typescript_type = "FlinkExportOptions")]
    pub type FlinkExportOptions;
    /// `FlinkExport` in TypeScript.
    #[wasm_bindgen(typescript_type = "FlinkExport")]
    pub type FlinkExport;
}

#[derive(Serialize)]
struct JsExport {
    language: &'static str,
    text: String,
    notes: Vec<String>,
}

/// The Flink job that computes what a `StreamEngine` with `config` does.
/// Throws an `Error` naming the first invalid field.
#[wasm_bindgen(js_name = toFlinkSql)]
pub fn to_flink_sql(
    config: EngineConfig,
    options: Option<FlinkExportOptions>,
) -> JsResult<FlinkExport> {
    let config = convert::config(&config)?;
    config.validate().map_err(engine_error)?;
    let opts = convert::export_options(&options.map_or(JsValue::UNDEFINED, JsValue::from))?;
    let e = export(&config, &opts).map_err(engine_error)?;
    let language = match e.language {
        Language::Sql => "sql",
        Language::Java => "java",
    };
    Ok(to_js(&JsExport {
        language,
        text: e.text,
        notes: e.notes,
    })?
    .unchecked_into())
}
