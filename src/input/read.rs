//! Reading many inputs on a pool of workers: the calling thread opens every input, cuts it into
//! blocks (and decompresses streams); worker threads parse the blocks. Every consumer of login
//! logs (`detect`, `sweep`, the baselines) reads through here.

use std::path::PathBuf;

use crate::error::{Error, Position, Result};

use super::{Block, Data, Format, Header, InputOptions};

/// What happened to one input.
#[derive(Debug, Clone, Default)]
pub struct Opened {
    /// The input as named.
    pub path: PathBuf,
    /// Its format, when it could be opened.
    pub format: Option<Format>,
    /// Bytes read.
    pub bytes: u64,
    /// The error that stopped reading it, if any.
    pub error: Option<String>,
}

/// The workers' states and what was read.
pub struct Outcome<W> {
    /// One state per worker thread.
    pub workers: Vec<W>,
    /// Per input (directories expanded), in order.
    pub files: Vec<Opened>,
    /// Every input error, in order (an input that failed is reported and the others are read).
    pub errors: Vec<String>,
}

/// The blocks handed to workers, with their file's header.
pub type Blocks<'a> = crossbeam_channel::Receiver<(Block<'a>, Header)>;

/// Reads `paths` (files, directories, `-`) on `threads` workers. `init(n)` makes a worker's
/// state given the number of inputs; `work` parses one block into it. Inputs that cannot be
/// opened or read are recorded in [`Outcome::errors`] and the others are read.
pub fn read_parallel<W: Send>(
    paths: &[PathBuf],
    opts: &InputOptions,
    threads: usize,
    init: impl Fn(usize) -> W + Sync,
    work: impl Fn(&mut W, &Block<'_>, &Header) + Sync,
) -> Result<Outcome<W>> {
    read_parallel_in(&mut Inputs::open(paths, opts), opts, threads, init, work)
}

/// [`read_parallel`] over inputs already opened ([`read_inputs`]).
pub fn read_parallel_in<W: Send>(
    inputs: &mut Inputs,
    opts: &InputOptions,
    threads: usize,
    init: impl Fn(usize) -> W + Sync,
    work: impl Fn(&mut W, &Block<'_>, &Header) + Sync,
) -> Result<Outcome<W>> {
    read_inputs(inputs, opts, threads, |_, nfiles, blocks| {
        let mut w = init(nfiles);
        for (b, h) in blocks.iter() {
            work(&mut w, &b, &h);
        }
        w
    })
}

/// The inputs of one run, each opened once (directories expanded), so that a second reading
/// reads the files the first one read: a memory-mapped file is read through the same map (a
/// log rotated or replaced under the run is still the file scanned), and a file read as a
/// stream is opened again by its path only if the path still names the same file
/// ([`Inputs::rewind`]).
pub struct Inputs {
    /// Per input, in order: what happened to it.
    files: Vec<Opened>,
    /// Per input: the opened input, if it could be opened.
    inputs: Vec<Option<super::Input>>,
    /// Per input: its header, when its bytes were in hand at opening.
    headers: Vec<Option<Header>>,
    /// The errors of walking the directories given.
    walk_errors: Vec<String>,
    /// Per input: the bytes the first reading of a stream read (a second reading stops
    /// there, though a log still being written has grown since).
    stream_bytes: Vec<Option<u64>>,
}

impl Inputs {
    /// Opens `paths` (files, directories, `-`). An input that cannot be opened is recorded
    /// with its error, and the others are opened.
    pub fn open(paths: &[PathBuf], opts: &InputOptions) -> Inputs {
        let (paths, dir_errs) = super::expand_paths(paths);
        let mut all = Inputs {
            files: Vec::new(),
            inputs: Vec::new(),
            headers: Vec::new(),
            walk_errors: dir_errs.iter().map(|e| e.to_string()).collect(),
            stream_bytes: Vec::new(),
        };
        for p in &paths {
            let mut o = Opened {
                path: p.clone(),
                ..Default::default()
            };
            let mut hdr = None;
            match super::open(p, opts) {
                Ok(i) => {
                    o.format = Some(i.format);
                    if let Some(bytes) = in_hand(&i.data) {
                        o.bytes = bytes.len() as u64;
                        if !bytes.is_empty() {
                            match super::header(i.format, bytes, opts) {
                                Ok(h) => hdr = Some(h),
                                Err(why) => o.error = Some(format!("{}:1: {why}", p.display())),
                            }
                        }
                    }
                    all.inputs.push(Some(i));
                }
                Err(e) => {
                    o.error = Some(e.to_string());
                    all.inputs.push(None);
                }
            }
            all.headers.push(hdr);
            all.files.push(o);
            all.stream_bytes.push(None);
        }
        all
    }

    /// Why these inputs cannot be read a second time, if they cannot: standard input is read
    /// once, and so is anything that is not a regular file (a pipe, a device).
    pub fn unreadable(&self) -> Option<String> {
        self.inputs.iter().flatten().find_map(|i| {
            if i.path.as_os_str() == "-" {
                Some("standard input is read once".to_string())
            } else if i.id.is_none() {
                Some(format!("{} is not a regular file", i.path.display()))
            } else {
                None
            }
        })
    }

    /// Makes the inputs ready to be read again: mapped and in-memory ones are read as they
    /// are; a stream (`--no-mmap`, a compressed file) is opened again by its path, which must
    /// still name the file first opened (not one rotated or written in its place since), and
    /// is read as far as its first reading went. An input that could not be opened the first
    /// time stays unopened.
    pub fn rewind(&mut self, opts: &InputOptions) -> Result<()> {
        if let Some(why) = self.unreadable() {
            return Err(Error::Invalid(why));
        }
        for (slot, first) in self.inputs.iter_mut().zip(&self.stream_bytes) {
            let Some(i) = slot else { continue };
            if !matches!(i.data, Data::Stream(_)) {
                continue;
            }
            let mut again = super::open(&i.path, opts)?;
            if again.id != i.id {
                return Err(Error::Invalid(format!(
                    "{}: another file has taken its name since it was first read (rotated?)",
                    i.path.display()
                )));
            }
            if let Some(n) = *first {
                again.data = match again.data {
                    Data::Stream(r) => Data::Stream(Box::new(std::io::Read::take(r, n))),
                    other => other,
                };
            }
            *i = again;
        }
        Ok(())
    }
}

/// The bytes of an input that are in hand (mapped or held), not a stream's.
fn in_hand(d: &Data) -> Option<&[u8]> {
    match d {
        Data::Mapped(m) => Some(m),
        Data::Owned(v) => Some(v),
        Data::Stream(_) => None,
    }
}

/// [`read_parallel`] over inputs already opened, with the workers' loops in the caller's
/// hands: `worker(i, n, blocks)` runs on worker thread `i` of `threads` (`n` inputs) and
/// consumes `blocks` until it closes (it may wait on other channels of its own meanwhile). A
/// stream is read to its end (so a second reading needs [`Inputs::rewind`] first); mapped and
/// in-memory inputs can be read again.
pub fn read_inputs<W: Send>(
    all: &mut Inputs,
    opts: &InputOptions,
    threads: usize,
    worker: impl for<'b> Fn(usize, usize, &Blocks<'b>) -> W + Sync,
) -> Result<Outcome<W>> {
    let threads = threads.max(1);
    let mut errors = all.walk_errors.clone();
    errors.extend(all.files.iter().filter_map(|o| o.error.clone()));
    let mut files = all.files.clone();
    let headers = &all.headers;
    let inputs = &mut all.inputs;
    let (tx, rx) = crossbeam_channel::bounded::<(Block<'_>, Header)>(threads * 2);
    let nfiles = files.len();
    // Line numbers of the in-memory inputs, counted only if a bad line needs one.
    let indexes: Vec<super::LineIndex> = inputs.iter().map(|_| Default::default()).collect();
    let mut stream_results: Vec<(usize, u64, Option<String>)> = Vec::new();
    let workers: Vec<W> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|i| {
                let rx = rx.clone();
                let worker = &worker;
                s.spawn(move || worker(i, nfiles, &rx))
            })
            .collect();
        drop(rx);
        for (i, inp) in inputs.iter_mut().enumerate() {
            let Some(inp) = inp else { continue };
            let csv = inp.format == Format::Csv;
            let hdr = headers.get(i).cloned().flatten();
            let Some(index) = indexes.get(i) else {
                continue;
            };
            match &mut inp.data {
                Data::Mapped(m) => {
                    let m: &memmap2::Mmap = m;
                    let blocks = super::blocks_iter(i, m, opts.block_size, csv, index);
                    send_all(&tx, blocks.inspect(|b| prefault(m, b)), hdr)
                }
                Data::Owned(v) => send_all(
                    &tx,
                    super::blocks_iter(i, v, opts.block_size, csv, index),
                    hdr,
                ),
                Data::Stream(r) => {
                    let path = inp.path.clone();
                    let format = inp.format;
                    let mut nbytes = 0u64;
                    let mut hdr: Option<Header> = None;
                    let res =
                        super::stream_blocks(i, &path, r.as_mut(), opts.block_size, csv, |b| {
                            nbytes += b.data.len() as u64;
                            if hdr.is_none() {
                                let h = super::header(format, &b.data, opts).map_err(|why| {
                                    Error::Parse {
                                        pos: Position {
                                            path: path.clone(),
                                            line: 1,
                                            byte: 0,
                                        },
                                        why,
                                    }
                                })?;
                                hdr = Some(h);
                            }
                            match &hdr {
                                Some(h) => tx
                                    .send((b, h.clone()))
                                    .map_err(|_| Error::Invalid("workers stopped".into())),
                                None => Ok(()),
                            }
                        });
                    stream_results.push((i, nbytes, res.err().map(|e| e.to_string())));
                    // Read to its end: its decoder's buffers go now, not when the run ends
                    // (`Inputs::rewind` opens it again for a second reading).
                    *r = Box::new(std::io::empty());
                }
            }
        }
        drop(tx);
        handles.into_iter().filter_map(|h| h.join().ok()).collect()
    });
    if workers.len() != threads {
        return Err(Error::Invalid("a worker thread panicked".into()));
    }
    for (i, n, err) in stream_results {
        // What the first reading of a stream read is all a second one reads.
        if let Some(first) = all.stream_bytes.get_mut(i) {
            first.get_or_insert(n);
        }
        if let Some(f) = files.get_mut(i) {
            f.bytes = n;
            if let Some(e) = err {
                f.error = Some(e.clone());
                errors.push(e);
            }
        }
    }
    Ok(Outcome {
        workers,
        files,
        errors,
    })
}

