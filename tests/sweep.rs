//! `credsieve sweep` and `credsieve eval --logs` through the binary, on a small generated set.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_credsieve"))
}

fn run(cmd: &mut Command) -> Output {
    cmd.output().expect("run credsieve")
}

fn ok(o: &Output) {
    assert!(
        o.status.success(),
        "exit {:?}\nstdout: {}\nstderr: {}",
        o.status.code(),
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
}

/// A `stuffing` set of 150 accounts in `dir/data`.
fn dataset(dir: &Path) -> PathBuf {
    let data = dir.join("data");
    ok(&run(bin()
        .args([
            "gen",
            "--scenario",
            "stuffing",
            "--seed",
            "3",
            "--accounts",
            "150",
            "--out",
        ])
        .arg(&data)));
    data
}

fn sweep(dir: &Path, data: &Path, grid: &str) -> (Output, PathBuf) {
    let leaks = [
        "--leak-combos".into(),
        data.join("combos.txt"),
        "--leak-passwords".into(),
        data.join("passwords.txt"),
    ];
    sweep_with(dir, data, grid, &leaks, "out")
}

/// `sweep` with the leak flags `leaks`, writing to `dir/out`.
fn sweep_with(
    dir: &Path,
    data: &Path,
    grid: &str,
    leaks: &[PathBuf],
    out: &str,
) -> (Output, PathBuf) {
    let g = dir.join("grid.toml");
    std::fs::write(&g, grid).expect("write grid");
    let out = dir.join(out);
    let o = run(bin()
        .arg("sweep")
        .arg("--truth")
        .arg(data.join("truth.csv"))
        .arg("--grid")
        .arg(&g)
        .args(leaks)
        .arg("--out")
        .arg(&out)
        .arg(data.join("events.jsonl")));
    (o, out)
}

/// The leak store built from the same sources gives the same table as the text sources.
#[test]
fn sweep_reads_a_leak_store() {
    let d = tempfile::tempdir().expect("tmp");
    let data = dataset(d.path());
    let store = d.path().join("leaks.store");
    ok(&run(bin()
        .args(["leaks", "build", "--combos"])
        .arg(data.join("combos.txt"))
        .arg("--passwords")
        .arg(data.join("passwords.txt"))
        .arg("--out")
        .arg(&store)));
    let grid = "[rules]\nstuffing_window_secs = [60, 300]\n";
    let (o, text) = sweep(d.path(), &data, grid);
    ok(&o);
    let (o, stored) = sweep_with(
        d.path(),
        &data,
        grid,
        &["--leaks".into(), store],
        "out-store",
    );
    ok(&o);
    let a = std::fs::read_to_string(text.join("sweep.csv")).expect("text sweep.csv");
    let b = std::fs::read_to_string(stored.join("sweep.csv")).expect("store sweep.csv");
    assert_eq!(a, b);
    // Not a table of nothing: the defaults find the stuffing set's takeovers.
    let default = a
        .lines()
        .find(|l| l.starts_with("credsieve,1,"))
        .expect("default row");
    let tp: u32 = default
        .split(',')
        .nth(4)
        .and_then(|x| x.parse().ok())
        .expect("tp");
    assert!(tp > 0, "{a}");
}

#[test]
fn sweep_writes_csv_and_svg() {
    let d = tempfile::tempdir().expect("tmp");
    let data = dataset(d.path());
    let (o, out) = sweep(
        d.path(),
        &data,
        "[rules]\nstuffing_window_secs = [60, 300, 600, 1800]\nreuse_min_accounts = [3, 4, 5]\n",
    );
    ok(&o);
    let csv = std::fs::read_to_string(out.join("sweep.csv")).expect("sweep.csv");
    let lines: Vec<&str> = csv.lines().collect();
    // Header, 12 points (the defaults among them), 2 baselines.
    assert_eq!(lines.len(), 1 + 12 + 2, "{csv}");
    assert_eq!(
        lines[0],
        "method,default,rules.reuse_min_accounts,rules.stuffing_window_secs,flagged,tp,fp,fn,precision,recall,f1"
    );
    let defaults: Vec<&&str> = lines
        .iter()
        .filter(|l| l.starts_with("credsieve,1,"))
        .collect();
    assert_eq!(defaults.len(), 1, "{csv}");
    assert!(defaults[0].starts_with("credsieve,1,4,300,"), "{csv}");
    assert!(lines.iter().any(|l| l.starts_with("fail2ban,")));
    assert!(lines.iter().any(|l| l.starts_with("over-reset,")));
    for l in &lines[1..] {
        assert_eq!(l.split(',').count(), 11, "{l}");
    }
    let svg = std::fs::read_to_string(out.join("sweep.svg")).expect("sweep.svg");
    assert!(svg.starts_with("<svg"), "{}", &svg[..svg.len().min(200)]);
    assert!(svg.trim_end().ends_with("</svg>"));
    assert!(svg.contains("default (P "));
    assert!(svg.contains("fail2ban (P ") && svg.contains("over-reset (P "));
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("sweep.json")).expect("sweep.json"))
            .expect("json");
    assert_eq!(json["report"]["timing"]["analyses"], 1);
}

