//! A queue's maximum size, read from the records. A queue with a capacity
//! turns away the callers who reach it full, and a turned-away caller's
//! record looks like one who served themselves: it ended in the inbound
//! flow, with no enqueue and no agent (ccsim writes no `Queue`; Connect may
//! name the working queue, with no `EnqueueTimestamp`). Left as they are,
//! they inflate the self-service share, and the calibrated queue, with no
//! capacity, keeps every caller the real one turned away (a probe's find:
//! 141 of 609 calls written as self-service, the queue's ASA 24 % too
//! long).
//!
//! What gives them away is *when* they end: each ended while its queue held
//! as many contacts as it ever held. Self-service ends at any time, so only
//! the share of the time the queue was that full would fall there by
//! chance. A queue whose flow-ended contacts fall at its highest level far
//! more often than that (a Poisson upper tail below [`SIGNIFICANCE`]) is
//! read as capped at that level; the contacts ending there, less those
//! chance would put there, are its turned-away arrivals.

use std::collections::BTreeMap;

use statrs::distribution::{DiscreteCDF, Poisson};

use crate::ingest::ObservedContact;

use super::keyed::Keyed;
use super::period::Period;
use super::streams::Entry;

/// How far (ms) either side of a full stretch an end still counts as
/// reaching the queue full: Connect's timestamps are whole seconds, so a
/// turned-away caller's end and the stay that filled the queue may carry
/// the same second in either order.
const TOLERANCE_MS: i64 = 1_000;

/// The chance, were ending in the flow unrelated to the queue being full,
/// of as many ends at the full level as seen, below which the queue is read
/// as capped: strict, so a queue is capped only on plain evidence.
pub const SIGNIFICANCE: f64 = 1e-6;

/// The fewest ends at the full level that can show a capacity.
pub const MIN_TURNED: u64 = 5;

/// One queue's capacity as the records show it.
#[derive(Debug, Clone, PartialEq)]
pub struct CapacityFound {
    /// The most contacts the queue held at once: its maximum size.
    pub capacity: u32,
    /// Entry contacts that ended in their flow while the queue was full.
    pub ended_full: u64,
    /// How many of those chance would put there (the flow-ended contacts
    /// of each interval times the share of it the queue was full).
    pub expected: f64,
    /// The share of the period the queue was full.
    pub full_share: f64,
    /// The turned-away contacts (`ended_full` less chance's share), per
    /// entry, by interval of initiation of the span counted over.
    pub turned: BTreeMap<Entry, Vec<u64>>,
}

impl CapacityFound {
    /// The turned-away contacts over every entry.
    pub fn turned_total(&self) -> u64 {
        self.turned.values().flatten().sum()
    }
}

/// An entry contact that ended in its inbound flow.
#[derive(Debug, Clone)]
struct FlowEnd {
    at_ms: i64,
    entry: Entry,
    /// Interval of initiation in the span.
    interval: usize,
    /// The queue its record names without an enqueue, if any.
    named: Option<u32>,
}

/// Queue stays and flow ends, gathered one contact at a time.
#[derive(Debug, Default)]
pub struct CapacityCounter {
    /// Each queue's stays, (enqueued, dequeued) in ms.
    stays: Keyed<Vec<(i64, i64)>>,
    ends: Vec<FlowEnd>,
}

impl CapacityCounter {
    /// Notes a contact's stay in its queue, if it queued (an agent's own
    /// queue has no capacity and is left out).
    pub fn add_stay(&mut self, c: &ObservedContact) {
        let Some(q) = c.queue.as_ref() else { return };
        let (Some(from), None) = (q.enqueued_ms, &q.agent_queue_of) else {
            return;
        };
        let to = q.dequeued_ms.unwrap_or(c.disconnected_ms).max(from);
        self.stays.slot(&q.name).push((from, to));
    }

