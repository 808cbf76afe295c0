//! `credsieve eval`: scores a run's output directory against a truth file, and, given the logs,
//! the fail2ban and over-reset baselines beside it.

use std::path::PathBuf;

use anyhow::Context;
use clap::Args;

use credsieve::eval::baselines::{self, Fail2banParams};
use credsieve::eval::{score, trail};
use credsieve::input::InputOptions;

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
    /// Event labels (`line,actor,...`: who made each event) to show the attacker's events on
    /// each miss and the recall ceiling; default: `event_labels.csv` next to the truth file,
    /// when one exists. The events are the one `--logs` file, else `events.jsonl` or
    /// `events.csv` next to the truth file.
    #[arg(long, value_name = "F")]
    pub event_labels: Option<PathBuf>,
    /// Print the report as JSON instead of text.
    #[arg(long)]
    pub json: bool,
    /// The login logs of the run: when given, the fail2ban and over-reset baselines are run on
    /// them and scored beside credsieve (JSON: `baselines`).
    #[arg(long, value_name = "LOG", num_args = 1..)]
    pub logs: Vec<PathBuf>,
    /// Format of the `--logs` files; default: from each file name, else jsonl.
    #[arg(long, value_enum, value_name = "FMT")]
    pub format: Option<super::common::FormatArg>,
    #[command(flatten)]
    pub baseline: BaselineArgs,
}

/// The baselines' parameters (shared with `sweep`).
#[derive(Debug, Clone, Args)]
pub struct BaselineArgs {
    /// fail2ban `maxretry`: failures from one address that trigger a ban (1 or more).
    #[arg(long, value_name = "N", default_value_t = 5, value_parser = parse_maxretry)]
    pub maxretry: usize,
    /// fail2ban `findtime` in seconds: the window the failures must fall in.
    #[arg(long, value_name = "SECS", default_value_t = 600)]
    pub findtime: u32,
}

/// `--maxretry`: 1 or more.
fn parse_maxretry(s: &str) -> Result<usize, String> {
    match s.parse::<usize>() {
        Ok(0) => Err("must be 1 or more".into()),
        Ok(n) => Ok(n),
        Err(e) => Err(e.to_string()),
    }
}

impl BaselineArgs {
    /// fail2ban's parameters.
    pub fn params(&self) -> Fail2banParams {
        Fail2banParams {
            maxretry: self.maxretry,
            findtime_ms: i64::from(self.findtime) * 1000,
        }
    }

    /// Reads the logs (opened, and read from where they stand: a scan's inputs are rewound
    /// first) and runs both baselines; warns about skipped lines on standard error.
    pub fn run(
        &self,
        logs: &mut credsieve::input::read::Inputs,
        opts: &InputOptions,
    ) -> anyhow::Result<baselines::BaselineResult> {
        let feed =
            baselines::read_events_in(logs, opts).context("reading the logs for the baselines")?;
        if feed.bad_lines > 0 {
            eprintln!(
                "credsieve: baselines: skipped {} bad lines (first: {})",
                feed.bad_lines,
                feed.first_bad.first().map_or("", String::as_str)
            );
        }
        Ok(baselines::run(&feed.events, &self.params()))
    }
}

/// Runs `credsieve eval`.
pub fn run(args: EvalArgs) -> anyhow::Result<()> {
    let near_truth = |name: &str| args.truth.parent().map(|d| d.join(name));
    let mut event_labels = args
        .event_labels
        .clone()
        .or_else(|| near_truth("event_labels.csv").filter(|p| p.is_file()));
    let stdin = args.logs.iter().any(|p| p.as_os_str() == "-");
    if let Some(labels) = event_labels.as_ref().filter(|_| stdin) {
        // The events are read again at the labels' lines, after the baselines' reading.
        let why = format!(
            "{}: event labels need the events read a second time, and standard input cannot be: give the events file with --logs FILE",
            labels.display()
        );
        if args.event_labels.is_some() {
            anyhow::bail!(why);
        }
        eprintln!("credsieve: note: attackers' events not shown: {why}");
        event_labels = None;
    }
    let mut report = score::evaluate(&args.truth, &args.out_dir, args.labels.as_deref())?;
    let truth = score::read_truth(&args.truth)?;
    warn_empty_truth(&args.truth, &truth);
    let format = args.format.map(super::common::FormatArg::format);
    if !args.logs.is_empty() {
        let opts = InputOptions {
            format,
            ..InputOptions::default()
        };
        let result = args.baseline.run(
            &mut credsieve::input::read::Inputs::open(&args.logs, &opts),
            &opts,
        )?;
        report = report.with_baselines(score::score_baselines(
            &truth,
            &result,
            &args.baseline.params(),
        ));
    }
    if let Some(labels) = event_labels {
        let events = match args.logs.as_slice() {
            [one] => Some(one.clone()),
            [] => ["events.jsonl", "events.csv"]
                .into_iter()
                .filter_map(near_truth)
                .find(|p| p.is_file()),
            _ => None,
        };
        match events {
            Some(events) => {
                let trail = trail::read_trail(&events, &labels, format).with_context(|| {
                    format!("reading the attacker's trail from {}", labels.display())
                })?;
                report = report.with_trail(&truth, &trail);
            }
            None => eprintln!(
                "credsieve: eval: {} found, but no single events file to read it against (give one --logs file)",
                labels.display()
            ),
        }
    }
    print(&args, &report)
}

/// Prints the report, as JSON with `--json`.
fn print(args: &EvalArgs, report: &score::EvalReport) -> anyhow::Result<()> {
    if args.json {
        outln!("{}", serde_json::to_string_pretty(report)?);
    } else {
        out!("{report}");
    }
    Ok(())
}

/// Warns when the truth lists no account: recall then measures nothing (it reads 1.0) and
/// every flagged account counts as a false positive. Not an error: a night with no takeover
/// (the must-not-flag scenarios) is scored this way on purpose.
pub fn warn_empty_truth(path: &std::path::Path, truth: &std::collections::BTreeSet<String>) {
    if truth.is_empty() {
        eprintln!(
            "credsieve: warning: {} lists no compromised account: recall cannot be measured (it reads 1.0); only false positives count",
            path.display()
        );
    }
}
