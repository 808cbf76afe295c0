//! Checks on a source's candidates that read the source's other pairs: a guesser's or a
//! sprayer's login must come while it guesses or sprays (in step with its attempts on other
//! accounts), and a password that opens about as many accounts as it fails on from one source
//! is shared by design, not sprayed.

use super::chance::{binomial_tail, cover};
use super::judge::few_logins;
use super::night::Cand;
use super::{Rule, config};
use crate::event::{AcctKey, IpKey};
use crate::fingerprint::Fp;
use crate::windows::sources::{SourceKind, Sources, slower_than};
use crate::windows::{PairKey, PairStats, SortedPairs, Windows};

/// Keeps the `guessing` candidates whose login lies within `guess_span_slack_secs` of the
/// span of the source's guessing (the attempts on its fail-only accounts), in step with it (at
/// most `guess_max_step_gaps` of its median gaps between those attempts from the nearest), and
/// whose source failed there at least `guess_min_fails_per_hour` times an hour of that span;
/// other candidates pass. A source guesses for a while, and its login is one of its attempts;
/// an address that guessed in the small hours and serves carrier subscribers all afternoon (a
/// pool address, a reassigned dynamic one) is somebody else by then, as is a login in a pause
/// between a bot's bursts. A trickle of failures all day is bots passing a shared exit (a VPN,
/// a carrier address), whose users log in beside them.
pub(super) fn while_guessing(
    cands: Vec<(AcctKey, Cand)>,
    pairs: &SortedPairs,
    src: &Sources,
    rc: &config::Rules,
) -> Vec<(AcctKey, Cand)> {
    // Per guessing source: the attempts on its fail-only accounts (first and last of each),
    // and their failures.
    let mut runs: ahash::AHashMap<(IpKey, SourceKind), (Vec<i64>, u64)> = cands
        .iter()
        .filter(|(_, c)| c.1 == Rule::Guessing)
        .map(|(_, c)| ((c.2, c.3), (Vec::new(), 0)))
        .collect();
    if runs.is_empty() {
        return cands;
    }
    let sources: ahash::AHashSet<(IpKey, SourceKind)> = runs.keys().copied().collect();
    // Per source: when each account it logged into first did, and its residents (accounts
    // that logged in there twice or more, far enough apart, never with a leaked pair: an
    // attacker coming back to an account it opened is no resident).
    let mut logins: ahash::AHashMap<(IpKey, SourceKind), Vec<i64>> = ahash::AHashMap::new();
    let mut residents: ahash::AHashMap<(IpKey, SourceKind), Vec<AcctKey>> = ahash::AHashMap::new();
    let resident_ms = i64::from(rc.guess_resident_secs) * 1000;
    pairs_of_sources(&sources, pairs, src, |key, acct, p| {
        if p.succ() > 0 {
            logins.entry(key).or_default().push(p.first_succ_ts());
        }
        if p.succ() >= 2
            && p.leaked_succ == 0
            && p.last_succ_ts().saturating_sub(p.first_succ_ts()) >= resident_ms
        {
            residents.entry(key).or_default().push(acct);
        }
        if p.succ() == 0
            && p.fails > 0
            && let Some((times, fails)) = runs.get_mut(&key)
        {
            times.push(p.first_fail_ts());
            if p.last_ts() != p.first_fail_ts() {
                times.push(p.last_ts());
            }
            *fails += u64::from(p.fails);
        }
    });
    // Per source: first and last attempt, the median gap between attempts, failures; and
    // the attempts themselves, sorted, to find the nearest.
    let span: ahash::AHashMap<(IpKey, SourceKind), AttemptRun> = runs
        .into_iter()
        .filter_map(|(key, (times, fails))| Some((key, AttemptRun::of(times, fails)?)))
        .collect();
    let slack = i64::from(rc.guess_span_slack_secs) * 1000;
    let steps = i64::from(rc.guess_max_step_gaps);
    // The sources whose logins all came in their burst, where logins at random times of the
    // night would all have fallen with probability at most `guess_burst_max_chance`: a source
    // over the login ratio counts only then.
    let in_burst: ahash::AHashSet<(IpKey, SourceKind)> = span
        .iter()
        .filter(|(key, r)| {
            let times = logins.get(*key).map_or(&[][..], Vec::as_slice);
            let width =
                r.hi.saturating_sub(r.lo)
                    .saturating_add(slack.saturating_mul(2));
            let share = (width as f64 / src.span_ms.max(1) as f64).min(1.0);
            times.iter().all(|&t| r.spans(t, slack))
                && share.powi(i32::try_from(times.len()).unwrap_or(i32::MAX))
                    <= rc.guess_burst_max_chance
        })
        .map(|(key, _)| *key)
        .collect();
    // How far from its nearest attempt a login may lie: `guess_max_step_gaps` of the source's
    // median gaps (0: any distance).
    let reach = |r: &AttemptRun| {
        if steps == 0 {
            i64::MAX
        } else {
            r.gap.saturating_mul(steps)
        }
    };
    // In step with a source's guessing: within the slack of its span and that reach.
    let in_step = |r: &AttemptRun, t: i64| r.spans(t, slack) && r.nearest(t) <= reach(r);
    // The sources whose failures logged no password and whose logins show people living
    // there: accounts first logged in there out of step with the guessing, and as many in step
    // as logins at random hours would make.
    let lived_in: ahash::AHashSet<(IpKey, SourceKind)> = span
        .iter()
        .filter(|(key, r)| {
            if src.of(key.0, key.1).is_none_or(|s| s.spray_max != 0) {
                return false;
            }
            let times = logins.get(*key).map_or(&[][..], Vec::as_slice);
            let inside = times.iter().filter(|&&t| in_step(r, t)).count();
            let idle = times.len() - inside;
            if rc.guess_min_idle_logins == 0 || idle < rc.guess_min_idle_logins as usize {
                return false;
            }
            let share = (r.step_width(reach(r), slack) as f64 / src.span_ms.max(1) as f64).min(1.0);
            binomial_tail(
                u32::try_from(times.len()).unwrap_or(u32::MAX),
                u32::try_from(inside).unwrap_or(u32::MAX),
                share,
            ) > rc.guess_idle_max_chance
        })
        .map(|(key, _)| *key)
        .collect();
    cands
        .into_iter()
        .filter_map(|(acct, mut c)| {
            if c.1 != Rule::Guessing {
                return Some((acct, c));
            }
            let key = (c.2, c.3);
            let r = span.get(&key)?;
            // Accounts log in there while the guesser rests: the source serves people, and
            // they log in while it guesses too. Where its failures logged no password, a
            // sprayer passing an exit cannot be told from a guesser (its hits come with the
            // sprayed password, `guess_max_spray_share`): its logins in step must be more
            // than the exit's people would make.
            if lived_in.contains(&key) {
                return None;
            }
            let few = src.of(c.2, c.3).is_none_or(|s| few_logins(s, rc));
            if !few && !in_burst.contains(&key) {
                return None;
            }
            // Another account lives here, and the guessing covers most of the night: the
            // login falls in it whoever made it.
            let share = r.hi.saturating_sub(r.lo) as f64 / src.span_ms.max(1) as f64;
            if share > rc.guess_resident_max_span_share
                && residents
                    .get(&key)
                    .is_some_and(|v| v.iter().any(|&a| a != acct))
            {
                return None;
            }
            let near = r.nearest(c.0);
            let kept = in_step(r, c.0)
                && !slower_than(
                    r.fails,
                    r.hi.saturating_sub(r.lo),
                    rc.guess_min_fails_per_hour,
                );
            c.4.step_secs = u32::try_from(near / 1000).unwrap_or(u32::MAX);
            kept.then_some((acct, c))
        })
        .collect()
}

