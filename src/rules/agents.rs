//! The user-agent check: at an address where other accounts log in too (a carrier NAT, a
//! household, a proxy), a login convicted for the failures around it may be a subscriber's own.
//! Bots keep their user agent between their failures and their logins; a subscriber logs in
//! from their own device. So a conviction standing on failures at a shared address is refused
//! when the login's user agent is none of the agents that failed there on other accounts.
//!
//! The window state holds no user agents (it would grow every pair row), so the pipeline reads
//! the logs a second time for the few addresses asked about ([`Wanted`]) and gathers
//! [`Evidence`]; [`vetoes`] then names the convictions to refuse, and `decide` runs again
//! without them (another source's conviction of the account still stands).
//!
//! The premise is the night's to show: of the convictions at addresses where no other account
//! logged in, most must have logged in with an agent that failed there too
//! (`agent_min_agreeing_share` of at least `agent_min_convictions`). A night whose bots draw a
//! new user agent for every attempt shows far less, and the check stays off.

use ahash::{AHashMap, AHashSet};

use super::{Rule, Verdict, config};
use crate::event::{AcctHasher, AcctKey, IpKey};
use crate::windows::sources::{SourceKind, Sources};

/// A user agent's hash (only equality matters, within one run).
pub fn agent_hash(ua: &str) -> u64 {
    ahash::RandomState::with_seeds(
        0x243f_6a88_85a3_08d3,
        0x1319_8a2e_0370_7344,
        0xa409_3822_299f_31d0,
        0x082e_fa98_ec4e_6c89,
    )
    .hash_one(ua)
}

/// Do convictions by this rule stand on failures at the login's address?
pub fn subject(rule: Rule) -> bool {
    matches!(
        rule,
        Rule::Stuffing
            | Rule::StuffingNear
            | Rule::Guessing
            | Rule::HitAndRun
            | Rule::HitAndRunUnleaked
            | Rule::Spraying
            | Rule::SprayingHitAndRun
            | Rule::SprayingDistributed
    )
}

/// What the second reading of the logs looks for.
#[derive(Debug, Default, Clone)]
pub struct Wanted {
    /// The addresses of the convictions asked about.
    pub ips: AHashSet<IpKey>,
    /// The convicting logins: account, address, time.
    pub logins: AHashSet<(AcctKey, IpKey, i64)>,
}

impl Wanted {
    /// The convictions of `verdicts` the check applies to: a subject rule, convicted by an
    /// address.
    pub fn of(verdicts: &[Verdict], hasher: &AcctHasher) -> Wanted {
        let mut w = Wanted::default();
        for v in verdicts
            .iter()
            .filter(|v| subject(v.rule) && v.kind == SourceKind::Addr)
        {
            w.ips.insert(v.ip);
            w.logins.insert((hasher.key(&v.user), v.ip, v.ts_ms));
        }
        w
    }

    /// Nothing to ask about.
    pub fn is_empty(&self) -> bool {
        self.ips.is_empty()
    }
}

/// What the second reading found: per wanted address, the user agents of its failures (with
/// the lowest and highest account each failed on, so that "another account" can be told), and
/// the user agent of each wanted login. Independent of the order events arrive in.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Evidence {
    fails: AHashMap<IpKey, AHashMap<u64, (AcctKey, AcctKey)>>,
    logins: AHashMap<(AcctKey, IpKey, i64), u64>,
}

impl Evidence {
    /// Takes one event (its user agent as a hash, if it has one).
    pub fn add(&mut self, wanted: &Wanted, acct: AcctKey, ip: IpKey, ts: i64, ok: bool, ua: u64) {
        if !wanted.ips.contains(&ip) {
            return;
        }
        if ok {
            if wanted.logins.contains(&(acct, ip, ts)) {
                let e = self.logins.entry((acct, ip, ts)).or_insert(ua);
                *e = (*e).min(ua);
            }
        } else {
            let e = self
                .fails
                .entry(ip)
                .or_default()
                .entry(ua)
                .or_insert((acct, acct));
            *e = (e.0.min(acct), e.1.max(acct));
        }
    }

    /// Adds another reader's evidence.
    pub fn merge(&mut self, other: Evidence) {
        for (ip, m) in other.fails {
            let mine = self.fails.entry(ip).or_default();
            for (ua, (lo, hi)) in m {
                let e = mine.entry(ua).or_insert((lo, hi));
                *e = (e.0.min(lo), e.1.max(hi));
            }
        }
        for (k, ua) in other.logins {
            let e = self.logins.entry(k).or_insert(ua);
            *e = (*e).min(ua);
        }
    }
}

