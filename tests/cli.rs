//! The binary's contract: SPEC 2 vectors, exit codes, bad input, stdin, atomic outputs, config.

use std::path::Path;
use std::process::{Command, Output};

fn credsieve(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_credsieve"))
        .args(args)
        .env_remove("CREDSIEVE_KEY")
        .output()
        .unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn fingerprint_vectors_through_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("key");
    std::fs::write(&key, "s3cr3t-pepper\n").unwrap();
    let k = key.to_str().unwrap();
    let cases: &[(&[&str], &str)] = &[
        (
            &["--user", "alice@example.com", "--password", "hunter2"],
            "cred b91a880d37beded5\npw 3e324ff24a43a84f\n",
        ),
        (
            &["--user", "  Alice@Example.COM ", "--password", "hunter2"],
            "cred b91a880d37beded5\npw 3e324ff24a43a84f\n",
        ),
        (
            &[
                "--user",
                "bob",
                "--password",
                "correct horse battery staple",
            ],
            "cred b3c4edfb71b95783\npw 379b91546fb38da0\n",
        ),
        (
            &[
                "--user",
                "Ünïcode@例え.jp",
                "--password",
                "pässwörd:with:colons",
            ],
            "cred b00485ee34fad31d\npw acadac23153ab923\n",
        ),
        (
            &[
                "--user",
                "alice@example.com",
                "--password",
                "hunter2",
                "--key-file",
                k,
            ],
            "cred 57cab7f6c60a4041\npw a82468d22c5531ab\n",
        ),
        (
            &[
                "--user",
                "bob",
                "--password",
                "correct horse battery staple",
                "--key-file",
                k,
            ],
            "cred f4be313772448b6f\npw 6e7632ab9a186ca4\n",
        ),
    ];
    for (args, want) in cases {
        let mut a = vec!["fingerprint"];
        a.extend_from_slice(args);
        let o = credsieve(&a);
        assert!(o.status.success());
        assert_eq!(String::from_utf8_lossy(&o.stdout), *want, "{args:?}");
    }
    // The environment variable is a key source too.
    let o = Command::new(env!("CARGO_BIN_EXE_credsieve"))
        .args([
            "fingerprint",
            "--user",
            "bob",
            "--password",
            "correct horse battery staple",
        ])
        .env("CREDSIEVE_KEY", "s3cr3t-pepper")
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&o.stdout),
        "cred f4be313772448b6f\npw 6e7632ab9a186ca4\n"
    );
    assert!(!stderr(&o).contains("demo key"));
}

fn good_line(i: usize) -> String {
    format!(
        r#"{{"ts":"2026-11-20T01:00:{:02}.000Z","user":"u{i}","ip":"192.0.2.{}","ok":true}}"#,
        i % 60,
        i % 200
    )
}

#[test]
fn a_few_bad_lines_are_reported_with_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let mut text: Vec<String> = (0..300).map(good_line).collect();
    text.insert(41, "{not json".into());
    let p = dir.path().join("log.jsonl");
    std::fs::write(&p, text.join("\n")).unwrap();
    let o = credsieve(&[
        "detect",
        p.to_str().unwrap(),
        "--out",
        dir.path().join("out").to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("log.jsonl:42: invalid JSON"),
        "{}",
        stderr(&o)
    );
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("out/summary.json")).unwrap())
            .unwrap();
    assert_eq!(summary["bad_lines"], 1);
    assert_eq!(summary["events"], 300);
    // The memory figures for capacity planning (Linux reports them; elsewhere they are null).
    let mem = &summary["memory"];
    for k in ["peak_rss_bytes", "heap_bytes", "machine_bytes"] {
        if cfg!(target_os = "linux") {
            assert!(mem[k].as_u64().is_some_and(|b| b > 0), "{k}: {mem}");
        } else {
            assert!(mem[k].is_null() || mem[k].is_u64(), "{k}: {mem}");
        }
    }
    assert!(mem["heap_bytes"].as_u64() <= mem["machine_bytes"].as_u64());
    assert!(!stderr(&o).contains("may not fit"), "{}", stderr(&o));
    // Where the time went: each stage's seconds, together within the run's wall time.
    let stages = &summary["stage_seconds"];
    let secs: Vec<f64> = ["scan", "analyse", "decide"]
        .iter()
        .map(|k| stages[k].as_f64().unwrap_or(-1.0))
        .collect();
    assert!(secs.iter().all(|&s| s >= 0.0), "{stages}");
    assert!(secs.iter().sum::<f64>() <= summary["wall_seconds"].as_f64().unwrap_or(0.0));
    assert!(stderr(&o).contains("(scan "), "{}", stderr(&o));
}

