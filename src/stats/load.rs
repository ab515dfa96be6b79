//! The load a scenario's means imply on each queue — arrivals reaching it,
//! agent time per contact, patience — before any simulation: what the
//! Erlang formulas size staffing from, and what `ccsim validate` explains.
//! Estimated here once, so the two always agree.
//!
//! First contacts only: the formulas know nothing of transfers, callbacks
//! or queue moves, which the simulation adds.

use crate::center::ids::{FlowId, QueueId};
use crate::center::spec::{CenterSpec, Channel, FlowOverrides, FlowType, SourceKind};

/// What Erlang needs to know of one queue: its arrival rate (per second),
/// mean handle time and mean patience (seconds), as the scenario's means
/// give them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct QueueLoad {
    /// Contacts per second reaching the queue (after self-service, and
    /// for API voice calls only those answered).
    pub lambda: f64,
    /// Mean agent time per contact: whispers + talk + holds + ACW.
    pub handle: f64,
    /// Mean patience (`f64::INFINITY`: nobody abandons).
    pub patience: f64,
    /// Mean conversation per contact: talk + holds (no whispers, no ACW).
    pub conversation: f64,
}

impl QueueLoad {
    /// Contacts per hour reaching the queue.
    pub fn per_hour(&self) -> f64 {
        self.lambda * 3600.0
    }

    /// Erlangs of conversation (talk and holds, before ACW and whispers).
    pub fn conversation_erlangs(&self) -> f64 {
        self.lambda * self.conversation
    }
}

fn flow_mean(spec: &CenterSpec, set: Option<FlowId>, t: FlowType) -> f64 {
    let f = set.unwrap_or_else(|| spec.defaults.get(t));
    spec.flows[f.index()]
        .duration
        .as_ref()
        .map(|d| d.mean())
        .unwrap_or(0.0)
}

/// The load on each queue over the whole horizon, by queue id.
pub fn queue_loads(spec: &CenterSpec) -> Vec<QueueLoad> {
    queue_loads_in(spec, 0, spec.horizon.as_millis())
}

/// As [`queue_loads`], for the arrivals in `[from_ms, to_ms)`.
pub fn queue_loads_in(spec: &CenterSpec, from_ms: u64, to_ms: u64) -> Vec<QueueLoad> {
    let horizon = (to_ms.saturating_sub(from_ms) as f64 / 1000.0).max(1e-9);
    // Per queue: λ, λ·handle, λ/patience, λ·conversation.
    let mut acc = vec![(0.0f64, 0.0f64, 0.0f64, 0.0f64); spec.queues.len()];
    for s in &spec.sources {
        let flow = &spec.flows[s.inbound_flow.index()];
        let answered = match &s.kind {
            SourceKind::ApiVoice {
                answer_probability, ..
            } => *answer_probability,
            _ => 1.0,
        };
        let rate = s
            .arrivals
            .expected_between(from_ms, to_ms, spec.interval.as_millis())
            / horizon
            * answered
            * (1.0 - flow.self_service);
        let branches: Vec<(QueueId, f64, FlowOverrides)> = if flow.branches.is_empty() {
            s.queue
                .map(|q| vec![(q, 1.0, flow.sets)])
                .unwrap_or_default()
        } else {
            let mut prev = 0.0;
            flow.branches
                .iter()
                .map(|b| {
                    let p = b.cumulative - prev;
                    prev = b.cumulative;
                    (b.queue, p, flow.sets.overridden_by(b.sets))
                })
                .collect()
        };
        let c = &s.customer;
        let talk = c.talk.mean() + c.holds_mean_count * c.hold_duration.mean();
        // The default whispers play on voice only.
        let voice = s.kind.channel() == Channel::Voice;
        let whisper = |set: Option<FlowId>, t| match set {
            None if !voice => 0.0,
            _ => flow_mean(spec, set, t),
        };
        for (q, p, sets) in branches {
            let whispers = whisper(sets.agent_whisper, FlowType::AgentWhisper)
                + whisper(sets.customer_whisper, FlowType::CustomerWhisper);
            // ACW of the first group serving the queue.
            let acw = spec
                .groups
                .iter()
                .find(|g| {
                    spec.profiles[g.profile.index()]
                        .queues
                        .iter()
                        .any(|x| x.queue == q)
                })
                .map(|g| g.acw(s.kind.channel(), false).mean())
                .unwrap_or(0.0);
            let l = rate * p;
            let a = &mut acc[q.index()];
            a.0 += l;
            a.1 += l * (whispers + talk + acw);
            a.2 += l * c
                .patience
                .as_ref()
                .map(|d| 1.0 / d.mean().max(1e-9))
                .unwrap_or(0.0);
            a.3 += l * talk;
        }
    }
    acc.into_iter()
        .map(|(l, lh, lp, lc)| QueueLoad {
            lambda: l,
            handle: if l > 0.0 { lh / l } else { 0.0 },
            patience: if lp > 0.0 { l / lp } else { f64::INFINITY },
            conversation: if l > 0.0 { lc / l } else { 0.0 },
        })
        .collect()
}
