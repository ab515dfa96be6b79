//! A sweep scenario loaded: the file hashed, the scenario as written
//! validated (with line numbers), the `[sweep]` table checked, and every
//! point's scenario built and validated before anything runs — so a bad
//! value at point 40 is reported in a second, not after hours of work.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use sha2::{Digest, Sha256};

use crate::center::spec::CenterSpec;
use crate::scenario::{self, Problem, ProblemKind, ScenarioError};

use super::error::SweepError;
use super::grid::Grid;
use super::path::{set, Step};
use super::spec::{parse_sweep_partial, SweepSpec};

/// Command-line overrides, applied to every point.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Overrides {
    /// Seed of every point (instead of the scenario's).
    pub seed: Option<u64>,
    /// Replications per point (instead of `sweep.replications` or
    /// `simulation.replications`).
    pub replications: Option<u32>,
}

/// The most scenario text a sweep's points may parse in all (points ×
/// the file's bytes): each point is kept as a scenario of its own, about
/// as large as its text, so this bounds the points' memory and the time
/// to build them (a 10 KB scenario may have the grid's 10,000 points).
pub const MAX_SWEEP_BYTES: u64 = 1_000_000_000;

/// One point of the grid, ready to run.
#[derive(Debug, Clone)]
pub struct Point {
    /// Index in the grid.
    pub index: usize,
    /// The value of each axis, in axis order.
    pub values: Vec<toml::Value>,
    /// The scenario with those values set, validated.
    pub spec: CenterSpec,
}

/// A validated sweep: everything needed to run any of its points.
#[derive(Debug, Clone)]
pub struct Sweep {
    /// The scenario file (for messages).
    pub file: PathBuf,
    /// The scenario's name.
    pub name: String,
    /// SHA-256 of the scenario file's bytes, in hex.
    pub scenario_sha256: String,
    /// The checked `[sweep]` table.
    pub spec: SweepSpec,
    /// How point indices map to axis values.
    pub grid: Grid,
    /// The seed of every point (unless an axis varies `simulation.seed`).
    pub seed: u64,
    /// Replications per point.
    pub replications: u32,
    /// Every point, in index order.
    pub points: Vec<Point>,
}

/// One point as built: its value index per axis, its values, and the
/// scenario with them set (or why it is invalid).
type Built = (
    Vec<usize>,
    Vec<toml::Value>,
    Result<CenterSpec, ScenarioError>,
);

/// Hex SHA-256 of `bytes` (lower case). Through the digest's own `LowerHex`,
/// one buffer: a `String` per byte, collected, was a third of hashing a
/// sweep point's files.
pub fn sha256_hex(bytes: &[u8]) -> String {
    format!("{:x}", Sha256::digest(bytes))
}

impl Sweep {
    /// Reads, hashes and validates a sweep scenario file.
    pub fn load(path: &Path, overrides: &Overrides) -> Result<Sweep, SweepError> {
        let text = scenario::read_text(path)?;
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("scenario");
        Sweep::from_text(&text, path, stem, overrides)
    }

