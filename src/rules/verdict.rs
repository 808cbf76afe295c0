//! What `decide` returns: the rules, the figures that crossed their thresholds, each
//! account's verdict with its reason, and the attack sources.

use serde::Serialize;

use super::Config;
use crate::event::{IpKey, fmt_net, key_ip};
use crate::windows::PairStats;
use crate::windows::sources::{SourceKind, SourceStats, Sources};

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
    /// A login at a shared address right next to failures on other accounts, and no login,
    /// from the login's own user agent (the bot's client), away from the owner's network.
    HitAndRunAgent,
    /// A leaked-pair login at a shared address right next to failures on other accounts from
    /// its own user agent, which did nothing else there all night, away from the owner's
    /// network.
    HitAndRunAgentLeaked,
    /// A login with a pair that is not in the leaks, the hit-and-run shape over a wider window
    /// than `HitAndRunUnleaked`'s, made with the one user agent that failed on other accounts at
    /// the address (the bot's client), away from the owner's own network.
    HitAndRunUnleakedAgent,
    /// A leaked-pair login, the hit-and-run shape over a wider window than `HitAndRun`'s tiers,
    /// made with the one user agent that failed on other accounts at the address, away from the
    /// owner's own network.
    HitAndRunSlowAgent,
    /// A leaked pair logged in, its one attempt, with a user agent that failed with leaked
    /// pairs at many addresses tonight and hardly ever logged in with a pair in no leak.
    BotAgent,
    /// A login inside a dense run of one-attempt failures on many other accounts from its
    /// address, made with the one user agent that failed there all night (a bot working down a
    /// list of pairs the leaks do not hold).
    ListRun,
    /// A pair in no leak logged in, its one attempt, with a bot's user agent (as for
    /// `BotAgent`) that also failed on other accounts at the login's address.
    BotAgentUnleaked,
    /// A leaked pair logged in and no rule convicted the account (exposed, not compromised).
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
            Rule::HitAndRunAgent => "hit-and-run-agent",
            Rule::HitAndRunAgentLeaked => "hit-and-run-agent-leaked",
            Rule::HitAndRunUnleakedAgent => "hit-and-run-unleaked-agent",
            Rule::HitAndRunSlowAgent => "hit-and-run-slow-agent",
            Rule::BotAgent => "bot-agent",
            Rule::BotAgentUnleaked => "bot-agent-unleaked",
            Rule::ListRun => "list-run",
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
    /// Seconds from the login to the source's nearest attempt on its fail-only accounts
    /// (guessing).
    pub step_secs: u32,
    /// Other accounts the login's user agent failed on around it at its address
    /// (hit-and-run-agent).
    pub agent_fail_accounts: u32,
    /// Addresses where the login's user agent failed with leaked pairs tonight (bot-agent).
    pub agent_replay_addrs: u32,
    /// Logins by the login's user agent with pairs in no leak tonight (bot-agent).
    pub agent_clean_logins: u32,
}

impl Figures {
    /// The figures every source verdict starts from: the source's and the pair's.
    pub(super) fn of(src: &SourceStats, p: &PairStats) -> Self {
        Figures {
            pair_attempts: p.attempts,
            pair_fails: p.fails,
            ..Figures::default()
        }
        .with_source(src)
    }

