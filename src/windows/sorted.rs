//! The night's pairs after [`super::Windows::finish`], sorted by (address, account), as
//! 48-byte rows instead of 80-byte `(PairKey, PairStats)` rows: the address as a `u32` number
//! in a table of the night's distinct addresses (IPv4 ones as 4 bytes), the five times as `u32`
//! millisecond offsets from one base, attempts and failures as `u16`, the leaked/clean/failed-
//! password counts as `u8`. A pair a row cannot hold exactly (a time outside the base's 49.7
//! days, a count past its field) keeps its
//! [`PairStats`] in a side map, and its row says so: every answer is exact, as the wide row
//! would give it. Readers get `(PairKey, PairStats)` values ([`SortedPairs::get`],
//! [`SortedPairs::iter`]), decoded on the fly.

use std::ops::Range;

use ahash::AHashMap;

use super::pair::{
    C_FIRST_FAIL, C_FIRST_LEAKED_SUCC, C_FIRST_SUCC, C_LAST, C_LAST_SUCC, Compact, FIRST_FAIL,
    FIRST_LEAKED_SUCC, FIRST_SUCC, LAST, LAST_SUCC, offset,
};
use super::{PairKey, PairStats};
use crate::event::{AcctKey, IpKey};

/// log2 of [`CHUNK`].
const CHUNK_BITS: u32 = 16;
/// Rows per chunk (3.4 MB): every chunk but the last is full.
const CHUNK: usize = 1 << CHUNK_BITS;

/// Pairs [`SortedPairs::scan`] tries at a time: enough to keep the pool busy, few enough that
/// the accepted ones of a block (88 bytes each) stay small beside the pairs themselves.
pub const SCAN_BLOCK: usize = 1 << 14;

/// A finished pair: 48 bytes, 4-byte aligned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[repr(C)]
struct Row {
    /// Number of the address in [`SortedPairs::ips`].
    ip: u32,
    /// Account key, as two halves.
    acct: [u32; 2],
    /// Attempts; 0: the pair's state is in the `wide` map (every pair has an attempt).
    attempts: u16,
    fails: u16,
    /// Password fingerprint of the first success, as two halves.
    pw: [u32; 2],
    /// Offsets from the base (a slot means something only when its count is non-zero).
    t: [u32; 5],
    leaked_fails: u8,
    leaked_succ: u8,
    clean_succ: u8,
    fail_pws: u8,
}

impl Row {
    fn acct(&self) -> AcctKey {
        let [lo, hi] = self.acct;
        u64::from(hi) << 32 | u64::from(lo)
    }

    fn is_wide(&self) -> bool {
        self.attempts == 0
    }
}

/// The night's distinct addresses, sorted, numbered from 0: IPv4 ones (a contiguous range of
/// keys) as `u32`, the others as `u128` (those below the IPv4 range first).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct IpTable {
    /// Non-IPv4 addresses, sorted.
    other: Vec<u128>,
    /// How many of `other` sort before the IPv4 range.
    lo: usize,
    /// IPv4 addresses, sorted.
    v4: Vec<u32>,
}

/// First key of the IPv4 range (`::ffff:0.0.0.0`).
const V4_FIRST: u128 = 0xffff << 32;

impl IpTable {
    #[cfg(test)]
    fn push(&mut self, ip: IpKey) {
        if crate::event::is_v4(ip) {
            self.v4.push(ip as u32);
        } else {
            if ip < V4_FIRST {
                self.lo += 1;
            }
            self.other.push(ip);
        }
    }

    fn len(&self) -> usize {
        self.other.len() + self.v4.len()
    }

