//! The scenario file as written: serde types mirroring the TOML, with no
//! cross-references resolved. Unknown fields are errors (`deny_unknown_fields`)
//! so a typo never silently falls back to a default.

use serde::de::{self, value::MapAccessDeserializer, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt;

use super::duration::RawDuration;

/// The whole file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawScenario {
    /// Scenario name; defaults to the file stem.
    pub name: Option<String>,
    /// Run settings.
    pub simulation: RawSimulation,
    /// Queues.
    #[serde(default)]
    pub queues: Vec<RawQueue>,
    /// Routing profiles.
    #[serde(default)]
    pub routing_profiles: Vec<RawRoutingProfile>,
    /// Agent groups.
    #[serde(default)]
    pub agent_groups: Vec<RawAgentGroup>,
    /// Flows (new ones, or redefinitions of Connect's defaults by name).
    #[serde(default)]
    pub flows: Vec<RawFlow>,
    /// Contact sources.
    #[serde(default)]
    pub sources: Vec<RawSource>,
    /// What-if grid for `ccsim sweep`; a single run ignores it and simulates
    /// the scenario as written.
    pub sweep: Option<toml::Table>,
    /// Instance-wide concurrent contact limits.
    pub instance_limits: Option<RawInstanceLimits>,
}

/// `[instance_limits]`: concurrent active contacts per channel.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawInstanceLimits {
    /// Active voice calls (including disconnect flows).
    pub voice: Option<i64>,
    /// Active chats.
    pub chat: Option<i64>,
    /// Active tasks.
    pub task: Option<i64>,
}

/// `[simulation]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSimulation {
    /// Seed of every random stream.
    pub seed: u64,
    /// Independent replications.
    #[serde(default = "default_replications")]
    pub replications: i64,
    /// ISO 8601 UTC instant that virtual time zero stands for.
    #[serde(default = "default_start")]
    pub start: String,
    /// How long new contacts arrive.
    pub horizon: RawDuration,
    /// Reporting / staffing interval.
    #[serde(default = "default_interval")]
    pub interval: RawDuration,
    /// Discarded start-up period.
    #[serde(default)]
    pub warmup: Option<RawDuration>,
    /// How long contacts in the center at the horizon are followed.
    #[serde(default)]
    pub drain: Option<RawDuration>,
}

fn default_replications() -> i64 {
    10
}

fn default_start() -> String {
    "2026-01-05T08:00:00Z".into()
}

fn default_interval() -> RawDuration {
    RawDuration(1800.0)
}

/// `[[queues]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawQueue {
    /// Name.
    pub name: String,
    /// Maximum contacts waiting.
    pub capacity: Option<i64>,
    /// Service-level thresholds.
    pub service_level_thresholds: Option<Vec<RawDuration>>,
    /// Staffing targets.
    pub targets: Option<RawTargets>,
}

/// `[queues.targets]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTargets {
    /// Service-level target.
    pub service_level: Option<RawServiceLevelTarget>,
    /// Maximum abandonment rate (a share).
    pub max_abandonment_rate: Option<f64>,
    /// Maximum ASA.
    pub max_asa: Option<RawDuration>,
}

/// `service_level = { threshold = "20s", target = 0.8, definition = "answered" }`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawServiceLevelTarget {
    /// Threshold.
    pub threshold: RawDuration,
    /// Share to reach.
    pub target: f64,
    /// "answered" (default) or "connect".
    pub definition: Option<String>,
}

/// `[[routing_profiles]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRoutingProfile {
    /// Name.
    pub name: String,
    /// Served queues.
    #[serde(default)]
    pub queues: Vec<RawProfileQueue>,
    /// Per-channel concurrency.
    #[serde(default)]
    pub concurrency: RawConcurrency,
    /// Per-channel cross-channel behaviour: "none" or "any".
    #[serde(default)]
    pub cross_channel: RawCrossChannel,
    /// Whether outbound calls move the agent to the back of the idle order.
    #[serde(default = "yes")]
    pub outbound_moves_to_back: bool,
}

fn yes() -> bool {
    true
}

/// `cross_channel = { voice = "none", chat = "any", task = "any" }`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCrossChannel {
    /// While on a voice call.
    #[serde(default = "none_str")]
    pub voice: String,
    /// While on chats.
    #[serde(default = "none_str")]
    pub chat: String,
    /// While on tasks.
    #[serde(default = "none_str")]
    pub task: String,
}

fn none_str() -> String {
    "none".into()
}

impl Default for RawCrossChannel {
    fn default() -> Self {
        RawCrossChannel {
            voice: none_str(),
            chat: none_str(),
            task: none_str(),
        }
    }
}

/// One entry of a profile's `queues`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawProfileQueue {
    /// Queue name.
    pub queue: String,
    /// 1 = highest.
    #[serde(default = "one")]
    pub priority: i64,
    /// Minimum wait before this profile may take a contact.
    #[serde(default)]
    pub delay: Option<RawDuration>,
    /// Channels taken from this queue (default: all).
    pub channels: Option<Vec<String>>,
}

fn one() -> i64 {
    1
}

