//! Threshold sweeps: one scan, many configurations, each scored against ground truth.
//!
//! A [`Grid`] lists values for some [`Config`] fields; its points are the cartesian product,
//! each a copy of a base configuration (the defaults, usually) with those fields overridden.
//! [`run`] derives the sources ([`pipeline::analyse`]) once per distinct `networks` section and
//! convicts every point ([`rules::convict_first`]), in parallel. The second reading of the logs
//! ([`crate::rules::agents`]: the user-agent check, `hit-and-run-agent`) happens once per
//! `networks` section, for what all its points want together, and each point is then settled
//! ([`rules::settle`]), convicted again and listed as `detect` would.
//!
//! # Grid format (TOML)
//!
//! ```toml
//! [rules]
//! stuffing_window_secs = [60, 300, 600, 1800]
//! reuse_min_accounts = [3, 4, 5]
//!
//! [networks]
//! v4_prefix = [24, 28]
//! ```
//!
//! Tables are the sections of the configuration (`rules`, `networks`), keys are their fields
//! (see `credsieve config --print-defaults`), and each value is a non-empty array of values, or
//! one value. The example has 4 x 3 x 2 = 24 points. Integers are accepted for fractional fields.
//! An unknown key, a value of the wrong type or out of range is an error naming the key.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::Path;
use std::time::Instant;

use plotters::prelude::*;
use rayon::prelude::*;
use serde::Serialize;

use super::score::{BaselineScore, Score, score_verdicts};
use crate::error::{Error, Result};
use crate::pipeline;
use crate::rules::config::{located, toml_error};
use crate::rules::{self, Config};
use crate::windows::Windows;

/// Grids larger than this are refused (a typo such as `0..10000` would run for hours).
pub const MAX_POINTS: usize = 100_000;

/// The configuration sections a grid may name.
const SECTIONS: [&str; 2] = ["networks", "rules"];

/// One swept field and its values.
#[derive(Debug, Clone, PartialEq)]
pub struct Axis {
    /// The field's path, `rules.X` or `networks.X`.
    pub key: String,
    /// The values, in the order given.
    pub values: Vec<toml::Value>,
}

/// A grid of configurations: the cartesian product of its axes.
#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    /// The axes, `networks.*` first, then `rules.*`, each sorted by field name.
    pub axes: Vec<Axis>,
}

/// One point of a grid.
#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    /// The value of each axis at this point, in axis order.
    pub values: Vec<toml::Value>,
    /// The base configuration with these values.
    pub config: Config,
}

fn grid_err(msg: impl Into<String>) -> Error {
    Error::Config(format!("grid: {}", msg.into()))
}

/// The configuration as a TOML table (every field present).
fn config_table(c: &Config) -> Result<toml::Table> {
    toml::Table::try_from(c).map_err(|e| Error::Config(e.to_string()))
}

/// The value of field `key` (`section.field`) in a configuration table.
fn lookup<'t>(t: &'t toml::Table, key: &str) -> Option<&'t toml::Value> {
    let (sec, field) = key.split_once('.')?;
    t.get(sec)?.as_table()?.get(field)
}

/// Sets fields of `base` from `(key, value)` pairs and checks the result.
pub fn apply(base: &Config, values: &[(&str, &toml::Value)]) -> Result<Config> {
    let mut t = config_table(base)?;
    for (key, v) in values {
        let (sec, field) = key
            .split_once('.')
            .ok_or_else(|| grid_err(format!("key `{key}` is not `section.field`")))?;
        let slot = t
            .get_mut(sec)
            .and_then(toml::Value::as_table_mut)
            .and_then(|s| s.get_mut(field))
            .ok_or_else(|| grid_err(format!("unknown key `{key}`")))?;
        *slot = match (&*slot, v) {
            (toml::Value::Float(_), toml::Value::Integer(i)) => toml::Value::Float(*i as f64),
            _ => (*v).clone(),
        };
    }
    let c: Config = toml::Value::Table(t)
        .try_into()
        .map_err(|e: toml::de::Error| grid_err(e.message().to_string()))?;
    c.validate()?;
    Ok(c)
}

