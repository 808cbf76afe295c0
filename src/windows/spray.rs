//! The night's failed (address, password, account) triples after [`super::Windows::finish`],
//! 12 bytes each: the position of the triple's pair in the sorted pairs and the password,
//! instead of the 32-byte [`SprayKey`]. The address and account are read from the pair.

use std::borrow::Cow;

use super::{SortedPairs, SprayKey};
use crate::event::{AcctKey, IpKey};
use crate::fingerprint::Fp;

/// A failed triple as (pair position, password): 12 bytes (the password as two halves keeps a
/// 4-byte alignment).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SprayRef {
    /// Position of the triple's pair in the sorted pairs.
    pub pair: u32,
    pw: [u32; 2],
}

impl SprayRef {
    /// The password fingerprint.
    pub fn pw(&self) -> Fp {
        let [lo, hi] = self.pw;
        u64::from(hi) << 32 | u64::from(lo)
    }
}

/// Failed triples in (address, account, password) order: as pair positions when every
/// triple's pair is found and their number fits a `u32` (always, short of 4 billion pairs),
/// else as full keys.
#[derive(Debug, Clone)]
pub enum Spray {
    /// (pair position, password), 12 bytes each.
    Refs(Vec<SprayRef>),
    /// Full keys, 32 bytes each.
    Keys(Vec<SprayKey>),
}

impl Default for Spray {
    fn default() -> Self {
        Spray::Refs(Vec::new())
    }
}

/// Triples [`Spray::from_keys`] converts at a time (2 MB of keys).
const STEP: usize = 1 << 16;

/// The positions in `pairs` of sorted, distinct triples `keys` (`None` when one has no pair):
/// per address, its pairs are found by galloping forward, then each account by binary search.
fn refs_of(keys: &[SprayKey], pairs: &SortedPairs) -> Option<Vec<SprayRef>> {
    let mut refs = Vec::with_capacity(keys.len());
    let mut at = match keys.first() {
        Some(k) => pairs.range_of_ip(k.ip).start,
        None => 0,
    };
    for run in keys.chunk_by(|a, b| a.ip == b.ip) {
        let of_ip = pairs.gallop_ip(&mut at, run.first()?.ip);
        for k in run {
            let i = pairs.find_acct(of_ip.clone(), k.acct)?;
            refs.push(SprayRef {
                pair: u32::try_from(i).ok()?,
                pw: [k.pw as u32, (k.pw >> 32) as u32],
            });
        }
    }
    Some(refs)
}

impl Spray {
    /// Turns sorted, distinct triples into pair positions in `pairs` (sorted by key, distinct).
    /// Keeps the keys when a triple has no pair or positions would not fit. Converts
    /// `STEP` triples per thread at a time from the end (the pool's threads a step each),
    /// shrinking the key vector as it goes, so the keys and the positions are never both held
    /// whole.
    pub fn from_keys(mut keys: Vec<SprayKey>, pairs: &SortedPairs) -> Spray {
        if u32::try_from(pairs.len()).is_err() {
            return Spray::Keys(keys);
        }
        // A step per thread at a time, each converted on its own thread.
        let batch = rayon::current_num_threads().max(1);
        let mut parts: Vec<Vec<SprayRef>> = Vec::new();
        while !keys.is_empty() {
            let cut = keys.len().saturating_sub(STEP * batch);
            let made: Vec<Option<Vec<SprayRef>>> = {
                use rayon::prelude::*;
                let tail = keys.get(cut..).unwrap_or_default();
                // Steps from the end: the first one the (partial) step at `cut`.
                let first = tail.len() % STEP;
                let (head, rest) = tail.split_at(first);
                let steps: Vec<&[SprayKey]> = std::iter::once(head)
                    .filter(|h| !h.is_empty())
                    .chain(rest.chunks(STEP))
                    .collect();
                steps.par_iter().map(|k| refs_of(k, pairs)).collect()
            };
            if made.iter().any(Option::is_none) {
                // No pair: not made by `Windows` (every failure adds its pair). Back to keys.
                for part in parts.iter().rev() {
                    keys.extend(Iter::new(pairs, part, &[]));
                }
                return Spray::Keys(keys);
            }
            parts.extend(made.into_iter().rev().flatten());
            keys.truncate(cut);
            keys.shrink_to_fit();
        }
        let mut refs = Vec::with_capacity(parts.iter().map(Vec::len).sum());
        for part in parts.into_iter().rev() {
            use rayon::prelude::*;
            refs.par_extend(part.into_par_iter());
        }
        Spray::Refs(refs)
    }

