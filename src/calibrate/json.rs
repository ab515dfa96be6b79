//! `calibration.json`: every estimate with its uncertainty and the data it
//! came from, for a planner (or a script) to audit the scenario.

use serde_json::{json, Map, Value};

use crate::timefmt::format_iso8601_utc_seconds;

use super::fit::test_description;
use super::model::Calibration;
use super::rates::{poisson_score, wilson, CallbackAnswer};

/// How the whole-second resolution of Connect's records is handled; the
/// report prints it too.
pub const RESOLUTION_NOTE: &str = "Connect writes durations in whole seconds and timestamps truncated to the second. Durations enter the fits as intervals [d-0.5, d+0.5) and differences of timestamps as (d-1, d+1), so the maximum-likelihood estimates carry no rounding bias; what remains is a loss of precision for very short durations (below ~2 s), whose shape the data cannot resolve. Waits compared with a service-level threshold are read as recorded (whole seconds), as Connect's own reports do.";

/// The document, given a description of the input (files, records read,
/// skipped by reason).
pub fn document(cal: &Calibration, input: Value) -> Value {
    let p = &cal.period;
    let mut doc = json!({
        "ccsim_version": env!("CARGO_PKG_VERSION"),
        "input": input,
        "period": {
            "start": format_iso8601_utc_seconds(p.start_ms),
            "end": format_iso8601_utc_seconds(p.end_ms()),
            "interval_seconds": p.interval_ms / 1000,
            "intervals": p.intervals,
        },
        "service_level_thresholds_seconds": cal.thresholds_s,
        "email_service_level_thresholds_seconds": cal.email_thresholds_s,
        "resolution": RESOLUTION_NOTE,
        "goodness_of_fit_test": test_description(),
        "arrivals": arrivals(cal),
        "self_service": self_service(cal),
        "queue_capacity": cal.arrivals.capacity.iter().map(|(q, f)| json!({"queue": q, "capacity": f.capacity, "ended_in_flow_while_full": f.ended_full, "expected_by_chance": f.expected, "share_of_time_full": f.full_share, "turned_away": f.turned_total()})).collect::<Vec<_>>(),
        "agent_pick": cal.agent_pick.iter().map(|(p, a)| json!({"routing_profile": p, "agent": a.pick, "answered_transfers": a.answered, "waited_for_the_agent": a.waited, "occupancy": a.occupancy, "all_agents_busy": a.all_busy})).collect::<Vec<_>>(),
        "external_parties": cal.external.iter().map(|(q, x)| x.json(q)).collect::<Vec<_>>(),
        "turned_away_at_instance_limit": cal.arrivals.turned_away.iter().map(|(e, n)| json!({"channel": e.channel(), "method": e.method(), "count": n})).collect::<Vec<_>>(),
        "start_delay": cal.start_delay.iter().map(|(e, f)| json!({"channel": e.channel(), "method": e.method(), "what": if *e == super::streams::Entry::ApiVoice { "ring" } else { "scheduled delay" }, "fit": f.json})).collect::<Vec<_>>(),
        "dials_answered": dials(cal),
        "inbound_flow_time": cal.ivr.iter().map(|(e, f)| json!({"channel": e.channel(), "method": e.method(), "fit": f.json})).collect::<Vec<_>>(),
        "streams": streams(cal),
        "after_contact_work": cal.acw.iter().map(|(p, f)| json!({"routing_profile": p, "fit": f.json})).collect::<Vec<_>>(),
        "after_contact_work_by_channel": cal.acw_by_channel.iter().flat_map(|(p, by)| by.iter().map(move |(ch, f)| json!({"routing_profile": p, "channel": ch, "fit": f.json}))).collect::<Vec<_>>(),
        "follow_ups": follow_ups(cal),
        "talk_after_transfer": cal.talk_after_transfer.iter().map(|(q, f)| json!({"queue": q, "fit": f.json})).collect::<Vec<_>>(),
        // Per source queue, to its main target: the transfer rule's talk_after.
        "talk_after_transfer_from": cal.talk_after_transfer_from.iter().map(|(q, f)| json!({"from_queue": q, "fit": f.json})).collect::<Vec<_>>(),
        "callback_talk": cal.callback_talk.iter().map(|(q, f)| json!({"queue": q, "fit": f.json})).collect::<Vec<_>>(),
        "transfer_hold_patience": cal.transfer_hold_patience.iter().map(|(q, f)| json!({"queue": q, "fit": f.json})).collect::<Vec<_>>(),
        "headcount": headcount(cal),
        "outbound": outbound(cal),
        "outbound_calls_unattributed": cal.outbound_unattributed,
        "campaigns": cal.campaigns.iter().map(super::campaigns::CampaignEstimate::json).collect::<Vec<_>>(),
        "concurrency": concurrency(cal),
        "accept_lag": cal.accept.json(
            &cal.voice_lag_by_profile,
            &cal.channel_lag_by_profile,
            &cal.voice_misses,
            &cal.channel_misses,
        ),
        "routing_priority": cal.queue_priority.iter().map(|(p, levels)| json!({
            "routing_profile": p, "priority": levels,
            "passed_over": cal.passed_over.get(p).map(|m| m.iter().map(|((a, b), n)| json!({"picked": a, "while_waiting_in": b, "times": n})).collect::<Vec<_>>()),
            "delays": cal.queue_delay.get(p).map(|m| m.iter().map(|(q, d)| d.json(q)).collect::<Vec<_>>()),
        })).collect::<Vec<_>>(),
        "email": email(cal),
        "profiles": profiles(cal),
        // Values that could not enter a sample (negative, not finite), by
        // what they were: never dropped silently.
        "values_rejected": cal.samples.rejected,
        "other_contacts": cal.arrivals.others.iter().map(|((m, c), n)| json!({"method": m, "channel": c, "count": n})).collect::<Vec<_>>(),
    });
    super::warnings::add_to_json(&mut doc, &cal.warnings);
    if let (Some(note), Some(period)) = (&cal.interval_note, doc.get_mut("period")) {
        period["interval_widened"] = json!(note);
    }
    doc
}

