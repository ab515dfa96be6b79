//! Missed offers: a queued contact's `AgentConnectionAttempts` counts the
//! offers Connect made to agents, the one accepted among them, so the
//! attempts beyond it were offers an agent missed or rejected (the contact
//! went back to its queue). A group the calibration writes to answer
//! calls, chats, tasks or emails by hand (its accept lag showed an answer
//! delay, or its agents missed voice offers: [`super::answer_delay`])
//! gets those channels' misses as `miss_probability` (below); the others
//! auto-accept, which never misses, so a share of missed offers worth
//! knowing is named in a warning with what to set by hand
//! (`auto_accept = false`, an `answer_delay`, the share as
//! `miss_probability`); records without the field say nothing.
//!
//! A contact no agent took names no profile, yet every offer recorded for
//! it was missed (an accepted one would have been taken): its offers count
//! for the profile that took most of
//! its queue's contacts of its channel. Left out, a miss the customer gave
//! up after went unseen — a probe's desk missing 5 % of offers read 4.0 %.
//!
//! A caller who hangs up while an offer rings leaves no attempt in the
//! records, and a miss rings [`MISS_RING_S`] where an answer rings its
//! answer delay: more misses than answers are cut short, and the share of
//! recorded offers missed reads low (that desk: 4.4 % with every miss
//! counted). So the probability written is the one that leaves the
//! recorded share when callers hang up at their queue's hazard
//! (abandonments over seconds waited) through each ring
//! ([`OfferMisses::probability`]).

use std::collections::BTreeMap;

use serde_json::json;

use crate::ingest::ObservedContact;

use super::agent_work::CONCURRENT_CHANNELS;
use super::streams::queue_of;
use super::warnings::DataWarning;

/// The smallest share of offers missed that is named: below it a missed
/// offer's few seconds of wait and the agent's Missed state change little.
pub const NAMED_SHARE: f64 = 0.01;

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
    /// Per queue and channel (0 voice, then [`CONCURRENT_CHANNELS`]' order
    /// from 1), the contacts each profile's agents took from it.
    taken: BTreeMap<(String, u8), BTreeMap<String, u64>>,
    /// Per queue and channel, the offers (all missed) of contacts no agent
    /// took.
    untaken: BTreeMap<(String, u8), u64>,
    /// Per queue and channel, the seconds its contacts waited and how many
    /// of them hung up waiting.
    waited: BTreeMap<(String, u8), (f64, u64)>,
}

/// How long an offer rings before it is missed: Connect's 20 s, the
/// simulation's `center::spec::OFFER_TIMEOUT` (a test keeps them equal).
pub const MISS_RING_S: f64 = 20.0;

/// Seconds a queue's contacts waited, at least, before the rate they hang
/// up at is read (below it: none — whole-second waits of a few callers
/// answered at once would make any hang-up look sudden).
pub const MIN_WAITED_S: f64 = 1_800.0;

/// The most a miss's longer ring raises the recorded odds by: `e`, as if
/// callers hung up every 20 s on average while an offer rang (a hang-up
/// rate read above that is more likely wrong than so impatient).
const MAX_RING_EXPONENT: f64 = 1.0;

/// Offers of one channel's contacts (voice, or chats, …) to a routing
/// profile's agents, and those missed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OfferMisses {
    /// Offers counted (the accepted one included).
    pub offers: u64,
    /// Offers missed or rejected.
    pub missed: u64,
    /// The rate at which its callers hang up while waiting (per second):
    /// abandonments over seconds waited in the queues it took contacts
    /// from, weighted by the contacts it took from each.
    pub hazard_per_s: f64,
}

impl OfferMisses {
    /// The share of recorded offers missed.
    pub fn share(&self) -> f64 {
        super::rates::ratio(self.missed, self.offers)
    }

    /// The miss probability per offer that leaves [`Self::share`] of the
    /// recorded offers missed, when an answered offer rings `ring_s` and
    /// a missed one [`MISS_RING_S`], and an offer whose caller hangs up
    /// meanwhile (at [`Self::hazard_per_s`]) is not recorded: the odds of
    /// a miss are the recorded odds times `exp(hazard × (20 s − ring))`.
    pub fn probability(&self, ring_s: f64) -> f64 {
        let answered = self.offers.saturating_sub(self.missed);
        if answered == 0 || self.missed == 0 {
            return self.share();
        }
        let longer = (MISS_RING_S - ring_s).max(0.0);
        let exponent = (self.hazard_per_s * longer).clamp(0.0, MAX_RING_EXPONENT);
        let odds = self.missed as f64 / answered as f64 * exponent.exp();
        odds / (1.0 + odds)
    }
}

/// The channel kind [`MissedOffers`] counts by: 0 voice, then
/// [`CONCURRENT_CHANNELS`]' order from 1.
fn kind_of(channel: &str) -> Option<u8> {
    if channel == "VOICE" {
        return Some(0);
    }
    CONCURRENT_CHANNELS
        .iter()
        .position(|ch| *ch == channel)
        .map(|k| k as u8 + 1)
}

