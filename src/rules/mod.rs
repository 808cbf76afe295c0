//! Verdicts: which accounts an attacker logged into, each with the evidence that decided it.
//!
//! Every rule looks at one login (a pair with a success) and the source it came from, at the
//! address level and, for networks of several addresses, at the network level. A rule fires only
//! on behaviour honest users do not produce: leaked pairs failing on other accounts from the same
//! source, one password failing across many accounts, many failures on one account, a source
//! whose accounts mostly only fail. A source that is mostly honest (a NAT, a proxy) convicts
//! only the logins that sit right next to its attack traffic, never the whole address.

mod brute;
mod chance;
pub mod config;
mod hit_and_run;
mod lockout;
mod passes;
mod returns;

use serde::Serialize;

use crate::event::{AcctKey, IpKey, fmt_net, is_v4, key_ip, net_key};
use crate::fingerprint::Fp;
use crate::windows::sources::{SourceKind, SourceStats, Sources, slower_than};
use crate::windows::{PairKey, PairStats, RowTable, SortedPairs, Windows};
pub use chance::{binomial_tail, replays_needed};
pub use config::Config;
use passes::{Best, Cand};

/// The rule that decided a verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Rule {
    /// Many failures on the account from the source, then a login.
    BruteForce,
    /// A leaked pair logged in from a source replaying leaked pairs.
    Stuffing,
    /// A leaked pair logged in right next to failed replays of leaked pairs from its address.
    StuffingNear,
    /// A login with the password the source sprayed across accounts.
    Spraying,
    /// A login with a password sprayed across the night, from a source that sprayed it too.
    SprayingDistributed,
    /// A login from a source whose accounts mostly only failed.
    Guessing,
    /// A leaked pair logged in from an address that logs into many accounts with leaked pairs.
    TakeoverReuse,
    /// A leaked pair logged in from an address that also logged into accounts convicted by
    /// other sources.
    TakeoverLinked,
    /// Many failed passwords on the account from several sources, a share of them from the
    /// login's source, then the login.
    BruteForceSources,
    /// A leaked-pair login from an address that did nothing else all night but fail on other
    /// accounts, with other passwords, minutes around it.
    HitAndRun,
    /// A login with a pair that is not in the leaks, the same hit-and-run shape, next to a failed
    /// replay of a leaked pair within a tighter window (or seconds from the address's failures,
    /// none a typo of its user name), away from the owner's own network.
    HitAndRunUnleaked,
    /// A login with a password sprayed across the night, from an address that did nothing else
    /// all night but fail on other accounts minutes around it, one of them with that password.
    SprayingHitAndRun,
    /// A login from an address whose whole night was one short visit into several accounts, one
    /// attempt each, at least one with a leaked pair.
    TakeoverBatch,
    /// A leaked pair logged in from outside the account's owner networks, and later that night
    /// the owner's own device failed with the same password: it was changed after the login.
    TakeoverLockout,
    /// A leaked pair logged in with no sign of anyone else (exposed, not compromised).
    Exposed,
}

impl Rule {
    /// The rule's name in outputs.
    pub fn name(self) -> &'static str {
        match self {
            Rule::BruteForce => "brute-force",
            Rule::Stuffing => "stuffing",
            Rule::StuffingNear => "stuffing-near",
            Rule::Spraying => "spraying",
            Rule::SprayingDistributed => "spraying-distributed",
            Rule::Guessing => "guessing",
            Rule::TakeoverReuse => "takeover-reuse",
            Rule::TakeoverLinked => "takeover-linked",
            Rule::BruteForceSources => "brute-force-sources",
            Rule::HitAndRun => "hit-and-run",
            Rule::HitAndRunUnleaked => "hit-and-run-unleaked",
            Rule::SprayingHitAndRun => "spraying-hit-and-run",
            Rule::TakeoverBatch => "takeover-batch",
            Rule::TakeoverLockout => "takeover-lockout",
            Rule::Exposed => "exposed",
        }
    }
}

