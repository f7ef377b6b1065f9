//! Errors as JavaScript sees them: every failure, from the core or from
//! converting a JS value, becomes a real `Error` object (`instanceof Error`,
//! with a stack), never a bare string. Its `name` says the kind
//! (`WeirConfigError`, `WeirEventError`, `WeirLimitError`,
//! `WeirSnapshotError`), `field` names what was wrong and `value` shows the
//! rejected value as a string, so a caller can branch without parsing the
//! message; the message says the same in words.

use js_sys::{Error, Reflect};
use wasm_bindgen::JsValue;
use weir_core::{BatchError, EngineError};

use crate::safe;

/// Result of a conversion or engine call, with the error already a JS `Error`.
pub type JsResult<T> = Result<T, JsValue>;

/// What went wrong, as the error's `name`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A config (engine, simulator, memory model, export) field.
    Config,
    /// An event, a batch row or a time argument.
    Event,
    /// A state or size cap was reached; nothing accepted is lost.
    Limit,
    /// Bytes given to `restore` are not a snapshot this build reads.
    Snapshot,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Config => "WeirConfigError",
            Kind::Event => "WeirEventError",
            Kind::Limit => "WeirLimitError",
            Kind::Snapshot => "WeirSnapshotError",
        }
    }
}

/// A JS `Error` named after `kind`, with `field` and `value` set.
pub fn weir_error(kind: Kind, field: &str, value: &str, msg: &str) -> JsValue {
    let e = Error::new(msg);
    e.set_name(kind.name());
    // Setting an own data property on an object made here runs no page
    // code; Reflect::set is a `catch` import all the same.
    let _ = Reflect::set(&e, &"field".into(), &field.into());
    let _ = Reflect::set(&e, &"value".into(), &value.into());
    e.into()
}

/// The core's kind for an error.
fn kind_of(e: &EngineError) -> Kind {
    match e {
        EngineError::InvalidConfig { .. } => Kind::Config,
        EngineError::InvalidEvent { .. } => Kind::Event,
        EngineError::LimitExceeded { .. }
        | EngineError::QueryLimit { .. }
        | EngineError::FiringLimit { .. } => Kind::Limit,
        EngineError::Snapshot(_) => Kind::Snapshot,
    }
}

/// `(field, value)` of a core error, with limits named as a config writes
/// them (`limits.maxKeys`).
fn field_of(e: &EngineError) -> (String, String) {
    match e {
        EngineError::InvalidConfig { field, value, .. }
        | EngineError::InvalidEvent { field, value, .. } => (field.to_string(), value.clone()),
        EngineError::LimitExceeded { field, limit, .. }
        | EngineError::QueryLimit { field, limit, .. }
        | EngineError::FiringLimit { field, limit, .. } => (
            if field.starts_with("limits.") {
                field.to_string()
            } else {
                format!("limits.{field}")
            },
            limit.to_string(),
        ),
        EngineError::Snapshot(_) => ("bytes".into(), String::new()),
    }
}

/// Maps a core error to a JS `Error` carrying the core's message (which
/// already names the field and value).
pub fn engine_error(e: EngineError) -> JsValue {
    let (field, value) = field_of(&e);
    weir_error(kind_of(&e), &field, &value, &e.to_string())
}

/// A snapshot error, with the bytes' length as its value.
pub fn snapshot_error(e: EngineError, len: usize) -> JsValue {
    let value = format!("Uint8Array({len})");
    weir_error(kind_of(&e), "bytes", &value, &e.to_string())
}

/// A core batch error: the row's column (`times[3]`) as the field, and the
/// row and the rows accepted as `row` and `accepted`.
pub fn batch_error(b: BatchError) -> JsValue {
    let (field, value) = field_of(&b.error);
    let column = match field.as_str() {
        "key" | "time" | "value" | "arrival" => format!("{field}s[{}]", b.row),
        _ => field,
    };
    let kept = if b.accepted == 0 {
        "no row was accepted".to_string()
    } else {
        format!("rows 0..{} were accepted, the rest were not", b.accepted)
    };
    let msg = format!("row {}: {}; {kept}", b.row, b.error);
    let e = weir_error(kind_of(&b.error), &column, &value, &msg);
    set_rows(&e, b.row, b.accepted);
    e
}

/// `row` and `accepted` on a batch error.
pub fn set_rows(e: &JsValue, row: usize, accepted: usize) {
    let _ = Reflect::set(e, &"row".into(), &(row as f64).into());
    let _ = Reflect::set(e, &"accepted".into(), &(accepted as f64).into());
}

/// `field = value: reason` as a `WeirConfigError` (the options of the
/// simulator and the memory model are configs).
pub fn invalid(field: &str, value: &JsValue, reason: &str) -> JsValue {
    invalid_as(Kind::Config, field, value, reason)
}

/// `field = value: reason`, the shape of every validation message.
pub fn invalid_as(kind: Kind, field: &str, value: &JsValue, reason: &str) -> JsValue {
    let shown = show(value);
    weir_error(kind, field, &shown, &format!("{field} = {shown}: {reason}"))
}

/// Longest string shown in a message: a 10 MB value must not become a
/// 10 MB message.
const SHOWN_CHARS: usize = 60;

/// Renders a JS value for a message: numbers as JS prints them (`NaN`,
/// `-Infinity`, `1.5`), strings quoted (and cut), the rest by type. Runs
/// no page code: a Proxy or an object with a throwing `toString` is shown
/// by its type.
pub fn show(v: &JsValue) -> String {
    if let Some(n) = v.as_f64() {
        return js_number(n);
    }
    if let Some(s) = v.as_string() {
        return quoted(&s);
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
    safe::describe(v)
}

/// `s` quoted as Rust's `{:?}` does, cut to [`SHOWN_CHARS`] characters.
pub fn quoted(s: &str) -> String {
    match s.char_indices().nth(SHOWN_CHARS) {
        Some((cut, _)) => format!("{:?}... ({} chars)", &s[..cut], s.chars().count()),
        None => format!("{s:?}"),
    }
}

/// A number the way JavaScript prints it.
pub fn js_number(n: f64) -> String {
    if n.is_nan() {
        "NaN".into()
    } else if n.is_infinite() {
        if n > 0.0 { "Infinity" } else { "-Infinity" }.into()
    } else {
        weir_core::float::to_string(n)
    }
}
