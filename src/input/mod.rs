//! Where bytes come from and how they become events.
//!
//! # The mmap decision
//! Plain files are memory-mapped by default (memmap2): the parser reads the page cache in place
//! and the kernel reads ahead, which is the fastest path for the large files a nightly job scans.
//! The risk, as in ripgrep, is that another process truncating a file while it is mapped makes
//! the pages past the new end unreadable and the process dies with SIGBUS. Nightly jobs read
//! rotated, closed logs, so mapping is the default; `--no-mmap` reads every file as a stream
//! instead (same output, a little slower): there a file that ends short of the length it had
//! when opened is an input not read completely (an error, the run's exit code 1), never a short
//! night. Standard input (`-`) is always a stream.
//!
//! The maps live until the run ends: the user-agent check's second reading
//! ([`read::Inputs`]) reads through the scan's maps, so it reads the bytes the scan read even
//! when a log is rotated or replaced under the run (a new file at the old name is not read),
//! and the pages the scan mapped are not mapped again. A stream is opened again by its name
//! for the second reading, and only if the name still leads to the file first read (otherwise
//! the reading fails and the run with it: exit code 1; `--partial` keeps the lists without the
//! check); it is read as far as the scan read it, though a log still being written has grown.
//! A file truncated while mapped is the SIGBUS case above, during either reading.
//!
//! # Chunks
//! Input is cut into blocks at line ends (for CSV, at record ends: a newline inside a quoted
//! field never splits a block) and blocks are parsed in parallel. Every block remembers its file
//! and byte offset, so a bad line is reported as `file:line` exactly.
//!
//! # Compressed and rotated logs
//! A file whose first bytes are a gzip or zstd magic number is decompressed as a stream (never
//! mapped), whatever its name: `auth.log.2.gz` and `events.jsonl.zst` read like the plain files.
//! The stream is read and decompressed by the pipeline's producer thread while the worker
//! threads parse the blocks it cuts. A truncated or corrupt stream is an I/O error naming the
//! file. Rotation suffixes (`.1`, `.2.gz`, `-20240101`) are looked through when the format is
//! taken from the file name.

pub mod blocks;
pub mod csv;
pub mod ip;
pub mod jsonl;
pub mod read;
pub mod source;
pub mod sshd;
pub mod time;

pub use blocks::{Block, FirstLine, LineIndex, blocks_iter, blocks_of, cut_point, stream_blocks};
pub use ip::parse_ip;
pub use source::{Data, FileId, Input, expand_paths, open};

use std::borrow::Cow;
use std::path::Path;

use crate::event::RawEvent;
use blocks::BOM;

/// An input format (SPEC 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// One JSON object a line.
    Jsonl,
    /// CSV with a header row.
    Csv,
    /// OpenSSH syslog lines.
    Sshd,
}

impl Format {
    /// The format a file name implies (`.jsonl`, `.ndjson`, `.json`, `.csv`, `.log`), looking
    /// through compression (`.gz`, `.zst`) and rotation suffixes (`.1`, `-20240101`):
    /// `auth.log.2.gz` is sshd, `events.jsonl.1` is JSONL.
    pub fn from_path(p: &Path) -> Option<Format> {
        let full = p.file_name()?.to_string_lossy().to_ascii_lowercase();
        let mut name = full.as_str();
        loop {
            let before = name.len();
            for ext in [".gz", ".zst"] {
                name = name.strip_suffix(ext).unwrap_or(name);
            }
            if let Some(i) = name.rfind(['.', '-'])
                && i > 0
                && name.len() > i + 1
                && name
                    .as_bytes()
                    .get(i + 1..)
                    .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
            {
                name = name.get(..i).unwrap_or(name);
            }
            if name.len() == before {
                break;
            }
        }
        if name.ends_with(".jsonl") || name.ends_with(".ndjson") || name.ends_with(".json") {
            Some(Format::Jsonl)
        } else if name.ends_with(".csv") {
            Some(Format::Csv)
        } else if name.ends_with(".log") || matches!(name, "auth" | "secure") {
            Some(Format::Sshd)
        } else {
            None
        }
    }
}

/// Builds a raw event from text fields, checking each (shared by the parsers).
pub(crate) fn build_event<'a>(
    ts_ms: i64,
    user: Cow<'a, str>,
    ip: &str,
    ok: bool,
    cred: Option<&str>,
    pw: Option<&str>,
) -> std::result::Result<RawEvent<'a>, String> {
    if user.trim().is_empty() {
        return Err("user is empty".into());
    }
    let ip = parse_ip(ip.trim()).ok_or_else(|| format!("ip `{ip}` is not an IP address"))?;
    Ok(RawEvent {
        ts_ms,
        user,
        ip,
        ok,
        cred: jsonl::parse_fp("cred", cred)?,
        pw: jsonl::parse_fp("pw", pw)?,
    })
}

