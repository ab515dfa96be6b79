//! EXTERNAL_OUTBOUND: during a voice conversation the agent adds an
//! external party (a supplier, a specialist outside the center) through a
//! quick connect to an external number.
//!
//! # As Connect has it
//!
//! Connect's contact-record data model: "an agent initiated an outbound
//! call to an external participant using the quick connect in the CCP";
//! `InitiationTimestamp` is "when the agent started dialing the external
//! participant". Like every consult leg ("Identify conferences and
//! transfers by using contact records"), it is a **new contact** with its
//! own `ContactId`, linked to the conversation it was dialled from by
//! `PreviousContactId` / `InitialContactId` (and that contact's
//! `NextContactId`). Its `CustomerEndpoint` is the quick connect's external
//! number, and its `Agent` the agent who dialled (shown once the external
//! party answered).
//!
//! # What ccsim models
//!
//! A queue's `external` says with which probability a voice conversation
//! from it adds an external party; the draws (whether, ring, answer, talk)
//! are made when the conversation starts, four per conversation of the
//! queue. The agent dials once the customer's own talk (and holds) is
//! over; the external leg then rings and, if answered, the three talk. The
//! agent stays on the original contact throughout: its conversation — and
//! the agent's handle time — is longer by the ring (+ the talk, if
//! answered). The external leg holds a voice line of the instance; with
//! none free the dial fails at once (`TELECOM_BUSY`, outcome blocked) and
//! adds nothing. A conversation its agent will transfer adds no external
//! party (the transfer is its consult).

use rand::Rng;
use std::hint::cold_path;

use crate::center::center::Center;
use crate::center::event::Event;
use crate::center::record::{DisconnectReason, Observer, Outcome};
use crate::center::spec::{Channel, FlowOverrides, InitiationMethod};
use crate::center::state::{secs, Customer, Phase, NONE};
use crate::center::xmon_spec::ExternalCall;
use crate::engine::{Scheduler, SimDuration};

impl<O: Observer> Center<'_, O> {
    /// Whether the voice conversation starting in `slot` will add an
    /// external party: draws it from its queue's external stream (four
    /// draws, only for queues with `external`) and keeps what was drawn.
    pub(in crate::center) fn plan_external(&mut self, slot: u32) -> bool {
        let c = &self.contacts[slot as usize];
        if c.rec.channel != Channel::Voice {
            return false;
        }
        let Some(queue) = c.rec.queue else {
            return false;
        };
        let Some(x) = &self.spec.queues[queue.index()].external else {
            return false;
        };
        cold_path(); // most queues add no external party
        let rng = &mut self.external_rngs[queue.index()];
        let u: f64 = rng.gen();
        let ring = secs(x.ring.sample(rng));
        let a: f64 = rng.gen();
        let talk = secs(x.talk.sample(rng));
        if u >= x.probability {
            return false;
        }
        let answered = a < x.answer_probability;
        self.c(slot).external.set(ExternalCall {
            queue,
            ring,
            answered,
            talk: if answered { talk } else { SimDuration::ZERO },
        });
        true
    }

    /// The agent dials the external party: the EXTERNAL_OUTBOUND contact
    /// starts ringing, or fails at once when no voice line is free (the
    /// conversation then ends as planned).
    pub(in crate::center) fn on_external_dial_due(
        &mut self,
        slot: u32,
        sched: &mut Scheduler<Event>,
    ) {
        let now = sched.now();
        let Some(call) = self.c(slot).external.take() else {
            return;
        };
        let (source, agent) = {
            let c = &self.contacts[slot as usize];
            (c.rec.source, c.rec.agent)
        };
        let customer = Customer {
            talk: call.talk,
            ..Customer::default()
        };
        let ext = self.new_contact(
            now,
            source,
            Channel::Voice,
            InitiationMethod::ExternalOutbound,
            Some(slot),
            customer,
            FlowOverrides::default(),
            Phase::OutboundDial,
        );
        let e = self.c(ext);
        // The external party connects when it answers; it is not the
        // customer who may redial.
        e.rec.connected_to_system = None;
        e.rec.redial = None;
        e.rec.external_of = Some(call.queue);
        e.rec.agent = agent;
        e.peer = slot;
        e.external.set(call);
        if !self.take_line(ext) {
            self.turn_away_busy(ext, now);
            self.end_conversation(slot, sched, false);
            return;
        }
        sched.schedule_in(
            call.ring,
            Event::ExternalRingDone {
                contact: self.cref(ext),
            },
        );
    }

    /// The external leg stopped ringing: the three talk, or (unanswered)
    /// the leg ends and the agent's conversation with the customer ends.
    pub(in crate::center) fn on_external_ring_done(
        &mut self,
        ext: u32,
        sched: &mut Scheduler<Event>,
    ) {
        let now = sched.now();
        let Some(call) = self.contacts[ext as usize].external.get() else {
            return;
        };
        let e = self.c(ext);
        e.rec.dial_ring = call.ring;
        if call.answered {
            e.phase = Phase::Talking;
            e.rec.connected = Some(now);
            self.connect_to_system(ext, now);
            sched.schedule_in(
                call.talk,
                Event::ExternalTalkDone {
                    contact: self.cref(ext),
                },
            );
            return;
        }
        self.disconnect(ext, now, DisconnectReason::TelecomUnanswered);
        self.resume_after_external(ext, sched);
        self.end_contact(ext, Outcome::Unanswered, now);
    }

    /// The external party hung up: its leg ends, handled, and so does the
    /// agent's conversation with the customer.
    pub(in crate::center) fn on_external_talk_done(
        &mut self,
        ext: u32,
        sched: &mut Scheduler<Event>,
    ) {
        let now = sched.now();
        self.disconnect(ext, now, DisconnectReason::ThirdPartyDisconnect);
        self.resume_after_external(ext, sched);
        self.end_contact(ext, Outcome::Handled, now);
    }

    /// The external leg in `ext` is ending: the conversation it was
    /// dialled from ends now (its agent goes to after-contact work), its
    /// agent interaction longer by the leg's ring and talk.
    fn resume_after_external(&mut self, ext: u32, sched: &mut Scheduler<Event>) {
        let added = sched.now() - self.contacts[ext as usize].rec.initiated;
        let from = std::mem::replace(&mut self.c(ext).peer, NONE);
        if from != NONE && self.contacts[from as usize].live {
            self.c(from).rec.talk += added;
            self.end_conversation(from, sched, false);
        }
    }
}
