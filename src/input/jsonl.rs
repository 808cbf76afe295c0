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

use super::time::{TS_LAYOUTS, parse_ts_text};
use crate::event::RawEvent;
use crate::fingerprint::parse_hex;

struct Ts(i64);

impl<'de> Deserialize<'de> for Ts {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Ts;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a timestamp string (RFC 3339) or integer epoch milliseconds")
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
                parse_ts_text(v)
                    .map(Ts)
                    .ok_or_else(|| E::custom(format!("ts is not {TS_LAYOUTS}")))
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

/// [`parse_line`], with where the event's user agent is: the fast path reads the `ua` string
/// on its way through the line; a line it leaves to serde_json points at the line ([`agent`]
/// reads it on demand). Either way the agent's text is [`agent`]'s.
pub fn parse_line_agent(line: &[u8]) -> Result<(RawEvent<'_>, super::Agent<'_>), String> {
    match scan(line) {
        Some((e, ua)) => Ok((e, super::Agent::Text(ua))),
        None => parse_line_serde(line).map(|e| (e, super::Agent::Json(line))),
    }
}

/// The fast path of [`parse_line`]: `Some` only for a flat object without escapes or control
/// characters in its strings, whose fields all parse; `None` means "ask serde_json" (the line
/// may still be valid). Whatever it returns, [`parse_line_serde`] returns too.
///
/// One pass over the line: strings are scanned 8 bytes at a time for their closing quote (a
/// backslash or a control character before it gives up), the known fields are parsed straight
/// from the bytes (the canonical timestamp and 16-character fingerprints without a scan at all),
/// and only strings holding non-ASCII bytes are checked as UTF-8.
#[inline]
pub fn parse_line_fast(line: &[u8]) -> Option<RawEvent<'_>> {
    scan(line).map(|(e, _)| e)
}

/// [`parse_line_fast`] with the `ua` field's text when it is a non-blank string (a string the
/// scanner reads as it passes: no escapes).
#[inline(always)]
fn scan(line: &[u8]) -> Option<(RawEvent<'_>, Option<&str>)> {
    let mut c = Cursor { b: line, i: 0 };
    c.eat_ws(b'{')?;
    let (mut ts, mut user, mut ip, mut ok, mut cred, mut pw) = (None, None, None, None, None, None);
    let mut ua: Option<Option<&str>> = None;
    loop {
        c.eat_ws(b'"')?;
        let key = c.key()?;
        c.eat_ws(b':')?;
        if c.peek() == Some(b' ') {
            c.ws();
        }
        match key {
            Key::Ts => {
                let v = match c.peek()? {
                    b'"' => c.ts_str()?,
                    b'0'..=b'9' => c.uint()?,
                    _ => return None,
                };
                set(&mut ts, v)?;
            }
            Key::User => {
                c.eat(b'"')?;
                set(&mut user, c.text()?)?;
            }
            Key::Ip => set(&mut ip, c.ip()?)?,
            Key::Ok => {
                let v = if c.lit(b"true") {
                    true
                } else if c.lit(b"false") {
                    false
                } else {
                    return None;
                };
                set(&mut ok, v)?;
            }
            Key::Cred => set(&mut cred, c.fp()?)?,
            Key::Pw => set(&mut pw, c.fp()?)?,
            Key::Ua => {
                // A string is the agent; a literal (null, true, false) is none.
                let v = if c.peek()? == b'"' {
                    c.i += 1;
                    Some(c.text()?)
                } else if c.lit(b"true") || c.lit(b"false") || c.lit(b"null") {
                    None
                } else {
                    return None;
                };
                set(&mut ua, v)?;
            }
            Key::Other => {
                // Unknown fields: strings and literals are skipped; numbers, objects and arrays
                // are left to serde_json (it checks their grammar).
                if c.peek()? == b'"' {
                    c.i += 1;
                    c.text()?;
                } else if !(c.lit(b"true") || c.lit(b"false") || c.lit(b"null")) {
                    return None;
                }
            }
        }
        match c.next_ws()? {
            b',' => {}
            b'}' => break,
            _ => return None,
        }
    }
    if c.i != line.len() {
        c.ws();
        if c.i != line.len() {
            return None;
        }
    }
    // `build_event`'s checks: the user is not blank (an ASCII byte other than white space at
    // both ends means trimming changes nothing), the address parses (done), the fingerprints
    // parse (done).
    let user = user?;
    let plain_ends =
        |b: Option<&u8>| b.is_some_and(|&b| b.is_ascii() && !char::from(b).is_whitespace());
    if !(plain_ends(user.as_bytes().first()) && plain_ends(user.as_bytes().last()))
        && user.trim().is_empty()
    {
        return None;
    }
    let event = RawEvent {
        ts_ms: ts?,
        user: Cow::Borrowed(user),
        ip: ip?,
        ok: ok?,
        cred: cred.flatten(),
        pw: pw.flatten(),
    };
    Some((event, ua.flatten().filter(|s| !s.trim().is_empty())))
}

