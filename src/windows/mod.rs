//! Per-source and per-account state over the night, sharded so threads never share a lock.
//!
//! The unit of state is the *pair* (address, account): every event updates exactly one
//! [`PairStats`]. Memory therefore grows with distinct (address, account) pairs, never with
//! events. Each worker thread fills its own [`Windows`]; shards are keyed by the account, so the
//! per-thread states merge shard by shard in parallel. Every statistic is a count, a minimum or
//! a maximum, so the merged state is the same whatever the order, split or thread count.
//! [`sources`] then derives per-address and per-network statistics from the merged pairs.

pub mod sources;

use std::borrow::Cow;

use ahash::{AHashMap, AHashSet};
use rayon::prelude::*;

use crate::event::{AcctKey, Event, IpKey};
use crate::fingerprint::Fp;

/// Number of shards (a power of two).
pub const SHARDS: usize = 64;

/// The shard of an account.
pub fn shard_of(acct: AcctKey) -> usize {
    (acct >> 58) as usize & (SHARDS - 1)
}

/// Key of a pair: an address and an account. Packed to 8-byte alignment (24 bytes instead of
/// 32): the pair table is the largest structure of a night.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(C, packed(8))]
pub struct PairKey {
    /// Address.
    pub ip: IpKey,
    /// Account.
    pub acct: AcctKey,
}

/// What one address did to one account over the night.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PairStats {
    /// Attempts.
    pub attempts: u32,
    /// Failed attempts.
    pub fails: u32,
    /// Successful attempts.
    pub succ: u32,
    /// Failures with a leaked pair (`cred` in the leaks).
    pub leaked_fails: u16,
    /// Successes with a leaked pair.
    pub leaked_succ: u16,
    /// Successes with a logged pair fingerprint that is not leaked.
    pub clean_succ: u16,
    /// First attempt.
    pub first_ts: i64,
    /// Last attempt.
    pub last_ts: i64,
    /// First failure (`i64::MAX` when none).
    pub first_fail_ts: i64,
    /// First success (`i64::MAX` when none).
    pub first_succ_ts: i64,
    /// Last success (`i64::MIN` when none).
    pub last_succ_ts: i64,
    /// First success with a leaked pair (`i64::MAX` when none).
    pub first_leaked_succ_ts: i64,
    /// Password fingerprint of the first success (0 when none or not logged).
    pub first_succ_pw: Fp,
    /// Distinct passwords among the failures (0 when no password was logged); filled by
    /// [`Windows::sorted_pairs`].
    pub fail_pws: u32,
}

impl Default for PairStats {
    fn default() -> Self {
        PairStats {
            attempts: 0,
            fails: 0,
            succ: 0,
            leaked_fails: 0,
            leaked_succ: 0,
            clean_succ: 0,
            first_ts: i64::MAX,
            last_ts: i64::MIN,
            first_fail_ts: i64::MAX,
            first_succ_ts: i64::MAX,
            last_succ_ts: i64::MIN,
            first_leaked_succ_ts: i64::MAX,
            first_succ_pw: 0,
            fail_pws: 0,
        }
    }
}

impl PairStats {
    /// Adds one event.
    pub fn add(&mut self, e: &Event) {
        self.attempts += 1;
        self.first_ts = self.first_ts.min(e.ts_ms);
        self.last_ts = self.last_ts.max(e.ts_ms);
        if e.ok() {
            self.succ += 1;
            if (e.ts_ms, e.pw) < (self.first_succ_ts, self.first_succ_pw) {
                self.first_succ_ts = e.ts_ms;
                self.first_succ_pw = e.pw;
            }
            self.last_succ_ts = self.last_succ_ts.max(e.ts_ms);
            if e.cred_leaked() {
                self.leaked_succ = self.leaked_succ.saturating_add(1);
                self.first_leaked_succ_ts = self.first_leaked_succ_ts.min(e.ts_ms);
            } else if e.cred_clean() {
                self.clean_succ = self.clean_succ.saturating_add(1);
            }
        } else {
            self.fails += 1;
            self.first_fail_ts = self.first_fail_ts.min(e.ts_ms);
            if e.cred_leaked() {
                self.leaked_fails = self.leaked_fails.saturating_add(1);
            }
        }
    }

