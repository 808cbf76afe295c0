//! The detection pipeline, wired stage to stage: inputs are cut into blocks, workers parse
//! blocks into events, look credentials up in the leaks and fill their own window state; the
//! states merge, sources are derived and rules decide.

use std::path::PathBuf;
use std::time::Instant;

use serde::Serialize;

use crate::error::{Error, Result};
use crate::event::{AcctHasher, Event, RawEvent, flags, ip_key, norm_user};
use crate::fingerprint::Fp;
use crate::input::{self, BadLine, Block, Format, InputOptions};
use crate::leaks::LeakLookup;
use crate::rules::agents::{AgentCheck, Evidence, Wanted};
use crate::rules::{self, Config, Verdicts};
use crate::windows::{self, Windows};

/// Options of a scan.
#[derive(Debug, Clone)]
pub struct ScanOptions {
    /// How to read inputs.
    pub input: InputOptions,
    /// Worker threads (0: all cores).
    pub threads: usize,
    /// Fail when bad lines exceed this share of all lines.
    pub max_bad_ratio: f64,
    /// Bad lines kept for the report.
    pub keep_bad: usize,
}

impl Default for ScanOptions {
    fn default() -> Self {
        ScanOptions {
            input: InputOptions::default(),
            threads: 0,
            max_bad_ratio: 0.01,
            keep_bad: 10,
        }
    }
}

/// Counts of one input file.
#[derive(Debug, Clone, Default, Serialize)]
pub struct FileStats {
    /// The file.
    pub path: PathBuf,
    /// Its format.
    pub format: Option<Format>,
    /// Bytes read.
    pub bytes: u64,
    /// Events parsed.
    pub events: u64,
    /// Lines skipped as bad.
    pub bad_lines: u64,
    /// The error that stopped reading it, if any.
    pub error: Option<String>,
}

/// What a scan read.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ScanStats {
    /// Per input.
    pub files: Vec<FileStats>,
    /// Events parsed.
    pub events: u64,
    /// Bad lines.
    pub bad_lines: u64,
    /// Bytes read.
    pub bytes: u64,
    /// The first bad lines, as `file:line: why`.
    pub first_bad: Vec<String>,
    /// Inputs that could not be read (the run goes on; the exit code says so).
    pub errors: Vec<String>,
    /// Earliest event (epoch ms).
    pub first_ts: Option<i64>,
    /// Latest event (epoch ms).
    pub last_ts: Option<i64>,
    /// Threads used.
    pub threads: usize,
    /// Wall time of the scan in seconds.
    pub seconds: f64,
}

/// The most worker threads a scan uses. Each worker batches events for every other, so the
/// state grows with the square of the count: on a one-line log 64 threads take 0.09 s and
/// 68 MB, 128 0.4 s and 250 MB, 256 1.4 s and 950 MB, 512 10.5 s and 3.8 GB, 1,024 128 s and
/// 15 GB.
pub const MAX_THREADS: usize = 256;

/// The worker threads for a requested count: 0 means every core, at most [`MAX_THREADS`].
pub fn worker_threads(requested: usize) -> usize {
    let n = if requested == 0 {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    } else {
        requested
    };
    n.clamp(1, MAX_THREADS)
}

/// The merged state of a scan.
pub struct Scan {
    /// Window state of the night.
    pub windows: Windows,
    /// What was read.
    pub stats: ScanStats,
    /// The inputs as the scan opened them, for the user-agent check's second reading
    /// ([`decide_checked`]): mapped files stay mapped, so it reads the bytes the scan read.
    pub inputs: input::read::Inputs,
}

struct Worker {
    core: Core,
    bad: Vec<BadLine>,
    bad_count: Vec<u64>,
    events: Vec<u64>,
    first_ts: i64,
    last_ts: i64,
}

/// The part of a worker that owns state: worker `me` of `outs.len()` owns the shards `s` with
/// `s % outs.len() == me`, so each pair lives in one worker's state only (no pair is held twice,
/// and merging is moving shards). Events of other workers' shards are batched in `outs` and
/// handed over on their channel.
struct Core {
    w: Windows,
    me: usize,
    outs: Vec<Batch>,
    /// Other workers that said they are done sending.
    dones: usize,
}

/// What workers hand each other.
enum Msg {
    /// Events of the receiver's shards, looked up already.
    Batch(Batch),
    /// The sender will send nothing more.
    Done,
}

