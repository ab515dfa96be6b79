//! What the center tells the outside world as it runs: one [`ContactRecord`]
//! per contact, agent and queue time, and (optionally) every flow played.
//! Statistics and contact-record files are [`Observer`]s; the center never
//! holds records in memory.

use crate::engine::{SimDuration, SimTime};

use super::campaign_spec::CampaignLeg;
use super::criteria::CriteriaState;
use super::ids::{FlowId, GroupId, QueueId, SourceId};
use super::spec::{Channel, InitiationMethod};

/// How a contact ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Outcome {
    /// Talked to an agent.
    Handled,
    /// Hung up while queued.
    Abandoned,
    /// The inbound flow served it; no agent needed.
    SelfServed,
    /// Its queue was full.
    TurnedAway,
    /// The instance's concurrent-contact limit for its channel was reached
    /// (fast busy).
    Blocked,
    /// The customer took a callback offered in queue; a CALLBACK contact
    /// continues.
    CallbackRequested,
    /// A customer queue flow moved it to another queue; a QUEUE_TRANSFER
    /// contact continues.
    QueueTransferred,
    /// Its agent transferred it; a TRANSFER contact continues.
    TransferredOut,
    /// Nobody answered (outbound, API dial, or a callback's last attempt).
    Unanswered,
    /// Still in the center when the simulation stopped.
    InProgress,
}

impl Outcome {
    /// The snake_case name used in metrics and records.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Handled => "handled",
            Outcome::Abandoned => "abandoned",
            Outcome::SelfServed => "self_served",
            Outcome::TurnedAway => "turned_away",
            Outcome::Blocked => "blocked",
            Outcome::CallbackRequested => "callback_requested",
            Outcome::QueueTransferred => "queue_transferred",
            Outcome::TransferredOut => "transferred_out",
            Outcome::Unanswered => "unanswered",
            Outcome::InProgress => "in_progress",
        }
    }
}

/// Connect's `DisconnectReason`, for the values ccsim produces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DisconnectReason {
    /// The customer hung up (or the conversation ended from their side).
    CustomerDisconnect,
    /// The agent ended the conversation first — the customer stayed on the
    /// contact for its disconnect flow (a survey, a chat or task follow-up),
    /// which is recorded so even though the flow ends the contact later —
    /// or the agent left a transfer.
    AgentDisconnect,
    /// A flow ended the contact: self-service, callback request, queue move,
    /// a full queue.
    ContactFlowDisconnect,
    /// A dialled customer never answered.
    TelecomUnanswered,
    /// The instance turned the contact away (fast busy).
    TelecomBusy,
    /// The third party of a three-party call left it (an external party
    /// the agent added hung up).
    ThirdPartyDisconnect,
}

impl DisconnectReason {
    /// Connect's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            DisconnectReason::CustomerDisconnect => "CUSTOMER_DISCONNECT",
            DisconnectReason::AgentDisconnect => "AGENT_DISCONNECT",
            DisconnectReason::ContactFlowDisconnect => "CONTACT_FLOW_DISCONNECT",
            DisconnectReason::TelecomUnanswered => "TELECOM_UNANSWERED",
            DisconnectReason::TelecomBusy => "TELECOM_BUSY",
            DisconnectReason::ThirdPartyDisconnect => "THIRD_PARTY_DISCONNECT",
        }
    }
}

