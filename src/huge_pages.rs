//! The binary's allocator (Linux): the system one, with a transparent huge page hint on large
//! blocks.

/// Blocks of this size and more are backed by transparent huge pages where the kernel allows.
const HUGE_PAGE: usize = 2 << 20;

/// The system allocator, asking the kernel (`madvise(MADV_HUGEPAGE)`) for transparent huge
/// pages on the 2 MiB-aligned inside of every block of at least two huge pages.
///
/// The window state's tables and sort buffers grow to tens of megabytes; with 4 KiB pages each
/// is faulted in page by page (about 24,000 faults on a 1 M line sshd log, a tenth of the run's
/// CPU time). Where transparent huge pages are off (`never`) the hint does nothing; in the
/// common `madvise` mode it is what turns them on. It is a hint only: its result is ignored.
struct HugePageAlloc;

/// Hints huge pages for the whole 2 MiB pages inside `[p, p + size)`.
fn advise_huge(p: *mut u8, size: usize) {
    if p.is_null() || size < 2 * HUGE_PAGE {
        return;
    }
    let start = (p as usize).next_multiple_of(HUGE_PAGE);
    let end = (p as usize).saturating_add(size) / HUGE_PAGE * HUGE_PAGE;
    if end > start {
        // SAFETY: the range lies inside a block the allocator just handed out; MADV_HUGEPAGE
        // changes how its pages are backed, never their contents.
        unsafe {
            libc::madvise(start as *mut libc::c_void, end - start, libc::MADV_HUGEPAGE);
        }
    }
}

// SAFETY: every call is passed on to `System` unchanged; `advise_huge` only adds a hint on the
// block `System` returned.
unsafe impl std::alloc::GlobalAlloc for HugePageAlloc {
    unsafe fn alloc(&self, layout: std::alloc::Layout) -> *mut u8 {
        // SAFETY: the caller's contract for `alloc` is passed on.
        let p = unsafe { std::alloc::System.alloc(layout) };
        advise_huge(p, layout.size());
        p
    }

    unsafe fn alloc_zeroed(&self, layout: std::alloc::Layout) -> *mut u8 {
        // SAFETY: as for `alloc`.
        let p = unsafe { std::alloc::System.alloc_zeroed(layout) };
        advise_huge(p, layout.size());
        p
    }

    unsafe fn dealloc(&self, p: *mut u8, layout: std::alloc::Layout) {
        // SAFETY: as for `alloc`.
        unsafe { std::alloc::System.dealloc(p, layout) }
    }

    unsafe fn realloc(&self, p: *mut u8, layout: std::alloc::Layout, new_size: usize) -> *mut u8 {
        // SAFETY: as for `alloc`.
        let q = unsafe { std::alloc::System.realloc(p, layout, new_size) };
        advise_huge(q, new_size);
        q
    }
}

#[global_allocator]
static ALLOC: HugePageAlloc = HugePageAlloc;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hinted_blocks_keep_their_contents() {
        advise_huge(std::ptr::null_mut(), 8 * HUGE_PAGE);
        let mut small = vec![7u8; 100];
        advise_huge(small.as_mut_ptr(), small.len());
        // Through the global allocator: allocated, grown (realloc) and zeroed blocks.
        let mut v: Vec<u64> = (0..(3 * HUGE_PAGE / 8) as u64).collect();
        v.extend(0..(3 * HUGE_PAGE / 8) as u64);
        let z = vec![0u64; 3 * HUGE_PAGE / 8];
        assert!(
            v.iter()
                .take(3 * HUGE_PAGE / 8)
                .enumerate()
                .all(|(i, &x)| x == i as u64)
        );
        assert_eq!(v.len(), 3 * HUGE_PAGE / 4);
        assert!(z.iter().all(|&x| x == 0));
        assert!(small.iter().all(|&x| x == 7));
    }
}
