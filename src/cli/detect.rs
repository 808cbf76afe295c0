//! `credsieve detect`: the nightly job.

use std::path::PathBuf;
use std::time::Instant;

use credsieve::Error;
use credsieve::pipeline;
use credsieve::report::{self, Summary};

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
}

/// Runs `detect`.
pub fn run(a: DetectArgs) -> anyhow::Result<i32> {
    let start = Instant::now();
    let cfg = load_config(a.config.as_deref())?;
    let opts = a.read.scan()?;
    let leaks = a.leaks.load()?;
    let scan = pipeline::scan(&a.logs, leaks.as_deref(), &opts)?;
    for l in &scan.stats.first_bad {
        eprintln!("credsieve: skipped bad line {l}");
    }
    if scan.stats.bad_lines > scan.stats.first_bad.len() as u64 {
        eprintln!("credsieve: ... {} bad lines in all", scan.stats.bad_lines);
    }
    for e in &scan.stats.errors {
        eprintln!("credsieve: error: {e}");
    }
    let analysis = pipeline::analyse_keeping(&scan.windows, &cfg, a.all_sources);
    let mut verdicts = pipeline::decide(&scan.windows, &analysis, &cfg);
    if a.all_sources {
        verdicts.add_all_sources(&analysis.sources, &cfg);
    }
    let wall = start.elapsed().as_secs_f64();
    let mut by_rule = std::collections::BTreeMap::new();
    for v in &verdicts.compromised {
        *by_rule.entry(v.rule.name().to_string()).or_insert(0) += 1;
    }
    let summary = Summary {
        version: env!("CARGO_PKG_VERSION"),
        events: scan.stats.events,
        bad_lines: scan.stats.bad_lines,
        accounts: scan.windows.account_count(),
        addresses: analysis.sources.addresses,
        pairs: scan.windows.pair_count(),
        compromised: verdicts.compromised.len(),
        exposed: verdicts.exposed.len(),
        attack_sources: verdicts.sources.len(),
        by_rule,
        leaks: leaks.is_some(),
        incomplete: !scan.stats.errors.is_empty(),
        config: cfg.clone(),
        wall_seconds: wall,
        events_per_second: scan.stats.events as f64 / wall.max(1e-9),
        mb_per_second: scan.stats.bytes as f64 / 1e6 / wall.max(1e-9),
        scan: scan.stats.clone(),
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
        "credsieve: {} events ({} bad lines), {} accounts, {} addresses: {} compromised, {} exposed, {} attack sources in {:.2} s",
        summary.events,
        summary.bad_lines,
        summary.accounts,
        summary.addresses,
        summary.compromised,
        summary.exposed,
        summary.attack_sources,
        wall
    );
    if scan.stats.events == 0 {
        eprintln!(
            "credsieve: warning: no login events were read (empty input?): every list is empty"
        );
    }
    if !scan.stats.errors.is_empty() {
        eprintln!(
            "credsieve: error: {} input(s) could not be read completely: the lists above may be short",
            scan.stats.errors.len()
        );
        return Ok(1);
    }
    Ok(0)
}