impl Grid {
    /// Reads and parses a grid file; an error names the file (and, for TOML syntax, the line
    /// and column) in one line: `FILE: grid: line L, column C: why`.
    pub fn from_toml_file(path: &Path) -> Result<Grid> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        Self::parse(&text, Some(path))
    }

    /// Parses a grid (see the module docs). Every value is checked against the defaults.
    pub fn from_toml(text: &str) -> Result<Grid> {
        Self::parse(text, None)
    }

    /// [`Grid::from_toml`]; errors say `ORIGIN:LINE:COLUMN: grid: why` where those are known.
    fn parse(text: &str, origin: Option<&Path>) -> Result<Grid> {
        Self::parse_table(text).map_err(|(pos, why)| Error::Config(located(origin, pos, &why)))
    }

    /// The grid, or where (if known) and why it is not one.
    fn parse_table(text: &str) -> std::result::Result<Grid, (Option<(usize, usize)>, String)> {
        let grid_err = |why: String| (None, format!("grid: {why}"));
        let doc: toml::Table = text.parse().map_err(|e: toml::de::Error| {
            let (pos, why) = toml_error(text, &e);
            (pos, format!("grid: {why}"))
        })?;
        let defaults = config_table(&Config::default()).map_err(|e| grid_err(e.to_string()))?;
        let mut axes = Vec::new();
        for (sec, body) in &doc {
            let Some(fields) = body.as_table().filter(|_| SECTIONS.contains(&sec.as_str())) else {
                return Err(grid_err(format!(
                    "unknown key `{sec}`: a grid has [rules] and [networks] tables of field = [values]"
                )));
            };
            for (field, vals) in fields {
                let key = format!("{sec}.{field}");
                if lookup(&defaults, &key).is_none() {
                    return Err(grid_err(format!(
                        "unknown key `{key}` (see `credsieve config --print-defaults`)"
                    )));
                }
                let values = match vals {
                    toml::Value::Array(a) => a.clone(),
                    v => vec![v.clone()],
                };
                if values.is_empty() {
                    return Err(grid_err(format!("`{key}` has no values")));
                }
                for v in &values {
                    apply(&Config::default(), &[(&key, v)]).map_err(|e| {
                        let why = match e {
                            Error::Config(why) => why,
                            e => e.to_string(),
                        };
                        let why = why.strip_prefix("grid: ").unwrap_or(&why);
                        grid_err(format!("`{key}` = {v}: {why}"))
                    })?;
                }
                axes.push(Axis { key, values });
            }
        }
        axes.sort_by(|a, b| a.key.cmp(&b.key));
        let g = Grid { axes };
        if g.len().is_none_or(|n| n > MAX_POINTS) {
            return Err(grid_err(format!("more than {MAX_POINTS} points")));
        }
        Ok(g)
    }

    /// The number of points (1 for a grid without axes: the base alone); `None` on overflow.
    pub fn len(&self) -> Option<usize> {
        self.axes
            .iter()
            .try_fold(1usize, |n, a| n.checked_mul(a.values.len()))
    }

    /// Whether the grid has no axes (its one point is the base configuration).
    pub fn is_empty(&self) -> bool {
        self.axes.is_empty()
    }

    /// The axes' keys.
    pub fn keys(&self) -> Vec<String> {
        self.axes.iter().map(|a| a.key.clone()).collect()
    }

    /// Every point, the first axis varying slowest, applied to `base`.
    pub fn points(&self, base: &Config) -> Result<Vec<Point>> {
        let n = self
            .len()
            .filter(|&n| n <= MAX_POINTS)
            .ok_or_else(|| grid_err(format!("more than {MAX_POINTS} points")))?;
        let mut out = Vec::with_capacity(n);
        for mut i in (0..n).rev() {
            // Mixed-radix digits, last axis fastest.
            let mut values = Vec::with_capacity(self.axes.len());
            for a in self.axes.iter().rev() {
                let len = a.values.len().max(1);
                values.push(
                    a.values
                        .get(i % len)
                        .cloned()
                        .unwrap_or(toml::Value::Boolean(false)),
                );
                i /= len;
            }
            values.reverse();
            let pairs: Vec<(&str, &toml::Value)> = self
                .axes
                .iter()
                .map(|a| a.key.as_str())
                .zip(values.iter())
                .collect();
            let config = apply(base, &pairs)?;
            out.push(Point { values, config });
        }
        out.reverse();
        Ok(out)
    }
}

