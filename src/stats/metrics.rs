//! The metric catalogue: every metric ccsim reports, with its name (as the
//! files spell it), its unit, where it is reported and how it is computed —
//! in one place. Code that reads a metric names it by its typed key,
//! [`Metric`], so a misspelt metric does not compile; the name strings are
//! written here and nowhere else.
//!
//! A metric is reported per [`Scope`]: the whole center (`total`), a queue,
//! an initiation method or a channel (the *contact scopes*, computed from
//! the contacts of that scope), or an agent group (computed from the
//! group's agent time). Some are also reported per interval (by the
//! interval in which the customer first arrived, or in which the agent time
//! fell). Values are per replication; the summary gives their mean and
//! 95 % confidence half-width across replications.
//!
//! To add a metric: a variant here with its [`Metric::info`] arm, then its
//! value where one replication's metrics are computed
//! ([`super::replication`]), in the place its output order should be.

use std::borrow::Cow;
use std::fmt;

use crate::center::spec::{Channel, ServiceLevelDefinition};
use crate::center::Outcome;
use crate::engine::SimDuration;

/// Which part of the center a metric describes.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Scope {
    /// The whole center.
    Total,
    /// One queue, by name.
    Queue(String),
    /// One agent group, by name.
    Group(String),
    /// One initiation method, by Connect's name (`INBOUND`, …).
    Method(String),
    /// One channel, by Connect's name (`VOICE`, `CHAT`, `TASK`).
    Channel(String),
    /// One outbound campaign, by name.
    Campaign(String),
    /// One supervisor group, by name.
    SupervisorGroup(String),
}

impl Scope {
    /// `total`, `queue`, `agent_group`, `method`, `channel` or `campaign`.
    pub fn kind(&self) -> &'static str {
        self.scope_kind().as_str()
    }

    /// The kind of scope, without its name.
    pub fn scope_kind(&self) -> ScopeKind {
        match self {
            Scope::Total => ScopeKind::Total,
            Scope::Queue(_) => ScopeKind::Queue,
            Scope::Group(_) => ScopeKind::Group,
            Scope::Method(_) => ScopeKind::Method,
            Scope::Channel(_) => ScopeKind::Channel,
            Scope::Campaign(_) => ScopeKind::Campaign,
            Scope::SupervisorGroup(_) => ScopeKind::SupervisorGroup,
        }
    }

    /// The queue or group name (`total` for the total).
    pub fn name(&self) -> &str {
        match self {
            Scope::Total => "total",
            Scope::Queue(n)
            | Scope::Group(n)
            | Scope::Method(n)
            | Scope::Channel(n)
            | Scope::Campaign(n)
            | Scope::SupervisorGroup(n) => n,
        }
    }
}

/// The kinds of [`Scope`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ScopeKind {
    /// The whole center.
    Total,
    /// A queue.
    Queue,
    /// An agent group.
    Group,
    /// An initiation method.
    Method,
    /// A channel.
    Channel,
    /// An outbound campaign.
    Campaign,
    /// A supervisor group.
    SupervisorGroup,
}

impl ScopeKind {
    /// As the files spell it: `total`, `queue`, `agent_group`, `method`,
    /// `channel`.
    pub fn as_str(self) -> &'static str {
        match self {
            ScopeKind::Total => "total",
            ScopeKind::Queue => "queue",
            ScopeKind::Group => "agent_group",
            ScopeKind::Method => "method",
            ScopeKind::Channel => "channel",
            ScopeKind::Campaign => "campaign",
            ScopeKind::SupervisorGroup => "supervisor_group",
        }
    }
}

/// What a metric's values measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// A number of contacts, attempts or occurrences per replication.
    Count,
    /// A share between 0 and 1.
    Share,
    /// Seconds.
    Seconds,
    /// Agent-hours.
    AgentHours,
    /// A time-average number of contacts.
    Contacts,
    /// A time-average number of agents.
    Agents,
}

impl Unit {
    /// `x` brought into the range a value of this unit can take: a share
    /// into 0–1, anything else to at least 0. For the ends of a confidence
    /// interval, whose normal approximation can reach past them (a service
    /// level of 98 % ± 5 % ends at 100 %, not 103 %).
    pub fn clamp(self, x: f64) -> f64 {
        match self {
            Unit::Share => x.clamp(0.0, 1.0),
            _ => x.max(0.0),
        }
    }
}

/// Where a metric is reported: for which kinds of scope, over the whole
/// measured window and/or per interval.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reported {
    /// The kinds of scope.
    pub scopes: &'static [ScopeKind],
    /// Over the whole measured window (`interval` empty, `all` in
    /// `summary.csv`).
    pub whole_window: bool,
    /// Per interval.
    pub per_interval: bool,
}

/// Every scope computed from contacts.
const CONTACT_SCOPES: &[ScopeKind] = &[
    ScopeKind::Total,
    ScopeKind::Queue,
    ScopeKind::Method,
    ScopeKind::Channel,
];

/// Contact scopes, whole window.
const CONTACTS: &[Reported] = &[Reported {
    scopes: CONTACT_SCOPES,
    whole_window: true,
    per_interval: false,
}];

/// Contact scopes, whole window and per interval.
const CONTACTS_BY_INTERVAL: &[Reported] = &[Reported {
    scopes: CONTACT_SCOPES,
    whole_window: true,
    per_interval: true,
}];

