//! The backtest: simulate a scenario over the period it describes, many
//! times, and set the observed center beside it — per queue, interval and
//! metric, the observed value, the simulated mean and the 95 % band the
//! simulated days span (2.5 % and 97.5 % quantiles over replications: where
//! one day of the real center should fall if the scenario is right).
//!
//! Simulated contacts are written as Connect contact records and read back
//! by the same reader as the real ones, so both sides are counted by one
//! definition, whole-second resolution included.

use std::fmt::Write as _;
use std::ops::Range;

use rayon::prelude::*;

use crate::center::ids::{GroupId, QueueId};
use crate::center::spec::CenterSpec;
use crate::center::{run_replication, AgentActivity, ContactRecord, Observer};
use crate::engine::{SimTime, Stall};
use crate::ingest::convert::{convert, Converted};
use crate::ingest::ctr::RawRecord;
use crate::ingest::ObservedContact;
use crate::output::RecordFormatter;
use crate::timefmt::format_iso8601_utc_seconds;

use super::observed::{add_contact, IntervalTally, QueueTallies, METRICS};
use super::period::Period;

/// One queue × interval × metric compared.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    /// Queue name.
    pub queue: String,
    /// Interval index in the period.
    pub interval: usize,
    /// `METRICS[metric]`.
    pub metric: usize,
    /// The observed value.
    pub observed: f64,
    /// Mean over the replications where it is defined.
    pub simulated_mean: f64,
    /// Standard deviation over those replications.
    pub simulated_sd: f64,
    /// The 95 % band of simulated days.
    pub band: (f64, f64),
    /// Replications where the metric is defined.
    pub replications: usize,
}

impl Comparison {
    /// Whether the observed value lies inside the band.
    pub fn inside(&self) -> bool {
        self.band.0 <= self.observed && self.observed <= self.band.1
    }

    /// How far outside, in simulated standard deviations (0 inside).
    pub fn distance(&self) -> f64 {
        if self.inside() {
            return 0.0;
        }
        let gap = (self.observed - self.simulated_mean).abs();
        if self.simulated_sd > 0.0 {
            gap / self.simulated_sd
        } else {
            f64::INFINITY
        }
    }
}

/// The period a scenario simulates, as the backtest cuts it.
pub fn period_of(spec: &CenterSpec) -> Period {
    Period {
        start_ms: spec.start_unix_ms,
        interval_ms: spec.interval.as_millis() as i64,
        intervals: spec.interval_count(),
    }
}

/// Tallies every replication of `spec` (in replication order, on
/// `threads` threads: the result does not depend on them); the first
/// replication whose virtual time stood still is an error.
pub fn simulate(
    spec: &CenterSpec,
    threshold_s: f64,
    threads: usize,
) -> Result<Vec<QueueTallies>, (u32, Stall)> {
    let period = period_of(spec);
    let run = || {
        (0..spec.replications)
            .into_par_iter()
            .map(|r| {
                let tally = Tally {
                    format: RecordFormatter::new(spec, r, 0),
                    period,
                    threshold_s,
                    tallies: QueueTallies::new(),
                };
                let (tally, info) = run_replication(spec, r, tally);
                match info.stalled {
                    Some(stall) => Err((r, stall)),
                    None => Ok(tally.tallies),
                }
            })
            .collect()
    };
    match rayon::ThreadPoolBuilder::new()
        .num_threads(threads.max(1))
        .build()
    {
        Ok(pool) => pool.install(run),
        Err(_) => run(),
    }
}

/// Tallies one replication's records as they end.
struct Tally<'a> {
    format: RecordFormatter<'a>,
    period: Period,
    threshold_s: f64,
    tallies: QueueTallies,
}

/// A simulated record read back by the reader real records go through.
fn contact_from_json(record: &serde_json::Value) -> Option<ObservedContact> {
    let text = serde_json::to_string(record).ok()?;
    let raw: RawRecord = serde_json::from_str(&text).ok()?;
    match convert(raw) {
        Ok(Converted::Contact(c)) => Some(*c),
        _ => None,
    }
}

impl Observer for Tally<'_> {
    fn contact_ended(&mut self, r: &ContactRecord) {
        if let Some(c) = contact_from_json(&self.format.to_json(r)) {
            add_contact(&mut self.tallies, &c, &self.period, self.threshold_s);
        }
    }
    // Unfinished contacts have no DisconnectTimestamp: the reader skips
    // such records as in progress, so they are not counted here either.
    fn contact_unfinished(&mut self, _: &ContactRecord) {}
    fn agent_time(&mut self, _: GroupId, _: AgentActivity, _: SimTime, _: SimTime) {}
    fn queue_level(&mut self, _: QueueId, _: u32, _: SimTime, _: SimTime) {}
}

