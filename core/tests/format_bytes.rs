//! `format_bytes` against the float formatting it replaced: up to
//! session 4 it rounded with `format!("{v:.N}")` and checked the roll-over
//! to the next unit with `str::parse::<f64>`; it now rounds with integer
//! arithmetic (smaller wasm). `reference` below is that old code, so every
//! string must stay the same, on ties, negatives, subnormals and huge values.

use weir_core::{format_bytes, ByteUnits};

/// The implementation before the integer rounding, verbatim.
fn reference(bytes: f64, units: ByteUnits) -> String {
    fn trim_number(v: f64, sig: i32) -> String {
        let int_digits = if v.abs() >= 1.0 {
            v.abs().log10().floor() as i32 + 1
        } else {
            1
        };
        let decimals = (sig - int_digits).max(0) as usize;
        let mut s = format!("{v:.decimals$}");
        if s.contains('.') {
            s = s.trim_end_matches('0').trim_end_matches('.').to_string();
        }
        if s == "-0" {
            s = "0".to_string();
        }
        s
    }
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
    let mut s = trim_number(v, 3);
    if i + 1 < names.len() && s.parse::<f64>().is_ok_and(|r| r >= base) {
        v /= base;
        i += 1;
        s = trim_number(v, 3);
    }
    if s == "0" {
        return format!("0 {}", names[i]);
    }
    format!("{sign}{s} {}", names[i])
}

fn same(v: f64) {
    for units in [ByteUnits::Base10, ByteUnits::Base2] {
        for x in [v, -v] {
            assert_eq!(
                format_bytes(x, units),
                reference(x, units),
                "{x:e} ({:#x}) {units:?}",
                x.to_bits()
            );
        }
    }
}

/// Ties at every rounding position: k/8 is exact in binary, so k/8 with two
/// decimals (and k/2 with none, k/4 with one) is a true half.
#[test]
fn ties_round_to_even_as_before() {
    assert_eq!(format_bytes(0.125, ByteUnits::Base10), "0.12 B");
    assert_eq!(format_bytes(0.375, ByteUnits::Base10), "0.38 B");
    assert_eq!(format_bytes(1_125.0, ByteUnits::Base10), "1.12 KB");
    assert_eq!(format_bytes(2_625.0, ByteUnits::Base10), "2.62 KB");
    assert_eq!(format_bytes(10_250.0, ByteUnits::Base10), "10.2 KB");
    assert_eq!(format_bytes(10_750.0, ByteUnits::Base10), "10.8 KB");
    assert_eq!(format_bytes(100.5, ByteUnits::Base10), "100 B");
    assert_eq!(format_bytes(101.5, ByteUnits::Base10), "102 B");
    assert_eq!(format_bytes(-101.5, ByteUnits::Base10), "-102 B");
    assert_eq!(format_bytes(999.5, ByteUnits::Base10), "1 KB");
    assert_eq!(format_bytes(1_023.5, ByteUnits::Base2), "1 KiB");
    assert_eq!(format_bytes(1_022.5, ByteUnits::Base2), "1022 B");
    // below every rounding position: "0", without a sign
    assert_eq!(format_bytes(-0.004, ByteUnits::Base10), "0 B");
    assert_eq!(format_bytes(5e-324, ByteUnits::Base10), "0 B");
    for k in 0..20_000u32 {
        same(f64::from(k) / 8.0);
        same(f64::from(k) * 125.0);
        same(f64::from(k) * 128.0);
    }
}

/// Past PB the integer part is printed in full, digit for digit.
#[test]
fn huge_values_keep_every_digit() {
    assert_eq!(format_bytes(1e18, ByteUnits::Base10), "1000 PB");
    assert_eq!(
        format_bytes(2f64.powi(53) * 1e15, ByteUnits::Base10),
        "9007199254740992 PB"
    );
    assert_eq!(
        format_bytes(2f64.powi(200), ByteUnits::Base2),
        format!("{} PiB", "1427247692705959881058285969449495136382746624")
    );
    assert_eq!(
        format_bytes(-f64::MAX, ByteUnits::Base10),
        reference(-f64::MAX, ByteUnits::Base10)
    );
    for e in 0..1024 {
        same(2f64.powi(e));
        same(2f64.powi(e) * 1.5);
        same(10f64.powi(e.min(308)));
    }
}

/// Many floats across every magnitude, from random bit patterns, and the
/// neighbours of every unit and rounding boundary.
#[test]
fn same_strings_as_the_float_formatting() {
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    for _ in 0..100_000 {
        // xorshift64*
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        let r = x.wrapping_mul(0x2545_f491_4f6c_dd1d);
        same(f64::from_bits(r >> 1));
        // values a person formats: 0 to 10^18, uniform in the exponent
        let mag = (r >> 11) as f64 / (1u64 << 53) as f64 * 18.0;
        same(10f64.powf(mag));
    }
    for units in [1000.0f64, 1024.0] {
        for p in 0..6 {
            let u = units.powi(p);
            for b in [
                1.0, 9.995, 9.9949999, 10.0, 99.95, 99.9499, 100.0, 999.5, 999.4999, 1000.0,
                1023.5, 1024.0,
            ] {
                let mut v = b * u;
                for _ in 0..50 {
                    same(v);
                    v = f64::from_bits(v.to_bits() + 1);
                }
                let mut v = b * u;
                for _ in 0..50 {
                    same(v);
                    v = f64::from_bits(v.to_bits() - 1);
                }
            }
        }
    }
}
