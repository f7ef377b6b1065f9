//! A heapsort for the sorts off the hot path (snapshots, open windows,
//! anomalies, the simulator's rows when too spread for its counting sort):
//! each of std's sorts is several kilobytes of wasm per element type, this
//! is a few hundred bytes.

/// Sorts `v` ascending by `key`. Not stable: every caller's keys are
/// unique, so the order is the one any sort gives.
pub(crate) fn sort_by_key<T, K: Ord>(v: &mut [T], key: impl Fn(&T) -> K) {
    let less = |v: &[T], a: usize, b: usize| key(&v[a]) < key(&v[b]);
    let sift = |v: &mut [T], mut root: usize, end: usize| loop {
        let mut child = 2 * root + 1;
        if child >= end {
            break;
        }
        if child + 1 < end && less(v, child, child + 1) {
            child += 1;
        }
        if !less(v, root, child) {
            break;
        }
        v.swap(root, child);
        root = child;
    };
    let n = v.len();
    for i in (0..n / 2).rev() {
        sift(v, i, n);
    }
    for end in (1..n).rev() {
        v.swap(0, end);
        sift(v, 0, end);
    }
}

#[cfg(test)]
mod tests {
    use super::sort_by_key;

    #[test]
    fn sorts_like_std_on_unique_keys() {
        let mut seed = 0x9E37_79B9_7F4A_7C15_u64;
        for n in [0usize, 1, 2, 3, 7, 64, 257] {
            let mut v: Vec<(i64, u32)> = (0..n)
                .map(|i| {
                    seed = seed
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    ((seed >> 40) as i64 - (1 << 23), i as u32)
                })
                .collect();
            let mut want = v.clone();
            want.sort();
            sort_by_key(&mut v, |&p| p);
            assert_eq!(v, want, "n = {n}");
        }
        let mut v = vec![5, 3, 9, 1];
        sort_by_key(&mut v, |&x| std::cmp::Reverse(x));
        assert_eq!(v, [9, 5, 3, 1]);
    }
}
