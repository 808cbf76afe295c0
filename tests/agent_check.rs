//! The user-agent check on hand-made nights: at a carrier address shared by a bot and a
//! subscriber, the subscriber's leaked-pair login from their own device is refused as a
//! conviction when the night's bots show they keep their user agent; when they rotate it, or
//! when the logs cannot be read twice, the check stays out of the way.

mod common;

use std::io::Write;
use std::process::{Command, Stdio};

use common::{Night, Rng, background, first_col, lone_stuffers, rows, shared_carrier};

/// An honest background, five lone stuffers and the shared carrier address; the bots keep
/// their user agents, or draw a new one for every attempt (`rotating`).
fn carrier_night(rotating: bool) -> Night {
    let mut n = Night::default();
    background(&mut n, 60, &mut Rng(31));
    if rotating {
        lone_stuffers(&mut n, |i, j| format!("bot/{i}.{j}"));
        shared_carrier(&mut n, |j| format!("bot/carrier.{j}"));
    } else {
        lone_stuffers(&mut n, |i, _| format!("bot/{i}"));
        shared_carrier(&mut n, |_| "bot/carrier".into());
    }
    n
}

/// `detect` on night `n`: its directory (kept while the output is read) and the output's.
fn detect_night(n: &Night) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    n.write(dir.path());
    let out = common::detect_dir(dir.path());
    (dir, out)
}

/// `detect` on night `n` with configuration `toml`: the compromised rows.
fn detect_configured(n: &Night, toml: &str) -> Vec<csv::StringRecord> {
    let dir = tempfile::tempdir().unwrap();
    n.write(dir.path());
    let cfg = dir.path().join("c.toml");
    std::fs::write(&cfg, toml).unwrap();
    let out = common::detect_dir_with(dir.path(), &["--config".as_ref(), cfg.as_os_str()]);
    rows(&out.join("compromised.csv"))
}

/// `summary.json`'s account of the check.
fn agent_check(out: &std::path::Path) -> serde_json::Value {
    let s = std::fs::read_to_string(out.join("summary.json")).unwrap();
    let v: serde_json::Value = serde_json::from_str(&s).unwrap();
    v["agent_check"].clone()
}

/// The bots keep their user agents: the subscriber's login is refused and listed as exposed
/// with the reason; the bots' own logins stand.
#[test]
fn subscriber_login_from_another_device_is_refused() {
    let n = carrier_night(false);
    let (c, e) = n.detect_rows();
    let convicted = first_col(&c);
    for v in ["carrier3@mail.test", "s0x7@mail.test", "s4x7@mail.test"] {
        assert!(convicted.contains(&v.to_string()), "{v}: {convicted:?}");
    }
    assert!(
        !convicted.contains(&"sub@mail.test".to_string()),
        "{convicted:?}"
    );
    let sub = e
        .iter()
        .find(|r| &r[0] == "sub@mail.test")
        .expect("sub is exposed");
    assert!(sub.iter().any(|f| f.contains("refused")), "{sub:?}");
    let out = tempfile::tempdir().unwrap();
    n.write(out.path());
    let check = agent_check(&common::detect_dir(out.path()));
    assert_eq!(check["applied"], true, "{check}");
    assert_eq!(check["vetoed"], 1, "{check}");
}

/// The same night with the check off in the configuration: the subscriber is convicted, as
/// the failures around the login say.
#[test]
fn the_check_can_be_turned_off() {
    let n = carrier_night(false);
    let convicted = first_col(&detect_configured(&n, "[rules]\nagent_check = false\n"));
    assert!(
        convicted.contains(&"sub@mail.test".to_string()),
        "{convicted:?}"
    );
}

/// Bots that draw a new user agent for every attempt: the night does not show the premise, the
/// check does not apply, and the subscriber is convicted as before.
#[test]
fn rotating_bots_leave_the_check_off() {
    let n = carrier_night(true);
    let (_dir, out) = detect_night(&n);
    let convicted = first_col(&rows(&out.join("compromised.csv")));
    assert!(
        convicted.contains(&"sub@mail.test".to_string()),
        "{convicted:?}"
    );
    let check = agent_check(&out);
    assert_eq!(check["applied"], false, "{check}");
    assert_eq!(
        (
            check["unshared"].as_u64(),
            check["unshared_agreeing"].as_u64()
        ),
        (Some(5), Some(0))
    );
}

