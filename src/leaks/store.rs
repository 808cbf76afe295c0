//! The memory-mapped leak store file: one versioned file per store, queried in place.
//!
//! # Format (version 1, all integers little-endian)
//!
//! ```text
//! 0    magic      8 bytes  "CSLEAKS\0"
//! 8    version    u32      1
//! 12   header_len u32      bytes of the header region, its CRC included
//! 16   file_len   u64      size of the whole file
//! 24   key_id     u64      Fingerprinter::key_id() of the key (never the key)
//! 32   sections   u32      number of section entries (2: cred, pw)
//! 36   info_len   u32      bytes of the build information (JSON)
//! 40   reserved   24 bytes zero
//! 64   section table, 64 bytes an entry:
//!        kind u32 (1 cred, 2 pw), index_bits u32, n u64 (distinct fingerprints),
//!        filter_off u64, filter_blocks u64, index_off u64, keys_off u64,
//!        body_crc u32 (CRC-32 of filter, index and keys bytes), reserved u32,
//!        pushed u64 (fingerprints before de-duplication)
//! ...  build information, JSON (BuildInfo)
//! header_len-4  CRC-32 of bytes [0, header_len-4)
//! then per section, at 64-byte aligned offsets:
//!   filter   filter_blocks * 32 bytes: split-block Bloom filter (see filter.rs)
//!   index    (2^index_bits + 1) u64: index[b] = first position whose top index_bits bits >= b
//!   keys     n u64: the fingerprints, sorted ascending, distinct
//! ```
//!
//! A lookup asks the filter (one cache line); a "maybe" is confirmed in the keys: the bucket
//! index gives the range of the top bits (about 64..128 keys), an interpolation guess inside it
//! lands within a few keys of the key (fingerprints are uniform), a window of 16 keys around the
//! guess is compared without branches, and only when the key may lie outside the window does a
//! galloping search from the guess finish in `O(log distance)` (so skewed keys stay correct). No false positive survives.
//!
//! About 9.6 bytes per distinct entry: 8 (key) + 1.5 (filter, 12 bits) + at most 0.125 (index).
//!
//! # Safety of the mapping
//!
//! [`LeakStore::open`] checks size, magic, version, the header CRC and that every section lies
//! inside the file with the alignment it needs, in O(sections) time, so opening a store of 10^9
//! entries takes milliseconds. The bodies (filter, index, keys) are not read at open: they are
//! covered by per-section CRCs that [`LeakStore::verify`] (`leaks info --verify`) checks in one
//! pass. Lookups never index out of bounds whatever the body bytes hold.
//!
//! A mapped file that another process truncates while mapped makes the kernel raise SIGBUS on the
//! next access to a page past the new end: that cannot be turned into an error. Stores are
//! therefore never modified in place: [`StoreBuilder`] writes a temporary file in the output's
//! directory and renames it over the target, so a reader keeps the complete old inode. Do not
//! truncate or rewrite a store file by other means while `detect` runs.

use std::fs::File;
use std::io::{BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use memmap2::{Mmap, MmapMut};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::fingerprint::{Fingerprinter, Fp};
use crate::leaks::LeakLookup;
use crate::leaks::filter::{self, Kernels};
use crate::leaks::sources::{Source, SourceKind, SourceStats, fingerprint_sources};

/// The first 8 bytes of every store file.
pub const MAGIC: [u8; 8] = *b"CSLEAKS\0";
/// The format version this build reads and writes.
pub const VERSION: u32 = 1;

const FIXED: usize = 64;
const ENTRY: usize = 64;
const MAX_HEADER: usize = 16 << 20;
const MAX_SECTIONS: usize = 16;
/// Average keys per index bucket, at least (at most twice that).
const BUCKET_TARGET: u64 = 64;
/// Spilled builds are sharded into 2^SHARD_BITS files per section by the top bits.
const SHARD_BITS: u32 = 7;
/// Default memory budget of a build for buffered fingerprints.
pub const DEFAULT_MEMORY_BUDGET: usize = 2 << 30;

/// What a section holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SectionKind {
    /// Pair fingerprints (`cred`).
    Cred,
    /// Password fingerprints (`pw`).
    Pw,
}

impl SectionKind {
    fn code(self) -> u32 {
        match self {
            SectionKind::Cred => 1,
            SectionKind::Pw => 2,
        }
    }
    fn from_code(c: u32) -> Option<Self> {
        match c {
            1 => Some(SectionKind::Cred),
            2 => Some(SectionKind::Pw),
            _ => None,
        }
    }
}

