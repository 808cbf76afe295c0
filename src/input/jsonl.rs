//! JSON Lines events (SPEC 1): one object a line; unknown fields ignored.
//!
//! [`parse_line`] first tries a zero-allocation scanner for flat objects of printable ASCII
//! without escapes (what loggers write), borrowing every field from the line; any line it does
//! not fully understand, valid or not, goes to the serde_json parser ([`parse_line_serde`]),
//! which therefore makes every accept/reject decision the scanner does not: the two always give
//! the same result (property-tested below).

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
    match parse_line_fast(line) {
        Some(e) => Ok(e),
        None => parse_line_serde(line),
    }
}

/// The fast path of [`parse_line`]: `Some` only for a flat object of printable ASCII without
/// escapes whose fields all parse; `None` means "ask serde_json" (the line may still be valid).
/// Whatever it returns, [`parse_line_serde`] returns too.
pub fn parse_line_fast(line: &[u8]) -> Option<RawEvent<'_>> {
    // Printable ASCII and no backslash: every string is a plain slice, valid UTF-8, no escapes,
    // no control characters (which JSON forbids in strings).
    if !plain_ascii(line) {
        return None;
    }
    // SAFETY: `plain_ascii` checked that every byte is below 0x80: the line is ASCII, so UTF-8.
    let text = unsafe { std::str::from_utf8_unchecked(line) };
    let mut c = Cursor {
        b: line,
        s: text,
        i: 0,
    };
    c.ws();
    c.eat(b'{')?;
    let (mut ts, mut user, mut ip, mut ok, mut cred, mut pw) = (None, None, None, None, None, None);
    loop {
        c.ws();
        let key = c.string()?;
        c.ws();
        c.eat(b':')?;
        c.ws();
        match key {
            b"ts" => {
                let v = match c.peek()? {
                    b'"' => super::time::parse_rfc3339_ms(c.str()?)?,
                    b'0'..=b'9' => c.uint()?,
                    _ => return None,
                };
                set(&mut ts, v)?;
            }
            b"user" => set(&mut user, c.str()?)?,
            b"ip" => set(&mut ip, c.str()?)?,
            b"ok" => {
                let v = if c.lit(b"true") {
                    true
                } else if c.lit(b"false") {
                    false
                } else {
                    return None;
                };
                set(&mut ok, v)?;
            }
            b"cred" => set(&mut cred, c.opt_str()?)?,
            b"pw" => set(&mut pw, c.opt_str()?)?,
            _ => {
                // Unknown fields: strings and literals are skipped; numbers, objects and arrays
                // are left to serde_json (it checks their grammar).
                if c.peek()? == b'"' {
                    c.string()?;
                } else if !(c.lit(b"true") || c.lit(b"false") || c.lit(b"null")) {
                    return None;
                }
            }
        }
        c.ws();
        match c.next()? {
            b',' => {}
            b'}' => break,
            _ => return None,
        }
    }
    c.ws();
    if c.i != line.len() {
        return None;
    }
    super::build_event(
        ts?,
        Cow::Borrowed(user?),
        ip?,
        ok?,
        cred.flatten(),
        pw.flatten(),
    )
    .ok()
}

/// Is every byte printable ASCII (0x20..=0x7e) and none a backslash? Branch-free over 16-byte
/// chunks so that it vectorises.
fn plain_ascii(line: &[u8]) -> bool {
    #[inline(always)]
    fn bad(b: u8) -> u8 {
        u8::from(b.wrapping_sub(0x20) >= 0x5f) | u8::from(b == b'\\')
    }
    let mut chunks = line.chunks_exact(16);
    for c in &mut chunks {
        if c.iter().fold(0u8, |a, &b| a | bad(b)) != 0 {
            return false;
        }
    }
    chunks.remainder().iter().fold(0u8, |a, &b| a | bad(b)) == 0
}

/// Sets a field once; a duplicate field is serde's error, so `None`.
fn set<T>(slot: &mut Option<T>, v: T) -> Option<()> {
    if slot.is_some() {
        return None;
    }
    *slot = Some(v);
    Some(())
}

/// A position in a line already known to be printable ASCII without backslashes.
struct Cursor<'a> {
    b: &'a [u8],
    /// The same line as text.
    s: &'a str,
    i: usize,
}

