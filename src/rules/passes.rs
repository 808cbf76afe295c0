//! The passes of `decide` that look past one source: brute force spread over addresses,
//! hit-and-run logins read against the address's failed triples, and the attacker's returns
//! to accounts other sources convicted.

use super::{Figures, Rule, config, login_after_failures, reuse_shape};
use crate::event::{AcctKey, IpKey};
use crate::windows::sources::{SourceKind, Sources};
use crate::windows::{PairKey, PairStats, SortedPairs, Windows};

/// A candidate verdict: deciding time, rule, source, source kind, figures.
pub(super) type Cand = (i64, Rule, IpKey, SourceKind, Figures);

/// Each account's best (earliest) candidate so far.
pub(super) type Best = ahash::AHashMap<AcctKey, Cand>;

/// What every pass reads: the night's windows, its pairs sorted by (address, account), the
/// derived source statistics and the thresholds.
#[derive(Clone, Copy)]
pub(super) struct Night<'a> {
    /// The night's window state (account names, failed triples).
    pub w: &'a Windows,
    /// Pair states sorted by (address, account).
    pub pairs: &'a SortedPairs,
    /// Per-address and per-network statistics.
    pub src: &'a Sources,
    /// Thresholds.
    pub rc: &'a config::Rules,
}

impl Night<'_> {
    /// Brute force spread over several sources (an attacker alternating addresses to stay under
    /// per-address limits): the account's distinct failed passwords from all sources reach
    /// `brute_min_fails`, the login's own source failed with at least two thirds as many distinct
    /// passwords, and the login came after its first failure. Only failures from sources aimed at
    /// one or two accounts count toward the account's total. Only where passwords are logged: an
    /// owner's client retrying one saved password on an attacked account must not count.
    pub(super) fn brute_force_sources(&self, best: &Best) -> Vec<(AcctKey, Cand)> {
        let Night { w, pairs, src, rc } = *self;
        // Two thirds: an owner who forgets tries a handful of passwords, and an account that a
        // sprayer also tried already carries ten of somebody else's (measured: at a third, owners
        // of sprayed accounts who forgot their password were convicted).
        let min_pair = (2 * rc.brute_min_fails).div_ceil(3).max(2);
        let cands: Vec<(PairKey, PairStats)> = pairs
            .iter()
            .filter(|(k, p)| {
                p.succ() > 0
                    && p.fail_pws >= min_pair
                    && p.last_succ_ts() > p.first_fail_ts()
                    && !best.contains_key(&k.acct)
            })
            .collect();
        if cands.is_empty() {
            return Vec::new();
        }
        let wanted: ahash::AHashSet<AcctKey> = cands.iter().map(|(k, _)| k.acct).collect();
        let mut tried: Vec<(AcctKey, crate::fingerprint::Fp)> = w
            .sorted_spray()
            .iter()
            .filter(|t| wanted.contains(&t.acct))
            // Only sources aimed at one or two accounts: a sprayer's passwords, tried on every
            // account it knows, are not a guess at this one.
            .filter(|t| src.addrs.get(&{ t.ip }).is_some_and(|s| s.accounts <= 2))
            .map(|t| (t.acct, t.pw))
            .collect();
        tried.sort_unstable();
        tried.dedup();
        let mut per_acct: ahash::AHashMap<AcctKey, u32> = ahash::AHashMap::new();
        for (a, _) in &tried {
            *per_acct.entry(*a).or_default() += 1;
        }
        let mut out = Vec::new();
        for (k, p) in cands {
            let n = per_acct.get(&k.acct).copied().unwrap_or(0);
            if n < rc.brute_min_fails {
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

    /// Hit and run: a bot of a botnet or proxy pool makes a few attempts from an address and
    /// moves on. Its leaked-pair login is the pair's one attempt, and everything else the address
    /// did all night is failures on other accounts, minutes around the login, none with the
    /// login's password (an owner who first typed a wrong user name fails with their own
    /// password). An honest user's address shows their own use of it; a household member who
    /// fails once and never tries again, minutes from the login, is the rare case this rule
    /// accepts.
    pub(super) fn hit_and_run(&self, best: &Best) -> Vec<(AcctKey, Cand)> {
        let Night { w, pairs, src, rc } = *self;
        if rc.hit_and_run_window_secs == 0 {
            return Vec::new();
        }
        let win = i64::from(rc.hit_and_run_window_secs) * 1000;
        let spray = w.sorted_spray();
        let mut out = Vec::new();
        for (k, p) in pairs.iter() {
            let pw = p.first_succ_pw();
            if p.leaked_succ == 0 || p.attempts != 1 || pw == 0 || best.contains_key(&k.acct) {
                continue;
            }
            let Some(s) = src.addrs.get(&{ k.ip }) else {
                continue;
            };
            let t = p.first_leaked_succ_ts();
            if s.succ_accounts != 1
                || s.accounts < 2
                || s.first_ts < t.saturating_sub(win)
                || s.last_ts > t.saturating_add(win)
            {
                continue;
            }
            // A failure with the login's password on another account: the owner's typo of a
            // user name, not a bot's list.
            if spray.failed_elsewhere(k.ip, pw, k.acct) {
                continue;
            }
            let mut f = Figures::of(s, &p);
            f.window_secs = rc.hit_and_run_window_secs;
            out.push((k.acct, (t, Rule::HitAndRun, k.ip, SourceKind::Addr, f)));
        }
        out
    }

    /// Linked takeovers: an address that logged into accounts convicted by other sources is the
    /// attacker coming back; its other leaked-pair logins of the same shape are convicted too.
    pub(super) fn takeover_linked(&self, best: &Best) -> Vec<(AcctKey, Cand)> {
        let Night { pairs, src, rc, .. } = *self;
        if rc.linked_min_accounts == 0 {
            return Vec::new();
        }
        // Per address: accounts convicted elsewhere that it logged into, and the span of those
        // logins (the attacker's visit).
        let mut linked: ahash::AHashMap<IpKey, (u32, i64, i64)> = ahash::AHashMap::new();
        for (k, p) in pairs.iter() {
            if p.leaked_succ > 0
                && let Some(b) = best.get(&k.acct)
                && !(b.3 == SourceKind::Addr && b.2 == k.ip)
            {
                let e = linked.entry(k.ip).or_insert((0, i64::MAX, i64::MIN));
                e.0 += 1;
                e.1 = e.1.min(p.first_leaked_succ_ts());
                e.2 = e.2.max(p.first_leaked_succ_ts());
            }
        }
        let visit_ms = i64::from(rc.linked_visit_secs) * 1000;
        let mut extra = Vec::new();
        for (k, p) in pairs.iter() {
            let (n, lo, hi) = linked.get(&{ k.ip }).copied().unwrap_or((0, 0, 0));
            // A pair that is not in the leaks (the attacker's private list) counts only inside
            // the attacker's visit: the address's honest resident logs in at other times.
            let clean_in_visit = p.clean_succ > 0
                && p.attempts == 1
                && p.first_succ_ts() >= lo.saturating_sub(visit_ms)
                && p.first_succ_ts() <= hi.saturating_add(visit_ms);
            if n < rc.linked_min_accounts
                || best.contains_key(&k.acct)
                || (p.leaked_succ == 0 && !clean_in_visit)
                || p.fails > 0
            {
                continue;
            }
            let Some(s) = src.addrs.get(&{ k.ip }) else {
                continue;
            };
            if reuse_shape(s, rc) {
                let f = Figures {
                    leaked_logins: n,
                    ..Figures::of(s, &p)
                };
                extra.push((
                    k.acct,
                    (
                        if p.leaked_succ > 0 {
                            p.first_leaked_succ_ts()
                        } else {
                            p.first_succ_ts()
                        },
                        Rule::TakeoverLinked,
                        k.ip,
                        SourceKind::Addr,
                        f,
                    ),
                ));
            }
        }
        extra
    }
}