/// One source file a store was built from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceRecord {
    /// Its kind.
    pub kind: SourceKind,
    /// Its path as given.
    pub path: String,
}

/// How a store was built; kept in the store (covered by the header CRC) and shown by `leaks info`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct BuildInfo {
    /// The program and version that built it.
    pub tool: String,
    /// When, in seconds since the Unix epoch.
    pub created_unix: u64,
    /// Wall time of the build, seconds.
    pub seconds: f64,
    /// The source files.
    pub sources: Vec<SourceRecord>,
    /// What reading them found.
    pub stats: SourceStats,
}

/// One section as described by the section table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SectionInfo {
    /// What it holds.
    pub kind: SectionKind,
    /// Distinct fingerprints.
    pub entries: u64,
    /// Fingerprints added before de-duplication.
    pub pushed: u64,
    /// Filter blocks of 32 bytes.
    pub filter_blocks: u64,
    /// Bits of the bucket index.
    pub index_bits: u32,
    filter_off: u64,
    index_off: u64,
    keys_off: u64,
    body_crc: u32,
}

impl SectionInfo {
    /// Bytes of the filter, index and keys.
    pub fn body_bytes(&self) -> u64 {
        self.end() - self.filter_off
    }
    fn index_len(&self) -> u64 {
        (1u64 << self.index_bits) + 1
    }
    fn end(&self) -> u64 {
        self.keys_off + self.entries * 8
    }
}

/// The byte layout of one section, from its entry count.
fn layout(kind: SectionKind, n: u64, pushed: u64, start: u64) -> Result<SectionInfo> {
    let too_big = || Error::Invalid(format!("{n} entries: too many for one store"));
    let index_bits = if n < 2 * BUCKET_TARGET {
        0
    } else {
        (n / BUCKET_TARGET).ilog2().min(32)
    };
    let filter_blocks = filter::blocks_for(n);
    let filter_off = start
        .checked_next_multiple_of(filter::ALIGN as u64)
        .ok_or_else(too_big)?;
    let index_off = filter_off + filter_blocks * filter::BLOCK_BYTES as u64;
    let keys_off = index_off + ((1u64 << index_bits) + 1) * 8;
    n.checked_mul(8)
        .and_then(|b| b.checked_add(keys_off))
        .ok_or_else(too_big)?;
    Ok(SectionInfo {
        kind,
        entries: n,
        pushed,
        filter_blocks,
        index_bits,
        filter_off,
        index_off,
        keys_off,
        body_crc: 0,
    })
}

fn u32_at(b: &[u8], off: usize) -> Option<u32> {
    Some(u32::from_le_bytes(
        b.get(off..off.checked_add(4)?)?.try_into().ok()?,
    ))
}
fn u64_at(b: &[u8], off: usize) -> Option<u64> {
    Some(u64::from_le_bytes(
        b.get(off..off.checked_add(8)?)?.try_into().ok()?,
    ))
}

/// The bucket of `fp` in an index of `bits` bits (0..=32).
#[inline]
fn bucket(fp: Fp, bits: u32) -> usize {
    fp.checked_shr(64 - bits).unwrap_or(0) as usize
}

/// A leak store file, memory-mapped and queried in place. See the module documentation.
pub struct LeakStore {
    map: Mmap,
    path: PathBuf,
    key_id: u64,
    info: BuildInfo,
    cred: SectionInfo,
    pw: SectionInfo,
    kernels: Kernels,
}

impl std::fmt::Debug for LeakStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LeakStore")
            .field("path", &self.path)
            .field("key_id", &format_args!("{:016x}", self.key_id))
            .field("cred", &self.cred.entries)
            .field("pw", &self.pw.entries)
            .finish()
    }
}

