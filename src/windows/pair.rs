//! The state of one (address, account) pair: `PairStats`, the full row the rules read, and
//! `PairRow`, the 64-byte row the scan's shard tables hold (with the exact fallback to the full
//! row for pairs it cannot encode).

use super::table;
use crate::event::{AcctKey, Event, IpKey};
use crate::fingerprint::Fp;

/// Key of a pair: an address and an account. Packed to 8-byte alignment (24 bytes instead of
/// 32): the pair table is the largest structure of a night.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(C, packed(8))]
pub struct PairKey {
    /// Address.
    pub ip: IpKey,
    /// Account.
    pub acct: AcctKey,
}

/// Times a pair row stores: 48 bits of milliseconds each, offset by [`TIME_BIAS`], so from
/// [`TIME_MIN`] to [`TIME_MAX`] (about 2490 BC to AD 6429): the range of event times
/// ([`crate::event::TIME_MIN`]; the parsers make a time outside it a bad line). A time
/// outside is clamped to the nearer bound; [`Windows::add`] counts such events
/// ([`Windows::clamped_times`]).
///
/// [`Windows::add`]: super::Windows::add
/// [`Windows::clamped_times`]: super::Windows::clamped_times
pub(super) const TIME_BIAS: i64 = -TIME_MIN;
pub use crate::event::{TIME_MAX, TIME_MIN, time_in_range};

/// Slots of [`Times`]. The first attempt is not stored: it is the earlier of the first
/// failure and the first success.
pub(super) const LAST: usize = 0;
pub(super) const FIRST_FAIL: usize = 1;
pub(super) const FIRST_SUCC: usize = 2;
pub(super) const LAST_SUCC: usize = 3;
pub(super) const FIRST_LEAKED_SUCC: usize = 4;

/// Five 48-bit times (30 bytes instead of 40), as three `u16` each (low first) so that the
/// row needs no padding. A slot means something only when its count is non-zero (see the
/// accessors of [`PairStats`]): no sentinel values are stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) struct Times {
    t: [u16; 15],
}

impl Times {
    #[inline]
    pub(super) fn get(&self, i: usize) -> i64 {
        let w = self.t.get(3 * i..3 * i + 3).unwrap_or_default();
        let v = w.iter().rev().fold(0u64, |v, &x| v << 16 | u64::from(x));
        (v as i64) - TIME_BIAS
    }

    /// Stores `t`, clamped to [`TIME_MIN`]..=[`TIME_MAX`].
    #[inline]
    pub(super) fn set(&mut self, i: usize, t: i64) {
        let v = (t.clamp(TIME_MIN, TIME_MAX) + TIME_BIAS) as u64;
        if let Some(w) = self.t.get_mut(3 * i..3 * i + 3) {
            for (k, x) in w.iter_mut().enumerate() {
                *x = (v >> (16 * k)) as u16;
            }
        }
    }
}

/// What one address did to one account over the night. 56 bytes (80 with its key): counts,
/// five 48-bit times (the first attempt is the earlier of the first failure and the first
/// success) and the first success's password; the success count is `attempts - fails`, and each time is
/// read through an accessor that answers the old sentinel (`i64::MAX` or `i64::MIN`) when its
/// count is zero.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PairStats {
    /// Attempts.
    pub attempts: u32,
    /// Failed attempts.
    pub fails: u32,
    /// Distinct passwords among the failures (0 when no password was logged); filled by
    /// [`super::Windows::finish`]. [`PairStats::merge`] adds the counts (an upper bound: one
    /// password failing on both sides counts twice); a network's merged pairs are recounted
    /// from the failed-password triples.
    pub fail_pws: u32,
    /// Failures with a leaked pair (`cred` in the leaks).
    pub leaked_fails: u16,
    /// Successes with a leaked pair.
    pub leaked_succ: u16,
    /// Successes with a logged pair fingerprint that is not leaked.
    pub clean_succ: u16,
    /// Password fingerprint of the first success, as two halves (4-byte alignment).
    pub(super) succ_pw: [u32; 2],
    pub(super) times: Times,
}

impl PairStats {
    /// Time slot `i` when `held`, else `none`.
    #[inline]
    pub(super) fn slot(&self, held: bool, i: usize, none: i64) -> i64 {
        if held { self.times.get(i) } else { none }
    }

    /// Successful attempts.
    #[inline]
    pub fn succ(&self) -> u32 {
        self.attempts.wrapping_sub(self.fails)
    }

