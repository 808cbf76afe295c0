//! Credential fingerprints (SPEC 2): the first 8 bytes of HMAC-SHA256 under a deployment key.
//!
//! `cred = HMAC(key, "c1" 0 norm(user) 0 password)`, `pw = HMAC(key, "p1" 0 HEX(SHA1(password)))`.
//! A fingerprint is handled as a `u64` (big-endian of the 8 bytes) and printed as 16 hex chars.

use hmac::{Hmac, KeyInit, Mac};
use sha1::Sha1;
use sha2::{Digest, Sha256};
use std::borrow::Cow;
use std::path::Path;

use crate::error::{Error, Result};

/// The demo key used when no key is given (a warning says so).
pub const DEMO_KEY: &[u8] = b"credsieve-demo-key";

/// A fingerprint: the first 8 bytes of the HMAC, big-endian.
pub type Fp = u64;

/// Where the key of a run came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeySource {
    /// `--key-file`.
    File,
    /// `CREDSIEVE_KEY`.
    Env,
    /// Neither: the demo key.
    Demo,
}

/// A keyed fingerprinter. Cheap to clone; the HMAC key schedule is computed once.
#[derive(Clone)]
pub struct Fingerprinter {
    mac: Hmac<Sha256>,
    key_id: u64,
    source: KeySource,
}

impl std::fmt::Debug for Fingerprinter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Fingerprinter(key id {:016x}, {:?})",
            self.key_id, self.source
        )
    }
}

impl Fingerprinter {
    /// A fingerprinter for raw key bytes.
    pub fn new(key: &[u8], source: KeySource) -> Self {
        // HMAC accepts keys of any length; new_from_slice cannot fail for it.
        let mac = match <Hmac<Sha256> as KeyInit>::new_from_slice(key) {
            Ok(m) => m,
            Err(_) => unreachable!("HMAC takes keys of any length"),
        };
        let mut m = mac.clone();
        m.update(b"credsieve-key-id\0v1");
        let key_id = first8(&m.finalize().into_bytes());
        Fingerprinter {
            mac,
            key_id,
            source,
        }
    }

    /// The demo key.
    pub fn demo() -> Self {
        Self::new(DEMO_KEY, KeySource::Demo)
    }

    /// The key from `--key-file` (one trailing `\n` removed), else `CREDSIEVE_KEY`, else the demo key.
    pub fn from_sources(key_file: Option<&Path>) -> Result<Self> {
        if let Some(p) = key_file {
            let mut bytes = std::fs::read(p).map_err(|e| Error::io(p, e))?;
            if bytes.last() == Some(&b'\n') {
                bytes.pop();
            }
            return Ok(Self::new(&bytes, KeySource::File));
        }
        if let Ok(k) = std::env::var("CREDSIEVE_KEY") {
            return Ok(Self::new(k.as_bytes(), KeySource::Env));
        }
        Ok(Self::demo())
    }

    /// Where the key came from.
    pub fn source(&self) -> KeySource {
        self.source
    }

    /// An identifier of the key (an HMAC of a fixed label): safe to store, reveals nothing.
    pub fn key_id(&self) -> u64 {
        self.key_id
    }

    /// The pair fingerprint of (user, password); the user is normalised here.
    pub fn cred(&self, user: &str, password: &[u8]) -> Fp {
        let norm = normalize_user(user);
        self.cred_normalized(norm.as_bytes(), password)
    }

    /// The pair fingerprint of an already normalised user.
    pub fn cred_normalized(&self, norm_user: &[u8], password: &[u8]) -> Fp {
        let mut m = self.mac.clone();
        m.update(b"c1\0");
        m.update(norm_user);
        m.update(b"\0");
        m.update(password);
        first8(&m.finalize().into_bytes())
    }

    /// The password fingerprint of a plaintext password.
    pub fn pw(&self, password: &[u8]) -> Fp {
        let sha = Sha1::digest(password);
        let mut hex = [0u8; 40];
        for (i, b) in sha.iter().enumerate() {
            hex[2 * i] = HEX_UPPER[(b >> 4) as usize];
            hex[2 * i + 1] = HEX_UPPER[(b & 15) as usize];
        }
        self.pw_from_sha1_hex_upper(&hex)
    }

    /// The password fingerprint from a SHA-1 in hex (either case), as Pwned Passwords lists it.
    /// Returns `None` unless `hex` is exactly 40 hex digits.
    pub fn pw_from_sha1_hex(&self, hex: &[u8]) -> Option<Fp> {
        if hex.len() != 40 {
            return None;
        }
        let mut up = [0u8; 40];
        for (o, &c) in up.iter_mut().zip(hex) {
            *o = match c {
                b'0'..=b'9' | b'A'..=b'F' => c,
                b'a'..=b'f' => c - 32,
                _ => return None,
            };
        }
        Some(self.pw_from_sha1_hex_upper(&up))
    }

    fn pw_from_sha1_hex_upper(&self, hex: &[u8; 40]) -> Fp {
        let mut m = self.mac.clone();
        m.update(b"p1\0");
        m.update(hex);
        first8(&m.finalize().into_bytes())
    }
}

