//! Routing: queues and who gets what. A contact enters a queue (its level,
//! patience and customer-queue-flow timers), becomes routable, and is
//! offered to the longest-available eligible agent; an agent with a free
//! slot pulls, from its highest-priority queue level, the first eligible
//! contact in routing order (contact routing priority, then routing age).
//! Routing-profile delays, priorities and concurrency are applied here;
//! the agents' eligibility sets they read are kept in
//! [`agents`](super::agents).

use rand::Rng;

use crate::engine::{Scheduler, SimDuration, SimTime};

use super::center::Center;
use super::event::Event;
use super::ids::{GroupId, QueueId};
use super::record::{Observer, Party};
use super::spec::{
    Channel, FlowType, InitiationMethod, RoutingChange, DEFAULT_ROUTING_PRIORITY, OFFER_TIMEOUT,
};
use super::state::{secs, Phase, RouteKey, NONE};

impl<O: Observer> Center<'_, O> {
    fn change_queue_level(&mut self, q: QueueId, up: bool, now: SimTime) {
        let qs = &mut self.queues[q.index()];
        // A level held for no time adds nothing (a contact offered the
        // instant it entered leaves at once), nor does an empty queue's
        // (the level rises from 0 on every enqueue of a center that keeps
        // up): neither is reported.
        if qs.level_since != now && qs.level != 0 {
            self.obs.queue_level(q, qs.level, qs.level_since, now);
        }
        qs.level = if up {
            qs.level + 1
        } else {
            qs.level.saturating_sub(1)
        };
        qs.level_since = now;
    }

    /// Whether queue `q` is at capacity.
    pub(super) fn queue_full(&self, q: QueueId) -> bool {
        self.spec.queues[q.index()]
            .capacity
            .is_some_and(|cap| self.queues[q.index()].level >= cap)
    }

    /// Puts the contact in queue `q` (counted in its level from now) and
    /// makes it routable. Starts the customer queue flow, patience and the
    /// queue-flow timers (not for a callback: the customer asked for it).
    ///
    /// Routing age starts at the enqueue — a callback's at the initiation
    /// of its chain's first contact (Connect's "10:00, not 10:05") — moved
    /// by what routing blocks added. A callback coming back for another
    /// attempt keeps its routing key (its place in the queue) and its
    /// first `EnqueueTimestamp`.
    pub(super) fn enqueue(&mut self, slot: u32, q: QueueId, sched: &mut Scheduler<Event>) {
        self.enqueue_then(slot, q, sched, false);
    }

    /// [`Center::enqueue`] as the handler's last act: an offer it makes at
    /// once, accepted with no delay, is accepted at once too
    /// ([`Center::can_chain`]).
    pub(super) fn enqueue_last(&mut self, slot: u32, q: QueueId, sched: &mut Scheduler<Event>) {
        self.enqueue_then(slot, q, sched, true);
    }

    /// [`Center::enqueue`]; `last`: nothing follows in the handler.
    fn enqueue_then(&mut self, slot: u32, q: QueueId, sched: &mut Scheduler<Event>, last: bool) {
        let now = sched.now();
        let seq = self.next_queue_key;
        self.next_queue_key += 1;
        let c = &mut self.contacts[slot as usize];
        let method = c.rec.method;
        let retry = method == InitiationMethod::Callback && c.rec.enqueued.is_some();
        if retry {
            // Back in its old place: its key sorts among the contacts by
            // age, no longer by this entry.
            c.route_plain = false;
            c.rec.dequeued = None;
        } else {
            let enqueued_ms = now.as_millis() as i64;
            let age_start = if method == InitiationMethod::Callback {
                c.rec.chain_initiated.as_millis() as i64
            } else {
                enqueued_ms
            };
            c.route = RouteKey {
                priority: c.routing.priority,
                age_base: age_start.saturating_sub(c.routing.age_added_ms),
                seq,
            };
            // Plain (first come, first served) only if the age base is the
            // enqueue itself: routing relies on it to skip scans.
            c.route_plain =
                c.route.priority == DEFAULT_ROUTING_PRIORITY && c.route.age_base == enqueued_ms;
            c.rec.enqueued = Some(now);
        }
        c.in_queue = true;
        c.queued_since = now;
        c.rec.queue = Some(q);
        let patience = c.customer.patience;
        self.change_queue_level(q, true, now);
        if method == InitiationMethod::Transfer {
            // A transferred customer waits on hold (the customer hold flow
            // already plays), with their hold patience.
            if let Some(p) = patience {
                self.schedule_patience(slot, p, sched);
            }
        } else if method != InitiationMethod::Callback {
            // Callbacks were requested by the customer: no patience, no
            // queue music, no second callback offer.
            if let Some(p) = patience {
                self.schedule_patience(slot, p, sched);
            }
            let cq = self.flow_for(slot, FlowType::CustomerQueue);
            self.play(slot, cq, Party::Customer, now);
            self.schedule_queue_flow(slot, cq, sched);
        }
        self.activate_criteria(slot, sched);
        self.make_routable(slot, sched, last);
    }

    /// The contact may now be offered: the routing-delay timers, a first
    /// routing attempt, and, if no agent took it, its queue's routable list.
    /// `last`: nothing follows in the handler (see [`Center::offer_then`]).
    fn make_routable(&mut self, slot: u32, sched: &mut Scheduler<Event>, last: bool) {
        let c = &mut self.contacts[slot as usize];
        c.phase = Phase::Queued;
        let Some(q) = c.rec.queue else {
            return;
        };
        let w = self.wref(slot);
        for &d in &self.queue_delays[q.index()] {
            sched.schedule_in(d, Event::RoutingDelayElapsed { contact: w });
        }
        // Routing reads agents, not the routable set, so it may come first:
        // a contact offered at once never enters the set only to leave it.
        // (Offered is the phase routing leaves it in; an accept chained
        // to the offer has moved it on since.)
        if !self.route_contact_then(slot, sched, last) {
            self.insert_routable(slot);
        }
    }

    /// The contact leaves its queue (dequeued, abandoned, moved, or a
    /// callback taken): out of the level and the routable list; its queue
    /// timers die.
    pub(super) fn leave_queue(&mut self, slot: u32, now: SimTime) {
        let c = &mut self.contacts[slot as usize];
        if !c.in_queue {
            return;
        }
        c.in_queue = false;
        c.wait_gen.bump();
        let (q, since) = (c.rec.queue, c.queued_since);
        if c.rec.dequeued.is_none() {
            c.rec.dequeued = Some(now);
        }
        if let Some(q) = q {
            self.remove_routable(slot);
            self.change_queue_level(q, false, now);
            if since != now {
                self.obs.queue_spell(q, since, now);
            }
        }
    }

    /// Puts the contact into its queue's routable set (or, waiting for one
    /// named agent, that agent's own queue), under its routing key.
    pub(super) fn insert_routable(&mut self, slot: u32) {
        let c = &mut self.contacts[slot as usize];
        if c.for_agent != NONE {
            c.routable = true;
            self.agents[c.for_agent as usize]
                .personal
                .insert(c.route, slot);
            return;
        }
        let (Some(q), ch, key, plain) =
            (c.rec.queue, c.rec.channel.index(), c.route, c.route_plain)
        else {
            return;
        };
        c.routable = true;
        let restricts = self.restricts(slot);
        let qs = &mut self.queues[q.index()];
        if qs.routable[ch].insert(key, slot).is_none() {
            qs.reordered[ch] += u32::from(!plain);
            qs.restricted[ch] += u32::from(restricts);
        }
    }

    /// Takes the contact out of its queue's routable set (or its named
    /// agent's queue), if it is there. Inline, for the contacts that are
    /// not (every offered contact asks again as it leaves its queue).
    #[inline]
    pub(super) fn remove_routable(&mut self, slot: u32) {
        if std::mem::replace(&mut self.contacts[slot as usize].routable, false) {
            self.remove_from_routable_set(slot);
        }
    }

    /// [`Center::remove_routable`] for a contact in a routable set (its
    /// `routable` flag already cleared).
    #[inline(never)]
    fn remove_from_routable_set(&mut self, slot: u32) {
        let c = &self.contacts[slot as usize];
        if c.for_agent != NONE {
            self.agents[c.for_agent as usize].personal.remove(&c.route);
            return;
        }
        let (Some(q), ch, key, plain) =
            (c.rec.queue, c.rec.channel.index(), c.route, c.route_plain)
        else {
            return;
        };
        let restricts = self.restricts(slot);
        let qs = &mut self.queues[q.index()];
        if qs.routable[ch].remove(&key).is_some() {
            qs.reordered[ch] -= u32::from(!plain);
            qs.restricted[ch] -= u32::from(restricts);
        }
    }

    /// A "Change routing priority / age" block runs for a contact in queue:
    /// its routing attributes change, and a routable contact moves to its
    /// new place in the queue (one ringing at an agent takes it if the
    /// offer fails). The routing delay still counts from its enqueue.
    pub(super) fn change_routing(&mut self, slot: u32, change: RoutingChange) {
        self.remove_routable(slot);
        let c = &mut self.contacts[slot as usize];
        let was_routable = c.phase == Phase::Queued;
        c.routing.apply(change);
        c.route.priority = c.routing.priority;
        if let Some(a) = change.add_age_ms {
            c.route.age_base = c.route.age_base.saturating_sub(a);
        }
        let enq = c.queued_since.as_millis() as i64;
        c.route_plain = c.route.priority == DEFAULT_ROUTING_PRIORITY && c.route.age_base == enq;
        if was_routable {
            self.insert_routable(slot);
        }
    }

    /// Offers a routable contact to the longest-available agent allowed to
    /// take it, if any — or, if it waits for one named agent, to that agent
    /// if it can take it now.
    pub(super) fn route_contact(&mut self, slot: u32, sched: &mut Scheduler<Event>) {
        self.route_contact_then(slot, sched, false);
    }

    /// [`Center::route_contact`]; returns whether the contact was offered.
    /// `last`: nothing follows in the handler (see [`Center::offer_then`]).
    fn route_contact_then(&mut self, slot: u32, sched: &mut Scheduler<Event>, last: bool) -> bool {
        let c = &self.contacts[slot as usize];
        if c.phase != Phase::Queued {
            return false;
        }
        if c.for_agent != NONE {
            let a = c.for_agent;
            let free = self.agents[a as usize].in_sets[c.rec.channel.index()];
            if free {
                self.offer_then(a, slot, sched, last);
            }
            return free;
        }
        let (Some(q), ch) = (c.rec.queue, c.rec.channel) else {
            return false;
        };
        // Routing-profile delays count from this entry into the queue.
        let waited = sched.now() - c.queued_since;
        // Routing criteria: only the groups its step in force admits.
        let admitted = self.step_groups(slot);
        let mut best: Option<(u64, u32)> = None;
        for &(g, delay, chans) in &self.queue_groups[q.index()] {
            if delay > waited || !chans[ch.index()] {
                continue;
            }
            if admitted.is_some_and(|groups| !groups[g.index()]) {
                continue;
            }
            if let Some(&cand) = self.groups[g.index()].eligible[ch.index()].first() {
                if best.is_none_or(|b| cand < b) {
                    best = Some(cand);
                }
            }
        }
        if let Some((_, a)) = best {
            self.offer_then(a, slot, sched, last);
        }
        best.is_some()
    }

    /// The contact an agent should take now: the highest priority level with
    /// an eligible contact on a channel it can accept; within it, the first
    /// in routing order (contact priority, then routing age) across the
    /// level's queues.
    pub(super) fn find_work(&self, a: u32, now: SimTime) -> Option<u32> {
        let ag = &self.agents[a as usize];
        let accepts = if ag.load == [0; Channel::COUNT] {
            self.groups[ag.group.index()].idle_accepts
        } else {
            let prof = &self.spec.profiles[self.spec.groups[ag.group.index()].profile.index()];
            prof.accepts(ag.load)
        };
        if accepts == 0 {
            return None;
        }
        // Its own agent queue (transfers naming it, voice) before all else.
        if accepts & (1 << Channel::Voice.index()) != 0 {
            if let Some((_, &slot)) = ag.personal.first_key_value() {
                return Some(slot);
            }
        }
        for level in &self.groups[ag.group.index()].levels {
            let mut best: Option<(RouteKey, u32)> = None;
            for &(q, delay, ch) in level {
                if accepts & (1 << ch.index()) == 0 {
                    continue;
                }
                if let Some((key, slot)) = self.first_eligible(q, ch, delay, ag.group, now) {
                    if best.is_none_or(|b| key < b.0) {
                        best = Some((key, slot));
                    }
                }
            }
            if let Some((_, slot)) = best {
                return Some(slot);
            }
        }
        None
    }

    /// The first routable contact of `channel` in queue `q`, in routing
    /// order, that has waited at least `delay` in the queue and whose
    /// routing criteria step admits agent group `group`.
    fn first_eligible(
        &self,
        q: QueueId,
        channel: Channel,
        delay: SimDuration,
        group: GroupId,
        now: SimTime,
    ) -> Option<(RouteKey, u32)> {
        let qs = &self.queues[q.index()];
        let routable = &qs.routable[channel.index()];
        let waited_enough = |slot: u32| now - self.contacts[slot as usize].queued_since >= delay;
        if qs.restricted[channel.index()] > 0 {
            // Some contacts wait for agents their step admits: skip those
            // this group may not take (without criteria this scan never
            // runs, and routing is as before).
            return routable
                .iter()
                .find(|(_, s)| waited_enough(**s) && self.step_admits(**s, group))
                .map(|(k, s)| (*k, *s));
        }
        if delay == SimDuration::ZERO {
            return routable.first_key_value().map(|(k, s)| (*k, *s));
        }
        if qs.reordered[channel.index()] == 0 {
            // Routing order is enqueue order: the first contact has waited
            // longest, so if it has not waited the delay, none has.
            let (&key, &slot) = routable.first_key_value()?;
            return waited_enough(slot).then_some((key, slot));
        }
        // Priorities or ages differ: the first in routing order may be a
        // newcomer; take the first that has waited the delay.
        routable
            .iter()
            .find(|(_, s)| waited_enough(**s))
            .map(|(k, s)| (*k, *s))
    }

    /// Offers the agent work until it has no free slot or nothing waits.
    pub(super) fn agent_pull(&mut self, a: u32, sched: &mut Scheduler<Event>) {
        loop {
            let ag = &self.agents[a as usize];
            if !ag.on_shift || ag.leaving || ag.missed {
                return;
            }
            match self.find_work(a, sched.now()) {
                Some(slot) => self.offer(a, slot, sched),
                // Nothing waits: an outbound campaign may use the agent.
                None => return self.campaign_pull(a, sched),
            }
        }
    }

    /// Whether agent `a`, just offered a contact, certainly has no slot
    /// left for more: its group's channels hold at most one contact in all
    /// (`GroupRuntime::one_slot`), and the offer took it (an offer is made
    /// only on a served channel with a free slot, so the only one with
    /// any). A pull would then find no work (routing offers only served
    /// channels, and none has a free slot) and start no campaign call (the
    /// agent is in no eligibility set): skipping it changes nothing, and
    /// saves a routing pass on most releases of a voice center.
    pub(super) fn full_after_offer(&self, a: u32) -> bool {
        self.groups[self.agents[a as usize].group.index()].one_slot
    }

    /// Offers the contact in `slot` to agent `a`: it auto-accepts, answers
    /// after a delay, or misses, as its group accepts this contact's channel
    /// (callbacks have their own setting).
    pub(super) fn offer(&mut self, a: u32, slot: u32, sched: &mut Scheduler<Event>) {
        self.offer_then(a, slot, sched, false);
    }

    /// [`Center::offer`]. With `last` (nothing follows in the handler), an
    /// auto-accept with no delay is accepted at once ([`Center::can_chain`]).
    fn offer_then(&mut self, a: u32, slot: u32, sched: &mut Scheduler<Event>, last: bool) {
        let now = sched.now();
        self.remove_routable(slot);
        self.note_offered_step(slot);
        let c = &mut self.contacts[slot as usize];
        c.phase = Phase::Offered;
        c.agent = a;
        c.rec.offered = Some(now);
        let ch = c.rec.channel;
        self.hint_agent(slot, a);
        let c = &self.contacts[slot as usize];
        let is_callback = c.rec.method == InitiationMethod::Callback;
        self.agents[a as usize].load[ch.index()] += 1;
        self.refresh_offered_agent(a, now);
        let g = self.agents[a as usize].group;
        let cref = self.cref(slot);
        let gs = &self.spec.groups[g.index()];
        let gr = &mut self.groups[g.index()];
        if gs.auto_accepts(ch, is_callback) {
            let d = secs(gs.auto_accept_delay.sample(&mut gr.auto_accept));
            if last && self.chain_now(d, sched) {
                return self.on_offer_accepted(slot, sched);
            }
            sched.schedule_in(d, Event::OfferAccepted { contact: cref });
        } else {
            let d = secs(gs.answer(ch, is_callback).sample(&mut gr.answer));
            let miss = gr.miss.gen::<f64>() < gs.miss_probability;
            if miss || d > OFFER_TIMEOUT {
                sched.schedule_in(OFFER_TIMEOUT, Event::OfferMissed { contact: cref });
            } else {
                sched.schedule_in(d, Event::OfferAccepted { contact: cref });
            }
        }
    }

    /// A contact whose offer failed goes back to its place in the queue. A
    /// customer whose patience ran out while that offer rang (it was made
    /// at the very instant the patience ended) leaves now — unless an agent
    /// is free now, since routing comes first.
    pub(super) fn make_routable_again(&mut self, slot: u32, sched: &mut Scheduler<Event>) {
        self.contacts[slot as usize].phase = Phase::Queued;
        self.insert_routable(slot);
        if self.contacts[slot as usize].patience_spent {
            self.schedule_patience(slot, SimDuration::ZERO, sched);
        }
        self.route_contact(slot, sched);
    }

    /// Schedules the end of the waiting customer's patience (hold patience
    /// for a TRANSFER leg) `after` from now, as a *late* event: routing at
    /// that instant comes first (MODEL: a customer whose patience runs out
    /// in the millisecond an agent is free is offered to that agent).
    pub(super) fn schedule_patience(
        &mut self,
        slot: u32,
        after: SimDuration,
        sched: &mut Scheduler<Event>,
    ) {
        let contact = self.wref(slot);
        let event = if self.contacts[slot as usize].rec.method == InitiationMethod::Transfer {
            Event::HoldPatienceExpired { contact }
        } else {
            Event::PatienceExpired { contact }
        };
        sched.schedule_in_late(after, event);
    }
}
