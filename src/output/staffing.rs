//! The outputs of `ccsim staff`: a terminal table, `staffing.csv` (or
//! `staffing_intervals.csv`) and the plots.

use std::fmt::Write;
use std::path::Path;

use crate::center::spec::CenterSpec;
use crate::staffing::per_interval::IntervalStaffing;
use crate::staffing::search::{Evaluation, StaffingResult};
use crate::staffing::targets::{Check, Confidence, TargetCheck};
use crate::stats::Scope;

use super::files::{file_safe, interval_label, interval_start};
use super::format::MeanCi;
use super::plots::{metric_vs_headcount_svg, staffing_per_interval_svg, Curve};
use super::table::{self, Column};
use super::{write_atomic, OutputError};

fn fmt(v: Option<f64>, d: usize) -> String {
    v.map(|x| format!("{x:.d$}")).unwrap_or_else(|| "—".into())
}

/// A target's simulated value: both halves always, so columns line up.
const TARGET: MeanCi = MeanCi::new(3).both_halves();

/// The headcount table: agent group, then simulation, Erlang C, Erlang A.
const GROUP_COLUMNS: [Column; 4] = [
    Column::left(24),
    Column::right(12),
    Column::right(10),
    Column::right(10),
];

/// The target table: target, goal, then the three staffings' results.
const TARGET_COLUMNS: [Column; 5] = [
    Column::left(34),
    Column::right(10),
    Column::right(22),
    Column::right(22),
    Column::right(22),
];

/// The terminal table: headcount per group by simulation, Erlang C and
/// Erlang A, then every target at each of the three staffings.
pub fn render_staffing(spec: &CenterSpec, r: &StaffingResult, confidence: Confidence) -> String {
    let mut o = String::new();
    let how = match confidence {
        Confidence::Mean => "by the mean",
        Confidence::Lower95 => "by the pessimistic end of the 95 % CI",
    };
    let _ = writeln!(
        o,
        "Staffing for \"{}\": smallest headcount meeting every target {how} of {} replications",
        spec.name, spec.replications
    );
    let mut groups = vec![["agent group", "simulation", "Erlang C", "Erlang A"]
        .map(String::from)
        .to_vec()];
    for g in &r.searched {
        let e = |v: Option<u32>| v.map(|x| x.to_string()).unwrap_or_else(|| "—".into());
        groups.push(vec![
            spec.groups[*g].name.clone(),
            r.best.headcount[*g].to_string(),
            e(r.erlang_c[*g]),
            e(r.erlang_a[*g]),
        ]);
    }
    let _ = writeln!(o);
    for line in table::layout(&GROUP_COLUMNS, &groups) {
        let _ = writeln!(o, "  {line}");
    }
    let _ = writeln!(
        o,
        "\n  simulated performance (mean ± 95 % CI) at each staffing:"
    );
    let cell = |e: &Evaluation, k: usize| {
        e.check
            .targets
            .get(k)
            .map(|t| {
                format!(
                    "{}{}",
                    TARGET.show(t.mean, t.ci95),
                    if t.met { " ✓" } else { " ✗" }
                )
            })
            .unwrap_or_default()
    };
    let mut targets = vec![["target", "", "simulation", "Erlang C", "Erlang A"]
        .map(String::from)
        .to_vec()];
    for (k, t) in r.best.check.targets.iter().enumerate() {
        targets.push(vec![
            format!("{} {}", t.scope.name(), t.metric),
            format!("{} {}", if t.at_least { "≥" } else { "≤" }, t.target),
            cell(&r.best, k),
            cell(&r.at_erlang_c, k),
            cell(&r.at_erlang_a, k),
        ]);
    }
    for line in table::layout(&TARGET_COLUMNS, &targets) {
        let _ = writeln!(o, "  {line}");
    }
    // A targeted queue no contact reached has nothing to miss, so nothing
    // sized its agents: an answer of none would otherwise pass unremarked.
    let unmeasured: Vec<&str> = spec
        .queues
        .iter()
        .filter(|q| q.targets.is_some())
        .filter(|q| {
            !r.best.check.targets.iter().any(|t| match &t.scope {
                crate::stats::Scope::Queue(name) => *name == q.name,
                _ => false,
            })
        })
        .map(|q| q.name.as_str())
        .collect();
    if !unmeasured.is_empty() {
        let _ = writeln!(
            o,
            "  note: no contact queued at {} in any replication, so {} targets could not be measured and sized no agent — check the arrival rates and their units, or the horizon",
            unmeasured.join(", "),
            if unmeasured.len() == 1 { "its" } else { "their" }
        );
    }
    // Where the simulation cannot tell met from missed, say so: at the
    // answer (a met target with the target inside its CI: the answer may be
    // one too low), or at one agent fewer (every target missed there has
    // the target inside its CI: it may be one too high). A clear miss at
    // one agent fewer settles that side whatever the others show.
    let show = |t: &crate::staffing::targets::TargetCheck| {
        MeanCi {
            decimals: places_apart(t.mean, t.target, TARGET.decimals),
            ..TARGET
        }
        .show(t.mean, t.ci95)
    };
    for t in r.best.check.targets.iter().filter(|t| t.met && t.within_ci) {
        let _ = writeln!(
            o,
            "  note: at this staffing, {} {} = {} meets {} with the target inside its CI: the answer may be an agent short; more replications would sharpen it",
            t.scope.name(),
            t.metric,
            show(t),
            t.target
        );
    }
    for g in &r.searched {
        let mut fewer = r.best.headcount.clone();
        if fewer[*g] == 0 {
            continue;
        }
        fewer[*g] -= 1;
        let Some(e) = r.evaluated.iter().find(|e| e.headcount == fewer) else {
            continue;
        };
        let missed: Vec<_> = e.check.targets.iter().filter(|t| !t.met).collect();
        if missed.is_empty() || missed.iter().any(|t| !t.within_ci) {
            continue;
        }
        for t in missed {
            let _ = writeln!(
                o,
                "  note: with one agent fewer in {}, {} {} = {} has the target {} inside its CI: more replications would sharpen the answer",
                spec.groups[*g].name,
                t.scope.name(),
                t.metric,
                show(t),
                t.target
            );
        }
    }
    let _ = writeln!(o, "\n  {} staffings simulated", r.evaluated.len());
    o
}