    /// These figures with the source's own: accounts tried, fail-only accounts, failed
    /// replays, widest spray.
    pub(super) fn with_source(self, src: &SourceStats) -> Self {
        Figures {
            src_accounts: src.accounts,
            src_fail_only: src.fail_only_accounts,
            src_replays: src.replay_fail_accounts,
            src_spray_max: src.spray_max,
            ..self
        }
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

/// A source as the outputs name it: an address, or a network in CIDR form (`v4`, `v6`: the
/// network prefixes).
pub(super) fn source_name(ip: IpKey, kind: SourceKind, v4: u8, v6: u8) -> String {
    match kind {
        SourceKind::Addr => key_ip(ip).to_string(),
        SourceKind::Net => fmt_net(ip, v4, v6),
    }
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
    pub stats: SourceFigures,
}

/// The statistics of a listed source (a row of `ips.csv`): [`SourceStats`] without what only
/// the rules read, 72 bytes instead of 120 (a night of botnet traffic lists tens of thousands
/// of sources).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct SourceFigures {
    /// Distinct addresses (1 for an address).
    pub ips: u32,
    /// Distinct accounts tried.
    pub accounts: u32,
    /// Attempts.
    pub attempts: u64,
    /// Failures.
    pub fails: u64,
    /// Accounts with at least one success from here.
    pub succ_accounts: u32,
    /// Accounts with failures and no success from here.
    pub fail_only_accounts: u32,
    /// Accounts where a leaked pair failed and nothing succeeded from here.
    pub replay_fail_accounts: u32,
    /// Accounts logged into with a leaked pair.
    pub leaked_succ_accounts: u32,
    /// Most distinct accounts that failed with one password.
    pub spray_max: u32,
    /// Most failures on one account.
    pub brute_max: u32,
    /// First attempt (epoch ms).
    pub first_ts: i64,
    /// Last attempt (epoch ms).
    pub last_ts: i64,
}

impl From<&SourceStats> for SourceFigures {
    fn from(s: &SourceStats) -> Self {
        SourceFigures {
            ips: s.ips,
            accounts: s.accounts,
            attempts: s.attempts,
            fails: s.fails,
            succ_accounts: s.succ_accounts,
            fail_only_accounts: s.fail_only_accounts,
            replay_fail_accounts: s.replay_fail_accounts,
            leaked_succ_accounts: s.leaked_succ_accounts,
            spray_max: s.spray_max,
            brute_max: s.brute_max,
            first_ts: s.first_ts,
            last_ts: s.last_ts,
        }
    }
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

/// The one-line reason a verdict's row gives: the rule and the figures that crossed its
/// thresholds.
pub(super) fn reason(rule: Rule, f: &Figures) -> String {
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
            "login from a source whose attempts failed on {} of {} accounts, {} s from its nearest attempt on them",
            f.src_fail_only, f.src_accounts, f.step_secs
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
        Rule::HitAndRunAgent => format!(
            "logged in at a shared address within {} s of failures on {} other accounts (one a failed replay of a leaked pair) from the login's own user agent, which logged into no other account there",
            f.window_secs, f.agent_fail_accounts
        ),
        Rule::HitAndRunAgentLeaked => format!(
            "leaked pair logged in at a shared address within {} s of failures on {} other accounts from the login's own user agent, which did nothing else there all night",
            f.window_secs, f.agent_fail_accounts
        ),
        Rule::HitAndRunUnleakedAgent | Rule::HitAndRunSlowAgent => format!(
            "{} logged in from an address that did nothing else all night but fail on {} other accounts ({} with leaked pairs) within {} s, all from the login's own user agent",
            if rule == Rule::HitAndRunSlowAgent {
                "leaked pair"
            } else {
                "pair not in the leaks"
            },
            f.src_fail_only,
            f.src_replays,
            f.window_secs
        ),
        Rule::BotAgent => format!(
            "leaked pair logged in, its one attempt, with a user agent that failed with leaked pairs at {} addresses tonight and logged in with a pair in no leak {} times",
            f.agent_replay_addrs, f.agent_clean_logins
        ),
        Rule::BotAgentUnleaked => format!(
            "pair not in the leaks logged in, its one attempt, with a user agent that failed on other accounts at this address and with leaked pairs at {} addresses tonight, and logged in with a pair in no leak {} times",
            f.agent_replay_addrs, f.agent_clean_logins
        ),
        Rule::ListRun => format!(
            "logged in within a run of {} s in which its address failed on {} other accounts, one attempt each, all night with no user agent but the login's",
            f.window_secs, f.agent_fail_accounts
        ),
        Rule::Exposed if f.src_fail_only > 0 => format!(
            "logged in with a leaked pair; no rule convicted it (its address failed on {} other accounts, {} of them with leaked pairs, {} within {} s of the login)",
            f.src_fail_only, f.src_replays, f.replays_near, f.window_secs
        ),
        Rule::Exposed => "logged in with a leaked pair; no sign of anyone else using it".into(),
    }
}

impl Verdicts {
    /// Adds every address and network not already listed to `sources`, with behaviour `-`.
    pub fn add_all_sources(&mut self, src: &Sources, cfg: &Config) {
        let (v4, v6) = (cfg.networks.v4_prefix, cfg.networks.v6_prefix);
        let listed: ahash::AHashSet<(SourceKind, String)> = self
            .sources
            .iter()
            .map(|s| (s.kind, s.source.clone()))
            .collect();
        for (map, kind) in [(&src.addrs, SourceKind::Addr), (&src.nets, SourceKind::Net)] {
            for (ip, s) in map.iter() {
                let source = source_name(*ip, kind, v4, v6);
                if !listed.contains(&(kind, source.clone())) {
                    self.sources.push(AttackSource {
                        source,
                        kind,
                        behaviour: "-",
                        compromised: 0,
                        stats: SourceFigures::from(s),
                    });
                }
            }
        }
        self.sources
            .sort_by(|a, b| (a.kind, &a.source).cmp(&(b.kind, &b.source)));
    }
}
