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

/// What happened. Events about a contact carry its generation; those
/// marked *(waiting)* carry its waiting generation, which moves on as soon as
/// the contact leaves the queue, so queue timers die with the wait.
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
    /// A scheduled task reaches its start time.
    TaskStart {
        /// The contact.
        contact: ContactRef,
    },
    /// Connect's dial of an API voice contact (StartOutboundVoiceContact)
    /// was answered or gave up.
    ApiDialDone {
        /// The contact.
        contact: ContactRef,
    },
    /// A contact's inbound flow finished: it self-served or goes to a queue.
    InboundFlowDone {
        /// The contact.
        contact: ContactRef,
    },
    /// *(waiting)* A queued contact's patience ran out: it abandons.
    PatienceExpired {
        /// The contact.
        contact: ContactRef,
    },
    /// *(waiting)* A queued contact has now waited as long as some routing
    /// profile's delay for its queue: more agents may take it.
    RoutingDelayElapsed {
        /// The contact.
        contact: ContactRef,
    },
    /// *(waiting)* The customer queue flow offers a callback.
    CallbackOffered {
        /// The contact.
        contact: ContactRef,
    },
    /// *(waiting)* The customer queue flow moves the contact to another
    /// queue.
    QueueMoveDue {
        /// The contact.
        contact: ContactRef,
    },
    /// *(waiting)* The customer queue flow's routing change number `step`
    /// ("Change routing priority / age" after some time in queue) is due.
    RoutingChangeDue {
        /// The contact.
        contact: ContactRef,
        /// Index into the flow's `change_routing`.
        step: u16,
    },
    /// A callback's initial delay is over (it enters its queue if the queue
    /// has room, else it is turned away), or its retry delay (it enters the
    /// queue again, in its old place).
    CallbackDue {
        /// The contact.
        contact: ContactRef,
    },
    /// The agent offered the contact accepted it.
    OfferAccepted {
        /// The contact.
        contact: ContactRef,
    },
    /// The agent offered the contact missed it.
    OfferMissed {
        /// The contact.
        contact: ContactRef,
    },
    /// The agent whisper ended.
    AgentWhisperDone {
        /// The contact.
        contact: ContactRef,
    },
    /// The customer whisper ended: the conversation starts.
    CustomerWhisperDone {
        /// The contact.
        contact: ContactRef,
    },
    /// Dialling a callback customer was answered or gave up.
    CallbackDialDone {
        /// The contact.
        contact: ContactRef,
    },
    /// An agent's after-contact work on an unanswered callback attempt
    /// ended: its voice slot is free. Never stale (nothing cuts wrap-up
    /// short, and the agent stays on shift while it holds the slot).
    CallbackWrapUpDone {
        /// Index of the agent.
        agent: u32,
    },
    /// Dialling an outbound callee was answered or gave up.
    OutboundDialDone {
        /// The contact.
        contact: ContactRef,
    },
    /// The outbound whisper ended: the conversation starts.
    OutboundWhisperDone {
        /// The contact.
        contact: ContactRef,
    },
    /// The conversation (talk and holds) ended: after-contact work starts.
    ConversationDone {
        /// The contact.
        contact: ContactRef,
    },
    /// After-contact work ended: the agent's slot is free.
    AfterContactWorkDone {
        /// The contact.
        contact: ContactRef,
    },
    /// The disconnect flow playing to the customer still on the contact
    /// ended.
    DisconnectFlowDone {
        /// The contact.
        contact: ContactRef,
    },
    /// The source agent starts a transfer (talk before it is over).
    TransferStart {
        /// The contact being transferred.
        contact: ContactRef,
    },
    /// The transfer flow played to the source agent ended.
    TransferFlowDone {
        /// The contact being transferred.
        contact: ContactRef,
    },
    /// The consult between source and destination agents ended.
    ConsultDone {
        /// The TRANSFER contact.
        contact: ContactRef,
    },
    /// The post-consult action (join, hold all, hold destination) ended.
    PostConsultDone {
        /// The TRANSFER contact.
        contact: ContactRef,
    },
    /// *(waiting)* A customer on hold for a transfer destination hung up.
    HoldPatienceExpired {
        /// The TRANSFER contact.
        contact: ContactRef,
    },
    /// An agent in the Missed state becomes routable again.
    MissedRecovered {
        /// The agent.
        agent: AgentRef,
    },
    /// An agent's outbound-calling clock ticks: it dials if it is free.
    OutboundDue {
        /// The agent.
        agent: AgentRef,
    },
    /// The next step of the shift timeline is due (shift starts, breaks,
    /// shift ends): one such event is pending at a time.
    RosterDue,
    /// An agent's break or aux period is over: back on the phones.
    AwayOver {
        /// The agent.
        agent: AgentRef,
    },
    /// An agent's next aux period falls due.
    AuxDue {
        /// The agent.
        agent: AgentRef,
    },
    /// The email a flow sent (FLOW) has gone out: its contact ends.
    FlowEmailSent {
        /// The FLOW contact.
        contact: ContactRef,
    },
    /// *(waiting)* The routing criteria step in force for a queued contact
    /// expired: the next step (or, after the last, any agent of the queue)
    /// applies.
    RoutingStepExpired {
        /// The contact.
        contact: ContactRef,
    },
    /// A customer who gave up calls again (a redial): a new contact of its
    /// source.
    RedialDue {
        /// Index into the center's pending redials.
        redial: u32,
    },
    /// An outbound campaign's dialling window opens.
    CampaignOpens {
        /// Index of the campaign.
        campaign: u16,
    },
    /// An agentless campaign's dialling clock ticks: it dials one call.
    CampaignDialDue {
        /// Index of the campaign.
        campaign: u16,
    },
    /// A preview campaign's agent finished previewing: the call is dialled.
    CampaignPreviewDone {
        /// The contact.
        contact: ContactRef,
    },
    /// A campaign call's ringing ended: answered (by a person or a
    /// machine) or given up.
    CampaignRingDone {
        /// The contact.
        contact: ContactRef,
    },
    /// A campaign call's talk with its agent ended: after-contact work.
    CampaignTalkDone {
        /// The contact.
        contact: ContactRef,
    },
    /// A campaign call's after-contact work ended: the agent is free.
    CampaignWrapUpDone {
        /// The contact.
        contact: ContactRef,
    },
    /// The message played to an answering machine (or, agentless, to a
    /// person) ended: the call ends.
    CampaignMessageDone {
        /// The contact.
        contact: ContactRef,
    },
    /// *(waiting)* A predictive call answered by a person found no agent in
    /// time: it is abandoned.
    CampaignAbandonDue {
        /// The contact.
        contact: ContactRef,
    },
    /// The agent dials an external party (EXTERNAL_OUTBOUND) from the
    /// conversation in progress.
    ExternalDialDue {
        /// The conversation's contact.
        contact: ContactRef,
    },
    /// The external leg's ringing ended: answered, or not.
    ExternalRingDone {
        /// The EXTERNAL_OUTBOUND contact.
        contact: ContactRef,
    },
    /// The three-party talk with the external party ended.
    ExternalTalkDone {
        /// The EXTERNAL_OUTBOUND contact.
        contact: ContactRef,
    },
    /// A supervisor's listen time is over: the MONITOR contact ends.
    MonitorDone {
        /// The MONITOR contact.
        contact: ContactRef,
    },
    /// A task an agent works pauses: its slot is freed.
    TaskPauseDue {
        /// The task.
        contact: ContactRef,
    },
    /// A paused task's pause is over: it resumes with its agent (at once
    /// if the agent has a free task slot, else at its next free one).
    TaskResumeDue {
        /// The task.
        contact: ContactRef,
    },
}

