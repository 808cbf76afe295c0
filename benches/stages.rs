//! Criterion benches of each stage (issue 6): parsing per format, fingerprinting, leak lookups,
//! window updates, verdicts, and the whole pipeline on an in-memory log.
//! `cargo bench --bench stages [-- FILTER]`.

mod common;

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

use credsieve::event::{AcctHasher, Event, norm_user};
use credsieve::fingerprint::Fingerprinter;
use credsieve::input::{self, Block, jsonl};
use credsieve::pipeline::{self, ScanOptions, compact};
use credsieve::windows::Windows;
use credsieve::{Config, LeakLookup};

const EVENTS: u64 = 20_000;

fn shape() -> common::Shape {
    common::Shape {
        events: EVENTS,
        seed: 7,
    }
}

fn lines(data: &[u8]) -> Vec<&[u8]> {
    data.split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .collect()
}

fn block(data: &[u8]) -> Block<'_> {
    Block {
        file: 0,
        offset: 0,
        line: input::FirstLine::Known(1),
        data: std::borrow::Cow::Borrowed(data),
    }
}

fn parsing(c: &mut Criterion) {
    let json = common::synth_bytes(&shape());
    let csv = common::synth_csv(&shape());
    let ls = lines(&json);
    let mut g = c.benchmark_group("parse");
    g.throughput(Throughput::Bytes(json.len() as u64));
    g.bench_function("jsonl_line_fast", |b| {
        b.iter(|| ls.iter().filter(|l| jsonl::parse_line(l).is_ok()).count())
    });
    g.bench_function("jsonl_line_serde", |b| {
        b.iter(|| {
            ls.iter()
                .filter(|l| jsonl::parse_line_serde(l).is_ok())
                .count()
        })
    });
    g.bench_function("jsonl_block", |b| {
        let blk = block(&json);
        b.iter(|| {
            let mut n = 0u64;
            input::parse_block(
                &blk,
                &input::Header::Jsonl,
                |e| n += e.ts_ms as u64 & 1,
                |_| {},
            );
            n
        })
    });
    g.throughput(Throughput::Bytes(csv.len() as u64));
    g.bench_function("csv_block", |b| {
        let blk = block(&csv);
        let hdr = input::Header::Csv(input::csv_header(&csv).expect("bench CSV has a header"));
        b.iter(|| {
            let mut n = 0u64;
            input::parse_block(&blk, &hdr, |e| n += e.ts_ms as u64 & 1, |_| {});
            n
        })
    });
    g.finish();
    let mut g = c.benchmark_group("parse_fields");
    g.throughput(Throughput::Elements(1));
    g.bench_function("rfc3339_canonical", |b| {
        b.iter(|| input::time::parse_rfc3339_ms(black_box("2026-11-20T03:14:15.123Z")))
    });
    g.bench_function("rfc3339_offset_chrono", |b| {
        b.iter(|| input::time::parse_rfc3339_ms(black_box("2026-11-20T04:14:15.123+01:00")))
    });
    g.bench_function("ipv4", |b| {
        b.iter(|| input::parse_ip(black_box("203.0.113.254")))
    });
    g.bench_function("ipv6", |b| {
        b.iter(|| input::parse_ip(black_box("2a02:1f2:c528:1ccc::8a49")))
    });
    g.finish();
}

fn fingerprinting(c: &mut Criterion) {
    let f = Fingerprinter::demo();
    let mut g = c.benchmark_group("fingerprint");
    g.throughput(Throughput::Elements(1));
    g.bench_function("cred", |b| {
        b.iter(|| f.cred(black_box("alice@example.com"), black_box(b"hunter2")))
    });
    g.bench_function("pw", |b| b.iter(|| f.pw(black_box(b"hunter2"))));
    g.bench_function("acct_key", |b| {
        let h = AcctHasher::default();
        b.iter(|| h.key(black_box("susan.anderson48@hotmail.com")))
    });
    g.finish();
}

