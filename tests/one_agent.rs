//! The one-agent hit-and-run rules on hand-made nights: a bot passing through a home address
//! fails with a leaked pair on one account and, five minutes later, logs into another with a
//! pair in no leak, from the same client (`hit-and-run-unleaked-agent`); a slow bot does the same
//! with a leaked pair forty minutes after its failure (`hit-and-run-slow-agent`): both logins
//! are convicted. An owner who logs in at home from their own device minutes before a bot passes
//! through their address is not, nor one whose leaked current pair logs in forty minutes after
//! a bot failed there (exposed); neither rule convicts when the log's agent field is a constant
//! (it tells no client from another), nor with the rules off. At a carrier address where
//! residents log in all day, a bot that fails on one account and logs into another with a
//! leaked pair twenty seconds later, its client seen nowhere else there, is convicted
//! (`hit-and-run-agent-leaked`); a resident's phone whose stale app fails on their other account
//! all day is not, though one of its failures falls next to their leaked-pair login.

mod common;

use common::{Night, Rng, background};

/// The bot's client.
const BOT: &str = "Mozilla/5.0 (X11; Linux x86_64; rv:131.0) Gecko/20100101 Firefox/131.0";
/// The owners' phones.
const PHONE: &str = "Phone/3.4 (iPhone; iOS 18.1)";

/// The visits: (seconds, user, address, ok, password, agent). Passwords named `dumped-*` and
/// `reused`/`mine` are in the leak.
const VISITS: [(i64, &str, &str, bool, &str, &str); 8] = [
    // The bot: a failed replay, then (300 s later: past the 60 s and 180 s windows of
    // `hit-and-run-unleaked`) a login with a pair in no leak.
    (
        10_000,
        "listed@mail.test",
        "203.0.113.5",
        false,
        "dumped-1",
        BOT,
    ),
    (
        10_300,
        "victim@mail.test",
        "203.0.113.5",
        true,
        "private-dump",
        BOT,
    ),
    // The owner logs in at home; four minutes later a bot fails there on another account.
    (
        20_000,
        "owner@mail.test",
        "203.0.113.6",
        true,
        "owners-own",
        PHONE,
    ),
    (
        20_240,
        "other@mail.test",
        "203.0.113.6",
        false,
        "dumped-2",
        BOT,
    ),
    // A slow bot: a failed replay, then a leaked-pair login 2,400 s later (past `hit-and-run`'s
    // windows).
    (
        30_000,
        "listed2@mail.test",
        "203.0.113.7",
        false,
        "dumped-3",
        BOT,
    ),
    (
        32_400,
        "slowvictim@mail.test",
        "203.0.113.7",
        true,
        "reused",
        BOT,
    ),
    // An owner whose current password is leaked logs in at home 2,400 s after a bot failed
    // there.
    (
        40_000,
        "listed3@mail.test",
        "203.0.113.8",
        false,
        "dumped-4",
        BOT,
    ),
    (
        42_400,
        "exposed@mail.test",
        "203.0.113.8",
        true,
        "mine",
        PHONE,
    ),
];

/// A stale app on a resident's phone.
const STALE: &str = "MailApp/1.2 (Android 11; SM-A515F)";

/// The carrier address: three residents log in all day from their own devices; the bot fails
/// on one account with a pair in no leak and logs into `carrier-victim` with its leaked pair 20
/// s later; the fourth resident's stale app fails on their other account every two hours, and
/// they log in to this one with their leaked current pair 30 s after one of those failures.
fn carrier(n: &mut Night, agent: impl Fn(String) -> String) {
    let ip = "198.51.100.77";
    for (i, who) in ["res-a", "res-b", "res-c"].iter().enumerate() {
        let (user, ua) = (format!("{who}@mail.test"), agent(format!("Resident/{i}")));
        for h in 0..4 {
            n.ev_ua(
                3_000 + 7_200 * h + 100 * i as i64,
                &user,
                ip,
                true,
                "own",
                &ua,
            );
        }
    }
    let (bot, stale) = (agent(BOT.into()), agent(STALE.into()));
    n.ev_ua(50_000, "tried@mail.test", ip, false, "guess", &bot);
    n.leak("carrier-victim@mail.test", "reused-2");
    n.ev_ua(
        50_020,
        "carrier-victim@mail.test",
        ip,
        true,
        "reused-2",
        &bot,
    );
    for h in 0..10 {
        n.ev_ua(
            4_000 + 7_200 * h,
            "res-d-old@mail.test",
            ip,
            false,
            "old",
            &stale,
        );
    }
    n.leak("res-d@mail.test", "mine-2");
    let at = 4_000 + 7_200 * 5 + 30;
    n.ev_ua(at, "res-d@mail.test", ip, true, "mine-2", &stale);
}

