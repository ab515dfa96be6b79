//! One record per contact. Connect delivers records at least once and
//! re-emits a contact's record when it changes (`LastUpdateTimestamp`
//! moves on), so a contact can appear many times:
//!
//! - copies with the same `ContactId` and `LastUpdateTimestamp` are one
//!   record: the first read is kept, the others counted as `duplicate`;
//! - of a contact's versions, the one with the latest `LastUpdateTimestamp`
//!   is kept, each earlier version counted as `superseded by a later
//!   update` (copies of an earlier version count as duplicates too);
//! - a contact whose latest version has no `DisconnectTimestamp` is still in
//!   progress: counted as `in progress`, not kept.
//!
//! The decision needs only a key per record — the contact's id as a
//! [`ContactKey`], its last update and its place in the reading order —
//! 32 bytes a record, not the record: [`Deduper`] gathers the keys in a
//! first reading of the files, and [`Deduper::finish`] names the records
//! to keep by their place, for the second reading to pick out. "First
//! read" is deterministic, since files are read in sorted path order.

use super::ids::ContactKey;
use super::skips::{SkipCounts, SkipReason};

/// The keys of every contact record read (records that are not a
/// contact's — no `ContactId` — take a place in the order but no key).
#[derive(Debug, Default)]
pub struct Deduper {
    keys: Vec<Key>,
    /// Records read so far, contact or not.
    places: u64,
}

/// One record's key: the id's bits, its last update, and `meta` = its
/// place in the reading order with two flags on top (the id is numbered,
/// the record is in progress).
#[derive(Debug, Clone, Copy)]
struct Key {
    hi: u64,
    lo: u64,
    last_update_ms: i64,
    meta: u64,
}

const NUMBERED: u64 = 1 << 63;
const IN_PROGRESS: u64 = 1 << 62;
const PLACE: u64 = IN_PROGRESS - 1;

impl Key {
    fn place(&self) -> u64 {
        self.meta & PLACE
    }

    fn same_contact(&self, other: &Key) -> bool {
        (self.hi, self.lo, self.meta & NUMBERED) == (other.hi, other.lo, other.meta & NUMBERED)
    }

    /// Sorts one contact's records together, by last update, then by the
    /// order they were read in.
    fn order(&self) -> (u64, u64, u64, i64, u64) {
        (
            self.meta & NUMBERED,
            self.hi,
            self.lo,
            self.last_update_ms,
            self.place(),
        )
    }
}

/// The records to keep, by place in the reading order.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Kept {
    bits: Vec<u64>,
    count: u64,
}

impl Kept {
    /// Whether the record at `place` is kept.
    pub fn contains(&self, place: u64) -> bool {
        let (word, bit) = ((place / 64) as usize, place % 64);
        self.bits.get(word).is_some_and(|w| w >> bit & 1 == 1)
    }

    /// How many records are kept.
    pub fn len(&self) -> u64 {
        self.count
    }

    /// Whether none is.
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    fn insert(&mut self, place: u64) {
        let word = (place / 64) as usize;
        if self.bits.len() <= word {
            self.bits.resize(word + 1, 0);
        }
        self.bits[word] |= 1 << (place % 64);
        self.count += 1;
    }
}

impl Deduper {
    /// Adds the next record read: a contact's (finished or in progress),
    /// with its last update.
    pub fn add(&mut self, id: ContactKey, last_update_ms: i64, in_progress: bool) {
        let mut meta = self.places & PLACE;
        if id.numbered {
            meta |= NUMBERED;
        }
        if in_progress {
            meta |= IN_PROGRESS;
        }
        self.keys.push(Key {
            hi: id.hi,
            lo: id.lo,
            last_update_ms,
            meta,
        });
        self.places += 1;
    }

    /// Skips the next record read (it is not a contact's).
    pub fn add_other(&mut self) {
        self.places += 1;
    }

    /// Records read so far.
    pub fn len(&self) -> u64 {
        self.places
    }

