//! CSV events (SPEC 1): RFC 4180 with a header row naming the fields, in any order.
//!
//! CSV from other systems names its columns its own way: a [`ColumnMap`] (`--columns
//! ts=...,user=...,ip=...,ok=...`) says which header holds which field, and the preset
//! [`ColumnMap::rba`] reads the public RBA data set (Wiefling et al., "Login Timestamp",
//! "User ID", "IP Address", "Login Successful"), which is also recognised without `--columns`
//! when a header lacks the SPEC names but has the RBA ones.

use std::borrow::Cow;

use super::time::{TS_LAYOUTS, parse_ts_text};
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
    /// `ua` (user agent) column, if any.
    pub ua: Option<usize>,
}

/// Which header name holds each field (matched case-insensitively, surrounding spaces ignored).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnMap {
    /// Header of the time.
    pub ts: String,
    /// Header of the account.
    pub user: String,
    /// Header of the address.
    pub ip: String,
    /// Header of the outcome.
    pub ok: String,
    /// Header of the pair fingerprint, if any.
    pub cred: Option<String>,
    /// Header of the password fingerprint, if any.
    pub pw: Option<String>,
    /// Header of the user agent, if any.
    pub ua: Option<String>,
}

impl Default for ColumnMap {
    /// The SPEC names: `ts`, `user`, `ip`, `ok`, `cred`, `pw`, and `ua` for the user agent.
    fn default() -> Self {
        ColumnMap {
            ts: "ts".into(),
            user: "user".into(),
            ip: "ip".into(),
            ok: "ok".into(),
            cred: Some("cred".into()),
            pw: Some("pw".into()),
            ua: Some("ua".into()),
        }
    }
}

impl ColumnMap {
    /// The preset for the public RBA login data set (no fingerprints).
    pub fn rba() -> Self {
        ColumnMap {
            ts: "Login Timestamp".into(),
            user: "User ID".into(),
            ip: "IP Address".into(),
            ok: "Login Successful".into(),
            cred: None,
            pw: None,
            ua: Some("User Agent String".into()),
        }
    }

    /// Parses `--columns`: a preset name (`rba`, `spec`) or `field=Header,...` where field is
    /// one of `ts`, `user`, `ip`, `ok`, `cred`, `pw`, `ua`. Fields not given keep their SPEC
    /// names (`cred`, `pw` and `ua` stay optional).
    pub fn parse(spec: &str) -> Result<ColumnMap, String> {
        match spec.trim() {
            t if t.eq_ignore_ascii_case("rba") => return Ok(ColumnMap::rba()),
            t if t.eq_ignore_ascii_case("spec") => return Ok(ColumnMap::default()),
            _ => {}
        }
        let mut m = ColumnMap::default();
        for part in spec.split(',').filter(|p| !p.trim().is_empty()) {
            let (field, header) = part
                .split_once('=')
                .ok_or_else(|| format!("`{part}` is not FIELD=HEADER (or a preset: rba)"))?;
            let header = header.trim().to_string();
            if header.is_empty() {
                return Err(format!("`{part}`: empty header name"));
            }
            match field.trim() {
                "ts" => m.ts = header,
                "user" => m.user = header,
                "ip" => m.ip = header,
                "ok" => m.ok = header,
                "cred" => m.cred = Some(header),
                "pw" => m.pw = Some(header),
                "ua" => m.ua = Some(header),
                f => {
                    return Err(format!(
                        "unknown field `{f}` (ts, user, ip, ok, cred, pw, ua)"
                    ));
                }
            }
        }
        Ok(m)
    }
}

impl Columns {
    /// Maps a header record by the SPEC names, or else by the RBA preset when the header has
    /// its columns; missing required fields are an error naming them.
    pub fn from_header(header: &csv::ByteRecord) -> Result<Columns, String> {
        Columns::with_map(header, &ColumnMap::default())
            .or_else(|e| Columns::with_map(header, &ColumnMap::rba()).map_err(|_| e))
    }

