//! Routing criteria and proficiencies (Connect's "Set routing criteria"
//! block and agent proficiencies): what an agent group is good at, the
//! ordered steps a contact's routing criteria holds, and where a contact
//! stands in its steps. Plain data (a catalogue file): the routing room
//! [`routing_steps`](super::routing_steps) acts on it.
//!
//! Connect's semantics (API reference, `RoutingCriteria` / `Step`): a step
//! is an expression over predefined attributes — `AttributeCondition`s
//! (`Name`, `Value`, `ProficiencyLevel` with `ComparisonOperator`
//! `NumberGreaterOrEqualTo`, or a `Range` of levels) joined by
//! `AndExpression` / `OrExpression` — with an optional `Expiry`
//! (`DurationInSeconds`). "When Amazon Connect does not find an available
//! agent meeting the requirements in a step for a given step duration, the
//! routing criteria will move on to the next step sequentially until a join
//! is completed with an agent. When all steps are exhausted, the contact
//! will be offered to any agent in the queue." So the next step *replaces*
//! the one that expired (its agents are not kept on): a planner who wants
//! a widening pool writes a looser expression in the later step.

use crate::engine::{SimDuration, SimTime};

/// A routing criteria: index into `CenterSpec::routing_criteria`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CriteriaId(pub u16);

impl CriteriaId {
    /// The index into the spec's list.
    pub fn index(self) -> usize {
        usize::from(self.0)
    }
}

/// Connect's proficiency levels run from 1 to 5.
pub const MIN_LEVEL: u8 = 1;
/// The highest proficiency level.
pub const MAX_LEVEL: u8 = 5;

/// One proficiency of an agent group (all its agents alike): a predefined
/// attribute's value, at a level 1–5 (`Language` = `Spanish` at 4).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proficiency {
    /// The predefined attribute (`Language`).
    pub name: String,
    /// Its value (`Spanish`).
    pub value: String,
    /// The level, 1–5.
    pub level: u8,
}

/// Connect's `AttributeCondition`: an agent with the attribute's value at
/// a level in `min..=max` matches. `NumberGreaterOrEqualTo n` is
/// `n..=5`; a `Range` is its own bounds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Condition {
    /// The predefined attribute.
    pub name: String,
    /// Its value.
    pub value: String,
    /// The lowest level that matches.
    pub min: u8,
    /// The highest level that matches.
    pub max: u8,
}

impl Condition {
    /// Connect's `ComparisonOperator` for this condition.
    pub fn operator(&self) -> &'static str {
        if self.max >= MAX_LEVEL {
            "NumberGreaterOrEqualTo"
        } else {
            "Range"
        }
    }

    /// Whether an agent with `proficiencies` matches.
    pub fn matches(&self, proficiencies: &[Proficiency]) -> bool {
        proficiencies.iter().any(|p| {
            p.name == self.name && p.value == self.value && (self.min..=self.max).contains(&p.level)
        })
    }
}

/// A step's expression: Connect's tagged union of a condition, an
/// `AndExpression` or an `OrExpression` (nested as deep as written).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expression {
    /// One `AttributeCondition`.
    Condition(Condition),
    /// Every part must match.
    And(Vec<Expression>),
    /// Some part must match.
    Or(Vec<Expression>),
}

impl Expression {
    /// Whether an agent with `proficiencies` matches.
    pub fn matches(&self, proficiencies: &[Proficiency]) -> bool {
        match self {
            Expression::Condition(c) => c.matches(proficiencies),
            Expression::And(parts) => parts.iter().all(|e| e.matches(proficiencies)),
            Expression::Or(parts) => parts.iter().any(|e| e.matches(proficiencies)),
        }
    }
}

/// One routing step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CriteriaStep {
    /// Who may take the contact during the step.
    pub expression: Expression,
    /// How long the step lasts (`None`: it never expires).
    pub expiry: Option<SimDuration>,
    /// Per agent group (by id), whether its agents match the expression —
    /// worked out once, since a group's agents share their proficiencies.
    pub groups: Vec<bool>,
}

