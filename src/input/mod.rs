//! Where bytes come from and how they become events.
//!
//! # The mmap decision
//! Plain files are memory-mapped by default (memmap2): the parser reads the page cache in place
//! and the kernel reads ahead, which is the fastest path for the large files a nightly job scans.
//! The risk, as in ripgrep, is that another process truncating a file while it is mapped makes
//! the pages past the new end unreadable and the process dies with SIGBUS. Nightly jobs read
//! rotated, closed logs, so mapping is the default; `--no-mmap` reads every file as a stream
//! instead (same output, a little slower). Standard input (`-`) is always a stream.
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

pub mod csv;
pub mod jsonl;
pub mod read;
pub mod sshd;
pub mod time;

use std::borrow::Cow;
use std::fs::File;
use std::io::Read;
use std::net::IpAddr;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::event::RawEvent;

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

/// Parses an address as `IpAddr::from_str` does, with fast paths for dotted-quad IPv4 and for
/// IPv6 of hex groups (no embedded IPv4, no zone).
pub fn parse_ip(s: &str) -> Option<IpAddr> {
    let b = s.as_bytes();
    let fast = if b.contains(&b':') {
        parse_ipv6_fast(b).map(IpAddr::V6)
    } else {
        parse_ipv4_fast(b).map(IpAddr::V4)
    };
    fast.or_else(|| s.parse().ok())
}

/// IPv6 as hex groups of 1 to 4 digits with at most one `::`; `None` for anything else (an
/// embedded IPv4 address, for one). Whatever it accepts, `Ipv6Addr::from_str` accepts with
/// the same value.
fn parse_ipv6_fast(b: &[u8]) -> Option<std::net::Ipv6Addr> {
    let mut head = [0u16; 8];
    let mut tail = [0u16; 8];
    let (mut nh, mut nt) = (0usize, 0usize);
    let mut gap = false;
    let mut i = 0;
    if b.starts_with(b"::") {
        gap = true;
        i = 2;
    }
    while i < b.len() {
        let mut v = 0u16;
        let start = i;
        while let Some(d) = b.get(i).and_then(|&c| (c as char).to_digit(16)) {
            if i - start == 4 {
                return None;
            }
            v = (v << 4) | d as u16;
            i += 1;
        }
        if i == start {
            return None;
        }
        if gap {
            *tail.get_mut(nt)? = v;
            nt += 1;
        } else {
            *head.get_mut(nh)? = v;
            nh += 1;
        }
        match (b.get(i), b.get(i + 1)) {
            (None, _) => break,
            (Some(b':'), Some(b':')) if !gap => {
                gap = true;
                i += 2;
            }
            (Some(b':'), Some(_)) => i += 1,
            _ => return None,
        }
    }
    if (gap && nh + nt > 7) || (!gap && nh != 8) {
        return None;
    }
    let mut g = [0u16; 8];
    g.get_mut(..nh)?.copy_from_slice(head.get(..nh)?);
    g.get_mut(8 - nt..)?.copy_from_slice(tail.get(..nt)?);
    Some(std::net::Ipv6Addr::from(g))
}

