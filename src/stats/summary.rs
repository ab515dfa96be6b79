//! Across replications: the mean and 95 % confidence half-width of every
//! metric, and histograms merged over all replications.
//!
//! Replications are added as they finish (in replication order), so memory
//! does not grow with their number: each metric keeps running moments, and
//! its per-replication values only up to [`KEPT_VALUES`] replications. Up to
//! there the mean and interval come from the values, summed in order (the
//! same bytes as ever); beyond, from the running moments (Welford's
//! algorithm, in the same fixed order, so still the same bytes for any
//! thread count).

use std::collections::BTreeMap;
use std::ops::Range;

use crate::engine::Stall;

use super::agent_hours::HoursSum;
use super::ci::{mean_ci, t_quantile};
use super::hist::DurationHistogram;
use super::metrics::{Metric, MetricKey, Scope};
use super::recorder::{tracked_histograms, HistogramKind, Recorder, StatsConfig};
use super::replication::{replication_metrics, replication_values};

/// One metric across replications.
#[derive(Debug, Clone, PartialEq)]
pub struct SummaryEntry {
    /// Scope.
    pub scope: Scope,
    /// Interval index, or `None` for the whole window.
    pub interval: Option<u32>,
    /// The metric.
    pub metric: Metric,
    /// Mean over the replications where it is defined.
    pub mean: Option<f64>,
    /// Half-width of the 95 % Student-t confidence interval.
    pub ci95: Option<f64>,
    /// The per-replication values (in replication order; undefined ones
    /// skipped) — empty when the run had more than [`KEPT_VALUES`]
    /// replications.
    pub values: Vec<f64>,
}

/// The most replications whose per-replication values a summary keeps
/// (8 bytes per metric each); beyond, only running moments, so memory stays
/// flat however many replications run.
pub const KEPT_VALUES: u32 = 1_000;

/// A replication that stopped early because virtual time stood still.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StalledReplication {
    /// Which replication (the first in replication order).
    pub replication: u32,
    /// Where it stopped.
    pub stall: Stall,
}

/// Running count, mean and sum of squared deviations (Welford) of one
/// metric's values, in replication order.
#[derive(Debug, Clone, Copy, Default)]
struct Moments {
    n: u64,
    mean: f64,
    m2: f64,
}

impl Moments {
    fn add(&mut self, v: f64) {
        self.n += 1;
        let d = v - self.mean;
        self.mean += d / self.n as f64;
        self.m2 += d * (v - self.mean);
    }

    /// Mean and the half-width of its `level` confidence interval, as
    /// [`mean_ci`] gives them.
    fn mean_ci(&self, level: f64) -> (Option<f64>, Option<f64>) {
        match self.n {
            0 => (None, None),
            1 => (Some(self.mean), None),
            n => {
                let var = self.m2 / (n as f64 - 1.0);
                let df = usize::try_from(n - 1).unwrap_or(usize::MAX);
                (
                    Some(self.mean),
                    Some(t_quantile(level, df) * (var / n as f64).sqrt()),
                )
            }
        }
    }
}

/// Everything a run reports.
#[derive(Debug, Clone)]
pub struct Summary {
    /// Every metric.
    pub entries: Vec<SummaryEntry>,
    /// Histograms merged over all replications, per scope (total, then queues).
    pub histograms: Vec<(Scope, HistogramKind, DurationHistogram)>,
    /// Replications summarised.
    pub replications: u32,
    /// Events handled over all replications.
    pub events: u64,
    /// The first replication that stopped early because virtual time stood
    /// still, if any: the results are incomplete and must not be reported.
    pub stalled: Option<StalledReplication>,
    /// Agent-hours per group and interval, summed over replications.
    pub agent_hours: HoursSum,
    /// Where each (scope, interval)'s entries lie in `entries` (they are
    /// contiguous), so a look-up does not scan them all.
    index: BTreeMap<(Scope, Option<u32>), Range<usize>>,
}

