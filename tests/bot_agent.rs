//! `bot-agent` on hand-made nights: a botnet that keeps its user agent fails with leaked pairs
//! at address after address, one or two attempts each, and gets into an account with one
//! attempt from an address it never used again: that login is convicted. A bot announcing the
//! agent honest users log in with all day convicts nobody, and neither does an exposed user.
//! Where the bot fails on one account and logs into another with a pair in no leak, the login
//! is the bot's too (`bot-agent-unleaked`); a subscriber's phone at that address is not.

mod common;

use common::{Night, Rng, background, first_col};

/// The bots' own agent (no honest user carries it tonight).
const BOT: &str = "Mozilla/5.0 (Windows NT 10.0; rv:128.0) Gecko/20100101 Firefox/128.0";
/// The agent of the service's app, which honest users log in with all day.
const APP: &str = "Phone/2.1 (Android 14)";

/// A botnet with user agent `ua`: failures with leaked pairs at `addrs` addresses of a
/// residential range (one or two each, hours apart), then a login into `victim` with its
/// leaked pair, one attempt, from an address it did nothing else from.
fn botnet(n: &mut Night, ua: &str, net: u8, addrs: i64, victim: &str) {
    for i in 0..addrs {
        let ip = format!("203.0.{net}.{}", 10 + i);
        for j in 0..1 + i % 2 {
            let u = format!("b{net}x{i}x{j}@mail.test");
            n.leak(&u, "dumped");
            n.ev_ua(3_600 + i * 1_500 + j * 40, &u, &ip, false, "dumped", ua);
        }
    }
    n.leak(victim, "reused");
    let ip = format!("198.18.{net}.77");
    n.ev_ua(20_000, victim, &ip, true, "reused", ua);
}

/// Honest users of the app: each logs in from home with their own password.
fn app_users(n: &mut Night, count: usize) {
    for i in 0..count {
        let u = format!("app{i}@mail.test");
        n.ev_ua(
            1_000 + i as i64 * 97,
            &u,
            &format!("198.51.200.{}", 1 + i),
            true,
            &format!("app-pass-{i}"),
            APP,
        );
    }
}

/// At the last of the botnet's addresses the bot fails on another account and then logs into
/// `private` with a pair in no leak (a dump the service does not know); a subscriber's phone
/// logs in there too with its own pair in no leak.
fn private_pair_visit(n: &mut Night) {
    let ip = "203.0.1.200";
    n.leak("b1x200@mail.test", "dumped");
    n.ev_ua(50_000, "b1x200@mail.test", ip, false, "dumped", BOT);
    n.ev_ua(
        50_030,
        "private@mail.test",
        ip,
        true,
        "not-in-any-leak",
        BOT,
    );
    n.ev_ua(50_100, "subscriber@mail.test", ip, true, "own-pass", APP);
}

/// The night; with the bot's visit of [`private_pair_visit`] when `private` (its login there
/// is one of the bot agent's clean logins: it needs fifty addresses per such login).
fn night(addrs: i64, private: bool) -> Night {
    let mut n = Night::default();
    background(&mut n, 60, &mut Rng(7));
    app_users(&mut n, 40);
    botnet(&mut n, BOT, 1, addrs, "victim@mail.test");
    botnet(&mut n, APP, 2, addrs, "appvictim@mail.test");
    if private {
        private_pair_visit(&mut n);
    }
    // An honest user whose current password is in a leak logs in from home with the app.
    n.leak("exposed@mail.test", "mine");
    n.ev_ua(30_000, "exposed@mail.test", "198.51.9.9", true, "mine", APP);
    n
}

#[test]
fn the_bots_login_is_convicted_and_the_app_users_are_not() {
    let (c, e) = night(60, true).detect_rows();
    let victim = c
        .iter()
        .find(|r| &r[0] == "victim@mail.test")
        .expect("the victim is convicted");
    common::assert_rule(std::slice::from_ref(victim), "bot-agent");
    assert!(
        victim.iter().any(|f| f.contains("at 61 addresses")),
        "{victim:?}"
    );
    let private = c
        .iter()
        .find(|r| &r[0] == "private@mail.test")
        .expect("the bot's login with a private pair is convicted");
    common::assert_rule(std::slice::from_ref(private), "bot-agent-unleaked");
    let (c, e) = (first_col(&c), first_col(&e));
    assert_eq!(c, ["private@mail.test", "victim@mail.test"], "{c:?}");
    assert_eq!(e, ["appvictim@mail.test", "exposed@mail.test"], "{e:?}");
}

#[test]
fn an_agent_at_too_few_addresses_or_with_the_rule_off_convicts_nobody() {
    let (c, _) = night(9, false).detect();
    assert!(c.is_empty(), "{c:?}");
    let (c, e) = night(60, true).detect_with("[rules]\nbot_agent_min_addresses = 0\n");
    assert!(c.is_empty(), "{c:?}");
    assert!(e.contains(&"victim@mail.test".to_string()), "{e:?}");
    let (c, _) = night(60, true).detect_with("[rules]\nbot_agent_unleaked = false\n");
    assert_eq!(c, ["victim@mail.test"], "{c:?}");
}

