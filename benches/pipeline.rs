//! End-to-end benchmark (issue 6): `cargo bench --bench pipeline [-- OPTIONS]`.
//!
//! Makes (or reuses) a synthetic JSONL log of about 1 GB (`--quick`: 150 MB) and a memory-mapped
//! leak store of 10^7 entries (`leaks build`'s format; `--exact`: an in-memory set), then, in
//! the same run on the same file, alternates the raw line scan (memchr
//! over a fresh mapping, on as many threads as detect: the floor no parser can beat) with detect
//! (`pipeline::scan` + `analyse` + `decide` + the user-agent check). Reports events/s, MB/s, the detect/scan ratio (the
//! figure that holds across noisy machines), peak heap, bytes per address/account/pair, and the
//! 1 -> 2 thread speed-up.
//!
//! Options: `--quick`, `--mb N`, `--threads N` (default 2), `--reps N`, `--leaks N`, `--exact`,
//! `--check BASELINE.json` (exit 1 when the ratio regresses past the baseline by more than its
//! margin), `--save BASELINE.json` (write the measured ratio as the new baseline),
//! `--json OUT.json` (results).

mod common;

use std::path::{Path, PathBuf};
use std::time::Instant;

use credsieve::Config;
use credsieve::pipeline::{self, ScanOptions};
use credsieve::windows::Windows;
use serde_json::json;

const BENCH: &str = "pipeline/detect_scan_ratio";

struct Args {
    quick: bool,
    mb: Option<u64>,
    threads: usize,
    reps: Option<usize>,
    leaks: usize,
    /// Look credentials up in the memory-mapped leak store (default, as issue 6 poses it) or,
    /// with `--exact`, in an in-memory set.
    store: bool,
    check: Option<PathBuf>,
    save: Option<PathBuf>,
    json: Option<PathBuf>,
    /// Internal: measure the peak heap of one detect over these files in this fresh process.
    mem_child: Vec<PathBuf>,
    /// With `--mem-child`: peak heap per phase.
    phases: bool,
}

fn args() -> Args {
    let mut a = Args {
        quick: false,
        mb: None,
        threads: 2,
        reps: None,
        leaks: 10_000_000,
        store: true,
        check: None,
        save: None,
        json: None,
        mem_child: Vec::new(),
        phases: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(x) = it.next() {
        match x.as_str() {
            "--quick" => a.quick = true,
            "--mb" => a.mb = it.next().and_then(|v| v.parse().ok()),
            "--threads" => a.threads = it.next().and_then(|v| v.parse().ok()).unwrap_or(2).max(1),
            "--reps" => a.reps = it.next().and_then(|v| v.parse().ok()),
            "--leaks" => a.leaks = it.next().and_then(|v| v.parse().ok()).unwrap_or(a.leaks),
            "--exact" => a.store = false,
            "--check" => a.check = it.next().map(PathBuf::from),
            "--save" => a.save = it.next().map(PathBuf::from),
            "--json" => a.json = it.next().map(PathBuf::from),
            "--mem-child" => a.mem_child.extend(it.next().map(PathBuf::from)),
            "--phases" => a.phases = true,
            _ => {} // `--bench` from cargo, filters: ignored
        }
    }
    a
}

/// CPU seconds used by the process so far (all threads, live and exited).
fn cpu_now() -> f64 {
    let mut t = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime writes one timespec we own.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut t) };
    if rc != 0 {
        return 0.0;
    }
    t.tv_sec as f64 + t.tv_nsec as f64 * 1e-9
}

/// Wall and CPU seconds of `f`.
fn timed<T>(f: impl FnOnce() -> T) -> (T, f64, f64) {
    let (w, c) = (Instant::now(), cpu_now());
    let out = f();
    (out, w.elapsed().as_secs_f64(), cpu_now() - c)
}

/// The raw line scan: counts lines of a fresh mapping of `path` on `threads` threads, touching
/// every line end (memchr), the work any line parser must do at least.
fn raw_scan(path: &Path, threads: usize) -> std::io::Result<(u64, f64)> {
    let t = Instant::now();
    let f = std::fs::File::open(path)?;
    // SAFETY: read-only map of a file nobody truncates during the bench.
    let m = unsafe { memmap2::Mmap::map(&f)? };
    let data: &[u8] = &m;
    let mut cuts = vec![0usize];
    for k in 1..threads {
        let target = data.len() * k / threads;
        let last = *cuts.last().unwrap_or(&0);
        let c = credsieve::input::cut_point(&data[last..], target.saturating_sub(last), false);
        cuts.push(last + c);
    }
    cuts.push(data.len());
    let lines: u64 = std::thread::scope(|s| {
        let hs: Vec<_> = cuts
            .windows(2)
            .map(|w| {
                let part = &data[w[0]..w[1]];
                s.spawn(move || {
                    let mut n = 0u64;
                    let mut x = 0usize;
                    for p in memchr::memchr_iter(b'\n', part) {
                        n += 1;
                        x ^= p;
                    }
                    std::hint::black_box(x);
                    n
                })
            })
            .collect();
        hs.into_iter().filter_map(|h| h.join().ok()).sum()
    });
    Ok((lines, t.elapsed().as_secs_f64()))
}

