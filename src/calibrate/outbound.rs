//! Agent-initiated outbound calls (OUTBOUND voice contacts: an agent dials
//! from the CCP), per routing profile: how many each agent places per free
//! hour, how long they ring, how often the callee answers, how long the
//! answered ones talk — the scenario's agent group `outbound` table.
//!
//! A call the callee did not answer may carry no `Agent` (ccsim writes none;
//! real exports vary): it is put on the routing profile whose agents placed
//! most of the answered calls through the same outbound queue. The agents
//! dial only while free, so the rate is calls over the agent-time left free
//! by all their work: the headcount's agent-time less the busy time
//! ([`super::agent_work`]), less the ring and after-contact work of the
//! calls with no agent named.

use std::collections::BTreeMap;

use crate::ingest::ObservedContact;

use super::estimate::{estimate, Estimated};
use super::fit::{Observation, Sample};
use super::keyed::Keyed;
use super::period::Period;
use super::rates::{poisson_score, ratio, wilson};

/// Calls placed by one routing profile's agents (or through one outbound
/// queue, when no agent is named).
#[derive(Debug, Default, Clone)]
pub struct CallCounts {
    /// Calls placed.
    pub calls: u64,
    /// Of those, answered by the callee.
    pub answered: u64,
    /// Dial to answer (answered) or to giving up (not answered).
    pub ring: Sample,
    /// Talk of the answered calls (`Agent.AgentInteractionDuration`).
    pub talk: Sample,
    /// Per interval of the span: ring seconds of the calls (for the busy
    /// time of calls no agent is named on), and their number.
    ring_per_interval: Vec<(f64, u64)>,
}

/// Outbound calls gathered one contact at a time.
#[derive(Debug)]
pub struct OutboundCounter {
    span: Period,
    /// Per routing profile, calls with an agent.
    profiles: Keyed<CallCounts>,
    /// Per outbound queue, calls with no agent named.
    unnamed: Keyed<CallCounts>,
    /// Per outbound queue, calls with an agent per routing profile.
    queue_profiles: Keyed<BTreeMap<String, u64>>,
}

/// What the outbound calls showed, before estimation.
#[derive(Debug, Default)]
pub struct OutboundCounts {
    /// Per routing profile, every call it placed (those with no agent
    /// included, by their outbound queue).
    pub profiles: BTreeMap<String, CallCounts>,
    /// Calls with no agent whose outbound queue no named call went
    /// through: not attributed, only reported.
    pub unattributed: u64,
    /// Per routing profile, per interval of the period: ring seconds and
    /// number of its calls with no agent named (their busy time is not in
    /// the agents' work).
    pub unnamed_per_interval: BTreeMap<String, Vec<(f64, u64)>>,
    /// Per routing profile, the outbound queue most of its named calls
    /// went through.
    pub outbound_queue: BTreeMap<String, String>,
}

impl OutboundCounter {
    /// Counts over the intervals of `span`.
    pub fn new(span: Period) -> Self {
        OutboundCounter {
            span,
            profiles: Keyed::default(),
            unnamed: Keyed::default(),
            queue_profiles: Keyed::default(),
        }
    }

    /// Counts `c` if it is an agent's outbound call.
    pub fn add(&mut self, c: &ObservedContact) {
        // A campaign's call is the campaign's (`super::campaigns`).
        if c.method != "OUTBOUND" || c.channel != "VOICE" || super::streams::is_campaign_call(c) {
            return;
        }
        let answered = c.connected_to_system_ms.is_some() && !c.dial_unanswered();
        let rang_until = match (answered, c.connected_to_system_ms) {
            (true, Some(t)) => t,
            _ => c.disconnected_ms,
        };
        let ring_s = (rang_until - c.initiated_ms) as f64 / 1000.0;
        let queue = c.queue.as_ref().map_or("", |q| q.name.as_str());
        let agent = c.agent.as_ref();
        let counts = match agent.and_then(|a| a.routing_profile.as_deref()) {
            Some(p) => {
                *self
                    .queue_profiles
                    .slot(queue)
                    .entry(p.to_string())
                    .or_insert(0) += 1;
                self.profiles.slot(p)
            }
            None => {
                let counts = self.unnamed.slot(queue);
                if counts.ring_per_interval.is_empty() {
                    counts.ring_per_interval = vec![(0.0, 0); self.span.intervals];
                }
                if let Some(i) = self.span.index(c.initiated_ms) {
                    let slot = &mut counts.ring_per_interval[i];
                    slot.0 += ring_s.max(0.0);
                    slot.1 += 1;
                }
                counts
            }
        };
        counts.calls += 1;
        counts.answered += u64::from(answered);
        if let Ok(o) = Observation::timestamp_difference(ring_s) {
            counts.ring.add(o);
        }
        let talk = agent.and_then(|a| a.interaction_s).filter(|_| answered);
        if let Some(Ok(o)) = talk.map(Observation::rounded_seconds) {
            counts.talk.add(o);
        }
    }

