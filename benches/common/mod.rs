//! Shared by the benches: a fast, deterministic synthesiser of realistic login logs (the
//! generator's JSONL field layout, at gigabyte scale), the leak lookup the benches use, and
//! memory measurements.
//!
//! The synthetic night mixes honest traffic (each account logs in from one or two home
//! addresses, mostly successfully, with a clean pair), credential stuffing from a botnet pool
//! (leaked pairs, ~2% success), password spraying, and ~20% IPv6. Distinct accounts and
//! addresses scale with the number of events (one account per 12 events, one home address per
//! 10), as in a real service's day.

#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};

use credsieve::eval::r#gen::format_ts;
use credsieve::leaks::{ExactSet, LeakLookup};

/// SplitMix64: small, fast, deterministic.
#[derive(Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Self {
        Rng(seed ^ 0x9e37_79b9_7f4a_7c15)
    }
    /// Next 64 random bits.
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        mix(self.0)
    }
    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        ((self.next() as u128 * n as u128) >> 64) as u64
    }
    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
}

/// A 64-bit mixer (the SplitMix64 finaliser).
pub fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

use credsieve::eval::r#gen::words::{
    FIRST_NAMES as FIRST, LAST_NAMES as LAST, MAIL_DOMAINS as DOMAINS,
};

const UAS: &[&str] = &[
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148",
    "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
    "okhttp/4.12.0",
    "ShopCo/5.12 (iOS 17.5; iPhone15,2)",
    "python-requests/2.32.3",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
];

/// The shape of a synthetic night.
#[derive(Debug, Clone, Copy)]
pub struct Shape {
    /// Events to write.
    pub events: u64,
    /// Seed.
    pub seed: u64,
}

impl Shape {
    /// Distinct service accounts.
    pub fn accounts(&self) -> u64 {
        (self.events / 12).max(50)
    }
    /// Botnet addresses used for stuffing and spraying.
    pub fn botnet(&self) -> u64 {
        (self.events / 200).max(20)
    }
}

/// The (pair, password) fingerprints of account `a` with password slot `slot` (0: its current
/// password, 1: the one in the combo lists). Slot 1 pairs are exactly the leaked ones.
pub fn cred_fp(seed: u64, a: u64, slot: u64) -> u64 {
    mix(seed ^ mix(a.wrapping_mul(4).wrapping_add(slot).wrapping_add(0x5eed)))
}

/// The password fingerprint of password number `p`; numbers below 1000 are leaked passwords.
pub fn pw_fp(seed: u64, p: u64) -> u64 {
    mix(seed.rotate_left(17) ^ mix(p ^ 0xa11ce))
}

fn user_of(out: &mut Vec<u8>, a: u64) {
    let h = mix(a ^ 0x05e7);
    let f = FIRST[(h % FIRST.len() as u64) as usize];
    let l = LAST[((h >> 8) % LAST.len() as u64) as usize];
    let d = DOMAINS[((h >> 16) % DOMAINS.len() as u64) as usize];
    let _ = write!(out, "{f}.{l}{}@{d}", a);
}

fn addr_of(out: &mut Vec<u8>, id: u64) {
    let h = mix(id ^ 0xadd7);
    if h % 5 == 0 {
        let _ = write!(
            out,
            "2a02:{:x}:{:x}:{:x}::{:x}",
            (h >> 8) & 0xffff,
            (h >> 24) & 0xffff,
            (h >> 40) & 0xffff,
            (id & 0xffff) | 1
        );
    } else {
        let _ = write!(
            out,
            "{}.{}.{}.{}",
            1 + (h >> 8) % 222,
            (h >> 16) & 255,
            (h >> 24) & 255,
            1 + (id % 254)
        );
    }
}

