//! Shift agents off the phones: breaks, aux (unavailable) periods and
//! planned activities — what falls due, going away (at once when free,
//! after its contacts when busy: an agent never drops a contact or its
//! after-contact work), and coming back.
//!
//! # Aux
//!
//! Aux periods follow an alternating renewal process in logged-in time:
//! on the phones for an exponential time `X` of rate `r`, then unavailable
//! for a draw `D` of the group's aux duration, and so on. The long-run
//! share of logged-in time in aux is `E[D] / (1/r + E[D])`; solving
//! `share = r·E[D] / (1 + r·E[D])` for `r` gives
//! `r = share / ((1 − share)·E[D])`. An agent busy when its aux falls due
//! starts it after its contact; the next one is then due `D + X` after the
//! moment the last *fell due* (not after it ended), so waiting for a
//! contact does not stretch the cycle and the share holds.
//!
//! Each stretch on the phones (from the shift's start, or back from a break
//! or planned activity) starts as the stationary process would: in aux with
//! probability `share` (a full period — exact for exponential durations,
//! whose remainder is a full period again), else after an exponential
//! time. A break or planned activity due during aux waits for its end, as
//! for a contact. So in expectation `share` of logged-in time is aux,
//! except what the shift's end cuts off.
//!
//! # Planned activities
//!
//! At each interval start, a shift group's agents in a planned activity
//! come back, and `planned_share` of its agents present on shift (breaks
//! included: planned time is a share of scheduled time, on top of the
//! breaks) are chosen anew among those not on a break — stochastically rounded (⌊x⌋, plus one with
//! probability x − ⌊x⌋, from the group's own stream, so the expected count
//! is exact), free agents on the phones first, then those chosen least
//! often — and stay off the phones until the next interval starts. A break
//! falling due meanwhile is taken, and the agent returns to the planned
//! activity after it, so breaks do not eat into planned time.

use rand::Rng;
use rand_distr::{Distribution, Exp};

use crate::engine::{Scheduler, SimDuration, SimTime};

use super::center::Center;
use super::event::Event;
use super::record::Observer;
use super::state::{secs, Away, Due};

