//! `sweep.csv`: one row per point × scope, wide in metrics, so a
//! spreadsheet or a data frame can plot any metric against any axis.
//!
//! Columns: `point`, then one column per axis (headed by its path, holding
//! that point's value as written in the scenario: `12`, `1.1`, `3m30s`),
//! then `scope` (`total`, `queue`, `agent_group`) and `name`, then for every
//! metric `<metric>_mean` and `<metric>_ci95` (the 95 % confidence
//! half-width). Metrics are those of the whole window — per-interval values
//! are in each point's `summary.csv`. A metric that does not apply to a
//! scope (occupancy of a queue), or is undefined (a CI from one
//! replication), is an empty cell. Rows go by point, then scope in the
//! report's order (total, queues, agent groups); metric columns in the order
//! they first appear.
//!
//! The table is derived only from the manifest and the points' records —
//! exactly what their `point.json` files hold (JSON numbers round-trip
//! `f64`), never anything else of a run — so a whole run, a resumed one and
//! a merge of shards write the same bytes.

use std::collections::BTreeMap;
use std::path::Path;

use super::error::SweepError;
use super::manifest::Manifest;
use super::point::PointRecord;

/// An axis value as a CSV cell: numbers and strings as written, lists as
/// `[a, b]`.
pub fn cell(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::Null => String::new(),
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Array(a) => {
            format!("[{}]", a.iter().map(cell).collect::<Vec<_>>().join(", "))
        }
        other => other.to_string(),
    }
}

fn number(v: Option<f64>) -> String {
    match v {
        Some(x) if x.is_finite() => format!("{x}"),
        _ => String::new(),
    }
}

/// The bytes of `sweep.csv` for `points` (every point of the grid, in
/// order).
pub fn sweep_csv(manifest: &Manifest, points: &[PointRecord]) -> Result<Vec<u8>, SweepError> {
    // Metric columns in order of first appearance, found through an index
    // (a lookup per metric of every scope; searching the list instead cost
    // time in the square of the metrics, on the sweep's critical path).
    let mut metrics: Vec<&str> = Vec::new();
    let mut column: BTreeMap<&str, usize> = BTreeMap::new();
    for s in points.iter().flat_map(|p| &p.scopes) {
        for m in &s.metrics {
            column.entry(m.metric.as_str()).or_insert_with(|| {
                metrics.push(&m.metric);
                metrics.len() - 1
            });
        }
    }
    let mut header: Vec<String> = vec!["point".into()];
    header.extend(manifest.axes.iter().map(|a| a.path.clone()));
    header.push("scope".into());
    header.push("name".into());
    for m in &metrics {
        header.push(format!("{m}_mean"));
        header.push(format!("{m}_ci95"));
    }
    let mut w = csv::Writer::from_writer(Vec::new());
    let err = |e: csv::Error| SweepError::Corrupt {
        path: "sweep.csv".into(),
        message: format!("cannot format the table: {e}"),
    };
    w.write_record(&header).map_err(err)?;
    let mut cells: Vec<(Option<f64>, Option<f64>)> = Vec::with_capacity(metrics.len());
    for p in points {
        for s in &p.scopes {
            let mut row: Vec<String> = Vec::with_capacity(header.len());
            row.push(p.point.to_string());
            row.extend(
                (0..manifest.axes.len()).map(|i| p.values.get(i).map(cell).unwrap_or_default()),
            );
            row.push(s.scope.clone());
            row.push(s.name.clone());
            // A metric listed twice in a scope shows its first value.
            cells.clear();
            cells.resize(metrics.len(), (None, None));
            let mut seen = vec![false; metrics.len()];
            for m in &s.metrics {
                if let Some(&k) = column.get(m.metric.as_str()) {
                    if !seen[k] {
                        seen[k] = true;
                        cells[k] = (m.mean, m.ci95);
                    }
                }
            }
            for &(mean, ci95) in &cells {
                row.push(number(mean));
                row.push(number(ci95));
            }
            w.write_record(&row).map_err(err)?;
        }
    }
    w.into_inner().map_err(|e| err(e.into_error().into()))
}

