//! The center's runtime state: where each contact, agent, queue, source and
//! agent group stands during one replication. The [`spec`](super::spec) is
//! the static description; these types are built from it (in
//! [`build`](super::build)) and changed by the handler's rooms.
//!
//! Plain data with a few constructors. This file imports only the
//! catalogue files (`ids`, `record`, `spec`, `arrivals`) and the engine, so
//! every room of the center — and every initiation method — can import it
//! without an import circle.

use std::collections::BTreeMap;

use super::sorted::{SortedMap, SortedSet};

use crate::engine::{Generation, SimDuration, SimTime, StreamRng};

use super::arrivals::ArrivalProcess;
use super::criteria::CriteriaId;
use super::dialer::CampaignCall;
use super::ids::{FlowId, GroupId, QueueId, SourceId};
use super::record::{AgentActivity, AgentHours, ContactRecord, RedialTry};
use rand::Rng;

use super::spec::{
    CenterSpec, Channel, FlowOverrides, PostConsult, RoutingChange, TransferTarget,
    DEFAULT_ROUTING_PRIORITY,
};

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
    /// A callback waiting out its initial or retry delay: not in its queue
    /// (not counted in its level) until the delay ends.
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
    /// After-contact work (the customer may still hear the disconnect flow:
    /// see [`Contact::in_disconnect_flow`]).
    AfterContactWork,
    /// The agent's part is over (ACW done); the customer still hears the
    /// contact's disconnect flow, and the contact ends with it.
    DisconnectFlow,
    /// (FLOW email) the email a flow sends is active, being sent.
    FlowEmailSending,
    /// (Task) paused: its agent keeps it but not a slot; it resumes with
    /// that agent (see [`TaskPauseRun`]).
    Paused,
}

/// Where a task that pauses stands in its current pause: kept on the
/// contact, read only by the task-pause room.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct TaskPauseRun {
    /// Work left when it resumes.
    pub(super) left: SimDuration,
    /// How long the pause drawn for it lasts.
    pub(super) duration: SimDuration,
    /// When the current pause started.
    pub(super) since: SimTime,
    /// When it became ready to resume (its pause over; it may still wait
    /// for a free slot of its agent).
    pub(super) ready: SimTime,
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
    /// (Inbound email) the writing time of the agent's reply, if the agent
    /// replies (drawn at arrival).
    pub(super) reply: Option<SimDuration>,
}

/// A contact's routing attributes: Connect's routing priority and what
/// "Change routing priority / age" blocks added to its routing age. They
/// go with the customer when a queue flow moves the contact or it becomes a
/// callback; a transfer leg starts afresh.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Routing {
    /// 1 is the highest.
    pub(super) priority: u64,
    /// Milliseconds added to the routing age (negative: subtracted).
    pub(super) age_added_ms: i64,
    /// The routing criteria set on the contact (source or queue branch).
    pub(super) criteria: Option<CriteriaId>,
}

impl Default for Routing {
    fn default() -> Self {
        Routing {
            priority: DEFAULT_ROUTING_PRIORITY,
            age_added_ms: 0,
            criteria: None,
        }
    }
}

impl Routing {
    /// Applies a "Change routing priority / age" block.
    pub(super) fn apply(&mut self, change: RoutingChange) {
        if let Some(p) = change.priority {
            self.priority = p;
        }
        if let Some(a) = change.add_age_ms {
            self.age_added_ms = self.age_added_ms.saturating_add(a);
        }
    }
}

