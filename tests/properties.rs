//! Property tests: the output is byte-identical for 1 and N threads, any block size, any split
//! of the input into files, and shuffled lines (fast paths equal the simple path).

mod common;

use std::path::{Path, PathBuf};

use credsieve::input::InputOptions;
use credsieve::leaks::ExactSet;
use credsieve::pipeline::{self, ScanOptions};
use credsieve::report;
use credsieve::{Config, fingerprint::Fingerprinter};
use proptest::prelude::*;

fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("datasets/realistic-day-small")
}

fn leaks() -> ExactSet {
    let d = sample();
    ExactSet::from_sources(
        &Fingerprinter::demo(),
        &[d.join("combos.txt")],
        &[d.join("passwords.txt")],
        &[],
    )
    .unwrap()
    .0
}

/// The three CSV outputs of a run, as bytes.
fn run(paths: &[PathBuf], threads: usize, block: usize, mmap: bool, set: &ExactSet) -> Vec<u8> {
    let opts = ScanOptions {
        input: InputOptions {
            format: None,
            mmap,
            block_size: block,
            ..InputOptions::default()
        },
        threads,
        ..ScanOptions::default()
    };
    let scan = pipeline::scan(paths, Some(set), &opts).unwrap();
    let cfg = Config::default();
    let a = pipeline::analyse(&scan.windows, &cfg);
    let v = pipeline::decide(&scan.windows, &a, &cfg);
    let mut out = Vec::new();
    report::write_accounts(&mut out, &v.compromised).unwrap();
    report::write_accounts(&mut out, &v.exposed).unwrap();
    report::write_ips(&mut out, &v).unwrap();
    out
}

fn lines() -> Vec<String> {
    std::fs::read_to_string(sample().join("events.jsonl"))
        .unwrap()
        .lines()
        .map(String::from)
        .collect()
}

#[test]
fn sample_has_verdicts() {
    // Guards the properties below against comparing empty outputs.
    let set = leaks();
    let out = String::from_utf8(run(
        &[sample().join("events.jsonl")],
        1,
        1 << 20,
        true,
        &set,
    ))
    .unwrap();
    assert!(out.lines().count() > 100, "{out}");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn threads_blocks_splits_and_order_do_not_matter(
        threads in 1usize..5,
        block in prop_oneof![Just(1usize), 16usize..4096, Just(1usize << 22)],
        parts in 1usize..5,
        seed in any::<u64>(),
        mmap in any::<bool>(),
    ) {
        let set = leaks();
        let reference = run(&[sample().join("events.jsonl")], 1, 1 << 22, true, &set);
        let mut ls = lines();
        // Shuffle (Fisher-Yates with a xorshift) and split into `parts` files.
        let mut rng = common::Rng(seed | 1);
        for i in (1..ls.len()).rev() {
            let j = rng.below(i as u64 + 1) as usize;
            ls.swap(i, j);
        }
        let dir = tempfile::tempdir().unwrap();
        let per = ls.len().div_ceil(parts);
        let mut paths = Vec::new();
        for (k, chunk) in ls.chunks(per).enumerate() {
            let p = dir.path().join(format!("part{k}.jsonl"));
            std::fs::write(&p, chunk.join("\n") + "\n").unwrap();
            paths.push(p);
        }
        let got = run(&paths, threads, block, mmap, &set);
        prop_assert!(got == reference, "output differs: threads {threads} block {block} parts {parts}");
    }
}
