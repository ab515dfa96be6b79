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
//! follow-up contact, or an [`ExternalLeg`] per external party's leg
//! (EXTERNAL_OUTBOUND, see [`super::external`]) — the only ones a join can
//! find useful. Memory grows
//! with chained contacts only, and the result does not depend on the order.
//!
//! A link no real chain can have — to a next contact that began before
//! the leg, or round a loop (A → B → C → A) — is cut before the joins
//! ([`Chains::cut_impossible_links`]): followed, a loop of transfers in one
//! queue reads as that queue transferring to itself.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde_json::json;

use crate::ingest::{ContactKey, IdTable, ObservedContact};

use super::external::ExternalLeg;
use super::keyed::Keyed;
use super::streams::{entry_of, queue_of, Entry};
use super::warnings::DataWarning;

/// How many cut links a warning names as examples.
const EXAMPLES: usize = 3;

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
pub struct NextContact {
    /// How it was started.
    pub method: FollowMethod,
    /// Its queue's name (`""` without a queue), numbered.
    queue: u32,
    /// `InitiationTimestamp`.
    pub initiated_ms: i64,
    /// `Queue.EnqueueTimestamp`.
    pub enqueued_ms: Option<i64>,
    /// Its talk with an agent ([`super::samples::follow_up_talk_s`]).
    pub talk_s: Option<f64>,
    /// Whether it is a callback Connect dialled
    /// ([`ObservedContact::callback_dialled`]): a retry that expired in
    /// its queue never was.
    pub dialled: bool,
}

/// A queued contact that names a next contact: what the joins need of it.
#[derive(Debug, Clone, Copy)]
pub struct Leg {
    /// Its own `ContactId`.
    own: ContactKey,
    /// `InitiationTimestamp`.
    initiated_ms: i64,
    next: ContactKey,
    /// Whether its link to the next contact is cut (see
    /// [`Chains::cut_impossible_links`]).
    cut: bool,
    /// Its queue's name, numbered.
    queue: u32,
    /// Whether it is a callback (a CALLBACK contact): one whose next
    /// contact is a callback too is a dial attempt the customer did not
    /// answer, followed by the next attempt (see [`Chains::callback_attempts`]).
    pub callback: bool,
    /// `DisconnectTimestamp`.
    pub disconnected_ms: i64,
    /// Whether Connect dialled it and nobody answered
    /// ([`ObservedContact::dial_unanswered`]).
    pub dial_unanswered: bool,
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
    /// Whether it is a voice conversation that could add an external
    /// party ([`super::external::is_voice_conversation`]).
    pub voice_conversation: bool,
}

/// What the chains of callback dial attempts show
/// ([`Chains::callback_attempts`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RetryAttempts {
    /// Dialled contacts that retry a callback (each counted once, however
    /// many attempts name it).
    pub retries: u64,
    /// The most dialled attempts one chain took; 0 without retries.
    pub longest: u32,
}

/// Legs and follow-up contacts, gathered until the joins.
#[derive(Debug, Default)]
pub struct Chains {
    ids: IdTable,
    queues: Keyed<()>,
    next_contacts: HashMap<ContactKey, NextContact>,
    /// External parties' legs (EXTERNAL_OUTBOUND), by their own id.
    externals: HashMap<ContactKey, ExternalLeg>,
    legs: Vec<Leg>,
    /// Contacts that never queued but name a next contact (a callback
    /// chosen in an inbound flow): the next contact's key, and their own
    /// initiation and key ([`Chains::starts`] walks through them).
    unqueued_links: Vec<(ContactKey, (i64, ContactKey))>,
}

/// Where each contact's chain began ([`Chains::starts`]).
pub struct ChainStarts<'a> {
    ids: &'a IdTable,
    /// Per contact some contact read names as its next one, the
    /// `InitiationTimestamp` of the first contact of its chain.
    start: HashMap<ContactKey, i64>,
}

impl ChainStarts<'_> {
    /// The `InitiationTimestamp` of the first contact of `id`'s chain,
    /// walking from a contact to the one that named it; `None` when no
    /// contact read names `id` (it began its chain, or its predecessor is
    /// not among the contacts read).
    pub fn of(&self, id: &str) -> Option<i64> {
        self.start.get(&self.ids.find(id)?).copied()
    }
}

