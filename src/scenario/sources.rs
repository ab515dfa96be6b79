//! `[[sources]]` with their `[sources.customer]` (patience, talk, holds,
//! transfers): the raw tables, their defaults and their checks, which build
//! the [`SourceSpec`]s. Sources come last because they refer to every table
//! before them: flows, queues and agent groups.

use serde::Deserialize;
use std::collections::BTreeMap;

use crate::center::ids::{FlowId, GroupId};
use crate::center::spec::{
    ArrivalCounts, Arrivals, CustomerSpec, FlowType, SourceKind, SourceSpec,
    DEFAULT_ROUTING_PRIORITY,
};
use crate::engine::Dist;

use super::check::{channel_from, with_article, Check, Known};
use super::dist::RawDist;
use super::duration::RawDuration;
use super::limits::MAX_MEAN_HOLDS;
use super::redial::{redial, RawRedial};
use super::shifts::RawDayOfWeek;
use super::transfers::{transfer, RawTransfer};

/// `[[sources]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSource {
    /// Name.
    pub name: String,
    /// Initiation method.
    #[serde(default = "default_method")]
    pub method: String,
    /// Channel (implied by the method; if given, it must match).
    pub channel: Option<String>,
    /// StartOutboundVoiceContact dialling.
    pub dial: Option<RawDial>,
    /// StartTaskContact scheduling.
    pub scheduled_after: Option<RawDist>,
    /// Constant Poisson rate, contacts per hour.
    pub rate_per_hour: Option<f64>,
    /// Expected contacts in each interval.
    pub volume_per_interval: Option<Vec<f64>>,
    /// Exact arrival times (replay a recorded day, or a worked example).
    pub arrival_times: Option<Vec<RawDuration>>,
    /// Multipliers of the volume by weekday, for multi-day horizons.
    pub day_of_week: Option<RawDayOfWeek>,
    /// `poisson` (default), `exact` or `observed`: how many arrive in each
    /// interval.
    pub arrival_counts: Option<String>,
    /// Multiplier on the rate (what-if volume).
    #[serde(default = "one_f")]
    pub rate_scale: f64,
    /// Inbound flow name.
    pub inbound_flow: Option<String>,
    /// Queue when the inbound flow chooses none.
    pub queue: Option<String>,
    /// Routing priority its contacts start with (default 5).
    pub routing_priority: Option<i64>,
    /// Routing criteria its contacts carry (a `[[routing_criteria]]` name).
    pub routing_criteria: Option<String>,
    /// Customer behaviour.
    pub customer: RawCustomer,
    /// (Email sources) the agents' replies.
    pub reply: Option<super::email::RawReply>,
    /// Customers who give up call again.
    pub redial: Option<RawRedial>,
    /// (Task sources) tasks that pause and resume.
    pub pause: Option<super::pause::RawPause>,
}

fn default_method() -> String {
    "inbound".into()
}

/// `dial = { ring = "15s", answer_probability = 0.7 }`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDial {
    /// Ringing.
    pub ring: RawDist,
    /// Probability of an answer.
    pub answer_probability: f64,
}

fn one_f() -> f64 {
    1.0
}

/// `[sources.customer]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCustomer {
    /// Patience in queue.
    pub patience: Option<RawDist>,
    /// Talk time.
    pub talk: RawDist,
    /// Holds during the talk.
    pub holds: Option<RawHolds>,
    /// Probability of staying for a disconnect flow.
    #[serde(default)]
    pub stays_for_disconnect_flow: f64,
    /// Transfer behaviour.
    pub transfer: Option<RawTransfer>,
}

/// `holds = { mean_count = 0.3, duration = "45s" }`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawHolds {
    /// Mean number of holds (Poisson).
    pub mean_count: f64,
    /// Length of each hold.
    pub duration: RawDist,
}

