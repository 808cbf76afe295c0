//! OpenSSH syslog lines (SPEC 1, `--format sshd`).
//!
//! A line is `TIMESTAMP HOST sshd[PID]: MESSAGE`, the timestamp either classic syslog
//! (`Dec 10 06:55:46`, no year) or RFC 3339 (rsyslog's high-precision format, journald exports).
//! The program may be `sshd` or `sshd-session` (OpenSSH 9.8 and later). Line ends may be LF or
//! CRLF.
//!
//! # Which messages are login attempts
//! - `Failed password|keyboard-interactive/pam|none for [invalid user ]USER from IP ...`: one
//!   failed attempt. (`Failed publickey` is a client offering keys it holds, not a guessed
//!   credential: skipped.)
//! - `Accepted METHOD for USER from IP ...` (password, publickey, ...): one successful login.
//! - `message repeated N times: [ Failed password for ...]`: N failed attempts (N is capped at
//!   [`MAX_REPEAT`] so that one forged line cannot stand for billions of events).
//! - `Invalid user USER from IP`: **not** counted. sshd logs it once per connection when the
//!   account does not exist, and every password tried on that connection is then logged as
//!   `Failed password for invalid user USER from IP`. In the loghub sample every one of the 113
//!   connections with an `Invalid user` line also has a `Failed ... for invalid user` line, so
//!   counting both would count each attempt twice. (fail2ban counts both; see
//!   docs/history/PERFORMANCE-log.md, "sshd vs fail2ban-regex: the earlier measurements".)
//!
//! Every other sshd message (`pam_unix(...)`, `Received disconnect`, `Connection closed`,
//! `reverse mapping checking ...`, `input_userauth_request`, ...) and every syslog line of another
//! program is skipped silently: it is not an attempt, and not a bad line. A line without a syslog
//! header, or an attempt whose address does not parse, is a bad line. An attempt with an empty
//! user name is skipped (there is no account to attribute it to).
//!
//! # The missing year
//! Classic syslog timestamps carry no year. Blocks of a file are parsed in parallel, and the
//! lines may come in any order (SPEC 1), so the year must depend neither on which lines a block
//! holds nor on their order: per file, before the blocks are cut, one parallel pass finds the
//! months in which it has lines ([`months_present`]), and the file's *first month* is the one
//! after the longest run of months without a line ([`first_month_of`]: a file is assumed to
//! span less than a year, so a file with December and January lines and none in the autumn
//! ran over New Year). A line whose month is smaller than the first month belongs to the next
//! year. The base year is `--year`; without it, the current year, or the previous one when
//! the first month is still to come this year (December logs read in January). Times are taken
//! as UTC.
//!
//! A file spanning nearly a year with a longer hole inside than between its end and its start
//! is dated from after the hole; rotated files split at New Year get each their own first
//! month, so with an explicit `--year` the January file is dated with the December one's year
//! (without `--year` each file takes the latest year that is not in the future, which is right
//! for logs of the past twelve months). A stream (standard input, `.gz`, `.zst`) is not read
//! twice: its months are those of its first block (4 MiB).

use std::borrow::Cow;

use chrono::NaiveDate;

use super::time::parse_rfc3339_ms;
use crate::event::RawEvent;

/// The largest count of a `message repeated N times` line that is honoured.
pub const MAX_REPEAT: u32 = 1000;

/// How a file's syslog timestamps get their year: the base year and the file's first month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Years {
    /// The year of the file's first month.
    pub year: i32,
    /// The file's first month (1-12, [`first_month_of`]); smaller months are in `year + 1`.
    pub first_month: u32,
}

impl Years {
    /// The rule for a file whose first month is `first_month` (None: no syslog line),
    /// with the base year given by `--year` or else derived from today's date.
    pub fn new(year: Option<i32>, first_month: Option<u32>) -> Years {
        let first_month = first_month.unwrap_or(1);
        let year = year.unwrap_or_else(|| {
            let (y, m) = today();
            if first_month > m { y - 1 } else { y }
        });
        Years { year, first_month }
    }

    /// The year of a line in `month`.
    pub fn year_of(&self, month: u32) -> i32 {
        if month < self.first_month {
            self.year.saturating_add(1)
        } else {
            self.year
        }
    }
}

/// Today's (year, month) in UTC.
fn today() -> (i32, u32) {
    use chrono::Datelike;
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    chrono::DateTime::from_timestamp(secs, 0).map_or((1970, 1), |d| (d.year(), d.month()))
}

/// The first month of `data`'s syslog lines ([`first_month_of`] over [`months_present`]).
pub fn first_month(data: &[u8]) -> Option<u32> {
    first_month_of(months_present(data))
}

/// The months in which some line of `data` starts with a classic syslog timestamp: bit `m`
/// for month `m` (1-12). Read in parallel parts of 8 MiB.
pub fn months_present(data: &[u8]) -> u16 {
    months_in_parts(data, 8 << 20)
}

