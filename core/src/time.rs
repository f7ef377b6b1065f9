//! Event time: integer milliseconds, with the two infinities a watermark can
//! take and the checked arithmetic that keeps window bounds from overflowing.

use crate::error::{EngineError, Result};

/// A point in time, in milliseconds (negative times allowed).
pub type Time = i64;

/// Largest time magnitude accepted from users: 2^53, the range in which a
/// JavaScript number is an exact integer.
pub const MAX_ABS_TIME: i64 = 1 << 53;

/// Watermark before the first event (`-inf`).
pub const NEG_INF: Time = i64::MIN;
/// Watermark after `flush()` (`+inf`).
pub const POS_INF: Time = i64::MAX;

/// Floor division for possibly negative numerators (`b > 0`).
#[inline]
pub fn floor_div(a: i64, b: i64) -> i64 {
    a.div_euclid(b)
}

/// Greatest `s <= t` with `s = offset (mod step)`.
#[inline]
pub fn align_down(t: Time, step: i64, offset: i64) -> Time {
    t - (t - offset).rem_euclid(step)
}

/// Checks that a time given by a user is within +/-2^53.
pub fn check_time(field: &'static str, t: i64) -> Result<Time> {
    if (-MAX_ABS_TIME..=MAX_ABS_TIME).contains(&t) {
        Ok(t)
    } else {
        Err(EngineError::InvalidEvent {
            field,
            value: t.to_string(),
            reason: "must be an integer within +/-2^53 ms",
        })
    }
}

/// Renders a time for messages and CSV, with the infinities spelled out.
pub fn show(t: Time) -> String {
    match t {
        NEG_INF => "-inf".to_string(),
        POS_INF => "+inf".to_string(),
        _ => t.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floor_division_rounds_towards_minus_infinity() {
        assert_eq!(floor_div(-1, 10), -1);
        assert_eq!(floor_div(-10, 10), -1);
        assert_eq!(floor_div(-11, 10), -2);
        assert_eq!(floor_div(9, 10), 0);
        assert_eq!(align_down(-1, 10_000, 0), -10_000);
        assert_eq!(align_down(7, 5, 3), 3);
        assert_eq!(align_down(2, 5, 3), -2);
    }

    #[test]
    fn time_range_is_checked() {
        assert!(check_time("time", MAX_ABS_TIME).is_ok());
        assert!(check_time("time", -MAX_ABS_TIME).is_ok());
        let err = check_time("time", MAX_ABS_TIME + 1).unwrap_err();
        assert!(err.to_string().contains("time = 9007199254740993"));
    }
}
