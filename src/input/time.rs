//! Timestamps: RFC 3339 strings (any offset) and integer epoch milliseconds (SPEC 1).

use chrono::DateTime;

/// Parses an RFC 3339 timestamp to epoch milliseconds.
pub fn parse_rfc3339_ms(s: &str) -> Option<i64> {
    DateTime::parse_from_rfc3339(s).ok().map(|d| d.timestamp_millis())
}

/// Parses a timestamp field given as text: RFC 3339, or an integer of epoch milliseconds.
pub fn parse_ts_text(s: &str) -> Option<i64> {
    let t = s.trim();
    if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) {
        return t.parse::<i64>().ok();
    }
    parse_rfc3339_ms(t)
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
        assert_eq!(parse_ts_text(""), None);
    }
}
