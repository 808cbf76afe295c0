//! Per-address and per-network statistics, derived from the merged pair states.
//!
//! A source is an address or a network (IPv4 /24, IPv6 /64 by default): an attacker rotating
//! addresses inside one network shows up at the network level even when each address is quiet.

use serde::Serialize;

use super::{PairKey, PairStats, RowTable, SortedPairs, SortedSpray, SprayKey};
use crate::event::{AcctKey, IpKey, holds_v4_block, net_key};
use crate::fingerprint::Fp;

/// Whether a source is one address or a network.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceKind {
    /// One address.
    Addr,
    /// A network of addresses.
    Net,
}

/// What one source did over the night.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SourceStats {
    /// Distinct addresses (1 for an address).
    pub ips: u32,
    /// Distinct addresses with accounts that only failed from them.
    pub failing_ips: u32,
    /// Distinct accounts tried.
    pub accounts: u32,
    /// Attempts.
    pub attempts: u64,
    /// Failures.
    pub fails: u64,
    /// Successes.
    pub succ: u64,
    /// Accounts with at least one success from here.
    pub succ_accounts: u32,
    /// Accounts with failures and no success from here.
    pub fail_only_accounts: u32,
    /// Accounts where a leaked pair failed and nothing succeeded from here ("failed replays").
    pub replay_fail_accounts: u32,
    /// Accounts logged into with a leaked pair.
    pub leaked_succ_accounts: u32,
    /// Accounts logged into with a pair that is not leaked, or whose pair was not logged, and
    /// never tried with a leaked one: the honest mass of a shared address. (A login without a
    /// fingerprint is as likely the owner's as anyone's, so logs without fingerprints keep
    /// their honest mass.)
    pub clean_succ_accounts: u32,
    /// Most failures on one account.
    pub brute_max: u32,
    /// Most distinct accounts that failed with one password.
    pub spray_max: u32,
    /// First attempt.
    pub first_ts: i64,
    /// Last attempt.
    pub last_ts: i64,
    /// First-failure times of the failed-replay accounts, sorted (a boxed slice: 16 bytes
    /// instead of a vector's 24, and no spare capacity).
    #[serde(skip)]
    pub replay_times: Box<[i64]>,
    /// Passwords that failed on two or more accounts from here, with their account counts.
    #[serde(skip)]
    pub sprayed: Box<[(Fp, u32)]>,
}

impl SourceStats {
    /// Share of accounts tried that only failed from here.
    pub fn fail_only_share(&self) -> f64 {
        if self.accounts == 0 {
            0.0
        } else {
            self.fail_only_accounts as f64 / self.accounts as f64
        }
    }

    /// Did this source fail fewer than `per_hour` times an hour of its night (its first to
    /// last attempt, a minute at least)? Never for 0.
    pub fn fails_slower_than(&self, per_hour: u32) -> bool {
        slower_than(
            self.fails,
            self.last_ts.saturating_sub(self.first_ts),
            per_hour,
        )
    }

    /// How far this source's night (its first to last attempt) reaches from time `t`: the
    /// longer of the two distances.
    pub fn reach_from(&self, t: i64) -> i64 {
        t.saturating_sub(self.first_ts)
            .max(self.last_ts.saturating_sub(t))
    }

    /// Number of failed replays within `window_ms` of `t`, excluding none.
    pub fn replays_near(&self, t: i64, window_ms: i64) -> usize {
        let lo = self
            .replay_times
            .partition_point(|&x| x < t.saturating_sub(window_ms));
        let hi = self
            .replay_times
            .partition_point(|&x| x <= t.saturating_add(window_ms));
        hi - lo
    }

    /// How many other accounts failed here with password `pw`.
    pub fn sprayed_accounts(&self, pw: Fp) -> u32 {
        match self.sprayed.binary_search_by_key(&pw, |(p, _)| *p) {
            Ok(i) => self.sprayed.get(i).map_or(0, |x| x.1),
            Err(_) => 0,
        }
    }
}

/// Are `n` events over `span_ms` (a minute at least) fewer than `per_hour` an hour? Never for 0.
pub fn slower_than(n: u64, span_ms: i64, per_hour: u32) -> bool {
    let ms = u64::try_from(span_ms).unwrap_or(0).max(60_000);
    n.saturating_mul(3_600_000) < u64::from(per_hour).saturating_mul(ms)
}

