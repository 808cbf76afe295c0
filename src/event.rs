//! The compact login event and the keys it is identified by.
//!
//! A format parser yields a [`RawEvent`] borrowing from the input bytes; [`Event`] is the compact
//! form the later stages see: time in epoch milliseconds, the address as a `u128`, the account as
//! a 64-bit key of its normalised name, and leak bits. No owned string per event: the normalised
//! name is borrowed unless normalisation had to change it.

use std::borrow::Cow;
use std::net::{IpAddr, Ipv6Addr};

use crate::fingerprint::{Fp, normalize_user};

/// Earliest event time (epoch ms, about 2490 BC): times are kept in 48 bits.
pub const TIME_MIN: i64 = -(1 << 47);
/// Latest event time (epoch ms, about AD 6429).
pub const TIME_MAX: i64 = (1 << 47) - 1;

/// Is `ts_ms` within [`TIME_MIN`]..=[`TIME_MAX`]?
pub fn time_in_range(ts_ms: i64) -> bool {
    (TIME_MIN..=TIME_MAX).contains(&ts_ms)
}

/// Why a line whose time is outside [`TIME_MIN`]..=[`TIME_MAX`] is a bad line.
pub const TIME_RANGE_WHY: &str =
    "time outside the range credsieve keeps (about 2490 BC to AD 6429)";

/// One login attempt as parsed, borrowing from the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawEvent<'a> {
    /// Epoch milliseconds.
    pub ts_ms: i64,
    /// The account as typed (not yet normalised).
    pub user: Cow<'a, str>,
    /// Source address.
    pub ip: IpAddr,
    /// The login succeeded.
    pub ok: bool,
    /// Pair fingerprint, when logged.
    pub cred: Option<Fp>,
    /// Password fingerprint, when logged.
    pub pw: Option<Fp>,
}

/// An address as a `u128`: IPv4 as the IPv4-mapped IPv6 address, so that networks are prefixes.
pub type IpKey = u128;

/// A 64-bit key of a normalised account name.
pub type AcctKey = u64;

/// Converts an address to its key.
pub fn ip_key(ip: IpAddr) -> IpKey {
    match ip {
        IpAddr::V4(v4) => u128::from(v4.to_ipv6_mapped()),
        IpAddr::V6(v6) => u128::from(v6),
    }
}

/// Converts a key back to an address (IPv4-mapped keys become IPv4).
pub fn key_ip(k: IpKey) -> IpAddr {
    let v6 = Ipv6Addr::from(k);
    match v6.to_ipv4_mapped() {
        Some(v4) => IpAddr::V4(v4),
        None => IpAddr::V6(v6),
    }
}

/// Is this key an IPv4 address?
pub fn is_v4(k: IpKey) -> bool {
    (k >> 32) == 0xffff
}

/// The network of an address: IPv4 with `v4_prefix` bits kept, IPv6 with `v6_prefix` bits kept.
pub fn net_key(k: IpKey, v4_prefix: u8, v6_prefix: u8) -> IpKey {
    keep_bits(k, net_bits(k, v4_prefix, v6_prefix))
}

/// The last address of the network of `k` (see [`net_key`]): its network is the range from
/// `net_key` to this.
pub fn net_last(k: IpKey, v4_prefix: u8, v6_prefix: u8) -> IpKey {
    net_key(k, v4_prefix, v6_prefix) | !keep_bits(u128::MAX, net_bits(k, v4_prefix, v6_prefix))
}

/// The leading bits of `k` its network keeps.
fn net_bits(k: IpKey, v4_prefix: u8, v6_prefix: u8) -> u32 {
    if is_v4(k) {
        96 + u32::from(v4_prefix.min(32))
    } else {
        u32::from(v6_prefix.min(128))
    }
}

/// `k` with its first `bits` bits kept.
fn keep_bits(k: IpKey, bits: u32) -> IpKey {
    if bits >= 128 {
        k
    } else if bits == 0 {
        0
    } else {
        k & (!0u128 << (128 - bits))
    }
}

/// Is `n` the IPv6 network (at `v6_prefix`) whose range holds the IPv4-mapped block
/// (`::/64` at prefix 64)? Its IPv6 addresses (the loopback, IPv4-compatible and SIIT forms)
/// lie on both sides of the block, so in address order they come as two runs with the IPv4
/// addresses between: code that reads a network as one run of sorted addresses must not.
pub fn holds_v4_block(n: IpKey, v6_prefix: u8) -> bool {
    !is_v4(n) && v6_prefix < 96 && n == keep_bits(0xffff << 32, u32::from(v6_prefix))
}

/// Formats a network key with its prefix length (`10.1.2.0/24`, `2001:db8::/64`).
pub fn fmt_net(k: IpKey, v4_prefix: u8, v6_prefix: u8) -> String {
    let ip = key_ip(k);
    let p = if is_v4(k) { v4_prefix } else { v6_prefix };
    format!("{ip}/{p}")
}

/// Hashes normalised account names to [`AcctKey`]s, with fixed seeds (same key every run).
#[derive(Clone)]
pub struct AcctHasher(ahash::RandomState);

impl Default for AcctHasher {
    fn default() -> Self {
        AcctHasher(ahash::RandomState::with_seeds(
            0x6372_6564_7369_6576,
            0x6163_636f_756e_7473,
            0x9e37_79b9_7f4a_7c15,
            0x243f_6a88_85a3_08d3,
        ))
    }
}