    /// The distinct addresses of `rows` (pairs sorted by key): counted per chunk of rows so
    /// that the table is allocated exactly, then each chunk's written to its own part of it,
    /// both on the pool.
    fn of_sorted(rows: &[(PairKey, Compact)]) -> IpTable {
        use rayon::prelude::*;
        // The address row `i` starts (the first row, or one after another address's).
        let starts = |i: usize| {
            let ip = rows.get(i)?.0.ip;
            let prev = i
                .checked_sub(1)
                .and_then(|j| rows.get(j))
                .map(|(k, _)| k.ip);
            (prev != Some(ip)).then_some(ip)
        };
        let pieces = super::fixed_pieces(rows.len(), CHUNK);
        let counts: Vec<(usize, usize)> = pieces
            .par_iter()
            .map(|r| {
                r.clone().filter_map(starts).fold((0, 0), |(a, b), ip| {
                    if crate::event::is_v4(ip) {
                        (a + 1, b)
                    } else {
                        (a, b + 1)
                    }
                })
            })
            .collect();
        let n_v4: Vec<usize> = counts.iter().map(|c| c.0).collect();
        let n_other: Vec<usize> = counts.iter().map(|c| c.1).collect();
        let mut v4 = vec![0u32; n_v4.iter().sum()];
        let mut other = vec![0u128; n_other.iter().sum()];
        let lo = pieces
            .par_iter()
            .zip(super::split_parts(&mut v4, &n_v4))
            .zip(super::split_parts(&mut other, &n_other))
            .map(|((r, v4), other)| {
                let (mut v4, mut other) = (v4.iter_mut(), other.iter_mut());
                let mut lo = 0;
                for ip in r.clone().filter_map(starts) {
                    let slot = if crate::event::is_v4(ip) {
                        v4.next().map(|s| *s = ip as u32)
                    } else {
                        lo += usize::from(ip < V4_FIRST);
                        other.next().map(|s| *s = ip)
                    };
                    debug_assert!(slot.is_some(), "counted");
                }
                lo
            })
            .sum();
        IpTable { other, lo, v4 }
    }

    /// Address number `id`.
    fn get(&self, id: u32) -> Option<IpKey> {
        let id = id as usize;
        if id < self.lo {
            self.other.get(id).copied()
        } else if id < self.lo + self.v4.len() {
            self.v4.get(id - self.lo).map(|&v| V4_FIRST | u128::from(v))
        } else {
            self.other.get(id - self.v4.len()).copied()
        }
    }

    /// The number of address `ip`, if it is in the table.
    fn find(&self, ip: IpKey) -> Option<u32> {
        let id = if crate::event::is_v4(ip) {
            self.lo + self.v4.binary_search(&(ip as u32)).ok()?
        } else {
            let i = self.other.binary_search(&ip).ok()?;
            if i < self.lo { i } else { i + self.v4.len() }
        };
        u32::try_from(id).ok()
    }

    fn heap_bytes(&self) -> usize {
        self.other.capacity() * 16 + self.v4.capacity() * 4
    }
}

/// The sorted pairs of a finished night (see the module's documentation).
#[derive(Debug, Clone, Default)]
pub struct SortedPairs {
    chunks: Vec<Vec<Row>>,
    len: usize,
    ips: IpTable,
    /// Time base of the rows' offsets.
    base: i64,
    /// States of the pairs whose rows cannot hold them, by position.
    wide: AHashMap<u32, PairStats>,
}

impl PartialEq for SortedPairs {
    fn eq(&self, o: &Self) -> bool {
        self.len == o.len && self.iter().eq(o.iter())
    }
}

/// The row of `p` (key `k`, address number `ip`) with times relative to `base`, if it holds
/// `p` exactly.
fn encode(k: &PairKey, ip: u32, p: &PairStats, base: i64) -> Option<Row> {
    let held = |h: bool, t: i64| if h { offset(base, t) } else { Some(0) };
    let (succ, fails) = (p.succ() > 0, p.fails > 0);
    if p.attempts == 0 || p.attempts < p.fails {
        return None;
    }
    let mut t = [0u32; 5];
    for (slot, h, v) in [
        (C_LAST, true, p.last_ts()),
        (C_FIRST_FAIL, fails, p.first_fail_ts()),
        (C_FIRST_SUCC, succ, p.first_succ_ts()),
        (C_LAST_SUCC, succ, p.last_succ_ts()),
        (
            C_FIRST_LEAKED_SUCC,
            p.leaked_succ > 0,
            p.first_leaked_succ_ts(),
        ),
    ] {
        if let Some(s) = t.get_mut(slot) {
            *s = held(h, v)?;
        }
    }
    let pw = p.first_succ_pw();
    Some(Row {
        ip,
        acct: [k.acct as u32, (k.acct >> 32) as u32],
        attempts: u16::try_from(p.attempts).ok()?,
        fails: u16::try_from(p.fails).ok()?,
        pw: [pw as u32, (pw >> 32) as u32],
        t,
        leaked_fails: u8::try_from(p.leaked_fails).ok()?,
        leaked_succ: u8::try_from(p.leaked_succ).ok()?,
        clean_succ: u8::try_from(p.clean_succ).ok()?,
        fail_pws: u8::try_from(p.fail_pws).ok()?,
    })
}

