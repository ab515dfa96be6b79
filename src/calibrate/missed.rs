//! Missed offers: a queued contact's `AgentConnectionAttempts` counts the
//! offers Connect made to agents, the one accepted among them, so the
//! attempts beyond it were offers an agent missed or rejected (the contact
//! went back to its queue). A group the calibration writes to answer
//! calls, chats, tasks or emails by hand (its accept lag showed an answer
//! delay, [`super::answer_delay`]) gets the share of those channels'
//! offers as `miss_probability`;
//! the others auto-accept, which never misses, so a share of missed offers
//! worth knowing is named in a warning with what to set by hand
//! (`auto_accept = false`, an `answer_delay`, the share as
//! `miss_probability`); records without the field say nothing.

use std::collections::BTreeMap;

use serde_json::json;

use crate::ingest::ObservedContact;

use super::agent_work::CONCURRENT_CHANNELS;
use super::streams::queue_of;
use super::warnings::DataWarning;

/// The smallest share of offers missed that is named: below it a missed
/// offer's few seconds of wait and the agent's Missed state change little.
const NAMED_SHARE: f64 = 0.01;

/// Offers to agents and those missed, per routing profile of the agent who
/// took the contact (a contact no agent took counts under `""`).
#[derive(Debug, Default)]
pub struct MissedOffers {
    by_profile: BTreeMap<String, (u64, u64)>,
    /// The same, voice contacts only.
    voice: BTreeMap<String, (u64, u64)>,
    /// The same per channel of chats, tasks and emails (by
    /// [`CONCURRENT_CHANNELS`] order): a group answering one of those by
    /// hand misses offers of it.
    channels: BTreeMap<String, [(u64, u64); 3]>,
}

/// Offers of one channel's contacts (voice, or chats, …) to a routing
/// profile's agents, and those missed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OfferMisses {
    /// Offers counted (the accepted one included).
    pub offers: u64,
    /// Offers missed or rejected.
    pub missed: u64,
}

impl OfferMisses {
    /// The share of offers missed: the miss probability per offer.
    pub fn share(&self) -> f64 {
        super::rates::ratio(self.missed, self.offers)
    }
}

impl MissedOffers {
    /// Counts `c`'s offers, if it was queued (not a callback) and its
    /// record counts them.
    pub fn add(&mut self, c: &ObservedContact) {
        let (Some(attempts @ 1..), Some(_)) = (c.agent_connection_attempts, queue_of(c)) else {
            return;
        };
        // A callback's record may count its dials too (an unanswered one
        // is accepted by an agent who then heard it ring): left out.
        if c.method == "CALLBACK" {
            return;
        }
        // Every offer of a contact no agent took was missed.
        let answered = c.answered();
        let profile = c
            .agent
            .as_ref()
            .and_then(|a| a.routing_profile.clone())
            .filter(|_| answered)
            .unwrap_or_default();
        let missed = u64::from(attempts - u32::from(answered));
        if c.channel == "VOICE" {
            let (offers, misses) = self.voice.entry(profile.clone()).or_default();
            *offers += u64::from(attempts);
            *misses += missed;
        } else if let Some(k) = CONCURRENT_CHANNELS.iter().position(|ch| *ch == c.channel) {
            let (offers, misses) = &mut self.channels.entry(profile.clone()).or_default()[k];
            *offers += u64::from(attempts);
            *misses += missed;
        }
        let (offers, misses) = self.by_profile.entry(profile).or_default();
        *offers += u64::from(attempts);
        *misses += missed;
    }

    /// Per routing profile of the agent who took the contact: its voice
    /// offers and misses (contacts no agent took left out).
    pub fn voice(&self) -> BTreeMap<String, OfferMisses> {
        self.voice
            .iter()
            .filter(|(p, _)| !p.is_empty())
            .map(|(p, (offers, missed))| {
                (
                    p.clone(),
                    OfferMisses {
                        offers: *offers,
                        missed: *missed,
                    },
                )
            })
            .collect()
    }

