//! CRC-32 (IEEE 802.3, the one zlib, PNG and crc32fast compute): the
//! snapshot's checksum. A byte at a time from a table built on the stack,
//! rather than crc32fast: its slice-by-16 tables are 16 KB of data that
//! gzip hardly shrinks, about a tenth of the wasm module's budget, and a
//! snapshot is checksummed once per `snapshot()` or `restore()`.

/// CRC-32 of `data` (same value as `crc32fast::hash`).
pub(crate) fn hash(data: &[u8]) -> u32 {
    let mut table = [0u32; 256];
    for (i, t) in (0u32..).zip(table.iter_mut()) {
        let mut c = i;
        for _ in 0..8 {
            c = if c & 1 == 1 {
                0xedb8_8320 ^ (c >> 1)
            } else {
                c >> 1
            };
        }
        *t = c;
    }
    let mut crc = !0u32;
    for &b in data {
        crc = table[((crc ^ u32::from(b)) & 0xff) as usize] ^ (crc >> 8);
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