/// Dotted-quad IPv4 without leading zeros (`10.0.0.1`); `None` for anything else. Whatever it
/// accepts, `Ipv4Addr::from_str` accepts with the same value.
fn parse_ipv4_fast(b: &[u8]) -> Option<std::net::Ipv4Addr> {
    let mut oct = [0u8; 4];
    let mut i = 0;
    for (k, o) in oct.iter_mut().enumerate() {
        if k > 0 {
            if b.get(i) != Some(&b'.') {
                return None;
            }
            i += 1;
        }
        let start = i;
        let mut v = 0u32;
        while let Some(&c) = b.get(i) {
            if !c.is_ascii_digit() || i - start == 3 {
                break;
            }
            v = v * 10 + u32::from(c - b'0');
            i += 1;
        }
        let len = i - start;
        if len == 0 || (len > 1 && b.get(start) == Some(&b'0')) || v > 255 {
            return None;
        }
        *o = v as u8;
    }
    (i == b.len()).then(|| std::net::Ipv4Addr::from(oct))
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
    /// Year of the first line of syslog files (`--year`); None: from today's date.
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

/// Lists the files to read: files as given, directories walked (sorted), `-` for stdin.
pub fn expand_paths(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<Error>) {
    let mut out = Vec::new();
    let mut errs = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" || !p.is_dir() {
            out.push(p.clone());
            continue;
        }
        let mut stack = vec![p.clone()];
        let mut found = Vec::new();
        while let Some(d) = stack.pop() {
            match std::fs::read_dir(&d) {
                Ok(rd) => {
                    for ent in rd.flatten() {
                        let path = ent.path();
                        if path.is_dir() {
                            stack.push(path);
                        } else if !path
                            .file_name()
                            .is_some_and(|n| n.to_string_lossy().starts_with('.'))
                        {
                            found.push(path);
                        }
                    }
                }
                Err(e) => errs.push(Error::io(&d, e)),
            }
        }
        found.sort();
        out.extend(found);
    }
    (out, errs)
}

/// The bytes of one input: mapped, or read as a stream.
pub enum Data {
    /// A memory-mapped file.
    Mapped(memmap2::Mmap),
    /// Bytes held in memory (an empty file, or a small one).
    Owned(Vec<u8>),
    /// A stream read block by block.
    Stream(Box<dyn Read + Send>),
}

/// One opened input.
pub struct Input {
    /// The name used in messages.
    pub path: PathBuf,
    /// Its format.
    pub format: Format,
    /// Its bytes.
    pub data: Data,
}

/// Opens one input.
pub fn open(path: &Path, opts: &InputOptions) -> Result<Input> {
    let format = opts
        .format
        .or_else(|| Format::from_path(path))
        .unwrap_or(Format::Jsonl);
    if path.as_os_str() == "-" {
        return Ok(Input {
            path: path.into(),
            format,
            data: Data::Stream(Box::new(std::io::stdin())),
        });
    }
    let mut file = File::open(path).map_err(|e| Error::io(path, e))?;
    let meta = file.metadata().map_err(|e| Error::io(path, e))?;
    if meta.is_file()
        && let Some(kind) = compression(&mut file).map_err(|e| Error::io(path, e))?
    {
        return Ok(Input {
            path: path.into(),
            format,
            data: Data::Stream(decoder(kind, file)?),
        });
    }
    let data = if opts.mmap && meta.is_file() && meta.len() > 0 {
        // SAFETY: the map is read-only; see the module docs for what truncation by another
        // process does (SIGBUS) and `--no-mmap` for the way around it.
        let m = unsafe { memmap2::Mmap::map(&file) }.map_err(|e| Error::io(path, e))?;
        #[cfg(unix)]
        let _ = m.advise(memmap2::Advice::Sequential);
        Data::Mapped(m)
    } else if meta.is_file() && meta.len() == 0 {
        Data::Owned(Vec::new())
    } else {
        Data::Stream(Box::new(file))
    };
    Ok(Input {
        path: path.into(),
        format,
        data,
    })
}

/// A compressed stream's kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Compression {
    Gzip,
    Zstd,
}