/// Options for reading inputs.
#[derive(Debug, Clone)]
pub struct InputOptions {
    /// Forced format; otherwise from each file name, defaulting to JSONL.
    pub format: Option<Format>,
    /// Memory-map plain files.
    pub mmap: bool,
    /// Target block size in bytes.
    pub block_size: usize,
    /// Year of each syslog file's first month (`--year`); None: from today's date.
    pub year: Option<i32>,
    /// CSV column names (`--columns`); None: SPEC names, else the RBA preset.
    pub columns: Option<csv::ColumnMap>,
}

impl Default for InputOptions {
    fn default() -> Self {
        InputOptions {
            format: None,
            mmap: true,
            block_size: 4 << 20,
            year: None,
            columns: None,
        }
    }
}

/// A line that could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct BadLine {
    /// Input index.
    pub file: usize,
    /// Byte offset of the line start in its input.
    pub byte: u64,
    /// 1-based line number in its input.
    pub line: u64,
    /// Why.
    pub why: String,
}

/// What parsing the blocks of one file needs to know from the file's beginning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Header {
    /// JSON Lines: nothing.
    Jsonl,
    /// CSV: the column map read from the header row.
    Csv(csv::Columns),
    /// sshd: how syslog timestamps get their year.
    Sshd(sshd::Years),
}

impl Header {
    /// The format of the file.
    pub fn format(&self) -> Format {
        match self {
            Header::Jsonl => Format::Jsonl,
            Header::Csv(_) => Format::Csv,
            Header::Sshd(_) => Format::Sshd,
        }
    }
}

/// Reads what a file of `format` needs from its beginning (`first`: the whole file when it is
/// in memory, else its first block).
pub fn header(
    format: Format,
    first: &[u8],
    opts: &InputOptions,
) -> std::result::Result<Header, String> {
    match format {
        Format::Jsonl => Ok(Header::Jsonl),
        Format::Csv => csv_header_with(first, opts.columns.as_ref()).map(Header::Csv),
        Format::Sshd => Ok(Header::Sshd(sshd::Years::new(
            opts.year,
            sshd::first_month(first),
        ))),
    }
}

/// Where the first line of a block starts: after a byte order mark when the block is the
/// start of its input.
fn first_line_start(block: &Block<'_>) -> usize {
    if block.offset == 0 && block.data.starts_with(BOM) {
        BOM.len()
    } else {
        0
    }
}

/// Calls `f(line_start, line)` for every line of `data` from byte `start` on (line end and a
/// CR before it removed) that is not blank.
fn for_lines(data: &[u8], mut start: usize, mut f: impl FnMut(usize, &[u8])) {
    while start < data.len() {
        let end = memchr::memchr(b'\n', data.get(start..).unwrap_or_default())
            .map_or(data.len(), |i| start + i);
        let mut line = data.get(start..end).unwrap_or_default();
        if let [rest @ .., b'\r'] = line {
            line = rest;
        }
        if !line.iter().all(u8::is_ascii_whitespace) {
            f(start, line);
        }
        start = end + 1;
    }
}