struct Detect {
    scan_s: f64,
    analyse_s: f64,
    /// The user-agent check's second reading of the logs (inside decide).
    check_s: f64,
    total_s: f64,
    events: u64,
    bytes: u64,
    accounts: usize,
    addrs: usize,
    pairs: usize,
    compromised: usize,
}

fn detect(
    paths: &[PathBuf],
    leaks: &dyn credsieve::LeakLookup,
    threads: usize,
    full: bool,
) -> Detect {
    // Every stage on `threads` threads: `analyse` and `decide` run on the pool they are called
    // in (rayon's global one would be every core whatever `threads` is).
    match rayon::ThreadPoolBuilder::new().num_threads(threads).build() {
        Ok(pool) => pool.install(|| detect_on(paths, leaks, threads, full)),
        Err(e) => {
            eprintln!("{BENCH}: no thread pool: {e}");
            std::process::exit(2);
        }
    }
}

/// [`detect`] on the pool it is called in.
fn detect_on(
    paths: &[PathBuf],
    leaks: &dyn credsieve::LeakLookup,
    threads: usize,
    full: bool,
) -> Detect {
    let t = Instant::now();
    let opts = ScanOptions {
        threads,
        ..Default::default()
    };
    let mut scan = match pipeline::scan(paths, Some(leaks), &opts) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{BENCH}: scan failed: {e}");
            std::process::exit(2);
        }
    };
    let scan_s = t.elapsed().as_secs_f64();
    let (mut addrs, mut compromised) = (0, 0);
    let pairs = scan.windows.pair_count();
    let (mut analyse_s, mut check_s) = (0.0, 0.0);
    if full {
        let cfg = Config::default();
        let ta = Instant::now();
        let a = pipeline::analyse(&scan.windows, &cfg);
        analyse_s = ta.elapsed().as_secs_f64();
        let (v, check) =
            pipeline::decide_checked(&mut scan.inputs, &opts, &mut scan.windows, &a, &cfg);
        check_s = check.seconds;
        addrs = a.sources.addresses;
        compromised = v.compromised.len();
    }
    Detect {
        scan_s,
        analyse_s,
        check_s,
        total_s: t.elapsed().as_secs_f64(),
        events: scan.stats.events,
        bytes: scan.stats.bytes,
        accounts: scan.windows.account_count(),
        addrs,
        pairs,
        compromised,
    }
}

/// Heap bytes held by the merged window state: the finished (sorted) pair and failed-password
/// vectors, plus what the shards' row tables and names hold.
fn windows_bytes(w: &Windows) -> (usize, usize, usize, usize) {
    let (mut pairs, mut spray, mut users) = (0, 0, 0);
    pairs += w.sorted_pairs().heap_bytes();
    spray += w.sorted_spray_bytes();
    for s in &w.shards {
        pairs += s.pairs.heap_bytes();
        spray += s.spray.heap_bytes();
        users += s.users.heap_bytes();
    }
    (pairs, spray, users, w.agents().heap_bytes())
}

/// Peak heap of one detect, measured in a fresh process (freed memory a previous run left in
/// the allocator would otherwise count): (peak heap over the leaks, accounts, addresses, pairs).
fn mem_child(
    paths: &[PathBuf],
    leaks_total: usize,
    threads: usize,
) -> Option<(u64, usize, usize, usize)> {
    let exe = std::env::current_exe().ok()?;
    let mut cmd = std::process::Command::new(exe);
    for p in paths {
        cmd.arg("--mem-child").arg(p);
    }
    cmd.args([
        "--threads",
        &threads.to_string(),
        "--leaks",
        &leaks_total.to_string(),
    ]);
    let out = cmd.output().ok()?;
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).ok()?;
    let g = |k: &str| v.get(k).and_then(|x| x.as_u64());
    Some((
        g("heap")?,
        g("accounts")? as usize,
        g("addresses")? as usize,
        g("pairs")? as usize,
    ))
}