/// A contact's place in its queue's routing order: highest routing
/// priority (lowest number) first, then the greatest routing age (the
/// earliest age base), then the order contacts entered queues. Contacts
/// nothing changed (priority 5, age from their enqueue) keep exactly the
/// first-come-first-served order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct RouteKey {
    /// Routing priority.
    pub(super) priority: u64,
    /// When its routing age started, in virtual milliseconds (earlier than
    /// the enqueue when age was added; may be negative).
    pub(super) age_base: i64,
    /// Order of entry into a queue (unique): the final tie-break.
    pub(super) seq: u64,
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
    /// Its place in its queue's routing order.
    pub(super) route: RouteKey,
    /// Whether `route` is the plain first-come-first-served key: default
    /// priority and a routing age from its enqueue (see
    /// [`QueueState::reordered`]).
    pub(super) route_plain: bool,
    /// Whether it is in a routable set under `route` (its queue's, or its
    /// named agent's). Only `insert_routable` and `remove_routable` touch
    /// those sets, and they keep this true. `phase` cannot tell it: a
    /// contact offered on entry is `Queued` but never put in the set (see
    /// `make_routable`). Removing a contact that is not there would be a
    /// search that finds nothing, which every offered contact would
    /// otherwise pay when it leaves its queue.
    pub(super) routable: bool,
    /// Its routing priority and age adjustment.
    pub(super) routing: Routing,
    /// The queue its inbound flow will send it to.
    pub(super) target_queue: Option<QueueId>,
    /// Whether it is counted in its queue's level.
    pub(super) in_queue: bool,
    /// When it last entered its queue: the start of its current stretch in
    /// the queue, from which the routing profiles' delays count. The
    /// record's enqueue except for a retried callback (which keeps its
    /// first).
    pub(super) queued_since: SimTime,
    /// The customer's patience ran out at the instant an agent was offered
    /// the contact, so it stayed: if that offer fails, it leaves.
    pub(super) patience_spent: bool,
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
    /// (Source of an agent transfer) the agent its quick connect named, or
    /// [`NONE`].
    pub(super) transfer_agent: u32,
    /// (TRANSFER leg of an agent transfer) the one agent it waits for, in
    /// that agent's own queue; [`NONE`] for a contact any agent serving its
    /// queue may take.
    pub(super) for_agent: u32,
    /// The transfer plan drawn for this leg, if it will be transferred.
    pub(super) transfer: Rare<TransferPlan>,
    /// (TRANSFER leg) the plan of the transfer that created it.
    pub(super) leg: Rare<TransferPlan>,
    /// Whether the dial in progress (API voice, callback attempt, outbound)
    /// will be answered.
    pub(super) dial_answered: bool,
    /// Whether a callback attempt in progress reaches voicemail.
    pub(super) dial_voicemail: bool,
    /// When the caller went on hold for a transfer of this contact.
    pub(super) transfer_started: SimTime,
    /// The customer hears the contact's disconnect flow (it holds the
    /// contact's line): the contact ends when both this flow and the
    /// agent's ACW are over.
    pub(super) in_disconnect_flow: bool,
    /// (Campaign call) what was drawn for it when dialled.
    pub(super) call: Rare<CampaignCall>,
    /// (A voice conversation) the external party its agent will add.
    pub(super) external: Rare<super::xmon_spec::ExternalCall>,
    /// (A monitored conversation) its MONITOR contact's slot while the
    /// supervisor listens, or [`NONE`].
    pub(super) monitor: u32,
    /// (A task that pauses) its current pause.
    pub(super) pause: Rare<TaskPauseRun>,
    pub(super) rec: ContactRecord,
}

impl Contact {
    /// A live contact in `phase` with its record: in no queue, with no
    /// agent, line, peer or transfer yet.
    #[inline]
    pub(super) fn new(
        phase: Phase,
        customer: Customer,
        overrides: FlowOverrides,
        rec: ContactRecord,
    ) -> Self {
        Contact {
            gen: Generation::default(),
            wait_gen: Generation::default(),
            live: true,
            phase,
            route: RouteKey::default(),
            route_plain: true,
            routable: false,
            routing: Routing::default(),
            target_queue: None,
            in_queue: false,
            queued_since: SimTime::ZERO,
            patience_spent: false,
            agent: NONE,
            holds_line: false,
            customer,
            overrides,
            moves: 0,
            transfers: 0,
            callback_flow: None,
            peer: NONE,
            transfer_agent: NONE,
            for_agent: NONE,
            transfer: Rare::NONE,
            leg: Rare::NONE,
            dial_answered: false,
            dial_voicemail: false,
            transfer_started: SimTime::ZERO,
            in_disconnect_flow: false,
            call: Rare::NONE,
            external: Rare::NONE,
            monitor: NONE,
            pause: Rare::NONE,
            rec,
        }
    }

