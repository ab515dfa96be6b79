//! The contact center: contacts, agents, queues, routing and flows, as
//! `shared/MODEL.md` describes them, driven by the [`engine`](crate::engine).
//!
//! # Rooms: where does my change go?
//!
//! What the center is given, what it says, and its runtime state:
//!
//! | file | holds | a change goes here when it… |
//! |---|---|---|
//! | [`spec`] | the validated static description (what a scenario becomes) | adds a field to a queue, profile, group, flow or source |
//! | [`event`] | the closed catalogue of events | adds something that can happen |
//! | [`record`] | contact records, agent and queue time, the [`Observer`] | adds something the center reports |
//! | [`state`] | runtime types: `Contact`, `Agent`, queue, source and group runtimes, `TransferPlan` | adds runtime state to a contact or an agent |
//! | [`criteria`] | routing criteria (steps, expressions) and proficiencies; a contact's place in its steps | adds to routing criteria or proficiencies |
//! | [`campaign_spec`] | outbound campaigns as described: dialling mode, group and bandwidth, list and window, ring/answer/AMD, talk and ACW | adds a campaign setting |
//! | [`ids`], [`streams`], [`arrivals`] | typed indices; random stream ids; arrival processes | adds a random stream or an arrival pattern |
//! | [`shifts`] | shift templates, assignments, shrinkage; calendar days and break placement | adds a field to a shift or shrinkage |
//!
//! The handler — one `impl Center` spread over rooms, one per part of the
//! lifecycle:
//!
//! | file | holds | a change goes here when it… |
//! |---|---|---|
//! | [`center`](mod@center) | the [`Center`] struct and the event dispatch (exhaustive: a new event must be guarded and handled there) | adds an event or a field of the center |
//! | [`build`] | one replication: `run_replication`, `new` (runtime from the spec), `start`, `finish`, the horizon | adds per-replication setup or end-of-run reporting |
//! | [`contacts`] | the contact arena, contact creation and chains, instance lines, disconnect and end, flows played | changes how any contact is created, linked, disconnected or ended |
//! | [`routing`] | queues (enqueue, level, leave), routing delays, priority levels, offers | changes who is offered what, and when |
//! | [`routing_steps`] | routing criteria at run time: steps starting at the enqueue, expiring, and which groups the step in force admits | changes how routing criteria steer a contact |
//! | [`agents`] | agent state and time accounting, idle order, eligibility sets, release, Missed, shift changes | changes agent states, concurrency or headcount |
//! | [`roster`] | shift groups' timelines: agents per shift, absences, shift starts, breaks and ends | changes how shifts staff a group |
//! | [`away`] | breaks, aux and planned activities: falling due, going away after the current contact, coming back | changes shrinkage or what happens off the phones |
//! | [`conversation`] | accept → agent whisper → customer whisper → talk and holds → ACW; patience (abandonment) | changes the common path to and through a conversation |
//! | [`methods`] | one file per initiation method (inbound and API, outbound, transfer, callback, queue transfer, disconnect) | changes what is specific to one method |
//! | [`campaign`], [`dialer`] | outbound campaigns: reserving agents and dialling (progressive, preview), the predictive pacing rule and its waiting answered calls, agentless dialling, AMD; the dialler's runtime | changes how a campaign dials or what its calls do |
//!
//! Imports go one way: every room imports [`center`](mod@center) (the struct),
//! [`state`] and the catalogue files; none of those imports a room back.
//! Rooms call each other's methods (that is one `impl`), never import each
//! other.
//!
//! # Glossary
//!
//! - **Contact**: one leg of an interaction, with its own contact record.
//! - **Queue**: where contacts wait for an agent, ordered by routing
//!   priority (1 first; Connect's default 5), then routing age (oldest
//!   first): first come, first served when nothing changes them.
//! - **Routing profile**: the queues an agent serves, each with a priority
//!   (1 = highest) and a delay (a contact must have waited that long).
//! - **Offer**: a contact presented to an agent, accepted (auto-accept or
//!   after an answer delay) or **missed** (the contact keeps its place; the
//!   agent goes to the Missed state for a while).
//! - **Whisper**: a short flow played to one party before the conversation:
//!   the agent whisper to the agent (the customer is still queued, so Connect
//!   counts it in queue time), then the customer whisper to the customer.
//! - **ACW** (after-contact work): wrap-up after the conversation; the agent
//!   is busy until it ends.
//! - **ASA** (average speed of answer): mean queue time of answered contacts.
//! - **Service level**: share of queued contacts answered within a threshold
//!   (and Connect's variant: removed from the queue within it — answered,
//!   abandoned or turned into a callback; a move to another queue is not a
//!   removal).
//! - **AHT** (average handle time): talk + hold + ACW.
//! - **Occupancy**: time on contacts ÷ (time on contacts + time available).
//! - **Abandonment**: a queued customer hanging up before an agent answers.

pub mod agents;
pub mod arrivals;
pub mod away;
pub mod build;
pub mod campaign;
pub mod campaign_spec;
#[allow(clippy::module_inception)]
pub mod center;
pub mod contacts;
pub mod conversation;
pub mod criteria;
pub mod dialer;
pub mod event;
pub mod ids;
pub mod methods;
pub mod record;
pub mod roster;
pub mod routing;
pub mod routing_steps;
pub mod shifts;
pub mod sorted;
pub mod spec;
pub mod state;
pub mod streams;
pub mod supervisors;
pub mod xmon_spec;

pub use build::{run_replication, run_replication_chaining, RunInfo};
pub use center::Center;
pub use record::{
    AgentActivity, AgentHours, ContactRecord, DisconnectReason, FlowPlay, Observer, Outcome, Party,
    PauseRecord,
};
pub use shifts::{BreakRule, ShiftAssignment, ShiftTemplate, Shrinkage};
