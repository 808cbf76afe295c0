//! SPEC 5 through the binary: bad argument values are usage errors (exit 2); a run that fails
//! says what and where in one line (exit 1); keys, configuration and analyst inputs.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const DAY: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/datasets/realistic-day-small");

fn cmd(args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_credsieve"));
    c.args(args).env_remove("CREDSIEVE_KEY");
    c
}

fn credsieve(args: &[&str]) -> Output {
    cmd(args).output().unwrap()
}

/// Runs with `input` on standard input.
fn with_stdin(args: &[&str], input: &Path) -> Output {
    cmd(args)
        .stdin(Stdio::from(std::fs::File::open(input).unwrap()))
        .output()
        .unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn day(name: &str) -> String {
    format!("{DAY}/{name}")
}

/// Asserts exit 1 with exactly one line on standard error (after any warnings) holding every
/// `needle`; returns that line.
fn fails_in_one_line(o: &Output, needles: &[&str]) -> String {
    let e = stderr(o);
    assert_eq!(o.status.code(), Some(1), "{e}");
    let errors: Vec<&str> = e
        .lines()
        .filter(|l| l.starts_with("credsieve: error:"))
        .collect();
    assert_eq!(errors.len(), 1, "{e}");
    let line = errors[0];
    for n in needles {
        assert!(line.contains(n), "{n:?} not in {line:?}");
    }
    assert!(
        !line.contains("Position {") && !line.contains("Utf8 {"),
        "{line}"
    );
    line.to_string()
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
fn bad_keys_fail_in_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let fp = ["fingerprint", "--user", "a", "--password", "x"];
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let o = cmd(&fp)
            .env("CREDSIEVE_KEY", std::ffi::OsStr::from_bytes(b"\xff\xfe"))
            .output()
            .unwrap();
        fails_in_one_line(&o, &["CREDSIEVE_KEY", "UTF-8"]);
        assert!(!stderr(&o).contains("demo key"), "{}", stderr(&o));
        assert!(o.stdout.is_empty());
    }
    let o = cmd(&fp).env("CREDSIEVE_KEY", "").output().unwrap();
    fails_in_one_line(&o, &["CREDSIEVE_KEY", "empty"]);
    for (name, bytes) in [("empty", &b""[..]), ("newline", &b"\n"[..])] {
        let key = dir.path().join(name);
        std::fs::write(&key, bytes).unwrap();
        let mut args = fp.to_vec();
        args.extend(["--key-file", key.to_str().unwrap()]);
        fails_in_one_line(&credsieve(&args), &[key.to_str().unwrap(), "empty"]);
    }
}

#[test]
fn gen_resolves_the_key_as_detect_does() {
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("key");
    std::fs::write(&key, "s3cr3t-pepper\n").unwrap();
    let gen_into = |name: &str, env: Option<&str>, key_file: Option<&Path>| {
        let out = dir.path().join(name);
        let mut c = cmd(&[
            "gen",
            "--scenario",
            "stuffing",
            "--accounts",
            "30",
            "--out",
            out.to_str().unwrap(),
        ]);
        if let Some(k) = env {
            c.env("CREDSIEVE_KEY", k);
        }
        if let Some(k) = key_file {
            c.arg("--key-file").arg(k);
        }
        let o = c.output().unwrap();
        assert!(o.status.success(), "{}", stderr(&o));
        (std::fs::read(out.join("events.jsonl")).unwrap(), stderr(&o))
    };
    let (demo, warned) = gen_into("demo", None, None);
    assert!(warned.contains("demo key"), "{warned}");
    let (env, quiet) = gen_into("env", Some("s3cr3t-pepper"), None);
    assert!(!quiet.contains("demo key"), "{quiet}");
    let (file, _) = gen_into("file", None, Some(&key));
    assert_ne!(demo, env, "CREDSIEVE_KEY ignored");
    assert_eq!(
        env, file,
        "the same key by either source gives the same data set"
    );
    let o = cmd(&["gen", "--out", dir.path().join("x").to_str().unwrap()])
        .env("CREDSIEVE_KEY", "")
        .output()
        .unwrap();
    fails_in_one_line(&o, &["CREDSIEVE_KEY"]);
}

