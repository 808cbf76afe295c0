//! Addresses: `IpAddr::from_str` with fast paths, property-tested against it.

use std::net::IpAddr;

/// Parses an address as `IpAddr::from_str` does, with fast paths for dotted-quad IPv4 and for
/// IPv6 of hex groups (no embedded IPv4, no zone).
pub fn parse_ip(s: &str) -> Option<IpAddr> {
    let b = s.as_bytes();
    let fast = if b.contains(&b':') {
        parse_ipv6_fast(b).map(IpAddr::V6)
    } else {
        parse_ipv4_fast(b).map(IpAddr::V4)
    };
    fast.or_else(|| s.parse().ok())
}

/// IPv6 as hex groups of 1 to 4 digits with at most one `::`; `None` for anything else (an
/// embedded IPv4 address, for one). Whatever it accepts, `Ipv6Addr::from_str` accepts with
/// the same value.
fn parse_ipv6_fast(b: &[u8]) -> Option<std::net::Ipv6Addr> {
    let mut head = [0u16; 8];
    let mut tail = [0u16; 8];
    let (mut nh, mut nt) = (0usize, 0usize);
    let mut gap = false;
    let mut i = 0;
    if b.starts_with(b"::") {
        gap = true;
        i = 2;
    }
    while i < b.len() {
        let mut v = 0u16;
        let start = i;
        while let Some(d) = b.get(i).and_then(|&c| (c as char).to_digit(16)) {
            if i - start == 4 {
                return None;
            }
            v = (v << 4) | d as u16;
            i += 1;
        }
        if i == start {
            return None;
        }
        if gap {
            *tail.get_mut(nt)? = v;
            nt += 1;
        } else {
            *head.get_mut(nh)? = v;
            nh += 1;
        }
        match (b.get(i), b.get(i + 1)) {
            (None, _) => break,
            (Some(b':'), Some(b':')) if !gap => {
                gap = true;
                i += 2;
            }
            (Some(b':'), Some(_)) => i += 1,
            _ => return None,
        }
    }
    if (gap && nh + nt > 7) || (!gap && nh != 8) {
        return None;
    }
    let mut g = [0u16; 8];
    g.get_mut(..nh)?.copy_from_slice(head.get(..nh)?);
    g.get_mut(8 - nt..)?.copy_from_slice(tail.get(..nt)?);
    Some(std::net::Ipv6Addr::from(g))
}

/// Dotted-quad IPv4 without leading zeros (`10.0.0.1`); `None` for anything else. Whatever it
/// accepts, `Ipv4Addr::from_str` accepts with the same value.
pub(crate) fn parse_ipv4_fast(b: &[u8]) -> Option<std::net::Ipv4Addr> {
    let mut oct = [0u8; 4];
    let mut i = 0;
    for (k, o) in oct.iter_mut().enumerate() {
        if k > 0 {
            if b.get(i) != Some(&b'.') {
                return None;
            }
            i += 1;
        }
        let start = i;
        let mut v = 0u32;
        while let Some(&c) = b.get(i) {
            if !c.is_ascii_digit() || i - start == 3 {
                break;
            }
            v = v * 10 + u32::from(c - b'0');
            i += 1;
        }
        let len = i - start;
        if len == 0 || (len > 1 && b.get(start) == Some(&b'0')) || v > 255 {
            return None;
        }
        *o = v as u8;
    }
    (i == b.len()).then(|| std::net::Ipv4Addr::from(oct))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fast_ipv4_equals_std() {
        for s in [
            "10.0.0.1",
            "0.0.0.0",
            "255.255.255.255",
            "256.0.0.1",
            "01.2.3.4",
            "1.2.3",
            "1.2.3.4.5",
            "1.2.3.4 ",
            "1..3.4",
            "1.2.3.0004",
            "1.2.3.",
            "::1",
            "::ffff:1.2.3.4",
            "",
            "::",
            ":::",
            "1::",
            "::1:",
            "1:2:3:4:5:6:7:8",
            "1:2:3:4:5:6:7::",
            "1:2:3:4:5:6:7:8::",
            "::1:2:3:4:5:6:7:8",
            "1::2::3",
            "0001:db8::00ff",
            "12345::",
            "fe80::1%eth0",
            "2001:DB8::A",
        ] {
            assert_eq!(parse_ip(s), s.parse().ok(), "{s}");
            if let Some(v) = parse_ipv4_fast(s.as_bytes()) {
                assert_eq!(Some(IpAddr::V4(v)), s.parse().ok(), "{s}");
            }
            if let Some(v) = parse_ipv6_fast(s.as_bytes()) {
                assert_eq!(Some(IpAddr::V6(v)), s.parse().ok(), "{s}");
            }
        }
        for s in [
            "::",
            "::1",
            "1::",
            "2a02:1f2:c528:1ccc::8a49",
            "1:2:3:4:5:6:7:8",
            "1:2:3:4:5:6:7::",
            "0001:DB8::00ff",
        ] {
            assert!(parse_ipv6_fast(s.as_bytes()).is_some(), "{s}");
        }
    }

    proptest::proptest! {
        #[test]
        fn ip_parse_equals_std(s in "[0-9.:a-f]{0,18}") {
            proptest::prop_assert_eq!(parse_ip(&s), s.parse::<IpAddr>().ok());
        }

        #[test]
        fn ipv6_parse_equals_std(s in "[0-9a-fA-F:]{0,42}", t in "(:|::)?([0-9a-fA-F]{1,5}(:|::)){0,9}[0-9a-fA-F]{0,5}(::)?") {
            proptest::prop_assert_eq!(parse_ip(&s), s.parse::<IpAddr>().ok(), "{}", s);
            proptest::prop_assert_eq!(parse_ip(&t), t.parse::<IpAddr>().ok(), "{}", t);
        }

        #[test]
        fn ipv6_roundtrip(g in proptest::array::uniform8(proptest::num::u16::ANY), zeros in 0usize..8, at in 0usize..8) {
            let mut g = g;
            for x in g.iter_mut().skip(at).take(zeros) {
                *x = 0;
            }
            let a = std::net::Ipv6Addr::from(g);
            for s in [a.to_string(), g.iter().map(|x| format!("{x:x}")).collect::<Vec<_>>().join(":")] {
                proptest::prop_assert_eq!(parse_ipv6_fast(s.as_bytes()).map(IpAddr::V6).or_else(|| s.parse().ok()), Some(IpAddr::V6(a)));
                proptest::prop_assert_eq!(parse_ip(&s), s.parse::<IpAddr>().ok());
            }
        }

        #[test]
        fn dotted_quads_equal_std(a in 0u32..300, b in 0u32..300, c in 0u32..1000, d in 0u32..300, z in proptest::bool::ANY) {
            let s = if z { format!("{a}.{b:02}.{c}.{d}") } else { format!("{a}.{b}.{c}.{d}") };
            proptest::prop_assert_eq!(parse_ip(&s), s.parse::<IpAddr>().ok());
        }
    }
}