/// Every worker's inbox.
struct Router<'c> {
    txs: &'c [crossbeam_channel::Sender<Msg>],
    rx: &'c crossbeam_channel::Receiver<Msg>,
}

impl Core {
    fn take(&mut self, m: Msg) {
        match m {
            Msg::Batch(mut b) => b.apply(&mut self.w),
            Msg::Done => self.dones += 1,
        }
    }

    /// Sends to worker `to`, taking in what arrives meanwhile (two workers sending to each
    /// other's full inboxes never wait on each other). When `to` is gone, a batch is added
    /// here instead: any split of the pairs merges to the same state.
    fn send(&mut self, to: usize, m: Msg, r: &Router<'_>) {
        let Some(tx) = r.txs.get(to) else {
            return self.take_own(m);
        };
        loop {
            let mut sel = crossbeam_channel::Select::new();
            let si = sel.send(tx);
            let ri = sel.recv(r.rx);
            let op = sel.select();
            if op.index() == si {
                if let Err(e) = op.send(tx, m) {
                    self.take_own(e.into_inner());
                }
                return;
            }
            debug_assert_eq!(op.index(), ri);
            if let Ok(x) = op.recv(r.rx) {
                self.take(x);
            }
        }
    }

    fn take_own(&mut self, m: Msg) {
        if let Msg::Batch(mut b) = m {
            b.apply(&mut self.w);
        }
    }

    /// Looks batch `to` up in the leaks and adds it here or hands it to its owner.
    fn route(&mut self, to: usize, leaks: Option<&dyn LeakLookup>, r: &Router<'_>) {
        let Some(b) = self.outs.get_mut(to) else {
            return;
        };
        b.lookup(leaks);
        if to == self.me {
            b.apply(&mut self.w);
        } else {
            let b = std::mem::replace(b, Batch::with_capacity(BATCH));
            self.send(to, Msg::Batch(b), r);
        }
    }

    /// Hands over every pending batch, tells every other worker, and takes in batches until
    /// every other worker has said the same.
    fn finish(&mut self, leaks: Option<&dyn LeakLookup>, r: &Router<'_>) {
        let n = self.outs.len();
        for to in 0..n {
            if self.outs.get(to).is_some_and(|b| !b.evs.is_empty()) {
                self.route(to, leaks, r);
            }
        }
        let me = self.me;
        for to in (0..n).filter(|&t| t != me) {
            self.send(to, Msg::Done, r);
        }
        while self.dones + 1 < n {
            match r.rx.recv() {
                Ok(m) => self.take(m),
                Err(_) => break,
            }
        }
    }
}

/// Events parsed but not yet looked up and added. Leak lookups and pair updates are mostly
/// cache misses in large tables; done in a tight loop over a batch, the misses of different
/// events overlap instead of waiting one by one between two parses.
#[derive(Default)]
struct Batch {
    /// Compact events without leak bits.
    evs: Vec<Event>,
    /// Their pair fingerprints.
    creds: Vec<Option<Fp>>,
    /// Where each event's normalised name ends in `names`.
    ends: Vec<usize>,
    /// Normalised names, back to back.
    names: String,
    /// Scratch for [`Batch::lookup`]: the fingerprints asked and the answers.
    fps: Vec<Fp>,
    hits: Vec<bool>,
    /// Scratch for [`Windows::add_batch`].
    scratch: windows::BatchScratch,
}

/// Events per batch.
const BATCH: usize = 256;

impl Batch {
    /// An empty batch with room for `n` events (and names of 32 bytes on average), so that
    /// filling it does not reallocate.
    fn with_capacity(n: usize) -> Self {
        Batch {
            evs: Vec::with_capacity(n),
            creds: Vec::with_capacity(n),
            ends: Vec::with_capacity(n),
            names: String::with_capacity(n * 32),
            ..Default::default()
        }
    }

    fn push(&mut self, raw: &RawEvent<'_>, user: &str, acct: u64, agent: u32) {
        self.names.push_str(user);
        self.evs.push(Event {
            agent,
            ..compact(raw, acct, None)
        });
        self.creds.push(raw.cred);
        self.ends.push(self.names.len());
    }