/// One contact's life, with Connect's contact-record timestamps as virtual
/// times (`None` where the contact never got there).
#[derive(Debug, Clone, PartialEq)]
pub struct ContactRecord {
    /// `ContactId`: a sequence number unique within the replication.
    pub id: u64,
    /// `InitialContactId`: the first contact of the chain (itself if none).
    pub initial_id: u64,
    /// `PreviousContactId`: the contact this one was created from.
    pub previous_id: Option<u64>,
    /// `NextContactId`: the contact created from this one.
    pub next_id: Option<u64>,
    /// `RelatedContactId`: the contact this one answers or was sent for
    /// (an AGENT_REPLY's inbound email, a FLOW email's contact).
    pub related_id: Option<u64>,
    /// `DisconnectReason`, once disconnected.
    pub disconnect_reason: Option<DisconnectReason>,
    /// The source its chain came from (`None` for agent-initiated outbound
    /// calls).
    pub source: Option<SourceId>,
    /// `Channel`.
    pub channel: Channel,
    /// `InitiationMethod`.
    pub method: InitiationMethod,
    /// How it ended.
    pub outcome: Outcome,
    /// `InitiationTimestamp`.
    pub initiated: SimTime,
    /// `ConnectedToSystemTimestamp`: when the customer's endpoint connected
    /// to the center. INBOUND, chat, a task's start: the initiation (a
    /// task's scheduled start); API voice, CALLBACK, OUTBOUND: when the
    /// customer answered (`None` if nobody did); TRANSFER, QUEUE_TRANSFER,
    /// DISCONNECT: the initiation (the customer is on the line already).
    /// `None` for a contact turned away by the instance limit (fast busy).
    pub connected_to_system: Option<SimTime>,
    /// When the chain's first contact was initiated (the customer first
    /// arrived): statistics count every contact of a chain in that contact's
    /// window and interval.
    pub chain_initiated: SimTime,
    /// The queue it was sent to (also for turned-away contacts).
    pub queue: Option<QueueId>,
    /// An OUTBOUND call's outbound queue (the agent's routing profile's
    /// default outbound queue): Connect names it in the record's `Queue`,
    /// with no enqueue or dequeue. Never counted as queued.
    pub outbound_queue: Option<QueueId>,
    /// `Queue.EnqueueTimestamp`. A callback's: when it entered the queue
    /// after its initial delay (retried: its first entry).
    pub enqueued: Option<SimTime>,
    /// When the offer it finally accepted was made.
    pub offered: Option<SimTime>,
    /// When an agent accepted it (start of the agent whisper).
    pub accepted: Option<SimTime>,
    /// `Queue.DequeueTimestamp`: end of the agent whisper, or the moment it
    /// abandoned. A callback's: the agent's accept (of its last attempt).
    pub dequeued: Option<SimTime>,
    /// `Agent.ConnectedToAgentTimestamp`: start of the conversation.
    pub connected: Option<SimTime>,
    /// `DisconnectTimestamp`: when the customer's endpoint left this
    /// contact. A customer who stayed for the disconnect flow leaves when
    /// the flow ends (or moves on to the DISCONNECT contact it queues), after
    /// the agent's disconnect, which is the ACW start.
    pub disconnected: Option<SimTime>,
    /// When the contact's disconnect flow started to play to the customer
    /// still on it (the agent's disconnect); `None`: none played.
    pub disconnect_flow: Option<SimTime>,
    /// `Agent.AfterContactWorkEndTimestamp`.
    pub acw_end: Option<SimTime>,
    /// The agent (index) and its group, once accepted.
    pub agent: Option<(u32, GroupId)>,
    /// (TRANSFER leg of an agent quick connect) the one agent (index) it
    /// waited for, and that agent's group.
    pub transfer_to_agent: Option<(u32, GroupId)>,
    /// Patience drawn for the customer (`None`: waits forever).
    pub patience: Option<SimDuration>,
    /// Talk time drawn for the customer.
    pub talk: SimDuration,
    /// `Agent.NumberOfHolds`.
    pub hold_count: u32,
    /// `Agent.CustomerHoldDuration`.
    pub hold_total: SimDuration,
    /// `Agent.LongestHoldDuration`.
    pub longest_hold: SimDuration,
    /// `Agent.AfterContactWorkDuration`.
    pub acw: SimDuration,
    /// Agent whisper played.
    pub agent_whisper: SimDuration,
    /// Customer whisper played.
    pub customer_whisper: SimDuration,
    /// Dialling and ringing before the customer answered (callback,
    /// outbound, API voice).
    pub dial_ring: SimDuration,
    /// Outbound whisper played to the callee (outbound, callback).
    pub outbound_whisper: SimDuration,
    /// Dial attempts of a callback.
    pub callback_attempts: u32,
    /// Whether the transfer leg or callback reached voicemail.
    pub voicemail: bool,
    /// Offers this contact missed before one was accepted.
    pub missed_offers: u32,
    /// Whisper draws cut at Connect's 2-minute limit.
    pub whispers_capped: u32,
    /// A campaign call's campaign and answering-machine detection.
    pub campaign: Option<CampaignLeg>,
    /// `RoutingCriteria`: the criteria the contact carried in its queue and
    /// where it stood in its steps (`None`: no criteria).
    pub routing_criteria: Option<CriteriaState>,
    /// (Sources with redials) which customer called and which try this is.
    pub redial: Option<RedialTry>,
    /// (EXTERNAL_OUTBOUND) the queue whose quick connect dialled the
    /// external party (its number is the `CustomerEndpoint`).
    pub external_of: Option<QueueId>,
    /// (MONITOR) the supervisor (index within its group) and its
    /// supervisor group (index).
    pub supervisor: Option<(u32, u16)>,
    /// (A conversation a supervisor group watches, chosen for monitoring)
    /// whether a supervisor monitored it.
    pub monitoring: Option<Monitoring>,
    /// (Tasks of a source whose tasks pause, once an agent started work on
    /// them) their pauses.
    pub pause: Option<PauseRecord>,
}

