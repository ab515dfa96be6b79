//! A scenario from Connect's historical metrics report alone (per queue and
//! interval: contacts queued, handled, abandoned, average queue answer
//! time, average handle time), for a center without contact records.
//!
//! Aggregates hold less than records, and the scenario says so: arrivals
//! are the queued volumes; talk is exponential with the mean handle time
//! (hold and after-contact work included, ACW not split out); patience is
//! exponential with the mean from Erlang A's identity P(abandon) =
//! E[time in queue] / mean patience — that is, the whole time contacts
//! spent in queue over the contacts abandoned, the exponential's maximum
//! likelihood estimate with answered waits as censored patience. The
//! abandoned contacts' time in queue comes from `Average queue abandon
//! time`; where a report lacks it, it is taken to be the answered ones'
//! (ASA), which misjudges patience by as much as the two waits differ,
//! and the report says so. The headcount must come from a roster.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde_json::json;

use crate::ingest::keys::MAX_SPAN_DAYS;
use crate::ingest::{IntervalMetrics, Zone};
use crate::timefmt::format_iso8601_utc_seconds;

use super::metrics_routing::ProfileQueues;
use super::period::Period;
use super::pipeline::Outputs;
use super::scenario_toml::ScenarioSettings;
use super::toml_text::{q, FileNames, OBSERVED_COUNTS};
use super::warnings::DataWarning;

/// Why historical metrics could not make a scenario.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct MetricsCalibrationError(pub String);

/// Per queue, what the rows add up to.
#[derive(Debug, Default, Clone)]
struct QueueTotals {
    volumes: Vec<f64>,
    /// Per interval, whether some row of the queue covers it: one no row
    /// covers has a volume of 0 for want of data, not for want of calls.
    covered: Vec<bool>,
    queued: f64,
    handled: f64,
    /// Whether any row gives `Contacts handled` (the column may be absent).
    handled_given: bool,
    abandoned: f64,
    /// Σ ASA × handled over the rows that give the ASA, and the handled
    /// contacts of those rows (queued, without a `Contacts handled`
    /// column): the ASA is their ratio (a row without it is not an ASA of
    /// 0).
    answer_time_sum: f64,
    handled_with_asa: f64,
    /// The abandoned contacts' time in queue, over the rows that give it.
    abandon_time_sum: f64,
    /// The abandoned contacts of those rows.
    abandoned_timed: f64,
    /// Σ AHT × handled over the rows that give the AHT, and their handled
    /// (or queued) contacts.
    handle_time_sum: f64,
    handled_with_aht: f64,
    /// The least `Average queue answer time` of a row with answered
    /// contacts: every answer waited at least the agent whisper, so the
    /// whisper is no longer than this.
    least_asa: Option<f64>,
}

impl QueueTotals {
    /// Mean handle time over the rows that give it.
    fn aht(&self) -> f64 {
        mean(self.handle_time_sum, self.handled_with_aht)
    }

    /// Average queue answer time over the rows that give it.
    fn asa(&self) -> f64 {
        mean(self.answer_time_sum, self.handled_with_asa)
    }

    /// The contacts answered from the queue: those handled, but no more
    /// than were queued and not abandoned — Connect's `Contacts handled`
    /// counts outbound contacts too, which never waited in the queue.
    fn answered_from_queue(&self) -> f64 {
        let waited = (self.queued - self.abandoned).max(0.0);
        if self.handled_given {
            self.handled.min(waited)
        } else {
            waited
        }
    }

    /// What the report lacks for this queue's talk and patience, if
    /// anything: a sentence naming the column and the fix.
    fn missing(&self, queue: &str) -> Option<String> {
        let handled_some = self.handled > 0.0 || (!self.handled_given && self.queued > 0.0);
        if handled_some && self.handled_with_aht == 0.0 {
            return Some(format!(
                "queue \"{queue}\" queued {} contacts but no row gives the `Average handle time` of those handled (the column is missing, or `-` in every row): the talk time cannot be estimated — fix: add Connect's `Average handle time` column to the report (or give the contact records)",
                self.queued
            ));
        }
        if handled_some && self.aht() < 1.0 {
            // A scenario's talk is at least a second: written as 1 s, the
            // report and the scenario would disagree without a word.
            return Some(format!(
                "queue \"{queue}\" handled contacts with an `Average handle time` of {} s: a handled contact takes some time (talk, hold, after-contact work) — fix: check the column is Connect's `Average handle time` in seconds or hh:mm:ss, and that its rows are not all 0",
                self.aht()
            ));
        }
        if self.abandoned > 0.0 && self.answered_from_queue() > 0.0 && self.handled_with_asa == 0.0
        {
            return Some(format!(
                "queue \"{queue}\" abandoned {} contacts but no row gives the `Average queue answer time` of those answered (the column is missing, or `-` in every row): the patience (Erlang A identity: all time in queue over the contacts abandoned) cannot be estimated — fix: add Connect's `Average queue answer time` column, and `Average queue abandon time`, to the report (or give the contact records)",
                self.abandoned
            ));
        }
        None
    }
}