/// Keeps the `spraying` candidates convicted by an address whose login lies within
/// `spray_span_slack_secs` of the span of the address's failures with the login's password on
/// other accounts, or within `spray_max_step_gaps` of their median gaps from the nearest of
/// them; other candidates pass (a network's too). A sprayer's hit is one of its attempts,
/// made while it sprays; a subscriber of a carrier address whose own password is the sprayed
/// one logs in there at their own hours, long after the sprayer has gone.
pub(super) fn while_spraying(
    cands: Vec<(AcctKey, Cand)>,
    w: &Windows,
    pairs: &SortedPairs,
    rc: &config::Rules,
) -> Vec<(AcctKey, Cand)> {
    if rc.spray_span_slack_secs == 0 || !cands.iter().any(|(_, c)| c.1 == Rule::Spraying) {
        return cands;
    }
    let spray = w.sorted_spray();
    let slack = i64::from(rc.spray_span_slack_secs) * 1000;
    let steps = i64::from(rc.spray_max_step_gaps);
    let mut runs: ahash::AHashMap<(IpKey, Fp), Option<AttemptRun>> = ahash::AHashMap::new();
    cands
        .into_iter()
        .filter(|(acct, c)| {
            if c.1 != Rule::Spraying || c.3 != SourceKind::Addr {
                return true;
            }
            let ip = c.2;
            let Some(pw) = pairs
                .position(&PairKey { ip, acct: *acct })
                .and_then(|i| pairs.stats(i))
                .map(|p| p.first_succ_pw())
            else {
                return true;
            };
            let run = runs.entry((ip, pw)).or_insert_with(|| {
                let of_ip = pairs.range_of_ip(ip);
                let (mut times, mut fails) = (Vec::new(), 0u64);
                for a in spray.failed_with(ip, pw, *acct) {
                    if let Some(p) = pairs
                        .find_acct(of_ip.clone(), a)
                        .and_then(|i| pairs.stats(i))
                    {
                        // A pair that also logged in is known by its first failure only: its
                        // last attempt may be its owner's login, hours after the spray.
                        times.push(p.first_fail_ts());
                        if p.succ() == 0 && p.last_ts() != p.first_fail_ts() {
                            times.push(p.last_ts());
                        }
                        fails += u64::from(p.fails);
                    }
                }
                AttemptRun::of(times, fails)
            });
            let Some(r) = run else { return true };
            r.spans(c.0, slack) || (steps > 0 && r.nearest(c.0) <= r.gap.saturating_mul(steps))
        })
        .collect()
}