/// Sniffs a file's first bytes for a gzip or zstd magic number, then rewinds it.
fn compression(file: &mut File) -> std::io::Result<Option<Compression>> {
    use std::io::{Seek, SeekFrom};
    let mut magic = [0u8; 4];
    let mut n = 0;
    while n < magic.len() {
        match file.read(&mut magic[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    file.seek(SeekFrom::Start(0))?;
    Ok(match &magic[..n] {
        [0x1f, 0x8b, ..] => Some(Compression::Gzip),
        [0x28, 0xb5, 0x2f, 0xfd] => Some(Compression::Zstd),
        _ => None,
    })
}

/// A decompressing reader whose errors say which compression failed and that the file is
/// probably truncated or corrupt (the pipeline adds the file name).
struct Decoder {
    inner: Box<dyn Read + Send>,
    kind: Compression,
}

impl Read for Decoder {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.inner.read(buf).map_err(|e| {
            let what = match self.kind {
                Compression::Gzip => "gzip",
                Compression::Zstd => "zstd",
            };
            std::io::Error::new(
                e.kind(),
                format!("{what} stream is truncated or corrupt: {e}"),
            )
        })
    }
}

fn decoder(kind: Compression, file: File) -> Result<Box<dyn Read + Send>> {
    let buffered = std::io::BufReader::with_capacity(1 << 20, file);
    let inner: Box<dyn Read + Send> = match kind {
        Compression::Gzip => Box::new(flate2::bufread::MultiGzDecoder::new(buffered)),
        Compression::Zstd => Box::new(
            zstd::stream::read::Decoder::with_buffer(buffered)
                .map_err(|e| Error::Invalid(format!("zstd decoder: {e}")))?,
        ),
    };
    Ok(Box::new(Decoder { inner, kind }))
}

/// Finds where to end a block that should be about `target` bytes long: just after a line end
/// at or before `target` (or the first after it), never inside a quoted CSV field.
/// Returns `data.len()` when no line end qualifies.
pub fn cut_point(data: &[u8], target: usize, csv: bool) -> usize {
    if data.len() <= target {
        return data.len();
    }
    let mut cut = match memchr::memrchr(b'\n', &data[..target]) {
        Some(i) => i + 1,
        None => match memchr::memchr(b'\n', &data[target..]) {
            Some(i) => target + i + 1,
            None => return data.len(),
        },
    };
    if csv {
        let mut quotes = memchr::memchr_iter(b'"', &data[..cut]).count();
        while quotes % 2 == 1 {
            match memchr::memchr(b'\n', &data[cut..]) {
                Some(i) => {
                    quotes += memchr::memchr_iter(b'"', &data[cut..cut + i + 1]).count();
                    cut += i + 1;
                }
                None => return data.len(),
            }
        }
    }
    cut
}

/// A block of whole lines of one input.
pub struct Block<'a> {
    /// Index of the input in the run's list.
    pub file: usize,
    /// Byte offset of the block in its input.
    pub offset: u64,
    /// 1-based line number of the block's first line in its input.
    pub line: u64,
    /// The bytes.
    pub data: Cow<'a, [u8]>,
}

/// Cuts an in-memory input into blocks.
pub fn blocks_of(file: usize, bytes: &[u8], target: usize, csv: bool) -> Vec<Block<'_>> {
    blocks_iter(file, bytes, target, csv).collect()
}

/// Cuts an in-memory input into blocks as they are asked for (the reader hands the first
/// blocks to workers while it still cuts and counts the lines of the next ones).
pub fn blocks_iter(
    file: usize,
    bytes: &[u8],
    target: usize,
    csv: bool,
) -> impl Iterator<Item = Block<'_>> {
    let mut start = 0;
    let mut line = 1;
    std::iter::from_fn(move || {
        let rest = bytes.get(start..).filter(|r| !r.is_empty())?;
        let len = cut_point(rest, target.max(1), csv);
        let data = rest.get(..len)?;
        let b = Block {
            file,
            offset: start as u64,
            line,
            data: Cow::Borrowed(data),
        };
        line += memchr::memchr_iter(b'\n', data).count() as u64;
        start += len;
        Some(b)
    })
}