/// Computes a source's statistics from its per-account pair states (one per account).
pub fn stats_of(pairs: impl Iterator<Item = PairStats>, ips: u32) -> SourceStats {
    let mut s = SourceStats {
        ips,
        first_ts: i64::MAX,
        last_ts: i64::MIN,
        ..Default::default()
    };
    let mut replay_times = Vec::new();
    for p in pairs {
        s.accounts += 1;
        s.attempts += p.attempts as u64;
        s.fails += p.fails as u64;
        s.succ += p.succ() as u64;
        s.first_ts = s.first_ts.min(p.first_ts());
        s.last_ts = s.last_ts.max(p.last_ts());
        s.brute_max = s.brute_max.max(p.fails);
        if p.succ() > 0 {
            s.succ_accounts += 1;
        } else if p.fails > 0 {
            s.fail_only_accounts += 1;
            if p.is_failed_replay() {
                s.replay_fail_accounts += 1;
                replay_times.push(p.first_fail_ts());
            }
        }
        if p.leaked_succ > 0 {
            s.leaked_succ_accounts += 1;
        }
        if p.leaked_succ == 0 && p.leaked_fails == 0 && p.succ() > 0 {
            s.clean_succ_accounts += 1;
        }
    }
    replay_times.sort_unstable();
    s.replay_times = replay_times.into_boxed_slice();
    s.failing_ips = u32::from(s.fail_only_accounts > 0);
    s
}

/// The spray figures of a source from its sorted, distinct (password, account) failures: the
/// passwords that failed on two or more accounts with their counts, and the most accounts of
/// one password ([`put_spray`] adds them to its `sprayed` and `spray_max`).
fn spray_counts(pw_accts: &[(Fp, AcctKey)]) -> (Vec<(Fp, u32)>, u32) {
    let mut sprayed = Vec::new();
    let mut max = 0;
    for same in pw_accts.chunk_by(|a, b| a.0 == b.0) {
        let n = same.len() as u32;
        if let Some(&(pw, _)) = same.first()
            && n >= 2
        {
            sprayed.push((pw, n));
        }
        max = max.max(n);
    }
    (sprayed, max)
}

/// Adds [`spray_counts`]' figures to `s`.
fn put_spray(s: &mut SourceStats, (more, max): (Vec<(Fp, u32)>, u32)) {
    if !more.is_empty() {
        let mut sprayed = std::mem::take(&mut s.sprayed).into_vec();
        sprayed.extend(more);
        s.sprayed = sprayed.into_boxed_slice();
    }
    s.spray_max = s.spray_max.max(max);
}

/// Calls `f` with each run of consecutive triples of `spray` that `same` puts together (a
/// buffer reused from run to run).
fn for_runs(
    spray: impl Iterator<Item = SprayKey>,
    same: impl Fn(&SprayKey, &SprayKey) -> bool,
    mut f: impl FnMut(&[SprayKey]),
) {
    let mut run: Vec<SprayKey> = Vec::new();
    for k in spray {
        if run.last().is_some_and(|l| !same(l, &k)) {
            f(&run);
            run.clear();
        }
        run.push(k);
    }
    if !run.is_empty() {
        f(&run);
    }
}

/// Which failed triples of `spray` count for spraying: those whose pair has no success (one
/// flag per triple, in `spray`'s order; a merge join of the two sorted lists: per address, its
/// pairs are found once, then each account by binary search).
fn not_logged_in(pairs: &SortedPairs, spray: impl Iterator<Item = SprayKey>) -> Vec<bool> {
    let mut out = Vec::with_capacity(spray.size_hint().1.unwrap_or(0));
    let mut at = 0usize;
    for_runs(
        spray,
        |a, b| a.ip == b.ip,
        |run| {
            let Some(first) = run.first() else { return };
            let of_ip = pairs.gallop_ip(&mut at, first.ip);
            out.extend(run.iter().map(|k| {
                let logged_in = pairs
                    .find_acct(of_ip.clone(), k.acct)
                    .is_some_and(|i| pairs.logged_in(i));
                !logged_in
            }));
        },
    );
    out
}

/// Calls `f` with each run of `spray` (cut by `same`, never empty) and the (password,
/// account) of its triples that `keep` flags.
fn kept_runs(
    spray: impl Iterator<Item = SprayKey>,
    keep: &[bool],
    same: impl Fn(&SprayKey, &SprayKey) -> bool,
    mut f: impl FnMut(&[SprayKey], Vec<(Fp, AcctKey)>),
) {
    let mut off = 0usize;
    for_runs(spray, same, |run| {
        let flags = keep.get(off..off + run.len()).unwrap_or_default();
        off += run.len();
        let v: Vec<(Fp, AcctKey)> = run
            .iter()
            .zip(flags)
            .filter(|(_, k)| **k)
            .map(|(k, _)| (k.pw, k.acct))
            .collect();
        if !run.is_empty() {
            f(run, v);
        }
    });
}

