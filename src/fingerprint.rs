//! Credential fingerprints (SPEC 2): the first 8 bytes of HMAC-SHA256 under a deployment key.
//!
//! `cred = HMAC(key, "c1" 0 norm(user) 0 password)`, `pw = HMAC(key, "p1" 0 HEX(SHA1(password)))`.
//! A fingerprint is handled as a `u64` (big-endian of the 8 bytes) and printed as 16 hex chars.

use hmac::{Hmac, KeyInit, Mac};
use sha1::Sha1;
use sha2::{Digest, Sha256};
use std::borrow::Cow;
use std::ffi::OsString;
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
    /// An empty key, or a `CREDSIEVE_KEY` that is not UTF-8 (SPEC 2 hashes its UTF-8 bytes), is
    /// an error: falling back to another key would fingerprint under the wrong one.
    pub fn from_sources(key_file: Option<&Path>) -> Result<Self> {
        Self::resolve(key_file, std::env::var_os("CREDSIEVE_KEY"))
    }

    /// [`Fingerprinter::from_sources`] with the environment variable's value given.
    fn resolve(key_file: Option<&Path>, env: Option<OsString>) -> Result<Self> {
        if let Some(p) = key_file {
            let mut bytes = std::fs::read(p).map_err(|e| Error::io(p, e))?;
            if bytes.last() == Some(&b'\n') {
                bytes.pop();
            }
            if bytes.is_empty() {
                return Err(Error::Invalid(format!(
                    "{}: the key file is empty",
                    p.display()
                )));
            }
            return Ok(Self::new(&bytes, KeySource::File));
        }
        match env {
            None => Ok(Self::demo()),
            Some(k) => match k.into_string() {
                Ok(k) if k.is_empty() => Err(Error::Invalid(
                    "CREDSIEVE_KEY is set but empty (unset it to use the demo key)".into(),
                )),
                Ok(k) => Ok(Self::new(k.as_bytes(), KeySource::Env)),
                Err(_) => Err(Error::Invalid(
                    "CREDSIEVE_KEY is not valid UTF-8 (SPEC 2: the key is its UTF-8 bytes)".into(),
                )),
            },
        }
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
    let b = user.as_bytes();
    // An ASCII byte other than a blank at both ends: nothing to trim (`trim` only removes
    // characters with the White_Space property, and the only ASCII ones are blanks).
    let plain_end =
        |c: Option<&u8>| c.is_some_and(|&c| c.is_ascii() && !char::from(c).is_whitespace());
    let t = if plain_end(b.first()) && plain_end(b.last()) {
        user
    } else {
        user.trim()
    };
    let (non_ascii, upper) = ascii_scan(t.as_bytes());
    if !non_ascii {
        if upper {
            // ASCII: Unicode lowercase is ASCII lowercase.
            Cow::Owned(t.to_ascii_lowercase())
        } else {
            Cow::Borrowed(t)
        }
    } else if t.chars().all(lowercase_is_itself) {
        Cow::Borrowed(t)
    } else {
        Cow::Owned(t.to_lowercase())
    }
}

/// Does `b` hold a byte of 0x80 or more, and an ASCII capital? Eight bytes at a time.
#[inline]
fn ascii_scan(b: &[u8]) -> (bool, bool) {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let (mut high, mut upper) = (0u64, 0u64);
    let mut words = b.chunks_exact(8);
    for w in &mut words {
        let w = u64::from_le_bytes(w.try_into().unwrap_or_default());
        high |= w;
        // For bytes below 0x80, the high bit says `A <= byte <= Z` (no carry crosses a byte);
        // bytes of 0x80 or more make this word's answer void, and `high` says so.
        upper |= w.wrapping_add(ONES * (0x80 - 0x41)) & !w.wrapping_add(ONES * (0x7f - 0x5a));
    }
    for &c in words.remainder() {
        high |= u64::from(c);
        upper |= u64::from(c.is_ascii_uppercase()) << 7;
    }
    (high & HIGHS != 0, upper & HIGHS != 0)
}

/// Does `str::to_lowercase` leave this character as it is? (It maps each character through
/// `char::to_lowercase`, except `Σ`, which it changes either way.)
#[inline]
fn lowercase_is_itself(c: char) -> bool {
    if c.is_ascii() {
        return !c.is_ascii_uppercase();
    }
    let mut l = c.to_lowercase();
    l.next() == Some(c) && l.next().is_none()
}

/// Formats a fingerprint as 16 lowercase hex characters.
pub fn to_hex(fp: Fp) -> String {
    format!("{fp:016x}")
}

/// Parses 16 lowercase (or uppercase) hex characters.
#[inline]
pub fn parse_hex(s: &[u8]) -> Option<Fp> {
    let s: &[u8; 16] = s.try_into().ok()?;
    let (hi, lo) = s.split_first_chunk::<8>()?;
    let hi = hex8(u64::from_be_bytes(*hi))?;
    let lo = hex8(u64::from_be_bytes(lo.first_chunk::<8>().copied()?))?;
    Some(u64::from(hi) << 32 | u64::from(lo))
}