/// Per contact in `previous` (a contact's predecessor: the initiation
/// and key of the contact naming it), the earliest initiation met walking
/// back from it: its chain's first contact's. Cut links leave no loop
/// among the legs, but contacts that never queued may close one: its
/// contacts, and those leading into it, take the earliest initiation met
/// round it. Each contact is walked once, so a long chain costs its
/// length, not its length squared (a walk per contact asked about).
fn walk_back(previous: &HashMap<ContactKey, (i64, ContactKey)>) -> HashMap<ContactKey, i64> {
    let mut start: HashMap<ContactKey, i64> = HashMap::with_capacity(previous.len());
    // The walk under way: its contacts in order; and each contact's walk
    // (numbered) and place in it, so that no walk clears the map.
    let mut path: Vec<(ContactKey, i64)> = Vec::new();
    let mut place: HashMap<ContactKey, (usize, usize)> = HashMap::new();
    for (walk, &first) in previous.keys().enumerate() {
        if start.contains_key(&first) {
            continue;
        }
        path.clear();
        let mut key = first;
        // The start of the contact before the path's last, once known.
        let mut before: Option<i64> = None;
        while let Some(&(initiated, own)) = previous.get(&key) {
            place.insert(key, (walk, path.len()));
            path.push((key, initiated));
            if let Some(&s) = start.get(&own) {
                before = Some(s);
                break;
            }
            if let Some(&(_, at)) = place.get(&own).filter(|(w, _)| *w == walk) {
                // A loop: every contact on it met all of its initiations.
                let round = path[at..].iter().map(|&(_, i)| i).min();
                for &(k, _) in &path[at..] {
                    start.insert(k, round.unwrap_or(initiated));
                }
                before = round;
                path.truncate(at);
                break;
            }
            key = own;
        }
        for &(k, initiated) in path.iter().rev() {
            let s = before.map_or(initiated, |b| b.min(initiated));
            start.insert(k, s);
            before = Some(s);
        }
    }
    start
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
    /// The next contact itself, under the same conditions.
    pub next_contact: Option<&'a NextContact>,
    /// The external party's leg the next contact is, when it is one.
    pub external: Option<&'a ExternalLeg>,
}

