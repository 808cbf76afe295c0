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
//! covered by per-section CRCs that [`LeakStore::verify`] checks in one parallel pass (`detect`
//! and `sweep` call it after opening, `leaks info --verify` on demand): a damaged body would
//! answer wrongly without it. Lookups never index out of bounds whatever the body bytes hold.
//!
//! A mapped file that another process truncates while mapped makes the kernel raise SIGBUS on the
//! next access to a page past the new end: that cannot be turned into an error. Stores are
//! therefore never modified in place: [`StoreBuilder`] writes a temporary file in the output's
//! directory and renames it over the target, so a reader keeps the complete old inode. Do not
//! truncate or rewrite a store file by other means while `detect` runs.

mod build;
mod read;

pub use build::{BuildOptions, BuildSummary, StoreBuilder, build_store};
pub use read::LeakStore;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::fingerprint::Fp;
use crate::leaks::filter;
use crate::leaks::sources::{SourceKind, SourceStats};

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
    /// Its name in messages and on the command line (`cred`, `pw`).
    pub fn name(self) -> &'static str {
        match self {
            SectionKind::Cred => "cred",
            SectionKind::Pw => "pw",
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

/// Bytes a thread checksums at once: small enough to share a section between the cores.
const CRC_CHUNK: usize = 4 << 20;

/// The CRC-32 of a section body, computed in chunks on every core and combined.
fn body_crc(body: &[u8]) -> u32 {
    body.par_chunks(CRC_CHUNK)
        .map(crc32_part)
        .reduce(|| None, combine)
        .map_or(crc32fast::hash(&[]), |(c, _)| c)
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

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use super::*;
    use crate::leaks::{ExactSet, LeakLookup};
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