/// The last millisecond a row covers (a row without a length covers its
/// start).
fn last_instant(r: &IntervalMetrics) -> i64 {
    r.end_ms.max(r.start_ms + 1) - 1
}

/// Refuses rows spanning more than [`MAX_SPAN_DAYS`] from the first
/// interval's start to the last one's end — a row dated in the wrong
/// century would otherwise have the calibration count millions of empty
/// intervals — naming the earliest and the latest row.
fn check_span(
    rows: &[IntervalMetrics],
    first: i64,
    last: i64,
) -> Result<(), MetricsCalibrationError> {
    let days = (last - first) / 86_400_000;
    if days <= MAX_SPAN_DAYS {
        return Ok(());
    }
    let row = |t: i64, end: bool| {
        rows.iter()
            .find(|r| {
                if end {
                    last_instant(r) == t
                } else {
                    r.start_ms == t
                }
            })
            .map(|r| {
                format!(
                    "queue {}, interval {} to {}",
                    r.queue,
                    format_iso8601_utc_seconds(r.start_ms),
                    format_iso8601_utc_seconds(r.end_ms)
                )
            })
            .unwrap_or_default()
    };
    Err(MetricsCalibrationError(format!(
        "the historical metrics span {days} days, from the row of {} to the row of {} — more than the {MAX_SPAN_DAYS} days ccsim reads at once; a row dated out of place (a year 0000 or 1970 time?) stretches the span: correct or remove it, or split the report into periods of at most three years",
        row(first, false),
        row(last, true)
    )))
}

