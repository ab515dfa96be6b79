//! `ccsim calibrate`: read a center's exports, estimate a scenario, write
//! `scenario.toml`, `calibration.json` and `calibration.md` (atomically),
//! and check the scenario loads before saying it is done.

use std::path::{Path, PathBuf};

use anyhow::Context;

use ccsim::calibrate::from_metrics;
use ccsim::calibrate::headcount::RosterEntry;
use ccsim::calibrate::pipeline::{self, Options};
use ccsim::calibrate::scenario_toml::ScenarioSettings;
use ccsim::ingest::{self, InputKind, Zone};
use ccsim::output::write_atomic;
use ccsim::scenario;
use ccsim::timefmt::format_iso8601_utc_seconds;

use super::args::CalibrateArgs;
use super::usage::{check_counts, parse_duration_arg, UsageError};
use super::{limits, out};

/// What a service-level threshold flag takes.
pub(super) struct ThresholdFlag {
    /// The flag, for messages.
    flag: &'static str,
    /// Thresholds are whole multiples of this many seconds.
    unit_s: f64,
    /// What to write instead of a value that is not (or is not positive).
    whole: &'static str,
    /// An example for a value beyond the longest horizon.
    example: &'static str,
    /// What a queue keeps at most [`scenario::limits::MAX_THRESHOLDS`] of.
    kind: &'static str,
}

/// `--sl-threshold`: whole seconds, as Connect sets them and a scenario
/// holds them.
pub(super) const SL_THRESHOLD: ThresholdFlag = ThresholdFlag {
    flag: "--sl-threshold",
    unit_s: 1.0,
    whole: "service-level thresholds are whole seconds, as in Connect — e.g. 20s",
    example: "give a threshold a contact could wait, e.g. 20s",
    kind: "service-level thresholds",
};

/// `--email-sl-threshold`: whole minutes, as a scenario's
/// `email_service_level` holds them.
const EMAIL_SL_THRESHOLD: ThresholdFlag = ThresholdFlag {
    flag: "--email-sl-threshold",
    unit_s: 60.0,
    whole: "email service levels are whole minutes or hours — e.g. 4h or 90m",
    example: "e.g. 24h",
    kind: "email service-level thresholds",
};

/// Every threshold given to `f`'s flag (see [`parse_threshold`]), each
/// once (a scenario refuses a threshold listed twice; a repeated flag
/// asks for nothing more), at most as many as a queue keeps.
fn parse_thresholds(f: &ThresholdFlag, texts: &[String]) -> Result<Vec<f64>, UsageError> {
    let mut thresholds: Vec<f64> = Vec::new();
    for t in texts {
        let s = parse_threshold(f, t)?;
        if !thresholds.contains(&s) {
            thresholds.push(s);
        }
    }
    if thresholds.len() > scenario::limits::MAX_THRESHOLDS {
        return Err(UsageError(format!(
            "{} {} flags: a queue keeps at most {} {}",
            thresholds.len(),
            f.flag,
            scenario::limits::MAX_THRESHOLDS,
            f.kind
        )));
    }
    Ok(thresholds)
}

/// A threshold given to `f`'s flag, in seconds: a whole number of its
/// units (positive, for minutes) and no longer than a scenario's longest
/// horizon — beyond it no contact could wait that long (and the
/// milliseconds would no longer be whole seconds): the scenario written
/// would be refused.
pub(super) fn parse_threshold(f: &ThresholdFlag, text: &str) -> Result<f64, UsageError> {
    let s = parse_duration_arg(f.flag, text)?;
    if s % f.unit_s != 0.0 || (f.unit_s > 1.0 && s <= 0.0) {
        return Err(UsageError(format!("{} {text}: {}", f.flag, f.whole)));
    }
    let max = scenario::limits::MAX_HORIZON.as_secs_f64();
    if s > max {
        return Err(UsageError(format!(
            "{} {text}: longer than the longest horizon a scenario may have ({} days) — {}",
            f.flag,
            max / 86_400.0,
            f.example
        )));
    }
    Ok(s)
}

/// The scenario's interval when neither `--interval` nor a report gives
/// one: Connect's usual half hour.
const DEFAULT_INTERVAL_S: f64 = 1_800.0;

/// The files `calibrate` writes.
const CALIBRATE_FILES: [&str; 3] = ["scenario.toml", "calibration.json", "calibration.md"];

/// The scenario's interval in milliseconds: `seconds` if known, else
/// [`DEFAULT_INTERVAL_S`].
fn interval_ms(seconds: Option<f64>) -> i64 {
    (seconds.unwrap_or(DEFAULT_INTERVAL_S) * 1000.0) as i64
}

