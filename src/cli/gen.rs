//! `credsieve gen`: writes a labeled synthetic data set.

use std::path::PathBuf;

use clap::Args;

use credsieve::eval::r#gen::{self as generator, EventFormat, GenOptions, Scenario};

/// Arguments of `credsieve gen`.
#[derive(Debug, Args)]
pub struct GenArgs {
    /// The scenario: stuffing, distributed, spraying, bruteforce, ipv6-rotation,
    /// takeover-followup, cgnat, monitoring, typos, realistic-day.
    #[arg(long, value_name = "NAME", default_value = "realistic-day", value_parser = parse_scenario)]
    pub scenario: Scenario,
    /// Seed: the same options and seed give identical files.
    #[arg(long, value_name = "S", default_value_t = 1)]
    pub seed: u64,
    /// Number of service accounts, 20 to 5,000,000 (default: 5000 for realistic-day, fewer for
    /// the others).
    #[arg(long, value_name = "N", value_parser = clap::builder::RangedU64ValueParser::<usize>::new()
        .range(generator::MIN_ACCOUNTS as u64..=generator::MAX_ACCOUNTS as u64))]
    pub accounts: Option<usize>,
    /// Events file format: jsonl or csv.
    #[arg(long, value_name = "FMT", default_value = "jsonl", value_parser = parse_format)]
    pub format: EventFormat,
    /// Start of the generated day (RFC 3339 or epoch milliseconds).
    #[arg(long, value_name = "TIME", default_value = "2026-11-20T00:00:00Z", value_parser = parse_start)]
    pub start: i64,
    /// Output directory (created if missing).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Fingerprint key file (its bytes, one trailing newline removed); else CREDSIEVE_KEY; else
    /// the demo key (with a warning), as `detect` resolves it.
    #[arg(long, value_name = "F")]
    pub key_file: Option<PathBuf>,
}

/// `--scenario`, parsed by clap so that a bad name is a usage error (exit 2).
fn parse_scenario(s: &str) -> Result<Scenario, String> {
    s.parse().map_err(|e: credsieve::Error| e.to_string())
}

/// `--format`: jsonl or csv.
fn parse_format(s: &str) -> Result<EventFormat, String> {
    s.parse().map_err(|e: credsieve::Error| e.to_string())
}

/// `--start`: RFC 3339 or epoch milliseconds, with room for a night of events within the
/// times credsieve keeps ([`credsieve::event::TIME_MIN`]..=[`credsieve::event::TIME_MAX`]).
fn parse_start(s: &str) -> Result<i64, String> {
    const ROOM_MS: i64 = 400 * 86_400_000;
    let t = generator::parse_ts(s).map_err(|e| e.to_string())?;
    if (credsieve::event::TIME_MIN..=credsieve::event::TIME_MAX - ROOM_MS).contains(&t) {
        Ok(t)
    } else {
        Err("outside the times credsieve keeps (about 2490 BC to AD 6428)".into())
    }
}

/// Runs `credsieve gen`.
pub fn run(args: GenArgs) -> anyhow::Result<()> {
    // The same key as `detect` would use (SPEC 2), so that its fingerprints meet the logs'.
    let key = super::load_key(args.key_file.as_deref())?;
    let opts = GenOptions {
        scenario: args.scenario,
        seed: args.seed,
        accounts: args.accounts,
        start_ms: args.start,
        format: args.format,
        key,
        out_dir: args.out,
    };
    let summary = generator::generate(&opts)?;
    eprint!("{summary}");
    Ok(())
}