/// Without the clean-login guard the app's agent would be a bot's too: the guard is what
/// keeps its users' leaked-pair logins exposed. (The subscriber's app login beside the bot
/// stays out: the app's agent failed on no account at that address.)
#[test]
fn the_clean_logins_of_honest_users_hold_their_agent_back() {
    let (c, _) = night(60, true).detect_with("[rules]\nbot_agent_addresses_per_clean_login = 0\n");
    assert_eq!(
        c,
        [
            "appvictim@mail.test",
            "exposed@mail.test",
            "private@mail.test",
            "victim@mail.test"
        ],
        "{c:?}"
    );
}

/// The same night as CSV (the user agent in a `ua` column): the same convictions, so the
/// agents come through the CSV reader too.
#[test]
fn a_csv_log_gives_the_same_convictions() {
    let n = night(60, true);
    let dir = tempfile::tempdir().unwrap();
    n.write(dir.path());
    let mut w = csv::Writer::from_path(dir.path().join("events.csv")).unwrap();
    w.write_record(["ts", "user", "ip", "ok", "cred", "pw", "ua"])
        .unwrap();
    for l in &n.lines {
        let v: serde_json::Value = serde_json::from_str(l).unwrap();
        let f = |k: &str| match &v[k] {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        w.write_record(["ts", "user", "ip", "ok", "cred", "pw", "ua"].map(f))
            .unwrap();
    }
    w.flush().unwrap();
    let out = dir.path().join("csv-out");
    common::run_ok(
        std::process::Command::new(env!("CARGO_BIN_EXE_credsieve"))
            .arg("detect")
            .arg(dir.path().join("events.csv"))
            .arg("--leak-combos")
            .arg(dir.path().join("combos.txt"))
            .arg("--out")
            .arg(&out)
            .env_remove("CREDSIEVE_KEY"),
    );
    let (jsonl, _) = n.detect();
    assert_eq!(common::users(&out.join("compromised.csv")), jsonl);
    assert_eq!(jsonl, ["private@mail.test", "victim@mail.test"]);
}

/// Owners at home who log in with the bot's agent (an old but real browser a botnet copies),
/// each twice an hour apart with their own leaked current passwords: with three of them the
/// agent is no bot's alone, and its convictions are refused (the leaked-pair logins stay
/// exposed, with the reason); with two, or with the bar raised, it still convicts.
#[test]
fn owners_at_home_with_the_bots_agent_hold_it_back() {
    let with_residents = |count: usize| {
        let mut n = night(60, true);
        for i in 0..count {
            let u = format!("resident{i}@mail.test");
            n.leak(&u, "home-pass");
            let ip = format!("198.51.150.{}", 1 + i);
            n.ev_ua(10_000 + i as i64, &u, &ip, true, "home-pass", BOT);
            n.ev_ua(14_000 + i as i64, &u, &ip, true, "home-pass", BOT);
        }
        // An owner of the same browser whose current password is leaked logs in once.
        n.leak("oldbrowser@mail.test", "mine-too");
        n.ev_ua(
            40_000,
            "oldbrowser@mail.test",
            "198.51.160.1",
            true,
            "mine-too",
            BOT,
        );
        n
    };
    let (c, e) = with_residents(3).detect_rows();
    assert!(c.is_empty(), "{c:?}");
    let refused: Vec<&csv::StringRecord> = e
        .iter()
        .filter(|r| {
            r.iter()
                .any(|f| f.contains("bot-agent conviction was refused"))
        })
        .collect();
    assert_eq!(
        first_col(&refused.into_iter().cloned().collect::<Vec<_>>()),
        ["oldbrowser@mail.test", "victim@mail.test"]
    );
    let (c, _) = with_residents(2).detect();
    assert_eq!(
        c,
        [
            "oldbrowser@mail.test",
            "private@mail.test",
            "victim@mail.test"
        ],
        "{c:?}"
    );
    let (c, _) = with_residents(3).detect_with("[rules]\nbot_agent_max_residents = 3\n");
    assert_eq!(
        c,
        [
            "oldbrowser@mail.test",
            "private@mail.test",
            "victim@mail.test"
        ],
        "{c:?}"
    );
}

/// A busy carrier address: thirty subscribers log in there with their own pairs, the bot
/// fails there on one account, and a subscriber whose phone announces the bot's client (an
/// old app build a botnet copies) logs in with their own pair too. With 31 accounts logging in
/// there, chance alone puts the agent (two of the night's logins with pairs in no leak) on
/// more than the 0.05 of a login the check allows, so the login is not the bot's find:
/// refused by default, convicted with the check off. At the bot's quiet address of
/// [`private_pair_visit`] (two accounts logged in) it convicts as before.
#[test]
fn a_bots_agent_at_a_busy_carrier_address_is_chance() {
    // 121 addresses: the agent's two logins with pairs in no leak need a hundred.
    let mut n = night(120, true);
    let ip = "100.64.7.7";
    for i in 0..30 {
        let u = format!("carrier{i}@mail.test");
        n.ev_ua(5_000 + i * 300, &u, ip, true, &format!("own-{i}"), APP);
    }
    n.leak("b1x300@mail.test", "dumped");
    n.ev_ua(40_000, "b1x300@mail.test", ip, false, "dumped", BOT);
    n.ev_ua(41_000, "oldphone@mail.test", ip, true, "phone-pass", BOT);
    let (c, _) = n.detect();
    assert_eq!(c, ["private@mail.test", "victim@mail.test"], "{c:?}");
    let (c, _) = n.detect_with("[rules]\nbot_agent_unleaked_max_chance = 0\n");
    assert_eq!(
        c,
        [
            "oldphone@mail.test",
            "private@mail.test",
            "victim@mail.test"
        ],
        "{c:?}"
    );
}

/// Six bots of another campaign, each at an address of its own, fail with leaked pairs on
/// two accounts and log into a third with a leaked pair a minute later, each login made with
/// another agent than its failures (`hit-and-run`): the night's bots change their agents. On
/// such a night an agent failing at many addresses is a string the bots drew, not their
/// own, so the bot rules convict nothing (`bot_agent_min_agreeing_share`): the botnet's
/// victim stays exposed and its private-pair visit unconvicted, and `summary.json` says why.
/// With that bar at 0 both are convicted as before.
#[test]
fn a_night_whose_bots_change_agents_has_no_bot_agents() {
    let mut n = night(60, true);
    for i in 0..6i64 {
        let ip = format!("203.0.50.{}", 10 + i);
        for j in 0..2 {
            let u = format!("rot{i}x{j}@mail.test");
            n.leak(&u, "dumped");
            n.ev_ua(
                60_000 + i * 600 + j * 20,
                &u,
                &ip,
                false,
                "dumped",
                &format!("Rot/{i}.{j}"),
            );
        }
        let u = format!("hit{i}@mail.test");
        n.leak(&u, "reused");
        n.ev_ua(
            60_000 + i * 600 + 60,
            &u,
            &ip,
            true,
            "reused",
            &format!("Rot/{i}.9"),
        );
    }
    let hits: Vec<String> = (0..6).map(|i| format!("hit{i}@mail.test")).collect();
    let dir = tempfile::tempdir().unwrap();
    n.write(dir.path());
    let out = common::detect_dir(dir.path());
    let (c, e) = (
        common::users(&out.join("compromised.csv")),
        common::users(&out.join("exposed.csv")),
    );
    assert_eq!(c, hits, "{c:?}");
    assert!(e.contains(&"victim@mail.test".to_string()), "{e:?}");
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    assert_eq!(summary["agent_check"]["agents_rotate"], true, "{summary}");
    assert_eq!(summary["agent_check"]["unshared"], 6, "{summary}");
    let (c, _) = n.detect_with("[rules]\nbot_agent_min_agreeing_share = 0\n");
    let mut want = hits.clone();
    want.extend([
        "private@mail.test".to_string(),
        "victim@mail.test".to_string(),
    ]);
    want.sort();
    assert_eq!(c, want, "{c:?}");
}

/// An owner whose current password is in a leak logs in at home twice with the bot's agent (an
/// old browser the botnet copies), then once from a café. Her café login is a leaked pair's
/// one attempt with a bot's agent, but she logged in earlier elsewhere with the same pair and
/// the same agent: her own device, not the bot (`bot_agent_own_device`). With the guard off,
/// or with her home logins made with another agent, the café login is convicted.
#[test]
fn an_owners_device_seen_earlier_elsewhere_is_no_bots_login() {
    let off = "[rules]\nbot_agent_own_device = false\n";
    for (home_agent, cfg, convicted) in [(BOT, "", false), (BOT, off, true), (APP, "", true)] {
        let mut n = night(60, false);
        n.leak("traveller@mail.test", "hers");
        for t in [10_000, 11_000] {
            n.ev_ua(
                t,
                "traveller@mail.test",
                "198.51.7.7",
                true,
                "hers",
                home_agent,
            );
        }
        n.ev_ua(
            25_000,
            "traveller@mail.test",
            "198.18.5.5",
            true,
            "hers",
            BOT,
        );
        let (c, e) = n.detect_with(cfg);
        let case = format!("home agent {home_agent}, {cfg:?}");
        if convicted {
            assert_eq!(c, ["traveller@mail.test", "victim@mail.test"], "{case}");
        } else {
            assert_eq!(c, ["victim@mail.test"], "{case}");
            assert!(
                e.contains(&"traveller@mail.test".to_string()),
                "{case}: {e:?}"
            );
        }
    }
}
