//! The customer queue flow's actions: offering a callback (which turns the
//! contact into a CALLBACK, see [`callback`](super::callback)), changing the
//! contact's routing priority or age after some time ("Change routing
//! priority / age"), and moving the contact to another queue
//! (QUEUE_TRANSFER: a new contact record whose wait starts afresh, with the
//! new queue's customer queue flow).

use crate::center::center::Center;
use crate::center::event::Event;
use crate::center::ids::FlowId;
use crate::center::record::{DisconnectReason, Observer, Outcome};
use crate::center::spec::{FlowType, InitiationMethod};
use crate::center::state::Phase;
use crate::engine::Scheduler;
use std::hint::cold_path;

/// Queue moves one customer can go through (a guard against flows that
/// move contacts around in a circle).
pub const MAX_QUEUE_MOVES: u32 = 10;

impl<O: Observer> Center<'_, O> {
    /// Schedules the timed actions of customer queue flow `flow` for a
    /// contact that just entered a queue.
    pub(in crate::center) fn schedule_queue_flow(
        &mut self,
        slot: u32,
        flow: FlowId,
        sched: &mut Scheduler<Event>,
    ) {
        let f = &self.spec.flows[flow.index()];
        let w = self.wref(slot);
        if let Some(cb) = &f.callback {
            cold_path(); // most queue flows only play
            sched.schedule_in(cb.offer_after, Event::CallbackOffered { contact: w });
        }
        for (k, step) in f.change_routing.iter().enumerate() {
            cold_path();
            sched.schedule_in(
                step.after,
                Event::RoutingChangeDue {
                    contact: w,
                    step: k as u16,
                },
            );
        }
        if let Some(m) = f.move_to_queue {
            cold_path();
            let c = &self.contacts[slot as usize];
            // A contact keeps its customer queue flow when moved: never
            // "move" it into the queue it is already in.
            if c.moves < MAX_QUEUE_MOVES && c.rec.queue != Some(m.queue) {
                sched.schedule_in(m.after, Event::QueueMoveDue { contact: w });
            }
        }
    }

    /// The customer queue flow's routing change number `step` is due for a
    /// contact still in queue: its priority or age changes and it moves to
    /// its new place (one already ringing at an agent keeps the change in
    /// case the offer fails).
    pub(in crate::center) fn on_routing_change_due(&mut self, slot: u32, step: u16) {
        let flow = self.flow_for(slot, FlowType::CustomerQueue);
        let Some(step) = self.spec.flows[flow.index()]
            .change_routing
            .get(usize::from(step))
        else {
            return;
        };
        self.change_routing(slot, step.change);
    }

    /// The customer queue flow moves a waiting contact to another queue.
    /// A contact already ringing at an agent stays where it is.
    pub(in crate::center) fn on_queue_move_due(&mut self, slot: u32, sched: &mut Scheduler<Event>) {
        let now = sched.now();
        if self.contacts[slot as usize].phase != Phase::Queued {
            return;
        }
        let flow = self.flow_for(slot, FlowType::CustomerQueue);
        let Some(m) = self.spec.flows[flow.index()].move_to_queue else {
            return;
        };
        let old = &self.contacts[slot as usize];
        let (channel, source, overrides, moves, routing) = (
            old.rec.channel,
            old.rec.source,
            old.overrides,
            old.moves,
            old.routing,
        );
        // The customer is the same person: what is left of their patience
        // goes with them.
        let mut customer = old.customer.clone();
        let waited = now - old.rec.enqueued.unwrap_or(now);
        customer.patience = customer
            .patience
            .map(|p| crate::engine::SimDuration(p.as_millis().saturating_sub(waited.as_millis())));
        let new = self.new_contact(
            now,
            source,
            channel,
            InitiationMethod::QueueTransfer,
            Some(slot),
            customer,
            overrides,
            Phase::Queued,
        );
        self.contacts[new as usize].moves = moves + 1;
        // Same customer, same call: its routing priority and age adjustment
        // go with it (the age itself restarts with the new wait).
        self.contacts[new as usize].routing = routing;
        self.pass_line(slot, new);
        self.leave_queue(slot, now);
        self.disconnect(slot, now, DisconnectReason::ContactFlowDisconnect);
        self.end_contact(slot, Outcome::QueueTransferred, now);
        if self.queue_full(m.queue) {
            self.c(new).rec.queue = Some(m.queue);
            self.disconnect(new, now, DisconnectReason::ContactFlowDisconnect);
            self.end_contact(new, Outcome::TurnedAway, now);
        } else {
            self.enqueue(new, m.queue, sched);
        }
    }
}
