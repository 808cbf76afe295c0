//! `credsieve gen`: writes a labeled synthetic data set.

use std::path::PathBuf;

use anyhow::Context;
use clap::Args;

use credsieve::eval::r#gen::{self as generator, EventFormat, GenOptions, Scenario};
use credsieve::fingerprint::{Fingerprinter, KeySource};

/// Arguments of `credsieve gen`.
#[derive(Debug, Args)]
pub struct GenArgs {
    /// The scenario: stuffing, distributed, spraying, bruteforce, ipv6-rotation,
    /// takeover-followup, cgnat, monitoring, typos, realistic-day.
    #[arg(long, value_name = "NAME", default_value = "realistic-day")]
    pub scenario: String,
    /// Seed: the same options and seed give identical files.
    #[arg(long, value_name = "S", default_value_t = 1)]
    pub seed: u64,
    /// Number of service accounts (default: 5000 for realistic-day, fewer for the others).
    #[arg(long, value_name = "N")]
    pub accounts: Option<usize>,
    /// Events file format: jsonl or csv.
    #[arg(long, value_name = "FMT", default_value = "jsonl")]
    pub format: String,
    /// Start of the generated day (RFC 3339 or epoch milliseconds).
    #[arg(long, value_name = "TIME", default_value = "2026-11-20T00:00:00Z")]
    pub start: String,
    /// Output directory (created if missing).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Fingerprint key file (its bytes, one trailing newline removed); default: the demo key.
    #[arg(long, value_name = "F")]
    pub key_file: Option<PathBuf>,
}

/// Runs `credsieve gen`.
pub fn run(args: GenArgs) -> anyhow::Result<()> {
    let scenario: Scenario = args.scenario.parse()?;
    let format: EventFormat = args.format.parse()?;
    let start_ms = generator::parse_ts(&args.start).context("--start")?;
    // The generator fingerprints with the given key file or the demo key; it does not read
    // CREDSIEVE_KEY so that a data set never depends on the environment by accident.
    let key = match &args.key_file {
        Some(p) => Fingerprinter::from_sources(Some(p))?,
        None => Fingerprinter::new(credsieve::fingerprint::DEMO_KEY, KeySource::Demo),
    };
    let opts = GenOptions {
        scenario,
        seed: args.seed,
        accounts: args.accounts,
        start_ms,
        format,
        key,
        out_dir: args.out,
    };
    let summary = generator::generate(&opts)?;
    eprint!("{summary}");
    Ok(())
}
