//! Statistics: what one replication recorded ([`Recorder`], an observer of
//! the center), and across replications the mean and a 95 % confidence
//! interval of every metric with merged histograms ([`Summary`]).
//!
//! - [`metrics`]: the catalogue — every metric's name, unit, scopes and
//!   formula, and its typed key [`Metric`];
//! - [`recorder`]: counters, sums and histograms of one replication;
//! - [`replication`]: one replication's metric values, in output order;
//! - [`summary`]: across replications, in replication order;
//! - [`agent_hours`]: agent-hours per group and interval (scheduled,
//!   present, breaks, aux, planned, on the phones) and realised shrinkage;
//! - [`customers`]: customers apart from contacts, for sources with
//!   redials;
//! - [`pause`]: tasks that pause, for sources whose tasks pause;
//! - [`ci`]: means and Student-t confidence intervals;
//! - [`load`]: the load the scenario's means imply on each queue (what
//!   Erlang sizes from and `ccsim validate` explains);
//! - [`work`]: what a run will cost — contacts, events, time, memory —
//!   estimated from that load, before it starts.
//!
//! Scopes: every metric exists per queue and in total; counts, rates and
//! service levels also per interval (by the interval in which the contact was
//! initiated); occupancy per agent group and per interval. Contacts initiated
//! during the warm-up, and agent time before it, are not counted.

pub mod agent_hours;
pub mod campaigns;
pub mod ci;
pub mod criteria;
pub mod customers;
pub mod email;
pub mod external;
pub mod hist;
pub mod load;
pub mod metrics;
pub mod pause;
pub mod recorder;
pub mod replication;
mod sink;
pub mod summary;
pub mod supervisors;
pub mod work;

pub use metrics::{Metric, MetricKey, Scope, ScopeKind, Unit};
pub use recorder::{HistogramKind, Recorder, StatsConfig, TotalFold};
pub use replication::{replication_metrics, replication_values};
pub use summary::{StalledReplication, Summary, SummaryBuilder, SummaryEntry, KEPT_VALUES};