    /// Validates sweep scenario text; `file` is used in messages and
    /// `default_name` when the text sets no `name`.
    pub fn from_text(
        text: &str,
        file: &Path,
        default_name: &str,
        overrides: &Overrides,
    ) -> Result<Sweep, SweepError> {
        // The scenario as written must be valid on its own (and its errors
        // carry line numbers); the sweep only varies a valid scenario.
        let base = scenario::parse(text, file, default_name)?;
        let mut table: toml::Table =
            text.parse()
                .map_err(|e: toml::de::Error| SweepError::Invalid {
                    file: file.to_path_buf(),
                    problems: vec![Problem {
                        path: "(top level)".into(),
                        message: e.message().to_string(),
                        hint: "see README.md, \"Scenario format\"".into(),
                        kind: ProblemKind::Input,
                    }],
                })?;
        let sweep_table = match table.remove("sweep") {
            Some(toml::Value::Table(t)) => t,
            _ => {
                return Err(SweepError::NoSweep {
                    file: file.to_path_buf(),
                })
            }
        };
        let invalid = |problems| SweepError::Invalid {
            file: file.to_path_buf(),
            problems,
        };
        // Problems of the table, and of every point of the grid its sound
        // axes make: all reported together.
        let (table_problems, spec) = parse_sweep_partial(&sweep_table, &table);
        let Some(spec) = spec else {
            return Err(invalid(table_problems));
        };
        let seed_axis = spec
            .axes
            .iter()
            .any(|a| a.target.steps == [Step::Key("simulation".into()), Step::Key("seed".into())]);
        if seed_axis && overrides.seed.is_some() {
            return Err(SweepError::Usage {
                message: "--seed conflicts with the sweep's axis on simulation.seed".into(),
                hint: "drop --seed, or remove the simulation.seed axis".into(),
            });
        }
        let seed = overrides.seed.unwrap_or(base.seed);
        let replications = overrides
            .replications
            .or(spec.replications)
            .unwrap_or(base.replications);
        if replications == 0 {
            return Err(SweepError::Usage {
                message: "--replications must be at least 1".into(),
                hint: "give a whole number ≥ 1".into(),
            });
        }
        let grid = spec.grid();
        // Every point is built from its own copy of the file and kept as a
        // scenario of its own: a file of a million arrival times swept
        // over many points would take gigabytes before any limit looked
        // (a fuzz find). Bounded by the text the points parse.
        let parsed_bytes = grid.count() as u64 * text.len() as u64;
        if parsed_bytes > MAX_SWEEP_BYTES {
            return Err(invalid(vec![Problem {
                path: "sweep.axes".into(),
                message: format!(
                    "{} points of a {:.1} MB scenario: each point is a scenario of its own, {:.1} GB in all; the limit is {} GB",
                    grid.count(),
                    text.len() as f64 / 1e6,
                    parsed_bytes as f64 / 1e9,
                    MAX_SWEEP_BYTES / 1_000_000_000
                ),
                hint: format!(
                    "sweep at most {} points of this scenario, or shorten it (long arrival_times or volume_per_interval lists are what make a scenario large)",
                    MAX_SWEEP_BYTES / text.len().max(1) as u64
                ),
                kind: ProblemKind::BeyondMemory,
            }]));
        }
        let mut points = Vec::with_capacity(grid.count());
        let mut problems = ProblemList::default();
        for (index, (coords, values, parsed)) in build_points(&spec, &table, file, default_name)
            .into_iter()
            .enumerate()
        {
            match parsed {
                Ok(mut s) => {
                    s.replications = replications;
                    if !seed_axis {
                        s.seed = seed;
                    }
                    points.push(Point {
                        index,
                        values,
                        spec: s,
                    });
                }
                Err(e) => {
                    for p in e.problems() {
                        problems.add(index, blame(&spec, &coords, &values, p));
                    }
                }
            }
        }
        if !table_problems.is_empty() || !problems.is_empty() {
            let mut all = table_problems;
            all.extend(problems.finish());
            return Err(invalid(all));
        }
        Ok(Sweep {
            file: file.to_path_buf(),
            name: base.name,
            scenario_sha256: sha256_hex(text.as_bytes()),
            spec,
            grid,
            seed,
            replications,
            points,
        })
    }

    /// Number of points in the grid.
    pub fn point_count(&self) -> usize {
        self.points.len()
    }
}

/// Whether `a` is `b` or a field inside it (`agent_groups[0].headcount[2]`
/// is inside `agent_groups[0].headcount`).
/// Every point of `spec`'s grid: its coordinates, its axis values and its
/// scenario — `table` (the file without `[sweep]`) with the values set —
/// built and validated, in parallel.
fn build_points(
    spec: &SweepSpec,
    table: &toml::Table,
    file: &Path,
    default_name: &str,
) -> Vec<Built> {
    let grid = spec.grid();
    (0..grid.count())
        .into_par_iter()
        .map(|i| {
            let coords = grid.coords(i);
            let values: Vec<toml::Value> = spec
                .axes
                .iter()
                .zip(&coords)
                .map(|(a, &c)| a.values.get(c).cloned().unwrap_or(toml::Value::Integer(0)))
                .collect();
            let mut t = table.clone();
            let mut result = Ok(());
            for (axis, v) in spec.axes.iter().zip(&values) {
                if let Err(e) = set(&mut t, &axis.target.steps, v.clone()) {
                    result = Err(e);
                }
            }
            let parsed = match result {
                Ok(()) => scenario::parse_table(t, file, default_name),
                Err(message) => Err(ScenarioError::Invalid {
                    file: file.to_path_buf(),
                    problems: vec![Problem {
                        path: "(sweep)".into(),
                        message,
                        hint: String::new(),
                        kind: ProblemKind::Input,
                    }],
                }),
            };
            (coords, values, parsed)
        })
        .collect()
}

