//! One contact as a real center's contact record tells it, reduced to what
//! calibration and the backtest read. Times are Unix milliseconds (UTC);
//! durations are seconds as Connect writes them (whole seconds). Every
//! field a real export may leave out is an `Option`.

/// A contact record, parsed and checked (see [`super`] for what is skipped).
#[derive(Debug, Clone, PartialEq)]
pub struct ObservedContact {
    /// `ContactId`.
    pub contact_id: String,
    /// `InitialContactId` (absent on the first contact of a chain).
    pub initial_contact_id: Option<String>,
    /// `PreviousContactId`.
    pub previous_contact_id: Option<String>,
    /// `NextContactId`.
    pub next_contact_id: Option<String>,
    /// `RelatedContactId`: the contact this one answers or was sent for
    /// (an AGENT_REPLY's inbound email, a FLOW email's contact).
    pub related_contact_id: Option<String>,
    /// `Channel`, upper case as Connect writes it: VOICE, CHAT, TASK, EMAIL…
    pub channel: String,
    /// `InitiationMethod`, upper case: INBOUND, OUTBOUND, TRANSFER,
    /// QUEUE_TRANSFER, CALLBACK, API, DISCONNECT, …
    pub method: String,
    /// `InitiationTimestamp`.
    pub initiated_ms: i64,
    /// `ConnectedToSystemTimestamp`.
    pub connected_to_system_ms: Option<i64>,
    /// `DisconnectTimestamp` (records without one are skipped as in
    /// progress, so it is always present here).
    pub disconnected_ms: i64,
    /// `DisconnectReason` (CUSTOMER_DISCONNECT, AGENT_DISCONNECT,
    /// CONTACT_FLOW_DISCONNECT, TELECOM_UNANSWERED, …).
    pub disconnect_reason: Option<String>,
    /// `LastUpdateTimestamp` (falls back to the disconnect time when absent).
    pub last_update_ms: i64,
    /// `Queue`, when the contact was put in one.
    pub queue: Option<ObservedQueue>,
    /// `Agent`, when an agent was connected.
    pub agent: Option<ObservedAgent>,
    /// `TransferCompletedTimestamp`.
    pub transfer_completed_ms: Option<i64>,
    /// `AgentConnectionAttempts`.
    pub agent_connection_attempts: Option<u32>,
    /// `TotalPauseCount`: how often the contact (a task) was paused; a
    /// paused task frees its agent's slot, so its span overstates the time
    /// it held one.
    pub pauses: Option<u32>,
    /// `TotalPauseDurationInSeconds`: those pauses' time together.
    pub pause_s: Option<f64>,
    /// `Attributes` that are strings, in key order (contact attributes).
    pub attributes: Vec<(String, String)>,
    /// `Campaign.CampaignId`: the outbound campaign that dialled it.
    pub campaign_id: Option<String>,
    /// `AnsweringMachineDetectionStatus` of a campaign call
    /// (`HUMAN_ANSWERED`, `VOICEMAIL_BEEP`, `AMD_UNANSWERED`, …).
    pub answering_machine: Option<String>,
    /// Whether the contact was routed by routing criteria (`RoutingCriteria`
    /// present): an agent free while it waited may not have qualified.
    pub routing_criteria: bool,
    /// `CustomerEndpoint.Address` of an external party's leg
    /// (EXTERNAL_OUTBOUND): the number the agent dialled. Not kept for
    /// other contacts: nothing reads a customer's number, and a string per
    /// contact would cost every export an allocation per record.
    pub customer_address: Option<String>,
}

/// The `Queue` object of a record.
#[derive(Debug, Clone, PartialEq)]
pub struct ObservedQueue {
    /// `Queue.Name` — the name its ARN carried last, when the queue was
    /// renamed ([`super::renames`]); its ARN when no record names it.
    pub name: String,
    /// `Queue.ARN`.
    pub arn: Option<String>,
    /// `Queue.EnqueueTimestamp` (absent for an outbound call that names its
    /// outbound queue without queueing).
    pub enqueued_ms: Option<i64>,
    /// `Queue.DequeueTimestamp`.
    pub dequeued_ms: Option<i64>,
    /// `Queue.Duration`, seconds.
    pub duration_s: Option<f64>,
    /// For an agent's own queue (Connect's `…/queue/agent/<id>`), the
    /// routing profile of the agent it is for; its `name` is then
    /// `agent:<that profile>` ([`super::agent_queues`]).
    pub agent_queue_of: Option<String>,
}