    /// Per routing profile of the agent who took the contact, per channel
    /// of chats, tasks and emails it had offers of: those offers and their
    /// misses (contacts no agent took left out).
    pub fn by_channel(&self) -> BTreeMap<String, BTreeMap<&'static str, OfferMisses>> {
        self.channels
            .iter()
            .filter(|(p, _)| !p.is_empty())
            .map(|(p, counts)| {
                let by: BTreeMap<&'static str, OfferMisses> = CONCURRENT_CHANNELS
                    .iter()
                    .zip(counts)
                    .filter(|(_, (offers, _))| *offers > 0)
                    .map(|(ch, (offers, missed))| {
                        let m = OfferMisses {
                            offers: *offers,
                            missed: *missed,
                        };
                        (*ch, m)
                    })
                    .collect();
                (p.clone(), by)
            })
            .collect()
    }

    /// The warning, when at least [`NAMED_SHARE`] of all offers were missed.
    pub fn warning(&self) -> Option<DataWarning> {
        let (offers, misses) = self
            .by_profile
            .values()
            .fold((0, 0), |(o, m), (a, b)| (o + a, m + b));
        if offers == 0 || (misses as f64) < NAMED_SHARE * offers as f64 {
            return None;
        }
        let share = |o: u64, m: u64| m as f64 / o as f64;
        let per_profile: Vec<String> = self
            .by_profile
            .iter()
            .filter(|(p, (o, _))| !p.is_empty() && *o > 0)
            .map(|(p, (o, m))| format!("\"{p}\" {:.1} % of {o}", 100.0 * share(*o, *m)))
            .collect();
        let text = format!(
            "{misses} of {offers} offers to agents were missed or rejected ({:.1} %; by the profile of the agent who then took the contact: {}): AgentConnectionAttempts counts each offer, the accepted one among them. A group written to answer a channel by hand (an answer delay, from its accept lag) has the share of those channels' offers as miss_probability; the others auto-accept, which never misses, so a missed offer's return to the queue and the agent's Missed state are not in them. Fix: for such a group whose agents accept by hand, set auto_accept = false, answer_delay, and miss_probability to its share",
            100.0 * share(offers, misses),
            if per_profile.is_empty() { "none took one".to_string() } else { per_profile.join(", ") }
        );
        let detail = json!({
            "offers": offers, "missed": misses, "share": share(offers, misses),
            "by_profile": self.by_profile.iter().map(|(p, (o, m))| json!({"routing_profile": p, "offers": o, "missed": m})).collect::<Vec<_>>(),
        });
        Some(DataWarning {
            kind: "offers_missed",
            text,
            detail,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calibrate::test_contacts;

    /// A contact queued in "q", offered `attempts` times, answered by an
    /// agent of `profile` if any.
    fn offered(attempts: u32, profile: Option<&str>) -> ObservedContact {
        let mut c = test_contacts::contact("c", "INBOUND", "CHAT");
        c.queue = Some(test_contacts::queue("q", Some(0), Some(1_000), Some(1.0)));
        c.agent_connection_attempts = Some(attempts);
        if let Some(p) = profile {
            c.agent = Some(test_contacts::agent("a", p, 1_000, 60.0));
        }
        c
    }

    #[test]
    fn offers_beyond_the_accepted_one_are_missed_and_named_from_one_percent() {
        let mut m = MissedOffers::default();
        for _ in 0..90 {
            m.add(&offered(1, Some("P")));
        }
        // Taken at the third offer, and offered once, then abandoned.
        m.add(&offered(3, Some("P")));
        m.add(&offered(1, None));
        // 94 offers, 3 missed.
        let w = m.warning().unwrap_or_else(|| panic!("no warning"));
        assert_eq!(
            (w.detail["offers"].as_u64(), w.detail["missed"].as_u64()),
            (Some(94), Some(3))
        );
        assert!(w.text.contains("\"P\" 2.2 % of 93"), "{}", w.text);
        // Records without the field, or no misses: nothing named.
        let mut none = MissedOffers::default();
        for _ in 0..50 {
            none.add(&offered(1, Some("P")));
        }
        assert!(none.warning().is_none());
        // Chats only: no voice offers; the chats' under their channel.
        assert!(m.voice().is_empty());
        let chat = m.by_channel()["P"]["CHAT"];
        assert_eq!((chat.offers, chat.missed), (93, 2));
    }

    #[test]
    fn voice_offers_are_counted_apart_per_profile_of_the_taker() {
        let mut m = MissedOffers::default();
        let voice = |attempts, profile| {
            let mut c = offered(attempts, profile);
            c.channel = "VOICE".to_string();
            c
        };
        m.add(&voice(2, Some("P")));
        m.add(&voice(1, Some("P")));
        m.add(&offered(4, Some("P")));
        // Nobody took it: left out of every profile's share.
        m.add(&voice(2, None));
        let v = m.voice();
        assert_eq!(v.len(), 1);
        assert_eq!((v["P"].offers, v["P"].missed), (3, 1));
        assert!((v["P"].share() - 1.0 / 3.0).abs() < 1e-12);
    }
}
