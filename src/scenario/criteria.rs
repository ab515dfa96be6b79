//! `[[routing_criteria]]` and agent groups' `proficiencies`: the raw tables
//! of Connect's routing criteria (ordered steps, each an expression over
//! proficiencies with an expiry) and their checks, which build the
//! [`RoutingCriteriaSpec`]s; and the resolution of the names that sources
//! and inbound flows' queue branches give in `routing_criteria = "…"`.
//!
//! An attribute value no agent group holds is allowed (Connect lets a step
//! ask for anything): it never matches, so the step waits out its expiry.

use serde::Deserialize;
use std::collections::BTreeMap;

use crate::center::criteria::{
    Condition, CriteriaId, CriteriaStep, Expression, Proficiency, RoutingCriteriaSpec, MAX_LEVEL,
    MIN_LEVEL,
};
use crate::center::spec::{AgentGroupSpec, FlowSpec, SourceSpec};
use crate::engine::SimDuration;

use super::check::Check;
use super::duration::RawDuration;
use super::flows::RawFlow;
use super::sources::RawSource;

/// `proficiencies = [{ name = "Language", value = "Spanish", level = 4 }]`
/// on an agent group.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawProficiency {
    /// The predefined attribute.
    pub name: String,
    /// Its value.
    pub value: String,
    /// Level 1–5.
    pub level: i64,
}

/// `[[routing_criteria]]`: a named routing criteria.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRoutingCriteria {
    /// Name, for sources and queue branches to refer to.
    pub name: String,
    /// The steps, in order.
    #[serde(default)]
    pub steps: Vec<RawStep>,
}

/// One step: `{ expression = { … }, expiry = "30s" }`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawStep {
    /// Who may take the contact during the step.
    pub expression: RawExpression,
    /// How long the step lasts; left out: it never expires (last step only).
    pub expiry: Option<RawDuration>,
}

/// An expression: a condition (`name`, `value` and `level` — at least — or
/// `range`), or `and = [ … ]`, or `or = [ … ]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawExpression {
    /// The attribute (condition).
    pub name: Option<String>,
    /// Its value (condition).
    pub value: Option<String>,
    /// At least this level (Connect's `NumberGreaterOrEqualTo`).
    pub level: Option<i64>,
    /// A level between `min` and `max` (Connect's `Range`).
    pub range: Option<RawRange>,
    /// Every part must match (`AndExpression`).
    pub and: Option<Vec<RawExpression>>,
    /// Some part must match (`OrExpression`).
    pub or: Option<Vec<RawExpression>>,
}

/// `range = { min = 2, max = 4 }`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRange {
    /// The lowest level that matches.
    pub min: i64,
    /// The highest level that matches.
    pub max: i64,
}

/// How deep expressions may nest: far beyond any real criteria, and small
/// enough that checking and matching never run deep.
const MAX_DEPTH: usize = 8;

/// A level if it is a whole number 1–5; a problem at `path` if not.
fn level(c: &mut Check, path: &str, v: i64) -> u8 {
    if (i64::from(MIN_LEVEL)..=i64::from(MAX_LEVEL)).contains(&v) {
        v as u8
    } else {
        c.fail(
            path,
            format!("proficiency level {v} is outside 1–5"),
            "Connect's proficiency levels are the whole numbers 1 to 5",
        );
        MIN_LEVEL
    }
}

/// Checks an agent group's `proficiencies`.
pub(super) fn proficiencies(c: &mut Check, path: &str, raw: &[RawProficiency]) -> Vec<Proficiency> {
    let mut seen = BTreeMap::new();
    raw.iter()
        .enumerate()
        .map(|(k, p)| {
            let ppath = format!("{path}.proficiencies[{k}]");
            if p.name.trim().is_empty() || p.value.trim().is_empty() {
                c.fail(
                    &ppath,
                    "a proficiency needs an attribute name and a value",
                    "write e.g. { name = \"Language\", value = \"Spanish\", level = 4 }",
                );
            }
            if seen.insert((p.name.clone(), p.value.clone()), k).is_some() {
                c.fail(
                    &ppath,
                    format!("`{}: {}` is given twice", p.name, p.value),
                    "give each attribute value one level",
                );
            }
            Proficiency {
                name: p.name.clone(),
                value: p.value.clone(),
                level: level(c, &format!("{ppath}.level"), p.level),
            }
        })
        .collect()
}

