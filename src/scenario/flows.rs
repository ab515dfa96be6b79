//! `[[flows]]`: the raw tables (duration, self-service, queue branches and
//! the flows each sets, flows set on the contact, routing priority / age
//! changes, callback offers, moves to another queue), their
//! defaults and their checks, which build the [`FlowSpec`]s: Connect's nine
//! default flows first, then the scenario's own.

use serde::Deserialize;
use std::collections::BTreeMap;

use crate::center::ids::FlowId;
use crate::center::ids::QueueId;
use crate::center::spec::{
    CallbackOffer, DefaultFlows, FlowOverrides, FlowSpec, FlowType, QueueBranch, QueueMove,
    RoutingChange, TimedRoutingChange, MAX_WHISPER,
};
use crate::engine::{Dist, SimDuration};

use super::check::{with_article, Check, QueueIndex};
use super::dist::RawDist;
use super::duration::RawDuration;

/// `[[flows]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFlow {
    /// Name.
    pub name: String,
    /// Flow type.
    #[serde(rename = "type")]
    pub flow_type: String,
    /// Duration of one play.
    pub duration: Option<RawDist>,
    /// Self-service probability (inbound flows).
    pub self_service: Option<f64>,
    /// Queue branches (inbound flows).
    #[serde(default)]
    pub queues: Vec<RawQueueBranch>,
    /// Flows set on the contact (inbound flows) or on the leg a transfer
    /// creates (agent and queue transfer flows): type key → flow name.
    #[serde(default)]
    pub sets: BTreeMap<String, String>,
    /// Change routing priority / age for every contact of the flow (inbound
    /// flows; a queue branch's own block overrides it).
    pub routing: Option<RawRoutingChange>,
    /// Callback offer (customer queue flows).
    pub callback: Option<RawCallback>,
    /// Move to another queue (customer queue flows).
    pub move_to_queue: Option<RawQueueMove>,
    /// Routing changes after some time in queue (customer queue flows).
    #[serde(default)]
    pub change_routing: Vec<RawTimedRoutingChange>,
    /// An email the flow sends (inbound flows; FLOW).
    pub send_email: Option<super::email::RawSendEmail>,
}

/// `routing = { priority = 2, add_age = "30s" }`: a "Change routing
/// priority / age" block.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRoutingChange {
    /// Set priority (1 is the highest; Connect's default 5).
    pub priority: Option<i64>,
    /// Adjust by time: make the contact look this much older.
    pub add_age: Option<RawDuration>,
    /// Adjust by time: make the contact look this much younger.
    pub subtract_age: Option<RawDuration>,
}

/// `change_routing = [{ after = "60s", priority = 1 }, …]`: a customer
/// queue flow's routing change after some time in queue.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTimedRoutingChange {
    /// Time in queue before the change.
    pub after: RawDuration,
    /// Set priority.
    pub priority: Option<i64>,
    /// Make the contact look this much older.
    pub add_age: Option<RawDuration>,
    /// Make the contact look this much younger.
    pub subtract_age: Option<RawDuration>,
}

/// A customer queue flow's callback offer.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCallback {
    /// Time in queue before the offer.
    pub offer_after: RawDuration,
    /// Probability a customer takes it.
    pub take_probability: f64,
    /// Delay before the callback is queued.
    #[serde(default)]
    pub initial_delay: Option<RawDuration>,
    /// Attempts.
    #[serde(default = "three")]
    pub max_attempts: i64,
    /// Delay between attempts.
    #[serde(default)]
    pub retry_delay: Option<RawDuration>,
    /// Callback queue (default: the same queue).
    pub queue: Option<String>,
    /// Ringing per attempt.
    pub ring: Option<RawDist>,
    /// Probability the customer answers an attempt.
    pub answer_probability: f64,
    /// Probability voicemail answers instead.
    #[serde(default)]
    pub voicemail_probability: f64,
    /// Time to leave a voicemail.
    pub voicemail: Option<RawDist>,
    /// The conversation of a callback the customer answers (default: the
    /// talk the customer would have had on the contact that asked).
    pub talk: Option<RawDist>,
}

fn three() -> i64 {
    3
}

/// A customer queue flow's move to another queue.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawQueueMove {
    /// Destination queue.
    pub queue: String,
    /// Time in queue before the move.
    pub after: RawDuration,
}

