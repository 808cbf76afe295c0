//! A leak store file (its header, section table and bodies) from arbitrary bytes: opening,
//! verifying and querying must give errors or answers, never a crash.
#![no_main]

use credsieve::leaks::LeakLookup;
use credsieve::leaks::store::LeakStore;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(dir) = tempfile::tempdir() else { return };
    let path = dir.path().join("s.csl");
    if std::fs::write(&path, data).is_err() {
        return;
    }
    if let Ok(store) = LeakStore::open(&path) {
        let _ = store.verify();
        for fp in [0u64, 1, u64::MAX, 0x0123_4567_89ab_cdef] {
            let _ = store.has_cred(fp);
            let _ = store.has_pw(fp);
        }
        let mut out = [false; 4];
        store.has_creds(&[0, 1, u64::MAX, 42], &mut out);
    }
});
