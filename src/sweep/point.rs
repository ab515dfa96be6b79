//! One point's files under `points/NNNN/`: the same files `ccsim run` writes
//! (`summary.json`, `summary.csv`, `histograms/*.hdr`,
//! `histograms/percentiles.csv`) and, written last, `point.json` — every
//! whole-window metric's mean and 95 % half-width (JSON numbers round-trip
//! `f64` exactly) plus the SHA-256 of each other file.
//!
//! `point.json` is the point's commit record: every file is written
//! atomically, and `point.json` only after all the others, so a point is
//! finished exactly when its `point.json` exists, belongs to the folder's
//! manifest, and every file it lists has the recorded hash. A run killed
//! half-way through a point leaves no `point.json` for it, and the point is
//! computed again.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::output::files::write_outputs_with;
use crate::output::write_atomic;
use crate::stats::Summary;

use super::error::SweepError;
use super::load::{sha256_hex, Point};
use super::manifest::{toml_to_json, Manifest};

/// One metric over the whole window.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MetricRecord {
    /// Metric name, as in `summary.csv`.
    pub metric: String,
    /// Mean across replications (`null` where undefined).
    pub mean: Option<f64>,
    /// 95 % confidence half-width (`null` where undefined).
    pub ci95: Option<f64>,
}

/// The metrics of one scope.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScopeRecord {
    /// `total`, `queue` or `agent_group`.
    pub scope: String,
    /// The queue or group name (`total` for the total).
    pub name: String,
    /// Its metrics, in the summary's order.
    pub metrics: Vec<MetricRecord>,
}

/// A file of the point and its hash.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileRecord {
    /// Path relative to the point's folder, with `/` separators.
    pub path: String,
    /// SHA-256 of its bytes, hex.
    pub sha256: String,
}

/// The contents of `point.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PointRecord {
    /// Point index.
    pub point: usize,
    /// SHA-256 of the `manifest.json` it was computed under.
    pub manifest_sha256: String,
    /// Each axis's value at this point, in axis order.
    pub values: Vec<serde_json::Value>,
    /// Replications run.
    pub replications: u32,
    /// Events simulated over all replications.
    pub events: u64,
    /// Whole-window metrics per scope, in the summary's order.
    pub scopes: Vec<ScopeRecord>,
    /// The point's other files.
    pub files: Vec<FileRecord>,
    /// SHA-256 of this record written with this field empty. The files
    /// are vouched for by their hashes above, the record itself by this:
    /// a hand-edited `point.json` (a metric changed, a file's hash
    /// replaced) is not taken as finished by a resume or a merge.
    #[serde(default)]
    pub record_sha256: String,
}

impl PointRecord {
    /// The file's bytes (pretty JSON, newline-terminated).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut s = serde_json::to_string_pretty(self).unwrap_or_default();
        s.push('\n');
        s.into_bytes()
    }

    /// The record's own hash: of its bytes with `record_sha256` empty.
    fn own_hash(&self) -> String {
        let mut unsealed = self.clone();
        unsealed.record_sha256.clear();
        sha256_hex(&unsealed.to_bytes())
    }

    /// Sets `record_sha256` to the record's own hash.
    pub fn seal(&mut self) {
        self.record_sha256 = self.own_hash();
    }

    /// Whether `record_sha256` is the record's own hash.
    pub fn is_sealed(&self) -> bool {
        self.record_sha256 == self.own_hash()
    }
}

/// Whole-window metrics of `summary`, grouped by scope in summary order.
fn scope_records(summary: &Summary) -> Vec<ScopeRecord> {
    let mut out: Vec<ScopeRecord> = Vec::new();
    for e in summary.entries.iter().filter(|e| e.interval.is_none()) {
        let (kind, name) = (e.scope.kind(), e.scope.name());
        let idx = match out.iter().position(|s| s.scope == kind && s.name == name) {
            Some(i) => i,
            None => {
                out.push(ScopeRecord {
                    scope: kind.into(),
                    name: name.into(),
                    metrics: Vec::new(),
                });
                out.len() - 1
            }
        };
        out[idx].metrics.push(MetricRecord {
            metric: e.metric.name().into_owned(),
            // Non-finite values are written as null by JSON anyway; making
            // that explicit keeps the record equal to what is read back.
            mean: e.mean.filter(|x| x.is_finite()),
            ci95: e.ci95.filter(|x| x.is_finite()),
        });
    }
    out
}

