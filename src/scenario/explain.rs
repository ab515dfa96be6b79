//! A short plain-language explanation of a validated scenario, printed by
//! `ccsim validate`.

use std::collections::BTreeSet;
use std::fmt::Write;

use crate::center::ids::{FlowId, QueueId};
use crate::center::spec::{
    AgentGroupSpec, CenterSpec, Channel, FlowType, QueueSpec, TransferTarget,
};

use crate::stats::load::{campaign_loads, queue_channels, scenario_channels, QueueLoad};
use crate::stats::work::WorkEstimate;

use super::date::format_iso8601_utc;

/// Describes `spec` in a few lines: the run, the queues with their expected
/// load, the routing, the staffing and the sources, and what a run will
/// cost (contacts, events, time, memory — the same on every machine).
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
    let loads = crate::stats::load::queue_loads(spec);
    let hours = spec.horizon.as_secs_f64() / 3600.0;
    for s in &spec.sources {
        let flow = &spec.flows[s.inbound_flow.index()];
        let expected =
            s.arrivals
                .expected_between(0, spec.horizon.as_millis(), spec.interval.as_millis());
        let per_hour = expected / hours.max(1e-9);
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
        if let Some(r) = &s.redial {
            let _ = writeln!(
                o,
                "  Redials: a customer who abandons or is turned away calls again with probability {}, after {}, at most {} times (each call a new contact).",
                r.probability, r.delay, r.max_tries
            );
        }
    }
    for (i, q) in spec.queues.iter().enumerate() {
        let qid = QueueId(i as u16);
        let _ = writeln!(
            o,
            "Queue \"{}\": ~{:.1} contacts/h, ~{:.2} erlangs of conversation (before ACW and whispers){}; capacity {}; served by {}.",
            q.name,
            loads[i].per_hour(),
            loads[i].conversation_erlangs(),
            also_receives(spec, qid),
            q.capacity.map(|c| c.to_string()).unwrap_or_else(|| "unlimited".into()),
            served_by(spec, qid)
        );
        newer_work(&mut o, q, &loads[i]);
    }
    campaigns(&mut o, spec);
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
            per_channel(g)
        );
    }
    callback_offers(&mut o, spec);
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
    let work = WorkEstimate::of(spec);
    o.push_str(&work.describe());
    if let Some(w) = work.overload_warning() {
        let _ = writeln!(o, "Warning: {w}.");
    }
    o
}

/// Each customer queue flow's callback offer: when it plays and to whom,
/// where the callback waits, how it is dialled and what the conversation
/// is (its own `talk`, or the requesting contact's) — the callbacks' load
/// is not in the queues' estimates, so this is where it can be checked.
fn callback_offers(o: &mut String, spec: &CenterSpec) {
    for f in &spec.flows {
        let Some(cb) = &f.callback else {
            continue;
        };
        let queue = cb
            .queue
            .map_or("the queue it was offered in".to_string(), |q| {
                format!("\"{}\"", spec.queues[q.index()].name)
            });
        let _ = writeln!(
            o,
            "Callback offer in flow \"{}\": to callers still waiting after {}, taken with probability {}; queued in {} after {}; up to {} attempt(s) {} apart, ringing {}, answered with probability {} (voicemail {}, leaving {}); talk {}.",
            f.name,
            cb.offer_after,
            cb.take_probability,
            queue,
            cb.initial_delay,
            cb.max_attempts,
            cb.retry_delay,
            cb.ring,
            cb.answer_probability,
            cb.voicemail_probability,
            cb.voicemail,
            cb.talk
                .as_ref()
                .map_or("as the requesting contact's".to_string(), ToString::to_string),
        );
    }
}

/// The newer work in queue `q`'s load, where there is some: the email
/// replies' writing (counted in its agent erlangs), and the redials (not
/// counted, as they depend on how many give up: a bound, and what meeting
/// the queue's abandonment target would imply).
fn newer_work(o: &mut String, q: &QueueSpec, load: &QueueLoad) {
    if load.reply_writing > 0.0 {
        let _ = writeln!(
            o,
            "  Agent work: ~{:.2} erlangs (whispers, talk, holds and ACW), email replies included: {:.0} s of writing per contact on average (reply probability × mean writing), in the same agent's email slot.",
            load.agent_erlangs(),
            load.reply_writing
        );
    }
    let Some(r) = load.redial else { return };
    let bound = load.redials_per_second(1.0) * 3600.0;
    let at_target = match q.targets.and_then(|t| t.max_abandonment_rate) {
        Some(max) => format!(
            "; at its abandonment target ({:.1} % giving up) about {:.1}/h",
            max * 100.0,
            load.redials_per_second(max) * 3600.0
        ),
        None => String::new(),
    };
    let _ = writeln!(
        o,
        "  Redials (not in the load above; each a new contact with the first call's talk): {:.1}/h of first calls may call again (probability {}, at most {} times): at most {:.1}/h more if every call gave up{}. `ccsim staff`'s Erlang A counts those Erlang A's abandonment of the first calls implies.",
        r.lambda * 3600.0,
        r.probability,
        r.max_tries,
        bound,
        at_target
    );
}

