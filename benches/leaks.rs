//! Leak store benches: build (from fingerprints and from combo lines) and lookups (hits and
//! misses, one at a time and through the batch API, one thread and all cores) at 10^6 and 10^7
//! entries; 10^8 with `CREDSIEVE_BENCH_BIG=1`. The `filters` group
//! measures the candidate first-stage filters on the store's access pattern (uniform random u64
//! fingerprints, hits and misses, 12 bits per key where the filter lets us choose).

use std::hint::black_box;
use std::io::Write;
use std::path::Path;

use credsieve::fingerprint::Fingerprinter;
use credsieve::leaks::LeakLookup;
use credsieve::leaks::sources::{fingerprint_sources, sources_of};
use credsieve::leaks::store::{BuildInfo, BuildOptions, LeakStore, StoreBuilder, build_store};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use xorf::Filter;

const QUERIES: usize = 1 << 20;

fn sizes() -> Vec<usize> {
    let mut v = vec![1_000_000, 10_000_000];
    if std::env::var_os("CREDSIEVE_BENCH_BIG").is_some_and(|v| v == "1") {
        v.push(100_000_000);
    }
    v
}

fn keys(n: usize, seed: u64) -> Vec<u64> {
    let mut r = ChaCha8Rng::seed_from_u64(seed);
    (0..n).map(|_| r.random::<u64>()).collect()
}

/// Queries drawn from `keys` (hits) or fresh random values (misses, all absent with
/// overwhelming probability).
fn queries(keys: &[u64], hits: bool) -> Vec<u64> {
    let mut r = ChaCha8Rng::seed_from_u64(99);
    (0..QUERIES)
        .map(|_| {
            if hits {
                keys[r.random_range(0..keys.len())]
            } else {
                r.random::<u64>()
            }
        })
        .collect()
}

fn build_from_keys(path: &Path, k: &[u64]) {
    let mut b = StoreBuilder::new(path, 1);
    for c in k.chunks(1 << 16) {
        b.push(c, &[]).expect("push");
    }
    b.finish(BuildInfo::default()).expect("finish");
}

fn bench_build(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut g = c.benchmark_group("build");
    g.sample_size(10);
    for n in sizes().into_iter().filter(|&n| n <= 10_000_000) {
        let k = keys(n, 1);
        g.throughput(Throughput::Elements(n as u64));
        g.bench_with_input(BenchmarkId::new("fingerprints", n), &k, |b, k| {
            b.iter(|| build_from_keys(&dir.path().join("b.leaks"), k))
        });
    }
    // From text: parse, fingerprint (2 HMAC-SHA256 + SHA-1 a line) on all cores, sort, write.
    let n = 1_000_000;
    let src = dir.path().join("combos.txt");
    let mut f = std::io::BufWriter::new(std::fs::File::create(&src).expect("create"));
    for i in 0..n {
        writeln!(f, "user{}@example.com:Password{}!", i % 700_000, i).expect("write");
    }
    f.flush().expect("flush");
    drop(f);
    let fp = Fingerprinter::demo();
    let sources = sources_of(&[src], &[], &[]);
    g.throughput(Throughput::Elements(n as u64));
    g.bench_function(BenchmarkId::new("combo_lines", n), |b| {
        b.iter(|| {
            build_store(
                &fp,
                &sources,
                &dir.path().join("c.leaks"),
                &BuildOptions::default(),
                &|_| {},
            )
            .expect("build")
        })
    });
    // The same lines, fingerprinted only (no store): the parse + HMAC share of the above.
    g.bench_function(BenchmarkId::new("combo_lines_fingerprint_only", n), |b| {
        b.iter(|| fingerprint_sources(&fp, &sources, &|_| {}, |_, _| Ok(())).expect("read"))
    });
    // One core, one line at a time: the cost of SPEC 2 itself (2 HMAC-SHA256 + SHA-1).
    g.throughput(Throughput::Elements(1));
    g.bench_function(BenchmarkId::new("combo_line_single_thread", 1), |b| {
        let mut i = 0u64;
        b.iter(|| {
            i += 1;
            let pw = format!("Password{i}!");
            (
                fp.cred("user1@example.com", pw.as_bytes()),
                fp.pw(pw.as_bytes()),
            )
        })
    });
    g.finish();
}

/// Fingerprints a batch-API call in the lookup benches (the detect pipeline's batch size).
const BATCH: usize = 256;

/// Hits among `q`, asked `BATCH` at a time through [`LeakLookup::has_creds`].
fn batch_count(store: &LeakStore, q: &[u64], out: &mut [bool; BATCH]) -> usize {
    q.chunks(BATCH)
        .map(|c| {
            store.has_creds(black_box(c), out);
            out.iter().take(c.len()).filter(|&&h| h).count()
        })
        .sum()
}

