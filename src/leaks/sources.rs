//! Parsers for the leak sources of SPEC 3: combo lists, Pwned Passwords, password lists.
//!
//! Line rules, shared by the simple reference path ([`ExactSet::from_sources`]) and the
//! parallel one ([`fingerprint_sources`]) so that both see exactly the same entries:
//! - lines end at `\n`; one trailing `\r` is removed; a UTF-8 byte order mark at the start of
//!   a file is skipped; a last line without `\n` still counts;
//! - a line that is empty or only ASCII white space is blank and skipped;
//! - combo `user:password`: split at the **first** `:` (passwords may contain `:`); the user
//!   must be UTF-8 and non-empty once normalised; the password is bytes (any encoding) and
//!   non-empty. One combo line yields a `cred` **and** a `pw` fingerprint;
//! - Pwned Passwords `SHA1HEX:COUNT` (40 hex digits, either case; the count, if present, decimal);
//! - password list: the whole line (after `\r` removal) is the password, as bytes;
//! - a line longer than [`MAX_LINE`] bytes is malformed.
//!
//! Malformed lines are counted and the first [`MAX_REPORTED_BAD`] kept as `file:line: why`.
//! Reports never contain the line itself: it may hold a password.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::fingerprint::{Fingerprinter, Fp, normalize_user};
use crate::leaks::ExactSet;

/// How many malformed lines are kept for the report (all are counted).
pub const MAX_REPORTED_BAD: usize = 5;

/// The longest line accepted, in bytes; longer lines are malformed.
pub const MAX_LINE: usize = 1 << 20;

/// The default limit on the share of malformed lines among a source file's non-blank lines
/// (`leaks build --max-bad-ratio`): lenient, since real dumps are messy.
pub const DEFAULT_MAX_BAD_RATIO: f64 = 0.5;

/// Bytes read per block by the parallel path (plus the unfinished line carried over).
const BLOCK: usize = 8 << 20;

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The kind of a leak source (SPEC 3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceKind {
    /// `user:password` a line.
    Combos,
    /// One plaintext password a line.
    Passwords,
    /// Pwned Passwords: `SHA1HEX:COUNT` a line.
    Hibp,
}

impl SourceKind {
    /// The command-line name of the kind (`combos`, `passwords`, `hibp`).
    pub fn name(self) -> &'static str {
        match self {
            SourceKind::Combos => "combos",
            SourceKind::Passwords => "passwords",
            SourceKind::Hibp => "hibp",
        }
    }
}

/// One source file and its kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// What the file holds.
    pub kind: SourceKind,
    /// Where it is.
    pub path: PathBuf,
}

/// The sources of a build, in the order combos, passwords, Pwned Passwords.
pub fn sources_of(combos: &[PathBuf], passwords: &[PathBuf], hibp: &[PathBuf]) -> Vec<Source> {
    let tag = |kind: SourceKind, v: &[PathBuf]| {
        v.iter()
            .map(move |p| Source {
                kind,
                path: p.clone(),
            })
            .collect::<Vec<_>>()
    };
    let mut all = tag(SourceKind::Combos, combos);
    all.extend(tag(SourceKind::Passwords, passwords));
    all.extend(tag(SourceKind::Hibp, hibp));
    all
}

/// What one line of a source holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Line {
    /// Nothing (blank line).
    Blank,
    /// A combo line: the pair fingerprint and the password fingerprint.
    Combo {
        /// `cred` of (user, password).
        cred: Fp,
        /// `pw` of the password.
        pw: Fp,
    },
    /// A leaked password (password list or Pwned Passwords).
    Pw(Fp),
}

