//! `ccsim sweep` and `ccsim merge` end to end: the same bytes for 1 and 2
//! threads, for 3 merged shards and for a run resumed after a stop or a
//! kill; a changed scenario refused unless `--fresh`; field-path errors for
//! bad grids; and common random numbers making the difference between two
//! headcounts less noisy than independent seeds would.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use ccsim::stats::Scope;

use crate::common::files;
use ccsim::sweep::point::{check_point, PointState};
use ccsim::sweep::{Manifest, Overrides, Sweep};
use statrs::distribution::{ContinuousCDF, FisherSnedecor};

fn ccsim() -> Command {
    Command::new(env!("CARGO_BIN_EXE_ccsim"))
}

fn bundled(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("scenarios")
        .join(name)
}

/// A small center for the command-line tests: 3 headcounts × 2 volumes =
/// 6 points, 3 replications each, two hours of calls.
const SMALL: &str = r#"
name = "small"

[simulation]
seed = 11
replications = 3
horizon = "2h"
interval = "1h"
drain = "1h"

[[queues]]
name = "q"

[[routing_profiles]]
name = "p"
queues = [{ queue = "q" }]

[[agent_groups]]
name = "g"
routing_profile = "p"
headcount = 6
auto_accept = true

[[sources]]
name = "s"
rate_per_hour = 100
queue = "q"

[sources.customer]
talk = { dist = "exponential", mean = "3m" }
patience = { dist = "exponential", mean = "2m" }

[sweep]
axes = [
  { path = "agent_groups.g.headcount", values = [5, 6, 7] },
  { path = "sources.s.rate_scale", values = [1.0, 1.2] },
]
"#;

/// Writes `text` as `dir/name` and returns the path.
fn scenario_file(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap_or_else(|e| panic!("{e}"));
    p
}

/// Runs `ccsim` with `args`.
fn run(args: &[&str]) -> Output {
    ccsim()
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot start ccsim: {e}"))
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// Runs `ccsim sweep SCENARIO --out OUT --quiet EXTRA…` and asserts success.
fn sweep(scenario: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "sweep",
        path_str(scenario),
        "--out",
        path_str(out),
        "--quiet",
    ];
    args.extend_from_slice(extra);
    let o = run(&args);
    assert!(
        o.status.success(),
        "ccsim {args:?} failed:\n{}",
        text(&o.stderr)
    );
    o
}

fn path_str(p: &Path) -> &str {
    p.to_str()
        .unwrap_or_else(|| panic!("non-UTF-8 temp path {p:?}"))
}

/// Asserts two folders hold the same files with the same bytes.
fn assert_same(a: &Path, b: &Path, what: &str) {
    let (fa, fb) = (files(a), files(b));
    assert_eq!(
        fa.keys().collect::<Vec<_>>(),
        fb.keys().collect::<Vec<_>>(),
        "{what}: different files"
    );
    for (k, v) in &fa {
        assert!(fb[k] == *v, "{what}: {} differs", k.display());
    }
}

fn point_json_count(dir: &Path) -> usize {
    files(dir)
        .keys()
        .filter(|k| k.ends_with("point.json"))
        .count()
}