impl LeakStore {
    /// Opens and maps a store, checking size, magic, version, the header CRC and the section
    /// table (O(1) in the store size). A short, corrupted or foreign file is an
    /// [`Error::Store`] saying what is wrong. The key is not checked here: see
    /// [`LeakStore::check_key`] or [`LeakStore::open_with_key`].
    pub fn open(path: impl AsRef<Path>) -> Result<LeakStore> {
        let path = path.as_ref();
        let bad = |why: String| Error::Store {
            path: path.to_path_buf(),
            why,
        };
        let file = File::open(path).map_err(|e| Error::io(path, e))?;
        let size = file.metadata().map_err(|e| Error::io(path, e))?.len();
        if size == 0 {
            return Err(bad("empty file, not a credsieve leak store".into()));
        }
        // SAFETY: the map is read-only and private to this struct. Stores are replaced by rename,
        // never rewritten in place (module docs); a file truncated by someone else while mapped
        // would raise SIGBUS on access, which no check here can prevent.
        let map = unsafe { Mmap::map(&file) }.map_err(|e| Error::io(path, e))?;
        #[cfg(unix)]
        {
            // Lookups are random: read-ahead would only waste I/O on a cold cache.
            let _ = map.advise(memmap2::Advice::Random);
        }
        let b: &[u8] = &map;
        if b.len() < MAGIC.len() || b.get(..8) != Some(&MAGIC[..]) {
            if MAGIC.starts_with(b) {
                return Err(bad(format!("truncated store: {size} bytes")));
            }
            return Err(bad("not a credsieve leak store (bad magic)".into()));
        }
        let truncated = || bad(format!("truncated store: {size} bytes, header incomplete"));
        let version = u32_at(b, 8).ok_or_else(truncated)?;
        if version != VERSION {
            return Err(bad(format!(
                "store format version {version}, this build reads version {VERSION}: rebuild the store"
            )));
        }
        let header_len = u32_at(b, 12).ok_or_else(truncated)? as usize;
        if !(FIXED + 4..=MAX_HEADER).contains(&header_len) {
            return Err(bad(format!(
                "corrupted header (header length {header_len})"
            )));
        }
        if header_len > b.len() {
            return Err(truncated());
        }
        let crc_at = header_len - 4;
        let stored_crc = u32_at(b, crc_at).ok_or_else(truncated)?;
        if crc32fast::hash(b.get(..crc_at).unwrap_or_default()) != stored_crc {
            return Err(bad("corrupted header (checksum mismatch)".into()));
        }
        let file_len = u64_at(b, 16).ok_or_else(truncated)?;
        if file_len != size {
            let what = if size < file_len {
                "truncated store"
            } else {
                "store with trailing bytes"
            };
            return Err(bad(format!(
                "{what}: {size} bytes, its header says {file_len}"
            )));
        }
        let key_id = u64_at(b, 24).ok_or_else(truncated)?;
        let nsec = u32_at(b, 32).ok_or_else(truncated)? as usize;
        let info_len = u32_at(b, 36).ok_or_else(truncated)? as usize;
        let corrupt = |what: &str| bad(format!("corrupted header ({what})"));
        if nsec > MAX_SECTIONS || FIXED + nsec * ENTRY + info_len + 4 != header_len {
            return Err(corrupt("section count or sizes"));
        }
        let info_off = FIXED + nsec * ENTRY;
        let info: BuildInfo = b
            .get(info_off..info_off + info_len)
            .and_then(|j| serde_json::from_slice(j).ok())
            .ok_or_else(|| corrupt("build information"))?;
        let mut cred = None;
        let mut pw = None;
        let mut prev_end = header_len as u64;
        for i in 0..nsec {
            let e = FIXED + i * ENTRY;
            let field = |o: usize| u64_at(b, e + o).ok_or_else(truncated);
            let kind = SectionKind::from_code(u32_at(b, e).ok_or_else(truncated)?)
                .ok_or_else(|| corrupt("unknown section kind"))?;
            let s = SectionInfo {
                kind,
                index_bits: u32_at(b, e + 4).ok_or_else(truncated)?,
                entries: field(8)?,
                filter_off: field(16)?,
                filter_blocks: field(24)?,
                index_off: field(32)?,
                keys_off: field(40)?,
                body_crc: u32_at(b, e + 48).ok_or_else(truncated)?,
                pushed: field(56)?,
            };
            let ok = s.index_bits <= 32
                && (1..=u32::MAX as u64).contains(&s.filter_blocks)
                && s.filter_off >= prev_end
                && s.filter_off % filter::ALIGN as u64 == 0
                && s.index_off % 8 == 0
                && s.keys_off % 8 == 0
                && s.entries <= size / 8
                && s.filter_off + s.filter_blocks * filter::BLOCK_BYTES as u64 <= s.index_off
                && s.index_off + s.index_len() * 8 <= s.keys_off
                && s.keys_off <= size
                && s.end() <= size;
            if !ok {
                return Err(corrupt("section table"));
            }
            prev_end = s.end();
            let slot = if kind == SectionKind::Cred {
                &mut cred
            } else {
                &mut pw
            };
            if slot.replace(s).is_some() {
                return Err(corrupt("duplicate section"));
            }
        }
        let (Some(cred), Some(pw)) = (cred, pw) else {
            return Err(corrupt("missing section"));
        };
        if map.as_ptr() as usize % filter::ALIGN != 0 {
            return Err(bad("map is not aligned".into()));
        }
        Ok(LeakStore {
            map,
            path: path.to_path_buf(),
            key_id,
            info,
            cred,
            pw,
            kernels: Kernels::new(),
        })
    }

