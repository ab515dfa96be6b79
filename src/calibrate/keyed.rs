//! Values keyed by names (queues, routing profiles, agents, methods) that
//! are looked up once or more per contact: by `&str`, with one hash, the
//! name copied only the first time it is met — a million contacts name a
//! few dozen queues. Each name also gets a small number, for sets of names.

use std::collections::{BTreeMap, HashMap};

/// A value per name.
#[derive(Debug, Clone)]
pub struct Keyed<V> {
    numbers: HashMap<String, u32>,
    values: Vec<(String, V)>,
}

impl<V> Default for Keyed<V> {
    fn default() -> Self {
        Keyed {
            numbers: HashMap::new(),
            values: Vec::new(),
        }
    }
}

impl<V: Default> Keyed<V> {
    /// The value for `name`, inserted (default) on first use.
    pub fn slot(&mut self, name: &str) -> &mut V {
        let n = self.number(name);
        &mut self.values[n as usize].1
    }

    /// The number of `name` (in order of first use), inserting it.
    pub fn number(&mut self, name: &str) -> u32 {
        if let Some(&n) = self.numbers.get(name) {
            return n;
        }
        let n = self.values.len() as u32;
        self.numbers.insert(name.to_string(), n);
        self.values.push((name.to_string(), V::default()));
        n
    }
}

impl<V> Keyed<V> {
    /// The name numbered `n`.
    pub fn name(&self, n: u32) -> &str {
        self.values.get(n as usize).map_or("", |(k, _)| k.as_str())
    }

    /// The value numbered `n`.
    pub fn value(&self, n: u32) -> Option<&V> {
        self.values.get(n as usize).map(|(_, v)| v)
    }

    /// The value numbered `n`, mutably.
    pub fn value_mut(&mut self, n: u32) -> Option<&mut V> {
        self.values.get_mut(n as usize).map(|(_, v)| v)
    }

    /// The values, sorted by name.
    pub fn into_sorted(self) -> BTreeMap<String, V> {
        self.values.into_iter().collect()
    }

    /// The values, mutably, in order of first use.
    pub fn values_mut(&mut self) -> impl Iterator<Item = &mut V> {
        self.values.iter_mut().map(|(_, v)| v)
    }

    /// The names and values, in order of first use.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &V)> {
        self.values.iter().map(|(k, v)| (k.as_str(), v))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_numbered_in_order_of_first_use() {
        let mut k: Keyed<u32> = Keyed::default();
        *k.slot("b") += 1;
        *k.slot("a") += 2;
        *k.slot("b") += 3;
        assert_eq!((k.number("b"), k.number("a"), k.name(1)), (0, 1, "a"));
        let sorted: Vec<(String, u32)> = k.into_sorted().into_iter().collect();
        assert_eq!(sorted, [("a".into(), 2), ("b".into(), 4)]);
    }
}
