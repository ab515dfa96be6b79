//! A typed contact record ([`super::ctr::RawRecord`]) checked and turned
//! into an [`ObservedContact`]: timestamps parsed (a bad one names its field
//! path), timestamps checked against the contact's life (a disconnect
//! before the initiation, a dequeue before the enqueue… name both fields),
//! durations checked non-negative.
//!
//! An empty string counts as an absent value (CSV-to-JSON tools write `""`
//! for a null). Channel and initiation method are upper-cased, as Connect
//! writes them.

use super::contact::{ObservedAgent, ObservedContact, ObservedQueue};
use super::ctr::{RawAgent, RawQueue, RawRecord, Text};
use super::error::RecordProblem;
use super::keys::MAX_SPAN_DAYS;
use super::timestamp::{parse_instant, within_years};

/// What one JSON object turned out to be.
#[derive(Debug, Clone, PartialEq)]
pub enum Converted {
    /// A finished contact's record.
    Contact(Box<ObservedContact>),
    /// A record without `DisconnectTimestamp`: kept only to take part in
    /// deduplication (a later, finished version supersedes it).
    InProgress {
        /// `ContactId`.
        contact_id: String,
        /// `LastUpdateTimestamp` (else the initiation).
        last_update_ms: i64,
    },
    /// An object without `ContactId`.
    NotAContact,
}

/// A timestamp field: its path, text and instant.
#[derive(Clone, Copy)]
struct Stamp<'t> {
    field: &'static str,
    text: &'t str,
    ms: i64,
}

impl Stamp<'_> {
    /// How much later than `ms` the instant may have been: the part of a
    /// second its digits leave out (999 ms for whole seconds, 99 for
    /// tenths, none for milliseconds).
    fn cut_ms(&self) -> i64 {
        // The date and the zone hold no '.' or ','; a fraction follows one.
        let digits = self.text.rfind(['.', ',']).map_or(0, |at| {
            self.text[at + 1..]
                .bytes()
                .take_while(u8::is_ascii_digit)
                .count()
        });
        10i64.pow(3u32.saturating_sub(digits as u32)) - 1
    }
}

/// Every timestamp of a record, parsed.
struct Stamps<'t> {
    initiated: Stamp<'t>,
    connected_to_system: Option<Stamp<'t>>,
    disconnected: Option<Stamp<'t>>,
    last_update: Option<Stamp<'t>>,
    transfer_completed: Option<Stamp<'t>>,
    enqueued: Option<Stamp<'t>>,
    dequeued: Option<Stamp<'t>>,
    agent_connected: Option<Stamp<'t>>,
    acw_start: Option<Stamp<'t>>,
    acw_end: Option<Stamp<'t>>,
}