/// Checks every `[[routing_criteria]]` table against the agent groups (whose
/// proficiencies decide, once, which groups each step admits); returns the
/// specs and their ids by name.
pub(super) fn check(
    c: &mut Check,
    raw: &[RawRoutingCriteria],
    groups: &[AgentGroupSpec],
) -> (Vec<RoutingCriteriaSpec>, BTreeMap<String, CriteriaId>) {
    let mut seen = BTreeMap::new();
    let mut ids = BTreeMap::new();
    let mut specs = Vec::new();
    for (i, r) in raw.iter().enumerate() {
        let path = format!("routing_criteria[{i}]");
        c.name_unique(&mut seen, &r.name, &path, "routing criteria");
        if i > usize::from(u16::MAX) {
            c.fail(&path, "too many routing criteria", "at most 65,536");
            break;
        }
        ids.entry(r.name.clone()).or_insert(CriteriaId(i as u16));
        if r.steps.is_empty() {
            c.fail(
                format!("{path}.steps"),
                "a routing criteria needs at least one step",
                "add steps = [{ expression = { name = \"Language\", value = \"Spanish\", level = 4 }, expiry = \"30s\" }]",
            );
        }
        if r.steps.len() > usize::from(u16::MAX) - 1 {
            c.fail(format!("{path}.steps"), "too many steps", "use a few steps");
            continue;
        }
        let steps = r
            .steps
            .iter()
            .enumerate()
            .map(|(k, s)| step(c, &format!("{path}.steps[{k}]"), s, groups))
            .collect();
        specs.push(RoutingCriteriaSpec {
            name: r.name.clone(),
            steps,
        });
    }
    (specs, ids)
}

/// Checks one step.
fn step(c: &mut Check, path: &str, s: &RawStep, groups: &[AgentGroupSpec]) -> CriteriaStep {
    let expression = expression(c, &format!("{path}.expression"), &s.expression, 0);
    let expiry = s.expiry.map(|d| {
        let p = format!("{path}.expiry");
        let v = c.duration(&p, d);
        if v == SimDuration::ZERO && d.0 >= 0.0 {
            c.fail(
                p,
                "a step's expiry must be longer than 0",
                "give e.g. expiry = \"30s\", or leave it out for a step that never expires",
            );
        }
        v
    });
    let groups: Vec<bool> = groups
        .iter()
        .map(|g| expression.matches(&g.proficiencies))
        .collect();
    // A step that expires may ask for what no agent has (it waits out its
    // expiry); one that never expires would hold its contacts until they
    // abandon.
    if expiry.is_none() && !groups.is_empty() && !groups.contains(&true) {
        c.fail(
            format!("{path}.expression"),
            "no agent group's proficiencies match this step, and it never expires: its contacts could never be answered",
            "give a group the proficiency it asks for, ask for one a group has, or give the step an expiry (after the last step expires, any agent of the queue may take the contact)",
        );
    }
    CriteriaStep {
        expression,
        expiry,
        groups,
    }
}

/// Checks one expression (`depth`: how deep inside `and` / `or` it sits).
fn expression(c: &mut Check, path: &str, e: &RawExpression, depth: usize) -> Expression {
    let condition = e.name.is_some() || e.value.is_some() || e.level.is_some() || e.range.is_some();
    let forms = usize::from(condition) + usize::from(e.and.is_some()) + usize::from(e.or.is_some());
    let hint = "write one of { name = \"Language\", value = \"Spanish\", level = 4 }, { name = …, value = …, range = { min = 2, max = 4 } }, { and = [ … ] } or { or = [ … ] }";
    if forms != 1 {
        c.fail(
            path,
            "an expression is one condition, one `and` list or one `or` list",
            hint,
        );
        return Expression::And(Vec::new());
    }
    if depth >= MAX_DEPTH {
        c.fail(
            path,
            format!("expressions nest more than {MAX_DEPTH} deep"),
            "flatten the expression",
        );
        return Expression::And(Vec::new());
    }
    let list = |c: &mut Check, key: &str, parts: &[RawExpression]| -> Vec<Expression> {
        if parts.is_empty() {
            c.fail(
                format!("{path}.{key}"),
                format!("an empty `{key}` list"),
                "give it at least one expression",
            );
        }
        parts
            .iter()
            .enumerate()
            .map(|(k, p)| expression(c, &format!("{path}.{key}[{k}]"), p, depth + 1))
            .collect()
    };
    if let Some(parts) = &e.and {
        return Expression::And(list(c, "and", parts));
    }
    if let Some(parts) = &e.or {
        return Expression::Or(list(c, "or", parts));
    }
    Expression::Condition(condition_of(c, path, e, hint))
}