/// Accumulates replications in replication order.
pub struct SummaryBuilder {
    cfg: std::sync::Arc<StatsConfig>,
    keys: Vec<(Scope, Option<u32>, Metric)>,
    /// Per metric, its values while at most [`KEPT_VALUES`] replications
    /// were added (emptied beyond).
    values: Vec<Vec<f64>>,
    moments: Vec<Moments>,
    /// Merged over the replications added so far.
    histograms: Vec<(Scope, HistogramKind, DurationHistogram)>,
    replications: u32,
    events: u64,
    stalled: Option<StalledReplication>,
    agent_hours: HoursSum,
    /// The values of the replication being added, kept for the next.
    scratch: Vec<Option<f64>>,
}

/// The scopes with histograms, in output order: total, queues, methods,
/// channels.
fn scopes(cfg: &StatsConfig) -> Vec<Scope> {
    std::iter::once(Scope::Total)
        .chain(cfg.queue_names.iter().map(|n| Scope::Queue(n.clone())))
        .chain(
            cfg.methods
                .iter()
                .map(|m| Scope::Method(m.as_str().to_string())),
        )
        .chain(
            cfg.channels
                .iter()
                .map(|c| Scope::Channel(c.as_str().to_string())),
        )
        .collect()
}

impl SummaryBuilder {
    /// An empty builder.
    pub fn new(cfg: std::sync::Arc<StatsConfig>) -> Self {
        let histograms = scopes(&cfg)
            .into_iter()
            .flat_map(|s| {
                tracked_histograms(&s)
                    .iter()
                    .map(move |k| (s.clone(), *k, DurationHistogram::new()))
            })
            .collect();
        SummaryBuilder {
            cfg,
            keys: Vec::new(),
            values: Vec::new(),
            moments: Vec::new(),
            histograms,
            replications: 0,
            events: 0,
            stalled: None,
            agent_hours: HoursSum::default(),
            scratch: Vec::new(),
        }
    }

    /// Adds the next replication (call in replication order).
    pub fn add(&mut self, rec: &Recorder, events: u64) {
        if let (None, Some(stall)) = (self.stalled, rec.stalled()) {
            self.stalled = Some(StalledReplication {
                replication: self.replications,
                stall,
            });
        }
        // The keys from the first replication; from every later one only
        // the values, which come in the same order.
        let mut values = std::mem::take(&mut self.scratch);
        values.clear();
        if self.replications == 0 {
            let metrics = replication_metrics(rec);
            self.keys = metrics
                .iter()
                .map(|(s, i, m, _)| (s.clone(), *i, *m))
                .collect();
            self.values = vec![Vec::new(); self.keys.len()];
            self.moments = vec![Moments::default(); self.keys.len()];
            values.extend(metrics.into_iter().map(|(_, _, _, v)| v));
        } else {
            replication_values(rec, &mut values);
        }
        debug_assert_eq!(values.len(), self.keys.len());
        let keep = self.replications < KEPT_VALUES;
        for (k, v) in values.iter().enumerate() {
            if let (Some(v), Some(slot)) = (*v, self.moments.get_mut(k)) {
                slot.add(v);
                if keep {
                    self.values[k].push(v);
                }
            }
        }
        self.scratch = values;
        if !keep && self.replications == KEPT_VALUES {
            // Past the cap: the values go, the moments carry on.
            self.values = vec![Vec::new(); self.keys.len()];
        }
        // Same order as `scopes`.
        // In `scopes` order; the builder holds one histogram per tracked
        // (scope, kind), grouped by scope in that order.
        let cfg = rec.config();
        let per_scope = std::iter::once(&rec.total)
            .chain(rec.queues.iter())
            .chain((0..cfg.methods.len()).map(|m| rec.method_stats(m)))
            .chain((0..cfg.channels.len()).map(|c| rec.channel_stats(c)));
        let mut target = self.histograms.iter_mut();
        for stats in per_scope {
            let Some(first) = target.next() else { break };
            let kinds = tracked_histograms(&first.0);
            let mut slot = Some(first);
            for (k, kind) in kinds.iter().enumerate() {
                let t = if k == 0 { slot.take() } else { target.next() };
                if let (Some((_, _, t)), Some(h)) = (t, stats.histograms[*kind as usize].as_ref()) {
                    t.add(h);
                }
            }
        }
        self.agent_hours.add(&rec.agent_hours);
        self.replications += 1;
        self.events += events;
    }

