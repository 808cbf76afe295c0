//! Scoring a run's output (`compromised.csv`, optionally `exposed.csv`) against ground truth
//! (`truth.csv`), with every false positive and every miss explained by its label when a
//! `labels.csv` is at hand.
//!
//! Conventions: with nothing flagged, precision is 1 (no wrong claim); with an empty truth,
//! recall is 1 (nothing to find); F1 is 0 when precision and recall are both 0.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::error::{Error, Position, Result};
use crate::fingerprint::normalize_user;

/// One evidence column of an output row: the column name and its value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evidence {
    /// Column name from the header.
    pub name: String,
    /// The row's value.
    pub value: String,
}

/// A flagged account that is not in the truth.
#[derive(Debug, Clone, Serialize)]
pub struct FalsePositive {
    /// The normalised user.
    pub user: String,
    /// Its label in `labels.csv` (`targeted`, `exposed`, `benign`), when known.
    pub label: Option<String>,
    /// The scenario column of `labels.csv`, when known.
    pub scenario: Option<String>,
    /// The evidence columns of its `compromised.csv` row.
    pub evidence: Vec<Evidence>,
}

/// A compromised account the run did not flag.
#[derive(Debug, Clone, Serialize)]
pub struct Miss {
    /// The normalised user.
    pub user: String,
    /// Its label in `labels.csv`, when known.
    pub label: Option<String>,
    /// The scenario column of `labels.csv`, when known.
    pub scenario: Option<String>,
    /// Whether the run listed it in `exposed.csv` instead.
    pub in_exposed: bool,
    /// The attacker's events on the account, from event labels ([`EvalReport::with_trail`]).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub attacker_events: Vec<crate::eval::trail::AttackerEvent>,
    /// Hidden: every attacker event on it is a lone success at its source, which no
    /// behavioural rule tells from the owner (known with event labels only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hidden: Option<bool>,
}

/// Recall for the compromised accounts of one scenario (by the `scenario` column of labels).
#[derive(Debug, Clone, Serialize)]
pub struct ScenarioRecall {
    /// The scenario column value.
    pub scenario: String,
    /// Compromised accounts in the truth with this scenario.
    pub truth: usize,
    /// Of which flagged.
    pub found: usize,
}

/// How one rule's convictions fared (by the `rule` column of `compromised.csv`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuleScore {
    /// The rule's name.
    pub rule: String,
    /// Accounts it convicted.
    pub flagged: usize,
    /// Of which in the truth.
    pub tp: usize,
    /// Of which not.
    pub fp: usize,
    /// tp / flagged.
    pub precision: f64,
}

/// Precision and recall of one list of flagged accounts against a truth set: what a sweep
/// point, a baseline and [`evaluate`] all report.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Score {
    /// Accounts in the truth.
    pub truth: usize,
    /// Distinct accounts flagged.
    pub flagged: usize,
    /// True positives.
    pub tp: usize,
    /// False positives.
    pub fp: usize,
    /// False negatives.
    #[serde(rename = "fn")]
    pub fn_: usize,
    /// TP / (TP + FP); 1 when nothing is flagged.
    pub precision: f64,
    /// TP / (TP + FN); 1 when the truth is empty.
    pub recall: f64,
    /// Harmonic mean of precision and recall; 0 when both are 0.
    pub f1: f64,
}

impl Score {
    /// The score of `tp`, `fp` and `fn_` counts (flagged = TP + FP, truth = TP + FN).
    pub fn from_counts(tp: usize, fp: usize, fn_: usize) -> Score {
        let precision = ratio(tp, tp + fp, 1.0);
        let recall = ratio(tp, tp + fn_, 1.0);
        let f1 = if precision + recall > 0.0 {
            2.0 * precision * recall / (precision + recall)
        } else {
            0.0
        };
        Score {
            truth: tp + fn_,
            flagged: tp + fp,
            tp,
            fp,
            fn_,
            precision,
            recall,
            f1,
        }
    }
}

