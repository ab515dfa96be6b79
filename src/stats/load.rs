//! The load a scenario's means imply on each queue — arrivals reaching it,
//! agent time per contact, patience — before any simulation: what the
//! Erlang formulas size staffing from, and what `ccsim validate` explains.
//! Estimated here once, so the two always agree.
//!
//! First contacts only: the formulas know nothing of transfers, callbacks
//! or queue moves, which the simulation adds. Three newer kinds of work
//! are counted as follows:
//!
//! - **email replies** (AGENT_REPLY): exactly — the agent who read an
//!   inbound email writes the reply in the same slot before the email's
//!   ACW, so `reply probability × mean writing` adds to the handle time of
//!   that email ([`QueueLoad::reply_writing`]);
//! - **redials**: kept apart ([`QueueLoad::redial`]), because how many
//!   customers call again depends on how many give up, which depends on
//!   the staffing. [`QueueLoad::with_redials`] adds them at a stated
//!   abandonment share; [`redial_factor`] is the arithmetic;
//! - **outbound campaigns**: not a queue's load but a group's
//!   ([`campaign_loads`]): agent time per dial, and how much of the group
//!   the campaign may take.

use crate::center::campaign_spec::DialingMode;
use crate::center::criteria::CriteriaId;
use crate::center::ids::{FlowId, QueueId};
use crate::center::spec::{
    CenterSpec, Channel, FlowOverrides, FlowType, SourceKind, SourceSpec, TransferTarget,
};

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
    /// Of `handle`, the mean time per contact spent writing email replies
    /// (reply probability × mean writing; 0 without replies).
    pub reply_writing: f64,
    /// The redials the queue's first contacts may bring (`None`: no
    /// source sending contacts here redials).
    pub redial: Option<RedialLoad>,
}

/// What the redialling sources of a queue set, as one: redials are not in
/// [`QueueLoad::lambda`]; [`QueueLoad::with_redials`] adds them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RedialLoad {
    /// First contacts per second from sources that redial (part of
    /// `lambda`).
    pub lambda: f64,
    /// Probability of calling again after giving up, weighted by those
    /// sources' rates (exact for one source).
    pub probability: f64,
    /// The most redials per customer (the largest of those sources').
    pub max_tries: u32,
}

