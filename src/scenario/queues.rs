//! `[[queues]]` with their `[queues.targets]`, outbound whisper and their
//! transfer rules (`transfer`, `transfer_by_group`): the raw tables, their defaults and
//! their checks, which build the [`QueueSpec`]s and the index the other
//! tables look queue names up in. Also the agent queues that agent transfers
//! add after the scenario's own. The transfer rules are checked last of all
//! ([`transfers`]), because they name flows and agent groups.

use serde::Deserialize;
use std::collections::BTreeMap;

use crate::center::ids::{FlowId, GroupId, QueueId};
use crate::center::spec::{
    AgentGroupSpec, CenterSpec, Channel, FlowSpec, FlowType, QueueSpec, QueueTargets,
    RoutingProfileSpec, ServiceLevelDefinition, MAX_WHISPER,
};
use crate::engine::SimDuration;

use super::check::{with_article, Check};
use super::check::{Known, QueueIndex};
use super::duration::RawDuration;
use super::transfers::{transfer, RawTransfer};

/// `[[queues]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawQueue {
    /// Name.
    pub name: String,
    /// Maximum contacts waiting.
    pub capacity: Option<i64>,
    /// Service-level thresholds.
    pub service_level_thresholds: Option<Vec<RawDuration>>,
    /// Staffing targets.
    pub targets: Option<RawTargets>,
    /// Outbound whisper flow of agents' outbound calls through this queue.
    pub outbound_whisper: Option<String>,
    /// How agents transfer the contacts they answer from this queue (the
    /// same fields as a source's `customer.transfer`).
    pub transfer: Option<RawTransfer>,
    /// Per agent group name, how that group's agents transfer the contacts
    /// they answer from this queue (overrides `transfer`).
    #[serde(default)]
    pub transfer_by_group: BTreeMap<String, RawTransfer>,
    /// Service-level thresholds of the queue's EMAIL contacts.
    pub email_service_level: Option<Vec<RawDuration>>,
    /// External parties its agents add to voice conversations.
    pub external: Option<super::external::RawExternal>,
}

/// `[queues.targets]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTargets {
    /// Service-level target.
    pub service_level: Option<RawServiceLevelTarget>,
    /// Maximum abandonment rate (a share).
    pub max_abandonment_rate: Option<f64>,
    /// Maximum ASA.
    pub max_asa: Option<RawDuration>,
}

/// `service_level = { threshold = "20s", target = 0.8, definition = "answered" }`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawServiceLevelTarget {
    /// Threshold.
    pub threshold: RawDuration,
    /// Share to reach.
    pub target: f64,
    /// "answered" (default) or "connect".
    pub definition: Option<String>,
}

/// The service-level threshold reported for a queue that lists none, and
/// for every agent queue.
const DEFAULT_SERVICE_LEVEL_THRESHOLD: SimDuration = SimDuration::from_secs(20);

