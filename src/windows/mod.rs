//! Per-source and per-account state over the night, sharded so threads never share a lock.
//!
//! The unit of state is the *pair* (address, account): every event updates exactly one
//! [`PairStats`]. Memory therefore grows with distinct (address, account) pairs, never with
//! events. Each worker thread fills its own [`Windows`]; shards are keyed by the account, so the
//! per-thread states merge shard by shard in parallel. Every statistic is a count, a minimum or
//! a maximum, so the merged state is the same whatever the order, split or thread count.
//! [`sources`] then derives per-address and per-network statistics from the merged pairs.

pub mod agents;
mod names;
mod pair;
pub mod sorted;
pub mod sources;
pub mod spray;
pub mod table;

use std::borrow::Cow;

use ahash::AHashMap;
use rayon::prelude::*;

use crate::event::{AcctKey, Event, IpKey};
use crate::fingerprint::Fp;
pub use names::Names;
pub use pair::*;
pub use sorted::SortedPairs;
pub use spray::{FailLog, SortedSpray, Spray};
pub use table::RowTable;

/// Number of shards (a power of two).
pub const SHARDS: usize = 64;

/// The shard of an account.
pub fn shard_of(acct: AcctKey) -> usize {
    (acct >> 58) as usize & (SHARDS - 1)
}

/// Key of a failure with a logged password: (address, password, account). A set of these gives
/// exact distinct-account counts per password, per source and over the night (spraying).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SprayKey {
    /// Address.
    pub ip: IpKey,
    /// Password fingerprint.
    pub pw: Fp,
    /// Account.
    pub acct: AcctKey,
}

/// Does this event enter the failed-password set (a failure with a logged password)?
#[inline]
fn sprays(e: &Event) -> bool {
    !e.ok() && e.has_pw()
}

/// The failed triple of an event.
#[inline]
fn spray_key(e: &Event) -> SprayKey {
    SprayKey {
        ip: e.ip,
        pw: e.pw,
        acct: e.acct,
    }
}

/// Events whose lookups [`Windows::add_batch`] overlaps (its steps' prefetches of this many
/// events should still be in cache when the update reaches them).
pub const PASS: usize = 64;

/// One event's hashes and findings between the steps of [`Windows::add_batch`].
#[derive(Debug, Default, Clone, Copy)]
struct Step {
    /// Hash of the pair key in its shard's pair table.
    pair: u64,
    /// Hash of the account in its shard's names (0 until needed).
    name: u64,
    /// The pair was new.
    new_pair: bool,
}

/// Scratch space of [`Windows::add_batch`], kept by the caller so its allocation is reused.
#[derive(Debug, Default, Clone)]
pub struct BatchScratch {
    steps: Vec<Step>,
}

/// Sets every pair's `fail_pws` to its number of distinct failed passwords in `spray` (the
/// triples of `pairs`, sorted by (address, account, password)): each triple is a distinct
/// password of its pair. Every pair's count is 0 before.
fn count_fail_pws(pairs: &mut SortedPairs, spray: &Spray) {
    match spray {
        Spray::Refs(refs) => {
            for run in refs.chunk_by(|a, b| a.pair == b.pair) {
                if let Some(r) = run.first() {
                    pairs.set_fail_pws(r.pair as usize, run.len() as u32);
                }
            }
        }
        Spray::Keys(keys) => count_fail_pws_by_key(pairs, keys),
    }
}

/// [`count_fail_pws`] for triples kept as keys (sorted by address first): per address, the
/// accounts of its failed triples are sorted and counted, then found among the address's
/// pairs (galloping forward over the addresses).
fn count_fail_pws_by_key(pairs: &mut SortedPairs, spray: &[SprayKey]) {
    let mut at = 0usize;
    let mut accts: Vec<AcctKey> = Vec::new();
    for run in spray.chunk_by(|a, b| a.ip == b.ip) {
        let Some(first) = run.first() else { continue };
        let of_ip = pairs.gallop_ip(&mut at, first.ip);
        accts.clear();
        accts.extend(run.iter().map(|k| k.acct));
        accts.sort_unstable();
        for same in accts.chunk_by(|a, b| a == b) {
            let Some(&acct) = same.first() else { continue };
            if let Some(i) = pairs.find_acct(of_ip.clone(), acct) {
                pairs.set_fail_pws(i, same.len() as u32);
            }
        }
    }
}

/// `0..len` cut into consecutive ranges of `step` positions (the last one shorter): the
/// pieces of a pass that counts first, then fills its [`split_parts`] on the pool.
fn fixed_pieces(len: usize, step: usize) -> Vec<std::ops::Range<usize>> {
    let step = step.max(1);
    (0..len)
        .step_by(step)
        .map(|i| i..len.min(i + step))
        .collect()
}

/// `v` cut into consecutive parts of `counts` elements, in order (the last ones short or
/// empty if `v` runs out): each a part of a vector filled on the pool.
fn split_parts<'a, T>(mut v: &'a mut [T], counts: &[usize]) -> Vec<&'a mut [T]> {
    let mut parts = Vec::with_capacity(counts.len());
    for &n in counts {
        let all = std::mem::take(&mut v);
        let (part, rest) = all.split_at_mut(n.min(all.len()));
        parts.push(part);
        v = rest;
    }
    parts
}