impl Event {
    /// The contact the event is about, if it is about one.
    pub fn contact(&self) -> Option<ContactRef> {
        match *self {
            Event::TaskStart { contact, .. }
            | Event::ApiDialDone { contact, .. }
            | Event::InboundFlowDone { contact, .. }
            | Event::PatienceExpired { contact, .. }
            | Event::RoutingDelayElapsed { contact, .. }
            | Event::CallbackOffered { contact, .. }
            | Event::QueueMoveDue { contact, .. }
            | Event::RoutingChangeDue { contact, .. }
            | Event::CallbackDue { contact, .. }
            | Event::OfferAccepted { contact, .. }
            | Event::OfferMissed { contact, .. }
            | Event::AgentWhisperDone { contact, .. }
            | Event::CustomerWhisperDone { contact, .. }
            | Event::CallbackDialDone { contact, .. }
            | Event::OutboundDialDone { contact, .. }
            | Event::OutboundWhisperDone { contact, .. }
            | Event::ConversationDone { contact, .. }
            | Event::AfterContactWorkDone { contact, .. }
            | Event::DisconnectFlowDone { contact, .. }
            | Event::TransferStart { contact, .. }
            | Event::TransferFlowDone { contact, .. }
            | Event::ConsultDone { contact, .. }
            | Event::PostConsultDone { contact, .. }
            | Event::HoldPatienceExpired { contact, .. }
            | Event::FlowEmailSent { contact, .. }
            | Event::RoutingStepExpired { contact, .. }
            | Event::CampaignPreviewDone { contact, .. }
            | Event::CampaignRingDone { contact, .. }
            | Event::CampaignTalkDone { contact, .. }
            | Event::CampaignWrapUpDone { contact, .. }
            | Event::CampaignMessageDone { contact, .. }
            | Event::CampaignAbandonDue { contact, .. }
            | Event::ExternalDialDue { contact, .. }
            | Event::ExternalRingDone { contact, .. }
            | Event::ExternalTalkDone { contact, .. }
            | Event::MonitorDone { contact, .. }
            | Event::TaskPauseDue { contact, .. }
            | Event::TaskResumeDue { contact, .. } => Some(contact),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{AgentRef, ContactRef, Event};
    use crate::engine::Generation;

    /// Events about a contact name it; the others name none.
    #[test]
    fn an_event_names_the_contact_it_is_about() {
        let contact = ContactRef {
            slot: 7,
            gen: Generation(3),
        };
        for event in [
            Event::ConversationDone { contact },
            Event::PatienceExpired { contact },
            Event::RoutingChangeDue { contact, step: 2 },
            Event::TaskResumeDue { contact },
        ] {
            assert_eq!(event.contact(), Some(contact), "{event:?}");
        }
        let agent = AgentRef {
            agent: 7,
            gen: Generation(3),
        };
        for event in [
            Event::Arrival { source: 7 },
            Event::AwayOver { agent },
            Event::CallbackWrapUpDone { agent: 7 },
            Event::HorizonReached,
        ] {
            assert_eq!(event.contact(), None, "{event:?}");
        }
    }

    #[test]
    fn events_stay_small() {
        assert!(std::mem::size_of::<super::Event>() <= 12);
    }
}
