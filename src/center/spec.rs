//! The validated, static description of a contact center: what the scenario
//! layer produces and the runtime is built from. Plain data, no runtime state.
//!
//! Every name reference has been resolved to an id, every distribution built,
//! every probability checked; the runtime can trust all of it.

use crate::engine::{Dist, SimDuration};

use super::campaign_spec::CampaignSpec;
use super::criteria::{CriteriaId, Proficiency, RoutingCriteriaSpec};
use super::ids::{FlowId, GroupId, ProfileId, QueueId, SourceId};
use super::shifts::{Calendar, ShiftAssignment, ShiftTemplate, Shrinkage};

/// Connect disconnects a whisper that runs longer than this.
pub const MAX_WHISPER: SimDuration = SimDuration::from_secs(120);

/// An offer the agent has not answered within this time is missed.
pub const OFFER_TIMEOUT: SimDuration = SimDuration::from_secs(20);

/// A whole contact center and how long to simulate it.
#[derive(Debug, Clone)]
pub struct CenterSpec {
    /// Scenario name (used for the output folder).
    pub name: String,
    /// Seed of every random stream.
    pub seed: u64,
    /// Independent replications to run.
    pub replications: u32,
    /// The wall-clock instant virtual time zero stands for, as Unix
    /// milliseconds (for ISO 8601 timestamps in records and reports).
    pub start_unix_ms: i64,
    /// The zone `start` was written in (`None`: UTC), for showing local
    /// times to people; files keep UTC instants.
    pub zone: Option<jiff::tz::TimeZone>,
    /// New contacts arrive in `[0, horizon)`.
    pub horizon: SimDuration,
    /// Length of a reporting and staffing interval.
    pub interval: SimDuration,
    /// Statistics of contacts initiated (and agent time spent) before this are
    /// discarded.
    pub warmup: SimDuration,
    /// After the horizon, contacts already in the center are followed for at
    /// most this long; any still unfinished are reported as in progress.
    pub drain: SimDuration,
    /// Queues.
    pub queues: Vec<QueueSpec>,
    /// Routing profiles.
    pub profiles: Vec<RoutingProfileSpec>,
    /// Agent groups.
    pub groups: Vec<AgentGroupSpec>,
    /// Shift templates the groups' shifts refer to (by index).
    pub shift_templates: Vec<ShiftTemplate>,
    /// Every flow: the defaults (redefined or not) and the scenario's own.
    pub flows: Vec<FlowSpec>,
    /// The flow that plays for each type when a contact sets none.
    pub defaults: DefaultFlows,
    /// Contact sources.
    pub sources: Vec<SourceSpec>,
    /// Concurrent active contacts per channel the instance allows (`None`:
    /// unlimited); beyond, contacts are turned away (fast busy).
    pub instance_limits: [Option<u32>; Channel::COUNT],
    /// Routing criteria sources and queue branches set on contacts.
    pub routing_criteria: Vec<RoutingCriteriaSpec>,
    /// Outbound campaigns.
    pub campaigns: Vec<CampaignSpec>,
    /// Supervisor groups that monitor conversations (MONITOR).
    pub supervisor_groups: Vec<super::xmon_spec::SupervisorGroupSpec>,
}

impl CenterSpec {
    /// The calendar of its days and times of day: in the zone `start` was
    /// written in (see [`Calendar::in_zone`]). Every shift, weekday and
    /// schedule reads it from here, so none falls back to UTC.
    pub fn calendar(&self) -> Calendar {
        Calendar::in_zone(self.start_unix_ms, self.zone.as_ref())
    }

    /// The transfer behaviour of a contact from `source` that an agent of
    /// `group` answered from `queue`: transfers are the handling agent's
    /// action, so the queue's rule for that group comes first, then the
    /// queue's rule, then (for backward compatibility) the source's.
    pub fn transfer_for(
        &self,
        queue: Option<QueueId>,
        group: GroupId,
        source: SourceId,
    ) -> Option<&TransferSpec> {
        let q = queue.map(|q| &self.queues[q.index()]);
        q.and_then(|q| {
            q.transfer_by_group
                .iter()
                .find(|(g, _)| *g == group)
                .map(|(_, t)| t)
                .or(q.transfer.as_ref())
        })
        .or(self.sources[source.index()].customer.transfer.as_ref())
    }

    /// Every transfer rule of the scenario: the queues' (their own, then
    /// per group), then the sources'.
    pub fn transfer_rules(&self) -> impl Iterator<Item = &TransferSpec> {
        self.queues
            .iter()
            .flat_map(|q| {
                q.transfer
                    .iter()
                    .chain(q.transfer_by_group.iter().map(|(_, t)| t))
            })
            .chain(
                self.sources
                    .iter()
                    .filter_map(|s| s.customer.transfer.as_ref()),
            )
    }

    /// Whether any agent may transfer any contact (a queue's or a source's
    /// transfer rule exists).
    pub fn has_transfers(&self) -> bool {
        self.transfer_rules().next().is_some()
    }

    /// Number of reporting intervals covering the horizon (the last may be
    /// partial).
    pub fn interval_count(&self) -> usize {
        let i = self.interval.as_millis().max(1);
        self.horizon.as_millis().div_ceil(i).max(1) as usize
    }
}

