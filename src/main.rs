//! The `ccsim` command line: parse, call the library, print, map errors to
//! exit codes (0 success, 2 a scenario or usage problem, 1 anything else).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use ccsim::center::spec::CenterSpec;
use ccsim::scenario::{self, ScenarioError};
use ccsim::{output, runner};

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
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            if e.downcast_ref::<ScenarioError>().is_some()
                || e.downcast_ref::<UsageError>().is_some()
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
            runner::run_scenario_with_records(&spec, threads, &|| bar.inc(1), &files)
                .with_context(|| format!("writing contact records to {}", path.display()))?
        }
        None => runner::run_scenario(&spec, threads, &|| bar.inc(1)),
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
