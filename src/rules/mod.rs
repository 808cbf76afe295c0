//! Verdicts: which accounts an attacker logged into, each with the evidence that decided it.
//!
//! Every rule looks at one login (a pair with a success) and the source it came from, at the
//! address level and, for networks of several addresses, at the network level. A rule fires only
//! on behaviour honest users do not produce: leaked pairs failing on other accounts from the same
//! source, one password failing across many accounts, many failures on one account, a source
//! whose accounts mostly only fail. A source that is mostly honest (a NAT, a proxy) convicts
//! only the logins that sit right next to its attack traffic, never the whole address.

mod agentless;
pub mod agents;
mod bots;
mod brute;
mod chance;
pub mod config;
mod crowd;
mod hit_and_run;
mod in_step;
mod judge;
mod list_run;
mod lockout;
mod night;
mod returns;
mod scheduled;
mod verdict;

use crate::event::{AcctKey, IpKey, is_v4, key_ip, net_key};
use crate::windows::sources::{SourceKind, SourceStats, Sources};
use crate::windows::{PairKey, PairStats, RowTable, SortedPairs, Windows};
pub use chance::{binomial_tail, replays_needed};
pub use config::Config;
use in_step::{not_shared_passwords, while_guessing, while_spraying};
use judge::{behaviour, login_after_failures, logins_in_run};
pub use judge::{dedicated, judge, reuse, reuse_bound, reuse_shape, typed_addresses};
use night::{Best, Cand};
pub use verdict::{AttackSource, Figures, Rule, SourceFigures, Verdict, Verdicts};
use verdict::{reason, source_name};

/// The reason of an exposed account whose conviction the user-agent check refused.
const REFUSED_REASON: &str = "logged in with a leaked pair; a conviction was refused: the login \
     came from a user agent that failed nowhere at its shared address";

/// The reason of an exposed account whose conviction the owner-agent check dropped.
const OWNER_REASON: &str = "logged in with a leaked pair; a conviction was refused: the login's \
     user agent is the account's own (its leaked-pair logins with it at other addresses)";

/// The reason of an exposed account whose conviction was refused beside a bot where no user
/// agent could tell them apart ([`night::Night::owners_beside_bots`]).
const BESIDE_REASON: &str = "logged in with a leaked pair; a conviction was refused: its owner \
     logs in from the same network elsewhere, and no failure at this shared address came within \
     seconds of the login (no user agents told the bot's client from the owner's)";

/// The reason of an exposed account whose `bot-agent` conviction was refused.
const REFUSED_BOT_REASON: &str = "logged in with a leaked pair; a bot-agent conviction was \
     refused: owners log in at home with that user agent too";

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
    pairs.scan_keyed(
        &mut found,
        |_, k| best.contains_key(&k.acct),
        |_, k, p| {
            best.get(&k.acct).is_some_and(|&(t, _, net, kind, _)| {
                kind == SourceKind::Net
                    && net_key(k.ip, v4, v6) == net
                    && p.succ() > 0
                    && (p.first_succ_ts() == t || p.first_leaked_succ_ts() == t)
            })
        },
        // Pairs come sorted by address: the first found is the lowest.
        |found, k, _| {
            found.entry(k.acct).or_insert(k.ip);
        },
    );
    found
}

/// Is a time in `sorted` (ascending) within `reach` of `t`?
fn near(sorted: &[i64], t: i64, reach: i64) -> bool {
    let i = sorted.partition_point(|&x| x < t.saturating_sub(reach));
    sorted.get(i).is_some_and(|&x| x <= t.saturating_add(reach))
}

/// Decides every account of the night (without the second reading: see [`convict_first`]).
pub fn decide(w: &Windows, pairs: &SortedPairs, src: &Sources, cfg: &Config) -> Verdicts {
    let refused = ahash::AHashSet::new();
    let (mut best, owners) = convict(
        w,
        pairs,
        src,
        cfg,
        &judge_pairs(w, pairs, src, cfg),
        &refused,
    );
    night::Night {
        w,
        pairs,
        src,
        rc: &cfg.rules,
    }
    .link_until_settled(&mut best);
    let c = Convictions {
        best,
        refused,
        refused_bots: ahash::AHashSet::new(),
        owners,
        beside: ahash::AHashSet::new(),
    };
    report(w, pairs, src, cfg, &c)
}