/// The result of one grid point.
#[derive(Debug, Clone, Serialize)]
pub struct PointResult {
    /// The axis values, as TOML text, in axis order.
    pub values: Vec<String>,
    /// This point is the base configuration (the defaults unless another base was given).
    pub is_default: bool,
    /// The point was not in the grid: the base configuration, added to be compared against.
    pub added: bool,
    /// Its score.
    pub score: Score,
}

/// Where a sweep's time went.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SweepTiming {
    /// Distinct `networks` sections, i.e. times `analyse` ran.
    pub analyses: usize,
    /// Seconds in `analyse`.
    pub analyse_seconds: f64,
    /// Wall seconds deciding and scoring every point.
    pub decide_seconds: f64,
    /// Points decided.
    pub points: usize,
}

/// A sweep's results.
#[derive(Debug, Clone, Serialize)]
pub struct SweepReport {
    /// The swept keys (`rules.X`, `networks.X`), the columns of `values`.
    pub keys: Vec<String>,
    /// One result per grid point, in grid order; the base configuration is added last when the
    /// grid does not contain it.
    pub points: Vec<PointResult>,
    /// The baselines against the same truth (filled by the caller, which has the logs).
    pub baselines: Vec<BaselineScore>,
    /// Timing.
    pub timing: SweepTiming,
}

impl SweepReport {
    /// The base configuration's result.
    pub fn default_point(&self) -> Option<&PointResult> {
        self.points.iter().find(|p| p.is_default)
    }

    /// The point with the best F1: the default if none is better, else the first of equals.
    pub fn best_f1(&self) -> Option<&PointResult> {
        self.points.iter().fold(
            self.default_point(),
            |best: Option<&PointResult>, p| match best {
                Some(b) if b.score.f1 >= p.score.f1 => Some(b),
                _ => Some(p),
            },
        )
    }
}