    /// The triples as full keys (`pairs`: the pairs the positions refer to).
    pub fn into_keys(self, pairs: &SortedPairs) -> Vec<SprayKey> {
        match self {
            Spray::Keys(k) => k,
            Spray::Refs(r) => Iter::new(pairs, &r, &[]).collect(),
        }
    }

    /// Number of triples.
    pub fn len(&self) -> usize {
        match self {
            Spray::Refs(r) => r.len(),
            Spray::Keys(k) => k.len(),
        }
    }

    /// No triple?
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Heap bytes held.
    pub fn heap_bytes(&self) -> usize {
        match self {
            Spray::Refs(r) => r.capacity() * std::mem::size_of::<SprayRef>(),
            Spray::Keys(k) => k.capacity() * std::mem::size_of::<SprayKey>(),
        }
    }
}

/// The sorted failed triples with the pairs their positions refer to (borrowed after
/// [`super::Windows::finish`], computed before).
#[derive(Debug, Clone)]
pub struct SortedSpray<'a> {
    /// The sorted pairs.
    pub pairs: Cow<'a, SortedPairs>,
    /// The triples.
    pub spray: Cow<'a, Spray>,
}

impl SortedSpray<'_> {
    /// Every triple as a key, in (address, account, password) order.
    pub fn iter(&self) -> Iter<'_> {
        match &*self.spray {
            Spray::Refs(r) => Iter::new(&self.pairs, r, &[]),
            Spray::Keys(k) => Iter::new(&self.pairs, &[], k),
        }
    }

    /// The triples at positions `r`, in order, as keys (those past the end are not there).
    pub fn range(&self, r: std::ops::Range<usize>) -> Iter<'_> {
        match &*self.spray {
            Spray::Refs(refs) => Iter::new(&self.pairs, refs.get(r).unwrap_or_default(), &[]),
            Spray::Keys(keys) => Iter::new(&self.pairs, &[], keys.get(r).unwrap_or_default()),
        }
    }

    /// Number of triples.
    pub fn len(&self) -> usize {
        self.spray.len()
    }

    /// No triple?
    pub fn is_empty(&self) -> bool {
        self.spray.is_empty()
    }

    /// The triples as keys.
    pub fn to_vec(&self) -> Vec<SprayKey> {
        self.iter().collect()
    }

    /// Did an account other than `acct` fail from `ip` with password `pw`? Reads the
    /// address's triples only (found by binary search), up to the first such account.
    pub fn failed_elsewhere(&self, ip: IpKey, pw: Fp, acct: AcctKey) -> bool {
        self.accounts_failed_with(ip, pw, acct).next().is_some()
    }

    /// The accounts other than `acct` that failed from `ip` with password `pw`, in account
    /// order. Reads the address's triples only (found by binary search).
    pub fn failed_with(&self, ip: IpKey, pw: Fp, acct: AcctKey) -> Vec<AcctKey> {
        self.accounts_failed_with(ip, pw, acct).collect()
    }

    /// The (account, password) of every failure from `ip` on accounts other than `acct`
    /// (repeats included). Reads the address's triples only (found by binary search).
    pub fn failures_at(
        &self,
        ip: IpKey,
        acct: AcctKey,
    ) -> impl Iterator<Item = (AcctKey, Fp)> + '_ {
        self.failed_at(ip).filter(move |&(a, _)| a != acct)
    }

    /// Did account `acct` fail from `ip` with password `pw`? Reads the address's triples only
    /// (found by binary search).
    pub fn failed_on(&self, ip: IpKey, acct: AcctKey, pw: Fp) -> bool {
        self.passwords_failed_on(ip, acct).any(|p| p == pw)
    }

    /// The passwords account `acct` failed with from `ip`, in order. Reads the address's
    /// triples only (found by binary search).
    pub fn passwords_failed_on(&self, ip: IpKey, acct: AcctKey) -> impl Iterator<Item = Fp> + '_ {
        self.failed_at(ip)
            .filter(move |&(a, _)| a == acct)
            .map(|(_, pw)| pw)
    }

    /// The scan behind [`Self::failed_elsewhere`] and [`Self::failed_with`].
    fn accounts_failed_with(
        &self,
        ip: IpKey,
        pw: Fp,
        acct: AcctKey,
    ) -> impl Iterator<Item = AcctKey> + '_ {
        self.failed_at(ip)
            .filter(move |&(a, p)| p == pw && a != acct)
            .map(|(a, _)| a)
    }

    /// The failed (account, password) triples of address `ip`, for either kind of triple (one
    /// of the two halves is empty), found by binary search.
    fn failed_at(&self, ip: IpKey) -> impl Iterator<Item = (AcctKey, Fp)> + '_ {
        let (refs, keys) = match &*self.spray {
            Spray::Refs(refs) => (Some(refs), None),
            Spray::Keys(keys) => (None, Some(keys)),
        };
        let by_ref = refs.into_iter().flat_map(move |refs| {
            let of_ip = self.pairs.range_of_ip(ip);
            let from = refs.partition_point(|r| (r.pair as usize) < of_ip.start);
            refs.get(from..)
                .unwrap_or_default()
                .iter()
                .take_while(move |r| (r.pair as usize) < of_ip.end)
                .filter_map(|r| self.pairs.key(r.pair as usize).map(|k| (k.acct, r.pw())))
        });
        let by_key = keys.into_iter().flat_map(move |keys| {
            let from = keys.partition_point(|k| k.ip < ip);
            keys.get(from..)
                .unwrap_or_default()
                .iter()
                .take_while(move |k| k.ip == ip)
                .map(|k| (k.acct, k.pw))
        });
        by_ref.chain(by_key)
    }
}