#[test]
fn one_and_two_threads_write_identical_bytes_in_the_documented_layout() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let scenario = bundled("sweep_headcount.toml");
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    let out = sweep(&scenario, &a, &["--threads", "1", "--replications", "4"]);
    sweep(&scenario, &b, &["--threads", "2", "--replications", "4"]);
    assert_same(&a, &b, "1 vs 2 threads");

    let f = files(&a);
    // 4 headcounts × 2 seasons; each point has run's files and point.json.
    assert_eq!(point_json_count(&a), 8);
    for name in [
        "manifest.json",
        "sweep.csv",
        "points/0007/point.json",
        "points/0007/summary.json",
        "points/0007/summary.csv",
        "points/0007/histograms/percentiles.csv",
        "points/0007/histograms/total-total-wait.hdr",
    ] {
        assert!(f.contains_key(Path::new(name)), "missing {name}");
    }
    // The printed table lists every point.
    let report = text(&out.stdout);
    assert_eq!(report.lines().count(), 2 + 8, "{report}");

    // sweep.csv: one row per point × scope (total, queue, agent group),
    // axis values in grid order (first axis slowest; the season's two axes
    // zipped), and each mean exactly as the point's own summary.csv has it.
    let mut csv = csv::Reader::from_reader(&f[Path::new("sweep.csv")][..]);
    let header: Vec<String> = csv
        .headers()
        .unwrap_or_else(|e| panic!("{e}"))
        .iter()
        .map(String::from)
        .collect();
    assert_eq!(
        header[..6],
        [
            "point",
            "agent_groups.tier1.headcount",
            "sources.support_line.rate_scale",
            "sources.support_line.customer.talk.mean",
            "scope",
            "name"
        ]
    );
    let col = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no column {name}"))
    };
    let rows: Vec<csv::StringRecord> = csv
        .records()
        .map(|r| r.unwrap_or_else(|e| panic!("{e}")))
        .collect();
    // The same scopes, in the same order, at every point.
    let scopes = |p: &str| -> Vec<(String, String)> {
        rows.iter()
            .filter(|r| &r[0] == p)
            .map(|r| (r[4].to_string(), r[5].to_string()))
            .collect()
    };
    let per_point = scopes("0");
    assert_eq!(rows.len(), 8 * per_point.len());
    for kind in ["total", "queue", "agent_group"] {
        assert!(per_point.iter().any(|(k, _)| k == kind), "no {kind} row");
    }
    assert!((1..8).all(|p| scopes(&p.to_string()) == per_point));
    let row = |point: &str, scope: &str| {
        rows.iter()
            .find(|r| &r[0] == point && &r[4] == scope)
            .unwrap_or_else(|| panic!("no {scope} row for point {point}"))
    };
    let r3 = row("3", "total");
    assert_eq!(
        (&r3[0], &r3[1], &r3[2], &r3[3], &r3[4]),
        ("3", "11", "1.15", "4m20s", "total")
    );
    let summary = text(&f[Path::new("points/0003/summary.csv")]);
    let asa = summary
        .lines()
        .find(|l| l.starts_with("total,total,window,,asa_seconds,"))
        .unwrap_or_else(|| panic!("no total ASA in\n{summary}"));
    let expected = format!(
        "{},{}",
        &r3[col("asa_seconds_mean")],
        &r3[col("asa_seconds_ci95")]
    );
    assert!(asa.ends_with(&expected), "{asa} vs {expected}");
    let occupancy_of_queue = &row("3", "queue")[col("occupancy_mean")];
    assert_eq!(occupancy_of_queue, "", "a queue has no occupancy");
}

#[test]
fn three_shards_merged_are_the_whole_run_byte_for_byte() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let scenario = scenario_file(tmp.path(), "small.toml", SMALL);
    let whole = tmp.path().join("whole");
    sweep(&scenario, &whole, &[]);
    let shard = |k: usize| tmp.path().join(format!("shard{k}"));
    for k in 1..=3 {
        sweep(&scenario, &shard(k), &["--shard", &format!("{k}/3")]);
        let f = files(&shard(k));
        // Points i with i mod 3 = k-1, the whole run's manifest, no table.
        let points: Vec<String> = f
            .keys()
            .filter(|p| p.ends_with("point.json"))
            .map(|p| p.display().to_string())
            .collect();
        let expected: Vec<String> = (0..6)
            .filter(|i| i % 3 == k - 1)
            .map(|i| format!("points/{i:04}/point.json"))
            .collect();
        assert_eq!(points, expected);
        assert!(!f.contains_key(Path::new("sweep.csv")));
        assert_eq!(
            f[Path::new("manifest.json")],
            files(&whole)[Path::new("manifest.json")]
        );
    }
    let merged = tmp.path().join("merged");
    let o = run(&[
        "merge",
        path_str(&shard(3)),
        path_str(&shard(1)),
        path_str(&shard(2)),
        "--out",
        path_str(&merged),
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert_same(&whole, &merged, "3 merged shards vs the whole run");

    // A missing shard: nothing merged, the missing points listed, exit 2.
    let partial = tmp.path().join("partial");
    let o = run(&[
        "merge",
        path_str(&shard(1)),
        path_str(&shard(3)),
        "--out",
        path_str(&partial),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o.stderr));
    assert!(
        text(&o.stderr).contains("missing: 1, 4 (2 points)"),
        "{}",
        text(&o.stderr)
    );
    assert!(!partial.exists());

    // A shard of another sweep (another seed) is refused, naming the field.
    let other = tmp.path().join("other");
    sweep(&scenario, &other, &["--shard", "2/3", "--seed", "12"]);
    let o = run(&[
        "merge",
        path_str(&shard(1)),
        path_str(&other),
        path_str(&shard(3)),
        "--out",
        path_str(&partial),
    ]);
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("seed: 12 here, 11 in"), "{err}");
}

