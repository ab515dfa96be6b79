//! `ccsim sweep`: run a shard of a sweep (by default all of it) into an
//! output folder, resuming where an earlier run of the same sweep stopped.
//!
//! 1. The folder's `manifest.json`, if any, must be this sweep's (same
//!    scenario bytes, seed, replications, grid, ccsim version); otherwise the
//!    run is refused — unless `fresh`, which first deletes the sweep files
//!    (`manifest.json`, `sweep.csv`, `points/`) and nothing else.
//! 2. The manifest is written, every finished point of the shard is
//!    skipped, and leftover temporary files of an interrupted write are
//!    removed from the folders about to be written.
//! 3. The remaining points run ([`crate::exec::run_points`]); each is
//!    written as soon as it completes ([`super::point::write_point`]).
//! 4. If the folder now holds every point of the grid, `sweep.csv` is
//!    written from the point files.

use std::convert::Infallible;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Mutex};

use crate::exec::run_points;
use crate::output::write_atomic;
use crate::stats::Summary;

use super::error::SweepError;
use super::load::Sweep;
use super::manifest::Manifest;
use super::point::{check_point, write_point, PointRecord, PointState};
use super::shard::Shard;
use super::table::write_sweep_csv;

/// Threads writing finished points (they mostly wait for the disk).
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
#[derive(Debug, Clone, PartialEq, Eq)]
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
}

/// Removes the temporary files an interrupted atomic write can leave
/// (`.<name>.tmp-<pid>`) directly in `dir`, and in its sub-folders too if
/// `recursive`. Only folders this process is about to write are cleaned:
/// the top of the output folder and the folders of the points it computes.
pub fn remove_temporaries(dir: &Path, recursive: bool) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let path = e.path();
        let name = e.file_name().to_string_lossy().into_owned();
        match e.file_type() {
            Ok(t) if t.is_dir() && recursive => remove_temporaries(&path, true),
            Ok(t) if t.is_file() && name.starts_with('.') && name.contains(".tmp-") => {
                let _ = std::fs::remove_file(&path);
            }
            _ => {}
        }
    }
}