/// Checks every `[[sources]]` table; returns their specs, in file order,
/// and the groups that agent transfers target, in the order first named:
/// each gets an agent queue after the scenario's queues.
pub(super) fn check(
    c: &mut Check,
    raw: &[RawSource],
    known: &Known,
) -> (Vec<SourceSpec>, Vec<GroupId>) {
    let mut agent_queues: Vec<GroupId> = Vec::new();
    let mut seen = BTreeMap::new();
    let mut sources = Vec::new();
    for (i, s) in raw.iter().enumerate() {
        let path = format!("sources[{i}]");
        c.name_unique(&mut seen, &s.name, &path, "source");
        sources.push(source(c, &path, s, known, &mut agent_queues));
    }
    (sources, agent_queues)
}

/// Checks one source (its name aside).
fn source(
    c: &mut Check,
    path: &str,
    s: &RawSource,
    known: &Known,
    agent_queues: &mut Vec<GroupId>,
) -> SourceSpec {
    let kind = kind(c, path, s);
    let kind = super::email::reply(c, path, s.reply.as_ref(), kind);
    if !(s.rate_scale.is_finite() && s.rate_scale > 0.0) {
        c.fail(
            format!("{path}.rate_scale"),
            format!("rate_scale {} is not > 0", s.rate_scale),
            "a multiplier on the arrival rate, e.g. 1.1 for 10 % more volume",
        );
    }
    let arrivals = arrivals(c, path, s, known);
    let arrival_counts = arrival_counts(c, path, s);
    let inbound_name = s
        .inbound_flow
        .clone()
        .unwrap_or_else(|| FlowType::Inbound.default_name().to_string());
    let flows = known.flows;
    let inbound_flow = match known.flow_ids.get(&inbound_name) {
        Some(&f) if flows[f.index()].flow_type == FlowType::Inbound => f,
        Some(&f) => {
            c.fail(
                format!("{path}.inbound_flow"),
                format!(
                    "`{inbound_name}` is {} flow",
                    with_article(flows[f.index()].flow_type.key())
                ),
                "name a flow of type inbound",
            );
            FlowId(0)
        }
        None => {
            c.fail(
                format!("{path}.inbound_flow"),
                format!("unknown flow `{inbound_name}`"),
                "name an inbound flow defined under [[flows]]",
            );
            FlowId(0)
        }
    };
    let queue = s
        .queue
        .as_ref()
        .and_then(|q| known.queues.lookup(c, format!("{path}.queue"), q));
    let flow = &flows[inbound_flow.index()];
    if s.queue.is_none() && flow.branches.is_empty() && flow.self_service < 1.0 {
        c.fail(format!("{path}.queue"), format!("neither the source nor its inbound flow `{inbound_name}` names a queue"), "set queue = \"…\" on the source, or queues = [{ queue = \"…\", probability = 1.0 }] on the inbound flow");
    }
    let routing_priority = match s.routing_priority.map(u64::try_from) {
        None => DEFAULT_ROUTING_PRIORITY,
        Some(Ok(p)) if p >= 1 => p,
        Some(_) => {
            c.fail(
                format!("{path}.routing_priority"),
                format!(
                    "routing priority {} is not a whole number ≥ 1",
                    s.routing_priority.unwrap_or(0)
                ),
                "1 is the highest priority, Connect's default is 5",
            );
            DEFAULT_ROUTING_PRIORITY
        }
    };
    let customer = customer(
        c,
        &format!("{path}.customer"),
        &s.customer,
        known,
        agent_queues,
    );
    let redial = s
        .redial
        .as_ref()
        .and_then(|r| redial(c, &format!("{path}.redial"), r, &kind));
    let pause = s
        .pause
        .as_ref()
        .and_then(|p| super::pause::pause(c, &format!("{path}.pause"), p, &kind));
    SourceSpec {
        name: s.name.clone(),
        kind,
        arrivals,
        arrival_counts,
        inbound_flow,
        queue,
        routing_priority,
        // Resolved once every table is known (`criteria::resolve`).
        routing_criteria: None,
        customer,
        redial,
        pause,
    }
}

