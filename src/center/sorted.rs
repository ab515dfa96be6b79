//! The ordered collections routing reads on every offer and release: a
//! queue's routable contacts in routing order, a group's eligible agents in
//! idle order.
//!
//! Both see the same traffic: keys arrive almost always *behind* every key
//! present (a contact's routing key carries its enqueue sequence; an agent
//! moved to the back of the idle order gets the next idle key), and leave
//! almost always from the *front* (the longest-waiting contact, the
//! longest-idle agent). A `BTreeMap` pays a tree walk, node allocation and
//! rebalancing for each; [`SortedMap`] is a sorted vector with a moving
//! front: appending behind the last key and taking the first are O(1), and
//! removing from the middle (an abandonment, an agent taken by another
//! queue) leaves a tombstone found by binary search, O(log n). Only a key
//! that sorts *before* the last one (a raised priority, an agent coming back
//! without moving to the back) shifts entries, and the vector is compacted
//! once tombstones outnumber the live entries, so memory stays O(live).
//!
//! The methods are named as `BTreeMap`'s and `BTreeSet`'s are, and behave
//! the same for the calls routing makes.

/// A map from ordered keys to values, sorted by key (see the module doc).
#[derive(Debug, Clone)]
pub struct SortedMap<K, V> {
    /// Entries in key order; `None`: a tombstone (removed, key kept so the
    /// vector stays sorted). Entries before `head` are gone.
    entries: Vec<(K, Option<V>)>,
    /// Index of the first entry not yet passed by removals at the front.
    head: usize,
    /// Live entries.
    live: usize,
}

impl<K, V> Default for SortedMap<K, V> {
    fn default() -> Self {
        SortedMap {
            entries: Vec::new(),
            head: 0,
            live: 0,
        }
    }
}

impl<K: Ord + Copy, V: Copy> SortedMap<K, V> {
    /// An empty map.
    pub fn new() -> Self {
        Self::default()
    }

    /// Number of live entries.
    pub fn len(&self) -> usize {
        self.live
    }

    /// Whether the map has no live entry.
    pub fn is_empty(&self) -> bool {
        self.live == 0
    }

    /// Where `key` is, or would be inserted, among the entries from `head`.
    fn search(&self, key: &K) -> Result<usize, usize> {
        self.entries[self.head..]
            .binary_search_by(|(k, _)| k.cmp(key))
            .map(|i| i + self.head)
            .map_err(|i| i + self.head)
    }

    /// Inserts `value` under `key`; returns the value it replaced, if the
    /// key was present.
    pub fn insert(&mut self, key: K, value: V) -> Option<V> {
        if self.entries.last().is_none_or(|(last, _)| *last < key) {
            if self.head == self.entries.len() {
                // Empty: start again at the front of the vector.
                self.entries.clear();
                self.head = 0;
            }
            self.entries.push((key, Some(value)));
            self.live += 1;
            return None;
        }
        match self.search(&key) {
            Ok(i) => {
                let old = self.entries[i].1.replace(value);
                if old.is_none() {
                    self.live += 1;
                }
                old
            }
            Err(i) => {
                if i == self.head && self.head > 0 {
                    // Before the first: reuse the room the front left.
                    self.head -= 1;
                    self.entries[self.head] = (key, Some(value));
                } else {
                    self.entries.insert(i, (key, Some(value)));
                }
                self.live += 1;
                None
            }
        }
    }

    /// Removes `key`; returns its value if it was present.
    pub fn remove(&mut self, key: &K) -> Option<V> {
        // Most removals take the first entry: no search for those.
        let i = match self.entries.get(self.head) {
            Some((first, _)) if first == key => self.head,
            _ => self.search(key).ok()?,
        };
        let old = self.entries[i].1.take()?;
        self.live -= 1;
        self.skip_dead_front();
        // Tombstones and the room the front left behind, together: once
        // they outnumber the live entries, drop them (amortised O(1)).
        let waste = self.entries.len() - self.live;
        if waste > 32 && waste > self.live {
            self.compact();
        }
        Some(old)
    }

