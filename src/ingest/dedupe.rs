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
//! The contacts come out sorted by `InitiationTimestamp`, then `ContactId`
//! (unique by then): the same order whatever order the files were read in.
//! "First read" is deterministic too, since files are read in sorted path
//! order.

use super::contact::ObservedContact;
use super::skips::{SkipCounts, SkipReason};

/// A record taking part in deduplication.
#[derive(Debug)]
enum Entry {
    Contact(Box<ObservedContact>),
    InProgress {
        contact_id: String,
        last_update_ms: i64,
    },
}

impl Entry {
    fn id(&self) -> &str {
        match self {
            Entry::Contact(c) => &c.contact_id,
            Entry::InProgress { contact_id, .. } => contact_id,
        }
    }

    fn last_update_ms(&self) -> i64 {
        match self {
            Entry::Contact(c) => c.last_update_ms,
            Entry::InProgress { last_update_ms, .. } => *last_update_ms,
        }
    }
}

/// Records gathered from every file, deduplicated at the end.
#[derive(Debug, Default)]
pub struct Deduper {
    entries: Vec<Option<Entry>>,
}

/// A sort key: hash of the id, last update, position read.
type Key = (u64, i64, u32);

impl Deduper {
    /// Adds a finished contact's record.
    pub fn add_contact(&mut self, c: Box<ObservedContact>) {
        self.entries.push(Some(Entry::Contact(c)));
    }

    /// Adds a record still in progress.
    pub fn add_in_progress(&mut self, contact_id: String, last_update_ms: i64) {
        self.entries.push(Some(Entry::InProgress {
            contact_id,
            last_update_ms,
        }));
    }

    /// Records added so far.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether none were added.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The kept contacts, in order; what was dropped is counted in `skips`.
    pub fn finish(mut self, skips: &mut SkipCounts) -> Vec<ObservedContact> {
        // Sorting compact keys (hash first) is far faster than sorting the
        // records by their id strings; equal hashes are then told apart by
        // the ids themselves.
        let mut keys: Vec<Key> = self
            .entries
            .iter()
            .enumerate()
            .map(|(i, e)| {
                let e = e.as_ref().expect("every slot is filled until finish");
                (fnv1a(e.id().as_bytes()), e.last_update_ms(), i as u32)
            })
            .collect();
        keys.sort_unstable();
        let mut kept = Vec::with_capacity(keys.len());
        let mut start = 0;
        while start < keys.len() {
            let end = start + keys[start..].partition_point(|k| k.0 == keys[start].0);
            self.same_hash(&mut keys[start..end], skips, &mut kept);
            start = end;
        }
        self.in_order(kept)
    }

    fn entry(&self, i: u32) -> &Entry {
        self.entries[i as usize]
            .as_ref()
            .expect("every slot is filled until finish")
    }

    /// Records whose ids hash alike: usually one contact's versions.
    fn same_hash(&self, run: &mut [Key], skips: &mut SkipCounts, kept: &mut Vec<u32>) {
        let first = self.entry(run[0].2).id();
        if run.iter().any(|k| self.entry(k.2).id() != first) {
            // A hash collision between different contacts.
            run.sort_unstable_by(|a, b| {
                (self.entry(a.2).id(), a.1, a.2).cmp(&(self.entry(b.2).id(), b.1, b.2))
            });
        }
        let mut start = 0;
        while start < run.len() {
            let id = self.entry(run[start].2).id();
            let end = start + run[start..].partition_point(|k| self.entry(k.2).id() == id);
            if let Some(i) = one_contact(&run[start..end], skips) {
                match self.entry(i) {
                    Entry::Contact(_) => kept.push(i),
                    Entry::InProgress { .. } => skips.add(SkipReason::InProgress),
                }
            }
            start = end;
        }
    }

    /// Moves the kept records out, sorted by initiation then id.
    fn in_order(&mut self, kept: Vec<u32>) -> Vec<ObservedContact> {
        let mut order: Vec<(i64, u32)> = kept
            .into_iter()
            .map(|i| match self.entry(i) {
                Entry::Contact(c) => (c.initiated_ms, i),
                Entry::InProgress { .. } => unreachable!("only contacts are kept"),
            })
            .collect();
        order.sort_unstable_by(|a, b| {
            a.0.cmp(&b.0)
                .then_with(|| self.entry(a.1).id().cmp(self.entry(b.1).id()))
        });
        order
            .into_iter()
            .filter_map(|(_, i)| match self.entries[i as usize].take() {
                Some(Entry::Contact(c)) => Some(*c),
                _ => None,
            })
            .collect()
    }
}

/// One contact's records, sorted by (last update, position read): counts
/// duplicates and superseded versions and returns the one to keep.
fn one_contact(records: &[Key], skips: &mut SkipCounts) -> Option<u32> {
    let latest = records.last()?.1;
    let mut versions = 0;
    let mut start = 0;
    while start < records.len() {
        let lu = records[start].1;
        let end = start + records[start..].partition_point(|k| k.1 == lu);
        skips.add_n(SkipReason::Duplicate, (end - start - 1) as u64);
        versions += 1;
        start = end;
    }
    skips.add_n(SkipReason::Superseded, versions - 1);
    // The first read of the latest version.
    records.iter().find(|k| k.1 == latest).map(|k| k.2)
}

/// FNV-1a, 64 bits: a fixed hash, so the work is the same on every run.
fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contact(
        id: &str,
        initiated_ms: i64,
        last_update_ms: i64,
        tag: &str,
    ) -> Box<ObservedContact> {
        Box::new(ObservedContact {
            contact_id: id.into(),
            initial_contact_id: None,
            previous_contact_id: None,
            next_contact_id: None,
            channel: "VOICE".into(),
            method: "INBOUND".into(),
            initiated_ms,
            connected_to_system_ms: None,
            disconnected_ms: initiated_ms + 10,
            disconnect_reason: Some(tag.into()),
            last_update_ms,
            queue: None,
            agent: None,
            transfer_completed_ms: None,
            agent_connection_attempts: None,
            attributes: vec![],
        })
    }

    #[test]
    fn duplicates_superseded_and_in_progress_are_counted_exactly() {
        let mut d = Deduper::default();
        // c1: three copies of version 5, one of version 9 → keep 9.
        for _ in 0..3 {
            d.add_contact(contact("c1", 100, 5, "old"));
        }
        d.add_contact(contact("c1", 100, 9, "new"));
        // c2: in progress at 3, finished at 7, the finished one twice.
        d.add_in_progress("c2".into(), 3);
        d.add_contact(contact("c2", 50, 7, "first"));
        d.add_contact(contact("c2", 50, 7, "second"));
        // c3: only in progress (twice).
        d.add_in_progress("c3".into(), 1);
        d.add_in_progress("c3".into(), 1);
        // c0: once, initiated with c2 (order then by id).
        d.add_contact(contact("c0", 50, 1, "only"));
        let mut s = SkipCounts::default();
        let out = d.finish(&mut s);
        let got: Vec<(&str, &str)> = out
            .iter()
            .map(|c| {
                (
                    c.contact_id.as_str(),
                    c.disconnect_reason.as_deref().unwrap(),
                )
            })
            .collect();
        assert_eq!(got, [("c0", "only"), ("c2", "first"), ("c1", "new")]);
        assert_eq!(s.get(SkipReason::Duplicate), 2 + 1 + 1);
        assert_eq!(s.get(SkipReason::Superseded), 1 + 1);
        assert_eq!(s.get(SkipReason::InProgress), 1);
        assert_eq!(s.total() + out.len() as u64, 10);
    }
}
