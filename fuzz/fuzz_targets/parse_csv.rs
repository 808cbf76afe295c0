//! CSV: the header read from the input itself, then every record of every block.
#![no_main]

use credsieve::input::{self, Format, Header, InputOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let fixed = Header::Csv(input::csv::Columns { ts: 0, user: 1, ip: 2, ok: 3, cred: Some(4), pw: Some(5), ua: Some(6) });
    let own = input::header(Format::Csv, data, &InputOptions::default()).ok();
    for h in [Some(fixed), own].into_iter().flatten() {
        for b in input::blocks_of(0, data, 64, true) {
            input::parse_block(&b, &h, |_| {}, |_| {});
            input::parse_block_agents(&b, &h, |_, a| drop(a.text()), |_| {});
        }
    }
});