/// Whether a conversation chosen for monitoring was monitored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Monitoring {
    /// A supervisor of group `.0` (index) listened: a MONITOR contact is
    /// linked to it.
    Monitored(u16),
    /// No supervisor of group `.0` (index) was free when it started.
    Missed(u16),
}

/// A task's pauses (Connect's `TotalPauseCount`,
/// `TotalPauseDurationInSeconds`, `Agent.AgentPauseDurationInSeconds`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PauseRecord {
    /// `TotalPauseCount`: pauses.
    pub count: u32,
    /// `TotalPauseDurationInSeconds`: time paused, from each pause to its
    /// resume (a wait for the agent's free slot included). Every pause
    /// ccsim models is with the agent, so this is also
    /// `Agent.AgentPauseDurationInSeconds`.
    pub total: SimDuration,
    /// Of `total`, time ready to resume but waiting for a free task slot
    /// of the agent.
    pub resume_wait: SimDuration,
}

/// A customer of a source with redials, and which of its calls a contact
/// is: what ties a redial to the calls before it (Connect links none of
/// them; the customer's number does).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RedialTry {
    /// The customer: its first call's place in its source's arrival order.
    pub customer: u64,
    /// 0 for the first call, then 1, 2, … for each redial.
    pub tries: u32,
    /// When the customer first called (its first contact's initiation).
    pub first_initiated: SimTime,
    /// The customer will call again after this contact (decided when it
    /// ended unserved).
    pub again: bool,
}