/// `concurrency = { voice = 1, chat = 3, task = 1 }`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawConcurrency {
    /// Voice.
    #[serde(default = "one")]
    pub voice: i64,
    /// Chat.
    #[serde(default = "one")]
    pub chat: i64,
    /// Task.
    #[serde(default = "one")]
    pub task: i64,
}

impl Default for RawConcurrency {
    fn default() -> Self {
        RawConcurrency {
            voice: 1,
            chat: 1,
            task: 1,
        }
    }
}

/// `[[agent_groups]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAgentGroup {
    /// Name.
    pub name: String,
    /// Routing profile name.
    pub routing_profile: String,
    /// Headcount: a number, or one per interval.
    pub headcount: OneOrMany<i64>,
    /// Auto-accept offers.
    #[serde(default)]
    pub auto_accept: bool,
    /// Connection time of an auto-accepted offer.
    pub auto_accept_delay: Option<RawDist>,
    /// Answer delay of a manual accept.
    pub answer_delay: Option<RawDist>,
    /// Probability of missing an offer.
    #[serde(default)]
    pub miss_probability: f64,
    /// Time in the Missed state.
    pub missed_recovery: Option<RawDist>,
    /// After-contact work.
    pub after_contact_work: Option<RawDist>,
    /// Agent-initiated outbound calls.
    pub outbound: Option<RawOutbound>,
    /// Staffing target: maximum occupancy.
    pub max_occupancy: Option<f64>,
}

/// `outbound = { calls_per_hour = 4, ring = "20s", answer_probability = 0.6, talk = "3m" }`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawOutbound {
    /// Calls per agent-hour while nothing waits.
    pub calls_per_hour: f64,
    /// Ringing.
    pub ring: RawDist,
    /// Probability of an answer.
    pub answer_probability: f64,
    /// Talk time.
    pub talk: RawDist,
}

/// `[[flows]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFlow {
    /// Name.
    pub name: String,
    /// Flow type.
    #[serde(rename = "type")]
    pub flow_type: String,
    /// Duration of one play.
    pub duration: Option<RawDist>,
    /// Self-service probability (inbound flows).
    pub self_service: Option<f64>,
    /// Queue branches (inbound flows).
    #[serde(default)]
    pub queues: Vec<RawQueueBranch>,
    /// Flows set on the contact (inbound flows): type key → flow name.
    #[serde(default)]
    pub sets: BTreeMap<String, String>,
    /// Callback offer (customer queue flows).
    pub callback: Option<RawCallback>,
    /// Move to another queue (customer queue flows).
    pub move_to_queue: Option<RawQueueMove>,
}

/// A customer queue flow's callback offer.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCallback {
    /// Time in queue before the offer.
    pub offer_after: RawDuration,
    /// Probability a customer takes it.
    pub take_probability: f64,
    /// Delay before the callback is queued.
    #[serde(default)]
    pub initial_delay: Option<RawDuration>,
    /// Attempts.
    #[serde(default = "three")]
    pub max_attempts: i64,
    /// Delay between attempts.
    #[serde(default)]
    pub retry_delay: Option<RawDuration>,
    /// Callback queue (default: the same queue).
    pub queue: Option<String>,
    /// Ringing per attempt.
    pub ring: Option<RawDist>,
    /// Probability the customer answers an attempt.
    pub answer_probability: f64,
    /// Probability voicemail answers instead.
    #[serde(default)]
    pub voicemail_probability: f64,
    /// Time to leave a voicemail.
    pub voicemail: Option<RawDist>,
}

fn three() -> i64 {
    3
}

/// A customer queue flow's move to another queue.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawQueueMove {
    /// Destination queue.
    pub queue: String,
    /// Time in queue before the move.
    pub after: RawDuration,
}

/// One queue branch of an inbound flow.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawQueueBranch {
    /// Queue name.
    pub queue: String,
    /// Probability of this branch.
    pub probability: f64,
}

/// `[[sources]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSource {
    /// Name.
    pub name: String,
    /// Initiation method.
    #[serde(default = "default_method")]
    pub method: String,
    /// Channel (implied by the method; if given, it must match).
    pub channel: Option<String>,
    /// StartOutboundVoiceContact dialling.
    pub dial: Option<RawDial>,
    /// StartTaskContact scheduling.
    pub scheduled_after: Option<RawDist>,
    /// Constant Poisson rate, contacts per hour.
    pub rate_per_hour: Option<f64>,
    /// Expected contacts in each interval.
    pub volume_per_interval: Option<Vec<f64>>,
    /// Exact arrival times (replay a recorded day, or a worked example).
    pub arrival_times: Option<Vec<RawDuration>>,
    /// Multiplier on the rate (what-if volume).
    #[serde(default = "one_f")]
    pub rate_scale: f64,
    /// Inbound flow name.
    pub inbound_flow: Option<String>,
    /// Queue when the inbound flow chooses none.
    pub queue: Option<String>,
    /// Customer behaviour.
    pub customer: RawCustomer,
}

fn default_method() -> String {
    "inbound".into()
}