/// Triples per piece of [`par_kept_runs`].
const RUNS_PIECE: usize = 1 << 14;

/// [`kept_runs`] on the pool: `spray` cut into pieces of about [`RUNS_PIECE`] triples at run
/// boundaries, each run's result made by `f` (reading `state`) in parallel, then handed to
/// `apply` (changing `state`) in order, a wave of pieces at a time.
fn par_kept_runs<S: Sync, R: Send>(
    spray: &SortedSpray<'_>,
    keep: &[bool],
    same: impl Fn(&SprayKey, &SprayKey) -> bool + Sync,
    state: &mut S,
    f: impl Fn(&S, &[SprayKey], Vec<(Fp, AcctKey)>) -> Option<R> + Sync,
    mut apply: impl FnMut(&mut S, R),
) {
    use rayon::prelude::*;
    let at = |i: usize| spray.range(i..i + 1).next();
    let pieces = aligned_pieces(0..spray.len(), RUNS_PIECE, |a, b| {
        at(a).zip(at(b)).is_some_and(|(x, y)| same(&x, &y))
    });
    for wave in pieces.chunks(WAVE) {
        let st: &S = state;
        let results: Vec<Vec<R>> = wave
            .par_iter()
            .map(|r| {
                let mut out = Vec::new();
                let flags = keep.get(r.clone()).unwrap_or_default();
                kept_runs(spray.range(r.clone()), flags, &same, |run, v| {
                    out.extend(f(st, run, v));
                });
                out
            })
            .collect();
        for r in results.into_iter().flatten() {
            apply(state, r);
        }
    }
}

/// Pairs per piece of a parallel pass over the addresses: pieces are cut at address
/// boundaries, so each is about this long.
const PIECE: usize = 1 << 12;

/// Pieces per wave of a pass whose results are held until they are added in order on the
/// calling thread: a wave covers about 32k pairs, as the serial pass's blocks did, so those
/// results stay small.
const WAVE: usize = 8;

/// Cuts `r` into consecutive ranges of about `step` positions, each cut moved forward to the
/// first position `i` where `same(i - 1, i)` is false: a group of consecutive positions that
/// `same` puts together is never split. Each position is compared at most once.
fn aligned_pieces(
    r: std::ops::Range<usize>,
    step: usize,
    same: impl Fn(usize, usize) -> bool,
) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::with_capacity(r.len() / step.max(1) + 1);
    let mut from = r.start;
    while from < r.end {
        let mut to = from.saturating_add(step.max(1)).min(r.end);
        while to < r.end && same(to - 1, to) {
            to += 1;
        }
        out.push(from..to);
        from = to;
    }
    out
}

/// All sources of the night.
#[derive(Debug, Default)]
pub struct Sources {
    /// Address statistics (a row table: 144 B per kept address and a 5-byte index bucket,
    /// where a hash map's bucket held the row at a load of 44-88%).
    pub addrs: RowTable<IpKey, SourceStats>,
    /// Network statistics (networks of two or more addresses only).
    pub nets: RowTable<IpKey, SourceStats>,
    /// Per-(network, account) merged pair states, for networks of two or more addresses.
    pub net_pairs: Vec<(PairKey, PairStats)>,
    /// Per password: distinct accounts it failed on over the whole night.
    pub pw_fail_accounts: PwCounts,
    /// Time from the first to the last event of the night, in milliseconds.
    pub span_ms: i64,
    /// Distinct addresses of the night (also those not kept in `addrs`).
    pub addresses: usize,
    /// Share of the night's logins, per (address, account) pair that logged in, made with a
    /// leaked pair: how often an honest user's login uses a leaked pair tonight (an upper
    /// bound: attackers' logins count too).
    pub exposure: f64,
    /// How the night's pair fingerprints met the leaks.
    pub fingerprints: PairFingerprints,
    /// Entry `n`: the addresses of the night (kept or not) that logged into at least `n`
    /// accounts, for `n` up to [`LOGINS_CAP`] (the last entry: at least that many).
    pub logins_at_least: Vec<u64>,
}

/// The largest account count [`Sources::logins_at_least`] tells apart.
pub const LOGINS_CAP: usize = 64;