/// A queue where contacts wait for an agent.
#[derive(Debug, Clone)]
pub struct QueueSpec {
    /// Name, as in the scenario and reports.
    pub name: String,
    /// Maximum contacts in queue; a contact arriving to a full queue is turned
    /// away. `None`: unlimited.
    pub capacity: Option<u32>,
    /// Service-level thresholds reported for this queue.
    pub service_level_thresholds: Vec<SimDuration>,
    /// For an agent queue (target of agent transfers), its group: the
    /// queue that reports, for the whole group, the transfers that each
    /// wait for one named agent of it.
    pub agent_queue_of: Option<GroupId>,
    /// The outbound whisper flow an agent's OUTBOUND call plays when this
    /// is the agent's outbound queue; `None`: Connect's default.
    pub outbound_whisper: Option<FlowId>,
    /// What staffing must achieve for this queue (`ccsim staff`).
    pub targets: Option<QueueTargets>,
    /// How agents transfer the contacts they answer from this queue
    /// (`None`: the customer's source decides).
    pub transfer: Option<TransferSpec>,
    /// Per agent group, how that group's agents transfer the contacts they
    /// answer from this queue (overrides `transfer`).
    pub transfer_by_group: Vec<(GroupId, TransferSpec)>,
    /// Service-level thresholds for this queue's EMAIL contacts (hours,
    /// typically): reported as `email_service_level_<T>` apart from the
    /// seconds thresholds of voice and chat. Empty: none.
    pub email_service_level_thresholds: Vec<SimDuration>,
    /// External parties its agents add to voice conversations
    /// (EXTERNAL_OUTBOUND).
    pub external: Option<super::xmon_spec::ExternalSpec>,
}

/// Which service-level definition a target uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ServiceLevelDefinition {
    /// Answered within the threshold ÷ queued (abandons are misses).
    AnsweredWithin,
    /// Connect's: removed from the queue within the threshold (answered,
    /// abandoned, turned into a callback; a move to another queue is not a
    /// removal) ÷ queued.
    Connect,
}

/// Staffing targets of a queue.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct QueueTargets {
    /// Service level: at least `target` (a share) within `threshold`.
    pub service_level: Option<(SimDuration, f64, ServiceLevelDefinition)>,
    /// Abandoned ÷ queued at most this.
    pub max_abandonment_rate: Option<f64>,
    /// Average speed of answer at most this.
    pub max_asa: Option<SimDuration>,
}

/// The queues a routing profile serves, with priority and delay.
#[derive(Debug, Clone)]
pub struct RoutingProfileSpec {
    /// Name.
    pub name: String,
    /// Served queues.
    pub queues: Vec<ProfileQueue>,
    /// Maximum simultaneous contacts per channel, indexed by
    /// [`Channel::index`] (voice 1; chat and task 1–10).
    pub concurrency: [u32; Channel::COUNT],
    /// Per channel: while handling a contact of this channel, may the agent
    /// be offered contacts of *other* channels? (Connect's cross-channel
    /// behaviour: `false` = "no other channels".)
    pub cross_channel: [bool; Channel::COUNT],
    /// Whether an outbound call moves the agent to the back of the idle
    /// order, as every other contact does.
    pub outbound_moves_to_back: bool,
    /// The default outbound queue: the queue an agent's outbound call is
    /// placed through (its outbound whisper; named in the record).
    pub outbound_queue: Option<QueueId>,
}

impl RoutingProfileSpec {
    /// Whether an agent carrying `load` contacts per channel may be offered
    /// one more contact of `channel`: a free slot on that channel, and every
    /// other channel it is busy on allows other channels.
    pub fn can_accept(&self, load: [u32; Channel::COUNT], channel: Channel) -> bool {
        let c = channel.index();
        load[c] < self.concurrency[c]
            && Channel::ALL
                .iter()
                .all(|x| x.index() == c || load[x.index()] == 0 || self.cross_channel[x.index()])
    }

    /// [`RoutingProfileSpec::can_accept`] for every channel at once: bit
    /// `c` is set when channel `c` may be offered. Routing asks this of
    /// each queue and channel an agent takes on every release, so it is
    /// worked out once per agent, not once per channel asked.
    pub fn accepts(&self, load: [u32; Channel::COUNT]) -> u8 {
        // Busy channels that allow no other beside them, and channels with
        // a free slot.
        let (mut exclusive, mut free) = (0u8, 0u8);
        for (c, &l) in load.iter().enumerate() {
            exclusive |= (u8::from(l > 0) & u8::from(!self.cross_channel[c])) << c;
            free |= u8::from(l < self.concurrency[c]) << c;
        }
        // How many exclusive channels, by bit tricks rather than a
        // population count (which this target's baseline has no instruction
        // for): `x & (x - 1)` clears the lowest set bit.
        if exclusive == 0 {
            free
        } else if exclusive & (exclusive - 1) == 0 {
            // Only that channel, if it has room.
            free & exclusive
        } else {
            0
        }
    }
}

/// One queue of a routing profile.
#[derive(Debug, Clone, Copy)]
pub struct ProfileQueue {
    /// The queue.
    pub queue: QueueId,
    /// 1 is highest; an agent takes from the highest-priority queue first.
    pub priority: u32,
    /// A contact must have waited this long before this profile may take it.
    pub delay: SimDuration,
    /// The channels this profile takes from the queue.
    pub channels: [bool; Channel::COUNT],
}

