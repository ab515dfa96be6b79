//! The report of `ccsim schedule` (`--report`): paid hours and FTE of the
//! schedule beside the analytic one, per scheduled group the requirement
//! against agents scheduled and expected present per interval, and each
//! target per interval on the verification seeds for both schedules.

use crate::center::spec::CenterSpec;
use crate::output::html::chart::{Chart, Join, Point, RefLine, Series, XAxis};
use crate::output::html::page::{Cell, Report, Section, Table};
use crate::output::html::run::{interval_labels, run_meta, y_desc};
use crate::output::html::staff::{goal, point, scale};
use crate::output::OutputError;

use super::files::shift_fields;
use super::plan::Plan;
use super::schedule::GroupSchedule;
use super::verify::Verified;

/// The report of `plan`, a schedule built for `spec`.
pub fn schedule_report(spec: &CenterSpec, plan: &Plan) -> Result<Report, OutputError> {
    let meta = run_meta(spec, spec.replications)
        .with(
            "solve-and-simulate rounds",
            plan.simulated.iterations.to_string(),
        )
        .with(
            "intervals missing a target",
            plan.simulated.missed.len().to_string(),
        );
    let mut report = Report::new(format!("ccsim schedule — {}", spec.name), meta);
    report.push(hours_section(plan));
    let labels = interval_labels(spec);
    for gs in &plan.simulated.groups {
        report.push(group_section(spec, gs, &labels)?);
    }
    report.push(targets_section(plan, &labels)?);
    Ok(report)
}

/// Paid hours and FTE of both schedules, with and without shrinkage.
fn hours_section(plan: &Plan) -> Section {
    let mut section = Section::new("Paid hours");
    let row = |name: &str, v: &Verified, without: &[f64]| {
        let paid: f64 = v.groups.iter().map(|g| g.paid_hours).sum();
        let bare: f64 = without.iter().sum();
        vec![
            Cell::text(name),
            Cell::number(format!("{paid:.1}")),
            Cell::number(format!("{:.1}", plan.fte(paid))),
            Cell::number(format!("{:.1}", plan.fte(bare))),
            Cell::number(v.missed.len().to_string()),
        ]
    };
    section.table(Table {
        caption: "Both schedules, simulated on the verification seeds".into(),
        header: [
            "schedule",
            "paid hours",
            "FTE",
            "FTE without shrinkage",
            "intervals missing a target",
        ]
        .map(Cell::text)
        .to_vec(),
        rows: vec![
            row(
                "by simulation (verified and repaired)",
                &plan.simulated,
                &plan.paid_without_shrinkage[0],
            ),
            row(
                "analytic (Erlang C ÷ (1 − shrinkage))",
                &plan.analytic,
                &plan.paid_without_shrinkage[1],
            ),
        ],
    });
    section.note("FTE: paid hours ÷ 40 h a week over the horizon's days.");
    section
}

/// One scheduled group: requirement, scheduled and expected present per
/// interval, as a chart and its shifts as a table.
fn group_section(
    spec: &CenterSpec,
    gs: &GroupSchedule,
    labels: &[String],
) -> Result<Section, OutputError> {
    let name = &spec.groups[gs.group].name;
    let mut section = Section::new(format!("Agent group {name}"));
    let mut c = Chart::new(
        format!("{name}: agents per interval"),
        "interval start",
        "agents",
    );
    c.x_axis = XAxis::Labels(labels.to_vec());
    c.y_from_zero = true;
    let steps = |v: &mut dyn Iterator<Item = f64>| -> Vec<Point> {
        v.enumerate()
            .map(|(i, y)| Point::new(i as f64, y))
            .collect()
    };
    let series = [
        (
            "required present",
            steps(&mut gs.required.iter().map(|&r| f64::from(r))),
        ),
        (
            "scheduled on the phones",
            steps(&mut gs.scheduled.iter().copied()),
        ),
        (
            "expected present",
            steps(&mut gs.expected_present.iter().copied()),
        ),
    ];
    for (k, (label, points)) in series.into_iter().enumerate() {
        c.series
            .push(Series::line(label, points).joined(Join::Step).colored(k));
    }
    section.chart(
        &c,
        &[],
        "Scheduled: agents on shift and not on break; expected present: scheduled × (1 − shrinkage)",
    )?;
    section.table(Table {
        caption: "Shifts".into(),
        header: ["template", "day", "start", "end", "breaks", "agents"]
            .map(Cell::text)
            .to_vec(),
        rows: gs
            .shifts
            .iter()
            .map(|(v, agents)| {
                let mut row: Vec<Cell> = shift_fields(spec, v).map(Cell::text).to_vec();
                row.push(Cell::number(agents.to_string()));
                row
            })
            .collect(),
    });
    Ok(section)
}

/// Each target per interval, both schedules, on the verification seeds.
fn targets_section(plan: &Plan, labels: &[String]) -> Result<Section, OutputError> {
    let mut section = Section::new("Targets per interval, on the verification seeds");
    let checks = [&plan.simulated.checks, &plan.analytic.checks];
    let count = checks[0].first().map_or(0, |c| c.targets.len());
    for k in 0..count {
        let Some(first) = checks[0].first().and_then(|c| c.targets.get(k)) else {
            continue;
        };
        let label = format!("{} {}", first.scope.name(), first.metric);
        let mut c = Chart::new(label, "interval start", y_desc(first.metric));
        c.x_axis = XAxis::Labels(labels.to_vec());
        for (j, (name, list)) in ["by simulation", "analytic"]
            .into_iter()
            .zip(checks)
            .enumerate()
        {
            let points = list
                .iter()
                .enumerate()
                .filter_map(|(i, check)| point(i as f64, check.targets.get(k)?))
                .collect();
            c.series.push(Series::line(name, points).colored(j));
        }
        c.lines.push(RefLine::Target {
            label: format!("target {}", goal(first)),
            y: first.target * scale(first.metric),
        });
        section.chart(&c, &[first.metric], "Shaded: 95 % confidence band")?;
    }
    Ok(section)
}