/// Bots that mostly keep their user agent: three of the five lone stuffers and the carrier's
/// bot do, two stuffers draw a new one for every attempt. Three in five is enough for the
/// night to show the premise
/// (`agent_min_agreeing_share` 0.6): the subscriber's login from their own phone is refused;
/// asking for three in four leaves the night's check off, and the subscriber is refused by
/// the carrier address's own failures, one bot agent over all of them
/// (`agent_steady_fails_per_agent`), and convicted without that too.
#[test]
fn bots_that_mostly_keep_their_agent_apply_the_check() {
    let mut n = Night::default();
    background(&mut n, 60, &mut Rng(31));
    lone_stuffers(&mut n, |i, j| {
        if i < 3 {
            format!("bot/{i}")
        } else {
            format!("bot/{i}.{j}")
        }
    });
    shared_carrier(&mut n, |_| "bot/carrier".into());
    let (_dir, out) = detect_night(&n);
    let check = agent_check(&out);
    assert_eq!(
        (
            check["unshared"].as_u64(),
            check["unshared_agreeing"].as_u64(),
            check["applied"].as_bool()
        ),
        (Some(5), Some(3), Some(true)),
        "{check}"
    );
    let convicted = first_col(&rows(&out.join("compromised.csv")));
    assert!(
        !convicted.contains(&"sub@mail.test".to_string()),
        "{convicted:?}"
    );
    let strict = first_col(&detect_configured(
        &n,
        "[rules]\nagent_min_agreeing_share = 0.75\n",
    ));
    assert!(!strict.contains(&"sub@mail.test".to_string()), "{strict:?}");
    let strict = first_col(&detect_configured(
        &n,
        "[rules]\nagent_min_agreeing_share = 0.75\nagent_steady_fails_per_agent = 0\n",
    ));
    assert!(strict.contains(&"sub@mail.test".to_string()), "{strict:?}");
}

/// Standard input cannot be read twice: the check is skipped, the run says so (a note on
/// standard error and the reason in summary.json), and the verdicts are the unchecked ones.
#[test]
fn standard_input_skips_the_check_and_says_so() {
    let n = carrier_night(false);
    let dir = tempfile::tempdir().unwrap();
    let (ev, co, pw) = n.write(dir.path());
    let out = dir.path().join("out");
    let mut child = Command::new(env!("CARGO_BIN_EXE_credsieve"))
        .args(["detect", "-"])
        .args(["--leak-combos".as_ref(), co.as_os_str()])
        .args(["--leak-passwords".as_ref(), pw.as_os_str()])
        .args(["--out".as_ref(), out.as_os_str()])
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(&std::fs::read(ev).unwrap())
        .unwrap();
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("user-agent check did not run"), "{err}");
    let check = agent_check(&out);
    assert_eq!(check["skipped"], "standard input is read once", "{check}");
    let convicted = first_col(&rows(&out.join("compromised.csv")));
    assert!(
        convicted.contains(&"sub@mail.test".to_string()),
        "{convicted:?}"
    );
}

/// `sweep` applies the check as `detect` does: on the carrier night, the point with the check
/// has no false conviction, the point without it convicts the subscriber.
#[test]
fn sweep_applies_the_check_per_point() {
    let truth = (0..5)
        .map(|i| format!("s{i}x7@mail.test"))
        .chain(["carrier3@mail.test".into()]);
    let table = sweep_table(
        &carrier_night(false),
        truth,
        "[rules]\nagent_check = [true, false]\n",
    );
    let fp_of = |check: &str| {
        table
            .iter()
            .find(|r| &r[0] == "credsieve" && &r[2] == check)
            .map(|r| r[5].to_string())
    };
    assert_eq!(fp_of("true").as_deref(), Some("0"), "{table:?}");
    assert_eq!(fp_of("false").as_deref(), Some("1"), "{table:?}");
}