/// What [`Windows::finish`] takes from one shard: its failed-password triples, its pairs as
/// compact rows, and the pairs no compact row can hold.
type Drained = (
    Vec<SprayKey>,
    Vec<(PairKey, Compact)>,
    Vec<(PairKey, PairStats)>,
);

/// One shard of state.
#[derive(Debug, Default, Clone)]
pub struct Shard {
    /// Pair states, as 64-byte rows (see [`Compact`]).
    pub pairs: RowTable<PairKey, Compact, PairRow>,
    /// The states of pairs whose rows cannot hold them (marked `wide` in `pairs`).
    wide: AHashMap<PairKey, PairStats>,
    /// Time base of the rows' offsets: set by the first pair, kept until the shard is drained.
    base: Option<i64>,
    /// Failed (address, password, account) triples, as (pair row, password).
    pub spray: FailLog,
    /// Normalised account names, by key.
    pub users: Names,
    /// Two different names with one key (reported; their states are merged).
    pub collisions: u64,
}

/// Adds event `e` to the pair `key` whose row is `c` (times relative to `base`), moving its
/// state to `wide` when the row cannot hold the result.
#[inline]
fn add_pair(
    c: &mut Compact,
    wide: &mut AHashMap<PairKey, PairStats>,
    base: i64,
    key: PairKey,
    e: &Event,
) {
    if c.add(e, base) {
        return;
    }
    if c.is_wide() {
        wide.entry(key).or_default().add(e);
    } else {
        let mut p = c.decode(base);
        p.add(e);
        c.wide = 1;
        wide.insert(key, p);
    }
}

impl Shard {
    /// The time base of this shard, set from `t` if it has none yet.
    #[inline]
    fn base(&mut self, t: i64) -> i64 {
        *self.base.get_or_insert_with(|| base_for(t))
    }

    /// Merges the state `v` of pair `key` into this shard.
    fn merge_pair(&mut self, key: PairKey, v: &PairStats) {
        let base = self.base(v.first_ts());
        let (c, new) = self.pairs.entry(key);
        if c.is_wide() {
            self.wide.entry(key).or_default().merge(v);
            return;
        }
        let mut p = *v;
        if !new {
            p = c.decode(base);
            p.merge(v);
        }
        match Compact::encode(&p, base) {
            Some(n) => *c = n,
            None => {
                c.wide = 1;
                self.wide.insert(key, p);
            }
        }
    }

    /// Moves every pair out (the table and the `wide` map are freed as they are read),
    /// leaving the shard without pairs or time base.
    fn drain_pairs(&mut self) -> impl Iterator<Item = (PairKey, PairStats)> + use<> {
        let rows = std::mem::take(&mut self.pairs);
        let mut wide = std::mem::take(&mut self.wide);
        let base = self.base.take().unwrap_or(0);
        rows.into_rows().map(move |(k, c)| {
            let p = if c.is_wide() {
                wide.remove(&k).unwrap_or_default()
            } else {
                c.decode(base)
            };
            (k, p)
        })
    }

    /// Empties the shard for [`Windows::finish`]: its failed-password triples, its pairs as
    /// compact rows with times rebased to the night's `base` (a pair no compact row can hold
    /// then marked wide, and kept whole in the third list), and its names frozen.
    fn drain_rows(&mut self, base: i64) -> Drained {
        let triples: Vec<SprayKey> = self.take_triples().collect();
        let mut rows = Vec::with_capacity(self.pairs.len());
        let mut wide = Vec::new();
        for (k, p) in self.drain_pairs() {
            match Compact::encode(&p, base) {
                Some(c) => rows.push((k, c)),
                None => {
                    rows.push((k, Compact::wide_marker()));
                    wide.push((k, p));
                }
            }
        }
        self.users.freeze();
        (triples, rows, wide)
    }

    /// Moves the logged failed triples out, as keys (repeats included); the log is freed as it
    /// is read. Before the pairs are drained: the log names them by row number.
    fn take_triples(&mut self) -> impl Iterator<Item = SprayKey> + '_ {
        let (rows, keys) = std::mem::take(&mut self.spray).into_entries();
        let pairs = &self.pairs;
        rows.filter_map(move |(r, pw)| {
            pairs.key_at(r).map(|k| SprayKey {
                ip: k.ip,
                pw,
                acct: k.acct,
            })
        })
        .chain(keys)
    }

    /// Pairs kept in the `wide` map (rows that could not hold their state).
    pub fn wide_pairs(&self) -> usize {
        self.wide.len()
    }
}

/// The state one worker fills, and after [`Windows::merge`], the state of the whole night.
#[derive(Debug, Clone)]
pub struct Windows {
    /// Shards by account key.
    pub shards: Vec<Shard>,
    /// Events added.
    pub events: u64,
    /// Events whose time a pair row could not hold (outside [`TIME_MIN`]..=[`TIME_MAX`]),
    /// clamped to the nearer bound.
    clamped: u64,
    /// Pairs moved out of the shards by [`Windows::finish`], sorted.
    sorted: SortedPairs,
    /// Failed-password triples moved out by [`Windows::finish`], sorted, as positions in
    /// `sorted`.
    sorted_spray: Spray,
    /// Has [`Windows::release_spray`] freed `sorted_spray`?
    spray_released: bool,
    /// Per user agent: failures with leaked pairs, clean logins, leaked-pair logins.
    agents: agents::AgentTally,
}