    /// Sets the leak bits of the batch's events: one batch call per kind
    /// ([`LeakLookup::has_creds`], [`LeakLookup::has_pws`]) for the events that have one.
    fn lookup(&mut self, leaks: Option<&dyn LeakLookup>) {
        let Some(l) = leaks else { return };
        self.mark(
            |_, c| c,
            |fps, hits| l.has_creds(fps, hits),
            flags::CRED_LEAKED,
        );
        self.mark(
            |e, _| e.has_pw().then_some(e.pw),
            |fps, hits| l.has_pws(fps, hits),
            flags::PW_LEAKED,
        );
    }

    /// Looks up, in one batch call, the fingerprint `key` picks from each event (if any) and
    /// sets `flag` on the events whose fingerprint is leaked.
    fn mark(
        &mut self,
        key: impl Fn(&Event, Option<Fp>) -> Option<Fp>,
        query: impl Fn(&[Fp], &mut [bool]),
        flag: u8,
    ) {
        self.fps.clear();
        self.fps.extend(
            self.evs
                .iter()
                .zip(&self.creds)
                .filter_map(|(e, c)| key(e, *c)),
        );
        self.hits.clear();
        self.hits.resize(self.fps.len(), false);
        query(&self.fps, &mut self.hits);
        let mut hits = self.hits.iter();
        for (e, c) in self.evs.iter_mut().zip(&self.creds) {
            if key(e, *c).is_some() && hits.next() == Some(&true) {
                e.flags |= flag;
            }
        }
    }

    /// Adds the batch to `w` and empties it.
    fn apply(&mut self, w: &mut Windows) {
        w.add_batch(&self.evs, &self.names, &self.ends, &mut self.scratch);
        self.evs.clear();
        self.creds.clear();
        self.ends.clear();
        self.names.clear();
    }
}

/// Converts a parsed event into the compact form, looking its credential up in the leaks.
pub fn compact(raw: &RawEvent<'_>, acct: u64, leaks: Option<&dyn LeakLookup>) -> Event {
    let mut f = if raw.ok { flags::OK } else { 0 };
    if let Some(c) = raw.cred {
        f |= flags::HAS_CRED;
        if leaks.is_some_and(|l| l.has_cred(c)) {
            f |= flags::CRED_LEAKED;
        }
    }
    if let Some(p) = raw.pw {
        f |= flags::HAS_PW;
        if leaks.is_some_and(|l| l.has_pw(p)) {
            f |= flags::PW_LEAKED;
        }
    }
    Event {
        ts_ms: raw.ts_ms,
        ip: ip_key(raw.ip),
        acct,
        pw: raw.pw.unwrap_or(0),
        flags: f,
        agent: 0,
    }
}

impl Worker {
    fn new(files: usize, me: usize, threads: usize) -> Self {
        Worker {
            core: Core {
                w: Windows::default(),
                me,
                outs: (0..threads).map(|_| Batch::with_capacity(BATCH)).collect(),
                dones: 0,
            },
            bad: Vec::new(),
            bad_count: vec![0; files],
            events: vec![0; files],
            first_ts: i64::MAX,
            last_ts: i64::MIN,
        }
    }

    fn block(
        &mut self,
        b: &Block<'_>,
        header: &input::Header,
        leaks: Option<&dyn LeakLookup>,
        keep: usize,
        hasher: &AcctHasher,
        r: &Router<'_>,
    ) {
        let mut n = 0u64;
        let (core, first, last) = (&mut self.core, &mut self.first_ts, &mut self.last_ts);
        let owners = core.outs.len().max(1);
        let bad = &mut self.bad;
        let mut nbad = 0u64;
        input::parse_block_agents(
            b,
            header,
            |raw, agent| {
                let user = norm_user(&raw);
                *first = (*first).min(raw.ts_ms);
                *last = (*last).max(raw.ts_ms);
                let acct = hasher.key(&user);
                let to = windows::shard_of(acct) % owners;
                if let Some(batch) = core.outs.get_mut(to) {
                    batch.push(&raw, &user, acct, agent.key());
                    if batch.evs.len() >= BATCH {
                        core.route(to, leaks, r);
                    }
                }
                n += 1;
            },
            |l| {
                nbad += 1;
                bad.push(l);
                if bad.len() > keep * 4 {
                    bad.sort();
                    bad.truncate(keep);
                }
            },
        );
        if let Some(c) = self.events.get_mut(b.file) {
            *c += n;
        }
        if let Some(c) = self.bad_count.get_mut(b.file) {
            *c += nbad;
        }
    }

