//! `bot-agent`: a leaked-pair login made with a bot's user agent. A client that failed with
//! leaked pairs at many addresses tonight and almost never logged in with a pair in no leak (the
//! way honest users, who type their own passwords, log in all the time) is a credential-stuffing
//! tool's; the leaked pairs it got into are the attacker's, wherever it made them from. The
//! tally is the windows stage's ([`crate::windows::agents`]).
//!
//! `bot-agent-unleaked`: the same bot logging in with a pair in no leak (from a dump the
//! service does not know) at an address where its agent failed on other accounts. The
//! window state does not say which agent a clean login had, so the candidates go to the
//! user-agent check's second reading ([`super::agents`]).

use super::night::{Best, Cand, Night};
use super::{Figures, Rule};
use crate::event::{AcctKey, IpKey};
use crate::windows::agents::addr_hash;
use crate::windows::sources::SourceKind;

impl Night<'_> {
    /// The night's bots' user agents, each with the addresses where it failed with a leaked
    /// pair and its logins with pairs in no leak (see `bot_agent_min_addresses`).
    pub(super) fn bot_agents(&self) -> ahash::AHashMap<u32, (u32, u32)> {
        self.w.agents().bots(
            self.rc.bot_agent_min_addresses,
            self.rc.bot_agent_addresses_per_clean_login,
        )
    }

    /// Leaked-pair logins, each its pair's only attempt, of accounts no other rule convicted,
    /// whose user agent is a bot's: it failed with leaked pairs at `bot_agent_min_addresses` or
    /// more addresses and logged in with a pair in no leak at most once per
    /// `bot_agent_addresses_per_clean_login` of them.
    pub(super) fn bot_agent(&self, best: &Best) -> Vec<(AcctKey, Cand)> {
        let Night { w, pairs, src, .. } = *self;
        let tally = w.agents();
        let bots = self.bot_agents();
        if bots.is_empty() {
            return Vec::new();
        }
        let mut cands = Vec::new();
        // The agent's figures found once per pair, in the pool's filter, and carried to the push.
        pairs.scan_map(
            &mut cands,
            |_, k, p| {
                if p.leaked_succ == 0 || p.attempts != 1 || best.contains_key(&k.acct) {
                    return None;
                }
                let &figures = tally.leaked_login_agent(k).and_then(|a| bots.get(&a))?;
                Some((*k, *p, figures))
            },
            |cands, (k, p, (addrs, clean))| {
                let Some(s) = src.addrs.get(&{ k.ip }) else {
                    return;
                };
                let f = Figures {
                    agent_replay_addrs: addrs,
                    agent_clean_logins: clean,
                    ..Figures::of(s, &p)
                };
                cands.push((
                    k.acct,
                    (
                        p.first_leaked_succ_ts(),
                        Rule::BotAgent,
                        k.ip,
                        SourceKind::Addr,
                        f,
                    ),
                ));
            },
        );
        if !self.rc.bot_agent_own_device {
            return cands;
        }
        let own = self.own_devices(&cands);
        cands
            .into_iter()
            .filter(|(acct, c)| !own.contains(&(*acct, c.2)))
            .collect()
    }

    /// The (account, address) of the leaked-pair logins `cands` whose account logged in
    /// earlier tonight at another address with a leaked pair and the same user agent: the
    /// owner's device moving between networks.
    fn own_devices(&self, cands: &[(AcctKey, Cand)]) -> ahash::AHashSet<(AcctKey, IpKey)> {
        let tally = self.w.agents();
        // Per candidate login: its agent and time.
        let logins: ahash::AHashMap<(AcctKey, IpKey), (u32, i64)> = cands
            .iter()
            .filter_map(|(acct, c)| {
                let key = crate::windows::PairKey {
                    ip: c.2,
                    acct: *acct,
                };
                Some(((*acct, c.2), (tally.leaked_login_agent(&key)?, c.0)))
            })
            .collect();
        self.accounts_elsewhere(cands, |ip, at, p| {
            at.ip != ip
                && p.leaked_succ > 0
                && logins.get(&(at.acct, ip)).is_some_and(|&(agent, t)| {
                    p.first_leaked_succ_ts() < t && tally.leaked_login_agent(at) == Some(agent)
                })
        })
    }

    /// How many of the logins with a pair in no leak at address `ip` chance alone gives an
    /// agent that made `clean` of the night's `night_clean` such logins: the accounts that
    /// logged in there with a pair in no leak, times the agent's share.
    fn agent_chance(&self, ip: IpKey, clean: u32, night_clean: u64) -> f64 {
        let here = self.src.addrs.get(&ip).map_or(0, |s| s.clean_succ_accounts);
        f64::from(here) * f64::from(clean) / night_clean.max(1) as f64
    }

    /// The candidates of `bot-agent-unleaked`: logins with a pair in no leak, each its pair's
    /// only attempt, of accounts no rule convicted, at addresses where a bot's user agent
    /// failed with a leaked pair. The second reading gives each one's agent; the login is
    /// the bot's when it is a bot's agent and it failed there on another account
    /// ([`super::agents::bot_logins_of`]): the attacker holds the pair from a dump the
    /// service does not know.
    pub(super) fn bot_agent_unleaked_candidates(&self, best: &Best) -> Vec<(AcctKey, Cand)> {
        let Night { w, pairs, src, rc } = *self;
        if !rc.bot_agent_unleaked {
            return Vec::new();
        }
        let tally = w.agents();
        let bots = self.bot_agents();
        if bots.is_empty() {
            return Vec::new();
        }
        let at = tally.addresses_of(&bots);
        let mut cands = Vec::new();
        pairs.scan(
            &mut cands,
            |_, k, p| {
                p.clean_succ > 0
                    && p.leaked_succ == 0
                    && p.attempts == 1
                    && !best.contains_key(&k.acct)
                    && at.contains(&addr_hash(k.ip))
            },
            |cands, k, p| {
                if let Some(s) = src.addrs.get(&{ k.ip }) {
                    let c = (
                        p.first_succ_ts(),
                        Rule::BotAgentUnleaked,
                        k.ip,
                        SourceKind::Addr,
                        Figures::of(s, &p),
                    );
                    cands.push((k.acct, c));
                }
            },
        );
        cands
    }

    /// The candidates of [`Night::bot_agent_unleaked_candidates`] that the second reading
    /// found to be the bot's (`found`: the login and its agent), with the agent's figures from
    /// `bots` ([`Night::bot_agents`]); not where chance alone would put the agent on
    /// `bot_agent_unleaked_max_chance` of the address's honest logins or more
    /// ([`Night::agent_chance`]).
    pub(super) fn bot_agent_unleaked_convictions(
        &self,
        cands: &[(AcctKey, Cand)],
        found: &[((AcctKey, IpKey, i64), u32)],
        bots: &ahash::AHashMap<u32, (u32, u32)>,
    ) -> Vec<(AcctKey, Cand)> {
        let found: ahash::AHashMap<(AcctKey, IpKey, i64), u32> = found.iter().copied().collect();
        let max = self.rc.bot_agent_unleaked_max_chance;
        let night_clean = self.w.agents().clean_logins();
        cands
            .iter()
            .filter_map(|(acct, c)| {
                let agent = found.get(&(*acct, c.2, c.0))?;
                let &(addrs, clean) = bots.get(agent)?;
                if max > 0.0 && self.agent_chance(c.2, clean, night_clean) >= max {
                    return None;
                }
                let mut c = c.clone();
                c.4.agent_replay_addrs = addrs;
                c.4.agent_clean_logins = clean;
                Some((*acct, c))
            })
            .collect()
    }
}