/// `staffing.csv`, tidy: one row per (staffing, agent group) headcount and
/// per (staffing, target) result, for every staffing simulated. `staffing`
/// is `simulation` (the answer), `erlang_c`, `erlang_a` or `evaluated`.
pub fn staffing_csv(spec: &CenterSpec, r: &StaffingResult) -> Result<String, OutputError> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let err = |e: csv::Error| OutputError::Io {
        path: "staffing.csv".into(),
        source: std::io::Error::other(e.to_string()),
    };
    w.write_record([
        "staffing",
        "headcount",
        "scope",
        "name",
        "metric",
        "target",
        "mean",
        "ci95",
        "met",
    ])
    .map_err(err)?;
    let label = |h: &[u32]| {
        h.iter()
            .map(|x| x.to_string())
            .collect::<Vec<_>>()
            .join("/")
    };
    let mut rows: Vec<(&str, &Evaluation)> = vec![
        ("simulation", &r.best),
        ("erlang_c", &r.at_erlang_c),
        ("erlang_a", &r.at_erlang_a),
    ];
    rows.extend(r.evaluated.iter().map(|e| ("evaluated", e)));
    for (kind, e) in rows {
        for g in &r.searched {
            w.write_record([
                kind,
                &label(&e.headcount),
                "agent_group",
                &spec.groups[*g].name,
                "headcount",
                "",
                &e.headcount[*g].to_string(),
                "",
                "",
            ])
            .map_err(err)?;
        }
        for t in &e.check.targets {
            let head = [kind.to_string(), label(&e.headcount)];
            w.write_record(head.iter().cloned().chain(target_cells(t)))
                .map_err(err)?;
        }
    }
    let bytes = w.into_inner().map_err(|e| err(e.into_error().into()))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// The CSV cells of one checked target: scope, name, metric, target, mean,
/// ci95, met.
fn target_cells(t: &TargetCheck) -> [String; 7] {
    let num = |v: Option<f64>| v.map(|x| format!("{x}")).unwrap_or_default();
    [
        t.scope.kind().to_string(),
        t.scope.name().to_string(),
        t.metric.to_string(),
        format!("{}", t.target),
        num(t.mean),
        num(t.ci95),
        t.met.to_string(),
    ]
}

/// Decimal places, `decimals` or more (up to 6), at which `mean` does not
/// read as `target`: a missed 0.7996 against 0.8 is "0.7996", not "0.800".
fn places_apart(mean: Option<f64>, target: f64, decimals: usize) -> usize {
    let Some(m) = mean else { return decimals };
    (decimals..=6)
        .find(|&d| format!("{m:.d$}") != format!("{target:.d$}"))
        .unwrap_or(6)
}

/// What the check on fresh seeds added to the iterative algorithm's
/// staffing, net of the trims after grown steps ("1 agent added", "3
/// agents added").
pub fn added_on_fresh_seeds(agents: u32) -> String {
    match agents {
        1 => "1 agent added".into(),
        n => format!("{n} agents added"),
    }
}

