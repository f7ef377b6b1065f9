//! The only JavaScript this crate calls on values a caller handed in
//! (the `inline_js` below): each function catches whatever the caller's getters, Proxy
//! traps or typed arrays throw and returns plain data, so no exception ever
//! unwinds through a wasm frame (which would leave the engine borrowed and
//! the stack pointer moved: a bricked engine, then a dead module).
//!
//! Everything else this crate calls in JavaScript either runs no page code
//! (`typeof`, `instanceof` wrapped by wasm-bindgen, setting a property on an
//! object made here) or is a `catch` import.

use js_sys::Array;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(inline_js = r#"
// Every read of a caller's value that can run the caller's code (a getter,
// a Proxy trap, a typed array's `length` redefined) happens in this snippet,
// inside try/catch, and comes back as plain data. A JavaScript exception
// must never unwind through a wasm frame: wasm-bindgen 0.2.130 does not
// restore its stack pointer or the engine's borrow flag after one, so one
// throwing getter bricks the engine and a few thousand kill the module.
//
// The intrinsics are taken once, when the module loads, so that a page
// replacing `Uint8Array.prototype.set` later cannot get between a length
// check and a copy.
const TypedArray = Object.getPrototypeOf(Uint8Array.prototype); // %TypedArray%.prototype
const tagOf = Object.getOwnPropertyDescriptor(TypedArray, Symbol.toStringTag).get;
const lengthOf = Object.getOwnPropertyDescriptor(TypedArray, "length").get;
const setFrom = TypedArray.set;
const bufferOf = Object.getOwnPropertyDescriptor(TypedArray, "buffer").get;
const byteOffsetOf = Object.getOwnPropertyDescriptor(TypedArray, "byteOffset").get;
const hasOwn = Object.prototype.hasOwnProperty;
const { ownKeys } = Reflect;
const { getOwnPropertyNames: ownNames, getOwnPropertySymbols: ownSymbols } = Object;
const { isArray } = Array;

/** What a thrown value says, cut short; never throws itself. */
function reason(e) {
  try {
    const m = e instanceof Error ? e.message : e;
    return (typeof m === "symbol" ? m.toString() : String(m)).slice(0, 200);
  } catch {
    return "a value that cannot be shown";
  }
}

/**
 * A plain `{ key, time, value, arrival? }` whose fields are all own numbers,
 * copied into `out` in one call; returns how many fields (3 or 4), or 0 for
 * anything else (which the caller then reads field by field for a message).
 */
export function readEvent(o, out) {
  try {
    if (typeof o !== "object" || o === null || isArray(o)) return 0;
    const key = o.key, time = o.time, value = o.value, arrival = o.arrival;
    if (typeof key !== "number" || typeof time !== "number" || typeof value !== "number") return 0;
    let n = 3;
    if (arrival !== undefined) {
      if (typeof arrival !== "number") return 0;
      out[3] = arrival;
      n = 4;
    }
    // Own names, non-enumerable ones included: n distinct names from the
    // n allowed ones are exactly those, so none was inherited. Symbols are
    // asked for apart: Reflect.ownKeys in one call made push() 40 % slower.
    const own = ownNames(o);
    if (own.length !== n) return 0;
    for (let i = 0; i < n; i++) {
      const k = own[i];
      if (k === "arrival" ? n !== 4 : k !== "key" && k !== "time" && k !== "value") return 0;
    }
    if (ownSymbols(o).length !== 0) return 0;
    out[0] = key;
    out[1] = time;
    out[2] = value;
    return n;
  } catch {
    return 0;
  }
}

/**
 * The own fields of `o` named in `known` (comma-separated), as
 * `[0, ...values]` (undefined where absent), or what is wrong:
 * `[1]` not an object (or an array), `[2, name, true?, value?]` a field
 * not in `known` (a symbol shown as `Symbol(x)`; its value when it could
 * be read), `[3, name]` a known field
 * only inherited, `[4, name, reason]` reading threw (name "" for the object
 * itself, e.g. a revoked Proxy).
 */
export function readObject(o, known) {
  let at = "";
  try {
    if (typeof o !== "object" || o === null || isArray(o)) return [1];
    const names = known.split(",");
    for (const k of ownKeys(o)) {
      if (typeof k !== "string") return [2, k.toString()];
      if (!names.includes(k)) {
        // Its value, for the message, unless reading it throws too.
        try {
          return [2, k, true, o[k]];
        } catch {
          return [2, k];
        }
      }
    }
    const out = [0];
    for (const k of names) {
      at = k;
      if (hasOwn.call(o, k)) out.push(o[k]);
      else if (k in o) return [3, k];
      else out.push(undefined);
    }
    return out;
  } catch (e) {
    return [4, at, reason(e)];
  }
}

/**
 * A copy of a real array's elements (at most `max`), or a number: -1 not
 * an array, -2 longer than `max`, -3 reading threw.
 */
export function readList(v, max) {
  try {
    if (!isArray(v)) return -1;
    const n = v.length;
    if (!(n <= max)) return -2;
    const out = [];
    for (let i = 0; i < n; i++) out.push(v[i]);
    return out;
  } catch {
    return -3;
  }
}

/**
 * The real element count of `v` if it is a genuine typed array named
 * `kind` ("Uint32Array"), read from its internal slots (a redefined
 * `length`, a Proxy or `Object.create(Uint32Array.prototype)` cannot lie),
 * else -1. A detached buffer counts 0.
 */
export function viewLength(v, kind) {
  try {
    return tagOf.call(v) === kind ? lengthOf.call(v) : -1;
  } catch {
    return -1;
  }
}

/**
 * Copies the typed array `src` into `dst` (a view of wasm memory of the
 * length `src` was measured at); false if `src` is no longer that long
 * (detached or resized since) or the copy throws. `set` from a genuine
 * typed array reads internal slots only (`subarray` would consult
 * `constructor[Symbol.species]`, which a page can redefine).
 */
export function copyInto(src, dst) {
  try {
    if (lengthOf.call(src) !== dst.length) return false;
    setFrom.call(dst, src);
    return true;
  } catch {
    return false;
  }
}

/**
 * Copies the first `dst.length` bytes of the Uint8Array `src` into `dst`
 * (a snapshot's header, read before the whole is copied); false if `src`
 * is shorter or unreadable.
 */
export function copyHead(src, dst) {
  try {
    if (!(lengthOf.call(src) >= dst.length)) return false;
    setFrom.call(dst, new Uint8Array(bufferOf.call(src), byteOffsetOf.call(src), dst.length));
    return true;
  } catch {
    return false;
  }
}

/** `v` described for a message by its type, without running its code. */
export function describe(v) {
  try {
    if (isArray(v)) return "an array";
    const tag = tagOf.call(v);
    if (tag !== undefined) return `${tag}(${lengthOf.call(v)})`;
  } catch {
    return "a revoked Proxy";
  }
  return typeof v;
}
"#)]
extern "C" {
    /// `{ key, time, value, arrival? }` of own numbers into `out`: 3 or 4, else 0.
    #[wasm_bindgen(js_name = readEvent)]
    pub fn read_event(o: &JsValue, out: &mut [f64]) -> u32;
    /// `[0, ...values]` of the own fields in `known`, or `[code, name, reason]`.
    #[wasm_bindgen(js_name = readObject)]
    fn read_object(o: &JsValue, known: &str) -> Array;
    /// A copy of a real array (at most `max` long), or -1 / -2 / -3.
    #[wasm_bindgen(js_name = readList)]
    fn read_list(v: &JsValue, max: u32) -> JsValue;
    /// The real length of a genuine typed array named `kind`, else -1.
    #[wasm_bindgen(js_name = viewLength)]
    fn view_length(v: &JsValue, kind: &str) -> f64;
    /// Copies a u32 typed array of exactly `dst.len()` into `dst`.
    #[wasm_bindgen(js_name = copyInto)]
    fn copy_u32(src: &JsValue, dst: &mut [u32]) -> bool;
    /// Copies an f64 typed array of exactly `dst.len()` into `dst`.
    #[wasm_bindgen(js_name = copyInto)]
    fn copy_f64(src: &JsValue, dst: &mut [f64]) -> bool;
    /// Copies a u8 typed array of exactly `dst.len()` into `dst`.
    #[wasm_bindgen(js_name = copyInto)]
    fn copy_u8(src: &JsValue, dst: &mut [u8]) -> bool;
    /// Copies the first `dst.len()` bytes of a Uint8Array into `dst`.
    #[wasm_bindgen(js_name = copyHead)]
    fn copy_head(src: &JsValue, dst: &mut [u8]) -> bool;
    /// `v`'s type for a message ("an array", "Uint8Array(3)", "object").
    pub fn describe(v: &JsValue) -> String;
}

/// Why an object could not be read.
pub enum ObjectError {
    /// Not an object, or an array.
    NotObject,
    /// A field not in the allowed names, with its value when it could be read.
    Unknown(String, Option<JsValue>),
    /// An allowed field present only on the prototype chain.
    Inherited(String),
    /// Reading the field (or the object, when empty) threw this.
    Threw(String, String),
}

/// The own fields of `o` named in `known`, in that order (`undefined` where
/// absent).
pub fn object(o: &JsValue, known: &[&str]) -> Result<Vec<JsValue>, ObjectError> {
    let r = read_object(o, &known.join(","));
    let text = |i: u32| r.get(i).as_string().unwrap_or_default();
    match r.get(0).as_f64() {
        Some(0.0) => Ok((1..r.length()).map(|i| r.get(i)).collect()),
        Some(1.0) => Err(ObjectError::NotObject),
        Some(2.0) => Err(ObjectError::Unknown(
            text(1),
            (r.get(2).as_bool() == Some(true)).then(|| r.get(3)),
        )),
        Some(3.0) => Err(ObjectError::Inherited(text(1))),
        _ => Err(ObjectError::Threw(text(1), text(2))),
    }
}

/// Why a list could not be read.
pub enum ListError {
    /// Not an array.
    NotArray,
    /// More than the allowed elements.
    TooLong,
    /// Reading it threw.
    Threw,
}

/// A copy of the array `v`'s elements, at most `max`.
pub fn list(v: &JsValue, max: u32) -> Result<Vec<JsValue>, ListError> {
    let r = read_list(v, max);
    match r.as_f64() {
        Some(-1.0) => Err(ListError::NotArray),
        Some(-2.0) => Err(ListError::TooLong),
        Some(_) => Err(ListError::Threw),
        None => Ok(r.unchecked_into::<Array>().iter().collect()),
    }
}

/// The typed arrays a batch or a snapshot may be.
#[derive(Clone, Copy)]
pub enum View {
    /// `Uint32Array`.
    U32,
    /// `Float64Array`.
    F64,
    /// `Uint8Array`.
    U8,
}

impl View {
    /// The constructor's name.
    pub fn name(self) -> &'static str {
        match self {
            View::U32 => "Uint32Array",
            View::F64 => "Float64Array",
            View::U8 => "Uint8Array",
        }
    }
}

/// The element count of `v` if it is a genuine typed array of that kind.
pub fn length(v: &JsValue, kind: View) -> Option<usize> {
    let n = view_length(v, kind.name());
    (n >= 0.0).then_some(n as usize)
}

/// Fills `dst` from a typed array measured at `dst.len()`; false if it is
/// no longer that long.
pub fn fill_u32(src: &JsValue, dst: &mut [u32]) -> bool {
    copy_u32(src, dst)
}

/// Like [`fill_u32`] for `Float64Array`.
pub fn fill_f64(src: &JsValue, dst: &mut [f64]) -> bool {
    copy_f64(src, dst)
}

/// Like [`fill_u32`] for `Uint8Array`.
pub fn fill_u8(src: &JsValue, dst: &mut [u8]) -> bool {
    copy_u8(src, dst)
}

/// Fills `dst` from the first `dst.len()` bytes of a Uint8Array at least
/// that long; false if it is not.
pub fn fill_head(src: &JsValue, dst: &mut [u8]) -> bool {
    copy_head(src, dst)
}