/// Parses one line (without its `\n`; one trailing `\r` is removed here) of a source.
/// `Err` carries why the line is malformed, in a few words.
pub fn parse_line(fp: &Fingerprinter, kind: SourceKind, line: &[u8]) -> Result<Line, &'static str> {
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    if line.iter().all(u8::is_ascii_whitespace) {
        return Ok(Line::Blank);
    }
    if line.len() > MAX_LINE {
        return Err("line longer than 1 MiB");
    }
    match kind {
        SourceKind::Combos => {
            let Some(colon) = memchr::memchr(b':', line) else {
                return Err("no ':' between user and password");
            };
            let (user, rest) = line.split_at(colon);
            let password = rest.get(1..).unwrap_or_default();
            let Ok(user) = std::str::from_utf8(user) else {
                return Err("user is not UTF-8");
            };
            let norm = normalize_user(user);
            if norm.is_empty() {
                return Err("empty user");
            }
            if password.is_empty() {
                return Err("empty password");
            }
            Ok(Line::Combo {
                cred: fp.cred_normalized(norm.as_bytes(), password),
                pw: fp.pw(password),
            })
        }
        SourceKind::Passwords => Ok(Line::Pw(fp.pw(line))),
        SourceKind::Hibp => {
            let (hex, count) = match memchr::memchr(b':', line) {
                Some(c) => (&line[..c], line.get(c + 1..)),
                None => (line, None),
            };
            if let Some(count) = count {
                let count = count.trim_ascii();
                if count.is_empty() || !count.iter().all(u8::is_ascii_digit) {
                    return Err("count after ':' is not a decimal number");
                }
            }
            match fp.pw_from_sha1_hex(hex.trim_ascii()) {
                Some(p) => Ok(Line::Pw(p)),
                None => Err("expected 40 hex digits of SHA-1"),
            }
        }
    }
}

/// A malformed line: where and why (never its content).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BadLine {
    /// The source file.
    pub path: String,
    /// 1-based line number.
    pub line: u64,
    /// Why it was rejected.
    pub why: String,
}

impl std::fmt::Display for BadLine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.path, self.line, self.why)
    }
}

/// What reading the sources found.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceStats {
    /// Source files read.
    pub files: u64,
    /// Bytes read.
    pub bytes: u64,
    /// Lines read (blank and malformed included).
    pub lines: u64,
    /// Blank lines skipped.
    pub blank: u64,
    /// Malformed lines skipped.
    pub bad: u64,
    /// Pair fingerprints produced (duplicates included).
    pub cred_fps: u64,
    /// Password fingerprints produced (duplicates included).
    pub pw_fps: u64,
    /// The first few malformed lines.
    pub first_bad: Vec<BadLine>,
}

impl SourceStats {
    fn bad_line(&mut self, path: &Path, line: u64, why: &str) {
        self.bad += 1;
        self.report(path, line, why);
    }

    fn report(&mut self, path: &Path, line: u64, why: &str) {
        if self.first_bad.len() < MAX_REPORTED_BAD {
            self.first_bad.push(BadLine {
                path: path.display().to_string(),
                line,
                why: why.to_string(),
            });
        }
    }

    /// Fails with [`Error::Source`] when these counts, those of the one source file `src`,
    /// show too many malformed lines: all of its non-blank lines (whatever the limit), or more
    /// than `max_bad_ratio` of them. A file with no non-blank line passes.
    pub fn check_bad_lines(&self, src: &Source, max_bad_ratio: f64) -> Result<()> {
        let lines = self.lines.saturating_sub(self.blank);
        if self.bad == 0 || lines == 0 {
            return Ok(());
        }
        let first = self
            .first_bad
            .first()
            .map(|b| format!("line {}: {}", b.line, b.why))
            .unwrap_or_default();
        let ratio = self.bad as f64 / lines as f64;
        let why = if self.bad >= lines {
            format!(
                "none of its {lines} non-blank lines is a valid --{} line (first: {first}): \
                 is it the right kind of source?",
                src.kind.name()
            )
        } else if ratio > max_bad_ratio {
            format!(
                "{} of its {lines} non-blank lines are malformed ({ratio:.4} > --max-bad-ratio \
                 {max_bad_ratio}); first: {first}",
                self.bad
            )
        } else {
            return Ok(());
        };
        Err(Error::Source {
            path: src.path.clone(),
            why,
        })
    }

