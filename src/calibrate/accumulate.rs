//! Everything a calibration counts, gathered one contact at a time — so a
//! million contacts stream through without being held: arrivals, samples,
//! follow-ups, routing, agent activity, and the joins between a contact
//! and the one that followed it (or the email reply or flow email it
//! led to). Nothing counted depends on the order the
//! contacts come in: counts and binned samples are sums of whole numbers,
//! and the joins wait until every contact is seen.
//!
//! The period is known only at the end (the earliest and latest
//! initiation); per-interval counts are kept over a span given up front
//! that covers every contact (the first reading of the files finds one)
//! and cut to the period at the end.

use std::collections::{BTreeMap, BTreeSet};

use crate::ingest::ObservedContact;

use super::agent_work::{AgentWork, AgentWorkCounter};
use super::arrivals::{ArrivalCounter, Arrivals};
use super::campaigns::{CampaignCalls, CampaignCounter};
use super::chains::{Chains, FollowMethod};
use super::email::{EmailCounter, EmailCounts};
use super::external::{ExternalCounter, ExternalCounts};
use super::headcount::{ActivityCounter, Headcounts};
use super::keyed::Keyed;
use super::outbound::{OutboundCounter, OutboundCounts};
use super::period::Period;
use super::priority::{PassedOver, PriorityCounter};
use super::rates::{FollowUpCounter, FollowUps};
use super::samples::{SampleGatherer, Samples};
use super::streams::{is_campaign_call, queue_of};
use super::warnings::DataWarning;

/// What the contacts showed, ready to estimate from.
#[derive(Debug)]
pub struct Counted {
    /// The whole intervals covering every contact's initiation.
    pub period: Period,
    /// Arrivals per stream and interval.
    pub arrivals: Arrivals,
    /// The samples the distributions are fitted to.
    pub samples: Samples,
    /// Transfers, queue transfers and callbacks.
    pub follow_ups: FollowUps,
    /// The queues each routing profile's agents answered.
    pub routing: BTreeMap<String, BTreeSet<String>>,
    /// Agents seen working per routing profile and interval (a lower
    /// bound of the headcount).
    pub activity: Headcounts,
    /// Agent-initiated outbound calls.
    pub outbound: OutboundCounts,
    /// Outbound campaigns' calls, by campaign id.
    pub campaigns: BTreeMap<String, CampaignCalls>,
    /// What the agents' work in time order showed: accept lags,
    /// concurrency, busy time.
    pub agent_work: AgentWork,
    /// Email replies and flow emails, joined to their contacts.
    pub email: EmailCounts,
    /// Per profile, pickups of one queue while another held waiters.
    pub passed_over: PassedOver,
    /// Per routing profile, the queues it takes with a delay.
    pub delays: super::routing_delay::Delays,
    /// Per routing profile, its callers' waiting moments and its agents
    /// busy then.
    pub waiting: BTreeMap<String, super::availability::Waiting>,
    /// Per queue, the external parties its voice conversations added.
    pub external: ExternalCounts,
    /// Per routing profile, its agents' voice offers and misses.
    pub voice_misses: BTreeMap<String, super::missed::OfferMisses>,
    /// Per routing profile and channel (CHAT, TASK, EMAIL), its agents'
    /// offers and misses.
    pub channel_misses: BTreeMap<String, BTreeMap<&'static str, super::missed::OfferMisses>>,
    /// What was found wrong with the contacts and left out.
    pub warnings: Vec<DataWarning>,
}

/// The counters, fed one contact at a time.
#[derive(Debug)]
pub struct Accumulator {
    span: Period,
    initiated: Option<(i64, i64)>,
    outside_span: u64,
    arrivals: ArrivalCounter,
    samples: SampleGatherer,
    follow_ups: FollowUpCounter,
    routing: Keyed<BTreeSet<String>>,
    activity: ActivityCounter,
    chains: Chains,
    outbound: OutboundCounter,
    campaigns: CampaignCounter,
    agent_work: AgentWorkCounter,
    email: EmailCounter,
    priority: PriorityCounter,
    missed: super::missed::MissedOffers,
    external: ExternalCounter,
}

/// Contacts were given that the span does not cover.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("{0} contacts initiated outside the span the counts were kept over")]
pub struct OutsideSpan(pub u64);

