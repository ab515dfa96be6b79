//! Routing criteria at run time: a contact's steps start when it enters a
//! queue, each step's expiry moves it to the next (and re-routes it), and
//! routing asks here which agent groups the step in force admits. The
//! types and Connect's semantics are in [`criteria`](super::criteria).
//!
//! A contact without criteria (or past its last step, or in an agent's own
//! queue, where Connect never activates criteria) admits every group:
//! routing then runs exactly as without this room.

use crate::engine::Scheduler;
use std::hint::cold_path;

use super::center::Center;
use super::criteria::CriteriaState;
use super::event::Event;
use super::ids::GroupId;
use super::record::Observer;
use super::state::{Phase, NONE};

impl<O: Observer> Center<'_, O> {
    /// The contact enters its queue: its routing criteria (if any) starts
    /// again at its first step, activated now, and the first step's expiry
    /// is scheduled. Runs before the contact becomes routable.
    pub(super) fn activate_criteria(&mut self, slot: u32, sched: &mut Scheduler<Event>) {
        let c = &mut self.contacts[slot as usize];
        let Some(criteria) = c.routing.criteria else {
            return;
        };
        cold_path(); // most contacts carry no criteria
        if c.for_agent != NONE {
            // Connect: criteria never activate in an agent's own queue.
            return;
        }
        c.rec.routing_criteria = Some(CriteriaState {
            criteria,
            activated: sched.now(),
            step: 0,
            offered_step: None,
        });
        self.schedule_step_expiry(slot, sched);
    }

    /// Schedules the expiry of the contact's step in force, if it has one:
    /// a *(waiting)* event, void once the contact leaves the queue.
    fn schedule_step_expiry(&mut self, slot: u32, sched: &mut Scheduler<Event>) {
        let Some(state) = self.contacts[slot as usize].rec.routing_criteria else {
            return;
        };
        let steps = &self.spec.routing_criteria[state.criteria.index()].steps;
        if let Some(expiry) = steps.get(usize::from(state.step)).and_then(|s| s.expiry) {
            let contact = self.wref(slot);
            sched.schedule_in(expiry, Event::RoutingStepExpired { contact });
        }
    }

    /// The contact's step in force expired: the next step applies (Connect
    /// replaces the step; it does not add to it), or, after the last, any
    /// agent of the queue. A routable contact takes its new place among
    /// the restricted or unrestricted contacts and is routed again.
    pub(super) fn on_routing_step_expired(&mut self, slot: u32, sched: &mut Scheduler<Event>) {
        let routable = self.contacts[slot as usize].phase == Phase::Queued;
        if routable {
            self.remove_routable(slot);
        }
        if let Some(state) = self.contacts[slot as usize].rec.routing_criteria.as_mut() {
            state.step = state.step.saturating_add(1);
        }
        if routable {
            self.insert_routable(slot);
        }
        self.schedule_step_expiry(slot, sched);
        if routable {
            self.route_contact(slot, sched);
        }
    }

    /// Per agent group, whether the contact's step in force admits it;
    /// `None`: every group (no criteria, or all steps expired).
    pub(super) fn step_groups(&self, slot: u32) -> Option<&[bool]> {
        let c = &self.contacts[slot as usize];
        if c.for_agent != NONE {
            return None;
        }
        let state = c.rec.routing_criteria.as_ref()?;
        self.spec.routing_criteria[state.criteria.index()]
            .steps
            .get(usize::from(state.step))
            .map(|s| s.groups.as_slice())
    }

    /// Whether the contact's step in force keeps some agent group out (it
    /// counts in its queue's `restricted`).
    pub(super) fn restricts(&self, slot: u32) -> bool {
        self.step_groups(slot)
            .is_some_and(|groups| groups.iter().any(|admitted| !admitted))
    }

    /// Whether agent group `g` may take the contact in its step in force.
    pub(super) fn step_admits(&self, slot: u32, g: GroupId) -> bool {
        self.step_groups(slot)
            .is_none_or(|groups| groups.get(g.index()).copied().unwrap_or(false))
    }

    /// The contact is offered: the step in force is the one it joins in if
    /// the offer is accepted.
    pub(super) fn note_offered_step(&mut self, slot: u32) {
        if let Some(state) = self.contacts[slot as usize].rec.routing_criteria.as_mut() {
            state.offered_step = Some(state.step);
        }
    }
}
