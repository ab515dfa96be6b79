//! `ccsim staff`: the smallest staffing that meets the scenario's targets
//! (one headcount throughout, or one per interval), its table on stdout,
//! its CSV and plots under the output folder.

use std::path::PathBuf;

use anyhow::Context;

use ccsim::center::spec::CenterSpec;
use ccsim::output;
use ccsim::scenario;
use ccsim::staffing::per_interval::search_per_interval_with;
use ccsim::staffing::search::{
    search_with, Evaluator, SearchProgress, StaffingError, StaffingOptions,
};
use ccsim::staffing::targets::Confidence;

use super::args::StaffArgs;
use super::limits::{self, Flags};
use super::out;
use super::progress;
use super::usage::{check_counts, UsageError};

/// Agents either side of the answer in the "metric vs headcount" plots.
const PLOT_SPAN: u32 = 3;

/// A checked `ccsim staff`.
pub struct StaffPlan {
    /// The scenario, with the command line's overrides.
    spec: CenterSpec,
    /// The scenario's file, which a search's error names.
    file: PathBuf,
    opts: StaffingOptions,
    /// Where the files go.
    out: PathBuf,
    quiet: bool,
    per_interval: bool,
    /// Whether to write report.html.
    report: bool,
}

impl StaffPlan {
    /// Loads the scenario and applies the overrides.
    pub fn new(args: StaffArgs) -> anyhow::Result<StaffPlan> {
        let mut spec = scenario::load(&args.scenario)?;
        check_counts(args.replications, args.threads)?;
        limits::check_replications(args.replications)?;
        if let Some(r) = args.replications {
            spec.replications = r;
        }
        if let Some(seed) = args.seed {
            spec.seed = seed;
        }
        // The search simulates the scenario once per staffing it tries:
        // each is held to the limit of one run.
        let threads = limits::check_each_run(
            &spec,
            &args.scenario,
            args.replications.is_some(),
            "each staffing tried",
            Flags {
                threads: args.threads,
                no_limits: args.no_limits,
                quiet: args.quiet,
            },
        )?;
        let confidence = Confidence::from(args.confidence);
        limits::check_confidence(confidence, spec.replications, &args.scenario)?;
        let opts = StaffingOptions {
            confidence,
            threads,
            ..StaffingOptions::default()
        };
        let out = args
            .out
            .unwrap_or_else(|| PathBuf::from("results").join(format!("{}-staffing", spec.name)));
        Ok(StaffPlan {
            spec,
            file: args.scenario.clone(),
            opts,
            out,
            quiet: args.quiet,
            per_interval: args.per_interval,
            report: args.report,
        })
    }

    /// Runs the search, writes its files (all or nothing, into a folder
    /// checked writable first) and prints its table.
    pub fn execute(self) -> anyhow::Result<()> {
        let started = std::time::Instant::now();
        if let Some(note) = shifts_set_aside(&self.spec) {
            out::note(&note);
        }
        let staging = limits::stage(&self.out, &[&self.file], &["staffing.csv"])?;
        let (table, plots) = if self.per_interval {
            self.per_interval(staging.path())?
        } else {
            self.whole_window(staging.path())?
        };
        staging
            .commit()
            .with_context(|| format!("writing results to {}", self.out.display()))?;
        out::print(&table)?;
        if !self.quiet {
            out::note(&format!(
                "done in {:.1} s; files written to {}: {}",
                started.elapsed().as_secs_f64(),
                self.out.display(),
                plots.join(", ")
            ));
        }
        Ok(())
    }

    /// A search that could not be done, as an error naming the scenario.
    fn search_error(&self, e: StaffingError) -> UsageError {
        UsageError(format!("{}: {e}", self.file.display()))
    }

