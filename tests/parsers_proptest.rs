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

/// A CSV field as exporters write it, or not quite: plain text, quoted text with commas, line
/// ends and doubled quotes, and plain text with a stray quote inside (which the csv crate reads
/// as a literal character).
fn csv_field() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z0-9.]{0,6}",
        "[a-z,\n ]{0,6}".prop_map(|s| format!("\"{s}\"")),
        ("[a-z]{0,3}", "[a-z\n]{0,3}").prop_map(|(a, b)| format!("\"{a}\"\"{b}\"")),
        ("[a-z]{1,3}", "[a-z]{0,3}").prop_map(|(a, b)| format!("{a}\"{b}")),
    ]
}

/// Every event and bad line of `data` parsed as CSV under `header`, blocks of about `target`
/// bytes, mapped (`stream` false) or streamed.
fn csv_parsed(data: &[u8], header: &Header, target: usize, stream: bool) -> Vec<String> {
    let got = std::cell::RefCell::new(Vec::new());
    let each = |b: &input::Block<'_>| {
        input::parse_block(
            b,
            header,
            |e| {
                got.borrow_mut()
                    .push(format!("{} {} {} {}", e.ts_ms, e.user, e.ip, e.ok))
            },
            |l| got.borrow_mut().push(format!("bad line {}", l.line)),
        )
    };
    if stream {
        input::stream_blocks(0, Path::new("-"), &mut &data[..], target, true, |b| {
            each(&b);
            Ok(())
        })
        .expect("in-memory stream");
    } else {
        for b in input::blocks_of(0, data, target, true) {
            each(&b);
        }
    }
    got.into_inner()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Cutting CSV into blocks never changes what is read, whatever quotes the fields hold:
    /// chunked == one block, mapped == streamed.
    #[test]
    fn csv_blocks_equal_one_block(
        rows in prop::collection::vec((csv_field(), 0u8..4, csv_field()), 1..40),
        target in 1usize..200,
        crlf in any::<bool>(),
    ) {
        let nl = if crlf { "\r\n" } else { "\n" };
        let mut text = format!("ts,user,ip,ok,note{nl}");
        for (i, (user, ok, note)) in rows.iter().enumerate() {
            text.push_str(&format!("{},{user},10.0.0.{},{ok},{note}{nl}", 1_700_000_000_000u64 + i as u64, i % 250));
        }
        let data = text.as_bytes();
        let header = input::header(Format::Csv, data, &InputOptions::default()).expect("header");
        let whole = csv_parsed(data, &header, data.len() + 1, false);
        prop_assert_eq!(&csv_parsed(data, &header, target, false), &whole);
        prop_assert_eq!(&csv_parsed(data, &header, target, true), &whole);
    }
}