impl Accumulator {
    /// Counters over `span`, which must cover every contact's initiation.
    pub fn new(span: Period) -> Self {
        Accumulator {
            span,
            initiated: None,
            outside_span: 0,
            arrivals: ArrivalCounter::new(span),
            samples: SampleGatherer::default(),
            follow_ups: FollowUpCounter::default(),
            routing: Keyed::default(),
            activity: ActivityCounter::new(span),
            chains: Chains::default(),
            outbound: OutboundCounter::new(span),
            campaigns: CampaignCounter::default(),
            agent_work: AgentWorkCounter::new(span),
            email: EmailCounter::default(),
            priority: PriorityCounter::new(span),
            missed: Default::default(),
            external: ExternalCounter::default(),
        }
    }

    /// Counts one contact (one outside the span is refused by
    /// [`Accumulator::finish`]).
    pub fn add(&mut self, c: &ObservedContact) {
        let t = c.initiated_ms;
        if self.span.index(t).is_none() {
            self.outside_span += 1;
            return;
        }
        self.initiated = Some(self.initiated.map_or((t, t), |(a, b)| (a.min(t), b.max(t))));
        self.arrivals.add(c);
        let leg = self.chains.add(c);
        self.samples.add(c, leg);
        self.follow_ups.add(c);
        self.activity.add(c);
        self.outbound.add(c);
        self.campaigns.add(c);
        self.agent_work.add(c);
        self.email.add(c);
        self.priority.add(c);
        self.missed.add(c);
        self.external.add(c, queue_of(c));
        let profile = c.agent.as_ref().and_then(|a| a.routing_profile.as_deref());
        if let (Some(p), true) = (profile, c.method == "OUTBOUND" || is_campaign_call(c)) {
            // A profile whose agents only dial out is an agent group too.
            self.routing.slot(p);
        }
        // An agent's own queue is not one a profile serves (the scenario
        // gives each group its agent queue).
        let own_queue = c.queue.as_ref().is_some_and(|q| q.agent_queue_of.is_some());
        if let (Some(q), Some(p), true, false) = (queue_of(c), profile, c.answered(), own_queue) {
            let queues = self.routing.slot(p);
            if !queues.contains(q) {
                queues.insert(q.to_string());
            }
        }
    }