impl<'t> Stamps<'t> {
    fn read(raw: &'t RawRecord<'_>) -> Result<Stamps<'t>, RecordProblem> {
        let q = raw.queue.as_ref();
        let a = raw.agent.as_ref();
        Ok(Stamps {
            initiated: required_stamp("InitiationTimestamp", &raw.initiation_timestamp)?,
            connected_to_system: stamp(
                "ConnectedToSystemTimestamp",
                &raw.connected_to_system_timestamp,
            )?,
            disconnected: stamp("DisconnectTimestamp", &raw.disconnect_timestamp)?,
            last_update: stamp("LastUpdateTimestamp", &raw.last_update_timestamp)?,
            transfer_completed: stamp(
                "TransferCompletedTimestamp",
                &raw.transfer_completed_timestamp,
            )?,
            enqueued: stamp_in("Queue.EnqueueTimestamp", q.map(|q| &q.enqueue_timestamp))?,
            dequeued: stamp_in("Queue.DequeueTimestamp", q.map(|q| &q.dequeue_timestamp))?,
            agent_connected: stamp_in(
                "Agent.ConnectedToAgentTimestamp",
                a.map(|a| &a.connected_to_agent_timestamp),
            )?,
            acw_start: stamp_in(
                "Agent.AfterContactWorkStartTimestamp",
                a.map(|a| &a.after_contact_work_start_timestamp),
            )?,
            acw_end: stamp_in(
                "Agent.AfterContactWorkEndTimestamp",
                a.map(|a| &a.after_contact_work_end_timestamp),
            )?,
        })
    }

    /// The order a contact's life imposes (equal is fine). A stamp is its
    /// instant cut to the digits it has, so one in whole seconds may read
    /// up to 999 ms before a later event written with milliseconds (Connect
    /// writes both forms): within that, the later stamp is taken to be the
    /// earlier's instant, so no duration between them comes out negative.
    fn check_order(&mut self) -> Result<(), RecordProblem> {
        let i = Some(self.initiated);
        settle(i, &mut self.disconnected)?;
        settle(i, &mut self.connected_to_system)?;
        settle(i, &mut self.enqueued)?;
        settle(self.enqueued, &mut self.dequeued)?;
        settle(self.dequeued, &mut self.disconnected)?;
        settle(self.enqueued, &mut self.agent_connected)?;
        settle(self.agent_connected, &mut self.disconnected)?;
        settle(self.agent_connected, &mut self.acw_start)?;
        settle(self.acw_start, &mut self.acw_end)?;
        // Pairs the chain above leaves open: the system connection before
        // the disconnect, an agent connected after the initiation when the
        // contact was not queued, and after-contact work without a start
        // ending after the connection (a fuzz campaign's find: each, out
        // of order, passed silently and moved a fitted ring, a campaign's
        // bandwidth or a headcount).
        settle(self.connected_to_system, &mut self.disconnected)?;
        settle(i, &mut self.agent_connected)?;
        settle(self.agent_connected, &mut self.acw_end)?;
        self.within_span()
    }

    /// Every stamp no later after the initiation than the records may span
    /// ([`MAX_SPAN_DAYS`]): a disconnect in the year 9999 is out of place,
    /// as a 1970 initiation is.
    fn within_span(&self) -> Result<(), RecordProblem> {
        const MAX_MS: i64 = MAX_SPAN_DAYS * 86_400_000;
        let all = [
            self.connected_to_system,
            self.disconnected,
            self.last_update,
            self.transfer_completed,
            self.enqueued,
            self.dequeued,
            self.agent_connected,
            self.acw_start,
            self.acw_end,
        ];
        match all.into_iter().flatten().find(|t| t.ms - self.initiated.ms > MAX_MS) {
            Some(t) => Err(field(
                t.field,
                &format!(
                    "`{}` is more than {MAX_SPAN_DAYS} days after InitiationTimestamp `{}`",
                    t.text, self.initiated.text
                ),
                "no contact outlasts the span records may cover: one of the two is out of place — check the export for this record",
            )),
            None => Ok(()),
        }
    }
}

/// Checks `raw` and converts it.
pub fn convert(raw: RawRecord<'_>) -> Result<Converted, RecordProblem> {
    let Some(contact_id) = present(&raw.contact_id) else {
        return Ok(Converted::NotAContact);
    };
    let mut s = Stamps::read(&raw)?;
    if s.disconnected.is_none() {
        return Ok(Converted::InProgress {
            contact_id: contact_id.to_string(),
            last_update_ms: s.last_update.map_or(s.initiated.ms, |l| l.ms),
        });
    }
    s.check_order()?;
    // Present (above), and settled after every event before it.
    let disconnected_ms = s.disconnected.map_or(s.initiated.ms, |d| d.ms);
    let queue = raw
        .queue
        .as_ref()
        .map(|q| queue(q, &s))
        .transpose()?
        .flatten();
    let agent = raw.agent.as_ref().map(|a| agent(a, &s)).transpose()?;
    // Channel first: a record missing both is told of its channel.
    let channel = required_text("Channel", &raw.channel)?.to_ascii_uppercase();
    let method = required_text("InitiationMethod", &raw.initiation_method)?.to_ascii_uppercase();
    let customer_address = raw
        .customer_endpoint
        .as_ref()
        .filter(|_| method == "EXTERNAL_OUTBOUND")
        .and_then(|e| present(&e.address))
        .map(str::to_string);
    let contact = ObservedContact {
        contact_id: contact_id.to_string(),
        initial_contact_id: present(&raw.initial_contact_id).map(str::to_string),
        previous_contact_id: present(&raw.previous_contact_id).map(str::to_string),
        next_contact_id: present(&raw.next_contact_id).map(str::to_string),
        related_contact_id: present(&raw.related_contact_id).map(str::to_string),
        channel,
        initiated_ms: s.initiated.ms,
        connected_to_system_ms: s.connected_to_system.map(|t| t.ms),
        disconnected_ms,
        disconnect_reason: present(&raw.disconnect_reason).map(str::to_string),
        last_update_ms: s.last_update.map_or(disconnected_ms, |t| t.ms),
        queue,
        agent,
        transfer_completed_ms: s.transfer_completed.map(|t| t.ms),
        agent_connection_attempts: raw.agent_connection_attempts,
        pauses: raw.total_pause_count,
        pause_s: raw
            .total_pause_duration_in_seconds
            .filter(|s| s.is_finite() && *s >= 0.0),
        attributes: raw.attributes.map(|a| a.0).unwrap_or_default(),
        campaign_id: raw
            .campaign
            .as_ref()
            .and_then(|c| present(&c.campaign_id))
            .map(str::to_string),
        method,
        answering_machine: present(&raw.answering_machine_detection_status)
            .map(str::to_ascii_uppercase),
        routing_criteria: raw.routing_criteria.is_some(),
        customer_address,
    };
    Ok(Converted::Contact(Box::new(contact)))
}