impl Default for Windows {
    fn default() -> Self {
        Windows {
            shards: vec![Shard::default(); SHARDS],
            events: 0,
            clamped: 0,
            sorted: SortedPairs::default(),
            sorted_spray: Spray::default(),
            spray_released: false,
            agents: agents::AgentTally::default(),
        }
    }
}

impl Windows {
    /// Adds one event; `user` is the normalised name of `e.acct`. A time outside
    /// [`TIME_MIN`]..=[`TIME_MAX`] is clamped and counted ([`Windows::clamped_times`]).
    #[inline]
    pub fn add(&mut self, e: &Event, user: &str) {
        self.events += 1;
        if !time_in_range(e.ts_ms) {
            self.clamped += 1;
        }
        let sh = &mut self.shards[shard_of(e.acct)];
        let key = PairKey {
            ip: e.ip,
            acct: e.acct,
        };
        let base = sh.base(e.ts_ms);
        let h = sh.pairs.hash(&key);
        let (row, c, new) = sh.pairs.upsert_hashed(h, key, Compact::default);
        add_pair(c, &mut sh.wide, base, key, e);
        if new {
            match sh.users.get(e.acct) {
                Some(u) => {
                    if u != user {
                        sh.collisions += 1;
                    }
                }
                None => sh.users.insert(e.acct, user),
            }
        }
        if sprays(e) {
            sh.spray.push(row, &spray_key(e));
        }
        self.agents.add(e);
    }

    /// Adds events, as [`Windows::add`] one by one would (the same state, whatever the
    /// batch): event `i`'s normalised name is `names[ends[i - 1]..ends[i]]` (from 0 for the
    /// first). The lookups of [`PASS`] events at a time are split into steps (hash and
    /// prefetch the index buckets of all, then find and prefetch their rows, then update), so
    /// that their cache misses overlap instead of following one another.
    pub fn add_batch(
        &mut self,
        evs: &[Event],
        names: &str,
        ends: &[usize],
        scratch: &mut BatchScratch,
    ) {
        let mut from = 0usize;
        for (part, part_ends) in evs.chunks(PASS).zip(ends.chunks(PASS)) {
            self.add_pass(part, names, from, part_ends, scratch);
            from = part_ends.last().copied().unwrap_or(from);
        }
    }

    /// One pass of [`Windows::add_batch`]: `from` is where the first event's name starts.
    fn add_pass(
        &mut self,
        evs: &[Event],
        names: &str,
        from: usize,
        ends: &[usize],
        scratch: &mut BatchScratch,
    ) {
        let steps = &mut scratch.steps;
        steps.clear();
        // 1. Hash the keys; prefetch the index buckets where their probes start.
        for e in evs {
            let Some(sh) = self.shards.get(shard_of(e.acct)) else {
                steps.push(Step::default());
                continue;
            };
            let pair = sh.pairs.hash(&PairKey {
                ip: e.ip,
                acct: e.acct,
            });
            sh.pairs.prefetch_index(pair);
            steps.push(Step {
                pair,
                name: 0,
                new_pair: false,
            });
        }
        // 2. Find the likely rows in the index and prefetch them; where a pair is certainly
        // new, prefetch the index buckets of its account's name.
        for (e, st) in evs.iter().zip(steps.iter_mut()) {
            let Some(sh) = self.shards.get(shard_of(e.acct)) else {
                continue;
            };
            if sh.pairs.prefetch_candidate(st.pair) {
                st.name = sh.users.hash(e.acct);
                sh.users.prefetch_index(st.name);
            }
        }
        // 3. Update the pairs and the failed triples; for new pairs, prefetch the account's
        // name row.
        let mut new_pairs = 0usize;
        for (e, st) in evs.iter().zip(steps.iter_mut()) {
            self.events += 1;
            if !time_in_range(e.ts_ms) {
                self.clamped += 1;
            }
            let Some(sh) = self.shards.get_mut(shard_of(e.acct)) else {
                continue;
            };
            let key = PairKey {
                ip: e.ip,
                acct: e.acct,
            };
            let base = sh.base(e.ts_ms);
            let (row, c, new) = sh.pairs.upsert_hashed(st.pair, key, Compact::default);
            add_pair(c, &mut sh.wide, base, key, e);
            if new {
                if st.name == 0 {
                    st.name = sh.users.hash(e.acct);
                }
                sh.users.prefetch_candidate(st.name);
                new_pairs += 1;
            }
            st.new_pair = new;
            if sprays(e) {
                sh.spray.push(row, &spray_key(e));
            }
            self.agents.add(e);
        }
        if new_pairs == 0 {
            return;
        }
        // 4. New pairs: prefetch the names they will be compared with.
        for (e, st) in evs.iter().zip(steps.iter()) {
            if st.new_pair
                && let Some(sh) = self.shards.get(shard_of(e.acct))
            {
                sh.users.prefetch_name(st.name, e.acct);
            }
        }
        // 5. New pairs: name the account, or count a collision.
        let mut start = from;
        for ((e, st), &end) in evs.iter().zip(steps.iter()).zip(ends) {
            let user = names.get(start..end).unwrap_or_default();
            start = end;
            if !st.new_pair {
                continue;
            }
            let Some(sh) = self.shards.get_mut(shard_of(e.acct)) else {
                continue;
            };
            match sh.users.get_hashed(st.name, e.acct) {
                Some(u) => {
                    if u != user {
                        sh.collisions += 1;
                    }
                }
                None => sh.users.insert_hashed(st.name, e.acct, user),
            }
        }
    }

