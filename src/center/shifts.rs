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

/// Where virtual time sits on the calendar: the weekday of day 0 and the
/// time of day virtual zero stands for (UTC, from `[simulation] start`).
/// Day `d` of the horizon is the calendar day `d` after the start's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Calendar {
    /// Weekday of day 0, Monday = 0.
    pub first_weekday: usize,
    /// Time of day of virtual time zero.
    pub start_of_day: SimDuration,
}

impl Calendar {
    /// The calendar of a run whose virtual zero is the Unix instant
    /// `start_unix_ms` (UTC).
    pub fn from_unix_ms(start_unix_ms: i64) -> Self {
        let day = DAY.as_millis() as i64;
        let days = start_unix_ms.div_euclid(day);
        // 1970-01-01 was a Thursday (3 with Monday = 0).
        Calendar {
            first_weekday: (days + 3).rem_euclid(7) as usize,
            start_of_day: SimDuration(start_unix_ms.rem_euclid(day) as u64),
        }
    }

    /// The calendar of a run starting at `start_unix_ms` in `zone` (the
    /// zone its `start` was written in; `None`: UTC): days and times of day
    /// where the center is, at the zone's offset at the start — a shift's
    /// "08:00" is 08:00 there, as the volume profile that counts from a
    /// local start is. A daylight-saving change within the horizon is not
    /// followed: times after it keep the start's offset.
    pub fn in_zone(start_unix_ms: i64, zone: Option<&jiff::tz::TimeZone>) -> Self {
        let offset_ms = zone.map_or(0, |tz| {
            jiff::Timestamp::from_millisecond(start_unix_ms)
                .map_or(0, |t| i64::from(tz.to_offset(t).seconds()) * 1000)
        });
        Calendar::from_unix_ms(start_unix_ms + offset_ms)
    }

    /// The weekday (Monday = 0) of day `day` of the horizon.
    pub fn weekday(&self, day: u32) -> usize {
        (self.first_weekday + day as usize) % 7
    }

    /// The day of the horizon virtual time `t_ms` falls in.
    pub fn day_of(&self, t_ms: u64) -> u32 {
        ((t_ms + self.start_of_day.as_millis()) / DAY.as_millis()) as u32
    }

    /// Calendar days a run of `horizon` touches (day 0 included).
    pub fn days(&self, horizon: SimDuration) -> u32 {
        self.day_of(horizon.as_millis().saturating_sub(1)) + 1
    }

    /// Virtual milliseconds of `time_of_day` on day `day` (negative: before
    /// virtual zero, on the first day).
    pub fn at(&self, day: u32, time_of_day: SimDuration) -> i64 {
        i64::from(day) * DAY.as_millis() as i64 + time_of_day.as_millis() as i64
            - self.start_of_day.as_millis() as i64
    }
}

/// One agent's shift on one day: when it starts and ends (virtual ms; the
/// start may lie before virtual zero on the first day) and when each break
/// starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkedShift {
    /// Index of the assignment in the group's shifts.
    pub assignment: usize,
    /// Which of the assignment's agents (0-based).
    pub agent: u32,
    /// Day of the horizon.
    pub day: u32,
    /// Start, virtual ms.
    pub start: i64,
    /// End, virtual ms.
    pub end: i64,
    /// Each break: its start (virtual ms) and length.
    pub breaks: Vec<(i64, SimDuration)>,
}

/// The break starts (offsets from the shift start) of agent `k` of `n`
/// working `template`: where the assignment fixes them, those; otherwise
/// staggered evenly over each window (agent `k` at the fraction
/// `(2k + 1) / 2n` of it, on a whole minute), each pushed past the end of
/// the one before. If pushing leaves a window, every break at its earliest
/// feasible start (validation makes sure that fits).
pub fn break_offsets(
    template: &ShiftTemplate,
    fixed: Option<&[SimDuration]>,
    k: u32,
    n: u32,
) -> Vec<SimDuration> {
    if let Some(f) = fixed {
        return f.to_vec();
    }
    let minute = 60_000;
    let staggered = |frac: Option<f64>| -> Option<Vec<SimDuration>> {
        let mut out = Vec::with_capacity(template.breaks.len());
        let mut free_from = 0u64;
        for b in &template.breaks {
            let (lo, hi) = (b.earliest.as_millis(), b.latest.as_millis());
            let want = match frac {
                Some(f) => {
                    let t = lo + ((hi - lo.min(hi)) as f64 * f) as u64;
                    (t / minute * minute).max(lo)
                }
                None => lo,
            };
            let t = want.max(free_from);
            if t > hi {
                return None;
            }
            out.push(SimDuration(t));
            free_from = t + b.length.as_millis();
        }
        Some(out)
    };
    let frac = (2.0 * f64::from(k) + 1.0) / (2.0 * f64::from(n.max(1)));
    staggered(Some(frac))
        .or_else(|| staggered(None))
        .unwrap_or_else(|| template.breaks.iter().map(|b| b.earliest).collect())
}