/// Per API voice entry: the dials its customers answered.
fn dials(cal: &Calibration) -> Vec<Value> {
    let mut entries: Vec<_> = cal.arrivals.queued.keys().map(|(_, e)| *e).collect();
    entries.sort_unstable();
    entries.dedup();
    entries
        .into_iter()
        .filter_map(|e| {
            let (p, a, d) = cal.arrivals.answered(e)?;
            Some(json!({"channel": e.channel(), "method": e.method(), "answered": a, "dialled": d, "probability": p, "ci95": wilson(a, d)}))
        })
        .collect()
}

fn arrivals(cal: &Calibration) -> Vec<Value> {
    let hours = cal.period.hours();
    cal.arrivals
        .queued
        .iter()
        .map(|((queue, e), counts)| {
            let n: u64 = counts.iter().sum();
            // Poisson: the count's standard error is its square root. The
            // interval is the score interval, not ± 1.96 se: that one
            // goes below zero for a queue with a handful of contacts.
            let se = (n as f64).sqrt() / hours;
            let (lo, hi) = poisson_score(n);
            json!({
                "queue": queue, "channel": e.channel(), "method": e.method(),
                "contacts_queued": n,
                "rate_per_hour": {"value": n as f64 / hours, "se": se, "ci95": [lo / hours, hi / hours]},
                "per_interval": counts,
            })
        })
        .collect()
}

fn self_service(cal: &Calibration) -> Vec<Value> {
    cal.ivr
        .keys()
        .map(|e| {
            let (share, own, all) = cal.arrivals.self_service(*e);
            let per_queue: Vec<Value> = cal
                .arrivals
                .self_service_per_queue(*e)
                .into_iter()
                .map(|(q, (share, own, all))| json!({"queue": q, "share": share, "self_served": own, "contacts": all}))
                .collect();
            json!({"channel": e.channel(), "method": e.method(), "share": share, "ci95": wilson(own, all), "self_served": own, "contacts": all, "per_queue": per_queue})
        })
        .collect()
}

fn streams(cal: &Calibration) -> Vec<Value> {
    cal.streams
        .iter()
        .map(|((queue, e), f)| {
            let opt = |x: &Option<super::estimate::Estimated>| x.as_ref().map_or(Value::Null, |e| e.json.clone());
            json!({
                "queue": queue, "channel": e.channel(), "method": e.method(),
                "talk": opt(&f.talk),
                "holds_per_contact": {"mean": f.holds_per_contact.0, "contacts": f.holds_per_contact.1},
                "hold": opt(&f.hold),
                "patience": opt(&f.patience),
                "pause": f.pause.as_ref().map_or(Value::Null, super::task_pause::PauseEstimate::json),
            })
        })
        .collect()
}

