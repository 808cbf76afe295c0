//! A hash map stored as a vector of rows plus a table of `u32` row numbers.
//!
//! hashbrown keeps a map's rows in its buckets: a bucket count that is a power of two and a
//! load factor of at most 7/8 leave 13-56% of the buckets empty, each the size of a row (89
//! bytes per bucket for a pair row). [`RowTable`] keeps the rows in insertion order in chunks
//! of [`CHUNK`] rows, and hashes only their numbers: an empty bucket costs 5 bytes. The chunks
//! never grow (but the first, up to [`CHUNK`]), so there is no doubling that copies a shard's
//! rows and leaves the old block behind as freed but resident memory, and a chunk's unused
//! rows are never written. Rows past `u32::MAX - 1` (far beyond any memory this runs on) go to
//! an ordinary map instead of wrapping.
//!
//! The index is this module's own ([`Index`]: one control byte of 7 hash bits and a `u32` row
//! number per bucket, as in hashbrown, but 12 buckets with their row numbers in one cache line,
//! so a probe costs one miss instead of two) so that a caller can
//! split a lookup into steps over a batch of keys: hash and prefetch the index
//! ([`RowTable::hash`], [`RowTable::prefetch_index`]), find the likely row and prefetch it
//! ([`RowTable::prefetch_candidate`]), then look up for real ([`RowTable::upsert_hashed`]) with
//! the cache lines already on their way. hashbrown has no prefetch API.

use std::hash::Hash;

use ahash::AHashMap;

/// log2 of [`CHUNK`].
const CHUNK_BITS: u32 = 12;
/// Rows per chunk of a [`RowTable`] (360 KB of pair rows).
pub const CHUNK: usize = 1 << CHUNK_BITS;

/// Buckets of a group: a group is one cache line, 16 control bytes (12 used) and 12 row
/// numbers, so one probe reads one line.
const GROUP: usize = 12;
/// Control byte of an empty bucket (a full one holds 7 hash bits, top bit clear).
const EMPTY: u8 = 0x80;
/// The bits of a group's used buckets in a mask.
const USED: u32 = (1 << GROUP) - 1;

/// Hints the processor to fetch the cache line holding `p`. Never faults, whatever `p`.
#[inline(always)]
pub fn prefetch<T>(p: *const T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch is a hint: it reads nothing the program sees and never faults, even
    // for an address outside any allocation. SSE is part of the x86_64 baseline.
    unsafe {
        core::arch::x86_64::_mm_prefetch::<{ core::arch::x86_64::_MM_HINT_T0 }>(p.cast::<i8>());
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}

/// The control byte of a hash: its top 7 bits.
#[inline]
fn tag(h: u64) -> u8 {
    (h >> 57) as u8
}

/// Buckets of a group whose control byte is `t` (one bit each, bucket 0 lowest), and those
/// that are empty. SSE2 (part of the x86_64 baseline): a compare and a byte mask each.
#[cfg(target_arch = "x86_64")]
#[inline]
fn masks(ctrl: &[u8; 16], t: u8) -> (u32, u32) {
    use core::arch::x86_64::{_mm_cmpeq_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_set1_epi8};
    // SAFETY: SSE2 is enabled in every x86_64 build (it is part of the baseline); the load is
    // an unaligned load of the 16 bytes `ctrl` refers to.
    let (eq, empty) = unsafe {
        let v = _mm_loadu_si128(ctrl.as_ptr().cast());
        (
            _mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(t as i8))) as u32,
            _mm_movemask_epi8(v) as u32,
        )
    };
    (eq & USED, empty & USED)
}

/// [`masks`] byte by byte, where SSE2 is not at hand.
#[cfg(not(target_arch = "x86_64"))]
#[inline]
fn masks(ctrl: &[u8; 16], t: u8) -> (u32, u32) {
    let (mut eq, mut empty) = (0, 0);
    for (i, &c) in ctrl.iter().take(GROUP).enumerate() {
        eq |= u32::from(c == t) << i;
        empty |= u32::from(c == EMPTY) << i;
    }
    (eq, empty)
}

/// Bucket in its group of the lowest bit of a mask.
#[inline]
fn lowest(bits: u32) -> usize {
    bits.trailing_zeros() as usize
}

