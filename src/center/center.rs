//! The event handler: contacts, agents, queues and routing, driven by the
//! engine. One [`Center`] is one replication.
//!
//! # Same-instant order
//!
//! Events at the same millisecond run in the order they were scheduled (the
//! engine's FIFO rule). Consequences a reader can rely on:
//! - the horizon and every shift change are scheduled before the run starts,
//!   so at their instant they come before completions, abandonments and
//!   arrivals;
//! - otherwise events run in the order their causes happened: a contact that
//!   arrives at the instant an agent finishes ACW is routed after the agent
//!   has looked for work if the ACW end was scheduled first.

use std::collections::{BTreeMap, BTreeSet};

use rand::Rng;
use rand_distr::{Distribution, Poisson};

use crate::engine::{
    Generation, Handler, RngStreams, Scheduler, SimDuration, SimTime, Simulation, StreamRng,
};

use super::arrivals::{ArrivalProcess, PoissonProcess};
use super::event::{AgentRef, ContactRef, Event};
use super::ids::{FlowId, GroupId, ProfileId, QueueId, SourceId};
use super::record::{AgentActivity, ContactRecord, FlowPlay, Observer, Outcome, Party};
use super::spec::{Arrivals, CenterSpec, FlowOverrides, FlowType, MAX_WHISPER, OFFER_TIMEOUT};
use super::streams::{stream_id, Purpose};

/// Most holds one conversation can have (a guard on the Poisson draw).
const MAX_HOLDS: u32 = 20;

/// Where a contact is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    InboundFlow,
    Queued,
    Offered,
    AgentWhisper,
    CustomerWhisper,
    Talking,
    AfterContactWork,
}

/// A contact in the center.
#[derive(Debug, Clone)]
struct Contact {
    gen: Generation,
    live: bool,
    phase: Phase,
    queue_key: u64,
    agent: u32,
    self_served: bool,
    patience: Option<SimDuration>,
    overrides: FlowOverrides,
    holds: Vec<SimDuration>,
    rec: ContactRecord,
}

/// What an agent is doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AgentState {
    Off,
    Available,
    Offered,
    Busy,
    Missed,
}

impl AgentState {
    fn activity(self) -> Option<AgentActivity> {
        match self {
            AgentState::Off => None,
            AgentState::Available => Some(AgentActivity::Available),
            AgentState::Offered | AgentState::Busy => Some(AgentActivity::OnContact),
            AgentState::Missed => Some(AgentActivity::Missed),
        }
    }
}

/// An agent.
#[derive(Debug, Clone)]
struct Agent {
    group: GroupId,
    profile: ProfileId,
    state: AgentState,
    gen: Generation,
    contact: u32,
    /// Place in the idle order (smaller = idle longer).
    idle_key: u64,
    /// Leaves at the end of the current contact (shift ended).
    leaving: bool,
    since: SimTime,
}

/// A queue's runtime state.
#[derive(Debug, Default)]
struct QueueState {
    /// Contacts an agent may be offered, by enqueue order.
    routable: BTreeMap<u64, u32>,
    /// Every contact in the queue, offered and whispering ones included.
    in_queue: u32,
    level_since: SimTime,
}

/// Random streams of a source.
struct SourceRuntime {
    arrivals: ArrivalProcess,
    arrival_rng: StreamRng,
    patience: StreamRng,
    talk: StreamRng,
    holds: StreamRng,
    self_service: StreamRng,
    queue_choice: StreamRng,
}

/// Random streams of an agent group.
struct GroupRuntime {
    agents: Vec<u32>,
    auto_accept: StreamRng,
    answer: StreamRng,
    miss: StreamRng,
    recovery: StreamRng,
    acw: StreamRng,
}

/// One replication of a contact center.
pub struct Center<'a, O: Observer> {
    spec: &'a CenterSpec,
    obs: O,
    contacts: Vec<Contact>,
    free_slots: Vec<u32>,
    agents: Vec<Agent>,
    groups: Vec<GroupRuntime>,
    queues: Vec<QueueState>,
    /// Idle agents of each profile, longest idle first.
    idle: Vec<BTreeSet<(u64, u32)>>,
    /// For each queue: the profiles serving it and their delay.
    queue_profiles: Vec<Vec<(ProfileId, SimDuration)>>,
    /// For each queue: the distinct positive delays of its profiles.
    queue_delays: Vec<Vec<SimDuration>>,
    /// For each profile: its queues grouped by priority, highest first.
    profile_levels: Vec<Vec<Vec<(QueueId, SimDuration)>>>,
    sources: Vec<SourceRuntime>,
    flow_rngs: Vec<StreamRng>,
    next_contact_id: u64,
    next_queue_key: u64,
    next_idle_key: u64,
    horizon: SimTime,
}

