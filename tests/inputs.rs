//! Real-world inputs through the binary (issue 5): OpenSSH syslog (the loghub sample), gzip and
//! zstd streams and rotated files equal to the plain ones, CSV from other systems (column maps,
//! timestamp layouts, the RBA preset), and a truncated gzip failing with exit 1.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_credsieve");
const OUTPUTS: [&str; 3] = ["compromised.csv", "exposed.csv", "ips.csv"];

/// The addresses fail2ban's default sshd jail (maxretry 5, findtime 10 min) bans on the loghub
/// sample, computed from `fail2ban-regex -o row FIXTURE sshd` (fail2ban 1.0.2).
const FAIL2BAN_BANNED: [&str; 12] = [
    "103.207.39.16",
    "103.207.39.212",
    "103.99.0.122",
    "112.95.230.3",
    "119.4.203.64",
    "123.235.32.19",
    "183.62.140.253",
    "185.190.58.151",
    "187.141.143.180",
    "195.154.37.122",
    "5.188.10.180",
    "60.2.12.12",
];

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/OpenSSH_2k.log")
}

fn dataset(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("datasets/realistic-day-small")
        .join(name)
}

fn run(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(BIN)
        .arg("detect")
        .args(args)
        .output()
        .expect("run credsieve")
}

/// Runs `detect ARGS --out DIR`, asserts success, returns the summary.
fn detect_ok(args: &[&std::ffi::OsStr], out: &Path) -> serde_json::Value {
    let mut a = args.to_vec();
    a.extend([std::ffi::OsStr::new("--out"), out.as_os_str()]);
    let o = run(&a);
    assert!(
        o.status.success(),
        "credsieve failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    let s = std::fs::read_to_string(out.join("summary.json")).expect("summary.json");
    serde_json::from_str(&s).expect("summary is JSON")
}

fn outputs(dir: &Path) -> Vec<Vec<u8>> {
    OUTPUTS
        .iter()
        .map(|f| std::fs::read(dir.join(f)).expect("output file"))
        .collect()
}

fn os(s: &str) -> &std::ffi::OsStr {
    std::ffi::OsStr::new(s)
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(data).expect("gzip");
    e.finish().expect("gzip")
}

fn zstd(data: &[u8]) -> Vec<u8> {
    zstd::stream::encode_all(data, 3).expect("zstd")
}

fn ips(dir: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(dir.join("ips.csv")).expect("ips.csv");
    text.lines()
        .skip(1)
        .filter_map(|l| l.split(',').next())
        .map(str::to_string)
        .collect()
}

#[test]
fn fixture_copy_matches_shared() {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/loghub/OpenSSH_2k.log");
    if let Ok(s) = std::fs::read(&shared) {
        assert_eq!(
            s,
            std::fs::read(fixture()).expect("fixture"),
            "tests/data copy differs"
        );
    }
}

#[test]
fn loghub_sshd_parses_every_attempt() {
    let d = tempfile::tempdir().expect("tmp");
    let fx = fixture();
    // 525 lines `Failed password|none ...` or `Accepted ...`, two of them `message repeated 5
    // times`: 523 + 2 * 5 = 533 attempts; every other line is skipped without counting as bad.
    for (i, extra) in [
        vec![os("--format"), os("sshd")],
        vec![],
        vec![os("--block-size"), os("3000")],
    ]
    .into_iter()
    .enumerate()
    {
        let out = d.path().join(format!("o{i}"));
        let mut a = vec![fx.as_os_str(), os("--year"), os("2017")];
        a.extend(extra);
        let s = detect_ok(&a, &out);
        assert_eq!(s["events"], 533, "{s}");
        assert_eq!(s["bad_lines"], 0);
        assert_eq!(s["scan"]["first_ts"], 1512888948000i64); // 2017-12-10T06:55:48Z
        assert!(!ips(&out).is_empty());
    }
    assert_eq!(outputs(&d.path().join("o0")), outputs(&d.path().join("o2")));
}

#[test]
fn loghub_fail2ban_bans_are_flagged() {
    let d = tempfile::tempdir().expect("tmp");
    detect_ok(&[fixture().as_os_str(), os("--year"), os("2017")], d.path());
    let got = ips(d.path());
    let missing: Vec<_> = FAIL2BAN_BANNED
        .iter()
        .filter(|a| !got.iter().any(|g| g == *a))
        .collect();
    assert!(
        missing.is_empty(),
        "fail2ban bans these, credsieve does not list them: {missing:?}"
    );
}

/// A file running over New Year: its December lines in the first year, its January ones in
/// the next, whatever the order of the lines (SPEC 1: here January's come first, as in logs of
/// several servers concatenated), the block size, or whether it is mapped or streamed (a
/// stream's months are those of its first block).
#[test]
fn sshd_new_year_and_crlf() {
    let d = tempfile::tempdir().expect("tmp");
    let line = |date: &str, k: usize| {
        format!("{date} host sshd[{k}]: Failed password for root from 10.0.0.{k} port 22 ssh2\r\n")
    };
    let dec = line("Dec 31 23:59:58", 0);
    let jan = format!(
        "{}{}",
        line("Jan  1 00:00:02", 0),
        line("Jan  1 00:00:02", 1)
    );
    let bye = "Jan  1 00:00:03 host sshd[9]: Received disconnect from 10.0.0.1: 11: Bye Bye [preauth]\r\n";
    for (name, text) in [
        ("in-order", format!("{dec}{jan}{bye}")),
        ("january-first", format!("{bye}{jan}{dec}")),
    ] {
        let p = d.path().join(format!("{name}.log"));
        std::fs::write(&p, &text).expect("write");
        for (bs, mmap) in [("40", true), ("100000", true), ("100000", false)] {
            let out = d.path().join(format!("o-{name}-{bs}-{mmap}"));
            let mut args = vec![
                p.as_os_str(),
                os("--year"),
                os("2023"),
                os("--block-size"),
                os(bs),
            ];
            if !mmap {
                args.push(os("--no-mmap"));
            }
            let s = detect_ok(&args, &out);
            assert_eq!(s["events"], 3, "{name} {bs} {mmap}");
            assert_eq!(s["bad_lines"], 0);
            assert_eq!(
                s["scan"]["first_ts"], 1704067198000i64,
                "{name} {bs} {mmap}"
            ); // 2023-12-31T23:59:58Z
            assert_eq!(s["scan"]["last_ts"], 1704067202000i64, "{name} {bs} {mmap}"); // 2024-01-01T00:00:02Z
        }
    }
}

/// Mapped files number their lines only when a bad line needs it (a lazy index over the whole
/// file): bad lines deep in later blocks, in a multi-megabyte file, carry the same `file:line`
/// as when the file is streamed (lines counted as read), whatever the block size and threads.
#[test]
fn sshd_bad_lines_deep_in_a_mapped_file_have_exact_line_numbers() {
    let d = tempfile::tempdir().expect("tmp");
    let mut text = String::new();
    let mut expected = Vec::new();
    let bad_at = [3usize, 20_011, 31_337, 47_000, 59_998];
    for i in 0..60_000usize {
        if bad_at.contains(&i) {
            text.push_str(&format!(
                "Dec 31 10:00:00 host sshd[{i}]: Failed password for bob from 999.0.0.{} port 22 ssh2\r\n",
                i % 200
            ));
            expected.push(i + 1);
        } else if i % 3 == 0 {
            text.push_str(&format!(
                "Dec 31 10:{:02}:{:02} host sshd[{i}]: Failed password for u{} from 10.0.{}.{} port 22 ssh2\r\n",
                i / 60 % 60,
                i % 60,
                i % 97,
                i % 251,
                i % 199 + 1
            ));
        } else {
            text.push_str(&format!(
                "Dec 31 10:00:00 host sshd[{i}]: pam_unix(sshd:session): session closed for user u{}{}\n",
                i % 97,
                " ".repeat(i % 13)
            ));
        }
    }
    assert!(text.len() > 3 << 20, "spans several blocks and index steps");
    let p = d.path().join("auth.log");
    std::fs::write(&p, &text).expect("write");
    let want: Vec<String> = expected
        .iter()
        .map(|n| format!("{}:{n}: ip `999.0.0.", p.display()))
        .collect();
    let mut seen = Vec::new();
    for (k, extra) in [
        &[][..],
        &["--no-mmap"][..],
        &["--block-size", "65536"][..],
        &["--block-size", "65536", "--no-mmap"][..],
        &["--block-size", "1000000", "--threads", "1"][..],
    ]
    .iter()
    .enumerate()
    {
        let mut args = vec![p.as_os_str(), os("--year"), os("2024")];
        args.extend(extra.iter().map(|a| os(a)));
        let s = detect_ok(&args, &d.path().join(format!("o{k}")));
        assert_eq!(s["bad_lines"], bad_at.len(), "{extra:?}");
        let first_bad: Vec<String> = s["scan"]["first_bad"]
            .as_array()
            .expect("first_bad")
            .iter()
            .map(|v| v.as_str().unwrap_or_default().to_string())
            .collect();
        assert_eq!(first_bad.len(), want.len(), "{extra:?}");
        for (got, w) in first_bad.iter().zip(&want) {
            assert!(
                got.starts_with(w.as_str()),
                "{extra:?}: {got} should start {w}"
            );
        }
        seen.push(first_bad);
    }
    assert!(seen.windows(2).all(|w| w[0] == w[1]), "{seen:?}");
}

#[test]
fn compressed_and_rotated_equal_plain() {
    let d = tempfile::tempdir().expect("tmp");
    let base = ["--leak-combos"];
    let combos = dataset("combos.txt");
    let plain = dataset("events.jsonl");
    let bytes = std::fs::read(&plain).expect("dataset");
    let gz = d.path().join("events.jsonl.gz");
    std::fs::write(&gz, gzip(&bytes)).expect("write");
    let zst = d.path().join("events.jsonl.zst");
    std::fs::write(&zst, zstd(&bytes)).expect("write");
    // Rotated: the same events over three files, the older ones compressed, in a directory.
    let rot = d.path().join("rotated");
    std::fs::create_dir(&rot).expect("mkdir");
    let cut1 = bytes.len() / 3;
    let cut1 = cut1
        + bytes[cut1..]
            .iter()
            .position(|&b| b == b'\n')
            .expect("newline")
        + 1;
    let cut2 = 2 * bytes.len() / 3;
    let cut2 = cut2
        + bytes[cut2..]
            .iter()
            .position(|&b| b == b'\n')
            .expect("newline")
        + 1;
    std::fs::write(rot.join("events.jsonl"), &bytes[cut2..]).expect("write");
    std::fs::write(rot.join("events.jsonl.1"), &bytes[cut1..cut2]).expect("write");
    // Multi-member gzip, as `cat a.gz b.gz` makes.
    let mut two = gzip(&bytes[..cut1 / 2]);
    two.extend(gzip(&bytes[cut1 / 2..cut1]));
    std::fs::write(rot.join("events.jsonl.2.gz"), two).expect("write");

    let want = d.path().join("plain");
    let s = detect_ok(&[plain.as_os_str(), os(base[0]), combos.as_os_str()], &want);
    assert!(s["compromised"].as_u64().is_some_and(|n| n > 0));
    for (name, input, extra) in [
        ("gz", gz.as_os_str(), None),
        ("gz-small-blocks", gz.as_os_str(), Some("7000")),
        ("zst", zst.as_os_str(), None),
        ("rotated", rot.as_os_str(), None),
    ] {
        let out = d.path().join(name);
        let mut a = vec![input, os(base[0]), combos.as_os_str()];
        if let Some(bs) = extra {
            a.extend([os("--block-size"), os(bs)]);
        }
        let got = detect_ok(&a, &out);
        assert_eq!(got["events"], s["events"], "{name}");
        // The user-agent check read the streams a second time (opened again by name).
        assert_eq!(
            got["agent_check"]["ran"], true,
            "{name}: {}",
            got["agent_check"]
        );
        assert_eq!(outputs(&out), outputs(&want), "{name}");
    }
    // sshd: auth.log.2.gz is sshd by its name.
    let sshd_gz = d.path().join("auth.log.2.gz");
    std::fs::write(&sshd_gz, gzip(&std::fs::read(fixture()).expect("fixture"))).expect("write");
    let a = detect_ok(
        &[fixture().as_os_str(), os("--year"), os("2017")],
        &d.path().join("sp"),
    );
    let b = detect_ok(
        &[sshd_gz.as_os_str(), os("--year"), os("2017")],
        &d.path().join("sg"),
    );
    assert_eq!(a["events"], b["events"]);
    assert_eq!(outputs(&d.path().join("sp")), outputs(&d.path().join("sg")));
}

#[test]
fn truncated_gzip_fails_naming_the_file() {
    let d = tempfile::tempdir().expect("tmp");
    let full = gzip(&std::fs::read(dataset("events.jsonl")).expect("dataset"));
    for (name, bytes) in [
        ("cut.jsonl.gz", full[..full.len() / 2].to_vec()),
        ("cut.jsonl.zst", {
            let z = zstd(&std::fs::read(dataset("events.jsonl")).expect("dataset"));
            z[..z.len() / 2].to_vec()
        }),
    ] {
        let p = d.path().join(name);
        std::fs::write(&p, bytes).expect("write");
        let out = d.path().join("o");
        let o = run(&[p.as_os_str(), os("--out"), out.as_os_str()]);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{err}");
        assert!(err.contains(name) && err.contains("truncated"), "{err}");
        assert!(
            !out.join("summary.json").exists(),
            "a failed run writes nothing"
        );
        // With `--partial` the whole lines decompressed before the cut are read, and the run
        // still fails.
        let o = run(&[p.as_os_str(), os("--partial"), os("--out"), out.as_os_str()]);
        assert_eq!(o.status.code(), Some(1));
        let s: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(out.join("summary.json")).expect("summary.json"),
        )
        .expect("JSON");
        assert_eq!(s["incomplete"], true);
        let events = s["events"].as_u64().expect("events");
        assert!(events > 1000 && s["bad_lines"] == 0, "{s}");
        std::fs::remove_dir_all(&out).expect("rm");
    }
}

