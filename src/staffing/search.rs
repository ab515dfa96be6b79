//! The smallest staffing that meets a scenario's targets, found by
//! simulation, beside what Erlang C and Erlang A would say.
//!
//! Every evaluation runs the scenario's replications with the same seeds, so
//! two staffings are compared on the same customers (common random numbers):
//! a difference between them is the staffing's doing, not noise.
//!
//! The search starts from the Erlang A estimate. While a target is missed it
//! adds one agent to the group whose extra agent closes the most of the gap
//! (greedy on marginal gain); then it removes agents one at a time, from each
//! group in turn, for as long as every target still holds. For a single group
//! this is the exact smallest headcount whenever performance improves with
//! headcount.

use std::collections::BTreeMap;

use crate::center::ids::{FlowId, QueueId};
use crate::center::spec::{CenterSpec, FlowType, QueueTargets, SourceKind};
use crate::runner::run_scenario;
use crate::stats::{Scope, Summary};

use super::erlang::{erlang_a, erlang_c};

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
    pub metric: String,
    /// The target value.
    pub target: f64,
    /// `true` if the metric must be at least the target, `false` at most.
    pub at_least: bool,
    /// Simulated mean (`None`: undefined, e.g. nobody answered).
    pub mean: Option<f64>,
    /// 95 % confidence half-width.
    pub ci95: Option<f64>,
    /// Whether the target is met (under the chosen [`Confidence`]).
    pub met: bool,
    /// Whether the target lies inside the 95 % confidence interval (the
    /// simulation cannot tell met from missed).
    pub within_ci: bool,
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

/// A staffing and how it performed.
#[derive(Debug, Clone)]
pub struct Evaluation {
    /// Headcount of every agent group (all intervals).
    pub headcount: Vec<u32>,
    /// The targets checked.
    pub check: Check,
}

/// What the search found.
#[derive(Debug, Clone)]
pub struct StaffingResult {
    /// The groups whose headcount was searched (the others keep the
    /// scenario's).
    pub searched: Vec<usize>,
    /// The smallest staffing found that meets every target.
    pub best: Evaluation,
    /// Erlang C's answer per group (`None` for groups not searched).
    pub erlang_c: Vec<Option<u32>>,
    /// Erlang A's answer per group.
    pub erlang_a: Vec<Option<u32>>,
    /// The simulation at Erlang C's staffing.
    pub at_erlang_c: Evaluation,
    /// The simulation at Erlang A's staffing.
    pub at_erlang_a: Evaluation,
    /// Every staffing simulated, in headcount order.
    pub evaluated: Vec<Evaluation>,
}

/// The staffing search could not be done.
#[derive(Debug, thiserror::Error)]
pub enum StaffingError {
    /// No queue has targets and no group an occupancy cap.
    #[error("the scenario sets no staffing target\n    fix: add [queues.targets] (service_level, max_abandonment_rate, max_asa) to at least one queue")]
    NoTargets,
    /// The search hit its limit without meeting every target.
    #[error("no staffing up to {max} agents per group meets every target (last tried {last:?}): {missed}\n    fix: check that the targets are reachable (a service level of 100 %, or an ASA below the whisper time, never is)")]
    Unreachable {
        /// The per-group limit.
        max: u32,
        /// The last staffing tried.
        last: Vec<u32>,
        /// The targets still missed.
        missed: String,
    },
}

/// Search settings.
#[derive(Debug, Clone, Copy)]
pub struct StaffingOptions {
    /// Mean or lower 95 % bound.
    pub confidence: Confidence,
    /// Worker threads for the replications (`None`: all cores).
    pub threads: Option<usize>,
    /// Most agents any group may get.
    pub max_headcount: u32,
}

impl Default for StaffingOptions {
    fn default() -> Self {
        StaffingOptions {
            confidence: Confidence::Mean,
            threads: None,
            max_headcount: 2000,
        }
    }
}