/// Sets a field once; a duplicate field is serde's error, so `None`.
#[inline(always)]
fn set<T>(slot: &mut Option<T>, v: T) -> Option<()> {
    if slot.is_some() {
        return None;
    }
    *slot = Some(v);
    Some(())
}

/// A field name the fast path knows.
#[derive(Clone, Copy)]
enum Key {
    Ts,
    User,
    Ip,
    Ok,
    Cred,
    Pw,
    Ua,
    /// Any other name: its value is skipped.
    Other,
}

/// `0x01` in every byte.
const ONES: u64 = 0x0101_0101_0101_0101;
/// `0x80` in every byte.
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// The bytes of `w` that end a plain string: `"`, `\` and control characters (below 0x20), as
/// the high bit of their byte. Each term is the classic "has a byte below n" test, exact up to
/// its lowest hit (a borrow only runs upwards), so the lowest set bit is the first such byte.
#[inline(always)]
fn string_stops(w: u64) -> u64 {
    let below = |x: u64, n: u64| x.wrapping_sub(ONES * n) & !x & HIGHS;
    below(w ^ (ONES * u64::from(b'"')), 1)
        | below(w ^ (ONES * u64::from(b'\\')), 1)
        | below(w, 0x20)
}

/// [`string_stops`] and the bytes of 0x80 or more among 16 bytes, as bit masks (bit `k` for
/// byte `k`), with SSE2: about a third of the instructions of two [`string_stops`] words.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn stops16(c: &[u8; 16]) -> (u32, u32) {
    use std::arch::x86_64::{
        __m128i, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_max_epu8, _mm_movemask_epi8, _mm_or_si128,
        _mm_set1_epi8,
    };
    // SAFETY: SSE2 is part of the x86_64 baseline (rustc enables it for every x86_64 target),
    // so the intrinsics exist on any machine this code runs on; the one load reads exactly the
    // 16 bytes `c` borrows, and `_mm_loadu_si128` needs no alignment.
    unsafe {
        let x = _mm_loadu_si128(c.as_ptr().cast::<__m128i>());
        let quote = _mm_cmpeq_epi8(x, _mm_set1_epi8(b'"' as i8));
        let backslash = _mm_cmpeq_epi8(x, _mm_set1_epi8(b'\\' as i8));
        // Unsigned: byte < 0x20 exactly when max(byte, 0x1f) == 0x1f.
        let control = _mm_cmpeq_epi8(_mm_max_epu8(x, _mm_set1_epi8(0x1f)), _mm_set1_epi8(0x1f));
        let stops = _mm_or_si128(_mm_or_si128(quote, backslash), control);
        (_mm_movemask_epi8(stops) as u32, _mm_movemask_epi8(x) as u32)
    }
}

