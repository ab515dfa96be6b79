//! A roster's rows that look like typing or copying mistakes: a row that
//! lies wholly outside the period the data covers, far from every other
//! row (a mistyped year moves a 09:00 row to 1970, and the 08:30 row then
//! holds on through 09:00), and rows repeated exactly in a roster that
//! otherwise has one row per profile and start (a pasted line doubles an
//! interval's agents). Both are read as written — a roster may cover a
//! longer period than the records, and rows of a team or agent each may
//! repeat — so they are warnings, not errors.

use std::collections::BTreeMap;

use serde_json::json;

use crate::timefmt::format_iso8601_utc_seconds;

use super::headcount::RosterEntry;
use super::period::Period;
use super::warnings::DataWarning;

/// The warnings `rows` earn over `period`, in a fixed order.
pub fn roster_warnings(rows: &[RosterEntry], period: &Period) -> Vec<DataWarning> {
    outside_warning(rows, period)
        .into_iter()
        .chain(repeated_warning(rows))
        .collect()
}

/// A row whose nearest other row starts farther away than this stands
/// alone: a roster's rows follow each other by an interval, and a night
/// between two days' rows is shorter.
const ALONE_MS: i64 = 12 * 3_600_000;

/// The rows that schedule agents but stand alone, and that no interval of
/// `period` reads: each holds from its start until its end, or without
/// one until its profile's next start (as
/// [`super::headcount::from_roster`] reads it). Rows next to others are
/// a roster longer than the data (agents logging in before the first
/// call, a week's roster for a day's records), and a row of no agents is
/// a profile closing.
fn outside<'a>(rows: &'a [RosterEntry], period: &Period) -> Vec<&'a RosterEntry> {
    let mut starts: BTreeMap<&str, Vec<i64>> = BTreeMap::new();
    for r in rows {
        starts.entry(&r.profile).or_default().push(r.start_ms);
    }
    for s in starts.values_mut() {
        s.sort_unstable();
        s.dedup();
    }
    let mut all: Vec<i64> = rows.iter().map(|r| r.start_ms).collect();
    all.sort_unstable();
    let alone = |t: i64| {
        let i = all.partition_point(|&s| s < t);
        // Other rows at the same start are not far.
        let same = all[i..].iter().take_while(|&&s| s == t).count();
        let before = i.checked_sub(1).map(|j| t - all[j]);
        let after = all.get(i + same).map(|&s| s - t);
        same < 2 && before.is_none_or(|d| d > ALONE_MS) && after.is_none_or(|d| d > ALONE_MS)
    };
    let (from, to) = (period.start_ms, period.end_ms());
    let mut out: Vec<&RosterEntry> = rows
        .iter()
        .filter(|r| {
            let next = starts.get(r.profile.as_str()).and_then(|s| {
                let i = s.partition_point(|&t| t <= r.start_ms);
                s.get(i).copied()
            });
            let end = r.end_ms.or(next);
            r.agents > 0.0
                && (r.start_ms >= to || end.is_some_and(|e| e <= from))
                && alone(r.start_ms)
        })
        .collect();
    out.sort_by_key(|r| (r.start_ms, r.profile.as_str()));
    out
}

fn outside_warning(rows: &[RosterEntry], period: &Period) -> Option<DataWarning> {
    let out = outside(rows, period);
    let first = out.first()?;
    let text = format!(
        "{} of the roster's {} rows lie{} outside the period the data covers ({}), more than 12 h from any other row, and {} not used; the earliest starts {} ({}). A row far from the rest is most often a mistyped date, and its profile's row before it then holds on in its place — fix: check the row's date (times without an offset are read in --time-zone)",
        out.len(),
        rows.len(),
        if out.len() == 1 { "s" } else { "" },
        period.describe(),
        if out.len() == 1 { "is" } else { "are" },
        format_iso8601_utc_seconds(first.start_ms),
        first.profile
    );
    let detail = json!({
        "rows": out.len(),
        "of": rows.len(),
        "first": {"interval_start": format_iso8601_utc_seconds(first.start_ms), "routing_profile": first.profile},
        "last": out.last().map(|r| json!({"interval_start": format_iso8601_utc_seconds(r.start_ms), "routing_profile": r.profile})),
    });
    Some(DataWarning {
        kind: "roster_rows_outside_period",
        text,
        detail,
    })
}

/// Rows equal in start, end, profile and agents to an earlier row — when
/// most of the roster's profile-and-start pairs have a single row, so the
/// roster is one row per interval and a repeat is likelier a pasted line
/// than a second team.
fn repeated(rows: &[RosterEntry]) -> Vec<&RosterEntry> {
    let mut per_key: BTreeMap<(&str, i64), Vec<&RosterEntry>> = BTreeMap::new();
    for r in rows {
        per_key.entry((&r.profile, r.start_ms)).or_default().push(r);
    }
    let single = per_key.values().filter(|v| v.len() == 1).count();
    if single * 2 <= per_key.len() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for same_start in per_key.values() {
        for (i, r) in same_start.iter().enumerate() {
            if same_start[..i].iter().any(|e| same_row(e, r)) {
                out.push(*r);
            }
        }
    }
    out
}