/// `--interval`, in seconds: an interval a scenario can have.
fn asked_interval_s(text: &str) -> Result<f64, UsageError> {
    let s = parse_duration_arg("--interval", text)?;
    if !divides_the_day(s) {
        return Err(UsageError(format!(
            "--interval {text}: an interval must divide the day into whole intervals of at least a minute — e.g. 15m, 30m or 60m, as Connect's reports"
        )));
    }
    Ok(s)
}

/// Whether `s` seconds is an interval a scenario can have: at least a
/// minute, dividing the day.
fn divides_the_day(s: f64) -> bool {
    (60.0..=86_400.0).contains(&s) && 86_400.0 % s == 0.0
}

/// The length most of a report's rows have, in seconds, if it is an
/// interval a scenario can have (ties go to the shorter).
fn report_interval_s(rows: &[ingest::IntervalMetrics]) -> Option<f64> {
    let mut lengths: std::collections::BTreeMap<i64, usize> = std::collections::BTreeMap::new();
    for r in rows {
        *lengths.entry(r.end_ms - r.start_ms).or_insert(0) += 1;
    }
    let most = lengths.values().copied().max()?;
    let (&ms, _) = lengths.iter().find(|(_, n)| **n == most)?;
    let s = ms as f64 / 1000.0;
    divides_the_day(s).then_some(s)
}

/// Runs `ccsim calibrate`.
pub fn calibrate(a: &CalibrateArgs) -> anyhow::Result<()> {
    check_counts(Some(a.replications), None)?;
    limits::check_replications(Some(a.replications))?;
    let asked_interval_s = a.interval.as_deref().map(asked_interval_s).transpose()?;
    let thresholds = parse_thresholds(&SL_THRESHOLD, &a.sl_thresholds)?;
    let email_thresholds = parse_thresholds(&EMAIL_SL_THRESHOLD, &a.email_sl_thresholds)?;
    let zone = Zone::parse(&a.time_zone)?;
    if let Some(name) = a.name.as_deref().filter(|n| !scenario::is_folder_name(n)) {
        return Err(UsageError(format!(
            "--name `{name}`: a scenario's name is the folder its results go to (results/<name>/), so it cannot be blank, hold a / or \\, or be only dots — use letters, digits, - and _"
        ))
        .into());
    }
    if let Some(n) = a
        .name
        .as_deref()
        .map(|n| n.chars().count())
        .filter(|n| *n > scenario::limits::MAX_NAME_CHARS)
    {
        return Err(UsageError(format!(
            "--name is {n} characters long; a scenario's name becomes file names, so the limit is {} — shorten it",
            scenario::limits::MAX_NAME_CHARS
        ))
        .into());
    }
    // All three files or none, in a folder checked writable before any work.
    let inputs: Vec<&Path> = a.inputs.iter().map(PathBuf::as_path).collect();
    let staging = limits::stage(&a.out, &inputs, &CALIBRATE_FILES)?;
    let (records, metrics, rosters) = sort_inputs(&a.inputs)?;
    if records.is_empty() && metrics.is_empty() {
        let files: Vec<String> = rosters.iter().map(|p| p.display().to_string()).collect();
        return Err(UsageError(format!(
            "only roster CSVs among the inputs ({}): a roster gives the headcount, and calibrate needs the center's contacts too — add its contact records or a historical metrics CSV export of the same period",
            files.join(", ")
        ))
        .into());
    }
    let mut roster = Vec::new();
    for r in &rosters {
        for row in ingest::read_roster(r, &zone)? {
            // The roster names a routing profile (or a group, which
            // calibration names after its routing profile).
            let profile = row.routing_profile.or(row.group).unwrap_or_default();
            roster.push(RosterEntry {
                start_ms: row.start_ms,
                end_ms: row.end_ms,
                profile,
                agents: row.agents,
            });
        }
    }
    // The output folder's own name is a folder name, unless it is blank.
    let name = a.name.clone().unwrap_or_else(|| {
        a.out
            .file_name()
            .and_then(|n| n.to_str())
            .filter(|n| {
                scenario::is_folder_name(n) && n.chars().count() <= scenario::limits::MAX_NAME_CHARS
            })
            .unwrap_or("calibrated")
            .to_string()
    });
    let settings = ScenarioSettings {
        name,
        seed: a.seed,
        replications: a.replications,
        drain_s: 7_200,
    };
    // Rows a metrics report gave that the calibration leaves out, said on
    // stderr and in the report.
    let mut left_out_rows = Vec::new();
    let calibrated = if records.is_empty() {
        let mut reports = Vec::new();
        for m in &metrics {
            reports.push((m.as_path(), ingest::read_historical_metrics(m, &zone)?));
        }
        ingest::metrics_csv::check_once_across(&reports)?;
        for (path, rows) in &mut reports {
            if let Some(note) = leave_out_other_channels(path, rows) {
                out::note(&format!("warning: {note}"));
                left_out_rows.push(note);
            }
        }
        let rows: Vec<_> = reports.into_iter().flat_map(|(_, rows)| rows).collect();
        let roster = (!roster.is_empty()).then_some(roster);
        // Unless asked otherwise, the report's own interval: an hourly
        // report cut into half hours would only halve each row.
        let interval_ms = interval_ms(asked_interval_s.or_else(|| report_interval_s(&rows)));
        from_metrics::calibrate(
            &rows,
            roster.as_deref(),
            &zone,
            interval_ms,
            &thresholds,
            &settings,
        )
        .map_err(|e| {
            let files: Vec<String> = metrics.iter().map(|p| p.display().to_string()).collect();
            from_metrics::MetricsCalibrationError(format!("{}: {}", files.join(", "), e.0))
        })?
    } else {
        let o = Options {
            zone: &zone,
            interval_ms: interval_ms(asked_interval_s),
            thresholds_s: thresholds,
            email_thresholds_s: email_thresholds,
            roster,
            settings: &settings,
        };
        from_records_beside_metrics(&records, &metrics, &o)?
    };
    // What the data got wrong, already in the report and the JSON.
    for w in &calibrated.warnings {
        out::note(&format!("warning: {w}"));
    }
    let (scenario_text, mut doc, mut report_text) =
        (calibrated.scenario, calibrated.json, calibrated.report);
    let out = &a.out;
    // A scenario that does not load is a bug of ours; say so before
    // leaving files behind.
    scenario::parse(&scenario_text, &out.join("scenario.toml"), &settings.name)
        .context("the calibrated scenario does not validate (please report this)")?;
    if !left_out_rows.is_empty() {
        doc["input"]["rows_left_out"] = serde_json::json!(left_out_rows);
    }
    let dir = staging.path();
    write_atomic(&dir.join("scenario.toml"), scenario_text.as_bytes())?;
    write_atomic(
        &dir.join("calibration.json"),
        (serde_json::to_string_pretty(&doc)? + "\n").as_bytes(),
    )?;
    for note in &left_out_rows {
        report_text.push_str(&format!("\n- {note}\n"));
    }
    // The file may be opened in a viewer that runs HTML; the terminal
    // gets the names as they are.
    let md = ccsim::calibrate::markdown::without_html(&report_text);
    write_atomic(&dir.join("calibration.md"), md.as_bytes())?;
    staging
        .commit()
        .with_context(|| format!("writing {}", out.display()))?;
    if !a.quiet {
        out::print(&report_text)?;
        out::note(&format!(
            "wrote scenario.toml, calibration.json and calibration.md to {}",
            out.display()
        ));
    }
    Ok(())
}