#[test]
fn a_stopped_sweep_resumes_and_finishes_with_identical_output() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let scenario = scenario_file(tmp.path(), "small.toml", SMALL);
    let whole = tmp.path().join("whole");
    sweep(&scenario, &whole, &[]);

    // --stop-after-points 3 ends the run right after the third point's
    // point.json is written, exactly as a kill at that moment would.
    let out = tmp.path().join("resumed");
    let o = run(&[
        "sweep",
        path_str(&scenario),
        "--out",
        path_str(&out),
        "--threads",
        "2",
        "--stop-after-points",
        "3",
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    assert!(text(&o.stderr).contains("run the same command again to resume"));
    assert_eq!(point_json_count(&out), 3);
    assert!(!out.join("sweep.csv").exists());

    let o = run(&[
        "sweep",
        path_str(&scenario),
        "--out",
        path_str(&out),
        "--threads",
        "2",
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(
        text(&o.stderr).contains("3 points computed, 3 already finished"),
        "{}",
        text(&o.stderr)
    );
    assert_same(&whole, &out, "stopped + resumed vs whole run");

    // A finished point whose file was lost is recomputed, not trusted.
    std::fs::remove_file(out.join("points/0004/histograms/total-total-wait.hdr"))
        .unwrap_or_else(|e| panic!("{e}"));
    let o = run(&["sweep", path_str(&scenario), "--out", path_str(&out)]);
    let err = text(&o.stderr);
    assert!(o.status.success(), "{err}");
    assert!(
        err.contains("point 4 was recomputed: histograms/total-total-wait.hdr is missing")
            && err.contains("1 points computed, 5 already finished"),
        "{err}"
    );
    assert_same(&whole, &out, "repaired vs whole run");
}

/// `point.json` vouches for the point's other files by their hashes, and
/// for itself by `record_sha256`: a hand edit of a metric in it is caught
/// by a resume (which recomputes the point) and by a merge (which ignores
/// the copy), never carried into `sweep.csv`.
#[test]
fn a_hand_edited_point_record_is_recomputed_and_not_merged() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let scenario = scenario_file(tmp.path(), "small.toml", SMALL);
    let whole = tmp.path().join("whole");
    sweep(&scenario, &whole, &[]);
    let edit = |dir: &Path| {
        let path = dir.join("points/0002/point.json");
        let text_ = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{e}"));
        let at = text_
            .find("\"mean\": ")
            .unwrap_or_else(|| panic!("no mean in {text_}"));
        let edited = format!("{}\"mean\": 12345.0,{}", &text_[..at], {
            let rest = &text_[at..];
            &rest[rest.find(',').unwrap_or_else(|| panic!("{rest}")) + 1..]
        });
        assert_ne!(edited, text_);
        std::fs::write(&path, edited).unwrap_or_else(|e| panic!("{e}"));
    };

    // Resumed: the edited point is recomputed, the folder is the whole run's.
    let resumed = tmp.path().join("resumed");
    sweep(&scenario, &resumed, &[]);
    edit(&resumed);
    let o = run(&["sweep", path_str(&scenario), "--out", path_str(&resumed)]);
    let err = text(&o.stderr);
    assert!(o.status.success(), "{err}");
    assert!(
        err.contains("point 2 was recomputed: point.json was changed since it was written")
            && err.contains("1 points computed, 5 already finished"),
        "{err}"
    );
    assert_same(&whole, &resumed, "an edited point recomputed vs whole run");

    // Merged: the edited copy is ignored; with no other copy, nothing is
    // merged and the point is named as missing.
    let shard = |k: usize| tmp.path().join(format!("shard{k}"));
    for k in 1..=2 {
        sweep(&scenario, &shard(k), &["--shard", &format!("{k}/2")]);
    }
    edit(&shard(1));
    let merged = tmp.path().join("merged");
    let o = run(&[
        "merge",
        path_str(&shard(1)),
        path_str(&shard(2)),
        "--out",
        path_str(&merged),
    ]);
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("missing: 2 (1 point)") && err.contains("point.json was changed"),
        "{err}"
    );
    assert!(!merged.join("sweep.csv").exists());
}

/// Parses every file a sweep writes by its kind; a half-written one fails.
fn assert_whole_file(path: &Path, bytes: &[u8]) {
    let name = path.display().to_string();
    if name.ends_with(".json") {
        serde_json::from_slice::<serde_json::Value>(bytes)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
    } else if name.ends_with(".csv") {
        assert!(bytes.ends_with(b"\n"), "{name} is cut short");
        let mut r = csv::Reader::from_reader(bytes);
        for rec in r.records() {
            rec.unwrap_or_else(|e| panic!("{name}: {e}"));
        }
    } else if name.ends_with(".hdr") {
        let mut d = hdrhistogram::serialization::Deserializer::new();
        let _: hdrhistogram::Histogram<u64> = d
            .deserialize(&mut &bytes[..])
            .unwrap_or_else(|e| panic!("{name}: {e:?}"));
    } else {
        panic!("unexpected file {name}");
    }
}

#[test]
fn a_killed_sweep_keeps_every_finished_point_and_resumes_to_identical_output() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    // Heavier points (a day of calls, 12 replications), so the kill lands
    // while the run is busy.
    let heavy = SMALL
        .replace("horizon = \"2h\"", "horizon = \"24h\"")
        .replace("replications = 3", "replications = 12")
        .replace("rate_per_hour = 100", "rate_per_hour = 130")
        .replace("values = [5, 6, 7]", "values = [7, 8, 9]");
    let scenario = scenario_file(tmp.path(), "heavy.toml", &heavy);
    let out = tmp.path().join("killed");
    let mut child = ccsim()
        .args([
            "sweep",
            path_str(&scenario),
            "--out",
            path_str(&out),
            "--quiet",
            "--threads",
            "1",
        ])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"));
    // Kill (SIGKILL: no chance to clean up) once two points are finished.
    // The test waits for files, not for a time; the bound only keeps a
    // broken build from hanging the suite.
    let finished_now = || {
        std::fs::read_dir(out.join("points"))
            .map(|d| {
                d.flatten()
                    .filter(|e| e.path().join("point.json").exists())
                    .count()
            })
            .unwrap_or(0)
    };
    for _ in 0..12_000 {
        if finished_now() >= 2 || child.try_wait().ok().flatten().is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    let _ = child.kill();
    let _ = child.wait();

    // Whatever the moment of the kill: every non-temporary file parses, and
    // every point.json present vouches for a complete point.
    let manifest = match Manifest::read(&out) {
        Ok(Some(m)) => m,
        other => panic!("manifest after kill: {other:?}"),
    };
    let f = files(&out);
    let mut finished = 0;
    for (rel, bytes) in &f {
        let name = rel
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if name.starts_with('.') && name.contains(".tmp-") {
            continue;
        }
        assert_whole_file(rel, bytes);
        if name == "point.json" {
            finished += 1;
        }
    }
    let sha = manifest.sha256();
    for i in 0..manifest.point_count {
        let state = check_point(&out, &manifest, &sha, i);
        assert!(
            matches!(state, PointState::Finished(..) | PointState::Missing),
            "point {i} after kill: {state:?}"
        );
    }
    assert!(
        finished >= 2,
        "the kill came before two points were finished"
    );
    eprintln!("killed with {finished} of 6 points finished");

    sweep(&scenario, &out, &["--threads", "2"]);
    let whole = tmp.path().join("whole");
    sweep(&scenario, &whole, &["--threads", "2"]);
    assert_same(&whole, &out, "killed + resumed vs whole run");
}

#[test]
fn a_changed_scenario_is_refused_unless_fresh() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let scenario = scenario_file(tmp.path(), "small.toml", SMALL);
    let out = tmp.path().join("out");
    sweep(&scenario, &out, &[]);
    let before = files(&out);

    let changed = SMALL.replace("rate_per_hour = 100", "rate_per_hour = 90");
    std::fs::write(&scenario, &changed).unwrap_or_else(|e| panic!("{e}"));
    let o = run(&[
        "sweep",
        path_str(&scenario),
        "--out",
        path_str(&out),
        "--quiet",
    ]);
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("holds results of a different sweep")
            && err.contains("(the scenario file changed)")
            && err.contains("--fresh"),
        "{err}"
    );
    assert!(
        files(&out) == before,
        "a refused run must not touch the folder"
    );

    // A file of the user's own beside the sweep files survives --fresh;
    // the discarded grid's report does not.
    std::fs::write(out.join("notes.txt"), "mine").unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(out.join("report.html"), "the old grid").unwrap_or_else(|e| panic!("{e}"));
    sweep(&scenario, &out, &["--fresh"]);
    assert!(!out.join("report.html").exists());
    let clean = tmp.path().join("clean");
    sweep(&scenario, &clean, &[]);
    std::fs::remove_file(out.join("notes.txt")).unwrap_or_else(|e| panic!("{e}"));
    assert_same(
        &clean,
        &out,
        "--fresh vs a clean run of the changed scenario",
    );
}

