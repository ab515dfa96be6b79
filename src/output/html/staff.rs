//! The report of `ccsim staff`: the answer beside Erlang C and Erlang A,
//! every target at each of the three staffings, and per searched agent
//! group each target against the headcount (95 % CI bars, the target line,
//! the answer marked); with `--per-interval`, the headcount per interval
//! beside per-interval Erlang C and each target per interval.

use crate::center::spec::CenterSpec;
use crate::output::format::MeanCi;
use crate::output::staffing::added_on_fresh_seeds;
use crate::output::OutputError;
use crate::staffing::per_interval::IntervalStaffing;
use crate::staffing::search::{Evaluation, StaffingResult};
use crate::staffing::targets::{Check, Confidence, TargetCheck};
use crate::stats::{Metric, Unit};

use super::chart::{Chart, Join, Point, RefLine, Series, XAxis};
use super::page::{Cell, Report, Section, Table};
use super::run::{interval_labels, run_meta, y_desc};

/// Shares are shown in %.
pub fn scale(metric: Metric) -> f64 {
    if metric.unit() == Unit::Share {
        100.0
    } else {
        1.0
    }
}

/// `≥ 80` / `≤ 30`, in display units.
pub fn goal(t: &TargetCheck) -> String {
    let sign = if t.at_least { "≥" } else { "≤" };
    format!("{sign} {}", t.target * scale(t.metric))
}

/// A target's simulated value, ✓ or ✗.
fn result_cell(t: Option<&TargetCheck>) -> Cell {
    Cell::number(match t {
        Some(t) => {
            let s = scale(t.metric);
            let v = MeanCi::new(2).scaled(s).show(t.mean, t.ci95);
            format!("{v} {}", if t.met { "✓" } else { "✗" })
        }
        None => String::new(),
    })
}

/// A target's label: its scope and metric, explained.
fn target_cell(t: &TargetCheck) -> Cell {
    Cell::Metric {
        label: format!("{} {}", t.scope.name(), t.metric),
        metric: t.metric,
    }
}

/// A target's mean and band at `x`, in display units.
pub fn point(x: f64, t: &TargetCheck) -> Option<Point> {
    let s = scale(t.metric);
    Some(Point::mean_ci(x, t.mean? * s, t.ci95.map(|h| h * s)))
}

/// The report of a whole-window staffing search; `curves[k]` holds the
/// checks along `result.searched[k]`'s headcounts (as
/// [`crate::staffing::search::Evaluator::curve`] gives them).
pub fn staff_report(
    spec: &CenterSpec,
    result: &StaffingResult,
    curves: &[Vec<(u32, Check)>],
    confidence: Confidence,
) -> Result<Report, OutputError> {
    let how = match confidence {
        Confidence::Mean => "the mean",
        Confidence::Lower95 => "the pessimistic end of the 95 % CI",
    };
    let meta = run_meta(spec, spec.replications).with("targets met by", how);
    let mut report = Report::new(format!("ccsim staff — {}", spec.name), meta);
    let mut answer = Section::new("Answer");
    answer.note(format!(
        "The smallest headcount per agent group meeting every target by {how}, found by simulation ({} staffings simulated), beside what Erlang C and Erlang A staff.",
        result.evaluated.len()
    ));
    let n = |v: Option<u32>| Cell::number(v.map(|x| x.to_string()).unwrap_or_else(|| "—".into()));
    answer.table(Table {
        caption: "Headcount".into(),
        header: ["agent group", "simulation", "Erlang C", "Erlang A"]
            .map(Cell::text)
            .to_vec(),
        rows: result
            .searched
            .iter()
            .map(|&g| {
                vec![
                    Cell::text(&spec.groups[g].name),
                    n(Some(result.best.headcount[g])),
                    n(result.erlang_c[g]),
                    n(result.erlang_a[g]),
                ]
            })
            .collect(),
    });
    let at = [&result.best, &result.at_erlang_c, &result.at_erlang_a];
    answer.table(targets_table(&at));
    report.push(answer);
    for (&g, curve) in result.searched.iter().zip(curves) {
        report.push(headcount_section(
            &spec.groups[g].name,
            result.best.headcount[g],
            curve,
        )?);
    }
    Ok(report)
}

/// Every target at the three staffings.
fn targets_table(at: &[&Evaluation; 3]) -> Table {
    let mut header = vec![Cell::text("target"), Cell::text("goal")];
    header.extend(["simulation", "Erlang C", "Erlang A"].map(Cell::text));
    let rows = at[0]
        .check
        .targets
        .iter()
        .enumerate()
        .map(|(k, t)| {
            let mut row = vec![target_cell(t), Cell::number(goal(t))];
            row.extend(at.iter().map(|e| result_cell(e.check.targets.get(k))));
            row
        })
        .collect();
    Table {
        caption: "Targets at each staffing (mean ± 95 % CI; shares in %)".into(),
        header,
        rows,
    }
}

