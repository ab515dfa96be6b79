//! `ccsim calibrate` on contact records, from the files to the three
//! outputs: read (and deduplicate) the records, count what each contact
//! shows as it streams by, estimate, render. The command line and the
//! benchmark both call [`from_records`].
//!
//! Memory does not hold the contacts: the first reading of the files keeps
//! a 32-byte key per record to deduplicate, the second hands the kept
//! contacts one at a time to the counters, which keep counts, binned
//! samples, a few dozen bytes per contact that names a next contact (for
//! the joins), 20 bytes per contact an agent handled (each agent's work
//! in time order: accept lags, concurrency, busy time), 32 per contact
//! that started on its own (the email replies' and flow emails' joins) and
//! about 20 per queued contact (its wait and pickup, for the routing
//! priorities).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde_json::{json, Value};

use crate::ingest::{self, IngestError, ReadSummary, SkipReason, Zone};
use crate::scenario::{self, ProblemKind, ScenarioError};

use super::accumulate::{Accumulator, OutsideSpan};
use super::coarsen::coarsen;
use super::contradicted::ContradictedDurations;
use super::json;
use super::model::{self, Calibration};
use super::period::Period;
use super::profiles::ProfileCounter;
use super::report::{self, InputSummary};
use super::roster_names::roster_by_last_names;
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
    /// Email service-level thresholds of queues that take email, seconds
    /// (whole minutes).
    pub email_thresholds_s: Vec<f64>,
    /// Roster rows (interval start, routing profile, agents); empty for none.
    pub roster: Vec<super::headcount::RosterEntry>,
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
    /// What was found wrong with the data and worked around, each a
    /// sentence (also in the report and the JSON), for stderr.
    pub warnings: Vec<String>,
}

