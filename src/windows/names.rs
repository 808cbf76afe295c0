//! Account names: each account's name as typed first, normalised, kept once per account.

use ahash::AHashMap;

use super::table::{self, RowTable};
use crate::event::AcctKey;

/// Normalised account names of a shard: the names one after another in one string, and per
/// account key where its name is (offset, length) in a [`RowTable`] (16 bytes a row plus a
/// 5-byte index bucket; its lookups can be split into prefetched steps over a batch).
/// [`Names::freeze`] (at [`super::Windows::finish`]) moves the rows into a vector sorted by key (16
/// bytes an account, no index) and trims the string; the next insert thaws them. A name past
/// 4 GB of a shard's names (which no real night reaches) is boxed in `long` instead, and
/// shadows any other entry.
#[derive(Debug, Default, Clone)]
pub struct Names {
    text: String,
    at: RowTable<AcctKey, (u32, u32)>,
    /// Frozen rows, sorted by key (empty unless `at` is).
    frozen: Vec<(AcctKey, (u32, u32))>,
    long: AHashMap<AcctKey, Box<str>>,
}

impl Names {
    /// The name of an account.
    pub fn get(&self, acct: AcctKey) -> Option<&str> {
        self.get_hashed(self.at.hash(&acct), acct)
    }

    /// The name of an account whose hash is `h` (from [`Names::hash`]).
    #[inline]
    pub fn get_hashed(&self, h: u64, acct: AcctKey) -> Option<&str> {
        if !self.long.is_empty()
            && let Some(b) = self.long.get(&acct)
        {
            return Some(b);
        }
        let (off, len) = if self.frozen.is_empty() {
            *self.at.get_hashed(h, &acct)?
        } else {
            self.frozen_get(acct)?
        };
        let off = off as usize;
        self.text.get(off..off + len as usize)
    }

    /// Moves the names' rows into a vector sorted by key and trims the string: 16 bytes an
    /// account and no index while nothing is inserted.
    pub fn freeze(&mut self) {
        if !self.frozen.is_empty() || self.at.is_empty() {
            return;
        }
        let mut rows = Vec::with_capacity(self.at.len());
        rows.extend(std::mem::take(&mut self.at).into_rows());
        rows.sort_unstable_by_key(|r| r.0);
        self.frozen = rows;
        self.text.shrink_to_fit();
    }

    /// Moves frozen rows back into the row table (before an insert).
    fn thaw(&mut self) {
        if self.frozen.is_empty() {
            return;
        }
        let rows = std::mem::take(&mut self.frozen);
        self.at.reserve(rows.len());
        for (k, v) in rows {
            *self.at.entry(k).0 = v;
        }
    }

    /// The hash of an account key here.
    #[inline]
    pub fn hash(&self, acct: AcctKey) -> u64 {
        self.at.hash(&acct)
    }

    /// Prefetches the index buckets of hash `h`.
    #[inline]
    pub fn prefetch_index(&self, h: u64) {
        self.at.prefetch_index(h);
    }

    /// Prefetches the likely (offset, length) row of hash `h`.
    #[inline]
    pub fn prefetch_candidate(&self, h: u64) {
        self.at.prefetch_candidate(h);
    }

    /// Prefetches the first bytes of the name of `acct` (hash `h`), if it has one.
    #[inline]
    pub fn prefetch_name(&self, h: u64, acct: AcctKey) {
        if self.frozen.is_empty()
            && let Some(&(off, _)) = self.at.get_hashed(h, &acct)
        {
            table::prefetch(self.text.as_ptr().wrapping_add(off as usize));
        }
    }

    /// Sets the name of an account (a replaced name's bytes stay in the string: replacing is
    /// rare, only on a key collision).
    pub fn insert(&mut self, acct: AcctKey, name: &str) {
        let h = self.hash(acct);
        self.insert_hashed(h, acct, name);
    }

    /// [`Names::insert`] for an account whose hash is `h` (from [`Names::hash`]).
    pub fn insert_hashed(&mut self, h: u64, acct: AcctKey, name: &str) {
        self.thaw();
        let packed = u32::try_from(self.text.len())
            .ok()
            .zip(u32::try_from(name.len()).ok())
            .filter(|(off, len)| off.checked_add(*len).is_some());
        match packed {
            Some(at) => {
                self.text.push_str(name);
                *self.at.upsert_hashed(h, acct, Default::default).1 = at;
                self.long.remove(&acct);
            }
            None => {
                self.long.insert(acct, name.into());
            }
        }
    }