    /// Maps a header record by the names of `map`; missing required fields are an error naming
    /// them.
    pub fn with_map(header: &csv::ByteRecord, map: &ColumnMap) -> Result<Columns, String> {
        let find = |name: &str| {
            header.iter().position(|h| {
                let h = String::from_utf8_lossy(h);
                h.trim()
                    .trim_start_matches('\u{feff}')
                    .trim()
                    .eq_ignore_ascii_case(name.trim())
            })
        };
        let req =
            |name: &str| find(name).ok_or_else(|| format!("CSV header has no `{name}` column"));
        Ok(Columns {
            ts: req(&map.ts)?,
            user: req(&map.user)?,
            ip: req(&map.ip)?,
            ok: req(&map.ok)?,
            cred: map.cred.as_deref().and_then(find),
            pw: map.pw.as_deref().and_then(find),
            ua: map.ua.as_deref().and_then(find),
        })
    }
}

/// Parses the `ok` field: `true`/`false`, `yes`/`no`, `1`/`0`, `t`/`f`, `y`/`n`
/// (case-insensitive).
pub fn parse_ok(s: &str) -> Option<bool> {
    const YES: [&str; 5] = ["1", "true", "yes", "t", "y"];
    const NO: [&str; 5] = ["0", "false", "no", "f", "n"];
    let t = s.trim();
    if YES.iter().any(|y| t.eq_ignore_ascii_case(y)) {
        Some(true)
    } else if NO.iter().any(|n| t.eq_ignore_ascii_case(n)) {
        Some(false)
    } else {
        None
    }
}

/// Parses one CSV record into a borrowed event.
pub fn parse_record<'r>(rec: &'r csv::ByteRecord, cols: &Columns) -> Result<RawEvent<'r>, String> {
    let field = |i: usize, name: &str| -> Result<&'r str, String> {
        let b = rec
            .get(i)
            .ok_or_else(|| format!("record has no `{name}` field"))?;
        std::str::from_utf8(b).map_err(|_| format!("`{name}` is not UTF-8"))
    };
    let ts_s = field(cols.ts, "ts")?;
    let ts = parse_ts_text(ts_s).ok_or_else(|| format!("ts `{ts_s}` is not {TS_LAYOUTS}"))?;
    let ok_s = field(cols.ok, "ok")?;
    let ok =
        parse_ok(ok_s).ok_or_else(|| format!("ok `{ok_s}` is not true/false, yes/no or 1/0"))?;
    let opt = |c: Option<usize>, name: &str| -> Result<Option<&'r str>, String> {
        match c {
            None => Ok(None),
            Some(i) => match rec.get(i) {
                None => Ok(None),
                Some(b) => std::str::from_utf8(b)
                    .map(Some)
                    .map_err(|_| format!("`{name}` is not UTF-8")),
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
        let mut r = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(s.as_bytes());
        let mut b = csv::ByteRecord::new();
        r.read_byte_record(&mut b).unwrap();
        b
    }

    #[test]
    fn header_any_order() {
        let c = Columns::from_header(&rec("ok,ip,extra,user,ts,pw")).unwrap();
        assert_eq!(
            (c.ts, c.user, c.ip, c.ok, c.cred, c.pw),
            (4, 3, 1, 0, None, Some(5))
        );
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

    #[test]
    fn maps_and_presets() {
        let h = rec(
            "index,Login Timestamp,User ID,Round-Trip Time [ms],IP Address,Country,Login Successful,Is Attack IP",
        );
        let c = Columns::from_header(&h).unwrap();
        assert_eq!(
            (c.ts, c.user, c.ip, c.ok, c.cred, c.pw),
            (1, 2, 4, 6, None, None)
        );
        assert_eq!(
            Columns::with_map(&h, &ColumnMap::parse("rba").unwrap()).unwrap(),
            c
        );
        let m = ColumnMap::parse("ts=time, user=login,ip=addr,ok=success").unwrap();
        let c = Columns::with_map(&rec("addr,login,success,time"), &m).unwrap();
        assert_eq!((c.ts, c.user, c.ip, c.ok), (3, 1, 0, 2));
        assert!(
            parse_record(&rec("10.0.0.1,bob,yes,2026-11-20 03:14:15.123"), &c)
                .unwrap()
                .ok
        );
        assert!(
            Columns::with_map(&rec("a,b"), &m)
                .unwrap_err()
                .contains("`time`")
        );
        assert!(
            Columns::from_header(&rec("a,b"))
                .unwrap_err()
                .contains("`ts`")
        );
        assert!(ColumnMap::parse("when=x").is_err());
        assert!(ColumnMap::parse("ts").is_err());
        for (s, v) in [("No", false), ("YES", true), ("f", false), ("True", true)] {
            assert_eq!(parse_ok(s), Some(v));
        }
        assert_eq!(parse_ok("maybe"), None);
    }
}
