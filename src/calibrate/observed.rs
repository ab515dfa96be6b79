//! What a queue's customers lived through, interval by interval, counted
//! the same way from real contact records and from simulated ones (the
//! backtest compares the two): contacts queued, answered, answered within
//! the service-level threshold, abandoned, and the waits and handle times
//! behind ASA and AHT. A contact counts in the interval it was queued in.

use std::collections::{BTreeMap, HashMap};

use crate::ingest::ObservedContact;

use super::chains::callback_retry_links;
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
pub fn queued_at(c: &ObservedContact) -> Option<(&str, i64)> {
    Some((queue_of(c)?, c.queue.as_ref()?.enqueued_ms?))
}

/// Joins each callback written as a contact per dial attempt (an
/// unanswered CALLBACK contact naming the next attempt, a CALLBACK, by
/// `NextContactId`) into one contact, as a simulation's records write a
/// callback: queued at its first attempt's enqueue, taken at its last
/// attempt's dequeue, ending as the last attempt did, with the last
/// attempt's agent. The later attempts are removed; returns how many.
/// Without such chains nothing changes. The links are the ones calibrate
/// follows ([`callback_retry_links`]): a link to a contact that began
/// earlier, or round a loop, is not.
pub fn join_callback_attempts(contacts: &mut Vec<ObservedContact>) -> usize {
    // Each callback's next attempt, where there is one.
    let next: HashMap<usize, usize> = callback_retry_links(contacts).into_iter().collect();
    if next.is_empty() {
        return 0;
    }
    let later: std::collections::HashSet<usize> = next.values().copied().collect();
    let mut firsts: Vec<usize> = next
        .keys()
        .copied()
        .filter(|k| !later.contains(k))
        .collect();
    firsts.sort_unstable();
    let mut merged = vec![false; contacts.len()];
    for first in firsts {
        let mut at = first;
        while let Some(&n) = next.get(&at) {
            if merged[n] || n == first {
                break;
            }
            merged[n] = true;
            at = n;
        }
        if at == first {
            continue;
        }
        let last = contacts[at].clone();
        let head = &mut contacts[first];
        if let (Some(q), Some(lq)) = (head.queue.as_mut(), last.queue.as_ref()) {
            q.dequeued_ms = lq.dequeued_ms;
            // The wait runs from the first enqueue to the last dequeue.
            q.duration_s = None;
        }
        head.agent = last.agent;
        head.disconnected_ms = last.disconnected_ms;
        head.disconnect_reason = last.disconnect_reason;
        head.last_update_ms = last.last_update_ms;
        head.next_contact_id = last.next_contact_id;
    }
    let mut k = 0;
    contacts.retain(|_| {
        k += 1;
        !merged[k - 1]
    });
    merged.iter().filter(|m| **m).count()
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calibrate::test_contacts::{agent, contact, dial_reason, queue};

    /// A callback attempt `id` queued at `enqueued_s`, taken 10 s later,
    /// ended 20 s after that (answered or not), naming `next`.
    fn attempt(id: &str, enqueued_s: i64, answered: bool, next: Option<&str>) -> ObservedContact {
        let (enq, deq) = (enqueued_s * 1000, (enqueued_s + 10) * 1000);
        ObservedContact {
            initiated_ms: enq - 60_000,
            disconnected_ms: deq + 20_000,
            last_update_ms: deq + 20_000,
            disconnect_reason: dial_reason(answered),
            next_contact_id: next.map(str::to_string),
            queue: Some(queue("callbacks", Some(enq), Some(deq), Some(10.0))),
            agent: Some(agent(id, "front", deq, if answered { 20.0 } else { 0.0 })),
            ..contact(id, "CALLBACK", "VOICE")
        }
    }

    #[test]
    fn a_callback_written_a_contact_per_attempt_is_compared_as_one() {
        let mut contacts = vec![
            attempt("c", 1_000, true, None),
            attempt("a", 100, false, Some("b")),
            attempt("b", 500, false, Some("c")),
            // A callback of one attempt, and a loop, stay as they are.
            attempt("one", 200, true, None),
            attempt("x", 300, false, Some("y")),
            attempt("y", 300, false, Some("x")),
            // An answered callback naming another is no retry.
            attempt("p", 700, true, Some("q")),
            attempt("q", 800, true, None),
        ];
        assert_eq!(join_callback_attempts(&mut contacts), 2);
        let ids: Vec<&str> = contacts.iter().map(|c| c.contact_id.as_str()).collect();
        assert_eq!(ids, ["a", "one", "x", "y", "p", "q"]);
        let a = &contacts[0];
        // Queued at the first attempt, taken at the last: 910 s.
        assert_eq!(a.queue_wait_s(), Some(910.0));
        assert_eq!(a.disconnect_reason.as_deref(), Some("CUSTOMER_DISCONNECT"));
        assert_eq!(
            a.agent.as_ref().and_then(|g| g.username.as_deref()),
            Some("c")
        );
        let mut again = contacts.clone();
        assert_eq!(join_callback_attempts(&mut again), 0);
        assert_eq!(again, contacts);
    }
}
