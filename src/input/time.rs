//! Timestamps: RFC 3339 strings (any offset) and integer epoch milliseconds (SPEC 1), and for
//! CSV from other systems the common layouts of issue 5.

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
pub fn parse_canonical_ms(b: &[u8]) -> Option<i64> {
    let b: &[u8; 24] = b.try_into().ok()?;
    if b[4] != b'-'
        || b[7] != b'-'
        || b[10] != b'T'
        || b[13] != b':'
        || b[16] != b':'
        || b[19] != b'.'
        || b[23] != b'Z'
    {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        let mut v = 0i64;
        for &c in b.get(r)? {
            if !c.is_ascii_digit() {
                return None;
            }
            v = v * 10 + i64::from(c - b'0');
        }
        Some(v)
    };
    let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (h, mi, s, ms) = (num(11..13)?, num(14..16)?, num(17..19)?, num(20..23)?);
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
