//! Routing: queues and who gets what. A contact enters a queue (its level,
//! patience and customer-queue-flow timers), becomes routable, and is
//! offered to the longest-available eligible agent; an agent with a free
//! slot pulls the oldest contact of its highest-priority queue level.
//! Routing-profile delays, priorities and concurrency are applied here;
//! the agents' eligibility sets they read are kept in
//! [`agents`](super::agents).

use rand::Rng;

use crate::engine::{Scheduler, SimTime};

use super::center::Center;
use super::event::Event;
use super::ids::QueueId;
use super::record::{Observer, Party};
use super::spec::{Channel, FlowType, InitiationMethod, OFFER_TIMEOUT};
use super::state::{secs, Phase};

impl<O: Observer> Center<'_, O> {
    fn change_queue_level(&mut self, q: QueueId, up: bool, now: SimTime) {
        let qs = &mut self.queues[q.index()];
        self.obs.queue_level(q, qs.level, qs.level_since, now);
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

    /// Puts the contact in queue `q` (counted in its level from now), and
    /// makes it routable unless `routable_later` (callbacks wait out a delay
    /// first). Starts the customer queue flow, patience and the queue-flow
    /// timers.
    pub(super) fn enqueue(
        &mut self,
        slot: u32,
        q: QueueId,
        routable_later: bool,
        sched: &mut Scheduler<Event>,
    ) {
        let now = sched.now();
        let key = self.next_queue_key;
        self.next_queue_key += 1;
        let c = &mut self.contacts[slot as usize];
        c.queue_key = key;
        c.in_queue = true;
        c.rec.queue = Some(q);
        c.rec.enqueued = Some(now);
        let patience = c.customer.patience;
        let method = c.rec.method;
        self.change_queue_level(q, true, now);
        let w = self.wref(slot);
        if method == InitiationMethod::Transfer {
            // A transferred customer waits on hold (the customer hold flow
            // already plays), with their hold patience.
            if let Some(p) = patience {
                sched.schedule_in(p, Event::HoldPatienceExpired { contact: w });
            }
        } else if method != InitiationMethod::Callback {
            // Callbacks were requested by the customer: no patience, no
            // queue music, no second callback offer.
            if let Some(p) = patience {
                sched.schedule_in(p, Event::PatienceExpired { contact: w });
            }
            let cq = self.flow_for(slot, FlowType::CustomerQueue);
            self.play(slot, cq, Party::Customer, now);
            self.schedule_queue_flow(slot, cq, sched);
        }
        if routable_later {
            self.contacts[slot as usize].phase = Phase::CallbackWait;
        } else {
            self.make_routable(slot, sched);
        }
    }

    /// The contact may now be offered: into its queue's routable list, the
    /// routing-delay timers, and a first routing attempt.
    pub(super) fn make_routable(&mut self, slot: u32, sched: &mut Scheduler<Event>) {
        let c = &mut self.contacts[slot as usize];
        c.phase = Phase::Queued;
        let (Some(q), ch, key) = (c.rec.queue, c.rec.channel, c.queue_key) else {
            return;
        };
        self.queues[q.index()].routable[ch.index()].insert(key, slot);
        let w = self.wref(slot);
        for &d in &self.queue_delays[q.index()] {
            sched.schedule_in(d, Event::RoutingDelayElapsed { contact: w });
        }
        self.route_contact(slot, sched);
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
        let (q, ch, key) = (c.rec.queue, c.rec.channel, c.queue_key);
        if c.rec.dequeued.is_none() {
            c.rec.dequeued = Some(now);
        }
        if let Some(q) = q {
            self.queues[q.index()].routable[ch.index()].remove(&key);
            self.change_queue_level(q, false, now);
        }
    }

    /// Offers a routable contact to the longest-available agent allowed to
    /// take it, if any.
    pub(super) fn route_contact(&mut self, slot: u32, sched: &mut Scheduler<Event>) {
        let c = &self.contacts[slot as usize];
        if c.phase != Phase::Queued {
            return;
        }
        let (Some(q), Some(enq), ch) = (c.rec.queue, c.rec.enqueued, c.rec.channel) else {
            return;
        };
        let waited = sched.now() - enq;
        let mut best: Option<(u64, u32)> = None;
        for &(g, delay, chans) in &self.queue_groups[q.index()] {
            if delay > waited || !chans[ch.index()] {
                continue;
            }
            if let Some(&cand) = self.groups[g.index()].eligible[ch.index()].first() {
                if best.is_none_or(|b| cand < b) {
                    best = Some(cand);
                }
            }
        }
        if let Some((_, a)) = best {
            self.offer(a, slot, sched);
        }
    }

    /// The contact an agent should take now: the highest priority level with
    /// an eligible contact on a channel it can accept, the oldest within it.
    fn find_work(&self, a: u32, now: SimTime) -> Option<u32> {
        let ag = &self.agents[a as usize];
        let prof = &self.spec.profiles[self.spec.groups[ag.group.index()].profile.index()];
        for level in &self.groups[ag.group.index()].levels {
            let mut best: Option<(u64, u32)> = None;
            for &(q, delay, chans) in level {
                for ch in Channel::ALL {
                    if !chans[ch.index()] || !prof.can_accept(ag.load, ch) {
                        continue;
                    }
                    if let Some((&key, &slot)) =
                        self.queues[q.index()].routable[ch.index()].first_key_value()
                    {
                        let enq = self.contacts[slot as usize].rec.enqueued.unwrap_or(now);
                        // The oldest routable contact has waited longest: if
                        // it has not waited the delay, none in this queue has.
                        if now - enq >= delay && best.is_none_or(|b| key < b.0) {
                            best = Some((key, slot));
                        }
                    }
                }
            }
            if let Some((_, slot)) = best {
                return Some(slot);
            }
        }
        None
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
                None => return,
            }
        }
    }

    /// Offers the contact in `slot` to agent `a`: it auto-accepts, answers
    /// after a delay, or misses, as its group accepts this contact's channel
    /// (callbacks have their own setting).
    pub(super) fn offer(&mut self, a: u32, slot: u32, sched: &mut Scheduler<Event>) {
        let now = sched.now();
        let c = &mut self.contacts[slot as usize];
        if let Some(q) = c.rec.queue {
            self.queues[q.index()].routable[c.rec.channel.index()].remove(&c.queue_key);
        }
        c.phase = Phase::Offered;
        c.agent = a;
        c.rec.offered = Some(now);
        let ch = c.rec.channel;
        let is_callback = c.rec.method == InitiationMethod::Callback;
        self.agents[a as usize].load[ch.index()] += 1;
        self.refresh_agent(a, now);
        let g = self.agents[a as usize].group;
        let cref = self.cref(slot);
        let gs = &self.spec.groups[g.index()];
        let gr = &mut self.groups[g.index()];
        if gs.auto_accepts(ch, is_callback) {
            let d = secs(gs.auto_accept_delay.sample(&mut gr.auto_accept));
            sched.schedule_in(d, Event::OfferAccepted { contact: cref });
        } else {
            let d = secs(gs.answer_delay.sample(&mut gr.answer));
            let miss = gr.miss.gen::<f64>() < gs.miss_probability;
            if miss || d > OFFER_TIMEOUT {
                sched.schedule_in(OFFER_TIMEOUT, Event::OfferMissed { contact: cref });
            } else {
                sched.schedule_in(d, Event::OfferAccepted { contact: cref });
            }
        }
    }

    /// A contact whose offer failed goes back to its place in the queue.
    pub(super) fn make_routable_again(&mut self, slot: u32, sched: &mut Scheduler<Event>) {
        let c = &mut self.contacts[slot as usize];
        c.phase = Phase::Queued;
        if let Some(q) = c.rec.queue {
            self.queues[q.index()].routable[c.rec.channel.index()].insert(c.queue_key, slot);
        }
        self.route_contact(slot, sched);
    }
}