    /// Is the pair a failed replay: a leaked pair failed on the account and nothing succeeded
    /// on it from the source? A list is worked through once: a password failing again and
    /// again on the account (a saved old password an app retries, a person retyping it) is its
    /// owner's, not a replay.
    #[inline]
    pub fn is_failed_replay(&self) -> bool {
        let retried = self.fail_pws > 0 && self.fail_pws < self.fails;
        self.succ() == 0 && self.leaked_fails > 0 && !retried
    }

    /// Did the pair fail and later log in (a person retrying, or a guesser's hit)?
    pub fn logged_in_after_failing(&self) -> bool {
        self.fails > 0 && self.succ() > 0 && self.first_fail_ts() < self.last_succ_ts()
    }

    /// First attempt (`i64::MAX` when none): the earlier of the first failure and the first
    /// success (every attempt is one or the other).
    pub fn first_ts(&self) -> i64 {
        self.first_fail_ts().min(self.first_succ_ts())
    }

    /// Last attempt (`i64::MIN` when none).
    pub fn last_ts(&self) -> i64 {
        self.slot(self.attempts > 0, LAST, i64::MIN)
    }

    /// First failure (`i64::MAX` when none).
    pub fn first_fail_ts(&self) -> i64 {
        self.slot(self.fails > 0, FIRST_FAIL, i64::MAX)
    }

    /// First success (`i64::MAX` when none).
    pub fn first_succ_ts(&self) -> i64 {
        self.slot(self.succ() > 0, FIRST_SUCC, i64::MAX)
    }

    /// Last success (`i64::MIN` when none).
    pub fn last_succ_ts(&self) -> i64 {
        self.slot(self.succ() > 0, LAST_SUCC, i64::MIN)
    }

    /// First success with a leaked pair (`i64::MAX` when none).
    pub fn first_leaked_succ_ts(&self) -> i64 {
        self.slot(self.leaked_succ > 0, FIRST_LEAKED_SUCC, i64::MAX)
    }

    /// Password fingerprint of the first success (the smallest at the earliest time; 0 when
    /// none or not logged).
    pub fn first_succ_pw(&self) -> Fp {
        let [lo, hi] = self.succ_pw;
        u64::from(hi) << 32 | u64::from(lo)
    }

    pub(super) fn set_succ_pw(&mut self, pw: Fp) {
        self.succ_pw = [pw as u32, (pw >> 32) as u32];
    }

    /// Lowers slot `i` to `t` (sets it when the slot was empty: `had` is false).
    #[inline]
    pub(super) fn lower(&mut self, i: usize, had: bool, t: i64) {
        if !had || t < self.times.get(i) {
            self.times.set(i, t);
        }
    }

    /// Raises slot `i` to `t` (sets it when the slot was empty: `had` is false).
    #[inline]
    pub(super) fn raise(&mut self, i: usize, had: bool, t: i64) {
        if !had || t > self.times.get(i) {
            self.times.set(i, t);
        }
    }

    /// Takes a first success at `t` with password `pw` when it is earlier (or as early with a
    /// smaller fingerprint) than the one held; `had` says whether one is held.
    pub(super) fn first_succ(&mut self, had: bool, t: i64, pw: Fp) {
        if !had || (t, pw) < (self.times.get(FIRST_SUCC), self.first_succ_pw()) {
            self.times.set(FIRST_SUCC, t);
            self.set_succ_pw(pw);
        }
    }

    /// Adds one event. Its time is clamped to [`TIME_MIN`]..=[`TIME_MAX`].
    pub fn add(&mut self, e: &Event) {
        let t = e.ts_ms.clamp(TIME_MIN, TIME_MAX);
        self.raise(LAST, self.attempts > 0, t);
        if e.ok() {
            let had = self.succ() > 0;
            self.first_succ(had, t, e.pw);
            self.raise(LAST_SUCC, had, t);
            if e.cred_leaked() {
                self.lower(FIRST_LEAKED_SUCC, self.leaked_succ > 0, t);
                self.leaked_succ = self.leaked_succ.saturating_add(1);
            } else if e.cred_clean() {
                self.clean_succ = self.clean_succ.saturating_add(1);
            }
        } else {
            self.lower(FIRST_FAIL, self.fails > 0, t);
            self.fails += 1;
            if e.cred_leaked() {
                self.leaked_fails = self.leaked_fails.saturating_add(1);
            }
        }
        self.attempts += 1;
    }