impl MissedOffers {
    /// Counts `c`'s offers, if it was queued (not a callback) and its
    /// record counts them.
    pub fn add(&mut self, c: &ObservedContact) {
        // A callback's record may count its dials too (an unanswered one
        // is accepted by an agent who then heard it ring): left out.
        let Some(queue) = queue_of(c).filter(|_| c.method != "CALLBACK") else {
            return;
        };
        if let (Some(kind), Some(w)) = (kind_of(&c.channel), c.queue_wait_s()) {
            let (seconds, hung_up) = self.waited.entry((queue.to_string(), kind)).or_default();
            *seconds += w.max(0.0);
            *hung_up += u64::from(c.abandoned_in_queue());
        }
        let Some(attempts @ 1..) = c.agent_connection_attempts else {
            return;
        };
        // Every offer of a contact no agent took was missed.
        let answered = c.answered();
        let profile = c
            .agent
            .as_ref()
            .and_then(|a| a.routing_profile.clone())
            .filter(|_| answered)
            .unwrap_or_default();
        let missed = u64::from(attempts - u32::from(answered));
        if let Some(kind) = kind_of(&c.channel) {
            let key = (queue.to_string(), kind);
            if profile.is_empty() {
                *self.untaken.entry(key).or_default() += u64::from(attempts);
            } else {
                *self
                    .taken
                    .entry(key)
                    .or_default()
                    .entry(profile.clone())
                    .or_default() += 1;
            }
        }
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

    /// Per routing profile, the offers (all missed) of contacts of channel
    /// `kind` (as [`kind_of`] numbers them) no agent took that count for
    /// it: each queue's go to the profile that took most of its contacts
    /// of that channel (of equal ones, the first by name); a queue nobody
    /// took from keeps its own.
    fn untaken_by_profile(&self, kind: u8) -> BTreeMap<&str, u64> {
        let mut out: BTreeMap<&str, u64> = BTreeMap::new();
        for ((queue, k), &offers) in &self.untaken {
            if *k != kind {
                continue;
            }
            let most = self
                .taken
                .get(&(queue.clone(), kind))
                .into_iter()
                .flatten()
                .fold(None::<(&str, u64)>, |best, (p, &n)| match best {
                    Some((_, m)) if m >= n => best,
                    _ => Some((p.as_str(), n)),
                });
            if let Some((p, _)) = most {
                *out.entry(p).or_default() += offers;
            }
        }
        out
    }

    /// The hazard `profile`'s callers of channel `kind` hang up at while
    /// waiting: each queue's abandonments over its seconds waited (none
    /// below [`MIN_WAITED_S`]), weighted by the contacts the profile took
    /// from it. A constant rate — exact for exponential patience, the
    /// mean rate otherwise — is all a ring of seconds needs.
    fn hazard(&self, profile: &str, kind: u8) -> f64 {
        let (mut sum, mut weight) = (0.0, 0.0);
        for ((queue, k), by) in &self.taken {
            let (Some(&n), true) = (by.get(profile), *k == kind) else {
                continue;
            };
            let (seconds, hung_up) = self
                .waited
                .get(&(queue.clone(), kind))
                .copied()
                .unwrap_or_default();
            if seconds >= MIN_WAITED_S {
                sum += n as f64 * hung_up as f64 / seconds;
            }
            weight += n as f64;
        }
        if weight > 0.0 {
            sum / weight
        } else {
            0.0
        }
    }

    /// Per routing profile: its voice offers and misses — those of the
    /// contacts its agents took, and those of its queues' contacts no
    /// agent took ([`Self::untaken_by_profile`]).
    pub fn voice(&self) -> BTreeMap<String, OfferMisses> {
        let untaken = self.untaken_by_profile(0);
        self.voice
            .iter()
            .filter(|(p, _)| !p.is_empty())
            .map(|(p, (offers, missed))| {
                let more = untaken.get(p.as_str()).copied().unwrap_or(0);
                (
                    p.clone(),
                    OfferMisses {
                        offers: *offers + more,
                        missed: *missed + more,
                        hazard_per_s: self.hazard(p, 0),
                    },
                )
            })
            .collect()
    }

    /// Per routing profile, per channel of chats, tasks and emails it had
    /// offers of: those offers and their misses, with its queues'
    /// contacts no agent took as in [`Self::voice`].
    pub fn by_channel(&self) -> BTreeMap<String, BTreeMap<&'static str, OfferMisses>> {
        let untaken: Vec<BTreeMap<&str, u64>> = (1..=CONCURRENT_CHANNELS.len() as u8)
            .map(|k| self.untaken_by_profile(k))
            .collect();
        self.channels
            .iter()
            .filter(|(p, _)| !p.is_empty())
            .map(|(p, counts)| {
                let by: BTreeMap<&'static str, OfferMisses> = CONCURRENT_CHANNELS
                    .iter()
                    .zip(counts)
                    .zip(&untaken)
                    .enumerate()
                    .filter(|(_, ((_, (offers, _)), _))| *offers > 0)
                    .map(|(k, ((ch, (offers, missed)), untaken))| {
                        let more = untaken.get(p.as_str()).copied().unwrap_or(0);
                        let m = OfferMisses {
                            offers: *offers + more,
                            missed: *missed + more,
                            hazard_per_s: self.hazard(p, k as u8 + 1),
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
        // Chats only: no voice offers; the chats' under their channel,
        // the one no agent took with them (P took all of q's chats).
        assert!(m.voice().is_empty());
        let chat = m.by_channel()["P"]["CHAT"];
        assert_eq!((chat.offers, chat.missed), (94, 3));
    }

    #[test]
    fn a_miss_rings_as_long_as_the_simulation_s_offer_and_cut_rings_are_put_back() {
        assert_eq!(
            MISS_RING_S,
            crate::center::spec::OFFER_TIMEOUT.as_secs_f64()
        );
        let m = |hazard_per_s: f64| OfferMisses {
            offers: 1_000,
            missed: 40,
            hazard_per_s,
        };
        // No hang-ups: the recorded share.
        assert!((m(0.0).probability(5.0) - 0.04).abs() < 1e-12);
        // Callers leaving at 1/120 s: odds × e^(15/120) for a 5 s answer,
        // nothing for an answer ringing 20 s or more.
        let odds = 40.0 / 960.0 * (15.0f64 / 120.0).exp();
        assert!((m(1.0 / 120.0).probability(5.0) - odds / (1.0 + odds)).abs() < 1e-12);
        assert!((m(1.0 / 120.0).probability(25.0) - 0.04).abs() < 1e-12);
        // A rate read absurdly high raises the odds by e at most.
        let most = 40.0 / 960.0 * 1f64.exp();
        assert!((m(10.0).probability(0.0) - most / (1.0 + most)).abs() < 1e-12);
    }

    #[test]
    fn a_queue_s_hang_up_rate_is_read_only_from_half_an_hour_of_waiting() {
        // A voice call in "q" waiting `wait_s`, answered by P or hung up.
        let call = |wait_s: f64, answered: bool| {
            let mut c = offered(1, answered.then_some("P"));
            c.channel = "VOICE".to_string();
            c.queue = Some(test_contacts::queue("q", Some(0), None, Some(wait_s)));
            if !answered {
                c.agent_connection_attempts = Some(0);
                c.disconnect_reason = Some("CUSTOMER_DISCONNECT".to_string());
            }
            c
        };
        let mut m = MissedOffers::default();
        for _ in 0..20 {
            m.add(&call(10.0, true));
        }
        for _ in 0..5 {
            m.add(&call(2.0, false));
        }
        // 210 s waited: too little to read 5 hang-ups from.
        assert_eq!(m.voice()["P"].hazard_per_s, 0.0);
        for _ in 0..160 {
            m.add(&call(10.0, true));
        }
        // 1,810 s waited, 5 hang-ups.
        let h = m.voice()["P"].hazard_per_s;
        assert!((h - 5.0 / 1_810.0).abs() < 1e-12, "{h}");
    }

    #[test]
    fn a_contact_no_agent_took_counts_for_the_profile_that_took_most_of_its_queue() {
        let voice = |attempts: u32, queue: &str, profile: Option<&str>| {
            let mut c = offered(attempts, profile);
            c.channel = "VOICE".to_string();
            c.queue = Some(test_contacts::queue(queue, Some(0), Some(1_000), Some(1.0)));
            c
        };
        let mut m = MissedOffers::default();
        for _ in 0..3 {
            m.add(&voice(1, "q", Some("Front")));
        }
        m.add(&voice(2, "q", Some("Back")));
        // Offered twice then abandoned; and once in a queue nobody took
        // from (no profile to count it for).
        m.add(&voice(2, "q", None));
        m.add(&voice(1, "lonely", None));
        let v = m.voice();
        assert_eq!((v["Front"].offers, v["Front"].missed), (5, 2));
        assert_eq!((v["Back"].offers, v["Back"].missed), (2, 1));
        // Equal takers: the first by name.
        let mut tie = MissedOffers::default();
        tie.add(&voice(1, "q", Some("B")));
        tie.add(&voice(1, "q", Some("A")));
        tie.add(&voice(1, "q", None));
        assert_eq!(tie.voice()["A"].missed, 1);
        assert_eq!(tie.voice()["B"].missed, 0);
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
        // Nobody took it: both offers missed, counted for P (which took
        // all of its queue's calls); the chat stays with the chats.
        m.add(&voice(2, None));
        let v = m.voice();
        assert_eq!(v.len(), 1);
        assert_eq!((v["P"].offers, v["P"].missed), (5, 3));
        assert!((v["P"].share() - 3.0 / 5.0).abs() < 1e-12);
        assert_eq!(m.by_channel()["P"]["CHAT"].offers, 4);
    }
}
