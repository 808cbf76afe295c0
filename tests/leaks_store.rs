//! The leak store against the exact in-memory set, and its failure modes, through the library
//! and through the binary.

use std::path::{Path, PathBuf};
use std::process::Command;

use credsieve::Error;
use credsieve::fingerprint::{Fingerprinter, KeySource};
use credsieve::leaks::sources::sources_of;
use credsieve::leaks::store::{BuildInfo, BuildOptions, LeakStore, StoreBuilder, build_store};
use credsieve::leaks::{ExactSet, LeakLookup};
use proptest::prelude::*;

const COMBOS: &[u8] = b"alice@example.com:hunter2\r\n\
bob:correct horse battery staple\n\
\n\
   \n\
no colon here\n\
:empty-user\n\
carol:\n\
\xc3\x9cn\xc3\xafcode@\xe4\xbe\x8b\xe3\x81\x88.jp:p\xc3\xa4ssw\xc3\xb6rd:with:colons\n\
dave:\xff\xfe\x80binary\n\
\xff\xfeuser:secret\n\
alice@example.com:hunter2\n\
  ALICE@example.com :hunter2\n\
eve:pass:word\r\n\
last:no-newline";

const PASSWORDS: &[u8] = b"hunter2\n123456\r\n\npassword\n\xff\xfe\nhunter2\n";

const HIBP: &[u8] = b"F3BBBD66A63D4BF1747940578EC3D0103530E21D:42\n\
7c4a8d09ca3762af61e59520943dc26494f8941b:37359195\r\n\
NOTHEX:1\n\
F3BBBD66A63D4BF1747940578EC3D0103530E21D:notanumber\n\
\n";

struct Fixture {
    _dir: tempfile::TempDir,
    dir: PathBuf,
    combos: Vec<PathBuf>,
    passwords: Vec<PathBuf>,
    hibp: Vec<PathBuf>,
}

fn fixture() -> Fixture {
    let d = tempfile::tempdir().unwrap();
    let dir = d.path().to_path_buf();
    let w = |name: &str, data: &[u8]| {
        let p = dir.join(name);
        std::fs::write(&p, data).unwrap();
        p
    };
    Fixture {
        combos: vec![w("combos.txt", COMBOS), w("empty.txt", b"")],
        passwords: vec![w("passwords.txt", PASSWORDS)],
        hibp: vec![w("hibp.txt", HIBP)],
        dir,
        _dir: d,
    }
}

fn build(fx: &Fixture, fp: &Fingerprinter, name: &str) -> PathBuf {
    let out = fx.dir.join(name);
    build_store(
        fp,
        &sources_of(&fx.combos, &fx.passwords, &fx.hibp),
        &out,
        &BuildOptions::default(),
        &|_| {},
    )
    .unwrap();
    out
}

fn queries(fp: &Fingerprinter) -> (Vec<u64>, Vec<u64>) {
    let users = [
        "alice@example.com",
        "bob",
        "carol",
        "dave",
        "eve",
        "last",
        "Ünïcode@例え.jp",
        "mallory",
    ];
    let pws: [&[u8]; 10] = [
        b"hunter2",
        b"correct horse battery staple",
        b"pass:word",
        b"pass",
        "pässwörd:with:colons".as_bytes(),
        b"\xff\xfe\x80binary",
        b"123456",
        b"password",
        b"no-newline",
        b"secret",
    ];
    let mut creds = Vec::new();
    for u in users {
        for p in pws {
            creds.push(fp.cred(u, p));
        }
    }
    (creds, pws.iter().map(|p| fp.pw(p)).collect())
}