/// The queues the records and the scenario do not share: (queues of the
/// records' contacts the scenario lacks, queues of the scenario no record
/// names), each sorted. A record's queue the scenario lacks is compared
/// with a simulation that never sends a contact there, and the reverse.
pub fn unmatched_queues(observed: &QueueTallies, spec: &CenterSpec) -> (Vec<String>, Vec<String>) {
    let in_scenario: std::collections::BTreeSet<&str> =
        spec.queues.iter().map(|q| q.name.as_str()).collect();
    let records_only = observed
        .keys()
        .filter(|q| !in_scenario.contains(q.as_str()))
        .cloned()
        .collect();
    let mut scenario_only: Vec<String> = in_scenario
        .into_iter()
        .filter(|q| !observed.contains_key(*q))
        .map(str::to_string)
        .collect();
    scenario_only.sort();
    (records_only, scenario_only)
}

/// What a backtest says before its comparisons: the queues only one side
/// has (compared all the same, one side all zeros; see
/// [`unmatched_queues`]) and how many queued records fall outside the
/// scenario's `period` (not compared; see
/// [`super::observed::queued_outside`]). Empty when there is nothing to
/// say.
pub fn warnings(
    records_only: &[String],
    scenario_only: &[String],
    outside: usize,
    period: &Period,
) -> Vec<String> {
    let mut warnings = Vec::new();
    let mut parts = Vec::new();
    if !records_only.is_empty() {
        parts.push(format!(
            "the records' queue(s) {} are not in the scenario (the simulation sends no contact there)",
            records_only.join(", ")
        ));
    }
    if !scenario_only.is_empty() {
        parts.push(format!(
            "the scenario's queue(s) {} are in no record (the records count no contact there)",
            scenario_only.join(", ")
        ));
    }
    if !parts.is_empty() {
        warnings.push(format!(
            "{}; a queue renamed on one side?",
            parts.join("; ")
        ));
    }
    if outside > 0 {
        warnings.push(format!(
            "{outside} queued contact(s) of the records entered their queue outside the scenario's period ({}) and are not compared",
            period.describe()
        ));
    }
    warnings
}

/// The intervals of `period` the records cover: from the one the earliest
/// contact began in to the one the latest began in. Outside them the
/// records hold nothing — an export of part of the period — and an
/// observed 0 there would be no observation at all; inside, a quiet
/// interval's 0 is one. `None` when no contact began inside the period.
pub fn covered(contacts: &[ObservedContact], period: &Period) -> Option<Range<usize>> {
    let inside = || {
        contacts
            .iter()
            .map(|c| c.initiated_ms)
            .filter(|&t| period.index(t).is_some())
    };
    let first = period.index(inside().min()?)?;
    let last = period.index(inside().max()?)?;
    Some(first..last + 1)
}

/// The warning for the intervals of `period` outside `covered`, if any.
pub fn uncovered_warning(covered: &Range<usize>, period: &Period) -> Option<String> {
    let left_out = period.intervals - covered.len();
    (left_out > 0).then(|| {
        format!(
            "the records' contacts began from the interval of {} to that of {}: the scenario's other {left_out} of {} interval(s) hold no record and are not compared (an export of part of the period?)",
            format_iso8601_utc_seconds(period.interval_start(covered.start)),
            format_iso8601_utc_seconds(period.interval_start(covered.end - 1)),
            period.intervals
        )
    })
}

/// Every defined comparison, queue by queue, interval by interval, over
/// the intervals the records cover ([`covered`]).
pub fn compare(
    observed: &QueueTallies,
    simulated: &[QueueTallies],
    period: &Period,
    covered: &Range<usize>,
) -> Vec<Comparison> {
    let empty = vec![IntervalTally::default(); period.intervals];
    let mut queues: Vec<&String> = observed.keys().collect();
    for s in simulated {
        queues.extend(s.keys());
    }
    queues.sort();
    queues.dedup();
    let mut out = Vec::new();
    for queue in queues {
        let obs = observed.get(queue).unwrap_or(&empty);
        for (i, obs_i) in obs.iter().enumerate() {
            if !covered.contains(&i) {
                continue;
            }
            for m in 0..METRICS.len() {
                let Some(o) = obs_i.metric(m) else { continue };
                let sims: Vec<f64> = simulated
                    .iter()
                    .filter_map(|s| s.get(queue).unwrap_or(&empty)[i].metric(m))
                    .collect();
                if let Some(c) = comparison(queue, i, m, o, sims) {
                    out.push(c);
                }
            }
        }
    }
    out
}