/// One cache line of an [`Index`].
#[derive(Debug, Clone, Copy)]
#[repr(C, align(64))]
struct Group {
    /// Control bytes: 7 hash bits of the bucket's key, or [`EMPTY`]; the last 4 are unused.
    ctrl: [u8; 16],
    /// Row numbers.
    slots: [u32; GROUP],
}

const EMPTY_GROUP: Group = Group {
    ctrl: [EMPTY; 16],
    slots: [0; GROUP],
};

/// An open-addressing table of `u32` row numbers in groups of `GROUP` buckets, one cache
/// line each (a control byte of 7 hash bits or `EMPTY` and a row number per bucket: 5.3
/// bytes a bucket), groups probed by triangular steps, at most 7/8 full. Rows are never
/// removed, so the first group with an empty bucket ends every probe.
#[derive(Debug, Clone, Default)]
pub struct Index {
    groups: Vec<Group>,
    items: usize,
}

impl Index {
    /// Buckets (0 or [`GROUP`] times a power of two).
    #[inline]
    fn buckets(&self) -> usize {
        self.groups.len() * GROUP
    }

    /// Keys it can hold before growing.
    fn capacity(&self) -> usize {
        self.buckets() / 8 * 7
    }

    /// [`masks`] of group `g` (none matching, all empty when out of range).
    #[inline]
    fn masks(&self, g: usize, t: u8) -> (u32, u32) {
        self.groups.get(g).map_or((0, USED), |x| masks(&x.ctrl, t))
    }

    /// First group of hash `h`.
    #[inline]
    fn start(&self, h: u64) -> usize {
        (h as usize) & self.groups.len().wrapping_sub(1)
    }

    /// Prefetches the first group of hash `h`.
    #[inline]
    fn prefetch(&self, h: u64) {
        if !self.groups.is_empty() {
            prefetch(self.groups.as_ptr().wrapping_add(self.start(h)));
        }
    }

    /// The first row number of hash `h`'s first group whose tag matches, if any; `None` as
    /// well when the group says the key is absent.
    #[inline]
    fn candidate(&self, h: u64) -> Option<u32> {
        let g = self.groups.get(self.start(h))?;
        let (m, _) = masks(&g.ctrl, tag(h));
        if m == 0 {
            return None;
        }
        g.slots.get(lowest(m)).copied()
    }

    /// Does hash `h`'s first group say that its key is absent?
    #[inline]
    fn surely_absent(&self, h: u64) -> bool {
        let (m, e) = self.masks(self.start(h), tag(h));
        m == 0 && e != 0
    }

    /// The row number of hash `h` for which `eq` holds, or the bucket to insert it at
    /// (`Err(None)` when the index has no bucket).
    #[inline]
    fn find(&self, h: u64, mut eq: impl FnMut(u32) -> bool) -> Result<u32, Option<usize>> {
        let n = self.groups.len();
        if n == 0 {
            return Err(None);
        }
        let t = tag(h);
        let mut g = self.start(h);
        let mut stride = 0;
        loop {
            let Some(grp) = self.groups.get(g) else {
                return Err(None);
            };
            let (mut m, e) = masks(&grp.ctrl, t);
            while m != 0 {
                if let Some(&r) = grp.slots.get(lowest(m))
                    && eq(r)
                {
                    return Ok(r);
                }
                m &= m - 1;
            }
            if e != 0 {
                return Err(Some(g * GROUP + lowest(e)));
            }
            stride += 1;
            if stride > n {
                // Unreachable at 7/8 load: every probe meets an empty bucket.
                return Err(None);
            }
            g = (g + stride) & (n - 1);
        }
    }

    /// The first empty bucket of hash `h`'s probe sequence (the index must have one).
    #[inline]
    fn free_bucket(&self, h: u64) -> Option<usize> {
        let n = self.groups.len();
        let mut g = self.start(h);
        let mut stride = 0;
        while stride <= n {
            let (_, e) = self.masks(g, EMPTY);
            if e != 0 {
                return Some(g * GROUP + lowest(e));
            }
            stride += 1;
            g = (g + stride) & n.wrapping_sub(1);
        }
        None
    }