impl Joined<'_> {
    /// Whether the leg is a callback's dial attempt nobody answered,
    /// followed by another (a callback naming a callback): Connect writes
    /// a contact per attempt, each unanswered one naming the next.
    pub fn is_callback_retry(&self) -> bool {
        self.leg.callback
            && self.leg.dial_unanswered
            && matches!(self.next, Some((FollowMethod::Callback, _)))
    }
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
                initiated_ms: c.initiated_ms,
                enqueued_ms: c.queue.as_ref().and_then(|q| q.enqueued_ms),
                talk_s: super::samples::follow_up_talk_s(c),
                dialled: c.method == "CALLBACK" && c.callback_dialled(),
            };
            self.next_contacts.insert(self.ids.key(&c.contact_id), next);
        }
        if let Some(x) = ExternalLeg::of(c) {
            self.externals.insert(self.ids.key(&c.contact_id), x);
        }
        let Some(next) = c.next_contact_id.as_deref() else {
            return false;
        };
        let Some(queue) = queue_of(c) else {
            let named_by = (c.initiated_ms, self.ids.key(&c.contact_id));
            let next = self.ids.key(next);
            self.unqueued_links.push((next, named_by));
            return false;
        };
        let leg = Leg {
            own: self.ids.key(&c.contact_id),
            initiated_ms: c.initiated_ms,
            next: self.ids.key(next),
            cut: false,
            queue: self.queues.number(queue),
            callback: c.method == "CALLBACK",
            disconnected_ms: c.disconnected_ms,
            dial_unanswered: c.dial_unanswered(),
            entry: entry_of(c),
            answered: c.answered(),
            talk_s: c.agent.as_ref().and_then(|a| a.interaction_s),
            wait_s: c.queue_wait_s(),
            holds: c.agent.as_ref().and_then(|a| a.holds),
            hold_s: c.agent.as_ref().and_then(|a| a.hold_s),
            voice_conversation: super::external::is_voice_conversation(c),
        };
        self.legs.push(leg);
        true
    }

    /// Every leg with what followed it (once every contact is added, and
    /// the impossible links cut: a cut leg joins to nothing).
    pub fn joined(&self) -> impl Iterator<Item = Joined<'_>> {
        self.legs.iter().map(|leg| {
            let next_contact = self.next_contacts.get(&leg.next).filter(|_| !leg.cut);
            let external = self.externals.get(&leg.next).filter(|_| !leg.cut);
            Joined {
                leg,
                queue: self.queues.name(leg.queue),
                next: next_contact.map(|n| (n.method, self.queues.name(n.queue))),
                next_contact,
                external: external.filter(|_| leg.voice_conversation),
            }
        })
    }

    /// Where each contact's chain began ([`ChainStarts::of`]), once the
    /// impossible links are cut.
    pub fn starts(&self) -> ChainStarts<'_> {
        let mut previous: HashMap<ContactKey, (i64, ContactKey)> = HashMap::new();
        let legs = self.legs.iter().filter(|l| !l.cut);
        let links = legs
            .map(|l| (l.next, (l.initiated_ms, l.own)))
            .chain(self.unqueued_links.iter().copied());
        for (next, named_by) in links {
            if previous.get(&next).is_none_or(|&other| other > named_by) {
                previous.insert(next, named_by);
            }
        }
        ChainStarts {
            ids: &self.ids,
            start: walk_back(&previous),
        }
    }

    /// The callbacks' later dial attempts, where the records write a
    /// contact per attempt (a callback followed by a callback: see
    /// [`Joined::is_callback_retry`]): the dialled retries, each counted
    /// once, and the most dialled attempts one chain took. A retry that
    /// expired in its queue was never dialled, so it is neither a retry
    /// nor an attempt; two attempts naming one retry count it once. Cut
    /// links (loops among them) break a chain.
    pub fn callback_attempts(&self) -> RetryAttempts {
        let links: HashMap<ContactKey, (ContactKey, bool)> = self
            .joined()
            .filter(Joined::is_callback_retry)
            .filter_map(|j| Some((j.leg.own, (j.leg.next, j.next_contact?.dialled))))
            .collect();
        if links.is_empty() {
            return RetryAttempts::default();
        }
        let retried: HashSet<ContactKey> = links.values().map(|(next, _)| *next).collect();
        let retries = links
            .values()
            .filter(|(_, dialled)| *dialled)
            .map(|(next, _)| *next)
            .collect::<HashSet<_>>()
            .len() as u64;
        let mut longest = 0u32;
        // From each first attempt (a retry nothing retried), along its
        // retries. The cut links leave no loop; the walk is bounded all
        // the same, so that it ends whatever the links. (A leg with a link
        // is a dialled attempt: `is_callback_retry` asks that it rang.)
        for &first in links.keys().filter(|k| !retried.contains(k)) {
            let (mut at, mut attempts, mut steps) = (first, 1u32, 0usize);
            while let Some(&(next, dialled)) = links.get(&at) {
                steps += 1;
                if steps > links.len() {
                    break;
                }
                attempts += u32::from(dialled);
                at = next;
            }
            longest = longest.max(attempts);
        }
        RetryAttempts { retries, longest }
    }

    /// Cuts the links no chain of contacts can have: to a next contact
    /// initiated before the leg, and round a loop of legs (a leg naming
    /// itself among them). Says what was cut, if anything.
    pub fn cut_impossible_links(&mut self) -> Option<DataWarning> {
        let looped = self.legs_in_loops();
        let mut earlier = 0u64;
        for (k, leg) in self.legs.iter_mut().enumerate() {
            let next_initiated_ms = match self.next_contacts.get(&leg.next) {
                Some(n) => Some(n.initiated_ms),
                None => self.externals.get(&leg.next).map(ExternalLeg::initiated_ms),
            };
            let next_began_before = next_initiated_ms.is_some_and(|t| t < leg.initiated_ms);
            earlier += u64::from(next_began_before && !looped[k]);
            leg.cut = next_began_before || looped[k];
        }
        let in_loops = looped.iter().filter(|l| **l).count() as u64;
        self.cut_warning(in_loops, earlier)
    }

    /// For each leg, whether following `NextContactId` from leg to leg
    /// comes back to it. Each leg is walked once: a walk stops at a leg
    /// an earlier walk finished.
    fn legs_in_loops(&self) -> Vec<bool> {
        let index: HashMap<ContactKey, usize> = self
            .legs
            .iter()
            .enumerate()
            .map(|(k, l)| (l.own, k))
            .collect();
        // 0: not reached, 1: on the walk under way, 2: finished.
        let mut state = vec![0u8; self.legs.len()];
        let mut looped = vec![false; self.legs.len()];
        for start in 0..self.legs.len() {
            let mut walk = Vec::new();
            let mut at = Some(start);
            while let Some(k) = at.filter(|&k| state[k] == 0) {
                state[k] = 1;
                walk.push(k);
                at = index.get(&self.legs[k].next).copied();
            }
            if let Some(from) = at.and_then(|k| walk.iter().position(|&w| w == k)) {
                for &k in &walk[from..] {
                    looped[k] = true;
                }
            }
            for k in walk {
                state[k] = 2;
            }
        }
        looped
    }

    /// The warning for `in_loops` legs cut as part of a loop and
    /// `earlier` as followed by an earlier contact; a few examples, by id.
    fn cut_warning(&self, in_loops: u64, earlier: u64) -> Option<DataWarning> {
        let cut: Vec<&Leg> = self.legs.iter().filter(|l| l.cut).collect();
        if cut.is_empty() {
            return None;
        }
        let keys: Vec<ContactKey> = cut.iter().flat_map(|l| [l.own, l.next]).collect();
        let names = self.ids.spell(&keys);
        // Examples by id, whatever order the contacts came in.
        let links: BTreeMap<&str, &str> = names
            .chunks(2)
            .map(|pair| (pair[0].as_str(), pair[1].as_str()))
            .collect();
        let examples: Vec<String> = links
            .iter()
            .take(EXAMPLES)
            .map(|(a, b)| format!("{a} → {b}"))
            .collect();
        let text = format!(
            "left out of the follow-up counts (transfers, queue transfers, callbacks): {} link(s) from a contact to the one its NextContactId names — {in_loops} in a loop of contacts naming each other (A → B → … → A), {earlier} to a contact that began before it (e.g. {}). No contact is followed by one that came first, so these links are wrong; the contacts count as followed by nothing. Fix: check NextContactId and InitiationTimestamp of these contacts in the export",
            in_loops + earlier,
            examples.join(", ")
        );
        let detail = json!({
            "links_cut": in_loops + earlier, "in_loops": in_loops, "to_an_earlier_contact": earlier,
            "examples": links.iter().take(EXAMPLES).map(|(a, b)| json!({"contact_id": a, "next_contact_id": b})).collect::<Vec<_>>(),
        });
        Some(DataWarning {
            kind: "chain_links_cut",
            text,
            detail,
        })
    }
}