/// The first `keep` bad lines (in file and line order) as `file:line: why`.
pub fn describe_bad(files: &[Opened], mut bad: Vec<super::BadLine>, keep: usize) -> Vec<String> {
    bad.sort();
    bad.iter()
        .take(keep)
        .map(|l| {
            let path = files
                .get(l.file)
                .map(|f| f.path.display().to_string())
                .unwrap_or_default();
            format!("{path}:{}: {}", l.line, l.why)
        })
        .collect()
}

/// Maps the pages of a block of a mapped file before a worker reads it (`MADV_POPULATE_READ`,
/// Linux 5.14 and later): one call per block in the reader, where the worker would take a page
/// fault every 16 pages (about 1,600 on a 100 MB log, 4% of the run's CPU time). Only the blocks
/// about to be parsed are mapped (the block channel is short), so a file larger than memory is
/// not read in ahead. A hint: errors (older kernels) are ignored.
fn prefault(m: &memmap2::Mmap, b: &Block<'_>) {
    #[cfg(target_os = "linux")]
    {
        let _ = m.advise_range(
            memmap2::Advice::PopulateRead,
            usize::try_from(b.offset).unwrap_or(usize::MAX),
            b.data.len(),
        );
    }
    #[cfg(not(target_os = "linux"))]
    let _ = (m, b);
}

