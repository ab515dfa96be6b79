//! Arrival counts: how many contacts of each stream (queue × channel ×
//! initiation method) started in each interval, how many served
//! themselves in the inbound flow, and what the scenario does not start on
//! its own (follow-ups and channels it does not model), so nothing is
//! dropped silently.

use std::collections::{BTreeMap, BTreeSet};

use crate::ingest::ObservedContact;

use super::capacity::{CapacityCounter, CapacityFound};
use super::keyed::Keyed;
use super::period::Period;
use super::streams::{entry_of, queue_of, turned_away, unanswered_dial, Entry};

/// Counts per interval of the period.
pub type Counts = Vec<u64>;

/// Contacts started per stream and interval.
#[derive(Debug, Default)]
pub struct Arrivals {
    /// Queued entry contacts per queue and entry, by interval of
    /// initiation.
    pub queued: BTreeMap<(String, Entry), Counts>,
    /// Entry contacts that ended in the inbound flow (never queued, no
    /// agent), per entry, by interval: not those a full queue turned away.
    pub self_served: BTreeMap<Entry, Counts>,
    /// The queues the records show capped, by name, with the entry
    /// contacts they turned away (by interval of initiation): arrivals of
    /// the queue the scenario's capacity turns away again.
    pub capacity: BTreeMap<String, CapacityFound>,
    /// Entry contacts the instance turned away at its limit of active
    /// contacts before their inbound flow, per entry: neither arrivals of
    /// a queue nor self-served (the scenario sets no instance limit, so
    /// they are left out of the volumes and reported).
    pub turned_away: BTreeMap<Entry, u64>,
    /// API voice contacts whose customer did not answer Connect's dial,
    /// per entry: attempts of the source, not contacts of its flow.
    pub unanswered: BTreeMap<Entry, Counts>,
    /// Every other contact, by (initiation method, channel): follow-ups the
    /// scenario's rules reproduce, and starts it cannot model.
    pub others: BTreeMap<(String, String), u64>,
    /// DISCONNECT contacts counted among the arrivals, by channel.
    pub disconnect: BTreeMap<String, u64>,
    /// The streams (queue × entry) whose contacts spent no time in their
    /// inbound flow (under [`MIN_FLOW_S`] on average): dialled straight to
    /// the queue, they served none of the self-served contacts (set once
    /// the flow times are fitted).
    pub flowless: BTreeSet<(String, Entry)>,
}

/// The mean time in the inbound flow below which a queue's callers had
/// no flow to serve themselves in, seconds.
pub const MIN_FLOW_S: f64 = 1.0;

impl Arrivals {
    /// Share of an API voice entry's dials the customer answered, with the
    /// counts it comes from (answered, dialled); `None` for other entries
    /// or without any dial.
    pub fn answered(&self, entry: Entry) -> Option<(f64, u64, u64)> {
        if entry != Entry::ApiVoice {
            return None;
        }
        let (_, _, answered) = self.self_service(entry);
        let unanswered: u64 = self.unanswered.get(&entry).map_or(0, |c| c.iter().sum());
        let dialled = answered + unanswered;
        (dialled > 0).then(|| (answered as f64 / dialled as f64, answered, dialled))
    }

    /// A source's volume per interval: the contacts of `entry` that queued
    /// in `queue` in that interval, scaled up by what the source's flow
    /// takes away before the queue — its self-service share, and for API
    /// voice the dials nobody answered — so that the simulation queues as
    /// many in the interval as the records did. Summed over the entry's
    /// sources and the period, that is every contact of the entry (each
    /// dial, for API voice).
    ///
    /// Scaling each queue's own counts keeps a queue at zero where it had
    /// none (closed, or fed only part of the day). Sharing the entry's
    /// self-served contacts out by the queues' shares of the whole period
    /// gave a queue closed at 13:00 arrivals all evening, and the
    /// self-service share then took the wrong number out of each interval
    /// wherever the share of callers served by the flow changes in the day.
    pub fn source_volume(&self, queue: &str, entry: Entry) -> Vec<f64> {
        let Some(own) = self.arrived(queue, entry) else {
            return Vec::new();
        };
        let (served, _, _) = self.self_service_in(queue, entry);
        let answered = self.answered(entry).map_or(1.0, |(p, _, _)| p);
        let reach = (1.0 - served) * answered;
        if reach <= 0.0 {
            // (Cannot happen: `own` holds a queued contact, which was
            // answered and not self-served.)
            return own.iter().map(|&n| n as f64).collect();
        }
        own.iter().map(|&n| n as f64 / reach).collect()
    }