/// Every shift worked under `shifts` on the `days` days of the horizon,
/// in assignment, agent, day order. An assignment naming a day works that
/// day only (whatever the template's days); one without works every day
/// of the horizon its template is worked on.
pub fn worked_shifts(
    templates: &[ShiftTemplate],
    shifts: &[ShiftAssignment],
    calendar: Calendar,
    days: u32,
) -> Vec<WorkedShift> {
    let mut out = Vec::new();
    for (ai, a) in shifts.iter().enumerate() {
        let Some(t) = templates.get(a.template) else {
            continue;
        };
        for k in 0..a.agents {
            let offsets = break_offsets(t, a.break_starts.as_deref(), k, a.agents);
            for day in 0..days {
                let works = match a.day {
                    Some(d) => d == day,
                    None => t.works_on(calendar.weekday(day)),
                };
                if !works {
                    continue;
                }
                let start = calendar.at(day, a.start);
                out.push(WorkedShift {
                    assignment: ai,
                    agent: k,
                    day,
                    start,
                    end: start + t.length.as_millis() as i64,
                    breaks: offsets
                        .iter()
                        .zip(&t.breaks)
                        .map(|(o, b)| (start + o.as_millis() as i64, b.length))
                        .collect(),
                });
            }
        }
    }
    out
}

/// Agents scheduled on the phones (shift in progress, not on a scheduled
/// break), averaged over each of `count` intervals of `interval`: what a
/// schedule offers before shrinkage.
pub fn scheduled_per_interval(
    worked: &[WorkedShift],
    interval: SimDuration,
    count: usize,
) -> Vec<f64> {
    let len = interval.as_millis().max(1) as i64;
    let mut ms = vec![0i64; count];
    let mut add = |from: i64, to: i64, sign: i64| {
        let (from, to) = (from.max(0), to.min(len * count as i64));
        let mut t = from;
        while t < to {
            let i = (t / len) as usize;
            let end = ((i as i64 + 1) * len).min(to);
            ms[i] += sign * (end - t);
            t = end;
        }
    };
    for w in worked {
        add(w.start, w.end, 1);
        for (b, l) in &w.breaks {
            add(*b, (*b + l.as_millis() as i64).min(w.end), -1);
        }
    }
    ms.into_iter().map(|m| m as f64 / len as f64).collect()
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

    fn template() -> ShiftTemplate {
        let m = |x: u64| SimDuration(x * 60_000);
        ShiftTemplate {
            name: "early".into(),
            starts: vec![m(7 * 60)],
            length: m(8 * 60 + 30),
            days: [true, true, true, true, true, false, false],
            breaks: vec![
                BreakRule {
                    name: "break".into(),
                    length: m(15),
                    earliest: m(90),
                    latest: m(180),
                },
                BreakRule {
                    name: "lunch".into(),
                    length: m(30),
                    earliest: m(210),
                    latest: m(300),
                },
            ],
        }
    }

    #[test]
    fn calendar_knows_the_weekday_and_time_of_day() {
        // 2026-01-05T08:00:00Z is a Monday.
        let c = Calendar::from_unix_ms(1_767_600_000_000);
        assert_eq!(c.first_weekday, 0);
        assert_eq!(c.start_of_day, SimDuration(8 * 3_600_000));
        assert_eq!(c.weekday(6), 6);
        assert_eq!(c.at(1, SimDuration(7 * 3_600_000)), 23 * 3_600_000);
        assert_eq!(c.day_of(16 * 3_600_000), 1);
        assert_eq!(c.days(SimDuration(16 * 3_600_000)), 1);
        assert_eq!(c.days(SimDuration(16 * 3_600_000 + 1)), 2);
    }

    #[test]
    fn breaks_stagger_over_their_windows_in_whole_minutes() {
        let t = template();
        let m = |x: u64| SimDuration(x * 60_000);
        // One agent: the middle of each window.
        assert_eq!(break_offsets(&t, None, 0, 1), vec![m(135), m(255)]);
        // Two: a quarter and three quarters in.
        assert_eq!(break_offsets(&t, None, 0, 2), vec![m(112), m(232)]);
        assert_eq!(break_offsets(&t, None, 1, 2), vec![m(157), m(277)]);
        let fixed = [m(100), m(220)];
        assert_eq!(break_offsets(&t, Some(&fixed), 0, 2), fixed.to_vec());
    }

    #[test]
    fn shifts_expand_to_the_template_days_and_cover_intervals() {
        let t = template();
        let a = ShiftAssignment {
            template: 0,
            start: SimDuration(7 * 3_600_000),
            day: None,
            agents: 2,
            break_starts: None,
        };
        // Starting Saturday 00:00: only Monday (day 2) is worked in 3 days.
        let cal = Calendar {
            first_weekday: 5,
            start_of_day: SimDuration::ZERO,
        };
        let w = worked_shifts(std::slice::from_ref(&t), std::slice::from_ref(&a), cal, 3);
        assert_eq!(w.len(), 2);
        assert!(w.iter().all(|s| s.day == 2));
        assert_eq!(w[0].start, (48 + 7) * 3_600_000);
        // Hourly intervals of Monday: 2 agents from 07:00 to 15:30, less
        // 15 + 30 minutes of breaks each.
        let per = scheduled_per_interval(&w, SimDuration(3_600_000), 72);
        let total: f64 = per.iter().sum();
        assert!((total - 2.0 * (8.5 - 0.75)).abs() < 1e-9);
        assert_eq!(per[48 + 6], 0.0);
        assert_eq!(per[48 + 7], 2.0);
        assert_eq!(per[48 + 15], 1.0);
    }
}
