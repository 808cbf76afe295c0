//! The output files of SPEC 4, each written to a temporary file in the output directory and
//! renamed into place, so a reader sees a complete file or none.

use std::io::Write;
use std::path::Path;

use serde::Serialize;

use crate::error::{Error, Result};
use crate::input::time::fmt_ms;
use crate::pipeline::ScanStats;
use crate::rules::{Config, Verdict, Verdicts};
use crate::windows::sources::PairFingerprints;

/// The header of `compromised.csv` and `exposed.csv`.
pub const ACCOUNT_HEADER: [&str; 15] = [
    "user",
    "time",
    "ip",
    "source",
    "rule",
    "reason",
    "src_accounts",
    "src_fail_only",
    "src_replays",
    "src_spray_max",
    "replays_near",
    "pw_fail_accounts",
    "leaked_logins",
    "pair_attempts",
    "pair_fails",
];

/// Keeps the I/O error inside a CSV error (so a closed pipe stays recognisable).
fn csv_io(e: csv::Error) -> std::io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(io) => io,
        other => std::io::Error::other(format!("{other:?}")),
    }
}

/// Writes account rows as CSV.
pub fn write_accounts<W: Write>(out: W, rows: &[Verdict]) -> std::io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(ACCOUNT_HEADER).map_err(csv_io)?;
    for v in rows {
        let f = &v.figures;
        let ip = v
            .addr
            .map_or_else(String::new, |a| crate::event::key_ip(a).to_string());
        w.write_record([
            v.user.clone(),
            fmt_ms(v.ts_ms),
            ip,
            v.source.clone(),
            v.rule.name().to_string(),
            v.reason.clone(),
            f.src_accounts.to_string(),
            f.src_fail_only.to_string(),
            f.src_replays.to_string(),
            f.src_spray_max.to_string(),
            f.replays_near.to_string(),
            f.pw_fail_accounts.to_string(),
            f.leaked_logins.to_string(),
            f.pair_attempts.to_string(),
            f.pair_fails.to_string(),
        ])
        .map_err(csv_io)?;
    }
    w.flush()
}

/// Writes `ips.csv`.
pub fn write_ips<W: Write>(out: W, v: &Verdicts) -> std::io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record([
        "source",
        "kind",
        "behaviour",
        "compromised",
        "ips",
        "accounts",
        "attempts",
        "fails",
        "succ_accounts",
        "fail_only_accounts",
        "replay_fail_accounts",
        "leaked_succ_accounts",
        "spray_max",
        "brute_max",
        "first",
        "last",
    ])
    .map_err(csv_io)?;
    for s in &v.sources {
        let st = &s.stats;
        w.write_record([
            s.source.clone(),
            format!("{:?}", s.kind).to_lowercase(),
            s.behaviour.to_string(),
            s.compromised.to_string(),
            st.ips.to_string(),
            st.accounts.to_string(),
            st.attempts.to_string(),
            st.fails.to_string(),
            st.succ_accounts.to_string(),
            st.fail_only_accounts.to_string(),
            st.replay_fail_accounts.to_string(),
            st.leaked_succ_accounts.to_string(),
            st.spray_max.to_string(),
            st.brute_max.to_string(),
            fmt_ms(st.first_ts),
            fmt_ms(st.last_ts),
        ])
        .map_err(csv_io)?;
    }
    w.flush()
}

/// `summary.json`.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    /// credsieve's version.
    pub version: &'static str,
    /// Events parsed.
    pub events: u64,
    /// Bad lines skipped.
    pub bad_lines: u64,
    /// Distinct accounts.
    pub accounts: usize,
    /// Distinct addresses.
    pub addresses: usize,
    /// Distinct (address, account) pairs.
    pub pairs: usize,
    /// Accounts in compromised.csv.
    pub compromised: usize,
    /// Accounts in exposed.csv.
    pub exposed: usize,
    /// Rows of ips.csv.
    pub attack_sources: usize,
    /// Compromised accounts per rule.
    pub by_rule: std::collections::BTreeMap<String, usize>,
    /// Leak lookups were made (`--leaks` given).
    pub leaks: bool,
    /// How the logs' pair fingerprints met the leaks.
    pub fingerprints: PairFingerprints,
    /// Inputs could not all be read: the lists may be short.
    pub incomplete: bool,
    /// Thresholds in force.
    pub config: Config,
    /// What the user-agent check did.
    pub agent_check: crate::rules::agents::AgentCheck,
    /// What was read.
    pub scan: ScanStats,
    /// Wall time of the whole run in seconds.
    pub wall_seconds: f64,
    /// Where the wall time went, stage by stage.
    pub stage_seconds: StageSeconds,
    /// Events per second over the wall time.
    pub events_per_second: f64,
    /// Megabytes per second over the wall time.
    pub mb_per_second: f64,
    /// What the run held in memory (for capacity planning: the state grows with distinct
    /// addresses, accounts and pairs; docs/PERFORMANCE.md, "Memory at scale").
    pub memory: MemoryStats,
    /// What the run warned about on standard error, one sentence each (empty: nothing): an
    /// empty input, leaks the logs' fingerprints could not match, times that look like epoch
    /// seconds, a state near the machine's memory. A nightly job can fail on any of them.
    pub warnings: Vec<String>,
}

