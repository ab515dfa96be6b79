//! Agents beyond headcount: shift templates people can work (start times,
//! length, days of the week, breaks and lunches), the shifts a group is
//! staffed with, and its shrinkage — absenteeism, aux (unavailable) time and
//! planned time off the phones.
//!
//! Plain data, like the rest of [`spec`](super::spec): the scenario layer
//! produces it, the center's shift room turns it into agents coming on and
//! going off, and `ccsim schedule` builds assignments from templates.

use crate::engine::{Dist, SimDuration};

/// One day, in virtual milliseconds: shift starts are offsets from the
/// midnight of their day.
pub const DAY: SimDuration = SimDuration(86_400_000);

/// A shift people can work: when it may start, how long, which days, its
/// breaks.
#[derive(Debug, Clone, PartialEq)]
pub struct ShiftTemplate {
    /// Name, as in the scenario and reports.
    pub name: String,
    /// Candidate start times, as offsets from midnight (local to the
    /// simulation's calendar day), ascending.
    pub starts: Vec<SimDuration>,
    /// Paid length, breaks included.
    pub length: SimDuration,
    /// Days of the week it is worked, Monday = 0 … Sunday = 6.
    pub days: [bool; 7],
    /// Breaks and lunches, in order.
    pub breaks: Vec<BreakRule>,
}

impl ShiftTemplate {
    /// Time on the phones (length less the breaks), the time a shift of
    /// this template can cover.
    pub fn working_time(&self) -> SimDuration {
        let breaks: u64 = self.breaks.iter().map(|b| b.length.as_millis()).sum();
        SimDuration(self.length.as_millis().saturating_sub(breaks))
    }

    /// Whether the template is worked on weekday `weekday` (Monday = 0).
    pub fn works_on(&self, weekday: usize) -> bool {
        self.days.get(weekday % 7).copied().unwrap_or(false)
    }
}

/// A break or lunch: its length and the window (offsets from the shift's
/// start) in which it may start.
#[derive(Debug, Clone, PartialEq)]
pub struct BreakRule {
    /// Name (`break`, `lunch`), for reports.
    pub name: String,
    /// How long the agent is off the phones.
    pub length: SimDuration,
    /// The earliest start, after the shift's start.
    pub earliest: SimDuration,
    /// The latest start, after the shift's start.
    pub latest: SimDuration,
}

/// `agents` agents working `template` from `start` (time of day), on `day`
/// (index of the day in the horizon, 0-based) or, if `None`, on every day of
/// the horizon the template's `days` allow.
#[derive(Debug, Clone, PartialEq)]
pub struct ShiftAssignment {
    /// Index into [`CenterSpec::shift_templates`](super::spec::CenterSpec::shift_templates).
    pub template: usize,
    /// Start, as an offset from midnight.
    pub start: SimDuration,
    /// The day of the horizon (0-based); `None`: every day the template is
    /// worked.
    pub day: Option<u32>,
    /// How many agents work it.
    pub agents: u32,
    /// One offset from the shift start per template break; `None`:
    /// staggered evenly over each window across the assignment's agents
    /// (deterministic).
    pub break_starts: Option<Vec<SimDuration>>,
}

/// Unplanned and planned shrinkage of a group.
#[derive(Debug, Clone)]
pub struct Shrinkage {
    /// Probability a scheduled agent is absent for the whole day (drawn per
    /// agent per day per replication from its own RNG stream).
    pub absenteeism: f64,
    /// Share of logged-in time in aux (unavailable), as random periods of
    /// `aux_duration`.
    pub aux_share: f64,
    /// Length of one aux period, in seconds.
    pub aux_duration: Dist,
    /// Planned shrinkage as a share of scheduled time off the phones per
    /// interval (meetings, training) beyond the breaks written in the
    /// schedule.
    pub planned_share: f64,
}

impl Shrinkage {
    /// No shrinkage: every scheduled agent comes, and works all its
    /// scheduled time outside its breaks.
    pub fn none() -> Self {
        Shrinkage {
            absenteeism: 0.0,
            aux_share: 0.0,
            aux_duration: Dist::Constant(0.0),
            planned_share: 0.0,
        }
    }

    /// The total share of scheduled time lost:
    /// `1 − (1 − absenteeism)(1 − aux_share)(1 − planned_share)` (the three
    /// apply one after another, each to what the one before leaves).
    pub fn total(&self) -> f64 {
        1.0 - (1.0 - self.absenteeism) * (1.0 - self.aux_share) * (1.0 - self.planned_share)
    }

    /// Whether any shrinkage is set (a group without any draws nothing new).
    pub fn is_none(&self) -> bool {
        self.absenteeism == 0.0 && self.aux_share == 0.0 && self.planned_share == 0.0
    }
}

impl Default for Shrinkage {
    fn default() -> Self {
        Shrinkage::none()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn total_compounds_the_three_shares() {
        let s = Shrinkage {
            absenteeism: 0.1,
            aux_share: 0.05,
            aux_duration: Dist::Constant(600.0),
            planned_share: 0.02,
        };
        let want = 1.0 - 0.9 * 0.95 * 0.98;
        assert!((s.total() - want).abs() < 1e-12);
        assert_eq!(Shrinkage::none().total(), 0.0);
        assert!(Shrinkage::none().is_none());
        assert!(!s.is_none());
    }
}