#[test]
fn bad_configuration_is_one_line_with_its_position() {
    let dir = tempfile::tempdir().unwrap();
    let log = one_line_log(dir.path());
    let cases = [
        (
            "[rules]\nbrute_min_fails = 3\n  foo = 1\n",
            ":3:3: unknown field `foo`",
        ),
        ("[rules]\nbrute_min_fails = \"x\"\n", ":2:19: invalid type"),
        ("[rules\n", ":1:"),
    ];
    for (text, want) in cases {
        let p = dir.path().join("config.toml");
        std::fs::write(&p, text).unwrap();
        let at = format!("{}{want}", p.display());
        for args in [
            vec![
                "detect",
                log.to_str().unwrap(),
                "--config",
                p.to_str().unwrap(),
            ],
            vec!["config", "--check", p.to_str().unwrap()],
        ] {
            let line = fails_in_one_line(&credsieve(&args), &[&at]);
            assert!(line.len() < 200, "{line}");
        }
    }
    // A grid's unknown key names the file, without the list of every field.
    let grid = dir.path().join("g.toml");
    let sweep_with_grid = |text: &str| {
        std::fs::write(&grid, text).unwrap();
        credsieve(&[
            "sweep",
            log.to_str().unwrap(),
            "--truth",
            &day("truth.csv"),
            "--grid",
            grid.to_str().unwrap(),
            "--out",
            dir.path().join("s").to_str().unwrap(),
        ])
    };
    let o = sweep_with_grid("[rules]\nnope = [1]\n");
    let line = fails_in_one_line(&o, &[grid.to_str().unwrap(), "unknown key `rules.nope`"]);
    assert!(line.len() < 200, "{line}");
    // A grid's syntax error is FILE:LINE:COLUMN; a bad value says `grid:` once.
    for (text, needle) in [
        ("[rules\n", format!("{}:1:7: grid: ", grid.display())),
        (
            "[rules]\nbrute_min_fails = [1, \"a\"]\n",
            "`rules.brute_min_fails` = \"a\": invalid type".to_string(),
        ),
    ] {
        let o = sweep_with_grid(text);
        let line = fails_in_one_line(&o, &[&needle]);
        assert_eq!(line.matches("grid:").count(), 1, "{line}");
        assert_eq!(line.matches("configuration:").count(), 1, "{line}");
    }
}

