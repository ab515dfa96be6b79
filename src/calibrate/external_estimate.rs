//! Each queue's `external` estimated from what [`super::external`]
//! counted: the probability a conversation adds an external party, the
//! answer probability, the ring and the three-party talk; and how the
//! scenario, the report and `calibration.json` show them.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use super::estimate::{estimate, Estimated};
use super::external::ExternalCounts;
use super::rates::{ratio, wilson};

/// One queue's `external`, estimated.
#[derive(Debug, Clone)]
pub struct ExternalEstimate {
    /// Legs added per conversation that could add one.
    pub probability: f64,
    /// Conversations that could add a leg (answered, not transferred on).
    pub conversations: u64,
    /// Legs added.
    pub legs: u64,
    /// Legs that found no free line (they are in `legs`, and the model
    /// turns them away itself when its lines are full).
    pub blocked: u64,
    /// Legs the party answered.
    pub answered: u64,
    /// Answered per leg that rang.
    pub answer_probability: f64,
    /// The ring.
    pub ring: Estimated,
    /// The three-party talk (none when no party answered).
    pub talk: Option<Estimated>,
    /// The number most legs dialled (E.164 only: the scenario takes no
    /// other), and how many dialled it; the scenario makes one up without.
    pub number: Option<(String, u64)>,
}

impl ExternalEstimate {
    /// `external = { … }` for the queue's table.
    pub fn toml(&self) -> String {
        let talk = self.talk.as_ref().map_or("\"0s\"", |e| e.toml.as_str());
        let number = self
            .number
            .as_ref()
            .map_or(String::new(), |(n, _)| format!(", number = \"{n}\""));
        format!(
            "external = {{ probability = {:.4}, ring = {}, answer_probability = {:.4}, talk = {talk}{number} }}",
            self.probability, self.ring.toml, self.answer_probability
        )
    }

    /// The comment above [`ExternalEstimate::toml`]: the counts behind it.
    pub fn comment(&self) -> String {
        format!(
            "# {} of {} answered voice conversations (not transferred on) added an external party (EXTERNAL_OUTBOUND); {} of {} that rang were answered{}. The legs' time is taken off the conversations' talk: the model adds it after",
            self.legs,
            self.conversations,
            self.answered,
            self.rang(),
            match self.blocked {
                0 => String::new(),
                n => format!("; {n} found no free line"),
            }
        )
    }

    /// Legs that rang (not turned away for want of a line).
    fn rang(&self) -> u64 {
        self.legs - self.blocked
    }

    /// The record for `calibration.json`.
    pub fn json(&self, queue: &str) -> Value {
        let (p_lo, p_hi) = wilson(self.legs, self.conversations);
        let (a_lo, a_hi) = wilson(self.answered, self.rang());
        json!({
            "queue": queue,
            "conversations": self.conversations,
            "legs": self.legs,
            "no_free_line": self.blocked,
            "answered": self.answered,
            "probability": self.probability,
            "probability_ci95": [p_lo, p_hi],
            "answer_probability": self.answer_probability,
            "answer_probability_ci95": [a_lo, a_hi],
            "ring": self.ring.json,
            "talk": self.talk.as_ref().map(|e| e.json.clone()),
            "number": self.number.as_ref().map(|(n, k)| json!({"number": n, "legs": k})),
        })
    }

    /// One line for the report.
    pub fn summary(&self, queue: &str) -> String {
        let (p_lo, p_hi) = wilson(self.legs, self.conversations);
        let talk = self
            .talk
            .as_ref()
            .map_or("none answered".to_string(), |e| e.summary.clone());
        format!(
            "External parties ({queue}): {} of {} answered voice conversations added one (probability {:.4}, 95 % CI {p_lo:.4}–{p_hi:.4}); answered {} of {} that rang ({:.4}). Ring: {}. Three-party talk: {talk}. The legs' time is taken off these conversations' talk, since the scenario adds it after.",
            self.legs,
            self.conversations,
            self.probability,
            self.answered,
            self.rang(),
            self.answer_probability,
            self.ring.summary,
        )
    }
}

