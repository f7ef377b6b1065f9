//! The tests shared by `node.rs` and `web.rs`: the exported API driven with
//! real JS objects (built by `js_sys::eval`), as a page would drive it.

use js_sys::{Array, Error, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;
use weir_wasm::StreamEngine;

/// A JS value from a JS expression.
fn js<T: JsCast>(expr: &str) -> T {
    js_sys::eval(&format!("({expr})"))
        .expect("test expression evaluates")
        .unchecked_into()
}

fn tumbling() -> StreamEngine {
    StreamEngine::new(js(
        "{ window: { type: 'tumbling', size: 10000 }, watermark: { maxOutOfOrderness: 2000 } }",
    ))
    .expect("valid config")
}

fn push(e: &mut StreamEngine, key: u32, time: i64, value: f64) -> String {
    e.push(js(&format!(
        "{{ key: {key}, time: {time}, value: {value} }}"
    )))
    .expect("valid event")
    .as_string()
    .expect("outcome is a string")
}

fn num(o: &JsValue, field: &str) -> f64 {
    Reflect::get(o, &field.into()).unwrap().as_f64().unwrap()
}

fn text(o: &JsValue, field: &str) -> String {
    Reflect::get(o, &field.into()).unwrap().as_string().unwrap()
}

/// `[key, start, end, count, sum]` and the firing kind of every drained result.
fn drained(e: &mut StreamEngine) -> Vec<([f64; 5], String)> {
    let out: Array = JsValue::from(e.drain().unwrap())
        .dyn_into()
        .expect("drain returns an array");
    out.iter()
        .map(|r| {
            let n = ["key", "start", "end", "count", "sum"].map(|f| num(&r, f));
            (n, text(&r, "firing"))
        })
        .collect()
}

/// The thrown value is a real `Error` whose message contains every `needle`.
fn assert_error(thrown: JsValue, needles: &[&str]) {
    let err = thrown
        .dyn_ref::<Error>()
        .unwrap_or_else(|| panic!("thrown value is not an Error: {thrown:?}"));
    let msg = String::from(err.message());
    for n in needles {
        assert!(msg.contains(n), "message {msg:?} lacks {n:?}");
    }
}

fn config_error(expr: &str, needles: &[&str]) {
    match StreamEngine::new(js(expr)) {
        Ok(_) => panic!("config {expr} was accepted"),
        Err(thrown) => assert_error(thrown, needles),
    }
}

#[wasm_bindgen_test]
fn tumbling_windows_fire_when_the_watermark_passes_their_end() {
    let mut e = tumbling();
    assert_eq!(e.watermark(), f64::NEG_INFINITY);
    assert_eq!(push(&mut e, 1, 1_000, 20.0), "assigned");
    assert_eq!(push(&mut e, 1, 9_000, 22.0), "assigned");
    assert_eq!(push(&mut e, 2, 11_000, 5.0), "assigned");
    assert_eq!(e.watermark(), 9_000.0);
    assert!(
        drained(&mut e).is_empty(),
        "W = 9000 < 10000: nothing fires"
    );
    // W = 12000 - 2000 = 10000 >= end: [0, 10000) fires for key 1.
    assert_eq!(push(&mut e, 2, 12_000, 7.0), "assigned");
    let out: Array = JsValue::from(e.drain().unwrap()).dyn_into().unwrap();
    assert_eq!(out.length(), 1);
    let r = out.get(0);
    assert_eq!(num(&r, "key"), 1.0);
    assert_eq!((num(&r, "start"), num(&r, "end")), (0.0, 10_000.0));
    assert_eq!((num(&r, "count"), num(&r, "sum")), (2.0, 42.0));
    assert_eq!((num(&r, "min"), num(&r, "max")), (20.0, 22.0));
    assert_eq!((num(&r, "mean"), num(&r, "variance")), (21.0, 1.0));
    assert_eq!(text(&r, "firing"), "on-time");
    // Late for [0, 10000), which is past its (zero) lateness: side output.
    assert_eq!(push(&mut e, 1, 5_000, 1.0), "side-output");
    e.flush().unwrap();
    assert_eq!(e.watermark(), f64::INFINITY);
    assert_eq!(
        drained(&mut e),
        vec![([2.0, 10_000.0, 20_000.0, 2.0, 12.0], "on-time".into())]
    );
}

#[wasm_bindgen_test]
fn allowed_lateness_fires_again_as_late() {
    let mut e = StreamEngine::new(js(
        "{ window: { type: 'tumbling', size: 10000, offset: 0 }, watermark: { maxOutOfOrderness: 0 }, allowedLateness: 5000 }",
    ))
    .unwrap();
    push(&mut e, 3, 1_000, 1.0);
    push(&mut e, 3, 12_000, 2.0); // W = 12000: [0, 10000) fires on time
    assert_eq!(push(&mut e, 3, 2_000, 4.0), "late-accepted");
    assert_eq!(
        drained(&mut e),
        vec![
            ([3.0, 0.0, 10_000.0, 1.0, 1.0], "on-time".into()),
            ([3.0, 0.0, 10_000.0, 2.0, 5.0], "late".into()),
        ]
    );
}

#[wasm_bindgen_test]
fn sliding_and_session_windows_are_configurable() {
    let mut s = StreamEngine::new(js(
        "{ window: { type: 'sliding', size: 10000, slide: 5000 }, watermark: { maxOutOfOrderness: 0 } }",
    ))
    .unwrap();
    push(&mut s, 1, 6_000, 1.0);
    s.flush().unwrap();
    let starts: Vec<f64> = drained(&mut s).iter().map(|(n, _)| n[1]).collect();
    assert_eq!(starts, vec![0.0, 5_000.0]);

    let mut g = StreamEngine::new(js("{ window: { type: 'session', gap: 1000 } }")).unwrap();
    push(&mut g, 1, 0, 1.0);
    push(&mut g, 1, 800, 1.0);
    push(&mut g, 1, 5_000, 1.0);
    g.flush().unwrap();
    assert_eq!(
        drained(&mut g),
        vec![
            ([1.0, 0.0, 1_800.0, 2.0, 2.0], "on-time".into()),
            ([1.0, 5_000.0, 6_000.0, 1.0, 1.0], "on-time".into()),
        ]
    );
}

#[wasm_bindgen_test]
fn bad_configs_throw_errors_naming_the_field() {
    config_error(
        "{ window: { type: 'tumbling', size: -5 } }",
        &["window.size = -5", "must be"],
    );
    config_error(
        "{ window: { type: 'tumbling', size: 1.5 } }",
        &["window.size = 1.5", "whole number"],
    );
    config_error(
        "{ window: { type: 'tumbling', size: NaN } }",
        &["window.size = NaN"],
    );
    config_error(
        "{ window: { type: 'tumbling', size: '10' } }",
        &["window.size = \"10\""],
    );
    config_error(
        "{ window: { type: 'tumbling', size: 2 ** 54 } }",
        &["window.size = 18014398509481984", "2^53"],
    );
    config_error(
        "{ window: { type: 'tumbling' } }",
        &["window.size = undefined"],
    );
    config_error(
        "{ window: { type: 'tumbling', size: 10, sizee: 3 } }",
        &["window.sizee = 3", "unknown field"],
    );
    config_error(
        "{ window: { type: 'session', gap: 10, size: 3 } }",
        &["window.size = 3", "unknown field"],
    );
    config_error(
        "{ window: { type: 'hopping', size: 10 } }",
        &["window.type = \"hopping\"", "tumbling"],
    );
    config_error(
        "{ window: { type: 'tumbling', size: 10 }, watermark: { maxOutOfOrderness: -1 } }",
        &["watermark.maxOutOfOrderness = -1"],
    );
    config_error(
        "{ window: { type: 'tumbling', size: 10 }, watermark: { maxOutOfOrdernes: 1 } }",
        &["watermark.maxOutOfOrdernes = 1", "unknown field"],
    );
    config_error(
        "{ window: { type: 'tumbling', size: 10 }, lateness: 1 }",
        &["lateness = 1", "unknown field"],
    );
    config_error("{}", &["window = undefined", "must be an object"]);
    config_error("null", &["config = null", "must be an object"]);
}

#[wasm_bindgen_test]
fn a_rejected_event_throws_and_leaves_the_engine_usable() {
    let mut e = tumbling();
    push(&mut e, 1, 1_000, 1.0);
    for (event, needles) in [
        (
            "{ key: 1, time: NaN, value: 1 }",
            &["time = NaN", "must be"][..],
        ),
        ("{ key: 1, time: 1.5, value: 1 }", &["time = 1.5"]),
        (
            "{ key: 1, time: 2 ** 53 + 2, value: 1 }",
            &["time = 9007199254740994"],
        ),
        (
            "{ key: 1, time: -Infinity, value: 1 }",
            &["time = -Infinity"],
        ),
        ("{ key: -1, time: 1, value: 1 }", &["key = -1", "integer"]),
        ("{ key: 2 ** 32, time: 1, value: 1 }", &["key = 4294967296"]),
        (
            "{ key: 1, time: 1, value: Infinity }",
            &["value = Infinity", "finite"],
        ),
        ("{ key: 1, time: 1 }", &["value = undefined"]),
        (
            "{ key: 1, time: 1, value: 1, tme: 2 }",
            &["tme = 2", "unknown field"],
        ),
        ("[1, 2, 3]", &["event = an array", "must be an object"]),
        ("42", &["event = 42"]),
    ] {
        match e.push(js(event)) {
            Ok(o) => panic!("event {event} was accepted as {:?}", o.as_string()),
            Err(thrown) => assert_error(thrown, needles),
        }
    }
    assert_eq!(e.watermark(), -1_000.0, "rejected events moved nothing");
    push(&mut e, 1, 3_000, 2.0);
    e.flush().unwrap();
    assert_eq!(
        drained(&mut e),
        vec![([1.0, 0.0, 10_000.0, 2.0, 3.0], "on-time".into())]
    );
}

/// The simulator gives the same bytes in wasm as natively: the golden hash
/// asserted in the core's own tests.
#[wasm_bindgen_test]
fn simulator_golden_hash_matches_native() {
    let opts = js("{ seed: 2024, sensors: 4, rateHz: 10, durationMs: 10000, startMs: 1000, \
         delayBaseMs: 20, delaySpreadMs: 150, lateFraction: 0.05, lateMinMs: 500, lateMaxMs: 3000, \
         anomalies: 2, anomalyDurationMs: 1000, anomalyMagnitude: 6, baseline: 20, baselineSpread: 5, \
         noiseStd: 0.5, driftAmplitude: 1, driftPeriodMs: 8000, burstActiveMs: 3000, burstIdleMs: 1500 }");
    let hash = weir_wasm::simulate::simulated_stream_hash(Some(opts)).unwrap();
    assert_eq!(hash, format!("{:016x}", weir_core::simulator::GOLDEN_HASH));
    assert_eq!(hash, "ab6643bc5fcb1707");
}

fn estimate(expr: &str) -> JsValue {
    weir_wasm::estimate_memory(js(expr)).unwrap().into()
}

fn path(o: &JsValue, p: &str) -> JsValue {
    p.split('.')
        .fold(o.clone(), |v, f| Reflect::get(&v, &f.into()).unwrap())
}

/// The chapter's worked example through the JS API: 1 GB per window, 2 GB
/// tumbling, 10 GB sliding = 62.5 % raw and 75 % with overhead of 16 GB,
/// 2 instances, smallest slide 1.5 s (2 s among divisors).
#[wasm_bindgen_test]
fn memory_chapter_worked_example_through_js() {
    let base = "sensors: 10000, messagesPerSecond: 100, messageBytes: 100, instanceBytes: 16e9";
    let t = estimate(&format!(
        "{{ {base}, window: {{ type: 'tumbling', size: 10000 }} }}"
    ));
    assert_eq!(path(&t, "messagesPerSecond").as_f64(), Some(1e6));
    assert_eq!(path(&t, "bytesPerWindow").as_f64(), Some(1e9));
    assert_eq!(path(&t, "rawBufferBytes").as_f64(), Some(2e9));
    let s = estimate(&format!(
        "{{ {base}, window: {{ type: 'sliding', size: 10000, slide: 1000 }} }}"
    ));
    assert_eq!(path(&s, "rawBufferBytes").as_f64(), Some(10e9));
    let raw = path(&s, "rawFit.utilizationRaw").as_f64().unwrap();
    let over = path(&s, "rawFit.utilizationWithOverhead").as_f64().unwrap();
    assert!((raw - 0.625).abs() < 1e-12, "{raw}");
    assert!((over - 0.75).abs() < 1e-12, "{over}");
    assert_eq!(path(&s, "rawFit.fits").as_bool(), Some(false));
    assert_eq!(path(&s, "rawFit.instancesNeeded").as_f64(), Some(2.0));
    assert_eq!(
        path(&s, "smallestFittingSlide.slideMs").as_f64(),
        Some(1500.0)
    );
    assert_eq!(
        path(&s, "smallestFittingDividingSlide.slideMs").as_f64(),
        Some(2000.0)
    );
    let fmt = |b: f64, base: u32| {
        weir_wasm::format_bytes(js(&b.to_string()), Some(js(&format!("{{ base: {base} }}"))))
            .unwrap()
    };
    assert_eq!(fmt(1e9, 10), "1 GB");
    assert_eq!(fmt(1073741824.0, 2), "1 GiB");
}

/// Bad memory parameters throw an `Error` naming the field.
#[wasm_bindgen_test]
fn memory_errors_name_the_field() {
    for (expr, field) in [
        ("{ sensors: -1, messagesPerSecond: 1, messageBytes: 1, instanceBytes: 1, window: { type: 'tumbling', size: 1 } }", "sensors"),
        ("{ sensors: 1, messagesPerSecond: NaN, messageBytes: 1, instanceBytes: 1, window: { type: 'tumbling', size: 1 } }", "messagesPerSecond"),
        ("{ sensors: 1, messagesPerSecond: 1, messageBytes: 1, instanceBytes: 1, window: { type: 'sliding', size: 10, slide: 0 } }", "window.slide"),
        ("{ sensors: 1, messagesPerSecond: 1, messageBytes: 1, instanceBytes: 1, window: { type: 'tumbling', size: 1 }, colour: 1 }", "colour"),
    ] {
        let err = weir_wasm::estimate_memory(js(expr)).err().expect("rejected");
        let err: &Error = err.dyn_ref().expect("an Error instance");
        let msg = String::from(err.message());
        assert!(msg.contains(&format!("{field} = ")), "{expr}: {msg}");
    }
}

#[cfg(feature = "flink")]
/// `toFlinkSql` through JS: Weir's out-of-orderness 1999 ms is Flink SQL's
/// `ts - INTERVAL '2' SECOND`; allowed lateness needs the DataStream API.
#[wasm_bindgen_test]
fn flink_export_through_js() {
    let out: JsValue = weir_wasm::to_flink_sql(
        js("{ window: { type: 'tumbling', size: 10000 }, watermark: { maxOutOfOrderness: 1999 } }"),
        Some(js("{ source: { type: 'kafka', topic: 'readings', bootstrapServers: 'k:9092', groupId: 'weir' } }")),
    )
    .unwrap()
    .into();
    assert_eq!(text(&out, "language"), "sql");
    let sql = text(&out, "text");
    assert!(sql.contains("ts - INTERVAL '2' SECOND"), "{sql}");
    assert!(sql.contains("TUMBLE("), "{sql}");
    assert!(sql.contains("'topic' = 'readings'"), "{sql}");
    let java: JsValue = weir_wasm::to_flink_sql(
        js("{ window: { type: 'sliding', size: 10000, slide: 3000 }, watermark: { maxOutOfOrderness: 2000 }, allowedLateness: 5000 }"),
        None,
    )
    .unwrap()
    .into();
    assert_eq!(text(&java, "language"), "java");
    assert!(text(&java, "text").contains("allowedLateness"));
    let err = weir_wasm::to_flink_sql(
        js("{ window: { type: 'tumbling', size: 10000 } }"),
        Some(js("{ aggregates: ['count', 'p99'] }")),
    )
    .err()
    .expect("rejected");
    let msg = String::from(err.dyn_ref::<Error>().expect("an Error").message());
    assert!(msg.starts_with("aggregates[1] = \"p99\""), "{msg}");
    let forced: JsValue = weir_wasm::to_flink_sql(
        js("{ window: { type: 'tumbling', size: 10000 } }"),
        Some(js("{ language: 'java' }")),
    )
    .unwrap()
    .into();
    assert_eq!(text(&forced, "language"), "java");
    assert!(text(&forced, "text").contains("TumblingEventTimeWindows"));
    for (opts, want) in [
        ("{ language: 'scala' }", "language = \"scala\""),
        (
            "{ language: 'sql' }",
            "invalid config: export.language = sql: cannot express this design in Flink SQL",
        ),
    ] {
        let cfg = if opts.contains("sql") {
            "{ window: { type: 'tumbling', size: 10000 }, allowedLateness: 1 }"
        } else {
            "{ window: { type: 'tumbling', size: 10000 } }"
        };
        let err = weir_wasm::to_flink_sql(js(cfg), Some(js(opts)))
            .err()
            .expect("rejected");
        let msg = String::from(err.dyn_ref::<Error>().expect("an Error").message());
        assert!(msg.starts_with(want), "{opts}: {msg}");
    }
}

/// `AnomalyDetector` over JS columns: the anomalous rows only, with the
/// core's verdicts (values worked in the core's detector tests: delay 2,
/// warmup 2, alpha 0.5, k 3), and a bad key refused before any row counts.
#[wasm_bindgen_test]
fn anomaly_detector_through_js() {
    use weir_wasm::simulate::AnomalyDetector;
    let mut d = AnomalyDetector::new(2.0, 3.0, 0.5, 2.0, 2.0).unwrap();
    let means = [10.0, 12.0, 11.0, 11.0, 11.0, 15.0, 16.0, 12.0, 15.0];
    let variances = [1.0, 1.0, 1.0, 1.0, 1.0, 4.0, 9.0, 1.0, 1.0];
    let out: JsValue = d.judge(&[0; 9], &means, &variances).unwrap().into();
    let column = |name: &str| -> Vec<f64> {
        Array::from(&Reflect::get(&out, &name.into()).unwrap())
            .iter()
            .map(|v| v.as_f64().unwrap())
            .collect()
    };
    assert_eq!(column("rows"), vec![5.0, 6.0, 8.0]);
    assert_eq!(column("opens"), vec![1.0, 0.0, 1.0]);
    assert_eq!(column("z"), vec![4.0, 5.0, 4.0]);
    assert_eq!(column("baseline"), vec![11.0, 11.0, 11.0]);
    assert_eq!(column("sd"), vec![1.0, 1.0, 1.0]);

    let err: Error = d
        .judge(&[0, 2], &[11.0, 1.0], &[1.0, 1.0])
        .map(|_| ())
        .unwrap_err()
        .unchecked_into();
    assert_eq!(
        String::from(err.message()),
        "keys[1] = 2: must be below the detector's sensors; no row was judged"
    );
    // Key 0 goes on as if the refused batch never came: 15 (4 sd off) goes
    // on the run window 8 opened. Had the refused normal 11 counted, the run
    // would have ended and 15 would open a new one.
    let out: JsValue = d.judge(&[0], &[15.0], &[1.0]).unwrap().into();
    let opens = Array::from(&Reflect::get(&out, &"opens".into()).unwrap());
    assert_eq!(opens.length(), 1);
    assert_eq!(opens.get(0).as_f64(), Some(0.0));
    assert!(AnomalyDetector::new(2.0, 3.0, 0.5, 2.0, 0.5).is_err());
}

#[wasm_bindgen_test]
fn simulator_arrival_end_is_the_cores() {
    let end = weir_wasm::SensorSimulator::arrival_end_ms(Some(js(
        "{ durationMs: 300000, delayBaseMs: 50, delaySpreadMs: 200 }",
    )))
    .unwrap();
    // 300 s + 50 + 200 + the default very-late bound 10,000 + 1.
    assert_eq!(end, 310_251.0);
}