/// The per-interval table of `ccsim staff --per-interval`: each interval's
/// staffing by the iterative staffing algorithm beside per-interval Erlang C,
/// and the targets on fresh seeds.
pub fn render_interval_staffing(spec: &CenterSpec, r: &IntervalStaffing) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "Staffing per interval for \"{}\" (iterative staffing algorithm: {} iterations, {} on fresh seeds)",
        spec.name,
        r.iterations,
        added_on_fresh_seeds(r.corrections)
    );
    for &g in &r.searched {
        let _ = writeln!(
            o,
            "\n  {} — interval start, simulation vs per-interval Erlang C, targets on fresh seeds",
            spec.groups[g].name
        );
        for (i, check) in r.checks.iter().enumerate() {
            let targets: Vec<String> = check
                .targets
                .iter()
                .filter(|t| r.owns(spec, g, t))
                .map(|t| {
                    // Named by queue: a group may answer for several.
                    let whose = match &t.scope {
                        Scope::Queue(q) => format!("{q} "),
                        _ => String::new(),
                    };
                    format!(
                        "{whose}{} {} {}",
                        t.metric,
                        fmt(t.mean, 3),
                        if t.met { "✓" } else { "✗" }
                    )
                })
                .collect();
            let targets = if i < r.warmup_intervals {
                "warm-up: not measured (Erlang A on its own arrivals)".to_string()
            } else if targets.is_empty() {
                "no contact queued: nothing to check".to_string()
            } else {
                targets.join(", ")
            };
            let settled = if r.settled.contains(&i) {
                " (settled: a miss inside the 95 % CI that more agents did not change)"
            } else {
                ""
            };
            let _ = writeln!(
                o,
                "  {}  {:>5} {:>9}   {}{settled}",
                interval_label(spec, i),
                r.headcount[g][i],
                r.erlang_c[g][i]
                    .map(|x| x.to_string())
                    .unwrap_or_else(|| "—".into()),
                targets
            );
        }
    }
    if !r.settled.is_empty() {
        let _ = writeln!(
            o,
            "\n  note: {} interval{} settled unmet: each misses only inside its target's 95 % confidence interval, and added agents changed nothing on the same seeds — most often an interval of few contacts, where one abandoned call is a large rate whatever the staffing, or a target at the edge of what any staffing reaches. Judge such targets over the day (without --per-interval), or add --replications.",
            r.settled.len(),
            if r.settled.len() == 1 { "" } else { "s" }
        );
    }
    o
}

/// `staffing_intervals.csv`: interval start, group, headcount by simulation
/// and by per-interval Erlang C, and each target's mean, CI and whether met.
pub fn interval_staffing_csv(
    spec: &CenterSpec,
    r: &IntervalStaffing,
) -> Result<String, OutputError> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let err = |e: csv::Error| OutputError::Io {
        path: "staffing_intervals.csv".into(),
        source: std::io::Error::other(e.to_string()),
    };
    w.write_record([
        "interval",
        "agent_group",
        "headcount",
        "erlang_c",
        "scope",
        "name",
        "metric",
        "target",
        "mean",
        "ci95",
        "met",
    ])
    .map_err(err)?;
    // Every group has its rows: the searched ones with the targets they
    // answer for, the others at the headcount they keep.
    for g in 0..spec.groups.len() {
        let searched = r.searched.contains(&g);
        for (i, check) in r.checks.iter().enumerate() {
            let start = interval_start(spec, i);
            let ec = r.erlang_c[g][i].map(|x| x.to_string()).unwrap_or_default();
            let head = [
                start,
                spec.groups[g].name.clone(),
                r.headcount[g][i].to_string(),
                ec,
            ];
            let owned: Vec<&TargetCheck> = check
                .targets
                .iter()
                .filter(|t| searched && r.owns(spec, g, t))
                .collect();
            // Every interval of the plan has its row, with target cells
            // left empty where nothing was checked (no contact queued, or
            // the warm-up).
            if owned.is_empty() {
                w.write_record(
                    head.iter()
                        .cloned()
                        .chain(std::iter::repeat_n(String::new(), 7)),
                )
                .map_err(err)?;
            }
            for t in owned {
                w.write_record(head.iter().cloned().chain(target_cells(t)))
                    .map_err(err)?;
            }
        }
    }
    let bytes = w.into_inner().map_err(|e| err(e.into_error().into()))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// Writes, for each searched group of `r` and each target, the target's
