//! Hit and run: a bot of a botnet or proxy pool makes a few attempts from an address and
//! moves on; its login is read against the address's failed attempts on other accounts.

use super::config;
use super::night::{Best, Cand, Night};
use super::{Figures, Rule};
use crate::event::{AcctKey, IpKey};
use crate::fingerprint::Fp;
use crate::windows::sources::{SourceKind, SourceStats};
use crate::windows::{PairStats, SortedPairs, SortedSpray};

/// The password of a pair whose one attempt was a login with a logged password, of an account
/// no rule convicted yet (`best`): the hit-and-run rules' candidates.
fn lone_login_pw(p: &PairStats, acct: AcctKey, best: &Best) -> Option<Fp> {
    let pw = p.first_succ_pw();
    (p.attempts == 1 && pw != 0 && !best.contains_key(&acct)).then_some(pw)
}

/// Did the address log into a few accounts (at most `hit_and_run_max_logins`), each tried
/// once like every account it tried, failing on at least as many others? A bot of a proxy pool
/// that found two working pairs in one pass; a household retries, and logs in more than it
/// fails.
fn lone_logins(s: &SourceStats, rc: &config::Rules) -> bool {
    s.succ_accounts <= rc.hit_and_run_max_logins
        && s.accounts >= s.succ_accounts.saturating_mul(2)
        && s.attempts == u64::from(s.accounts)
}