/// The night's convictions after the user-agent check: what [`list`] turns into verdicts.
pub struct Convictions {
    /// Every convicted account's earliest conviction.
    best: Best,
    /// The convictions the check refused (account, address).
    refused: ahash::AHashSet<(AcctKey, IpKey)>,
    /// Accounts whose `bot-agent` conviction was refused (its agent has residents).
    refused_bots: ahash::AHashSet<AcctKey>,
    /// Accounts with a conviction the owner-agent check dropped (`Night::not_own_agents`).
    owners: ahash::AHashSet<AcctKey>,
    /// Accounts with a conviction refused beside a bot where the user-agent check did not judge
    /// the night (`Night::owners_beside_bots`).
    beside: ahash::AHashSet<AcctKey>,
}

/// The night's first convictions, and what the second reading of the logs must look for
/// ([`agents`]): the convictions the user-agent check applies to, and the candidates of the
/// rules that read agents (`hit-and-run-agent` and `-leaked`, `bot-agent-unleaked`, the
/// one-agent hit-and-run rules, `list-run`). [`settle`] finishes them with what the reading found.
pub struct Pending {
    best: Best,
    wanted: agents::Wanted,
    bursts: Vec<(AcctKey, Cand)>,
    bots: Vec<(AcctKey, Cand)>,
    one_agent: Vec<(AcctKey, Cand)>,
    runs: Vec<(AcctKey, Cand)>,
    judged: Judged,
    owners: ahash::AHashSet<AcctKey>,
}

impl Pending {
    /// What the second reading must look for (empty: no reading is needed).
    pub fn wanted(&self) -> &agents::Wanted {
        &self.wanted
    }
}

/// [`decide`]'s convictions, and what the user-agent check and the rules that read agents ask
/// the second reading for.
pub fn convict_first(w: &Windows, pairs: &SortedPairs, src: &Sources, cfg: &Config) -> Pending {
    let rc = &cfg.rules;
    let judged = judge_pairs(w, pairs, src, cfg);
    let (best, owners) = convict(w, pairs, src, cfg, &judged, &ahash::AHashSet::new());
    let night = night::Night { w, pairs, src, rc };
    let bursts = night.agent_burst_candidates(&best);
    let bots = night.bot_agent_unleaked_candidates(&best);
    let one_agent = night.one_agent_candidates(&best);
    let runs = night.list_run_candidates(&best);
    let checked = best
        .iter()
        .filter(|_| rc.agent_check)
        .map(|(&acct, (t, rule, ip, kind, _))| {
            (acct, *t, *rule, *ip, *kind, agents::lone_subject(*rule))
        });
    // The bots' agents are traced (their residents read) when a bot rule has something to
    // convict; those with no login with a pair in no leak need not be: owners who come back
    // to such an agent at home would be many, and nearly all of them with passwords in no
    // leak. (Tracing reads every line's agent: +0.18 s on the 1 GB bench.)
    let traced = if !bots.is_empty() || best.values().any(|c| c.1 == Rule::BotAgent) {
        night
            .bot_agents()
            .into_iter()
            .filter(|&(_, (_, clean))| clean > 0)
            .map(|(a, _)| a)
            .collect()
    } else {
        ahash::AHashSet::new()
    };
    let wanted = agents::Wanted::with_candidates(
        checked,
        logins_of(&bursts).collect(),
        rc.agent_burst_secs,
        logins_of(&bots)
            .chain(logins_of(&one_agent))
            .chain(logins_of(&runs))
            .collect(),
        traced,
    );
    Pending {
        best,
        wanted,
        bursts,
        bots,
        one_agent,
        runs,
        judged,
        owners,
    }
}

/// The logins (account, address, time) of candidate convictions.
fn logins_of(cands: &[(AcctKey, Cand)]) -> impl Iterator<Item = (AcctKey, IpKey, i64)> + '_ {
    cands.iter().map(|(acct, c)| (*acct, c.2, c.0))
}