/// Wall seconds of each stage of a run, in order; the rest of `wall_seconds` is loading the
/// configuration and the leaks. A nightly job that slows down sees which stage grew.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct StageSeconds {
    /// Reading and parsing the logs into the window state, and sorting it.
    pub scan: f64,
    /// Source statistics (addresses, networks, sprayed passwords).
    pub analyse: f64,
    /// The rules and the lists, the user-agent check's second reading of the logs included
    /// (`agent_check.seconds`).
    pub decide: f64,
}

/// Memory figures of a run, where the system reports them (Linux; `null` elsewhere).
#[derive(Debug, Clone, Default, Serialize)]
pub struct MemoryStats {
    /// Peak resident memory (`VmHWM`): the memory-mapped logs' pages included, which the page
    /// cache can drop.
    pub peak_rss_bytes: Option<u64>,
    /// The largest heap (`RssAnon`) seen at the end of the scan, the analysis and the
    /// decisions: the night's state without the logs' pages (a lower bound of its peak).
    pub heap_bytes: Option<u64>,
    /// The memory the run may use: the machine's (`MemTotal`), or its control group's limit
    /// when lower (a container's).
    pub machine_bytes: Option<u64>,
}

impl MemoryStats {
    /// Is the heap above `share` of the machine's memory (a night not much larger may not
    /// fit)? False when either is unknown.
    pub fn near_capacity(&self, share: f64) -> bool {
        match (self.heap_bytes, self.machine_bytes) {
            (Some(h), Some(m)) => h as f64 > share * m as f64,
            _ => false,
        }
    }
}

/// Writes `bytes` to `dir/name` atomically (temporary file in `dir`, then rename).
pub fn write_atomic(
    dir: &Path,
    name: &str,
    f: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<()> {
    write_synced(dir, name, f)?.rename()
}

/// A complete output written and synced to a temporary file, not yet in place.
struct Synced {
    path: std::path::PathBuf,
    tmp: tempfile::NamedTempFile,
}

impl Synced {
    /// Renames the file into place.
    fn rename(self) -> Result<()> {
        let path = self.path;
        self.tmp
            .persist(&path)
            .map_err(|e| Error::io(&path, e.error))?;
        Ok(())
    }
}

/// Writes an output to a temporary file in `dir` and syncs it to disk.
fn write_synced(
    dir: &Path,
    name: &str,
    f: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<Synced> {
    let path = dir.join(name);
    let mut tmp = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .tempfile_in(dir)
        .map_err(|e| Error::io(dir, e))?;
    {
        let mut bw = std::io::BufWriter::new(tmp.as_file_mut());
        f(&mut bw).map_err(|e| Error::io(&path, e))?;
        bw.flush().map_err(|e| Error::io(&path, e))?;
    }
    tmp.as_file().sync_all().map_err(|e| Error::io(&path, e))?;
    Ok(Synced { path, tmp })
}

/// An output's writer, for [`write_all`]'s threads.
type Writer<'a> = Box<dyn FnOnce(&mut dyn Write) -> std::io::Result<()> + Send + 'a>;

/// Writes all four outputs into `dir` (created if missing). The four files are written and
/// synced at once, one thread each (a sync waits for the disk, several share a journal commit:
/// one after the other they took most of a 1 M line run's output time), then renamed into place
/// in order, `summary.json` last, as before: when it is there, the other three are complete.
pub fn write_all(dir: &Path, v: &Verdicts, summary: &Summary) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let outputs: [(&str, Writer<'_>); 4] = [
        (
            "compromised.csv",
            Box::new(|w| write_accounts(w, &v.compromised)),
        ),
        ("exposed.csv", Box::new(|w| write_accounts(w, &v.exposed))),
        ("ips.csv", Box::new(|w| write_ips(w, v))),
        (
            "summary.json",
            Box::new(|w| {
                serde_json::to_writer_pretty(&mut *w, summary).map_err(std::io::Error::other)?;
                w.write_all(b"\n")
            }),
        ),
    ];
    let synced: Vec<Result<Synced>> = std::thread::scope(|s| {
        let handles: Vec<_> = outputs
            .into_iter()
            .map(|(name, f)| s.spawn(move || write_synced(dir, name, f)))
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err(Error::Invalid("an output writer panicked".into())))
            })
            .collect()
    });
    // Nothing is renamed unless all four were written.
    let synced: Vec<Synced> = synced.into_iter().collect::<Result<_>>()?;
    for f in synced {
        f.rename()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::MemoryStats;

    /// The capacity warning needs both figures and a heap above the share.
    #[test]
    fn near_capacity_needs_both_figures() {
        let m = |heap, machine| MemoryStats {
            peak_rss_bytes: None,
            heap_bytes: heap,
            machine_bytes: machine,
        };
        assert!(m(Some(61), Some(100)).near_capacity(0.6));
        assert!(!m(Some(60), Some(100)).near_capacity(0.6));
        assert!(!m(None, Some(100)).near_capacity(0.6));
        assert!(!m(Some(99), None).near_capacity(0.6));
    }
}
