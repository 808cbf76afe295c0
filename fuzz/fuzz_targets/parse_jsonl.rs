//! JSONL: one line, and a whole block of lines (their user agents read too); the fast path
//! must agree with serde_json whenever it answers.
#![no_main]

use credsieve::input::{self, Header};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let slow = input::jsonl::parse_line_serde(data);
    if let Some(fast) = input::jsonl::parse_line_fast(data) {
        assert_eq!(Ok(fast), slow);
    }
    assert_eq!(input::jsonl::parse_line(data), slow);
    // The agent read on the way through the line is the one read on demand.
    if let Ok((e, a)) = input::jsonl::parse_line_agent(data) {
        assert_eq!(Ok(e), slow.clone());
        assert_eq!(a.text(), input::jsonl::agent_serde(data));
    }
    let _ = input::jsonl::agent(data);
    if let (Ok(e), Some(ip)) = (&slow, input::jsonl::ip_field(data)) {
        assert_eq!(e.ip, ip);
    }
    for b in input::blocks_of(0, data, 64, false) {
        input::parse_block(&b, &Header::Jsonl, |_| {}, |_| {});
        input::parse_block_agents(&b, &Header::Jsonl, |_, a| drop(a.text()), |_| {});
        input::parse_block_agents_at(&b, &Header::Jsonl, |ip| ip.is_ipv4(), Some(&|k| k % 2 == 0), |_, a| drop(a.text()));
    }
});