/// The state a (not wide) row holds.
#[inline]
fn decode(r: &Row, base: i64) -> PairStats {
    let mut p = PairStats {
        attempts: u32::from(r.attempts),
        fails: u32::from(r.fails),
        fail_pws: u32::from(r.fail_pws),
        leaked_fails: u16::from(r.leaked_fails),
        leaked_succ: u16::from(r.leaked_succ),
        clean_succ: u16::from(r.clean_succ),
        ..PairStats::default()
    };
    p.succ_pw = r.pw;
    let at = |i: usize| base + i64::from(r.t.get(i).copied().unwrap_or(0));
    let (fails, succ) = (p.fails > 0, p.succ() > 0);
    // Slots without their count stay zero, as `PairStats::add` leaves them.
    for (held, slot, c) in [
        (true, LAST, C_LAST),
        (fails, FIRST_FAIL, C_FIRST_FAIL),
        (succ, FIRST_SUCC, C_FIRST_SUCC),
        (succ, LAST_SUCC, C_LAST_SUCC),
        (p.leaked_succ > 0, FIRST_LEAKED_SUCC, C_FIRST_LEAKED_SUCC),
    ] {
        if held {
            p.times.set(slot, at(c));
        }
    }
    p
}

/// Time base for the night: the median of the shards' bases (a shard's first event less 2^31
/// ms), so that a few stray times do not push every row out of the window.
pub(super) fn night_base(mut shard_bases: Vec<i64>) -> i64 {
    shard_bases.sort_unstable();
    shard_bases.get(shard_bases.len() / 2).copied().unwrap_or(0)
}

/// A chunk's rows, and the (position, state) of its pairs no row can hold.
type Converted = (Vec<Row>, Vec<(u32, PairStats)>);

/// The rows of `part`, pairs sorted by key from position `start` on (their addresses in `ips`,
/// the states of those marked wide in `wide`), with the (position, state) of those no row can
/// hold.
fn rows_of(
    part: &[(PairKey, Compact)],
    start: usize,
    ips: &IpTable,
    wide: &AHashMap<PairKey, PairStats>,
    base: i64,
) -> Converted {
    let mut last_ip = part.first().map(|(k, _)| k.ip);
    let mut id = last_ip.and_then(|ip| ips.find(ip)).unwrap_or(0);
    let mut wides = Vec::new();
    let rows = part
        .iter()
        .enumerate()
        .map(|(i, (k, c))| {
            let ip = k.ip;
            if last_ip != Some(ip) {
                id += 1;
                last_ip = Some(ip);
            }
            let p = if c.is_wide() {
                wide.get(k).copied().unwrap_or_default()
            } else {
                c.decode(base)
            };
            encode(k, id, &p, base).unwrap_or_else(|| {
                wides.push(((start + i) as u32, p));
                Row {
                    ip: id,
                    acct: [k.acct as u32, (k.acct >> 32) as u32],
                    ..Row::default()
                }
            })
        })
        .collect();
    (rows, wides)
}