/// Scopes that see every arrival (a queue sees only the contacts queued).
const ARRIVALS: &[Reported] = &[Reported {
    scopes: &[ScopeKind::Total, ScopeKind::Method, ScopeKind::Channel],
    whole_window: true,
    per_interval: false,
}];

/// Agent groups, whole window.
const GROUPS: &[Reported] = &[Reported {
    scopes: &[ScopeKind::Group],
    whole_window: true,
    per_interval: false,
}];

/// Agent groups, whole window and per interval.
const GROUPS_BY_INTERVAL: &[Reported] = &[Reported {
    scopes: &[ScopeKind::Group],
    whole_window: true,
    per_interval: true,
}];

/// Agent groups, per interval only.
const GROUP_INTERVALS: &[Reported] = &[Reported {
    scopes: &[ScopeKind::Group],
    whole_window: false,
    per_interval: true,
}];

/// The total only, whole window: customers of sources with redials.
const CUSTOMERS: &[Reported] = &[Reported {
    scopes: &[ScopeKind::Total],
    whole_window: true,
    per_interval: false,
}];

/// The total only, whole window: external parties (EXTERNAL_OUTBOUND).
const EXTERNAL: &[Reported] = &[Reported {
    scopes: &[ScopeKind::Total],
    whole_window: true,
    per_interval: false,
}];

/// The total only, whole window: tasks that pause.
const PAUSES: &[Reported] = &[Reported {
    scopes: &[ScopeKind::Total],
    whole_window: true,
    per_interval: false,
}];

/// Supervisor groups, whole window (MONITOR).
const SUPERVISORS: &[Reported] = &[Reported {
    scopes: &[ScopeKind::SupervisorGroup],
    whole_window: true,
    per_interval: false,
}];

/// `contacts_handled`: contact scopes (window and interval) and groups.
const CAMPAIGNS: &[Reported] = &[Reported {
    scopes: &[ScopeKind::Campaign],
    whole_window: true,
    per_interval: false,
}];

const HANDLED: &[Reported] = &[
    Reported {
        scopes: CONTACT_SCOPES,
        whole_window: true,
        per_interval: true,
    },
    Reported {
        scopes: &[ScopeKind::Group],
        whole_window: true,
        per_interval: false,
    },
];

/// Queues, whole window.
const QUEUES: &[Reported] = &[Reported {
    scopes: &[ScopeKind::Queue],
    whole_window: true,
    per_interval: false,
}];

