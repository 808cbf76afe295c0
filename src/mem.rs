//! Handing freed heap memory back to the operating system.
//!
//! glibc keeps freed blocks for reuse and returns memory to the kernel only from the top of a
//! heap: after [`crate::windows::Windows::finish`] has drained the pair tables (hundreds of
//! megabytes on a large night), the process would keep them resident while analysis allocates
//! elsewhere. [`release_free_memory`] asks glibc (`malloc_trim`) to give back every whole free
//! page of every arena, wherever it lies in the heap.
//!
//! [`status_bytes`], [`meminfo_bytes`] and [`limit_bytes`] read the process's, the machine's
//! and its control group's memory figures (Linux `/proc`, `/sys/fs/cgroup`), for the run's
//! summary and the capacity warning.

/// Returns the allocator's free pages to the operating system (glibc on Linux: `malloc_trim(0)`,
/// which releases whole free pages of every arena, not only the top of the heap). Elsewhere it
/// does nothing. Costs a walk over the allocator's free blocks: call it after large frees.
pub fn release_free_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: `malloc_trim` only releases memory the allocator holds as free; it touches no
    // live allocation and may be called from any thread at any time.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// A figure of this process's `/proc/self/status` in bytes (`VmHWM`: peak resident memory,
/// mapped file pages included; `RssAnon`: resident anonymous memory, the heap), where the
/// system has it (Linux); `None` elsewhere or when the field is absent.
pub fn status_bytes(field: &str) -> Option<u64> {
    proc_kib("/proc/self/status", field)
}

/// A figure of the machine's `/proc/meminfo` in bytes (`MemTotal`, `MemAvailable`), where the
/// system has it (Linux).
pub fn meminfo_bytes(field: &str) -> Option<u64> {
    proc_kib("/proc/meminfo", field)
}

/// The memory this process may use: the machine's (`MemTotal`), or its control group's limit
/// when that is lower (cgroup v2 `memory.max`, v1 `memory.limit_in_bytes`: a container's
/// limit). `None` where the system reports neither (not Linux).
pub fn limit_bytes() -> Option<u64> {
    let total = meminfo_bytes("MemTotal");
    let groups = std::fs::read_to_string("/proc/self/cgroup").unwrap_or_default();
    let group = cgroup_limit_paths(&groups)
        .into_iter()
        .filter_map(|p| std::fs::read_to_string(p).ok()?.trim().parse::<u64>().ok())
        .min();
    match (total, group) {
        (Some(t), Some(g)) => Some(t.min(g)),
        (t, g) => t.or(g),
    }
}

/// The files holding this process's control-group memory limits, from `/proc/self/cgroup`'s
/// text: `0::PATH` (v2) and `N:memory:PATH` (v1). An unlimited group reads `max` (v2) or a
/// number past any machine (v1), both harmless to [`limit_bytes`].
fn cgroup_limit_paths(groups: &str) -> Vec<String> {
    groups
        .lines()
        .filter_map(|l| {
            let mut f = l.splitn(3, ':');
            let (_, controllers, path) = (f.next()?, f.next()?, f.next()?);
            let path = path.trim_end_matches('/');
            if controllers.is_empty() {
                Some(format!("/sys/fs/cgroup{path}/memory.max"))
            } else if controllers.split(',').any(|c| c == "memory") {
                Some(format!("/sys/fs/cgroup/memory{path}/memory.limit_in_bytes"))
            } else {
                None
            }
        })
        .collect()
}

/// The `FIELD: N kB` line of a `/proc` file, in bytes.
fn proc_kib(path: &str, field: &str) -> Option<u64> {
    let text = std::fs::read_to_string(path).ok()?;
    kib_field(&text, field)
}

/// The value of `FIELD: N kB` in `text`, in bytes.
fn kib_field(text: &str, field: &str) -> Option<u64> {
    text.lines()
        .find_map(|l| l.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|v| v.split_whitespace().next()?.parse::<u64>().ok())
        .and_then(|kib| kib.checked_mul(1024))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Releasing after a large free neither panics nor disturbs live allocations.
    #[test]
    fn release_keeps_live_data() {
        let keep: Vec<u64> = (0..1000).collect();
        let big: Vec<Vec<u8>> = (0..64).map(|i| vec![i as u8; 1 << 16]).collect();
        drop(big);
        release_free_memory();
        assert_eq!(keep.iter().sum::<u64>(), 499_500);
    }

    /// `/proc` lines are read by name, in kibibytes; a missing or garbled field is none.
    #[test]
    fn kib_fields_are_read_by_name() {
        let text = "Name:\tcredsieve\nVmHWM:\t  2048 kB\nRssAnon:\t12 kB\nVmRSS: x kB\n";
        assert_eq!(kib_field(text, "VmHWM"), Some(2048 * 1024));
        assert_eq!(kib_field(text, "RssAnon"), Some(12 * 1024));
        assert_eq!(kib_field(text, "VmRSS"), None);
        assert_eq!(kib_field(text, "VmPeak"), None);
        assert_eq!(kib_field("Vm: 99999999999999999999 kB", "Vm"), None);
        if cfg!(target_os = "linux") {
            assert!(status_bytes("VmHWM").is_some_and(|b| b > 0));
            assert!(meminfo_bytes("MemTotal").is_some_and(|b| b > 0));
            assert!(limit_bytes().is_some_and(|b| b > 0 && Some(b) <= meminfo_bytes("MemTotal")));
        }
    }

    /// Both control-group layouts name their limit files; other controllers do not.
    #[test]
    fn cgroup_limit_files_for_both_layouts() {
        let v1 = "9:name=systemd:/\n4:memory:/job/42\n3:cpuset:/\n0::/\n";
        assert_eq!(
            cgroup_limit_paths(v1),
            [
                "/sys/fs/cgroup/memory/job/42/memory.limit_in_bytes",
                "/sys/fs/cgroup/memory.max"
            ]
        );
        assert_eq!(
            cgroup_limit_paths("0::/system.slice/nightly.service\n"),
            ["/sys/fs/cgroup/system.slice/nightly.service/memory.max"]
        );
        assert!(cgroup_limit_paths("garbage\n").is_empty());
    }
}