/// Runs `ccsim sweep SCENARIO --out OUT --quiet` and asserts exit code 2
/// with `expected` in the message.
fn refused_sweep(scenario: &Path, out: &Path, expected: &str) {
    let o = run(&[
        "sweep",
        path_str(scenario),
        "--out",
        path_str(out),
        "--quiet",
    ]);
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains(expected), "{err}");
}

/// A folder that never held a sweep (no manifest.json) but has a
/// `points/` or `sweep.csv` of the user's: `--fresh` deleted the user's
/// `points/` and a finished grid overwrote their `sweep.csv` (fuzz59 G7).
/// Both are now refused before any work, the files untouched; a sweep's
/// folder whose manifest was deleted still resumes.
#[test]
fn a_user_s_points_or_table_in_a_folder_without_a_manifest_are_never_replaced() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let scenario = scenario_file(tmp.path(), "small.toml", SMALL);
    let proj = tmp.path().join("proj");
    std::fs::create_dir_all(proj.join("points")).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(proj.join("points/mine.csv"), "survey points").unwrap_or_else(|e| panic!("{e}"));
    for extra in [&["--fresh"][..], &[]] {
        let mut args = vec![
            "sweep",
            path_str(&scenario),
            "--out",
            path_str(&proj),
            "--quiet",
        ];
        args.extend_from_slice(extra);
        let o = run(&args);
        let err = text(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{extra:?}: {err}");
        assert!(
            err.contains("points/mine.csv") && err.contains("choose another --out"),
            "{err}"
        );
        assert_eq!(files(&proj).len(), 1, "{extra:?}: the folder was touched");
    }
    let table = tmp.path().join("table");
    std::fs::create_dir_all(&table).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(table.join("sweep.csv"), "site,agents\nA,3\n").unwrap_or_else(|e| panic!("{e}"));
    refused_sweep(&scenario, &table, ": sweep.csv");
    // ccsim's own folder, its manifest deleted, resumes to the same bytes.
    let out = tmp.path().join("out");
    sweep(&scenario, &out, &["--report"]);
    let whole = files(&out);
    std::fs::remove_file(out.join("manifest.json")).unwrap_or_else(|e| panic!("{e}"));
    sweep(&scenario, &out, &["--report"]);
    assert!(files(&out) == whole, "resumed without its manifest");
    // A damaged manifest points to that way back, not only to --fresh.
    let manifest = std::fs::read(out.join("manifest.json")).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(out.join("manifest.json"), &manifest[..30]).unwrap_or_else(|e| panic!("{e}"));
    refused_sweep(&scenario, &out, "delete manifest.json to resume");
    std::fs::remove_file(out.join("manifest.json")).unwrap_or_else(|e| panic!("{e}"));
    sweep(&scenario, &out, &["--report"]);
    assert!(files(&out) == whole, "resumed after a damaged manifest");
    // `merge` refuses the same folder, and a file as --out by name
    // (it said "holds results of a different sweep … Not a directory").
    let o = run(&["merge", path_str(&out), "--out", path_str(&proj)]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o.stderr));
    assert!(
        text(&o.stderr).contains("points/mine.csv"),
        "{}",
        text(&o.stderr)
    );
    let file = scenario_file(tmp.path(), "f.txt", "keep");
    let o = run(&["merge", path_str(&out), "--out", path_str(&file)]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o.stderr));
    assert!(
        text(&o.stderr).contains("is a file, not a folder"),
        "{}",
        text(&o.stderr)
    );
    assert_eq!(std::fs::read_to_string(&file).ok().as_deref(), Some("keep"));
}