/// Each campaign's agent load on its group, from the scenario's means
/// ([`campaign_loads`]).
fn campaigns(o: &mut String, spec: &CenterSpec) {
    for (c, load) in spec.campaigns.iter().zip(campaign_loads(spec)) {
        let Some(g) = load.group else {
            let _ = writeln!(o, "Campaign \"{}\": agentless, no agent load.", c.name);
            continue;
        };
        let need = match load.list_erlangs {
            Some(e) => format!(
                "its {} contacts need ~{:.2} erlangs over its {:.1} h window{}",
                c.contacts.unwrap_or(0),
                e,
                load.window / 3600.0,
                if e > load.max_agents {
                    " — more than its share: the list will not be finished"
                } else {
                    ""
                }
            ),
            None => "its list never runs out: it takes whatever inbound work leaves of its share"
                .to_string(),
        };
        let _ = writeln!(
            o,
            "Campaign \"{}\": {} on agent group \"{}\", ~{:.0} s of agent time per dial; may hold up to {:.1} agents (bandwidth {} of those on shift); {}: ~{:.2} erlangs of the group's agents at most.",
            c.name,
            c.mode.as_str(),
            spec.groups[g].name,
            load.agent_seconds_per_dial,
            load.max_agents,
            load.bandwidth,
            need,
            load.erlangs()
        );
    }
}

/// A group's ACW, then what it sets per channel (auto-accept and ACW), e.g.
/// "20 s; callback: auto-accept; chat: ACW 10 s".
fn per_channel(g: &AgentGroupSpec) -> String {
    let mut out = g.after_contact_work.to_string();
    for (k, key) in AgentGroupSpec::SLOTS.iter().enumerate() {
        let mut parts = Vec::new();
        if let Some(a) = g.auto_accept_by_channel[k] {
            parts.push(if a { "auto-accept" } else { "manual accept" }.to_string());
        }
        if let Some(d) = &g.acw_by_channel[k] {
            parts.push(format!("ACW {d}"));
        }
        if !parts.is_empty() {
            let _ = write!(out, "; {key}: {}", parts.join(", "));
        }
    }
    out
}

