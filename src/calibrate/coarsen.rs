//! A calibration's per-interval values regrouped into intervals `k` times
//! as long, for a period too long for the scenario at the interval asked
//! for (a scenario may hold at most so many intervals, and its run must fit
//! in memory: see `scenario::limits`). Volumes are summed; headcounts are
//! averaged over the short intervals and rounded, which keeps the agent
//! hours (a planner who needs the shape within the longer interval
//! calibrates a shorter period).

use super::model::Calibration;

/// Regroups `cal`'s intervals `k` at a time, aligned to whole longer
/// intervals through the instant `origin_ms` (local midnight: see
/// [`super::period::Period::local_origin`]).
pub fn coarsen(cal: &mut Calibration, k: usize, origin_ms: i64) {
    if k <= 1 {
        return;
    }
    let p = cal.period;
    let interval_ms = p.interval_ms * k as i64;
    let start_ms = origin_ms + (p.start_ms - origin_ms).div_euclid(interval_ms) * interval_ms;
    // Short intervals before the first one, to reach the aligned start.
    let lead = ((p.start_ms - start_ms) / p.interval_ms) as usize;
    let intervals = (lead + p.intervals).div_ceil(k);
    let sum = |v: &Vec<u64>| -> Vec<u64> {
        (0..intervals)
            .map(|i| slice(v, i, k, lead).iter().sum())
            .collect()
    };
    for counts in cal.arrivals.queued.values_mut() {
        *counts = sum(counts);
    }
    for counts in cal.arrivals.self_served.values_mut() {
        *counts = sum(counts);
    }
    for found in cal.arrivals.capacity.values_mut() {
        for counts in found.turned.values_mut() {
            *counts = sum(counts);
        }
    }
    for counts in cal.headcount.values_mut() {
        *counts = (0..intervals)
            .map(|i| {
                let part = slice(counts, i, k, lead);
                let total: u64 = part.iter().map(|&c| u64::from(c)).sum();
                let mean = total as f64 / part.len().max(1) as f64;
                mean.round() as u32
            })
            .collect();
    }
    cal.period.start_ms = start_ms;
    cal.period.interval_ms = interval_ms;
    cal.period.intervals = intervals;
}

/// The short intervals of `v` that make up long interval `i`.
fn slice<T>(v: &[T], i: usize, k: usize, lead: usize) -> &[T] {
    let from = (i * k).saturating_sub(lead).min(v.len());
    let to = ((i + 1) * k).saturating_sub(lead).min(v.len());
    &v[from..to]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slices_cover_every_short_interval_once() {
        let v: Vec<u64> = (0..7).collect();
        // Aligned start one short interval before the data: [_,0],[1,2],…
        let parts: Vec<&[u64]> = (0..4).map(|i| slice(&v, i, 2, 1)).collect();
        assert_eq!(parts, [&[0][..], &[1, 2], &[3, 4], &[5, 6]]);
        let parts: Vec<&[u64]> = (0..3).map(|i| slice(&v, i, 3, 0)).collect();
        assert_eq!(parts, [&[0, 1, 2][..], &[3, 4, 5], &[6]]);
    }
}