/// Iterator over triples as keys.
#[derive(Debug, Clone)]
pub struct Iter<'a> {
    pairs: &'a SortedPairs,
    refs: std::slice::Iter<'a, SprayRef>,
    keys: std::slice::Iter<'a, SprayKey>,
}

impl<'a> Iter<'a> {
    fn new(pairs: &'a SortedPairs, refs: &'a [SprayRef], keys: &'a [SprayKey]) -> Self {
        Iter {
            pairs,
            refs: refs.iter(),
            keys: keys.iter(),
        }
    }
}

impl Iterator for Iter<'_> {
    type Item = SprayKey;

    #[inline]
    fn next(&mut self) -> Option<SprayKey> {
        for r in self.refs.by_ref() {
            if let Some(k) = self.pairs.key(r.pair as usize) {
                return Some(SprayKey {
                    ip: k.ip,
                    pw: r.pw(),
                    acct: k.acct,
                });
            }
        }
        self.keys.next().copied()
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.refs.len() + self.keys.len();
        (self.keys.len(), Some(n))
    }
}

/// A failure of a shard's log: the pair's row number in the shard's pair table and the
/// password, 12 bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct FailRow {
    row: u32,
    pw: [u32; 2],
}

/// Rows per chunk of a [`FailLog`] (48 KB).
const LOG_CHUNK: usize = 1 << 12;

/// Entries a [`FailLog`] holds before its first compaction.
const FIRST_COMPACTION: usize = 1 << 14;

