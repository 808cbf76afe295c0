//! Building a store file from leak sources: fingerprints buffered in memory or sharded to disk,
//! sorted, de-duplicated and written to a temporary file renamed into place.

use std::fs::File;
use std::io::{BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use memmap2::MmapMut;
use rayon::prelude::*;

use super::{
    BuildInfo, DEFAULT_MEMORY_BUDGET, ENTRY, FIXED, MAGIC, MAX_HEADER, SHARD_BITS, SectionInfo,
    SectionKind, SourceRecord, VERSION, body_crc, bucket, layout,
};
use crate::error::{Error, Result};
use crate::fingerprint::{Fingerprinter, Fp};
use crate::leaks::filter::{self, Kernels};
use crate::leaks::sources::{DEFAULT_MAX_BAD_RATIO, Source, SourceStats, fingerprint_sources};

/// What a build produced.
#[derive(Debug, Clone, PartialEq)]
pub struct BuildSummary {
    /// Distinct pair fingerprints stored.
    pub cred_entries: u64,
    /// Distinct password fingerprints stored.
    pub pw_entries: u64,
    /// Fingerprints added (duplicates included).
    pub pushed: u64,
    /// Size of the store file, bytes.
    pub file_bytes: u64,
    /// Wall time, seconds.
    pub seconds: f64,
    /// Whether the fingerprints outgrew the memory budget and were sharded to disk.
    pub spilled: bool,
}

impl BuildSummary {
    /// Fingerprints dropped as duplicates.
    pub fn duplicates(&self) -> u64 {
        self.pushed - self.cred_entries - self.pw_entries
    }
    /// Distinct entries stored.
    pub fn entries(&self) -> u64 {
        self.cred_entries + self.pw_entries
    }
}

/// Fingerprints of one section waiting to be written.
struct Spool {
    name: &'static str,
    buf: Vec<Fp>,
    pushed: u64,
    shards: Vec<(PathBuf, BufWriter<File>)>,
}

impl Spool {
    fn new(name: &'static str) -> Self {
        Spool {
            name,
            buf: Vec::new(),
            pushed: 0,
            shards: Vec::new(),
        }
    }

    fn push(&mut self, fps: &[Fp], limit: usize, dir: &Path) -> Result<()> {
        self.pushed += fps.len() as u64;
        extend_capped(&mut self.buf, fps, limit);
        if self.buf.len() >= limit {
            self.buf.par_sort_unstable();
            self.buf.dedup();
            if self.buf.len() >= limit / 2 {
                self.spill(dir)?;
            }
        }
        Ok(())
    }

    /// Sorts the buffer and appends it to the shard files (created on first use).
    fn spill(&mut self, dir: &Path) -> Result<()> {
        if self.shards.is_empty() {
            for i in 0..1usize << SHARD_BITS {
                let p = dir.join(format!("{}-{i:03}.u64", self.name));
                let f = std::fs::OpenOptions::new()
                    .read(true)
                    .write(true)
                    .create(true)
                    .truncate(true)
                    .open(&p)
                    .map_err(|e| Error::io(&p, e))?;
                self.shards.push((p, BufWriter::with_capacity(1 << 16, f)));
            }
        }
        self.buf.par_sort_unstable();
        self.buf.dedup();
        let mut rest = &self.buf[..];
        for (i, (p, w)) in self.shards.iter_mut().enumerate() {
            let cut = rest.partition_point(|&k| bucket(k, SHARD_BITS) <= i);
            let (now, later) = rest.split_at(cut);
            write_u64s(w, now).map_err(|e| Error::io(&*p, e))?;
            rest = later;
        }
        self.buf.clear();
        Ok(())
    }

    /// Sorted distinct runs, in key order, ready to be written.
    fn into_runs(mut self, dir: &Path) -> Result<Runs> {
        if self.shards.is_empty() {
            self.buf.par_sort_unstable();
            self.buf.dedup();
            self.buf.shrink_to_fit();
            return Ok(Runs {
                pushed: self.pushed,
                n: self.buf.len() as u64,
                mem: Some(self.buf),
                files: Vec::new(),
            });
        }
        self.spill(dir)?;
        self.buf = Vec::new();
        let mut n = 0;
        let mut files = Vec::new();
        for (p, w) in self.shards {
            let mut f = w.into_inner().map_err(|e| Error::io(&p, e.into_error()))?;
            let mut keys = read_u64s(&mut f, &p)?;
            keys.par_sort_unstable();
            keys.dedup();
            f.seek(SeekFrom::Start(0))
                .and_then(|_| f.set_len(0))
                .map_err(|e| Error::io(&p, e))?;
            let mut w = BufWriter::with_capacity(1 << 16, f);
            write_u64s(&mut w, &keys)
                .and_then(|_| w.flush())
                .map_err(|e| Error::io(&p, e))?;
            n += keys.len() as u64;
            files.push(p);
        }
        Ok(Runs {
            pushed: self.pushed,
            n,
            mem: None,
            files,
        })
    }
}

/// Appends `add`, growing the capacity by doubling but never past `limit` (plus what is needed),
/// so a buffer near the memory budget does not double to twice the budget.
fn extend_capped(buf: &mut Vec<u64>, add: &[u64], limit: usize) {
    let need = buf.len() + add.len();
    if need > buf.capacity() {
        let want = (buf.capacity() * 2).max(need).min(limit.max(need));
        buf.reserve_exact(want - buf.len());
    }
    buf.extend_from_slice(add);
}

fn write_u64s(w: &mut impl Write, v: &[u64]) -> std::io::Result<()> {
    let mut bytes = Vec::with_capacity(8 * 8192);
    for c in v.chunks(8192) {
        bytes.clear();
        for k in c {
            bytes.extend_from_slice(&k.to_le_bytes());
        }
        w.write_all(&bytes)?;
    }
    Ok(())
}

fn read_u64s(f: &mut File, p: &Path) -> Result<Vec<u64>> {
    f.seek(SeekFrom::Start(0)).map_err(|e| Error::io(p, e))?;
    let mut bytes = Vec::new();
    f.read_to_end(&mut bytes).map_err(|e| Error::io(p, e))?;
    Ok(bytes
        .chunks_exact(8)
        .map(|c| u64::from_le_bytes(c.try_into().unwrap_or_default()))
        .collect())
}

/// The sorted distinct keys of one section: in memory, or in shard files in key order.
struct Runs {
    pushed: u64,
    n: u64,
    mem: Option<Vec<u64>>,
    files: Vec<PathBuf>,
}

impl Runs {
    /// Calls `f` on each sorted run, in order.
    fn for_each(&self, mut f: impl FnMut(&[u64])) -> Result<()> {
        if let Some(m) = &self.mem {
            f(m);
        }
        for p in &self.files {
            let mut file = File::open(p).map_err(|e| Error::io(p, e))?;
            f(&read_u64s(&mut file, p)?);
        }
        Ok(())
    }
}

/// Writes a store: add fingerprints with [`StoreBuilder::push`], then [`StoreBuilder::finish`].
/// The output's directory is created if missing.
///
/// Fingerprints are buffered up to a memory budget; past it, they are sorted, de-duplicated and
/// appended to 2^7 shard files per section (by their top bits) in a temporary directory next to
/// the output, so the memory of a build stays near the budget whatever the number of entries.
/// The store is written to a temporary file in the output's directory and renamed into place.
pub struct StoreBuilder {
    key_id: u64,
    out: PathBuf,
    dir: PathBuf,
    limit: usize,
    spill_dir: Option<tempfile::TempDir>,
    cred: Spool,
    pw: Spool,
    started: Instant,
}

impl StoreBuilder {
    /// A builder for a store at `out` under the key with identifier `key_id`.
    pub fn new(out: impl AsRef<Path>, key_id: u64) -> Self {
        let out = out.as_ref().to_path_buf();
        let dir = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        StoreBuilder {
            key_id,
            out,
            dir,
            limit: DEFAULT_MEMORY_BUDGET / 16,
            spill_dir: None,
            cred: Spool::new("cred"),
            pw: Spool::new("pw"),
            started: Instant::now(),
        }
    }

    /// Sets the memory budget for buffered fingerprints, bytes (default 2 GiB).
    pub fn memory_budget(mut self, bytes: usize) -> Self {
        self.limit = (bytes / 16).max(1024);
        self
    }

    /// Creates the output's directory and its parents if missing.
    fn create_dir(&self) -> Result<()> {
        std::fs::create_dir_all(&self.dir).map_err(|e| Error::io(&self.dir, e))
    }

    fn spill_dir(&mut self) -> Result<PathBuf> {
        if self.spill_dir.is_none() {
            self.create_dir()?;
            let d = tempfile::Builder::new()
                .prefix(".credsieve-build-")
                .tempdir_in(&self.dir)
                .map_err(|e| Error::io(&self.dir, e))?;
            self.spill_dir = Some(d);
        }
        Ok(self
            .spill_dir
            .as_ref()
            .map(|d| d.path().to_path_buf())
            .unwrap_or_default())
    }

    /// Adds pair and password fingerprints (duplicates are fine).
    pub fn push(&mut self, creds: &[Fp], pws: &[Fp]) -> Result<()> {
        let limit = self.limit;
        if self.cred.buf.len() + creds.len() >= limit || self.pw.buf.len() + pws.len() >= limit {
            let dir = self.spill_dir()?;
            self.cred.push(creds, limit, &dir)?;
            self.pw.push(pws, limit, &dir)
        } else {
            self.cred.pushed += creds.len() as u64;
            extend_capped(&mut self.cred.buf, creds, limit);
            self.pw.pushed += pws.len() as u64;
            extend_capped(&mut self.pw.buf, pws, limit);
            Ok(())
        }
    }

    /// Sorts, de-duplicates and writes the store, atomically. `info.seconds` and
    /// `info.created_unix` are filled in here.
    pub fn finish(mut self, mut info: BuildInfo) -> Result<BuildSummary> {
        let spilled = !self.cred.shards.is_empty() || !self.pw.shards.is_empty();
        let dir = if spilled {
            self.spill_dir()?
        } else {
            self.dir.clone()
        };
        let cred = std::mem::replace(&mut self.cred, Spool::new("cred")).into_runs(&dir)?;
        let pw = std::mem::replace(&mut self.pw, Spool::new("pw")).into_runs(&dir)?;

        info.created_unix = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        info.seconds = self.started.elapsed().as_secs_f64(); // rewritten below once done
        let mut json = serde_json::to_vec(&info).map_err(|e| Error::Invalid(e.to_string()))?;
        // Leave room for the final time to differ in length.
        json.extend_from_slice(&[b' '; 32]);
        let header_len = FIXED + 2 * ENTRY + json.len() + 4;
        if header_len > MAX_HEADER {
            return Err(Error::Invalid(
                "build information too large for the store header".into(),
            ));
        }
        let mut cs = layout(SectionKind::Cred, cred.n, cred.pushed, header_len as u64)?;
        let mut ps = layout(SectionKind::Pw, pw.n, pw.pushed, cs.end())?;
        let file_len = ps.end();

        self.create_dir()?;
        let out_err = |e| Error::io(&self.out, e);
        let tmp = tempfile::Builder::new()
            .prefix(".credsieve-store-")
            .tempfile_in(&self.dir)
            .map_err(out_err)?;
        tmp.as_file().set_len(file_len).map_err(out_err)?;
        // SAFETY: the temporary file is ours alone until it is persisted below.
        let mut map = unsafe { MmapMut::map_mut(tmp.as_file()) }.map_err(out_err)?;
        if map.as_ptr() as usize % filter::ALIGN != 0 {
            return Err(Error::Invalid("map is not aligned".into()));
        }
        let kernels = Kernels::new();
        for (s, runs) in [(&mut cs, &cred), (&mut ps, &pw)] {
            fill_section(&mut map, s, runs, &kernels)?;
            let body = map
                .get(s.filter_off as usize..s.end() as usize)
                .unwrap_or_default();
            s.body_crc = body_crc(body);
        }
        drop(cred);
        drop(pw);

        info.seconds = self.started.elapsed().as_secs_f64();
        let mut final_json =
            serde_json::to_vec(&info).map_err(|e| Error::Invalid(e.to_string()))?;
        final_json.resize(json.len(), b' ');
        let header = encode_header(self.key_id, file_len, &[cs, ps], &final_json);
        map.get_mut(..header.len())
            .ok_or_else(|| Error::Invalid("header larger than file".into()))?
            .copy_from_slice(&header);
        map.flush().map_err(out_err)?;
        drop(map);
        tmp.persist(&self.out)
            .map_err(|e| Error::io(&self.out, e.error))?;
        Ok(BuildSummary {
            cred_entries: cs.entries,
            pw_entries: ps.entries,
            pushed: cs.pushed + ps.pushed,
            file_bytes: file_len,
            seconds: info.seconds,
            spilled,
        })
    }
}

fn encode_header(key_id: u64, file_len: u64, secs: &[SectionInfo], json: &[u8]) -> Vec<u8> {
    let mut h = Vec::with_capacity(FIXED + secs.len() * ENTRY + json.len() + 4);
    let header_len = FIXED + secs.len() * ENTRY + json.len() + 4;
    h.extend_from_slice(&MAGIC);
    h.extend_from_slice(&VERSION.to_le_bytes());
    h.extend_from_slice(&(header_len as u32).to_le_bytes());
    h.extend_from_slice(&file_len.to_le_bytes());
    h.extend_from_slice(&key_id.to_le_bytes());
    h.extend_from_slice(&(secs.len() as u32).to_le_bytes());
    h.extend_from_slice(&(json.len() as u32).to_le_bytes());
    h.resize(FIXED, 0);
    for s in secs {
        h.extend_from_slice(&s.kind.code().to_le_bytes());
        h.extend_from_slice(&s.index_bits.to_le_bytes());
        for v in [
            s.entries,
            s.filter_off,
            s.filter_blocks,
            s.index_off,
            s.keys_off,
        ] {
            h.extend_from_slice(&v.to_le_bytes());
        }
        h.extend_from_slice(&s.body_crc.to_le_bytes());
        h.extend_from_slice(&0u32.to_le_bytes());
        h.extend_from_slice(&s.pushed.to_le_bytes());
    }
    h.extend_from_slice(json);
    let crc = crc32fast::hash(&h);
    h.extend_from_slice(&crc.to_le_bytes());
    h
}

/// Writes the keys, the bucket index and the filter of one section into the map.
fn fill_section(map: &mut MmapMut, s: &SectionInfo, runs: &Runs, kernels: &Kernels) -> Result<()> {
    let (fo, io, ko, end) = (
        s.filter_off as usize,
        s.index_off as usize,
        s.keys_off as usize,
        s.end() as usize,
    );
    let blocks = s.filter_blocks as usize;
    let bits = s.index_bits;
    let nb = 1usize << bits;
    let body = map
        .get_mut(fo..end)
        .ok_or_else(|| Error::Invalid("section outside the file".into()))?;
    let (filter_bytes, rest) = body.split_at_mut(io - fo);
    let (index_bytes, keys_bytes) = rest.split_at_mut(ko - io);
    filter_bytes.fill(0);
    let fptr = filter_bytes.as_mut_ptr();
    let mut index = Vec::with_capacity(nb + 1);
    let mut pos = 0usize;
    runs.for_each(|run| {
        let dst = keys_bytes
            .get_mut(pos * 8..(pos + run.len()) * 8)
            .unwrap_or_default();
        for (d, k) in dst.chunks_exact_mut(8).zip(run) {
            d.copy_from_slice(&k.to_le_bytes());
        }
        for (i, &k) in run.iter().enumerate() {
            let b = bucket(k, bits);
            while index.len() <= b {
                index.push((pos + i) as u64);
            }
            // SAFETY: fptr points at the filter region, blocks * 32 bytes long (layout), at a
            // multiple of 64 from the page-aligned map base; blocks is within 1..=u32::MAX.
            unsafe { kernels.insert(fptr, blocks, k) };
        }
        pos += run.len();
    })?;
    if pos as u64 != s.entries {
        return Err(Error::Invalid(format!(
            "shard files changed during the build ({pos} != {})",
            s.entries
        )));
    }
    index.resize(nb + 1, pos as u64);
    for (d, v) in index_bytes.chunks_exact_mut(8).zip(&index) {
        d.copy_from_slice(&v.to_le_bytes());
    }
    Ok(())
}

/// Options of [`build_store`].
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// Memory budget for buffered fingerprints, bytes.
    pub memory_budget: usize,
    /// The largest share of malformed lines among a source file's non-blank lines; a file
    /// with more, or with nothing but malformed lines, fails the build
    /// ([`SourceStats::check_bad_lines`]).
    pub max_bad_ratio: f64,
}