fn same_row(a: &RosterEntry, b: &RosterEntry) -> bool {
    a.start_ms == b.start_ms
        && a.end_ms == b.end_ms
        && a.profile == b.profile
        && a.agents == b.agents
}

fn repeated_warning(rows: &[RosterEntry]) -> Option<DataWarning> {
    let out = repeated(rows);
    let first = out.first()?;
    let text = format!(
        "{} roster row{} repeat{} an earlier row exactly (the first: {} at {}, {} agents), in a roster that otherwise has one row per profile and interval; rows of a profile with the same start add up, so each repeat doubles its interval's agents — fix: delete the pasted copies, or if they are separate teams, keep them (this warning then does not apply)",
        out.len(),
        if out.len() == 1 { "" } else { "s" },
        if out.len() == 1 { "s" } else { "" },
        first.profile,
        format_iso8601_utc_seconds(first.start_ms),
        first.agents
    );
    let detail = json!(out
        .iter()
        .map(|r| json!({"interval_start": format_iso8601_utc_seconds(r.start_ms), "routing_profile": r.profile, "agents": r.agents}))
        .collect::<Vec<_>>());
    Some(DataWarning {
        kind: "roster_rows_repeated",
        text,
        detail,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const HALF_HOUR: i64 = 1_800_000;
    const NINE: i64 = 1_709_542_800_000; // 2024-03-04T09:00:00Z

    fn row(start_ms: i64, profile: &str, agents: f64) -> RosterEntry {
        RosterEntry {
            start_ms,
            end_ms: None,
            profile: profile.into(),
            agents,
        }
    }

    fn period() -> Period {
        Period {
            start_ms: NINE,
            interval_ms: HALF_HOUR,
            intervals: 4,
        }
    }

    #[test]
    fn a_row_alone_outside_the_period_is_named_but_rows_next_to_others_are_not() {
        const DAY: i64 = 86_400_000;
        let rows = vec![
            // Holds from 08:30 until 09:00's row: wholly before, but
            // agents logging in before the first call.
            row(NINE - HALF_HOUR, "Sales", 2.0),
            row(NINE, "Sales", 4.0),
            row(NINE + HALF_HOUR, "Sales", 5.0),
            // The last before the period of its profile holds into it.
            row(NINE - 3 * HALF_HOUR, "Support", 3.0),
            // A mistyped year.
            row(0, "Sales", 6.0),
            // Closing at the period's end, then the next day's rows.
            row(NINE + 4 * HALF_HOUR, "Support", 0.0),
            row(NINE + DAY, "Support", 3.0),
            row(NINE + DAY + HALF_HOUR, "Support", 3.0),
            // A mistyped day.
            row(NINE + 3 * DAY, "Sales", 4.0),
        ];
        let out: Vec<(i64, &str)> = outside(&rows, &period())
            .iter()
            .map(|r| (r.start_ms, r.profile.as_str()))
            .collect();
        assert_eq!(out, vec![(0, "Sales"), (NINE + 3 * DAY, "Sales")]);
        let w = roster_warnings(&rows, &period());
        assert_eq!(w.len(), 1);
        assert!(
            w[0].text.contains("2 of the roster's 9 rows lie"),
            "{}",
            w[0].text
        );
        assert!(w[0].text.contains("1970-01-01T00:00:00Z"), "{}", w[0].text);
        // Twice at one start is not alone.
        let twice = vec![
            row(0, "Sales", 1.0),
            row(0, "Sales", 1.0),
            row(NINE, "Sales", 1.0),
        ];
        assert!(outside(&twice, &period()).is_empty());
    }

    #[test]
    fn a_pasted_row_is_named_but_team_rows_are_not() {
        let mut rows: Vec<RosterEntry> = (0..4)
            .map(|k| row(NINE + k * HALF_HOUR, "Sales", 4.0))
            .collect();
        assert!(roster_warnings(&rows, &period()).is_empty());
        rows.push(row(NINE + HALF_HOUR, "Sales", 4.0));
        let w = roster_warnings(&rows, &period());
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].kind, "roster_rows_repeated");
        assert!(
            w[0].text.starts_with("1 roster row repeats"),
            "{}",
            w[0].text
        );
        // A row per agent: every start has several equal rows.
        let per_agent: Vec<RosterEntry> = (0..4)
            .flat_map(|k| (0..3).map(move |_| row(NINE + k * HALF_HOUR, "Sales", 1.0)))
            .collect();
        assert!(roster_warnings(&per_agent, &period()).is_empty());
        // Two rows at a start with different agents are two teams.
        let mut teams = rows[..4].to_vec();
        teams.push(row(NINE, "Sales", 2.0));
        assert!(roster_warnings(&teams, &period()).is_empty());
    }
}
