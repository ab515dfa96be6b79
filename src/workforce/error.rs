//! What can stop `ccsim schedule`: each a problem with the scenario or its
//! targets (exit code 2), saying what to change.

use crate::staffing::search::StaffingError;

/// A schedule could not be built.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ScheduleError {
    /// The scenario has no shift templates.
    #[error("the scenario has no [[shift_templates]] to build a schedule from\n    fix: add at least one, e.g. [[shift_templates]] name = \"day\", start = \"08:00\", length = \"8h\"")]
    NoTemplates,
    /// Agents are needed where no template can put anyone.
    #[error("group {group}: no shift template covers the intervals starting {}, which need agents\n    fix: add a template or a start time that works those hours (or open the center later, or close it earlier)", intervals.join(", "))]
    Uncoverable {
        /// The group.
        group: String,
        /// The intervals' starts (ISO 8601).
        intervals: Vec<String>,
    },
    /// The integer program has no answer.
    #[error("group {group}: the schedule's integer program has no answer: {message}")]
    Solver {
        /// The group.
        group: String,
        /// The solver's word.
        message: String,
    },
    /// Shrinkage leaves nobody.
    #[error("group {group}: shrinkage totals {total}, which leaves (nearly) no agent on the phones: a schedule for it would need {} agents for each one present\n    fix: keep total shrinkage — 1 − (1 − absenteeism)(1 − aux share)(1 − planned) — at most 0.9 (centers plan with 0.2–0.4)", scale(*total))]
    Shrinkage {
        /// The group.
        group: String,
        /// Its total shrinkage.
        total: f64,
    },
    /// The requirement search failed.
    #[error(transparent)]
    Staffing(#[from] StaffingError),
}

/// Scheduled agents per agent present at total shrinkage `total`, as the
/// error shows it (unboundedly many when nobody is left).
fn scale(total: f64) -> String {
    if total < 1.0 {
        format!("{:.0}", 1.0 / (1.0 - total))
    } else {
        "unboundedly many".into()
    }
}