/// What the second reading decided of a [`Pending`] ([`settle`]): the refused convictions and
/// the bursts' logins, before the second round of convictions
/// ([`Settled::convict_again`]).
pub struct Settled {
    best: Best,
    judged: Judged,
    owners: ahash::AHashSet<AcctKey>,
    refused: ahash::AHashSet<(AcctKey, IpKey)>,
    found: Vec<(AcctKey, Cand)>,
    /// Accounts whose `bot-agent` conviction is refused: its agent has residents.
    refused_bots: ahash::AHashSet<AcctKey>,
    /// Accounts refused beside a bot where the check did not judge the night.
    beside: ahash::AHashSet<AcctKey>,
}

/// Settles `pending` with the second reading's evidence and the seconds it took (read for
/// `read`, which holds what `pending` wanted; `None`: for `pending` itself), or why there is
/// none (the check is skipped and no burst convicts): which convictions the user-agent check
/// refuses and which bursts' logins are convicted. The evidence is not needed afterwards: a
/// caller that owns it frees it before [`Settled::convict_again`].
pub fn settle(
    w: &Windows,
    pairs: &SortedPairs,
    src: &Sources,
    cfg: &Config,
    pending: Pending,
    read: Option<&agents::Wanted>,
    evidence: Result<(&agents::Evidence, f64), String>,
) -> (Settled, agents::AgentCheck) {
    let rc = &cfg.rules;
    let Pending {
        best,
        wanted,
        bursts,
        bots,
        one_agent,
        runs,
        judged,
        owners,
    } = pending;
    let night = night::Night { w, pairs, src, rc };
    let (mut refused, mut check, found, refused_bots) = match evidence {
        Ok((ev, seconds)) => {
            let read = read.unwrap_or(&wanted);
            let (refused, check) = if rc.agent_check {
                agents::vetoes_of(&wanted, read, ev, src, rc)
            } else {
                (ahash::AHashSet::new(), agents::AgentCheck::default())
            };
            let found = agents::bursts_of(
                &wanted,
                read,
                ev,
                rc.agent_burst_secs,
                // Bursts of one account or more when the leaked tier is on (its convictions
                // judge the count: `Night::agent_burst_convictions`).
                if rc.agent_burst_leaked {
                    1
                } else {
                    rc.agent_burst_min_accounts
                },
                |a| best.contains_key(&a),
            );
            let mut found = night.agent_burst_convictions(&bursts, &found);
            // Bot agents that residents use too are no bot's alone: their convictions go.
            let tally = w.agents();
            let residents = ev.residents(i64::from(rc.bot_agent_resident_secs) * 1000, |a, ip| {
                tally.replayed_at(a, ip)
            });
            let resident = |a: &u32| {
                residents
                    .get(a)
                    .is_some_and(|&n| n > rc.bot_agent_max_residents)
            };
            let mut bot_agents = night.bot_agents();
            let resident_agents = bot_agents.keys().filter(|a| resident(a)).count() as u32;
            bot_agents.retain(|a, _| !resident(a));
            // A night whose bots change agents has no bot agents: an agent failing at many
            // addresses is a string they drew, and its logins are its users'.
            let rotate =
                check.shows_rotation(rc.agent_min_convictions, rc.bot_agent_min_agreeing_share);
            if rotate {
                bot_agents.clear();
            }
            let refused_bots: ahash::AHashSet<AcctKey> = best
                .iter()
                .filter(|&(&acct, c)| {
                    c.1 == Rule::BotAgent
                        && (rotate
                            || tally
                                .leaked_login_agent(&PairKey { ip: c.2, acct })
                                .is_some_and(|a| resident(&a)))
                })
                .map(|(&acct, _)| acct)
                .collect();
            let bot_logins = agents::bot_logins_of(read, ev, logins_of(&bots), &bot_agents);
            found.extend(night.not_crowd_chance(night.bot_agent_unleaked_convictions(
                &bots,
                &bot_logins,
                &bot_agents,
            )));
            let agreeing = agents::sole_failing_agents_of(read, ev, logins_of(&one_agent));
            found.extend(night::Night::confirmed(&one_agent, &agreeing));
            let running = agents::run_agents_of(read, ev, logins_of(&runs));
            found.extend(night::Night::confirmed(&runs, &running));
            let check = agents::AgentCheck {
                seconds,
                resident_agents,
                agents_rotate: rotate,
                ..check
            };
            (refused, check, found, refused_bots)
        }
        Err(why) => (
            ahash::AHashSet::new(),
            agents::AgentCheck::skipped(why),
            Vec::new(),
            ahash::AHashSet::new(),
        ),
    };
    // Where the check did not judge the night (it refused nothing then), the owners beside
    // its bots are told apart by their own networks instead.
    let beside_logins = if check.applied {
        Vec::new()
    } else {
        night.owners_beside_bots(&judged.addr)
    };
    let beside: ahash::AHashSet<AcctKey> = beside_logins.iter().map(|&(a, _)| a).collect();
    refused.extend(beside_logins);
    check.owners_beside_bots = beside.len() as u32;
    let settled = Settled {
        best,
        judged,
        owners,
        refused,
        found,
        refused_bots,
        beside,
    };
    (settled, check)
}

