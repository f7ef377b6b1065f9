//! `toFlinkSql`: a window design as a runnable Apache Flink program (SQL,
//! or DataStream Java where SQL cannot express it), from the core's
//! `flink_export`.

use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use weir_core::flink_export::{to_flink_sql as export, Language};

use crate::convert;
use crate::engine::to_js;
use crate::error::{engine_error, JsResult};
use crate::types::{EngineConfig, FlinkExport, FlinkExportOptions};

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