    /// The summary of everything added.
    pub fn finish(self) -> Summary {
        let _ = &self.cfg;
        let kept = self.replications <= KEPT_VALUES;
        let entries: Vec<SummaryEntry> = self
            .keys
            .into_iter()
            .zip(self.values)
            .zip(self.moments)
            .map(|(((scope, interval, metric), values), moments)| {
                let (mean, ci95) = if kept {
                    mean_ci(&values, 0.95)
                } else {
                    moments.mean_ci(0.95)
                };
                SummaryEntry {
                    scope,
                    interval,
                    metric,
                    mean,
                    ci95,
                    values,
                }
            })
            .collect();
        Summary {
            index: index_of(&entries),
            entries,
            histograms: self.histograms,
            replications: self.replications,
            events: self.events,
            stalled: self.stalled,
            agent_hours: self.agent_hours,
        }
    }
}

/// Where each (scope, interval)'s run of entries lies.
fn index_of(entries: &[SummaryEntry]) -> BTreeMap<(Scope, Option<u32>), Range<usize>> {
    let mut index = BTreeMap::new();
    let mut start = 0;
    for k in 1..=entries.len() {
        let (a, b) = (&entries[start], entries.get(k));
        if b.is_none_or(|b| b.scope != a.scope || b.interval != a.interval) {
            // A key seen twice (entries not grouped) keeps its first run;
            // `get_at` falls back to a scan when the run lacks the metric.
            index
                .entry((a.scope.clone(), a.interval))
                .or_insert(start..k);
            start = k;
        }
    }
    index
}

impl Summary {
    /// The entry for `metric` (a [`Metric`], or a name as the files spell
    /// it) of `scope` over the whole window.
    pub fn get(&self, scope: &Scope, metric: impl MetricKey) -> Option<&SummaryEntry> {
        self.get_at(scope, metric, None)
    }

    /// The entry for `metric` of `scope` in `interval` (`None`: the whole
    /// window).
    pub fn get_at(
        &self,
        scope: &Scope,
        metric: impl MetricKey,
        interval: Option<u32>,
    ) -> Option<&SummaryEntry> {
        let is = |e: &&SummaryEntry| {
            &e.scope == scope && e.interval == interval && metric.names(e.metric)
        };
        let run = self
            .index
            .get(&(scope.clone(), interval))
            .and_then(|r| self.entries.get(r.clone()));
        match run.and_then(|run| run.iter().find(is)) {
            Some(e) => Some(e),
            // Not where the index says (the entries were edited since):
            // look everywhere.
            None => self.entries.iter().find(is),
        }
    }

    /// The merged histogram of `kind` for `scope`.
    pub fn histogram(&self, scope: &Scope, kind: HistogramKind) -> Option<&DurationHistogram> {
        self.histograms
            .iter()
            .find(|(s, k, _)| s == scope && *k == kind)
            .map(|(_, _, h)| h)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    /// Welford's running moments give the two-pass mean and interval to
    /// within floating-point rounding (relative 1e-12 on 2,000 values of
    /// very different sizes — far below the digits reported).
    #[test]
    fn running_moments_agree_with_the_two_pass_formula() {
        let mut rng = ChaCha8Rng::seed_from_u64(5);
        let values: Vec<f64> = (0..2000)
            .map(|i| 1e6 + rng.gen::<f64>() * if i % 2 == 0 { 1.0 } else { 1e3 })
            .collect();
        let mut m = Moments::default();
        for v in &values {
            m.add(*v);
        }
        let (a, b) = (mean_ci(&values, 0.95), m.mean_ci(0.95));
        let close = |x: Option<f64>, y: Option<f64>| match (x, y) {
            (Some(x), Some(y)) => ((x - y) / x).abs() < 1e-12,
            _ => false,
        };
        assert!(close(a.0, b.0), "{a:?} {b:?}");
        assert!(close(a.1, b.1), "{a:?} {b:?}");
        assert_eq!(Moments::default().mean_ci(0.95), (None, None));
        let mut one = Moments::default();
        one.add(3.0);
        assert_eq!(one.mean_ci(0.95), (Some(3.0), None));
    }
}
