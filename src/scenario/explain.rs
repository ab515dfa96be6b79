//! A short plain-language explanation of a validated scenario, printed by
//! `ccsim validate`.

use std::fmt::Write;

use crate::center::spec::{CenterSpec, FlowType};

use super::date::format_iso8601_utc;

/// Describes `spec` in a few lines: the run, the queues with their expected
/// load, the routing, the staffing and the sources.
pub fn explain(spec: &CenterSpec) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "Scenario \"{}\": {} replication(s), seed {}, from {} for {} ({} intervals of {}), warm-up {}, drain up to {}.",
        spec.name,
        spec.replications,
        spec.seed,
        format_iso8601_utc(spec.start_unix_ms),
        spec.horizon,
        spec.interval_count(),
        spec.interval,
        spec.warmup,
        spec.drain
    );
    // Expected arrivals and talk load per queue, from the sources' means.
    let mut per_queue = vec![(0.0f64, 0.0f64); spec.queues.len()];
    let hours = spec.horizon.as_secs_f64() / 3600.0;
    for s in &spec.sources {
        let flow = &spec.flows[s.inbound_flow.index()];
        let expected =
            s.arrivals
                .expected_between(0, spec.horizon.as_millis(), spec.interval.as_millis());
        let per_hour = expected / hours.max(1e-9);
        let to_agents = per_hour * (1.0 - flow.self_service);
        let conv =
            s.customer.talk.mean() + s.customer.holds_mean_count * s.customer.hold_duration.mean();
        let branches: Vec<(usize, f64)> = if flow.branches.is_empty() {
            s.queue.map(|q| vec![(q.index(), 1.0)]).unwrap_or_default()
        } else {
            let mut prev = 0.0;
            flow.branches
                .iter()
                .map(|b| {
                    let p = b.cumulative - prev;
                    prev = b.cumulative;
                    (b.queue.index(), p)
                })
                .collect()
        };
        for (q, p) in branches {
            per_queue[q].0 += to_agents * p;
            per_queue[q].1 += to_agents * p * conv / 3600.0;
        }
        let _ = writeln!(
            o,
            "Source \"{}\": {} {} contacts, {:.1}/h on average, through inbound flow \"{}\" ({:.0} % self-service); talk {}{}{}.",
            s.name,
            s.kind.method().as_str(),
            s.kind.channel().as_str(),
            per_hour,
            flow.name,
            flow.self_service * 100.0,
            s.customer.talk,
            if s.customer.holds_mean_count > 0.0 { format!(", {:.2} holds of {}", s.customer.holds_mean_count, s.customer.hold_duration) } else { String::new() },
            match &s.customer.patience { Some(p) => format!(", patience {p}"), None => ", infinitely patient".into() },
        );
    }
    for (i, q) in spec.queues.iter().enumerate() {
        let serving: Vec<&str> = spec
            .profiles
            .iter()
            .filter(|p| p.queues.iter().any(|x| x.queue.index() == i))
            .map(|p| p.name.as_str())
            .collect();
        let _ = writeln!(
            o,
            "Queue \"{}\": ~{:.1} contacts/h, ~{:.2} erlangs of conversation (before ACW and whispers); capacity {}; served by {}.",
            q.name,
            per_queue[i].0,
            per_queue[i].1,
            q.capacity.map(|c| c.to_string()).unwrap_or_else(|| "unlimited".into()),
            if serving.is_empty() { "NO routing profile — its contacts can only abandon".to_string() } else { serving.join(", ") }
        );
    }
    for g in &spec.groups {
        let p = &spec.profiles[g.profile.index()];
        let queues: Vec<String> = p
            .queues
            .iter()
            .map(|x| {
                format!(
                    "{} (priority {}, delay {})",
                    spec.queues[x.queue.index()].name,
                    x.priority,
                    x.delay
                )
            })
            .collect();
        let (lo, hi) = (
            g.headcount.iter().min().copied().unwrap_or(0),
            g.headcount.iter().max().copied().unwrap_or(0),
        );
        let _ = writeln!(
            o,
            "Agent group \"{}\": {} agents, profile \"{}\" serving {}; {}; ACW {}.",
            g.name,
            if lo == hi {
                lo.to_string()
            } else {
                format!("{lo}–{hi} (per interval)")
            },
            p.name,
            queues.join(", "),
            if g.auto_accept {
                "auto-accept".to_string()
            } else {
                format!(
                    "answers after {}, misses {:.1} % of offers",
                    g.answer_delay,
                    g.miss_probability * 100.0
                )
            },
            g.after_contact_work
        );
    }
    let redefined: Vec<&str> = FlowType::ALL
        .iter()
        .filter(|t| {
            let f = &spec.flows[spec.defaults.get(**t).index()];
            f.duration.as_ref().map(|d| d.mean()) != t.default_duration_secs()
        })
        .map(|t| t.default_name())
        .collect();
    if !redefined.is_empty() {
        let _ = writeln!(o, "Redefined default flows: {}.", redefined.join(", "));
    }
    o
}
