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

/// Records gathered from every file, deduplicated at the end. Finished
/// contacts are kept in place and sorted in place, so the contacts are
/// held once, not copied.
#[derive(Debug, Default)]
pub struct Deduper {
    contacts: Vec<ObservedContact>,
    /// Records still in progress: `ContactId`, last update.
    in_progress: Vec<(String, i64)>,
    /// One per record, in the order read.
    keys: Vec<Key>,
}

/// A record's sort key: hash of its id, last update, position read, and
/// where it is (an index into `contacts`, or into `in_progress` with the
/// top bit set).
type Key = (u64, i64, u32, u32);

const IN_PROGRESS: u32 = 1 << 31;

impl Deduper {
    /// Adds a finished contact's record.
    pub fn add_contact(&mut self, c: ObservedContact) {
        let key = self.key(&c.contact_id, c.last_update_ms, self.contacts.len() as u32);
        self.keys.push(key);
        self.contacts.push(c);
    }

    /// Adds a record still in progress.
    pub fn add_in_progress(&mut self, contact_id: String, last_update_ms: i64) {
        let slot = self.in_progress.len() as u32 | IN_PROGRESS;
        self.keys.push(self.key(&contact_id, last_update_ms, slot));
        self.in_progress.push((contact_id, last_update_ms));
    }

    fn key(&self, id: &str, last_update_ms: i64, slot: u32) -> Key {
        (
            fnv1a(id.as_bytes()),
            last_update_ms,
            self.keys.len() as u32,
            slot,
        )
    }

    /// Records added so far.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// Whether none were added.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// The kept contacts, in order; what was dropped is counted in `skips`.
    pub fn finish(mut self, skips: &mut SkipCounts) -> Vec<ObservedContact> {
        // Sorting compact keys (hash first) is far faster than sorting the
        // records by their id strings; equal hashes are then told apart by
        // the ids themselves.
        let mut keys = std::mem::take(&mut self.keys);
        keys.sort_unstable();
        let mut kept = Vec::with_capacity(self.contacts.len());
        let mut start = 0;
        while start < keys.len() {
            let end = start + keys[start..].partition_point(|k| k.0 == keys[start].0);
            self.same_hash(&mut keys[start..end], skips, &mut kept);
            start = end;
        }
        drop(keys);
        self.in_order(kept)
    }

    fn id(&self, k: &Key) -> &str {
        if k.3 & IN_PROGRESS != 0 {
            &self.in_progress[(k.3 & !IN_PROGRESS) as usize].0
        } else {
            &self.contacts[k.3 as usize].contact_id
        }
    }

    /// Records whose ids hash alike: usually one contact's versions.
    fn same_hash(&self, run: &mut [Key], skips: &mut SkipCounts, kept: &mut Vec<u32>) {
        let first = self.id(&run[0]);
        if run.iter().any(|k| self.id(k) != first) {
            // A hash collision between different contacts.
            run.sort_unstable_by(|a, b| (self.id(a), a.1, a.2).cmp(&(self.id(b), b.1, b.2)));
        }
        let mut start = 0;
        while start < run.len() {
            let id = self.id(&run[start]);
            let end = start + run[start..].partition_point(|k| self.id(k) == id);
            if let Some(slot) = one_contact(&run[start..end], skips) {
                if slot & IN_PROGRESS != 0 {
                    skips.add(SkipReason::InProgress);
                } else {
                    kept.push(slot);
                }
            }
            start = end;
        }
    }

    /// The kept contacts, sorted by initiation then id: a permutation done
    /// in place, then the dropped ones cut off.
    fn in_order(mut self, mut kept: Vec<u32>) -> Vec<ObservedContact> {
        let c = &self.contacts;
        kept.sort_unstable_by(|&a, &b| {
            let (a, b) = (&c[a as usize], &c[b as usize]);
            (a.initiated_ms, &a.contact_id).cmp(&(b.initiated_ms, &b.contact_id))
        });
        // `at[i]`: where contact i is now; `who[p]`: which contact is at p.
        let n = self.contacts.len();
        let mut at: Vec<u32> = (0..n as u32).collect();
        let mut who = at.clone();
        for (p, &i) in kept.iter().enumerate() {
            let q = at[i as usize] as usize;
            self.contacts.swap(p, q);
            let displaced = who[p];
            who[q] = displaced;
            at[displaced as usize] = q as u32;
            who[p] = i;
            at[i as usize] = p as u32;
        }
        self.contacts.truncate(kept.len());
        self.contacts.shrink_to_fit();
        self.contacts
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
    records.iter().find(|k| k.1 == latest).map(|k| k.3)
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

    fn contact(id: &str, initiated_ms: i64, last_update_ms: i64, tag: &str) -> ObservedContact {
        ObservedContact {
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
        }
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