/// Scores flagged accounts (already normalised; duplicates count once) against a truth set of
/// normalised accounts.
pub fn score_users<'a, I>(truth: &BTreeSet<String>, flagged: I) -> Score
where
    I: IntoIterator<Item = &'a str>,
{
    let flagged: BTreeSet<&str> = flagged.into_iter().collect();
    let tp = flagged.iter().filter(|u| truth.contains(**u)).count();
    let fp = flagged.len() - tp;
    Score::from_counts(tp, fp, truth.len() - tp)
}

/// Scores the compromised accounts of a run's verdicts against a truth set.
pub fn score_verdicts(truth: &BTreeSet<String>, v: &crate::rules::Verdicts) -> Score {
    score_users(truth, v.compromised.iter().map(|v| v.user.as_str()))
}

/// Reads a `truth.csv` (header `user`, one account a line) into a set of normalised accounts.
pub fn read_truth(path: &Path) -> Result<BTreeSet<String>> {
    Ok(read_user_table(path)?.rows.into_keys().collect())
}

/// Parses the bytes of a `truth.csv`; `path` names them in errors.
pub fn parse_truth(path: &Path, data: &[u8]) -> Result<BTreeSet<String>> {
    Ok(parse_user_table(path, data)?.rows.into_keys().collect())
}

/// A baseline's score beside credsieve's.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BaselineScore {
    /// `fail2ban` or `over-reset`.
    pub method: String,
    /// Its parameters, human-readable (`maxretry=5 findtime=600s`).
    pub params: String,
    /// Its figures against the same truth.
    #[serde(flatten)]
    pub score: Score,
}

/// Scores both baselines of a [`BaselineResult`](super::baselines::BaselineResult) against a truth set.
pub fn score_baselines(
    truth: &BTreeSet<String>,
    r: &super::baselines::BaselineResult,
    p: &super::baselines::Fail2banParams,
) -> Vec<BaselineScore> {
    let params = format!(
        "maxretry={} findtime={}s",
        p.maxretry,
        p.findtime_ms as f64 / 1000.0
    );
    vec![
        BaselineScore {
            method: "fail2ban".into(),
            params: params.clone(),
            score: score_users(truth, r.fail2ban.iter().map(String::as_str)),
        },
        BaselineScore {
            method: "over-reset".into(),
            params,
            score: score_users(truth, r.over_reset.iter().map(String::as_str)),
        },
    ]
}

/// The result of [`evaluate`].
#[derive(Debug, Clone, Serialize)]
pub struct EvalReport {
    /// The truth file read.
    pub truth_path: PathBuf,
    /// The `compromised.csv` read.
    pub compromised_path: PathBuf,
    /// The `exposed.csv` read, when present.
    pub exposed_path: Option<PathBuf>,
    /// The labels file read, when one was given or found.
    pub labels_path: Option<PathBuf>,
    /// TP/FP/FN, precision, recall and F1 of compromised.csv against the truth.
    #[serde(flatten)]
    pub score: Score,
    /// Accounts listed in `exposed.csv` (0 when absent).
    pub exposed_listed: usize,
    /// False positives counted by their label (`unlabeled` when unknown).
    pub fp_by_label: BTreeMap<String, usize>,
    /// Recall per scenario of the compromised accounts (needs labels).
    pub recall_by_scenario: Vec<ScenarioRecall>,
    /// Precision per rule, when `compromised.csv` has a `rule` column: which rule to tune.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub by_rule: Vec<RuleScore>,
    /// Every false positive, sorted by user.
    pub false_positives: Vec<FalsePositive>,
    /// Every miss, sorted by user.
    pub misses: Vec<Miss>,
    /// Takeovers in the truth that are hidden (with event labels, [`EvalReport::with_trail`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hidden: Option<usize>,
    /// The recall of rules that read only a login's own source can reach: (truth - hidden) /
    /// truth (see [`super::trail`]: rules that look further, such as `bot-agent`, can pass it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recall_ceiling: Option<f64>,
    /// The baselines scored against the same truth, when the logs were given
    /// ([`EvalReport::with_baselines`]).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub baselines: Vec<BaselineScore>,
}

/// A read `user`-first CSV: users (normalised) with their other columns.
struct UserTable {
    columns: Vec<String>,
    rows: BTreeMap<String, Vec<String>>,
}

fn parse_err(path: &Path, line: u64, byte: u64, why: impl Into<String>) -> Error {
    Error::Parse {
        pos: Position {
            path: path.to_path_buf(),
            line,
            byte,
        },
        why: why.into(),
    }
}

