//! `credsieve detect`: the nightly job.

use std::path::PathBuf;
use std::time::Instant;

use credsieve::Error;
use credsieve::pipeline;
use credsieve::report::{self, Summary};
use credsieve::windows::sources::PairFingerprints;

use super::common::{LeakArgs, ReadArgs, load_config};

/// Arguments of `detect`.
#[derive(Debug, clap::Args)]
pub struct DetectArgs {
    /// Login logs: files, directories, or `-` for standard input.
    #[arg(required = true)]
    pub logs: Vec<PathBuf>,
    /// Where leaked credentials come from.
    #[command(flatten)]
    pub leaks: LeakArgs,
    /// How the logs are read.
    #[command(flatten)]
    pub read: ReadArgs,
    /// Output directory; without it, compromised.csv goes to standard output.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Configuration file (TOML); see `credsieve config --print-defaults`.
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// List every address and network in ips.csv, attack source or not (for analysts).
    #[arg(long)]
    pub all_sources: bool,
    /// When an input cannot be read completely, still write the lists of what was read
    /// (`summary.json` says `"incomplete": true`; the exit code is 1 all the same). Without it
    /// such a run writes nothing and leaves earlier outputs in place.
    #[arg(long)]
    pub partial: bool,
}

/// Runs `detect`.
pub fn run(a: DetectArgs) -> anyhow::Result<i32> {
    let start = Instant::now();
    a.read.limit_threads();
    let cfg = load_config(a.config.as_deref())?;
    let opts = a.read.scan()?;
    let leaks = a.leaks.load()?;
    let mut scan = pipeline::scan(&a.logs, leaks.as_deref(), &opts)?;
    for l in &scan.stats.first_bad {
        eprintln!("credsieve: skipped bad line {l}");
    }
    if scan.stats.bad_lines > scan.stats.first_bad.len() as u64 {
        eprintln!("credsieve: ... {} bad lines in all", scan.stats.bad_lines);
    }
    // Inputs that could not be read completely: the scan's, and a second reading that failed
    // because an input changed under the run.
    let mut unread = scan.stats.errors.clone();
    if !a.partial {
        not_read(&unread, a.out.is_some())?;
    }
    // The heap at the end of each stage (the state is largest there, short of transients).
    let mut heap = credsieve::mem::status_bytes("RssAnon");
    let t = Instant::now();
    let analysis = pipeline::analyse_keeping(&scan.windows, &cfg, a.all_sources);
    let analyse_secs = t.elapsed().as_secs_f64();
    heap = heap.max(credsieve::mem::status_bytes("RssAnon"));
    let t = Instant::now();
    let (mut verdicts, agent_check) =
        pipeline::decide_checked(&mut scan.inputs, &opts, &mut scan.windows, &analysis, &cfg);
    let decide_secs = t.elapsed().as_secs_f64();
    heap = heap.max(credsieve::mem::status_bytes("RssAnon"));
    if agent_check.read_failed {
        unread.extend(agent_check.skipped.clone());
        if !a.partial {
            not_read(&unread, a.out.is_some())?;
        }
    } else if let Some(why) = &agent_check.skipped {
        eprintln!("credsieve: note: the user-agent check did not run: {why}");
    }
    let attack_sources = verdicts.sources.len();
    if a.all_sources {
        verdicts.add_all_sources(&analysis.sources, &cfg);
    }
    let fingerprints = analysis.sources.fingerprints;
    let wall = start.elapsed().as_secs_f64();
    let mut by_rule = std::collections::BTreeMap::new();
    for v in &verdicts.compromised {
        *by_rule.entry(v.rule.name().to_string()).or_insert(0) += 1;
    }
    let memory = report::MemoryStats {
        peak_rss_bytes: credsieve::mem::status_bytes("VmHWM"),
        heap_bytes: heap,
        machine_bytes: credsieve::mem::limit_bytes(),
    };
    let mut warnings = Vec::new();
    if memory.near_capacity(NEAR_CAPACITY) {
        warnings.push(format!(
            "the night's state took {:.1} GB of the machine's {:.1} GB: a night much larger may not fit (docs/PERFORMANCE.md, \"Memory at scale\")",
            memory.heap_bytes.unwrap_or(0) as f64 / 1e9,
            memory.machine_bytes.unwrap_or(0) as f64 / 1e9
        ));
    }
    if scan.stats.events == 0 {
        warnings.push("no login events were read (empty input?): every list is empty".into());
    }
    warnings.extend(fingerprint_warning(
        leaks.is_some(),
        scan.stats.events,
        &fingerprints,
    ));
    warnings.extend(time_warning(scan.stats.last_ts));
    let summary = Summary {
        version: env!("CARGO_PKG_VERSION"),
        events: scan.stats.events,
        bad_lines: scan.stats.bad_lines,
        accounts: scan.windows.account_count(),
        addresses: analysis.sources.addresses,
        pairs: scan.windows.pair_count(),
        compromised: verdicts.compromised.len(),
        exposed: verdicts.exposed.len(),
        attack_sources,
        by_rule,
        leaks: leaks.is_some(),
        fingerprints,
        incomplete: !unread.is_empty(),
        config: cfg.clone(),
        agent_check,
        wall_seconds: wall,
        stage_seconds: report::StageSeconds {
            scan: scan.stats.seconds,
            analyse: analyse_secs,
            decide: decide_secs,
        },
        events_per_second: scan.stats.events as f64 / wall.max(1e-9),
        mb_per_second: scan.stats.bytes as f64 / 1e6 / wall.max(1e-9),
        scan: scan.stats.clone(),
        memory,
        warnings,
    };
    match &a.out {
        Some(dir) => report::write_all(dir, &verdicts, &summary)?,
        None => {
            let stdout = std::io::stdout();
            report::write_accounts(stdout.lock(), &verdicts.compromised)
                .map_err(|e| Error::io("-", e))?;
        }
    }
    eprintln!(
        "credsieve: {} events ({} bad lines), {} accounts, {} addresses: {} compromised, {} exposed, {} attack sources in {:.2} s (scan {:.2}, analyse {:.2}, decide {:.2})",
        summary.events,
        summary.bad_lines,
        summary.accounts,
        summary.addresses,
        summary.compromised,
        summary.exposed,
        summary.attack_sources,
        wall,
        summary.stage_seconds.scan,
        summary.stage_seconds.analyse,
        summary.stage_seconds.decide
    );
    for w in &summary.warnings {
        eprintln!("credsieve: warning: {w}");
    }
    if !unread.is_empty() {
        for e in &unread {
            eprintln!("credsieve: error: {e}");
        }
        eprintln!(
            "credsieve: error: {} input(s) could not be read completely: the lists written (--partial) are of what was read and may be short",
            unread.len()
        );
        return Ok(1);
    }
    Ok(0)
}

