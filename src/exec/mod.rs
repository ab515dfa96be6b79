//! The replication executor: the one place where replications are
//! scheduled on threads. `ccsim run` (one scenario), every staffing the
//! staffing search tries, and every point of a sweep go through it, so they
//! all get the same guarantee — a summary that is the same bytes for any
//! number of threads — from the same code.
//!
//! - [`run_scenario`]: every replication of one scenario → its summary;
//! - [`run_points`]: every replication of many scenarios (a sweep's points)
//!   → each one's summary, handed over in point order as they complete;
//! - the `_with` variants take a [`Simulate`] that runs one replication,
//!   for callers that observe more than the statistics (the contact-record
//!   writer of `output::records`);
//! - [`run_points_within`]: as [`run_points`], the workers sharing a
//!   [`slots::Slots`] budget with the caller's own threads (a sweep's point
//!   writers), so that `--threads N` bounds them all.
//!
//! ## How the work is laid out
//!
//! The jobs form one list, point-major: (p0, r0), (p0, r1), …, (p1, r0), …
//! — never built: a job's point and replication follow from its index and
//! the points' replication counts. Each of the pool's workers claims the
//! next job from a shared gate, so jobs *start* in list order and at
//! most one per worker is in flight.
//!
//! Merging a replication into its point's [`SummaryBuilder`] costs about a
//! third of simulating it (every histogram bucket is added), so the workers
//! merge too, rather than one thread doing it for all: a finished
//! replication is handed to its point, and whichever worker finds the
//! point's merge idle adds every replication that is next in order, while
//! the others go on simulating. Replications are thus added strictly in
//! replication order, and `--threads N` keeps N threads busy, no more.
//! A finished point's summary goes to the calling thread, which passes the
//! summaries on in point order. A point's summary is therefore the same
//! bytes for any number of threads, and points complete — and can be
//! written — one after another while later ones are still running.
//!
//! ## Memory does not grow with the work
//!
//! The gate bounds what is held at once, whatever the number of points
//! and replications: at most [`RECORDERS_PER_WORKER`] × workers
//! replications simulated but not yet merged (one slow replication cannot
//! make the rest pile up behind it), and at most [`OPEN_POINTS_PER_WORKER`]
//! × workers + 1 points started but not yet passed on (a point's builder —
//! its merged histograms — exists only from its first replication to its
//! hand-over). A worker that would exceed either waits; the work it waits
//! for has always started already (jobs start in order), so it never
//! waits for itself.
//!
//! ## Time that stands still
//!
//! A replication the engine stopped because one instant held too many
//! events (a loop that takes no time) is flagged in its recorder and in its
//! point's summary ([`Summary::stalled`]); the point's jobs claimed after
//! it are merged without being simulated, so a point whose every
//! replication would stall fails once, fast. The replication reported is
//! the first in replication order that stalled, whatever the thread count:
//! every job of the point claimed before its first stall runs in full.
//! Other points are not touched: each point's summary is complete, or
//! flagged.
//!
//! Replication `r` of every point runs with the point's seed, and random
//! streams derive from (seed, replication, purpose): the same customers at
//! every point (common random numbers).
//!
//! The executor knows the center and the statistics, nothing above them:
//! staffing, sweeps and outputs call it, never the other way round.

use std::collections::{BTreeMap, BTreeSet};
use std::convert::Infallible;
use std::sync::{mpsc, Arc, Condvar, Mutex, MutexGuard};

pub mod slots;

use crate::center::run_replication;
use crate::center::spec::CenterSpec;
use crate::stats::work::{OPEN_POINTS_PER_WORKER, RECORDERS_PER_WORKER};
use crate::stats::{Recorder, StatsConfig, Summary, SummaryBuilder};

use slots::Slots;

/// Worker threads per core at most. More threads than cores only add
/// memory (a replication's recorder each) and scheduling; results do not
/// depend on the count, so a larger request is capped, not refused.
pub const MAX_THREADS_PER_CORE: usize = 4;

/// The cores this machine offers (1 if it cannot tell).
pub fn cores() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
}