    /// One headcount throughout: writes the files into `dir`, returns the
    /// table to print and the names of the files written (the CSV first).
    fn whole_window(&self, dir: &std::path::Path) -> anyhow::Result<(String, Vec<String>)> {
        let spec = &self.spec;
        let bar = self.search_bar();
        let mut evaluator = Evaluator::new(spec, self.opts).with_progress(&bar);
        let mut result = search_with(&mut evaluator).map_err(|e| self.search_error(e))?;
        // The plots' staffings around the answer: most were simulated by the
        // search already, and are not simulated again.
        let curves: Vec<_> = result
            .searched
            .iter()
            .map(|&g| {
                let best = result.best.headcount[g];
                let range = best.saturating_sub(PLOT_SPAN)..=best + PLOT_SPAN;
                evaluator.curve(&result.best.headcount, g, range)
            })
            .collect();
        // A simulation whose virtual time stood still has no results to
        // trust, in the search or in the plots.
        if let Some(stall) = evaluator.take_stall() {
            return Err(UsageError(stall.to_string()).into());
        }
        bar.0.finish_and_clear();
        let plots = output::staffing::write_headcount_plots(dir, spec, &result, &curves)?;
        // staffing.csv lists every staffing simulated, the plotted ones
        // around the answer included: each point of a plot is a row.
        result.evaluated = evaluator.evaluated();
        let csv = output::staffing::staffing_csv(spec, &result)?;
        output::write_atomic(&dir.join("staffing.csv"), csv.as_bytes())
            .with_context(|| format!("writing results to {}", self.out.display()))?;
        if self.report {
            let report =
                output::html::staff::staff_report(spec, &result, &curves, self.opts.confidence)?;
            output::html::write_report(dir, &report)?;
        }
        if !self.quiet {
            out::note(&format!("{} staffings simulated", result.evaluated.len()));
        }
        let table = output::staffing::render_staffing(spec, &result, self.opts.confidence);
        Ok((
            table,
            [vec!["staffing.csv".to_string()], plots, self.report_file()].concat(),
        ))
    }

    /// A headcount per interval: writes the files into `dir`, returns the
    /// table to print and the names of the files written (the CSV first).
    fn per_interval(&self, dir: &std::path::Path) -> anyhow::Result<(String, Vec<String>)> {
        let spec = &self.spec;
        let bar = self.search_bar();
        let result = search_per_interval_with(spec, self.opts, Some(&bar))
            .map_err(|e| self.search_error(e))?;
        bar.0.finish_and_clear();
        let csv = output::staffing::interval_staffing_csv(spec, &result)?;
        output::write_atomic(&dir.join("staffing_intervals.csv"), csv.as_bytes())
            .with_context(|| format!("writing results to {}", self.out.display()))?;
        let plots = output::staffing::write_interval_plots(dir, spec, &result)?;
        if self.report {
            let report = output::html::staff::interval_staff_report(spec, &result)?;
            output::html::write_report(dir, &report)?;
        }
        let table = output::staffing::render_interval_staffing(spec, &result);
        Ok((
            table,
            [
                vec!["staffing_intervals.csv".to_string()],
                plots,
                self.report_file(),
            ]
            .concat(),
        ))
    }

    /// A progress bar over the replications the search simulates (hidden
    /// with `--quiet`).
    fn search_bar(&self) -> SearchBar {
        SearchBar(progress::bar(
            self.quiet,
            0,
            "{elapsed_precise} [{bar:30}] {pos}/{len} replications · {msg}",
        ))
    }

    /// The report's file name, when one is written, for the final message.
    fn report_file(&self) -> Vec<String> {
        if self.report {
            vec!["report.html".to_string()]
        } else {
            Vec::new()
        }
    }
}

/// The staffing search's progress bar: replications done of those started
/// so far (it grows as the search tries staffings), and the staffing being
/// simulated.
struct SearchBar(indicatif::ProgressBar);

impl SearchProgress for SearchBar {
    fn staffing(&self, headcount: &[u32], replications: u32) {
        self.0.inc_length(u64::from(replications));
        let label: Vec<String> = headcount.iter().map(u32::to_string).collect();
        self.0
            .set_message(format!("simulating staffing {}", label.join("/")));
    }

    fn replication(&self) {
        self.0.inc(1);
    }
}

/// The note `staff` gives when some group of the scenario is staffed by
/// shifts: the search sizes a headcount on the phones, and that group's
/// shifts and shrinkage are left aside (`ccsim schedule` plans them).
/// Given even with `--quiet`: the answer means something else than a
/// planner of that scenario may expect.
fn shifts_set_aside(spec: &CenterSpec) -> Option<String> {
    let names: Vec<String> = spec
        .groups
        .iter()
        .filter(|g| g.shifts.is_some())
        .map(|g| format!("`{}`", g.name))
        .collect();
    (!names.is_empty()).then(|| {
        format!(
            "note: {} {} staffed by shifts: `staff` finds the agents needed on the phones (a headcount) and leaves {} shifts and shrinkage (absenteeism, aux, planned) aside; `ccsim schedule` builds shifts that meet the targets after shrinkage",
            names.join(", "),
            if names.len() == 1 { "is" } else { "are" },
            if names.len() == 1 { "its" } else { "their" },
        )
    })
}
