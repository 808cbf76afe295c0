//! The generator and the evaluation tool, end to end: determinism, formats, fingerprints,
//! label consistency, and `credsieve gen` / `credsieve eval` through the binary.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use credsieve::eval::baselines::{self, BaselineEvent, Fail2banParams};
use credsieve::eval::r#gen::{self as generator, EventFormat, GenOptions, Scenario};
use credsieve::fingerprint::{Fingerprinter, normalize_user, to_hex};

fn gen_into(dir: &Path, scenario: Scenario, seed: u64, accounts: usize, format: EventFormat) {
    let mut o = GenOptions::new(scenario, dir);
    o.seed = seed;
    o.accounts = Some(accounts);
    o.format = format;
    generator::generate(&o).expect("generate");
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

const FILES: [&str; 6] = [
    "events.jsonl",
    "combos.txt",
    "passwords.txt",
    "truth.csv",
    "labels.csv",
    "event_labels.csv",
];

#[test]
fn same_seed_same_bytes_other_seed_other_bytes() {
    let d = tempfile::tempdir().expect("tmp");
    let (a, b, c) = (d.path().join("a"), d.path().join("b"), d.path().join("c"));
    gen_into(&a, Scenario::RealisticDay, 7, 400, EventFormat::Jsonl);
    gen_into(&b, Scenario::RealisticDay, 7, 400, EventFormat::Jsonl);
    gen_into(&c, Scenario::RealisticDay, 8, 400, EventFormat::Jsonl);
    for f in FILES {
        assert_eq!(
            read(&a.join(f)),
            read(&b.join(f)),
            "{f} differs for the same seed"
        );
    }
    assert_ne!(read(&a.join("events.jsonl")), read(&c.join("events.jsonl")));
    assert_ne!(read(&a.join("combos.txt")), read(&c.join("combos.txt")));
}

fn is_hex16(s: &str) -> bool {
    s.len() == 16
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Parsed events: (ts ms, user as typed, ip, ok, cred, pw).
type Ev = (i64, String, std::net::IpAddr, bool, String, String);

fn parse_jsonl(p: &Path) -> Vec<Ev> {
    read(p)
        .lines()
        .enumerate()
        .map(|(i, l)| {
            let v: serde_json::Value =
                serde_json::from_str(l).unwrap_or_else(|e| panic!("line {}: {e}", i + 1));
            let s = |k: &str| {
                v.get(k)
                    .and_then(|x| x.as_str())
                    .unwrap_or_else(|| panic!("line {}: no {k}", i + 1))
                    .to_string()
            };
            let ts = s("ts");
            assert!(
                ts.ends_with('Z') && ts.len() == 24,
                "line {}: ts {ts}",
                i + 1
            );
            let ms = generator::parse_ts(&ts).expect("ts");
            assert_eq!(generator::format_ts(ms), ts);
            let user = s("user");
            assert!(!user.trim().is_empty());
            let ip = s("ip")
                .parse()
                .unwrap_or_else(|e| panic!("line {}: ip: {e}", i + 1));
            let ok = v.get("ok").and_then(|x| x.as_bool()).expect("ok is a bool");
            let (cred, pw) = (s("cred"), s("pw"));
            assert!(
                is_hex16(&cred) && is_hex16(&pw),
                "line {}: fingerprints",
                i + 1
            );
            (ms, user, ip, ok, cred, pw)
        })
        .collect()
}

/// `(user, label, scenario)` rows of labels.csv, checking the header and the order.
fn labels(dir: &Path) -> Vec<(String, String, String)> {
    let mut r = csv::Reader::from_path(dir.join("labels.csv")).expect("labels");
    assert_eq!(
        r.headers().expect("header").iter().collect::<Vec<_>>(),
        ["user", "label", "scenario"]
    );
    let rows: Vec<(String, String, String)> = r.deserialize().map(|x| x.expect("row")).collect();
    assert!(
        rows.windows(2)
            .all(|w| w[0].0.as_bytes() < w[1].0.as_bytes()),
        "labels sorted"
    );
    rows
}

fn truth(dir: &Path) -> Vec<String> {
    let text = read(&dir.join("truth.csv"));
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("user"));
    let users: Vec<String> = lines.map(str::to_string).collect();
    assert!(
        users.windows(2).all(|w| w[0].as_bytes() < w[1].as_bytes()),
        "truth sorted"
    );
    users
}

#[test]
fn every_scenario_is_well_formed_and_consistent() {
    let key = Fingerprinter::demo();
    let d = tempfile::tempdir().expect("tmp");
    for s in Scenario::ALL {
        let dir = d.path().join(s.name());
        let n = if s == Scenario::RealisticDay {
            600
        } else {
            300
        };
        gen_into(&dir, s, 3, n, EventFormat::Jsonl);
        let evs = parse_jsonl(&dir.join("events.jsonl"));
        assert!(evs.len() > n, "{s}: {} events", evs.len());

        // Every account in the events has exactly one label row, and nothing else does.
        let rows = labels(&dir);
        let in_events: BTreeSet<String> = evs
            .iter()
            .map(|e| normalize_user(&e.1).into_owned())
            .collect();
        let labeled: BTreeSet<String> = rows.iter().map(|r| r.0.clone()).collect();
        assert_eq!(in_events, labeled, "{s}");
        for r in &rows {
            assert!(
                ["compromised", "targeted", "exposed", "benign"].contains(&r.1.as_str()),
                "{s}: {r:?}"
            );
            assert!(!r.2.is_empty());
        }
        // truth.csv is exactly the compromised labels.
        let comp: Vec<String> = rows
            .iter()
            .filter(|r| r.1 == "compromised")
            .map(|r| r.0.clone())
            .collect();
        assert_eq!(truth(&dir), comp, "{s}");
        let must_not_flag = matches!(s, Scenario::Cgnat | Scenario::Monitoring | Scenario::Typos);
        assert_eq!(
            comp.is_empty(),
            must_not_flag,
            "{s}: {} compromised",
            comp.len()
        );

        // Leaks: combo lines split at the first colon; their pair fingerprints are what the
        // events carry when an attacker replays them.
        let combos = read(&dir.join("combos.txt"));
        let leaked: BTreeSet<String> = combos
            .lines()
            .map(|l| l.split_once(':').expect("user:password"))
            .map(|(u, p)| to_hex(key.cred(u, p.as_bytes())))
            .collect();
        let pw_list: BTreeSet<String> = read(&dir.join("passwords.txt"))
            .lines()
            .map(|p| to_hex(key.pw(p.as_bytes())))
            .collect();
        assert!(pw_list.len() >= 200);
        let leaked_ok: BTreeSet<String> = evs
            .iter()
            .filter(|e| e.3 && leaked.contains(&e.4))
            .map(|e| normalize_user(&e.1).into_owned())
            .collect();
        if matches!(
            s,
            Scenario::Stuffing
                | Scenario::Distributed
                | Scenario::Ipv6Rotation
                | Scenario::TakeoverFollowup
        ) {
            for u in &comp {
                assert!(
                    leaked_ok.contains(u),
                    "{s}: {u} compromised without a leaked pair"
                );
            }
        }
        if s == Scenario::Spraying {
            let sprayed = evs
                .iter()
                .filter(|e| !e.3 && pw_list.contains(&e.5))
                .count();
            assert!(
                sprayed > n,
                "{s}: {sprayed} failures with a listed password"
            );
        }
        // Honest users with a leaked current password are there (attacks may take them all).
        assert!(
            !matches!(
                s,
                Scenario::Cgnat | Scenario::Typos | Scenario::RealisticDay
            ) || rows.iter().any(|r| r.1 == "exposed"),
            "{s}: no exposed user"
        );
    }
}

#[test]
fn csv_format_holds_the_same_events() {
    let d = tempfile::tempdir().expect("tmp");
    let (a, b) = (d.path().join("a"), d.path().join("b"));
    gen_into(&a, Scenario::Stuffing, 5, 200, EventFormat::Jsonl);
    gen_into(&b, Scenario::Stuffing, 5, 200, EventFormat::Csv);
    let j = parse_jsonl(&a.join("events.jsonl"));
    let mut r = csv::Reader::from_path(b.join("events.csv")).expect("csv");
    assert_eq!(
        r.headers().expect("h").iter().collect::<Vec<_>>(),
        ["ts", "user", "ip", "ok", "cred", "pw", "ua"]
    );
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.expect("row")).collect();
    assert_eq!(rows.len(), j.len());
    for (row, e) in rows.iter().zip(&j) {
        assert_eq!(row.get(1), Some(e.1.as_str()));
        assert_eq!(row.get(4), Some(e.4.as_str()));
        assert_eq!(row.get(3), Some(if e.3 { "true" } else { "false" }));
    }
    assert_eq!(read(&a.join("truth.csv")), read(&b.join("truth.csv")));
    // The same labels, one line further down (the CSV's header is line 1).
    let (la, lb) = (event_labels(&a), event_labels(&b));
    assert_eq!(la.len(), j.len());
    assert_eq!(la.first().map(|r| r.0), Some(1));
    assert_eq!(lb.first().map(|r| r.0), Some(2));
    for (x, y) in la.iter().zip(&lb) {
        assert_eq!((x.0 + 1, &x.1, &x.2), (y.0, &y.1, &y.2));
    }
}

