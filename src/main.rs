//! Minimal wiring in the evalgen branch (the lead owns this file).

mod cli;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "credsieve", version, about)]
struct Cli {
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Write a labeled synthetic data set.
    Gen(cli::r#gen::GenArgs),
    /// Score a run's output against ground truth.
    Eval(cli::eval::EvalArgs),
}

fn main() {
    let cli = Cli::parse();
    let res = match cli.cmd {
        Cmd::Gen(a) => cli::r#gen::run(a),
        Cmd::Eval(a) => cli::eval::run(a),
    };
    if let Err(e) = res {
        eprintln!("credsieve: {e:#}");
        std::process::exit(1);
    }
}