/// Checks a source's method and what only some methods take (`dial`,
/// `scheduled_after`, `channel`).
fn kind(c: &mut Check, path: &str, s: &RawSource) -> SourceKind {
    let kind = match s.method.as_str() {
        // An inbound email is INBOUND on EMAIL: the channel says which.
        "inbound" if s.channel.as_deref() == Some("email") => {
            Some(SourceKind::InboundEmail { reply: None })
        }
        "inbound" => Some(SourceKind::Inbound),
        "api_voice" => {
            let dpath = format!("{path}.dial");
            match &s.dial {
                Some(d) => {
                    let ring = c
                        .dist(&format!("{dpath}.ring"), &d.ring)
                        .unwrap_or(Dist::Constant(0.0));
                    let answer_probability =
                        c.probability(&format!("{dpath}.answer_probability"), d.answer_probability);
                    Some(SourceKind::ApiVoice {
                        ring,
                        answer_probability,
                    })
                }
                None => {
                    c.fail(
                        dpath,
                        "an api_voice source (StartOutboundVoiceContact) needs `dial`",
                        "e.g. dial = { ring = \"15s\", answer_probability = 0.7 }",
                    );
                    None
                }
            }
        }
        "api_chat" => Some(SourceKind::ApiChat),
        "webrtc" => Some(SourceKind::Webrtc),
        "api_task" => Some(SourceKind::ApiTask {
            scheduled_after: s
                .scheduled_after
                .as_ref()
                .and_then(|d| c.dist(&format!("{path}.scheduled_after"), d)),
        }),
        other => {
            c.fail(format!("{path}.method"), format!("unknown source method `{other}`"), "use inbound, webrtc (StartWebRTCContact), api_voice (StartOutboundVoiceContact), api_chat (StartChatContact) or api_task (StartTaskContact); outbound calls belong to agent groups, transfers and callbacks to customers and queue flows");
            None
        }
    };
    let kind = kind.unwrap_or(SourceKind::Inbound);
    if s.dial.is_some() && !matches!(kind, SourceKind::ApiVoice { .. }) {
        c.fail(
            format!("{path}.dial"),
            "only api_voice sources dial",
            "remove `dial` or set method = \"api_voice\"",
        );
    }
    if s.scheduled_after.is_some() && !matches!(kind, SourceKind::ApiTask { .. }) {
        c.fail(
            format!("{path}.scheduled_after"),
            "only api_task sources are scheduled",
            "remove `scheduled_after` or set method = \"api_task\"",
        );
    }
    if let Some(ch) = &s.channel {
        if channel_from(ch) != Some(kind.channel()) {
            c.fail(
                format!("{path}.channel"),
                format!("channel `{ch}` does not match method `{}`", s.method),
                format!(
                    "method `{}` makes {} contacts; remove `channel` or write channel = \"{}\"",
                    s.method,
                    kind.channel().as_str(),
                    kind.channel().as_str().to_lowercase()
                ),
            );
        }
    }
    kind
}

/// Checks a source's arrivals (see [`base_arrivals`]), then applies its
/// day-of-week profile: each interval's rate times its weekday's
/// multiplier (the weekday of the interval's start on the calendar).
fn arrivals(c: &mut Check, path: &str, s: &RawSource, known: &Known) -> Arrivals {
    let arrivals = base_arrivals(c, path, s, known);
    let Some(dow) = &s.day_of_week else {
        return arrivals;
    };
    let factors = super::shifts::day_of_week(c, &format!("{path}.day_of_week"), dow);
    match arrivals {
        Arrivals::Poisson(rates) => {
            let i = known.interval.as_millis();
            let scaled: Vec<f64> = rates
                .iter()
                .enumerate()
                .map(|(k, r)| {
                    let day = known.calendar.day_of(k as u64 * i);
                    r * factors[known.calendar.weekday(day)]
                })
                .collect();
            // Zero volume everywhere is refused above on its own; here the
            // profile is what closes every day the horizon touches.
            if rates.iter().any(|r| *r > 0.0) && scaled.iter().all(|r| *r <= 0.0) {
                c.fail(
                    format!("{path}.day_of_week"),
                    "every weekday the horizon touches has multiplier 0: the source makes no contacts",
                    "give at least one of those days a multiplier above 0, or remove the source",
                );
            }
            Arrivals::Poisson(scaled)
        }
        Arrivals::Scheduled(ts) => {
            c.fail(
                format!("{path}.day_of_week"),
                "exact arrival times take no day-of-week profile",
                "remove `day_of_week`, or use rate_per_hour or volume_per_interval",
            );
            Arrivals::Scheduled(ts)
        }
    }
}