/// `sweep` on night `n` with truth `users` and grid `grid`: the table's rows.
fn sweep_table(
    n: &Night,
    users: impl Iterator<Item = String>,
    grid: &str,
) -> Vec<csv::StringRecord> {
    let dir = tempfile::tempdir().unwrap();
    let (ev, co, pw) = n.write(dir.path());
    let mut truth = String::from("user\n");
    for u in users {
        truth.push_str(&format!("{u}\n"));
    }
    std::fs::write(dir.path().join("truth.csv"), truth).unwrap();
    let grid_path = dir.path().join("grid.toml");
    std::fs::write(&grid_path, grid).unwrap();
    let out = dir.path().join("sweep");
    common::run_ok(
        Command::new(env!("CARGO_BIN_EXE_credsieve"))
            .arg("sweep")
            .args(["--truth".as_ref(), dir.path().join("truth.csv").as_os_str()])
            .args(["--grid".as_ref(), grid_path.as_os_str()])
            .args(["--leak-combos".as_ref(), co.as_os_str()])
            .args(["--leak-passwords".as_ref(), pw.as_os_str()])
            .args(["--out".as_ref(), out.as_os_str()])
            .arg(&ev),
    );
    rows(&out.join("sweep.csv"))
}

/// The night of `hit-and-run-agent`'s test, the bot's login from its own agent.
fn burst_night(login_agent: &str) -> Night {
    let mut n = Night::default();
    background(&mut n, 40, &mut Rng(17));
    common::agent_burst(&mut n, "taken@mail.test", "100.66.3.3", login_agent);
    n
}

/// `sweep` reads `hit-and-run-agent`'s candidates once and convicts per point: the bot's
/// login is found with the rule on, missed with it off.
#[test]
fn sweep_finds_bursts_per_point() {
    let table = sweep_table(
        &burst_night(BOT_AGENT),
        ["taken@mail.test".to_string()].into_iter(),
        "[rules]\nagent_burst_secs = [0, 180]\n",
    );
    let tp_of = |secs: &str| {
        table
            .iter()
            .find(|r| &r[0] == "credsieve" && &r[2] == secs)
            .map(|r| (r[4].to_string(), r[5].to_string()))
    };
    assert_eq!(tp_of("180"), Some(("1".into(), "0".into())), "{table:?}");
    assert_eq!(tp_of("0"), Some(("0".into(), "0".into())), "{table:?}");
}

/// The bot's user agent in [`common::agent_burst`].
const BOT_AGENT: &str = "Mozilla/5.0 (Macintosh) Safari/18.1";

/// `hit-and-run-agent`: the bot's login at the carrier address, between its failed replays
/// with the same user agent, is convicted; from another agent (a subscriber's device) it is
/// not, nor with the rule off.
#[test]
fn a_login_from_the_failing_agent_at_a_shared_address_is_convicted() {
    let (c, _) = burst_night(BOT_AGENT).detect_rows();
    let taken = c
        .iter()
        .find(|r| &r[0] == "taken@mail.test")
        .unwrap_or_else(|| panic!("taken is convicted: {c:?}"));
    assert_eq!(&taken[4], "hit-and-run-agent", "{taken:?}");
    assert!(
        taken[5].contains("failures on 2 other accounts"),
        "{taken:?}"
    );
    assert_eq!(first_col(&c), vec!["taken@mail.test".to_string()]);
    let (c, _) = burst_night("Phone/3 (iOS 18)").detect_rows();
    assert!(c.is_empty(), "{c:?}");
    let n = burst_night(BOT_AGENT);
    assert!(detect_configured(&n, "[rules]\nagent_burst_secs = 0\n").is_empty());
}

/// A night whose ten lone stuffers keep their user agents (each logs into one account with the
/// agent it failed with), and, at an address nobody else logged in from, a passing bot's one
/// failed replay twenty seconds from a subscriber's own login (`passer`), its password in no
/// leak, made with the subscriber's phone (`login_agent`).
fn lone_passer_night(login_agent: &str) -> Night {
    lone_passer_night_of(10, login_agent)
}

/// [`lone_passer_night`] with `stuffers` lone stuffers.
fn lone_passer_night_of(stuffers: i64, login_agent: &str) -> Night {
    let mut n = lone_stuffers_night(stuffers);
    bot_passing(&mut n, "100.70.1.1", 30_000, 20, "", login_agent);
    n
}

/// An honest background and `stuffers` lone stuffers that keep their user agents.
fn lone_stuffers_night(stuffers: i64) -> Night {
    let mut n = Night::default();
    background(&mut n, 60, &mut Rng(43));
    common::stuffers_at(&mut n, 0..stuffers, |i, _| format!("bot/{i}"));
    n
}