/// The scenario text, `calibration.json` and the report; the intervals
/// are aligned to local time in `zone`.
pub fn calibrate(
    rows: &[IntervalMetrics],
    roster: Option<&[super::headcount::RosterEntry]>,
    zone: &Zone,
    interval_ms: i64,
    thresholds_s: &[f64],
    settings: &ScenarioSettings,
) -> Result<Outputs, MetricsCalibrationError> {
    let roster = roster.ok_or_else(|| {
        MetricsCalibrationError("historical metrics carry no headcount: give a roster CSV (interval_start, routing_profile, agents) among the inputs".into())
    })?;
    let (first, last) = match (
        rows.iter().map(|r| r.start_ms).min(),
        rows.iter().map(last_instant).max(),
    ) {
        (Some(a), Some(b)) => (a, b),
        _ => {
            return Err(MetricsCalibrationError(
                "no rows in the historical metrics report".into(),
            ))
        }
    };
    check_span(rows, first, last)?;
    let Loadable {
        period,
        totals,
        serves,
        text,
        widened,
    } = loadable(
        rows,
        roster,
        (Period::local_origin(zone, first), first, last),
        interval_ms,
        thresholds_s,
        settings,
    )?;
    if let Some(missing) = totals.iter().find_map(|(q, t)| t.missing(q)) {
        return Err(MetricsCalibrationError(missing));
    }
    if totals.values().all(|t| t.volumes.iter().all(|v| *v <= 0.0)) {
        return Err(MetricsCalibrationError(
            "the report counts no contact queued in any row: no arrivals to calibrate from".into(),
        ));
    }
    let warnings: Vec<DataWarning> = totals
        .iter()
        .filter_map(|(q, t)| missing_rows(q, t, &period))
        .chain(std::iter::once(serves.warning()))
        .chain(super::roster_checks::roster_warnings(roster, &period))
        .collect();
    let mut period_doc = json!({"start": format_iso8601_utc_seconds(period.start_ms), "interval_seconds": period.interval_ms / 1000, "intervals": period.intervals});
    if let Some(note) = &widened {
        period_doc["interval_widened"] = json!(note);
    }
    let whisper = whisper_bound(&totals);
    let mut doc = json!({
        "ccsim_version": env!("CARGO_PKG_VERSION"),
        "source": "historical metrics report",
        "method": "arrivals = contacts queued per interval; talk ~ exponential(mean handle time); patience ~ exponential, mean = (answered × ASA + abandoned × average queue abandon time) / abandoned (Erlang A identity: all time in queue over the contacts abandoned; answered = contacts handled, at most queued − abandoned, as Connect's handled count includes outbound contacts; ASA and AHT averaged over the rows that give them; without the abandon-time column, abandoners' time in queue is taken as the ASA); headcount from the roster",
        "period": period_doc,
        "agent_whisper_s": whisper.unwrap_or(DEFAULT_AGENT_WHISPER_S),
        "agent_whisper_basis": if whisper.is_some() { "the least average queue answer time of a row: every answer waited the whisper" } else { "Connect's default: no row's average queue answer time is shorter" },
        "queues": totals.iter().map(|(q, t)| json!({
            "queue": q, "contacts_queued": t.queued, "contacts_handled": t.handled, "contacts_abandoned": t.abandoned,
            "mean_handle_time_s": t.aht(), "mean_answer_time_s": t.asa(),
            "patience_mean_s": patience(t),
            "patience_basis": patience_basis(t),
        })).collect::<Vec<_>>(),
    });
    let mut report = String::from("# Calibration report (historical metrics)\n\n");
    let _ = writeln!(report, "{} rows, {} queues, {} intervals. Aggregates hold less than contact records: see calibration.json's `method`.\n", rows.len(), totals.len(), period.intervals);
    if let Some(note) = &widened {
        let _ = writeln!(report, "{note}\n");
    }
    if let Some(w) = whisper {
        let _ = writeln!(report, "Agent whisper: {w} s, the least average queue answer time of a row (every answer waited the whisper; Connect's 2 s default is longer).\n");
    }
    super::warnings::add_to_json(&mut doc, &warnings);
    super::warnings::write_markdown(&mut report, &warnings);
    for (q, t) in &totals {
        let capped = if t.answered_from_queue() < t.handled {
            format!(" (at most {} of them answered from the queue: queued − abandoned; Connect's handled count includes outbound contacts)", t.answered_from_queue())
        } else {
            String::new()
        };
        let _ = writeln!(report, "- {q}: {} queued, {} handled{capped}, {} abandoned; AHT {:.1} s; ASA {:.1} s; patience (exp.) {}", t.queued, t.handled, t.abandoned, t.aht(), t.asa(), patience(t).map_or("none (no abandonment)".into(), |p| format!("{p:.1} s ({})", patience_basis(t))));
    }
    Ok(Outputs {
        scenario: text,
        json: doc,
        report,
        warnings: warnings.into_iter().map(|w| w.text).collect(),
    })
}

/// How many runs of missing intervals a warning writes out before "…".
const RUNS_NAMED: usize = 3;

/// The warning for the intervals of `period` no row of queue `q` covers,
/// if any: written as 0 contacts, they read as a quiet queue when the
/// report may only lack its rows (cut short, or exported for fewer
/// queues over part of the period).
fn missing_rows(q: &str, t: &QueueTotals, period: &Period) -> Option<DataWarning> {
    let runs = uncovered_runs(&t.covered);
    if runs.is_empty() {
        return None;
    }
    let missing: usize = runs.iter().map(|(a, b)| b - a).sum();
    let span = |(a, b): &(usize, usize)| {
        format!(
            "{} to {}",
            format_iso8601_utc_seconds(period.interval_start(*a)),
            format_iso8601_utc_seconds(period.interval_start(*b))
        )
    };
    let mut named: Vec<String> = runs.iter().take(RUNS_NAMED).map(span).collect();
    if runs.len() > RUNS_NAMED {
        named.push("…".into());
    }
    let text = format!(
        "queue \"{q}\": no row of the report covers {missing} of the {} intervals of the period ({}); the scenario's volume there is 0. Right if the queue was closed then; if not, the report lacks those rows — export it again for the whole period, or give the contact records",
        period.intervals,
        named.join(", ")
    );
    Some(DataWarning {
        kind: "metrics_rows_missing",
        text,
        detail: json!({
            "queue": q, "intervals_missing": missing, "intervals": period.intervals,
            "missing": runs.iter().map(|(a, b)| json!({"from": format_iso8601_utc_seconds(period.interval_start(*a)), "to": format_iso8601_utc_seconds(period.interval_start(*b))})).collect::<Vec<_>>(),
        }),
    })
}