fn lookups(c: &mut Criterion) {
    let sh = shape();
    let leaks = common::bench_leaks(&sh, 10_000_000);
    let hits: Vec<u64> = (0..4096).map(|a| common::cred_fp(sh.seed, a, 1)).collect();
    let mut rng = common::Rng::new(3);
    let misses: Vec<u64> = (0..4096).map(|_| rng.next()).collect();
    let mut g = c.benchmark_group("leaks_1e7");
    g.throughput(Throughput::Elements(4096));
    g.bench_function("has_cred_hit", |b| {
        b.iter(|| hits.iter().filter(|&&x| leaks.has_cred(x)).count())
    });
    g.bench_function("has_cred_miss", |b| {
        b.iter(|| misses.iter().filter(|&&x| leaks.has_cred(x)).count())
    });
    g.bench_function("has_pw_miss", |b| {
        b.iter(|| misses.iter().filter(|&&x| leaks.has_pw(x)).count())
    });
    g.finish();
}

/// Compacted events of the sample with their normalised names.
fn compacted(json: &[u8], leaks: &dyn LeakLookup) -> Vec<(Event, String)> {
    let h = AcctHasher::default();
    let mut out = Vec::new();
    input::parse_block(
        &block(json),
        &input::Header::Jsonl,
        |raw| {
            let u = norm_user(&raw).into_owned();
            out.push((compact(&raw, h.key(&u), Some(leaks)), u));
        },
        |_| {},
    );
    out
}

fn windows_and_verdicts(c: &mut Criterion) {
    let sh = shape();
    let json = common::synth_bytes(&sh);
    let leaks = common::bench_leaks(&sh, 1_000_000);
    let evs = compacted(&json, leaks.as_ref());
    let mut g = c.benchmark_group("windows");
    g.throughput(Throughput::Elements(evs.len() as u64));
    g.bench_function("add", |b| {
        b.iter(|| {
            let mut w = Windows::default();
            for (e, u) in &evs {
                w.add(e, u);
            }
            w.pair_count()
        })
    });
    let mut w = Windows::default();
    for (e, u) in &evs {
        w.add(e, u);
    }
    let cfg = Config::default();
    g.bench_function("merge", |b| {
        b.iter(|| w.clone().merge(w.clone()).pair_count())
    });
    g.finish();
    let mut g = c.benchmark_group("verdicts");
    g.throughput(Throughput::Elements(evs.len() as u64));
    g.bench_function("analyse", |b| {
        b.iter(|| pipeline::analyse(&w, &cfg).sources.addrs.len())
    });
    let a = pipeline::analyse(&w, &cfg);
    g.bench_function("decide", |b| {
        b.iter(|| pipeline::decide(&w, &a, &cfg).compromised.len())
    });
    g.finish();
}

fn whole(c: &mut Criterion) {
    let sh = shape();
    let json = common::synth_bytes(&sh);
    let leaks = common::bench_leaks(&sh, 1_000_000);
    let h = AcctHasher::default();
    let cfg = Config::default();
    let mut g = c.benchmark_group("pipeline");
    g.throughput(Throughput::Bytes(json.len() as u64));
    g.bench_function("in_memory_1_thread", |b| {
        b.iter(|| {
            let mut w = Windows::default();
            for blk in input::blocks_of(0, &json, 1 << 20, false) {
                input::parse_block(
                    &blk,
                    &input::Header::Jsonl,
                    |raw| {
                        let u = norm_user(&raw);
                        w.add(&compact(&raw, h.key(&u), Some(leaks.as_ref())), &u);
                    },
                    |_| {},
                );
            }
            let a = pipeline::analyse(&w, &cfg);
            pipeline::decide(&w, &a, &cfg).compromised.len()
        })
    });
    let dir = tempfile::tempdir().ok();
    if let Some(d) = &dir {
        let p = d.path().join("events.jsonl");
        if std::fs::write(&p, &json).is_ok() {
            let paths = vec![p];
            for t in [1, 2] {
                g.bench_function(format!("scan_file_{t}_threads"), |b| {
                    let o = ScanOptions {
                        threads: t,
                        ..Default::default()
                    };
                    b.iter(|| {
                        pipeline::scan(&paths, Some(leaks.as_ref()), &o)
                            .map(|s| s.stats.events)
                            .ok()
                    })
                });
            }
        }
    }
    g.finish();
}

criterion_group!(
    benches,
    parsing,
    fingerprinting,
    lookups,
    windows_and_verdicts,
    whole
);
criterion_main!(benches);