    /// Whether none was read.
    pub fn is_empty(&self) -> bool {
        self.places == 0
    }

    /// The finished records to keep; what was dropped (records that are
    /// not a contact's included) is counted in `skips`.
    pub fn finish(mut self, skips: &mut SkipCounts) -> Kept {
        skips.add_n(
            SkipReason::NotAContactRecord,
            self.places - self.keys.len() as u64,
        );
        self.keys.sort_unstable_by_key(Key::order);
        let mut kept = Kept::default();
        for versions in self.keys.chunk_by(Key::same_contact) {
            let latest = one_contact(versions, skips);
            if latest.meta & IN_PROGRESS != 0 {
                skips.add(SkipReason::InProgress);
            } else {
                kept.insert(latest.place());
            }
        }
        kept
    }
}

/// One contact's records, sorted by (last update, place): counts
/// duplicates and superseded versions and returns the one to keep — the
/// first read of the latest version.
fn one_contact(records: &[Key], skips: &mut SkipCounts) -> Key {
    let mut versions = 0;
    for copies in records.chunk_by(|a, b| a.last_update_ms == b.last_update_ms) {
        skips.add_n(SkipReason::Duplicate, copies.len() as u64 - 1);
        versions += 1;
    }
    skips.add_n(SkipReason::Superseded, versions - 1);
    let latest = records[records.len() - 1].last_update_ms;
    let first = records.partition_point(|k| k.last_update_ms < latest);
    records[first]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::ids::IdTable;

    #[test]
    fn duplicates_superseded_and_in_progress_are_counted_exactly() {
        let mut ids = IdTable::default();
        let mut d = Deduper::default();
        let mut add = |id: &str, last_update_ms: i64, in_progress: bool| {
            d.add(ids.key(id), last_update_ms, in_progress);
        };
        // c1 (places 0–3): three copies of version 5, one of version 9 →
        // keep 9 (place 3).
        for _ in 0..3 {
            add("c1", 5, false);
        }
        add("c1", 9, false);
        // c2 (4–6): in progress at 3, finished at 7, the finished one
        // twice → keep place 5.
        add("c2", 3, true);
        add("c2", 7, false);
        add("c2", 7, false);
        // c3 (7–8): only in progress (twice).
        add("c3", 1, true);
        add("c3", 1, true);
        // c0 (9): once, as a UUID.
        add("9af0b980-f6fd-4c8d-b121-14c9c59badfe", 1, false);
        d.add_other();
        assert_eq!(d.len(), 11);
        let mut s = SkipCounts::default();
        let kept = d.finish(&mut s);
        let places: Vec<u64> = (0..12).filter(|&p| kept.contains(p)).collect();
        assert_eq!(places, [3, 5, 9]);
        assert_eq!(kept.len(), 3);
        assert_eq!(s.get(SkipReason::Duplicate), 2 + 1 + 1);
        assert_eq!(s.get(SkipReason::Superseded), 1 + 1);
        assert_eq!(s.get(SkipReason::InProgress), 1);
        assert_eq!(s.get(SkipReason::NotAContactRecord), 1);
        assert_eq!(s.total() + kept.len(), 11, "every record accounted for");
    }

    #[test]
    fn a_later_in_progress_version_makes_the_contact_in_progress() {
        let mut d = Deduper::default();
        let k = ContactKey::uuid("00000000-0000-0000-0000-000000000001").unwrap();
        d.add(k, 10, false);
        d.add(k, 20, true);
        // The same version read first in progress, then finished: the
        // first read wins, as for any copies.
        let j = ContactKey::uuid("00000000-0000-0000-0000-000000000002").unwrap();
        d.add(j, 5, true);
        d.add(j, 5, false);
        let mut s = SkipCounts::default();
        let kept = d.finish(&mut s);
        assert!(kept.is_empty());
        assert_eq!(s.get(SkipReason::InProgress), 2);
        assert_eq!(s.get(SkipReason::Superseded), 1);
        assert_eq!(s.get(SkipReason::Duplicate), 1);
    }
}
