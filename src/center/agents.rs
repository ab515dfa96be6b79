//! Agents: their state (on shift, leaving, Missed, load per channel), the
//! time accounting reported to the observer (activity, slots, agent-hours), the idle order (longest
//! available first) and the eligibility sets routing reads; releasing an
//! agent from a contact, a missed offer and the recovery from Missed; and
//! shift changes bringing each group to its headcount.

use crate::engine::{Scheduler, SimTime};

use super::center::Center;
use super::event::{AgentRef, Event};
use super::ids::GroupId;
use super::record::{AgentActivity, AgentHours, Observer};
use super::spec::{Channel, InitiationMethod};
use super::state::{secs, Agent, Away, NONE};

impl<O: Observer> Center<'_, O> {
    /// The agent's reference for an event about it.
    pub(super) fn agent_ref(&self, a: u32) -> AgentRef {
        AgentRef {
            agent: a,
            gen: self.agents[a as usize].gen,
        }
    }

    /// Brings the agent's time accounting and eligibility sets up to date
    /// after any change of its state.
    pub(super) fn refresh_agent(&mut self, a: u32, now: SimTime) {
        let ag = &mut self.agents[a as usize];
        ag.refreshed = Some(ag.refresh_inputs());
        let g = ag.group;
        let prof = &self.spec.profiles[self.spec.groups[g.index()].profile.index()];
        let staffed = ag.on_shift && !ag.leaving;
        if staffed != ag.staffed {
            ag.staffed = staffed;
            let count = &mut self.groups[g.index()].staffed;
            *count = if staffed { *count + 1 } else { *count - 1 };
        }
        let activity = if !ag.on_shift {
            None
        } else if ag.load.iter().any(|l| *l > 0) {
            Some(AgentActivity::OnContact)
        } else if ag.missed {
            Some(AgentActivity::Missed)
        } else {
            Some(AgentActivity::Available)
        };
        if activity != ag.activity {
            // Stretches of no length add nothing: not reported.
            if let (Some(old), true) = (ag.activity, ag.since != now) {
                self.obs.agent_time(g, old, ag.since, now);
            }
            ag.activity = activity;
            ag.since = now;
        }
        // Slot accounting, per channel the group serves: each channel's
        // stretch is reported when its load or capacity changes.
        let serves = self.groups[g.index()].serves;
        let routable_capacity = ag.on_shift && !ag.missed;
        for ch in Channel::ALL {
            let c = ch.index();
            if !serves[c] && ag.load[c] == 0 && ag.slots[c] == (0, 0) {
                // A channel the group does not serve, idle before and now:
                // nothing to account (most groups serve one channel).
                continue;
            }
            let now_slots = (
                ag.load[c],
                if routable_capacity && serves[c] {
                    prof.concurrency[c]
                } else {
                    0
                },
            );
            if now_slots != ag.slots[c] {
                let (used, cap) = ag.slots[c];
                if (cap > 0 || used > 0) && ag.slots_since[c] != now {
                    self.obs
                        .agent_slots(g, ch, used, cap, ag.slots_since[c], now);
                }
                ag.slots[c] = now_slots;
                ag.slots_since[c] = now;
            }
        }
        let routable = ag.on_shift && !ag.leaving && !ag.missed;
        let sets = &mut self.groups[g.index()].eligible;
        let key_moved = ag.set_key != ag.idle_key;
        for ch in Channel::ALL {
            let c = ch.index();
            if !serves[c] {
                // Never in this channel's set (`eligible` below is false).
                continue;
            }
            let eligible = routable && prof.can_accept(ag.load, ch);
            // Touch the set only when something changed: this runs on every
            // offer and release.
            if eligible == ag.in_sets[c] && !key_moved {
                continue;
            }
            if ag.in_sets[c] {
                sets[c].remove(&(ag.set_key, a));
            }
            ag.in_sets[c] = eligible;
            if eligible {
                sets[c].insert((ag.idle_key, a));
            }
        }
        ag.set_key = ag.idle_key;
        // Agent-hours: where its logged-in time goes (changes only when it
        // comes, goes, or falls due elsewhere — not with every contact).
        let hours = if ag.on_shift {
            Some(if ag.leaving {
                AgentHours::Overrun
            } else {
                AgentHours::OnPhones
            })
        } else {
            ag.away.map(|w| match w {
                Away::Break => AgentHours::Break,
                Away::Aux => AgentHours::Aux,
                Away::Planned => AgentHours::Planned,
            })
        };
        if hours != ag.hours {
            if let Some(h) = ag.hours {
                self.obs.agent_hours(a, g, h, ag.hours_since, now);
            }
            ag.hours = hours;
            ag.hours_since = now;
        }
    }

    /// [`Center::refresh_agent`] for an agent just offered a contact, which
    /// skips the work when it would change nothing: an agent released
    /// straight on to the next contact of the same channel (most offers
    /// in a busy center) has its load back where its last refresh left
    /// it. Asked only here, where that happens, so that other refreshes
    /// do not pay for the comparison.
    pub(super) fn refresh_offered_agent(&mut self, a: u32, now: SimTime) {
        let ag = &mut self.agents[a as usize];
        if ag.refreshed == Some(ag.refresh_inputs())
            && (ag.set_key == ag.idle_key || !ag.in_sets.contains(&true))
        {
            // Nothing the refresh works out from changed (and only it
            // writes what it works out), so every stretch, slot count, set
            // membership and agent-hour is as it left them; a moved idle
            // key would move the agent in the sets it is in, and it is in
            // none.
            ag.set_key = ag.idle_key;
            return;
        }
        self.refresh_agent(a, now);
    }

    /// Moves the agent to the back of the idle order.
    pub(super) fn move_to_back_of_idle_order(&mut self, a: u32) {
        self.next_idle_key += 1;
        self.agents[a as usize].idle_key = self.next_idle_key;
    }

    /// Frees the agent's slot held by the contact in `slot`. `handled`:
    /// the agent worked the contact (moves to the back of the idle order).
    /// Then the agent leaves, or looks for more work.
    /// Inlined always: a few loads before `free_slot`, at three call sites,
    /// one of them every contact's end.
    #[inline(always)]
    pub(super) fn release_agent(&mut self, slot: u32, handled: bool, sched: &mut Scheduler<Event>) {
        let c = &mut self.contacts[slot as usize];
        let a = std::mem::replace(&mut c.agent, NONE);
        if a == NONE {
            return;
        }
        let ch = c.rec.channel;
        let outbound = c.rec.method == InitiationMethod::Outbound;
        let ag = &self.agents[a as usize];
        let exempt = outbound
            && !self.spec.profiles[self.spec.groups[ag.group.index()].profile.index()]
                .outbound_moves_to_back;
        self.free_slot(a, ch, handled && !exempt, sched);
    }

    /// Frees one of agent `a`'s slots of `ch` (to the back of the idle
    /// order if `to_back`); then the agent leaves, or looks for more work.
    pub(super) fn free_slot(
        &mut self,
        a: u32,
        ch: Channel,
        to_back: bool,
        sched: &mut Scheduler<Event>,
    ) {
        let now = sched.now();
        let ag = &mut self.agents[a as usize];
        ag.load[ch.index()] = ag.load[ch.index()].saturating_sub(1);
        if to_back {
            self.move_to_back_of_idle_order(a);
        }
        if self.agents[a as usize].paused > 0 {
            // Its paused tasks ready to resume come before any new offer.
            self.resume_waiting_tasks(a, sched);
        }
        let ag = &mut self.agents[a as usize];
        if ag.leaving && ag.free_to_go() {
            self.leave_now(a, sched);
        }
        let ag = &self.agents[a as usize];
        if ag.on_shift && !ag.leaving && !ag.missed && ag.paused == 0 {
            if let Some(next) = self.find_work(a, now) {
                // Straight on to the next contact. The offer brings the
                // agent's state up to date; refreshing it first would only
                // report stretches of no length (Available, a free slot)
                // and put it in an eligibility set to take it out again.
                self.offer(a, next, sched);
                if self.full_after_offer(a) {
                    return;
                }
                return self.agent_pull(a, sched);
            }
            // Nothing waits: what `agent_pull` would find after the refresh.
            self.refresh_agent(a, now);
            return self.campaign_pull(a, sched);
        }
        self.refresh_agent(a, now);
        self.agent_pull(a, sched);
    }

    /// A leaving agent's last contact ended: it goes where it is due (a
    /// shift agent's break, aux, planned activity or shift end), or off
    /// shift (a lower headcount).
    fn leave_now(&mut self, a: u32, sched: &mut Scheduler<Event>) {
        let ag = &mut self.agents[a as usize];
        match ag.owes.take() {
            Some(due) => self.go_away(a, due, sched),
            None => {
                ag.leaving = false;
                ag.on_shift = false;
                ag.gen.bump();
            }
        }
    }

    // --- Missed ------------------------------------------------------------------

    /// The agent let the offer ring out: the contact goes back to its place
    /// in the queue, the agent to Missed (or off shift, if it was leaving).
    pub(super) fn on_offer_missed(&mut self, slot: u32, sched: &mut Scheduler<Event>) {
        let now = sched.now();
        let c = &mut self.contacts[slot as usize];
        let a = std::mem::replace(&mut c.agent, NONE);
        c.rec.offered = None;
        c.rec.missed_offers += 1;
        let ch = c.rec.channel;
        let ag = &mut self.agents[a as usize];
        ag.load[ch.index()] = ag.load[ch.index()].saturating_sub(1);
        if ag.leaving && ag.free_to_go() {
            self.leave_now(a, sched);
        } else {
            ag.missed = true;
            let g = ag.group;
            let d = secs(
                self.spec.groups[g.index()]
                    .missed_recovery
                    .sample(&mut self.groups[g.index()].recovery),
            );
            sched.schedule_in(
                d,
                Event::MissedRecovered {
                    agent: self.agent_ref(a),
                },
            );
        }
        self.refresh_agent(a, now);
        if self.agents[a as usize].paused > 0 {
            self.resume_waiting_tasks(a, sched); // the missed offer's slot
        }
        // Back in its old place: the queue key is its enqueue order.
        self.make_routable_again(slot, sched);
    }

    /// The agent's Missed state is over: it is routable again, at the back
    /// of the idle order.
    pub(super) fn on_missed_recovered(&mut self, a: u32, sched: &mut Scheduler<Event>) {
        self.agents[a as usize].missed = false;
        self.move_to_back_of_idle_order(a);
        self.refresh_agent(a, sched.now());
        self.agent_pull(a, sched);
    }

    // --- shifts ----------------------------------------------------------------------------

    /// Brings every group to its headcount for `interval`. Agents beyond the
    /// new headcount leave: available ones (most recently available first)
    /// and Missed ones at once, busy ones after their current contacts.
    pub(super) fn apply_headcount(&mut self, interval: usize, sched: &mut Scheduler<Event>) {
        let now = sched.now();
        for g in 0..self.spec.groups.len() {
            if self.spec.groups[g].shifts.is_some() {
                continue; // its shifts staff it (the roster room)
            }
            let target = self.spec.groups[g]
                .headcount
                .get(interval)
                .copied()
                .unwrap_or(0) as usize;
            let len = self.spec.interval.as_millis();
            self.obs.agent_scheduled(
                GroupId(g as u16),
                target as u32,
                target as u32,
                SimTime(interval as u64 * len),
                SimTime((interval as u64 + 1) * len),
            );
            let members = self.groups[g].agents.clone();
            let staying = |ag: &Agent| ag.on_shift && !ag.leaving;
            let mut on = members
                .iter()
                .filter(|&&a| staying(&self.agents[a as usize]))
                .count();
            if target > on {
                // Cancel departures first, then call agents in.
                for &a in members.iter().rev() {
                    if on == target {
                        break;
                    }
                    if self.agents[a as usize].leaving {
                        self.agents[a as usize].leaving = false;
                        self.refresh_agent(a, now);
                        // It may have free slots (chats) for contacts waiting.
                        self.agent_pull(a, sched);
                        on += 1;
                    }
                }
                let mut joining: Vec<u32> = members
                    .iter()
                    .copied()
                    .filter(|&a| !self.agents[a as usize].on_shift)
                    .take(target - on)
                    .collect();
                while on + joining.len() < target {
                    let a = self.agents.len() as u32;
                    self.agents.push(Agent::new(GroupId(g as u16), now));
                    self.groups[g].agents.push(a);
                    joining.push(a);
                }
                for a in joining {
                    let ag = &mut self.agents[a as usize];
                    ag.on_shift = true;
                    ag.missed = false;
                    ag.gen.bump();
                    self.move_to_back_of_idle_order(a);
                    self.refresh_agent(a, now);
                    self.start_outbound_clock(a, sched);
                    self.agent_pull(a, sched);
                }
            } else if target < on {
                let mut excess = on - target;
                let mut idle: Vec<u32> = members
                    .iter()
                    .copied()
                    .filter(|&a| {
                        let ag = &self.agents[a as usize];
                        staying(ag) && ag.paused == 0 && ag.load.iter().all(|l| *l == 0)
                    })
                    .collect();
                // Missed agents first, then the most recently available.
                idle.sort_by_key(|&a| {
                    let ag = &self.agents[a as usize];
                    (!ag.missed, std::cmp::Reverse(ag.idle_key))
                });
                for a in idle.into_iter().take(excess) {
                    let ag = &mut self.agents[a as usize];
                    ag.on_shift = false;
                    ag.missed = false;
                    ag.gen.bump();
                    self.refresh_agent(a, now);
                    excess -= 1;
                }
                for &a in members.iter().rev() {
                    if excess == 0 {
                        break;
                    }
                    let ag = &mut self.agents[a as usize];
                    if staying(ag) {
                        ag.leaving = true;
                        self.refresh_agent(a, now);
                        excess -= 1;
                    }
                }
            }
        }
    }
}
