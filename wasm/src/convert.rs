//! Reading plain JS objects into core types, field by field, with messages
//! that name the field and the value. serde-wasm-bindgen would silently
//! ignore unknown keys, so objects are read with `Reflect` and their
//! `Object.keys` checked against the names each shape allows.

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use weir_core::memory::MemoryParams;
use weir_core::simulator::SimConfig;
use weir_core::time::MAX_ABS_TIME;
use weir_core::{Config, Event, Limits, TimeDomain, WindowSpec};
#[cfg(feature = "flink")]
use weir_flink::{Aggregate, ExportOptions, KafkaFormat, Language, Sink, Source};

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

    /// A finite number satisfying `ok`, or `default` when absent.
    fn number_or(
        &self,
        field: &str,
        default: f64,
        ok: impl Fn(f64) -> bool,
        reason: &str,
    ) -> JsResult<f64> {
        if self.get(field)?.is_undefined() {
            Ok(default)
        } else {
            self.number(field, ok, reason)
        }
    }

    /// A whole number in `0..=max`, or `default` when absent.
    fn count_or(&self, field: &str, default: u64, max: u64) -> JsResult<u64> {
        let reason = format!("must be a whole number in 0..={max}");
        let ok = |n: f64| n.fract() == 0.0 && n >= 0.0 && n <= max as f64;
        Ok(self.number_or(field, default as f64, ok, &reason)? as u64)
    }

    /// A string field.
    fn string(&self, field: &str, reason: &str) -> JsResult<String> {
        let v = self.get(field)?;
        v.as_string()
            .ok_or_else(|| invalid(&self.name(field), &v, reason))
    }
}

/// Most sliding windows one event may fall in (`ceil(size / slide)`).
pub const MAX_WINDOWS_PER_EVENT: u64 = 100_000;

/// The config fields `new StreamEngine(config)` takes.
const CONFIG_FIELDS: &[&str] = &[
    "window",
    "watermark",
    "allowedLateness",
    "timeDomain",
    "limits",
];

/// `{ window, watermark?: { maxOutOfOrderness }, allowedLateness?,
/// timeDomain?, limits? }` as a core [`Config`]. Range checks are left to
/// `Config::validate`, which names the field.
pub fn config(value: &JsValue) -> JsResult<Config> {
    let top = Fields::of(value, "", "config", CONFIG_FIELDS)?;
    let window = window_spec(&top.get("window")?)?;
    let wm = top.get("watermark")?;
    let max_out_of_orderness = if wm.is_undefined() {
        0
    } else {
        Fields::of(&wm, "watermark", "", &["maxOutOfOrderness"])?.millis("maxOutOfOrderness")?
    };
    let time_domain = match top.get("timeDomain")?.as_string().as_deref() {
        _ if top.get("timeDomain")?.is_undefined() => TimeDomain::Event,
        Some("event") => TimeDomain::Event,
        Some("processing") => TimeDomain::Processing,
        _ => {
            return Err(invalid(
                "timeDomain",
                &top.get("timeDomain")?,
                "must be \"event\" or \"processing\"",
            ))
        }
    };
    let mut limits = Limits::default();
    let l = top.get("limits")?;
    if !l.is_undefined() {
        let f = Fields::of(&l, "limits", "", &["maxKeys", "maxOpenWindows"])?;
        limits.max_keys = f.count_or("maxKeys", limits.max_keys, MAX_EXACT as u64)?;
        limits.max_open_windows =
            f.count_or("maxOpenWindows", limits.max_open_windows, MAX_EXACT as u64)?;
    }
    if let WindowSpec::Sliding { size, slide, .. } = window {
        // An event lies in ceil(size / slide) windows; windowsFor, openWindows
        // and flush list them one by one, and 2^40 of them abort the module
        // (capacity overflow). The memory model takes any ratio.
        let per_event = (size.max(1) as u64).div_ceil(slide.max(1) as u64);
        if per_event > MAX_WINDOWS_PER_EVENT {
            return Err(invalid(
                "window.slide",
                &JsValue::from_f64(slide as f64),
                &format!(
                    "window.size / window.slide gives {per_event} windows per event, \
                     over {MAX_WINDOWS_PER_EVENT}"
                ),
            ));
        }
    }
    Ok(Config {
        window,
        max_out_of_orderness,
        allowed_lateness: top.millis_or("allowedLateness", 0)?,
        time_domain,
        limits,
    })
}

