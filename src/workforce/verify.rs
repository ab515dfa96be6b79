//! Verification by simulation, and repair: the scenario run with the
//! schedule (breaks, absenteeism and aux time drawn per replication) on
//! seeds neither the requirement search nor the schedule's test uses;
//! every interval that misses a target gets one more agent in its
//! requirement, and the program is solved again — up to a stated number of
//! rounds.

use crate::center::spec::CenterSpec;
use crate::staffing::search::{simulate, StaffingOptions};
use crate::staffing::targets::{check_interval, misses_only_within_ci, Check};
use crate::stats::Summary;

use super::error::ScheduleError;
use super::program::Objective;
use super::schedule::{schedule_group, with_schedule, GroupSchedule, Menu};

/// Added to the scenario's seed for the verification runs: the search
/// simulates on the seed itself and checks on seed + 0x5eed
/// (`staffing::per_interval`); this is neither.
pub const VERIFY_SEED_OFFSET: u64 = 0x5c4e_d01e;

/// How a schedule is built and verified.
#[derive(Debug, Clone, Copy)]
pub struct ScheduleOptions {
    /// What the program minimises.
    pub objective: Objective,
    /// Confidence, threads and limits of every simulation.
    pub staffing: StaffingOptions,
    /// Most solve-and-simulate rounds.
    pub max_iterations: usize,
}

/// A schedule and how it did in simulation.
#[derive(Debug, Clone)]
pub struct Verified {
    /// Each scheduled group's schedule.
    pub groups: Vec<GroupSchedule>,
    /// The targets per interval, on the verification seeds.
    pub checks: Vec<Check>,
    /// The verification run.
    pub summary: Summary,
    /// Solve-and-simulate rounds done.
    pub iterations: usize,
    /// Intervals (after the warm-up) that still miss a target.
    pub missed: Vec<usize>,
    /// Those of `missed` no longer raised: each misses only by its mean,
    /// with the target inside the 95 % confidence interval, and
    /// [`STUCK_BEFORE_SETTLING`] raises in a row left it no closer — an
    /// interval of a handful of contacts, where one abandoned call is a
    /// large rate whatever the staffing. Raising it further would add
    /// shifts for noise.
    pub settled: Vec<usize>,
}

/// Raises in a row that leave a missed interval no closer before it is
/// settled (see [`Verified::settled`]).
pub const STUCK_BEFORE_SETTLING: u32 = 2;

/// `spec` with the seed of the verification runs.
pub fn verification_spec(spec: &CenterSpec) -> CenterSpec {
    let mut s = spec.clone();
    s.seed = spec.seed.wrapping_add(VERIFY_SEED_OFFSET);
    s
}

/// Solves every group in `groups` for `required` (agents present, per
/// group of the scenario and interval), covering in full the intervals
/// marked in `firm` (per group of the scenario; missing groups: none).
pub fn solve_all(
    spec: &CenterSpec,
    menu: &Menu,
    groups: &[usize],
    required: &[Vec<u32>],
    firm: &[Vec<bool>],
    objective: Objective,
) -> Result<Vec<GroupSchedule>, ScheduleError> {
    groups
        .iter()
        .map(|&g| {
            let s = spec.groups[g].shrinkage.total();
            let firm = firm.get(g).map(Vec::as_slice).unwrap_or(&[]);
            schedule_group(spec, menu, g, &required[g], firm, s, objective)
        })
        .collect()
}

/// Simulates `schedules` on the verification seeds and checks every
/// interval's targets.
pub fn evaluate(
    spec: &CenterSpec,
    schedules: &[GroupSchedule],
    staffing: StaffingOptions,
) -> Result<(Summary, Vec<Check>, Vec<usize>), ScheduleError> {
    let run = with_schedule(&verification_spec(spec), schedules);
    let peak: Vec<u32> = run
        .groups
        .iter()
        .map(|g| g.headcount.iter().copied().max().unwrap_or(0))
        .collect();
    let summary = simulate(&run, staffing.threads, &peak, None)?;
    let n = spec.interval_count();
    let checks: Vec<Check> = (0..n as u32)
        .map(|i| check_interval(spec, &summary, i, staffing.confidence))
        .collect();
    let interval = spec.interval.as_millis();
    let missed = (0..n)
        .filter(|&i| !checks[i].met && i as u64 * interval >= spec.warmup.as_millis())
        .collect();
    Ok((summary, checks, missed))
}

/// Builds a schedule for `required`, simulates it and, while intervals
/// miss a target and rounds remain, raises their requirement by one agent,
/// marks it firm (under the coverage objective, a raised requirement would
/// otherwise be traded for less over-coverage elsewhere, and the rounds
/// change nothing) and solves again. `progress` hears of each round.
pub fn build_and_verify(
    spec: &CenterSpec,
    menu: &Menu,
    groups: &[usize],
    mut required: Vec<Vec<u32>>,
    opts: ScheduleOptions,
    progress: &dyn Fn(usize, &[usize], usize),
) -> Result<Verified, ScheduleError> {
    let mut iterations = 0;
    let mut firm: Vec<Vec<bool>> = required.iter().map(|r| vec![false; r.len()]).collect();
    let n = spec.interval_count();
    // Per interval: its shortfall in the last round, the raises in a row
    // that left it no closer, and whether it is settled.
    let mut last_shortfall: Vec<Option<f64>> = vec![None; n];
    let mut stuck = vec![0u32; n];
    let mut settled = vec![false; n];
    loop {
        iterations += 1;
        let schedules = solve_all(spec, menu, groups, &required, &firm, opts.objective)?;
        let (summary, checks, missed) = evaluate(spec, &schedules, opts.staffing)?;
        for &i in &missed {
            let no_closer = last_shortfall[i].is_some_and(|s| checks[i].shortfall >= s);
            stuck[i] = if no_closer { stuck[i] + 1 } else { 0 };
            settled[i] |= stuck[i] >= STUCK_BEFORE_SETTLING && misses_only_within_ci(&checks[i]);
        }
        let to_raise: Vec<usize> = missed.iter().copied().filter(|&i| !settled[i]).collect();
        progress(iterations, &missed, missed.len() - to_raise.len());
        if to_raise.is_empty() || iterations >= opts.max_iterations.max(1) {
            let settled = missed.iter().copied().filter(|&i| settled[i]).collect();
            return Ok(Verified {
                groups: schedules,
                checks,
                summary,
                iterations,
                missed,
                settled,
            });
        }
        last_shortfall.fill(None);
        for &i in &to_raise {
            last_shortfall[i] = Some(checks[i].shortfall);
            for &g in groups {
                required[g][i] += 1;
                firm[g][i] = true;
            }
        }
    }
}