/// Runs every point of `grid` (applied to `base`) on a scan's state and scores it against
/// `truth`. The base configuration is always scored, added at the end if the grid lacks it.
pub fn run(
    w: &Windows,
    grid: &Grid,
    base: &Config,
    truth: &BTreeSet<String>,
    mut logs: Option<(&mut crate::input::read::Inputs, &pipeline::ScanOptions)>,
) -> Result<SweepReport> {
    let mut points = grid.points(base)?;
    let mut added = false;
    if !points.iter().any(|p| &p.config == base) {
        let t = config_table(base)?;
        let values = grid
            .axes
            .iter()
            .map(|a| {
                lookup(&t, &a.key)
                    .cloned()
                    .unwrap_or(toml::Value::Boolean(false))
            })
            .collect();
        points.push(Point {
            values,
            config: base.clone(),
        });
        added = true;
    }
    // Group the points by their networks section (analyse depends on nothing else).
    let mut groups: Vec<(crate::rules::config::Networks, Vec<usize>)> = Vec::new();
    for (i, p) in points.iter().enumerate() {
        match groups.iter_mut().find(|(n, _)| *n == p.config.networks) {
            Some((_, v)) => v.push(i),
            None => groups.push((p.config.networks.clone(), vec![i])),
        }
    }
    let mut timing = SweepTiming {
        analyses: groups.len(),
        points: points.len(),
        ..Default::default()
    };
    let mut scores: Vec<Option<Score>> = vec![None; points.len()];
    for (_, idx) in &groups {
        let Some(first) = idx.first().and_then(|&i| points.get(i)) else {
            continue;
        };
        let t = Instant::now();
        let analysis = pipeline::analyse(w, &first.config);
        timing.analyse_seconds += t.elapsed().as_secs_f64();
        let t = Instant::now();
        let pairs = w.sorted_pairs();
        let convicted: Vec<(usize, rules::Pending)> = idx
            .par_iter()
            .filter_map(|&i| {
                let cfg = &points.get(i)?.config;
                Some((i, rules::convict_first(w, &pairs, &analysis.sources, cfg)))
            })
            .collect();
        // The second reading (user agents), once for what every point wants.
        let readable = logs
            .as_mut()
            .filter(|(inputs, _)| inputs.unreadable().is_none());
        let mut wanted = rules::agents::Wanted::default();
        if readable.is_some() {
            for (_, p) in &convicted {
                wanted = wanted.union(p.wanted().clone());
            }
        }
        let evidence = match readable {
            Some((inputs, opts)) if !wanted.is_empty() => {
                let t = Instant::now();
                let ev = pipeline::agent_evidence(inputs, opts, &wanted)?;
                Ok((ev, t.elapsed().as_secs_f64()))
            }
            Some(_) => Ok((rules::agents::Evidence::new(&wanted), 0.0)),
            None => Err("the logs cannot be read a second time".to_string()),
        };
        let got: Vec<(usize, Score)> = convicted
            .into_par_iter()
            .filter_map(|(i, pending)| {
                let cfg = &points.get(i)?.config;
                let ev = match &evidence {
                    Ok((ev, seconds)) => Ok((ev, *seconds)),
                    Err(why) => Err(why.clone()),
                };
                let (settled, _) = rules::settle(
                    w,
                    &pairs,
                    &analysis.sources,
                    cfg,
                    pending,
                    Some(&wanted),
                    ev,
                );
                let c = settled.convict_again(w, &pairs, &analysis.sources, cfg);
                let v = rules::list(w, &pairs, &analysis.sources, cfg, &c);
                Some((i, score_verdicts(truth, &v)))
            })
            .collect();
        timing.decide_seconds += t.elapsed().as_secs_f64();
        for (i, s) in got {
            if let Some(slot) = scores.get_mut(i) {
                *slot = Some(s);
            }
        }
    }
    let n = points.len();
    let results = points
        .into_iter()
        .zip(scores)
        .enumerate()
        .map(|(i, (p, s))| PointResult {
            values: p.values.iter().map(ToString::to_string).collect(),
            is_default: &p.config == base,
            added: added && i + 1 == n,
            score: s.unwrap_or_default(),
        })
        .collect();
    Ok(SweepReport {
        keys: grid.keys(),
        points: results,
        baselines: Vec::new(),
        timing,
    })
}

/// Writes `sweep.csv`: header `method,default,KEY...,flagged,tp,fp,fn,precision,recall,f1`, one
/// `credsieve` row per point (`default` is 1 on the base configuration's row), then one row per
/// baseline with the parameter columns empty.
pub fn write_csv(w: &mut dyn Write, r: &SweepReport) -> std::io::Result<()> {
    let mut c = csv::Writer::from_writer(w);
    let mut header = vec!["method".to_string(), "default".into()];
    header.extend(r.keys.iter().cloned());
    header.extend(["flagged", "tp", "fp", "fn", "precision", "recall", "f1"].map(String::from));
    c.write_record(&header)?;
    let figures = |s: &Score| {
        vec![
            s.flagged.to_string(),
            s.tp.to_string(),
            s.fp.to_string(),
            s.fn_.to_string(),
            format!("{:.6}", s.precision),
            format!("{:.6}", s.recall),
            format!("{:.6}", s.f1),
        ]
    };
    for p in &r.points {
        let mut row = vec!["credsieve".to_string(), u8::from(p.is_default).to_string()];
        row.extend(p.values.iter().cloned());
        row.extend(figures(&p.score));
        c.write_record(&row)?;
    }
    for b in &r.baselines {
        let mut row = vec![b.method.clone(), "0".into()];
        row.extend(r.keys.iter().map(|_| String::new()));
        row.extend(figures(&b.score));
        c.write_record(&row)?;
    }
    c.flush()
}