    /// Writes row `r` of hash `h` into bucket `at`.
    #[inline]
    fn set(&mut self, at: usize, h: u64, r: u32) -> bool {
        let (g, i) = (at / GROUP, at % GROUP);
        match self.groups.get_mut(g) {
            Some(grp) => match (grp.ctrl.get_mut(i), grp.slots.get_mut(i)) {
                (Some(c), Some(s)) => {
                    *c = tag(h);
                    *s = r;
                    self.items += 1;
                    true
                }
                _ => false,
            },
            None => false,
        }
    }

    /// An empty index of at least `buckets` buckets.
    fn with_buckets(buckets: usize) -> Index {
        let n = buckets.div_ceil(GROUP).max(1).next_power_of_two();
        Index {
            groups: vec![EMPTY_GROUP; n],
            items: 0,
        }
    }

    /// Bytes allocated.
    fn allocation_size(&self) -> usize {
        self.groups.capacity() * std::mem::size_of::<Group>()
    }
}

/// How a [`RowTable`] stores one (key, value) row: `(K, V)` by default; a table whose rows
/// should each sit in one cache line stores a type of its own with a larger alignment.
pub trait Row<K, V> {
    /// The row of `key` and `value`.
    fn new(key: K, value: V) -> Self;
    /// Its key.
    fn key(&self) -> &K;
    /// Its value.
    fn value(&self) -> &V;
    /// Its value, to change.
    fn value_mut(&mut self) -> &mut V;
    /// Its key and value.
    fn into_pair(self) -> (K, V);
}

impl<K, V> Row<K, V> for (K, V) {
    #[inline]
    fn new(key: K, value: V) -> Self {
        (key, value)
    }
    #[inline]
    fn key(&self) -> &K {
        &self.0
    }
    #[inline]
    fn value(&self) -> &V {
        &self.1
    }
    #[inline]
    fn value_mut(&mut self) -> &mut V {
        &mut self.1
    }
    #[inline]
    fn into_pair(self) -> (K, V) {
        self
    }
}

/// A map from `K` to `V`: rows (of type `R`) in chunks (insertion order), an [`Index`] of
/// row numbers.
#[derive(Debug, Clone)]
pub struct RowTable<K, V, R = (K, V)> {
    /// Chunks of rows: every chunk but the last holds [`CHUNK`] rows.
    chunks: Vec<Vec<R>>,
    /// Rows in `chunks`.
    rows: usize,
    index: Index,
    /// Rows whose number would not fit the index.
    spill: AHashMap<K, V>,
    hasher: ahash::RandomState,
}

impl<K, V, R> Default for RowTable<K, V, R> {
    fn default() -> Self {
        RowTable {
            chunks: Vec::new(),
            rows: 0,
            index: Index::default(),
            spill: AHashMap::new(),
            hasher: ahash::RandomState::new(),
        }
    }
}

/// Most rows a table numbers (row numbers are `u32`; larger tables spill to a map).
const MAX_ROWS: usize = u32::MAX as usize - 1;

impl<K: Hash + Eq + Copy, V: Default, R: Row<K, V>> RowTable<K, V, R> {
    /// The value of `key`, inserted as `V::default()` when absent; the flag says whether it was.
    #[inline]
    pub fn entry(&mut self, key: K) -> (&mut V, bool) {
        let h = self.hash(&key);
        let (_, v, new) = self.upsert_hashed(h, key, V::default);
        (v, new)
    }

    /// The hash of `key` in this table (for the `_hashed` calls and the prefetches).
    #[inline]
    pub fn hash(&self, key: &K) -> u64 {
        self.hasher.hash_one(key)
    }

    /// Prefetches the index buckets where a key of hash `h` starts its probe.
    #[inline]
    pub fn prefetch_index(&self, h: u64) {
        self.index.prefetch(h);
    }

    /// Prefetches the row a key of hash `h` most likely has (reading the index buckets,
    /// best prefetched first). Answers whether the key is certainly absent.
    #[inline]
    pub fn prefetch_candidate(&self, h: u64) -> bool {
        match self.index.candidate(h) {
            Some(r) => {
                self.prefetch_row(r);
                false
            }
            None => self.index.buckets() == 0 || self.index.surely_absent(h),
        }
    }

