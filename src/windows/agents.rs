//! Per user agent, over the whole night: at how many addresses it failed with leaked pairs, how
//! often it logged in with a pair in no leak, and the agent of each pair's first leaked-pair
//! login. `bot-agent` ([`crate::rules`]) reads it: a client that replays leaked pairs from many
//! addresses and almost never logs in the way honest users do is a bot's, and so are the
//! leaked-pair logins it made.
//!
//! An agent is a 32-bit hash of its text ([`crate::event::agent_key`]; 0: the event has
//! none). Two agents sharing a key add up: the honest one's logins then hold the pair back (the
//! safe side).

use ahash::{AHashMap, AHashSet};

use crate::event::{Event, IpKey};
use crate::windows::PairKey;

/// What the night's events say of each user agent (see the module's documentation).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct AgentTally {
    /// (agent, address) of failures with a leaked pair, as `agent << 32 | hash(address)`.
    replay_addrs: AHashSet<u64>,
    /// Per agent: successes with a logged pair in no leak.
    clean: AHashMap<u32, u32>,
    /// Per pair with a leaked-pair success (as a 64-bit hash of the pair: 8 bytes a key
    /// instead of 32): (time, agent) of its first.
    leaked_logins: AHashMap<u64, (i64, u32)>,
}

/// Keeps the earlier (time, agent) of a pair's leaked logins: the same whatever the order.
fn keep_first(logins: &mut AHashMap<u64, (i64, u32)>, key: u64, this: (i64, u32)) {
    let first = logins.entry(key).or_insert(this);
    if this < *first {
        *first = this;
    }
}

/// A pair's 64-bit hash (the key of [`AgentTally`]'s leaked logins).
fn pair_hash(k: &PairKey) -> u64 {
    ahash::RandomState::with_seeds(5, 6, 7, 8).hash_one((k.ip, k.acct))
}

/// An address's 32-bit hash (for counting distinct addresses per agent).
pub fn addr_hash(ip: IpKey) -> u64 {
    let h = ahash::RandomState::with_seeds(1, 2, 3, 4).hash_one(ip);
    (h ^ (h >> 32)) & 0xffff_ffff
}

impl AgentTally {
    /// Counts one event (nothing when it has no agent).
    #[inline]
    pub fn add(&mut self, e: &Event) {
        if e.agent == 0 {
            return;
        }
        if e.ok() {
            if e.cred_leaked() {
                let key = pair_hash(&PairKey {
                    ip: e.ip,
                    acct: e.acct,
                });
                keep_first(&mut self.leaked_logins, key, (e.ts_ms, e.agent));
            } else if e.cred_clean() {
                *self.clean.entry(e.agent).or_default() += 1;
            }
        } else if e.cred_leaked() {
            self.replay_addrs
                .insert(u64::from(e.agent) << 32 | addr_hash(e.ip));
        }
    }

    /// How many distinct user agents logged in with a pair in no leak tonight: the night's
    /// honest clients, roughly (one, or a handful, when the log's agent field is a constant).
    pub fn clean_agents(&self) -> usize {
        self.clean.len()
    }

    /// The night's logins with a pair in no leak that carried a user agent.
    pub fn clean_logins(&self) -> u64 {
        self.clean.values().map(|&n| u64::from(n)).sum()
    }

    /// Adds another tally (the result does not depend on the order).
    pub fn merge(&mut self, other: AgentTally) {
        self.replay_addrs.extend(other.replay_addrs);
        for (a, n) in other.clean {
            *self.clean.entry(a).or_default() += n;
        }
        for (k, this) in other.leaked_logins {
            keep_first(&mut self.leaked_logins, k, this);
        }
    }

    /// The bots' agents: those that failed with leaked pairs at `min_addrs` or more addresses
    /// and logged in with a pair in no leak at most once per `addrs_per_clean` of them, each
    /// with those two counts. None when `min_addrs` is 0.
    pub fn bots(&self, min_addrs: u32, addrs_per_clean: u32) -> AHashMap<u32, (u32, u32)> {
        if min_addrs == 0 {
            return AHashMap::new();
        }
        self.replay_counts(|_| true)
            .into_iter()
            .map(|(a, n)| (a, (n, self.clean.get(&a).copied().unwrap_or(0))))
            .filter(|&(_, (n, clean))| {
                n >= min_addrs && u64::from(clean) * u64::from(addrs_per_clean) <= u64::from(n)
            })
            .collect()
    }

