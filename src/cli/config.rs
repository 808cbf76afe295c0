//! `credsieve config`: the configuration and its defaults.

use std::path::PathBuf;

use credsieve::Config;

/// Arguments of `config`.
#[derive(Debug, clap::Args)]
pub struct ConfigArgs {
    /// Print every threshold with its default, as TOML.
    #[arg(long)]
    pub print_defaults: bool,
    /// Check a configuration file and print it with defaults filled in.
    #[arg(long, conflicts_with = "print_defaults")]
    pub check: Option<PathBuf>,
}

/// Runs `config`.
pub fn run(a: ConfigArgs) -> anyhow::Result<i32> {
    if let Some(p) = a.check {
        let c = Config::from_toml_file(&p)?;
        out!("{}", toml::to_string_pretty(&c)?);
        return Ok(0);
    }
    out!("{}", Config::defaults_toml());
    Ok(0)
}
