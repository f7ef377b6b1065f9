//! Reading plain JS objects into core types, field by field, with messages
//! that name the field and the value. serde-wasm-bindgen would silently
//! ignore unknown keys, so each object's own fields are read once (by
//! [`crate::safe`], which catches what getters and Proxies throw) and
//! checked against the names each shape allows: unknown, symbol-keyed and
//! inherited fields are errors alike.

use wasm_bindgen::prelude::*;
use weir_core::engine::{configure, Overrides};
use weir_core::memory::MemoryParams;
use weir_core::simulator::{Columns, Silence, SimConfig, Skew};
use weir_core::time::MAX_ABS_TIME;
use weir_core::{
    Accumulation, Config, Early, Event, Limits, Mode, Preset, TimeDomain, Trigger, WindowSpec,
};
#[cfg(feature = "flink")]
use weir_flink::{Aggregate, ExportOptions, KafkaFormat, Language, Sink, Source};

use crate::error::{invalid_as, weir_error, JsResult, Kind};
use crate::safe::{self, ObjectError};

/// 2^53 as a float: the largest magnitude at which every integer is exact.
const MAX_EXACT: f64 = MAX_ABS_TIME as f64;

/// A JS object's allowed fields, read once, with the path used in messages
/// (`""` at the top, `"window"` inside `config.window`) and the error kind
/// its problems are.
struct Fields {
    names: &'static [&'static str],
    values: Vec<JsValue>,
    path: &'static str,
    kind: Kind,
}

