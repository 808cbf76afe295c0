//! The rules people use today, as baselines to compare against.
//!
//! - **fail2ban**: an address with `maxretry` failures within `findtime` is banned from the time
//!   of that failure on; the accounts it flags are those with a success from a banned address
//!   at or after the ban.
//! - **over-reset**: every account a banned address tried, at any time (what a "reset everyone
//!   the attacker touched" policy does).
//!
//! Results do not depend on the order of the input events.

use std::collections::{BTreeMap, BTreeSet};
use std::net::IpAddr;
use std::path::PathBuf;

use crate::error::{Error, Result};
use crate::fingerprint::normalize_user;
use crate::input::{self, InputOptions};

/// The input of the baselines: one login attempt, already parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaselineEvent {
    /// Epoch milliseconds.
    pub ts_ms: i64,
    /// The normalised user.
    pub user: String,
    /// Source address.
    pub ip: IpAddr,
    /// The login succeeded.
    pub ok: bool,
}

/// fail2ban's two parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fail2banParams {
    /// Failures that trigger a ban (fail2ban `maxretry`).
    pub maxretry: usize,
    /// The window the failures must fall in, milliseconds (fail2ban `findtime`): the first
    /// and the last of `maxretry` failures are less than `findtime_ms` apart.
    pub findtime_ms: i64,
}

impl Default for Fail2banParams {
    /// fail2ban's defaults: 5 failures within 10 minutes.
    fn default() -> Self {
        Fail2banParams {
            maxretry: 5,
            findtime_ms: 10 * 60 * 1000,
        }
    }
}

/// What the baselines flag.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BaselineResult {
    /// Banned addresses with the time of their ban, sorted by address.
    pub banned: Vec<(IpAddr, i64)>,
    /// fail2ban: accounts with a success from a banned address after its ban, sorted.
    pub fail2ban: Vec<String>,
    /// Over-reset: every account a banned address tried, sorted.
    pub over_reset: Vec<String>,
}

/// The time each address gets banned, if it does.
pub fn ban_times(events: &[BaselineEvent], p: &Fail2banParams) -> BTreeMap<IpAddr, i64> {
    let mut fails: BTreeMap<IpAddr, Vec<i64>> = BTreeMap::new();
    for e in events.iter().filter(|e| !e.ok) {
        fails.entry(e.ip).or_default().push(e.ts_ms);
    }
    let k = p.maxretry.max(1);
    let mut out = BTreeMap::new();
    for (ip, mut ts) in fails {
        ts.sort_unstable();
        let ban = ts.windows(k).find_map(|w| match (w.first(), w.last()) {
            (Some(&a), Some(&b)) if b - a < p.findtime_ms => Some(b),
            _ => None,
        });
        if let Some(t) = ban {
            out.insert(ip, t);
        }
    }
    out
}

/// Runs both baselines.
pub fn run(events: &[BaselineEvent], p: &Fail2banParams) -> BaselineResult {
    let bans = ban_times(events, p);
    let mut f2b = BTreeSet::new();
    let mut over = BTreeSet::new();
    for e in events {
        if let Some(&t) = bans.get(&e.ip) {
            over.insert(e.user.as_str());
            if e.ok && e.ts_ms >= t {
                f2b.insert(e.user.as_str());
            }
        }
    }
    BaselineResult {
        banned: bans.into_iter().collect(),
        fail2ban: f2b.into_iter().map(str::to_string).collect(),
        over_reset: over.into_iter().map(str::to_string).collect(),
    }
}

/// The baselines' input read from login logs by the real parsers.
#[derive(Debug, Clone, Default)]
pub struct BaselineFeed {
    /// Every parsed event, users normalised (SPEC 2), in no particular order.
    pub events: Vec<BaselineEvent>,
    /// Lines that could not be parsed (skipped).
    pub bad_lines: u64,
    /// The first few bad lines, as `file:line: why`, sorted.
    pub first_bad: Vec<String>,
}

/// Bad lines kept for messages.
const KEEP_BAD: usize = 10;

/// One worker's share of the feed.
#[derive(Default)]
struct Part {
    events: Vec<BaselineEvent>,
    bad: Vec<input::BadLine>,
    nbad: u64,
}

/// Reads login logs (files, directories, `-`) into the baselines' feed through the same reader
/// and parsers as `detect` ([`input::read::read_parallel`]). An input that cannot be opened or
/// read is an error; unparsable lines are skipped and counted.
pub fn read_events(paths: &[PathBuf], opts: &InputOptions) -> Result<BaselineFeed> {
    read_events_in(&mut input::read::Inputs::open(paths, opts), opts)
}