/// The most worker threads a run uses: [`MAX_THREADS_PER_CORE`] × cores.
pub fn max_workers() -> usize {
    cores().saturating_mul(MAX_THREADS_PER_CORE)
}

/// The number of worker threads `threads` asks for (`None`: every core),
/// capped at [`max_workers`].
pub fn worker_count(threads: Option<usize>) -> usize {
    threads.unwrap_or_else(cores).clamp(1, max_workers().max(1))
}

/// Runs replication `replication` of a scenario into the recorder it is
/// given and returns the recorder with the number of events handled.
/// [`simulate`] is the plain one; a caller can wrap it to observe more (each
/// replication's contact records, say) as long as the recorder sees the same
/// run.
pub type Simulate<'a> = dyn Fn(&CenterSpec, u32, Recorder) -> (Recorder, u64) + Sync + 'a;

/// Runs one replication with the statistics as its only observer; a
/// replication the engine stopped (time stood still) is flagged in the
/// recorder.
pub fn simulate(spec: &CenterSpec, replication: u32, recorder: Recorder) -> (Recorder, u64) {
    let (mut recorder, info) = run_replication(spec, replication, recorder);
    recorder.note_stall(info.stalled);
    (recorder, info.events)
}

/// Runs all `spec.replications` replications on `threads` worker threads
/// (`None`: every core), calling `progress` after each one finishes, and
/// returns their summary (replications merged in replication order).
pub fn run_scenario(
    spec: &CenterSpec,
    threads: Option<usize>,
    progress: &(dyn Fn() + Sync),
) -> Summary {
    run_scenario_with(spec, threads, progress, &simulate)
}

/// As [`run_scenario`], each replication run by `simulate`.
pub fn run_scenario_with(
    spec: &CenterSpec,
    threads: Option<usize>,
    progress: &(dyn Fn() + Sync),
    simulate: &Simulate<'_>,
) -> Summary {
    let mut summary = None;
    let ran: Result<(), Infallible> =
        run_points_with(&[spec], threads, progress, simulate, |_, s| {
            summary = Some(s);
            Ok(true)
        });
    if let Err(never) = ran {
        match never {}
    }
    // Every point is delivered unless the caller stops the run, which this
    // one never does; the fallback only keeps the type honest.
    summary.unwrap_or_else(|| SummaryBuilder::new(Arc::new(StatsConfig::new(spec))).finish())
}

/// A lock used as is when poisoned: a worker that panicked while holding
/// it has already stopped the run (see [`StopOnPanic`]), and rayon re-raises
/// the panic.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// One point's merge in progress.
#[derive(Default)]
struct Merge {
    /// The statistics configuration, from the point's first job to its
    /// completion.
    config: Option<Arc<StatsConfig>>,
    /// The next replication to add.
    next: u32,
    /// Replications finished before their turn.
    early: BTreeMap<u32, (Recorder, u64)>,
    /// The builder, while no worker has it out to add to it (none before
    /// the first replication is added).
    builder: Option<SummaryBuilder>,
    /// Whether a worker is adding replications to this point now.
    busy: bool,
    /// Recorders already added, emptied for the point's next replications
    /// (their histograms are reused rather than allocated anew).
    spare: Vec<Recorder>,
}

impl Merge {
    /// The configuration of `spec`'s statistics, made at the first call.
    fn config(state: &Mutex<Merge>, spec: &CenterSpec) -> Arc<StatsConfig> {
        let mut m = lock(state);
        Arc::clone(
            m.config
                .get_or_insert_with(|| Arc::new(StatsConfig::new(spec))),
        )
    }

    /// An empty recorder for the point's next replication: a spare one if
    /// there is one, else a new one.
    fn recorder(state: &Mutex<Merge>, spec: &CenterSpec) -> Recorder {
        let spare = lock(state).spare.pop();
        match spare {
            Some(rec) => rec,
            None => Recorder::new(Merge::config(state, spec)),
        }
    }
}