/// Writes one line (with its `\n`) of event `i` of the night.
pub fn line(out: &mut Vec<u8>, sh: &Shape, rng: &mut Rng, i: u64) {
    let accts = sh.accounts();
    let ts = 1_763_596_800_000i64 + (i as u128 * 86_400_000u128 / sh.events.max(1) as u128) as i64;
    let r = rng.below(100);
    let (acct, addr, ok, slot, pw, ua);
    if r < 85 {
        // Honest: a home address (two per account, the second rarer), current password.
        acct = rng.below(accts);
        addr = acct * 2 + u64::from(rng.chance(0.2));
        ok = rng.chance(0.95);
        // 2% of accounts still use their leaked password.
        slot = u64::from(mix(acct ^ sh.seed) % 50 == 0);
        pw = if ok {
            1000 + acct
        } else {
            1000 + accts + rng.below(accts)
        };
        ua = UAS[(mix(acct) % 5) as usize];
    } else if r < 97 {
        // Stuffing: botnet address, leaked pair, accounts beyond the service's included.
        acct = rng.below(accts + accts / 4);
        addr = 1 << 40 | rng.below(sh.botnet());
        slot = 1;
        ok = acct < accts && mix(acct ^ sh.seed) % 50 == 0;
        pw = if ok { 1000 + acct } else { rng.below(1000) };
        ua = UAS[5 + (rng.next() & 1) as usize];
    } else {
        // Spraying: a few common passwords over many accounts.
        acct = rng.below(accts);
        addr = 1 << 40 | rng.below(sh.botnet());
        slot = 2;
        ok = false;
        pw = rng.below(8);
        ua = UAS[5];
    }
    let _ = write!(out, "{{\"ts\":\"{}\",\"user\":\"", format_ts(ts));
    user_of(out, acct);
    out.extend_from_slice(b"\",\"ip\":\"");
    addr_of(out, addr);
    let _ = writeln!(
        out,
        "\",\"ok\":{ok},\"cred\":\"{:016x}\",\"pw\":\"{:016x}\",\"ua\":\"{ua}\"}}",
        cred_fp(sh.seed, acct, slot),
        pw_fp(sh.seed, pw)
    );
}

/// The whole night in memory.
pub fn synth_bytes(sh: &Shape) -> Vec<u8> {
    let mut out = Vec::with_capacity(sh.events as usize * 200);
    let mut rng = Rng::new(sh.seed);
    for i in 0..sh.events {
        line(&mut out, sh, &mut rng, i);
    }
    out
}

/// The same night as CSV with a header row.
pub fn synth_csv(sh: &Shape) -> Vec<u8> {
    let json = synth_bytes(sh);
    let mut out = b"ts,user,ip,ok,cred,pw,ua\n".to_vec();
    for l in json.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
        let Ok(v) = serde_json::from_slice::<serde_json::Value>(l) else {
            continue;
        };
        let f = |k: &str| {
            v.get(k)
                .map(|x| x.as_str().map_or_else(|| x.to_string(), str::to_string))
                .unwrap_or_default()
        };
        let _ = writeln!(
            out,
            "{},{},{},{},{},{},\"{}\"",
            f("ts"),
            f("user"),
            f("ip"),
            f("ok"),
            f("cred"),
            f("pw"),
            f("ua")
        );
    }
    out
}

/// Average line length of the synthetic night, measured on a sample.
pub fn mean_line_len(seed: u64) -> f64 {
    let sh = Shape {
        events: 20_000,
        seed,
    };
    synth_bytes(&sh).len() as f64 / 20_000.0
}

/// A synthetic log of about `mb` megabytes, written once and reused (keyed by size and seed).
pub fn log_file(mb: u64, seed: u64) -> std::io::Result<(PathBuf, Shape)> {
    let events = (mb as f64 * 1e6 / mean_line_len(seed)) as u64;
    let sh = Shape { events, seed };
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("bench-logs");
    std::fs::create_dir_all(&dir)?;
    let path = dir.join(format!("synth-v1-{mb}mb-s{seed}.jsonl"));
    if path.exists() {
        return Ok((path, sh));
    }
    let tmp = path.with_extension("tmp");
    let mut f = std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(&tmp)?);
    let mut rng = Rng::new(seed);
    let mut buf = Vec::with_capacity(1 << 20);
    for i in 0..events {
        line(&mut buf, &sh, &mut rng, i);
        if buf.len() > (1 << 20) - 512 {
            f.write_all(&buf)?;
            buf.clear();
        }
    }
    f.write_all(&buf)?;
    f.flush()?;
    drop(f);
    std::fs::rename(&tmp, &path)?;
    Ok((path, sh))
}

