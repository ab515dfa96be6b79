//! The `[sweep]` table of a scenario, checked: which fields vary, over which
//! values, crossed or zipped, and how many replications each point runs.
//!
//! ```toml
//! [sweep]
//! replications = 20    # per point (default: simulation.replications)
//! zip = false          # true: every axis moves together (same length)
//! axes = [
//!   { path = "agent_groups.tier1.headcount", values = [10, 11, 12] },
//!   { path = "sources.line.rate_scale", values = [1.0, 1.1], group = "load" },
//!   { path = "sources.line.customer.talk.mean", values = ["3m", "3m30s"], group = "load" },
//! ]
//! ```
//!
//! Axes sharing a `group` are zipped (their i-th values go together); groups
//! and ungrouped axes are crossed.

use crate::scenario::{Problem, ProblemKind};

use super::grid::Grid;
use super::path::{parse_path, resolve, Target};

/// The most points a grid may have: every point's scenario is built and
/// validated (and kept) before the run — about 16 KB each for a small
/// scenario, so 100,000 points held 1.7 GB before the first replication ran
/// — and beyond this a typo (a long list crossed with another) is likelier
/// than intent. Split a larger study into several sweeps.
pub const MAX_POINTS: usize = 10_000;

/// One varied field.
#[derive(Debug, Clone, PartialEq)]
pub struct Axis {
    /// The path as written in the scenario.
    pub path: String,
    /// Where it writes.
    pub target: Target,
    /// The values, in order.
    pub values: Vec<toml::Value>,
    /// Axes with the same group move together.
    pub group: Option<String>,
    /// Its index in `sweep.axes` as written, for messages (axes with
    /// problems of their own are left out of a partly checked grid).
    pub position: usize,
}

/// A checked `[sweep]` table.
#[derive(Debug, Clone, PartialEq)]
pub struct SweepSpec {
    /// Replications per point, if the table sets them.
    pub replications: Option<u32>,
    /// Every axis zipped into one.
    pub zip: bool,
    /// The axes, in file order.
    pub axes: Vec<Axis>,
}

impl SweepSpec {
    /// The grid of points the axes span.
    pub fn grid(&self) -> Grid {
        Grid::new(
            self.zip,
            self.axes
                .iter()
                .map(|a| (a.group.as_deref(), a.values.len())),
        )
    }
}

const KEYS: &str = "replications, zip, axes";
const AXIS_KEYS: &str = "path, values, group";
const AXES_EXAMPLE: &str =
    "axes = [{ path = \"agent_groups.tier1.headcount\", values = [10, 11, 12] }]";

fn problem(
    path: impl Into<String>,
    message: impl Into<String>,
    hint: impl Into<String>,
) -> Problem {
    Problem {
        path: path.into(),
        message: message.into(),
        hint: hint.into(),
        kind: ProblemKind::Input,
    }
}

/// Why a value cannot be an axis value, if it cannot.
fn bad_value(v: &toml::Value) -> Option<String> {
    match v {
        toml::Value::Float(f) if !f.is_finite() => Some(format!("{f} is not a finite number")),
        toml::Value::Table(_) => Some(
            "a table; an axis sets one field to a number, a duration or a list (to vary a distribution's mean, end the path with `.mean`)"
                .into(),
        ),
        toml::Value::Datetime(_) => Some("a date; axes vary numbers and durations".into()),
        toml::Value::Array(items) => items.iter().find_map(bad_value),
        _ => None,
    }
}

/// Checks `sweep` (the `[sweep]` table) against `scenario` (the rest of the
/// file as written); every problem is reported.
pub fn parse_sweep(sweep: &toml::Table, scenario: &toml::Table) -> Result<SweepSpec, Vec<Problem>> {
    match parse_sweep_partial(sweep, scenario) {
        (problems, Some(spec)) if problems.is_empty() => Ok(spec),
        (problems, _) => Err(problems),
    }
}

