//! Brute force spread over several sources: an attacker alternating addresses (or rotating
//! through proxies) to stay under per-address limits.

use super::judge::counts_fails_one_by_one;
use super::night::{Best, Cand, Night};
use super::{Figures, Rule, login_after_failures, logins_in_run};
use crate::event::{AcctKey, IpKey};
use crate::windows::sources::SourceKind;
use crate::windows::{PairKey, PairStats};

impl Night<'_> {
    /// Brute force spread over several sources (an attacker alternating addresses to stay under
    /// per-address limits): the account's distinct failed passwords from all sources reach
    /// `brute_min_fails`, the login's own source failed with at least two thirds as many distinct
    /// passwords, and the login came after its first failure. Only failures from sources aimed at
    /// one or two accounts count toward the account's total. Only where passwords are logged: an
    /// owner's client retrying one saved password on an attacked account must not count.
    ///
    /// A guesser rotating through many proxies leaves only a few guesses on each. Its login is
    /// then recognised by where it falls: the login's source guessed at least
    /// `brute_run_min_own_fails` distinct passwords, and the login *ended the run*: every other
    /// source aimed at the account stopped failing on it by the login, the last of them within
    /// `brute_run_end_secs` before it (an owner's login in the middle of someone's guessing
    /// does not stop it).
    pub(super) fn brute_force_sources(&self, best: &Best) -> Vec<(AcctKey, Cand)> {
        let Night { w, pairs, src, rc } = *self;
        // Two thirds: an owner who forgets tries a handful of passwords, and an account that a
        // sprayer also tried already carries ten of somebody else's (measured: at a third, owners
        // of sprayed accounts who forgot their password were convicted).
        let min_pair = (2 * rc.brute_min_fails).div_ceil(3).max(2);
        let run_own = if rc.brute_run_end_secs > 0 {
            rc.brute_run_min_own_fails.max(1)
        } else {
            min_pair
        };
        // The candidate logins: found again at the end rather than held (tens of thousands of
        // pairs on a large night, most of them an owner's two mistypes before the login).
        let is_cand = |k: &PairKey, p: &PairStats| {
            p.succ() > 0
                && p.fail_pws >= min_pair.min(run_own)
                && p.last_succ_ts() > p.first_fail_ts()
                && !best.contains_key(&k.acct)
        };
        let mut wanted: ahash::AHashSet<AcctKey> = ahash::AHashSet::new();
        pairs.scan(
            &mut wanted,
            |_, k, p| is_cand(k, p),
            |wanted, k, _| {
                wanted.insert(k.acct);
            },
        );
        if wanted.is_empty() {
            return Vec::new();
        }
        // Only sources aimed at one or two accounts: a sprayer's passwords, tried on every
        // account it knows, are not a guess at this one.
        let aimed = |ip: IpKey| src.addrs.get(&ip).is_some_and(|s| s.accounts <= 2);
        // A pair's distinct failed passwords bound its share of the account's guesses: an
        // account whose aimed pairs cannot add up to `brute_min_fails` is passed over before any
        // password is looked up (on most nights, every one of them).
        let mut bound: ahash::AHashMap<AcctKey, u32> = ahash::AHashMap::new();
        pairs.scan_keyed(
            &mut bound,
            |_, k| wanted.contains(&k.acct) && aimed(k.ip),
            |_, _, p| p.fails > 0,
            |bound, k, p| {
                let n = bound.entry(k.acct).or_default();
                *n = n.saturating_add(p.fail_pws);
            },
        );
        wanted.retain(|a| bound.get(a).is_some_and(|&n| n >= rc.brute_min_fails));
        drop(bound);
        if wanted.is_empty() {
            return Vec::new();
        }
        // One pass over the pairs of wanted accounts at aimed sources that failed: their failed
        // passwords (the triples, found by address), and the sources that only failed (the
        // run-end tier reads them: address and last attempt).
        let spray = w.sorted_spray();
        let mut tried: Vec<(AcctKey, crate::fingerprint::Fp)> = Vec::new();
        let mut guessers: ahash::AHashMap<AcctKey, Vec<(IpKey, i64)>> = ahash::AHashMap::new();
        pairs.scan_map(
            &mut (&mut tried, &mut guessers),
            |_, k, p| {
                (p.fails > 0 && wanted.contains(&k.acct) && aimed(k.ip)).then(|| {
                    let pws: Vec<_> = spray.passwords_failed_on(k.ip, k.acct).collect();
                    (*k, *p, pws)
                })
            },
            |(tried, guessers), (k, p, pws)| {
                tried.extend(pws.into_iter().map(|pw| (k.acct, pw)));
                if p.succ() == 0 && rc.brute_run_end_secs > 0 {
                    guessers
                        .entry(k.acct)
                        .or_default()
                        .push((k.ip, p.last_ts()));
                }
            },
        );
        tried.sort_unstable();
        tried.dedup();
        let mut per_acct: ahash::AHashMap<AcctKey, u32> = ahash::AHashMap::new();
        for (a, _) in &tried {
            *per_acct.entry(*a).or_default() += 1;
        }
        let run_ended = |k: &PairKey, t: i64| {
            let Some(g) = guessers.get(&k.acct) else {
                return false;
            };
            let last = g
                .iter()
                .filter(|(ip, _)| *ip != k.ip)
                .map(|(_, ts)| *ts)
                .max()
                .unwrap_or(i64::MIN);
            last <= t && last >= t.saturating_sub(i64::from(rc.brute_run_end_secs) * 1000)
        };
        // Only the accounts with enough guesses aimed at them.
        drop(wanted);
        per_acct.retain(|_, n| *n >= rc.brute_min_fails);
        if per_acct.is_empty() {
            return Vec::new();
        }
        let mut cands: Vec<(PairKey, PairStats)> = Vec::new();
        pairs.scan_keyed(
            &mut cands,
            |_, k| per_acct.contains_key(&k.acct),
            |_, k, p| is_cand(k, p),
            |cands, k, p| cands.push((k, p)),
        );
        let mut out = Vec::new();
        for (k, p) in cands {
            let n = per_acct.get(&k.acct).copied().unwrap_or(0);
            // Its own share of the guesses, with every login of its inside the run of all the
            // guesses aimed at the account; or the login that ended the run.
            let own = p.fail_pws >= min_pair && logins_in_run(&p, n.max(p.fails), rc);
            if !own && !run_ended(&k, login_after_failures(&p)) {
                continue;
            }
            // The login's own address's figures, as every other source verdict gives them.
            let mut f = match src.addrs.get(&{ k.ip }) {
                Some(s) => Figures::of(s, &p),
                None => Figures {
                    pair_attempts: p.attempts,
                    ..Figures::default()
                },
            };
            f.pair_fails = p.fail_pws;
            f.acct_fail_pws = n;
            let t = login_after_failures(&p);
            out.push((
                k.acct,
                (t, Rule::BruteForceSources, k.ip, SourceKind::Addr, f),
            ));
        }
        out
    }

    /// Drops the `brute-force` candidates of a night that logs few password fingerprints (the
    /// tier that counts failures one by one) whose account had failed at other sources at
    /// least `brute_unlogged_roam_fails` times within `brute_unlogged_roam_secs` before the
    /// candidate source's first failure on it. A guesser's run on an account begins at its own
    /// source; a phone retrying a stale saved password fails wherever it goes, and its run on
    /// the account reached this address from others (the campus NAT after the home address and
    /// the carrier). A source is an address, or the network `v4`/`v6` bits wide for a network's
    /// candidate.
    pub(super) fn not_roaming_devices(
        &self,
        cands: Vec<(AcctKey, Cand)>,
        v4: u8,
        v6: u8,
    ) -> Vec<(AcctKey, Cand)> {
        let Night { pairs, src, rc, .. } = *self;
        if rc.brute_unlogged_roam_fails == 0 || !counts_fails_one_by_one(src, rc) {
            return cands;
        }
        // Per candidate account: its source (address or network).
        let sources: ahash::AHashMap<AcctKey, (IpKey, SourceKind)> = cands
            .iter()
            .filter(|(_, c)| c.1 == Rule::BruteForce)
            .map(|(acct, c)| (*acct, (c.2, c.3)))
            .collect();
        if sources.is_empty() {
            return cands;
        }
        let of_source = |ip: IpKey, (s, kind): (IpKey, SourceKind)| match kind {
            SourceKind::Addr => ip == s,
            SourceKind::Net => crate::event::net_key(ip, v4, v6) == s,
        };
        // Per account: its failing pairs.
        let mut fails: ahash::AHashMap<AcctKey, Vec<Failing>> = ahash::AHashMap::new();
        pairs.scan_keyed(
            &mut fails,
            |_, k| sources.contains_key(&k.acct),
            |_, _, p| p.fails > 0,
            |m, k, p| {
                m.entry(k.acct).or_default().push(Failing {
                    ip: k.ip,
                    first_fail: p.first_fail_ts(),
                    last: p.last_ts(),
                    fails: p.fails,
                    pws: p.fail_pws,
                })
            },
        );
        let window = i64::from(rc.brute_unlogged_roam_secs) * 1000;
        let roaming: ahash::AHashSet<AcctKey> = sources
            .iter()
            .filter(|&(acct, &source)| {
                let Some(list) = fails.get(acct) else {
                    return false;
                };
                let own = || list.iter().filter(|f| of_source(f.ip, source));
                // Only the tier that counts failures one by one: passwords logged there count
                // as passwords (a stale device is one).
                let Some(start) = own().map(|f| f.first_fail).min() else {
                    return false;
                };
                if own().any(|f| f.pws > 0) {
                    return false;
                }
                // Failures elsewhere that ran into the window before the source's first one (a
                // pair's failures counted whole: its times are its first failure and last
                // attempt only), not those that began with it or after.
                let before: u64 = list
                    .iter()
                    .filter(|f| {
                        !of_source(f.ip, source)
                            && f.first_fail < start.saturating_sub(60_000)
                            && f.last >= start.saturating_sub(window)
                    })
                    .map(|f| u64::from(f.fails))
                    .sum();
                before >= u64::from(rc.brute_unlogged_roam_fails)
            })
            .map(|(acct, _)| *acct)
            .collect();
        cands
            .into_iter()
            .filter(|(acct, c)| c.1 != Rule::BruteForce || !roaming.contains(acct))
            .collect()
    }
}

/// One failing pair of an account, as [`Night::not_roaming_devices`] reads it.
struct Failing {
    /// The pair's address.
    ip: IpKey,
    /// Its first failure.
    first_fail: i64,
    /// Its last attempt.
    last: i64,
    /// Its failures.
    fails: u32,
    /// Distinct failed passwords logged (0: none).
    pws: u32,
}
