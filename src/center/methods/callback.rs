//! CALLBACK: the customer queue flow offers a callback; a customer who takes
//! it leaves the queue (the inbound contact ends, `CONTACT_FLOW_DISCONNECT`)
//! and a CALLBACK contact waits out the initial delay, is queued (its
//! `Queue.Duration` includes that delay, as Connect reports), is offered to
//! an agent — auto-accepted only where its group sets callback
//! auto-accept — who hears the agent whisper; Connect
//! dials the customer; an answer (or voicemail, which counts as answered)
//! plays the outbound whisper to the customer and the conversation starts.
//! No answer: a retry after the retry delay, up to the maximum attempts.

use rand::Rng;

use crate::center::center::Center;
use crate::center::event::Event;
use crate::center::record::{DisconnectReason, Observer, Outcome, Party};
use crate::center::spec::{Channel, FlowType, InitiationMethod};
use crate::center::state::{secs, Phase, NONE};
use crate::center::streams::{stream_id, Purpose, BLOCK_WORDS};
use crate::engine::{Scheduler, StreamRng};

impl<O: Observer> Center<'_, O> {
    /// The customer queue flow plays its callback offer to a waiting
    /// customer, who takes it or keeps waiting.
    pub(in crate::center) fn on_callback_offered(
        &mut self,
        slot: u32,
        sched: &mut Scheduler<Event>,
    ) {
        let now = sched.now();
        let c = &self.contacts[slot as usize];
        if c.phase != Phase::Queued || c.rec.channel != Channel::Voice {
            return; // already ringing at an agent; or a chat or task, which Connect does not call back
        }
        let flow = self.flow_for(slot, FlowType::CustomerQueue);
        let Some(offer) = self.spec.flows[flow.index()].callback.as_ref() else {
            return;
        };
        let old = &self.contacts[slot as usize];
        if old.customer.callback_u >= offer.take_probability {
            return;
        }
        let queue = offer.queue.or(old.rec.queue);
        let initial_delay = offer.initial_delay;
        let (source, overrides, customer, routing) = (
            old.rec.source,
            old.overrides,
            old.customer.clone(),
            old.routing,
        );
        let new = self.new_contact(
            now,
            source,
            Channel::Voice,
            InitiationMethod::Callback,
            Some(slot),
            customer,
            overrides,
            Phase::CallbackWait,
        );
        self.contacts[new as usize].callback_flow = Some(flow);
        // The customer's routing priority and age adjustment go with it.
        self.contacts[new as usize].routing = routing;
        // The customer hangs up on the queue: removed from it now (Connect's
        // service level counts the callback as removed).
        self.leave_queue(slot, now);
        self.disconnect(slot, now, DisconnectReason::ContactFlowDisconnect);
        self.end_contact(slot, Outcome::CallbackRequested, now);
        if let Some(q) = queue {
            self.enqueue(new, q, true, sched);
            sched.schedule_in(
                initial_delay,
                Event::CallbackDue {
                    contact: self.wref(new),
                },
            );
        }
    }

    /// The random block of one attempt of one callback: drawn by the
    /// contact's place in its source and the attempt number, so timing and
    /// staffing never change what the customer does on attempt k.
    fn attempt_rng(&self, slot: u32, attempt: u32) -> StreamRng {
        let c = &self.contacts[slot as usize];
        let source = c.rec.source.map(|s| s.index()).unwrap_or(0);
        let mut rng = self
            .streams
            .stream(stream_id(Purpose::CallbackAttempt, source));
        let block = u128::from(c.customer.source_seq) * 32 + u128::from(attempt);
        rng.set_word_pos(block * BLOCK_WORDS);
        rng
    }

    /// The agent whisper ended: Connect dials the customer.
    pub(in crate::center) fn dial_callback(&mut self, slot: u32, sched: &mut Scheduler<Event>) {
        let Some(flow) = self.contacts[slot as usize].callback_flow else {
            return;
        };
        let Some(offer) = self.spec.flows[flow.index()].callback.as_ref() else {
            return;
        };
        let attempt = self.contacts[slot as usize].rec.callback_attempts + 1;
        let mut rng = self.attempt_rng(slot, attempt);
        let ring = secs(offer.ring.sample(&mut rng));
        let u: f64 = rng.gen();
        let person = u < offer.answer_probability;
        let voicemail = !person && u < offer.answer_probability + offer.voicemail_probability;
        let vm_time = secs(offer.voicemail.sample(&mut rng));
        let line = self.take_line(slot);
        let c = self.c(slot);
        c.phase = Phase::CallbackDial;
        c.rec.callback_attempts = attempt;
        // The whisper latency covers the attempt that connects: its ring.
        c.rec.dial_ring = ring;
        // No free line: the attempt fails like an unanswered one.
        c.dial_answered = line && (person || voicemail);
        c.dial_voicemail = line && voicemail;
        if c.dial_voicemail {
            // The agent leaves a message: that is the whole conversation.
            c.rec.talk = vm_time;
            c.rec.voicemail = true;
            c.drop_holds();
        }
        sched.schedule_in(
            ring,
            Event::CallbackDialDone {
                contact: self.cref(slot),
            },
        );
    }

    /// The dial ended: answered → outbound whisper to the customer; not
    /// answered → retry later, or give up after the last attempt.
    pub(in crate::center) fn on_callback_dial_done(
        &mut self,
        slot: u32,
        sched: &mut Scheduler<Event>,
    ) {
        let now = sched.now();
        if self.contacts[slot as usize].dial_answered {
            // The customer (or voicemail) answered this attempt.
            self.connect_to_system(slot, now);
            self.c(slot).phase = Phase::OutboundWhisper;
            let flow = self.flow_for(slot, FlowType::OutboundWhisper);
            let d = self.play(slot, flow, Party::Customer, now);
            self.c(slot).rec.outbound_whisper += d;
            sched.schedule_in(
                d,
                Event::OutboundWhisperDone {
                    contact: self.cref(slot),
                },
            );
            return;
        }
        let flow = self.contacts[slot as usize].callback_flow;
        let Some(offer) = flow.and_then(|f| self.spec.flows[f.index()].callback.as_ref()) else {
            return;
        };
        let (max, retry) = (offer.max_attempts, offer.retry_delay);
        // The agent dialled for nothing; no wrap-up for an unanswered
        // attempt.
        self.release_agent(slot, true, sched);
        let c = self.c(slot);
        c.agent = NONE;
        c.rec.offered = None;
        c.rec.accepted = None;
        c.rec.agent = None;
        let attempts = c.rec.callback_attempts;
        self.release_line(slot);
        if attempts >= max {
            self.disconnect(slot, now, DisconnectReason::TelecomUnanswered);
            self.end_contact(slot, Outcome::Unanswered, now);
            return;
        }
        // Back to the queue for the next attempt; the Queue.Duration keeps
        // counting from the first enqueue.
        let c = &self.contacts[slot as usize];
        let (queue, first_enqueue, route, plain) =
            (c.rec.queue, c.rec.enqueued, c.route, c.route_plain);
        if let Some(q) = queue {
            self.c(slot).rec.dequeued = None;
            self.enqueue(slot, q, true, sched);
            // Its place in the queue is where it first came in.
            let c = self.c(slot);
            c.rec.enqueued = first_enqueue;
            c.route = route;
            c.route_plain = plain;
            sched.schedule_in(
                retry,
                Event::CallbackDue {
                    contact: self.wref(slot),
                },
            );
        }
    }
}
