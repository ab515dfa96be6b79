//! The observations each estimate is fitted to, gathered one contact at a
//! time: per queue and entry the inbound-flow (IVR) time, talk, holds and
//! patience; per routing profile the after-contact work. A sample is
//! binned, so it grows with the distinct values, not with the contacts,
//! and the same contacts in any order give the same sample.
//!
//! Connect writes durations as whole seconds and timestamps truncated to
//! the second; each value enters its sample as what it is (a rounded
//! duration, or a difference of truncated timestamps — an interval around
//! the recorded value), so the fits carry no rounding bias. Patience is
//! censored: a customer who hung up in the queue shows their patience; one
//! who was answered (or moved on) shows only that it exceeded the wait.

use std::collections::BTreeMap;

use crate::ingest::ObservedContact;

use super::fit::{Observation, Sample, SampleError};
use super::keyed::Keyed;
use super::streams::{entry_of, queue_of, turned_away, unanswered_dial, Entry};

/// The samples of one arrival stream (queue × entry).
#[derive(Debug, Default, Clone)]
pub struct StreamSamples {
    /// Talk (Agent.AgentInteractionDuration) of answered contacts that
    /// were not transferred on.
    pub talk: Sample,
    /// Holds per answered contact (Agent.NumberOfHolds), summed.
    pub hold_count_sum: f64,
    /// Answered contacts the hold count was read from.
    pub hold_contacts: u64,
    /// Duration of single holds (contacts with exactly one hold).
    pub hold: Sample,
    /// Patience: abandoned waits observed, other waits censored.
    pub patience: Sample,
    /// Time in the inbound flow of the contacts queued here: each queue's
    /// own (one behind an IVR, another dialled straight through).
    pub flow: Sample,
    /// (Tasks) each answered task's work and pauses.
    pub pauses: super::task_pause::TaskPauses,
}

/// Every sample, by what it is of.
#[derive(Debug, Default)]
pub struct Samples {
    /// Per queue and entry.
    pub streams: BTreeMap<(String, Entry), StreamSamples>,
    /// Inbound-flow time per entry: connection to the system (initiation
    /// but for a dialled or scheduled contact) to queue (or to disconnect
    /// for a self-served contact).
    pub ivr: BTreeMap<Entry, Sample>,
    /// Initiation to connection per entry, where they differ: an API
    /// voice call's ring (answered or not), a scheduled task's delay.
    pub start_delay: BTreeMap<Entry, Sample>,
    /// After-contact work per routing profile.
    pub acw: BTreeMap<String, Sample>,
    /// Talk of the agent-transfer contacts (TRANSFER) answered in each
    /// queue: the talk after a transfer, with the destination's agent.
    pub transfer_talk: BTreeMap<String, Sample>,
    /// Talk of the callbacks (CALLBACK contacts) answered in each queue:
    /// the conversation once the customer picks up.
    pub callback_talk: BTreeMap<String, Sample>,
    /// The patience of transferred callers (TRANSFER contacts) in each
    /// destination queue, where they wait on hold: abandoned waits
    /// observed, answered ones censored.
    pub transfer_patience: BTreeMap<String, Sample>,
    /// After-contact work per routing profile and channel (the scenario's
    /// per-channel key: voice, chat, task, email).
    pub acw_by_channel: BTreeMap<String, BTreeMap<&'static str, Sample>>,
    /// Values that could not enter a sample (negative or not finite), by
    /// what they were.
    pub rejected: BTreeMap<&'static str, u64>,
}

/// The scenario's per-channel key of a Connect channel, for the channels a
/// group's after-contact work can be set for.
fn acw_channel(channel: &str) -> Option<&'static str> {
    match channel {
        "VOICE" => Some("voice"),
        "CHAT" => Some("chat"),
        "TASK" => Some("task"),
        "EMAIL" => Some("email"),
        _ => None,
    }
}

/// What a queued contact's wait shows of its patience: the patience
/// itself when it abandoned, else a lower bound; `None` when it has no
/// wait.
fn patience_shown(c: &ObservedContact) -> Option<Result<Observation, SampleError>> {
    let w = c.queue_wait_s()?;
    Some(if c.abandoned_in_queue() {
        Observation::rounded_seconds(w)
    } else {
        // Answered or moved on: patience exceeded the wait. The recorded
        // wait is the true one rounded, so it is on average the true one:
        // censoring at its lower end (w − ½) took half a second of
        // exposure from every answered contact, which read patience about
        // 1.5 % short (a probe: 60 simulated centers, t = −5.5).
        Observation::right_censored(w)
    })
}

