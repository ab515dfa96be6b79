//! The contact center: contacts, agents, queues, routing and flows, as
//! `shared/MODEL.md` describes them, driven by the [`engine`](crate::engine).
//!
//! - [`spec`]: the validated static description (what a scenario becomes);
//! - [`event`]: the closed catalogue of events;
//! - [`center`]: the handler — the INBOUND lifecycle, routing, offers,
//!   whispers, holds, after-contact work, abandonment and shifts;
//! - [`record`]: what the center reports (contact records, agent and queue
//!   time) to an [`Observer`](record::Observer) such as the statistics.
//!
//! # Glossary
//!
//! - **Contact**: one leg of an interaction, with its own contact record.
//! - **Queue**: where contacts wait for an agent, first come first served.
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
//!   (and Connect's variant: removed from the queue within it, abandons
//!   included).
//! - **AHT** (average handle time): talk + hold + ACW.
//! - **Occupancy**: time on contacts ÷ (time on contacts + time available).
//! - **Abandonment**: a queued customer hanging up before an agent answers.

pub mod arrivals;
#[allow(clippy::module_inception)]
pub mod center;
pub mod event;
pub mod ids;
pub mod methods;
pub mod record;
pub mod spec;
pub mod streams;

pub use center::{run_replication, Center, RunInfo};
pub use record::{
    AgentActivity, ContactRecord, DisconnectReason, FlowPlay, Observer, Outcome, Party,
};
