//! `ccsim sweep`: run a shard of a sweep (by default all of it) into an
//! output folder, resuming where an earlier run of the same sweep stopped.
//!
//! 1. The folder's `manifest.json`, if any, must be this sweep's (same
//!    scenario bytes, seed, replications, grid, ccsim version); otherwise the
//!    run is refused — unless `fresh`, which first deletes the sweep files
//!    (`manifest.json`, `sweep.csv`, `report.html`, `points/`) and nothing else.
//! 2. The manifest is written, every finished point of the shard is
//!    skipped, and leftover temporary files of an interrupted write are
//!    removed from the folders about to be written.
//! 3. The remaining points run ([`crate::exec::run_points`]); each is
//!    written as soon as it completes ([`super::point::write_point_files`],
//!    then [`super::point::commit_point`]).
//! 4. If the folder now holds every point of the grid, `sweep.csv` is
//!    written from the points' records — those of this shard as found in
//!    step 2 or just written (the same values `point.json` holds), those of
//!    other shards sharing the folder read from it — and the records are
//!    returned for the printed table: nothing is read twice.

use std::convert::Infallible;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Mutex};

use crate::exec::slots::Slots;
use crate::exec::{run_points_within, worker_count};
use crate::output::atomic::remove_temporaries;
use crate::output::write_atomic;
use crate::stats::Summary;

use super::error::SweepError;
use super::load::Sweep;
use super::manifest::Manifest;
use super::point::{check_point, commit_point, write_point_files, PointRecord, PointState};
use super::shard::Shard;
use super::table::write_sweep_csv;

/// Threads writing finished points (at most `--threads` of them, with the
/// simulating workers, at work at once: see [`Slots`]).
const WRITERS: usize = 4;

/// How to run a sweep.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RunOptions {
    /// Worker threads (`None`: every core). Results do not depend on it.
    pub threads: Option<usize>,
    /// Which points to run.
    pub shard: Shard,
    /// Discard the folder's sweep files first instead of resuming.
    pub fresh: bool,
    /// Stop after writing this many points (to test resuming; the run then
    /// ends with [`SweepError::Stopped`]).
    pub stop_after_points: Option<usize>,
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions {
            threads: None,
            shard: Shard::WHOLE,
            fresh: false,
            stop_after_points: None,
        }
    }
}

/// What the run is doing, for a progress display.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// Before any work: the shard's points, those already finished, and the
    /// replications still to run.
    Planned {
        /// Points of the shard.
        points: usize,
        /// Of which already finished (skipped).
        finished: usize,
        /// Replications to run.
        replications: u64,
    },
    /// A replication ended.
    Replication,
    /// A point was written.
    Point {
        /// Its index.
        index: usize,
    },
}

/// What a run did.
#[derive(Debug, Clone, PartialEq)]
pub struct RunReport {
    /// The output folder.
    pub out: PathBuf,
    /// Points in the grid.
    pub grid_points: usize,
    /// Points of this shard.
    pub shard_points: usize,
    /// Points found finished and skipped.
    pub skipped: usize,
    /// Points found damaged (and recomputed), with the reason.
    pub redone: Vec<(usize, String)>,
    /// Points computed by this run.
    pub computed: usize,
    /// Events simulated by this run.
    pub events: u64,
    /// `sweep.csv`, if the folder now holds the whole grid.
    pub table: Option<PathBuf>,
    /// Every point's record, in point order, if the folder now holds the
    /// whole grid (what `sweep.csv` was written from).
    pub points: Option<Vec<PointRecord>>,
}

/// Deletes the sweep files of `dir` (`manifest.json`, `sweep.csv`,
/// `report.html`, `points/`), nothing else.
fn clear(dir: &Path) -> Result<(), SweepError> {
    let io = |path: PathBuf| {
        move |e: std::io::Error| {
            SweepError::Output(crate::output::OutputError::Io { path, source: e })
        }
    };
    // report.html too: it describes the grid being discarded.
    for f in ["manifest.json", "sweep.csv", "report.html"] {
        let p = dir.join(f);
        match std::fs::remove_file(&p) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(io(p)(e)),
            _ => {}
        }
    }
    let points = dir.join("points");
    match std::fs::remove_dir_all(&points) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(io(points)(e)),
        _ => Ok(()),
    }
}

