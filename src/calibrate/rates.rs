//! How often a contact leads to another, per queue: agents' transfers (and
//! to where), queue transfers made by the queue flow, callbacks customers
//! chose while waiting — each found by following `NextContactId` to the
//! next contact's initiation method ([`super::chains`] does the joins).

use std::collections::BTreeMap;

use serde_json::json;

use crate::ingest::ObservedContact;

use super::agent_work::AcceptLag;
use super::chains::{FollowMethod, Joined};
use super::fit::{Observation, Sample};
use super::keyed::Keyed;
use super::streams::queue_of;
use super::warnings::DataWarning;

/// What followed the contacts of one queue.
#[derive(Debug, Default, Clone)]
pub struct QueueFollowUps {
    /// Contacts queued here.
    pub queued: u64,
    /// Of those, answered by an agent.
    pub answered: u64,
    /// Answered contacts the agent transferred (next contact TRANSFER),
    /// by the transfer's queue.
    pub transferred_to: BTreeMap<String, u64>,
    /// Answered contacts the agent transferred to no queue (a TRANSFER
    /// contact without one: an external number, a flow): they leave the
    /// center there, so their talk is the agent's part, as a contact's
    /// that ends.
    pub transferred_away: u64,
    /// Talk before the transfer, of transferred legs.
    pub talk_before_transfer: Sample,
    /// Talk after the transfer (the transfer contact's, with the
    /// destination's agent), by the transfer's queue: the rule's
    /// `talk_after` is the source queue's, as one destination may hear
    /// different callers from different queues.
    pub talk_after_transfer: BTreeMap<String, Sample>,
    /// Queued contacts the queue flow moved on (next contact
    /// QUEUE_TRANSFER), by destination queue.
    pub moved_to: BTreeMap<String, u64>,
    /// Queued contacts whose customer chose a callback (next contact
    /// CALLBACK).
    pub callbacks_requested: u64,
    /// Waits before a callback was chosen (seconds, as recorded), in
    /// increasing order.
    pub callback_waits: Vec<f64>,
    /// The callbacks' queues (`""` when the callback names none), by name.
    pub callback_queues: BTreeMap<String, u64>,
    /// Waits before the queue flow moved a contact on (seconds, as
    /// recorded), in increasing order.
    pub move_waits: Vec<f64>,
    /// The wait of every queued contact no agent answered (abandoned,
    /// moved on, took a callback…), rounded to whole seconds, counted by
    /// value: who was still waiting when a callback was offered.
    pub waits: BTreeMap<u64, u64>,
    /// The same for answered contacts: their recorded wait runs to the
    /// dequeue, an accept lag after the agent took them.
    pub answered_waits: BTreeMap<u64, u64>,
    /// The queue's accept lag (agent whisper, answer delay), read from the
    /// agents' work ([`super::agent_work`]); `None` when unknown.
    pub accept_lag: Option<AcceptLag>,
    /// For an agent's own queue ([`crate::ingest::agent_queues`]), the
    /// routing profile whose agents it is for: the scenario has no such
    /// queue but the group's agent queue, filled by `to_group` transfers.
    pub agent_queue_of: Option<String>,
}

/// The conditional callback take-up of one queue: of the callers still
/// waiting when the offer came, the share who took it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CallbackTakeUp {
    /// When the offer is made, seconds into the wait: the median wait of
    /// the contacts that took it (they leave the queue at the offer).
    pub offer_after_s: f64,
    /// Callbacks taken.
    pub taken: u64,
    /// Callers still waiting at the offer (see [`QueueFollowUps::callback_take_up`]).
    pub at_risk: f64,
    /// The accept lag taken off answered callers' waits, seconds (0 when
    /// none could be read), and the gaps it was read from.
    pub accept_lag: (f64, u64),
    /// `taken / at_risk`.
    pub probability: f64,
    /// Its 95 % Wilson interval.
    pub ci95: (f64, f64),
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
    /// Of the dialled, those whose record counts its dial attempts
    /// ([`ATTEMPTS_ATTRIBUTE`]: ccsim's records do, Connect's do not).
    pub with_attempts: u64,
    /// Their dial attempts, summed.
    pub attempts: u64,
    /// The most attempts one of them took.
    pub max_attempts: u32,
    /// Dialled CALLBACK contacts that are a later dial attempt of a
    /// callback: the records write a contact per attempt, each unanswered
    /// one naming the next ([`super::chains::Joined::is_callback_retry`]).
    pub retries: u64,
    /// The most dialled attempts (contacts) one callback's chain took.
    pub longest_chain: u32,
}