fn comparison(
    queue: &str,
    interval: usize,
    metric: usize,
    observed: f64,
    mut sims: Vec<f64>,
) -> Option<Comparison> {
    if sims.len() < 2 {
        return None;
    }
    sims.sort_by(f64::total_cmp);
    let n = sims.len() as f64;
    let mean = sims.iter().sum::<f64>() / n;
    let sd = (sims.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt();
    Some(Comparison {
        queue: queue.to_string(),
        interval,
        metric,
        observed,
        simulated_mean: mean,
        simulated_sd: sd,
        band: (quantile(&sims, 0.025), quantile(&sims, 0.975)),
        replications: sims.len(),
    })
}

/// The `p` quantile of sorted values (linear interpolation between order
/// statistics, Hyndman–Fan type 7).
pub fn quantile(sorted: &[f64], p: f64) -> f64 {
    let h = (sorted.len() - 1) as f64 * p;
    let (lo, hi) = (h.floor() as usize, h.ceil() as usize);
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}

/// Share of comparisons inside the band, per metric and overall: (metric
/// name, inside, compared).
pub fn coverage(rows: &[Comparison]) -> Vec<(&'static str, usize, usize)> {
    let mut out: Vec<(&'static str, usize, usize)> = METRICS.iter().map(|m| (*m, 0, 0)).collect();
    for r in rows {
        out[r.metric].2 += 1;
        out[r.metric].1 += usize::from(r.inside());
    }
    let inside = rows.iter().filter(|r| r.inside()).count();
    out.push(("all", inside, rows.len()));
    out
}

/// `backtest.csv` (quoted by the csv crate where a queue name needs it).
pub fn to_csv(rows: &[Comparison], period: &Period) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "queue",
        "interval_start",
        "metric",
        "observed",
        "simulated_mean",
        "simulated_sd",
        "band_low",
        "band_high",
        "inside",
        "replications",
    ])?;
    for r in rows {
        w.write_record([
            r.queue.clone(),
            format_iso8601_utc_seconds(period.interval_start(r.interval)),
            METRICS[r.metric].to_string(),
            r.observed.to_string(),
            r.simulated_mean.to_string(),
            r.simulated_sd.to_string(),
            r.band.0.to_string(),
            r.band.1.to_string(),
            r.inside().to_string(),
            r.replications.to_string(),
        ])?;
    }
    w.into_inner().map_err(|e| e.into_error().into())
}

/// The report: the `warnings` first (the queues only one side has, see
/// [`unmatched_queues`]; records not compared, see
/// [`super::observed::queued_outside`]), coverage per metric, and the
/// worst comparisons.
pub fn render(rows: &[Comparison], period: &Period, worst: usize, warnings: &[String]) -> String {
    let mut t = String::from("# Backtest\n\n");
    for w in warnings {
        let _ = writeln!(t, "**Warning:** {w}\n");
    }
    t.push_str("| metric | inside the 95 % band | compared | share |\n|---|---:|---:|---:|\n");
    for (m, inside, n) in coverage(rows) {
        // Nothing compared is no share at all, not 0 %.
        let share = if n > 0 {
            format!("{:.1} %", 100.0 * inside as f64 / n as f64)
        } else {
            "n/a".to_string()
        };
        let _ = writeln!(t, "| {m} | {inside} | {n} | {share} |");
    }
    let mut outside: Vec<&Comparison> = rows.iter().filter(|r| !r.inside()).collect();
    outside.sort_by(|a, b| {
        b.distance()
            .total_cmp(&a.distance())
            .then(a.interval.cmp(&b.interval))
    });
    if !outside.is_empty() {
        let _ = writeln!(t, "\nWorst intervals:\n\n| queue | interval | metric | observed | simulated mean | band |\n|---|---|---|---:|---:|---|");
        for r in outside.iter().take(worst) {
            let _ = writeln!(
                t,
                "| {} | {} | {} | {:.3} | {:.3} | {:.3} – {:.3} |",
                r.queue,
                format_iso8601_utc_seconds(period.interval_start(r.interval)),
                METRICS[r.metric],
                r.observed,
                r.simulated_mean,
                r.band.0,
                r.band.1
            );
        }
    }
    t
}
