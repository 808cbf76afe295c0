//! `credsieve sweep`: scores a grid of thresholds on one scan of the logs.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::Context;
use clap::Args;

use credsieve::eval::score;
use credsieve::eval::sweep::{self, Grid};
use credsieve::pipeline;

use super::common::{LeakArgs, ReadArgs, load_config};
use super::eval::BaselineArgs;

/// Arguments of `credsieve sweep`.
#[derive(Debug, Args)]
#[command(after_long_help = GRID_HELP)]
pub struct SweepArgs {
    /// Login logs: files, directories, or `-` for standard input (read once).
    #[arg(required = true, value_name = "LOG")]
    pub logs: Vec<PathBuf>,
    /// The ground truth: `truth.csv` (header `user`, one compromised account a line).
    #[arg(long, value_name = "F")]
    pub truth: PathBuf,
    /// The grid (TOML): `[rules]` / `[networks]` tables of `field = [values...]`; its points
    /// are the cartesian product. See below.
    #[arg(long, value_name = "GRID.toml")]
    pub grid: PathBuf,
    /// Output directory for sweep.csv, sweep.svg and sweep.json (created if missing).
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub out: PathBuf,
    /// Base configuration (TOML) the grid points override; default: the built-in defaults.
    /// Its point is the one marked `default` in the CSV and the plot.
    #[arg(long, value_name = "F")]
    pub config: Option<PathBuf>,
    /// Where leaked credentials come from.
    #[command(flatten)]
    pub leaks: LeakArgs,
    /// How the logs are read (`--threads` also sets the sweep's threads).
    #[command(flatten)]
    pub read: ReadArgs,
    /// Leave the baselines out (they need a second, cheap read of the logs; standard input
    /// cannot be read twice, so with `-` they are left out with a note).
    #[arg(long)]
    pub no_baselines: bool,
    #[command(flatten)]
    pub baseline: BaselineArgs,
}

const GRID_HELP: &str = "\
GRID FORMAT (TOML):
  [rules]
  stuffing_window_secs = [60, 300, 600, 1800]
  reuse_min_accounts = [3, 4, 5]
  [networks]
  v4_prefix = [24, 28]

  Keys are configuration fields (`credsieve config --print-defaults`) under their section,
  rules.X or networks.X; each takes a list of values (or one value). The points are the
  cartesian product (here 4 x 3 x 2 = 24); fields not listed keep the base configuration's
  value. An unknown key or a bad value is an error. The base configuration is always scored
  (added as an extra row when the grid does not contain it).

OUTPUTS:
  sweep.csv   method,default,KEY...,flagged,tp,fp,fn,precision,recall,f1: one `credsieve` row
              per point (default=1 on the base configuration), then `fail2ban` and `over-reset`
              (left out when the logs cannot be read twice: standard input, a pipe).
  sweep.svg   precision against recall: the points, the default (red triangle), the baselines.
  sweep.json  the same figures with timings; `baselines_skipped` says why baselines are missing.";

/// Runs `credsieve sweep`.
pub fn run(a: SweepArgs) -> anyhow::Result<i32> {
    let start = Instant::now();
    let opts = a.read.scan()?;
    let grid = Grid::from_toml_file(&a.grid)?;
    let base = load_config(a.config.as_deref())?;
    // Check every point before the (long) scan.
    let npoints = grid
        .points(&base)
        .with_context(|| a.grid.display().to_string())?
        .len();
    let truth = score::read_truth(&a.truth)?;
    super::eval::warn_empty_truth(&a.truth, &truth);
    a.read.limit_threads();
    let leaks = a.leaks.load()?;
    let mut scan = pipeline::scan(&a.logs, leaks.as_deref(), &opts)?;
    for e in &scan.stats.errors {
        eprintln!("credsieve: error: {e}");
    }
    if !scan.stats.errors.is_empty() {
        anyhow::bail!(
            "{} input(s) could not be read completely: a sweep over part of the logs would mislead",
            scan.stats.errors.len()
        );
    }
    eprintln!(
        "credsieve: sweep: {} events read in {:.2} s; {} points",
        scan.stats.events, scan.stats.seconds, npoints
    );
    let unreadable = scan.inputs.unreadable();
    if let Some(why) = &unreadable {
        eprintln!("credsieve: note: the user-agent check did not run: {why}");
    }
    let mut report = sweep::run(
        &scan.windows,
        &grid,
        &base,
        &truth,
        Some((&mut scan.inputs, &opts)),
    )?;
    let mut baseline_seconds = 0.0;
    // The baselines read the logs a second time: where that cannot be done they would be
    // scored on nothing, so they are left out (sweep.json says why).
    let baselines_skipped = unreadable.filter(|_| !a.no_baselines);
    if let Some(why) = &baselines_skipped {
        eprintln!("credsieve: note: the fail2ban and over-reset baselines did not run: {why}");
    } else if !a.no_baselines {
        let t = Instant::now();
        scan.inputs
            .rewind(&opts.input)
            .context("reading the logs again for the baselines")?;
        let result = a.baseline.run(&mut scan.inputs, &opts.input)?;
        report.baselines = score::score_baselines(&truth, &result, &a.baseline.params());
        baseline_seconds = t.elapsed().as_secs_f64();
    }
    sweep::write_outputs(&a.out, &report)?;
    let json = serde_json::json!({
        "events": scan.stats.events,
        "scan_seconds": scan.stats.seconds,
        "baseline_seconds": baseline_seconds,
        "baselines_skipped": baselines_skipped,
        "wall_seconds": start.elapsed().as_secs_f64(),
        "report": &report,
    });
    credsieve::report::write_atomic(&a.out, "sweep.json", |w| {
        serde_json::to_writer_pretty(&mut *w, &json).map_err(std::io::Error::other)?;
        w.write_all(b"\n")
    })?;
    let t = &report.timing;
    eprintln!(
        "credsieve: sweep: analyse x{} {:.2} s, decide+score {} points {:.2} s ({:.1} ms/point), baselines {:.2} s, wall {:.2} s",
        t.analyses,
        t.analyse_seconds,
        t.points,
        t.decide_seconds,
        1000.0 * t.decide_seconds / t.points.max(1) as f64,
        baseline_seconds,
        start.elapsed().as_secs_f64()
    );
    let line = |name: &str, s: &score::Score| {
        eprintln!(
            "credsieve: {name:<10} flagged {:>6}  TP {:>5}  FP {:>5}  FN {:>5}  precision {:.4}  recall {:.4}  F1 {:.4}",
            s.flagged, s.tp, s.fp, s.fn_, s.precision, s.recall, s.f1
        )
    };
    if let Some(d) = report.default_point() {
        line("default", &d.score);
    }
    if let Some(b) = report.best_f1() {
        line("best F1", &b.score);
        let at: Vec<String> = report
            .keys
            .iter()
            .zip(&b.values)
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        eprintln!(
            "credsieve: best F1 at {}",
            if at.is_empty() {
                "the base configuration".into()
            } else {
                at.join(" ")
            }
        );
    }
    for b in &report.baselines {
        line(&b.method, &b.score);
    }
    eprintln!("credsieve: wrote {}", a.out.join("sweep.csv").display());
    Ok(0)
}
