//! The backtest: simulate a scenario over the period it describes, many
//! times, and set the observed center beside it — per queue, interval and
//! metric, the observed value, the simulated mean and the band of
//! simulated days where one day of the real center should fall if the
//! scenario is right.
//!
//! The band is a prediction interval from order statistics: of N
//! simulated values sorted, the j-th to the (N + 1 − j)-th, with
//! j = max(1, ⌊0.025 (N + 1)⌋). A new value from the same model falls
//! between them with probability (N + 1 − 2j)/(N + 1) — at least that
//! for counts, whose ties only widen the band: 95 % from N = 39, 90.5 % at
//! N = 20. (The 2.5 % and 97.5 % quantiles of the N values, as this used to
//! be, bound where the model's days lie, not where a new one falls: at
//! N = 20 they held 86 % of a correct model's days.) Each comparison
//! carries its band's probability, and the report sets the share inside
//! beside the share expected.
//!
//! An interval where neither the records nor any simulated day has a
//! contact (a closed night, a weekend) is not compared: both sides are 0
//! by construction and would pad the share inside.
//!
//! Simulated contacts are written as Connect contact records and read back
//! by the same reader as the real ones, so both sides are counted by one
//! definition, whole-second resolution included.
//!
//! A scenario calibrated from the records carries the volumes that
//! arrived (`arrival_counts = "observed"`): the simulated days bring them
//! exactly, so the band is the spread of days given what came. A Poisson
//! count around them would be a second draw the real day did not have —
//! wider bands, and (waits being convex in load) longer waits on average:
//! all_methods' records backtested 0.7–8 s of ASA above what was observed
//! that way, queue by queue.

use std::fmt::Write as _;
use std::ops::Range;

use rayon::prelude::*;

use crate::center::ids::{GroupId, QueueId};
use crate::center::spec::{ArrivalCounts, Arrivals, CenterSpec};
use crate::center::{run_replication, AgentActivity, ContactRecord, Observer};
use crate::engine::{SimTime, Stall};
use crate::ingest::agent_queues::agent_queue_name;
use crate::ingest::convert::{convert, Converted};
use crate::ingest::ctr::RawRecord;
use crate::ingest::ObservedContact;
use crate::output::RecordFormatter;
use crate::timefmt::format_iso8601_utc_seconds;

use super::observed::{add_contact, IntervalTally, QueueTallies, COUNTS, METRICS};
use super::period::Period;

/// How a backtest's simulated days draw each source's arrivals per
/// interval (`--arrival-counts`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BacktestCounts {
    /// As each source says, its volumes counted in the records
    /// (`observed`) exactly.
    Scenario,
    /// Every source's volumes exactly.
    Exact,
    /// A Poisson count around every source's volumes.
    Poisson,
}

