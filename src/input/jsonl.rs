//! JSON Lines events (SPEC 1): one object a line; unknown fields ignored.

use std::borrow::Cow;
use std::fmt;

use serde::Deserialize;
use serde::de::{self, Visitor};

use super::time::parse_rfc3339_ms;
use crate::event::RawEvent;
use crate::fingerprint::parse_hex;

struct Ts(i64);

impl<'de> Deserialize<'de> for Ts {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Ts;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an RFC 3339 string or integer epoch milliseconds")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Ts, E> {
                Ok(Ts(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Ts, E> {
                i64::try_from(v)
                    .map(Ts)
                    .map_err(|_| E::custom("ts out of range"))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Ts, E> {
                parse_rfc3339_ms(v)
                    .map(Ts)
                    .ok_or_else(|| E::custom("ts is not RFC 3339"))
            }
        }
        d.deserialize_any(V)
    }
}

#[derive(Deserialize)]
struct Line<'a> {
    ts: Ts,
    #[serde(borrow)]
    user: Cow<'a, str>,
    #[serde(borrow)]
    ip: Cow<'a, str>,
    ok: bool,
    #[serde(borrow, default)]
    cred: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    pw: Option<Cow<'a, str>>,
}

/// Parses one JSONL line (without its line end) into a borrowed event.
pub fn parse_line(line: &[u8]) -> Result<RawEvent<'_>, String> {
    let l: Line = serde_json::from_slice(line).map_err(|e| format!("invalid JSON event: {e}"))?;
    super::build_event(
        l.ts.0,
        l.user,
        &l.ip,
        l.ok,
        l.cred.as_deref(),
        l.pw.as_deref(),
    )
}

/// Parses an optional fingerprint field.
pub(super) fn parse_fp(name: &str, v: Option<&str>) -> Result<Option<u64>, String> {
    match v {
        None | Some("") => Ok(None),
        Some(s) => parse_hex(s.as_bytes())
            .map(Some)
            .ok_or_else(|| format!("{name} is not 16 hex characters")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_fields() {
        let l = br#"{"ts":"2026-11-20T03:14:15.123Z","user":"Bob","ip":"10.0.0.1","ok":true,"cred":"b91a880d37beded5","ua":"x"}"#;
        let e = parse_line(l).unwrap();
        assert_eq!(e.user, "Bob");
        assert!(e.ok);
        assert_eq!(e.cred, Some(0xb91a880d37beded5));
        assert_eq!(e.pw, None);
        let l = br#"{"ts":1763608455123,"user":"a\u00e9","ip":"::1","ok":false,"pw":null}"#;
        let e = parse_line(l).unwrap();
        assert_eq!(e.ts_ms, 1763608455123);
        assert_eq!(e.user, "a\u{e9}");
    }

    #[test]
    fn rejects_bad_lines() {
        for l in [
            &br#"{"ts":"x","user":"b","ip":"10.0.0.1","ok":true}"#[..],
            br#"{"ts":1,"user":"","ip":"10.0.0.1","ok":true}"#,
            br#"{"ts":1,"user":"b","ip":"10.0.0.300","ok":true}"#,
            br#"{"ts":1,"user":"b","ip":"10.0.0.1","ok":"yes"}"#,
            br#"{"ts":1,"user":"b","ip":"10.0.0.1","ok":true,"cred":"zz"}"#,
            br#"{"ts":1,"user":"b","ip":"10.0.0.1"}"#,
            b"not json",
            b"\xff\xfe",
        ] {
            assert!(parse_line(l).is_err(), "{}", String::from_utf8_lossy(l));
        }
    }
}