/// What one replication did, besides what the observer saw.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RunInfo {
    /// Events handled.
    pub events: u64,
    /// Virtual time when the run stopped.
    pub end: SimTime,
}

/// Runs replication `replication` of `spec`, reporting to `observer`; returns
/// the observer and run facts.
pub fn run_replication<O: Observer>(
    spec: &CenterSpec,
    replication: u32,
    observer: O,
) -> (O, RunInfo) {
    let mut sim = Simulation::new();
    let mut center = Center::new(spec, replication, observer);
    center.start(sim.scheduler());
    let until = center.horizon + spec.drain;
    let events = sim.run_until(until, &mut center);
    let end = sim.now().max(center.horizon);
    let obs = center.finish(end);
    (obs, RunInfo { events, end })
}

impl<'a, O: Observer> Center<'a, O> {
    /// Builds the runtime of `spec` for one replication.
    pub fn new(spec: &'a CenterSpec, replication: u32, obs: O) -> Self {
        let streams = RngStreams::new(spec.seed, u64::from(replication));
        let s = |p, i| streams.stream(stream_id(p, i));
        let sources = spec
            .sources
            .iter()
            .enumerate()
            .map(|(i, src)| SourceRuntime {
                arrivals: match &src.arrivals {
                    Arrivals::Poisson(rates) => ArrivalProcess::Poisson(PoissonProcess::new(
                        rates.clone(),
                        spec.interval.as_millis(),
                        spec.horizon.as_millis(),
                    )),
                    Arrivals::Scheduled(times) => ArrivalProcess::Scheduled(
                        times
                            .iter()
                            .map(|t| t.as_millis())
                            .collect::<Vec<_>>()
                            .into_iter(),
                    ),
                },
                arrival_rng: s(Purpose::Arrivals, i),
                patience: s(Purpose::Patience, i),
                talk: s(Purpose::Talk, i),
                holds: s(Purpose::Holds, i),
                self_service: s(Purpose::SelfService, i),
                queue_choice: s(Purpose::QueueChoice, i),
            })
            .collect();
        let groups = (0..spec.groups.len())
            .map(|i| GroupRuntime {
                agents: Vec::new(),
                auto_accept: s(Purpose::AutoAccept, i),
                answer: s(Purpose::AnswerDelay, i),
                miss: s(Purpose::Miss, i),
                recovery: s(Purpose::MissedRecovery, i),
                acw: s(Purpose::AfterContactWork, i),
            })
            .collect();
        let flow_rngs = (0..spec.flows.len())
            .map(|i| s(Purpose::FlowDuration, i))
            .collect();
        let mut queue_profiles = vec![Vec::new(); spec.queues.len()];
        let mut profile_levels = Vec::new();
        for (p, prof) in spec.profiles.iter().enumerate() {
            let mut by_priority: BTreeMap<u32, Vec<(QueueId, SimDuration)>> = BTreeMap::new();
            for pq in &prof.queues {
                queue_profiles[pq.queue.index()].push((ProfileId(p as u16), pq.delay));
                by_priority
                    .entry(pq.priority)
                    .or_default()
                    .push((pq.queue, pq.delay));
            }
            profile_levels.push(by_priority.into_values().collect());
        }
        let queue_delays = queue_profiles
            .iter()
            .map(|ps: &Vec<(ProfileId, SimDuration)>| {
                let mut d: Vec<SimDuration> = ps
                    .iter()
                    .map(|x| x.1)
                    .filter(|d| *d > SimDuration::ZERO)
                    .collect();
                d.sort();
                d.dedup();
                d
            })
            .collect();
        Center {
            spec,
            obs,
            contacts: Vec::new(),
            free_slots: Vec::new(),
            agents: Vec::new(),
            groups,
            queues: (0..spec.queues.len())
                .map(|_| QueueState::default())
                .collect(),
            idle: vec![BTreeSet::new(); spec.profiles.len()],
            queue_profiles,
            queue_delays,
            profile_levels,
            sources,
            flow_rngs,
            next_contact_id: 1,
            next_queue_key: 0,
            next_idle_key: 0,
            horizon: SimTime::ZERO + spec.horizon,
        }
    }

