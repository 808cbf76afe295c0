//! `credsieve leaks build` and `credsieve leaks info`.

use std::io::IsTerminal;
use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::{ArgGroup, Args, Subcommand};
use credsieve::fingerprint::Fingerprinter;
use credsieve::leaks::LeakLookup;
use credsieve::leaks::sources::{DEFAULT_MAX_BAD_RATIO, sources_of};
use credsieve::leaks::store::{BuildOptions, LeakStore, SectionInfo, build_store};
use indicatif::{ProgressBar, ProgressStyle};

/// The `leaks` subcommands.
#[derive(Subcommand, Debug)]
pub enum LeaksCmd {
    /// Build a leak store from combo lists, password lists and Pwned Passwords files.
    Build(BuildArgs),
    /// Print what a leak store holds and how it was built.
    Info(InfoArgs),
}

/// Arguments of `leaks build`.
#[derive(Args, Debug)]
#[command(group(ArgGroup::new("sources").required(true).multiple(true).args(["combos", "passwords", "hibp"])))]
pub struct BuildArgs {
    /// A combo list: `user:password` a line (split at the first ':'). Repeatable.
    #[arg(long, value_name = "FILE")]
    pub combos: Vec<PathBuf>,
    /// A password list: one plaintext password a line. Repeatable.
    #[arg(long, value_name = "FILE")]
    pub passwords: Vec<PathBuf>,
    /// A Pwned Passwords file: `SHA1HEX:COUNT` a line. Repeatable.
    #[arg(long, value_name = "FILE")]
    pub hibp: Vec<PathBuf>,
    /// The store file to write (replaced atomically).
    #[arg(long, short, value_name = "STORE")]
    pub out: PathBuf,
    /// The fingerprint key (else CREDSIEVE_KEY, else the demo key).
    #[arg(long, value_name = "FILE")]
    pub key_file: Option<PathBuf>,
    /// Memory for buffered fingerprints before the build shards them to disk, MiB.
    #[arg(long, value_name = "MIB", default_value_t = 2048)]
    pub mem_mib: usize,
    /// Fail (exit 1) when more than this share of a source file's non-blank lines is
    /// malformed. A file whose non-blank lines are all malformed fails whatever the limit.
    #[arg(long, value_name = "RATIO", default_value_t = DEFAULT_MAX_BAD_RATIO, value_parser = super::common::parse_ratio)]
    pub max_bad_ratio: f64,
}

/// Arguments of `leaks info`.
#[derive(Args, Debug)]
pub struct InfoArgs {
    /// The store file.
    #[arg(value_name = "STORE")]
    pub store: PathBuf,
    /// Also read the whole store and check the checksums of its sections.
    #[arg(long)]
    pub verify: bool,
    /// Check that the store was built with this key.
    #[arg(long, value_name = "FILE")]
    pub key_file: Option<PathBuf>,
}

/// Runs a `leaks` subcommand.
pub fn run(cmd: LeaksCmd) -> Result<()> {
    match cmd {
        LeaksCmd::Build(a) => build(a),
        LeaksCmd::Info(a) => info(a),
    }
}

fn build(a: BuildArgs) -> Result<()> {
    let fp = super::load_key(a.key_file.as_deref())?;
    let sources = sources_of(&a.combos, &a.passwords, &a.hibp);
    let mut total = 0u64;
    for s in &sources {
        let m = std::fs::metadata(&s.path).with_context(|| format!("{}", s.path.display()))?;
        if m.len() == 0 {
            // A failed download leaves an empty file: a store without its leaks would pass
            // every nightly run as a quiet one.
            eprintln!(
                "credsieve: warning: {} is empty: nothing from it goes into the store",
                s.path.display()
            );
        }
        total += m.len();
    }
    let bar = if std::io::stderr().is_terminal() {
        let b = ProgressBar::new(total);
        b.set_style(
            ProgressStyle::with_template(
                "{spinner} {bytes}/{total_bytes} {wide_bar} {binary_bytes_per_sec} eta {eta}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        b
    } else {
        ProgressBar::hidden()
    };
    let opts = BuildOptions {
        memory_budget: a.mem_mib.saturating_mul(1 << 20),
        max_bad_ratio: a.max_bad_ratio,
    };
    let (sum, stats) = build_store(&fp, &sources, &a.out, &opts, &|n| bar.inc(n))?;
    bar.finish_and_clear();
    for b in &stats.first_bad {
        eprintln!("{b}");
    }
    let per_entry = if sum.entries() > 0 {
        sum.file_bytes as f64 / sum.entries() as f64
    } else {
        0.0
    };
    eprintln!(
        "leaks build: {} entries ({} cred, {} pw), {} duplicates, {} bad lines, {} blank, {} lines in {:.2}s ({:.2} M lines/s); {} ({} bytes, {:.2} B/entry)",
        sum.entries(),
        sum.cred_entries,
        sum.pw_entries,
        sum.duplicates(),
        stats.bad,
        stats.blank,
        stats.lines,
        sum.seconds,
        stats.lines as f64 / sum.seconds.max(1e-9) / 1e6,
        a.out.display(),
        sum.file_bytes,
        per_entry,
    );
    Ok(())
}

fn section_line(s: &SectionInfo) -> String {
    format!(
        "{} distinct ({} added, {} duplicates); filter {} blocks ({:.1} bits/entry); index {} bits",
        s.entries,
        s.pushed,
        s.pushed.saturating_sub(s.entries),
        s.filter_blocks,
        s.filter_blocks as f64 * 256.0 / s.entries.max(1) as f64,
        s.index_bits,
    )
}

fn info(a: InfoArgs) -> Result<()> {
    let store = LeakStore::open(&a.store)?;
    if let Some(k) = &a.key_file {
        let fp = Fingerprinter::from_sources(Some(k)).context("reading the key")?;
        store.check_key(&fp)?;
    }
    if a.verify {
        store.verify()?;
    }
    let bi = store.build_info();
    let (c, p) = (store.cred_section(), store.pw_section());
    let entries = c.entries + p.entries;
    outln!("store:     {}", a.store.display());
    outln!(
        "format:    credsieve leak store v{}, {} bytes ({:.2} bytes/entry)",
        credsieve::leaks::store::VERSION,
        store.file_len(),
        store.file_len() as f64 / entries.max(1) as f64
    );
    outln!("key id:    {:016x}", store.key_id());
    outln!("cred:      {}", section_line(c));
    outln!("pw:        {}", section_line(p));
    outln!(
        "filter:    split-block Bloom (Parquet SBBF), kernel {}",
        store.filter_kernel()
    );
    outln!(
        "built by:  {} at unix {} in {:.2}s",
        bi.tool,
        bi.created_unix,
        bi.seconds
    );
    for s in &bi.sources {
        outln!("source:    {} {}", s.kind.name(), s.path);
    }
    let st = &bi.stats;
    outln!(
        "read:      {} files, {} bytes, {} lines ({} blank, {} bad)",
        st.files,
        st.bytes,
        st.lines,
        st.blank,
        st.bad
    );
    for b in &st.first_bad {
        outln!("bad line:  {b}");
    }
    if a.verify {
        outln!("verify:    section checksums ok");
    }
    if a.key_file.is_some() {
        outln!("key:       matches");
    }
    Ok(())
}