/// One queue branch of an inbound flow.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawQueueBranch {
    /// Queue name.
    pub queue: String,
    /// Probability of this branch.
    pub probability: f64,
    /// Flows set on the contacts that take this branch, over the flow's
    /// own `sets`: type key → flow name.
    #[serde(default)]
    pub sets: BTreeMap<String, String>,
    /// The branch's own Change routing priority / age block.
    pub routing: Option<RawRoutingChange>,
    /// The branch's Set routing criteria block (a `[[routing_criteria]]`
    /// name).
    pub routing_criteria: Option<String>,
}

/// Routing changes one customer queue flow may make (they are events, and
/// the step index must fit in one).
const MAX_ROUTING_CHANGES: usize = 100;

/// Delay before a taken callback is queued, when `initial_delay` is left
/// out.
const DEFAULT_CALLBACK_INITIAL_DELAY: SimDuration = SimDuration::ZERO;

/// Delay between callback attempts, when `retry_delay` is left out.
pub const DEFAULT_CALLBACK_RETRY_DELAY: SimDuration = SimDuration::from_secs(600);

/// Seconds a callback attempt rings, when `ring` is left out.
pub const DEFAULT_CALLBACK_RING_SECS: f64 = 20.0;

/// Seconds to leave a voicemail, when `voicemail` is left out.
const DEFAULT_VOICEMAIL_SECS: f64 = 30.0;

/// The flow table while it is being checked.
struct FlowTable {
    /// Every flow: Connect's defaults, then the scenario's new ones.
    flows: Vec<FlowSpec>,
    /// Name → id.
    ids: BTreeMap<String, FlowId>,
    /// Per flow, the path of the `[[flows]]` table that defines (or
    /// redefines) it; `None` for a default left as it is.
    paths: Vec<Option<String>>,
}

/// Ids of Connect's default flows: the first nine of the table, in
/// [`FlowType::ALL`] order.
pub(super) fn connect_defaults() -> DefaultFlows {
    DefaultFlows::new(std::array::from_fn(|i| FlowId(i as u16)))
}

/// Checks every `[[flows]]` table; returns every flow (Connect's nine
/// defaults first — a scenario flow with a default's name redefines it in
/// place — then the scenario's new ones) and their ids by name.
pub(super) fn check(
    c: &mut Check,
    raw: &[RawFlow],
    queues: &QueueIndex,
) -> (Vec<FlowSpec>, BTreeMap<String, FlowId>) {
    let flows: Vec<FlowSpec> = FlowType::ALL
        .iter()
        .map(|t| FlowSpec {
            name: t.default_name().to_string(),
            flow_type: *t,
            duration: t.default_duration_secs().map(Dist::Constant),
            self_service: 0.0,
            branches: Vec::new(),
            sets: FlowOverrides::default(),
            routing: RoutingChange::default(),
            change_routing: Vec::new(),
            callback: None,
            move_to_queue: None,
            send_email: None,
        })
        .collect();
    let ids: BTreeMap<String, FlowId> = flows
        .iter()
        .enumerate()
        .map(|(i, f)| (f.name.clone(), FlowId(i as u16)))
        .collect();
    let mut table = FlowTable {
        paths: vec![None; flows.len()],
        flows,
        ids,
    };
    let mut seen = BTreeMap::new();
    // First pass: names and types, so `sets` can refer to flows defined later.
    for (i, f) in raw.iter().enumerate() {
        let path = format!("flows[{i}]");
        c.name_unique(&mut seen, &f.name, &path, "flow");
        declare(c, path, f, &mut table);
    }
    // Second pass: everything else.
    for (i, f) in raw.iter().enumerate() {
        let path = format!("flows[{i}]");
        let Some(&id) = table.ids.get(&f.name) else {
            continue;
        };
        if table.paths[id.index()].as_deref() != Some(path.as_str()) {
            continue;
        }
        settle(c, &path, f, id, &mut table, queues);
    }
    (table.flows, table.ids)
}

/// The flow type a scenario names, if any.
fn flow_type_from_key(key: &str) -> Option<FlowType> {
    FlowType::ALL.iter().copied().find(|t| t.key() == key)
}

/// Every flow type's key, comma-separated, for hints.
fn all_flow_type_keys() -> String {
    FlowType::ALL
        .iter()
        .map(|t| t.key())
        .collect::<Vec<_>>()
        .join(", ")
}