/// The figures behind a verdict.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Figures {
    /// Accounts the source tried.
    pub src_accounts: u32,
    /// Accounts that only failed from the source.
    pub src_fail_only: u32,
    /// Failed replays from the source.
    pub src_replays: u32,
    /// Most accounts one password failed on from the source.
    pub src_spray_max: u32,
    /// Failed replays near the login (shared sources).
    pub replays_near: u32,
    /// The window those replays were counted in, in seconds.
    pub window_secs: u32,
    /// Accounts the login's password failed on (from the source, or over the night).
    pub pw_fail_accounts: u32,
    /// Accounts the source logged into with leaked pairs.
    pub leaked_logins: u32,
    /// Accounts the source logged into (takeover-batch).
    pub succ_accounts: u32,
    /// Attempts of the pair.
    pub pair_attempts: u32,
    /// Failures of the pair.
    pub pair_fails: u32,
    /// Distinct failed passwords on the account from all sources (brute-force-sources).
    pub acct_fail_pws: u32,
}

impl Figures {
    /// The figures every source verdict starts from: the source's and the pair's.
    fn of(src: &SourceStats, p: &PairStats) -> Self {
        Figures {
            src_accounts: src.accounts,
            src_fail_only: src.fail_only_accounts,
            src_replays: src.replay_fail_accounts,
            src_spray_max: src.spray_max,
            pair_attempts: p.attempts,
            pair_fails: p.fails,
            ..Figures::default()
        }
    }
}

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
fn logins_in_run(p: &PairStats, fails: u32, cfg: &config::Rules) -> bool {
    within_run(p, p.last_succ_ts(), fails, cfg.brute_logged_secs_per_fail)
}

/// The login a brute force convicts: the first one after the failures began, else the last.
fn login_after_failures(p: &PairStats) -> i64 {
    if p.first_succ_ts() > p.first_fail_ts() {
        p.first_succ_ts()
    } else {
        p.last_succ_ts()
    }
}

/// One account's verdict.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Verdict {
    /// Normalised account.
    pub user: String,
    /// Time of the deciding login (epoch ms).
    pub ts_ms: i64,
    /// Address of the deciding login (for a network source, the network's key).
    pub ip: IpKey,
    /// Address of the deciding login itself, also for a network source (None: not found).
    pub addr: Option<IpKey>,
    /// The source judged: an address or a network in CIDR form.
    pub source: String,
    /// Whether the source is an address or a network.
    pub kind: SourceKind,
    /// The rule.
    pub rule: Rule,
    /// A short human-readable reason.
    pub reason: String,
    /// The figures that crossed the thresholds.
    pub figures: Figures,
}

/// A source judged to be attacking.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AttackSource {
    /// Address or network in CIDR form.
    pub source: String,
    /// Address or network.
    pub kind: SourceKind,
    /// What it did.
    pub behaviour: &'static str,
    /// Accounts it logged into that are in the compromised list.
    pub compromised: u32,
    /// Its statistics.
    pub stats: SourceStats,
}

/// The result of a night.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Verdicts {
    /// Accounts to reset, sorted by user.
    pub compromised: Vec<Verdict>,
    /// Accounts whose current password is leaked, with no sign of anyone else; sorted by user.
    pub exposed: Vec<Verdict>,
    /// Attack sources, sorted by (kind, source).
    pub sources: Vec<AttackSource>,
}

