//! `list-run` on hand-made nights: a bot works down a list of pairs the leaks do not hold from
//! an address of its own, one attempt per account a minute apart, and gets into two of them
//! with its own client: both logins are convicted. Not convicted: a resident's login from their
//! own phone in the middle of the run; logins among failures twenty minutes apart (a kiosk);
//! a bot whose failures carry no user agent, beside an owner who mistyped their user name once
//! before logging in from their own browser; a library whose patrons retry their passwords with
//! the bot's browser string; a log whose agent field is a constant; and any of it with the rule
//! off. A dense run (a list that gets in as often as it fails, six failures
//! and six logins) is convicted too, but not at a sync service's address whose users log in
//! there all night.

mod common;

use common::{Night, Rng, background, first_col};

/// The bot's client.
const BOT: &str = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/131.0 Safari/537.36";
/// A resident's phone.
const PHONE: &str = "Phone/3.4 (iPhone; iOS 18.1)";

/// A background night whose honest users log in with a dozen clients, and a run from
/// 198.51.100.9: failures on 15 accounts `step` seconds apart with agent `fail_agent` (none
/// when empty), and two logins with pairs in no leak in the middle of it, `taken1` with
/// `login_agent`, `taken2` with the bot's own.
fn run_night(step: i64, fail_agent: &str, login_agent: &str) -> Night {
    let mut n = Night::default();
    background(&mut n, 40, &mut Rng(57));
    for i in 0..12 {
        let (user, ip) = (
            format!("client{i}@mail.test"),
            format!("203.0.113.{}", 10 + i),
        );
        n.ev_ua(
            5_000 + 60 * i,
            &user,
            &ip,
            true,
            "own-password",
            &format!("Browser/{i}.0"),
        );
    }
    let ip = "198.51.100.9";
    for j in 0..15 {
        let u = format!("listed{j}@mail.test");
        n.ev_ua(30_000 + j * step, &u, ip, false, "bought-guess", fail_agent);
    }
    n.ev_ua(
        30_000 + 3 * step + 30,
        "taken1@mail.test",
        ip,
        true,
        "bought-1",
        login_agent,
    );
    n.ev_ua(
        30_000 + 9 * step + 30,
        "taken2@mail.test",
        ip,
        true,
        "bought-2",
        BOT,
    );
    n
}

#[test]
fn a_list_bots_logins_inside_its_run_are_convicted() {
    let (c, _) = run_night(60, BOT, BOT).detect_rows();
    for u in ["taken1@mail.test", "taken2@mail.test"] {
        let row = c.iter().find(|r| &r[0] == u).expect("convicted");
        assert_eq!(&row[4], "list-run", "{row:?}");
    }
    let (off, _) = run_night(60, BOT, BOT).detect_with("[rules]\nlist_run_min_accounts = 0\n");
    assert!(!off.iter().any(|u| u.starts_with("taken")), "{off:?}");
}

/// A public library's PCs carry the browser string the bot uses too: two patrons there mistype
/// their password and then log in, as people do, and the logins in the bot's run are its
/// patrons' as likely as its own. Not judged where more than `list_run_max_retried_accounts`
/// (1) accounts failed and later logged in; one such account does not stop it.
#[test]
fn a_library_whose_patrons_retry_is_no_list_bots_address() {
    let with_patrons = |k: i64| {
        let mut n = run_night(60, BOT, BOT);
        for p in 0..k {
            let u = format!("patron{p}@mail.test");
            n.ev_ua(31_000 + 200 * p, &u, "198.51.100.9", false, "typo", BOT);
            n.ev_ua(31_020 + 200 * p, &u, "198.51.100.9", true, "own", BOT);
        }
        n
    };
    let c = first_col(&with_patrons(2).detect_rows().0);
    assert!(!c.iter().any(|u| u.starts_with("taken")), "{c:?}");
    let c = first_col(&with_patrons(1).detect_rows().0);
    assert!(c.contains(&"taken2@mail.test".to_string()), "{c:?}");
    let (c, _) = with_patrons(2).detect_with("[rules]\nlist_run_max_retried_accounts = 2\n");
    assert!(c.contains(&"taken2@mail.test".to_string()), "{c:?}");
}

/// A log whose agent field is a constant tells no client from another: no conviction.
#[test]
fn a_constant_agent_field_convicts_nothing() {
    let mut n = Night::default();
    background(&mut n, 40, &mut Rng(57));
    for j in 0..15 {
        let u = format!("listed{j}@mail.test");
        n.ev(30_000 + j * 60, &u, "198.51.100.9", false, "bought-guess");
    }
    n.ev(30_200, "taken1@mail.test", "198.51.100.9", true, "bought-1");
    let (c, _) = n.detect();
    assert!(c.is_empty(), "{c:?}");
}