fn plot_err(e: impl std::fmt::Display) -> Error {
    Error::Invalid(format!("plotting sweep.svg: {e}"))
}

/// Renders the precision/recall plot of a sweep as SVG: grid points as small dots, the base
/// configuration as a large red triangle, the baselines as a cross (fail2ban) and a square
/// (over-reset).
pub fn render_svg(r: &SweepReport) -> Result<String> {
    let mut buf = String::new();
    {
        let root = SVGBackend::with_string(&mut buf, (900, 700)).into_drawing_area();
        root.fill(&WHITE).map_err(plot_err)?;
        let mut chart = ChartBuilder::on(&root)
            .caption(
                format!("credsieve sweep: {} points", r.points.len()),
                ("sans-serif", 22),
            )
            .margin(20)
            .x_label_area_size(45)
            .y_label_area_size(55)
            .build_cartesian_2d(-0.02f64..1.02f64, -0.02f64..1.02f64)
            .map_err(plot_err)?;
        chart
            .configure_mesh()
            .x_desc("recall")
            .y_desc("precision")
            .draw()
            .map_err(plot_err)?;
        let at = |s: &Score| (s.recall, s.precision);
        chart
            .draw_series(
                r.points
                    .iter()
                    .filter(|p| !p.is_default)
                    .map(|p| Circle::new(at(&p.score), 3, BLUE.mix(0.45).filled())),
            )
            .map_err(plot_err)?
            .label("grid point")
            .legend(|(x, y)| Circle::new((x, y), 3, BLUE.filled()));
        if let Some(d) = r.default_point() {
            let label = format!(
                "default (P {:.3}, R {:.3})",
                d.score.precision, d.score.recall
            );
            chart
                .draw_series(std::iter::once(TriangleMarker::new(
                    at(&d.score),
                    9,
                    RED.filled(),
                )))
                .map_err(plot_err)?
                .label(label)
                .legend(|(x, y)| TriangleMarker::new((x, y), 6, RED.filled()));
        }
        for b in &r.baselines {
            let label = format!(
                "{} (P {:.3}, R {:.3})",
                b.method, b.score.precision, b.score.recall
            );
            let pos = at(&b.score);
            if b.method == "fail2ban" {
                chart
                    .draw_series(std::iter::once(Cross::new(pos, 7, BLACK.stroke_width(3))))
                    .map_err(plot_err)?
                    .label(label)
                    .legend(|(x, y)| Cross::new((x, y), 5, BLACK.stroke_width(2)));
            } else {
                let square = |pos| {
                    EmptyElement::at(pos)
                        + Rectangle::new([(-6, -6), (6, 6)], GREEN.mix(0.8).filled())
                };
                chart
                    .draw_series(std::iter::once(square(pos)))
                    .map_err(plot_err)?
                    .label(label)
                    .legend(|(x, y)| {
                        Rectangle::new([(x - 5, y - 5), (x + 5, y + 5)], GREEN.mix(0.8).filled())
                    });
            }
        }
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::LowerLeft)
            .background_style(WHITE.mix(0.85))
            .border_style(BLACK)
            .draw()
            .map_err(plot_err)?;
        root.present().map_err(plot_err)?;
    }
    Ok(buf)
}

