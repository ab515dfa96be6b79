//! `ccsim sweep` (a grid of what-if points, resumable, in shards) and
//! `ccsim merge` (shard folders back into one).

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use anyhow::Context;

use ccsim::sweep::{Manifest, Overrides, Progress, RunOptions, Shard, Sweep};

use ccsim::stats::work::WorkEstimate;

use super::args::{MergeArgs, SweepArgs};
use super::limits::{self, Flags, Work};
use super::out;
use super::progress;
use super::usage::UsageError;

/// A checked `ccsim sweep`.
pub struct SweepPlan {
    /// Every point, validated.
    sweep: Sweep,
    /// Where the files go.
    out: PathBuf,
    opts: RunOptions,
    quiet: bool,
    /// Whether to write report.html once the grid is complete.
    report: bool,
}

impl SweepPlan {
    /// Reads the shard, loads and validates every point of the grid, and
    /// chooses the output folder.
    pub fn new(args: SweepArgs) -> anyhow::Result<SweepPlan> {
        let mut opts = RunOptions {
            threads: args.threads,
            shard: Shard::WHOLE,
            fresh: args.fresh,
            stop_after_points: args.stop_after_points,
        };
        if let Some(s) = &args.shard {
            opts.shard = s.parse()?;
        }
        if args.replications == Some(0) {
            return Err(UsageError("--replications must be at least 1".into()).into());
        }
        limits::check_replications(args.replications)?;
        let overrides = Overrides {
            seed: args.seed,
            replications: args.replications,
        };
        let sweep = Sweep::load(&args.scenario, &overrides)?;
        opts.threads = check_work(&sweep, &args, &opts)?;
        let out = args.out.unwrap_or_else(|| {
            let name = if opts.shard.is_whole() {
                format!("{}-sweep", sweep.name)
            } else {
                format!(
                    "{}-sweep-shard-{}-of-{}",
                    sweep.name,
                    opts.shard.k(),
                    opts.shard.n()
                )
            };
            PathBuf::from("results").join(name)
        });
        Ok(SweepPlan {
            sweep,
            out,
            opts,
            quiet: args.quiet,
            report: args.report,
        })
    }

    /// Runs it; prints the table if the folder now holds the whole grid.
    pub fn execute(self) -> anyhow::Result<()> {
        let (sweep, dir, quiet) = (&self.sweep, &self.out, self.quiet);
        let bar = progress::bar(
            quiet,
            0,
            "{spinner} points {msg} [{bar:30}] replications {pos}/{len} {elapsed} (eta {eta})",
        );
        let (done, total) = (AtomicUsize::new(0), AtomicUsize::new(0));
        let progress = |p: Progress| match p {
            Progress::Planned {
                points,
                finished,
                replications,
            } => {
                done.store(finished, Ordering::Relaxed);
                total.store(points, Ordering::Relaxed);
                bar.set_length(replications);
                bar.set_message(format!("{finished}/{points}"));
            }
            Progress::Replication => bar.inc(1),
            Progress::Point { .. } => {
                let d = done.fetch_add(1, Ordering::Relaxed) + 1;
                bar.set_message(format!("{d}/{}", total.load(Ordering::Relaxed)));
            }
        };
        let started = std::time::Instant::now();
        let result = ccsim::sweep::run_sweep(sweep, dir, &self.opts, &progress);
        bar.finish_and_clear();
        let report = result.with_context(|| format!("sweep into {}", dir.display()))?;
        let elapsed = started.elapsed().as_secs_f64();
        for (i, why) in &report.redone {
            out::note(&format!("note: point {i} was recomputed: {why}"));
        }
        match &report.table {
            Some(table) => {
                if let Some(points) = &report.points {
                    let manifest = Manifest::of(sweep);
                    if self.report {
                        let html = ccsim::sweep::html::sweep_report(&manifest, points)?;
                        ccsim::output::html::write_report(dir, &html)?;
                    }
                    out::print(&ccsim::sweep::report::render(&manifest, points))?;
                }
                if !quiet {
                    out::note(&format!("table: {}", table.display()));
                }
            }
            None if !quiet => out::note(&format!(
                "shard {}: {} of the grid's {} points are in {}; combine the shard folders with `ccsim merge DIR... --out DIR`{}",
                self.opts.shard,
                report.shard_points,
                report.grid_points,
                dir.display(),
                if self.report { " (no report.html: it needs the whole grid)" } else { "" }
            )),
            None => {}
        }
        if !quiet {
            out::note(&format!(
                "{} points computed, {} already finished; {} events in {:.2} s ({:.1} M events/s)",
                report.computed,
                report.skipped,
                report.events,
                elapsed,
                report.events as f64 / elapsed.max(1e-9) / 1e6
            ));
        }
        Ok(())
    }
}

/// Checks the work of the shard's points against the limits; returns the
/// threads to run on.
fn check_work(sweep: &Sweep, args: &SweepArgs, opts: &RunOptions) -> anyhow::Result<Option<usize>> {
    let mut total = 0.0;
    let mut points = 0;
    let mut costliest: Option<WorkEstimate> = None;
    let mut result_bytes: u64 = 0;
    for p in sweep.points.iter().filter(|p| opts.shard.contains(p.index)) {
        let e = WorkEstimate::of(&p.spec);
        total += e.total_events();
        result_bytes = result_bytes.saturating_add(e.result_bytes());
        points += 1;
        if costliest
            .as_ref()
            .is_none_or(|c| e.peak_bytes(1, 1) > c.peak_bytes(1, 1))
        {
            costliest = Some(e);
        }
    }
    let Some(estimate) = costliest else {
        return Ok(opts.threads);
    };
    let work = Work {
        file: &args.scenario,
        estimate,
        total_events: total,
        points,
        replications_from: if args.replications.is_some() {
            "--replications"
        } else if sweep.spec.replications.is_some() {
            "sweep.replications"
        } else {
            "simulation.replications"
        },
        what: "this sweep",
        headcount_searched: false,
        result_bytes,
        record_bytes: 0,
    };
    limits::check(
        &work,
        Flags {
            threads: opts.threads,
            no_limits: args.no_limits,
            quiet: args.quiet,
        },
    )
}

/// `ccsim merge`: nothing to plan beyond the arguments.
pub fn merge(args: &MergeArgs) -> anyhow::Result<()> {
    let report = ccsim::sweep::merge(&args.dirs, &args.out)
        .with_context(|| format!("merging into {}", args.out.display()))?;
    if !args.quiet {
        out::note(&format!(
            "merged {} folders: {} points ({} copied) in {}; table: {}",
            args.dirs.len(),
            report.points,
            report.copied,
            report.out.display(),
            report.table.display()
        ));
    }
    Ok(())
}