#[test]
fn store_equals_exact_set_on_the_fixture() {
    let fx = fixture();
    let fp = Fingerprinter::demo();
    let (exact, ref_stats) =
        ExactSet::from_sources(&fp, &fx.combos, &fx.passwords, &fx.hibp).unwrap();
    let path = build(&fx, &fp, "s.leaks");
    let store = LeakStore::open_with_key(&path, &fp).unwrap();
    store.verify().unwrap();
    assert_eq!(store.build_info().stats, ref_stats);
    assert_eq!(store.cred_section().entries, exact.creds.len() as u64);
    assert_eq!(store.pw_section().entries, exact.pws.len() as u64);
    let (creds, pws) = queries(&fp);
    let mut hits = 0;
    for c in creds {
        assert_eq!(store.has_cred(c), exact.has_cred(c));
        hits += store.has_cred(c) as usize;
    }
    for p in pws {
        assert_eq!(store.has_pw(p), exact.has_pw(p));
    }
    assert_eq!(hits, 6, "alice, bob, unicode, dave, eve, last");
    // A combo whose password contains ':' is split at the first ':'.
    assert!(store.has_cred(fp.cred("eve", b"pass:word")));
    assert!(!store.has_cred(fp.cred("eve:pass", b"word")));
    assert!(store.has_cred(fp.cred("Ünïcode@例え.jp", "pässwörd:with:colons".as_bytes())));
    // Non-UTF-8 passwords are fine; a non-UTF-8 user is a malformed line.
    assert!(store.has_cred(fp.cred("dave", b"\xff\xfe\x80binary")));
    assert!(store.has_pw(fp.pw(b"\xff\xfe")));
    assert!(!store.has_pw(fp.pw(b"secret")));
    // Combo passwords are leaked passwords too; HIBP hashes in either case.
    assert!(store.has_pw(fp.pw(b"correct horse battery staple")));
    assert!(store.has_pw(fp.pw(b"123456")));
    // Duplicates and bad lines are counted.
    let st = &store.build_info().stats;
    assert_eq!(st.bad, 6, "{:?}", st.first_bad);
    assert_eq!(st.blank, 4);
    let first: Vec<String> = st.first_bad.iter().map(|b| b.to_string()).collect();
    assert!(
        first[0].ends_with("combos.txt:5: no ':' between user and password"),
        "{first:?}"
    );
    assert!(first[1].ends_with("combos.txt:6: empty user"), "{first:?}");
    assert!(
        first[2].ends_with("combos.txt:7: empty password"),
        "{first:?}"
    );
    assert!(
        first[3].ends_with("combos.txt:10: user is not UTF-8"),
        "{first:?}"
    );
    assert_eq!(store.cred_section().pushed, 8);
    assert_eq!(store.cred_section().entries, 6);
}

#[test]
fn empty_sources_make_an_empty_store() {
    let d = tempfile::tempdir().unwrap();
    let e = d.path().join("e.txt");
    std::fs::write(&e, b"\n\n").unwrap();
    let out = d.path().join("s.leaks");
    let fp = Fingerprinter::demo();
    let (sum, stats) = build_store(
        &fp,
        &sources_of(
            std::slice::from_ref(&e),
            std::slice::from_ref(&e),
            std::slice::from_ref(&e),
        ),
        &out,
        &BuildOptions::default(),
        &|_| {},
    )
    .unwrap();
    assert_eq!(
        (sum.entries(), stats.lines, stats.blank, stats.bad),
        (0, 6, 6, 0)
    );
    let s = LeakStore::open_with_key(&out, &fp).unwrap();
    s.verify().unwrap();
    let (creds, pws) = queries(&fp);
    assert!(creds.iter().all(|&c| !s.has_cred(c)));
    assert!(pws.iter().all(|&p| !s.has_pw(p)));
}

#[test]
fn wrong_key_is_an_error() {
    let fx = fixture();
    let path = build(&fx, &Fingerprinter::demo(), "s.leaks");
    let other = Fingerprinter::new(b"s3cr3t-pepper", KeySource::File);
    let err = LeakStore::open_with_key(&path, &other).unwrap_err();
    assert!(matches!(err, Error::Store { .. }), "{err}");
    assert!(err.to_string().contains("another key"), "{err}");
}

fn assert_store_error(path: &Path, needle: &str) {
    match LeakStore::open(path) {
        Err(e @ Error::Store { .. }) => {
            assert!(e.to_string().contains(needle), "{e} lacks {needle}")
        }
        Err(e) => panic!("not a store error: {e}"),
        Ok(_) => panic!("opened a damaged store, expected {needle}"),
    }
}

#[test]
fn truncated_store_is_an_error() {
    let fx = fixture();
    let path = build(&fx, &Fingerprinter::demo(), "s.leaks");
    let bytes = std::fs::read(&path).unwrap();
    let t = fx.dir.join("t.leaks");
    for len in [
        0,
        1,
        7,
        8,
        12,
        63,
        64,
        200,
        bytes.len() / 2,
        bytes.len() - 8,
        bytes.len() - 1,
    ] {
        std::fs::write(&t, &bytes[..len]).unwrap();
        let needle = if len == 0 { "empty" } else { "truncated" };
        assert_store_error(&t, needle);
    }
    let mut longer = bytes.clone();
    longer.extend_from_slice(&[0; 8]);
    std::fs::write(&t, &longer).unwrap();
    assert_store_error(&t, "trailing bytes");
    std::fs::write(&t, b"alice:hunter2\n").unwrap();
    assert_store_error(&t, "not a credsieve leak store");
}

