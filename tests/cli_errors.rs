//! SPEC 5 through the binary: bad argument values are usage errors (exit 2); a run that fails
//! says what and where in one line (exit 1); keys, configuration and analyst inputs.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const DAY: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/datasets/realistic-day-small");

fn cmd(args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_credsieve"));
    c.args(args).env_remove("CREDSIEVE_KEY");
    c
}

fn credsieve(args: &[&str]) -> Output {
    cmd(args).output().unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn day(name: &str) -> String {
    format!("{DAY}/{name}")
}

fn one_line_log(dir: &Path) -> PathBuf {
    let p = dir.join("one.jsonl");
    std::fs::write(
        &p,
        "{\"ts\":\"2026-11-20T03:00:00Z\",\"user\":\"a\",\"ip\":\"10.0.0.1\",\"ok\":true}\n",
    )
    .unwrap();
    p
}

#[test]
fn bad_argument_values_are_usage_errors() {
    let dir = tempfile::tempdir().unwrap();
    let log = one_line_log(dir.path());
    let log = log.to_str().unwrap();
    let out = dir.path().join("out");
    let out = out.to_str().unwrap();
    let grid = dir.path().join("g.toml");
    std::fs::write(&grid, "[rules]\nbrute_min_fails = [15]\n").unwrap();
    let grid = grid.to_str().unwrap();
    let truth = day("truth.csv");
    let sweep = [
        "sweep", log, "--truth", &truth, "--grid", grid, "--out", out,
    ];
    let mut cases: Vec<Vec<&str>> = [
        ["--threads", "4294967295"],
        ["--max-bad-ratio", "1.5"],
        ["--maxretry", "0"],
    ]
    .iter()
    .map(|extra| sweep.iter().chain(extra).copied().collect())
    .collect();
    let others: &[&[&str]] = &[
        &["detect", log, "--max-bad-ratio", "2"],
        &["detect", log, "--max-bad-ratio=-1"],
        &["detect", log, "--max-bad-ratio", "NaN"],
        &["detect", log, "--threads", "257"],
        &["detect", log, "--threads", "1000"],
        &["detect", log, "--threads", "4294967295"],
        &["detect", log, "--threads", "18446744073709551615"],
        &["gen", "--scenario", "nope", "--out", out],
        &["gen", "--format", "sshd", "--out", out],
        &["gen", "--start", "garbage", "--out", out],
        &["gen", "--accounts", "5", "--out", out],
        &["gen", "--accounts", "1000000000000", "--out", out],
        &["eval", "--truth", &truth, out, "--maxretry", "0"],
    ];
    cases.extend(others.iter().map(|a| a.to_vec()));
    for args in &cases {
        let o = credsieve(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("invalid value"),
            "{args:?}: {}",
            stderr(&o)
        );
    }
    assert!(!Path::new(out).exists());
    // The bounds themselves are accepted.
    for args in [
        &["detect", log, "--threads", "256", "--max-bad-ratio", "1"][..],
        &["detect", log, "--threads", "0", "--max-bad-ratio", "0"][..],
    ] {
        let o = credsieve(args);
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    }
}

#[test]
fn all_sources_does_not_change_the_attack_source_count() {
    let dir = tempfile::tempdir().unwrap();
    let count = |name: &str, extra: &[&str]| {
        let out = dir.path().join(name);
        let (events, combos) = (day("events.jsonl"), day("combos.txt"));
        let mut args = vec!["detect", &events, "--leak-combos", &combos];
        args.extend(["--out", out.to_str().unwrap()]);
        args.extend(extra);
        let o = credsieve(&args);
        assert!(o.status.success(), "{}", stderr(&o));
        let s: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap())
                .unwrap();
        let listed = std::fs::read_to_string(out.join("ips.csv"))
            .unwrap()
            .lines()
            .count()
            - 1;
        let n = s["attack_sources"].as_u64().unwrap();
        assert!(
            stderr(&o).contains(&format!("{n} attack sources")),
            "{}",
            stderr(&o)
        );
        (n, listed)
    };
    let (plain, plain_listed) = count("plain", &[]);
    let (all, all_listed) = count("all", &["--all-sources"]);
    assert!(plain > 0);
    assert_eq!(plain as usize, plain_listed);
    assert!(
        all_listed > plain_listed,
        "--all-sources lists more addresses"
    );
    assert_eq!(all, plain);
}
