//! A contact record as JSON, typed but unchecked: the fields of Connect's
//! contact record data model that calibration reads, every one optional
//! (real exports leave fields out or write `null`), unknown fields ignored
//! (Connect keeps adding fields and asks readers to ignore new ones).
//! Strings are borrowed from the input where they can be, so reading a
//! record allocates only for what is kept. [`super::convert`] checks it
//! and turns it into an [`super::contact::ObservedContact`].

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;

/// A JSON string, borrowed from the input when it holds no escapes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text<'a>(pub Cow<'a, str>);

impl<'a> Text<'a> {
    /// The string.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Text<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Text<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, s: &'de str) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Borrowed(s)))
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Owned(s.to_owned())))
            }
            fn visit_string<E: de::Error>(self, s: String) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Owned(s)))
            }
        }
        d.deserialize_str(V)
    }
}

/// One contact record.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct RawRecord<'a> {
    /// `ContactId`: absent on other event types mixed into a stream.
    #[serde(borrow)]
    pub contact_id: Option<Text<'a>>,
    /// `InitialContactId`.
    #[serde(borrow)]
    pub initial_contact_id: Option<Text<'a>>,
    /// `PreviousContactId`.
    #[serde(borrow)]
    pub previous_contact_id: Option<Text<'a>>,
    /// `NextContactId`.
    #[serde(borrow)]
    pub next_contact_id: Option<Text<'a>>,
    /// `RelatedContactId`.
    #[serde(borrow)]
    pub related_contact_id: Option<Text<'a>>,
    /// `Channel`.
    #[serde(borrow)]
    pub channel: Option<Text<'a>>,
    /// `InitiationMethod`.
    #[serde(borrow)]
    pub initiation_method: Option<Text<'a>>,
    /// `InitiationTimestamp`.
    #[serde(borrow)]
    pub initiation_timestamp: Option<Text<'a>>,
    /// `ConnectedToSystemTimestamp`.
    #[serde(borrow)]
    pub connected_to_system_timestamp: Option<Text<'a>>,
    /// `DisconnectTimestamp`.
    #[serde(borrow)]
    pub disconnect_timestamp: Option<Text<'a>>,
    /// `DisconnectReason`.
    #[serde(borrow)]
    pub disconnect_reason: Option<Text<'a>>,
    /// `LastUpdateTimestamp`.
    #[serde(borrow)]
    pub last_update_timestamp: Option<Text<'a>>,
    /// `TransferCompletedTimestamp`.
    #[serde(borrow)]
    pub transfer_completed_timestamp: Option<Text<'a>>,
    /// `AgentConnectionAttempts`.
    pub agent_connection_attempts: Option<u32>,
    /// `TotalPauseCount`: how often a task was paused.
    pub total_pause_count: Option<u32>,
    /// `TotalPauseDurationInSeconds`: how long, all its pauses together.
    pub total_pause_duration_in_seconds: Option<f64>,
    /// `Queue`.
    #[serde(borrow)]
    pub queue: Option<RawQueue<'a>>,
    /// `Agent`.
    #[serde(borrow)]
    pub agent: Option<RawAgent<'a>>,
    /// `Attributes`.
    pub attributes: Option<Attributes>,
    /// `Campaign`.
    #[serde(borrow)]
    pub campaign: Option<RawCampaign<'a>>,
    /// `AnsweringMachineDetectionStatus`.
    #[serde(borrow)]
    pub answering_machine_detection_status: Option<Text<'a>>,
    /// `RoutingCriteria`: only whether the contact had any.
    pub routing_criteria: Option<IgnoredAny>,
    /// `CustomerEndpoint`.
    #[serde(borrow)]
    pub customer_endpoint: Option<RawEndpoint<'a>>,
}

/// A record's `CustomerEndpoint` (or `SystemEndpoint`) object.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct RawEndpoint<'a> {
    /// `Address`: a phone number, for a voice contact.
    #[serde(borrow)]
    pub address: Option<Text<'a>>,
}

/// A record's `Campaign` object (an outbound campaign's call).
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct RawCampaign<'a> {
    /// `Campaign.CampaignId`.
    #[serde(borrow)]
    pub campaign_id: Option<Text<'a>>,
}

/// A record's `Queue` object.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct RawQueue<'a> {
    /// `Queue.Name`.
    #[serde(borrow)]
    pub name: Option<Text<'a>>,
    /// `Queue.ARN`, the name's stand-in when a tool dropped the name.
    #[serde(rename = "ARN", borrow)]
    pub arn: Option<Text<'a>>,
    /// `Queue.EnqueueTimestamp`.
    #[serde(borrow)]
    pub enqueue_timestamp: Option<Text<'a>>,
    /// `Queue.DequeueTimestamp`.
    #[serde(borrow)]
    pub dequeue_timestamp: Option<Text<'a>>,
    /// `Queue.Duration`, seconds.
    pub duration: Option<f64>,
}