/// A CSV reader's error as the file, line and a few words (a binary file is "not UTF-8 text").
pub(crate) fn csv_err(path: &Path, e: csv::Error) -> Error {
    let (line, byte) = e.position().map_or((0, 0), |p| (p.line(), p.byte()));
    let text = e.to_string();
    match e.into_kind() {
        csv::ErrorKind::Io(io) => Error::io(path, io),
        csv::ErrorKind::Utf8 { err, .. } => parse_err(
            path,
            line,
            byte,
            format!(
                "field {} is not UTF-8 text (is this a CSV file?)",
                err.field() + 1
            ),
        ),
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => parse_err(
            path,
            line,
            byte,
            format!("{len} fields where the first row has {expected_len}"),
        ),
        _ => parse_err(path, line, byte, text),
    }
}

/// Reads a CSV whose header's first column is `user`. An empty file or another header is an
/// error; a header alone is an empty table.
fn read_user_table(path: &Path) -> Result<UserTable> {
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    parse_user_table(path, file)
}

/// A user table from any reader; `path` names it in errors.
fn parse_user_table(path: &Path, file: impl std::io::Read) -> Result<UserTable> {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(file);
    let headers = rdr.headers().map_err(|e| csv_err(path, e))?.clone();
    match headers
        .get(0)
        .map(|h| h.trim_start_matches('\u{feff}').trim())
    {
        None => {
            return Err(parse_err(
                path,
                1,
                0,
                "empty file: expected a header row starting with `user`",
            ));
        }
        Some(h) if h.eq_ignore_ascii_case("user") => {}
        Some(h) => {
            return Err(parse_err(
                path,
                1,
                0,
                format!(
                    "header must start with `user`, found {:?}{}",
                    h.chars().take(24).collect::<String>(),
                    if h.chars().nth(24).is_some() {
                        "..."
                    } else {
                        ""
                    }
                ),
            ));
        }
    }
    let columns: Vec<String> = headers.iter().skip(1).map(str::to_string).collect();
    let mut rows = BTreeMap::new();
    for rec in rdr.records() {
        let rec = rec.map_err(|e| csv_err(path, e))?;
        let Some(user) = rec.get(0) else { continue };
        let user = normalize_user(user);
        if user.is_empty() {
            let (line, byte) = rec.position().map_or((0, 0), |p| (p.line(), p.byte()));
            return Err(parse_err(path, line, byte, "empty user"));
        }
        let rest: Vec<String> = rec.iter().skip(1).map(str::to_string).collect();
        rows.entry(user.into_owned()).or_insert(rest);
    }
    Ok(UserTable { columns, rows })
}

/// `(label, scenario)` per normalised user from a `labels.csv`.
fn read_labels(path: &Path) -> Result<BTreeMap<String, (String, String)>> {
    let t = read_user_table(path)?;
    let col = |name: &str| t.columns.iter().position(|c| c.trim() == name);
    let (Some(li), si) = (col("label"), col("scenario")) else {
        return Err(parse_err(path, 1, 0, "labels need a `label` column"));
    };
    Ok(t.rows
        .into_iter()
        .map(|(u, r)| {
            let label = r.get(li).cloned().unwrap_or_default();
            let scen = si.and_then(|i| r.get(i).cloned()).unwrap_or_default();
            (u, (label, scen))
        })
        .collect())
}

/// The labels file [`evaluate`] uses when none is given: `labels.csv` next to the truth file,
/// else next to the output directory.
pub fn find_labels(truth: &Path, out_dir: &Path) -> Option<PathBuf> {
    let near_truth = truth.parent().map(|d| d.join("labels.csv"));
    let near_out = out_dir.parent().map(|d| d.join("labels.csv"));
    [near_truth, near_out]
        .into_iter()
        .flatten()
        .find(|p| p.is_file())
}

fn ratio(num: usize, den: usize, empty: f64) -> f64 {
    if den == 0 {
        empty
    } else {
        num as f64 / den as f64
    }
}

