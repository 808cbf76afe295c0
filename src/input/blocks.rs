//! Cutting inputs into blocks of whole lines (CSV: whole records) for parallel parsing.

use std::borrow::Cow;
use std::io::Read;
use std::path::Path;

use crate::error::{Error, Result};

/// Finds where to end a block that should be about `target` bytes long: just after a line end
/// at or before `target` (or the first after it), never inside a quoted CSV field.
/// Returns `data.len()` when no line end qualifies. `data` starts at a record start.
pub fn cut_point(data: &[u8], target: usize, csv: bool) -> usize {
    if data.len() <= target {
        return data.len();
    }
    let cut = match memchr::memrchr(b'\n', &data[..target]) {
        Some(i) => i + 1,
        None => match memchr::memchr(b'\n', &data[target..]) {
            Some(i) => target + i + 1,
            None => return data.len(),
        },
    };
    if !csv {
        return cut;
    }
    let mut quotes = CsvQuotes::new(data);
    let mut nl = cut - 1;
    loop {
        if !quotes.quoted_at(nl) {
            return nl + 1;
        }
        match memchr::memchr(b'\n', data.get(nl + 1..).unwrap_or_default()) {
            Some(i) => nl += i + 1,
            None => return data.len(),
        }
    }
}

/// Where the last whole line (CSV: record) of `data` ends: just after its last line end
/// outside a quoted field; 0 when there is none. `data` starts at a record start.
pub fn last_record_end(data: &[u8], csv: bool) -> usize {
    if !csv {
        return memchr::memrchr(b'\n', data).map_or(0, |i| i + 1);
    }
    let mut quotes = CsvQuotes::new(data);
    let mut end = 0;
    for nl in memchr::memchr_iter(b'\n', data) {
        if !quotes.quoted_at(nl) {
            end = nl + 1;
        }
    }
    end
}

/// The quoting state of CSV data as the csv crate reads it (RFC 4180, leniently): a quote opens
/// a quoted field only at the start of a field (the data's start, or after a comma or a line
/// end); inside, two quotes are one literal quote and a single one closes the field; any other
/// quote is a literal character. Counting quotes instead would let one stray quote in an
/// unquoted field (`a"b`, which the parser accepts) flip every later cut into a quoted field.
struct CsvQuotes<'a> {
    data: &'a [u8],
    /// Bytes before this have been read.
    at: usize,
    /// Inside a quoted field at `at`.
    quoted: bool,
}

impl<'a> CsvQuotes<'a> {
    fn new(data: &'a [u8]) -> Self {
        CsvQuotes {
            data,
            at: 0,
            quoted: false,
        }
    }

    /// Whether the line end at `nl` (a `\n` at or after every position asked before) lies
    /// inside a quoted field.
    fn quoted_at(&mut self, nl: usize) -> bool {
        let upto = nl.min(self.data.len());
        while let Some(i) = memchr::memchr(b'"', self.data.get(self.at..upto).unwrap_or_default()) {
            let q = self.at + i;
            self.at = q + 1;
            if self.quoted {
                // Two quotes inside a quoted field are one literal quote (the second is before
                // `nl`, which is a line end).
                if self.data.get(q + 1) == Some(&b'"') {
                    self.at = q + 2;
                } else {
                    self.quoted = false;
                }
            } else {
                let field_start = q == 0
                    || (q == BOM.len() && self.data.starts_with(BOM))
                    || matches!(self.data.get(q - 1), Some(b',' | b'\n' | b'\r'));
                self.quoted = field_start;
            }
        }
        self.at = self.at.max(upto);
        self.quoted
    }
}

/// A UTF-8 byte order mark, which Windows tools write at the start of text files (the parsers
/// skip it at the start of an input).
pub(super) const BOM: &[u8] = b"\xEF\xBB\xBF";

/// A block of whole lines of one input.
pub struct Block<'a> {
    /// Index of the input in the run's list.
    pub file: usize,
    /// Byte offset of the block in its input.
    pub offset: u64,
    /// Where the block's first line is in its input.
    pub line: FirstLine<'a>,
    /// The bytes.
    pub data: Cow<'a, [u8]>,
}

/// The line number of a block's first line: known as the block is cut (streams), or found only
/// when a bad line asks for it (in-memory inputs, see [`LineIndex`]).
#[derive(Clone, Copy)]
pub enum FirstLine<'a> {
    /// The 1-based line number.
    Known(u64),
    /// Counted on demand in the whole input the block was cut from.
    Lazy {
        /// The whole input.
        input: &'a [u8],
        /// Its line counts, computed the first time they are asked for.
        index: &'a LineIndex,
    },
}