/// Each target against one group's headcount.
fn headcount_section(
    group: &str,
    best: u32,
    curve: &[(u32, Check)],
) -> Result<Section, OutputError> {
    let mut section = Section::new(format!("Targets against the headcount of {group}"));
    let targets = curve.first().map_or(0, |(_, c)| c.targets.len());
    for k in 0..targets {
        let Some(first) = curve.first().and_then(|(_, c)| c.targets.get(k)) else {
            continue;
        };
        let points: Vec<Point> = curve
            .iter()
            .filter_map(|(h, c)| point(f64::from(*h), c.targets.get(k)?))
            .collect();
        let label = format!("{} {}", first.scope.name(), first.metric);
        let mut c = Chart::new(
            format!("{label} vs agents in {group}"),
            "agents",
            y_desc(first.metric),
        );
        c.series
            .push(Series::line("simulated mean", points).with_bars());
        c.lines.push(RefLine::Target {
            label: format!("target {}", goal(first)),
            y: first.target * scale(first.metric),
        });
        c.lines.push(RefLine::At {
            label: format!("answer: {best}"),
            x: f64::from(best),
        });
        section.chart(&c, &[first.metric], "Bars: 95 % confidence interval; the other groups at their answer; same seeds at every headcount")?;
    }
    Ok(section)
}

/// The report of a per-interval staffing (`ccsim staff --per-interval`).
pub fn interval_staff_report(
    spec: &CenterSpec,
    result: &IntervalStaffing,
) -> Result<Report, OutputError> {
    let meta = run_meta(spec, spec.replications)
        .with("iterations", result.iterations.to_string())
        .with("on fresh seeds", added_on_fresh_seeds(result.corrections));
    let mut report = Report::new(format!("ccsim staff --per-interval — {}", spec.name), meta);
    let labels = interval_labels(spec);
    for &g in &result.searched {
        let name = &spec.groups[g].name;
        let mut section = Section::new(format!("Agent group {name}"));
        let mut c = Chart::new(
            format!("{name}: agents per interval"),
            "interval start",
            "agents",
        );
        c.x_axis = XAxis::Labels(labels.clone());
        c.y_from_zero = true;
        let steps = |v: &[Option<u32>]| -> Vec<Point> {
            v.iter()
                .enumerate()
                .filter_map(|(i, h)| Some(Point::new(i as f64, f64::from((*h)?))))
                .collect()
        };
        let ours: Vec<Option<u32>> = result.headcount[g].iter().map(|h| Some(*h)).collect();
        c.series
            .push(Series::line("simulation (iterative staffing)", steps(&ours)).joined(Join::Step));
        c.series.push(
            Series::line("per-interval Erlang C", steps(&result.erlang_c[g])).joined(Join::Step),
        );
        section.chart(
            &c,
            &[],
            "Each interval's headcount holds for the whole interval",
        )?;
        section.table(Table {
            caption: "Headcount per interval".into(),
            header: ["interval start", "simulation", "per-interval Erlang C"]
                .map(Cell::text)
                .to_vec(),
            rows: labels
                .iter()
                .enumerate()
                .map(|(i, l)| {
                    let n = |v: Option<u32>| v.map_or_else(|| "—".into(), |x| x.to_string());
                    vec![
                        Cell::text(l),
                        Cell::number(n(result.headcount[g].get(i).copied())),
                        Cell::number(n(result.erlang_c[g].get(i).copied().flatten())),
                    ]
                })
                .collect(),
        });
        report.push(section);
    }
    let mut targets = Section::new("Targets per interval, on fresh seeds");
    let count = result.checks.first().map_or(0, |c| c.targets.len());
    for k in 0..count {
        let Some(first) = result.checks.first().and_then(|c| c.targets.get(k)) else {
            continue;
        };
        let label = format!("{} {}", first.scope.name(), first.metric);
        let mut c = Chart::new(label, "interval start", y_desc(first.metric));
        c.x_axis = XAxis::Labels(labels.clone());
        let points = result
            .checks
            .iter()
            .enumerate()
            .filter_map(|(i, check)| point(i as f64, check.targets.get(k)?))
            .collect();
        c.series.push(Series::line("simulated mean", points));
        c.lines.push(RefLine::Target {
            label: format!("target {}", goal(first)),
            y: first.target * scale(first.metric),
        });
        targets.chart(&c, &[first.metric], "Shaded: 95 % confidence band")?;
    }
    report.push(targets);
    Ok(report)
}