/// metric against the group's headcount around the answer:
/// `<metric>_vs_headcount_<group>.svg`, or
/// `<metric>_<scope>_vs_headcount_<group>.svg` where two targets share a
/// metric (the service level of two queues). `curves[k]` holds the checks
/// along `r.searched[k]`'s headcounts. Returns the file names written, in
/// group then target order.
pub fn write_headcount_plots(
    dir: &Path,
    spec: &CenterSpec,
    r: &StaffingResult,
    curves: &[Vec<(u32, Check)>],
) -> Result<Vec<String>, OutputError> {
    let mut written = Vec::new();
    for (&g, curve) in r.searched.iter().zip(curves) {
        let Some((_, check)) = curve.first() else {
            continue;
        };
        let name = &spec.groups[g].name;
        for (k, target) in check.targets.iter().enumerate() {
            let points: Curve = curve
                .iter()
                .filter_map(|(h, c)| {
                    c.targets
                        .get(k)
                        .and_then(|t| Some((*h, t.mean?, t.ci95.unwrap_or(0.0))))
                })
                .collect();
            let label = format!("{} {}", target.scope.name(), target.metric);
            let best = r.best.headcount[g];
            let svg = metric_vs_headcount_svg(name, &label, &points, target.target, best)?;
            let shared = check
                .targets
                .iter()
                .filter(|t| t.metric == target.metric)
                .count()
                > 1;
            let file = if shared {
                format!(
                    "{}_{}_vs_headcount_{}.svg",
                    target.metric,
                    file_safe(target.scope.name()),
                    file_safe(name)
                )
            } else {
                format!("{}_vs_headcount_{}.svg", target.metric, file_safe(name))
            };
            write_atomic(&dir.join(&file), svg.as_bytes())?;
            written.push(file);
        }
    }
    Ok(written)
}

/// Writes `staffing_per_interval_<group>.svg` for each searched group of
/// `r`: its headcount per interval beside per-interval Erlang C. Returns
/// the file names written.
pub fn write_interval_plots(
    dir: &Path,
    spec: &CenterSpec,
    r: &IntervalStaffing,
) -> Result<Vec<String>, OutputError> {
    let mut written = Vec::new();
    for &g in &r.searched {
        let labels: Vec<String> = (0..spec.interval_count())
            .map(|i| interval_label(spec, i))
            .collect();
        let name = &spec.groups[g].name;
        let svg = staffing_per_interval_svg(name, &labels, &r.headcount[g], &r.erlang_c[g])?;
        let file = format!("staffing_per_interval_{}.svg", file_safe(name));
        write_atomic(&dir.join(&file), svg.as_bytes())?;
        written.push(file);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::{added_on_fresh_seeds, places_apart};

    #[test]
    fn a_missed_mean_is_shown_with_the_places_that_tell_it_from_the_target() {
        assert_eq!(places_apart(Some(0.7996), 0.8, 3), 4);
        assert_eq!(places_apart(Some(0.79), 0.8, 3), 3);
        assert_eq!(places_apart(Some(0.8), 0.8, 3), 6);
        assert_eq!(places_apart(None, 0.8, 3), 3);
    }

    /// Interval labels repeat across days unless they carry the date:
    /// one day's are `HH:MM`, a longer horizon's `MM-DD HH:MM`.
    #[test]
    fn interval_labels_carry_the_date_when_the_horizon_spans_days() {
        use crate::output::files::interval_label;
        let spec = |horizon: &str| {
            let text = format!(
                "[simulation]\nseed = 1\nstart = \"2026-01-05T00:00:00Z\"\nhorizon = \"{horizon}\"\ninterval = \"12h\"\n\
                 [[queues]]\nname = \"q\"\n[[routing_profiles]]\nname = \"p\"\nqueues = [{{ queue = \"q\" }}]\n\
                 [[agent_groups]]\nname = \"g\"\nrouting_profile = \"p\"\nheadcount = 1\n\
                 [[sources]]\nname = \"s\"\nrate_per_hour = 1\nqueue = \"q\"\ncustomer = {{ talk = \"1m\" }}\n"
            );
            crate::scenario::parse(&text, std::path::Path::new("t.toml"), "t")
                .unwrap_or_else(|e| panic!("{e}"))
        };
        let day = spec("24h");
        let labels: Vec<String> = (0..2).map(|i| interval_label(&day, i)).collect();
        assert_eq!(labels, ["00:00", "12:00"]);
        let days = spec("48h");
        let labels: Vec<String> = (0..4).map(|i| interval_label(&days, i)).collect();
        assert_eq!(
            labels,
            ["01-05 00:00", "01-05 12:00", "01-06 00:00", "01-06 12:00"]
        );
    }

    #[test]
    fn agents_added_are_counted_in_words() {
        assert_eq!(added_on_fresh_seeds(0), "0 agents added");
        assert_eq!(added_on_fresh_seeds(1), "1 agent added");
        assert_eq!(added_on_fresh_seeds(2), "2 agents added");
    }
}