/// Checks a condition: a name, a value, and a `level` or a `range`.
fn condition_of(c: &mut Check, path: &str, e: &RawExpression, hint: &str) -> Condition {
    let (Some(name), Some(value)) = (&e.name, &e.value) else {
        c.fail(
            path,
            "a condition needs an attribute `name` and a `value`",
            hint,
        );
        return Condition {
            name: String::new(),
            value: String::new(),
            min: MIN_LEVEL,
            max: MAX_LEVEL,
        };
    };
    let (min, max) = match (e.level, &e.range) {
        (Some(l), None) => (level(c, &format!("{path}.level"), l), MAX_LEVEL),
        (None, Some(r)) => {
            let min = level(c, &format!("{path}.range.min"), r.min);
            let max = level(c, &format!("{path}.range.max"), r.max);
            if min > max {
                c.fail(
                    format!("{path}.range"),
                    format!("range {min}–{max} is empty"),
                    "min must not exceed max",
                );
            }
            (min, max)
        }
        _ => {
            c.fail(
                path,
                "a condition needs either `level` (at least) or `range`",
                hint,
            );
            (MIN_LEVEL, MAX_LEVEL)
        }
    };
    Condition {
        name: name.clone(),
        value: value.clone(),
        min,
        max,
    }
}

/// Checks that only the last step of each criteria never expires (a step
/// without expiry before others would leave them unreachable).
pub(super) fn check_expiries(c: &mut Check, raw: &[RawRoutingCriteria]) {
    for (i, r) in raw.iter().enumerate() {
        for (k, s) in r.steps.iter().enumerate() {
            if s.expiry.is_none() && k + 1 < r.steps.len() {
                c.fail(
                    format!("routing_criteria[{i}].steps[{k}].expiry"),
                    "only the last step may never expire: the steps after it would never apply",
                    "give this step an expiry, e.g. expiry = \"30s\"",
                );
            }
        }
    }
}

/// The criteria named `name`, or a problem at `path`.
fn lookup(
    c: &mut Check,
    path: String,
    name: &str,
    ids: &BTreeMap<String, CriteriaId>,
) -> Option<CriteriaId> {
    let id = ids.get(name).copied();
    if id.is_none() {
        let names: Vec<&str> = ids.keys().map(String::as_str).collect();
        c.fail(
            path,
            format!("unknown routing criteria `{name}`"),
            if names.is_empty() {
                "define it in a [[routing_criteria]] table".to_string()
            } else {
                format!("use one of the [[routing_criteria]]: {}", names.join(", "))
            },
        );
    }
    id
}

/// Resolves `routing_criteria = "…"` on sources and on inbound flows' queue
/// branches (a branch's overrides its source's, as the flow's blocks run
/// after the contact is created).
pub(super) fn resolve(
    c: &mut Check,
    raw_sources: &[RawSource],
    sources: &mut [SourceSpec],
    raw_flows: &[RawFlow],
    flows: &mut [FlowSpec],
    ids: &BTreeMap<String, CriteriaId>,
) {
    for (i, (r, s)) in raw_sources.iter().zip(sources.iter_mut()).enumerate() {
        if let Some(name) = &r.routing_criteria {
            s.routing_criteria = lookup(c, format!("sources[{i}].routing_criteria"), name, ids);
        }
    }
    for (i, rf) in raw_flows.iter().enumerate() {
        let Some(f) = flows.iter_mut().find(|f| f.name == rf.name) else {
            continue;
        };
        // Branches are built in the order written (one naming an unknown
        // queue is already a problem, so the counts agree when it matters).
        for (k, (rb, b)) in rf.queues.iter().zip(f.branches.iter_mut()).enumerate() {
            if let Some(name) = &rb.routing_criteria {
                let path = format!("flows[{i}].queues[{k}].routing_criteria");
                b.routing_criteria = lookup(c, path, name, ids);
            }
        }
    }
}
