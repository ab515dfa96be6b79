//! Errors of a sweep: a bad `[sweep]` grid or point, an output folder that
//! belongs to another sweep, shards that do not fit together, or plain I/O.
//! Every message names the file or folder, says what is wrong and how to fix
//! it; [`SweepError::is_usage`] tells the CLI which exit code to use.

use std::path::PathBuf;

use crate::output::OutputError;
use crate::scenario::{Problem, ScenarioError};

/// A sweep could not be prepared, run or merged. Every variant is fatal for
/// the command; points finished before the error stay on disk.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SweepError {
    /// The scenario itself (without the sweep applied) is unreadable or
    /// invalid.
    #[error(transparent)]
    Scenario(#[from] ScenarioError),
    /// The scenario has no `[sweep]` table.
    #[error("{file}: no [sweep] table\n    fix: add one, e.g.\n\n    [sweep]\n    axes = [{{ path = \"agent_groups.tier1.headcount\", values = [10, 11, 12] }}]\n\n    (see scenarios/sweep_headcount.toml), or use `ccsim run` for a single scenario")]
    NoSweep {
        /// The scenario file.
        file: PathBuf,
    },
    /// The `[sweep]` table, or the scenario at some of its points, is
    /// invalid; every problem found is listed.
    #[error("{file}: {} sweep problem{}:\n{}", problems.len(), plural(problems.len()), list(problems))]
    Invalid {
        /// The scenario file.
        file: PathBuf,
        /// Each problem, with a path such as `sweep.axes[1].values[2]`.
        problems: Vec<Problem>,
    },
    /// A command-line value makes no sense (e.g. `--shard 4/3`).
    #[error("{message}\n    fix: {hint}")]
    Usage {
        /// What is wrong.
        message: String,
        /// What would be right.
        hint: String,
    },
    /// The output folder holds results of a different sweep (another
    /// scenario file, seed, replication count, grid or ccsim version).
    #[error("{dir} holds results of a different sweep:\n{}\n    fix: {hint}", differences.iter().map(|d| format!("  {d}")).collect::<Vec<_>>().join("\n"))]
    ManifestMismatch {
        /// The folder whose `manifest.json` differs.
        dir: PathBuf,
        /// One line per differing manifest field: there vs now.
        differences: Vec<String>,
        /// What to do.
        hint: String,
    },
    /// A folder given to `ccsim merge` is not a sweep output folder.
    #[error("{dir} is not a sweep output folder (no readable manifest.json: {reason})\n    fix: pass the folders that `ccsim sweep --out DIR` wrote")]
    NotASweep {
        /// The folder.
        dir: PathBuf,
        /// Why the manifest could not be used.
        reason: String,
    },
    /// Two shard folders hold different results for the same point — they
    /// were not produced by the same build from the same inputs.
    #[error("point {point} differs between {first} and {second}\n    fix: re-run that point's shard with one ccsim build; a sweep is deterministic, so equal inputs give equal bytes")]
    ConflictingPoint {
        /// The point index.
        point: usize,
        /// One folder.
        first: PathBuf,
        /// The other.
        second: PathBuf,
    },
    /// The merged shards do not cover every point.
    #[error("the folders given hold {found} of {total} points; missing: {missing}\n    fix: run the missing shards (point i belongs to shard (i mod N) + 1 of --shard K/N) and merge again; or run `ccsim sweep SCENARIO --out SHARD_DIR` on one of the folders: it resumes and computes just the missing points")]
    MissingPoints {
        /// Points found.
        found: usize,
        /// Points in the grid.
        total: usize,
        /// The missing point indices, abbreviated.
        missing: String,
    },
    /// The run stopped on request (`--stop-after-points`) before its
    /// shard was complete; finished points are on disk.
    #[error("stopped after {points} point{} as asked (--stop-after-points); {remaining} left\n    fix: run the same command again to resume", plural(*points))]
    Stopped {
        /// Points written by this run.
        points: usize,
        /// Points of the shard not yet finished.
        remaining: usize,
    },
    /// A file of the output folder could not be read.
    #[error("cannot read {path}: {source}\n    fix: check the folder's permissions, or run with --fresh to recompute it")]
    Read {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A file in an output folder is not what ccsim writes there.
    #[error("{path}: {message}\n    fix: delete the file's point folder (it will be recomputed on the next run) or run with --fresh")]
    Corrupt {
        /// The file.
        path: PathBuf,
        /// What is wrong with it.
        message: String,
    },
    /// A replication of a point stopped because virtual time stood still
    /// (a loop of events that takes no time); the points before it are on
    /// disk.
    #[error("point {point}, replication {}: virtual time stood still at {} — {} events at that instant without the clock moving, a loop of events that takes no time; the sweep was stopped\n    fix: look at what the point's axis values set to zero: an agent who misses every offer (miss_probability = 1) with no missed_recovery, transfers or queue moves in a circle with nothing taking time", stalled.replication, stalled.stall.at, stalled.stall.events)]
    Stalled {
        /// The point.
        point: usize,
        /// Where and when.
        stalled: crate::stats::StalledReplication,
    },
    /// Writing an output failed.
    #[error(transparent)]
    Output(#[from] OutputError),
}

impl SweepError {
    /// Whether the user can fix this by changing the scenario, the command
    /// line or the folders given (the CLI exits with code 2), rather than an
    /// environment problem (code 1).
    pub fn is_usage(&self) -> bool {
        matches!(
            self,
            SweepError::Scenario(_)
                | SweepError::NoSweep { .. }
                | SweepError::Invalid { .. }
                | SweepError::Usage { .. }
                | SweepError::ManifestMismatch { .. }
                | SweepError::NotASweep { .. }
                | SweepError::MissingPoints { .. }
                | SweepError::Stalled { .. }
        )
    }

    /// The problems listed by an [`SweepError::Invalid`] (empty otherwise).
    pub fn problems(&self) -> &[Problem] {
        match self {
            SweepError::Invalid { problems, .. } => problems,
            _ => &[],
        }
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

fn list(problems: &[Problem]) -> String {
    problems
        .iter()
        .map(|p| format!("  {p}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Abbreviates a sorted list of indices: `0, 3, 6 … 27 (10 points)`.
pub(crate) fn abbreviate(indices: &[usize]) -> String {
    let head: Vec<String> = indices.iter().take(8).map(|i| i.to_string()).collect();
    let mut s = head.join(", ");
    if let (true, Some(last)) = (indices.len() > 8, indices.last()) {
        s.push_str(&format!(" … {last}"));
    }
    s.push_str(&format!(
        " ({} point{})",
        indices.len(),
        plural(indices.len())
    ));
    s
}