    /// The counts per routing profile, the calls with no agent put on the
    /// profile that placed most named calls through their queue; cut to
    /// `period`.
    pub fn finish(self, period: &Period) -> OutboundCounts {
        let queue_profiles = self.queue_profiles.into_sorted();
        let mut profiles = self.profiles.into_sorted();
        let mut out = OutboundCounts::default();
        // Each profile's own most used queue (ties: the first by name).
        let mut best: BTreeMap<&str, (u64, &str)> = BTreeMap::new();
        for (queue, by_profile) in &queue_profiles {
            for (p, &n) in by_profile {
                let b = best.entry(p).or_insert((0, ""));
                if n > b.0 && !queue.is_empty() {
                    *b = (n, queue);
                }
            }
        }
        for (p, (_, queue)) in best {
            if !queue.is_empty() {
                out.outbound_queue.insert(p.to_string(), queue.to_string());
            }
        }
        for (queue, unnamed) in self.unnamed.into_sorted() {
            let Some(p) = queue_profiles.get(&queue).and_then(most_common) else {
                out.unattributed += unnamed.calls;
                continue;
            };
            let counts = profiles.entry(p.to_string()).or_default();
            counts.calls += unnamed.calls;
            counts.answered += unnamed.answered;
            unnamed.ring.observations().for_each(|o| counts.ring.add(o));
            unnamed.talk.observations().for_each(|o| counts.talk.add(o));
            let per = period.cut_from(&self.span, unnamed.ring_per_interval.clone());
            let acc = out
                .unnamed_per_interval
                .entry(p.to_string())
                .or_insert_with(|| vec![(0.0, 0); period.intervals]);
            for (a, b) in acc.iter_mut().zip(per) {
                a.0 += b.0;
                a.1 += b.1;
            }
        }
        out.profiles = profiles;
        out
    }
}

/// The most common name (ties: the first by name).
fn most_common(counts: &BTreeMap<String, u64>) -> Option<&str> {
    let best = counts.values().max()?;
    counts
        .iter()
        .find(|(_, n)| *n == best)
        .map(|(p, _)| p.as_str())
}

/// A rate with its 95 % interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rate {
    /// The estimate.
    pub value: f64,
    /// Its 95 % interval.
    pub ci95: (f64, f64),
}

/// The outbound behaviour of one routing profile's agents.
#[derive(Debug, Clone)]
pub struct OutboundEstimate {
    /// Calls placed (with or without an agent named).
    pub calls: u64,
    /// Of those, answered.
    pub answered: u64,
    /// Free agent-hours the calls were placed in.
    pub free_agent_hours: f64,
    /// Agent-hours on shift (headcount × interval).
    pub agent_hours: f64,
    /// Calls per free agent-hour: Poisson score interval on the count, the
    /// free hours taken as known.
    pub calls_per_hour: Rate,
    /// `answered / calls`, Wilson interval.
    pub answer_rate: Rate,
    /// Ring time.
    pub ring: Option<Estimated>,
    /// Talk of answered calls.
    pub talk: Option<Estimated>,
    /// The outbound queue most of its calls went through.
    pub outbound_queue: Option<String>,
}

/// The agent-time of one profile over a period, in the form the rate needs.
pub struct AgentTime<'a> {
    /// Agents per interval (roster, or the activity lower bound).
    pub headcount: &'a [u32],
    /// Agent-seconds busy with any work, per interval.
    pub busy_s: &'a [f64],
    /// Mean after-contact work of the profile, seconds (for calls with no
    /// agent named, whose ACW is not in the agents' work).
    pub acw_mean_s: f64,
    /// Interval length, seconds.
    pub interval_s: f64,
}