/// A staffing unit: headcount over time, one routing profile and how its
/// agents answer.
#[derive(Debug, Clone)]
pub struct AgentGroupSpec {
    /// Name.
    pub name: String,
    /// Routing profile of every agent in the group.
    pub profile: ProfileId,
    /// Headcount in each interval (one value per interval of the horizon).
    /// With `shifts`, the scheduled count per interval (for reports): the
    /// shifts, not this, staff the group.
    pub headcount: Vec<u32>,
    /// Shifts staffing the group instead of `headcount`; `None`: the
    /// headcount per interval staffs it.
    pub shifts: Option<Vec<ShiftAssignment>>,
    /// Absenteeism, aux time and planned time off the phones.
    pub shrinkage: Shrinkage,
    /// Whether agents auto-accept offers of voice, chat and task contacts
    /// (the default of those channels; callbacks have their own setting).
    /// Decide with [`AgentGroupSpec::auto_accepts`].
    pub auto_accept: bool,
    /// Per-channel auto-accept, indexed by [`AgentGroupSpec::slot`]
    /// (voice, chat, task, callback); `None`: the default.
    pub auto_accept_by_channel: [Option<bool>; 5],
    /// Time to connect an auto-accepted offer (Connect: under a second).
    pub auto_accept_delay: Dist,
    /// Time a manually accepting agent takes to answer, on every channel
    /// that sets none of its own; beyond [`OFFER_TIMEOUT`] the offer is
    /// missed. Draw it with [`AgentGroupSpec::answer`].
    pub answer_delay: Dist,
    /// Per-channel answer delay, indexed by [`AgentGroupSpec::slot`];
    /// `None`: the default (a callback's is its channel's, voice).
    pub answer_by_channel: [Option<Dist>; 5],
    /// Probability that a manually accepting agent misses an offer outright.
    pub miss_probability: f64,
    /// How long an agent stays in the Missed state before being routable
    /// again.
    pub missed_recovery: Dist,
    /// After-contact work following a handled contact, on every channel
    /// that sets none of its own. Draw it with [`AgentGroupSpec::acw`].
    pub after_contact_work: Dist,
    /// Per-channel after-contact work, indexed by [`AgentGroupSpec::slot`]
    /// (voice, chat, task, callback); `None`: the default (a callback's is
    /// its channel's, voice).
    pub acw_by_channel: [Option<Dist>; 5],
    /// Outbound calls the group's agents place from the CCP, if any.
    pub outbound: Option<OutboundSpec>,
    /// Staffing target: occupancy at most this (`ccsim staff`).
    pub max_occupancy: Option<f64>,
    /// What every agent of the group is proficient in (routing criteria).
    pub proficiencies: Vec<Proficiency>,
}

impl AgentGroupSpec {
    /// Staffs the group by `headcount` per interval: a group staffed by
    /// shifts leaves its shifts and shrinkage aside (the runtime follows
    /// shifts when it has them, and applies shrinkage only to shifts).
    pub fn set_headcount(&mut self, headcount: Vec<u32>) {
        self.headcount = headcount;
        self.shifts = None;
        self.shrinkage = Shrinkage::none();
    }

    /// The keys of the per-channel settings, in [`AgentGroupSpec::slot`]
    /// order: Connect configures auto-accept and the ACW timeout per
    /// channel, with agent-first callbacks apart (on voice).
    pub const SLOTS: [&'static str; 5] = ["voice", "chat", "task", "email", "callback"];

    /// The per-channel settings' slot of a contact of `channel` (a callback
    /// if `is_callback`).
    pub fn slot(channel: Channel, is_callback: bool) -> usize {
        if is_callback {
            Channel::COUNT
        } else {
            channel.index()
        }
    }

    /// Whether the group's agents auto-accept an offer of a contact of
    /// `channel` (a callback if `is_callback`). Voice, chat and task
    /// default to the group's `auto_accept`; a callback is auto-accepted
    /// only where the group sets it (Connect's agent-first callback
    /// auto-accept is a setting of its own, off unless set).
    pub fn auto_accepts(&self, channel: Channel, is_callback: bool) -> bool {
        let set = self.auto_accept_by_channel[Self::slot(channel, is_callback)];
        if is_callback {
            set.unwrap_or(false)
        } else {
            set.unwrap_or(self.auto_accept)
        }
    }

    /// The answer delay of a hand-accepted offer of `channel` (a callback
    /// if `is_callback`): the channel's own, else the group's; a callback
    /// without its own takes its channel's.
    pub fn answer(&self, channel: Channel, is_callback: bool) -> &Dist {
        Self::by_channel(&self.answer_by_channel, channel, is_callback)
            .unwrap_or(&self.answer_delay)
    }

    /// The after-contact work following a contact of `channel` (a callback
    /// if `is_callback`): the channel's own, else the group's; a callback
    /// without its own takes its channel's.
    pub fn acw(&self, channel: Channel, is_callback: bool) -> &Dist {
        Self::by_channel(&self.acw_by_channel, channel, is_callback)
            .unwrap_or(&self.after_contact_work)
    }

    /// The setting of `by` (indexed by [`AgentGroupSpec::slot`]) for a
    /// contact of `channel` (a callback if `is_callback`): the slot's own,
    /// a callback's else its channel's; `None` where neither is set.
    fn by_channel(by: &[Option<Dist>; 5], channel: Channel, is_callback: bool) -> Option<&Dist> {
        by[Self::slot(channel, is_callback)]
            .as_ref()
            .or(by[Self::slot(channel, false)].as_ref())
    }
}

/// Agent-initiated outbound calling (OUTBOUND).
#[derive(Debug, Clone)]
pub struct OutboundSpec {
    /// Calls each agent places per hour while nothing waits for it.
    pub calls_per_hour: f64,
    /// Ringing until the callee answers or the call gives up (≤ 60 s).
    pub ring: Dist,
    /// Probability that the callee answers.
    pub answer_probability: f64,
    /// Talk time of an answered call.
    pub talk: Dist,
}

/// Flow types (Connect's), by whom they are heard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FlowType {
    /// Inbound flow (`CONTACT_FLOW`): the customer's IVR; decides self-service
    /// and the queue, and may set the other flows.
    Inbound,
    /// Plays to a queued customer until an agent takes the contact.
    CustomerQueue,
    /// Plays to the customer while on hold.
    CustomerHold,
    /// Plays to the customer just before the conversation.
    CustomerWhisper,
    /// Plays to the callee of an outbound call or a callback.
    OutboundWhisper,
    /// Plays to the agent while the customer is on hold.
    AgentHold,
    /// Plays to the agent on accepting, while the customer is still queued.
    AgentWhisper,
    /// Plays to the source agent of a transfer to an agent.
    AgentTransfer,
    /// Plays to the source agent of a transfer to a queue.
    QueueTransfer,
}

