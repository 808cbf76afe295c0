//! The user-agent check: at an address where other accounts log in too (a carrier NAT, a
//! household, a proxy), a login convicted for the failures around it may be a subscriber's own.
//! Bots keep their user agent between their failures and their logins; a subscriber logs in
//! from their own device. So a conviction standing on failures at a shared address is refused
//! when the login's user agent is none of the agents that failed there on other accounts.
//!
//! The window state holds no user agents (it would grow every pair row), so after the first
//! convictions ([`super::convict_first`]) the caller reads the logs a second time for the few
//! addresses asked about ([`Wanted`]), which gathers [`Evidence`]; [`vetoes`] then names the
//! convictions to refuse, and the convictions are made again without them (another source's
//! conviction of the account still stands) before the output lists are built
//! ([`super::settle`]).
//!
//! The same reading serves `hit-and-run-agent` ([`bursts_of`]): at a shared address, a login
//! whose own agent failed on other accounts around it, and logged into none, is the bot's;
//! `hit-and-run-unleaked-agent` ([`failing_agents_of`]): a login with a pair in no leak at an
//! address that only failed on other accounts around it, whose own agent failed there too;
//! and `bot-agent-unleaked` ([`bot_logins_of`]): a login with a bot's agent (`rules/bots.rs`)
//! at an address where that agent failed on another account.
//!
//! The premise is the night's to show: of the convictions at addresses where no other account
//! logged in, most must have logged in with an agent that failed there too
//! (`agent_min_agreeing_share` of at least `agent_min_convictions`). A night whose bots draw a
//! new user agent for every attempt shows far less, and the check stays off.

use ahash::{AHashMap, AHashSet};

use super::{Rule, config};
use crate::event::{AcctKey, IpKey};
use crate::windows::sources::{SourceKind, Sources};

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

/// Does a conviction by this rule stand on so little (a login beside a failure or two on
/// other accounts, or one failed replay, at an address that did nothing else all night) that
/// the check applies to it at an address where no other account logged in too? A subscriber's
/// own login there, next to a bot's passing failure, is the likelier reading when the login's
/// agent is none of the failures' (session 31: `hit-and-run`'s replay tier; session 32: its
/// every tier).
pub fn lone_subject(rule: Rule) -> bool {
    matches!(rule, Rule::HitAndRunUnleaked | Rule::HitAndRun)
}

/// A login: account, address, time.
type Login = (AcctKey, IpKey, i64);

/// What the second reading of the logs looks for: the convictions the check applies to (a
/// subject rule, convicted by an address), as account, address and time of the convicting
/// login, sorted; the candidate logins of `hit-and-run-agent` (see [`bursts_of`]), sorted,
/// with the window around them whose events are read; and all their addresses, numbered.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Wanted {
    logins: Vec<Login>,
    ips: AHashMap<IpKey, u32>,
    bursts: Vec<Login>,
    /// Per numbered address of a burst candidate: the candidates' times, sorted.
    burst_times: AHashMap<u32, Vec<i64>>,
    /// How far around a burst candidate events are read (milliseconds).
    burst_ms: i64,
    /// Logins whose user agents are read, sorted: the candidates of `bot-agent-unleaked`
    /// (logins at addresses where a bot's agent failed) and of the one-agent hit-and-run rules
    /// (`hit-and-run-unleaked-agent`, `hit-and-run-slow-agent`).
    agent_logins: Vec<Login>,
    /// User agents whose logins are read at every address: the night's bot agents, read for
    /// their residents (see [`Evidence::residents`]).
    traced: AHashSet<u32>,
    /// The convictions among `logins` the check also applies to at an address where no other
    /// account logged in ([`lone_subject`]), sorted.
    lone: Vec<Login>,
}

impl Wanted {
    /// The convictions `logins` (account, address, time) and the burst candidates `bursts`,
    /// whose events within `burst_ms` are read.
    fn with_bursts(
        mut logins: Vec<Login>,
        mut bursts: Vec<Login>,
        burst_ms: i64,
        mut agent_logins: Vec<Login>,
    ) -> Wanted {
        logins.sort_unstable();
        logins.dedup();
        bursts.sort_unstable();
        bursts.dedup();
        agent_logins.sort_unstable();
        agent_logins.dedup();
        let mut ips = AHashMap::new();
        for &(_, ip, _) in logins.iter().chain(&bursts).chain(&agent_logins) {
            let n = ips.len() as u32;
            ips.entry(ip).or_insert(n);
        }
        let mut burst_times: AHashMap<u32, Vec<i64>> = AHashMap::new();
        for &(_, ip, t) in &bursts {
            if let Some(&n) = ips.get(&ip) {
                burst_times.entry(n).or_default().push(t);
            }
        }
        for times in burst_times.values_mut() {
            times.sort_unstable();
        }
        Wanted {
            logins,
            ips,
            bursts,
            burst_times,
            burst_ms,
            agent_logins,
            traced: AHashSet::new(),
            lone: Vec::new(),
        }
    }

    /// These wants, with the convictions `lone` (a subset of the checked ones) checked at a
    /// lone address too.
    fn checking_lone(self, mut lone: Vec<Login>) -> Wanted {
        lone.sort_unstable();
        lone.dedup();
        Wanted { lone, ..self }
    }

    /// These wants, with the user agents `traced` whose logins are read wherever they are.
    fn tracing(self, traced: AHashSet<u32>) -> Wanted {
        Wanted { traced, ..self }
    }

