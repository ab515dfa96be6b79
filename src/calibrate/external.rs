//! External parties (EXTERNAL_OUTBOUND): the calls an agent places to an
//! external number through a quick connect during a voice conversation,
//! read into each queue's `external` (see
//! [`center::methods::external_outbound`](crate::center::methods::external_outbound)).
//!
//! Connect writes the external leg as a contact of its own, named by the
//! conversation's `NextContactId` ("Identify conferences and transfers by
//! using contact records"); [`super::chains`] joins the two. Per queue this
//! counts the voice conversations that could add a party (answered, not
//! transferred on: a transfer is its own consult), the legs they added,
//! which legs found no free line (`TELECOM_BUSY`), which the party
//! answered, their ring and their three-party talk.
//!
//! The agent stays on the conversation throughout the leg, so the
//! conversation's recorded talk holds the leg's ring and talk. The model
//! adds them after the customer's own talk, so the leg's time on the
//! conversation is taken off its talk ([`ExternalLeg::own_talk_s`]):
//! written as both, the load would count it twice.

use std::collections::BTreeMap;

use crate::ingest::ObservedContact;

use super::fit::{Observation, Sample};
use super::keyed::Keyed;

/// An EXTERNAL_OUTBOUND contact, as the join to its conversation needs it.
#[derive(Debug, Clone)]
pub struct ExternalLeg {
    /// `InitiationTimestamp`: the agent starts dialling.
    initiated_ms: i64,
    /// When the external party answered (`ConnectedToSystemTimestamp`, or
    /// the agent's connection), if it did.
    answered_ms: Option<i64>,
    /// `DisconnectTimestamp`.
    disconnected_ms: i64,
    /// Dialled with no free voice line (`TELECOM_BUSY`): it never rang.
    blocked: bool,
    /// The number dialled (`CustomerEndpoint.Address`), if written.
    number: Option<Box<str>>,
}

impl ExternalLeg {
    /// The leg `c` is, if it is an external party's (EXTERNAL_OUTBOUND).
    pub fn of(c: &ObservedContact) -> Option<ExternalLeg> {
        if c.method != "EXTERNAL_OUTBOUND" {
            return None;
        }
        let answered_ms = c
            .connected_to_system_ms
            .or_else(|| c.agent.as_ref().and_then(|a| a.connected_ms))
            .filter(|&t| t >= c.initiated_ms && t <= c.disconnected_ms);
        Some(ExternalLeg {
            initiated_ms: c.initiated_ms,
            answered_ms,
            disconnected_ms: c.disconnected_ms.max(c.initiated_ms),
            blocked: answered_ms.is_none()
                && c.disconnect_reason.as_deref() == Some("TELECOM_BUSY"),
            number: c.customer_address.as_deref().map(Box::from),
        })
    }

    /// `InitiationTimestamp`, Unix ms.
    pub fn initiated_ms(&self) -> i64 {
        self.initiated_ms
    }

    /// Seconds it rang: to the answer, or to the end of an unanswered
    /// ring; `None` for a leg that found no line.
    fn ring_s(&self) -> Option<f64> {
        if self.blocked {
            return None;
        }
        let end = self.answered_ms.unwrap_or(self.disconnected_ms);
        Some((end - self.initiated_ms) as f64 / 1000.0)
    }

    /// Seconds of three-party talk, if the party answered.
    fn talk_s(&self) -> Option<f64> {
        self.answered_ms
            .map(|a| (self.disconnected_ms - a) as f64 / 1000.0)
    }

    /// The customer's own talk on the conversation it was dialled from:
    /// the conversation's `talk_s` less the leg's time while the
    /// conversation lasted (to `conversation_end_ms`), never below 0.
    pub fn own_talk_s(&self, talk_s: f64, conversation_end_ms: i64) -> f64 {
        let end = self.disconnected_ms.min(conversation_end_ms);
        let on = (end - self.initiated_ms).max(0) as f64 / 1000.0;
        (talk_s - on).max(0.0)
    }
}

/// Whether `c` is a voice conversation that could add an external party:
/// an agent talked with the customer (a callback's unanswered dial did not).
pub fn is_voice_conversation(c: &ObservedContact) -> bool {
    c.channel == "VOICE"
        && c.answered()
        && !(c.method == "CALLBACK" && c.dial_unanswered())
        && c.method != "EXTERNAL_OUTBOUND"
}