impl FlowType {
    /// All nine, in documentation order.
    pub const ALL: [FlowType; 9] = [
        FlowType::Inbound,
        FlowType::CustomerQueue,
        FlowType::CustomerHold,
        FlowType::CustomerWhisper,
        FlowType::OutboundWhisper,
        FlowType::AgentHold,
        FlowType::AgentWhisper,
        FlowType::AgentTransfer,
        FlowType::QueueTransfer,
    ];

    /// The scenario-file spelling.
    pub fn key(self) -> &'static str {
        match self {
            FlowType::Inbound => "inbound",
            FlowType::CustomerQueue => "customer_queue",
            FlowType::CustomerHold => "customer_hold",
            FlowType::CustomerWhisper => "customer_whisper",
            FlowType::OutboundWhisper => "outbound_whisper",
            FlowType::AgentHold => "agent_hold",
            FlowType::AgentWhisper => "agent_whisper",
            FlowType::AgentTransfer => "agent_transfer",
            FlowType::QueueTransfer => "queue_transfer",
        }
    }

    /// The name of Connect's default flow of this type.
    pub fn default_name(self) -> &'static str {
        match self {
            FlowType::Inbound => "Default inbound",
            FlowType::CustomerQueue => "Default customer queue",
            FlowType::CustomerHold => "Default customer hold",
            FlowType::CustomerWhisper => "Default customer whisper",
            FlowType::OutboundWhisper => "Default outbound",
            FlowType::AgentHold => "Default agent hold",
            FlowType::AgentWhisper => "Default agent whisper",
            FlowType::AgentTransfer => "Default agent transfer",
            FlowType::QueueTransfer => "Default queue transfer",
        }
    }

    /// The default flow's duration, in seconds, or `None` for the types that
    /// play for as long as the situation lasts (queue and hold music).
    ///
    /// The values follow Connect's default flows: the agent whisper speaks
    /// the queue name (~2 s), the customer whisper is a beep (< 1 s), the
    /// default outbound whisper says "this call is not being recorded"
    /// (~3 s), the transfer flows say "transferring now" (~2 s). The default
    /// inbound flow passes the contact straight to its queue.
    pub fn default_duration_secs(self) -> Option<f64> {
        match self {
            FlowType::Inbound => Some(0.0),
            FlowType::CustomerQueue | FlowType::CustomerHold | FlowType::AgentHold => None,
            FlowType::CustomerWhisper => Some(0.5),
            FlowType::OutboundWhisper => Some(3.0),
            FlowType::AgentWhisper | FlowType::AgentTransfer | FlowType::QueueTransfer => Some(2.0),
        }
    }

    /// Whether the type is a whisper (capped at [`MAX_WHISPER`]).
    pub fn is_whisper(self) -> bool {
        matches!(
            self,
            FlowType::CustomerWhisper | FlowType::OutboundWhisper | FlowType::AgentWhisper
        )
    }

    /// Whether the flow plays for as long as the situation lasts, so it has
    /// no duration of its own.
    pub fn is_looping(self) -> bool {
        self.default_duration_secs().is_none()
    }
}

/// A flow: its type, how long it takes, the branches it decides, and the flows
/// it sets on the contact.
#[derive(Debug, Clone)]
pub struct FlowSpec {
    /// Name (a default flow keeps Connect's name, e.g. "Default agent whisper").
    pub name: String,
    /// Type.
    pub flow_type: FlowType,
    /// How long one play takes; `None` for looping types.
    pub duration: Option<Dist>,
    /// Inbound flows: probability that the flow serves the customer alone
    /// (self-service) and disconnects without an agent; as a disconnect
    /// flow with queue branches, that it does not queue the contact again.
    pub self_service: f64,
    /// Inbound flows: the queue branches, in order, with cumulative
    /// probabilities (the last is 1). Empty: the source's own queue (as a
    /// disconnect flow: it never queues the contact again).
    pub branches: Vec<QueueBranch>,
    /// The flows this one sets (Set … flow blocks before any branch).
    /// Inbound flows: on every contact they handle (a queue branch may
    /// override them); agent and queue transfer flows: on the leg they
    /// create, over what the leg inherits from the transferred contact.
    pub sets: FlowOverrides,
    /// Inbound flows: the flow's own "Change routing priority / age" block
    /// (a branch's block overrides it).
    pub routing: RoutingChange,
    /// Customer queue flows: routing changes after some time in queue, in
    /// the order they were written.
    pub change_routing: Vec<TimedRoutingChange>,
    /// Customer queue flows: offer a callback after some time in queue.
    pub callback: Option<CallbackOffer>,
    /// Customer queue flows: move the contact to another queue after some
    /// time (QUEUE_TRANSFER).
    pub move_to_queue: Option<QueueMove>,
    /// Inbound flows: a Send message block that emails the customer (an
    /// acknowledgement, an auto-reply): a FLOW contact on EMAIL.
    pub send_email: Option<FlowEmail>,
}