/// `(line, actor, scenario)` rows of event_labels.csv.
fn event_labels(dir: &Path) -> Vec<(usize, String, String)> {
    let mut r = csv::Reader::from_path(dir.join("event_labels.csv")).expect("event labels");
    assert_eq!(
        r.headers().expect("header").iter().collect::<Vec<_>>(),
        ["line", "actor", "scenario"]
    );
    r.deserialize().map(|x| x.expect("row")).collect()
}

/// The event labels name each event's maker: the accounts an attacker-labelled event logged
/// into are exactly truth.csv, and every line of the events file has its label.
#[test]
fn event_labels_match_the_events_and_the_truth() {
    let d = tempfile::tempdir().expect("tmp");
    let dir = d.path().join("rd");
    gen_into(&dir, Scenario::RealisticDay, 11, 800, EventFormat::Jsonl);
    let evs = parse_jsonl(&dir.join("events.jsonl"));
    let labels = event_labels(&dir);
    assert_eq!(labels.len(), evs.len());
    let mut taken = BTreeSet::new();
    for (i, ((line, actor, scenario), e)) in labels.iter().zip(&evs).enumerate() {
        assert_eq!(*line, i + 1);
        assert!(actor == "attacker" || actor == "honest", "{actor}");
        assert!(!scenario.is_empty());
        if actor == "attacker" && e.3 {
            taken.insert(normalize_user(&e.1).into_owned());
        }
    }
    let truth: BTreeSet<String> = truth(&dir).into_iter().collect();
    assert!(!truth.is_empty());
    assert_eq!(taken, truth);
}