/// Samples gathered one contact at a time.
#[derive(Debug, Default)]
pub struct SampleGatherer {
    streams: Keyed<BTreeMap<Entry, StreamSamples>>,
    ivr: BTreeMap<Entry, Sample>,
    start_delay: BTreeMap<Entry, Sample>,
    acw: Keyed<Sample>,
    transfer_talk: Keyed<Sample>,
    callback_talk: Keyed<Sample>,
    transfer_patience: Keyed<Sample>,
    acw_by_channel: Keyed<BTreeMap<&'static str, Sample>>,
    rejected: BTreeMap<&'static str, u64>,
}

/// The talk of a transfer or callback contact an agent conversed on,
/// seconds: what the transfer rule's `talk_after`, or the callback offer's
/// `talk`, is read from.
pub fn follow_up_talk_s(c: &ObservedContact) -> Option<f64> {
    if !matches!(c.method.as_str(), "TRANSFER" | "CALLBACK") {
        return None;
    }
    // A callback nobody picked up may still name the agent who dialled
    // it: its time was the ring, not a conversation (the answer rate
    // counts it unanswered too).
    if !c.answered() || (c.method == "CALLBACK" && c.dial_unanswered()) {
        return None;
    }
    // A transferred caller's leg has no holds of its own in the model:
    // the destination agent's holds go into its talk, so that the leg
    // holds the agent as long (a probe: AHT 2 s short).
    c.agent.as_ref().and_then(|a| {
        let hold = if c.method == "TRANSFER" {
            a.hold_s
        } else {
            None
        };
        a.interaction_s.map(|t| t + hold.unwrap_or(0.0))
    })
}

impl SampleGatherer {
    /// Adds what `c` shows. The talk of a leg (a queued contact naming a
    /// next contact) waits: an agent may have transferred it on, which
    /// only the next contact tells — [`SampleGatherer::add_talk`] adds it
    /// after the join.
    pub fn add(&mut self, c: &ObservedContact, leg: bool) {
        // An inbound email that led on to its reply hands its slot to the
        // reply, which does the after-contact work: its own (zero) is none.
        let handed_on = c.channel == "EMAIL" && leg && entry_of(c).is_some();
        // A campaign's call does its after-contact work by the campaign's
        // rule, not by its group's (`super::campaigns`).
        let campaign = super::streams::is_campaign_call(c);
        if let Some(a) = c.agent.as_ref().filter(|_| !handed_on && !campaign) {
            if let (Some(p), Some(acw)) = (&a.routing_profile, a.acw_s) {
                if let Some(o) = self.check("after-contact work", Observation::rounded_seconds(acw))
                {
                    self.acw.slot(p).add(o);
                    if let Some(ch) = acw_channel(&c.channel) {
                        self.acw_by_channel.slot(p).entry(ch).or_default().add(o);
                    }
                }
            }
        }
        if let (true, Some(q), Some(o)) = (c.method == "TRANSFER", queue_of(c), patience_shown(c)) {
            if let Some(o) = self.check("patience", o) {
                self.transfer_patience.slot(q).add(o);
            }
        }
        if let Some(talk) = follow_up_talk_s(c) {
            if let Some(q) = queue_of(c) {
                if let Some(o) = self.check("talk", Observation::rounded_seconds(talk)) {
                    let by_queue = if c.method == "TRANSFER" {
                        &mut self.transfer_talk
                    } else {
                        &mut self.callback_talk
                    };
                    by_queue.slot(q).add(o);
                }
            }
        }
        let Some(entry) = entry_of(c) else { return };
        self.start_delay(c, entry);
        if unanswered_dial(c, entry) || turned_away(c) {
            // Never in the flow.
            return;
        }
        self.ivr(c, entry);
        if let Some(q) = queue_of(c) {
            self.stream(c, q, entry, leg);
        }
    }

    /// Adds the talk of a leg that was not transferred on.
    pub fn add_talk(&mut self, queue: &str, entry: Entry, talk_s: f64) {
        if let Some(o) = self.check("talk", Observation::rounded_seconds(talk_s)) {
            self.stream_of(queue, entry).talk.add(o);
        }
    }