impl<'a> Cursor<'a> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }
    fn next(&mut self) -> Option<u8> {
        let c = self.peek()?;
        self.i += 1;
        Some(c)
    }
    fn ws(&mut self) {
        while self.peek() == Some(b' ') {
            self.i += 1;
        }
    }
    fn eat(&mut self, c: u8) -> Option<()> {
        (self.next()? == c).then_some(())
    }
    fn lit<const N: usize>(&mut self, l: &[u8; N]) -> bool {
        let hit = self.b.get(self.i..self.i + N) == Some(&l[..]);
        if hit {
            self.i += l.len();
        }
        hit
    }
    /// A string's byte range (no escapes possible here): short strings by a plain loop,
    /// long ones by memchr.
    fn span(&mut self) -> Option<(usize, usize)> {
        self.eat(b'"')?;
        let start = self.i;
        let rest = self.b.get(start..)?;
        let head = rest.get(..32).unwrap_or(rest);
        let n = match head.iter().position(|&b| b == b'"') {
            Some(n) => n,
            None => head.len() + memchr::memchr(b'"', rest.get(head.len()..)?)?,
        };
        self.i = start + n + 1;
        Some((start, start + n))
    }
    fn string(&mut self) -> Option<&'a [u8]> {
        let (a, b) = self.span()?;
        self.b.get(a..b)
    }
    fn str(&mut self) -> Option<&'a str> {
        let (a, b) = self.span()?;
        self.s.get(a..b)
    }
    fn opt_str(&mut self) -> Option<Option<&'a str>> {
        if self.lit(b"null") {
            Some(None)
        } else {
            self.str().map(Some)
        }
    }
    /// A non-negative JSON integer that fits an i64 (no leading zero, no fraction or exponent:
    /// those, like overflow, are left to serde_json).
    fn uint(&mut self) -> Option<i64> {
        let start = self.i;
        let mut v = 0i64;
        while let Some(d @ b'0'..=b'9') = self.peek() {
            v = v.checked_mul(10)?.checked_add(i64::from(d - b'0'))?;
            self.i += 1;
        }
        if self.i - start > 1 && self.b.get(start) == Some(&b'0') {
            return None;
        }
        Some(v)
    }
}

