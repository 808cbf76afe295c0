//! Takeovers that locked the owner out: a leaked pair logged in from an address outside the
//! account's owner networks, and later that night the owner's own device failed with that very
//! password. The password was changed after the login; the owner did not change it from their
//! own network, so whoever logged in did.

use ahash::AHashMap;

use super::night::{Best, Cand, Night};
use super::{Figures, Rule};
use crate::event::{AcctKey, IpKey, net_key};
use crate::fingerprint::Fp;
use crate::windows::PairKey;
use crate::windows::sources::SourceKind;

/// A leaked-pair login the pass may convict: its address, password and time, and what the
/// account's other pairs showed.
struct Login {
    ip: IpKey,
    pw: Fp,
    t: i64,
    /// Another address of the login's owner network touched the account.
    owner_net: bool,
    /// Earliest failure after the login with its password, from an owner's device.
    locked_out: Option<i64>,
    /// Earliest failure after the login with its password, from any other address.
    first_failed: i64,
    /// Earliest success after the login with another password, outside its owner network.
    other_pw: i64,
    /// Latest success with the login's password, on a pair (any address, the login's own
    /// included) whose first success used it and whose every success was with a leaked pair.
    still_works: i64,
    /// Failures with its password after it, outside its owner network (of a pair that failed
    /// with several passwords, all but one failure each of the others).
    old_pw_fails: u32,
}

