//! The smallest staffing that meets a scenario's targets, found by
//! simulation, beside what Erlang C and Erlang A would say.
//!
//! Every evaluation runs the scenario's replications with the same seeds, so
//! two staffings are compared on the same customers (common random numbers):
//! a difference between them is the staffing's doing, not noise. Each
//! staffing is simulated once: an [`Evaluator`] keeps every evaluation, for
//! the search and for the plots drawn around its answer.
//!
//! The search starts from the Erlang A estimate. While a target is missed it
//! adds one agent to the group whose extra agent closes the most of the gap
//! (greedy on marginal gain); then it removes agents one at a time, from each
//! group in turn, for as long as every target still holds. For a single group
//! this is the exact smallest headcount whenever performance improves with
//! headcount.

use std::collections::BTreeMap;

use crate::center::spec::CenterSpec;
use crate::exec::run_scenario;

use super::sizing::erlang_staffing;
use super::targets::{check_targets, Check, Confidence};

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
#[non_exhaustive]
pub enum StaffingError {
    /// No queue has targets and no group an occupancy cap.
    #[error("the scenario sets no staffing target\n    fix: add [queues.targets] (service_level, max_abandonment_rate, max_asa) to at least one queue")]
    NoTargets,
    /// `--per-interval` on a scenario whose only targets are occupancy
    /// caps: the per-interval search sizes each interval for its queues'
    /// targets.
    #[error("the scenario's only targets are occupancy caps (max_occupancy), and the per-interval search sizes each interval for its queues' targets\n    fix: add [queues.targets] (service_level, max_abandonment_rate, max_asa) to a queue, or run `ccsim staff` without --per-interval, which meets occupancy caps too")]
    OccupancyOnly,
    /// A queue with targets that no agent group can take contacts of: no
    /// routing profile lists it, or none for the channels its contacts
    /// come on, or no group has the skills their routing criteria ask for.
    #[error("{field}: no agent group can take queue \"{queue}\"'s contacts, so no headcount meets its targets\n    fix: add the queue to a routing profile of a group, for the channels its contacts come on and with the proficiencies their routing criteria ask for; or remove its targets")]
    Unserved {
        /// The queue's name.
        queue: String,
        /// Where its targets are set.
        field: String,
    },
    /// The search hit its limit without meeting every target.
    #[error("no staffing up to {max} agents per group meets every target (last tried {last:?}): {missed}\n    fix: check that the targets are reachable (an ASA below the whisper time never is), and the arrival rates and their units")]
    Unreachable {
        /// The per-group limit.
        max: u32,
        /// The last staffing tried.
        last: Vec<u32>,
        /// The targets still missed.
        missed: String,
    },
    /// The per-interval search added agents for its most rounds, each on
    /// fresh seeds, and some interval still missed its targets, below the
    /// per-group limit: the estimates are too noisy to settle, or the
    /// targets out of reach.
    #[error("no staffing per interval met every target after {rounds} rounds of adding agents (the most now, per interval missed: {last:?}): {missed}\n    fix: more replications steady the estimates (--replications) — in an interval with a handful of contacts one abandoned call is a large rate, so judge small queues' targets over the day (`ccsim staff` without --per-interval); check that the targets are reachable (an ASA below the whisper time, or an abandonment rate below the share of callers whose patience ends before an agent can answer — answer delay and whisper — never is)")]
    Unsettled {
        /// The rounds of adding agents.
        rounds: usize,
        /// The most agents of any group in each interval still missed.
        last: Vec<u32>,
        /// The targets still missed.
        missed: String,
    },
    /// A simulation's virtual time stood still (a zero-time loop the
    /// scenario checks did not catch).
    #[error("replication {replication} of the staffing {headcount:?} stopped: virtual time stood still at {at_s} s\n    fix: look for a rate or a loop of zero-length steps in the scenario")]
    Stalled {
        /// The staffing simulated.
        headcount: Vec<u32>,
        /// The first replication that stalled.
        replication: u32,
        /// When, seconds of virtual time.
        at_s: f64,
    },
}

