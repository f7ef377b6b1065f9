//! The replay's text formats at their edges: a byte order mark before the
//! header, and error messages that quote a huge line without echoing it whole.

use weir_core::{Config, WindowSpec};
use weir_flink::replay::{parse_window, replay};

fn cfg() -> Config {
    Config::event_time(WindowSpec::tumbling(10), 0)
}

#[test]
fn a_utf8_bom_before_the_header_is_skipped() {
    let out = replay("\u{feff}key,time_ms,value\n1,3,2.5\n1,12,1\n", cfg()).unwrap();
    assert_eq!(out.events, 2);
    assert_eq!(
        out.results,
        "key,window_start,window_end,count,sum,min,max,mean,firing,watermark\n\
         1,0,10,1,2.5,2.5,2.5,2.5,on-time,12\n\
         1,10,20,1,1,1,1,1,on-time,\n"
    );
}

#[test]
fn a_bom_is_only_skipped_at_the_start() {
    // In the middle of the input it is data: the key does not parse.
    let err = replay("key,time_ms,value\n\u{feff}1,3,2.5\n", cfg()).unwrap_err();
    assert_eq!(err, "line 2: key = \"\\u{feff}1\" is not a valid number");
}

#[test]
fn a_huge_bad_line_is_cut_in_the_message() {
    let value = "x".repeat(10_000_000);
    let csv = format!("key,time_ms,value\n1,3,{value}\n");
    let err = replay(&csv, cfg()).unwrap_err();
    let want = format!(
        "line 2: value = \"{}\"... (10000000 bytes) is not a valid number",
        "x".repeat(200)
    );
    assert_eq!(err, want);
}

#[test]
fn a_huge_line_with_a_missing_column_is_cut() {
    // One column only: the key, then padding that the fields' trim drops.
    let line = format!("7{}", " ".repeat(4_999));
    let csv = format!("key,time_ms,value\n{line}\n");
    let err = replay(&csv, cfg()).unwrap_err();
    assert_eq!(
        err,
        format!(
            "line 2: missing column time in \"7{}\"... (5000 bytes)",
            " ".repeat(199)
        )
    );
}

#[test]
fn a_huge_header_is_cut() {
    let header = format!("key,{}", "c".repeat(1_000));
    let err = replay(&format!("{header}\n"), cfg()).unwrap_err();
    assert_eq!(
        err,
        format!(
            "line 1: header \"key,{}\"... (1004 bytes) has no time_ms or event_time_ms column",
            "c".repeat(196)
        )
    );
}

#[test]
fn the_cut_keeps_whole_characters() {
    // 199 ASCII bytes then a 3-byte character across the 200-byte mark.
    let value = format!("{}€{}", "a".repeat(199), "b".repeat(300));
    let err = replay(&format!("key,time_ms,value\n1,3,{value}\n"), cfg()).unwrap_err();
    assert_eq!(
        err,
        format!(
            "line 2: value = \"{}\"... (502 bytes) is not a valid number",
            "a".repeat(199)
        )
    );
}

#[test]
fn short_lines_are_quoted_whole() {
    let err = replay("key,time_ms,value\n1,abc,2\n", cfg()).unwrap_err();
    assert_eq!(err, "line 2: time = \"abc\" is not a valid number");
    let err = parse_window("tumbling:ten").unwrap_err();
    assert_eq!(
        err,
        "--window \"tumbling:ten\": expected tumbling:SIZE, sliding:SIZE,SLIDE, session:GAP or cumulate:STEP,SIZE (ms)"
    );
}
