//! A hash map stored as a vector of rows plus a table of `u32` row numbers.
//!
//! hashbrown keeps a map's rows in its buckets: a bucket count that is a power of two and a
//! load factor of at most 7/8 leave 13-56% of the buckets empty, each the size of a row (89
//! bytes per bucket for a pair row). [`RowTable`] keeps the rows in insertion order in chunks
//! of [`CHUNK`] rows, and hashes only their numbers: an empty bucket costs 5 bytes. The chunks
//! never grow (but the first, up to [`CHUNK`]), so there is no doubling that copies a shard's
//! rows and leaves the old block behind as freed but resident memory, and a chunk's unused
//! rows are never written. Rows past `u32::MAX` (far beyond any memory this runs on) go to an
//! ordinary map instead of wrapping.

use std::hash::Hash;

use ahash::AHashMap;
use hashbrown::HashTable;
use hashbrown::hash_table::Entry;

/// log2 of [`CHUNK`].
const CHUNK_BITS: u32 = 12;
/// Rows per chunk of a [`RowTable`] (360 KB of pair rows).
pub const CHUNK: usize = 1 << CHUNK_BITS;

/// A map from `K` to `V`: rows in chunks (insertion order), a hash table of row numbers.
#[derive(Debug, Clone)]
pub struct RowTable<K, V> {
    /// Chunks of rows: every chunk but the last holds [`CHUNK`] rows.
    chunks: Vec<Vec<(K, V)>>,
    /// Rows in `chunks`.
    rows: usize,
    index: HashTable<u32>,
    /// Rows whose number would not fit a `u32`.
    spill: AHashMap<K, V>,
    hasher: ahash::RandomState,
}

impl<K, V> Default for RowTable<K, V> {
    fn default() -> Self {
        RowTable {
            chunks: Vec::new(),
            rows: 0,
            index: HashTable::new(),
            spill: AHashMap::new(),
            hasher: ahash::RandomState::new(),
        }
    }
}

impl<K: Hash + Eq + Copy, V: Default> RowTable<K, V> {
    /// The value of `key`, inserted as `V::default()` when absent; the flag says whether it was.
    #[inline]
    pub fn entry(&mut self, key: K) -> (&mut V, bool) {
        self.upsert(key, V::default)
    }

    /// The value of `key`, inserted as `make()` when absent; the flag says whether it was.
    #[inline]
    fn upsert(&mut self, key: K, make: impl FnOnce() -> V) -> (&mut V, bool) {
        let hasher = &self.hasher;
        let chunks = &self.chunks;
        let h = hasher.hash_one(key);
        let entry = self.index.entry(
            h,
            |&i| row(chunks, i).is_some_and(|r| r.0 == key),
            |&i| row(chunks, i).map_or(0, |r| hasher.hash_one(r.0)),
        );
        let (at, new) = match entry {
            Entry::Occupied(e) => (*e.get(), false),
            Entry::Vacant(e) => match u32::try_from(self.rows) {
                Ok(n) if n < u32::MAX => {
                    e.insert(n);
                    match self.chunks.last_mut() {
                        Some(c) if c.len() < CHUNK => c.push((key, make())),
                        Some(_) => {
                            let mut c = Vec::with_capacity(CHUNK);
                            c.push((key, make()));
                            self.chunks.push(c);
                        }
                        None => self.chunks.push(vec![(key, make())]),
                    }
                    self.rows += 1;
                    (n, true)
                }
                _ => {
                    let new = !self.spill.contains_key(&key);
                    return (self.spill.entry(key).or_insert_with(make), new);
                }
            },
        };
        let (c, i) = split(at);
        match self.chunks.get_mut(c).and_then(|c| c.get_mut(i)) {
            Some(r) => (&mut r.1, new),
            // Unreachable: every number in the index is a row's. Answer from the spill map
            // rather than panic.
            None => (self.spill.entry(key).or_default(), new),
        }
    }

    /// The value of `key`, if present.
    pub fn get(&self, key: &K) -> Option<&V> {
        let h = self.hasher.hash_one(key);
        let chunks = &self.chunks;
        match self
            .index
            .find(h, |&i| row(chunks, i).is_some_and(|r| r.0 == *key))
        {
            Some(&i) => row(chunks, i).map(|r| &r.1),
            None => self.spill.get(key),
        }
    }

    /// The value of `key`, if present, to change.
    pub fn get_mut(&mut self, key: &K) -> Option<&mut V> {
        let h = self.hasher.hash_one(key);
        let chunks = &self.chunks;
        match self
            .index
            .find(h, |&i| row(chunks, i).is_some_and(|r| r.0 == *key))
            .copied()
        {
            Some(i) => {
                let (c, r) = split(i);
                self.chunks.get_mut(c)?.get_mut(r).map(|r| &mut r.1)
            }
            None => self.spill.get_mut(key),
        }
    }

    /// Makes room in the index for `additional` more keys without growing it.
    pub fn reserve(&mut self, additional: usize) {
        let (hasher, chunks) = (&self.hasher, &self.chunks);
        self.index.reserve(additional, |&i| {
            row(chunks, i).map_or(0, |r| hasher.hash_one(r.0))
        });
    }

    /// Inserts `value` under `key`, or when `key` is present, combines it into the value held.
    pub fn insert_or(&mut self, key: K, value: V, combine: impl FnOnce(&mut V, &V)) {
        let mut value = Some(value);
        let (v, new) = self.upsert(key, || value.take().unwrap_or_default());
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
        chunks.into_iter().flatten().chain(spill)
    }

    /// Every row, by reference (same order as [`RowTable::into_rows`]).
    pub fn iter(&self) -> impl Iterator<Item = (&K, &V)> {
        self.chunks
            .iter()
            .flatten()
            .map(|(k, v)| (k, v))
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
        rows * std::mem::size_of::<(K, V)>()
            + self.chunks.capacity() * std::mem::size_of::<Vec<(K, V)>>()
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
fn row<K, V>(chunks: &[Vec<(K, V)>], i: u32) -> Option<&(K, V)> {
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