/// A metric, by its typed key. Its name, unit, scopes and formula are in
/// [`Metric::info`]; [`Metric::name`] is the spelling of the files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Metric {
    /// `contacts_created`.
    ContactsCreated,
    /// `contacts_self_served`.
    ContactsSelfServed,
    /// `contacts_offered`.
    ContactsOffered,
    /// `contacts_queued`.
    ContactsQueued,
    /// `contacts_handled`.
    ContactsHandled,
    /// `contacts_abandoned`.
    ContactsAbandoned,
    /// `contacts_turned_away`.
    ContactsTurnedAway,
    /// `contacts_in_progress_at_horizon`.
    ContactsInProgressAtHorizon,
    /// `contacts_unfinished`.
    ContactsUnfinished,
    /// `missed_offers`.
    MissedOffers,
    /// `contacts_blocked`.
    ContactsBlocked,
    /// `contacts_callback_requested`.
    ContactsCallbackRequested,
    /// `contacts_queue_transferred`.
    ContactsQueueTransferred,
    /// `contacts_transferred_out`.
    ContactsTransferredOut,
    /// `contacts_unanswered`.
    ContactsUnanswered,
    /// `contacts_disconnect_flow`.
    ContactsDisconnectFlow,
    /// `callback_attempts`.
    CallbackAttempts,
    /// `abandonment_rate`.
    AbandonmentRate,
    /// `p_wait`.
    PWait,
    /// `asa_seconds`.
    AsaSeconds,
    /// `avg_time_to_offer_seconds`.
    AvgTimeToOfferSeconds,
    /// `avg_abandon_seconds`.
    AvgAbandonSeconds,
    /// `max_queued_seconds`.
    MaxQueuedSeconds,
    /// `service_level_<T>s`: answered within the threshold.
    ServiceLevel {
        /// The threshold, whole seconds.
        threshold_s: u64,
    },
    /// `service_level_connect_<T>s`: Connect's definition.
    ServiceLevelConnect {
        /// The threshold, whole seconds.
        threshold_s: u64,
    },
    /// `email_service_level_<T>` (`T` like `4h`, `90m`): EMAIL contacts
    /// answered within a queue's email threshold.
    EmailServiceLevel {
        /// The threshold, whole seconds.
        threshold_s: u64,
    },
    /// `email_service_level_connect_<T>`: the same, Connect's definition.
    EmailServiceLevelConnect {
        /// The threshold, whole seconds.
        threshold_s: u64,
    },
    /// `wait_p50_seconds`.
    WaitP50Seconds,
    /// `wait_p80_seconds`.
    WaitP80Seconds,
    /// `wait_p90_seconds`.
    WaitP90Seconds,
    /// `wait_p95_seconds`.
    WaitP95Seconds,
    /// `wait_p99_seconds`.
    WaitP99Seconds,
    /// `wait_max_seconds`.
    WaitMaxSeconds,
    /// `whisper_latency_mean_seconds`.
    WhisperLatencyMeanSeconds,
    /// `whisper_latency_p50_seconds`.
    WhisperLatencyP50Seconds,
    /// `whisper_latency_p90_seconds`.
    WhisperLatencyP90Seconds,
    /// `whisper_latency_p99_seconds`.
    WhisperLatencyP99Seconds,
    /// `agent_whisper_mean_seconds`.
    AgentWhisperMeanSeconds,
    /// `customer_whisper_mean_seconds`.
    CustomerWhisperMeanSeconds,
    /// `aht_seconds`.
    AhtSeconds,
    /// `dial_ring_mean_seconds`.
    DialRingMeanSeconds,
    /// `outbound_whisper_mean_seconds`.
    OutboundWhisperMeanSeconds,
    /// `talk_seconds`.
    TalkSeconds,
    /// `hold_seconds`.
    HoldSeconds,
    /// `acw_seconds`.
    AcwSeconds,
    /// `handle_time_p90_seconds`.
    HandleTimeP90Seconds,
    /// `avg_queue_length`.
    AvgQueueLength,
    /// `whispers_capped`.
    WhispersCapped,
    /// `histogram_values_out_of_range`.
    HistogramValuesOutOfRange,
    /// `occupancy`.
    Occupancy,
    /// `agent_hours_on_contact`.
    AgentHoursOnContact,
    /// `agent_hours_available`.
    AgentHoursAvailable,
    /// `slot_occupancy`.
    SlotOccupancy,
    /// `slot_occupancy_<channel>`: `slot_occupancy_voice`, `_chat`, `_task`.
    ChannelSlotOccupancy(Channel),
    /// `agent_hours_missed`.
    AgentHoursMissed,
    /// `busy_agents`.
    BusyAgents,
    /// `busy_slots`: contacts held, where agents hold several at once.
    BusySlots,
    /// `agent_hours`.
    AgentHours,
    /// `answered_in_routing_step_<n>` (1-based), or
    /// `answered_after_routing_steps_expired` for `step: None`.
    RoutingStepAnswered {
        /// The step, 1-based; `None`: after every step expired.
        step: Option<u16>,
    },
    /// `wait_in_routing_step_<n>_seconds`, or
    /// `wait_after_routing_steps_expired_seconds` for `step: None`.
    RoutingStepWaitSeconds {
        /// The step, 1-based; `None`: after every step expired.
        step: Option<u16>,
    },
    /// `customers`.
    Customers,
    /// `customers_served`.
    CustomersServed,
    /// `customers_lost`.
    CustomersLost,
    /// `customer_redials`.
    CustomerRedials,
    /// `contacts_per_customer`.
    ContactsPerCustomer,
    /// Dials a campaign placed.
    CampaignDials,
    /// Campaign calls answered (person or machine).
    CampaignAnswered,
    /// Campaign calls answered by a machine.
    CampaignMachineAnswered,
    /// Campaign calls that reached an agent.
    CampaignConnected,
    /// Campaign calls answered by a person no agent took.
    CampaignAbandoned,
    /// Abandoned ÷ answered by a person.
    CampaignAbandonmentRate,
    /// Agent time on a campaign's calls.
    CampaignAgentHours,
    /// Talk and ACW ÷ agent time on a campaign's calls.
    CampaignAgentUtilisation,
    /// Connected calls per agent-hour on the campaign.
    CampaignContactsPerAgentHour,
    /// `external_dials`.
    ExternalDials,
    /// `external_answered`.
    ExternalAnswered,
    /// `external_dials_blocked`.
    ExternalDialsBlocked,
    /// `external_added_handle_seconds`.
    ExternalAddedHandleSeconds,
    /// `monitor_watched`.
    MonitorWatched,
    /// `monitored_contacts`.
    MonitorMonitored,
    /// `monitor_share`.
    MonitorShare,
    /// `monitor_missed`.
    MonitorMissed,
    /// `monitor_missed_share`.
    MonitorMissedShare,
    /// `supervisor_occupancy`.
    SupervisorOccupancy,
    /// `tasks_paused`.
    TasksPaused,
    /// `task_pauses`.
    TaskPauses,
    /// `task_pause_mean_seconds`.
    TaskPauseMeanSeconds,
    /// `task_resume_wait_mean_seconds`.
    TaskResumeWaitMeanSeconds,
}

/// One catalogue entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Info {
    /// The name as the files spell it; `<T>` and `<channel>` stand for the
    /// parameter of [`Metric::ServiceLevel`], [`Metric::ServiceLevelConnect`]
    /// and [`Metric::ChannelSlotOccupancy`] (see [`Metric::name`]).
    pub name: &'static str,
    /// What its values measure.
    pub unit: Unit,
    /// Where it is reported.
    pub reported: &'static [Reported],
    /// What it is and how it is computed, per replication.
    pub formula: &'static str,
}

const fn info(
    name: &'static str,
    unit: Unit,
    reported: &'static [Reported],
    formula: &'static str,
) -> Info {
    Info {
        name,
        unit,
        reported,
        formula,
    }
}

