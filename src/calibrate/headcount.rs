//! Agents on shift per routing profile and interval: from a roster when
//! one is given, otherwise a lower bound read from the records — the
//! agents seen working a contact (connected, on hold or in after-contact
//! work) at some moment of the interval. Idle agents leave no record, so
//! that bound is below the truth whenever agents wait; the report says so.

use std::collections::{BTreeMap, BTreeSet};

use crate::ingest::ObservedContact;

use super::period::Period;

/// Where a headcount came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeadcountSource {
    /// The roster's scheduled agents.
    Roster,
    /// Distinct agents seen working a contact: a lower bound.
    ActivityLowerBound,
}

impl HeadcountSource {
    /// How the report and the scenario's comments name it.
    pub fn describe(self) -> &'static str {
        match self {
            HeadcountSource::Roster => "scheduled agents from the roster",
            HeadcountSource::ActivityLowerBound => {
                "LOWER BOUND: distinct agents seen working a contact in the interval (idle agents leave no record) — give a roster for the real headcount"
            }
        }
    }
}

/// Agents per interval of the period, per routing profile.
pub type Headcounts = BTreeMap<String, Vec<u32>>;

/// A roster as a step function: each row holds from its start until the
/// group's next row; intervals before a group's first row have none.
pub fn from_roster(rows: &[(i64, String, f64)], period: &Period) -> Headcounts {
    let mut by_group: BTreeMap<&str, Vec<(i64, f64)>> = BTreeMap::new();
    for (start, group, agents) in rows {
        by_group.entry(group).or_default().push((*start, *agents));
    }
    let mut out = Headcounts::new();
    for (group, mut steps) in by_group {
        steps.sort_by_key(|s| s.0);
        let counts = (0..period.intervals)
            .map(|i| {
                let t = period.interval_start(i);
                let k = steps.partition_point(|s| s.0 <= t);
                if k == 0 {
                    0
                } else {
                    steps[k - 1].1.round().max(0.0) as u32
                }
            })
            .collect();
        out.insert(group.to_string(), counts);
    }
    out
}

/// The lower bound from agent activity.
pub fn from_activity(contacts: &[ObservedContact], period: &Period) -> Headcounts {
    let mut seen: BTreeMap<&str, Vec<BTreeSet<&str>>> = BTreeMap::new();
    for c in contacts {
        let Some(a) = &c.agent else { continue };
        let (Some(profile), Some(user), Some(from)) = (
            a.routing_profile.as_deref(),
            a.username.as_deref(),
            a.connected_ms,
        ) else {
            continue;
        };
        let to = a.acw_end_ms.unwrap_or(c.disconnected_ms).max(from);
        let per = seen
            .entry(profile)
            .or_insert_with(|| vec![BTreeSet::new(); period.intervals]);
        let first = period.index(from.max(period.start_ms));
        let last = period.index(to.min(period.end_ms() - 1));
        if let (Some(first), Some(last)) = (first, last) {
            for set in &mut per[first..=last] {
                set.insert(user);
            }
        }
    }
    seen.into_iter()
        .map(|(p, sets)| (p.to_string(), sets.iter().map(|s| s.len() as u32).collect()))
        .collect()
}