/// The contact attribute in which ccsim's records count a callback's dial
/// attempts. Connect's records show only a callback's outcome.
pub const ATTEMPTS_ATTRIBUTE: &str = "ccsim_callback_attempts";

/// The dial attempts `c` counts in [`ATTEMPTS_ATTRIBUTE`] (1 or more),
/// where it does.
pub fn callback_attempts(c: &ObservedContact) -> Option<u32> {
    c.attributes
        .iter()
        .find(|(k, _)| k == ATTEMPTS_ATTRIBUTE)
        .and_then(|(_, v)| v.parse::<u32>().ok())
        .filter(|&n| n >= 1)
}

/// What the records say of a callback's chance that the customer answers.
#[derive(Debug, Clone, PartialEq)]
pub enum CallbackAnswer {
    /// Every dialled callback's attempts are known: the chance per attempt
    /// (answered ÷ attempts, the maximum-likelihood estimate: each attempt
    /// is a trial that stops the callback when answered) and the most
    /// attempts a callback took (an unanswered one took them all).
    PerAttempt {
        /// Callbacks answered.
        answered: u64,
        /// Dial attempts.
        attempts: u64,
        /// The most attempts one callback took.
        max_attempts: u32,
    },
    /// Only outcomes are known: the share of dialled callbacks answered,
    /// whatever number of attempts that took.
    PerCallback {
        /// Callbacks answered.
        answered: u64,
        /// Callbacks dialled.
        dialled: u64,
    },
}

/// A share with its 95 % Wilson interval and what it was read from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Share {
    /// The share.
    pub value: f64,
    /// 95 % Wilson interval.
    pub ci95: (f64, f64),
    /// Successes.
    pub of: u64,
    /// Trials.
    pub out_of: u64,
}

impl Share {
    /// `of` successes in `out_of` trials.
    pub fn new(of: u64, out_of: u64) -> Share {
        Share {
            value: ratio(of, out_of).min(1.0),
            ci95: wilson(of.min(out_of), out_of),
            of,
            out_of,
        }
    }
}

impl CallbackAnswer {
    /// The answer probability: answered out of attempts, or out of dialled
    /// callbacks.
    pub fn probability(&self) -> Share {
        match *self {
            CallbackAnswer::PerAttempt {
                answered, attempts, ..
            } => Share::new(answered, attempts),
            CallbackAnswer::PerCallback { answered, dialled } => Share::new(answered, dialled),
        }
    }

    /// The scenario's `max_attempts`: the most seen when attempts are
    /// known (at most [`crate::scenario::MAX_CALLBACK_ATTEMPTS`]); one when they are not, so that the chance read per callback
    /// is played once (three attempts at it would answer far more
    /// callbacks than the records show).
    pub fn max_attempts(&self) -> u32 {
        match *self {
            // A scenario allows so many: more seen are read as that many.
            CallbackAnswer::PerAttempt { max_attempts, .. } => {
                max_attempts.min(crate::scenario::MAX_CALLBACK_ATTEMPTS)
            }
            CallbackAnswer::PerCallback { .. } => 1,
        }
    }
}

impl CallbackOutcomes {
    /// Callbacks dialled: dialled contacts less the later attempts of a
    /// callback written as contacts of their own.
    pub fn callbacks_dialled(&self) -> u64 {
        self.dialled.saturating_sub(self.retries)
    }