    /// Notes an entry contact that ended in its inbound flow, initiated in
    /// interval `interval` of the span.
    pub fn add_flow_end(&mut self, c: &ObservedContact, entry: Entry, interval: usize) {
        let named = c.queue.as_ref().map(|q| self.stays.number(&q.name));
        self.ends.push(FlowEnd {
            at_ms: c.disconnected_ms,
            entry,
            interval,
            named,
        });
    }

    /// The queues the records show capped, by name. `feeds(queue, entry)`
    /// says whether entry contacts queued in the queue at all (only those
    /// can have been turned away from it); `span` is the grid the ends'
    /// intervals were counted on.
    pub fn finish(
        self,
        span: &Period,
        feeds: impl Fn(&str, Entry) -> bool,
    ) -> BTreeMap<String, CapacityFound> {
        let mut found = BTreeMap::new();
        let mut claimed = vec![false; self.ends.len()];
        // By name, so which queue claims an end shared does not hang on
        // the order of the records.
        let mut queues: Vec<_> = (0u32..)
            .zip(self.stays.iter())
            .map(|(n, (name, stays))| (name, n, stays))
            .collect();
        queues.sort_unstable_by_key(|&(name, _, _)| name);
        for (name, number, stays) in queues {
            let Some((capacity, full)) = full_stretches(stays) else {
                continue;
            };
            let candidates: Vec<usize> = (0..self.ends.len())
                .filter(|&i| {
                    let e = &self.ends[i];
                    !claimed[i] && e.named.is_none_or(|n| n == number) && feeds(name, e.entry)
                })
                .collect();
            let Some(f) = judge(&self.ends, &candidates, &full, span) else {
                continue;
            };
            for &i in &f.at_full {
                claimed[i] = true;
            }
            found.insert(
                name.to_string(),
                CapacityFound {
                    capacity,
                    ended_full: f.at_full.len() as u64,
                    expected: f.expected,
                    full_share: f.full_share,
                    turned: f.turned,
                },
            );
        }
        found
    }
}

/// The queue's highest level and the stretches it held it, widened by
/// [`TOLERANCE_MS`] and merged, in time order; `None` for a queue that
/// never held anyone. At one instant, departures are counted before
/// arrivals, so a contact taken as another arrives is no phantom peak.
fn full_stretches(stays: &[(i64, i64)]) -> Option<(u32, Vec<(i64, i64)>)> {
    let mut changes: Vec<(i64, i32)> = Vec::with_capacity(2 * stays.len());
    for &(a, b) in stays {
        if b > a {
            changes.push((a, 1));
            changes.push((b, -1));
        }
    }
    changes.sort_unstable();
    let mut level = 0i64;
    let mut top = 0i64;
    for &(_, d) in &changes {
        level += i64::from(d);
        top = top.max(level);
    }
    if top == 0 {
        return None;
    }
    let mut stretches: Vec<(i64, i64)> = Vec::new();
    let mut since = None;
    level = 0;
    for &(t, d) in &changes {
        level += i64::from(d);
        match (level == top, since) {
            (true, None) => since = Some(t),
            (false, Some(s)) => {
                since = None;
                let (a, b) = (s - TOLERANCE_MS, t + TOLERANCE_MS);
                match stretches.last_mut() {
                    Some(last) if last.1 >= a => last.1 = last.1.max(b),
                    _ => stretches.push((a, b)),
                }
            }
            _ => {}
        }
    }
    Some((u32::try_from(top).unwrap_or(u32::MAX), stretches))
}

/// What [`judge`] found for a queue read as capped.
struct Judged {
    at_full: Vec<usize>,
    expected: f64,
    full_share: f64,
    turned: BTreeMap<Entry, Vec<u64>>,
}

