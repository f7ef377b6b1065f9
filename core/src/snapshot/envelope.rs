//! The envelope every snapshot is sealed in (magic, version, total length,
//! trailing CRC32) and the little-endian reader and writer the codecs use.
//! Every read is checked against the bytes left, so no input panics.

use super::{err, FORMAT_VERSION, MAGIC};
use crate::aggregate::Agg;
use crate::error::Result;
use crate::time::{Time, MAX_ABS_TIME};
use crate::window::Window;

/// Magic, version and total length.
pub(super) const HEADER_LEN: usize = 4 + 2 + 8;
/// The trailing CRC32.
const CRC_LEN: usize = 4;
/// Encoded size of an [`Agg`].
pub(super) const AGG_LEN: usize = 8 * 6;
/// Bound on stored slice and window times: event times are within +/-2^53
/// and gaps, sizes and slides at most 2^53, so every real bound is within
/// +/-2^55; anything beyond is corrupt (and could overflow arithmetic).
const MAX_STORED_TIME: i64 = 4 * MAX_ABS_TIME;

/// Appends little-endian values.
pub(super) struct Writer {
    pub(super) buf: Vec<u8>,
}

impl Writer {
    pub(super) fn u8(&mut self, v: u8) {
        self.buf.push(v);
    }
    pub(super) fn u16(&mut self, v: u16) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }
    pub(super) fn u32(&mut self, v: u32) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }
    pub(super) fn u64(&mut self, v: u64) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }
    pub(super) fn i64(&mut self, v: i64) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }
    pub(super) fn f64(&mut self, v: f64) {
        self.u64(v.to_bits());
    }
    pub(super) fn len(&mut self, n: usize) {
        self.u64(n as u64);
    }
    pub(super) fn agg(&mut self, a: &Agg) {
        let (count, f) = a.to_parts();
        self.u64(count);
        for x in f {
            self.f64(x);
        }
    }
    pub(super) fn window(&mut self, w: &Window) {
        self.i64(w.start);
        self.i64(w.end);
    }
}

impl Writer {
    /// A writer with the header written (the length is patched by `seal`).
    pub(super) fn start() -> Writer {
        let mut w = Writer {
            buf: Vec::with_capacity(256),
        };
        w.buf.extend_from_slice(&MAGIC);
        w.u16(FORMAT_VERSION);
        w.u64(0);
        w
    }

    /// Patches the total length in and appends the checksum.
    pub(super) fn seal(mut self) -> Vec<u8> {
        let total = (self.buf.len() + CRC_LEN) as u64;
        self.buf[6..HEADER_LEN].copy_from_slice(&total.to_le_bytes());
        let crc = crc32fast::hash(&self.buf);
        self.u32(crc);
        self.buf
    }
}

/// Reads the body, every read checked against the bytes left.
pub(super) struct Reader<'a> {
    pub(super) buf: &'a [u8],
    pub(super) pos: usize,
}

