//! `ccsim schedule` from end to end: the requirement, the menu of shift
//! variants, the schedule built on the simulated requirement and verified
//! (with repair), and beside it the schedule built on the analytic one
//! (Erlang C ÷ (1 − shrinkage)), simulated once as it is.

use crate::center::spec::CenterSpec;
use crate::output::files::interval_start;

use super::error::ScheduleError;
use super::program::{covers, Column};
use super::requirement::{clear_spillover_no_shift_covers, requirement, Requirement};
use super::schedule::{schedule_group, Menu};
use super::variants::{column, variants, VariantOptions};
use super::verify::{build_and_verify, evaluate, solve_all, ScheduleOptions, Verified};

/// Paid hours a week of one full-time equivalent (FTE).
pub const FTE_HOURS_PER_WEEK: f64 = 40.0;

/// Everything `ccsim schedule` found.
#[derive(Debug, Clone)]
pub struct Plan {
    /// Agents needed per interval, by simulation and by Erlang C.
    pub requirement: Requirement,
    /// The schedule on the simulated requirement, verified and repaired.
    pub simulated: Verified,
    /// The schedule on the Erlang C requirement, simulated as it is.
    pub analytic: Verified,
    /// Paid hours per scheduled group (in `requirement.groups` order) of
    /// the same requirements with no shrinkage: `[simulated, analytic]`.
    pub paid_without_shrinkage: [Vec<f64>; 2],
    /// Calendar days of the horizon (for FTE).
    pub days: u32,
}

impl Plan {
    /// Full-time equivalents of `paid_hours` over the horizon: paid hours
    /// ÷ ([`FTE_HOURS_PER_WEEK`] × days ÷ 7).
    pub fn fte(&self, paid_hours: f64) -> f64 {
        paid_hours / (FTE_HOURS_PER_WEEK * self.days as f64 / 7.0)
    }
}

/// Every shift variant of `spec` that covers some of its horizon, with its
/// column.
pub fn menu(spec: &CenterSpec) -> Result<Menu, ScheduleError> {
    if spec.shift_templates.is_empty() {
        return Err(ScheduleError::NoTemplates);
    }
    let cal = spec.calendar();
    let (variants, columns): (Vec<_>, Vec<Column>) = variants(spec, VariantOptions::of(spec))
        .into_iter()
        .map(|v| {
            let c = column(spec, &cal, &v);
            (v, c)
        })
        .filter(|(_, c)| !c.cover.is_empty())
        .unzip();
    Ok(Menu { variants, columns })
}

/// Refuses, before any simulation, a group whose targeted queues have
/// arrivals of their own (Erlang C needs agents) in intervals no shift
/// template covers: the schedule's solve would refuse them after the
/// whole requirement search — or the search, adding agents where the
/// arrivals are, could fail first with a staffing message that hides the
/// cause.
fn check_coverable(
    spec: &CenterSpec,
    menu: &Menu,
    opts: ScheduleOptions,
) -> Result<(), ScheduleError> {
    let need = crate::staffing::per_interval::erlang_c_per_interval(
        &super::requirement::without_shifts(spec),
        opts.staffing,
    );
    // Intervals wholly inside the warm-up measure nothing: the search
    // judges no target there, and contacts then are not counted.
    let warmup_intervals = crate::staffing::per_interval::warmup_intervals(spec);
    let measured = |i: usize| i >= warmup_intervals;
    for (g, need) in need.iter().enumerate() {
        let uncovered: Vec<String> = (0..need.len())
            .filter(|&i| need[i].is_some_and(|n| n > 0) && measured(i) && !covers(&menu.columns, i))
            .map(|i| interval_start(spec, i))
            .collect();
        if !uncovered.is_empty() {
            return Err(ScheduleError::Uncoverable {
                group: spec.groups[g].name.clone(),
                intervals: uncovered,
            });
        }
    }
    Ok(())
}

/// Runs `ccsim schedule` on `spec`; `note` hears what it is doing.
pub fn plan(
    spec: &CenterSpec,
    opts: ScheduleOptions,
    note: &dyn Fn(&str),
) -> Result<Plan, ScheduleError> {
    let menu = menu(spec)?;
    note(&format!(
        "{} shift variants (template × day × start × break placement)",
        menu.variants.len()
    ));
    check_coverable(spec, &menu, opts)?;
    note("requirement per interval: iterative staffing by simulation, breaks and shrinkage off …");
    let mut req = requirement(spec, opts.staffing)?;
    let cleared = clear_spillover_no_shift_covers(&mut req, |i| covers(&menu.columns, i));
    for (&g, cleared) in req.groups.iter().zip(&cleared) {
        if !cleared.is_empty() {
            let starts: Vec<String> = cleared.iter().map(|&i| interval_start(spec, i)).collect();
            note(&format!(
                "group {}: no shift covers {}, which have no arrivals of their own or lie in the warm-up: the calls there are finished past the shifts' end",
                spec.groups[g].name,
                starts.join(", ")
            ));
        }
    }
    // Other hours no template covers fail at the first solve, before any
    // schedule is simulated.
    let simulated = build_and_verify(
        spec,
        &menu,
        &req.groups,
        req.simulated.clone(),
        opts,
        &|round, missed, settled| {
            let settled = if settled > 0 {
                format!(" ({settled} settled: inside the confidence interval, and raises changed nothing)")
            } else {
                String::new()
            };
            note(&format!(
                "schedule round {round}: {} interval{} missing a target{settled}",
                missed.len(),
                if missed.len() == 1 { "" } else { "s" }
            ))
        },
    )?;
    note("analytic schedule (Erlang C ÷ (1 − shrinkage)), simulated …");
    let analytic_groups = solve_all(spec, &menu, &req.groups, &req.erlang_c, &[], opts.objective)?;
    let (summary, checks, missed) = evaluate(spec, &analytic_groups, opts.staffing)?;
    let analytic = Verified {
        groups: analytic_groups,
        checks,
        summary,
        iterations: 1,
        missed,
        settled: Vec::new(),
    };
    let without = |v: &Verified| -> Result<Vec<f64>, ScheduleError> {
        v.groups
            .iter()
            .map(|gs| {
                schedule_group(
                    spec,
                    &menu,
                    gs.group,
                    &gs.required,
                    &gs.firm,
                    0.0,
                    opts.objective,
                )
                .map(|s| s.paid_hours)
            })
            .collect()
    };
    let paid_without_shrinkage = [without(&simulated)?, without(&analytic)?];
    Ok(Plan {
        requirement: req,
        simulated,
        analytic,
        paid_without_shrinkage,
        days: spec.calendar().days(spec.horizon),
    })
}
