//! The event handler's core: the contact and agent arenas, queues and
//! routing, offers, whispers, the conversation, after-contact work,
//! abandonment, shifts and instance lines. What is specific to one
//! initiation method lives in [`methods`](super::methods), one file each.
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

use crate::engine::{
    Generation, Handler, RngStreams, Scheduler, SimDuration, SimTime, Simulation, StreamRng,
};

use super::arrivals::{ArrivalProcess, PoissonProcess};
use super::event::{AgentRef, ContactRef, Event};
use super::ids::{FlowId, GroupId, QueueId, SourceId};
use super::record::{
    AgentActivity, ContactRecord, DisconnectReason, FlowPlay, Observer, Outcome, Party,
};
use super::spec::{
    Arrivals, CenterSpec, Channel, FlowOverrides, FlowType, InitiationMethod, MAX_WHISPER,
    OFFER_TIMEOUT,
};
use super::streams::{stream_id, Purpose};

/// "No agent" / "no contact" in index fields.
pub(super) const NONE: u32 = u32::MAX;

/// Where a contact is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Phase {
    /// A scheduled task before its start time.
    Scheduled,
    /// Connect dialling the customer (API voice).
    ApiDial,
    /// Hearing the inbound flow.
    InboundFlow,
    /// Waiting in queue, routable.
    Queued,
    /// A callback waiting out its initial or retry delay (in queue, not yet
    /// routable).
    CallbackWait,
    /// Offered to an agent, ringing.
    Offered,
    /// The agent hears the agent whisper (the customer is still queued).
    AgentWhisper,
    /// Dialling a callback customer.
    CallbackDial,
    /// An agent dialling an outbound callee.
    OutboundDial,
    /// The callee hears the outbound whisper.
    OutboundWhisper,
    /// The customer hears the customer whisper.
    CustomerWhisper,
    /// Talking (with holds).
    Talking,
    /// The source agent hears the transfer flow; the customer is on hold.
    TransferFlow,
    /// The customer on hold while the transfer leg finds a destination and
    /// consults; the source agent stays on.
    TransferHold,
    /// (TRANSFER leg) source and destination consult.
    Consult,
    /// (TRANSFER leg) join / hold all / hold destination.
    PostConsult,
    /// After-contact work.
    AfterContactWork,
    /// A DISCONNECT contact's flow.
    DisconnectFlow,
}

/// A customer's behaviour, drawn when the contact is created.
#[derive(Debug, Clone, Default)]
pub(super) struct Customer {
    pub(super) self_served: bool,
    pub(super) patience: Option<SimDuration>,
    pub(super) talk: SimDuration,
    pub(super) holds: Vec<SimDuration>,
    /// Uniform draw compared with a callback offer's take-up probability.
    pub(super) callback_u: f64,
    pub(super) stays_for_disconnect: bool,
    /// Place of the contact in its source's arrival order: the key of its
    /// own random sub-streams (transfers, callback answers).
    pub(super) source_seq: u64,
}

/// A contact in the center.
#[derive(Debug, Clone)]
pub(super) struct Contact {
    /// Voids the contact's phase events when its course is interrupted or it
    /// ends.
    pub(super) gen: Generation,
    /// Voids its queue timers when it leaves a queue.
    pub(super) wait_gen: Generation,
    pub(super) live: bool,
    pub(super) phase: Phase,
    pub(super) queue_key: u64,
    /// The queue its inbound flow will send it to.
    pub(super) target_queue: Option<QueueId>,
    /// Whether it is counted in its queue's level.
    pub(super) in_queue: bool,
    pub(super) agent: u32,
    /// Holds one of the instance's lines of its channel.
    pub(super) holds_line: bool,
    pub(super) customer: Customer,
    pub(super) overrides: FlowOverrides,
    /// Queue moves so far (bounds QUEUE_TRANSFER chains).
    pub(super) moves: u32,
    /// Transfers so far in this chain.
    pub(super) transfers: u32,
    /// The customer queue flow whose callback offer this CALLBACK contact
    /// follows.
    pub(super) callback_flow: Option<FlowId>,
    /// The other leg of a transfer in progress (slot), or [`NONE`].
    pub(super) peer: u32,
    /// The transfer plan drawn for this leg, if it will be transferred.
    pub(super) transfer: Option<super::methods::transfer::TransferPlan>,
    /// (TRANSFER leg) the plan of the transfer that created it.
    pub(super) leg: Option<super::methods::transfer::TransferPlan>,
    /// Whether the dial in progress (API voice, callback attempt, outbound)
    /// will be answered.
    pub(super) dial_answered: bool,
    /// Whether a callback attempt in progress reaches voicemail.
    pub(super) dial_voicemail: bool,
    /// When the caller went on hold for a transfer of this contact.
    pub(super) transfer_started: SimTime,
    pub(super) rec: ContactRecord,
}