    /// Makes this freed slot's contact a new one, as [`Contact::new`]
    /// builds it, keeping its generations (so that events of the slot's
    /// previous contact stay void).
    #[inline]
    pub(super) fn renew(
        &mut self,
        phase: Phase,
        customer: Customer,
        overrides: FlowOverrides,
        rec: ContactRecord,
    ) {
        let (gen, wait_gen) = (self.gen, self.wait_gen);
        *self = Contact::new(phase, customer, overrides, rec);
        self.gen = gen;
        self.wait_gen = wait_gen;
    }

    /// The conversation of this contact will have no holds (it is
    /// transferred part-way, or reaches voicemail):
    /// the customer's drawn holds and the record's hold counters go.
    pub(super) fn drop_holds(&mut self) {
        self.customer.holds.clear();
        self.rec.clear_holds();
    }
}

/// An agent.
#[derive(Debug, Clone)]
pub(super) struct Agent {
    pub(super) group: GroupId,
    pub(super) gen: Generation,
    pub(super) on_shift: bool,
    /// Leaves when its last contact ends (shift over).
    pub(super) leaving: bool,
    /// Whether it is counted in its group's [`GroupRuntime::staffed`]: on
    /// shift and not leaving, as `refresh_agent` last saw it.
    pub(super) staffed: bool,
    pub(super) missed: bool,
    /// Contacts held per channel.
    pub(super) load: [u32; Channel::COUNT],
    /// Place in the idle order (smaller = available longer).
    pub(super) idle_key: u64,
    /// Key under which it sits in its group's eligibility sets.
    pub(super) set_key: u64,
    /// Whether it sits in its group's eligibility set of each channel.
    pub(super) in_sets: [bool; Channel::COUNT],
    /// What its time counts as now (`None`: off shift).
    pub(super) activity: Option<AgentActivity>,
    /// Since when it has been in `activity`.
    pub(super) since: SimTime,
    /// Slots (used, capacity) per channel, as last reported.
    pub(super) slots: [(u32, u32); Channel::COUNT],
    /// Since when each channel's slots have been as they are.
    pub(super) slots_since: [SimTime; Channel::COUNT],
    /// Its own agent queue: TRANSFER legs waiting for this agent alone, in
    /// routing order. It takes them before anything else.
    pub(super) personal: BTreeMap<RouteKey, u32>,
    /// (Shift groups) present and within its shift.
    pub(super) rostered: bool,
    /// (Shift groups) what it is away for, off the phones (`on_shift` is
    /// then false).
    pub(super) away: Option<Away>,
    /// (Shift groups) where it goes once its contacts end (`leaving` is
    /// then set): the strongest of what fell due while it was busy.
    pub(super) owes: Option<Due>,
    /// When its next aux period falls due after the one in progress (see
    /// the aux room).
    pub(super) aux_next: SimTime,
    /// Planned activities it was chosen for so far (they rotate).
    pub(super) planned_times: u32,
    /// Until when its current planned activity lasts (the interval's end):
    /// a break taken during it returns to it.
    pub(super) planned_until: SimTime,
    /// What `refresh_agent` last brought its accounting and eligibility up
    /// to date with (`None`: never refreshed).
    pub(super) refreshed: Option<RefreshInputs>,
    /// Where its time goes now, for agent-hours (`None`: logged out).
    pub(super) hours: Option<AgentHours>,
    /// Since when it has been in `hours`.
    pub(super) hours_since: SimTime,
    /// Paused tasks it holds (they take no slot, but it does not leave,
    /// go on break or log out until they are done): zero unless a source's
    /// tasks pause, and then checked only where it is nonzero.
    pub(super) paused: u32,
    /// Of them, the ones ready to resume that wait for a free task slot,
    /// in the order they became ready: they come before any new offer.
    pub(super) resumes: Vec<u32>,
}

/// The part of an agent's own state that `refresh_agent` derives its time
/// accounting, slots, eligibility and agent-hours from (besides its group
/// and profile, which do not change). A refresh that finds these as it
/// left them has nothing to report or move — the common case of an agent
/// released straight on to the next contact, its load back where it was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct RefreshInputs {
    pub(super) load: [u32; Channel::COUNT],
    pub(super) on_shift: bool,
    pub(super) leaving: bool,
    pub(super) missed: bool,
    pub(super) away: Option<Away>,
}