impl Sources {
    /// The statistics of source `key` of kind `kind` (an address or a network), if kept.
    pub fn of(&self, key: IpKey, kind: SourceKind) -> Option<&SourceStats> {
        match kind {
            SourceKind::Addr => self.addrs.get(&key),
            SourceKind::Net => self.nets.get(&key),
        }
    }

    /// How many addresses of the night logged into at least `n` accounts (counted exactly up
    /// to [`LOGINS_CAP`]; beyond it, those that logged into at least [`LOGINS_CAP`]).
    pub fn addresses_logging_into(&self, n: u32) -> u64 {
        let i = (n as usize).min(LOGINS_CAP);
        self.logins_at_least.get(i).copied().unwrap_or(0)
    }
}

/// How the night's pair fingerprints met the leaks (a check that logs and leaks share a key).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PairFingerprints {
    /// Successful logins that logged a pair fingerprint (`cred`).
    pub logins: u64,
    /// Attempts whose pair fingerprint is in the leaks.
    pub leaked_attempts: u64,
    /// Successful logins, with a pair fingerprint or not.
    pub successes: u64,
}

impl PairFingerprints {
    /// One pair's counts (saturating, as the pair's counters do).
    fn of(p: &PairStats) -> Self {
        PairFingerprints {
            logins: u64::from(p.leaked_succ) + u64::from(p.clean_succ),
            leaked_attempts: u64::from(p.leaked_succ) + u64::from(p.leaked_fails),
            successes: u64::from(p.succ()),
        }
    }

    /// The share of the night's logins that logged a pair fingerprint (0 with no login).
    pub fn logged_share(&self) -> f64 {
        if self.successes == 0 {
            0.0
        } else {
            self.logins as f64 / self.successes as f64
        }
    }

    fn plus(self, o: Self) -> Self {
        PairFingerprints {
            logins: self.logins + o.logins,
            leaked_attempts: self.leaked_attempts + o.leaked_attempts,
            successes: self.successes + o.successes,
        }
    }
}

