//! A contact record's `RoutingCriteria`, in the shape of Connect's API
//! reference (`RoutingCriteria`: `ActivationTimestamp`, `Index`, `Steps`;
//! each `Step`: `Expiry` with `DurationInSeconds` and `ExpiryTimestamp`,
//! `Expression` — `AttributeCondition` / `AndExpression` / `OrExpression` —
//! and `Status` ACTIVE, INACTIVE, JOINED or EXPIRED). ccsim sets one
//! criteria per contact, so `Index` is always 0; the step a contact was
//! answered in is also in `Attributes` as `ccsim_routing_step` (1-based;
//! `expired` after the last step) for tools that read attributes only.

use serde_json::{Map, Value};

use crate::center::criteria::{CriteriaState, Expression, MAX_LEVEL};
use crate::center::spec::CenterSpec;
use crate::engine::{SimDuration, SimTime};

/// The record's `RoutingCriteria` object; `ts` writes a timestamp as the
/// record does, `answered` says whether an agent took the contact.
pub fn routing_criteria_json(
    spec: &CenterSpec,
    state: &CriteriaState,
    answered: bool,
    ts: impl Fn(SimTime) -> Value,
) -> Value {
    let criteria = &spec.routing_criteria[state.criteria.index()];
    let mut from = state.activated;
    let steps = criteria
        .steps
        .iter()
        .enumerate()
        .map(|(k, step)| {
            let mut o = Map::new();
            let expiry = match step.expiry {
                Some(d) => {
                    // Each step's expiry counts from the previous step's.
                    from += d;
                    let mut e = Map::new();
                    e.insert("DurationInSeconds".into(), Value::from(whole_secs(d)));
                    e.insert("ExpiryTimestamp".into(), ts(from));
                    Value::Object(e)
                }
                None => Value::Null,
            };
            o.insert("Expiry".into(), expiry);
            o.insert("Expression".into(), expression_json(&step.expression));
            let status = state.status(k as u16, answered);
            o.insert("Status".into(), Value::String(status.as_str().into()));
            Value::Object(o)
        })
        .collect();
    let mut m = Map::new();
    m.insert("ActivationTimestamp".into(), ts(state.activated));
    m.insert("Index".into(), Value::from(0));
    m.insert("Steps".into(), Value::Array(steps));
    Value::Object(m)
}

/// `ccsim_routing_step`: the step an answered contact joined in, 1-based,
/// or `expired` once every step had expired.
pub fn answered_step_attribute(spec: &CenterSpec, state: &CriteriaState) -> String {
    let steps = spec.routing_criteria[state.criteria.index()].steps.len();
    let k = usize::from(state.answered_step());
    if k >= steps {
        "expired".into()
    } else {
        (k + 1).to_string()
    }
}

/// Whole seconds, rounded (Connect's `DurationInSeconds` is an integer).
fn whole_secs(d: SimDuration) -> u64 {
    (d.as_millis() + 500) / 1000
}

/// Connect's tagged-union `Expression`.
fn expression_json(e: &Expression) -> Value {
    let mut m = Map::new();
    match e {
        Expression::Condition(c) => {
            let mut o = Map::new();
            o.insert("Name".into(), Value::String(c.name.clone()));
            o.insert("Value".into(), Value::String(c.value.clone()));
            if c.max >= MAX_LEVEL {
                o.insert("ProficiencyLevel".into(), Value::from(f64::from(c.min)));
            } else {
                let mut r = Map::new();
                r.insert("MinProficiencyLevel".into(), Value::from(f64::from(c.min)));
                r.insert("MaxProficiencyLevel".into(), Value::from(f64::from(c.max)));
                o.insert("Range".into(), Value::Object(r));
            }
            o.insert(
                "ComparisonOperator".into(),
                Value::String(c.operator().into()),
            );
            m.insert("AttributeCondition".into(), Value::Object(o));
        }
        Expression::And(parts) => {
            m.insert(
                "AndExpression".into(),
                Value::Array(parts.iter().map(expression_json).collect()),
            );
        }
        Expression::Or(parts) => {
            m.insert(
                "OrExpression".into(),
                Value::Array(parts.iter().map(expression_json).collect()),
            );
        }
    }
    Value::Object(m)
}