/// The scenario with every group at a constant headcount.
pub fn with_headcount(spec: &CenterSpec, headcount: &[u32]) -> CenterSpec {
    let mut s = spec.clone();
    for (g, h) in headcount.iter().enumerate() {
        if let Some(group) = s.groups.get_mut(g) {
            group.headcount = vec![*h; spec.interval_count()];
        }
    }
    s
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
    let mut add = |scope: Scope, metric: String, target: f64, at_least: bool| {
        let e = summary.get_at(&scope, &metric, interval);
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
            target,
            at_least,
            mean,
            ci95,
            met,
            within_ci,
        });
    };
    for q in &spec.queues {
        let Some(t) = q.targets else { continue };
        let scope = Scope::Queue(q.name.clone());
        // A queue nobody reached has nothing to miss.
        let queued = summary
            .get_at(&scope, "contacts_queued", interval)
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
            add(scope.clone(), definition.metric(threshold), target, true);
        }
        if let Some(max) = max_abandonment_rate {
            add(scope.clone(), "abandonment_rate".into(), max, false);
        }
        if let Some(max) = max_asa {
            add(
                scope.clone(),
                "asa_seconds".into(),
                max.as_secs_f64(),
                false,
            );
        }
    }
    for g in &spec.groups {
        if let Some(cap) = g.max_occupancy {
            add(Scope::Group(g.name.clone()), "occupancy".into(), cap, false);
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

/// What Erlang needs to know of one queue: its arrival rate (per second),
/// mean handle time and mean patience (seconds), as the scenario's means
/// give them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct QueueLoad {
    /// Contacts per second reaching the queue.
    pub lambda: f64,
    /// Mean agent time per contact: whispers + talk + holds + ACW.
    pub handle: f64,
    /// Mean patience (`f64::INFINITY`: nobody abandons).
    pub patience: f64,
}

fn flow_mean(spec: &CenterSpec, set: Option<FlowId>, t: FlowType) -> f64 {
    let f = set.unwrap_or_else(|| spec.defaults.get(t));
    spec.flows[f.index()]
        .duration
        .as_ref()
        .map(|d| d.mean())
        .unwrap_or(0.0)
}

/// The load on each queue, from the scenario's means (first contacts only:
/// the Erlang formulas know nothing of transfers and callbacks).
pub fn queue_loads(spec: &CenterSpec) -> Vec<QueueLoad> {
    queue_loads_in(spec, 0, spec.horizon.as_millis())
}

/// As [`queue_loads`], for the arrivals in `[from_ms, to_ms)`.
pub fn queue_loads_in(spec: &CenterSpec, from_ms: u64, to_ms: u64) -> Vec<QueueLoad> {
    let horizon = (to_ms.saturating_sub(from_ms) as f64 / 1000.0).max(1e-9);
    let mut acc = vec![(0.0f64, 0.0f64, 0.0f64); spec.queues.len()]; // (λ, λ·handle, λ/patience)
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
        let branches: Vec<(QueueId, f64)> = if flow.branches.is_empty() {
            s.queue.map(|q| vec![(q, 1.0)]).unwrap_or_default()
        } else {
            let mut prev = 0.0;
            flow.branches
                .iter()
                .map(|b| {
                    let p = b.cumulative - prev;
                    prev = b.cumulative;
                    (b.queue, p)
                })
                .collect()
        };
        let c = &s.customer;
        let talk = c.talk.mean() + c.holds_mean_count * c.hold_duration.mean();
        let whispers = flow_mean(spec, flow.sets.agent_whisper, FlowType::AgentWhisper)
            + flow_mean(spec, flow.sets.customer_whisper, FlowType::CustomerWhisper);
        for (q, p) in branches {
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
                .map(|g| g.after_contact_work.mean())
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
        }
    }
    acc.into_iter()
        .map(|(l, lh, lp)| QueueLoad {
            lambda: l,
            handle: if l > 0.0 { lh / l } else { 0.0 },
            patience: if lp > 0.0 { l / lp } else { f64::INFINITY },
        })
        .collect()
}

/// The group that mainly serves queue `q`: the first whose profile takes it
/// at the best (priority, delay).
fn primary_group(spec: &CenterSpec, q: QueueId) -> Option<usize> {
    spec.groups
        .iter()
        .enumerate()
        .filter_map(|(g, grp)| {
            spec.profiles[grp.profile.index()]
                .queues
                .iter()
                .find(|x| x.queue == q)
                .map(|x| ((x.priority, x.delay), g))
        })
        .min()
        .map(|(_, g)| g)
}