/// A shard's failed (address, password, account) triples while the night is scanned: an
/// append-only log of (pair row number, password), 12 bytes each, with no index (the old set of
/// 32-byte keys cost about 42 bytes a triple with its index, and a lookup per failure). A
/// triple logged twice is kept twice until the log is compacted (sorted, duplicates dropped):
/// whenever it has grown by a quarter since the last compaction, from `FIRST_COMPACTION`
/// entries on, so it never holds more than 1.25 times its distinct triples (or
/// `FIRST_COMPACTION`), and by [`super::Windows::finish`], which compacts every log first. The rows are
/// in chunks that never grow (no doubling copies). A pair without a row number (a table past
/// `u32::MAX` rows) logs its full key instead.
#[derive(Debug, Clone, Default)]
pub struct FailLog {
    chunks: Vec<Vec<FailRow>>,
    len: usize,
    /// Length after the last compaction.
    compacted: usize,
    /// Triples whose pair has no row number.
    keys: Vec<SprayKey>,
}

impl FailLog {
    /// Logs the failure of `key` with password `pw`, whose pair is row `row` of the shard's
    /// pair table (`u32::MAX`: none).
    #[inline]
    pub fn push(&mut self, row: u32, key: &SprayKey) {
        if row == u32::MAX {
            self.keys.push(*key);
            return;
        }
        let r = FailRow {
            row,
            pw: [key.pw as u32, (key.pw >> 32) as u32],
        };
        match self.chunks.last_mut() {
            Some(c) if c.len() < LOG_CHUNK => c.push(r),
            _ => {
                let mut c = Vec::with_capacity(LOG_CHUNK);
                c.push(r);
                self.chunks.push(c);
            }
        }
        self.len += 1;
        if self.len >= FIRST_COMPACTION.max(self.compacted + self.compacted / 4) {
            self.compact();
        }
    }

    /// Sorts the log and drops repeated entries.
    pub fn compact(&mut self) {
        let mut all: Vec<FailRow> = Vec::with_capacity(self.len);
        for c in std::mem::take(&mut self.chunks) {
            all.extend(c);
        }
        all.sort_unstable();
        all.dedup();
        self.len = all.len();
        self.compacted = all.len();
        self.chunks = all.chunks(LOG_CHUNK).map(<[FailRow]>::to_vec).collect();
        self.keys.sort_unstable();
        self.keys.dedup();
    }

    /// Entries logged (repeats included until a compaction drops them).
    pub fn len(&self) -> usize {
        self.len + self.keys.len()
    }

    /// Nothing logged?
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The logged triples (repeats included), each as its pair's row number and its password,
    /// then the full keys of those without a row number; the log is freed as it is read.
    pub fn into_entries(self) -> (impl Iterator<Item = (u32, Fp)>, Vec<SprayKey>) {
        let rows = self.chunks.into_iter().flatten().map(|r| {
            let [lo, hi] = r.pw;
            (r.row, u64::from(hi) << 32 | u64::from(lo))
        });
        (rows, self.keys)
    }

