//! The passes of `decide` that look past one source: brute force spread over addresses,
//! hit-and-run logins read against the address's failed triples, and the attacker's returns
//! to accounts other sources convicted.

use super::{Figures, Rule, config, login_after_failures, logins_in_run, reuse_shape};
use crate::event::{AcctKey, IpKey, is_v4, net_key};
use crate::fingerprint::Fp;
use crate::windows::sources::{SourceKind, SourceStats, Sources};
use crate::windows::{PairKey, PairStats, SortedPairs, SortedSpray, Windows};

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
        let cands: Vec<(PairKey, PairStats)> = pairs
            .iter()
            .filter(|(k, p)| {
                p.succ() > 0
                    && p.fail_pws >= min_pair.min(run_own)
                    && p.last_succ_ts() > p.first_fail_ts()
                    && !best.contains_key(&k.acct)
            })
            .collect();
        if cands.is_empty() {
            return Vec::new();
        }
        let wanted: ahash::AHashSet<AcctKey> = cands.iter().map(|(k, _)| k.acct).collect();
        // Only sources aimed at one or two accounts: a sprayer's passwords, tried on every
        // account it knows, are not a guess at this one.
        let aimed = |ip: IpKey| src.addrs.get(&ip).is_some_and(|s| s.accounts <= 2);
        let mut tried: Vec<(AcctKey, crate::fingerprint::Fp)> = w
            .sorted_spray()
            .iter()
            .filter(|t| wanted.contains(&t.acct))
            .filter(|t| aimed(t.ip))
            .map(|t| (t.acct, t.pw))
            .collect();
        tried.sort_unstable();
        tried.dedup();
        let mut per_acct: ahash::AHashMap<AcctKey, u32> = ahash::AHashMap::new();
        for (a, _) in &tried {
            *per_acct.entry(*a).or_default() += 1;
        }
        // Per wanted account, the other sources aimed at it that only failed: (address, last
        // attempt). Only the run-end tier reads them.
        let mut guessers: ahash::AHashMap<AcctKey, Vec<(IpKey, i64)>> = ahash::AHashMap::new();
        for (k, p) in pairs.iter().filter(|_| rc.brute_run_end_secs > 0) {
            if p.fails > 0 && p.succ() == 0 && wanted.contains(&k.acct) && aimed(k.ip) {
                guessers
                    .entry(k.acct)
                    .or_default()
                    .push((k.ip, p.last_ts()));
            }
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
        let mut out = Vec::new();
        for (k, p) in cands {
            let n = per_acct.get(&k.acct).copied().unwrap_or(0);
            if n < rc.brute_min_fails {
                continue;
            }
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

    /// Hit and run: a bot of a botnet or proxy pool makes a few attempts from an address and
    /// moves on. Its leaked-pair login is the pair's one attempt, and everything else the address
    /// did all night is failures on other accounts, minutes around the login, none with the
    /// login's password (an owner who first typed a wrong user name fails with their own
    /// password). An honest user's address shows their own use of it; a household member who
    /// fails once and never tries again, minutes from the login, is the rare case this rule
    /// accepts.
    ///
    /// With no login into the account that night from another address of the login's owner
    /// network (the owner's own carrier or ISP block): a leaked-pair login with a failed replay
    /// of a leaked pair (the bot's list) within a longer window (a slow bot; the address's other
    /// failures may be hours away); a pair that is not in the leaks (the attacker's private
    /// list) within a minute of such a replay, or seconds from the address's failures when none
    /// of the failed names is a typo of the login's (`hit-and-run-unleaked`); a password sprayed
    /// across the night that also failed here on other accounts (`spraying-hit-and-run`).
    pub(super) fn hit_and_run(&self, best: &Best) -> Vec<(AcctKey, Cand)> {
        let Night { w, pairs, src, rc } = *self;
        let spray = w.sorted_spray();
        let mut out = Vec::new();
        let mut checked = Vec::new();
        for (k, p) in pairs.iter() {
            let pw = p.first_succ_pw();
            if p.attempts != 1 || pw == 0 || best.contains_key(&k.acct) {
                continue;
            }
            let Some(s) = src.addrs.get(&{ k.ip }) else {
                continue;
            };
            if s.succ_accounts != 1 || s.accounts < 2 {
                continue;
            }
            // How far the address's night reaches from a time.
            let reach_from = |t: i64| {
                t.saturating_sub(s.first_ts)
                    .max(s.last_ts.saturating_sub(t))
            };
            // Accounts that failed from the address with the login's password: a sprayer's
            // list, or the owner mistyping their user name. Looked up here only when the
            // spraying tier's window allows it (most candidates are further apart), else after
            // the other tiers.
            let spray_window = i64::from(rc.spray_hit_and_run_window_secs) * 1000;
            let spray_possible = rc.spray_hit_and_run_window_secs > 0
                && reach_from(p.first_succ_ts()) <= spray_window;
            let sprayed_with = if spray_possible {
                spray.failed_with(k.ip, pw, k.acct)
            } else {
                Vec::new()
            };
            let (rule, t) = if !sprayed_with.is_empty() {
                (Rule::SprayingHitAndRun, p.first_succ_ts())
            } else if p.leaked_succ > 0 {
                (Rule::HitAndRun, p.first_leaked_succ_ts())
            } else if p.clean_succ > 0 {
                (Rule::HitAndRunUnleaked, p.first_succ_ts())
            } else {
                continue;
            };
            // How far the address's night reaches from the login, and the tier that allows it
            // (the tiers with an owner check are judged away from the owner's network).
            let reach = reach_from(t);
            let within = |secs: u32| secs > 0 && reach <= i64::from(secs) * 1000;
            let replayed = s.replay_fail_accounts > 0;
            let (rule, secs, owner_check) = match rule {
                Rule::HitAndRun if within(rc.hit_and_run_window_secs) => {
                    (rule, rc.hit_and_run_window_secs, false)
                }
                // A slow bot: a failed replay within the longer window (the address's other
                // attempts, all failures on other accounts, may lie further away).
                Rule::HitAndRun
                    if rc.hit_and_run_replay_window_secs > 0
                        && s.replays_near(
                            t,
                            i64::from(rc.hit_and_run_replay_window_secs) * 1000,
                        ) > 0 =>
                {
                    (rule, rc.hit_and_run_replay_window_secs, true)
                }
                // A slow bot on several accounts: the address's whole night within the slow
                // window, failing on enough other accounts, one of them shortly before the login.
                Rule::HitAndRun
                    if s.accounts > rc.hit_and_run_slow_min_failed
                        && within(rc.hit_and_run_slow_window_secs)
                        && self.failed_before(k.ip, k.acct, t, rc.hit_and_run_slow_gap_secs) =>
                {
                    (rule, rc.hit_and_run_slow_window_secs, true)
                }
                Rule::HitAndRunUnleaked
                    if replayed && within(rc.hit_and_run_unleaked_window_secs) =>
                {
                    (rule, rc.hit_and_run_unleaked_window_secs, true)
                }
                // No replay: seconds, and no failed name a typo of the login's.
                Rule::HitAndRunUnleaked
                    if !replayed
                        && within(rc.hit_and_run_unleaked_bare_window_secs)
                        && !self.typo_at(k.ip, k.acct) =>
                {
                    (rule, rc.hit_and_run_unleaked_bare_window_secs, true)
                }
                // A bot working down its list: failures on several other accounts, the
                // address's whole night minutes around the login, one of them in step with it
                // (a pair a minute or so), no failed name a typo of it.
                Rule::HitAndRunUnleaked
                    if s.accounts > rc.hit_and_run_unleaked_list_min_failed
                        && within(rc.hit_and_run_unleaked_list_window_secs)
                        && self.failed_near(
                            k.ip,
                            k.acct,
                            t,
                            rc.hit_and_run_unleaked_list_gap_secs,
                        )
                        && !self.typo_at(k.ip, k.acct) =>
                {
                    (rule, rc.hit_and_run_unleaked_list_window_secs, true)
                }
                // A spraying bot's login with a password of its list: the login's password and
                // one the address failed with on another account are both sprayed tonight.
                Rule::HitAndRunUnleaked
                    if within(rc.spray_hit_and_run_window_secs)
                        && self.sprayed_beside(&spray, k.ip, k.acct, pw)
                        && !self.typo_at(k.ip, k.acct) =>
                {
                    (
                        Rule::SprayingHitAndRun,
                        rc.spray_hit_and_run_window_secs,
                        true,
                    )
                }
                Rule::SprayingHitAndRun if within(rc.spray_hit_and_run_window_secs) => {
                    (rule, rc.spray_hit_and_run_window_secs, true)
                }
                _ => continue,
            };
            // A failure with the login's password on another account (not looked up above).
            if !spray_possible && spray.failed_elsewhere(k.ip, pw, k.acct) {
                continue;
            }
            let mut f = Figures::of(s, &p);
            f.window_secs = secs;
            if rule == Rule::SprayingHitAndRun {
                // The password is sprayed across the night, and none of the accounts it failed
                // on here is the login's user name mistyped.
                let g = src.pw_fail_accounts.get(&pw).copied().unwrap_or(0);
                if g < rc.global_spray_min_accounts
                    || sprayed_with
                        .iter()
                        .any(|&a| self.typo_of(a, k.acct, rc.user_typo_max_edits))
                {
                    continue;
                }
                f.pw_fail_accounts = g;
            }
            let cand = (k.acct, (t, rule, k.ip, SourceKind::Addr, f));
            if owner_check {
                checked.push(cand);
            } else {
                out.push(cand);
            }
        }
        out.extend(self.not_owner_networks(checked));
        out
    }

    /// Is `pw` sprayed tonight (failing on `global_spray_min_accounts` accounts), and did `ip`
    /// fail on an account other than `acct` with a password that is too?
    fn sprayed_beside(&self, spray: &SortedSpray<'_>, ip: IpKey, acct: AcctKey, pw: Fp) -> bool {
        let min = self.rc.global_spray_min_accounts;
        let sprayed = |q: &Fp| self.src.pw_fail_accounts.get(q).copied().unwrap_or(0) >= min;
        sprayed(&pw) && spray.passwords_failed_at(ip, acct).any(|q| sprayed(&q))
    }

    /// Did an account other than `acct` fail from `ip` within `secs` seconds before `t`?
    fn failed_before(&self, ip: IpKey, acct: AcctKey, t: i64, secs: u32) -> bool {
        self.failed_between(ip, acct, t.saturating_sub(i64::from(secs) * 1000), t)
    }

    /// Did an account other than `acct` fail from `ip` within `secs` seconds of `t`, before or
    /// after?
    fn failed_near(&self, ip: IpKey, acct: AcctKey, t: i64, secs: u32) -> bool {
        let w = i64::from(secs) * 1000;
        self.failed_between(ip, acct, t.saturating_sub(w), t.saturating_add(w))
    }

    /// Did an account other than `acct` fail from `ip` between `from` and `to`? (A pair's
    /// failures are known by their first and last time: any overlap counts.)
    fn failed_between(&self, ip: IpKey, acct: AcctKey, from: i64, to: i64) -> bool {
        self.pairs.range(self.pairs.range_of_ip(ip)).any(|(k, p)| {
            k.acct != acct && p.fails > 0 && p.first_fail_ts() <= to && p.last_ts() >= from
        })
    }

    /// Is account `a`'s name within `max_edits` edits of account `b`'s, or the same name at
    /// another mail domain (a mistyped user name, or the owner's other address)?
    fn typo_of(&self, a: AcctKey, b: AcctKey, max_edits: u32) -> bool {
        match (self.w.user(a), self.w.user(b)) {
            (Some(x), Some(y)) => {
                let max = max_edits as usize;
                fn local(n: &str) -> Option<&str> {
                    n.split_once('@').map(|(l, _)| l)
                }
                (x.chars().count().abs_diff(y.chars().count()) <= max
                    && strsim::levenshtein(x, y) <= max)
                    || local(x).is_some_and(|l| !l.is_empty() && local(y) == Some(l))
            }
            // A name we cannot read: assume the owner's typo (no conviction on it).
            _ => true,
        }
    }

    /// Did an account other than `acct` whose name is a typo of `acct`'s try from `ip`?
    fn typo_at(&self, ip: IpKey, acct: AcctKey) -> bool {
        let max = self.rc.user_typo_max_edits;
        self.pairs
            .range_of_ip(ip)
            .filter_map(|i| self.pairs.key(i))
            .any(|k| k.acct != acct && self.typo_of(k.acct, acct, max))
    }

    /// Keeps the candidates whose account logged in from no other address of the login's owner
    /// network (`owner_net_v4_prefix`, `owner_net_v6_prefix`) that night: a carrier's pool or an
    /// ISP's block the owner moves around in.
    fn not_owner_networks(&self, cands: Vec<(AcctKey, Cand)>) -> Vec<(AcctKey, Cand)> {
        if cands.is_empty() {
            return cands;
        }
        let (v4, v6) = (self.rc.owner_net_v4_prefix, self.rc.owner_net_v6_prefix);
        let mut want: ahash::AHashMap<AcctKey, Vec<IpKey>> = ahash::AHashMap::new();
        for (acct, c) in &cands {
            want.entry(*acct).or_default().push(c.2);
        }
        let mut owner: ahash::AHashSet<(AcctKey, IpKey)> = ahash::AHashSet::new();
        for (k, p) in self.pairs.iter() {
            if p.succ() == 0 {
                continue;
            }
            if let Some(ips) = want.get(&k.acct) {
                for &ip in ips {
                    if ip != k.ip && net_key(ip, v4, v6) == net_key(k.ip, v4, v6) {
                        owner.insert((k.acct, ip));
                    }
                }
            }
        }
        cands
            .into_iter()
            .filter(|(acct, c)| !owner.contains(&(*acct, c.2)))
            .collect()
    }

    /// Batch takeovers: an address whose whole night is one short visit that logged into
    /// several accounts, every login its pair's only attempt, at least one of them with a
    /// leaked pair: `batch_min_accounts` within `batch_window_secs`, or
    /// `batch_wide_min_accounts` within `batch_wide_window_secs` (the attacker's batch of three
    /// to five takes minutes). An owner logs into their own account; a visit that works through
    /// several accounts, one pair each, one from a public leak, and is never seen again that
    /// night, is a list being worked (the attacker's return to accounts it took, or a bot that
    /// hit twice). Not in an IPv4 /24 with more than `batch_max_shared_neighbours` other
    /// addresses that two or more accounts logged in from (a carrier pool, where strangers
    /// share addresses). Each login is judged away from its owner network (two housemates
    /// logging in within the window, one with a leaked password, from a home used by nobody
    /// else all night, is the rare case this accepts).
    pub(super) fn takeover_batch(&self, best: &Best) -> Vec<(AcctKey, Cand)> {
        let Night { pairs, src, rc, .. } = *self;
        let tiers = [
            (rc.batch_min_accounts, rc.batch_window_secs),
            (rc.batch_wide_min_accounts, rc.batch_wide_window_secs),
        ];
        // The tier a visit of `accounts` accounts lasting `span` ms meets (its window), if any.
        // On IPv6 a /64 is one home or one phone: two accounts on it within minutes are its
        // household's (a shared tablet, one person's two accounts) as often as a list.
        let tier = |ip: IpKey, accounts: u32, span: i64| {
            let least = if is_v4(ip) {
                2
            } else {
                rc.batch_v6_min_accounts
            };
            tiers
                .iter()
                .filter(|(n, secs)| *n >= 2 && *secs > 0 && accounts >= (*n).max(least))
                .map(|&(_, secs)| secs)
                .find(|&secs| span <= i64::from(secs) * 1000)
        };
        let visits: Vec<(IpKey, &SourceStats, u32)> = src
            .addrs
            .iter()
            .filter(|(_, s)| s.leaked_succ_accounts > 0)
            .filter_map(|(ip, s)| {
                let secs = tier(*ip, s.succ_accounts, s.last_ts.saturating_sub(s.first_ts))?;
                Some((*ip, s, secs))
            })
            .collect();
        if visits.is_empty() {
            return Vec::new();
        }
        // An IPv6 address is one device's temporary address: the home is its /64, and the
        // visit is the /64's whole night (a household's tablet logs in from a fresh address
        // each session).
        let around = self.surroundings(visits.iter().map(|(ip, _, _)| *ip));
        let mut cands = Vec::new();
        for (ip, s, secs) in visits {
            if around.shared_neighbours(ip) > rc.batch_max_shared_neighbours
                || !around.lan_within(ip, i64::from(secs) * 1000)
            {
                continue;
            }
            let ip = &ip;
            let logins: Vec<(PairKey, PairStats)> = pairs
                .range_of_ip(*ip)
                .filter_map(|i| Some((pairs.key(i)?, pairs.stats(i)?)))
                .filter(|(_, p)| p.succ() > 0)
                .collect();
            if logins.iter().any(|(_, p)| p.attempts != 1)
                || (logins.len() == 2 && s.leaked_succ_accounts < rc.batch_two_min_leaked)
            {
                continue;
            }
            // People reuse their password on their own accounts; an attacker's victims do not
            // share one: a visit logging into two accounts with one password is their owner's.
            let mut pws: Vec<_> = logins
                .iter()
                .map(|(_, p)| p.first_succ_pw())
                .filter(|&pw| pw != 0)
                .collect();
            pws.sort_unstable();
            if pws.windows(2).any(|w| w.first() == w.last()) {
                continue;
            }
            for (k, p) in logins {
                if best.contains_key(&k.acct) {
                    continue;
                }
                let mut f = Figures::of(s, &p);
                f.leaked_logins = s.leaked_succ_accounts;
                f.succ_accounts = s.succ_accounts;
                f.window_secs = secs;
                let t = if p.leaked_succ > 0 {
                    p.first_leaked_succ_ts()
                } else {
                    p.first_succ_ts()
                };
                cands.push((k.acct, (t, Rule::TakeoverBatch, k.ip, SourceKind::Addr, f)));
            }
        }
        self.not_owner_networks(cands)
    }

    /// Drops the `guessing` candidates of IPv4 addresses in a pool, where a residential proxy's
    /// bot and the subscribers share addresses all day and a login convicted by its address
    /// alone is as likely a subscriber's: a dynamic pool (more than
    /// `guess_max_hopping_accounts` accounts logged in tonight from two or more addresses of
    /// the /24: a carrier NAT reassigning its subscribers, a VPN's exits), or a proxy pool (the
    /// address failed fewer than `guess_pool_max_fails_per_hour` times an hour of its night,
    /// a thin slice of a bot's traffic, and another address of its /24 also failed on
    /// `guess_min_accounts` accounts). Other candidates pass.
    pub(super) fn off_pools(&self, cands: Vec<(AcctKey, Cand)>) -> Vec<(AcctKey, Cand)> {
        let judged = |c: &Cand| c.1 == Rule::Guessing && c.3 == SourceKind::Addr && is_v4(c.2);
        // Per block of a candidate: each account's addresses there with a login.
        let mut seen: ahash::AHashMap<IpKey, ahash::AHashMap<AcctKey, u32>> = cands
            .iter()
            .filter(|(_, c)| judged(c))
            .map(|(_, c)| (block(c.2), ahash::AHashMap::new()))
            .collect();
        if seen.is_empty() {
            return cands;
        }
        for (k, p) in self.pairs.iter() {
            if p.succ() > 0
                && is_v4(k.ip)
                && let Some(accts) = seen.get_mut(&block(k.ip))
            {
                *accts.entry(k.acct).or_default() += 1;
            }
        }
        let hopping: ahash::AHashMap<IpKey, u32> = seen
            .into_iter()
            .map(|(b, accts)| (b, accts.values().filter(|&&n| n >= 2).count() as u32))
            .collect();
        // Per block of a candidate: its addresses that guessed (failed on enough accounts).
        let mut guessers: ahash::AHashMap<IpKey, u32> = hopping.keys().map(|&b| (b, 0)).collect();
        for (ip, s) in self.src.addrs.iter() {
            if is_v4(*ip)
                && s.fail_only_accounts >= self.rc.guess_min_accounts
                && let Some(n) = guessers.get_mut(&block(*ip))
            {
                *n += 1;
            }
        }
        let slow = |ip: IpKey| {
            self.src
                .addrs
                .get(&ip)
                .is_some_and(|s| s.fails_slower_than(self.rc.guess_pool_max_fails_per_hour))
        };
        let max = self.rc.guess_max_hopping_accounts;
        cands
            .into_iter()
            .filter(|(_, c)| {
                !judged(c)
                    || (hopping.get(&block(c.2)).is_none_or(|&n| n <= max)
                        && !(guessers.get(&block(c.2)).is_some_and(|&n| n >= 2) && slow(c.2)))
            })
            .collect()
    }

    /// What surrounds the addresses `ips` tonight, in one pass over the pairs: for an IPv4
    /// address, how many other addresses of its /24 two or more accounts logged in from (a
    /// carrier pool's or an office block's addresses are shared, and two of their subscribers
    /// logging in minutes apart on one of them, or a subscriber beside an attacker's proxy, is
    /// chance); for an IPv6 address, the first and last attempt of the night in its /64 (one
    /// subscriber's LAN), by any address of it.
    fn surroundings(&self, ips: impl Iterator<Item = IpKey>) -> Surroundings {
        let mut around = Surroundings::default();
        for ip in ips {
            if is_v4(ip) {
                around.shared.insert(block(ip), 0);
            } else {
                around.lans.insert(lan(ip), (i64::MAX, i64::MIN));
            }
        }
        if around.shared.is_empty() && around.lans.is_empty() {
            return around;
        }
        // Pairs come sorted by address: count each IPv4 address's logged-in accounts as they
        // pass.
        let mut run: Option<(IpKey, u32)> = None;
        let flush = |run: Option<(IpKey, u32)>, shared: &mut ahash::AHashMap<IpKey, u32>| {
            if let Some((ip, n)) = run
                && n >= 2
                && let Some(c) = shared.get_mut(&block(ip))
            {
                *c += 1;
            }
        };
        for (k, p) in self.pairs.iter() {
            if !is_v4(k.ip) {
                if let Some(s) = around.lans.get_mut(&lan(k.ip)) {
                    s.0 = s.0.min(p.first_ts());
                    s.1 = s.1.max(p.last_ts());
                }
                continue;
            }
            if p.succ() == 0 {
                continue;
            }
            match &mut run {
                Some((ip, n)) if *ip == k.ip => *n += 1,
                _ => flush(run.replace((k.ip, 1)), &mut around.shared),
            }
        }
        flush(run, &mut around.shared);
        around
    }

    /// Linked takeovers: an address that logged into accounts convicted by other sources is the
    /// attacker coming back; its other leaked-pair logins of the same shape are convicted too.
    /// A link by a pair not in the leaks counts after the account's conviction, and when the
    /// count needs one, the convicted login must lie within `linked_visit_secs` of the links (a
    /// victim's owner at a shared address logs in at any hour; the attacker's returns cluster).
    /// When the links are one batch of `linked_batch_secs`, the convicted login must lie within
    /// as much of it (a proxy the attacker visited once is somebody's home).
    pub(super) fn takeover_linked(&self, best: &Best) -> Vec<(AcctKey, Cand)> {
        let Night { pairs, src, rc, .. } = *self;
        if rc.linked_min_accounts == 0 {
            return Vec::new();
        }
        // Per address: accounts convicted elsewhere that it logged into, and the span of those
        // logins (the attacker's visit).
        let mut linked: ahash::AHashMap<IpKey, Links> = ahash::AHashMap::new();
        for (k, p) in pairs.iter() {
            let Some(b) = best.get(&k.acct) else {
                continue;
            };
            // The attacker holds the pair and does not mistype it; an owner who fails first and
            // then logs in (their own account, convicted elsewhere) links nothing.
            if (b.3 == SourceKind::Addr && b.2 == k.ip) || p.fails > 0 {
                continue;
            }
            // A leaked pair the attacker held all along; a password it got some other way
            // (guessed, sprayed, its private list) counts once it had it: a login after the
            // conviction (its owner logs in at any hour).
            let t = if p.leaked_succ > 0 {
                p.first_leaked_succ_ts()
            } else if p.succ() > 0 && p.last_succ_ts() > b.0 {
                p.last_succ_ts()
            } else {
                continue;
            };
            let e = linked.entry(k.ip).or_insert(Links {
                first: i64::MAX,
                last: i64::MIN,
                ..Links::default()
            });
            e.all += 1;
            e.leaked += u32::from(p.leaked_succ > 0);
            e.after += u32::from(t > b.0);
            e.first = e.first.min(t);
            e.last = e.last.max(t);
        }
        // On a carrier pool's address the attacker's proxy and honest subscribers meet by
        // chance: its logins beside the links are as likely theirs.
        let around = self.surroundings(linked.keys().copied());
        linked.retain(|ip, _| around.shared_neighbours(*ip) <= rc.linked_max_shared_neighbours);
        let batch_ms = i64::from(rc.linked_batch_secs) * 1000;
        let visit_ms = i64::from(rc.linked_visit_secs) * 1000;
        let mut extra = Vec::new();
        for (k, p) in pairs.iter() {
            let Links {
                all: n,
                leaked: n_leaked,
                after: n_after,
                first: lo,
                last: hi,
            } = linked.get(&{ k.ip }).copied().unwrap_or_default();
            // Links that are one short batch are one visit of the attacker (a residential proxy
            // it passed through): only logins beside that batch are its; the address's residents
            // log in there at other hours.
            let one_batch = batch_ms > 0 && hi.saturating_sub(lo) <= batch_ms;
            let reach = if one_batch { batch_ms } else { visit_ms };
            let in_visit = |t: i64| t >= lo.saturating_sub(reach) && t <= hi.saturating_add(reach);
            // A pair that is not in the leaks (the attacker's private list) counts only inside
            // the attacker's visit: the address's honest resident logs in at other times.
            let clean_in_visit = p.clean_succ > 0 && p.attempts == 1 && in_visit(p.first_succ_ts());
            // Links by pairs not in the leaks may be the victims' owners at a shared address:
            // when the count needs them, the login must fall inside the visit too.
            let needs_visit = n_leaked < rc.linked_min_accounts;
            if n == 0
                || best.contains_key(&k.acct)
                || (p.leaked_succ == 0 && !clean_in_visit)
                || (p.leaked_succ > 0
                    && (one_batch || (needs_visit && n_leaked < n))
                    && !in_visit(p.first_leaked_succ_ts()))
                || p.fails > 0
            {
                continue;
            }
            let Some(s) = src.addrs.get(&{ k.ip }) else {
                continue;
            };
            // One convicted account is enough when the address's whole night is one short visit
            // (the attacker's batch) that came back to it after its takeover; an owner's home
            // shows housemates' logins at other hours, and a housemate of a victim logs in
            // beside its owner before the attacker as often as after.
            // On IPv6, as for `takeover-batch`: the visit is the /64's whole night, and two
            // accounts on one home's or one phone's /64 are its household's.
            let visit = batch_ms > 0
                && n_after > 0
                && s.last_ts.saturating_sub(s.first_ts) <= batch_ms
                && (is_v4(k.ip) || s.succ_accounts >= rc.batch_v6_min_accounts)
                && around.lan_within(k.ip, batch_ms);
            // Where bots fail on many accounts, the address is an exit many actors share.
            let exit = s.fail_only_accounts > rc.linked_max_fail_only_accounts;
            if (n >= rc.linked_min_accounts || visit) && reuse_shape(s, rc) && !exit {
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

/// What an address's logins into accounts convicted elsewhere (its links) add up to.
#[derive(Debug, Clone, Copy, Default)]
struct Links {
    /// Links.
    all: u32,
    /// Links by a leaked pair.
    leaked: u32,
    /// Links after the account's conviction.
    after: u32,
    /// Time of the first link.
    first: i64,
    /// Time of the last link.
    last: i64,
}

/// An IPv4 address's /24: its block of neighbours.
fn block(ip: IpKey) -> IpKey {
    net_key(ip, 24, 128)
}

/// An IPv6 address's /64: one subscriber's LAN (or one phone).
fn lan(ip: IpKey) -> IpKey {
    net_key(ip, 32, 64)
}

/// What [`Night::surroundings`] found around a set of addresses.
#[derive(Default)]
struct Surroundings {
    /// Per IPv4 /24: its addresses that two or more accounts logged in from.
    shared: ahash::AHashMap<IpKey, u32>,
    /// Per IPv6 /64: the first and last attempt of the night.
    lans: ahash::AHashMap<IpKey, (i64, i64)>,
}

impl Surroundings {
    /// Other addresses of `ip`'s /24 that two or more accounts logged in from (0 for IPv6).
    fn shared_neighbours(&self, ip: IpKey) -> u32 {
        if !is_v4(ip) {
            return 0;
        }
        // The address's own logins make it one of its block's shared addresses.
        self.shared
            .get(&block(ip))
            .map_or(0, |n| n.saturating_sub(1))
    }

    /// Whether the whole night of `ip`'s /64 lies within `ms` (always for IPv4, whose
    /// address is the home; never for an IPv6 address the pass did not look at).
    fn lan_within(&self, ip: IpKey, ms: i64) -> bool {
        is_v4(ip)
            || self
                .lans
                .get(&lan(ip))
                .is_some_and(|(lo, hi)| hi.saturating_sub(*lo) <= ms)
    }
}