/// Checks a source's `arrival_counts`: a word the scenario knows, and only
/// beside a rate (exact times are exact counts already).
fn arrival_counts(c: &mut Check, path: &str, s: &RawSource) -> ArrivalCounts {
    let field = format!("{path}.arrival_counts");
    let counts = match s.arrival_counts.as_deref() {
        None => return ArrivalCounts::Poisson,
        Some("poisson") => ArrivalCounts::Poisson,
        Some("exact") => ArrivalCounts::Exact,
        Some("observed") => ArrivalCounts::Observed,
        Some(other) => {
            c.fail(
                field,
                format!("unknown arrival_counts `{other}`"),
                "write \"poisson\" (a Poisson count around each interval's volume, the default), \"exact\" (each interval's volume itself) or \"observed\" (volumes counted in the period: exact in a backtest, Poisson elsewhere)",
            );
            return ArrivalCounts::Poisson;
        }
    };
    if s.arrival_times.is_some() && counts != ArrivalCounts::Poisson {
        c.fail(
            field,
            "exact arrival times take no arrival_counts: each listed time is one arrival",
            "remove `arrival_counts`, or give rate_per_hour or volume_per_interval instead of arrival_times",
        );
    }
    counts
}

/// One day of intervals of `interval`, if a day divides into them.
fn intervals_per_day(interval: crate::engine::SimDuration) -> Option<usize> {
    let (day, i) = (crate::center::shifts::DAY.as_millis(), interval.as_millis());
    (i > 0 && day % i == 0).then(|| (day / i) as usize)
}