impl ContactRecord {
    /// The record of contact `id`, initiated at `initiated`, as the first
    /// contact of its own chain: nothing has happened to it yet, and the
    /// customer's draws (patience, talk, holds) are not set.
    #[inline]
    pub fn new(
        id: u64,
        source: Option<SourceId>,
        channel: Channel,
        method: InitiationMethod,
        initiated: SimTime,
    ) -> Self {
        ContactRecord {
            id,
            initial_id: id,
            previous_id: None,
            next_id: None,
            related_id: None,
            disconnect_reason: None,
            source,
            channel,
            method,
            outcome: Outcome::InProgress,
            initiated,
            connected_to_system: None,
            chain_initiated: initiated,
            queue: None,
            outbound_queue: None,
            enqueued: None,
            offered: None,
            accepted: None,
            dequeued: None,
            connected: None,
            disconnected: None,
            disconnect_flow: None,
            acw_end: None,
            agent: None,
            transfer_to_agent: None,
            patience: None,
            talk: SimDuration::ZERO,
            hold_count: 0,
            hold_total: SimDuration::ZERO,
            longest_hold: SimDuration::ZERO,
            acw: SimDuration::ZERO,
            agent_whisper: SimDuration::ZERO,
            customer_whisper: SimDuration::ZERO,
            dial_ring: SimDuration::ZERO,
            outbound_whisper: SimDuration::ZERO,
            callback_attempts: 0,
            voicemail: false,
            missed_offers: 0,
            whispers_capped: 0,
            routing_criteria: None,
            redial: None,
            campaign: None,
            external_of: None,
            supervisor: None,
            monitoring: None,
            pause: None,
        }
    }

    /// Links this record after `previous` (a transfer, callback, queue move
    /// or disconnect-flow follow-up created it): it joins `previous`'s chain, and
    /// `previous`'s `NextContactId` points to it.
    pub(super) fn follow(&mut self, previous: &mut ContactRecord) {
        previous.next_id = Some(self.id);
        self.initial_id = previous.initial_id;
        self.previous_id = Some(previous.id);
        self.chain_initiated = previous.chain_initiated;
    }

    /// Sets the hold counters (`NumberOfHolds`, `CustomerHoldDuration`,
    /// `LongestHoldDuration`) to the holds of the conversation: the one
    /// place they are reset.
    pub(super) fn set_holds(&mut self, holds: &[SimDuration]) {
        self.hold_count = holds.len() as u32;
        self.hold_total = holds.iter().fold(SimDuration::ZERO, |a, b| a + *b);
        self.longest_hold = holds.iter().copied().max().unwrap_or(SimDuration::ZERO);
    }

    /// No holds on this contact.
    pub(super) fn clear_holds(&mut self) {
        self.set_holds(&[]);
    }

    /// Counts one more hold of `held` (the caller on hold for a transfer).
    pub(super) fn add_hold(&mut self, held: SimDuration) {
        self.hold_total += held;
        self.hold_count += 1;
        self.longest_hold = self.longest_hold.max(held);
    }

    /// `Queue.Duration`, as Connect writes it: enqueue to dequeue (includes
    /// the agent whisper, as Connect counts it) — except for a CALLBACK,
    /// whose `Queue.Duration` runs from the request (its initiation):
    /// the initial delay + the wait, as in Connect's worked example. Not
    /// what ccsim's wait metrics use: see [`ContactRecord::wait`].
    pub fn queue_duration(&self) -> Option<SimDuration> {
        match self.method {
            InitiationMethod::Callback => Some(self.dequeued? - self.initiated),
            _ => self.wait(),
        }
    }

    /// The wait ccsim's metrics use (wait histograms, ASA, service level,
    /// abandon time, maximum queued time): `EnqueueTimestamp` →
    /// `DequeueTimestamp`. The same as `Queue.Duration` except for a
    /// callback, whose wait starts when it entered the queue after its
    /// initial delay (a retried callback: its first entry, so the wait
    /// spans the earlier attempts and retry delays) and ends at the accept.
    pub fn wait(&self) -> Option<SimDuration> {
        Some(self.dequeued? - self.enqueued?)
    }

    /// Enqueue to the offer that was accepted.
    pub fn time_to_offer(&self) -> Option<SimDuration> {
        Some(self.offered? - self.enqueued?)
    }

    /// Agent accept to conversation start: the whispers (and, for a
    /// callback, dialling and ringing; for an outbound call, answer to
    /// connection — the outbound whisper).
    pub fn whisper_latency(&self) -> Option<SimDuration> {
        match self.method {
            InitiationMethod::Outbound => self.connected.map(|_| self.outbound_whisper),
            _ => Some(self.connected? - self.accepted?),
        }
    }

