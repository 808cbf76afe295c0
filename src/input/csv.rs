//! CSV events (SPEC 1): RFC 4180 with a header row naming the fields, in any order.

use std::borrow::Cow;

use super::time::parse_ts_text;
use crate::event::RawEvent;

/// Which column holds each field.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Columns {
    /// `ts` column.
    pub ts: usize,
    /// `user` column.
    pub user: usize,
    /// `ip` column.
    pub ip: usize,
    /// `ok` column.
    pub ok: usize,
    /// `cred` column, if any.
    pub cred: Option<usize>,
    /// `pw` column, if any.
    pub pw: Option<usize>,
}

impl Columns {
    /// Maps a header record; missing required fields are an error naming them.
    pub fn from_header(header: &csv::ByteRecord) -> Result<Columns, String> {
        let find = |name: &str| {
            header.iter().position(|h| {
                let h = String::from_utf8_lossy(h);
                h.trim().trim_start_matches('\u{feff}').eq_ignore_ascii_case(name)
            })
        };
        let req = |name: &str| find(name).ok_or_else(|| format!("CSV header has no `{name}` column"));
        Ok(Columns {
            ts: req("ts")?,
            user: req("user")?,
            ip: req("ip")?,
            ok: req("ok")?,
            cred: find("cred"),
            pw: find("pw"),
        })
    }
}

/// Parses the `ok` field: `true`/`false`, `1`/`0` (case-insensitive).
pub fn parse_ok(s: &str) -> Option<bool> {
    match s.trim() {
        "1" => Some(true),
        "0" => Some(false),
        t if t.eq_ignore_ascii_case("true") => Some(true),
        t if t.eq_ignore_ascii_case("false") => Some(false),
        _ => None,
    }
}

/// Parses one CSV record into a borrowed event.
pub fn parse_record<'r>(rec: &'r csv::ByteRecord, cols: &Columns) -> Result<RawEvent<'r>, String> {
    let field = |i: usize, name: &str| -> Result<&'r str, String> {
        let b = rec.get(i).ok_or_else(|| format!("record has no `{name}` field"))?;
        std::str::from_utf8(b).map_err(|_| format!("`{name}` is not UTF-8"))
    };
    let ts_s = field(cols.ts, "ts")?;
    let ts = parse_ts_text(ts_s).ok_or_else(|| format!("ts `{ts_s}` is not RFC 3339 or epoch ms"))?;
    let ok_s = field(cols.ok, "ok")?;
    let ok = parse_ok(ok_s).ok_or_else(|| format!("ok `{ok_s}` is not true/false/1/0"))?;
    let opt = |c: Option<usize>, name: &str| -> Result<Option<&'r str>, String> {
        match c {
            None => Ok(None),
            Some(i) => match rec.get(i) {
                None => Ok(None),
                Some(b) => std::str::from_utf8(b).map(Some).map_err(|_| format!("`{name}` is not UTF-8")),
            },
        }
    };
    super::build_event(
        ts,
        Cow::Borrowed(field(cols.user, "user")?),
        field(cols.ip, "ip")?,
        ok,
        opt(cols.cred, "cred")?,
        opt(cols.pw, "pw")?,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(s: &str) -> csv::ByteRecord {
        let mut r = csv::ReaderBuilder::new().has_headers(false).from_reader(s.as_bytes());
        let mut b = csv::ByteRecord::new();
        r.read_byte_record(&mut b).unwrap();
        b
    }

    #[test]
    fn header_any_order() {
        let c = Columns::from_header(&rec("ok,ip,extra,user,ts,pw")).unwrap();
        assert_eq!((c.ts, c.user, c.ip, c.ok, c.cred, c.pw), (4, 3, 1, 0, None, Some(5)));
        assert!(Columns::from_header(&rec("ts,user,ip")).is_err());
    }

    #[test]
    fn parses_record() {
        let c = Columns::from_header(&rec("ts,user,ip,ok,cred")).unwrap();
        let r = rec("2026-11-20T00:00:00Z,\"Bob, Jr\",10.0.0.1,1,b91a880d37beded5");
        let e = parse_record(&r, &c).unwrap();
        assert_eq!(e.user, "Bob, Jr");
        assert!(e.ok);
        assert_eq!(e.cred, Some(0xb91a880d37beded5));
        assert!(parse_record(&rec("x,b,10.0.0.1,1,"), &c).is_err());
        assert!(parse_record(&rec("1,b,10.0.0.1,maybe,"), &c).is_err());
        assert!(parse_record(&rec("1,b"), &c).is_err());
    }
}