    /// Accounts named.
    pub fn len(&self) -> usize {
        self.at.len()
            + self.frozen.len()
            + self
                .long
                .keys()
                .filter(|&&k| self.at.get(&k).is_none() && self.frozen_get(k).is_none())
                .count()
    }

    /// The frozen row of `acct`.
    fn frozen_get(&self, acct: AcctKey) -> Option<(u32, u32)> {
        let i = self.frozen.binary_search_by_key(&acct, |r| r.0).ok()?;
        self.frozen.get(i).map(|r| r.1)
    }

    /// No account named?
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Every (account, name), in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = (AcctKey, &str)> {
        self.at
            .iter()
            .map(|(k, _)| *k)
            .chain(self.frozen.iter().map(|r| r.0))
            .filter(|k| !self.long.contains_key(k))
            .chain(self.long.keys().copied())
            .filter_map(|k| Some((k, self.get(k)?)))
    }

    /// Heap bytes held (the long names' table estimated as hashbrown sizes it).
    pub fn heap_bytes(&self) -> usize {
        let buckets = |cap: usize| {
            if cap == 0 {
                0
            } else {
                (cap * 8 / 7).next_power_of_two()
            }
        };
        self.text.capacity()
            + self.at.heap_bytes()
            + self.frozen.capacity() * std::mem::size_of::<(AcctKey, (u32, u32))>()
            + buckets(self.long.capacity()) * (std::mem::size_of::<(AcctKey, Box<str>)>() + 1)
            + self.long.values().map(|b| b.len()).sum::<usize>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::{Event, IpKey, flags};
    use crate::windows::Windows;

    #[test]
    fn names_get_insert_replace_iter() {
        let mut n = Names::default();
        assert!(n.is_empty() && n.get(1).is_none());
        n.insert(1, "alice");
        n.insert(2, "");
        n.insert(3, "bob");
        n.insert(1, "al");
        assert_eq!(
            (n.get(1), n.get(2), n.get(3), n.get(4)),
            (Some("al"), Some(""), Some("bob"), None)
        );
        assert_eq!(n.len(), 3);
        let mut all: Vec<(AcctKey, &str)> = n.iter().collect();
        all.sort();
        assert_eq!(all, vec![(1, "al"), (2, ""), (3, "bob")]);
        assert!(n.heap_bytes() >= 8);
    }

    proptest::proptest! {
        /// Inserts, lookups and freezes in any order answer what a map of names does.
        #[test]
        fn names_equal_a_map(ops in proptest::collection::vec((0u64..300, 0u8..4, 0usize..5), 0..2_000)) {
            let words = ["", "a", "bob", "carol@example.com", "d"];
            let mut n = Names::default();
            let mut m: AHashMap<AcctKey, &str> = AHashMap::new();
            for &(k, op, w) in &ops {
                match op {
                    0 | 1 => {
                        n.insert(k, words[w]);
                        m.insert(k, words[w]);
                    }
                    2 => n.freeze(),
                    _ => proptest::prop_assert_eq!(n.get(k), m.get(&k).copied()),
                }
            }
            proptest::prop_assert_eq!(n.len(), m.len());
            let mut all: Vec<(AcctKey, &str)> = n.iter().collect();
            all.sort_unstable();
            let mut want: Vec<(AcctKey, &str)> = m.into_iter().collect();
            want.sort_unstable();
            proptest::prop_assert_eq!(all, want);
        }
    }

    /// Two names with one key: the bytewise smaller wins whatever the merge order, and the
    /// collision is counted once per meeting.
    #[test]
    fn colliding_names_merge_order_independently() {
        let e = Event {
            ts_ms: 5,
            ip: 1,
            acct: 77,
            pw: 0,
            flags: flags::OK,
            agent: 0,
        };
        let part = |name: &str, ip: IpKey| {
            let mut w = Windows::default();
            w.add(&Event { ip, ..e }, name);
            w
        };
        let ab = part("zed", 1).merge(part("amy", 2));
        let ba = part("amy", 2).merge(part("zed", 1));
        assert_eq!((ab.user(77), ba.user(77)), (Some("amy"), Some("amy")));
        assert_eq!((ab.collisions(), ba.collisions()), (1, 1));
        let mut one = part("zed", 1);
        one.add(&Event { ip: 2, ..e }, "amy");
        assert_eq!((one.user(77), one.collisions()), (Some("zed"), 1));
    }
}