    /// The convictions the check applies to (a subject rule, convicted by an address), from
    /// (account, time, rule, source, kind, checked at a lone address too: [`lone_subject`]),
    /// the burst candidates `bursts` (account, address,
    /// time of the login), read `burst_secs` around, and the logins `agent_logins` (account,
    /// address, time) whose agents are read, and the user agents `traced` whose logins are
    /// read wherever they are.
    pub fn with_candidates(
        convictions: impl Iterator<Item = (AcctKey, i64, Rule, IpKey, SourceKind, bool)>,
        bursts: Vec<Login>,
        burst_secs: u32,
        agent_logins: Vec<Login>,
        traced: AHashSet<u32>,
    ) -> Wanted {
        let (mut logins, mut lone) = (Vec::new(), Vec::new());
        for (acct, t, rule, ip, kind, lone_too) in convictions {
            if subject(rule) && kind == SourceKind::Addr {
                logins.push((acct, ip, t));
                if lone_too {
                    lone.push((acct, ip, t));
                }
            }
        }
        Wanted::with_bursts(logins, bursts, i64::from(burst_secs) * 1000, agent_logins)
            .tracing(traced)
            .checking_lone(lone)
    }

    /// Both sets (a sweep asks for all its points at once), read over the wider window.
    pub fn union(self, other: Wanted) -> Wanted {
        let mut logins = self.logins;
        logins.extend(other.logins);
        let mut bursts = self.bursts;
        bursts.extend(other.bursts);
        let mut agent_logins = self.agent_logins;
        agent_logins.extend(other.agent_logins);
        let mut traced = self.traced;
        traced.extend(other.traced);
        let mut lone = self.lone;
        lone.extend(other.lone);
        Wanted::with_bursts(
            logins,
            bursts,
            self.burst_ms.max(other.burst_ms),
            agent_logins,
        )
        .tracing(traced)
        .checking_lone(lone)
    }

    /// Nothing to ask about.
    pub fn is_empty(&self) -> bool {
        self.logins.is_empty()
            && self.bursts.is_empty()
            && self.agent_logins.is_empty()
            && self.traced.is_empty()
    }

    /// Are the logins of user agent `agent` read wherever they are?
    pub fn traces(&self, agent: u32) -> bool {
        self.traced.contains(&agent)
    }

    /// Are some user agents' logins read wherever they are (every line's agent is then read)?
    pub fn traces_any(&self) -> bool {
        !self.traced.is_empty()
    }

    /// Is an event at numbered address `n` at time `ts` within the window of a burst
    /// candidate there?
    fn near_burst(&self, n: u32, ts: i64) -> bool {
        self.burst_times
            .get(&n)
            .is_some_and(|times| super::near(times, ts, self.burst_ms))
    }

    /// Is this event one the reading keeps: a failure (at an address asked about), a wanted
    /// login, or any login at a burst candidate's address?
    pub fn wants_event(&self, acct: AcctKey, ip: IpKey, ts: i64, ok: bool) -> bool {
        let Some(&n) = self.ips.get(&ip) else {
            return false;
        };
        !ok || self.login_index(acct, ip, ts).is_some()
            || self.burst_times.contains_key(&n)
            || self.agent_login_index(acct, ip, ts).is_some()
    }

    fn burst_index(&self, acct: AcctKey, ip: IpKey, ts: i64) -> Option<usize> {
        self.bursts.binary_search(&(acct, ip, ts)).ok()
    }

    fn agent_login_index(&self, acct: AcctKey, ip: IpKey, ts: i64) -> Option<usize> {
        self.agent_logins.binary_search(&(acct, ip, ts)).ok()
    }

    /// Is `ip` an address asked about?
    pub fn wants_ip(&self, ip: IpKey) -> bool {
        self.ips.contains_key(&ip)
    }

    fn login_index(&self, acct: AcctKey, ip: IpKey, ts: i64) -> Option<usize> {
        self.logins.binary_search(&(acct, ip, ts)).ok()
    }
}

/// What the second reading found, for the addresses and logins of one [`Wanted`]: per wanted
/// address and user agent of a failure there, the lowest and highest account it failed on (so
/// that "another account" can be told); the same per address over all agents; the user agent
/// of each wanted login and of each burst candidate; per burst address and agent, the failures
/// around the candidates (time, account; in arrival order: read as a set), the accounts that
/// logged in with it (up to four) and the span of its failures. Addresses and logins go by
/// their numbers in the [`Wanted`], so that the maps stay small: the reading is the check's
/// memory peak.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Evidence {
    fails: AHashMap<(u32, u64), (AcctKey, AcctKey)>,
    failed: Vec<(AcctKey, AcctKey)>,
    /// Per numbered address: its failures read (every one carried a user agent).
    agent_fails: Vec<u32>,
    logins: Vec<u64>,
    burst_agents: Vec<u64>,
    near: AHashMap<(u32, u64), Vec<(i64, AcctKey)>>,
    /// Per burst address and agent: the first and last time it failed there all night.
    fail_spans: AHashMap<(u32, u64), (i64, i64)>,
    logged: AHashMap<(u32, u64), Logged>,
    login_agents: Vec<u64>,
    /// Per traced agent, address and account: the first and last login with that agent there.
    resident: AHashMap<(u32, IpKey, AcctKey), (i64, i64)>,
}

/// No account (an empty range).
const NO_RANGE: (AcctKey, AcctKey) = (AcctKey::MAX, AcctKey::MIN);
/// No user agent seen.
const NO_AGENT: u64 = u64::MAX;

/// Widens a range (of accounts, or of times) by another.
fn widen<T: Ord + Copy>(e: &mut (T, T), (lo, hi): (T, T)) {
    *e = (e.0.min(lo), e.1.max(hi));
}

/// The accounts one user agent logged into at a burst address: up to [`LOGGED_KEEP`] of them,
/// sorted, or none kept and `more` when they were more (a common model many residents carry).
/// The same whatever the order the logins come in.
#[derive(Debug, Default, Clone, PartialEq)]
struct Logged {
    accts: Vec<AcctKey>,
    more: bool,
}

