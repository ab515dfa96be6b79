//! The EMAIL channel's own methods: the agent's reply to an inbound email
//! (AGENT_REPLY) and the email a flow sends (FLOW). An inbound email itself
//! is INBOUND on EMAIL and goes the common way ([`inbound`](super::inbound),
//! routing, the conversation — the agent reading and working it — and ACW).
//!
//! # AGENT_REPLY, as Connect has it
//!
//! Replying creates a **new contact** (its own record and agent
//! interaction), `InitiationMethod` `AGENT_REPLY`, linked to the inbound
//! email by `PreviousContactId` / `InitialContactId` (the chain) and by
//! `RelatedContactId` (the email it answers). So the writing time is the
//! reply's handle time, not the inbound email's: the inbound contact ends
//! when the agent starts the reply (its agent interaction is the reading;
//! it has no ACW of its own, `DisconnectReason` `AGENT_DISCONNECT`), and
//! the same agent writes the reply in the **same email slot** — the slot
//! passes from one contact to the other at one instant, so no routing can
//! take it in between — then does the email channel's after-contact work,
//! after which the slot is free. The reply holds the email's instance
//! line, never a queue (it is not counted as queued, and not in the
//! service level).
//!
//! # FLOW
//!
//! An inbound flow with `send_email` emails the contact going through it
//! (an acknowledgement, an auto-reply) with a probability: a new EMAIL
//! contact, `FLOW`, no agent and no queue, `RelatedContactId` the contact
//! whose flow sent it. With a sending time it holds an email line of the
//! instance while it is active (turned away, `TELECOM_BUSY`, when the
//! instance is at its email limit); without one it is sent at once.

use rand::Rng;
use std::hint::cold_path;

use crate::center::center::Center;
use crate::center::event::Event;
use crate::center::ids::FlowId;
use crate::center::record::{DisconnectReason, Observer, Outcome};
use crate::center::spec::{Channel, FlowOverrides, InitiationMethod, SourceKind};
use crate::center::state::{secs, Customer, Phase, NONE};
use crate::engine::{Scheduler, SimDuration};