    /// The answer chance the records support; `None` when no callback was
    /// dialled.
    pub fn answer(&self) -> Option<CallbackAnswer> {
        if self.dialled == 0 {
            None
        } else if self.with_attempts == self.dialled {
            // Every dialled callback counted at least one attempt.
            Some(CallbackAnswer::PerAttempt {
                answered: self.answered,
                attempts: self.attempts,
                max_attempts: self.max_attempts.max(1),
            })
        } else if self.retries > 0 {
            // A contact per attempt: every dialled contact is one attempt.
            Some(CallbackAnswer::PerAttempt {
                answered: self.answered,
                attempts: self.dialled,
                max_attempts: self.longest_chain.max(1),
            })
        } else {
            Some(CallbackAnswer::PerCallback {
                answered: self.answered,
                dialled: self.dialled,
            })
        }
    }
}

/// Follow-ups per queue, and callback outcomes.
#[derive(Debug, Default)]
pub struct FollowUps {
    /// Per queue name.
    pub queues: BTreeMap<String, QueueFollowUps>,
    /// Callback contacts' outcomes.
    pub callbacks: CallbackOutcomes,
    /// Callback contacts by whole seconds from their initiation to their
    /// queue: the callback's initial delay (a later dial attempt written
    /// as a contact of its own left out).
    pub callback_delays: BTreeMap<u64, u64>,
    /// Later dial attempts written as contacts of their own, by whole
    /// seconds from the end of the attempt before to their queueing.
    pub retry_delays: BTreeMap<u64, u64>,
}

/// A queue whose flow moved well under all of the contacts still waiting
/// at the move's time: the share whose 95 % Wilson interval lies wholly
/// below this is named.
const PARTIAL_MOVE: f64 = 0.9;

/// The warning for queues whose flow moved only some of the contacts
/// still waiting (`queue_move_partial`): a scenario's `move_to_queue`
/// moves every one, so its destination gets more contacts than the
/// records show and the queue's own waits come out shorter.
pub fn partial_move_warning(follow_ups: &FollowUps) -> Option<DataWarning> {
    let mut named = Vec::new();
    let mut detail = Vec::new();
    for (queue, f) in &follow_ups.queues {
        let (Some((to, after_s)), Some((moved, at_risk))) = (f.queue_move(), f.queue_move_share())
        else {
            continue;
        };
        let (lo, hi) = wilson_f(moved as f64, at_risk);
        if hi >= PARTIAL_MOVE {
            continue;
        }
        let share = moved as f64 / at_risk;
        named.push(format!(
            "{queue} → {to} at {after_s} s: {moved} of the {at_risk:.0} still waiting ({:.1} %, 95 % CI {:.1}–{:.1} %)",
            100.0 * share,
            100.0 * lo,
            100.0 * hi
        ));
        detail.push(
            json!({"queue": queue, "to": to, "after_seconds": after_s, "moved": moved,
                           "still_waiting": at_risk, "share": share, "ci95": [lo, hi]}),
        );
    }
    (!named.is_empty()).then(|| DataWarning {
        kind: "queue_move_partial",
        text: format!(
            "a queue flow moved only some of the contacts still waiting when it moved others on ({}); the scenario's move_to_queue moves every one, so the destination gets more contacts than the records show and the queue's own waits come out shorter. A scenario cannot move a share of them (the flow may branch on the caller's input, say): read the destination's volume and this queue's waits in a backtest with that in mind",
            named.join("; ")
        ),
        detail: json!({"queues": detail}),
    })
}

impl FollowUps {
    /// The callbacks' initial delay, seconds: the median of their
    /// initiation-to-queue times (the scenario's delay is one fixed
    /// duration); `None` without a queued callback.
    pub fn callback_initial_delay(&self) -> Option<u64> {
        median_of_counts(&self.callback_delays)
    }

    /// The median delay between a callback's unanswered dial attempt and
    /// the next one's queueing, whole seconds (from the end of the one to
    /// the enqueue of the next), where the records write a contact per
    /// attempt; `None` without such attempts.
    pub fn callback_retry_delay(&self) -> Option<u64> {
        median_of_counts(&self.retry_delays)
    }
}

/// Follow-ups counted one contact at a time, then joined.
#[derive(Debug, Default)]
pub struct FollowUpCounter {
    queues: Keyed<QueueFollowUps>,
    callbacks: CallbackOutcomes,
    callback_delays: BTreeMap<u64, u64>,
    retry_delays: BTreeMap<u64, u64>,
}

