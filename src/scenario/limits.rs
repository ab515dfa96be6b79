//! The limits a scenario must keep for a run to finish and fit in memory,
//! each stated with its reason (README.md, "Limits", lists them all), and
//! the checks that refuse what is beyond them with the field path, the
//! limit and the fix.
//!
//! These are the *hard* limits: they protect the machine (memory, the
//! clock, the file system) and no flag lifts them. Some are checked while
//! the table they concern is read, before anything is allocated from it (a
//! horizon of 10¹⁸ seconds must not make validation itself allocate a row
//! per interval); the rest once the whole scenario is known (`check`).
//! The *soft* limit — how much work a run may take before the user says
//! they mean it (`--no-limits`) — belongs to the command line, as does the
//! memory of more than one worker thread.

use std::collections::BTreeMap;

use crate::center::spec::{Arrivals, CenterSpec};
use crate::engine::SimDuration;
use crate::stats::work::{human_bytes, human_count, human_seconds, MemoryDriver, WorkEstimate};

use super::check::Check;
use super::duration::RawDuration;
use super::error::{Problem, ProblemKind};
use super::raw::RawScenario;

/// The largest scenario file read: a hand-written or calibrated scenario is
/// a few kilobytes, a replayed day of arrival times a few megabytes; a file
/// beyond is not a scenario (and `/dev/zero` would be read forever).
pub const MAX_SCENARIO_BYTES: u64 = 16 * 1024 * 1024;

/// The longest horizon (and drain): 1,000 years. The clock (milliseconds in
/// 64 bits) would hold far more, but the dates the outputs print must stay
/// calendar dates, and a longer study is a typo.
pub const MAX_HORIZON: SimDuration = SimDuration::from_secs(1000 * 365 * 86_400);

/// The most intervals (horizon ÷ interval): every interval is a row of
/// counters per queue, method and channel in every replication in flight,
/// and a dozen metrics per scope in the outputs. 20,000 holds a year of
/// half hours.
pub const MAX_INTERVALS: usize = 20_000;

/// The most holds a conversation may average (a customer's
/// `holds.mean_count`): more is a typo, or a record's count gone wrong.
pub const MAX_MEAN_HOLDS: f64 = 10.0;

/// Connect gives up ringing after about this many seconds; a longer mean
/// ring is a mistake.
pub const MAX_MEAN_RING_SECS: f64 = 60.0;

/// The most replications: a confidence interval narrows as 1/√n, so a
/// million pin a mean to a thousandth of one replication's spread; beyond,
/// an extra zero is likelier than intent.
pub const MAX_REPLICATIONS: u32 = 1_000_000;

/// The clock's resolution, ms: the finest mean gap between two arrivals of
/// one source, or two outbound dials of one agent. A random gap is rounded
/// to the millisecond; gaps finer than that on average would stop virtual
/// time (a gap of 0 ms, again and again).
pub const CLOCK_MS: f64 = 1.0;

/// The highest rate one source or one agent's dialling may have: one per
/// clock tick on average, 3,600,000 an hour.
pub const MAX_RATE_PER_HOUR: f64 = 3_600_000.0 / CLOCK_MS;

/// The longest name of a queue, an agent group or the scenario: names
/// become file and folder names (`histograms/queue-<name>-wait.hdr`), which
/// most file systems cap at 255 bytes.
pub const MAX_NAME_CHARS: usize = 128;

/// The most service-level thresholds per queue: each adds two metrics per
/// scope and interval (and a file column); Connect's reports offer a
/// handful.
pub const MAX_THRESHOLDS: usize = 20;

/// The most arrival times over all sources: each is held in memory, and
/// all of them may fall in one millisecond (the engine's bound on events at
/// one instant must stay far away).
pub const MAX_ARRIVAL_TIMES: usize = 1_000_000;