/// The callback retry links among `contacts` — each unanswered dial
/// attempt and the attempt it names ([`Joined::is_callback_retry`]) — by
/// index into `contacts`, read as a calibration reads them: legs joined
/// to their next contacts, the impossible links cut.
pub fn callback_retry_links(contacts: &[ObservedContact]) -> Vec<(usize, usize)> {
    let mut chains = Chains::default();
    for c in contacts {
        chains.add(c);
    }
    chains.cut_impossible_links();
    let retries: Vec<(ContactKey, ContactKey)> = chains
        .joined()
        .filter(Joined::is_callback_retry)
        .map(|j| (j.leg.own, j.leg.next))
        .collect();
    if retries.is_empty() {
        return Vec::new();
    }
    let index: HashMap<ContactKey, usize> = contacts
        .iter()
        .enumerate()
        .map(|(k, c)| (chains.ids.key(&c.contact_id), k))
        .collect();
    retries
        .iter()
        .filter_map(|(own, next)| Some((*index.get(own)?, *index.get(next)?)))
        .collect()
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
    fn a_chain_s_start_is_its_first_leg_s_initiation_whatever_the_order() {
        let at = |c: ObservedContact, ms: i64| ObservedContact {
            initiated_ms: ms,
            ..c
        };
        let contacts = [
            // a → b → c: c's chain began with a.
            at(contact("c", "CALLBACK", Some("callbacks"), None), 9_000),
            at(contact("b", "TRANSFER", Some("support"), Some("c")), 5_000),
            at(contact("a", "INBOUND", Some("sales"), Some("b")), 1_000),
            // A link cut (to a contact that began before its leg) is no
            // chain: e started its own.
            at(contact("d", "INBOUND", Some("sales"), Some("e")), 7_000),
            at(contact("e", "CALLBACK", Some("callbacks"), None), 6_000),
        ];
        let mut chains = Chains::default();
        for c in &contacts {
            chains.add(c);
        }
        assert!(chains.cut_impossible_links().is_some());
        let starts = chains.starts();
        assert_eq!(starts.of("c"), Some(1_000));
        assert_eq!(starts.of("b"), Some(1_000));
        // The first contact of a chain, and ids nobody names or never
        // read, have no earlier start.
        assert_eq!(starts.of("a"), None);
        assert_eq!(starts.of("e"), None);
        assert_eq!(starts.of("unknown"), None);
        // A contact that never queued (a callback chosen in the inbound
        // flow) names its next contact all the same.
        let mut chains = Chains::default();
        chains.add(&at(contact("f", "INBOUND", None, Some("g")), 2_000));
        chains.add(&at(
            contact("g", "CALLBACK", Some("callbacks"), None),
            3_000,
        ));
        chains.cut_impossible_links();
        assert_eq!(chains.starts().of("g"), Some(2_000));
    }

    /// Contacts that never queued are not cut, so they may close a loop:
    /// its contacts start at the earliest initiation round it, and a
    /// chain beside it at its own first contact. Every contact of a long
    /// chain starts at its first (each walked once: a walk per contact
    /// asked about took seconds here).
    #[test]
    fn a_loop_of_unqueued_contacts_starts_at_its_earliest() {
        let at = |c: ObservedContact, ms: i64| ObservedContact {
            initiated_ms: ms,
            ..c
        };
        let mut chains = Chains::default();
        // p → q → r → p, none queued; and t → s, a callback.
        chains.add(&at(contact("p", "INBOUND", None, Some("q")), 4_000));
        chains.add(&at(contact("q", "INBOUND", None, Some("r")), 2_000));
        chains.add(&at(contact("r", "INBOUND", None, Some("p")), 3_000));
        chains.add(&at(contact("t", "INBOUND", None, Some("s")), 9_000));
        chains.add(&at(
            contact("s", "CALLBACK", Some("callbacks"), None),
            10_000,
        ));
        chains.cut_impossible_links();
        let starts = chains.starts();
        for id in ["p", "q", "r"] {
            assert_eq!(starts.of(id), Some(2_000), "{id}");
        }
        assert_eq!(starts.of("s"), Some(9_000));
        // 30,000 contacts in one chain, each asked about: a walk per
        // contact would take 450 million steps.
        let mut chains = Chains::default();
        let n = 30_000;
        for i in 0..n {
            let next = format!("c{}", i + 1);
            chains.add(&at(
                contact(&format!("c{i}"), "INBOUND", None, Some(&next)),
                i,
            ));
        }
        let starts = chains.starts();
        assert_eq!(starts.of("c0"), None);
        for i in 1..=n {
            assert_eq!(starts.of(&format!("c{i}")), Some(0));
        }
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

    /// The next methods every leg joins to, after the impossible links
    /// are cut, and the warning.
    fn cut(contacts: &[ObservedContact]) -> (Vec<Option<FollowMethod>>, Option<DataWarning>) {
        let mut chains = Chains::default();
        for c in contacts {
            chains.add(c);
        }
        let warning = chains.cut_impossible_links();
        let next = chains.joined().map(|j| j.next.map(|(m, _)| m)).collect();
        (next, warning)
    }

    fn at(mut c: ObservedContact, s: i64) -> ObservedContact {
        c.initiated_ms = s * 1000;
        c
    }

    #[test]
    fn a_loop_of_links_and_a_link_back_in_time_are_cut_and_said() {
        // A plain transfer, then a loop of three transfers naming each
        // other, all in the same second.
        let plain = [
            at(contact("a", "INBOUND", Some("sales"), Some("b")), 0),
            at(contact("b", "TRANSFER", Some("support"), None), 30),
        ];
        let (next, warning) = cut(&plain);
        assert_eq!((next, warning), (vec![Some(FollowMethod::Transfer)], None));

        let mut ring = plain.to_vec();
        ring.extend([
            at(contact("r1", "TRANSFER", Some("sales"), Some("r2")), 10),
            at(contact("r2", "TRANSFER", Some("sales"), Some("r3")), 10),
            at(contact("r3", "TRANSFER", Some("sales"), Some("r1")), 10),
        ]);
        let (next, warning) = cut(&ring);
        assert_eq!(next, vec![Some(FollowMethod::Transfer), None, None, None]);
        let w = warning.unwrap_or_else(|| panic!("the loop is said"));
        assert_eq!(w.detail["in_loops"], 3);
        assert!(w.text.contains("r1 → r2, r2 → r3, r3 → r1"), "{}", w.text);

        // A leg whose next contact began before it.
        let back = [
            at(contact("a", "INBOUND", Some("sales"), Some("b")), 60),
            at(contact("b", "TRANSFER", Some("support"), None), 30),
        ];
        let (next, warning) = cut(&back);
        assert_eq!(next, vec![None]);
        let w = warning.unwrap_or_else(|| panic!("the link back is said"));
        assert_eq!(w.detail["to_an_earlier_contact"], 1);
        assert!(w.text.contains("a → b"), "{}", w.text);
    }
}