/// Derives every source's statistics. `pairs` and `spray` must be sorted (see
/// [`super::Windows::sorted_pairs`]). Unless `keep_all`, `addrs` keeps only the addresses a
/// rule can use: those with a failure or a leaked-pair login (an address whose every attempt
/// succeeded with a pair not in the leaks neither convicts nor is listed).
pub fn derive(
    pairs: &SortedPairs,
    spray: &SortedSpray<'_>,
    v4_prefix: u8,
    v6_prefix: u8,
    keep_all: bool,
) -> Sources {
    let mut out = Sources::default();
    {
        use rayon::prelude::*;
        let (first, last, succ, leaked, fingerprints) = pairs
            .par_iter()
            .flatten()
            .map(|(_, p)| {
                let s = p.succ() > 0;
                (
                    p.first_ts(),
                    p.last_ts(),
                    usize::from(s),
                    usize::from(s && p.leaked_succ > 0),
                    PairFingerprints::of(&p),
                )
            })
            .reduce(
                || (i64::MAX, i64::MIN, 0, 0, PairFingerprints::default()),
                |a, b| {
                    (
                        a.0.min(b.0),
                        a.1.max(b.1),
                        a.2 + b.2,
                        a.3 + b.3,
                        a.4.plus(b.4),
                    )
                },
            );
        out.fingerprints = fingerprints;
        let (first, last) = if pairs.is_empty() {
            (0, 0)
        } else {
            (first, last)
        };
        out.span_ms = last.saturating_sub(first).max(0);
        out.exposure = if succ == 0 {
            0.0
        } else {
            leaked as f64 / succ as f64
        };
    }
    // A password failing on an account that then logged in from the same address is a user's
    // own mistake (a forgotten or mistyped password), not a spray: spraying counts only the
    // accounts that never logged in from there.
    let keep = match &*spray.spray {
        // Positions name the pair: no join.
        super::Spray::Refs(refs) => {
            use rayon::prelude::*;
            refs.par_iter()
                .map(|r| !pairs.logged_in(r.pair as usize))
                .collect()
        }
        super::Spray::Keys(keys) => not_logged_in(pairs, keys.iter().copied()),
    };
    // Passwords over the night, first: their (password, account) list is the largest of
    // `derive`'s transient lists, so it is built and counted before the address statistics
    // exist.
    let mut pa = kept_pw_accts(spray, &keep);
    {
        use rayon::prelude::*;
        pa.par_sort_unstable();
    }
    pa.dedup();
    out.pw_fail_accounts = PwCounts::from_sorted(pa);
    crate::mem::release_free_memory();
    // Addresses: contiguous runs of equal ip, in pieces of about `PIECE` pairs cut at address
    // boundaries. The map is sized once (a first pass counts the addresses kept), then filled
    // wave by wave (the pieces' statistics derived in parallel, inserted in order) so the
    // statistics are never held twice.
    {
        use rayon::prelude::*;
        let kept = |run: &std::ops::Range<usize>| {
            keep_all
                || run
                    .clone()
                    .filter_map(|i| pairs.stats(i))
                    .any(|p| p.fails > 0 || p.leaked_succ > 0)
        };
        let pieces = aligned_pieces(0..pairs.len(), PIECE, |a, b| {
            pairs.ip_id(a) == pairs.ip_id(b)
        });
        // Kept addresses counted, and every address by the accounts it logged into.
        let (mut hist, n_kept) = pieces
            .par_iter()
            .map(|piece| {
                let mut hist = [0u64; LOGINS_CAP + 1];
                let mut n_kept = 0usize;
                for r in pairs.ip_runs(piece.clone()) {
                    let logins = r.clone().filter(|&i| pairs.logged_in(i)).count();
                    if let Some(h) = hist.get_mut(logins.min(LOGINS_CAP)) {
                        *h += 1;
                    }
                    if kept(&r) {
                        n_kept += 1;
                    }
                }
                (hist, n_kept)
            })
            .reduce(
                || ([0u64; LOGINS_CAP + 1], 0usize),
                |(mut h, n), (g, m)| {
                    for (a, b) in h.iter_mut().zip(g) {
                        *a += b;
                    }
                    (h, n + m)
                },
            );
        let mut at_least = 0u64;
        for h in hist.iter_mut().rev() {
            at_least += *h;
            *h = at_least;
        }
        out.logins_at_least = hist.to_vec();
        out.addresses = pairs.addresses();
        out.addrs.reserve(n_kept);
        for wave in pieces.chunks(WAVE) {
            let stats: Vec<Vec<(IpKey, SourceStats)>> = wave
                .par_iter()
                .map(|piece| {
                    pairs
                        .ip_runs(piece.clone())
                        .filter_map(|run| {
                            let ip = pairs.ip_at(run.start)?;
                            kept(&run)
                                .then(|| (ip, stats_of(run.filter_map(|i| pairs.stats(i)), 1)))
                        })
                        .collect()
                })
                .collect();
            for (ip, st) in stats.into_iter().flatten() {
                out.addrs.insert_or(ip, st, |_, _| {});
            }
        }
    }
    // Per address: its spray statistics, from its triples (every address with a failed triple
    // has a failing pair, so is kept).
    par_kept_runs(
        spray,
        &keep,
        |a, b| a.ip == b.ip,
        &mut out,
        |_, run, mut v| {
            let ip = run.first()?.ip;
            v.sort_unstable();
            Some((ip, spray_counts(&v)))
        },
        |out, (ip, counts)| {
            if let Some(s) = out.addrs.get_mut(&ip) {
                put_spray(s, counts);
            }
        },
    );
    // Networks: contiguous runs of equal network prefix, in pieces cut at network boundaries,
    // each piece's networks derived in parallel and added in order.
    let net = |ip: IpKey| net_key(ip, v4_prefix, v6_prefix);
    {
        use rayon::prelude::*;
        let net_at = |i: usize| pairs.ip_at(i).map(net);
        let pieces = aligned_pieces(0..pairs.len(), PIECE, |a, b| net_at(a) == net_at(b));
        for wave in pieces.chunks(WAVE) {
            let nets: Vec<Vec<NetPart>> = wave
                .par_iter()
                .map(|piece| nets_of(pairs, piece.clone(), net, v6_prefix))
                .collect();
            for (n, st, merged) in nets.into_iter().flatten() {
                out.nets.insert_or(n, st, |_, _| {});
                out.net_pairs.extend(
                    merged
                        .into_iter()
                        .map(|(acct, p)| (PairKey { ip: n, acct }, p)),
                );
            }
        }
    }
    // Per network of two or more addresses: its spray statistics, and its merged pairs'
    // distinct failed passwords, from all its triples.
    par_kept_runs(
        spray,
        &keep,
        |a, b| net(a.ip) == net(b.ip),
        &mut out,
        |out, run, mut v| {
            let n = net(run.first()?.ip);
            out.nets.get(&n)?;
            v.sort_unstable();
            v.dedup();
            let counts = spray_counts(&v);
            Some((n, counts, net_fail_pws(&out.net_pairs, n, run)))
        },
        |out, (n, counts, fail_pws)| {
            if let Some(s) = out.nets.get_mut(&n) {
                put_spray(s, counts);
            }
            for (i, c) in fail_pws {
                if let Some((_, p)) = out.net_pairs.get_mut(i) {
                    p.fail_pws = c;
                }
            }
        },
    );
    // The per-block statistics, the spray flags and the password list are freed: hand their
    // pages back before the rules allocate.
    crate::mem::release_free_memory();
    out
}

