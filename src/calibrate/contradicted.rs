//! Durations a contact's own timestamps contradict: a talk of 50,000 s on
//! a call its agent held for four minutes, a customer hold of 100,000 s,
//! after-contact work longer than the span its start and end stamp. Such a
//! record's durations are not to be trusted, and one of them in a sample
//! of a few hundred moves a fitted mean by minutes — so the contact's
//! durations are left out of every duration fit (it still counts as an
//! arrival, an answer, an agent's work), and the calibration says how
//! many and which.
//!
//! The check runs on the contacts deduplication kept: an older version of
//! a record (superseded by a later update) may carry values the final one
//! corrects, and is never read.
//!
//! When most contacts' durations are contradicted, leaving them out would
//! fit the few left — whatever made them the exception — and write an
//! assumed talk where none is left: the export itself is wrong (a unit
//! other than seconds, say), and calibration refuses it instead
//! ([`ContradictedDurations::refusal`]).

use std::collections::BTreeMap;

use serde_json::{json, Value};

use crate::ingest::{ObservedAgent, ObservedContact};

use super::warnings::DataWarning;

/// Seconds a duration may exceed the span its timestamps give: those are
/// truncated to the second and the durations rounded to it, so a
/// truthful record is off by up to 2 s; a few more allow for Connect's
/// clocks (the softphone's and the service's) disagreeing a little.
const SLACK_S: f64 = 5.0;

/// The share of the span a duration may exceed it by, on top of
/// [`SLACK_S`]: what is left out is a contradiction, not a quibble.
const SLACK_SHARE: f64 = 0.05;

/// How many contacts a warning names as examples.
const EXAMPLES: usize = 3;

/// A duration longer than the span its own record's timestamps allow.
#[derive(Debug, Clone, PartialEq)]
pub struct Contradiction {
    /// The field (or fields, summed) as Connect names them.
    pub field: &'static str,
    /// What the record says, seconds.
    pub recorded_s: f64,
    /// The span the timestamps give it, seconds.
    pub span_s: f64,
    /// The timestamps the span runs between.
    pub between: &'static str,
}

/// Whether `recorded_s` is more than the slack longer than `span_s`.
fn exceeds(recorded_s: f64, span_s: f64) -> bool {
    recorded_s > span_s + SLACK_S + SLACK_SHARE * span_s.max(0.0)
}

/// The talk and hold of an answered contact against the time from its
/// agent's connection to the conversation's end (the disconnect, or the
/// start of after-contact work when later). Talk
/// (`AgentInteractionDuration`) does not include hold, so both fit in it.
fn conversation(c: &ObservedContact, a: &ObservedAgent) -> Option<Contradiction> {
    let connected = a.connected_ms?;
    let end = a
        .acw_start_ms
        .map_or(c.disconnected_ms, |s| s.max(c.disconnected_ms));
    let span_s = (end - connected) as f64 / 1000.0;
    let (talk, hold) = (a.interaction_s.unwrap_or(0.0), a.hold_s.unwrap_or(0.0));
    let field = if exceeds(talk, span_s) {
        "Agent.AgentInteractionDuration"
    } else if exceeds(hold, span_s) {
        "Agent.CustomerHoldDuration"
    } else if exceeds(talk + hold, span_s) {
        "Agent.AgentInteractionDuration + Agent.CustomerHoldDuration"
    } else {
        return None;
    };
    let recorded_s = match field {
        "Agent.AgentInteractionDuration" => talk,
        "Agent.CustomerHoldDuration" => hold,
        _ => talk + hold,
    };
    Some(Contradiction {
        field,
        recorded_s,
        span_s,
        between: "Agent.ConnectedToAgentTimestamp and DisconnectTimestamp",
    })
}

