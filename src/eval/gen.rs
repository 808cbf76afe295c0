//! The labeled synthetic data generator.
//!
//! [`generate`] builds a service (accounts, passwords, the networks its users log in from), the
//! leaks circulating about it, a day of honest logins and the attacks of one [`Scenario`], then
//! writes into a directory:
//!
//! - `events.jsonl` (or `events.csv`): SPEC 1 events with `cred`/`pw` fingerprints and `ua`,
//!   roughly in time order but interleaved from several servers;
//! - `combos.txt`: the leaked `user:password` pairs (SPEC 3 combo list);
//! - `passwords.txt`: common leaked passwords, one a line;
//! - `truth.csv`: header `user`, the compromised accounts (normalised, sorted bytewise);
//! - `labels.csv`: `user,label,scenario` for every account that appears in the events, label one
//!   of `compromised`, `targeted`, `exposed`, `benign`.
//! - `event_labels.csv`: `line,actor,scenario` for every event, by its line in the events file:
//!   `attacker` or `honest`, and the scenario or honest behaviour that made it.
//!
//! Same options and seed give identical bytes.

mod attacks;
pub mod words;
mod world;

use std::fmt;
use std::io::Write;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use serde::Serialize;

use crate::error::{Error, Result};
use crate::fingerprint::{Fingerprinter, normalize_user, to_hex};

/// The default start of the generated day: 2026-11-20T00:00:00Z, in epoch milliseconds.
pub const DEFAULT_START_MS: i64 = 1_795_132_800_000;

/// What a data set contains. Every scenario has ordinary honest background traffic; the name
/// says what is added to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scenario {
    /// One or a few addresses replay leaked pairs across many accounts.
    Stuffing,
    /// A botnet or residential proxies: thousands of sources, 1-4 attempts each.
    Distributed,
    /// A few common passwords tried across many accounts from a few sources.
    Spraying,
    /// Many passwords on one or a few accounts until one works.
    Bruteforce,
    /// Stuffing from addresses rotating inside one IPv6 /64.
    Ipv6Rotation,
    /// Accounts already taken: the attacker's later, successful logins from its own sources.
    TakeoverFollowup,
    /// Must not flag: hundreds of honest users behind carrier-grade NAT and corporate proxies.
    Cgnat,
    /// Must not flag: synthetic monitoring probes logging into many test accounts all day.
    Monitoring,
    /// Must not flag: users who mistype or forget their password.
    Typos,
    /// A diurnal day with all of the above at realistic proportions.
    RealisticDay,
}

impl Scenario {
    /// Every scenario, in a fixed order.
    pub const ALL: [Scenario; 10] = [
        Scenario::Stuffing,
        Scenario::Distributed,
        Scenario::Spraying,
        Scenario::Bruteforce,
        Scenario::Ipv6Rotation,
        Scenario::TakeoverFollowup,
        Scenario::Cgnat,
        Scenario::Monitoring,
        Scenario::Typos,
        Scenario::RealisticDay,
    ];

    /// The scenario's name as the CLI and `labels.csv` spell it.
    pub fn name(self) -> &'static str {
        match self {
            Scenario::Stuffing => "stuffing",
            Scenario::Distributed => "distributed",
            Scenario::Spraying => "spraying",
            Scenario::Bruteforce => "bruteforce",
            Scenario::Ipv6Rotation => "ipv6-rotation",
            Scenario::TakeoverFollowup => "takeover-followup",
            Scenario::Cgnat => "cgnat",
            Scenario::Monitoring => "monitoring",
            Scenario::Typos => "typos",
            Scenario::RealisticDay => "realistic-day",
        }
    }

    /// The default number of service accounts for this scenario.
    pub fn default_accounts(self) -> usize {
        match self {
            Scenario::RealisticDay => 5000,
            Scenario::Cgnat => 2000,
            _ => 1000,
        }
    }
}

impl fmt::Display for Scenario {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Scenario {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        Scenario::ALL
            .iter()
            .copied()
            .find(|x| x.name() == s)
            .ok_or_else(|| {
                let names: Vec<&str> = Scenario::ALL.iter().map(|x| x.name()).collect();
                Error::Invalid(format!(
                    "unknown scenario {s:?}; one of: {}",
                    names.join(", ")
                ))
            })
    }
}

/// The format of the generated events file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EventFormat {
    /// `events.jsonl`: one JSON object a line.
    #[default]
    Jsonl,
    /// `events.csv`: RFC 4180 with a header row.
    Csv,
}

impl FromStr for EventFormat {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        match s {
            "jsonl" => Ok(EventFormat::Jsonl),
            "csv" => Ok(EventFormat::Csv),
            _ => Err(Error::Invalid(format!(
                "unknown event format {s:?}; one of: jsonl, csv"
            ))),
        }
    }
}