    /// Everything gathered.
    pub fn finish(self) -> Samples {
        let mut streams = BTreeMap::new();
        for (q, per_entry) in self.streams.into_sorted() {
            for (e, s) in per_entry {
                streams.insert((q.clone(), e), s);
            }
        }
        Samples {
            streams,
            ivr: self.ivr,
            start_delay: self.start_delay,
            acw: self.acw.into_sorted(),
            transfer_talk: self.transfer_talk.into_sorted(),
            callback_talk: self.callback_talk.into_sorted(),
            transfer_patience: self.transfer_patience.into_sorted(),
            acw_by_channel: self.acw_by_channel.into_sorted(),
            rejected: self.rejected,
        }
    }

    /// The observation, or `None` counted as rejected.
    fn check(
        &mut self,
        what: &'static str,
        o: Result<Observation, impl std::error::Error>,
    ) -> Option<Observation> {
        if o.is_err() {
            *self.rejected.entry(what).or_insert(0) += 1;
        }
        o.ok()
    }

    fn stream_of(&mut self, queue: &str, entry: Entry) -> &mut StreamSamples {
        self.streams.slot(queue).entry(entry).or_default()
    }

    /// The time from initiation to connection of an API voice call (its
    /// ring, answered or not) or a task (its scheduled delay).
    fn start_delay(&mut self, c: &ObservedContact, entry: Entry) {
        let end = match (entry, c.connected_to_system_ms) {
            (Entry::ApiVoice | Entry::Task, Some(t)) => t,
            (Entry::ApiVoice, None) if unanswered_dial(c, entry) => c.disconnected_ms,
            _ => return,
        };
        let d = (end - c.initiated_ms) as f64 / 1000.0;
        if let Some(o) = self.check(
            "ring or scheduled delay",
            Observation::timestamp_difference(d),
        ) {
            self.start_delay.entry(entry).or_default().add(o);
        }
    }

    /// The inbound-flow time of an entry contact.
    fn ivr(&mut self, c: &ObservedContact, entry: Entry) {
        let end = match c.queue.as_ref().and_then(|q| q.enqueued_ms) {
            Some(t) => t,
            // Never queued, never answered: the flow was all of it.
            None if c.agent.is_none() => c.disconnected_ms,
            None => return,
        };
        let start = c.connected_to_system_ms.unwrap_or(c.initiated_ms);
        let d = (end - start) as f64 / 1000.0;
        if let Some(o) = self.check("inbound-flow time", Observation::timestamp_difference(d)) {
            self.ivr.entry(entry).or_default().add(o);
            if let (Some(q), true) = (
                queue_of(c),
                c.queue.as_ref().is_some_and(|q| q.enqueued_ms.is_some()),
            ) {
                self.stream_of(q, entry).flow.add(o);
            }
        }
    }

    /// Talk and holds (unless `leg`: they wait for the join) and patience of a
    /// queued entry contact.
    fn stream(&mut self, c: &ObservedContact, queue: &str, entry: Entry, leg: bool) {
        if let Some(o) = patience_shown(c).and_then(|p| self.check("patience", p)) {
            self.stream_of(queue, entry).patience.add(o);
        }
        let Some(a) = c.agent.as_ref().filter(|_| c.answered()) else {
            return;
        };
        if let (Some(talk), false) = (a.interaction_s, leg) {
            self.add_talk(queue, entry, talk);
        }
        if let (Some(n), false) = (a.holds, leg) {
            self.add_holds(queue, entry, n, a.hold_s);
        }
        // Only a source's own task pauses (its records carry the counts).
        // Pause time beyond the task's own life (initiation to disconnect)
        // is a broken record: its pauses are not read.
        let life_s = (c.disconnected_ms - c.initiated_ms) as f64 / 1000.0;
        let pause_s = c.pause_s.unwrap_or(0.0);
        if let (Entry::Task, Some(n), Some(work), false, true) = (
            entry,
            c.pauses,
            a.interaction_s,
            leg,
            pause_s <= life_s + 1.0,
        ) {
            self.stream_of(queue, entry).pauses.add(work, n, pause_s);
        }
    }