impl Default for BuildOptions {
    fn default() -> Self {
        BuildOptions {
            memory_budget: DEFAULT_MEMORY_BUDGET,
            max_bad_ratio: DEFAULT_MAX_BAD_RATIO,
        }
    }
}

/// Fails when `out` is one of the sources (the same file: same device and inode on Unix,
/// same canonical path elsewhere): the build would replace what it reads; or when it exists
/// and is not a regular file (a device, a FIFO, a directory).
fn refuse_overwriting_a_source(sources: &[Source], out: &Path) -> Result<()> {
    let Ok(out_meta) = std::fs::metadata(out) else {
        return Ok(()); // not there yet: no source is it
    };
    if !out_meta.is_file() {
        // Renaming the store over a device or a FIFO would replace it with a regular file.
        return Err(Error::Invalid(format!(
            "--out {} exists and is not a regular file: write the store elsewhere",
            out.display()
        )));
    }
    for s in sources {
        if let Ok(m) = std::fs::metadata(&s.path)
            && same_file(&out_meta, &m, out, &s.path)
        {
            return Err(Error::Invalid(format!(
                "--out {} is the source {} itself: the build would replace it; write the store \
                 elsewhere",
                out.display(),
                s.path.display()
            )));
        }
    }
    Ok(())
}

