//! Agents on shift per routing profile and interval: from a roster when
//! one is given, otherwise a lower bound read from the records — the
//! agents seen taking a contact in the interval, or working (connected, on
//! hold or in after-contact work) between two contacts they took. Idle
//! agents leave no record, so that bound is below the truth whenever
//! agents wait; the report says so. An agent finishing its last contact
//! after its shift has ended (Connect lets it finish, and so does the
//! model) is not counted in the intervals after that contact began: it
//! may no longer be on shift there, and counting it put the "lower bound"
//! above the roster at every shift end.

use std::collections::BTreeMap;

use serde_json::json;

use crate::ingest::ObservedContact;
use crate::timefmt::format_iso8601_utc_seconds;

use super::keyed::Keyed;
use super::period::Period;
use super::warnings::DataWarning;

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
                "LOWER BOUND: distinct agents seen taking a contact in the interval or working between two they took (idle agents leave no record) — give a roster for the real headcount"
            }
        }
    }
}

/// Agents per interval of the period, per routing profile.
pub type Headcounts = BTreeMap<String, Vec<u32>>;

/// Intervals where a profile's roster schedules fewer agents than the
/// records show working — more than a shift change inside an interval
/// explains.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RosterShort {
    /// How many intervals.
    pub intervals: usize,
    /// The first one's start, Unix ms.
    pub first_start_ms: i64,
    /// The most agents the roster has on at once in the first one.
    pub first_rostered: u32,
    /// Agents seen working in the first one.
    pub first_working: u32,
}

/// The warning for rostered profiles with fewer agents than were seen
/// working, if any. The scenario keeps the roster's numbers (a roster is
/// what the planner asked to model), so it runs short of the agents who
/// answered those calls; agents seen at any moment of an interval may
/// exceed its mean roster at a shift change, but working agents where the
/// roster has none, or many more, usually mean a roster read in another
/// time zone than it was written in.
pub fn roster_short_warning(short: &BTreeMap<String, RosterShort>) -> Option<DataWarning> {
    if short.is_empty() {
        return None;
    }
    let per_profile: Vec<String> = short
        .iter()
        .map(|(p, s)| {
            format!(
                "{p}: {} interval(s), first {}: {} rostered, {} working",
                s.intervals,
                format_iso8601_utc_seconds(s.first_start_ms),
                s.first_rostered,
                s.first_working
            )
        })
        .collect();
    let text = format!(
        "the roster schedules fewer agents than the records show working, by more than a shift change inside an interval explains ({}); the scenario keeps the roster's numbers. Agents working where the roster has none, or many more than it has, usually means the roster's times are read in another time zone than they were written in — fix: check the roster's times and --time-zone (times without an offset are read in it)",
        per_profile.join("; ")
    );
    let detail = json!(short
        .iter()
        .map(|(p, s)| json!({"routing_profile": p, "intervals": s.intervals,
            "first": {"interval_start": format_iso8601_utc_seconds(s.first_start_ms), "rostered": s.first_rostered, "working": s.first_working}}))
        .collect::<Vec<_>>());
    Some(DataWarning {
        kind: "roster_below_working",
        text,
        detail,
    })
}

/// Agents seen working an interval may exceed the most the roster has on
/// at once in it by this many without anything being wrong: one leaves
/// mid-interval, another arrives, both are seen.
pub const SHIFT_CHANGE_AGENTS: u32 = 1;

/// The farthest a roster's times are moved looking for a better fit: the
/// widest gap between two time zones' offsets (UTC−12 to UTC+14) is 26 h,
/// but one read in UTC instead of its own zone, or the reverse, is off by
/// at most 14 h.
const MAX_ZONE_SHIFT_MS: i64 = 14 * 3_600_000;

/// Intervals short of agents below which a roster's fit is not judged.
const MIN_SHORT_FOR_SHIFT: usize = 4;

/// A move of the roster's times that fits the agents the records show
/// working far better than its times as read: the mark of a roster read
/// in another time zone than it was written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RosterShift {
    /// How much later (negative: earlier) the roster fits best, ms.
    pub shift_ms: i64,
    /// Intervals (over all rostered profiles) with more agents working
    /// than the roster has, by more than a shift change, at its times as
    /// read; an interval no row covers has none.
    pub short_as_read: usize,
    /// The same with the roster moved by `shift_ms`.
    pub short_shifted: usize,
}

