//! The `ccsim` command line: parse, call the library, print, map errors to
//! exit codes (0 success, 2 a scenario or usage problem, 1 anything else).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use ccsim::center::spec::CenterSpec;
use ccsim::scenario::{self, ScenarioError};
use ccsim::{exec, output};

/// ccsim — deterministic discrete-event load simulator of an Amazon Connect
/// style contact center.
#[derive(Parser)]
#[command(name = "ccsim", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run one scenario (all its replications), print the report and write
    /// summary.json, summary.csv and histograms.
    Run {
        /// Scenario file (TOML). Without it, the bundled default scenario runs.
        scenario: Option<PathBuf>,
        /// Override the scenario's seed.
        #[arg(long)]
        seed: Option<u64>,
        /// Override the scenario's number of replications.
        #[arg(long)]
        replications: Option<u32>,
        /// Output folder (default: results/<scenario name>/).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Worker threads (default: all cores). Results do not depend on it.
        #[arg(long)]
        threads: Option<usize>,
        /// No progress bar.
        #[arg(long)]
        quiet: bool,
        /// Also stream every contact record (JSON lines, Connect's field
        /// names) to this file.
        #[arg(long, value_name = "FILE")]
        contact_records: Option<PathBuf>,
    },
    /// Run every point of a scenario's [sweep] grid × its replications, in
    /// parallel; write sweep.csv, manifest.json and each point's files.
    /// Re-running the same command resumes where it stopped.
    Sweep {
        /// Scenario file (TOML) with a [sweep] table.
        scenario: PathBuf,
        /// Output folder (default: results/<scenario name>-sweep/, or
        /// results/<scenario name>-sweep-shard-K-of-N/ with --shard).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Worker threads (default: all cores). Results do not depend on it.
        #[arg(long)]
        threads: Option<usize>,
        /// Run only shard K of N (points i with i mod N = K-1); combine the
        /// shard folders with `ccsim merge`.
        #[arg(long, value_name = "K/N")]
        shard: Option<String>,
        /// Override the scenario's seed (for every point).
        #[arg(long)]
        seed: Option<u64>,
        /// Override the replications per point.
        #[arg(long)]
        replications: Option<u32>,
        /// Discard the output folder's earlier sweep files instead of resuming.
        #[arg(long)]
        fresh: bool,
        /// No progress bar.
        #[arg(long)]
        quiet: bool,
        /// Stop after writing N points, as if interrupted (for testing resume).
        #[arg(long, hide = true)]
        stop_after_points: Option<usize>,
    },
    /// Combine the folders of a sweep's shards into exactly the folder a
    /// whole run writes.
    Merge {
        /// Shard output folders.
        #[arg(required = true)]
        dirs: Vec<PathBuf>,
        /// The merged folder.
        #[arg(long)]
        out: PathBuf,
        /// Print nothing on success.
        #[arg(long)]
        quiet: bool,
    },
    /// Find the smallest headcount per agent group that meets the
    /// scenario's targets, by simulation, beside Erlang C and Erlang A.
    Staff {
        /// Scenario file (TOML) with [queues.targets].
        scenario: PathBuf,
        /// Targets met by the `mean`, or by the pessimistic end of the 95 %
        /// confidence interval (`lower95`).
        #[arg(long, value_enum, default_value = "mean")]
        confidence: ConfidenceArg,
        /// Override the scenario's number of replications.
        #[arg(long)]
        replications: Option<u32>,
        /// Output folder for staffing.csv (default: results/<scenario name>-staffing/).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Worker threads (default: all cores). Results do not depend on it.
        #[arg(long)]
        threads: Option<usize>,
        /// No progress messages.
        #[arg(long)]
        quiet: bool,
        /// Staff each interval (for arrivals that vary over the day) by the
        /// iterative staffing algorithm, instead of one headcount throughout.
        #[arg(long)]
        per_interval: bool,
    },
    /// Check a scenario and explain it, without running it.
    Validate {
        /// Scenario file (TOML).
        scenario: PathBuf,
    },
}

fn load(path: Option<&Path>) -> Result<CenterSpec, ScenarioError> {
    match path {
        Some(p) => scenario::load(p),
        None => scenario::bundled_default(),
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Run {
            scenario,
            seed,
            replications,
            out,
            threads,
            quiet,
            contact_records,
        } => run(
            scenario.as_deref(),
            seed,
            replications,
            out,
            threads,
            quiet,
            contact_records,
        ),
        Command::Validate { scenario } => validate(&scenario),
        Command::Staff {
            scenario,
            confidence,
            replications,
            out,
            threads,
            quiet,
            per_interval,
        } => staff(
            &scenario,
            confidence,
            replications,
            out,
            threads,
            quiet,
            per_interval,
        ),
        Command::Sweep {
            scenario,
            out,
            threads,
            shard,
            seed,
            replications,
            fresh,
            quiet,
            stop_after_points,
        } => sweep(
            &scenario,
            out,
            shard.as_deref(),
            ccsim::sweep::Overrides { seed, replications },
            ccsim::sweep::RunOptions {
                threads,
                shard: ccsim::sweep::Shard::WHOLE,
                fresh,
                stop_after_points,
            },
            quiet,
        ),
        Command::Merge { dirs, out, quiet } => merge(&dirs, &out, quiet),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            if e.downcast_ref::<ScenarioError>().is_some()
                || e.downcast_ref::<UsageError>().is_some()
                || e.downcast_ref::<ccsim::sweep::SweepError>()
                    .is_some_and(|s| s.is_usage())
            {
                ExitCode::from(2)
            } else {
                ExitCode::from(1)
            }
        }
    }
}

