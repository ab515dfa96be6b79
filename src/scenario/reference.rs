//! The scenario file reference (`ccsim schema`, `docs/scenario-reference.md`):
//! every field of every table, its type, default, unit and an example.
//!
//! The list of fields is not written here: it is read from the scenario's
//! own serde structs (the field names `#[derive(Deserialize)]` accepts,
//! renames applied), so a field added to the parser appears in the
//! reference at once. What a field means is written here, one [`Doc`] per
//! field; [`undocumented`] and [`stale`] name the fields whose row is
//! missing or describes a field that no longer exists, and a test fails on
//! either — as it does when the committed Markdown differs from
//! [`markdown`].
//!
//! To add a field: add it to its `Raw…` struct, add its row to [`SECTIONS`]
//! here, then regenerate the Markdown with
//! `cargo run --release -- schema > docs/scenario-reference.md`.

use std::fmt;

use serde::de::{self, Deserialize, Visitor};

use super::campaigns::RawCampaign;
use super::criteria::{RawExpression, RawProficiency, RawRange, RawRoutingCriteria, RawStep};
use super::dist::RawDistTable;
use super::email::{RawReply, RawSendEmail};
use super::external::RawExternal;
use super::flows::{
    RawCallback, RawFlow, RawQueueBranch, RawQueueMove, RawRoutingChange, RawTimedRoutingChange,
};
use super::groups::{RawAgentGroup, RawByChannel, RawOutbound};
use super::pause::RawPause;
use super::queues::{RawQueue, RawServiceLevelTarget, RawTargets};
use super::raw::RawScenario;
use super::redial::RawRedial;
use super::routing::{RawConcurrency, RawCrossChannel, RawProfileQueue, RawRoutingProfile};
use super::shifts::{RawAux, RawBreak, RawDayOfWeek, RawShift, RawShiftTemplate, RawShrinkage};
use super::simulation::{RawInstanceLimits, RawSimulation};
use super::sources::{RawCustomer, RawDial, RawHolds, RawSource};
use super::supervisors::RawSupervisorGroup;
use super::transfers::{RawActions, RawTransfer};

/// One field's row: `(name, type, default, unit, example, meaning)`. A
/// default of `—` means the field is required; `(none)` that leaving it
/// out switches the feature off.
pub type Doc = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

/// One table of the scenario file: where it stands, the fields its serde
/// struct accepts, and their rows.
pub struct Section {
    /// The TOML path of the table (`[simulation]`, `[[queues]]`,
    /// `queues.targets`).
    pub path: &'static str,
    /// What the table is for.
    pub about: &'static str,
    /// The field names its struct accepts, read from serde.
    pub fields: fn() -> &'static [&'static str],
    /// One row per field.
    pub docs: &'static [Doc],
}

/// The error of [`Probe`]: the struct's field list, when it asked for one.
#[derive(Debug)]
struct Fields(Option<&'static [&'static str]>);

impl fmt::Display for Fields {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("field probe")
    }
}

impl std::error::Error for Fields {}

impl de::Error for Fields {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Fields(None)
    }
}

/// A deserializer that holds no data: a derived `Deserialize` asks it for
/// a struct, naming its fields, and it answers with those names as its
/// error.
struct Probe;

impl<'de> de::Deserializer<'de> for Probe {
    type Error = Fields;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Fields> {
        Err(Fields(None))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        fields: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, Fields> {
        Err(Fields(Some(fields)))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map enum identifier ignored_any
    }
}

/// The field names `T`'s derived `Deserialize` accepts.
fn fields_of<T: for<'de> Deserialize<'de>>() -> &'static [&'static str] {
    match T::deserialize(Probe) {
        Err(Fields(Some(f))) => f,
        _ => &[],
    }
}

const DIST: &str = "distribution";
const DUR: &str = "duration";