/// Estimates one profile's outbound behaviour.
pub fn estimate_profile(
    counts: &CallCounts,
    unnamed: Option<&[(f64, u64)]>,
    time: &AgentTime,
    outbound_queue: Option<String>,
) -> OutboundEstimate {
    let (mut free_s, mut on_shift_s) = (0.0, 0.0);
    for (i, &h) in time.headcount.iter().enumerate() {
        let shift = f64::from(h) * time.interval_s;
        let mut busy = time.busy_s.get(i).copied().unwrap_or(0.0);
        if let Some((ring, n)) = unnamed.and_then(|u| u.get(i)) {
            busy += ring + *n as f64 * time.acw_mean_s;
        }
        // Work after the shift (a contact finished late) frees no time.
        free_s += (shift - busy).max(0.0);
        on_shift_s += shift;
    }
    let hours = free_s / 3600.0;
    let (lo, hi) = poisson_score(counts.calls);
    let per_hour = |x: f64| if hours > 0.0 { x / hours } else { 0.0 };
    let (alo, ahi) = wilson(counts.answered, counts.calls);
    OutboundEstimate {
        calls: counts.calls,
        answered: counts.answered,
        free_agent_hours: hours,
        agent_hours: on_shift_s / 3600.0,
        calls_per_hour: Rate {
            value: per_hour(counts.calls as f64),
            ci95: (per_hour(lo), per_hour(hi)),
        },
        answer_rate: Rate {
            value: ratio(counts.answered, counts.calls),
            ci95: (alo, ahi),
        },
        ring: estimate(&counts.ring),
        talk: estimate(&counts.talk),
        outbound_queue,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::ObservedContact;

    #[test]
    fn the_rate_is_calls_over_free_agent_time() {
        let counts = CallCounts {
            calls: 100,
            answered: 40,
            ..CallCounts::default()
        };
        // Two agents for two hours: 4 agent-hours, 1 busy, and 10 calls
        // with no agent named in the second hour (10 s ring + 80 s ACW
        // each = 900 s).
        let busy = [1800.0, 1800.0];
        let unnamed = [(0.0, 0), (100.0, 10)];
        let time = AgentTime {
            headcount: &[2, 2],
            busy_s: &busy,
            acw_mean_s: 80.0,
            interval_s: 3600.0,
        };
        let e = estimate_profile(&counts, Some(&unnamed), &time, None);
        assert_eq!(e.free_agent_hours, 2.75);
        assert!((e.calls_per_hour.value - 100.0 / 2.75).abs() < 1e-12);
        assert!(e.calls_per_hour.ci95.0 < e.calls_per_hour.value);
        assert!(e.calls_per_hour.ci95.1 > e.calls_per_hour.value);
        assert_eq!(e.answer_rate.value, 0.4);
    }

    fn call(profile: Option<&str>, queue: &str, answered: bool) -> ObservedContact {
        use crate::calibrate::test_contacts::{agent, contact, dial_reason, queue as in_queue};
        ObservedContact {
            initiated_ms: 1_000,
            connected_to_system_ms: answered.then_some(21_000),
            disconnected_ms: 200_000,
            disconnect_reason: dial_reason(answered),
            last_update_ms: 200_000,
            queue: Some(in_queue(queue, None, None, Some(0.0))),
            agent: profile.map(|p| agent(&format!("{p}.0"), p, 25_000, 175.0)),
            agent_connection_attempts: Some(1),
            ..contact("", "OUTBOUND", "VOICE")
        }
    }

    #[test]
    fn calls_naming_no_agent_go_to_the_profile_that_used_their_queue_most() {
        let span = Period {
            start_ms: 0,
            interval_ms: 3_600_000,
            intervals: 1,
        };
        let mut counter = OutboundCounter::new(span);
        let calls = [
            (Some("a"), "q1", true),
            (Some("b"), "q1", true),
            (Some("b"), "q1", true),
            (Some("a"), "q2", true),
            (Some("a"), "q2", true),
            (None, "q1", false),
            (None, "q3", false),
        ];
        for (p, q, answered) in calls {
            counter.add(&call(p, q, answered));
        }
        let out = counter.finish(&span);
        // a's own most used queue is q2, though b used q1 more.
        assert_eq!(out.outbound_queue["a"], "q2");
        assert_eq!(out.outbound_queue["b"], "q1");
        // The unanswered call through q1 is b's; q3's is nobody's.
        assert_eq!(
            (out.profiles["b"].calls, out.profiles["b"].answered),
            (3, 2)
        );
        assert_eq!(out.profiles["a"].calls, 3);
        assert_eq!(out.unattributed, 1);
        assert_eq!(out.unnamed_per_interval["b"], [(199.0, 1)]);
        // Ring: 20 s answered, 199 s not; talk of the answered only.
        assert_eq!(out.profiles["b"].ring.observed_weight(), 3.0);
        assert_eq!(out.profiles["b"].talk.observed_weight(), 2.0);
    }

    #[test]
    fn the_score_interval_covers_the_count() {
        // n = 100: about 100 ± 19.6 (shifted by z²/2).
        let (lo, hi) = poisson_score(100);
        assert!(
            (lo - 82.2).abs() < 0.1 && (hi - 121.6).abs() < 0.1,
            "{lo} {hi}"
        );
    }
}