/// Runs `opts.shard` of `sweep` into `out`, resuming; see the module doc.
pub fn run_sweep(
    sweep: &Sweep,
    out: &Path,
    opts: &RunOptions,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<RunReport, SweepError> {
    if opts.threads == Some(0) {
        return Err(SweepError::Usage {
            message: "--threads must be at least 1".into(),
            hint: "give a whole number ≥ 1, or leave it out to use every core".into(),
        });
    }
    let manifest = Manifest::of(sweep);
    prepare_folder(out, &manifest, opts.fresh)?;
    let sha = manifest.sha256();
    let mut plan = Plan::new(sweep, out, &manifest, &sha, opts.shard);
    for &i in &plan.todo {
        remove_temporaries(&out.join(manifest.point_dir(i)), true);
    }
    progress(Progress::Planned {
        points: plan.mine,
        finished: plan.mine - plan.todo.len(),
        replications: plan.todo.len() as u64 * u64::from(sweep.replications),
    });
    if opts.stop_after_points == Some(0) && !plan.todo.is_empty() {
        return Err(SweepError::Stopped {
            points: 0,
            remaining: plan.todo.len(),
        });
    }
    let folder = Folder {
        out,
        manifest: &manifest,
        sha: &sha,
    };
    let (written, events) = compute(sweep, &folder, &plan.todo, opts, progress)?;
    let computed = written.len();
    if computed < plan.todo.len() {
        return Err(SweepError::Stopped {
            points: computed,
            remaining: plan.todo.len() - computed,
        });
    }
    for record in written {
        let i = record.point;
        plan.finished[i] = Some(record);
    }
    let points = complete_grid(&folder, plan.finished);
    let table = match &points {
        Some(records) => Some(write_sweep_csv(out, &manifest, records)?),
        None => None,
    };
    Ok(RunReport {
        out: out.to_path_buf(),
        grid_points: sweep.point_count(),
        shard_points: plan.mine,
        skipped: plan.mine - plan.todo.len(),
        redone: plan.redone,
        computed,
        events,
        table,
        points,
    })
}

/// The output folder of a run and its manifest.
struct Folder<'a> {
    out: &'a Path,
    manifest: &'a Manifest,
    /// The manifest's SHA-256, which every point record carries.
    sha: &'a str,
}

/// Makes `out` ready to hold the sweep of `manifest`: refuses a folder of
/// another sweep, clears it first if `fresh`, removes leftover temporary
/// files at its top and writes the manifest if it is not there yet.
fn prepare_folder(out: &Path, manifest: &Manifest, fresh: bool) -> Result<(), SweepError> {
    if out.exists() && !out.is_dir() {
        // Neither resuming nor --fresh can use it: say so before either.
        return Err(SweepError::Usage {
            message: format!("--out {} is a file, not a folder", out.display()),
            hint: "give a folder (new, or one an earlier run of this sweep wrote), e.g. --out results/my-sweep".into(),
        });
    }
    super::foreign::refuse_foreign(
        out,
        "choose another --out (a new folder, or one an earlier run of this sweep wrote), or move those files away",
    )?;
    let bytes = manifest.to_bytes();
    let existing = if fresh {
        None
    } else {
        match Manifest::read(out) {
            Ok(m) => m,
            Err(SweepError::Corrupt { path, message }) => {
                // Not a point's file: the folder's own manifest, which no
                // point folder can fix.
                return Err(SweepError::ManifestMismatch {
                    dir: out.to_path_buf(),
                    differences: vec![format!("{}: {message}", path.display())],
                    hint: "the folder's manifest.json is not one ccsim wrote (or it was damaged): delete manifest.json to resume from the finished points (each is checked against this sweep, and one of another is computed again), run with --fresh to discard the folder's sweep files (manifest.json, sweep.csv, report.html, points/) and start over, or choose another --out".into(),
                });
            }
            Err(e) => return Err(e),
        }
    };
    if let Some(there) = &existing {
        if there.to_bytes() != bytes {
            let finished = count_point_dirs(out);
            return Err(SweepError::ManifestMismatch {
                dir: out.to_path_buf(),
                differences: there.differences(manifest),
                hint: format!(
                    "run with --fresh to discard its {finished} point folder{} and start over, or choose another --out",
                    if finished == 1 { "" } else { "s" }
                ),
            });
        }
    }
    if fresh {
        clear(out)?;
    }
    remove_temporaries(out, false);
    if existing.is_none() {
        write_atomic(&out.join("manifest.json"), &bytes)?;
    }
    Ok(())
}

/// What a run has to do.
struct Plan {
    /// Points of the shard.
    mine: usize,
    /// Of those, the points to compute, in order.
    todo: Vec<usize>,
    /// Points found damaged (to compute again), with the reason.
    redone: Vec<(usize, String)>,
    /// Per grid point, its record if the shard's check found it finished.
    finished: Vec<Option<PointRecord>>,
}

impl Plan {
    /// Checks every point of `shard` in `out`.
    fn new(sweep: &Sweep, out: &Path, manifest: &Manifest, sha: &str, shard: Shard) -> Plan {
        let mut plan = Plan {
            mine: 0,
            todo: Vec::new(),
            redone: Vec::new(),
            finished: vec![None; sweep.point_count()],
        };
        for i in (0..sweep.point_count()).filter(|&i| shard.contains(i)) {
            plan.mine += 1;
            match check_point(out, manifest, sha, i) {
                PointState::Finished(record, _) => plan.finished[i] = Some(*record),
                PointState::Missing => plan.todo.push(i),
                PointState::Damaged(why) => {
                    plan.redone.push((i, why));
                    plan.todo.push(i);
                }
            }
        }
        plan
    }
}

