//! Contacts joined to the contact that followed them. A queued contact's
//! `NextContactId` names the transfer, queue transfer or callback it led
//! to; the follow-up rates ([`super::rates`]) count those by the next
//! contact's initiation method and queue, and the talk sample
//! ([`super::samples`]) leaves out legs an agent transferred on.
//!
//! Contacts come one at a time in no useful order, so the next contact may
//! come before or after the one naming it. Both sides are kept small until
//! every contact is seen: a [`Leg`] (a few dozen bytes) per queued contact
//! with a `NextContactId`, and a `NextContact` (its method and queue) per
//! follow-up contact — the only ones a join can find useful. Memory grows
//! with chained contacts only, and the result does not depend on the order.

use std::collections::HashMap;

use crate::ingest::{ContactKey, IdTable, ObservedContact};

use super::keyed::Keyed;
use super::streams::{entry_of, queue_of, Entry};

/// How a follow-up contact was started.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FollowMethod {
    /// `TRANSFER`: an agent transferred the previous contact.
    Transfer,
    /// `QUEUE_TRANSFER`: the queue flow moved it on.
    QueueTransfer,
    /// `CALLBACK`: the customer chose a callback.
    Callback,
}

impl FollowMethod {
    /// The follow-up method of an initiation method, if it is one.
    pub fn of(method: &str) -> Option<FollowMethod> {
        match method {
            "TRANSFER" => Some(FollowMethod::Transfer),
            "QUEUE_TRANSFER" => Some(FollowMethod::QueueTransfer),
            "CALLBACK" => Some(FollowMethod::Callback),
            _ => None,
        }
    }
}

/// A follow-up contact, as a join needs it.
#[derive(Debug, Clone, Copy)]
struct NextContact {
    method: FollowMethod,
    /// Its queue's name (`""` without a queue), numbered.
    queue: u32,
}

/// A queued contact that names a next contact: what the joins need of it.
#[derive(Debug, Clone, Copy)]
pub struct Leg {
    next: ContactKey,
    /// Its queue's name, numbered.
    queue: u32,
    /// The stream it entered by, when it started on its own.
    pub entry: Option<Entry>,
    /// Whether an agent answered it.
    pub answered: bool,
    /// `Agent.AgentInteractionDuration`, seconds.
    pub talk_s: Option<f64>,
    /// Its wait in the queue, seconds.
    pub wait_s: Option<f64>,
    /// `Agent.NumberOfHolds`.
    pub holds: Option<u32>,
    /// `Agent.CustomerHoldDuration`, seconds.
    pub hold_s: Option<f64>,
}

/// Legs and follow-up contacts, gathered until the joins.
#[derive(Debug, Default)]
pub struct Chains {
    ids: IdTable,
    queues: Keyed<()>,
    next_contacts: HashMap<ContactKey, NextContact>,
    legs: Vec<Leg>,
}

/// A leg and what followed it.
pub struct Joined<'a> {
    /// The leg.
    pub leg: &'a Leg,
    /// Its queue.
    pub queue: &'a str,
    /// The next contact's method and queue (`""` without one), when it is
    /// among the contacts read and is a follow-up.
    pub next: Option<(FollowMethod, &'a str)>,
}

impl Chains {
    /// Notes what of `c` a join may need. Returns whether `c` is a leg
    /// (what it contributes through its next contact waits for
    /// [`Chains::joined`]).
    pub fn add(&mut self, c: &ObservedContact) -> bool {
        if let Some(method) = FollowMethod::of(&c.method) {
            let queue = c.queue.as_ref().map_or("", |q| q.name.as_str());
            let next = NextContact {
                method,
                queue: self.queues.number(queue),
            };
            self.next_contacts.insert(self.ids.key(&c.contact_id), next);
        }
        let (Some(next), Some(queue)) = (c.next_contact_id.as_deref(), queue_of(c)) else {
            return false;
        };
        let leg = Leg {
            next: self.ids.key(next),
            queue: self.queues.number(queue),
            entry: entry_of(c),
            answered: c.answered(),
            talk_s: c.agent.as_ref().and_then(|a| a.interaction_s),
            wait_s: c.queue_wait_s(),
            holds: c.agent.as_ref().and_then(|a| a.holds),
            hold_s: c.agent.as_ref().and_then(|a| a.hold_s),
        };
        self.legs.push(leg);
        true
    }

    /// Every leg with what followed it (once every contact is added).
    pub fn joined(&self) -> impl Iterator<Item = Joined<'_>> {
        self.legs.iter().map(|leg| Joined {
            leg,
            queue: self.queues.name(leg.queue),
            next: self
                .next_contacts
                .get(&leg.next)
                .map(|n| (n.method, self.queues.name(n.queue))),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calibrate::test_contacts;

    fn contact(id: &str, method: &str, queue: Option<&str>, next: Option<&str>) -> ObservedContact {
        ObservedContact {
            next_contact_id: next.map(str::to_string),
            disconnected_ms: 60_000,
            last_update_ms: 60_000,
            queue: queue.map(|q| test_contacts::queue(q, Some(1_000), Some(5_000), Some(4.0))),
            ..test_contacts::contact(id, method, "VOICE")
        }
    }

    /// (queue, next method and queue) of every leg, sorted.
    fn joins(contacts: &[ObservedContact]) -> Vec<(String, Option<(FollowMethod, String)>)> {
        let mut chains = Chains::default();
        for c in contacts {
            chains.add(c);
        }
        let mut out: Vec<_> = chains
            .joined()
            .map(|j| (j.queue.to_string(), j.next.map(|(m, q)| (m, q.to_string()))))
            .collect();
        out.sort_by(|a, b| format!("{a:?}").cmp(&format!("{b:?}")));
        out
    }

    #[test]
    fn legs_find_their_next_contact_whatever_the_order() {
        let contacts = [
            contact("a", "INBOUND", Some("sales"), Some("b")),
            contact("b", "TRANSFER", Some("support"), None),
            contact("c", "INBOUND", Some("sales"), Some("d")),
            // A next contact that is not a follow-up joins to nothing.
            contact("d", "INBOUND", Some("other"), None),
            // A next contact never read joins to nothing either.
            contact("e", "INBOUND", Some("sales"), Some("missing")),
            // Not queued: not a leg.
            contact("f", "INBOUND", None, Some("g")),
            contact("g", "CALLBACK", None, None),
            contact(
                "9af0b980-f6fd-4c8d-b121-14c9c59badfe",
                "INBOUND",
                Some("sales"),
                Some("00000000-0000-0000-0000-000000000001"),
            ),
            contact(
                "00000000-0000-0000-0000-000000000001",
                "CALLBACK",
                None,
                None,
            ),
        ];
        let forward = joins(&contacts);
        let mut reversed = contacts.clone();
        reversed.reverse();
        assert_eq!(joins(&reversed), forward);
        let want = vec![
            ("sales".to_string(), None),
            ("sales".to_string(), None),
            (
                "sales".to_string(),
                Some((FollowMethod::Callback, String::new())),
            ),
            (
                "sales".to_string(),
                Some((FollowMethod::Transfer, "support".to_string())),
            ),
        ];
        assert_eq!(forward, want);
    }
}
