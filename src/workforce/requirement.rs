//! Agents needed per interval, before shrinkage: by simulation (the
//! iterative staffing algorithm of `ccsim staff --per-interval`, on the
//! scenario with shifts, breaks and shrinkage switched off) and, beside
//! it, by Erlang C on each interval's own arrivals. Both count agents
//! *present on the phones*; [`scheduled_need`] turns them into agents to
//! schedule.

use crate::center::shifts::Shrinkage;
use crate::center::spec::CenterSpec;
use crate::staffing::per_interval::{search_per_interval, IntervalStaffing};
use crate::staffing::search::{StaffingError, StaffingOptions};

/// Agents present needed per group and interval, both ways.
#[derive(Debug, Clone)]
pub struct Requirement {
    /// The groups that serve a targeted queue (the ones scheduled), in
    /// order.
    pub groups: Vec<usize>,
    /// By simulation, per group of the scenario and interval (empty rows
    /// for groups not scheduled); `ccsim schedule` clears the intervals no
    /// shift covers that have no arrivals of their own
    /// ([`clear_spillover_no_shift_covers`]).
    pub simulated: Vec<Vec<u32>>,
    /// By per-interval Erlang C, likewise.
    pub erlang_c: Vec<Vec<u32>>,
    /// The staffing search behind `simulated` (its checks, iterations).
    pub search: IntervalStaffing,
}

/// The scenario as the requirement is searched on: every group staffed by
/// headcount (its scheduled count, where it had shifts), no breaks, no
/// shrinkage.
pub fn without_shifts(spec: &CenterSpec) -> CenterSpec {
    let mut s = spec.clone();
    for g in &mut s.groups {
        g.shifts = None;
        g.shrinkage = Shrinkage::none();
    }
    s
}

/// The requirement of `spec`'s targets, per interval.
pub fn requirement(spec: &CenterSpec, opts: StaffingOptions) -> Result<Requirement, StaffingError> {
    let plain = without_shifts(spec);
    let search = search_per_interval(&plain, opts)?;
    let n = spec.interval_count();
    let mut simulated = vec![Vec::new(); spec.groups.len()];
    let mut erlang_c = vec![Vec::new(); spec.groups.len()];
    for &g in &search.searched {
        simulated[g] = search.headcount[g].clone();
        erlang_c[g] = (0..n)
            .map(|i| search.erlang_c[g].get(i).copied().flatten().unwrap_or(0))
            .collect();
    }
    Ok(Requirement {
        groups: search.searched.clone(),
        simulated,
        erlang_c,
        search,
    })
}

/// Clears the simulated requirement of every interval that no shift covers
/// (`covered(i)` is false) and that has no arrivals of its own (Erlang C
/// needs nobody there) or lies wholly inside the warm-up (no target is
/// judged there); returns the intervals cleared, per group in
/// `req.groups` order.
///
/// The simulation staffs such an interval only for what the interval before
/// left running: calls in progress, which agents finish past the end of
/// their shift (as the model has them do), and the last of its queue. A
/// center that closes for lunch, or at 18:00 with its shifts ending then,
/// would otherwise be refused ("no shift template covers 18:00"). The
/// schedule's check by simulation still judges the interval before, whose
/// customers those are, and adds agents there if they miss a target.
pub fn clear_spillover_no_shift_covers(
    req: &mut Requirement,
    covered: impl Fn(usize) -> bool,
) -> Vec<Vec<usize>> {
    let mut cleared = Vec::new();
    // Intervals wholly inside the warm-up judge no target: whatever
    // arrives there is the warm-up's, not a need.
    let warmup = req.search.warmup_intervals;
    for &g in &req.groups {
        let mut here = Vec::new();
        for (i, need) in req.simulated[g].iter_mut().enumerate() {
            let own_arrivals = i >= warmup && req.erlang_c[g].get(i).is_some_and(|&c| c > 0);
            if *need > 0 && !own_arrivals && !covered(i) {
                *need = 0;
                here.push(i);
            }
        }
        // The analytic requirement beside it, alike in the warm-up.
        for (i, need) in req.erlang_c[g].iter_mut().enumerate().take(warmup) {
            if *need > 0 && !covered(i) {
                *need = 0;
                if !here.contains(&i) {
                    here.push(i);
                }
            }
        }
        here.sort_unstable();
        cleared.push(here);
    }
    cleared
}

/// Agents to schedule on the phones so that `present` are there after
/// shrinkage `total` (0 ≤ total < 1): `present ÷ (1 − total)`, rounded up
/// (the requirement is divided, coverage is counted in scheduled agents).
pub fn scheduled_need(present: u32, total: f64) -> f64 {
    if present == 0 {
        return 0.0;
    }
    // A hair below the quotient, so that 10 ÷ (1 − 0.5) is 20, not 21 by
    // rounding.
    (present as f64 / (1.0 - total) - 1e-9).ceil()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn need_is_divided_by_what_shrinkage_leaves_and_rounded_up() {
        assert_eq!(scheduled_need(10, 0.0), 10.0);
        assert_eq!(scheduled_need(10, 0.5), 20.0);
        // 10 / 0.85 = 11.76 → 12.
        assert_eq!(scheduled_need(10, 0.15), 12.0);
        assert_eq!(scheduled_need(0, 0.3), 0.0);
    }
}
