//! The attacker's trail in a labeled night: with `event_labels.csv` (written by `credsieve gen`
//! and by the independent generator: `line,actor,...`, the events' makers by line), what the
//! attacker did on each account, and which takeovers its source alone cannot show.
//!
//! A takeover is *hidden* when every attacker event on the account is a successful login from
//! a source (an IPv4 address or an IPv6 /64, as the rules judge them) where the attacker did
//! nothing else all night: at its source that login looks exactly like the owner's. The recall
//! ceiling of a night is the share of its takeovers that are not hidden: the ceiling of rules
//! that read a login's own source. Rules that look further can pass it: `bot-agent` (the
//! login's user agent is a bot's, from its failures elsewhere), a network's rules over an IPv4
//! /24, `takeover-lockout` (the owner's device failing later).
//!
//! Reads the events file serially through the simple parsers (JSONL or CSV with a header):
//! labeled samples are small, and the line numbers must be exact.

use std::collections::{BTreeMap, BTreeSet};
use std::io::BufRead;
use std::net::IpAddr;
use std::path::Path;

use serde::Serialize;

use super::score::csv_err;
use crate::error::{Error, Position, Result};
use crate::event::{IpKey, ip_key, net_key};
use crate::fingerprint::normalize_user;
use crate::input::{Format, csv as csv_in, jsonl};

/// One attacker event on an account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AttackerEvent {
    /// Line in the events file.
    pub line: u64,
    /// Time, epoch milliseconds.
    pub ts_ms: i64,
    /// Source address.
    pub ip: IpAddr,
    /// The attempt succeeded.
    pub ok: bool,
    /// Attacker events from the same source (address, or IPv6 /64) all night, this one included.
    pub source_attacker_events: u32,
}

/// The attacker's events per account.
#[derive(Debug, Clone, Default)]
pub struct Trail {
    /// Normalised user -> its attacker events in line order.
    pub by_user: BTreeMap<String, Vec<AttackerEvent>>,
}

impl Trail {
    /// Is this takeover hidden (every attacker event on it a lone success at its source)?
    /// An account with no attacker event is not.
    pub fn hidden(&self, user: &str) -> bool {
        self.by_user.get(user).is_some_and(|evs| {
            !evs.is_empty() && evs.iter().all(|e| e.ok && e.source_attacker_events == 1)
        })
    }

    /// How many of `truth`'s accounts are hidden.
    pub fn hidden_count(&self, truth: &BTreeSet<String>) -> usize {
        truth.iter().filter(|u| self.hidden(u)).count()
    }
}

/// The source a rule judges an event by: an IPv4 address, or the /64 of an IPv6 address.
fn source_key(ip: IpAddr) -> IpKey {
    net_key(ip_key(ip), 32, 64)
}

fn bad(path: &Path, line: u64, why: impl Into<String>) -> Error {
    Error::Parse {
        pos: Position {
            path: path.to_path_buf(),
            line,
            byte: 0,
        },
        why: why.into(),
    }
}

/// The attacker's lines from an event-labels file (`line,actor,...`, actor `attacker` or not).
pub fn read_attacker_lines(path: &Path) -> Result<BTreeSet<u64>> {
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    parse_attacker_lines(path, file)
}

/// [`read_attacker_lines`] from any reader; `path` names it in errors.
pub fn parse_attacker_lines(path: &Path, data: impl std::io::Read) -> Result<BTreeSet<u64>> {
    let mut rdr = csv::Reader::from_reader(data);
    let headers = rdr.headers().map_err(|e| csv_err(path, e))?.clone();
    let col = |name: &str| headers.iter().position(|h| h.trim() == name);
    let (Some(li), Some(ai)) = (col("line"), col("actor")) else {
        return Err(bad(path, 1, "event labels need `line` and `actor` columns"));
    };
    let mut out = BTreeSet::new();
    for rec in rdr.records() {
        let rec = rec.map_err(|e| csv_err(path, e))?;
        let at = rec.position().map_or(0, |p| p.line());
        let line: u64 = rec
            .get(li)
            .and_then(|s| s.trim().parse().ok())
            .ok_or_else(|| bad(path, at, "`line` is not a number"))?;
        if rec.get(ai).map(str::trim) == Some("attacker") {
            out.insert(line);
        }
    }
    Ok(out)
}