/// Whether the candidate ends fall in the full stretches far more often
/// than chance would put them there; if so, which did, and how many of
/// them per entry and interval of initiation were turned away.
fn judge(
    ends: &[FlowEnd],
    candidates: &[usize],
    full: &[(i64, i64)],
    span: &Period,
) -> Option<Judged> {
    let slot_of = |t: i64| (t - span.start_ms).div_euclid(span.interval_ms);
    // Per interval of the end: candidates, those at the full level.
    let mut per_slot: BTreeMap<i64, (u64, u64)> = BTreeMap::new();
    let mut at_full = Vec::new();
    for &i in candidates {
        let t = ends[i].at_ms;
        let hit = inside(full, t);
        let s = per_slot.entry(slot_of(t)).or_default();
        s.0 += 1;
        if hit {
            s.1 += 1;
            at_full.push(i);
        }
    }
    let hits = at_full.len() as u64;
    if hits < MIN_TURNED {
        return None;
    }
    // Under chance, each interval's ends fall in its full stretches in
    // proportion to their length: the test's expectation.
    let mut background: BTreeMap<i64, f64> = BTreeMap::new();
    let mut expected = 0.0;
    for (&slot, &(n, hit)) in &per_slot {
        let from = span.start_ms + slot * span.interval_ms;
        let share = covered(full, from, from + span.interval_ms) as f64 / span.interval_ms as f64;
        expected += n as f64 * share;
        // The self-service among the ends at the full level: as many per
        // full minute as the ends elsewhere in the interval had per minute
        // (the turned-away are all at the full level, so the interval's
        // whole count would overstate it).
        let b = if share < 1.0 {
            (n - hit) as f64 * share / (1.0 - share)
        } else {
            n as f64 * share
        };
        background.insert(slot, b.min(hit as f64));
    }
    let p = if expected > 0.0 {
        Poisson::new(expected).map_or(1.0, |d| d.sf(hits - 1))
    } else {
        0.0
    };
    if p >= SIGNIFICANCE {
        return None;
    }
    // Each end at the full level was turned away with the chance that it
    // was not one of the interval's self-service there.
    // Counted first and weighed in key order, so the sums (and their
    // rounding) do not depend on the order of the records.
    let mut hits_by: BTreeMap<(Entry, usize, i64), u64> = BTreeMap::new();
    for &i in &at_full {
        let e = &ends[i];
        *hits_by
            .entry((e.entry, e.interval, slot_of(e.at_ms)))
            .or_default() += 1;
    }
    let mut weight: BTreeMap<(Entry, usize), f64> = BTreeMap::new();
    for ((entry, interval, slot), n) in hits_by {
        let (_, hit) = per_slot.get(&slot).copied().unwrap_or((0, 0));
        let b = background.get(&slot).copied().unwrap_or(0.0);
        let w = (1.0 - b / hit.max(1) as f64).max(0.0);
        *weight.entry((entry, interval)).or_default() += n as f64 * w;
    }
    let mut turned: BTreeMap<Entry, Vec<u64>> = BTreeMap::new();
    let mut carry: BTreeMap<Entry, f64> = BTreeMap::new();
    for ((entry, interval), w) in weight {
        // Rounded with the remainder carried, so the total holds.
        let c = carry.entry(entry).or_default();
        let n = (w + *c).round().max(0.0);
        *c += w - n;
        let counts = turned
            .entry(entry)
            .or_insert_with(|| vec![0; span.intervals]);
        if let Some(slot) = counts.get_mut(interval) {
            *slot += n as u64;
        }
    }
    let period = (span.interval_ms * span.intervals as i64).max(1);
    let full_share = covered(full, span.start_ms, span.end_ms()) as f64 / period as f64;
    Some(Judged {
        at_full,
        expected,
        full_share,
        turned,
    })
}

/// Whether `t` falls in one of the sorted, disjoint `stretches`.
fn inside(stretches: &[(i64, i64)], t: i64) -> bool {
    let i = stretches.partition_point(|&(a, _)| a <= t);
    i > 0 && t < stretches[i - 1].1
}

