//! sshd: one line under an arbitrary year rule, and a whole block under the file's own rule.
#![no_main]

use credsieve::input::{self, Format, InputOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (year, month, rest) = match data {
        [a, b, c, rest @ ..] => (i32::from_le_bytes([*a, *b, 0, 0]) - 30000, u32::from(*c % 14), rest),
        _ => (2024, 1, data),
    };
    let _ = input::sshd::parse_line(rest, &input::sshd::Years { year, first_month: month });
    let opts = InputOptions { year: Some(year), ..Default::default() };
    if let Ok(h) = input::header(Format::Sshd, rest, &opts) {
        for b in input::blocks_of(0, rest, 64, false) {
            input::parse_block(&b, &h, |_| {}, |_| {});
        }
    }
});
