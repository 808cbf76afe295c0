//! The defaults on data from the independent generator (`scripts/indepgen/indepgen.py`, written
//! from SPEC.md without reading credsieve): a guard that a rule change does not lose the
//! precision measured there (docs/ACCURACY.md). Needs `python3` (CI's machines have it; the
//! test fails, not skips, without it).

mod common;

use std::path::Path;
use std::process::Command;

use common::{detect_and_score, run_ok};

/// Generates one independent night, detects with the defaults and returns (precision, recall).
fn score(dir: &Path, profile: &str, seed: u32, scale: u32) -> (f64, f64) {
    let gen_script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/indepgen/indepgen.py");
    run_ok(
        Command::new("python3")
            .arg(gen_script)
            .args(["--seed", &seed.to_string(), "--scale", &scale.to_string()])
            .args(["--profile", profile, "--out"])
            .arg(dir),
    );
    detect_and_score(dir)
}

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
        let (p, r) = score(&dir, profile, seed, 5000);
        assert!(p >= 0.99, "{profile}: precision {p}");
        assert!(r >= min_recall, "{profile}: recall {r}");
    }
}
