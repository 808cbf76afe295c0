//! The command line: one file per subcommand. `anyhow` lives here and nowhere in the library.

/// Writes to standard output, returning the I/O error (a closed pipe) instead of panicking.
macro_rules! out {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        write!(std::io::stdout().lock(), $($t)*)?;
    }};
}

/// [`out!`] with a line end.
macro_rules! outln {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        writeln!(std::io::stdout().lock(), $($t)*)?;
    }};
}

pub mod common;
pub mod config;
pub mod detect;
pub mod eval;
pub mod fingerprint;
pub mod r#gen;
pub mod leaks;
pub mod sweep;

use clap::{Parser, Subcommand};

/// credsieve: find the accounts taken over by credential stuffing in login logs.
#[derive(Debug, Parser)]
#[command(name = "credsieve", version, about, long_about = None)]
pub struct Cli {
    /// The subcommand.
    #[command(subcommand)]
    pub cmd: Cmd,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Cmd {
    /// Read login logs and write the compromised-account list with its evidence.
    Detect(detect::DetectArgs),
    /// Print the `cred` and `pw` fingerprints of a user and password (SPEC 2).
    Fingerprint(fingerprint::FingerprintArgs),
    /// Show the configuration and its defaults.
    Config(config::ConfigArgs),
    /// Build and inspect leak stores.
    #[command(subcommand)]
    Leaks(leaks::LeaksCmd),
    /// Write a labeled synthetic night of login logs.
    Gen(r#gen::GenArgs),
    /// Score a run's output against ground truth.
    Eval(eval::EvalArgs),
    /// Score a grid of thresholds against ground truth on one read of the logs.
    Sweep(sweep::SweepArgs),
}

/// Runs the command line; returns the process exit code.
pub fn run() -> anyhow::Result<i32> {
    let cli = Cli::parse();
    match cli.cmd {
        Cmd::Detect(a) => detect::run(a),
        Cmd::Fingerprint(a) => fingerprint::run(a),
        Cmd::Config(a) => config::run(a),
        Cmd::Leaks(c) => leaks::run(c).map(|()| 0),
        Cmd::Gen(a) => r#gen::run(a).map(|()| 0),
        Cmd::Eval(a) => eval::run(a).map(|()| 0),
        Cmd::Sweep(a) => sweep::run(a),
    }
}

/// Loads the key from `--key-file` or `CREDSIEVE_KEY`, warning when the demo key is used.
pub fn load_key(
    key_file: Option<&std::path::Path>,
) -> anyhow::Result<credsieve::fingerprint::Fingerprinter> {
    let fp = credsieve::fingerprint::Fingerprinter::from_sources(key_file)?;
    if fp.source() == credsieve::fingerprint::KeySource::Demo {
        eprintln!(
            "credsieve: warning: no --key-file or CREDSIEVE_KEY given: using the demo key `credsieve-demo-key`"
        );
    }
    Ok(fp)
}

/// The error and its causes on one line, `outer: cause: cause`, each cause written once: a
/// cause whose text the line already holds is left out. The library's errors write their
/// source into their own message (`path: No such file or directory (os error 2)`) so that
/// `to_string()` alone says it all, and `{e:#}` would print that source a second time.
pub fn one_line(e: &anyhow::Error) -> String {
    let mut line = String::new();
    for cause in e.chain() {
        let text = cause.to_string();
        if line.contains(&text) {
            continue;
        }
        if !line.is_empty() {
            line.push_str(": ");
        }
        line.push_str(&text);
    }
    line
}

/// Did the command fail only because standard output was closed (`credsieve ... | head`)?
pub fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_names_each_cause_once() {
        let io = || std::io::Error::from_raw_os_error(2);
        let e = anyhow::Error::from(credsieve::Error::io("nokey", io())).context("reading the key");
        let os = io().to_string();
        assert_eq!(one_line(&e), format!("reading the key: nokey: {os}"));
        assert_eq!(one_line(&e).matches(&os).count(), 1);
        // A cause the message does not hold yet is kept.
        let e = anyhow::Error::from(io()).context("opening x");
        assert_eq!(one_line(&e), format!("opening x: {os}"));
    }
}