/// A record's `Agent` object.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct RawAgent<'a> {
    /// `Agent.Username`.
    #[serde(borrow)]
    pub username: Option<Text<'a>>,
    /// `Agent.RoutingProfile`.
    #[serde(borrow)]
    pub routing_profile: Option<RawRoutingProfile<'a>>,
    /// `Agent.ConnectedToAgentTimestamp`.
    #[serde(borrow)]
    pub connected_to_agent_timestamp: Option<Text<'a>>,
    /// `Agent.AgentInteractionDuration`, seconds.
    pub agent_interaction_duration: Option<f64>,
    /// `Agent.CustomerHoldDuration`, seconds.
    pub customer_hold_duration: Option<f64>,
    /// `Agent.NumberOfHolds`.
    pub number_of_holds: Option<u32>,
    /// `Agent.LongestHoldDuration`, seconds.
    pub longest_hold_duration: Option<f64>,
    /// `Agent.AfterContactWorkStartTimestamp`.
    #[serde(borrow)]
    pub after_contact_work_start_timestamp: Option<Text<'a>>,
    /// `Agent.AfterContactWorkEndTimestamp`.
    #[serde(borrow)]
    pub after_contact_work_end_timestamp: Option<Text<'a>>,
    /// `Agent.AfterContactWorkDuration`, seconds.
    pub after_contact_work_duration: Option<f64>,
}

/// `Agent.RoutingProfile` (`{ARN, Name}`).
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct RawRoutingProfile<'a> {
    /// `Agent.RoutingProfile.Name`.
    #[serde(borrow)]
    pub name: Option<Text<'a>>,
    /// `Agent.RoutingProfile.ARN`.
    #[serde(rename = "ARN", borrow)]
    pub arn: Option<Text<'a>>,
}

/// `Attributes`: the string-valued ones, in key order. Connect's contact
/// attributes are strings; a value of another type (some tools write
/// numbers or objects) is not a contact attribute and is left out.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Attributes(pub Vec<(String, String)>);

impl<'de> Deserialize<'de> for Attributes {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Attributes;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object of contact attributes")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Attributes, A::Error> {
                let mut out = Vec::new();
                while let Some((k, v)) = map.next_entry::<Text<'de>, MaybeString>()? {
                    if let Some(v) = v.0 {
                        out.push((k.0.into_owned(), v));
                    }
                }
                out.sort();
                Ok(Attributes(out))
            }
        }
        d.deserialize_map(V)
    }
}

/// Any JSON value; `Some` when it is a string.
struct MaybeString(Option<String>);

impl<'de> Deserialize<'de> for MaybeString {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = MaybeString;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any value")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<MaybeString, E> {
                Ok(MaybeString(Some(s.to_owned())))
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<MaybeString, E> {
                Ok(MaybeString(None))
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<MaybeString, E> {
                Ok(MaybeString(None))
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<MaybeString, E> {
                Ok(MaybeString(None))
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<MaybeString, E> {
                Ok(MaybeString(None))
            }
            fn visit_unit<E: de::Error>(self) -> Result<MaybeString, E> {
                Ok(MaybeString(None))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut s: A) -> Result<MaybeString, A::Error> {
                while s.next_element::<IgnoredAny>()?.is_some() {}
                Ok(MaybeString(None))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<MaybeString, A::Error> {
                while m.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(MaybeString(None))
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_borrow_unless_escaped_and_unknown_fields_are_ignored() {
        let json = br#"{"ContactId":"a\"b","Channel":"VOICE","Novel":{"x":[1,2]},
            "Queue":null,"Agent":{"RoutingProfile":{"ARN":"x","Name":"Sales"}},
            "Attributes":{"b":"2","a":"1","n":3,"o":{"k":"v"},"l":[1]}}"#;
        let r: RawRecord = serde_json::from_slice(json).unwrap();
        assert_eq!(r.contact_id.as_ref().unwrap().as_str(), "a\"b");
        assert!(matches!(r.contact_id.unwrap().0, Cow::Owned(_)));
        assert!(matches!(r.channel.unwrap().0, Cow::Borrowed("VOICE")));
        assert!(r.queue.is_none());
        let rp = r.agent.unwrap().routing_profile.unwrap();
        assert_eq!(rp.name.unwrap().as_str(), "Sales");
        assert_eq!(
            r.attributes.unwrap().0,
            vec![("a".into(), "1".into()), ("b".into(), "2".into())]
        );
    }
}