impl Block<'_> {
    /// The 1-based line number, in the block's input, of the line starting at byte `start` of
    /// the block. Counts newlines only when called: the parsers call it for bad lines alone.
    pub fn line_at(&self, start: usize) -> u64 {
        match self.line {
            FirstLine::Known(first) => {
                let before = self.data.get(..start).unwrap_or(&self.data);
                first + memchr::memchr_iter(b'\n', before).count() as u64
            }
            FirstLine::Lazy { input, index } => {
                index.line_at(input, (self.offset as usize).saturating_add(start))
            }
        }
    }
}

/// Bytes per entry of a [`LineIndex`].
const INDEX_STEP: usize = 1 << 20;

/// Line numbers of an in-memory input, counted only when one is needed: most inputs have no
/// bad line and then nothing is ever counted. The first call counts the newlines of every
/// `INDEX_STEP` bytes once (one pass over the input, shared by all workers); every call
/// then counts at most one step.
#[derive(Debug, Default)]
pub struct LineIndex {
    /// `before[k]`: newlines in the input's first `k * INDEX_STEP` bytes.
    before: std::sync::OnceLock<Vec<u64>>,
}

impl LineIndex {
    /// The 1-based number of the line holding byte `at` of `input` (the input this index is
    /// for; always the same one); an `at` past the end counts as the end.
    pub fn line_at(&self, input: &[u8], at: usize) -> u64 {
        let at = at.min(input.len());
        let before = self.before.get_or_init(|| {
            let mut n = 0u64;
            let mut v = vec![0];
            for c in input.chunks(INDEX_STEP) {
                n += memchr::memchr_iter(b'\n', c).count() as u64;
                v.push(n);
            }
            v
        });
        let k = at / INDEX_STEP;
        let rest = input.get(k * INDEX_STEP..at).unwrap_or_default();
        1 + before.get(k).copied().unwrap_or(0) + memchr::memchr_iter(b'\n', rest).count() as u64
    }
}

/// Cuts an in-memory input into blocks, counting the lines of each (for tests and tools; the
/// reader uses [`blocks_iter`], which does not count).
pub fn blocks_of(file: usize, bytes: &[u8], target: usize, csv: bool) -> Vec<Block<'_>> {
    let mut line = 1;
    cut_blocks(file, bytes, target, csv, move |data| {
        let first = line;
        line += memchr::memchr_iter(b'\n', data).count() as u64;
        FirstLine::Known(first)
    })
    .collect()
}

/// Cuts an in-memory input into blocks as they are asked for (the reader hands the first
/// blocks to workers while it still cuts the next ones). Lines are not counted: a block's line
/// numbers are found through `index` (this input's) when a bad line needs one.
pub fn blocks_iter<'a>(
    file: usize,
    bytes: &'a [u8],
    target: usize,
    csv: bool,
    index: &'a LineIndex,
) -> impl Iterator<Item = Block<'a>> {
    cut_blocks(file, bytes, target, csv, move |_| FirstLine::Lazy {
        input: bytes,
        index,
    })
}

/// Cuts `bytes` into blocks; `first(data)` gives each block's [`FirstLine`], in order.
fn cut_blocks<'a>(
    file: usize,
    bytes: &'a [u8],
    target: usize,
    csv: bool,
    mut first: impl FnMut(&[u8]) -> FirstLine<'a>,
) -> impl Iterator<Item = Block<'a>> {
    let mut start = 0;
    std::iter::from_fn(move || {
        let rest = bytes.get(start..).filter(|r| !r.is_empty())?;
        let len = cut_point(rest, target.max(1), csv);
        let data = rest.get(..len)?;
        let b = Block {
            file,
            offset: start as u64,
            line: first(data),
            data: Cow::Borrowed(data),
        };
        start += len;
        Some(b)
    })
}

