//! Staffing per interval, for arrivals that vary over the day, by the
//! iterative staffing algorithm: simulate, measure each interval's load
//! (the work its agents carried, and its abandoned contacts'), staff each interval for that load, until the staffing
//! stops changing; then verify on fresh seeds.

use crate::center::ids::QueueId;
use crate::center::spec::CenterSpec;
use crate::stats::load::{queue_loads_in, QueueLoad};
use crate::stats::{Metric, Scope, Summary};

use super::search::{simulate, step_after, SearchProgress, StaffingError, StaffingOptions};
use super::sizing::{
    erlang_agents, group_agents, primary_group, queue_share, servers_for_agents, QueueNeeds,
    QueueShare,
};
use super::targets::{check_interval, misses_only_within_ci, Check, TargetCheck};

/// Most simulate-and-restaff rounds before the staffing is taken as is.
const MAX_ITERATIONS: usize = 12;
/// Most rounds of adding agents on fresh seeds before giving up.
const MAX_CORRECTIONS: usize = 30;
/// Rounds in a row a missed interval's corrections leave it no closer
/// before they go to the next interval too.
const STUCK_BEFORE_SPILLING: u32 = 2;
/// Rounds in a row a missed interval's corrections (its own, then spilled)
/// leave it no closer before it is settled as it is — when every target it
/// misses has the target inside its confidence interval (see
/// [`IntervalStaffing::settled`]).
const STUCK_BEFORE_SETTLING: u32 = STUCK_BEFORE_SPILLING + 2;

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
    /// Agents the final check on fresh seeds added, net of the trims that
    /// take back what grown steps added beyond the need. Never negative: a
    /// trim takes back at most half of a step added since the previous
    /// trim.
    pub corrections: u32,
    /// The targets per interval at the final staffing, on fresh seeds
    /// (none in the intervals wholly inside the warm-up, which are not
    /// measured).
    pub checks: Vec<Check>,
    /// The leading intervals wholly inside the warm-up: staffed by Erlang A
    /// on their own arrivals, since the simulation measures nothing there.
    pub warmup_intervals: usize,
    /// Each targeted queue with the group searched for it.
    pub targeted: Vec<(usize, usize)>,
    /// Intervals settled unmet: each misses a target by its mean only
    /// inside the target's 95 % confidence interval (the simulation cannot
    /// tell it from met), and round after round of added agents on the same
    /// seeds left it no closer. That is an interval of a handful of
    /// contacts, where one abandoned call moves the rate by tens of
    /// percent whatever the staffing (the callers whose patience ends
    /// during the whisper); more agents would only be chased forever, so
    /// its headcount stays where the rounds left it, and the report says
    /// so.
    pub settled: Vec<usize>,
}

impl IntervalStaffing {
    /// Whether target `t` is group `g`'s to meet: a target of a queue the
    /// group is searched for, or the group's own occupancy cap (every
    /// capped group is searched). A target no searched group owns would be
    /// every group's.
    pub fn owns(&self, spec: &CenterSpec, g: usize, t: &TargetCheck) -> bool {
        match owner(spec, &self.targeted, &self.searched, t) {
            Some(o) => o == g,
            None => true,
        }
    }
}

/// The searched group behind target `t`, if one is: the group searched for
/// its queue, or the group whose occupancy it caps.
fn owner(
    spec: &CenterSpec,
    targeted: &[(usize, usize)],
    searched: &[usize],
    t: &TargetCheck,
) -> Option<usize> {
    match &t.scope {
        Scope::Queue(name) => targeted
            .iter()
            .find(|(q, _)| spec.queues[*q].name == *name)
            .map(|x| x.1),
        Scope::Group(name) => {
            let g = spec.groups.iter().position(|x| x.name == *name)?;
            searched.contains(&g).then_some(g)
        }
        _ => None,
    }
}