/// The `Agent` object of a record.
#[derive(Debug, Clone, PartialEq)]
pub struct ObservedAgent {
    /// `Agent.Username`.
    pub username: Option<String>,
    /// `Agent.RoutingProfile.Name` — the name its ARN carried last, when
    /// the profile was renamed ([`super::renames`]).
    pub routing_profile: Option<String>,
    /// `Agent.RoutingProfile.ARN`.
    pub routing_profile_arn: Option<String>,
    /// `Agent.ConnectedToAgentTimestamp`.
    pub connected_ms: Option<i64>,
    /// `Agent.AgentInteractionDuration`, seconds.
    pub interaction_s: Option<f64>,
    /// `Agent.CustomerHoldDuration`, seconds.
    pub hold_s: Option<f64>,
    /// `Agent.NumberOfHolds`.
    pub holds: Option<u32>,
    /// `Agent.LongestHoldDuration`, seconds.
    pub longest_hold_s: Option<f64>,
    /// `Agent.AfterContactWorkStartTimestamp`.
    pub acw_start_ms: Option<i64>,
    /// `Agent.AfterContactWorkEndTimestamp`.
    pub acw_end_ms: Option<i64>,
    /// `Agent.AfterContactWorkDuration`, seconds.
    pub acw_s: Option<f64>,
}

impl ObservedContact {
    /// Seconds from entering the queue to leaving it (answered, abandoned,
    /// moved): `Queue.Duration`, else the timestamps' difference.
    ///
    /// A CALLBACK's wait is always `DequeueTimestamp` − `EnqueueTimestamp`
    /// when both are written: its `Queue.Duration` may or may not hold the
    /// initial delay before the enqueue (Connect's worked example, which
    /// ccsim's records follow, adds it; the field's definition and the
    /// "failed callback attempt" page leave it out), while the two
    /// timestamps mean the same in either reading.
    pub fn queue_wait_s(&self) -> Option<f64> {
        let q = self.queue.as_ref()?;
        let enqueued = q.enqueued_ms?;
        if let (Some(dequeued), "CALLBACK") = (q.dequeued_ms, self.method.as_str()) {
            return Some(dequeued.saturating_sub(enqueued).max(0) as f64 / 1000.0);
        }
        q.duration_s.or_else(|| {
            let end = q
                .dequeued_ms
                .or(self.agent.as_ref().and_then(|a| a.connected_ms));
            let end = end.unwrap_or(self.disconnected_ms);
            Some((end - q.enqueued_ms?) as f64 / 1000.0)
        })
    }

    /// Whether an agent took the contact.
    pub fn answered(&self) -> bool {
        self.agent
            .as_ref()
            .is_some_and(|a| a.connected_ms.is_some())
    }

    /// Whether Connect dialled and nobody answered (`TELECOM_UNANSWERED`):
    /// an agent it names only heard the ring.
    pub fn dial_unanswered(&self) -> bool {
        self.disconnect_reason.as_deref() == Some("TELECOM_UNANSWERED")
    }

    /// Whether Connect dialled this callback: an agent took it from its
    /// queue and called. A dial nobody answered may name no agent (some
    /// writers leave the agent out when the customer never came on), but
    /// it left its queue and ended unanswered.
    pub fn callback_dialled(&self) -> bool {
        let dequeued = self.queue.as_ref().is_some_and(|q| q.dequeued_ms.is_some());
        self.answered() || (self.dial_unanswered() && dequeued)
    }

    /// Whether the contact was queued and left the queue without an agent,
    /// and without being moved on by the system (the customer hung up).
    pub fn abandoned_in_queue(&self) -> bool {
        let queued = self.queue.as_ref().is_some_and(|q| q.enqueued_ms.is_some());
        queued
            && !self.answered()
            && self.next_contact_id.is_none()
            && self.disconnect_reason.as_deref() == Some("CUSTOMER_DISCONNECT")
    }
}