/// An email a flow sends (Connect's `FLOW` initiation method): its own
/// contact on EMAIL, with no agent, related to the contact whose flow sent
/// it.
#[derive(Debug, Clone)]
pub struct FlowEmail {
    /// Probability that the flow sends it to a contact going through.
    pub probability: f64,
    /// How long the outbound email is active (holding an email line of the
    /// instance) before it is sent; `None`: sent at once, holding no line.
    pub sending: Option<Dist>,
}

/// An agent's reply to an inbound email (Connect's `AGENT_REPLY`): a new
/// EMAIL contact linked to the inbound one, which the same agent writes.
#[derive(Debug, Clone)]
pub struct EmailReply {
    /// Probability that the agent's handling of an inbound email ends with
    /// a reply.
    pub probability: f64,
    /// Time the agent spends writing the reply (the reply contact's agent
    /// interaction; its after-contact work follows).
    pub writing: Dist,
}

impl FlowSpec {
    /// Every set of overrides this flow can put on a contact: its own and
    /// each queue branch's.
    pub fn all_sets(&self) -> impl Iterator<Item = &FlowOverrides> {
        std::iter::once(&self.sets).chain(self.branches.iter().map(|b| &b.sets))
    }
}

/// One queue branch of an inbound flow: the queue, how likely it is, and
/// the flows set on the contacts that take it (Set … flow blocks placed on
/// the branch, after the branch decision).
#[derive(Debug, Clone)]
pub struct QueueBranch {
    /// The queue the branch transfers the contact to.
    pub queue: QueueId,
    /// Cumulative probability of this branch and the ones before it.
    pub cumulative: f64,
    /// Flows set on this branch; they override the flow's own `sets`.
    pub sets: FlowOverrides,
    /// The branch's "Change routing priority / age" block; it overrides
    /// the flow's own `routing`, setting by setting.
    pub routing: RoutingChange,
    /// The branch's "Set routing criteria" block; it overrides the
    /// source's.
    pub routing_criteria: Option<CriteriaId>,
}

/// Connect's routing priority of a contact nothing has changed (1 is the
/// highest).
pub const DEFAULT_ROUTING_PRIORITY: u64 = 5;

/// A "Change routing priority / age" block: sets the contact's routing
/// priority and/or adjusts its routing age. Within a queue, contacts are
/// taken by priority (1 first), then by routing age (oldest first).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RoutingChange {
    /// Set priority: the contact's routing priority from now on (1 is the
    /// highest); `None`: unchanged.
    pub priority: Option<u64>,
    /// Adjust by time: milliseconds added to the contact's routing age
    /// (negative: subtracted), which makes it look older (younger) than it
    /// is; `None`: unchanged.
    pub add_age_ms: Option<i64>,
}

impl RoutingChange {
    /// This block where it says something, else `fallback`: a queue
    /// branch's block overrides its flow's, setting by setting.
    pub fn or(self, fallback: RoutingChange) -> RoutingChange {
        RoutingChange {
            priority: self.priority.or(fallback.priority),
            add_age_ms: self.add_age_ms.or(fallback.add_age_ms),
        }
    }
}

/// A routing change a customer queue flow makes to a contact still waiting
/// after some time in queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimedRoutingChange {
    /// Time in queue (since the contact entered this queue) before the
    /// change.
    pub after: SimDuration,
    /// The change.
    pub change: RoutingChange,
}

/// A callback offered by a customer queue flow.
#[derive(Debug, Clone)]
pub struct CallbackOffer {
    /// Time in queue before the offer plays.
    pub offer_after: SimDuration,
    /// Probability that a customer takes it.
    pub take_probability: f64,
    /// Time from the request until the callback is queued.
    pub initial_delay: SimDuration,
    /// Attempts before giving up.
    pub max_attempts: u32,
    /// Wait between an unanswered attempt and the next.
    pub retry_delay: SimDuration,
    /// Queue of the callback contact (`None`: the same queue).
    pub queue: Option<QueueId>,
    /// Ringing until the customer answers or the attempt gives up.
    pub ring: Dist,
    /// Probability that the customer answers an attempt in person.
    pub answer_probability: f64,
    /// Probability that voicemail answers instead (counts as answered).
    pub voicemail_probability: f64,
    /// Time the agent spends leaving a voicemail.
    pub voicemail: Dist,
    /// The conversation when the customer answers (`None`: the talk drawn
    /// for the contact that asked for the callback).
    pub talk: Option<Dist>,
}

/// A move to another queue by a customer queue flow.
#[derive(Debug, Clone, Copy)]
pub struct QueueMove {
    /// The destination queue.
    pub queue: QueueId,
    /// Time in queue before the move.
    pub after: SimDuration,
}

/// Flows set on a contact by Set customer queue flow, Set whisper flow,
/// Set hold flow, Set disconnect flow blocks (of its inbound flow, the
/// flow's queue branch, or a transfer flow). `None`: not set here.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FlowOverrides {
    /// Set customer queue flow.
    pub customer_queue: Option<FlowId>,
    /// Set hold flow (customer).
    pub customer_hold: Option<FlowId>,
    /// Set hold flow (agent).
    pub agent_hold: Option<FlowId>,
    /// Set whisper flow (agent).
    pub agent_whisper: Option<FlowId>,
    /// Set whisper flow (customer).
    pub customer_whisper: Option<FlowId>,
    /// Set whisper flow (outbound).
    pub outbound_whisper: Option<FlowId>,
    /// Set disconnect flow.
    pub disconnect: Option<FlowId>,
}

