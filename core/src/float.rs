//! `f64` as text, exactly as Rust's `{}` writes it ("1.5", "-0", "inf",
//! "0.0001", "100000000000000000000") and as `{:.0}` does, in about 4 KB
//! of wasm:
//! std's float formatting (Grisu with a Dragon4 fallback, and the exact
//! mode behind `{:.N}`) is about 14 KB of the page's module, and the core
//! and the bindings print floats only in error messages.
//!
//! The digits are the shortest that read back as the same float, the
//! closest of those to its exact value (Burger and Dybvig's free-format
//! algorithm on exact big integers, as std's Dragon4 fallback computes them,
//! with the same rounding interval: its ends count when the mantissa is
//! even), laid out without an exponent. `tests` below compare it with `{}`
//! and `{:.0}` on edge values and 90,000 random ones;
//! `WEIR_FLOAT_CASES=1000000 cargo test --release -p weir-core float` tries
//! more (3,000,000 values, identical, when this was written).

use core::cmp::Ordering;
use core::fmt;

/// `v` shown as `{}` shows an `f64`: `format!("{}", Shortest(v))`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Shortest(pub f64);

impl fmt::Display for Shortest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&to_string(self.0))
    }
}

/// `v` as `v.to_string()` writes it.
pub fn to_string(v: f64) -> String {
    if v.is_nan() {
        return "NaN".into();
    }
    let mut s = String::new();
    if v.is_sign_negative() {
        s.push('-');
    }
    if v.is_infinite() {
        s.push_str("inf");
        return s;
    }
    if v == 0.0 {
        s.push('0');
        return s;
    }
    let (digits, k) = shortest(v.abs());
    // v = 0.d1d2d3... x 10^k
    let n = digits.len() as i32;
    if k <= 0 {
        s.push_str("0.");
        (0..-k).for_each(|_| s.push('0'));
        s.push_str(&digits);
    } else if k < n {
        s.push_str(&digits[..k as usize]);
        s.push('.');
        s.push_str(&digits[k as usize..]);
    } else {
        s.push_str(&digits);
        (n..k).for_each(|_| s.push('0'));
    }
    s
}

/// `v` as `format!("{v:.0}")` writes it: rounded to an integer, ties to
/// even, on the float's exact value (the memory model's integer rounding).
pub fn to_string_0(v: f64) -> String {
    if !v.is_finite() {
        return to_string(v);
    }
    let sign = if v.is_sign_negative() { "-" } else { "" };
    let v = v.abs();
    let digits = match crate::model::units::scaled(v, 0) {
        Some(q) => q.to_string(),
        None => crate::model::units::exact_integer(v),
    };
    format!("{sign}{digits}")
}

/// Limbs of [`Big`]: 1280 bits hold every intermediate (the largest is
/// about 2^1140, a subnormal's mantissa times 10^324).
const LIMBS: usize = 40;

/// An unsigned integer, little-endian base 2^32; the few operations the
/// digit generation needs. Values stay far below 2^1280, so nothing here
/// overflows.
#[derive(Clone, PartialEq, Eq)]
struct Big([u32; LIMBS]);

impl Big {
    fn from(v: u64) -> Big {
        let mut b = Big([0; LIMBS]);
        b.0[0] = v as u32;
        b.0[1] = (v >> 32) as u32;
        b
    }

    #[inline(never)]
    fn mul_small(&mut self, m: u32) {
        let mut carry = 0u64;
        // A bound the optimizer cannot see: unrolled 40 times, this loop
        // was most of the module's float printing.
        for l in self.0[..core::hint::black_box(LIMBS)].iter_mut() {
            let x = u64::from(*l) * u64::from(m) + carry;
            *l = x as u32;
            carry = x >> 32;
        }
    }

    fn mul_pow2(&mut self, mut n: u32) {
        while n > 0 {
            let s = n.min(31);
            self.mul_small(1 << s);
            n -= s;
        }
    }

    fn mul_pow10(&mut self, mut n: u32) {
        while n > 0 {
            let s = n.min(9);
            self.mul_small(10u32.pow(s));
            n -= s;
        }
    }

    #[inline(never)]
    fn add(&self, o: &Big) -> Big {
        let mut r = Big([0; LIMBS]);
        let mut carry = 0u64;
        for i in 0..core::hint::black_box(LIMBS) {
            let x = u64::from(self.0[i]) + u64::from(o.0[i]) + carry;
            r.0[i] = x as u32;
            carry = x >> 32;
        }
        r
    }