fn send_all<'a>(
    tx: &crossbeam_channel::Sender<(Block<'a>, Header)>,
    blocks: impl IntoIterator<Item = Block<'a>>,
    hdr: Option<Header>,
) {
    let Some(h) = hdr else { return };
    for b in blocks {
        if tx.send((b, h.clone())).is_err() {
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    /// Every line the workers were handed, in file and byte order.
    fn lines(inputs: &mut Inputs, opts: &InputOptions) -> (Vec<(usize, u64, String)>, Vec<String>) {
        let out = read_parallel_in(
            inputs,
            opts,
            2,
            |_| Vec::new(),
            |got: &mut Vec<(usize, u64, String)>, b, _| {
                let text = String::from_utf8_lossy(&b.data);
                got.extend(
                    text.lines()
                        .enumerate()
                        .map(|(i, l)| (b.file, b.offset + i as u64, l.to_string())),
                );
            },
        )
        .expect("read");
        let mut all: Vec<_> = out.workers.into_iter().flatten().collect();
        all.sort();
        (all, out.errors)
    }

    /// A second reading after [`Inputs::rewind`] hands the workers what the first did, for a
    /// mapped file, the same file as a stream, and a gzip file, though the plain file grew in
    /// between; without the rewind a stream has nothing left to give.
    #[test]
    fn a_rewound_input_reads_as_the_first_time() {
        let dir = tempfile::tempdir().expect("tmp");
        let text: String = (0..5000)
            .map(|i| {
                format!(
                    r#"{{"ts":{i},"user":"u{i}","ip":"10.0.0.{}","ok":false}}"#,
                    i % 250
                ) + "\n"
            })
            .collect();
        let plain = dir.path().join("a.jsonl");
        std::fs::write(&plain, &text).expect("write");
        let gz = dir.path().join("b.jsonl.gz");
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(text.as_bytes()).expect("gz");
        std::fs::write(&gz, e.finish().expect("gz")).expect("write");
        for mmap in [true, false] {
            let opts = InputOptions {
                mmap,
                block_size: 4096,
                ..Default::default()
            };
            let mut inputs = Inputs::open(&[plain.clone(), gz.clone()], &opts);
            let (first, errs) = lines(&mut inputs, &opts);
            assert!(errs.is_empty(), "{errs:?}");
            assert_eq!(first.len(), 10_000);
            // A log still being written grows between the readings: the second reads what
            // the first did.
            let mut f = std::fs::OpenOptions::new()
                .append(true)
                .open(&plain)
                .expect("open");
            writeln!(f, r#"{{"ts":9,"user":"late","ip":"10.0.0.9","ok":true}}"#).expect("append");
            inputs.rewind(&opts).expect("rewind");
            assert_eq!(lines(&mut inputs, &opts).0, first, "mmap {mmap}");
            if !mmap {
                assert!(
                    lines(&mut inputs, &opts).0.is_empty(),
                    "streams read to their end"
                );
            }
            std::fs::write(&plain, &text).expect("write");
        }
    }
}