/// `dial = { ring = "15s", answer_probability = 0.7 }`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDial {
    /// Ringing.
    pub ring: RawDist,
    /// Probability of an answer.
    pub answer_probability: f64,
}

fn one_f() -> f64 {
    1.0
}

/// `[sources.customer]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCustomer {
    /// Patience in queue.
    pub patience: Option<RawDist>,
    /// Talk time.
    pub talk: RawDist,
    /// Holds during the talk.
    pub holds: Option<RawHolds>,
    /// Probability of staying for a disconnect flow.
    #[serde(default)]
    pub stays_for_disconnect_flow: f64,
    /// Transfer behaviour.
    pub transfer: Option<RawTransfer>,
}

/// `[sources.customer.transfer]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTransfer {
    /// Probability of a transfer per leg.
    pub probability: f64,
    /// Talk before the transfer.
    pub after: RawDist,
    /// Agent quick connect: a group.
    pub to_group: Option<String>,
    /// Queue quick connect: a queue.
    pub to_queue: Option<String>,
    /// Transfer flow (default: the type's default).
    pub flow: Option<String>,
    /// Cold transfer.
    #[serde(default)]
    pub cold: bool,
    /// Consult duration.
    pub consult: Option<RawDist>,
    /// Post-consult action probabilities.
    pub actions: Option<RawActions>,
    /// Duration of join / hold all / hold destination.
    pub action_duration: Option<RawDist>,
    /// Probability the destination leaves instead.
    #[serde(default)]
    pub withdraw_probability: f64,
    /// Talk with the destination.
    pub talk_after: RawDist,
    /// Patience on hold.
    pub hold_patience: Option<RawDist>,
    /// Maximum chain of transfers.
    #[serde(default = "eleven")]
    pub max_chain: i64,
}

fn eleven() -> i64 {
    11
}

/// `actions = { join = 0.2, hold_all = 0.1, hold_destination = 0.1, end_call = 0.6 }`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawActions {
    /// Conference.
    #[serde(default)]
    pub join: f64,
    /// Hold all.
    #[serde(default)]
    pub hold_all: f64,
    /// Hold destination.
    #[serde(default)]
    pub hold_destination: f64,
    /// End call.
    #[serde(default)]
    pub end_call: f64,
}

/// `holds = { mean_count = 0.3, duration = "45s" }`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawHolds {
    /// Mean number of holds (Poisson).
    pub mean_count: f64,
    /// Length of each hold.
    pub duration: RawDist,
}

/// A distribution as written: a bare duration (constant) or a table naming
/// the family and its mean plus shape.
#[derive(Debug, Clone)]
pub enum RawDist {
    /// `"30s"`: always that.
    Constant(RawDuration),
    /// `{ dist = "lognormal", mean = "3m", cv = 0.5 }` and friends.
    Table(RawDistTable),
}

/// The table form of a distribution.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDistTable {
    /// Family: constant, exponential, lognormal, gamma, erlang, weibull,
    /// uniform, empirical.
    pub dist: String,
    /// Mean.
    pub mean: Option<RawDuration>,
    /// Value of a constant.
    pub value: Option<RawDuration>,
    /// Coefficient of variation (lognormal, gamma).
    pub cv: Option<f64>,
    /// Phases (erlang).
    pub k: Option<i64>,
    /// Shape (weibull).
    pub shape: Option<f64>,
    /// Lower bound (uniform).
    pub min: Option<RawDuration>,
    /// Upper bound (uniform).
    pub max: Option<RawDuration>,
    /// Values (empirical).
    pub values: Option<Vec<RawDuration>>,
}

impl<'de> Deserialize<'de> for RawDist {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawDist;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a duration (\"30s\") or a table such as { dist = \"exponential\", mean = \"3m\" }")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawDist, E> {
                super::duration::parse_duration(v)
                    .map(|s| RawDist::Constant(RawDuration(s)))
                    .map_err(E::custom)
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<RawDist, E> {
                Ok(RawDist::Constant(RawDuration(v as f64)))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<RawDist, E> {
                Ok(RawDist::Constant(RawDuration(v as f64)))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<RawDist, E> {
                Ok(RawDist::Constant(RawDuration(v)))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RawDist, A::Error> {
                RawDistTable::deserialize(MapAccessDeserializer::new(map)).map(RawDist::Table)
            }
        }
        d.deserialize_any(V)
    }
}

/// A value written once for all intervals, or as a list with one per
/// interval.
#[derive(Debug, Clone)]
pub enum OneOrMany<T> {
    /// The same in every interval.
    One(T),
    /// One per interval.
    Many(Vec<T>),
}

impl<'de> Deserialize<'de> for OneOrMany<i64> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = OneOrMany<i64>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a whole number, or a list of whole numbers (one per interval)")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                Ok(OneOrMany::One(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                Ok(OneOrMany::One(i64::try_from(v).unwrap_or(i64::MAX)))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut out = Vec::new();
                while let Some(v) = seq.next_element::<i64>()? {
                    out.push(v);
                }
                Ok(OneOrMany::Many(out))
            }
        }
        d.deserialize_any(V)
    }
}
