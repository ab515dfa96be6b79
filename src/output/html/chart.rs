//! A chart of the HTML report, described as data — series of points, each
//! with an optional 95 % band, and reference lines (a target, a chosen
//! headcount) — and drawn as SVG by plotters.
//!
//! Every series marks its data points with circles, and nothing else in a
//! chart draws one (axes, grid and legend use lines and rectangles): a
//! chart's circles are its data. [`Chart::svg`] returns how many it drew,
//! and the report's self-check ([`super::check`]) fails a chart whose SVG
//! holds fewer — an empty or broken chart is caught in the browser.
//! Series that are curves of many points (a CDF) are drawn as lines
//! without markers and come with a marked series of their own (the
//! percentiles).

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::output::OutputError;

/// Width and height of every chart, pixels.
pub const SIZE: (u32, u32) = (600, 330);

/// Series colours, in order (Tableau 10, readable on white and by most
/// colour-blind readers).
const PALETTE: [RGBColor; 8] = [
    RGBColor(0x1f, 0x77, 0xb4),
    RGBColor(0xff, 0x7f, 0x0e),
    RGBColor(0x2c, 0xa0, 0x2c),
    RGBColor(0x94, 0x67, 0xbd),
    RGBColor(0x8c, 0x56, 0x4b),
    RGBColor(0xe3, 0x77, 0xc2),
    RGBColor(0x7f, 0x7f, 0x7f),
    RGBColor(0x17, 0xbe, 0xcf),
];

/// Most series one chart draws; beyond, they would share colours.
pub const MAX_SERIES: usize = PALETTE.len();

/// Colour of target lines.
const TARGET_RED: RGBColor = RGBColor(0xd6, 0x27, 0x28);

/// One data point: `y` at `x`, with its 95 % band `(low, high)` if known.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    /// Position on the x axis (an index for labelled axes).
    pub x: f64,
    /// The value.
    pub y: f64,
    /// The 95 % band around it.
    pub band: Option<(f64, f64)>,
}

impl Point {
    /// A point without a band.
    pub fn new(x: f64, y: f64) -> Point {
        Point { x, y, band: None }
    }

    /// A mean with its 95 % confidence half-width (none: no band).
    pub fn mean_ci(x: f64, mean: f64, ci95: Option<f64>) -> Point {
        Point {
            x,
            y: mean,
            band: ci95.filter(|h| h.is_finite()).map(|h| (mean - h, mean + h)),
        }
    }

    fn is_finite(&self) -> bool {
        self.x.is_finite() && self.y.is_finite()
    }
}

/// How a series joins its points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Join {
    /// Straight lines between points.
    Line,
    /// A value held over each unit-wide interval around its point (a
    /// headcount per interval).
    Step,
    /// Not joined: markers only.
    None,
}

/// How a series shows its points' bands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Band {
    /// A shaded area between the band's edges.
    Shade,
    /// A vertical error bar at each point.
    Bars,
}

/// A named series of points.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// The legend's label.
    pub name: String,
    /// Its points, in x order.
    pub points: Vec<Point>,
    /// How points are joined.
    pub join: Join,
    /// How bands are shown.
    pub band: Band,
    /// Whether each point gets a circle (see the module doc).
    pub markers: bool,
    /// Its colour's place in the palette (default: the series' own place),
    /// so a curve and its marked points can share one.
    pub color: Option<usize>,
}

impl Series {
    /// Points joined by lines, marked, bands shaded.
    pub fn line(name: impl Into<String>, points: Vec<Point>) -> Series {
        Series {
            name: name.into(),
            points,
            join: Join::Line,
            band: Band::Shade,
            markers: true,
            color: None,
        }
    }

    /// This series in the palette's `k`-th colour.
    pub fn colored(self, k: usize) -> Series {
        Series {
            color: Some(k),
            ..self
        }
    }

    /// This series with another way of joining points.
    pub fn joined(self, join: Join) -> Series {
        Series { join, ..self }
    }

    /// This series with bands drawn as error bars.
    pub fn with_bars(self) -> Series {
        Series {
            band: Band::Bars,
            ..self
        }
    }