/// [`months_present`], reading `data` in parallel parts of `part` bytes.
fn months_in_parts(data: &[u8], part: usize) -> u16 {
    use rayon::prelude::*;
    let part = part.max(1);
    // A line after a line end is read by the part that holds the line end.
    let after_ends = data
        .par_chunks(part)
        .enumerate()
        .map(|(i, bytes)| {
            let base = i * part;
            memchr::memchr_iter(b'\n', bytes).fold(0u16, |acc, j| {
                acc | data.get(base + j + 1..).map_or(0, month_bit)
            })
        })
        .reduce(|| 0, |a, b| a | b);
    month_bit(data.strip_prefix(super::blocks::BOM).unwrap_or(data)) | after_ends
}

/// Bit `m` when `line` starts with month `m`'s syslog name, else 0.
fn month_bit(line: &[u8]) -> u16 {
    line.get(..3).and_then(month_of).map_or(0, |m| 1 << m)
}

/// The first month of a file whose lines fall in the months of `mask` ([`months_present`]):
/// a file spans less than a year, so its months run on from the one after the longest run of
/// months without a line, read around the year (December before January when the file has
/// both and no autumn). On a tie, the earliest month; January when every month has lines.
/// None when no line has a month.
pub fn first_month_of(mask: u16) -> Option<u32> {
    let has = |m: u32| mask & (1 << m) != 0;
    let mut best: Option<(u32, u32)> = None;
    for m in (1..=12).filter(|&m| has(m)) {
        // The months without a line just before `m`.
        let gap = (1..12)
            .take_while(|back| !has((m + 12 - back - 1) % 12 + 1))
            .count() as u32;
        if best.is_none_or(|(g, _)| gap > g) {
            best = Some((gap, m));
        }
    }
    best.map(|(_, m)| m)
}

#[inline(always)]
fn month_of(m: &[u8]) -> Option<u32> {
    Some(match m {
        b"Jan" => 1,
        b"Feb" => 2,
        b"Mar" => 3,
        b"Apr" => 4,
        b"May" => 5,
        b"Jun" => 6,
        b"Jul" => 7,
        b"Aug" => 8,
        b"Sep" => 9,
        b"Oct" => 10,
        b"Nov" => 11,
        b"Dec" => 12,
        _ => return None,
    })
}

/// Splits off the first space-separated token (after skipping leading spaces).
fn token(s: &[u8]) -> Option<(&[u8], &[u8])> {
    let start = s.iter().position(|&b| b != b' ')?;
    let s = s.get(start..)?;
    let end = memchr::memchr(b' ', s).unwrap_or(s.len());
    Some((s.get(..end)?, s.get(end..)?))
}

/// A short decimal field (at most 4 digits: day, hour, minute, second).
fn num(s: &[u8]) -> Option<u32> {
    if s.is_empty() || s.len() > 4 {
        return None;
    }
    s.iter().try_fold(0u32, |n, &b| {
        b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0'))
    })
}

/// Finds the last ` from ` of a line (built once: building a finder per line costs more than
/// the search).
static FROM: std::sync::LazyLock<memchr::memmem::FinderRev<'static>> =
    std::sync::LazyLock::new(|| memchr::memmem::FinderRev::new(b" from "));

/// A syslog timestamp, split off but not yet converted (most lines are not attempts and never
/// need their time).
enum Stamp<'a> {
    /// RFC 3339 text.
    Rfc(&'a [u8]),
    /// Classic `Mon DD HH:MM:SS`: month, day and time texts.
    Classic(u32, &'a [u8], &'a [u8]),
}

/// Splits the syslog timestamp off a line: returns it and the rest after it.
fn split_stamp(line: &[u8]) -> Option<(Stamp<'_>, &[u8])> {
    if line.first().is_some_and(u8::is_ascii_digit) {
        let (ts, rest) = token(line)?;
        return Some((Stamp::Rfc(ts), rest));
    }
    let month = month_of(line.get(..3)?)?;
    let (day, rest) = token(line.get(3..)?)?;
    let (hms, rest) = token(rest)?;
    Some((Stamp::Classic(month, day, hms), rest))
}

/// Converts a timestamp to epoch milliseconds.
fn stamp_ms(st: &Stamp<'_>, years: &Years) -> Option<i64> {
    match *st {
        Stamp::Rfc(ts) => parse_rfc3339_ms(std::str::from_utf8(ts).ok()?),
        Stamp::Classic(month, day, hms) => {
            let day = num(day)?;
            let mut parts = hms.split(|&b| b == b':');
            let h = num(parts.next()?)?;
            let m = num(parts.next()?)?;
            let s = num(parts.next()?)?;
            if parts.next().is_some() {
                return None;
            }
            let dt =
                NaiveDate::from_ymd_opt(years.year_of(month), month, day)?.and_hms_opt(h, m, s)?;
            Some(dt.and_utc().timestamp_millis())
        }
    }
}