/// Why an agent on shift is off the phones.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Away {
    /// A break or lunch of its shift.
    Break,
    /// Aux (unavailable).
    Aux,
    /// A planned activity, until the interval ends.
    Planned,
}

/// Something that fell due for an agent on shift: it goes at once when
/// free, else after its contacts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Due {
    /// An aux period of this length.
    Aux(SimDuration),
    /// A planned activity, until the interval ends.
    Planned,
    /// A break of this length.
    Break(SimDuration),
    /// The end of its shift.
    ShiftEnd,
}

impl Due {
    /// Which wins when two fall due together: the shift's end, then a
    /// break, then a planned activity, then aux.
    pub(super) fn rank(self) -> u8 {
        match self {
            Due::Aux(_) => 0,
            Due::Planned => 1,
            Due::Break(_) => 2,
            Due::ShiftEnd => 3,
        }
    }
}

impl Away {
    /// The rank of the [`Due`] that sent the agent away.
    pub(super) fn rank(self) -> u8 {
        match self {
            Away::Aux => 0,
            Away::Planned => 1,
            Away::Break => 2,
        }
    }
}

/// One step of the shift timeline of a replication.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum RosterStep {
    /// The agent's shift starts (it came: absent agent-days have no steps).
    Start,
    /// A break of this length falls due.
    Break(SimDuration),
    /// The agent's shift ends.
    End,
}

/// The shift timeline of a replication: every step of every present
/// agent's shifts, in time order, worked through by one pending event.
#[derive(Debug, Default)]
pub(super) struct Roster {
    /// (when, agent, step), sorted by time (steps of one agent keep their
    /// order).
    pub(super) steps: Vec<(SimTime, u32, RosterStep)>,
    /// The first step not yet taken.
    pub(super) next: usize,
    /// When the pending [`RosterDue`](super::event::Event::RosterDue) is
    /// due, if one is: steps may also be taken early (at an interval start,
    /// before the planned activity is chosen), and the next is scheduled
    /// only once.
    pub(super) armed: Option<SimTime>,
}

impl Agent {
    /// What [`RefreshInputs`] holds of this agent now.
    pub(super) fn refresh_inputs(&self) -> RefreshInputs {
        RefreshInputs {
            load: self.load,
            on_shift: self.on_shift,
            leaving: self.leaving,
            missed: self.missed,
            away: self.away,
        }
    }

    /// Whether a leaving agent may go now: it holds no contact, and no
    /// paused task unless it goes only for a while (a break, aux or
    /// planned activity: a paused task holds no slot, and its resume
    /// waits for the agent's return). It does not log out (shift end, a
    /// lower headcount) before its paused tasks are done.
    pub(super) fn free_to_go(&self) -> bool {
        self.load.iter().all(|l| *l == 0)
            && (self.paused == 0 || self.owes.is_some_and(|d| d != Due::ShiftEnd))
    }

    /// A new member of `group`, hired at `now`, not yet on shift.
    #[inline]
    pub(super) fn new(group: GroupId, now: SimTime) -> Self {
        Agent {
            group,
            gen: Generation::default(),
            on_shift: false,
            leaving: false,
            staffed: false,
            missed: false,
            load: [0; Channel::COUNT],
            idle_key: 0,
            set_key: 0,
            in_sets: [false; Channel::COUNT],
            activity: None,
            since: now,
            slots: [(0, 0); Channel::COUNT],
            slots_since: [now; Channel::COUNT],
            personal: BTreeMap::new(),
            rostered: false,
            away: None,
            owes: None,
            aux_next: SimTime::ZERO,
            planned_times: 0,
            planned_until: SimTime::ZERO,
            refreshed: None,
            hours: None,
            hours_since: now,
            paused: 0,
            resumes: Vec::new(),
        }
    }
}