/// As [`parse_sweep`], returning every problem of the table and, beside
/// them, the grid of the axes that have none — when those still make a
/// grid (lengths agree, within [`MAX_POINTS`]) — so that the points can be
/// checked too and a bad path is reported together with a bad value of
/// another axis, not one after the other.
pub fn parse_sweep_partial(
    sweep: &toml::Table,
    scenario: &toml::Table,
) -> (Vec<Problem>, Option<SweepSpec>) {
    let mut problems = Vec::new();
    for key in sweep.keys() {
        if !KEYS.split(", ").any(|k| k == key) {
            problems.push(problem(
                format!("sweep.{key}"),
                format!("unknown field `{key}`"),
                format!("the fields of [sweep] are: {KEYS}"),
            ));
        }
    }
    let replications = match sweep.get("replications") {
        None => None,
        Some(toml::Value::Integer(n))
            if (1..=i64::from(crate::scenario::limits::MAX_REPLICATIONS)).contains(n) =>
        {
            u32::try_from(*n).ok()
        }
        // The hard limit `simulation.replications` has (a fuzz find: the
        // sweep's own count went past it).
        Some(toml::Value::Integer(n)) if *n > 0 => {
            problems.push(problem(
                "sweep.replications",
                format!(
                    "{n} replications per point; the limit is {}",
                    crate::scenario::limits::MAX_REPLICATIONS
                ),
                "run fewer replications per point (confidence intervals narrow with the square root: 100 is plenty for most studies)",
            ));
            None
        }
        Some(other) => {
            problems.push(problem(
                "sweep.replications",
                format!("{other} is not a number of replications"),
                "write a whole number ≥ 1, e.g. replications = 20",
            ));
            None
        }
    };
    let zip = match sweep.get("zip") {
        None => false,
        Some(toml::Value::Boolean(b)) => *b,
        Some(other) => {
            problems.push(problem(
                "sweep.zip",
                format!("{other} is not true or false"),
                "zip = true moves every axis together; leave it out to cross them",
            ));
            false
        }
    };
    let mut axes = Vec::new();
    match sweep.get("axes") {
        None => problems.push(problem(
            "sweep.axes",
            "missing: a sweep needs at least one axis",
            format!("add e.g. {AXES_EXAMPLE}"),
        )),
        Some(toml::Value::Array(list)) if list.is_empty() => problems.push(problem(
            "sweep.axes",
            "empty: a sweep needs at least one axis",
            format!("add e.g. {AXES_EXAMPLE}"),
        )),
        Some(toml::Value::Array(list)) => {
            for (i, item) in list.iter().enumerate() {
                if let Some(axis) = parse_axis(i, item, scenario, zip, &mut problems) {
                    axes.push((i, axis));
                }
            }
        }
        Some(other) => problems.push(problem(
            "sweep.axes",
            format!("{} is not a list of axes", other.type_str()),
            format!("write {AXES_EXAMPLE}"),
        )),
    }
    // Problems between axes (overlaps, unequal lengths) leave no grid.
    let before_grid = problems.len();
    for (n, (i, a)) in axes.iter().enumerate() {
        if let Some((j, b)) = axes[..n].iter().find(|(_, b)| b.target.overlaps(&a.target)) {
            problems.push(problem(
                format!("sweep.axes[{i}].path"),
                format!(
                    "`{}` writes to the same field as sweep.axes[{j}] (`{}`)",
                    a.path, b.path
                ),
                "each field can be varied by one axis; merge their values into one axis",
            ));
        }
    }
    check_lengths(zip, &axes, &mut problems);
    let axes: Vec<Axis> = axes.into_iter().map(|(_, a)| a).collect();
    if problems.len() > before_grid || axes.is_empty() {
        return (problems, None);
    }
    let spec = SweepSpec {
        replications,
        zip,
        axes,
    };
    let count = spec.grid().count_checked();
    match count {
        Some(n) if n <= MAX_POINTS => (problems, Some(spec)),
        // Beyond the limit the count is the problem; with other problems
        // already, those come first.
        _ if !problems.is_empty() => (problems, None),
        _ => (
            vec![problem(
                "sweep.axes",
                format!(
                    "the grid has {} points; the limit is {MAX_POINTS}",
                    count.map_or_else(|| "more than 2^64".to_string(), |n| n.to_string())
                ),
                "cross fewer or shorter axes (axes are crossed unless zipped), or split the study into several sweeps",
            )],
            None,
        ),
    }
}

