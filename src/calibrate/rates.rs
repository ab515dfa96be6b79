//! How often a contact leads to another, per queue: agents' transfers (and
//! to where), queue transfers made by the queue flow, callbacks customers
//! chose while waiting — each found by following `NextContactId` to the
//! next contact's initiation method ([`super::chains`] does the joins).

use std::collections::BTreeMap;

use crate::ingest::ObservedContact;

use super::chains::{FollowMethod, Joined};
use super::fit::{Observation, Sample};
use super::keyed::Keyed;
use super::streams::queue_of;

/// What followed the contacts of one queue.
#[derive(Debug, Default, Clone)]
pub struct QueueFollowUps {
    /// Contacts queued here.
    pub queued: u64,
    /// Of those, answered by an agent.
    pub answered: u64,
    /// Answered contacts the agent transferred (next contact TRANSFER),
    /// by the transfer's queue (`""` when it names none).
    pub transferred_to: BTreeMap<String, u64>,
    /// Talk before the transfer, of transferred legs.
    pub talk_before_transfer: Sample,
    /// Queued contacts the queue flow moved on (next contact
    /// QUEUE_TRANSFER), by destination queue.
    pub moved_to: BTreeMap<String, u64>,
    /// Queued contacts whose customer chose a callback (next contact
    /// CALLBACK).
    pub callbacks_requested: u64,
    /// Waits before a callback was chosen (seconds, as recorded), in
    /// increasing order.
    pub callback_waits: Vec<f64>,
}

/// What became of callbacks, over all queues.
#[derive(Debug, Default, Clone, Copy)]
pub struct CallbackOutcomes {
    /// CALLBACK contacts.
    pub contacts: u64,
    /// Of those, connected to an agent (dialled).
    pub dialled: u64,
    /// Of the dialled, the customer answered (not TELECOM_UNANSWERED).
    pub answered: u64,
}

/// Follow-ups per queue, and callback outcomes.
#[derive(Debug, Default)]
pub struct FollowUps {
    /// Per queue name.
    pub queues: BTreeMap<String, QueueFollowUps>,
    /// Callback contacts' outcomes.
    pub callbacks: CallbackOutcomes,
}

/// Follow-ups counted one contact at a time, then joined.
#[derive(Debug, Default)]
pub struct FollowUpCounter {
    queues: Keyed<QueueFollowUps>,
    callbacks: CallbackOutcomes,
}

impl FollowUpCounter {
    /// Counts what `c` shows on its own: callback outcomes, and its
    /// queue's contacts and answers.
    pub fn add(&mut self, c: &ObservedContact) {
        if c.method == "CALLBACK" {
            let cb = &mut self.callbacks;
            cb.contacts += 1;
            if c.answered() {
                cb.dialled += 1;
                if c.disconnect_reason.as_deref() != Some("TELECOM_UNANSWERED") {
                    cb.answered += 1;
                }
            }
        }
        let Some(q) = queue_of(c) else { return };
        let e = self.queues.slot(q);
        e.queued += 1;
        e.answered += u64::from(c.answered());
    }

    /// Counts what followed a leg: a transfer, a queue transfer or a
    /// callback.
    pub fn follow(&mut self, j: &Joined<'_>) {
        let Some((method, next_queue)) = j.next else {
            return;
        };
        let e = self.queues.slot(j.queue);
        match method {
            FollowMethod::Transfer if j.leg.answered => {
                *e.transferred_to.entry(next_queue.to_string()).or_insert(0) += 1;
                if let Some(Ok(o)) = j.leg.talk_s.map(Observation::rounded_seconds) {
                    e.talk_before_transfer.add(o);
                }
            }
            FollowMethod::Transfer => {}
            FollowMethod::QueueTransfer => {
                *e.moved_to.entry(next_queue.to_string()).or_insert(0) += 1;
            }
            FollowMethod::Callback => {
                e.callbacks_requested += 1;
                if let Some(w) = j.leg.wait_s {
                    e.callback_waits.push(w);
                }
            }
        }
    }

    /// The counts, per queue by name; callback waits sorted, so that they
    /// do not depend on the order the contacts came in.
    pub fn finish(self) -> FollowUps {
        let mut queues = self.queues.into_sorted();
        for q in queues.values_mut() {
            q.callback_waits.sort_by(f64::total_cmp);
        }
        FollowUps {
            queues,
            callbacks: self.callbacks,
        }
    }
}

impl QueueFollowUps {
    /// Share of answered contacts transferred, with its count.
    pub fn transfer_share(&self) -> (f64, u64) {
        let n: u64 = self.transferred_to.values().sum();
        (ratio(n, self.answered), n)
    }

    /// The queue most transfers went to (ties: the first by name).
    pub fn main_transfer_target(&self) -> Option<&str> {
        let best = self
            .transferred_to
            .iter()
            .filter(|(q, _)| !q.is_empty())
            .map(|(_, n)| *n)
            .max()?;
        self.transferred_to
            .iter()
            .find(|(q, n)| !q.is_empty() && **n == best)
            .map(|(q, _)| q.as_str())
    }
}

/// `n / d`, 0 when `d` is 0.
pub fn ratio(n: u64, d: u64) -> f64 {
    if d == 0 {
        0.0
    } else {
        n as f64 / d as f64
    }
}

/// A proportion's 95 % Wilson interval.
pub fn wilson(n: u64, d: u64) -> (f64, f64) {
    if d == 0 {
        return (0.0, 1.0);
    }
    let (z, n, d) = (1.959_963_984_540_054_f64, n as f64, d as f64);
    let p = n / d;
    let centre = (p + z * z / (2.0 * d)) / (1.0 + z * z / d);
    let half = z / (1.0 + z * z / d) * (p * (1.0 - p) / d + z * z / (4.0 * d * d)).sqrt();
    ((centre - half).max(0.0), (centre + half).min(1.0))
}

/// `x / d` for a float sum, 0 when `d` is 0.
pub fn ratio_f(x: f64, d: u64) -> f64 {
    if d == 0 {
        0.0
    } else {
        x / d as f64
    }
}