/// Reads the attacker's events from `events` (JSONL, or CSV with a header; by `format`, else by
/// the file name) at the lines `labels` names.
pub fn read_trail(events: &Path, labels: &Path, format: Option<Format>) -> Result<Trail> {
    let attacker = read_attacker_lines(labels)?;
    let is_csv = match format {
        Some(f) => f == Format::Csv,
        None => events
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("csv")),
    };
    type Row = (u64, String, i64, IpAddr, bool);
    let row = |line: u64, e: &crate::event::RawEvent<'_>| -> Row {
        (
            line,
            normalize_user(&e.user).into_owned(),
            e.ts_ms,
            e.ip,
            e.ok,
        )
    };
    let mut raw: Vec<Row> = Vec::new();
    if is_csv {
        let mut rdr = csv::ReaderBuilder::new()
            .flexible(true)
            .from_path(events)
            .map_err(|e| csv_err(events, e))?;
        let header = rdr.byte_headers().map_err(|e| csv_err(events, e))?.clone();
        let cols = csv_in::Columns::from_header(&header).map_err(|why| bad(events, 1, why))?;
        let mut rec = csv::ByteRecord::new();
        while rdr
            .read_byte_record(&mut rec)
            .map_err(|e| csv_err(events, e))?
        {
            let line = rec.position().map_or(0, |p| p.line());
            if !attacker.contains(&line) {
                continue;
            }
            let e = csv_in::parse_record(&rec, &cols).map_err(|why| bad(events, line, why))?;
            raw.push(row(line, &e));
        }
    } else {
        let f = std::fs::File::open(events).map_err(|e| Error::io(events, e))?;
        let mut r = std::io::BufReader::new(f);
        let mut buf = Vec::new();
        let mut line = 0u64;
        loop {
            buf.clear();
            let n = r
                .read_until(b'\n', &mut buf)
                .map_err(|e| Error::io(events, e))?;
            if n == 0 {
                break;
            }
            line += 1;
            if !attacker.contains(&line) {
                continue;
            }
            let text = buf.strip_suffix(b"\n").unwrap_or(&buf);
            let text = text.strip_suffix(b"\r").unwrap_or(text);
            let e = jsonl::parse_line(text).map_err(|why| bad(events, line, why))?;
            raw.push(row(line, &e));
        }
    }
    let mut per_source: BTreeMap<IpKey, u32> = BTreeMap::new();
    for (_, _, _, ip, _) in &raw {
        *per_source.entry(source_key(*ip)).or_default() += 1;
    }
    let mut trail = Trail::default();
    for (line, user, ts_ms, ip, ok) in raw {
        let n = per_source.get(&source_key(ip)).copied().unwrap_or(0);
        trail.by_user.entry(user).or_default().push(AttackerEvent {
            line,
            ts_ms,
            ip,
            ok,
            source_attacker_events: n,
        });
    }
    Ok(trail)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
        let p = dir.join(name);
        std::fs::write(&p, text).expect("write");
        p
    }

    /// The trail of an events file named `name` with `events` and `labels` as contents.
    fn trail_of(name: &str, events: &str, labels: &str) -> Trail {
        let d = tempfile::tempdir().expect("tmp");
        let ev = write(d.path(), name, events);
        let lab = write(d.path(), "event_labels.csv", labels);
        read_trail(&ev, &lab, None).expect("trail")
    }

    const EV: &str = concat!(
        r#"{"ts":1000,"user":"Lone@x","ip":"10.0.0.1","ok":true}"#,
        "\n",
        r#"{"ts":2000,"user":"busy@x","ip":"10.0.0.2","ok":true}"#,
        "\n",
        r#"{"ts":2100,"user":"other@x","ip":"10.0.0.2","ok":false}"#,
        "\n",
        r#"{"ts":3000,"user":"v6a@x","ip":"2001:db8::1","ok":true}"#,
        "\n",
        r#"{"ts":3100,"user":"v6b@x","ip":"2001:db8::2","ok":true}"#,
        "\n",
        r#"{"ts":4000,"user":"lone@x","ip":"10.0.0.9","ok":true}"#,
        "\n",
    );

    #[test]
    fn hidden_takeovers_are_lone_successes_at_their_source() {
        // Line 6 is the owner's own login (honest): it does not count.
        let t = trail_of(
            "events.jsonl",
            EV,
            "line,actor,scenario\n1,attacker,a\n2,attacker,a\n3,attacker,a\n4,attacker,a\n5,attacker,a\n6,honest,h\n",
        );
        assert!(t.hidden("lone@x"));
        // The same source also failed on another account.
        assert!(!t.hidden("busy@x"));
        // Two addresses of one IPv6 /64 are one source.
        assert!(!t.hidden("v6a@x") && !t.hidden("v6b@x"));
        assert!(!t.hidden("nobody@x"));
        assert_eq!(t.by_user.get("lone@x").map(Vec::len), Some(1));
        let truth: BTreeSet<String> = ["lone@x", "busy@x", "v6a@x"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(t.hidden_count(&truth), 1);
    }

    #[test]
    fn csv_lines_count_the_header() {
        let t = trail_of(
            "events.csv",
            "ts,user,ip,ok\n1000,lone@x,10.0.0.1,true\n2000,busy@x,10.0.0.2,true\n2100,other@x,10.0.0.2,false\n",
            "line,actor,scenario\n2,attacker,a\n3,attacker,a\n4,attacker,a\n",
        );
        assert!(t.hidden("lone@x"));
        assert!(!t.hidden("busy@x"));
        assert_eq!(
            t.by_user
                .get("busy@x")
                .map(|v| v.iter().map(|e| e.line).collect::<Vec<_>>()),
            Some(vec![3])
        );
    }

    #[test]
    fn a_bad_labelled_line_names_its_position() {
        let d = tempfile::tempdir().expect("tmp");
        let ev = write(d.path(), "events.jsonl", "{\"ts\":1,\"user\":\"a\"}\n");
        let lab = write(d.path(), "event_labels.csv", "line,actor\n1,attacker\n");
        let err = read_trail(&ev, &lab, None).expect_err("bad line");
        assert!(err.to_string().contains("events.jsonl:1"), "{err}");
        let lab2 = write(d.path(), "l2.csv", "line,who\n1,attacker\n");
        assert!(read_trail(&ev, &lab2, None).is_err());
    }
}