#[test]
fn every_flipped_header_byte_is_an_error() {
    let fx = fixture();
    let path = build(&fx, &Fingerprinter::demo(), "s.leaks");
    let bytes = std::fs::read(&path).unwrap();
    let header_len = u32::from_le_bytes(bytes[12..16].try_into().unwrap()) as usize;
    let t = fx.dir.join("t.leaks");
    for i in 0..header_len {
        for bit in [0x01u8, 0x80] {
            let mut b = bytes.clone();
            b[i] ^= bit;
            std::fs::write(&t, &b).unwrap();
            assert!(
                LeakStore::open(&t).is_err(),
                "byte {i} bit {bit:#x} flipped went unnoticed"
            );
        }
    }
    // A flipped body byte passes the O(1) open but not verify().
    let mut b = bytes.clone();
    let last = b.len() - 3;
    b[last] ^= 0x10;
    std::fs::write(&t, &b).unwrap();
    let s = LeakStore::open(&t).unwrap();
    assert!(matches!(s.verify(), Err(Error::Store { .. })));
}

#[test]
fn version_and_magic_are_named() {
    let fx = fixture();
    let path = build(&fx, &Fingerprinter::demo(), "s.leaks");
    let mut b = std::fs::read(&path).unwrap();
    b[8] = 9;
    let t = fx.dir.join("t.leaks");
    std::fs::write(&t, &b).unwrap();
    assert_store_error(&t, "version 9");
    b[0] = b'X';
    std::fs::write(&t, &b).unwrap();
    assert_store_error(&t, "bad magic");
}

#[test]
fn big_generated_source_spilled_and_parallel_equals_exact() {
    use std::io::Write;
    let d = tempfile::tempdir().unwrap();
    let p = d.path().join("big.txt");
    let mut data = Vec::new();
    for i in 0..200_000u32 {
        writeln!(data, "User{}@x.org:pw{}:{}", i % 30_000, i % 1_000, i % 7).unwrap();
    }
    std::fs::write(&p, &data).unwrap();
    let fp = Fingerprinter::new(b"k", KeySource::File);
    let (exact, _) = ExactSet::from_sources(&fp, std::slice::from_ref(&p), &[], &[]).unwrap();
    let out = d.path().join("s.leaks");
    let opts = BuildOptions {
        memory_budget: 1 << 20,
        ..BuildOptions::default()
    };
    let (sum, _) = build_store(&fp, &sources_of(&[p], &[], &[]), &out, &opts, &|_| {}).unwrap();
    assert!(sum.spilled);
    let s = LeakStore::open_with_key(&out, &fp).unwrap();
    s.verify().unwrap();
    assert_eq!(s.cred_section().entries, exact.creds.len() as u64);
    assert_eq!(s.pw_section().entries, exact.pws.len() as u64);
    for &c in &exact.creds {
        assert!(s.has_cred(c));
    }
    for &w in &exact.pws {
        assert!(s.has_pw(w));
    }
    for i in 0..50_000u32 {
        let c = fp.cred(
            &format!("user{i}@x.org"),
            format!("pw{}:{}", i % 1_000, i % 5).as_bytes(),
        );
        assert_eq!(s.has_cred(c), exact.has_cred(c));
    }
    // Nothing left behind but the store and the source.
    assert_eq!(std::fs::read_dir(d.path()).unwrap().count(), 2);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn store_answers_equal_exact_set(
        creds in proptest::collection::vec(any::<u64>(), 0..3000),
        pws in proptest::collection::vec(0u64..5000, 0..3000),
        queries in proptest::collection::vec(any::<u64>(), 0..2000),
        small_budget in any::<bool>(),
    ) {
        let d = tempfile::tempdir().unwrap();
        let out = d.path().join("p.leaks");
        let budget = if small_budget { 16 << 10 } else { 64 << 20 };
        let mut b = StoreBuilder::new(&out, 42).memory_budget(budget);
        for c in creds.chunks(500) {
            b.push(c, &[]).unwrap();
        }
        for p in pws.chunks(700) {
            b.push(&[], p).unwrap();
        }
        b.finish(BuildInfo::default()).unwrap();
        let exact = ExactSet { creds: creds.iter().copied().collect(), pws: pws.iter().copied().collect(), key_id: 42 };
        let s = LeakStore::open(&out).unwrap();
        prop_assert_eq!(s.key_id(), 42);
        for &q in queries.iter().chain(&creds).chain(&pws) {
            prop_assert_eq!(s.has_cred(q), exact.has_cred(q));
            prop_assert_eq!(s.has_pw(q), exact.has_pw(q));
            prop_assert_eq!(s.has_pw(q % 6000), exact.has_pw(q % 6000));
        }
    }

    /// The batch API (`has_creds`, `has_pws`: software-pipelined in the store, the trait's
    /// default loop in `ExactSet`) gives the single lookups' answers, for any batch length and
    /// any mix of present and absent, uniform and dense (skewed) fingerprints.
    #[test]
    fn batch_answers_equal_single_lookups_and_exact_set(
        creds in proptest::collection::vec(any::<u64>(), 0..4000),
        pws in proptest::collection::vec(0u64..5000, 0..3000),
        absent in proptest::collection::vec(any::<u64>(), 0..1500),
        picks in proptest::collection::vec(any::<prop::sample::Index>(), 0..1500),
        batch in 1usize..300,
        extra_out in 0usize..3,
    ) {
        let d = tempfile::tempdir().unwrap();
        let out = d.path().join("b.leaks");
        let mut b = StoreBuilder::new(&out, 42);
        b.push(&creds, &pws).unwrap();
        b.finish(BuildInfo::default()).unwrap();
        let exact = ExactSet { creds: creds.iter().copied().collect(), pws: pws.iter().copied().collect(), key_id: 42 };
        let s = LeakStore::open(&out).unwrap();
        // Present and absent fingerprints interleaved, for both sections.
        let mut queries: Vec<u64> = absent.clone();
        for (i, p) in picks.iter().enumerate() {
            let from = if i % 2 == 0 { &creds } else { &pws };
            if !from.is_empty() {
                queries.insert((i * 7) % (queries.len() + 1), from[p.index(from.len())]);
            }
        }
        queries.extend(absent.iter().map(|q| q % 6000));
        for c in queries.chunks(batch) {
            // `out` may be longer than the batch: the entries past it are left alone.
            let mut got = vec![true; c.len() + extra_out];
            let mut want = vec![true; c.len() + extra_out];
            s.has_creds(c, &mut got);
            exact.has_creds(c, &mut want);
            prop_assert_eq!(&got, &want);
            for (i, &q) in c.iter().enumerate() {
                prop_assert_eq!(got[i], s.has_cred(q));
            }
            s.has_pws(c, &mut got);
            exact.has_pws(c, &mut want);
            prop_assert_eq!(&got, &want);
            for (i, &q) in c.iter().enumerate() {
                prop_assert_eq!(got[i], s.has_pw(q));
            }
            // A shorter `out` answers only its own length.
            let half = c.len() / 2;
            let mut short = vec![false; half];
            s.has_pws(c, &mut short);
            prop_assert_eq!(&short[..], &want[..half]);
        }
    }
}

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_credsieve"));
    c.env_remove("CREDSIEVE_KEY");
    c
}