#[test]
fn sweep_adds_the_default_point_and_groups_networks() {
    let d = tempfile::tempdir().expect("tmp");
    let data = dataset(d.path());
    let (o, out) = sweep(
        d.path(),
        &data,
        "[rules]\nbrute_min_fails = [3, 5]\n[networks]\nv4_prefix = [16, 20]\n",
    );
    ok(&o);
    let csv = std::fs::read_to_string(out.join("sweep.csv")).expect("sweep.csv");
    let lines: Vec<&str> = csv.lines().collect();
    // 4 points, the defaults added last, 2 baselines.
    assert_eq!(lines.len(), 1 + 4 + 1 + 2, "{csv}");
    assert_eq!(
        lines.get(5).map(|l| l.starts_with("credsieve,1,24,15,")),
        Some(true),
        "{csv}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("sweep.json")).expect("sweep.json"))
            .expect("json");
    assert_eq!(json["report"]["timing"]["analyses"], 3);
}

#[test]
fn bad_grid_key_is_a_clear_error() {
    let d = tempfile::tempdir().expect("tmp");
    let data = dataset(d.path());
    let (o, out) = sweep(d.path(), &data, "[rules]\nstuffing_window = [60]\n");
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("unknown key `rules.stuffing_window`") && err.contains("grid.toml"),
        "{err}"
    );
    assert!(!out.join("sweep.csv").exists());
    let (o, _) = sweep(d.path(), &data, "[rules]\nreuse_min_share = [0.5, 7]\n");
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("rules.reuse_min_share"));
}

#[test]
fn eval_with_logs_scores_the_baselines() {
    let d = tempfile::tempdir().expect("tmp");
    let data = dataset(d.path());
    let out = d.path().join("run");
    ok(&run(bin()
        .arg("detect")
        .arg(data.join("events.jsonl"))
        .arg("--leak-combos")
        .arg(data.join("combos.txt"))
        .arg("--out")
        .arg(&out)));
    let eval = |json: bool| {
        let mut c = bin();
        c.arg("eval")
            .arg("--truth")
            .arg(data.join("truth.csv"))
            .arg(&out);
        if json {
            c.arg("--json");
        }
        c.arg("--logs").arg(data.join("events.jsonl"));
        let o = run(&mut c);
        ok(&o);
        String::from_utf8_lossy(&o.stdout).into_owned()
    };
    let text = eval(false);
    assert!(
        text.contains("credsieve ") && text.contains("fail2ban ") && text.contains("over-reset "),
        "{text}"
    );
    let j: serde_json::Value = serde_json::from_str(&eval(true)).expect("json");
    let b = j["baselines"].as_array().expect("baselines");
    assert_eq!(b.len(), 2);
    assert_eq!(b[0]["method"], "fail2ban");
    assert_eq!(b[1]["method"], "over-reset");
    for x in b {
        assert!(x["precision"].is_number() && x["recall"].is_number() && x["flagged"].is_number());
    }
    // Over-reset flags at least what fail2ban flags.
    assert!(b[1]["flagged"].as_u64() >= b[0]["flagged"].as_u64());
    // Without --logs, no baselines.
    let o = run(bin()
        .arg("eval")
        .arg("--truth")
        .arg(data.join("truth.csv"))
        .arg(&out)
        .arg("--json"));
    ok(&o);
    let j: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert!(j.get("baselines").is_none());
}
