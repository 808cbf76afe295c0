//! Parsers for the leak sources of SPEC 3: combo lists, Pwned Passwords, password lists.
//! (Temporary simple version; replaced by the streaming builder.)

use std::path::PathBuf;

use super::ExactSet;
use crate::error::{Error, Result};
use crate::fingerprint::Fingerprinter;

/// Counts of a build.
#[derive(Debug, Clone, Default)]
pub struct SourceStats {
    /// Lines read.
    pub lines: u64,
    /// Malformed lines.
    pub bad_lines: u64,
}

impl ExactSet {
    /// Builds the exact set from text sources.
    pub fn from_sources(
        fp: &Fingerprinter,
        combos: &[PathBuf],
        passwords: &[PathBuf],
        hibp: &[PathBuf],
    ) -> Result<(ExactSet, SourceStats)> {
        let mut s = ExactSet { key_id: fp.key_id(), ..Default::default() };
        let mut st = SourceStats::default();
        for p in combos {
            let data = std::fs::read(p).map_err(|e| Error::io(p, e))?;
            for line in data.split(|&b| b == b'\n') {
                let line = line.strip_suffix(b"\r").unwrap_or(line);
                if line.is_empty() {
                    continue;
                }
                st.lines += 1;
                let Some(i) = memchr::memchr(b':', line) else {
                    st.bad_lines += 1;
                    continue;
                };
                let Ok(user) = std::str::from_utf8(&line[..i]) else {
                    st.bad_lines += 1;
                    continue;
                };
                s.creds.insert(fp.cred(user, &line[i + 1..]));
                s.pws.insert(fp.pw(&line[i + 1..]));
            }
        }
        for p in passwords {
            let data = std::fs::read(p).map_err(|e| Error::io(p, e))?;
            for line in data.split(|&b| b == b'\n') {
                let line = line.strip_suffix(b"\r").unwrap_or(line);
                if !line.is_empty() {
                    st.lines += 1;
                    s.pws.insert(fp.pw(line));
                }
            }
        }
        for p in hibp {
            let data = std::fs::read(p).map_err(|e| Error::io(p, e))?;
            for line in data.split(|&b| b == b'\n') {
                let line = line.strip_suffix(b"\r").unwrap_or(line);
                if line.is_empty() {
                    continue;
                }
                st.lines += 1;
                match fp.pw_from_sha1_hex(line.get(..40).unwrap_or(line)) {
                    Some(f) => {
                        s.pws.insert(f);
                    }
                    None => st.bad_lines += 1,
                }
            }
        }
        Ok((s, st))
    }
}