/// A queue's runtime state.
#[derive(Debug, Default)]
pub(super) struct QueueState {
    /// Contacts an agent may be offered, per channel, in routing order.
    pub(super) routable: [SortedMap<RouteKey, u32>; Channel::COUNT],
    /// Per channel, how many routable contacts have a key that is not
    /// plain (a changed priority or age): while there are none, routing
    /// order is enqueue order, so the first contact is the one that has
    /// waited longest.
    pub(super) reordered: [u32; Channel::COUNT],
    /// Per channel, how many routable contacts are in a routing criteria
    /// step that not every agent matches: while there are none, an agent
    /// takes the first contact as if no criteria were set.
    pub(super) restricted: [u32; Channel::COUNT],
    /// Contacts counted in the queue (offered and whispering ones included).
    pub(super) level: u32,
    /// Since when the level has been what it is.
    pub(super) level_since: SimTime,
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
    /// (Email sources) whether the agent replies, and the writing time.
    pub(super) email_reply: StreamRng,
    pub(super) arrived: u64,
    /// Which of an arrival's uniform decisions can go either way.
    pub(super) decides: ArrivalDecisions,
    /// Where its inbound flow sends a customer when no branch of the flow
    /// takes it (see `inbound_branch`).
    pub(super) unbranched: InboundRoute,
}

/// A customer's way out of its source's inbound flow: the queue, the flows
/// set on the contact, and its routing priority and age.
pub(super) type InboundRoute = (Option<QueueId>, FlowOverrides, Routing);

/// Which of the uniform draws an arriving contact of a source makes can
/// change what happens to it. A decision whose probability is 0 or 1 (or
/// a draw no flow of the scenario reads) has one outcome whatever the
/// draw, so the draw is left out and 0 stands in for it: each of these
/// streams belongs to the source and is read nowhere else, so leaving out
/// every draw of one never shifts another draw, and the run is the same
/// (some 2 % of the instructions of an M/M/c customer, issue 14).
#[derive(Debug, Clone, Copy)]
pub(super) struct ArrivalDecisions {
    /// The inbound flow's self-service share is strictly between 0 and 1.
    pub(super) self_service: bool,
    /// Some branch of the inbound flow ends strictly between 0 and 1 of
    /// the cumulative probability.
    pub(super) queue_choice: bool,
    /// Some flow offers callbacks (the take-up draw), or the customer
    /// stays for a disconnect flow with a probability strictly between 0
    /// and 1. Both draws come from one stream, so they are made together.
    pub(super) behaviour: bool,
}

impl ArrivalDecisions {
    /// The decisions that can go either way for source `s` of `spec`.
    pub(super) fn of(spec: &CenterSpec, s: usize) -> Self {
        let src = &spec.sources[s];
        let flow = &spec.flows[src.inbound_flow.index()];
        let open = |p: f64| p > 0.0 && p < 1.0;
        ArrivalDecisions {
            self_service: open(flow.self_service),
            queue_choice: flow.branches.iter().any(|b| open(b.cumulative)),
            behaviour: spec.flows.iter().any(|f| f.callback.is_some())
                || open(src.customer.stays_for_disconnect_flow),
        }
    }
}

/// A uniform draw in `[0, 1)` from `rng` when `decides`, else 0 without
/// drawing (see [`ArrivalDecisions`]).
#[inline]
pub(super) fn decision_draw(decides: bool, rng: &mut StreamRng) -> f64 {
    if decides {
        rng.gen()
    } else {
        0.0
    }
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
    /// Aux periods: when they fall due and how long they last.
    pub(super) aux: StreamRng,
    /// Stochastic rounding of the planned activity's agents per interval.
    pub(super) planned: StreamRng,
    /// Agents that may be offered a contact of each channel now, longest
    /// available first.
    pub(super) eligible: [SortedSet<(u64, u32)>; Channel::COUNT],
    /// The group's queues grouped by priority, highest first (its agent
    /// queue, if any, above all): per level, each queue with its routing
    /// delay and one channel the profile takes from it, queue by queue.
    pub(super) levels: Vec<Vec<(QueueId, SimDuration, Channel)>>,
    /// The channels the group can be offered at all (its profile takes them
    /// from some queue, and the scenario produces them): its agents sit only
    /// in those eligibility sets.
    pub(super) serves: [bool; Channel::COUNT],
    /// Its profile's concurrency over the channels it serves adds up to at
    /// most one contact (a voice-only group): an agent just offered a
    /// contact has no free slot left on any of them, so a pull for more
    /// would find nothing (see `Center::full_after_offer`).
    pub(super) one_slot: bool,
    /// What its profile accepts of an agent holding nothing
    /// (`RoutingProfileSpec::accepts` of no load): worked out once, as
    /// most agents routing asks about hold nothing (one just released).
    pub(super) idle_accepts: u8,
    /// Its agents on shift and not leaving: what a campaign's bandwidth
    /// share is of. Kept by `refresh_agent`, so a campaign's check costs
    /// nothing where counting the agents cost the group's size on every
    /// dial (a predictive campaign on 10,000 agents spent 97 % of its run
    /// counting them).
    pub(super) staffed: u32,
}

