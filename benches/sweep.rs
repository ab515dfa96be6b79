//! Sweep throughput on 1 and 2 threads, and the speed-up: the bundled
//! `scenarios/sweep_headcount.toml` (8 points × 10 replications of an
//! 8-hour day).
//!
//! - `simulate`: every (point, replication) job through the sweep's
//!   parallel, order-preserving executor (`ccsim::exec`), summaries built,
//!   no files;
//! - `with_files`: all of `ccsim sweep` but starting the process and
//!   reading the scenario — the same, plus every point's files written
//!   atomically (point.json flushed, the files it hashes not), the manifest
//!   and `sweep.csv` — each run into a new folder, as a user's sweep goes.
//!   Each point is 19 small files (14 of them `.hdr`);
//! - `with_files_40`: the same with 40 replications per point, closer to a
//!   real study, where the files weigh less;
//! - `command`: the whole command, `ccsim sweep` run as a process (the
//!   release binary cargo built beside this bench) into a new folder;
//! - `command_40`: the same with `--replications 40`. The bundled sweep is
//!   small (about 0.12 s on one thread), and about 11 ms of it cannot be
//!   shared between threads: starting the process and reading the
//!   scenario, the manifest, the last point's files and `sweep.csv`. At 40
//!   replications the command is what a study runs, and those weigh less.
//!
//! Why a new folder each run, not one folder cleared (`--fresh`): on this
//! project's machines (ext4 without a journal) creating a file scans past
//! every inode deleted in the last seconds, so a run right after deleting
//! the previous one's files spent more time in the kernel than writing
//! them (perf: `find_inode_bit`, `recently_deleted`). The folders are
//! removed only when the bench ends. `SWEEP_BENCH_DIR` puts them elsewhere
//! (say `/dev/shm`, a RAM disk, to leave the disk out).
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

/// New, empty output folders under one root.
struct Folders {
    root: std::path::PathBuf,
    made: std::cell::Cell<usize>,
}

impl Folders {
    /// A folder no run has written yet.
    fn next(&self) -> std::path::PathBuf {
        let n = self.made.get();
        self.made.set(n + 1);
        self.root.join(format!("run-{n}"))
    }
}

/// Runs the whole sweep into a new folder; returns the events.
fn with_files(sweep: &Sweep, threads: usize, folders: &Folders) -> u64 {
    let opts = RunOptions {
        threads: Some(threads),
        ..RunOptions::default()
    };
    match run_sweep(sweep, &folders.next(), &opts, &|_| {}) {
        Ok(r) => r.events,
        Err(e) => panic!("{e}"),
    }
}

/// Runs `ccsim sweep` as a process into a new folder, with `replications`
/// per point when given (the scenario's otherwise); returns the events
/// (what the in-process run counts: the command prints no count).
fn command(
    scenario: &Path,
    threads: usize,
    replications: Option<u32>,
    folders: &Folders,
    events: u64,
) -> u64 {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_ccsim"));
    cmd.arg("sweep")
        .arg(scenario)
        .arg("--out")
        .arg(folders.next())
        .args(["--threads", &threads.to_string(), "--quiet"]);
    if let Some(r) = replications {
        cmd.args(["--replications", &r.to_string()]);
    }
    let status = cmd.stdout(std::process::Stdio::null()).status();
    match status {
        Ok(s) if s.success() => events,
        other => panic!("ccsim sweep failed: {other:?}"),
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
    let tmp = match std::env::var_os("SWEEP_BENCH_DIR") {
        Some(dir) => tempfile::tempdir_in(dir),
        None => tempfile::tempdir(),
    };
    let tmp = match tmp {
        Ok(t) => t,
        Err(e) => panic!("{e}"),
    };
    let folders = Folders {
        root: tmp.path().to_path_buf(),
        made: std::cell::Cell::new(0),
    };
    let scenario = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/sweep_headcount.toml");
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "sweep bench: {} points × {} replications, {rounds} rounds alternating 1 and 2 threads, {cores} cores",
        sweep.point_count(),
        sweep.replications
    );
    // One untimed pass of each case: page cache, allocator, CPU clocks.
    let events = simulate(&sweep, 2);
    let events40 = with_files(&sweep40, 2, &folders);
    command(&scenario, 2, None, &folders, events);

    let cases: [Case; 5] = [
        ("simulate", events, &|t| simulate(&sweep, t)),
        ("with_files", events, &|t| with_files(&sweep, t, &folders)),
        ("with_files_40", events40, &|t| {
            with_files(&sweep40, t, &folders)
        }),
        ("command", events, &|t| {
            command(&scenario, t, None, &folders, events)
        }),
        ("command_40", events40, &|t| {
            command(&scenario, t, Some(40), &folders, events40)
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
