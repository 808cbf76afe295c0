//! Builders for small hand-made login logs, shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

use credsieve::fingerprint::{Fingerprinter, to_hex};

/// 2026-11-20T00:00:00Z in epoch milliseconds.
pub const T0: i64 = 1_795_132_800_000;

/// A hand-made night: events with fingerprints computed from plaintext, and a combo list.
pub struct Night {
    pub fp: Fingerprinter,
    pub lines: Vec<String>,
    pub combos: Vec<String>,
    pub passwords: Vec<String>,
}

impl Default for Night {
    fn default() -> Self {
        Night {
            fp: Fingerprinter::demo(),
            lines: Vec::new(),
            combos: Vec::new(),
            passwords: Vec::new(),
        }
    }
}

impl Night {
    /// One attempt at `secs` seconds after midnight (user agent `test`).
    pub fn ev(&mut self, secs: i64, user: &str, ip: &str, ok: bool, password: &str) {
        self.ev_ua(secs, user, ip, ok, password, "test");
    }

    /// [`Night::ev`] with the user agent `ua`.
    pub fn ev_ua(&mut self, secs: i64, user: &str, ip: &str, ok: bool, password: &str, ua: &str) {
        let cred = to_hex(self.fp.cred(user, password.as_bytes()));
        let pw = to_hex(self.fp.pw(password.as_bytes()));
        let ts = T0 + secs * 1000;
        self.lines.push(format!(
            r#"{{"ts":{ts},"user":"{user}","ip":"{ip}","ok":{ok},"cred":"{cred}","pw":"{pw}","ua":"{ua}"}}"#
        ));
    }