/// What the check did, for `summary.json`.
#[derive(Debug, Default, Clone, PartialEq, serde::Serialize)]
pub struct AgentCheck {
    /// It ran (false: off in the configuration, or skipped).
    pub ran: bool,
    /// Why it was skipped though on: an input that cannot be read twice (standard input, a
    /// pipe) or that failed the second time.
    pub skipped: Option<String>,
    /// Convictions at addresses where no other account logged in, with a failure there on
    /// another account and a user agent on the login: the night's test of the premise.
    pub unshared: u32,
    /// Of those, logins whose user agent also failed there.
    pub unshared_agreeing: u32,
    /// The premise held and convictions were refused where the check says so.
    pub applied: bool,
    /// Convictions refused.
    pub vetoed: u32,
}

impl AgentCheck {
    /// A check that did not run, and why.
    pub fn skipped(why: impl Into<String>) -> AgentCheck {
        AgentCheck {
            skipped: Some(why.into()),
            ..AgentCheck::default()
        }
    }
}

/// The convictions to refuse (account, address), and what the check saw.
pub fn vetoes(
    verdicts: &[Verdict],
    hasher: &AcctHasher,
    ev: &Evidence,
    src: &Sources,
    rc: &config::Rules,
) -> (AHashSet<(AcctKey, IpKey)>, AgentCheck) {
    let mut check = AgentCheck {
        ran: true,
        ..AgentCheck::default()
    };
    let mut refused = Vec::new();
    for v in verdicts
        .iter()
        .filter(|v| subject(v.rule) && v.kind == SourceKind::Addr)
    {
        let acct = hasher.key(&v.user);
        let Some(&ua) = ev.logins.get(&(acct, v.ip, v.ts_ms)) else {
            continue;
        };
        let Some(fails) = ev.fails.get(&v.ip) else {
            continue;
        };
        let other = |&(lo, hi): &(AcctKey, AcctKey)| lo != acct || hi != acct;
        if !fails.values().any(other) {
            continue;
        }
        let agrees = fails.get(&ua).is_some_and(other);
        let shared = src.addrs.get(&v.ip).is_some_and(|s| s.succ_accounts >= 2);
        if !shared {
            check.unshared += 1;
            check.unshared_agreeing += u32::from(agrees);
        } else if !agrees {
            refused.push((acct, v.ip));
        }
    }
    check.applied = check.unshared >= rc.agent_min_convictions
        && f64::from(check.unshared_agreeing)
            >= rc.agent_min_agreeing_share * f64::from(check.unshared);
    if !check.applied {
        refused.clear();
    }
    check.vetoed = refused.len() as u32;
    (refused.into_iter().collect(), check)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evidence_is_order_free() {
        let w = Wanted {
            ips: [1, 2].into_iter().collect(),
            logins: [(7, 1, 100)].into_iter().collect(),
        };
        let events = [
            (5, 1, 10, false, 11),
            (6, 1, 20, false, 11),
            (7, 1, 100, true, 12),
            (7, 1, 100, true, 9),
            (8, 3, 30, false, 11),
            (9, 2, 40, false, 13),
        ];
        let mut one = Evidence::default();
        for &(a, ip, t, ok, ua) in &events {
            one.add(&w, a, ip, t, ok, ua);
        }
        let (mut x, mut y) = (Evidence::default(), Evidence::default());
        for (i, &(a, ip, t, ok, ua)) in events.iter().rev().enumerate() {
            (if i % 2 == 0 { &mut x } else { &mut y }).add(&w, a, ip, t, ok, ua);
        }
        y.merge(x);
        assert_eq!(one, y);
        assert_eq!(one.logins.get(&(7, 1, 100)), Some(&9));
        assert_eq!(one.fails.get(&1).and_then(|m| m.get(&11)), Some(&(5, 6)));
        assert!(!one.fails.contains_key(&3));
    }

    #[test]
    fn agent_hash_tells_agents_apart() {
        assert_eq!(agent_hash("curl/8"), agent_hash("curl/8"));
        assert_ne!(agent_hash("curl/8"), agent_hash("curl/7"));
    }
}