/// The most memory a run may be estimated to need with one worker thread
/// (the command line fits more threads under the same budget, or uses
/// fewer): 2 GiB, what a laptop spares without swapping. Estimates are
/// rough, so the budget stays well under what machines have.
pub const MEMORY_BUDGET: u64 = 2 * 1024 * 1024 * 1024;

/// The most events one command may be estimated to simulate (every
/// replication, every sweep point; for a staffing search, every staffing it
/// tries) before it needs `--no-limits`: a billion events are minutes on one
/// thread, and past them a typo (a horizon in years, an extra zero in the
/// replications) is likelier than intent. The one *soft* limit: the
/// command line checks it, and `--no-limits` lifts it.
pub const WORK_LIMIT_EVENTS: f64 = 1.0e9;

/// The most bytes one command may be estimated to write (every sweep
/// point's files, every contact record) before it needs `--no-limits`,
/// like [`WORK_LIMIT_EVENTS`]: 10 GiB. A minute interval over two weeks
/// in a grid of a hundred points, or a year of records, passes it; a
/// slip of the unit is likelier than a wish for that much.
pub const OUTPUT_LIMIT_BYTES: u64 = 10 * 1024 * 1024 * 1024;

/// `name` as the outputs put it in a file name: ASCII letters, digits, `-`
/// and `_` kept, anything else `_`.
pub fn file_safe(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// The horizon (`simulation.horizon`) or drain, checked: positive (if
/// `positive`), at most [`MAX_HORIZON`]; a stand-in of one hour otherwise,
/// so nothing is allocated from a nonsense value.
pub(super) fn span(c: &mut Check, path: &str, d: RawDuration, positive: bool) -> SimDuration {
    let v = if positive {
        c.positive_duration(path, d, "8h")
    } else {
        c.duration(path, d)
    };
    if d.0.is_finite() && d.0 > MAX_HORIZON.as_secs_f64() {
        c.fail(
            path,
            format!("{} is longer than the limit, 1,000 years", human_seconds(d.0)),
            "give a span of at most \"365000d\"; for a long study, a longer interval keeps the outputs small",
        );
        return SimDuration::from_secs(3600);
    }
    v
}

/// The interval (`simulation.interval`), checked against the horizon: at
/// most [`MAX_INTERVALS`] of them; a stand-in of the whole horizon
/// otherwise.
pub(super) fn interval(c: &mut Check, horizon: SimDuration, interval: SimDuration) -> SimDuration {
    if interval == SimDuration::ZERO {
        return interval;
    }
    let n = horizon.as_millis().div_ceil(interval.as_millis());
    if n > MAX_INTERVALS as u64 {
        let shortest = SimDuration(horizon.as_millis().div_ceil(MAX_INTERVALS as u64));
        c.fail(
            "simulation.interval",
            format!(
                "{} intervals of {interval} in a horizon of {horizon}; the limit is {} intervals",
                human_count(n as f64),
                human_count(MAX_INTERVALS as f64)
            ),
            format!("make the interval at least {shortest}, or the horizon shorter"),
        );
        return horizon.max(SimDuration(1));
    }
    interval
}

/// `simulation.replications`, checked: 1 to [`MAX_REPLICATIONS`].
pub(super) fn replications(c: &mut Check, n: i64) -> u32 {
    match replications_problem(n, "simulation.replications") {
        None => u32::try_from(n).unwrap_or(1),
        Some(p) => {
            c.problems.push(p);
            1
        }
    }
}

/// Why `n` replications (given at `path`: the field, or `--replications`)
/// are not allowed, if they are not.
pub fn replications_problem(n: i64, path: &str) -> Option<Problem> {
    if n < 1 {
        return Some(Problem {
            path: path.into(),
            message: format!("{n} replications"),
            hint: "run at least 1 replication, e.g. replications = 20".into(),
            kind: ProblemKind::Input,
        });
    }
    if n > i64::from(MAX_REPLICATIONS) {
        return Some(Problem {
            path: path.into(),
            // Exact: a count just past the limit must not read as the limit.
            message: format!(
                "{} replications; the limit is {}",
                crate::stats::work::grouped(n.unsigned_abs()),
                crate::stats::work::grouped(u64::from(MAX_REPLICATIONS))
            ),
            hint: "a confidence interval narrows as 1/√n: 20–100 replications are usual, 10,000 already very tight".into(),
            kind: ProblemKind::Input,
        });
    }
    None
}

/// The limits that need the whole scenario: names that become files,
/// rates finer than the clock, thresholds, arrival times, and the memory
/// one worker would need.
pub(super) fn check(c: &mut Check, raw: &RawScenario, spec: &CenterSpec) {
    names(c, raw, spec);
    rates(c, raw, spec);
    for (i, q) in raw.queues.iter().enumerate() {
        let n = q.service_level_thresholds.as_ref().map_or(0, Vec::len);
        if n > MAX_THRESHOLDS {
            c.fail(
                format!("queues[{i}].service_level_thresholds"),
                format!("{n} thresholds; the limit is {MAX_THRESHOLDS}"),
                "keep the thresholds you report on, e.g. [\"20s\", \"60s\"]",
            );
        }
    }
    let times: usize = spec
        .sources
        .iter()
        .map(|s| match &s.arrivals {
            Arrivals::Scheduled(t) => t.len(),
            Arrivals::Poisson(_) => 0,
        })
        .sum();
    if times > MAX_ARRIVAL_TIMES {
        c.fail(
            "sources",
            format!(
                // Exact: a rounded count can read the same as the limit.
                "{times} arrival times in all; the limit is {MAX_ARRIVAL_TIMES}"
            ),
            "replay a shorter period, or give a rate (volume_per_interval) instead of every arrival",
        );
    }
    if c.problems.is_empty() {
        memory(c, raw, spec);
    }
}

/// Names that become file names: short enough, and distinct once made
/// file-safe (case aside: some file systems ignore it).
fn names(c: &mut Check, raw: &RawScenario, spec: &CenterSpec) {
    let long = |c: &mut Check, path: String, name: &str| {
        let n = name.chars().count();
        if n > MAX_NAME_CHARS {
            c.fail(
                path,
                format!("the name is {n} characters long; the limit is {MAX_NAME_CHARS}"),
                "names become file names: shorten it",
            );
        }
    };
    if let Some(name) = &raw.name {
        long(c, "name".into(), name);
    }
    for (i, q) in raw.queues.iter().enumerate() {
        long(c, format!("queues[{i}].name"), &q.name);
    }
    for (i, g) in raw.agent_groups.iter().enumerate() {
        long(c, format!("agent_groups[{i}].name"), &g.name);
    }
    // Queues (their histogram files), agent queues included.
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for (i, q) in spec.queues.iter().enumerate() {
        let key = file_safe(&q.name).to_lowercase();
        let Some(&j) = seen.get(&key) else {
            seen.insert(key, i);
            continue;
        };
        let first = &spec.queues[j];
        let (path, other) = match (q.agent_queue_of, first.agent_queue_of) {
            // The user's queue is named; an agent queue takes its group's
            // name.
            (Some(g), _) => (
                format!("queues[{j}].name"),
                format!("the agent queue of group `{}`", spec.groups[g.index()].name),
            ),
            _ => (
                format!("queues[{i}].name"),
                format!("queue `{}`", first.name),
            ),
        };
        c.fail(
            path,
            format!(
                "`{}` and {other} would write the same files (histograms/queue-{}-….hdr)",
                q.name,
                file_safe(&q.name)
            ),
            "names become file names with anything but letters, digits, - and _ replaced by _ (and case ignored): rename one",
        );
    }
    // Groups (their staffing plots).
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for (i, g) in raw.agent_groups.iter().enumerate() {
        let key = file_safe(&g.name).to_lowercase();
        if let Some(&j) = seen.get(&key) {
            c.fail(
                format!("agent_groups[{i}].name"),
                format!(
                    "`{}` and group `{}` would write the same files (staffing_per_interval_{}.svg)",
                    g.name,
                    raw.agent_groups[j].name,
                    file_safe(&g.name)
                ),
                "names become file names with anything but letters, digits, - and _ replaced by _ (and case ignored): rename one",
            );
        } else {
            seen.insert(key, i);
        }
    }
}

/// Rates whose mean gap is finer than the clock.
fn rates(c: &mut Check, raw: &RawScenario, spec: &CenterSpec) {
    let max_per_ms = 1.0 / CLOCK_MS;
    for (i, s) in spec.sources.iter().enumerate() {
        let Arrivals::Poisson(rates) = &s.arrivals else {
            continue;
        };
        let Some((k, &r)) = rates.iter().enumerate().find(|(_, r)| **r > max_per_ms) else {
            continue;
        };
        let field = match raw.sources.get(i) {
            Some(r) if r.volume_per_interval.is_some() => {
                format!("sources[{i}].volume_per_interval[{k}]")
            }
            _ => format!("sources[{i}].rate_per_hour"),
        };
        c.fail(
            field,
            format!(
                "{} arrivals an hour (rate_scale included) means a mean gap of {} ms, finer than the simulation clock ({CLOCK_MS} ms); the limit is {} an hour per source",
                human_count(r * 3_600_000.0),
                gap_ms(1.0 / r),
                human_count(MAX_RATE_PER_HOUR)
            ),
            "check the units (contacts per hour); split a larger volume over several sources",
        );
    }
    for (i, k) in spec.campaigns.iter().enumerate() {
        if k.group.is_none() && k.dials_per_hour > MAX_RATE_PER_HOUR {
            c.fail(
                format!("campaigns[{i}].dials_per_hour"),
                format!(
                    "{} dials an hour means a mean gap of {} ms, finer than the simulation clock ({CLOCK_MS} ms); the limit is {}",
                    human_count(k.dials_per_hour),
                    gap_ms(3_600_000.0 / k.dials_per_hour),
                    human_count(MAX_RATE_PER_HOUR)
                ),
                "check the units (dial attempts per hour, e.g. 600)",
            );
        }
    }
    for (i, g) in spec.groups.iter().enumerate() {
        match &g.outbound {
            Some(o) if o.calls_per_hour > MAX_RATE_PER_HOUR => c.fail(
                format!("agent_groups[{i}].outbound.calls_per_hour"),
                format!(
                    "{} calls per agent-hour means a mean gap of {} ms, finer than the simulation clock ({CLOCK_MS} ms); the limit is {}",
                    human_count(o.calls_per_hour),
                    gap_ms(3_600_000.0 / o.calls_per_hour),
                    human_count(MAX_RATE_PER_HOUR)
                ),
                "check the units (calls per agent per hour, e.g. 12)",
            ),
            _ => {}
        }
    }
}

/// A gap in milliseconds, readable however small: `0.36`, `3.6e-9`.
fn gap_ms(ms: f64) -> String {
    if ms >= 0.01 {
        format!("{ms:.2}")
    } else {
        format!("{ms:.1e}")
    }
}

/// The memory one worker thread would need, against [`MEMORY_BUDGET`].
fn memory(c: &mut Check, raw: &RawScenario, spec: &CenterSpec) {
    let est = WorkEstimate::of(spec);
    let need = est.peak_bytes(1, 1);
    if need <= MEMORY_BUDGET {
        return;
    }
    let Some(top) = est.memory(1, 1).first().copied() else {
        return;
    };
    let budget = human_bytes(MEMORY_BUDGET);
    let (path, why, fix) = match top.driver {
        MemoryDriver::Backlog { source, callbacks } => (
            source_rate_path(raw, source),
            format!(
                "about {} contacts would be in the center at once ({:.0} erlangs offered to {} agent slots; {})",
                human_count(est.in_flight),
                est.offered_erlangs,
                human_count(est.agent_slots),
                if callbacks {
                    "callers waiting beyond what the agents take are offered callbacks, and callbacks never give up: they pile up in their queue"
                } else {
                    "arrivals beyond what the agents take pile up in queue"
                }
            ),
            if callbacks {
                "lower the rate, add agents, or cap the callbacks' queue (capacity = …)"
            } else {
                "lower the rate, add agents, give customers a patience, or cap the queue (capacity = …)"
            },
        ),
        MemoryDriver::Agents => (
            largest_group_path(spec),
            format!("{} agents", human_count(est.agent_slots)),
            "fewer agents",
        ),
        MemoryDriver::Histograms => (
            "queues".to_string(),
            format!(
                "{} queues keep five histograms each, in every replication in flight",
                spec.queues.len()
            ),
            "fewer queues: model queues that share agents and targets as one",
        ),
        MemoryDriver::Intervals => (
            "simulation.interval".to_string(),
            format!(
                "{} intervals × {} metrics per interval",
                human_count(spec.interval_count() as f64),
                human_count(est.entries as f64 / spec.interval_count().max(1) as f64)
            ),
            "longer intervals, or a shorter horizon",
        ),
        MemoryDriver::Thresholds { queue } => (
            format!("queues[{queue}].service_level_thresholds"),
            "service-level metrics at every threshold, per scope and interval".to_string(),
            "fewer thresholds, or longer intervals",
        ),
    };
    c.fail_as(
        ProblemKind::BeyondMemory,
        path,
        format!(
            "the run would need about {} of memory, beyond the limit of {budget}: {why}",
            human_bytes(need)
        ),
        fix,
    );
}

/// The field that sets source `i`'s rate.
fn source_rate_path(raw: &RawScenario, i: usize) -> String {
    match raw.sources.get(i) {
        Some(s) if s.volume_per_interval.is_some() => format!("sources[{i}].volume_per_interval"),
        Some(s) if s.arrival_times.is_some() => format!("sources[{i}].arrival_times"),
        _ => format!("sources[{i}].rate_per_hour"),
    }
}

/// The headcount of the largest agent group.
fn largest_group_path(spec: &CenterSpec) -> String {
    let g = spec
        .groups
        .iter()
        .enumerate()
        .max_by_key(|(i, g)| {
            (
                g.headcount.iter().copied().max().unwrap_or(0),
                std::cmp::Reverse(*i),
            )
        })
        .map(|(i, _)| i)
        .unwrap_or(0);
    format!("agent_groups[{g}].headcount")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_safe_names_keep_letters_digits_dash_and_underscore() {
        assert_eq!(file_safe("a/b"), "a_b");
        assert_eq!(file_safe("a_b"), "a_b");
        assert_eq!(file_safe("Süd-1"), "S_d-1");
    }

    #[test]
    fn replications_past_the_limit_are_counted_exactly() {
        let p = replications_problem(1_000_001, "--replications");
        let message = p.map(|p| p.message).unwrap_or_default();
        assert_eq!(message, "1,000,001 replications; the limit is 1,000,000");
        assert!(replications_problem(1_000_000, "--replications").is_none());
    }

    #[test]
    fn the_limits_hold_together() {
        // A year of half hours fits the interval cap; the longest horizon
        // in milliseconds is exact in an f64 and far from the clock's end.
        const {
            assert!(365 * 48 <= MAX_INTERVALS);
            assert!(MAX_HORIZON.0 < 1 << 53);
        }
        assert_eq!(MAX_RATE_PER_HOUR, 3_600_000.0);
        assert!(replications_problem(0, "x").is_some());
        assert!(replications_problem(i64::from(MAX_REPLICATIONS), "x").is_none());
        assert!(replications_problem(i64::from(MAX_REPLICATIONS) + 1, "x").is_some());
    }
}