    /// Schedules what is known before the run: the horizon, the shift
    /// changes, the first arrival of each source; staffs the first interval.
    pub fn start(&mut self, sched: &mut Scheduler<Event>) {
        sched.schedule_at(self.horizon, Event::HorizonReached);
        for i in 1..self.spec.interval_count() {
            sched.schedule_at(
                SimTime(i as u64 * self.spec.interval.as_millis()),
                Event::ShiftChange { interval: i as u32 },
            );
        }
        self.apply_headcount(0, sched);
        for s in 0..self.sources.len() {
            self.schedule_next_arrival(s, sched);
        }
    }

    /// Reports what is still open at `end` and returns the observer.
    pub fn finish(mut self, end: SimTime) -> O {
        for slot in 0..self.contacts.len() {
            if self.contacts[slot].live {
                let mut rec = self.contacts[slot].rec.clone();
                rec.outcome = Outcome::InProgress;
                self.obs.contact_unfinished(&rec);
            }
        }
        for a in 0..self.agents.len() {
            let ag = &self.agents[a];
            if let Some(act) = ag.state.activity() {
                self.obs.agent_time(ag.group, act, ag.since, end);
            }
        }
        for (q, qs) in self.queues.iter().enumerate() {
            self.obs
                .queue_level(QueueId(q as u16), qs.in_queue, qs.level_since, end);
        }
        self.obs
    }

    // --- arrivals and the inbound flow ---------------------------------------

    fn schedule_next_arrival(&mut self, s: usize, sched: &mut Scheduler<Event>) {
        let src = &mut self.sources[s];
        if let Some(t) = src.arrivals.next(&mut src.arrival_rng) {
            sched.schedule_at(SimTime(t), Event::Arrival { source: s as u16 });
        }
    }

    fn alloc_contact(&mut self, c: Contact) -> u32 {
        match self.free_slots.pop() {
            Some(slot) => {
                let gen = self.contacts[slot as usize].gen;
                self.contacts[slot as usize] = Contact { gen, ..c };
                slot
            }
            None => {
                self.contacts.push(c);
                (self.contacts.len() - 1) as u32
            }
        }
    }

    fn contact_ref(&self, slot: u32) -> ContactRef {
        ContactRef {
            slot,
            gen: self.contacts[slot as usize].gen,
        }
    }

    fn on_arrival(&mut self, s: usize, sched: &mut Scheduler<Event>) {
        let now = sched.now();
        let spec = &self.spec.sources[s];
        let src = &mut self.sources[s];
        // The customer's behaviour, drawn now from the source's own streams:
        // a fixed number of draws per contact from each.
        let patience = spec
            .customer
            .patience
            .as_ref()
            .map(|d| secs(d.sample(&mut src.patience)));
        let talk = secs(spec.customer.talk.sample(&mut src.talk));
        let mut holds = Vec::new();
        if spec.customer.holds_mean_count > 0.0 {
            if let Ok(p) = Poisson::new(spec.customer.holds_mean_count) {
                let n = (p.sample(&mut src.holds) as u32).min(MAX_HOLDS);
                for _ in 0..n {
                    holds.push(secs(spec.customer.hold_duration.sample(&mut src.holds)));
                }
            }
        }
        let u_self: f64 = src.self_service.gen();
        let u_queue: f64 = src.queue_choice.gen();
        let flow = &self.spec.flows[spec.inbound_flow.index()];
        let queue = flow
            .queue_choice
            .iter()
            .find(|(_, cum)| u_queue < *cum)
            .map(|(q, _)| *q)
            .or(spec.queue);
        let id = self.next_contact_id;
        self.next_contact_id += 1;
        let rec = ContactRecord {
            id,
            source: SourceId(s as u16),
            channel: spec.channel,
            method: spec.method,
            outcome: Outcome::InProgress,
            initiated: now,
            queue,
            enqueued: None,
            offered: None,
            accepted: None,
            dequeued: None,
            connected: None,
            disconnected: None,
            acw_end: None,
            agent: None,
            patience,
            talk,
            hold_count: holds.len() as u32,
            hold_total: holds.iter().fold(SimDuration::ZERO, |a, b| a + *b),
            longest_hold: holds.iter().copied().max().unwrap_or(SimDuration::ZERO),
            acw: SimDuration::ZERO,
            agent_whisper: SimDuration::ZERO,
            customer_whisper: SimDuration::ZERO,
            missed_offers: 0,
            whispers_capped: 0,
        };
        let contact = Contact {
            gen: Generation::default(),
            live: true,
            phase: Phase::InboundFlow,
            queue_key: 0,
            agent: u32::MAX,
            self_served: u_self < flow.self_service,
            patience,
            overrides: flow.sets,
            holds,
            rec,
        };
        let slot = self.alloc_contact(contact);
        let inbound = spec.inbound_flow;
        let d = self.play(slot, inbound, Party::Customer, now);
        sched.schedule_in(
            d,
            Event::InboundFlowDone {
                contact: self.contact_ref(slot),
            },
        );
        self.schedule_next_arrival(s, sched);
    }

