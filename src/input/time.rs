//! Timestamps: RFC 3339 strings (any offset) and integer epoch milliseconds (SPEC 1), and, for
//! timestamp *strings* in any format (JSONL and CSV alike), the common layouts other systems
//! write ([`parse_ts_text`]): a logger that leaves out the offset is read, not rejected.

use chrono::{DateTime, NaiveDateTime};

/// Integers below this are epoch **seconds**, at or above it epoch milliseconds: 10^11 seconds is
/// the year 5138, 10^11 milliseconds is March 1973, so the two ranges of real log times do not
/// overlap.
pub const EPOCH_SECONDS_BELOW: i64 = 100_000_000_000;

/// Parses an RFC 3339 timestamp to epoch milliseconds.
pub fn parse_rfc3339_ms(s: &str) -> Option<i64> {
    if let Some(ms) = parse_canonical_ms(s.as_bytes()) {
        return Some(ms);
    }
    DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|d| d.timestamp_millis())
}

/// The fast path of [`parse_rfc3339_ms`]: only the canonical layout `YYYY-MM-DDTHH:MM:SS.mmmZ`
/// (what `fmt_ms` writes); `None` for anything else, valid or not, so the caller falls back to
/// chrono. Whatever it accepts, chrono accepts with the same value.
#[inline]
pub fn parse_canonical_ms(b: &[u8]) -> Option<i64> {
    let b: &[u8; 24] = b.try_into().ok()?;
    let (w0, rest) = b.split_first_chunk::<8>()?;
    let (w1, w2) = rest.split_first_chunk::<8>()?;
    let w2: &[u8; 8] = w2.try_into().ok()?;
    // Each 8-byte word XOR its template: digits become 0..=9, separators 0.
    let x0 = u64::from_le_bytes(*w0) ^ u64::from_le_bytes(*b"0000-00-");
    let x1 = u64::from_le_bytes(*w1) ^ u64::from_le_bytes(*b"00T00:00");
    let x2 = u64::from_le_bytes(*w2) ^ u64::from_le_bytes(*b":00.000Z");
    // 0xff in the digit bytes of each word.
    const D0: u64 = u64::from_le_bytes([0xff, 0xff, 0xff, 0xff, 0, 0xff, 0xff, 0]);
    const D1: u64 = u64::from_le_bytes([0xff, 0xff, 0, 0xff, 0xff, 0, 0xff, 0xff]);
    const D2: u64 = u64::from_le_bytes([0, 0xff, 0xff, 0, 0xff, 0xff, 0xff, 0]);
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    // A digit byte is bad if it is 10 or more (its low 7 bits + 0x76 reach 0x80, no carry
    // out of the byte) or has its high bit; a separator byte is bad if it is not 0.
    let bad = |x: u64, d: u64| ((((x & LOW7) + 0x7676_7676_7676_7676) | x) & HIGHS & d) | (x & !d);
    if bad(x0, D0) | bad(x1, D1) | bad(x2, D2) != 0 {
        return None;
    }
    // Two digits at bytes k, k+1 (tens first) as one value at byte k: every byte is at most 9,
    // so 10 * byte + next byte stays below 100 and no byte carries into the next.
    let pairs = |x: u64| x.wrapping_mul(10).wrapping_add(x >> 8);
    let byte = |x: u64, k: u32| ((x >> (8 * k)) & 0xff) as i64;
    let (p0, p1, p2) = (pairs(x0), pairs(x1), pairs(x2));
    let (y, m, d) = (byte(p0, 0) * 100 + byte(p0, 2), byte(p0, 5), byte(p1, 0));
    let (h, mi, s) = (byte(p1, 3), byte(p1, 6), byte(p2, 1));
    let ms = byte(x2, 4) * 100 + byte(p2, 5);
    // Leap seconds (60) and anything out of range are left to chrono.
    if h > 23 || mi > 59 || s > 59 {
        return None;
    }
    let days = days_from_civil(y, m, d)?;
    Some((days * 86_400 + h * 3600 + mi * 60 + s) * 1000 + ms)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm); `None` when