impl Night<'_> {
    /// `takeover-lockout`: a pair in the leaks logged into the account from address X (the
    /// account's first success there, its password never failing from X), no other address of
    /// X's owner network (`owner_net_v4_prefix`, `owner_net_v6_prefix`) touched the account
    /// all night, and after the login the same password failed on the account from another
    /// address Y outside that network, a device of the owner's: Y tried at most
    /// `lockout_device_max_accounts` accounts all night, or failed with no leaked pair on any
    /// other account (a carrier NAT the owner shares, not a bot replaying a list); and no
    /// success with another password outside X's owner network came between the login and the
    /// first failure with its password; and the pair logged in at most
    /// `lockout_max_pair_logins` times from X (a client polling with the owner's saved password
    /// logs in all day until it changes).
    ///
    /// The password must not work again after that failure: no pair whose first success used
    /// it and whose every success came with a leaked pair logged in after it (the owner's
    /// client retrying through an outage, or at the login's address again).
    ///
    /// A password that worked stops working: it was changed after the login. The owner's
    /// devices fail with the password they knew; the login that preceded the change came from
    /// nowhere the owner goes. An owner who changes a leaked password from a place they visit
    /// once that night, while another of their devices still tries the old one, is the case
    /// this accepts. An owner who forgot their password, reset it, then typed the old one from
    /// habit shows the new password working before the old one fails; a locked-out owner finds
    /// the old one failing first.
    pub(super) fn takeover_lockout(&self, best: &Best) -> Vec<(AcctKey, Cand)> {
        let Night { w, pairs, src, rc } = *self;
        if !rc.lockout_enabled {
            return Vec::new();
        }
        let (v4, v6) = (rc.owner_net_v4_prefix, rc.owner_net_v6_prefix);
        // Leaked-pair logins not yet convicted. (A lockout needs a failure with the login's own
        // leaked password, so the accounts no leaked pair failed on drop out below without a
        // list of them: on a night of stuffing that list would hold most accounts.)
        let mut want: AHashMap<AcctKey, Vec<Login>> = AHashMap::new();
        pairs.scan(
            &mut want,
            |_, k, p| {
                p.leaked_succ > 0
                    && p.succ() <= rc.lockout_max_pair_logins
                    && p.first_succ_pw() != 0
                    && p.first_succ_ts() == p.first_leaked_succ_ts()
                    && !best.contains_key(&k.acct)
            },
            |want, k, p| {
                want.entry(k.acct).or_default().push(Login {
                    ip: k.ip,
                    pw: p.first_succ_pw(),
                    t: p.first_leaked_succ_ts(),
                    owner_net: false,
                    locked_out: None,
                    first_failed: i64::MAX,
                    other_pw: i64::MAX,
                    still_works: i64::MIN,
                    old_pw_fails: 0,
                });
            },
        );
        if want.is_empty() {
            return Vec::new();
        }
        let spray = w.sorted_spray();
        // (The accounts `want` holds stay as they are: the logins change, not the keys.)
        pairs.scan(
            &mut want,
            |want, k, _| want.contains_key(&k.acct),
            |want, k, p| {
                let Some(logins) = want.get_mut(&k.acct) else {
                    return;
                };
                for l in logins.iter_mut() {
                    // The password still worked here: every success of the pair with a leaked
                    // pair, the first with this password (an owner who reset it logs in with a
                    // new one, in no leak).
                    if p.first_succ_pw() == l.pw && p.leaked_succ > 0 && p.clean_succ == 0 {
                        l.still_works = l.still_works.max(p.last_succ_ts());
                    }
                    if l.ip == k.ip {
                        continue;
                    }
                    if net_key(l.ip, v4, v6) == net_key(k.ip, v4, v6) {
                        l.owner_net = true;
                        continue;
                    }
                    // A success with another password after the login (when the pair's first
                    // success came before it, the later one's time is unknown: taken as right
                    // after the login).
                    if p.succ() > 0 && p.first_succ_pw() != l.pw && p.last_succ_ts() > l.t {
                        l.other_pw = l.other_pw.min(p.first_succ_ts().max(l.t + 1));
                    }
                    // When of the pair's failures its failure with the password came: its first
                    // failure when that is its only failed password, else as late as it may be.
                    let failed = if p.fail_pws == 1 {
                        p.first_fail_ts()
                    } else {
                        p.last_ts()
                    };
                    if p.fails > 0 && p.first_fail_ts() > l.t && spray.failed_on(k.ip, k.acct, l.pw)
                    {
                        // Its other failed passwords taken to have failed once each.
                        l.old_pw_fails = l
                            .old_pw_fails
                            .saturating_add(p.fails.saturating_sub(p.fail_pws - 1).max(1));
                        l.first_failed = l.first_failed.min(failed);
                        if l.locked_out.is_none_or(|t| failed < t)
                            && self.owner_device(k.ip, k.acct)
                        {
                            l.locked_out = Some(failed);
                        }
                    }
                }
            },
        );
        let mut out = Vec::new();
        for (acct, logins) in want {
            for l in logins {
                let Some(failed) = l.locked_out else { continue };
                // A password that works again after it failed was not changed (a service
                // outage, a second factor that refused the attacker). A failure whose time is
                // only bounded (the pair failed with several passwords) is taken as late as
                // it may be, its pair's last event: a success then came after it.
                if l.owner_net
                    || l.other_pw < l.first_failed
                    || l.still_works >= failed
                    || l.old_pw_fails < rc.lockout_min_old_pw_failures
                    || spray.failed_on(l.ip, acct, l.pw)
                {
                    continue;
                }
                let Some(s) = src.addrs.get(&{ l.ip }) else {
                    continue;
                };
                let key = PairKey { ip: l.ip, acct };
                let Some(p) = pairs.position(&key).and_then(|i| pairs.stats(i)) else {
                    continue;
                };
                let mut f = Figures::of(s, &p);
                f.window_secs = u32::try_from((failed - l.t).div_euclid(1000)).unwrap_or(u32::MAX);
                out.push((
                    acct,
                    (l.t, Rule::TakeoverLockout, l.ip, SourceKind::Addr, f),
                ));
            }
        }
        self.not_the_owners_device(out)
    }

    /// Drops the logins whose user agent is the one the account first logged in with, with a
    /// leaked pair, at `lockout_own_agent_min_addresses` or more other addresses tonight: the
    /// owner's own device, moving between networks before its owner changed the password
    /// (gen10's forced rotations: the phone that synced all day from home and carrier, then
    /// once from a network of its own, then failed with the old password). An attacker would
    /// have to log in with the very client string of the owner's device.
    fn not_the_owners_device(&self, mut out: Vec<(AcctKey, Cand)>) -> Vec<(AcctKey, Cand)> {
        let min = self.rc.lockout_own_agent_min_addresses;
        if min == 0 || out.is_empty() {
            return out;
        }
        let tally = self.w.agents();
        let asked: Vec<(AcctKey, IpKey, u32)> = out
            .iter()
            .filter_map(|&(acct, ref c)| {
                let agent = tally.leaked_login_agent(&PairKey { ip: c.2, acct })?;
                Some((acct, c.2, agent))
            })
            .collect();
        let own = self.own_agent_logins(&asked, min);
        out.retain(|(acct, c)| !own.contains(&(*acct, c.2)));
        out
    }

    /// Is `ip` one of the owner's devices rather than a bot: it tried at most
    /// `lockout_device_max_accounts` accounts all night, or no account but `acct` failed from
    /// it with a leaked pair?
    fn owner_device(&self, ip: IpKey, acct: AcctKey) -> bool {
        let Some(s) = self.src.addrs.get(&{ ip }) else {
            return false;
        };
        s.accounts <= self.rc.lockout_device_max_accounts
            || !self
                .pairs
                .range(self.pairs.range_of_ip(ip))
                .any(|(k, p)| k.acct != acct && p.leaked_fails > 0)
    }
}