/// The runs of `false` in `covered`, as index ranges `[from, to)`.
fn uncovered_runs(covered: &[bool]) -> Vec<(usize, usize)> {
    let mut runs = Vec::new();
    let mut start = None;
    for (i, &c) in covered.iter().chain([&true]).enumerate() {
        match (c, start) {
            (false, None) => start = Some(i),
            (true, Some(a)) => {
                runs.push((a, i));
                start = None;
            }
            _ => {}
        }
    }
    runs
}

/// A scenario that loads, at the interval [`loadable`] found.
struct Loadable {
    period: Period,
    totals: BTreeMap<String, QueueTotals>,
    /// The queues each profile serves.
    serves: ProfileQueues,
    /// The scenario's text.
    text: String,
    /// Why the interval is longer than the one asked for, when it is.
    widened: Option<String>,
}

/// The period, its totals and the scenario text at the interval asked for
/// if the scenario loads there; else at the shortest longer interval where
/// it does (as for contact records: [`super::pipeline::wider_interval`]),
/// with a note saying so. Three years of 30-minute rows are more intervals
/// than a scenario holds.
fn loadable(
    rows: &[IntervalMetrics],
    roster: &[super::headcount::RosterEntry],
    (origin, first, last): (i64, i64, i64),
    asked_ms: i64,
    thresholds_s: &[f64],
    settings: &ScenarioSettings,
) -> Result<Loadable, MetricsCalibrationError> {
    use super::pipeline::{interval_problem, too_many_intervals, wider_interval, DAY_MS};
    let mut first_problem: Option<String> = None;
    let mut ms = asked_ms;
    loop {
        let period = Period::spanning_from(origin, first, last, ms);
        let problem = if let Some(p) = too_many_intervals(period.intervals) {
            p
        } else {
            let totals = totals(rows, &period);
            let headcount = super::headcount::from_roster(roster, &period).counts;
            let serves = profile_queues(&totals, &headcount);
            let text = scenario(
                &totals,
                &headcount,
                &serves,
                &period,
                thresholds_s,
                settings,
            );
            match interval_problem(&text, settings) {
                None => {
                    let note = first_problem.map(|p| {
                        format!(
                            "Interval widened from {} to {} minutes: at {} minutes the scenario would not load ({p}). \
                             Volumes are summed over the longer intervals, and each takes the roster's headcount at its start; give a shorter period for a finer interval.",
                            asked_ms / 60_000,
                            ms / 60_000,
                            asked_ms / 60_000
                        )
                    });
                    return Ok(Loadable {
                        period,
                        totals,
                        serves,
                        text,
                        widened: note,
                    });
                }
                Some(problem) => problem,
            }
        };
        if ms >= DAY_MS {
            return Err(MetricsCalibrationError(format!(
                "the historical metrics from {} are too long for one scenario even at daily intervals ({problem}) — give a shorter period",
                format_iso8601_utc_seconds(period.start_ms)
            )));
        }
        first_problem.get_or_insert(problem);
        ms = wider_interval(ms);
    }
}

fn mean(sum: f64, n: f64) -> f64 {
    if n > 0.0 {
        sum / n
    } else {
        0.0
    }
}

/// Mean patience from the Erlang A identity, `None` without abandonment:
/// all time in queue over the contacts abandoned, the abandoned contacts'
/// time from the report where it gives it, else taken to be the ASA.
fn patience(t: &QueueTotals) -> Option<f64> {
    let untimed = (t.abandoned - t.abandoned_timed).max(0.0);
    let in_queue = t.asa() * t.answered_from_queue() + t.abandon_time_sum + untimed * t.asa();
    (t.abandoned > 0.0).then(|| in_queue / t.abandoned)
}

/// How [`patience`] read the abandoned contacts' time in queue.
fn patience_basis(t: &QueueTotals) -> &'static str {
    if t.abandoned_timed >= t.abandoned {
        "abandoned contacts' time in queue from `Average queue abandon time`"
    } else if t.abandoned_timed > 0.0 {
        "abandoned contacts' time in queue from `Average queue abandon time` where given, else taken as the ASA"
    } else {
        "no `Average queue abandon time` column: abandoned contacts' time in queue taken as the ASA (add the column for an unbiased patience)"
    }
}

