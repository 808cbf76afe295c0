//! Scheduled services at busy addresses: an account aggregator or a partner's integration logs
//! into its users' accounts from a few addresses in scheduled runs, and retries the stale
//! passwords it saved (some of them in a leak) in the same runs. Its users' leaked-pair logins
//! then sit next to its failed "replays" by construction, not by chance, and the chance bound
//! of `stuffing-near` (replays spread at random over the address's hours) does not hold there.
//! The address's own logins with pairs in no leak show it: they meet the replays far more often
//! than that bound says any login would.

use ahash::AHashSet;

use super::chance::cover;
use super::judge::busy;
use super::night::{Cand, Night};
use super::{Rule, binomial_tail};
use crate::event::{AcctKey, IpKey};
use crate::windows::sources::{SourceKind, SourceStats};

impl Night<'_> {
    /// Drops the busy-address `stuffing-near` candidates (at least `busy_min_honest_accounts`
    /// honest-looking logins there) of addresses whose own honest-looking logins (pairs in no
    /// leak) came within `stuffing_busy_window_secs` of one of the address's failed replays
    /// `stuffing_busy_min_clean_near` times or more, and so often that logins at random times
    /// of the address's hours would do so with probability at most `stuffing_max_chance`
    /// (binomial tail over those logins, each meeting a replay with the share of the hours
    /// that lie within the window of one, [`replay_cover`]): the replays come with the
    /// address's logins, whoever logs in there, as a scheduled service's runs do. A bot's
    /// burst at a carrier address meets the residents' logins only as often as chance says;
    /// a bot replaying steadily all day covers the hours, and the residents with them, as
    /// chance says too. Other candidates pass.
    pub(super) fn off_schedules(&self, cands: Vec<(AcctKey, Cand)>) -> Vec<(AcctKey, Cand)> {
        let rc = self.rc;
        if rc.stuffing_busy_min_clean_near == 0 {
            return cands;
        }
        // The same test as `judge`'s busy branch: these are its short-window convictions.
        let busy_at = |ip: IpKey| self.src.addrs.get(&ip).is_some_and(|s| busy(s, rc));
        let judged =
            |c: &Cand| c.1 == Rule::StuffingNear && c.3 == SourceKind::Addr && busy_at(c.2);
        let ips: AHashSet<IpKey> = cands
            .iter()
            .filter(|(_, c)| judged(c))
            .map(|(_, c)| c.2)
            .collect();
        if ips.is_empty() {
            return cands;
        }
        let w = i64::from(rc.stuffing_busy_window_secs) * 1000;
        let scheduled: AHashSet<IpKey> = ips
            .into_iter()
            .filter(|&ip| {
                let Some(s) = self.src.addrs.get(&ip) else {
                    return false;
                };
                let (mut clean, mut near) = (0u32, 0u32);
                for (_, p) in self.pairs.range(self.pairs.range_of_ip(ip)) {
                    if p.leaked_succ == 0 && p.leaked_fails == 0 && p.succ() > 0 {
                        clean += 1;
                        near += u32::from(s.replays_near(p.first_succ_ts(), w) > 0);
                    }
                }
                let p = replay_cover(s, w);
                near >= rc.stuffing_busy_min_clean_near
                    && binomial_tail(clean, near, p) <= rc.stuffing_max_chance
            })
            .collect();
        cands
            .into_iter()
            .filter(|(_, c)| !(judged(c) && scheduled.contains(&c.2)))
            .collect()
    }
}

/// The share of the address's hours (its first to last attempt, an hour at least, as the
/// chance bound of `stuffing-near` reads them) that lies within `w` milliseconds of one of its
/// failed replays: the chance that a login at a random time of those hours meets one.
fn replay_cover(s: &SourceStats, w: i64) -> f64 {
    let span = s.last_ts.saturating_sub(s.first_ts).max(3_600_000);
    let covered = cover(&s.replay_times, w, (i64::MIN, i64::MAX));
    (covered as f64 / span as f64).min(1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(first: i64, last: i64, replays: &[i64]) -> SourceStats {
        SourceStats {
            first_ts: first,
            last_ts: last,
            replay_times: replays.to_vec().into_boxed_slice(),
            ..SourceStats::default()
        }
    }

    #[test]
    fn replay_cover_counts_overlapping_windows_once() {
        // Ten hours; windows of one minute each side: two replays 30 s apart cover 150 s.
        let s = source(0, 36_000_000, &[1_000_000, 1_030_000]);
        let cover = replay_cover(&s, 60_000);
        assert!((cover - 150_000.0 / 36_000_000.0).abs() < 1e-12, "{cover}");
        // Apart, they cover twice the window each.
        let s = source(0, 36_000_000, &[1_000_000, 2_000_000]);
        assert!((replay_cover(&s, 60_000) - 240_000.0 / 36_000_000.0).abs() < 1e-12);
    }

    #[test]
    fn replay_cover_reads_an_hour_at_least_and_never_more_than_all() {
        // A ten-minute night reads as an hour.
        let s = source(0, 600_000, &[300_000]);
        assert!((replay_cover(&s, 60_000) - 120_000.0 / 3_600_000.0).abs() < 1e-12);
        // Replays every minute cover everything, and no more.
        let every: Vec<i64> = (0..60).map(|i| i * 60_000).collect();
        let s = source(0, 3_600_000, &every);
        assert_eq!(replay_cover(&s, 60_000), 1.0);
        assert_eq!(replay_cover(&source(0, 3_600_000, &[]), 60_000), 0.0);
    }
}