    /// Takes blocks (and meanwhile batches from other workers) until the block channel
    /// closes, then hands everything over.
    fn run(
        mut self,
        blocks: &input::read::Blocks<'_>,
        leaks: Option<&dyn LeakLookup>,
        keep: usize,
        hasher: &AcctHasher,
        r: &Router<'_>,
    ) -> Self {
        loop {
            let mut sel = crossbeam_channel::Select::new();
            let bi = sel.recv(blocks);
            let ii = sel.recv(r.rx);
            let op = sel.select();
            if op.index() == bi {
                match op.recv(blocks) {
                    Ok((b, h)) => self.block(&b, &h, leaks, keep, hasher, r),
                    Err(_) => break,
                }
            } else {
                debug_assert_eq!(op.index(), ii);
                if let Ok(m) = op.recv(r.rx) {
                    self.core.take(m);
                }
            }
        }
        self.core.finish(leaks, r);
        self
    }
}

/// Reads every input and fills the window state. Inputs that cannot be opened or read are
/// recorded in `stats.errors` and the scan goes on; too many bad lines is an error. The leaks
/// are told first how many lookups to expect ([`LeakLookup::expect_lookups`]: a store the
/// night will touch most of is read in whole).
pub fn scan(paths: &[PathBuf], leaks: Option<&dyn LeakLookup>, opts: &ScanOptions) -> Result<Scan> {
    let start = Instant::now();
    let threads = worker_threads(opts.threads);
    if let Some(l) = leaks {
        // About two lookups per event and 100-250 bytes per event: one per 128 bytes of input.
        let (files, _) = input::expand_paths(paths);
        let bytes: u64 = files
            .iter()
            .filter_map(|p| std::fs::metadata(p).ok())
            .map(|m| m.len())
            .sum();
        l.expect_lookups(bytes / 128);
    }
    let hasher = AcctHasher::default();
    // Each worker's inbox for the events of the shards it owns.
    let (inbox_tx, inbox_rx): (Vec<_>, Vec<_>) = (0..threads)
        .map(|_| crossbeam_channel::bounded::<Msg>(16))
        .unzip();
    let mut inputs = input::read::Inputs::open(paths, &opts.input);
    let read =
        input::read::read_inputs(&mut inputs, &opts.input, threads, |me, nfiles, blocks| {
            match inbox_rx.get(me) {
                Some(rx) => {
                    let r = Router { txs: &inbox_tx, rx };
                    Worker::new(nfiles, me, threads).run(blocks, leaks, opts.keep_bad, &hasher, &r)
                }
                None => Worker::new(nfiles, me, threads),
            }
        })?;
    let opened = read.files;
    let mut stats = ScanStats {
        threads,
        errors: read.errors,
        files: opened
            .iter()
            .cloned()
            .map(|o| FileStats {
                path: o.path,
                format: o.format,
                bytes: o.bytes,
                error: o.error,
                ..Default::default()
            })
            .collect(),
        ..Default::default()
    };
    let workers = read.workers;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| Error::Invalid(e.to_string()))?;
    let mut bad = Vec::new();
    let mut first = i64::MAX;
    let mut last = i64::MIN;
    let mut merged: Option<Windows> = None;
    for wk in workers {
        for (i, c) in wk.events.iter().enumerate() {
            stats.files[i].events += c;
        }
        for (i, c) in wk.bad_count.iter().enumerate() {
            stats.files[i].bad_lines += c;
        }
        bad.extend(wk.bad);
        first = first.min(wk.first_ts);
        last = last.max(wk.last_ts);
        merged = Some(match merged {
            None => wk.core.w,
            Some(m) => pool.install(|| m.merge(wk.core.w)),
        });
    }
    let mut windows = merged.unwrap_or_default();
    pool.install(|| windows.finish());
    stats.first_bad = input::read::describe_bad(&opened, bad, opts.keep_bad);
    stats.events = stats.files.iter().map(|f| f.events).sum();
    stats.bad_lines = stats.files.iter().map(|f| f.bad_lines).sum();
    stats.bytes = stats.files.iter().map(|f| f.bytes).sum();
    stats.first_ts = (first != i64::MAX).then_some(first);
    stats.last_ts = (last != i64::MIN).then_some(last);
    stats.seconds = start.elapsed().as_secs_f64();
    let total = stats.events + stats.bad_lines;
    if stats.bad_lines > 0 {
        let ratio = stats.bad_lines as f64 / total as f64;
        if ratio > opts.max_bad_ratio {
            return Err(Error::TooManyBadLines {
                bad: stats.bad_lines,
                total,
                ratio,
                limit: opts.max_bad_ratio,
                first: stats.first_bad.first().cloned().unwrap_or_default(),
                unread: match stats.errors.as_slice() {
                    [] => String::new(),
                    [one] => format!("; also not read completely: {one}"),
                    [first, rest @ ..] => format!(
                        "; also not read completely: {first} and {} more",
                        rest.len()
                    ),
                },
            });
        }
    }
    Ok(Scan {
        windows,
        stats,
        inputs,
    })
}