/// Writes a CSV and returns its summary after `detect`.
fn csv_summary(dir: &Path, name: &str, text: &str, extra: &[&str]) -> serde_json::Value {
    let p = dir.join(name);
    std::fs::write(&p, text).expect("write");
    let mut a = vec![p.as_os_str()];
    a.extend(extra.iter().map(|s| os(s)));
    detect_ok(&a, &dir.join(format!("{name}.out")))
}

#[test]
fn csv_timestamp_layouts() {
    let d = tempfile::tempdir().expect("tmp");
    // 2026-11-20T03:14:15.123Z and one second later.
    let (t0, t1) = (1795144455123i64, 1795144456123i64);
    for (i, (a, b)) in [
        ("2026-11-20T03:14:15.123Z", "2026-11-20T04:14:16.123+01:00"),
        ("2026-11-20 03:14:15.123", "2026-11-20 03:14:16.123"),
        ("2026-11-20T03:14:15.123", "2026-11-20T03:14:16.123"),
        ("1795144455.123", "1795144456.123"),
        ("1795144455123", "1795144456123"),
    ]
    .into_iter()
    .enumerate()
    {
        let text = format!("ts,user,ip,ok\n{a},alice,10.0.0.1,false\n{b},alice,10.0.0.1,true\n");
        let s = csv_summary(d.path(), &format!("l{i}.csv"), &text, &[]);
        assert_eq!(
            (s["events"].clone(), s["bad_lines"].clone()),
            (2.into(), 0.into()),
            "{a}"
        );
        assert_eq!(
            (s["scan"]["first_ts"].clone(), s["scan"]["last_ts"].clone()),
            (t0.into(), t1.into()),
            "{a}"
        );
    }
    // Epoch seconds without a fraction.
    let s = csv_summary(
        d.path(),
        "secs.csv",
        "ts,user,ip,ok\n1795144455,a,10.0.0.1,1\n",
        &[],
    );
    assert_eq!(s["scan"]["first_ts"], 1795144455000i64);
}