/// Is the source an attacker's own: most accounts it tried only failed, and (almost) no honest
/// logins with non-leaked pairs came from it?
pub fn dedicated(s: &SourceStats, cfg: &config::Rules) -> bool {
    s.fail_only_accounts > 0
        && s.fail_only_share() >= cfg.dedicated_fail_share
        && s.clean_succ_accounts as f64
            <= cfg.dedicated_max_honest_ratio * s.fail_only_accounts as f64
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
    // retrying one saved old password is one password, however often it fails.)
    let tried = if p.fail_pws > 0 { p.fail_pws } else { p.fails };
    // Without logged passwords, only a dense run of failures before the first login counts.
    // And the source must not log in more often than it fails: a guessing run ends in a few
    // logins, while a monitoring probe that tests a wrong password every hour logs in all day.
    // With them, every login of the source must lie within the run (`logins_in_run`).
    let dense = if p.fail_pws > 0 {
        logins_in_run(p, p.fails, cfg)
    } else {
        within_run(
            p,
            p.first_succ_ts(),
            p.fails,
            cfg.brute_unlogged_secs_per_fail,
        ) && p.succ() <= p.fails
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
            let busy = src.clean_succ_accounts >= cfg.busy_min_honest_accounts;
            let w = if busy {
                cfg.stuffing_busy_window_secs
            } else {
                cfg.stuffing_window_secs
            } as i64
                * 1000;
            let t = p.first_leaked_succ_ts();
            let need = if busy {
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
        let shared =
            src.clean_succ_accounts >= cfg.busy_min_honest_accounts && n < src.clean_succ_accounts;
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
    if one_actor && ded && src.fail_only_accounts >= cfg.guess_min_accounts {
        return Some((Rule::Guessing, p.first_succ_ts(), f));
    }
    None
}

fn reason(rule: Rule, f: &Figures) -> String {
    match rule {
        Rule::BruteForce => format!(
            "{} failed passwords on the account from this source, then a login",
            f.pair_fails
        ),
        Rule::Stuffing => format!(
            "leaked pair logged in; source replayed leaked pairs that failed on {} other accounts ({} of {} accounts only failed)",
            f.src_replays, f.src_fail_only, f.src_accounts
        ),
        Rule::StuffingNear => format!(
            "leaked pair logged in within {} s of {} failed replays of leaked pairs from the same address",
            f.window_secs, f.replays_near
        ),
        Rule::Spraying => {
            format!(
                "logged in with a password this source tried on {} other accounts",
                f.pw_fail_accounts
            )
        }
        Rule::SprayingDistributed => format!(
            "logged in with a password that failed on {} accounts tonight, also tried on other accounts from this source",
            f.pw_fail_accounts
        ),
        Rule::Guessing => format!(
            "login from a source whose attempts failed on {} of {} accounts",
            f.src_fail_only, f.src_accounts
        ),
        Rule::TakeoverReuse => format!(
            "leaked pair logged in from an address that logged into {} accounts with leaked pairs, {} of {} accounts it tried",
            f.leaked_logins, f.leaked_logins, f.src_accounts
        ),
        Rule::TakeoverLinked => format!(
            "logged in from an address that also logged into {} accounts convicted by other sources",
            f.leaked_logins
        ),
        Rule::BruteForceSources => format!(
            "{} failed passwords on the account from this source, {} from all sources, then a login",
            f.pair_fails, f.acct_fail_pws
        ),
        Rule::HitAndRun => format!(
            "leaked pair logged in from an address that did nothing else all night but fail on {} other accounts within {} s",
            f.src_fail_only, f.window_secs
        ),
        Rule::HitAndRunUnleaked => format!(
            "pair not in the leaks logged in from an address that did nothing else all night but fail on {} other accounts ({} with leaked pairs) within {} s",
            f.src_fail_only, f.src_replays, f.window_secs
        ),
        Rule::SprayingHitAndRun => format!(
            "logged in with a password that failed on {} accounts tonight, from an address that did nothing else all night but fail on {} other accounts (one with this or another password sprayed tonight) within {} s",
            f.pw_fail_accounts, f.src_fail_only, f.window_secs
        ),
        Rule::TakeoverBatch => format!(
            "logged in from an address whose whole night was a visit of at most {} s into {} accounts, one attempt each, {} with leaked pairs",
            f.window_secs, f.succ_accounts, f.leaked_logins
        ),
        Rule::TakeoverLockout => format!(
            "leaked pair logged in from outside the account's other networks; {} s later the same password failed on the account from the owner's device (changed after this login)",
            f.window_secs
        ),
        Rule::Exposed => "logged in with a leaked pair; no sign of anyone else using it".into(),
    }
}

fn behaviour(s: &SourceStats, night: &Sources, cfg: &config::Rules) -> Option<&'static str> {
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

/// Keeps the `guessing` candidates whose login lies within `guess_span_slack_secs` of the
/// span of the source's guessing (the attempts on its fail-only accounts), and whose source
/// failed there at least `guess_min_fails_per_hour` times an hour of that span; other
/// candidates pass. A source guesses for a while; an address that guessed in the small hours
/// and serves carrier subscribers all afternoon (a pool address, a reassigned dynamic one) is
/// somebody else by then. A trickle of failures all day is bots passing a shared exit (a VPN,
/// a carrier address), whose users log in beside them.
fn while_guessing(
    cands: Vec<(AcctKey, Cand)>,
    pairs: &SortedPairs,
    src: &Sources,
    rc: &config::Rules,
) -> Vec<(AcctKey, Cand)> {
    // Per guessing source: first and last attempt on its fail-only accounts, their failures.
    let mut span: ahash::AHashMap<(IpKey, u8), (i64, i64, u64)> = cands
        .iter()
        .filter(|(_, c)| c.1 == Rule::Guessing)
        .map(|(_, c)| ((c.2, c.3 as u8), (i64::MAX, i64::MIN, 0)))
        .collect();
    if span.is_empty() {
        return cands;
    }
    let sources: ahash::AHashSet<(IpKey, u8)> = span.keys().copied().collect();
    pairs_of_sources(&sources, pairs, src, |key, _, p| {
        if p.succ() == 0
            && p.fails > 0
            && let Some(s) = span.get_mut(&key)
        {
            s.0 = s.0.min(p.first_fail_ts());
            s.1 = s.1.max(p.last_ts());
            s.2 += u64::from(p.fails);
        }
    });
    let slack = i64::from(rc.guess_span_slack_secs) * 1000;
    cands
        .into_iter()
        .filter(|(_, c)| {
            c.1 != Rule::Guessing
                || span.get(&(c.2, c.3 as u8)).is_some_and(|&(lo, hi, fails)| {
                    c.0 >= lo.saturating_sub(slack)
                        && c.0 <= hi.saturating_add(slack)
                        && !slower_than(fails, hi.saturating_sub(lo), rc.guess_min_fails_per_hour)
                })
        })
        .collect()
}

/// Calls `f` with each (source, account, pair) of the candidate sources `sources` (an address
/// or a network, with its [`SourceKind`]): an address's pairs from its run of `pairs`, the
/// networks' from one pass over `src.net_pairs`.
fn pairs_of_sources(
    sources: &ahash::AHashSet<(IpKey, u8)>,
    pairs: &SortedPairs,
    src: &Sources,
    mut f: impl FnMut((IpKey, u8), AcctKey, &PairStats),
) {
    for &(ip, kind) in sources {
        if kind == SourceKind::Addr as u8 {
            for i in pairs.range_of_ip(ip) {
                if let Some((k, p)) = pairs.get(i) {
                    f((ip, kind), k.acct, &p);
                }
            }
        }
    }
    if sources.iter().any(|s| s.1 == SourceKind::Net as u8) {
        for (k, p) in &src.net_pairs {
            let key = (k.ip, SourceKind::Net as u8);
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
fn not_shared_passwords(
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
        let map = match c.3 {
            SourceKind::Addr => &src.addrs,
            SourceKind::Net => &src.nets,
        };
        map.get(&{ c.2 }).is_some_and(|s| {
            s.succ_accounts >= rc.spray_min_accounts
                && f64::from(s.succ_accounts)
                    >= rc.spray_max_opened_ratio * f64::from(c.4.pw_fail_accounts)
        })
    };
    let sources: ahash::AHashSet<(IpKey, u8)> = cands
        .iter()
        .filter(|(_, c)| c.1 == Rule::Spraying && may_share(c))
        .map(|(_, c)| (c.2, c.3 as u8))
        .collect();
    if sources.is_empty() {
        return cands;
    }
    // Per source: each logged-in account's password, and how many accounts each opened.
    let mut pw_of: ahash::AHashMap<(IpKey, u8, AcctKey), Fp> = ahash::AHashMap::new();
    let mut opened: ahash::AHashMap<(IpKey, u8, Fp), u32> = ahash::AHashMap::new();
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
            let (ip, kind) = (c.2, c.3 as u8);
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

/// For the accounts convicted by a network: the address of the deciding login (the lowest
/// address of the network whose pair with the account logged in at the verdict's time).
fn net_login_addresses(
    best: &Best,
    pairs: &SortedPairs,
    v4: u8,
    v6: u8,
) -> ahash::AHashMap<AcctKey, IpKey> {
    let mut found = ahash::AHashMap::new();
    if !best.values().any(|c| c.3 == SourceKind::Net) {
        return found;
    }
    for (k, p) in pairs.iter() {
        if let Some(&(t, _, net, SourceKind::Net, _)) = best.get(&k.acct)
            && net_key(k.ip, v4, v6) == net
            && p.succ() > 0
            && (p.first_succ_ts() == t || p.first_leaked_succ_ts() == t)
        {
            // Pairs come sorted by address: the first found is the lowest.
            found.entry(k.acct).or_insert(k.ip);
        }
    }
    found
}

/// Decides every account of the night.
pub fn decide(w: &Windows, pairs: &SortedPairs, src: &Sources, cfg: &Config) -> Verdicts {
    let rc = &cfg.rules;
    let (v4, v6) = (cfg.networks.v4_prefix, cfg.networks.v6_prefix);
    // Best (earliest) verdict per account.
    let mut best = Best::new();
    fn consider(best: &mut Best, acct: AcctKey, cand: Cand) {
        let e = best.entry(acct).or_insert_with(|| cand.clone());
        if (cand.0, cand.1, cand.2, cand.3 as u8) < (e.0, e.1, e.2, e.3 as u8) {
            *e = cand;
        }
    }
    let typed = typed_addresses(pairs, src, rc);
    // Judging is independent per pair: in parallel, then the earliest conviction per account.
    use rayon::prelude::*;
    let judge_one =
        |k: PairKey, p: &PairStats, map: &RowTable<IpKey, SourceStats>, kind: SourceKind| {
            if p.succ() == 0 {
                return None;
            }
            let s = map.get(&{ k.ip })?;
            let one_actor = kind == SourceKind::Addr || (!is_v4(k.ip) && v6 >= 64);
            let typed = kind == SourceKind::Addr && typed.contains(&{ k.ip });
            let (rule, t, f) = judge(s, kind, one_actor, p, src, rc, typed)?;
            Some((k.acct, (t, rule, k.ip, kind, f)))
        };
    let addr_cands: Vec<(AcctKey, Cand)> = pairs
        .par_iter()
        .flatten()
        .filter_map(|(k, p)| judge_one(k, &p, &src.addrs, SourceKind::Addr))
        .collect();
    let night = passes::Night { w, pairs, src, rc };
    let addr_cands = not_shared_passwords(addr_cands, pairs, src, rc);
    for (acct, cand) in night.off_pools(while_guessing(addr_cands, pairs, src, rc)) {
        consider(&mut best, acct, cand);
    }
    if cfg.networks.enabled {
        let net_cands: Vec<(AcctKey, Cand)> = src
            .net_pairs
            .par_iter()
            .filter_map(|(k, p)| judge_one(*k, p, &src.nets, SourceKind::Net))
            .collect();
        let net_cands = not_shared_passwords(net_cands, pairs, src, rc);
        for (acct, cand) in while_guessing(net_cands, pairs, src, rc) {
            consider(&mut best, acct, cand);
        }
    }
    for (acct, cand) in night.brute_force_sources(&best) {
        consider(&mut best, acct, cand);
    }
    for (acct, cand) in night.hit_and_run(&best) {
        consider(&mut best, acct, cand);
    }
    for (acct, cand) in night.takeover_batch(&best) {
        consider(&mut best, acct, cand);
    }
    for (acct, cand) in night.takeover_lockout(&best) {
        consider(&mut best, acct, cand);
    }
    // Linked takeovers: the attacker coming back to accounts convicted by other sources.
    for (acct, cand) in night.takeover_linked(&best) {
        consider(&mut best, acct, cand);
    }
    // The judging passes' candidate lists were filled on the pool's threads and are freed:
    // hand their pages back before the lists below are allocated.
    crate::mem::release_free_memory();
    let mut out = Verdicts::default();
    let mut per_source: ahash::AHashMap<(IpKey, u8), u32> = ahash::AHashMap::new();
    let net_logins = net_login_addresses(&best, pairs, v4, v6);
    for (acct, (t, rule, ip, kind, f)) in &best {
        let Some(user) = w.user(*acct) else { continue };
        let source = match kind {
            SourceKind::Addr => key_ip(*ip).to_string(),
            SourceKind::Net => fmt_net(*ip, v4, v6),
        };
        *per_source.entry((*ip, *kind as u8)).or_default() += 1;
        out.compromised.push(Verdict {
            user: user.to_string(),
            ts_ms: *t,
            ip: *ip,
            addr: match kind {
                SourceKind::Addr => Some(*ip),
                SourceKind::Net => net_logins.get(acct).copied(),
            },
            source,
            kind: *kind,
            rule: *rule,
            reason: reason(*rule, f),
            figures: f.clone(),
        });
    }
    // Exposed: a leaked pair logged in, and no rule convicted the account.
    // Per account: time, address, attempts and failures of its earliest leaked-pair login.
    let mut exposed: ahash::AHashMap<AcctKey, (i64, IpKey, u32, u32)> = ahash::AHashMap::new();
    for (k, p) in pairs.iter() {
        if p.leaked_succ > 0 && !best.contains_key(&k.acct) {
            let this = (p.first_leaked_succ_ts(), k.ip, p.attempts, p.fails);
            let e = exposed.entry(k.acct).or_insert(this);
            if (this.0, this.1) < (e.0, e.1) {
                *e = this;
            }
        }
    }
    for (acct, (t, ip, attempts, fails)) in exposed {
        let Some(user) = w.user(acct) else { continue };
        let f = Figures {
            pair_attempts: attempts,
            pair_fails: fails,
            ..Figures::default()
        };
        out.exposed.push(Verdict {
            user: user.to_string(),
            ts_ms: t,
            ip,
            addr: Some(ip),
            source: key_ip(ip).to_string(),
            kind: SourceKind::Addr,
            rule: Rule::Exposed,
            reason: reason(Rule::Exposed, &f),
            figures: f,
        });
    }
    // Attack sources.
    // Counted first, so that the list is allocated once (a doubling vector leaves its old
    // blocks behind as freed but resident memory).
    let listed = |ip: &IpKey, s: &SourceStats, kind: SourceKind| {
        let c = per_source.get(&(*ip, kind as u8)).copied().unwrap_or(0);
        behaviour(s, src, rc)
            .or(if c > 0 {
                Some("logins convicted")
            } else {
                None
            })
            .map(|b| (b, c))
    };
    let mut tables = vec![(&src.addrs, SourceKind::Addr)];
    if cfg.networks.enabled {
        tables.push((&src.nets, SourceKind::Net));
    }
    let n: usize = tables
        .iter()
        .map(|(map, kind)| {
            map.iter()
                .filter(|(ip, s)| listed(ip, s, *kind).is_some())
                .count()
        })
        .sum();
    out.sources.reserve_exact(n);
    for (map, kind) in tables {
        for (ip, s) in map.iter() {
            if let Some((b, c)) = listed(ip, s, kind) {
                let source = match kind {
                    SourceKind::Addr => key_ip(*ip).to_string(),
                    SourceKind::Net => fmt_net(*ip, v4, v6),
                };
                out.sources.push(AttackSource {
                    source,
                    kind,
                    behaviour: b,
                    compromised: c,
                    stats: s.without_lists(),
                });
            }
        }
    }
    out.compromised
        .sort_by(|a, b| a.user.as_bytes().cmp(b.user.as_bytes()));
    out.exposed
        .sort_by(|a, b| a.user.as_bytes().cmp(b.user.as_bytes()));
    // (kind, source) is distinct per source: an unstable sort gives the same order, without a
    // buffer of half the list.
    out.sources
        .sort_unstable_by(|a, b| (a.kind as u8, &a.source).cmp(&(b.kind as u8, &b.source)));
    out
}

impl Verdicts {
    /// Adds every address and network not already listed to `sources`, with behaviour `-`.
    pub fn add_all_sources(&mut self, src: &Sources, cfg: &Config) {
        let (v4, v6) = (cfg.networks.v4_prefix, cfg.networks.v6_prefix);
        let listed: ahash::AHashSet<(u8, String)> = self
            .sources
            .iter()
            .map(|s| (s.kind as u8, s.source.clone()))
            .collect();
        for (map, kind) in [(&src.addrs, SourceKind::Addr), (&src.nets, SourceKind::Net)] {
            for (ip, s) in map.iter() {
                let source = match kind {
                    SourceKind::Addr => key_ip(*ip).to_string(),
                    SourceKind::Net => fmt_net(*ip, v4, v6),
                };
                if !listed.contains(&(kind as u8, source.clone())) {
                    self.sources.push(AttackSource {
                        source,
                        kind,
                        behaviour: "-",
                        compromised: 0,
                        stats: s.without_lists(),
                    });
                }
            }
        }
        self.sources
            .sort_by(|a, b| (a.kind as u8, &a.source).cmp(&(b.kind as u8, &b.source)));
    }
}