/// How many accounts [`Logged`] keeps.
const LOGGED_KEEP: usize = 4;

impl Logged {
    fn add(&mut self, acct: AcctKey) {
        if self.more {
            return;
        }
        if let Err(i) = self.accts.binary_search(&acct) {
            if self.accts.len() < LOGGED_KEEP {
                self.accts.insert(i, acct);
            } else {
                self.accts.clear();
                self.more = true;
            }
        }
    }

    fn merge(&mut self, other: Logged) {
        if other.more {
            self.accts.clear();
            self.more = true;
        }
        for a in other.accts {
            self.add(a);
        }
    }

    /// Did the agent log into an account other than `acct` that `taken` does not hold (the
    /// accounts convicted tonight: the bot's own logins)?
    fn other_untaken(&self, acct: AcctKey, taken: impl Fn(AcctKey) -> bool) -> bool {
        self.more || self.accts.iter().any(|&a| a != acct && !taken(a))
    }
}

/// No time (an empty span).
const NO_SPAN: (i64, i64) = (i64::MAX, i64::MIN);

/// Does the range hold an account other than `acct`?
fn other_than(r: Option<&(AcctKey, AcctKey)>, acct: AcctKey) -> bool {
    r.is_some_and(|&(lo, hi)| lo <= hi && (lo != acct || hi != acct))
}

impl Evidence {
    /// Empty evidence for `wanted`, with room for two user agents failing per address.
    pub fn new(wanted: &Wanted) -> Evidence {
        Evidence {
            fails: AHashMap::with_capacity(2 * wanted.ips.len()),
            failed: vec![NO_RANGE; wanted.ips.len()],
            agent_fails: vec![0; wanted.ips.len()],
            logins: vec![NO_AGENT; wanted.logins.len()],
            burst_agents: vec![NO_AGENT; wanted.bursts.len()],
            near: AHashMap::new(),
            fail_spans: AHashMap::new(),
            logged: AHashMap::new(),
            login_agents: vec![NO_AGENT; wanted.agent_logins.len()],
            resident: AHashMap::new(),
        }
    }

    /// Takes a login made with a traced user agent (`Wanted::traces`), wherever it was.
    pub fn add_traced(&mut self, agent: u32, acct: AcctKey, ip: IpKey, ts: i64) {
        widen(
            self.resident.entry((agent, ip, acct)).or_insert(NO_SPAN),
            (ts, ts),
        );
    }

    /// Per traced user agent: its residents, the accounts that logged in with it at one
    /// address twice or more, `span_ms` or more apart, where it never failed with a leaked pair
    /// (`replayed_at`). Owners come back to their own devices at home; a stuffing tool logs
    /// into a pair once, where it replays.
    pub fn residents(
        &self,
        span_ms: i64,
        replayed_at: impl Fn(u32, IpKey) -> bool,
    ) -> AHashMap<u32, u32> {
        let mut n: AHashMap<u32, u32> = AHashMap::new();
        for (&(agent, ip, _), &(first, last)) in &self.resident {
            if last.saturating_sub(first) >= span_ms && !replayed_at(agent, ip) {
                *n.entry(agent).or_default() += 1;
            }
        }
        n
    }

    /// Takes one event (its user agent as a hash).
    pub fn add(&mut self, wanted: &Wanted, acct: AcctKey, ip: IpKey, ts: i64, ok: bool, ua: u64) {
        let Some(&n) = wanted.ips.get(&ip) else {
            return;
        };
        if ok {
            if wanted.burst_times.contains_key(&n) {
                self.logged.entry((n, ua)).or_default().add(acct);
            }
            if let Some(e) = wanted
                .login_index(acct, ip, ts)
                .and_then(|i| self.logins.get_mut(i))
            {
                *e = (*e).min(ua);
            }
            if let Some(e) = wanted
                .burst_index(acct, ip, ts)
                .and_then(|i| self.burst_agents.get_mut(i))
            {
                *e = (*e).min(ua);
            }
            if let Some(e) = wanted
                .agent_login_index(acct, ip, ts)
                .and_then(|i| self.login_agents.get_mut(i))
            {
                *e = (*e).min(ua);
            }
        } else {
            widen(self.fails.entry((n, ua)).or_insert(NO_RANGE), (acct, acct));
            if let Some(e) = self.failed.get_mut(n as usize) {
                widen(e, (acct, acct));
            }
            if let Some(c) = self.agent_fails.get_mut(n as usize) {
                *c = c.saturating_add(1);
            }
            if wanted.near_burst(n, ts) {
                self.near.entry((n, ua)).or_default().push((ts, acct));
            }
            if wanted.burst_times.contains_key(&n) {
                widen(self.fail_spans.entry((n, ua)).or_insert(NO_SPAN), (ts, ts));
            }
        }
    }

    /// Adds another reader's evidence (for the same [`Wanted`]).
    pub fn merge(&mut self, other: Evidence) {
        for (k, r) in other.fails {
            widen(self.fails.entry(k).or_insert(NO_RANGE), r);
        }
        for (e, r) in self.failed.iter_mut().zip(other.failed) {
            widen(e, r);
        }
        for (c, o) in self.agent_fails.iter_mut().zip(other.agent_fails) {
            *c = c.saturating_add(o);
        }
        for (e, ua) in self.logins.iter_mut().zip(other.logins) {
            *e = (*e).min(ua);
        }
        for (e, ua) in self.burst_agents.iter_mut().zip(other.burst_agents) {
            *e = (*e).min(ua);
        }
        for (k, v) in other.near {
            self.near.entry(k).or_default().extend(v);
        }
        for (k, r) in other.fail_spans {
            widen(self.fail_spans.entry(k).or_insert(NO_SPAN), r);
        }
        for (k, l) in other.logged {
            self.logged.entry(k).or_default().merge(l);
        }
        for (e, ua) in self.login_agents.iter_mut().zip(other.login_agents) {
            *e = (*e).min(ua);
        }
        for (k, r) in other.resident {
            widen(self.resident.entry(k).or_insert(NO_SPAN), r);
        }
    }

