//! Mergeable running statistics: count, sum, min, max, mean and population
//! variance (Welford's update, Chan's merge). Merging is what lets sliding
//! windows share slices and sessions merge without keeping raw events.

/// Partial aggregate of a set of values. 48 bytes, whatever the event rate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Agg {
    /// Number of values.
    pub count: u64,
    /// Sum of values.
    pub sum: f64,
    /// Smallest value (`+inf` when empty).
    pub min: f64,
    /// Largest value (`-inf` when empty).
    pub max: f64,
    /// Running mean (Welford), kept for a stable variance.
    mean: f64,
    /// Sum of squared deviations from the mean (Welford's M2).
    m2: f64,
}

/// `n as f64`, through the signed conversion wherever that is exact (every
/// count below 2^63, so the same value): x86-64 has no unsigned one, and
/// `u64 as f64` there is six instructions on every `add` where this is
/// one and a predictable branch. wasm has both conversions.
#[inline(always)]
fn count_f64(n: u64) -> f64 {
    #[cfg(not(target_arch = "wasm32"))]
    return match i64::try_from(n) {
        Ok(i) => i as f64,
        // Out of line: inlined, LLVM folds both arms back into the
        // unsigned conversion.
        Err(_) => huge_count_f64(n),
    };
    #[cfg(target_arch = "wasm32")]
    return n as f64;
}

#[cfg(not(target_arch = "wasm32"))]
#[cold]
#[inline(never)]
fn huge_count_f64(n: u64) -> f64 {
    n as f64
}

impl Default for Agg {
    fn default() -> Self {
        Self::EMPTY
    }
}

impl Agg {
    /// The aggregate of no values.
    pub const EMPTY: Agg = Agg {
        count: 0,
        sum: 0.0,
        min: f64::INFINITY,
        max: f64::NEG_INFINITY,
        mean: 0.0,
        m2: 0.0,
    };

    /// The aggregate of one value.
    #[inline]
    pub fn of(x: f64) -> Agg {
        Agg {
            count: 1,
            sum: x,
            min: x,
            max: x,
            mean: x,
            m2: 0.0,
        }
    }

    /// Adds one value.
    #[inline]
    pub fn add(&mut self, x: f64) {
        self.count += 1;
        self.sum += x;
        // Compare and select, not f64::min/max: in wasm those are calls to
        // fmin/fmax (wasm's f64.min differs on NaN), which cost the browser
        // build measurably (docs/benchmarks.md); values are never NaN here.
        // A tie (0 and -0) keeps the older value, as f64::min does natively.
        if x < self.min {
            self.min = x;
        }
        if x > self.max {
            self.max = x;
        }
        let delta = x - self.mean;
        self.mean += delta / count_f64(self.count);
        self.m2 += delta * (x - self.mean);
    }

    /// Folds another partial aggregate into this one.
    #[inline]
    pub fn merge(&mut self, o: &Agg) {
        if o.count == 0 {
            return;
        }
        if self.count == 0 {
            *self = *o;
            return;
        }
        // `as f64`, not `count_f64`: its three tests here doubled the
        // mispredicted branches of a firing's merges (callgrind
        // --branch-sim), for half an instruction per event.
        let n = (self.count + o.count) as f64;
        let delta = o.mean - self.mean;
        self.mean += delta * (o.count as f64 / n);
        self.m2 += o.m2 + delta * delta * (self.count as f64 * o.count as f64 / n);
        self.count += o.count;
        self.sum += o.sum;
        if o.min < self.min {
            self.min = o.min;
        }
        if o.max > self.max {
            self.max = o.max;
        }
    }

    /// `sum / count` (NaN when empty).
    pub fn mean(&self) -> f64 {
        self.sum / self.count as f64
    }

    /// Population variance (0 for one value, NaN when empty).
    pub fn variance(&self) -> f64 {
        if self.count == 0 {
            f64::NAN
        } else {
            (self.m2 / self.count as f64).max(0.0)
        }
    }

    /// Population standard deviation.
    pub fn stddev(&self) -> f64 {
        self.variance().sqrt()
    }

