//! CRC-32 (IEEE 802.3, the one zlib, PNG and crc32fast compute): the
//! snapshot's checksum. Slice-by-8 from tables built on the stack at each
//! call (8 KB, about 2,000 steps), rather than crc32fast: its slice-by-16
//! tables are 16 KB of static data that gzip hardly shrinks, about a tenth
//! of the wasm module's budget. A snapshot is checksummed once per
//! `snapshot()` or `restore()`.

/// CRC-32 of `data` (same value as `crc32fast::hash`).
pub(crate) fn hash(data: &[u8]) -> u32 {
    // t[0] is the byte-at-a-time table; t[k][i] is i's CRC followed by k zero bytes
    let mut t = [[0u32; 256]; 8];
    for (i, e) in (0u32..).zip(t[0].iter_mut()) {
        let mut c = i;
        for _ in 0..8 {
            c = if c & 1 == 1 {
                0xedb8_8320 ^ (c >> 1)
            } else {
                c >> 1
            };
        }
        *e = c;
    }
    for k in 1..8 {
        for i in 0..256 {
            let c = t[k - 1][i];
            t[k][i] = (c >> 8) ^ t[0][(c & 0xff) as usize];
        }
    }
    let byte = |crc: u32, b: u8| t[0][((crc ^ u32::from(b)) & 0xff) as usize] ^ (crc >> 8);
    let mut crc = !0u32;
    let mut chunks = data.chunks_exact(8);
    for c in &mut chunks {
        let a = crc ^ u32::from_le_bytes([c[0], c[1], c[2], c[3]]);
        let b = u32::from_le_bytes([c[4], c[5], c[6], c[7]]);
        let at = |k: usize, x: u32, shift: u32| t[k][((x >> shift) & 0xff) as usize];
        crc = at(7, a, 0)
            ^ at(6, a, 8)
            ^ at(5, a, 16)
            ^ at(4, a, 24)
            ^ at(3, b, 0)
            ^ at(2, b, 8)
            ^ at(1, b, 16)
            ^ at(0, b, 24);
    }
    for &b in chunks.remainder() {
        crc = byte(crc, b);
    }
    !crc
}

#[cfg(test)]
mod tests {
    use super::hash;

    #[test]
    fn check_values() {
        // the CRC-32 catalogue's check value; "a" as Python's zlib.crc32 gives it
        assert_eq!(hash(b"123456789"), 0xcbf4_3926);
        assert_eq!(hash(b""), 0);
        assert_eq!(hash(b"a"), 0xe8b7_be43);
        assert_eq!(hash(b"WEIR"), crc32fast::hash(b"WEIR"));
    }

    #[test]
    fn same_as_crc32fast() {
        let mut x: u32 = 0x1234_5678;
        let data: Vec<u8> = (0..70_000)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                x as u8
            })
            .collect();
        for n in [0, 1, 2, 3, 15, 16, 17, 63, 64, 65, 1000, 4097, 70_000] {
            assert_eq!(hash(&data[..n]), crc32fast::hash(&data[..n]), "{n} bytes");
            assert_eq!(hash(&data[n / 2..n]), crc32fast::hash(&data[n / 2..n]));
        }
    }
}
