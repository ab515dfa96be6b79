//! INBOUND (a customer calls), WEBRTC_API (StartWebRTCContact: an in-app or
//! web call, then as INBOUND) and API contacts (StartOutboundVoiceContact,
//! StartChatContact, StartTaskContact): arrival, the customer's behaviour,
//! Connect's dial for API voice, scheduled tasks, and the inbound flow that
//! self-serves or queues.

use rand::Rng;
use rand_distr::{Distribution, Poisson};

use crate::center::center::Center;
use crate::center::event::Event;
use crate::center::ids::SourceId;
use crate::center::record::{DisconnectReason, Observer, Outcome, Party};
use crate::center::spec::{CustomerSpec, FlowSpec, QueueBranch, SourceKind, SourceSpec};
use crate::center::state::{decision_draw, secs, Customer, InboundRoute, Phase, Routing};
use crate::engine::{Scheduler, SimDuration, SimTime, StreamRng};

/// Most holds one conversation can have (a guard on the Poisson draw).
const MAX_HOLDS: u32 = 20;

impl<O: Observer> Center<'_, O> {
    /// Schedules source `s`'s next arrival, if it has one.
    pub(in crate::center) fn schedule_next_arrival(
        &mut self,
        s: usize,
        sched: &mut Scheduler<Event>,
    ) {
        if let Some(t) = self.next_arrival(s) {
            sched.schedule_at(t, Event::Arrival { source: s as u16 });
        }
    }

    /// Draws the time of source `s`'s next arrival, if it has one. Its
    /// own stream: the draw is the same whenever it is made. Inlined
    /// always: every arrival draws the next, and the call cost a tenth of
    /// the draw.
    #[inline(always)]
    fn next_arrival(&mut self, s: usize) -> Option<SimTime> {
        let src = &mut self.sources[s];
        src.arrivals.next(&mut src.arrival_rng).map(SimTime)
    }

    /// A contact arrives: its customer's behaviour is drawn now, from the
    /// source's own streams, a fixed number of draws per contact — so
    /// staffing never changes what a customer does.
    pub(in crate::center) fn on_arrival(&mut self, s: usize, sched: &mut Scheduler<Event>) {
        let now = sched.now();
        // The source's next arrival, scheduled last: drawn first, for the
        // inbound flow to schedule it (see `inbound_flow`).
        let mut next = self.next_arrival(s);
        let reply = self.draw_email_reply(s);
        let spec = &self.spec.sources[s];
        let src = &mut self.sources[s];
        let source_seq = src.arrived;
        src.arrived += 1;
        let patience = spec
            .customer
            .patience
            .as_ref()
            .map(|d| secs(d.sample(&mut src.patience)));
        let talk = secs(spec.customer.talk.sample(&mut src.talk));
        let holds = Self::draw_holds(&spec.customer, &mut src.holds);
        let decides = src.decides;
        let u_self = decision_draw(decides.self_service, &mut src.self_service);
        let u_queue = decision_draw(decides.queue_choice, &mut src.queue_choice);
        let u_callback = decision_draw(decides.behaviour, &mut src.behaviour);
        let u_stay = decision_draw(decides.behaviour, &mut src.behaviour);
        let flow = &self.spec.flows[spec.inbound_flow.index()];
        let (queue, overrides, routing) = self.inbound_branch(s, u_queue);
        let customer = Customer {
            self_served: u_self < flow.self_service,
            patience,
            talk,
            holds,
            callback_u: u_callback,
            stays_for_disconnect: u_stay < spec.customer.stays_for_disconnect_flow,
            source_seq,
            reply,
        };
        let kind = &spec.kind;
        let phase = match kind {
            SourceKind::ApiVoice { .. } => Phase::ApiDial,
            SourceKind::ApiTask {
                scheduled_after: Some(_),
            } => Phase::Scheduled,
            _ => Phase::InboundFlow,
        };
        let slot = self.new_contact_inline(
            now,
            Some(SourceId(s as u16)),
            kind.channel(),
            kind.method(),
            None,
            customer,
            overrides,
            phase,
        );
        // The queue the flow will send it to; it reaches the record only
        // when the contact gets there.
        self.contacts[slot as usize].target_queue = queue;
        self.contacts[slot as usize].routing = routing;
        self.note_first_call(slot, s, now);
        match &self.spec.sources[s].kind {
            SourceKind::ApiVoice {
                ring,
                answer_probability,
            } => {
                // Connect dials the customer: two draws per contact.
                let src = &mut self.sources[s];
                let ring = secs(ring.sample(&mut src.dial));
                let answered = src.dial.gen::<f64>() < *answer_probability;
                if !self.take_line(slot) {
                    self.turn_away_busy(slot, now);
                } else {
                    let c = self.c(slot);
                    c.rec.dial_ring = ring;
                    c.dial_answered = answered;
                    sched.schedule_in(
                        ring,
                        Event::ApiDialDone {
                            contact: self.cref(slot),
                        },
                    );
                }
            }
            SourceKind::ApiTask {
                scheduled_after: Some(d),
            } => {
                let delay = secs(d.sample(&mut self.sources[s].schedule));
                sched.schedule_in(
                    delay,
                    Event::TaskStart {
                        contact: self.cref(slot),
                    },
                );
            }
            _ => {
                if self.take_line(slot) {
                    // A caller, a chat, an unscheduled task: connected as
                    // it arrives.
                    self.connect_to_system(slot, now);
                    self.inbound_flow(slot, sched, next.take());
                } else {
                    self.turn_away_busy(slot, now);
                }
            }
        }
        if let Some(t) = next {
            sched.schedule_at(t, Event::Arrival { source: s as u16 });
        }
    }

    /// Where source `s`'s inbound flow sends a customer whose queue-branch
    /// draw is `u_queue`: the queue, the flows set on the contact and its
    /// routing priority and age. Inlined always: every arrival asks, and
    /// for a flow with no branches the answer is a copy, which the call
    /// would make twice.
    #[inline(always)]
    pub(in crate::center) fn inbound_branch(&self, s: usize, u_queue: f64) -> InboundRoute {
        let spec = &self.spec.sources[s];
        let flow = &self.spec.flows[spec.inbound_flow.index()];
        match flow.branches.iter().find(|b| u_queue < b.cumulative) {
            // Worked out once per source: most flows have no branches.
            None => self.sources[s].unbranched,
            branch => inbound_route(spec, flow, branch),
        }
    }

    /// The holds of one conversation of a customer of `customer`: a Poisson
    /// count (at most [`MAX_HOLDS`]), then each one's length.
    ///
    /// Customers who never hold (most scenarios) are told so inline,
    /// without a call (every arrival asks).
    #[inline]
    pub(in crate::center) fn draw_holds(
        customer: &CustomerSpec,
        rng: &mut StreamRng,
    ) -> Vec<SimDuration> {
        if customer.holds_mean_count > 0.0 {
            Self::draw_some_holds(customer, rng)
        } else {
            Vec::new()
        }
    }

    /// [`Center::draw_holds`] for customers who may hold.
    #[inline(never)]
    fn draw_some_holds(customer: &CustomerSpec, rng: &mut StreamRng) -> Vec<SimDuration> {
        let mut holds = Vec::new();
        if let Ok(p) = Poisson::new(customer.holds_mean_count) {
            let n = (p.sample(rng) as u32).min(MAX_HOLDS);
            for _ in 0..n {
                holds.push(secs(customer.hold_duration.sample(rng)));
            }
        }
        holds
    }

    /// The instance is at its limit for the contact's channel: fast busy.
    pub(in crate::center) fn turn_away_busy(&mut self, slot: u32, now: SimTime) {
        self.disconnect(slot, now, DisconnectReason::TelecomBusy);
        self.end_contact(slot, Outcome::Blocked, now);
    }

    /// A scheduled task starts.
    pub(in crate::center) fn on_task_start(&mut self, slot: u32, sched: &mut Scheduler<Event>) {
        if self.take_line(slot) {
            self.connect_to_system(slot, sched.now());
            self.start_inbound_flow(slot, sched);
        } else {
            self.turn_away_busy(slot, sched.now());
        }
    }

    /// Connect's dial of an API voice contact ended.
    pub(in crate::center) fn on_api_dial_done(&mut self, slot: u32, sched: &mut Scheduler<Event>) {
        if self.contacts[slot as usize].dial_answered {
            self.connect_to_system(slot, sched.now());
            self.start_inbound_flow(slot, sched);
        } else {
            let now = sched.now();
            self.disconnect(slot, now, DisconnectReason::TelecomUnanswered);
            self.end_contact(slot, Outcome::Unanswered, now);
        }
    }

    /// The customer hears its source's inbound flow: the caller's last act
    /// (see [`Center::chain_now`]). Out of line, as the other paths into
    /// the flow are rare: only the arrival inlines [`Center::inbound_flow`].
    #[inline(never)]
    pub(in crate::center) fn start_inbound_flow(
        &mut self,
        slot: u32,
        sched: &mut Scheduler<Event>,
    ) {
        self.inbound_flow(slot, sched, None);
    }

    /// The customer hears its source's inbound flow; then the source's
    /// next arrival, at `next`, is scheduled, the handler's last act. A flow that takes no time may end at once
    /// ([`Center::can_chain`]) if that arrival is later than now: it is
    /// then scheduled first, which pushes the same events in the same
    /// order (the flow's end would not have been pushed).
    ///
    /// Inlined always: nearly every call is an arrival's (callgrind: an
    /// M/M/20 run 1.1 % fewer instructions than through the call). The
    /// flow's end stays a call: inlined here as well, the run took more.
    #[inline(always)]
    fn inbound_flow(&mut self, slot: u32, sched: &mut Scheduler<Event>, next: Option<SimTime>) {
        let now = sched.now();
        let Some(source) = self.contacts[slot as usize].rec.source else {
            return;
        };
        let flow = self.spec.sources[source.index()].inbound_flow;
        self.c(slot).phase = Phase::InboundFlow;
        let d = self.play(slot, flow, Party::Customer, now);
        let arrival = Event::Arrival { source: source.0 };
        // A flow that takes no time may end at once (`can_chain`), the
        // handler's last act; so a next arrival, which must come later
        // than now for that, is scheduled first: the same pushes in the
        // same order, as the flow's end, due now, would not have been
        // pushed. (One due now comes after the flow's end, as scheduled.)
        if next.is_none_or(|t| t > now) && self.can_chain(d, sched) {
            if let Some(t) = next {
                sched.schedule_at(t, arrival);
            }
            sched.chain();
            return self.on_inbound_flow_done(slot, sched);
        }
        sched.schedule_in(
            d,
            Event::InboundFlowDone {
                contact: self.cref(slot),
            },
        );
        if let Some(t) = next {
            sched.schedule_at(t, arrival);
        }
    }

    /// The inbound flow ended: self-service, a full queue, or the queue.
    pub(in crate::center) fn on_inbound_flow_done(
        &mut self,
        slot: u32,
        sched: &mut Scheduler<Event>,
    ) {
        let now = sched.now();
        if let Some(source) = self.contacts[slot as usize].rec.source {
            let flow = self.spec.sources[source.index()].inbound_flow;
            self.send_flow_email(slot, flow, sched);
        }
        let c = self.c(slot);
        let queue = c.target_queue;
        match queue {
            Some(q) if !c.customer.self_served => {
                if self.queue_full(q) {
                    // Sent to the queue and turned away: counted there.
                    self.c(slot).rec.queue = Some(q);
                    self.disconnect(slot, now, DisconnectReason::ContactFlowDisconnect);
                    self.end_contact(slot, Outcome::TurnedAway, now);
                } else {
                    self.enqueue_last(slot, q, sched);
                }
            }
            _ => {
                // Served by the IVR: it never reaches a queue.
                self.disconnect(slot, now, DisconnectReason::ContactFlowDisconnect);
                self.end_contact(slot, Outcome::SelfServed, now);
            }
        }
    }
}

/// Where a customer of source `spec`, whose inbound flow is `flow`, goes
/// when the flow takes `branch` (`None`: no branch taken).
pub(in crate::center) fn inbound_route(
    spec: &SourceSpec,
    flow: &FlowSpec,
    branch: Option<&QueueBranch>,
) -> InboundRoute {
    let queue = branch.map(|b| b.queue).or(spec.queue);
    // The branch's Set … blocks run after the flow's own.
    let overrides = branch.map_or(flow.sets, |b| flow.sets.overridden_by(b.sets));
    // Change routing priority / age: the branch's block over the
    // flow's, over the source's starting priority.
    let mut routing = Routing {
        priority: spec.routing_priority,
        ..Routing::default()
    };
    routing.apply(
        branch
            .map(|b| b.routing)
            .unwrap_or_default()
            .or(flow.routing),
    );
    // Set routing criteria: the branch's block over the source's.
    routing.criteria = branch
        .and_then(|b| b.routing_criteria)
        .or(spec.routing_criteria);
    (queue, overrides, routing)
}