    /// Opens a store and checks that it was built with the key of `fp`.
    pub fn open_with_key(path: impl AsRef<Path>, fp: &Fingerprinter) -> Result<LeakStore> {
        let s = Self::open(path)?;
        s.check_key(fp)?;
        Ok(s)
    }

    /// Fails with [`Error::Store`] unless the store was built with the key of `fp`.
    pub fn check_key(&self, fp: &Fingerprinter) -> Result<()> {
        if fp.key_id() == self.key_id {
            return Ok(());
        }
        Err(Error::Store {
            path: self.path.clone(),
            why: format!(
                "leak store built with another key (store key id {:016x}, this run's key id {:016x}); \
                 use the --key-file it was built with",
                self.key_id,
                fp.key_id()
            ),
        })
    }

    /// Reads every section body once and checks its CRC: finds corruption past the header that
    /// [`LeakStore::open`] does not look at. Takes time proportional to the store size.
    pub fn verify(&self) -> Result<()> {
        for s in [&self.cred, &self.pw] {
            let body = self
                .map
                .get(s.filter_off as usize..s.end() as usize)
                .unwrap_or_default();
            let crc = body
                .par_chunks(64 << 20)
                .map(crc32_part)
                .reduce(|| None, combine);
            if crc.map_or(crc32fast::hash(&[]), |(c, _)| c) != s.body_crc {
                return Err(Error::Store {
                    path: self.path.clone(),
                    why: format!("corrupted store: {:?} section checksum mismatch", s.kind),
                });
            }
        }
        Ok(())
    }