impl Metric {
    /// Every metric without a parameter, in catalogue order.
    pub const FIXED: [Metric; 81] = {
        use Metric::*;
        [
            ContactsCreated,
            ContactsSelfServed,
            ContactsOffered,
            ContactsQueued,
            ContactsHandled,
            ContactsAbandoned,
            ContactsTurnedAway,
            ContactsInProgressAtHorizon,
            ContactsUnfinished,
            MissedOffers,
            ContactsBlocked,
            ContactsCallbackRequested,
            ContactsQueueTransferred,
            ContactsTransferredOut,
            ContactsUnanswered,
            ContactsDisconnectFlow,
            CallbackAttempts,
            AbandonmentRate,
            PWait,
            AsaSeconds,
            AvgTimeToOfferSeconds,
            AvgAbandonSeconds,
            MaxQueuedSeconds,
            WaitP50Seconds,
            WaitP80Seconds,
            WaitP90Seconds,
            WaitP95Seconds,
            WaitP99Seconds,
            WaitMaxSeconds,
            WhisperLatencyMeanSeconds,
            WhisperLatencyP50Seconds,
            WhisperLatencyP90Seconds,
            WhisperLatencyP99Seconds,
            AgentWhisperMeanSeconds,
            CustomerWhisperMeanSeconds,
            AhtSeconds,
            DialRingMeanSeconds,
            OutboundWhisperMeanSeconds,
            TalkSeconds,
            HoldSeconds,
            AcwSeconds,
            HandleTimeP90Seconds,
            AvgQueueLength,
            WhispersCapped,
            HistogramValuesOutOfRange,
            Occupancy,
            AgentHoursOnContact,
            AgentHoursAvailable,
            SlotOccupancy,
            AgentHoursMissed,
            BusyAgents,
            BusySlots,
            AgentHours,
            Customers,
            CustomersServed,
            CustomersLost,
            CustomerRedials,
            ContactsPerCustomer,
            CampaignDials,
            CampaignAnswered,
            CampaignMachineAnswered,
            CampaignConnected,
            CampaignAbandoned,
            CampaignAbandonmentRate,
            CampaignAgentHours,
            CampaignAgentUtilisation,
            CampaignContactsPerAgentHour,
            ExternalDials,
            ExternalAnswered,
            ExternalDialsBlocked,
            ExternalAddedHandleSeconds,
            MonitorWatched,
            MonitorMonitored,
            MonitorShare,
            MonitorMissed,
            MonitorMissedShare,
            SupervisorOccupancy,
            TasksPaused,
            TaskPauses,
            TaskPauseMeanSeconds,
            TaskResumeWaitMeanSeconds,
        ]
    };

