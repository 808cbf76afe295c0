//! How the binary fails on damaged stores, wrong leak sources and bad paths: exit 1 with one
//! clear line naming the file, never a silently different answer.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("datasets/realistic-day-small")
        .join(name)
}

/// The binary with the demo key given explicitly (so no warning line is printed).
fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_credsieve"));
    c.env("CREDSIEVE_KEY", "credsieve-demo-key");
    c
}

/// Runs `cmd`, killing it after 60 s (opening a FIFO could otherwise wait for ever).
fn run(cmd: &mut Command) -> Output {
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(60) {
            child.kill().unwrap();
            panic!("{cmd:?} still running after 60 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

fn ok(o: &Output) {
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

/// Exit 1 and standard error one line holding every one of `needles`.
fn fails(o: &Output, needles: &[&str]) -> String {
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert_eq!(err.lines().count(), 1, "not one line: {err}");
    for n in needles {
        assert!(err.contains(n), "{err} lacks {n}");
    }
    err
}

fn build_store(out: &Path) {
    ok(&run(bin()
        .args(["leaks", "build", "--combos"])
        .arg(data("combos.txt"))
        .arg("--passwords")
        .arg(data("passwords.txt"))
        .arg("--out")
        .arg(out)));
}

fn detect(store: &Path, extra: &[&str]) -> Output {
    run(bin()
        .arg("detect")
        .arg(data("events.jsonl"))
        .arg("--leaks")
        .arg(store)
        .args(extra))
}

fn u64_at(b: &[u8], off: usize) -> usize {
    u64::from_le_bytes(b[off..off + 8].try_into().unwrap()) as usize
}

#[test]
fn a_damaged_store_body_fails_detect_and_sweep() {
    let d = tempfile::tempdir().unwrap();
    let good = d.path().join("good.csl");
    build_store(&good);
    let mut bytes = std::fs::read(&good).unwrap();
    // The cred section comes first in the section table (at 64): keys_off at 64 + 40.
    assert_eq!(&bytes[64..68], &1u32.to_le_bytes());
    let (n, keys) = (u64_at(&bytes, 64 + 8), u64_at(&bytes, 64 + 40));
    assert!(n * 8 > 8192 + 16384, "{n} keys");
    bytes[keys + 8192..keys + 8192 + 16384].fill(0);
    let bad = d.path().join("bad.csl");
    std::fs::write(&bad, &bytes).unwrap();

    let bad_name = bad.display().to_string();
    let o = detect(&bad, &["--out", d.path().join("out").to_str().unwrap()]);
    fails(&o, &[&bad_name, "cred section", "checksum"]);
    assert!(!d.path().join("out").exists());

    // Unverified (the opt-out), the damaged store answers differently: the audit's finding.
    let (want, got) = (detect(&good, &[]), detect(&bad, &["--no-verify-store"]));
    ok(&want);
    ok(&got);
    assert_ne!(want.stdout, got.stdout);

    let grid = d.path().join("grid.toml");
    std::fs::write(&grid, "[rules]\nstuffing_window_secs = [60, 300]\n").unwrap();
    let o = run(bin()
        .arg("sweep")
        .arg(data("events.jsonl"))
        .arg("--truth")
        .arg(data("truth.csv"))
        .arg("--grid")
        .arg(&grid)
        .arg("--out")
        .arg(d.path().join("sweep"))
        .arg("--leaks")
        .arg(&bad));
    fails(&o, &[&bad_name, "cred section"]);
}

fn leaks_build(sources: &[(&str, &Path)], out: &Path, extra: &[&str]) -> Output {
    let mut c = bin();
    c.args(["leaks", "build", "--out"]).arg(out).args(extra);
    for (kind, p) in sources {
        c.arg(format!("--{kind}")).arg(p);
    }
    run(&mut c)
}

#[test]
fn leaks_build_fails_on_a_source_of_bad_lines() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("s.csl");
    let combos = data("combos.txt");
    let name = combos.display().to_string();

    // A combo list given as Pwned Passwords: every line is bad.
    let o = leaks_build(&[("hibp", &combos)], &out, &[]);
    fails(&o, &[&name, "none of its", "--hibp"]);
    // Whatever the limit.
    let o = leaks_build(&[("hibp", &combos)], &out, &["--max-bad-ratio", "1"]);
    fails(&o, &[&name, "none of its"]);
    assert!(!out.exists());

    // Random bytes as a combo list.
    let noise = d.path().join("noise.bin");
    let mut x = 0x2545_F491_4F6C_DD1Du64;
    let bytes: Vec<u8> = (0..1 << 20)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect();
    std::fs::write(&noise, bytes).unwrap();
    let o = leaks_build(&[("combos", &combos), ("combos", &noise)], &out, &[]);
    fails(&o, &["noise.bin", "malformed"]);
    assert!(!out.exists());

    // A messy dump (a third bad) passes the default limit, not a tighter one.
    let messy = d.path().join("messy.txt");
    let text: String = (0..300)
        .map(|i| match i % 3 {
            0 => format!("no colon {i}\n"),
            _ => format!("user{i}@x.org:pw{i}\n"),
        })
        .collect();
    std::fs::write(&messy, text).unwrap();
    ok(&leaks_build(&[("combos", &messy)], &out, &[]));
    let o = leaks_build(&[("combos", &messy)], &out, &["--max-bad-ratio", "0.2"]);
    fails(
        &o,
        &[
            "messy.txt",
            "100 of its 300",
            "--max-bad-ratio 0.2",
            "line 1:",
        ],
    );
}

#[test]
fn leaks_build_refuses_to_overwrite_its_source() {
    let d = tempfile::tempdir().unwrap();
    let cc = d.path().join("cc.txt");
    std::fs::copy(data("combos.txt"), &cc).unwrap();
    let before = std::fs::read(&cc).unwrap();
    let o = leaks_build(&[("combos", &cc)], &cc, &[]);
    fails(&o, &["cc.txt", "source"]);
    // The same file under another name (a hard link, a path through `..`).
    let link = d.path().join("link.txt");
    std::fs::hard_link(&cc, &link).unwrap();
    let o = leaks_build(
        &[("passwords", &data("passwords.txt")), ("combos", &cc)],
        &link,
        &[],
    );
    fails(&o, &["link.txt", "source"]);
    let sub = d.path().join("sub");
    std::fs::create_dir(&sub).unwrap();
    let o = leaks_build(&[("combos", &cc)], &sub.join("../cc.txt"), &[]);
    fails(&o, &["source"]);
    assert_eq!(std::fs::read(&cc).unwrap(), before);
}

#[test]
fn leaks_build_creates_the_output_directory() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("a/b/x.csl");
    ok(&leaks_build(&[("combos", &data("combos.txt"))], &out, &[]));
    ok(&run(bin().args(["leaks", "info", "--verify"]).arg(&out)));
}

#[test]
fn a_store_path_that_is_not_a_file_is_named() {
    let d = tempfile::tempdir().unwrap();
    let dir = d.path().display().to_string();
    fails(&detect(d.path(), &[]), &[&dir, "is a directory"]);
    fails(
        &run(bin().args(["leaks", "info"]).arg(d.path())),
        &["is a directory"],
    );
    let fifo = d.path().join("fifo");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    fails(&detect(&fifo, &[]), &["fifo", "not a regular file"]);
}

/// `detect`'s text leak sources follow `leaks build`'s bad-line rule: a wrong kind of file
/// fails, a few malformed lines are reported with their position and the run goes on.
#[test]
fn detect_text_leak_sources_report_and_limit_bad_lines() {
    let d = tempfile::tempdir().unwrap();
    let o = run(bin()
        .args(["detect"])
        .arg(data("events.jsonl"))
        .arg("--leak-hibp")
        .arg(data("combos.txt"))
        .arg("--out")
        .arg(d.path().join("o")));
    fails(&o, &["combos.txt", "none of its", "--hibp"]);
    assert!(!d.path().join("o").exists());
    let combos = d.path().join("combos.txt");
    let mut text = std::fs::read_to_string(data("combos.txt")).unwrap();
    text.insert_str(0, "no colon here\n");
    std::fs::write(&combos, text).unwrap();
    let o = run(bin()
        .args(["detect"])
        .arg(data("events.jsonl"))
        .arg("--leak-combos")
        .arg(&combos)
        .arg("--out")
        .arg(d.path().join("o")));
    ok(&o);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("skipped bad leak line") && err.contains("combos.txt:1:"),
        "{err}"
    );
}

/// An empty source (a failed download) is said on standard error, not built in silence.
#[test]
fn an_empty_leak_source_is_warned_about() {
    let d = tempfile::tempdir().unwrap();
    let empty = d.path().join("empty.txt");
    std::fs::write(&empty, "").unwrap();
    let o = run(bin()
        .args(["leaks", "build", "--combos"])
        .arg(&empty)
        .arg("--out")
        .arg(d.path().join("s.csl")));
    ok(&o);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("empty.txt is empty"), "{err}");
}
