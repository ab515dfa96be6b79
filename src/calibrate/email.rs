//! The EMAIL channel's own contacts, joined to the contact they belong
//! to: an agent's reply (AGENT_REPLY) to the inbound email it answers, and
//! an email a flow sent (FLOW) to the contact whose inbound flow sent it.
//! Both name that contact by `RelatedContactId` (a reply also by
//! `PreviousContactId`, read when the related id is missing).
//!
//! A scenario's email source says how often its agents reply and how long
//! writing takes (`reply`); an inbound flow how often it emails the
//! contact going through it and how long sending takes (`send_email`).
//! Both are read here: the replies per answered inbound email of each
//! queue, the reply's agent interaction as the writing time; the flow
//! emails per contact of each entry, the flow email's life (initiation to
//! disconnect) as the sending time.
//!
//! Contacts come in no useful order, so a reply may come before the email
//! it answers. The joins wait until every contact is seen: a key per
//! entry contact (32 bytes) and per reply and flow email; nothing else.

use std::collections::BTreeMap;

use crate::ingest::{ContactKey, IdTable, ObservedContact};

use super::estimate::{estimate, Estimated};
use super::fit::{Observation, Sample};
use super::keyed::Keyed;
use super::rates::Share;
use super::streams::{entry_of, queue_of, turned_away, Entry, TURNED_AWAY};

/// A contact of an entry, as the joins need it.
#[derive(Debug, Clone, Copy)]
struct EntryContact {
    key: ContactKey,
    entry: Entry,
    /// Its queue, numbered, when it is an inbound email an agent answered
    /// (the replies are counted against those).
    answered_email_queue: Option<u32>,
}

/// A reply or a flow email: the contact it belongs to and its duration.
#[derive(Debug, Clone, Copy)]
struct Related {
    to: ContactKey,
    /// Writing (a reply's agent interaction, whole seconds) or sending (a
    /// flow email's initiation to disconnect, a timestamp difference).
    seconds: Option<f64>,
}

/// Replies and flow emails gathered until the joins.
#[derive(Debug, Default)]
pub struct EmailCounter {
    ids: IdTable,
    queues: Keyed<()>,
    entries: Vec<EntryContact>,
    replies: Vec<Related>,
    flow_emails: Vec<Related>,
}

/// The replies to one queue's inbound emails.
#[derive(Debug, Clone, Default)]
pub struct ReplyCounts {
    /// Inbound emails an agent answered.
    pub answered: u64,
    /// Of those, the ones a reply answers.
    pub replied: u64,
    /// The replies' writing times.
    pub writing: Sample,
}

/// The emails the inbound flow of one entry sent.
#[derive(Debug, Clone, Default)]
pub struct FlowEmailCounts {
    /// Contacts of the entry (every one went through its inbound flow).
    pub contacts: u64,
    /// Flow emails related to one of them.
    pub sent: u64,
    /// How long each was active before it was sent.
    pub sending: Sample,
}

/// What the joins found.
#[derive(Debug, Default)]
pub struct EmailCounts {
    /// Per queue of answered inbound emails.
    pub replies: BTreeMap<String, ReplyCounts>,
    /// Per entry whose contacts were sent any flow email.
    pub flow_emails: BTreeMap<Entry, FlowEmailCounts>,
    /// Replies and flow emails that name no contact among those read (the
    /// contact began before the records do, or its record is missing).
    pub unmatched: u64,
}

impl EmailCounter {
    /// Notes what of `c` the joins need.
    pub fn add(&mut self, c: &ObservedContact) {
        if let Some(entry) = entry_of(c) {
            if turned_away(c) {
                // Never reached its flow.
                return;
            }
            let answered_email_queue = match (entry, queue_of(c)) {
                (Entry::Email, Some(q)) if c.answered() => Some(self.queues.number(q)),
                _ => None,
            };
            self.entries.push(EntryContact {
                key: self.ids.key(&c.contact_id),
                entry,
                answered_email_queue,
            });
            return;
        }
        if c.channel != "EMAIL" {
            return;
        }
        match c.method.as_str() {
            "AGENT_REPLY" => {
                let to = c
                    .related_contact_id
                    .as_deref()
                    .or(c.previous_contact_id.as_deref());
                if let Some(to) = to {
                    let related = Related {
                        to: self.ids.key(to),
                        seconds: c.agent.as_ref().and_then(|a| a.interaction_s),
                    };
                    self.replies.push(related);
                }
            }
            "FLOW" => {
                if let Some(to) = c.related_contact_id.as_deref() {
                    // Sent, or turned away at the email limit (so never
                    // active): an email the flow sent either way.
                    let life = (c.disconnected_ms - c.initiated_ms) as f64 / 1000.0;
                    let busy = c.disconnect_reason.as_deref() == Some(TURNED_AWAY);
                    let related = Related {
                        to: self.ids.key(to),
                        seconds: (!busy).then_some(life),
                    };
                    self.flow_emails.push(related);
                }
            }
            _ => {}
        }
    }