    /// The catalogue entry: name, unit, where reported, formula. Counts are
    /// of contacts initiated in the measured window (a chain of contacts —
    /// transfers, callbacks, queue moves — counts where its customer first
    /// arrived); "conversations" are contacts that reached an agent and
    /// finished their after-contact work.
    // One row per metric, each on one line, so the catalogue reads as a
    // table (hence no rustfmt).
    #[rustfmt::skip]
    pub fn info(self) -> Info {
        use Metric::*;
        use Unit::{Agents, Contacts, Count, Seconds, Share};
        match self {
            ContactsCreated => info("contacts_created", Count, ARRIVALS, "contacts initiated"),
            ContactsSelfServed => info("contacts_self_served", Count, ARRIVALS, "contacts served by their inbound flow alone"),
            ContactsOffered => info("contacts_offered", Count, CONTACTS_BY_INTERVAL, "contacts sent to a queue: queued + turned away"),
            ContactsQueued => info("contacts_queued", Count, CONTACTS_BY_INTERVAL, "contacts that entered a queue"),
            ContactsHandled => info("contacts_handled", Count, HANDLED, "conversations (outbound calls and transferred-out legs included; for a queue, the same as answered from it); for a group, contacts its agents handled or transferred out"),
            ContactsAbandoned => info("contacts_abandoned", Count, CONTACTS_BY_INTERVAL, "queued contacts whose customer hung up before an agent answered"),
            ContactsTurnedAway => info("contacts_turned_away", Count, CONTACTS_BY_INTERVAL, "contacts refused by a full queue (a callback: when its initial delay ends)"),
            ContactsInProgressAtHorizon => info("contacts_in_progress_at_horizon", Count, CONTACTS, "contacts still in the center at the horizon"),
            ContactsUnfinished => info("contacts_unfinished", Count, CONTACTS, "contacts still unfinished when the drain period ended"),
            MissedOffers => info("missed_offers", Count, CONTACTS, "offers an agent missed (the contact kept its place)"),
            ContactsBlocked => info("contacts_blocked", Count, CONTACTS, "contacts that ended blocked by the instance's concurrent-contact limit"),
            ContactsCallbackRequested => info("contacts_callback_requested", Count, CONTACTS, "contacts that ended by taking a callback offered in queue"),
            ContactsQueueTransferred => info("contacts_queue_transferred", Count, CONTACTS, "contacts that ended moved to another queue by a flow"),
            ContactsTransferredOut => info("contacts_transferred_out", Count, CONTACTS, "contacts that ended transferred by their agent"),
            ContactsUnanswered => info("contacts_unanswered", Count, CONTACTS, "contacts that ended unanswered (outbound, API dial, a callback's last attempt)"),
            ContactsDisconnectFlow => info("contacts_disconnect_flow", Count, CONTACTS, "contacts whose disconnect flow played to the customer still on them (a survey; a follow-up, which may queue a DISCONNECT contact), after the agent's disconnect"),
            CallbackAttempts => info("callback_attempts", Count, CONTACTS, "dial attempts of callbacks"),
            AbandonmentRate => info("abandonment_rate", Share, CONTACTS_BY_INTERVAL, "abandoned ÷ (queued − callbacks): callback contacts, and contacts that became one, are left out"),
            PWait => info("p_wait", Share, CONTACTS_BY_INTERVAL, "queued contacts whose accepted offer did not come the instant they were queued ÷ queued"),
            AsaSeconds => info("asa_seconds", Seconds, CONTACTS_BY_INTERVAL, "Σ queue time (enqueue → dequeue; a callback from its entry after the initial delay to the accept) of answered contacts ÷ answered"),
            AvgTimeToOfferSeconds => info("avg_time_to_offer_seconds", Seconds, CONTACTS, "Σ (enqueue → accepted offer) of answered contacts ÷ answered"),
            AvgAbandonSeconds => info("avg_abandon_seconds", Seconds, CONTACTS, "Σ queue time of abandoned contacts ÷ abandoned"),
            MaxQueuedSeconds => info("max_queued_seconds", Seconds, CONTACTS, "longest queue time of an answered or abandoned contact"),
            ServiceLevel { .. } => info("service_level_<T>s", Share, CONTACTS_BY_INTERVAL, "answered within T seconds ÷ queued"),
            ServiceLevelConnect { .. } => info("service_level_connect_<T>s", Share, CONTACTS_BY_INTERVAL, "removed from the queue within T seconds (answered, abandoned or turned into a callback) ÷ queued: Connect's definition"),
            EmailServiceLevel { .. } => info("email_service_level_<T>", Share, CONTACTS_BY_INTERVAL, "EMAIL contacts answered within T ÷ EMAIL contacts queued, T a queue's email_service_level threshold (hours or minutes: `4h`, `90m`); for the total, the EMAIL channel and the queues that set thresholds"),
            EmailServiceLevelConnect { .. } => info("email_service_level_connect_<T>", Share, CONTACTS_BY_INTERVAL, "EMAIL contacts removed from the queue within T (answered, abandoned or turned into a callback) ÷ EMAIL contacts queued: Connect's definition, at a queue's email threshold"),
            WaitP50Seconds => info("wait_p50_seconds", Seconds, CONTACTS, "median queue time of answered contacts"),
            WaitP80Seconds => info("wait_p80_seconds", Seconds, CONTACTS, "80th percentile of the queue time of answered contacts"),
            WaitP90Seconds => info("wait_p90_seconds", Seconds, CONTACTS, "90th percentile of the queue time of answered contacts"),
            WaitP95Seconds => info("wait_p95_seconds", Seconds, CONTACTS, "95th percentile of the queue time of answered contacts"),
            WaitP99Seconds => info("wait_p99_seconds", Seconds, CONTACTS, "99th percentile of the queue time of answered contacts"),
            WaitMaxSeconds => info("wait_max_seconds", Seconds, CONTACTS, "longest queue time of an answered contact (histogram resolution)"),
            WhisperLatencyMeanSeconds => info("whisper_latency_mean_seconds", Seconds, CONTACTS, "Σ (accept → conversation start) ÷ conversations"),
            WhisperLatencyP50Seconds => info("whisper_latency_p50_seconds", Seconds, CONTACTS, "median whisper latency of conversations"),
            WhisperLatencyP90Seconds => info("whisper_latency_p90_seconds", Seconds, CONTACTS, "90th percentile of the whisper latency of conversations"),
            WhisperLatencyP99Seconds => info("whisper_latency_p99_seconds", Seconds, CONTACTS, "99th percentile of the whisper latency of conversations"),
            AgentWhisperMeanSeconds => info("agent_whisper_mean_seconds", Seconds, CONTACTS, "Σ agent whisper ÷ conversations"),
            CustomerWhisperMeanSeconds => info("customer_whisper_mean_seconds", Seconds, CONTACTS, "Σ customer whisper ÷ conversations"),
            AhtSeconds => info("aht_seconds", Seconds, CONTACTS, "Σ (talk + hold + ACW) ÷ conversations"),
            DialRingMeanSeconds => info("dial_ring_mean_seconds", Seconds, CONTACTS, "Σ dialling and ringing of callbacks ÷ conversations"),
            OutboundWhisperMeanSeconds => info("outbound_whisper_mean_seconds", Seconds, CONTACTS, "Σ outbound whisper ÷ conversations"),
            TalkSeconds => info("talk_seconds", Seconds, CONTACTS, "Σ talk ÷ conversations"),
            HoldSeconds => info("hold_seconds", Seconds, CONTACTS, "Σ hold ÷ conversations"),
            AcwSeconds => info("acw_seconds", Seconds, CONTACTS, "Σ after-contact work ÷ conversations"),
            HandleTimeP90Seconds => info("handle_time_p90_seconds", Seconds, CONTACTS, "90th percentile of talk + hold + ACW of conversations"),
            AvgQueueLength => info("avg_queue_length", Contacts, CONTACTS_BY_INTERVAL, "time-average number of contacts in queue over the window (or interval)"),
            WhispersCapped => info("whispers_capped", Count, CONTACTS, "whisper draws cut at Connect's 2-minute limit"),
            HistogramValuesOutOfRange => info("histogram_values_out_of_range", Count, CONTACTS, "values above the histograms' one-week range, counted instead of recorded"),
            Occupancy => info("occupancy", Share, GROUPS_BY_INTERVAL, "time on contacts ÷ (time on contacts + time available)"),
            AgentHoursOnContact => info("agent_hours_on_contact", Unit::AgentHours, GROUPS, "agent time on contacts"),
            AgentHoursAvailable => info("agent_hours_available", Unit::AgentHours, GROUPS, "agent time available (idle, waiting for an offer)"),
            SlotOccupancy => info("slot_occupancy", Share, GROUPS, "slot time used ÷ slot time available, all channels"),
            ChannelSlotOccupancy(_) => info("slot_occupancy_<channel>", Share, GROUPS, "slot time used ÷ slot time available, one channel"),
            AgentHoursMissed => info("agent_hours_missed", Unit::AgentHours, GROUPS, "agent time in the Missed state"),
            BusyAgents => info("busy_agents", Agents, GROUP_INTERVALS, "time-average number of agents on contacts in the interval"),
            BusySlots => info("busy_slots", Contacts, GROUP_INTERVALS, "time-average number of contacts the group's agents hold in the interval (only for groups whose agents can hold several at once: a concurrency above 1, or cross-channel work, on channels the scenario has contacts of)"),
            AgentHours => info("agent_hours", Unit::AgentHours, GROUP_INTERVALS, "agent time on contacts or available in the interval"),
            RoutingStepAnswered { .. } => info("answered_in_routing_step_<n>", Count, QUEUES, "contacts with routing criteria answered from the queue while their step n was in force (`answered_after_routing_steps_expired`: after every step expired); reported only for scenarios that set routing criteria"),
            RoutingStepWaitSeconds { .. } => info("wait_in_routing_step_<n>_seconds", Seconds, QUEUES, "mean queue time of the contacts answered in step n (`wait_after_routing_steps_expired_seconds`: after every step expired)"),
            Customers => info("customers", Count, CUSTOMERS, "customers of sources with redials whose first call was initiated in the window (reported only when a source redials)"),
            CustomersServed => info("customers_served", Count, CUSTOMERS, "of those customers, served on one of their calls: answered by an agent, served by the inbound flow alone, or taking a callback"),
            CustomersLost => info("customers_lost", Count, CUSTOMERS, "of those customers, whose last call gave up (abandoned, turned away, blocked) with no redial after it"),
            CustomerRedials => info("customer_redials", Count, CUSTOMERS, "calls those customers made after their first (each a new contact)"),
            ContactsPerCustomer => info("contacts_per_customer", Unit::Count, CUSTOMERS, "calls (first calls + redials) ÷ customers = 1 + mean redials per customer"),
            CampaignDials => info("campaign_dials", Count, CAMPAIGNS, "dials the campaign placed (its contact list used; calls turned away by the instance limit included)"),
            CampaignAnswered => info("campaign_answered", Count, CAMPAIGNS, "dials answered, by a person or an answering machine"),
            CampaignMachineAnswered => info("campaign_machine_answered", Count, CAMPAIGNS, "dials answered by an answering machine (AMD): no agent takes them"),
            CampaignConnected => info("campaign_connected", Count, CAMPAIGNS, "calls a person answered that reached an agent (agentless: that heard the message)"),
            CampaignAbandoned => info("campaign_abandoned", Count, CAMPAIGNS, "calls a person answered that no agent took in time (predictive)"),
            CampaignAbandonmentRate => info("campaign_abandonment_rate", Share, CAMPAIGNS, "campaign abandoned ÷ answered by a person: what the predictive pacing keeps under its cap"),
            CampaignAgentHours => info("campaign_agent_hours", Unit::AgentHours, CAMPAIGNS, "agent time on the campaign's calls: from the reservation (predictive: the connection) to the end of ACW, or of the ringing when nobody or a machine answered"),
            CampaignAgentUtilisation => info("campaign_agent_utilisation", Share, CAMPAIGNS, "talk + ACW ÷ agent time on the campaign's calls (the rest is previewing and waiting for answers)"),
            CampaignContactsPerAgentHour => info("campaign_contacts_per_agent_hour", Count, CAMPAIGNS, "campaign connected ÷ campaign agent-hours"),
            ExternalDials => info("external_dials", Count, EXTERNAL, "external parties agents dialled from voice conversations (EXTERNAL_OUTBOUND contacts; reported only when a queue has `external`)"),
            ExternalAnswered => info("external_answered", Count, EXTERNAL, "of those dials, answered by the external party"),
            ExternalDialsBlocked => info("external_dials_blocked", Count, EXTERNAL, "of those dials, failed at once because no voice line of the instance was free"),
            ExternalAddedHandleSeconds => info("external_added_handle_seconds", Seconds, EXTERNAL, "mean handle time an external dial added to its conversation: ring + talk if answered (0 when blocked)"),
            MonitorWatched => info("monitor_watched", Count, SUPERVISORS, "conversations (voice, chat) from the group's queues that started"),
            MonitorMonitored => info("monitored_contacts", Count, SUPERVISORS, "of those conversations, monitored by a supervisor (a MONITOR contact each)"),
            MonitorShare => info("monitor_share", Share, SUPERVISORS, "monitored ÷ watched conversations"),
            MonitorMissed => info("monitor_missed", Count, SUPERVISORS, "conversations chosen for monitoring that found no supervisor free (not monitored)"),
            MonitorMissedShare => info("monitor_missed_share", Share, SUPERVISORS, "missed ÷ (monitored + missed): the group's blocking probability"),
            SupervisorOccupancy => info("supervisor_occupancy", Share, SUPERVISORS, "supervisors' listening time inside the window ÷ (headcount × window)"),
            TasksPaused => info("tasks_paused", Count, PAUSES, "tasks that paused at least once (reported only when a source's tasks pause)"),
            TaskPauses => info("task_pauses", Count, PAUSES, "pauses of those tasks (Σ TotalPauseCount)"),
            TaskPauseMeanSeconds => info("task_pause_mean_seconds", Seconds, PAUSES, "Σ time paused, pause to resume (TotalPauseDurationInSeconds) ÷ pauses; the agent's slot is free meanwhile"),
            TaskResumeWaitMeanSeconds => info("task_resume_wait_mean_seconds", Seconds, PAUSES, "Σ time a task ready to resume waited for a free task slot of its agent ÷ pauses"),
        }
    }