fn parse_axis(
    i: usize,
    item: &toml::Value,
    scenario: &toml::Table,
    zip: bool,
    problems: &mut Vec<Problem>,
) -> Option<Axis> {
    let at = format!("sweep.axes[{i}]");
    let Some(t) = item.as_table() else {
        problems.push(problem(
            at,
            format!("{} is not an axis", item.type_str()),
            format!("write each axis as a table: {AXES_EXAMPLE}"),
        ));
        return None;
    };
    let before = problems.len();
    for key in t.keys() {
        if !AXIS_KEYS.split(", ").any(|k| k == key) {
            problems.push(problem(
                format!("{at}.{key}"),
                format!("unknown field `{key}`"),
                format!("the fields of an axis are: {AXIS_KEYS}"),
            ));
        }
    }
    let target = match t.get("path") {
        Some(toml::Value::String(p)) => match parse_path(p).and_then(|s| resolve(scenario, &s)) {
            Ok(target) => Some((p.clone(), target)),
            Err(e) => {
                problems.push(problem(format!("{at}.path"), e.message, e.hint));
                None
            }
        },
        Some(other) => {
            problems.push(problem(
                format!("{at}.path"),
                format!("{} is not a path", other.type_str()),
                "write the field's path as a string, e.g. path = \"agent_groups.tier1.headcount\"",
            ));
            None
        }
        None => {
            problems.push(problem(
                format!("{at}.path"),
                "missing",
                "add the field to vary, e.g. path = \"agent_groups.tier1.headcount\"",
            ));
            None
        }
    };
    let values = match t.get("values") {
        Some(toml::Value::Array(vs)) if !vs.is_empty() => {
            for (j, v) in vs.iter().enumerate() {
                if let Some(why) = bad_value(v) {
                    problems.push(problem(
                        format!("{at}.values[{j}]"),
                        why,
                        "give the value as the scenario would write it: a number, a duration such as \"3m\", or a list of them",
                    ));
                }
            }
            Some(vs.clone())
        }
        Some(toml::Value::Array(_)) => {
            problems.push(problem(
                format!("{at}.values"),
                "empty",
                "list at least one value, e.g. values = [10, 11, 12]",
            ));
            None
        }
        Some(other) => {
            problems.push(problem(
                format!("{at}.values"),
                format!("{} is not a list", other.type_str()),
                "list the values, e.g. values = [10, 11, 12] (a single value is values = [10])",
            ));
            None
        }
        None => {
            problems.push(problem(
                format!("{at}.values"),
                "missing",
                "list the values to try, e.g. values = [10, 11, 12]",
            ));
            None
        }
    };
    let group = match t.get("group") {
        None => None,
        Some(_) if zip => {
            problems.push(problem(
                format!("{at}.group"),
                "zip = true already moves every axis together",
                "remove `group` from the axes, or remove `zip` to cross the groups",
            ));
            None
        }
        Some(toml::Value::String(g)) => Some(g.clone()),
        Some(other) => {
            problems.push(problem(
                format!("{at}.group"),
                format!("{} is not a group name", other.type_str()),
                "name the group with a string, e.g. group = \"load\"; axes with the same group move together",
            ));
            None
        }
    };
    match (target, values) {
        (Some((path, target)), Some(values)) if problems.len() == before => Some(Axis {
            path,
            target,
            values,
            group,
            position: i,
        }),
        _ => None,
    }
}