/// A named routing criteria: its steps, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoutingCriteriaSpec {
    /// Name (the scenario's handle for it).
    pub name: String,
    /// The steps; never empty.
    pub steps: Vec<CriteriaStep>,
}

/// Where a contact stands in its routing criteria (it is kept on the
/// contact record: the record's `RoutingCriteria` is written from it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CriteriaState {
    /// Which criteria.
    pub criteria: CriteriaId,
    /// Connect's `ActivationTimestamp`: when the contact entered its queue
    /// (the criteria activates with the transfer to the queue).
    pub activated: SimTime,
    /// The step in force (0-based); the number of steps once all expired.
    pub step: u16,
    /// The step in force when the contact was last offered to an agent:
    /// for an answered contact, the step it was answered in (`JOINED`).
    pub offered_step: Option<u16>,
}

/// Connect's routing step status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepStatus {
    /// In force.
    Active,
    /// Not reached.
    Inactive,
    /// An agent matching it took the contact.
    Joined,
    /// It ran out.
    Expired,
}

impl StepStatus {
    /// Connect's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            StepStatus::Active => "ACTIVE",
            StepStatus::Inactive => "INACTIVE",
            StepStatus::Joined => "JOINED",
            StepStatus::Expired => "EXPIRED",
        }
    }
}

impl CriteriaState {
    /// The status of step `k` for a contact that ended answered
    /// (`answered`) or not: steps before the one it joined in (or the one
    /// in force) expired; the later ones were never reached.
    pub fn status(&self, k: u16, answered: bool) -> StepStatus {
        let (at, here) = match (answered, self.offered_step) {
            (true, Some(s)) => (s, StepStatus::Joined),
            _ => (self.step, StepStatus::Active),
        };
        match k.cmp(&at) {
            std::cmp::Ordering::Less => StepStatus::Expired,
            std::cmp::Ordering::Equal => here,
            std::cmp::Ordering::Greater => StepStatus::Inactive,
        }
    }

    /// The step an answered contact was answered in (0-based; the number
    /// of steps: after all expired).
    pub fn answered_step(&self) -> u16 {
        self.offered_step.unwrap_or(self.step)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prof(name: &str, value: &str, level: u8) -> Proficiency {
        Proficiency {
            name: name.into(),
            value: value.into(),
            level,
        }
    }

    fn cond(value: &str, min: u8, max: u8) -> Expression {
        Expression::Condition(Condition {
            name: "Language".into(),
            value: value.into(),
            min,
            max,
        })
    }

    #[test]
    fn levels_and_boolean_expressions_match_as_connect_says() {
        let agent = [prof("Language", "Spanish", 3), prof("Skill", "Billing", 5)];
        assert!(cond("Spanish", 3, 5).matches(&agent));
        assert!(!cond("Spanish", 4, 5).matches(&agent));
        assert!(cond("Spanish", 1, 3).matches(&agent));
        assert!(!cond("Spanish", 1, 2).matches(&agent));
        assert!(!cond("French", 1, 5).matches(&agent));
        let and = Expression::And(vec![cond("Spanish", 2, 5), cond("French", 1, 5)]);
        let or = Expression::Or(vec![cond("Spanish", 4, 5), cond("French", 1, 5)]);
        assert!(!and.matches(&agent));
        assert!(!or.matches(&agent));
        let or2 = Expression::Or(vec![cond("Spanish", 3, 3), cond("French", 1, 5)]);
        assert!(or2.matches(&agent));
    }

    #[test]
    fn step_statuses_follow_the_joined_step() {
        let s = CriteriaState {
            criteria: CriteriaId(0),
            activated: SimTime::ZERO,
            step: 2,
            offered_step: Some(1),
        };
        let got: Vec<_> = (0..3).map(|k| s.status(k, true)).collect();
        assert_eq!(
            got,
            [
                StepStatus::Expired,
                StepStatus::Joined,
                StepStatus::Inactive
            ]
        );
        let got: Vec<_> = (0..3).map(|k| s.status(k, false)).collect();
        assert_eq!(
            got,
            [StepStatus::Expired, StepStatus::Expired, StepStatus::Active]
        );
    }
}