    /// Per numbered address: the distinct user agents that failed there on an account.
    fn agents_per_address(&self) -> AHashMap<u32, u32> {
        let mut agents_at: AHashMap<u32, u32> = AHashMap::new();
        for &(n, _) in self.fails.keys() {
            *agents_at.entry(n).or_default() += 1;
        }
        agents_at
    }

    /// The numbered addresses whose failures show their bots keeping their agents: at least
    /// `min_fails` failures read there (each carried an agent), from at most `max_agents`
    /// agents and at most one per `per_agent` of them (0: none).
    fn steady_addresses(&self, per_agent: u32, min_fails: u32, max_agents: u32) -> AHashSet<u32> {
        if per_agent == 0 {
            return AHashSet::new();
        }
        self.agents_per_address()
            .into_iter()
            .filter(|&(n, agents)| {
                let fails = self.agent_fails.get(n as usize).copied().unwrap_or(0);
                fails >= min_fails
                    && agents <= max_agents
                    && u64::from(agents).saturating_mul(u64::from(per_agent)) <= u64::from(fails)
            })
            .map(|(n, _)| n)
            .collect()
    }
}

/// The logins among `logins` (all of them among `read`'s agent logins, evidence `ev` read
/// for `read`) whose user agent failed at the login's address on another account, each with
/// its agent. A login with no agent is none of them.
pub fn failing_agents_of(
    read: &Wanted,
    ev: &Evidence,
    logins: impl Iterator<Item = Login>,
) -> Vec<(Login, u32)> {
    logins
        .filter_map(|(acct, ip, t)| {
            let n = *read.ips.get(&ip)?;
            let ua = *read
                .agent_login_index(acct, ip, t)
                .and_then(|i| ev.login_agents.get(i))?;
            let agent = u32::try_from(ua).ok().filter(|&a| a != 0)?;
            other_than(ev.fails.get(&(n, ua)), acct).then_some(((acct, ip, t), agent))
        })
        .collect()
}

/// The logins of [`failing_agents_of`] at addresses where no other user agent failed all
/// night: one client, the bot's, did everything there but the login.
pub fn sole_failing_agents_of(
    read: &Wanted,
    ev: &Evidence,
    logins: impl Iterator<Item = Login>,
) -> Vec<(Login, u32)> {
    let agents_at = ev.agents_per_address();
    let mut found = failing_agents_of(read, ev, logins);
    found.retain(|((_, ip, _), _)| {
        read.ips
            .get(ip)
            .is_some_and(|n| agents_at.get(n) == Some(&1))
    });
    found
}

/// `list-run`'s logins among `logins`: those of [`sole_failing_agents_of`] whose agent failed
/// there on at least two accounts besides the login's (a failed user name the owner mistyped
/// just before, with the owner's own device, is one: a bot whose failures carry no agent
/// leaves the owner's the only one seen failing).
pub fn run_agents_of(
    read: &Wanted,
    ev: &Evidence,
    logins: impl Iterator<Item = Login>,
) -> Vec<(Login, u32)> {
    let mut found = sole_failing_agents_of(read, ev, logins);
    found.retain(|&((acct, ip, _), agent)| {
        read.ips.get(&ip).is_some_and(|&n| {
            ev.fails
                .get(&(n, u64::from(agent)))
                .is_some_and(|&(lo, hi)| lo < hi && lo != acct && hi != acct)
        })
    });
    found
}

/// `bot-agent-unleaked`'s logins among `logins` (its candidates; see [`failing_agents_of`]),
/// each with its agent: the login's user agent is one of `bots` and failed at the login's
/// address on another account.
pub fn bot_logins_of(
    read: &Wanted,
    ev: &Evidence,
    logins: impl Iterator<Item = Login>,
    bots: &AHashMap<u32, (u32, u32)>,
) -> Vec<(Login, u32)> {
    let mut found = failing_agents_of(read, ev, logins);
    found.retain(|(_, agent)| bots.contains_key(agent));
    found
}

/// A burst: a candidate login of `hit-and-run-agent` and the accounts its user agent failed
/// on around it.
#[derive(Debug, Clone, PartialEq)]
pub struct Burst {
    /// The account logged into.
    pub acct: AcctKey,
    /// Its address.
    pub ip: IpKey,
    /// The login's time.
    pub ts: i64,
    /// The other accounts the login's user agent failed on there within the window, sorted.
    pub failed: Vec<AcctKey>,
    /// Every failure of the login's user agent at the address all night lies within the
    /// window: the agent did nothing else there (a stale app on a resident's phone retries
    /// all day; a bot's burst is over in minutes).
    pub alone: bool,
}