/// Is this syslog tag (`sshd[123]:`, `sshd:`, `sshd-session[9]:`) sshd's?
#[inline(always)]
fn is_sshd_tag(tag: &[u8]) -> bool {
    let Some(rest) = tag.strip_prefix(b"sshd") else {
        return false;
    };
    let rest = rest.strip_prefix(b"-session").unwrap_or(rest);
    matches!(rest.first(), Some(b'[' | b':'))
}

/// What [`parse_line`] returns for one line.
pub type Parsed<'a> = Result<Option<(RawEvent<'a>, u32)>, String>;

/// Parses one line (without its line end). `Ok(None)`: not a login attempt, skipped silently;
/// `Ok(Some((event, n)))`: `n` attempts (n > 1 only for `message repeated`); `Err`: a bad line.
///
/// Lines with a classic timestamp in its usual layout (`Mon DD HH:MM:SS HOST TAG MESSAGE`, one
/// space between fields) go through [`parse_line_fast`]; anything it does not answer (RFC 3339
/// timestamps, odd spacing, non-ASCII names, unusual addresses, every error) through
/// [`parse_line_reference`], so both give the same result for every line.
#[inline]
pub fn parse_line<'a>(line: &'a [u8], years: &Years) -> Parsed<'a> {
    match parse_line_fast(line, years) {
        Some(r) => r,
        None => parse_line_reference(line, years),
    }
}

/// The byte after the fixed-layout classic timestamp `Mon DD HH:MM:SS ` (16 bytes).
const STAMP_LEN: usize = 16;

/// The fast path of [`parse_line`]: `None` when it cannot answer (then
/// [`parse_line_reference`] must), else what [`parse_line_reference`] returns. Most sshd lines
/// are not attempts: they are rejected after a walk over the first few dozen bytes, with no
/// timestamp conversion; attempts are cut with byte loops and converted without allocating.
// Inlined into `parse_line` (and so into the block loop): returned through memory, the large
// result was copied for every line, stalling on store forwarding.
#[inline(always)]
pub fn parse_line_fast<'a>(line: &'a [u8], years: &Years) -> Option<Parsed<'a>> {
    // Classic header in its fixed layout: `Mon DD HH:MM:SS ` then a host that does not start
    // with a space.
    let head: &[u8; STAMP_LEN + 1] = line.get(..=STAMP_LEN)?.try_into().ok()?;
    let month = month_of(head.get(..3)?)?;
    let [
        _,
        _,
        _,
        b' ',
        d0,
        d1,
        b' ',
        h0,
        h1,
        b':',
        m0,
        m1,
        b':',
        s0,
        s1,
        b' ',
        host0,
    ] = *head
    else {
        return None;
    };
    if host0 == b' '
        || !(d0 == b' ' || d0.is_ascii_digit())
        || ![d1, h0, h1, m0, m1, s0, s1].iter().all(u8::is_ascii_digit)
    {
        return None;
    }
    // Host, then tag, each ended by exactly one space.
    let rest = line.get(STAMP_LEN..)?;
    let host_end = find_space(rest)?;
    let rest = rest.get(host_end + 1..)?;
    if rest.first().is_none_or(|&b| b == b' ') {
        return None;
    }
    let tag_end = find_space(rest)?;
    if !is_sshd_tag(rest.get(..tag_end)?) {
        return Some(Ok(None));
    }
    let msg = rest.get(tag_end + 1..)?;
    let (msg, repeat) = match msg.first() {
        Some(b'F' | b'A') => (msg, 1),
        Some(b'm') => match msg.strip_prefix(b"message repeated ") {
            Some(r) => {
                let digits = r.iter().take_while(|b| b.is_ascii_digit()).count();
                if digits == 0 || digits > 9 {
                    return None;
                }
                let body = r.get(digits..)?.strip_prefix(b" times: [ ")?;
                let n = r
                    .get(..digits)?
                    .iter()
                    .fold(0u32, |n, &b| n * 10 + u32::from(b - b'0'));
                (
                    body.strip_suffix(b"]").unwrap_or(body),
                    n.clamp(1, MAX_REPEAT),
                )
            }
            None => return Some(Ok(None)),
        },
        _ => return Some(Ok(None)),
    };
    let (ok, r) = if let Some(r) = msg.strip_prefix(b"Failed ") {
        let (method, r) = method(r)?;
        if !matches!(
            method,
            b"password" | b"keyboard-interactive/pam" | b"keyboard-interactive" | b"none"
        ) {
            return Some(Ok(None));
        }
        (false, r)
    } else if let Some(r) = msg.strip_prefix(b"Accepted ") {
        (true, method(r)?.1)
    } else {
        return Some(Ok(None));
    };
    let Some(r) = r.strip_prefix(b" for ") else {
        return Some(Ok(None));
    };
    let r = r.strip_prefix(b"invalid user ").unwrap_or(r);
    let at = rfind_from(r)?;
    let user = r.get(..at)?;
    let user = std::str::from_utf8(user).ok()?;
    // A name that neither starts nor ends with white space is not blank; others are trimmed.
    let edge = |b: Option<&u8>| b.is_some_and(|b| !b.is_ascii_whitespace() && b.is_ascii());
    if !(edge(user.as_bytes().first()) && edge(user.as_bytes().last())) && user.trim().is_empty() {
        return Some(Ok(None));
    }
    let tail = r.get(at + 6..)?;
    let ip = tail.get(..find_space(tail).unwrap_or(tail.len()))?;
    let ip = match super::ip::parse_ipv4_fast(ip) {
        Some(v4) => std::net::IpAddr::V4(v4),
        None => super::parse_ip(std::str::from_utf8(ip).ok()?)?,
    };
    let day = if d0 == b' ' {
        digit(d1)
    } else {
        digit(d0) * 10 + digit(d1)
    };
    let [h, m, s] = [[h0, h1], [m0, m1], [s0, s1]].map(|[a, b]| digit(a) * 10 + digit(b));
    if h > 23 || m > 59 || s > 59 {
        return None;
    }
    let days = super::time::days_from_civil(
        i64::from(years.year_of(month)),
        i64::from(month),
        i64::from(day),
    )?;
    let ts_ms = (days * 86_400 + i64::from(h * 3600 + m * 60 + s)) * 1000;
    Some(Ok(Some((
        RawEvent {
            ts_ms,
            user: Cow::Borrowed(user),
            ip,
            ok,
            cred: None,
            pw: None,
        },
        repeat,
    ))))
}

