//! The few lines `ccsim sweep` prints when the grid is complete: per point,
//! its axis values and the headline numbers of the whole center (service
//! level, ASA, abandonment) and each agent group's occupancy, mean ± 95 %
//! half-width. Everything else is in `sweep.csv` and the point folders.

use crate::output::format::MeanCi;
use crate::stats::Metric;

use super::manifest::Manifest;
use super::point::{MetricRecord, PointRecord, ScopeRecord};
use super::table::cell;

/// The record of `metric` (point files spell metrics by name).
fn find(s: &ScopeRecord, metric: Metric) -> Option<&MetricRecord> {
    let name = metric.name();
    s.metrics.iter().find(|m| m.metric == name)
}

/// `12.3 ± 0.4` with `scale` applied (100 for percentages), or `–`.
fn pm(s: Option<&ScopeRecord>, metric: Metric, scale: f64, decimals: usize) -> String {
    let m = s.and_then(|s| find(s, metric));
    MeanCi::new(decimals)
        .scaled(scale)
        .dash("–")
        .show(m.and_then(|m| m.mean), m.and_then(|m| m.ci95))
}

fn total(p: &PointRecord) -> Option<&ScopeRecord> {
    p.scopes.iter().find(|s| s.scope == "total")
}

/// The printed table for a complete grid.
pub fn render(manifest: &Manifest, points: &[PointRecord]) -> String {
    // The first service-level threshold the total reports (`service_level_20s`).
    let sl = points
        .iter()
        .filter_map(total)
        .flat_map(|s| &s.metrics)
        .find_map(|m| match Metric::from_name(&m.metric) {
            Some(sl @ Metric::ServiceLevel { .. }) => Some(sl),
            _ => None,
        });
    let groups: Vec<String> = points
        .first()
        .map(|p| {
            p.scopes
                .iter()
                .filter(|s| s.scope == "agent_group")
                .map(|s| s.name.clone())
                .collect()
        })
        .unwrap_or_default();
    let mut header: Vec<String> = vec!["point".into()];
    header.extend(manifest.axes.iter().map(|a| a.path.clone()));
    if let Some(Metric::ServiceLevel { threshold_s }) = sl {
        header.push(format!("service level {threshold_s}s %"));
    }
    header.push("ASA s".into());
    header.push("abandoned %".into());
    header.extend(groups.iter().map(|g| format!("occupancy {g} %")));
    let mut rows = vec![header];
    for p in points {
        let t = total(p);
        let mut row = vec![p.point.to_string()];
        row.extend(p.values.iter().map(cell));
        if let Some(sl) = sl {
            row.push(pm(t, sl, 100.0, 1));
        }
        row.push(pm(t, Metric::AsaSeconds, 1.0, 1));
        row.push(pm(t, Metric::AbandonmentRate, 100.0, 2));
        for g in &groups {
            let s = p
                .scopes
                .iter()
                .find(|s| s.scope == "agent_group" && &s.name == g);
            row.push(pm(s, Metric::Occupancy, 100.0, 1));
        }
        rows.push(row);
    }
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|s| s.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = format!(
        "Sweep {}: {} points × {} replications (mean ± 95 % half-width, whole center)\n",
        manifest.scenario, manifest.point_count, manifest.replications
    );
    for r in &rows {
        let line: Vec<String> = r
            .iter()
            .zip(&widths)
            .map(|(s, w)| format!("{s:>w$}"))
            .collect();
        out.push_str(line.join("  ").trim_end());
        out.push('\n');
    }
    out
}
