//! Raw scenario → validated [`CenterSpec`]: runs each table's checks (each
//! in its own room), resolves names to ids across tables, and collects
//! *all* problems before giving up, each with its field path and a fix.
//!
//! The checks run in the order of the tables they need: simulation, queues,
//! routing profiles, shift templates, agent groups, flows (then the queues' outbound
//! whispers, which name flows), sources (which refer to all of those; then
//! the disconnect flows, which may double as their inbound flows), the
//! queues' transfer rules (which refer to flows and groups like
//! a source's do), then instance limits, and last the limits a run of the
//! whole center must keep ([`limits`]: names that become files, rates
//! finer than the clock, memory). That order is the order problems are
//! reported in; keep it.

use crate::center::spec::{CenterSpec, FlowType};

use super::check::Check;
use super::check::Known;
use super::error::Problem;
use super::raw::RawScenario;
use super::{
    campaigns, criteria, flows, groups, limits, queues, routing, shifts, simulation, sources,
    supervisors,
};

/// Validates a parsed scenario. `default_name` is used when the file sets no
/// `name` (the file stem). Returns every problem found.
pub fn validate(raw: &RawScenario, default_name: &str) -> Result<CenterSpec, Vec<Problem>> {
    let mut c = Check::new();
    if !ids_fit(&mut c, raw) {
        return Err(c.problems);
    }
    let mut spec = simulation::check(&mut c, raw.name.as_ref(), &raw.simulation, default_name);
    let intervals = simulation::intervals(&spec);
    let (mut queues, queue_index) = queues::check(&mut c, &raw.queues);
    let (profiles, profile_index) = routing::check(&mut c, &raw.routing_profiles, &queue_index);
    let templates = shifts::templates(&mut c, &raw.shift_templates);
    let calendar = spec.calendar();
    let shift_context = shifts::ShiftContext {
        templates: &templates,
        calendar,
        days: calendar.days(spec.horizon),
        interval: spec.interval,
        intervals,
    };
    spec.groups = groups::check(&mut c, &raw.agent_groups, &profile_index, &shift_context);
    spec.shift_templates = templates.templates;
    let (routing_criteria, criteria_ids) =
        criteria::check(&mut c, &raw.routing_criteria, &spec.groups);
    criteria::check_expiries(&mut c, &raw.routing_criteria);
    let (flows, flow_ids) = flows::check(&mut c, &raw.flows, &queue_index);
    queues::outbound_whispers(&mut c, &raw.queues, &mut queues, &flows, &flow_ids);
    let known = Known {
        queues: &queue_index,
        flows: &flows,
        flow_ids: &flow_ids,
        groups: groups::ids(&raw.agent_groups),
        horizon: spec.horizon,
        interval: spec.interval,
        intervals,
        calendar,
    };
    let (mut sources, mut agent_queues) = sources::check(&mut c, &raw.sources, &known);
    let inbound: Vec<_> = sources.iter().map(|s| s.inbound_flow).collect();
    flows::disconnect_flows(&mut c, &raw.flows, &flows, &flow_ids, &inbound);
    queues::transfers(
        &mut c,
        &raw.queues,
        &mut queues,
        &known,
        &spec.groups,
        &profiles,
        &mut agent_queues,
    );
    spec.campaigns = campaigns::check(&mut c, &raw.campaigns, &known.groups, spec.horizon);
    spec.supervisor_groups = supervisors::check(&mut c, &raw.supervisor_groups, &queue_index);
    let mut flows = flows;
    criteria::resolve(
        &mut c,
        &raw.sources,
        &mut sources,
        &raw.flows,
        &mut flows,
        &criteria_ids,
    );
    spec.instance_limits = simulation::instance_limits(&mut c, raw.instance_limits.as_ref());
    // A center that only dials out (campaigns) needs no contact source.
    if raw.sources.is_empty() && raw.campaigns.is_empty() {
        c.fail(
            "sources",
            "the scenario has no contact source",
            "add a [[sources]] table with a rate and customer behaviour (or a [[campaigns]] table)",
        );
    }
    // Agent queues come after the scenario's queues, in the order transfers
    // first name their groups.
    for g in &agent_queues {
        queues.push(queues::agent_queue(&raw.agent_groups[g.index()].name, *g));
    }
    if !c.problems.is_empty() {
        return Err(c.problems);
    }
    spec.queues = queues;
    spec.profiles = profiles;
    spec.flows = flows;
    spec.sources = sources;
    spec.routing_criteria = routing_criteria;
    queues::unreachable_asa(&mut c, &spec);
    // Last, on the whole center: what a run of it would need.
    limits::check(&mut c, raw, &spec);
    if !c.problems.is_empty() {
        return Err(c.problems);
    }
    Ok(spec)
}

/// Ids are 16-bit to keep events small; no real center comes close. False
/// (with the problem) if a table has more entries than that.
fn ids_fit(c: &mut Check, raw: &RawScenario) -> bool {
    for (what, n) in [
        ("queues", raw.queues.len()),
        ("routing_profiles", raw.routing_profiles.len()),
        ("agent_groups", raw.agent_groups.len()),
        ("flows", raw.flows.len() + FlowType::ALL.len()),
        ("sources", raw.sources.len()),
    ] {
        if n > usize::from(u16::MAX) {
            c.fail(
                what,
                format!("{n} entries"),
                "at most 65,535 are supported; merge some",
            );
            return false;
        }
    }
    true
}