/// The scenario with per-interval headcounts (shift-staffed groups
/// staffed by them instead, as in [`super::search::with_headcount`]).
pub fn with_interval_headcount(spec: &CenterSpec, headcount: &[Vec<u32>]) -> CenterSpec {
    let mut s = spec.clone();
    for (g, h) in headcount.iter().enumerate() {
        if let Some(group) = s.groups.get_mut(g) {
            group.set_headcount(h.clone());
        }
    }
    s
}

/// Time-varying staffing by the iterative staffing algorithm (Feldman,
/// Mandelbaum, Massey and Whitt, *Staffing of Time-Varying Queues to Achieve
/// Time-Stable Performance*, Management Science 2008).
///
/// Start from Erlang A on each interval's own arrivals; then repeatedly
/// simulate, measure each interval's load — the mean number of contacts
/// with an agent plus the abandoned contacts' work, which carries the
/// backlog across interval boundaries as it is served — and set each interval's staffing to what the
/// targets need at that load; stop when the staffing no longer changes.
/// Finally re-simulate on fresh seeds and add an agent to any interval that
/// still misses a target, until all are met.
pub fn search_per_interval(
    spec: &CenterSpec,
    opts: StaffingOptions,
) -> Result<IntervalStaffing, StaffingError> {
    search_per_interval_with(spec, opts, None)
}

/// [`search_per_interval`], telling `progress` of each staffing simulated
/// (its peak headcount per group) and each replication.
pub fn search_per_interval_with(
    spec: &CenterSpec,
    opts: StaffingOptions,
    progress: Option<&dyn SearchProgress>,
) -> Result<IntervalStaffing, StaffingError> {
    if !spec.queues.iter().any(|q| q.targets.is_some()) {
        return Err(if spec.groups.iter().any(|g| g.max_occupancy.is_some()) {
            StaffingError::OccupancyOnly
        } else {
            StaffingError::NoTargets
        });
    }
    if let Some(e) = super::search::unserved(spec) {
        return Err(e);
    }
    let mut search = PerInterval::new(spec, opts);
    search.progress = progress;
    let erlang_c = erlang_c_per_interval(spec, opts);
    let start = search.fill(&search.staff_for(&|q, i| search.loads[i][q], true));
    let (staffing, iterations) = search.iterate(start)?;
    search.verify(staffing, iterations, erlang_c)
}

/// Per group and interval, the agents Erlang C gives the targeted queues
/// at each interval's own arrivals — the analytic requirement beside the
/// search, known before any simulation; `None` for groups serving no
/// targeted queue. (`ccsim schedule` checks with it that every interval
/// with arrivals of its own can be covered by a shift, before searching.)
pub fn erlang_c_per_interval(spec: &CenterSpec, opts: StaffingOptions) -> Vec<Vec<Option<u32>>> {
    let search = PerInterval::new(spec, opts);
    search.staff_for(&|q, i| search.loads[i][q], false)
}

/// What the per-interval search works with.
struct PerInterval<'a> {
    spec: &'a CenterSpec,
    opts: StaffingOptions,
    /// Number of intervals.
    n: usize,
    /// The scenario's headcount per group and interval (kept for groups
    /// not searched).
    base: Vec<Vec<u32>>,
    /// Each targeted queue with the group that mainly serves it.
    targeted: Vec<(usize, usize)>,
    /// Per targeted queue (as in `targeted`): how its servers become its
    /// group's agents ([`queue_share`]).
    shares: Vec<QueueShare>,
    /// The groups searched, in order.
    searched: Vec<usize>,
    /// Each interval's own load per queue, from the scenario's means.
    loads: Vec<Vec<QueueLoad>>,
    /// The leading intervals wholly inside the warm-up.
    warmup_intervals: usize,
    /// Per interval, the seconds its per-interval counts cover (its part
    /// after the warm-up and before the horizon), as the recorder counts.
    measured_seconds: Vec<f64>,
    /// Told of each staffing simulated, for a progress bar.
    progress: Option<&'a dyn SearchProgress>,
}

