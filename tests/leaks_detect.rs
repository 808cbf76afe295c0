//! `detect --leaks STORE` gives the same verdicts as the exact in-memory set on every data set.

use std::path::Path;
use std::process::Command;

fn run(args: &[&std::ffi::OsStr]) {
    let o = Command::new(env!("CARGO_BIN_EXE_credsieve"))
        .args(args)
        .env_remove("CREDSIEVE_KEY")
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "{:?}: {}",
        args,
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn store_and_exact_set_agree_on_every_dataset() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("datasets");
    let mut sets = vec![root.join("realistic-day-small")];
    for e in std::fs::read_dir(root.join("tiny")).unwrap() {
        sets.push(e.unwrap().path());
    }
    sets.sort();
    assert!(sets.len() >= 10);
    let tmp = tempfile::tempdir().unwrap();
    for (i, d) in sets.iter().enumerate() {
        let store = tmp.path().join(format!("s{i}.csl"));
        let (a, b) = (
            tmp.path().join(format!("a{i}")),
            tmp.path().join(format!("b{i}")),
        );
        let (ev, co, pw) = (
            d.join("events.jsonl"),
            d.join("combos.txt"),
            d.join("passwords.txt"),
        );
        run(&[
            "leaks".as_ref(),
            "build".as_ref(),
            "--combos".as_ref(),
            co.as_os_str(),
            "--passwords".as_ref(),
            pw.as_os_str(),
            "--out".as_ref(),
            store.as_os_str(),
        ]);
        run(&[
            "detect".as_ref(),
            ev.as_os_str(),
            "--leaks".as_ref(),
            store.as_os_str(),
            "--out".as_ref(),
            a.as_os_str(),
        ]);
        run(&[
            "detect".as_ref(),
            ev.as_os_str(),
            "--leak-combos".as_ref(),
            co.as_os_str(),
            "--leak-passwords".as_ref(),
            pw.as_os_str(),
            "--out".as_ref(),
            b.as_os_str(),
        ]);
        for f in ["compromised.csv", "exposed.csv", "ips.csv"] {
            assert_eq!(
                std::fs::read(a.join(f)).unwrap(),
                std::fs::read(b.join(f)).unwrap(),
                "{} {f}",
                d.display()
            );
        }
    }
}

#[test]
fn store_built_with_another_key_is_an_error() {
    let d = Path::new(env!("CARGO_MANIFEST_DIR")).join("datasets/tiny/stuffing");
    let tmp = tempfile::tempdir().unwrap();
    let store = tmp.path().join("s.csl");
    let key = tmp.path().join("key");
    std::fs::write(&key, "another key\n").unwrap();
    run(&[
        "leaks".as_ref(),
        "build".as_ref(),
        "--combos".as_ref(),
        d.join("combos.txt").as_os_str(),
        "--out".as_ref(),
        store.as_os_str(),
        "--key-file".as_ref(),
        key.as_os_str(),
    ]);
    let o = Command::new(env!("CARGO_BIN_EXE_credsieve"))
        .arg("detect")
        .arg(d.join("events.jsonl"))
        .arg("--leaks")
        .arg(&store)
        .env_remove("CREDSIEVE_KEY")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("another key"));
}