/// Zipped axes must have the same number of values.
fn check_lengths(zip: bool, axes: &[(usize, Axis)], problems: &mut Vec<Problem>) {
    for (n, (i, a)) in axes.iter().enumerate() {
        let first = axes[..n]
            .iter()
            .find(|(_, b)| zip || (a.group.is_some() && a.group == b.group));
        if let Some((j, b)) = first {
            if a.values.len() != b.values.len() {
                problems.push(problem(
                    format!("sweep.axes[{i}].values"),
                    format!(
                        "{} values, but sweep.axes[{j}] has {}; zipped axes move together and need the same number",
                        a.values.len(),
                        b.values.len()
                    ),
                    if zip {
                        "give every axis the same number of values, or remove zip = true to cross them"
                    } else {
                        "give the axes of a group the same number of values, or give them different groups to cross them"
                    },
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scenario() -> toml::Table {
        let text = r#"
            [simulation]
            seed = 1
            horizon = "1h"
            [[agent_groups]]
            name = "tier1"
            headcount = 3
            [[sources]]
            name = "line"
            rate_scale = 1.0
        "#;
        match text.parse() {
            Ok(t) => t,
            Err(e) => panic!("{e}"),
        }
    }

    fn sweep(text: &str) -> Result<SweepSpec, Vec<Problem>> {
        let t: toml::Table = match text.parse() {
            Ok(t) => t,
            Err(e) => panic!("{e}"),
        };
        parse_sweep(&t, &scenario())
    }

    fn paths(text: &str) -> Vec<String> {
        match sweep(text) {
            Ok(s) => panic!("accepted: {s:?}"),
            Err(ps) => ps.into_iter().map(|p| p.path).collect(),
        }
    }

    #[test]
    fn accepts_crossed_and_grouped_axes() {
        let s = sweep(
            r#"
            replications = 4
            axes = [
              { path = "agent_groups.tier1.headcount", values = [3, 4] },
              { path = "sources.line.rate_scale", values = [1.0, 1.5], group = "g" },
              { path = "simulation.horizon", values = ["1h", "2h"], group = "g" },
            ]"#,
        );
        let s = match s {
            Ok(s) => s,
            Err(e) => panic!("{e:?}"),
        };
        assert_eq!(s.replications, Some(4));
        assert_eq!(s.axes.len(), 3);
        assert_eq!(s.axes[1].group.as_deref(), Some("g"));
    }

    #[test]
    fn every_problem_is_reported_with_its_field_path() {
        let p = paths(
            r#"
            replication = 3
            axes = [
              { path = "agent_groups.tier2.headcount", values = [3] },
              { path = "sources.line.rate_scale", values = [] },
              { path = "sources.line.rate_scale", values = [{ a = 1 }], zip = 1 },
              { values = [1] },
            ]"#,
        );
        assert_eq!(
            p,
            [
                "sweep.replication",
                "sweep.axes[0].path",
                "sweep.axes[1].values",
                "sweep.axes[2].zip",
                "sweep.axes[2].values[0]",
                "sweep.axes[3].path",
            ]
        );
        assert_eq!(paths("zip = true"), ["sweep.axes"]);
    }

    #[test]
    fn zipped_lengths_and_duplicates_are_checked() {
        let p = paths(
            r#"
            zip = true
            axes = [
              { path = "agent_groups.tier1.headcount", values = [3, 4] },
              { path = "sources.line.rate_scale", values = [1.0] },
            ]"#,
        );
        assert_eq!(p, ["sweep.axes[1].values"]);
        let p = paths(
            r#"
            axes = [
              { path = "agent_groups.tier1.headcount", values = [3, 4] },
              { path = "agent_groups.tier1", values = [1] },
            ]"#,
        );
        assert_eq!(p, ["sweep.axes[1].path"]);
    }

    #[test]
    fn huge_grids_are_refused() {
        let values: Vec<String> = (0..1001).map(|i| i.to_string()).collect();
        let v = values.join(", ");
        let p = paths(&format!(
            "axes = [{{ path = \"agent_groups.tier1.headcount\", values = [{v}] }}, {{ path = \"sources.line.rate_scale\", values = [{v}] }}]"
        ));
        assert_eq!(p, ["sweep.axes"]);
    }
}