/// What the gate counts, under its lock.
struct GateState {
    /// The next job to claim.
    next_job: u64,
    /// Replications claimed and not yet merged.
    recorders: usize,
    /// Points with a job claimed and not yet passed on.
    open_points: usize,
    /// No further job may start.
    stop: bool,
    /// Points with a stalled replication: their jobs claimed from now on
    /// are not simulated.
    stalled: BTreeSet<usize>,
    /// Workers waiting for a bound to free up (waking nobody costs a
    /// system call per replication otherwise).
    waiting: usize,
}

/// Hands out jobs in list order within the memory bounds (see the module
/// doc), and wakes waiting workers when a bound frees up.
struct Gate {
    /// `starts[p]`: the index of point p's first job; the last entry is the
    /// number of jobs.
    starts: Vec<u64>,
    max_recorders: usize,
    max_open: usize,
    state: Mutex<GateState>,
    freed: Condvar,
}

/// A claimed job: point, replication, and whether to skip simulating it
/// (a replication of its point stalled).
type Job = (usize, u32, bool);

impl Gate {
    fn new(specs: &[&CenterSpec], workers: usize) -> Gate {
        let mut starts = Vec::with_capacity(specs.len() + 1);
        let mut total = 0u64;
        for s in specs {
            starts.push(total);
            total += u64::from(s.replications);
        }
        starts.push(total);
        Gate {
            starts,
            max_recorders: RECORDERS_PER_WORKER * workers,
            max_open: OPEN_POINTS_PER_WORKER * workers + 1,
            state: Mutex::new(GateState {
                next_job: 0,
                recorders: 0,
                open_points: 0,
                stop: false,
                stalled: BTreeSet::new(),
                waiting: 0,
            }),
            freed: Condvar::new(),
        }
    }

    /// The point and replication of job `j`.
    fn locate(&self, j: u64) -> (usize, u32) {
        // The last point starting at or before j (points without
        // replications share their start with the next one).
        let p = self.starts.partition_point(|&s| s <= j).saturating_sub(1);
        let r = j - self.starts[p];
        (p, u32::try_from(r).unwrap_or(u32::MAX))
    }

    /// The next job, once the bounds allow it; `None` when there is none
    /// left or the run stopped.
    fn claim(&self) -> Option<Job> {
        let total = self.starts.last().copied().unwrap_or(0);
        let mut g = lock(&self.state);
        loop {
            if g.stop || g.next_job >= total {
                return None;
            }
            let (p, r) = self.locate(g.next_job);
            let opens = r == 0;
            if g.recorders < self.max_recorders && (!opens || g.open_points < self.max_open) {
                g.next_job += 1;
                g.recorders += 1;
                if opens {
                    g.open_points += 1;
                }
                return Some((p, r, g.stalled.contains(&p)));
            }
            g.waiting += 1;
            g = self.freed.wait(g).unwrap_or_else(|e| e.into_inner());
            g.waiting -= 1;
        }
    }

    /// Updates the counts under the lock and wakes the waiting workers.
    fn update(&self, f: impl FnOnce(&mut GateState)) {
        let mut g = lock(&self.state);
        f(&mut g);
        if g.waiting > 0 {
            self.freed.notify_all();
        }
    }

    fn release_recorder(&self) {
        self.update(|g| g.recorders = g.recorders.saturating_sub(1));
    }

    fn close_point(&self) {
        self.update(|g| g.open_points = g.open_points.saturating_sub(1));
    }

    fn stop(&self) {
        self.update(|g| g.stop = true);
    }

    fn note_stall(&self, point: usize) {
        self.update(|g| {
            g.stalled.insert(point);
        });
    }
}

/// Stops the run if the thread holding it unwinds: the other workers must
/// not wait for work the panicking one will never release.
struct StopOnPanic<'a>(&'a Gate);

impl Drop for StopOnPanic<'_> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            self.0.stop();
        }
    }
}