    /// `Agent.AfterContactWorkStartTimestamp`: the agent's disconnect, once
    /// its after-contact work is over (`None` before).
    pub fn acw_start(&self) -> Option<SimTime> {
        let end = self.acw_end?.as_millis();
        Some(SimTime(end.saturating_sub(self.acw.as_millis())))
    }

    /// Talk + hold + ACW.
    pub fn handle_time(&self) -> SimDuration {
        self.talk + self.hold_total + self.acw
    }

    /// Whether the contact had to wait for an agent: the offer an agent
    /// accepted did not come the instant it was queued (Erlang C's
    /// P(wait > 0)). A first offer that rang out sent the caller back to
    /// the queue, so it waited; one that hung up or was never answered
    /// waited too. A contact still in progress when the run stopped counts
    /// by its offer: one offered at once did not wait, though its
    /// conversation never ended.
    pub fn waited(&self) -> bool {
        match (self.enqueued, self.offered, self.outcome) {
            (
                Some(e),
                Some(o),
                Outcome::Handled | Outcome::TransferredOut | Outcome::InProgress,
            ) => o > e,
            (Some(_), _, _) => true,
            _ => false,
        }
    }
}

/// What an agent is doing, for occupancy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AgentActivity {
    /// Routable and idle.
    Available,
    /// Offered, whispering, talking, on hold or in ACW.
    OnContact,
    /// In the Missed state after a missed offer.
    Missed,
}

/// Where an agent's logged-in time goes, for agent-hours and realised
/// shrinkage (`agent_hours.csv`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AgentHours {
    /// On the phones: available, on a contact, or Missed — while due
    /// there.
    OnPhones,
    /// Finishing a contact past the moment the agent was due elsewhere (a
    /// break, aux, a planned activity, the end of its shift or a lower
    /// headcount).
    Overrun,
    /// On a break or lunch.
    Break,
    /// In aux (unavailable).
    Aux,
    /// In a planned activity off the phones (meeting, training).
    Planned,
}

impl AgentHours {
    /// All five, in report order.
    pub const ALL: [AgentHours; 5] = [
        AgentHours::OnPhones,
        AgentHours::Overrun,
        AgentHours::Break,
        AgentHours::Aux,
        AgentHours::Planned,
    ];
}

/// Who hears a flow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Party {
    /// The customer.
    Customer,
    /// The agent handling the contact (for a transfer: the destination).
    Agent,
    /// The agent who transferred the contact.
    SourceAgent,
}

/// One play of a flow, for traces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FlowPlay {
    /// The contact it played for.
    pub contact: u64,
    /// The flow.
    pub flow: FlowId,
    /// Who heard it.
    pub party: Party,
    /// When it started.
    pub start: SimTime,
    /// How long it played; `None` when it loops until something else happens
    /// (queue music).
    pub duration: Option<SimDuration>,
}