/// `hit-and-run-agent`'s bursts among `asked`'s candidates (evidence `ev` read for `read`,
/// which holds them): within `burst_secs` of the login, at its address, its user agent failed
/// on at least `min_accounts` other accounts, none of which it also logged into there, and it
/// logged into no other account there all night but accounts `taken` holds (convicted
/// tonight: the bot's own successes). The caller
/// judges the accounts (a failed replay among them, none a typo of the login's). A bot keeps its agent between the failures of its list and the login it found; a
/// subscriber behind the same carrier address logs in from their own device, and when it is a
/// common model that bots also announce, others of that model log in there too.
pub fn bursts_of(
    asked: &Wanted,
    read: &Wanted,
    ev: &Evidence,
    burst_secs: u32,
    min_accounts: u32,
    taken: impl Fn(AcctKey) -> bool,
) -> Vec<Burst> {
    let w = i64::from(burst_secs) * 1000;
    // The candidates with an agent whose agent logged into no other account there, by
    // numbered address and agent: each one's failures are then sorted once and each candidate
    // reads its window (a busy carrier address holds many candidates and many failures).
    let mut by_agent: AHashMap<(u32, u64), Vec<Login>> = AHashMap::new();
    for &(acct, ip, t) in &asked.bursts {
        let (Some(&n), Some(&ua)) = (
            read.ips.get(&ip),
            read.burst_index(acct, ip, t)
                .and_then(|i| ev.burst_agents.get(i)),
        ) else {
            continue;
        };
        if ua != NO_AGENT
            && !ev
                .logged
                .get(&(n, ua))
                .is_some_and(|l| l.other_untaken(acct, &taken))
        {
            by_agent.entry((n, ua)).or_default().push((acct, ip, t));
        }
    }
    let mut out = Vec::new();
    for (key, cands) in by_agent {
        let mut near: Vec<(i64, AcctKey)> = ev.near.get(&key).cloned().unwrap_or_default();
        near.sort_unstable();
        for (acct, ip, t) in cands {
            let from = near.partition_point(|e| e.0 < t.saturating_sub(w));
            let mut failed: Vec<AcctKey> = near
                .iter()
                .skip(from)
                .take_while(|e| e.0 <= t.saturating_add(w))
                .filter(|e| e.1 != acct)
                .map(|e| e.1)
                .collect();
            failed.sort_unstable();
            failed.dedup();
            // An account the agent failed on and also logged into there is a resident's who
            // mistyped on the shared device, not an entry of a bot's list.
            let resident = ev
                .logged
                .get(&key)
                .is_some_and(|l| failed.iter().any(|a| l.accts.binary_search(a).is_ok()));
            if !resident && failed.len() >= min_accounts.max(1) as usize {
                let alone = ev.fail_spans.get(&key).is_some_and(|&(first, last)| {
                    first >= t.saturating_sub(w) && last <= t.saturating_add(w)
                });
                out.push(Burst {
                    acct,
                    ip,
                    ts: t,
                    failed,
                    alone,
                });
            }
        }
    }
    // In the candidates' order, whatever the map's.
    out.sort_unstable_by_key(|b| (b.acct, b.ip, b.ts));
    out
}

/// What the check did, for `summary.json`.
#[derive(Debug, Default, Clone, PartialEq, serde::Serialize)]
pub struct AgentCheck {
    /// It ran (false: off in the configuration, or skipped).
    pub ran: bool,
    /// Why it was skipped though on: an input that cannot be read twice (standard input, a
    /// pipe) or that failed the second time.
    pub skipped: Option<String>,
    /// The second reading failed: an input changed or vanished between the two readings (the
    /// run's inputs were not read completely; the reason is `skipped`).
    pub read_failed: bool,
    /// Convictions at addresses where no other account logged in, with a failure there on
    /// another account and a user agent on the login: the night's test of the premise.
    pub unshared: u32,
    /// Of those, logins whose user agent also failed there.
    pub unshared_agreeing: u32,
    /// The premise held and convictions were refused where the check says so.
    pub applied: bool,
    /// Convictions refused.
    pub vetoed: u32,
    /// Of those, refused where the night did not show the premise but the address's own
    /// failures did (`agent_steady_fails_per_agent`).
    pub steady: u32,
    /// Bot user agents (`bot-agent`) found to have residents (`bot_agent_max_residents`):
    /// their convictions were refused.
    pub resident_agents: u32,
    /// The night's lone convictions show its bots changing agents
    /// (`bot_agent_min_agreeing_share`): the bot rules convicted nothing.
    pub agents_rotate: bool,
    /// Where the check did not judge the night: accounts whose `stuffing` or `stuffing-near`
    /// conviction was refused as an owner's beside a bot (`agentless_owner_secs`).
    pub owners_beside_bots: u32,
    /// Wall seconds of the second reading of the logs.
    pub seconds: f64,
}

impl AgentCheck {
    /// Do the night's lone convictions show its bots changing agents: at least
    /// `agent_min_convictions` of them, fewer than `min_share` agreeing?
    pub fn shows_rotation(&self, min_convictions: u32, min_share: f64) -> bool {
        self.unshared >= min_convictions
            && f64::from(self.unshared_agreeing) < min_share * f64::from(self.unshared)
    }

    /// A check that did not run, and why.
    pub fn skipped(why: impl Into<String>) -> AgentCheck {
        AgentCheck {
            skipped: Some(why.into()),
            ..AgentCheck::default()
        }
    }
}

/// The convictions of `wanted` to refuse (account, address), and what the check saw.
pub fn vetoes(
    wanted: &Wanted,
    ev: &Evidence,
    src: &Sources,
    rc: &config::Rules,
) -> (AHashSet<(AcctKey, IpKey)>, AgentCheck) {
    vetoes_of(wanted, wanted, ev, src, rc)
}