    /// Joins each reply and flow email to its contact. The counts do not
    /// depend on the order the contacts came in: every side is sorted by
    /// key first.
    pub fn finish(mut self) -> EmailCounts {
        let mut out = EmailCounts::default();
        if self.replies.is_empty() && self.flow_emails.is_empty() {
            return out;
        }
        self.entries.sort_unstable_by_key(|e| e.key);
        // Two records of one contact (a deduplication miss) count once.
        self.entries.dedup_by_key(|e| e.key);
        let find = |k: &ContactKey| {
            self.entries
                .binary_search_by_key(k, |e| e.key)
                .ok()
                .map(|i| self.entries[i])
        };
        let mut answered: BTreeMap<u32, u64> = BTreeMap::new();
        for e in &self.entries {
            if let Some(q) = e.answered_email_queue {
                *answered.entry(q).or_insert(0) += 1;
            }
            out.flow_emails.entry(e.entry).or_default().contacts += 1;
        }
        for (q, n) in answered {
            let name = self.queues.name(q).to_string();
            out.replies.entry(name).or_default().answered = n;
        }
        // An email answered by two replies counts once as replied; each
        // reply's writing is a value of the sample.
        self.replies.sort_unstable_by_key(|r| r.to);
        let mut last: Option<ContactKey> = None;
        for r in &self.replies {
            let Some(q) = find(&r.to).and_then(|e| e.answered_email_queue) else {
                out.unmatched += 1;
                continue;
            };
            let counts = out
                .replies
                .entry(self.queues.name(q).to_string())
                .or_default();
            if last != Some(r.to) {
                counts.replied += 1;
                last = Some(r.to);
            }
            if let Some(Ok(o)) = r.seconds.map(Observation::rounded_seconds) {
                counts.writing.add(o);
            }
        }
        for f in &self.flow_emails {
            let Some(e) = find(&f.to) else {
                out.unmatched += 1;
                continue;
            };
            let counts = out.flow_emails.entry(e.entry).or_default();
            counts.sent += 1;
            if let Some(Ok(o)) = f.seconds.map(Observation::timestamp_difference) {
                counts.sending.add(o);
            }
        }
        out.flow_emails.retain(|_, c| c.sent > 0);
        out
    }
}

/// A queue's email replies, estimated.
#[derive(Debug, Clone)]
pub struct ReplyEstimate {
    /// Share of answered inbound emails replied to.
    pub probability: Share,
    /// Writing time; `None` when no reply gave one.
    pub writing: Option<Estimated>,
}

/// An entry's flow emails, estimated.
#[derive(Debug, Clone)]
pub struct FlowEmailEstimate {
    /// Flow emails per contact of the entry (at most 1: a flow sends one).
    pub probability: Share,
    /// Sending time; `None` when every email was sent within the second
    /// (sent at once).
    pub sending: Option<Estimated>,
}

/// Estimates from the joined counts.
pub fn estimate_all(
    counts: &EmailCounts,
) -> (
    BTreeMap<String, ReplyEstimate>,
    BTreeMap<Entry, FlowEmailEstimate>,
) {
    let replies = counts
        .replies
        .iter()
        .filter(|(_, r)| r.answered > 0)
        .map(|(q, r)| {
            let e = ReplyEstimate {
                probability: Share::new(r.replied, r.answered),
                writing: estimate(&r.writing),
            };
            (q.clone(), e)
        })
        .collect();
    let flow_emails = counts
        .flow_emails
        .iter()
        .map(|(entry, f)| {
            let sending = estimate(&f.sending).filter(|e| e.mean_s >= 0.5);
            let e = FlowEmailEstimate {
                probability: Share::new(f.sent, f.contacts),
                sending,
            };
            (*entry, e)
        })
        .collect();
    (replies, flow_emails)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calibrate::test_contacts::{self, agent, queue};

    fn contact(id: &str, method: &str, related: Option<&str>, answered: bool) -> ObservedContact {
        let email_in = method == "INBOUND";
        ObservedContact {
            related_contact_id: related.map(str::to_string),
            connected_to_system_ms: Some(0),
            disconnected_ms: 10_000,
            last_update_ms: 10_000,
            queue: email_in
                .then(|| queue("mail", Some(1_000), answered.then_some(2_000), Some(1.0))),
            agent: (answered || method == "AGENT_REPLY").then(|| agent("a", "p", 2_000, 300.0)),
            ..test_contacts::contact(id, method, "EMAIL")
        }
    }

    #[test]
    fn replies_and_flow_emails_join_their_contacts_in_any_order() {
        let contacts = [
            contact("r1", "AGENT_REPLY", Some("e1"), false),
            contact("e1", "INBOUND", None, true),
            contact("e2", "INBOUND", None, true),
            contact("e3", "INBOUND", None, false),
            contact("r1b", "AGENT_REPLY", Some("e1"), false),
            contact("f1", "FLOW", Some("e1"), false),
            contact("f2", "FLOW", Some("e3"), false),
            contact("f9", "FLOW", Some("gone"), false),
        ];
        let run = |order: &mut dyn Iterator<Item = &ObservedContact>| {
            let mut c = EmailCounter::default();
            order.for_each(|x| c.add(x));
            c.finish()
        };
        for counts in [run(&mut contacts.iter()), run(&mut contacts.iter().rev())] {
            let mail = &counts.replies["mail"];
            // Two answered emails, one replied to (twice).
            assert_eq!((mail.answered, mail.replied), (2, 1));
            assert_eq!(mail.writing.observed_weight(), 2.0);
            let f = &counts.flow_emails[&Entry::Email];
            assert_eq!((f.contacts, f.sent), (3, 2));
            assert_eq!(counts.unmatched, 1);
            let (replies, flows) = estimate_all(&counts);
            assert_eq!(replies["mail"].probability.value, 0.5);
            assert!((flows[&Entry::Email].probability.value - 2.0 / 3.0).abs() < 1e-12);
            // Ten seconds active: a sending time of 10 s.
            let sending = flows[&Entry::Email].sending.as_ref().map(|e| e.mean_s);
            assert_eq!(sending, Some(10.0));
        }
    }
}