/// The index of the first space in `s`, 8 bytes at a time (the fields the fast path cuts, host,
/// tag, method and address, are a few to a dozen bytes: a byte loop pays a mispredicted exit
/// per field, a `memchr` call its set-up).
#[inline(always)]
fn find_space(s: &[u8]) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut chunks = s.chunks_exact(8);
    let mut at = 0;
    for c in chunks.by_ref() {
        let Ok(c) = <[u8; 8]>::try_from(c) else {
            return s.iter().position(|&b| b == b' ');
        };
        // Zero bytes of `x` are the spaces; the lowest flagged byte is always a true zero
        // (false flags only occur above a true one).
        let x = u64::from_le_bytes(c) ^ (ONES * u64::from(b' '));
        let z = x.wrapping_sub(ONES) & !x & HIGH;
        if z != 0 {
            return Some(at + (z.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    chunks
        .remainder()
        .iter()
        .position(|&b| b == b' ')
        .map(|i| at + i)
}

/// The value of an ASCII digit (garbage for other bytes: check first).
fn digit(b: u8) -> u32 {
    u32::from(b.wrapping_sub(b'0'))
}

/// Splits an authentication method off `r` (`password for ...`): the method and the rest from
/// the space after it. `None` when `r` starts with a space or has none.
fn method(r: &[u8]) -> Option<(&[u8], &[u8])> {
    if r.first().is_none_or(|&b| b == b' ') {
        return None;
    }
    let end = find_space(r)?;
    Some((r.get(..end)?, r.get(end..)?))
}

/// The start of the last ` from ` in `r`. Backwards from each `f` (found by `memrchr`): after
/// ` from ` come only the address, `port N` and the protocol, which rarely hold an `f`, so the
/// first `f` tried is almost always the one. (A substring searcher costs more to set up per
/// line than this whole search.)
#[inline]
fn rfind_from(r: &[u8]) -> Option<usize> {
    let mut end = r.len();
    while let Some(f) = memchr::memrchr(b'f', r.get(..end)?) {
        if let Some(s) = f.checked_sub(1)
            && r.get(s..s + 6) == Some(b" from ")
        {
            return Some(s);
        }
        end = f;
    }
    None
}

/// The simple parser: the reference [`parse_line_fast`] is tested against, and the path for
/// every line the fast one does not answer.
pub fn parse_line_reference<'a>(line: &'a [u8], years: &Years) -> Parsed<'a> {
    let Some((stamp, rest)) = split_stamp(line) else {
        return Err("not a syslog line (no `Mon DD HH:MM:SS` or RFC 3339 timestamp)".into());
    };
    let Some((_host, rest)) = token(rest) else {
        return Err("syslog line without host".into());
    };
    let Some((tag, rest)) = token(rest) else {
        return Err("syslog line without program".into());
    };
    if !is_sshd_tag(tag) {
        return Ok(None);
    }
    let msg = rest.strip_prefix(b" ").unwrap_or(rest);
    let (msg, repeat) = match msg.strip_prefix(b"message repeated ") {
        Some(r) => {
            let Some((n, r)) = token(r) else {
                return Ok(None);
            };
            let Some(body) = r.strip_prefix(b" times: [ ") else {
                return Ok(None);
            };
            let body = body.strip_suffix(b"]").unwrap_or(body);
            (body, num_u32(n).unwrap_or(1).clamp(1, MAX_REPEAT))
        }
        None => (msg, 1),
    };
    let (ok, rest) = if let Some(r) = msg.strip_prefix(b"Failed ") {
        let Some((method, r)) = token(r) else {
            return Ok(None);
        };
        if !matches!(
            method,
            b"password" | b"keyboard-interactive/pam" | b"keyboard-interactive" | b"none"
        ) {
            return Ok(None);
        }
        (false, r)
    } else if let Some(r) = msg.strip_prefix(b"Accepted ") {
        let Some((_method, r)) = token(r) else {
            return Ok(None);
        };
        (true, r)
    } else {
        return Ok(None);
    };
    let Some(r) = rest.strip_prefix(b" for ") else {
        return Ok(None);
    };
    let r = r.strip_prefix(b"invalid user ").unwrap_or(r);
    // The user name is chosen by the client and may hold anything, even ` from `: the address
    // is after the last ` from `.
    let Some(at) = FROM.rfind(r) else {
        return Err("login attempt without `from ADDRESS`".into());
    };
    let (user, tail) = (
        r.get(..at).unwrap_or_default(),
        r.get(at + 6..).unwrap_or_default(),
    );
    let ip = tail.split(|&b| b == b' ').next().unwrap_or_default();
    let user = match std::str::from_utf8(user) {
        Ok(u) => Cow::Borrowed(u),
        Err(_) => Cow::Owned(String::from_utf8_lossy(user).into_owned()),
    };
    if user.trim().is_empty() {
        return Ok(None);
    }
    let ip = std::str::from_utf8(ip).map_err(|_| "address is not UTF-8".to_string())?;
    let Some(ts_ms) = stamp_ms(&stamp, years) else {
        return Err("invalid syslog timestamp".into());
    };
    super::build_event(ts_ms, user, ip, ok, None, None).map(|e| Some((e, repeat)))
}

fn num_u32(s: &[u8]) -> Option<u32> {
    if s.is_empty() || !s.iter().all(u8::is_ascii_digit) {
        return None;
    }
    // Saturate huge counts rather than reject them.
    Some(
        std::str::from_utf8(s)
            .ok()?
            .parse::<u64>()
            .map_or(u32::MAX, |n| n.min(u32::MAX as u64) as u32),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const Y: Years = Years {
        year: 2017,
        first_month: 12,
    };

    fn one(l: &str) -> Option<(String, String, bool, i64, u32)> {
        parse_line(l.as_bytes(), &Y)
            .unwrap()
            .map(|(e, n)| (e.user.into_owned(), e.ip.to_string(), e.ok, e.ts_ms, n))
    }

    #[test]
    fn attempts() {
        let f = one("Dec 10 06:55:48 LabSZ sshd[24200]: Failed password for invalid user webmaster from 173.234.31.186 port 38926 ssh2").unwrap();
        assert_eq!(
            f,
            (
                "webmaster".into(),
                "173.234.31.186".into(),
                false,
                1512888948000,
                1
            )
        );
        let f = one("Dec 10 07:13:43 LabSZ sshd[24227]: Failed password for root from 5.36.59.76 port 42393 ssh2").unwrap();
        assert_eq!((f.0.as_str(), f.2), ("root", false));
        let a = one("Dec 10 09:32:20 LabSZ sshd[24680]: Accepted password for fztu from 119.137.62.142 port 49116 ssh2").unwrap();
        assert_eq!(
            (a.0.as_str(), a.1.as_str(), a.2),
            ("fztu", "119.137.62.142", true)
        );
        let a = one("Dec  1 09:32:20 h sshd[1]: Accepted publickey for bob from 2001:db8::1 port 22 ssh2: ED25519 SHA256:abc").unwrap();
        assert_eq!(
            (a.0.as_str(), a.1.as_str(), a.2),
            ("bob", "2001:db8::1", true)
        );
        let r = one("Dec 10 07:13:56 LabSZ sshd[24227]: message repeated 5 times: [ Failed password for root from 5.36.59.76 port 42393 ssh2]").unwrap();
        assert_eq!((r.0.as_str(), r.4), ("root", 5));
        let r = one("Dec 10 07:13:56 h sshd[1]: message repeated 99999999999 times: [ Failed password for root from 5.36.59.76 port 1 ssh2]").unwrap();
        assert_eq!(r.4, MAX_REPEAT);
        let w = one("Dec 10 07:13:56 h sshd[1]: Failed password for invalid user a from b from 10.0.0.1 port 1 ssh2").unwrap();
        assert_eq!((w.0.as_str(), w.1.as_str()), ("a from b", "10.0.0.1"));
        let t = one("2024-03-01T10:00:00.5+01:00 host sshd-session[7]: Failed none for invalid user x from 10.0.0.2 port 1 ssh2").unwrap();
        assert_eq!(t.3, 1709283600500);
    }

    #[test]
    fn skipped_and_bad() {
        for l in [
            "Dec 10 06:55:46 LabSZ sshd[24200]: Invalid user webmaster from 173.234.31.186",
            "Dec 10 06:55:46 LabSZ sshd[24200]: pam_unix(sshd:auth): check pass; user unknown",
            "Dec 10 06:55:46 LabSZ sshd[24200]: reverse mapping checking getaddrinfo for x [1.2.3.4] failed - POSSIBLE BREAK-IN ATTEMPT!",
            "Dec 10 07:07:45 LabSZ sshd[24206]: Received disconnect from 52.80.34.196: 11: Bye Bye [preauth]",
            "Dec 10 07:07:45 LabSZ sshd[24206]: Failed publickey for root from 52.80.34.196 port 1 ssh2",
            "Dec 10 07:07:45 LabSZ CRON[1]: pam_unix(cron:session): session opened for user root",
            "Dec 10 07:07:45 LabSZ sshd[1]: Failed password for invalid user  from 10.0.0.1 port 1 ssh2",
        ] {
            assert_eq!(parse_line(l.as_bytes(), &Y), Ok(None), "{l}");
        }
        for l in [
            "garbage",
            "Dec 10 xx LabSZ sshd[1]: Failed password for a from 1.2.3.4 port 1 ssh2",
            "Dec 10 07:07:45 h sshd[1]: Failed password for a from nowhere port 1",
            "",
        ] {
            assert!(parse_line(l.as_bytes(), &Y).is_err(), "{l}");
        }
    }

    /// A syslog line built from typical and odd parts (see `lines_fast_equals_reference`).
    fn gen_line() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let month = prop_oneof![
            8 => proptest::sample::select(vec!["Jan", "Feb", "Mar", "Dec", "Apr", "Jun", "Sep", "Nov"]),
            1 => proptest::sample::select(vec!["jan", "Xyz", "De", "2024"]),
        ];
        let day = prop_oneof![
            6 => (1u32..=31).prop_map(|d| format!("{d:2}")),
            1 => proptest::sample::select(vec!["00", "32", "30", "29", "1 ", "  ", "x1", "001", " 1", "31"]).prop_map(String::from),
        ];
        let time = prop_oneof![
            6 => (0u32..24, 0u32..60, 0u32..60).prop_map(|(h, m, s)| format!("{h:02}:{m:02}:{s:02}")),
            1 => proptest::sample::select(vec!["24:00:00", "23:60:00", "23:59:60", "7:00:00", "0 :00:00", "00:00:0", "ab:cd:ef", "00:00:00:00"]).prop_map(String::from),
        ];
        let sep = prop_oneof![8 => Just(" "), 1 => Just("  "), 1 => Just("\t")];
        let host = proptest::sample::select(vec!["LabSZ", "h", "host-1.example", "", "sshd[1]:"]);
        let tag = prop_oneof![
            6 => (0u32..100_000).prop_map(|p| format!("sshd[{p}]:")),
            1 => proptest::sample::select(vec!["sshd:", "sshd-session[7]:", "CRON[1]:", "sshdx[1]:", "sshd", "sshd-session:"]).prop_map(String::from),
        ];
        let user = prop_oneof![
            6 => "[a-z][a-z0-9_.-]{0,10}",
            1 => proptest::sample::select(vec!["", " ", "a from b", "from", "ü", "x y", "\t", "root from 1.2.3.4 port 1", "a  from  b"]).prop_map(String::from),
        ];
        let ip = prop_oneof![
            6 => (0u32..256, 0u32..256, 0u32..256, 0u32..256).prop_map(|(a, b, c, d)| format!("{a}.{b}.{c}.{d}")),
            2 => proptest::sample::select(vec!["2001:db8::1", "::1", "::ffff:1.2.3.4", "01.2.3.4", "256.1.1.1", "nowhere", "", "1.2.3.4\t", "fe80::1%eth0"]).prop_map(String::from),
        ];
        let verb = proptest::sample::select(vec![
            "Failed password",
            "Failed none",
            "Failed keyboard-interactive/pam",
            "Failed publickey",
            "Accepted password",
            "Accepted publickey",
            "Failed  password",
            "Failed",
            "Accepted",
        ]);
        let msg = prop_oneof![
            6 => (verb, proptest::bool::ANY, user, ip, 0u32..70_000, proptest::sample::select(vec!["", " ssh2", " ssh2: RSA SHA256:x", "  ssh2"]))
                .prop_map(|(v, inv, u, ip, port, end)| format!("{v} for {}{u} from {ip} port {port}{end}", if inv { "invalid user " } else { "" })),
            2 => proptest::sample::select(vec![
                "pam_unix(sshd:auth): check pass; user unknown",
                "Received disconnect from 1.2.3.4: 11: Bye Bye [preauth]",
                "Invalid user x from 1.2.3.4",
                "Connection closed by 1.2.3.4 [preauth]",
                "message repeated 3 times: [ Received disconnect]",
                "message repeated",
                "",
                "Failed",
                "Accepted for a from 1.2.3.4",
            ]).prop_map(String::from),
        ];
        let repeat = prop_oneof![
            6 => Just(String::new()),
            1 => (0u64..2000).prop_map(|n| format!("message repeated {n} times: [ ")),
            1 => proptest::sample::select(vec!["message repeated 99999999999 times: [ ", "message repeated x times: [ ", "message repeated  2 times: [ ", "message repeated 2 times:[ "]).prop_map(String::from),
        ];
        let close = prop_oneof![Just(""), Just("]")];
        let stamp = (month, sep.clone(), day, sep.clone(), time, sep.clone());
        let rest = (host, sep.clone(), tag, sep, repeat, msg, close);
        (stamp, rest).prop_map(
            |((mo, s1, d, s2, t, s3), (h, s4, tag, s5, rep, msg, close))| {
                let close = if rep.is_empty() { "" } else { close };
                format!("{mo}{s1}{d}{s2}{t}{s3}{h}{s4}{tag}{s5}{rep}{msg}{close}")
            },
        )
    }

    /// Replaces, inserts or removes one byte of `line` (or leaves it).
    fn mutate(line: &str, op: u8, at: usize, b: u8) -> Vec<u8> {
        let mut v = line.as_bytes().to_vec();
        let at = at % (v.len() + 1);
        match op % 4 {
            0 => {}
            1 if at < v.len() => v[at] = b,
            2 => v.insert(at, b),
            _ if at < v.len() => {
                v.remove(at);
            }
            _ => {}
        }
        v
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4000))]

        #[test]
        fn lines_fast_equals_reference(line in gen_line(), op in 0u8..8, at in 0usize..200, b in proptest::prelude::any::<u8>(), year in 1990i32..2040, fm in 1u32..=12) {
            let years = Years { year, first_month: fm };
            let line = mutate(&line, op, at, b);
            let want = parse_line_reference(&line, &years);
            if let Some(got) = parse_line_fast(&line, &years) {
                proptest::prop_assert_eq!(&got, &want, "{}", String::from_utf8_lossy(&line));
            }
            proptest::prop_assert_eq!(parse_line(&line, &years), want);
        }

        #[test]
        fn canonical_lines_take_the_fast_path(d in 1u32..=28, h in 0u32..24, m in 0u32..60, s in 0u32..60, pid in 1u32..99_999, user in "[a-z][a-z0-9]{0,8}", ip in (0u32..256, 0u32..256, 0u32..256, 0u32..256), ok in proptest::bool::ANY, rep in 0u32..3) {
            let verb = if ok { "Accepted publickey" } else { "Failed password" };
            let body = format!("{verb} for {user} from {}.{}.{}.{} port 22 ssh2", ip.0, ip.1, ip.2, ip.3);
            let msg = if rep > 0 && !ok { format!("message repeated {rep} times: [ {body}]") } else { body };
            let line = format!("Mar {d:2} {h:02}:{m:02}:{s:02} LabSZ sshd[{pid}]: {msg}");
            let got = parse_line_fast(line.as_bytes(), &Y);
            proptest::prop_assert!(matches!(got, Some(Ok(Some(_)))), "{}", line);
            proptest::prop_assert_eq!(got.unwrap(), parse_line_reference(line.as_bytes(), &Y));
            let noise = format!("Mar {d:2} {h:02}:{m:02}:{s:02} LabSZ sshd[{pid}]: pam_unix(sshd:auth): authentication failure; rhost={}.{}.{}.{} user={user}", ip.0, ip.1, ip.2, ip.3);
            proptest::prop_assert_eq!(parse_line_fast(noise.as_bytes(), &Y), Some(Ok(None)));
        }

        #[test]
        fn rfind_from_equals_substring_search(s in "[ frommx]{0,40}") {
            proptest::prop_assert_eq!(rfind_from(s.as_bytes()), FROM.rfind(s.as_bytes()), "{:?}", s);
        }

        #[test]
        fn find_space_equals_position(s in proptest::collection::vec(proptest::sample::select(vec![b' ', b'a', 0u8, 0x1f, 0x21, 0xa0, 0xff, 0x80]), 0..40)) {
            proptest::prop_assert_eq!(find_space(&s), s.iter().position(|&b| b == b' '), "{:?}", s);
        }

        #[test]
        fn days_equal_chrono(y in -10i32..10_010, m in 0u32..14, d in 0u32..33) {
            let want = NaiveDate::from_ymd_opt(y, m, d)
                .map(|t| t.and_hms_opt(0, 0, 0).map(|t| t.and_utc().timestamp_millis() / 86_400_000));
            if let Some(got) = super::super::time::days_from_civil(i64::from(y), i64::from(m), i64::from(d)) {
                proptest::prop_assert_eq!(Some(Some(got)), want);
            } else {
                proptest::prop_assert!(want.is_none() || !(1..=9999).contains(&y));
            }
        }
    }

    #[test]
    fn first_month_follows_the_longest_gap() {
        let mask = |ms: &[u32]| ms.iter().fold(0u16, |a, m| a | 1 << m);
        for (months, first) in [
            (&[][..], None),
            (&[7][..], Some(7)),
            (&[1, 12][..], Some(12)),
            (&[11, 12, 1, 2][..], Some(11)),
            (&[3, 4, 5][..], Some(3)),
            (&[3, 9][..], Some(3)),
            (&[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12][..], Some(1)),
            (&[2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12][..], Some(2)),
            (&[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11][..], Some(1)),
            (&[12, 2][..], Some(12)),
        ] {
            assert_eq!(first_month_of(mask(months)), first, "{months:?}");
        }
    }

    /// Pieces of syslog-like text for [`months_in_parts_equal_line_by_line`].
    const PIECES: &[&[u8]] = &[
        b"Jan",
        b"Dec",
        b"Ma",
        b"r",
        b"\n",
        b" ",
        b"\r\n",
        b"\xEF\xBB\xBF",
        b"Jun",
    ];

    proptest::proptest! {
        /// The months found do not depend on the order of the lines, and each month found is
        /// the month of a line.
        #[test]
        fn months_present_ignore_line_order(
            lines in proptest::collection::vec((0usize..13, 0u8..3), 0..40),
            rot in 0usize..40,
        ) {
            const NAMES: [&str; 13] =
                ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "xyz"];
            let text = |ls: &[(usize, u8)]| -> Vec<u8> {
                ls.iter()
                    .map(|&(m, pad)| format!("{}{} 1 00:00:00 h x\n", " ".repeat(usize::from(pad == 2)), NAMES[m]))
                    .collect::<String>()
                    .into_bytes()
            };
            let mut other = lines.clone();
            if !other.is_empty() {
                let k = rot % other.len();
                other.rotate_left(k);
                other.reverse();
            }
            let want = lines
                .iter()
                .filter(|&&(m, pad)| m < 12 && pad != 2)
                .fold(0u16, |a, &(m, _)| a | 1 << (m + 1));
            proptest::prop_assert_eq!(months_present(&text(&lines)), want);
            proptest::prop_assert_eq!(months_present(&text(&other)), want);
        }

        /// Read in parts of any size, the months are those of the lines read one by one (a
        /// part ending at a line end, a month name cut by a part's end, a byte order mark).
        #[test]
        fn months_in_parts_equal_line_by_line(
            text in proptest::collection::vec(proptest::sample::select(PIECES), 0..60),
            part in 1usize..24,
        ) {
            let data: Vec<u8> = text.concat();
            let body = data.strip_prefix(super::super::blocks::BOM).unwrap_or(&data);
            let want = body.split(|&b| b == b'\n').fold(0u16, |a, l| a | month_bit(l));
            proptest::prop_assert_eq!(months_in_parts(&data, part), want);
        }
    }

    #[test]
    fn new_year() {
        let y = Years {
            year: 2023,
            first_month: 12,
        };
        let (d, _) = parse_line(
            b"Dec 31 23:59:59 h sshd[1]: Failed password for a from 10.0.0.1 port 1 ssh2",
            &y,
        )
        .unwrap()
        .unwrap();
        let (j, _) = parse_line(
            b"Jan  1 00:00:01 h sshd[1]: Failed password for a from 10.0.0.1 port 1 ssh2",
            &y,
        )
        .unwrap()
        .unwrap();
        assert_eq!(j.ts_ms - d.ts_ms, 2000);
        assert_eq!(first_month(b"junk\nMar  1 00:00:00 x\nApr"), Some(3));
        assert_eq!(first_month(b"junk\nMar  1 00:00:00 x\nDec"), Some(12));
        assert_eq!(first_month(b"\xEF\xBB\xBFJun 1\nJul 2"), Some(6));
        assert_eq!(first_month(b"junk\n2024-01-01T00:00:00Z x"), None);
        assert_eq!(
            Years::new(Some(2020), None),
            Years {
                year: 2020,
                first_month: 1
            }
        );
    }
}
