//! `ccsim run`: every replication of one scenario, the report on stdout,
//! the files under the output folder — written all or nothing, into a
//! folder checked writable before the simulation starts.

use std::path::{Path, PathBuf};

use anyhow::Context;

use ccsim::center::spec::CenterSpec;
use ccsim::scenario::{Problem, ProblemKind, ScenarioError};
use ccsim::stats::work::{self, WorkEstimate};
use ccsim::stats::Summary;
use ccsim::{exec, output, scenario};

use super::args::{RecordsLayoutArg, RunArgs};
use super::limits::{self, Flags, Work};
use super::out;
use super::progress;
use super::usage::check_counts;

/// A checked `ccsim run`.
pub struct RunPlan {
    /// The scenario, with the command line's overrides.
    spec: CenterSpec,
    /// The scenario file (or the bundled scenario's label), for messages.
    file: PathBuf,
    /// Where the files go.
    out: PathBuf,
    threads: Option<usize>,
    quiet: bool,
    /// Where the contact records go, if anywhere.
    contact_records: Option<PathBuf>,
    /// How they are laid out.
    records_layout: output::RecordLayout,
    /// Whether to write report.html.
    report: bool,
}

impl RunPlan {
    /// Loads the scenario (the bundled default without one), applies the
    /// overrides and checks what the run would need.
    pub fn new(args: RunArgs) -> anyhow::Result<RunPlan> {
        let mut spec = match &args.scenario {
            Some(p) => scenario::load(p)?,
            None => scenario::bundled_default()?,
        };
        let file = args
            .scenario
            .clone()
            .unwrap_or_else(|| PathBuf::from(scenario::DEFAULT_SCENARIO_LABEL));
        if let Some(s) = args.seed {
            spec.seed = s;
        }
        check_counts(args.replications, args.threads)?;
        limits::check_replications(args.replications)?;
        if let Some(r) = args.replications {
            spec.replications = r;
        }
        let estimate = WorkEstimate::of(&spec);
        let work = Work {
            file: &file,
            total_events: estimate.total_events(),
            result_bytes: estimate.result_bytes(),
            estimate,
            points: 1,
            replications_from: if args.replications.is_some() {
                "--replications"
            } else {
                "simulation.replications"
            },
            what: "this run",
            headcount_searched: false,
            record_bytes: match (&args.contact_records, args.records_layout) {
                (None, _) => 0,
                (Some(_), RecordsLayoutArg::Jsonl) => work::RECORD_BYTES_JSONL,
                (Some(_), RecordsLayoutArg::Firehose) => work::RECORD_BYTES_FIREHOSE,
            },
        };
        let flags = Flags {
            threads: args.threads,
            no_limits: args.no_limits,
            quiet: args.quiet,
        };
        let threads = limits::check(&work, flags)?;
        let out = args
            .out
            .unwrap_or_else(|| PathBuf::from("results").join(&spec.name));
        Ok(RunPlan {
            spec,
            file,
            out,
            threads,
            quiet: args.quiet,
            contact_records: args.contact_records,
            records_layout: match args.records_layout {
                RecordsLayoutArg::Jsonl => output::RecordLayout::JsonLines,
                RecordsLayoutArg::Firehose => output::RecordLayout::Firehose,
            },
            report: args.report,
        })
    }