    /// This series without markers: a curve of many points (see the module
    /// doc: it needs a marked companion).
    pub fn unmarked(self) -> Series {
        Series {
            markers: false,
            ..self
        }
    }
}

/// A reference line across the chart.
#[derive(Debug, Clone, PartialEq)]
pub enum RefLine {
    /// A target: a dashed horizontal line at `y`.
    Target {
        /// The legend's label.
        label: String,
        /// Its value.
        y: f64,
    },
    /// A vertical line at `x` (the answer of a search).
    At {
        /// The legend's label.
        label: String,
        /// Where.
        x: f64,
    },
}

/// The x axis: numbers, or one label per integer position `0..n`.
#[derive(Debug, Clone, PartialEq)]
pub enum XAxis {
    /// Values as they are.
    Numeric,
    /// Position `i` stands for `labels[i]` (interval starts, sweep values).
    Labels(Vec<String>),
}

/// A chart: a title, its axes, series and reference lines.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    /// Drawn above the plot.
    pub title: String,
    /// The x axis's description.
    pub x_desc: String,
    /// The y axis's description.
    pub y_desc: String,
    /// How x values are labelled.
    pub x_axis: XAxis,
    /// Whether the x axis starts at zero (durations).
    pub x_from_zero: bool,
    /// Whether the y axis starts at zero (counts, headcounts).
    pub y_from_zero: bool,
    /// Where the legend goes: the lower right corner instead of the upper
    /// right (for rising curves).
    pub legend_low: bool,
    /// The data.
    pub series: Vec<Series>,
    /// Targets and marks.
    pub lines: Vec<RefLine>,
}

fn plot_err<E: std::fmt::Debug>(e: E) -> OutputError {
    OutputError::Plot {
        message: format!("{e:?}"),
    }
}

/// A tick label: up to four decimals, trailing zeros dropped.
fn tick(v: f64) -> String {
    let s = format!("{v:.4}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".into()
    } else {
        s.to_string()
    }
}

/// `lo..hi` widened by a margin, and never empty.
fn padded(lo: f64, hi: f64, margin: f64) -> (f64, f64) {
    if !(lo.is_finite() && hi.is_finite()) {
        return (0.0, 1.0);
    }
    let span = hi - lo;
    if span <= f64::EPSILON * hi.abs().max(1.0) {
        let d = (hi.abs() * 0.1).max(0.5);
        return (lo - d, hi + d);
    }
    (lo - span * margin, hi + span * margin)
}

impl Chart {
    /// A chart with no series yet.
    pub fn new(
        title: impl Into<String>,
        x_desc: impl Into<String>,
        y_desc: impl Into<String>,
    ) -> Chart {
        Chart {
            title: title.into(),
            x_desc: x_desc.into(),
            y_desc: y_desc.into(),
            x_axis: XAxis::Numeric,
            x_from_zero: false,
            y_from_zero: false,
            legend_low: false,
            series: Vec::new(),
            lines: Vec::new(),
        }
    }

    /// The points the chart will mark (finite points of marked series).
    pub fn marks(&self) -> usize {
        self.series
            .iter()
            .filter(|s| s.markers)
            .map(|s| s.points.iter().filter(|p| p.is_finite()).count())
            .sum()
    }