/// First pass over one flow: checks its type and adds it to the table (or
/// marks the default it redefines).
fn declare(c: &mut Check, path: String, f: &RawFlow, table: &mut FlowTable) {
    let Some(t) = flow_type_from_key(&f.flow_type) else {
        c.fail(
            format!("{path}.type"),
            format!("unknown flow type `{}`", f.flow_type),
            format!("use one of: {}", all_flow_type_keys()),
        );
        return;
    };
    if let Some(&id) = table.ids.get(&f.name) {
        if id.index() < FlowType::ALL.len() {
            let default_type = table.flows[id.index()].flow_type;
            if default_type != t {
                c.fail(
                    format!("{path}.type"),
                    format!(
                        "`{}` is Connect's default {} flow; it cannot change type",
                        f.name,
                        default_type.key()
                    ),
                    format!(
                        "set type = \"{}\" or give your flow another name",
                        default_type.key()
                    ),
                );
            }
            table.paths[id.index()] = Some(path);
        }
        return; // a duplicate name is already reported
    }
    table
        .ids
        .insert(f.name.clone(), FlowId(table.flows.len() as u16));
    table.flows.push(FlowSpec {
        name: f.name.clone(),
        flow_type: t,
        duration: None,
        self_service: 0.0,
        branches: Vec::new(),
        sets: FlowOverrides::default(),
        routing: RoutingChange::default(),
        change_routing: Vec::new(),
        callback: None,
        move_to_queue: None,
        send_email: None,
    });
    table.paths.push(Some(path));
}

/// Second pass over one flow (`id` in the table): everything but its name
/// and type.
fn settle(
    c: &mut Check,
    path: &str,
    f: &RawFlow,
    id: FlowId,
    table: &mut FlowTable,
    queues: &QueueIndex,
) {
    let t = table.flows[id.index()].flow_type;
    duration(c, path, f, id, &mut table.flows[id.index()]);
    table.flows[id.index()].send_email =
        super::email::send_email(c, path, f.send_email.as_ref(), t, &f.name);
    if t != FlowType::CustomerQueue && (f.callback.is_some() || f.move_to_queue.is_some()) {
        c.fail(path, format!("only customer queue flows offer callbacks or move contacts to other queues; `{}` is {} flow", f.name, with_article(t.key())), "put `callback` / `move_to_queue` on a flow with type = \"customer_queue\"");
    }
    if t != FlowType::CustomerQueue && !f.change_routing.is_empty() {
        c.fail(format!("{path}.change_routing"), format!("only customer queue flows change a waiting contact's routing after some time; `{}` is {} flow", f.name, with_article(t.key())), "put `change_routing` on a flow with type = \"customer_queue\" (an inbound flow uses `routing = { … }`)");
    }
    if t == FlowType::CustomerQueue {
        table.flows[id.index()].change_routing = change_routing(c, path, f);
        if let Some(cb) = &f.callback {
            let offer = callback(c, &format!("{path}.callback"), cb, queues);
            table.flows[id.index()].callback = Some(offer);
        }
        if let Some(m) = &f.move_to_queue {
            let mpath = format!("{path}.move_to_queue");
            let after = c.positive_duration(&format!("{mpath}.after"), m.after, "2m");
            if let Some(queue) = queues.lookup(c, format!("{mpath}.queue"), &m.queue) {
                table.flows[id.index()].move_to_queue = Some(QueueMove { queue, after });
            }
        }
    }
    if t != FlowType::Inbound
        && (f.self_service.is_some() || !f.queues.is_empty() || f.routing.is_some())
    {
        c.fail(path, format!("only inbound flows decide self_service and queue branches, or change routing priority / age on the way in; `{}` is {} flow", f.name, with_article(t.key())), "move these settings to the inbound flow (a customer queue flow changes routing with change_routing = [{ after = \"0s\", … }])");
    }
    let may_set = matches!(
        t,
        FlowType::Inbound | FlowType::AgentTransfer | FlowType::QueueTransfer
    );
    if !may_set && !f.sets.is_empty() {
        c.fail(format!("{path}.sets"), format!("only inbound, agent_transfer and queue_transfer flows hold Set … flow blocks; `{}` is {} flow", f.name, with_article(t.key())), "move `sets` to the inbound flow (or one of its queue branches), or to the transfer flow that creates the leg");
    }
    if t == FlowType::Inbound {
        if let Some(p) = f.self_service {
            table.flows[id.index()].self_service =
                c.probability(&format!("{path}.self_service"), p);
        }
        if let Some(r) = &f.routing {
            table.flows[id.index()].routing = routing_change(
                c,
                &format!("{path}.routing"),
                r.priority,
                r.add_age,
                r.subtract_age,
            );
        }
        table.flows[id.index()].branches = branches(c, path, f, table, queues);
    }
    if may_set {
        let sets = sets(c, &format!("{path}.sets"), &f.sets, table);
        table.flows[id.index()].sets = sets;
    }
}

