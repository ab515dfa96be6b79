//! The observations each estimate is fitted to, gathered in one pass over
//! the contacts: per queue and entry the inbound-flow (IVR) time, talk,
//! holds and patience; per routing profile the after-contact work.
//!
//! Connect writes durations as whole seconds and timestamps truncated to
//! the second; each value enters its sample as what it is (a rounded
//! duration, or a difference of truncated timestamps — an interval around
//! the recorded value), so the fits carry no rounding bias. Patience is
//! censored: a customer who hung up in the queue shows their patience; one
//! who was answered (or moved on) shows only that it exceeded the wait.

use std::collections::{BTreeMap, HashMap};

use crate::ingest::ObservedContact;

use super::fit::{Observation, Sample};
use super::streams::{entry_of, queue_of, Entry};

/// The samples of one arrival stream (queue × entry).
#[derive(Debug, Default, Clone)]
pub struct StreamSamples {
    /// Talk (Agent.AgentInteractionDuration) of answered contacts that
    /// were not transferred on.
    pub talk: Sample,
    /// Holds per answered contact (Agent.NumberOfHolds), summed.
    pub hold_count_sum: f64,
    /// Answered contacts the hold count was read from.
    pub hold_contacts: u64,
    /// Duration of single holds (contacts with exactly one hold).
    pub hold: Sample,
    /// Patience: abandoned waits observed, other waits censored.
    pub patience: Sample,
}

/// Everything [`gather`] collects.
#[derive(Debug, Default)]
pub struct Samples {
    /// Per queue and entry.
    pub streams: BTreeMap<(String, Entry), StreamSamples>,
    /// Inbound-flow time per entry: initiation to queue (or to disconnect
    /// for a self-served contact).
    pub ivr: BTreeMap<Entry, Sample>,
    /// After-contact work per routing profile.
    pub acw: BTreeMap<String, Sample>,
    /// Values that could not enter a sample (negative or not finite), by
    /// what they were.
    pub rejected: BTreeMap<&'static str, u64>,
}

impl Samples {
    fn add(
        &mut self,
        what: &'static str,
        to: impl FnOnce(&mut Self) -> &mut Sample,
        o: Result<Observation, impl std::error::Error>,
    ) {
        match o {
            Ok(o) => to(self).add(o),
            Err(_) => *self.rejected.entry(what).or_insert(0) += 1,
        }
    }
}

/// Collects every sample from `contacts`.
pub fn gather(contacts: &[ObservedContact]) -> Samples {
    let methods: HashMap<&str, &str> = contacts
        .iter()
        .map(|c| (c.contact_id.as_str(), c.method.as_str()))
        .collect();
    let mut s = Samples::default();
    for c in contacts {
        if let Some(a) = &c.agent {
            if let (Some(p), Some(acw)) = (&a.routing_profile, a.acw_s) {
                let p = p.clone();
                s.add(
                    "after-contact work",
                    |s| s.acw.entry(p).or_default(),
                    Observation::rounded_seconds(acw),
                );
            }
        }
        let Some(entry) = entry_of(c) else { continue };
        ivr(&mut s, c, entry);
        if let Some(q) = queue_of(c) {
            // A leg an agent transferred on talked only until the transfer.
            let transferred = c
                .next_contact_id
                .as_deref()
                .and_then(|n| methods.get(n))
                .is_some_and(|m| *m == "TRANSFER");
            stream(&mut s, c, (q.to_string(), entry), transferred);
        }
    }
    s
}

/// The inbound-flow time of an entry contact.
fn ivr(s: &mut Samples, c: &ObservedContact, entry: Entry) {
    let end = match c.queue.as_ref().and_then(|q| q.enqueued_ms) {
        Some(t) => t,
        // Never queued, never answered: the flow was all of it.
        None if c.agent.is_none() => c.disconnected_ms,
        None => return,
    };
    let d = (end - c.initiated_ms) as f64 / 1000.0;
    s.add(
        "inbound-flow time",
        |s| s.ivr.entry(entry).or_default(),
        Observation::timestamp_difference(d),
    );
}

/// Talk, holds and patience of a queued entry contact.
fn stream(s: &mut Samples, c: &ObservedContact, key: (String, Entry), transferred: bool) {
    let wait = c.queue_wait_s();
    let answered = c.answered();
    let patience = match wait {
        Some(w) if c.abandoned_in_queue() => Some(Observation::rounded_seconds(w)),
        // Answered or moved on: patience exceeded the wait (at least its
        // lower end, the value being rounded).
        Some(w) => Some(Observation::right_censored((w - 0.5).max(0.0))),
        None => None,
    };
    if let Some(p) = patience {
        let k = key.clone();
        s.add(
            "patience",
            |s| &mut s.streams.entry(k).or_default().patience,
            p,
        );
    }
    let Some(a) = c.agent.as_ref().filter(|_| answered) else {
        return;
    };
    if let (Some(talk), false) = (a.interaction_s, transferred) {
        let k = key.clone();
        s.add(
            "talk",
            |s| &mut s.streams.entry(k).or_default().talk,
            Observation::rounded_seconds(talk),
        );
    }
    if let Some(n) = a.holds {
        let st = s.streams.entry(key.clone()).or_default();
        st.hold_count_sum += f64::from(n);
        st.hold_contacts += 1;
        if let (1, Some(h)) = (n, a.hold_s) {
            s.add(
                "hold",
                |s| &mut s.streams.entry(key).or_default().hold,
                Observation::rounded_seconds(h),
            );
        }
    }
}