/// Every point's record if the folder holds the whole grid: the shard's
/// points as this run found or wrote them, the others (another shard's,
/// run into the same folder) as the folder holds them.
fn complete_grid(folder: &Folder, known: Vec<Option<PointRecord>>) -> Option<Vec<PointRecord>> {
    known
        .into_iter()
        .enumerate()
        .map(|(i, record)| match record {
            Some(r) => Some(r),
            None => match check_point(folder.out, folder.manifest, folder.sha, i) {
                PointState::Finished(r, _) => Some(*r),
                _ => None,
            },
        })
        .collect()
}

/// Computes the points `todo` of `sweep` and writes each into the folder as
/// it completes; returns the records written (in any order) and the events
/// simulated. Stops early after `opts.stop_after_points` points, or when a
/// point cannot be written (that error is returned).
fn compute(
    sweep: &Sweep,
    folder: &Folder,
    todo: &[usize],
    opts: &RunOptions,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<(Vec<PointRecord>, u64), SweepError> {
    let specs: Vec<_> = todo.iter().map(|&i| &sweep.points[i].spec).collect();
    let on_replication = || progress(Progress::Replication);
    // Points are written by threads of their own, and the simulation goes
    // on meanwhile instead of waiting for the disk (point.json is fsynced).
    // Writers and workers share one budget of `--threads` slots: a writer
    // formats and writes a point's files holding a slot (CPU work: before
    // this budget, perf put the writers at 951 samples against 2,500
    // simulating and merging the bundled sweep), and waits for the disk
    // without one; so `--threads 1` keeps one core busy, not 1.3.
    // Several writers, because a point's files and its fsync overlap with
    // the next point's. Points arrive in point order and may finish writing
    // in any order: each is complete in itself (its point.json is written
    // last), so the files do not depend on it. The channel is bounded: a
    // summary holds merged histograms.
    let slots = Slots::new(worker_count(opts.threads));
    let (to_writers, from_runner) = mpsc::sync_channel::<(usize, Summary)>(WRITERS);
    let from_runner = Mutex::new(from_runner);
    let failed = AtomicBool::new(false);
    let write_points = || -> Result<(Vec<PointRecord>, u64), SweepError> {
        let (mut written, mut events) = (Vec::new(), 0);
        loop {
            let next = from_runner
                .lock()
                .map_err(|_| ())
                .and_then(|rx| rx.recv().map_err(|_| ()));
            let Ok((k, summary)) = next else {
                return Ok((written, events));
            };
            let point = &sweep.points[todo[k]];
            if let Some(s) = summary.stalled {
                failed.store(true, Ordering::Relaxed);
                return Err(SweepError::Stalled {
                    point: point.index,
                    stalled: s,
                });
            }
            // The files with a slot of the budget; point.json, which waits
            // for the disk, without.
            let slot = slots.writer();
            let files = write_point_files(folder.out, folder.manifest, folder.sha, point, &summary);
            drop(slot);
            match files.and_then(|record| commit_point(folder.out, folder.manifest, record)) {
                Ok(record) => written.push(record),
                Err(e) => {
                    failed.store(true, Ordering::Relaxed);
                    return Err(e);
                }
            }
            events += summary.events;
            progress(Progress::Point { index: point.index });
        }
    };
    std::thread::scope(|s| {
        let writers: Vec<_> = (0..WRITERS).map(|_| s.spawn(write_points)).collect();
        let mut delivered = 0;
        let ran: Result<(), Infallible> = run_points_within(
            &specs,
            opts.threads,
            &slots,
            &on_replication,
            |k, summary| {
                // A failed writer stops the run: compute nothing more.
                if failed.load(Ordering::Relaxed) || to_writers.send((k, summary)).is_err() {
                    return Ok(false);
                }
                delivered += 1;
                Ok(opts.stop_after_points != Some(delivered))
            },
        );
        if let Err(never) = ran {
            match never {}
        }
        drop(to_writers);
        let mut total = Ok((Vec::new(), 0));
        for w in writers {
            let result = match w.join() {
                Ok(r) => r,
                Err(panic) => std::panic::resume_unwind(panic),
            };
            total = match (total, result) {
                (Ok((mut a, b)), Ok((c, d))) => {
                    a.extend(c);
                    Ok((a, b + d))
                }
                (Err(e), _) | (_, Err(e)) => Err(e),
            };
        }
        total
    })
}

fn count_point_dirs(dir: &Path) -> usize {
    std::fs::read_dir(dir.join("points"))
        .map(|d| d.flatten().count())
        .unwrap_or(0)
}