/// Scores `out_dir/compromised.csv` (and `exposed.csv` when present) against `truth`.
/// `labels` defaults to [`find_labels`].
pub fn evaluate(truth: &Path, out_dir: &Path, labels: Option<&Path>) -> Result<EvalReport> {
    let truth_t = read_user_table(truth)?;
    let comp_path = out_dir.join("compromised.csv");
    let comp = read_user_table(&comp_path)?;
    let exp_path = out_dir.join("exposed.csv");
    let exposed: Option<UserTable> = if exp_path.is_file() {
        Some(read_user_table(&exp_path)?)
    } else {
        None
    };
    let labels_path = labels
        .map(Path::to_path_buf)
        .or_else(|| find_labels(truth, out_dir));
    let label_map = match &labels_path {
        Some(p) => read_labels(p)?,
        None => BTreeMap::new(),
    };
    let lab = |u: &str| label_map.get(u).cloned().unzip();

    let truth_owned: BTreeSet<String> = truth_t.rows.into_keys().collect();
    let truth_set: BTreeSet<&String> = truth_owned.iter().collect();
    let exposed_set: BTreeSet<&String> = exposed
        .as_ref()
        .map(|t| t.rows.keys().collect())
        .unwrap_or_default();

    let mut false_positives = Vec::new();
    let mut fp_by_label: BTreeMap<String, usize> = BTreeMap::new();
    for (user, rest) in &comp.rows {
        if truth_set.contains(user) {
            continue;
        }
        let (label, scenario) = lab(user);
        *fp_by_label
            .entry(label.clone().unwrap_or_else(|| "unlabeled".into()))
            .or_default() += 1;
        let evidence = comp
            .columns
            .iter()
            .zip(rest)
            .map(|(n, v)| Evidence {
                name: n.clone(),
                value: v.clone(),
            })
            .collect();
        false_positives.push(FalsePositive {
            user: user.clone(),
            label,
            scenario,
            evidence,
        });
    }
    let mut misses = Vec::new();
    let mut by_scen: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for user in &truth_set {
        let (label, scenario) = lab(user);
        let found = comp.rows.contains_key(*user);
        if let Some(s) = &scenario {
            let e = by_scen.entry(s.clone()).or_default();
            e.0 += 1;
            e.1 += usize::from(found);
        }
        if !found {
            misses.push(Miss {
                user: (*user).clone(),
                label,
                scenario,
                in_exposed: exposed_set.contains(*user),
                attacker_events: Vec::new(),
                hidden: None,
            });
        }
    }
    let rule_col = comp.columns.iter().position(|c| c.trim() == "rule");
    let mut per_rule: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for (user, rest) in rule_col
        .iter()
        .flat_map(|&i| comp.rows.iter().map(move |(u, r)| (u, r.get(i))))
        .filter_map(|(u, r)| Some((u, r?)))
    {
        let e = per_rule.entry(rest.clone()).or_default();
        e.0 += 1;
        e.1 += usize::from(truth_set.contains(user));
    }
    let by_rule = per_rule
        .into_iter()
        .map(|(rule, (flagged, tp))| RuleScore {
            rule,
            flagged,
            tp,
            fp: flagged - tp,
            precision: ratio(tp, flagged, 1.0),
        })
        .collect();
    let score = score_users(&truth_owned, comp.rows.keys().map(String::as_str));
    debug_assert_eq!((score.fp, score.fn_), (false_positives.len(), misses.len()));
    debug_assert_eq!(score.tp + score.fp, comp.rows.len());
    Ok(EvalReport {
        truth_path: truth.to_path_buf(),
        compromised_path: comp_path,
        exposed_path: exposed.as_ref().map(|_| exp_path),
        labels_path,
        score,
        exposed_listed: exposed_set.len(),
        fp_by_label,
        recall_by_scenario: by_scen
            .into_iter()
            .map(|(scenario, (truth, found))| ScenarioRecall {
                scenario,
                truth,
                found,
            })
            .collect(),
        by_rule,
        false_positives,
        misses,
        hidden: None,
        recall_ceiling: None,
        baselines: Vec::new(),
    })
}