/// Agents Erlang C (`abandonment = false`) or Erlang A would give one queue
/// for its targets; `None` when the formula has no answer.
fn erlang_agents(
    load: QueueLoad,
    targets: QueueTargets,
    abandonment: bool,
    max: u32,
) -> Option<u32> {
    if load.lambda <= 0.0 || load.handle <= 0.0 {
        return Some(0);
    }
    let start = (load.lambda * load.handle).floor().max(0.0) as u32;
    (start.max(1)..=max).find(|&c| {
        if !abandonment || !load.patience.is_finite() {
            let Ok(r) = erlang_c(load.lambda, load.handle, c) else {
                return false;
            };
            let sl_ok = targets
                .service_level
                .is_none_or(|(t, target, _)| r.service_level(t.as_secs_f64()) >= target);
            let asa_ok = targets.max_asa.is_none_or(|m| r.asa <= m.as_secs_f64());
            // Erlang C knows no abandonment: the target is ignored there.
            sl_ok && asa_ok
        } else {
            let Ok(r) = erlang_a(load.lambda, load.handle, load.patience, c) else {
                return false;
            };
            let sl_ok = targets.service_level.is_none_or(|(t, target, def)| {
                let v = match def {
                    crate::center::spec::ServiceLevelDefinition::AnsweredWithin => {
                        r.answered_within(t.as_secs_f64())
                    }
                    crate::center::spec::ServiceLevelDefinition::Connect => {
                        r.removed_within(t.as_secs_f64())
                    }
                };
                v >= target
            });
            let ab_ok = targets
                .max_abandonment_rate
                .is_none_or(|m| r.p_abandon <= m);
            let asa_ok = targets.max_asa.is_none_or(|m| r.asa <= m.as_secs_f64());
            sl_ok && ab_ok && asa_ok
        }
    })
}

/// Erlang C's and Erlang A's staffing per group: each targeted queue's
/// agents go to its primary group; groups with no targeted queue keep the
/// scenario's headcount (`None`).
pub fn erlang_staffing(spec: &CenterSpec, max: u32) -> (Vec<Option<u32>>, Vec<Option<u32>>) {
    let loads = queue_loads(spec);
    let mut c = vec![None; spec.groups.len()];
    let mut a = vec![None; spec.groups.len()];
    for (q, qs) in spec.queues.iter().enumerate() {
        let Some(t) = qs.targets else { continue };
        let Some(g) = primary_group(spec, QueueId(q as u16)) else {
            continue;
        };
        let ec = erlang_agents(loads[q], t, false, max).unwrap_or(max);
        let ea = erlang_agents(loads[q], t, true, max).unwrap_or(max);
        c[g] = Some(c[g].unwrap_or(0) + ec);
        a[g] = Some(a[g].unwrap_or(0) + ea);
    }
    (c, a)
}

/// Runs the search.
pub fn search(spec: &CenterSpec, opts: StaffingOptions) -> Result<StaffingResult, StaffingError> {
    let has_targets = spec.queues.iter().any(|q| q.targets.is_some())
        || spec.groups.iter().any(|g| g.max_occupancy.is_some());
    if !has_targets {
        return Err(StaffingError::NoTargets);
    }
    let (ec, ea) = erlang_staffing(spec, opts.max_headcount);
    let searched: Vec<usize> = (0..spec.groups.len())
        .filter(|&g| ea[g].is_some() || spec.groups[g].max_occupancy.is_some())
        .collect();
    let base: Vec<u32> = spec
        .groups
        .iter()
        .map(|g| g.headcount.iter().copied().max().unwrap_or(0))
        .collect();
    let fill = |v: &[Option<u32>]| -> Vec<u32> {
        (0..spec.groups.len())
            .map(|g| v[g].unwrap_or(base[g]))
            .collect()
    };
    let mut cache: BTreeMap<Vec<u32>, Evaluation> = BTreeMap::new();
    let mut eval = |h: &[u32]| -> Evaluation {
        if let Some(e) = cache.get(h) {
            return e.clone();
        }
        let summary = run_scenario(&with_headcount(spec, h), opts.threads, &|| {});
        let e = Evaluation {
            headcount: h.to_vec(),
            check: check_targets(spec, &summary, opts.confidence),
        };
        cache.insert(h.to_vec(), e.clone());
        e
    };
    let at_erlang_c = eval(&fill(&ec));
    let at_erlang_a = eval(&fill(&ea));
    let mut h = fill(&ea);
    let mut current = at_erlang_a.clone();
    // Add agents where they help most until every target holds.
    while !current.check.met {
        let mut best: Option<Evaluation> = None;
        for &g in &searched {
            if h[g] >= opts.max_headcount {
                continue;
            }
            let mut t = h.clone();
            t[g] += 1;
            let e = eval(&t);
            if best
                .as_ref()
                .is_none_or(|b| e.check.shortfall < b.check.shortfall)
            {
                best = Some(e);
            }
        }
        match best {
            Some(b) => {
                h = b.headcount.clone();
                current = b;
            }
            None => {
                let missed = current
                    .check
                    .targets
                    .iter()
                    .filter(|t| !t.met)
                    .map(|t| format!("{} {}", t.scope.name(), t.metric))
                    .collect::<Vec<_>>()
                    .join(", ");
                return Err(StaffingError::Unreachable {
                    max: opts.max_headcount,
                    last: h,
                    missed,
                });
            }
        }
    }
    // Then remove agents for as long as every target still holds.
    loop {
        let mut removed = false;
        for &g in &searched {
            while h[g] > 0 {
                let mut t = h.clone();
                t[g] -= 1;
                let e = eval(&t);
                if !e.check.met {
                    break;
                }
                h = t;
                current = e;
                removed = true;
            }
        }
        if !removed {
            break;
        }
    }
    let evaluated = cache.into_values().collect();
    Ok(StaffingResult {
        searched,
        best: current,
        erlang_c: ec,
        erlang_a: ea,
        at_erlang_c,
        at_erlang_a,
        evaluated,
    })
}

