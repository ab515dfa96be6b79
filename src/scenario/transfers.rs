//! Transfer rules — `[sources.customer.transfer]`, a queue's `transfer` and
//! `transfer_by_group` (the same fields): the raw table, its defaults and its
//! checks, which build a [`TransferSpec`]. Shared by the sources and the
//! queues, which both hold transfer rules.

use serde::Deserialize;

use crate::center::ids::{FlowId, GroupId};
use crate::center::spec::{AgentPick, FlowType, TransferSpec, TransferTarget};
use crate::engine::Dist;

use super::check::{with_article, Check, Known};
use super::dist::RawDist;

/// `[sources.customer.transfer]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTransfer {
    /// Probability of a transfer per leg.
    pub probability: f64,
    /// Talk before the transfer.
    pub after: RawDist,
    /// Agent quick connect: a group.
    pub to_group: Option<String>,
    /// How the agent quick connect names one agent of the group:
    /// "longest_idle" (default) or "random".
    pub agent: Option<String>,
    /// Queue quick connect: a queue.
    pub to_queue: Option<String>,
    /// Transfer flow (default: the type's default).
    pub flow: Option<String>,
    /// Cold transfer.
    #[serde(default)]
    pub cold: bool,
    /// Consult duration.
    pub consult: Option<RawDist>,
    /// Post-consult action probabilities.
    pub actions: Option<RawActions>,
    /// Duration of join / hold all / hold destination.
    pub action_duration: Option<RawDist>,
    /// Probability the destination leaves instead.
    #[serde(default)]
    pub withdraw_probability: f64,
    /// Talk with the destination.
    pub talk_after: RawDist,
    /// Patience on hold.
    pub hold_patience: Option<RawDist>,
    /// Maximum chain of transfers.
    #[serde(default = "eleven")]
    pub max_chain: i64,
}

fn eleven() -> i64 {
    11
}

/// `actions = { join = 0.2, hold_all = 0.1, hold_destination = 0.1, end_call = 0.6 }`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawActions {
    /// Conference.
    #[serde(default)]
    pub join: f64,
    /// Hold all.
    #[serde(default)]
    pub hold_all: f64,
    /// Hold destination.
    #[serde(default)]
    pub hold_destination: f64,
    /// End call.
    #[serde(default)]
    pub end_call: f64,
}

/// Seconds of a transfer's consult, when `consult` is left out.
const DEFAULT_CONSULT_SECS: f64 = 30.0;

/// Seconds of join / hold all / hold destination, when `action_duration`
/// is left out.
const DEFAULT_ACTION_DURATION_SECS: f64 = 30.0;

/// Cumulative post-consult action probabilities when `actions` is left out:
/// the source agent always ends the call.
const DEFAULT_ACTIONS: [f64; 4] = [0.0, 0.0, 0.0, 1.0];

/// Checks a transfer rule (a source's `customer.transfer`, a queue's
/// `transfer` or `transfer_by_group` entry) at `tpath`; `None` if a part of
/// it is unusable (already reported).
pub(super) fn transfer(
    c: &mut Check,
    tpath: &str,
    t: &RawTransfer,
    known: &Known,
    agent_queues: &mut Vec<GroupId>,
) -> Option<TransferSpec> {
    let probability = c.probability(&format!("{tpath}.probability"), t.probability);
    let after = c.dist(&format!("{tpath}.after"), &t.after);
    let target = transfer_target(c, tpath, t, known, agent_queues);
    let want = match target {
        Some(TransferTarget::Queue(_)) => FlowType::QueueTransfer,
        _ => FlowType::AgentTransfer,
    };
    let flow = transfer_flow(c, tpath, t, want, known);
    if t.cold {
        // A cold transfer's source agent leaves once the transfer flow has
        // played: there is no consult, so nothing of one can apply.
        let warm_only = [
            ("consult", t.consult.is_some()),
            ("actions", t.actions.is_some()),
            ("action_duration", t.action_duration.is_some()),
            ("withdraw_probability", t.withdraw_probability != 0.0),
        ];
        for (field, given) in warm_only {
            if given {
                c.fail(
                    format!("{tpath}.{field}"),
                    format!("a cold transfer has no consult, so `{field}` would never apply"),
                    format!("remove `{field}`, or set cold = false for a warm transfer"),
                );
            }
        }
    }
    let consult = match &t.consult {
        Some(d) => c.dist(&format!("{tpath}.consult"), d),
        None => Some(Dist::Constant(DEFAULT_CONSULT_SECS)),
    };
    let actions = actions(c, tpath, t);
    let action_duration = match &t.action_duration {
        Some(d) => c.dist(&format!("{tpath}.action_duration"), d),
        None => Some(Dist::Constant(DEFAULT_ACTION_DURATION_SECS)),
    };
    let withdraw_probability = c.probability(
        &format!("{tpath}.withdraw_probability"),
        t.withdraw_probability,
    );
    let talk_after = c.dist(&format!("{tpath}.talk_after"), &t.talk_after);
    let hold_patience = t
        .hold_patience
        .as_ref()
        .and_then(|d| c.dist(&format!("{tpath}.hold_patience"), d));
    let max_chain = match u32::try_from(t.max_chain) {
        Ok(v) if (1..=11).contains(&v) => v,
        _ => {
            c.fail(
                format!("{tpath}.max_chain"),
                format!("{} transfers", t.max_chain),
                "between 1 and 11 (Connect's limit)",
            );
            1
        }
    };
    Some(TransferSpec {
        probability,
        after: after?,
        target: target?,
        flow: flow?,
        cold: t.cold,
        consult: consult?,
        actions,
        action_duration: action_duration?,
        withdraw_probability,
        talk_after: talk_after?,
        hold_patience,
        max_chain,
    })
}

