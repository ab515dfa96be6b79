//! Staffing targets checked against a simulated summary: each queue's
//! service level, abandonment and ASA targets and each group's occupancy
//! cap, met by the mean or by the pessimistic end of the 95 % confidence
//! interval, and how far a staffing falls short of them.

use crate::center::spec::{CenterSpec, QueueTargets};
use crate::center::AgentHours;
use crate::stats::agent_hours::HoursColumn;
use crate::stats::{Metric, Scope, Summary};

/// Whether a target must be met by the mean or by the pessimistic end of its
/// 95 % confidence interval.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Confidence {
    /// The mean over replications meets the target.
    Mean,
    /// The lower (for service level) or upper (for maxima) end of the 95 %
    /// confidence interval meets it.
    Lower95,
}

/// One target checked against a simulated summary.
#[derive(Debug, Clone, PartialEq)]
pub struct TargetCheck {
    /// The queue (or agent group, for occupancy).
    pub scope: Scope,
    /// The metric checked.
    pub metric: Metric,
    /// Where the scenario sets the target: `queues[0].targets.max_asa`.
    pub field: String,
    /// The target value.
    pub target: f64,
    /// `true` if the metric must be at least the target, `false` at most.
    pub at_least: bool,
    /// Simulated mean (`None`: undefined, e.g. nobody answered).
    pub mean: Option<f64>,
    /// 95 % confidence half-width.
    pub ci95: Option<f64>,
    /// The value judged against the target: the mean, or under
    /// [`Confidence::Lower95`] the pessimistic end of its interval.
    pub judged: Option<f64>,
    /// Whether the target is met (under the chosen [`Confidence`]).
    pub met: bool,
    /// Whether the target lies inside the 95 % confidence interval (the
    /// simulation cannot tell met from missed).
    pub within_ci: bool,
}

impl TargetCheck {
    /// The target, where it is set and how the staffing did: for an error
    /// that names what was missed (`queues[0].targets.max_asa: support
    /// asa_seconds 45.2 against at most 20`).
    pub fn describe(&self) -> String {
        let mut mean = self
            .mean
            .map_or_else(|| "undefined".to_string(), |m| format!("{m:.4}"));
        // Judged by its interval's end: that is what missed, not the mean.
        if let (Some(m), Some(j)) = (self.mean, self.judged) {
            if j != m {
                mean.push_str(&format!(" (95 % bound {j:.4})"));
            }
        }
        let bound = if self.at_least { "at least" } else { "at most" };
        format!(
            "{}: {} {} {mean} against {bound} {}",
            self.field,
            self.scope.name(),
            self.metric,
            self.target
        )
    }
}

/// All targets of a scenario checked against one staffing.
#[derive(Debug, Clone, PartialEq)]
pub struct Check {
    /// Each target.
    pub targets: Vec<TargetCheck>,
    /// Whether all are met.
    pub met: bool,
    /// Sum of relative shortfalls (0 when all are met): what the greedy
    /// search reduces.
    pub shortfall: f64,
}

/// Whether every target `check` misses has the target inside its 95 %
/// confidence interval: a miss the simulation cannot tell from met.
pub fn misses_only_within_ci(check: &Check) -> bool {
    check.targets.iter().all(|t| t.met || t.within_ci)
}

/// Checks every target of `spec` against `summary`.
pub fn check_targets(spec: &CenterSpec, summary: &Summary, confidence: Confidence) -> Check {
    check_targets_at(spec, summary, None, confidence)
}

/// Checks every target of `spec` in interval `i` of `summary`.
pub fn check_interval(
    spec: &CenterSpec,
    summary: &Summary,
    i: u32,
    confidence: Confidence,
) -> Check {
    check_targets_at(spec, summary, Some(i), confidence)
}

/// Checks every target against the whole window (`None`) or one interval.
fn check_targets_at(
    spec: &CenterSpec,
    summary: &Summary,
    interval: Option<u32>,
    confidence: Confidence,
) -> Check {
    let mut targets = Vec::new();
    let mut add = |scope: Scope, field: String, metric: Metric, target: f64, at_least: bool| {
        let e = summary.get_at(&scope, metric, interval);
        let (mean, ci95) = (e.and_then(|e| e.mean), e.and_then(|e| e.ci95));
        let pessimistic = match (mean, confidence) {
            (Some(m), Confidence::Lower95) => Some(if at_least {
                m - ci95.unwrap_or(0.0)
            } else {
                m + ci95.unwrap_or(0.0)
            }),
            (m, _) => m,
        };
        let met = pessimistic.is_some_and(|v| if at_least { v >= target } else { v <= target });
        let within_ci = match (mean, ci95) {
            (Some(m), Some(h)) => (m - h..=m + h).contains(&target),
            _ => false,
        };
        targets.push(TargetCheck {
            scope,
            metric,
            field,
            target,
            at_least,
            mean,
            ci95,
            judged: pessimistic,
            met,
            within_ci,
        });
    };
    for (qi, q) in spec.queues.iter().enumerate() {
        let Some(t) = q.targets else { continue };
        let field = |key: &str| format!("queues[{qi}].targets.{key}");
        let scope = Scope::Queue(q.name.clone());
        // A queue nobody reached has nothing to miss.
        let queued = summary
            .get_at(&scope, Metric::ContactsQueued, interval)
            .and_then(|e| e.mean)
            .unwrap_or(0.0);
        if queued == 0.0 {
            continue;
        }
        let QueueTargets {
            service_level,
            max_abandonment_rate,
            max_asa,
        } = t;
        if let Some((threshold, target, definition)) = service_level {
            add(
                scope.clone(),
                field("service_level"),
                Metric::service_level(definition, threshold),
                target,
                true,
            );
        }
        if let Some(max) = max_abandonment_rate {
            add(
                scope.clone(),
                field("max_abandonment_rate"),
                Metric::AbandonmentRate,
                max,
                false,
            );
        }
        if let Some(max) = max_asa {
            add(
                scope.clone(),
                field("max_asa"),
                Metric::AsaSeconds,
                max.as_secs_f64(),
                false,
            );
        }
    }
    for (gi, g) in spec.groups.iter().enumerate() {
        // In an interval where none of the group's agents is on the phones
        // (nobody on shift, or all away), its only time on contacts is
        // agents finishing calls past their shift: there is nobody to cap,
        // and no headcount would change it.
        let nobody = interval.is_some_and(|i| {
            let on_phones = HoursColumn::Spent(AgentHours::OnPhones).index();
            summary.agent_hours.mean_hours(gi, Some(i as usize))[on_phones] == 0.0
        });
        if let (Some(cap), false) = (g.max_occupancy, nobody) {
            add(
                Scope::Group(g.name.clone()),
                format!("agent_groups[{gi}].max_occupancy"),
                Metric::Occupancy,
                cap,
                false,
            );
        }
    }
    let shortfall = targets
        .iter()
        .filter(|t| !t.met)
        .map(|t| match t.mean {
            Some(v) if t.target > 0.0 => {
                ((if t.at_least {
                    t.target - v
                } else {
                    v - t.target
                }) / t.target)
                    .max(0.0)
                    + 1e-9
            }
            _ => 1.0,
        })
        .sum();
    Check {
        met: targets.iter().all(|t| t.met),
        targets,
        shortfall,
    }
}