    /// The name as the files spell it (`asa_seconds`, `service_level_20s`,
    /// `slot_occupancy_voice`).
    pub fn name(self) -> Cow<'static, str> {
        match self {
            Metric::ServiceLevel { threshold_s } => {
                Cow::Owned(format!("service_level_{threshold_s}s"))
            }
            Metric::ServiceLevelConnect { threshold_s } => {
                Cow::Owned(format!("service_level_connect_{threshold_s}s"))
            }
            Metric::EmailServiceLevel { threshold_s } => Cow::Owned(format!(
                "email_service_level_{}",
                hours_or_minutes(threshold_s)
            )),
            Metric::EmailServiceLevelConnect { threshold_s } => Cow::Owned(format!(
                "email_service_level_connect_{}",
                hours_or_minutes(threshold_s)
            )),
            Metric::ChannelSlotOccupancy(ch) => {
                Cow::Owned(format!("slot_occupancy_{}", ch.as_str().to_lowercase()))
            }
            Metric::RoutingStepAnswered { step: Some(n) } => {
                Cow::Owned(format!("answered_in_routing_step_{n}"))
            }
            Metric::RoutingStepAnswered { step: None } => {
                Cow::Borrowed("answered_after_routing_steps_expired")
            }
            Metric::RoutingStepWaitSeconds { step: Some(n) } => {
                Cow::Owned(format!("wait_in_routing_step_{n}_seconds"))
            }
            Metric::RoutingStepWaitSeconds { step: None } => {
                Cow::Borrowed("wait_after_routing_steps_expired_seconds")
            }
            fixed => Cow::Borrowed(fixed.info().name),
        }
    }

    /// The metric a name spells, if any (the inverse of [`Metric::name`]).
    pub fn from_name(name: &str) -> Option<Metric> {
        let seconds = |rest: &str| rest.strip_suffix('s')?.parse::<u64>().ok();
        if let Some(rest) = name.strip_prefix("email_service_level_connect_") {
            return threshold_from(rest)
                .map(|threshold_s| Metric::EmailServiceLevelConnect { threshold_s });
        }
        if let Some(rest) = name.strip_prefix("email_service_level_") {
            return threshold_from(rest)
                .map(|threshold_s| Metric::EmailServiceLevel { threshold_s });
        }
        if let Some(rest) = name.strip_prefix("service_level_connect_") {
            return seconds(rest).map(|threshold_s| Metric::ServiceLevelConnect { threshold_s });
        }
        if let Some(rest) = name.strip_prefix("service_level_") {
            return seconds(rest).map(|threshold_s| Metric::ServiceLevel { threshold_s });
        }
        if let Some(m) = routing_step_metric(name) {
            return Some(m);
        }
        if let Some(ch) = Channel::ALL
            .into_iter()
            .find(|ch| Metric::ChannelSlotOccupancy(*ch).name() == name)
        {
            return Some(Metric::ChannelSlotOccupancy(ch));
        }
        Metric::FIXED.into_iter().find(|m| m.info().name == name)
    }

    /// What its values measure.
    pub fn unit(self) -> Unit {
        self.info().unit
    }

    /// Where it is reported.
    pub fn reported(self) -> &'static [Reported] {
        self.info().reported
    }

    /// Whether it is reported for a scope of kind `kind`, over the whole
    /// window (`per_interval` false) or per interval.
    pub fn is_reported(self, kind: ScopeKind, per_interval: bool) -> bool {
        self.reported().iter().any(|r| {
            r.scopes.contains(&kind)
                && if per_interval {
                    r.per_interval
                } else {
                    r.whole_window
                }
        })
    }

    /// The service level a queue target means: answered within `threshold`,
    /// or Connect's definition.
    pub fn service_level(definition: ServiceLevelDefinition, threshold: SimDuration) -> Metric {
        let threshold_s = threshold.as_millis() / 1000;
        match definition {
            ServiceLevelDefinition::AnsweredWithin => Metric::ServiceLevel { threshold_s },
            ServiceLevelDefinition::Connect => Metric::ServiceLevelConnect { threshold_s },
        }
    }

    /// The count of contacts that ended with `outcome`, for the outcomes
    /// that have no metric of their own under another name (handled,
    /// abandoned, self-served and turned away do; in progress is not an
    /// ending).
    pub fn ended(outcome: Outcome) -> Option<Metric> {
        match outcome {
            Outcome::Blocked => Some(Metric::ContactsBlocked),
            Outcome::CallbackRequested => Some(Metric::ContactsCallbackRequested),
            Outcome::QueueTransferred => Some(Metric::ContactsQueueTransferred),
            Outcome::TransferredOut => Some(Metric::ContactsTransferredOut),
            Outcome::Unanswered => Some(Metric::ContactsUnanswered),
            Outcome::Handled
            | Outcome::Abandoned
            | Outcome::SelfServed
            | Outcome::TurnedAway
            | Outcome::InProgress => None,
        }
    }
}