/// The move of the whole roster, by whole intervals up to 14 h either
/// way, that leaves the fewest intervals short of the agents seen working
/// — when it is not 0 and leaves at most a quarter of those short as
/// read (of at least four). A time-zone mistake moves every row alike, so
/// the profiles are judged together; of equal fits the smallest move wins
/// (then the later), so the answer is deterministic. A roster merely short
/// all day, or ending before agents' overtime, is not helped by moving it.
pub fn roster_shift(
    rows: &[RosterEntry],
    working: &Headcounts,
    period: &Period,
) -> Option<RosterShift> {
    let reach = (MAX_ZONE_SHIFT_MS / period.interval_ms) as usize;
    if reach == 0 || rows.is_empty() {
        return None;
    }
    // The roster over the period widened by `reach` intervals each side,
    // so a moved roster is read where it lies, not cut at the period.
    let wide = Period {
        start_ms: period.start_ms - reach as i64 * period.interval_ms,
        interval_ms: period.interval_ms,
        intervals: period.intervals + 2 * reach,
    };
    let rostered = from_roster(rows, &wide);
    let short_at = |k: usize| -> usize {
        // Moved (k − reach) intervals later: interval i reads the roster
        // of i − (k − reach), index i + reach − (k − reach) in `wide`.
        let mut short = 0;
        for (profile, counts) in &rostered.peak {
            let (Some(seen), Some(covered)) = (working.get(profile), rostered.covered.get(profile))
            else {
                continue;
            };
            for (i, &w) in seen.iter().enumerate().filter(|(_, &w)| w > 0) {
                let j = i + 2 * reach - k;
                let r = if covered[j] { counts[j] } else { 0 };
                short += usize::from(w > r + SHIFT_CHANGE_AGENTS);
            }
        }
        short
    };
    let as_read = short_at(reach);
    if as_read < MIN_SHORT_FOR_SHIFT {
        return None;
    }
    let (k, shifted) = (0..=2 * reach)
        .map(|k| (k, short_at(k)))
        .min_by_key(|&(k, short)| (short, k.abs_diff(reach), k < reach))?;
    (k != reach && shifted * 4 <= as_read).then(|| RosterShift {
        shift_ms: (k as i64 - reach as i64) * period.interval_ms,
        short_as_read: as_read,
        short_shifted: shifted,
    })
}

/// The warning for a roster that fits the records far better moved.
pub fn roster_shift_warning(shift: &RosterShift) -> DataWarning {
    let minutes = shift.shift_ms.abs() / 60_000;
    let by = match (minutes / 60, minutes % 60) {
        (h, 0) => format!("{h} h"),
        (0, m) => format!("{m} min"),
        (h, m) => format!("{h} h {m} min"),
    };
    let way = if shift.shift_ms > 0 {
        "later"
    } else {
        "earlier"
    };
    let text = format!(
        "the roster fits the agents the records show working far better moved {by} {way}: as read, {} interval(s) have more agents working than it schedules; moved, {}. Its times are likely read in another time zone than they were written in (a roster written in local time read as UTC, or the reverse) — fix: give --time-zone the zone the roster's times were written in (times without an offset are read in it), or write them with their offset",
        shift.short_as_read, shift.short_shifted
    );
    DataWarning {
        kind: "roster_time_shifted",
        text,
        detail: json!({"shift_minutes": shift.shift_ms / 60_000,
            "intervals_short_as_read": shift.short_as_read,
            "intervals_short_moved": shift.short_shifted}),
    }
}