/// Calls `ok` for every event of a block and `bad` for every unparsable line; blank lines, a
/// CSV file's header and sshd lines that are not login attempts are neither. `header` is what
/// the block's file needs (see [`header`]).
pub fn parse_block(
    block: &Block<'_>,
    header: &Header,
    mut ok: impl FnMut(RawEvent<'_>),
    bad: impl FnMut(BadLine),
) {
    parse_block_agents(block, header, |e, _| ok(e), bad);
}

/// Where an event's user agent can be read, on demand ([`Agent::text`]): most events' agents
/// are never asked for, so the parsers only point at them.
#[derive(Debug, Clone, Copy)]
pub enum Agent<'a> {
    /// In a JSONL line's `ua` field.
    Json(&'a [u8]),
    /// Already read (a JSONL line the fast path took): the non-blank agent, or none.
    Text(Option<&'a str>),
    /// In a CSV record's `ua` column (None: the file has none).
    Field(Option<&'a [u8]>),
    /// The format carries none (sshd).
    None,
}

impl<'a> Agent<'a> {
    /// The user agent, when the event has a non-blank one.
    pub fn text(&self) -> Option<Cow<'a, str>> {
        match *self {
            Agent::Json(line) => jsonl::agent(line),
            Agent::Text(ua) => ua.map(Cow::Borrowed),
            Agent::Field(Some(b)) => std::str::from_utf8(b)
                .ok()
                .filter(|s| !s.trim().is_empty())
                .map(Cow::Borrowed),
            Agent::Field(None) | Agent::None => None,
        }
    }

    /// The user agent's key ([`crate::event::agent_key`]; 0 when it has none).
    pub fn key(&self) -> u32 {
        self.text().map_or(0, |ua| crate::event::agent_key(&ua))
    }
}

/// [`parse_block_agents`] for the events whose address `keep` accepts, and, when `traced` is
/// given, those whose user agent's key ([`Agent::key`]) it accepts wherever they are: a JSONL
/// line whose `ip` field plainly names another address (and, if agents are traced, whose agent
/// is not traced) is passed over unparsed ([`jsonl::ip_field`]). Bad lines are passed over too
/// (the scan reported them).
pub fn parse_block_agents_at(
    block: &Block<'_>,
    header: &Header,
    keep: impl Fn(std::net::IpAddr) -> bool,
    traced: Option<&dyn Fn(u32) -> bool>,
    mut ok: impl FnMut(RawEvent<'_>, Agent<'_>),
) {
    let traced_agent = |a: &Agent<'_>| traced.is_some_and(|t| t(a.key()));
    match header {
        Header::Jsonl => for_lines(&block.data, first_line_start(block), |_, line| {
            let agent = Agent::Json(line);
            if jsonl::ip_field(line).is_some_and(|ip| !keep(ip)) && !traced_agent(&agent) {
                return;
            }
            if let Ok((e, _)) = jsonl::parse_line(line).and_then(|e| in_range((e, ())))
                && (keep(e.ip) || traced_agent(&agent))
            {
                ok(e, agent);
            }
        }),
        _ => parse_block_agents(
            block,
            header,
            |e, a| {
                if keep(e.ip) || traced_agent(&a) {
                    ok(e, a);
                }
            },
            |_| {},
        ),
    }
}

/// An event with what came with it, or why it is a bad line: its time is outside the range
/// the windows keep ([`crate::event::TIME_MIN`]..=[`crate::event::TIME_MAX`]). Such a time is
/// a broken clock or a misread field, and the rules would read it as a burst at the range's
/// bound: a bad line, counted against `--max-bad-ratio`, instead.
fn in_range<'a, T>((e, with): (RawEvent<'a>, T)) -> std::result::Result<(RawEvent<'a>, T), String> {
    if crate::event::time_in_range(e.ts_ms) {
        Ok((e, with))
    } else {
        Err(crate::event::TIME_RANGE_WHY.to_string())
    }
}

/// [`parse_block`], handing each event with where its user agent is ([`Agent`]).
pub fn parse_block_agents(
    block: &Block<'_>,
    header: &Header,
    mut ok: impl FnMut(RawEvent<'_>, Agent<'_>),
    mut bad: impl FnMut(BadLine),
) {
    let data: &[u8] = &block.data;
    let bad_at = |start: usize, why: String| BadLine {
        file: block.file,
        byte: block.offset + start as u64,
        line: block.line_at(start),
        why,
    };
    match header {
        Header::Jsonl => {
            for_lines(
                data,
                first_line_start(block),
                |start, line| match jsonl::parse_line_agent(line).and_then(in_range) {
                    Ok((e, agent)) => ok(e, agent),
                    Err(why) => bad(bad_at(start, why)),
                },
            )
        }
        Header::Sshd(years) => {
            for_lines(
                data,
                first_line_start(block),
                |start, line| match sshd::parse_line(line, years)
                    .and_then(|p| p.map(in_range).transpose())
                {
                    Ok(Some((e, n))) => {
                        for _ in 1..n {
                            ok(e.clone(), Agent::None);
                        }
                        ok(e, Agent::None);
                    }
                    Ok(None) => {}
                    Err(why) => bad(bad_at(start, why)),
                },
            )
        }
        Header::Csv(cols) => {
            let mut rdr = ::csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .from_reader(data);
            let mut rec = ::csv::ByteRecord::new();
            let mut skip_header = block.offset == 0;
            loop {
                let pos = rdr.position().byte();
                // The line a bad record starts on, counted only for a bad record: the line ends
                // before its first byte that is not a line end (after a CRLF record the reader
                // stands between the `\r` and the `\n`, and its own line count is one short
                // for every such record).
                let line = || {
                    let at = data
                        .get(pos as usize..)
                        .and_then(|r| r.iter().position(|&b| b != b'\n' && b != b'\r'))
                        .map_or(data.len(), |i| pos as usize + i);
                    block.line_at(at)
                };
                match rdr.read_byte_record(&mut rec) {
                    Ok(false) => break,
                    Ok(true) => {
                        if std::mem::take(&mut skip_header) {
                            continue;
                        }
                        if rec.len() == 1
                            && rec
                                .get(0)
                                .is_some_and(|f| f.iter().all(u8::is_ascii_whitespace))
                        {
                            continue;
                        }
                        let agent = Agent::Field(cols.ua.and_then(|i| rec.get(i)));
                        match csv::parse_record(&rec, cols).and_then(|e| in_range((e, agent))) {
                            Ok((e, agent)) => ok(e, agent),
                            Err(why) => bad(BadLine {
                                file: block.file,
                                byte: block.offset + pos,
                                line: line(),
                                why,
                            }),
                        }
                    }
                    Err(e) => {
                        bad(BadLine {
                            file: block.file,
                            byte: block.offset + pos,
                            line: line(),
                            why: format!("invalid CSV: {e}"),
                        });
                        // The csv reader resynchronises at the next record by itself.
                        skip_header = false;
                    }
                }
            }
        }
    }
}