impl<O: Observer> Center<'_, O> {
    /// Whether the agent will reply to the next email of source `s`, and
    /// how long writing takes: two draws per email of a source that
    /// replies, in arrival order (none for any other source, so their
    /// streams are untouched).
    pub(in crate::center) fn draw_email_reply(&mut self, s: usize) -> Option<SimDuration> {
        let SourceKind::InboundEmail { reply: Some(r) } = &self.spec.sources[s].kind else {
            return None;
        };
        cold_path(); // most sources are no emails
        let rng = &mut self.sources[s].email_reply;
        let u: f64 = rng.gen();
        let writing = secs(r.writing.sample(rng));
        (u < r.probability).then_some(writing)
    }

    /// The conversation of an email ended: an inbound email with a reply
    /// drawn goes on as the AGENT_REPLY contact; a reply sent goes to
    /// ACW. Returns `false` for every other contact (the common path).
    pub(in crate::center) fn email_conversation_done(
        &mut self,
        slot: u32,
        sched: &mut Scheduler<Event>,
    ) -> bool {
        let c = &self.contacts[slot as usize];
        if c.rec.channel != Channel::Email {
            return false;
        }
        cold_path(); // most conversations are no emails
        match (c.rec.method, c.customer.reply) {
            (InitiationMethod::AgentReply, _) => {
                // The agent sends the reply: it ends the contact.
                self.disconnect(slot, sched.now(), DisconnectReason::AgentDisconnect);
                self.start_acw(slot, sched);
                true
            }
            (InitiationMethod::Flow, _) | (_, None) => false,
            (_, Some(writing)) => {
                self.start_agent_reply(slot, writing, sched);
                true
            }
        }
    }

    /// The agent replies to the inbound email in `slot`: the AGENT_REPLY
    /// contact takes over the agent's slot and the email line; the inbound
    /// contact ends, handled.
    fn start_agent_reply(&mut self, slot: u32, writing: SimDuration, sched: &mut Scheduler<Event>) {
        let now = sched.now();
        let c = &self.contacts[slot as usize];
        let (source, agent, rec_agent, inbound_id) = (c.rec.source, c.agent, c.rec.agent, c.rec.id);
        let customer = Customer {
            talk: writing,
            source_seq: c.customer.source_seq,
            ..Customer::default()
        };
        let reply = self.new_contact(
            now,
            source,
            Channel::Email,
            InitiationMethod::AgentReply,
            Some(slot),
            customer,
            FlowOverrides::default(),
            Phase::Talking,
        );
        self.pass_line(slot, reply);
        // The slot changes hands here: the inbound contact no longer holds
        // the agent, so ending it frees nothing.
        self.c(slot).agent = NONE;
        self.hint_agent(reply, agent);
        let r = self.c(reply);
        r.rec.related_id = Some(inbound_id);
        r.agent = agent;
        r.rec.agent = rec_agent;
        r.rec.accepted = Some(now);
        r.rec.connected = Some(now);
        self.disconnect(slot, now, DisconnectReason::AgentDisconnect);
        // The reading was the inbound contact's whole agent interaction:
        // its after-contact work is the reply's.
        let c = self.c(slot);
        c.rec.acw = SimDuration::ZERO;
        c.rec.acw_end = Some(now);
        self.end_worked_contact(slot, now);
        sched.schedule_in(
            writing,
            Event::ConversationDone {
                contact: self.cref(reply),
            },
        );
    }

    /// The contact in `slot` goes through `flow`: if the flow sends an
    /// email, decide (two draws from the flow's email stream per contact)
    /// and send it as a FLOW contact.
    pub(in crate::center) fn send_flow_email(
        &mut self,
        slot: u32,
        flow: FlowId,
        sched: &mut Scheduler<Event>,
    ) {
        let Some(fe) = &self.spec.flows[flow.index()].send_email else {
            return;
        };
        cold_path(); // most flows send no email
        let rng = &mut self.flow_email_rngs[flow.index()];
        let u: f64 = rng.gen();
        let sending = fe.sending.as_ref().map(|d| secs(d.sample(rng)));
        if u >= fe.probability {
            return;
        }
        let now = sched.now();
        let c = &self.contacts[slot as usize];
        let (source, related, chain) = (c.rec.source, c.rec.id, c.rec.chain_initiated);
        let email = self.new_contact(
            now,
            source,
            Channel::Email,
            InitiationMethod::Flow,
            None,
            Customer::default(),
            FlowOverrides::default(),
            Phase::FlowEmailSending,
        );
        let e = self.c(email);
        e.rec.related_id = Some(related);
        // Counted with the contact that caused it (window and interval).
        e.rec.chain_initiated = chain;
        let Some(d) = sending else {
            self.connect_to_system(email, now);
            self.finish_flow_email(email, now);
            return;
        };
        if self.take_line(email) {
            self.connect_to_system(email, now);
            sched.schedule_in(
                d,
                Event::FlowEmailSent {
                    contact: self.cref(email),
                },
            );
        } else {
            self.turn_away_busy(email, now);
        }
    }

    /// A FLOW email's sending time is over: it has gone out.
    pub(in crate::center) fn on_flow_email_sent(
        &mut self,
        slot: u32,
        sched: &mut Scheduler<Event>,
    ) {
        self.finish_flow_email(slot, sched.now());
    }

    /// Ends a FLOW email, sent: the flow disconnects it. No agent touched
    /// it, so it is self-served (served by its flow alone), not handled —
    /// as an agentless campaign call a person answered.
    fn finish_flow_email(&mut self, slot: u32, now: crate::engine::SimTime) {
        self.disconnect(slot, now, DisconnectReason::ContactFlowDisconnect);
        self.end_contact(slot, Outcome::SelfServed, now);
    }
}