fn run_mem_child(a: &Args) {
    // The shape only decides which fingerprints are leaked; the size comes from the file.
    let sh = common::Shape {
        events: (std::fs::metadata(&a.mem_child[0]).map_or(0, |m| m.len()) as f64
            / common::mean_line_len(42)) as u64,
        seed: 42,
    };
    let leaks = common::bench_leaks(&sh, a.leaks);
    let base = common::proc_status_bytes("RssAnon");
    if a.phases {
        return run_mem_phases(a, leaks.as_ref(), base);
    }
    let (d, peak) = common::peak_anon(|| detect(&a.mem_child, leaks.as_ref(), a.threads, true));
    println!(
        "{}",
        json!({ "heap": peak.saturating_sub(base), "accounts": d.accounts, "addresses": d.addrs, "pairs": d.pairs, "events": d.events })
    );
}

/// The mem child with `--phases`: peak heap of scan (parse + windows + finish), analyse and
/// decide (with the user-agent check) separately, and the heap held between them (all over the
/// heap before the scan).
fn run_mem_phases(a: &Args, leaks: &dyn credsieve::LeakLookup, base: u64) {
    let opts = ScanOptions {
        threads: a.threads,
        ..Default::default()
    };
    let (scan, scan_peak) = common::peak_anon(|| pipeline::scan(&a.mem_child, Some(leaks), &opts));
    let mut scan = match scan {
        Ok(s) => s,
        Err(e) => fail("scan", &e),
    };
    let held = |x: u64| x.saturating_sub(base);
    let after_scan = held(common::proc_status_bytes("RssAnon"));
    let cfg = Config::default();
    let (an, analyse_peak) = common::peak_anon(|| pipeline::analyse(&scan.windows, &cfg));
    let after_analyse = held(common::proc_status_bytes("RssAnon"));
    let (_v, decide_peak) = common::peak_anon(|| {
        pipeline::decide_checked(&mut scan.inputs, &opts, &mut scan.windows, &an, &cfg)
    });
    println!(
        "{}",
        json!({ "scan": held(scan_peak), "after_scan": after_scan, "analyse": held(analyse_peak),
                "after_analyse": after_analyse, "decide": held(decide_peak) })
    );
}

/// Reports a failed step and exits.
fn fail(what: &str, e: &dyn std::fmt::Display) -> ! {
    eprintln!("{BENCH}: {what} failed: {e}");
    std::process::exit(2);
}