/// A detect run on the sample day, into `dir/out`.
fn detect_day(dir: &Path) -> PathBuf {
    let out = dir.join("out");
    let o = credsieve(&[
        "detect",
        &day("events.jsonl"),
        "--leak-combos",
        &day("combos.txt"),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    out
}

#[test]
fn eval_reports_binary_and_empty_inputs_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let out = detect_day(dir.path());
    let out_s = out.to_str().unwrap();
    let binary = dir.path().join("binary.csv");
    std::fs::write(&binary, b"user\nalice\n\xff\xfe\x00\x01\n").unwrap();
    let b = binary.to_str().unwrap();
    let truth = day("truth.csv");
    let at = format!("{b}:3");
    fails_in_one_line(
        &credsieve(&["eval", "--truth", b, out_s]),
        &[&at, "not UTF-8"],
    );
    fails_in_one_line(
        &credsieve(&["eval", "--truth", &truth, out_s, "--labels", b]),
        &[&at, "not UTF-8"],
    );
    let labels = dir.path().join("el.csv");
    std::fs::write(&labels, b"line,actor\n1,attacker\n\xff\xfe,x\n").unwrap();
    let el = labels.to_str().unwrap();
    let ev = day("events.jsonl");
    fails_in_one_line(
        &credsieve(&[
            "eval",
            "--truth",
            &truth,
            out_s,
            "--logs",
            &ev,
            "--event-labels",
            el,
        ]),
        &[&format!("{el}:3"), "not UTF-8"],
    );
    let bad_out = dir.path().join("bad_out");
    std::fs::create_dir(&bad_out).unwrap();
    std::fs::copy(&binary, bad_out.join("compromised.csv")).unwrap();
    fails_in_one_line(
        &credsieve(&["eval", "--truth", &truth, bad_out.to_str().unwrap()]),
        &["compromised.csv:3", "not UTF-8"],
    );
    // A truth with only its header: scored, with a warning that recall measures nothing.
    let empty = dir.path().join("empty.csv");
    std::fs::write(&empty, "user\n").unwrap();
    let o = credsieve(&["eval", "--truth", empty.to_str().unwrap(), out_s]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("warning") && stderr(&o).contains("lists no compromised account"),
        "{}",
        stderr(&o)
    );
    let o = credsieve(&["eval", "--truth", &truth, out_s]);
    assert!(
        !stderr(&o).contains("lists no compromised"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn eval_says_standard_input_cannot_be_read_against_event_labels() {
    let dir = tempfile::tempdir().unwrap();
    let out = detect_day(dir.path());
    let out_s = out.to_str().unwrap();
    let events = PathBuf::from(day("events.jsonl"));
    // Found next to the truth: the baselines are scored, the trails left out with a note.
    let o = with_stdin(
        &["eval", "--truth", &day("truth.csv"), out_s, "--logs", "-"],
        &events,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("standard input"), "{}", stderr(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("fail2ban"));
    // Asked for: an error saying why.
    let o = with_stdin(
        &[
            "eval",
            "--truth",
            &day("truth.csv"),
            out_s,
            "--logs",
            "-",
            "--event-labels",
            &day("event_labels.csv"),
        ],
        &events,
    );
    let line = fails_in_one_line(&o, &["event_labels.csv", "standard input"]);
    assert!(!line.contains("No such file"), "{line}");
}

#[test]
fn sweep_on_standard_input_leaves_the_baselines_out() {
    let dir = tempfile::tempdir().unwrap();
    let grid = dir.path().join("g.toml");
    std::fs::write(&grid, "[rules]\nbrute_min_fails = [10, 15]\n").unwrap();
    let run = |log: &str, out: &Path| {
        let args = [
            "sweep",
            "--truth",
            &day("truth.csv"),
            "--grid",
            grid.to_str().unwrap(),
            log,
            "--out",
            out.to_str().unwrap(),
        ];
        let o = with_stdin(&args, Path::new(&day("events.jsonl")));
        assert!(o.status.success(), "{}", stderr(&o));
        let csv = std::fs::read_to_string(out.join("sweep.csv")).unwrap();
        let json: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(out.join("sweep.json")).unwrap())
                .unwrap();
        (csv, json, stderr(&o))
    };
    let (csv, json, err) = run("-", &dir.path().join("stdin"));
    assert!(
        !csv.contains("fail2ban") && !csv.contains("over-reset"),
        "{csv}"
    );
    assert!(err.contains("baselines did not run"), "{err}");
    assert_eq!(json["baselines_skipped"], "standard input is read once");
    let (csv, json, _) = run(&day("events.jsonl"), &dir.path().join("file"));
    assert!(
        csv.contains("fail2ban") && csv.contains("over-reset"),
        "{csv}"
    );
    assert!(json["baselines_skipped"].is_null());
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

#[test]
fn gen_start_outside_the_kept_times_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("g");
    for start in [
        "9223372036854775807",
        "9999-01-01T00:00:00Z",
        "-140737488355328",
    ] {
        let o = credsieve(&[
            "gen",
            "--scenario",
            "stuffing",
            "--start",
            start,
            "--out",
            out.to_str().unwrap(),
        ]);
        assert_eq!(o.status.code(), Some(2), "{start}: {}", stderr(&o));
    }
    assert!(!out.exists());
}

#[test]
fn leaks_build_refuses_an_out_that_is_no_regular_file() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("ff");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let o = credsieve(&[
        "leaks",
        "build",
        "--combos",
        &day("combos.txt"),
        "--out",
        fifo.to_str().unwrap(),
    ]);
    fails_in_one_line(&o, &["not a regular file"]);
    let kind = std::fs::symlink_metadata(&fifo).unwrap().file_type();
    assert!(std::os::unix::fs::FileTypeExt::is_fifo(&kind));
}

/// A log whose integer times count seconds is read as SPEC 1 says (milliseconds), and the run
/// says so: every event dated in January 1970 draws a warning; the same log in milliseconds
/// does not; `summary.json` lists the warning too.
#[test]
fn times_that_look_like_epoch_seconds_draw_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    for (name, scale, warns) in [("s.jsonl", 1i64, true), ("ms.jsonl", 1000, false)] {
        let p = dir.path().join(name);
        let lines: String = (0..3i64)
            .map(|i| {
                let ts = (1_795_144_455 + 60 * i) * scale;
                format!("{{\"ts\":{ts},\"user\":\"u{i}\",\"ip\":\"10.0.0.1\",\"ok\":true}}\n")
            })
            .collect();
        std::fs::write(&p, lines).unwrap();
        let out = dir.path().join(format!("out-{name}"));
        let o = credsieve(&[
            "detect",
            p.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        assert_eq!(
            stderr(&o).contains("epoch milliseconds; if these logs count seconds"),
            warns,
            "{name}: {}",
            stderr(&o)
        );
        // The same warnings in summary.json, for a nightly job to act on.
        let summary: serde_json::Value =
            serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap();
        let listed: Vec<&str> = summary["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|w| w.as_str())
            .collect();
        assert_eq!(listed.len(), usize::from(warns), "{name}: {listed:?}");
        assert!(listed.iter().all(|w| w.contains("epoch milliseconds")));
    }
}
