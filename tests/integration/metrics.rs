//! The metric catalogue (`stats::metrics`) says what every metric is and
//! where it is reported; these tests hold the summaries of real runs to it.

use ccsim::exec::run_scenario;
use ccsim::stats::Metric;

use crate::common::bundled;

/// Every entry of every bundled scenario's summary is a metric whose name
/// spells back to it, reported where the catalogue says, at most once per
/// (scope, interval).
#[test]
fn every_reported_metric_is_in_the_catalogue_where_it_says() {
    for name in ["all_methods.toml", "api_channels.toml", "staffing_day.toml"] {
        let mut spec = bundled(name);
        spec.replications = 2;
        let summary = run_scenario(&spec, Some(2), &|| {});
        assert!(!summary.entries.is_empty(), "{name}");
        let mut seen = std::collections::BTreeSet::new();
        for e in &summary.entries {
            let spelled = e.metric.name();
            assert_eq!(
                Metric::from_name(&spelled),
                Some(e.metric),
                "{name}: {spelled}"
            );
            assert!(
                e.metric
                    .is_reported(e.scope.scope_kind(), e.interval.is_some()),
                "{name}: {spelled} for {} {} (interval {:?}) is not in its catalogue entry",
                e.scope.kind(),
                e.scope.name(),
                e.interval
            );
            assert!(
                seen.insert((e.scope.clone(), e.interval, spelled.to_string())),
                "{name}: {spelled} twice for {:?} {:?}",
                e.scope,
                e.interval
            );
        }
    }
}
