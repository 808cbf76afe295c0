//! JSONL: one line, and a whole block of lines.
#![no_main]

use credsieve::input::{self, Header};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = input::jsonl::parse_line(data);
    for b in input::blocks_of(0, data, 64, false) {
        input::parse_block(&b, &Header::Jsonl, |_| {}, |_| {});
    }
});
