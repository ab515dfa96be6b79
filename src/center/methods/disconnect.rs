//! DISCONNECT: what a disconnect flow (Set disconnect flow) does once the
//! conversation of its contact ends (MODEL.md's DISCONNECT row).
//!
//! - **On the same contact.** When the agent ends the conversation with
//!   someone still there to hear the flow — a caller who stays on the line
//!   or a chat customer still in the chat (the customer's
//!   `stays_for_disconnect_flow` draw), or any task (Connect runs the
//!   disconnect flow whenever a task is disconnected; a task has no
//!   customer to leave first) — the flow plays to the customer on the same
//!   contact: no new record. The agent is free of the conversation at once
//!   (its ACW starts); the contact keeps its instance line until the flow
//!   ends, and ends when both the flow and the ACW are over. Its record
//!   shows `DisconnectReason` `AGENT_DISCONNECT` (the agent hung up first)
//!   and, as `DisconnectTimestamp`, the end of the flow: Connect's
//!   "customer endpoint disconnected from the contact", which the customer
//!   does only then. The ACW start stays the agent's disconnect.
//! - **A new DISCONNECT contact** only when the flow puts the contact in a
//!   queue again (a chat or task follow-up): a disconnect flow with queue
//!   branches (`queues`) does so with probability 1 − its `self_service`,
//!   on one of them, as an inbound flow would, with the flow's and the
//!   branch's Set … and routing blocks. The new contact (linked by
//!   `PreviousContactId` / `InitialContactId`, the line passed to it) then
//!   routes like INBOUND: queue, customer queue flow, patience, agent,
//!   talk, ACW. Its customer's patience, talk and holds come from the
//!   customer's source, drawn — with the queue decision — from the
//!   customer's own block of the source's disconnect stream, so they never
//!   depend on timing or staffing and no other draw moves. A DISCONNECT
//!   contact (and any contact created from it) runs no disconnect flow of
//!   its own — one per customer — and its agent does not transfer it.

use rand::Rng;

use crate::center::center::Center;
use crate::center::event::Event;
use crate::center::ids::{FlowId, QueueId};
use crate::center::record::{DisconnectReason, Observer, Outcome, Party};
use crate::center::spec::{Channel, FlowOverrides, InitiationMethod};
use crate::center::state::{secs, Customer, Phase, Routing};
use crate::center::streams::{stream_id, Purpose, FOLLOW_UP_BLOCK_WORDS};
use crate::engine::{Scheduler, SimTime};

impl<O: Observer> Center<'_, O> {
    /// The disconnect flow that plays on the contact whose conversation
    /// just ended, if any: one is set on it (not on a DISCONNECT contact,
    /// nor for a voicemail), and someone is there to hear it — a caller or
    /// chat customer who stays (its draw), or any task.
    pub(in crate::center) fn disconnect_flow_for(&self, slot: u32) -> Option<FlowId> {
        let c = &self.contacts[slot as usize];
        let flow = c.overrides.disconnect?;
        if c.rec.method == InitiationMethod::Disconnect || c.rec.voicemail {
            return None;
        }
        let present = match c.rec.channel {
            Channel::Voice | Channel::Chat => c.customer.stays_for_disconnect,
            Channel::Task | Channel::Email => true,
        };
        present.then_some(flow)
    }

    /// The agent has ended the conversation; the disconnect flow starts to
    /// play to the customer on the same contact, which keeps its line.
    pub(in crate::center) fn start_disconnect_flow(
        &mut self,
        slot: u32,
        flow: FlowId,
        sched: &mut Scheduler<Event>,
    ) {
        let now = sched.now();
        let c = self.c(slot);
        c.in_disconnect_flow = true;
        c.rec.disconnect_flow = Some(now);
        let d = self.play(slot, flow, Party::Customer, now);
        sched.schedule_in(
            d,
            Event::DisconnectFlowDone {
                contact: self.cref(slot),
            },
        );
    }

    /// The disconnect flow ended: it may have queued the contact again (a
    /// DISCONNECT contact takes over); the customer leaves this contact,
    /// which ends now if its agent's ACW is over too.
    pub(in crate::center) fn on_disconnect_flow_done(
        &mut self,
        slot: u32,
        sched: &mut Scheduler<Event>,
    ) {
        let now = sched.now();
        self.c(slot).in_disconnect_flow = false;
        let next = self.contacts[slot as usize]
            .overrides
            .disconnect
            .and_then(|flow| self.follow_up(slot, flow, now));
        self.disconnect(slot, now, DisconnectReason::AgentDisconnect);
        if self.contacts[slot as usize].rec.acw_end.is_some() {
            self.end_worked_contact(slot, now);
        }
        if let Some((new, q)) = next {
            if self.queue_full(q) {
                self.c(new).rec.queue = Some(q);
                self.disconnect(new, now, DisconnectReason::ContactFlowDisconnect);
                self.end_contact(new, Outcome::TurnedAway, now);
            } else {
                self.enqueue(new, q, sched);
            }
        }
    }

    /// Whether disconnect flow `flow` queues the customer of `slot` again:
    /// if so, the DISCONNECT contact it creates (holding the line now) and
    /// the queue it goes to. The decision and the new customer's patience,
    /// talk and holds are one fixed set of draws from the customer's own
    /// block of its source's disconnect stream, made only for a flow with
    /// queue branches.
    fn follow_up(&mut self, slot: u32, flow: FlowId, now: SimTime) -> Option<(u32, QueueId)> {
        let spec = self.spec;
        let f = &spec.flows[flow.index()];
        if f.branches.is_empty() {
            return None; // a survey: it queues nobody
        }
        let c = &self.contacts[slot as usize];
        let source = c.rec.source?;
        let src = &spec.sources[source.index()];
        let mut rng = self
            .streams
            .stream(stream_id(Purpose::Disconnect, source.index()));
        rng.set_word_pos(u128::from(c.customer.source_seq) * FOLLOW_UP_BLOCK_WORDS);
        let queues_again = rng.gen::<f64>() >= f.self_service;
        let u_branch: f64 = rng.gen();
        let patience = src
            .customer
            .patience
            .as_ref()
            .map(|d| secs(d.sample(&mut rng)));
        let talk = secs(src.customer.talk.sample(&mut rng));
        let holds = Self::draw_holds(&src.customer, &mut rng);
        if !queues_again {
            return None;
        }
        let branch = f.branches.iter().find(|b| u_branch < b.cumulative)?;
        // The flow's and the branch's Set … blocks, over what the contact
        // had; no disconnect flow: one per customer.
        let overrides = FlowOverrides {
            disconnect: None,
            ..c.overrides.overridden_by(f.sets).overridden_by(branch.sets)
        };
        // As an inbound flow routes a new contact: the source's starting
        // priority, then the branch's (else the flow's) routing block.
        let mut routing = Routing {
            priority: src.routing_priority,
            ..Routing::default()
        };
        routing.apply(branch.routing.or(f.routing));
        routing.criteria = branch.routing_criteria.or(src.routing_criteria);
        let customer = Customer {
            self_served: false,
            patience,
            talk,
            holds,
            ..c.customer.clone()
        };
        let channel = c.rec.channel;
        let new = self.new_contact(
            now,
            Some(source),
            channel,
            InitiationMethod::Disconnect,
            Some(slot),
            customer,
            overrides,
            Phase::Queued,
        );
        self.c(new).routing = routing;
        self.pass_line(slot, new);
        Some((new, branch.queue))
    }
}
