//! What a queue's customers lived through, interval by interval, counted
//! the same way from real contact records and from simulated ones (the
//! backtest compares the two): contacts queued, answered, answered within
//! the service-level threshold, abandoned, and the waits and handle times
//! behind ASA and AHT. A contact counts in the interval it was queued in.

use std::collections::BTreeMap;

use crate::ingest::ObservedContact;

use super::period::Period;
use super::streams::queue_of;

/// One queue's counts in one interval.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct IntervalTally {
    /// Contacts queued.
    pub queued: u64,
    /// Queued contacts an agent answered.
    pub answered: u64,
    /// Answered within the service-level threshold.
    pub answered_within: u64,
    /// Queued contacts whose customer hung up waiting.
    pub abandoned: u64,
    /// Sum of the answered contacts' waits, seconds.
    pub answer_wait_s: f64,
    /// Sum of the answered contacts' handle times (talk + hold + ACW),
    /// seconds, over the `timed` ones.
    pub handle_s: f64,
    /// Answered contacts whose handle time is known: their agent recorded
    /// some duration (a record whose timestamps contradict its durations
    /// has had them taken out, see `contradicted`).
    pub timed: u64,
}

/// How many of [`METRICS`], from the first, are counts (defined in every
/// interval, 0 when nothing happened).
pub const COUNTS: usize = 2;

/// The metrics the backtest compares, in a fixed order.
pub const METRICS: [&str; 6] = [
    "contacts_queued",
    "contacts_handled",
    "service_level",
    "asa_seconds",
    "abandonment_rate",
    "aht_seconds",
];

impl IntervalTally {
    /// The metric `METRICS[k]`, or `None` where it is undefined (a rate
    /// with nothing to divide by).
    pub fn metric(&self, k: usize) -> Option<f64> {
        let per = |n: f64, d: u64| (d > 0).then(|| n / d as f64);
        match k {
            0 => Some(self.queued as f64),
            1 => Some(self.answered as f64),
            2 => per(self.answered_within as f64, self.queued),
            3 => per(self.answer_wait_s, self.answered),
            4 => per(self.abandoned as f64, self.queued),
            5 => per(self.handle_s, self.timed),
            _ => None,
        }
    }

    /// Adds one queued contact.
    pub fn add(&mut self, c: &ObservedContact, threshold_s: f64) {
        self.queued += 1;
        let wait = c.queue_wait_s().unwrap_or(0.0);
        if c.answered() {
            self.answered += 1;
            self.answer_wait_s += wait;
            if wait <= threshold_s {
                self.answered_within += 1;
            }
            let durations = c
                .agent
                .as_ref()
                .map(|a| [a.interaction_s, a.hold_s, a.acw_s]);
            if let Some(d) = durations.filter(|d| d.iter().any(Option::is_some)) {
                self.timed += 1;
                self.handle_s += d.iter().flatten().sum::<f64>();
            }
        } else if c.abandoned_in_queue() {
            self.abandoned += 1;
        }
    }
}

/// Per queue (by name), the tallies of every interval of `period`.
pub type QueueTallies = BTreeMap<String, Vec<IntervalTally>>;

/// Tallies `contacts` per queue and interval of queueing.
pub fn tally<'a>(
    contacts: impl IntoIterator<Item = &'a ObservedContact>,
    period: &Period,
    threshold_s: f64,
) -> QueueTallies {
    let mut out = QueueTallies::new();
    for c in contacts {
        add_contact(&mut out, c, period, threshold_s);
    }
    out
}

/// Of `contacts`, the queued ones (a queue and an enqueue time) that
/// entered their queue outside `period`: [`tally`] leaves them out, and a
/// comparison says how many it did not count.
pub fn queued_outside<'a>(
    contacts: impl IntoIterator<Item = &'a ObservedContact>,
    period: &Period,
) -> usize {
    contacts
        .into_iter()
        .filter(|c| queued_at(c).is_some_and(|(_, at)| period.index(at).is_none()))
        .count()
}

/// A queued contact's queue and enqueue time (ms since the epoch).
fn queued_at(c: &ObservedContact) -> Option<(&str, i64)> {
    Some((queue_of(c)?, c.queue.as_ref()?.enqueued_ms?))
}

/// Adds one contact to `tallies` (if it was queued inside the period).
pub fn add_contact(
    tallies: &mut QueueTallies,
    c: &ObservedContact,
    period: &Period,
    threshold_s: f64,
) {
    let Some((q, at)) = queued_at(c) else {
        return;
    };
    let Some(i) = period.index(at) else {
        return;
    };
    let per = tallies
        .entry(q.to_string())
        .or_insert_with(|| vec![IntervalTally::default(); period.intervals]);
    per[i].add(c, threshold_s);
}