    /// The contacts of `entry` that reached `queue`, per interval: those
    /// it queued and those it turned away full; `None` if none queued.
    pub fn arrived(&self, queue: &str, entry: Entry) -> Option<Counts> {
        let queued = self.queued.get(&(queue.to_string(), entry))?;
        let mut all = queued.clone();
        if let Some(turned) = self.turned_at_capacity(queue, entry) {
            for (n, t) in all.iter_mut().zip(turned) {
                *n += t;
            }
        }
        Some(all)
    }

    /// The contacts of `entry` that `queue` turned away full, per
    /// interval, if the records show it capped.
    pub fn turned_at_capacity(&self, queue: &str, entry: Entry) -> Option<&Counts> {
        self.capacity.get(queue)?.turned.get(&entry)
    }

    /// Share of the contacts of `entry` bound for `queue` that served
    /// themselves, with the counts it comes from (self-served, all). A
    /// self-served contact names no queue: the entry's are shared among
    /// the queues whose callers spent time in their inbound flow, in
    /// proportion to the contacts they queued; a queue dialled straight
    /// through ([`Arrivals::flowless`]) served none (a probe's find: a
    /// queue without an IVR was given the IVR queue's self-service share,
    /// and a fifth more contacts than it had). With no queue of the entry
    /// behind a flow, the share is the entry's.
    pub fn self_service_in(&self, queue: &str, entry: Entry) -> (f64, u64, u64) {
        let queued = |q: &str| -> u64 { self.arrived(q, entry).map_or(0, |c| c.iter().sum()) };
        let with_flow: Vec<&str> = self
            .queued
            .keys()
            .filter(|(q, e)| *e == entry && !self.flowless.contains(&(q.clone(), entry)))
            .map(|(q, _)| q.as_str())
            .collect();
        if with_flow.is_empty() {
            return self.self_service(entry);
        }
        if !with_flow.contains(&queue) {
            return (0.0, 0, queued(queue));
        }
        let own: u64 = self.self_served.get(&entry).map_or(0, |c| c.iter().sum());
        let all = own + with_flow.iter().map(|q| queued(q)).sum::<u64>();
        (super::rates::ratio(own, all), own, all)
    }

    /// Each queue of `entry` with its own self-service share and counts
    /// ([`Arrivals::self_service_in`]), when the entry has more than one
    /// queue (with one, the share is the entry's).
    pub fn self_service_per_queue(&self, entry: Entry) -> Vec<(&str, (f64, u64, u64))> {
        let queues: Vec<&str> = self
            .queued
            .keys()
            .filter(|(_, e)| *e == entry)
            .map(|(q, _)| q.as_str())
            .collect();
        if queues.len() < 2 {
            return Vec::new();
        }
        queues
            .into_iter()
            .map(|q| (q, self.self_service_in(q, entry)))
            .collect()
    }

    /// Share of an entry's contacts that served themselves, with the
    /// counts it comes from (self-served, all).
    pub fn self_service(&self, entry: Entry) -> (f64, u64, u64) {
        let own: u64 = self.self_served.get(&entry).map_or(0, |c| c.iter().sum());
        let queued: u64 = self
            .queued
            .iter()
            .filter(|((_, e), _)| *e == entry)
            .map(|((q, _), c)| {
                let turned = self.turned_at_capacity(q, entry);
                c.iter().sum::<u64>() + turned.map_or(0, |t| t.iter().sum())
            })
            .sum();
        let all = own + queued;
        let share = if all > 0 {
            own as f64 / all as f64
        } else {
            0.0
        };
        (share, own, all)
    }
}

/// Arrival counts gathered one contact at a time, by interval of a span
/// known to cover every contact's initiation (the period itself is known
/// only once every contact is seen).
#[derive(Debug)]
pub struct ArrivalCounter {
    span: Period,
    queued: Keyed<BTreeMap<Entry, Counts>>,
    self_served: BTreeMap<Entry, Counts>,
    turned_away: BTreeMap<Entry, u64>,
    unanswered: BTreeMap<Entry, Counts>,
    /// By initiation method, then channel.
    others: Keyed<Keyed<u64>>,
    disconnect: Keyed<u64>,
    capacity: CapacityCounter,
}

impl ArrivalCounter {
    /// Counts over the intervals of `span`; contacts initiated outside it
    /// are not counted.
    pub fn new(span: Period) -> Self {
        ArrivalCounter {
            span,
            queued: Keyed::default(),
            self_served: BTreeMap::new(),
            turned_away: BTreeMap::new(),
            unanswered: BTreeMap::new(),
            others: Keyed::default(),
            disconnect: Keyed::default(),
            capacity: CapacityCounter::default(),
        }
    }