#[cfg(unix)]
fn same_file(a: &std::fs::Metadata, b: &std::fs::Metadata, _: &Path, _: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    a.dev() == b.dev() && a.ino() == b.ino()
}

#[cfg(not(unix))]
fn same_file(_: &std::fs::Metadata, _: &std::fs::Metadata, a: &Path, b: &Path) -> bool {
    matches!((a.canonicalize(), b.canonicalize()), (Ok(x), Ok(y)) if x == y)
}

/// Reads the sources on every core and writes the store at `out`: the whole of
/// `credsieve leaks build`. `progress` is called with the bytes of each block read.
///
/// Fails, writing nothing, when `out` is one of the sources, when its directory cannot be
/// created, or when a source has too many malformed lines (`opts.max_bad_ratio`).
pub fn build_store(
    fp: &Fingerprinter,
    sources: &[Source],
    out: &Path,
    opts: &BuildOptions,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<(BuildSummary, SourceStats)> {
    refuse_overwriting_a_source(sources, out)?;
    let mut b = StoreBuilder::new(out, fp.key_id()).memory_budget(opts.memory_budget);
    b.create_dir()?; // before the long read, not after it
    let mut stats = SourceStats::default();
    for s in sources {
        let one = fingerprint_sources(fp, std::slice::from_ref(s), progress, |c, p| b.push(c, p))?;
        one.check_bad_lines(s, opts.max_bad_ratio)?;
        stats.merge(&one);
    }
    let info = BuildInfo {
        tool: format!("credsieve {}", env!("CARGO_PKG_VERSION")),
        sources: sources
            .iter()
            .map(|s| SourceRecord {
                kind: s.kind,
                path: s.path.display().to_string(),
            })
            .collect(),
        stats: stats.clone(),
        ..BuildInfo::default()
    };
    let summary = b.finish(info)?;
    Ok((summary, stats))
}
