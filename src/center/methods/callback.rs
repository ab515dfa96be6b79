//! CALLBACK: the customer queue flow offers a callback to a customer waiting
//! in queue — on a call, a chat or a task; a customer who takes it leaves
//! the queue (that contact ends, `CONTACT_FLOW_DISCONNECT`) and a CALLBACK
//! contact — always VOICE: Connect calls the customer back — waits out the
//! initial delay outside the queue. Then it enters its queue if the queue
//! has room (else it is turned away, as Connect's Transfer to queue block
//! takes its error branch), with the routing age of its chain's first
//! contact (a customer who called at 10:00 and asked for a callback at 10:05
//! is routed as of 10:00). It is offered to an agent — auto-accepted only
//! where its group sets callback auto-accept — and dequeued at the accept;
//! the agent hears the agent whisper; Connect dials the customer; an answer
//! (or voicemail, which counts as answered) plays the outbound whisper to
//! the customer and the conversation starts. No answer: the agent wraps up
//! (the group's callback ACW) while the callback waits out the retry delay
//! outside the queue, then enters it again in its old place, up to the
//! maximum attempts.
//!
//! Its record: `InitiationTimestamp` the request, `EnqueueTimestamp` its
//! first entry into the queue, `DequeueTimestamp` the accept of its last
//! attempt, `Queue.Duration` from the request to that accept.

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
    /// customer (voice, chat or task), who takes it or keeps waiting.
    pub(in crate::center) fn on_callback_offered(
        &mut self,
        slot: u32,
        sched: &mut Scheduler<Event>,
    ) {
        let now = sched.now();
        if self.contacts[slot as usize].phase != Phase::Queued {
            return; // already ringing at an agent
        }
        let flow = self.flow_for(slot, FlowType::CustomerQueue);
        let Some(offer) = self.spec.flows[flow.index()].callback.as_ref() else {
            return;
        };
        let old = &self.contacts[slot as usize];
        if old.customer.callback_u >= offer.take_probability {
            return;
        }
        let Some(queue) = offer.queue.or(old.rec.queue) else {
            return;
        };
        let initial_delay = offer.initial_delay;
        let (source, overrides, customer, routing) = (
            old.rec.source,
            old.overrides,
            old.customer.clone(),
            old.routing,
        );
        // Connect calls the customer back, whatever channel they asked on.
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
        let c = self.c(new);
        c.callback_flow = Some(flow);
        c.target_queue = Some(queue);
        // The customer's routing priority and age adjustment go with it.
        c.routing = routing;
        // The customer leaves the queue now (Connect's service level counts
        // the callback as removed).
        self.leave_queue(slot, now);
        self.disconnect(slot, now, DisconnectReason::ContactFlowDisconnect);
        self.end_contact(slot, Outcome::CallbackRequested, now);
        sched.schedule_in(
            initial_delay,
            Event::CallbackDue {
                contact: self.cref(new),
            },
        );
    }

    /// A callback's initial or retry delay is over. After the initial
    /// delay it enters its queue only if the queue has room: a full queue
    /// turns it away (Connect's Transfer to queue error branch; the record
    /// ends `turned_away`, counted in the queue's `contacts_turned_away`).
    /// After a retry delay it enters again whatever the queue's level:
    /// Connect requeues it itself — no flow block runs, so there is no
    /// error branch to take — and it was admitted once already.
    pub(in crate::center) fn on_callback_due(&mut self, slot: u32, sched: &mut Scheduler<Event>) {
        let now = sched.now();
        let c = &self.contacts[slot as usize];
        let Some(q) = c.target_queue else {
            return;
        };
        if c.phase != Phase::CallbackWait {
            return;
        }
        let first = c.rec.enqueued.is_none();
        if first && self.queue_full(q) {
            self.c(slot).rec.queue = Some(q);
            self.disconnect(slot, now, DisconnectReason::ContactFlowDisconnect);
            self.end_contact(slot, Outcome::TurnedAway, now);
            return;
        }
        self.enqueue(slot, q, sched);
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
        // Drawn last in the attempt's block: without a callback talk of its
        // own, the draws before it are what they always were.
        let talk = offer.talk.as_ref().map(|t| secs(t.sample(&mut rng)));
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
        } else if let (true, Some(talk)) = (c.dial_answered, talk) {
            c.rec.talk = talk;
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
        // The agent dialled for nothing: it wraps up the attempt (ACW) on
        // its own, while the callback waits for its next attempt.
        let a = std::mem::replace(&mut self.c(slot).agent, NONE);
        if a != NONE {
            self.wrap_up_attempt(a, sched);
        }
        let c = self.c(slot);
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
        // Out of the queue for the retry delay (counted from this
        // unanswered attempt, as Connect's "minimum time between
        // attempts"), then back in its old place.
        self.c(slot).phase = Phase::CallbackWait;
        sched.schedule_in(
            retry,
            Event::CallbackDue {
                contact: self.cref(slot),
            },
        );
    }

    /// Agent `a` wraps up an unanswered callback attempt: after-contact
    /// work from its group's callback setting (else its voice ACW) holds
    /// its voice slot, then it is free and looks for work.
    fn wrap_up_attempt(&mut self, a: u32, sched: &mut Scheduler<Event>) {
        let g = self.agents[a as usize].group;
        let d = secs(
            self.spec.groups[g.index()]
                .acw(Channel::Voice, true)
                .sample(&mut self.groups[g.index()].acw),
        );
        sched.schedule_in(d, Event::CallbackWrapUpDone { agent: a });
    }
}