impl fmt::Display for Metric {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name())
    }
}

/// An email threshold as its metric names it: whole hours (`4h`), else
/// whole minutes (`90m`), else seconds (`45s`).
fn hours_or_minutes(threshold_s: u64) -> String {
    match threshold_s {
        s if s > 0 && s % 3600 == 0 => format!("{}h", s / 3600),
        s if s > 0 && s % 60 == 0 => format!("{}m", s / 60),
        s => format!("{s}s"),
    }
}

/// The seconds of a threshold spelt by [`hours_or_minutes`] (only its own
/// spelling: `60m` is `1h`).
fn threshold_from(rest: &str) -> Option<u64> {
    let (n, unit) = rest.split_at(rest.len().checked_sub(1)?);
    let n: u64 = n.parse().ok()?;
    let s = match unit {
        "h" => n.checked_mul(3600)?,
        "m" => n.checked_mul(60)?,
        "s" => n,
        _ => return None,
    };
    (hours_or_minutes(s) == rest).then_some(s)
}

/// How a metric is named in a lookup: by its typed key (what the library's
/// readers use), or by its name as the files spell it (for names that come
/// from outside — a file, a command line, a test).
pub trait MetricKey {
    /// Whether this names `metric`.
    fn names(&self, metric: Metric) -> bool;
}