impl<'a> PerInterval<'a> {
    fn new(spec: &'a CenterSpec, opts: StaffingOptions) -> Self {
        let n = spec.interval_count();
        let interval_ms = spec.interval.as_millis();
        let targeted: Vec<(usize, usize)> = spec
            .queues
            .iter()
            .enumerate()
            .filter(|(_, q)| q.targets.is_some())
            .filter_map(|(q, _)| primary_group(spec, QueueId(q as u16)).map(|g| (q, g)))
            .collect();
        let shares = targeted
            .iter()
            .map(|&(q, g)| queue_share(spec, QueueId(q as u16), g))
            .collect();
        // A group with an occupancy cap is searched too, though it serves no
        // targeted queue: it starts from its own headcount, and agents are
        // added where its cap is missed (as the flat search does). Left out,
        // its missed cap was every searched group's, which added agents
        // elsewhere until the rounds ran out.
        let capped = (0..spec.groups.len()).filter(|&g| spec.groups[g].max_occupancy.is_some());
        let mut searched: Vec<usize> = targeted.iter().map(|x| x.1).chain(capped).collect();
        searched.sort_unstable();
        searched.dedup();
        let loads = (0..n)
            .map(|i| {
                queue_loads_in(
                    spec,
                    i as u64 * interval_ms,
                    ((i as u64 + 1) * interval_ms).min(spec.horizon.as_millis()),
                )
            })
            .collect();
        let warmup_intervals = warmup_intervals(spec);
        let stats = crate::stats::StatsConfig::new(spec);
        let measured_seconds = (0..n)
            .map(|i| stats.interval_len(i) as f64 / 1000.0)
            .collect();
        PerInterval {
            spec,
            opts,
            n,
            base: spec.groups.iter().map(|g| g.headcount.clone()).collect(),
            targeted,
            shares,
            searched,
            loads,
            warmup_intervals,
            measured_seconds,
            progress: None,
        }
    }

    /// Per group and interval, the agents Erlang A (`abandonment`) or C
    /// gives the targeted queues at the loads `load_of(queue, interval)`,
    /// each within its group's occupancy cap;
    /// `None` for groups serving no targeted queue.
    fn staff_for(
        &self,
        load_of: &dyn Fn(usize, usize) -> QueueLoad,
        abandonment: bool,
    ) -> Vec<Vec<Option<u32>>> {
        let (spec, max) = (self.spec, self.opts.max_headcount);
        // Per group and interval: each targeted queue's servers.
        let mut needs: Vec<Option<Vec<QueueNeeds>>> = vec![None; spec.groups.len()];
        for (&(q, g), &share) in self.targeted.iter().zip(&self.shares) {
            let Some(t) = spec.queues[q].targets else {
                continue;
            };
            let most = servers_for_agents(max, share.per_agent);
            let cap = spec.groups[g].max_occupancy;
            let per_interval = needs[g].get_or_insert_with(|| vec![Vec::new(); self.n]);
            for (i, n) in per_interval.iter_mut().enumerate() {
                let c = erlang_agents(load_of(q, i), t, abandonment, most, cap).unwrap_or(most);
                n.push((c, share));
            }
        }
        needs
            .iter()
            .enumerate()
            .map(|(g, n)| {
                let profile = &spec.profiles[spec.groups[g].profile.index()];
                match n {
                    Some(n) => n
                        .iter()
                        .map(|n| Some(group_agents(profile, n).min(max)))
                        .collect(),
                    None => vec![None; self.n],
                }
            })
            .collect()
    }

    /// A staffing for every group: the scenario's where `h` has none.
    fn fill(&self, h: &[Vec<Option<u32>>]) -> Vec<Vec<u32>> {
        (0..self.spec.groups.len())
            .map(|g| {
                (0..self.n)
                    .map(|i| h[g][i].unwrap_or(self.base[g][i]))
                    .collect()
            })
            .collect()
    }

