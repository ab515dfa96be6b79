//! Sweep throughput on 1 and 2 threads, and the speed-up: the bundled
//! `scenarios/sweep_headcount.toml` (8 points × 10 replications of an
//! 8-hour day).
//!
//! - `simulate`: every (point, replication) job through the sweep's
//!   parallel, order-preserving executor (`ccsim::exec`), summaries built,
//!   no files;
//! - `with_files`: all of `ccsim sweep` — the same, plus every point's files
//!   written atomically (point.json flushed, the files it hashes not), the
//!   manifest and `sweep.csv` — into one folder, its sweep files deleted
//!   first each time (`fresh`). Each point is 19 small files (14 of them
//!   `.hdr`), which on the bundled grid (10 short replications per point)
//!   cost about as much as simulating the point;
//! - `with_files_40`: the same with 40 replications per point, closer to a
//!   real study, where the files weigh less.
//!
//! A bench binary rather than criterion, on purpose: the speed-up is a
//! ratio of two timings, and on a machine shared with other work the two
//! must see the same conditions. So 1- and 2-thread runs alternate, round
//! after round, and the report gives the median and the minimum of each,
//! events per second, and the speed-up of both.
//!
//! Run: `cargo bench --bench sweep` (7 rounds; `-- --rounds N` for more;
//! `-- --test` runs each case once, as a smoke test).

use std::path::Path;
use std::time::Instant;

use ccsim::exec::run_points;
use ccsim::sweep::{run_sweep, Overrides, RunOptions, Sweep};

fn load(replications: Option<u32>) -> Sweep {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/sweep_headcount.toml");
    let overrides = Overrides {
        seed: None,
        replications,
    };
    match Sweep::load(&p, &overrides) {
        Ok(s) => s,
        Err(e) => panic!("{e}"),
    }
}

/// Runs every point in memory; returns the events simulated.
fn simulate(sweep: &Sweep, threads: usize) -> u64 {
    let specs: Vec<_> = sweep.points.iter().map(|p| &p.spec).collect();
    let mut events = 0;
    let result: Result<(), std::convert::Infallible> =
        run_points(&specs, Some(threads), &|| {}, |_, s| {
            events += s.events;
            Ok(true)
        });
    if let Err(e) = result {
        match e {}
    }
    events
}

/// Runs the whole sweep into `out`, from scratch; returns the events.
fn with_files(sweep: &Sweep, threads: usize, out: &Path) -> u64 {
    let opts = RunOptions {
        threads: Some(threads),
        fresh: true,
        ..RunOptions::default()
    };
    match run_sweep(sweep, out, &opts, &|_| {}) {
        Ok(r) => r.events,
        Err(e) => panic!("{e}"),
    }
}

/// A timed case: its name, the events it simulates, and how to run it on a
/// number of threads.
type Case<'a> = (&'a str, u64, &'a dyn Fn(usize) -> u64);

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let smoke = args.iter().any(|a| a == "--test");
    let rounds = args
        .iter()
        .position(|a| a == "--rounds")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse::<usize>().ok())
        .unwrap_or(7)
        .max(1);
    let rounds = if smoke { 1 } else { rounds };
    let sweep = load(None);
    let sweep40 = load(Some(40));
    let tmp = match tempfile::tempdir() {
        Ok(t) => t,
        Err(e) => panic!("{e}"),
    };
    let out = tmp.path().join("sweep");
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "sweep bench: {} points × {} replications, {rounds} rounds alternating 1 and 2 threads, {cores} cores",
        sweep.point_count(),
        sweep.replications
    );
    // One untimed pass of each case: page cache, allocator, CPU clocks.
    let events = simulate(&sweep, 2);
    let events40 = with_files(&sweep40, 2, &out);

    let cases: [Case; 3] = [
        ("simulate", events, &|t| simulate(&sweep, t)),
        ("with_files", events, &|t| with_files(&sweep, t, &out)),
        ("with_files_40", events40, &|t| {
            with_files(&sweep40, t, &out)
        }),
    ];
    for (name, events, run) in cases {
        let mut times = [Vec::new(), Vec::new()];
        for _ in 0..rounds {
            for (slot, threads) in [1usize, 2].into_iter().enumerate() {
                let start = Instant::now();
                let ev = run(threads);
                times[slot].push(start.elapsed().as_secs_f64());
                assert_eq!(ev, events, "the same work at every thread count");
            }
        }
        if smoke {
            println!("{name}: ok");
            continue;
        }
        let mins: Vec<f64> = times
            .iter()
            .map(|t| t.iter().copied().fold(f64::INFINITY, f64::min))
            .collect();
        let medians: Vec<f64> = times.iter_mut().map(|t| median(t)).collect();
        for (slot, threads) in [1, 2].into_iter().enumerate() {
            println!(
                "{name}/{threads} thread{}: median {:.1} ms ({:.2} M events/s), min {:.1} ms",
                if threads == 1 { "" } else { "s" },
                medians[slot] * 1e3,
                events as f64 / medians[slot] / 1e6,
                mins[slot] * 1e3
            );
        }
        println!(
            "{name}: speed-up 1 → 2 threads {:.2}× (medians), {:.2}× (minima)",
            medians[0] / medians[1],
            mins[0] / mins[1]
        );
    }
}
