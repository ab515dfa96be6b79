//! The files of `ccsim schedule`: `schedule.csv` (the shifts),
//! `coverage.csv` and `coverage_analytic.csv` (per interval: requirement,
//! scheduled, expected present, simulated service level, ASA and
//! abandonment with their 95 % intervals, targets met), `summary.csv`
//! (paid hours and FTE with and without shrinkage, both paths side by
//! side) and the table printed on stdout.

use std::fmt::Write as _;

use crate::center::ids::QueueId;
use crate::center::spec::CenterSpec;
use crate::engine::SimDuration;
use crate::output::files::interval_start;
use crate::output::OutputError;
use crate::staffing::sizing::primary_group;
use crate::staffing::targets::TargetCheck;
use crate::stats::{Metric, Scope, Summary};

use super::plan::Plan;
use super::variants::Variant;
use super::verify::Verified;

/// A CSV writer's error as an output error about `file`.
fn csv_err(file: &'static str) -> impl Fn(csv::Error) -> OutputError {
    move |e| OutputError::Io {
        path: file.into(),
        source: std::io::Error::other(e.to_string()),
    }
}

/// `HH:MM` (or `HH:MM:SS`) of a time of day or an offset.
pub fn clock(d: SimDuration) -> String {
    crate::timefmt::clock_ms(d.as_millis())
}

/// `schedule.csv`: one row per shift worked — group, template, day of the
/// horizon, start and end (time of day; an end past midnight reads past
/// 24:00), breaks (`name@start+length` after the shift start, `;`
/// between) and agents.
pub fn schedule_csv(spec: &CenterSpec, v: &Verified) -> Result<String, OutputError> {
    let err = csv_err("schedule.csv");
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "group", "template", "day", "start", "end", "breaks", "agents",
    ])
    .map_err(&err)?;
    for gs in &v.groups {
        for (var, k) in &gs.shifts {
            let [template, day, start, end, breaks] = shift_fields(spec, var);
            w.write_record([
                spec.groups[gs.group].name.clone(),
                template,
                day,
                start,
                end,
                breaks,
                k.to_string(),
            ])
            .map_err(&err)?;
        }
    }
    finish(w, &err)
}

/// A shift as `schedule.csv` and the report show it: template, day of the
/// horizon, start, end, breaks (`name@start+length`, `;` between).
pub fn shift_fields(spec: &CenterSpec, var: &Variant) -> [String; 5] {
    let tpl = &spec.shift_templates[var.template];
    let breaks: Vec<String> = var
        .break_starts
        .iter()
        .zip(&tpl.breaks)
        .map(|(s, b)| format!("{}@{}+{}", b.name, clock(*s), clock(b.length)))
        .collect();
    [
        tpl.name.clone(),
        var.day.to_string(),
        clock(var.start),
        clock(SimDuration(var.start.as_millis() + tpl.length.as_millis())),
        breaks.join(";"),
    ]
}

