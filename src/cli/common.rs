//! Argument groups shared by the commands that read login logs (`detect`, `sweep`).

use std::path::{Path, PathBuf};

use credsieve::Config;
use credsieve::input::csv::ColumnMap;
use credsieve::input::{Format, InputOptions};
use credsieve::leaks::store::LeakStore;
use credsieve::leaks::{ExactSet, LeakLookup};
use credsieve::pipeline::ScanOptions;

/// Where leaked credentials come from.
#[derive(Debug, clap::Args)]
pub struct LeakArgs {
    /// Leak store built by `credsieve leaks build` (memory-mapped; its key must be this run's).
    #[arg(long, value_name = "STORE")]
    pub leaks: Option<PathBuf>,
    /// Leak sources as text, fingerprinted in memory: combo lists (`user:password`).
    #[arg(long, value_name = "F")]
    pub leak_combos: Vec<PathBuf>,
    /// Leak sources as text: plain password lists.
    #[arg(long, value_name = "F")]
    pub leak_passwords: Vec<PathBuf>,
    /// Leak sources as text: Pwned Passwords (`SHA1:COUNT`).
    #[arg(long, value_name = "F")]
    pub leak_hibp: Vec<PathBuf>,
    /// File holding the fingerprint key; else CREDSIEVE_KEY; else the demo key.
    #[arg(long, value_name = "F")]
    pub key_file: Option<PathBuf>,
    /// Do not check the checksums of the --leaks store before the run (a full read of it, in
    /// parallel: ~0.1 s for 10^7 entries). A damaged store then gives wrong lists unnoticed;
    /// check it apart with `credsieve leaks info --verify`.
    #[arg(long, requires = "leaks")]
    pub no_verify_store: bool,
}

impl LeakArgs {
    /// Opens the store (checking its key and, unless `--no-verify-store`, its checksums) or
    /// fingerprints the text sources; `None` without any.
    pub fn load(&self) -> anyhow::Result<Option<Box<dyn LeakLookup>>> {
        let text = !self.leak_combos.is_empty()
            || !self.leak_passwords.is_empty()
            || !self.leak_hibp.is_empty();
        if let Some(p) = &self.leaks {
            if text {
                anyhow::bail!(
                    "--leaks and --leak-combos/--leak-passwords/--leak-hibp exclude each other"
                );
            }
            let fp = super::load_key(self.key_file.as_deref())?;
            let store = LeakStore::open(p)?;
            store.check_key(&fp)?;
            if !self.no_verify_store {
                store.verify()?;
            }
            return Ok(Some(Box::new(store)));
        }
        if text {
            let fp = super::load_key(self.key_file.as_deref())?;
            let (set, stats) = ExactSet::from_sources(
                &fp,
                &self.leak_combos,
                &self.leak_passwords,
                &self.leak_hibp,
            )?;
            for b in &stats.first_bad {
                eprintln!("credsieve: skipped bad leak line {b}");
            }
            if stats.bad > stats.first_bad.len() as u64 {
                eprintln!("credsieve: ... {} bad leak lines in all", stats.bad);
            }
            return Ok(Some(Box::new(set)));
        }
        Ok(None)
    }
}

/// How login logs are read.
#[derive(Debug, clap::Args)]
pub struct ReadArgs {
    /// Input format; default: from each file name, else jsonl.
    #[arg(long, value_enum)]
    pub format: Option<FormatArg>,
    /// Worker threads, at most 256 (default, or 0: all cores). Each thread keeps state for
    /// every other, so memory grows with the square of the count: 256 threads take about
    /// 1 GB and a second even on a one-line log.
    #[arg(long, default_value_t = 0, value_parser = parse_threads())]
    pub threads: usize,
    /// Read files as streams instead of memory-mapping them: use it when a file may be
    /// truncated while it is read (a mapped file dies with SIGBUS; a streamed one that ends
    /// short is reported as not read completely).
    #[arg(long)]
    pub no_mmap: bool,
    /// Fail (exit 1) when more than this share of lines cannot be parsed (0 to 1).
    #[arg(long, default_value_t = 0.01, value_parser = parse_ratio)]
    pub max_bad_ratio: f64,
    /// Year of syslog (sshd) files, which carry none: the year of each file's first month (the
    /// month after its longest run of months without a line; a file with December and January
    /// lines runs over New Year). Default: the current year (the previous one for months still
    /// to come).
    #[arg(long, value_parser = clap::value_parser!(i32).range(1..=9999))]
    pub year: Option<i32>,
    /// CSV column names: a preset (`rba`) or `ts=HEADER,user=HEADER,ip=HEADER,ok=HEADER`
    /// (optionally `cred=`, `pw=`). Default: the SPEC names, else the RBA preset.
    #[arg(long, value_parser = parse_columns)]
    pub columns: Option<Box<ColumnMap>>,
    /// Block size in bytes for parallel parsing (tests use small ones).
    #[arg(long, default_value_t = 4 << 20, hide = true)]
    pub block_size: usize,
}

impl ReadArgs {
    /// The input options.
    pub fn input(&self) -> InputOptions {
        InputOptions {
            format: self.format.map(FormatArg::format),
            mmap: !self.no_mmap,
            block_size: self.block_size.max(1),
            year: self.year,
            columns: self.columns.as_deref().cloned(),
        }
    }

    /// Makes `--threads` the size of rayon's global pool as well, so that every stage after
    /// the scan (the leak store's check, the analysis, the verdicts) keeps to it too; without
    /// it they ran on every core whatever `--threads` said. Call before anything uses rayon.
    pub fn limit_threads(&self) {
        if self.threads > 0 {
            // Fails only when the global pool exists already (a second call): harmless.
            let _ = rayon::ThreadPoolBuilder::new()
                .num_threads(credsieve::pipeline::worker_threads(self.threads))
                .build_global();
        }
    }

    /// The scan options (clap has checked every value; this does not fail).
    pub fn scan(&self) -> anyhow::Result<ScanOptions> {
        Ok(ScanOptions {
            input: self.input(),
            threads: self.threads,
            max_bad_ratio: self.max_bad_ratio,
            keep_bad: 10,
        })
    }
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

/// `--threads`: 0 (all cores) to [`credsieve::pipeline::MAX_THREADS`]; a larger value is a
/// usage error.
pub fn parse_threads() -> clap::builder::RangedU64ValueParser<usize> {
    clap::builder::RangedU64ValueParser::<usize>::new()
        .range(0..=credsieve::pipeline::MAX_THREADS as u64)
}

/// `--max-bad-ratio`: a share within 0..=1.
/// A share from 0 to 1 (clap: anything else is a usage error).
pub fn parse_ratio(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(r) if (0.0..=1.0).contains(&r) => Ok(r),
        Ok(_) => Err("must be within 0 and 1".into()),
        Err(e) => Err(e.to_string()),
    }
}

fn parse_columns(s: &str) -> Result<Box<ColumnMap>, String> {
    ColumnMap::parse(s).map(Box::new)
}

/// Reads a configuration file, or the defaults.
pub fn load_config(p: Option<&Path>) -> anyhow::Result<Config> {
    match p {
        Some(p) => Ok(Config::from_toml_file(p)?),
        None => Ok(Config::default()),
    }
}
