//! The owner-agent check on hand-made nights: a residential proxy's exit, where a bot replays
//! leaked pairs with a new user agent for every attempt (so the night shows no agent the bots
//! keep, and the user-agent check stays off) and gets into one account. A subscriber whose
//! current password is in a leak logs in there too, with the phone they logged in with at
//! home and on the train earlier that night: that login is the owner's, and stays exposed. The
//! same login is convicted when the check is off, when the phone was seen at one other address
//! only, or when the phone's agent failed with a leaked pair at the exit too.

mod common;

use common::{Night, Rng, background, first_col};

/// The subscriber's phone.
const PHONE: &str = "Phone/3.2 (Android 15; owner-model)";
/// The exit the bot and the subscriber share.
const EXIT: &str = "203.0.113.50";

/// The night: the bot at the exit (failures on 40 accounts with leaked pairs, a new agent for
/// each, between 36,000 and 38,000 s, and a login into `victim@mail.test`), the subscriber's
/// logins at `homes` other addresses with the phone, and their login at the exit at 37,000 s.
fn night(homes: usize, phone_fails_at_exit: bool) -> Night {
    night_with(homes, phone_fails_at_exit, 0, true)
}

/// [`night`], with the phone's agent failing with a leaked pair at `replays` addresses
/// elsewhere (a bot drawing it from its list), and without the bot's login into
/// `victim@mail.test` when `victim` is false.
fn night_with(homes: usize, phone_fails_at_exit: bool, replays: usize, victim: bool) -> Night {
    let mut n = Night::default();
    background(&mut n, 60, &mut Rng(11));
    for i in 0..40 {
        let u = format!("list{i}@mail.test");
        n.leak(&u, "dumped");
        n.ev_ua(
            36_000 + i * 50,
            &u,
            EXIT,
            false,
            "dumped",
            &format!("Bot/{i}"),
        );
    }
    n.leak("victim@mail.test", "reused");
    n.ev_ua(
        36_010,
        "victim@mail.test",
        EXIT,
        victim,
        "reused",
        "Bot/victim",
    );
    if phone_fails_at_exit {
        n.leak("list99@mail.test", "dumped");
        n.ev_ua(36_020, "list99@mail.test", EXIT, false, "dumped", PHONE);
    }
    for r in 0..replays {
        let u = format!("far{r}@mail.test");
        n.leak(&u, "dumped");
        let ip = format!("192.0.2.{}", 10 + r);
        n.ev_ua(5_000 + r as i64 * 100, &u, &ip, false, "dumped", PHONE);
    }
    n.leak("owner@mail.test", "current");
    for h in 0..homes {
        let ip = format!("198.51.100.{}", 10 + h);
        n.ev_ua(
            20_000 + h as i64 * 3_000,
            "owner@mail.test",
            &ip,
            true,
            "current",
            PHONE,
        );
    }
    n.ev_ua(37_000, "owner@mail.test", EXIT, true, "current", PHONE);
    n
}

/// The exposed row says why the owner was not convicted.
#[test]
fn the_owners_own_phone_at_the_bots_exit_stays_exposed() {
    let (c, rows) = night(2, false).detect_rows();
    let (c, e) = (first_col(&c), first_col(&rows));
    assert_eq!(c, ["victim@mail.test"], "{c:?}");
    assert_eq!(e, ["owner@mail.test"], "{e:?}");
    let reason = rows.first().and_then(|r| r.get(5)).unwrap_or_default();
    assert!(
        reason.contains("user agent is the account's own"),
        "{reason}"
    );
}

#[test]
fn without_the_check_the_owners_login_is_the_bots() {
    let (c, e) = night(2, false).detect_with("[rules]\nown_agent_check = false\n");
    assert_eq!(c, ["owner@mail.test", "victim@mail.test"], "{c:?}");
    assert!(e.is_empty(), "{e:?}");
}

/// The phone at one other address is not enough by default (an attacker's own device can
/// return to an account it took); the bar is configurable.
#[test]
fn one_other_address_is_not_enough_by_default() {
    let (c, _) = night(1, false).detect();
    assert_eq!(c, ["owner@mail.test", "victim@mail.test"], "{c:?}");
    let (c, e) = night(1, false).detect_with("[rules]\nown_agent_min_addresses = 1\n");
    assert_eq!(c, ["victim@mail.test"], "{c:?}");
    assert_eq!(e, ["owner@mail.test"], "{e:?}");
}

/// An agent that replayed a leaked pair at the exit is a bot's there, whoever else carries it;
/// one that replayed at two addresses elsewhere is a bot's list's (one is the owner's own old
/// password at home).
#[test]
fn an_agent_that_replays_is_no_owners_proof() {
    let (c, _) = night(2, true).detect();
    assert_eq!(c, ["owner@mail.test", "victim@mail.test"], "{c:?}");
    let (c, _) = night_with(2, false, 2, true).detect();
    assert_eq!(c, ["owner@mail.test", "victim@mail.test"], "{c:?}");
    let (c, _) = night_with(2, false, 1, true).detect();
    assert_eq!(c, ["victim@mail.test"], "{c:?}");
}

/// The bot got into nobody at the exit: the owner is the only account that logged in there,
/// and their own phone still clears them (the address need not be shared; a residential
/// proxy's exit is somebody's phone on a carrier NAT). Requiring two accounts there, as
/// before, convicts them.
#[test]
fn the_owner_alone_at_the_bots_exit_stays_exposed() {
    let (c, e) = night_with(2, false, 0, false).detect();
    assert!(c.is_empty(), "{c:?}");
    assert_eq!(e, ["owner@mail.test"], "{e:?}");
    let (c, _) =
        night_with(2, false, 0, false).detect_with("[rules]\nown_agent_min_succ_accounts = 2\n");
    assert_eq!(c, ["owner@mail.test"], "{c:?}");
}

/// [`night`] with the phone's agent also failing with a leaked pair at the exit (so the check
/// anywhere cannot clear the owner) and the owner's one other login with the phone at
/// `at` seconds from another address of the exit's /16 (the carrier's pool), none elsewhere.
fn night_in_the_exits_network(at: i64) -> Night {
    let mut n = night_with(0, true, 0, true);
    n.ev_ua(at, "owner@mail.test", "203.0.7.9", true, "current", PHONE);
    n
}

/// The owner's phone moving between the addresses of its carrier's pool: seen with its
/// leaked pair at another address of the exit's owner network earlier that night, it is the
/// owner's login, whatever a bot did with the same agent.
#[test]
fn the_owners_phone_earlier_in_the_exits_network_stays_exposed() {
    let (c, rows) = night_in_the_exits_network(30_000).detect_rows();
    let (c, e) = (first_col(&c), first_col(&rows));
    assert_eq!(c, ["victim@mail.test"], "{c:?}");
    assert_eq!(e, ["owner@mail.test"], "{e:?}");
    let reason = rows.first().and_then(|r| r.get(5)).unwrap_or_default();
    assert!(
        reason.contains("user agent is the account's own"),
        "{reason}"
    );
    let (c, _) = night_in_the_exits_network(30_000)
        .detect_with("[rules]\nown_agent_net_min_addresses = 0\n");
    assert_eq!(c, ["owner@mail.test", "victim@mail.test"], "{c:?}");
}

/// Only an earlier login proves the owner: the same agent in the network after the login is
/// as likely the attacker coming back to the account it took.
#[test]
fn the_agent_in_the_network_only_later_is_no_owners_proof() {
    let (c, _) = night_in_the_exits_network(40_000).detect();
    assert_eq!(c, ["owner@mail.test", "victim@mail.test"], "{c:?}");
}