    /// Merges another pair state of the same key (order-independent).
    pub fn merge(&mut self, o: &PairStats) {
        self.attempts += o.attempts;
        self.fails += o.fails;
        self.succ += o.succ;
        self.leaked_fails = self.leaked_fails.saturating_add(o.leaked_fails);
        self.leaked_succ = self.leaked_succ.saturating_add(o.leaked_succ);
        self.clean_succ = self.clean_succ.saturating_add(o.clean_succ);
        self.first_ts = self.first_ts.min(o.first_ts);
        self.last_ts = self.last_ts.max(o.last_ts);
        self.first_fail_ts = self.first_fail_ts.min(o.first_fail_ts);
        if (o.first_succ_ts, o.first_succ_pw) < (self.first_succ_ts, self.first_succ_pw) {
            self.first_succ_ts = o.first_succ_ts;
            self.first_succ_pw = o.first_succ_pw;
        }
        self.last_succ_ts = self.last_succ_ts.max(o.last_succ_ts);
        self.first_leaked_succ_ts = self.first_leaked_succ_ts.min(o.first_leaked_succ_ts);
        self.fail_pws += o.fail_pws;
    }
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

/// Sets every pair's `fail_pws` to its number of distinct failed passwords in `spray`. Both
/// sorted: `pairs` by (address, account), `spray` by (address, password, account). A merge
/// join, with no table: per address, the accounts of its failed triples are sorted and counted,
/// then met with the address's pairs in order.
fn count_fail_pws(pairs: &mut [(PairKey, PairStats)], spray: &[SprayKey]) {
    for (_, p) in pairs.iter_mut() {
        p.fail_pws = 0;
    }
    let mut at = 0usize;
    let mut accts: Vec<AcctKey> = Vec::new();
    for run in spray.chunk_by(|a, b| a.ip == b.ip) {
        let Some(first) = run.first() else { continue };
        accts.clear();
        accts.extend(run.iter().map(|k| k.acct));
        accts.sort_unstable();
        for same in accts.chunk_by(|a, b| a == b) {
            let Some(&acct) = same.first() else { continue };
            let key = PairKey { ip: first.ip, acct };
            at += pairs
                .get(at..)
                .map_or(0, |rest| rest.partition_point(|(k, _)| *k < key));
            if let Some((k, p)) = pairs.get_mut(at)
                && *k == key
            {
                p.fail_pws = same.len() as u32;
            }
        }
    }
}

/// One shard of state.
#[derive(Debug, Default, Clone)]
pub struct Shard {
    /// Pair states.
    pub pairs: AHashMap<PairKey, PairStats>,
    /// Distinct failed (address, password, account) triples.
    pub spray: AHashSet<SprayKey>,
    /// Normalised account names, by key.
    pub users: AHashMap<AcctKey, Box<str>>,
    /// Two different names with one key (reported; their states are merged).
    pub collisions: u64,
}

/// The state one worker fills, and after [`Windows::merge`], the state of the whole night.
#[derive(Debug, Clone)]
pub struct Windows {
    /// Shards by account key.
    pub shards: Vec<Shard>,
    /// Events added.
    pub events: u64,
    /// Pairs moved out of the shards by [`Windows::finish`], sorted.
    sorted: Vec<(PairKey, PairStats)>,
    /// Failed-password triples moved out by [`Windows::finish`], sorted.
    sorted_spray: Vec<SprayKey>,
}

impl Default for Windows {
    fn default() -> Self {
        Windows {
            shards: vec![Shard::default(); SHARDS],
            events: 0,
            sorted: Vec::new(),
            sorted_spray: Vec::new(),
        }
    }
}

impl Windows {
    /// Adds one event; `user` is the normalised name of `e.acct`.
    #[inline]
    pub fn add(&mut self, e: &Event, user: &str) {
        self.events += 1;
        let sh = &mut self.shards[shard_of(e.acct)];
        let key = PairKey {
            ip: e.ip,
            acct: e.acct,
        };
        let mut new = false;
        sh.pairs
            .entry(key)
            .or_insert_with(|| {
                new = true;
                PairStats::default()
            })
            .add(e);
        if new {
            match sh.users.entry(e.acct) {
                std::collections::hash_map::Entry::Occupied(u) => {
                    if **u.get() != *user {
                        sh.collisions += 1;
                    }
                }
                std::collections::hash_map::Entry::Vacant(v) => {
                    v.insert(user.into());
                }
            }
        }
        if !e.ok() && e.has_pw() {
            sh.spray.insert(SprayKey {
                ip: e.ip,
                pw: e.pw,
                acct: e.acct,
            });
        }
    }

