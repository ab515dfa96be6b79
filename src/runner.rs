//! Runs every replication of a scenario, in parallel, and merges them in
//! replication order — so the summary is the same for any thread count.

use std::sync::Arc;

use rayon::prelude::*;

use crate::center::run_replication;
use crate::center::spec::CenterSpec;
use crate::output::{OutputError, RecordFiles};
use crate::stats::{Recorder, StatsConfig, Summary, SummaryBuilder};

/// Runs all `spec.replications` replications on `threads` threads (`None`:
/// rayon's default, all cores), calling `progress` after each one finishes.
pub fn run_scenario(
    spec: &CenterSpec,
    threads: Option<usize>,
    progress: &(dyn Fn() + Sync),
) -> Summary {
    run(spec, threads, progress, None).0
}

/// As [`run_scenario`], also streaming every contact record to `records`
/// (JSON lines, in replication order).
pub fn run_scenario_with_records(
    spec: &CenterSpec,
    threads: Option<usize>,
    progress: &(dyn Fn() + Sync),
    records: &RecordFiles,
) -> Result<Summary, OutputError> {
    let (summary, written) = run(spec, threads, progress, Some(records));
    records.finish(spec.replications, written)?;
    Ok(summary)
}

fn run(
    spec: &CenterSpec,
    threads: Option<usize>,
    progress: &(dyn Fn() + Sync),
    records: Option<&RecordFiles>,
) -> (Summary, Result<(), OutputError>) {
    let cfg = Arc::new(StatsConfig::new(spec));
    let work = || {
        let mut builder = SummaryBuilder::new(Arc::clone(&cfg));
        let mut written = Ok(());
        let reps: Vec<u32> = (0..spec.replications).collect();
        // Chunks bound memory (a recorder holds histograms) while keeping
        // every core busy; within a chunk results come back in order.
        let chunk = rayon::current_num_threads().max(1) * 4;
        for part in reps.chunks(chunk) {
            let done: Vec<(Recorder, u64, Result<(), OutputError>)> = part
                .par_iter()
                .map(|&r| {
                    let recorder = Recorder::new(Arc::clone(&cfg));
                    let out = match records {
                        Some(files) => {
                            let ((rec, writer), info) =
                                run_replication(spec, r, (recorder, files.writer(spec, r)));
                            (rec, info.events, writer.close())
                        }
                        None => {
                            let (rec, info) = run_replication(spec, r, recorder);
                            (rec, info.events, Ok(()))
                        }
                    };
                    progress();
                    out
                })
                .collect();
            for (rec, events, ok) in done {
                builder.add(&rec, events);
                if written.is_ok() {
                    written = ok;
                }
            }
        }
        (builder.finish(), written)
    };
    match threads {
        Some(n) => match rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build()
        {
            Ok(pool) => pool.install(work),
            Err(_) => work(),
        },
        None => work(),
    }
}
