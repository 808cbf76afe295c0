//! The crowd check of the rules that convict a login with a pair in no leak beside a bot's
//! failures: in a network busy with honest logins, a bot's failing address and an honest login
//! meet by chance.
//!
//! `hit-and-run-unleaked`, `hit-and-run-unleaked-agent` and `bot-agent-unleaked` convict a
//! login with a pair in no leak at an address where a bot failed on other accounts (the last
//! when the login's agent is the bot's, which a shop's checker copies from the shop's own app).
//! In a carrier's pool during a crowd (a sale at seven, a match at half time), honest
//! subscribers log in at so many of the pool's addresses a minute that some land where a bot
//! just failed. The check asks how many such meetings chance alone would give in the login's
//! owner network: for each of the network's failing addresses (failures, at most one account
//! logged in), the network's logins (each pair's first) within `crowd_window_secs` of the
//! address's failures, over the network's addresses (at most 1), summed. When that expectation
//! is `crowd_chance_ratio` times the network's candidates of those rules or more, they are
//! chance, not a bot's finds.
//!
//! `stuffing-near` and `hit-and-run` convict a leaked-pair login beside a bot's failures: the
//! honest login that meets the bot by chance there is an exposed user's, so the same
//! expectation counts times the night's share of logins made with leaked pairs
//! ([`crate::windows::sources::Sources::exposure`]), against `crowd_leaked_chance_ratio` times
//! the rule's candidates in the network, each rule's apart (session 29: a flash sale's exposed
//! shoppers).

use super::night::{Cand, Night};
use super::{Rule, config};
use crate::event::{AcctKey, IpKey, net_key, net_last};

/// A pair of the network: (address, first failure, first login), `i64::MAX` for none.
type NetPair = (IpKey, i64, i64);

/// Networks found crowded, each for the candidates with pairs in no leak (`false`) or with
/// leaked pairs (`true`).
type Crowded = ahash::AHashSet<(IpKey, bool)>;

/// The networks whose pairs a scan is reading (network, its last address, its pairs so far),
/// and the crowded networks so far.
#[derive(Debug, Default)]
struct NetRuns {
    /// The networks still open: the scan has not passed their last address.
    open: Vec<(IpKey, IpKey, Vec<NetPair>)>,
    /// Networks found crowded.
    crowded: Crowded,
}

/// Which crowd check judges a rule's candidates, if one does: `Some(false)` the rules that
/// convict a login with a pair in no leak (`crowd_chance_ratio`), `Some(true)` those that
/// convict a leaked-pair login (`crowd_leaked_chance_ratio`).
fn judged(rule: Rule) -> Option<bool> {
    match rule {
        Rule::HitAndRunUnleaked | Rule::HitAndRunUnleakedAgent | Rule::BotAgentUnleaked => {
            Some(false)
        }
        Rule::HitAndRun | Rule::StuffingNear => Some(true),
        _ => None,
    }
}

/// The number of honest meetings chance gives a network, from its pairs: for each failing
/// address (a failure there, at most one account logged in), the logins at the network's
/// other addresses within `window_ms` of its failures (each pair's first failure), over the
/// network's addresses, at most 1 each. Sorts `pairs`.
fn expected_meetings(pairs: &mut [NetPair], window_ms: i64) -> f64 {
    pairs.sort_unstable();
    let mut logins: Vec<i64> = pairs
        .iter()
        .map(|p| p.2)
        .filter(|&t| t != i64::MAX)
        .collect();
    logins.sort_unstable();
    let mut addresses = 0u32;
    // Failing addresses: (first failure, last failure, the address's own login if any: at
    // most one account logged in there, so at most one pair's first login).
    let mut failing: Vec<(i64, i64, Option<i64>)> = Vec::new();
    for run in pairs.chunk_by(|a, b| a.0 == b.0) {
        addresses = addresses.saturating_add(1);
        let mut own = run.iter().map(|p| p.2).filter(|&t| t != i64::MAX);
        let (login, second) = (own.next(), own.next());
        let fails = run.iter().map(|p| p.1).filter(|&t| t != i64::MAX);
        if let (Some(first), Some(last), None) = (fails.clone().min(), fails.max(), second) {
            failing.push((first, last, login));
        }
    }
    if addresses == 0 {
        return 0.0;
    }
    let n = f64::from(addresses);
    // Two binary searches per failing address, whatever its span: a busy network's address
    // failing morning and night costs no more than one failing once.
    failing
        .iter()
        .map(|&(first, last, login)| {
            let (lo, hi) = (
                first.saturating_sub(window_ms),
                last.saturating_add(window_ms),
            );
            let from = logins.partition_point(|&t| t < lo);
            let to = logins.partition_point(|&t| t <= hi);
            let own = usize::from(login.is_some_and(|t| (lo..=hi).contains(&t)));
            (to.saturating_sub(from).saturating_sub(own) as f64 / n).min(1.0)
        })
        .sum()
}