impl MetricKey for Metric {
    fn names(&self, metric: Metric) -> bool {
        *self == metric
    }
}

impl MetricKey for &str {
    fn names(&self, metric: Metric) -> bool {
        metric.name() == *self
    }
}

/// The routing-step metric a name spells, if any.
fn routing_step_metric(name: &str) -> Option<Metric> {
    match name {
        "answered_after_routing_steps_expired" => {
            return Some(Metric::RoutingStepAnswered { step: None })
        }
        "wait_after_routing_steps_expired_seconds" => {
            return Some(Metric::RoutingStepWaitSeconds { step: None })
        }
        _ => {}
    }
    // Steps are numbered from 1, written without leading zeros.
    let step = |n: &str| {
        let k = n.parse::<u16>().ok()?;
        (k >= 1 && k.to_string() == n).then_some(k)
    };
    if let Some(n) = name.strip_prefix("answered_in_routing_step_") {
        return step(n).map(|k| Metric::RoutingStepAnswered { step: Some(k) });
    }
    let n = name
        .strip_prefix("wait_in_routing_step_")?
        .strip_suffix("_seconds")?;
    step(n).map(|k| Metric::RoutingStepWaitSeconds { step: Some(k) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_spell_back_to_their_metric() {
        let mut all: Vec<Metric> = Metric::FIXED.to_vec();
        all.extend(Channel::ALL.map(Metric::ChannelSlotOccupancy));
        all.extend([
            Metric::ServiceLevel { threshold_s: 20 },
            Metric::ServiceLevelConnect { threshold_s: 0 },
            Metric::ServiceLevelConnect { threshold_s: 120 },
            Metric::EmailServiceLevel {
                threshold_s: 4 * 3600,
            },
            Metric::EmailServiceLevel {
                threshold_s: 90 * 60,
            },
            Metric::EmailServiceLevelConnect {
                threshold_s: 24 * 3600,
            },
            Metric::EmailServiceLevelConnect { threshold_s: 45 },
            Metric::RoutingStepAnswered { step: Some(1) },
            Metric::RoutingStepAnswered { step: Some(12) },
            Metric::RoutingStepAnswered { step: None },
            Metric::RoutingStepWaitSeconds { step: Some(3) },
            Metric::RoutingStepWaitSeconds { step: None },
        ]);
        assert_eq!(Metric::from_name("answered_in_routing_step_0"), None);
        assert_eq!(Metric::from_name("answered_in_routing_step_01"), None);
        for (i, m) in all.iter().enumerate() {
            let name = m.name();
            assert_eq!(Metric::from_name(&name), Some(*m), "{name}");
            assert!(
                name.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'),
                "{name} is not snake_case"
            );
            assert!(all[..i].iter().all(|o| o.name() != name), "{name} twice");
        }
        assert_eq!(Metric::from_name("asa_second"), None);
        assert_eq!(Metric::from_name("service_level_xs"), None);
        assert_eq!(Metric::from_name("email_service_level_60m"), None);
        assert_eq!(Metric::from_name("email_service_level_h"), None);
    }

    #[test]
    fn every_ending_but_the_named_ones_has_a_count() {
        assert_eq!(Metric::ended(Outcome::Handled), None);
        assert_eq!(
            Metric::ended(Outcome::TransferredOut).map(|m| m.name()),
            Some(Cow::Borrowed("contacts_transferred_out"))
        );
    }
}