/// `Queue`: `None` when the object names no queue and was never queued
/// (an all-null object some tools write for "no queue").
fn queue(q: &RawQueue<'_>, s: &Stamps<'_>) -> Result<Option<ObservedQueue>, RecordProblem> {
    let Some(name) =
        named("Queue.Name", &q.name)?.or(present(&q.arn).map(super::renames::arn_as_name))
    else {
        if s.enqueued.is_none() && s.dequeued.is_none() {
            return Ok(None);
        }
        return Err(field(
            "Queue.Name",
            "missing in a queued contact's record",
            "a queued contact's record names its queue (`Queue.Name` or `Queue.ARN`)",
        ));
    };
    Ok(Some(ObservedQueue {
        name: name.to_string(),
        arn: present(&q.arn).map(str::to_string),
        enqueued_ms: s.enqueued.map(|t| t.ms),
        dequeued_ms: s.dequeued.map(|t| t.ms),
        duration_s: seconds("Queue.Duration", q.duration)?,
        // Named after its agent once every record is read.
        agent_queue_of: None,
    }))
}

/// `Agent`.
fn agent(a: &RawAgent<'_>, s: &Stamps<'_>) -> Result<ObservedAgent, RecordProblem> {
    Ok(ObservedAgent {
        username: present(&a.username).map(str::to_string),
        routing_profile: match a.routing_profile.as_ref() {
            // Named by its ARN when the name is left empty, as a queue is.
            Some(p) => named("Agent.RoutingProfile.Name", &p.name)?
                .or(present(&p.arn).map(super::renames::arn_as_name))
                .map(str::to_string),
            None => None,
        },
        routing_profile_arn: a
            .routing_profile
            .as_ref()
            .and_then(|p| present(&p.arn))
            .map(str::to_string),
        connected_ms: s.agent_connected.map(|t| t.ms),
        interaction_s: seconds(
            "Agent.AgentInteractionDuration",
            a.agent_interaction_duration,
        )?,
        hold_s: seconds("Agent.CustomerHoldDuration", a.customer_hold_duration)?,
        holds: holds(a.number_of_holds)?,
        longest_hold_s: seconds("Agent.LongestHoldDuration", a.longest_hold_duration)?,
        acw_start_ms: s.acw_start.map(|t| t.ms),
        acw_end_ms: s.acw_end.map(|t| t.ms),
        acw_s: seconds(
            "Agent.AfterContactWorkDuration",
            a.after_contact_work_duration,
        )?,
    })
}

/// The string, unless absent, empty or blank.
fn present<'t>(t: &'t Option<Text<'_>>) -> Option<&'t str> {
    t.as_ref()
        .map(Text::as_str)
        .filter(|s| !s.trim().is_empty())
}

/// A name the scenario will carry (a queue's, a routing profile's): as
/// [`present`], and no longer than a scenario's names may be.
fn named<'t>(name: &str, t: &'t Option<Text<'_>>) -> Result<Option<&'t str>, RecordProblem> {
    match present(t).map(|s| (s, super::csv_columns::name_problem(s))) {
        Some((_, Some((problem, hint)))) => Err(field(name, &problem, hint)),
        v => Ok(v.map(|(s, _)| s)),
    }
}