/// Writes `sweep.csv` and `sweep.svg` into `dir` (created if missing), each atomically.
pub fn write_outputs(dir: &Path, r: &SweepReport) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let svg = render_svg(r)?;
    crate::report::write_atomic(dir, "sweep.csv", |w| write_csv(w, r))?;
    crate::report::write_atomic(dir, "sweep.svg", |w| w.write_all(svg.as_bytes()))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grid_product_and_order() {
        let g = Grid::from_toml(
            "[rules]\nstuffing_window_secs = [60, 300]\nreuse_min_share = [0, 0.5, 1]\n[networks]\nv4_prefix = 24\n",
        )
        .expect("grid");
        assert_eq!(
            g.keys(),
            [
                "networks.v4_prefix",
                "rules.reuse_min_share",
                "rules.stuffing_window_secs"
            ]
        );
        assert_eq!(g.len(), Some(6));
        let pts = g.points(&Config::default()).expect("points");
        assert_eq!(pts.len(), 6);
        let got: Vec<(f64, u32)> = pts
            .iter()
            .map(|p| {
                (
                    p.config.rules.reuse_min_share,
                    p.config.rules.stuffing_window_secs,
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (0.0, 60),
                (0.0, 300),
                (0.5, 60),
                (0.5, 300),
                (1.0, 60),
                (1.0, 300)
            ]
        );
        assert!(pts.iter().filter(|p| p.config == Config::default()).count() == 1);
        assert_eq!(
            Grid::from_toml("")
                .expect("empty")
                .points(&Config::default())
                .expect("pts")
                .len(),
            1
        );
    }

    #[test]
    fn grid_errors_name_the_key() {
        let msg = |t: &str| {
            Grid::from_toml(t)
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default()
        };
        assert!(msg("[rules]\nnope = [1]\n").contains("unknown key `rules.nope`"));
        assert!(msg("[other]\nx = [1]\n").contains("unknown key `other`"));
        assert!(msg("[rules]\nbrute_min_fails = []\n").contains("no values"));
        assert!(msg("[rules]\nbrute_min_fails = [\"x\"]\n").contains("rules.brute_min_fails"));
        assert!(msg("[rules]\nreuse_min_share = [2.0]\n").contains("rules.reuse_min_share"));
        assert!(msg("[rules]\nbrute_min_fails = [-1]\n").contains("rules.brute_min_fails"));
        assert!(msg("not toml [").contains("grid"));
        let m = msg("[rules]\nbrute_min_fails = [1]\n  [x\n");
        assert!(
            m.starts_with("configuration: line 3, column 5: grid: "),
            "{m}"
        );
        assert!(!m.contains('\n'), "{m}");
        let m = msg("[rules]\nnope = [1]\n");
        assert!(m.len() < 120, "{m}");
    }

    #[test]
    fn csv_and_svg() {
        let s = Score::from_counts(3, 1, 2);
        let r = SweepReport {
            keys: vec!["rules.brute_min_fails".into()],
            points: vec![
                PointResult {
                    values: vec!["5".into()],
                    is_default: false,
                    added: false,
                    score: s,
                },
                PointResult {
                    values: vec!["10".into()],
                    is_default: true,
                    added: false,
                    score: s,
                },
            ],
            baselines: vec![BaselineScore {
                method: "fail2ban".into(),
                params: String::new(),
                score: s,
            }],
            timing: SweepTiming::default(),
        };
        let mut out = Vec::new();
        write_csv(&mut out, &r).expect("csv");
        let text = String::from_utf8(out).expect("utf8");
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 4);
        assert_eq!(
            lines[0],
            "method,default,rules.brute_min_fails,flagged,tp,fp,fn,precision,recall,f1"
        );
        assert_eq!(
            lines[2],
            "credsieve,1,10,4,3,1,2,0.750000,0.600000,0.666667"
        );
        assert!(lines[3].starts_with("fail2ban,0,,4,"));
        let svg = render_svg(&r).expect("svg");
        assert!(
            svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"),
            "{svg}"
        );
        assert!(svg.contains("default (P 0.750"));
    }
}