/// Checks the flows set as disconnect flows (Set disconnect flow, in any
/// `sets`), given the sources' inbound flows: a disconnect flow queues the
/// contact again only on its `queues` branches (with probability 1 −
/// `self_service`), so one with `self_service` and no branch — and no other
/// use as a source's inbound flow — is refused: its `self_service` would
/// mean nothing.
pub(super) fn disconnect_flows(
    c: &mut Check,
    raw: &[RawFlow],
    flows: &[FlowSpec],
    ids: &BTreeMap<String, FlowId>,
    inbound: &[FlowId],
) {
    let disconnect: Vec<FlowId> = flows
        .iter()
        .flat_map(|f| f.all_sets())
        .filter_map(|s| s.disconnect)
        .collect();
    for (i, f) in raw.iter().enumerate() {
        let Some(&id) = ids.get(&f.name) else {
            continue;
        };
        if f.self_service.is_some()
            && f.queues.is_empty()
            && disconnect.contains(&id)
            && !inbound.contains(&id)
        {
            c.fail(
                format!("flows[{i}].self_service"),
                format!("`{}` is a disconnect flow with no `queues` branch: it never queues the contact again, so `self_service` means nothing", f.name),
                "remove self_service (the flow plays to the customer on the same contact, like a survey), or add queues = [{ queue = \"…\", probability = 1.0 }]: the flow then queues the contact again, as a DISCONNECT contact, with probability 1 − self_service",
            );
        }
    }
}

/// Checks a flow's `duration` and sets it on `spec`: looping flows have
/// none, a new non-looping flow needs one, a whisper is short.
fn duration(c: &mut Check, path: &str, f: &RawFlow, id: FlowId, spec: &mut FlowSpec) {
    let t = spec.flow_type;
    if t.is_looping() {
        if f.duration.is_some() {
            c.fail(format!("{path}.duration"), format!("{} flow plays for as long as the contact waits or holds, so it has no duration", with_article(t.key())), "remove `duration`");
        }
        return;
    }
    match &f.duration {
        Some(d) => {
            if let Some(dist) = c.dist(&format!("{path}.duration"), d) {
                if t.is_whisper() && dist.mean() > MAX_WHISPER.as_secs_f64() {
                    c.fail(format!("{path}.duration"), format!("a whisper may not exceed 2 minutes (Connect disconnects it); this one averages {:.0} s", dist.mean()), "shorten the whisper to well under \"2m\"");
                }
                spec.duration = Some(dist);
            }
        }
        None if id.index() >= FlowType::ALL.len() => {
            c.fail(
                format!("{path}.duration"),
                format!("flow `{}` needs a duration", f.name),
                "e.g. duration = \"2s\" or { dist = \"lognormal\", mean = \"40s\", cv = 0.5 }",
            );
        }
        None => {}
    }
}

/// The most dial attempts a callback offer may make (`max_attempts`).
pub const MAX_CALLBACK_ATTEMPTS: u32 = 20;