    /// The raw fields, for snapshots: count, sum, min, max, mean, m2.
    pub(crate) fn to_parts(self) -> (u64, [f64; 5]) {
        (
            self.count,
            [self.sum, self.min, self.max, self.mean, self.m2],
        )
    }

    /// Whether this aggregate could have come from adding values: `None` if
    /// so, else what is wrong. At least one value; finite min <= max; one
    /// value means sum = min = max = mean and m2 = 0; otherwise, where the
    /// bounds cannot overflow, sum, mean and m2 are finite and within what
    /// `count` values in `[min, max]` allow (with room for rounding). A
    /// sum can legitimately be infinite or NaN only when `count x
    /// max(|min|, |max|)` overflows.
    pub(crate) fn malformed(&self) -> Option<String> {
        // std's float printing is 14 KB of the wasm module
        use crate::float::Shortest as S;
        let Agg {
            count,
            sum,
            min,
            max,
            mean,
            m2,
        } = *self;
        if count == 0 {
            return Some("count 0".into());
        }
        if !(min.is_finite() && max.is_finite() && min <= max) {
            return Some(format!(
                "min {min} / max {max} (must be finite, min <= max)",
                min = S(min),
                max = S(max)
            ));
        }
        if count == 1 {
            return (sum != min || min != max || mean != min || m2 != 0.0).then(|| {
                format!(
                    "count 1 but sum {sum}, min {min}, max {max}, mean {mean}, m2 {m2} (one value: all equal, m2 0)",
                    sum = S(sum),
                    min = S(min),
                    max = S(max),
                    mean = S(mean),
                    m2 = S(m2)
                )
            });
        }
        let n = count as f64;
        // Relative room for rounding over `count` additions.
        let slack = 1.0 + 1e-9 + n * 4.0 * f64::EPSILON;
        let bound = n * min.abs().max(max.abs());
        // Every value lies in [min, max], so the sum lies in [n min, n max]
        // (up to rounding): a sum outside makes the mean, which results
        // report as sum / count, fall outside [min, max].
        let tol = bound * (slack - 1.0) + f64::MIN_POSITIVE;
        if bound.is_finite() && !(sum.is_finite() && sum >= n * min - tol && sum <= n * max + tol) {
            return Some(format!(
                "sum {sum} is impossible for {count} values in [{min}, {max}]",
                sum = S(sum),
                min = S(min),
                max = S(max)
            ));
        }
        let spread = max - min;
        let room = spread * 1e-9 + f64::EPSILON * min.abs().max(max.abs());
        if bound.is_finite() && !(mean >= min - room && mean <= max + room) {
            return Some(format!(
                "mean {mean} is outside [{min}, {max}]",
                mean = S(mean),
                min = S(min),
                max = S(max)
            ));
        }
        let m2_bound = n * spread * spread;
        if m2_bound.is_finite() && !(m2 >= 0.0 && m2 <= m2_bound * slack + f64::MIN_POSITIVE) {
            return Some(format!(
                "m2 {m2} is impossible for {count} values in [{min}, {max}]",
                m2 = S(m2),
                min = S(min),
                max = S(max)
            ));
        }
        None
    }

