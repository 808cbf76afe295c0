//! Opening inputs: files (mapped or streamed), directories, standard input, and gzip or zstd
//! streams recognised by their magic bytes. See the module docs of [`super`] for the mmap
//! decision.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use super::{Format, InputOptions};
use crate::error::{Error, Result};

/// Lists the files to read: files as given, directories walked (sorted), `-` for stdin. A
/// walk reads regular files only, passes over hidden files and directories (a leading `.`),
/// follows links but reads each file once and enters each directory once (by canonical path:
/// a link to a directory beside it, or a link loop, adds nothing); a file reached by two
/// names keeps the first in sorted order. Files given by name are read as given, twice if
/// named twice.
pub fn expand_paths(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<Error>) {
    let mut out = Vec::new();
    let mut errs = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" || !p.is_dir() {
            out.push(p.clone());
            continue;
        }
        let mut dirs_seen = std::collections::HashSet::new();
        dirs_seen.extend(p.canonicalize().ok());
        let mut stack = vec![p.clone()];
        let mut found = Vec::new();
        while let Some(d) = stack.pop() {
            match std::fs::read_dir(&d) {
                Ok(rd) => {
                    let mut ents: Vec<PathBuf> = rd.flatten().map(|e| e.path()).collect();
                    ents.sort();
                    // Directories pushed in reverse, so that they are walked in sorted order.
                    for path in ents.into_iter().rev() {
                        let hidden = path
                            .file_name()
                            .is_some_and(|n| n.to_string_lossy().starts_with('.'));
                        if hidden {
                            continue;
                        }
                        match std::fs::metadata(&path) {
                            Ok(m) if m.is_dir() => {
                                if path.canonicalize().is_ok_and(|c| dirs_seen.insert(c)) {
                                    stack.push(path);
                                }
                            }
                            // A FIFO, socket or device in a log directory is no log (a FIFO
                            // would wait for a writer, a device never end).
                            Ok(m) if !m.is_file() => {}
                            // Regular files, and links that do not resolve: opening those
                            // reports the error.
                            _ => found.push(path),
                        }
                    }
                }
                Err(e) => errs.push(Error::io(&d, e)),
            }
        }
        found.sort();
        // A file the walk reached by two names is read once (a name that does not resolve, a
        // broken link, is kept: opening it reports the error).
        let mut files_seen = std::collections::HashSet::new();
        found.retain(|f| f.canonicalize().map_or(true, |c| files_seen.insert(c)));
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

/// Which regular file an opened input is (device and inode on Unix; off Unix all files look
/// alike): a path opened again names the same file only when this is the same.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileId(u64, u64);

impl FileId {
    /// The file `meta` describes.
    #[cfg(unix)]
    fn of(meta: &std::fs::Metadata) -> FileId {
        use std::os::unix::fs::MetadataExt;
        FileId(meta.dev(), meta.ino())
    }

    #[cfg(not(unix))]
    fn of(_: &std::fs::Metadata) -> FileId {
        FileId(0, 0)
    }
}

/// One opened input.
pub struct Input {
    /// The name used in messages.
    pub path: PathBuf,
    /// Its format.
    pub format: Format,
    /// Its bytes.
    pub data: Data,
    /// The file opened, when it is a regular file (`None` for standard input, pipes and
    /// devices, which can be read only once).
    pub id: Option<FileId>,
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
            id: None,
        });
    }
    let mut file = File::open(path).map_err(|e| Error::io(path, e))?;
    let meta = file.metadata().map_err(|e| Error::io(path, e))?;
    let id = meta.is_file().then(|| FileId::of(&meta));
    if meta.is_file()
        && let Some(kind) = compression(&mut file).map_err(|e| Error::io(path, e))?
    {
        return Ok(Input {
            path: path.into(),
            format,
            data: Data::Stream(decoder(kind, file)?),
            id,
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
    } else if meta.is_file() {
        Data::Stream(Box::new(WholeFile {
            file,
            read: 0,
            len: meta.len(),
        }))
    } else {
        Data::Stream(Box::new(file))
    };
    Ok(Input {
        path: path.into(),
        format,
        data,
        id,
    })
}

/// A regular file read as a stream (`--no-mmap`) that fails when it ends before the length it
/// had when opened: a file truncated while it is read is an input that could not be read
/// completely, not a short night. (Bytes appended meanwhile are read.)
struct WholeFile {
    file: File,
    /// Bytes read so far.
    read: u64,
    /// The file's length when it was opened.
    len: u64,
}

impl Read for WholeFile {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.file.read(buf)?;
        self.read += n as u64;
        if n == 0 && !buf.is_empty() && self.read < self.len {
            return Err(std::io::Error::new(
                std::io::ErrorKind::UnexpectedEof,
                format!(
                    "the file shrank while it was read: it ended after {} of the {} bytes it had when opened",
                    self.read, self.len
                ),
            ));
        }
        Ok(n)
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A file cut short after it was opened (`--no-mmap`) is an error, after the bytes that
    /// were there; one read whole is not.
    #[test]
    fn a_file_truncated_while_streamed_is_an_error() {
        let dir = tempfile::tempdir().expect("tmp");
        let p = dir.path().join("log.jsonl");
        std::fs::write(&p, vec![b'x'; 100_000]).expect("write");
        let opts = InputOptions {
            mmap: false,
            ..InputOptions::default()
        };
        let read_all = |i: Input| {
            let Data::Stream(mut r) = i.data else {
                panic!("not a stream")
            };
            let mut v = Vec::new();
            r.read_to_end(&mut v).map(|_| v.len())
        };
        assert_eq!(read_all(open(&p, &opts).expect("open")).ok(), Some(100_000));
        let i = open(&p, &opts).expect("open");
        std::fs::OpenOptions::new()
            .write(true)
            .open(&p)
            .and_then(|f| f.set_len(10))
            .expect("truncate");
        let e = read_all(i).expect_err("shrank");
        assert!(e.to_string().contains("shrank"), "{e}");
    }
}
