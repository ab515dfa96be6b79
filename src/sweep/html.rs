//! The HTML report of a complete sweep (`ccsim sweep --report`), built
//! with [`crate::output::html`]: each headline metric — the total's service
//! level (both definitions), ASA and abandonment, each agent group's
//! occupancy — against each axis, with 95 % CI bars, one series per
//! combination of the other axes' values; then every point in a table.
//! Axes of one group (or all axes of a zipped grid) change together and
//! share one x axis.

use crate::output::html::chart::MAX_SERIES;
use crate::output::html::run::{shown, y_desc};
use crate::output::html::{Cell, Chart, Meta, Point, Report, Section, Series, Table, XAxis};
use crate::output::OutputError;
use crate::stats::{Metric, Unit};

use super::manifest::Manifest;
use super::point::{PointRecord, ScopeRecord};
use super::table::cell;

/// A headline metric of one scope record (`total` or an agent group).
#[derive(Debug, Clone)]
struct Headline {
    scope: String,
    name: String,
    metric: Metric,
}

impl Headline {
    fn label(&self) -> String {
        if self.scope == "total" {
            self.metric.to_string()
        } else {
            format!("{} {}", self.name, self.metric)
        }
    }

    /// Its mean and half-width at point `p`.
    fn at(&self, p: &PointRecord) -> Option<(f64, Option<f64>)> {
        let s: &ScopeRecord = p
            .scopes
            .iter()
            .find(|s| s.scope == self.scope && s.name == self.name)?;
        let name = self.metric.name();
        let m = s.metrics.iter().find(|m| m.metric == name)?;
        Some((m.mean?, m.ci95))
    }
}

/// The headline metrics, as the first point reports them.
fn headlines(points: &[PointRecord]) -> Vec<Headline> {
    let Some(first) = points.first() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for s in &first.scopes {
        let want = |m: Metric| match s.scope.as_str() {
            "total" => matches!(
                m,
                Metric::ServiceLevel { .. }
                    | Metric::ServiceLevelConnect { .. }
                    | Metric::AsaSeconds
                    | Metric::AbandonmentRate
            ),
            "agent_group" => m == Metric::Occupancy,
            _ => false,
        };
        for r in &s.metrics {
            if let Some(metric) = Metric::from_name(&r.metric).filter(|m| want(*m)) {
                out.push(Headline {
                    scope: s.scope.clone(),
                    name: s.name.clone(),
                    metric,
                });
            }
        }
    }
    out
}

/// The axes as x axes: indices of the manifest's axes that change
/// together (a group, or all of a zipped grid), in axis order.
fn x_axes(manifest: &Manifest) -> Vec<Vec<usize>> {
    if manifest.zip {
        return vec![(0..manifest.axes.len()).collect()];
    }
    let mut out: Vec<Vec<usize>> = Vec::new();
    for (i, a) in manifest.axes.iter().enumerate() {
        let joined = a.group.as_ref().and_then(|g| {
            out.iter_mut()
                .find(|axis| manifest.axes[axis[0]].group.as_ref() == Some(g))
        });
        match joined {
            Some(axis) => axis.push(i),
            None => out.push(vec![i]),
        }
    }
    out
}

/// The values of axes `which` at point `p`, joined.
fn key(p: &PointRecord, which: &[usize]) -> String {
    which
        .iter()
        .map(|&i| p.values.get(i).map(cell).unwrap_or_default())
        .collect::<Vec<_>>()
        .join(" / ")
}

/// Distinct values in order of first appearance.
fn distinct(keys: impl Iterator<Item = String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for k in keys {
        if !out.contains(&k) {
            out.push(k);
        }
    }
    out
}

/// The report of a complete sweep: its manifest and every point's record.
pub fn sweep_report(manifest: &Manifest, points: &[PointRecord]) -> Result<Report, OutputError> {
    let mut meta = Meta::new(&manifest.scenario, manifest.seed, manifest.replications)
        .with("points", points.len().to_string())
        .with("grid", if manifest.zip { "zipped" } else { "crossed" });
    meta.version = manifest.ccsim_version.clone();
    let mut report = Report::new(format!("ccsim sweep — {}", manifest.scenario), meta);
    let headlines = headlines(points);
    for axis in x_axes(manifest) {
        report.push(axis_section(manifest, points, &axis, &headlines)?);
    }
    let mut table = Section::new("Every point (mean ± 95 % CI)");
    table.table(points_table(manifest, points, &headlines));
    report.push(table);
    Ok(report)
}

/// Each headline against one x axis.
fn axis_section(
    manifest: &Manifest,
    points: &[PointRecord],
    axis: &[usize],
    headlines: &[Headline],
) -> Result<Section, OutputError> {
    let name = axis
        .iter()
        .map(|&i| manifest.axes[i].path.as_str())
        .collect::<Vec<_>>()
        .join(" / ");
    let mut section = Section::new(format!("Against {name}"));
    let others: Vec<usize> = (0..manifest.axes.len())
        .filter(|i| !axis.contains(i))
        .collect();
    let xs = distinct(points.iter().map(|p| key(p, axis)));
    let series = distinct(points.iter().map(|p| key(p, &others)));
    if series.len() > MAX_SERIES {
        section.note(format!(
            "{} combinations of the other axes: the charts show the first {MAX_SERIES}; the table below has every point.",
            series.len()
        ));
    }
    for h in headlines {
        let scale = if h.metric.unit() == Unit::Share {
            100.0
        } else {
            1.0
        };
        let mut c = Chart::new(
            format!("{} vs {name}", h.label()),
            name.as_str(),
            y_desc(h.metric),
        );
        c.x_axis = XAxis::Labels(xs.clone());
        for s in series.iter().take(MAX_SERIES) {
            let pts = points
                .iter()
                .filter(|p| key(p, &others) == *s)
                .filter_map(|p| {
                    let x = xs.iter().position(|x| *x == key(p, axis))?;
                    let (mean, ci) = h.at(p)?;
                    Some(Point::mean_ci(
                        x as f64,
                        mean * scale,
                        ci.map(|c| c * scale),
                    ))
                })
                .collect();
            let label = if others.is_empty() {
                h.label()
            } else {
                s.clone()
            };
            c.series.push(Series::line(label, pts).with_bars());
        }
        let note = if others.is_empty() {
            "Bars: 95 % confidence interval".to_string()
        } else {
            let names: Vec<&str> = others
                .iter()
                .map(|&i| manifest.axes[i].path.as_str())
                .collect();
            format!(
                "Bars: 95 % confidence interval; one line per value of {}",
                names.join(" / ")
            )
        };
        section.chart(&c, &[h.metric], note)?;
    }
    Ok(section)
}

/// One row per point: its axis values and headlines.
fn points_table(manifest: &Manifest, points: &[PointRecord], headlines: &[Headline]) -> Table {
    let mut header = vec![Cell::text("point")];
    header.extend(manifest.axes.iter().map(|a| Cell::text(&a.path)));
    header.extend(headlines.iter().map(|h| Cell::Metric {
        label: h.label(),
        metric: h.metric,
    }));
    let rows = points
        .iter()
        .map(|p| {
            let mut row = vec![Cell::number(p.point.to_string())];
            row.extend(p.values.iter().map(|v| Cell::text(cell(v))));
            row.extend(headlines.iter().map(|h| {
                let (mean, ci95) = h.at(p).map_or((None, None), |(m, c)| (Some(m), c));
                Cell::number(shown(mean, ci95, h.metric))
            }));
            row
        })
        .collect();
    Table {
        caption: String::new(),
        header,
        rows,
    }
}