/// Triples per piece of [`kept_pw_accts`].
const PW_ACCTS_PIECE: usize = 1 << 15;

/// The (password, account) of the triples of `spray` that `keep` flags, in order, in a vector
/// of exactly their number (collecting a filter would grow it by doubling, to up to twice
/// that): the flags counted per piece of [`PW_ACCTS_PIECE`] triples, then each piece's
/// entries written to its own part of the vector, both on the pool.
fn kept_pw_accts(spray: &SortedSpray<'_>, keep: &[bool]) -> Vec<(Fp, AcctKey)> {
    use rayon::prelude::*;
    let pieces = super::fixed_pieces(spray.len(), PW_ACCTS_PIECE);
    let flags = |r: &std::ops::Range<usize>| keep.get(r.clone()).unwrap_or_default();
    let counts: Vec<usize> = pieces
        .par_iter()
        .map(|r| flags(r).iter().filter(|k| **k).count())
        .collect();
    let mut pa: Vec<(Fp, AcctKey)> = vec![(0, 0); counts.iter().sum()];
    // Each piece's part of the vector, in order.
    let parts = super::split_parts(&mut pa, &counts);
    pieces.par_iter().zip(parts).for_each(|(r, part)| {
        let kept = spray
            .range(r.clone())
            .zip(flags(r))
            .filter(|(_, k)| **k)
            .map(|(k, _)| (k.pw, k.acct));
        for (slot, v) in part.iter_mut().zip(kept) {
            *slot = v;
        }
    });
    pa
}

/// The distinct failed passwords over network `n`'s addresses of its merged pairs, from `run`,
/// all of the network's failed triples: (position in `net_pairs`, count), for the pairs with
/// a triple. Merging adds the addresses' counts, which counts a password failing from two
/// addresses twice: a phone retrying one saved password from a fresh IPv6 privacy address each
/// time is one password, not a brute force. `net_pairs` is sorted by (network, account).
fn net_fail_pws(
    net_pairs: &[(PairKey, PairStats)],
    n: IpKey,
    run: &[SprayKey],
) -> Vec<(usize, u32)> {
    let from = net_pairs.partition_point(|(k, _)| k.ip < n);
    let to = from
        + net_pairs
            .get(from..)
            .map_or(0, |rest| rest.partition_point(|(k, _)| k.ip == n));
    let Some(of_net) = net_pairs.get(from..to) else {
        return Vec::new();
    };
    let mut accts: Vec<(AcctKey, Fp)> = run.iter().map(|k| (k.acct, k.pw)).collect();
    accts.sort_unstable();
    accts.dedup();
    accts
        .chunk_by(|a, b| a.0 == b.0)
        .filter_map(|same| {
            let &(acct, _) = same.first()?;
            let i = of_net.binary_search_by_key(&acct, |(k, _)| k.acct).ok()?;
            Some((from + i, same.len() as u32))
        })
        .collect()
}

/// A network [`nets_of`] keeps: its key, statistics and merged (account, state) pairs, sorted
/// by account.
type NetPart = (IpKey, SourceStats, Vec<(AcctKey, PairStats)>);

/// The networks (of [`net_of`]) whose pairs lie in `r` (cut at network boundaries), in order:
/// contiguous runs of addresses of one network (`net`: an address's network key).
fn nets_of(
    pairs: &SortedPairs,
    r: std::ops::Range<usize>,
    net: impl Fn(IpKey) -> IpKey,
    v6_prefix: u8,
) -> Vec<NetPart> {
    let mut out = Vec::new();
    // Per network: its address runs (consecutive, as addresses sort by network first).
    let mut group: Vec<std::ops::Range<usize>> = Vec::new();
    let mut group_net: Option<IpKey> = None;
    let mut runs = pairs.ip_runs(r).peekable();
    loop {
        let next = runs.peek().and_then(|r| pairs.ip_at(r.start)).map(&net);
        if next.is_none() || next != group_net {
            // The IPv6 network around the IPv4-mapped block comes as two runs (its addresses
            // below and above the block): never judged as one actor, as a lone address is not.
            if let Some(n) = group_net.filter(|&n| !holds_v4_block(n, v6_prefix))
                && let Some((st, merged)) = net_of(pairs, &group)
            {
                out.push((n, st, merged));
            }
            group.clear();
            group_net = next;
        }
        match runs.next() {
            Some(r) => group.push(r),
            None => break,
        }
    }
    out
}