impl EvalReport {
    /// The same report with the attacker's trail: each miss's attacker events and whether it
    /// is hidden, and the recall ceiling over `truth`.
    pub fn with_trail(
        mut self,
        truth: &BTreeSet<String>,
        trail: &crate::eval::trail::Trail,
    ) -> EvalReport {
        for m in &mut self.misses {
            m.attacker_events = trail.by_user.get(&m.user).cloned().unwrap_or_default();
            m.hidden = Some(trail.hidden(&m.user));
        }
        let hidden = trail.hidden_count(truth);
        self.hidden = Some(hidden);
        self.recall_ceiling = Some(ratio(truth.len().saturating_sub(hidden), truth.len(), 1.0));
        self
    }

    /// The same report with the baselines' scores beside credsieve's.
    pub fn with_baselines(mut self, baselines: Vec<BaselineScore>) -> EvalReport {
        self.baselines = baselines;
        self
    }
}

/// The width of a table's name column: its longest name, in characters, so that the columns
/// after it line up.
fn width<'a>(names: impl Iterator<Item = &'a str>) -> usize {
    names.map(|n| n.chars().count()).max().unwrap_or(0)
}

impl fmt::Display for EvalReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "truth {} accounts, flagged {}: TP {}  FP {}  FN {}",
            self.score.truth, self.score.flagged, self.score.tp, self.score.fp, self.score.fn_
        )?;
        writeln!(
            f,
            "precision {:.4}  recall {:.4}  F1 {:.4}",
            self.score.precision, self.score.recall, self.score.f1
        )?;
        if !self.baselines.is_empty() {
            writeln!(
                f,
                "{:<11} {:>8} {:>6} {:>6} {:>6} {:>9} {:>7} {:>7}  params",
                "method", "flagged", "TP", "FP", "FN", "precision", "recall", "F1"
            )?;
            let own = self.score;
            let rows = std::iter::once(("credsieve", &own, "-")).chain(
                self.baselines
                    .iter()
                    .map(|b| (b.method.as_str(), &b.score, b.params.as_str())),
            );
            for (name, s, params) in rows {
                writeln!(
                    f,
                    "{:<11} {:>8} {:>6} {:>6} {:>6} {:>9.4} {:>7.4} {:>7.4}  {}",
                    name, s.flagged, s.tp, s.fp, s.fn_, s.precision, s.recall, s.f1, params
                )?;
            }
        }
        if !self.by_rule.is_empty() {
            writeln!(f, "by rule:")?;
            let w = width(self.by_rule.iter().map(|r| r.rule.as_str()));
            for r in &self.by_rule {
                writeln!(
                    f,
                    "  {:<w$} {:>6} flagged {:>6} TP {:>4} FP  precision {:.4}",
                    r.rule, r.flagged, r.tp, r.fp, r.precision
                )?;
            }
        }
        if self.exposed_path.is_some() {
            writeln!(f, "exposed.csv lists {} accounts", self.exposed_listed)?;
        }
        match &self.labels_path {
            Some(p) => writeln!(f, "labels: {}", p.display())?,
            None => writeln!(f, "labels: none")?,
        }
        if !self.recall_by_scenario.is_empty() {
            writeln!(f, "recall by scenario:")?;
            let w = width(self.recall_by_scenario.iter().map(|s| s.scenario.as_str()));
            for s in &self.recall_by_scenario {
                writeln!(f, "  {:<w$} {}/{}", s.scenario, s.found, s.truth)?;
            }
        }
        if !self.fp_by_label.is_empty() {
            let parts: Vec<String> = self
                .fp_by_label
                .iter()
                .map(|(k, v)| format!("{k} {v}"))
                .collect();
            writeln!(f, "false positives by label: {}", parts.join(", "))?;
        }
        if !self.false_positives.is_empty() {
            writeln!(f, "false positives ({}):", self.false_positives.len())?;
            for fp in &self.false_positives {
                let ev: Vec<String> = fp
                    .evidence
                    .iter()
                    .map(|e| format!("{}={}", e.name, e.value))
                    .collect();
                writeln!(
                    f,
                    "  {}  [{}/{}]  {}",
                    fp.user,
                    fp.label.as_deref().unwrap_or("?"),
                    fp.scenario.as_deref().unwrap_or("?"),
                    ev.join(" ")
                )?;
            }
        }
        if let (Some(h), Some(c)) = (self.hidden, self.recall_ceiling) {
            writeln!(
                f,
                "recall ceiling {c:.4}: {h} of {} takeovers hidden (the attacker's only event at its source was the login)",
                self.score.truth
            )?;
        }
        if !self.misses.is_empty() {
            writeln!(f, "misses ({}):", self.misses.len())?;
            for m in &self.misses {
                let trail = match (m.hidden, m.attacker_events.first()) {
                    (Some(true), _) => "  hidden".to_string(),
                    (_, Some(e)) => format!(
                        "  attacker: {} event(s), first line {} from {} ({} attacker events there)",
                        m.attacker_events.len(),
                        e.line,
                        e.ip,
                        e.source_attacker_events
                    ),
                    _ => String::new(),
                };
                writeln!(
                    f,
                    "  {}  [{}/{}]{}{}",
                    m.user,
                    m.label.as_deref().unwrap_or("?"),
                    m.scenario.as_deref().unwrap_or("?"),
                    if m.in_exposed {
                        "  (listed in exposed.csv)"
                    } else {
                        ""
                    },
                    trail
                )?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truth_bytes_parse_like_the_file() {
        let p = Path::new("t.csv");
        let got = parse_truth(p, "user\n  Ann@Mail.test \nbob\n".as_bytes()).unwrap();
        assert_eq!(
            got.into_iter().collect::<Vec<_>>(),
            vec!["ann@mail.test".to_string(), "bob".to_string()]
        );
        let e = parse_truth(p, b"name\nbob\n").unwrap_err().to_string();
        assert!(e.contains("t.csv") && e.contains("user"), "{e}");
        assert!(parse_truth(p, b"").is_err());
    }

    fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
        let p = dir.join(name);
        std::fs::write(&p, text).ok();
        p
    }

    fn setup(
        truth: &str,
        comp: Option<&str>,
        exposed: Option<&str>,
        labels: Option<&str>,
    ) -> (tempfile::TempDir, PathBuf, PathBuf) {
        let d = tempfile::tempdir().expect("temp dir");
        let truth = write(d.path(), "truth.csv", truth);
        let out = d.path().join("out");
        std::fs::create_dir_all(&out).ok();
        if let Some(c) = comp {
            write(&out, "compromised.csv", c);
        }
        if let Some(e) = exposed {
            write(&out, "exposed.csv", e);
        }
        if let Some(l) = labels {
            write(d.path(), "labels.csv", l);
        }
        (d, truth, out)
    }

    #[test]
    fn counts_and_explanations() {
        let (_d, truth, out) = setup(
            "user\na\nb\nc\nd\n",
            Some(
                "user,ts,ip,reason\nA,2026-11-20T01:00:00Z,1.2.3.4,leaked pair\nb,t,1.2.3.4,x\ne,t2,5.6.7.8,\"many, accounts\"\n",
            ),
            Some("user,ts\nd,t\n"),
            Some(
                "user,label,scenario\na,compromised,stuffing\nb,compromised,stuffing\nc,compromised,distributed\nd,compromised,distributed\ne,exposed,cgnat\n",
            ),
        );
        let r = evaluate(&truth, &out, None).expect("evaluate");
        assert_eq!(
            (
                r.score.tp,
                r.score.fp,
                r.score.fn_,
                r.score.truth,
                r.score.flagged
            ),
            (2, 1, 2, 4, 3)
        );
        assert!((r.score.precision - 2.0 / 3.0).abs() < 1e-12);
        assert!((r.score.recall - 0.5).abs() < 1e-12);
        assert!((r.score.f1 - 4.0 / 7.0).abs() < 1e-12);
        assert_eq!(r.false_positives.len(), 1);
        let fp = &r.false_positives[0];
        assert_eq!(fp.user, "e");
        assert_eq!(fp.label.as_deref(), Some("exposed"));
        assert_eq!(fp.scenario.as_deref(), Some("cgnat"));
        assert_eq!(
            fp.evidence[2],
            Evidence {
                name: "reason".into(),
                value: "many, accounts".into()
            }
        );
        let misses: Vec<(&str, bool)> = r
            .misses
            .iter()
            .map(|m| (m.user.as_str(), m.in_exposed))
            .collect();
        assert_eq!(misses, vec![("c", false), ("d", true)]);
        assert_eq!(r.fp_by_label.get("exposed"), Some(&1));
        let rs: Vec<(&str, usize, usize)> = r
            .recall_by_scenario
            .iter()
            .map(|s| (s.scenario.as_str(), s.truth, s.found))
            .collect();
        assert_eq!(rs, vec![("distributed", 2, 0), ("stuffing", 2, 2)]);
        assert!(r.by_rule.is_empty(), "no rule column, no rule table");
        let text = r.to_string();
        assert!(text.contains("TP 2  FP 1  FN 2"), "{text}");
        assert!(serde_json::to_string(&r).is_ok_and(|j| j.contains("\"fn\":2")));
    }

    #[test]
    fn precision_by_rule() {
        let (_d, truth, out) = setup(
            "user\na\nb\nc\n",
            Some("user,rule\na,stuffing\nb,stuffing\nx,stuffing\nc,guessing\ny,hit-and-run\n"),
            None,
            None,
        );
        let r = evaluate(&truth, &out, None).expect("evaluate");
        let got: Vec<(&str, usize, usize, usize)> = r
            .by_rule
            .iter()
            .map(|s| (s.rule.as_str(), s.flagged, s.tp, s.fp))
            .collect();
        assert_eq!(
            got,
            vec![
                ("guessing", 1, 1, 0),
                ("hit-and-run", 1, 0, 1),
                ("stuffing", 3, 2, 1)
            ]
        );
        assert!((r.by_rule[2].precision - 2.0 / 3.0).abs() < 1e-12);
        assert!(r.to_string().contains("by rule:"));
    }

    /// The rule table's columns line up whatever the rules' names (the longest is 26
    /// characters).
    #[test]
    fn rule_table_columns_line_up() {
        let (_d, truth, out) = setup(
            "user\na\n",
            Some("user,rule\na,hit-and-run-unleaked-agent\nb,stuffing\n"),
            None,
            None,
        );
        let text = evaluate(&truth, &out, None).expect("evaluate").to_string();
        let cols: Vec<Option<usize>> = text
            .lines()
            .skip_while(|l| *l != "by rule:")
            .skip(1)
            .take(2)
            .map(|l| l.find(" flagged"))
            .collect();
        assert_eq!(cols.len(), 2, "{text}");
        assert!(cols[0].is_some() && cols[0] == cols[1], "{text}");
    }

    #[test]
    fn perfect_and_empty_conventions() {
        let (_d, truth, out) = setup("user\nx\n", Some("user,reason\nx,r\n"), None, None);
        let r = evaluate(&truth, &out, None).expect("evaluate");
        assert_eq!(
            (r.score.precision, r.score.recall, r.score.f1),
            (1.0, 1.0, 1.0)
        );
        assert!(r.labels_path.is_none());

        // Nothing to find, nothing flagged: a perfect must-not-flag run.
        let (_d, truth, out) = setup("user\n", Some("user,reason\n"), None, None);
        let r = evaluate(&truth, &out, None).expect("evaluate");
        assert_eq!(
            (
                r.score.tp,
                r.score.fp,
                r.score.fn_,
                r.score.precision,
                r.score.recall
            ),
            (0, 0, 0, 1.0, 1.0)
        );

        // Flagging everything wrong.
        let (_d, truth, out) = setup("user\na\n", Some("user\nb\n"), None, None);
        let r = evaluate(&truth, &out, None).expect("evaluate");
        assert_eq!(
            (r.score.precision, r.score.recall, r.score.f1),
            (0.0, 0.0, 0.0)
        );
    }

    #[test]
    fn clear_errors() {
        let (_d, truth, out) = setup("user\na\n", None, None, None);
        let e = evaluate(&truth, &out, None)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(e.contains("compromised.csv"), "{e}");

        let (_d, truth, out) = setup("", Some("user\n"), None, None);
        let e = evaluate(&truth, &out, None)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(e.contains("truth.csv") && e.contains("empty file"), "{e}");

        let (_d, truth, out) = setup("account\na\n", Some("user\n"), None, None);
        let e = evaluate(&truth, &out, None)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(e.contains("must start with `user`"), "{e}");
    }
}