impl<O: Observer> Center<'_, O> {
    /// `due` fell due for agent `a`: it goes at once if free, after its
    /// contacts if busy; a weaker due than what it already owes or is away
    /// for is dropped. Logged-out agents are not concerned.
    pub(super) fn due(&mut self, a: u32, due: Due, sched: &mut Scheduler<Event>) {
        let ag = &mut self.agents[a as usize];
        if !ag.on_shift && ag.away.is_none() {
            return;
        }
        let weaker = |rank: u8| rank >= due.rank() && due != Due::ShiftEnd;
        if ag.owes.is_some_and(|o| weaker(o.rank())) || ag.away.is_some_and(|w| weaker(w.rank())) {
            return;
        }
        if ag.away == Some(Away::Aux) && due != Due::ShiftEnd {
            // The aux period ends first (as a contact would): see the
            // module doc.
            ag.owes = Some(due);
            return;
        }
        // A paused task holds no slot: a break, aux or planned activity
        // goes ahead with it (its resume waits for the agent's return), but
        // the agent does not log out before its paused tasks are done.
        let held = ag.paused > 0 && due == Due::ShiftEnd;
        if ag.on_shift && (held || ag.load.iter().any(|l| *l > 0)) {
            ag.leaving = true;
            ag.owes = Some(due);
            self.refresh_agent(a, sched.now());
            return;
        }
        if held {
            // Away (break, aux, planned) when its shift ends.
            return self.stay_for_paused_tasks(a, sched);
        }
        self.go_away(a, due, sched);
    }

    /// Agent `a`'s shift ended while it was away holding paused tasks: it
    /// is back, taking no new work, until they are done, then logs out.
    fn stay_for_paused_tasks(&mut self, a: u32, sched: &mut Scheduler<Event>) {
        let ag = &mut self.agents[a as usize];
        ag.away = None;
        ag.on_shift = true;
        ag.leaving = true;
        ag.missed = false;
        ag.owes = Some(Due::ShiftEnd);
        ag.gen.bump();
        self.refresh_agent(a, sched.now());
        self.resume_waiting_tasks(a, sched);
    }

    /// Agent `a`, free, goes where `due` sends it: off the phones until a
    /// timer brings it back (break, aux), until the interval ends
    /// (planned), or logged out (shift end).
    pub(super) fn go_away(&mut self, a: u32, due: Due, sched: &mut Scheduler<Event>) {
        let now = sched.now();
        let ag = &mut self.agents[a as usize];
        ag.on_shift = false;
        ag.leaving = false;
        ag.missed = false;
        ag.owes = None;
        ag.gen.bump();
        let (away, back) = match due {
            Due::Aux(d) => (Some(Away::Aux), Some(d)),
            Due::Break(d) => (Some(Away::Break), Some(d)),
            Due::Planned => (Some(Away::Planned), None),
            Due::ShiftEnd => {
                ag.rostered = false;
                (None, None)
            }
        };
        ag.away = away;
        self.refresh_agent(a, now);
        if let Some(d) = back {
            sched.schedule_in(
                d,
                Event::AwayOver {
                    agent: self.agent_ref(a),
                },
            );
        }
    }

    /// The agent's break or aux period is over: back on the phones — or
    /// on to what fell due during its aux, or back to the planned activity
    /// its break interrupted.
    pub(super) fn on_away_over(&mut self, a: u32, sched: &mut Scheduler<Event>) {
        let ag = &mut self.agents[a as usize];
        let back_to_planned = ag.away == Some(Away::Break) && sched.now() < ag.planned_until;
        match ag.owes.take() {
            Some(due) => self.go_away(a, due, sched),
            None if back_to_planned => self.go_away(a, Due::Planned, sched),
            None => self.come_back(a, sched),
        }
    }

    /// Agent `a` is back on the phones, at the back of the idle order.
    fn come_back(&mut self, a: u32, sched: &mut Scheduler<Event>) {
        let now = sched.now();
        let ag = &mut self.agents[a as usize];
        let from_aux = ag.away == Some(Away::Aux);
        ag.away = None;
        ag.on_shift = true;
        ag.gen.bump();
        self.move_to_back_of_idle_order(a);
        self.refresh_agent(a, now);
        if self.agents[a as usize].paused > 0 {
            // Pauses that ended while it was away resume first.
            self.resume_waiting_tasks(a, sched);
        }
        self.start_outbound_clock(a, sched);
        self.arm_aux(a, from_aux, sched);
        self.agent_pull(a, sched);
    }

    /// Schedules the agent's next aux period, if its group has aux time:
    /// back from aux, at the time drawn when the last fell due (or now, if
    /// that has passed); otherwise, as a stationary start, an aux period
    /// now with probability `share`, else after a fresh exponential time.
    pub(super) fn arm_aux(&mut self, a: u32, from_aux: bool, sched: &mut Scheduler<Event>) {
        let now = sched.now();
        let g = self.agents[a as usize].group.index();
        let share = self.spec.groups[g].shrinkage.aux_share;
        if share <= 0.0 {
            return;
        }
        if !from_aux && self.groups[g].aux.gen::<f64>() < share {
            self.on_aux_due(a, sched);
            return;
        }
        let at = if from_aux {
            self.agents[a as usize].aux_next.max(now)
        } else {
            now + self.aux_gap(g)
        };
        sched.schedule_at(
            at,
            Event::AuxDue {
                agent: self.agent_ref(a),
            },
        );
    }

    /// A time on the phones until the next aux period of group `g`: an
    /// exponential draw of rate `share / ((1 − share)·E[D])` (see the
    /// module doc).
    fn aux_gap(&mut self, g: usize) -> SimDuration {
        let sh = &self.spec.groups[g].shrinkage;
        let mean_d = sh.aux_duration.mean();
        let rate = sh.aux_share / ((1.0 - sh.aux_share) * mean_d);
        match Exp::new(rate) {
            Ok(exp) => secs(exp.sample(&mut self.groups[g].aux)),
            Err(_) => SimDuration(u64::MAX / 4),
        }
    }

    /// The agent's aux period falls due: its length and the time to the
    /// next are drawn now; it goes when free. Skipped while something
    /// stronger is owed (the clock restarts when the agent is back).
    pub(super) fn on_aux_due(&mut self, a: u32, sched: &mut Scheduler<Event>) {
        let now = sched.now();
        let ag = &self.agents[a as usize];
        if ag.owes.is_some() || !ag.on_shift {
            return;
        }
        let g = ag.group.index();
        let d = secs(
            self.spec.groups[g]
                .shrinkage
                .aux_duration
                .sample(&mut self.groups[g].aux),
        );
        let gap = self.aux_gap(g);
        self.agents[a as usize].aux_next = now + d + gap;
        self.due(a, Due::Aux(d), sched);
    }

    /// A new interval: headcount groups move to its headcount; shift
    /// groups with planned shrinkage choose its planned activity, among
    /// the agents on shift once the shift steps of this instant are taken
    /// (a shift ending now is not chosen, one starting now may be).
    pub(super) fn on_shift_change(&mut self, interval: usize, sched: &mut Scheduler<Event>) {
        self.apply_headcount(interval, sched);
        if !self.roster.steps.is_empty() {
            self.on_roster_due(sched);
        }
        self.apply_planned(sched);
    }

    /// Ends the last interval's planned activities and starts this one's
    /// (see the module doc), in every shift group with planned shrinkage.
    pub(super) fn apply_planned(&mut self, sched: &mut Scheduler<Event>) {
        let now = sched.now();
        for g in 0..self.spec.groups.len() {
            let group = &self.spec.groups[g];
            let share = group.shrinkage.planned_share;
            if share <= 0.0 || group.shifts.is_none() {
                continue;
            }
            let members = self.groups[g].agents.clone();
            for &a in &members {
                let ag = &mut self.agents[a as usize];
                ag.planned_until = SimTime::ZERO;
                if ag.away == Some(Away::Planned) {
                    self.come_back(a, sched);
                } else if ag.owes == Some(Due::Planned) {
                    ag.owes = None;
                    ag.leaving = false;
                    self.refresh_agent(a, now);
                    self.agent_pull(a, sched);
                }
            }
            // The share is of the agents present on shift (breaks
            // included: planned time comes on top of the breaks); they are
            // chosen among those not on, or owing, a break.
            let present = members
                .iter()
                .filter(|&&a| self.agents[a as usize].rostered)
                .count();
            let mut chosen: Vec<u32> = members
                .into_iter()
                .filter(|&a| {
                    let ag = &self.agents[a as usize];
                    ag.rostered
                        && (ag.on_shift || ag.away == Some(Away::Aux))
                        && !matches!(ag.owes, Some(Due::Break(_) | Due::ShiftEnd))
                })
                .collect();
            let x = share * present as f64;
            let extra = self.groups[g].planned.gen::<f64>() < x - x.floor();
            let n = x.floor() as usize + usize::from(extra);
            chosen.sort_by_key(|&a| {
                let ag = &self.agents[a as usize];
                let busy = ag.load.iter().any(|l| *l > 0) || ag.paused > 0 || !ag.on_shift;
                (busy, ag.planned_times, a)
            });
            chosen.truncate(n);
            let until = now + self.spec.interval;
            for a in chosen {
                let ag = &mut self.agents[a as usize];
                ag.planned_times += 1;
                ag.planned_until = until;
                self.due(a, Due::Planned, sched);
            }
        }
    }
}