/// Checks a customer queue flow's callback offer.
fn callback(c: &mut Check, cpath: &str, cb: &RawCallback, queues: &QueueIndex) -> CallbackOffer {
    let max_attempts = match u32::try_from(cb.max_attempts) {
        Ok(v) if (1..=MAX_CALLBACK_ATTEMPTS).contains(&v) => v,
        _ => {
            c.fail(
                format!("{cpath}.max_attempts"),
                format!("{} attempts", cb.max_attempts),
                format!("between 1 and {MAX_CALLBACK_ATTEMPTS} attempts"),
            );
            1
        }
    };
    let answer = c.probability(
        &format!("{cpath}.answer_probability"),
        cb.answer_probability,
    );
    let voicemail = c.probability(
        &format!("{cpath}.voicemail_probability"),
        cb.voicemail_probability,
    );
    if answer + voicemail > 1.0 + 1e-12 {
        c.fail(
            format!("{cpath}.voicemail_probability"),
            format!("answer ({answer}) + voicemail ({voicemail}) probabilities exceed 1"),
            "they are the shares of attempts answered in person and by voicemail",
        );
    }
    let queue = cb
        .queue
        .as_ref()
        .and_then(|q| queues.lookup(c, format!("{cpath}.queue"), q));
    let ring = match &cb.ring {
        Some(r) => c
            .dist(&format!("{cpath}.ring"), r)
            .unwrap_or(Dist::Constant(DEFAULT_CALLBACK_RING_SECS)),
        None => Dist::Constant(DEFAULT_CALLBACK_RING_SECS),
    };
    let voicemail_time = match &cb.voicemail {
        Some(r) => c
            .dist(&format!("{cpath}.voicemail"), r)
            .unwrap_or(Dist::Constant(DEFAULT_VOICEMAIL_SECS)),
        None => Dist::Constant(DEFAULT_VOICEMAIL_SECS),
    };
    let talk = cb
        .talk
        .as_ref()
        .and_then(|t| c.dist(&format!("{cpath}.talk"), t));
    CallbackOffer {
        offer_after: c.duration(&format!("{cpath}.offer_after"), cb.offer_after),
        take_probability: c.probability(&format!("{cpath}.take_probability"), cb.take_probability),
        initial_delay: cb
            .initial_delay
            .map(|d| c.duration(&format!("{cpath}.initial_delay"), d))
            .unwrap_or(DEFAULT_CALLBACK_INITIAL_DELAY),
        max_attempts,
        retry_delay: cb
            .retry_delay
            .map(|d| c.duration(&format!("{cpath}.retry_delay"), d))
            .unwrap_or(DEFAULT_CALLBACK_RETRY_DELAY),
        queue,
        ring,
        answer_probability: answer,
        voicemail_probability: voicemail,
        voicemail: voicemail_time,
        talk,
    }
}

/// Checks an inbound flow's queue branches, the flows each sets and its
/// routing change;
/// returns them with cumulative probabilities, the last one at exactly 1.
fn branches(
    c: &mut Check,
    path: &str,
    f: &RawFlow,
    table: &FlowTable,
    queues: &QueueIndex,
) -> Vec<QueueBranch> {
    let mut cumulative = 0.0;
    let mut branches = Vec::new();
    for (k, b) in f.queues.iter().enumerate() {
        let bpath = format!("{path}.queues[{k}]");
        let q: Option<QueueId> = queues.lookup(c, format!("{bpath}.queue"), &b.queue);
        let p = c.probability(&format!("{bpath}.probability"), b.probability);
        let routing = b
            .routing
            .as_ref()
            .map(|r| {
                routing_change(
                    c,
                    &format!("{bpath}.routing"),
                    r.priority,
                    r.add_age,
                    r.subtract_age,
                )
            })
            .unwrap_or_default();
        cumulative += p;
        let sets = sets(c, &format!("{bpath}.sets"), &b.sets, table);
        if let Some(queue) = q {
            branches.push(QueueBranch {
                queue,
                cumulative,
                sets,
                routing,
                // Resolved once every table is known (`criteria::resolve`).
                routing_criteria: None,
            });
        }
    }
    if !f.queues.is_empty() && (cumulative - 1.0).abs() > 1e-9 {
        c.fail(
            format!("{path}.queues"),
            format!("queue branch probabilities add up to {cumulative}, not 1"),
            "make the probabilities of the branches sum to 1",
        );
    }
    if let Some(last) = branches.last_mut() {
        last.cumulative = 1.0; // absorb rounding so a draw below 1 always finds a branch
    }
    branches
}