    /// Prefetches row `r` (both ends, unless its alignment keeps it in one cache line).
    #[inline]
    pub fn prefetch_row(&self, r: u32) {
        let (c, i) = split(r);
        if let Some(c) = self.chunks.get(c) {
            let p = c.as_ptr().wrapping_add(i);
            prefetch(p);
            // A row aligned to its size (up to a line) is in one line.
            if std::mem::align_of::<R>() < std::mem::size_of::<R>() || std::mem::size_of::<R>() > 64
            {
                prefetch(p.cast::<u8>().wrapping_add(std::mem::size_of::<R>() - 1));
            }
        }
    }

    /// The value of `key` (of hash `h`, from [`RowTable::hash`]), inserted as `make()` when
    /// absent; also its row number (`u32::MAX` for a spilled row) and whether it was inserted.
    #[inline]
    pub fn upsert_hashed(
        &mut self,
        h: u64,
        key: K,
        make: impl FnOnce() -> V,
    ) -> (u32, &mut V, bool) {
        let chunks = &self.chunks;
        let found = self
            .index
            .find(h, |r| row(chunks, r).is_some_and(|r| *r.key() == key));
        let (at, new) = match found {
            Ok(r) => (r, false),
            Err(bucket) => {
                if self.rows >= MAX_ROWS {
                    return self.spilled(key, make);
                }
                let bucket = match bucket {
                    Some(b) if self.index.items < self.index.capacity() => Some(b),
                    _ => {
                        self.grow(1);
                        self.index.free_bucket(h)
                    }
                };
                let n = self.rows as u32;
                if !bucket.is_some_and(|b| self.index.set(b, h, n)) {
                    // Unreachable: a grown index has a free bucket.
                    return self.spilled(key, make);
                }
                match self.chunks.last_mut() {
                    Some(c) if c.len() < CHUNK => c.push(R::new(key, make())),
                    Some(_) => {
                        let mut c = Vec::with_capacity(CHUNK);
                        c.push(R::new(key, make()));
                        self.chunks.push(c);
                    }
                    None => self.chunks.push(vec![R::new(key, make())]),
                }
                self.rows += 1;
                (n, true)
            }
        };
        let (c, i) = split(at);
        match self.chunks.get_mut(c).and_then(|c| c.get_mut(i)) {
            Some(r) => (at, r.value_mut(), new),
            // Unreachable: every number in the index is a row's. Answer from the spill map
            // rather than panic.
            None => (u32::MAX, self.spill.entry(key).or_default(), new),
        }
    }

    /// `key`'s value in the spill map, inserted as `make()` when absent.
    fn spilled(&mut self, key: K, make: impl FnOnce() -> V) -> (u32, &mut V, bool) {
        let new = !self.spill.contains_key(&key);
        (u32::MAX, self.spill.entry(key).or_insert_with(make), new)
    }

    /// Rebuilds the index with room for `additional` more keys (at least twice the buckets),
    /// reading the rows in order to hash them again.
    fn grow(&mut self, additional: usize) {
        let want = (self.rows + additional).min(MAX_ROWS);
        let mut buckets = (self.index.buckets() * 2).max(GROUP * 2);
        while buckets / 8 * 7 < want {
            buckets *= 2;
        }
        let mut index = Index::with_buckets(buckets);
        for (n, r) in (0u32..).zip(self.chunks.iter().flatten()) {
            let h = self.hasher.hash_one(r.key());
            if let Some(b) = index.free_bucket(h) {
                index.set(b, h, n);
            }
        }
        self.index = index;
    }

    /// The key of row number `r` (as [`RowTable::upsert_hashed`] answered it), if any.
    #[inline]
    pub fn key_at(&self, r: u32) -> Option<&K> {
        row(&self.chunks, r).map(R::key)
    }

    /// The row number of `key`, if it has a row (a spilled key has none).
    pub fn row_of(&self, key: &K) -> Option<u32> {
        let h = self.hash(key);
        let chunks = &self.chunks;
        self.index
            .find(h, |r| row(chunks, r).is_some_and(|r| r.key() == key))
            .ok()
    }

    /// The value of `key`, if present.
    pub fn get(&self, key: &K) -> Option<&V> {
        let h = self.hash(key);
        self.get_hashed(h, key)
    }