/// Adds to a point every replication that is next in order, for the worker
/// that set `busy`; returns the summary if that completed the point (of
/// `replications`).
fn merge(state: &Mutex<Merge>, replications: u32, gate: &Gate) -> Option<Summary> {
    let mut m = lock(state);
    loop {
        let key = m.next;
        let (Some((rec, events)), Some(config)) = (m.early.remove(&key), m.config.clone()) else {
            m.busy = false;
            return None;
        };
        let mut builder = m
            .builder
            .take()
            .unwrap_or_else(|| SummaryBuilder::new(config));
        // Add outside the lock: other workers hand in replications
        // meanwhile, and this loop picks them up in order.
        drop(m);
        builder.add(&rec, events);
        let last = key + 1 == replications;
        let rec = (!last).then(|| rec.recycle());
        gate.release_recorder();
        m = lock(state);
        m.next += 1;
        if m.next == replications {
            m.busy = false;
            m.config = None;
            m.spare = Vec::new();
            drop(m);
            return Some(builder.finish());
        }
        // At most one spare per replication still to claim: nothing piles up.
        if let Some(rec) = rec {
            if m.spare.len() < (replications - m.next) as usize {
                m.spare.push(rec);
            }
        }
        m.builder = Some(builder);
    }
}

/// Runs every replication of every spec in `specs` on `threads` workers.
/// `on_replication` is called (from a worker) as each replication ends;
/// `on_point(i, summary)` (on the calling thread) as spec `i`'s summary is
/// complete, in order of `i`. It returns `Ok(false)` to stop early: no
/// further point is delivered and the workers finish only the replications
/// they are running. The first error it returns stops the run the same way
/// and is returned.
pub fn run_points<E>(
    specs: &[&CenterSpec],
    threads: Option<usize>,
    on_replication: &(dyn Fn() + Sync),
    on_point: impl FnMut(usize, Summary) -> Result<bool, E>,
) -> Result<(), E> {
    run_points_with(specs, threads, on_replication, &simulate, on_point)
}

/// As [`run_points`], each replication run by `simulate`.
pub fn run_points_with<E>(
    specs: &[&CenterSpec],
    threads: Option<usize>,
    on_replication: &(dyn Fn() + Sync),
    simulate: &Simulate<'_>,
    on_point: impl FnMut(usize, Summary) -> Result<bool, E>,
) -> Result<(), E> {
    run(specs, threads, None, on_replication, simulate, on_point)
}

/// As [`run_points`], the workers sharing `slots` with other threads of
/// the caller (a sweep's writers): each worker holds a slot while it
/// simulates and merges a replication, none while it waits for a job.
/// Make `slots` [`worker_count`]`(threads)` large, and at most that many
/// threads work at once.
pub fn run_points_within<E>(
    specs: &[&CenterSpec],
    threads: Option<usize>,
    slots: &Slots,
    on_replication: &(dyn Fn() + Sync),
    on_point: impl FnMut(usize, Summary) -> Result<bool, E>,
) -> Result<(), E> {
    run(
        specs,
        threads,
        Some(slots),
        on_replication,
        &simulate,
        on_point,
    )
}

/// The executor behind every `run_points` variant; see the module doc.
fn run<E>(
    specs: &[&CenterSpec],
    threads: Option<usize>,
    slots: Option<&Slots>,
    on_replication: &(dyn Fn() + Sync),
    simulate: &Simulate<'_>,
    mut on_point: impl FnMut(usize, Summary) -> Result<bool, E>,
) -> Result<(), E> {
    let workers = worker_count(threads);
    let gate = Gate::new(specs, workers);
    let merges: Vec<Mutex<Merge>> = specs.iter().map(|_| Mutex::default()).collect();
    // Bounded: if the caller's `on_point` falls behind (a slow disk), the
    // workers wait rather than pile up summaries in memory.
    let (tx, rx) = mpsc::sync_channel::<Done>(workers + 1);

    let work = |tx: mpsc::SyncSender<Done>| {
        let _guard = StopOnPanic(&gate);
        while let Some((p, r, skip)) = gate.claim() {
            // Held while this replication is simulated and merged; freed
            // before waiting on anything (the next job, a full channel).
            let slot = slots.map(Slots::worker);
            let recorder = Merge::recorder(&merges[p], specs[p]);
            let (rec, events) = if skip {
                // A replication of this point stalled: its results will be
                // refused, so do not spend time on them.
                (recorder, 0)
            } else {
                simulate(specs[p], r, recorder)
            };
            if rec.stalled().is_some() {
                gate.note_stall(p);
            }
            on_replication();
            {
                let mut m = lock(&merges[p]);
                m.early.insert(r, (rec, events));
                if m.busy {
                    // The worker merging this point will add it in its turn.
                    continue;
                }
                m.busy = true;
            }
            let done = merge(&merges[p], specs[p].replications, &gate);
            drop(slot);
            if let Some(summary) = done {
                if tx.send((p, summary)).is_err() {
                    break;
                }
            }
        }
    };

    let consume = |rx: mpsc::Receiver<Done>| -> Result<(), E> {
        let _guard = StopOnPanic(&gate);
        let result = pass_on(specs, &rx, &gate, &mut on_point);
        // Whatever ended the run, no job may start after it.
        gate.stop();
        result
    };

    match rayon::ThreadPoolBuilder::new().num_threads(workers).build() {
        Ok(pool) => {
            pool.in_place_scope(|scope| spawn_and_consume(scope, workers, &work, tx, rx, consume))
        }
        // No pool of our own (threads could not be spawned): use the global one.
        Err(_) => {
            rayon::in_place_scope(|scope| spawn_and_consume(scope, workers, &work, tx, rx, consume))
        }
    }
}