/// Reads the CSV header at the start of `data` (the first record) by the SPEC names or the RBA
/// preset.
pub fn csv_header(data: &[u8]) -> std::result::Result<csv::Columns, String> {
    csv_header_with(data, None)
}

/// Reads the CSV header at the start of `data` with a column map (None: as [`csv_header`]).
pub fn csv_header_with(
    data: &[u8],
    map: Option<&csv::ColumnMap>,
) -> std::result::Result<csv::Columns, String> {
    let mut rdr = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(data);
    let mut rec = ::csv::ByteRecord::new();
    match rdr.read_byte_record(&mut rec) {
        Ok(true) => match map {
            Some(m) => csv::Columns::with_map(&rec, m),
            None => csv::Columns::from_header(&rec),
        },
        Ok(false) => Err("empty CSV file: no header".into()),
        Err(e) => Err(format!("invalid CSV header: {e}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The filtered reader gives exactly the events (with their agents) of the plain reader
    /// whose address it keeps (and, with an agent traced, that agent's everywhere), on the
    /// committed sample and on lines whose `ip` is not plain.
    #[test]
    fn filtered_agents_equal_the_plain_reader() {
        let dir =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("datasets/realistic-day-small");
        let mut text = std::fs::read(dir.join("events.jsonl")).unwrap_or_default();
        text.extend_from_slice(
            b"{\"ts\":1,\"user\":\"x\",\"\\u0069p\":\"10.0.0.3\",\"ok\":true,\"ua\":\"u\"}\n\
              {\"ts\":2,\"ip\":\"10.0.0.3\",\"user\":\"y\",\"ok\":false,\"ua\":\"v\\/1\"}\n\
              {\"ts\":3,\"ip\":\"10.0.0.4\",\"user\":\"z\",\"ok\":true,\"ua\":\"v\\/1\"}\n",
        );
        assert!(text.len() > 100_000);
        let keep = |ip: std::net::IpAddr| match ip {
            std::net::IpAddr::V4(v4) => v4.octets()[3] % 3 == 0,
            std::net::IpAddr::V6(v6) => v6.segments()[7] % 3 == 0,
        };
        type Seen = Vec<(i64, String, std::net::IpAddr, bool, Option<String>)>;
        let seen = |e: &RawEvent<'_>, a: &Agent<'_>| {
            let ua = a.text().map(String::from);
            (e.ts_ms, e.user.to_string(), e.ip, e.ok, ua)
        };
        // With an agent traced, its events are kept at every address too.
        let v1 = crate::event::agent_key("v/1");
        let is_v1 = |k: u32| k == v1;
        let (mut plain, mut filtered): (Seen, Seen) = (Vec::new(), Vec::new());
        let (mut plain_traced, mut traced): (Seen, Seen) = (Vec::new(), Vec::new());
        for b in blocks_of(0, &text, 64 << 10, false) {
            parse_block_agents(
                &b,
                &Header::Jsonl,
                |e, a| {
                    if keep(e.ip) {
                        plain.push(seen(&e, &a));
                    }
                    if keep(e.ip) || a.key() == v1 {
                        plain_traced.push(seen(&e, &a));
                    }
                },
                |_| {},
            );
            parse_block_agents_at(&b, &Header::Jsonl, keep, None, |e, a| {
                filtered.push(seen(&e, &a))
            });
            parse_block_agents_at(&b, &Header::Jsonl, keep, Some(&is_v1), |e, a| {
                traced.push(seen(&e, &a))
            });
        }
        assert!(plain.len() > 1000, "{}", plain.len());
        assert!(plain.iter().any(|p| p.4.as_deref() == Some("v/1")));
        assert_eq!(plain, filtered);
        assert!(plain_traced.len() > plain.len());
        assert_eq!(plain_traced, traced);
    }

    #[test]
    fn bad_lines_have_exact_positions() {
        let text =
            b"{\"ts\":1,\"user\":\"a\",\"ip\":\"10.0.0.1\",\"ok\":true}\n\nbroken\n{\"x\":1}\n";
        for target in [1, 10, 1000] {
            let mut bad = Vec::new();
            let mut n = 0;
            for b in blocks_of(0, text, target, false) {
                parse_block(
                    &b,
                    &Header::Jsonl,
                    |_| n += 1,
                    |l| bad.push((l.line, l.byte)),
                );
            }
            assert_eq!(n, 1);
            assert_eq!(bad, vec![(3, 47), (4, 54)], "target {target}");
            // The same with lines numbered only when a bad line asks (in-memory inputs).
            let index = LineIndex::default();
            let mut lazy = Vec::new();
            for b in blocks_iter(0, text, target, false, &index) {
                parse_block(&b, &Header::Jsonl, |_| {}, |l| lazy.push((l.line, l.byte)));
            }
            assert_eq!(lazy, bad, "target {target}");
        }
    }

    #[test]
    fn a_byte_order_mark_starts_only_the_input_not_its_first_line() {
        let line = "{\"ts\":1,\"user\":\"a\",\"ip\":\"10.0.0.1\",\"ok\":true}\n";
        let text = format!("\u{feff}{line}{line}\u{feff}{line}");
        for target in [1, 10, 1000] {
            let (mut n, mut bad) = (0, Vec::new());
            for b in blocks_of(0, text.as_bytes(), target, false) {
                parse_block(&b, &Header::Jsonl, |_| n += 1, |l| bad.push(l.line));
            }
            // A mark inside the input is no mark but a bad line.
            assert_eq!((n, bad), (2, vec![3]), "target {target}");
        }
    }

    #[test]
    fn csv_bad_records_have_the_same_lines_lazy_counted_and_streamed() {
        // A quoted field spanning lines, then bad records after it; the second text has a blank
        // line before a bad record (the CSV reader then reports the record from the blank line
        // on, whichever way lines are numbered).
        let texts: [(&[u8], _); 2] = [
            (
                b"ts,user,ip,ok\n1,\"a\nb\",10.0.0.1,true\n2,c,10.0.0.2,true\n3,d,nope,true\n4,e,10.0.0.3,maybe\n",
                Some(vec![(5, 54), (6, 68)]),
            ),
            (
                b"ts,user,ip,ok\n1,\"a\nb\",10.0.0.1,true\n3,d,nope,true\n\n4,e,10.0.0.3,maybe\n5,f,10.0.0.4,false\n",
                None,
            ),
        ];
        for (text, want) in texts {
            let header = Header::Csv(csv_header(text).expect("header"));
            for target in [1, 16, 40, 1000] {
                let mut counted = Vec::new();
                for b in blocks_of(0, text, target, true) {
                    parse_block(&b, &header, |_| {}, |l| counted.push((l.line, l.byte)));
                }
                let index = LineIndex::default();
                let mut lazy = Vec::new();
                for b in blocks_iter(0, text, target, true, &index) {
                    parse_block(&b, &header, |_| {}, |l| lazy.push((l.line, l.byte)));
                }
                let mut streamed = Vec::new();
                stream_blocks(0, Path::new("-"), &mut &text[..], target, true, |b| {
                    parse_block(&b, &header, |_| {}, |l| streamed.push((l.line, l.byte)));
                    Ok(())
                })
                .expect("in-memory stream");
                if let Some(w) = &want {
                    assert_eq!(&counted, w, "target {target}");
                }
                assert_eq!(counted.len(), 2, "target {target}");
                assert_eq!(lazy, counted, "target {target}");
                assert_eq!(streamed, counted, "target {target}");
            }
        }
    }
}