/// Everything `decide` needs beyond the pairs, derived once from a scan (a sweep reuses it for
/// every grid point that keeps the network prefixes).
pub struct Analysis {
    /// Source statistics.
    pub sources: windows::sources::Sources,
}

/// Derives sources from a scan's state, with the network prefixes of `cfg`, keeping the
/// addresses a rule can use.
pub fn analyse(w: &Windows, cfg: &Config) -> Analysis {
    analyse_keeping(w, cfg, false)
}

/// [`analyse`], keeping every address when `keep_all` (for `--all-sources`).
pub fn analyse_keeping(w: &Windows, cfg: &Config, keep_all: bool) -> Analysis {
    let sources = windows::sources::derive(
        &w.sorted_pairs(),
        &w.sorted_spray(),
        cfg.networks.v4_prefix,
        cfg.networks.v6_prefix,
        keep_all,
    );
    Analysis { sources }
}

/// Decides the accounts of an analysed scan.
pub fn decide(w: &Windows, a: &Analysis, cfg: &Config) -> Verdicts {
    rules::decide(w, &w.sorted_pairs(), &a.sources, cfg)
}

/// Reads the logs a second time for the user-agent check: the user agents of the failures at
/// the wanted addresses and of the wanted logins (see [`rules::agents`]). Bad lines were
/// reported by the scan and are passed over; an input error is an error.
/// The inputs are those a scan opened and read ([`Scan::inputs`]), rewound first
/// ([`input::read::Inputs::rewind`]), so the second reading reads the files the scan read, or
/// fails.
pub fn agent_evidence(
    inputs: &mut input::read::Inputs,
    opts: &ScanOptions,
    wanted: &Wanted,
) -> Result<Evidence> {
    inputs.rewind(&opts.input)?;
    let threads = worker_threads(opts.threads);
    let hasher = AcctHasher::default();
    // Each reader's evidence is made here, on the calling thread: the readers' own allocator
    // arenas would otherwise add fresh pages for it to the run's memory peak, while this
    // thread's reuses what `decide` freed.
    let made = std::sync::Mutex::new(
        (0..threads)
            .map(|_| Evidence::new(wanted))
            .collect::<Vec<_>>(),
    );
    let read = input::read::read_parallel_in(
        inputs,
        &opts.input,
        threads,
        |_| {
            made.lock()
                .ok()
                .and_then(|mut m| m.pop())
                .unwrap_or_else(|| Evidence::new(wanted))
        },
        |ev, b, h| {
            let traces = |k: u32| wanted.traces(k);
            input::parse_block_agents_at(
                b,
                h,
                |ip| wanted.wants_ip(ip_key(ip)),
                wanted
                    .traces_any()
                    .then_some(&traces as &dyn Fn(u32) -> bool),
                |raw, agent| {
                    let acct = hasher.key(&norm_user(&raw));
                    let ip = ip_key(raw.ip);
                    // Of the logins, only the convicted ones and those around a burst
                    // candidate are asked about; a traced agent's logins, wherever they are.
                    let asked = wanted.wants_event(acct, ip, raw.ts_ms, raw.ok);
                    let traced = raw.ok && wanted.traces_any();
                    if !asked && !traced {
                        return;
                    }
                    // The agent is read only for the events kept.
                    let ua = agent.key();
                    if ua == 0 {
                        return;
                    }
                    if traced && wanted.traces(ua) {
                        ev.add_traced(ua, acct, ip, raw.ts_ms);
                    }
                    if asked {
                        ev.add(wanted, acct, ip, raw.ts_ms, raw.ok, u64::from(ua));
                    }
                },
            );
        },
    )?;
    if let Some(e) = read.errors.first() {
        return Err(Error::Invalid(e.clone()));
    }
    // Merged into the first worker's maps (a copy would double them at the memory peak).
    let mut workers = read.workers.into_iter();
    let mut all = workers.next().unwrap_or_else(|| Evidence::new(wanted));
    for w in workers {
        all.merge(w);
    }
    Ok(all)
}

