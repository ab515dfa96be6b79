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
//!   writer of `output::records`).
//!
//! ## How the work is laid out
//!
//! The jobs are laid out in one list, point-major: (p0, r0), (p0, r1), …,
//! (p1, r0), … Each of the pool's workers takes the next job from a shared
//! counter, so jobs *start* in list order and at most one per worker is in
//! flight.
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
//! Replication `r` of every point runs with the point's seed, and random
//! streams derive from (seed, replication, purpose): the same customers at
//! every point (common random numbers).
//!
//! The executor knows the center and the statistics, nothing above them:
//! staffing, sweeps and outputs call it, never the other way round.

use std::collections::BTreeMap;
use std::convert::Infallible;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{mpsc, Arc, Mutex, MutexGuard};

use crate::center::run_replication;
use crate::center::spec::CenterSpec;
use crate::stats::{Recorder, StatsConfig, Summary, SummaryBuilder};

/// The number of worker threads `threads` asks for (`None`: every core).
pub fn worker_count(threads: Option<usize>) -> usize {
    threads
        .unwrap_or_else(|| {
            std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(1)
        })
        .max(1)
}

/// Runs replication `replication` of a scenario into the recorder it is
/// given and returns the recorder with the number of events handled.
/// [`simulate`] is the plain one; a caller can wrap it to observe more (each
/// replication's contact records, say) as long as the recorder sees the same
/// run.
pub type Simulate<'a> = dyn Fn(&CenterSpec, u32, Recorder) -> (Recorder, u64) + Sync + 'a;

/// Runs one replication with the statistics as its only observer.
pub fn simulate(spec: &CenterSpec, replication: u32, recorder: Recorder) -> (Recorder, u64) {
    let (recorder, info) = run_replication(spec, replication, recorder);
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

/// One point's merge in progress.
struct Merge {
    /// The next replication to add.
    next: u32,
    /// Replications finished before their turn.
    early: BTreeMap<u32, (Recorder, u64)>,
    /// The builder, while no worker has it out to add to it.
    builder: Option<SummaryBuilder>,
    /// Whether a worker is adding replications to this point now.
    busy: bool,
}

/// A point's merge state, locked; a worker that panicked while holding it
/// has already aborted the run (rayon re-raises the panic), so a poisoned
/// lock is used as is.
fn lock(m: &Mutex<Merge>) -> MutexGuard<'_, Merge> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Adds to a point every replication that is next in order, for the worker
/// that set `busy`; returns the summary if that completed the point (of
/// `replications`).
fn merge(state: &Mutex<Merge>, replications: u32) -> Option<Summary> {
    let mut m = lock(state);
    loop {
        let Some(mut builder) = m.builder.take() else {
            m.busy = false;
            return None;
        };
        let key = m.next;
        let Some((rec, events)) = m.early.remove(&key) else {
            m.builder = Some(builder);
            m.busy = false;
            return None;
        };
        // Add outside the lock: other workers hand in replications
        // meanwhile, and this loop picks them up in order.
        drop(m);
        builder.add(&rec, events);
        drop(rec);
        m = lock(state);
        m.next += 1;
        if m.next == replications {
            m.busy = false;
            drop(m);
            return Some(builder.finish());
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
    mut on_point: impl FnMut(usize, Summary) -> Result<bool, E>,
) -> Result<(), E> {
    let workers = worker_count(threads);
    let jobs: Vec<(usize, u32)> = specs
        .iter()
        .enumerate()
        .flat_map(|(p, s)| (0..s.replications).map(move |r| (p, r)))
        .collect();
    let configs: Vec<Arc<StatsConfig>> = specs
        .iter()
        .map(|s| Arc::new(StatsConfig::new(s)))
        .collect();
    let merges: Vec<Mutex<Merge>> = configs
        .iter()
        .map(|c| {
            Mutex::new(Merge {
                next: 0,
                early: BTreeMap::new(),
                builder: Some(SummaryBuilder::new(Arc::clone(c))),
                busy: false,
            })
        })
        .collect();
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    // Bounded: if the caller's `on_point` falls behind (a slow disk), the
    // workers wait rather than pile up summaries in memory.
    let (tx, rx) = mpsc::sync_channel::<Done>(workers + 1);

    let work = |tx: mpsc::SyncSender<Done>| loop {
        if stop.load(Ordering::Relaxed) {
            break;
        }
        let j = next.fetch_add(1, Ordering::Relaxed);
        let Some(&(p, r)) = jobs.get(j) else { break };
        let (rec, events) = simulate(specs[p], r, Recorder::new(Arc::clone(&configs[p])));
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
        if let Some(summary) = merge(&merges[p], specs[p].replications) {
            if tx.send((p, summary)).is_err() {
                break;
            }
        }
    };

    let consume = |rx: mpsc::Receiver<Done>| -> Result<(), E> {
        // Points can complete out of order (the last replication of point
        // p + 1 may end first); they are passed on in order.
        let mut early: BTreeMap<usize, Summary> = BTreeMap::new();
        for p in 0..specs.len() {
            let summary = loop {
                // A point without replications has nothing to wait for.
                if specs[p].replications == 0 {
                    break SummaryBuilder::new(Arc::clone(&configs[p])).finish();
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
            match on_point(p, summary) {
                Ok(true) => {}
                Ok(false) => {
                    stop.store(true, Ordering::Relaxed);
                    return Ok(());
                }
                Err(e) => {
                    stop.store(true, Ordering::Relaxed);
                    return Err(e);
                }
            }
        }
        Ok(())
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