fn within(a: &str, b: &str) -> bool {
    // Scenario errors may append the line: `path (line 3)`.
    let a = a.split(" (").next().unwrap_or(a);
    a == b || (a.starts_with(b) && matches!(a.as_bytes().get(b.len()), Some(b'.') | Some(b'[')))
}

/// Traces a point's validation problem back to the axis value that caused
/// it, when one did.
fn blame(spec: &SweepSpec, coords: &[usize], values: &[toml::Value], p: &Problem) -> Problem {
    let culprit = spec
        .axes
        .iter()
        .enumerate()
        .filter(|(_, a)| {
            within(&p.path, &a.target.field_path) || within(&a.target.field_path, &p.path)
        })
        .max_by_key(|(_, a)| a.target.field_path.len());
    match culprit {
        // The axis adds a field the scenario does not write, and validation
        // rejects the field itself: the path is wrong, whatever the value.
        Some((_, axis))
            if axis.target.added
                && (p.message.contains("unknown field")
                    || p.message.contains("does not apply")) =>
        {
            Problem {
                path: format!("sweep.axes[{}].path", axis.position),
                message: format!(
                    "`{}` names a field that cannot be set there: {}",
                    axis.path, p.message
                ),
                hint: p.hint.clone(),
                kind: p.kind,
            }
        }
        Some((i, axis)) => Problem {
            path: format!("sweep.axes[{}].values[{}]", axis.position, coords[i]),
            message: format!(
                "{} = {} makes {}: {}",
                axis.path, values[i], p.path, p.message
            ),
            hint: p.hint.clone(),
            kind: p.kind,
        },
        None => {
            let at: Vec<String> = spec
                .axes
                .iter()
                .zip(values)
                .map(|(a, v)| format!("{} = {v}", a.path))
                .collect();
            Problem {
                path: p.path.clone(),
                message: format!("{} (with {})", p.message, at.join(", ")),
                hint: p.hint.clone(),
                kind: p.kind,
            }
        }
    }
}

/// Problems of all points, each listed once with how many points share it.
#[derive(Default)]
struct ProblemList {
    seen: BTreeMap<(String, String), usize>,
    order: Vec<(Problem, usize, usize)>,
}

impl ProblemList {
    const MAX: usize = 50;

    fn add(&mut self, point: usize, p: Problem) {
        let key = (p.path.clone(), p.message.clone());
        match self.seen.get(&key) {
            Some(&k) => self.order[k].2 += 1,
            None => {
                self.seen.insert(key, self.order.len());
                self.order.push((p, point, 1));
            }
        }
    }

    fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    fn finish(self) -> Vec<Problem> {
        let total = self.order.len();
        let mut out: Vec<Problem> = self
            .order
            .into_iter()
            .take(Self::MAX)
            .map(|(mut p, first, n)| {
                p.message = if n == 1 {
                    format!("{} (point {first})", p.message)
                } else {
                    format!("{} ({n} points, the first is point {first})", p.message)
                };
                p
            })
            .collect();
        if total > Self::MAX {
            out.push(Problem {
                path: "sweep".into(),
                message: format!("… and {} more problems", total - Self::MAX),
                hint: "fix the ones above first".into(),
                kind: ProblemKind::Input,
            });
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// FIPS 180-2's "abc" example, and the empty input: lower-case hex,
    /// 64 digits, leading zeros kept.
    #[test]
    fn sha256_hex_is_the_standard_digest_in_lower_case_hex() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(
            sha256_hex(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }

    const BASE: &str = r#"
[simulation]
seed = 5
replications = 3
horizon = "1h"

[[queues]]
name = "q"

[[routing_profiles]]
name = "p"
queues = [{ queue = "q" }]

[[agent_groups]]
name = "g"
routing_profile = "p"
headcount = 2

[[sources]]
name = "s"
rate_per_hour = 20
queue = "q"
customer = { talk = "3m" }
"#;

    fn load(sweep: &str, ov: Overrides) -> Result<Sweep, SweepError> {
        Sweep::from_text(&format!("{BASE}\n{sweep}"), Path::new("t.toml"), "t", &ov)
    }

    #[test]
    fn points_carry_their_values_seed_and_replications() {
        let s = load(
            "[sweep]\nreplications = 4\naxes = [{ path = \"agent_groups.g.headcount\", values = [2, 3] }, { path = \"sources.s.customer.talk.mean\", values = [\"2m\", \"4m\"] }]",
            Overrides::default(),
        );
        let s = match s {
            Ok(s) => s,
            Err(e) => panic!("{e}"),
        };
        assert_eq!(s.point_count(), 4);
        assert_eq!(s.replications, 4);
        // A single headcount applies to every interval.
        assert!(s.points[3].spec.groups[0].headcount.iter().all(|&h| h == 3));
        assert!(s.points[0].spec.groups[0].headcount.iter().all(|&h| h == 2));
        assert_eq!(s.points[1].values[1], toml::Value::String("4m".into()));
        assert!(s
            .points
            .iter()
            .all(|p| p.spec.seed == 5 && p.spec.replications == 4));
        assert_eq!(s.scenario_sha256.len(), 64);
        let o = load(
            "[sweep]\naxes = [{ path = \"agent_groups.g.headcount\", values = [2] }]",
            Overrides {
                seed: Some(9),
                replications: Some(7),
            },
        );
        let o = match o {
            Ok(s) => s,
            Err(e) => panic!("{e}"),
        };
        assert_eq!(
            (o.points[0].spec.seed, o.points[0].spec.replications),
            (9, 7)
        );
    }

    #[test]
    fn a_bad_value_is_blamed_on_its_axis_once() {
        let e = load(
            "[sweep]\naxes = [{ path = \"agent_groups.g.headcount\", values = [2, -1] }, { path = \"sources.s.rate_scale\", values = [1.0, 2.0, 3.0] }]",
            Overrides::default(),
        );
        let e = match e {
            Ok(_) => panic!("accepted"),
            Err(e) => e,
        };
        let p = e.problems();
        assert_eq!(p.len(), 1, "{e}");
        assert_eq!(p[0].path, "sweep.axes[0].values[1]");
        assert!(
            p[0].message.contains("3 points, the first is point 3"),
            "{e}"
        );
        assert!(e.is_usage());
    }

    #[test]
    fn a_bad_path_and_a_bad_value_are_reported_together() {
        // Axis 0's path is wrong; axis 1's second value is: both are
        // reported, the value against its own (second) axis.
        let e = load(
            "[sweep]\naxes = [{ path = \"sources.nope.rate_scale\", values = [1.0] }, { path = \"agent_groups.g.headcount\", values = [2, -1] }]",
            Overrides::default(),
        );
        let e = match e {
            Ok(_) => panic!("accepted"),
            Err(e) => e,
        };
        let paths: Vec<&str> = e.problems().iter().map(|p| p.path.as_str()).collect();
        assert_eq!(
            paths,
            ["sweep.axes[0].path", "sweep.axes[1].values[1]"],
            "{e}"
        );
    }

    #[test]
    fn no_sweep_table_and_seed_conflicts_are_reported() {
        assert!(matches!(
            load("", Overrides::default()),
            Err(SweepError::NoSweep { .. })
        ));
        let e = load(
            "[sweep]\naxes = [{ path = \"simulation.seed\", values = [1, 2] }]",
            Overrides {
                seed: Some(3),
                replications: None,
            },
        );
        assert!(matches!(e, Err(SweepError::Usage { .. })));
    }

    #[test]
    fn within_respects_field_boundaries() {
        assert!(within("a[0].b", "a[0].b"));
        assert!(within("a[0].b[2]", "a[0].b"));
        assert!(within("a[0].b (line 4)", "a[0].b"));
        assert!(!within("a[0].bc", "a[0].b"));
    }
}