    /// Plays `flow` for the contact in `slot`; returns its duration (capped
    /// at two minutes for whispers).
    fn play(&mut self, slot: u32, flow: FlowId, party: Party, now: SimTime) -> SimDuration {
        let f = &self.spec.flows[flow.index()];
        let mut d = match &f.duration {
            Some(dist) => secs(dist.sample(&mut self.flow_rngs[flow.index()])),
            None => SimDuration::ZERO,
        };
        let c = &mut self.contacts[slot as usize];
        if f.flow_type.is_whisper() && d > MAX_WHISPER {
            d = MAX_WHISPER;
            c.rec.whispers_capped += 1;
        }
        let duration = if f.flow_type.is_looping() {
            None
        } else {
            Some(d)
        };
        self.obs.flow_played(&FlowPlay {
            contact: c.rec.id,
            flow,
            party,
            start: now,
            duration,
        });
        d
    }

    /// The flow of type `t` that plays for this contact: its own setting,
    /// else the default.
    fn flow_for(&self, slot: u32, t: FlowType) -> FlowId {
        let o = &self.contacts[slot as usize].overrides;
        let set = match t {
            FlowType::CustomerQueue => o.customer_queue,
            FlowType::CustomerHold => o.customer_hold,
            FlowType::AgentHold => o.agent_hold,
            FlowType::AgentWhisper => o.agent_whisper,
            FlowType::CustomerWhisper => o.customer_whisper,
            FlowType::OutboundWhisper => o.outbound_whisper,
            _ => None,
        };
        set.unwrap_or_else(|| self.spec.defaults.get(t))
    }

    fn on_inbound_flow_done(&mut self, slot: u32, sched: &mut Scheduler<Event>) {
        let now = sched.now();
        let c = &mut self.contacts[slot as usize];
        if c.self_served {
            // Served by the IVR: it never reaches a queue.
            c.rec.queue = None;
            c.rec.disconnected = Some(now);
            self.end_contact(slot, Outcome::SelfServed);
            return;
        }
        let Some(q) = c.rec.queue else {
            // Validation guarantees a queue unless the flow self-serves
            // everyone; treat a contact without one as self-served.
            c.rec.disconnected = Some(now);
            self.end_contact(slot, Outcome::SelfServed);
            return;
        };
        let full = self.spec.queues[q.index()]
            .capacity
            .is_some_and(|cap| self.queues[q.index()].in_queue >= cap);
        if full {
            c.rec.disconnected = Some(now);
            self.end_contact(slot, Outcome::TurnedAway);
            return;
        }
        let key = self.next_queue_key;
        self.next_queue_key += 1;
        c.queue_key = key;
        c.phase = Phase::Queued;
        c.rec.enqueued = Some(now);
        let patience = c.patience;
        self.change_queue_level(q, 1, now);
        self.queues[q.index()].routable.insert(key, slot);
        let cref = self.contact_ref(slot);
        if let Some(p) = patience {
            sched.schedule_in(p, Event::PatienceExpired { contact: cref });
        }
        for &d in &self.queue_delays[q.index()] {
            sched.schedule_in(d, Event::RoutingDelayElapsed { contact: cref });
        }
        let cq = self.flow_for(slot, FlowType::CustomerQueue);
        self.play(slot, cq, Party::Customer, now);
        self.route_contact(slot, sched);
    }