/// Sets each source's arrival counts for the backtest's simulated days;
/// returns the sentence `backtest.md` says of them (empty when every
/// source lists its arrival times).
pub fn set_arrival_counts(spec: &mut CenterSpec, how: BacktestCounts) -> String {
    let (mut exact, mut poisson) = (0usize, 0usize);
    for s in &mut spec.sources {
        if !matches!(s.arrivals, Arrivals::Poisson(_)) {
            continue; // exact times: exact already
        }
        s.arrival_counts = match (how, s.arrival_counts) {
            (BacktestCounts::Exact, _)
            | (BacktestCounts::Scenario, ArrivalCounts::Exact | ArrivalCounts::Observed) => {
                exact += 1;
                ArrivalCounts::Exact
            }
            (BacktestCounts::Poisson, _) | (BacktestCounts::Scenario, ArrivalCounts::Poisson) => {
                poisson += 1;
                ArrivalCounts::Poisson
            }
        };
    }
    match (exact, poisson) {
        (0, 0) => String::new(),
        (_, 0) => "Arrivals: every source brings each interval's volume exactly, at random times within it — the band is the spread of days given the contacts that came.".to_string(),
        (0, _) => "Arrivals: a Poisson count around each interval's volume — the band holds the spread of the arrivals too (right for a forecast; for the scenario calibrated from these records, `--arrival-counts scenario` reproduces the volumes they counted).".to_string(),
        (e, p) => format!("Arrivals: {e} source(s) bring each interval's volume exactly, {p} a Poisson count around it."),
    }
}

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
    /// The band of simulated days (see the module doc).
    pub band: (f64, f64),
    /// The probability that a new day of a correct scenario falls inside
    /// `band`: (N + 1 − 2j)/(N + 1) (at least that for counts).
    pub band_probability: f64,
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
    let compared_names = compared_names(spec);
    let run = || {
        (0..spec.replications)
            .into_par_iter()
            .map(|r| {
                let tally = Tally {
                    format: RecordFormatter::new(spec, r, 0),
                    compared_names: &compared_names,
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
    /// [`compared_names`].
    compared_names: &'a [Option<String>],
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
        if let Some(mut c) = contact_from_json(&self.format.to_json(r)) {
            // Named as the records' agent queues are read (the record
            // gives its agent's own queue, as Connect's do).
            if let (Some(q), Some(name)) = (
                c.queue.as_mut(),
                r.queue
                    .and_then(|q| self.compared_names[q.index()].as_ref()),
            ) {
                q.name.clone_from(name);
            }
            add_contact(&mut self.tallies, &c, &self.period, self.threshold_s);
        }
    }
    // Unfinished contacts have no DisconnectTimestamp: the reader skips
    // such records as in progress, so they are not counted here either.
    fn contact_unfinished(&mut self, _: &ContactRecord) {}
    fn agent_time(&mut self, _: GroupId, _: AgentActivity, _: SimTime, _: SimTime) {}
    fn queue_level(&mut self, _: QueueId, _: u32, _: SimTime, _: SimTime) {}
}

/// Per queue of `spec`, the name the backtest compares a group's agent
/// queue under (`None` for any other queue, compared by its own name):
/// records name an agent's own queue after the agent's routing profile
/// ([`crate::ingest::agent_queues`]), as they know no agent groups.
fn compared_names(spec: &CenterSpec) -> Vec<Option<String>> {
    spec.queues
        .iter()
        .map(|q| {
            q.agent_queue_of.map(|g| {
                let profile = spec.groups[g.index()].profile;
                agent_queue_name(&spec.profiles[profile.index()].name)
            })
        })
        .collect()
}

/// The queues the records and the scenario do not share: (queues of the
/// records' contacts the scenario lacks, queues of the scenario no record
/// names), each sorted. A record's queue the scenario lacks is compared
/// with a simulation that never sends a contact there, and the reverse.
pub fn unmatched_queues(observed: &QueueTallies, spec: &CenterSpec) -> (Vec<String>, Vec<String>) {
    let names = compared_names(spec);
    let in_scenario: std::collections::BTreeSet<&str> = spec
        .queues
        .iter()
        .zip(&names)
        .map(|(q, agent_queue)| agent_queue.as_deref().unwrap_or(&q.name))
        .collect();
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
                if o == 0.0 && m < COUNTS && sims.iter().all(|&x| x == 0.0) {
                    // No contact on either side: nothing to compare.
                    continue;
                }
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
    let (j, probability) = band_rank(sims.len());
    Some(Comparison {
        queue: queue.to_string(),
        interval,
        metric,
        observed,
        simulated_mean: mean,
        simulated_sd: sd,
        band: (sims[j - 1], sims[sims.len() - j]),
        band_probability: probability,
        replications: sims.len(),
    })
}

/// For `n` simulated values, the rank j (1-based) of the band's lower end
/// — its upper end is rank n + 1 − j — and the probability that a new
/// value of the same model falls between them: the narrowest symmetric
/// pair of order statistics that leaves at most 2.5 % of the probability
/// outside on each side (so holds at least 95 %), or the whole range when
/// `n` is too small for that (n < 39).
pub fn band_rank(n: usize) -> (usize, f64) {
    let j = ((0.025 * (n + 1) as f64).floor() as usize).max(1);
    (j, (n + 1 - 2 * j) as f64 / (n + 1) as f64)
}

/// One metric's (or all metrics') comparisons against their bands.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Coverage {
    /// `METRICS[k]`, or "all".
    pub metric: &'static str,
    /// Comparisons whose observed value lies inside the band.
    pub inside: usize,
    /// Comparisons made.
    pub compared: usize,
    /// The share inside a correct scenario gives on average (at least,
    /// for counts): the mean of the comparisons' band probabilities.
    pub expected: f64,
}

/// Share of comparisons inside the band, per metric and overall, with the
/// share a correct scenario would give.
pub fn coverage(rows: &[Comparison]) -> Vec<Coverage> {
    let tally = |metric: &'static str, of: &mut dyn Iterator<Item = &Comparison>| {
        let (mut inside, mut compared, mut expected) = (0, 0, 0.0);
        for r in of {
            inside += usize::from(r.inside());
            compared += 1;
            expected += r.band_probability;
        }
        Coverage {
            metric,
            inside,
            compared,
            expected: if compared > 0 {
                expected / compared as f64
            } else {
                f64::NAN
            },
        }
    };
    let mut out: Vec<Coverage> = METRICS
        .iter()
        .enumerate()
        .map(|(k, m)| tally(m, &mut rows.iter().filter(|r| r.metric == k)))
        .collect();
    out.push(tally("all", &mut rows.iter()));
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
        "band_probability",
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
            r.band_probability.to_string(),
        ])?;
    }
    w.into_inner().map_err(|e| e.into_error().into())
}