impl Night<'_> {
    /// Drops the `hit-and-run-unleaked`, `hit-and-run-unleaked-agent` and
    /// `bot-agent-unleaked` candidates of an owner network (`owner_net_v4_prefix`,
    /// `owner_net_v6_prefix`) where chance alone puts `crowd_chance_ratio` times as many
    /// honest logins beside the network's failing addresses as there are such candidates in
    /// `cands`; and the `stuffing-near` and `hit-and-run` ones where that many exposed users'
    /// logins (the expectation times the night's share of leaked-pair logins) are
    /// `crowd_leaked_chance_ratio` times theirs (see the module). Each call counts the
    /// candidates it is given: `stuffing-near`'s (with the judged pairs) and `hit-and-run`'s
    /// (with its own pass) are judged apart. One pass over the pairs, only when there are such
    /// candidates, holding one network's pairs at a time.
    pub(super) fn not_crowd_chance(&self, cands: Vec<(AcctKey, Cand)>) -> Vec<(AcctKey, Cand)> {
        let rc: &config::Rules = self.rc;
        if rc.crowd_window_secs == 0 {
            return cands;
        }
        // A check whose ratio is 0 is off: its rules' candidates are not judged.
        let ratio = |leaked: bool| {
            if leaked {
                rc.crowd_leaked_chance_ratio
            } else {
                rc.crowd_chance_ratio
            }
        };
        let class = |rule: Rule| judged(rule).filter(|&leaked| ratio(leaked) > 0.0);
        let net = |ip: IpKey| net_key(ip, rc.owner_net_v4_prefix, rc.owner_net_v6_prefix);
        // Per network: its candidates with pairs in no leak, and with leaked pairs.
        let mut count: ahash::AHashMap<IpKey, (u32, u32)> = ahash::AHashMap::new();
        for (_, c) in &cands {
            if let Some(leaked) = class(c.1) {
                let n = count.entry(net(c.2)).or_default();
                if leaked {
                    n.1 += 1;
                } else {
                    n.0 += 1;
                }
            }
        }
        if count.is_empty() {
            return cands;
        }
        let exposure = self.src.exposure;
        // The pairs come in address order and a network is a range of addresses, so a
        // network is complete once the scan passes its last address: only the networks open
        // at that point are held (one or two; an IPv6 network at a short prefix spans the
        // IPv4 block and stays open across it), not every candidate network's pairs.
        let window_ms = i64::from(rc.crowd_window_secs) * 1000;
        let judge = |n: IpKey, pairs: &mut Vec<NetPair>, crowded: &mut Crowded| {
            let e = expected_meetings(pairs, window_ms);
            let (k, kl) = count.get(&n).copied().unwrap_or((0, 0));
            if k > 0 && e >= ratio(false) * f64::from(k) {
                crowded.insert((n, false));
            }
            if kl > 0 && e * exposure >= ratio(true) * f64::from(kl) {
                crowded.insert((n, true));
            }
        };
        let mut runs = NetRuns::default();
        self.pairs.scan_keyed(
            &mut runs,
            |_, k| count.contains_key(&net(k.ip)),
            |_, _, _| true,
            |runs, k, p| {
                let (ip, n) = (k.ip, net(k.ip));
                let NetRuns { open, crowded } = runs;
                open.retain_mut(|(m, end, pairs)| {
                    let done = *end < ip;
                    if done {
                        judge(*m, pairs, crowded);
                    }
                    !done
                });
                let at = match open.iter().position(|o| o.0 == n) {
                    Some(at) => at,
                    None => {
                        let end = net_last(ip, rc.owner_net_v4_prefix, rc.owner_net_v6_prefix);
                        open.push((n, end, Vec::new()));
                        open.len() - 1
                    }
                };
                if let Some(o) = open.get_mut(at) {
                    o.2.push((ip, p.first_fail_ts(), p.first_succ_ts()));
                }
            },
        );
        let NetRuns { open, mut crowded } = runs;
        for (n, _, mut pairs) in open {
            judge(n, &mut pairs, &mut crowded);
        }
        cands
            .into_iter()
            .filter(|(_, c)| class(c.1).is_none_or(|leaked| !crowded.contains(&(net(c.2), leaked))))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::is_v4;

    const NONE: i64 = i64::MAX;

    /// Which check judges which rules (that a check whose ratio is 0 judges nothing is
    /// `tests/crowd.rs`'s, through the binary).
    #[test]
    fn each_crowd_check_judges_its_own_rules() {
        for rule in [Rule::HitAndRun, Rule::StuffingNear] {
            assert_eq!(judged(rule), Some(true), "{rule:?}");
        }
        for rule in [
            Rule::HitAndRunUnleaked,
            Rule::HitAndRunUnleakedAgent,
            Rule::BotAgentUnleaked,
        ] {
            assert_eq!(judged(rule), Some(false), "{rule:?}");
        }
        for rule in [Rule::Stuffing, Rule::BotAgent, Rule::HitAndRunAgentLeaked] {
            assert_eq!(judged(rule), None, "{rule:?}");
        }
    }

    #[test]
    fn a_busy_network_expects_meetings_and_a_quiet_one_none() {
        // Ten addresses: two failing ones (failures at 100 s and 5000 s, address 1 with its
        // own login); six logins at other addresses within a minute of the first, one far
        // from both.
        let mut pairs: Vec<NetPair> = vec![
            (1, 100_000, NONE),
            (1, NONE, 100_500),
            (2, 5_000_000, NONE),
            (9, NONE, 2_000_000),
            (10, NONE, NONE),
        ];
        pairs.extend((3..9).map(|ip| (ip, NONE, 90_000 + ip as i64)));
        let e = expected_meetings(&mut pairs.clone(), 60_000);
        assert!((e - 0.6).abs() < 1e-9, "{e}");
        // A narrower window reaches none of them.
        assert_eq!(expected_meetings(&mut pairs, 1), 0.0);
        assert_eq!(expected_meetings(&mut [], 60_000), 0.0);
    }

    #[test]
    fn an_address_with_two_logins_is_not_failing_and_one_counts_at_most_once() {
        // 50 addresses of two logins each around a failing one: 100 logins over 51 addresses.
        let mut pairs: Vec<NetPair> = (0..100)
            .map(|i| (2 + i as IpKey / 2, NONE, i * 490))
            .collect();
        pairs.push((1, 0, NONE));
        pairs.push((1, 49_000, NONE));
        assert_eq!(expected_meetings(&mut pairs.clone(), 0), 1.0);
        // Two accounts logged in at the failing address: a shared address, not a bot's.
        pairs.push((1, NONE, 10));
        pairs.push((1, NONE, 20));
        assert_eq!(expected_meetings(&mut pairs, 0), 0.0);
    }

    /// The plain reading of the expectation: every address, every pair, no sorting or
    /// binary search.
    fn plain(pairs: &[NetPair], window_ms: i64) -> f64 {
        let mut ips: Vec<IpKey> = pairs.iter().map(|p| p.0).collect();
        ips.sort_unstable();
        ips.dedup();
        let n = ips.len() as f64;
        let mut e = 0.0;
        for &ip in &ips {
            let at: Vec<&NetPair> = pairs.iter().filter(|p| p.0 == ip).collect();
            let fails: Vec<i64> = at.iter().map(|p| p.1).filter(|&t| t != NONE).collect();
            let logins = at.iter().filter(|p| p.2 != NONE).count();
            let (Some(&first), Some(&last)) = (fails.iter().min(), fails.iter().max()) else {
                continue;
            };
            if logins > 1 {
                continue;
            }
            let near = pairs
                .iter()
                .filter(|p| p.0 != ip && p.2 != NONE)
                .filter(|p| p.2 >= first - window_ms && p.2 <= last + window_ms)
                .count();
            e += (near as f64 / n).min(1.0);
        }
        e
    }

    proptest::proptest! {
        #[test]
        fn the_expectation_is_the_plain_one(
            raw in proptest::collection::vec((0u8..12, 0i64..40, 0i64..40), 0..60),
            window in 0i64..10,
        ) {
            // Times in seconds, 40 meaning none; a few addresses, so that they share.
            let t = |v: i64| if v >= 38 { NONE } else { v * 1000 };
            let pairs: Vec<NetPair> = raw
                .iter()
                .map(|&(ip, f, l)| (IpKey::from(ip), t(f), t(l)))
                .collect();
            let fast = expected_meetings(&mut pairs.clone(), window * 1000);
            let slow = plain(&pairs, window * 1000);
            proptest::prop_assert!((fast - slow).abs() < 1e-9, "{fast} != {slow}");
        }
    }

    proptest::proptest! {
        /// What the streaming read relies on: every address lies in its network's range,
        /// from the network's key to [`net_last`] (IPv4 and IPv6 alike, any prefix), and the
        /// range holds no address of another network of the same family.
        #[test]
        fn networks_are_ranges(
            raw in proptest::collection::vec((proptest::bool::ANY, 0u32..64, 0u64..4), 1..100),
            v4_prefix in 0u8..=32,
            v6_prefix in 0u8..=128,
        ) {
            let ips: Vec<IpKey> = raw
                .iter()
                .map(|&(v4, low, high)| {
                    if v4 {
                        // ::ffff:a.b.c.d, a few /16s.
                        (0xffff_u128 << 32) | u128::from(high as u32) << 16 | u128::from(low)
                    } else {
                        u128::from(high) << 100 | u128::from(low) << 40
                    }
                })
                .collect();
            for &ip in &ips {
                let n = net_key(ip, v4_prefix, v6_prefix);
                let end = net_last(ip, v4_prefix, v6_prefix);
                proptest::prop_assert!(n <= ip && ip <= end, "{ip:x} {n:x} {end:x}");
                for &other in &ips {
                    if is_v4(other) == is_v4(ip) && n <= other && other <= end {
                        proptest::prop_assert_eq!(net_key(other, v4_prefix, v6_prefix), n);
                    }
                }
            }
        }
    }
}
