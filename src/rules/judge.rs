//! Judging one login against one source: the per-source rules (brute force, stuffing,
//! spraying, guessing, takeover-reuse) and the source shapes they share.

use super::config;
use super::{Figures, Rule};
use super::{binomial_tail, replays_needed};
use crate::event::IpKey;
use crate::windows::sources::{SourceKind, SourceStats, Sources};
use crate::windows::{PairStats, SortedPairs};

/// Is `t` within `secs_per_fail` seconds per failure (of `fails`) of the pair's first failure
/// (0: always)?
fn within_run(p: &PairStats, t: i64, fails: u32, secs_per_fail: u32) -> bool {
    secs_per_fail == 0
        || t.saturating_sub(p.first_fail_ts()) <= i64::from(fails) * i64::from(secs_per_fail) * 1000
}

/// Does every login of a guessing pair lie within the run of `fails` failures
/// (`brute_logged_secs_per_fail` each) from its first failure? An owner who forgets their
/// password twice in a day fails a handful of times, logs in, and hours later fails a handful
/// more; a guesser's failures end in its login.
pub(super) fn logins_in_run(p: &PairStats, fails: u32, cfg: &config::Rules) -> bool {
    within_run(p, p.last_succ_ts(), fails, cfg.brute_logged_secs_per_fail)
}

/// The login a brute force convicts: the first one after the failures began, else the last.
pub(super) fn login_after_failures(p: &PairStats) -> i64 {
    if p.first_succ_ts() > p.first_fail_ts() {
        p.first_succ_ts()
    } else {
        p.last_succ_ts()
    }
}

/// Is the source an attacker's own: most accounts it tried only failed, and (almost) no honest
/// logins with non-leaked pairs came from it?
pub fn dedicated(s: &SourceStats, cfg: &config::Rules) -> bool {
    s.fail_only_accounts > 0
        && s.fail_only_share() >= cfg.dedicated_fail_share
        && s.clean_succ_accounts as f64
            <= cfg.dedicated_max_honest_ratio * s.fail_only_accounts as f64
}

/// Did the source log into few accounts beside those that only failed from it (at most
/// `guess_max_login_ratio` per fail-only account, leaked pairs included)? `guessing`'s test of
/// a guesser against a shared exit whose users log in beside a bot.
pub(super) fn few_logins(s: &SourceStats, cfg: &config::Rules) -> bool {
    s.succ_accounts as f64 <= cfg.guess_max_login_ratio * s.fail_only_accounts as f64
}

/// Is the source a busy shared address: at least `busy_min_honest_accounts` accounts logged in
/// there with pairs in no leak (a carrier NAT with honest logins all day)? `stuffing-near` reads
/// such an address in its short window and chance bound, `spraying` against its residents.
pub fn busy(s: &SourceStats, cfg: &config::Rules) -> bool {
    s.clean_succ_accounts >= cfg.busy_min_honest_accounts
}

/// Does the source log into many accounts with leaked pairs, a few times each, with leaked-pair
/// logins making most of its logins?
pub fn reuse(s: &SourceStats, night: &Sources, cfg: &config::Rules) -> bool {
    s.leaked_succ_accounts >= cfg.reuse_min_accounts
        && reuse_shape(s, cfg)
        && binomial_tail(s.succ_accounts, s.leaked_succ_accounts, night.exposure)
            <= reuse_bound(night, cfg)
}

/// The chance an address's leaked-pair logins may have at most to be takeover reuse:
/// `reuse_max_chance`, and at most `reuse_max_expected` over the night's addresses that logged
/// into `reuse_min_accounts` or more accounts.
pub fn reuse_bound(night: &Sources, cfg: &config::Rules) -> f64 {
    let tested = night.addresses_logging_into(cfg.reuse_min_accounts).max(1);
    if cfg.reuse_max_expected > 0.0 {
        cfg.reuse_max_chance
            .min(cfg.reuse_max_expected / tested as f64)
    } else {
        cfg.reuse_max_chance
    }
}