/// Simulates `spec` for the staffing search; a replication whose virtual
/// time stood still is an error, not a result. `progress` hears of the
/// staffing (`headcount`, the largest per group) and each replication.
pub fn simulate(
    spec: &CenterSpec,
    threads: Option<usize>,
    headcount: &[u32],
    progress: Option<&dyn SearchProgress>,
) -> Result<crate::stats::Summary, StaffingError> {
    if let Some(p) = progress {
        p.staffing(headcount, spec.replications);
    }
    let summary = run_scenario(spec, threads, &|| {
        if let Some(p) = progress {
            p.replication();
        }
    });
    match summary.stalled {
        Some(s) => Err(StaffingError::Stalled {
            headcount: headcount.to_vec(),
            replication: s.replication,
            at_s: s.stall.at.as_secs_f64(),
        }),
        None => Ok(summary),
    }
}

/// [`StaffingError::Unserved`] for the first queue with targets no group
/// can take contacts of, if there is one.
pub fn unserved(spec: &CenterSpec) -> Option<StaffingError> {
    let q = super::sizing::unserved_targeted_queue(spec)?;
    Some(StaffingError::Unserved {
        queue: spec.queues[q].name.clone(),
        field: format!("queues[{q}].targets"),
    })
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

/// The scenario with every group at a constant headcount. A group staffed
/// by shifts is staffed by that headcount instead (its shifts and
/// shrinkage set aside): the search asks how many agents must be on the
/// phones, which is what a schedule must then provide.
pub fn with_headcount(spec: &CenterSpec, headcount: &[u32]) -> CenterSpec {
    let mut s = spec.clone();
    for (g, h) in headcount.iter().enumerate() {
        if let Some(group) = s.groups.get_mut(g) {
            group.set_headcount(vec![*h; spec.interval_count()]);
        }
    }
    s
}

/// What the search reports as it goes (a progress bar): the number of
/// staffings it will try is not known in advance, so it says when each new
/// one starts and when each replication of it ends.
pub trait SearchProgress: Sync {
    /// A staffing not simulated before starts, with `replications` to run.
    fn staffing(&self, headcount: &[u32], replications: u32);
    /// One replication of the current staffing finished.
    fn replication(&self);
}

/// Staffings and how they performed, each simulated once: the search's
/// memory, kept for the plots drawn around its answer.
pub struct Evaluator<'a> {
    spec: &'a CenterSpec,
    opts: StaffingOptions,
    cache: BTreeMap<Vec<u32>, Evaluation>,
    /// The first simulation that stalled, reported when the search ends.
    stalled: Option<StaffingError>,
    progress: Option<&'a dyn SearchProgress>,
}

impl<'a> Evaluator<'a> {
    /// No staffing evaluated yet.
    pub fn new(spec: &'a CenterSpec, opts: StaffingOptions) -> Self {
        Evaluator {
            spec,
            opts,
            cache: BTreeMap::new(),
            stalled: None,
            progress: None,
        }
    }

    /// Reports each staffing simulated, and each of its replications, to
    /// `progress`.
    pub fn with_progress(mut self, progress: &'a dyn SearchProgress) -> Self {
        self.progress = Some(progress);
        self
    }

    /// Headcount `h` (per group, every interval) checked against the
    /// targets: simulated the first time it is asked for.
    pub fn eval(&mut self, h: &[u32]) -> Evaluation {
        if let Some(e) = self.cache.get(h) {
            return e.clone();
        }
        let progress = self.progress;
        if let Some(p) = progress {
            p.staffing(h, self.spec.replications);
        }
        let summary = run_scenario(&with_headcount(self.spec, h), self.opts.threads, &|| {
            if let Some(p) = progress {
                p.replication();
            }
        });
        if let (None, Some(s)) = (&self.stalled, summary.stalled) {
            self.stalled = Some(StaffingError::Stalled {
                headcount: h.to_vec(),
                replication: s.replication,
                at_s: s.stall.at.as_secs_f64(),
            });
        }
        let e = Evaluation {
            headcount: h.to_vec(),
            check: check_targets(self.spec, &summary, self.opts.confidence),
        };
        self.cache.insert(h.to_vec(), e.clone());
        e
    }

    /// The first simulation that stalled, if any: its results are not to
    /// be trusted.
    pub fn take_stall(&mut self) -> Option<StaffingError> {
        self.stalled.take()
    }