    /// Merges two states shard by shard, in parallel.
    pub fn merge(mut self, mut other: Windows) -> Windows {
        self.events += other.events;
        self.clamped += other.clamped;
        self.agents.merge(std::mem::take(&mut other.agents));
        let finished_parts = !self.sorted.is_empty() || !other.sorted.is_empty();
        // Finished parts go back into their shards first (`finish` sorts them again).
        self.unfinish();
        other.unfinish();
        self.shards
            .par_iter_mut()
            .zip(other.shards.into_par_iter())
            .for_each(|(a, b)| {
                let (mut big, mut small) = if a.pairs.len() >= b.pairs.len() {
                    (std::mem::take(a), b)
                } else {
                    (b, std::mem::take(a))
                };
                // The small shard's triples as keys (its row numbers are its own), then
                // logged again under the big shard's row numbers.
                let triples: Vec<SprayKey> = small.take_triples().collect();
                for (k, v) in small.drain_pairs() {
                    big.merge_pair(k, &v);
                }
                for t in triples {
                    let key = PairKey {
                        ip: t.ip,
                        acct: t.acct,
                    };
                    big.spray
                        .push(big.pairs.row_of(&key).unwrap_or(u32::MAX), &t);
                }
                big.collisions += small.collisions;
                for (k, u) in small.users.iter() {
                    // Keep the bytewise smaller name so the result is order-independent.
                    let set = match big.users.get(k) {
                        Some(x) if x != u => {
                            big.collisions += 1;
                            u < x
                        }
                        Some(_) => false,
                        None => true,
                    };
                    if set {
                        big.users.insert(k, u);
                    }
                }
                *a = big;
            });
        if finished_parts {
            self.finish();
        }
        self
    }

    /// Number of distinct pairs (after [`Windows::finish`]: exact; before: per-shard sum).
    pub fn pair_count(&self) -> usize {
        self.sorted.len() + self.shards.iter().map(|s| s.pairs.len()).sum::<usize>()
    }

    /// Number of distinct accounts.
    pub fn account_count(&self) -> usize {
        self.shards.iter().map(|s| s.users.len()).sum()
    }

    /// Events whose time was outside [`TIME_MIN`]..=[`TIME_MAX`] (years before about 2490 BC
    /// or after AD 6429): their pairs hold the nearer bound instead.
    pub fn clamped_times(&self) -> u64 {
        self.clamped
    }

    /// What the night's events say of each user agent.
    pub fn agents(&self) -> &agents::AgentTally {
        &self.agents
    }

    /// Name collisions seen (two names with one 64-bit key).
    pub fn collisions(&self) -> u64 {
        self.shards.iter().map(|s| s.collisions).sum()
    }

    /// The normalised name of an account.
    pub fn user(&self, acct: AcctKey) -> Option<&str> {
        self.shards.get(shard_of(acct))?.users.get(acct)
    }

    /// Every (account, name), sorted: a comparable view of the names for tests.
    #[cfg(test)]
    pub(crate) fn sorted_names(&self) -> Vec<(AcctKey, String)> {
        let mut v: Vec<(AcctKey, String)> = self
            .shards
            .iter()
            .flat_map(|s| s.users.iter().map(|(k, u)| (k, u.to_string())))
            .collect();
        v.sort();
        v
    }

    /// Puts the pairs and triples of an earlier [`Windows::finish`] back into the shards (their
    /// `fail_pws`, which `finish` counts again, cleared).
    fn unfinish(&mut self) {
        let sorted = std::mem::take(&mut self.sorted);
        let spray = std::mem::take(&mut self.sorted_spray).into_keys(&sorted);
        for (k, mut p) in sorted.drain() {
            p.fail_pws = 0;
            if let Some(sh) = self.shards.get_mut(shard_of(k.acct)) {
                sh.merge_pair(k, &p);
            }
        }
        for t in spray {
            if let Some(sh) = self.shards.get_mut(shard_of(t.acct)) {
                let key = PairKey {
                    ip: t.ip,
                    acct: t.acct,
                };
                sh.spray.push(sh.pairs.row_of(&key).unwrap_or(u32::MAX), &t);
            }
        }
    }