fn relative(path: &Path, dir: &Path) -> String {
    let rel = path.strip_prefix(dir).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

fn read(path: &Path) -> Result<Vec<u8>, SweepError> {
    std::fs::read(path).map_err(|source| SweepError::Read {
        path: path.to_path_buf(),
        source,
    })
}

/// Writes point `point`'s files under `out` but `point.json`, and returns
/// the record `point.json` is to hold ([`commit_point`] writes it, last).
/// All the work of writing a point but waiting for the disk: a sweep's
/// writer does it holding one of the run's busy-thread slots, and commits
/// without one.
pub fn write_point_files(
    out: &Path,
    manifest: &Manifest,
    manifest_sha256: &str,
    point: &Point,
    summary: &Summary,
) -> Result<PointRecord, SweepError> {
    let dir = out.join(manifest.point_dir(point.index));
    // Not flushed one by one: point.json, written last and flushed, holds
    // every file's hash, and a point whose files do not match is recomputed
    // on resume — so a power cut can cost a point, never corrupt a result.
    // Hashed from the bytes as they are written: the same bytes a read
    // back would give (each file is renamed into place whole), without a
    // second open of every file.
    let mut files = Vec::new();
    write_outputs_with(&dir, &point.spec, summary, false, &mut |p, bytes| {
        files.push(FileRecord {
            path: relative(p, &dir),
            sha256: sha256_hex(bytes),
        });
    })?;
    files.sort_by(|a, b| a.path.cmp(&b.path));
    let mut record = PointRecord {
        point: point.index,
        manifest_sha256: manifest_sha256.into(),
        values: point.values.iter().map(toml_to_json).collect(),
        replications: summary.replications,
        events: summary.events,
        scopes: scope_records(summary),
        files,
        record_sha256: String::new(),
    };
    record.seal();
    Ok(record)
}

/// Writes `record` as its point's `point.json`, atomically and flushed to
/// disk, which makes the point finished; returns the record (the same
/// value reading it back gives: its numbers round-trip exactly).
pub fn commit_point(
    out: &Path,
    manifest: &Manifest,
    record: PointRecord,
) -> Result<PointRecord, SweepError> {
    let path = out
        .join(manifest.point_dir(record.point))
        .join("point.json");
    write_atomic(&path, &record.to_bytes())?;
    Ok(record)
}

/// What a folder holds for one point.
#[derive(Debug, Clone, PartialEq)]
pub enum PointState {
    /// Finished: its record and the exact bytes of `point.json`.
    Finished(Box<PointRecord>, Vec<u8>),
    /// No `point.json`: never started, or interrupted before finishing.
    Missing,
    /// A `point.json` that cannot be trusted, and why.
    Damaged(String),
}

/// Checks point `index` under `dir` against `manifest`.
pub fn check_point(
    dir: &Path,
    manifest: &Manifest,
    manifest_sha256: &str,
    index: usize,
) -> PointState {
    let pdir = dir.join(manifest.point_dir(index));
    let bytes = match std::fs::read(pdir.join("point.json")) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return PointState::Missing,
        Err(e) => return PointState::Damaged(format!("point.json cannot be read: {e}")),
    };
    let record: PointRecord = match serde_json::from_slice(&bytes) {
        Ok(r) => r,
        Err(e) => return PointState::Damaged(format!("point.json is not a point record: {e}")),
    };
    if !record.is_sealed() {
        return PointState::Damaged(
            "point.json was changed since it was written: its record_sha256 does not match".into(),
        );
    }
    if record.point != index {
        return PointState::Damaged(format!("point.json is for point {}", record.point));
    }
    if record.manifest_sha256 != manifest_sha256 {
        return PointState::Damaged("point.json belongs to another sweep's manifest".into());
    }
    if record.files.is_empty() {
        return PointState::Damaged("point.json lists no files".into());
    }
    for f in &record.files {
        match std::fs::read(pdir.join(&f.path)) {
            Ok(b) if sha256_hex(&b) == f.sha256 => {}
            Ok(_) => return PointState::Damaged(format!("{} was changed", f.path)),
            Err(_) => return PointState::Damaged(format!("{} is missing", f.path)),
        }
    }
    PointState::Finished(Box::new(record), bytes)
}