impl Night<'_> {
    /// Hit and run: a bot of a botnet or proxy pool makes a few attempts from an address and
    /// moves on. Its leaked-pair login is the pair's one attempt, and everything else the address
    /// did all night is failures on other accounts, minutes around the login, none with the
    /// login's password (an owner who first typed a wrong user name fails with their own
    /// password), or, within `hit_and_run_window_secs` only, one more such burst's login
    /// (`hit_and_run_max_logins`). An honest user's address shows their own use of it; a
    /// household member who fails once and never tries again, minutes from the login, is the
    /// rare case this rule accepts.
    ///
    /// With no login into the account that night from another address of the login's owner
    /// network (the owner's own carrier or ISP block): a leaked-pair login with a failed replay
    /// of a leaked pair (the bot's list) within a longer window (a slow bot; the address's other
    /// failures may be hours away); a pair that is not in the leaks (the attacker's private
    /// list) within a minute of such a replay, or seconds from the address's failures when none
    /// of the failed names is a typo of the login's, or minutes from them when they fell on
    /// several accounts, one of them in step with the login (a bot working down its list; the
    /// same typo check) (`hit-and-run-unleaked`); a password sprayed
    /// across the night that also failed here on other accounts (`spraying-hit-and-run`).
    pub(super) fn hit_and_run(&self, best: &Best) -> Vec<(AcctKey, Cand)> {
        let Night { w, pairs, src, rc } = *self;
        let spray = w.sorted_spray();
        let mut found = (Vec::new(), Vec::new());
        // Each candidate judged on the pool (its address's pairs and failed triples read
        // there), the convictions collected in order.
        pairs.scan_map(
            &mut found,
            |_, k, p| {
                // The candidates: a pair's one attempt, a login, at an address where it is the
                // only account logged into among several tried.
                let pw = lone_login_pw(p, k.acct, best)?;
                let s = src
                    .addrs
                    .get(&{ k.ip })
                    .filter(|s| s.accounts >= 2 && (s.succ_accounts == 1 || lone_logins(s, rc)))?;
                // Accounts that failed from the address with the login's password: a sprayer's
                // list, or the owner mistyping their user name. Looked up here only when the
                // spraying tier's window allows it (most candidates are further apart), else after
                // the other tiers.
                let spray_window = i64::from(rc.spray_hit_and_run_window_secs) * 1000;
                let spray_possible = rc.spray_hit_and_run_window_secs > 0
                    && s.reach_from(p.first_succ_ts()) <= spray_window;
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
                    return None;
                };
                // How far the address's night reaches from the login, and the tier that allows it
                // (the tiers with an owner check are judged away from the owner's network).
                let reach = s.reach_from(t);
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
                    // A slow bot on several accounts: the address's whole night within the
                    // slow window, failing on enough other accounts, one of them shortly before
                    // the login.
                    Rule::HitAndRun
                        if s.accounts > rc.hit_and_run_slow_min_failed
                            && within(rc.hit_and_run_slow_window_secs)
                            && self.failed_before(
                                k.ip,
                                k.acct,
                                t,
                                rc.hit_and_run_slow_gap_secs,
                            ) =>
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
                    _ => return None,
                };
                // Beside another login, only a burst: everything within the shortest window.
                if s.succ_accounts > 1 && !within(rc.hit_and_run_window_secs) {
                    return None;
                }
                // A failure with the login's password on another account (not looked up above).
                if !spray_possible && spray.failed_elsewhere(k.ip, pw, k.acct) {
                    return None;
                }
                let mut f = Figures::of(s, p);
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
                        return None;
                    }
                    f.pw_fail_accounts = g;
                }
                Some(((k.acct, (t, rule, k.ip, SourceKind::Addr, f)), owner_check))
            },
            |(out, checked), (cand, owner_check)| {
                if owner_check {
                    checked.push(cand);
                } else {
                    out.push(cand);
                }
            },
        );
        let (mut out, checked) = found;
        out.extend(self.not_owner_networks(checked));
        self.not_crowd_chance(out)
    }

    /// The candidates of the one-agent hit-and-run rules, judged without user agents (the
    /// window state holds none): a login, its pair's one attempt, of an account no conviction
    /// holds, at an address whose every other attempt of the night failed on another account,
    /// one of them a failed replay, none with the login's password, none of the failed names a
    /// typo of the login's, all within `hit_and_run_slow_agent_window_secs` of a leaked-pair
    /// login (`hit-and-run-slow-agent`) or `hit_and_run_unleaked_agent_window_secs` of a login
    /// with a pair in no leak (`hit-and-run-unleaked-agent`); no login into the account that
    /// night from another address of its owner network; on a night whose clean logins show
    /// `hit_and_run_one_agent_min_agents` distinct user agents or more. The second reading then
    /// asks whether the login's agent failed there on another account and no other agent
    /// failed there ([`super::agents::sole_failing_agents_of`]): a bot working down its list
    /// keeps its client between the failures and the login it found, while an owner logging in
    /// at home minutes from a bot that passed through their address does so from their own
    /// device.
    pub(super) fn one_agent_candidates(&self, best: &Best) -> Vec<(AcctKey, Cand)> {
        let Night { w, pairs, src, rc } = *self;
        let (leaked_secs, unleaked_secs) = (
            rc.hit_and_run_slow_agent_window_secs,
            rc.hit_and_run_unleaked_agent_window_secs,
        );
        if (leaked_secs == 0 && unleaked_secs == 0)
            || w.agents().clean_agents() < rc.hit_and_run_one_agent_min_agents as usize
        {
            return Vec::new();
        }
        let spray = w.sorted_spray();
        let mut cands = Vec::new();
        pairs.scan_map(
            &mut cands,
            |_, k, p| {
                let pw = lone_login_pw(p, k.acct, best)?;
                let (rule, secs, t) = if p.leaked_succ > 0 {
                    (
                        Rule::HitAndRunSlowAgent,
                        leaked_secs,
                        p.first_leaked_succ_ts(),
                    )
                } else if p.clean_succ > 0 {
                    (
                        Rule::HitAndRunUnleakedAgent,
                        unleaked_secs,
                        p.first_succ_ts(),
                    )
                } else {
                    return None;
                };
                let s = src.addrs.get(&{ k.ip }).filter(|s| {
                    s.succ_accounts == 1 && s.accounts >= 2 && s.replay_fail_accounts > 0
                })?;
                if secs == 0
                    || s.reach_from(t) > i64::from(secs) * 1000
                    || self.typo_at(k.ip, k.acct)
                    || spray.failed_elsewhere(k.ip, pw, k.acct)
                {
                    return None;
                }
                let mut f = Figures::of(s, p);
                f.window_secs = secs;
                Some((k.acct, (t, rule, k.ip, SourceKind::Addr, f)))
            },
            |v, c| v.push(c),
        );
        self.not_crowd_chance(self.not_owner_networks(cands))
    }

    /// The candidates among `cands` whose login the second reading found (`found`: the login
    /// and its agent, see [`super::agents::failing_agents_of`]).
    pub(super) fn confirmed(
        cands: &[(AcctKey, Cand)],
        found: &[((AcctKey, IpKey, i64), u32)],
    ) -> Vec<(AcctKey, Cand)> {
        let found: ahash::AHashSet<(AcctKey, IpKey, i64)> =
            found.iter().map(|&(login, _)| login).collect();
        cands
            .iter()
            .filter(|(acct, c)| found.contains(&(*acct, c.2, c.0)))
            .cloned()
            .collect()
    }

    /// `hit-and-run-agent`'s candidates, judged without user agents (the window state holds
    /// none): a login, the pair's only attempt, of an account no conviction holds, at an
    /// address where other accounts logged in too; within `agent_burst_secs` of it failures
    /// there on at least `agent_burst_min_accounts` other accounts, a failed replay among them
    /// (or, for `hit-and-run-agent-leaked`, a leaked-pair login and failures on one other
    /// account or more); and no login into the account that night from another address of its
    /// owner network. The second reading of the logs then asks whose agent failed
    /// ([`super::agents::bursts_of`]).
    pub(super) fn agent_burst_candidates(&self, best: &Best) -> Vec<(AcctKey, Cand)> {
        let Night { pairs, src, rc, .. } = *self;
        if rc.agent_burst_secs == 0 {
            return Vec::new();
        }
        let w = i64::from(rc.agent_burst_secs) * 1000;
        let min = rc.agent_burst_min_accounts.max(1) as usize;
        // Logins at shared addresses with a failed replay within the window (or leaked-pair
        // logins), in pair order (grouped by address), each with the failed accounts it needs.
        let mut near = Vec::new();
        pairs.scan_map(
            &mut near,
            |_, k, p| {
                if p.attempts != 1 || p.succ() == 0 || best.contains_key(&k.acct) {
                    return None;
                }
                let s = src.addrs.get(&{ k.ip }).filter(|s| s.succ_accounts >= 2)?;
                let t = p.first_succ_ts();
                let need = if rc.agent_burst_leaked && p.leaked_succ > 0 {
                    1
                } else if s.replays_near(t, w) > 0 {
                    min
                } else {
                    return None;
                };
                let mut f = Figures::of(s, p);
                f.window_secs = rc.agent_burst_secs;
                Some((
                    (k.acct, (t, Rule::HitAndRunAgent, k.ip, SourceKind::Addr, f)),
                    need,
                ))
            },
            |v, c| v.push(c),
        );
        // Per address, once: how many other accounts failed there within the window of each
        // login ([`FailSpans`]: a carrier address with thousands of pairs costs a sort, not a
        // scan per login). The login's own pair never failed (its one attempt logged in).
        let mut cands = Vec::new();
        for group in near.chunk_by(|a, b| a.0.1.2 == b.0.1.2) {
            let Some(ip) = group.first().map(|c| c.0.1.2) else {
                continue;
            };
            let spans = FailSpans::at(pairs, pairs.range_of_ip(ip));
            cands.extend(
                group
                    .iter()
                    .filter(|(c, need)| spans.overlapping(c.1.0, w) >= *need)
                    .map(|(c, _)| c.clone()),
            );
        }
        self.not_owner_networks(cands)
    }

    /// The candidates of [`Night::agent_burst_candidates`] whose burst the second reading
    /// found (`bursts`, see [`super::agents::bursts_of`]), none of the accounts the login's
    /// agent failed on a typo of the login's name (its owner trying their other addresses or
    /// mistyping): `hit-and-run-agent` when they are `agent_burst_min_accounts` or more, one
    /// of them a failed replay there ([`crate::windows::PairStats::is_failed_replay`]);
    /// otherwise `hit-and-run-agent-leaked` when the login's pair is leaked, the agent did
    /// nothing else at the address all night ([`super::agents::Burst::alone`]) and none of
    /// its failures there was with the login's password.
    pub(super) fn agent_burst_convictions(
        &self,
        cands: &[(AcctKey, Cand)],
        bursts: &[super::agents::Burst],
    ) -> Vec<(AcctKey, Cand)> {
        let stats = |ip: IpKey, acct: AcctKey| {
            self.pairs
                .position(&crate::windows::PairKey { ip, acct })
                .and_then(|i| self.pairs.stats(i))
        };
        let replay =
            |ip: IpKey, acct: AcctKey| stats(ip, acct).is_some_and(|q| q.is_failed_replay());
        let spray = self.w.sorted_spray();
        let rc = self.rc;
        let by_login: ahash::AHashMap<(AcctKey, IpKey, i64), &Cand> =
            cands.iter().map(|(a, c)| ((*a, c.2, c.0), c)).collect();
        bursts
            .iter()
            .filter(|b| {
                !b.failed
                    .iter()
                    .any(|&a| self.typo_of(a, b.acct, rc.user_typo_max_edits))
            })
            .filter_map(|b| {
                let rule = if b.failed.len() >= rc.agent_burst_min_accounts.max(1) as usize
                    && b.failed.iter().any(|&a| replay(b.ip, a))
                {
                    Rule::HitAndRunAgent
                } else if rc.agent_burst_leaked
                    && b.alone
                    && stats(b.ip, b.acct).is_some_and(|p| {
                        p.leaked_succ > 0
                            && !spray.failed_elsewhere(b.ip, p.first_succ_pw(), b.acct)
                    })
                {
                    Rule::HitAndRunAgentLeaked
                } else {
                    return None;
                };
                let mut c = (*by_login.get(&(b.acct, b.ip, b.ts))?).clone();
                c.1 = rule;
                c.4.agent_fail_accounts = b.failed.len() as u32;
                Some((b.acct, c))
            })
            .collect()
    }

    /// Is `pw` sprayed tonight (failing on `global_spray_min_accounts` accounts), and did `ip`
    /// fail on an account other than `acct` with a password that is too?
    fn sprayed_beside(&self, spray: &SortedSpray<'_>, ip: IpKey, acct: AcctKey, pw: Fp) -> bool {
        let min = self.rc.global_spray_min_accounts;
        let sprayed = |q: &Fp| self.src.pw_fail_accounts.get(q).copied().unwrap_or(0) >= min;
        if !sprayed(&pw) {
            return false;
        }
        let of_ip = self.pairs.range_of_ip(ip);
        spray.failures_at(ip, acct).any(|(a, q)| {
            // A replay is not a guess: a pair that failed with one password, a leaked one,
            // is a stuffing bot's (the account's own old password), whatever its popularity.
            let replay = self
                .pairs
                .find_acct(of_ip.clone(), a)
                .and_then(|i| self.pairs.stats(i))
                .is_some_and(|p| p.leaked_fails > 0 && p.fail_pws <= 1);
            !replay && sprayed(&q)
        })
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
}

