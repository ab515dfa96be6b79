//! `ccsim calibrate` on contact records, from the files to the three
//! outputs: read (and deduplicate) the records, estimate, render. The
//! command line and the benchmark both call [`from_records`].

use std::path::PathBuf;

use serde_json::{json, Value};

use crate::ingest::{self, IngestError, ObservedContact, Zone};

use super::json;
use super::model::{self, Inputs};
use super::profiles::{self, Local, Profiles};
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
}

/// Calibrates from the contact records in `records` (files or folders).
pub fn from_records(records: &[PathBuf], o: &Options) -> Result<Outputs, CalibrateError> {
    let set = ingest::read_contact_records(records)?;
    let summary = input_summary(&set);
    let profiles = local_profiles(&set.contacts, o.zone, o.interval_ms);
    let cal = model::build(Inputs {
        contacts: &set.contacts,
        interval_ms: o.interval_ms,
        thresholds_s: o.thresholds_s.clone(),
        roster: (!o.roster.is_empty()).then(|| o.roster.clone()),
        profiles,
    })
    .ok_or_else(|| CalibrateError::Empty(list(records)))?;
    let input = json!({
        "files": summary.files, "records_read": summary.records, "contacts_kept": summary.kept,
        "skipped": summary.skipped.iter().map(|(r, n)| json!({"reason": r, "count": n})).collect::<Vec<_>>(),
        "files_left_out": set.files_left_out.iter().map(|p| p.display().to_string()).collect::<Vec<_>>(),
    });
    Ok(Outputs {
        scenario: scenario_toml::render(&cal, o.settings),
        json: json::document(&cal, input),
        report: report::render(&cal, &summary),
    })
}

fn input_summary(set: &ingest::ContactSet) -> InputSummary {
    InputSummary {
        files: set.files_read,
        records: set.records_read,
        kept: set.contacts.len() as u64,
        skipped: set
            .skipped
            .iter()
            .map(|(r, n)| (r.to_string(), n))
            .collect(),
    }
}

/// Weekday and intraday profiles of the entry contacts in the center's
/// time zone.
fn local_profiles(contacts: &[ObservedContact], zone: &Zone, interval_ms: i64) -> Profiles {
    let local = |t: i64| {
        let l = zone.local(t);
        Local {
            date: l.date.to_string(),
            weekday: l.weekday.index() as u8,
            second_of_day: l.ms_of_day / 1000,
        }
    };
    let starts: Vec<i64> = contacts
        .iter()
        .filter(|c| entry_of(c).is_some())
        .map(|c| c.initiated_ms)
        .collect();
    let mut dates = Vec::new();
    if let (Some(&a), Some(&b)) = (starts.iter().min(), starts.iter().max()) {
        let (first, last) = (zone.local_date(a), zone.local_date(b));
        let mut d = Some(first);
        while let Some(day) = d.filter(|d| d.days_since_epoch() <= last.days_since_epoch()) {
            dates.push((day.to_string(), day.weekday().index() as u8));
            d = day.plus_days(1);
        }
    }
    profiles::build(starts, &local, &dates, (interval_ms / 1000) as u32)
}

fn list(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}