/// Why records could not be calibrated.
#[derive(Debug, thiserror::Error)]
pub enum CalibrateError {
    /// A file could not be read or is not what it should be.
    #[error(transparent)]
    Ingest(#[from] IngestError),
    /// No finished contact in the inputs.
    #[error("no finished contact record in {0} — nothing to calibrate from ({1})")]
    Empty(String, String),
    /// No contact entered a queue from outside (the records hold only
    /// outbound calls, say): no arrivals to build a scenario's sources from.
    #[error("no contact in {0} entered a queue from outside (an INBOUND, WEBRTC_API or API voice call, an INBOUND or API chat, task or email, with a Queue and an EnqueueTimestamp) — a scenario needs arrivals to estimate; fix: add the contact records of the center's inbound traffic for the same period")]
    NoArrivals(String),
    /// No contact reached an agent with a routing profile from a queue: no
    /// agents to build a scenario's groups from.
    #[error("no contact in {0} was handled from a queue by an agent with a routing profile (`Agent.RoutingProfile.Name`) — a scenario needs agents, and ccsim learns them (their routing profiles, queues and headcount) from the contacts they handled; fix: add the records of the period's answered contacts")]
    NoAgents(String),
    /// The records span more days than a scenario's intervals can hold,
    /// even a day long.
    #[error("the contact records in {inputs} span {days} days from {start}: too long for one scenario even at daily intervals ({problem}); fix: calibrate a shorter period, and check the records for a wrong date (one contact dated years away stretches the period)")]
    SpanTooLong {
        /// The inputs.
        inputs: String,
        /// Days from the first interval's start to the last's end.
        days: u64,
        /// The first interval's start, UTC.
        start: String,
        /// Why the scenario would not load at daily intervals.
        problem: String,
    },
    /// The scenario of the whole center would need more memory than a
    /// run may take, whatever its interval.
    #[error("the scenario calibrated from {inputs} is beyond the memory a run may take — {problem}; or calibrate part of the center at a time, from the records of some of its queues")]
    BeyondMemory {
        /// The inputs.
        inputs: String,
        /// The scenario's problem, with its field path.
        problem: String,
    },
    /// Most contacts' durations contradict their own timestamps: the
    /// export is wrong, and what is left would not be the center's.
    #[error("{inputs}: {what}. Too many to leave out: the few left would not be the center's durations — fix: check how the records were exported (Connect writes durations in whole seconds; a converted export may hold milliseconds), or calibrate from a historical metrics report with a roster")]
    DurationsContradicted {
        /// The inputs.
        inputs: String,
        /// How many, and an example with its field.
        what: String,
    },
    /// A contact came outside the span the first reading found: a bug.
    #[error("{0} (please report this)")]
    OutsideSpan(#[from] OutsideSpan),
}

/// What the JSON objects read were, when none is a finished contact
/// record: how many were in progress, and how many were no contact record
/// at all — with the likeliest cause of the latter, records wrapped in one
/// object.
fn why_nothing_kept(summary: &ReadSummary) -> String {
    let in_progress = summary.skipped.get(SkipReason::InProgress);
    let other = summary.skipped.get(SkipReason::NotAContactRecord);
    let mut parts = vec![format!("{} JSON object(s) read", summary.records_read)];
    if in_progress > 0 {
        parts.push(format!(
            "{in_progress} in progress (no DisconnectTimestamp), skipped"
        ));
    }
    if other > 0 {
        parts.push(format!(
            "{other} without a ContactId, so not contact records: agent events, or records \
             wrapped in one object such as {{\"Records\": [...]}} — give the records one per \
             line, concatenated or in a top-level array (e.g. `jq -c '.Records[]'`)"
        ));
    }
    parts.join("; ")
}

/// Calibrates from the contact records in `records` (files or folders).
pub fn from_records(records: &[PathBuf], o: &Options) -> Result<Outputs, CalibrateError> {
    let mut index = ingest::index_contact_records(records)?;
    let (first, last) = index.initiation_span.unwrap_or((0, 0));
    let nothing_kept = why_nothing_kept(&index.summary);
    let origin = Period::local_origin(o.zone, first);
    let span = Period::spanning_from(origin, first, last, o.interval_ms);
    let window = (span.start_ms, span.interval_start(span.intervals));
    let mut counters = Accumulator::new(span);
    let mut profiles = ProfileCounter::new(o.zone, o.interval_ms);
    // The routing profiles' names as the records give them now.
    let mut profile_names: BTreeSet<String> = BTreeSet::new();
    // Checked on the kept contacts only: a superseded version of a record
    // may carry what its final version corrects.
    let mut contradicted = ContradictedDurations::default();
    index.for_each_contact(|mut c| {
        contradicted.check(&mut c);
        counters.add(&c);
        if entry_of(&c).is_some() {
            profiles.add(c.initiated_ms);
        }
        if let Some(p) = c.agent.as_ref().and_then(|a| a.routing_profile.as_ref()) {
            if !profile_names.contains(p) {
                profile_names.insert(p.clone());
            }
        }
    })?;
    if let Some(what) = contradicted.refusal() {
        return Err(CalibrateError::DurationsContradicted {
            inputs: list(records),
            what,
        });
    }
    let counted = counters
        .finish()?
        .ok_or_else(|| CalibrateError::Empty(list(records), nothing_kept))?;
    let (roster, roster_notes) =
        roster_by_last_names(&o.roster, &index.summary.renamed, &profile_names);
    let roster = (!roster.is_empty()).then_some(roster.as_slice());
    let mut cal = model::estimate_all(
        counted,
        o.thresholds_s.clone(),
        roster,
        profiles.finish(window),
    );
    cal.roster_notes = roster_notes;
    cal.email_thresholds_s = o.email_thresholds_s.clone();
    cal.warnings.extend(contradicted.warning());
    cal.warnings.extend(cal.profiles.empty_dates_warning());
    if cal.arrivals.queued.is_empty() {
        return Err(CalibrateError::NoArrivals(list(records)));
    }
    if !cal
        .routing
        .keys()
        .any(|p| super::scenario_agents::profile_is_written(&cal, p))
    {
        return Err(CalibrateError::NoAgents(list(records)));
    }
    let scenario = loadable_scenario(&mut cal, o.settings, &list(records), origin)?;
    if let Some(problem) = memory_problem(&scenario, o.settings) {
        return Err(CalibrateError::BeyondMemory {
            inputs: list(records),
            problem,
        });
    }
    let summary = input_summary(&index.summary);
    let input = json!({
        "files": summary.files, "records_read": summary.records, "contacts_kept": summary.kept,
        "skipped": summary.skipped.iter().map(|(r, n)| json!({"reason": r, "count": n})).collect::<Vec<_>>(),
        "files_left_out": index.summary.files_left_out.iter().map(|p| p.display().to_string()).collect::<Vec<_>>(),
        "renamed": summary.renamed.iter().map(|r| json!({"kind": r.kind.as_str(), "arn": r.arn, "from": r.from, "to": r.to})).collect::<Vec<_>>(),
        "shared_names": summary.shared_names.iter().map(|n| json!({"kind": n.kind.as_str(), "name": n.name, "arns": n.arns})).collect::<Vec<_>>(),
    });
    Ok(Outputs {
        scenario,
        json: json::document(&cal, input),
        report: report::render(&cal, &summary),
        warnings: cal.warnings.iter().map(|w| w.text.clone()).collect(),
    })
}

/// The scenario, at the interval asked for if it loads there; else at the
/// shortest longer interval (each step ×2, or ×3 where ×2 would not divide
/// the day) where it does — a long period of records at 30 minutes can
/// exceed the intervals a scenario may hold, or the memory its run may use
/// (`scenario::limits`). `cal` is regrouped to match ([`coarsen`]) and
/// says why in its `interval_note`. A period too long even for daily
/// intervals is an error naming the span (often one record with a wrong
/// date). A scenario that fails for any other reason is returned as it
/// is, for the caller's check to report.
fn loadable_scenario(
    cal: &mut Calibration,
    settings: &ScenarioSettings,
    records: &str,
    origin_ms: i64,
) -> Result<String, CalibrateError> {
    let asked_ms = cal.period.interval_ms;
    let mut first_problem: Option<String> = None;
    loop {
        let problem = if let Some(p) = too_many_intervals(cal.period.intervals) {
            p
        } else {
            let text = scenario_toml::render(cal, settings);
            match interval_problem(&text, settings) {
                None => return Ok(text),
                Some(problem) => problem,
            }
        };
        if cal.period.interval_ms >= DAY_MS {
            return Err(CalibrateError::SpanTooLong {
                inputs: records.to_string(),
                days: cal.period.intervals as u64 * (cal.period.interval_ms / DAY_MS) as u64,
                start: crate::timefmt::format_iso8601_utc_seconds(cal.period.start_ms),
                problem,
            });
        }
        let first = first_problem.get_or_insert(problem);
        let ms = cal.period.interval_ms;
        coarsen(cal, (wider_interval(ms) / ms) as usize, origin_ms);
        cal.interval_note = Some(format!(
            "Interval widened from {} to {} minutes: at {} minutes the scenario would not load ({first}). \
             Volumes are summed and headcounts averaged over the longer intervals; calibrate a shorter period of records for a finer one.",
            asked_ms / 60_000,
            cal.period.interval_ms / 60_000,
            asked_ms / 60_000
        ));
    }
}

/// A day in milliseconds: the longest interval a calibration widens to.
pub(super) const DAY_MS: i64 = 86_400_000;

/// The problem of a period of `intervals` intervals, if a scenario cannot
/// hold that many. Checked before rendering: a scenario of a million
/// intervals would take gigabytes to write and check.
pub(super) fn too_many_intervals(intervals: usize) -> Option<String> {
    (intervals > scenario::limits::MAX_INTERVALS).then(|| {
        format!(
            "{intervals} intervals; a scenario holds at most {}",
            scenario::limits::MAX_INTERVALS
        )
    })
}

/// The next interval to try when a scenario does not load at `ms`: twice
/// as long, or three times where twice would not divide the day (from 15
/// or 30 minutes: 30 m, 1 h, 2 h, 4 h, 8 h, then a day).
pub(super) fn wider_interval(ms: i64) -> i64 {
    if DAY_MS % (2 * ms) == 0 {
        2 * ms
    } else {
        3 * ms
    }
}

/// The scenario's problem with its interval (too many of them, or too much
/// memory for them), if it has one.
pub(super) fn interval_problem(text: &str, settings: &ScenarioSettings) -> Option<String> {
    let problems = match scenario::parse(text, Path::new("scenario.toml"), &settings.name) {
        Ok(_) => return None,
        Err(ScenarioError::Invalid { problems, .. }) => problems,
        Err(_) => return None,
    };
    problems
        .into_iter()
        .find(|p| p.path == "simulation.interval")
        .map(|p| p.message)
}

/// A problem of the scenario with the memory its run would need (too many
/// queues' histograms, say), left after the interval was widened: a
/// property of the center's size, which a longer interval does not cure.
fn memory_problem(text: &str, settings: &ScenarioSettings) -> Option<String> {
    match scenario::parse(text, Path::new("scenario.toml"), &settings.name) {
        Err(ScenarioError::Invalid { problems, .. }) => problems
            .into_iter()
            .find(|p| p.kind == ProblemKind::BeyondMemory)
            .map(|p| p.to_string()),
        _ => None,
    }
}

fn input_summary(s: &ReadSummary) -> InputSummary {
    InputSummary {
        files: s.files_read,
        records: s.records_read,
        kept: s.contacts,
        skipped: s.skipped.iter().map(|(r, n)| (r.to_string(), n)).collect(),
        renamed: s.renamed.clone(),
        shared_names: s.shared_names.clone(),
    }
}

fn list(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}
