//! The defaults on data from the independent generator (`scripts/indepgen/indepgen.py`, written
//! from SPEC.md without reading credsieve): a guard that a rule change does not lose the
//! precision measured there (docs/ACCURACY.md). Needs `python3` (CI's machines have it; the
//! test fails, not skips, without it).

mod common;

use std::path::Path;
use std::process::Command;

use common::{detect_and_score, run_ok};

/// `mixed` seed 1 and `noisy-honest` seed 3 (development data since session 3) and
/// `botnet-heavy` seed 1: precision 1.00 on all three, recall 0.979, 0.914 and 0.548 after
/// session 9 (a two-account `takeover-batch` visit needs both pairs leaked; this generator's
/// attacker returns to taken accounts in twos with one leaked pair: 0.595 before), 0.613 after
/// session 7 (`takeover-batch`; one `stuffing-near` login of `noisy-honest` 3 is judged by the
/// busy tier since and missed), 0.957, 0.943 and 0.530 after session 5 (0.947, 0.943 and 0.464
/// after session 4; 0.872, 0.943 and 0.339 before its hit-and-run and linked-batch widenings). On
/// `noisy-honest` 3 session 2's rules had precision 0.94 (a carrier NAT full of exposed users
/// convicted by takeover-reuse). The floors leave room for a rule change that trades a little
/// recall, none for one that convicts honest users.
#[test]
fn independent_generator_precision_holds() {
    let d = tempfile::tempdir().expect("tmp");
    for (profile, seed, min_recall) in [
        ("mixed", 1, 0.92),
        ("noisy-honest", 3, 0.85),
        ("botnet-heavy", 1, 0.53),
    ] {
        let dir = d.path().join(profile);
        let (p, r) = score_family(&dir, "indepgen", profile, seed);
        assert!(p >= 0.99, "{profile}: precision {p}");
        assert!(r >= min_recall, "{profile}: recall {r}");
    }
}

/// gen15 (`scripts/gen15`, a social network written from SPEC.md by another hand), its
/// `mobile` profile, seed 26, 5,000 accounts, with the `ua` field removed from every line:
/// SPEC 1 makes it optional, and without it the user-agent check refuses nothing. Carrier
/// addresses where several campaigns fail all day convicted their subscribers by `guessing`
/// before session 34 (precision 0.685: 73 true, 34 false); `guessing` now spares an
/// address's residents when its guessing spans most of the night (0.936). With the agents
/// kept the same night reads 0.986-1.000 on the draws.
#[test]
fn gen15_mobile_without_user_agents_keeps_its_precision() {
    let d = tempfile::tempdir().expect("tmp");
    let dir = d.path().join("gen15-mobile");
    generate_family(&dir, "gen15", "mobile", 26);
    let events = dir.join("events.jsonl");
    let text = std::fs::read_to_string(&events).expect("events");
    let mut stripped = String::with_capacity(text.len());
    for line in text.lines() {
        let mut v: serde_json::Value = serde_json::from_str(line).expect("json line");
        v.as_object_mut().expect("object").remove("ua");
        stripped.push_str(&v.to_string());
        stripped.push('\n');
    }
    assert!(!stripped.contains("\"ua\""));
    std::fs::write(&events, stripped).expect("write");
    let (p, r) = detect_and_score(&dir);
    assert!(p >= 0.9, "precision {p}");
    assert!(r >= 0.55, "recall {r}");
}

/// Generates a set with `scripts/{family}/{family}.py` (5,000 accounts; `indepgen` calls its
/// size `--scale`) into `dir`.
fn generate_family(dir: &Path, family: &str, profile: &str, seed: u32) {
    let gen_script =
        Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("scripts/{family}/{family}.py"));
    let size = if family == "indepgen" {
        "--scale"
    } else {
        "--accounts"
    };
    run_ok(
        Command::new("python3")
            .arg(gen_script)
            .args(["--seed", &seed.to_string(), size, "5000"])
            .args(["--profile", profile, "--out"])
            .arg(dir),
    );
}

/// Generates a set as [`generate_family`] does, detects with the defaults and returns
/// (precision, recall).
fn score_family(dir: &Path, family: &str, profile: &str, seed: u32) -> (f64, f64) {
    generate_family(dir, family, profile, seed);
    detect_and_score(dir)
}

/// gen16 (an airline's loyalty programme: airport, hotel and in-flight Wi-Fi, travel desks)
/// and gen17 (a crypto exchange: customers' bots on cloud hosts, Tor and VPN exits shared
/// with attackers), written in session 39 from SPEC.md by other hands. Their `mixed` nights
/// read precision 1.000 on these seeds when they were first run (46 true / 0 false, recall
/// 0.590; 34 / 0, recall 0.576): no honest traveller or trader convicted. Their attacks are
/// built to look like their victims (infostealer pairs with the victim's own agent, a
/// phishing kit logging in seconds after its victim), hence the low recall floors.
#[test]
fn airline_and_exchange_generators_keep_their_precision() {
    let d = tempfile::tempdir().expect("tmp");
    for (family, seed, min_recall) in [("gen16", 1, 0.55), ("gen17", 2, 0.53)] {
        let dir = d.path().join(family);
        let (p, r) = score_family(&dir, family, "mixed", seed);
        assert!(p >= 0.99, "{family}: precision {p}");
        assert!(r >= min_recall, "{family}: recall {r}");
    }
}
