//! Contact ids as small, exact keys. Deduplication keeps one key per
//! record read, and calibration joins a contact to the one its
//! `NextContactId` names; holding the id strings for that would cost more
//! than everything else a streaming read keeps.
//!
//! Connect's `ContactId` is a UUID written in lower case
//! (`9af0b980-f6fd-4c8d-b121-14c9c59badfe`): such an id becomes its 128
//! bits, with no table and no chance of two ids sharing a key. Any other
//! text (an upper-case UUID, a test's `c1`) is numbered in an [`IdTable`],
//! so keys stay exact whatever the export holds: two keys are equal exactly
//! when the ids are equal as strings.

use std::collections::HashMap;

/// A `ContactId` (or a `NextContactId`) as a fixed-size key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ContactKey {
    /// Numbered in a table, not a UUID's bits.
    pub numbered: bool,
    /// The UUID's first 64 bits (0 when numbered).
    pub hi: u64,
    /// The UUID's last 64 bits, or the number.
    pub lo: u64,
}

impl ContactKey {
    /// The key of a canonical lower-case UUID, `None` for any other text.
    pub fn uuid(id: &str) -> Option<ContactKey> {
        let b = id.as_bytes();
        if b.len() != 36 || [b[8], b[13], b[18], b[23]] != [b'-'; 4] {
            return None;
        }
        let mut bits: u128 = 0;
        for group in [&b[0..8], &b[9..13], &b[14..18], &b[19..23], &b[24..36]] {
            for &c in group {
                let digit = HEX[usize::from(c)];
                if digit == NOT_HEX {
                    return None;
                }
                bits = bits << 4 | u128::from(digit);
            }
        }
        Some(ContactKey {
            numbered: false,
            hi: (bits >> 64) as u64,
            lo: bits as u64,
        })
    }
}

const NOT_HEX: u8 = 0xff;

/// Each byte's value as a lower-case hex digit (a table: this runs once a
/// record, a million times).
const HEX: [u8; 256] = {
    let mut t = [NOT_HEX; 256];
    let mut i = 0;
    while i < 10 {
        t[b'0' as usize + i] = i as u8;
        i += 1;
    }
    let mut i = 0;
    while i < 6 {
        t[b'a' as usize + i] = 10 + i as u8;
        i += 1;
    }
    t
};

/// Numbers for the ids that are not canonical UUIDs.
#[derive(Debug, Default)]
pub struct IdTable {
    numbers: HashMap<Box<str>, u64>,
}

impl IdTable {
    /// The key of `id`, numbering it if it is new.
    pub fn key(&mut self, id: &str) -> ContactKey {
        if let Some(k) = ContactKey::uuid(id) {
            return k;
        }
        let next = self.numbers.len() as u64;
        let n = *self.numbers.entry(id.into()).or_insert(next);
        numbered(n)
    }

    /// The key of `id` if it has one already: a UUID always does, other
    /// text only once [`IdTable::key`] numbered it (an id never numbered
    /// names no contact seen).
    pub fn find(&self, id: &str) -> Option<ContactKey> {
        ContactKey::uuid(id).or_else(|| self.numbers.get(id).map(|&n| numbered(n)))
    }

    /// How many ids were numbered.
    pub fn numbered(&self) -> usize {
        self.numbers.len()
    }

    /// The ids `keys` stand for, as the records wrote them (a key this
    /// table never gave is spelled `?`). For a warning's few examples: a
    /// numbered id is found by a walk of the table.
    pub fn spell(&self, keys: &[ContactKey]) -> Vec<String> {
        let by_number: HashMap<u64, &str> = if keys.iter().any(|k| k.numbered) {
            self.numbers.iter().map(|(id, &n)| (n, &**id)).collect()
        } else {
            HashMap::new()
        };
        keys.iter()
            .map(|k| match k.numbered {
                true => by_number.get(&k.lo).map_or("?".into(), |id| id.to_string()),
                false => uuid_text(k),
            })
            .collect()
    }
}

/// A UUID key written back as Connect writes the id: lower case, grouped
/// 8-4-4-4-12.
fn uuid_text(k: &ContactKey) -> String {
    let hex = format!("{:016x}{:016x}", k.hi, k.lo);
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

fn numbered(n: u64) -> ContactKey {
    ContactKey {
        numbered: true,
        hi: 0,
        lo: n,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lower_case_uuids_are_their_bits_and_other_ids_are_numbered() {
        let k = ContactKey::uuid("9af0b980-f6fd-4c8d-b121-14c9c59badfe").unwrap();
        assert_eq!((k.hi, k.lo), (0x9af0_b980_f6fd_4c8d, 0xb121_14c9_c59b_adfe));
        assert!(!k.numbered);
        for not_canonical in [
            "9AF0B980-F6FD-4C8D-B121-14C9C59BADFE",
            "9af0b980f6fd4c8db12114c9c59badfe",
            "9af0b980-f6fd-4c8d-b121-14c9c59badf",
            "9af0b980-f6fd-4c8d-b121-14c9c59badfg",
            "9af0b980+f6fd-4c8d-b121-14c9c59badfe",
        ] {
            assert_eq!(ContactKey::uuid(not_canonical), None, "{not_canonical}");
        }
        let mut t = IdTable::default();
        let upper = t.key("9AF0B980-F6FD-4C8D-B121-14C9C59BADFE");
        let c1 = t.key("c1");
        assert_ne!(upper, k, "ids differing in case are different contacts");
        assert_ne!(upper, c1);
        assert_eq!(t.key("c1"), c1);
        assert_eq!(t.find("c1"), Some(c1));
        assert_eq!(t.find("c2"), None);
        assert_eq!(t.find("9af0b980-f6fd-4c8d-b121-14c9c59badfe"), Some(k));
        assert_eq!(t.numbered(), 2);
        // A numbered key never equals a UUID's, even one with the same low
        // bits.
        let zero = ContactKey::uuid("00000000-0000-0000-0000-000000000001").unwrap();
        assert_ne!(zero, t.key("x"));
        // Keys spell back to the ids they came from.
        assert_eq!(
            t.spell(&[k, c1, zero]),
            [
                "9af0b980-f6fd-4c8d-b121-14c9c59badfe",
                "c1",
                "00000000-0000-0000-0000-000000000001"
            ]
        );
    }
}