/// Leaves out of a historical metrics report's `rows` those of a channel
/// other than voice (its `Channel` column): the scenario a report gives
/// models voice calls, and a chat's row added to them would double its
/// queue's calls. Says what was left out, if anything.
fn leave_out_other_channels(
    path: &Path,
    rows: &mut Vec<ingest::IntervalMetrics>,
) -> Option<String> {
    let mut other: std::collections::BTreeMap<String, usize> = Default::default();
    rows.retain(|r| match r.channel.as_deref() {
        Some(c) if !c.trim().is_empty() && !c.trim().eq_ignore_ascii_case("VOICE") => {
            *other.entry(c.trim().to_string()).or_default() += 1;
            false
        }
        _ => true,
    });
    (!other.is_empty()).then(|| {
        let counts: Vec<String> = other.iter().map(|(c, n)| format!("{n} {c}")).collect();
        format!(
            "{}: left out the rows of channels other than VOICE ({}): a historical metrics report is calibrated as voice calls — give the contact records to calibrate chats, tasks or emails",
            path.display(),
            counts.join(", ")
        )
    })
}

/// Calibrates from contact `records` alone. Records carry everything a
/// report does, per contact: historical metrics reports beside them are
/// still read (a broken one is refused), and named as left out — on
/// stderr, in the report and in `calibration.json`.
fn from_records_beside_metrics(
    records: &[PathBuf],
    metrics: &[PathBuf],
    o: &Options,
) -> anyhow::Result<pipeline::Outputs> {
    let mut reports = Vec::new();
    for m in metrics {
        reports.push((m, ingest::read_historical_metrics(m, o.zone)?));
    }
    let calibrated = pipeline::from_records(records, o)?;
    let (mut doc, mut report) = (calibrated.json, calibrated.report);
    let period = |end: &str| doc["period"][end].as_str().unwrap_or_default().to_string();
    let records_period = (period("start"), period("end"));
    let left_out: Vec<String> = reports
        .iter()
        .map(|(m, rows)| metrics_left_out(m, rows, &records_period))
        .collect();
    for note in &left_out {
        out::note(&format!("warning: {note}"));
        report.push_str(&format!("\n- {note}\n"));
    }
    if !left_out.is_empty() {
        doc["input"]["metrics_left_out"] = serde_json::json!(left_out);
    }
    Ok(pipeline::Outputs {
        scenario: calibrated.scenario,
        json: doc,
        report,
        warnings: calibrated.warnings,
    })
}