/// The failing pairs of one address as spans (first failure, last attempt), for counting
/// those that overlap a window: a span overlaps [t - w, t + w] unless it starts after it or
/// ends before it, and one that ends before it started before it too, so the count is the
/// spans starting by t + w less those ending before t - w.
pub(super) struct FailSpans {
    /// First failures, sorted.
    starts: Vec<i64>,
    /// Last attempts, sorted.
    ends: Vec<i64>,
}

impl FailSpans {
    /// The spans (first failure, last attempt; the first no later than the last).
    fn new(spans: impl Iterator<Item = (i64, i64)>) -> FailSpans {
        let (mut starts, mut ends): (Vec<i64>, Vec<i64>) = spans.unzip();
        starts.sort_unstable();
        ends.sort_unstable();
        FailSpans { starts, ends }
    }

    /// The failing pairs among `pairs`' rows `range` (one address's).
    pub(super) fn at(pairs: &SortedPairs, range: std::ops::Range<usize>) -> FailSpans {
        FailSpans::new(
            pairs
                .range(range)
                .filter(|(_, q)| q.fails > 0)
                .map(|(_, q)| (q.first_fail_ts(), q.last_ts())),
        )
    }

    /// How many spans overlap [t - w, t + w].
    pub(super) fn overlapping(&self, t: i64, w: i64) -> usize {
        let begun = self.starts.partition_point(|&x| x <= t.saturating_add(w));
        let over = self.ends.partition_point(|&x| x < t.saturating_sub(w));
        begun.saturating_sub(over)
    }
}

#[cfg(test)]
mod tests {
    use super::FailSpans;
    use proptest::prelude::*;

    proptest! {
        /// The sorted count equals checking every span.
        #[test]
        fn fail_spans_count_as_the_plain_loop(
            spans in prop::collection::vec((0i64..10_000, 0i64..3_000), 0..60),
            t in -1_000i64..12_000,
            w in 0i64..2_000,
        ) {
            let spans: Vec<(i64, i64)> = spans.into_iter().map(|(a, len)| (a, a + len)).collect();
            let plain = spans
                .iter()
                .filter(|&&(a, b)| a <= t + w && b >= t - w)
                .count();
            prop_assert_eq!(FailSpans::new(spans.iter().copied()).overlapping(t, w), plain);
        }
    }
}