    /// Ends the night: moves every pair and failed-password triple out of the shards' tables
    /// into sorted stores (freeing the tables), so analysis reads them without a second copy:
    /// pairs as [`SortedPairs`] (48-byte rows), triples as [`Spray`] (12 bytes each). Adding
    /// events after this starts a new, unfinished part.
    pub fn finish(&mut self) {
        self.unfinish();
        // Repeated triples out first (in parallel): the keys below are 32 bytes each.
        self.shards.par_iter_mut().for_each(|sh| sh.spray.compact());
        let base = sorted::night_base(self.shards.iter().filter_map(|s| s.base).collect());
        let mut spray: Vec<SprayKey> =
            Vec::with_capacity(self.shards.iter().map(|s| s.spray.len()).sum::<usize>());
        // 64 bytes a pair while sorting: the scan's compact row, its times rebased to `base`
        // (a pair the row cannot hold then is kept whole in `wide`).
        let mut pairs: Vec<(PairKey, Compact)> =
            Vec::with_capacity(self.shards.iter().map(|s| s.pairs.len()).sum());
        let mut wide: AHashMap<PairKey, PairStats> = AHashMap::new();
        // A pool's worth of shards at a time, each drained and re-encoded on its own thread,
        // handing the freed tables back to the system before the next group is copied: the
        // vectors grow as the tables shrink, instead of on top of them (a group's rows are
        // held twice for a moment: a pool's share of the pairs, not all of them).
        let group = rayon::current_num_threads().max(1);
        for shards in self.shards.chunks_mut(group) {
            let parts: Vec<_> = shards
                .par_iter_mut()
                .map(|sh| sh.drain_rows(base))
                .collect();
            for (triples, rows, wides) in parts {
                spray.extend(triples);
                pairs.extend(rows);
                wide.extend(wides);
            }
            crate::mem::release_free_memory();
        }
        // In pair order (address, account), then password: the positions `Spray::from_keys`
        // makes then rise, and reading the triples back walks the pairs forward.
        spray.par_sort_unstable_by_key(|k| (k.ip, k.acct, k.pw));
        spray.dedup();
        // Keys are distinct: a shard holds each of its accounts' pairs once.
        pairs.par_sort_unstable_by_key(|(k, _)| *k);
        let mut pairs = SortedPairs::from_sorted(pairs, wide, base);
        crate::mem::release_free_memory();
        // 12 bytes a triple instead of 32: the pair's position and the password.
        let spray = Spray::from_keys(spray, &pairs);
        count_fail_pws(&mut pairs, &spray);
        crate::mem::release_free_memory();
        self.sorted = pairs;
        self.sorted_spray = spray;
    }

