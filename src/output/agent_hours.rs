//! `agent_hours.csv`: per interval and agent group, the mean agent-hours
//! per replication scheduled, present (not absent), on breaks, in aux, in
//! planned activities, available (on the phones while due there) and
//! finishing contacts past where the agent was due (overrun), with the
//! realised shrinkage; then one row per group for the whole measured
//! window (`interval = all`).
//!
//! Realised shrinkage is `1 − available ÷ scheduled`: the share of
//! scheduled time not spent on the phones, whatever took it (absence,
//! breaks, aux, planned activities). A headcount-staffed group is
//! scheduled exactly its headcount, so its shrinkage is 0.

use std::path::PathBuf;

use crate::center::spec::CenterSpec;
use crate::center::AgentHours;
use crate::stats::agent_hours::HoursColumn;
use crate::stats::Summary;

use crate::timefmt::format_iso8601_utc;

use super::OutputError;

/// The header of `agent_hours.csv`.
pub const COLUMNS: [&str; 10] = [
    "interval",
    "group",
    "scheduled_hours",
    "present_hours",
    "on_break_hours",
    "aux_hours",
    "planned_hours",
    "available_hours",
    "overrun_hours",
    "shrinkage",
];

/// Hours to four decimals (a third of a second of one agent), so the file
/// stays readable and its bytes stable.
fn hours(x: f64) -> String {
    format!("{}", (x * 1e4).round() / 1e4)
}

/// One row's fields after `interval` and `group`.
fn fields(h: &[f64; 7]) -> Vec<String> {
    let col = |c: HoursColumn| h[c.index()];
    let scheduled = col(HoursColumn::Scheduled);
    let available = col(HoursColumn::Spent(AgentHours::OnPhones));
    let shrinkage = if scheduled > 0.0 {
        format!("{}", ((1.0 - available / scheduled) * 1e6).round() / 1e6)
    } else {
        String::new()
    };
    vec![
        hours(scheduled),
        hours(col(HoursColumn::Present)),
        hours(col(HoursColumn::Spent(AgentHours::Break))),
        hours(col(HoursColumn::Spent(AgentHours::Aux))),
        hours(col(HoursColumn::Spent(AgentHours::Planned))),
        hours(available),
        hours(col(HoursColumn::Spent(AgentHours::Overrun))),
        shrinkage,
    ]
}

/// `agent_hours.csv` of a run.
pub fn agent_hours_csv(spec: &CenterSpec, summary: &Summary) -> Result<String, OutputError> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let err = |e: csv::Error| OutputError::Io {
        path: PathBuf::from("agent_hours.csv"),
        source: std::io::Error::other(e.to_string()),
    };
    w.write_record(COLUMNS).map_err(err)?;
    let sum = &summary.agent_hours;
    for i in 0..spec.interval_count() {
        // As `summary.csv` writes interval starts.
        let start =
            format_iso8601_utc(spec.start_unix_ms + (i as u64 * spec.interval.as_millis()) as i64);
        for (g, group) in spec.groups.iter().enumerate() {
            let mut row = vec![start.clone(), group.name.clone()];
            row.extend(fields(&sum.mean_hours(g, Some(i))));
            w.write_record(&row).map_err(err)?;
        }
    }
    for (g, group) in spec.groups.iter().enumerate() {
        let mut row = vec!["all".to_string(), group.name.clone()];
        row.extend(fields(&sum.mean_hours(g, None)));
        w.write_record(&row).map_err(err)?;
    }
    let bytes = w.into_inner().map_err(|e| err(e.into_error().into()))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}