/// A command-line value that makes no sense (exit code 2, like a scenario
/// error).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
struct UsageError(String);

#[allow(clippy::too_many_arguments)]
fn run(
    path: Option<&Path>,
    seed: Option<u64>,
    replications: Option<u32>,
    out: Option<PathBuf>,
    threads: Option<usize>,
    quiet: bool,
    contact_records: Option<PathBuf>,
) -> anyhow::Result<()> {
    let mut spec = load(path)?;
    if let Some(s) = seed {
        spec.seed = s;
    }
    if let Some(r) = replications {
        if r == 0 {
            return Err(UsageError("--replications must be at least 1".into()).into());
        }
        spec.replications = r;
    }
    if threads == Some(0) {
        return Err(UsageError("--threads must be at least 1".into()).into());
    }
    let bar = if quiet {
        ProgressBar::hidden()
    } else {
        let b = ProgressBar::with_draw_target(
            Some(u64::from(spec.replications)),
            ProgressDrawTarget::stderr(),
        );
        b.set_style(
            ProgressStyle::with_template(
                "{spinner} replications {pos}/{len} [{bar:30}] {elapsed} (eta {eta})",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        b
    };
    let started = std::time::Instant::now();
    let summary = match &contact_records {
        Some(path) => {
            let files = output::RecordFiles::new(path);
            output::run_with_records(&spec, threads, &|| bar.inc(1), &files)
                .with_context(|| format!("writing contact records to {}", path.display()))?
        }
        None => exec::run_scenario(&spec, threads, &|| bar.inc(1)),
    };
    bar.finish_and_clear();
    let elapsed = started.elapsed().as_secs_f64();
    let dir = out.unwrap_or_else(|| PathBuf::from("results").join(&spec.name));
    let files = output::write_outputs(&dir, &spec, &summary)
        .with_context(|| format!("writing results to {}", dir.display()))?;
    print!("{}", output::render_report(&spec, &summary));
    if !quiet {
        eprintln!(
            "{} events in {:.2} s ({:.1} M events/s); {} files written to {}",
            summary.events,
            elapsed,
            summary.events as f64 / elapsed.max(1e-9) / 1e6,
            files.len(),
            dir.display()
        );
    }
    Ok(())
}

fn validate(path: &Path) -> anyhow::Result<()> {
    let spec = scenario::load(path)?;
    println!("{}: valid.", path.display());
    print!("{}", scenario::explain::explain(&spec));
    Ok(())
}

fn sweep(
    path: &Path,
    out: Option<PathBuf>,
    shard: Option<&str>,
    overrides: ccsim::sweep::Overrides,
    mut opts: ccsim::sweep::RunOptions,
    quiet: bool,
) -> anyhow::Result<()> {
    use ccsim::sweep::{Progress, Sweep};
    use std::sync::atomic::{AtomicUsize, Ordering};
    if let Some(s) = shard {
        opts.shard = s.parse()?;
    }
    if overrides.replications == Some(0) {
        return Err(UsageError("--replications must be at least 1".into()).into());
    }
    let sweep = Sweep::load(path, &overrides)?;
    let dir = out.unwrap_or_else(|| {
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
    let bar = if quiet {
        ProgressBar::hidden()
    } else {
        let b = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
        b.set_style(
            ProgressStyle::with_template(
                "{spinner} points {msg} [{bar:30}] replications {pos}/{len} {elapsed} (eta {eta})",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        b
    };
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
    let result = ccsim::sweep::run_sweep(&sweep, &dir, &opts, &progress);
    bar.finish_and_clear();
    let report = result.with_context(|| format!("sweep into {}", dir.display()))?;
    let elapsed = started.elapsed().as_secs_f64();
    for (i, why) in &report.redone {
        eprintln!("note: point {i} was recomputed: {why}");
    }
    match &report.table {
        Some(table) => {
            if let Some(points) = &report.points {
                let manifest = ccsim::sweep::Manifest::of(&sweep);
                print!("{}", ccsim::sweep::report::render(&manifest, points));
            }
            if !quiet {
                eprintln!("table: {}", table.display());
            }
        }
        None if !quiet => eprintln!(
            "shard {}: {} of the grid's {} points are in {}; combine the shard folders with `ccsim merge DIR... --out DIR`",
            opts.shard,
            report.shard_points,
            report.grid_points,
            dir.display()
        ),
        None => {}
    }
    if !quiet {
        eprintln!(
            "{} points computed, {} already finished; {} events in {:.2} s ({:.1} M events/s)",
            report.computed,
            report.skipped,
            report.events,
            elapsed,
            report.events as f64 / elapsed.max(1e-9) / 1e6
        );
    }
    Ok(())
}

fn merge(dirs: &[PathBuf], out: &Path, quiet: bool) -> anyhow::Result<()> {
    let report = ccsim::sweep::merge(dirs, out)
        .with_context(|| format!("merging into {}", out.display()))?;
    if !quiet {
        eprintln!(
            "merged {} folders: {} points ({} copied) in {}; table: {}",
            dirs.len(),
            report.points,
            report.copied,
            report.out.display(),
            report.table.display()
        );
    }
    Ok(())
}

/// `--confidence` values.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
enum ConfidenceArg {
    /// The mean over replications meets each target.
    Mean,
    /// The pessimistic end of the 95 % confidence interval meets it.
    Lower95,
}

#[allow(clippy::too_many_arguments)]
fn staff(
    path: &Path,
    confidence: ConfidenceArg,
    replications: Option<u32>,
    out: Option<PathBuf>,
    threads: Option<usize>,
    quiet: bool,
    per_interval: bool,
) -> anyhow::Result<()> {
    use ccsim::staffing::search::{search, search_per_interval, Confidence, StaffingOptions};
    let mut spec = scenario::load(path)?;
    if let Some(r) = replications {
        if r == 0 {
            return Err(UsageError("--replications must be at least 1".into()).into());
        }
        spec.replications = r;
    }
    if threads == Some(0) {
        return Err(UsageError("--threads must be at least 1".into()).into());
    }
    let confidence = match confidence {
        ConfidenceArg::Mean => Confidence::Mean,
        ConfidenceArg::Lower95 => Confidence::Lower95,
    };
    let started = std::time::Instant::now();
    if !quiet {
        eprintln!(
            "searching: each staffing simulates {} replications …",
            spec.replications
        );
    }
    let opts = StaffingOptions {
        confidence,
        threads,
        ..StaffingOptions::default()
    };
    let dir =
        out.unwrap_or_else(|| PathBuf::from("results").join(format!("{}-staffing", spec.name)));
    if per_interval {
        let result = search_per_interval(&spec, opts).map_err(|e| UsageError(format!("{e}")))?;
        let csv = output::staffing::interval_staffing_csv(&spec, &result)?;
        output::write_atomic(&dir.join("staffing_intervals.csv"), csv.as_bytes())
            .with_context(|| format!("writing results to {}", dir.display()))?;
        for &g in &result.searched {
            let labels: Vec<String> = (0..spec.interval_count())
                .map(|i| output::files::interval_start(&spec, i)[11..16].to_string())
                .collect();
            let name = &spec.groups[g].name;
            let svg = output::plots::staffing_per_interval_svg(
                name,
                &labels,
                &result.headcount[g],
                &result.erlang_c[g],
            )?;
            output::write_atomic(
                &dir.join(format!("staffing_per_interval_{}.svg", file_safe(name))),
                svg.as_bytes(),
            )?;
        }
        print!(
            "{}",
            output::staffing::render_interval_staffing(&spec, &result)
        );
        if !quiet {
            eprintln!(
                "done in {:.1} s; staffing_intervals.csv written to {}",
                started.elapsed().as_secs_f64(),
                dir.display()
            );
        }
        return Ok(());
    }
    let result = search(&spec, opts).map_err(|e| UsageError(format!("{e}")))?;
    // Plots: the first target (the service level, if set) against each
    // searched group's headcount around the answer.
    for &g in &result.searched {
        let best = result.best.headcount[g];
        let curve = ccsim::staffing::search::headcount_curve(
            &spec,
            &result.best.headcount,
            g,
            best.saturating_sub(3)..=best + 3,
            opts,
        );
        let Some(first) = curve.first().and_then(|(_, c)| c.targets.first()).cloned() else {
            continue;
        };
        let points: output::plots::Curve = curve
            .iter()
            .filter_map(|(h, c)| {
                c.targets
                    .first()
                    .and_then(|t| Some((*h, t.mean?, t.ci95.unwrap_or(0.0))))
            })
            .collect();
        let name = &spec.groups[g].name;
        let label = format!("{} {}", first.scope.name(), first.metric);
        let svg =
            output::plots::metric_vs_headcount_svg(name, &label, &points, first.target, best)?;
        output::write_atomic(
            &dir.join(format!(
                "{}_vs_headcount_{}.svg",
                first.metric,
                file_safe(name)
            )),
            svg.as_bytes(),
        )?;
    }
    let csv = output::staffing::staffing_csv(&spec, &result)?;
    output::write_atomic(&dir.join("staffing.csv"), csv.as_bytes())
        .with_context(|| format!("writing results to {}", dir.display()))?;
    print!(
        "{}",
        output::staffing::render_staffing(&spec, &result, confidence)
    );
    if !quiet {
        eprintln!(
            "{} staffings simulated in {:.1} s; staffing.csv written to {}",
            result.evaluated.len(),
            started.elapsed().as_secs_f64(),
            dir.display()
        );
    }
    Ok(())
}

/// A name made safe for a file name.
fn file_safe(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}
