//! Errors as JavaScript sees them: every failure, from the core or from
//! converting a JS value, becomes a real `Error` object (`instanceof Error`,
//! with a stack), never a bare string. Messages name the field and the value.

use js_sys::Error;
use wasm_bindgen::JsValue;
use weir_core::EngineError;

/// Result of a conversion or engine call, with the error already a JS `Error`.
pub type JsResult<T> = Result<T, JsValue>;

/// A JS `Error` with `msg` as its message.
pub fn js_error(msg: &str) -> JsValue {
    Error::new(msg).into()
}

/// Maps a core error to a JS `Error` carrying the core's message (which
/// already names the field and value).
pub fn engine_error(e: EngineError) -> JsValue {
    js_error(&e.to_string())
}

/// `field = value: reason`, the shape of every validation message.
pub fn invalid(field: &str, value: &JsValue, reason: &str) -> JsValue {
    js_error(&format!("{field} = {}: {reason}", show(value)))
}

/// Renders a JS value for a message: numbers as JS prints them (`NaN`,
/// `-Infinity`, `1.5`), strings quoted, the rest by type.
pub fn show(v: &JsValue) -> String {
    if let Some(n) = v.as_f64() {
        return js_number(n);
    }
    if let Some(s) = v.as_string() {
        return format!("{s:?}");
    }
    if v.is_undefined() {
        return "undefined".into();
    }
    if v.is_null() {
        return "null".into();
    }
    if let Some(b) = v.as_bool() {
        return b.to_string();
    }
    if js_sys::Array::is_array(v) {
        return "an array".into();
    }
    v.js_typeof().as_string().unwrap_or_else(|| "?".into())
}

/// A number the way JavaScript prints it.
pub fn js_number(n: f64) -> String {
    if n.is_nan() {
        "NaN".into()
    } else if n.is_infinite() {
        if n > 0.0 { "Infinity" } else { "-Infinity" }.into()
    } else {
        n.to_string()
    }
}
