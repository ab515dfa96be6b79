//! `ccsim run`: every replication of one scenario, the report on stdout,
//! the files under the output folder.

use std::path::PathBuf;

use anyhow::Context;

use ccsim::center::spec::CenterSpec;
use ccsim::{exec, output, scenario};

use super::args::{RecordsLayoutArg, RunArgs};
use super::progress;
use super::usage::check_counts;

/// A checked `ccsim run`.
pub struct RunPlan {
    /// The scenario, with the command line's overrides.
    spec: CenterSpec,
    /// Where the files go.
    out: PathBuf,
    threads: Option<usize>,
    quiet: bool,
    /// Where the contact records go, if anywhere.
    contact_records: Option<PathBuf>,
    /// How they are laid out.
    records_layout: output::RecordLayout,
}

impl RunPlan {
    /// Loads the scenario (the bundled default without one) and applies the
    /// overrides.
    pub fn new(args: RunArgs) -> anyhow::Result<RunPlan> {
        let mut spec = match &args.scenario {
            Some(p) => scenario::load(p)?,
            None => scenario::bundled_default()?,
        };
        if let Some(s) = args.seed {
            spec.seed = s;
        }
        check_counts(args.replications, args.threads)?;
        if let Some(r) = args.replications {
            spec.replications = r;
        }
        let out = args
            .out
            .unwrap_or_else(|| PathBuf::from("results").join(&spec.name));
        Ok(RunPlan {
            spec,
            out,
            threads: args.threads,
            quiet: args.quiet,
            contact_records: args.contact_records,
            records_layout: match args.records_layout {
                RecordsLayoutArg::Jsonl => output::RecordLayout::JsonLines,
                RecordsLayoutArg::Firehose => output::RecordLayout::Firehose,
            },
        })
    }

    /// Runs it: simulate, write the files, print the report.
    pub fn execute(self) -> anyhow::Result<()> {
        let spec = &self.spec;
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
        let elapsed = started.elapsed().as_secs_f64();
        let dir = &self.out;
        let files = output::write_outputs(dir, spec, &summary)
            .with_context(|| format!("writing results to {}", dir.display()))?;
        print!("{}", output::render_report(spec, &summary));
        if !self.quiet {
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
}