    /// The load queue `q` saw in interval `i` of `summary`, as erlangs of
    /// the queue's handle time: its share of its group's contacts in
    /// service, plus the work of the contacts that abandoned it (per
    /// second of the interval's measured part, times the handle time).
    ///
    /// In a steady interval that is exactly the offered load λ·h (carried
    /// λ·h·(1 − P(abandon)) plus abandoned λ·h·P(abandon)), whatever the
    /// staffing, so the iteration settles where Erlang settles. Across a
    /// change of load, the busy agents lag as the infinite-server load
    /// does, and a backlog shows up as the work it brings to the agents
    /// who serve it: that is the carry-over the algorithm is for. Waiting
    /// contacts are not added: their work is counted once they are served,
    /// and counted twice (waiting, then busy) it grew the load by the
    /// mean queue length, one agent or more above Erlang's answer at a
    /// constant load.
    fn measured(&self, summary: &Summary, q: usize, i: usize) -> QueueLoad {
        let get = |scope: &Scope, m: Metric| {
            summary
                .get_at(scope, m, Some(i as u32))
                .and_then(|e| e.mean)
                .unwrap_or(0.0)
        };
        let (spec, loads) = (self.spec, &self.loads);
        let own = loads[i][q];
        // Nothing is measured in the warm-up: its intervals keep the load
        // of their own arrivals (their first staffing's).
        if i < self.warmup_intervals {
            return own;
        }
        // Contacts that take no time leave no backlog to measure: a queue
        // that waited because nobody was there says nothing of the need.
        if own.lambda > 0.0 && own.handle <= 0.0 {
            return own;
        }
        let g = self
            .targeted
            .iter()
            .find(|x| x.0 == q)
            .map(|x| x.1)
            .unwrap_or(0);
        let abandoned = get(
            &Scope::Queue(spec.queues[q].name.clone()),
            Metric::ContactsAbandoned,
        );
        let measured_seconds = self.measured_seconds[i];
        let abandoning = if measured_seconds > 0.0 {
            abandoned / measured_seconds
        } else {
            0.0
        };
        // A group serving several targeted queues shares its busy agents
        // in proportion to their offered loads.
        let mine = own.lambda * own.handle;
        let all: f64 = self
            .targeted
            .iter()
            .filter(|x| x.1 == g)
            .map(|x| loads[i][x.0].lambda * loads[i][x.0].handle)
            .sum();
        let share = if all > 0.0 { mine / all } else { 1.0 };
        // Contacts in service: the slots in use where agents hold several
        // at once (Erlang's servers are contacts, not agents).
        let group = Scope::Group(spec.groups[g].name.clone());
        let in_service = summary
            .get_at(&group, Metric::BusySlots, Some(i as u32))
            .and_then(|e| e.mean)
            .unwrap_or_else(|| get(&group, Metric::BusyAgents));
        let busy = in_service * share;
        let handle = if own.handle > 0.0 { own.handle } else { 1.0 };
        QueueLoad {
            lambda: busy / handle + abandoning,
            handle,
            patience: own.patience,
            conversation: own.conversation,
            reply_writing: own.reply_writing,
            // What the simulation saw holds the redials already.
            redial: None,
        }
    }