    /// The value of `key` of hash `h` (from [`RowTable::hash`]), if present.
    #[inline]
    pub fn get_hashed(&self, h: u64, key: &K) -> Option<&V> {
        let chunks = &self.chunks;
        match self
            .index
            .find(h, |r| row(chunks, r).is_some_and(|r| r.key() == key))
        {
            Ok(r) => row(chunks, r).map(|r| r.value()),
            Err(_) => self.spill.get(key),
        }
    }

    /// The value of `key`, if present, to change.
    pub fn get_mut(&mut self, key: &K) -> Option<&mut V> {
        let h = self.hash(key);
        let chunks = &self.chunks;
        match self
            .index
            .find(h, |r| row(chunks, r).is_some_and(|r| r.key() == key))
        {
            Ok(i) => {
                let (c, r) = split(i);
                self.chunks.get_mut(c)?.get_mut(r).map(|r| r.value_mut())
            }
            Err(_) => self.spill.get_mut(key),
        }
    }

    /// Makes room in the index for `additional` more keys without growing it.
    pub fn reserve(&mut self, additional: usize) {
        if self.index.items + additional > self.index.capacity() {
            self.grow(additional);
        }
    }

    /// Inserts `value` under `key`, or when `key` is present, combines it into the value held.
    pub fn insert_or(&mut self, key: K, value: V, combine: impl FnOnce(&mut V, &V)) {
        let mut value = Some(value);
        let h = self.hash(&key);
        let (_, v, new) = self.upsert_hashed(h, key, || value.take().unwrap_or_default());
        if !new && let Some(o) = value {
            combine(v, &o);
        }
    }

    /// Number of keys.
    pub fn len(&self) -> usize {
        self.rows + self.spill.len()
    }

    /// No key?
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Every row, in insertion order (spilled rows last, in no particular order). Each chunk
    /// is freed once read.
    pub fn into_rows(self) -> impl Iterator<Item = (K, V)> {
        let RowTable {
            chunks,
            index,
            spill,
            ..
        } = self;
        drop(index);
        chunks
            .into_iter()
            .flat_map(|c| c.into_iter().map(R::into_pair))
            .chain(spill)
    }

    /// Every row, by reference (same order as [`RowTable::into_rows`]).
    pub fn iter(&self) -> impl Iterator<Item = (&K, &V)> {
        self.chunks
            .iter()
            .flatten()
            .map(|r| (r.key(), r.value()))
            .chain(self.spill.iter())
    }

    /// Heap bytes held: the row chunks' capacity, the index's allocation, and the spilled
    /// rows estimated as hashbrown sizes them.
    pub fn heap_bytes(&self) -> usize {
        let spill = if self.spill.capacity() == 0 {
            0
        } else {
            (self.spill.capacity() * 8 / 7).next_power_of_two()
                * (std::mem::size_of::<(K, V)>() + 1)
        };
        let rows: usize = self.chunks.iter().map(|c| c.capacity()).sum();
        rows * std::mem::size_of::<R>()
            + self.chunks.capacity() * std::mem::size_of::<Vec<R>>()
            + self.index.allocation_size()
            + spill
    }
}

/// (chunk, row in chunk) of row number `i`.
#[inline]
fn split(i: u32) -> (usize, usize) {
    ((i >> CHUNK_BITS) as usize, (i as usize) & (CHUNK - 1))
}