#[test]
fn csv_column_map_and_rba_preset() {
    let d = tempfile::tempdir().expect("tmp");
    let custom = "time,login,addr,success\n2026-11-20 03:14:15,bob,10.0.0.1,no\n2026-11-20 03:14:16,bob,10.0.0.1,yes\n";
    let s = csv_summary(
        d.path(),
        "c.csv",
        custom,
        &["--columns", "ts=time,user=login,ip=addr,ok=success"],
    );
    assert_eq!(
        (s["events"].clone(), s["bad_lines"].clone()),
        (2.into(), 0.into())
    );
    // Without the map the file cannot be read: exit 1, naming the missing column.
    let o = run(&[d.path().join("c.csv").as_os_str()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("`ts`"));
    // A hand-made sample with the RBA data set's header and value layouts.
    let rba = "index,Login Timestamp,User ID,Round-Trip Time [ms],IP Address,Country,Region,City,ASN,User Agent String,Browser Name and Version,OS Name and Version,Device Type,Login Successful,Is Attack IP,Is Account Takeover\n\
        0,2020-02-03 12:43:30.772,-4324475583306591935,,10.0.65.171,NO,-,-,29695,\"Mozilla/5.0  (iPhone; CPU iPhone OS 13_4 like Mac OS X) AppleWebKit/537.36\",Firefox 20.0.0.1618,iOS 13.4,mobile,False,False,False\n\
        1,2020-02-03 12:43:43.549,-4324475583306591935,,10.0.65.171,NO,-,-,29695,\"Mozilla/5.0, quoted\",Firefox 20.0.0.1618,iOS 13.4,mobile,True,False,False\n\
        2,2020-02-03 12:43:55.873,-3284137479262433373,,10.0.0.34,US,Virginia,Ashburn,14618,x,Chrome 79,Windows 10,desktop,True,False,False\n";
    for extra in [&[][..], &["--columns", "rba"][..]] {
        let s = csv_summary(d.path(), "rba.csv", rba, extra);
        assert_eq!(
            (s["events"].clone(), s["bad_lines"].clone()),
            (3.into(), 0.into()),
            "{extra:?}"
        );
        assert_eq!(s["scan"]["first_ts"], 1580733810772i64);
        assert_eq!(s["accounts"], 2);
    }
}

#[test]
fn a_directory_walk_reads_each_file_once_through_links_and_loops() {
    let d = tempfile::tempdir().expect("tmp");
    let root = d.path().join("logs");
    std::fs::create_dir_all(root.join("real")).expect("mkdir");
    std::fs::copy(dataset("events.jsonl"), root.join("real/events.jsonl")).expect("copy");
    std::os::unix::fs::symlink("real", root.join("alias")).expect("link");
    std::os::unix::fs::symlink("..", root.join("real/loop")).expect("link");
    std::os::unix::fs::symlink("events.jsonl", root.join("real/again.jsonl")).expect("link");
    let walked = detect_ok(&[root.as_os_str()], &d.path().join("w"));
    let plain = detect_ok(&[dataset("events.jsonl").as_os_str()], &d.path().join("p"));
    assert_eq!(walked["events"], plain["events"]);
    assert_eq!(walked["scan"]["files"].as_array().map(Vec::len), Some(1));
    assert_eq!(outputs(&d.path().join("w")), outputs(&d.path().join("p")));
}

#[test]
fn a_directory_walk_passes_over_hidden_and_special_files() {
    let d = tempfile::tempdir().expect("tmp");
    let root = d.path().join("logs");
    std::fs::create_dir_all(root.join(".old")).expect("mkdir");
    std::fs::copy(dataset("events.jsonl"), root.join("events.jsonl")).expect("copy");
    std::fs::copy(dataset("events.jsonl"), root.join(".old/events.jsonl")).expect("copy");
    let fifo = Command::new("mkfifo")
        .arg(root.join("pipe.jsonl"))
        .status()
        .expect("mkfifo");
    assert!(fifo.success());
    std::os::unix::fs::symlink("/dev/zero", root.join("zero.jsonl")).expect("link");
    let walked = detect_ok(&[root.as_os_str()], &d.path().join("w"));
    assert_eq!(walked["scan"]["files"].as_array().map(Vec::len), Some(1));
    assert_eq!(walked["events"], 7856);
}

#[test]
fn a_stream_without_line_ends_is_an_input_error() {
    let d = tempfile::tempdir().expect("tmp");
    let o = run(&[
        os("/dev/zero"),
        os("--format"),
        os("jsonl"),
        os("--out"),
        d.path().join("o").as_os_str(),
    ]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("no line end"), "{err}");
}

#[test]
fn csv_bad_lines_are_named_by_their_line_with_crlf_ends() {
    let d = tempfile::tempdir().expect("tmp");
    let p = d.path().join("b.csv");
    std::fs::write(
        &p,
        "ts,user,ip,ok\r\nbad,u,1.2.3.4,true\r\n2026-11-20T00:00:00Z,u,1.2.3.4,true\r\nbad2,u,1.2.3.4,true\r\n",
    )
    .expect("write");
    for block in ["7", "30", "4194304"] {
        let o = run(&[
            p.as_os_str(),
            os("--max-bad-ratio"),
            os("1"),
            os("--block-size"),
            os(block),
            os("--out"),
            d.path().join("o").as_os_str(),
        ]);
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(
            err.contains("b.csv:2: ts `bad`") && err.contains("b.csv:4: ts `bad2`"),
            "{err}"
        );
    }
}