/// One queue's external legs, as counted.
#[derive(Debug, Default)]
pub struct ExternalTally {
    /// Voice conversations answered from the queue (all of them; those
    /// transferred on are taken off by [`ExternalCounts`]).
    pub conversations: u64,
    /// Of those, transferred on by their agent.
    pub transferred: u64,
    /// External legs the conversations added.
    pub legs: u64,
    /// Legs that found no free line.
    pub blocked: u64,
    /// Legs the party answered.
    pub answered: u64,
    /// Rings of the legs that rang.
    pub ring: Sample,
    /// Three-party talk of the answered legs.
    pub talk: Sample,
    /// The numbers dialled, with how many legs dialled each.
    pub numbers: BTreeMap<String, u64>,
}

/// The external legs per queue, gathered one contact and one join at a time.
#[derive(Debug, Default)]
pub struct ExternalCounter {
    queues: Keyed<ExternalTally>,
}

impl ExternalCounter {
    /// Counts `c` if it is a voice conversation answered from `queue`.
    pub fn add(&mut self, c: &ObservedContact, queue: Option<&str>) {
        if let (Some(q), true) = (queue, is_voice_conversation(c)) {
            self.queues.slot(q).conversations += 1;
        }
    }

    /// A voice conversation from `queue` its agent transferred to a queue.
    pub fn transferred(&mut self, queue: &str) {
        self.queues.slot(queue).transferred += 1;
    }

    /// The external `leg` a voice conversation from `queue` added.
    pub fn leg(&mut self, queue: &str, leg: &ExternalLeg) {
        let t = self.queues.slot(queue);
        t.legs += 1;
        t.blocked += u64::from(leg.blocked);
        t.answered += u64::from(leg.answered_ms.is_some());
        if let Some(n) = &leg.number {
            *t.numbers.entry(n.to_string()).or_insert(0) += 1;
        }
        // Never negative: `ExternalLeg::of` keeps the answer between the
        // dial and the end, and the end not before the dial.
        for (value, sample) in [(leg.ring_s(), &mut t.ring), (leg.talk_s(), &mut t.talk)] {
            if let Some(Ok(o)) = value.map(Observation::timestamp_difference) {
                sample.add(o);
            }
        }
    }

    /// The tallies of the queues whose conversations added any leg.
    pub fn finish(self) -> ExternalCounts {
        self.queues
            .into_sorted()
            .into_iter()
            .filter(|(_, t)| t.legs > 0)
            .collect()
    }
}

/// Per queue whose conversations added external parties, what they showed.
pub type ExternalCounts = BTreeMap<String, ExternalTally>;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calibrate::test_contacts::{contact, external_leg as leg};

    /// Ring to the answer, talk after it; an unanswered leg rings to its
    /// end; a leg with no line neither rings nor talks.
    #[test]
    fn a_leg_s_ring_and_talk_are_read_from_its_stamps() {
        let answered = ExternalLeg::of(&leg(100, Some(112), 160, "THIRD_PARTY_DISCONNECT"));
        let answered = answered.unwrap_or_else(|| panic!("a leg"));
        assert_eq!(
            (answered.ring_s(), answered.talk_s()),
            (Some(12.0), Some(48.0))
        );
        let unanswered = ExternalLeg::of(&leg(100, None, 120, "TELECOM_UNANSWERED"));
        let unanswered = unanswered.unwrap_or_else(|| panic!("a leg"));
        assert_eq!(
            (unanswered.ring_s(), unanswered.talk_s()),
            (Some(20.0), None)
        );
        let busy = ExternalLeg::of(&leg(100, None, 100, "TELECOM_BUSY"));
        let busy = busy.unwrap_or_else(|| panic!("a leg"));
        assert_eq!(
            (busy.ring_s(), busy.talk_s(), busy.blocked),
            (None, None, true)
        );
        assert!(ExternalLeg::of(&contact("y", "INBOUND", "VOICE")).is_none());
    }

    /// The conversation's talk loses the leg's time while it lasted; a leg
    /// that outlived the conversation (the agent left the call to the
    /// customer and the party) only up to the conversation's end.
    #[test]
    fn the_leg_s_time_on_the_conversation_comes_off_its_talk() {
        let x = ExternalLeg::of(&leg(100, Some(112), 160, "THIRD_PARTY_DISCONNECT"));
        let x = x.unwrap_or_else(|| panic!("a leg"));
        assert_eq!(x.own_talk_s(150.0, 160_000), 90.0);
        assert_eq!(x.own_talk_s(150.0, 130_000), 120.0);
        assert_eq!(x.own_talk_s(30.0, 160_000), 0.0);
    }
}