impl EventFormat {
    /// The events file name for this format.
    pub fn file_name(self) -> &'static str {
        match self {
            EventFormat::Jsonl => "events.jsonl",
            EventFormat::Csv => "events.csv",
        }
    }
}

/// What to generate and where.
#[derive(Debug, Clone)]
pub struct GenOptions {
    /// The scenario.
    pub scenario: Scenario,
    /// The seed: same options and seed give identical bytes.
    pub seed: u64,
    /// Number of service accounts; `None` means [`Scenario::default_accounts`].
    pub accounts: Option<usize>,
    /// Start of the generated day, epoch milliseconds (UTC).
    pub start_ms: i64,
    /// Events file format.
    pub format: EventFormat,
    /// The fingerprint key of the service.
    pub key: Fingerprinter,
    /// The output directory (created if missing).
    pub out_dir: PathBuf,
}

impl GenOptions {
    /// Options with the defaults: seed 1, the scenario's account count, 2026-11-20T00:00:00Z,
    /// JSONL, the demo key.
    pub fn new(scenario: Scenario, out_dir: impl Into<PathBuf>) -> Self {
        GenOptions {
            scenario,
            seed: 1,
            accounts: None,
            start_ms: DEFAULT_START_MS,
            format: EventFormat::Jsonl,
            key: Fingerprinter::demo(),
            out_dir: out_dir.into(),
        }
    }
}

/// What [`generate`] wrote.
#[derive(Debug, Clone, Serialize)]
pub struct GenSummary {
    /// The scenario.
    pub scenario: Scenario,
    /// The seed.
    pub seed: u64,
    /// Service accounts.
    pub accounts: usize,
    /// Events written.
    pub events: usize,
    /// Of which by attackers.
    pub attack_events: usize,
    /// Attacker logins that succeeded.
    pub attack_successes: usize,
    /// Distinct source addresses in the events.
    pub addresses: usize,
    /// Distinct (normalised) users in the events, existing or not.
    pub users_in_events: usize,
    /// Users labeled compromised (the rows of `truth.csv`).
    pub compromised: usize,
    /// Users labeled targeted.
    pub targeted: usize,
    /// Users labeled exposed.
    pub exposed: usize,
    /// Users labeled benign.
    pub benign: usize,
    /// Lines of `combos.txt`.
    pub combo_lines: usize,
    /// Lines of `passwords.txt`.
    pub password_lines: usize,
    /// The files written.
    pub files: Vec<PathBuf>,
}

impl fmt::Display for GenSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "scenario {} seed {}: {} accounts",
            self.scenario, self.seed, self.accounts
        )?;
        writeln!(
            f,
            "events {} ({} by attackers, {} attacker successes) from {} addresses, {} users",
            self.events,
            self.attack_events,
            self.attack_successes,
            self.addresses,
            self.users_in_events
        )?;
        writeln!(
            f,
            "labels: {} compromised, {} targeted, {} exposed, {} benign",
            self.compromised, self.targeted, self.exposed, self.benign
        )?;
        writeln!(
            f,
            "leaks: {} combo lines, {} passwords",
            self.combo_lines, self.password_lines
        )?;
        for p in &self.files {
            writeln!(f, "wrote {}", p.display())?;
        }
        Ok(())
    }
}

/// One generated login attempt, before fingerprinting.
#[derive(Debug, Clone)]
pub(crate) struct Attempt {
    /// Epoch milliseconds.
    pub ts: i64,
    /// The user as typed.
    pub user: String,
    /// Source address.
    pub ip: IpAddr,
    /// The password typed.
    pub password: String,
    /// Whether the login succeeded.
    pub ok: bool,
    /// User agent.
    pub ua: &'static str,
    /// Whether an attacker made it.
    pub attack: bool,
    /// The scenario tag (`stuffing`, `honest`, `typos`, ...).
    pub tag: &'static str,
}

/// The label classes of `labels.csv`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Label {
    Benign,
    Exposed,
    Targeted,
    Compromised,
}

impl Label {
    fn name(self) -> &'static str {
        match self {
            Label::Benign => "benign",
            Label::Exposed => "exposed",
            Label::Targeted => "targeted",
            Label::Compromised => "compromised",
        }
    }
}

/// The fewest service accounts a data set can have.
pub const MIN_ACCOUNTS: usize = 20;
/// The most service accounts a data set can have.
pub const MAX_ACCOUNTS: usize = 5_000_000;

