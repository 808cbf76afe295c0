//! List run: a bot working down a list of pairs the leaks do not hold (phished, bought, an
//! infostealer's) from an address of its own. It tries each account once, one after another,
//! minutes apart at most, and gets into a share of them; the address's failures on other
//! accounts, all made with its one client, surround its logins. An honest address cannot
//! produce the run: people who fail try again, and where many people pass (a carrier NAT, a
//! LAN party, a kiosk) their own clients fail too, or their failures are hours apart.
//!
//! Judged without user agents first ([`run_logins`], on the pairs of each address); the second
//! reading then keeps the logins made with the one agent that failed at the address all night
//! (`agents::sole_failing_agents_of`, as for `hit-and-run-unleaked-agent`).

use super::night::{Best, Cand, Night};
use super::{Figures, Rule, config};
use crate::event::AcctKey;
use crate::windows::sources::SourceKind;
use crate::windows::{PairKey, PairStats};
use std::ops::Range;

/// The logins inside the runs of one address's pairs `pairs` (position in `pairs`, time): a
/// run is a sequence of one-attempt failures on distinct accounts (each the pair's only
/// attempt), no two consecutive ones more than `list_run_gap_secs` apart, of at least
/// `list_run_min_accounts` accounts at `list_run_min_per_hour` or more an hour; its logins are
/// the pairs whose first success lies within it. A run counts when the accounts tried more than
/// once across it are at most `list_run_max_repeat_share` of its accounts and its logins are no
/// more than its failures. Each login comes with the run's failures and span (seconds), in the
/// order of `pairs`. One-attempt pairs are found by time (a binary search per run); pairs of
/// several attempts, which may span many runs, are read for each run.
pub(super) fn run_logins(pairs: &[(PairKey, PairStats)], rc: &config::Rules) -> Vec<RunLogin> {
    let min = rc.list_run_min_accounts as usize;
    if min == 0 {
        return Vec::new();
    }
    // The one-attempt failures' times, the one-attempt pairs by time, and the others.
    let mut fails: Vec<i64> = Vec::new();
    let mut singles: Vec<(i64, usize)> = Vec::new();
    let mut multis: Vec<usize> = Vec::new();
    for (i, (_, p)) in pairs.iter().enumerate() {
        if p.attempts == 1 {
            singles.push((p.first_ts(), i));
            if p.succ() == 0 {
                fails.push(p.first_fail_ts());
            }
        } else if p.attempts > 1 {
            multis.push(i);
        }
    }
    let dense = rc.list_run_dense_min_fails > 0
        && fails.len() >= rc.list_run_dense_min_fails as usize
        && singles.len() as f64 >= rc.list_run_dense_min_single_share * pairs.len() as f64;
    if fails.len() < min && !dense {
        return Vec::new();
    }
    fails.sort_unstable();
    singles.sort_unstable();
    let mut out = Vec::new();
    if fails.len() >= min {
        for run in gap_runs(&fails, |&t| t, rc.list_run_gap_secs) {
            let run = fails.get(run).unwrap_or_default();
            if let (Some(&lo), Some(&hi)) = (run.first(), run.last()) {
                out.extend(logins_in_run(
                    pairs,
                    &singles,
                    &multis,
                    (lo, hi, run.len()),
                    rc,
                ));
            }
        }
    }
    // A login inside runs of both kinds is listed once, with the failure run's figures.
    if dense {
        out.extend(dense_run_logins(pairs, &singles, &multis, rc));
    }
    out.sort_by_key(|l| l.0);
    out.dedup_by_key(|l| l.0);
    out
}