/// Who serves queue `q`: the routing profiles that take it; for an agent
/// queue, its group's agents (agent transfers wait there for them); for a
/// queue no profile serves, how its contacts can leave without an agent —
/// a customer queue flow's move or callback offer — before the warning
/// that they can only abandon.
fn served_by(spec: &CenterSpec, q: QueueId) -> String {
    if let Some(g) = spec.queues[q.index()].agent_queue_of {
        return format!(
            "agent group \"{}\" (its agent queue, where agent transfers to the group wait)",
            spec.groups[g.index()].name
        );
    }
    // A profile listing the queue serves it only for the channels it takes
    // there: one taking chats from a voice queue serves nobody in it. A
    // queue nothing in the scenario sends contacts to may get any channel
    // the scenario's contacts use.
    let reach = queue_channels(spec)[q.index()];
    let known = reach.iter().any(|&x| x).then_some(reach);
    let into = known.unwrap_or_else(|| scenario_channels(spec));
    let (serving, other_channels): (Vec<_>, Vec<_>) = spec
        .profiles
        .iter()
        .filter_map(|p| p.queues.iter().find(|x| x.queue == q).map(|x| (p, x)))
        .partition(|(_, x)| (0..Channel::COUNT).any(|c| into[c] && x.channels[c]));
    if !serving.is_empty() {
        let names: Vec<&str> = serving.iter().map(|(p, _)| p.name.as_str()).collect();
        // Served for some of its channels only: the others wait for nobody.
        let mut unserved = known.unwrap_or_default();
        for (_, x) in &serving {
            for (c, taken) in x.channels.iter().enumerate() {
                unserved[c] &= !taken;
            }
        }
        if !unserved.contains(&true) {
            return names.join(", ");
        }
        return format!(
            "{} — but NOT its {} contacts, which no routing profile takes from this queue (they wait for no agent)",
            names.join(", "),
            channel_names(unserved)
        );
    }
    let listed = if other_channels.is_empty() {
        String::new()
    } else {
        let names: Vec<String> = other_channels
            .iter()
            .map(|(p, _)| format!("\"{}\"", p.name))
            .collect();
        let channels = match known {
            Some(on) => format!("its {} contacts", channel_names(on)),
            None => "any channel the scenario's contacts use".to_string(),
        };
        format!(
            " ({} list{} it, but not for {channels})",
            names.join(", "),
            if names.len() == 1 { "s" } else { "" },
        )
    };
    let mut ways = Vec::new();
    for f in queue_flows_into(spec, q) {
        let flow = &spec.flows[f.index()];
        if let Some(m) = flow.move_to_queue.filter(|m| m.queue != q) {
            ways.push(format!(
                "a move to \"{}\" after {} (customer queue flow \"{}\")",
                spec.queues[m.queue.index()].name,
                m.after,
                flow.name
            ));
        }
        if flow.callback.is_some() {
            ways.push(format!(
                "a callback (customer queue flow \"{}\")",
                flow.name
            ));
        }
    }
    if ways.is_empty() {
        format!("NO routing profile{listed} — its contacts can only abandon")
    } else {
        format!(
            "no routing profile{listed} — its contacts leave by {}, or abandon",
            ways.join(", ")
        )
    }
}

/// The channels that are on, e.g. "voice or chat".
fn channel_names(on: [bool; Channel::COUNT]) -> String {
    Channel::ALL
        .iter()
        .filter(|c| on[c.index()])
        .map(|c| c.as_str().to_lowercase())
        .collect::<Vec<_>>()
        .join(" or ")
}

/// The customer queue flows that play to the contacts the sources' inbound
/// flows send to queue `q`: the branch's setting, else the flow's, else the
/// default.
fn queue_flows_into(spec: &CenterSpec, q: QueueId) -> BTreeSet<FlowId> {
    let default = spec.defaults.get(FlowType::CustomerQueue);
    let mut found = BTreeSet::new();
    for s in &spec.sources {
        let flow = &spec.flows[s.inbound_flow.index()];
        if flow.branches.is_empty() {
            if s.queue == Some(q) {
                found.insert(flow.sets.customer_queue.unwrap_or(default));
            }
        } else {
            for b in flow.branches.iter().filter(|b| b.queue == q) {
                let sets = flow.sets.overridden_by(b.sets);
                found.insert(sets.customer_queue.unwrap_or(default));
            }
        }
    }
    found
}

/// What else arrives in queue `q`, beyond the sources' contacts the load
/// estimate counts: transfers, queue moves, callbacks, disconnect-flow
/// follow-ups.
fn also_receives(spec: &CenterSpec, q: QueueId) -> String {
    let mut what = Vec::new();
    let transfers = spec.transfer_rules().any(|t| match t.target {
        TransferTarget::Group { queue, .. } => queue == q,
        TransferTarget::Queue(x) => x == q,
    });
    if transfers {
        what.push("transfers");
    }
    if spec
        .flows
        .iter()
        .any(|f| f.move_to_queue.is_some_and(|m| m.queue == q))
    {
        what.push("queue moves");
    }
    let same_queue_offers = queue_flows_into(spec, q);
    let callbacks = spec.flows.iter().enumerate().any(|(i, f)| {
        f.callback.as_ref().is_some_and(|cb| match cb.queue {
            Some(x) => x == q,
            None => same_queue_offers.contains(&FlowId(i as u16)),
        })
    });
    if callbacks {
        what.push("callbacks");
    }
    // Disconnect flows that queue the contact again (DISCONNECT contacts).
    let follow_ups = spec
        .flows
        .iter()
        .flat_map(|f| f.all_sets())
        .filter_map(|s| s.disconnect)
        .any(|d| spec.flows[d.index()].branches.iter().any(|b| b.queue == q));
    if follow_ups {
        what.push("disconnect-flow follow-ups");
    }
    if what.is_empty() {
        String::new()
    } else {
        format!(", plus {} (not estimated)", what.join(", "))
    }
}