/// [`decide`] with the user-agent check ([`rules::agents`]): the logs are read a second time
/// for the convictions the check asks about, and the night is convicted again without the
/// refused ones; then the failed-password triples are freed ([`Windows::release_spray`]) and
/// the lists built. When the check is off the verdicts are `decide`'s; so too when an input
/// cannot be read twice or fails the second time, and the check says why it was skipped (a
/// failed second reading also sets [`rules::agents::AgentCheck::read_failed`]: the inputs
/// changed under the run).
pub fn decide_checked(
    inputs: &mut input::read::Inputs,
    opts: &ScanOptions,
    w: &mut Windows,
    a: &Analysis,
    cfg: &Config,
) -> (Verdicts, AgentCheck) {
    let mut read_failed = false;
    let (convictions, mut check) =
        rules::convict_checking(w, &w.sorted_pairs(), &a.sources, cfg, |wanted| {
            if let Some(why) = inputs.unreadable() {
                return Err(why);
            }
            // The convictions' transient lists are freed but their pages still held: hand them
            // back before the reading allocates its own (the memory peak).
            crate::mem::release_free_memory();
            let t = Instant::now();
            let ev = agent_evidence(inputs, opts, wanted).map_err(|e| {
                read_failed = true;
                format!("the second reading failed: {e}")
            })?;
            Ok((ev, t.elapsed().as_secs_f64()))
        });
    check.read_failed = read_failed;
    w.release_spray();
    let verdicts = rules::list(w, &w.sorted_pairs(), &a.sources, cfg, &convictions);
    (verdicts, check)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fingerprint::Fingerprinter;
    use crate::leaks::ExactSet;
    use crate::windows::{PairKey, PairStats, SprayKey};
    use std::path::Path;

    type State = (
        Vec<(PairKey, PairStats)>,
        Vec<SprayKey>,
        Vec<(u64, String)>,
        u64,
        crate::windows::agents::AgentTally,
    );

    fn state(paths: &[PathBuf], leaks: &ExactSet, threads: usize, block_size: usize) -> State {
        let opts = ScanOptions {
            threads,
            input: InputOptions {
                block_size,
                ..Default::default()
            },
            ..Default::default()
        };
        let s = scan(paths, Some(leaks), &opts).expect("scan");
        (
            s.windows.sorted_pairs().to_vec(),
            s.windows.sorted_spray().to_vec(),
            s.windows.sorted_names(),
            s.stats.events,
            s.windows.agents().clone(),
        )
    }

    #[test]
    fn worker_threads_are_every_core_or_the_count_asked_within_the_bound() {
        assert_eq!(worker_threads(3), 3);
        assert_eq!(worker_threads(MAX_THREADS + 1), MAX_THREADS);
        assert!((1..=MAX_THREADS).contains(&worker_threads(0)));
    }

    /// The bundled sample day's directory and its leaks.
    fn sample_day() -> (PathBuf, ExactSet) {
        let dir = PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/datasets/realistic-day-small"
        ));
        let (leaks, _) = ExactSet::from_sources(
            &Fingerprinter::demo(),
            &[dir.join("combos.txt")],
            &[dir.join("passwords.txt")],
            &[],
        )
        .expect("leaks");
        (dir, leaks)
    }

    /// The second reading reads the files the scan read. A mapped file is read through the
    /// scan's map: removed or replaced by another file (a log rotated) under the run, the
    /// verdicts are those of the undisturbed run. A file read as a stream (`--no-mmap`) is
    /// opened again by its name: removed or replaced, the check says the reading failed, so
    /// that the run fails instead of deciding on other bytes or without the check.
    #[test]
    fn the_second_reading_reads_the_files_the_scan_read_or_fails() {
        let (src, leaks) = sample_day();
        let cfg = Config::default();
        let run = |mmap: bool, change: &dyn Fn(&Path)| {
            let dir = tempfile::tempdir().expect("tmp");
            let p = dir.path().join("events.jsonl");
            std::fs::copy(src.join("events.jsonl"), &p).expect("copy");
            let opts = ScanOptions {
                input: InputOptions {
                    mmap,
                    ..Default::default()
                },
                ..Default::default()
            };
            let mut s = scan(std::slice::from_ref(&p), Some(&leaks), &opts).expect("scan");
            let a = analyse(&s.windows, &cfg);
            change(&p);
            let (v, check) = decide_checked(&mut s.inputs, &opts, &mut s.windows, &a, &cfg);
            let mut out = Vec::new();
            crate::report::write_accounts(&mut out, &v.compromised).expect("write");
            (String::from_utf8_lossy(&out).into_owned(), check)
        };
        let keep = |_: &Path| {};
        let remove = |p: &Path| std::fs::remove_file(p).expect("rm");
        // Rotated: the name now holds another night (the first half of this one's lines).
        let rotate = |p: &Path| {
            let text = std::fs::read_to_string(p).expect("read");
            let half: String = text.lines().take(2000).map(|l| format!("{l}\n")).collect();
            std::fs::rename(p, p.with_extension("1")).expect("rename");
            std::fs::write(p, half).expect("write");
        };
        let (fine, check) = run(true, &keep);
        assert!(check.ran && !check.read_failed, "{check:?}");
        assert!(!fine.is_empty());
        for change in [&remove as &dyn Fn(&Path), &rotate] {
            let (out, check) = run(true, change);
            assert!(check.ran && !check.read_failed, "{check:?}");
            assert_eq!(
                out, fine,
                "a mapped file is read again through the scan's map"
            );
            let (_, check) = run(false, change);
            assert!(check.read_failed && !check.ran, "{check:?}");
            assert!(
                check
                    .skipped
                    .as_deref()
                    .is_some_and(|w| w.contains("second reading failed")),
                "{check:?}"
            );
        }
        let (_, check) = run(false, &rotate);
        assert!(
            check
                .skipped
                .is_some_and(|w| w.contains("another file has taken its name")),
        );
        let (streamed, check) = run(false, &keep);
        assert!(check.ran && !check.read_failed, "{check:?}");
        assert_eq!(streamed, fine);
    }

    /// A time outside what the windows keep (about 2490 BC to AD 6429) is a bad line with its
    /// position, in every format: counted, reported, never clamped into a burst.
    #[test]
    fn far_times_are_bad_lines() {
        let dir = tempfile::tempdir().expect("tempdir");
        let files = [
            (
                "far.jsonl",
                [
                    r#"{"ts":9000000000000000000,"user":"a","ip":"10.0.0.1","ok":false}"#,
                    r#"{"ts":"9999-12-31T23:59:59.999Z","user":"a","ip":"10.0.0.1","ok":true}"#,
                    r#"{"ts":"2026-11-20T03:14:15.123Z","user":"b","ip":"10.0.0.1","ok":true}"#,
                ]
                .join("\n"),
            ),
            (
                "far.csv",
                "ts,user,ip,ok\n9000000000000000000,a,10.0.0.1,0\n9999-12-31T23:59:59Z,a,10.0.0.1,1\n2026-11-20T03:14:15Z,b,10.0.0.1,1".into(),
            ),
        ];
        for (name, text) in files {
            let path = dir.path().join(name);
            std::fs::write(&path, text + "\n").expect("write");
            let opts = ScanOptions {
                max_bad_ratio: 1.0,
                ..ScanOptions::default()
            };
            let s = scan(&[path], None, &opts).expect("scan");
            assert_eq!((s.stats.events, s.stats.bad_lines), (1, 2), "{name}");
            assert!(
                s.stats.first_bad.iter().all(|l| l.contains("time outside")),
                "{:?}",
                s.stats.first_bad
            );
            assert_eq!(s.windows.clamped_times(), 0);
        }
    }

    /// The merged window state itself (not only the outputs) is the same whatever the thread
    /// count and block size: the routed workers and the merge are order-independent.
    #[test]
    fn same_state_whatever_threads_and_blocks() {
        let (dir, leaks) = sample_day();
        let paths = vec![dir.join("events.jsonl")];
        let one = state(&paths, &leaks, 1, 4 << 20);
        assert!(one.3 > 1000 && one.0.iter().any(|(_, p)| p.leaked_succ > 0));
        for (threads, block) in [(2, 4096), (3, 1000), (4, 100_000), (2, 4 << 20)] {
            assert!(
                state(&paths, &leaks, threads, block) == one,
                "{threads} threads, blocks of {block}"
            );
        }
    }
}