    /// The x and y ranges that hold every point, band and line.
    fn ranges(&self) -> ((f64, f64), (f64, f64)) {
        let points = || {
            self.series
                .iter()
                .flat_map(|s| &s.points)
                .filter(|p| p.is_finite())
        };
        let mut xs: Vec<f64> = points().map(|p| p.x).collect();
        let mut ys: Vec<f64> = points()
            .flat_map(|p| [Some(p.y), p.band.map(|b| b.0), p.band.map(|b| b.1)])
            .flatten()
            .filter(|v| v.is_finite())
            .collect();
        for l in &self.lines {
            match l {
                RefLine::Target { y, .. } => ys.push(*y),
                RefLine::At { x, .. } => xs.push(*x),
            }
        }
        if let XAxis::Labels(labels) = &self.x_axis {
            xs.extend([0.0, labels.len().saturating_sub(1) as f64]);
        }
        if self.y_from_zero {
            ys.push(0.0);
        }
        if self.x_from_zero {
            xs.push(0.0);
        }
        let min = |v: &[f64]| v.iter().copied().fold(f64::INFINITY, f64::min);
        let max = |v: &[f64]| v.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let x = match self.x_axis {
            // Each labelled position is the middle of a unit-wide slot.
            XAxis::Labels(_) => (min(&xs) - 0.5, max(&xs) + 0.5),
            XAxis::Numeric => {
                let (x0, x1) = padded(min(&xs), max(&xs), 0.03);
                let from_zero = self.x_from_zero && min(&xs) >= 0.0;
                (if from_zero { 0.0 } else { x0 }, x1)
            }
        };
        let (mut y0, y1) = padded(min(&ys), max(&ys), 0.08);
        if self.y_from_zero && min(&ys) >= 0.0 {
            y0 = 0.0;
        }
        (x, (y0, y1))
    }

    /// The chart as an SVG document, and the number of data circles drawn
    /// (see the module doc).
    pub fn svg(&self) -> Result<(String, usize), OutputError> {
        let mut svg = String::new();
        {
            let root = SVGBackend::with_string(&mut svg, SIZE).into_drawing_area();
            root.fill(&WHITE).map_err(plot_err)?;
            self.draw(&root)?;
            root.present().map_err(plot_err)?;
        }
        Ok((svg, self.marks()))
    }

    fn draw(&self, root: &DrawingArea<SVGBackend<'_>, Shift>) -> Result<(), OutputError> {
        let ((x0, x1), (y0, y1)) = self.ranges();
        let mut chart = ChartBuilder::on(root)
            .caption(&self.title, ("sans-serif", 16))
            .margin(10)
            .x_label_area_size(40)
            .y_label_area_size(58)
            .build_cartesian_2d(x0..x1, y0..y1)
            .map_err(plot_err)?;
        let labels = match &self.x_axis {
            XAxis::Labels(l) => Some(l),
            XAxis::Numeric => None,
        };
        let label_x = |x: &f64| match labels {
            Some(l) => {
                let i = x.round();
                let at = (x - i).abs() < 1e-6 && i >= 0.0;
                at.then(|| l.get(i as usize).cloned())
                    .flatten()
                    .unwrap_or_default()
            }
            None => tick(*x),
        };
        let x_ticks = labels.map_or(10, |l| l.len().clamp(1, 12));
        chart
            .configure_mesh()
            .x_desc(self.x_desc.as_str())
            .y_desc(self.y_desc.as_str())
            .x_labels(x_ticks)
            .x_label_formatter(&label_x)
            .y_label_formatter(&|y| tick(*y))
            .light_line_style(WHITE.mix(0.0))
            .draw()
            .map_err(plot_err)?;
        for (k, s) in self.series.iter().enumerate() {
            draw_series(&mut chart, s, PALETTE[s.color.unwrap_or(k) % PALETTE.len()])?;
        }
        for line in &self.lines {
            draw_line(&mut chart, line, (x0, x1), (y0, y1))?;
        }
        chart
            .configure_series_labels()
            .position(if self.legend_low {
                SeriesLabelPosition::LowerRight
            } else {
                SeriesLabelPosition::UpperRight
            })
            .background_style(WHITE.mix(0.85))
            .border_style(BLACK.mix(0.4))
            .label_font(("sans-serif", 12))
            .draw()
            .map_err(plot_err)?;
        Ok(())
    }
}

type Ctx<'a, 'b> = ChartContext<
    'a,
    SVGBackend<'b>,
    Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>,
>;

