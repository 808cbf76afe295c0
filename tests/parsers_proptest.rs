//! Every parser fed arbitrary bytes: no panic, whatever the block size (issue 5). The cargo-fuzz
//! targets in `fuzz/` do the same for longer runs on nightly.

use std::path::Path;

use credsieve::input::{self, Format, Header, InputOptions};
use proptest::prelude::*;

fn headers(data: &[u8]) -> Vec<Header> {
    let opts = InputOptions {
        year: Some(2024),
        ..Default::default()
    };
    let mut hs = vec![
        Header::Jsonl,
        input::header(Format::Sshd, data, &opts).expect("sshd header"),
    ];
    if let Ok(h) = input::header(Format::Csv, data, &opts) {
        hs.push(h);
    }
    // A CSV column map whatever the header says, so records are parsed too.
    hs.push(Header::Csv(input::csv::Columns {
        ts: 0,
        user: 1,
        ip: 2,
        ok: 3,
        cred: Some(4),
        pw: Some(5),
        ua: Some(6),
    }));
    hs
}

fn parse_all(data: &[u8], target: usize) -> (u64, u64) {
    let (mut ok, mut bad) = (0u64, 0u64);
    for h in headers(data) {
        let csv = h.format() == Format::Csv;
        for b in input::blocks_of(0, data, target, csv) {
            input::parse_block(&b, &h, |_| ok += 1, |_| bad += 1);
        }
        input::stream_blocks(0, Path::new("-"), &mut &data[..], target, csv, |b| {
            input::parse_block(&b, &h, |_| ok += 1, |_| bad += 1);
            Ok(())
        })
        .expect("in-memory stream");
    }
    (ok, bad)
}

/// Lines that look almost right: real prefixes with arbitrary tails.
fn near_lines() -> impl Strategy<Value = Vec<u8>> {
    let prefixes = prop::sample::select(vec![
        "Dec 10 06:55:48 LabSZ sshd[1]: Failed password for ",
        "Jan  1 00:00:00 h sshd[2]: Accepted publickey for ",
        "Feb 29 12:00:00 h sshd[3]: message repeated ",
        "2024-02-29T12:00:00Z h sshd-session[4]: Failed none for invalid user ",
        "{\"ts\":1,\"user\":\"",
        "ts,user,ip,ok\n",
        "2026-11-20 03:14:15.123,bob,",
    ]);
    prop::collection::vec((prefixes, prop::collection::vec(any::<u8>(), 0..60)), 0..20).prop_map(
        |v| {
            let mut out = Vec::new();
            for (p, tail) in v {
                out.extend_from_slice(p.as_bytes());
                out.extend_from_slice(&tail);
                out.push(b'\n');
            }
            out
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(data in prop::collection::vec(any::<u8>(), 0..2000), target in 1usize..300) {
        parse_all(&data, target);
    }

    #[test]
    fn near_miss_lines_never_panic(data in near_lines(), target in 1usize..300) {
        parse_all(&data, target);
    }

    #[test]
    fn sshd_line_parser_never_panics(line in prop::collection::vec(any::<u8>(), 0..300), year in -300000i32..300000, month in 0u32..20) {
        let _ = input::sshd::parse_line(&line, &input::sshd::Years { year, first_month: month });
    }
}
