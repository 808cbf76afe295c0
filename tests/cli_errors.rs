//! SPEC 5 through the binary: bad argument values are usage errors (exit 2); a run that fails
//! says what and where in one line (exit 1); keys, configuration and analyst inputs.

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