fn field(field: &str, problem: &str, hint: &'static str) -> RecordProblem {
    RecordProblem::Field {
        field: field.into(),
        problem: problem.into(),
        hint,
    }
}

fn required_text<'t>(name: &str, t: &'t Option<Text<'_>>) -> Result<&'t str, RecordProblem> {
    present(t).ok_or_else(|| {
        field(
            name,
            "missing",
            "every Connect contact record has it; is this file a contact record export?",
        )
    })
}

fn stamp<'t>(
    name: &'static str,
    t: &'t Option<Text<'_>>,
) -> Result<Option<Stamp<'t>>, RecordProblem> {
    let Some(text) = present(t) else {
        return Ok(None);
    };
    let ms = parse_instant(text).map_err(|problem| RecordProblem::Field {
        field: name.into(),
        problem,
        hint: "write ISO 8601 UTC as Connect does, e.g. \"2019-08-13T22:54:40Z\"",
    })?;
    let ms = within_years(text, ms).map_err(|problem| RecordProblem::Field {
        field: name.into(),
        problem,
        hint: "check the year",
    })?;
    Ok(Some(Stamp {
        field: name,
        text,
        ms,
    }))
}

/// A timestamp inside an object that may be absent.
fn stamp_in<'t>(
    name: &'static str,
    t: Option<&'t Option<Text<'_>>>,
) -> Result<Option<Stamp<'t>>, RecordProblem> {
    t.map_or(Ok(None), |t| stamp(name, t))
}

fn required_stamp<'t>(
    name: &'static str,
    t: &'t Option<Text<'_>>,
) -> Result<Stamp<'t>, RecordProblem> {
    stamp(name, t)?.ok_or_else(|| {
        field(
            name,
            "missing",
            "every Connect contact record has it; is this file a contact record export?",
        )
    })
}

/// `later` must not be before `earlier` (either may be absent), by more
/// than `later`'s digits can hide; if it is before by less, it is moved
/// to `earlier`'s instant.
fn settle(earlier: Option<Stamp<'_>>, later: &mut Option<Stamp<'_>>) -> Result<(), RecordProblem> {
    match (earlier, later.as_mut()) {
        (Some(e), Some(l)) if l.ms + l.cut_ms() < e.ms => Err(RecordProblem::OutOfOrder {
            earlier_field: e.field,
            earlier: e.text.to_string(),
            later_field: l.field,
            later: l.text.to_string(),
        }),
        (Some(e), Some(l)) => {
            l.ms = l.ms.max(e.ms);
            Ok(())
        }
        _ => Ok(()),
    }
}

/// A duration in seconds: absent, or a non-negative number no longer than
/// the records may span ([`MAX_SPAN_DAYS`]: one contact cannot last longer
/// than all of them). A negative zero is zero.
fn seconds(name: &str, v: Option<f64>) -> Result<Option<f64>, RecordProblem> {
    const MAX_S: f64 = (MAX_SPAN_DAYS * 86_400) as f64;
    match v {
        Some(s) if s < 0.0 => Err(field(
            name,
            &format!("{s} is negative"),
            "durations are seconds, 0 or more",
        )),
        Some(s) if s > MAX_S => Err(field(
            name,
            &format!("{s:e} s is longer than the {MAX_SPAN_DAYS} days the records may span"),
            "durations are seconds; this one is out of place",
        )),
        // (`-0.0 < 0.0` is false: the sign would reach the scenario as `-0s`.)
        Some(s) => Ok(Some(s.abs())),
        None => Ok(None),
    }
}

/// The most holds one contact is believed to have: even a second's hold
/// each would make a three-hour call of this many.
const MAX_HOLDS: u32 = 10_000;

/// `Agent.NumberOfHolds`: absent, or at most [`MAX_HOLDS`].
fn holds(v: Option<u32>) -> Result<Option<u32>, RecordProblem> {
    match v {
        Some(n) if n > MAX_HOLDS => Err(field(
            "Agent.NumberOfHolds",
            &format!("{n} holds on one contact is out of place (more than {MAX_HOLDS})"),
            "the number of times the agent put the customer on hold",
        )),
        _ => Ok(v),
    }
}