#[test]
fn baselines_on_a_generated_day() {
    let d = tempfile::tempdir().expect("tmp");
    gen_into(
        d.path(),
        Scenario::RealisticDay,
        11,
        1500,
        EventFormat::Jsonl,
    );
    let evs: Vec<BaselineEvent> = parse_jsonl(&d.path().join("events.jsonl"))
        .into_iter()
        .map(|(ts_ms, user, ip, ok, _, _)| BaselineEvent {
            ts_ms,
            user: normalize_user(&user).into_owned(),
            ip,
            ok,
        })
        .collect();
    let r = baselines::run(&evs, &Fail2banParams::default());
    let t: BTreeSet<String> = truth(d.path()).into_iter().collect();
    let f2b: BTreeSet<&String> = r.fail2ban.iter().collect();
    let over: BTreeSet<&String> = r.over_reset.iter().collect();
    assert!(f2b.is_subset(&over));
    let hits = |s: &BTreeSet<&String>| s.iter().filter(|u| t.contains(**u)).count();
    eprintln!(
        "baselines on realistic-day (1500 accounts, seed 11): truth {}; fail2ban flags {} ({} right); over-reset flags {} ({} right); {} banned addresses",
        t.len(),
        f2b.len(),
        hits(&f2b),
        over.len(),
        hits(&over),
        r.banned.len()
    );
    assert!(!r.banned.is_empty());
}

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_credsieve"))
}