/// A position in a line.
struct Cursor<'a> {
    b: &'a [u8],
    i: usize,
}

impl<'a> Cursor<'a> {
    #[inline(always)]
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }
    #[inline(always)]
    fn next(&mut self) -> Option<u8> {
        let c = self.peek()?;
        self.i += 1;
        Some(c)
    }
    #[inline(always)]
    fn ws(&mut self) {
        while self.peek() == Some(b' ') {
            self.i += 1;
        }
    }
    #[inline(always)]
    fn eat(&mut self, c: u8) -> Option<()> {
        (self.next()? == c).then_some(())
    }
    /// The next byte after any blanks: blanks are rare, so one comparison when there are none.
    #[inline(always)]
    fn next_ws(&mut self) -> Option<u8> {
        match self.next()? {
            b' ' => {
                self.ws();
                self.next()
            }
            c => Some(c),
        }
    }
    /// [`Cursor::eat`] after any blanks.
    #[inline(always)]
    fn eat_ws(&mut self, c: u8) -> Option<()> {
        (self.next_ws()? == c).then_some(())
    }
    #[inline(always)]
    fn lit<const N: usize>(&mut self, l: &[u8; N]) -> bool {
        let hit = self.b.get(self.i..self.i + N) == Some(&l[..]);
        if hit {
            self.i += l.len();
        }
        hit
    }
    /// After a name's opening quote: the name and its closing quote. A name that is not a
    /// known field must be a plain ASCII string (anything else is left to serde_json).
    #[inline(always)]
    fn key(&mut self) -> Option<Key> {
        let (k, n) = match self.b.get(self.i..)? {
            [b't', b's', b'"', ..] => (Key::Ts, 3),
            [b'u', b's', b'e', b'r', b'"', ..] => (Key::User, 5),
            [b'i', b'p', b'"', ..] => (Key::Ip, 3),
            [b'o', b'k', b'"', ..] => (Key::Ok, 3),
            [b'c', b'r', b'e', b'd', b'"', ..] => (Key::Cred, 5),
            [b'p', b'w', b'"', ..] => (Key::Pw, 3),
            [b'u', b'a', b'"', ..] => (Key::Ua, 3),
            _ => {
                let (_, _, high) = self.span()?;
                return (!high).then_some(Key::Other);
            }
        };
        self.i += n;
        Some(k)
    }
    /// After a string's opening quote: its byte range, and whether it holds a byte of 0x80 or
    /// more; `None` at a backslash, a control character or the end of the line. Eight bytes at
    /// a time ([`string_stops`]), then byte by byte for the last few of the line.
    #[inline(always)]
    fn span(&mut self) -> Option<(usize, usize, bool)> {
        let start = self.i;
        let mut i = start;
        let mut high = 0u64;
        #[cfg(target_arch = "x86_64")]
        while let Some(chunk) = self.b.get(i..i + 16) {
            let (stops, high16) = stops16(chunk.try_into().ok()?);
            if stops != 0 {
                let at = stops.trailing_zeros() as usize;
                // `at` is below 16: the bytes before the stop.
                high |= u64::from(high16 & ((1u32 << at) - 1));
                i += at;
                return self.close(start, i, high != 0);
            }
            high |= u64::from(high16);
            i += 16;
        }
        while let Some(w) = self.b.get(i..i + 8) {
            let w = u64::from_le_bytes(w.try_into().ok()?);
            let stops = string_stops(w);
            if stops != 0 {
                let at = (stops.trailing_zeros() / 8) as usize;
                // `at` is below 8: the bytes before the stop.
                high |= w & HIGHS & ((1u64 << (8 * at)) - 1);
                i += at;
                return self.close(start, i, high != 0);
            }
            high |= w & HIGHS;
            i += 8;
        }
        while let Some(&c) = self.b.get(i) {
            if c == b'"' || c == b'\\' || c < 0x20 {
                return self.close(start, i, high != 0);
            }
            high |= u64::from(c & 0x80);
            i += 1;
        }
        None
    }
    /// Ends a string at `end` if the byte there is its closing quote.
    #[inline(always)]
    fn close(&mut self, start: usize, end: usize, high: bool) -> Option<(usize, usize, bool)> {
        if self.b.get(end) != Some(&b'"') {
            return None;
        }
        self.i = end + 1;
        Some((start, end, high))
    }
    /// After a string's opening quote: the string as text (non-ASCII checked as UTF-8).
    #[inline(always)]
    fn text(&mut self) -> Option<&'a str> {
        let (a, b, high) = self.span()?;
        let bytes = self.b.get(a..b)?;
        if high {
            std::str::from_utf8(bytes).ok()
        } else {
            // SAFETY: `span` saw no byte of 0x80 or more in `bytes`: ASCII is valid UTF-8.
            Some(unsafe { std::str::from_utf8_unchecked(bytes) })
        }
    }
    /// A `ts` string: the canonical layout straight from the bytes, anything else as text
    /// through `parse_ts_text` (RFC 3339 by chrono, then the layouts without an offset).
    #[inline(always)]
    fn ts_str(&mut self) -> Option<i64> {
        self.eat(b'"')?;
        if let Some(b) = self.b.get(self.i..self.i + 25)
            && b.get(24) == Some(&b'"')
            && let Some(ms) = super::time::parse_canonical_ms(b.get(..24)?)
        {
            // The 24 bytes are digits and separators: no quote, backslash or control among them.
            self.i += 25;
            return Some(ms);
        }
        parse_ts_text(self.text()?)
    }
    /// An `ip` string: dotted-quad IPv4 and plain IPv6 straight from the bytes, anything else
    /// as `build_event` takes it (trimmed, then `parse_ip`).
    #[inline(always)]
    fn ip(&mut self) -> Option<std::net::IpAddr> {
        self.eat(b'"')?;
        let (a, b, high) = self.span()?;
        let bytes = self.b.get(a..b)?;
        if let Some(ip) = super::ip::parse_ip_fast(bytes) {
            return Some(ip);
        }
        if high {
            return None;
        }
        super::parse_ip(std::str::from_utf8(bytes).ok()?.trim())
    }
    /// A `cred` or `pw` value: `null` or `""` is none, 16 hex characters a fingerprint; anything
    /// else (an error for `build_event`) is left to serde_json.
    #[inline(always)]
    fn fp(&mut self) -> Option<Option<u64>> {
        if self.lit(b"null") {
            return Some(None);
        }
        self.eat(b'"')?;
        if self.peek()? == b'"' {
            self.i += 1;
            return Some(None);
        }
        let b = self.b.get(self.i..self.i + 17)?;
        if b.get(16) != Some(&b'"') {
            return None;
        }
        // Hex digits: no quote, backslash or control character among them.
        let v = parse_hex(b.get(..16)?)?;
        self.i += 17;
        Some(Some(v))
    }
    /// A non-negative JSON integer that fits an i64 (no leading zero, no fraction or exponent:
    /// those, like overflow, are left to serde_json).
    #[inline(always)]
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
    let l: Line = serde_json::from_slice(line).map_err(json_error)?;
    super::build_event(
        l.ts.0,
        l.user,
        &l.ip,
        l.ok,
        l.cred.as_deref(),
        l.pw.as_deref(),
    )
}