/// The night: [`VISITS`] among honest users who log in with a dozen different clients. With
/// `agents` false every event carries the same user agent.
fn night(agents: bool) -> Night {
    let mut n = Night::default();
    background(&mut n, 60, &mut Rng(11));
    let agent = |ua: String| if agents { ua } else { "test".into() };
    for i in 0..12 {
        let (user, ip) = (
            format!("client{i}@mail.test"),
            format!("198.51.100.{}", 10 + i),
        );
        let ua = agent(format!("Browser/{i}.0"));
        n.ev_ua(5_000 + 60 * i, &user, &ip, true, "own-password", &ua);
    }
    for (secs, user, ip, ok, pw, ua) in VISITS {
        if pw.starts_with("dumped") || pw == "reused" || pw == "mine" {
            n.leak(user, pw);
        }
        n.ev_ua(secs, user, ip, ok, pw, &agent(ua.into()));
    }
    carrier(&mut n, agent);
    n
}

/// The rows of `rows` for `user`.
fn of(rows: &[csv::StringRecord], user: &str) -> Vec<csv::StringRecord> {
    rows.iter().filter(|r| &r[0] == user).cloned().collect()
}

#[test]
fn the_bots_logins_are_convicted_and_the_owners_are_not() {
    let (c, e) = night(true).detect_rows();
    let victim = of(&c, "victim@mail.test");
    assert_eq!(victim.len(), 1, "{c:?}");
    common::assert_rule(&victim, "hit-and-run-unleaked-agent");
    let slow = of(&c, "slowvictim@mail.test");
    assert_eq!(slow.len(), 1, "{c:?}");
    common::assert_rule(&slow, "hit-and-run-slow-agent");
    let carrier = of(&c, "carrier-victim@mail.test");
    assert_eq!(carrier.len(), 1, "{c:?}");
    common::assert_rule(&carrier, "hit-and-run-agent-leaked");
    let users = common::first_col(&c);
    assert_eq!(
        users,
        [
            "carrier-victim@mail.test",
            "slowvictim@mail.test",
            "victim@mail.test"
        ],
        "{users:?}"
    );
    assert_eq!(of(&e, "exposed@mail.test").len(), 1, "{e:?}");
    assert_eq!(of(&e, "res-d@mail.test").len(), 1, "{e:?}");
}

#[test]
fn with_a_constant_agent_or_the_rules_off_nobody_is_convicted() {
    let (c, e) = night(false).detect();
    assert!(c.is_empty(), "{c:?}");
    assert!(e.contains(&"slowvictim@mail.test".to_string()), "{e:?}");
    let n = night(true);
    let dir = tempfile::tempdir().unwrap();
    n.write(dir.path());
    let cfg = dir.path().join("c.toml");
    std::fs::write(
        &cfg,
        "[rules]\nhit_and_run_unleaked_agent_window_secs = 0\nhit_and_run_slow_agent_window_secs = 0\nagent_burst_leaked = false\n",
    )
    .unwrap();
    let out = common::detect_dir_with(dir.path(), &["--config".as_ref(), cfg.as_os_str()]);
    let c = common::users(&out.join("compromised.csv"));
    assert!(c.is_empty(), "{c:?}");
}