    // --- routing -----------------------------------------------------------

    fn change_queue_level(&mut self, q: QueueId, delta: i32, now: SimTime) {
        let qs = &mut self.queues[q.index()];
        self.obs.queue_level(q, qs.in_queue, qs.level_since, now);
        qs.in_queue = qs.in_queue.saturating_add_signed(delta);
        qs.level_since = now;
    }

    /// Offers a routable contact to the longest-idle agent allowed to take it,
    /// if any.
    fn route_contact(&mut self, slot: u32, sched: &mut Scheduler<Event>) {
        let c = &self.contacts[slot as usize];
        if c.phase != Phase::Queued {
            return;
        }
        let (Some(q), Some(enq)) = (c.rec.queue, c.rec.enqueued) else {
            return;
        };
        let waited = sched.now() - enq;
        let mut best: Option<(u64, u32)> = None;
        for &(p, delay) in &self.queue_profiles[q.index()] {
            if delay > waited {
                continue;
            }
            if let Some(&cand) = self.idle[p.index()].first() {
                if best.is_none_or(|b| cand < b) {
                    best = Some(cand);
                }
            }
        }
        if let Some((key, a)) = best {
            let p = self.agents[a as usize].profile;
            self.idle[p.index()].remove(&(key, a));
            self.offer(a, slot, sched);
        }
    }