/// The `ip` field of a JSONL line, found without parsing the rest: the first `"ip"` key
/// (a key of that name cannot appear inside a JSON string, whose quotes are escaped) and its
/// string. `None` when it is not found plainly (escapes, another layout): the caller parses the
/// line. When the line parses, its event's address is this one.
pub fn ip_field(line: &[u8]) -> Option<std::net::IpAddr> {
    static KEY: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new(b"\"ip\""));
    let at = KEY.find(line)?;
    let mut c = Cursor { b: line, i: at + 4 };
    c.eat_ws(b':')?;
    if c.peek() == Some(b' ') {
        c.ws();
    }
    c.ip()
}

/// The `ua` (user agent) field of a JSONL line, when it is a non-empty string: read only for the
/// few lines the user-agent check asks about, so serde_json's pace is fine. A line that is not a
/// JSON object, repeats `ua`, or holds something else there has none.
pub fn agent(line: &[u8]) -> Option<Cow<'_, str>> {
    // Straight from the bytes when the line holds one object (no nested one: its keys are not
    // the event's), the key appears once and its value is a plain string.
    static KEY: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new(b"\"ua\""));
    if let Some(at) = KEY.find(line)
        && KEY.find(line.get(at + 4..)?).is_none()
        && memchr::memchr_iter(b'{', line).nth(1).is_none()
    {
        let mut c = Cursor { b: line, i: at + 4 };
        let plain = c.eat_ws(b':').and_then(|()| {
            if c.peek() == Some(b' ') {
                c.ws();
            }
            c.eat(b'"')?;
            c.text()
        });
        if let Some(ua) = plain {
            return (!ua.trim().is_empty()).then_some(Cow::Borrowed(ua));
        }
    }
    agent_serde(line)
}