impl AcctHasher {
    /// The key of an already normalised name.
    pub fn key(&self, norm_user: &str) -> AcctKey {
        self.0.hash_one(norm_user)
    }
}

/// The 32-bit key of a user agent's text (never 0; 0 means no agent).
pub fn agent_key(ua: &str) -> u32 {
    let h = ahash::RandomState::with_seeds(
        0x5851_f42d_4c95_7f2d,
        0x1405_7b7e_f767_814f,
        0x2545_f491_4f6c_dd1d,
        0x9e37_79b9_7f4a_7c15,
    )
    .hash_one(ua);
    let k = (h ^ (h >> 32)) as u32;
    k.max(1)
}

/// Event flags.
pub mod flags {
    /// The login succeeded.
    pub const OK: u8 = 1;
    /// A pair fingerprint was logged.
    pub const HAS_CRED: u8 = 2;
    /// The pair fingerprint is in the leaks.
    pub const CRED_LEAKED: u8 = 4;
    /// A password fingerprint was logged.
    pub const HAS_PW: u8 = 8;
    /// The password fingerprint is in the leaks.
    pub const PW_LEAKED: u8 = 16;
}

/// The compact event the windows stage consumes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Event {
    /// Epoch milliseconds.
    pub ts_ms: i64,
    /// Address key.
    pub ip: IpKey,
    /// Account key.
    pub acct: AcctKey,
    /// Password fingerprint (0 when not logged).
    pub pw: Fp,
    /// See [`flags`].
    pub flags: u8,
    /// The user agent's key ([`agent_key`]; 0: none logged).
    pub agent: u32,
}

impl Event {
    /// The login succeeded.
    pub fn ok(&self) -> bool {
        self.flags & flags::OK != 0
    }
    /// The pair fingerprint is in the leaks.
    pub fn cred_leaked(&self) -> bool {
        self.flags & flags::CRED_LEAKED != 0
    }
    /// A pair fingerprint was logged and it is not in the leaks.
    pub fn cred_clean(&self) -> bool {
        self.flags & (flags::HAS_CRED | flags::CRED_LEAKED) == flags::HAS_CRED
    }
    /// A password fingerprint was logged.
    pub fn has_pw(&self) -> bool {
        self.flags & flags::HAS_PW != 0
    }
    /// The password fingerprint is in the leaks.
    pub fn pw_leaked(&self) -> bool {
        self.flags & flags::PW_LEAKED != 0
    }
}

/// Normalises the account of a raw event; borrows when it is already normal.
pub fn norm_user<'b>(raw: &'b RawEvent<'_>) -> Cow<'b, str> {
    normalize_user(&raw.user)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn networks_are_prefixes() {
        let a = ip_key("10.1.2.3".parse().unwrap());
        let b = ip_key("10.1.2.200".parse().unwrap());
        let c = ip_key("10.1.3.1".parse().unwrap());
        assert_eq!(net_key(a, 24, 64), net_key(b, 24, 64));
        assert_ne!(net_key(a, 24, 64), net_key(c, 24, 64));
        assert_eq!(fmt_net(net_key(a, 24, 64), 24, 64), "10.1.2.0/24");
        let x = ip_key("2001:db8:1:2::1".parse().unwrap());
        let y = ip_key("2001:db8:1:2:ffff::9".parse().unwrap());
        assert_eq!(net_key(x, 24, 64), net_key(y, 24, 64));
        assert_eq!(fmt_net(net_key(x, 24, 64), 24, 64), "2001:db8:1:2::/64");
        assert!(is_v4(a) && !is_v4(x));
        assert_eq!(key_ip(a).to_string(), "10.1.2.3");
        assert_eq!(net_key(a, 32, 128), a);
    }

    #[test]
    fn the_network_around_the_ipv4_block_is_known() {
        let key = |s: &str| ip_key(s.parse().unwrap());
        let (lo, v4, hi) = (key("::1"), key("10.0.0.1"), key("::ffff:0:10.0.0.1"));
        assert!(lo < v4 && v4 < hi);
        assert_eq!(net_key(lo, 24, 64), net_key(hi, 24, 64));
        assert!(holds_v4_block(net_key(lo, 24, 64), 64));
        assert!(!holds_v4_block(net_key(v4, 24, 64), 64));
        assert!(!holds_v4_block(net_key(key("2001:db8::1"), 24, 64), 64));
        // From /96 on, no IPv6 network holds the block.
        assert!(!holds_v4_block(net_key(lo, 24, 96), 96));
        assert!(holds_v4_block(net_key(key("::ff00:0:1"), 24, 88), 88));
    }

    #[test]
    fn agent_keys_are_stable_and_never_zero() {
        assert_eq!(agent_key("curl/8.0"), agent_key("curl/8.0"));
        assert_ne!(agent_key("curl/8.0"), agent_key("curl/8.1"));
        assert_ne!(agent_key(""), 0);
    }

    #[test]
    fn acct_keys_stable() {
        let h = AcctHasher::default();
        assert_eq!(h.key("bob"), AcctHasher::default().key("bob"));
        assert_ne!(h.key("bob"), h.key("alice"));
    }
}