/// Every table of the scenario file, in the order the file is written.
pub const SECTIONS: &[Section] = &[
    Section {
        path: "(top level)",
        about: "The scenario's name and its tables.",
        fields: fields_of::<RawScenario>,
        docs: &[
            ("name", "string", "the file name", "", "\"my_center\"", "names the results folder and the outputs; at most 128 characters"),
            ("simulation", "table", "—", "", "[simulation]", "the clock, seed and replications"),
            ("queues", "array of tables", "[]", "", "[[queues]]", "where contacts wait"),
            ("routing_profiles", "array of tables", "[]", "", "[[routing_profiles]]", "which queues agents serve, in which order"),
            ("agent_groups", "array of tables", "[]", "", "[[agent_groups]]", "agents on shift with one routing profile"),
            ("flows", "array of tables", "[]", "", "[[flows]]", "what contacts hear (IVR, queue, whisper, hold, transfer)"),
            ("sources", "array of tables", "[]", "", "[[sources]]", "where contacts come from"),
            ("sweep", "table", "(none)", "", "[sweep]", "a grid of what-ifs for `ccsim sweep` (README, \"Sweeps\")"),
            ("instance_limits", "table", "(none)", "contacts", "[instance_limits]", "concurrent active contacts per channel; beyond, a fast busy"),
            ("shift_templates", "array of tables", "[]", "", "[[shift_templates]]", "shifts people can work, for groups staffed by `shifts`"),
            ("routing_criteria", "array of tables", "[]", "", "[[routing_criteria]]", "named routing criteria (steps over agent proficiencies) that sources and queue branches set on contacts"),
            ("campaigns", "array of tables", "[]", "", "[[campaigns]]", "outbound campaigns: progressive, predictive, preview or agentless dialling"),
            ("supervisor_groups", "array of tables", "[]", "", "[[supervisor_groups]]", "supervisors who monitor a share of some queues' conversations (MONITOR)"),
        ],
    },
    Section {
        path: "[simulation]",
        about: "The clock: when virtual time zero is, how long contacts arrive, how results are grouped.",
        fields: fields_of::<RawSimulation>,
        docs: &[
            ("seed", "integer", "—", "", "42", "every random stream derives from it"),
            ("replications", "integer", "10", "", "20", "independent runs → mean ± 95 % CI (1–1,000,000)"),
            ("start", "ISO 8601 date-time", "\"2026-01-05T08:00:00Z\"", "", "\"2026-01-05T08:00[Europe/Berlin]\"", "what virtual time zero stands for: UTC (`Z`), an offset (`+01:00`), a `[zone]` suffix, or local in time_zone; outputs stay UTC"),
            ("time_zone", "IANA zone name", "(none)", "", "\"Europe/Berlin\"", "the zone a start without offset is local to"),
            ("horizon", DUR, "—", "time", "\"8h\"", "new contacts arrive in [0, horizon)"),
            ("interval", DUR, "\"30m\"", "time", "\"15m\"", "reporting and staffing interval"),
            ("warmup", DUR, "\"0s\"", "time", "\"30m\"", "contacts initiated before this are not counted"),
            ("drain", DUR, "\"4h\"", "time", "\"2h\"", "after the horizon, contacts in the center are followed this long"),
        ],
    },
    Section {
        path: "[instance_limits]",
        about: "Connect's concurrent active contacts quota, per channel.",
        fields: fields_of::<RawInstanceLimits>,
        docs: &[
            ("voice", "integer", "(none)", "contacts", "80", "voice contacts active at once"),
            ("chat", "integer", "(none)", "contacts", "200", "chats active at once"),
            ("task", "integer", "(none)", "contacts", "50", "tasks active at once"),
            ("email", "integer", "(none)", "contacts", "100", "emails active at once"),
        ],
    },
    Section {
        path: "[[queues]]",
        about: "A queue: where contacts wait for an agent.",
        fields: fields_of::<RawQueue>,
        docs: &[
            ("name", "string", "—", "", "\"support\"", "distinct, also as a file name (case and anything but letters, digits, - and _ ignored)"),
            ("capacity", "integer", "(none)", "contacts", "40", "more waiting contacts are turned away"),
            ("service_level_thresholds", "array of durations", "[\"20s\"]", "time", "[\"20s\", \"60s\"]", "one service-level metric per threshold (at most 20)"),
            ("targets", "table", "(none)", "", "{ max_abandonment_rate = 0.05 }", "what `ccsim staff` must meet"),
            ("outbound_whisper", "string", "(none)", "", "\"Support outbound\"", "an outbound_whisper flow for agents' calls placed through this queue"),
            ("transfer", "transfer table", "(none)", "", "{ probability = 0.1, after = \"2m\", to_queue = \"billing\", talk_after = \"3m\" }", "how agents transfer contacts answered from this queue"),
            ("transfer_by_group", "table of transfer tables", "{}", "", "{ tier1 = { probability = 0.05, after = \"3m\", to_queue = \"billing\", talk_after = \"3m\" } }", "the same, per answering agent group"),
            ("email_service_level", "array of durations", "(none)", "time", "[\"4h\", \"24h\"]", "service-level thresholds of the queue's EMAIL contacts (whole minutes; at most 20): `email_service_level_<T>` metrics"),
            ("external", "table", "(none)", "", "{ probability = 0.1, ring = \"15s\", answer_probability = 0.8, talk = \"3m\" }", "external parties agents add to the queue's voice conversations through a quick connect (EXTERNAL_OUTBOUND): see `queues.external`"),
        ],
    },
    Section {
        path: "queues.targets",
        about: "Staffing targets of a queue (`ccsim staff`).",
        fields: fields_of::<RawTargets>,
        docs: &[
            ("service_level", "table", "(none)", "", "{ threshold = \"20s\", target = 0.8 }", "share answered within a threshold"),
            ("max_abandonment_rate", "number", "(none)", "share 0–1", "0.05", "abandoned ÷ queued at most this"),
            ("max_asa", DUR, "(none)", "time", "\"30s\"", "mean queue time of answered contacts at most this"),
        ],
    },
    Section {
        path: "queues.targets.service_level",
        about: "A service-level target.",
        fields: fields_of::<RawServiceLevelTarget>,
        docs: &[
            ("threshold", DUR, "—", "time", "\"20s\"", "answered within this"),
            ("target", "number", "—", "share 0–1", "0.8", "at least this share"),
            ("definition", "\"answered\" or \"connect\"", "\"answered\"", "", "\"connect\"", "ccsim's definition, or Connect's (abandons and callbacks within the threshold count)"),
        ],
    },
    Section {
        path: "[[routing_profiles]]",
        about: "A routing profile: the queues its agents serve, by priority and delay.",
        fields: fields_of::<RawRoutingProfile>,
        docs: &[
            ("name", "string", "—", "", "\"generalists\"", "named by agent groups"),
            ("queues", "array of tables", "—", "", "[{ queue = \"support\", priority = 1 }]", "the queues served"),
            ("concurrency", "table", "{ voice = 1, chat = 1, task = 1 }", "contacts", "{ chat = 3 }", "contacts per agent at once, per channel"),
            ("cross_channel", "table", "{ voice = \"none\", chat = \"none\", task = \"none\" }", "", "{ chat = \"any\" }", "while on a channel, whether other channels are offered"),
            ("outbound_moves_to_back", "boolean", "true", "", "false", "an outbound call costs the agent its place in the idle order"),
            ("outbound_queue", "string", "(none)", "", "\"support\"", "the agents' outbound queue (its outbound whisper plays on their calls)"),
        ],
    },
    Section {
        path: "routing_profiles.queues",
        about: "One queue of a routing profile.",
        fields: fields_of::<RawProfileQueue>,
        docs: &[
            ("queue", "string", "—", "", "\"sales\"", "the queue"),
            ("priority", "integer", "1", "", "2", "1 = highest; a free agent takes from its highest-priority queue first"),
            ("delay", DUR, "\"0s\"", "time", "\"45s\"", "only contacts that waited at least this long"),
            ("channels", "array of strings", "all", "", "[\"chat\"]", "take only these channels from the queue"),
        ],
    },
    Section {
        path: "routing_profiles.concurrency",
        about: "Contacts an agent handles at once, per channel.",
        fields: fields_of::<RawConcurrency>,
        docs: &[
            ("voice", "integer", "1", "contacts", "1", "voice is always 1"),
            ("chat", "integer", "1", "contacts", "3", "1–10"),
            ("task", "integer", "1", "contacts", "2", "1–10"),
            ("email", "integer", "1", "contacts", "2", "1–10"),
        ],
    },
    Section {
        path: "routing_profiles.cross_channel",
        about: "While busy on a channel, whether contacts of other channels are offered.",
        fields: fields_of::<RawCrossChannel>,
        docs: &[
            ("voice", "\"none\" or \"any\"", "\"none\"", "", "\"none\"", "while on a call"),
            ("chat", "\"none\" or \"any\"", "\"none\"", "", "\"any\"", "while on chats"),
            ("task", "\"none\" or \"any\"", "\"none\"", "", "\"any\"", "while on tasks"),
            ("email", "\"none\" or \"any\"", "\"none\"", "", "\"any\"", "while on emails"),
        ],
    },
    Section {
        path: "[[agent_groups]]",
        about: "Agents on shift sharing a routing profile and behaviour.",
        fields: fields_of::<RawAgentGroup>,
        docs: &[
            ("name", "string", "—", "", "\"tier1\"", "distinct, also as a file name"),
            ("routing_profile", "string", "—", "", "\"generalists\"", "the profile its agents use"),
            ("headcount", "integer or array of integers", "— (or shifts)", "agents", "[8, 10, 12]", "agents on shift, throughout or per interval"),
            ("shifts", "array of tables", "(none)", "", "[{ template = \"early\", start = \"07:00\", agents = 12 }]", "staffs the group by shifts instead of headcount"),
            ("shrinkage", "table", "(none)", "", "{ absenteeism = 0.12, planned = 0.03 }", "absenteeism, aux time and planned time off the phones"),
            ("auto_accept", "boolean", "false", "", "true", "contacts accepted without a click (voice, chat, task)"),
            ("auto_accept_delay", DIST, "\"0s\"", "time", "\"0.5s\"", "time to auto-accept (under 1 s)"),
            ("answer_delay", DIST, "\"3s\"", "time", "{ dist = \"uniform\", min = \"1s\", max = \"5s\" }", "time to accept by hand"),
            ("answer_delay_by_channel", "table of distributions", "{}", "time", "{ chat = \"5s\" }", "per channel, over answer_delay"),
            ("miss_probability", "number", "0", "probability", "0.01", "offers missed (also: not answered within 20 s)"),
            ("missed_recovery", DIST, "\"30s\"", "time", "\"30s\"", "time in the Missed state"),
            ("after_contact_work", DIST, "\"0s\"", "time", "{ dist = \"lognormal\", mean = \"40s\", cv = 0.5 }", "wrap-up after each contact"),
            ("after_contact_work_by_channel", "table of distributions", "{}", "time", "{ chat = \"20s\", callback = \"10s\" }", "per channel, over after_contact_work"),
            ("auto_accept_by_channel", "table of booleans", "{}", "", "{ chat = true, callback = true }", "per channel, over auto_accept (callbacks: only here)"),
            ("outbound", "table", "(none)", "", "{ calls_per_hour = 6, ring = \"20s\", answer_probability = 0.45, talk = \"4m\" }", "agents dial out while free"),
            ("max_occupancy", "number", "(none)", "share above 0, at most 1", "0.9", "staffing target: occupancy at most this"),
            ("proficiencies", "array of tables", "[]", "", "[{ name = \"Language\", value = \"Spanish\", level = 4 }]", "what every agent of the group is proficient in, for routing criteria"),
        ],
    },
    Section {
        path: "agent_groups.shifts",
        about: "Agents working one shift template from one start time.",
        fields: fields_of::<RawShift>,
        docs: &[
            ("template", "string", "—", "", "\"early\"", "a [[shift_templates]] name"),
            ("start", "time of day", "—", "", "\"07:30\"", "one of the template's start times"),
            ("agents", "integer", "—", "agents", "12", "agents working it"),
            ("day", "integer", "(every day the template allows)", "day of the horizon", "0", "only on this day (0 = the first)"),
            ("breaks", "array of durations", "(staggered over each window)", "time after shift start", "[\"2h\", \"4h\"]", "one start per template break"),
        ],
    },
    Section {
        path: "agent_groups.shrinkage",
        about: "Time a group's scheduled agents are not on the phones, beyond their breaks.",
        fields: fields_of::<RawShrinkage>,
        docs: &[
            ("absenteeism", "number", "0", "probability", "0.12", "a scheduled agent is absent for the day"),
            ("aux", "table", "(none)", "", "{ share = 0.05, duration = \"10m\" }", "random unavailable periods"),
            ("planned", "number", "0", "share 0–1", "0.03", "share of on-shift agents in meetings or training each interval"),
        ],
    },
    Section {
        path: "agent_groups.shrinkage.aux",
        about: "Aux (unavailable) time: random periods off the phones.",
        fields: fields_of::<RawAux>,
        docs: &[
            ("share", "number", "—", "share 0–1", "0.05", "expected share of logged-in time in aux"),
            ("duration", DIST, "—", "time", "{ dist = \"exponential\", mean = \"10m\" }", "length of one aux period"),
        ],
    },
    Section {
        path: "[[shift_templates]]",
        about: "A shift people can work: its start times, length, days and breaks.",
        fields: fields_of::<RawShiftTemplate>,
        docs: &[
            ("name", "string", "—", "", "\"early\"", "named by agent_groups.shifts"),
            ("start", "time of day, list, or range", "—", "", "{ from = \"07:00\", to = \"09:00\", every = \"30m\" }", "candidate start times"),
            ("length", DUR, "—", "time", "\"8h30m\"", "paid length, breaks included"),
            ("days", "array of strings", "every day", "", "[\"mon\", \"tue\", \"wed\", \"thu\", \"fri\"]", "days of the week it is worked"),
            ("breaks", "array of tables", "[]", "", "[{ name = \"lunch\", length = \"30m\", window = [\"3h30m\", \"5h\"] }]", "breaks and lunches, in order"),
        ],
    },
    Section {
        path: "shift_templates.breaks",
        about: "A break or lunch within a shift.",
        fields: fields_of::<RawBreak>,
        docs: &[
            ("name", "string", "\"break\"", "", "\"lunch\"", "shown in schedules"),
            ("length", DUR, "—", "time", "\"30m\"", "off the phones this long"),
            ("window", "two durations", "—", "time after shift start", "[\"3h30m\", \"5h\"]", "earliest and latest start"),
        ],
    },
    Section {
        path: "agent_groups.after_contact_work_by_channel, agent_groups.answer_delay_by_channel, agent_groups.auto_accept_by_channel",
        about: "Per-channel settings of an agent group.",
        fields: fields_of::<RawByChannel<bool>>,
        docs: &[
            ("voice", "as the field", "the group's", "", "", "voice contacts"),
            ("chat", "as the field", "the group's", "", "", "chats"),
            ("task", "as the field", "the group's", "", "", "tasks"),
            ("email", "as the field", "the group's", "", "", "emails"),
            ("callback", "as the field", "voice's ACW and answer delay; no auto-accept", "", "", "callbacks (agent-first)"),
        ],
    },
    Section {
        path: "agent_groups.outbound",
        about: "OUTBOUND calls the agents place between inbound work.",
        fields: fields_of::<RawOutbound>,
        docs: &[
            ("calls_per_hour", "number", "—", "per agent-hour free", "6", "dialling rate of a free agent with nothing waiting"),
            ("ring", DIST, "—", "time", "\"20s\"", "ringing before an answer or giving up"),
            ("answer_probability", "number", "—", "probability", "0.45", "the callee answers"),
            ("talk", DIST, "—", "time", "{ dist = \"lognormal\", mean = \"4m\", cv = 0.8 }", "conversation"),
        ],
    },
    Section {
        path: "[[flows]]",
        about: "A contact flow: inbound (IVR), customer queue, whispers, holds, transfers.",
        fields: fields_of::<RawFlow>,
        docs: &[
            ("name", "string", "—", "", "\"Main IVR\"", "a default flow's name redefines it"),
            ("type", "string", "—", "", "\"inbound\"", "inbound, customer_queue, customer_hold, customer_whisper, outbound_whisper, agent_hold, agent_whisper, agent_transfer, queue_transfer"),
            ("duration", DIST, "the type's", "time", "{ dist = \"lognormal\", mean = \"45s\", cv = 0.4 }", "how long it plays"),
            ("self_service", "number", "0", "probability", "0.3", "inbound: ends with the flow, no agent"),
            ("queues", "array of tables", "[]", "", "[{ queue = \"support\", probability = 0.7 }]", "inbound: queue branches"),
            ("sets", "table of strings", "{}", "", "{ customer_hold = \"Jazz\" }", "Set … flow blocks (customer_queue, customer_hold, agent_hold, agent_whisper, customer_whisper, outbound_whisper, disconnect)"),
            ("routing", "table", "(none)", "", "{ add_age = \"30s\" }", "inbound: change routing priority / age"),
            ("callback", "table", "(none)", "", "{ offer_after = \"90s\", take_probability = 0.3 }", "customer_queue: callback offers"),
            ("move_to_queue", "table", "(none)", "", "{ queue = \"overflow\", after = \"4m\" }", "customer_queue: QUEUE_TRANSFER after a wait"),
            ("change_routing", "array of tables", "[]", "", "[{ after = \"60s\", priority = 1 }]", "customer_queue: routing changes for contacts still waiting"),
            ("send_email", "table", "(none)", "", "{ probability = 1.0 }", "inbound: emails the contact going through (FLOW; see flows.send_email)"),
        ],
    },
    Section {
        path: "flows.queues",
        about: "A queue branch of an inbound flow.",
        fields: fields_of::<RawQueueBranch>,
        docs: &[
            ("queue", "string", "—", "", "\"support\"", "the queue"),
            ("probability", "number", "—", "probability", "0.7", "share of the flow's contacts not self-served"),
            ("sets", "table of strings", "{}", "", "{ agent_whisper = \"Support whisper\" }", "Set … blocks for this branch, over the flow's"),
            ("routing", "table", "(none)", "", "{ priority = 2 }", "routing change for this branch, over the flow's"),
            ("routing_criteria", "string", "(none)", "", "\"spanish_first\"", "Set routing criteria on this branch's contacts (a [[routing_criteria]] name), over the source's"),
        ],
    },
    Section {
        path: "flows.routing, flows.queues.routing",
        about: "Change routing priority / age.",
        fields: fields_of::<RawRoutingChange>,
        docs: &[
            ("priority", "integer", "(unchanged)", "", "2", "1 = highest"),
            ("add_age", DUR, "(none)", "time", "\"30s\"", "looks this much older"),
            ("subtract_age", DUR, "(none)", "time", "\"30s\"", "looks this much younger"),
        ],
    },
    Section {
        path: "flows.change_routing",
        about: "A routing change for a contact still waiting after a time in queue.",
        fields: fields_of::<RawTimedRoutingChange>,
        docs: &[
            ("after", DUR, "—", "time", "\"60s\"", "time in the queue"),
            ("priority", "integer", "(unchanged)", "", "1", "1 = highest"),
            ("add_age", DUR, "(none)", "time", "\"5m\"", "looks this much older"),
            ("subtract_age", DUR, "(none)", "time", "\"1m\"", "looks this much younger"),
        ],
    },
    Section {
        path: "flows.callback",
        about: "Callback offers of a customer queue flow.",
        fields: fields_of::<RawCallback>,
        docs: &[
            ("offer_after", DUR, "—", "time", "\"90s\"", "offered to contacts waiting this long"),
            ("take_probability", "number", "—", "probability", "0.3", "the customer takes it"),
            ("initial_delay", DUR, "\"0s\"", "time", "\"2m\"", "spent outside the queue before it enters"),
            ("max_attempts", "integer", "3", "", "3", "dial attempts"),
            ("retry_delay", DUR, "\"10m\"", "time", "\"5m\"", "after an unanswered attempt, out of the queue"),
            ("queue", "string", "the customer's", "", "\"callbacks\"", "the queue the callback waits in"),
            ("ring", DIST, "\"20s\"", "time", "\"15s\"", "ringing per attempt"),
            ("answer_probability", "number", "—", "probability", "0.7", "the customer answers an attempt"),
            ("voicemail_probability", "number", "0", "probability", "0.1", "an unanswered attempt reaches voicemail"),
            ("voicemail", DIST, "\"30s\"", "time", "\"30s\"", "time the agent spends on a voicemail"),
            ("talk", DIST, "the customer's", "time", "\"3m\"", "the conversation when the customer answers"),
        ],
    },
    Section {
        path: "flows.move_to_queue",
        about: "QUEUE_TRANSFER: a contact still waiting moves to another queue.",
        fields: fields_of::<RawQueueMove>,
        docs: &[
            ("queue", "string", "—", "", "\"overflow\"", "the new queue"),
            ("after", DUR, "—", "time", "\"4m\"", "time in the queue before the move"),
        ],
    },
    Section {
        path: "[[sources]]",
        about: "Where contacts come from: an initiation method, a channel, arrivals and customers.",
        fields: fields_of::<RawSource>,
        docs: &[
            ("name", "string", "—", "", "\"main_line\"", "names the source's random streams"),
            ("method", "string", "\"inbound\"", "", "\"api_chat\"", "inbound, webrtc (StartWebRTCContact: in-app / web voice, WEBRTC_API), api_voice, api_chat, api_task"),
            ("channel", "string", "the method's", "", "\"voice\"", "voice, chat or task (as the method implies); with method = \"inbound\", \"email\" makes inbound emails (INBOUND on EMAIL)"),
            ("dial", "table", "(none)", "", "{ ring = \"20s\", answer_probability = 0.6 }", "api_voice: Connect dials the customer"),
            ("scheduled_after", DIST, "(none)", "time", "{ dist = \"uniform\", min = \"0s\", max = \"2h\" }", "api_task: starts this long after it is created"),
            ("rate_per_hour", "number", "(one of three)", "contacts per hour", "200", "Poisson arrivals at a constant rate"),
            ("volume_per_interval", "array of numbers", "(one of three)", "contacts per interval", "[40, 60, 80]", "Poisson arrivals, a mean per interval"),
            ("arrival_times", "array of durations", "(one of three)", "time", "[\"0s\", \"95s\"]", "exact arrival instants (a replayed day)"),
            ("arrival_counts", "string", "\"poisson\"", "", "\"exact\"", "with a rate or volumes: \"poisson\" draws each interval's count around its volume; \"exact\" brings the volume itself (a fraction: one more with its probability) at uniform times within the interval; \"observed\" (calibrate writes it: counts of the data) is exact in a backtest, Poisson elsewhere"),
            ("rate_scale", "number", "1.0", "multiplier", "1.15", "what-if multiplier on volume (rates and volumes; not with arrival_times, which replay each arrival)"),
            ("inbound_flow", "string", "\"Default inbound\"", "", "\"Main IVR\"", "the inbound flow its contacts hear"),
            ("queue", "string", "(none)", "", "\"support\"", "used when the inbound flow names no queue"),
            ("routing_priority", "integer", "5", "", "1", "the routing priority its contacts start with (1 highest)"),
            ("routing_criteria", "string", "(none)", "", "\"spanish_first\"", "the routing criteria its contacts carry (a [[routing_criteria]] name); a queue branch's own overrides it"),
            ("customer", "table", "—", "", "[sources.customer]", "how its customers behave"),
            ("reply", "table", "(none)", "", "{ probability = 0.7, writing = \"6m\" }", "email sources: the agents' replies (AGENT_REPLY; see sources.reply)"),
            ("day_of_week", "table", "(none)", "multiplier", "{ mon = 1.15, sun = 0.6 }", "volume by weekday over a multi-day horizon (default 1)"),
            ("redial", "table", "(none)", "", "{ probability = 0.6, delay = \"10m\", max_tries = 3 }", "inbound, webrtc: customers who abandon or are turned away call again"),
            ("pause", "table", "(none)", "", "{ probability = 0.3, after = \"4m\", duration = \"30m\" }", "api_task: tasks the agent pauses (PauseContact), freeing the task slot until they resume (see sources.pause)"),
        ],
    },
    Section {
        path: "sources.day_of_week",
        about: "Volume multipliers by day of the week; the weekday of day 0 comes from [simulation] start.",
        fields: fields_of::<RawDayOfWeek>,
        docs: &[
            ("mon", "number", "1", "multiplier", "1.15", "Mondays"),
            ("tue", "number", "1", "multiplier", "1.0", "Tuesdays"),
            ("wed", "number", "1", "multiplier", "1.0", "Wednesdays"),
            ("thu", "number", "1", "multiplier", "1.0", "Thursdays"),
            ("fri", "number", "1", "multiplier", "0.95", "Fridays"),
            ("sat", "number", "1", "multiplier", "0.7", "Saturdays"),
            ("sun", "number", "1", "multiplier", "0.6", "Sundays"),
        ],
    },
    Section {
        path: "sources.dial",
        about: "Connect dialling an API voice contact's customer.",
        fields: fields_of::<RawDial>,
        docs: &[
            ("ring", DIST, "—", "time", "\"20s\"", "ringing before an answer or giving up"),
            ("answer_probability", "number", "—", "probability", "0.6", "the customer answers"),
        ],
    },
    Section {
        path: "sources.customer",
        about: "The customers of a source.",
        fields: fields_of::<RawCustomer>,
        docs: &[
            ("patience", DIST, "(waits forever)", "time", "{ dist = \"weibull\", mean = \"4m\", shape = 1.3 }", "time in queue before abandoning; \"0s\": leaves unless an agent is free now"),
            ("talk", DIST, "—", "time", "{ dist = \"lognormal\", mean = \"4m\", cv = 0.7 }", "conversation"),
            ("holds", "table", "(none)", "", "{ mean_count = 0.3, duration = \"40s\" }", "holds during the conversation"),
            ("stays_for_disconnect_flow", "number", "0", "probability", "0.25", "stays on the line for the disconnect flow"),
            ("transfer", "transfer table", "(none)", "", "[sources.customer.transfer]", "fallback transfer rule when the queue sets none"),
        ],
    },
    Section {
        path: "sources.customer.holds",
        about: "Holds during a conversation.",
        fields: fields_of::<RawHolds>,
        docs: &[
            ("mean_count", "number", "—", "holds per contact", "0.3", "Poisson number of holds"),
            ("duration", DIST, "—", "time", "{ dist = \"exponential\", mean = \"40s\" }", "each hold"),
        ],
    },
    Section {
        path: "transfer tables (queues.transfer, queues.transfer_by_group.*, sources.customer.transfer)",
        about: "TRANSFER: how an agent transfers a contact it answered.",
        fields: fields_of::<RawTransfer>,
        docs: &[
            ("probability", "number", "—", "probability", "0.1", "per leg"),
            ("after", DIST, "—", "time", "{ dist = \"exponential\", mean = \"2m\" }", "talk before the transfer"),
            ("to_group", "string", "(one of two)", "", "\"billing_team\"", "agent quick connect to one agent of this group"),
            ("agent", "\"longest_idle\" or \"random\"", "\"longest_idle\"", "", "\"random\"", "with to_group: which agent is named"),
            ("to_queue", "string", "(one of two)", "", "\"billing\"", "queue quick connect"),
            ("flow", "string", "Default agent / queue transfer", "", "\"To billing\"", "the transfer flow played to the agent"),
            ("cold", "boolean", "false", "", "true", "the source agent leaves once the transfer flow has played"),
            ("consult", DIST, "\"0s\"", "time", "\"30s\"", "warm: agents talk before the action"),
            ("actions", "table", "{ end_call = 1 }", "probabilities", "{ join = 0.2, hold_all = 0.1, hold_destination = 0.1, end_call = 0.6 }", "what the source agent does after the consult"),
            ("action_duration", DIST, "\"0s\"", "time", "\"40s\"", "how long join / hold all / hold destination last"),
            ("withdraw_probability", "number", "0", "probability", "0.05", "the destination leaves instead; the source keeps the customer"),
            ("talk_after", DIST, "—", "time", "{ dist = \"lognormal\", mean = \"3m\", cv = 0.6 }", "the destination's conversation"),
            ("hold_patience", DIST, "(waits forever)", "time", "{ dist = \"exponential\", mean = \"4m\" }", "the caller may hang up on hold"),
            ("max_chain", "integer", "11", "transfers", "11", "transfers of transfers (Connect's limit)"),
        ],
    },
    Section {
        path: "transfer.actions",
        about: "The source agent's action after a warm transfer's consult (probabilities summing to 1).",
        fields: fields_of::<RawActions>,
        docs: &[
            ("join", "number", "0", "probability", "0.2", "all three talk, then the source leaves"),
            ("hold_all", "number", "0", "probability", "0.1", "both parties on hold for a while"),
            ("hold_destination", "number", "0", "probability", "0.1", "the destination on hold for a while"),
            ("end_call", "number", "1", "probability", "0.6", "the source leaves at once"),
        ],
    },
    Section {
        path: "distribution tables",
        about: "A distribution: a duration (a constant) or a table naming the family (README, \"Scenario format\").",
        fields: fields_of::<RawDistTable>,
        docs: &[
            ("dist", "string", "—", "", "\"lognormal\"", "constant, exponential, lognormal, gamma, erlang, weibull, uniform, empirical"),
            ("mean", DUR, "—", "time", "\"3m\"", "exponential, lognormal, gamma, erlang, weibull"),
            ("value", DUR, "—", "time", "\"30s\"", "constant"),
            ("cv", "number", "—", "ratio", "0.6", "lognormal, gamma: standard deviation ÷ mean"),
            ("k", "integer", "—", "", "3", "erlang: number of phases"),
            ("shape", "number", "—", "", "1.3", "weibull"),
            ("min", DUR, "—", "time", "\"1s\"", "uniform"),
            ("max", DUR, "—", "time", "\"5s\"", "uniform"),
            ("values", "array of durations", "—", "time", "[\"20s\", \"45s\", \"2m\"]", "empirical: each equally likely"),
        ],
    },
    Section {
        path: "sources.reply",
        about: "An email source's agent replies (AGENT_REPLY): a new EMAIL contact linked to the inbound email, written by the same agent in the same slot, then the email ACW.",
        fields: fields_of::<RawReply>,
        docs: &[
            ("probability", "number", "—", "probability", "0.7", "share of handled emails the agent replies to"),
            ("writing", DIST, "—", "time", "{ dist = \"lognormal\", mean = \"6m\", cv = 0.5 }", "the reply's agent interaction (its after-contact work follows)"),
        ],
    },
    Section {
        path: "flows.send_email",
        about: "An email an inbound flow sends (FLOW): its own EMAIL contact with no agent, related to the contact going through the flow.",
        fields: fields_of::<RawSendEmail>,
        docs: &[
            ("probability", "number", "—", "probability", "1.0", "share of the flow's contacts it emails"),
            ("sending", DIST, "(none)", "time", "\"20s\"", "how long the email holds an email line of the instance before it is sent; none: sent at once, holding no line"),
        ],
    },
    Section {
        path: "agent_groups.proficiencies",
        about: "One proficiency of every agent of the group: a predefined attribute's value at a level (Connect's agent proficiencies).",
        fields: fields_of::<RawProficiency>,
        docs: &[
            ("name", "string", "—", "", "\"Language\"", "the predefined attribute"),
            ("value", "string", "—", "", "\"Spanish\"", "its value"),
            ("level", "integer", "—", "level 1–5", "4", "how proficient (5 highest)"),
        ],
    },
    Section {
        path: "[[routing_criteria]]",
        about: "A named routing criteria (Connect's Set routing criteria block): ordered steps; a contact's first step starts when it enters its queue, each later one when the step before expires (it replaces it); after the last, any agent of the queue may take it.",
        fields: fields_of::<RawRoutingCriteria>,
        docs: &[
            ("name", "string", "—", "", "\"spanish_first\"", "what sources and queue branches call it"),
            ("steps", "array of tables", "—", "", "[{ expression = { name = \"Language\", value = \"Spanish\", level = 4 }, expiry = \"30s\" }]", "at least one; only the last may leave out `expiry`"),
        ],
    },
    Section {
        path: "routing_criteria.steps",
        about: "One routing step: only agents matching its expression may take the contact while it is in force.",
        fields: fields_of::<RawStep>,
        docs: &[
            ("expression", "table", "—", "", "{ and = [{ name = \"Language\", value = \"Spanish\", level = 3 }, { name = \"Skill\", value = \"Billing\", level = 2 }] }", "who matches (see the next table)"),
            ("expiry", DUR, "(never expires)", "time", "\"30s\"", "how long the step lasts; > 0"),
        ],
    },
    Section {
        path: "routing_criteria.steps.expression (and its `and` / `or` parts)",
        about: "An expression: one condition (`name`, `value`, and `level` or `range`), or `and = [ … ]` (all must match), or `or = [ … ]` (one must); nested up to 8 deep. An attribute value no group holds never matches.",
        fields: fields_of::<RawExpression>,
        docs: &[
            ("name", "string", "(condition)", "", "\"Language\"", "the predefined attribute"),
            ("value", "string", "(condition)", "", "\"Spanish\"", "its value"),
            ("level", "integer", "(one of two)", "level 1–5", "4", "at least this level (Connect's NumberGreaterOrEqualTo)"),
            ("range", "table", "(one of two)", "levels 1–5", "{ min = 2, max = 4 }", "a level in this range (Connect's Range)"),
            ("and", "array of expressions", "(none)", "", "[{ … }, { … }]", "every part must match (AndExpression)"),
            ("or", "array of expressions", "(none)", "", "[{ … }, { … }]", "some part must match (OrExpression)"),
        ],
    },
    Section {
        path: "routing_criteria.steps.expression.range",
        about: "A range of proficiency levels, both ends included.",
        fields: fields_of::<RawRange>,
        docs: &[
            ("min", "integer", "—", "level 1–5", "2", "lowest level that matches"),
            ("max", "integer", "—", "level 1–5", "4", "highest level that matches"),
        ],
    },
    Section {
        path: "sources.redial",
        about: "Redials after abandonment: a customer who abandons in queue or is turned away (a full queue, the instance's limit) calls again, as a new contact of the same source and customer.",
        fields: fields_of::<RawRedial>,
        docs: &[
            ("probability", "number", "—", "probability", "0.6", "the customer calls again, at each try"),
            ("delay", DIST, "—", "time", "{ dist = \"exponential\", mean = \"10m\" }", "from giving up to calling again"),
            ("max_tries", "integer", "—", "calls", "3", "redials per customer at most (1–31); the first call not counted"),
        ],
    },
    Section {
        path: "[[campaigns]]",
        about: "An outbound campaign (Amazon Connect outbound campaigns): its calls are placed through StartOutboundVoiceContact (records: `API` on `VOICE`, with `Campaign.CampaignId` and `AnsweringMachineDetectionStatus`). Agent modes dial only for agents that routing found no inbound work for, within the bandwidth allocation.",
        fields: fields_of::<RawCampaign>,
        docs: &[
            ("name", "string", "—", "", "\"renewals\"", "unique among campaigns; names its report scope (`campaign`)"),
            ("mode", "string", "—", "", "\"predictive\"", "`progressive` (one dial per free agent, reserved while it rings), `predictive` (dials ahead by ccsim's pacing rule, README \"Outbound campaigns\"), `preview` (the agent previews, then the call is dialled) or `agentless` (no agent; answered calls hear the message)"),
            ("agent_group", "string", "— (not agentless)", "", "\"blended\"", "the agent group whose agents take its calls"),
            ("bandwidth", "number", "1", "share", "0.4", "Connect's bandwidth allocation: at most round(bandwidth × agents on shift) of the group's agents on its calls at once"),
            ("start", "duration", "\"0s\"", "from the run's start", "\"1h\"", "when dialling starts"),
            ("end", "duration", "the horizon", "from the run's start", "\"7h\"", "when dialling stops (calls in progress finish)"),
            ("contacts", "integer", "(none)", "contacts", "5000", "size of the contact list: no more dials than this; left out, the list never runs out"),
            ("dials_per_hour", "number", "— (agentless)", "dials/h", "600", "agentless: Poisson dial attempts per hour"),
            ("max_concurrent", "integer", "(none)", "calls", "50", "agentless: the most calls in progress; attempts beyond it are not dialled"),
            ("ring", "distribution", "—", "", "\"18s\"", "ringing until the answer, or until the dial gives up"),
            ("answer_probability", "number", "—", "probability", "0.4", "a dial is answered (by a person or a machine)"),
            ("machine_share", "number", "0", "share", "0.25", "share of answers by an answering machine (AMD): no agent takes them; they hear `message` if set, else are hung up on"),
            ("message", "distribution", "(none); — agentless", "", "\"30s\"", "the message left on a machine; agentless: played to everyone who answers"),
            ("talk", "distribution", "— (agent modes)", "", "\"4m\"", "talk with the agent"),
            ("after_contact_work", "distribution", "\"0s\"", "", "\"30s\"", "the agent's wrap-up after a call that reached a person"),
            ("preview", "distribution", "— (preview)", "", "\"20s\"", "preview: how long the reserved agent sees the contact before the dial"),
            ("abandonment_cap", "number", "0.03", "share", "0.03", "predictive: the most abandoned ÷ answered by a person the pacing may reach"),
            ("abandon_after", "duration", "\"2s\"", "", "\"2s\"", "predictive: how long an answered call waits for a free agent before it is abandoned"),
            ("max_dial_ratio", "number", "3", "calls per free agent", "3", "predictive: the most calls in progress (ringing or waiting) per free agent"),
        ],
    },
    Section {
        path: "queues.external",
        about: "External parties (EXTERNAL_OUTBOUND): once the customer's own talk is over, the agent of a voice conversation from this queue may dial an external number through a quick connect. The external leg is a new contact linked by PreviousContactId; it holds a voice line (none free: the dial fails at once); the agent's conversation goes on through its ring and, if answered, the three-party talk.",
        fields: fields_of::<RawExternal>,
        docs: &[
            ("probability", "number", "—", "probability", "0.1", "a voice conversation from the queue adds an external party (not one its agent transfers)"),
            ("ring", DIST, "—", "time", "\"15s\"", "ringing of the external leg, until the answer or until the dial gives up"),
            ("answer_probability", "number", "—", "probability", "0.8", "the external party answers"),
            ("talk", DIST, "—", "time", "{ dist = \"exponential\", mean = \"3m\" }", "three-party talk once the external party answered"),
            ("number", "string", "a made-up +1555 number", "", "\"+442071234567\"", "the quick connect's external number (E.164): the external contact's `CustomerEndpoint`"),
        ],
    },
    Section {
        path: "[[supervisor_groups]]",
        about: "Supervisors who silently monitor (or barge into) conversations (MONITOR). When a voice or chat conversation from a watched queue starts, it is chosen with `share`; it takes the supervisor free longest, or is not monitored when none is free (`monitor_missed`). The supervisor listens for `listen`, cut at the conversation's end. Supervisors are not agents: they take nothing from queues; their time is the group's `supervisor_occupancy`.",
        fields: fields_of::<RawSupervisorGroup>,
        docs: &[
            ("name", "string", "—", "", "\"team_leads\"", "unique among supervisor groups; names its report scope (`supervisor_group`)"),
            ("headcount", "integer", "—", "supervisors", "2", "supervisors logged in for the whole run (0–100,000)"),
            ("queues", "array of strings", "—", "", "[\"sales\"]", "the queues whose conversations the group watches (a queue two groups name is watched by the first)"),
            ("share", "number", "—", "probability", "0.1", "a watched conversation is chosen for monitoring"),
            ("listen", DIST, "—", "time", "{ dist = \"exponential\", mean = \"2m\" }", "how long a supervisor listens, cut at the end of the conversation"),
        ],
    },
    Section {
        path: "sources.pause",
        about: "Tasks that pause (Connect's PauseContact / ResumeContact): while an agent works a task, it is paused with `probability` once `after` of its work is done (no pause if the work would end first); the agent's task slot is free while it is paused; after `duration` it resumes with the same agent, at once if the agent has a free task slot (concurrency and cross-channel rules), else at the agent's next free slot, before any new offer. Records: `TotalPauseCount`, `TotalPauseDurationInSeconds`, `Agent.AgentPauseDurationInSeconds`.",
        fields: fields_of::<RawPause>,
        docs: &[
            ("probability", "number", "—", "probability", "0.3", "the task pauses, decided afresh before each pause"),
            ("after", DIST, "—", "time", "\"4m\"", "work done (since the agent started it, or since it last resumed) before the pause"),
            ("duration", DIST, "—", "time", "{ dist = \"exponential\", mean = \"30m\" }", "how long it stays paused before it is ready to resume"),
            ("max_pauses", "integer", "1", "pauses", "2", "pauses per task at most (1–16)"),
        ],
    },
];