    /// Moves `head` past tombstones, so the first entry is always live.
    fn skip_dead_front(&mut self) {
        while self.head < self.entries.len() && self.entries[self.head].1.is_none() {
            self.head += 1;
        }
        if self.head == self.entries.len() {
            self.entries.clear();
            self.head = 0;
        }
    }

    /// Drops every tombstone and the room before `head`.
    fn compact(&mut self) {
        self.entries.drain(..self.head);
        self.head = 0;
        self.entries.retain(|(_, v)| v.is_some());
    }

    /// The first live entry in key order.
    pub fn first_key_value(&self) -> Option<(&K, &V)> {
        // `head` is always live or past the end (see `skip_dead_front`).
        self.entries
            .get(self.head)
            .and_then(|(k, v)| v.as_ref().map(|v| (k, v)))
    }

    /// The live entries in key order.
    pub fn iter(&self) -> impl Iterator<Item = (&K, &V)> {
        self.entries[self.head..]
            .iter()
            .filter_map(|(k, v)| v.as_ref().map(|v| (k, v)))
    }
}

/// A set of ordered keys, sorted (a [`SortedMap`] without values).
#[derive(Debug, Clone, Default)]
pub struct SortedSet<K> {
    map: SortedMap<K, ()>,
}

impl<K: Ord + Copy> SortedSet<K> {
    /// An empty set.
    pub fn new() -> Self {
        SortedSet {
            map: SortedMap::new(),
        }
    }

    /// Number of keys.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// Adds `key`; whether it was new.
    pub fn insert(&mut self, key: K) -> bool {
        self.map.insert(key, ()).is_none()
    }

    /// Removes `key`; whether it was present.
    pub fn remove(&mut self, key: &K) -> bool {
        self.map.remove(key).is_some()
    }

    /// The smallest key.
    pub fn first(&self) -> Option<&K> {
        self.map.first_key_value().map(|(k, _)| k)
    }

    /// The keys in order.
    pub fn iter(&self) -> impl Iterator<Item = &K> {
        self.map.iter().map(|(k, _)| k)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;
    use std::collections::BTreeMap;

    /// Random inserts (mostly behind the last key, as routing makes them)
    /// and removals (mostly of the first, some of any present key, some of
    /// absent keys) against a `BTreeMap`: same answers, same order.
    #[test]
    fn behaves_as_a_btreemap() {
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        let mut m: SortedMap<u64, u32> = SortedMap::new();
        let mut r: BTreeMap<u64, u32> = BTreeMap::new();
        let mut next = 1_000u64;
        for op in 0..400_000u32 {
            let roll = rng.gen_range(0..100);
            if roll < 45 || r.is_empty() {
                let key = if rng.gen_bool(0.9) {
                    next += rng.gen_range(1..4);
                    next
                } else {
                    rng.gen_range(0..next + 10)
                };
                assert_eq!(m.insert(key, op), r.insert(key, op), "insert {key}");
            } else {
                let key = match rng.gen_range(0..10) {
                    0..=5 => *r.keys().next().unwrap_or(&0),
                    6..=8 => {
                        let k = rng.gen_range(0..r.len());
                        *r.keys().nth(k).unwrap_or(&0)
                    }
                    _ => rng.gen_range(0..next + 10),
                };
                assert_eq!(m.remove(&key), r.remove(&key), "remove {key}");
            }
            assert_eq!(m.len(), r.len());
            assert_eq!(m.first_key_value(), r.first_key_value());
            if op % 997 == 0 {
                assert!(m.iter().eq(r.iter()));
                // Memory stays O(live entries).
                assert!(m.entries.len() <= 2 * r.len() + 64);
            }
        }
        assert!(m.iter().eq(r.iter()));
    }

    #[test]
    fn a_set_keeps_its_keys_in_order() {
        let mut s = SortedSet::new();
        assert!(s.insert((5u64, 1u32)));
        assert!(s.insert((2, 9)));
        assert!(!s.insert((5, 1)));
        assert!(s.insert((7, 0)));
        assert_eq!(s.first(), Some(&(2, 9)));
        assert!(s.remove(&(2, 9)));
        assert!(!s.remove(&(2, 9)));
        assert_eq!(s.iter().copied().collect::<Vec<_>>(), [(5, 1), (7, 0)]);
        assert_eq!(s.len(), 2);
    }
}