/// The finished records of every point of the grid under `dir`, or `None`
/// if any point is not finished.
pub fn all_points(dir: &Path, manifest: &Manifest) -> Option<Vec<PointRecord>> {
    let sha = manifest.sha256();
    (0..manifest.point_count)
        .map(|i| match check_point(dir, manifest, &sha, i) {
            PointState::Finished(r, _) => Some(*r),
            _ => None,
        })
        .collect()
}

/// Copies a finished point from `from` to `to` (the files it lists, then
/// `point.json`, each atomically).
pub fn copy_point(
    from: &Path,
    to: &Path,
    manifest: &Manifest,
    record: &PointRecord,
    point_json: &[u8],
) -> Result<(), SweepError> {
    let rel = manifest.point_dir(record.point);
    let (src, dst) = (from.join(&rel), to.join(&rel));
    if src == dst {
        return Ok(());
    }
    for f in &record.files {
        write_atomic(&dst.join(&f.path), &read(&src.join(&f.path))?)?;
    }
    write_atomic(&dst.join("point.json"), point_json)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A run builds `sweep.csv` from the records it wrote, without reading
    /// them back; that is only sound if they equal what is read back.
    #[test]
    fn a_written_record_is_what_reading_it_back_gives() {
        let text = r#"
[simulation]
seed = 5
replications = 2
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
rate_scale = 1.0
queue = "q"
customer = { talk = "3m" }

[sweep]
axes = [
  { path = "agent_groups.g.headcount", values = [2, 3] },
  { path = "sources.s.rate_scale", values = [0.7, 1.1], group = "load" },
  { path = "sources.s.customer.talk.mean", values = ["2m30s", "3m"], group = "load" },
]
"#;
        let sweep = super::super::load::Sweep::from_text(
            text,
            Path::new("t.toml"),
            "t",
            &super::super::load::Overrides::default(),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let manifest = Manifest::of(&sweep);
        let sha = manifest.sha256();
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        for point in &sweep.points {
            let summary = crate::exec::run_scenario(&point.spec, Some(1), &|| {});
            let written = write_point_files(dir.path(), &manifest, &sha, point, &summary)
                .and_then(|record| commit_point(dir.path(), &manifest, record))
                .unwrap_or_else(|e| panic!("{e}"));
            match check_point(dir.path(), &manifest, &sha, point.index) {
                PointState::Finished(read, _) => assert_eq!(*read, written),
                other => panic!("point {}: {other:?}", point.index),
            }
        }
    }

    #[test]
    fn json_numbers_round_trip_f64_exactly() {
        let values = [
            0.1 + 0.2,
            1.0 / 3.0,
            std::f64::consts::PI * 1e-9,
            12345.678901234567,
            f64::MIN_POSITIVE,
            f64::MAX,
            0.0,
            -2.5e-300,
        ];
        for v in values {
            let m = MetricRecord {
                metric: "x".into(),
                mean: Some(v),
                ci95: None,
            };
            let text = match serde_json::to_string(&m) {
                Ok(t) => t,
                Err(e) => panic!("{e}"),
            };
            let back: MetricRecord = match serde_json::from_str(&text) {
                Ok(b) => b,
                Err(e) => panic!("{e}"),
            };
            assert_eq!(back.mean.map(f64::to_bits), Some(v.to_bits()), "{text}");
        }
    }
}