/// Each queue's `external`, where its conversations added legs that rang
/// (a queue whose every leg found no line has no ring to write).
pub fn estimate_all(counts: &ExternalCounts) -> BTreeMap<String, ExternalEstimate> {
    counts
        .iter()
        .filter_map(|(q, t)| {
            let conversations = t.conversations.saturating_sub(t.transferred).max(t.legs);
            let ring = estimate(&t.ring)?;
            let e = ExternalEstimate {
                probability: ratio(t.legs, conversations),
                conversations,
                legs: t.legs,
                blocked: t.blocked,
                answered: t.answered,
                answer_probability: ratio(t.answered, t.legs - t.blocked),
                ring,
                talk: estimate(&t.talk),
                number: most_dialled(&t.numbers),
            };
            Some((q.clone(), e))
        })
        .collect()
}

/// The E.164 number most legs dialled (the first by text among equals).
fn most_dialled(numbers: &BTreeMap<String, u64>) -> Option<(String, u64)> {
    numbers
        .iter()
        .filter(|(n, _)| crate::scenario::is_e164(n))
        .fold(None, |best: Option<(&String, u64)>, (n, &k)| match best {
            Some((_, b)) if b >= k => best,
            _ => Some((n, k)),
        })
        .map(|(n, k)| (n.clone(), k))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calibrate::external::{ExternalCounter, ExternalLeg};
    use crate::calibrate::test_contacts::{agent, contact, external_leg as leg};
    use crate::ingest::ObservedContact;

    /// The probability is per conversation not transferred on; the answer
    /// probability per leg that rang.
    #[test]
    fn probabilities_count_what_could_add_a_leg_and_what_rang() {
        let mut counter = ExternalCounter::default();
        let conversation = ObservedContact {
            agent: Some(agent("a", "P", 1000, 60.0)),
            ..contact("c", "INBOUND", "VOICE")
        };
        for _ in 0..10 {
            counter.add(&conversation, Some("Q"));
        }
        counter.add(&conversation, None);
        counter.transferred("Q");
        counter.transferred("Q");
        let legs = [
            leg(100, Some(110), 200, "THIRD_PARTY_DISCONNECT"),
            leg(100, Some(120), 160, "THIRD_PARTY_DISCONNECT"),
            leg(100, None, 130, "TELECOM_UNANSWERED"),
            leg(100, None, 100, "TELECOM_BUSY"),
        ];
        for l in &legs {
            let l = ExternalLeg::of(l).unwrap_or_else(|| panic!("a leg"));
            counter.leg("Q", &l);
        }
        let all = estimate_all(&counter.finish());
        let q = &all["Q"];
        assert_eq!(
            (q.conversations, q.legs, q.blocked, q.answered),
            (8, 4, 1, 2)
        );
        assert_eq!(q.probability, 0.5);
        assert!((q.answer_probability - 2.0 / 3.0).abs() < 1e-12);
        assert!(q
            .toml()
            .starts_with("external = { probability = 0.5000, ring = "));
    }

    /// The number is the one most legs dialled; one that is not E.164 (a
    /// SIP address, say) is not the scenario's to take.
    #[test]
    fn the_number_is_the_e164_one_most_legs_dialled() {
        let numbers = |pairs: &[(&str, u64)]| {
            pairs
                .iter()
                .map(|(n, k)| (n.to_string(), *k))
                .collect::<BTreeMap<_, _>>()
        };
        let pick = |pairs: &[(&str, u64)]| most_dialled(&numbers(pairs));
        assert_eq!(
            pick(&[("+442071234567", 3), ("+15551234567", 5), ("sip:x@y", 9)]),
            Some(("+15551234567".to_string(), 5))
        );
        assert_eq!(
            pick(&[("+442071234567", 5), ("+15551234567", 5)]),
            Some(("+15551234567".to_string(), 5))
        );
        assert_eq!(pick(&[("sip:x@y", 9)]), None);
    }
}