/// A source's attempts on other accounts: a guessing source's on its fail-only accounts (see
/// [`while_guessing`]), a sprayer's with the login's password (see [`while_spraying`]).
struct AttemptRun {
    /// First attempt.
    lo: i64,
    /// Last attempt.
    hi: i64,
    /// Median gap between attempts, at least a second (`i64::MAX` for a single one).
    gap: i64,
    /// Failures.
    fails: u64,
    /// The attempts (first and last of each account), sorted.
    times: Vec<i64>,
}

impl AttemptRun {
    /// The run of the attempt times `times` (any order) with `fails` failures; `None` when
    /// there is no attempt.
    fn of(mut times: Vec<i64>, fails: u64) -> Option<AttemptRun> {
        times.sort_unstable();
        let lo = *times.first()?;
        let hi = *times.last()?;
        let mut gaps: Vec<i64> = times
            .windows(2)
            .map(|w| match w {
                [a, b] => b.saturating_sub(*a),
                _ => 0,
            })
            .collect();
        let mid = gaps.len() / 2;
        let gap = if gaps.is_empty() {
            i64::MAX
        } else {
            *gaps.select_nth_unstable(mid).1
        };
        Some(AttemptRun {
            lo,
            hi,
            gap: gap.max(1000),
            fails,
            times,
        })
    }

    /// How much time lies within `reach` of an attempt and within `slack` of the span: where
    /// a login is in step.
    fn step_width(&self, reach: i64, slack: i64) -> i64 {
        let within = (self.lo.saturating_sub(slack), self.hi.saturating_add(slack));
        cover(&self.times, reach, within)
    }

    /// Does `t` lie within `slack` of the run's span (first to last attempt)?
    fn spans(&self, t: i64, slack: i64) -> bool {
        t >= self.lo.saturating_sub(slack) && t <= self.hi.saturating_add(slack)
    }

    /// How far `t` lies from the nearest attempt.
    fn nearest(&self, t: i64) -> i64 {
        let i = self.times.partition_point(|&x| x < t);
        let after = self.times.get(i).map_or(i64::MAX, |&x| x.saturating_sub(t));
        let before = i
            .checked_sub(1)
            .and_then(|j| self.times.get(j))
            .map_or(i64::MAX, |&x| t.saturating_sub(x));
        after.min(before)
    }
}

/// Calls `f` with each (source, account, pair) of the candidate sources `sources` (an address
/// or a network, with its [`SourceKind`]): an address's pairs from its run of `pairs`, the
/// networks' from one pass over `src.net_pairs`.
fn pairs_of_sources(
    sources: &ahash::AHashSet<(IpKey, SourceKind)>,
    pairs: &SortedPairs,
    src: &Sources,
    mut f: impl FnMut((IpKey, SourceKind), AcctKey, &PairStats),
) {
    for &(ip, kind) in sources {
        if kind == SourceKind::Addr {
            for i in pairs.range_of_ip(ip) {
                if let Some((k, p)) = pairs.get(i) {
                    f((ip, kind), k.acct, &p);
                }
            }
        }
    }
    if sources.iter().any(|s| s.1 == SourceKind::Net) {
        for (k, p) in &src.net_pairs {
            let key = (k.ip, SourceKind::Net);
            if sources.contains(&key) {
                f(key, k.acct, p);
            }
        }
    }
}