/// the date does not exist or the year is outside 1..=9999 (left to chrono). Equal to chrono's
/// `NaiveDate` (tested).
pub(crate) fn days_from_civil(y: i64, m: i64, d: i64) -> Option<i64> {
    let dim = match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        _ => return None,
    };
    if !(1..=9999).contains(&y) || d < 1 || d > dim {
        return None;
    }
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// The layouts [`parse_ts_text`] reads, for error messages.
pub const TS_LAYOUTS: &str = "RFC 3339, `YYYY-MM-DD HH:MM:SS[.fff]` or epoch s/ms";

/// Parses a timestamp field given as text, to epoch milliseconds. Accepted layouts:
/// - RFC 3339 with any offset (`2026-11-20T03:14:15.123Z`, a space instead of `T` too);
/// - `YYYY-MM-DD HH:MM:SS[.fff]` or `YYYY-MM-DDTHH:MM:SS[.fff]` without offset, taken as UTC;
/// - an integer: epoch milliseconds, or epoch seconds when below [`EPOCH_SECONDS_BELOW`];
/// - a decimal `SECONDS.fff`: epoch seconds with a fraction.
pub fn parse_ts_text(s: &str) -> Option<i64> {
    let t = s.trim();
    if t.is_empty() {
        return None;
    }
    if t.bytes().all(|b| b.is_ascii_digit()) {
        let n = t.parse::<i64>().ok()?;
        return if n < EPOCH_SECONDS_BELOW {
            Some(n * 1000)
        } else {
            Some(n)
        };
    }
    if let Some((secs, frac)) = t.split_once('.')
        && !secs.is_empty()
        && !frac.is_empty()
        && secs.bytes().all(|b| b.is_ascii_digit())
        && frac.bytes().all(|b| b.is_ascii_digit())
    {
        let secs = secs.parse::<i64>().ok()?;
        let ms: i64 = format!("{frac:0<3}").get(..3)?.parse().ok()?;
        return secs.checked_mul(1000)?.checked_add(ms);
    }
    if let Some(ms) = parse_rfc3339_ms(t) {
        return Some(ms);
    }
    ["%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%dT%H:%M:%S%.f"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(t, f).ok())
        .map(|d| d.and_utc().timestamp_millis())
}

/// Formats epoch milliseconds as RFC 3339 UTC with milliseconds (`2026-11-20T03:14:15.123Z`).
/// (Years 0 to 9999; anything else is written as chrono writes it.)
pub fn fmt_ms(ms: i64) -> String {
    let days = ms.div_euclid(86_400_000);
    let rem = ms.rem_euclid(86_400_000);
    let (y, m, d) = civil_from_days(days);
    if !(0..=9999).contains(&y) {
        return match DateTime::from_timestamp_millis(ms) {
            Some(d) => d.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string(),
            None => ms.to_string(),
        };
    }
    let (h, mi, s, milli) = (
        rem / 3_600_000,
        rem / 60_000 % 60,
        rem / 1000 % 60,
        rem % 1000,
    );
    format!("{y:04}-{m:02}-{d:02}T{h:02}:{mi:02}:{s:02}.{milli:03}Z")
}

