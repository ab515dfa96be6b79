//! `ccsim validate`: check a scenario — and its `[sweep]` grid, every point
//! of it, as `ccsim sweep` would — and explain it, with what a run would
//! cost.

use std::path::Path;

use ccsim::scenario;
use ccsim::scenario::limits::{OUTPUT_LIMIT_BYTES, WORK_LIMIT_EVENTS};
use ccsim::stats::work::{human_bytes, human_count, human_seconds, WorkEstimate};
use ccsim::sweep::{Overrides, Sweep};

use super::out;

/// Loads (and so checks) the scenario at `path`, and its sweep grid if it
/// has one, and prints its explanation.
pub fn validate(path: &Path) -> anyhow::Result<()> {
    let spec = scenario::load(path)?;
    let text = scenario::read_text(path)?;
    let has_sweep = text
        .parse::<toml::Table>()
        .is_ok_and(|t| t.contains_key("sweep"));
    // A grid `ccsim sweep` would refuse is not valid.
    let sweep = if has_sweep {
        Some(Sweep::load(path, &Overrides::default())?)
    } else {
        None
    };
    let mut o = format!("{}: valid.\n", path.display());
    o.push_str(&scenario::explain::explain(&spec));
    let one = WorkEstimate::of(&spec);
    let (total, written) = match &sweep {
        Some(sweep) => {
            let (events, peak, written) = sweep_cost(sweep);
            // Every point is held as a scenario of its own while the sweep
            // runs, about as large as the file (a fuzz find: 84 points of a
            // 12 MB scenario took 975 MB where the estimate said 10 MiB).
            let points = (sweep.point_count() as u64).saturating_mul(text.len() as u64);
            o.push_str(&format!(
                "Sweep: {} points × {} replications; {} events in all, about {} on one thread; memory about {} on one thread ({} of it the points' own scenarios); about {} of result files.\n",
                sweep.point_count(),
                sweep.replications,
                human_count(events),
                human_seconds(events / ccsim::stats::work::EVENTS_PER_SECOND_PER_THREAD),
                human_bytes(peak.saturating_add(points)),
                human_bytes(points),
                human_bytes(written)
            ));
            (events, written)
        }
        None => (one.total_events(), one.result_bytes()),
    };
    o.push_str(&format!(
        "Output estimate: about {} of result files per run; contact records (--contact-records) about {} more as JSON Lines, {} as Firehose.\n",
        human_bytes(one.result_bytes()),
        human_bytes(one.records_bytes(ccsim::stats::work::RECORD_BYTES_JSONL)),
        human_bytes(one.records_bytes(ccsim::stats::work::RECORD_BYTES_FIREHOSE)),
    ));
    let command = if sweep.is_some() { "sweep" } else { "run" };
    let beyond = |what: String, limit: String| {
        format!("Note: `ccsim {command}` would refuse this without --no-limits: about {what}, beyond the limit of {limit}.\n")
    };
    if written > OUTPUT_LIMIT_BYTES {
        let what = format!("{} of result files", human_bytes(written));
        o.push_str(&beyond(what, human_bytes(OUTPUT_LIMIT_BYTES)));
    }
    if total > WORK_LIMIT_EVENTS {
        let what = format!("{} events", human_count(total));
        o.push_str(&beyond(what, human_count(WORK_LIMIT_EVENTS)));
    }
    out::print(&o)
}

/// Events of every point of `sweep`, the peak memory of running it on
/// one thread, and the bytes of its result files.
pub fn sweep_cost(sweep: &Sweep) -> (f64, u64, u64) {
    let mut events = 0.0;
    let mut peak = 0;
    let mut written: u64 = 0;
    for p in &sweep.points {
        let e = WorkEstimate::of(&p.spec);
        events += e.total_events();
        peak = peak.max(e.peak_bytes(1, sweep.point_count()));
        written = written.saturating_add(e.result_bytes());
    }
    (events, peak, written)
}