impl FlowOverrides {
    /// These settings with `later`'s applied on top: a flow `later` sets
    /// replaces this one's; what `later` leaves unset stays.
    pub fn overridden_by(self, later: FlowOverrides) -> FlowOverrides {
        FlowOverrides {
            customer_queue: later.customer_queue.or(self.customer_queue),
            customer_hold: later.customer_hold.or(self.customer_hold),
            agent_hold: later.agent_hold.or(self.agent_hold),
            agent_whisper: later.agent_whisper.or(self.agent_whisper),
            customer_whisper: later.customer_whisper.or(self.customer_whisper),
            outbound_whisper: later.outbound_whisper.or(self.outbound_whisper),
            disconnect: later.disconnect.or(self.disconnect),
        }
    }
}

/// The flow of each type that plays when a contact sets none.
#[derive(Debug, Clone, Copy)]
pub struct DefaultFlows {
    ids: [FlowId; 9],
}

impl DefaultFlows {
    /// Builds the table from one id per type, in [`FlowType::ALL`] order.
    pub fn new(ids: [FlowId; 9]) -> Self {
        DefaultFlows { ids }
    }

    /// The default flow of `t`.
    pub fn get(&self, t: FlowType) -> FlowId {
        let i = FlowType::ALL.iter().position(|x| *x == t).unwrap_or(0);
        self.ids[i]
    }
}

/// Channels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Channel {
    /// Voice calls.
    Voice,
    /// Chats.
    Chat,
    /// Tasks.
    Task,
    /// Emails.
    Email,
}

impl Channel {
    /// How many there are: the length of per-channel arrays.
    pub const COUNT: usize = 4;

    /// All four, in index order.
    pub const ALL: [Channel; Channel::COUNT] =
        [Channel::Voice, Channel::Chat, Channel::Task, Channel::Email];

    /// Connect's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Voice => "VOICE",
            Channel::Chat => "CHAT",
            Channel::Task => "TASK",
            Channel::Email => "EMAIL",
        }
    }

    /// Index into per-channel arrays.
    pub fn index(self) -> usize {
        self as usize
    }
}

/// How a contact started (Connect's `InitiationMethod`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum InitiationMethod {
    /// The customer called a number.
    Inbound,
    /// An agent dialled out from the CCP.
    Outbound,
    /// An agent transferred the contact with a quick connect (a new leg).
    Transfer,
    /// Connect called the customer back.
    Callback,
    /// Started by StartOutboundVoiceContact, StartChatContact or
    /// StartTaskContact.
    Api,
    /// A customer queue flow moved the contact to another queue.
    QueueTransfer,
    /// A disconnect flow ran after the contact disconnected.
    Disconnect,
    /// A supervisor monitored (listened to or barged into) a contact.
    Monitor,
    /// An agent added an external party to a call (a linked leg).
    ExternalOutbound,
    /// In-app or web voice started through the API (StartWebRTCContact).
    WebrtcApi,
    /// An agent replied to an email (a new contact linked to the inbound one).
    AgentReply,
    /// A flow sent an email.
    Flow,
}

impl InitiationMethod {
    /// All twelve: the seven of the seed, then the five Connect added since.
    pub const ALL: [InitiationMethod; 12] = [
        InitiationMethod::Inbound,
        InitiationMethod::Outbound,
        InitiationMethod::Transfer,
        InitiationMethod::Callback,
        InitiationMethod::Api,
        InitiationMethod::QueueTransfer,
        InitiationMethod::Disconnect,
        InitiationMethod::Monitor,
        InitiationMethod::ExternalOutbound,
        InitiationMethod::WebrtcApi,
        InitiationMethod::AgentReply,
        InitiationMethod::Flow,
    ];

    /// Connect's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            InitiationMethod::Inbound => "INBOUND",
            InitiationMethod::Outbound => "OUTBOUND",
            InitiationMethod::Transfer => "TRANSFER",
            InitiationMethod::Callback => "CALLBACK",
            InitiationMethod::Api => "API",
            InitiationMethod::QueueTransfer => "QUEUE_TRANSFER",
            InitiationMethod::Disconnect => "DISCONNECT",
            InitiationMethod::Monitor => "MONITOR",
            InitiationMethod::ExternalOutbound => "EXTERNAL_OUTBOUND",
            InitiationMethod::WebrtcApi => "WEBRTC_API",
            InitiationMethod::AgentReply => "AGENT_REPLY",
            InitiationMethod::Flow => "FLOW",
        }
    }
}

/// How a source's contacts start.
#[derive(Debug, Clone)]
pub enum SourceKind {
    /// Customers call in (INBOUND, voice).
    Inbound,
    /// StartOutboundVoiceContact: Connect dials the customer, then the
    /// inbound flow runs (API, voice).
    ApiVoice {
        /// Ringing until answer or give-up.
        ring: Dist,
        /// Probability that the customer answers.
        answer_probability: f64,
    },
    /// StartChatContact (API, chat).
    ApiChat,
    /// StartTaskContact (API, task), optionally scheduled for later.
    ApiTask {
        /// Time from the request until the task starts; `None`: at once.
        scheduled_after: Option<Dist>,
    },
    /// Customers email the center (INBOUND, email): the email goes through
    /// the inbound flow to a queue; the agent may reply.
    InboundEmail {
        /// The agents' replies; `None`: no email of this source gets one.
        reply: Option<EmailReply>,
    },
    /// StartWebRTCContact: an in-app or web voice call placed through the
    /// API, then handled as INBOUND (WEBRTC_API, voice).
    Webrtc,
}

