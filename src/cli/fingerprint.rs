//! `credsieve fingerprint`: the SPEC 2 fingerprints of one credential.

use std::path::PathBuf;

use credsieve::fingerprint::to_hex;

/// Arguments of `fingerprint`.
#[derive(Debug, clap::Args)]
pub struct FingerprintArgs {
    /// The account as typed (normalised before hashing).
    #[arg(long)]
    pub user: String,
    /// The password.
    #[arg(long)]
    pub password: String,
    /// File holding the key (one trailing newline removed); else CREDSIEVE_KEY; else the demo key.
    #[arg(long)]
    pub key_file: Option<PathBuf>,
}

/// Prints `cred` and `pw`.
pub fn run(a: FingerprintArgs) -> anyhow::Result<i32> {
    let fp = super::load_key(a.key_file.as_deref())?;
    outln!("cred {}", to_hex(fp.cred(&a.user, a.password.as_bytes())));
    outln!("pw {}", to_hex(fp.pw(a.password.as_bytes())));
    Ok(0)
}
