//! A schedule for each group from its requirement: the integer program
//! over the group's shift variants, read back as shift assignments, with
//! the coverage it gives per interval.

use crate::center::shifts::ShiftAssignment;
use crate::center::spec::CenterSpec;
use crate::output::files::interval_start;

use super::error::ScheduleError;
use super::program::{solve, Column, Objective, ProgramError};
use super::requirement::scheduled_need;
use crate::center::shifts::Calendar;

use super::variants::{on_phones, Variant};

/// The variants a scenario's groups can work, with their columns (the same
/// for every group: templates are the center's).
#[derive(Debug, Clone)]
pub struct Menu {
    /// Every variant.
    pub variants: Vec<Variant>,
    /// Each variant's column, in the same order.
    pub columns: Vec<Column>,
}

/// One group's schedule.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupSchedule {
    /// Index of the group.
    pub group: usize,
    /// The variants worked, with their agents (none with zero agents), in
    /// variant order.
    pub shifts: Vec<(Variant, u32)>,
    /// Agents needed present on the phones, per interval (the
    /// requirement the schedule was solved for).
    pub required: Vec<u32>,
    /// The intervals whose requirement had to be covered in full whatever
    /// the objective (raised by a repair round; may be empty: none).
    pub firm: Vec<bool>,
    /// Agents to schedule on the phones per interval: `required ÷ (1 −
    /// shrinkage)`, rounded up.
    pub need: Vec<f64>,
    /// Agents scheduled on the phones per interval (shares of agents whose
    /// shift or break covers part of it).
    pub scheduled: Vec<f64>,
    /// `scheduled × (1 − shrinkage)`: agents expected present on the phones.
    pub expected_present: Vec<f64>,
    /// Paid hours (breaks included) of all its shifts.
    pub paid_hours: f64,
    /// The integer program's relative gap to its best bound (0: proven
    /// optimal).
    pub gap: f64,
}

/// The most total shrinkage a schedule is built for: 90 %, ten scheduled
/// agents for every one on the phones (centers plan with 20–40 %). Past
/// it the schedule grows without bound — at 0.999999, a million agents for
/// each one needed — and its check by simulation never ends.
pub const MAX_SHRINKAGE: f64 = 0.9;

/// Solves the program for group `g` to meet `required` (agents present on
/// the phones per interval) after `shrinkage` (total share lost); the
/// intervals marked in `firm` are covered in full under either objective
/// (see [`solve`]).
pub fn schedule_group(
    spec: &CenterSpec,
    menu: &Menu,
    g: usize,
    required: &[u32],
    firm: &[bool],
    shrinkage: f64,
    objective: Objective,
) -> Result<GroupSchedule, ScheduleError> {
    if !(0.0..=MAX_SHRINKAGE).contains(&shrinkage) {
        return Err(ScheduleError::Shrinkage {
            group: spec.groups[g].name.clone(),
            total: shrinkage,
        });
    }
    let need: Vec<f64> = required
        .iter()
        .map(|&r| scheduled_need(r, shrinkage))
        .collect();
    let answer = solve(&need, firm, &menu.columns, objective).map_err(|e| match e {
        ProgramError::Uncoverable { intervals } => ScheduleError::Uncoverable {
            group: spec.groups[g].name.clone(),
            intervals: intervals.iter().map(|&i| interval_start(spec, i)).collect(),
        },
        ProgramError::Solver { message } => ScheduleError::Solver {
            group: spec.groups[g].name.clone(),
            message,
        },
    })?;
    let mut scheduled = vec![0.0; need.len()];
    let mut paid_hours = 0.0;
    let mut shifts = Vec::new();
    for ((v, c), &k) in menu.variants.iter().zip(&menu.columns).zip(&answer.agents) {
        if k == 0 {
            continue;
        }
        for &(i, share) in &c.cover {
            if let Some(s) = scheduled.get_mut(i) {
                *s += share * k as f64;
            }
        }
        paid_hours += c.paid_hours * k as f64;
        shifts.push((v.clone(), k));
    }
    let expected_present = scheduled.iter().map(|s| s * (1.0 - shrinkage)).collect();
    Ok(GroupSchedule {
        group: g,
        shifts,
        required: required.to_vec(),
        firm: firm.to_vec(),
        need,
        scheduled,
        expected_present,
        paid_hours,
        gap: answer.gap,
    })
}

/// The shift assignments of a schedule, as the scenario takes them.
pub fn assignments(s: &GroupSchedule) -> Vec<ShiftAssignment> {
    s.shifts
        .iter()
        .map(|(v, k)| ShiftAssignment {
            template: v.template,
            start: v.start,
            day: Some(v.day),
            agents: *k,
            break_starts: Some(v.break_starts.clone()),
        })
        .collect()
}

/// `spec` staffed by `schedules`: each scheduled group works its shifts
/// (its headcount holds the agents on shift per interval, for reports);
/// every other group is as in `spec`.
pub fn with_schedule(spec: &CenterSpec, schedules: &[GroupSchedule]) -> CenterSpec {
    let mut s = spec.clone();
    let cal = spec.calendar();
    for gs in schedules {
        let group = &mut s.groups[gs.group];
        group.shifts = Some(assignments(gs));
        group.headcount = on_shift(spec, &cal, gs);
    }
    s
}

/// Agents on shift (on the phones or on a break) per interval, the time
/// average over the interval rounded up.
fn on_shift(spec: &CenterSpec, cal: &Calendar, gs: &GroupSchedule) -> Vec<u32> {
    let n = spec.interval_count();
    let step = spec.interval.as_millis().max(1) as i64;
    let horizon = spec.horizon.as_millis() as i64;
    let mut agents = vec![0.0f64; n];
    for (v, k) in &gs.shifts {
        let phones = on_phones(spec, cal, v);
        let (Some(first), Some(last)) = (phones.first(), phones.last()) else {
            continue;
        };
        let (from, to) = (first.0.max(0), last.1.min(horizon));
        for (i, a) in agents.iter_mut().enumerate() {
            let (lo, hi) = (i as i64 * step, ((i as i64 + 1) * step).min(horizon));
            let overlap = (to.min(hi) - from.max(lo)).max(0);
            *a += *k as f64 * overlap as f64 / (hi - lo).max(1) as f64;
        }
    }
    agents
        .iter()
        .map(|a| (a - 1e-9).ceil().max(0.0) as u32)
        .collect()
}