    /// Adds the counts of `other` (keeping the first reports of `self` first).
    pub fn merge(&mut self, other: &SourceStats) {
        self.files += other.files;
        self.bytes += other.bytes;
        self.lines += other.lines;
        self.blank += other.blank;
        self.bad += other.bad;
        self.cred_fps += other.cred_fps;
        self.pw_fps += other.pw_fps;
        let room = MAX_REPORTED_BAD.saturating_sub(self.first_bad.len());
        self.first_bad
            .extend(other.first_bad.iter().take(room).cloned());
    }
}

fn open(path: &Path) -> Result<File> {
    File::open(path).map_err(|e| Error::io(path, e))
}

impl ExactSet {
    /// The simple reference path: reads the sources line by line on one thread into an exact
    /// in-memory set. Meant for tests and small sources; the store builder uses
    /// [`fingerprint_sources`]. A source file with too many malformed lines is an error, as in
    /// the build ([`SourceStats::check_bad_lines`] at [`DEFAULT_MAX_BAD_RATIO`]).
    pub fn from_sources(
        fp: &Fingerprinter,
        combos: &[PathBuf],
        passwords: &[PathBuf],
        hibp: &[PathBuf],
    ) -> Result<(ExactSet, SourceStats)> {
        let mut set = ExactSet {
            key_id: fp.key_id(),
            ..ExactSet::default()
        };
        let mut all = SourceStats::default();
        let mut buf = Vec::new();
        for src in sources_of(combos, passwords, hibp) {
            let path = &src.path;
            let mut r = BufReader::with_capacity(1 << 16, open(path)?);
            let mut stats = SourceStats::default();
            stats.files += 1;
            let mut line_no = 0u64;
            loop {
                buf.clear();
                let n = r
                    .read_until(b'\n', &mut buf)
                    .map_err(|e| Error::io(path, e))?;
                if n == 0 {
                    break;
                }
                stats.bytes += n as u64;
                line_no += 1;
                stats.lines += 1;
                let mut line = buf.strip_suffix(b"\n").unwrap_or(&buf);
                if line_no == 1 {
                    line = line.strip_prefix(BOM).unwrap_or(line);
                }
                match parse_line(fp, src.kind, line) {
                    Ok(Line::Blank) => stats.blank += 1,
                    Ok(Line::Combo { cred, pw }) => {
                        stats.cred_fps += 1;
                        stats.pw_fps += 1;
                        set.creds.insert(cred);
                        set.pws.insert(pw);
                    }
                    Ok(Line::Pw(p)) => {
                        stats.pw_fps += 1;
                        set.pws.insert(p);
                    }
                    Err(why) => stats.bad_line(path, line_no, why),
                }
            }
            stats.check_bad_lines(&src, DEFAULT_MAX_BAD_RATIO)?;
            all.merge(&stats);
        }
        Ok((set, all))
    }
}

