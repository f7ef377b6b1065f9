//! Reading plain JS objects into core types, field by field, with messages
//! that name the field and the value. serde-wasm-bindgen would silently
//! ignore unknown keys, so objects are read with `Reflect` and their
//! `Object.keys` checked against the names each shape allows.

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use weir_core::time::MAX_ABS_TIME;
use weir_core::{Config, Event, WindowSpec};

use crate::error::{invalid, JsResult};

/// 2^53 as a float: the largest magnitude at which every integer is exact.
const MAX_EXACT: f64 = MAX_ABS_TIME as f64;

/// A JS object being read, with the path used in messages (`""` at the top,
/// `"window"` inside `config.window`).
struct Fields<'a> {
    obj: &'a Object,
    path: &'static str,
}

impl<'a> Fields<'a> {
    /// `value` as an object whose keys are all in `known`.
    fn of(
        value: &'a JsValue,
        path: &'static str,
        what: &str,
        known: &[&str],
    ) -> JsResult<Fields<'a>> {
        if !value.is_object() || Array::is_array(value) {
            return Err(invalid(
                if path.is_empty() { what } else { path },
                value,
                &format!("must be an object {{ {} }}", known.join(", ")),
            ));
        }
        let obj: &Object = value.unchecked_ref();
        for k in Object::keys(obj).iter() {
            let name = k.as_string().unwrap_or_default();
            if !known.contains(&name.as_str()) {
                let f = Fields { obj, path };
                return Err(invalid(
                    &f.name(&name),
                    &Reflect::get(obj, &k)?,
                    &format!("unknown field (expected {})", known.join(", ")),
                ));
            }
        }
        Ok(Fields { obj, path })
    }

    /// The field's name as a user writes it (`window.size`).
    fn name(&self, field: &str) -> String {
        if self.path.is_empty() {
            field.to_string()
        } else {
            format!("{}.{field}", self.path)
        }
    }

    /// The field's value (`undefined` when absent).
    fn get(&self, field: &str) -> JsResult<JsValue> {
        Reflect::get(self.obj, &JsValue::from_str(field))
    }

    /// A number that is finite and satisfies `ok`, or an error with `reason`.
    fn number(&self, field: &str, ok: impl Fn(f64) -> bool, reason: &str) -> JsResult<f64> {
        let v = self.get(field)?;
        match v.as_f64() {
            Some(n) if n.is_finite() && ok(n) => Ok(n),
            _ => Err(invalid(&self.name(field), &v, reason)),
        }
    }

    /// A whole number of milliseconds within +/-2^53 (range rules such as
    /// "size > 0" are the core's and are reported by it).
    fn millis(&self, field: &str) -> JsResult<i64> {
        let whole = |n: f64| n.fract() == 0.0 && n.abs() <= MAX_EXACT;
        let n = self.number(field, whole, "must be a whole number of ms within +/-2^53")?;
        Ok(n as i64)
    }

    /// Like [`Fields::millis`], with `default` when the field is absent.
    fn millis_or(&self, field: &str, default: i64) -> JsResult<i64> {
        if self.get(field)?.is_undefined() {
            Ok(default)
        } else {
            self.millis(field)
        }
    }

    /// A string field.
    fn string(&self, field: &str, reason: &str) -> JsResult<String> {
        let v = self.get(field)?;
        v.as_string()
            .ok_or_else(|| invalid(&self.name(field), &v, reason))
    }
}

/// `{ window, watermark?: { maxOutOfOrderness }, allowedLateness? }` as a
/// core [`Config`] (event time). Range checks are left to `Config::validate`.
pub fn config(value: &JsValue) -> JsResult<Config> {
    let top = Fields::of(
        value,
        "",
        "config",
        &["window", "watermark", "allowedLateness"],
    )?;
    let window = window_spec(&top.get("window")?)?;
    let wm = top.get("watermark")?;
    let max_out_of_orderness = if wm.is_undefined() {
        0
    } else {
        Fields::of(&wm, "watermark", "", &["maxOutOfOrderness"])?.millis("maxOutOfOrderness")?
    };
    Ok(Config::event_time(window, max_out_of_orderness)
        .with_lateness(top.millis_or("allowedLateness", 0)?))
}

/// One match arm per window type: adding a type is adding an arm.
fn window_spec(value: &JsValue) -> JsResult<WindowSpec> {
    const TYPES: &str = "must be \"tumbling\", \"sliding\" or \"session\"";
    let ty = Fields::of(
        value,
        "window",
        "",
        &["type", "size", "slide", "offset", "gap"],
    )?
    .string("type", TYPES)?;
    match ty.as_str() {
        "tumbling" => {
            let w = Fields::of(value, "window", "", &["type", "size", "offset"])?;
            Ok(WindowSpec::Tumbling {
                size: w.millis("size")?,
                offset: w.millis_or("offset", 0)?,
            })
        }
        "sliding" => {
            let w = Fields::of(value, "window", "", &["type", "size", "slide", "offset"])?;
            Ok(WindowSpec::Sliding {
                size: w.millis("size")?,
                slide: w.millis("slide")?,
                offset: w.millis_or("offset", 0)?,
            })
        }
        "session" => {
            let w = Fields::of(value, "window", "", &["type", "gap"])?;
            Ok(WindowSpec::Session {
                gap: w.millis("gap")?,
            })
        }
        _ => Err(invalid("window.type", &JsValue::from_str(&ty), TYPES)),
    }
}

/// `{ key, time, value }` as a core [`Event`].
pub fn event(value: &JsValue) -> JsResult<Event> {
    let e = Fields::of(value, "", "event", &["key", "time", "value"])?;
    let key = e.number(
        "key",
        |n| n.fract() == 0.0 && (0.0..=u32::MAX as f64).contains(&n),
        "must be an integer in 0..=4294967295",
    )? as u32;
    let time = e.millis("time")?;
    let value = e.number("value", |_| true, "must be a finite number")?;
    Ok(Event::new(key, time, value))
}