impl FollowUpCounter {
    /// Counts what `c` shows on its own: callback outcomes, and its
    /// queue's contacts and answers.
    pub fn add(&mut self, c: &ObservedContact) {
        if c.method == "CALLBACK" {
            let cb = &mut self.callbacks;
            cb.contacts += 1;
            if c.callback_dialled() {
                cb.dialled += 1;
                cb.answered += u64::from(!c.dial_unanswered());
                if let Some(n) = callback_attempts(c) {
                    cb.with_attempts += 1;
                    cb.attempts += u64::from(n);
                    cb.max_attempts = cb.max_attempts.max(n);
                }
            }
            if let Some(t) = c.queue.as_ref().and_then(|q| q.enqueued_ms) {
                let delay = (t - c.initiated_ms).max(0) / 1000;
                *self.callback_delays.entry(delay as u64).or_insert(0) += 1;
            }
        }
        let Some(q) = queue_of(c) else { return };
        let e = self.queues.slot(q);
        if let Some(p) = c.queue.as_ref().and_then(|q| q.agent_queue_of.as_ref()) {
            if e.agent_queue_of.is_none() {
                e.agent_queue_of = Some(p.clone());
            }
        }
        e.queued += 1;
        e.answered += u64::from(c.answered());
        // A callback in its queue is not offered another callback.
        let offered = c.method != "CALLBACK";
        if let Some(w) = c
            .queue_wait_s()
            .filter(|w| offered && w.is_finite() && *w >= 0.0)
        {
            let waits = if c.answered() {
                &mut e.answered_waits
            } else {
                &mut e.waits
            };
            *waits.entry(w.round() as u64).or_insert(0) += 1;
        }
    }

    /// Counts what followed a leg: a transfer, a queue transfer or a
    /// callback.
    pub fn follow(&mut self, j: &Joined<'_>) {
        let Some((method, next_queue)) = j.next else {
            return;
        };
        let e = self.queues.slot(j.queue);
        match method {
            FollowMethod::Transfer if j.leg.answered && next_queue.is_empty() => {
                e.transferred_away += 1;
            }
            FollowMethod::Transfer if j.leg.answered => {
                *e.transferred_to.entry(next_queue.to_string()).or_insert(0) += 1;
                if let Some(Ok(o)) = j.leg.talk_s.map(Observation::rounded_seconds) {
                    e.talk_before_transfer.add(o);
                }
                let after = j.next_contact.and_then(|n| n.talk_s);
                if let Some(Ok(o)) = after.map(Observation::rounded_seconds) {
                    e.talk_after_transfer
                        .entry(next_queue.to_string())
                        .or_default()
                        .add(o);
                }
            }
            FollowMethod::Transfer => {}
            FollowMethod::QueueTransfer => {
                *e.moved_to.entry(next_queue.to_string()).or_insert(0) += 1;
                if let Some(w) = j.leg.wait_s {
                    e.move_waits.push(w);
                }
            }
            FollowMethod::Callback if j.is_callback_retry() => {
                self.note_retry(j);
            }
            FollowMethod::Callback => {
                e.callbacks_requested += 1;
                *e.callback_queues.entry(next_queue.to_string()).or_insert(0) += 1;
                if let Some(w) = j.leg.wait_s {
                    e.callback_waits.push(w);
                }
            }
        }
    }

    /// Notes a callback's dial attempt followed by another: the later one
    /// is no callback of its own, its wait before the queue no initial
    /// delay but the delay between attempts, from the end of the one
    /// before.
    fn note_retry(&mut self, j: &Joined<'_>) {
        let Some(next) = j.next_contact else { return };
        let Some(enqueued) = next.enqueued_ms else {
            return;
        };
        let delay = ((enqueued - next.initiated_ms).max(0) / 1000) as u64;
        if let Some(k) = self.callback_delays.get_mut(&delay) {
            *k -= 1;
            if *k == 0 {
                self.callback_delays.remove(&delay);
            }
        }
        let between = ((enqueued - j.leg.disconnected_ms).max(0) / 1000) as u64;
        *self.retry_delays.entry(between).or_insert(0) += 1;
    }