    /// `self -= o`, for `self >= o`.
    #[inline(never)]
    fn sub(&mut self, o: &Big) {
        let mut borrow = 0i64;
        for i in 0..core::hint::black_box(LIMBS) {
            let x = i64::from(self.0[i]) - i64::from(o.0[i]) - borrow;
            self.0[i] = x as u32;
            borrow = i64::from(x < 0);
        }
    }
}

impl PartialOrd for Big {
    fn partial_cmp(&self, o: &Big) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}

impl Ord for Big {
    #[inline(never)]
    fn cmp(&self, o: &Big) -> Ordering {
        let mut i = core::hint::black_box(LIMBS);
        while i > 0 {
            i -= 1;
            if self.0[i] != o.0[i] {
                return self.0[i].cmp(&o.0[i]);
            }
        }
        Ordering::Equal
    }
}

/// The shortest digits of a finite `v > 0` and the exponent `k` with
/// `v ~ 0.digits x 10^k`, as std's `{}` picks them.
fn shortest(v: f64) -> (String, i32) {
    let bits = v.to_bits();
    let field = ((bits >> 52) & 0x7ff) as i32;
    let frac = bits & ((1 << 52) - 1);
    // v = mant x 2^exp (a subnormal's mantissa doubled, as std decodes
    // it; so its interval's ends always count).
    let (mant, exp) = if field == 0 {
        (frac << 1, -1075)
    } else {
        (frac | 1 << 52, field - 1075)
    };
    let inclusive = mant & 1 == 0;
    let (mant, minus, plus, exp) = if field == 0 {
        // already doubled: the neighbours are mant -/+ 2
        (mant, 1, 1, exp)
    } else if frac == 0 {
        (mant << 2, 1, 2, exp - 2)
    } else {
        (mant << 1, 1, 1, exp - 1)
    };
    // Any number in (mant - minus, mant + plus) x 2^exp reads back as v
    // (at a power of two the float below is half as far as the one above)
    // (the ends too when `inclusive`). `a` is below `b` when `a < b`, or
    // `a <= b` with inclusive ends.
    let below = |a: &Big, b: &Big| match a.cmp(b) {
        Ordering::Less => true,
        Ordering::Equal => inclusive,
        Ordering::Greater => false,
    };
    // An estimate of k, the exact one or one less: floor(log10(2)) x
    // bits of the upper end (1292913986 = floor(2^32 log10 2)).
    let high = mant + plus;
    let nbits = 64 - (high - 1).leading_zeros() as i64;
    let mut k = (((nbits + exp as i64) * 1_292_913_986) >> 32) as i32;
    let (mut r, mut m_minus, mut m_plus) = (Big::from(mant), Big::from(minus), Big::from(plus));
    let mut scale = Big::from(1);
    // v = r / scale x 10^k, the interval's half-widths m_minus / scale and
    // m_plus / scale likewise.
    if exp < 0 {
        scale.mul_pow2(exp.unsigned_abs());
    } else {
        for b in [&mut r, &mut m_minus, &mut m_plus] {
            b.mul_pow2(exp as u32);
        }
    }
    if k >= 0 {
        scale.mul_pow10(k as u32);
    } else {
        for b in [&mut r, &mut m_minus, &mut m_plus] {
            b.mul_pow10(k.unsigned_abs());
        }
    }
    let times10 = |r: &mut Big, m_minus: &mut Big, m_plus: &mut Big| {
        for b in [r, m_minus, m_plus] {
            b.mul_small(10);
        }
    };
    // The upper end reaches 10^k: k was one short.
    if below(&scale, &r.add(&m_plus)) {
        k += 1;
    } else {
        times10(&mut r, &mut m_minus, &mut m_plus);
    }
    let mut digits = Vec::new();
    let (down, up) = loop {
        let mut d = 0u8;
        while r >= scale {
            r.sub(&scale);
            d += 1;
        }
        digits.push(b'0' + d);
        // Stop when the digits so far, or the last one plus one, are
        // inside the interval.
        let down = below(&r, &m_minus);
        let up = below(&scale, &r.add(&m_plus));
        if down || up {
            break (down, up);
        }
        times10(&mut r, &mut m_minus, &mut m_plus);
    };
    // Round up when only that end is inside, or both are and the rest is
    // at least half a digit.
    if up && (!down || r.add(&r) >= scale) {
        let mut i = digits.len();
        loop {
            if i == 0 {
                // 99..9 became 00..0: 100..0, one digit more (as std
                // does), k one more.
                digits.insert(0, b'1');
                k += 1;
                break;
            }
            i -= 1;
            if digits[i] == b'9' {
                digits[i] = b'0';
            } else {
                digits[i] += 1;
                break;
            }
        }
    }
    // Only ASCII digits were pushed.
    (digits.into_iter().map(char::from).collect(), k)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Random values per test: 30,000, or `WEIR_FLOAT_CASES`.
    fn cases() -> usize {
        std::env::var("WEIR_FLOAT_CASES")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(30_000)
    }

    fn same(v: f64) {
        assert_eq!(to_string(v), v.to_string(), "bits {:#018x}", v.to_bits());
        assert_eq!(format!("{}", Shortest(v)), format!("{v}"));
    }

    /// Zeros, infinities, NaN, the ends of the subnormal and normal
    /// ranges, powers of two and of ten and their neighbours, the decimal
    /// values people type, and the integers around 2^53.
    #[test]
    fn edge_values_match_std() {
        let mut vs = vec![
            0.0,
            -0.0,
            f64::NAN,
            -f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::MIN_POSITIVE,
            f64::MAX,
            f64::MIN,
            f64::EPSILON,
            5e-324,
            1e-323,
            1.5,
            0.1,
            0.2,
            0.3,
            1.0 / 3.0,
            2.0 / 3.0,
            123456.789,
            9007199254740992.0,
            9007199254740993.0,
            1e21,
            1e22,
            1e23,
            4.35,
            0.000001,
            1e-7,
            20.5,
            99.99,
            999.96,
        ];
        // every power of two: the subnormal ones, then one per exponent
        let powers = (0..52).map(|b| 1u64 << b).chain((1..2047).map(|f| f << 52));
        for p in powers {
            vs.extend([p - 1, p, p + 1].map(f64::from_bits));
        }
        for e in -324..=308 {
            let p: f64 = format!("1e{e}").parse().unwrap();
            if p == 0.0 {
                continue; // 1e-324 reads as 0
            }
            vs.extend([
                p,
                f64::from_bits(p.to_bits() + 1),
                f64::from_bits(p.to_bits() - 1),
                p * 9.999999,
                p * 5.0,
            ]);
        }
        for n in 0..2_000u64 {
            vs.extend([n as f64, n as f64 / 100.0, n as f64 / 7.0]);
            let big = ((1u64 << 53) - 1_000 + n) as f64;
            vs.extend([big, big * 1024.0]);
        }
        let last_subnormal = f64::from_bits(0x000f_ffff_ffff_ffff);
        vs.extend([last_subnormal, f64::from_bits(1 << 52 | 1)]);
        for v in vs {
            same(v);
            same(-v);
        }
    }

    /// `{:.0}`: halves (ties to even), negatives rounding to zero (`-0`),
    /// huge integers, random bit patterns.
    #[test]
    fn zero_decimals_match_std() {
        let mut vs = vec![
            0.0,
            -0.0,
            0.5,
            1.5,
            2.5,
            -0.4,
            -2.5,
            0.49999999999999994,
            1e300,
        ];
        vs.extend([f64::NAN, f64::INFINITY, f64::NEG_INFINITY, f64::MAX, 5e-324]);
        vs.extend((0..4_000).map(|n| n as f64 / 4.0 + 1e6));
        vs.extend((50..70).map(|e| 2f64.powi(e) + 2f64.powi(e - 52)));
        let mut x = 0x1234_5678_9abc_def1u64;
        for _ in 0..cases() {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            vs.push(f64::from_bits(x));
        }
        for v in vs {
            assert_eq!(
                to_string_0(v),
                format!("{v:.0}"),
                "bits {:#018x}",
                v.to_bits()
            );
            assert_eq!(to_string_0(-v), format!("{:.0}", -v));
        }
    }

    /// Random bit patterns, over every exponent (a fixed-seed xorshift:
    /// the same values every run).
    #[test]
    fn random_bit_patterns_match_std() {
        let mut x = 0x9e37_79b9_7f4a_7c15u64;
        for _ in 0..cases() {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            same(f64::from_bits(x));
        }
    }

    /// Random decimals as people write them: short digit strings at every
    /// scale, where the shortest digits are those typed.
    #[test]
    fn short_decimals_match_std() {
        let mut x = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..cases() {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let digits = x % 10_000_000;
            let e = (x >> 40) as i32 % 640 - 330;
            let v: f64 = format!("{digits}e{e}").parse().unwrap();
            same(v);
        }
    }
}