    /// Every staffing evaluated so far, in headcount order.
    pub fn evaluated(&self) -> Vec<Evaluation> {
        self.cache.values().cloned().collect()
    }

    /// The targets at headcounts `range` of group `g`, the other groups at
    /// `base`: the points of a "metric vs headcount" plot. Same seeds as the
    /// search, so the curve is smooth in the headcount, not in the noise;
    /// staffings the search already simulated are not simulated again.
    pub fn curve(
        &mut self,
        base: &[u32],
        g: usize,
        range: std::ops::RangeInclusive<u32>,
    ) -> Vec<(u32, Check)> {
        range
            .map(|h| {
                let mut hc = base.to_vec();
                hc[g] = h;
                (h, self.eval(&hc).check)
            })
            .collect()
    }
}

/// Runs the search.
pub fn search(spec: &CenterSpec, opts: StaffingOptions) -> Result<StaffingResult, StaffingError> {
    let mut evaluator = Evaluator::new(spec, opts);
    let result = search_with(&mut evaluator);
    match evaluator.take_stall() {
        Some(stall) => Err(stall),
        None => result,
    }
}

/// Runs the search with `evaluator`'s scenario and options, through its
/// cache: afterwards it also holds every staffing the search simulated (for
/// plots around the answer, say).
pub fn search_with(evaluator: &mut Evaluator) -> Result<StaffingResult, StaffingError> {
    let (spec, opts) = (evaluator.spec, evaluator.opts);
    let has_targets = spec.queues.iter().any(|q| q.targets.is_some())
        || spec.groups.iter().any(|g| g.max_occupancy.is_some());
    if !has_targets {
        return Err(StaffingError::NoTargets);
    }
    if let Some(e) = unserved(spec) {
        return Err(e);
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
    let mut eval = |h: &[u32]| evaluator.eval(h);
    let at_erlang_c = eval(&fill(&ec));
    let at_erlang_a = eval(&fill(&ea));
    let mut h = fill(&ea);
    let mut current = at_erlang_a.clone();
    // Add agents where they help most until every target holds: one at a
    // time, until the same group has taken [`STEPS_BEFORE_GROWING`] in a
    // row, each closer but still short; then twice as many each round, so
    // a need far from Erlang's (a burst Erlang's mean rate hides) is
    // reached in a few dozen simulations, not one per agent.
    let mut growth = Growth::default();
    while !current.check.met {
        let step = growth.step();
        let mut best: Option<(usize, Evaluation)> = None;
        for &g in &searched {
            if h[g] >= opts.max_headcount {
                continue;
            }
            let mut t = h.clone();
            t[g] = t[g].saturating_add(step).min(opts.max_headcount);
            let e = eval(&t);
            if best
                .as_ref()
                .is_none_or(|b| e.check.shortfall < b.1.check.shortfall)
            {
                best = Some((g, e));
            }
        }
        match best {
            Some((g, b)) => {
                growth.took(g, b.check.shortfall < current.check.shortfall);
                h = b.headcount.clone();
                current = b;
            }
            None => {
                let missed = current
                    .check
                    .targets
                    .iter()
                    .filter(|t| !t.met)
                    .map(|t| t.describe())
                    .collect::<Vec<_>>()
                    .join("; ");
                return Err(StaffingError::Unreachable {
                    max: opts.max_headcount,
                    last: h,
                    missed,
                });
            }
        }
    }
    // Then remove agents for as long as every target still holds: half as
    // many at once as the last step added (the staffing before it missed),
    // halving on a miss, down to one (after one-agent steps, one at a time).
    let mut first_cut = (growth.last_step() / 2).max(1);
    loop {
        let mut removed = false;
        for &g in &searched {
            let mut cut = first_cut;
            while cut > 0 && h[g] > 0 {
                let mut t = h.clone();
                t[g] = t[g].saturating_sub(cut);
                let e = eval(&t);
                if !e.check.met {
                    cut /= 2;
                    continue;
                }
                h = t;
                current = e;
                removed = true;
            }
        }
        first_cut = 1;
        if !removed {
            break;
        }
    }
    let evaluated = evaluator.evaluated();
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

/// One-agent steps the search takes in the same group before its steps
/// grow: a handful of agents is Erlang's usual distance from the answer.
const STEPS_BEFORE_GROWING: u32 = 3;

/// The agents to add after `run` steps in a row that each brought the
/// targets closer: 1 for the first [`STEPS_BEFORE_GROWING`], then 2, 4, 8, …
pub(super) fn step_after(run: u32) -> u32 {
    if run < STEPS_BEFORE_GROWING {
        1
    } else {
        1u32 << (run - STEPS_BEFORE_GROWING + 1).min(16)
    }
}

/// How many agents the search adds in a round: one, until one group has
/// taken [`STEPS_BEFORE_GROWING`] steps in a row, each bringing the targets
/// closer; then doubling while that lasts.
#[derive(Debug, Default)]
struct Growth {
    /// The group that took the last step, and how many in a row.
    run: Option<(usize, u32)>,
    /// The last step taken.
    last: u32,
}

impl Growth {
    /// The agents to add this round.
    fn step(&self) -> u32 {
        step_after(self.run.map_or(0, |r| r.1))
    }

    /// Group `g` took this round's step; `closer`: it brought the targets
    /// closer. A step that did not (noise, or a target agents cannot move)
    /// starts the run again: only a steady approach grows the steps.
    fn took(&mut self, g: usize, closer: bool) {
        self.last = self.step();
        self.run = match self.run {
            _ if !closer => None,
            Some((last, n)) if last == g => Some((g, n + 1)),
            _ => Some((g, 1)),
        };
    }

    /// The last step taken (1 if none was).
    fn last_step(&self) -> u32 {
        self.last.max(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCENARIO: &str = r#"
[simulation]
seed = 2
replications = 3
horizon = "4h"

[[queues]]
name = "q"
targets = { service_level = { threshold = "20s", target = 0.8 } }

[[routing_profiles]]
name = "p"
queues = [{ queue = "q" }]

[[agent_groups]]
name = "g"
routing_profile = "p"
headcount = 1

[[sources]]
name = "s"
rate_per_hour = 120
queue = "q"
customer = { talk = { dist = "exponential", mean = "3m" } }
"#;

    /// One agent a step for the first three steps in a row, then 2, 4, 8;
    /// a step that did not close in, or went to another group, starts over.
    #[test]
    fn steps_grow_only_while_one_group_closes_in() {
        assert_eq!(
            (0..7).map(step_after).collect::<Vec<_>>(),
            vec![1, 1, 1, 2, 4, 8, 16]
        );
        let mut g = Growth::default();
        let mut taken = Vec::new();
        for _ in 0..5 {
            taken.push(g.step());
            g.took(0, true);
        }
        assert_eq!(taken, vec![1, 1, 1, 2, 4]);
        assert_eq!(g.last_step(), 4);
        g.took(0, false);
        assert_eq!(g.step(), 1, "no closer: one at a time again");
        for _ in 0..3 {
            g.took(0, true);
        }
        assert_eq!(g.step(), 2);
        g.took(1, true);
        assert_eq!(g.step(), 1, "another group: one at a time again");
        assert_eq!(step_after(u32::MAX), 1 << 16, "capped, never overflowing");
    }

    #[test]
    fn the_plot_around_the_answer_reuses_the_search_s_simulations() {
        let spec = crate::scenario::parse(SCENARIO, std::path::Path::new("t.toml"), "t")
            .unwrap_or_else(|e| panic!("{e}"));
        let opts = StaffingOptions {
            threads: Some(2),
            ..StaffingOptions::default()
        };
        let mut evaluator = Evaluator::new(&spec, opts);
        let result = search_with(&mut evaluator).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(result.evaluated.len(), evaluator.evaluated().len());
        let best = result.best.headcount[0];
        // The answer and one agent fewer (which missed) were both simulated.
        let curve = evaluator.curve(&result.best.headcount, 0, best - 1..=best);
        assert_eq!(evaluator.evaluated().len(), result.evaluated.len());
        assert_eq!(curve[1].1, result.best.check);
        // A fresh staffing is simulated once, then remembered.
        evaluator.curve(&result.best.headcount, 0, best + 5..=best + 5);
        evaluator.curve(&result.best.headcount, 0, best + 5..=best + 5);
        assert_eq!(evaluator.evaluated().len(), result.evaluated.len() + 1);
    }
}
