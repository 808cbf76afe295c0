//! Timestamps: RFC 3339 strings (any offset) and integer epoch milliseconds (SPEC 1), and for
//! CSV from other systems the common layouts of issue 5.

use chrono::{DateTime, NaiveDateTime};

/// Integers below this are epoch **seconds**, at or above it epoch milliseconds: 10^11 seconds is
/// the year 5138, 10^11 milliseconds is March 1973, so the two ranges of real log times do not
/// overlap.
pub const EPOCH_SECONDS_BELOW: i64 = 100_000_000_000;

/// Parses an RFC 3339 timestamp to epoch milliseconds.
pub fn parse_rfc3339_ms(s: &str) -> Option<i64> {
    DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|d| d.timestamp_millis())
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
pub fn fmt_ms(ms: i64) -> String {
    match DateTime::from_timestamp_millis(ms) {
        Some(d) => d.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string(),
        None => ms.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