impl Settled {
    /// The convictions: the night convicted again without the refused ones (if any), and the
    /// bursts' logins.
    pub fn convict_again(
        self,
        w: &Windows,
        pairs: &SortedPairs,
        src: &Sources,
        cfg: &Config,
    ) -> Convictions {
        let Settled {
            best,
            judged,
            owners,
            refused,
            found,
            refused_bots,
            beside,
        } = self;
        let (mut best, owners) = if refused.is_empty() {
            (best, owners)
        } else {
            drop(best);
            crate::mem::release_free_memory();
            convict(w, pairs, src, cfg, &judged, &refused)
        };
        drop(judged);
        best.retain(|acct, c| !(c.1 == Rule::BotAgent && refused_bots.contains(acct)));
        for (acct, cand) in found {
            earliest(&mut best, acct, cand);
        }
        // The linked pass saw the convictions made before it; its own and those of the rules
        // after it (the agents' among them) link the attacker's other hosts too.
        night::Night {
            w,
            pairs,
            src,
            rc: &cfg.rules,
        }
        .link_until_settled(&mut best);
        Convictions {
            best,
            refused,
            refused_bots,
            owners,
            beside,
        }
    }
}

/// The convictions of [`decide`] with the second reading (see [`convict_first`] and
/// [`settle`]): `read` reads the logs again for what is wanted and gives the evidence with
/// the seconds it took (or why it could not: the check is then skipped). No output list is
/// built yet ([`list`]): the caller may free what only the convictions needed first.
pub fn convict_checking(
    w: &Windows,
    pairs: &SortedPairs,
    src: &Sources,
    cfg: &Config,
    read: impl FnOnce(&agents::Wanted) -> Result<(agents::Evidence, f64), String>,
) -> (Convictions, agents::AgentCheck) {
    let pending = convict_first(w, pairs, src, cfg);
    let got = if pending.wanted.is_empty() {
        Ok((agents::Evidence::new(&pending.wanted), 0.0))
    } else {
        read(&pending.wanted)
    };
    let (settled, check) = match got {
        Ok((ev, seconds)) => settle(w, pairs, src, cfg, pending, None, Ok((&ev, seconds))),
        Err(why) => settle(w, pairs, src, cfg, pending, None, Err(why)),
    };
    // The evidence is freed before the night is convicted again.
    (settled.convict_again(w, pairs, src, cfg), check)
}

/// The verdict lists of convictions `c`: compromised, exposed and attack sources. The
/// failed-password triples are not read: [`Windows::release_spray`] may have freed them.
pub fn list(
    w: &Windows,
    pairs: &SortedPairs,
    src: &Sources,
    cfg: &Config,
    c: &Convictions,
) -> Verdicts {
    report(w, pairs, src, cfg, c)
}

/// The pair judging's candidates after its filters, by address and by network: where
/// [`convict`] starts, the same whatever it refuses (judged once for both of a night's
/// convictions).
struct Judged {
    addr: Vec<(AcctKey, Cand)>,
    net: Vec<(AcctKey, Cand)>,
    /// Accounts whose candidate the owner-agent check dropped.
    owners: ahash::AHashSet<AcctKey>,
}