/// The takeover-reuse shape, whatever the count: leaked-pair logins are at least
/// `reuse_min_share` of the accounts the source logged into, and it made at most
/// `reuse_max_attempts_per_account` attempts per account (probes log in all day).
pub fn reuse_shape(s: &SourceStats, cfg: &config::Rules) -> bool {
    s.leaked_succ_accounts as f64 >= cfg.reuse_min_share * s.succ_accounts as f64
        && s.attempts as f64 <= cfg.reuse_max_attempts_per_account * s.accounts as f64
}

/// The addresses of the takeover-reuse shape whose residents show themselves: more than
/// `reuse_max_typed_accounts` accounts logged in there after a failure with a pair in no leak
/// (a mistyped password, corrected). An attacker replaying stolen pairs knows them; it fails,
/// if at all, with other leaked pairs. A carrier NAT's subscribers mistype now and then.
pub fn typed_addresses(
    pairs: &SortedPairs,
    src: &Sources,
    cfg: &config::Rules,
) -> ahash::AHashSet<IpKey> {
    src.addrs
        .iter()
        .filter(|(_, s)| reuse(s, src, cfg))
        .filter(|(ip, _)| {
            let typed = pairs
                .range_of_ip(**ip)
                .filter_map(|i| pairs.stats(i))
                .filter(|p| p.succ() > 0 && p.fails > u32::from(p.leaked_fails))
                .count();
            typed > cfg.reuse_max_typed_accounts as usize
        })
        .map(|(ip, _)| *ip)
        .collect()
}

/// Does brute force count failures that logged no password one by one tonight? Only on a
/// night that logs few pair fingerprints (`brute_unlogged_max_logged_share`): an sshd log,
/// not a fingerprinting service with one channel that cannot see passwords.
pub(super) fn counts_fails_one_by_one(night: &Sources, cfg: &config::Rules) -> bool {
    night.fingerprints.logged_share() <= cfg.brute_unlogged_max_logged_share
}