/// An agent.
#[derive(Debug, Clone)]
pub(super) struct Agent {
    pub(super) group: GroupId,
    pub(super) gen: Generation,
    pub(super) on_shift: bool,
    /// Leaves when its last contact ends (shift over).
    pub(super) leaving: bool,
    pub(super) missed: bool,
    /// Contacts held per channel.
    pub(super) load: [u32; 3],
    /// Place in the idle order (smaller = available longer).
    pub(super) idle_key: u64,
    /// Key under which it sits in its group's eligibility sets.
    set_key: u64,
    in_sets: [bool; 3],
    activity: Option<AgentActivity>,
    since: SimTime,
    slots: [(u32, u32); 3],
    slots_since: [SimTime; 3],
}

/// A queue's runtime state.
#[derive(Debug, Default)]
pub(super) struct QueueState {
    /// Contacts an agent may be offered, per channel, by queue order.
    pub(super) routable: [BTreeMap<u64, u32>; 3],
    /// Contacts counted in the queue (offered and whispering ones included).
    pub(super) level: u32,
    level_since: SimTime,
}

/// Random streams of a source.
pub(super) struct SourceRuntime {
    pub(super) arrivals: ArrivalProcess,
    pub(super) arrival_rng: StreamRng,
    pub(super) patience: StreamRng,
    pub(super) talk: StreamRng,
    pub(super) holds: StreamRng,
    pub(super) self_service: StreamRng,
    pub(super) queue_choice: StreamRng,
    pub(super) behaviour: StreamRng,
    pub(super) dial: StreamRng,
    pub(super) schedule: StreamRng,
    pub(super) arrived: u64,
}

/// Random streams and members of an agent group.
pub(super) struct GroupRuntime {
    pub(super) agents: Vec<u32>,
    pub(super) auto_accept: StreamRng,
    pub(super) answer: StreamRng,
    pub(super) miss: StreamRng,
    pub(super) recovery: StreamRng,
    pub(super) acw: StreamRng,
    pub(super) outbound: StreamRng,
    /// Agents that may be offered a contact of each channel now, longest
    /// available first.
    pub(super) eligible: [BTreeSet<(u64, u32)>; 3],
    /// The group's queues grouped by priority, highest first (its agent
    /// queue, if any, above all).
    pub(super) levels: Vec<Vec<(QueueId, SimDuration, [bool; 3])>>,
    /// The channels the group can be offered at all (its profile takes them
    /// from some queue, and the scenario produces them): its agents sit only
    /// in those eligibility sets.
    serves: [bool; 3],
}

