//! Known-leaked credentials: the sources they come from (SPEC 3), and the lookups `detect` runs.
//!
//! [`LeakLookup`] is the one small trait the pipeline sees; [`ExactSet`] (in memory, built from
//! the text sources) and [`store::LeakStore`] (the memory-mapped store file) both implement it and
//! give the same answers.

pub mod filter;
pub mod sources;
pub mod store;

use ahash::AHashSet;

use crate::fingerprint::Fp;

/// Answers "is this fingerprint in the leaks?" exactly: no false positives, no false negatives.
pub trait LeakLookup: Send + Sync {
    /// Is this pair fingerprint (`cred`) in a leaked combo list?
    fn has_cred(&self, fp: Fp) -> bool;
    /// Is this password fingerprint (`pw`) a leaked password?
    fn has_pw(&self, fp: Fp) -> bool;
    /// The key identifier the leaks were fingerprinted with.
    fn key_id(&self) -> u64;
    /// Sets `out[i] = self.has_cred(fps[i])` for every `i` below the shorter of the two lengths
    /// (pass slices of equal length). Implementations may overlap the memory accesses of
    /// different fingerprints, so one call for a batch can be much faster than a loop of
    /// [`LeakLookup::has_cred`]; the answers are the same.
    fn has_creds(&self, fps: &[Fp], out: &mut [bool]) {
        for (o, &fp) in out.iter_mut().zip(fps) {
            *o = self.has_cred(fp);
        }
    }
    /// Sets `out[i] = self.has_pw(fps[i])`, as [`LeakLookup::has_creds`] does for pairs.
    fn has_pws(&self, fps: &[Fp], out: &mut [bool]) {
        for (o, &fp) in out.iter_mut().zip(fps) {
            *o = self.has_pw(fp);
        }
    }
    /// Prepares for about `lookups` lookups: a memory-mapped store that many lookups will
    /// touch most of asks the kernel to read it ahead (a hint; in-memory sets do nothing).
    fn expect_lookups(&self, lookups: u64) {
        let _ = lookups;
    }
}

/// An exact in-memory set of leaked fingerprints; the reference every faster lookup must equal.
#[derive(Debug, Default, Clone)]
pub struct ExactSet {
    /// Pair fingerprints.
    pub creds: AHashSet<Fp>,
    /// Password fingerprints.
    pub pws: AHashSet<Fp>,
    /// Key identifier.
    pub key_id: u64,
}

impl LeakLookup for ExactSet {
    fn has_cred(&self, fp: Fp) -> bool {
        self.creds.contains(&fp)
    }
    fn has_pw(&self, fp: Fp) -> bool {
        self.pws.contains(&fp)
    }
    fn key_id(&self) -> u64 {
        self.key_id
    }
}
