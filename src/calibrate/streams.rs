//! Which arrival stream of the scenario a real contact belongs to: the
//! contacts that start on their own (a customer calls, by phone or in an
//! app or web page through WebRTC, a chat or task is started through the
//! API, Connect dials a customer for the API, an email arrives) become
//! sources; every other initiation method
//! is a consequence of an earlier contact (a transfer, a callback, a queue
//! transfer) and is reproduced by the scenario's rules, not by arrivals of
//! its own. A disconnect flow's new contact is counted with its channel's
//! arrivals: the records do not show who stayed for the flow.

use crate::ingest::ObservedContact;

/// A scenario source method a contact maps to, with its channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Entry {
    /// `method = "inbound"`: a customer called (INBOUND, VOICE).
    InboundVoice,
    /// `method = "api_chat"`: StartChatContact (API or INBOUND, CHAT).
    Chat,
    /// `method = "api_task"`: StartTaskContact (API or INBOUND, TASK).
    Task,
    /// `method = "webrtc"`: StartWebRTCContact, an in-app or web call
    /// (WEBRTC_API, VOICE), handled as an inbound call once it is in.
    WebRtc,
    /// `method = "api_voice"`: StartOutboundVoiceContact (API, VOICE) —
    /// Connect dials the customer, who answers or not; an answered call
    /// goes through its inbound flow as an inbound call does.
    ApiVoice,
    /// `method = "inbound"`, `channel = "email"`: an email arrived
    /// (INBOUND or API, EMAIL); its agent's reply is an AGENT_REPLY contact
    /// of its own, reproduced by the source's `reply`.
    Email,
}

impl Entry {
    /// The source's `method` in the scenario file.
    pub fn scenario_method(self) -> &'static str {
        match self {
            Entry::InboundVoice => "inbound",
            Entry::Chat => "api_chat",
            Entry::Task => "api_task",
            Entry::WebRtc => "webrtc",
            Entry::Email => "inbound",
            Entry::ApiVoice => "api_voice",
        }
    }

    /// The source's `channel` in the scenario file, where the method alone
    /// does not say it.
    pub fn scenario_channel(self) -> Option<&'static str> {
        match self {
            Entry::Email => Some("email"),
            _ => None,
        }
    }

    /// Connect's channel name.
    pub fn channel(self) -> &'static str {
        match self {
            Entry::InboundVoice | Entry::WebRtc | Entry::ApiVoice => "VOICE",
            Entry::Chat => "CHAT",
            Entry::Task => "TASK",
            Entry::Email => "EMAIL",
        }
    }

    /// Connect's initiation method the records carry.
    pub fn method(self) -> &'static str {
        match self {
            Entry::InboundVoice | Entry::Email => "INBOUND",
            Entry::Chat | Entry::Task | Entry::ApiVoice => "API",
            Entry::WebRtc => "WEBRTC_API",
        }
    }

    /// A short lower-case tag for names in the scenario.
    pub fn tag(self) -> &'static str {
        match self {
            Entry::InboundVoice => "voice",
            Entry::Chat => "chat",
            Entry::Task => "task",
            Entry::WebRtc => "webrtc",
            Entry::Email => "email",
            Entry::ApiVoice => "api_voice",
        }
    }
}

/// The entry a contact starts, or `None` for follow-up contacts and
/// channels or methods the scenario cannot start on their own.
pub fn entry_of(c: &ObservedContact) -> Option<Entry> {
    // A campaign's calls are its dialler's, not arrivals
    // (`super::campaigns`).
    if is_campaign_call(c) {
        return None;
    }
    match (c.method.as_str(), c.channel.as_str()) {
        ("INBOUND", "VOICE") => Some(Entry::InboundVoice),
        ("API" | "INBOUND", "CHAT") => Some(Entry::Chat),
        ("API" | "INBOUND", "TASK") => Some(Entry::Task),
        ("WEBRTC_API", "VOICE") => Some(Entry::WebRtc),
        ("INBOUND" | "API", "EMAIL") => Some(Entry::Email),
        ("API", "VOICE") => Some(Entry::ApiVoice),
        // A disconnect flow's new contact (a customer who stayed after the
        // agent left, and was queued again) arrives at its queue as its
        // channel's contacts do: counted there, since the records do not
        // show who stayed for the flow (a probe's find: the scenario had
        // no rule for them, and they were lost).
        ("DISCONNECT", "VOICE") => Some(Entry::InboundVoice),
        ("DISCONNECT", "CHAT") => Some(Entry::Chat),
        ("DISCONNECT", "TASK") => Some(Entry::Task),
        ("DISCONNECT", "EMAIL") => Some(Entry::Email),
        _ => None,
    }
}

/// Whether `c` is an outbound campaign's call (`super::campaigns`): a
/// voice contact the dialler started (API, or OUTBOUND as some exports
/// write it) naming a campaign — a transfer or callback leg that carries
/// the campaign along is no dial of its own.
pub fn is_campaign_call(c: &ObservedContact) -> bool {
    c.campaign_id.is_some()
        && c.channel == "VOICE"
        && matches!(c.method.as_str(), "API" | "OUTBOUND")
}

/// The disconnect reason of a contact the instance turned away at its
/// limit of active contacts (Connect's concurrent-contacts quota).
pub const TURNED_AWAY: &str = "TELECOM_BUSY";

/// Whether an entry contact was turned away at the instance's limit before
/// its inbound flow, so neither served itself nor queued.
pub fn turned_away(c: &ObservedContact) -> bool {
    c.disconnect_reason.as_deref() == Some(TURNED_AWAY) && queue_of(c).is_none()
}

/// Whether an API voice contact's customer never answered Connect's dial
/// (no connection to the system, not turned away): an attempt of its
/// source, not a contact of its flow.
pub fn unanswered_dial(c: &ObservedContact, entry: Entry) -> bool {
    entry == Entry::ApiVoice && c.connected_to_system_ms.is_none() && !turned_away(c)
}

/// The queue a contact waited in, if it was queued.
pub fn queue_of(c: &ObservedContact) -> Option<&str> {
    c.queue
        .as_ref()
        .filter(|q| q.enqueued_ms.is_some())
        .map(|q| q.name.as_str())
}