impl SourceKind {
    /// Initiation method of the source's contacts.
    pub fn method(&self) -> InitiationMethod {
        match self {
            SourceKind::Inbound | SourceKind::InboundEmail { .. } => InitiationMethod::Inbound,
            SourceKind::Webrtc => InitiationMethod::WebrtcApi,
            _ => InitiationMethod::Api,
        }
    }

    /// Channel of the source's contacts.
    pub fn channel(&self) -> Channel {
        match self {
            SourceKind::Inbound | SourceKind::ApiVoice { .. } | SourceKind::Webrtc => {
                Channel::Voice
            }
            SourceKind::ApiChat => Channel::Chat,
            SourceKind::ApiTask { .. } => Channel::Task,
            SourceKind::InboundEmail { .. } => Channel::Email,
        }
    }
}

/// A source of contacts: who arrives, when, through which flow, and how they
/// behave.
#[derive(Debug, Clone)]
pub struct SourceSpec {
    /// Name.
    pub name: String,
    /// How its contacts start (and so their method and channel).
    pub kind: SourceKind,
    /// When its contacts arrive.
    pub arrivals: Arrivals,
    /// How many arrive in each interval: a Poisson count around its volume,
    /// or the volume itself (rates only; exact times are exact already).
    pub arrival_counts: ArrivalCounts,
    /// The inbound flow its contacts enter.
    pub inbound_flow: FlowId,
    /// The queue used when the inbound flow does not choose one.
    pub queue: Option<QueueId>,
    /// The routing priority its contacts start with (1 is the highest;
    /// Connect's default [`DEFAULT_ROUTING_PRIORITY`]).
    pub routing_priority: u64,
    /// The routing criteria its contacts carry, unless their inbound
    /// flow's queue branch sets another.
    pub routing_criteria: Option<CriteriaId>,
    /// How its customers behave.
    pub customer: CustomerSpec,
    /// Customers who abandon or are turned away call again
    /// ([`redial`](super::methods::redial)); `None`: they never do.
    pub redial: Option<RedialSpec>,
    /// (Task sources) its tasks may pause while an agent works them
    /// ([`task_pause`](super::methods::task_pause)); `None`: they never do.
    pub pause: Option<PauseSpec>,
}

/// Tasks that pause (Connect's PauseContact / ResumeContact): while an
/// agent works a task, with `probability` it is paused `after` that much
/// of its work, frees the agent's task slot, and after `duration` resumes
/// with the same agent.
#[derive(Debug, Clone)]
pub struct PauseSpec {
    /// Probability that the task pauses, decided afresh before each pause.
    pub probability: f64,
    /// Work done (since the conversation started or last resumed) before
    /// the pause; a pause that would fall at or after the end of the work
    /// does not happen.
    pub after: Dist,
    /// How long the task stays paused before it is ready to resume.
    pub duration: Dist,
    /// Pauses per task at most.
    pub max_pauses: u32,
}

/// Redials after abandonment: a customer who abandons in queue or is turned
/// away (a full queue, the instance's limit) calls again, as a new contact
/// of the same source.
#[derive(Debug, Clone)]
pub struct RedialSpec {
    /// Probability that the customer calls again, at each try.
    pub probability: f64,
    /// Time from giving up to calling again.
    pub delay: Dist,
    /// Calls again at most this often (the first call not counted).
    pub max_tries: u32,
}

/// How many contacts a source with a rate brings in each interval.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ArrivalCounts {
    /// A Poisson count around the interval's volume: the volume is what is
    /// expected (a forecast, a plan).
    #[default]
    Poisson,
    /// The volume itself (a fraction: one more contact with its
    /// probability), at uniformly random times within the interval.
    Exact,
    /// The volumes are counts observed in the scenario's period (as
    /// `calibrate` writes them): a backtest reproduces them exactly, and
    /// every other command reads them as expected volumes (Poisson).
    Observed,
}

impl ArrivalCounts {
    /// The scenario file's word for it.
    pub fn key(self) -> &'static str {
        match self {
            ArrivalCounts::Poisson => "poisson",
            ArrivalCounts::Exact => "exact",
            ArrivalCounts::Observed => "observed",
        }
    }
}

/// When a source's contacts arrive.
#[derive(Debug, Clone)]
pub enum Arrivals {
    /// Poisson arrivals with this rate in each interval, in contacts per
    /// millisecond.
    Poisson(Vec<f64>),
    /// Exactly at these times (sorted): a recorded day replayed, or a
    /// hand-worked example.
    Scheduled(Vec<SimDuration>),
}

impl Arrivals {
    /// Expected arrivals in `[from, to)` ms, given the interval length.
    pub fn expected_between(&self, from: u64, to: u64, interval_ms: u64) -> f64 {
        match self {
            Arrivals::Scheduled(ts) => ts
                .iter()
                .filter(|t| (from..to).contains(&t.as_millis()))
                .count() as f64,
            Arrivals::Poisson(rates) => rates
                .iter()
                .enumerate()
                .map(|(i, r)| {
                    let s = i as u64 * interval_ms;
                    let e = s + interval_ms;
                    r * e.min(to).saturating_sub(s.max(from)) as f64
                })
                .sum(),
        }
    }
}

