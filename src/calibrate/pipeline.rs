//! `ccsim calibrate` on contact records, from the files to the three
//! outputs: read (and deduplicate) the records, count what each contact
//! shows as it streams by, estimate, render. The command line and the
//! benchmark both call [`from_records`].
//!
//! Memory does not hold the contacts: the first reading of the files keeps
//! a 32-byte key per record to deduplicate, the second hands the kept
//! contacts one at a time to the counters, which keep counts, binned
//! samples, and a few dozen bytes per contact that names a next contact
//! (for the joins).

use std::path::PathBuf;

use serde_json::{json, Value};

use crate::ingest::{self, IngestError, ReadSummary, Zone};
use crate::scenario::limits::MAX_INTERVALS;

use super::accumulate::{Accumulator, OutsideSpan};
use super::json;
use super::model;
use super::period::Period;
use super::profiles::ProfileCounter;
use super::report::{self, InputSummary};
use super::scenario_toml::{self, ScenarioSettings};
use super::streams::entry_of;

/// What a calibration needs besides the records.
pub struct Options<'a> {
    /// The center's time zone (profiles).
    pub zone: &'a Zone,
    /// Interval length, ms.
    pub interval_ms: i64,
    /// Service-level thresholds, seconds.
    pub thresholds_s: Vec<f64>,
    /// Roster rows (interval start, routing profile, agents); empty for none.
    pub roster: Vec<(i64, String, f64)>,
    /// The scenario's settings that are not estimates.
    pub settings: &'a ScenarioSettings,
}

/// The three outputs.
pub struct Outputs {
    /// `scenario.toml`.
    pub scenario: String,
    /// `calibration.json`.
    pub json: Value,
    /// `calibration.md`.
    pub report: String,
}

/// Why records could not be calibrated.
#[derive(Debug, thiserror::Error)]
pub enum CalibrateError {
    /// A file could not be read or is not what it should be.
    #[error(transparent)]
    Ingest(#[from] IngestError),
    /// No finished contact in the inputs.
    #[error("no finished contact record in {0} — nothing to calibrate from (records without DisconnectTimestamp are in progress and skipped)")]
    Empty(String),
    /// A contact came outside the span the first reading found: a bug.
    #[error("{0} (please report this)")]
    OutsideSpan(#[from] OutsideSpan),
}

/// Calibrates from the contact records in `records` (files or folders).
pub fn from_records(records: &[PathBuf], o: &Options) -> Result<Outputs, CalibrateError> {
    let index = ingest::index_contact_records(records)?;
    let (first, last) = index.initiation_span.unwrap_or((0, 0));
    let (interval_ms, interval_note) = scenario_interval(first, last, o.interval_ms);
    let mut counters = Accumulator::new(Period::spanning(first, last, interval_ms));
    let mut profiles = ProfileCounter::new(o.zone, o.interval_ms);
    index.for_each_contact(|c| {
        counters.add(&c);
        if entry_of(&c).is_some() {
            profiles.add(c.initiated_ms);
        }
    })?;
    let counted = counters
        .finish()?
        .ok_or_else(|| CalibrateError::Empty(list(records)))?;
    let roster = (!o.roster.is_empty()).then_some(o.roster.as_slice());
    let mut cal = model::estimate_all(counted, o.thresholds_s.clone(), roster, profiles.finish());
    cal.interval_note = interval_note;
    let summary = input_summary(&index.summary);
    let input = json!({
        "files": summary.files, "records_read": summary.records, "contacts_kept": summary.kept,
        "skipped": summary.skipped.iter().map(|(r, n)| json!({"reason": r, "count": n})).collect::<Vec<_>>(),
        "files_left_out": index.summary.files_left_out.iter().map(|p| p.display().to_string()).collect::<Vec<_>>(),
    });
    Ok(Outputs {
        scenario: scenario_toml::render(&cal, o.settings),
        json: json::document(&cal, input),
        report: report::render(&cal, &summary),
    })
}

/// The scenario's interval: the one asked for, unless the period holds
/// more of them than a scenario may ([`MAX_INTERVALS`]); then the shortest
/// multiple of it that still divides the day and fits, with a note saying
/// so (a long period of records — a year at 30 minutes is 17 520
/// intervals — still makes a scenario that loads).
pub fn scenario_interval(first_ms: i64, last_ms: i64, asked_ms: i64) -> (i64, Option<String>) {
    let fits = |ms: i64| Period::spanning(first_ms, last_ms, ms).intervals <= MAX_INTERVALS;
    if asked_ms <= 0 || fits(asked_ms) {
        return (asked_ms, None);
    }
    const DAY_MS: i64 = 86_400_000;
    let asked = Period::spanning(first_ms, last_ms, asked_ms).intervals;
    let wider = (2..)
        .map(|k| k * asked_ms)
        .find(|&ms| ms >= DAY_MS || (DAY_MS % ms == 0 && fits(ms)))
        .unwrap_or(DAY_MS);
    let note = format!(
        "Interval widened from {} to {} minutes: the records' period holds {asked} intervals \
         of {} minutes, more than the {MAX_INTERVALS} a scenario may have. Pass a shorter \
         period of records for a finer one.",
        asked_ms / 60_000,
        wider / 60_000,
        asked_ms / 60_000
    );
    (wider, Some(note))
}

fn input_summary(s: &ReadSummary) -> InputSummary {
    InputSummary {
        files: s.files_read,
        records: s.records_read,
        kept: s.contacts,
        skipped: s.skipped.iter().map(|(r, n)| (r.to_string(), n)).collect(),
    }
}

fn list(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}
