//! Bytes for people: [`format_bytes`] in decimal (the chapter's GB = 10^9)
//! or binary units.

/// Unit system for [`format_bytes`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ByteUnits {
    /// Powers of 1000: B, KB, MB, GB, TB, PB (the chapter's GB = 10^9).
    Base10,
    /// Powers of 1024: B, KiB, MiB, GiB, TiB, PiB.
    Base2,
}

/// `v` with up to `sig` significant digits (never dropping integer digits),
/// trailing zeros trimmed.
pub(crate) fn trim_number(v: f64, sig: i32) -> String {
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
    let mut s = trim_number(v, 3);
    // rounding may reach the next unit (999.96 KB -> "1000")
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
