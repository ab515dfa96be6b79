//! Records read but not kept, counted by reason — what real exports
//! legitimately contain and a calibration must not count (or count twice).
//! Never silent: the counts travel with the contacts and are reported.

use std::fmt;

/// Why a record was not kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SkipReason {
    /// Another copy of the same record (same `ContactId` and
    /// `LastUpdateTimestamp`): Connect delivers records at least once.
    Duplicate,
    /// An earlier version of a contact that was re-emitted with a later
    /// `LastUpdateTimestamp` (Connect re-emits a record when it changes);
    /// the latest is kept.
    Superseded,
    /// The contact's latest record has no `DisconnectTimestamp`: it was
    /// still in progress when exported.
    InProgress,
    /// A JSON object without `ContactId` (an agent event or another event
    /// type mixed into the stream).
    NotAContactRecord,
}

impl SkipReason {
    /// Every reason, in report order.
    pub const ALL: [SkipReason; 4] = [
        SkipReason::Duplicate,
        SkipReason::Superseded,
        SkipReason::InProgress,
        SkipReason::NotAContactRecord,
    ];

    /// How a report names it.
    pub fn label(self) -> &'static str {
        match self {
            SkipReason::Duplicate => "duplicate",
            SkipReason::Superseded => "superseded by a later update",
            SkipReason::InProgress => "in progress",
            SkipReason::NotAContactRecord => "not a contact record",
        }
    }
}

impl fmt::Display for SkipReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// How many records were skipped, per reason.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SkipCounts {
    counts: [u64; 4],
}

impl SkipCounts {
    /// Counts one more skip for `reason`.
    pub fn add(&mut self, reason: SkipReason) {
        self.add_n(reason, 1);
    }

    /// Counts `n` more skips for `reason`.
    pub fn add_n(&mut self, reason: SkipReason, n: u64) {
        self.counts[reason as usize] += n;
    }

    /// The count for `reason`.
    pub fn get(&self, reason: SkipReason) -> u64 {
        self.counts[reason as usize]
    }

    /// All records skipped.
    pub fn total(&self) -> u64 {
        self.counts.iter().sum()
    }

    /// `(reason, count)` in report order, zero counts included.
    pub fn iter(&self) -> impl Iterator<Item = (SkipReason, u64)> + '_ {
        SkipReason::ALL.iter().map(|&r| (r, self.get(r)))
    }
}

/// `3 duplicate, 1 in progress` (the reasons with a count), or `none`.
impl fmt::Display for SkipCounts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut any = false;
        for (reason, n) in self.iter().filter(|(_, n)| *n > 0) {
            if any {
                f.write_str(", ")?;
            }
            write!(f, "{n} {reason}")?;
            any = true;
        }
        if !any {
            f.write_str("none")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_print_in_report_order() {
        let mut s = SkipCounts::default();
        assert_eq!(s.to_string(), "none");
        s.add(SkipReason::NotAContactRecord);
        s.add_n(SkipReason::Duplicate, 3);
        s.add(SkipReason::InProgress);
        assert_eq!(
            s.to_string(),
            "3 duplicate, 1 in progress, 1 not a contact record"
        );
        assert_eq!(s.total(), 5);
        assert_eq!(s.get(SkipReason::Superseded), 0);
        assert_eq!(s.iter().count(), 4);
    }
}