    /// Inverse of [`Agg::to_parts`].
    pub(crate) fn from_parts(count: u64, f: [f64; 5]) -> Agg {
        Agg {
            count,
            sum: f[0],
            min: f[1],
            max: f[2],
            mean: f[3],
            m2: f[4],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(xs: &[f64]) -> Agg {
        let mut a = Agg::EMPTY;
        xs.iter().for_each(|&x| a.add(x));
        a
    }

    #[test]
    fn statistics_of_a_known_set() {
        let a = of(&[2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0]);
        assert_eq!(a.count, 8);
        assert_eq!(a.sum, 40.0);
        assert_eq!(a.min, 2.0);
        assert_eq!(a.max, 9.0);
        assert_eq!(a.mean(), 5.0);
        assert!((a.variance() - 4.0).abs() < 1e-12);
        assert!((a.stddev() - 2.0).abs() < 1e-12);
    }

    #[test]
    fn merge_equals_adding_everything() {
        let (l, r) = ([1.5, -3.0, 8.25], [100.0, 0.5]);
        let mut m = of(&l);
        m.merge(&of(&r));
        let all = of(&[1.5, -3.0, 8.25, 100.0, 0.5]);
        assert_eq!(m.count, all.count);
        assert_eq!(m.min, all.min);
        assert_eq!(m.max, all.max);
        assert!((m.sum - all.sum).abs() < 1e-12);
        assert!((m.variance() - all.variance()).abs() < 1e-9);
        let mut e = Agg::EMPTY;
        e.merge(&all);
        assert_eq!(e, all);
    }

    #[test]
    fn aggregates_of_real_values_are_well_formed_and_damaged_ones_are_not() {
        let mut a = of(&[1e300, -1e300, 3.5, 1e-300, 7.0]);
        assert_eq!(a.malformed(), None);
        a.merge(&of(&[1.7e308, 1.7e308])); // the sum overflows: legitimately inf
        assert!(a.sum.is_infinite());
        assert_eq!(a.malformed(), None);
        assert_eq!(of(&[0.1; 1000]).malformed(), None);
        assert_eq!(Agg::of(-0.0).malformed(), None);
        let good = of(&[1.0, 2.0, 4.0]);
        let bad = |f: fn(&mut Agg)| {
            let mut b = good;
            f(&mut b);
            b.malformed().expect("refused")
        };
        assert!(bad(|b| b.count = 0).contains("count 0"));
        assert!(bad(|b| b.sum = f64::NAN).contains("sum NaN"));
        assert!(bad(|b| b.sum = 13.0).contains("sum 13"));
        assert!(bad(|b| b.min = f64::NAN).contains("min NaN"));
        assert!(bad(|b| b.mean = 5.0).contains("mean 5"));
        assert!(bad(|b| b.m2 = -1.0).contains("m2 -1"));
        assert!(bad(|b| b.m2 = f64::INFINITY).contains("m2 inf"));
        assert!(bad(|b| b.count = 1).contains("count 1"));
    }

    #[test]
    fn a_tie_of_zeros_keeps_the_older_bound_in_add_and_merge() {
        // As f64::min/max do on x86-64; wasm's fmin kept the newer -0.
        let bits = |a: &Agg| (a.min.to_bits(), a.max.to_bits());
        let of = |xs: &[f64]| {
            let mut a = Agg::default();
            xs.iter().for_each(|&x| a.add(x));
            a
        };
        let (pos, neg) = (0.0f64.to_bits(), (-0.0f64).to_bits());
        assert_eq!(bits(&of(&[0.0, -0.0])), (pos, pos));
        assert_eq!(bits(&of(&[-0.0, 0.0])), (neg, neg));
        let mut m = of(&[0.0]);
        m.merge(&of(&[-0.0]));
        assert_eq!(bits(&m), (pos, pos));
        let mut m = of(&[-0.0]);
        m.merge(&of(&[0.0]));
        assert_eq!(bits(&m), (neg, neg));
    }

    #[test]
    fn a_count_converts_to_the_same_float_as_by_as() {
        let edges = [
            0,
            1,
            (1 << 53) - 1,
            (1 << 53) + 1,
            (1 << 62) + 12_345,
            i64::MAX as u64 - 1,
            i64::MAX as u64,
            1 << 63,
            (1 << 63) + 1,
            (1 << 63) + (1 << 11) - 1,
            u64::MAX - 1,
            u64::MAX,
        ];
        let mut x = 0x9e37_79b9_7f4a_7c15u64;
        let random = (0..10_000).map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x >> (x % 64)
        });
        for n in edges.into_iter().chain(random) {
            assert_eq!(count_f64(n).to_bits(), (n as f64).to_bits(), "{n}");
        }
    }

    #[test]
    fn single_value_has_zero_variance() {
        assert_eq!(Agg::of(3.0).variance(), 0.0);
        assert!(Agg::EMPTY.variance().is_nan());
    }
}