    /// Runs it: simulate, write the files, print the report.
    pub fn execute(self) -> anyhow::Result<()> {
        let spec = &self.spec;
        // Before any work: the folder (and the records' place) writable.
        let staging = limits::stage(&self.out, &[&self.file], &RUN_FILES)?;
        if let Some(path) = &self.contact_records {
            refuse_records_over_outputs(path, &self.out)?;
            limits::probe_records(
                path,
                self.records_layout == output::RecordLayout::Firehose,
                &[&self.file],
            )?;
        }
        let bar = progress::bar(
            self.quiet,
            u64::from(spec.replications),
            "{spinner} replications {pos}/{len} [{bar:30}] {elapsed} (eta {eta})",
        );
        let started = std::time::Instant::now();
        let summary = match &self.contact_records {
            Some(path) => {
                let files = output::RecordFiles::with_layout(path, self.records_layout);
                output::run_with_records(spec, self.threads, &|| bar.inc(1), &files)
                    .with_context(|| format!("writing contact records to {}", path.display()))?
            }
            None => exec::run_scenario(spec, self.threads, &|| bar.inc(1)),
        };
        bar.finish_and_clear();
        refuse_stalled(&self.file, &summary)?;
        let elapsed = started.elapsed().as_secs_f64();
        let dir = &self.out;
        let mut files = output::write_outputs(staging.path(), spec, &summary)
            .with_context(|| format!("writing results to {}", dir.display()))?;
        if self.report {
            let report = output::html::run::run_report(spec, &summary)?;
            files.push(output::html::write_report(staging.path(), &report)?);
        }
        staging
            .commit()
            .with_context(|| format!("writing results to {}", dir.display()))?;
        out::print(&output::render_report(spec, &summary))?;
        if !self.quiet {
            out::note(&format!(
                "{} events in {:.2} s ({:.1} M events/s); {} files written to {}",
                summary.events,
                elapsed,
                summary.events as f64 / elapsed.max(1e-9) / 1e6,
                files.len(),
                dir.display()
            ));
        }
        Ok(())
    }
}

/// What `run` writes into its folder, by name (the report only with
/// `--report`, but a records file of that name would be lost either way
/// to a later run).
const RUN_FILES: [&str; 6] = [
    "summary.json",
    "summary.csv",
    "agent_hours.csv",
    "histograms",
    output::html::REPORT_FILE,
    ".ccsim-outputs",
];

/// Refuses `--contact-records` at a file the run writes into `out` (or
/// inside its `histograms` folder): the folder swapped in at the end would
/// replace the records, and the records, written first, would have
/// replaced what the folder held.
fn refuse_records_over_outputs(records: &Path, out: &Path) -> Result<(), super::usage::UsageError> {
    let resolved = |p: &Path| {
        std::fs::canonicalize(p)
            .or_else(|_| std::path::absolute(p))
            .unwrap_or_else(|_| p.to_path_buf())
    };
    let Some(name) = records.file_name() else {
        return Ok(());
    };
    let parent = match records.parent() {
        Some(p) if !p.as_os_str().is_empty() => resolved(p),
        _ => resolved(Path::new(".")),
    };
    let out = resolved(out);
    let clash = (parent == out && RUN_FILES.iter().any(|f| name == *f))
        || parent.starts_with(out.join("histograms"));
    if clash {
        return Err(super::usage::UsageError(format!(
            "--contact-records {}: the run writes that file into its folder {}, which would replace the records (and the records what the folder held); name another file, e.g. {}",
            records.display(),
            out.display(),
            out.join("contact_records.jsonl").display()
        )));
    }
    Ok(())
}

/// Refuses a summary with a replication the engine stopped because virtual
/// time stood still: its results are incomplete (exit code 2, as the
/// scenario is at fault).
pub fn refuse_stalled(file: &Path, summary: &Summary) -> Result<(), ScenarioError> {
    let Some(s) = summary.stalled else {
        return Ok(());
    };
    Err(ScenarioError::Invalid {
        file: file.to_path_buf(),
        problems: vec![Problem {
            path: "(simulation)".into(),
            message: format!(
                "replication {}: virtual time stood still at {} — {} events at that instant without the clock moving, a loop of events that takes no time; the run was stopped and nothing written",
                s.replication, s.stall.at, s.stall.events
            ),
            hint: "look for zero durations that can repeat without end: an agent who misses every offer (miss_probability = 1) with no missed_recovery, transfers or queue moves in a circle with nothing taking time".into(),
            kind: ProblemKind::Input,
        }],
    })
}