impl SortedPairs {
    /// Builds the store from pairs sorted by key, distinct: `rows` as compact rows with times
    /// relative to `base` (`wide` holding the states of those marked wide, by key). Converts
    /// a chunk of rows per thread at a time from the end (the pool's threads a chunk each),
    /// shrinking `rows` as it goes, so the two forms are never both held whole.
    pub(super) fn from_sorted(
        mut rows: Vec<(PairKey, Compact)>,
        wide: AHashMap<PairKey, PairStats>,
        base: i64,
    ) -> SortedPairs {
        let ips = IpTable::of_sorted(&rows);
        let len = rows.len();
        let mut out = SortedPairs {
            chunks: Vec::with_capacity(len.div_ceil(CHUNK)),
            len,
            ips,
            base,
            wide: AHashMap::new(),
        };
        // From the end, a chunk per thread at a time (the last one partial), each converted on
        // its own thread; `rows` shrinks after each batch.
        let batch = rayon::current_num_threads().max(1);
        let mut parts: Vec<Vec<Row>> = Vec::with_capacity(len.div_ceil(CHUNK));
        while !rows.is_empty() {
            let first = (rows.len() - 1) / CHUNK;
            let cut = first.saturating_sub(batch - 1) * CHUNK;
            let made: Vec<Converted> = {
                use rayon::prelude::*;
                let (ips, wide) = (&out.ips, &wide);
                rows.get(cut..)
                    .unwrap_or_default()
                    .par_chunks(CHUNK)
                    .enumerate()
                    .map(|(j, part)| rows_of(part, cut + j * CHUNK, ips, wide, base))
                    .collect()
            };
            for (chunk, wides) in made.into_iter().rev() {
                parts.push(chunk);
                out.wide.extend(wides);
            }
            rows.truncate(cut);
            rows.shrink_to_fit();
        }
        parts.reverse();
        out.chunks = parts;
        out
    }

    /// The store of pairs sorted by key, distinct (their `fail_pws` kept).
    pub fn from_pairs(v: Vec<(PairKey, PairStats)>) -> SortedPairs {
        let base = super::pair::base_for(v.first().map_or(0, |(_, p)| p.last_ts()));
        let mut wide = AHashMap::new();
        let rows = v
            .into_iter()
            .map(|(k, p)| {
                let c = Compact::wide_marker();
                wide.insert(k, p);
                (k, c)
            })
            .collect();
        SortedPairs::from_sorted(rows, wide, base)
    }

    /// Number of pairs.
    pub fn len(&self) -> usize {
        self.len
    }

    /// No pair?
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Number of distinct addresses.
    pub fn addresses(&self) -> usize {
        self.ips.len()
    }

    #[inline]
    fn row(&self, i: usize) -> Option<&Row> {
        self.chunks.get(i >> CHUNK_BITS)?.get(i & (CHUNK - 1))
    }

    #[inline]
    fn row_mut(&mut self, i: usize) -> Option<&mut Row> {
        self.chunks
            .get_mut(i >> CHUNK_BITS)?
            .get_mut(i & (CHUNK - 1))
    }

    /// The address number of pair `i` (an address's pairs are contiguous, numbers rise).
    #[inline]
    pub fn ip_id(&self, i: usize) -> Option<u32> {
        self.row(i).map(|r| r.ip)
    }

    /// The key of pair `i`.
    #[inline]
    pub fn key(&self, i: usize) -> Option<PairKey> {
        let r = self.row(i)?;
        Some(PairKey {
            ip: self.ips.get(r.ip)?,
            acct: r.acct(),
        })
    }

    /// The state of pair `i`.
    #[inline]
    pub fn stats(&self, i: usize) -> Option<PairStats> {
        let r = self.row(i)?;
        if r.is_wide() {
            return self.wide.get(&(i as u32)).copied();
        }
        Some(decode(r, self.base))
    }

    /// Pair `i`.
    #[inline]
    pub fn get(&self, i: usize) -> Option<(PairKey, PairStats)> {
        Some((self.key(i)?, self.stats(i)?))
    }

    /// Did pair `i` log in (a success)? (False for no such pair.)
    #[inline]
    pub fn logged_in(&self, i: usize) -> bool {
        match self.row(i) {
            Some(r) if r.is_wide() => self.wide.get(&(i as u32)).is_some_and(|p| p.succ() > 0),
            Some(r) => r.attempts != r.fails,
            None => false,
        }
    }

    /// Sets pair `i`'s distinct failed passwords.
    pub(super) fn set_fail_pws(&mut self, i: usize, n: u32) {
        let base = self.base;
        let Some(r) = self.row_mut(i) else { return };
        if r.is_wide() {
            if let Some(p) = self.wide.get_mut(&(i as u32)) {
                p.fail_pws = n;
            }
            return;
        }
        match u8::try_from(n) {
            Ok(v) => r.fail_pws = v,
            Err(_) => {
                let mut p = decode(r, base);
                p.fail_pws = n;
                r.attempts = 0;
                self.wide.insert(i as u32, p);
            }
        }
    }