fn finish(
    w: csv::Writer<Vec<u8>>,
    err: &impl Fn(csv::Error) -> OutputError,
) -> Result<String, OutputError> {
    let bytes = w.into_inner().map_err(|e| err(e.into_error().into()))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// A metric's mean and its 95 % interval's ends, as three cells (empty
/// where undefined); the ends stay inside the values the metric can take.
fn with_ci(summary: &Summary, queue: &str, metric: Metric, i: usize) -> [String; 3] {
    let e = summary.get_at(&Scope::Queue(queue.to_string()), metric, Some(i as u32));
    let (mean, half) = (e.and_then(|e| e.mean), e.and_then(|e| e.ci95));
    let cell = |v: Option<f64>| v.map(|x| format!("{x:.4}")).unwrap_or_default();
    let end = |sign: f64| mean.map(|m| metric.unit().clamp(m + sign * half.unwrap_or(0.0)));
    [cell(mean), cell(end(-1.0)), cell(end(1.0))]
}

/// `coverage.csv` (or the analytic one): per interval, group and targeted
/// queue it mainly serves — requirement (agents present), scheduled (on
/// the phones), expected present (after shrinkage), the simulated service
/// level, ASA and abandonment with the ends of their 95 % intervals, and
/// whether the interval's targets are met.
pub fn coverage_csv(spec: &CenterSpec, v: &Verified) -> Result<String, OutputError> {
    let concerns = |group: &str, queue: &str, t: &TargetCheck| match &t.scope {
        Scope::Queue(q) => q == queue,
        Scope::Group(g) => g == group,
        _ => false,
    };
    let err = csv_err("coverage.csv");
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut head = vec!["interval", "group", "queue", "requirement", "scheduled"];
    head.extend(["expected_present", "service_level", "service_level_low"]);
    head.extend(["service_level_high", "asa_seconds", "asa_low", "asa_high"]);
    head.extend([
        "abandonment_rate",
        "abandonment_low",
        "abandonment_high",
        "target_met",
    ]);
    w.write_record(&head).map_err(&err)?;
    for gs in &v.groups {
        let queues: Vec<usize> = (0..spec.queues.len())
            .filter(|&q| spec.queues[q].targets.is_some())
            .filter(|&q| primary_group(spec, QueueId(q as u16)) == Some(gs.group))
            .collect();
        for i in 0..spec.interval_count() {
            for &q in &queues {
                let queue = &spec.queues[q];
                let sl = queue
                    .targets
                    .and_then(|t| t.service_level)
                    .map(|(t, _, def)| Metric::service_level(def, t));
                let mut row = vec![
                    interval_start(spec, i),
                    spec.groups[gs.group].name.clone(),
                    queue.name.clone(),
                    gs.required[i].to_string(),
                    format!("{:.3}", gs.scheduled[i]),
                    format!("{:.3}", gs.expected_present[i]),
                ];
                match sl {
                    Some(m) => row.extend(with_ci(&v.summary, &queue.name, m, i)),
                    None => row.extend([String::new(), String::new(), String::new()]),
                }
                row.extend(with_ci(&v.summary, &queue.name, Metric::AsaSeconds, i));
                row.extend(with_ci(&v.summary, &queue.name, Metric::AbandonmentRate, i));
                // The row's own targets: its queue's, and its group's cap
                // (a group's miss of another queue is not this row's).
                let group = &spec.groups[gs.group].name;
                let met = v.checks.get(i).is_none_or(|c| {
                    c.targets
                        .iter()
                        .filter(|t| concerns(group, &queue.name, t))
                        .all(|t| t.met)
                });
                row.push(met.to_string());
                w.write_record(&row).map_err(&err)?;
            }
        }
    }
    finish(w, &err)
}

/// The worst miss of a verified schedule among the targets `mine`
/// picks: the largest relative shortfall of any in the intervals that
/// miss, as "metric mean vs target".
fn worst_miss(spec: &CenterSpec, v: &Verified, mine: &dyn Fn(&TargetCheck) -> bool) -> String {
    v.missed
        .iter()
        .flat_map(|&i| v.checks[i].targets.iter().map(move |t| (i, t)))
        .filter(|(_, t)| !t.met && mine(t))
        .filter_map(|(i, t)| {
            let m = t.mean?;
            let gap = if t.at_least {
                t.target - m
            } else {
                m - t.target
            };
            Some((gap / t.target.abs().max(1e-9), i, t))
        })
        .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)))
        .map(|(_, i, t)| {
            format!(
                "{} {} {}: {:.4} vs {}",
                interval_start(spec, i),
                t.scope.name(),
                t.metric,
                t.mean.unwrap_or(f64::NAN),
                t.target
            )
        })
        .unwrap_or_default()
}