    /// Sets the later dial attempts written as contacts of their own, and
    /// the most attempts one callback's chain took
    /// ([`super::chains::Chains::callback_attempts`]).
    pub fn set_retries(&mut self, attempts: super::chains::RetryAttempts) {
        self.callbacks.retries = attempts.retries;
        self.callbacks.longest_chain = attempts.longest;
    }

    /// The counts, per queue by name; callback waits sorted, so that they
    /// do not depend on the order the contacts came in.
    pub fn finish(self) -> FollowUps {
        let mut queues = self.queues.into_sorted();
        for q in queues.values_mut() {
            q.callback_waits.sort_by(f64::total_cmp);
            q.move_waits.sort_by(f64::total_cmp);
        }
        FollowUps {
            queues,
            callbacks: self.callbacks,
            callback_delays: self.callback_delays,
            retry_delays: self.retry_delays,
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
        most_common(&self.transferred_to)
    }

    /// The conditional callback take-up, `None` without callbacks.
    ///
    /// The offer comes `offer_after` into the wait (the median wait of the
    /// callers who took it, who leave the queue there). The callers still
    /// waiting then are those who took it, those who abandoned or were
    /// moved on after it, and those an agent took after it. Callers who
    /// left before the offer were never offered it and are not counted: the
    /// share of all queued contacts would understate the take-up.
    ///
    /// Two corrections make the count honest:
    /// - an answered caller's recorded wait runs to the dequeue, which
    ///   comes an accept lag (the agent whisper, plus any answer delay)
    ///   after the agent took the caller — from then on no offer reaches
    ///   them. The lag is taken off their wait: counting them by the wait
    ///   as recorded would count callers already being connected (the
    ///   take-up read 0.264 for a truth of 0.30 with a 2 s whisper);
    /// - waits are whole seconds: a time `t` recorded as `d` lies in
    ///   `[d − ½, d + ½)`, and counts for the share of that second at or
    ///   after the offer (½ for a wait recorded at the offer's second) —
    ///   unbiased while the rate of leaving is about constant within the
    ///   second.
    pub fn callback_take_up(&self) -> Option<CallbackTakeUp> {
        let offer_after_s = median(&self.callback_waits)?;
        let taken = self.callbacks_requested;
        let lag = self.accept_lag.map_or(0.0, |l| l.seconds);
        let at_risk = self.waiting_at(offer_after_s.round(), &self.callback_waits, taken);
        let probability = if at_risk > 0.0 {
            taken as f64 / at_risk
        } else {
            0.0
        };
        Some(CallbackTakeUp {
            offer_after_s,
            taken,
            at_risk,
            accept_lag: (lag, self.accept_lag.map_or(0, |l| l.gaps)),
            probability,
            ci95: wilson_f(taken as f64, at_risk),
        })
    }

    /// Of the contacts still waiting when the queue flow moved contacts on
    /// (the median move wait), the share it moved: (moved, still waiting
    /// then). Counted as [`QueueFollowUps::callback_take_up`] counts those
    /// offered a callback. `None` without moves. A scenario's move takes
    /// every contact still waiting; a share well below 1 is a flow that
    /// moved only some (a branch on the caller's input, say).
    pub fn queue_move_share(&self) -> Option<(u64, f64)> {
        let (_, after_s) = self.queue_move()?;
        let moved = self.move_waits.len() as u64;
        let at_risk = self.waiting_at(after_s.round(), &self.move_waits, moved);
        Some((moved, at_risk))
    }

    /// How many queued contacts were still waiting `at` whole seconds into
    /// their wait: the `taken` who left then (took the callback, or were
    /// moved on; their waits are `left`) and the others still there, with
    /// the two corrections [`QueueFollowUps::callback_take_up`] explains —
    /// the accept lag off answered waits, and a whole-second wait counted
    /// for its share of the second at or after `at`.
    fn waiting_at(&self, at: f64, left: &[f64], taken: u64) -> f64 {
        let mut leaving: BTreeMap<u64, u64> = BTreeMap::new();
        for w in left {
            *leaving.entry(w.round() as u64).or_insert(0) += 1;
        }
        let lag = self.accept_lag.map_or(0.0, |l| l.seconds);
        // The share of a recorded whole second `d`, less `shift`, at or
        // after `at`.
        let share = |d: u64, shift: f64| (d as f64 - shift + 0.5 - at).clamp(0.0, 1.0);
        let mut at_risk = taken as f64;
        for (&d, &n) in &self.waits {
            let stayed = n.saturating_sub(leaving.get(&d).copied().unwrap_or(0)) as f64;
            at_risk += stayed * share(d, 0.0);
        }
        for (&d, &n) in &self.answered_waits {
            at_risk += n as f64 * share(d, lag);
        }
        at_risk
    }

    /// The queue most callbacks went to (ties: the first by name); `None`
    /// when they name none.
    pub fn callback_queue(&self) -> Option<&str> {
        most_common(&self.callback_queues)
    }

    /// The queue the queue flow moved most contacts to, and after what
    /// wait (the median of the moved contacts' waits, seconds).
    pub fn queue_move(&self) -> Option<(&str, f64)> {
        Some((most_common(&self.moved_to)?, median(&self.move_waits)?))
    }
}

/// The most common non-empty name (ties: the first by name).
fn most_common(counts: &BTreeMap<String, u64>) -> Option<&str> {
    let best = counts
        .iter()
        .filter(|(q, _)| !q.is_empty())
        .map(|(_, n)| *n)
        .max()?;
    counts
        .iter()
        .find(|(q, n)| !q.is_empty() && **n == best)
        .map(|(q, _)| q.as_str())
}

/// The median (the lower of the middle two) of values counted by value.
fn median_of_counts(counts: &BTreeMap<u64, u64>) -> Option<u64> {
    let n: u64 = counts.values().sum();
    let mut seen = 0;
    for (&d, &k) in counts {
        seen += k;
        if 2 * seen >= n && n > 0 {
            return Some(d);
        }
    }
    None
}

/// The median of sorted values (the lower of the middle two).
pub(super) fn median(sorted: &[f64]) -> Option<f64> {
    sorted.get(sorted.len().checked_sub(1)? / 2).copied()
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
    wilson_f(n as f64, d as f64)
}

/// [`wilson`] for a count and a total that may be fractional (a total
/// with half-weighted members).
pub fn wilson_f(n: f64, d: f64) -> (f64, f64) {
    if d <= 0.0 {
        return (0.0, 1.0);
    }
    let z = 1.959_963_984_540_054_f64;
    let p = n / d;
    let centre = (p + z * z / (2.0 * d)) / (1.0 + z * z / d);
    let half = z / (1.0 + z * z / d) * (p * (1.0 - p) / d + z * z / (4.0 * d * d)).sqrt();
    ((centre - half).max(0.0), (centre + half).min(1.0))
}

/// The 95 % score interval of a Poisson mean from one count `n`:
/// `n + z²/2 ± z √(n + z²/4)`. Never below zero, and wider above than
/// below, as a count's uncertainty is; a count of 0 still gets an upper
/// bound (3.84).
pub fn poisson_score(n: u64) -> (f64, f64) {
    let z = 1.959_963_984_540_054_f64;
    let n = n as f64;
    let half = z * (n + z * z / 4.0).sqrt();
    ((n + z * z / 2.0 - half).max(0.0), n + z * z / 2.0 + half)
}

/// `x / d` for a float sum, 0 when `d` is 0.
pub fn ratio_f(x: f64, d: u64) -> f64 {
    if d == 0 {
        0.0
    } else {
        x / d as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calibrate::test_contacts::{agent, contact, queue};

    /// A callback from queue `cb`: `agent` connected or not, ended with
    /// `reason`.
    fn callback(with_agent: bool, reason: &str) -> ObservedContact {
        ObservedContact {
            disconnected_ms: 90_000,
            disconnect_reason: Some(reason.into()),
            last_update_ms: 90_000,
            queue: Some(queue("cb", Some(1_000), Some(60_000), Some(59.0))),
            agent: with_agent.then(|| agent("a", "p", 60_000, 20.0)),
            ..contact("c", "CALLBACK", "VOICE")
        }
    }

    /// A probe's find: callbacks nobody answered, written without an agent,
    /// were not counted as dialled, so the answer rate read 1.0.
    #[test]
    fn an_unanswered_callback_is_dialled_with_or_without_an_agent() {
        let mut f = FollowUpCounter::default();
        f.add(&callback(true, "CUSTOMER_DISCONNECT"));
        f.add(&callback(true, "TELECOM_UNANSWERED"));
        f.add(&callback(false, "TELECOM_UNANSWERED"));
        let cb = f.callbacks;
        assert_eq!((cb.contacts, cb.dialled, cb.answered), (3, 3, 1));
    }

    /// Attempts counted on every dialled callback give the chance per
    /// attempt; one callback without its count leaves only outcomes, read
    /// per callback and dialled once.
    #[test]
    fn the_answer_is_per_attempt_only_when_every_dialled_callback_counts_them() {
        let with = |c: ObservedContact, n: &str| ObservedContact {
            attributes: vec![(ATTEMPTS_ATTRIBUTE.into(), n.into())],
            ..c
        };
        let mut f = FollowUpCounter::default();
        f.add(&with(callback(true, "CUSTOMER_DISCONNECT"), "2"));
        f.add(&with(callback(false, "TELECOM_UNANSWERED"), "3"));
        let per_attempt = CallbackAnswer::PerAttempt {
            answered: 1,
            attempts: 5,
            max_attempts: 3,
        };
        assert_eq!(f.callbacks.answer(), Some(per_attempt.clone()));
        assert_eq!(per_attempt.probability().value, 0.2);
        f.add(&callback(true, "CUSTOMER_DISCONNECT"));
        let per_callback = CallbackAnswer::PerCallback {
            answered: 2,
            dialled: 3,
        };
        assert_eq!(f.callbacks.answer(), Some(per_callback.clone()));
        assert_eq!(per_callback.max_attempts(), 1);
        assert_eq!(FollowUpCounter::default().callbacks.answer(), None);
        // More attempts than a scenario allows are read as its most.
        let many = CallbackAnswer::PerAttempt {
            answered: 1,
            attempts: 40,
            max_attempts: 40,
        };
        assert_eq!(many.max_attempts(), crate::scenario::MAX_CALLBACK_ATTEMPTS);
    }

    #[test]
    fn poisson_score_never_goes_below_zero_and_holds_the_count() {
        for n in 0..2_000u64 {
            let (lo, hi) = poisson_score(n);
            assert!(
                lo >= 0.0 && lo <= n as f64 && n as f64 <= hi,
                "n {n}: ({lo}, {hi})"
            );
        }
        let (lo, hi) = poisson_score(0);
        assert_eq!(lo, 0.0);
        assert!(
            (hi - 3.841_458_820_694_124).abs() < 1e-9,
            "z² for a count of 0: {hi}"
        );
    }

    /// Exact coverage, from the Poisson probabilities (no sampling): for
    /// every mean on a grid from 0.5 to 60, the chance that the interval
    /// drawn from one count holds it. The score interval's coverage
    /// oscillates around 95 %, between 91.0 % (at a mean of 0.5) and
    /// 97.3 % on this grid. The ± 1.96 √n interval it replaced covers a
    /// mean of 0.5 only 39 % of the time, and a mean of 1 only 63 %.
    #[test]
    fn poisson_score_covers_the_mean_about_95_percent_of_the_time() {
        for k in 1..=120 {
            let mean = f64::from(k) * 0.5;
            let (mut coverage, mut p) = (0.0, (-mean).exp());
            for n in 0..400u64 {
                if n > 0 {
                    p *= mean / n as f64;
                }
                let (lo, hi) = poisson_score(n);
                if lo <= mean && mean <= hi {
                    coverage += p;
                }
            }
            assert!(
                (0.90..=0.98).contains(&coverage),
                "mean {mean}: coverage {coverage}"
            );
        }
    }
}
