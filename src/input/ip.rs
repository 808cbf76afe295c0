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

/// The fast paths of [`parse_ip`] on raw bytes (no trimming): dotted-quad IPv4, then IPv6 of
/// hex groups; `None` for anything else, valid or not. Whatever it accepts, `IpAddr::from_str`
/// accepts with the same value.
#[inline]
pub fn parse_ip_fast(b: &[u8]) -> Option<IpAddr> {
    match parse_ipv4_fast(b) {
        Some(v4) => Some(IpAddr::V4(v4)),
        None => parse_ipv6_fast(b).map(IpAddr::V6),
    }
}

/// IPv6 as hex groups of 1 to 4 digits with at most one `::`; `None` for anything else (an
/// embedded IPv4 address, for one). Whatever it accepts, `Ipv6Addr::from_str` accepts with
/// the same value.
fn parse_ipv6_fast(b: &[u8]) -> Option<std::net::Ipv6Addr> {
    let mut g = [0u16; 8];
    // Groups read, and how many of them came before the `::` if there was one.
    let mut n = 0usize;
    let mut gap = None;
    let mut i = 0;
    if b.starts_with(b"::") {
        gap = Some(0);
        i = 2;
    }
    while i < b.len() {
        let start = i;
        let mut v = 0u16;
        while let Some(d) = b.get(i).and_then(|&c| hex_digit(c)) {
            if i - start == 4 {
                return None;
            }
            v = (v << 4) | u16::from(d);
            i += 1;
        }
        if i == start {
            return None;
        }
        *g.get_mut(n)? = v;
        n += 1;
        match (b.get(i), b.get(i + 1)) {
            (None, _) => break,
            (Some(b':'), Some(b':')) if gap.is_none() => {
                gap = Some(n);
                i += 2;
            }
            (Some(b':'), Some(_)) => i += 1,
            _ => return None,
        }
    }
    match gap {
        None if n == 8 => {}
        // `::` stands for at least one group of zeros.
        Some(at) if n <= 7 => {
            let tail = n - at;
            g.copy_within(at..n, 8 - tail);
            g.get_mut(at..8 - tail)?.fill(0);
        }
        _ => return None,
    }
    Some(std::net::Ipv6Addr::from(g))
}

/// The value of a hex digit (either case).
#[inline(always)]
fn hex_digit(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

/// Dotted-quad IPv4 without leading zeros (`10.0.0.1`); `None` for anything else. Whatever it
/// accepts, `Ipv4Addr::from_str` accepts with the same value.
#[inline]
pub(crate) fn parse_ipv4_fast(b: &[u8]) -> Option<std::net::Ipv4Addr> {
    let (a, rest) = octet(b)?;
    let (b, rest) = octet(rest.strip_prefix(b".")?)?;
    let (c, rest) = octet(rest.strip_prefix(b".")?)?;
    let (d, rest) = octet(rest.strip_prefix(b".")?)?;
    rest.is_empty().then(|| std::net::Ipv4Addr::new(a, b, c, d))
}

/// One decimal octet of 1 to 3 digits, no leading zero, at most 255, and the bytes after it.
/// A fourth digit is left in the rest (where a `.` or the end is expected: no address).
#[inline(always)]
fn octet(b: &[u8]) -> Option<(u8, &[u8])> {
    let d = |c: u8| u16::from(c.wrapping_sub(b'0'));
    match b {
        [x @ b'1'..=b'9', y @ b'0'..=b'9', z @ b'0'..=b'9', rest @ ..] => {
            let v = d(*x) * 100 + d(*y) * 10 + d(*z);
            Some((u8::try_from(v).ok()?, rest))
        }
        [x @ b'1'..=b'9', y @ b'0'..=b'9', rest @ ..] => Some(((d(*x) * 10 + d(*y)) as u8, rest)),
        [x @ b'0'..=b'9', rest @ ..] => Some((d(*x) as u8, rest)),
        _ => None,
    }
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
