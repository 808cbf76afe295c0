//! credsieve command line (minimal wiring of the leaks worktree; the lead's main.rs replaces it).

mod cli;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Finds the accounts taken over by credential stuffing in login logs.
#[derive(Parser)]
#[command(name = "credsieve", version)]
struct Cli {
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Leak stores: build one from leak sources, or show what one holds.
    #[command(subcommand)]
    Leaks(cli::leaks::LeaksCmd),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let r = match cli.cmd {
        Cmd::Leaks(c) => cli::leaks::run(c),
    };
    match r {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(1)
        }
    }
}