/// The statistics and merged (account, state) pairs, sorted by account, of the network whose
/// addresses' pairs are at `runs` (one range per address), if it can act as one actor.
fn net_of(
    pairs: &SortedPairs,
    runs: &[std::ops::Range<usize>],
) -> Option<(SourceStats, Vec<(AcctKey, PairStats)>)> {
    let ips = runs.len() as u32;
    if ips < 2 {
        return None;
    }
    let failing = runs
        .iter()
        .filter(|r| {
            pairs
                .range((*r).clone())
                .any(|(_, p)| p.succ() == 0 && p.fails > 0)
        })
        .count() as u32;
    // Only a network whose failing addresses are at least half of it can act as one actor
    // (the rules' network condition); the others are never judged or listed, so their merged
    // pairs are not kept.
    if failing == 0 || 2 * failing < ips {
        return None;
    }
    let (from, to) = (runs.first()?, runs.last()?);
    let mut by_acct: Vec<(AcctKey, PairStats)> = pairs
        .range(from.start..to.end)
        .map(|(k, p)| (k.acct, p))
        .collect();
    by_acct.sort_unstable_by_key(|(a, _)| *a);
    let mut merged: Vec<(AcctKey, PairStats)> = Vec::with_capacity(by_acct.len());
    for (a, p) in by_acct {
        match merged.last_mut() {
            Some((la, lp)) if *la == a => lp.merge(&p),
            _ => merged.push((a, p)),
        }
    }
    let mut st = stats_of(merged.iter().map(|(_, p)| *p), ips);
    st.failing_ips = failing;
    Some((st, merged))
}

/// Per password, a count (distinct accounts it failed on over the night): a vector sorted by
/// password, looked up by binary search. 16 bytes per password, where a hash map took 17 per
/// bucket at a load of 44-88%; built in the allocation of the (password, account) list it
/// counts, so the night's passwords are not held twice.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct PwCounts {
    /// (password, count), sorted by password, passwords distinct.
    rows: Vec<(Fp, u32)>,
}

impl PwCounts {
    /// Counts the accounts of each password of a sorted, distinct (password, account) list,
    /// in its allocation (a count past `u32::MAX` saturates).
    pub fn from_sorted(mut pa: Vec<(Fp, AcctKey)>) -> PwCounts {
        let mut w = 0usize;
        let mut r = 0usize;
        while let Some(&(pw, _)) = pa.get(r) {
            let n = pa
                .get(r..)
                .map_or(0, |rest| rest.partition_point(|&(p, _)| p == pw))
                .max(1);
            if let Some(slot) = pa.get_mut(w) {
                *slot = (pw, n as u64);
            }
            w += 1;
            r += n;
        }
        pa.truncate(w);
        // Same size and alignment: collected in place.
        let mut rows: Vec<(Fp, u32)> = pa
            .into_iter()
            .map(|(pw, n)| (pw, u32::try_from(n).unwrap_or(u32::MAX)))
            .collect();
        rows.shrink_to_fit();
        PwCounts { rows }
    }

    /// The count of a password, if it has one.
    pub fn get(&self, pw: &Fp) -> Option<&u32> {
        let i = self.rows.binary_search_by_key(pw, |&(p, _)| p).ok()?;
        self.rows.get(i).map(|(_, n)| n)
    }

    /// Passwords counted.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// No password counted?
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logged_share_is_the_share_of_logins_with_a_pair_fingerprint() {
        let f = |logins, successes| PairFingerprints {
            logins,
            leaked_attempts: 0,
            successes,
        };
        assert_eq!(f(0, 0).logged_share(), 0.0);
        assert_eq!(f(0, 8).logged_share(), 0.0);
        assert_eq!(f(6, 8).logged_share(), 0.75);
        assert_eq!(f(3, 1).plus(f(1, 7)).logged_share(), 0.5);
    }
    use ahash::AHashMap;

    /// Rates per hour over a span floored at a minute; 0 never holds; no overflow at extremes.
    #[test]
    fn slower_than_counts_per_hour_of_the_span() {
        let hour = 3_600_000;
        assert!(slower_than(5, 2 * hour, 3)); // 2.5 an hour
        assert!(!slower_than(6, 2 * hour, 3)); // 3 an hour
        assert!(!slower_than(1, 0, 3)); // one in a minute: 60 an hour
        assert!(!slower_than(0, 10 * hour, 0));
        assert!(!slower_than(u64::MAX, i64::MAX, u32::MAX));
        assert!(slower_than(0, i64::MIN, 1)); // a negative span is the minute floor
    }