    /// Every pair in order.
    pub fn iter(&self) -> impl Iterator<Item = (PairKey, PairStats)> + Clone + '_ {
        self.range(0..self.len)
    }

    /// The pairs at positions `r`, in order.
    pub fn range(
        &self,
        r: Range<usize>,
    ) -> impl Iterator<Item = (PairKey, PairStats)> + Clone + '_ {
        r.filter_map(move |i| self.get(i))
    }

    /// Every pair, in parallel.
    pub fn par_iter(
        &self,
    ) -> impl rayon::iter::IndexedParallelIterator<Item = Option<(PairKey, PairStats)>> + '_ {
        use rayon::prelude::*;
        (0..self.len).into_par_iter().map(move |i| self.get(i))
    }

    /// Every pair that `keep` accepts, in order, handed to `then` on the calling thread.
    /// `keep` runs on the pool's threads, [`SCAN_BLOCK`] pairs at a time (only one block's
    /// accepted pairs are held at once), and reads `state` as `then` left it after the
    /// previous block: what `keep` reads of it, `then` must not change. The same as a serial
    /// loop of `if keep(..) { then(..) }` over [`SortedPairs::iter`], on every core.
    pub fn scan<S: Sync>(
        &self,
        state: &mut S,
        keep: impl Fn(&S, &PairKey, &PairStats) -> bool + Sync,
        then: impl FnMut(&mut S, PairKey, PairStats),
    ) {
        self.scan_keyed(state, |_, _| true, keep, then);
    }

    /// [`SortedPairs::scan`] with a test of the key alone first: only the pairs `want`
    /// accepts have their state decoded for `keep` (a pass that asks for the accounts of a
    /// short list reads the key of every pair, and the state of a few).
    pub fn scan_keyed<S: Sync>(
        &self,
        state: &mut S,
        want: impl Fn(&S, &PairKey) -> bool + Sync,
        keep: impl Fn(&S, &PairKey, &PairStats) -> bool + Sync,
        mut then: impl FnMut(&mut S, PairKey, PairStats),
    ) {
        self.scan_keyed_map(
            state,
            want,
            |s, k, p| keep(s, k, p).then_some((*k, *p)),
            |s, (k, p)| then(s, k, p),
        );
    }

    /// [`SortedPairs::scan`] with the pool's threads doing more of the work: `find` turns a
    /// pair into what `then` needs of it, or nothing.
    pub fn scan_map<S: Sync, T: Send>(
        &self,
        state: &mut S,
        find: impl Fn(&S, &PairKey, &PairStats) -> Option<T> + Sync,
        then: impl FnMut(&mut S, T),
    ) {
        self.scan_keyed_map(state, |_, _| true, find, then);
    }

    /// [`SortedPairs::scan_map`] with the key test of [`SortedPairs::scan_keyed`].
    pub fn scan_keyed_map<S: Sync, T: Send>(
        &self,
        state: &mut S,
        want: impl Fn(&S, &PairKey) -> bool + Sync,
        find: impl Fn(&S, &PairKey, &PairStats) -> Option<T> + Sync,
        mut then: impl FnMut(&mut S, T),
    ) {
        use rayon::prelude::*;
        let mut at = 0;
        while at < self.len {
            let end = self.len.min(at + SCAN_BLOCK);
            let seen: &S = state;
            let found: Vec<T> = (at..end)
                .into_par_iter()
                .filter_map(|i| {
                    let k = self.key(i)?;
                    if !want(seen, &k) {
                        return None;
                    }
                    find(seen, &k, &self.stats(i)?)
                })
                .collect();
            for t in found {
                then(state, t);
            }
            at = end;
        }
    }

    /// The positions of the runs of pairs of one address within `r`, in order.
    pub fn ip_runs(&self, r: Range<usize>) -> impl Iterator<Item = Range<usize>> + '_ {
        let end = r.end.min(self.len);
        let mut at = r.start;
        std::iter::from_fn(move || {
            if at >= end {
                return None;
            }
            let id = self.ip_id(at)?;
            let from = at;
            let rest = self.partition_point(at..end, |i| self.ip_id(i) == Some(id));
            at = rest.max(from + 1);
            Some(from..at)
        })
    }

    /// The first position in `r` where `pred` is false (`pred` true for a prefix of `r`),
    /// probing 1, 2, 4... positions from the start first, then by halving.
    pub fn partition_point(&self, r: Range<usize>, pred: impl Fn(usize) -> bool) -> usize {
        let (start, end) = (r.start, r.end.min(self.len));
        let mut step = 1usize;
        let mut lo = start;
        while lo + step <= end && pred(lo + step - 1) {
            lo += step;
            step *= 2;
        }
        self.bsearch(lo..(lo + step).min(end), pred)
    }

    /// The address of pair `i`.
    #[inline]
    pub fn ip_at(&self, i: usize) -> Option<IpKey> {
        self.ips.get(self.row(i)?.ip)
    }

    /// The positions of address `ip`'s pairs at or after position `*at`, found by galloping
    /// forward; `*at` moves to where they start (a merge join over addresses in order).
    pub fn gallop_ip(&self, at: &mut usize, ip: IpKey) -> Range<usize> {
        let lo = self.partition_point(*at..self.len, |i| self.ip_at(i).is_some_and(|x| x < ip));
        let hi = self.partition_point(lo..self.len, |i| self.ip_at(i) == Some(ip));
        *at = lo;
        lo..hi
    }

    /// The positions of address `ip`'s pairs (empty where it has none).
    pub fn range_of_ip(&self, ip: IpKey) -> Range<usize> {
        let Some(id) = self.ips.find(ip) else {
            return 0..0;
        };
        let lo = self.bsearch(0..self.len, |i| self.ip_id(i).is_some_and(|x| x < id));
        let hi = self.partition_point(lo..self.len, |i| self.ip_id(i) == Some(id));
        lo..hi
    }

    /// The position of pair `key`, if present.
    pub fn position(&self, key: &PairKey) -> Option<usize> {
        self.find_acct(self.range_of_ip(key.ip), key.acct)
    }

    /// The position in `r` of account `acct` among pairs of one address, if present.
    pub fn find_acct(&self, r: Range<usize>, acct: AcctKey) -> Option<usize> {
        let i = self.bsearch(r.clone(), |i| {
            self.row(i).is_some_and(|row| row.acct() < acct)
        });
        (r.contains(&i) && self.row(i).is_some_and(|row| row.acct() == acct)).then_some(i)
    }

    /// Binary search: the first position in `r` where `pred` is false.
    fn bsearch(&self, r: Range<usize>, pred: impl Fn(usize) -> bool) -> usize {
        let (mut lo, mut hi) = (r.start, r.end.min(self.len));
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if pred(mid) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        lo
    }

    /// Every pair as a vector (tests and comparisons).
    pub fn to_vec(&self) -> Vec<(PairKey, PairStats)> {
        self.iter().collect()
    }

    /// Moves every pair out (the store is freed chunk by chunk as it is read), as the keys and
    /// states of the pairs, in order.
    pub(super) fn drain(self) -> impl Iterator<Item = (PairKey, PairStats)> {
        let SortedPairs {
            chunks,
            ips,
            base,
            mut wide,
            ..
        } = self;
        chunks
            .into_iter()
            .enumerate()
            .flat_map(|(c, rows)| {
                rows.into_iter()
                    .enumerate()
                    .map(move |(i, r)| ((c << CHUNK_BITS) + i, r))
            })
            .filter_map(move |(i, r)| {
                let key = PairKey {
                    ip: ips.get(r.ip)?,
                    acct: r.acct(),
                };
                let p = if r.is_wide() {
                    wide.remove(&(i as u32))?
                } else {
                    decode(&r, base)
                };
                Some((key, p))
            })
    }

    /// Heap bytes held (rows, addresses; not the `wide` map).
    pub fn heap_bytes(&self) -> usize {
        self.chunks
            .iter()
            .map(|c| c.capacity() * std::mem::size_of::<Row>())
            .sum::<usize>()
            + self.ips.heap_bytes()
    }

    /// Pairs whose state is in the `wide` map.
    pub fn wide_pairs(&self) -> usize {
        self.wide.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `scan`, `scan_map` and `scan_keyed` on every core hand over what a serial loop over
    /// `iter` finds, in its order, across block boundaries; `keep` sees the state of the
    /// previous blocks.
    #[test]
    fn scans_equal_the_serial_loop() {
        use crate::event::{Event, flags};
        let n = 2 * SCAN_BLOCK + 123;
        let v: Vec<(PairKey, PairStats)> = (0..n as u64)
            .map(|i| {
                let key = PairKey {
                    ip: V4_FIRST | u128::from(i / 3),
                    acct: i % 3,
                };
                let mut p = PairStats::default();
                for j in 0..=(i % 4) {
                    p.add(&Event {
                        ts_ms: 1_763_600_000_000 + (i * 7 + j) as i64,
                        ip: key.ip,
                        acct: key.acct,
                        pw: j,
                        flags: if (i + j) % 5 == 0 { flags::OK } else { 0 },
                        agent: 0,
                    });
                }
                (key, p)
            })
            .collect();
        let s = SortedPairs::from_pairs(v.clone());
        let keep = |k: &PairKey, p: &PairStats| p.succ() > 0 && k.acct != 1;
        let serial: Vec<(PairKey, PairStats)> = s.iter().filter(|(k, p)| keep(k, p)).collect();
        assert!(serial.len() > 1000 && serial.len() < n);
        let mut got = Vec::new();
        s.scan(&mut got, |_, k, p| keep(k, p), |got, k, p| got.push((k, p)));
        assert_eq!(got, serial);
        let mut got = Vec::new();
        s.scan_map(
            &mut got,
            |_, k, p| keep(k, p).then_some(k.ip),
            |got, ip| got.push(ip),
        );
        assert_eq!(got, serial.iter().map(|(k, _)| k.ip).collect::<Vec<_>>());
        // The key test first, the state after: the same pairs.
        let mut got = Vec::new();
        s.scan_keyed(
            &mut got,
            |_, k| k.acct != 1,
            |_, _, p| p.succ() > 0,
            |got, k, p| got.push((k, p)),
        );
        assert_eq!(got, serial);
        // What `keep` reads of the state is what the blocks before left there: all of the
        // first block's account-0 pairs pass a limit of 1,000, none of the later blocks'.
        let mut seen = 0usize;
        s.scan(
            &mut seen,
            |seen, k, _| k.acct == 0 && *seen < 1000,
            |seen, _, _| *seen += 1,
        );
        assert_eq!(seen, SCAN_BLOCK.div_ceil(3));
    }

    #[test]
    fn rows_are_48_bytes() {
        assert_eq!(std::mem::size_of::<Row>(), 48);
    }

    /// The store gives back every pair exactly, those its rows cannot hold (far times, counts
    /// past their fields, many failed passwords) included; positions, address runs and
    /// searches agree with the vector.
    #[test]
    fn store_gives_back_every_pair() {
        use crate::event::{Event, flags};
        const DAY: i64 = 86_400_000;
        let t0 = 1_763_600_000_000i64;
        let mut x = 5u64;
        let mut next = || {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            x >> 16
        };
        let mut map: AHashMap<PairKey, PairStats> = AHashMap::new();
        for i in 0..40_000u64 {
            let r = next();
            let ip = if r % 5 == 0 {
                (0x2001_0db8u128 << 96) | u128::from(r % 97)
            } else if r % 11 == 0 {
                u128::from(r % 7)
            } else {
                V4_FIRST | u128::from((r >> 8) % 300)
            };
            let key = PairKey {
                ip,
                acct: (r >> 20) % 50,
            };
            let mut f = 0;
            if r % 3 == 0 {
                f |= flags::OK;
            }
            if r % 4 < 2 {
                f |= flags::HAS_CRED | flags::CRED_LEAKED;
            }
            let far = if i % 5000 == 0 { 80 * DAY } else { 0 };
            let e = Event {
                ts_ms: t0 + far + (next() % (20 * DAY as u64)) as i64,
                ip,
                acct: key.acct,
                pw: next() % 3,
                flags: f,
                agent: 0,
            };
            let p = map.entry(key).or_default();
            p.add(&e);
            // One pair with more attempts than a `u16` holds.
            if key.acct == 7 && key.ip == V4_FIRST | 5 {
                for _ in 0..70_000 {
                    p.add(&e);
                }
            }
        }
        let mut v: Vec<(PairKey, PairStats)> = map.into_iter().collect();
        v.sort_unstable_by_key(|(k, _)| *k);
        for (i, (_, p)) in v.iter_mut().enumerate() {
            p.fail_pws = [0, 3, 255, 256, 70_000][i % 5];
        }
        let mut s = SortedPairs::from_pairs(v.clone());
        assert!(s.wide_pairs() > 0 && s.wide_pairs() < v.len() / 2);
        assert_eq!(s.to_vec(), v);
        // Counts set after building, past a `u8` too.
        for i in 0..v.len() {
            s.set_fail_pws(i, (i % 300) as u32);
            if let Some((_, p)) = v.get_mut(i) {
                p.fail_pws = (i % 300) as u32;
            }
        }
        assert_eq!(s.to_vec(), v);
        let runs: Vec<Range<usize>> = s.ip_runs(0..s.len()).collect();
        let want: Vec<usize> = v
            .chunk_by(|a, b| a.0.ip == b.0.ip)
            .map(<[_]>::len)
            .collect();
        assert_eq!(runs.iter().map(Range::len).collect::<Vec<_>>(), want);
        assert_eq!(s.addresses(), runs.len());
        let mut at = 0;
        for r in &runs {
            let ip = v[r.start].0.ip;
            assert_eq!(s.range_of_ip(ip), r.clone());
            assert_eq!(s.gallop_ip(&mut at, ip), r.clone());
            for (i, (k, p)) in v.iter().enumerate().take(r.end).skip(r.start) {
                assert_eq!(s.position(k), Some(i));
                assert_eq!(s.find_acct(r.clone(), k.acct), Some(i));
                assert_eq!(s.logged_in(i), p.succ() > 0);
            }
        }
        assert_eq!(s.range_of_ip(V4_FIRST | 9999), 0..0);
        let back: Vec<(PairKey, PairStats)> = s.drain().collect();
        assert_eq!(back, v);
    }

    /// The address table numbers addresses in key order, IPv4 ones in between the others.
    #[test]
    fn ip_table_keeps_key_order() {
        let mut ips: Vec<u128> = vec![
            0,
            1,
            V4_FIRST - 1,
            V4_FIRST,
            V4_FIRST | 0x0a00_0001,
            V4_FIRST | 0xffff_ffff,
            (V4_FIRST | 0xffff_ffff) + 1,
            0x2001_0db8 << 96,
            u128::MAX,
        ];
        ips.sort_unstable();
        let mut t = IpTable::default();
        for &ip in &ips {
            t.push(ip);
        }
        assert_eq!(t.len(), ips.len());
        for (i, &ip) in ips.iter().enumerate() {
            assert_eq!(t.get(i as u32), Some(ip), "{i}");
            assert_eq!(t.find(ip), Some(i as u32), "{i}");
        }
        assert_eq!(t.find(V4_FIRST | 7), None);
        assert_eq!(t.find(5), None);
        assert_eq!(t.get(ips.len() as u32), None);
    }

    /// The table of sorted rows, built a chunk at a time on the pool, equals the one pushed an
    /// address at a time, addresses spanning chunk boundaries included.
    #[test]
    fn ip_table_of_rows_equals_pushed() {
        // Scattered keys: below, inside and above the IPv4 block.
        let mut ips: Vec<u128> = (1..90_000u64)
            .map(|i| i.wrapping_mul(0x9E37_79B9_7F4A_7C15))
            .map(|x| match x % 4 {
                0 => u128::from(x >> 40),
                1 => u128::from(x) << 64,
                _ => V4_FIRST | u128::from((x >> 32) as u32),
            })
            .collect();
        ips.sort_unstable();
        ips.dedup();
        let mut want = IpTable::default();
        let mut rows = Vec::new();
        for (i, &ip) in ips.iter().enumerate() {
            want.push(ip);
            for acct in 0..(i % 3 + 1) as u64 {
                rows.push((PairKey { ip, acct }, Compact::default()));
            }
        }
        assert!(rows.len() > 2 * CHUNK);
        assert_eq!(IpTable::of_sorted(&rows), want);
        assert_eq!(IpTable::of_sorted(&[]), IpTable::default());
    }
}