    /// Joins the legs to their next contacts and cuts the counts to the
    /// period; `Ok(None)` without contacts.
    pub fn finish(mut self) -> Result<Option<Counted>, OutsideSpan> {
        if self.outside_span > 0 {
            return Err(OutsideSpan(self.outside_span));
        }
        let Some((first, last)) = self.initiated else {
            return Ok(None);
        };
        let mut warnings: Vec<DataWarning> =
            self.chains.cut_impossible_links().into_iter().collect();
        self.follow_ups.set_retries(self.chains.callback_attempts());
        for j in self.chains.joined() {
            self.follow_ups.follow(&j);
            // A transfer to no queue (an external number) leaves the
            // center: the agent's talk is the contact's, as a contact's
            // that ends there (a probe's find: such legs were left out of
            // the talk fit, and counted as transfers no rule could write).
            let transferred = matches!(j.next, Some((FollowMethod::Transfer, q)) if !q.is_empty());
            if transferred && j.leg.voice_conversation {
                self.external.transferred(j.queue);
            }
            if let Some(x) = j.external {
                self.external.leg(j.queue, x);
            }
            if let (Some(entry), true, false) = (j.leg.entry, j.leg.answered, transferred) {
                if let Some(talk) = j.leg.talk_s {
                    // The external party's leg is added after this talk.
                    let talk = j
                        .external
                        .map_or(talk, |x| x.own_talk_s(talk, j.leg.disconnected_ms));
                    self.samples.add_talk(j.queue, entry, talk);
                }
                if let Some(n) = j.leg.holds {
                    self.samples.add_holds(j.queue, entry, n, j.leg.hold_s);
                }
            }
        }
        // On the span's own grid, aligned to local time.
        let period = Period::spanning_from(self.span.start_ms, first, last, self.span.interval_ms);
        let outbound = self.outbound.finish(&period);
        // Busy time is needed only where agents dial out.
        let agent_work = self
            .agent_work
            .finish(&period, &|p| outbound.profiles.contains_key(p));
        warnings.extend(super::agent_work::voice_overlap_warning(&agent_work));
        let starts = self.chains.starts();
        let read = self.priority.finish(&agent_work, &|id| starts.of(id));
        let waiting = super::availability::waiting(&super::availability::Inputs {
            period: &period,
            base_ms: self.span.start_ms.div_euclid(1000) * 1000,
            routing: &read.voice_routing,
            voice_waits: &read.voice_waits,
            floors: &read.floors,
            lag_s: &|q| agent_work.lag_of(q).map_or(0.0, |l| l.seconds),
            busy: &agent_work.agents_busy,
            channel_routing: &read.channel_routing,
            channel_waits: &read.channel_waits,
            slot_load: &agent_work.agents_slot_load,
            channel_lag_s: &|profile, channel, queue| {
                agent_work
                    .lag_for(profile, channel, queue)
                    .map_or(0.0, |l| l.seconds)
            },
        });
        let mut follow_ups = self.follow_ups.finish();
        for (q, f) in follow_ups.queues.iter_mut() {
            f.accept_lag = agent_work.lag_of(q);
        }
        warnings.extend(super::rates::partial_move_warning(&follow_ups));
        warnings.extend(self.missed.warning());
        Ok(Some(Counted {
            period,
            arrivals: self.arrivals.finish(&period),
            samples: self.samples.finish(),
            follow_ups,
            routing: self.routing.into_sorted(),
            activity: self.activity.finish(&period),
            outbound,
            campaigns: self.campaigns.finish(),
            agent_work,
            email: self.email.finish(),
            passed_over: read.passed_over,
            delays: read.delays,
            waiting,
            external: self.external.finish(),
            voice_misses: self.missed.voice(),
            channel_misses: self.missed.by_channel(),
            warnings,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calibrate::rates::CallbackAnswer;
    use crate::calibrate::streams::Entry;
    use crate::calibrate::test_contacts::{agent, contact, dial_reason, queue};

    /// What `contacts`, added in order over the first hour, count to.
    fn counted(contacts: &[ObservedContact]) -> Counted {
        let mut acc = Accumulator::new(Period::spanning(0, 3_600_000, 1_800_000));
        for c in contacts {
            acc.add(c);
        }
        acc.finish()
            .unwrap_or_else(|e| panic!("{e}"))
            .unwrap_or_else(|| panic!("contacts"))
    }

    /// A queued contact `id` of `method` in `queue_name`, initiated at
    /// `at_s`, queued `delay_s` later and taken (or dialled, unanswered
    /// when `answered` is false) 10 s after that, ended 60 s after that;
    /// naming `next`.
    fn queued(
        id: &str,
        method: &str,
        queue_name: &str,
        (at_s, delay_s): (i64, i64),
        answered: bool,
        next: Option<&str>,
    ) -> ObservedContact {
        let enqueued = (at_s + delay_s) * 1000;
        let taken = enqueued + 10_000;
        ObservedContact {
            initiated_ms: at_s * 1000,
            disconnected_ms: taken + 60_000,
            last_update_ms: taken + 60_000,
            disconnect_reason: dial_reason(answered),
            next_contact_id: next.map(str::to_string),
            queue: Some(queue(queue_name, Some(enqueued), Some(taken), Some(10.0))),
            agent: Some(agent(
                "a",
                "front",
                taken,
                if answered { 50.0 } else { 0.0 },
            )),
            ..contact(id, method, "VOICE")
        }
    }

    /// A transfer to no queue (an external number: a TRANSFER contact
    /// with neither queue nor agent) is where the contact leaves the
    /// center: counted apart, not as a transfer to a queue named "", and
    /// the agent's talk stays in the queue's talk (a probe's find: it was
    /// left out, and the report claimed a rule no scenario could hold).
    #[test]
    fn a_transfer_to_no_queue_is_the_contact_s_end() {
        let away = ObservedContact {
            initiated_ms: 200_000,
            disconnected_ms: 500_000,
            last_update_ms: 500_000,
            previous_contact_id: Some("in1".to_string()),
            ..contact("x1", "TRANSFER", "VOICE")
        };
        let contacts = [
            queued("in1", "INBOUND", "front", (0, 0), true, Some("x1")),
            away,
            queued("in2", "INBOUND", "front", (30, 0), true, None),
        ];
        let counted = counted(&contacts);
        let f = &counted.follow_ups.queues["front"];
        assert_eq!(f.transferred_away, 1);
        assert!(f.transferred_to.is_empty(), "{:?}", f.transferred_to);
        let talk = &counted.samples.streams[&("front".to_string(), Entry::InboundVoice)].talk;
        assert_eq!(talk.observed_weight(), 2.0);
    }

    /// Connect writes a contact per callback dial attempt, each unanswered
    /// one naming the next (a probe's find: the retries read as callers
    /// of the callbacks' queue choosing a callback, the callback dialled
    /// once). Two callbacks: one answered at its second attempt, queued
    /// 300 s after the first ended; one at its first.
    #[test]
    fn a_callback_written_a_contact_per_attempt_is_one_callback() {
        let contacts = [
            queued("in1", "INBOUND", "front", (0, 0), false, Some("cb1")),
            queued(
                "cb1",
                "CALLBACK",
                "callbacks",
                (100, 60),
                false,
                Some("cb1b"),
            ),
            // The first attempt ends at 100 + 60 + 10 + 60 = 230 s.
            queued("cb1b", "CALLBACK", "callbacks", (230, 300), true, None),
            queued("in2", "INBOUND", "front", (50, 0), false, Some("cb2")),
            queued("cb2", "CALLBACK", "callbacks", (150, 60), true, None),
        ];
        // In any order.
        let reversed: Vec<ObservedContact> = contacts.iter().rev().cloned().collect();
        let counted = counted(&reversed);
        let f = &counted.follow_ups;
        let cb = f.callbacks;
        assert_eq!((cb.contacts, cb.dialled, cb.answered), (3, 3, 2));
        assert_eq!(
            (cb.retries, cb.longest_chain, cb.callbacks_dialled()),
            (1, 2, 2)
        );
        assert_eq!(
            cb.answer(),
            Some(CallbackAnswer::PerAttempt {
                answered: 2,
                attempts: 3,
                max_attempts: 2
            })
        );
        // The customers of front chose two callbacks; nobody in the
        // callbacks' queue chose one.
        assert_eq!(f.queues["front"].callbacks_requested, 2);
        assert_eq!(f.queues["callbacks"].callbacks_requested, 0);
        // The initial delay from the first attempts only; the delay
        // between attempts from the first's end to the retry's queueing.
        assert_eq!(f.callback_delays, BTreeMap::from([(60, 2)]));
        assert_eq!(f.callback_retry_delay(), Some(300));
    }

    /// A retry that expired in its queue was never dialled, and two
    /// attempts naming one retry name one contact: neither is a dialled
    /// attempt more (a review's find: the links were counted, which made
    /// the callbacks dialled one low and the longest chain one long).
    #[test]
    fn only_dialled_retries_count_as_attempts() {
        let expired = |id: &str, at_s: i64| ObservedContact {
            initiated_ms: at_s * 1000,
            disconnected_ms: (at_s + 600) * 1000,
            last_update_ms: (at_s + 600) * 1000,
            disconnect_reason: Some("EXPIRED".to_string()),
            queue: Some(queue("callbacks", Some((at_s + 300) * 1000), None, None)),
            ..contact(id, "CALLBACK", "VOICE")
        };
        let contacts = [
            queued("in1", "INBOUND", "front", (0, 0), false, Some("cb1")),
            // Dialled twice, unanswered; the third attempt expired.
            queued(
                "cb1",
                "CALLBACK",
                "callbacks",
                (100, 60),
                false,
                Some("cb1b"),
            ),
            queued(
                "cb1b",
                "CALLBACK",
                "callbacks",
                (230, 300),
                false,
                Some("cb1c"),
            ),
            expired("cb1c", 600),
            // Two unanswered attempts naming one answered retry.
            queued("in2", "INBOUND", "front", (50, 0), false, Some("cb2")),
            queued(
                "cb2",
                "CALLBACK",
                "callbacks",
                (150, 60),
                false,
                Some("cb2b"),
            ),
            queued(
                "cb2x",
                "CALLBACK",
                "callbacks",
                (160, 60),
                false,
                Some("cb2b"),
            ),
            queued("cb2b", "CALLBACK", "callbacks", (300, 300), true, None),
        ];
        let counted = counted(&contacts);
        let cb = counted.follow_ups.callbacks;
        // Dialled: cb1, cb1b, cb2, cb2x, cb2b; later attempts among them:
        // cb1b and cb2b (once).
        assert_eq!((cb.contacts, cb.dialled, cb.answered), (6, 5, 1));
        assert_eq!(
            (cb.retries, cb.longest_chain, cb.callbacks_dialled()),
            (2, 2, 3)
        );
    }
}