    /// The file this store was opened from.
    pub fn path(&self) -> &Path {
        &self.path
    }
    /// How it was built.
    pub fn build_info(&self) -> &BuildInfo {
        &self.info
    }
    /// The section of pair fingerprints.
    pub fn cred_section(&self) -> &SectionInfo {
        &self.cred
    }
    /// The section of password fingerprints.
    pub fn pw_section(&self) -> &SectionInfo {
        &self.pw
    }
    /// The size of the file, bytes.
    pub fn file_len(&self) -> u64 {
        self.map.len() as u64
    }
    /// Which SIMD kernel the filter stage uses on this machine.
    pub fn filter_kernel(&self) -> &'static str {
        self.kernels.which()
    }

    /// The keys of a section, validated in bounds and aligned at open.
    fn keys(&self, s: &SectionInfo) -> &[u64] {
        let bytes = self
            .map
            .get(s.keys_off as usize..s.end() as usize)
            .unwrap_or_default();
        // SAFETY: u64 has no invalid bit patterns; align_to returns the aligned middle part
        // (all of it: keys_off is a multiple of 8 and the map page-aligned, checked at open).
        let (pre, keys, _) = unsafe { bytes.align_to::<u64>() };
        if pre.is_empty() { keys } else { &[] }
    }

    fn index(&self, s: &SectionInfo) -> &[u64] {
        let end = s.index_off + s.index_len() * 8;
        let bytes = self
            .map
            .get(s.index_off as usize..end as usize)
            .unwrap_or_default();
        // SAFETY: as in `keys`.
        let (pre, idx, _) = unsafe { bytes.align_to::<u64>() };
        if pre.is_empty() { idx } else { &[] }
    }

    /// Does the filter of `s` say "maybe"?
    #[inline]
    fn filter_maybe(&self, s: &SectionInfo, fp: Fp) -> bool {
        // SAFETY: open checked filter_off + blocks * 32 <= file length, filter_off % 64 == 0 and
        // the map base aligned to 64, and 1 <= blocks <= u32::MAX.
        unsafe {
            self.kernels.contains(
                self.map.as_ptr().add(s.filter_off as usize),
                s.filter_blocks as usize,
                fp,
            )
        }
    }

    /// The exact stage alone: is `fp` among the sorted keys of `s`?
    #[inline]
    fn exact(&self, s: &SectionInfo, fp: Fp) -> bool {
        let keys = self.keys(s);
        let (lo, hi, guess) = locate(s, keys.len(), self.index(s), fp);
        match keys.get(lo..hi) {
            Some(run) if !run.is_empty() => window(run, guess, fp),
            _ => false,
        }
    }

    #[inline]
    fn lookup(&self, s: &SectionInfo, fp: Fp) -> bool {
        s.entries > 0 && self.filter_maybe(s, fp) && self.exact(s, fp)
    }

    /// `out[i] = self.lookup(s, fps[i])` for every `i` below both lengths, software-pipelined:
    /// for [`LANES`] fingerprints at a time, prefetch every filter block and bucket index entry,
    /// then test the filters and prefetch the key window of each "maybe", then confirm. The
    /// cache and TLB misses of different fingerprints overlap instead of queueing one by one.
    fn lookup_many(&self, s: &SectionInfo, fps: &[Fp], out: &mut [bool]) {
        if s.entries == 0 {
            out.iter_mut().zip(fps).for_each(|(o, _)| *o = false);
            return;
        }
        let keys = self.keys(s);
        let idx = self.index(s);
        let filter = self.map.as_ptr().wrapping_add(s.filter_off as usize);
        let blocks = s.filter_blocks as usize;
        // (position in the chunk, run start, run end, guess) of the filter's "maybe"s.
        let mut todo = [(0usize, 0usize, 0usize, 0usize); LANES];
        for (fc, oc) in fps.chunks(LANES).zip(out.chunks_mut(LANES)) {
            for &fp in fc {
                let block = filter::block_of(fp, blocks) * filter::BLOCK_BYTES;
                prefetch(filter.wrapping_add(block));
                prefetch(idx.as_ptr().wrapping_add(bucket(fp, s.index_bits)));
            }
            let mut n = 0;
            for (i, (o, &fp)) in oc.iter_mut().zip(fc).enumerate() {
                *o = false;
                if self.filter_maybe(s, fp) {
                    let (lo, hi, guess) = locate(s, keys.len(), idx, fp);
                    let at = keys
                        .as_ptr()
                        .wrapping_add(lo + window_start(hi.saturating_sub(lo), guess));
                    prefetch(at);
                    prefetch(at.wrapping_add(WINDOW / 2));
                    prefetch(at.wrapping_add(WINDOW - 1));
                    if let Some(t) = todo.get_mut(n) {
                        *t = (i, lo, hi, guess);
                        n += 1;
                    }
                }
            }
            for &(i, lo, hi, guess) in todo.get(..n).unwrap_or_default() {
                if let (Some(o), Some(&fp)) = (oc.get_mut(i), fc.get(i)) {
                    *o = keys
                        .get(lo..hi)
                        .is_some_and(|run| !run.is_empty() && window(run, guess, fp));
                }
            }
        }
    }
}

/// Fingerprints in flight at once in [`LeakStore`]'s batch lookups.
const LANES: usize = 64;

/// Asks the CPU to bring the cache line at `p` into all cache levels; does nothing elsewhere
/// than on x86-64. Any address is allowed: a prefetch never faults and reads nothing into the
/// program.
#[inline(always)]
fn prefetch<T>(p: *const T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: PREFETCHT0 is a hint that neither faults nor has any visible effect, whatever the
    // address (the intrinsic is unsafe only because it takes a raw pointer); SSE is part of the
    // x86-64 baseline.
    unsafe {
        core::arch::x86_64::_mm_prefetch::<{ core::arch::x86_64::_MM_HINT_T0 }>(p.cast::<i8>())
    };
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}

/// Where `fp` would be among the `n` keys of `s`: the run `lo..hi` of its bucket (clamped to the
/// keys; empty or reversed if the index is corrupt) and the interpolation guess inside the run.
#[inline]
fn locate(s: &SectionInfo, n: usize, idx: &[u64], fp: Fp) -> (usize, usize, usize) {
    let b = bucket(fp, s.index_bits);
    let lo = idx.get(b).map_or(n, |&v| (u64::from_le(v) as usize).min(n));
    let hi = idx
        .get(b + 1)
        .map_or(n, |&v| (u64::from_le(v) as usize).min(n));
    // The position of fp within its bucket if keys are uniform.
    let frac = fp.checked_shl(s.index_bits).unwrap_or(0);
    let guess = ((frac as u128 * hi.saturating_sub(lo) as u128) >> 64) as usize;
    (lo, hi, guess)
}