/// Expected calls per customer when each call gives up independently with
/// probability `give_up` and a customer who gave up calls again with
/// `probability`, at most `max_tries` times: `Σ_{k=0}^{n} (give_up ·
/// probability)^k` — 1 when nobody gives up, `Σ p^k` when everybody does.
pub fn redial_factor(give_up: f64, probability: f64, max_tries: u32) -> f64 {
    let r = (give_up * probability).clamp(0.0, 1.0);
    let mut term = 1.0;
    let mut sum = 1.0;
    for _ in 0..max_tries {
        term *= r;
        sum += term;
    }
    sum
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

    /// Erlangs of agent work: arrivals × handle (whispers, talk, holds,
    /// replies' writing, ACW).
    pub fn agent_erlangs(&self) -> f64 {
        self.lambda * self.handle
    }

    /// Redialled contacts per second if each call gives up with
    /// probability `give_up` (0 without redials).
    pub fn redials_per_second(&self, give_up: f64) -> f64 {
        self.redial.map_or(0.0, |r| {
            r.lambda * (redial_factor(give_up, r.probability, r.max_tries) - 1.0)
        })
    }

    /// This load with the redials added that a give-up share of
    /// `give_up` implies: redials have the source's talk and patience, so
    /// only the arrival rate grows. Not a fixed point: the redials would
    /// raise the give-up share in turn, so at the share of the first calls
    /// alone this is a lower bound of the redials, and `give_up = 1` an
    /// upper one.
    pub fn with_redials(&self, give_up: f64) -> QueueLoad {
        QueueLoad {
            lambda: self.lambda + self.redials_per_second(give_up),
            ..*self
        }
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

/// Where a source's contacts go: one queue its inbound flow sends a share
/// of them to, with the flows and routing criteria set on the way.
pub struct SourceBranch {
    /// The queue.
    pub queue: QueueId,
    /// The share of the source's contacts that take this branch.
    pub probability: f64,
    /// The flows set for them (the branch's over the flow's own).
    pub sets: FlowOverrides,
    /// The routing criteria they carry (the branch's over the source's).
    pub criteria: Option<CriteriaId>,
}

/// The branches of source `s`'s inbound flow; without branches, its own
/// queue (if it has one) for all its contacts.
pub fn source_branches(spec: &CenterSpec, s: &SourceSpec) -> Vec<SourceBranch> {
    let flow = &spec.flows[s.inbound_flow.index()];
    if flow.branches.is_empty() {
        return s
            .queue
            .map(|queue| SourceBranch {
                queue,
                probability: 1.0,
                sets: flow.sets,
                criteria: s.routing_criteria,
            })
            .into_iter()
            .collect();
    }
    let mut prev = 0.0;
    flow.branches
        .iter()
        .map(|b| {
            let probability = b.cumulative - prev;
            prev = b.cumulative;
            SourceBranch {
                queue: b.queue,
                probability,
                sets: flow.sets.overridden_by(b.sets),
                criteria: b.routing_criteria.or(s.routing_criteria),
            }
        })
        .collect()
}

/// The channels any contact of the scenario can be on: its sources'
/// (every contact comes from a source, keeping its channel through
/// transfers and moves), and voice where a campaign dials.
pub fn scenario_channels(spec: &CenterSpec) -> [bool; Channel::COUNT] {
    let mut on = [false; Channel::COUNT];
    for s in &spec.sources {
        on[s.kind.channel().index()] = true;
    }
    if !spec.campaigns.is_empty() {
        on[Channel::Voice.index()] = true;
    }
    on
}

/// Which channels' contacts can reach each queue, per queue: the sources'
/// (through their inbound flows' branches that may be taken), and what
/// those contacts become on the way — a customer queue flow's move keeps
/// the channel, a callback is voice (Connect calls the customer back,
/// whatever channel they asked on), a transfer is voice (only voice
/// contacts are transferred), a disconnect flow's follow-up keeps the
/// channel. All false for a queue nothing reaches.
pub fn queue_channels(spec: &CenterSpec) -> Vec<[bool; Channel::COUNT]> {
    let mut on = vec![[false; Channel::COUNT]; spec.queues.len()];
    let voice = Channel::Voice.index();
    let default_queue_flow = spec.defaults.get(FlowType::CustomerQueue);
    for s in &spec.sources {
        let ch = s.kind.channel().index();
        for b in source_branches(spec, s)
            .iter()
            .filter(|b| b.probability > 0.0)
        {
            on[b.queue.index()][ch] = true;
            let flow = &spec.flows[b.sets.customer_queue.unwrap_or(default_queue_flow).index()];
            // A moved contact keeps its customer queue flow: its callback
            // offer may come in the queue it was moved to.
            let moved_to = flow
                .move_to_queue
                .map(|m| m.queue)
                .filter(|&m| m != b.queue);
            if let Some(m) = moved_to {
                on[m.index()][ch] = true;
            }
            if let Some(cb) = &flow.callback {
                match cb.queue {
                    Some(x) => on[x.index()][voice] = true,
                    None => {
                        for x in std::iter::once(b.queue).chain(moved_to) {
                            on[x.index()][voice] = true;
                        }
                    }
                }
            }
            if let Some(d) = b.sets.disconnect {
                for follow_up in &spec.flows[d.index()].branches {
                    on[follow_up.queue.index()][ch] = true;
                }
            }
        }
    }
    for t in spec.transfer_rules() {
        let q = match t.target {
            TransferTarget::Group { queue, .. } => queue,
            TransferTarget::Queue(x) => x,
        };
        on[q.index()][voice] = true;
    }
    on
}

/// As [`queue_loads`], for the arrivals in `[from_ms, to_ms)`.
pub fn queue_loads_in(spec: &CenterSpec, from_ms: u64, to_ms: u64) -> Vec<QueueLoad> {
    let horizon = (to_ms.saturating_sub(from_ms) as f64 / 1000.0).max(1e-9);
    // Per queue: λ, λ·handle, λ/patience, λ·conversation.
    let mut acc = vec![(0.0f64, 0.0f64, 0.0f64, 0.0f64); spec.queues.len()];
    // Per queue: λ·reply writing; redialling λ, λ·probability, most tries.
    let mut replies = vec![0.0f64; spec.queues.len()];
    let mut redials = vec![(0.0f64, 0.0f64, 0u32); spec.queues.len()];
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
        let branches = source_branches(spec, s);
        let c = &s.customer;
        let talk = c.mean_conversation();
        // The reply is written in the email's slot before its ACW.
        let writing = match &s.kind {
            SourceKind::InboundEmail { reply: Some(r) } => r.probability * r.writing.mean(),
            _ => 0.0,
        };
        // The default whispers play on voice only.
        let voice = s.kind.channel() == Channel::Voice;
        let whisper = |set: Option<FlowId>, t| match set {
            None if !voice => 0.0,
            _ => flow_mean(spec, set, t),
        };
        for SourceBranch {
            queue: q,
            probability: p,
            sets,
            ..
        } in branches
        {
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
            a.1 += l * (whispers + talk + writing + acw);
            a.2 += l * c
                .patience
                .as_ref()
                .map(|d| 1.0 / d.mean().max(1e-9))
                .unwrap_or(0.0);
            a.3 += l * talk;
            replies[q.index()] += l * writing;
            if let Some(r) = &s.redial {
                let d = &mut redials[q.index()];
                d.0 += l;
                d.1 += l * r.probability;
                d.2 = d.2.max(r.max_tries);
            }
        }
    }
    acc.into_iter()
        .zip(replies)
        .zip(redials)
        .map(|(((l, lh, lp, lc), lw), (rl, rp, rn))| QueueLoad {
            lambda: l,
            handle: if l > 0.0 { lh / l } else { 0.0 },
            patience: if lp > 0.0 { l / lp } else { f64::INFINITY },
            conversation: if l > 0.0 { lc / l } else { 0.0 },
            reply_writing: if l > 0.0 { lw / l } else { 0.0 },
            redial: (rl > 0.0).then(|| RedialLoad {
                lambda: rl,
                probability: rp / rl,
                max_tries: rn,
            }),
        })
        .collect()
}

/// The agent load of one outbound campaign on its group, from the
/// scenario's means.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CampaignLoad {
    /// The agent group taking its calls (`None`: agentless).
    pub group: Option<usize>,
    /// Mean agent seconds per dial: preview and ringing where an agent is
    /// reserved for the call (progressive, preview), then talk + ACW for
    /// the share a person answers.
    pub agent_seconds_per_dial: f64,
    /// Its share of the group's agents on shift (bandwidth allocation).
    pub bandwidth: f64,
    /// The most agents it may hold at once: its bandwidth share of the
    /// group's mean headcount over its window.
    pub max_agents: f64,
    /// Erlangs its contact list needs over its window (list size × agent
    /// time per dial ÷ window; `None`: a list that never runs out, which
    /// takes whatever its share allows).
    pub list_erlangs: Option<f64>,
    /// Seconds of its dialling window within the horizon.
    pub window: f64,
}