/// Everything about one transfer: what the rule that applied says (where,
/// with which flow, cold or warm) and what was drawn for it, together, from
/// the customer's own block of the source's transfer stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TransferPlan {
    /// The destination.
    pub target: TransferTarget,
    /// The transfer flow played to the source agent.
    pub flow: FlowId,
    /// A cold transfer.
    pub cold: bool,
    /// Talk before the transfer starts.
    pub after: SimDuration,
    /// Consult between source and destination.
    pub consult: SimDuration,
    /// The source's post-consult action.
    pub action: PostConsult,
    /// How long the action lasts.
    pub action_duration: SimDuration,
    /// The destination leaves instead of the source.
    pub withdraw: bool,
    /// The customer's talk with the destination.
    pub talk_after: SimDuration,
    /// How long the customer waits on hold for a destination.
    pub hold_patience: Option<SimDuration>,
}

/// Redials decided and not yet due: the arena that
/// [`RedialDue`](super::event::Event::RedialDue) events index.
#[derive(Debug, Default)]
pub(super) struct Redials {
    /// Redials by slot (`None`: a free slot).
    pub(super) pending: Vec<Option<(SourceId, RedialTry)>>,
    /// Free slots of `pending`.
    pub(super) free: Vec<u32>,
    /// Decided while the current event was handled (slot, delay): they are
    /// scheduled once it is over (a contact ends where no scheduler is at
    /// hand).
    pub(super) decided: Vec<(u32, SimDuration)>,
}

/// Seconds drawn from a distribution → virtual milliseconds.
pub(super) fn secs(s: f64) -> SimDuration {
    SimDuration::from_secs_f64(s)
}

/// A part of a contact that few contacts have (a transfer plan, a campaign
/// call, an external party, a task's pause), kept out of line so that
/// every contact does not carry its bytes. At 10,000 agents about 9,000
/// contacts are in flight, each event touches one of them at random, and
/// their slots outgrow the caches: a contact padded by 512 bytes ran
/// M/M/10000 13.7 % slower (`results/bench/2026-12-04-issue14-hold/`). The
/// few contacts that have the part pay one allocation for it:
/// `all_methods.toml`, which has every kind, ran no slower (0.985,
/// `results/bench/2026-12-04-issue14-heap/`).
#[derive(Debug, Clone, Default)]
pub(super) struct Rare<T>(Option<Box<T>>);

impl<T: Copy> Rare<T> {
    /// The part absent.
    pub(super) const NONE: Rare<T> = Rare(None);

    /// A copy of the part, if present.
    #[inline]
    pub(super) fn get(&self) -> Option<T> {
        self.0.as_deref().copied()
    }

    /// Whether the part is present.
    #[inline]
    pub(super) fn is_some(&self) -> bool {
        self.0.is_some()
    }

    /// Sets the part (reusing its box when present).
    pub(super) fn set(&mut self, part: T) {
        match &mut self.0 {
            Some(b) => **b = part,
            None => self.0 = Some(Box::new(part)),
        }
    }

    /// Removes the part, returning it.
    pub(super) fn take(&mut self) -> Option<T> {
        self.0.take().map(|b| *b)
    }

    /// The part, made present (as its default) first if absent.
    pub(super) fn get_or_default(&mut self) -> &mut T
    where
        T: Default,
    {
        self.0.get_or_insert_with(Box::default)
    }
}