    /// The contact an agent of `profile` should take now: the highest
    /// priority level with an eligible contact, the oldest contact within it.
    fn find_work(&self, profile: ProfileId, now: SimTime) -> Option<u32> {
        for level in &self.profile_levels[profile.index()] {
            let mut best: Option<(u64, u32)> = None;
            for &(q, delay) in level {
                if let Some((&key, &slot)) = self.queues[q.index()].routable.first_key_value() {
                    let enq = self.contacts[slot as usize].rec.enqueued.unwrap_or(now);
                    // The oldest routable contact has waited longest: if it
                    // has not waited the delay, none in this queue has.
                    if now - enq >= delay && best.is_none_or(|b| key < b.0) {
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

    /// An agent's slot is free: it leaves if its shift is over, takes work if
    /// there is some, or becomes available. `keep_key` keeps its place in the
    /// idle order (an offer that was withdrawn, not handled).
    fn agent_free(&mut self, a: u32, keep_key: Option<u64>, sched: &mut Scheduler<Event>) {
        let now = sched.now();
        let ag = &mut self.agents[a as usize];
        if ag.leaving {
            ag.leaving = false;
            ag.gen.bump();
            self.set_agent_state(a, AgentState::Off, now);
            return;
        }
        let profile = ag.profile;
        if let Some(slot) = self.find_work(profile, now) {
            self.offer(a, slot, sched);
            return;
        }
        let key = keep_key.unwrap_or_else(|| {
            self.next_idle_key += 1;
            self.next_idle_key
        });
        self.agents[a as usize].idle_key = key;
        self.idle[profile.index()].insert((key, a));
        self.set_agent_state(a, AgentState::Available, now);
    }

    fn set_agent_state(&mut self, a: u32, state: AgentState, now: SimTime) {
        let ag = &mut self.agents[a as usize];
        if let Some(act) = ag.state.activity() {
            self.obs.agent_time(ag.group, act, ag.since, now);
        }
        ag.state = state;
        ag.since = now;
    }

    fn agent_ref(&self, a: u32) -> AgentRef {
        AgentRef {
            agent: a,
            gen: self.agents[a as usize].gen,
        }
    }

    /// Offers the contact in `slot` to agent `a` (already out of the idle
    /// set): it auto-accepts, answers after a delay, or misses.
    fn offer(&mut self, a: u32, slot: u32, sched: &mut Scheduler<Event>) {
        let now = sched.now();
        let c = &mut self.contacts[slot as usize];
        if let Some(q) = c.rec.queue {
            self.queues[q.index()].routable.remove(&c.queue_key);
        }
        c.phase = Phase::Offered;
        c.agent = a;
        c.rec.offered = Some(now);
        self.agents[a as usize].contact = slot;
        self.set_agent_state(a, AgentState::Offered, now);
        let g = self.agents[a as usize].group;
        let gs = &self.spec.groups[g.index()];
        let gr = &mut self.groups[g.index()];
        let aref = AgentRef {
            agent: a,
            gen: self.agents[a as usize].gen,
        };
        if gs.auto_accept {
            let d = secs(gs.auto_accept_delay.sample(&mut gr.auto_accept));
            sched.schedule_in(d, Event::OfferAccepted { agent: aref });
        } else {
            let d = secs(gs.answer_delay.sample(&mut gr.answer));
            let miss = gr.miss.gen::<f64>() < gs.miss_probability;
            if miss || d > OFFER_TIMEOUT {
                sched.schedule_in(OFFER_TIMEOUT, Event::OfferMissed { agent: aref });
            } else {
                sched.schedule_in(d, Event::OfferAccepted { agent: aref });
            }
        }
    }

    // --- the agent's side of a contact ---------------------------------------

    fn on_offer_accepted(&mut self, a: u32, sched: &mut Scheduler<Event>) {
        let now = sched.now();
        let slot = self.agents[a as usize].contact;
        self.set_agent_state(a, AgentState::Busy, now);
        let group = self.agents[a as usize].group;
        let c = &mut self.contacts[slot as usize];
        c.phase = Phase::AgentWhisper;
        c.rec.accepted = Some(now);
        c.rec.agent = Some((a, group));
        let flow = self.flow_for(slot, FlowType::AgentWhisper);
        let d = self.play(slot, flow, Party::Agent, now);
        self.contacts[slot as usize].rec.agent_whisper = d;
        sched.schedule_in(
            d,
            Event::AgentWhisperDone {
                agent: self.agent_ref(a),
            },
        );
    }

    fn on_offer_missed(&mut self, a: u32, sched: &mut Scheduler<Event>) {
        let now = sched.now();
        let slot = self.agents[a as usize].contact;
        let c = &mut self.contacts[slot as usize];
        c.phase = Phase::Queued;
        c.agent = u32::MAX;
        c.rec.offered = None;
        c.rec.missed_offers += 1;
        if let Some(q) = c.rec.queue {
            // Back in its old place: the queue key is its enqueue order.
            self.queues[q.index()].routable.insert(c.queue_key, slot);
        }
        let ag = &mut self.agents[a as usize];
        if ag.leaving {
            ag.leaving = false;
            self.set_agent_state(a, AgentState::Off, now);
        } else {
            self.set_agent_state(a, AgentState::Missed, now);
            let g = self.agents[a as usize].group;
            let d = secs(
                self.spec.groups[g.index()]
                    .missed_recovery
                    .sample(&mut self.groups[g.index()].recovery),
            );
            sched.schedule_in(
                d,
                Event::MissedRecovered {
                    agent: self.agent_ref(a),
                },
            );
        }
        self.route_contact(slot, sched);
    }

    fn on_agent_whisper_done(&mut self, a: u32, sched: &mut Scheduler<Event>) {
        let now = sched.now();
        let slot = self.agents[a as usize].contact;
        let c = &mut self.contacts[slot as usize];
        c.phase = Phase::CustomerWhisper;
        c.rec.dequeued = Some(now);
        // Out of the queue: its patience and routing-delay timers are void.
        c.gen.bump();
        if let Some(q) = c.rec.queue {
            self.change_queue_level(q, -1, now);
        }
        let flow = self.flow_for(slot, FlowType::CustomerWhisper);
        let d = self.play(slot, flow, Party::Customer, now);
        self.contacts[slot as usize].rec.customer_whisper = d;
        sched.schedule_in(
            d,
            Event::CustomerWhisperDone {
                agent: self.agent_ref(a),
            },
        );
    }

    fn on_customer_whisper_done(&mut self, a: u32, sched: &mut Scheduler<Event>) {
        let now = sched.now();
        let slot = self.agents[a as usize].contact;
        let c = &mut self.contacts[slot as usize];
        c.phase = Phase::Talking;
        c.rec.connected = Some(now);
        let talk = c.rec.talk;
        let total = talk + c.rec.hold_total;
        // Holds split the talk into equal parts; each plays the customer
        // hold flow to the customer and the agent hold flow to the agent.
        let holds = std::mem::take(&mut c.holds);
        let n = holds.len() as u64;
        let mut t = now;
        let customer_hold = self.flow_for(slot, FlowType::CustomerHold);
        let agent_hold = self.flow_for(slot, FlowType::AgentHold);
        for (k, h) in holds.iter().enumerate() {
            let segment = SimDuration(
                talk.as_millis() * (k as u64 + 1) / (n + 1) - talk.as_millis() * k as u64 / (n + 1),
            );
            t += segment;
            let id = self.contacts[slot as usize].rec.id;
            for (flow, party) in [(customer_hold, Party::Customer), (agent_hold, Party::Agent)] {
                self.obs.flow_played(&FlowPlay {
                    contact: id,
                    flow,
                    party,
                    start: t,
                    duration: Some(*h),
                });
            }
            t += *h;
        }
        sched.schedule_in(
            total,
            Event::ConversationDone {
                agent: self.agent_ref(a),
            },
        );
    }

    fn on_conversation_done(&mut self, a: u32, sched: &mut Scheduler<Event>) {
        let now = sched.now();
        let slot = self.agents[a as usize].contact;
        let g = self.agents[a as usize].group;
        let d = secs(
            self.spec.groups[g.index()]
                .after_contact_work
                .sample(&mut self.groups[g.index()].acw),
        );
        let c = &mut self.contacts[slot as usize];
        c.phase = Phase::AfterContactWork;
        c.rec.disconnected = Some(now);
        c.rec.acw = d;
        sched.schedule_in(
            d,
            Event::AfterContactWorkDone {
                agent: self.agent_ref(a),
            },
        );
    }

    fn on_acw_done(&mut self, a: u32, sched: &mut Scheduler<Event>) {
        let now = sched.now();
        let slot = self.agents[a as usize].contact;
        self.contacts[slot as usize].rec.acw_end = Some(now);
        self.end_contact(slot, Outcome::Handled);
        self.agent_free(a, None, sched);
    }

    // --- the customer's side ---------------------------------------------------

    fn on_patience_expired(&mut self, slot: u32, sched: &mut Scheduler<Event>) {
        let now = sched.now();
        let c = &mut self.contacts[slot as usize];
        let phase = c.phase;
        let agent = c.agent;
        c.rec.dequeued = Some(now);
        c.rec.disconnected = Some(now);
        c.rec.offered = None;
        c.rec.accepted = None;
        c.rec.agent = None;
        c.rec.agent_whisper = SimDuration::ZERO;
        let Some(q) = c.rec.queue else { return };
        if phase == Phase::Queued {
            self.queues[q.index()].routable.remove(&c.queue_key);
        }
        self.change_queue_level(q, -1, now);
        self.end_contact(slot, Outcome::Abandoned);
        match phase {
            Phase::Offered => {
                // The offer is withdrawn; the agent never handled anything
                // and keeps its place in the idle order.
                self.agents[agent as usize].gen.bump();
                let key = self.agents[agent as usize].idle_key;
                self.agent_free(agent, Some(key), sched);
            }
            Phase::AgentWhisper => {
                self.agents[agent as usize].gen.bump();
                self.agent_free(agent, None, sched);
            }
            _ => {}
        }
    }

    fn end_contact(&mut self, slot: u32, outcome: Outcome) {
        let c = &mut self.contacts[slot as usize];
        c.rec.outcome = outcome;
        c.live = false;
        c.gen.bump();
        self.obs.contact_ended(&c.rec);
        self.free_slots.push(slot);
    }

    // --- shifts ------------------------------------------------------------------

    /// Brings every group to its headcount for `interval`. Agents beyond the
    /// new headcount leave: available ones (most recently idle first) and
    /// Missed ones at once, busy ones after their current contact.
    fn apply_headcount(&mut self, interval: usize, sched: &mut Scheduler<Event>) {
        let now = sched.now();
        for g in 0..self.spec.groups.len() {
            let target = self.spec.groups[g]
                .headcount
                .get(interval)
                .copied()
                .unwrap_or(0) as usize;
            let members = self.groups[g].agents.clone();
            let staying = |ag: &Agent| ag.state != AgentState::Off && !ag.leaving;
            let mut on = members
                .iter()
                .filter(|&&a| staying(&self.agents[a as usize]))
                .count();
            if target > on {
                // Cancel departures first, then call agents in.
                for &a in members.iter().rev() {
                    if on == target {
                        break;
                    }
                    if self.agents[a as usize].leaving {
                        self.agents[a as usize].leaving = false;
                        on += 1;
                    }
                }
                let mut joining = Vec::new();
                for &a in &members {
                    if on + joining.len() == target {
                        break;
                    }
                    if self.agents[a as usize].state == AgentState::Off {
                        joining.push(a);
                    }
                }
                while on + joining.len() < target {
                    let a = self.agents.len() as u32;
                    self.agents.push(Agent {
                        group: GroupId(g as u16),
                        profile: self.spec.groups[g].profile,
                        state: AgentState::Off,
                        gen: Generation::default(),
                        contact: u32::MAX,
                        idle_key: 0,
                        leaving: false,
                        since: now,
                    });
                    self.groups[g].agents.push(a);
                    joining.push(a);
                }
                for a in joining {
                    self.agents[a as usize].since = now;
                    self.agent_free(a, None, sched);
                }
            } else if target < on {
                let mut excess = on - target;
                let mut available: Vec<u32> = members
                    .iter()
                    .copied()
                    .filter(|&a| self.agents[a as usize].state == AgentState::Available)
                    .collect();
                available.sort_by_key(|&a| std::cmp::Reverse(self.agents[a as usize].idle_key));
                for a in available.into_iter().take(excess) {
                    let ag = &self.agents[a as usize];
                    self.idle[ag.profile.index()].remove(&(ag.idle_key, a));
                    self.set_agent_state(a, AgentState::Off, now);
                    excess -= 1;
                }
                for &a in members.iter().rev() {
                    if excess == 0 {
                        break;
                    }
                    let ag = &mut self.agents[a as usize];
                    match ag.state {
                        AgentState::Missed => {
                            ag.gen.bump();
                            self.set_agent_state(a, AgentState::Off, now);
                            excess -= 1;
                        }
                        AgentState::Offered | AgentState::Busy if !ag.leaving => {
                            ag.leaving = true;
                            excess -= 1;
                        }
                        _ => {}
                    }
                }
            }
        }
    }

    fn on_horizon(&mut self) {
        for c in &self.contacts {
            if c.live {
                self.obs.in_progress_at_horizon(&c.rec);
            }
        }
    }
}

impl<O: Observer> Handler<Event> for Center<'_, O> {
    fn handle(&mut self, event: Event, sched: &mut Scheduler<Event>) {
        // Stale events (their contact or agent has moved on) are dropped here.
        let contact_ok = |s: &Self, c: ContactRef| {
            s.contacts
                .get(c.slot as usize)
                .is_some_and(|x| x.gen == c.gen && x.live)
        };
        let agent_ok = |s: &Self, a: AgentRef| {
            s.agents
                .get(a.agent as usize)
                .is_some_and(|x| x.gen == a.gen)
        };
        match event {
            Event::HorizonReached => self.on_horizon(),
            Event::ShiftChange { interval } => self.apply_headcount(interval as usize, sched),
            Event::Arrival { source } => self.on_arrival(usize::from(source), sched),
            Event::InboundFlowDone { contact } if contact_ok(self, contact) => {
                self.on_inbound_flow_done(contact.slot, sched)
            }
            Event::PatienceExpired { contact } if contact_ok(self, contact) => {
                self.on_patience_expired(contact.slot, sched)
            }
            Event::RoutingDelayElapsed { contact } if contact_ok(self, contact) => {
                self.route_contact(contact.slot, sched)
            }
            Event::OfferAccepted { agent } if agent_ok(self, agent) => {
                self.on_offer_accepted(agent.agent, sched)
            }
            Event::OfferMissed { agent } if agent_ok(self, agent) => {
                self.on_offer_missed(agent.agent, sched)
            }
            Event::MissedRecovered { agent } if agent_ok(self, agent) => {
                self.agent_free(agent.agent, None, sched)
            }
            Event::AgentWhisperDone { agent } if agent_ok(self, agent) => {
                self.on_agent_whisper_done(agent.agent, sched)
            }
            Event::CustomerWhisperDone { agent } if agent_ok(self, agent) => {
                self.on_customer_whisper_done(agent.agent, sched)
            }
            Event::ConversationDone { agent } if agent_ok(self, agent) => {
                self.on_conversation_done(agent.agent, sched)
            }
            Event::AfterContactWorkDone { agent } if agent_ok(self, agent) => {
                self.on_acw_done(agent.agent, sched)
            }
            _ => {}
        }
    }
}

/// Seconds drawn from a distribution → virtual milliseconds.
fn secs(s: f64) -> SimDuration {
    SimDuration::from_secs_f64(s)
}