/// Fails the run when inputs could not be read completely (`errors`), so that nothing is
/// written: one line for one input (the others, if any, on the lines before it).
fn not_read(errors: &[String], out: bool) -> anyhow::Result<()> {
    let Some((last, before)) = errors.split_last() else {
        return Ok(());
    };
    for e in before {
        eprintln!("credsieve: error: {e}");
    }
    let kept = if out {
        ", earlier outputs left in place"
    } else {
        ""
    };
    let more = if before.is_empty() {
        String::new()
    } else {
        format!(" (and {} more above)", before.len())
    };
    anyhow::bail!(
        "{last}{more}: not read completely, so nothing written{kept} (--partial writes the lists of what was read)"
    )
}

/// Logins with a pair fingerprint, none of them leaked, from which on a night whose logs and
/// leaks share a key some match would be expected (a few percent of users reuse a leaked pair).
const MISMATCH_MIN_LOGINS: u64 = 1000;

/// The share of the machine's memory past which the run warns that a larger night may not fit
/// (`decide`'s transients and a busier night come on top of the state measured).
const NEAR_CAPACITY: f64 = 0.6;

/// What to tell the user when leaks were given but the logs' pair fingerprints could not use
/// them: none logged (the leaked-pair rules were idle), or many and none leaked (perhaps
/// fingerprinted under another key than the store's).
fn fingerprint_warning(leaks: bool, events: u64, f: &PairFingerprints) -> Option<String> {
    if !leaks || events == 0 {
        return None;
    }
    if f.logins == 0 && f.leaked_attempts == 0 {
        return Some(
            "no login in the logs carries a pair fingerprint (`cred`): the leaks matched \
             nothing and detection was behavioural only"
                .into(),
        );
    }
    (f.leaked_attempts == 0 && f.logins >= MISMATCH_MIN_LOGINS).then(|| {
        format!(
            "none of {} logins' pair fingerprints, and no failed one, is in the leaks: if the \
             logs were fingerprinted with another key than the leaks, every leaked-pair rule \
             was idle",
            f.logins
        )
    })
}

/// What to tell the user when every event is dated before 1973-03-03 (10^11 ms): SPEC 1 reads
/// an integer time as epoch milliseconds, and a night in epoch seconds read so would shrink
/// every window a thousandfold. Nothing is reinterpreted: the warning says what was read.
fn time_warning(last_ts: Option<i64>) -> Option<String> {
    let last = last_ts?;
    (last < credsieve::input::time::EPOCH_SECONDS_BELOW).then(|| {
        format!(
            "every event is dated before 1973-03-03 (the latest {}): SPEC 1 reads integer times \
             as epoch milliseconds; if these logs count seconds, every window was a thousand \
             times too short",
            credsieve::input::time::fmt_ms(last)
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warns_when_every_time_looks_like_seconds() {
        assert_eq!(time_warning(None), None);
        assert_eq!(time_warning(Some(1_795_144_455_123)), None);
        let w = time_warning(Some(1_795_144_455)).unwrap_or_default();
        assert!(w.contains("1970-01-21T18:39:04.455Z"), "{w}");
    }

    #[test]
    fn warns_when_leaks_cannot_match() {
        let f = |logins, leaked_attempts| PairFingerprints {
            logins,
            leaked_attempts,
            successes: logins,
        };
        assert!(fingerprint_warning(true, 10, &f(0, 0)).is_some());
        assert!(fingerprint_warning(true, 10, &f(5, 0)).is_none());
        assert!(fingerprint_warning(true, 5000, &f(1000, 0)).is_some());
        assert!(fingerprint_warning(true, 5000, &f(1000, 1)).is_none());
        assert!(fingerprint_warning(false, 5000, &f(0, 0)).is_none());
        assert!(fingerprint_warning(true, 0, &f(0, 0)).is_none());
    }
}
