//! Routing criteria in the report: per queue, how many contacts carrying
//! criteria were answered in each step (step 1, 2, …, and after every step
//! expired), and their mean wait. Scenarios without criteria report none
//! of it (their outputs do not change).

use crate::center::criteria::CriteriaState;
use crate::center::ids::QueueId;
use crate::center::spec::CenterSpec;
use crate::center::ContactRecord;

use super::metrics::{Metric, Scope};

/// The number of steps of each routing criteria of `spec`, by id (empty:
/// it sets none).
pub fn step_counts(spec: &CenterSpec) -> Vec<usize> {
    spec.routing_criteria
        .iter()
        .map(|c| c.steps.len())
        .collect()
}

/// Per queue and step, answered contacts and their summed wait.
#[derive(Debug, Clone, Default)]
pub struct StepTally {
    /// Steps of each criteria, by id.
    criteria_steps: Vec<usize>,
    /// Per queue, per step (the last slot: after every step expired):
    /// (answered, Σ wait ms).
    queues: Vec<Vec<(u64, u64)>>,
}

impl StepTally {
    /// An empty tally for `queues` queues and criteria of
    /// `criteria_steps` steps each: steps 1 to the most of any, and one
    /// slot for "after every step expired".
    pub fn new(queues: usize, criteria_steps: &[usize]) -> Self {
        let slots = criteria_steps.iter().max().map_or(0, |m| m + 1);
        StepTally {
            criteria_steps: criteria_steps.to_vec(),
            queues: vec![vec![(0, 0); slots]; queues],
        }
    }

    /// Counts a contact of the measured window that an agent answered from
    /// its queue, in the step it was offered in (the recorder calls this for
    /// answered contacts only).
    /// Inline only the test for criteria: most contacts carry none.
    #[inline]
    pub fn record_answered(&mut self, r: &ContactRecord) {
        if let (Some(state), Some(q)) = (r.routing_criteria, r.queue) {
            self.record_step(r, state, q);
        }
    }

    /// [`StepTally::record_answered`] for a contact with criteria.
    #[inline(never)]
    fn record_step(&mut self, r: &ContactRecord, state: CriteriaState, q: QueueId) {
        let Some(slots) = self.queues.get_mut(q.index()) else {
            return;
        };
        // A criteria shorter than the longest: its "all expired" is its
        // own step count, reported in the common last slot.
        let k = usize::from(state.answered_step());
        let last = slots.len().saturating_sub(1);
        let steps = self
            .criteria_steps
            .get(state.criteria.index())
            .copied()
            .unwrap_or(0);
        let slot = if k >= steps { last } else { k.min(last) };
        if let Some(s) = slots.get_mut(slot) {
            s.0 += 1;
            s.1 += r.wait().map(|d| d.as_millis()).unwrap_or(0);
        }
    }
}

/// Appends queue `q`'s step metrics (nothing without criteria).
pub(crate) fn push_queue_metrics(
    out: &mut impl super::sink::MetricSink,
    scope: &Scope,
    tally: &StepTally,
    q: usize,
) {
    let Some(slots) = tally.queues.get(q) else {
        return;
    };
    let n = slots.len();
    for (k, &(answered, wait_ms)) in slots.iter().enumerate() {
        let step = (k + 1 < n).then_some(k as u16 + 1);
        out.put(
            scope,
            None,
            Metric::RoutingStepAnswered { step },
            Some(answered as f64),
        );
        let wait = (answered > 0).then(|| wait_ms as f64 / answered as f64 / 1000.0);
        out.put(scope, None, Metric::RoutingStepWaitSeconds { step }, wait);
    }
}
