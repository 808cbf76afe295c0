//! Cutting inputs into blocks of whole lines (CSV: whole records) for parallel parsing.

use std::borrow::Cow;
use std::io::Read;
use std::path::Path;

use crate::error::{Error, Result};

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
