//! Bytes for people: [`format_bytes`] in decimal (the chapter's GB = 10^9)
//! or binary units.
//!
//! The rounding is integer arithmetic on the float's exact binary value
//! rather than `format!("{v:.2}")` and `str::parse::<f64>`: it gives the same
//! strings (ties to even, as `{:.N}` rounds), and keeps core's float
//! parser (with its 10 KB power-of-five table) out of the wasm module.

/// Unit system for [`format_bytes`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ByteUnits {
    /// Powers of 1000: B, KB, MB, GB, TB, PB (the chapter's GB = 10^9).
    Base10,
    /// Powers of 1024: B, KiB, MiB, GiB, TiB, PiB.
    Base2,
}

/// How many decimals keep 3 significant digits of `v` (finite, >= 0)
/// without dropping integer digits.
fn decimals(v: f64) -> u32 {
    if v < 10.0 {
        2
    } else if v < 100.0 {
        1
    } else {
        0
    }
}

/// `v` (finite, >= 0) times 10^`d` (`d` <= 2), rounded to the nearest
/// integer, ties to even, computed exactly on `v`'s binary value; `None`
/// past `u64` (only an integer `v` of 2^52 or more gets there).
pub(crate) fn scaled(v: f64, d: u32) -> Option<u64> {
    let bits = v.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i32;
    let frac = bits & ((1 << 52) - 1);
    // v = m * 2^e exactly
    let (m, e) = if exp == 0 {
        (frac, -1074)
    } else {
        (frac | 1 << 52, exp - 1075)
    };
    let n = m * 10u64.pow(d); // < 2^60
    if e >= 0 {
        return (e as u32 <= n.leading_zeros()).then(|| n << e);
    }
    let k = e.unsigned_abs();
    if k >= 64 {
        // n < 2^60, so n / 2^k < 1/2: rounds to 0
        return Some(0);
    }
    let q = n >> k;
    let r = n - (q << k);
    let half = 1u64 << (k - 1);
    Some(if r > half || (r == half && q & 1 == 1) {
        q + 1
    } else {
        q
    })
}

/// `q / 10^d` in decimal, trailing zeros after the point trimmed.
fn with_point(q: u64, d: u32) -> String {
    let p = 10u64.pow(d);
    let (int, mut frac, mut d) = (q / p, q % p, d as usize);
    while d > 0 && frac % 10 == 0 {
        frac /= 10;
        d -= 1;
    }
    if d == 0 {
        format!("{int}")
    } else {
        format!("{int}.{frac:0d$}")
    }
}

/// The exact decimal digits of an integer `v` of 2^52 or more (`{v:.0}`).
pub(crate) fn exact_integer(v: f64) -> String {
    let bits = v.to_bits();
    let mut e = ((bits >> 52) & 0x7ff) as u32 - 1075;
    let m = (bits & ((1 << 52) - 1)) | 1 << 52;
    const LIMB: u64 = 1_000_000_000;
    // little-endian base-10^9 limbs of m, then doubled e times, 32 at a time
    let mut limbs = vec![
        (m % LIMB) as u32,
        (m / LIMB % LIMB) as u32,
        (m / LIMB / LIMB) as u32,
    ];
    while e > 0 {
        let s = e.min(32);
        e -= s;
        let mut carry = 0u64;
        for l in limbs.iter_mut() {
            let x = (u64::from(*l) << s) + carry;
            *l = (x % LIMB) as u32;
            carry = x / LIMB;
        }
        while carry > 0 {
            limbs.push((carry % LIMB) as u32);
            carry /= LIMB;
        }
    }
    while limbs.len() > 1 && limbs.last() == Some(&0) {
        limbs.pop();
    }
    let mut s = String::new();
    for (i, l) in limbs.iter().rev().enumerate() {
        if i == 0 {
            s += &format!("{l}");
        } else {
            s += &format!("{l:09}");
        }
    }
    s
}

/// Bytes for people: "1 GB", "62.5 MB", "1.5 GiB". The unit is the largest
/// whose value is at least 1 (B up to PB / PiB); the value is rounded to the
/// nearest with up to 3 significant digits (integer digits are never
/// dropped: "1010 KiB"), trailing zeros trimmed, and a value that rounds up
/// to the next unit moves there ("999.96 KB" -> "1 MB"). Negative values
/// keep their sign; NaN and infinities give "invalid".
pub fn format_bytes(bytes: f64, units: ByteUnits) -> String {
    if !bytes.is_finite() {
        return "invalid".to_string();
    }
    let (base, names): (f64, [&str; 6]) = match units {
        ByteUnits::Base10 => (1000.0, ["B", "KB", "MB", "GB", "TB", "PB"]),
        ByteUnits::Base2 => (1024.0, ["B", "KiB", "MiB", "GiB", "TiB", "PiB"]),
    };
    let sign = if bytes < 0.0 { "-" } else { "" };
    let mut v = bytes.abs();
    let mut i = 0;
    while v >= base && i + 1 < names.len() {
        v /= base;
        i += 1;
    }
    let mut d = decimals(v);
    let mut q = scaled(v, d);
    // rounding may reach the next unit (999.96 KB -> "1000")
    if i + 1 < names.len() && q.is_some_and(|q| q >= base as u64 * 10u64.pow(d)) {
        v /= base;
        i += 1;
        d = decimals(v);
        q = scaled(v, d);
    }
    let s = match q {
        Some(0) => return format!("0 {}", names[i]),
        Some(q) => with_point(q, d),
        None => exact_integer(v),
    };
    format!("{sign}{s} {}", names[i])
}