#[test]
fn gen_and_eval_through_the_binary() {
    let d = tempfile::tempdir().expect("tmp");
    let data = d.path().join("data");
    let st = bin()
        .args([
            "gen",
            "--scenario",
            "stuffing",
            "--seed",
            "4",
            "--accounts",
            "300",
            "--out",
        ])
        .arg(&data)
        .status()
        .expect("run");
    assert!(st.success());
    let t = truth(&data);
    assert!(!t.is_empty());

    // A hand-made detector output: all but one of the truth, plus one wrong account.
    let out = d.path().join("out");
    std::fs::create_dir_all(&out).expect("mkdir");
    let rows = labels(&data);
    let wrong = rows
        .iter()
        .find(|r| r.1 == "exposed")
        .expect("an exposed user")
        .0
        .clone();
    let mut comp = String::from("user,ts,ip,reason\n");
    let mut flagged: Vec<&str> = t
        .iter()
        .skip(1)
        .map(String::as_str)
        .chain([wrong.as_str()])
        .collect();
    flagged.sort_unstable();
    for u in &flagged {
        comp.push_str(&format!("{u},2026-11-20T01:02:03.000Z,192.0.2.1,test\n"));
    }
    std::fs::write(out.join("compromised.csv"), comp).expect("write");
    std::fs::write(out.join("exposed.csv"), format!("user\n{}\n", t[0])).expect("write");

    let o = bin()
        .args(["eval", "--json", "--truth"])
        .arg(data.join("truth.csv"))
        .arg(&out)
        .output()
        .expect("run");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(v["tp"], t.len() - 1);
    assert_eq!(v["fp"], 1);
    assert_eq!(v["fn"], 1);
    assert_eq!(v["false_positives"][0]["user"], wrong.as_str());
    assert_eq!(v["false_positives"][0]["label"], "exposed");
    assert_eq!(v["misses"][0]["in_exposed"], true);
    assert_eq!(v["misses"][0]["scenario"], "stuffing");
    // event_labels.csv and events.jsonl lie next to truth.csv: the miss shows the attacker's
    // events (a stuffer's address, busy all night: not hidden), and the report its ceiling.
    let trail = v["misses"][0]["attacker_events"]
        .as_array()
        .expect("attacker events");
    assert!(!trail.is_empty());
    assert!(trail.iter().any(|e| e["ok"] == true));
    assert!(
        trail
            .iter()
            .all(|e| e["source_attacker_events"].as_u64() > Some(1))
    );
    assert_eq!(v["misses"][0]["hidden"], false);
    assert_eq!(v["hidden"], 0);
    assert_eq!(v["recall_ceiling"], 1.0);

    // Text report, and a clear failure when the output is missing.
    let o = bin()
        .args(["eval", "--truth"])
        .arg(data.join("truth.csv"))
        .arg(&out)
        .output()
        .expect("run");
    assert!(String::from_utf8_lossy(&o.stdout).contains("FP 1"));
    let o = bin()
        .args(["eval", "--truth"])
        .arg(data.join("truth.csv"))
        .arg(d.path().join("nope"))
        .output()
        .expect("run");
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("compromised.csv"));
}

