//! Leak source lines (SPEC 3): combo, Pwned Passwords and plain lines, from arbitrary bytes.
#![no_main]

use credsieve::fingerprint::Fingerprinter;
use credsieve::leaks::sources::{SourceKind, parse_line};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let fp = Fingerprinter::demo();
    for line in data.split(|&b| b == b'\n') {
        for kind in [SourceKind::Combos, SourceKind::Hibp, SourceKind::Passwords] {
            let _ = parse_line(&fp, kind, line);
        }
    }
});