/// Draws one series: its band, its line and its markers.
fn draw_series(chart: &mut Ctx<'_, '_>, s: &Series, color: RGBColor) -> Result<(), OutputError> {
    let points: Vec<Point> = s.points.iter().copied().filter(Point::is_finite).collect();
    let banded: Vec<(f64, (f64, f64))> = points
        .iter()
        .filter_map(|p| {
            p.band
                .filter(|b| b.0.is_finite() && b.1.is_finite())
                .map(|b| (p.x, b))
        })
        .collect();
    match s.band {
        Band::Shade if banded.len() > 1 => {
            let area: Vec<(f64, f64)> = banded
                .iter()
                .map(|(x, b)| (*x, b.1))
                .chain(banded.iter().rev().map(|(x, b)| (*x, b.0)))
                .collect();
            chart
                .draw_series(std::iter::once(Polygon::new(area, color.mix(0.18))))
                .map_err(plot_err)?;
        }
        // A band of one point, or bars asked for: error bars.
        _ => {
            chart
                .draw_series(banded.iter().map(|(x, b)| {
                    ErrorBar::new_vertical(
                        *x,
                        b.0,
                        (b.0 + b.1) / 2.0,
                        b.1,
                        color.stroke_width(1),
                        8,
                    )
                }))
                .map_err(plot_err)?;
        }
    }
    let path: Vec<(f64, f64)> = match s.join {
        Join::Line => points.iter().map(|p| (p.x, p.y)).collect(),
        Join::Step => points
            .iter()
            .flat_map(|p| [(p.x - 0.5, p.y), (p.x + 0.5, p.y)])
            .collect(),
        Join::None => Vec::new(),
    };
    let drawn = chart
        .draw_series(LineSeries::new(path, color.stroke_width(2)))
        .map_err(plot_err)?;
    if !s.name.is_empty() {
        drawn.label(s.name.as_str()).legend(move |(x, y)| {
            PathElement::new(vec![(x, y), (x + 18, y)], color.stroke_width(3))
        });
    }
    if s.markers {
        chart
            .draw_series(
                points
                    .iter()
                    .map(|p| Circle::new((p.x, p.y), 3, color.filled())),
            )
            .map_err(plot_err)?;
    }
    Ok(())
}

/// Draws a target (dashed, horizontal) or a mark (vertical).
fn draw_line(
    chart: &mut Ctx<'_, '_>,
    line: &RefLine,
    (x0, x1): (f64, f64),
    (y0, y1): (f64, f64),
) -> Result<(), OutputError> {
    match line {
        RefLine::Target { label, y } => {
            let style = TARGET_RED.stroke_width(2);
            chart
                .draw_series(DashedLineSeries::new([(x0, *y), (x1, *y)], 8, 5, style))
                .map_err(plot_err)?
                .label(label.as_str())
                .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], style));
        }
        RefLine::At { label, x } => {
            let style = BLACK.mix(0.6).stroke_width(1);
            chart
                .draw_series(LineSeries::new([(*x, y0), (*x, y1)], style))
                .map_err(plot_err)?
                .label(label.as_str())
                .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], style));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chart() -> Chart {
        let mut c = Chart::new("service level", "interval start", "share");
        c.x_axis = XAxis::Labels(vec!["08:00".into(), "08:30".into(), "09:00".into()]);
        c.series.push(Series::line(
            "answered within 20 s",
            vec![
                Point::mean_ci(0.0, 0.8, Some(0.02)),
                Point::mean_ci(1.0, 0.7, Some(0.03)),
                Point::mean_ci(2.0, f64::NAN, None),
            ],
        ));
        c.lines.push(RefLine::Target {
            label: "target 0.8".into(),
            y: 0.8,
        });
        c
    }

    #[test]
    fn a_chart_marks_each_finite_point_with_one_circle() {
        let (svg, marks) = chart().svg().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(marks, 2);
        assert_eq!(svg.matches("<circle").count(), 2, "{svg}");
        assert!(svg.starts_with("<svg") && svg.contains("08:30") && svg.contains("target 0.8"));
        assert!(!svg.contains("NaN"));
    }

    #[test]
    fn axes_and_legend_draw_no_circles() {
        let mut c = chart();
        c.series[0].points.clear();
        let (svg, marks) = c.svg().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((marks, svg.matches("<circle").count()), (0, 0));
    }

    #[test]
    fn ticks_drop_trailing_zeros() {
        assert_eq!(tick(0.8), "0.8");
        assert_eq!(tick(12.0), "12");
        assert_eq!(tick(-0.0), "0");
        assert_eq!(padded(5.0, 5.0, 0.1), (4.5, 5.5));
    }
}
