//! The crowd check of `hit-and-run-unleaked` on hand-made nights: a carrier's pool during a
//! flash sale, where 300 subscribers log in within a minute and a checker bot fails with one
//! leaked pair at each of 100 of the pool's addresses at the same time. One subscriber lands on
//! an address the bot just left and logs in with their own password: chance, not the bot's
//! find, and not convicted. The same login is convicted when the check is off, or when the
//! subscribers' logins are spread over the day (no crowd to meet by chance). The same for
//! `bot-agent-unleaked`, where the checker sends the shop app's own user agent and the lucky
//! subscriber logs in with that app minutes after the bot's failure.

mod common;

use common::{Night, Rng, account_col, background};

/// The checker bot's user agent: the shop's own app.
const APP: &str = "ShopApp/9.4 (Android 14)";

/// The subscriber who lands on the bot's first address.
const LUCKY: &str = "lucky@mail.test";

/// The night: the bot's failures between 68,400 and 68,460 s, at 100.70.10.1 and on; the
/// subscribers' logins at 300 other addresses of 100.70.0.0/16, within that minute when
/// `crowd`, else spread over the day; the lucky subscriber at the bot's first address 20 s
/// after its failure there.
fn night(crowd: bool) -> Night {
    night_of(crowd, None)
}

/// [`night`], every event with a user agent when `app_at` is given: the bot's failures with
/// the shop app's, each subscriber's with a phone of their own, and the lucky subscriber's
/// login with the app, at `app_at` seconds instead of 68,420.
fn night_of(crowd: bool, app_at: Option<i64>) -> Night {
    let mut n = Night::default();
    let mut rng = Rng(27);
    background(&mut n, 60, &mut rng);
    for j in 0..100i64 {
        let u = format!("list{j}@mail.test");
        n.leak(&u, "dumped");
        let ip = format!("100.70.{}.{}", 10 + j / 200, 1 + j % 200);
        let at = 68_400 + j * 60 / 100;
        match app_at {
            Some(_) => n.ev_ua(at, &u, &ip, false, "dumped", APP),
            None => n.ev(at, &u, &ip, false, "dumped"),
        }
    }
    for i in 0..300i64 {
        let ip = format!("100.70.{}.{}", i / 200, 1 + i % 200);
        let at = if crowd {
            68_400 + rng.below(60) as i64
        } else {
            rng.below(86_000) as i64
        };
        let (user, password) = (format!("sub{i}@mail.test"), format!("own-{i}"));
        match app_at {
            Some(_) => n.ev_ua(at, &user, &ip, true, &password, &format!("Phone/{i}")),
            None => n.ev(at, &user, &ip, true, &password),
        }
    }
    match app_at {
        Some(t) => n.ev_ua(t, LUCKY, "100.70.10.1", true, "lucky-own", APP),
        None => n.ev(68_420, LUCKY, "100.70.10.1", true, "lucky-own"),
    }
    n
}

#[test]
fn a_subscriber_meeting_the_bot_in_a_crowd_is_not_convicted() {
    let (c, _) = night(true).detect();
    assert!(!c.iter().any(|u| u == LUCKY), "{c:?}");
}

/// The lucky subscriber's rule in `rows`, if convicted.
fn lucky_rule(rows: &[csv::StringRecord]) -> Option<String> {
    let col = account_col("rule");
    rows.iter()
        .find(|r| r.get(0) == Some(LUCKY))
        .and_then(|r| r.get(col))
        .map(String::from)
}

#[test]
fn the_same_login_is_convicted_with_the_check_off() {
    let (c, _) = night(true).detect_rows_with("[rules]\ncrowd_chance_ratio = 0\n");
    assert_eq!(lucky_rule(&c).as_deref(), Some("hit-and-run-unleaked"));
}

#[test]
fn the_same_login_without_the_crowd_is_convicted() {
    let (c, _) = night(false).detect_rows();
    assert_eq!(lucky_rule(&c).as_deref(), Some("hit-and-run-unleaked"));
}

/// The lucky subscriber logs in with the shop app (the checker's agent) 200 s after the bot's
/// failure at their address: beyond the hit-and-run windows, a `bot-agent-unleaked` candidate.
fn app_night(crowd: bool) -> Night {
    night_of(crowd, Some(68_600))
}

/// `hit-and-run-unleaked-agent` off, so that `bot-agent-unleaked` is the one rule left for
/// the shopper's login.
const BOT_RULE_ONLY: &str = "[rules]\nhit_and_run_unleaked_agent_window_secs = 0\n";

#[test]
fn a_shopper_with_the_checkers_agent_in_a_crowd_is_not_convicted() {
    let (c, _) = app_night(true).detect();
    assert!(!c.iter().any(|u| u == LUCKY), "{c:?}");
    let (c, _) = app_night(true).detect_rows_with(BOT_RULE_ONLY);
    assert_eq!(lucky_rule(&c), None, "{c:?}");
    let off = format!("{BOT_RULE_ONLY}crowd_chance_ratio = 0\n");
    let (c, _) = app_night(true).detect_rows_with(&off);
    assert_eq!(lucky_rule(&c).as_deref(), Some("bot-agent-unleaked"));
    let (c, _) = app_night(false).detect_rows_with(BOT_RULE_ONLY);
    assert_eq!(lucky_rule(&c).as_deref(), Some("bot-agent-unleaked"));
}

/// [`night`] where every tenth subscriber's own password is in a leak (a tenth of the night's
/// logins are exposed users'), and the lucky subscriber's too: their login 20 s after the
/// bot's failed replay at their address is a leaked pair's, a `stuffing-near` (and
/// `hit-and-run`) candidate.
fn exposed_night(crowd: bool) -> Night {
    let mut n = night(crowd);
    for i in (0..300).step_by(10) {
        n.leak(&format!("sub{i}@mail.test"), &format!("own-{i}"));
    }
    n.leak(LUCKY, "lucky-own");
    n
}

/// The crowd check of the leaked-pair rules: chance puts exposed subscribers beside the bot's
/// failing addresses (the expectation times the night's share of leaked-pair logins) twice as
/// often as the rules convict there, so the lucky exposed subscriber is not convicted; with that
/// check off, or without the crowd, the same login is `stuffing-near`'s.
#[test]
fn an_exposed_subscriber_meeting_the_bot_in_a_crowd_is_not_convicted() {
    let (c, _) = exposed_night(true).detect_rows();
    assert_eq!(lucky_rule(&c), None, "{c:?}");
    let (c, _) = exposed_night(true).detect_rows_with("[rules]\ncrowd_leaked_chance_ratio = 0\n");
    assert_eq!(lucky_rule(&c).as_deref(), Some("stuffing-near"));
    let (c, _) = exposed_night(false).detect_rows();
    assert_eq!(lucky_rule(&c).as_deref(), Some("stuffing-near"));
}