/// [`read_events`] from inputs already opened (a scan's, rewound: the baselines then score the
/// bytes the scan read).
pub fn read_events_in(
    inputs: &mut input::read::Inputs,
    opts: &InputOptions,
) -> Result<BaselineFeed> {
    let threads = crate::pipeline::worker_threads(0);
    let out = input::read::read_parallel_in(
        inputs,
        opts,
        threads,
        |_| Part::default(),
        |part, b, h| {
            input::parse_block(
                b,
                h,
                |raw| {
                    part.events.push(BaselineEvent {
                        ts_ms: raw.ts_ms,
                        user: normalize_user(&raw.user).into_owned(),
                        ip: raw.ip,
                        ok: raw.ok,
                    })
                },
                |l| {
                    part.nbad += 1;
                    if part.bad.len() < KEEP_BAD {
                        part.bad.push(l);
                    }
                },
            )
        },
    )?;
    if let Some(e) = out.errors.into_iter().next() {
        return Err(Error::Invalid(e));
    }
    let mut feed = BaselineFeed::default();
    let mut bad = Vec::new();
    for p in out.workers {
        feed.events.extend(p.events);
        feed.bad_lines += p.nbad;
        bad.extend(p.bad);
    }
    feed.first_bad = input::read::describe_bad(&out.files, bad, KEEP_BAD);
    Ok(feed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(ts_s: i64, user: &str, ip: &str, ok: bool) -> BaselineEvent {
        BaselineEvent {
            ts_ms: ts_s * 1000,
            user: user.into(),
            ip: ip.parse().expect("ip"),
            ok,
        }
    }

    #[test]
    fn fail2ban_and_over_reset() {
        let mut evs = vec![
            // 1.1.1.1: a success before the ban (not fail2ban-flagged), 5 failures in 4 minutes,
            // then a success on another account.
            ev(0, "early", "1.1.1.1", true),
            ev(60, "u1", "1.1.1.1", false),
            ev(120, "u2", "1.1.1.1", false),
            ev(180, "u3", "1.1.1.1", false),
            ev(240, "u4", "1.1.1.1", false),
            ev(300, "u5", "1.1.1.1", false),
            ev(400, "late", "1.1.1.1", true),
            // 2.2.2.2: 5 failures spread over more than 10 minutes: never banned.
            ev(0, "v", "2.2.2.2", false),
            ev(200, "v", "2.2.2.2", false),
            ev(400, "v", "2.2.2.2", false),
            ev(500, "v", "2.2.2.2", false),
            ev(600, "v", "2.2.2.2", false),
            ev(700, "w", "2.2.2.2", true),
            // 3.3.3.3: exactly 10 minutes between first and fifth: not within (strict).
            ev(0, "x", "3.3.3.3", false),
            ev(1, "x", "3.3.3.3", false),
            ev(2, "x", "3.3.3.3", false),
            ev(3, "x", "3.3.3.3", false),
            ev(600, "x", "3.3.3.3", false),
            ev(601, "x", "3.3.3.3", true),
        ];
        let p = Fail2banParams::default();
        let r = run(&evs, &p);
        assert_eq!(r.banned, vec![("1.1.1.1".parse().expect("ip"), 300_000)]);
        assert_eq!(r.fail2ban, vec!["late"]);
        assert_eq!(
            r.over_reset,
            vec!["early", "late", "u1", "u2", "u3", "u4", "u5"]
        );
        // Order does not matter.
        evs.reverse();
        assert_eq!(run(&evs, &p), r);
    }

    #[test]
    fn reads_logs_with_the_real_parsers() {
        let d = tempfile::tempdir().expect("tmp");
        let j = d.path().join("a.jsonl");
        std::fs::write(
            &j,
            "{\"ts\":1000,\"user\":\" Bob \",\"ip\":\"10.0.0.1\",\"ok\":false}\nbroken\n",
        )
        .expect("write");
        let c = d.path().join("b.csv");
        std::fs::write(&c, "ok,ip,user,ts\n1,::1,ALICE,1795132802000\n").expect("write");
        for block_size in [1, 1 << 20] {
            let opts = InputOptions {
                block_size,
                ..InputOptions::default()
            };
            let mut f = read_events(&[j.clone(), c.clone()], &opts).expect("read");
            f.events.sort_by_key(|e| e.ts_ms);
            assert_eq!(
                f.events,
                vec![
                    ev(1, "bob", "10.0.0.1", false),
                    ev(1_795_132_802, "alice", "::1", true)
                ]
            );
            assert_eq!(f.bad_lines, 1);
            assert!(
                f.first_bad[0].ends_with("a.jsonl:2: ") || f.first_bad[0].contains("a.jsonl:2:")
            );
        }
        assert!(read_events(&[d.path().join("missing.jsonl")], &InputOptions::default()).is_err());
    }

    #[test]
    fn parameters_apply() {
        let evs: Vec<BaselineEvent> = (0..3)
            .map(|i| ev(i, "a", "::1", false))
            .chain([ev(9, "b", "::1", true)])
            .collect();
        assert!(run(&evs, &Fail2banParams::default()).banned.is_empty());
        let p = Fail2banParams {
            maxretry: 3,
            findtime_ms: 60_000,
        };
        let r = run(&evs, &p);
        assert_eq!(r.fail2ban, vec!["b"]);
        assert_eq!(r.over_reset, vec!["a", "b"]);
        assert!(run(&[], &p).banned.is_empty());
    }
}
