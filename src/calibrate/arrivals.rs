//! Arrival counts: how many contacts of each stream (queue × channel ×
//! initiation method) started in each interval, how many served
//! themselves in the inbound flow, and what the scenario does not start on
//! its own (follow-ups and channels it does not model), so nothing is
//! dropped silently.

use std::collections::BTreeMap;

use crate::ingest::ObservedContact;

use super::period::Period;
use super::streams::{entry_of, queue_of, Entry};

/// Counts per interval of the period.
pub type Counts = Vec<u64>;

/// What [`count`] finds.
#[derive(Debug, Default)]
pub struct Arrivals {
    /// Queued entry contacts per queue and entry, by interval of
    /// initiation.
    pub queued: BTreeMap<(String, Entry), Counts>,
    /// Entry contacts that ended in the inbound flow (never queued, no
    /// agent), per entry, by interval.
    pub self_served: BTreeMap<Entry, Counts>,
    /// Every other contact, by (initiation method, channel): follow-ups the
    /// scenario's rules reproduce, and starts it cannot model.
    pub others: BTreeMap<(String, String), u64>,
}

impl Arrivals {
    /// Share of an entry's contacts that served themselves, with the
    /// counts it comes from (self-served, all).
    pub fn self_service(&self, entry: Entry) -> (f64, u64, u64) {
        let own: u64 = self.self_served.get(&entry).map_or(0, |c| c.iter().sum());
        let queued: u64 = self
            .queued
            .iter()
            .filter(|((_, e), _)| *e == entry)
            .map(|(_, c)| c.iter().sum::<u64>())
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

/// Counts `contacts` over `period`.
pub fn count(contacts: &[ObservedContact], period: &Period) -> Arrivals {
    let mut a = Arrivals::default();
    let zeros = || vec![0; period.intervals];
    for c in contacts {
        let Some(i) = period.index(c.initiated_ms) else {
            continue;
        };
        match (entry_of(c), queue_of(c)) {
            (Some(e), Some(q)) => {
                a.queued.entry((q.to_string(), e)).or_insert_with(zeros)[i] += 1;
            }
            (Some(e), None) if c.agent.is_none() => {
                a.self_served.entry(e).or_insert_with(zeros)[i] += 1;
            }
            _ => {
                *a.others
                    .entry((c.method.clone(), c.channel.clone()))
                    .or_insert(0) += 1;
            }
        }
    }
    a
}