/// Says that the historical metrics report at `path` (its `rows`) was left
/// out for the contact records beside it (which cover `records_period`,
/// ISO 8601 UTC start and end), what it covered, and — when the two
/// periods differ — how.
fn metrics_left_out(
    path: &Path,
    rows: &[ingest::IntervalMetrics],
    records_period: &(String, String),
) -> String {
    let span = match (
        rows.iter().map(|r| r.start_ms).min(),
        rows.iter().map(|r| r.end_ms.max(r.start_ms)).max(),
    ) {
        (Some(a), Some(b)) => Some((format_iso8601_utc_seconds(a), format_iso8601_utc_seconds(b))),
        _ => None,
    };
    let (from, to) = records_period;
    let records = format!("the records cover {from} to {to}");
    // Both are written alike (YYYY-MM-DDTHH:MM:SSZ): their text order is
    // their time order.
    let (what, why) = match &span {
        None => (
            String::new(),
            format!("{records}, and the scenario is calibrated from them alone"),
        ),
        Some((a, b)) => {
            let what = format!(", {} rows from {a} to {b}", rows.len());
            let why = if b <= from || a >= to {
                format!("it covers none of the period the records cover ({from} to {to}), and the scenario is calibrated from the records alone, over theirs")
            } else if a < from || b > to {
                format!("{records}, and the scenario is calibrated from them alone over that period; the report's rows outside it are not used")
            } else {
                format!("{records}, and the scenario is calibrated from them alone (they hold everything the report does over that period, per contact)")
            };
            (what, why)
        }
    };
    format!(
        "historical metrics report {}{what} left out: contact records were given; {why}. To calibrate from the report, give it without the records",
        path.display()
    )
}

type Sorted = (Vec<PathBuf>, Vec<PathBuf>, Vec<PathBuf>);

/// A digest of a file's bytes, to find a CSV given twice (SipHash with
/// fixed keys: the same on every run).
fn digest(bytes: &[u8]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::hash::DefaultHasher::new();
    bytes.hash(&mut h);
    h.finish()
}

/// Splits the inputs by kind: contact records, historical metrics, rosters.
/// A CSV with the same bytes as one before it (the same file named twice,
/// or a copy) is read once, with a warning: its rows would count twice —
/// a roster's rows for one interval add up (a row per team), and a report
/// given twice doubles every volume. (Records given twice are counted
/// once by their `ContactId`.)
fn sort_inputs(inputs: &[PathBuf]) -> anyhow::Result<Sorted> {
    let mut sorted: Sorted = Default::default();
    // Each CSV kept: its path and a digest of its bytes (a match is
    // confirmed byte for byte, so the files are not held in memory).
    let mut csvs: Vec<(PathBuf, u64)> = Vec::new();
    for p in inputs {
        let kind = ingest::classify(p)?;
        if kind != InputKind::ContactRecords {
            let read = |p: &Path| std::fs::read(p).map_err(|e| ingest::IngestError::read(p, e));
            let bytes = read(p)?;
            let digest = digest(&bytes);
            let mut earlier = None;
            for (first, d) in &csvs {
                if *d == digest && read(first)? == bytes {
                    earlier = Some(first);
                    break;
                }
            }
            if let Some(first) = earlier {
                let same_file = std::fs::canonicalize(first).ok() == std::fs::canonicalize(p).ok();
                let what = if same_file {
                    "is given twice".to_string()
                } else {
                    format!("has the same contents as {}", first.display())
                };
                out::note(&format!(
                    "warning: {} {what}: read once (its rows would count twice)",
                    p.display()
                ));
                continue;
            }
            csvs.push((p.clone(), digest));
        }
        match kind {
            InputKind::ContactRecords => sorted.0.push(p.clone()),
            InputKind::HistoricalMetrics => sorted.1.push(p.clone()),
            InputKind::Roster => sorted.2.push(p.clone()),
        }
    }
    Ok(sorted)
}
