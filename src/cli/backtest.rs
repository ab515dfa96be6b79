//! `ccsim backtest`: simulate a scenario over its period and compare it
//! with a center's contact records, queue by queue and interval by
//! interval; write `backtest.csv` and `backtest.md`.

use std::path::{Path, PathBuf};

use anyhow::Context;

use ccsim::calibrate::backtest;
use ccsim::calibrate::contradicted::ContradictedDurations;
use ccsim::calibrate::observed::{join_callback_attempts, queued_at, queued_outside, tally};
use ccsim::ingest::{self, InputKind};
use ccsim::output::write_atomic;
use ccsim::scenario;

use super::args::{ArrivalCountsArg, BacktestArgs};
use super::usage::{check_counts, UsageError};
use super::{limits, out};

/// Refuses a roster or historical metrics CSV among the inputs: those
/// describe a center for `calibrate`, and a backtest compares contacts
/// only (read as contact records, such a file would be "not JSON").
fn refuse_calibrate_only_inputs(data: &[PathBuf]) -> anyhow::Result<()> {
    for path in data {
        let what = match ingest::classify(path) {
            Ok(InputKind::Roster) => "a roster",
            Ok(InputKind::HistoricalMetrics) => "a historical metrics report",
            // Records, or something else: reading them says what is wrong.
            Ok(InputKind::ContactRecords) | Err(_) => continue,
        };
        return Err(UsageError(format!(
            "{} is {what} (CSV): backtest compares the scenario with contact records only — leave it out (calibrate reads it) and give the contact records",
            path.display()
        ))
        .into());
    }
    Ok(())
}

/// Runs `ccsim backtest`.
pub fn backtest(a: &BacktestArgs) -> anyhow::Result<()> {
    check_counts(a.replications, a.threads)?;
    limits::check_replications(a.replications)?;
    let mut spec = scenario::load(&a.scenario)?;
    if let Some(r) = a.replications {
        spec.replications = r;
    }
    let arrivals = backtest::set_arrival_counts(
        &mut spec,
        match a.arrival_counts {
            ArrivalCountsArg::Scenario => backtest::BacktestCounts::Scenario,
            ArrivalCountsArg::Exact => backtest::BacktestCounts::Exact,
            ArrivalCountsArg::Poisson => backtest::BacktestCounts::Poisson,
        },
    );
    if spec.replications < 2 {
        return Err(UsageError("a backtest needs at least 2 replications for a band (39 or more for a band that holds 95 % of a correct scenario's days): pass --replications".into()).into());
    }
    // The rule calibrate holds a threshold to (whole seconds, as in Connect
    // and in a scenario), so both commands take the same values.
    let threshold =
        super::calibrate::parse_threshold(&super::calibrate::SL_THRESHOLD, &a.sl_threshold)?;
    refuse_calibrate_only_inputs(&a.data)?;
    let mut set = ingest::read_contact_records(&a.data)?;
    // A duration its own record's timestamps contradict (a talk of
    // 50,000 s on a four-minute call) would move the observed AHT by
    // minutes: calibrate leaves such durations out of its fits, and the
    // backtest out of the AHT it compares with.
    let mut contradicted = ContradictedDurations::default();
    for c in &mut set.contacts {
        contradicted.check(c);
    }
    // A callback written a contact per dial attempt is one contact, as
    // the simulation's records write it.
    join_callback_attempts(&mut set.contacts);
    let period = backtest::period_of(&spec);
    let observed = tally(&set.contacts, &period, threshold);
    // The inputs, as the messages below name them.
    let data = a
        .data
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ");
    if observed.is_empty() {
        let fmt = ccsim::timefmt::format_iso8601_utc_seconds;
        // Contacts count in the interval they entered their queue in, so
        // that is the span named (a contact that began in the period may
        // have queued after its end).
        let enqueued = || set.contacts.iter().filter_map(|c| Some(queued_at(c)?.1));
        let span = match (enqueued().min(), enqueued().max()) {
            (Some(a), Some(b)) => format!(
                "the records' contacts entered their queues from {} to {}",
                fmt(a),
                fmt(b)
            ),
            _ => "the records hold no finished contact that entered a queue".to_string(),
        };
        return Err(UsageError(format!(
            "no queued contact in {data} falls in the period of {} ({}); {span}: is this the scenario calibrated from these records?",
            a.scenario.display(),
            period.describe()
        ))
        .into());
    }
    let (records_only, scenario_only) = backtest::unmatched_queues(&observed, &spec);
    if records_only.len() == observed.len() {
        return Err(UsageError(format!(
            "none of the queues of the contacts in {data} ({}) is a queue of {} ({}): is this the scenario calibrated from these records?",
            records_only.join(", "),
            a.scenario.display(),
            scenario_only.join(", ")
        ))
        .into());
    }
    let mut warnings = backtest::warnings(
        &records_only,
        &scenario_only,
        queued_outside(&set.contacts, &period),
        &period,
    );
    // Some queued contact began inside the period (`observed` is not
    // empty), so the records cover at least its interval.
    let covered = backtest::covered(&set.contacts, &period).unwrap_or(0..period.intervals);
    warnings.extend(backtest::uncovered_warning(&covered, &period));
    warnings.extend(contradicted.backtest_warning());
    for w in &warnings {
        out::note(&format!("warning: {w}"));
    }
    let out = a
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from("results").join(format!("{}-backtest", spec.name)));
    // Before any work: the folder writable.
    let mut inputs: Vec<&Path> = vec![&a.scenario];
    inputs.extend(a.data.iter().map(PathBuf::as_path));
    let staging = limits::stage(
        &out,
        &inputs,
        &["backtest.csv", "backtest.md", "backtest.html"],
    )?;
    let threads = ccsim::exec::worker_count(a.threads);
    let simulated = backtest::simulate(&spec, threshold, threads).map_err(|(r, stall)| {
        UsageError(format!(
            "replication {r} of {}: virtual time stood still at {} s ({} events at one instant) — look for a rate or a zero-length loop in the scenario",
            a.scenario.display(),
            stall.at.as_secs_f64(),
            stall.events
        ))
    })?;
    let rows = backtest::compare(&observed, &simulated, &period, &covered);
    let report = backtest::render(&rows, &period, a.worst, &warnings, &arrivals);
    let dir = staging.path();
    write_atomic(
        &dir.join("backtest.csv"),
        &backtest::to_csv(&rows, &period)?,
    )?;
    // The file may be opened in a viewer that runs HTML.
    let md = ccsim::calibrate::markdown::without_html(&report);
    write_atomic(&dir.join("backtest.md"), md.as_bytes())?;
    if a.report {
        let html =
            ccsim::calibrate::backtest_html::backtest_report(&spec, &rows, threshold, &arrivals)?;
        ccsim::output::html::write_report(dir, &html)?;
    }
    staging
        .commit()
        .with_context(|| format!("writing {}", out.display()))?;
    if !a.quiet {
        out::print(&report)?;
        out::note(&format!(
            "wrote backtest.csv, backtest.md{} to {}",
            if a.report { " and report.html" } else { "" },
            out.display()
        ));
    }
    Ok(())
}