#[test]
fn committed_sample_is_remade_byte_for_byte_by_its_command() {
    // datasets/README.md gives this command for datasets/realistic-day-small.
    let dir = tempfile::tempdir().expect("tmp");
    let out = dir.path().join("s");
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_credsieve"))
        .args([
            "gen",
            "--scenario",
            "realistic-day",
            "--seed",
            "20261120",
            "--accounts",
            "2000",
            "--out",
        ])
        .arg(&out)
        .env_remove("CREDSIEVE_KEY")
        .output()
        .expect("run");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let sample =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("datasets/realistic-day-small");
    for f in FILES {
        let a = std::fs::read(out.join(f)).expect("made");
        let b = std::fs::read(sample.join(f)).expect("committed");
        assert!(a == b, "{f} differs from the committed sample");
    }
}

/// A large world keeps its campaigns inside the one day it generates (attack sizes grow with
/// the accounts; their pace must grow too). At 30,000 accounts the slow stuffing run alone
/// used to last three days.
#[test]
fn large_realistic_day_stays_within_its_day() {
    let d = tempfile::tempdir().expect("tmp");
    gen_into(
        d.path(),
        Scenario::RealisticDay,
        5,
        30_000,
        EventFormat::Jsonl,
    );
    let start = generator::parse_ts("2026-11-20T00:00:00Z").expect("ts");
    let day = 86_400_000;
    let (mut lo, mut hi) = (i64::MAX, i64::MIN);
    for (ts, ..) in parse_jsonl(&d.path().join("events.jsonl")) {
        lo = lo.min(ts);
        hi = hi.max(ts);
    }
    // The servers' clock skew is a few hundred milliseconds.
    assert!(lo >= start - 5_000, "first event {lo} before the day");
    assert!(
        hi < start + day + 5_000,
        "last event {} h after the start",
        (hi - start) / 3_600_000
    );
}

/// The promise of `exposed.csv`: every account taken over with a leaked pair is listed, in
/// `compromised.csv` or in `exposed.csv`. Checked on generated days with the fingerprints
/// recomputed here from the combo list (not from credsieve's leak lookup).
#[test]
fn every_account_taken_with_a_leaked_pair_is_listed() {
    for (scenario, seed) in [(Scenario::RealisticDay, 31), (Scenario::Distributed, 32)] {
        let d = tempfile::tempdir().expect("tmp");
        gen_into(d.path(), scenario, seed, 2000, EventFormat::Jsonl);
        let fp = Fingerprinter::demo();
        let leaked: BTreeSet<String> = read(&d.path().join("combos.txt"))
            .lines()
            .filter_map(|l| l.split_once(':'))
            .map(|(u, p)| to_hex(fp.cred(u, p.as_bytes())))
            .collect();
        let taken: BTreeSet<String> = truth(d.path()).into_iter().collect();
        let need: BTreeSet<String> = parse_jsonl(&d.path().join("events.jsonl"))
            .into_iter()
            .filter(|e| e.3 && leaked.contains(&e.4))
            .map(|e| normalize_user(&e.1).into_owned())
            .filter(|u| taken.contains(u))
            .collect();
        assert!(!need.is_empty(), "{scenario:?}: no leaked-pair takeover");
        let out = d.path().join("out");
        let o = bin()
            .arg("detect")
            .arg(d.path().join("events.jsonl"))
            .arg("--leak-combos")
            .arg(d.path().join("combos.txt"))
            .arg("--out")
            .arg(&out)
            .output()
            .expect("run");
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let mut listed = BTreeSet::new();
        for f in ["compromised.csv", "exposed.csv"] {
            let mut r = csv::Reader::from_path(out.join(f)).expect("output");
            for rec in r.records() {
                listed.insert(rec.expect("row")[0].to_string());
            }
        }
        let missing: Vec<_> = need.difference(&listed).collect();
        assert!(missing.is_empty(), "{scenario:?}: not listed: {missing:?}");
    }
}