/// The after-contact work against its own start and end timestamps.
fn after_contact_work(a: &ObservedAgent) -> Option<Contradiction> {
    let (start, end, acw) = (a.acw_start_ms?, a.acw_end_ms?, a.acw_s?);
    let span_s = (end - start) as f64 / 1000.0;
    exceeds(acw, span_s).then_some(Contradiction {
        field: "Agent.AfterContactWorkDuration",
        recorded_s: acw,
        span_s,
        between: "Agent.AfterContactWorkStartTimestamp and AfterContactWorkEndTimestamp",
    })
}

/// The first duration of `c` its own timestamps contradict, if any.
pub fn contradiction(c: &ObservedContact) -> Option<Contradiction> {
    let a = c.agent.as_ref()?;
    conversation(c, a).or_else(|| after_contact_work(a))
}

/// Contacts whose durations were left out, counted as they stream by.
/// What it reports does not depend on the order the contacts come in:
/// the examples are the contacts of the smallest ids.
#[derive(Debug, Default)]
pub struct ContradictedDurations {
    /// Contacts whose agent recorded some duration: those checked.
    checked: u64,
    /// Contacts left out, per field.
    per_field: BTreeMap<&'static str, u64>,
    /// Up to [`EXAMPLES`] of them, by contact id.
    examples: BTreeMap<String, Contradiction>,
}

impl ContradictedDurations {
    /// Checks `c`; when its timestamps contradict a duration, takes every
    /// duration of its agent out of it (talk, holds, after-contact work),
    /// so that no fit reads them, and counts it.
    pub fn check(&mut self, c: &mut ObservedContact) {
        let recorded = c
            .agent
            .as_ref()
            .is_some_and(|a| a.interaction_s.or(a.hold_s).or(a.acw_s).is_some());
        self.checked += u64::from(recorded);
        let Some(found) = contradiction(c) else {
            return;
        };
        if let Some(a) = c.agent.as_mut() {
            a.interaction_s = None;
            a.hold_s = None;
            a.holds = None;
            a.longest_hold_s = None;
            a.acw_s = None;
        }
        *self.per_field.entry(found.field).or_insert(0) += 1;
        self.examples.insert(c.contact_id.clone(), found);
        if self.examples.len() > EXAMPLES {
            self.examples.pop_last();
        }
    }

    /// Contacts left out.
    pub fn count(&self) -> u64 {
        self.per_field.values().sum()
    }

    /// What is wrong, when more than half the contacts checked were
    /// contradicted: too many to leave out.
    pub fn refusal(&self) -> Option<String> {
        let n = self.count();
        let (id, first) = self.examples.first_key_value()?;
        (2 * n > self.checked).then(|| {
            format!(
                "{n} of the {} contacts with recorded durations have durations their own timestamps contradict — e.g. contact {id}: {} of {} s, where {} are {} s apart",
                self.checked, first.field, first.recorded_s, first.between, first.span_s
            )
        })
    }

    /// What was found, for a warning: how many contacts, by which
    /// fields, and the first example — the words calibrate's and
    /// backtest's warnings share.
    fn found(&self) -> Option<String> {
        let n = self.count();
        let (id, first) = self.examples.first_key_value()?;
        let fields: Vec<String> = self
            .per_field
            .iter()
            .map(|(f, k)| format!("{k} by {f}"))
            .collect();
        Some(format!(
            "{n} contact(s) whose recorded durations their own timestamps contradict ({}) — e.g. contact {id}: {} of {} s, where {} are {} s apart",
            fields.join(", "),
            first.field,
            first.recorded_s,
            first.between,
            first.span_s,
        ))
    }

    /// The backtest's warning, when any contact was left out: the
    /// observed handle times (AHT) leave them out; they still count as
    /// queued and answered.
    pub fn backtest_warning(&self) -> Option<String> {
        Some(format!(
            "left out of the observed AHT: {}. Such a record's durations are not trusted; the contacts still count as queued and answered. Fix: check the export for these contacts",
            self.found()?
        ))
    }