    /// Merges another pair state of the same key (order-independent).
    pub fn merge(&mut self, o: &PairStats) {
        if o.attempts > 0 {
            self.raise(LAST, self.attempts > 0, o.times.get(LAST));
        }
        if o.fails > 0 {
            self.lower(FIRST_FAIL, self.fails > 0, o.times.get(FIRST_FAIL));
        }
        if o.succ() > 0 {
            let had = self.succ() > 0;
            self.first_succ(had, o.times.get(FIRST_SUCC), o.first_succ_pw());
            self.raise(LAST_SUCC, had, o.times.get(LAST_SUCC));
        }
        if o.leaked_succ > 0 {
            self.lower(
                FIRST_LEAKED_SUCC,
                self.leaked_succ > 0,
                o.times.get(FIRST_LEAKED_SUCC),
            );
        }
        self.attempts += o.attempts;
        self.fails += o.fails;
        self.leaked_fails = self.leaked_fails.saturating_add(o.leaked_fails);
        self.leaked_succ = self.leaked_succ.saturating_add(o.leaked_succ);
        self.clean_succ = self.clean_succ.saturating_add(o.clean_succ);
        self.fail_pws += o.fail_pws;
    }
}

/// Times a [`Compact`] row holds: offsets in milliseconds from its shard's base, the first
/// attempt being the earlier of the first failure and the first success.
pub(super) const C_LAST: usize = 0;
pub(super) const C_FIRST_FAIL: usize = 1;
pub(super) const C_FIRST_SUCC: usize = 2;
pub(super) const C_LAST_SUCC: usize = 3;
pub(super) const C_FIRST_LEAKED_SUCC: usize = 4;

/// A shard's time base: the first event's time (clamped) less 2^31 ms, so the shard's rows
/// hold times from about 24.8 days before it to 24.8 days after it as `u32` offsets.
pub(super) fn base_for(t: i64) -> i64 {
    t.clamp(TIME_MIN, TIME_MAX) - (1 << 31)
}

/// The offset of (clamped) time `t` from `base`, if a `u32` holds it.
#[inline]
pub(super) fn offset(base: i64, t: i64) -> Option<u32> {
    u32::try_from(t.clamp(TIME_MIN, TIME_MAX).checked_sub(base)?).ok()
}

/// A pair's state while the night is scanned: 40 bytes, so that with its key a row of a
/// shard's table is 64 bytes and, aligned ([`PairRow`]), one cache line (the [`PairStats`] row
/// is 80 bytes, two or three lines). Five times as `u32` millisecond offsets from the shard's
/// base (the first attempt is the earlier of the first failure and the first success), the
/// three leaked/clean counts as `u8`. A pair this cannot hold exactly (a time outside the
/// base's 49.7 days, a count past 255, a filled `fail_pws`) is kept as a [`PairStats`] in the
/// shard's `wide` map instead and the row only says so (`wide`): the state is always exact,
/// as the [`PairStats`] row would hold it (`Compact::decode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[repr(C)]
pub struct Compact {
    attempts: u32,
    fails: u32,
    /// Password fingerprint of the first success, as two halves.
    pw: [u32; 2],
    /// Offsets from the shard's base (a slot means something only when its count is non-zero).
    t: [u32; 5],
    leaked_fails: u8,
    leaked_succ: u8,
    clean_succ: u8,
    /// 1: the pair's state is in the shard's `wide` map.
    pub(super) wide: u8,
}

/// A shard table's row: key and compact state in one 64-byte cache line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(C, align(64))]
pub struct PairRow {
    key: PairKey,
    stats: Compact,
}

impl table::Row<PairKey, Compact> for PairRow {
    #[inline]
    fn new(key: PairKey, stats: Compact) -> Self {
        PairRow { key, stats }
    }
    #[inline]
    fn key(&self) -> &PairKey {
        &self.key
    }
    #[inline]
    fn value(&self) -> &Compact {
        &self.stats
    }
    #[inline]
    fn value_mut(&mut self) -> &mut Compact {
        &mut self.stats
    }
    #[inline]
    fn into_pair(self) -> (PairKey, Compact) {
        (self.key, self.stats)
    }
}

impl Compact {
    #[inline]
    pub(super) fn time(&self, i: usize) -> u32 {
        self.t.get(i).copied().unwrap_or(0)
    }

    #[inline]
    pub(super) fn set_time(&mut self, i: usize, off: u32) {
        if let Some(s) = self.t.get_mut(i) {
            *s = off;
        }
    }

    #[inline]
    pub(super) fn pw(&self) -> Fp {
        let [lo, hi] = self.pw;
        u64::from(hi) << 32 | u64::from(lo)
    }

    /// A row that only says its state is in a `wide` map.
    pub(super) fn wide_marker() -> Compact {
        Compact {
            wide: 1,
            ..Compact::default()
        }
    }