    /// Drops the `cred` and `pw` fields from every event written so far: a log that carries no
    /// fingerprints (as sshd's and many others' do not).
    pub fn strip_fingerprints(&mut self) {
        for l in &mut self.lines {
            if let (Some(a), Some(b)) = (l.find(r#","cred":"#), l.find(r#","ua":"#)) {
                l.replace_range(a..b, "");
            }
        }
    }

    /// Removes the `ua` field from every line (SPEC 1 makes it optional).
    pub fn strip_agents(&mut self) {
        for l in &mut self.lines {
            if let Some(a) = l.find(r#","ua":"#) {
                l.replace_range(a..l.len() - 1, "");
            }
        }
    }

    /// A leaked pair in the combo list.
    pub fn leak(&mut self, user: &str, password: &str) {
        self.combos.push(format!("{user}:{password}"));
    }

    /// Writes events.jsonl, combos.txt and passwords.txt into `dir`.
    pub fn write(&self, dir: &Path) -> (PathBuf, PathBuf, PathBuf) {
        let ev = dir.join("events.jsonl");
        let co = dir.join("combos.txt");
        let pw = dir.join("passwords.txt");
        std::fs::write(&ev, self.lines.join("\n") + "\n").unwrap();
        std::fs::write(&co, self.combos.join("\n") + "\n").unwrap();
        std::fs::write(&pw, self.passwords.join("\n") + "\n").unwrap();
        (ev, co, pw)
    }

    /// Runs `credsieve detect` on the night and returns (compromised, exposed) users.
    pub fn detect(&self) -> (Vec<String>, Vec<String>) {
        let (c, e) = self.detect_rows();
        (
            c.iter().map(|r| r[0].to_string()).collect(),
            e.iter().map(|r| r[0].to_string()).collect(),
        )
    }

    /// [`Night::detect`] with the configuration `toml` (`--config`).
    pub fn detect_with(&self, toml: &str) -> (Vec<String>, Vec<String>) {
        let (c, e) = self.detect_rows_with(toml);
        (first_col(&c), first_col(&e))
    }

    /// [`Night::detect_rows`] with the configuration `toml` (`--config`).
    pub fn detect_rows_with(&self, toml: &str) -> (Vec<csv::StringRecord>, Vec<csv::StringRecord>) {
        let dir = tempfile::tempdir().unwrap();
        self.write(dir.path());
        let cfg = dir.path().join("c.toml");
        std::fs::write(&cfg, toml).unwrap();
        let out = detect_dir_with(dir.path(), &["--config".as_ref(), cfg.as_os_str()]);
        (
            rows(&out.join("compromised.csv")),
            rows(&out.join("exposed.csv")),
        )
    }

    /// Runs `credsieve detect` and returns the rows of compromised.csv and exposed.csv.
    pub fn detect_rows(&self) -> (Vec<csv::StringRecord>, Vec<csv::StringRecord>) {
        let dir = tempfile::tempdir().unwrap();
        self.write(dir.path());
        let out = detect_dir(dir.path());
        (
            rows(&out.join("compromised.csv")),
            rows(&out.join("exposed.csv")),
        )
    }
}

/// The rows of an output CSV, without the header.
pub fn rows(p: &Path) -> Vec<csv::StringRecord> {
    let mut r = csv::Reader::from_path(p).unwrap();
    r.records().map(|x| x.unwrap()).collect()
}

/// The first column of an output CSV, without the header.
pub fn users(p: &Path) -> Vec<String> {
    let mut r = csv::Reader::from_path(p).unwrap();
    r.records().map(|x| x.unwrap()[0].to_string()).collect()
}

/// The first column (the user) of output rows.
pub fn first_col(rows: &[csv::StringRecord]) -> Vec<String> {
    rows.iter()
        .filter_map(|r| r.get(0))
        .map(String::from)
        .collect()
}

/// The position of column `name` in the account outputs' header.
pub fn account_col(name: &str) -> usize {
    credsieve::report::ACCOUNT_HEADER
        .iter()
        .position(|c| *c == name)
        .unwrap()
}

/// Asserts that every account row was convicted by `rule`.
pub fn assert_rule(rows: &[csv::StringRecord], rule: &str) {
    let col = account_col("rule");
    assert!(
        rows.iter().all(|r| r.get(col) == Some(rule)),
        "not all {rule}: {rows:?}"
    );
}

/// A deterministic little PRNG for test data (xorshift).
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// Honest background: `n` users who each log in 2-3 times from their home address with their
/// own (not leaked) password. Returns their names.
pub fn background(night: &mut Night, n: usize, rng: &mut Rng) -> Vec<String> {
    let mut users = Vec::new();
    for i in 0..n {
        let u = format!("user{i}@example.com");
        let ip = format!("198.51.{}.{}", i / 200, 1 + i % 200);
        for _ in 0..2 + rng.below(2) {
            night.ev(
                rng.below(86_000) as i64,
                &u,
                &ip,
                true,
                &format!("own-pass-{i}"),
            );
        }
        users.push(u);
    }
    users
}

/// Runs `cmd` and returns its output; panics with its standard error when it fails.
pub fn run_ok(cmd: &mut Command) -> std::process::Output {
    let o = cmd.output().expect("spawn");
    assert!(
        o.status.success(),
        "{cmd:?} failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    o
}

/// Detects `dir/events.jsonl` with the defaults (the leaks of `dir/combos.txt` and
/// `dir/passwords.txt`, the demo key) into `dir/out`, which it returns.
pub fn detect_dir(dir: &Path) -> PathBuf {
    detect_dir_with(dir, &[])
}

/// [`detect_dir`] with more arguments (`--config FILE`, ...).
pub fn detect_dir_with(dir: &Path, extra: &[&std::ffi::OsStr]) -> PathBuf {
    let out = dir.join("out");
    run_ok(
        Command::new(env!("CARGO_BIN_EXE_credsieve"))
            .arg("detect")
            .arg(dir.join("events.jsonl"))
            .arg("--leak-combos")
            .arg(dir.join("combos.txt"))
            .arg("--leak-passwords")
            .arg(dir.join("passwords.txt"))
            .args(extra)
            .arg("--out")
            .arg(&out)
            .env_remove("CREDSIEVE_KEY"),
    );
    out
}

/// [`detect_dir`], then scores `dir/out` against `dir/truth.csv`: (precision, recall).
pub fn detect_and_score(dir: &Path) -> (f64, f64) {
    let out = detect_dir(dir);
    let o = run_ok(
        Command::new(env!("CARGO_BIN_EXE_credsieve"))
            .arg("eval")
            .arg("--truth")
            .arg(dir.join("truth.csv"))
            .arg(out)
            .arg("--json"),
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("eval json");
    let f = |k: &str| v.get(k).and_then(|x| x.as_f64()).expect(k);
    (f("precision"), f("recall"))
}

/// A stuffer replays 30 leaked pairs (`bN@mail.test`, password `combo`) from one address in
/// five minutes; two of them still work: b2 and b5.
pub fn stuffer_takes_b2_and_b5(n: &mut Night) {
    stuffer(n, "b", "203.0.113.90", &[2, 5]);
}

/// A stuffer replays 30 leaked pairs (`{prefix}N@mail.test`, password `combo`) from `ip`, ten
/// seconds apart from second 1000; the pairs numbered in `taken` still work.
pub fn stuffer(n: &mut Night, prefix: &str, ip: &str, taken: &[i64]) {
    for i in 0..30 {
        let u = format!("{prefix}{i}@mail.test");
        n.leak(&u, "combo");
        n.ev(1_000 + i * 10, &u, ip, taken.contains(&i), "combo");
    }
}

/// A sprayer tries `Summer2024!` (in no leak) on eight accounts (`spN@mail.test`) from one
/// address, twenty seconds apart from second 5000; the accounts numbered in `taken` use it.
pub fn sprayer(n: &mut Night, taken: &[i64]) {
    for i in 0..8 {
        n.ev(
            5_000 + i * 20,
            &format!("sp{i}@mail.test"),
            "203.0.113.140",
            taken.contains(&i),
            "Summer2024!",
        );
    }
}

/// The attacker comes back to b2 (taken by [`stuffer_takes_b2_and_b5`]) from a fresh address
/// and, within a minute, logs into `second@mail.test` with a leaked pair (which one of its bots
/// tried earlier, from another address); nothing else comes from there all night.
pub fn return_visit_after_b2(n: &mut Night) {
    n.leak("second@mail.test", "second-pass");
    n.ev(20_000, "second@mail.test", "198.51.100.33", false, "guess");
    n.ev(50_000, "b2@mail.test", "198.18.9.9", true, "combo");
    n.ev(
        50_045,
        "second@mail.test",
        "198.18.9.9",
        true,
        "second-pass",
    );
}

/// Before the stuffer of [`stuffer_takes_b2_and_b5`] takes b5, its owner and a housemate whose
/// password is leaked (`early.housemate@mail.test`) log in within a minute at a home seen for
/// nothing else; the housemate also logs in at work, in the home's /16 (so no takeover-batch).
pub fn early_household_of_b5(n: &mut Night) {
    n.leak("early.housemate@mail.test", "early-pass");
    n.ev(500, "b5@mail.test", "192.0.2.201", true, "combo");
    n.ev(
        530,
        "early.housemate@mail.test",
        "192.0.2.201",
        true,
        "early-pass",
    );
    n.ev(
        30_000,
        "early.housemate@mail.test",
        "192.0.77.1",
        true,
        "early-pass",
    );
}

/// `victim` is locked out: their phone (198.18.x) logs in with a leaked password in the
/// morning, the attacker at 203.0.113.x at noon (with a client of its own), the phone fails with the old password twice in
/// the afternoon, then the new one works.
pub fn locked_out_owner(n: &mut Night, victim: &str) {
    n.leak(victim, "old-pass");
    n.ev(8 * 3600, victim, "198.18.4.20", true, "old-pass");
    n.ev_ua(
        12 * 3600,
        victim,
        "203.0.113.200",
        true,
        "old-pass",
        "attacker's client",
    );
    n.ev(15 * 3600, victim, "198.18.4.20", false, "old-pass");
    n.ev(15 * 3600 + 30, victim, "198.18.4.20", false, "old-pass");
    n.ev(15 * 3600 + 600, victim, "198.18.4.20", true, "new-pass");
}

/// `owner` forgets their password twice at home: eight wrong passwords and a login at 08:00,
/// eight more and a login at 20:00 (sixteen distinct failed passwords from one address).
pub fn owner_forgets_twice(n: &mut Night, owner: &str) {
    for (start, round) in [(8 * 3600, 0), (20 * 3600, 1)] {
        for i in 0..8 {
            n.ev(
                start + i * 15,
                owner,
                "198.18.30.3",
                false,
                &format!("maybe-{round}-{i}"),
            );
        }
        n.ev(start + 200, owner, "198.18.30.3", true, "the-real-one");
    }
}

/// A slow guesser on `victim`: twenty passwords fifteen minutes apart from one address, then
/// the login with the twenty-first.
pub fn slow_guesser(n: &mut Night, victim: &str) {
    for i in 0..20 {
        n.ev(
            3600 + i * 900,
            victim,
            "203.0.113.77",
            false,
            &format!("guess-{i}"),
        );
    }
    n.ev(3600 + 20 * 900, victim, "203.0.113.77", true, "guess-20");
}

/// A bot at `ip` working in bursts: ten accounts twenty seconds apart, every two hours from
/// 01:00, six bursts; it gets into `taken` (burst, position) when given, and a subscriber of
/// the address logs in an hour after the third burst, in the bot's pause.
pub fn bursty_guesser(n: &mut Night, ip: &str, taken: Option<(i64, i64)>) {
    for burst in 0..6 {
        for i in 0..10 {
            let user = format!("listed{burst}-{i}@mail.test");
            let ok = taken == Some((burst, i));
            let t = 3_600 + burst * 7_200 + i * 20;
            n.ev(t, &user, ip, ok, &format!("guess-{burst}-{i}"));
        }
    }
    n.ev(
        3_600 + 2 * 7_200 + 3_600,
        "subscriber@mail.test",
        ip,
        true,
        "own",
    );
}

/// A bot working down a private list from `ip` (no pair of it leaked): two accounts fail a
/// minute apart, then `victim` logs in a minute later, and the address is never seen again.
pub fn bot_down_a_private_list(n: &mut Night, victim: &str, ip: &str) {
    n.ev(30_000, "list.first@mail.test", ip, false, "private-a");
    n.ev(30_062, "list.second@mail.test", ip, false, "private-b");
    n.ev(30_127, victim, ip, true, "private-c");
}

/// Five stuffers on addresses of their own, each replaying 30 leaked pairs and getting into
/// one account; `agent(i, j)` is the user agent of stuffer `i`'s attempt `j`.
pub fn lone_stuffers(n: &mut Night, agent: impl Fn(i64, i64) -> String) {
    stuffers_at(n, 0..5, agent);
}

/// Lone stuffers numbered `which`, as [`lone_stuffers`]'s: stuffer `i` replays 30 leaked pairs
/// from 192.0.2.(10 + i), logging into `s{i}x7`, with agent `agent(i, attempt)`.
pub fn stuffers_at(n: &mut Night, which: std::ops::Range<i64>, agent: impl Fn(i64, i64) -> String) {
    for i in which {
        for j in 0..30 {
            let u = format!("s{i}x{j}@mail.test");
            n.leak(&u, "combo");
            let ip = format!("192.0.2.{}", 10 + i);
            n.ev_ua(
                5_000 + i * 1_000 + j * 10,
                &u,
                &ip,
                j == 7,
                "combo",
                &agent(i, j),
            );
        }
    }
}

/// A carrier address: a bot replays 30 leaked pairs (getting into `carrier3`), and a subscriber whose
/// own current password is in a leak logs in from their phone in the middle of it.
pub fn shared_carrier(n: &mut Night, agent: impl Fn(i64) -> String) {
    let nat = "100.64.9.9";
    for j in 0..30 {
        let u = format!("carrier{j}@mail.test");
        n.leak(&u, "combo");
        n.ev_ua(40_000 + j * 20, &u, nat, j == 3, "combo", &agent(j));
    }
    n.leak("sub@mail.test", "own-pass");
    n.ev_ua(
        40_305,
        "sub@mail.test",
        nat,
        true,
        "own-pass",
        "Phone/2.1 (Android 14)",
    );
}

/// A bot passing a carrier address that subscribers log in from all day (each from their own
/// device): with agent `bot`, it fails with leaked pairs on two accounts a few seconds apart
/// and, between them, logs into `taken` with a pair in no leak (agent `login_agent`); the
/// owner of `taken` logs in that evening from home, in another network.
pub fn agent_burst(n: &mut Night, taken: &str, ip: &str, login_agent: &str) {
    let bot = "Mozilla/5.0 (Macintosh) Safari/18.1";
    for (k, ua) in [
        "Phone/3 (iOS 18)",
        "Tablet/1 (Android 14)",
        "Laptop/9 (Linux)",
    ]
    .iter()
    .enumerate()
    {
        let u = format!("subscriber{k}@mail.test");
        let secs = 2_000 + k as i64 * 9_000;
        n.ev_ua(secs, &u, ip, true, "their-own", ua);
        n.ev_ua(secs + 20_000, &u, ip, true, "their-own", ua);
    }
    for (k, u) in ["replayed.a@mail.test", "replayed.b@mail.test"]
        .iter()
        .enumerate()
    {
        n.leak(u, "old-leaked");
        n.ev_ua(30_000 + k as i64 * 40, u, ip, false, "old-leaked", bot);
    }
    n.ev_ua(30_020, taken, ip, true, "private-list", login_agent);
    n.ev_ua(
        60_000,
        taken,
        "198.18.40.4",
        true,
        "private-list",
        "Laptop/2 (Windows)",
    );
}