/// Runs `ccsim sweep` on `text` (as bad.toml) plus `extra` arguments;
/// asserts exit code 2, no panic, the file named and every fragment.
fn assert_sweep_error(text_: &str, extra: &[&str], expected: &[&str]) {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let scenario = scenario_file(tmp.path(), "bad.toml", text_);
    let out = tmp.path().join("out");
    let mut args = vec![
        "sweep",
        path_str(&scenario),
        "--out",
        path_str(&out),
        "--quiet",
    ];
    args.extend_from_slice(extra);
    let o = run(&args);
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "exit code for {extra:?}:\n{err}");
    assert!(!err.contains("panicked"), "panic:\n{err}");
    for e in expected {
        assert!(err.contains(e), "expected `{e}` in:\n{err}");
    }
    assert!(
        !out.join("points").exists(),
        "nothing may run on a bad sweep"
    );
}

#[test]
fn bad_grids_and_arguments_get_field_path_errors_and_exit_code_2() {
    let with_axes = |axes: &str| {
        let head = SMALL.split("[sweep]").next().unwrap_or(SMALL);
        format!("{head}[sweep]\n{axes}\n")
    };
    assert_sweep_error(
        &with_axes("axes = [{ path = \"agent_groups.tier2.headcount\", values = [5] }]"),
        &[],
        &[
            "bad.toml",
            "sweep.axes[0].path",
            "no entry named `tier2`",
            "names there: g",
        ],
    );
    assert_sweep_error(
        &with_axes("axes = [{ path = \"agent_groups.g.headcount\", values = [5, -2] }]"),
        &[],
        &[
            "sweep.axes[0].values[1]",
            "agent_groups.g.headcount = -2",
            "agent_groups[0].headcount",
        ],
    );
    assert_sweep_error(
        &with_axes("axes = [{ path = \"agent_groups.g.headcont\", values = [5] }]"),
        &[],
        &["sweep.axes[0].path", "headcont", "unknown field"],
    );
    assert_sweep_error(
        &with_axes("zip = true\naxes = [{ path = \"agent_groups.g.headcount\", values = [5, 6] }, { path = \"sources.s.rate_scale\", values = [1.0] }]"),
        &[],
        &["sweep.axes[1].values", "need the same number"],
    );
    assert_sweep_error(
        &with_axes("axes = [{ path = \"sources.s.customer.patience.cv\", values = [0.5] }]"),
        &[],
        &["sweep.axes[0].path"],
    );
    assert_sweep_error(
        SMALL.split("[sweep]").next().unwrap_or(SMALL),
        &[],
        &["no [sweep] table", "sweep_headcount.toml"],
    );
    assert_sweep_error(SMALL, &["--shard", "0/2"], &["--shard 0/2", "1 ≤ K ≤ N"]);
    assert_sweep_error(SMALL, &["--shard", "two"], &["--shard two: expected K/N"]);
    assert_sweep_error(
        SMALL,
        &["--threads", "0"],
        &["--threads must be at least 1"],
    );
}

