//! `ccsim validate`: check a scenario — and its `[sweep]` grid, every point
//! of it, as `ccsim sweep` would — and explain it, with what a run would
//! cost.

use std::path::Path;

use ccsim::scenario;
use ccsim::scenario::limits::WORK_LIMIT_EVENTS;
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
    let total = match &sweep {
        Some(sweep) => {
            let (events, peak) = sweep_cost(sweep);
            o.push_str(&format!(
                "Sweep: {} points × {} replications; {} events in all, about {} on one thread; memory about {} on one thread.\n",
                sweep.point_count(),
                sweep.replications,
                human_count(events),
                human_seconds(events / ccsim::stats::work::EVENTS_PER_SECOND_PER_THREAD),
                human_bytes(peak)
            ));
            events
        }
        None => WorkEstimate::of(&spec).total_events(),
    };
    if total > WORK_LIMIT_EVENTS {
        o.push_str(&format!(
            "Note: `ccsim {}` would refuse this without --no-limits: about {} events, beyond the limit of {}.\n",
            if sweep.is_some() { "sweep" } else { "run" },
            human_count(total),
            human_count(WORK_LIMIT_EVENTS)
        ));
    }
    out::print(&o)
}

/// Events of every point of `sweep` and the peak memory of running it on
/// one thread.
pub fn sweep_cost(sweep: &Sweep) -> (f64, u64) {
    let mut events = 0.0;
    let mut peak = 0;
    for p in &sweep.points {
        let e = WorkEstimate::of(&p.spec);
        events += e.total_events();
        peak = peak.max(e.peak_bytes(1, sweep.point_count()));
    }
    (events, peak)
}