/// Receives what the center reports while it runs.
pub trait Observer {
    /// A contact ended (handled, abandoned, self-served, turned away).
    fn contact_ended(&mut self, record: &ContactRecord);
    /// A contact was still in progress at the horizon (it goes on and later
    /// ends or is reported unfinished).
    fn in_progress_at_horizon(&mut self, _record: &ContactRecord) {}
    /// A contact was still unfinished when the simulation stopped.
    fn contact_unfinished(&mut self, record: &ContactRecord);
    /// An agent of `group` spent `[from, to)` on `activity`.
    fn agent_time(&mut self, group: GroupId, activity: AgentActivity, from: SimTime, to: SimTime);
    /// `queue` held `contacts` contacts during `[from, to)`. Stretches at 0
    /// may go unreported (they add nothing to a queue's length).
    fn queue_level(&mut self, queue: QueueId, contacts: u32, from: SimTime, to: SimTime);
    /// One contact was counted in `queue`'s level during `[from, to)`: one
    /// stretch of its time in queue (a callback retried has one per
    /// attempt; every other contact one). Reported when it leaves the
    /// queue, or when the simulation stops with it still there (`to` the
    /// stop). The queue levels and these stretches add up to the same
    /// time (Little's law, exactly).
    fn queue_spell(&mut self, _queue: QueueId, _from: SimTime, _to: SimTime) {}
    /// An agent of `group` held `used` of its `capacity` slots of `channel`
    /// during `[from, to)` (capacity 0 while off shift or missed).
    fn agent_slots(
        &mut self,
        _group: GroupId,
        _channel: Channel,
        _used: u32,
        _capacity: u32,
        _from: SimTime,
        _to: SimTime,
    ) {
    }
    /// A flow was played.
    fn flow_played(&mut self, _play: &FlowPlay) {}
    /// The replication ended: everything has been reported.
    fn finished(&mut self) {}
    /// Agent `agent` (index) of `group` spent `[from, to)` as `hours`
    /// says (reported when that changes).
    fn agent_hours(
        &mut self,
        _agent: u32,
        _group: GroupId,
        _hours: AgentHours,
        _from: SimTime,
        _to: SimTime,
    ) {
    }
    /// `scheduled` agents of `group` were scheduled on shift during
    /// `[from, to)`, `present` of them not absent (a headcount: both the
    /// headcount).
    fn agent_scheduled(
        &mut self,
        _group: GroupId,
        _scheduled: u32,
        _present: u32,
        _from: SimTime,
        _to: SimTime,
    ) {
    }
}

/// Two observers fed the same reports (statistics and a record file, say).
impl<A: Observer, B: Observer> Observer for (A, B) {
    fn contact_ended(&mut self, r: &ContactRecord) {
        self.0.contact_ended(r);
        self.1.contact_ended(r);
    }
    fn in_progress_at_horizon(&mut self, r: &ContactRecord) {
        self.0.in_progress_at_horizon(r);
        self.1.in_progress_at_horizon(r);
    }
    fn contact_unfinished(&mut self, r: &ContactRecord) {
        self.0.contact_unfinished(r);
        self.1.contact_unfinished(r);
    }
    fn agent_time(&mut self, g: GroupId, a: AgentActivity, from: SimTime, to: SimTime) {
        self.0.agent_time(g, a, from, to);
        self.1.agent_time(g, a, from, to);
    }
    fn queue_level(&mut self, q: QueueId, n: u32, from: SimTime, to: SimTime) {
        self.0.queue_level(q, n, from, to);
        self.1.queue_level(q, n, from, to);
    }
    fn agent_slots(
        &mut self,
        g: GroupId,
        ch: Channel,
        used: u32,
        cap: u32,
        from: SimTime,
        to: SimTime,
    ) {
        self.0.agent_slots(g, ch, used, cap, from, to);
        self.1.agent_slots(g, ch, used, cap, from, to);
    }
    fn queue_spell(&mut self, q: QueueId, from: SimTime, to: SimTime) {
        self.0.queue_spell(q, from, to);
        self.1.queue_spell(q, from, to);
    }
    fn flow_played(&mut self, p: &FlowPlay) {
        self.0.flow_played(p);
        self.1.flow_played(p);
    }
    fn finished(&mut self) {
        self.0.finished();
        self.1.finished();
    }
    fn agent_hours(&mut self, a: u32, g: GroupId, h: AgentHours, from: SimTime, to: SimTime) {
        self.0.agent_hours(a, g, h, from, to);
        self.1.agent_hours(a, g, h, from, to);
    }
    fn agent_scheduled(&mut self, g: GroupId, s: u32, p: u32, from: SimTime, to: SimTime) {
        self.0.agent_scheduled(g, s, p, from, to);
        self.1.agent_scheduled(g, s, p, from, to);
    }
}
