//! `manifest.json`: what a sweep output folder holds results of — the
//! scenario file's hash, the ccsim version, seed, replications and the grid.
//! It holds nothing about how the work was done (threads, shard, time), so a
//! whole run, every shard of it and their merge write the same bytes; a
//! resumed run or a merge compares manifests to refuse mixing sweeps.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::error::SweepError;
use super::load::{sha256_hex, Sweep};

/// Identifies the layout of the files, for tools that read them.
pub const FORMAT: &str = "ccsim-sweep-1";

/// One axis as recorded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ManifestAxis {
    /// The path as written in the scenario.
    pub path: String,
    /// Its zip group, if any.
    pub group: Option<String>,
    /// Its values.
    pub values: Vec<serde_json::Value>,
}

/// The contents of `manifest.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// [`FORMAT`].
    pub format: String,
    /// The scenario's name.
    pub scenario: String,
    /// SHA-256 of the scenario file.
    pub scenario_sha256: String,
    /// The ccsim version that computed the points.
    pub ccsim_version: String,
    /// Seed of every point (unless an axis varies it).
    pub seed: u64,
    /// Replications per point.
    pub replications: u32,
    /// Whether every axis is zipped.
    pub zip: bool,
    /// The axes, in order.
    pub axes: Vec<ManifestAxis>,
    /// Points in the grid.
    pub point_count: usize,
}

/// A TOML value as JSON (axis values are numbers, strings, booleans or
/// lists of them; anything else is written as its TOML text).
pub fn toml_to_json(v: &toml::Value) -> serde_json::Value {
    use serde_json::Value as J;
    match v {
        toml::Value::Integer(i) => J::from(*i),
        toml::Value::Float(f) => serde_json::Number::from_f64(*f)
            .map(J::Number)
            .unwrap_or(J::Null),
        toml::Value::String(s) => J::String(s.clone()),
        toml::Value::Boolean(b) => J::Bool(*b),
        toml::Value::Array(a) => J::Array(a.iter().map(toml_to_json).collect()),
        other => J::String(other.to_string()),
    }
}

impl Manifest {
    /// The manifest of `sweep`.
    pub fn of(sweep: &Sweep) -> Manifest {
        Manifest {
            format: FORMAT.into(),
            scenario: sweep.name.clone(),
            scenario_sha256: sweep.scenario_sha256.clone(),
            ccsim_version: env!("CARGO_PKG_VERSION").into(),
            seed: sweep.seed,
            replications: sweep.replications,
            zip: sweep.spec.zip,
            axes: sweep
                .spec
                .axes
                .iter()
                .map(|a| ManifestAxis {
                    path: a.path.clone(),
                    group: a.group.clone(),
                    values: a.values.iter().map(toml_to_json).collect(),
                })
                .collect(),
            point_count: sweep.point_count(),
        }
    }

    /// The file's bytes (pretty JSON, newline-terminated).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut s = serde_json::to_string_pretty(self).unwrap_or_default();
        s.push('\n');
        s.into_bytes()
    }

    /// SHA-256 of [`Manifest::to_bytes`]; every point file records it.
    pub fn sha256(&self) -> String {
        sha256_hex(&self.to_bytes())
    }

    /// Reads `dir/manifest.json`: `Ok(None)` if there is none.
    pub fn read(dir: &Path) -> Result<Option<Manifest>, SweepError> {
        let path = dir.join("manifest.json");
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(source) => return Err(SweepError::Read { path, source }),
        };
        serde_json::from_slice(&bytes)
            .map(Some)
            .map_err(|e| SweepError::Corrupt {
                path,
                message: format!("not a sweep manifest: {e}"),
            })
    }

    /// The sub-folder of point `i`: `points/0007` (at least four digits,
    /// more for grids beyond 10,000 points, so names sort in point order).
    pub fn point_dir(&self, i: usize) -> String {
        let width = self.point_count.saturating_sub(1).to_string().len().max(4);
        format!("points/{i:0width$}")
    }

    /// One line per field that differs between the manifest found in a
    /// folder (`self`) and the one of the sweep being run: `seed: 1 there,
    /// 2 now`.
    pub fn differences(&self, now: &Manifest) -> Vec<String> {
        self.compare(now, "there", "now")
    }

    /// One line per field that differs, each side named by its label:
    /// `seed: 1 in a, 2 in b`.
    pub fn compare(&self, now: &Manifest, this: &str, that: &str) -> Vec<String> {
        let there = serde_json::to_value(self).unwrap_or_default();
        let here = serde_json::to_value(now).unwrap_or_default();
        let mut out = Vec::new();
        if let (Some(a), Some(b)) = (there.as_object(), here.as_object()) {
            for (k, va) in a {
                let vb = b.get(k).unwrap_or(&serde_json::Value::Null);
                if va != vb {
                    let why = match k.as_str() {
                        "scenario_sha256" => " (the scenario file changed)",
                        "ccsim_version" => " (another ccsim version)",
                        "axes" | "zip" | "point_count" => " (the [sweep] grid changed)",
                        _ => "",
                    };
                    out.push(format!(
                        "{k}: {} {this}, {} {that}{why}",
                        short(va),
                        short(vb)
                    ));
                }
            }
        }
        if out.is_empty() {
            out.push("the manifests differ in layout".into());
        }
        out
    }
}

fn short(v: &serde_json::Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 40 {
        format!("{}…", s.chars().take(40).collect::<String>())
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn manifest() -> Manifest {
        Manifest {
            format: FORMAT.into(),
            scenario: "s".into(),
            scenario_sha256: "ab".into(),
            ccsim_version: "0".into(),
            seed: 1,
            replications: 2,
            zip: false,
            axes: vec![ManifestAxis {
                path: "a.b".into(),
                group: None,
                values: vec![1.into(), 2.5.into(), "3m".into()],
            }],
            point_count: 3,
        }
    }

    #[test]
    fn round_trips_and_names_differences() {
        let m = manifest();
        let back: Manifest = match serde_json::from_slice(&m.to_bytes()) {
            Ok(b) => b,
            Err(e) => panic!("{e}"),
        };
        assert_eq!(back, m);
        let mut other = m.clone();
        other.seed = 7;
        other.scenario_sha256 = "cd".into();
        let d = m.differences(&other);
        assert_eq!(d.len(), 2, "{d:?}");
        assert!(d[0].starts_with("scenario_sha256: \"ab\" there, \"cd\" now (the scenario"));
        assert_eq!(d[1], "seed: 1 there, 7 now");
    }

    #[test]
    fn point_dirs_sort_in_point_order() {
        let mut m = manifest();
        assert_eq!(m.point_dir(7), "points/0007");
        m.point_count = 123_456;
        assert_eq!(m.point_dir(7), "points/000007");
    }
}
