//! Across replications: the mean and 95 % confidence half-width of every
//! metric, and histograms merged over all replications.

use hdrhistogram::Histogram;

use super::ci::mean_ci;
use super::metrics::{Metric, MetricKey, Scope};
use super::recorder::{new_histogram, tracked_histograms, HistogramKind, Recorder, StatsConfig};
use super::replication::replication_metrics;

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
    /// skipped).
    pub values: Vec<f64>,
}

/// Everything a run reports.
#[derive(Debug, Clone)]
pub struct Summary {
    /// Every metric.
    pub entries: Vec<SummaryEntry>,
    /// Histograms merged over all replications, per scope (total, then queues).
    pub histograms: Vec<(Scope, HistogramKind, Histogram<u64>)>,
    /// Replications summarised.
    pub replications: u32,
    /// Events handled over all replications.
    pub events: u64,
}

/// Accumulates replications in replication order.
pub struct SummaryBuilder {
    cfg: std::sync::Arc<StatsConfig>,
    keys: Vec<(Scope, Option<u32>, Metric)>,
    values: Vec<Vec<f64>>,
    histograms: Vec<(Scope, HistogramKind, Histogram<u64>)>,
    replications: u32,
    events: u64,
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
                    .map(move |k| (s.clone(), *k, new_histogram()))
            })
            .collect();
        SummaryBuilder {
            cfg,
            keys: Vec::new(),
            values: Vec::new(),
            histograms,
            replications: 0,
            events: 0,
        }
    }

    /// Adds the next replication (call in replication order).
    pub fn add(&mut self, rec: &Recorder, events: u64) {
        let metrics = replication_metrics(rec);
        if self.keys.is_empty() {
            self.keys = metrics
                .iter()
                .map(|(s, i, m, _)| (s.clone(), *i, *m))
                .collect();
            self.values = vec![Vec::new(); self.keys.len()];
        }
        for (k, (_, _, _, v)) in metrics.into_iter().enumerate() {
            if let (Some(v), Some(slot)) = (v, self.values.get_mut(k)) {
                slot.push(v);
            }
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
                    // Same bounds on both sides: adding cannot fail.
                    let _ = t.add(h);
                }
            }
        }
        self.replications += 1;
        self.events += events;
    }

    /// The summary of everything added.
    pub fn finish(self) -> Summary {
        let _ = &self.cfg;
        let entries = self
            .keys
            .into_iter()
            .zip(self.values)
            .map(|((scope, interval, metric), values)| {
                let (mean, ci95) = mean_ci(&values, 0.95);
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
            entries,
            histograms: self.histograms,
            replications: self.replications,
            events: self.events,
        }
    }
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
        self.entries
            .iter()
            .find(|e| &e.scope == scope && e.interval == interval && metric.names(e.metric))
    }

    /// The merged histogram of `kind` for `scope`.
    pub fn histogram(&self, scope: &Scope, kind: HistogramKind) -> Option<&Histogram<u64>> {
        self.histograms
            .iter()
            .find(|(s, k, _)| s == scope && *k == kind)
            .map(|(_, _, h)| h)
    }
}