/// At `ip`, nobody else logging in there: a passing bot's failed replay at `at` on
/// `replayed{tag}@mail.test`, and `gap` seconds later `passer{tag}@mail.test`'s own login
/// with the password `their-own` (in no leak unless the caller leaks it), made with
/// `login_agent`.
fn bot_passing(n: &mut Night, ip: &str, at: i64, gap: i64, tag: &str, login_agent: &str) {
    let replayed = format!("replayed{tag}@mail.test");
    n.leak(&replayed, "combo");
    n.ev_ua(at, &replayed, ip, false, "combo", "bot/passing");
    let passer = format!("passer{tag}@mail.test");
    n.ev_ua(at + gap, &passer, ip, true, "their-own", login_agent);
}

/// `hit-and-run-unleaked` at a lone address: on a night whose bots keep their agent at such
/// addresses (10 of 11 convictions there agree: at least `agent_lone_min_agreeing_share` 0.9),
/// the login made with another agent than the failure's is refused; made with the failure's
/// own agent it is the bot's, and convicted; with the share at 1 and no outlier allowed
/// (`agent_lone_max_disagreeing` 0) the check leaves lone addresses alone.
#[test]
fn lone_unleaked_login_from_another_agent_is_refused() {
    let passer = "passer@mail.test".to_string();
    let (c, _) = lone_passer_night("Phone/2.1 (Android 14)").detect_rows();
    let convicted = first_col(&c);
    assert!(
        convicted.contains(&"s9x7@mail.test".to_string()),
        "{convicted:?}"
    );
    assert!(!convicted.contains(&passer), "{convicted:?}");
    let (c, _) = lone_passer_night("bot/passing").detect_rows();
    let bot = c.iter().find(|r| r[0] == *passer).expect("the bot's login");
    assert_eq!(&bot[4], "hit-and-run-unleaked", "{bot:?}");
    let off = first_col(&detect_configured(
        &lone_passer_night("Phone/2.1 (Android 14)"),
        "[rules]\nagent_lone_min_agreeing_share = 1.0\nagent_lone_max_disagreeing = 0\n",
    ));
    assert!(off.contains(&passer), "{off:?}");
}

/// A night of ten lone stuffers that keep their agents, and at an address nobody else logged
/// in from a passing bot's one failed replay, then `gap` seconds later a subscriber's login
/// with their own leaked (current) pair, made with `login_agent`.
fn replay_passer_night(gap: i64, login_agent: &str) -> Night {
    let mut n = lone_stuffers_night(10);
    n.leak("passer@mail.test", "their-own");
    bot_passing(&mut n, "100.70.1.1", 30_000, gap, "", login_agent);
    n
}

/// `hit-and-run` at a lone address, on a night whose bots keep their agents: the leaked-pair
/// login made with another agent than the failure's is refused (and listed as exposed), in the
/// replay tier (a failed replay within 900 s, the address's other attempts further than its
/// 600 s window; session 31) and the tight tier (every other attempt within 600 s; session 32)
/// alike; made with the failure's own agent it is the bot's, convicted in either tier. With
/// the lone-address refusal off the tight tier's login is convicted.
#[test]
fn lone_hit_and_run_login_from_another_agent_is_refused_in_every_tier() {
    let passer = "passer@mail.test".to_string();
    for gap in [700, 400] {
        let (c, e) = replay_passer_night(gap, "Phone/2.1 (Android 14)").detect_rows();
        let convicted = first_col(&c);
        assert!(
            convicted.contains(&"s9x7@mail.test".to_string()),
            "{gap}: {convicted:?}"
        );
        assert!(!convicted.contains(&passer), "{gap}: {convicted:?}");
        assert!(first_col(&e).contains(&passer), "{gap}: {e:?}");
        let (c, _) = replay_passer_night(gap, "bot/passing").detect_rows();
        let bot = c.iter().find(|r| r[0] == *passer).expect("the bot's login");
        assert_eq!(&bot[4], "hit-and-run", "{gap}: {bot:?}");
    }
    let off = detect_configured(
        &replay_passer_night(400, "Phone/2.1 (Android 14)"),
        "[rules]\nagent_lone_max_disagreeing = 0\nagent_lone_min_agreeing_share = 1.0\n",
    );
    let tight = off
        .iter()
        .find(|r| r[0] == *passer)
        .expect("the tight tier");
    assert_eq!(&tight[4], "hit-and-run", "{tight:?}");
}

