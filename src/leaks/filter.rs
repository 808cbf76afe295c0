//! The first stage of a store lookup: a split-block Bloom filter (Parquet SBBF layout) read
//! in place from the memory-mapped file, through `sbbf-rs` (AVX2/SSE/NEON kernels).
//!
//! Layout (fixed by the store format): `blocks` blocks of 256 bits (8 little-endian `u32`
//! words); a fingerprint `h` goes to block `((h >> 32) * blocks) >> 32` and sets one bit in each
//! word, chosen by the Parquet salts from `h as u32`. Fingerprints are HMAC outputs, uniformly
//! distributed, so they serve as the hash directly.

use sbbf_rs::FilterFn;

/// Bytes of one filter block.
pub const BLOCK_BYTES: usize = sbbf_rs::BUCKET_SIZE;

/// Required alignment of the filter bytes.
pub const ALIGN: usize = sbbf_rs::ALIGNMENT;

/// The filter size of the store: bits per distinct entry (false-positive rate about 0.4%).
pub const BITS_PER_KEY: u64 = 12;

/// The number of blocks for `n` entries: at least one, at most `u32::MAX` (the block index is
/// 32 bits wide).
pub fn blocks_for(n: u64) -> u64 {
    (n.saturating_mul(BITS_PER_KEY)
        .div_ceil(BLOCK_BYTES as u64 * 8))
    .clamp(1, u32::MAX as u64)
}

/// The block of `h` in a filter of `blocks` blocks (`< blocks` when `1 <= blocks <= u32::MAX`):
/// the block [`Kernels::contains`] reads, for prefetching it ahead.
#[inline]
pub(crate) fn block_of(h: u64, blocks: usize) -> usize {
    (((h >> 32) * blocks as u64) >> 32) as usize
}

/// The CPU-specific SBBF kernels, shareable between threads.
pub(crate) struct Kernels(FilterFn);

// SAFETY: `FilterFn` only holds a `&'static dyn FilterImpl` pointing at one of sbbf-rs's
// stateless unit structs (AVX2, SSE, NEON, fallback); sharing it between threads shares no state.
unsafe impl Send for Kernels {}
// SAFETY: as above, the kernels have no state at all.
unsafe impl Sync for Kernels {}

impl Kernels {
    pub(crate) fn new() -> Self {
        Kernels(FilterFn::new())
    }

    /// Which kernel runs (for `leaks info`).
    pub(crate) fn which(&self) -> &'static str {
        self.0.which()
    }

    /// May `h` be in the filter of `blocks` blocks at `filter`?
    ///
    /// # Safety
    /// `filter` must be aligned to [`ALIGN`] and valid for reads of `blocks * BLOCK_BYTES` bytes,
    /// and `1 <= blocks <= u32::MAX`.
    #[inline]
    pub(crate) unsafe fn contains(&self, filter: *const u8, blocks: usize, h: u64) -> bool {
        // SAFETY: forwarded from the caller.
        unsafe { self.0.contains(filter, blocks, h) }
    }

    /// Inserts `h`.
    ///
    /// # Safety
    /// As [`Kernels::contains`], and valid for writes.
    #[inline]
    pub(crate) unsafe fn insert(&self, filter: *mut u8, blocks: usize, h: u64) {
        // SAFETY: forwarded from the caller.
        unsafe {
            self.0.insert(filter, blocks, h);
        }
    }
}
