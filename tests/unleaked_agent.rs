//! `hit-and-run-unleaked-agent` on hand-made nights: a bot passing through a home address fails
//! with a leaked pair on one account and, five minutes later, logs into another with a pair in
//! no leak, from the same client: the login is convicted. An owner who logs in at home from
//! their own device minutes before a bot passes through their address is not; neither is the
//! bot's login when the log's agent field is a constant (it tells no client from another), nor
//! with the rule off.

mod common;

use common::{Night, Rng, background};

/// The bot's client.
const BOT: &str = "Mozilla/5.0 (X11; Linux x86_64; rv:131.0) Gecko/20100101 Firefox/131.0";
/// The owner's phone.
const PHONE: &str = "Phone/3.4 (iPhone; iOS 18.1)";

/// The night: the bot's visit (failure, then the login 300 s later: past the 60 s and 180 s
/// windows of `hit-and-run-unleaked`) and the owner's login at home beside another bot visit.
/// Honest users log in with a dozen different clients. With `agents` false every event
/// carries the same user agent.
fn night(agents: bool) -> Night {
    let mut n = Night::default();
    background(&mut n, 60, &mut Rng(11));
    for i in 0..12 {
        let (user, ip) = (
            format!("client{i}@mail.test"),
            format!("198.51.100.{}", 10 + i),
        );
        let ua = if agents {
            format!("Browser/{i}.0")
        } else {
            "test".into()
        };
        n.ev_ua(5_000 + 60 * i, &user, &ip, true, "own-password", &ua);
    }
    let ev = |n: &mut Night, secs, user: &str, ip: &str, ok, pw: &str, ua: &str| {
        if agents {
            n.ev_ua(secs, user, ip, ok, pw, ua);
        } else {
            n.ev(secs, user, ip, ok, pw);
        }
    };
    n.leak("listed@mail.test", "dumped-1");
    ev(
        &mut n,
        10_000,
        "listed@mail.test",
        "203.0.113.5",
        false,
        "dumped-1",
        BOT,
    );
    ev(
        &mut n,
        10_300,
        "victim@mail.test",
        "203.0.113.5",
        true,
        "private-dump",
        BOT,
    );
    // The owner logs in at home; four minutes later a bot fails there on another account.
    n.leak("other@mail.test", "dumped-2");
    ev(
        &mut n,
        20_000,
        "owner@mail.test",
        "203.0.113.6",
        true,
        "owners-own",
        PHONE,
    );
    ev(
        &mut n,
        20_240,
        "other@mail.test",
        "203.0.113.6",
        false,
        "dumped-2",
        BOT,
    );
    n
}

#[test]
fn the_bots_login_is_convicted_and_the_owners_is_not() {
    let (c, _) = night(true).detect_rows();
    let victim: Vec<_> = c
        .iter()
        .filter(|r| &r[0] == "victim@mail.test")
        .cloned()
        .collect();
    assert_eq!(victim.len(), 1, "{c:?}");
    common::assert_rule(&victim, "hit-and-run-unleaked-agent");
    let users = common::first_col(&c);
    assert_eq!(users, ["victim@mail.test"], "{users:?}");
}

#[test]
fn with_a_constant_agent_or_the_rule_off_nobody_is_convicted() {
    let (c, _) = night(false).detect();
    assert!(c.is_empty(), "{c:?}");
    let n = night(true);
    let dir = tempfile::tempdir().unwrap();
    n.write(dir.path());
    let cfg = dir.path().join("c.toml");
    std::fs::write(
        &cfg,
        "[rules]\nhit_and_run_unleaked_agent_window_secs = 0\n",
    )
    .unwrap();
    let out = common::detect_dir_with(dir.path(), &["--config".as_ref(), cfg.as_os_str()]);
    let c = common::users(&out.join("compromised.csv"));
    assert!(c.is_empty(), "{c:?}");
}