/// Generates the data set described by `opts` into `opts.out_dir`.
pub fn generate(opts: &GenOptions) -> Result<GenSummary> {
    let accounts = opts
        .accounts
        .unwrap_or_else(|| opts.scenario.default_accounts());
    if accounts < MIN_ACCOUNTS {
        return Err(Error::Invalid(format!(
            "--accounts {accounts}: at least {MIN_ACCOUNTS} are needed"
        )));
    }
    if accounts > MAX_ACCOUNTS {
        return Err(Error::Invalid(format!(
            "--accounts {accounts}: at most {MAX_ACCOUNTS}"
        )));
    }
    let out = &opts.out_dir;
    std::fs::create_dir_all(out).map_err(|e| Error::io(out, e))?;

    let data = world::build(opts.scenario, opts.seed, accounts, opts.start_ms);

    let mut files = Vec::new();
    let ev_path = out.join(opts.format.file_name());
    let ordered = world::interleave(&data.attempts, opts.seed);
    write_events(&ev_path, opts.format, &opts.key, &ordered)?;
    files.push(ev_path);

    // Who made each event, by its line in the events file (a CSV's header is line 1).
    let first_line = match opts.format {
        EventFormat::Jsonl => 1,
        EventFormat::Csv => 2,
    };
    let ev_labels_path = out.join("event_labels.csv");
    write_lines(
        &ev_labels_path,
        std::iter::once("line,actor,scenario".to_string()).chain(ordered.iter().enumerate().map(
            |(i, a)| {
                let actor = if a.attack { "attacker" } else { "honest" };
                format!("{},{actor},{}", i + first_line, a.tag)
            },
        )),
    )?;
    files.push(ev_labels_path);

    let combos_path = out.join("combos.txt");
    write_lines(
        &combos_path,
        data.combos.iter().map(|(u, p)| format!("{u}:{p}")),
    )?;
    files.push(combos_path);

    let pw_path = out.join("passwords.txt");
    write_lines(&pw_path, data.password_list.iter().cloned())?;
    files.push(pw_path);

    // Labels: per normalised user, the strongest label and the scenarios behind it.
    let mut labels: std::collections::BTreeMap<
        String,
        (Label, Vec<&'static str>, Vec<&'static str>),
    > = std::collections::BTreeMap::new();
    let mut attack_events = 0;
    let mut attack_successes = 0;
    let mut addrs = std::collections::BTreeSet::new();
    for a in &data.attempts {
        addrs.insert(a.ip);
        let norm = normalize_user(&a.user).into_owned();
        let entry = labels
            .entry(norm.clone())
            .or_insert((Label::Benign, Vec::new(), Vec::new()));
        if a.attack {
            attack_events += 1;
            let l = if a.ok {
                attack_successes += 1;
                Label::Compromised
            } else {
                Label::Targeted
            };
            if l > entry.0 {
                entry.0 = l;
                entry.1.clear();
            }
            if l == entry.0 && !entry.1.contains(&a.tag) {
                entry.1.push(a.tag);
            }
        } else {
            if entry.0 == Label::Benign && data.exposed.contains(&norm) {
                entry.0 = Label::Exposed;
            }
            if !entry.2.contains(&a.tag) {
                entry.2.push(a.tag);
            }
        }
    }
    let mut counts = [0usize; 4];
    let mut truth = Vec::new();
    let mut rows = Vec::with_capacity(labels.len());
    for (user, (label, attack_tags, honest_tags)) in &labels {
        counts[*label as usize] += 1;
        let tags = match label {
            Label::Compromised | Label::Targeted => attack_tags.clone(),
            _ => {
                let special: Vec<&str> = honest_tags
                    .iter()
                    .copied()
                    .filter(|t| *t != "honest")
                    .collect();
                if special.is_empty() {
                    vec!["honest"]
                } else {
                    special
                }
            }
        };
        let mut tags = tags;
        tags.sort_unstable();
        if *label == Label::Compromised {
            truth.push(user.clone());
        }
        rows.push((user.clone(), label.name(), tags.join("+")));
    }

    let truth_path = out.join("truth.csv");
    write_lines(
        &truth_path,
        std::iter::once("user".to_string()).chain(truth.iter().map(|u| csv_field(u))),
    )?;
    files.push(truth_path);

    let labels_path = out.join("labels.csv");
    write_lines(
        &labels_path,
        std::iter::once("user,label,scenario".to_string()).chain(
            rows.iter()
                .map(|(u, l, s)| format!("{},{l},{s}", csv_field(u))),
        ),
    )?;
    files.push(labels_path);

    Ok(GenSummary {
        scenario: opts.scenario,
        seed: opts.seed,
        accounts,
        events: data.attempts.len(),
        attack_events,
        attack_successes,
        addresses: addrs.len(),
        users_in_events: labels.len(),
        compromised: counts[Label::Compromised as usize],
        targeted: counts[Label::Targeted as usize],
        exposed: counts[Label::Exposed as usize],
        benign: counts[Label::Benign as usize],
        combo_lines: data.combos.len(),
        password_lines: data.password_list.len(),
        files,
    })
}

