//! Runs every replication of a scenario, in parallel, and merges them in
//! replication order — so the summary is the same for any thread count.

use std::sync::Arc;

use rayon::prelude::*;

use crate::center::run_replication;
use crate::center::spec::CenterSpec;
use crate::stats::{Recorder, StatsConfig, Summary, SummaryBuilder};

/// Runs all `spec.replications` replications on `threads` threads (`None`:
/// rayon's default, all cores), calling `progress` after each one finishes.
pub fn run_scenario(
    spec: &CenterSpec,
    threads: Option<usize>,
    progress: &(dyn Fn() + Sync),
) -> Summary {
    let cfg = Arc::new(StatsConfig::new(spec));
    let work = || {
        let mut builder = SummaryBuilder::new(Arc::clone(&cfg));
        let reps: Vec<u32> = (0..spec.replications).collect();
        // Chunks bound memory (a recorder holds histograms) while keeping
        // every core busy; within a chunk results come back in order.
        let chunk = rayon::current_num_threads().max(1) * 4;
        for part in reps.chunks(chunk) {
            let done: Vec<(Recorder, u64)> = part
                .par_iter()
                .map(|&r| {
                    let (rec, info) = run_replication(spec, r, Recorder::new(Arc::clone(&cfg)));
                    progress();
                    (rec, info.events)
                })
                .collect();
            for (rec, events) in &done {
                builder.add(rec, *events);
            }
        }
        builder.finish()
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