/// The warning for roster groups that name no routing profile of the
/// records, if any: their rows are not used, and the profiles they were
/// meant for take the agents seen working (a lower bound) instead.
pub fn roster_unmatched_warning<'a>(
    unmatched: &[String],
    profiles: impl Iterator<Item = &'a String>,
) -> Option<DataWarning> {
    if unmatched.is_empty() {
        return None;
    }
    fn quoted<'n>(names: impl Iterator<Item = &'n String>) -> String {
        names
            .map(|n| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join(", ")
    }
    let profiles: Vec<&String> = profiles.collect();
    let text = format!(
        "roster rows of {} name no routing profile of the records and are not used; a profile without rows takes the agents seen working (a lower bound). The records' routing profiles: {} — fix: write the roster's `routing_profile` (or `group`) as the records name the profile, exactly",
        quoted(unmatched.iter()),
        quoted(profiles.iter().copied())
    );
    Some(DataWarning {
        kind: "roster_profile_unmatched",
        text,
        detail: json!({"roster_groups": unmatched, "routing_profiles": profiles}),
    })
}

/// One roster row as calibration reads it.
#[derive(Debug, Clone, PartialEq)]
pub struct RosterEntry {
    /// When the row starts, Unix ms.
    pub start_ms: i64,
    /// When the roster says it ends, Unix ms; `None`: it holds until the
    /// profile's next row starts.
    pub end_ms: Option<i64>,
    /// The routing profile (or group) it schedules.
    pub profile: String,
    /// Agents scheduled (fractions allowed).
    pub agents: f64,
}

/// A roster's headcount per profile and interval, and which intervals any
/// of its rows covers.
#[derive(Debug, Default)]
pub struct Rostered {
    /// Agents per interval: the roster's mean over the interval, rounded.
    pub counts: Headcounts,
    /// Per interval, whether a row of the profile covers any of it.
    pub covered: BTreeMap<String, Vec<bool>>,
    /// Per interval, the most agents the roster has on at any moment of
    /// it, rounded up: what the agents seen working there are judged
    /// against (a center opening at 09:30 has half its 09:00–10:00 mean,
    /// but all its agents working).
    pub peak: Headcounts,
}

/// A roster as agents over time: each row holds from its start until its
/// end, or without one until the profile's next row starts (a roster
/// written as changes); rows of a profile that overlap add up (a row per
/// team, shift or agent). Each interval takes the mean over its length,
/// rounded — a 15-minute roster read at 30 minutes averages its two rows,
/// and a row that ends mid-interval counts for the part it covers.
pub fn from_roster(rows: &[RosterEntry], period: &Period) -> Rostered {
    let mut by_profile: BTreeMap<&str, Vec<&RosterEntry>> = BTreeMap::new();
    for r in rows {
        by_profile.entry(&r.profile).or_default().push(r);
    }
    let mut out = Rostered::default();
    for (profile, rows) in by_profile {
        let mut starts: Vec<i64> = rows.iter().map(|r| r.start_ms).collect();
        starts.sort_unstable();
        starts.dedup();
        // Each row as a span [from, to) — to is its end, else the next
        // start — and the span as two changes: agents on, agents off
        // (with a count of rows on, for coverage).
        let mut changes: Vec<(i64, f64, i64)> = Vec::with_capacity(2 * rows.len());
        for r in &rows {
            let next = starts.partition_point(|&t| t <= r.start_ms);
            changes.push((r.start_ms, r.agents, 1));
            if let Some(to) = r.end_ms.or_else(|| starts.get(next).copied()) {
                changes.push((to, -r.agents, -1));
            }
        }
        changes.sort_by_key(|c| c.0);
        // One sweep over the intervals and the changes together.
        let (mut k, mut level, mut on) = (0, 0.0, 0);
        let (mut counts, mut covered, mut peak) = (Vec::new(), Vec::new(), Vec::new());
        // The rounding's remainder, carried into the next interval so the
        // agent-hours are kept: a half-hour roster of 7,8 | 3,4 | 5,6 read
        // hourly rounded alone to 8, 4, 6 — 18 agent-hours for 16.5 (a
        // probe's find). Not across a closed interval.
        let mut carried = 0.0;
        for i in 0..period.intervals {
            let (a, b) = (period.interval_start(i), period.interval_start(i + 1));
            while k < changes.len() && changes[k].0 <= a {
                (level, on) = (level + changes[k].1, on + changes[k].2);
                k += 1;
            }
            let (mut t, mut agent_ms, mut any, mut most) = (a, 0.0, false, 0.0f64);
            while k < changes.len() && changes[k].0 < b {
                let at = changes[k].0;
                agent_ms += level * (at - t) as f64;
                if at > t {
                    any |= on > 0;
                    most = most.max(level);
                }
                t = at;
                (level, on) = (level + changes[k].1, on + changes[k].2);
                k += 1;
            }
            agent_ms += level * (b - t) as f64;
            if b > t {
                any |= on > 0;
                most = most.max(level);
            }
            let mean = agent_ms / (b - a) as f64;
            if mean <= 0.0 {
                carried = 0.0;
                counts.push(0);
            } else {
                let want = mean + carried;
                let n = want.round().max(0.0);
                carried = want - n;
                counts.push(n as u32);
            }
            covered.push(any);
            // (A sum of fractions can be off in the last bit.)
            peak.push((most - 1e-9).ceil().max(0.0) as u32);
        }
        out.counts.insert(profile.to_string(), counts);
        out.covered.insert(profile.to_string(), covered);
        out.peak.insert(profile.to_string(), peak);
    }
    out
}