fn bench_lookup(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut g = c.benchmark_group("lookup");
    g.throughput(Throughput::Elements(QUERIES as u64));
    for n in sizes() {
        let k = keys(n, 2);
        let path = dir.path().join(format!("l{n}.leaks"));
        build_from_keys(&path, &k);
        let store = LeakStore::open(&path).expect("open");
        eprintln!(
            "store of {n}: {:.3} bytes/entry",
            store.file_len() as f64 / n as f64
        );
        for hits in [true, false] {
            let q = queries(&k, hits);
            let name = if hits { "hits" } else { "misses" };
            g.bench_with_input(BenchmarkId::new(name, n), &q, |b, q| {
                b.iter(|| q.iter().filter(|&&x| store.has_cred(black_box(x))).count())
            });
            // The same on every core (2 here), as detect runs its lookups.
            g.bench_with_input(
                BenchmarkId::new(format!("{name}_all_cores"), n),
                &q,
                |b, q| {
                    b.iter(|| {
                        q.par_chunks(1 << 14)
                            .map(|c| c.iter().filter(|&&x| store.has_cred(black_box(x))).count())
                            .sum::<usize>()
                    })
                },
            );
            // The batch API, BATCH fingerprints a call as the detect pipeline asks.
            g.bench_with_input(BenchmarkId::new(format!("batch_{name}"), n), &q, |b, q| {
                let mut out = [false; BATCH];
                b.iter(|| batch_count(&store, q, &mut out))
            });
            g.bench_with_input(
                BenchmarkId::new(format!("batch_{name}_all_cores"), n),
                &q,
                |b, q| {
                    b.iter(|| {
                        q.par_chunks(1 << 14)
                            .map(|c| batch_count(&store, c, &mut [false; BATCH]))
                            .sum::<usize>()
                    })
                },
            );
        }
    }
    g.finish();
}

/// A 64-byte aligned buffer for the raw SBBF.
#[repr(C, align(64))]
#[derive(Clone, Copy)]
struct Line([u8; 64]);

fn bench_filters(c: &mut Criterion) {
    let mut g = c.benchmark_group("filters");
    g.throughput(Throughput::Elements(QUERIES as u64));
    let big = std::env::var_os("CREDSIEVE_BENCH_BIG").is_some_and(|v| v == "1");
    let ns: &[usize] = if big {
        &[10_000_000, 100_000_000]
    } else {
        &[10_000_000]
    };
    for &n in ns {
        let k = keys(n, 3);
        let hq = queries(&k, true);
        let mq = queries(&k, false);

        // sbbf-rs, Parquet SBBF layout, 12 bits per key (the store's filter stage).
        let blocks = (n * 12).div_ceil(256);
        let mut buf = vec![Line([0; 64]); blocks.div_ceil(2)];
        let f = sbbf_rs::FilterFn::new();
        let p = buf.as_mut_ptr() as *mut u8;
        for &x in &k {
            // SAFETY: buf is 64-aligned and holds blocks * 32 bytes.
            unsafe { f.insert(p, blocks, x) };
        }
        let p = buf.as_ptr() as *const u8;
        for (name, q) in [("hits", &hq), ("misses", &mq)] {
            g.bench_with_input(BenchmarkId::new(format!("sbbf12/{name}"), n), q, |b, q| {
                // SAFETY: as above.
                b.iter(|| {
                    q.iter()
                        .filter(|&&x| unsafe { f.contains(p, blocks, black_box(x)) })
                        .count()
                })
            });
        }
        drop(buf);

        // xorf BinaryFuse8 (9 bits per key, fixed).
        let fuse = xorf::BinaryFuse8::try_from(&k).expect("fuse");
        for (name, q) in [("hits", &hq), ("misses", &mq)] {
            g.bench_with_input(
                BenchmarkId::new(format!("binaryfuse8/{name}"), n),
                q,
                |b, q| b.iter(|| q.iter().filter(|&x| fuse.contains(black_box(x))).count()),
            );
        }
        drop(fuse);

        // fastbloom, 12 bits per key, fingerprints used as the hash (no re-hashing).
        let mut bloom = fastbloom::BloomFilter::with_num_bits(n * 12).expected_items(n);
        for &x in &k {
            bloom.insert_hash(x);
        }
        for (name, q) in [("hits", &hq), ("misses", &mq)] {
            g.bench_with_input(
                BenchmarkId::new(format!("fastbloom12/{name}"), n),
                q,
                |b, q| {
                    b.iter(|| {
                        q.iter()
                            .filter(|&&x| bloom.contains_hash(black_box(x)))
                            .count()
                    })
                },
            );
        }
    }
    g.finish();
}

criterion_group!(benches, bench_build, bench_lookup, bench_filters);
criterion_main!(benches);