/// Staffing per interval, found by the iterative staffing algorithm.
#[derive(Debug, Clone)]
pub struct IntervalStaffing {
    /// The groups whose headcount was searched.
    pub searched: Vec<usize>,
    /// Headcount per group and interval.
    pub headcount: Vec<Vec<u32>>,
    /// Erlang C per group and interval, from each interval's own arrivals
    /// (no backlog carried over): what a per-interval Erlang table says.
    pub erlang_c: Vec<Vec<Option<u32>>>,
    /// Iterations until the staffing stopped changing.
    pub iterations: usize,
    /// Agents added in the final check on fresh seeds.
    pub corrections: u32,
    /// The targets per interval at the final staffing, on fresh seeds.
    pub checks: Vec<Check>,
}

/// The scenario with per-interval headcounts.
pub fn with_interval_headcount(spec: &CenterSpec, headcount: &[Vec<u32>]) -> CenterSpec {
    let mut s = spec.clone();
    for (g, h) in headcount.iter().enumerate() {
        if let Some(group) = s.groups.get_mut(g) {
            group.headcount = h.clone();
        }
    }
    s
}

/// Time-varying staffing by the iterative staffing algorithm (Feldman,
/// Mandelbaum, Massey and Whitt, *Staffing of Time-Varying Queues to Achieve
/// Time-Stable Performance*, Management Science 2008).
///
/// Start from Erlang A on each interval's own arrivals; then repeatedly
/// simulate, measure each interval's load — the mean number of contacts in
/// the system (with an agent or waiting), which carries the backlog across
/// interval boundaries — and set each interval's staffing to what the
/// targets need at that load; stop when the staffing no longer changes.
/// Finally re-simulate on fresh seeds and add an agent to any interval that
/// still misses a target, until all are met.
pub fn search_per_interval(
    spec: &CenterSpec,
    opts: StaffingOptions,
) -> Result<IntervalStaffing, StaffingError> {
    const MAX_ITERATIONS: usize = 12;
    const MAX_CORRECTIONS: usize = 30;
    if !spec.queues.iter().any(|q| q.targets.is_some()) {
        return Err(StaffingError::NoTargets);
    }
    let n = spec.interval_count();
    let interval_ms = spec.interval.as_millis();
    let base: Vec<Vec<u32>> = spec.groups.iter().map(|g| g.headcount.clone()).collect();
    let targeted: Vec<(usize, usize)> = spec
        .queues
        .iter()
        .enumerate()
        .filter(|(_, q)| q.targets.is_some())
        .filter_map(|(q, _)| primary_group(spec, QueueId(q as u16)).map(|g| (q, g)))
        .collect();
    let mut searched: Vec<usize> = targeted.iter().map(|x| x.1).collect();
    searched.sort_unstable();
    searched.dedup();
    let loads: Vec<Vec<QueueLoad>> = (0..n)
        .map(|i| {
            queue_loads_in(
                spec,
                i as u64 * interval_ms,
                ((i as u64 + 1) * interval_ms).min(spec.horizon.as_millis()),
            )
        })
        .collect();
    let staff_for =
        |load_of: &dyn Fn(usize, usize) -> QueueLoad, abandonment: bool| -> Vec<Vec<Option<u32>>> {
            let mut h: Vec<Vec<Option<u32>>> = vec![vec![None; n]; spec.groups.len()];
            for &(q, g) in &targeted {
                let Some(t) = spec.queues[q].targets else {
                    continue;
                };
                for (i, slot) in h[g].iter_mut().enumerate() {
                    let c = erlang_agents(load_of(q, i), t, abandonment, opts.max_headcount)
                        .unwrap_or(opts.max_headcount);
                    *slot = Some(slot.unwrap_or(0) + c);
                }
            }
            h
        };
    let fill = |h: &[Vec<Option<u32>>]| -> Vec<Vec<u32>> {
        (0..spec.groups.len())
            .map(|g| (0..n).map(|i| h[g][i].unwrap_or(base[g][i])).collect())
            .collect()
    };
    let erlang_c = staff_for(&|q, i| loads[i][q], false);
    let mut staffing = fill(&staff_for(&|q, i| loads[i][q], true));
    let mut iterations = 0;
    let mut previous: Option<Vec<Vec<u32>>> = None;
    while iterations < MAX_ITERATIONS {
        iterations += 1;
        let summary = run_scenario(
            &with_interval_headcount(spec, &staffing),
            opts.threads,
            &|| {},
        );
        let get = |scope: &Scope, m: &str, i: usize| {
            summary
                .get_at(scope, m, Some(i as u32))
                .and_then(|e| e.mean)
                .unwrap_or(0.0)
        };
        // The load each interval saw: mean contacts in the system, as
        // erlangs of the queue's handle time.
        let measured = |q: usize, i: usize| -> QueueLoad {
            let own = loads[i][q];
            let g = targeted.iter().find(|x| x.0 == q).map(|x| x.1).unwrap_or(0);
            let waiting = get(
                &Scope::Queue(spec.queues[q].name.clone()),
                "avg_queue_length",
                i,
            );
            // A group serving several targeted queues shares its busy agents
            // in proportion to their offered loads.
            let mine = own.lambda * own.handle;
            let all: f64 = targeted
                .iter()
                .filter(|x| x.1 == g)
                .map(|x| loads[i][x.0].lambda * loads[i][x.0].handle)
                .sum();
            let share = if all > 0.0 { mine / all } else { 1.0 };
            let busy = get(&Scope::Group(spec.groups[g].name.clone()), "busy_agents", i) * share;
            let handle = if own.handle > 0.0 { own.handle } else { 1.0 };
            QueueLoad {
                lambda: (busy + waiting) / handle,
                handle,
                patience: own.patience,
            }
        };
        let next = fill(&staff_for(&measured, true));
        if next == staffing {
            break;
        }
        // A staffing and its load can alternate by an agent in some
        // intervals (more agents, less backlog, fewer agents, …): on a
        // two-cycle, keep the larger of the two and stop.
        if previous.as_ref() == Some(&next) {
            staffing = staffing
                .iter()
                .zip(&next)
                .map(|(a, b)| a.iter().zip(b).map(|(x, y)| *x.max(y)).collect())
                .collect();
            break;
        }
        previous = Some(std::mem::replace(&mut staffing, next));
    }
    // Verify on fresh seeds; add agents where an interval still misses.
    let mut fresh = spec.clone();
    fresh.seed = spec.seed.wrapping_add(0x5eed);
    let mut corrections = 0;
    let mut rounds = 0;
    loop {
        let summary = run_scenario(
            &with_interval_headcount(&fresh, &staffing),
            opts.threads,
            &|| {},
        );
        let checks: Vec<Check> = (0..n as u32)
            .map(|i| check_interval(spec, &summary, i, opts.confidence))
            .collect();
        let missed: Vec<usize> = (0..n)
            .filter(|&i| !checks[i].met && i as u64 * interval_ms >= spec.warmup.as_millis())
            .collect();
        if missed.is_empty() {
            return Ok(IntervalStaffing {
                searched,
                headcount: staffing,
                erlang_c,
                iterations,
                corrections,
                checks,
            });
        }
        rounds += 1;
        if rounds > MAX_CORRECTIONS {
            let last = missed
                .iter()
                .map(|&i| staffing.iter().map(|h| h[i]).max().unwrap_or(0))
                .collect();
            return Err(StaffingError::Unreachable {
                max: opts.max_headcount,
                last,
                missed: format!("intervals {missed:?}"),
            });
        }
        for i in missed {
            for &g in &searched {
                if staffing[g][i] < opts.max_headcount {
                    staffing[g][i] += 1;
                    corrections += 1;
                }
            }
        }
    }
}

/// The targets at headcounts `range` of group `g`, the other groups at
/// `base`: the points of a "metric vs headcount" plot. Same seeds as the
/// search, so the curve is smooth in the headcount, not in the noise.
pub fn headcount_curve(
    spec: &CenterSpec,
    base: &[u32],
    g: usize,
    range: std::ops::RangeInclusive<u32>,
    opts: StaffingOptions,
) -> Vec<(u32, Check)> {
    range
        .map(|h| {
            let mut hc = base.to_vec();
            hc[g] = h;
            let summary = run_scenario(&with_headcount(spec, &hc), opts.threads, &|| {});
            (h, check_targets(spec, &summary, opts.confidence))
        })
        .collect()
}