/// [`agent`] by serde_json alone (the reference).
pub fn agent_serde(line: &[u8]) -> Option<Cow<'_, str>> {
    #[derive(Deserialize)]
    struct UaOnly<'a> {
        #[serde(borrow, default)]
        ua: AnyStr<'a>,
    }
    let l: UaOnly<'_> = serde_json::from_slice(line).ok()?;
    l.ua.0.filter(|s| !s.trim().is_empty())
}

/// A JSON value kept when it is a string and dropped (consumed, without error) otherwise.
#[derive(Default)]
struct AnyStr<'a>(Option<Cow<'a, str>>);

impl<'de: 'a, 'a> Deserialize<'de> for AnyStr<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for V<'a> {
            type Value = AnyStr<'a>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(AnyStr(Some(Cow::Borrowed(v))))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(AnyStr(Some(Cow::Owned(v.to_owned()))))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
                Ok(AnyStr(Some(Cow::Owned(v))))
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
                Ok(AnyStr(None))
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
                Ok(AnyStr(None))
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
                Ok(AnyStr(None))
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
                Ok(AnyStr(None))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(AnyStr(None))
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut a: A) -> Result<Self::Value, A::Error> {
                while a.next_element::<de::IgnoredAny>()?.is_some() {}
                Ok(AnyStr(None))
            }
            fn visit_map<A: de::MapAccess<'de>>(self, mut a: A) -> Result<Self::Value, A::Error> {
                while a.next_entry::<de::IgnoredAny, de::IgnoredAny>()?.is_some() {}
                Ok(AnyStr(None))
            }
        }
        d.deserialize_any(V(std::marker::PhantomData))
    }
}