/// The logins of the dense runs at one address (its one-attempt pairs `singles` by time, the
/// others `multis`): a run of one-attempt pairs, failures and logins alike, on at least
/// `list_run_min_accounts` accounts, no two consecutive ones more than
/// `list_run_dense_gap_secs` apart, at `list_run_dense_min_per_hour` or more an hour, with at
/// least `list_run_dense_min_fails` failures and no more logins than failures, and at most
/// `list_run_max_repeat_share` of its accounts tried twice within it. The caller checks the
/// address: its one-attempt accounts are `list_run_dense_min_single_share` of its accounts or
/// more (a list of pairs that work more often than the leaked ones, phished or an
/// infostealer's; an aggregator or a sync service logs its users in again and again).
fn dense_run_logins(
    pairs: &[(PairKey, PairStats)],
    singles: &[(i64, usize)],
    multis: &[usize],
    rc: &config::Rules,
) -> Vec<RunLogin> {
    let mut out = Vec::new();
    for run in gap_runs(singles, |&(t, _)| t, rc.list_run_dense_gap_secs) {
        let run = singles.get(run).unwrap_or_default();
        let (Some(&(lo, _)), Some(&(hi, _))) = (run.first(), run.last()) else {
            continue;
        };
        let n = run.len();
        if !long_and_fast(n, (lo, hi), rc.list_run_dense_min_per_hour, rc) {
            continue;
        }
        let logins = single_logins(pairs, run);
        let failed = n - logins.len();
        if logins.is_empty()
            || failed < rc.list_run_dense_min_fails as usize
            || logins.len() > failed
        {
            continue;
        }
        let (mut accounts, mut repeated) = (n, 0usize);
        for (_, p) in overlapping(pairs, multis, (lo, hi)) {
            accounts += 1;
            repeated += usize::from(tried_twice_within(p, lo, hi));
        }
        if repeated as f64 > rc.list_run_max_repeat_share * accounts as f64 {
            continue;
        }
        out.extend(run_rows(logins, failed, (lo, hi)));
    }
    out
}

/// A login inside a run: its position among the address's pairs, its time, the run's
/// failures and span in seconds.
pub(super) type RunLogin = (usize, i64, u32, u32);

/// The logins of one run of `n` failures from `lo` to `hi` at the address of `pairs` (its
/// one-attempt pairs `singles` by time, the others `multis`), if the run counts (see
/// [`run_logins`]).
fn logins_in_run(
    pairs: &[(PairKey, PairStats)],
    singles: &[(i64, usize)],
    multis: &[usize],
    (lo, hi, n): (i64, i64, usize),
    rc: &config::Rules,
) -> Vec<RunLogin> {
    if !long_and_fast(n, (lo, hi), rc.list_run_min_per_hour, rc) {
        return Vec::new();
    }
    let from = singles.partition_point(|&(t, _)| t < lo);
    let to = singles.partition_point(|&(t, _)| t <= hi);
    let inside = singles.get(from..to).unwrap_or_default();
    let mut accounts = inside.len();
    let mut repeated = 0usize;
    let mut logins = single_logins(pairs, inside);
    for (i, p) in overlapping(pairs, multis, (lo, hi)) {
        accounts += 1;
        repeated += usize::from(tried_twice_within(p, lo, hi));
        if p.succ() > 0 && (lo..=hi).contains(&p.first_succ_ts()) {
            logins.push((i, p.first_succ_ts()));
        }
    }
    if logins.len() > n || repeated as f64 > rc.list_run_max_repeat_share * accounts as f64 {
        return Vec::new();
    }
    run_rows(logins, n, (lo, hi))
}

/// The ranges of `items` (sorted by `time`) cut where consecutive times lie more than
/// `gap_secs` apart.
fn gap_runs<T>(items: &[T], time: impl Fn(&T) -> i64, gap_secs: u32) -> Vec<Range<usize>> {
    let gap = i64::from(gap_secs) * 1000;
    let mut runs = Vec::new();
    let mut start = 0;
    for (i, w) in items.windows(2).enumerate() {
        if let [a, b] = w
            && time(b).saturating_sub(time(a)) > gap
        {
            runs.push(start..i + 1);
            start = i + 1;
        }
    }
    if start < items.len() {
        runs.push(start..items.len());
    }
    runs
}

/// Does a run of `n` accounts from `lo` to `hi` reach `list_run_min_accounts` accounts and
/// `per_hour` an hour? At least a minute, so that a burst within seconds is not an infinite
/// rate.
fn long_and_fast(n: usize, (lo, hi): (i64, i64), per_hour: u32, rc: &config::Rules) -> bool {
    let hours = (hi.saturating_sub(lo).max(60_000)) as f64 / 3_600_000.0;
    n >= rc.list_run_min_accounts as usize && n as f64 >= f64::from(per_hour) * hours
}

/// The logins among one-attempt pairs `run` (positions in `pairs`): position and time.
fn single_logins(pairs: &[(PairKey, PairStats)], run: &[(i64, usize)]) -> Vec<(usize, i64)> {
    run.iter()
        .filter_map(|&(_, i)| {
            let (_, p) = pairs.get(i)?;
            (p.succ() > 0).then(|| (i, p.first_succ_ts()))
        })
        .collect()
}

