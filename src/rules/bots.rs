//! `bot-agent`: a leaked-pair login made with a bot's user agent. A client that failed with
//! leaked pairs at many addresses tonight and almost never logged in with a pair in no leak (the
//! way honest users, who type their own passwords, log in all the time) is a credential-stuffing
//! tool's; the leaked pairs it got into are the attacker's, wherever it made them from. The
//! tally is the windows stage's ([`crate::windows::agents`]).

use super::night::{Cand, Night};
use super::{Figures, Rule};
use crate::event::AcctKey;
use crate::windows::sources::SourceKind;

impl Night<'_> {
    /// Leaked-pair logins, each its pair's only attempt, of accounts no other rule convicted,
    /// whose user agent is a bot's: it failed with leaked pairs at `bot_agent_min_addresses` or
    /// more addresses and logged in with a pair in no leak at most once per
    /// `bot_agent_addresses_per_clean_login` of them.
    pub(super) fn bot_agent(&self, best: &super::night::Best) -> Vec<(AcctKey, Cand)> {
        let Night { w, pairs, src, rc } = *self;
        let tally = w.agents();
        let bots = tally.bots(
            rc.bot_agent_min_addresses,
            rc.bot_agent_addresses_per_clean_login,
        );
        if bots.is_empty() {
            return Vec::new();
        }
        let mut cands = Vec::new();
        pairs.scan(
            &mut cands,
            |_, k, p| {
                p.leaked_succ > 0
                    && p.attempts == 1
                    && !best.contains_key(&k.acct)
                    && tally
                        .leaked_login_agent(k)
                        .is_some_and(|a| bots.contains_key(&a))
            },
            |cands, k, p| {
                let Some(s) = src.addrs.get(&{ k.ip }) else {
                    return;
                };
                let Some(&(addrs, clean)) = tally.leaked_login_agent(&k).and_then(|a| bots.get(&a))
                else {
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
        cands
    }
}
