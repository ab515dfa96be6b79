//! Snapshot tests: the record of ccsim's behaviour, byte for byte.
//!
//! Every bundled scenario runs through the real `ccsim` binary with few
//! replications, and everything it prints and writes — `summary.json`,
//! `summary.csv`, `histograms/percentiles.csv` (the `.hdr` files by SHA-256),
//! the printed report, the contact records of `all_methods.toml`, and the
//! files of `staff`, `staff --per-interval` and `sweep` on their bundled
//! scenarios — must equal the files committed under `tests/snapshots/`.
//!
//! A change that moves an output on purpose rewrites the snapshots with
//!
//! ```text
//! CCSIM_UPDATE_SNAPSHOTS=1 cargo test --release --test integration snapshots
//! git diff --stat tests/snapshots/   # then review: git diff tests/snapshots/
//! ```
//!
//! and commits them with the change, saying why in the message. Without the
//! variable a missing or different snapshot fails the test, naming the file
//! and the first line that differs.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Replications per snapshot run: enough to exercise the merge across
/// replications, few enough to keep the suite quick.
const REPLICATIONS: &str = "3";

fn snapshot_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots")
}

fn scenario(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("scenarios")
        .join(name)
}

/// Runs `ccsim` with `args`, requires success and returns its stdout.
fn ccsim(args: &[&str]) -> Vec<u8> {
    let out = Command::new(env!("CARGO_BIN_EXE_ccsim"))
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot start ccsim: {e}"));
    assert!(
        out.status.success(),
        "ccsim {args:?} failed ({}):\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

fn update_mode() -> bool {
    std::env::var_os("CCSIM_UPDATE_SNAPSHOTS").is_some_and(|v| v != "0")
}

/// Compares `actual` with the snapshot `rel` (under `tests/snapshots/`), or
/// rewrites it in update mode. Returns a description of the mismatch.
fn check(rel: &str, actual: &[u8]) -> Option<String> {
    let path = snapshot_root().join(rel);
    if update_mode() {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        }
        if std::fs::read(&path).ok().as_deref() != Some(actual) {
            std::fs::write(&path, actual).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        }
        return None;
    }
    let Ok(expected) = std::fs::read(&path) else {
        return Some(format!(
            "{rel}: no snapshot; create it with CCSIM_UPDATE_SNAPSHOTS=1"
        ));
    };
    if expected == actual {
        return None;
    }
    let (e, a) = (
        String::from_utf8_lossy(&expected),
        String::from_utf8_lossy(actual),
    );
    let line = e
        .lines()
        .zip(a.lines())
        .position(|(x, y)| x != y)
        .unwrap_or_else(|| e.lines().count().min(a.lines().count()));
    Some(format!(
        "{rel}: differs at line {}\n  snapshot: {}\n  now:      {}",
        line + 1,
        e.lines().nth(line).unwrap_or("<end of file>"),
        a.lines().nth(line).unwrap_or("<end of file>"),
    ))
}

/// Every file under `dir`, relative, sorted (so the walk is deterministic).
fn files_under(dir: &Path) -> Vec<String> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) {
        for e in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let p = e.unwrap_or_else(|e| panic!("{e}")).path();
            if p.is_dir() {
                walk(root, &p, out);
            } else if let Ok(rel) = p.strip_prefix(root) {
                out.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// Snapshots the stdout and every file a command wrote under `out`: text
/// files as they are, binary HDR histograms as one SHA-256 line each in
/// `hdr.sha256`. Fails with all mismatches at once, and when the command
/// wrote a file the snapshot lacks or lacks one the snapshot has.
fn check_all(prefix: &str, stdout: &[u8], out: &Path) {
    use sha2::{Digest, Sha256};
    let mut problems = Vec::new();
    problems.extend(check(&format!("{prefix}/stdout.txt"), stdout));
    let mut hashes = String::new();
    let written = files_under(out);
    for f in &written {
        let bytes = std::fs::read(out.join(f)).unwrap_or_else(|e| panic!("{prefix}/{f}: {e}"));
        if f.ends_with(".hdr") {
            let digest: String = Sha256::digest(&bytes)
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            hashes.push_str(&format!("{digest}  {f}\n"));
        } else {
            problems.extend(check(&format!("{prefix}/files/{f}"), &bytes));
        }
    }
    problems.extend(check(&format!("{prefix}/hdr.sha256"), hashes.as_bytes()));
    let snap = snapshot_root().join(prefix).join("files");
    if snap.is_dir() && !update_mode() {
        for f in files_under(&snap) {
            if !written.contains(&f) {
                problems.push(format!(
                    "{prefix}: {f} is in the snapshot but was not written"
                ));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "outputs moved (if on purpose: CCSIM_UPDATE_SNAPSHOTS=1, review, commit):\n{}",
        problems.join("\n")
    );
}

fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"))
}

/// `ccsim run` on one bundled scenario, snapshotted under `run/<stem>/`.
fn run_snapshot(file: &str) {
    let dir = tempdir();
    let out = dir.path().join("out");
    let stem = file.trim_end_matches(".toml");
    let path = scenario(file);
    let stdout = ccsim(&[
        "run",
        path.to_str().unwrap_or_default(),
        "--replications",
        REPLICATIONS,
        "--threads",
        "2",
        "--quiet",
        "--out",
        out.to_str().unwrap_or_default(),
    ]);
    check_all(&format!("run/{stem}"), &stdout, &out);
}

macro_rules! run_snapshots {
    ($($test:ident => $file:literal),* $(,)?) => {
        $(#[test] fn $test() { run_snapshot($file); })*
        /// Every bundled scenario has a run snapshot test above.
        #[test]
        fn every_bundled_scenario_has_a_run_snapshot() {
            let listed = [$($file),*];
            let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
            for e in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{e}")) {
                let p = e.unwrap_or_else(|e| panic!("{e}")).path();
                let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_string();
                if name.ends_with(".toml") {
                    assert!(listed.contains(&name.as_str()), "scenarios/{name} has no run snapshot test");
                }
            }
        }
    };
}

run_snapshots! {
    run_all_methods => "all_methods.toml",
    run_api_channels => "api_channels.toml",
    run_callback => "callback.toml",
    run_campaign => "campaign.toml",
    run_default => "default.toml",
    run_disconnect => "disconnect.toml",
    run_email => "email.toml",
    run_erlang_b => "erlang_b.toml",
    run_erlang_c => "erlang_c.toml",
    run_external_monitor => "external_monitor.toml",
    run_outbound => "outbound.toml",
    run_queue_transfer => "queue_transfer.toml",
    run_routing_criteria => "routing_criteria.toml",
    run_redial => "redial.toml",
    run_schedule_week => "schedule_week.toml",
    run_staffing => "staffing.toml",
    run_staffing_day => "staffing_day.toml",
    run_sweep_headcount => "sweep_headcount.toml",
    run_task_pause => "task_pause.toml",
    run_transfer => "transfer.toml",
    run_two_queues => "two_queues.toml",
    run_voice_extras => "voice_extras.toml",
}

#[test]
fn contact_records_of_all_methods() {
    let dir = tempdir();
    let out = dir.path().join("out");
    let records = dir.path().join("records.jsonl");
    let path = scenario("all_methods.toml");
    ccsim(&[
        "run",
        path.to_str().unwrap_or_default(),
        "--replications",
        "1",
        "--quiet",
        "--out",
        out.to_str().unwrap_or_default(),
        "--contact-records",
        records.to_str().unwrap_or_default(),
    ]);
    let bytes = std::fs::read(&records).unwrap_or_else(|e| panic!("{e}"));
    if let Some(p) = check("records/all_methods.jsonl", &bytes) {
        panic!("contact records moved (if on purpose: CCSIM_UPDATE_SNAPSHOTS=1):\n{p}");
    }
}

#[test]
fn staff_on_staffing_toml() {
    let dir = tempdir();
    let out = dir.path().join("out");
    let path = scenario("staffing.toml");
    let stdout = ccsim(&[
        "staff",
        path.to_str().unwrap_or_default(),
        "--replications",
        "4",
        "--quiet",
        "--out",
        out.to_str().unwrap_or_default(),
    ]);
    check_all("staff/staffing", &stdout, &out);
}

#[test]
fn staff_per_interval_on_staffing_day_toml() {
    let dir = tempdir();
    let out = dir.path().join("out");
    let path = scenario("staffing_day.toml");
    let stdout = ccsim(&[
        "staff",
        path.to_str().unwrap_or_default(),
        "--per-interval",
        "--replications",
        "4",
        "--quiet",
        "--out",
        out.to_str().unwrap_or_default(),
    ]);
    check_all("staff/staffing_day", &stdout, &out);
}

#[test]
fn sweep_on_sweep_headcount_toml() {
    let dir = tempdir();
    let out = dir.path().join("out");
    let path = scenario("sweep_headcount.toml");
    let stdout = ccsim(&[
        "sweep",
        path.to_str().unwrap_or_default(),
        "--replications",
        REPLICATIONS,
        "--quiet",
        "--out",
        out.to_str().unwrap_or_default(),
    ]);
    check_all("sweep/sweep_headcount", &stdout, &out);
}