/// The lower bound from agent activity, gathered one contact at a time
/// over the intervals of a span that covers the period: per routing
/// profile and agent, the runs of intervals the agent was seen working in
/// (an agent's contacts overlap or follow each other, so a shift is one
/// run or a few — memory grows with shifts, not with contacts), and the
/// intervals its contacts began in. A run counts from its first interval
/// to the last one a contact of it began in: what follows is the last
/// contact's end, which a leaving agent works past its shift.
#[derive(Debug)]
pub struct ActivityCounter {
    span: Period,
    /// Per profile, per agent (numbered).
    seen: Keyed<Keyed<AgentRuns>>,
}

/// First interval → last interval of each run, the runs apart (not
/// overlapping, not touching).
type Runs = BTreeMap<usize, usize>;

/// One agent's work and where its contacts began.
#[derive(Debug, Default)]
struct AgentRuns {
    /// From each contact's connection to the end of its work.
    work: Runs,
    /// The intervals contacts were connected in (each inside a `work` run).
    starts: Runs,
}

impl AgentRuns {
    /// The intervals the agent counts in: each work run up to the last
    /// interval a contact of it began in.
    fn counted(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        self.work.iter().map(|(&first, &last)| {
            let began = self
                .starts
                .range(..=last)
                .next_back()
                .map_or(first, |(_, &b)| b.clamp(first, last));
            (first, began)
        })
    }
}

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
            let agent = agents.slot(user);
            add_run(&mut agent.work, first, last);
            add_run(&mut agent.starts, first, first);
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
                    for (first, last) in runs.counted() {
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
        let row = |start: i64, who: &str, agents: f64| RosterEntry {
            start_ms: start,
            end_ms: None,
            profile: who.to_string(),
            agents,
        };
        let rows = [
            row(0, "Sales", 2.0),
            row(1_800_000, "Sales", 1.0),
            row(0, "Support", 3.0),
            row(0, "Sales", 2.0),
            row(1_800_000, "Sales", 3.0),
            row(1_800_000, "Sales", 1.0),
        ];
        let h = from_roster(&rows, &period).counts;
        assert_eq!(h["Sales"], vec![4, 5, 5]);
        assert_eq!(h["Support"], vec![3, 3, 3]);
    }

    /// A fuzz campaign's finds: a roster row off the scenario's interval
    /// grid (08:15 at 30 minutes) was never read — each interval took the
    /// row at its start — and `interval_end` was read but not used, so a
    /// row kept its agents on until the next. Each interval now takes the
    /// roster's mean over its length, and a row ends where it says.
    #[test]
    fn an_interval_takes_the_roster_s_mean_over_it_and_rows_end_where_they_say() {
        let half_hour = 1_800_000;
        let period = Period {
            start_ms: 0,
            interval_ms: half_hour,
            intervals: 4,
        };
        let row = |start: i64, end: Option<i64>, agents: f64| RosterEntry {
            start_ms: start,
            end_ms: end,
            profile: "Sales".to_string(),
            agents,
        };
        // 15-minute rows: 4 then 8 in the first half hour, 10 and 10 in the
        // second; then 6 until 01:30, when a row of 2 says it ends at 01:45.
        let quarter = half_hour / 2;
        let rows = [
            row(0, None, 4.0),
            row(quarter, None, 8.0),
            row(2 * quarter, None, 10.0),
            row(3 * quarter, None, 10.0),
            row(4 * quarter, Some(6 * quarter), 6.0),
            row(6 * quarter, Some(7 * quarter), 2.0),
        ];
        let r = from_roster(&rows, &period);
        // (4 + 8) / 2, 10, 6, and 2 for half of the last: 1.
        assert_eq!(r.counts["Sales"], vec![6, 10, 6, 1]);
        assert_eq!(r.covered["Sales"], vec![true; 4]);
        // The most on at once: what agents seen working are judged against.
        assert_eq!(r.peak["Sales"], vec![8, 10, 6, 2]);
        // A row that ends at 01:00 leaves the last hour uncovered, at 0.
        let ends = [row(0, Some(2 * half_hour), 5.0)];
        let r = from_roster(&ends, &period);
        assert_eq!(r.counts["Sales"], vec![5, 5, 0, 0]);
        assert_eq!(r.covered["Sales"], vec![true, true, false, false]);
    }

    /// Means rounded with the remainder carried keep the agent-hours: a
    /// half-hour roster of 7,8 | 3,4 | 5,6 read hourly is 8, 3, 6 (16.5
    /// agent-hours, written 17), where rounding each alone gave 8, 4, 6
    /// (18: a probe's find). A closed interval takes no carry.
    #[test]
    fn rounded_means_carry_their_remainder_but_not_across_a_closed_interval() {
        let (half_hour, hour) = (1_800_000, 3_600_000);
        let period = Period {
            start_ms: 0,
            interval_ms: hour,
            intervals: 5,
        };
        let row = |k: i64, agents: f64| RosterEntry {
            start_ms: k * half_hour,
            end_ms: Some((k + 1) * half_hour),
            profile: "Sales".to_string(),
            agents,
        };
        let rows = [
            row(0, 7.0),
            row(1, 8.0),
            row(2, 3.0),
            row(3, 4.0),
            row(4, 5.0),
            row(5, 6.0),
            // Closed 03:00–04:00, then 3.5 again.
            row(8, 3.0),
            row(9, 4.0),
        ];
        let r = from_roster(&rows, &period);
        assert_eq!(r.counts["Sales"], vec![8, 3, 6, 0, 4]);
    }

    /// A probe's find: two agents going off shift at 10:00 finished their
    /// calls until 10:04, and the "lower bound" counted them at 10:00 —
    /// above the roster, with a false roster warning. An agent counts up
    /// to the interval its last contact began in; one working between two
    /// contacts counts in between.
    #[test]
    fn an_agent_finishing_its_last_call_after_its_shift_is_not_counted_after_it() {
        use crate::calibrate::test_contacts::{agent, contact};
        let half_hour = 1_800_000;
        let period = Period {
            start_ms: 0,
            interval_ms: half_hour,
            intervals: 4,
        };
        let minute = 60_000;
        let call = |id: &str, who: &str, at: i64, to: i64| ObservedContact {
            disconnected_ms: to,
            agent: Some(agent(who, "P", at, ((to - at) / 1000) as f64)),
            ..contact(id, "INBOUND", "VOICE")
        };
        let mut counter = ActivityCounter::new(period);
        // `leaving`: one call 00:25–00:34, nothing after.
        counter.add(&call("a", "leaving", 25 * minute, 34 * minute));
        // `staying`: 00:25–00:40, then 01:10–01:15 (in any order).
        counter.add(&call("c", "staying", 70 * minute, 75 * minute));
        counter.add(&call("b", "staying", 25 * minute, 40 * minute));
        // `long`: one call 00:05–01:05 and another at 01:20.
        counter.add(&call("d", "long", 5 * minute, 65 * minute));
        counter.add(&call("e", "long", 80 * minute, 85 * minute));
        let counts = counter.finish(&period);
        // Interval 1 (00:30–01:00): `staying` (between its calls, as the
        // first ran on) and `long` (mid-call between two), not `leaving`.
        assert_eq!(counts["P"], vec![3, 2, 2, 0]);
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