/// The pairs of several attempts (`multis`, positions in `pairs`) with an attempt in
/// `lo..=hi` at least possibly (their first attempt no later, their last no earlier).
fn overlapping<'a>(
    pairs: &'a [(PairKey, PairStats)],
    multis: &'a [usize],
    (lo, hi): (i64, i64),
) -> impl Iterator<Item = (usize, &'a PairStats)> + 'a {
    multis.iter().filter_map(move |&i| {
        let (_, p) = pairs.get(i)?;
        (p.last_ts() >= lo && p.first_ts() <= hi).then_some((i, p))
    })
}

/// A run's logins as [`RunLogin`]s: `failed` failures, the span from `lo` to `hi`.
fn run_rows(logins: Vec<(usize, i64)>, failed: usize, (lo, hi): (i64, i64)) -> Vec<RunLogin> {
    let span = u32::try_from(hi.saturating_sub(lo) / 1000).unwrap_or(u32::MAX);
    let failed = u32::try_from(failed).unwrap_or(u32::MAX);
    logins
        .into_iter()
        .map(|(i, t)| (i, t, failed, span))
        .collect()
}

/// Did the pair try at least twice within `lo..=hi`? Two of its distinct known times (first
/// failure, first and last success, last attempt) lie there: a lower bound, as the pair holds
/// no other times. A later return (an attacker's next login hours after the run) is not a
/// retry within it.
fn tried_twice_within(p: &PairStats, lo: i64, hi: i64) -> bool {
    if p.attempts < 2 {
        return false;
    }
    let mut times = [
        p.first_fail_ts(),
        p.first_succ_ts(),
        p.last_succ_ts(),
        p.last_ts(),
    ];
    times.sort_unstable();
    let mut inside = times.iter().filter(|t| (lo..=hi).contains(*t)).peekable();
    let mut distinct = 0;
    while let Some(t) = inside.next() {
        if inside.peek() != Some(&t) {
            distinct += 1;
        }
    }
    distinct >= 2
}

impl Night<'_> {
    /// `list-run`'s candidates, before the second reading confirms their agent: the logins
    /// inside the runs of [`run_logins`] of accounts no rule convicted yet, at addresses with
    /// at least `list_run_min_accounts` accounts that only failed and at most
    /// `list_run_max_retried_accounts` that failed and later logged in, on a night whose
    /// logins show `hit_and_run_one_agent_min_agents` distinct agents or more.
    pub(super) fn list_run_candidates(&self, best: &Best) -> Vec<(AcctKey, Cand)> {
        let Night { w, pairs, src, rc } = *self;
        // Agents must tell clients apart (`hit_and_run_one_agent_min_agents`): where the field
        // is a constant, a carrier address's subscribers all share the bot's.
        if rc.list_run_min_accounts == 0
            || w.agents().clean_agents() < rc.hit_and_run_one_agent_min_agents as usize
        {
            return Vec::new();
        }
        // Either kind of run: failures on `list_run_min_accounts` accounts, or a dense run's.
        let min_fail_only = match rc.list_run_dense_min_fails {
            0 => rc.list_run_min_accounts,
            d => d.min(rc.list_run_min_accounts),
        };
        let mut addrs: Vec<_> = src
            .addrs
            .iter()
            .filter(|(_, s)| s.fail_only_accounts >= min_fail_only && s.succ_accounts > 0)
            .map(|(ip, s)| (*ip, s))
            .collect();
        addrs.sort_unstable_by_key(|(ip, _)| *ip);
        use rayon::prelude::*;
        let found: Vec<Vec<(AcctKey, Cand)>> = addrs
            .par_iter()
            .map(|&(ip, s)| {
                let at: Vec<(PairKey, PairStats)> = pairs.range(pairs.range_of_ip(ip)).collect();
                // People retry; a list bot tries each account once.
                let retried = at
                    .iter()
                    .filter(|(_, p)| p.logged_in_after_failing())
                    .count();
                if retried > rc.list_run_max_retried_accounts as usize {
                    return Vec::new();
                }
                run_logins(&at, rc)
                    .into_iter()
                    .filter_map(|(i, t, failed, span)| {
                        let (k, p) = at.get(i)?;
                        if best.contains_key(&k.acct) {
                            return None;
                        }
                        let mut f = Figures::of(s, p);
                        f.agent_fail_accounts = failed;
                        f.window_secs = span;
                        Some((k.acct, (t, Rule::ListRun, ip, SourceKind::Addr, f)))
                    })
                    .collect()
            })
            .collect();
        found.into_iter().flatten().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::{Event, flags};

    /// An attempt on account `acct` at address 1, `secs` seconds in.
    fn event(acct: AcctKey, secs: i64, ok: bool) -> Event {
        Event {
            ts_ms: secs * 1000,
            ip: 1,
            acct,
            pw: 0,
            flags: if ok { flags::OK } else { 0 },
            agent: 0,
        }
    }

    /// A pair of account `acct` at address 1: one attempt at `secs`, a login or a failure.
    fn pair(acct: AcctKey, secs: i64, ok: bool) -> (PairKey, PairStats) {
        let mut p = PairStats::default();
        p.add(&event(acct, secs, ok));
        (PairKey { ip: 1, acct }, p)
    }

    /// A retry is a failure and a later login on one pair, in whatever order they are added; a
    /// login before the failure, a login alone or a failure alone is none.
    #[test]
    fn a_retry_is_a_failure_then_a_login() {
        let both = |first: (i64, bool), second: (i64, bool)| {
            let mut p = PairStats::default();
            p.add(&event(7, first.0, first.1));
            p.add(&event(7, second.0, second.1));
            p.logged_in_after_failing()
        };
        assert!(both((10, false), (20, true)));
        assert!(both((20, true), (10, false)));
        assert!(!both((10, true), (20, false)));
        assert!(!both((10, true), (20, true)));
        assert!(!both((10, false), (20, false)));
    }

    /// Twelve failures a minute apart, logins at minutes 3 and 8 and one an hour later.
    fn list_bot() -> Vec<(PairKey, PairStats)> {
        let mut v: Vec<_> = (0..12)
            .map(|i| pair(100 + i, i as i64 * 60, false))
            .collect();
        v.push(pair(1, 185, true));
        v.push(pair(2, 485, true));
        v.push(pair(3, 4_000, true));
        v.sort_by_key(|(k, _)| k.acct);
        v
    }

    #[test]
    fn logins_inside_a_dense_run_of_one_attempt_failures() {
        // The failure runs alone (the dense runs are tested below).
        let rc = config::Rules {
            list_run_dense_min_fails: 0,
            ..config::Rules::default()
        };
        let bot = list_bot();
        // With them, the login an hour later joins the dense run of the same one-attempt
        // pairs; the two inside the failure run keep its figures.
        let all: Vec<_> = run_logins(&bot, &config::Rules::default())
            .into_iter()
            .map(|(i, t, n, span)| (bot[i].0.acct, t, n, span))
            .collect();
        assert_eq!(
            all,
            vec![
                (1, 185_000, 12, 660),
                (2, 485_000, 12, 660),
                (3, 4_000_000, 12, 4_000)
            ]
        );
        let got: Vec<_> = run_logins(&bot, &rc)
            .into_iter()
            .map(|(i, t, n, span)| (bot[i].0.acct, t, n, span))
            .collect();
        assert_eq!(got, vec![(1, 185_000, 12, 660), (2, 485_000, 12, 660)]);
        // Off, or the run too short, too slow or too repetitive: nothing.
        let off = config::Rules {
            list_run_min_accounts: 0,
            ..rc.clone()
        };
        assert!(run_logins(&list_bot(), &off).is_empty());
        let more = config::Rules {
            list_run_min_accounts: 13,
            ..rc.clone()
        };
        assert!(run_logins(&list_bot(), &more).is_empty());
        let slow = config::Rules {
            list_run_min_per_hour: 70,
            ..rc.clone()
        };
        assert!(run_logins(&list_bot(), &slow).is_empty());
        let mut retried = list_bot();
        // Two logins and one failure tried again: 3 of the run's 14 accounts (over 0.15).
        for (k, p) in retried
            .iter_mut()
            .filter(|(k, _)| [1, 2, 100].contains(&k.acct))
        {
            p.add(&event(k.acct, p.first_ts() / 1000 + 1, false));
        }
        assert!(run_logins(&retried, &rc).is_empty());
    }

    /// Sorted times cut into runs where consecutive ones lie more than `gap_secs` apart.
    fn split_runs(times: Vec<i64>, gap_secs: u32) -> Vec<Vec<i64>> {
        let gap = i64::from(gap_secs) * 1000;
        let mut runs: Vec<Vec<i64>> = Vec::new();
        for t in times {
            match runs.last_mut() {
                Some(r) if r.last().is_some_and(|&l| t - l <= gap) => r.push(t),
                _ => runs.push(vec![t]),
            }
        }
        runs
    }

    /// The plain reading of [`run_logins`]: every pair read for every run.
    fn run_logins_simple(pairs: &[(PairKey, PairStats)], rc: &config::Rules) -> Vec<RunLogin> {
        let mut fails: Vec<i64> = pairs
            .iter()
            .filter(|(_, p)| p.attempts == 1 && p.succ() == 0)
            .map(|(_, p)| p.first_fail_ts())
            .collect();
        fails.sort_unstable();
        if rc.list_run_min_accounts == 0 {
            return Vec::new();
        }
        let fails_enough = fails.len() >= rc.list_run_min_accounts as usize;
        let runs = split_runs(fails, rc.list_run_gap_secs);
        let mut out = Vec::new();
        for r in runs.into_iter().filter(|_| fails_enough) {
            let (lo, hi, n) = (r[0], r[r.len() - 1], r.len());
            let hours = ((hi - lo).max(60_000)) as f64 / 3_600_000.0;
            if n < rc.list_run_min_accounts as usize
                || (n as f64) < f64::from(rc.list_run_min_per_hour) * hours
            {
                continue;
            }
            let (mut accounts, mut repeated, mut logins) = (0usize, 0usize, Vec::new());
            for (i, (_, p)) in pairs.iter().enumerate() {
                if p.last_ts() < lo || p.first_ts() > hi {
                    continue;
                }
                accounts += 1;
                repeated += usize::from(tried_twice_within(p, lo, hi));
                if p.succ() > 0 && (lo..=hi).contains(&p.first_succ_ts()) {
                    logins.push((i, p.first_succ_ts()));
                }
            }
            if logins.len() > n || repeated as f64 > rc.list_run_max_repeat_share * accounts as f64
            {
                continue;
            }
            let span = ((hi - lo) / 1000) as u32;
            out.extend(logins.into_iter().map(|(i, t)| (i, t, n as u32, span)));
        }
        out.extend(dense_run_logins_simple(pairs, rc));
        out.sort_by_key(|l| l.0);
        out.dedup_by_key(|l| l.0);
        out
    }

    /// The plain reading of the dense runs: runs of one-attempt pairs, every pair read for
    /// every run.
    fn dense_run_logins_simple(
        pairs: &[(PairKey, PairStats)],
        rc: &config::Rules,
    ) -> Vec<RunLogin> {
        let one: Vec<&PairStats> = pairs
            .iter()
            .map(|(_, p)| p)
            .filter(|p| p.attempts == 1)
            .collect();
        let failing = one.iter().filter(|p| p.succ() == 0).count();
        if rc.list_run_dense_min_fails == 0
            || failing < rc.list_run_dense_min_fails as usize
            || (one.len() as f64) < rc.list_run_dense_min_single_share * pairs.len() as f64
        {
            return Vec::new();
        }
        let mut times: Vec<i64> = one.iter().map(|p| p.first_ts()).collect();
        times.sort_unstable();
        let runs = split_runs(times, rc.list_run_dense_gap_secs);
        let mut out = Vec::new();
        for r in runs {
            let (lo, hi, n) = (r[0], r[r.len() - 1], r.len());
            let hours = ((hi - lo).max(60_000)) as f64 / 3_600_000.0;
            if n < rc.list_run_min_accounts as usize
                || (n as f64) < f64::from(rc.list_run_dense_min_per_hour) * hours
            {
                continue;
            }
            let (mut accounts, mut repeated, mut fails, mut logins) =
                (0usize, 0usize, 0usize, Vec::new());
            for (i, (_, p)) in pairs.iter().enumerate() {
                if p.last_ts() < lo || p.first_ts() > hi {
                    continue;
                }
                accounts += 1;
                repeated += usize::from(tried_twice_within(p, lo, hi));
                if p.attempts == 1 && p.succ() == 0 {
                    fails += 1;
                } else if p.attempts == 1 {
                    logins.push((i, p.first_succ_ts()));
                }
            }
            if logins.is_empty()
                || fails < rc.list_run_dense_min_fails as usize
                || logins.len() > fails
                || repeated as f64 > rc.list_run_max_repeat_share * accounts as f64
            {
                continue;
            }
            let span = ((hi - lo) / 1000) as u32;
            out.extend(logins.into_iter().map(|(i, t)| (i, t, fails as u32, span)));
        }
        out
    }

    proptest::proptest! {
        /// The indexed reading equals the plain one: random addresses of one-attempt failures
        /// and logins and of pairs tried several times, in bursts and spread out.
        #[test]
        fn indexed_runs_equal_the_plain_reading(
            attempts in proptest::collection::vec(
                (0u64..40, 0i64..20_000, proptest::bool::weighted(0.3)), 0..160),
            min in 2u32..12,
            repeat in 0.0f64..0.5,
            dense_fails in 0u32..6,
            single_share in 0.0f64..1.0,
        ) {
            let mut by_acct: std::collections::BTreeMap<AcctKey, PairStats> = Default::default();
            for (acct, secs, ok) in attempts {
                by_acct.entry(acct).or_default().add(&event(acct, secs, ok));
            }
            let pairs: Vec<(PairKey, PairStats)> = by_acct
                .into_iter()
                .map(|(acct, p)| (PairKey { ip: 1, acct }, p))
                .collect();
            let rc = config::Rules {
                list_run_min_accounts: min,
                list_run_max_repeat_share: repeat,
                list_run_min_per_hour: 2,
                list_run_dense_min_fails: dense_fails,
                list_run_dense_min_single_share: single_share,
                ..config::Rules::default()
            };
            proptest::prop_assert_eq!(run_logins(&pairs, &rc), run_logins_simple(&pairs, &rc));
        }
    }

    /// Six failures and five logins a minute apart, one attempt each: a list that works
    /// almost as often as it fails.
    fn phished_list() -> Vec<(PairKey, PairStats)> {
        let mut v: Vec<_> = (0..11)
            .map(|i| pair(100 + i, i as i64 * 60, i % 2 == 1))
            .collect();
        v.sort_by_key(|(k, _)| k.acct);
        v
    }

    #[test]
    fn logins_inside_a_dense_run_of_one_attempt_pairs() {
        let rc = config::Rules::default();
        let got = run_logins(&phished_list(), &rc);
        let want: Vec<_> = [1, 3, 5, 7, 9]
            .into_iter()
            .map(|i| (i, i as i64 * 60_000, 6, 600))
            .collect();
        assert_eq!(got, want);
        // Off; too few failures; more logins than failures: nothing.
        for rc in [
            config::Rules {
                list_run_dense_min_fails: 0,
                ..rc.clone()
            },
            config::Rules {
                list_run_dense_min_fails: 7,
                ..rc.clone()
            },
        ] {
            assert!(run_logins(&phished_list(), &rc).is_empty());
        }
        let mut more = phished_list();
        more.push(pair(200, 630, true));
        more.push(pair(201, 650, true));
        assert!(run_logins(&more, &rc).is_empty());
        // A sync service: most of the address's accounts log in there again and again.
        let mut sync = phished_list();
        for a in 300..305 {
            let mut p = PairStats::default();
            for h in 0..5 {
                p.add(&event(a, 20_000 + h * 3_600, true));
            }
            sync.push((PairKey { ip: 1, acct: a }, p));
        }
        assert!(run_logins(&sync, &rc).is_empty());
    }

    #[test]
    fn failures_hours_apart_make_no_run() {
        let rc = config::Rules::default();
        // A kiosk: a failure every 20 minutes over four hours, logins between them.
        let mut v: Vec<_> = (0..12)
            .map(|i| pair(100 + i, i as i64 * 1200, false))
            .collect();
        v.push(pair(1, 610, true));
        assert!(run_logins(&v, &rc).is_empty());
        // Two runs split by a pause: each is judged alone (here both too short).
        let mut w: Vec<_> = (0..8)
            .map(|i| pair(100 + i, i as i64 * 60, false))
            .collect();
        w.extend((0..8).map(|i| pair(200 + i, 7_200 + i as i64 * 60, false)));
        w.push(pair(1, 7_300, true));
        assert!(run_logins(&w, &rc).is_empty());
        // More logins than failures: an address that mostly gets in is no list bot's.
        let mut x = list_bot();
        x.extend((0..12).map(|i| pair(300 + i, 30 + i as i64 * 55, true)));
        assert!(run_logins(&x, &rc).is_empty());
    }
}