/// How much of `[from, to)` the sorted, disjoint `stretches` cover, ms.
fn covered(stretches: &[(i64, i64)], from: i64, to: i64) -> i64 {
    let first = stretches.partition_point(|&(_, b)| b <= from);
    stretches[first..]
        .iter()
        .take_while(|&&(a, _)| a < to)
        .map(|&(a, b)| b.min(to) - a.max(from))
        .filter(|&d| d > 0)
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calibrate::test_contacts::{contact, queue};

    const HOUR: i64 = 3_600_000;

    fn stay(id: &str, name: &str, from_s: i64, to_s: i64) -> ObservedContact {
        ObservedContact {
            initiated_ms: from_s * 1000,
            disconnected_ms: to_s * 1000,
            queue: Some(queue(name, Some(from_s * 1000), Some(to_s * 1000), None)),
            ..contact(id, "INBOUND", "VOICE")
        }
    }

    fn ended(id: &str, at_s: i64) -> ObservedContact {
        ObservedContact {
            initiated_ms: at_s * 1000 - 30_000,
            disconnected_ms: at_s * 1000,
            ..contact(id, "INBOUND", "VOICE")
        }
    }

    /// A queue of three that is full one minute in ten: 36 callers turned
    /// away then, among self-service ending every 20 s of the hour, are
    /// found (give or take the self-service that chance put at the full
    /// level); the same self-service without them is no capacity.
    #[test]
    fn ends_at_the_highest_level_show_a_capacity_and_spread_ends_do_not() {
        let span = Period::spanning(0, HOUR - 1, HOUR);
        let build = |turned_away: bool| {
            let mut c = CapacityCounter::default();
            let mut n = 0;
            for k in 0..6 {
                let base = k * 600;
                // Three stays overlapping for a minute: full 60 s of 600.
                for j in 0..3 {
                    n += 1;
                    c.add_stay(&stay(&format!("s{n}"), "Main", base + j * 10, base + 80));
                }
                if turned_away {
                    for j in 0..6 {
                        n += 1;
                        let end = ended(&format!("t{n}"), base + 22 + j * 9);
                        c.add_flow_end(&end, Entry::InboundVoice, 0);
                    }
                }
                for j in 0..30 {
                    n += 1;
                    let end = ended(&format!("e{n}"), base + 5 + j * 20);
                    c.add_flow_end(&end, Entry::InboundVoice, 0);
                }
            }
            c.finish(&span, |q, e| q == "Main" && e == Entry::InboundVoice)
        };
        let capped = build(true);
        let main = &capped["Main"];
        assert_eq!(main.capacity, 3);
        assert_eq!(main.ended_full, 36 + 18, "{main:?}");
        assert!(main.turned_total().abs_diff(36) <= 2, "{main:?}");
        assert!(main.full_share > 0.1 && main.full_share < 0.11, "{main:?}");
        assert!(build(false).is_empty());
    }

    /// Ends at the full level that chance explains are no capacity: with
    /// the queue full half the time, half the ends fall there.
    #[test]
    fn ends_chance_puts_at_the_full_level_are_no_capacity() {
        let span = Period::spanning(0, HOUR - 1, HOUR);
        let mut c = CapacityCounter::default();
        for k in 0..30 {
            let base = k * 120;
            c.add_stay(&stay(&format!("s{k}"), "Main", base, base + 60));
            c.add_flow_end(&ended(&format!("a{k}"), base + 30), Entry::InboundVoice, 0);
            c.add_flow_end(&ended(&format!("b{k}"), base + 90), Entry::InboundVoice, 0);
        }
        assert!(c.finish(&span, |_, _| true).is_empty());
    }

    #[test]
    fn stretches_are_measured_and_found() {
        let s = [(0, 10), (20, 30)];
        assert!(inside(&s, 0) && inside(&s, 25) && !inside(&s, 10) && !inside(&s, 15));
        assert_eq!(covered(&s, 5, 25), 10);
        assert_eq!(covered(&s, 30, 40), 0);
    }
}