const HEX_UPPER: &[u8; 16] = b"0123456789ABCDEF";

fn first8(b: &[u8]) -> u64 {
    let mut a = [0u8; 8];
    a.copy_from_slice(&b[..8]);
    u64::from_be_bytes(a)
}

/// SPEC 2's `norm(user)`: surrounding white space removed, Unicode lowercase.
/// Borrows when the user is already normal (the common case).
pub fn normalize_user(user: &str) -> Cow<'_, str> {
    let t = user.trim();
    if t.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
        Cow::Borrowed(t)
    } else {
        Cow::Owned(t.to_lowercase())
    }
}

/// Formats a fingerprint as 16 lowercase hex characters.
pub fn to_hex(fp: Fp) -> String {
    format!("{fp:016x}")
}

/// Parses 16 lowercase (or uppercase) hex characters.
pub fn parse_hex(s: &[u8]) -> Option<Fp> {
    let s: &[u8; 16] = s.try_into().ok()?;
    let mut v = 0u64;
    let mut bad = 0u8;
    for &c in s {
        let d = HEX_VALUE[c as usize];
        bad |= d;
        v = (v << 4) | u64::from(d & 15);
    }
    (bad & 0x80 == 0).then_some(v)
}

/// Value of a hex digit, 0x80 for any other byte.
const HEX_VALUE: [u8; 256] = {
    let mut t = [0x80u8; 256];
    let mut i = 0;
    while i < 10 {
        t[b'0' as usize + i] = i as u8;
        i += 1;
    }
    let mut i = 0;
    while i < 6 {
        t[b'a' as usize + i] = 10 + i as u8;
        t[b'A' as usize + i] = 10 + i as u8;
        i += 1;
    }
    t
};

#[cfg(test)]
mod tests {
    use super::*;

    /// SPEC 2's test vectors: (key, user, password, cred, pw).
    pub const VECTORS: &[(&str, &str, &str, &str, &str)] = &[
        (
            "credsieve-demo-key",
            "alice@example.com",
            "hunter2",
            "b91a880d37beded5",
            "3e324ff24a43a84f",
        ),
        (
            "credsieve-demo-key",
            "  Alice@Example.COM ",
            "hunter2",
            "b91a880d37beded5",
            "3e324ff24a43a84f",
        ),
        (
            "credsieve-demo-key",
            "bob",
            "correct horse battery staple",
            "b3c4edfb71b95783",
            "379b91546fb38da0",
        ),
        (
            "credsieve-demo-key",
            "Ünïcode@例え.jp",
            "pässwörd:with:colons",
            "b00485ee34fad31d",
            "acadac23153ab923",
        ),
        (
            "s3cr3t-pepper",
            "alice@example.com",
            "hunter2",
            "57cab7f6c60a4041",
            "a82468d22c5531ab",
        ),
        (
            "s3cr3t-pepper",
            "bob",
            "correct horse battery staple",
            "f4be313772448b6f",
            "6e7632ab9a186ca4",
        ),
    ];

    #[test]
    fn spec_vectors() {
        for (key, user, pass, cred, pw) in VECTORS {
            let f = Fingerprinter::new(key.as_bytes(), KeySource::File);
            assert_eq!(to_hex(f.cred(user, pass.as_bytes())), *cred, "cred {user}");
            assert_eq!(to_hex(f.pw(pass.as_bytes())), *pw, "pw {user}");
        }
    }

    #[test]
    fn sha1_hex_either_case() {
        let f = Fingerprinter::demo();
        // SHA1("hunter2")
        let up = b"F3BBBD66A63D4BF1747940578EC3D0103530E21D";
        let low = b"f3bbbd66a63d4bf1747940578ec3d0103530e21d";
        assert_eq!(f.pw_from_sha1_hex(up), Some(f.pw(b"hunter2")));
        assert_eq!(f.pw_from_sha1_hex(low), Some(f.pw(b"hunter2")));
        assert_eq!(f.pw_from_sha1_hex(b"xyz"), None);
    }

    #[test]
    fn hex_roundtrip() {
        assert_eq!(
            parse_hex(to_hex(0xb91a880d37beded5).as_bytes()),
            Some(0xb91a880d37beded5)
        );
        assert_eq!(parse_hex(b"b91a880d37beded"), None);
        assert_eq!(parse_hex(b"g91a880d37beded5"), None);
        assert_eq!(parse_hex(b"B91A880D37BEDED5"), Some(0xb91a880d37beded5));
        for c in 0..=255u8 {
            let mut s = *b"0123456789abcdef";
            s[7] = c;
            assert_eq!(parse_hex(&s).is_some(), c.is_ascii_hexdigit(), "{c}");
        }
    }

    #[test]
    fn key_ids_differ() {
        let a = Fingerprinter::new(b"a", KeySource::File);
        let b = Fingerprinter::new(b"b", KeySource::File);
        assert_ne!(a.key_id(), b.key_id());
    }

    #[test]
    fn normalize_borrows_when_normal() {
        assert!(matches!(normalize_user("bob"), Cow::Borrowed("bob")));
        assert_eq!(normalize_user("  Bob "), "bob");
        assert_eq!(normalize_user("ÜB"), "üb");
    }
}