/// Writes `dir/sweep.csv` atomically.
pub fn write_sweep_csv(
    dir: &Path,
    manifest: &Manifest,
    points: &[PointRecord],
) -> Result<std::path::PathBuf, SweepError> {
    let path = dir.join("sweep.csv");
    crate::output::write_atomic(&path, &sweep_csv(manifest, points)?)?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sweep::manifest::{ManifestAxis, FORMAT};
    use crate::sweep::point::{MetricRecord, ScopeRecord};

    fn metric(name: &str, mean: Option<f64>, ci95: Option<f64>) -> MetricRecord {
        MetricRecord {
            metric: name.into(),
            mean,
            ci95,
        }
    }

    /// A manifest of `point_count` points over `axes`.
    fn manifest(axes: Vec<ManifestAxis>, point_count: usize) -> Manifest {
        Manifest {
            format: FORMAT.into(),
            scenario: "s".into(),
            scenario_sha256: String::new(),
            ccsim_version: String::new(),
            seed: 1,
            replications: 1,
            zip: false,
            axes,
            point_count,
        }
    }

    /// Columns follow the metrics' first appearance; a scope listing them
    /// in another order, or only some, fills each in its own column.
    #[test]
    fn metrics_in_any_order_fill_their_own_columns() {
        let manifest = manifest(vec![], 2);
        let scope = |name: &str, metrics: Vec<MetricRecord>| ScopeRecord {
            scope: "queue".into(),
            name: name.into(),
            metrics,
        };
        let point = |i: usize, scopes: Vec<ScopeRecord>| PointRecord {
            point: i,
            manifest_sha256: String::new(),
            values: vec![],
            replications: 1,
            events: 0,
            scopes,
            files: vec![],
            record_sha256: String::new(),
        };
        let points = [
            point(
                0,
                vec![scope(
                    "q",
                    vec![metric("a", Some(1.0), None), metric("b", Some(2.0), None)],
                )],
            ),
            point(
                1,
                vec![scope(
                    "q",
                    vec![
                        metric("c", Some(3.0), Some(0.5)),
                        metric("a", Some(4.0), None),
                    ],
                )],
            ),
        ];
        let bytes = match sweep_csv(&manifest, &points) {
            Ok(b) => b,
            Err(e) => panic!("{e}"),
        };
        assert_eq!(
            String::from_utf8_lossy(&bytes),
            "point,scope,name,a_mean,a_ci95,b_mean,b_ci95,c_mean,c_ci95\n\
             0,queue,q,1,,2,,,\n\
             1,queue,q,4,,,,3,0.5\n"
        );
    }

    #[test]
    fn one_row_per_point_and_scope_with_empty_cells_where_undefined() {
        let axis = ManifestAxis {
            path: "agent_groups.g.headcount".into(),
            group: None,
            values: vec![],
        };
        let manifest = manifest(vec![axis], 1);
        let point = PointRecord {
            point: 0,
            manifest_sha256: String::new(),
            values: vec![serde_json::json!([3, "1m"])],
            replications: 1,
            events: 0,
            scopes: vec![
                ScopeRecord {
                    scope: "total".into(),
                    name: "total".into(),
                    metrics: vec![metric("asa_seconds", Some(1.5), None)],
                },
                ScopeRecord {
                    scope: "agent_group".into(),
                    name: "g, h".into(),
                    metrics: vec![metric("occupancy", Some(0.25), Some(0.125))],
                },
            ],
            files: vec![],
            record_sha256: String::new(),
        };
        let bytes = match sweep_csv(&manifest, &[point]) {
            Ok(b) => b,
            Err(e) => panic!("{e}"),
        };
        assert_eq!(
            String::from_utf8_lossy(&bytes),
            "point,agent_groups.g.headcount,scope,name,asa_seconds_mean,asa_seconds_ci95,occupancy_mean,occupancy_ci95\n\
             0,\"[3, 1m]\",total,total,1.5,,,\n\
             0,\"[3, 1m]\",agent_group,\"g, h\",,,0.25,0.125\n"
        );
    }
}