/// Checks a source's arrivals: exactly one of a constant rate, one volume
/// per interval (or per interval of one day, repeated every day), or exact
/// times.
fn base_arrivals(c: &mut Check, path: &str, s: &RawSource, known: &Known) -> Arrivals {
    let (horizon, interval, interval_count) = (known.horizon, known.interval, known.intervals);
    let per_hour_to_ms = |v: f64| v * s.rate_scale.max(0.0) / 3_600_000.0;
    match (&s.rate_per_hour, &s.volume_per_interval, &s.arrival_times) {
        (None, None, Some(times)) => {
            // Each listed time is one arrival: there is no rate to scale,
            // and a sweep over rate_scale would give the same point thrice.
            if s.rate_scale > 0.0 && s.rate_scale.is_finite() && s.rate_scale != 1.0 {
                c.fail(
                    format!("{path}.rate_scale"),
                    "exact arrival times take no rate_scale: each listed time is one arrival",
                    "remove `rate_scale` (or sweep over rate_per_hour / volume_per_interval sources instead)",
                );
            }
            let mut ts = Vec::new();
            let mut readable = true;
            for (k, t) in times.iter().enumerate() {
                readable &= t.0.is_finite() && t.0 >= 0.0;
                let d = c.duration(&format!("{path}.arrival_times[{k}]"), *t);
                if d >= horizon {
                    c.fail(
                        format!("{path}.arrival_times[{k}]"),
                        format!("arrival at {d} is not before the horizon {horizon}"),
                        "arrivals happen in [0, horizon)",
                    );
                }
                ts.push(d);
            }
            // A time refused above reads as 0: its order says nothing.
            if readable && ts.windows(2).any(|w| w[0] > w[1]) {
                c.fail(
                    format!("{path}.arrival_times"),
                    "arrival times are not in order",
                    "list them from earliest to latest",
                );
            }
            if ts.is_empty() {
                c.fail(
                    format!("{path}.arrival_times"),
                    "no arrival times",
                    "list at least one, e.g. [\"0s\", \"90s\"]",
                );
            }
            Arrivals::Scheduled(ts)
        }
        (Some(r), None, None) => {
            if !(r.is_finite() && *r > 0.0) {
                c.fail(
                    format!("{path}.rate_per_hour"),
                    format!("arrival rate {r} is not > 0"),
                    "give the expected contacts per hour, e.g. rate_per_hour = 200",
                );
            }
            Arrivals::Poisson(vec![per_hour_to_ms(*r); interval_count])
        }
        (None, Some(v), None) => {
            // One day's volumes on a longer horizon: the same day, repeated.
            let per_day = intervals_per_day(interval);
            let daily = per_day.is_some_and(|d| v.len() == d && interval_count > d);
            if v.len() != interval_count && !daily {
                let also = match per_day {
                    Some(d) if interval_count > d => {
                        format!(" (or one day's {d}, repeated every day)")
                    }
                    _ => String::new(),
                };
                c.fail(format!("{path}.volume_per_interval"), format!("{} values for {interval_count} intervals", v.len()), format!("give one expected volume per interval{also}: the horizon holds {interval_count} intervals of {}", interval));
            }
            for (k, x) in v.iter().enumerate() {
                if !(x.is_finite() && *x >= 0.0) {
                    c.fail(
                        format!("{path}.volume_per_interval[{k}]"),
                        format!("volume {x} is not a number ≥ 0"),
                        "volumes are finite numbers ≥ 0",
                    );
                }
            }
            if v.iter().all(|x| *x <= 0.0) {
                c.fail(
                    format!("{path}.volume_per_interval"),
                    "every interval has zero volume",
                    "give at least one positive volume",
                );
            }
            let hours = interval.as_secs_f64() / 3600.0;
            Arrivals::Poisson(
                (0..interval_count)
                    .map(|k| {
                        let k = if daily { k % v.len() } else { k };
                        per_hour_to_ms(v.get(k).copied().unwrap_or(0.0).max(0.0) / hours.max(1e-9))
                    })
                    .collect(),
            )
        }
        _ => {
            c.fail(path, "give exactly one of rate_per_hour, volume_per_interval or arrival_times", "e.g. rate_per_hour = 200, or volume_per_interval = [40, 55, …] with one value per interval");
            Arrivals::Poisson(vec![0.0; interval_count])
        }
    }
}

/// Checks how a source's customers behave.
fn customer(
    c: &mut Check,
    cpath: &str,
    cu: &RawCustomer,
    known: &Known,
    agent_queues: &mut Vec<GroupId>,
) -> CustomerSpec {
    let patience = cu
        .patience
        .as_ref()
        .and_then(|p| c.dist(&format!("{cpath}.patience"), p));
    let talk = c
        .dist(&format!("{cpath}.talk"), &cu.talk)
        .unwrap_or(Dist::Constant(0.0));
    let (holds_mean_count, hold_duration) = match &cu.holds {
        None => (0.0, Dist::Constant(0.0)),
        Some(h) => {
            if !(h.mean_count.is_finite() && (0.0..=MAX_MEAN_HOLDS).contains(&h.mean_count)) {
                c.fail(
                    format!("{cpath}.holds.mean_count"),
                    format!("mean hold count {} is outside 0–10", h.mean_count),
                    "the average number of holds per conversation, e.g. 0.3",
                );
            }
            (
                h.mean_count.clamp(0.0, MAX_MEAN_HOLDS),
                c.dist(&format!("{cpath}.holds.duration"), &h.duration)
                    .unwrap_or(Dist::Constant(0.0)),
            )
        }
    };
    let stays_for_disconnect_flow = c.probability(
        &format!("{cpath}.stays_for_disconnect_flow"),
        cu.stays_for_disconnect_flow,
    );
    let transfer = cu
        .transfer
        .as_ref()
        .and_then(|t| transfer(c, &format!("{cpath}.transfer"), t, known, agent_queues));
    CustomerSpec {
        patience,
        talk,
        holds_mean_count,
        hold_duration,
        stays_for_disconnect_flow,
        transfer,
    }
}