    /// All pairs sorted by (address, account): addresses and networks become contiguous runs.
    /// Each pair's `fail_pws` is filled from the failed-password set. Borrowed after
    /// [`Windows::finish`]; computed (a copy) before it.
    pub fn sorted_pairs(&self) -> Cow<'_, SortedPairs> {
        if self.is_finished() {
            return Cow::Borrowed(&self.sorted);
        }
        let mut w = self.clone();
        w.finish();
        Cow::Owned(w.sorted)
    }

    /// All failed (address, password, account) triples, sorted by (address, account, password).
    /// Not to be called after [`Windows::release_spray`].
    pub fn sorted_spray(&self) -> SortedSpray<'_> {
        debug_assert!(
            !self.spray_released,
            "the failed-password triples were released"
        );
        if self.is_finished() {
            return SortedSpray {
                pairs: Cow::Borrowed(&self.sorted),
                spray: Cow::Borrowed(&self.sorted_spray),
            };
        }
        let mut w = self.clone();
        w.finish();
        SortedSpray {
            pairs: Cow::Owned(w.sorted),
            spray: Cow::Owned(w.sorted_spray),
        }
    }

    /// Frees the finished failed-password triples once nothing will read them again (the
    /// rules' convictions are their last reader; the verdict lists need the pairs and names
    /// only): on a large night they are a tenth of the state, held at the memory peak
    /// otherwise. [`Windows::sorted_spray`] must not be called afterwards.
    pub fn release_spray(&mut self) {
        self.sorted_spray = Spray::default();
        self.spray_released = true;
        crate::mem::release_free_memory();
    }

    /// Heap bytes of the finished failed-triple list.
    pub fn sorted_spray_bytes(&self) -> usize {
        self.sorted_spray.heap_bytes()
    }

    /// Has [`Windows::finish`] run with nothing added since?
    pub fn is_finished(&self) -> bool {
        self.shards
            .iter()
            .all(|s| s.pairs.is_empty() && s.spray.is_empty())
            && (!self.sorted.is_empty() || self.events == 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::flags;

    fn ev(ts_ms: i64, ip: IpKey, acct: AcctKey, pw: Fp, ok: bool) -> Event {
        Event {
            ts_ms,
            ip,
            acct,
            pw,
            flags: if ok { flags::OK } else { 0 } | if pw != 0 { flags::HAS_PW } else { 0 },
            agent: 0,
        }
    }

    /// A small night: several addresses and accounts, repeated and distinct failed passwords.
    fn night() -> Vec<Event> {
        let mut v = Vec::new();
        let mut x = 7u64;
        for i in 0..3000i64 {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let ip = u128::from((x >> 20) % 40);
            let acct = ((x >> 30) % 25).wrapping_mul(0x9E37_79B9_7F4A_7C15);
            let pw = (x >> 40) % 7;
            v.push(ev(1_000 * i, ip, acct, pw, (x >> 50) % 5 == 0));
        }
        v
    }

    /// The finished state of `evs`.
    fn finished(evs: &[Event]) -> Windows {
        let mut w = Windows::default();
        for e in evs {
            w.add(e, "u");
        }
        w.finish();
        w
    }

    /// The 104-byte row this one replaced, as the reference: every time an `i64` with
    /// sentinels, every count its own field.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    struct Wide {
        attempts: u32,
        fails: u32,
        succ: u32,
        leaked_fails: u16,
        leaked_succ: u16,
        clean_succ: u16,
        t: [i64; 6],
        pw: Fp,
    }

    impl Wide {
        fn new() -> Self {
            Wide {
                attempts: 0,
                fails: 0,
                succ: 0,
                leaked_fails: 0,
                leaked_succ: 0,
                clean_succ: 0,
                t: [i64::MAX, i64::MIN, i64::MAX, i64::MAX, i64::MIN, i64::MAX],
                pw: 0,
            }
        }

        fn add(&mut self, e: &Event) {
            self.attempts += 1;
            self.t[0] = self.t[0].min(e.ts_ms);
            self.t[1] = self.t[1].max(e.ts_ms);
            if e.ok() {
                self.succ += 1;
                if (e.ts_ms, e.pw) < (self.t[3], self.pw) {
                    self.t[3] = e.ts_ms;
                    self.pw = e.pw;
                }
                self.t[4] = self.t[4].max(e.ts_ms);
                if e.cred_leaked() {
                    self.leaked_succ = self.leaked_succ.saturating_add(1);
                    self.t[5] = self.t[5].min(e.ts_ms);
                } else if e.cred_clean() {
                    self.clean_succ = self.clean_succ.saturating_add(1);
                }
            } else {
                self.fails += 1;
                self.t[2] = self.t[2].min(e.ts_ms);
                if e.cred_leaked() {
                    self.leaked_fails = self.leaked_fails.saturating_add(1);
                }
            }
        }

        fn of(p: &PairStats) -> Wide {
            Wide {
                attempts: p.attempts,
                fails: p.fails,
                succ: p.succ(),
                leaked_fails: p.leaked_fails,
                leaked_succ: p.leaked_succ,
                clean_succ: p.clean_succ,
                t: [
                    p.first_ts(),
                    p.last_ts(),
                    p.first_fail_ts(),
                    p.first_succ_ts(),
                    p.last_succ_ts(),
                    p.first_leaked_succ_ts(),
                ],
                pw: p.first_succ_pw(),
            }
        }
    }

    #[test]
    fn rows_are_64_and_80_bytes() {
        // The shard tables' row: one aligned cache line.
        assert_eq!(std::mem::size_of::<Compact>(), 40);
        assert_eq!(std::mem::size_of::<PairRow>(), 64);
        assert_eq!(std::mem::align_of::<PairRow>(), 64);
        // The finished (sorted) row the rules read.
        assert_eq!(std::mem::size_of::<PairStats>(), 56);
        assert_eq!(std::mem::size_of::<(PairKey, PairStats)>(), 80);
    }

    /// A pair whose times span more than the base's 49.7 days, or whose leaked successes pass
    /// 255, moves to the `wide` map and stays exact; a near pair stays compact.
    #[test]
    fn far_pairs_go_wide_and_stay_exact() {
        const DAY: i64 = 86_400_000;
        let t0 = 1_763_600_000_000;
        let leaked_ok = flags::OK | flags::HAS_CRED | flags::CRED_LEAKED;
        let mut evs = vec![
            Event {
                ts_ms: t0,
                ip: 1,
                acct: 1,
                pw: 3,
                flags: 0,
                agent: 0,
            },
            Event {
                ts_ms: t0 + 60 * DAY,
                ip: 1,
                acct: 1,
                pw: 3,
                flags: flags::OK,
                agent: 0,
            },
            Event {
                ts_ms: t0 + DAY,
                ip: 2,
                acct: 1,
                pw: 3,
                flags: flags::OK,
                agent: 0,
            },
        ];
        evs.extend((0..300).map(|i| Event {
            ts_ms: t0 + i,
            ip: 3,
            acct: 1,
            pw: 4,
            flags: leaked_ok,
            agent: 0,
        }));
        let mut sh = Shard::default();
        let mut model: AHashMap<PairKey, PairStats> = AHashMap::new();
        for e in &evs {
            let key = PairKey {
                ip: e.ip,
                acct: e.acct,
            };
            model.entry(key).or_default().add(e);
            let base = sh.base(e.ts_ms);
            let (c, _) = sh.pairs.entry(key);
            add_pair(c, &mut sh.wide, base, key, e);
        }
        assert_eq!(sh.wide_pairs(), 2);
        let mut want: Vec<(PairKey, PairStats)> = model.into_iter().collect();
        want.sort_unstable_by_key(|(k, _)| *k);
        assert_eq!(drained(&mut sh), want);
        assert_eq!(want[2].1.leaked_succ, 300);
    }

    /// The pairs of a shard, as [`PairStats`], sorted by key.
    fn drained(sh: &mut Shard) -> Vec<(PairKey, PairStats)> {
        let mut v: Vec<(PairKey, PairStats)> = sh.drain_pairs().collect();
        v.sort_unstable_by_key(|(k, _)| *k);
        v
    }

    proptest::proptest! {
        /// A shard of compact rows holds what [`PairStats`] rows (the model) hold, event by
        /// event and after merging two shards that each took some of the events: times near
        /// and far from the shard's base (past its 49.7 days, past the clamping bounds),
        /// counts past a `u8` (few keys, many events).
        #[test]
        fn compact_rows_equal_pair_stats(
            evs in proptest::collection::vec(
                (0u8..3, 0u8..16, 0u64..4, 0usize..9, -3_000_000i64..3_000_000, proptest::bool::ANY),
                1..1_200,
            ),
            start in 0usize..6,
        ) {
            const DAY: i64 = 86_400_000;
            let starts = [1_763_600_000_000, 0, TIME_MIN, TIME_MAX - DAY, -DAY, i64::MAX];
            let t0 = starts[start];
            let spans = [0, 0, 0, 0, 20 * DAY, 26 * DAY, -26 * DAY, 400 * DAY, i64::MIN / 2];
            let mut model: AHashMap<PairKey, PairStats> = AHashMap::new();
            let (mut one, mut a, mut b) = (Shard::default(), Shard::default(), Shard::default());
            for &(k, f, pw, span, dt, side) in &evs {
                let key = PairKey { ip: u128::from(k % 2), acct: u64::from(k) };
                let e = Event {
                    ts_ms: t0.saturating_add(spans[span]).saturating_add(dt),
                    ip: key.ip,
                    acct: key.acct,
                    pw,
                    flags: f & (flags::OK | flags::HAS_PW | flags::HAS_CRED | flags::CRED_LEAKED),
                    agent: 0,
                };
                model.entry(key).or_default().add(&e);
                for sh in [&mut one, if side { &mut a } else { &mut b }] {
                    let base = sh.base(e.ts_ms);
                    let (c, _) = sh.pairs.entry(key);
                    add_pair(c, &mut sh.wide, base, key, &e);
                }
            }
            let mut want: Vec<(PairKey, PairStats)> = model.into_iter().collect();
            want.sort_unstable_by_key(|(k, _)| *k);
            proptest::prop_assert_eq!(&drained(&mut one), &want);
            for (k, v) in b.drain_pairs() {
                a.merge_pair(k, &v);
            }
            proptest::prop_assert_eq!(&drained(&mut a), &want);
        }
    }

    /// The compact row answers what the wide row held, event by event and after merging parts
    /// split at random, with times near the range's bounds and far from the epoch.
    #[test]
    fn compact_row_equals_wide_row() {
        let mut x = 3u64;
        let mut next = || {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            x >> 16
        };
        let bases = [
            0,
            1_763_600_000_000,
            TIME_MIN,
            TIME_MAX - 10_000_000,
            -86_400_000,
        ];
        for round in 0..400 {
            let base = bases[round % bases.len()];
            let n = 1 + next() % 40;
            let evs: Vec<Event> = (0..n)
                .map(|_| {
                    let r = next();
                    let mut flags = 0;
                    if r % 3 == 0 {
                        flags |= flags::OK;
                    }
                    if r % 5 < 3 {
                        flags |= flags::HAS_CRED;
                        if r % 7 < 3 {
                            flags |= flags::CRED_LEAKED;
                        }
                    }
                    Event {
                        ts_ms: base + (next() % 5_000_000) as i64,
                        ip: 1,
                        acct: 2,
                        pw: next() % 4,
                        flags,
                        agent: 0,
                    }
                })
                .collect();
            let mut wide = Wide::new();
            let mut one = PairStats::default();
            let (mut a, mut b) = (PairStats::default(), PairStats::default());
            for e in &evs {
                wide.add(e);
                one.add(e);
                if next() % 2 == 0 { &mut a } else { &mut b }.add(e);
                assert_eq!(Wide::of(&one), wide);
            }
            let mut ab = a;
            ab.merge(&b);
            b.merge(&a);
            assert_eq!(Wide::of(&ab), wide);
            assert_eq!(ab, one);
            assert_eq!(b, one);
        }
    }

    /// A time a row cannot hold is clamped to the nearer bound and counted, never a panic or a
    /// wrapped value.
    #[test]
    fn out_of_range_times_are_clamped_and_counted() {
        let mut w = Windows::default();
        for (ts, ok) in [
            (i64::MAX, true),
            (i64::MIN, false),
            (TIME_MAX + 1, true),
            (TIME_MAX, false),
            (0, true),
        ] {
            w.add(&ev(ts, 9, 4, 1, ok), "u");
        }
        assert_eq!(w.clamped_times(), 3);
        w.finish();
        let pairs = w.sorted_pairs().to_vec();
        let [(_, p)] = &pairs[..] else {
            panic!("one pair expected")
        };
        assert_eq!(p.first_ts(), TIME_MIN);
        assert_eq!(p.last_ts(), TIME_MAX);
        assert_eq!(p.first_fail_ts(), TIME_MIN);
        assert_eq!(p.first_succ_ts(), 0);
        assert_eq!(p.last_succ_ts(), TIME_MAX);
        assert_eq!((p.attempts, p.fails, p.succ()), (5, 2, 3));
        let mut other = Windows::default();
        other.add(&ev(i64::MIN + 5, 9, 4, 1, true), "u");
        assert_eq!(w.merge(other).clamped_times(), 4);
    }

    #[test]
    fn fail_pws_counts_distinct_failed_passwords() {
        let evs = night();
        let w = finished(&evs);
        let mut want: AHashMap<(IpKey, AcctKey), ahash::AHashSet<Fp>> = AHashMap::new();
        for e in evs.iter().filter(|e| !e.ok() && e.has_pw()) {
            want.entry((e.ip, e.acct)).or_default().insert(e.pw);
        }
        let pairs = w.sorted_pairs();
        assert!(pairs.iter().any(|(_, p)| p.fail_pws > 1));
        for (k, p) in pairs.iter() {
            let n = want.get(&({ k.ip }, k.acct)).map_or(0, |s| s.len());
            assert_eq!(p.fail_pws as usize, n);
        }
    }

    /// Releasing the triples frees them and leaves the pairs (their counts included) and the
    /// finished state as they were.
    #[test]
    fn releasing_the_triples_keeps_the_pairs() {
        let mut w = finished(&night());
        let pairs = w.sorted_pairs().into_owned();
        assert!(w.sorted_spray_bytes() > 0);
        w.release_spray();
        assert_eq!(w.sorted_spray_bytes(), 0);
        assert!(w.is_finished());
        assert_eq!(*w.sorted_pairs(), pairs);
    }

    #[test]
    fn finishing_parts_equals_finishing_once() {
        let evs = night();
        let once = finished(&evs);
        // Two finished parts with overlapping pairs, merged (neighbours merged in place).
        let (mut a, mut b) = (Windows::default(), Windows::default());
        for (i, e) in evs.iter().enumerate() {
            if i % 3 == 0 { &mut a } else { &mut b }.add(e, "u");
        }
        a.finish();
        b.finish();
        let m = a.merge(b);
        assert_eq!(m.sorted_pairs(), once.sorted_pairs());
        assert_eq!(m.sorted_spray().to_vec(), once.sorted_spray().to_vec());
    }
}