/// One replication of a contact center.
pub struct Center<'a, O: Observer> {
    pub(super) spec: &'a CenterSpec,
    pub(super) obs: O,
    pub(super) streams: RngStreams,
    pub(super) contacts: Vec<Contact>,
    free_slots: Vec<u32>,
    pub(super) agents: Vec<Agent>,
    pub(super) groups: Vec<GroupRuntime>,
    pub(super) queues: Vec<QueueState>,
    /// For each queue: the groups serving it, with delay and channels.
    queue_groups: Vec<Vec<(GroupId, SimDuration, [bool; 3])>>,
    /// For each queue: the distinct positive delays of those groups.
    queue_delays: Vec<Vec<SimDuration>>,
    pub(super) sources: Vec<SourceRuntime>,
    flow_rngs: Vec<StreamRng>,
    /// Active contacts per channel holding an instance line.
    active_lines: [u32; 3],
    next_contact_id: u64,
    next_queue_key: u64,
    next_idle_key: u64,
    pub(super) horizon: SimTime,
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
                behaviour: s(Purpose::Behaviour, i),
                dial: s(Purpose::ApiDial, i),
                schedule: s(Purpose::TaskSchedule, i),
                arrived: 0,
            })
            .collect();
        let mut queue_groups = vec![Vec::new(); spec.queues.len()];
        let mut groups: Vec<GroupRuntime> = Vec::new();
        for (g, group) in spec.groups.iter().enumerate() {
            let gid = GroupId(g as u16);
            let prof = &spec.profiles[group.profile.index()];
            let mut by_priority: BTreeMap<u32, Vec<(QueueId, SimDuration, [bool; 3])>> =
                BTreeMap::new();
            for pq in &prof.queues {
                queue_groups[pq.queue.index()].push((gid, pq.delay, pq.channels));
                by_priority
                    .entry(pq.priority)
                    .or_default()
                    .push((pq.queue, pq.delay, pq.channels));
            }
            // The agent queue of the group (agent transfers) comes first.
            for (q, qs) in spec.queues.iter().enumerate() {
                if qs.agent_queue_of == Some(gid) {
                    queue_groups[q].push((gid, SimDuration::ZERO, [true; 3]));
                    by_priority.entry(0).or_default().push((
                        QueueId(q as u16),
                        SimDuration::ZERO,
                        [true; 3],
                    ));
                }
            }
            // Channels contacts can arrive on: voice also through transfers
            // and callbacks, which start from voice contacts.
            let in_use: [bool; 3] =
                std::array::from_fn(|c| spec.sources.iter().any(|s| s.kind.channel().index() == c));
            let mut serves = [false; 3];
            // Outbound calls use the group's voice slot too.
            serves[0] = group.outbound.is_some();
            for level in by_priority.values() {
                for (_, _, chans) in level {
                    for c in 0..3 {
                        serves[c] |= chans[c] && in_use[c];
                    }
                }
            }
            groups.push(GroupRuntime {
                serves,
                agents: Vec::new(),
                auto_accept: s(Purpose::AutoAccept, g),
                answer: s(Purpose::AnswerDelay, g),
                miss: s(Purpose::Miss, g),
                recovery: s(Purpose::MissedRecovery, g),
                acw: s(Purpose::AfterContactWork, g),
                outbound: s(Purpose::Outbound, g),
                eligible: Default::default(),
                levels: by_priority.into_values().collect(),
            });
        }
        let queue_delays = queue_groups
            .iter()
            .map(|gs: &Vec<(GroupId, SimDuration, [bool; 3])>| {
                let mut d: Vec<SimDuration> = gs
                    .iter()
                    .map(|x| x.1)
                    .filter(|d| *d > SimDuration::ZERO)
                    .collect();
                d.sort();
                d.dedup();
                d
            })
            .collect();
        let flow_rngs = (0..spec.flows.len())
            .map(|i| s(Purpose::FlowDuration, i))
            .collect();
        Center {
            spec,
            obs,
            streams,
            contacts: Vec::new(),
            free_slots: Vec::new(),
            agents: Vec::new(),
            groups,
            queues: (0..spec.queues.len())
                .map(|_| QueueState::default())
                .collect(),
            queue_groups,
            queue_delays,
            sources,
            flow_rngs,
            active_lines: [0; 3],
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
            if let Some(act) = ag.activity {
                self.obs.agent_time(ag.group, act, ag.since, end);
            }
            for ch in Channel::ALL {
                let (used, cap) = ag.slots[ch.index()];
                if cap > 0 || used > 0 {
                    let since = ag.slots_since[ch.index()];
                    self.obs.agent_slots(ag.group, ch, used, cap, since, end);
                }
            }
        }
        for (q, qs) in self.queues.iter().enumerate() {
            self.obs
                .queue_level(QueueId(q as u16), qs.level, qs.level_since, end);
        }
        self.obs
    }

    // --- contacts -----------------------------------------------------------

    /// Creates a contact and returns its slot. `previous` links it to the
    /// contact it was created from (transfer, callback, queue move,
    /// disconnect flow), whose `NextContactId` is set.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn new_contact(
        &mut self,
        now: SimTime,
        source: Option<SourceId>,
        channel: Channel,
        method: InitiationMethod,
        previous: Option<u32>,
        customer: Customer,
        overrides: FlowOverrides,
        phase: Phase,
    ) -> u32 {
        let id = self.next_contact_id;
        self.next_contact_id += 1;
        let (initial_id, previous_id, chain_initiated) = match previous {
            Some(p) => {
                let prev = &mut self.contacts[p as usize];
                prev.rec.next_id = Some(id);
                (
                    prev.rec.initial_id,
                    Some(prev.rec.id),
                    prev.rec.chain_initiated,
                )
            }
            None => (id, None, now),
        };
        let holds = if channel == Channel::Voice {
            customer.holds.clone()
        } else {
            Vec::new()
        };
        let rec = ContactRecord {
            id,
            initial_id,
            previous_id,
            next_id: None,
            disconnect_reason: None,
            source,
            channel,
            method,
            outcome: Outcome::InProgress,
            initiated: now,
            chain_initiated,
            queue: None,
            enqueued: None,
            offered: None,
            accepted: None,
            dequeued: None,
            connected: None,
            disconnected: None,
            acw_end: None,
            agent: None,
            patience: customer.patience,
            talk: customer.talk,
            hold_count: holds.len() as u32,
            hold_total: holds.iter().fold(SimDuration::ZERO, |a, b| a + *b),
            longest_hold: holds.iter().copied().max().unwrap_or(SimDuration::ZERO),
            acw: SimDuration::ZERO,
            agent_whisper: SimDuration::ZERO,
            customer_whisper: SimDuration::ZERO,
            dial_ring: SimDuration::ZERO,
            outbound_whisper: SimDuration::ZERO,
            callback_attempts: 0,
            voicemail: false,
            missed_offers: 0,
            whispers_capped: 0,
        };
        let c = Contact {
            gen: Generation::default(),
            wait_gen: Generation::default(),
            live: true,
            phase,
            queue_key: 0,
            target_queue: None,
            in_queue: false,
            agent: NONE,
            holds_line: false,
            customer: Customer { holds, ..customer },
            overrides,
            moves: 0,
            transfers: 0,
            callback_flow: None,
            peer: NONE,
            transfer: None,
            leg: None,
            dial_answered: false,
            dial_voicemail: false,
            transfer_started: SimTime::ZERO,
            rec,
        };
        match self.free_slots.pop() {
            Some(slot) => {
                let old = &self.contacts[slot as usize];
                let (gen, wait_gen) = (old.gen, old.wait_gen);
                self.contacts[slot as usize] = Contact { gen, wait_gen, ..c };
                slot
            }
            None => {
                self.contacts.push(c);
                (self.contacts.len() - 1) as u32
            }
        }
    }

    pub(super) fn cref(&self, slot: u32) -> ContactRef {
        ContactRef {
            slot,
            gen: self.contacts[slot as usize].gen,
        }
    }

    pub(super) fn wref(&self, slot: u32) -> ContactRef {
        ContactRef {
            slot,
            gen: self.contacts[slot as usize].wait_gen,
        }
    }

    pub(super) fn c(&mut self, slot: u32) -> &mut Contact {
        &mut self.contacts[slot as usize]
    }

    /// Takes an instance line of `channel` for the contact; `false` when the
    /// instance is at its limit (the caller turns the contact away).
    pub(super) fn take_line(&mut self, slot: u32) -> bool {
        let ch = self.contacts[slot as usize].rec.channel.index();
        if self.spec.instance_limits[ch].is_some_and(|l| self.active_lines[ch] >= l) {
            return false;
        }
        self.active_lines[ch] += 1;
        self.contacts[slot as usize].holds_line = true;
        true
    }

    /// Hands the contact's instance line to `to` (the same call goes on as
    /// a new contact record).
    pub(super) fn pass_line(&mut self, from: u32, to: u32) {
        if std::mem::take(&mut self.contacts[from as usize].holds_line) {
            self.contacts[to as usize].holds_line = true;
        }
    }

    /// Frees the contact's instance line, if it holds one.
    pub(super) fn release_line(&mut self, slot: u32) {
        let c = &mut self.contacts[slot as usize];
        if std::mem::take(&mut c.holds_line) {
            let ch = c.rec.channel.index();
            self.active_lines[ch] = self.active_lines[ch].saturating_sub(1);
        }
    }

    /// Records the disconnect (and frees the line), without ending the
    /// contact: ACW may follow.
    pub(super) fn disconnect(&mut self, slot: u32, now: SimTime, reason: DisconnectReason) {
        let c = &mut self.contacts[slot as usize];
        if c.rec.disconnected.is_none() {
            c.rec.disconnected = Some(now);
            c.rec.disconnect_reason = Some(reason);
        }
        self.release_line(slot);
    }

    /// The contact is over: report it and free its slot.
    pub(super) fn end_contact(&mut self, slot: u32, outcome: Outcome, now: SimTime) {
        if self.contacts[slot as usize].in_queue {
            self.leave_queue(slot, now);
        }
        self.disconnect(slot, now, DisconnectReason::CustomerDisconnect);
        let c = &mut self.contacts[slot as usize];
        c.rec.outcome = outcome;
        c.live = false;
        c.gen.bump();
        c.wait_gen.bump();
        self.obs.contact_ended(&c.rec);
        self.free_slots.push(slot);
    }

    /// Plays `flow` for the contact; returns its duration (whispers capped
    /// at two minutes, as Connect cuts them).
    pub(super) fn play(
        &mut self,
        slot: u32,
        flow: FlowId,
        party: Party,
        now: SimTime,
    ) -> SimDuration {
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
    pub(super) fn flow_for(&self, slot: u32, t: FlowType) -> FlowId {
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

    // --- queues ----------------------------------------------------------------

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

    // --- agents ------------------------------------------------------------------

    pub(super) fn agent_ref(&self, a: u32) -> AgentRef {
        AgentRef {
            agent: a,
            gen: self.agents[a as usize].gen,
        }
    }

    /// Brings the agent's time accounting and eligibility sets up to date
    /// after any change of its state.
    pub(super) fn refresh_agent(&mut self, a: u32, now: SimTime) {
        let ag = &mut self.agents[a as usize];
        let g = ag.group;
        let prof = &self.spec.profiles[self.spec.groups[g.index()].profile.index()];
        let activity = if !ag.on_shift {
            None
        } else if ag.load.iter().any(|l| *l > 0) {
            Some(AgentActivity::OnContact)
        } else if ag.missed {
            Some(AgentActivity::Missed)
        } else {
            Some(AgentActivity::Available)
        };
        if activity != ag.activity {
            if let Some(old) = ag.activity {
                self.obs.agent_time(g, old, ag.since, now);
            }
            ag.activity = activity;
            ag.since = now;
        }
        // Slot accounting, per channel the group serves: each channel's
        // stretch is reported when its load or capacity changes.
        let serves = self.groups[g.index()].serves;
        let routable_capacity = ag.on_shift && !ag.missed;
        for ch in Channel::ALL {
            let c = ch.index();
            let now_slots = (
                ag.load[c],
                if routable_capacity && serves[c] {
                    prof.concurrency[c]
                } else {
                    0
                },
            );
            if now_slots != ag.slots[c] {
                let (used, cap) = ag.slots[c];
                if cap > 0 || used > 0 {
                    self.obs
                        .agent_slots(g, ch, used, cap, ag.slots_since[c], now);
                }
                ag.slots[c] = now_slots;
                ag.slots_since[c] = now;
            }
        }
        let routable = ag.on_shift && !ag.leaving && !ag.missed;
        let sets = &mut self.groups[g.index()].eligible;
        let key_moved = ag.set_key != ag.idle_key;
        for ch in Channel::ALL {
            let c = ch.index();
            let eligible = serves[c] && routable && prof.can_accept(ag.load, ch);
            // Touch the set only when something changed: this runs on every
            // offer and release.
            if eligible == ag.in_sets[c] && !key_moved {
                continue;
            }
            if ag.in_sets[c] {
                sets[c].remove(&(ag.set_key, a));
            }
            ag.in_sets[c] = eligible;
            if eligible {
                sets[c].insert((ag.idle_key, a));
            }
        }
        ag.set_key = ag.idle_key;
    }

    /// Moves the agent to the back of the idle order.
    pub(super) fn move_to_back_of_idle_order(&mut self, a: u32) {
        self.next_idle_key += 1;
        self.agents[a as usize].idle_key = self.next_idle_key;
    }

    /// Offers the contact in `slot` to agent `a`: it auto-accepts, answers
    /// after a delay, or misses. Callbacks are never auto-accepted.
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
        if gs.auto_accept && !is_callback {
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

    /// Frees the agent's slot held by the contact in `slot`. `handled`:
    /// the agent worked the contact (moves to the back of the idle order).
    /// Then the agent leaves, or looks for more work.
    pub(super) fn release_agent(&mut self, slot: u32, handled: bool, sched: &mut Scheduler<Event>) {
        let now = sched.now();
        let c = &mut self.contacts[slot as usize];
        let a = std::mem::replace(&mut c.agent, NONE);
        if a == NONE {
            return;
        }
        let ch = c.rec.channel;
        let outbound = c.rec.method == InitiationMethod::Outbound;
        let ag = &mut self.agents[a as usize];
        ag.load[ch.index()] = ag.load[ch.index()].saturating_sub(1);
        let exempt = outbound
            && !self.spec.profiles[self.spec.groups[ag.group.index()].profile.index()]
                .outbound_moves_to_back;
        if handled && !exempt {
            self.move_to_back_of_idle_order(a);
        }
        let ag = &mut self.agents[a as usize];
        if ag.leaving && ag.load.iter().all(|l| *l == 0) {
            ag.leaving = false;
            ag.on_shift = false;
            ag.gen.bump();
        }
        self.refresh_agent(a, now);
        self.agent_pull(a, sched);
    }

    // --- the common path to a conversation ----------------------------------------

    fn on_offer_accepted(&mut self, slot: u32, sched: &mut Scheduler<Event>) {
        let now = sched.now();
        let a = self.contacts[slot as usize].agent;
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
                contact: self.cref(slot),
            },
        );
    }

    fn on_offer_missed(&mut self, slot: u32, sched: &mut Scheduler<Event>) {
        let now = sched.now();
        let c = &mut self.contacts[slot as usize];
        let a = std::mem::replace(&mut c.agent, NONE);
        c.rec.offered = None;
        c.rec.missed_offers += 1;
        let ch = c.rec.channel;
        let ag = &mut self.agents[a as usize];
        ag.load[ch.index()] = ag.load[ch.index()].saturating_sub(1);
        if ag.leaving && ag.load.iter().all(|l| *l == 0) {
            ag.leaving = false;
            ag.on_shift = false;
            ag.gen.bump();
        } else {
            ag.missed = true;
            let g = ag.group;
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
        self.refresh_agent(a, now);
        // Back in its old place: the queue key is its enqueue order.
        self.make_routable_again(slot, sched);
    }

    /// A contact whose offer failed goes back to its place in the queue.
    fn make_routable_again(&mut self, slot: u32, sched: &mut Scheduler<Event>) {
        let c = &mut self.contacts[slot as usize];
        c.phase = Phase::Queued;
        if let Some(q) = c.rec.queue {
            self.queues[q.index()].routable[c.rec.channel.index()].insert(c.queue_key, slot);
        }
        self.route_contact(slot, sched);
    }

    fn on_agent_whisper_done(&mut self, slot: u32, sched: &mut Scheduler<Event>) {
        let now = sched.now();
        // The customer leaves the queue only now: Connect counts the agent
        // whisper as queue time.
        self.leave_queue(slot, now);
        match self.contacts[slot as usize].rec.method {
            InitiationMethod::Callback => self.dial_callback(slot, sched),
            InitiationMethod::Transfer => self.transfer_leg_whispered(slot, sched),
            _ => {
                self.contacts[slot as usize].phase = Phase::CustomerWhisper;
                let flow = self.flow_for(slot, FlowType::CustomerWhisper);
                let d = self.play(slot, flow, Party::Customer, now);
                self.contacts[slot as usize].rec.customer_whisper = d;
                sched.schedule_in(
                    d,
                    Event::CustomerWhisperDone {
                        contact: self.cref(slot),
                    },
                );
            }
        }
    }

    /// The conversation starts: talk (with holds, on voice), unless the agent
    /// will transfer the contact part-way.
    pub(super) fn start_conversation(&mut self, slot: u32, sched: &mut Scheduler<Event>) {
        let now = sched.now();
        let c = &mut self.contacts[slot as usize];
        c.phase = Phase::Talking;
        if c.rec.connected.is_none() {
            c.rec.connected = Some(now);
        }
        if let Some(after) = self.plan_transfer(slot) {
            sched.schedule_in(
                after,
                Event::TransferStart {
                    contact: self.cref(slot),
                },
            );
            return;
        }
        let c = &mut self.contacts[slot as usize];
        let talk = c.rec.talk;
        let total = talk + c.rec.hold_total;
        // Holds split the talk into equal parts; each plays the customer
        // hold flow to the customer and the agent hold flow to the agent.
        let holds = std::mem::take(&mut c.customer.holds);
        let n = holds.len() as u64;
        let mut t = now;
        let customer_hold = self.flow_for(slot, FlowType::CustomerHold);
        let agent_hold = self.flow_for(slot, FlowType::AgentHold);
        let id = self.contacts[slot as usize].rec.id;
        for (k, h) in holds.iter().enumerate() {
            let ms = talk.as_millis();
            t += SimDuration(ms * (k as u64 + 1) / (n + 1) - ms * k as u64 / (n + 1));
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
                contact: self.cref(slot),
            },
        );
    }

    fn on_conversation_done(&mut self, slot: u32, sched: &mut Scheduler<Event>) {
        let now = sched.now();
        let stays = self.disconnect_flow_follows(slot);
        if stays {
            // The customer stays on the line: the disconnect flow takes the
            // line over before this contact lets it go.
            self.start_disconnect_flow(slot, sched);
        }
        let reason = if stays {
            DisconnectReason::AgentDisconnect
        } else {
            DisconnectReason::CustomerDisconnect
        };
        self.disconnect(slot, now, reason);
        self.start_acw(slot, sched);
    }

    /// After-contact work for the contact's agent.
    pub(super) fn start_acw(&mut self, slot: u32, sched: &mut Scheduler<Event>) {
        let a = self.contacts[slot as usize].agent;
        let g = self.agents[a as usize].group;
        let d = secs(
            self.spec.groups[g.index()]
                .after_contact_work
                .sample(&mut self.groups[g.index()].acw),
        );
        let c = &mut self.contacts[slot as usize];
        c.phase = Phase::AfterContactWork;
        c.rec.acw = d;
        sched.schedule_in(
            d,
            Event::AfterContactWorkDone {
                contact: self.cref(slot),
            },
        );
    }

    fn on_acw_done(&mut self, slot: u32, sched: &mut Scheduler<Event>) {
        let now = sched.now();
        let outcome = match self.contacts[slot as usize].rec.outcome {
            Outcome::InProgress => Outcome::Handled,
            o => o,
        };
        self.contacts[slot as usize].rec.acw_end = Some(now);
        self.release_agent(slot, true, sched);
        self.end_contact(slot, outcome, now);
    }

    // --- the customer hangs up --------------------------------------------------------

    /// The customer waiting in queue hangs up (patience, or hold patience
    /// during a transfer).
    pub(super) fn on_patience_expired_now(&mut self, slot: u32, sched: &mut Scheduler<Event>) {
        let now = sched.now();
        let phase = self.contacts[slot as usize].phase;
        if !matches!(phase, Phase::Queued | Phase::Offered | Phase::AgentWhisper) {
            return;
        }
        let c = &mut self.contacts[slot as usize];
        c.gen.bump(); // voids a pending accept, miss or whisper end
        c.rec.offered = None;
        c.rec.accepted = None;
        c.rec.agent = None;
        c.rec.agent_whisper = SimDuration::ZERO;
        let a = c.agent;
        self.leave_queue(slot, now);
        self.disconnect(slot, now, DisconnectReason::CustomerDisconnect);
        if a != NONE {
            // The offer is withdrawn: a ringing agent keeps its place in the
            // idle order; one already whispering has worked on the contact.
            self.release_agent(slot, phase == Phase::AgentWhisper, sched);
        }
        self.end_contact(slot, Outcome::Abandoned, now);
    }

    // --- shifts ----------------------------------------------------------------------------

    /// Brings every group to its headcount for `interval`. Agents beyond the
    /// new headcount leave: available ones (most recently available first)
    /// and Missed ones at once, busy ones after their current contacts.
    fn apply_headcount(&mut self, interval: usize, sched: &mut Scheduler<Event>) {
        let now = sched.now();
        for g in 0..self.spec.groups.len() {
            let target = self.spec.groups[g]
                .headcount
                .get(interval)
                .copied()
                .unwrap_or(0) as usize;
            let members = self.groups[g].agents.clone();
            let staying = |ag: &Agent| ag.on_shift && !ag.leaving;
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
                        self.refresh_agent(a, now);
                        // It may have free slots (chats) for contacts waiting.
                        self.agent_pull(a, sched);
                        on += 1;
                    }
                }
                let mut joining: Vec<u32> = members
                    .iter()
                    .copied()
                    .filter(|&a| !self.agents[a as usize].on_shift)
                    .take(target - on)
                    .collect();
                while on + joining.len() < target {
                    let a = self.agents.len() as u32;
                    self.agents.push(Agent {
                        group: GroupId(g as u16),
                        gen: Generation::default(),
                        on_shift: false,
                        leaving: false,
                        missed: false,
                        load: [0; 3],
                        idle_key: 0,
                        set_key: 0,
                        in_sets: [false; 3],
                        activity: None,
                        since: now,
                        slots: [(0, 0); 3],
                        slots_since: [now; 3],
                    });
                    self.groups[g].agents.push(a);
                    joining.push(a);
                }
                for a in joining {
                    let ag = &mut self.agents[a as usize];
                    ag.on_shift = true;
                    ag.missed = false;
                    ag.gen.bump();
                    self.move_to_back_of_idle_order(a);
                    self.refresh_agent(a, now);
                    self.start_outbound_clock(a, sched);
                    self.agent_pull(a, sched);
                }
            } else if target < on {
                let mut excess = on - target;
                let mut idle: Vec<u32> = members
                    .iter()
                    .copied()
                    .filter(|&a| {
                        let ag = &self.agents[a as usize];
                        staying(ag) && ag.load.iter().all(|l| *l == 0)
                    })
                    .collect();
                // Missed agents first, then the most recently available.
                idle.sort_by_key(|&a| {
                    let ag = &self.agents[a as usize];
                    (!ag.missed, std::cmp::Reverse(ag.idle_key))
                });
                for a in idle.into_iter().take(excess) {
                    let ag = &mut self.agents[a as usize];
                    ag.on_shift = false;
                    ag.missed = false;
                    ag.gen.bump();
                    self.refresh_agent(a, now);
                    excess -= 1;
                }
                for &a in members.iter().rev() {
                    if excess == 0 {
                        break;
                    }
                    let ag = &mut self.agents[a as usize];
                    if staying(ag) {
                        ag.leaving = true;
                        self.refresh_agent(a, now);
                        excess -= 1;
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
        let live = |s: &Self, c: ContactRef| {
            s.contacts
                .get(c.slot as usize)
                .is_some_and(|x| x.gen == c.gen && x.live)
        };
        let waiting = |s: &Self, c: ContactRef| {
            s.contacts
                .get(c.slot as usize)
                .is_some_and(|x| x.wait_gen == c.gen && x.live)
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
            Event::TaskStart { contact } if live(self, contact) => {
                self.on_task_start(contact.slot, sched)
            }
            Event::ApiDialDone { contact } if live(self, contact) => {
                self.on_api_dial_done(contact.slot, sched)
            }
            Event::InboundFlowDone { contact } if live(self, contact) => {
                self.on_inbound_flow_done(contact.slot, sched)
            }
            Event::PatienceExpired { contact } if waiting(self, contact) => {
                self.on_patience_expired_now(contact.slot, sched)
            }
            Event::RoutingDelayElapsed { contact } if waiting(self, contact) => {
                self.route_contact(contact.slot, sched)
            }
            Event::CallbackOffered { contact } if waiting(self, contact) => {
                self.on_callback_offered(contact.slot, sched)
            }
            Event::QueueMoveDue { contact } if waiting(self, contact) => {
                self.on_queue_move_due(contact.slot, sched)
            }
            Event::CallbackDue { contact } if waiting(self, contact) => {
                self.make_routable(contact.slot, sched)
            }
            Event::HoldPatienceExpired { contact } if waiting(self, contact) => {
                self.on_hold_patience_expired(contact.slot, sched)
            }
            Event::OfferAccepted { contact } if live(self, contact) => {
                self.on_offer_accepted(contact.slot, sched)
            }
            Event::OfferMissed { contact } if live(self, contact) => {
                self.on_offer_missed(contact.slot, sched)
            }
            Event::AgentWhisperDone { contact } if live(self, contact) => {
                self.on_agent_whisper_done(contact.slot, sched)
            }
            Event::CustomerWhisperDone { contact } if live(self, contact) => {
                self.start_conversation(contact.slot, sched)
            }
            Event::CallbackDialDone { contact } if live(self, contact) => {
                self.on_callback_dial_done(contact.slot, sched)
            }
            Event::OutboundDialDone { contact } if live(self, contact) => {
                self.on_outbound_dial_done(contact.slot, sched)
            }
            Event::OutboundWhisperDone { contact } if live(self, contact) => {
                self.start_conversation(contact.slot, sched)
            }
            Event::ConversationDone { contact } if live(self, contact) => {
                self.on_conversation_done(contact.slot, sched)
            }
            Event::AfterContactWorkDone { contact } if live(self, contact) => {
                self.on_acw_done(contact.slot, sched)
            }
            Event::DisconnectFlowDone { contact } if live(self, contact) => {
                self.on_disconnect_flow_done(contact.slot, sched)
            }
            Event::TransferStart { contact } if live(self, contact) => {
                self.on_transfer_start(contact.slot, sched)
            }
            Event::TransferFlowDone { contact } if live(self, contact) => {
                self.on_transfer_flow_done(contact.slot, sched)
            }
            Event::ConsultDone { contact } if live(self, contact) => {
                self.on_consult_done(contact.slot, sched)
            }
            Event::PostConsultDone { contact } if live(self, contact) => {
                self.on_post_consult_done(contact.slot, sched)
            }
            Event::MissedRecovered { agent } if agent_ok(self, agent) => {
                self.agents[agent.agent as usize].missed = false;
                self.move_to_back_of_idle_order(agent.agent);
                self.refresh_agent(agent.agent, sched.now());
                self.agent_pull(agent.agent, sched);
            }
            Event::OutboundDue { agent } if agent_ok(self, agent) => {
                self.on_outbound_due(agent.agent, sched)
            }
            _ => {}
        }
    }
}

/// Seconds drawn from a distribution → virtual milliseconds.
pub(super) fn secs(s: f64) -> SimDuration {
    SimDuration::from_secs_f64(s)
}