/// The leaks the benches look credentials up in: every leaked pair and password of the night,
/// padded with random fingerprints to `total` entries, in an in-memory [`ExactSet`].
pub fn bench_leaks(sh: &Shape, total: usize) -> Box<dyn LeakLookup> {
    Box::new(bench_set(sh, total))
}

/// The same fingerprints as [`bench_leaks`] in a memory-mapped leak store (`leaks build`'s
/// format), written once to `target/tmp/bench-logs/leaks-v1-<total>-e<events>-s<seed>.store`
/// and reused (the night's leaked pairs depend on its size, so the name carries it).
pub fn bench_store(sh: &Shape, total: usize) -> credsieve::Result<Box<dyn LeakLookup>> {
    use credsieve::leaks::store::{BuildInfo, LeakStore, StoreBuilder};
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("bench-logs");
    std::fs::create_dir_all(&dir).map_err(|e| credsieve::Error::io(&dir, e))?;
    let path = dir.join(format!(
        "leaks-v1-{total}-e{}-s{}.store",
        sh.events, sh.seed
    ));
    if !path.exists() {
        let set = bench_set(sh, total);
        let creds: Vec<u64> = set.creds.iter().copied().collect();
        let pws: Vec<u64> = set.pws.iter().copied().collect();
        let mut b = StoreBuilder::new(&path, set.key_id);
        b.push(&creds, &pws)?;
        b.finish(BuildInfo::default())?;
    }
    Ok(Box::new(LeakStore::open(&path)?))
}

fn bench_set(sh: &Shape, total: usize) -> ExactSet {
    let mut s = ExactSet::default();
    let accts = sh.accounts();
    s.pws.reserve(total / 10 + 1000);
    for p in 0..1000 {
        s.pws.insert(pw_fp(sh.seed, p));
    }
    s.creds.reserve(total);
    for a in 0..accts + accts / 4 {
        s.creds.insert(cred_fp(sh.seed, a, 1));
    }
    let mut rng = Rng::new(sh.seed ^ 0x1eaf);
    while s.pws.len() < total / 10 {
        s.pws.insert(rng.next());
    }
    while s.creds.len() + s.pws.len() < total {
        s.creds.insert(rng.next());
    }
    s
}

/// A field of /proc/self/status in bytes (`VmHWM`, `RssAnon`...), 0 when unavailable.
pub fn proc_status_bytes(field: &str) -> u64 {
    credsieve::mem::status_bytes(field).unwrap_or(0)
}

/// Samples `RssAnon` (the heap: mapped file pages excluded) every 5 ms while `f` runs and
/// returns `f`'s result with the highest value seen.
pub fn peak_anon<T>(f: impl FnOnce() -> T) -> (T, u64) {
    use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
    let stop = AtomicBool::new(false);
    let peak = AtomicU64::new(proc_status_bytes("RssAnon"));
    let out = std::thread::scope(|s| {
        s.spawn(|| {
            while !stop.load(Ordering::Relaxed) {
                peak.fetch_max(proc_status_bytes("RssAnon"), Ordering::Relaxed);
                std::thread::sleep(std::time::Duration::from_millis(5));
            }
        });
        let out = f();
        stop.store(true, Ordering::Relaxed);
        out
    });
    let p = peak
        .load(Ordering::Relaxed)
        .max(proc_status_bytes("RssAnon"));
    (out, p)
}