    /// Adds the holds of an answered contact (a leg's after the join: the
    /// customer of a transferred leg waits on hold during the transfer,
    /// which is not a hold of the conversation).
    pub fn add_holds(&mut self, queue: &str, entry: Entry, n: u32, hold_s: Option<f64>) {
        let hold = (n == 1).then_some(hold_s).flatten();
        let hold = hold.and_then(|h| self.check("hold", Observation::rounded_seconds(h)));
        let st = self.stream_of(queue, entry);
        st.hold_count_sum += f64::from(n);
        st.hold_contacts += 1;
        if let Some(o) = hold {
            st.hold.add(o);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calibrate::fit::{fit, Family, Kind};
    use crate::calibrate::test_contacts::{contact, queue};

    /// A contact that waited `wait_s` (recorded, whole seconds) in queue
    /// Q, then was answered or hung up.
    fn waited(id: usize, wait_s: f64, abandoned: bool) -> ObservedContact {
        let ms = (wait_s * 1000.0) as i64;
        let mut c = ObservedContact {
            disconnected_ms: ms,
            disconnect_reason: Some("CUSTOMER_DISCONNECT".into()),
            queue: Some(queue("Q", Some(0), Some(ms), Some(wait_s))),
            ..contact(&format!("c{id}"), "INBOUND", "VOICE")
        };
        if !abandoned {
            c.agent = Some(crate::calibrate::test_contacts::agent("a", "P", ms, 60.0));
        }
        c
    }

    /// An answered contact shows patience above its recorded wait, not
    /// above the wait's lower end: the exponential fit of 900 answered
    /// contacts (20 s) and 100 abandoned ones (50–70 s) is the total wait
    /// over the abandons (the exponential's MLE), about 240 s — censoring
    /// at w − ½ read 4.5 s less.
    #[test]
    fn answered_waits_censor_patience_at_the_recorded_wait() {
        let mut sample = Sample::new();
        let mut total = 0.0;
        for i in 0..1000 {
            let (wait, abandoned) = if i < 900 {
                (20.0, false)
            } else {
                (50.0 + (i % 21) as f64, true)
            };
            total += wait;
            let c = waited(i, wait, abandoned);
            let o = patience_shown(&c)
                .unwrap_or_else(|| panic!("a queued contact"))
                .unwrap_or_else(|e| panic!("{e}"));
            if !abandoned {
                assert_eq!((o.kind, o.recorded), (Kind::RightCensored, 20.0));
            }
            sample.add(o);
        }
        let mle = total / 100.0;
        assert!((mle - 240.0).abs() < 1.0, "{mle}");
        let f = fit(Family::Exponential, &sample).unwrap_or_else(|e| panic!("{e}"));
        // The rounded events' interval likelihood moves the estimate by
        // far less than a second here; the old rule was 4.5 s short.
        assert!((f.mean.value - mle).abs() < 0.5, "{}", f.mean.value);
    }

    /// A fuzz find: a callback nobody picked up, written with the agent who
    /// dialled it (20 s of ring as its interaction), went into the
    /// callback's talk, while the answer rate counted it unanswered. Only
    /// the answered one is talk now.
    #[test]
    fn an_unanswered_callback_s_ring_is_not_talk() {
        let callback = |id: &str, reason: &str, talk: f64| ObservedContact {
            disconnect_reason: Some(reason.into()),
            queue: Some(queue("CB", Some(0), Some(1000), Some(1.0))),
            agent: Some(crate::calibrate::test_contacts::agent("a", "P", 1000, talk)),
            ..contact(id, "CALLBACK", "VOICE")
        };
        let mut g = SampleGatherer::default();
        g.add(&callback("answered", "CUSTOMER_DISCONNECT", 180.0), false);
        g.add(&callback("rang", "TELECOM_UNANSWERED", 20.0), false);
        let talk = &g.finish().callback_talk["CB"];
        assert_eq!(talk.observed_weight(), 1.0);
        assert!(talk.observations().all(|o| o.recorded == 180.0));
    }

    /// A probe's find: the transferred leg runs with no holds in the model,
    /// so its agent's holds (30 s here) go into the leg's talk; a
    /// callback's talk is its conversation as recorded.
    #[test]
    fn a_transferred_leg_s_holds_are_in_its_talk() {
        let leg = |id: &str, method: &str| {
            let mut a = crate::calibrate::test_contacts::agent("a", "P", 1000, 100.0);
            a.hold_s = Some(30.0);
            ObservedContact {
                queue: Some(queue("Q", Some(0), Some(1000), Some(1.0))),
                agent: Some(a),
                ..contact(id, method, "VOICE")
            }
        };
        let mut g = SampleGatherer::default();
        g.add(&leg("t", "TRANSFER"), false);
        g.add(&leg("c", "CALLBACK"), false);
        let s = g.finish();
        assert!(s.transfer_talk["Q"]
            .observations()
            .all(|o| o.recorded == 130.0));
        assert!(s.callback_talk["Q"]
            .observations()
            .all(|o| o.recorded == 100.0));
    }
}