fn follow_ups(cal: &Calibration) -> Vec<Value> {
    let cb = cal.follow_ups.callbacks;
    let mut out: Vec<Value> = cal
        .follow_ups
        .queues
        .iter()
        .map(|(queue, f)| {
            let (share, n) = f.transfer_share();
            let moved: u64 = f.moved_to.values().sum();
            let take_up = f.callback_take_up().map(|c| json!({
                "offer_after_s": c.offer_after_s, "taken": c.taken, "still_waiting_at_offer": c.at_risk,
                // Taken off answered callers' recorded waits (see the report).
                "accept_lag_s": c.accept_lag.0, "accept_lag_gaps": c.accept_lag.1,
                "probability": c.probability, "ci95": c.ci95, "callback_queue": f.callback_queue(),
            }));
            let move_after = f.queue_move().map(|(_, after)| after);
            json!({
                "queue": queue, "queued": f.queued, "answered": f.answered,
                // An agent's own queue: the routing profile of its agent.
                "agent_queue_of": f.agent_queue_of,
                "agent_transfers": {"count": n, "share_of_answered": share, "ci95": wilson(n, f.answered), "to_queue": f.transferred_to, "to_no_queue": f.transferred_away, "talk_before_transfer": cal.talk_before_transfer.get(queue).map(|e| &e.json)},
                "queue_transfers": {"count": moved, "share_of_queued": super::rates::ratio(moved, f.queued), "ci95": wilson(moved, f.queued), "to_queue": f.moved_to, "median_wait_before_move_s": move_after},
                "callbacks": {"requested": f.callbacks_requested, "share_of_queued": super::rates::ratio(f.callbacks_requested, f.queued), "ci95": wilson(f.callbacks_requested, f.queued), "take_up_of_those_offered": take_up},
            })
        })
        .collect();
    // Per dial attempt, when the records count attempts (ccsim's do).
    let per_attempt = cb
        .answer()
        .filter(|a| matches!(a, CallbackAnswer::PerAttempt { .. }))
        .map(|a| (a.probability(), a.max_attempts()));
    let attempts = per_attempt.map(|(p, _)| p.out_of);
    out.push(json!({"callback_outcomes": {
        "contacts": cb.contacts, "dialled": cb.dialled, "customer_answered": cb.answered,
        // Where the records write a contact per dial attempt: the later
        // attempts among the contacts, the callbacks they make, and the
        // median delay from an unanswered attempt to the next's queueing.
        "later_attempt_contacts": cb.retries, "callbacks_dialled": cb.callbacks_dialled(),
        "retry_delay_s": cal.follow_ups.callback_retry_delay(),
        "answer_rate": super::rates::ratio(cb.answered, cb.dialled), "ci95": wilson(cb.answered, cb.dialled),
        "dial_attempts": attempts,
        "answer_probability_per_attempt": per_attempt.map(|(p, max_attempts)| json!({"value": p.value, "ci95": p.ci95, "max_attempts": max_attempts})),
    }}));
    out
}

/// Email replies per queue and flow emails per entry.
fn email(cal: &Calibration) -> Value {
    let fit =
        |e: &Option<super::estimate::Estimated>| e.as_ref().map_or(Value::Null, |e| e.json.clone());
    json!({
        "replies": cal.email_replies.iter().map(|(q, r)| json!({
            "queue": q, "answered_emails": r.probability.out_of, "replied": r.probability.of,
            "probability": r.probability.value, "ci95": r.probability.ci95, "writing": fit(&r.writing),
        })).collect::<Vec<_>>(),
        "flow_emails": cal.flow_emails.iter().map(|(e, f)| json!({
            "channel": e.channel(), "method": e.method(), "contacts": f.probability.out_of, "sent": f.probability.of,
            "probability": f.probability.value, "ci95": f.probability.ci95, "sending": fit(&f.sending),
        })).collect::<Vec<_>>(),
        "unmatched": cal.email_unmatched,
    })
}