/// A customer's behaviour, drawn when the contact is created.
#[derive(Debug, Clone)]
pub struct CustomerSpec {
    /// Time the customer is willing to wait in queue; `None`: forever.
    pub patience: Option<Dist>,
    /// Talk time with the agent (excluding holds).
    pub talk: Dist,
    /// Mean number of holds per conversation (Poisson).
    pub holds_mean_count: f64,
    /// Length of each hold.
    pub hold_duration: Dist,
    /// Probability that the customer stays on the line (a chat customer: in
    /// the chat) for a disconnect flow (a survey, a follow-up) when the
    /// agent ends the conversation. A task's disconnect flow always runs.
    pub stays_for_disconnect_flow: f64,
    /// Whether and how the agent transfers the contact.
    pub transfer: Option<TransferSpec>,
}

impl CustomerSpec {
    /// Mean conversation per contact, seconds: talk and holds (no whispers,
    /// no ACW).
    pub fn mean_conversation(&self) -> f64 {
        self.talk.mean() + self.holds_mean_count * self.hold_duration.mean()
    }
}

/// Where a transfer goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransferTarget {
    /// Agent quick connect: one agent of a group, named when the transfer
    /// starts (by `pick`); the leg waits for that agent alone (its own
    /// agent queue). Statistics and records put the wait under the group's
    /// agent queue, `CenterSpec::queues[queue]`.
    Group {
        /// The group.
        group: GroupId,
        /// The group's agent queue (for reporting).
        queue: QueueId,
        /// How the agent is named.
        pick: AgentPick,
    },
    /// Queue quick connect.
    Queue(QueueId),
}

/// How an agent quick connect names its agent among the destination group
/// (the source agent is never named: nobody transfers to themself).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AgentPick {
    /// The group's agent available longest (the first in the group's idle
    /// order who could take a voice call now); when nobody could, the agent
    /// on shift with the fewest contacts, then not in the Missed state,
    /// then the longest since going to the back of the idle order.
    LongestIdle,
    /// Uniformly among the group's agents on shift (not leaving), from the
    /// contact's own block of its source's transfer-agent stream.
    Random,
}

/// The source agent's post-consult action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PostConsult {
    /// Conference of all three for a while, then the source leaves.
    Join,
    /// Destination and customer on hold while the source works, then the
    /// source leaves.
    HoldAll,
    /// The source talks to the customer alone, then leaves.
    HoldDestination,
    /// The source leaves at once.
    EndCall,
}

impl PostConsult {
    /// All four, in the order of `TransferSpec::actions`.
    pub const ALL: [PostConsult; 4] = [
        PostConsult::Join,
        PostConsult::HoldAll,
        PostConsult::HoldDestination,
        PostConsult::EndCall,
    ];
}

/// A customer's transfer behaviour: whether the agent transfers, where, and
/// how the consult goes.
#[derive(Debug, Clone)]
pub struct TransferSpec {
    /// Probability that a handled contact is transferred (per leg).
    pub probability: f64,
    /// Talk before the transfer starts.
    pub after: Dist,
    /// The destination.
    pub target: TransferTarget,
    /// The flow played to the source agent (default: agent transfer or queue
    /// transfer flow).
    pub flow: FlowId,
    /// A cold transfer: the source leaves as soon as the transfer flow ends.
    pub cold: bool,
    /// Consult between source and destination (warm transfers).
    pub consult: Dist,
    /// Cumulative probabilities of the post-consult actions, in
    /// [`PostConsult::ALL`] order.
    pub actions: [f64; 4],
    /// How long join / hold all / hold destination last before the source
    /// leaves.
    pub action_duration: Dist,
    /// Probability that instead the destination leaves and the source keeps
    /// the customer (transfer withdrawn).
    pub withdraw_probability: f64,
    /// The customer's talk with the destination agent.
    pub talk_after: Dist,
    /// How long the customer will wait on hold for a destination; `None`:
    /// forever.
    pub hold_patience: Option<Dist>,
    /// Transfers of transfers, at most (Connect allows 11).
    pub max_chain: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `accepts` answers as `can_accept` does, channel by channel, for
    /// every load of up to two contacts per channel under every
    /// cross-channel setting and a mix of concurrencies (0 to 3).
    #[test]
    fn accepts_agrees_with_can_accept_channel_by_channel() {
        let mut checked = 0;
        for cross_bits in 0..16u32 {
            for conc_seed in 0..81u32 {
                let profile = RoutingProfileSpec {
                    name: "p".into(),
                    queues: Vec::new(),
                    concurrency: std::array::from_fn(|c| {
                        conc_seed / 3u32.pow(c as u32) % 3 + u32::from(c == 3)
                    }),
                    cross_channel: std::array::from_fn(|c| cross_bits >> c & 1 == 1),
                    outbound_moves_to_back: true,
                    outbound_queue: None,
                };
                for load_seed in 0..81u32 {
                    let load = std::array::from_fn(|c| load_seed / 3u32.pow(c as u32) % 3);
                    let mask = profile.accepts(load);
                    for ch in Channel::ALL {
                        let bit = mask >> ch.index() & 1 == 1;
                        assert_eq!(
                            bit,
                            profile.can_accept(load, ch),
                            "{load:?} {ch:?} {profile:?}"
                        );
                        checked += 1;
                    }
                }
            }
        }
        assert_eq!(checked, 16 * 81 * 81 * Channel::COUNT);
    }
}