/// Sample variance (n − 1 in the denominator).
fn variance(x: &[f64]) -> f64 {
    let n = x.len() as f64;
    let m = x.iter().sum::<f64>() / n;
    x.iter().map(|v| (v - m).powi(2)).sum::<f64>() / (n - 1.0)
}

/// The per-replication values of the total ASA at each point of `text`.
fn asa_per_replication(text: &str) -> Vec<Vec<f64>> {
    let sweep = Sweep::from_text(text, Path::new("crn.toml"), "crn", &Overrides::default())
        .unwrap_or_else(|e| panic!("{e}"));
    sweep
        .points
        .iter()
        .map(|p| {
            let s = ccsim::exec::run_scenario(&p.spec, None, &|| {});
            let e = s
                .get(&Scope::Total, "asa_seconds")
                .unwrap_or_else(|| panic!("no ASA"));
            assert_eq!(e.values.len(), p.spec.replications as usize);
            e.values.clone()
        })
        .collect()
}

/// The difference in ASA between 10 and 11 agents, over 30 replications:
/// with common random numbers (both points with one seed, as a sweep runs
/// them) its variance is far smaller than with independent seeds per
/// point, because replication r then meets the same customers at both
/// headcounts.
///
/// The statistic is F = s²(independent differences) / s²(CRN differences).
/// The two samples are independent of each other (the CRN pair uses seed 7,
/// the independent pair seeds 101 and 202), each of 30 replications; if CRN
/// did not reduce the variance, F would follow an F(29, 29) distribution
/// (differences of daily means are close to normal), and exceeding its
/// 99.9 % quantile (≈ 3.3) would happen with probability 0.001. The seeds
/// are fixed, so the test is deterministic; the quantile is the margin by
/// which the observed reduction must beat chance.
#[test]
fn common_random_numbers_shrink_the_variance_of_differences() {
    let base = r#"
[simulation]
seed = 7
replications = 30
horizon = "8h"
interval = "1h"
drain = "2h"

[[queues]]
name = "q"

[[routing_profiles]]
name = "p"
queues = [{ queue = "q" }]

[[agent_groups]]
name = "g"
routing_profile = "p"
headcount = 10
auto_accept = true

[[sources]]
name = "s"
rate_per_hour = 130
queue = "q"

[sources.customer]
talk = { dist = "exponential", mean = "4m" }
patience = { dist = "exponential", mean = "3m" }
"#;
    let crn = asa_per_replication(&format!(
        "{base}\n[sweep]\naxes = [{{ path = \"agent_groups.g.headcount\", values = [10, 11] }}]\n"
    ));
    let independent = asa_per_replication(&format!(
        "{base}\n[sweep]\naxes = [{{ path = \"agent_groups.g.headcount\", values = [10, 11], group = \"x\" }}, {{ path = \"simulation.seed\", values = [101, 202], group = \"x\" }}]\n"
    ));
    let diff =
        |pts: &[Vec<f64>]| -> Vec<f64> { pts[0].iter().zip(&pts[1]).map(|(a, b)| a - b).collect() };
    let (d_crn, d_ind) = (diff(&crn), diff(&independent));
    assert_eq!((d_crn.len(), d_ind.len()), (30, 30));
    // Both designs see the same effect: more agents, shorter waits.
    let mean = |x: &[f64]| x.iter().sum::<f64>() / x.len() as f64;
    assert!(mean(&d_crn) > 0.0 && mean(&d_ind) > 0.0);
    // With CRN every replication agrees on the sign of the effect.
    assert!(d_crn.iter().all(|d| *d > 0.0), "{d_crn:?}");

    let f = variance(&d_ind) / variance(&d_crn);
    let critical = FisherSnedecor::new(29.0, 29.0)
        .map(|d| d.inverse_cdf(0.999))
        .unwrap_or_else(|e| panic!("{e}"));
    eprintln!(
        "ASA difference 10 vs 11 agents: variance with CRN {:.3}, independent {:.3}; F = {f:.1} (99.9 % critical value {critical:.2})",
        variance(&d_crn),
        variance(&d_ind)
    );
    assert!(
        f > critical,
        "variance ratio {f:.2} does not beat the F(29, 29) 99.9 % quantile {critical:.2}"
    );
}