    /// Does this row say its state is in the shard's `wide` map?
    #[inline]
    pub(super) fn is_wide(&self) -> bool {
        self.wide != 0
    }

    /// Adds one event (time `t`, as [`PairStats::add`] would: clamped), or answers false and
    /// changes nothing when the row cannot hold the result.
    #[inline]
    pub(super) fn add(&mut self, e: &Event, base: i64) -> bool {
        let Some(off) = offset(base, e.ts_ms) else {
            return false;
        };
        let ok = e.ok();
        let leaked = e.cred_leaked();
        let full = if ok {
            if leaked {
                self.leaked_succ == u8::MAX
            } else {
                e.cred_clean() && self.clean_succ == u8::MAX
            }
        } else {
            leaked && self.leaked_fails == u8::MAX
        };
        if full || self.is_wide() {
            return false;
        }
        if self.attempts == 0 || off > self.time(C_LAST) {
            self.set_time(C_LAST, off);
        }
        if ok {
            let had = self.attempts != self.fails;
            if !had || (off, e.pw) < (self.time(C_FIRST_SUCC), self.pw()) {
                self.set_time(C_FIRST_SUCC, off);
                self.pw = [e.pw as u32, (e.pw >> 32) as u32];
            }
            if !had || off > self.time(C_LAST_SUCC) {
                self.set_time(C_LAST_SUCC, off);
            }
            if leaked {
                if self.leaked_succ == 0 || off < self.time(C_FIRST_LEAKED_SUCC) {
                    self.set_time(C_FIRST_LEAKED_SUCC, off);
                }
                self.leaked_succ += 1;
            } else if e.cred_clean() {
                self.clean_succ += 1;
            }
        } else {
            if self.fails == 0 || off < self.time(C_FIRST_FAIL) {
                self.set_time(C_FIRST_FAIL, off);
            }
            self.fails += 1;
            if leaked {
                self.leaked_fails += 1;
            }
        }
        self.attempts += 1;
        true
    }

    /// The state this row holds (its times relative to `base`), as a [`PairStats`]. Not
    /// meaningful for a row whose state is in the `wide` map.
    pub(super) fn decode(&self, base: i64) -> PairStats {
        let mut p = PairStats {
            attempts: self.attempts,
            fails: self.fails,
            fail_pws: 0,
            leaked_fails: u16::from(self.leaked_fails),
            leaked_succ: u16::from(self.leaked_succ),
            clean_succ: u16::from(self.clean_succ),
            succ_pw: self.pw,
            times: Times::default(),
        };
        let at = |i: usize| base + i64::from(self.time(i));
        let (fails, succ) = (p.fails > 0, p.succ() > 0);
        // Slots without their count stay as `PairStats::add` leaves them (zero), so that
        // equal states compare equal.
        for (held, slot, t) in [
            (p.attempts > 0, LAST, at(C_LAST)),
            (fails, FIRST_FAIL, at(C_FIRST_FAIL)),
            (succ, FIRST_SUCC, at(C_FIRST_SUCC)),
            (succ, LAST_SUCC, at(C_LAST_SUCC)),
            (
                p.leaked_succ > 0,
                FIRST_LEAKED_SUCC,
                at(C_FIRST_LEAKED_SUCC),
            ),
        ] {
            if held {
                p.times.set(slot, t);
            }
        }
        p
    }

    /// The compact row of `p` with times relative to `base`, if it holds `p` exactly
    /// (`decode` gives `p` back).
    pub(super) fn encode(p: &PairStats, base: i64) -> Option<Compact> {
        let held = |h: bool, t: i64| if h { offset(base, t) } else { Some(0) };
        let (succ, fails) = (p.succ() > 0, p.fails > 0);
        if p.fail_pws != 0 || p.attempts < p.fails {
            return None;
        }
        let c = Compact {
            attempts: p.attempts,
            fails: p.fails,
            pw: p.succ_pw,
            t: [
                held(p.attempts > 0, p.last_ts())?,
                held(fails, p.first_fail_ts())?,
                held(succ, p.first_succ_ts())?,
                held(succ, p.last_succ_ts())?,
                held(p.leaked_succ > 0, p.first_leaked_succ_ts())?,
            ],
            leaked_fails: u8::try_from(p.leaked_fails).ok()?,
            leaked_succ: u8::try_from(p.leaked_succ).ok()?,
            clean_succ: u8::try_from(p.clean_succ).ok()?,
            wide: 0,
        };
        Some(c)
    }
}
