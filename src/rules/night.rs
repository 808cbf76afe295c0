//! What the passes of `decide` that look past one source read (the night), and the pieces
//! they share: the owner-network and seen-elsewhere checks, what surrounds a set of
//! addresses, the pool filter of `guessing`. The passes live beside this file: `brute` (brute
//! force spread over addresses), `hit_and_run` (logins read against the address's failed
//! triples), `returns` (the attacker's returns to accounts other sources convicted) and
//! `lockout` (the attacker who changed the password); `scheduled` filters `stuffing-near` at
//! a scheduled service's addresses.

use super::{Figures, Rule, config};
use crate::event::{AcctKey, IpKey, is_v4, net_key};
use crate::windows::sources::{SourceKind, Sources};
use crate::windows::{PairKey, PairStats, SortedPairs, Windows};

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
    /// Keeps the candidates whose account logged in from no other address of the login's owner
    /// network (`owner_net_v4_prefix`, `owner_net_v6_prefix`) that night: a carrier's pool or an
    /// ISP's block the owner moves around in.
    pub(super) fn not_owner_networks(&self, cands: Vec<(AcctKey, Cand)>) -> Vec<(AcctKey, Cand)> {
        let owner = self.owner_logins_elsewhere(&cands);
        cands
            .into_iter()
            .filter(|(acct, c)| !owner.contains(&(*acct, c.2)))
            .collect()
    }

    /// The (account, login address) of `cands` whose account logged in that night from
    /// another address of the login's owner network (`owner_net_v4_prefix`,
    /// `owner_net_v6_prefix`).
    pub(super) fn owner_logins_elsewhere(
        &self,
        cands: &[(AcctKey, Cand)],
    ) -> ahash::AHashSet<(AcctKey, IpKey)> {
        let (v4, v6) = (self.rc.owner_net_v4_prefix, self.rc.owner_net_v6_prefix);
        self.accounts_elsewhere(cands, |ip, at, p| {
            p.succ() > 0 && at.ip != ip && net_key(ip, v4, v6) == net_key(at.ip, v4, v6)
        })
    }

    /// Keeps the candidates whose account was logged into from another address that night
    /// (tried, for a login at an address where `logged_in` says no): the attacker coming back
    /// to an account it took tonight; an account logged into at the visit's address alone is
    /// its household's (a shared tablet whose family uses it nowhere else, though a bot may
    /// have failed on it elsewhere: until session 24 any attempt elsewhere counted, and 6
    /// family-device logins on 297 labelled sets were convicted for a bot's failure
    /// elsewhere). One pass over the pairs.
    pub(super) fn seen_elsewhere(
        &self,
        cands: Vec<(AcctKey, Cand)>,
        logged_in: impl Fn(IpKey) -> bool + Sync,
    ) -> Vec<(AcctKey, Cand)> {
        let seen = self.accounts_elsewhere(&cands, |ip, at, p| {
            at.ip != ip && (p.succ() > 0 || !logged_in(ip))
        });
        cands
            .into_iter()
            .filter(|(acct, c)| seen.contains(&(*acct, c.2)))
            .collect()
    }

    /// The (account, login address) of `cands` whose account has a pair `at` (its key) with
    /// `other(login address, at, pair)`: one pass over the pairs.
    pub(super) fn accounts_elsewhere(
        &self,
        cands: &[(AcctKey, Cand)],
        other: impl Fn(IpKey, &PairKey, &PairStats) -> bool + Sync,
    ) -> ahash::AHashSet<(AcctKey, IpKey)> {
        let mut found: ahash::AHashSet<(AcctKey, IpKey)> = ahash::AHashSet::new();
        if cands.is_empty() {
            return found;
        }
        let mut want: ahash::AHashMap<AcctKey, Vec<IpKey>> = ahash::AHashMap::new();
        for (acct, c) in cands {
            want.entry(*acct).or_default().push(c.2);
        }
        self.pairs.scan_keyed(
            &mut found,
            |_, k| want.contains_key(&k.acct),
            |_, k, p| {
                want.get(&k.acct)
                    .is_some_and(|ips| ips.iter().any(|&ip| other(ip, k, p)))
            },
            |found, k, p| {
                for &ip in want.get(&k.acct).into_iter().flatten() {
                    if other(ip, &k, &p) {
                        found.insert((k.acct, ip));
                    }
                }
            },
        );
        found
    }

    /// The owner-agent check (`own_agent_check`): drops the candidates of the rules that stand
    /// on failures at the login's address (convicted by the address) whose login was the
    /// pair's first with a leaked pair, made with the user agent the account first logged in
    /// with, with a leaked pair, elsewhere tonight: the owner's own device, whose current
    /// password is in a leak, at an address a bot replays from. Either at
    /// `own_agent_min_addresses` other addresses or more anywhere, when the agent failed at the
    /// login's address with no leaked pair (there `own_agent_min_succ_accounts` accounts logged
    /// in) and replayed leaked pairs at no more than `own_agent_max_replay_addresses` addresses
    /// tonight; or, whatever the agent did, at `own_agent_net_min_addresses` other addresses of
    /// the login's owner network (`owner_net_v4_prefix`, `owner_net_v6_prefix`) earlier that
    /// night. Read from the night's agent tally: no second reading is needed.
    ///
    /// Returns the candidates kept and the accounts of those dropped (for the exposed list's
    /// reason).
    pub(super) fn not_own_agents(
        &self,
        cands: Vec<(AcctKey, Cand)>,
    ) -> (Vec<(AcctKey, Cand)>, ahash::AHashSet<AcctKey>) {
        let none = ahash::AHashSet::new();
        if !self.rc.own_agent_check {
            return (cands, none);
        }
        let tally = self.w.agents();
        let judged = |c: &Cand| c.3 == SourceKind::Addr && super::agents::subject(c.1);
        // (account, address, agent, time) of the logins the check can judge, and whether the
        // check anywhere may ask about them.
        let logins: Vec<((AcctKey, IpKey, u32, i64), bool)> = cands
            .iter()
            .filter(|(_, c)| judged(c))
            .filter_map(|&(acct, ref c)| {
                let key = PairKey { ip: c.2, acct };
                let p = self.pairs.stats(self.pairs.position(&key)?)?;
                let shared =
                    self.src.addrs.get(&c.2)?.succ_accounts >= self.rc.own_agent_min_succ_accounts;
                let agent = tally.leaked_login_agent(&key)?;
                (p.leaked_succ > 0 && p.first_leaked_succ_ts() == c.0).then_some((
                    (acct, c.2, agent, c.0),
                    shared && !tally.replayed_at(agent, c.2),
                ))
            })
            .collect();
        if logins.is_empty() {
            return (cands, none);
        }
        let asked: Vec<(AcctKey, IpKey, u32)> = logins
            .iter()
            .filter(|l| l.1)
            .map(|&((acct, ip, agent, _), _)| (acct, ip, agent))
            .collect();
        let agents: ahash::AHashSet<u32> = asked.iter().map(|l| l.2).collect();
        let replays = tally.replay_addresses(&agents);
        let quiet: Vec<(AcctKey, IpKey, u32)> = asked
            .into_iter()
            .filter(|l| {
                replays.get(&l.2).copied().unwrap_or(0) <= self.rc.own_agent_max_replay_addresses
            })
            .collect();
        let mut own = self.own_agent_logins(&quiet, self.rc.own_agent_min_addresses);
        if self.rc.own_agent_net_min_addresses > 0 {
            let (v4, v6) = (self.rc.owner_net_v4_prefix, self.rc.owner_net_v6_prefix);
            let timed: Vec<_> = logins.iter().map(|l| l.0).collect();
            own.extend(self.agent_logins_where(
                &timed,
                self.rc.own_agent_net_min_addresses,
                |ip, t, at, p| {
                    net_key(ip, v4, v6) == net_key(at, v4, v6) && p.first_leaked_succ_ts() < t
                },
            ));
        }
        let (dropped, kept): (Vec<_>, Vec<_>) = cands
            .into_iter()
            .partition(|(acct, c)| judged(c) && own.contains(&(*acct, c.2)));
        (kept, dropped.into_iter().map(|(acct, _)| acct).collect())
    }

    /// Of `logins` (account, address, user agent), those whose account logged in with a leaked
    /// pair at `min` (at least 1) or more other addresses tonight, the first time at each with
    /// that same agent: the owner's own device (one pass over the pairs).
    pub(super) fn own_agent_logins(
        &self,
        logins: &[(AcctKey, IpKey, u32)],
        min: u32,
    ) -> ahash::AHashSet<(AcctKey, IpKey)> {
        let timed: Vec<_> = logins.iter().map(|&(a, ip, g)| (a, ip, g, 0)).collect();
        self.agent_logins_where(&timed, min, |_, _, _, _| true)
    }

    /// [`Night::own_agent_logins`] of timed logins (account, address, user agent, time),
    /// counting only the other addresses `at` (with the account's pair `p` there) for which
    /// `other(login address, login time, at, p)` holds.
    fn agent_logins_where(
        &self,
        logins: &[(AcctKey, IpKey, u32, i64)],
        min: u32,
        other: impl Fn(IpKey, i64, IpKey, &PairStats) -> bool + Sync,
    ) -> ahash::AHashSet<(AcctKey, IpKey)> {
        let mut seen: ahash::AHashMap<(AcctKey, IpKey), u32> = ahash::AHashMap::new();
        if logins.is_empty() {
            return ahash::AHashSet::new();
        }
        let mut want: ahash::AHashMap<AcctKey, Vec<(IpKey, u32, i64)>> = ahash::AHashMap::new();
        for &(acct, ip, agent, t) in logins {
            want.entry(acct).or_default().push((ip, agent, t));
        }
        let tally = self.w.agents();
        // Each other address is one pair of the account: counted once.
        self.pairs.scan_keyed_map(
            &mut seen,
            |_, k| want.contains_key(&k.acct),
            |_, k, p| {
                let asked = want.get(&k.acct).filter(|_| p.leaked_succ > 0)?;
                let agent = tally.leaked_login_agent(k)?;
                Some(
                    asked
                        .iter()
                        .filter(|&&(ip, a, t)| a == agent && ip != k.ip && other(ip, t, k.ip, p))
                        .map(|&(ip, _, _)| (k.acct, ip))
                        .collect::<Vec<_>>(),
                )
            },
            |seen, hits| {
                for h in hits {
                    *seen.entry(h).or_default() += 1;
                }
            },
        );
        let min = min.max(1);
        seen.into_iter()
            .filter(|&(_, n)| n >= min)
            .map(|(k, _)| k)
            .collect()
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
        // An attacker's own addresses (dedicated, failing on `guess_min_accounts` accounts or
        // more) are no pool's: an account it logs into from two of them hops nowhere.
        let own = |ip: &IpKey| {
            self.src.addrs.get(ip).is_some_and(|s| {
                s.fail_only_accounts >= self.rc.guess_min_accounts
                    && super::judge::dedicated(s, self.rc)
            })
        };
        // (The blocks `seen` holds stay as they are: their accounts change, not the keys.)
        self.pairs.scan(
            &mut seen,
            |seen, k, p| {
                p.succ() > 0 && is_v4(k.ip) && seen.contains_key(&block(k.ip)) && !own(&{ k.ip })
            },
            |seen, k, _| {
                if let Some(accts) = seen.get_mut(&block(k.ip)) {
                    *accts.entry(k.acct).or_default() += 1;
                }
            },
        );
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
    pub(super) fn surroundings(&self, ips: impl Iterator<Item = IpKey>) -> Surroundings {
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
        // (The blocks and LANs `around` holds stay as they are: their figures change, not the
        // keys.)
        self.pairs.scan(
            &mut around,
            |around, k, p| {
                if is_v4(k.ip) {
                    p.succ() > 0 && around.shared.contains_key(&block(k.ip))
                } else {
                    around.lans.contains_key(&lan(k.ip))
                }
            },
            |around, k, p| {
                if !is_v4(k.ip) {
                    if let Some(s) = around.lans.get_mut(&lan(k.ip)) {
                        s.0 = s.0.min(p.first_ts());
                        s.1 = s.1.max(p.last_ts());
                    }
                    return;
                }
                match &mut run {
                    Some((ip, n)) if *ip == k.ip => *n += 1,
                    _ => flush(run.replace((k.ip, 1)), &mut around.shared),
                }
            },
        );
        flush(run, &mut around.shared);
        around
    }
}

/// An IPv4 address's /24: its block of neighbours.
pub(super) fn block(ip: IpKey) -> IpKey {
    net_key(ip, 24, 128)
}

/// An IPv6 address's /64: one subscriber's LAN (or one phone).
pub(super) fn lan(ip: IpKey) -> IpKey {
    net_key(ip, 32, 64)
}

/// What [`Night::surroundings`] found around a set of addresses.
#[derive(Default)]
pub(super) struct Surroundings {
    /// Per IPv4 /24: its addresses that two or more accounts logged in from.
    shared: ahash::AHashMap<IpKey, u32>,
    /// Per IPv6 /64: the first and last attempt of the night.
    lans: ahash::AHashMap<IpKey, (i64, i64)>,
}

impl Surroundings {
    /// Other addresses of `ip`'s /24 that two or more accounts logged in from (0 for IPv6).
    pub(super) fn shared_neighbours(&self, ip: IpKey) -> u32 {
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
    pub(super) fn lan_within(&self, ip: IpKey, ms: i64) -> bool {
        is_v4(ip)
            || self
                .lans
                .get(&lan(ip))
                .is_some_and(|(lo, hi)| hi.saturating_sub(*lo) <= ms)
    }
}
