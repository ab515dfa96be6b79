//! Whether a folder without a sweep's `manifest.json` holds files a sweep
//! would replace that ccsim did not write. A folder whose manifest was
//! deleted still holds ccsim's points and `sweep.csv` (a resume checks
//! each point against the sweep), but a user's own `points/` or
//! `sweep.csv` must not be deleted by `--fresh` or overwritten by the
//! finished grid.

use std::io::Read;
use std::path::Path;

use super::error::SweepError;

/// How `sweep.csv` starts when ccsim wrote it.
const TABLE_HEADER: &str = "point,";

/// Refuses `out` when [`foreign_entries`] finds any, with `fix` as the
/// hint: without a manifest nothing says the folder is a sweep's.
pub fn refuse_foreign(out: &Path, fix: &str) -> Result<(), SweepError> {
    let foreign = foreign_entries(out);
    if foreign.is_empty() {
        return Ok(());
    }
    Err(SweepError::Usage {
        message: format!(
            "--out {} holds no sweep's manifest.json but files a sweep would delete or replace that ccsim did not write: {}",
            out.display(),
            foreign.join(", ")
        ),
        hint: fix.into(),
    })
}

/// The entries of `out` (paths relative to it) that a sweep would delete
/// or replace but did not write; empty when `out` holds a manifest (a
/// sweep's folder, checked against it elsewhere) or nothing of the kind.
fn foreign_entries(out: &Path) -> Vec<String> {
    if out.join("manifest.json").exists() {
        return Vec::new();
    }
    let mut found = Vec::new();
    let table = out.join("sweep.csv");
    if table.exists() && !starts_with(&table, TABLE_HEADER.as_bytes()) {
        found.push("sweep.csv".to_string());
    }
    let report = out.join("report.html");
    if report.exists() && !(starts_with(&report, b"<!DOCTYPE html>") && titled_by_ccsim(&report)) {
        found.push("report.html".to_string());
    }
    let points = out.join("points");
    if points.exists() && !points.is_dir() {
        found.push("points".to_string());
    } else if let Ok(entries) = std::fs::read_dir(&points) {
        let mut odd: Vec<String> = entries
            .flatten()
            .filter(|e| !is_point_dir(e))
            .map(|e| format!("points/{}", e.file_name().to_string_lossy()))
            .collect();
        odd.sort();
        found.extend(odd);
    }
    found
}

/// A point's folder: digits only (`0007`), a folder.
fn is_point_dir(e: &std::fs::DirEntry) -> bool {
    let name = e.file_name();
    let digits = name
        .to_str()
        .is_some_and(|n| n.len() >= 4 && n.bytes().all(|b| b.is_ascii_digit()));
    digits && e.file_type().is_ok_and(|t| t.is_dir())
}

/// The first `n` bytes of `path` (fewer if it is shorter or unreadable).
fn head(path: &Path, n: usize) -> Vec<u8> {
    let mut buf = Vec::new();
    if let Ok(f) = std::fs::File::open(path) {
        let _ = f.take(n as u64).read_to_end(&mut buf);
    }
    buf
}

/// Whether `path` begins with `prefix`.
fn starts_with(path: &Path, prefix: &[u8]) -> bool {
    head(path, prefix.len()).starts_with(prefix)
}

/// Whether the page's title, in its first 4 KiB, begins with ccsim's name.
fn titled_by_ccsim(path: &Path) -> bool {
    let title = b"<title>ccsim";
    head(path, 4096).windows(title.len()).any(|w| w == title)
}