/// Keys compared at once around the interpolation guess (a few cache lines, loaded in parallel).
const WINDOW: usize = 16;

/// The first position of the window compared around `guess` in a run of `len` keys.
#[inline]
fn window_start(len: usize, guess: usize) -> usize {
    guess
        .saturating_sub(WINDOW / 2)
        .min(len.saturating_sub(WINDOW))
}

/// Is `x` in the sorted little-endian `run`? Compares a window of keys around `guess` without
/// branches (so the CPU overlaps consecutive lookups), and gallops from `guess` only when `x`
/// may lie outside the window (rare for uniform keys).
#[inline]
fn window(run: &[u64], guess: usize, x: u64) -> bool {
    let len = run.len();
    let start = window_start(len, guess);
    let win = run
        .get(start..(start + WINDOW).min(len))
        .unwrap_or_default();
    if win.iter().fold(false, |a, &k| a | (u64::from_le(k) == x)) {
        return true;
    }
    let first = win.first().map_or(0, |&k| u64::from_le(k));
    let last = win.last().map_or(u64::MAX, |&k| u64::from_le(k));
    if (start == 0 || x > first) && (start + win.len() == len || x < last) {
        return false;
    }
    gallop(run, guess, x)
}

/// Is `x` in the sorted little-endian `run`? Starts at `guess` and gallops outwards.
#[inline]
fn gallop(run: &[u64], guess: usize, x: u64) -> bool {
    let len = run.len();
    let g = guess.min(len - 1);
    let at = |i: usize| run.get(i).map_or(u64::MAX, |&v| u64::from_le(v));
    let v = at(g);
    let (lo, hi) = match v.cmp(&x) {
        std::cmp::Ordering::Equal => return true,
        std::cmp::Ordering::Less => {
            // x is after g.
            let mut step = 1;
            let mut lo = g + 1;
            loop {
                let p = g + step;
                if p >= len {
                    break (lo, len);
                }
                if at(p) >= x {
                    break (lo, p + 1);
                }
                lo = p + 1;
                step *= 2;
            }
        }
        std::cmp::Ordering::Greater => {
            // x is before g.
            let mut step = 1;
            let mut hi = g;
            loop {
                if step > g {
                    break (0, hi);
                }
                let p = g - step;
                if at(p) <= x {
                    break (p, hi);
                }
                hi = p;
                step *= 2;
            }
        }
    };
    run.get(lo..hi)
        .is_some_and(|r| r.binary_search_by(|k| u64::from_le(*k).cmp(&x)).is_ok())
}

fn crc32_part(b: &[u8]) -> Option<(u32, u64)> {
    Some((crc32fast::hash(b), b.len() as u64))
}

/// Combines the CRCs of consecutive parts (crc32fast::Hasher::combine).
fn combine(a: Option<(u32, u64)>, b: Option<(u32, u64)>) -> Option<(u32, u64)> {
    match (a, b) {
        (None, x) | (x, None) => x,
        (Some((ca, la)), Some((cb, lb))) => {
            let mut h = crc32fast::Hasher::new_with_initial_len(ca, la);
            h.combine(&crc32fast::Hasher::new_with_initial_len(cb, lb));
            Some((h.finalize(), la + lb))
        }
    }
}