/// Row number `i` of `chunks`.
#[inline]
fn row<R>(chunks: &[Vec<R>], i: u32) -> Option<&R> {
    let (c, r) = split(i);
    chunks.get(c)?.get(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A row table answers what a hash map does, through growth and repeated keys.
    #[test]
    fn row_table_equals_hash_map() {
        let mut t: RowTable<u64, u64> = RowTable::default();
        let mut m: AHashMap<u64, u64> = AHashMap::new();
        let mut x = 11u64;
        for i in 0..50_000u64 {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let k = (x >> 40) % 7_000;
            let (v, new) = t.entry(k);
            assert_eq!(new, !m.contains_key(&k));
            *v += i;
            *m.entry(k).or_default() += i;
            if i % 3 == 0 {
                t.insert_or(k + 10_000, i, |a, b| *a = (*a).max(*b));
                let e = m.entry(k + 10_000).or_insert(i);
                *e = (*e).max(i);
            }
        }
        assert_eq!(t.len(), m.len());
        assert!(!t.is_empty() && t.heap_bytes() >= t.len() * 16);
        let mut by_ref: Vec<(u64, u64)> = t.iter().map(|(k, v)| (*k, *v)).collect();
        let mut rows: Vec<(u64, u64)> = t.clone().into_rows().collect();
        let mut want: Vec<(u64, u64)> = m.into_iter().collect();
        assert_eq!(by_ref, rows);
        by_ref.sort_unstable();
        rows.sort_unstable();
        want.sort_unstable();
        assert_eq!(rows, want);
        assert_eq!(by_ref, want);
    }

    /// `get`, `get_mut` and `reserve` agree with `entry`.
    #[test]
    fn get_and_reserve() {
        let mut t: RowTable<u64, u32> = RowTable::default();
        t.reserve(10_000);
        for k in 0..9_000u64 {
            *t.entry(k * 7).0 = k as u32;
        }
        for k in 0..9_000u64 {
            assert_eq!(t.get(&(k * 7)), Some(&(k as u32)));
            assert_eq!(t.get(&(k * 7 + 1)), None);
        }
        if let Some(v) = t.get_mut(&14) {
            *v = 99;
        }
        assert!(t.get_mut(&15).is_none());
        assert_eq!(t.get(&14), Some(&99));
    }

    proptest::proptest! {
        /// Any sequence of inserts, prefetches and lookups through the hashed steps (keys from
        /// a small range, so probes meet equal tags and tables grow mid-sequence) answers what
        /// a hash map does, and the rows stay in first-insertion order.
        #[test]
        fn hashed_steps_equal_hash_map(
            ops in proptest::collection::vec((0u64..3_000, 0u8..4), 1..4_000),
            reserve in 0usize..2_000,
        ) {
            let mut t: RowTable<u64, u64> = RowTable::default();
            t.reserve(reserve);
            let mut m: AHashMap<u64, u64> = AHashMap::new();
            let mut order: Vec<u64> = Vec::new();
            for (i, &(k, op)) in ops.iter().enumerate() {
                let h = t.hash(&k);
                t.prefetch_index(h);
                let absent = t.prefetch_candidate(h);
                if absent {
                    proptest::prop_assert!(!m.contains_key(&k));
                }
                match op {
                    0 | 1 => {
                        let (r, v, new) = t.upsert_hashed(h, k, || 7);
                        proptest::prop_assert_eq!(new, !m.contains_key(&k));
                        *v += i as u64;
                        let e = m.entry(k).or_insert(7);
                        *e += i as u64;
                        if new {
                            proptest::prop_assert_eq!(r as usize, order.len());
                            order.push(k);
                        }
                        t.prefetch_row(r);
                    }
                    2 => proptest::prop_assert_eq!(t.get_hashed(h, &k), m.get(&k)),
                    _ => proptest::prop_assert_eq!(t.get(&(k + 5_000)), None),
                }
            }
            proptest::prop_assert_eq!(t.len(), m.len());
            let rows: Vec<(u64, u64)> = t.into_rows().collect();
            let keys: Vec<u64> = rows.iter().map(|r| r.0).collect();
            proptest::prop_assert_eq!(keys, order);
            for (k, v) in rows {
                proptest::prop_assert_eq!(m.get(&k), Some(&v));
            }
        }
    }

    /// The group masks flag every equal used byte, every empty used byte, no unused one.
    #[test]
    fn group_masks() {
        assert_eq!(std::mem::size_of::<Group>(), 64);
        for t in 0..128u8 {
            for pos in 0..16 {
                let mut bytes = [EMPTY; 16];
                bytes[pos] = t;
                let (m, e) = masks(&bytes, t);
                if pos < GROUP {
                    assert_eq!(m, 1 << pos);
                    assert_eq!(e, USED & !(1 << pos));
                } else {
                    assert_eq!((m, e), (0, USED));
                }
                assert_eq!(masks(&bytes, t ^ 1).0, 0);
            }
        }
    }

    /// Rows stay in insertion order.
    #[test]
    fn rows_keep_insertion_order() {
        let mut t: RowTable<u32, ()> = RowTable::default();
        for k in [5, 3, 9, 3, 5, 1] {
            t.entry(k);
        }
        let keys: Vec<u32> = t.into_rows().map(|(k, _)| k).collect();
        assert_eq!(keys, vec![5, 3, 9, 1]);
    }
}