/// Checks a "Change routing priority / age" block at `path`: a priority of
/// at least 1, at most one of `add_age` / `subtract_age`, and something to
/// change.
fn routing_change(
    c: &mut Check,
    path: &str,
    priority: Option<i64>,
    add_age: Option<RawDuration>,
    subtract_age: Option<RawDuration>,
) -> RoutingChange {
    if priority.is_none() && add_age.is_none() && subtract_age.is_none() {
        c.fail(
            path,
            "this routing change changes nothing",
            "set priority = N (1 is the highest, Connect's default 5), add_age = \"30s\" (looks older: served sooner) or subtract_age = \"30s\" (looks younger)",
        );
    }
    let priority = priority.and_then(|p| match u64::try_from(p) {
        Ok(p) if p >= 1 => Some(p),
        _ => {
            c.fail(
                format!("{path}.priority"),
                format!("routing priority {p} is not a whole number ≥ 1"),
                "1 is the highest priority, Connect's default is 5; e.g. priority = 1 moves the contact ahead of default ones",
            );
            None
        }
    });
    let ms = |c: &mut Check, field: &str, d: RawDuration| {
        c.duration(&format!("{path}.{field}"), d).as_millis() as i64
    };
    let add_age_ms = match (add_age, subtract_age) {
        (Some(_), Some(_)) => {
            c.fail(
                path,
                "both add_age and subtract_age are set",
                "give one: add_age makes the contact look older (served sooner), subtract_age younger",
            );
            None
        }
        (Some(a), None) => Some(ms(c, "add_age", a)),
        (None, Some(s)) => Some(-ms(c, "subtract_age", s)),
        (None, None) => None,
    };
    RoutingChange {
        priority,
        add_age_ms,
    }
}

/// Checks a customer queue flow's routing changes after some time in queue.
fn change_routing(c: &mut Check, path: &str, f: &RawFlow) -> Vec<TimedRoutingChange> {
    if f.change_routing.len() > MAX_ROUTING_CHANGES {
        c.fail(
            format!("{path}.change_routing"),
            format!("{} routing changes", f.change_routing.len()),
            format!("at most {MAX_ROUTING_CHANGES} per flow"),
        );
        return Vec::new();
    }
    f.change_routing
        .iter()
        .enumerate()
        .map(|(k, r)| {
            let rpath = format!("{path}.change_routing[{k}]");
            TimedRoutingChange {
                after: c.duration(&format!("{rpath}.after"), r.after),
                change: routing_change(c, &rpath, r.priority, r.add_age, r.subtract_age),
            }
        })
        .collect()
}

/// Checks the Set … flow blocks of a `sets` table at `path` (a flow's own
/// or a queue branch's): each key a settable type, each value a flow of
/// that type.
fn sets(
    c: &mut Check,
    path: &str,
    raw: &BTreeMap<String, String>,
    table: &FlowTable,
) -> FlowOverrides {
    let mut sets = FlowOverrides::default();
    for (key, target) in raw {
        let spath = format!("{path}.{key}");
        let slot = match key.as_str() {
            "customer_queue" => Some((&mut sets.customer_queue, FlowType::CustomerQueue)),
            "customer_hold" => Some((&mut sets.customer_hold, FlowType::CustomerHold)),
            "agent_hold" => Some((&mut sets.agent_hold, FlowType::AgentHold)),
            "agent_whisper" => Some((&mut sets.agent_whisper, FlowType::AgentWhisper)),
            "customer_whisper" => Some((&mut sets.customer_whisper, FlowType::CustomerWhisper)),
            "outbound_whisper" => Some((&mut sets.outbound_whisper, FlowType::OutboundWhisper)),
            // A disconnect flow is an inbound-type flow (Connect allows
            // only those in Set disconnect flow).
            "disconnect" => Some((&mut sets.disconnect, FlowType::Inbound)),
            _ => None,
        };
        let Some((slot, want)) = slot else {
            c.fail(spath, format!("no Set … flow block sets `{key}`"), "settable: customer_queue, customer_hold, agent_hold, agent_whisper, customer_whisper, outbound_whisper, disconnect");
            continue;
        };
        match table.ids.get(target) {
            None => c.fail(
                spath,
                format!("unknown flow `{target}`"),
                "name a flow defined under [[flows]] or one of Connect's defaults",
            ),
            Some(&fid) if table.flows[fid.index()].flow_type != want => c.fail(
                spath,
                format!(
                    "`{target}` is {} flow, but `{key}` needs {} flow",
                    with_article(table.flows[fid.index()].flow_type.key()),
                    with_article(want.key())
                ),
                format!("name a flow of type {}", want.key()),
            ),
            Some(&fid) => *slot = Some(fid),
        }
    }
    sets
}