    /// Counts one contact.
    pub fn add(&mut self, c: &ObservedContact) {
        let Some(i) = self.span.index(c.initiated_ms) else {
            return;
        };
        let zeros = || vec![0; self.span.intervals];
        self.capacity.add_stay(c);
        if c.method == "DISCONNECT" && entry_of(c).is_some() {
            *self.disconnect.slot(&c.channel) += 1;
        }
        match (entry_of(c), queue_of(c)) {
            (Some(e), Some(q)) => {
                self.queued.slot(q).entry(e).or_insert_with(zeros)[i] += 1;
            }
            (Some(e), None) if unanswered_dial(c, e) => {
                self.unanswered.entry(e).or_insert_with(zeros)[i] += 1;
            }
            (Some(e), None) if turned_away(c) => {
                *self.turned_away.entry(e).or_insert(0) += 1;
            }
            (Some(e), None) if c.agent.is_none() => {
                self.self_served.entry(e).or_insert_with(zeros)[i] += 1;
                self.capacity.add_flow_end(c, e, i);
            }
            // A campaign's calls are counted by `super::campaigns`.
            _ if super::streams::is_campaign_call(c) => {}
            _ => *self.others.slot(&c.method).slot(&c.channel) += 1,
        }
    }

    /// The counts over `period`, which lies inside the span and covers
    /// every contact counted.
    pub fn finish(mut self, period: &Period) -> Arrivals {
        let fed: BTreeSet<(String, Entry)> = self
            .queued
            .iter()
            .flat_map(|(q, per_entry)| per_entry.keys().map(move |e| (q.to_string(), *e)))
            .collect();
        let mut capacity = std::mem::take(&mut self.capacity)
            .finish(&self.span, |q, e| fed.contains(&(q.to_string(), e)));
        // The turned-away are arrivals of their queue, not self-service.
        for found in capacity.values() {
            for (e, turned) in &found.turned {
                if let Some(served) = self.self_served.get_mut(e) {
                    for (s, t) in served.iter_mut().zip(turned) {
                        *s = s.saturating_sub(*t);
                    }
                }
            }
        }
        let span = self.span;
        let cut = |counts: Counts| period.cut_from(&span, counts);
        for found in capacity.values_mut() {
            for turned in found.turned.values_mut() {
                *turned = cut(std::mem::take(turned));
            }
        }
        let mut queued = BTreeMap::new();
        for (q, per_entry) in self.queued.into_sorted() {
            for (e, counts) in per_entry {
                queued.insert((q.clone(), e), cut(counts));
            }
        }
        let mut others = BTreeMap::new();
        for (m, per_channel) in self.others.into_sorted() {
            for (ch, n) in per_channel.into_sorted() {
                others.insert((m.clone(), ch), n);
            }
        }
        Arrivals {
            queued,
            self_served: self
                .self_served
                .into_iter()
                .map(|(e, c)| (e, cut(c)))
                .collect(),
            turned_away: self.turned_away,
            unanswered: self
                .unanswered
                .into_iter()
                .map(|(e, c)| (e, cut(c)))
                .collect(),
            others,
            disconnect: self.disconnect.into_sorted(),
            flowless: BTreeSet::new(),
            capacity,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calibrate::test_contacts::{agent, contact, queue};

    /// A chat queued again by a disconnect flow arrives at its queue as a
    /// chat (a probe's find: no rule wrote them, and they were lost); a
    /// campaign's call is no arrival and no other contact.
    #[test]
    fn disconnect_contacts_arrive_and_campaign_calls_do_not() {
        let queued = |id: &str, method: &str| ObservedContact {
            queue: Some(queue("chat", Some(1_000), Some(2_000), Some(1.0))),
            agent: Some(agent("a", "digital", 2_000, 60.0)),
            ..contact(id, method, "CHAT")
        };
        let campaign = ObservedContact {
            campaign_id: Some("k1".into()),
            agent: Some(agent("b", "voice", 3_000, 60.0)),
            connected_to_system_ms: Some(3_000),
            ..contact("k", "API", "VOICE")
        };
        let mut a = ArrivalCounter::new(Period::spanning(0, 1_799_999, 1_800_000));
        for c in [queued("c1", "API"), queued("c2", "DISCONNECT"), campaign] {
            a.add(&c);
        }
        let got = a.finish(&Period::spanning(0, 1_799_999, 1_800_000));
        assert_eq!(got.queued[&("chat".to_string(), Entry::Chat)], vec![2]);
        assert_eq!(got.disconnect, BTreeMap::from([("CHAT".to_string(), 1)]));
        assert!(got.others.is_empty(), "{:?}", got.others);
        assert!(got.self_served.is_empty(), "{:?}", got.self_served);
    }
}
