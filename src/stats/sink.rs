//! Where a replication's metrics go as they are computed
//! ([`super::replication`]): with their keys, or as values only.

use super::metrics::{Metric, Scope};

/// One metric of one replication: scope, interval (`None`: the whole
/// window), metric, value (`None`: undefined, e.g. a mean of nothing).
pub type MetricValue = (Scope, Option<u32>, Metric, Option<f64>);

/// Where a replication's metrics go, in their fixed order: with their
/// keys (a `Vec<MetricValue>`), or as values only (a `Vec<Option<f64>>`).
///
/// Why two: a summary needs the keys (scope, interval, metric) once, from
/// the first replication, and from every later one only the values in the
/// same order. Building each key again meant a scope name `String` made and
/// freed per metric, per interval, per replication: 7 % of the
/// instructions of `all_methods.toml` run for 100 replications.
pub(crate) trait MetricSink {
    /// Appends one metric.
    fn put(&mut self, scope: &Scope, interval: Option<u32>, metric: Metric, v: Option<f64>);

    /// Appends metrics already keyed.
    fn extend_keyed(&mut self, metrics: impl IntoIterator<Item = MetricValue>);
}

impl MetricSink for Vec<MetricValue> {
    fn put(&mut self, scope: &Scope, interval: Option<u32>, metric: Metric, v: Option<f64>) {
        self.push((scope.clone(), interval, metric, v));
    }

    fn extend_keyed(&mut self, metrics: impl IntoIterator<Item = MetricValue>) {
        self.extend(metrics);
    }
}

impl MetricSink for Vec<Option<f64>> {
    fn put(&mut self, _: &Scope, _: Option<u32>, _: Metric, v: Option<f64>) {
        self.push(v);
    }

    fn extend_keyed(&mut self, metrics: impl IntoIterator<Item = MetricValue>) {
        self.extend(metrics.into_iter().map(|(_, _, _, v)| v));
    }
}