fn main() {
    let a = args();
    if !a.mem_child.is_empty() {
        return run_mem_child(&a);
    }
    let mb = a.mb.unwrap_or(if a.quick { 150 } else { 1024 });
    let reps = a.reps.unwrap_or(if a.quick { 3 } else { 2 });
    let t = Instant::now();
    let (path, shape) = match common::log_file(mb, 42) {
        Ok(x) => x,
        Err(e) => {
            eprintln!("{BENCH}: cannot write the bench log: {e}");
            std::process::exit(2);
        }
    };
    eprintln!(
        "log: {} ({} events, ready in {:.1} s)",
        path.display(),
        shape.events,
        t.elapsed().as_secs_f64()
    );
    let t = Instant::now();
    let leaks = if a.store {
        match common::bench_store(&shape, a.leaks) {
            Ok(l) => l,
            Err(e) => {
                eprintln!("{BENCH}: cannot build or open the bench leak store: {e}");
                std::process::exit(1);
            }
        }
    } else {
        common::bench_leaks(&shape, a.leaks)
    };
    eprintln!(
        "leaks: {} entries ({}) ready in {:.1} s",
        a.leaks,
        if a.store {
            "memory-mapped store"
        } else {
            "in-memory set"
        },
        t.elapsed().as_secs_f64()
    );
    // Warm the page cache, then alternate scan (best of 5 passes) and detect; keep the best
    // wall and CPU time of each. CPU time (all threads) is what the check uses: other
    // processes on the machine stretch wall time, not CPU time.
    let _ = raw_scan(&path, a.threads);
    let paths = vec![path.clone()];
    let (mut scan_w, mut scan_c, mut lines) = (f64::MAX, f64::MAX, 0);
    let (mut det_w, mut det_c, mut pw_w, mut pw_c) = (f64::MAX, f64::MAX, f64::MAX, f64::MAX);
    let mut best: Option<Detect> = None;
    for r in 0..reps {
        for _ in 0..5 {
            let (res, w, c) = timed(|| raw_scan(&path, a.threads));
            lines = res.unwrap_or_else(|e| fail("raw scan", &e)).0;
            scan_w = scan_w.min(w);
            scan_c = scan_c.min(c);
        }
        let (d, w, c) = timed(|| detect(&paths, leaks.as_ref(), a.threads, true));
        // parse+windows alone, on 1 thread's worth of CPU: scale the CPU time by its wall share.
        det_w = det_w.min(w);
        det_c = det_c.min(c);
        pw_w = pw_w.min(d.scan_s);
        pw_c = pw_c.min(c * d.scan_s / d.total_s.max(1e-9));
        eprintln!(
            "rep {r}: scan {scan_w:.3} s ({scan_c:.3} s CPU), detect {w:.3} s ({c:.3} s CPU), parse+windows {:.3} s",
            d.scan_s
        );
        best = Some(d);
    }
    let Some(d) = best else { return };
    let ratio_wall = det_w / scan_w;
    let ratio = det_c / scan_c;

    // Thread scaling: the whole detect, and its parse+windows, on 1 thread vs 2 on the same
    // bytes. Wall time needs two idle cores; CPU time gives the speed-up two idle cores would
    // give, 2 x CPU(1) / CPU(2), when the machine is shared (an upper bound: a thread waiting
    // on a channel or at the end of a parallel step uses no CPU).
    let (mut s1, mut s2, mut c1, mut c2) = (f64::MAX, f64::MAX, f64::MAX, f64::MAX);
    let (mut t1, mut t2) = (f64::MAX, f64::MAX);
    for _ in 0..2 {
        let (d1, w1, cpu1) = timed(|| detect(&paths, leaks.as_ref(), 1, true));
        let (d2, w2, cpu2) = timed(|| detect(&paths, leaks.as_ref(), 2, true));
        (s1, c1, t1) = (s1.min(d1.scan_s), c1.min(cpu1), t1.min(w1));
        (s2, c2, t2) = (s2.min(d2.scan_s), c2.min(cpu2), t2.min(w2));
    }
    let cpu_speedup = 2.0 * c1 / c2;

    // Memory, each in a fresh process: peak heap of detect on 1 and on the bench's threads, and
    // of the same file twice (twice the events, the same distinct keys). The child's leak set
    // holds only the night's leaked fingerprints: the leaks are not what is measured.
    let twice = vec![path.clone(), path.clone()];
    let m1 = mem_child(&paths, 1, 1).unwrap_or_default();
    let mt = mem_child(&paths, 1, a.threads).unwrap_or_default();
    let m2 = mem_child(&twice, 1, a.threads).unwrap_or_default();
    let (heap_1t, heap, heap2) = (m1.0, mt.0, m2.0);
    let (wp, ws, wu, wa) = match pipeline::scan(
        &paths,
        Some(leaks.as_ref()),
        &ScanOptions {
            threads: a.threads,
            ..Default::default()
        },
    ) {
        Ok(s) => windows_bytes(&s.windows),
        Err(e) => fail("scan", &e),
    };

    let evs = d.events as f64 / det_w;
    let mbs = d.bytes as f64 / 1e6 / det_w;
    let per = |x: usize, n: usize| x as f64 / n.max(1) as f64;
    println!(
        "{BENCH}: {mb} MB, {} events, {} lines, threads {}",
        d.events, lines, a.threads
    );
    println!(
        "  raw line scan     {scan_w:>8.3} s  {:>8.0} MB/s   ({scan_c:.3} s CPU)",
        d.bytes as f64 / 1e6 / scan_w
    );
    println!(
        "  detect            {det_w:>8.3} s  {mbs:>8.0} MB/s  {:>6.2} M events/s   ({det_c:.3} s CPU)",
        evs / 1e6
    );
    println!(
        "    parse+windows   {pw_w:>8.3} s  {:>8.0} MB/s  {:>6.2} M events/s",
        d.bytes as f64 / 1e6 / pw_w,
        d.events as f64 / pw_w / 1e6
    );
    println!(
        "    analyse         {:>8.3} s, decide {:.3} s + its user-agent check's second reading {:.3} s (last rep)",
        d.analyse_s,
        d.total_s - d.scan_s - d.analyse_s - d.check_s,
        d.check_s
    );
    println!(
        "  ratio detect/scan {ratio:>8.2}   CPU time (wall {ratio_wall:.2}; parse+windows/scan CPU {:.2})",
        pw_c / scan_c
    );
    println!(
        "  threads 1 -> 2    {:>8.2}x  wall ({t1:.3} s -> {t2:.3} s, detect; parse+windows {:.2}x, {s1:.3} s -> {s2:.3} s); {cpu_speedup:.2}x from CPU time ({c1:.3} s -> {c2:.3} s)",
        t1 / t2,
        s1 / s2
    );
    println!(
        "  distinct          {} accounts, {} addresses, {} pairs; {} compromised",
        d.accounts, d.addrs, d.pairs, d.compromised
    );
    println!(
        "  peak heap         {:.1} MB ({} threads), {:.1} MB (1 thread), leak set excluded",
        heap as f64 / 1e6,
        a.threads,
        heap_1t as f64 / 1e6
    );
    println!(
        "    1 thread        {:.0} B/address, {:.0} B/account, {:.0} B/pair",
        per(heap_1t as usize, d.addrs),
        per(heap_1t as usize, d.accounts),
        per(heap_1t as usize, d.pairs)
    );
    println!(
        "  merged state      pairs {:.1} MB, spray {:.1} MB, users {:.1} MB, agents {:.1} MB ({:.0} B/pair in the sorted pairs, address table included)",
        wp as f64 / 1e6,
        ws as f64 / 1e6,
        wu as f64 / 1e6,
        wa as f64 / 1e6,
        per(wp, d.pairs)
    );
    println!(
        "  events x2         peak heap {:.1} MB -> {:.1} MB for {} -> {} events (same distinct keys)",
        heap as f64 / 1e6,
        heap2 as f64 / 1e6,
        d.events,
        2 * d.events
    );
    println!(
        "  VmHWM             {:.1} MB (includes the leak set and mapped file pages)",
        common::proc_status_bytes("VmHWM") as f64 / 1e6
    );

    let results = json!({
        "bench": BENCH, "mb": mb, "events": d.events, "bytes": d.bytes, "threads": a.threads,
        "scan_s": scan_w, "scan_cpu_s": scan_c, "agent_check_s": d.check_s, "detect_s": det_w, "detect_cpu_s": det_c, "parse_windows_s": pw_w,
        "ratio": ratio, "ratio_wall": ratio_wall,
        "events_per_s": evs, "mb_per_s": mbs, "speedup_1_2": t1 / t2, "speedup_1_2_scan": s1 / s2, "speedup_1_2_cpu": cpu_speedup,
        "accounts": d.accounts, "addresses": d.addrs, "pairs": d.pairs,
        "peak_heap_bytes": heap, "peak_heap_1_thread_bytes": heap_1t, "peak_heap_events_x2_bytes": heap2,
        "bytes_per_address_1_thread": per(heap_1t as usize, d.addrs),
        "bytes_per_account_1_thread": per(heap_1t as usize, d.accounts),
        "bytes_per_pair_1_thread": per(heap_1t as usize, d.pairs),
        "pair_table_bytes": wp, "spray_table_bytes": ws, "user_table_bytes": wu,
    });
    if let Some(p) = &a.json {
        let _ = std::fs::write(
            p,
            serde_json::to_string_pretty(&results).unwrap_or_default(),
        );
    }
    if let Some(p) = &a.save {
        let b = json!({ "bench": BENCH, "ratio": (ratio * 100.0).round() / 100.0, "margin": 1.5,
            "note": "detect/scan CPU-time ratio, quick mode (150 MB, 2 threads); the check fails above ratio * margin" });
        match std::fs::write(
            p,
            serde_json::to_string_pretty(&b).unwrap_or_default() + "\n",
        ) {
            Ok(()) => println!("baseline written to {}", p.display()),
            Err(e) => fail("writing the baseline", &e),
        }
    }
    if let Some(p) = &a.check {
        let base = std::fs::read_to_string(p)
            .ok()
            .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok());
        let Some(base) = base else {
            eprintln!("{BENCH}: cannot read baseline {}", p.display());
            std::process::exit(2);
        };
        let b = base
            .get("ratio")
            .and_then(|v| v.as_f64())
            .unwrap_or(f64::MAX);
        let m = base.get("margin").and_then(|v| v.as_f64()).unwrap_or(1.5);
        if ratio > b * m {
            eprintln!(
                "FAIL {BENCH}: detect/scan ratio {ratio:.2} regressed past baseline {b:.2} x margin {m} = {:.2} ({})",
                b * m,
                p.display()
            );
            std::process::exit(1);
        }
        println!(
            "ok {BENCH}: detect/scan ratio {ratio:.2} within baseline {b:.2} x margin {m} = {:.2}",
            b * m
        );
    }
}