    /// One password failing on an account from two addresses of a /64 is one password of the
    /// network's pair, not two; a second password makes two. Other networks keep their count.
    #[test]
    fn network_pairs_count_distinct_failed_passwords_once() {
        let lan = |host: u128| (0x2001_0db8_0000_0001u128 << 64) | host;
        let other = 0x2001_0db8_0000_0002u128 << 64;
        let pair = |ip, acct, fail_pws| {
            let p = PairStats {
                attempts: 9,
                fails: 9,
                fail_pws,
                ..Default::default()
            };
            (PairKey { ip, acct }, p)
        };
        // Merged network pairs, sorted by (network, account), as `add_net` leaves them.
        let mut net_pairs = vec![pair(lan(0), 7, 3), pair(lan(0), 8, 2), pair(other, 7, 5)];
        let mut keys = vec![
            SprayKey {
                ip: lan(1),
                pw: 1,
                acct: 7,
            },
            SprayKey {
                ip: lan(2),
                pw: 1,
                acct: 7,
            },
            SprayKey {
                ip: lan(2),
                pw: 2,
                acct: 8,
            },
            SprayKey {
                ip: lan(3),
                pw: 2,
                acct: 8,
            },
            SprayKey {
                ip: lan(3),
                pw: 3,
                acct: 8,
            },
        ];
        keys.sort_unstable();
        // The /64's triples are one run; the other network has none.
        for (i, c) in net_fail_pws(&net_pairs, lan(0), &keys) {
            net_pairs[i].1.fail_pws = c;
        }
        let counts: Vec<u32> = net_pairs.iter().map(|(_, p)| p.fail_pws).collect();
        assert_eq!(counts, vec![1, 2, 5]);
    }

    #[test]
    fn not_logged_in_equals_a_set_filter() {
        let mut pairs: Vec<(PairKey, PairStats)> = Vec::new();
        let mut spray: Vec<SprayKey> = Vec::new();
        let mut x = 11u64;
        for _ in 0..2000 {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let (ip, acct) = (u128::from((x >> 20) % 30), (x >> 30) % 20);
            let mut p = PairStats {
                attempts: 1,
                ..Default::default()
            };
            if (x >> 45) % 3 != 0 {
                p.fails = 1;
            }
            pairs.push((PairKey { ip, acct }, p));
            // Failed triples for some pairs (the filter must also cope with triples whose
            // pair is missing).
            spray.push(SprayKey {
                ip,
                pw: (x >> 50) % 4,
                acct: if (x >> 55) % 9 == 0 { acct + 100 } else { acct },
            });
        }
        pairs.sort_by_key(|(k, _)| *k);
        pairs.dedup_by_key(|(k, _)| *k);
        spray.sort_unstable();
        spray.dedup();
        let logged: ahash::AHashSet<(IpKey, AcctKey)> = pairs
            .iter()
            .filter(|(_, p)| p.succ() > 0)
            .map(|(k, _)| ({ k.ip }, k.acct))
            .collect();
        let want: Vec<bool> = spray
            .iter()
            .map(|k| !logged.contains(&(k.ip, k.acct)))
            .collect();
        assert!(want.contains(&true) && want.contains(&false));
        let pairs = SortedPairs::from_pairs(pairs);
        assert_eq!(not_logged_in(&pairs, spray.iter().copied()), want);
    }

    /// The counts equal a map filled run by run, as `derive` filled it before.
    #[test]
    fn pw_counts_equal_a_map() {
        let mut pa: Vec<(Fp, AcctKey)> = Vec::new();
        let mut x = 5u64;
        for _ in 0..5000 {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            pa.push(((x >> 20) % 300, (x >> 40) % 50));
        }
        pa.sort_unstable();
        pa.dedup();
        let mut want: AHashMap<Fp, u32> = AHashMap::new();
        for run in pa.chunk_by(|a, b| a.0 == b.0) {
            if let Some(&(pw, _)) = run.first() {
                want.insert(pw, run.len() as u32);
            }
        }
        let got = PwCounts::from_sorted(pa);
        assert_eq!(got.len(), want.len());
        for pw in 0..400 {
            assert_eq!(got.get(&pw), want.get(&pw), "{pw}");
        }
        assert!(PwCounts::from_sorted(Vec::new()).is_empty());
    }
}