/// Receives completed points and passes them to `on_point` in point
/// order; returns when every point is passed on, the caller stops, or
/// every worker has stopped.
fn pass_on<E>(
    specs: &[&CenterSpec],
    rx: &mpsc::Receiver<Done>,
    gate: &Gate,
    on_point: &mut impl FnMut(usize, Summary) -> Result<bool, E>,
) -> Result<(), E> {
    // Points can complete out of order (the last replication of point
    // p + 1 may end first); they are passed on in order.
    let mut early: BTreeMap<usize, Summary> = BTreeMap::new();
    for (p, spec) in specs.iter().enumerate() {
        let summary = loop {
            // A point without replications has nothing to wait for.
            if spec.replications == 0 {
                break SummaryBuilder::new(Arc::new(StatsConfig::new(spec))).finish();
            }
            if let Some(s) = early.remove(&p) {
                break s;
            }
            match rx.recv() {
                Ok((q, s)) if q == p => break s,
                Ok((q, s)) => {
                    early.insert(q, s);
                }
                // Every worker has stopped: nothing more will come.
                Err(_) => return Ok(()),
            }
        };
        let go_on = on_point(p, summary);
        if spec.replications > 0 {
            gate.close_point();
        }
        if !go_on? {
            return Ok(());
        }
    }
    Ok(())
}

/// A completed point: its index and summary.
type Done = (usize, Summary);

