//! SVG plots of a staffing study (plotters): the targeted metric against
//! headcount with its 95 % CI band and the target line, and the staffing per
//! interval beside per-interval Erlang C.

use plotters::prelude::*;

use super::OutputError;

fn plot_err<E: std::fmt::Debug>(e: E) -> OutputError {
    OutputError::Plot {
        message: format!("{e:?}"),
    }
}

/// A metric at several headcounts: (headcount, mean, 95 % half-width).
pub type Curve = Vec<(u32, f64, f64)>;

/// The SVG of `metric` against the headcount of `group`, with the CI band,
/// the target line and the chosen headcount marked.
pub fn metric_vs_headcount_svg(
    group: &str,
    metric: &str,
    curve: &Curve,
    target: f64,
    chosen: u32,
) -> Result<String, OutputError> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (720, 440)).into_drawing_area();
        root.fill(&WHITE).map_err(plot_err)?;
        let (lo, hi) = (
            curve.iter().map(|p| p.0).min().unwrap_or(0),
            curve.iter().map(|p| p.0).max().unwrap_or(1),
        );
        let ymin = curve.iter().map(|p| p.1 - p.2).fold(target, f64::min);
        let ymax = curve.iter().map(|p| p.1 + p.2).fold(target, f64::max);
        let pad = ((ymax - ymin) * 0.1).max(1e-3);
        let mut chart = ChartBuilder::on(&root)
            .caption(
                format!("{metric} vs headcount of {group}"),
                ("sans-serif", 18),
            )
            .margin(12)
            .x_label_area_size(36)
            .y_label_area_size(56)
            .build_cartesian_2d(lo..hi.max(lo + 1), (ymin - pad)..(ymax + pad))
            .map_err(plot_err)?;
        chart
            .configure_mesh()
            .x_desc("agents")
            .y_desc(metric)
            .draw()
            .map_err(plot_err)?;
        let band: Vec<(u32, f64)> = curve
            .iter()
            .map(|p| (p.0, p.1 + p.2))
            .chain(curve.iter().rev().map(|p| (p.0, p.1 - p.2)))
            .collect();
        chart
            .draw_series(std::iter::once(Polygon::new(band, BLUE.mix(0.2))))
            .map_err(plot_err)?
            .label("95 % CI");
        chart
            .draw_series(LineSeries::new(
                curve.iter().map(|p| (p.0, p.1)),
                BLUE.stroke_width(2),
            ))
            .map_err(plot_err)?
            .label("simulated mean")
            .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], BLUE));
        chart
            .draw_series(
                curve
                    .iter()
                    .map(|p| Circle::new((p.0, p.1), 3, BLUE.filled())),
            )
            .map_err(plot_err)?;
        chart
            .draw_series(LineSeries::new(
                [(lo, target), (hi.max(lo + 1), target)],
                RED.stroke_width(1),
            ))
            .map_err(plot_err)?
            .label(format!("target {target}"))
            .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], RED));
        chart
            .draw_series(std::iter::once(PathElement::new(
                vec![(chosen, ymin - pad), (chosen, ymax + pad)],
                BLACK.mix(0.5),
            )))
            .map_err(plot_err)?
            .label(format!("answer: {chosen}"))
            .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], BLACK));
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::LowerRight)
            .background_style(WHITE.mix(0.8))
            .border_style(BLACK)
            .draw()
            .map_err(plot_err)?;
        root.present().map_err(plot_err)?;
    }
    Ok(svg)
}

/// The SVG of the staffing per interval of `group` beside per-interval
/// Erlang C.
pub fn staffing_per_interval_svg(
    group: &str,
    labels: &[String],
    ours: &[u32],
    erlang_c: &[Option<u32>],
) -> Result<String, OutputError> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (720, 440)).into_drawing_area();
        root.fill(&WHITE).map_err(plot_err)?;
        let n = ours.len().max(1);
        let ymax = ours
            .iter()
            .copied()
            .chain(erlang_c.iter().flatten().copied())
            .max()
            .unwrap_or(1) as f64
            * 1.15
            + 1.0;
        let mut chart = ChartBuilder::on(&root)
            .caption(format!("{group}: agents per interval"), ("sans-serif", 18))
            .margin(12)
            .x_label_area_size(36)
            .y_label_area_size(48)
            .build_cartesian_2d(0usize..n, 0.0f64..ymax)
            .map_err(plot_err)?;
        chart
            .configure_mesh()
            .x_desc("interval start")
            .y_desc("agents")
            .x_labels(n)
            .x_label_formatter(&|i| labels.get(*i).cloned().unwrap_or_default())
            .draw()
            .map_err(plot_err)?;
        // Steps: each interval's headcount holds for the whole interval.
        let steps = |v: &[f64]| -> Vec<(usize, f64)> {
            v.iter()
                .enumerate()
                .flat_map(|(i, y)| [(i, *y), (i + 1, *y)])
                .collect()
        };
        let ours_f: Vec<f64> = ours.iter().map(|x| *x as f64).collect();
        chart
            .draw_series(LineSeries::new(steps(&ours_f), BLUE.stroke_width(2)))
            .map_err(plot_err)?
            .label("simulation (iterative staffing)")
            .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], BLUE));
        let ec: Vec<f64> = erlang_c.iter().map(|x| x.unwrap_or(0) as f64).collect();
        chart
            .draw_series(LineSeries::new(steps(&ec), RED.stroke_width(1)))
            .map_err(plot_err)?
            .label("per-interval Erlang C")
            .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], RED));
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperRight)
            .background_style(WHITE.mix(0.8))
            .border_style(BLACK)
            .draw()
            .map_err(plot_err)?;
        root.present().map_err(plot_err)?;
    }
    Ok(svg)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plots_are_svg_with_their_labels() {
        let curve: Curve = vec![
            (12, 0.55, 0.01),
            (13, 0.68, 0.01),
            (14, 0.78, 0.01),
            (15, 0.85, 0.007),
        ];
        let svg =
            metric_vs_headcount_svg("team", "support service_level_20s", &curve, 0.8, 15).unwrap();
        assert!(
            svg.starts_with("<svg") && svg.contains("target 0.8") && svg.contains("answer: 15")
        );
        let labels: Vec<String> = ["08:00", "09:00"].iter().map(|s| s.to_string()).collect();
        let svg =
            staffing_per_interval_svg("team", &labels, &[7, 12], &[Some(7), Some(13)]).unwrap();
        assert!(svg.contains("per-interval Erlang C") && svg.contains("09:00"));
    }
}
