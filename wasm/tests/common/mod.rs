//! The tests shared by `node.rs` and `web.rs`: the exported API driven with
//! real JS objects (built by `js_sys::eval`), as a page would drive it.

use js_sys::{Array, Error, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;
use weir_wasm::StreamEngine;

/// A JS value from a JS expression.
fn js(expr: &str) -> JsValue {
    js_sys::eval(&format!("({expr})")).expect("test expression evaluates")
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
}

fn num(o: &JsValue, field: &str) -> f64 {
    Reflect::get(o, &field.into()).unwrap().as_f64().unwrap()
}

fn text(o: &JsValue, field: &str) -> String {
    Reflect::get(o, &field.into()).unwrap().as_string().unwrap()
}

/// `[key, start, end, count, sum]` and the firing kind of every drained result.
fn drained(e: &mut StreamEngine) -> Vec<([f64; 5], String)> {
    let out: Array = e
        .drain()
        .unwrap()
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
    let out: Array = e.drain().unwrap().dyn_into().unwrap();
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
    e.flush();
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
    s.flush();
    let starts: Vec<f64> = drained(&mut s).iter().map(|(n, _)| n[1]).collect();
    assert_eq!(starts, vec![0.0, 5_000.0]);

    let mut g = StreamEngine::new(js("{ window: { type: 'session', gap: 1000 } }")).unwrap();
    push(&mut g, 1, 0, 1.0);
    push(&mut g, 1, 800, 1.0);
    push(&mut g, 1, 5_000, 1.0);
    g.flush();
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
            Ok(o) => panic!("event {event} was accepted as {o}"),
            Err(thrown) => assert_error(thrown, needles),
        }
    }
    assert_eq!(e.watermark(), -1_000.0, "rejected events moved nothing");
    push(&mut e, 1, 3_000, 2.0);
    e.flush();
    assert_eq!(
        drained(&mut e),
        vec![([1.0, 0.0, 10_000.0, 2.0, 3.0], "on-time".into())]
    );
}