/// Starts `workers` copies of `work` in `scope`, then consumes their results
/// on the calling thread.
fn spawn_and_consume<'scope, E>(
    scope: &rayon::Scope<'scope>,
    workers: usize,
    work: &'scope (dyn Fn(mpsc::SyncSender<Done>) + Sync),
    tx: mpsc::SyncSender<Done>,
    rx: mpsc::Receiver<Done>,
    consume: impl FnOnce(mpsc::Receiver<Done>) -> Result<(), E>,
) -> Result<(), E> {
    for _ in 0..workers {
        let tx = tx.clone();
        scope.spawn(move |_| work(tx));
    }
    // Only the workers hold senders now: when they all stop, `recv` fails.
    drop(tx);
    // Dropping `rx` when `consume` returns wakes any worker blocked on a
    // full channel; its send fails and it stops.
    consume(rx)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::hist::DurationHistogram;

    const SCENARIO: &str = r#"
[simulation]
seed = 3
replications = 5
horizon = "1h"

[[queues]]
name = "q"

[[routing_profiles]]
name = "p"
queues = [{ queue = "q" }]

[[agent_groups]]
name = "g"
routing_profile = "p"
headcount = 3

[[sources]]
name = "s"
rate_per_hour = 60
queue = "q"
customer = { talk = { dist = "exponential", mean = "3m" } }
"#;

    fn specs() -> Vec<CenterSpec> {
        let base = match crate::scenario::parse(SCENARIO, std::path::Path::new("t.toml"), "t") {
            Ok(s) => s,
            Err(e) => panic!("{e}"),
        };
        (0..4)
            .map(|i| {
                let mut s = base.clone();
                s.replications = 3 + i;
                s
            })
            .collect()
    }

    /// Every histogram slot of the recorder, scope by scope (queues, total,
    /// methods, channels) and kind by kind.
    fn histograms(rec: &Recorder) -> impl Iterator<Item = &Option<DurationHistogram>> {
        rec.queues
            .iter()
            .chain(std::iter::once(&rec.total))
            .chain(&rec.methods)
            .chain(&rec.channels)
            .flat_map(|s| &s.histograms)
    }

    /// Every histogram's counter length, scope by scope and kind by kind.
    fn counter_lengths(rec: &Recorder) -> Vec<Option<usize>> {
        histograms(rec)
            .map(|h| h.as_ref().map(DurationHistogram::counters_len))
            .collect()
    }

    /// A recycled recorder (the next replication's, in `merge`) keeps each
    /// histogram's counters in the same scope and kind, so none has to
    /// grow again through another kind's range; and it starts empty.
    #[test]
    fn recycling_keeps_each_histogram_in_its_place() {
        let path =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/all_methods.toml");
        let spec = crate::scenario::load(&path).unwrap_or_else(|e| panic!("{e}"));
        let cfg = Arc::new(StatsConfig::new(&spec));
        let (rec, _) = run_replication(&spec, 0, Recorder::new(cfg));
        let before = counter_lengths(&rec);
        // Different kinds reach different lengths, or the check would be void.
        let mut lengths: Vec<usize> = before.iter().flatten().copied().collect();
        lengths.sort_unstable();
        lengths.dedup();
        assert!(lengths.len() > 2, "{lengths:?}");
        let recycled = rec.recycle();
        assert_eq!(counter_lengths(&recycled), before);
        assert!(histograms(&recycled).flatten().all(|h| h.is_empty()));
    }

    /// Per delivered point: its index and each entry's mean and values.
    type Delivered = Vec<(usize, Vec<(Option<f64>, Vec<f64>)>)>;

    fn run(threads: usize, stop_after: usize) -> Delivered {
        let specs = specs();
        let refs: Vec<&CenterSpec> = specs.iter().collect();
        let mut out = Vec::new();
        let result: Result<(), ()> = run_points(&refs, Some(threads), &|| {}, |p, s| {
            let entries = s
                .entries
                .iter()
                .map(|e| (e.mean, e.values.clone()))
                .collect();
            out.push((p, entries));
            Ok(out.len() < stop_after)
        });
        assert_eq!(result, Ok(()));
        out
    }

    /// Workers sharing a budget simulate only with a slot: while another
    /// thread holds the only one, nothing runs; once it is freed, the run
    /// completes with the summaries a run without a budget gives.
    #[test]
    fn workers_within_a_budget_wait_for_a_slot() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let specs = specs();
        let refs: Vec<&CenterSpec> = specs.iter().collect();
        let slots = Slots::new(1);
        let ran = AtomicUsize::new(0);
        let held = slots.writer();
        let delivered = std::thread::scope(|s| {
            let run = s.spawn(|| {
                let mut out = Vec::new();
                let result: Result<(), ()> = run_points_within(
                    &refs,
                    Some(2),
                    &slots,
                    &|| {
                        ran.fetch_add(1, Ordering::SeqCst);
                    },
                    |p, s| {
                        let entries = s.entries.iter().map(|e| (e.mean, e.values.clone()));
                        out.push((p, entries.collect::<Vec<_>>()));
                        Ok(true)
                    },
                );
                assert_eq!(result, Ok(()));
                out
            });
            std::thread::sleep(std::time::Duration::from_millis(200));
            assert_eq!(ran.load(Ordering::SeqCst), 0, "a worker ran without a slot");
            drop(held);
            match run.join() {
                Ok(out) => out,
                Err(panic) => std::panic::resume_unwind(panic),
            }
        });
        assert_eq!(ran.load(Ordering::SeqCst), 3 + 4 + 5 + 6);
        assert!(delivered == run(1, usize::MAX));
        assert_eq!(slots.peak(), 1);
    }

    #[test]
    fn points_arrive_in_order_with_the_same_summaries_for_any_thread_count() {
        let one = run(1, usize::MAX);
        assert_eq!(
            one.iter().map(|(p, _)| *p).collect::<Vec<_>>(),
            [0, 1, 2, 3]
        );
        // Replication values in replication order: point 3 has 6 of them.
        assert!(one[3].1.iter().any(|(_, v)| v.len() == 6));
        for threads in [2, 3, 8] {
            assert!(run(threads, usize::MAX) == one, "{threads} threads differ");
        }
    }

    #[test]
    fn the_first_stalled_replication_in_order_is_reported_for_any_thread_count() {
        use crate::engine::{SimTime, Stall};
        use std::sync::atomic::{AtomicUsize, Ordering};
        let specs = specs();
        let refs: Vec<&CenterSpec> = specs.iter().collect();
        // Every replication but the first of every point "stalls"; a
        // point's jobs claimed after its first stall are not simulated.
        let run = |threads: usize| {
            let simulated = AtomicUsize::new(0);
            let stalling = |spec: &CenterSpec, r: u32, rec: Recorder| {
                simulated.fetch_add(1, Ordering::Relaxed);
                let (mut rec, events) = simulate(spec, r, rec);
                if r >= 1 {
                    rec.note_stall(Some(Stall {
                        at: SimTime(u64::from(r)),
                        events: 7,
                    }));
                }
                (rec, events)
            };
            let mut stalls = Vec::new();
            let done: Result<(), ()> =
                run_points_with(&refs, Some(threads), &|| {}, &stalling, |p, s| {
                    stalls.push((p, s.stalled.map(|x| (x.replication, x.stall.at))));
                    Ok(true)
                });
            assert_eq!(done, Ok(()));
            (stalls, simulated.into_inner())
        };
        let (one, simulated) = run(1);
        // Every point is flagged, with its first stalled replication.
        let expected: Vec<_> = (0..4).map(|p| (p, Some((1, SimTime(1))))).collect();
        assert_eq!(one, expected);
        // One thread: replications 0 and 1 of each point ran, the rest
        // (1 + 2 + 3 + 4 of them) were skipped.
        assert_eq!(simulated, 8);
        for threads in [2, 3, 8] {
            let (stalls, _) = run(threads);
            assert_eq!(stalls, expected, "{threads} threads");
        }
    }

    #[test]
    fn thread_requests_are_capped_at_a_multiple_of_the_cores() {
        assert_eq!(worker_count(Some(usize::MAX)), max_workers());
        assert_eq!(worker_count(Some(1)), 1);
        assert_eq!(worker_count(None), cores().min(max_workers()));
        assert_eq!(max_workers(), cores() * MAX_THREADS_PER_CORE);
    }

    #[test]
    fn jobs_are_located_across_points_with_and_without_replications() {
        let mut specs = specs();
        specs[1].replications = 0;
        let refs: Vec<&CenterSpec> = specs.iter().collect();
        let gate = Gate::new(&refs, 1);
        // Replications 3, 0, 5, 6: jobs 0–2 are point 0, 3–7 point 2.
        assert_eq!(gate.locate(0), (0, 0));
        assert_eq!(gate.locate(2), (0, 2));
        assert_eq!(gate.locate(3), (2, 0));
        assert_eq!(gate.locate(8), (3, 0));
        assert_eq!(gate.starts.last(), Some(&14));
    }

    #[test]
    fn stopping_delivers_no_further_point() {
        let two = run(2, 2);
        assert_eq!(two.iter().map(|(p, _)| *p).collect::<Vec<_>>(), [0, 1]);
        let failed: Result<(), &str> = {
            let specs = specs();
            let refs: Vec<&CenterSpec> = specs.iter().collect();
            run_points(&refs, Some(2), &|| {}, |p, _| {
                if p == 1 {
                    Err("disk full")
                } else {
                    Ok(true)
                }
            })
        };
        assert_eq!(failed, Err("disk full"));
    }
}