    /// The addresses (as [`addr_hash`]) where one of `bots` failed with a leaked pair.
    pub fn addresses_of(&self, bots: &AHashMap<u32, (u32, u32)>) -> AHashSet<u64> {
        self.replay_addrs
            .iter()
            .filter(|&&k| bots.contains_key(&((k >> 32) as u32)))
            .map(|&k| k & 0xffff_ffff)
            .collect()
    }

    /// Of `agents`, each one's count of addresses where it failed with a leaked pair tonight
    /// (0 for an agent that never did).
    pub fn replay_addresses(&self, agents: &AHashSet<u32>) -> AHashMap<u32, u32> {
        if agents.is_empty() {
            return AHashMap::new();
        }
        let mut n = self.replay_counts(|a| agents.contains(&a));
        for &a in agents {
            n.entry(a).or_default();
        }
        n
    }

    /// Per agent that `keep` accepts: the addresses where it failed with a leaked pair.
    fn replay_counts(&self, keep: impl Fn(u32) -> bool) -> AHashMap<u32, u32> {
        let mut n: AHashMap<u32, u32> = AHashMap::new();
        for &k in &self.replay_addrs {
            let a = (k >> 32) as u32;
            if keep(a) {
                *n.entry(a).or_default() += 1;
            }
        }
        n
    }

    /// Did `agent` fail with a leaked pair at address `ip` tonight?
    pub fn replayed_at(&self, agent: u32, ip: IpKey) -> bool {
        self.replay_addrs
            .contains(&(u64::from(agent) << 32 | addr_hash(ip)))
    }

    /// The agent of the pair's first leaked-pair login, if it had one.
    pub fn leaked_login_agent(&self, k: &PairKey) -> Option<u32> {
        self.leaked_logins.get(&pair_hash(k)).map(|&(_, a)| a)
    }

    /// Heap bytes held (an estimate from the tables' capacities).
    pub fn heap_bytes(&self) -> usize {
        self.replay_addrs.capacity() * 9
            + self.clean.capacity() * 9
            + self.leaked_logins.capacity() * (std::mem::size_of::<(u64, (i64, u32))>() + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::flags;

    fn ev(ip: u128, acct: u64, ok: bool, leaked: bool, agent: u32, ts_ms: i64) -> Event {
        let mut f = flags::HAS_CRED;
        if ok {
            f |= flags::OK;
        }
        if leaked {
            f |= flags::CRED_LEAKED;
        }
        Event {
            ts_ms,
            ip,
            acct,
            pw: 0,
            flags: f,
            agent,
        }
    }

    #[test]
    fn a_bot_agent_fails_at_many_addresses_and_rarely_logs_in_clean() {
        let mut t = AgentTally::default();
        for ip in 0..10u128 {
            t.add(&ev(ip, ip as u64, false, true, 7, 0));
            // Twice at one address counts once.
            t.add(&ev(ip, 100 + ip as u64, false, true, 7, 0));
            // An honest agent's leaked failures and clean logins.
            t.add(&ev(ip, ip as u64, false, true, 8, 0));
            t.add(&ev(ip, ip as u64, true, false, 8, 0));
        }
        assert_eq!(t.bots(10, 50), [(7, (10, 0))].into_iter().collect());
        assert!(t.bots(11, 50).is_empty());
        assert!(t.bots(0, 50).is_empty());
        // Addresses per asked agent: 10 each; an agent that never replayed has 0.
        let asked: AHashSet<u32> = [7, 8, 9].into_iter().collect();
        assert_eq!(
            t.replay_addresses(&asked),
            [(7, 10), (8, 10), (9, 0)].into_iter().collect()
        );
        assert!(t.replay_addresses(&AHashSet::new()).is_empty());
        // One clean login per ten addresses: a bot at 10, not at 50 per clean login.
        t.add(&ev(99, 99, true, false, 7, 0));
        assert_eq!(t.bots(10, 10), [(7, (10, 1))].into_iter().collect());
        assert!(t.bots(10, 50).is_empty());
    }

    #[test]
    fn the_first_leaked_login_names_the_pair_agent_whatever_the_order() {
        let k = PairKey { ip: 1, acct: 2 };
        let (a, b) = (ev(1, 2, true, true, 5, 20), ev(1, 2, true, true, 6, 10));
        let mut x = AgentTally::default();
        x.add(&a);
        x.add(&b);
        let mut y = AgentTally::default();
        y.add(&b);
        let mut z = AgentTally::default();
        z.add(&a);
        y.merge(z);
        assert_eq!(x.leaked_login_agent(&k), Some(6));
        assert_eq!(x, y);
        // No agent, nothing counted.
        let mut n = AgentTally::default();
        n.add(&ev(1, 2, true, true, 0, 0));
        assert_eq!(n, AgentTally::default());
    }
}