#[test]
fn too_many_bad_lines_fail_the_run_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut text: Vec<String> = (0..50).map(good_line).collect();
    text.push(r#"{"ts":"2026-11-20T01:00:00Z","user":"x","ip":"999.1.1.1","ok":true}"#.into());
    let p = dir.path().join("log.jsonl");
    std::fs::write(&p, text.join("\n")).unwrap();
    let out = dir.path().join("out");
    let o = credsieve(&[
        "detect",
        p.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    assert!(
        e.contains("1 of 51 lines could not be parsed") && e.contains("log.jsonl:51"),
        "{e}"
    );
    assert!(!out.join("compromised.csv").exists());
    // A higher limit lets it through.
    let o = credsieve(&[
        "detect",
        p.to_str().unwrap(),
        "--max-bad-ratio",
        "0.05",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn unreadable_input_is_reported_and_the_exit_code_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("log.jsonl");
    std::fs::write(&p, good_line(1)).unwrap();
    let out = dir.path().join("out");
    let args = |extra: &[&str]| {
        let mut v = vec![
            "detect".to_string(),
            p.to_str().unwrap().to_string(),
            "/nonexistent/x.jsonl".to_string(),
            "--out".to_string(),
            out.to_str().unwrap().to_string(),
        ];
        v.extend(extra.iter().map(|s| s.to_string()));
        v
    };
    // An earlier night's complete outputs stay in place: a run that could not read an input
    // writes nothing.
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("compromised.csv"), "earlier\n").unwrap();
    let o = credsieve(&args(&[]).iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("/nonexistent/x.jsonl"), "{err}");
    assert!(err.contains("nothing written"), "{err}");
    assert_eq!(
        std::fs::read_to_string(out.join("compromised.csv")).unwrap(),
        "earlier\n"
    );
    assert!(!out.join("summary.json").exists());
    // `--partial` writes the lists of what was read, marked incomplete, and still exits 1.
    let o = credsieve(
        &args(&["--partial"])
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>(),
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap();
    assert_eq!(summary["incomplete"], true);
    assert_eq!(summary["events"], 1);
    assert_ne!(
        std::fs::read_to_string(out.join("compromised.csv")).unwrap(),
        "earlier\n"
    );
}

#[test]
fn stdin_and_no_out_print_compromised_to_stdout() {
    use std::io::Write;
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("datasets/realistic-day-small");
    let events = std::fs::read(sample.join("events.jsonl")).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_credsieve"))
        .args(["detect", "-", "--format", "jsonl", "--leak-combos"])
        .arg(sample.join("combos.txt"))
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || stdin.write_all(&events));
    let o = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(out.starts_with("user,time,ip,source,rule,reason"));
    assert!(out.lines().count() > 10);
    // Same list as from the mapped file, but for the rules that read the logs a second time
    // for user agents: standard input cannot be read twice.
    let o2 = Command::new(env!("CARGO_BIN_EXE_credsieve"))
        .args(["detect"])
        .arg(sample.join("events.jsonl"))
        .arg("--leak-combos")
        .arg(sample.join("combos.txt"))
        .output()
        .unwrap();
    let mapped = String::from_utf8(o2.stdout).unwrap();
    let second_reading = [
        ",hit-and-run-slow-agent,",
        ",hit-and-run-agent,",
        ",hit-and-run-agent-leaked,",
        ",hit-and-run-unleaked-agent,",
        ",bot-agent-unleaked,",
    ];
    let (read_twice, once): (Vec<&str>, Vec<&str>) = mapped
        .lines()
        .partition(|l| second_reading.iter().any(|r| l.contains(r)));
    assert_eq!(once, out.lines().collect::<Vec<_>>());
    assert!(
        read_twice.iter().all(|l| !out.contains(l)),
        "{read_twice:?}"
    );
}

#[test]
fn csv_input_equals_jsonl_input() {
    let dir = tempfile::tempdir().unwrap();
    let mut j = Vec::new();
    let mut c = vec!["ip,ok,user,ts,extra".to_string()];
    for i in 0..40 {
        let ok = i == 7;
        j.push(format!(
            r#"{{"ts":"2026-11-20T02:00:{:02}.000Z","user":"U{}","ip":"203.0.113.1","ok":{ok}}}"#,
            i % 60,
            i
        ));
        c.push(format!(
            "203.0.113.1,{},\"u{}\",2026-11-20T02:00:{:02}.000Z,\"a,b\"",
            if ok { 1 } else { 0 },
            i,
            i % 60
        ));
    }
    std::fs::write(dir.path().join("a.jsonl"), j.join("\n")).unwrap();
    std::fs::write(dir.path().join("a.csv"), c.join("\r\n")).unwrap();
    let run = |f: &str| {
        let out = dir.path().join(format!("out-{f}"));
        let o = credsieve(&[
            "detect",
            dir.path().join(f).to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        (
            std::fs::read(out.join("compromised.csv")).unwrap(),
            std::fs::read(out.join("ips.csv")).unwrap(),
        )
    };
    let (a, b) = (run("a.jsonl"), run("a.csv"));
    assert_eq!(a, b);
    // 40 accounts of which 39 only failed: a guessing source whose login counts (with no
    // fingerprints, every login counts as a resident's against the source: 1 <= 5% of 39).
    assert_eq!(String::from_utf8(a.0).unwrap().lines().count(), 1 + 1);
}

#[test]
fn config_defaults_print_and_check() {
    let o = credsieve(&["config", "--print-defaults"]);
    assert!(o.status.success());
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(text.contains("[rules]") && text.contains("brute_min_fails = 15"));
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("c.toml");
    std::fs::write(&p, "[rules]\nbrute_min_fails = 3\n").unwrap();
    let o = credsieve(&["config", "--check", p.to_str().unwrap()]);
    assert!(o.status.success());
    assert!(
        String::from_utf8(o.stdout)
            .unwrap()
            .contains("brute_min_fails = 3")
    );
    std::fs::write(&p, "[rules]\nno_such_threshold = 3\n").unwrap();
    let o = credsieve(&["detect", "-", "--config", p.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("no_such_threshold"), "{}", stderr(&o));
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(credsieve(&["detect"]).status.code(), Some(2));
    assert_eq!(credsieve(&["nope"]).status.code(), Some(2));
}

#[test]
fn outputs_are_complete_files_with_no_temporaries_left() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("log.jsonl");
    std::fs::write(&p, good_line(3)).unwrap();
    let out = dir.path().join("out");
    let o = credsieve(&[
        "detect",
        p.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success());
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["compromised.csv", "exposed.csv", "ips.csv", "summary.json"]
    );
}

#[test]
fn leaks_under_another_key_than_the_logs_are_warned_about() {
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("datasets/realistic-day-small");
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("key");
    std::fs::write(&key, "not-the-logs-key").unwrap();
    let events = sample.join("events.jsonl");
    let combos = sample.join("combos.txt");
    let run = |extra: &[&str]| {
        let mut args = vec![
            "detect",
            events.to_str().unwrap(),
            "--leak-combos",
            combos.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        let o = credsieve(&args);
        assert!(o.status.success(), "{}", stderr(&o));
        stderr(&o)
    };
    let warned = "is in the leaks: if the logs were fingerprinted with another key";
    assert!(run(&["--key-file", key.to_str().unwrap()]).contains(warned));
    assert!(!run(&[]).contains(warned));
}
