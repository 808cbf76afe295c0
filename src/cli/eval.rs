//! `credsieve eval`: scores a run's output directory against a truth file.

use std::path::PathBuf;

use clap::Args;

use credsieve::eval::score;

/// Arguments of `credsieve eval`.
#[derive(Debug, Args)]
pub struct EvalArgs {
    /// The ground truth: `truth.csv` (header `user`, one compromised account a line).
    #[arg(long, value_name = "F")]
    pub truth: PathBuf,
    /// The output directory of a `detect` run (holds `compromised.csv`, maybe `exposed.csv`).
    #[arg(value_name = "OUTDIR")]
    pub out_dir: PathBuf,
    /// Labels (`user,label,scenario`) to explain false positives and misses; default:
    /// `labels.csv` next to the truth file, else next to OUTDIR, when one exists.
    #[arg(long, value_name = "F")]
    pub labels: Option<PathBuf>,
    /// Print the report as JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

/// Runs `credsieve eval`.
pub fn run(args: EvalArgs) -> anyhow::Result<()> {
    let report = score::evaluate(&args.truth, &args.out_dir, args.labels.as_deref())?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print!("{report}");
    }
    Ok(())
}