impl LeakLookup for LeakStore {
    fn has_cred(&self, fp: Fp) -> bool {
        self.lookup(&self.cred, fp)
    }
    fn has_pw(&self, fp: Fp) -> bool {
        self.lookup(&self.pw, fp)
    }
    fn has_creds(&self, fps: &[Fp], out: &mut [bool]) {
        self.lookup_many(&self.cred, fps, out);
    }
    fn has_pws(&self, fps: &[Fp], out: &mut [bool]) {
        self.lookup_many(&self.pw, fps, out);
    }
    fn key_id(&self) -> u64 {
        self.key_id
    }
}

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

    fn spill_dir(&mut self) -> Result<PathBuf> {
        if self.spill_dir.is_none() {
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
            s.body_crc = body
                .par_chunks(64 << 20)
                .map(crc32_part)
                .reduce(|| None, combine)
                .map_or(crc32fast::hash(&[]), |(c, _)| c);
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
}

impl Default for BuildOptions {
    fn default() -> Self {
        BuildOptions {
            memory_budget: DEFAULT_MEMORY_BUDGET,
        }
    }
}

/// Reads the sources on every core and writes the store at `out`: the whole of
/// `credsieve leaks build`. `progress` is called with the bytes of each block read.
pub fn build_store(
    fp: &Fingerprinter,
    sources: &[Source],
    out: &Path,
    opts: &BuildOptions,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<(BuildSummary, SourceStats)> {
    let mut b = StoreBuilder::new(out, fp.key_id()).memory_budget(opts.memory_budget);
    let stats = fingerprint_sources(fp, sources, progress, |c, p| b.push(c, p))?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::leaks::ExactSet;
    use rand::{RngExt, SeedableRng};

    fn build(dir: &Path, creds: &[u64], pws: &[u64], budget: usize) -> PathBuf {
        let out = dir.join("s.leaks");
        let mut b = StoreBuilder::new(&out, 7).memory_budget(budget);
        for c in creds.chunks(1000) {
            b.push(c, &[]).unwrap();
        }
        b.push(&[], pws).unwrap();
        b.finish(BuildInfo::default()).unwrap();
        out
    }

    #[test]
    fn gallop_and_window_find_everything() {
        for len in [1u64, 5, 16, 17, 40, 1000] {
            let run: Vec<u64> = (0..len).map(|i| i * 3).collect();
            for g in [0, 1, 7, 8, 9, 500, 999, 5000] {
                for x in 0..len * 3 + 3 {
                    assert_eq!(gallop(&run, g, x), x % 3 == 0 && x < len * 3, "g {g} x {x}");
                    assert_eq!(window(&run, g, x), x % 3 == 0 && x < len * 3, "w {g} x {x}");
                }
            }
        }
    }

    #[test]
    fn in_memory_and_spilled_agree_with_exact() {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(1);
        let creds: Vec<u64> = (0..50_000).map(|_| rng.random::<u64>()).collect();
        let mut pws: Vec<u64> = (0..20_000).map(|_| rng.random::<u64>() >> 40).collect(); // skewed
        pws.extend_from_slice(&pws.clone()); // duplicates
        let exact = ExactSet {
            creds: creds.iter().copied().collect(),
            pws: pws.iter().copied().collect(),
            key_id: 7,
        };
        for budget in [DEFAULT_MEMORY_BUDGET, 64 << 10] {
            let dir = tempfile::tempdir().unwrap();
            let p = build(dir.path(), &creds, &pws, budget);
            let s = LeakStore::open(&p).unwrap();
            s.verify().unwrap();
            assert_eq!(s.cred_section().entries, exact.creds.len() as u64);
            assert_eq!(s.pw_section().entries, exact.pws.len() as u64);
            for &c in &creds {
                assert!(s.has_cred(c));
            }
            for &w in &pws {
                assert!(s.has_pw(w));
            }
            for _ in 0..200_000 {
                let q = rng.random::<u64>();
                assert_eq!(s.has_cred(q), exact.creds.contains(&q));
                let q = q >> 40;
                assert_eq!(s.has_pw(q), exact.pws.contains(&q));
            }
            // Only the store and nothing else is left in the directory.
            assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        }
    }

    #[test]
    fn empty_store() {
        let dir = tempfile::tempdir().unwrap();
        let p = build(dir.path(), &[], &[], DEFAULT_MEMORY_BUDGET);
        let s = LeakStore::open(&p).unwrap();
        s.verify().unwrap();
        assert!(!s.has_cred(0) && !s.has_pw(0) && !s.has_cred(u64::MAX));
        assert_eq!(s.key_id(), 7);
    }

    #[test]
    fn small_sizes_and_extremes() {
        for n in [1usize, 2, 255, 256, 257, 1000] {
            let dir = tempfile::tempdir().unwrap();
            let mut keys: Vec<u64> = (0..n as u64)
                .map(|i| i.wrapping_mul(0x9E37_79B9_7F4A_7C15))
                .collect();
            keys.push(0);
            keys.push(u64::MAX);
            let p = build(dir.path(), &keys, &keys, DEFAULT_MEMORY_BUDGET);
            let s = LeakStore::open(&p).unwrap();
            for &k in &keys {
                assert!(s.has_cred(k) && s.has_pw(k));
                assert!(!s.has_cred(k ^ 1) || keys.contains(&(k ^ 1)));
            }
        }
    }
}
