//! A roster: how many agents were scheduled per interval, per routing
//! profile or agent group — the headcount calibration cannot see in
//! contact records.
//!
//! Columns (case, spaces and punctuation do not matter):
//!
//! | column | required | names |
//! |---|---|---|
//! | interval start | yes | `interval_start`, `StartInterval` |
//! | who | yes, one or both | `routing_profile` (`Routing profile`), `group` (`agent_group`) |
//! | agents scheduled | yes | `agents`, `agents_scheduled`, `scheduled` |
//! | interval end | no | `interval_end`, `EndInterval` |
//!
//! `interval_start` is ISO 8601; without an offset it is local wall-clock
//! time in `--time-zone`. A row holds until its `interval_end` (after its
//! start; an empty cell: none), or without one until the next row of its
//! profile starts. `agents` is a number ≥ 0; fractions are allowed
//! (an agent scheduled for half the interval counts 0.5). Every row names a
//! routing profile or a group. Rows of a profile (or group) with the same
//! start add up: a roster may have a row per team, shift or agent.

use std::path::Path;

use super::csv_columns::{self, normalize, Column, Row, Table};
use super::error::{IngestError, Location};
use super::zone::Zone;

/// Scheduled agents for one interval.
#[derive(Debug, Clone, PartialEq)]
pub struct RosterRow {
    /// Interval start, Unix ms.
    pub start_ms: i64,
    /// Interval end, Unix ms, when the roster says.
    pub end_ms: Option<i64>,
    /// The routing profile, when the roster has that column.
    pub routing_profile: Option<String>,
    /// The agent group, when the roster has that column.
    pub group: Option<String>,
    /// Agents scheduled (≥ 0).
    pub agents: f64,
    /// The row's line in the file.
    pub line: u64,
}

/// The interval-start column.
pub const START: Column = Column {
    role: "interval start",
    names: &["interval_start", "StartInterval"],
};
/// The interval-end column.
pub const END: Column = Column {
    role: "interval end",
    names: &["interval_end", "EndInterval"],
};
/// The routing-profile column.
pub const PROFILE: Column = Column {
    role: "routing profile",
    names: &["routing_profile"],
};
/// The agent-group column.
pub const GROUP: Column = Column {
    role: "group",
    names: &["group", "agent_group"],
};
/// The agents-scheduled column.
pub const AGENTS: Column = Column {
    role: "agents scheduled",
    names: &["agents", "agents_scheduled", "scheduled"],
};

/// Reads a roster CSV; local interval starts are in `zone`. Rows come in
/// file order.
pub fn read_roster(path: &Path, zone: &Zone) -> Result<Vec<RosterRow>, IngestError> {
    let mut table = Table::open(path, &[START, AGENTS])?;
    let (profile, group) = (table.find_once(&PROFILE)?, table.find_once(&GROUP)?);
    if profile.is_none() && group.is_none() {
        return Err(IngestError::MissingColumn {
            path: path.to_path_buf(),
            line: table.header_line,
            header: table.header.join(","),
            missing: "routing profile or group".into(),
            accepted: format!("{} or {}", PROFILE.accepted(), GROUP.accepted()),
        });
    }
    let cols = [
        table.find_once(&START)?.unwrap_or(0), // Table::open checked it
        table.find_once(&AGENTS)?.unwrap_or(0),
    ];
    let end = table.find_once(&END)?;
    let mut out = Vec::new();
    let mut starts = csv_columns::SeriesStarts::new(true);
    while let Some(row) = table.next_row()? {
        let at = (zone, &mut starts);
        out.push(read_row(&table, &row, cols, end, [profile, group], at)?);
    }
    if out.is_empty() {
        // Else the headcount would fall back to the records' lower bound,
        // telling the user to give the roster they gave.
        return Err(IngestError::Field {
            at: Box::new(Location::line(path, table.header_line)),
            field: table.header.get(cols[1]).cloned().unwrap_or_default(),
            problem: "the roster has a header but no rows".into(),
            hint: "add a row per interval and routing profile (start, profile, agents scheduled), or leave the roster out",
        });
    }
    Ok(out)
}

fn read_row(
    t: &Table,
    row: &Row,
    [start, agents]: [usize; 2],
    end: Option<usize>,
    [profile, group]: [Option<usize>; 2],
    (zone, starts): (&Zone, &mut csv_columns::SeriesStarts),
) -> Result<RosterRow, IngestError> {
    let time_hint = "write ISO 8601, e.g. 2024-03-04T09:00 (local, in --time-zone)";
    let name = |i: Option<usize>| -> Result<Option<String>, IngestError> {
        Ok(match i {
            Some(i) => t.name_cell(row, i)?.map(str::to_string),
            None => None,
        })
    };
    let (routing_profile, group_name) = (name(profile)?, name(group)?);
    if routing_profile.is_none() && group_name.is_none() {
        let i = profile.or(group).unwrap_or(0);
        return Err(t.bad_cell(
            row,
            i,
            "empty".into(),
            "name the routing profile or group of every row",
        ));
    }
    // A profile's (or group's) rows are one series of intervals.
    let series = routing_profile
        .as_deref()
        .or(group_name.as_deref())
        .unwrap_or("");
    let start_ms = starts
        .place(series, t.cell(row, start), zone)
        .map_err(|p| t.bad_cell(row, start, p, time_hint))?;
    let end_ms = end
        .filter(|&i| !t.cell(row, i).is_empty())
        .map(|i| {
            let end = csv_columns::boundary(t.cell(row, i), zone, start_ms)
                .map_err(|p| t.bad_cell(row, i, p, time_hint))?;
            if end <= start_ms {
                let problem = format!(
                    "`{}` is not after the interval start `{}`",
                    t.cell(row, i),
                    t.cell(row, start)
                );
                return Err(t.bad_cell(row, i, problem, "a row ends after it starts"));
            }
            Ok(end)
        })
        .transpose()?;
    Ok(RosterRow {
        start_ms,
        end_ms,
        routing_profile,
        group: group_name,
        agents: agents_cell(t, row, agents)?,
        line: row.line,
    })
}

fn agents_cell(t: &Table, row: &Row, i: usize) -> Result<f64, IngestError> {
    let cell = t.cell(row, i);
    let hint = "write the number of agents scheduled, 0 or more (e.g. 12 or 11.5)";
    match cell.parse::<f64>() {
        // (A scenario's groups hold at most a million agents.)
        Ok(v) if v.is_finite() && v > 1_000_000.0 => Err(t.bad_cell(
            row,
            i,
            format!("`{cell}` agents is more than a million"),
            hint,
        )),
        Ok(v) if v.is_finite() && v >= 0.0 => Ok(v),
        Ok(v) if v < 0.0 => Err(t.bad_cell(row, i, format!("`{cell}` is negative"), hint)),
        _ => Err(t.bad_cell(row, i, format!("`{cell}` is not a number"), hint)),
    }
}

/// Whether a header (normalized cells) is a roster's.
pub fn is_roster_header(normalized: &[String]) -> bool {
    let has = |c: &Column| c.names.iter().any(|n| normalized.contains(&normalize(n)));
    has(&START) && has(&AGENTS) && (has(&PROFILE) || has(&GROUP))
}