/// The date of a day number since 1970-01-01 (H. Hinnant's algorithm).
pub fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fmt_matches_chrono() {
        for ms in [
            0i64,
            1,
            -1,
            951_782_400_000,
            1_795_132_800_123,
            4_102_444_799_999,
            -62_135_596_800_000,
        ] {
            let want = DateTime::from_timestamp_millis(ms)
                .unwrap()
                .format("%Y-%m-%dT%H:%M:%S%.3fZ")
                .to_string();
            assert_eq!(fmt_ms(ms), want, "{ms}");
            assert_eq!(parse_rfc3339_ms(&want), Some(ms));
        }
    }

    #[test]
    fn parses_offsets_and_epochs() {
        let z = parse_ts_text("2026-11-20T03:14:15.123Z").unwrap();
        assert_eq!(parse_ts_text("2026-11-20T04:14:15.123+01:00"), Some(z));
        assert_eq!(parse_ts_text(&z.to_string()), Some(z));
        assert_eq!(fmt_ms(z), "2026-11-20T03:14:15.123Z");
        assert_eq!(parse_ts_text("yesterday"), None);
        assert_eq!(parse_ts_text("2026-11-20 03:14:15.123"), Some(z));
        assert_eq!(parse_ts_text("2026-11-20T03:14:15.123"), Some(z));
        assert_eq!(parse_ts_text("2026-11-20 03:14:15.123Z"), Some(z));
        assert_eq!(parse_ts_text("2026-11-20 03:14:15"), Some(z - 123));
        assert_eq!(parse_ts_text(&(z / 1000).to_string()), Some(z - 123));
        assert_eq!(parse_ts_text(&format!("{}.123", z / 1000)), Some(z));
        assert_eq!(parse_ts_text(&format!("{}.1", z / 1000)), Some(z - 23));
        assert_eq!(parse_ts_text("1.2.3"), None);
        assert_eq!(parse_ts_text(""), None);
    }

    fn chrono_ms(s: &str) -> Option<i64> {
        DateTime::parse_from_rfc3339(s)
            .ok()
            .map(|d| d.timestamp_millis())
    }

    #[test]
    fn canonical_fast_path_equals_chrono() {
        for s in [
            "2026-11-20T03:14:15.123Z",
            "1970-01-01T00:00:00.000Z",
            "0000-01-01T00:00:00.000Z",
            "9999-12-31T23:59:59.999Z",
            "2024-02-29T12:00:00.001Z",
            "2023-02-29T12:00:00.001Z",
            "2026-04-31T00:00:00.000Z",
            "2026-11-20T24:00:00.000Z",
            "2026-11-20T23:60:00.000Z",
            "2026-11-20T23:59:60.000Z",
            "2026-13-20T00:00:00.000Z",
            "2026-00-20T00:00:00.000Z",
            "2026-11-00T00:00:00.000Z",
            "2026-11-20t03:14:15.123z",
            "2026-11-20T03:14:15.123+00:00",
            "2026-11-20T03:14:15Z",
            "+026-11-20T03:14:15.123Z",
        ] {
            if let Some(v) = parse_canonical_ms(s.as_bytes()) {
                assert_eq!(Some(v), chrono_ms(s), "{s}");
            }
            assert_eq!(parse_rfc3339_ms(s), chrono_ms(s), "{s}");
        }
    }

    proptest::proptest! {
        #[test]
        fn canonical_roundtrip(ms in -62_135_596_800_000i64..253_402_300_799_999i64) {
            let s = fmt_ms(ms);
            proptest::prop_assert_eq!(parse_canonical_ms(s.as_bytes()), Some(ms));
            proptest::prop_assert_eq!(chrono_ms(&s), Some(ms));
        }

        /// Canonical strings with one byte replaced by any byte: the fast path still answers
        /// only what chrono answers (every position of the 24, digits and separators).
        #[test]
        fn canonical_with_a_byte_replaced_equals_chrono(ms in -62_135_596_800_000i64..253_402_300_799_999i64, at in 0usize..24, b in proptest::num::u8::ANY) {
            let mut t = fmt_ms(ms).into_bytes();
            t[at] = b;
            let got = parse_canonical_ms(&t);
            let want = std::str::from_utf8(&t).ok().and_then(chrono_ms);
            if got.is_some() {
                proptest::prop_assert_eq!(got, want);
            }
            if b.is_ascii_digit() && ![4, 7, 10, 13, 16, 19, 23].contains(&at) {
                // Still canonical: the fast path must answer whenever chrono does (but leap
                // seconds and out-of-range fields, left to chrono).
                if want.is_some() && t.get(17..19) != Some(b"60") {
                    proptest::prop_assert_eq!(got, want);
                }
            }
        }

        #[test]
        fn canonical_shaped_strings_equal_chrono(y in 0u32..10000, mo in 0u32..14, d in 0u32..33, h in 0u32..26, mi in 0u32..62, s in 0u32..62, f in 0u32..1000) {
            let t = format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}.{f:03}Z");
            if let Some(v) = parse_canonical_ms(t.as_bytes()) {
                proptest::prop_assert_eq!(Some(v), chrono_ms(&t));
            }
            proptest::prop_assert_eq!(parse_rfc3339_ms(&t), chrono_ms(&t));
        }
    }
}
