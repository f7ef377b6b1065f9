//! The simulator's randomness and rounding: SplitMix64 with random access
//! to its `n`-th output (so a reading does not depend on how the stream is
//! cut into chunks), and the integer and IEEE-basic helpers that keep a
//! stream bit-identical natively and in wasm32.
/// SplitMix64's increment (the golden ratio in 64-bit fixed point).
pub(super) const GAMMA: u64 = 0x9E37_79B9_7F4A_7C15;
/// sqrt(3): scales a sum of four uniforms to unit variance.
pub(super) const SQRT_3: f64 = 1.732_050_807_568_877_2;

/// SplitMix64's output function (Stafford's Mix13).
#[inline(always)]
pub(super) fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// SplitMix64 (Steele, Lea and Flood, 2014): 64 bits of state, one add and
/// a mix per output, and random access to the `n`-th output.
#[derive(Debug, Clone, Copy)]
pub(super) struct SplitMix64 {
    pub(super) state: u64,
}

impl SplitMix64 {
    pub(super) fn new(seed: u64) -> Self {
        SplitMix64 { state: seed }
    }

    #[inline(always)]
    pub(super) fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(GAMMA);
        mix64(self.state)
    }

    /// Output `n` (0-based) of the stream whose state is `state`, without
    /// stepping it.
    #[inline(always)]
    pub(super) fn at(state: u64, n: u64) -> u64 {
        mix64(state.wrapping_add(n.wrapping_add(1).wrapping_mul(GAMMA)))
    }

    /// Uniform in `[0, 1)`, 53 bits.
    pub(super) fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Uniform in `0..n` (`n >= 1`), by multiply-high (Lemire).
    pub(super) fn below(&mut self, n: u64) -> u64 {
        ((self.next_u64() as u128 * n as u128) >> 64) as u64
    }

    /// Uniform in `lo..=hi` (`lo <= hi`, span below 2^63).
    pub(super) fn between(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo) as u64 + 1) as i64
    }
}

/// Rounds to 2 decimals, halves away from zero, with IEEE basic
/// operations only (what `libm::round(v * 100.0) / 100.0` gives, faster;
/// a zero comes out as +0.0). Two forms, bit-identical (tested): each is
/// the cheaper where it is used.
#[inline(always)]
pub(super) fn round_cents(v: f64) -> f64 {
    if cfg!(target_arch = "wasm32") {
        round_cents_by_trunc(v)
    } else {
        round_cents_by_int(v)
    }
}

/// `round_cents` for wasm: there truncation is one instruction
/// (`f64.trunc`; x86-64's baseline has none, `f64::trunc` is a libm call).
#[inline(always)]
pub(super) fn round_cents_by_trunc(v: f64) -> f64 {
    let y = v * 100.0;
    // Beyond 2^52 y is an integer: t = y, d = 0.
    let t = y.trunc();
    let d = y - t; // exact
                   // The step away from zero as integer arithmetic, not branches: in wasm
                   // they stayed branches, mispredicted on about half the readings. A
                   // step of 0 also makes a -0.0 (from y in (-1, 0)) +0.0.
    let r = t + ((d >= 0.5) as i32 - (d <= -0.5) as i32) as f64;
    r / 100.0
}

/// `round_cents` natively: truncation through an integer below 2^52
/// (beyond it every f64 is an integer already).
#[inline(always)]
pub(super) fn round_cents_by_int(v: f64) -> f64 {
    let y = v * 100.0;
    // (Readings are finite: validation bounds every term.)
    if libm::fabs(y) >= 4_503_599_627_370_496.0 {
        return y / 100.0;
    }
    let t = y as i64; // towards zero, exact
    let f = t as f64;
    // Branch-free, as above (natively too: about 12 % less time).
    let r = t + (y - f >= 0.5) as i64 - (f - y >= 0.5) as i64;
    r as f64 / 100.0
}

/// The integer part of `x` in `[0, 2^63)`, exactly: one `f64.trunc` in
/// wasm, a round trip through i64 natively (see `round_cents_by_trunc`).
#[inline(always)]
pub(super) fn trunc_non_negative(x: f64) -> f64 {
    if cfg!(target_arch = "wasm32") {
        x.trunc()
    } else {
        x as i64 as f64
    }
}

/// `x * (span + 1) >> 32`: uniform in `0..=span` from 32 random bits
/// (`span < 2^32`).
#[inline(always)]
pub(super) fn scale32(bits: u64, span: u64) -> i64 {
    (((bits & 0xFFFF_FFFF) * (span + 1)) >> 32) as i64
}