/// The longest line (CSV: record) a stream may hold: past it the input is not a log and
/// reading it is an error (a memory-mapped file has no such bound: its lines are bad lines).
pub const MAX_STREAM_RECORD: usize = 256 << 20;

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
    // A read error ends the input: the whole lines (records) read before it are still handed
    // on, its partial last line is not, and the error is returned at the end.
    let mut failed: Option<Error> = None;
    loop {
        while !eof && buf.len() <= want {
            let old = buf.len();
            buf.resize(old + target.max(64 << 10), 0);
            let n = loop {
                match r.read(&mut buf[old..]) {
                    Ok(n) => break Ok(n),
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                    Err(e) => break Err(e),
                }
            };
            match n {
                Ok(n) => {
                    buf.truncate(old + n);
                    eof = n == 0;
                }
                Err(e) => {
                    buf.truncate(old);
                    buf.truncate(last_record_end(&buf, csv));
                    failed = Some(Error::io(path, e));
                    eof = true;
                }
            }
        }
        if buf.is_empty() {
            break;
        }
        let cut = cut_point(&buf, target, csv);
        if cut == buf.len() && !eof {
            if buf.len() > MAX_STREAM_RECORD {
                // No line end in this much: not a log (a device, a binary file).
                failed = Some(Error::Invalid(format!(
                    "{}: no line end in the {} MiB from byte {offset}: not a log file?",
                    path.display(),
                    MAX_STREAM_RECORD >> 20
                )));
                break;
            }
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
            line: FirstLine::Known(line),
            data: Cow::Owned(std::mem::replace(&mut buf, rest)),
        })?;
        offset += len;
        line += lines;
    }
    failed.map_or(Ok(()), Err)
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn lazy_line_numbers_equal_counted_ones() {
        // Lines of varying length over a few index steps, so that lookups land in every step,
        // on step boundaries and at the end.
        let mut text = Vec::new();
        let mut i = 0usize;
        while text.len() < 2 * INDEX_STEP + INDEX_STEP / 2 {
            text.extend_from_slice(format!("{i} {}\n", "y".repeat(i % 101)).as_bytes());
            i += 1;
        }
        text.extend_from_slice(b"last line without newline");
        let index = LineIndex::default();
        let naive = |at: usize| 1 + memchr::memchr_iter(b'\n', &text[..at]).count() as u64;
        let mut probes: Vec<usize> = (0..text.len()).step_by(7919).collect();
        for k in 1..=2 {
            probes.extend([k * INDEX_STEP - 1, k * INDEX_STEP, k * INDEX_STEP + 1]);
        }
        probes.extend([text.len() - 1, text.len()]);
        for at in probes {
            assert_eq!(index.line_at(&text, at), naive(at), "byte {at}");
        }
        assert_eq!(index.line_at(&text, text.len() + 5), naive(text.len()));
        // Blocks cut lazily give every line start the number counted blocks give it.
        for target in [1000, 300_000, 1 << 20] {
            let counted = blocks_of(0, &text, target, false);
            let lazy: Vec<_> = blocks_iter(0, &text, target, false, &index).collect();
            assert_eq!(counted.len(), lazy.len());
            for (c, l) in counted.iter().zip(&lazy) {
                assert_eq!(c.data, l.data);
                for start in [0, 1, c.data.len() / 2, c.data.len()] {
                    assert_eq!(c.line_at(start), l.line_at(start), "target {target}");
                }
            }
        }
    }

    #[test]
    fn a_read_error_keeps_the_whole_lines_read_before_it() {
        /// Yields its bytes, then fails.
        struct Cut<'a>(&'a [u8]);
        impl Read for Cut<'_> {
            fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
                if self.0.is_empty() {
                    return Err(std::io::Error::other("unexpected end of file"));
                }
                let n = out.len().min(self.0.len()).min(5);
                out[..n].copy_from_slice(&self.0[..n]);
                self.0 = &self.0[n..];
                Ok(n)
            }
        }
        for (csv, text, kept) in [
            (false, &b"one\ntwo\nthr"[..], &b"one\ntwo\n"[..]),
            (true, b"a,1\n\"b\nc\",2\n\"d\n", b"a,1\n\"b\nc\",2\n"),
        ] {
            for target in [1, 4, 100] {
                let mut got = Vec::new();
                let r = stream_blocks(0, Path::new("x"), &mut Cut(text), target, csv, |b| {
                    got.extend_from_slice(&b.data);
                    Ok(())
                });
                assert!(r.is_err());
                assert_eq!(got, kept, "csv {csv} target {target}");
            }
        }
    }

    #[test]
    fn csv_cuts_follow_the_parsers_quotes() {
        // A stray quote inside an unquoted field is a literal: the line end after it ends a
        // record, and the quoted field that follows holds its line end.
        let d = b"a\"b,1\n\"x\ny\",2\nz,3\n";
        assert_eq!(cut_point(d, 2, true), 6);
        assert_eq!(cut_point(d, 9, true), 14);
        assert_eq!(last_record_end(&d[..12], true), 6);
        // Doubled quotes inside a quoted field stay inside it.
        let d = b"\"a\"\"\nb\",1\nc,2\n";
        assert_eq!(cut_point(d, 3, true), 10);
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
}