    /// The warning, when any contact was left out.
    pub fn warning(&self) -> Option<DataWarning> {
        let n = self.count();
        let text = format!(
            "left out of the duration fits (talk, holds, after-contact work): {}. Such a record's durations are not trusted; the contacts still count as arrivals and answers. Fix: check the export for these contacts (calibration.json lists some)",
            self.found()?
        );
        let examples: Vec<Value> = self
            .examples
            .iter()
            .map(|(id, x)| {
                json!({"contact_id": id, "field": x.field, "recorded_seconds": x.recorded_s,
                       "timestamps_apart_seconds": x.span_s, "between": x.between})
            })
            .collect();
        Some(DataWarning {
            kind: "durations_contradicted",
            text,
            detail: json!({"contacts": n, "per_field": self.per_field, "examples": examples}),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calibrate::test_contacts::{agent, contact};

    /// A call answered at 10 s that ended at 250 s: 240 s with its agent,
    /// after-contact work stamped from 250 s to 280 s.
    fn answered(talk_s: f64, hold_s: f64, acw_s: f64) -> ObservedContact {
        let mut a = agent("a", "P", 10_000, talk_s);
        a.hold_s = Some(hold_s);
        a.holds = Some(u32::from(hold_s > 0.0));
        a.acw_start_ms = Some(250_000);
        a.acw_end_ms = Some(280_000);
        a.acw_s = Some(acw_s);
        ObservedContact {
            disconnected_ms: 250_000,
            agent: Some(a),
            ..contact("c", "INBOUND", "VOICE")
        }
    }

    #[test]
    fn durations_that_fit_their_timestamps_pass_with_rounding_slack() {
        assert_eq!(contradiction(&answered(200.0, 40.0, 30.0)), None);
        // Rounded durations and truncated timestamps: a few seconds over.
        assert_eq!(contradiction(&answered(203.0, 40.0, 32.0)), None);
    }

    #[test]
    fn a_duration_beyond_its_timestamps_is_named_by_field() {
        let field = |c: &ObservedContact| contradiction(c).map(|x| x.field);
        assert_eq!(
            field(&answered(50_000.0, 0.0, 30.0)),
            Some("Agent.AgentInteractionDuration")
        );
        assert_eq!(
            field(&answered(200.0, 100_000.0, 30.0)),
            Some("Agent.CustomerHoldDuration")
        );
        assert_eq!(
            field(&answered(200.0, 200.0, 30.0)),
            Some("Agent.AgentInteractionDuration + Agent.CustomerHoldDuration")
        );
        assert_eq!(
            field(&answered(200.0, 0.0, 3_000.0)),
            Some("Agent.AfterContactWorkDuration")
        );
    }

    #[test]
    fn a_contradicted_contact_loses_its_durations_and_is_counted() {
        let mut counted = ContradictedDurations::default();
        let mut good = answered(200.0, 40.0, 30.0);
        counted.check(&mut good);
        assert_eq!(good, answered(200.0, 40.0, 30.0));
        assert_eq!((counted.count(), counted.warning()), (0, None));

        let mut bad = answered(200.0, 100_000.0, 30.0);
        counted.check(&mut bad);
        let a = bad.agent.unwrap_or_else(|| panic!("the agent stays"));
        assert_eq!((a.interaction_s, a.hold_s, a.acw_s), (None, None, None));
        assert_eq!(a.connected_ms, Some(10_000));
        assert_eq!(counted.count(), 1);
        let said = counted.warning().map(|w| w.text).unwrap_or_default();
        assert!(said.contains("contact c: Agent.CustomerHoldDuration of 100000 s"));
        assert!(said.contains("240 s apart"), "{said}");
        // One in two is not yet most.
        assert_eq!(counted.refusal(), None);
        counted.check(&mut answered(50_000.0, 0.0, 30.0));
        let refused = counted.refusal().unwrap_or_default();
        assert!(refused.starts_with("2 of the 3 contacts"), "{refused}");
    }
}