/// Judges one login pair against its source. Returns the rule, the deciding time and figures.
/// `one_actor`: the source is one subscriber (an address, or an IPv6 network of /64 or
/// longer), not a network shared by unrelated neighbours.
/// `typed`: the source's residents show themselves by logins after mistyped passwords
/// ([`typed_addresses`]); such a source is no takeover-reuse.
pub fn judge(
    src: &SourceStats,
    kind: SourceKind,
    one_actor: bool,
    p: &PairStats,
    night: &Sources,
    cfg: &config::Rules,
    typed: bool,
) -> Option<(Rule, i64, Figures)> {
    if p.succ() == 0 {
        return None;
    }
    let mut f = Figures::of(src, p);
    let ded = dedicated(src, cfg)
        && (kind == SourceKind::Addr
            || (src.failing_ips >= cfg.net_min_failing_ips && 2 * src.failing_ips >= src.ips));
    // Brute force: many failed passwords on this account, then a login after them. (A phone
    // retrying one saved old password is one password, however often it fails; failures that
    // logged no password are counted one by one only on a night that logs none, or few.)
    let tried = if p.fail_pws > 0 {
        p.fail_pws
    } else if counts_fails_one_by_one(night, cfg) {
        p.fails
    } else {
        p.fails.min(1)
    };
    // Every login of the source must lie within its run of failures (`logins_in_run`): an
    // owner who forgets their password twice in a day, or whose stale device fails beside
    // their working logins all day, logs in hours after the run began. Without logged
    // passwords the run must also be dense (a device polling with an old password fails every
    // few minutes), and the source must not log in more often than it fails: a guessing run
    // ends in a few logins, while a monitoring probe that tests a wrong password every hour
    // logs in all day.
    let dense = if p.fail_pws > 0 {
        logins_in_run(p, p.fails, cfg)
    } else {
        within_run(
            p,
            p.last_succ_ts(),
            p.fails,
            cfg.brute_unlogged_secs_per_fail,
        ) && p.succ() <= p.fails
            // A guesser does not know the password before its run: a source that logged in
            // before its first failure (a mail client polling all morning, failing after the
            // owner changed the password) is the owner's.
            && p.first_succ_ts() > p.first_fail_ts()
            // Its attempts end at the last login (a stale device keeps failing beside its
            // owner; a guesser's attempts in flight land within moments).
            && (cfg.brute_unlogged_end_secs == 0
                || p.last_ts()
                    <= p
                        .last_succ_ts()
                        .saturating_add(i64::from(cfg.brute_unlogged_end_secs) * 1000))
            // And they end minutes after its first login (the guesser's session in the account
            // it opened), not hours: a stale device's failures go on between its owner's
            // logins from the same address until the device itself is fixed and logs in.
            && (cfg.brute_unlogged_session_secs == 0
                || p.last_ts()
                    <= p
                        .first_succ_ts()
                        .saturating_add(i64::from(cfg.brute_unlogged_session_secs) * 1000))
    };
    // (Not for IPv4 networks: a guesser's proxies in the owner's /24 are neighbours, and the
    // owner's own login there is not the guesser's; brute-force-sources reads spread guessing.)
    if one_actor && tried >= cfg.brute_min_fails && p.last_succ_ts() > p.first_fail_ts() && dense {
        f.pair_fails = tried;
        return Some((Rule::BruteForce, login_after_failures(p), f));
    }
    // Credential stuffing: a pair logged in from where leaked pairs were failing.
    if src.replay_fail_accounts > 0 {
        // Convicted by its network's replays (not its own address's), the network must be one
        // subscriber's (an IPv6 /64: the residents of an IPv4 /24 are strangers, and a botnet's
        // residential proxies land next to honest users whose own password is leaked), and
        // the login must itself look like a replay: a single attempt. A resident who
        // mistypes first, or logs in several times, does not.
        let replay_like =
            kind == SourceKind::Addr || (one_actor && p.attempts <= cfg.stuffing_max_pair_attempts);
        // A stuffer's login lies within its run: hours from every replay, on an address a
        // residential proxy's bots visit now and then, it is as likely a subscriber's.
        let reach = i64::from(cfg.stuffing_reach_secs) * 1000;
        if p.leaked_succ > 0
            && ded
            && replay_like
            && (src.replay_fail_accounts >= cfg.stuffing_min_replays || kind == SourceKind::Net)
            && (reach == 0 || src.replays_near(p.first_leaked_succ_ts(), reach) > 0)
        {
            return Some((Rule::Stuffing, p.first_leaked_succ_ts(), f));
        }
        // A login with a pair that is not in the leaks does not count here: on the small shared
        // addresses of mobile carriers, honest logins fall next to bots' replays all day.
        if kind == SourceKind::Addr
            && p.leaked_succ > 0
            && p.attempts <= cfg.stuffing_max_pair_attempts
        {
            // On a busy shared address (a carrier NAT with honest logins all day) only the
            // seconds around a failed replay count, and as many replays as it takes for the
            // address's leaked-pair logins not to meet them by chance (replays spread at random
            // over the night, Poisson): a bot's login sits inside its burst.
            let in_busy = busy(src, cfg);
            let w = if in_busy {
                cfg.stuffing_busy_window_secs
            } else {
                cfg.stuffing_window_secs
            } as i64
                * 1000;
            let t = p.first_leaked_succ_ts();
            let need = if in_busy {
                // Spread over the address's own active hours (its first to last attempt),
                // not the whole input's: one stray timestamp, or several days of logs, must
                // not thin the replays out.
                let span = src
                    .last_ts
                    .saturating_sub(src.first_ts)
                    .min(night.span_ms)
                    .max(3_600_000);
                let lambda = 2.0 * w as f64 * src.replay_fail_accounts as f64 / span as f64;
                replays_needed(
                    lambda,
                    src.leaked_succ_accounts.max(1),
                    cfg.stuffing_max_chance,
                )
            } else {
                1
            };
            let near = src.replays_near(t, w);
            if near > 0 && near as u32 >= need {
                f.replays_near = near as u32;
                f.window_secs = (w / 1000) as u32;
                return Some((Rule::StuffingNear, t, f));
            }
        }
    }
    // Takeover reuse: logins into many accounts, mostly with leaked pairs, a few times each,
    // without a failure (the attacker knows the password).
    if kind == SourceKind::Addr
        && p.leaked_succ > 0
        && p.fails == 0
        && !typed
        && reuse(src, night, cfg)
    {
        f.leaked_logins = src.leaked_succ_accounts;
        return Some((Rule::TakeoverReuse, p.first_leaked_succ_ts(), f));
    }
    // Spraying: the login's password failed on many other accounts from this source.
    if p.first_succ_pw() != 0 {
        let n = src.sprayed_accounts(p.first_succ_pw());
        // A network counts only as one actor (a carrier pool mixes bots and honest users). On a
        // busy shared address, a bot passing through sprays a few accounts while residents log
        // in with the same common password all day: the sprayed accounts must outnumber the
        // address's honest-looking logins.
        let shared = busy(src, cfg) && n < src.clean_succ_accounts;
        if n >= cfg.spray_min_accounts && ((kind == SourceKind::Addr && !shared) || ded) {
            f.pw_fail_accounts = n;
            return Some((Rule::Spraying, p.first_succ_ts(), f));
        }
        let g = night
            .pw_fail_accounts
            .get(&p.first_succ_pw())
            .copied()
            .unwrap_or(0);
        if n >= 1
            && ded
            && g >= cfg.global_spray_min_accounts
            && p.attempts <= cfg.stuffing_max_pair_attempts
        {
            f.pw_fail_accounts = g;
            return Some((Rule::SprayingDistributed, p.first_succ_ts(), f));
        }
    }
    // Guessing: an address (or one subscriber's IPv6 /64) whose accounts mostly only failed,
    // on many accounts. (Not for IPv4 networks: one busy attacker must not convict its honest
    // neighbours.)
    // And the accounts it logged into must be few beside those it failed on (its leaked-pair
    // logins included, which `dedicated` leaves out): a carrier address where a bot fails all
    // day while a handful of subscribers log in is not a guesser's; unless every login came
    // in its burst (checked with the burst's times, `while_guessing`). Nor is a sprayer's: its
    // hits come with the sprayed password (above); another password there is another user's.
    if one_actor
        && ded
        && src.fail_only_accounts >= cfg.guess_min_accounts
        && (few_logins(src, cfg) || cfg.guess_burst_max_chance > 0.0)
        && f64::from(src.spray_max) <= cfg.guess_max_spray_share * f64::from(src.fail_only_accounts)
    {
        return Some((Rule::Guessing, p.first_succ_ts(), f));
    }
    None
}

/// The behaviour a source's row in the source list names (`-` when none).
pub(super) fn behaviour(
    s: &SourceStats,
    night: &Sources,
    cfg: &config::Rules,
) -> Option<&'static str> {
    let ded = dedicated(s, cfg);
    if s.spray_max >= cfg.spray_min_accounts {
        Some("spraying")
    } else if ded && s.replay_fail_accounts >= 2 {
        Some("stuffing")
    } else if ded && s.fail_only_accounts >= cfg.guess_min_accounts {
        Some("guessing")
    } else if reuse(s, night, cfg) {
        Some("takeover-reuse")
    } else if s.brute_max >= cfg.brute_min_fails {
        Some("brute-force")
    } else if s.succ == 0
        && (s.fails >= u64::from(cfg.failing_min_fails) || s.fail_only_accounts >= 2)
    {
        // Listed (never convicting): what fail2ban would ban, and slower ones it misses.
        Some("failing")
    } else {
        None
    }
}