/// Sums the rows per queue; a row longer than an interval spreads its
/// volume over the intervals it covers, in proportion to the overlap.
fn totals(rows: &[IntervalMetrics], period: &Period) -> BTreeMap<String, QueueTotals> {
    let mut out: BTreeMap<String, QueueTotals> = BTreeMap::new();
    for r in rows {
        let t = out.entry(r.queue.clone()).or_insert_with(|| QueueTotals {
            volumes: vec![0.0; period.intervals],
            covered: vec![false; period.intervals],
            ..Default::default()
        });
        let span = (r.end_ms - r.start_ms).max(1) as f64;
        // Only the intervals the row overlaps: the others add nothing, and
        // a long report has tens of thousands of each.
        let from = ((r.start_ms - period.start_ms).max(0) / period.interval_ms) as usize;
        let to = ((r.end_ms - period.start_ms).max(0) as u64)
            .div_ceil(period.interval_ms as u64)
            .min(period.intervals as u64) as usize;
        for i in from..to {
            let (a, b) = (period.interval_start(i), period.interval_start(i + 1));
            let overlap = (b.min(r.end_ms) - a.max(r.start_ms)).max(0) as f64;
            t.volumes[i] += r.contacts_queued as f64 * overlap / span;
            t.covered[i] = true;
        }
        // A row without a length covers the interval of its start.
        if let Some(c) = period.index(r.start_ms).and_then(|i| t.covered.get_mut(i)) {
            *c |= r.end_ms <= r.start_ms;
        }
        let handled = r.contacts_handled.unwrap_or(0) as f64;
        // What the row's averages are over: its handled contacts, or
        // without that column its queued ones.
        let weight = r.contacts_handled.unwrap_or(r.contacts_queued) as f64;
        t.queued += r.contacts_queued as f64;
        t.handled += handled;
        t.handled_given |= r.contacts_handled.is_some();
        t.abandoned += r.contacts_abandoned.unwrap_or(0) as f64;
        if let Some(asa) = r.avg_queue_answer_time_s {
            t.answer_time_sum += asa * weight;
            t.handled_with_asa += weight;
            if weight > 0.0 {
                t.least_asa = Some(t.least_asa.map_or(asa, |l: f64| l.min(asa)));
            }
        }
        if let (Some(wait), Some(n)) = (r.avg_queue_abandon_time_s, r.contacts_abandoned) {
            t.abandon_time_sum += wait * n as f64;
            t.abandoned_timed += n as f64;
        }
        if let Some(aht) = r.avg_handle_time_s {
            t.handle_time_sum += aht * weight;
            t.handled_with_aht += weight;
        }
    }
    out
}

/// The queues each rostered profile serves ([`ProfileQueues::choose`]).
fn profile_queues(
    totals: &BTreeMap<String, QueueTotals>,
    headcount: &BTreeMap<String, Vec<u32>>,
) -> ProfileQueues {
    let queues: Vec<&str> = totals.keys().map(String::as_str).collect();
    let busy: Vec<&str> = totals
        .iter()
        .filter(|(_, t)| t.volumes.iter().any(|v| *v > 0.0))
        .map(|(q, _)| q.as_str())
        .collect();
    ProfileQueues::choose(headcount.keys().map(String::as_str), &queues, &busy)
}

/// Connect's default agent whisper, seconds.
const DEFAULT_AGENT_WHISPER_S: f64 = 2.0;

/// The agent whisper the report allows, when shorter than Connect's
/// default: every answered contact waited in its queue at least the
/// whisper (it plays while the caller is still queued), so a row whose
/// ASA is below the default shows a shorter one — as short as the least
/// ASA, at most (a probe's find: kept at 2 s, every simulated answer
/// waited 2 s where the report showed rows of none).
fn whisper_bound(totals: &BTreeMap<String, QueueTotals>) -> Option<f64> {
    let least = totals
        .values()
        .filter_map(|t| t.least_asa)
        .fold(f64::INFINITY, f64::min);
    (least < DEFAULT_AGENT_WHISPER_S).then_some(least.max(0.0))
}