/// Quotes a CSV field when it needs it (RFC 4180).
fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn write_lines(path: &Path, lines: impl Iterator<Item = String>) -> Result<()> {
    let f = std::fs::File::create(path).map_err(|e| Error::io(path, e))?;
    let mut w = std::io::BufWriter::new(f);
    for l in lines {
        w.write_all(l.as_bytes()).map_err(|e| Error::io(path, e))?;
        w.write_all(b"\n").map_err(|e| Error::io(path, e))?;
    }
    w.flush().map_err(|e| Error::io(path, e))
}

#[derive(Serialize)]
struct EventOut<'a> {
    ts: String,
    user: &'a str,
    ip: String,
    ok: bool,
    cred: String,
    pw: String,
    ua: &'a str,
}

fn write_events(
    path: &Path,
    format: EventFormat,
    key: &Fingerprinter,
    evs: &[Attempt],
) -> Result<()> {
    let f = std::fs::File::create(path).map_err(|e| Error::io(path, e))?;
    let w = std::io::BufWriter::new(f);
    let io_err = |e: std::io::Error| Error::io(path, e);
    fn row<'a>(key: &Fingerprinter, a: &'a Attempt) -> EventOut<'a> {
        EventOut {
            ts: format_ts(a.ts),
            user: &a.user,
            ip: a.ip.to_string(),
            ok: a.ok,
            cred: to_hex(key.cred(&a.user, a.password.as_bytes())),
            pw: to_hex(key.pw(a.password.as_bytes())),
            ua: a.ua,
        }
    }
    match format {
        EventFormat::Jsonl => {
            let mut w = w;
            for a in evs {
                serde_json::to_writer(&mut w, &row(key, a))
                    .map_err(|e| Error::io(path, std::io::Error::other(e)))?;
                w.write_all(b"\n").map_err(io_err)?;
            }
            w.flush().map_err(io_err)
        }
        EventFormat::Csv => {
            let mut cw = csv::Writer::from_writer(w);
            let csv_err = |e: csv::Error| Error::io(path, std::io::Error::other(e));
            for a in evs {
                cw.serialize(row(key, a)).map_err(csv_err)?;
            }
            cw.flush().map_err(io_err)
        }
    }
}

/// Formats epoch milliseconds as RFC 3339 UTC with milliseconds: `2026-11-20T03:14:15.123Z`.
pub fn format_ts(ms: i64) -> String {
    crate::input::time::fmt_ms(ms)
}

/// Parses an RFC 3339 time (`2026-11-20T00:00:00Z`, optional fraction, `Z` or `±HH:MM`) or an
/// integer of epoch milliseconds.
pub fn parse_ts(s: &str) -> Result<i64> {
    let t = s.trim();
    if let Ok(ms) = t.parse::<i64>() {
        return Ok(ms);
    }
    crate::input::time::parse_rfc3339_ms(t)
        .ok_or_else(|| Error::Invalid(format!("not an RFC 3339 time or epoch milliseconds: {s:?}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_roundtrip() {
        assert_eq!(
            parse_ts("2026-11-20T00:00:00Z").ok(),
            Some(DEFAULT_START_MS)
        );
        assert_eq!(format_ts(DEFAULT_START_MS), "2026-11-20T00:00:00.000Z");
        assert_eq!(format_ts(0), "1970-01-01T00:00:00.000Z");
        let t = parse_ts("2026-11-20T03:14:15.123Z").ok();
        assert_eq!(
            t.map(format_ts).as_deref(),
            Some("2026-11-20T03:14:15.123Z")
        );
        assert_eq!(
            parse_ts("2026-11-20T01:00:00+01:00").ok(),
            Some(DEFAULT_START_MS)
        );
        assert_eq!(
            parse_ts("2024-02-29T12:00:00.5Z")
                .map(format_ts)
                .ok()
                .as_deref(),
            Some("2024-02-29T12:00:00.500Z")
        );
        assert!(parse_ts("yesterday").is_err());
        assert!(parse_ts("2026-13-20T00:00:00Z").is_err());
    }

    #[test]
    fn scenario_names_roundtrip() {
        for s in Scenario::ALL {
            assert_eq!(s.name().parse::<Scenario>().ok(), Some(s));
        }
        assert!("nope".parse::<Scenario>().is_err());
    }
}
