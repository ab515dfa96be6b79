//! `coverage.svg`: per scheduled group, the requirement (agents present
//! needed), the agents scheduled on the phones and the agents expected
//! present after shrinkage, interval by interval — drawn with plotters as
//! the staffing plots are (`output::plots`).

use plotters::prelude::*;

use crate::center::spec::CenterSpec;
use crate::output::html::run::interval_labels;
use crate::output::OutputError;

use super::schedule::GroupSchedule;

fn plot_err<E: std::fmt::Debug>(e: E) -> OutputError {
    OutputError::Plot {
        message: format!("{e:?}"),
    }
}

/// Each interval's value held over the interval: a step line.
fn steps(v: &[f64]) -> Vec<(usize, f64)> {
    v.iter()
        .enumerate()
        .flat_map(|(i, y)| [(i, *y), (i + 1, *y)])
        .collect()
}

/// The SVG: one panel per group, stacked.
pub fn coverage_svg(spec: &CenterSpec, groups: &[GroupSchedule]) -> Result<String, OutputError> {
    let mut svg = String::new();
    let n = spec.interval_count();
    // A label a day on multi-day horizons, else every interval's HH:MM.
    let per_day = (86_400_000 / spec.interval.as_millis().max(1)) as usize;
    let multi_day = n > per_day.max(1);
    // The report's labels: the date on multi-day horizons, in the zone
    // the scenario's start was written in.
    let labels = interval_labels(spec);
    let label = |i: usize| labels.get(i).cloned().unwrap_or_default();
    {
        let height = 360 * groups.len().max(1) as u32;
        let root = SVGBackend::with_string(&mut svg, (900, height)).into_drawing_area();
        root.fill(&WHITE).map_err(plot_err)?;
        let panels = root.split_evenly((groups.len().max(1), 1));
        for (gs, area) in groups.iter().zip(&panels) {
            let required: Vec<f64> = gs.required.iter().map(|&r| r as f64).collect();
            let ymax = required
                .iter()
                .chain(&gs.scheduled)
                .fold(1.0f64, |a, &b| a.max(b))
                * 1.15;
            let mut chart = ChartBuilder::on(area)
                .caption(
                    format!("{}: agents per interval", spec.groups[gs.group].name),
                    ("sans-serif", 18),
                )
                .margin(12)
                .x_label_area_size(36)
                .y_label_area_size(48)
                .build_cartesian_2d(0usize..n.max(1), 0.0f64..ymax)
                .map_err(plot_err)?;
            chart
                .configure_mesh()
                .x_desc("interval start")
                .y_desc("agents")
                .x_labels(if multi_day {
                    n / per_day.max(1) + 1
                } else {
                    n.min(24)
                })
                .x_label_formatter(&|i| label(*i))
                .draw()
                .map_err(plot_err)?;
            let series = [
                (&required, RED, "requirement (present)"),
                (&gs.scheduled, BLUE, "scheduled on the phones"),
                (
                    &gs.expected_present,
                    GREEN,
                    "expected present (after shrinkage)",
                ),
            ];
            for (values, colour, name) in series {
                chart
                    .draw_series(LineSeries::new(steps(values), colour.stroke_width(2)))
                    .map_err(plot_err)?
                    .label(name)
                    .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], colour));
            }
            chart
                .configure_series_labels()
                .position(SeriesLabelPosition::UpperRight)
                .background_style(WHITE.mix(0.8))
                .border_style(BLACK)
                .draw()
                .map_err(plot_err)?;
        }
        root.present().map_err(plot_err)?;
    }
    Ok(svg)
}