    /// Simulates and restaffs from `staffing` until it stops changing (or
    /// alternates, or [`MAX_ITERATIONS`] pass); returns it with the number
    /// of iterations.
    fn iterate(
        &self,
        mut staffing: Vec<Vec<u32>>,
    ) -> Result<(Vec<Vec<u32>>, usize), StaffingError> {
        let mut iterations = 0;
        let mut previous: Option<Vec<Vec<u32>>> = None;
        while iterations < MAX_ITERATIONS {
            iterations += 1;
            let summary = simulate(
                &with_interval_headcount(self.spec, &staffing),
                self.opts.threads,
                &peak(&staffing),
                self.progress,
            )?;
            let next = self.fill(&self.staff_for(&|q, i| self.measured(&summary, q, i), true));
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
        Ok((staffing, iterations))
    }

    /// The searched groups behind the targets `check` missed: a queue's
    /// group, or the group whose occupancy is capped; every searched group
    /// for a target none of them owns. Agents go where they can help.
    fn behind(&self, check: &Check) -> Vec<usize> {
        let mut groups: Vec<usize> = Vec::new();
        for t in check.targets.iter().filter(|t| !t.met) {
            match owner(self.spec, &self.targeted, &self.searched, t) {
                Some(g) => groups.push(g),
                None => groups.extend(&self.searched),
            }
        }
        groups.sort_unstable();
        groups.dedup();
        groups
    }

    /// Verifies `staffing` on fresh seeds, adding agents where a measured
    /// interval still misses a target.
    fn verify(
        &self,
        mut staffing: Vec<Vec<u32>>,
        iterations: usize,
        erlang_c: Vec<Vec<Option<u32>>>,
    ) -> Result<IntervalStaffing, StaffingError> {
        let (spec, opts) = (self.spec, self.opts);
        let mut fresh = spec.clone();
        fresh.seed = spec.seed.wrapping_add(0x5eed);
        let mut corrections: u32 = 0;
        let mut rounds = 0;
        // Per group and interval: the rounds in a row it was corrected, and
        // its largest step. Steps grow after a few rounds in a row (a burst the
        // hour's mean load hides), and are trimmed back once all is met.
        let mut runs = vec![vec![0u32; self.n]; staffing.len()];
        let mut steps = vec![vec![0u32; self.n]; staffing.len()];
        let mut progress = IntervalProgress::new(self.n);
        loop {
            let staffed = with_interval_headcount(&fresh, &staffing);
            let summary = simulate(&staffed, opts.threads, &peak(&staffing), self.progress)?;
            let skip = self.warmup_intervals;
            // Intervals wholly inside the warm-up measure nothing: their
            // checks are empty, not failed. One that ends after it is
            // measured over its later part, and corrected like the rest.
            let checks: Vec<Check> = (0..self.n)
                .map(|i| {
                    if i < skip {
                        Check {
                            targets: Vec::new(),
                            met: true,
                            shortfall: 0.0,
                        }
                    } else {
                        check_interval(&staffed, &summary, i as u32, opts.confidence)
                    }
                })
                .collect();
            let closer = progress.observe(&checks);
            let missed: Vec<usize> = (0..self.n)
                .filter(|&i| !checks[i].met && !progress.settled[i])
                .collect();
            if missed.is_empty() && steps.iter().flatten().any(|&s| s > 1) {
                // Grown steps overshoot by up to half the last one: take
                // back what the targets do not need, then verify again,
                // correcting from one agent a step. (Each trim follows
                // grown corrections, so the rounds bound the trims too.)
                let before: u32 = staffing.iter().flatten().sum();
                staffing = self.trim(staffing, &steps, &fresh, &progress.settled)?;
                let after: u32 = staffing.iter().flatten().sum();
                corrections = corrections.saturating_sub(before - after);
                for v in steps.iter_mut().chain(runs.iter_mut()) {
                    v.fill(0);
                }
                progress.restart();
                continue;
            }
            if missed.is_empty() {
                return Ok(IntervalStaffing {
                    searched: self.searched.clone(),
                    headcount: staffing,
                    erlang_c,
                    iterations,
                    corrections,
                    checks,
                    warmup_intervals: skip,
                    targeted: self.targeted.clone(),
                    settled: (0..self.n).filter(|&i| progress.settled[i]).collect(),
                });
            }
            rounds += 1;
            let last: Vec<u32> = missed
                .iter()
                .map(|&i| staffing.iter().map(|h| h[i]).max().unwrap_or(0))
                .collect();
            let before = corrections;
            // Each group and interval takes the largest step any missed
            // interval asks of it: its own, or the one before it spilling.
            let mut add = vec![vec![0u32; self.n]; staffing.len()];
            let mut corrected = vec![vec![false; self.n]; staffing.len()];
            for &i in &missed {
                let reach = if progress.spills[i] {
                    i..i + 2
                } else {
                    i..i + 1
                };
                for g in self.behind(&checks[i]) {
                    let step = step_after(runs[g][i]);
                    for j in reach.clone() {
                        if staffing[g][j] < opts.max_headcount {
                            add[g][j] = add[g][j].max(step);
                            corrected[g][i] = true;
                        }
                    }
                }
            }
            for (g, add) in add.iter().enumerate() {
                for (j, &step) in add.iter().enumerate().filter(|x| *x.1 > 0) {
                    let to = staffing[g][j].saturating_add(step).min(opts.max_headcount);
                    corrections += to - staffing[g][j];
                    staffing[g][j] = to;
                    steps[g][j] = steps[g][j].max(step);
                }
            }
            // The run counts the corrections in a row that each brought
            // their interval closer.
            for (run, hit) in runs.iter_mut().zip(&corrected) {
                for (i, (run, hit)) in run.iter_mut().zip(hit).enumerate() {
                    *run = if *hit && closer[i] { *run + 1 } else { 0 };
                }
            }
            progress.remember(&checks);
            // Every group behind a missed target and short of the limit got
            // an agent; when none was (all at the limit), the same staffing
            // on the same seeds would only miss again.
            if corrections == before {
                return Err(StaffingError::Unreachable {
                    max: opts.max_headcount,
                    last,
                    missed: missed_in_intervals(&checks, &missed),
                });
            }
            // Below the limit, but the rounds are spent: saying "up to the
            // limit" here would send the user to the wrong fix.
            if rounds > MAX_CORRECTIONS {
                return Err(StaffingError::Unsettled {
                    rounds: rounds - 1,
                    last,
                    missed: missed_in_intervals(&checks, &missed),
                });
            }
        }
    }

    /// Takes back agents that grown correction `steps` added beyond the
    /// targets' need: each such group and interval tries half its largest
    /// step fewer, keeping the cut where its interval and the one before
    /// it (whose late contacts its agents answer) still meet every target
    /// on `fresh`'s seeds, and halving it where not, down to one
    /// agent. (All are tried in one simulation a round; the caller
    /// verifies the result again, as the cuts of neighbouring intervals
    /// share a backlog.)
    fn trim(
        &self,
        mut staffing: Vec<Vec<u32>>,
        steps: &[Vec<u32>],
        fresh: &CenterSpec,
        settled: &[bool],
    ) -> Result<Vec<Vec<u32>>, StaffingError> {
        let mut cuts: Vec<Vec<u32>> = steps
            .iter()
            .map(|g| g.iter().map(|&s| s / 2).collect())
            .collect();
        while cuts.iter().flatten().any(|&c| c > 0) {
            let trial: Vec<Vec<u32>> = staffing
                .iter()
                .zip(&cuts)
                .map(|(h, c)| h.iter().zip(c).map(|(h, c)| h.saturating_sub(*c)).collect())
                .collect();
            let staffed = with_interval_headcount(fresh, &trial);
            let summary = simulate(&staffed, self.opts.threads, &peak(&trial), self.progress)?;
            for (g, cut) in cuts.iter_mut().enumerate() {
                for (i, c) in cut.iter_mut().enumerate() {
                    if *c == 0 {
                        continue;
                    }
                    // An interval's agents also answer the contacts still
                    // waiting from the one before: a cut must keep both.
                    let met = (i.saturating_sub(1)..=i).all(|j| {
                        j < self.warmup_intervals
                            || settled[j]
                            || check_interval(&staffed, &summary, j as u32, self.opts.confidence)
                                .met
                    });
                    if met && trial[g][i] < staffing[g][i] {
                        staffing[g][i] = trial[g][i];
                    } else {
                        *c /= 2;
                    }
                }
            }
        }
        Ok(staffing)
    }
}

/// How each interval's misses move from one verification round to the
/// next.
struct IntervalProgress {
    /// Each interval's shortfall in the last round (`None`: met), to tell
    /// a steady approach (grow the steps) from noise (keep them at one).
    last_shortfall: Vec<Option<f64>>,
    /// The rounds in a row it was missed and corrected without coming
    /// closer.
    stuck: Vec<u32>,
    /// From [`STUCK_BEFORE_SPILLING`] stuck rounds on: its contacts are
    /// taken to wait past its end (a burst in its last seconds is answered
    /// by the next interval's agents), and its corrections go to the next
    /// interval too, until a trim.
    spills: Vec<bool>,
    /// Settled unmet (see [`IntervalStaffing::settled`]): no longer
    /// corrected, trims included.
    settled: Vec<bool>,
}

impl IntervalProgress {
    fn new(n: usize) -> Self {
        IntervalProgress {
            last_shortfall: vec![None; n],
            stuck: vec![0; n],
            spills: vec![false; n],
            settled: vec![false; n],
        }
    }

