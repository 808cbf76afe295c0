//! Opening a store file and answering lookups from the mapping.

use std::fs::File;
use std::path::{Path, PathBuf};

use memmap2::Mmap;

use super::{
    BuildInfo, ENTRY, FIXED, MAGIC, MAX_HEADER, MAX_SECTIONS, SectionInfo, SectionKind, VERSION,
    body_crc, bucket, u32_at, u64_at,
};
use crate::error::{Error, Result};
use crate::fingerprint::{Fingerprinter, Fp};
use crate::leaks::LeakLookup;
use crate::leaks::filter::{self, Kernels};

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
    /// table (O(1) in the store size). A directory, a FIFO or device, a short, corrupted or
    /// foreign file is an [`Error::Store`] saying what is wrong. The key is not checked here: see
    /// [`LeakStore::check_key`] or [`LeakStore::open_with_key`].
    pub fn open(path: impl AsRef<Path>) -> Result<LeakStore> {
        let path = path.as_ref();
        let bad = |why: String| Error::Store {
            path: path.to_path_buf(),
            why,
        };
        // Looked at before opening: opening a FIFO would wait for a writer.
        let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
        if meta.is_dir() {
            return Err(bad("is a directory, not a leak store file".into()));
        }
        if !meta.is_file() {
            return Err(bad(
                "not a regular file (a FIFO, socket or device): a leak store is a file".into(),
            ));
        }
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
    /// [`LeakStore::open`] does not look at (a damaged body answers wrongly, without a crash).
    /// Both sections are read at once, each in chunks on every core; the file is read ahead
    /// sequentially meanwhile. Takes time proportional to the store size (see LEAKSTORE.md).
    /// A mismatch is an [`Error::Store`] naming the section and its bytes.
    pub fn verify(&self) -> Result<()> {
        #[cfg(unix)]
        let _ = self.map.advise(memmap2::Advice::Sequential);
        let ok = |s: &SectionInfo| {
            let body = self
                .map
                .get(s.filter_off as usize..s.end() as usize)
                .unwrap_or_default();
            body_crc(body) == s.body_crc
        };
        let (cred_ok, pw_ok) = rayon::join(|| ok(&self.cred), || ok(&self.pw));
        #[cfg(unix)]
        let _ = self.map.advise(memmap2::Advice::Random);
        for (s, fine) in [(&self.cred, cred_ok), (&self.pw, pw_ok)] {
            if !fine {
                return Err(Error::Store {
                    path: self.path.clone(),
                    why: format!(
                        "corrupted leak store: the {} section (bytes {}..{}) fails its checksum; \
                         rebuild it with `credsieve leaks build`",
                        s.kind.name(),
                        s.filter_off,
                        s.end()
                    ),
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

/// Is a store of `len` bytes worth reading in whole before `lookups` lookups, in a process
/// that may use `room` bytes? At least one lookup per 4 KB page, and a quarter of `room` at
/// most (a store the page cache cannot hold beside the night's state is left to page faults).
fn worth_reading_whole(lookups: u64, len: u64, room: u64) -> bool {
    lookups.saturating_mul(4096) >= len && len <= room / 4
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
    /// At least one lookup per page of the store: nearly every page will be read, so the whole
    /// file is read in at once (`MADV_POPULATE_READ`, Linux 5.14+; else `MADV_WILLNEED`, which
    /// this box's kernel caps at 8 MB) while the store is at most a quarter of the memory the
    /// process may use ([`crate::mem::limit_bytes`]). On a cold page cache one sequential read
    /// costs far less than a random 4 KB read per page fault (the 1 GB bench's 92 MB store,
    /// evicted: 0.12 s read whole, against +0.8 s of detect's 2.1 s by faults); on a warm one it
    /// maps the pages without a fault each. Fewer lookups, or a larger store, keep the random
    /// advice set at [`LeakStore::open`]. A file truncated meanwhile fails the populate
    /// (`EFAULT`, not `SIGBUS`) and is left to the lookups, as before.
    fn expect_lookups(&self, lookups: u64) {
        let room = crate::mem::limit_bytes().unwrap_or(u64::MAX);
        if !worth_reading_whole(lookups, self.map.len() as u64, room) {
            return;
        }
        // Read ahead sequentially while populating (under the random advice every page would
        // be its own read: 1.3 s instead of 0.08 s for the bench's cold 92 MB), then back to
        // random for the lookups.
        #[cfg(unix)]
        {
            let _ = self.map.advise(memmap2::Advice::Sequential);
            #[cfg(target_os = "linux")]
            let populated = self.map.advise(memmap2::Advice::PopulateRead).is_ok();
            #[cfg(not(target_os = "linux"))]
            let populated = false;
            if !populated {
                let _ = self.map.advise(memmap2::Advice::WillNeed);
            }
            let _ = self.map.advise(memmap2::Advice::Random);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_store_read_only_for_many_lookups_and_room_to_spare() {
        let gib = 1u64 << 30;
        assert!(worth_reading_whole(25_000, 96 << 20, 24 * gib));
        assert!(!worth_reading_whole(20_000, 96 << 20, 24 * gib));
        assert!(!worth_reading_whole(u64::MAX, 7 * gib, 24 * gib));
        assert!(worth_reading_whole(u64::MAX, 6 * gib, 24 * gib));
        assert!(!worth_reading_whole(0, 1, u64::MAX));
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
}