/// The reference parser: serde_json, for every line the fast scanner leaves (escapes, non-ASCII,
/// nested values, errors).
pub fn parse_line_serde(line: &[u8]) -> Result<RawEvent<'_>, String> {
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

    const CANON: &[u8] = br#"{"ts":"2026-11-20T00:00:40.567Z","user":"susananderson48@hotmail.com","ip":"37.170.62.129","ok":true,"cred":"a632874df1a5ee91","pw":"06e9c607c0056e7a","ua":"okhttp/4.12.0"}"#;

    /// The fast scanner agrees with serde_json: when it answers, serde_json gives the same event.
    fn agrees(l: &[u8]) -> Result<(), proptest::test_runner::TestCaseError> {
        let slow = parse_line_serde(l);
        if let Some(e) = parse_line_fast(l) {
            proptest::prop_assert_eq!(Ok(e), slow.clone(), "{}", String::from_utf8_lossy(l));
        }
        proptest::prop_assert_eq!(parse_line(l), slow);
        Ok(())
    }

    #[test]
    fn fast_path_takes_canonical_lines() {
        assert!(parse_line_fast(CANON).is_some());
        let l = br#" { "ts" : 1763608455123 , "user":"A","ip":"::1","ok":false,"cred":null,"x":null,"y":true} "#;
        assert_eq!(parse_line_fast(l), parse_line_serde(l).ok());
        assert!(parse_line_fast(l).is_some());
        for l in [
            &br#"{"ts":1,"ts":2,"user":"b","ip":"10.0.0.1","ok":true}"#[..],
            br#"{"ts":01,"user":"b","ip":"10.0.0.1","ok":true}"#,
            br#"{"ts":1.5,"user":"b","ip":"10.0.0.1","ok":true}"#,
            br#"{"ts":99999999999999999999,"user":"b","ip":"10.0.0.1","ok":true}"#,
            br#"{"ts":1,"user":"b","ip":"10.0.0.1","ok":true,"n":{"a":1}}"#,
            br#"{"ts":1,"user":"b","ip":"10.0.0.1","ok":true,}"#,
            br#"{"ts":1,"user":"b\u0041","ip":"10.0.0.1","ok":true}"#,
            br#"{"ts":1,"user":"b","ip":"10.0.0.1","ok":true}x"#,
            br#"{"ts":1,"user":"b","ip":"10.0.0.1","ok":truex}"#,
        ] {
            assert!(
                parse_line_fast(l).is_none(),
                "{}",
                String::from_utf8_lossy(l)
            );
            agrees(l).unwrap();
        }
    }

    fn value() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        prop_oneof![
            Just("\"2026-11-20T03:14:15.123Z\"".to_string()),
            Just("\"2026-11-20T04:14:15.123+01:00\"".to_string()),
            Just("\"2026-02-30T04:14:15.123Z\"".to_string()),
            Just("1763608455123".to_string()),
            Just("-5".to_string()),
            Just("true".to_string()),
            Just("false".to_string()),
            Just("null".to_string()),
            Just("\"10.1.2.3\"".to_string()),
            Just("\"2001:db8::1\"".to_string()),
            Just("\"b91a880d37beded5\"".to_string()),
            Just("\"\"".to_string()),
            Just("[1,2]".to_string()),
            Just("{\"a\":\"b\"}".to_string()),
            "[0-9]{1,21}",
            "[0-9]{1,5}\\.[0-9]{1,3}(e[0-9])?",
            "\"[a-zA-Z0-9 .@:\\-]{0,12}\"",
            "\"[a-f0-9]{14,17}\"",
            "\"[\\x00-\\x7f\u{e9}\u{1F600}]{0,6}\"",
        ]
    }

    fn key() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        prop_oneof![
            4 => proptest::sample::select(vec!["ts", "user", "ip", "ok", "cred", "pw"]).prop_map(str::to_string),
            1 => proptest::sample::select(vec!["ua", "TS", "u\\u0073er", "", "ip "]).prop_map(str::to_string),
        ]
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(4000))]

        /// Objects built from random fields (known, unknown, duplicated, badly typed) with
        /// random white space.
        #[test]
        fn fast_equals_serde_on_generated_lines(
            fields in proptest::collection::vec((key(), value()), 0..9),
            ws in proptest::sample::select(vec!["", " ", "\t"]),
            tail in proptest::sample::select(vec!["", " ", ",", "}", "x"]),
        ) {
            let body: Vec<String> = fields.iter().map(|(k, v)| format!("{ws}\"{k}\"{ws}:{ws}{v}{ws}")).collect();
            let l = format!("{ws}{{{}}}{tail}", body.join(","));
            agrees(l.as_bytes())?;
        }

        /// Canonical lines with the required fields, in any order: the fast path must take them.
        #[test]
        fn fast_takes_valid_lines(
            perm in proptest::strategy::Strategy::prop_shuffle(proptest::sample::subsequence(vec![0usize, 1, 2, 3, 4, 5, 6], 4..=7)),
            user in "[a-zA-Z0-9._@+-]{1,24}",
            a in 0u8..=255, b in 0u8..=255,
            ms in 0i64..4_102_444_800_000,
            ok in proptest::bool::ANY,
        ) {
            use proptest::prelude::*;
            let parts = [
                format!("\"ts\":\"{}\"", super::super::time::fmt_ms(ms)),
                format!("\"user\":\"{user}\""),
                format!("\"ip\":\"10.{a}.{b}.7\""),
                format!("\"ok\":{ok}"),
                "\"cred\":\"a632874df1a5ee91\"".to_string(),
                "\"pw\":null".to_string(),
                "\"ua\":\"Mozilla/5.0 (X11)\"".to_string(),
            ];
            let l = format!("{{{}}}", perm.iter().filter_map(|&i| parts.get(i).cloned()).collect::<Vec<_>>().join(","));
            agrees(l.as_bytes())?;
            let required = [0, 1, 2, 3].iter().all(|i| perm.contains(i));
            let trimmed_user = !user.trim().is_empty();
            prop_assert_eq!(parse_line_fast(l.as_bytes()).is_some(), required && trimmed_user);
        }

        /// Canonical lines with a byte replaced, inserted or removed.
        #[test]
        fn fast_equals_serde_on_mutated_lines(pos in 0usize..200, byte in proptest::num::u8::ANY, op in 0u8..3) {
            let mut l = CANON.to_vec();
            let p = pos % (l.len() + 1);
            match op {
                0 if p < l.len() => l[p] = byte,
                1 => l.insert(p, byte),
                _ if p < l.len() => { l.remove(p); }
                _ => {}
            }
            agrees(&l)?;
        }
    }
}