/// Fields a struct accepts that have no row, as `table: field`.
pub fn undocumented() -> Vec<String> {
    let mut out = Vec::new();
    for s in SECTIONS {
        for f in (s.fields)() {
            if !s.docs.iter().any(|d| d.0 == *f) {
                out.push(format!("{}: {f}", s.path));
            }
        }
    }
    out
}

/// Rows naming a field the struct does not accept, as `table: field`.
pub fn stale() -> Vec<String> {
    let mut out = Vec::new();
    for s in SECTIONS {
        let fields = (s.fields)();
        for d in s.docs {
            if !fields.contains(&d.0) {
                out.push(format!("{}: {}", s.path, d.0));
            }
        }
    }
    out
}

/// The reference as Markdown: a table per section, fields in the order
/// the structs declare them (an undocumented one still listed, marked).
pub fn markdown() -> String {
    let mut o = String::from(
        "# Scenario file reference\n\n\
         Generated by `ccsim schema` from the scenario parser's own field lists; do not edit.\n\
         Regenerate with `cargo run --release -- schema > docs/scenario-reference.md`.\n\n\
         Durations are written as people write them (`\"90s\"`, `\"5m\"`, `\"1h30m\"`, `\"250ms\"`; a bare\n\
         number is seconds). A *distribution* is a duration (a constant) or a distribution table.\n\
         Default `—`: required. `(none)`: leaving the field out switches the feature off.\n",
    );
    let cell = |s: &str| s.replace('|', "\\|");
    for s in SECTIONS {
        o.push_str(&format!("\n## `{}`\n\n{}\n\n", s.path, s.about));
        o.push_str(
            "| field | type | default | unit | example | meaning |\n|---|---|---|---|---|---|\n",
        );
        for f in (s.fields)() {
            let row = match s.docs.iter().find(|d| d.0 == *f) {
                Some(&(_, ty, default, unit, example, meaning)) => {
                    let code = |v: &str| {
                        if v.is_empty() {
                            String::new()
                        } else {
                            format!("`{}`", cell(v))
                        }
                    };
                    format!(
                        "| `{f}` | {} | {} | {} | {} | {} |\n",
                        cell(ty),
                        cell(default),
                        cell(unit),
                        code(example),
                        cell(meaning)
                    )
                }
                None => format!("| `{f}` | **undocumented** | | | | |\n"),
            };
            o.push_str(&row);
        }
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_probe_reads_a_structs_fields() {
        let f = fields_of::<RawSimulation>();
        assert!(f.contains(&"horizon") && f.contains(&"drain"), "{f:?}");
        // Renames apply: the flow's `flow_type` is written `type`.
        assert!(fields_of::<RawFlow>().contains(&"type"));
    }

    #[test]
    fn every_field_has_exactly_one_row() {
        assert_eq!(undocumented(), Vec::<String>::new(), "add rows to SECTIONS");
        assert_eq!(stale(), Vec::<String>::new(), "remove these rows");
    }
}