#[cfg(test)]
mod batch_tests {
    use super::*;
    use crate::event::flags;

    /// Everything a state holds, comparable: pairs, triples, names, events, clamped times,
    /// collisions.
    type Summary = (
        Vec<(PairKey, PairStats)>,
        Vec<SprayKey>,
        Vec<(AcctKey, String)>,
        u64,
        u64,
        u64,
        agents::AgentTally,
    );

    fn summary(mut w: Windows) -> Summary {
        let users = w.sorted_names();
        let tally = w.agents().clone();
        let (events, clamped, collisions) = (w.events, w.clamped_times(), w.collisions());
        w.finish();
        (
            w.sorted_pairs().to_vec(),
            w.sorted_spray().to_vec(),
            users,
            events,
            clamped,
            collisions,
            tally,
        )
    }

    proptest::proptest! {
        /// Adding events in batches (split anywhere) gives the state adding them one by one
        /// does: pairs, failed triples, names, collisions (two names for a key), counts.
        #[test]
        fn add_batch_equals_add(
            evs in proptest::collection::vec(
                (0u128..60, 0u64..40, 0u64..5, 0u8..16, -3i64..3_000, 0u8..3),
                0..1_500,
            ),
            cut in 1usize..700,
        ) {
            let names = ["ann", "bob", "a", ""];
            let evs: Vec<(Event, &str)> = evs
                .iter()
                .map(|&(ip, a, pw, f, t, name)| {
                    // A few accounts in every shard; account 7 is named two ways.
                    let acct = a.wrapping_mul(0x9E37_79B9_7F4A_7C15);
                    let ts_ms = if t < 0 { i64::MAX + t } else { t * 1_000 };
                    let user = if a == 7 { names[name as usize] } else { names[(a % 4) as usize] };
                    (Event { ts_ms, ip, acct, pw, flags: f & (flags::OK | flags::HAS_PW | flags::HAS_CRED | flags::CRED_LEAKED), agent: (acct % 3) as u32 }, user)
                })
                .collect();
            let mut one = Windows::default();
            for (e, u) in &evs {
                one.add(e, u);
            }
            let mut batched = Windows::default();
            let mut scratch = BatchScratch::default();
            for part in evs.chunks(cut) {
                let mut text = String::new();
                let mut ends = Vec::new();
                for (_, u) in part {
                    text.push_str(u);
                    ends.push(text.len());
                }
                let es: Vec<Event> = part.iter().map(|(e, _)| *e).collect();
                batched.add_batch(&es, &text, &ends, &mut scratch);
            }
            proptest::prop_assert!(summary(batched) == summary(one));
        }
    }
}