/// Checks where a transfer goes: exactly one of a group (which then gets
/// an agent queue) or a queue.
fn transfer_target(
    c: &mut Check,
    tpath: &str,
    t: &RawTransfer,
    known: &Known,
    agent_queues: &mut Vec<GroupId>,
) -> Option<TransferTarget> {
    let pick = match t.agent.as_deref() {
        None | Some("longest_idle") => AgentPick::LongestIdle,
        Some("random") => AgentPick::Random,
        Some(other) => {
            c.fail(
                format!("{tpath}.agent"),
                format!("unknown way to name the agent `{other}`"),
                "\"longest_idle\" (the group's agent available longest; the default) or \"random\" (any agent of the group on shift)",
            );
            AgentPick::LongestIdle
        }
    };
    if t.agent.is_some() && t.to_group.is_none() {
        c.fail(
            format!("{tpath}.agent"),
            "`agent` names one agent of a group: it needs to_group (an agent quick connect)",
            "remove `agent`, or transfer with to_group = \"…\"",
        );
    }
    match (&t.to_group, &t.to_queue) {
        (Some(g), None) => match known.groups.get(g) {
            Some(&gid) => {
                let k = match agent_queues.iter().position(|x: &GroupId| *x == gid) {
                    Some(k) => k,
                    None => {
                        agent_queues.push(gid);
                        agent_queues.len() - 1
                    }
                };
                Some(TransferTarget::Group {
                    group: gid,
                    queue: known.queues.agent_queue_id(k),
                    pick,
                })
            }
            None => {
                c.fail(
                    format!("{tpath}.to_group"),
                    format!("unknown agent group `{g}`"),
                    "name one of the [[agent_groups]]",
                );
                None
            }
        },
        (None, Some(q)) => known
            .queues
            .lookup(c, format!("{tpath}.to_queue"), q)
            .map(TransferTarget::Queue),
        _ => {
            c.fail(tpath, "give exactly one of to_group (agent quick connect) or to_queue (queue quick connect)", "e.g. to_queue = \"billing\"");
            None
        }
    }
}

/// Checks the flow a transfer plays, which must be of type `want`; Connect's
/// default of that type when it names none.
fn transfer_flow(
    c: &mut Check,
    tpath: &str,
    t: &RawTransfer,
    want: FlowType,
    known: &Known,
) -> Option<FlowId> {
    match &t.flow {
        None => Some(FlowId(
            FlowType::ALL.iter().position(|x| *x == want).unwrap_or(0) as u16,
        )),
        Some(name) => match known.flow_ids.get(name) {
            Some(&f) if known.flows[f.index()].flow_type == want => Some(f),
            Some(_) => {
                c.fail(
                    format!("{tpath}.flow"),
                    format!("`{name}` is not {} flow", with_article(want.key())),
                    format!("name a flow of type {}", want.key()),
                );
                None
            }
            None => {
                c.fail(
                    format!("{tpath}.flow"),
                    format!("unknown flow `{name}`"),
                    "name a flow defined under [[flows]]",
                );
                None
            }
        },
    }
}

/// Checks the post-consult action probabilities; returns them cumulative,
/// in `PostConsult::ALL` order, the last at exactly 1.
fn actions(c: &mut Check, tpath: &str, t: &RawTransfer) -> [f64; 4] {
    let Some(a) = &t.actions else {
        return DEFAULT_ACTIONS;
    };
    let mut actions = [0.0; 4];
    let mut cum = 0.0;
    for (k, (f, v)) in [
        ("join", a.join),
        ("hold_all", a.hold_all),
        ("hold_destination", a.hold_destination),
        ("end_call", a.end_call),
    ]
    .into_iter()
    .enumerate()
    {
        cum += c.probability(&format!("{tpath}.actions.{f}"), v);
        actions[k] = cum;
    }
    if (cum - 1.0).abs() > 1e-9 {
        c.fail(
            format!("{tpath}.actions"),
            format!("post-consult action probabilities add up to {cum}, not 1"),
            "make join + hold_all + hold_destination + end_call = 1",
        );
    }
    actions[3] = 1.0;
    actions
}
