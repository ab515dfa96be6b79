//! The HTML report of a backtest (`ccsim backtest --report`), built with
//! [`crate::output::html`]: per metric, the share of comparisons whose
//! observed value lies inside the band of simulated days; then per queue
//! and metric, simulated against observed interval by interval — the
//! simulated mean, the band of simulated days (a prediction interval for
//! one day, see [`super::backtest`]; not a confidence interval of the
//! mean) and the observed value.

use crate::center::spec::CenterSpec;
use crate::output::html::chart::Join;
use crate::output::html::run::{interval_labels, run_meta, y_desc};
use crate::output::html::{Cell, Chart, Point, Report, Section, Series, Table, XAxis};
use crate::output::OutputError;
use crate::stats::Metric;

use super::backtest::{coverage, Comparison};
use super::observed::METRICS;

/// The catalogue's metric behind `METRICS[k]` (the backtest's service
/// level is answered within the threshold ÷ queued).
fn catalogue(k: usize, threshold_s: f64) -> Option<Metric> {
    match METRICS.get(k)? {
        &"service_level" => Some(Metric::ServiceLevel {
            threshold_s: threshold_s.round() as u64,
        }),
        name => Metric::from_name(name),
    }
}

/// Shares are shown in %.
fn scale(k: usize) -> f64 {
    match METRICS.get(k) {
        Some(&"service_level") | Some(&"abandonment_rate") => 100.0,
        _ => 1.0,
    }
}

/// A metric's name cell, explained where the catalogue has it.
fn metric_cell(k: usize, threshold_s: f64) -> Cell {
    let label = METRICS.get(k).copied().unwrap_or("").to_string();
    match catalogue(k, threshold_s) {
        Some(metric) => Cell::Metric { label, metric },
        None => Cell::text(label),
    }
}

/// The report of a backtest of `spec` whose comparisons are `rows`, at
/// service-level threshold `threshold_s`; `arrivals` is what
/// [`super::backtest::set_arrival_counts`] said of the arrival counts.
pub fn backtest_report(
    spec: &CenterSpec,
    rows: &[Comparison],
    threshold_s: f64,
    arrivals: &str,
) -> Result<Report, OutputError> {
    let meta = run_meta(spec, spec.replications)
        .with("service-level threshold", format!("{threshold_s} s"));
    let mut report = Report::new(format!("ccsim backtest — {}", spec.name), meta);
    let mut overview = Section::new("Observed inside the band of simulated days");
    overview.note(
        "Each band holds a day of a scenario that reproduces the center with the expected probability (at least that for the counts); a share inside well below it says the scenario misses the center.",
    );
    if !arrivals.is_empty() {
        overview.note(arrivals);
    }
    let table_rows = coverage(rows)
        .iter()
        .enumerate()
        .filter(|(k, c)| *k < METRICS.len() && c.compared > 0)
        .map(|(k, c)| {
            vec![
                metric_cell(k, threshold_s),
                Cell::number(c.compared.to_string()),
                Cell::number(c.inside.to_string()),
                Cell::number(format!(
                    "{:.1} %",
                    100.0 * c.inside as f64 / c.compared as f64
                )),
                Cell::number(format!("{:.1} %", 100.0 * c.expected)),
            ]
        })
        .collect();
    overview.table(Table {
        caption: "Per metric, over every queue and interval".into(),
        header: [
            "metric",
            "comparisons",
            "inside",
            "share inside",
            "expected",
        ]
        .map(Cell::text)
        .to_vec(),
        rows: table_rows,
    });
    report.push(overview);
    let labels = interval_labels(spec);
    let mut queues: Vec<&str> = rows.iter().map(|r| r.queue.as_str()).collect();
    queues.dedup();
    for queue in queues {
        let mut section =
            Section::new(format!("Queue {queue}: simulated vs observed per interval"));
        for (k, name) in METRICS.iter().enumerate() {
            let of: Vec<&Comparison> = rows
                .iter()
                .filter(|r| r.queue == queue && r.metric == k)
                .collect();
            if of.is_empty() {
                continue;
            }
            let s = scale(k);
            let mut c = Chart::new(
                format!("{queue}: {name}"),
                "interval start",
                catalogue(k, threshold_s).map_or("value", y_desc),
            );
            c.x_axis = XAxis::Labels(labels.clone());
            let simulated = of
                .iter()
                .map(|r| Point {
                    x: r.interval as f64,
                    y: r.simulated_mean * s,
                    band: Some((r.band.0 * s, r.band.1 * s)),
                })
                .collect();
            let observed = of
                .iter()
                .map(|r| Point::new(r.interval as f64, r.observed * s))
                .collect();
            c.series.push(Series::line("simulated mean", simulated));
            c.series
                .push(Series::line("observed", observed).joined(Join::None));
            let metrics: Vec<Metric> = catalogue(k, threshold_s).into_iter().collect();
            section.chart(&c, &metrics, "Shaded: the band of simulated days, where one day of a correct scenario falls with the probability the overview gives")?;
        }
        report.push(section);
    }
    Ok(report)
}
