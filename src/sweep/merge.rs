//! `ccsim merge`: combines the folders of a sweep's shards into exactly the
//! folder a whole run writes, byte for byte.
//!
//! Every folder's `manifest.json` must be the same bytes (same scenario
//! file, seed, replications, grid and ccsim version) — shards of different
//! sweeps are refused. Each point is taken from whichever folder finished it
//! (copies found in several folders must be identical: a sweep is
//! deterministic), the merged folder gets the common manifest, and
//! `sweep.csv` is derived from the merged point files as a whole run
//! derives it. If any point is missing nothing is merged, and the error
//! lists the missing points.

use std::path::{Path, PathBuf};

use crate::output::atomic::remove_temporaries;
use crate::output::write_atomic;

use super::error::{abbreviate, SweepError};
use super::manifest::Manifest;
use super::point::{all_points, check_point, copy_point, PointRecord, PointState};
use super::table::write_sweep_csv;

/// What a merge did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MergeReport {
    /// The merged folder.
    pub out: PathBuf,
    /// Points in the grid (all of them are now in `out`).
    pub points: usize,
    /// Points copied into `out` (the others were there already).
    pub copied: usize,
    /// The merged `sweep.csv`.
    pub table: PathBuf,
}

fn read_manifest(dir: &Path) -> Result<Manifest, SweepError> {
    match Manifest::read(dir) {
        Ok(Some(m)) => Ok(m),
        Ok(None) => Err(SweepError::NotASweep {
            dir: dir.to_path_buf(),
            reason: if dir.is_dir() {
                "the folder has no manifest.json".into()
            } else {
                "no such folder".into()
            },
        }),
        Err(e) => Err(SweepError::NotASweep {
            dir: dir.to_path_buf(),
            reason: e.to_string(),
        }),
    }
}

/// A finished point found in a folder.
struct Found {
    dir: usize,
    record: PointRecord,
    bytes: Vec<u8>,
}

/// Merges the sweep folders `dirs` into `out` (which may be new, or hold
/// the same sweep, or be one of `dirs`).
pub fn merge(dirs: &[PathBuf], out: &Path) -> Result<MergeReport, SweepError> {
    let Some(first_dir) = dirs.first() else {
        return Err(SweepError::Usage {
            message: "no folders to merge".into(),
            hint: "ccsim merge SHARD_DIR... --out DIR".into(),
        });
    };
    if out.exists() && !out.is_dir() {
        return Err(SweepError::Usage {
            message: format!("--out {} is a file, not a folder", out.display()),
            hint: "give a folder to merge into (new, or one holding the same sweep), e.g. --out results/my-sweep".into(),
        });
    }
    super::foreign::refuse_foreign(out, "merge into a new folder, or move those files away")?;
    let manifest = read_manifest(first_dir)?;
    let bytes = manifest.to_bytes();
    let same_sweep = "merge only folders of one sweep: shards run from the same scenario file with the same seed, replications and ccsim version";
    for d in &dirs[1..] {
        let m = read_manifest(d)?;
        if m.to_bytes() != bytes {
            return Err(SweepError::ManifestMismatch {
                dir: d.clone(),
                differences: m.compare(&manifest, "here", &format!("in {}", first_dir.display())),
                hint: same_sweep.into(),
            });
        }
    }
    match Manifest::read(out) {
        Ok(Some(m)) if m.to_bytes() == bytes => {}
        Ok(None) => {}
        Ok(Some(m)) => {
            return Err(SweepError::ManifestMismatch {
                dir: out.to_path_buf(),
                differences: m.differences(&manifest),
                hint: "merge into a new folder, or into one holding the same sweep".into(),
            })
        }
        Err(e) => {
            return Err(SweepError::ManifestMismatch {
                dir: out.to_path_buf(),
                differences: vec![e.to_string()],
                hint: "merge into a new folder".into(),
            })
        }
    }

    let sha = manifest.sha256();
    let mut found: Vec<Option<Found>> = (0..manifest.point_count).map(|_| None).collect();
    let mut damaged: Vec<String> = Vec::new();
    for (di, d) in dirs.iter().enumerate() {
        for (i, slot) in found.iter_mut().enumerate() {
            match check_point(d, &manifest, &sha, i) {
                PointState::Finished(record, b) => match slot {
                    None => {
                        *slot = Some(Found {
                            dir: di,
                            record: *record,
                            bytes: b,
                        })
                    }
                    Some(f) if f.bytes == b => {}
                    Some(f) => {
                        return Err(SweepError::ConflictingPoint {
                            point: i,
                            first: dirs[f.dir].clone(),
                            second: d.clone(),
                        })
                    }
                },
                PointState::Missing => {}
                PointState::Damaged(why) => damaged.push(format!(
                    "{} ({why})",
                    d.join(manifest.point_dir(i)).display()
                )),
            }
        }
    }
    let missing: Vec<usize> = found
        .iter()
        .enumerate()
        .filter(|(_, f)| f.is_none())
        .map(|(i, _)| i)
        .collect();
    if !missing.is_empty() {
        let mut text = abbreviate(&missing);
        if !damaged.is_empty() {
            text.push_str(&format!("; damaged copies ignored: {}", damaged.join(", ")));
        }
        return Err(SweepError::MissingPoints {
            found: manifest.point_count - missing.len(),
            total: manifest.point_count,
            missing: text,
        });
    }

    remove_temporaries(out, false);
    write_atomic(&out.join("manifest.json"), &bytes)?;
    let mut copied = 0;
    for f in found.iter().flatten() {
        match check_point(out, &manifest, &sha, f.record.point) {
            PointState::Finished(_, b) if b == f.bytes => continue,
            PointState::Finished(..) => {
                return Err(SweepError::ConflictingPoint {
                    point: f.record.point,
                    first: dirs[f.dir].clone(),
                    second: out.to_path_buf(),
                })
            }
            _ => {}
        }
        remove_temporaries(&out.join(manifest.point_dir(f.record.point)), true);
        copy_point(&dirs[f.dir], out, &manifest, &f.record, &f.bytes)?;
        copied += 1;
    }
    // Derived from the merged files, exactly as a whole run derives it.
    let records = all_points(out, &manifest).ok_or_else(|| SweepError::Corrupt {
        path: out.to_path_buf(),
        message: "a point copied into the folder does not check out".into(),
    })?;
    let table = write_sweep_csv(out, &manifest, &records)?;
    Ok(MergeReport {
        out: out.to_path_buf(),
        points: manifest.point_count,
        copied,
        table,
    })
}
