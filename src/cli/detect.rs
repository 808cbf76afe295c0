//! `credsieve detect`: the nightly job.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::Context;
use credsieve::input::csv::ColumnMap;
use credsieve::input::{Format, InputOptions};
use credsieve::leaks::store::LeakStore;
use credsieve::leaks::{ExactSet, LeakLookup};
use credsieve::pipeline::{self, ScanOptions};
use credsieve::report::{self, Summary};
use credsieve::{Config, Error};

/// Arguments of `detect`.
#[derive(Debug, clap::Args)]
pub struct DetectArgs {
    /// Login logs: files, directories, or `-` for standard input.
    #[arg(required = true)]
    pub logs: Vec<PathBuf>,
    /// Leak store built by `credsieve leaks build` (memory-mapped; its key must be this run's).
    #[arg(long)]
    pub leaks: Option<PathBuf>,
    /// Leak sources as text, fingerprinted in memory: combo lists (`user:password`).
    #[arg(long)]
    pub leak_combos: Vec<PathBuf>,
    /// Leak sources as text: plain password lists.
    #[arg(long)]
    pub leak_passwords: Vec<PathBuf>,
    /// Leak sources as text: Pwned Passwords (`SHA1:COUNT`).
    #[arg(long)]
    pub leak_hibp: Vec<PathBuf>,
    /// Output directory; without it, compromised.csv goes to standard output.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Configuration file (TOML); see `credsieve config --print-defaults`.
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Input format; default: from each file name, else jsonl.
    #[arg(long, value_enum)]
    pub format: Option<FormatArg>,
    /// Worker threads (default: all cores).
    #[arg(long, default_value_t = 0)]
    pub threads: usize,
    /// Read files as streams instead of memory-mapping them (safe if a file may be truncated
    /// while it is read).
    #[arg(long)]
    pub no_mmap: bool,
    /// Fail (exit 1) when more than this share of lines cannot be parsed.
    #[arg(long, default_value_t = 0.01)]
    pub max_bad_ratio: f64,
    /// File holding the fingerprint key; else CREDSIEVE_KEY; else the demo key.
    #[arg(long)]
    pub key_file: Option<PathBuf>,
    /// List every address and network in ips.csv, attack source or not (for analysts).
    #[arg(long)]
    pub all_sources: bool,
    /// Year of the first line of syslog (sshd) files, which carry none; a file running over New
    /// Year continues into the next. Default: the current year (the previous one for months
    /// still to come).
    #[arg(long)]
    pub year: Option<i32>,
    /// CSV column names: a preset (`rba`) or `ts=HEADER,user=HEADER,ip=HEADER,ok=HEADER`
    /// (optionally `cred=`, `pw=`). Default: the SPEC names, else the RBA preset.
    #[arg(long, value_parser = parse_columns)]
    pub columns: Option<Box<ColumnMap>>,
    /// Block size in bytes for parallel parsing (tests use small ones).
    #[arg(long, default_value_t = 4 << 20, hide = true)]
    pub block_size: usize,
}

/// Input formats on the command line.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum FormatArg {
    /// JSON Lines.
    Jsonl,
    /// CSV with a header row.
    Csv,
    /// OpenSSH syslog lines.
    Sshd,
}

fn parse_columns(s: &str) -> Result<Box<ColumnMap>, String> {
    ColumnMap::parse(s).map(Box::new)
}

impl FormatArg {
    /// The library's format.
    pub fn format(self) -> Format {
        match self {
            FormatArg::Jsonl => Format::Jsonl,
            FormatArg::Csv => Format::Csv,
            FormatArg::Sshd => Format::Sshd,
        }
    }
}

/// Runs `detect`.
pub fn run(a: DetectArgs) -> anyhow::Result<i32> {
    let start = Instant::now();
    let cfg = match &a.config {
        Some(p) => {
            let text =
                std::fs::read_to_string(p).with_context(|| format!("reading {}", p.display()))?;
            Config::from_toml(&text).with_context(|| p.display().to_string())?
        }
        None => Config::default(),
    };
    if !(0.0..=1.0).contains(&a.max_bad_ratio) {
        anyhow::bail!("--max-bad-ratio must be within 0..=1");
    }
    let mut leaks: Option<Box<dyn LeakLookup>> = None;
    if let Some(p) = &a.leaks {
        if !a.leak_combos.is_empty() || !a.leak_passwords.is_empty() || !a.leak_hibp.is_empty() {
            anyhow::bail!(
                "--leaks and --leak-combos/--leak-passwords/--leak-hibp exclude each other"
            );
        }
        let fp = super::load_key(a.key_file.as_deref())?;
        let store = LeakStore::open(p)?;
        store.check_key(&fp)?;
        leaks = Some(Box::new(store));
    } else if !a.leak_combos.is_empty() || !a.leak_passwords.is_empty() || !a.leak_hibp.is_empty() {
        let fp = super::load_key(a.key_file.as_deref())?;
        let (set, _st) =
            ExactSet::from_sources(&fp, &a.leak_combos, &a.leak_passwords, &a.leak_hibp)?;
        leaks = Some(Box::new(set));
    }
    let opts = ScanOptions {
        input: InputOptions {
            format: a.format.map(|f| match f {
                FormatArg::Jsonl => Format::Jsonl,
                FormatArg::Csv => Format::Csv,
                FormatArg::Sshd => Format::Sshd,
            }),
            mmap: !a.no_mmap,
            block_size: a.block_size.max(1),
            year: a.year,
            columns: a.columns.as_deref().cloned(),
        },
        threads: a.threads,
        max_bad_ratio: a.max_bad_ratio,
        keep_bad: 10,
    };
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
    let analysis = pipeline::analyse(&scan.windows, &cfg);
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
        addresses: analysis.sources.addrs.len(),
        pairs: analysis.pairs.len(),
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
    if !scan.stats.errors.is_empty() {
        eprintln!(
            "credsieve: error: {} input(s) could not be read completely: the lists above may be short",
            scan.stats.errors.len()
        );
        return Ok(1);
    }
    Ok(0)
}
