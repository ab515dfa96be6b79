//! Every event of the contact-center model, in one closed catalogue.
//!
//! Events are small `Copy` values (12 bytes) holding indices into the
//! center's arenas. An event about a contact or an agent carries the
//! generation current when it was scheduled; if the generation has moved on
//! by the time it pops, the event is stale and ignored (lazy cancellation).

use crate::engine::Generation;

/// A contact slot and the generation the event was scheduled under.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ContactRef {
    /// Slot in the contact arena.
    pub slot: u32,
    /// Generation of that slot when scheduled.
    pub gen: Generation,
}

/// An agent and its generation when the event was scheduled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AgentRef {
    /// Index in the agent arena.
    pub agent: u32,
    /// The agent's generation when scheduled.
    pub gen: Generation,
}

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    /// The horizon: the center stops accepting new contacts; contacts in
    /// progress are counted.
    HorizonReached,
    /// A new interval starts: agent groups move to its headcount.
    ShiftChange {
        /// Index of the interval that starts.
        interval: u32,
    },
    /// A contact arrives from a source.
    Arrival {
        /// The source.
        source: u16,
    },
    /// A contact's inbound flow finished: it self-served or goes to a queue.
    InboundFlowDone {
        /// The contact.
        contact: ContactRef,
    },
    /// A queued contact's patience ran out: it abandons.
    PatienceExpired {
        /// The contact.
        contact: ContactRef,
    },
    /// A queued contact has now waited as long as some routing profile's
    /// delay for its queue: agents of that profile may take it.
    RoutingDelayElapsed {
        /// The contact.
        contact: ContactRef,
    },
    /// An agent accepted the contact offered to it.
    OfferAccepted {
        /// The agent.
        agent: AgentRef,
    },
    /// An agent missed the contact offered to it.
    OfferMissed {
        /// The agent.
        agent: AgentRef,
    },
    /// An agent in the Missed state becomes routable again.
    MissedRecovered {
        /// The agent.
        agent: AgentRef,
    },
    /// The agent whisper ended: the customer leaves the queue.
    AgentWhisperDone {
        /// The agent.
        agent: AgentRef,
    },
    /// The customer whisper ended: the conversation starts.
    CustomerWhisperDone {
        /// The agent.
        agent: AgentRef,
    },
    /// The conversation (talk and holds) ended: after-contact work starts.
    ConversationDone {
        /// The agent.
        agent: AgentRef,
    },
    /// After-contact work ended: the agent's slot is free.
    AfterContactWorkDone {
        /// The agent.
        agent: AgentRef,
    },
}

#[cfg(test)]
mod tests {
    #[test]
    fn events_stay_small() {
        assert!(std::mem::size_of::<super::Event>() <= 12);
    }
}