/// The result of fingerprinting one chunk of lines.
#[derive(Default)]
struct ChunkOut {
    creds: Vec<Fp>,
    pws: Vec<Fp>,
    lines: u64,
    blank: u64,
    bad: u64,
    /// (0-based line index within the chunk, why), at most MAX_REPORTED_BAD.
    samples: Vec<(u64, &'static str)>,
}

/// Calls `f` on each line of `chunk` (a final piece without `\n` is a line if non-empty).
fn for_each_line(chunk: &[u8], mut f: impl FnMut(&[u8])) {
    let mut start = 0;
    for nl in memchr::memchr_iter(b'\n', chunk) {
        f(chunk.get(start..nl).unwrap_or_default());
        start = nl + 1;
    }
    if let Some(rest) = chunk.get(start..)
        && !rest.is_empty()
    {
        f(rest);
    }
}

fn fingerprint_chunk(fp: &Fingerprinter, kind: SourceKind, chunk: &[u8], bom: bool) -> ChunkOut {
    let mut out = ChunkOut::default();
    let per_line = match kind {
        SourceKind::Combos => chunk.len() / 24 + 1,
        _ => chunk.len() / 12 + 1,
    };
    out.pws.reserve(per_line);
    if kind == SourceKind::Combos {
        out.creds.reserve(per_line);
    }
    let mut first = bom;
    for_each_line(chunk, |line| {
        let line = if first {
            line.strip_prefix(BOM).unwrap_or(line)
        } else {
            line
        };
        first = false;
        match parse_line(fp, kind, line) {
            Ok(Line::Blank) => out.blank += 1,
            Ok(Line::Combo { cred, pw }) => {
                out.creds.push(cred);
                out.pws.push(pw);
            }
            Ok(Line::Pw(p)) => out.pws.push(p),
            Err(why) => {
                out.bad += 1;
                if out.samples.len() < MAX_REPORTED_BAD {
                    out.samples.push((out.lines, why));
                }
            }
        }
        out.lines += 1;
    });
    out
}

/// Splits `block` (whole lines) into about `parts` chunks at line ends.
fn split_lines(block: &[u8], parts: usize) -> Vec<&[u8]> {
    let target = (block.len() / parts.max(1)).max(64 << 10);
    let mut chunks = Vec::with_capacity(parts + 1);
    let mut rest = block;
    while rest.len() > target {
        let cut = match memchr::memchr(b'\n', rest.get(target..).unwrap_or_default()) {
            Some(i) => target + i + 1,
            None => rest.len(),
        };
        let (a, b) = rest.split_at(cut.min(rest.len()));
        chunks.push(a);
        rest = b;
    }
    if !rest.is_empty() {
        chunks.push(rest);
    }
    chunks
}

/// Fingerprints the sources on every core (rayon), streaming: each file is read in blocks of a
/// few MiB cut at line ends, each block is fingerprinted in parallel, and its fingerprints are
/// handed to `sink(creds, pws)` before the next block is read, so no more than one block of
/// plaintext is ever held. `progress` is called with the bytes of each block read.
///
/// The counts and reports equal those of [`ExactSet::from_sources`] on the same files.
pub fn fingerprint_sources(
    fp: &Fingerprinter,
    sources: &[Source],
    progress: &(dyn Fn(u64) + Sync),
    mut sink: impl FnMut(&[Fp], &[Fp]) -> Result<()>,
) -> Result<SourceStats> {
    let parts = rayon::current_num_threads() * 4;
    let mut stats = SourceStats::default();
    let mut buf: Vec<u8> = Vec::with_capacity(BLOCK + (1 << 16));
    for src in sources {
        let path = &src.path;
        let mut file = open(path)?;
        stats.files += 1;
        buf.clear();
        let mut lines_before = 0u64; // lines fully handled before `buf`
        let mut skipping = false; // inside an over-long line already counted as bad
        let mut first_block = true;
        loop {
            let want = BLOCK.saturating_sub(buf.len()).max(1 << 16);
            let got = (&mut file)
                .take(want as u64)
                .read_to_end(&mut buf)
                .map_err(|e| Error::io(path, e))?;
            stats.bytes += got as u64;
            progress(got as u64);
            let eof = got < want;
            if skipping {
                match memchr::memchr(b'\n', &buf) {
                    Some(i) => {
                        buf.drain(..=i);
                        skipping = false;
                    }
                    None => {
                        buf.clear();
                        if eof {
                            break;
                        }
                        continue;
                    }
                }
            }
            let end = if eof {
                buf.len()
            } else {
                match memchr::memrchr(b'\n', &buf) {
                    Some(i) => i + 1,
                    None if buf.len() > MAX_LINE => {
                        // No line end within the block: an over-long line; skip to its end.
                        lines_before += 1;
                        stats.lines += 1;
                        stats.bad_line(path, lines_before, "line longer than 1 MiB");
                        buf.clear();
                        skipping = true;
                        first_block = false;
                        continue;
                    }
                    None => continue,
                }
            };
            let block = buf.get(..end).unwrap_or_default();
            let chunks = split_lines(block, parts);
            let outs: Vec<ChunkOut> = chunks
                .par_iter()
                .enumerate()
                .map(|(i, c)| fingerprint_chunk(fp, src.kind, c, first_block && i == 0))
                .collect();
            first_block = false;
            let mut creds = Vec::with_capacity(outs.iter().map(|o| o.creds.len()).sum());
            let mut pws = Vec::with_capacity(outs.iter().map(|o| o.pws.len()).sum());
            for o in &outs {
                for &(l, why) in &o.samples {
                    stats.report(path, lines_before + l + 1, why);
                }
                stats.bad += o.bad;
                stats.blank += o.blank;
                stats.lines += o.lines;
                lines_before += o.lines;
                creds.extend_from_slice(&o.creds);
                pws.extend_from_slice(&o.pws);
            }
            drop(outs);
            stats.cred_fps += creds.len() as u64;
            stats.pw_fps += pws.len() as u64;
            sink(&creds, &pws)?;
            buf.drain(..end);
            if eof {
                break;
            }
        }
    }
    Ok(stats)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fingerprint::parse_hex;
    use std::io::Write;

    fn fpr() -> Fingerprinter {
        Fingerprinter::demo()
    }

    #[test]
    fn combo_splits_at_first_colon() {
        let f = fpr();
        let l = parse_line(
            &f,
            SourceKind::Combos,
            "Ünïcode@例え.jp:pässwörd:with:colons\r".as_bytes(),
        );
        assert_eq!(
            l,
            Ok(Line::Combo {
                cred: parse_hex(b"b00485ee34fad31d").unwrap(),
                pw: parse_hex(b"acadac23153ab923").unwrap()
            })
        );
    }

    #[test]
    fn combo_normalises_user() {
        let f = fpr();
        let l = parse_line(&f, SourceKind::Combos, b"  Alice@Example.COM :hunter2");
        assert_eq!(
            l,
            Ok(Line::Combo {
                cred: parse_hex(b"b91a880d37beded5").unwrap(),
                pw: parse_hex(b"3e324ff24a43a84f").unwrap()
            })
        );
    }

    #[test]
    fn malformed_and_blank() {
        let f = fpr();
        assert_eq!(parse_line(&f, SourceKind::Combos, b""), Ok(Line::Blank));
        assert_eq!(
            parse_line(&f, SourceKind::Combos, b" \t\r"),
            Ok(Line::Blank)
        );
        assert!(parse_line(&f, SourceKind::Combos, b"nocolon").is_err());
        assert!(parse_line(&f, SourceKind::Combos, b"user:").is_err());
        assert!(parse_line(&f, SourceKind::Combos, b"  :pw").is_err());
        assert!(parse_line(&f, SourceKind::Combos, b"\xff\xfe:pw").is_err());
        assert!(parse_line(&f, SourceKind::Combos, b"bob:\xff\xfe").is_ok());
        assert!(
            parse_line(
                &f,
                SourceKind::Hibp,
                b"F3BBBD66A63D4BF1747940578EC3D0103530E21D:x"
            )
            .is_err()
        );
        assert!(parse_line(&f, SourceKind::Hibp, b"F3BBBD66A63D4BF17479:5").is_err());
        assert_eq!(
            parse_line(
                &f,
                SourceKind::Hibp,
                b"F3BBBD66A63D4BF1747940578EC3D0103530E21D:17\r"
            ),
            Ok(Line::Pw(f.pw(b"hunter2")))
        );
        assert_eq!(
            parse_line(&f, SourceKind::Passwords, b"hunter2\r"),
            Ok(Line::Pw(f.pw(b"hunter2")))
        );
        assert_eq!(
            parse_line(&f, SourceKind::Passwords, b"a:b"),
            Ok(Line::Pw(f.pw(b"a:b")))
        );
    }

    #[test]
    fn bad_line_limit_per_source() {
        let src = Source {
            kind: SourceKind::Hibp,
            path: "h.txt".into(),
        };
        let stats = |lines, blank, bad| SourceStats {
            lines,
            blank,
            bad,
            first_bad: vec![BadLine {
                path: "h.txt".into(),
                line: 3,
                why: "expected 40 hex digits of SHA-1".into(),
            }],
            ..SourceStats::default()
        };
        // Half bad passes 0.5; a line more fails it, naming the file and the first bad line.
        assert!(stats(12, 2, 5).check_bad_lines(&src, 0.5).is_ok());
        let e = stats(12, 2, 6).check_bad_lines(&src, 0.5).unwrap_err();
        assert!(matches!(e, Error::Source { .. }), "{e}");
        assert!(
            e.to_string().starts_with("h.txt: 6 of its 10 non-blank"),
            "{e}"
        );
        assert!(e.to_string().contains("line 3: expected 40 hex"), "{e}");
        // Every non-blank line bad fails whatever the limit; blank lines alone pass.
        let e = stats(12, 2, 10).check_bad_lines(&src, 1.0).unwrap_err();
        assert!(e.to_string().contains("none of its 10"), "{e}");
        assert!(stats(4, 4, 0).check_bad_lines(&src, 0.0).is_ok());
    }

    #[test]
    fn split_lines_keeps_all_bytes() {
        let mut data = Vec::new();
        for i in 0..100_000 {
            writeln!(data, "user{i}:pw{i}").unwrap();
        }
        let chunks = split_lines(&data, 7);
        assert!(chunks.len() > 1);
        assert_eq!(chunks.concat(), data);
        assert!(chunks.iter().all(|c| c.ends_with(b"\n")));
    }

    #[test]
    fn parallel_equals_reference() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("c.txt");
        let mut data = Vec::new();
        data.extend_from_slice(BOM);
        for i in 0..300_000u32 {
            match i % 97 {
                0 => data.extend_from_slice(b"broken line\r\n"),
                1 => data.extend_from_slice(b"\n"),
                _ => writeln!(data, "User{}:pw:{}", i % 5000, i % 777).unwrap(),
            }
        }
        data.extend_from_slice(b"last:line-no-newline");
        std::fs::write(&p, &data).unwrap();
        let f = fpr();
        let (set, ref_stats) =
            ExactSet::from_sources(&f, std::slice::from_ref(&p), &[], &[]).unwrap();
        let mut creds = ahash::AHashSet::new();
        let mut pws = ahash::AHashSet::new();
        let stats = fingerprint_sources(&f, &sources_of(&[p], &[], &[]), &|_| {}, |c, w| {
            creds.extend(c.iter().copied());
            pws.extend(w.iter().copied());
            Ok(())
        })
        .unwrap();
        assert_eq!(stats, ref_stats);
        assert_eq!(creds, set.creds);
        assert_eq!(pws, set.pws);
        assert!(set.creds.contains(&f.cred("user2", b"pw:2")));
        assert!(set.creds.contains(&f.cred("last", b"line-no-newline")));
        assert_eq!(stats.bad, 300_000 / 97 + 1);
        assert_eq!(stats.first_bad[0].line, 1);
        assert_eq!(stats.first_bad[0].why, "no ':' between user and password");
    }

    #[test]
    fn over_long_line_is_bad_not_fatal() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("p.txt");
        let mut data = b"first\n".to_vec();
        data.extend(std::iter::repeat_n(b'x', BLOCK + 10));
        data.extend_from_slice(b"\nsecond\n");
        std::fs::write(&p, &data).unwrap();
        let f = fpr();
        let (set, ref_stats) =
            ExactSet::from_sources(&f, &[], std::slice::from_ref(&p), &[]).unwrap();
        let mut pws = Vec::new();
        let stats = fingerprint_sources(&f, &sources_of(&[], &[p], &[]), &|_| {}, |_, w| {
            pws.extend_from_slice(w);
            Ok(())
        })
        .unwrap();
        assert_eq!(stats, ref_stats);
        assert_eq!(stats.bad, 1);
        assert_eq!(stats.first_bad[0].line, 2);
        assert_eq!(pws, vec![f.pw(b"first"), f.pw(b"second")]);
        assert_eq!(set.pws.len(), 2);
    }
}