/// Drops the `spraying` candidates whose password, from their source, opened at least
/// `spray_min_accounts` accounts and at least `spray_max_opened_ratio` of them per account it
/// failed on there; other candidates pass. A sprayer's common password opens a few accounts in
/// a hundred; one that opens about as many as it fails on is shared by design (a QA robot
/// logging into its test accounts all day, and failing on the ones not set up yet).
pub(super) fn not_shared_passwords(
    cands: Vec<(AcctKey, Cand)>,
    pairs: &SortedPairs,
    src: &Sources,
    rc: &config::Rules,
) -> Vec<(AcctKey, Cand)> {
    if rc.spray_max_opened_ratio <= 0.0 {
        return cands;
    }
    // Only sources that logged into enough accounts for the password to have opened them.
    let may_share = |c: &Cand| {
        src.of(c.2, c.3).is_some_and(|s| {
            s.succ_accounts >= rc.spray_min_accounts
                && f64::from(s.succ_accounts)
                    >= rc.spray_max_opened_ratio * f64::from(c.4.pw_fail_accounts)
        })
    };
    let sources: ahash::AHashSet<(IpKey, SourceKind)> = cands
        .iter()
        .filter(|(_, c)| c.1 == Rule::Spraying && may_share(c))
        .map(|(_, c)| (c.2, c.3))
        .collect();
    if sources.is_empty() {
        return cands;
    }
    // Per source: each logged-in account's password, and how many accounts each opened.
    let mut pw_of: ahash::AHashMap<(IpKey, SourceKind, AcctKey), Fp> = ahash::AHashMap::new();
    let mut opened: ahash::AHashMap<(IpKey, SourceKind, Fp), u32> = ahash::AHashMap::new();
    pairs_of_sources(&sources, pairs, src, |(ip, kind), acct, p| {
        let pw = p.first_succ_pw();
        if p.succ() > 0 && pw != 0 {
            pw_of.insert((ip, kind, acct), pw);
            *opened.entry((ip, kind, pw)).or_default() += 1;
        }
    });
    cands
        .into_iter()
        .filter(|(acct, c)| {
            let (ip, kind) = (c.2, c.3);
            let n = pw_of
                .get(&(ip, kind, *acct))
                .and_then(|pw| opened.get(&(ip, kind, *pw)))
                .copied()
                .unwrap_or(0);
            c.1 != Rule::Spraying
                || n < rc.spray_min_accounts
                || f64::from(n) < rc.spray_max_opened_ratio * f64::from(c.4.pw_fail_accounts)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::AttemptRun;

    /// The nearest attempt before, after, at and between, and none at all.
    #[test]
    fn attempt_run_finds_the_nearest_attempt() {
        let run = |times: Vec<i64>| AttemptRun {
            lo: 0,
            hi: 0,
            gap: 1000,
            fails: 0,
            times,
        };
        let r = run(vec![10_000, 20_000, 60_000]);
        assert_eq!(r.nearest(0), 10_000);
        assert_eq!(r.nearest(20_000), 0);
        assert_eq!(r.nearest(24_000), 4_000);
        assert_eq!(r.nearest(50_000), 10_000);
        assert_eq!(r.nearest(i64::MAX), i64::MAX - 60_000);
        assert_eq!(run(Vec::new()).nearest(5), i64::MAX);
    }

    /// The time in step: the attempts' reaches merged where they overlap, clipped to the span
    /// and its slack; the same as counting each millisecond that lies in step.
    #[test]
    fn step_width_is_the_union_of_the_reaches() {
        let r = AttemptRun::of(vec![10_000, 12_000, 40_000], 3).expect("attempts");
        // [8, 12], [10, 14] and [38, 42] within the span [10, 40]: 4 + 2 seconds.
        assert_eq!(r.step_width(2_000, 0), 6_000);
        // Reaches wider than the span: the span and its slack.
        assert_eq!(r.step_width(100_000, 500), 31_000);
        let by_ms = (0..50_000)
            .filter(|&t| (r.lo - 1_000..=r.hi + 1_000).contains(&t) && r.nearest(t) <= 3_000)
            .count() as i64;
        assert!((r.step_width(3_000, 1_000) - by_ms).abs() <= 2, "{by_ms}");
    }
}