/// [`vetoes`] of the convictions `asked`, with the evidence `ev` read for `read` (which holds
/// them: a sweep reads once for all its points).
pub fn vetoes_of(
    asked: &Wanted,
    read: &Wanted,
    ev: &Evidence,
    src: &Sources,
    rc: &config::Rules,
) -> (AHashSet<(AcctKey, IpKey)>, AgentCheck) {
    let mut check = AgentCheck {
        ran: true,
        ..AgentCheck::default()
    };
    // The shared addresses' disagreeing logins, with their address's number.
    let (mut refused, mut lone): (Vec<(AcctKey, IpKey, u32)>, _) = (Vec::new(), Vec::new());
    for &(acct, ip, t) in &asked.logins {
        let (Some(&n), Some(&ua)) = (
            read.ips.get(&ip),
            read.login_index(acct, ip, t).and_then(|i| ev.logins.get(i)),
        ) else {
            continue;
        };
        if ua == NO_AGENT || !other_than(ev.failed.get(n as usize), acct) {
            continue;
        }
        let agrees = other_than(ev.fails.get(&(n, ua)), acct);
        let shared = src.addrs.get(&ip).is_some_and(|s| s.succ_accounts >= 2);
        if !shared {
            check.unshared += 1;
            check.unshared_agreeing += u32::from(agrees);
            if !agrees && asked.lone.binary_search(&(acct, ip, t)).is_ok() {
                lone.push((acct, ip, n));
            }
        } else if !agrees {
            refused.push((acct, ip, n));
        }
    }
    let shown = |share: f64| {
        check.unshared >= rc.agent_min_convictions
            && f64::from(check.unshared_agreeing) >= share * f64::from(check.unshared)
    };
    check.applied = shown(rc.agent_min_agreeing_share);
    if !check.applied {
        // Where the night shows too little and no rotation, only at the addresses whose own
        // failures show the premise (`Evidence::steady_addresses`).
        let steady =
            if check.shows_rotation(rc.agent_min_convictions, rc.bot_agent_min_agreeing_share) {
                AHashSet::new()
            } else {
                ev.steady_addresses(
                    rc.agent_steady_fails_per_agent,
                    rc.agent_steady_min_fails,
                    rc.agent_steady_max_agents,
                )
            };
        refused.retain(|&(_, _, n)| steady.contains(&n));
        check.steady = refused.len() as u32;
    }
    // At a lone address only on a night whose bots nearly always keep their agent there
    // (every refusal is a disagreeing lone conviction, so a share of 1 refuses none).
    // Or where all but `agent_lone_max_disagreeing` of them agree, and most do
    // (`agent_lone_outlier_min_share`): the few that do not are the night's outliers (an owner
    // next to a bot passing their address). (`applied` already asks for
    // `agent_min_convictions` of them.)
    let disagreeing = check.unshared.saturating_sub(check.unshared_agreeing);
    let outliers = rc.agent_lone_max_disagreeing > 0
        && disagreeing <= rc.agent_lone_max_disagreeing
        && shown(rc.agent_lone_outlier_min_share);
    if check.applied && (shown(rc.agent_lone_min_agreeing_share) || outliers) {
        refused.extend(lone);
    }
    check.vetoed = refused.len() as u32;
    (
        refused
            .into_iter()
            .map(|(acct, ip, _)| (acct, ip))
            .collect(),
        check,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An agent's residents: accounts that logged in with it at one address twice, far
    /// enough apart, where it never replayed; the same whatever order the logins come in and
    /// however the readers split them.
    #[test]
    fn residents_are_returning_owners_away_from_replays() {
        let traced: AHashSet<u32> = [7, 8].into_iter().collect();
        let w = Wanted::default().tracing(traced.clone());
        assert!(w.traces(7) && !w.traces(9) && w.traces_any() && !w.is_empty());
        // (agent, account, address, time in ms)
        let logins = [
            (7, 1, 10, 0),
            (7, 1, 10, 3_600_000), // account 1 returns an hour later: a resident
            (7, 2, 20, 0),
            (7, 2, 20, 600_000), // ten minutes: not far enough apart
            (7, 3, 30, 0),
            (7, 3, 30, 7_200_000), // at an address where agent 7 replayed: the bot's own
            (8, 4, 40, 0),
            (8, 4, 41, 7_200_000), // two addresses: no return
        ];
        let replayed = |a: u32, ip: IpKey| a == 7 && ip == 30;
        let want: AHashMap<u32, u32> = [(7, 1)].into_iter().collect();
        for split in 0..=logins.len() {
            let (mut a, mut b) = (Evidence::new(&w), Evidence::new(&w));
            for (i, &(agent, acct, ip, t)) in logins.iter().rev().enumerate() {
                let e = if i < split { &mut a } else { &mut b };
                e.add_traced(agent, acct, ip, t);
            }
            a.merge(b);
            assert_eq!(a.residents(1_800_000, replayed), want, "split {split}");
        }
        let union = Wanted::default().union(w);
        assert!(union.traces(8));
    }

    #[test]
    fn evidence_is_order_free() {
        let w = Wanted::with_bursts(vec![(7, 1, 100), (9, 2, 50)], Vec::new(), 0, Vec::new());
        let events = [
            (5, 1, 10, false, 11),
            (6, 1, 20, false, 11),
            (7, 1, 100, true, 12),
            (7, 1, 100, true, 9),
            (7, 1, 101, true, 3),
            (8, 3, 30, false, 11),
            (9, 2, 40, false, 13),
        ];
        let mut one = Evidence::new(&w);
        for &(a, ip, t, ok, ua) in &events {
            one.add(&w, a, ip, t, ok, ua);
        }
        let (mut x, mut y) = (Evidence::new(&w), Evidence::new(&w));
        for (i, &(a, ip, t, ok, ua)) in events.iter().rev().enumerate() {
            (if i % 2 == 0 { &mut x } else { &mut y }).add(&w, a, ip, t, ok, ua);
        }
        y.merge(x);
        assert_eq!(one, y);
        assert_eq!(one.logins, vec![9, NO_AGENT]);
        let n1 = w.ips.get(&1).copied().unwrap_or(9);
        assert_eq!(one.fails.get(&(n1, 11)), Some(&(5, 6)));
        assert_eq!(one.failed.get(n1 as usize), Some(&(5, 6)));
        assert!(!w.wants_ip(3));
        assert!(w.wants_event(9, 2, 50, true) && !w.wants_event(9, 2, 51, true));
        assert!(w.wants_event(9, 2, 51, false) && !w.wants_event(9, 3, 51, false));
    }

    /// `bot-agent-unleaked`'s logins: the candidate's own agent is a bot's and failed on
    /// another account at its address; the same whatever order the events come in, and for
    /// an asker read through a union.
    #[test]
    fn bot_logins_need_a_bots_agent_failing_there_on_another_account() {
        // Candidates: account 1 at address 10 and account 2 at address 20, both at t = 100.
        let asked = Wanted::with_bursts(
            Vec::new(),
            Vec::new(),
            0,
            vec![(1, 10, 100), (2, 20, 100), (3, 30, 100)],
        );
        let events = [
            // Address 10: agent 7 fails on account 4, then logs into 1.
            (4, 10, 50, false, 7),
            (1, 10, 100, true, 7),
            // Address 20: agent 7 fails only on account 2 itself; agent 8 logs into 2.
            (2, 20, 50, false, 7),
            (2, 20, 100, true, 8),
            // Address 30: agent 9 (no bot's) fails on 5 and logs into 3.
            (5, 30, 50, false, 9),
            (3, 30, 100, true, 9),
        ];
        let bots: AHashMap<u32, (u32, u32)> = [(7, (12, 0)), (8, (12, 0))].into_iter().collect();
        let read = |w: &Wanted, rev: bool| {
            let mut ev = Evidence::new(w);
            let mut order: Vec<_> = events.to_vec();
            if rev {
                order.reverse();
            }
            for (a, ip, t, ok, ua) in order {
                if w.wants_event(a, ip, t, ok) {
                    ev.add(w, a, ip, t, ok, ua);
                }
            }
            ev
        };
        let logins = || asked.agent_logins.iter().copied();
        let want = vec![((1, 10, 100), 7)];
        assert_eq!(
            bot_logins_of(&asked, &read(&asked, false), logins(), &bots),
            want
        );
        assert_eq!(
            bot_logins_of(&asked, &read(&asked, true), logins(), &bots),
            want
        );
        let union = asked.clone().union(Wanted::with_bursts(
            Vec::new(),
            vec![(6, 40, 0)],
            1_000,
            Vec::new(),
        ));
        assert_eq!(
            bot_logins_of(&union, &read(&union, true), logins(), &bots),
            want
        );
        assert!(bot_logins_of(&asked, &read(&asked, false), logins(), &AHashMap::new()).is_empty());
        // Whoever's agent it is: account 3's agent 9 failed there on account 5 too.
        assert_eq!(
            failing_agents_of(&asked, &read(&asked, false), logins()),
            vec![((1, 10, 100), 7), ((3, 30, 100), 9)]
        );
        // Agent 7 alone failed at address 10, agent 9 alone at 30.
        assert_eq!(
            sole_failing_agents_of(&asked, &read(&asked, true), logins()),
            vec![((1, 10, 100), 7), ((3, 30, 100), 9)]
        );
    }

    /// One login (account 1 at address 10, t = 100) whose agent is read, and the evidence of
    /// a failure on account 4 there before it; both events with agent `ua`.
    fn one_login(ua: u64) -> (Wanted, Evidence) {
        let asked = Wanted::with_bursts(Vec::new(), Vec::new(), 0, vec![(1, 10, 100)]);
        let mut ev = Evidence::new(&asked);
        for (a, ip, t, ok) in [(4, 10, 50, false), (1, 10, 100, true)] {
            ev.add(&asked, a, ip, t, ok, ua);
        }
        (asked, ev)
    }

    /// An address is steady with many failures from a handful of agents, read the same in
    /// one reader or two merged; agentless events never reach the evidence (the reader skips
    /// them), and a login is no failure.
    #[test]
    fn steady_addresses_count_failures_per_agent() {
        let asked =
            Wanted::with_bursts(Vec::new(), Vec::new(), 0, vec![(1, 10, 100), (1, 20, 100)]);
        let n10 = asked.ips[&10];
        let mut events: Vec<(AcctKey, IpKey, i64, bool, u64)> = Vec::new();
        for i in 0..12u32 {
            let (acct, t) = (100 + AcctKey::from(i), i64::from(i));
            events.push((acct, 10, t, false, u64::from(7 + i % 2)));
            events.push((acct, 20, t, false, u64::from(7 + i % 6)));
        }
        for i in 0..30u32 {
            events.push((200 + AcctKey::from(i), 10, i64::from(i), true, 99));
        }
        let mut one = Evidence::new(&asked);
        let (mut a, mut b) = (Evidence::new(&asked), Evidence::new(&asked));
        for (k, &(acct, ip, t, ok, ua)) in events.iter().enumerate() {
            one.add(&asked, acct, ip, t, ok, ua);
            if k % 2 == 0 { &mut a } else { &mut b }.add(&asked, acct, ip, t, ok, ua);
        }
        a.merge(b);
        for ev in [&one, &a] {
            // Address 10: 12 failures, 2 agents. Address 20: 12 failures, 6 agents.
            assert_eq!(ev.steady_addresses(4, 10, 16), AHashSet::from_iter([n10]));
            assert_eq!(ev.steady_addresses(2, 10, 16).len(), 2);
            assert_eq!(ev.steady_addresses(2, 10, 5), AHashSet::from_iter([n10]));
            assert!(ev.steady_addresses(4, 13, 16).is_empty());
            assert!(ev.steady_addresses(0, 10, 16).is_empty());
        }
    }

    /// Where another agent failed at the address too, the login's is not the sole one.
    #[test]
    fn a_second_failing_agent_makes_the_address_shared() {
        let (asked, mut ev) = one_login(7);
        let logins = || asked.agent_logins.iter().copied();
        assert_eq!(
            sole_failing_agents_of(&asked, &ev, logins()),
            vec![((1, 10, 100), 7)]
        );
        ev.add(&asked, 5, 10, 150, false, 8);
        assert!(sole_failing_agents_of(&asked, &ev, logins()).is_empty());
        assert_eq!(failing_agents_of(&asked, &ev, logins()).len(), 1);
    }

    /// A login without a user agent (key 0) is never one whose agent failed there, however
    /// many agentless failures the address saw.
    #[test]
    fn failing_agents_need_an_agent() {
        let (asked, ev) = one_login(0);
        assert!(failing_agents_of(&asked, &ev, asked.agent_logins.iter().copied()).is_empty());
    }

    /// A burst is the login's own agent failing on enough other accounts around it, and
    /// logging into none; read the same whatever order the events come in, and through a
    /// union read for several askers.
    #[test]
    fn bursts_need_the_logins_agent_failing_and_never_logging_in() {
        // Candidates: account 1 at address 10 (t = 100 s), account 2 at address 20 (t = 500 s).
        let asked = Wanted::with_bursts(
            Vec::new(),
            vec![(1, 10, 100_000), (2, 20, 500_000)],
            60_000,
            Vec::new(),
        );
        let events = [
            // Address 10: agent 7 fails on accounts 3 and 4 within the minute, and on 5 outside
            // it; another agent logs in.
            (3, 10, 70_000, false, 7),
            (4, 10, 150_000, false, 7),
            (5, 10, 200_000, false, 7),
            (9, 10, 101_000, true, 8),
            (1, 10, 100_000, true, 7),
            // Address 20: agent 7 fails on 3 and 4, but also logs into 6.
            (3, 20, 490_000, false, 7),
            (4, 20, 510_000, false, 7),
            (6, 20, 520_000, true, 7),
            (2, 20, 500_000, true, 7),
        ];
        let read = |w: &Wanted, rev: bool| {
            let mut ev = Evidence::new(w);
            let mut it: Vec<_> = events.to_vec();
            if rev {
                it.reverse();
            }
            for (a, ip, t, ok, ua) in it {
                ev.add(w, a, ip, t, ok, ua);
            }
            ev
        };
        let found = bursts_of(&asked, &asked, &read(&asked, false), 60, 2, |_| false);
        assert_eq!(
            found,
            vec![Burst {
                acct: 1,
                ip: 10,
                ts: 100_000,
                failed: vec![3, 4],
                // Its failure on account 5, 100 s away, lies outside the minute.
                alone: false,
            }]
        );
        assert_eq!(
            bursts_of(&asked, &asked, &read(&asked, true), 60, 2, |_| false),
            found
        );
        // Within two minutes of the login lies every failure of the agent there.
        let wider = bursts_of(&asked, &asked, &read(&asked, true), 120, 2, |_| false);
        assert!(
            wider.len() == 1 && wider.iter().all(|b| b.alone),
            "{wider:?}"
        );
        // Three accounts wanted: none; ten seconds: too few accounts at address 10 (and at 20
        // the agent's login into 6, twenty seconds away, still rules it out: all night counts).
        assert!(bursts_of(&asked, &asked, &read(&asked, false), 60, 3, |_| false).is_empty());
        assert!(bursts_of(&asked, &asked, &read(&asked, false), 10, 2, |_| false).is_empty());
        // Read for a union with a wider window: the same bursts for this asker.
        let wide = Wanted::with_bursts(Vec::new(), vec![(8, 30, 0)], 120_000, Vec::new());
        let union = asked.clone().union(wide);
        assert_eq!(
            bursts_of(&asked, &union, &read(&union, false), 60, 2, |_| false),
            found
        );
        // The agent logs into another account there hours later: no burst (its own logins
        // count all night: a common model others log in with).
        let mut later = read(&asked, false);
        later.add(&asked, 11, 10, 9_000_000, true, 7);
        assert!(bursts_of(&asked, &asked, &later, 60, 2, |_| false).is_empty());
        // ... unless that account is one convicted tonight (the bot's own success).
        assert_eq!(bursts_of(&asked, &asked, &later, 60, 2, |a| a == 11), found);
        // An account it failed on that it also logged into there is a resident's: no burst,
        // convicted elsewhere or not.
        let mut resident = read(&asked, false);
        resident.add(&asked, 3, 10, 9_000_000, true, 7);
        assert!(bursts_of(&asked, &asked, &resident, 60, 2, |a| a == 3).is_empty());
        // Another agent on the login: no burst.
        let mut other = read(&asked, false);
        other.add(&asked, 1, 10, 100_000, true, 2);
        assert!(bursts_of(&asked, &asked, &other, 60, 2, |_| false).is_empty());
    }

    /// The accounts an agent logged into: the same whatever the order and split, none kept
    /// past the cap (then any other account counts).
    #[test]
    fn logged_accounts_are_kept_to_a_cap_in_any_order() {
        let of = |accts: &[AcctKey]| {
            let mut l = Logged::default();
            accts.iter().for_each(|&a| l.add(a));
            l
        };
        let (a, b) = (of(&[3, 1, 2]), of(&[2, 3, 1, 1]));
        assert_eq!(a, b);
        assert_eq!(a.accts, vec![1, 2, 3]);
        let mut m = of(&[1]);
        m.merge(of(&[3, 2]));
        assert_eq!(m, a);
        assert!(!a.other_untaken(1, |x| x != 1));
        assert!(a.other_untaken(1, |x| x == 2));
        let full = of(&[1, 2, 3, 4, 5]);
        let mut split = of(&[5, 4]);
        split.merge(of(&[3, 2, 1]));
        assert_eq!(full, split);
        assert!(full.more && full.accts.is_empty());
        assert!(full.other_untaken(1, |_| true));
    }

    #[test]
    fn other_than_reads_ranges() {
        assert!(!other_than(None, 5));
        assert!(!other_than(Some(&NO_RANGE), 5));
        assert!(!other_than(Some(&(5, 5)), 5));
        assert!(other_than(Some(&(5, 6)), 5));
        assert!(other_than(Some(&(4, 4)), 5));
    }
}