    /// Heap bytes held.
    pub fn heap_bytes(&self) -> usize {
        self.chunks
            .iter()
            .map(|c| c.capacity() * std::mem::size_of::<FailRow>())
            .sum::<usize>()
            + self.keys.capacity() * std::mem::size_of::<SprayKey>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::windows::{PairKey, PairStats};

    /// The log keeps every distinct entry, drops repeats when it compacts, and never holds
    /// more than 1.25 times its distinct entries past the first compaction.
    #[test]
    fn fail_log_keeps_distinct_entries() {
        let mut log = FailLog::default();
        let mut want = std::collections::BTreeSet::new();
        let mut x = 1u64;
        for i in 0..(5 * FIRST_COMPACTION) {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let (row, pw) = (((x >> 20) % 3000) as u32, ((x >> 40) % 5) | (1 << 40));
            let row = if i % 1000 == 7 { u32::MAX } else { row };
            let key = SprayKey {
                ip: u128::from(row),
                pw,
                acct: 3,
            };
            log.push(row, &key);
            want.insert((row, pw));
            // (Rows past `u32::MAX`, logged as keys, are only compacted with the rest.)
            assert!(log.len() <= FIRST_COMPACTION.max(want.len() + want.len() / 4) + 100);
        }
        log.compact();
        assert_eq!(log.len(), want.len());
        let (rows, keys) = log.into_entries();
        let mut got: std::collections::BTreeSet<(u32, Fp)> = rows.collect();
        got.extend(keys.iter().map(|k| (u32::MAX, k.pw)));
        assert_eq!(got, want);
    }

    /// Positions give back the keys; a triple without its pair keeps the keys.
    #[test]
    fn refs_give_back_the_keys() {
        let mut pairs: Vec<(PairKey, PairStats)> = Vec::new();
        let mut keys: Vec<SprayKey> = Vec::new();
        let mut x = 9u64;
        for _ in 0..(3 * STEP) {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let (ip, acct) = (u128::from((x >> 20) % 5000) << 70, (x >> 30) % 40);
            pairs.push((PairKey { ip, acct }, PairStats::default()));
            if (x >> 50) % 3 == 0 {
                keys.push(SprayKey {
                    ip,
                    pw: (x >> 13) | 1 << 63,
                    acct,
                });
            }
        }
        pairs.sort_by_key(|(k, _)| *k);
        pairs.dedup_by_key(|(k, _)| *k);
        let pairs = SortedPairs::from_pairs(pairs);
        keys.sort_unstable_by_key(|k| (k.ip, k.acct, k.pw));
        keys.dedup();
        let s = Spray::from_keys(keys.clone(), &pairs);
        assert!(matches!(s, Spray::Refs(_)));
        assert!(keys.len() > STEP);
        assert_eq!(s.len(), keys.len());
        assert_eq!(s.heap_bytes(), keys.len() * 12);
        let view = SortedSpray {
            pairs: Cow::Borrowed(&pairs),
            spray: Cow::Borrowed(&s),
        };
        assert_eq!(view.to_vec(), keys);
        // `failed_elsewhere` and `failed_with` equal a scan of all the keys, as positions and as keys.
        let as_keys = Spray::Keys(keys.clone());
        let keyed = SortedSpray {
            pairs: Cow::Borrowed(&pairs),
            spray: Cow::Borrowed(&as_keys),
        };
        let mut hits = 0;
        for (i, k) in keys.iter().enumerate().step_by(97) {
            for (ip, pw, acct) in [
                (k.ip, k.pw, k.acct),
                (k.ip, k.pw, k.acct ^ 1),
                (k.ip, k.pw ^ 2, k.acct),
                (k.ip + 1, k.pw, k.acct),
            ] {
                let accts: Vec<AcctKey> = keys
                    .iter()
                    .filter(|x| x.ip == ip && x.pw == pw && x.acct != acct)
                    .map(|x| x.acct)
                    .collect();
                let want = !accts.is_empty();
                hits += usize::from(want);
                assert_eq!(view.failed_elsewhere(ip, pw, acct), want, "{i}");
                assert_eq!(keyed.failed_elsewhere(ip, pw, acct), want, "{i}");
                assert_eq!(view.failed_with(ip, pw, acct), accts, "{i}");
                assert_eq!(keyed.failed_with(ip, pw, acct), accts, "{i}");
            }
        }
        assert!(hits > 0);
        assert_eq!(s.clone().into_keys(&pairs), keys);
        let mut orphan = keys.clone();
        orphan.push(SprayKey {
            ip: u128::MAX,
            pw: 1,
            acct: 1,
        });
        let o = Spray::from_keys(orphan.clone(), &pairs);
        assert!(matches!(o, Spray::Keys(_)));
        assert_eq!(o.into_keys(&pairs), orphan);
        // An orphan at the front: found after the later steps converted, which are undone.
        let mut front = keys.clone();
        front.insert(
            0,
            SprayKey {
                ip: 0,
                pw: 0,
                acct: 1000,
            },
        );
        let f = Spray::from_keys(front.clone(), &pairs);
        assert!(matches!(f, Spray::Keys(_)));
        assert_eq!(f.into_keys(&pairs), front);
    }
}
