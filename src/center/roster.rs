//! Shift groups' timelines: at the start of a replication, every agent of
//! every shift assignment gets a place in the agent arena, each agent-day
//! is drawn present or absent, and the present ones' shift starts, breaks
//! and shift ends become one sorted list of steps, taken in time order
//! through a single pending [`Event::RosterDue`] (so the event queue holds
//! one roster event, not one per agent).
//!
//! Scheduled and present agent-hours are reported here, once per worked
//! shift, as the timeline is built.

use rand::Rng;

use crate::engine::{Scheduler, SimTime};

use super::center::Center;
use super::event::Event;
use super::ids::GroupId;
use super::record::Observer;
use super::shifts::worked_shifts;
use super::state::{Agent, Due, Roster, RosterStep};
use super::streams::{stream_id, Purpose};

impl<O: Observer> Center<'_, O> {
    /// Builds the shift timeline of this replication and takes its steps
    /// due now (at time zero). Nothing happens — and nothing is drawn —
    /// without shift groups.
    pub(super) fn build_roster(&mut self, sched: &mut Scheduler<Event>) {
        let spec = self.spec;
        if spec.groups.iter().all(|g| g.shifts.is_none()) {
            return;
        }
        let calendar = spec.calendar();
        let days = calendar.days(spec.horizon);
        let mut steps = Vec::new();
        for (g, group) in spec.groups.iter().enumerate() {
            let Some(shifts) = &group.shifts else {
                continue;
            };
            let gid = GroupId(g as u16);
            // One agent per place of each assignment, for the whole run.
            let base = self.agents.len() as u32;
            let mut first = Vec::with_capacity(shifts.len());
            for a in shifts {
                first.push(self.agents.len() as u32);
                for _ in 0..a.agents {
                    let id = self.agents.len() as u32;
                    self.agents.push(Agent::new(gid, SimTime::ZERO));
                    self.groups[g].agents.push(id);
                }
            }
            let absence = group.shrinkage.absenteeism;
            let mut rng =
                (absence > 0.0).then(|| self.streams.stream(stream_id(Purpose::Absence, g)));
            for w in worked_shifts(&spec.shift_templates, shifts, calendar, days) {
                if w.end <= 0 {
                    continue; // over before the run starts
                }
                let agent = first[w.assignment] + w.agent;
                let present = match rng.as_mut() {
                    Some(r) => {
                        // The agent's own block: one f64 (two words) per
                        // day of the horizon.
                        let person = u128::from(agent - base);
                        r.set_word_pos((person * u128::from(days) + u128::from(w.day)) * 2);
                        r.gen::<f64>() >= absence
                    }
                    None => true,
                };
                let from = SimTime(w.start.max(0) as u64);
                let to = SimTime(w.end as u64);
                self.obs
                    .agent_scheduled(gid, 1, u32::from(present), from, to);
                if !present {
                    continue;
                }
                steps.push((from, agent, RosterStep::Start));
                for (at, len) in &w.breaks {
                    if *at >= 0 {
                        steps.push((SimTime(*at as u64), agent, RosterStep::Break(*len)));
                    }
                }
                steps.push((to, agent, RosterStep::End));
            }
        }
        // Stable: one agent's steps at one instant keep their order (a
        // shift's end before the next day's start).
        steps.sort_by_key(|s| s.0);
        self.roster = Roster {
            steps,
            next: 0,
            armed: None,
        };
        self.on_roster_due(sched);
    }

    /// Takes every timeline step due by now, then schedules the next
    /// (unless it is already scheduled).
    pub(super) fn on_roster_due(&mut self, sched: &mut Scheduler<Event>) {
        let now = sched.now();
        if self.roster.armed == Some(now) {
            self.roster.armed = None;
        }
        while let Some(&(at, a, step)) = self.roster.steps.get(self.roster.next) {
            if at > now {
                if self.roster.armed != Some(at) {
                    self.roster.armed = Some(at);
                    sched.schedule_at(at, Event::RosterDue);
                }
                return;
            }
            self.roster.next += 1;
            match step {
                RosterStep::Start => self.start_shift(a, sched),
                RosterStep::Break(len) => self.due(a, Due::Break(len), sched),
                RosterStep::End => {
                    self.agents[a as usize].rostered = false;
                    self.due(a, Due::ShiftEnd, sched);
                }
            }
        }
    }

    /// The agent's shift starts: on the phones, at the back of the idle
    /// order (and still on any contact it was finishing from the day
    /// before, now no longer leaving).
    fn start_shift(&mut self, a: u32, sched: &mut Scheduler<Event>) {
        let now = sched.now();
        let ag = &mut self.agents[a as usize];
        ag.rostered = true;
        ag.on_shift = true;
        ag.leaving = false;
        ag.owes = None;
        ag.away = None;
        ag.missed = false;
        ag.gen.bump();
        self.move_to_back_of_idle_order(a);
        self.refresh_agent(a, now);
        self.start_outbound_clock(a, sched);
        self.arm_aux(a, false, sched);
        self.agent_pull(a, sched);
    }
}