/// One match arm per window type: adding a type is adding an arm.
pub fn window_spec(value: &JsValue) -> JsResult<WindowSpec> {
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

/// A key: an integer in the u32 range.
pub fn key_ok(n: f64) -> bool {
    n.fract() == 0.0 && (0.0..=u32::MAX as f64).contains(&n)
}

/// A time: a whole number of ms within +/-2^53.
pub fn time_ok(n: f64) -> bool {
    n.is_finite() && n.fract() == 0.0 && n.abs() <= MAX_EXACT
}

/// What a key must be.
pub const KEY_RULE: &str = "must be an integer in 0..=4294967295";
/// What a time must be.
pub const TIME_RULE: &str = "must be a whole number of ms within +/-2^53";

#[wasm_bindgen(inline_js = r#"
export function readEvent(o, out) {
  if (typeof o !== "object" || o === null || Array.isArray(o)) return 0;
  const key = o.key, time = o.time, value = o.value, arrival = o.arrival;
  if (typeof key !== "number" || typeof time !== "number" || typeof value !== "number") return 0;
  let n = 3;
  if (arrival !== undefined) {
    if (typeof arrival !== "number") return 0;
    out[3] = arrival;
    n = 4;
  }
  const own = Object.keys(o);
  if (own.length !== n) return 0;
  for (let i = 0; i < n; i++) {
    const k = own[i];
    if (k !== "key" && k !== "time" && k !== "value" && k !== "arrival") return 0;
  }
  out[0] = key;
  out[1] = time;
  out[2] = value;
  return n;
}
"#)]
extern "C" {
    /// Copies a plain `{ key, time, value, arrival? }` whose fields are all
    /// numbers into `out` in one call across the boundary; returns how many
    /// fields it copied (3 or 4), or 0 for anything else.
    #[wasm_bindgen(js_name = readEvent)]
    fn read_event(o: &JsValue, out: &mut [f64]) -> u32;
}

/// `{ key, time, value, arrival? }` as a core [`Event`].
pub fn event(value: &JsValue) -> JsResult<Event> {
    match event_fast(value) {
        Some(ev) => Ok(ev),
        // Anything unusual (an error, or an `arrival: undefined` field) goes
        // the field-by-field way, which names what is wrong.
        None => event_checked(value),
    }
}

/// The common case in one call across the boundary (reading the fields one
/// `Reflect.get` at a time made push() several times slower).
fn event_fast(value: &JsValue) -> Option<Event> {
    let mut f = [0.0f64; 4];
    let n = read_event(value, &mut f);
    let [key, time, val, arrival] = f;
    let arrival = (n == 4).then_some(arrival);
    let ok =
        n != 0 && key_ok(key) && time_ok(time) && val.is_finite() && arrival.is_none_or(time_ok);
    ok.then(|| Event {
        key: key as u32,
        time: time as i64,
        value: val,
        arrival: arrival.map(|a| a as i64),
    })
}

/// `event` field by field, with the message naming the first bad one.
fn event_checked(value: &JsValue) -> JsResult<Event> {
    let e = Fields::of(value, "", "event", &["key", "time", "value", "arrival"])?;
    let key = e.number("key", key_ok, KEY_RULE)? as u32;
    let time = e.millis("time")?;
    let value = e.number("value", |_| true, "must be a finite number")?;
    let arrival = if e.get("arrival")?.is_undefined() {
        None
    } else {
        Some(e.millis("arrival")?)
    };
    Ok(Event {
        key,
        time,
        value,
        arrival,
    })
}

/// `simulateSensors(options)`: every field optional, defaults from the core.
pub fn sim_config(value: &JsValue) -> JsResult<SimConfig> {
    const FIELDS: &[&str] = &[
        "seed",
        "sensors",
        "rateHz",
        "durationMs",
        "startMs",
        "delayBaseMs",
        "delaySpreadMs",
        "lateFraction",
        "lateMinMs",
        "lateMaxMs",
        "anomalies",
        "anomalyDurationMs",
        "anomalyMagnitude",
        "baseline",
        "baselineSpread",
        "noiseStd",
        "driftAmplitude",
        "driftPeriodMs",
        "burstActiveMs",
        "burstIdleMs",
    ];
    let d = SimConfig::default();
    if value.is_undefined() {
        return Ok(d);
    }
    let f = Fields::of(value, "", "options", FIELDS)?;
    let any = |_: f64| true;
    let fin = "must be a finite number";
    let ms = |name: &str, default: i64| f.millis_or(name, default);
    Ok(SimConfig {
        seed: f.count_or("seed", d.seed.min(MAX_EXACT as u64), MAX_EXACT as u64)?,
        sensors: f.count_or("sensors", d.sensors as u64, u32::MAX as u64)? as u32,
        rate_hz: f.number_or("rateHz", d.rate_hz, any, fin)?,
        duration_ms: ms("durationMs", d.duration_ms)?,
        start_ms: ms("startMs", d.start_ms)?,
        delay_base_ms: ms("delayBaseMs", d.delay_base_ms)?,
        delay_spread_ms: ms("delaySpreadMs", d.delay_spread_ms)?,
        late_fraction: f.number_or("lateFraction", d.late_fraction, any, fin)?,
        late_min_ms: ms("lateMinMs", d.late_min_ms)?,
        late_max_ms: ms("lateMaxMs", d.late_max_ms)?,
        anomalies: f.count_or("anomalies", d.anomalies as u64, u32::MAX as u64)? as u32,
        anomaly_duration_ms: ms("anomalyDurationMs", d.anomaly_duration_ms)?,
        anomaly_magnitude: f.number_or("anomalyMagnitude", d.anomaly_magnitude, any, fin)?,
        baseline: f.number_or("baseline", d.baseline, any, fin)?,
        baseline_spread: f.number_or("baselineSpread", d.baseline_spread, any, fin)?,
        noise_std: f.number_or("noiseStd", d.noise_std, any, fin)?,
        drift_amplitude: f.number_or("driftAmplitude", d.drift_amplitude, any, fin)?,
        drift_period_ms: ms("driftPeriodMs", d.drift_period_ms)?,
        burst_active_ms: ms("burstActiveMs", d.burst_active_ms)?,
        burst_idle_ms: ms("burstIdleMs", d.burst_idle_ms)?,
    })
}

/// `estimateMemory(params)`. Numbers are only checked to be numbers here;
/// ranges are the core's (`MemoryParams::validate` names the field).
pub fn memory_params(value: &JsValue) -> JsResult<MemoryParams> {
    const FIELDS: &[&str] = &[
        "sensors",
        "messagesPerSecond",
        "messageBytes",
        "window",
        "sessionLengthMs",
        "stateBytesPerKey",
        "instanceBytes",
        "stateOverhead",
        "targetUtilization",
        "tumblingWindowsHeld",
    ];
    let f = Fields::of(value, "", "params", FIELDS)?;
    let any = |_: f64| true;
    let fin = "must be a finite number";
    let window = window_spec(&f.get("window")?)?;
    let mut p = MemoryParams::new(
        f.number("sensors", any, fin)?,
        f.number("messagesPerSecond", any, fin)?,
        f.number("messageBytes", any, fin)?,
        window,
        f.number("instanceBytes", any, fin)?,
    );
    if !f.get("sessionLengthMs")?.is_undefined() {
        p.session_length_ms = Some(f.millis("sessionLengthMs")?);
    }
    p.state_bytes_per_key = f.number_or("stateBytesPerKey", p.state_bytes_per_key, any, fin)?;
    p.state_overhead = f.number_or("stateOverhead", p.state_overhead, any, fin)?;
    p.target_utilization = f.number_or("targetUtilization", p.target_utilization, any, fin)?;
    p.tumbling_windows_held = f.count_or(
        "tumblingWindowsHeld",
        p.tumbling_windows_held as u64,
        u32::MAX as u64,
    )? as u32;
    Ok(p)
}

/// `toFlinkSql(config, options?)`'s options as core [`ExportOptions`].
#[cfg(feature = "flink")]
pub fn export_options(value: &JsValue) -> JsResult<ExportOptions> {
    let mut o = ExportOptions::csv("events.csv");
    if value.is_undefined() || value.is_null() {
        return Ok(o);
    }
    const FIELDS: &[&str] = &[
        "source",
        "sink",
        "aggregates",
        "sourceTable",
        "sinkTable",
        "keyColumn",
        "timeColumn",
        "valueColumn",
        "language",
    ];
    let f = Fields::of(value, "", "options", FIELDS)?;
    let text = "must be a string";
    let string_or = |field: &str, default: String| -> JsResult<String> {
        if f.get(field)?.is_undefined() {
            Ok(default)
        } else {
            f.string(field, text)
        }
    };
    let src = f.get("source")?;
    if !src.is_undefined() {
        let kind = Fields::of(
            &src,
            "source",
            "",
            &[
                "type",
                "path",
                "topic",
                "bootstrapServers",
                "groupId",
                "format",
            ],
        )?
        .string("type", "must be \"csv\" or \"kafka\"")?;
        o.source = match kind.as_str() {
            "csv" => Source::Csv {
                path: Fields::of(&src, "source", "", &["type", "path"])?.string("path", text)?,
            },
            "kafka" => {
                let k = Fields::of(
                    &src,
                    "source",
                    "",
                    &["type", "topic", "bootstrapServers", "groupId", "format"],
                )?;
                let format = match k.get("format")?.as_string().as_deref() {
                    _ if k.get("format")?.is_undefined() => KafkaFormat::Json,
                    Some("json") => KafkaFormat::Json,
                    Some("csv") => KafkaFormat::Csv,
                    _ => {
                        return Err(invalid(
                            "source.format",
                            &k.get("format")?,
                            "must be \"json\" or \"csv\"",
                        ))
                    }
                };
                Source::Kafka {
                    topic: k.string("topic", text)?,
                    bootstrap_servers: k.string("bootstrapServers", text)?,
                    group_id: k.string("groupId", text)?,
                    format,
                }
            }
            _ => {
                return Err(invalid(
                    "source.type",
                    &JsValue::from_str(&kind),
                    "must be \"csv\" or \"kafka\"",
                ))
            }
        };
    }
    let sink = f.get("sink")?;
    if !sink.is_undefined() {
        let kind = Fields::of(&sink, "sink", "", &["type", "path"])?
            .string("type", "must be \"print\" or \"csv\"")?;
        o.sink = match kind.as_str() {
            "print" => Sink::Print,
            "csv" => Sink::Csv {
                path: Fields::of(&sink, "sink", "", &["type", "path"])?.string("path", text)?,
            },
            _ => {
                return Err(invalid(
                    "sink.type",
                    &JsValue::from_str(&kind),
                    "must be \"print\" or \"csv\"",
                ))
            }
        };
    }
    let aggs = f.get("aggregates")?;
    if !aggs.is_undefined() {
        let arr = aggs
            .dyn_ref::<Array>()
            .ok_or_else(|| invalid("aggregates", &aggs, "must be an array of names"))?;
        let names: Vec<&str> = Aggregate::ALL.iter().map(|a| a.column()).collect();
        o.aggregates = arr
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let name = v.as_string().unwrap_or_default();
                Aggregate::ALL
                    .into_iter()
                    .find(|a| a.column() == name)
                    .ok_or_else(|| {
                        invalid(
                            &format!("aggregates[{i}]"),
                            &v,
                            &format!("must be one of {}", names.join(", ")),
                        )
                    })
            })
            .collect::<JsResult<_>>()?;
    }
    o.source_table = string_or("sourceTable", o.source_table.clone())?;
    o.sink_table = string_or("sinkTable", o.sink_table.clone())?;
    o.key_column = string_or("keyColumn", o.key_column.clone())?;
    o.time_column = string_or("timeColumn", o.time_column.clone())?;
    o.value_column = string_or("valueColumn", o.value_column.clone())?;
    let lang = f.get("language")?;
    o.language = match lang.as_string().as_deref() {
        _ if lang.is_undefined() => None,
        Some("sql") => Some(Language::Sql),
        Some("java") => Some(Language::Java),
        _ => return Err(invalid("language", &lang, "must be \"sql\" or \"java\"")),
    };
    Ok(o)
}

/// `formatBytes`'s `options`: `{ base?: 10 | 2 }`, absent meaning 10.
pub fn byte_base(value: &JsValue) -> JsResult<u32> {
    if value.is_undefined() || value.is_null() {
        return Ok(10);
    }
    let f = Fields::of(value, "options", "", &["base"])?;
    let base = f.get("base")?;
    match base.as_f64() {
        _ if base.is_undefined() => Ok(10),
        Some(10.0) => Ok(10),
        Some(2.0) => Ok(2),
        _ => Err(invalid("options.base", &base, "must be 10 or 2")),
    }
}