fn scenario(
    totals: &BTreeMap<String, QueueTotals>,
    headcount: &BTreeMap<String, Vec<u32>>,
    serves: &ProfileQueues,
    period: &Period,
    thresholds_s: &[f64],
    s: &ScenarioSettings,
) -> String {
    let mut t = String::new();
    let _ = writeln!(t, "# Calibrated by `ccsim calibrate` from a historical metrics report (see calibration.json).\n");
    let _ = writeln!(t, "name = {}\n\n[simulation]\nseed = {}\nreplications = {}\nstart = {}\nhorizon = \"{}s\"\ninterval = \"{}s\"\nwarmup = \"0s\"\ndrain = \"{}s\"\n", q(&s.name), s.seed, s.replications, q(&format_iso8601_utc_seconds(period.start_ms)), (period.end_ms() - period.start_ms) / 1000, period.interval_ms / 1000, s.drain_s);
    let thresholds: Vec<String> = thresholds_s.iter().map(|x| format!("\"{x}s\"")).collect();
    // Names the scenario would refuse side by side (`Sales` and `sales`)
    // are written apart, as from records.
    let queues = FileNames::new(totals.keys().map(String::as_str));
    let groups = FileNames::new(headcount.keys().map(String::as_str));
    for name in totals.keys() {
        let _ = writeln!(
            t,
            "[[queues]]\nname = {}\nservice_level_thresholds = [{}]\n",
            queues.q(name),
            thresholds.join(", ")
        );
    }
    // The roster does not say which queues a profile serves: the names
    // may (see `metrics_routing`), else every rostered profile serves
    // every queue.
    let all: Vec<&str> = totals.keys().map(String::as_str).collect();
    let how = match serves {
        ProfileQueues::ByName(_) => "the queues its name names (the report does not say)",
        ProfileQueues::Pooled => "every queue (the report does not say which)",
    };
    for (profile, counts) in headcount {
        let c: Vec<String> = counts.iter().map(u32::to_string).collect();
        let mine: Vec<String> = serves
            .of(profile, &all)
            .iter()
            .map(|n| {
                format!(
                    "{{ queue = {}, priority = 1, delay = \"0s\" }}",
                    queues.q(n)
                )
            })
            .collect();
        let _ = writeln!(t, "[[routing_profiles]]\nname = {}\n# serves {how}\nqueues = [{}]\n\n[[agent_groups]]\nname = {}\nrouting_profile = {}\n# scheduled agents from the roster\nheadcount = [{}]\nauto_accept = true\n", groups.q(profile), mine.join(", "), groups.q(profile), groups.q(profile), c.join(", "));
    }
    if let Some(w) = whisper_bound(totals) {
        let _ = writeln!(t, "[[flows]]\nname = \"Default agent whisper\"\ntype = \"agent_whisper\"\n# no longer than the least average queue answer time of a row ({w} s): every answer waited the whisper, and Connect's 2 s default is longer\nduration = \"{w}s\"\n");
    }
    for (name, tot) in totals {
        if tot.volumes.iter().all(|v| *v <= 0.0) {
            // A scenario's source brings some contacts.
            let _ = writeln!(
                t,
                "# queue {} had no contact queued in the report: no source\n",
                super::toml_text::in_comment(name)
            );
            continue;
        }
        let v: Vec<String> = tot
            .volumes
            .iter()
            .map(|x| format!("{}", (x * 1000.0).round() / 1000.0))
            .collect();
        let _ = writeln!(t, "[[sources]]\nname = {}\nmethod = \"inbound\"\nqueue = {}\nvolume_per_interval = [{}]\n{OBSERVED_COUNTS}\n\n[sources.customer]", q(&format!("{} voice", queues.written(name))), queues.q(name), v.join(", "));
        let _ = writeln!(t, "# mean handle time (talk + hold + ACW) from the report");
        let _ = writeln!(
            t,
            "talk = {{ dist = \"exponential\", mean = \"{:.3}s\" }}",
            tot.aht().max(1.0)
        );
        if let Some(p) = patience(tot) {
            let _ = writeln!(
                t,
                "# Erlang A identity: mean patience = all time in queue / abandoned; {}",
                patience_basis(tot)
            );
            let _ = writeln!(
                t,
                "patience = {{ dist = \"exponential\", mean = \"{:.3}s\" }}",
                p.max(1.0)
            );
        }
        let _ = writeln!(t);
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uncovered_runs_are_found_at_either_end_and_between() {
        let (t, f) = (true, false);
        assert_eq!(uncovered_runs(&[t, t, t]), []);
        assert_eq!(
            uncovered_runs(&[f, t, f, f, t, f]),
            [(0, 1), (2, 4), (5, 6)]
        );
        assert_eq!(uncovered_runs(&[f, f]), [(0, 2)]);
    }
}