/// Checks every `[[queues]]` table; returns their specs, in file order, and
/// the index of their names.
pub(super) fn check(c: &mut Check, raw: &[RawQueue]) -> (Vec<QueueSpec>, QueueIndex) {
    let mut ids: BTreeMap<String, QueueId> = BTreeMap::new();
    let mut seen = BTreeMap::new();
    let mut queues = Vec::new();
    for (i, q) in raw.iter().enumerate() {
        let path = format!("queues[{i}]");
        c.name_unique(&mut seen, &q.name, &path, "queue");
        ids.entry(q.name.clone()).or_insert(QueueId(i as u16));
        queues.push(queue(c, &path, q));
    }
    if raw.is_empty() {
        c.fail(
            "queues",
            "the scenario has no queue",
            "add at least one [[queues]] table with a name",
        );
    }
    let names = raw
        .iter()
        .map(|q| q.name.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    let index = QueueIndex {
        ids,
        names,
        count: raw.len(),
    };
    (queues, index)
}

/// Checks one queue (its name aside).
fn queue(c: &mut Check, path: &str, q: &RawQueue) -> QueueSpec {
    let capacity = match q.capacity {
        None => None,
        Some(v) if v >= 1 && v <= i64::from(u32::MAX) => Some(v as u32),
        Some(v) => {
            c.fail(format!("{path}.capacity"), format!("capacity {v} is not a positive whole number"), "give the maximum number of contacts that may wait, e.g. capacity = 50, or leave it out for no limit");
            None
        }
    };
    let mut thresholds = Vec::new();
    for (k, t) in q
        .service_level_thresholds
        .clone()
        .unwrap_or_else(|| vec![RawDuration(DEFAULT_SERVICE_LEVEL_THRESHOLD.as_secs_f64())])
        .into_iter()
        .enumerate()
    {
        let d = c.positive_duration(&format!("{path}.service_level_thresholds[{k}]"), t, "20s");
        if !d.as_millis().is_multiple_of(1000) {
            c.fail(
                format!("{path}.service_level_thresholds[{k}]"),
                "thresholds are whole seconds",
                "e.g. \"20s\"",
            );
        }
        thresholds.push(d);
    }
    c.listed_once(
        &format!("{path}.service_level_thresholds"),
        &thresholds,
        "threshold",
    );
    let targets = q
        .targets
        .as_ref()
        .map(|t| targets(c, &format!("{path}.targets"), t, &mut thresholds));
    thresholds.sort();
    thresholds.dedup();
    QueueSpec {
        targets,
        agent_queue_of: None,
        outbound_whisper: None,
        name: q.name.clone(),
        capacity,
        service_level_thresholds: thresholds,
        transfer: None,
        transfer_by_group: Vec::new(),
        email_service_level_thresholds: super::email::thresholds(
            c,
            path,
            q.email_service_level.as_deref(),
        ),
        external: super::external::check(c, path, &q.name, q.external.as_ref()),
    }
}

/// Checks a queue's staffing targets; a service-level target's threshold is
/// added to `thresholds`, so it is reported like any other.
fn targets(
    c: &mut Check,
    tpath: &str,
    t: &RawTargets,
    thresholds: &mut Vec<SimDuration>,
) -> QueueTargets {
    let service_level = t.service_level.as_ref().map(|sl| {
        let threshold = c.positive_duration(
            &format!("{tpath}.service_level.threshold"),
            sl.threshold,
            "20s",
        );
        if !threshold.as_millis().is_multiple_of(1000) {
            c.fail(format!("{tpath}.service_level.threshold"), "thresholds are whole seconds", "e.g. \"20s\"");
        }
        let target = c.probability(&format!("{tpath}.service_level.target"), sl.target);
        // Random arrivals make a wait past any threshold possible with any
        // finite staffing (and a caller may hang up before any agent can
        // answer), so a 100 % target is never met: `staff` would only
        // search up to its cap and give up.
        if target >= 1.0 {
            c.fail(
                format!("{tpath}.service_level.target"),
                "a service level of 100 % is never reached: with random arrivals some caller always waits past the threshold",
                "aim below 100 %, e.g. 0.95 or 0.99",
            );
        }
        let definition = match sl.definition.as_deref() {
            None | Some("answered") => ServiceLevelDefinition::AnsweredWithin,
            Some("connect") => ServiceLevelDefinition::Connect,
            Some(other) => {
                c.fail(format!("{tpath}.service_level.definition"), format!("unknown definition `{other}`"), "\"answered\" (answered within ÷ queued) or \"connect\" (Connect's: removed within ÷ queued)");
                ServiceLevelDefinition::AnsweredWithin
            }
        };
        thresholds.push(threshold);
        (threshold, target, definition)
    });
    let max_abandonment_rate = t
        .max_abandonment_rate
        .map(|p| c.probability(&format!("{tpath}.max_abandonment_rate"), p));
    let max_asa = t
        .max_asa
        .map(|d| c.positive_duration(&format!("{tpath}.max_asa"), d, "30s"));
    if service_level.is_none() && max_abandonment_rate.is_none() && max_asa.is_none() {
        c.fail(
            tpath,
            "no target set",
            "set service_level, max_abandonment_rate and/or max_asa — or leave `targets` out: a queue needs none for `ccsim staff` to size a group by its `max_occupancy` alone",
        );
    }
    QueueTargets {
        service_level,
        max_abandonment_rate,
        max_asa,
    }
}

/// The agent queue of group `group` (named `group_name`): where agent
/// transfers to the group are reported. Each such transfer waits for the one
/// agent it names (Connect's agent queues are per agent); this queue sums
/// them up per group. It has no capacity and no targets.
pub(super) fn agent_queue(group_name: &str, group: GroupId) -> QueueSpec {
    QueueSpec {
        name: format!("agent:{group_name}"),
        capacity: None,
        service_level_thresholds: vec![DEFAULT_SERVICE_LEVEL_THRESHOLD],
        agent_queue_of: Some(group),
        targets: None,
        outbound_whisper: None,
        transfer: None,
        transfer_by_group: Vec::new(),
        email_service_level_thresholds: Vec::new(),
        external: None,
    }
}

/// Checks every queue's transfer rules and sets them on `queues`: `transfer`
/// (how agents transfer what they answer from the queue) and
/// `transfer_by_group` (the same, for one group's agents). Runs after the
/// sources, like whose `customer.transfer` they are checked: a transfer to a
/// group adds that group's agent queue to `agent_queues` if the sources did
/// not. A group refinement must name a group whose routing profile serves
/// the queue — otherwise it could never apply.
pub(super) fn transfers(
    c: &mut Check,
    raw: &[RawQueue],
    queues: &mut [QueueSpec],
    known: &Known,
    groups: &[AgentGroupSpec],
    profiles: &[RoutingProfileSpec],
    agent_queues: &mut Vec<GroupId>,
) {
    for (i, (q, spec)) in raw.iter().zip(queues.iter_mut()).enumerate() {
        let path = format!("queues[{i}]");
        if let Some(t) = &q.transfer {
            spec.transfer = transfer(c, &format!("{path}.transfer"), t, known, agent_queues);
        }
        for (name, t) in &q.transfer_by_group {
            let gpath = format!("{path}.transfer_by_group.{name}");
            let Some(&g) = known.groups.get(name) else {
                let names: Vec<&str> = known.groups.keys().map(String::as_str).collect();
                c.fail(
                    gpath,
                    format!("unknown agent group `{name}`"),
                    format!("name one of the [[agent_groups]]: {}", names.join(", ")),
                );
                continue;
            };
            let serves = groups
                .get(g.index())
                .and_then(|gs| profiles.get(gs.profile.index()))
                .is_some_and(|p| p.queues.iter().any(|pq| pq.queue.index() == i));
            if !serves {
                c.fail(
                    gpath.clone(),
                    format!(
                        "agent group `{name}` never answers from queue `{}`: its routing profile does not serve it, so this rule could never apply",
                        q.name
                    ),
                    "refine transfers only for groups whose routing profile lists this queue (or add the queue to the group's profile)",
                );
            }
            if let Some(rule) = transfer(c, &gpath, t, known, agent_queues) {
                spec.transfer_by_group.push((g, rule));
            }
        }
    }
}

/// Resolves each queue's `outbound_whisper` (checked after the flows: it
/// names one), which must be an outbound whisper flow.
pub(super) fn outbound_whispers(
    c: &mut Check,
    raw: &[RawQueue],
    queues: &mut [QueueSpec],
    flows: &[FlowSpec],
    flow_ids: &BTreeMap<String, FlowId>,
) {
    for (i, (r, q)) in raw.iter().zip(queues.iter_mut()).enumerate() {
        let Some(name) = &r.outbound_whisper else {
            continue;
        };
        let path = format!("queues[{i}].outbound_whisper");
        match flow_ids.get(name) {
            Some(&f) if flows[f.index()].flow_type == FlowType::OutboundWhisper => {
                q.outbound_whisper = Some(f);
            }
            Some(&f) => c.fail(
                path,
                format!(
                    "`{name}` is {} flow, but a queue's outbound whisper is an outbound_whisper flow",
                    with_article(flows[f.index()].flow_type.key())
                ),
                "name a flow with type = \"outbound_whisper\" (or leave it out for Default outbound)",
            ),
            None => c.fail(
                path,
                format!("unknown flow `{name}`"),
                "name an outbound_whisper flow defined under [[flows]], or leave it out for Default outbound",
            ),
        }
    }
}

/// Refuses a `max_asa` below the agent whisper every answered contact
/// waits through: Connect's queue time, and so ASA, includes it, so no
/// staffing meets such a target (a fuzz find: `max_asa = "1ms"` passed
/// validate, and `staff` searched 37 s to its cap before saying so).
/// Checked only where every contact is a voice call that waits on the
/// line (voice sources, no callback offered: a chat without a whisper set,
/// or a callback dequeued at its accept, waits through none), against the
/// shortest whisper any agent-whisper flow can play.
pub(super) fn unreachable_asa(c: &mut Check, spec: &CenterSpec) {
    let voice_only = spec
        .sources
        .iter()
        .all(|s| s.kind.channel() == Channel::Voice);
    let callbacks = spec.flows.iter().any(|f| f.callback.is_some());
    if !voice_only || callbacks || spec.sources.is_empty() {
        return;
    }
    let floor = spec
        .flows
        .iter()
        .filter(|f| f.flow_type == FlowType::AgentWhisper)
        .map(|f| {
            f.duration
                .as_ref()
                .map_or(0.0, |d| d.lower_bound().min(MAX_WHISPER.as_secs_f64()))
        })
        .fold(f64::INFINITY, f64::min);
    if !floor.is_finite() || floor <= 0.0 {
        return;
    }
    for (i, q) in spec.queues.iter().enumerate() {
        let Some(asa) = q.targets.and_then(|t| t.max_asa) else {
            continue;
        };
        if asa.as_secs_f64() < floor {
            c.fail(
                format!("queues[{i}].targets.max_asa"),
                format!(
                    "an ASA of at most {} s is never reached: every answered call waits through the agent whisper (at least {floor} s), which Connect counts in the queue time",
                    asa.as_secs_f64()
                ),
                format!("set max_asa above {floor} s, e.g. \"20s\", or shorten the agent whisper flow"),
            );
        }
    }
}