/// Eight hex digits (either case), the first in the most significant byte of `w`, as their
/// 32-bit value; `None` if any byte is not a hex digit. Branch-free over the eight bytes
/// (SWAR): property-tested against the `HEX_VALUE` table, a byte at a time.
#[inline(always)]
fn hex8(w: u64) -> Option<u32> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    // For bytes below 0x80: the high bit of each byte of the result says `lo <= byte <= hi`
    // (no carry crosses a byte: byte + 0x80 - lo <= 0xff, byte + 0x7f - hi <= 0xff).
    let in_range = |x: u64, lo: u64, hi: u64| {
        x.wrapping_add(ONES * (0x80 - lo)) & !x.wrapping_add(ONES * (0x7f - hi)) & HIGHS
    };
    let digit = in_range(w, u64::from(b'0'), u64::from(b'9'));
    // `| 0x20` maps `A`-`F` onto `a`-`f` (and nothing else onto them).
    let alpha = in_range(w | (ONES * 0x20), u64::from(b'a'), u64::from(b'f'));
    if w & HIGHS != 0 || digit | alpha != HIGHS {
        return None;
    }
    // Each byte's value: its low nibble, plus 9 for a letter (`a` = 0x61: 1 + 9).
    let v = (w & (ONES * 0x0f)) + (alpha >> 7) * 9;
    // Pack the nibbles: pairs into bytes, bytes into 16-bit lanes, lanes into 32 bits.
    let v = (v | v >> 4) & 0x00ff_00ff_00ff_00ff;
    let v = (v | v >> 8) & 0x0000_ffff_0000_ffff;
    Some((v | v >> 16) as u32)
}

/// Value of a hex digit, 0x80 for any other byte (the reference [`hex8`] is tested against).
#[cfg(test)]
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

    proptest::proptest! {
        /// The eight-bytes-at-a-time parser equals a byte-at-a-time one on strings of hex
        /// digits with, now and then, one byte replaced by any byte.
        #[test]
        fn hex_equals_byte_table(
            v in proptest::num::u64::ANY,
            upper in proptest::num::u16::ANY,
            bad in proptest::option::of((0usize..16, proptest::num::u8::ANY)),
            len in proptest::sample::select(vec![16usize, 16, 16, 15, 17, 0]),
        ) {
            let mut s = format!("{v:016x}").into_bytes();
            for (i, c) in s.iter_mut().enumerate() {
                if upper & (1 << i) != 0 {
                    c.make_ascii_uppercase();
                }
            }
            if let Some((i, b)) = bad {
                s[i] = b;
            }
            s.resize(len, b'0');
            let want = (s.len() == 16 && s.iter().all(|&c| HEX_VALUE[c as usize] & 0x80 == 0))
                .then(|| s.iter().fold(0u64, |a, &c| a << 4 | u64::from(HEX_VALUE[c as usize])));
            proptest::prop_assert_eq!(parse_hex(&s), want);
            if bad.is_none() && len == 16 {
                proptest::prop_assert_eq!(parse_hex(&s), Some(v));
            }
        }
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
    fn key_env_resolution() {
        let env = |s: &str| Some(OsString::from(s));
        let from = |e| Fingerprinter::resolve(None, e);
        assert_eq!(from(None).unwrap().source(), KeySource::Demo);
        let k = from(env("s3cr3t-pepper")).unwrap();
        assert_eq!(k.source(), KeySource::Env);
        assert_eq!(
            k.key_id(),
            Fingerprinter::new(b"s3cr3t-pepper", KeySource::Env).key_id()
        );
        assert!(from(env("")).unwrap_err().to_string().contains("empty"));
        #[cfg(unix)]
        {
            use std::os::unix::ffi::OsStringExt;
            let bad = OsString::from_vec(vec![0xff, 0xfe]);
            assert!(from(Some(bad)).unwrap_err().to_string().contains("UTF-8"));
        }
    }

    #[test]
    fn normalize_borrows_when_normal() {
        assert!(matches!(normalize_user("bob"), Cow::Borrowed("bob")));
        assert_eq!(normalize_user("  Bob "), "bob");
        assert_eq!(normalize_user("ÜB"), "üb");
        assert!(matches!(normalize_user("zoë.ß"), Cow::Borrowed("zoë.ß")));
        assert_eq!(normalize_user("\u{b}ΣΑΣ\u{a0}"), "σας");
        assert_eq!(normalize_user("İx"), "i\u{307}x");
    }

    proptest::proptest! {
        /// `normalize_user` is SPEC 2's `user.trim().to_lowercase()`, and borrows exactly when
        /// that changes nothing but the trimming.
        #[test]
        fn normalize_equals_trim_lowercase(user in "[ \t\u{b}\u{c}\u{1c}\u{85}\u{a0}\u{3000}aZ9.@\u{7f}\u{e9}\u{c9}\u{df}\u{1e9e}\u{3a3}\u{3c3}\u{130}\u{212a}\u{1F600}]{0,12}") {
            let want = user.trim().to_lowercase();
            let got = normalize_user(&user);
            proptest::prop_assert_eq!(got.as_ref(), want.as_str());
            proptest::prop_assert_eq!(matches!(got, Cow::Borrowed(_)), want == user.trim());
        }
    }
}