    /// Takes in this round's `checks`: which intervals came closer since
    /// the last round, and from that which are stuck, spill or settle.
    fn observe(&mut self, checks: &[Check]) -> Vec<bool> {
        let n = checks.len();
        let closer: Vec<bool> = (0..n)
            .map(|i| self.last_shortfall[i].is_some_and(|s| checks[i].shortfall < s))
            .collect();
        for (i, check) in checks.iter().enumerate() {
            let no_closer = self.last_shortfall[i].is_some() && !check.met && !closer[i];
            self.stuck[i] = if no_closer { self.stuck[i] + 1 } else { 0 };
            self.spills[i] |= self.stuck[i] >= STUCK_BEFORE_SPILLING && i + 1 < n;
            self.settled[i] |=
                self.stuck[i] >= STUCK_BEFORE_SETTLING && misses_only_within_ci(check);
        }
        closer
    }

    /// Keeps this round's shortfalls for the next round's comparison.
    fn remember(&mut self, checks: &[Check]) {
        for (s, check) in self.last_shortfall.iter_mut().zip(checks) {
            *s = (!check.met).then_some(check.shortfall);
        }
    }

    /// After a trim the staffing is new: no round before it compares.
    /// What settled stays settled.
    fn restart(&mut self) {
        self.last_shortfall.fill(None);
        self.stuck.fill(0);
        self.spills.fill(false);
    }
}

/// The targets missed in intervals `missed` (indices into `checks`): the
/// first interval's in full, and how many intervals missed in all.
fn missed_in_intervals(checks: &[Check], missed: &[usize]) -> String {
    let Some(&first) = missed.first() else {
        return String::new();
    };
    let targets: Vec<String> = checks[first]
        .targets
        .iter()
        .filter(|t| !t.met)
        .map(|t| t.describe())
        .collect();
    format!(
        "{} interval{} (the first, interval {first}: {})",
        missed.len(),
        if missed.len() == 1 { "" } else { "s" },
        targets.join("; ")
    )
}

/// Each group's largest headcount over the intervals (how a stalled
/// staffing is named in the error).
fn peak(staffing: &[Vec<u32>]) -> Vec<u32> {
    staffing
        .iter()
        .map(|g| g.iter().copied().max().unwrap_or(0))
        .collect()
}

/// How many of `spec`'s first intervals lie wholly inside its warm-up:
/// nothing is measured there, so no target is judged and no shift is
/// needed for their calls.
pub fn warmup_intervals(spec: &CenterSpec) -> usize {
    let interval_ms = spec.interval.as_millis();
    let warmup = spec.warmup.as_millis();
    (0..spec.interval_count())
        .take_while(|&i| (i as u64 + 1) * interval_ms <= warmup)
        .count()
}