impl Fields {
    /// `value` as an object whose own keys are all in `known`.
    fn of(
        kind: Kind,
        value: &JsValue,
        path: &'static str,
        what: &str,
        known: &'static [&'static str],
    ) -> JsResult<Fields> {
        let whole = if path.is_empty() { what } else { path };
        let f = Fields {
            names: known,
            values: Vec::new(),
            path,
            kind,
        };
        match safe::object(value, known) {
            Ok(values) => Ok(Fields { values, ..f }),
            Err(ObjectError::NotObject) => Err(invalid_as(
                kind,
                whole,
                value,
                &format!("must be an object {{ {} }}", known.join(", ")),
            )),
            Err(ObjectError::Unknown(name, value)) => {
                let expected = format!("unknown field (expected {})", known.join(", "));
                let field = f.name(&name);
                Err(match value {
                    Some(v) => invalid_as(kind, &field, &v, &expected),
                    None => weir_error(kind, &field, "", &format!("{field}: {expected}")),
                })
            }
            Err(ObjectError::Inherited(name)) => {
                let field = f.name(&name);
                Err(weir_error(
                    kind,
                    &field,
                    "",
                    &format!("{field}: inherited from the prototype; give it as an own field"),
                ))
            }
            Err(ObjectError::Threw(name, why)) => {
                let field = if name.is_empty() {
                    whole.to_string()
                } else {
                    f.name(&name)
                };
                Err(weir_error(
                    kind,
                    &field,
                    "",
                    &format!("{field}: reading it threw: {why}"),
                ))
            }
        }
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
    fn get(&self, field: &str) -> JsValue {
        self.names
            .iter()
            .position(|n| *n == field)
            .and_then(|i| self.values.get(i).cloned())
            .unwrap_or(JsValue::UNDEFINED)
    }

    /// `field = value: reason` for this object's field.
    fn bad(&self, field: &str, v: &JsValue, reason: &str) -> JsValue {
        invalid_as(self.kind, &self.name(field), v, reason)
    }

    /// A number that is finite and satisfies `ok`, or an error with `reason`.
    fn number(&self, field: &str, ok: impl Fn(f64) -> bool, reason: &str) -> JsResult<f64> {
        let v = self.get(field);
        match v.as_f64() {
            Some(n) if n.is_finite() && ok(n) => Ok(n),
            _ => Err(self.bad(field, &v, reason)),
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
        if self.get(field).is_undefined() {
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
        if self.get(field).is_undefined() {
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
        let v = self.get(field);
        v.as_string().ok_or_else(|| self.bad(field, &v, reason))
    }

    /// One of `choices` (a string field), or `default` when absent.
    fn choice<T: Copy>(&self, field: &str, default: T, choices: &[(&str, T)]) -> JsResult<T> {
        let v = self.get(field);
        if v.is_undefined() {
            return Ok(default);
        }
        let s = v.as_string();
        choices
            .iter()
            .find(|(name, _)| s.as_deref() == Some(*name))
            .map(|&(_, t)| t)
            .ok_or_else(|| {
                let names: Vec<String> = choices.iter().map(|(n, _)| format!("{n:?}")).collect();
                self.bad(field, &v, &format!("must be {}", names.join(" or ")))
            })
    }
}

/// The config fields `new StreamEngine(config)` takes.
const CONFIG_FIELDS: &[&str] = &[
    "window",
    "watermark",
    "allowedLateness",
    "timeDomain",
    "limits",
    "trigger",
    "accumulation",
    "sources",
    "preset",
];

/// The fields of `config.limits`: the JS names of the core's [`Limits`]
/// (`maxOpenWindows` is the deprecated name of `maxStateEntries`).
const LIMIT_FIELDS: &[&str] = &[
    "maxKeys",
    "maxStateEntries",
    "maxPendingResults",
    "maxPendingLate",
    "maxQueryResults",
    "maxOpenWindows",
];

/// `{ window, watermark?: { maxOutOfOrderness?, idleTimeout? },
/// allowedLateness?, timeDomain?, limits?, trigger?, accumulation?, sources?,
/// preset? }` as a core
/// [`Config`]. A `preset` sets defaults and every field given wins over
/// them (`weir_core::engine::configure`). Range checks are left to
/// `Config::validate`, which names the field.
pub fn config(value: &JsValue) -> JsResult<Config> {
    let top = Fields::of(Kind::Config, value, "", "config", CONFIG_FIELDS)?;
    let window = window_spec(Kind::Config, &top.get("window"))?;
    let wm = top.get("watermark");
    let mut given = Overrides::default();
    let mut idle_timeout = None;
    if !wm.is_undefined() {
        let w = Fields::of(
            Kind::Config,
            &wm,
            "watermark",
            "",
            &["maxOutOfOrderness", "idleTimeout"],
        )?;
        if !w.get("maxOutOfOrderness").is_undefined() {
            given.max_out_of_orderness = Some(w.millis("maxOutOfOrderness")?);
        }
        if !w.get("idleTimeout").is_undefined() {
            idle_timeout = Some(w.millis("idleTimeout")?);
        }
    }
    if !top.get("allowedLateness").is_undefined() {
        given.allowed_lateness = Some(top.millis("allowedLateness")?);
    }
    let names: Vec<(&str, Option<Preset>)> =
        Preset::ALL.iter().map(|&p| (p.name(), Some(p))).collect();
    let preset = top.choice("preset", None, &names)?;
    let sources = top.count_or("sources", 0, u32::MAX as u64)? as u32;
    let time_domain = top.choice(
        "timeDomain",
        TimeDomain::Event,
        &[
            ("event", TimeDomain::Event),
            ("processing", TimeDomain::Processing),
        ],
    )?;
    let mut limits = Limits::default();
    let l = top.get("limits");
    if !l.is_undefined() {
        let f = Fields::of(Kind::Config, &l, "limits", "", LIMIT_FIELDS)?;
        let max = MAX_EXACT as u64;
        limits.max_keys = f.count_or("maxKeys", limits.max_keys, max)?;
        let (entries, alias) = (f.get("maxStateEntries"), f.get("maxOpenWindows"));
        if !entries.is_undefined() && !alias.is_undefined() {
            return Err(f.bad(
                "maxOpenWindows",
                &alias,
                "is the old name of limits.maxStateEntries; give only one",
            ));
        }
        let name = if alias.is_undefined() {
            "maxStateEntries"
        } else {
            "maxOpenWindows"
        };
        limits.max_state_entries = f.count_or(name, limits.max_state_entries, max)?;
        limits.max_pending_results =
            f.count_or("maxPendingResults", limits.max_pending_results, max)?;
        limits.max_pending_late = f.count_or("maxPendingLate", limits.max_pending_late, max)?;
        limits.max_query_results = f.count_or("maxQueryResults", limits.max_query_results, max)?;
    }
    let accumulation = top.choice(
        "accumulation",
        Accumulation::Accumulating,
        &[
            ("accumulating", Accumulation::Accumulating),
            ("discarding", Accumulation::Discarding),
            ("retracting", Accumulation::Retracting),
        ],
    )?;
    let base = Config {
        window,
        time_domain,
        limits,
        trigger: trigger(&top.get("trigger"))?,
        accumulation,
        sources,
        idle_timeout,
        ..Config::event_time(window, 0)
    };
    // The trigger and accumulation, where the config reads them, count as
    // given when present: they win over the preset's too.
    if !top.get("trigger").is_undefined() {
        given.mode = Some(base.trigger.mode);
        given.early = base.trigger.early;
    }
    if !top.get("accumulation").is_undefined() {
        given.accumulation = Some(base.accumulation);
    }
    configure(preset, base, &given).map_err(crate::error::engine_error)
}

/// `trigger: { mode?, early?: { count } | { eventTime } | { processingTime } }`
/// (ranges and mode combinations are `Config::validate`'s, naming the field).
fn trigger(value: &JsValue) -> JsResult<Trigger> {
    if value.is_undefined() {
        return Ok(Trigger::default());
    }
    let f = Fields::of(Kind::Config, value, "trigger", "", &["mode", "early"])?;
    let mode = f.choice(
        "mode",
        Mode::Watermark,
        &[
            ("watermark", Mode::Watermark),
            ("every-event", Mode::EveryEvent),
            ("final", Mode::Final),
        ],
    )?;
    let e = f.get("early");
    let early = if e.is_undefined() {
        None
    } else {
        const KINDS: [&str; 3] = ["count", "eventTime", "processingTime"];
        let g = Fields::of(Kind::Config, &e, "trigger.early", "", &KINDS)?;
        let given: Vec<&str> = KINDS
            .into_iter()
            .filter(|k| !g.get(k).is_undefined())
            .collect();
        match given.as_slice() {
            ["count"] => {
                let n = g.number(
                    "count",
                    |n| n.fract() == 0.0 && (1.0..=MAX_EXACT).contains(&n),
                    "must be a whole number of events in 1..=2^53",
                )?;
                Some(Early::Count(n as u64))
            }
            ["eventTime"] => Some(Early::EventTime(g.millis("eventTime")?)),
            ["processingTime"] => Some(Early::ProcessingTime(g.millis("processingTime")?)),
            _ => {
                return Err(f.bad(
                    "early",
                    &e,
                    "must hold exactly one of count, eventTime or processingTime",
                ))
            }
        }
    };
    Ok(Trigger { mode, early })
}

/// One match arm per window type: adding a type is adding an arm.
pub fn window_spec(kind: Kind, value: &JsValue) -> JsResult<WindowSpec> {
    const TYPES: &str = "must be \"tumbling\", \"sliding\", \"session\" or \"cumulate\"";
    let all = Fields::of(
        kind,
        value,
        "window",
        "",
        &["type", "size", "slide", "offset", "gap", "step"],
    )?;
    let ty = all.string("type", TYPES)?;
    // Fields the type does not take are errors, as unknown fields are.
    let only = |names: &'static [&'static str]| Fields::of(kind, value, "window", "", names);
    match ty.as_str() {
        "tumbling" => {
            let w = only(&["type", "size", "offset"])?;
            Ok(WindowSpec::Tumbling {
                size: w.millis("size")?,
                offset: w.millis_or("offset", 0)?,
            })
        }
        "sliding" => {
            let w = only(&["type", "size", "slide", "offset"])?;
            Ok(WindowSpec::Sliding {
                size: w.millis("size")?,
                slide: w.millis("slide")?,
                offset: w.millis_or("offset", 0)?,
            })
        }
        "cumulate" => {
            // `step` not dividing `size` is Config::validate's error, which
            // names window.step and its value.
            let w = only(&["type", "step", "size", "offset"])?;
            Ok(WindowSpec::Cumulate {
                step: w.millis("step")?,
                size: w.millis("size")?,
                offset: w.millis_or("offset", 0)?,
            })
        }
        "session" => {
            let w = only(&["type", "gap"])?;
            Ok(WindowSpec::Session {
                gap: w.millis("gap")?,
            })
        }
        _ => Err(invalid_as(
            kind,
            "window.type",
            &JsValue::from_str(&ty),
            TYPES,
        )),
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

/// `{ key, time, value, arrival? }` as a core [`Event`].
pub fn event(value: &JsValue) -> JsResult<Event> {
    match event_fast(value) {
        Some(ev) => Ok(ev),
        // Anything unusual (an error, a getter that throws, an
        // `arrival: undefined` field) goes the field-by-field way, which
        // names what is wrong.
        None => event_checked(value),
    }
}

/// The common case in one call across the boundary (reading the fields one
/// `Reflect.get` at a time made push() several times slower).
fn event_fast(value: &JsValue) -> Option<Event> {
    let mut f = [0.0f64; 4];
    let n = safe::read_event(value, &mut f);
    let [key, time, val, arrival] = f;
    let arrival = (n == 4).then_some(arrival);
    let ok =
        n != 0 && key_ok(key) && time_ok(time) && val.is_finite() && arrival.is_none_or(time_ok);
    // An event with a `source` field takes the checked path.
    ok.then(|| Event {
        source: 0,
        key: key as u32,
        time: time as i64,
        value: val,
        arrival: arrival.map(|a| a as i64),
    })
}

/// `event` field by field, with the message naming the first bad one.
fn event_checked(value: &JsValue) -> JsResult<Event> {
    let e = Fields::of(
        Kind::Event,
        value,
        "",
        "event",
        &["key", "time", "value", "arrival", "source"],
    )?;
    let key = e.number("key", key_ok, KEY_RULE)? as u32;
    let time = e.millis("time")?;
    // The core checks this too; here the message shows the value as
    // JavaScript prints it (`Infinity`, not `inf`).
    let value = e.number("value", |_| true, "must be a finite number")?;
    let arrival = if e.get("arrival").is_undefined() {
        None
    } else {
        Some(e.millis("arrival")?)
    };
    let source = if e.get("source").is_undefined() {
        0
    } else {
        e.number("source", key_ok, KEY_RULE)? as u32
    };
    Ok(Event {
        source,
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
        "sources",
        "silence",
        "skew",
        "columns",
    ];
    // Each number field's kind, in FIELDS order: C a count (the seed up to
    // 2^53, the others up to 2^32 - 1), N a finite number, M whole ms. One
    // loop over them instead of a call per field: smaller wasm.
    const KINDS: &[u8; 21] = b"CCNMMMMNMMCMNNNNNMMMC";
    let d = SimConfig::default();
    if value.is_undefined() {
        return Ok(d);
    }
    let f = Fields::of(Kind::Config, value, "", "options", FIELDS)?;
    let mut v = [
        d.seed.min(MAX_EXACT as u64) as f64,
        d.sensors as f64,
        d.rate_hz,
        d.duration_ms as f64,
        d.start_ms as f64,
        d.delay_base_ms as f64,
        d.delay_spread_ms as f64,
        d.late_fraction,
        d.late_min_ms as f64,
        d.late_max_ms as f64,
        d.anomalies as f64,
        d.anomaly_duration_ms as f64,
        d.anomaly_magnitude,
        d.baseline,
        d.baseline_spread,
        d.noise_std,
        d.drift_amplitude,
        d.drift_period_ms as f64,
        d.burst_active_ms as f64,
        d.burst_idle_ms as f64,
        d.sources as f64,
    ];
    for (i, &kind) in KINDS.iter().enumerate() {
        let (name, default) = (FIELDS[i], v[i]);
        v[i] = match kind {
            b'C' => {
                let max = if i == 0 {
                    MAX_EXACT as u64
                } else {
                    u32::MAX as u64
                };
                f.count_or(name, default as u64, max)? as f64
            }
            b'N' => f.number_or(name, default, |_| true, "must be a finite number")?,
            _ => f.millis_or(name, default as i64)? as f64,
        };
    }
    let (mut silence, mut skew) = (Vec::new(), Vec::new());
    gateway_rules(
        &f.get("silence"),
        "silence",
        &["source", "from", "to", "mode"],
        &mut |source, from_ms, to_ms, backlog| {
            silence.push(Silence {
                source,
                from_ms,
                to_ms,
                backlog,
            })
        },
    )?;
    gateway_rules(
        &f.get("skew"),
        "skew",
        &["source", "ms"],
        &mut |source, ms, _, _| skew.push(Skew { source, ms }),
    )?;
    let ms = |i: usize| v[i] as i64;
    let mut columns = Columns::ALL;
    let names = f.get("columns");
    if !names.is_undefined() {
        // The whole array is shown when one name is wrong: one message.
        let bad = || {
            invalid_as(
                Kind::Config,
                "columns",
                &names,
                "must be an array of some of keys, times, arrivals, values, anomaly, sources",
            )
        };
        columns = Columns(0);
        for name in &safe::list(&names, 6).map_err(|_| bad())? {
            let s = name.as_string().unwrap_or_default();
            let bit = Columns::NAMES
                .iter()
                .position(|n| *n == s)
                .ok_or_else(bad)?;
            columns = columns | Columns(1 << bit);
        }
    }
    Ok(SimConfig {
        seed: v[0] as u64,
        sensors: v[1] as u32,
        rate_hz: v[2],
        duration_ms: ms(3),
        start_ms: ms(4),
        delay_base_ms: ms(5),
        delay_spread_ms: ms(6),
        late_fraction: v[7],
        late_min_ms: ms(8),
        late_max_ms: ms(9),
        anomalies: v[10] as u32,
        anomaly_duration_ms: ms(11),
        anomaly_magnitude: v[12],
        baseline: v[13],
        baseline_spread: v[14],
        noise_std: v[15],
        drift_amplitude: v[16],
        drift_period_ms: ms(17),
        burst_active_ms: ms(18),
        burst_idle_ms: ms(19),
        sources: v[20] as u32,
        silence,
        skew,
        columns,
    })
}

/// `silence` or `skew` of the simulator's options: absent, or an array of
/// at most 1024 objects with the fields `known`, each given to `each` as a
/// whole `source`, one or two whole numbers of ms (0 for an absent
/// second) and whether `mode` is `"backlog"` (only silence knows it).
/// Ranges are the core's to check. (One function for both, not
/// generic: smaller wasm.)
fn gateway_rules(
    v: &JsValue,
    path: &'static str,
    known: &'static [&'static str],
    each: &mut dyn FnMut(u32, i64, i64, bool),
) -> JsResult<()> {
    if v.is_undefined() {
        return Ok(());
    }
    let list = safe::list(v, 1024).map_err(|_| {
        invalid_as(
            Kind::Config,
            path,
            v,
            "must be an array of at most 1024 objects",
        )
    })?;
    let whole = |n: f64| n.fract() == 0.0 && (0.0..=u32::MAX as f64).contains(&n);
    for e in &list {
        let g = Fields::of(Kind::Config, e, path, path, known)?;
        let source = g.number("source", whole, "must be a whole number in 0..=4294967295")?;
        let first = g.millis(known[1])?;
        let second = match known.get(2) {
            Some(name) => g.millis(name)?,
            None => 0,
        };
        // By hand: `choice` would add a copy of itself for bool.
        let mode = g.get("mode");
        let backlog = match mode.as_string().as_deref() {
            Some("backlog") => true,
            Some("drop") => false,
            _ if mode.is_undefined() => false,
            _ => return Err(g.bad("mode", &mode, r#"must be "drop" or "backlog""#)),
        };
        each(source as u32, first, second, backlog);
    }
    Ok(())
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
    let f = Fields::of(Kind::Config, value, "", "params", FIELDS)?;
    let any = |_: f64| true;
    let fin = "must be a finite number";
    let window = window_spec(Kind::Config, &f.get("window"))?;
    let mut p = MemoryParams::new(
        f.number("sensors", any, fin)?,
        f.number("messagesPerSecond", any, fin)?,
        f.number("messageBytes", any, fin)?,
        window,
        f.number("instanceBytes", any, fin)?,
    );
    if !f.get("sessionLengthMs").is_undefined() {
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

/// `predictEngineState(design)`: the engine config the design describes
/// (window, watermark, lateness, trigger and accumulation read as
/// `new StreamEngine` reads them, checked by `Config::validate`) and its
/// load: keys, events per second per key, and for sessions the mean burst
/// and silence.
pub struct Design {
    /// The engine config.
    pub config: Config,
    /// Keys with state.
    pub keys: u64,
    /// Events per second per key.
    pub rate_hz: f64,
    /// Mean activity burst of a key (sessions).
    pub session_length_ms: i64,
    /// Mean silence between bursts (sessions).
    pub idle_ms: i64,
}

/// `{ window, keys, ratePerSecond, watermark?, allowedLateness?,
/// sessionLengthMs?, idleMs?, trigger?, accumulation? }` as a [`Design`].
pub fn design(value: &JsValue) -> JsResult<Design> {
    const FIELDS: &[&str] = &[
        "window",
        "keys",
        "ratePerSecond",
        "watermark",
        "allowedLateness",
        "sessionLengthMs",
        "idleMs",
        "trigger",
        "accumulation",
        "sources",
    ];
    let f = Fields::of(Kind::Config, value, "", "design", FIELDS)?;
    // The engine's own reading of the config fields, so a bad window,
    // trigger or accumulation is named exactly as `new StreamEngine` names it.
    let engine_part = js_sys::Object::new();
    for name in [
        "window",
        "watermark",
        "allowedLateness",
        "trigger",
        "accumulation",
        "sources",
    ] {
        let v = f.get(name);
        if !v.is_undefined() {
            // a data property on a fresh plain object: cannot throw
            let _ = js_sys::Reflect::set(&engine_part, &JsValue::from_str(name), &v);
        }
    }
    let config = self::config(&engine_part)?;
    config.validate().map_err(crate::error::engine_error)?;
    // Engine keys are u32; rates past a million a second per key are no
    // design (and keep every product in the model finite).
    let keys = f.number(
        "keys",
        |n| n.fract() == 0.0 && (0.0..=u32::MAX as f64).contains(&n),
        "must be a whole number of keys in 0..=4294967295",
    )? as u64;
    let rate_hz = f.number(
        "ratePerSecond",
        |n| (0.0..=1e6).contains(&n),
        "must be a number of events per second per key in 0..=1000000",
    )?;
    let session = matches!(config.window, WindowSpec::Session { .. });
    let burst = |field: &str| -> JsResult<i64> {
        let v = f.get(field);
        if v.is_undefined() {
            return if session {
                Err(f.bad(field, &v, "is required for session windows (ms, >= 0)"))
            } else {
                Ok(0)
            };
        }
        let ms = f.millis(field)?;
        if ms < 0 {
            return Err(f.bad(field, &v, "must be >= 0 ms"));
        }
        Ok(ms)
    };
    Ok(Design {
        session_length_ms: burst("sessionLengthMs")?,
        idle_ms: burst("idleMs")?,
        config,
        keys,
        rate_hz,
    })
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
    const C: Kind = Kind::Config;
    let f = Fields::of(C, value, "", "options", FIELDS)?;
    let text = "must be a string";
    let string_or = |field: &str, default: String| -> JsResult<String> {
        if f.get(field).is_undefined() {
            Ok(default)
        } else {
            f.string(field, text)
        }
    };
    let src = f.get("source");
    if !src.is_undefined() {
        const ALL: &[&str] = &[
            "type",
            "path",
            "topic",
            "bootstrapServers",
            "groupId",
            "format",
        ];
        let kind = Fields::of(C, &src, "source", "", ALL)?
            .string("type", "must be \"csv\" or \"kafka\"")?;
        o.source = match kind.as_str() {
            "csv" => Source::Csv {
                path: Fields::of(C, &src, "source", "", &["type", "path"])?.string("path", text)?,
            },
            "kafka" => {
                let k = Fields::of(
                    C,
                    &src,
                    "source",
                    "",
                    &["type", "topic", "bootstrapServers", "groupId", "format"],
                )?;
                Source::Kafka {
                    topic: k.string("topic", text)?,
                    bootstrap_servers: k.string("bootstrapServers", text)?,
                    group_id: k.string("groupId", text)?,
                    format: k.choice(
                        "format",
                        KafkaFormat::Json,
                        &[("json", KafkaFormat::Json), ("csv", KafkaFormat::Csv)],
                    )?,
                }
            }
            _ => {
                return Err(invalid_as(
                    C,
                    "source.type",
                    &JsValue::from_str(&kind),
                    "must be \"csv\" or \"kafka\"",
                ))
            }
        };
    }
    let sink = f.get("sink");
    if !sink.is_undefined() {
        let s = Fields::of(C, &sink, "sink", "", &["type", "path"])?;
        o.sink = match s.string("type", "must be \"print\" or \"csv\"")?.as_str() {
            "print" => Sink::Print,
            "csv" => Sink::Csv {
                path: s.string("path", text)?,
            },
            other => {
                return Err(invalid_as(
                    C,
                    "sink.type",
                    &JsValue::from_str(other),
                    "must be \"print\" or \"csv\"",
                ))
            }
        };
    }
    let aggs = f.get("aggregates");
    if !aggs.is_undefined() {
        let names: Vec<&str> = Aggregate::ALL.iter().map(|a| a.column()).collect();
        let list = safe::list(&aggs, 64).map_err(|_| {
            invalid_as(
                C,
                "aggregates",
                &aggs,
                "must be an array of at most 64 names",
            )
        })?;
        o.aggregates = list
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let name = v.as_string().unwrap_or_default();
                Aggregate::ALL
                    .into_iter()
                    .find(|a| a.column() == name)
                    .ok_or_else(|| {
                        invalid_as(
                            C,
                            &format!("aggregates[{i}]"),
                            v,
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
    o.language = f.choice(
        "language",
        None,
        &[("sql", Some(Language::Sql)), ("java", Some(Language::Java))],
    )?;
    Ok(o)
}

/// `formatBytes`'s `options`: `{ base?: 10 | 2 }`, absent meaning 10.
pub fn byte_base(value: &JsValue) -> JsResult<u32> {
    if value.is_undefined() || value.is_null() {
        return Ok(10);
    }
    let f = Fields::of(Kind::Config, value, "options", "", &["base"])?;
    let base = f.get("base");
    match base.as_f64() {
        _ if base.is_undefined() => Ok(10),
        Some(10.0) => Ok(10),
        Some(2.0) => Ok(2),
        _ => Err(f.bad("base", &base, "must be 10 or 2")),
    }
}
