//! Contacts for the calibration's unit tests: every field a record may
//! leave out left out, so that a test writes only what it is about (with
//! `..contact(…)`), and a field added to the record is added here once.

use crate::ingest::{ObservedAgent, ObservedContact, ObservedQueue};

/// A contact `id` of `method` on `channel`, initiated and ended at 0, in
/// no queue and with no agent.
pub fn contact(id: &str, method: &str, channel: &str) -> ObservedContact {
    ObservedContact {
        contact_id: id.into(),
        initial_contact_id: None,
        previous_contact_id: None,
        next_contact_id: None,
        related_contact_id: None,
        channel: channel.into(),
        method: method.into(),
        initiated_ms: 0,
        connected_to_system_ms: None,
        disconnected_ms: 0,
        disconnect_reason: None,
        last_update_ms: 0,
        queue: None,
        agent: None,
        transfer_completed_ms: None,
        agent_connection_attempts: None,
        pauses: None,
        pause_s: None,
        attributes: Vec::new(),
        campaign_id: None,
        answering_machine: None,
        routing_criteria: false,
        customer_address: None,
    }
}

/// Queue `name`, entered at `enqueued_ms` and left at `dequeued_ms`, with
/// its duration.
pub fn queue(
    name: &str,
    enqueued_ms: Option<i64>,
    dequeued_ms: Option<i64>,
    duration_s: Option<f64>,
) -> ObservedQueue {
    ObservedQueue {
        name: name.into(),
        arn: None,
        enqueued_ms,
        dequeued_ms,
        duration_s,
        agent_queue_of: None,
    }
}

/// Agent `username` of routing profile `profile`, connected at
/// `connected_ms` for `interaction_s` of talk; no holds, no after-contact
/// work.
pub fn agent(
    username: &str,
    profile: &str,
    connected_ms: i64,
    interaction_s: f64,
) -> ObservedAgent {
    ObservedAgent {
        username: Some(username.into()),
        routing_profile: Some(profile.into()),
        routing_profile_arn: None,
        connected_ms: Some(connected_ms),
        interaction_s: Some(interaction_s),
        hold_s: None,
        holds: None,
        longest_hold_s: None,
        acw_start_ms: None,
        acw_end_ms: None,
        acw_s: None,
    }
}

/// The `DisconnectReason` of a dialled contact (a callback, an outbound
/// call): the customer hung up after answering, or never answered.
pub fn dial_reason(answered: bool) -> Option<String> {
    Some(
        if answered {
            "CUSTOMER_DISCONNECT"
        } else {
            "TELECOM_UNANSWERED"
        }
        .into(),
    )
}

/// An external party's leg (EXTERNAL_OUTBOUND) dialled at `init_s`,
/// answered at `answered_s` (if it was), ended at `end_s` for `reason`.
pub fn external_leg(
    init_s: i64,
    answered_s: Option<i64>,
    end_s: i64,
    reason: &str,
) -> ObservedContact {
    ObservedContact {
        initiated_ms: init_s * 1000,
        connected_to_system_ms: answered_s.map(|s| s * 1000),
        disconnected_ms: end_s * 1000,
        disconnect_reason: Some(reason.into()),
        ..contact("x", "EXTERNAL_OUTBOUND", "VOICE")
    }
}