/// On a night of five lone stuffers that keep their agents the subscriber's login is the one
/// conviction of six that disagrees (a share of 0.83, under 0.9): as the night's only outlier
/// it is refused all the same (`agent_lone_max_disagreeing` 1), and convicted with it at 0.
#[test]
fn the_nights_one_disagreeing_lone_login_is_refused() {
    let passer = "passer@mail.test".to_string();
    let (c, _) = lone_passer_night_of(5, "Phone/2.1 (Android 14)").detect_rows();
    let convicted = first_col(&c);
    assert!(
        convicted.contains(&"s4x7@mail.test".to_string()),
        "{convicted:?}"
    );
    assert!(!convicted.contains(&passer), "{convicted:?}");
    let off = first_col(&detect_configured(
        &lone_passer_night_of(5, "Phone/2.1 (Android 14)"),
        "[rules]\nagent_lone_max_disagreeing = 0\n",
    ));
    assert!(off.contains(&passer), "{off:?}");
}

/// `stuffers` lone stuffers that keep their agents and `passers` subscribers, each at an
/// address nobody else logged in from, logging in with their own phone twenty seconds from a
/// passing bot's failed replay there (`passer{p}@mail.test`).
fn lone_passers_night(stuffers: i64, passers: usize) -> Night {
    let mut n = Night::default();
    background(&mut n, 60, &mut Rng(47));
    common::stuffers_at(&mut n, 0..stuffers, |i, _| format!("bot/{i}"));
    for p in 0..passers {
        let ip = format!("100.70.{}.1", 1 + p);
        let at = 30_000 + p as i64 * 2_000;
        bot_passing(
            &mut n,
            &ip,
            at,
            20,
            &p.to_string(),
            "Phone/2.1 (Android 14)",
        );
    }
    n
}

/// Two outliers among twelve lone convictions (a share of 0.83, under 0.9) are both refused
/// (`agent_lone_max_disagreeing` 2, `agent_lone_outlier_min_share` 0.8); two among five (0.6)
/// are no premise, and both are convicted; with one outlier allowed, the two of twelve too.
#[test]
fn the_nights_two_disagreeing_lone_logins_are_refused_where_most_agree() {
    let passers = ["passer0@mail.test", "passer1@mail.test"];
    let (c, _) = lone_passers_night(10, 2).detect_rows();
    let convicted = first_col(&c);
    assert!(
        convicted.contains(&"s9x7@mail.test".to_string()),
        "{convicted:?}"
    );
    assert!(
        !passers.iter().any(|p| convicted.contains(&p.to_string())),
        "{convicted:?}"
    );
    let (c, _) = lone_passers_night(3, 2).detect_rows();
    let convicted = first_col(&c);
    assert!(
        passers.iter().all(|p| convicted.contains(&p.to_string())),
        "{convicted:?}"
    );
    let one = first_col(&detect_configured(
        &lone_passers_night(10, 2),
        "[rules]\nagent_lone_max_disagreeing = 1\n",
    ));
    assert!(
        passers.iter().all(|p| one.contains(&p.to_string())),
        "{one:?}"
    );
}

/// A bot passes a carrier address in a log without user agents: it fails with leaked pairs on
/// three accounts twenty seconds apart and gets into one between them (`stuffing-near`). Two
/// subscribers live there, and a third, whose current password is in a leak, logs in three
/// minutes after the bot's last failure, and that evening from home, in the same /16. No agent
/// tells the bot's client from the subscriber's phone, so the check cannot judge the night;
/// the subscriber is told apart by their own network and by their login coming minutes, not
/// seconds, from the bot (`agentless_owner_secs`): exposed with the reason, the bot's login
/// convicted. With that fallback off both are convicted.
#[test]
fn an_owner_beside_a_bot_without_agents_is_told_apart_by_their_network() {
    let mut n = Night::default();
    background(&mut n, 60, &mut Rng(33));
    let nat = "100.66.4.4";
    for (k, at) in [10_000, 50_000].into_iter().enumerate() {
        let u = format!("resident{k}@mail.test");
        n.ev(at, &u, nat, true, "their-own");
        n.ev(at + 7_200, &u, nat, true, "their-own");
    }
    for j in 0..3 {
        let u = format!("replayed{j}@mail.test");
        n.leak(&u, "dumped");
        n.ev(30_000 + j * 20, &u, nat, false, "dumped");
    }
    n.leak("taken@mail.test", "reused");
    n.ev(30_030, "taken@mail.test", nat, true, "reused");
    n.leak("owner@mail.test", "still-mine");
    n.ev(30_220, "owner@mail.test", nat, true, "still-mine");
    n.ev(
        60_000,
        "owner@mail.test",
        "100.66.200.9",
        true,
        "still-mine",
    );
    n.strip_agents();
    let dir = tempfile::tempdir().unwrap();
    n.write(dir.path());
    assert!(
        !std::fs::read_to_string(dir.path().join("events.jsonl"))
            .unwrap()
            .contains("\"ua\"")
    );
    let out = common::detect_dir(dir.path());
    let (c, e) = (
        rows(&out.join("compromised.csv")),
        rows(&out.join("exposed.csv")),
    );
    assert_eq!(first_col(&c), ["taken@mail.test"], "{c:?}");
    common::assert_rule(&c, "stuffing-near");
    let owner = e
        .iter()
        .find(|r| &r[0] == "owner@mail.test")
        .expect("the owner is exposed");
    assert!(
        owner
            .iter()
            .any(|f| f.contains("its owner logs in from the same network")),
        "{owner:?}"
    );
    let check = agent_check(&out);
    assert_eq!(check["applied"], false, "{check}");
    assert_eq!(check["owners_beside_bots"], 1, "{check}");
    let c = first_col(&detect_configured(
        &n,
        "[rules]\nagentless_owner_secs = 0\n",
    ));
    assert_eq!(c, ["owner@mail.test", "taken@mail.test"], "{c:?}");
}

