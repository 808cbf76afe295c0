//! Where the user-agent check cannot judge a night (its logs carry no agents, its bots change
//! agents, or its input could not be read twice), the logins it would have refused at shared
//! addresses need another witness. `stuffing` and `stuffing-near` convict an exposed owner who
//! logs in at a carrier or proxy address minutes from a bot's replay there; the check tells
//! them apart by client. Without it, this module refuses the login of an account its owner
//! also uses from another address of the same owner network (the owner's own ISP or carrier
//! block), when no failure there on another account came within seconds of it: a bot's own
//! login comes in its burst, an owner's at their own hour.

use super::Rule;
use super::hit_and_run::FailSpans;
use super::night::{Cand, Night};
use crate::event::{AcctKey, IpKey};
use crate::windows::sources::SourceKind;

impl Night<'_> {
    /// The (account, address) of the `stuffing` and `stuffing-near` candidates of `cands`
    /// convicted by an address other accounts logged in at, whose account logged in that night
    /// from another address of the login's owner network (`owner_net_v4_prefix`,
    /// `owner_net_v6_prefix`), with no failure there on another account within
    /// `agentless_owner_secs` of the login (none when it is 0).
    pub(super) fn owners_beside_bots(&self, cands: &[(AcctKey, Cand)]) -> Vec<(AcctKey, IpKey)> {
        let secs = self.rc.agentless_owner_secs;
        if secs == 0 {
            return Vec::new();
        }
        let shared: Vec<(AcctKey, Cand)> = cands
            .iter()
            .filter(|(_, c)| {
                matches!(c.1, Rule::Stuffing | Rule::StuffingNear)
                    && c.3 == SourceKind::Addr
                    && self
                        .src
                        .addrs
                        .get(&{ c.2 })
                        .is_some_and(|s| s.succ_accounts >= 2)
            })
            .cloned()
            .collect();
        let owned = self.owner_logins_elsewhere(&shared);
        let mut owned: Vec<(IpKey, AcctKey, i64)> = shared
            .iter()
            .filter(|(acct, c)| owned.contains(&(*acct, c.2)))
            .map(|(acct, c)| (c.2, *acct, c.0))
            .collect();
        owned.sort_unstable();
        owned.dedup();
        let w = i64::from(secs) * 1000;
        let mut out = Vec::new();
        // Per address, once: the spans of its failing pairs.
        for group in owned.chunk_by(|a, b| a.0 == b.0) {
            let Some(&(ip, _, _)) = group.first() else {
                continue;
            };
            let range = self.pairs.range_of_ip(ip);
            let spans = FailSpans::at(self.pairs, range.clone());
            for &(_, acct, t) in group {
                // The login's own pair does not count as another account's failure.
                let own = self
                    .pairs
                    .find_acct(range.clone(), acct)
                    .and_then(|i| self.pairs.stats(i))
                    .filter(|q| q.fails > 0)
                    .is_some_and(|q| {
                        q.first_fail_ts() <= t.saturating_add(w)
                            && q.last_ts() >= t.saturating_sub(w)
                    });
                if spans.overlapping(t, w) <= usize::from(own) {
                    out.push((acct, ip));
                }
            }
        }
        out
    }
}
