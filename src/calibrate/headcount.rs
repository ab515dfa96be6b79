//! Agents on shift per routing profile and interval: from a roster when
//! one is given, otherwise a lower bound read from the records — the
//! agents seen working a contact (connected, on hold or in after-contact
//! work) at some moment of the interval. Idle agents leave no record, so
//! that bound is below the truth whenever agents wait; the report says so.

use std::collections::BTreeMap;

use crate::ingest::ObservedContact;

use super::keyed::Keyed;
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
/// Rows of a group with the same start add up: a roster with a row per
/// team, shift or agent schedules all of them.
pub fn from_roster(rows: &[(i64, String, f64)], period: &Period) -> Headcounts {
    let mut by_group: BTreeMap<&str, BTreeMap<i64, f64>> = BTreeMap::new();
    for (start, group, agents) in rows {
        *by_group
            .entry(group)
            .or_default()
            .entry(*start)
            .or_default() += *agents;
    }
    let mut out = Headcounts::new();
    for (group, steps) in by_group {
        let steps: Vec<(i64, f64)> = steps.into_iter().collect();
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

/// The lower bound from agent activity, gathered one contact at a time
/// over the intervals of a span that covers the period: per routing
/// profile and agent, the runs of intervals the agent was seen working in
/// (an agent's contacts overlap or follow each other, so a shift is one
/// run or a few — memory grows with shifts, not with contacts).
#[derive(Debug)]
pub struct ActivityCounter {
    span: Period,
    /// Per profile, per agent (numbered): first interval → last interval
    /// of each run, the runs apart (not overlapping, not touching).
    seen: Keyed<Keyed<Runs>>,
}

type Runs = BTreeMap<usize, usize>;

impl ActivityCounter {
    /// Counts over the intervals of `span`.
    pub fn new(span: Period) -> Self {
        ActivityCounter {
            span,
            seen: Keyed::default(),
        }
    }

    /// Notes the agent of `c` as working from connection to the end of
    /// after-contact work (or disconnect).
    pub fn add(&mut self, c: &ObservedContact) {
        let Some(a) = &c.agent else { return };
        let (Some(profile), Some(user), Some(from)) = (
            a.routing_profile.as_deref(),
            a.username.as_deref(),
            a.connected_ms,
        ) else {
            return;
        };
        let to = a.acw_end_ms.unwrap_or(c.disconnected_ms).max(from);
        let span = self.span;
        // The profile counts (with zeros) even when the work falls outside.
        let agents = self.seen.slot(profile);
        let first = span.index(from.max(span.start_ms));
        let last = span.index(to.min(span.end_ms() - 1));
        if let (Some(first), Some(last)) = (first, last) {
            add_run(agents.slot(user), first, last);
        }
    }

    /// Agents per interval of `period` (inside the span), per profile.
    pub fn finish(self, period: &Period) -> Headcounts {
        let span = self.span;
        self.seen
            .into_sorted()
            .into_iter()
            .map(|(profile, agents)| {
                let mut counts = vec![0u32; span.intervals];
                for (_, runs) in agents.iter() {
                    for (&first, &last) in runs {
                        counts[first..=last].iter_mut().for_each(|n| *n += 1);
                    }
                }
                (profile, period.cut_from(&span, counts))
            })
            .collect()
    }
}

/// Adds the intervals `first..=last` to `runs`, merging the runs it
/// overlaps or touches.
fn add_run(runs: &mut Runs, mut first: usize, mut last: usize) {
    if let Some((&a, &b)) = runs.range(..=first).next_back() {
        if b >= last {
            return;
        }
        if b + 1 >= first {
            first = a;
            runs.remove(&a);
        }
    }
    while let Some((&a, &b)) = runs.range(first..=last.saturating_add(1)).next() {
        last = last.max(b);
        runs.remove(&a);
    }
    runs.insert(first, last);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The intervals a set of runs covers.
    fn covered(runs: &Runs) -> Vec<usize> {
        runs.iter().flat_map(|(&a, &b)| a..=b).collect()
    }

    #[test]
    fn roster_rows_of_a_profile_with_the_same_start_add_up() {
        // One row per team: 2 + 2 Sales agents from 08:00, 1 + 3 + 1 from
        // 08:30 (in any order in the file), one Support row.
        let period = Period {
            start_ms: 0,
            interval_ms: 1_800_000,
            intervals: 3,
        };
        let row = |start: i64, who: &str, agents: f64| (start, who.to_string(), agents);
        let rows = [
            row(0, "Sales", 2.0),
            row(1_800_000, "Sales", 1.0),
            row(0, "Support", 3.0),
            row(0, "Sales", 2.0),
            row(1_800_000, "Sales", 3.0),
            row(1_800_000, "Sales", 1.0),
        ];
        let h = from_roster(&rows, &period);
        assert_eq!(h["Sales"], vec![4, 5, 5]);
        assert_eq!(h["Support"], vec![3, 3, 3]);
    }

    #[test]
    fn runs_merge_into_the_union_of_their_intervals() {
        // Many orders of a few overlapping, touching and apart ranges
        // (shuffled by a fixed sequence of swaps) give the union, as runs
        // that neither overlap nor touch.
        let ranges = [(3, 5), (6, 6), (0, 1), (9, 12), (4, 10), (14, 14)];
        let mut order: Vec<usize> = (0..ranges.len()).collect();
        for k in 0..720 {
            let mut n = k;
            for i in (1..order.len()).rev() {
                order.swap(i, n % (i + 1));
                n /= i + 1;
            }
            let mut runs = Runs::new();
            let mut want = std::collections::BTreeSet::new();
            for &i in &order {
                let (a, b) = ranges[i];
                add_run(&mut runs, a, b);
                want.extend(a..=b);
            }
            assert_eq!(covered(&runs), want.into_iter().collect::<Vec<_>>());
            let starts: Vec<(usize, usize)> = runs.into_iter().collect();
            for w in starts.windows(2) {
                assert!(w[0].1 + 1 < w[1].0, "{starts:?}");
            }
        }
    }
}
