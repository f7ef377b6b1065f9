//! The monotone searches behind the memory model's advice: each starts
//! from the analytic answer, checks it and its neighbour, and bisects only
//! when the guess is off (rounding near the boundary).

/// Smallest `x` in `lo..=hi` with `pred(x)`, for `pred` false then true;
/// starts from the analytic `guess`, verifies it and its neighbour, and
/// falls back to bisection when the guess is off.
pub(super) fn first_true(lo: i64, hi: i64, guess: f64, pred: impl Fn(i64) -> bool) -> Option<i64> {
    if lo > hi || !pred(hi) {
        return None;
    }
    let g = if guess.is_finite() {
        guess.ceil().clamp(lo as f64, hi as f64) as i64
    } else {
        hi
    };
    let (mut l, mut h) = if pred(g) {
        if g == lo || !pred(g - 1) {
            return Some(g);
        }
        (lo, g - 1)
    } else {
        if pred(g + 1) {
            return Some(g + 1);
        }
        (g + 2, hi)
    };
    // invariant: pred(h) is true, the answer is in l..=h
    while l < h {
        let mid = l + (h - l) / 2;
        if pred(mid) {
            h = mid;
        } else {
            l = mid + 1;
        }
    }
    Some(h)
}

/// Largest `x` in `lo..=hi` with `pred(x)`, for `pred` true then false.
pub(super) fn last_true(lo: i64, hi: i64, guess: f64, pred: impl Fn(i64) -> bool) -> Option<i64> {
    if !pred(lo) {
        return None;
    }
    match first_true(lo, hi, guess.floor() + 1.0, |x| !pred(x)) {
        Some(x) => Some(x - 1),
        None => Some(hi),
    }
}

/// Smallest divisor of `n` that is `>= c` (`1 <= c <= n`); `n` itself at
/// worst. At most about `sqrt(n)` steps.
pub(super) fn smallest_divisor_at_least(n: i64, c: i64) -> i64 {
    let mut d = c.max(1);
    while d.checked_mul(d).is_some_and(|sq| sq <= n) {
        if n % d == 0 {
            return d;
        }
        d += 1;
    }
    // every remaining divisor is > sqrt(n): its co-divisor q = n / d is
    // < sqrt(n) < d, and d >= c <=> q <= n / c; the largest such q wins.
    let mut q = (n / c.max(1)).min(d - 1);
    while q >= 1 {
        if n % q == 0 {
            return n / q;
        }
        q -= 1;
    }
    n
}