/// Reads a stream into blocks of whole lines, handing each to `f` as soon as it is cut.
pub fn stream_blocks(
    file: usize,
    path: &Path,
    r: &mut dyn Read,
    target: usize,
    csv: bool,
    mut f: impl FnMut(Block<'static>) -> Result<()>,
) -> Result<()> {
    let target = target.max(1);
    let mut buf: Vec<u8> = Vec::with_capacity(target * 2);
    let mut offset = 0u64;
    let mut line = 1u64;
    let mut eof = false;
    // Bytes wanted in the buffer before cutting: grows while a record is longer than a block.
    let mut want = target;
    loop {
        while !eof && buf.len() <= want {
            let old = buf.len();
            buf.resize(old + target.max(64 << 10), 0);
            let n = loop {
                match r.read(&mut buf[old..]) {
                    Ok(n) => break n,
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                    Err(e) => return Err(Error::io(path, e)),
                }
            };
            buf.truncate(old + n);
            eof = n == 0;
        }
        if buf.is_empty() {
            break;
        }
        let cut = cut_point(&buf, target, csv);
        if cut == buf.len() && !eof {
            want = buf.len() * 2; // no record end yet: read more
            continue;
        }
        want = target;
        let rest = buf.split_off(cut);
        let len = buf.len() as u64;
        let lines = memchr::memchr_iter(b'\n', &buf).count() as u64;
        f(Block {
            file,
            offset,
            line,
            data: Cow::Owned(std::mem::replace(&mut buf, rest)),
        })?;
        offset += len;
        line += lines;
    }
    Ok(())
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

/// Calls `f(line_start, line)` for every line of `data` (line end and a CR before it removed)
/// that is not blank.
fn for_lines(data: &[u8], mut f: impl FnMut(usize, &[u8])) {
    let mut start = 0usize;
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
    mut bad: impl FnMut(BadLine),
) {
    let data: &[u8] = &block.data;
    let bad_at = |start: usize, why: String| BadLine {
        file: block.file,
        byte: block.offset + start as u64,
        line: block.line
            + memchr::memchr_iter(b'\n', data.get(..start).unwrap_or_default()).count() as u64,
        why,
    };
    match header {
        Header::Jsonl => for_lines(data, |start, line| match jsonl::parse_line(line) {
            Ok(e) => ok(e),
            Err(why) => bad(bad_at(start, why)),
        }),
        Header::Sshd(years) => for_lines(data, |start, line| match sshd::parse_line(line, years) {
            Ok(Some((e, n))) => {
                for _ in 1..n {
                    ok(e.clone());
                }
                ok(e);
            }
            Ok(None) => {}
            Err(why) => bad(bad_at(start, why)),
        }),
        Header::Csv(cols) => {
            let mut rdr = ::csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .from_reader(data);
            let mut rec = ::csv::ByteRecord::new();
            let mut skip_header = block.offset == 0;
            loop {
                let pos = rdr.position().byte();
                let line = block.line + rdr.position().line().saturating_sub(1);
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
                        match csv::parse_record(&rec, cols) {
                            Ok(e) => ok(e),
                            Err(why) => bad(BadLine {
                                file: block.file,
                                byte: block.offset + pos,
                                line,
                                why,
                            }),
                        }
                    }
                    Err(e) => {
                        bad(BadLine {
                            file: block.file,
                            byte: block.offset + pos,
                            line,
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

    #[test]
    fn fast_ipv4_equals_std() {
        for s in [
            "10.0.0.1",
            "0.0.0.0",
            "255.255.255.255",
            "256.0.0.1",
            "01.2.3.4",
            "1.2.3",
            "1.2.3.4.5",
            "1.2.3.4 ",
            "1..3.4",
            "1.2.3.0004",
            "1.2.3.",
            "::1",
            "::ffff:1.2.3.4",
            "",
            "::",
            ":::",
            "1::",
            "::1:",
            "1:2:3:4:5:6:7:8",
            "1:2:3:4:5:6:7::",
            "1:2:3:4:5:6:7:8::",
            "::1:2:3:4:5:6:7:8",
            "1::2::3",
            "0001:db8::00ff",
            "12345::",
            "fe80::1%eth0",
            "2001:DB8::A",
        ] {
            assert_eq!(parse_ip(s), s.parse().ok(), "{s}");
            if let Some(v) = parse_ipv4_fast(s.as_bytes()) {
                assert_eq!(Some(IpAddr::V4(v)), s.parse().ok(), "{s}");
            }
            if let Some(v) = parse_ipv6_fast(s.as_bytes()) {
                assert_eq!(Some(IpAddr::V6(v)), s.parse().ok(), "{s}");
            }
        }
        for s in [
            "::",
            "::1",
            "1::",
            "2a02:1f2:c528:1ccc::8a49",
            "1:2:3:4:5:6:7:8",
            "1:2:3:4:5:6:7::",
            "0001:DB8::00ff",
        ] {
            assert!(parse_ipv6_fast(s.as_bytes()).is_some(), "{s}");
        }
    }

    proptest::proptest! {
        #[test]
        fn ip_parse_equals_std(s in "[0-9.:a-f]{0,18}") {
            proptest::prop_assert_eq!(parse_ip(&s), s.parse::<IpAddr>().ok());
        }

        #[test]
        fn ipv6_parse_equals_std(s in "[0-9a-fA-F:]{0,42}", t in "(:|::)?([0-9a-fA-F]{1,5}(:|::)){0,9}[0-9a-fA-F]{0,5}(::)?") {
            proptest::prop_assert_eq!(parse_ip(&s), s.parse::<IpAddr>().ok(), "{}", s);
            proptest::prop_assert_eq!(parse_ip(&t), t.parse::<IpAddr>().ok(), "{}", t);
        }

        #[test]
        fn ipv6_roundtrip(g in proptest::array::uniform8(proptest::num::u16::ANY), zeros in 0usize..8, at in 0usize..8) {
            let mut g = g;
            for x in g.iter_mut().skip(at).take(zeros) {
                *x = 0;
            }
            let a = std::net::Ipv6Addr::from(g);
            for s in [a.to_string(), g.iter().map(|x| format!("{x:x}")).collect::<Vec<_>>().join(":")] {
                proptest::prop_assert_eq!(parse_ipv6_fast(s.as_bytes()).map(IpAddr::V6).or_else(|| s.parse().ok()), Some(IpAddr::V6(a)));
                proptest::prop_assert_eq!(parse_ip(&s), s.parse::<IpAddr>().ok());
            }
        }

        #[test]
        fn dotted_quads_equal_std(a in 0u32..300, b in 0u32..300, c in 0u32..1000, d in 0u32..300, z in proptest::bool::ANY) {
            let s = if z { format!("{a}.{b:02}.{c}.{d}") } else { format!("{a}.{b}.{c}.{d}") };
            proptest::prop_assert_eq!(parse_ip(&s), s.parse::<IpAddr>().ok());
        }
    }

    #[test]
    fn cuts_at_line_ends() {
        let d = b"aaa\nbbb\nccc\n";
        assert_eq!(cut_point(d, 5, false), 4);
        assert_eq!(cut_point(d, 2, false), 4);
        assert_eq!(cut_point(d, 100, false), d.len());
        assert_eq!(cut_point(b"aaaa", 2, false), 4);
    }

    #[test]
    fn csv_cut_respects_quotes() {
        let d = b"a,\"x\ny\"\nb,c\n";
        assert_eq!(cut_point(d, 4, true), 8);
        assert_eq!(cut_point(d, 4, false), 5);
    }

    #[test]
    fn stream_blocks_equal_mapped_blocks() {
        let mut text = Vec::new();
        for i in 0..500 {
            text.extend_from_slice(format!("line {i} {}\n", "x".repeat(i % 37)).as_bytes());
        }
        text.extend_from_slice(b"tail without newline");
        for target in [1, 7, 64, 1000, 100_000] {
            let mapped: Vec<u8> = blocks_of(0, &text, target, false)
                .iter()
                .flat_map(|b| b.data.to_vec())
                .collect();
            assert_eq!(mapped, text);
            let mut got = Vec::new();
            let mut offs = Vec::new();
            stream_blocks(0, Path::new("-"), &mut &text[..], target, false, |b| {
                assert!(b.data.ends_with(b"\n") || b.offset as usize + b.data.len() == text.len());
                offs.push(b.offset);
                got.extend_from_slice(&b.data);
                Ok(())
            })
            .unwrap();
            assert_eq!(got, text, "target {target}");
        }
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
        }
    }
}
