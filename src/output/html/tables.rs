//! Summary tables as the reports show them: a row per scope, a column
//! per metric, each cell a mean ± 95 % CI half-width in the metric's unit.
//! Shared by the run report ([`super::run`]) and its feature sections
//! ([`super::features`]).

use crate::output::format::MeanCi;
use crate::stats::{Metric, Scope, ScopeKind, Summary, Unit};

use super::page::{Cell, Table};

/// How a value of `unit` is shown: the scale (100 for a share) and the
/// unit's sign.
pub fn display(unit: Unit) -> (f64, &'static str) {
    match unit {
        Unit::Share => (100.0, " %"),
        Unit::Seconds => (1.0, " s"),
        _ => (1.0, ""),
    }
}

/// A mean ± half-width of `metric` as a table shows it (shares in %).
pub fn shown(mean: Option<f64>, ci: Option<f64>, metric: Metric) -> String {
    let (scale, sign) = display(metric.unit());
    let text = MeanCi::new(if metric.unit() == Unit::Count { 1 } else { 2 })
        .scaled(scale)
        .show(mean, ci);
    if mean.is_some() {
        format!("{text}{sign}")
    } else {
        text
    }
}

/// The scopes of `kind` the summary reports, in its order.
pub fn scopes_of(summary: &Summary, kind: ScopeKind) -> Vec<Scope> {
    let mut out: Vec<Scope> = Vec::new();
    for e in summary.entries.iter().filter(|e| e.interval.is_none()) {
        if e.scope.scope_kind() == kind && out.last() != Some(&e.scope) && !out.contains(&e.scope) {
            out.push(e.scope.clone());
        }
    }
    out
}

/// One row per scope, one column per metric any of them reports.
pub fn scope_table(
    summary: &Summary,
    caption: &str,
    what: &str,
    scopes: &[Scope],
    metrics: &[Metric],
) -> Table {
    let shown_metrics: Vec<Metric> = metrics
        .iter()
        .copied()
        .filter(|m| scopes.iter().any(|s| summary.get(s, *m).is_some()))
        .collect();
    let mut header = vec![Cell::text(what)];
    header.extend(shown_metrics.iter().map(|m| Cell::metric(*m)));
    let rows = scopes
        .iter()
        .map(|s| {
            let mut row = vec![Cell::text(s.name())];
            row.extend(shown_metrics.iter().map(|m| {
                let e = summary.get(s, *m);
                Cell::number(shown(e.and_then(|e| e.mean), e.and_then(|e| e.ci95), *m))
            }));
            row
        })
        .collect();
    Table {
        caption: caption.into(),
        header,
        rows,
    }
}