#[test]
fn binary_build_info_and_exit_codes() {
    let fx = fixture();
    let out = fx.dir.join("b.leaks");
    let key = fx.dir.join("key");
    std::fs::write(&key, b"s3cr3t-pepper\n").unwrap();
    let mut cmd = bin();
    cmd.args(["leaks", "build", "--out"])
        .arg(&out)
        .arg("--key-file")
        .arg(&key);
    for c in &fx.combos {
        cmd.arg("--combos").arg(c);
    }
    cmd.arg("--passwords")
        .arg(&fx.passwords[0])
        .arg("--hibp")
        .arg(&fx.hibp[0]);
    let o = cmd.output().unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{err}");
    assert!(
        err.contains("leaks build:") && err.contains("6 bad lines"),
        "{err}"
    );
    assert!(err.contains("combos.txt:5: no ':'"), "{err}");
    assert!(!err.contains("demo key"), "{err}");

    // The store is the one the library builds with the same key.
    let fp = Fingerprinter::from_sources(Some(&key)).unwrap();
    let s = LeakStore::open_with_key(&out, &fp).unwrap();
    assert!(s.has_cred(fp.cred("bob", b"correct horse battery staple")));

    let o = bin()
        .args(["leaks", "info", "--verify", "--key-file"])
        .arg(&key)
        .arg(&out)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(
        text.contains("cred:      6 distinct") && text.contains("key:       matches"),
        "{text}"
    );

    // Another key: exit 1 with one clear line.
    let o = bin()
        .args(["leaks", "info"])
        .arg(&out)
        .arg("--key-file")
        .arg(&fx.hibp[0])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("another key"));

    // Truncated: exit 1.
    let t = fx.dir.join("t.leaks");
    let bytes = std::fs::read(&out).unwrap();
    std::fs::write(&t, &bytes[..bytes.len() - 5]).unwrap();
    let o = bin().args(["leaks", "info"]).arg(&t).output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("truncated"));

    // Demo key warning; missing source file is exit 1; no source at all is a usage error (2).
    let o = bin()
        .args(["leaks", "build", "--out"])
        .arg(&t)
        .arg("--combos")
        .arg(&fx.combos[0])
        .output()
        .unwrap();
    assert!(o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("demo key"));
    let o = bin()
        .args(["leaks", "build", "--out"])
        .arg(&t)
        .arg("--combos")
        .arg(fx.dir.join("nope"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let o = bin()
        .args(["leaks", "build", "--out"])
        .arg(&t)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
}
