//! Statistics: what one replication recorded ([`Recorder`], an observer of
//! the center), and across replications the mean and a 95 % confidence
//! interval of every metric with merged histograms ([`Summary`]).
//!
//! Scopes: every metric exists per queue and in total; counts, rates and
//! service levels also per interval (by the interval in which the contact was
//! initiated); occupancy per agent group and per interval. Contacts initiated
//! during the warm-up, and agent time before it, are not counted.

pub mod ci;
pub mod metrics;
pub mod recorder;
pub mod replication;
pub mod summary;

pub use metrics::{Metric, MetricKey, Scope, ScopeKind, Unit};
pub use recorder::{HistogramKind, Recorder, StatsConfig};
pub use replication::replication_metrics;
pub use summary::{Summary, SummaryBuilder, SummaryEntry};