/// The report: the `warnings` first (the queues only one side has, see
/// [`unmatched_queues`]; records not compared, see
/// [`super::observed::queued_outside`]), coverage per metric, and the
/// worst comparisons.
pub fn render(
    rows: &[Comparison],
    period: &Period,
    worst: usize,
    warnings: &[String],
    arrivals: &str,
) -> String {
    let mut t = String::from("# Backtest\n\n");
    for w in warnings {
        let _ = writeln!(t, "**Warning:** {w}\n");
    }
    if !arrivals.is_empty() {
        let _ = writeln!(t, "{arrivals}\n");
    }
    t.push_str("Each band holds a day of a correct scenario with the probability in the last column (at least that for the counts): a share inside well below it says the scenario misses the center.\n\n");
    t.push_str("| metric | inside the band | compared | share | expected of a correct scenario |\n|---|---:|---:|---:|---:|\n");
    for c in coverage(rows) {
        // Nothing compared is no share at all, not 0 %.
        let (share, expected) = if c.compared > 0 {
            (
                format!("{:.1} %", 100.0 * c.inside as f64 / c.compared as f64),
                format!("{:.1} %", 100.0 * c.expected),
            )
        } else {
            ("n/a".to_string(), "n/a".to_string())
        };
        let _ = writeln!(
            t,
            "| {} | {} | {} | {share} | {expected} |",
            c.metric, c.inside, c.compared
        );
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
                super::markdown::cell(&r.queue),
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

#[cfg(test)]
mod tests {
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    use super::*;

    #[test]
    fn the_band_is_the_whole_range_until_39_days_give_95_percent() {
        assert_eq!(band_rank(2), (1, 1.0 / 3.0));
        assert_eq!(band_rank(20), (1, 19.0 / 21.0));
        assert_eq!(band_rank(39), (1, 0.95));
        assert_eq!(band_rank(79), (2, 0.95));
        assert_eq!(band_rank(100), (2, 97.0 / 101.0));
    }

    /// A new value of the model the band was drawn from falls inside it
    /// with the probability the comparison states: 20,000 trials each of
    /// N exponential days and one more, the share inside within its 99 %
    /// binomial interval of (N + 1 − 2j)/(N + 1). The 2.5 % / 97.5 %
    /// quantiles of the N days (the band before) held 86 % at N = 20.
    #[test]
    fn a_new_day_of_the_same_model_falls_in_the_band_as_often_as_it_says() {
        let mut rng = ChaCha8Rng::seed_from_u64(52);
        let trials = 20_000;
        for n in [20usize, 39, 100] {
            let mut inside = 0;
            let mut said = 0.0;
            for _ in 0..trials {
                let mut day = || -(1.0 - rng.gen::<f64>()).ln();
                let sims: Vec<f64> = (0..n).map(|_| day()).collect();
                let observed = day();
                let c = comparison("q", 0, 0, observed, sims)
                    .unwrap_or_else(|| panic!("{n} days make a band"));
                inside += usize::from(c.inside());
                said = c.band_probability;
            }
            let share = inside as f64 / f64::from(trials);
            let half = 2.576 * (said * (1.0 - said) / f64::from(trials)).sqrt();
            assert!(
                (share - said).abs() <= half,
                "N = {n}: {share:.4} inside, the band says {said:.4} ± {half:.4}"
            );
        }
    }

    /// Closed intervals — nothing queued in the records nor on any
    /// simulated day — are not compared; an interval with contacts on one
    /// side is.
    #[test]
    fn an_interval_without_contacts_on_either_side_is_not_compared() {
        let period = Period {
            start_ms: 0,
            interval_ms: 1_800_000,
            intervals: 2,
        };
        let busy = IntervalTally {
            queued: 3,
            answered: 3,
            answered_within: 3,
            timed: 3,
            handle_s: 300.0,
            ..IntervalTally::default()
        };
        let tallies = |second: IntervalTally| {
            QueueTallies::from([("q".to_string(), vec![IntervalTally::default(), second])])
        };
        let observed = tallies(IntervalTally::default());
        let simulated = vec![tallies(busy), tallies(IntervalTally::default())];
        let rows = compare(&observed, &simulated, &period, &(0..2));
        // Interval 0: nothing anywhere. Interval 1: observed 0 queued and
        // handled, against a day with three.
        assert!(rows.iter().all(|r| r.interval == 1), "{rows:?}");
        assert_eq!(rows.iter().map(|r| r.metric).collect::<Vec<_>>(), [0, 1]);
    }
}