/// The rows of `summary.csv`: per path and group.
fn summary_rows(spec: &CenterSpec, plan: &Plan) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let paths = [
        (
            "simulation",
            &plan.simulated,
            &plan.paid_without_shrinkage[0],
        ),
        ("erlang_c", &plan.analytic, &plan.paid_without_shrinkage[1]),
    ];
    for (name, v, without) in paths {
        for (k, gs) in v.groups.iter().enumerate() {
            let group = &spec.groups[gs.group];
            let bare = without.get(k).copied().unwrap_or(0.0);
            // A group answers for its queues' targets and its own cap; a
            // target no scheduled group owns is every group's.
            let mine = |t: &TargetCheck| plan.requirement.search.owns(spec, gs.group, t);
            let missed = v
                .missed
                .iter()
                .filter(|&&i| v.checks[i].targets.iter().any(|t| !t.met && mine(t)))
                .count();
            rows.push(vec![
                name.to_string(),
                group.name.clone(),
                format!("{:.4}", group.shrinkage.total()),
                format!("{:.2}", gs.paid_hours),
                format!("{:.2}", plan.fte(gs.paid_hours)),
                format!("{bare:.2}"),
                format!("{:.2}", plan.fte(bare)),
                gs.shifts.iter().map(|s| s.1).sum::<u32>().to_string(),
                v.iterations.to_string(),
                missed.to_string(),
                worst_miss(spec, v, &mine),
                format!("{:.4}", gs.gap),
            ]);
        }
    }
    rows
}

/// The columns of `summary.csv`.
const SUMMARY_HEAD: [&str; 12] = [
    "path",
    "group",
    "shrinkage",
    "paid_hours",
    "fte",
    "paid_hours_without_shrinkage",
    "fte_without_shrinkage",
    "shifts",
    "iterations",
    "intervals_missed",
    "worst_miss",
    "mip_gap",
];

/// `summary.csv`: per path (`simulation`: the simulated requirement,
/// verified and repaired; `erlang_c`: Erlang C ÷ (1 − shrinkage), simulated
/// once) and group — shrinkage, paid hours and FTE with and without
/// shrinkage, agent shifts, rounds, intervals still missing one of the group's targets (its queues', its cap), the
/// worst miss and the integer program's gap to its bound.
pub fn summary_csv(spec: &CenterSpec, plan: &Plan) -> Result<String, OutputError> {
    let err = csv_err("summary.csv");
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(SUMMARY_HEAD).map_err(&err)?;
    for row in summary_rows(spec, plan) {
        w.write_record(&row).map_err(&err)?;
    }
    finish(w, &err)
}

/// The table printed on stdout.
pub fn render(spec: &CenterSpec, plan: &Plan) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "Schedule for \"{}\" — FTE = paid hours ÷ ({} h a week × {} day{} ÷ 7)",
        spec.name,
        super::plan::FTE_HOURS_PER_WEEK,
        plan.days,
        if plan.days == 1 { "" } else { "s" }
    );
    let _ = writeln!(
        o,
        "\n  {:<11} {:<16} {:>9} {:>10} {:>7} {:>14} {:>11} {:>7} {:>7}",
        "path",
        "group",
        "shrinkage",
        "paid h",
        "FTE",
        "paid h no shr.",
        "FTE no shr.",
        "rounds",
        "missed"
    );
    for r in summary_rows(spec, plan) {
        let _ = writeln!(
            o,
            "  {:<11} {:<16} {:>9} {:>10} {:>7} {:>14} {:>11} {:>7} {:>7}",
            r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[8], r[9]
        );
        if !r[10].is_empty() {
            let _ = writeln!(o, "      worst miss: {}", r[10]);
        }
    }
    let settled = [
        ("the requirement search", &plan.requirement.search.settled),
        ("the schedule's verification", &plan.simulated.settled),
    ];
    for (stage, intervals) in settled {
        if let Some(&first) = intervals.first() {
            let _ = writeln!(
                o,
                "\n  note: {stage} settled {} interval{} unmet (the first {}): each misses only inside its target's 95 % confidence interval, and added agents changed nothing on the same seeds — most often an interval of few contacts, where one abandoned call is a large rate whatever the staffing, or a target at the edge of what any staffing reaches. Judge such targets over the day (`ccsim staff`), or add --replications.",
                intervals.len(),
                if intervals.len() == 1 { "" } else { "s" },
                interval_start(spec, first)
            );
        }
    }
    o
}