/// Judges every pair (in parallel) and filters the candidates: see [`Judged`].
fn judge_pairs(w: &Windows, pairs: &SortedPairs, src: &Sources, cfg: &Config) -> Judged {
    let rc = &cfg.rules;
    let v6 = cfg.networks.v6_prefix;
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
    let night = night::Night { w, pairs, src, rc };
    let v4 = cfg.networks.v4_prefix;
    let addr_cands = night.not_roaming_devices(addr_cands, v4, v6);
    let (addr_cands, owners) =
        night.not_own_agents(not_shared_passwords(addr_cands, pairs, src, rc));
    let addr = night.not_crowd_chance(night.off_schedules(night.off_pools(while_spraying(
        while_guessing(addr_cands, pairs, src, rc),
        w,
        pairs,
        rc,
    ))));
    let net = if cfg.networks.enabled {
        let net_cands: Vec<(AcctKey, Cand)> = src
            .net_pairs
            .par_iter()
            .filter_map(|(k, p)| judge_one(*k, p, &src.nets, SourceKind::Net))
            .collect();
        while_guessing(
            not_shared_passwords(night.not_roaming_devices(net_cands, v4, v6), pairs, src, rc),
            pairs,
            src,
            rc,
        )
    } else {
        Vec::new()
    };
    Judged { addr, net, owners }
}

/// Every account's earliest conviction, from the judged pairs `judged` and the passes that
/// look past one pair, passing over the `refused` ones; and the accounts with a candidate the
/// owner-agent check dropped (`judged`'s and the hit-and-run pass's).
fn convict(
    w: &Windows,
    pairs: &SortedPairs,
    src: &Sources,
    cfg: &Config,
    judged: &Judged,
    refused: &ahash::AHashSet<(AcctKey, IpKey)>,
) -> (Best, ahash::AHashSet<AcctKey>) {
    let rc = &cfg.rules;
    // Best (earliest) verdict per account.
    let mut best = Best::new();
    let consider = |best: &mut Best, acct: AcctKey, cand: Cand| {
        if cand.3 == SourceKind::Addr
            && agents::subject(cand.1)
            && refused.contains(&(acct, cand.2))
        {
            return;
        }
        earliest(best, acct, cand);
    };
    let night = night::Night { w, pairs, src, rc };
    for (acct, cand) in judged.addr.iter().chain(&judged.net) {
        consider(&mut best, *acct, cand.clone());
    }
    for (acct, cand) in night.brute_force_sources(&best) {
        consider(&mut best, acct, cand);
    }
    let (hit_and_run, mut owners) = night.not_own_agents(night.hit_and_run(&best));
    for (acct, cand) in hit_and_run {
        consider(&mut best, acct, cand);
    }
    owners.extend(judged.owners.iter().copied());
    for (acct, cand) in night.takeover_batch(&best) {
        consider(&mut best, acct, cand);
    }
    for (acct, cand) in night.takeover_lockout(&best) {
        consider(&mut best, acct, cand);
    }
    // Linked takeovers: the attacker coming back to accounts convicted by other sources (run
    // again to a fixpoint once every other rule has convicted: `link_until_settled`).
    for (acct, cand) in night.takeover_linked(&best, true) {
        consider(&mut best, acct, cand);
    }
    // Leaked-pair logins by a bot's user agent that no rule above convicted (last: its convictions
    // link nothing for takeover-linked, which at gen3's households gave 3 false to 1 true).
    for (acct, cand) in night.bot_agent(&best) {
        consider(&mut best, acct, cand);
    }
    // The judging passes' candidate lists were filled on the pool's threads and are freed:
    // hand their pages back before the lists are allocated.
    crate::mem::release_free_memory();
    (best, owners)
}

/// Keeps `cand` as the account's conviction when it is the earliest (ties: rule, source).
fn earliest(best: &mut Best, acct: AcctKey, cand: Cand) {
    let e = best.entry(acct).or_insert_with(|| cand.clone());
    if (cand.0, cand.1, cand.2, cand.3) < (e.0, e.1, e.2, e.3) {
        *e = cand;
    }
}