/// Deletes the sweep files of `dir` (`manifest.json`, `sweep.csv`,
/// `points/`), nothing else.
fn clear(dir: &Path) -> Result<(), SweepError> {
    let io = |path: PathBuf| {
        move |e: std::io::Error| {
            SweepError::Output(crate::output::OutputError::Io { path, source: e })
        }
    };
    for f in ["manifest.json", "sweep.csv"] {
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

/// The finished records of every point of the grid under `dir`, or `None`
/// if any point is not finished.
pub fn all_points(dir: &Path, manifest: &Manifest) -> Option<Vec<PointRecord>> {
    let sha = manifest.sha256();
    (0..manifest.point_count)
        .map(|i| match check_point(dir, manifest, &sha, i) {
            PointState::Finished(r, _) => Some(*r),
            _ => None,
        })
        .collect()
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
    let bytes = manifest.to_bytes();
    let existing = if opts.fresh {
        None
    } else {
        match Manifest::read(out) {
            Ok(m) => m,
            Err(e @ SweepError::Corrupt { .. }) => {
                return Err(SweepError::ManifestMismatch {
                    dir: out.to_path_buf(),
                    differences: vec![e.to_string()],
                    hint: "run with --fresh to discard the folder's sweep files and start over, or choose another --out".into(),
                })
            }
            Err(e) => return Err(e),
        }
    };
    if let Some(there) = &existing {
        if there.to_bytes() != bytes {
            let finished = count_point_dirs(out);
            return Err(SweepError::ManifestMismatch {
                dir: out.to_path_buf(),
                differences: there.differences(&manifest),
                hint: format!(
                    "run with --fresh to discard its {finished} point folder{} and start over, or choose another --out",
                    if finished == 1 { "" } else { "s" }
                ),
            });
        }
    }
    if opts.fresh {
        clear(out)?;
    }
    remove_temporaries(out, false);
    if existing.is_none() {
        write_atomic(&out.join("manifest.json"), &bytes)?;
    }
    let sha = manifest.sha256();

    let mine: Vec<usize> = (0..sweep.point_count())
        .filter(|&i| opts.shard.contains(i))
        .collect();
    let mut todo = Vec::new();
    let mut redone = Vec::new();
    for &i in &mine {
        match check_point(out, &manifest, &sha, i) {
            PointState::Finished(..) => {}
            PointState::Missing => todo.push(i),
            PointState::Damaged(why) => {
                redone.push((i, why));
                todo.push(i);
            }
        }
    }
    for &i in &todo {
        remove_temporaries(&out.join(manifest.point_dir(i)), true);
    }
    let skipped = mine.len() - todo.len();
    progress(Progress::Planned {
        points: mine.len(),
        finished: skipped,
        replications: todo.len() as u64 * u64::from(sweep.replications),
    });

    let specs: Vec<_> = todo.iter().map(|&i| &sweep.points[i].spec).collect();
    let on_replication = || progress(Progress::Replication);
    if opts.stop_after_points == Some(0) && !todo.is_empty() {
        return Err(SweepError::Stopped {
            points: 0,
            remaining: todo.len(),
        });
    }
    // Points are written by threads of their own (point.json is fsynced),
    // and the simulation goes on meanwhile instead of waiting for the disk.
    // Several writers, because a point is a few dozen files and writes
    // overlap; they mostly wait, and use little CPU. Points arrive in point
    // order and may finish writing in any order: each is complete in itself
    // (its point.json is written last), so the files do not depend on it.
    // The channel is bounded: a summary holds merged histograms.
    let (to_writers, from_runner) = mpsc::sync_channel::<(usize, Summary)>(WRITERS);
    let from_runner = Mutex::new(from_runner);
    let failed = AtomicBool::new(false);
    let write_points = || -> Result<(usize, u64), SweepError> {
        let (mut written, mut events) = (0, 0);
        loop {
            let next = from_runner
                .lock()
                .map_err(|_| ())
                .and_then(|rx| rx.recv().map_err(|_| ()));
            let Ok((k, summary)) = next else {
                return Ok((written, events));
            };
            let point = &sweep.points[todo[k]];
            if let Err(e) = write_point(out, &manifest, &sha, point, &summary) {
                failed.store(true, Ordering::Relaxed);
                return Err(e);
            }
            written += 1;
            events += summary.events;
            progress(Progress::Point { index: point.index });
        }
    };
    let (computed, events) = std::thread::scope(|s| {
        let writers: Vec<_> = (0..WRITERS).map(|_| s.spawn(write_points)).collect();
        let mut delivered = 0;
        let ran: Result<(), Infallible> =
            run_points(&specs, opts.threads, &on_replication, |k, summary| {
                // A failed writer stops the run: compute nothing more.
                if failed.load(Ordering::Relaxed) || to_writers.send((k, summary)).is_err() {
                    return Ok(false);
                }
                delivered += 1;
                Ok(opts.stop_after_points != Some(delivered))
            });
        if let Err(never) = ran {
            match never {}
        }
        drop(to_writers);
        let mut total = Ok((0, 0));
        for w in writers {
            let result = match w.join() {
                Ok(r) => r,
                Err(panic) => std::panic::resume_unwind(panic),
            };
            total = match (total, result) {
                (Ok((a, b)), Ok((c, d))) => Ok((a + c, b + d)),
                (Err(e), _) | (_, Err(e)) => Err(e),
            };
        }
        total
    })?;
    if computed < todo.len() {
        return Err(SweepError::Stopped {
            points: computed,
            remaining: todo.len() - computed,
        });
    }
    let table = match all_points(out, &manifest) {
        Some(records) => Some(write_sweep_csv(out, &manifest, &records)?),
        None => None,
    };
    Ok(RunReport {
        out: out.to_path_buf(),
        grid_points: sweep.point_count(),
        shard_points: mine.len(),
        skipped,
        redone,
        computed,
        events,
        table,
    })
}

fn count_point_dirs(dir: &Path) -> usize {
    std::fs::read_dir(dir.join("points"))
        .map(|d| d.flatten().count())
        .unwrap_or(0)
}