#[test]
fn a_residents_own_device_in_the_run_is_not_the_bots() {
    let c = first_col(&run_night(60, BOT, PHONE).detect_rows().0);
    assert!(!c.contains(&"taken1@mail.test".to_string()), "{c:?}");
    assert!(c.contains(&"taken2@mail.test".to_string()), "{c:?}");
}

#[test]
fn failures_twenty_minutes_apart_are_no_run() {
    let (c, _) = run_night(1_200, BOT, BOT).detect();
    assert!(!c.iter().any(|u| u.starts_with("taken")), "{c:?}");
}

/// The bot's failures carry no agent; an owner mistypes their name once, then logs in, both
/// from their own browser: the only agent seen failing there is the owner's, on one account.
#[test]
fn an_owners_mistyped_name_is_not_a_bots_client() {
    let mut n = run_night(60, "", "");
    let ip = "198.51.100.9";
    n.ev_ua(
        30_000 + 5 * 60 + 10,
        "owner1@mail.test",
        ip,
        false,
        "mine",
        PHONE,
    );
    n.ev_ua(
        30_000 + 5 * 60 + 25,
        "owner@mail.test",
        ip,
        true,
        "mine",
        PHONE,
    );
    let (c, _) = n.detect();
    assert!(!c.contains(&"owner@mail.test".to_string()), "{c:?}");
}

/// A night whose honest users log in with a dozen clients, and `ip` trying 12 accounts a
/// minute apart with `agent`, one attempt each, every other one getting in (a list that works
/// as often as a phished one does).
fn dense_night(ip: &str, agent: &str) -> Night {
    dense_night_at(ip, agent, &[60])
}

/// As [`dense_night`], the attempts `steps` seconds apart in turn.
fn dense_night_at(ip: &str, agent: &str, steps: &[i64]) -> Night {
    let mut n = Night::default();
    background(&mut n, 40, &mut Rng(58));
    for i in 0..12 {
        n.ev_ua(
            5_000 + 60 * i,
            &format!("client{i}@mail.test"),
            &format!("203.0.113.{}", 10 + i),
            true,
            "own-password",
            &format!("Browser/{i}.0"),
        );
    }
    let mut t = 30_000;
    for j in 0..12 {
        let ok = j % 2 == 1;
        let u = format!("{}{j}@mail.test", if ok { "phished" } else { "listed" });
        n.ev_ua(t, &u, ip, ok, "from-the-list", agent);
        t += steps.get(j % steps.len()).copied().unwrap_or(60);
    }
    n
}

/// A slow list: five and twenty minutes apart in turn, too slow for a failure run (its
/// failures lie 25 minutes apart), a dense run of 12 accounts in under three hours.
#[test]
fn a_slow_lists_dense_run_is_convicted() {
    let (c, _) = dense_night_at("198.51.100.20", BOT, &[300, 1_200]).detect_rows();
    let hits: Vec<_> = c.iter().filter(|r| r[0].starts_with("phished")).collect();
    assert_eq!(hits.len(), 6, "{c:?}");
    // An hour and a half between attempts: no run.
    let (c, _) = dense_night_at("198.51.100.20", BOT, &[5_400]).detect();
    assert!(!c.iter().any(|u| u.starts_with("phished")), "{c:?}");
}

/// Six failures and six logins: too few failures for a failure run, a dense run of twelve.
#[test]
fn a_phished_lists_dense_run_is_convicted() {
    let night = dense_night("198.51.100.20", BOT);
    let (c, _) = night.detect_rows();
    let hits: Vec<_> = c.iter().filter(|r| r[0].starts_with("phished")).collect();
    assert_eq!(hits.len(), 6, "{c:?}");
    assert!(hits.iter().all(|r| &r[4] == "list-run"), "{hits:?}");
    let (off, _) = night.detect_with("[rules]\nlist_run_dense_min_fails = 0\n");
    assert!(!off.iter().any(|u| u.starts_with("phished")), "{off:?}");
}

/// The same run from a sync service's address, whose own users it logs in there every hour
/// all night: most of its accounts are not one-attempt pairs, and nothing is convicted.
#[test]
fn a_sync_services_run_is_not_a_list() {
    let ip = "198.51.100.20";
    let mut night = dense_night(ip, BOT);
    for u in 0..30 {
        for h in 0..6 {
            night.ev_ua(
                3_600 * h + 20 * u,
                &format!("synced{u}@mail.test"),
                ip,
                true,
                "synced-password",
                BOT,
            );
        }
    }
    let (c, _) = night.detect();
    assert!(!c.iter().any(|u| u.starts_with("phished")), "{c:?}");
}