fn headcount(cal: &Calibration) -> Vec<Value> {
    cal.headcount
        .iter()
        .map(|(p, c)| {
            let src = cal.headcount_source.get(p).map_or("", |s| s.describe());
            let share = cal.available.get(p).map(|s| s.share);
            let scaled = cal.available.get(p).is_some_and(|s| s.applied);
            let applied = cal.available.get(p).filter(|s| s.applied);
            let shares = applied.map(|s| &s.per_interval);
            let before = applied.map(|s| &s.before_per_interval);
            json!({"routing_profile": p, "source": src, "available_share": share, "scaled_to_available": scaled, "available_share_per_interval": shares, "per_interval_before_scaling": before, "per_interval": c})
        })
        .chain(cal.unmatched_roster_groups.iter().map(|g| json!({"roster_group": g, "note": "matches no routing profile in the records; not used"})))
        .chain(cal.roster_notes.iter().map(|n| json!({"roster_note": n})))
        .chain(cal.roster_raised.iter().map(|(p, gap)| json!({
            "routing_profile": p,
            "roster_raised_intervals": gap.intervals,
            "first": {"interval_start": format_iso8601_utc_seconds(gap.first_start_ms), "working": gap.first_working},
            "note": "intervals no roster row covers for this profile (before its first row, or after rows that say they end), where the records show agents working, take the agents seen working (a lower bound)",
        })))
        .chain(cal.roster_carried.iter().map(|(p, tail)| json!({
            "routing_profile": p,
            "roster_carried_intervals": tail.intervals,
            "first": {"interval_start": format_iso8601_utc_seconds(tail.first_start_ms), "carried": tail.carried},
            "last_row": format_iso8601_utc_seconds(tail.last_row_ms),
            "step_s": tail.step_ms / 1000,
            "note": "intervals after the roster's rows for this profile stop carry its last row's agents on: right for a roster of changes only; add rows if it covers fewer days than the records",
        })))
        .collect()
}

fn profiles(cal: &Calibration) -> Value {
    let pr = &cal.profiles;
    let mut weekdays = Map::new();
    for (k, (mean, days)) in pr.weekday_mean.iter().enumerate() {
        weekdays.insert(
            super::profiles::WEEKDAYS[k].into(),
            json!({"mean_contacts": mean, "days": days}),
        );
    }
    json!({
        "per_date": pr.per_date.iter().map(|(d, n, whole)| json!({"date": d, "contacts": n, "whole_day": whole})).collect::<Vec<_>>(),
        "weekday": weekdays,
        "intraday_mean_per_interval": pr.intraday_mean,
    })
}

/// Agent-initiated outbound calls per routing profile.
fn outbound(cal: &Calibration) -> Vec<Value> {
    let fit =
        |e: &Option<super::estimate::Estimated>| e.as_ref().map_or(Value::Null, |e| e.json.clone());
    cal.outbound
        .iter()
        .map(|(p, o)| {
            let source = cal.headcount_source.get(p).map_or("", |s| s.describe());
            json!({
                "routing_profile": p, "outbound_queue": o.outbound_queue,
                "calls": o.calls, "answered": o.answered,
                "answer_rate": {"value": o.answer_rate.value, "ci95": o.answer_rate.ci95},
                "calls_per_free_agent_hour": {"value": o.calls_per_hour.value, "ci95": o.calls_per_hour.ci95,
                    "note": "Poisson score interval on the count; agents dial only while free, so the hours are those on shift less those busy with any contact"},
                "free_agent_hours": o.free_agent_hours, "agent_hours_on_shift": o.agent_hours, "agent_hours_source": source,
                "ring": fit(&o.ring), "talk": fit(&o.talk),
            })
        })
        .collect()
}

/// Per routing profile and channel, the concurrency written (the most
/// contacts one agent held at once) and how many agents reached each level.
fn concurrency(cal: &Calibration) -> Vec<Value> {
    let mut out = Vec::new();
    for (p, channels) in &cal.concurrency {
        for (channel, levels) in channels {
            let written = levels.keys().max().copied().unwrap_or(1).clamp(1, 10);
            let by_level: Map<String, Value> = levels
                .iter()
                .map(|(l, n)| (l.to_string(), json!(n)))
                .collect();
            out.push(json!({"routing_profile": p, "channel": channel, "concurrency": written, "agents_by_most_held_at_once": by_level}));
        }
    }
    for (p, cross) in &cal.cross_channel {
        for (channel, n) in super::agent_work::CROSS_CHANNELS.iter().zip(cross) {
            if *n > 0 {
                out.push(json!({"routing_profile": p, "channel": channel, "cross_channel": "any", "other_channel_contacts_taken_while_on_it": n}));
            }
        }
    }
    out
}
