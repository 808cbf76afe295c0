//! The attacker's returns to accounts it took: short visits that log into several accounts
//! (`takeover-batch`) and addresses that log into accounts other sources convicted
//! (`takeover-linked`).

use super::night::{Best, Cand, Night};
use super::{Figures, Rule, near, reuse_shape};
use crate::event::{AcctKey, IpKey, is_v4, net_key};
use crate::windows::sources::{SourceKind, SourceStats};
use crate::windows::{PairKey, PairStats};

impl Night<'_> {
    /// Batch takeovers: an address whose whole night is one short visit that logged into
    /// several accounts, every login its pair's only attempt, at least one of them with a
    /// leaked pair (two when it logs into exactly two accounts; with three or more and one
    /// leaked pair, one of its accounts broken into tonight by another source):
    /// `batch_min_accounts` within `batch_window_secs`, or `batch_wide_min_accounts` within
    /// `batch_wide_window_secs` (the attacker's batch of three to five takes minutes). An owner
    /// logs into their own account; a visit that works through several accounts, one pair
    /// each, one from a public leak, and is never seen again that night, is a list being worked
    /// (the attacker's return to accounts it took, or a bot that hit twice). Not in an IPv4 /24 with more than `batch_max_shared_neighbours` other
    /// addresses that two or more accounts logged in from (a carrier pool, where strangers
    /// share addresses). Each login is judged away from its owner network (two housemates
    /// logging in within the window, one with a leaked password, from a home used by nobody
    /// else all night, is the rare case this accepts).
    pub(super) fn takeover_batch(&self, best: &Best) -> Vec<(AcctKey, Cand)> {
        let Night { pairs, src, rc, .. } = *self;
        let tiers = [
            (rc.batch_min_accounts, rc.batch_window_secs),
            (rc.batch_wide_min_accounts, rc.batch_wide_window_secs),
        ];
        // The tier a visit of `accounts` accounts lasting `span` ms meets (its window), if any.
        // On IPv6 a /64 is one home or one phone: two accounts on it within minutes are its
        // household's (a shared tablet, one person's two accounts) as often as a list.
        let tier = |ip: IpKey, accounts: u32, span: i64| {
            let least = if is_v4(ip) {
                2
            } else {
                rc.batch_v6_min_accounts
            };
            tiers
                .iter()
                .filter(|(n, secs)| *n >= 2 && *secs > 0 && accounts >= (*n).max(least))
                .map(|&(_, secs)| secs)
                .find(|&secs| span <= i64::from(secs) * 1000)
        };
        let visits: Vec<(IpKey, &SourceStats, u32)> = src
            .addrs
            .iter()
            .filter(|(_, s)| s.leaked_succ_accounts > 0)
            .filter_map(|(ip, s)| {
                let secs = tier(*ip, s.succ_accounts, s.last_ts.saturating_sub(s.first_ts))?;
                Some((*ip, s, secs))
            })
            .collect();
        if visits.is_empty() {
            return Vec::new();
        }
        // An IPv6 address is one device's temporary address: the home is its /64, and the
        // visit is the /64's whole night (a household's tablet logs in from a fresh address
        // each session).
        let around = self.surroundings(visits.iter().map(|(ip, _, _)| *ip));
        // The visits that also came back to an account another source broke into, and the
        // visits each logged-in account belongs to.
        let (mut cands, mut linked) = (Vec::new(), ahash::AHashSet::new());
        let mut members: ahash::AHashMap<AcctKey, Vec<IpKey>> = ahash::AHashMap::new();
        for (ip, s, secs) in visits {
            if around.shared_neighbours(ip) > rc.batch_max_shared_neighbours
                || !around.lan_within(ip, i64::from(secs) * 1000)
            {
                continue;
            }
            let ip = &ip;
            let logins: Vec<(PairKey, PairStats)> = pairs
                .range_of_ip(*ip)
                .filter_map(|i| Some((pairs.key(i)?, pairs.stats(i)?)))
                .filter(|(_, p)| p.succ() > 0)
                .collect();
            if logins.iter().any(|(_, p)| p.attempts != 1)
                || (logins.len() == 2 && s.leaked_succ_accounts < rc.batch_two_min_leaked)
            {
                continue;
            }
            // People reuse their password on their own accounts; an attacker's victims do not
            // share one: a visit logging into two accounts with one password is their owner's.
            let mut pws: Vec<_> = logins
                .iter()
                .map(|(_, p)| p.first_succ_pw())
                .filter(|&pw| pw != 0)
                .collect();
            pws.sort_unstable();
            if pws.windows(2).any(|w| w.first() == w.last()) {
                continue;
            }
            // One leaked pair among three logins is as often a household's shared device (one
            // honest login in a few is a leaked password) as a list; the list shows itself by a
            // second leaked pair, or as the attacker's return to an account another source
            // broke into tonight.
            let broken_elsewhere = || logins.iter().any(|(k, _)| convicted_elsewhere(best, k));
            if rc.batch_lone_leak_needs_link
                && s.leaked_succ_accounts < rc.batch_two_min_leaked
                && !broken_elsewhere()
            {
                continue;
            }
            if broken_elsewhere() {
                linked.insert(*ip);
            }
            for (k, _) in &logins {
                members.entry(k.acct).or_default().push(k.ip);
            }
            for (k, p) in logins {
                if best.contains_key(&k.acct) {
                    continue;
                }
                let mut f = Figures::of(s, &p);
                f.leaked_logins = s.leaked_succ_accounts;
                f.succ_accounts = s.succ_accounts;
                f.window_secs = secs;
                let t = if p.leaked_succ > 0 {
                    p.first_leaked_succ_ts()
                } else {
                    p.first_succ_ts()
                };
                cands.push((k.acct, (t, Rule::TakeoverBatch, k.ip, SourceKind::Addr, f)));
            }
        }
        let cands = self.not_owner_networks(cands);
        let cands = if rc.batch_household_check {
            let together = self.logged_in_together(best, &members);
            cands
                .into_iter()
                .filter(|(acct, c)| !together.contains(&(*acct, c.2)))
                .collect()
        } else {
            cands
        };
        if rc.batch_seen_elsewhere {
            // A visit that also came back to an account another source broke into is the
            // attacker's return: there an account its bots only tried elsewhere counts as seen.
            self.seen_elsewhere(cands, |visit| !linked.contains(&visit))
        } else {
            cands
        }
    }

    /// [`Night::takeover_linked`] again once every other rule has convicted, until it convicts
    /// nothing more (at most [`LINK_ROUNDS`] passes), adding its convictions to `best`: an
    /// account it convicted at one address, or one a rule after it convicted (the agents'
    /// rules), links the attacker's other addresses that logged into it. Convictions by
    /// `bot-agent` and `bot-agent-unleaked`, made wherever a bot's client logged in, link
    /// nothing (at gen3's and gen15's households they linked the family's shared tablet); no
    /// address is judged the attacker's own host on these passes (`own_hosts`).
    pub(super) fn link_until_settled(&self, best: &mut Best) {
        for _ in 0..LINK_ROUNDS {
            let mut links = best.clone();
            links.retain(|_, c| !matches!(c.1, Rule::BotAgent | Rule::BotAgentUnleaked));
            let found: Vec<(AcctKey, Cand)> = self
                .takeover_linked(&links, false)
                .into_iter()
                .filter(|(acct, _)| !best.contains_key(acct))
                .collect();
            if found.is_empty() {
                return;
            }
            for (acct, cand) in found {
                super::earliest(best, acct, cand);
            }
        }
    }

    /// Linked takeovers: an address that logged into accounts convicted by other sources is the
    /// attacker coming back; its other leaked-pair logins of the same shape are convicted too.
    /// A link by a pair not in the leaks counts after the account's conviction, and when the
    /// count needs one, the convicted login must lie within `linked_visit_secs` of the links (a
    /// victim's owner at a shared address logs in at any hour; the attacker's returns cluster).
    /// When the links are one batch of `linked_batch_secs`, the convicted login must lie within
    /// as much of it (a proxy the attacker visited once is somebody's home).
    ///
    /// `own_hosts` lets an address be judged the attacker's own (`linked_dominant_min_links`
    /// links, at most `linked_dominant_max_strays` accounts no rule convicted): the first pass
    /// only, on the convictions of the rules that read no agents. Later passes count more
    /// links, and a residential proxy the attacker passed many times is still its resident's
    /// home: the one stray there is the resident.
    pub(super) fn takeover_linked(&self, best: &Best, own_hosts: bool) -> Vec<(AcctKey, Cand)> {
        let Night { pairs, src, rc, .. } = *self;
        if rc.linked_min_accounts == 0 {
            return Vec::new();
        }
        // Per address: accounts convicted elsewhere that it logged into, and the times of those
        // logins (the attacker's returns; their span is its visit), sorted below.
        let mut linked: ahash::AHashMap<IpKey, Links> = ahash::AHashMap::new();
        let mut returns: ahash::AHashMap<IpKey, Vec<i64>> = ahash::AHashMap::new();
        // Per address: its logins into accounts convicted there (with the links, the share of
        // its accounts that are the attacker's).
        let mut here: ahash::AHashMap<IpKey, Here> = ahash::AHashMap::new();
        // The attacker holds the pair and does not mistype it; an owner who fails first and
        // then logs in (their own account, convicted elsewhere) links nothing.
        pairs.scan_keyed(
            &mut (&mut linked, &mut returns, &mut here),
            |_, k| best.contains_key(&k.acct),
            |_, _, p| p.fails == 0 && p.succ() > 0,
            |(linked, returns, here), k, p| {
                let Some(b) = best.get(&k.acct) else {
                    return;
                };
                if !convicted_elsewhere(best, &k) {
                    let h = here.entry(k.ip).or_insert(Here {
                        accounts: 0,
                        first: i64::MAX,
                        last: i64::MIN,
                    });
                    h.accounts += 1;
                    h.first = h.first.min(p.first_succ_ts());
                    h.last = h.last.max(p.last_succ_ts());
                    return;
                }
                // A leaked pair the attacker held all along; a password it got some other way
                // (guessed, sprayed, its private list) counts once it had it: a login after the
                // conviction (its owner logs in at any hour).
                let t = if p.leaked_succ > 0 {
                    p.first_leaked_succ_ts()
                } else if p.succ() > 0 && p.last_succ_ts() > b.0 {
                    p.last_succ_ts()
                } else {
                    return;
                };
                let e = linked.entry(k.ip).or_default();
                e.all += 1;
                e.leaked += u32::from(p.leaked_succ > 0);
                e.after += u32::from(t > b.0);
                returns.entry(k.ip).or_default().push(t);
            },
        );
        for times in returns.values_mut() {
            times.sort_unstable();
        }
        // On a carrier pool's address the attacker's proxy and honest subscribers meet by
        // chance: its logins beside the links are as likely theirs.
        let around = self.surroundings(linked.keys().copied());
        linked.retain(|ip, _| around.shared_neighbours(*ip) <= rc.linked_max_shared_neighbours);
        let batch_ms = i64::from(rc.linked_batch_secs) * 1000;
        let visit_ms = i64::from(rc.linked_visit_secs) * 1000;
        let stay_ms = i64::from(rc.linked_dominant_stay_secs) * 1000;
        let mut extra = Vec::new();
        pairs.scan_keyed(
            &mut extra,
            |_, k| !best.contains_key(&k.acct) && linked.contains_key(&{ k.ip }),
            |_, _, p| p.fails == 0,
            |extra, k, p| {
                let Links {
                    all: n,
                    leaked: n_leaked,
                    after: n_after,
                } = linked.get(&{ k.ip }).copied().unwrap_or_default();
                let times = returns.get(&{ k.ip }).map_or(&[][..], Vec::as_slice);
                let (Some(&lo), Some(&hi)) = (times.first(), times.last()) else {
                    return;
                };
                // Links that are one short batch are one visit of the attacker (a residential
                // proxy it passed through): only logins beside that batch are its; the address's
                // residents log in there at other hours.
                let one_batch = batch_ms > 0 && hi.saturating_sub(lo) <= batch_ms;
                let reach = if one_batch { batch_ms } else { visit_ms };
                let in_visit =
                    |t: i64| t >= lo.saturating_sub(reach) && t <= hi.saturating_add(reach);
                // A pair that is not in the leaks (the attacker's private list) counts only inside
                // the attacker's visit, and there only beside one of the returns themselves: the
                // address's honest resident logs in at other times, and at an exit that the
                // attacker's sessions pass all day (a visit from morning to night) so do the
                // exit's honest users.
                let Some(s) = src.addrs.get(&{ k.ip }) else {
                    return;
                };
                // Where nearly every account that logged in is one the attacker took, the address
                // is its own (a host it rents, a proxy nobody else uses), and its other logins
                // while it was there (between its first and last return) are its too. Honest
                // users at an exit the attacker passed are several, or log in before or after
                // its visits.
                let h = here.get(&{ k.ip }).copied();
                let taken = n.saturating_add(h.map_or(0, |h| h.accounts));
                let (from, to) = h.map_or((lo, hi), |h| (lo.min(h.first), hi.max(h.last)));
                // An attacker that kept returning for half an hour or more owns the host: its
                // other logins that night are its too, before or after those returns. A short
                // visit is a proxy's or an exit's, whose user logs in at other hours.
                let stayed = stay_ms > 0 && to.saturating_sub(from) >= stay_ms;
                let dominated = own_hosts
                    && rc.linked_dominant_min_links > 0
                    && n >= rc.linked_dominant_min_links
                    && s.succ_accounts.saturating_sub(taken) <= rc.linked_dominant_max_strays
                    && (stayed || (p.first_succ_ts() <= to && p.last_succ_ts() >= from));
                let clean_in_visit = p.clean_succ > 0
                    && (dominated || (p.attempts == 1 && near(times, p.first_succ_ts(), reach)));
                // Links by pairs not in the leaks may be the victims' owners at a shared address:
                // when the count needs them, the login must fall inside the visit too.
                let needs_visit = n_leaked < rc.linked_min_accounts;
                // Where residents log in with their own passwords (accounts logged into with pairs
                // in no leak beyond the links made so), a leaked-pair login hours from the
                // attacker's visits is as likely an exposed resident's.
                let residents = rc.linked_residents_need_visit
                    && s.clean_succ_accounts > n.saturating_sub(n_leaked);
                if n == 0
                    || best.contains_key(&k.acct)
                    || (p.leaked_succ == 0 && !clean_in_visit)
                    || (p.leaked_succ > 0
                        && (one_batch || residents || (needs_visit && n_leaked < n))
                        // At the attacker's own host the links made with pairs in no leak are
                        // its returns, not owners sharing the address: no visit needed.
                        && !dominated
                        && !in_visit(p.first_leaked_succ_ts()))
                    || p.fails > 0
                {
                    return;
                }
                // One convicted account is enough when the address's whole night is one short visit
                // (the attacker's batch) that came back to it after its takeover; an owner's home
                // shows housemates' logins at other hours, and a housemate of a victim logs in
                // beside its owner before the attacker as often as after.
                // On IPv6, as for `takeover-batch`: the visit is the /64's whole night, and two
                // accounts on one home's or one phone's /64 are its household's.
                let visit = rc.linked_single_visit
                    && batch_ms > 0
                    && n_after > 0
                    && s.last_ts.saturating_sub(s.first_ts) <= batch_ms
                    && (is_v4(k.ip) || s.succ_accounts >= rc.batch_v6_min_accounts)
                    && around.lan_within(k.ip, batch_ms);
                // Where bots fail on many accounts, the address is an exit many actors share.
                let exit = s.fail_only_accounts > rc.linked_max_fail_only_accounts;
                if (n >= rc.linked_min_accounts || visit) && reuse_shape(s, rc) && !exit {
                    let f = Figures {
                        leaked_logins: n,
                        ..Figures::of(s, &p)
                    };
                    extra.push((
                        k.acct,
                        (
                            if p.leaked_succ > 0 {
                                p.first_leaked_succ_ts()
                            } else {
                                p.first_succ_ts()
                            },
                            Rule::TakeoverLinked,
                            k.ip,
                            SourceKind::Addr,
                            f,
                        ),
                    ));
                }
            },
        );
        extra
    }

    /// The (account, visit) of `members` (each account's visits) whose account logged in
    /// tonight at another place with another account of the same visit: an address (on IPv6
    /// its /64) that no conviction came from and where no account only failed. Accounts that
    /// come home together are one household's or one person's (the IPv6 side of a dual-stack
    /// home, a family tablet on its trip, one person's two accounts); an attacker's victims
    /// share no home. One pass over the pairs.
    fn logged_in_together(
        &self,
        best: &Best,
        members: &ahash::AHashMap<AcctKey, Vec<IpKey>>,
    ) -> ahash::AHashSet<(AcctKey, IpKey)> {
        let mut found = ahash::AHashSet::new();
        if members.is_empty() {
            return found;
        }
        let home = |ip: IpKey| net_key(ip, 32, 64);
        let convicted: ahash::AHashSet<IpKey> = best.values().map(|c| c.2).collect();
        let clean = |ip: IpKey| {
            !convicted.contains(&ip)
                && self
                    .src
                    .addrs
                    .get(&ip)
                    .is_none_or(|s| s.fail_only_accounts == 0)
        };
        // (visit, home) -> the visit's accounts that logged in there.
        let mut met: ahash::AHashMap<(IpKey, IpKey), Vec<AcctKey>> = ahash::AHashMap::new();
        self.pairs.scan_keyed(
            &mut met,
            |_, k| members.contains_key(&k.acct),
            |_, k, p| {
                p.succ() > 0
                    && members
                        .get(&k.acct)
                        .is_some_and(|visits| visits.iter().any(|&v| home(v) != home(k.ip)))
                    && clean(k.ip)
            },
            |met, k, _| {
                for &v in members.get(&k.acct).into_iter().flatten() {
                    if home(v) != home(k.ip) {
                        met.entry((v, home(k.ip))).or_default().push(k.acct);
                    }
                }
            },
        );
        for ((visit, _), mut accts) in met {
            accts.sort_unstable();
            accts.dedup();
            if accts.len() >= 2 {
                found.extend(accts.into_iter().map(|a| (a, visit)));
            }
        }
        found
    }
}

/// The most passes [`Night::link_until_settled`] makes (each scans the pairs up to three
/// times): a bound on the work a night of hosts chained one to the next could ask for.
const LINK_ROUNDS: usize = 8;

/// Is the pair's account convicted by another source than the pair's address?
fn convicted_elsewhere(best: &Best, k: &PairKey) -> bool {
    best.get(&k.acct)
        .is_some_and(|b| !(b.3 == SourceKind::Addr && b.2 == k.ip))
}

/// An address's logins into accounts convicted at the address itself.
#[derive(Debug, Clone, Copy)]
struct Here {
    /// Such accounts.
    accounts: u32,
    /// The first of their logins there.
    first: i64,
    /// The last of their logins there.
    last: i64,
}

/// What an address's logins into accounts convicted elsewhere (its links) add up to.
#[derive(Debug, Clone, Copy, Default)]
struct Links {
    /// Links.
    all: u32,
    /// Links by a leaked pair.
    leaked: u32,
    /// Links after the account's conviction.
    after: u32,
}