impl<'a> Reader<'a> {
    pub(super) fn take(&mut self, n: usize, what: &str) -> Result<&'a [u8]> {
        let s = self
            .pos
            .checked_add(n)
            .and_then(|end| self.buf.get(self.pos..end))
            .ok_or_else(|| err(format!("truncated at byte {} (reading {what})", self.pos)))?;
        self.pos += n;
        Ok(s)
    }
    pub(super) fn arr<const N: usize>(&mut self, what: &str) -> Result<[u8; N]> {
        let s = self.take(N, what)?;
        let mut a = [0u8; N];
        a.copy_from_slice(s);
        Ok(a)
    }
    pub(super) fn u8(&mut self, what: &str) -> Result<u8> {
        Ok(self.arr::<1>(what)?[0])
    }
    pub(super) fn u32(&mut self, what: &str) -> Result<u32> {
        Ok(u32::from_le_bytes(self.arr(what)?))
    }
    pub(super) fn u64(&mut self, what: &str) -> Result<u64> {
        Ok(u64::from_le_bytes(self.arr(what)?))
    }
    pub(super) fn i64(&mut self, what: &str) -> Result<i64> {
        Ok(i64::from_le_bytes(self.arr(what)?))
    }
    pub(super) fn f64(&mut self, what: &str) -> Result<f64> {
        Ok(f64::from_bits(self.u64(what)?))
    }
    /// The next key of a key table. Tables are written in increasing key
    /// order, so a repeated or reordered key means a corrupt snapshot.
    pub(super) fn key_after(&mut self, prev: &mut Option<u32>) -> Result<u32> {
        let at = self.pos;
        let key = self.u32("key")?;
        if prev.is_some_and(|p| p >= key) {
            return Err(err(format!(
                "key {key} at byte {at} is not in increasing key order"
            )));
        }
        *prev = Some(key);
        Ok(key)
    }
    pub(super) fn remaining(&self) -> usize {
        self.buf.len().saturating_sub(self.pos)
    }
    /// A count of items of at least `item_len` bytes each, checked against the
    /// bytes left before anything is allocated for them.
    pub(super) fn count(&mut self, item_len: usize, what: &str) -> Result<usize> {
        let at = self.pos;
        let n = self.u64(what)?;
        let fits = usize::try_from(n)
            .ok()
            .and_then(|n| n.checked_mul(item_len))
            .is_some_and(|bytes| bytes <= self.remaining());
        if !fits {
            return Err(err(format!(
                "{what} = {n} at byte {at} is more than the {} bytes left can hold",
                self.remaining()
            )));
        }
        Ok(n as usize)
    }
    /// A stored time, bounded so that window arithmetic cannot overflow.
    pub(super) fn time(&mut self, what: &str) -> Result<Time> {
        let at = self.pos;
        let t = self.i64(what)?;
        if (-MAX_STORED_TIME..=MAX_STORED_TIME).contains(&t) {
            Ok(t)
        } else {
            Err(err(format!("{what} = {t} at byte {at} is out of range")))
        }
    }
    pub(super) fn window(&mut self, what: &str) -> Result<Window> {
        let at = self.pos;
        let start = self.time(what)?;
        let end = self.time(what)?;
        if start < end {
            Ok(Window { start, end })
        } else {
            Err(err(format!(
                "{what} [{start}, {end}) at byte {at} is empty or reversed"
            )))
        }
    }
    /// An aggregate that adding values could have given (see
    /// `Agg::malformed`): at least one value, finite min <= max, ...
    pub(super) fn agg(&mut self, what: &str) -> Result<Agg> {
        let at = self.pos;
        let count = self.u64(what)?;
        let mut f = [0.0; 5];
        for x in f.iter_mut() {
            *x = self.f64(what)?;
        }
        let agg = Agg::from_parts(count, f);
        match agg.malformed() {
            None => Ok(agg),
            Some(why) => Err(err(format!("{what} at byte {at} has {why}"))),
        }
    }
}

/// Checks the envelope (magic, version, length, checksum); returns the body
/// (everything between the header and the checksum).
pub(super) fn open(bytes: &[u8]) -> Result<&[u8]> {
    let magic_len = bytes.len().min(MAGIC.len());
    if bytes.get(..magic_len) != MAGIC.get(..magic_len) {
        return Err(err("not a Weir snapshot (bad magic)"));
    }
    if bytes.len() < HEADER_LEN {
        return Err(err(format!(
            "truncated at byte {} (the header has {HEADER_LEN} bytes)",
            bytes.len()
        )));
    }
    let mut r = Reader {
        buf: bytes,
        pos: MAGIC.len(),
    };
    let version = u16::from_le_bytes(r.arr("version")?);
    if !(1..=FORMAT_VERSION).contains(&version) {
        return Err(err(format!(
            "unsupported snapshot version {version} (this build reads versions 1 to {FORMAT_VERSION})"
        )));
    }
    let total = r.u64("total length")?;
    let min_total = (HEADER_LEN + CRC_LEN) as u64;
    if total < min_total {
        return Err(err(format!(
            "declared length {total} is shorter than the smallest snapshot ({min_total} bytes)"
        )));
    }
    let len = bytes.len() as u64;
    if len < total {
        return Err(err(format!(
            "truncated at byte {len} (the snapshot declares {total} bytes)"
        )));
    }
    if len > total {
        return Err(err(format!(
            "{} trailing bytes after the {total}-byte snapshot",
            len - total
        )));
    }
    let split = bytes.len() - CRC_LEN;
    let (data, crc) = bytes.split_at(split);
    let mut c = [0u8; 4];
    c.copy_from_slice(crc);
    let stored = u32::from_le_bytes(c);
    let computed = crc32fast::hash(data);
    if stored != computed {
        return Err(err(format!(
            "checksum mismatch (stored {stored:#010x}, computed {computed:#010x})"
        )));
    }
    data.get(HEADER_LEN..)
        .ok_or_else(|| err("truncated header"))
}