/// A night without fingerprints whose VPN exit's guesser fails on 120 accounts with `agents`
/// user agents in turn, gets into one with the first, beside two customers logging in from the
/// bank's app within seconds of its attempts.
fn steady_exit_night(agents: i64) -> Night {
    let mut n = Night::default();
    background(&mut n, 60, &mut Rng(35));
    let exit = "185.220.7.7";
    for j in 0..120 {
        n.ev_ua(
            30_000 + j * 240,
            &format!("target{j}@bank.test"),
            exit,
            false,
            "Summer2024",
            &format!("Mozilla/5.0 (build {})", j % agents),
        );
    }
    n.ev_ua(
        30_000 + 60 * 240 + 5,
        "hit@bank.test",
        exit,
        true,
        "Summer2024",
        "Mozilla/5.0 (build 0)",
    );
    for (k, j) in [20, 90].into_iter().enumerate() {
        n.ev_ua(
            30_000 + j * 240 + 8,
            &format!("customer{k}@bank.test"),
            exit,
            true,
            &format!("own-{k}"),
            "BankApp/5.12 (Android 14)",
        );
    }
    n.strip_fingerprints();
    n
}

/// A night without fingerprints: no hit-and-run conviction can show the check's premise, so
/// the night does not. The guesser of [`steady_exit_night`] keeps two agents; the address's
/// own failures show it (`agent_steady_fails_per_agent`), so the customers' logins, with
/// neither agent, are refused, and the guesser's own stands. With the key at 0 all three are
/// convicted.
#[test]
fn a_steady_guesser_at_a_shared_exit_spares_its_customers_without_fingerprints() {
    let n = steady_exit_night(2);
    let (_dir, out) = detect_night(&n);
    let c = rows(&out.join("compromised.csv"));
    assert_eq!(first_col(&c), ["hit@bank.test"], "{c:?}");
    let check = agent_check(&out);
    assert_eq!(check["applied"], false, "{check}");
    assert_eq!(check["steady"], 2, "{check}");
    let c = first_col(&detect_configured(
        &n,
        "[rules]\nagent_steady_fails_per_agent = 0\n",
    ));
    assert_eq!(
        c,
        [
            "customer0@bank.test",
            "customer1@bank.test",
            "hit@bank.test"
        ]
    );
}

/// A guesser drawing from a pool of 30 agents (one per four failures, but no handful: a bot
/// that copies each victim's own client) shows nothing at its address
/// (`agent_steady_max_agents` 16): all three logins are convicted, as with the check off.
#[test]
fn a_guesser_drawing_from_a_pool_of_agents_shows_no_steady_address() {
    let n = steady_exit_night(30);
    let c = first_col(&n.detect_rows().0);
    assert_eq!(
        c,
        [
            "customer0@bank.test",
            "customer1@bank.test",
            "hit@bank.test"
        ]
    );
    let c = first_col(&detect_configured(
        &n,
        "[rules]\nagent_steady_max_agents = 30\n",
    ));
    assert_eq!(c, ["hit@bank.test"]);
}