/// serde_json's message with its position as a column of the line (its own "line 1" would
/// read as the file's line).
fn json_error(e: serde_json::Error) -> String {
    let msg = e.to_string();
    let at = format!(" at line {} column {}", e.line(), e.column());
    let what = msg.strip_suffix(&at).unwrap_or(&msg);
    format!("invalid JSON event at column {}: {what}", e.column())
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
    fn ip_field_is_the_events_address() {
        let ip = |s: &str| s.parse::<std::net::IpAddr>().ok();
        assert_eq!(ip_field(CANON), ip("37.170.62.129"));
        assert_eq!(ip_field(CANON_V6), ip("2a02:3c5:3391:4ca2::77db"));
        assert_eq!(
            ip_field(br#"{"ip" :  "10.0.0.1","user":"a"}"#),
            ip("10.0.0.1")
        );
        assert_eq!(
            ip_field(br#"{"user":"x\"ip\":\"1.1.1.1","ip":"2.2.2.2"}"#),
            ip("2.2.2.2")
        );
        assert_eq!(ip_field(br#"{"\u0069p":"1.1.1.1"}"#), None);
        assert_eq!(ip_field(br#"{"ip":1}"#), None);
    }

    #[test]
    fn agent_is_the_ua_string_or_nothing() {
        assert_eq!(
            agent(br#"{"ts":1,"ua":"curl/8.0","ip":"1.2.3.4"}"#).as_deref(),
            Some("curl/8.0")
        );
        assert_eq!(
            agent(br#"{"ua":"Mozilla\/5.0 \u00e9"}"#).as_deref(),
            Some("Mozilla/5.0 \u{e9}")
        );
        for none in [
            &br#"{"ua":null}"#[..],
            br#"{"ua":5}"#,
            br#"{"ua":{"a":[1]}}"#,
            br#"{"ua":"  "}"#,
            br#"{"ts":1}"#,
            br#"{"ua":"a","ua":"b"}"#,
            br#"{"meta":{"ua":"nested"}}"#,
            b"not json",
            b"",
        ] {
            assert_eq!(agent(none), None, "{}", String::from_utf8_lossy(none));
        }
        assert_eq!(
            agent(br#"{"meta":{"ua":"x"},"ua":"top"}"#).as_deref(),
            Some("top")
        );
        assert_eq!(agent(br#"{"ua" : "spaced"}"#).as_deref(), Some("spaced"));
    }

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

    /// Timestamp strings as other loggers write them are read as CSV reads them: a space for
    /// `T`, lower-case `t`/`z`, no offset (UTC), epoch seconds or milliseconds as text.
    #[test]
    fn reads_timestamp_strings_as_csv_does() {
        let z = 1_795_144_455_123; // 2026-11-20T03:14:15.123Z
        for ts in [
            "2026-11-20T03:14:15.123Z",
            "2026-11-20 03:14:15.123Z",
            "2026-11-20t03:14:15.123z",
            "2026-11-20T04:14:15.123+01:00",
            "2026-11-20T03:14:15.123",
            "2026-11-20 03:14:15.123",
            "1795144455123",
            "1795144455.123",
        ] {
            let l = format!(r#"{{"ts":"{ts}","user":"b","ip":"10.0.0.1","ok":true}}"#);
            let e = parse_line(l.as_bytes());
            assert_eq!(e.map(|e| e.ts_ms), Ok(z), "{ts}");
            assert_eq!(
                parse_line_serde(l.as_bytes()).map(|e| e.ts_ms),
                Ok(z),
                "{ts}"
            );
        }
        let l = br#"{"ts":"20 Nov 2026","user":"b","ip":"10.0.0.1","ok":true}"#;
        assert!(parse_line(l).is_err_and(|e| e.contains("ts is not RFC 3339")));
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

    #[test]
    fn json_errors_name_the_column_not_a_line() {
        let e = parse_line(br#"{"ts":1,"user":"b","ip":"10.0.0.1","ok":"yes"}"#).err();
        assert_eq!(
            e.as_deref(),
            Some(
                "invalid JSON event at column 45: invalid type: string \"yes\", expected a boolean"
            )
        );
    }

    const CANON: &[u8] = br#"{"ts":"2026-11-20T00:00:40.567Z","user":"susananderson48@hotmail.com","ip":"37.170.62.129","ok":true,"cred":"a632874df1a5ee91","pw":"06e9c607c0056e7a","ua":"okhttp/4.12.0"}"#;

    const CANON_UTF8: &[u8] = "{\"ts\":\"2025-11-20T00:00:00.617Z\",\"user\":\"Louis.M\u{fc}ller160952@outlook.com\",\"ip\":\"184.105.174.55\",\"ok\":true,\"cred\":\"24bd363330ac68eb\",\"pw\":\"a93640fd761e13a5\",\"ua\":\"ShopCo/5.12 (iOS 17.5; iPhone15,2)\"}".as_bytes();

    const CANON_V6: &[u8] = br#"{"ts":1763608455123,"user":"zoe.wright15341@yahoo.co.jp","ip":"2a02:3c5:3391:4ca2::77db","ok":false,"cred":"8d4768d94163ced7","pw":null,"ua":"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"}"#;

    /// The fast scanner agrees with serde_json: when it answers, serde_json gives the same event.
    fn agrees(l: &[u8]) -> Result<(), proptest::test_runner::TestCaseError> {
        let slow = parse_line_serde(l);
        if let Some(e) = parse_line_fast(l) {
            proptest::prop_assert_eq!(Ok(e), slow.clone(), "{}", String::from_utf8_lossy(l));
        }
        if let (Ok(e), Some(ip)) = (&slow, ip_field(l)) {
            proptest::prop_assert_eq!(e.ip, ip, "{}", String::from_utf8_lossy(l));
        }
        if slow.is_ok() {
            proptest::prop_assert_eq!(agent(l), agent_serde(l), "{}", String::from_utf8_lossy(l));
        }
        // The agent read on the way through the line is the one read on demand.
        if let Ok((e, a)) = parse_line_agent(l) {
            proptest::prop_assert_eq!(Ok(e), slow.clone(), "{}", String::from_utf8_lossy(l));
            proptest::prop_assert_eq!(a.text(), agent_serde(l), "{}", String::from_utf8_lossy(l));
        }
        proptest::prop_assert_eq!(parse_line(l), slow);
        Ok(())
    }

    #[test]
    fn fast_path_takes_canonical_lines() {
        assert!(parse_line_fast(CANON).is_some());
        for l in [
            CANON_UTF8,
            CANON_V6,
            "{\"ts\":1,\"user\":\" \u{7f}Zo\u{eb} \",\"ip\":\" 10.0.0.1\",\"ok\":true,\"ua\":\"\u{1F600}\"}".as_bytes(),
            br#"{"ts":"2026-11-20T04:14:15.123+01:00","user":"b","ip":"::ffff:1.2.3.4","ok":true,"cred":"","pw":"A632874DF1A5EE91"}"#,
        ] {
            assert!(parse_line_fast(l).is_some(), "{}", String::from_utf8_lossy(l));
            agrees(l).unwrap();
        }
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
            "{\"ts\":1,\"user\":\"\u{a0} \",\"ip\":\"10.0.0.1\",\"ok\":true}".as_bytes(),
            b"{\"ts\":1,\"user\":\"b\xff\",\"ip\":\"10.0.0.1\",\"ok\":true}",
            b"{\"ts\":1,\"user\":\"b\",\"ip\":\"10.0.0.1\",\"ok\":true,\"ua\":\"\xc3\"}",
            b"{\"ts\":1,\"user\":\"b\tc\",\"ip\":\"10.0.0.1\",\"ok\":true}",
            b"{\"ts\":1,\"user\":\"b\",\"ip\":\"10.0.0.1\",\"ok\":true,\"\xc3\xa9\":1}",
            br#"{"ts":1,"user":"b","ip":"10.0.0.1","ok":true,"cred":"a632874df1a5ee9"}"#,
            br#"{"ts":1,"user":"b","ip":"10.0.0.1","ok":true,"pw":"a632874df1a5ee9g"}"#,
            br#"{"ts":1,"user":"b","ip":"10.0.0.1","ok":true,"pw":"a632874df1a5ee91a"}"#,
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

        /// Canonical lines with the required fields, in any order: the fast path must take them,
        /// whatever the user name holds (non-ASCII, DEL, blanks inside or around) and whichever
        /// kind of address and timestamp they carry.
        #[test]
        fn fast_takes_valid_lines(
            perm in proptest::strategy::Strategy::prop_shuffle(proptest::sample::subsequence(vec![0usize, 1, 2, 3, 4, 5, 6, 7], 4..=8)),
            user in "[a-zA-Z0-9._@+\\- \u{7f}\u{e9}\u{c9}\u{3a3}\u{130}\u{1F600}]{1,40}",
            a in 0u8..=255, b in 0u8..=255,
            v6 in proptest::option::of(proptest::array::uniform8(proptest::num::u16::ANY)),
            ms in 0i64..4_102_444_800_000,
            ts_int in proptest::bool::ANY,
            ok in proptest::bool::ANY,
            ua in "[ -!#-\\[\\]-~\u{7f}\u{e9}\u{1F600}]{0,140}",
            fps in proptest::array::uniform2(proptest::option::of(proptest::num::u64::ANY)),
        ) {
            use proptest::prelude::*;
            let ip = match v6 {
                Some(g) => std::net::Ipv6Addr::from(g).to_string(),
                None => format!("10.{a}.{b}.7"),
            };
            let ts = if ts_int { ms.to_string() } else { format!("\"{}\"", super::super::time::fmt_ms(ms)) };
            let fp = |f: Option<u64>| f.map_or("null".to_string(), |v| format!("\"{v:016x}\""));
            let parts = [
                format!("\"ts\":{ts}"),
                format!("\"user\":\"{user}\""),
                format!("\"ip\":\"{ip}\""),
                format!("\"ok\":{ok}"),
                format!("\"cred\":{}", fp(fps[0])),
                format!("\"pw\":{}", fp(fps[1])),
                format!("\"ua\":\"{ua}\""),
                "\"n\":null".to_string(),
            ];
            let l = format!("{{{}}}", perm.iter().filter_map(|&i| parts.get(i).cloned()).collect::<Vec<_>>().join(","));
            agrees(l.as_bytes())?;
            let required = [0, 1, 2, 3].iter().all(|i| perm.contains(i));
            let trimmed_user = !user.trim().is_empty();
            prop_assert_eq!(parse_line_fast(l.as_bytes()).is_some(), required && trimmed_user);
        }

        /// Strings of random bytes around the 8-byte steps of the scan: the closing quote, a stop
        /// (backslash, control character) and non-ASCII bytes are found as a byte loop finds them.
        #[test]
        fn span_equals_byte_loop(
            bytes in proptest::collection::vec(proptest::sample::select(vec![b'a', b' ', b'"', b'\\', 0x00, 0x1f, 0x20, 0x7f, 0x80, 0xc3, 0xa9, 0xff, b'~']), 0..70),
            at in 0usize..4,
        ) {
            let mut line = vec![b'x'; at];
            line.extend_from_slice(&bytes);
            let mut c = Cursor { b: &line, i: at };
            let got = c.span().map(|(a, b, high)| (a, b, high, c.i));
            let want = line.iter().skip(at).position(|&b| b == b'"' || b == b'\\' || b < 0x20).and_then(|n| {
                let end = at + n;
                (line.get(end) == Some(&b'"')).then(|| (at, end, line.get(at..end).is_some_and(|s| s.iter().any(|&b| b >= 0x80)), end + 1))
            });
            proptest::prop_assert_eq!(got, want);
        }

        /// Canonical lines with a byte replaced, inserted or removed.
        #[test]
        fn fast_equals_serde_on_mutated_lines(
            muts in proptest::collection::vec((0usize..300, proptest::num::u8::ANY, 0u8..3), 1..3),
            base in proptest::sample::select(vec![CANON, CANON_UTF8, CANON_V6]),
        ) {
            let mut l = base.to_vec();
            for (pos, byte, op) in muts {
                let p = pos % (l.len() + 1);
                match op {
                    0 if p < l.len() => l[p] = byte,
                    1 => l.insert(p, byte),
                    _ if p < l.len() => { l.remove(p); }
                    _ => {}
                }
            }
            agrees(&l)?;
        }
    }
}