/// The verdict lists of the convictions `best`: compromised, exposed (with the reason of a
/// refused conviction where the user-agent check refused one) and the attack sources.
fn report(
    w: &Windows,
    pairs: &SortedPairs,
    src: &Sources,
    cfg: &Config,
    c: &Convictions,
) -> Verdicts {
    let Convictions {
        best,
        refused,
        refused_bots,
        owners,
        beside,
    } = c;
    let rc = &cfg.rules;
    let (v4, v6) = (cfg.networks.v4_prefix, cfg.networks.v6_prefix);
    let mut out = Verdicts::default();
    let mut per_source: ahash::AHashMap<(IpKey, SourceKind), u32> = ahash::AHashMap::new();
    let net_logins = net_login_addresses(best, pairs, v4, v6);
    // Lists allocated once at their size (see the attack sources below).
    out.compromised.reserve_exact(best.len());
    for (acct, (t, rule, ip, kind, f)) in best {
        let Some(user) = w.user(*acct) else { continue };
        let source = source_name(*ip, *kind, v4, v6);
        *per_source.entry((*ip, *kind)).or_default() += 1;
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
    let refused_accounts: ahash::AHashSet<AcctKey> = refused.iter().map(|&(a, _)| a).collect();
    // Per account: time, address, attempts and failures of its earliest leaked-pair login.
    let mut exposed: ahash::AHashMap<AcctKey, (i64, IpKey, u32, u32)> = ahash::AHashMap::new();
    pairs.scan(
        &mut exposed,
        |_, k, p| p.leaked_succ > 0 && !best.contains_key(&k.acct),
        |exposed, k, p| {
            let this = (p.first_leaked_succ_ts(), k.ip, p.attempts, p.fails);
            let e = exposed.entry(k.acct).or_insert(this);
            if (this.0, this.1) < (e.0, e.1) {
                *e = this;
            }
        },
    );
    out.exposed.reserve_exact(exposed.len());
    for (acct, (t, ip, attempts, fails)) in exposed {
        let Some(user) = w.user(acct) else { continue };
        let mut f = Figures {
            pair_attempts: attempts,
            pair_fails: fails,
            ..Figures::default()
        };
        // The address's own figures, for the analyst who reads the list: how near it came to
        // an attack source (a kept address: it has a leaked-pair login).
        if let Some(s) = src.addrs.get(&ip) {
            f = f.with_source(s);
            f.leaked_logins = s.leaked_succ_accounts;
            f.window_secs = rc.stuffing_window_secs;
            f.replays_near = s.replays_near(t, i64::from(rc.stuffing_window_secs) * 1000) as u32;
        }
        out.exposed.push(Verdict {
            user: user.to_string(),
            ts_ms: t,
            ip,
            addr: Some(ip),
            source: key_ip(ip).to_string(),
            kind: SourceKind::Addr,
            rule: Rule::Exposed,
            reason: if refused_bots.contains(&acct) {
                REFUSED_BOT_REASON.to_string()
            } else if beside.contains(&acct) {
                BESIDE_REASON.to_string()
            } else if refused_accounts.contains(&acct) {
                REFUSED_REASON.to_string()
            } else if owners.contains(&acct) {
                OWNER_REASON.to_string()
            } else {
                reason(Rule::Exposed, &f)
            },
            figures: f,
        });
    }
    // Attack sources.
    // Counted first, so that the list is allocated once (a doubling vector leaves its old
    // blocks behind as freed but resident memory).
    let listed = |ip: &IpKey, s: &SourceStats, kind: SourceKind| {
        let c = per_source.get(&(*ip, kind)).copied().unwrap_or(0);
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
                let source = source_name(*ip, kind, v4, v6);
                out.sources.push(AttackSource {
                    source,
                    kind,
                    behaviour: b,
                    compromised: c,
                    stats: SourceFigures::from(s),
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
        .sort_unstable_by(|a, b| (a.kind, &a.source).cmp(&(b.kind, &b.source)));
    out
}

#[cfg(test)]
mod tests {
    use super::near;

    #[test]
    fn near_finds_a_time_within_reach_either_side() {
        let times = [100, 500, 2_000];
        assert!(near(&times, 100, 0));
        assert!(near(&times, 560, 60) && near(&times, 440, 60));
        assert!(!near(&times, 561, 60) && !near(&times, 1_200, 600));
        assert!(near(&times, 1_400, 600));
        assert!(!near(&[], 0, i64::MAX));
        assert!(!near(&[i64::MIN], i64::MAX, i64::MAX));
    }
}