impl CampaignLoad {
    /// The erlangs it takes from its group at most: its list's need, capped
    /// by its share; with an endless list, its whole share (it dials
    /// whenever one of the agents it may hold has no inbound work, so it
    /// takes what inbound work leaves, up to its share).
    pub fn erlangs(&self) -> f64 {
        match self.list_erlangs {
            Some(e) => e.min(self.max_agents),
            None => self.max_agents,
        }
    }
}

/// Each campaign's agent load, in the scenario's order.
pub fn campaign_loads(spec: &CenterSpec) -> Vec<CampaignLoad> {
    let horizon = spec.horizon.as_millis();
    let interval = spec.interval.as_millis().max(1);
    spec.campaigns
        .iter()
        .map(|c| {
            let live = c.answer_probability * (1.0 - c.machine_share);
            let work = live * (c.talk.mean() + c.after_contact_work.mean());
            let reserved = c.preview.as_ref().map_or(0.0, |d| d.mean()) + c.ring.mean();
            let agent_seconds_per_dial = match c.mode {
                DialingMode::Progressive | DialingMode::Preview => reserved + work,
                DialingMode::Predictive => work,
                DialingMode::Agentless => 0.0,
            };
            let (from, to) = (
                c.start.as_millis().min(horizon),
                c.end.as_millis().min(horizon),
            );
            let window = to.saturating_sub(from) as f64 / 1000.0;
            let group = c.group.filter(|_| c.mode.uses_agents()).map(|g| g.index());
            let max_agents = group.map_or(0.0, |g| {
                let heads = &spec.groups[g].headcount;
                let (a, b) = ((from / interval) as usize, (to.div_ceil(interval)) as usize);
                let inside = heads.get(a..b.min(heads.len())).unwrap_or(&[]);
                let mean = if inside.is_empty() {
                    0.0
                } else {
                    inside.iter().map(|&h| f64::from(h)).sum::<f64>() / inside.len() as f64
                };
                c.bandwidth * mean
            });
            let list_erlangs = c
                .contacts
                .map(|n| n as f64 * agent_seconds_per_dial / window.max(1e-9));
            CampaignLoad {
                group,
                agent_seconds_per_dial,
                bandwidth: c.bandwidth,
                max_agents,
                list_erlangs,
                window,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    // queue_loads and campaign_loads on scenarios are tested in
    // tests/integration/reports_newer.rs (the scenario layer sits above
    // this one); here, the arithmetic.

    fn close(a: f64, b: f64) {
        assert!((a - b).abs() < 1e-12, "{a} != {b}");
    }

    #[test]
    fn redial_factor_sums_the_chain_of_tries() {
        // Nobody gives up: one call each, whatever the redial settings.
        close(redial_factor(0.0, 0.6, 3), 1.0);
        // Half give up, 60 % of those call again, at most 3 times:
        // 1 + 0.3 + 0.09 + 0.027.
        close(redial_factor(0.5, 0.6, 3), 1.417);
        // No tries allowed: one call.
        close(redial_factor(1.0, 0.9, 0), 1.0);
        // Everybody gives up: the bound 1 + p + p².
        close(redial_factor(1.0, 0.5, 2), 1.75);
    }

    #[test]
    fn with_redials_adds_arrivals_of_the_redialling_sources_only() {
        let load = QueueLoad {
            lambda: 0.1,
            handle: 200.0,
            patience: 120.0,
            conversation: 180.0,
            reply_writing: 0.0,
            // Half the arrivals come from a source that redials.
            redial: Some(RedialLoad {
                lambda: 0.05,
                probability: 0.6,
                max_tries: 3,
            }),
        };
        // At 20 % giving up: 0.05 × (0.12 + 0.0144 + 0.001728) more.
        let more = load.with_redials(0.2);
        close(more.lambda, 0.1 + 0.05 * (0.12 + 0.0144 + 0.001728));
        assert_eq!(more.handle, load.handle);
        assert_eq!(more.patience, load.patience);
        close(load.with_redials(0.0).lambda, 0.1);
        let none = QueueLoad {
            redial: None,
            ..load
        };
        close(none.with_redials(1.0).lambda, 0.1);
        close(load.agent_erlangs(), 20.0);
    }

    #[test]
    fn a_campaign_takes_its_list_need_up_to_its_share() {
        let mut c = CampaignLoad {
            group: Some(0),
            agent_seconds_per_dial: 120.0,
            bandwidth: 0.5,
            max_agents: 4.0,
            // 300 dials × 120 s over 4 h: 2.5 erlangs.
            list_erlangs: Some(300.0 * 120.0 / 14_400.0),
            window: 14_400.0,
        };
        close(c.erlangs(), 2.5);
        c.max_agents = 2.0;
        close(c.erlangs(), 2.0);
        c.list_erlangs = None;
        close(c.erlangs(), 2.0);
    }
}