    /// Merges two states shard by shard, in parallel.
    pub fn merge(mut self, mut other: Windows) -> Windows {
        self.events += other.events;
        let finished_parts = !self.sorted.is_empty() || !other.sorted.is_empty();
        self.sorted.append(&mut other.sorted);
        self.sorted_spray.append(&mut other.sorted_spray);
        self.shards
            .par_iter_mut()
            .zip(other.shards.into_par_iter())
            .for_each(|(a, b)| {
                let (mut big, small) = if a.pairs.len() >= b.pairs.len() {
                    (std::mem::take(a), b)
                } else {
                    (b, std::mem::take(a))
                };
                for (k, v) in small.pairs {
                    big.pairs.entry(k).and_modify(|p| p.merge(&v)).or_insert(v);
                }
                big.spray.extend(small.spray);
                big.collisions += small.collisions;
                for (k, u) in small.users {
                    match big.users.get(&k) {
                        Some(x) if *x != u => {
                            // Keep the bytewise smaller name so the result is order-independent.
                            big.collisions += 1;
                            if u < *x {
                                big.users.insert(k, u);
                            }
                        }
                        Some(_) => {}
                        None => {
                            big.users.insert(k, u);
                        }
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

    /// Name collisions seen (two names with one 64-bit key).
    pub fn collisions(&self) -> u64 {
        self.shards.iter().map(|s| s.collisions).sum()
    }

    /// The normalised name of an account.
    pub fn user(&self, acct: AcctKey) -> Option<&str> {
        self.shards[shard_of(acct)].users.get(&acct).map(|b| &**b)
    }

    /// Ends the night: moves every pair and failed-password triple out of the hash maps into
    /// sorted vectors (freeing the maps), so analysis reads them without a second copy. Adding
    /// events after this starts a new, unfinished part.
    pub fn finish(&mut self) {
        let mut spray: Vec<SprayKey> = Vec::with_capacity(
            self.sorted_spray.len() + self.shards.iter().map(|s| s.spray.len()).sum::<usize>(),
        );
        let mut pairs: Vec<(PairKey, PairStats)> = std::mem::take(&mut self.sorted);
        pairs.reserve_exact(self.shards.iter().map(|s| s.pairs.len()).sum());
        for sh in &mut self.shards {
            spray.extend(std::mem::take(&mut sh.spray));
            pairs.extend(std::mem::take(&mut sh.pairs));
        }
        spray.extend(std::mem::take(&mut self.sorted_spray));
        spray.par_sort_unstable();
        spray.dedup();
        pairs.par_sort_unstable_by_key(|(k, _)| *k);
        // Pairs of an earlier finish may repeat keys: merge neighbours, in place.
        pairs.dedup_by(|(k, p), (lk, lp)| {
            let same = *k == *lk;
            if same {
                lp.merge(p);
            }
            same
        });
        count_fail_pws(&mut pairs, &spray);
        self.sorted = pairs;
        self.sorted_spray = spray;
    }

    /// All pairs sorted by (address, account): addresses and networks become contiguous runs.
    /// Each pair's `fail_pws` is filled from the failed-password set. Borrowed after
    /// [`Windows::finish`]; computed (a copy) before it.
    pub fn sorted_pairs(&self) -> Cow<'_, [(PairKey, PairStats)]> {
        if self.is_finished() {
            return Cow::Borrowed(&self.sorted);
        }
        let mut w = self.clone();
        w.finish();
        Cow::Owned(w.sorted)
    }

    /// All failed (address, password, account) triples, sorted.
    pub fn sorted_spray(&self) -> Cow<'_, [SprayKey]> {
        if self.is_finished() {
            return Cow::Borrowed(&self.sorted_spray);
        }
        let mut w = self.clone();
        w.finish();
        Cow::Owned(w.sorted_spray)
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

    #[test]
    fn fail_pws_counts_distinct_failed_passwords() {
        let evs = night();
        let w = finished(&evs);
        let mut want: AHashMap<(IpKey, AcctKey), AHashSet<Fp>> = AHashMap::new();
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
        assert_eq!(m.sorted_spray(), once.sorted_spray());
    }
}
