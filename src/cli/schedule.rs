//! `ccsim schedule`: shifts with breaks that meet the scenario's targets
//! after shrinkage, verified by simulation; its files under the output
//! folder (written all or nothing) and its summary on stdout.

use std::path::{Path, PathBuf};

use anyhow::Context;

use ccsim::center::spec::CenterSpec;
use ccsim::output::write_atomic;
use ccsim::scenario;
use ccsim::staffing::search::StaffingOptions;
use ccsim::staffing::targets::Confidence;
use ccsim::workforce::files::{coverage_csv, render, schedule_csv, summary_csv};
use ccsim::workforce::{chart, plan, scenario_out, Objective, Plan, ScheduleOptions};

use super::args::{ObjectiveArg, ScheduleArgs};
use super::limits::{self, Flags};
use super::usage::{check_counts, UsageError};
use super::{out, progress};

/// A checked `ccsim schedule`.
pub struct SchedulePlan {
    spec: CenterSpec,
    /// The scenario file's text (rewritten into scenario.toml).
    text: String,
    file: PathBuf,
    opts: ScheduleOptions,
    out: PathBuf,
    quiet: bool,
    /// Whether to write report.html.
    report: bool,
}

impl SchedulePlan {
    /// Loads the scenario and applies the overrides.
    pub fn new(args: ScheduleArgs) -> anyhow::Result<SchedulePlan> {
        let mut spec = scenario::load(&args.scenario)?;
        let text = scenario::read_text(&args.scenario)?;
        check_counts(args.replications, args.threads)?;
        limits::check_replications(args.replications)?;
        if args.max_iterations == 0 {
            return Err(UsageError("--max-iterations must be at least 1".into()).into());
        }
        if let Some(r) = args.replications {
            spec.replications = r;
        }
        if let Some(s) = args.seed {
            spec.seed = s;
        }
        let threads = limits::check_each_run(
            &spec,
            &args.scenario,
            args.replications.is_some(),
            "each staffing or schedule simulated",
            Flags {
                threads: args.threads,
                no_limits: args.no_limits,
                quiet: args.quiet,
            },
        )?;
        let confidence = Confidence::from(args.confidence);
        limits::check_confidence(confidence, spec.replications, &args.scenario)?;
        let objective = match args.objective {
            ObjectiveArg::PaidHours => Objective::PaidHours,
            ObjectiveArg::Coverage => Objective::Coverage,
        };
        let opts = ScheduleOptions {
            objective,
            staffing: StaffingOptions {
                confidence,
                threads,
                ..StaffingOptions::default()
            },
            max_iterations: args.max_iterations,
        };
        let out = args
            .out
            .unwrap_or_else(|| PathBuf::from("results").join(&spec.name).join("schedule"));
        Ok(SchedulePlan {
            spec,
            text,
            file: args.scenario,
            opts,
            out,
            quiet: args.quiet,
            report: args.report,
        })
    }

    /// Builds and verifies the schedule, writes its files (all or nothing)
    /// and prints its summary.
    pub fn execute(self) -> anyhow::Result<()> {
        let started = std::time::Instant::now();
        let staging = limits::stage(&self.out, &[&self.file], &["scenario.toml"])?;
        let bar = progress::bar(
            self.quiet,
            self.opts.max_iterations as u64 + 3,
            "{spinner} [{elapsed_precise}] {msg}",
        );
        let note = |m: &str| {
            bar.set_message(m.to_string());
            bar.inc(1);
        };
        let result = plan(&self.spec, self.opts, &note);
        bar.finish_and_clear();
        let plan = result.map_err(|e| UsageError(format!("{}: {e}", self.file.display())))?;
        self.write(staging.path(), &plan)?;
        staging
            .commit()
            .with_context(|| format!("writing results to {}", self.out.display()))?;
        out::print(&render(&self.spec, &plan))?;
        if !self.quiet {
            out::note(&format!(
                "done in {:.1} s; files written to {}",
                started.elapsed().as_secs_f64(),
                self.out.display()
            ));
        }
        Ok(())
    }

    /// Writes every file of `plan` into `dir`.
    fn write(&self, dir: &Path, plan: &Plan) -> anyhow::Result<()> {
        let spec = &self.spec;
        let scenario = scenario_out::scenario_with_shifts(spec, &self.text, &plan.simulated.groups)
            .map_err(|e| {
                UsageError(format!(
                    "{}: cannot write scenario.toml: {e}",
                    self.file.display()
                ))
            })?;
        // The planner runs this file next: it must load as it is.
        scenario::parse(&scenario, &dir.join("scenario.toml"), &spec.name)
            .context("the scenario written with the schedule does not load (a bug)")?;
        let files = [
            ("schedule.csv", schedule_csv(spec, &plan.simulated)?),
            ("coverage.csv", coverage_csv(spec, &plan.simulated)?),
            ("coverage_analytic.csv", coverage_csv(spec, &plan.analytic)?),
            ("summary.csv", summary_csv(spec, plan)?),
            (
                "coverage.svg",
                chart::coverage_svg(spec, &plan.simulated.groups)?,
            ),
            ("scenario.toml", scenario),
        ];
        for (name, body) in files {
            write_atomic(&dir.join(name), body.as_bytes())
                .with_context(|| format!("writing results to {}", self.out.display()))?;
        }
        if self.report {
            let report = ccsim::workforce::html::schedule_report(spec, plan)?;
            ccsim::output::html::write_report(dir, &report)?;
        }
        Ok(())
    }
}
