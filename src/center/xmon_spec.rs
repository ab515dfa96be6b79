//! What a scenario says about external parties (EXTERNAL_OUTBOUND) and
//! supervisor monitoring (MONITOR): plain data, built by the scenario's
//! checks and read by [`methods::external_outbound`](super::methods::external_outbound)
//! and [`methods::monitor`](super::methods::monitor).

use crate::engine::Dist;

use super::ids::QueueId;

/// A queue's `external`: how often the agents answering its voice contacts
/// add an external party through a quick connect, and what happens then.
#[derive(Debug, Clone)]
pub struct ExternalSpec {
    /// Probability that a voice conversation from the queue adds one.
    pub probability: f64,
    /// Ringing of the external leg (seconds).
    pub ring: Dist,
    /// Probability that the external party answers.
    pub answer_probability: f64,
    /// Three-party talk once answered (seconds).
    pub talk: Dist,
    /// The quick connect's external phone number (E.164): the external
    /// contact's `CustomerEndpoint`.
    pub number: String,
}

/// `[[supervisor_groups]]`: supervisors who silently monitor (or barge
/// into) a share of the conversations of some queues. Not agents: they
/// take no contacts from queues.
#[derive(Debug, Clone)]
pub struct SupervisorGroupSpec {
    /// Name.
    pub name: String,
    /// Supervisors logged in, all run long.
    pub headcount: u32,
    /// The queues whose conversations they watch.
    pub queues: Vec<QueueId>,
    /// Share of those conversations they monitor.
    pub share: f64,
    /// How long a supervisor listens (seconds); cut at the end of the
    /// monitored conversation.
    pub listen: Dist,
}

/// What was drawn for one external party added to a conversation: a fixed
/// set of draws from the queue's external stream, made when the
/// conversation starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExternalCall {
    /// The queue whose quick connect is dialled.
    pub queue: QueueId,
    /// Ringing of the external leg.
    pub ring: crate::engine::SimDuration,
    /// Whether the external party answers.
    pub answered: bool,
    /// Three-party talk, if answered.
    pub talk: crate::engine::SimDuration,
}
