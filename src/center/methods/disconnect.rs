//! DISCONNECT: an inbound flow set a disconnect flow (Set disconnect flow)
//! and the conversation ended with the customer still on the line (the
//! agent hung up first): the disconnect flow — a post-call survey, say —
//! runs as a new DISCONNECT contact with no agent. It holds an instance
//! voice line while it runs.

use crate::center::center::Center;
use crate::center::event::Event;
use crate::center::record::{DisconnectReason, Observer, Outcome, Party};
use crate::center::spec::{Channel, InitiationMethod};
use crate::center::state::{Customer, Phase};
use crate::engine::Scheduler;

impl<O: Observer> Center<'_, O> {
    /// Whether the contact's conversation ends in a disconnect flow.
    pub(in crate::center) fn disconnect_flow_follows(&self, slot: u32) -> bool {
        let c = &self.contacts[slot as usize];
        c.rec.channel == Channel::Voice
            && c.rec.method != InitiationMethod::Disconnect
            && c.overrides.disconnect.is_some()
            && c.customer.stays_for_disconnect
            && !c.rec.voicemail
    }

    /// Starts the DISCONNECT contact that follows the contact in `slot`.
    pub(in crate::center) fn start_disconnect_flow(
        &mut self,
        slot: u32,
        sched: &mut Scheduler<Event>,
    ) {
        let now = sched.now();
        let c = &self.contacts[slot as usize];
        let Some(flow) = c.overrides.disconnect else {
            return;
        };
        let (source, overrides) = (c.rec.source, c.overrides);
        let customer = Customer {
            talk: crate::engine::SimDuration::ZERO,
            ..c.customer.clone()
        };
        let new = self.new_contact(
            now,
            source,
            Channel::Voice,
            InitiationMethod::Disconnect,
            Some(slot),
            customer,
            overrides,
            Phase::DisconnectFlow,
        );
        self.pass_line(slot, new);
        self.c(new).drop_holds();
        let d = self.play(new, flow, Party::Customer, now);
        sched.schedule_in(
            d,
            Event::DisconnectFlowDone {
                contact: self.cref(new),
            },
        );
    }

    /// The disconnect flow ran to its end.
    pub(in crate::center) fn on_disconnect_flow_done(
        &mut self,
        slot: u32,
        sched: &mut Scheduler<Event>,
    ) {
        let now = sched.now();
        self.disconnect(slot, now, DisconnectReason::ContactFlowDisconnect);
        self.end_contact(slot, Outcome::FlowCompleted, now);
    }
}
