//! Resource guards (issue 13): no input may hang ccsim, exhaust memory, or
//! leave a half-written results folder. One test per defect the fuzz
//! campaign found (D1–D15), each run against the real binary with a small
//! input: the exit code and the message's field path. Inputs that used to
//! hang or eat memory are refused at `validate`, before any work, and run
//! under a wall-clock deadline (and, where they used to allocate, an
//! address-space cap), so a regression fails instead of hanging the suite.
//!
//! Then the work estimate against the offered load, and a property test:
//! random mutations of the bundled scenarios never panic, never need more
//! than a memory budget, and finish within a bounded number of events.
//! It runs `PROPTEST_CASES` cases (default 48, what CI runs) from a fixed
//! seed, so CI tries the same mutants every time and a failure reproduces;
//! for a longer local campaign from other seeds:
//!
//! ```text
//! PROPTEST_CASES=2000 PROPTEST_RNG_SEED=7 cargo test --release --test integration guards::mutations
//! ```

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use ccsim::scenario::{ProblemKind, ScenarioError};
use ccsim::stats::work::WorkEstimate;

/// A small valid scenario the tests vary.
const BASE: &str = r#"
[simulation]
seed = 3
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
headcount = 3

[[sources]]
name = "s"
rate_per_hour = 60
queue = "q"
customer = { talk = "3m" }
"#;

/// What a command did.
struct Ran {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs `ccsim` with `args` (after `shell_prefix`, a `bash` line such as
/// `ulimit -v 1000000;` when given), failing the test if it takes longer
/// than `deadline` — the guard against a hang.
fn ccsim_in(shell_prefix: Option<&str>, args: &[&str], deadline: Duration) -> Ran {
    let bin = env!("CARGO_BIN_EXE_ccsim");
    let mut cmd = match shell_prefix {
        None => {
            let mut c = Command::new(bin);
            c.args(args);
            c
        }
        Some(prefix) => {
            let mut c = Command::new("bash");
            c.arg("-c")
                .arg(format!("{prefix} exec \"$0\" \"$@\""))
                .arg(bin)
                .args(args);
            c
        }
    };
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start ccsim: {e}"));
    // Drain the pipes on threads so a chatty child cannot block.
    let mut out = child.stdout.take();
    let mut err = child.stderr.take();
    let o = std::thread::spawn(move || {
        let mut s = String::new();
        if let Some(o) = out.as_mut() {
            let _ = o.read_to_string(&mut s);
        }
        s
    });
    let e = std::thread::spawn(move || {
        let mut s = String::new();
        if let Some(e) = err.as_mut() {
            let _ = e.read_to_string(&mut s);
        }
        s
    });
    let start = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if start.elapsed() > deadline => {
                let _ = child.kill();
                let _ = child.wait();
                panic!("ccsim {args:?} ran longer than {deadline:?}: a hang");
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(5)),
            Err(e) => panic!("{e}"),
        }
    };
    let ran = Ran {
        code: status.code().unwrap_or(-1),
        stdout: o.join().unwrap_or_default(),
        stderr: e.join().unwrap_or_default(),
    };
    assert!(
        !ran.stderr.contains("panicked"),
        "ccsim {args:?} panicked:\n{}",
        ran.stderr
    );
    ran
}

/// Runs `ccsim` with a 20-second deadline.
fn ccsim(args: &[&str]) -> Ran {
    ccsim_in(None, args, Duration::from_secs(20))
}

/// The events a run reports handling on stderr (`… 69565 events in 0.01 s …`).
fn events_handled(stderr: &str) -> Option<f64> {
    stderr
        .split(" events in ")
        .next()
        .and_then(|x| x.rsplit(['\n', ' ']).next())
        .and_then(|x| x.parse().ok())
}

/// A temporary folder.
fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"))
}

/// Writes `text` as `bad.toml` in `dir`.
fn write(dir: &Path, text: &str) -> PathBuf {
    let p = dir.join("bad.toml");
    std::fs::write(&p, text).unwrap_or_else(|e| panic!("{e}"));
    p
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap_or_default()
}

/// Asserts a refusal: exit code 2, the file named, every fragment present.
fn assert_refused(r: &Ran, fragments: &[&str]) {
    assert_eq!(r.code, 2, "exit code; stderr:\n{}", r.stderr);
    assert!(
        r.stderr.contains("bad.toml"),
        "file not named:\n{}",
        r.stderr
    );
    for f in fragments {
        assert!(r.stderr.contains(f), "expected `{f}` in:\n{}", r.stderr);
    }
}

/// `validate` on `text`, with memory capped at 1 GB of address space.
fn validate(text: &str) -> Ran {
    let d = tempdir();
    let p = write(d.path(), text);
    ccsim_in(
        Some("ulimit -v 1000000;"),
        &["validate", s(&p)],
        Duration::from_secs(20),
    )
}

#[test]
fn d1_outbound_dialling_finer_than_the_clock_is_refused() {
    let text = BASE.replace(
        "headcount = 3\n",
        "headcount = 3\noutbound = { calls_per_hour = 1e12, ring = \"20s\", answer_probability = 0.5, talk = \"3m\" }\n",
    );
    let r = validate(&text.replace("horizon = \"1h\"", "horizon = \"1m\""));
    assert_refused(
        &r,
        &["agent_groups[0].outbound.calls_per_hour", "clock (1 ms)"],
    );
}

#[test]
fn d1_arrivals_finer_than_the_clock_are_refused_before_running() {
    // A million a second with no handling time, for a minute.
    let text = BASE
        .replace("rate_per_hour = 60", "rate_per_hour = 3.6e9")
        .replace("talk = \"3m\"", "talk = \"0s\"")
        .replace("horizon = \"1h\"", "horizon = \"1m\"");
    assert_refused(
        &validate(&text),
        &["sources[0].rate_per_hour", "3.6 million"],
    );
    let d = tempdir();
    let p = write(d.path(), &text);
    let out = d.path().join("out");
    let r = ccsim(&["run", s(&p), "--out", s(&out)]);
    assert_refused(&r, &["sources[0].rate_per_hour"]);
    assert!(!out.exists());
}

/// 3 million an hour against 10 agents for 8 hours: ~24 million waiting,
/// beyond the memory a run may take.
fn beyond_memory() -> String {
    BASE.replace("rate_per_hour = 60", "rate_per_hour = 3000000")
        .replace("headcount = 3", "headcount = 10")
        .replace("horizon = \"1h\"", "horizon = \"8h\"")
}

#[test]
fn d2_a_backlog_beyond_memory_is_refused_and_absurd_overload_warned() {
    let text = beyond_memory();
    assert_refused(
        &validate(&text),
        &["sources[0].rate_per_hour", "memory", "erlangs"],
    );
    // Patience bounds the queue: valid, but warned about.
    let patient = text.replace("talk = \"3m\"", "talk = \"3m\", patience = \"30s\"");
    let r = validate(&patient);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("Warning: the offered load"),
        "{}",
        r.stdout
    );
}

/// Callers still waiting when their queue flow offers a callback take
/// one, and a callback never gives up: behind an overloaded queue the
/// callbacks pile up however patient its callers are (a fuzz campaign's
/// find: a million calls an hour against ten agents, patience bounding
/// their queue, took 8 GB in two minutes and went on growing).
#[test]
fn d2_callbacks_piling_up_behind_an_overloaded_queue_are_refused() {
    let text = r#"
[simulation]
seed = 3
replications = 2
horizon = "24h"

[[queues]]
name = "q"
[[queues]]
name = "callbacks"

[[routing_profiles]]
name = "p"
queues = [{ queue = "q", priority = 1 }, { queue = "callbacks", priority = 2 }]

[[agent_groups]]
name = "g"
routing_profile = "p"
headcount = 10

[[flows]]
name = "Queue with callback"
type = "customer_queue"
callback = { offer_after = "60s", take_probability = 0.5, queue = "callbacks", answer_probability = 0.8 }

[[flows]]
name = "entry"
type = "inbound"
duration = "0s"
queues = [{ queue = "q", probability = 1.0 }]
sets = { customer_queue = "Queue with callback" }

[[sources]]
name = "s"
rate_per_hour = 1000000
inbound_flow = "entry"
customer = { talk = "3m", patience = "2m" }
"#;
    assert_refused(
        &validate(text),
        &[
            "sources[0].rate_per_hour",
            "memory",
            "callbacks never give up",
        ],
    );
    // A capacity on the callbacks' queue bounds them: valid.
    let capped = text.replace(
        "name = \"callbacks\"\n",
        "name = \"callbacks\"\ncapacity = 1000\n",
    );
    assert_ne!(capped, text);
    let r = validate(&capped);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // So does a queue the agents keep up with: no callbacks pile up.
    let light = text.replace("rate_per_hour = 1000000", "rate_per_hour = 150");
    let r = validate(&light);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // A team of its own for the callbacks, a thousand agents but too few
    // for 84 a second at 200 s each: they pile up all the same (counted
    // as contacts a second, not at their handle time, a thousand agents
    // took a thousand a second).
    let own_team = text
        .replace(
            "queues = [{ queue = \"q\", priority = 1 }, { queue = \"callbacks\", priority = 2 }]",
            "queues = [{ queue = \"q\" }]\n\n[[routing_profiles]]\nname = \"cb\"\nqueues = [{ queue = \"callbacks\" }]",
        )
        .replace(
            "headcount = 10\n",
            "headcount = 10\n\n[[agent_groups]]\nname = \"cb\"\nrouting_profile = \"cb\"\nheadcount = 1000\n",
        );
    assert!(
        own_team.contains("name = \"cb\"\nrouting_profile"),
        "{own_team}"
    );
    assert_refused(
        &validate(&own_team),
        &["sources[0].rate_per_hour", "callbacks never give up"],
    );
}

/// The problems' paths and kinds when `text` fails to load.
fn kinds(text: &str) -> Vec<(String, ProblemKind)> {
    match ccsim::scenario::parse(text, Path::new("t.toml"), "t") {
        Err(ScenarioError::Invalid { problems, .. }) => {
            problems.into_iter().map(|p| (p.path, p.kind)).collect()
        }
        other => panic!("expected problems, got {other:?}"),
    }
}

#[test]
fn d2_a_run_beyond_memory_is_told_apart_from_a_wrong_input() {
    // Calibration acts on the kind (it reports a center too large for
    // memory as such), not on the message's words.
    let beyond = beyond_memory();
    let path = || "sources[0].rate_per_hour".to_string();
    assert_eq!(kinds(&beyond), vec![(path(), ProblemKind::BeyondMemory)]);
    let wrong = BASE.replace("rate_per_hour = 60", "rate_per_hour = -1");
    assert_eq!(kinds(&wrong), vec![(path(), ProblemKind::Input)]);
}

#[test]
fn d3_a_huge_horizon_is_refused_without_allocating() {
    let r = validate(&BASE.replace("horizon = \"1h\"", "horizon = \"1e18\""));
    assert_refused(&r, &["simulation.horizon", "1,000 years"]);
}

#[test]
fn d4_too_many_intervals_are_refused() {
    let text = BASE.replace("horizon = \"1h\"", "horizon = \"100h\"\ninterval = \"1ms\"");
    assert_refused(
        &validate(&text),
        &["simulation.interval", "20,000 intervals", "18s"],
    );
}

#[test]
fn d5_many_intervals_are_written_in_linear_time() {
    // 8 h at 10 s: 2,880 intervals (the quadratic writer took ~20 s here).
    let d = tempdir();
    let p = write(
        d.path(),
        &BASE.replace("horizon = \"1h\"", "horizon = \"8h\"\ninterval = \"10s\""),
    );
    let out = d.path().join("out");
    let r = ccsim(&[
        "run",
        s(&p),
        "--out",
        s(&out),
        "--replications",
        "1",
        "--quiet",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let json: serde_json::Value = serde_json::from_slice(
        &std::fs::read(out.join("summary.json")).unwrap_or_else(|e| panic!("{e}")),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(json["intervals"].as_array().map(Vec::len), Some(2880));
    assert_eq!(json["intervals"][2879]["interval"], 2879);
}

#[test]
fn d6_replications_beyond_the_cap_are_refused_from_the_file_and_the_flag() {
    let r = validate(&BASE.replace("replications = 2", "replications = 1000000000"));
    assert_refused(
        &r,
        &[
            "simulation.replications",
            "1,000,000,000 replications; the limit is 1,000,000",
        ],
    );
    let d = tempdir();
    let p = write(d.path(), BASE);
    let r = ccsim(&[
        "run",
        s(&p),
        "--replications",
        "4294967295",
        "--out",
        s(&d.path().join("o")),
    ]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("--replications"), "{}", r.stderr);
}

#[test]
fn d6_a_summary_past_the_kept_values_keeps_moments_only() {
    let mut spec = ccsim::scenario::parse(
        &BASE.replace("horizon = \"1h\"", "horizon = \"1m\""),
        Path::new("t.toml"),
        "t",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    spec.replications = ccsim::stats::KEPT_VALUES + 1;
    let summary = ccsim::exec::run_scenario(&spec, Some(2), &|| {});
    assert_eq!(summary.replications, ccsim::stats::KEPT_VALUES + 1);
    let created = summary
        .get(&ccsim::stats::Scope::Total, "contacts_created")
        .unwrap_or_else(|| panic!("no contacts_created"));
    assert!(created.values.is_empty());
    // One a minute: the mean of 1,001 Poisson(1) counts is within 4
    // standard errors (1/√1001) of 1, and the half-width near 1.96/√1001.
    let mean = created.mean.unwrap_or(f64::NAN);
    assert!((mean - 1.0).abs() < 4.0 / 1001f64.sqrt(), "{mean}");
    let ci = created.ci95.unwrap_or(f64::NAN);
    assert!((ci - 1.96 / 1001f64.sqrt()).abs() < 0.02, "{ci}");
}

#[test]
fn d7_thresholds_queues_and_points_beyond_the_limits_are_refused_at_validate() {
    let thresholds: Vec<String> = (1..=21).map(|i| format!("\"{i}s\"")).collect();
    let text = BASE.replace(
        "name = \"q\"\n",
        &format!(
            "name = \"q\"\nservice_level_thresholds = [{}]\n",
            thresholds.join(", ")
        ),
    );
    assert_refused(
        &validate(&text),
        &["queues[0].service_level_thresholds", "limit is 20"],
    );
    // 10,000 queues: five histograms each, per replication in flight.
    let mut many = BASE.to_string();
    for i in 0..10_000 {
        many.push_str(&format!("\n[[queues]]\nname = \"x{i}\"\n"));
    }
    assert_refused(&validate(&many), &["queues:", "memory"]);
    let values: Vec<String> = (0..10_001)
        .map(|i| format!("{}", 1.0 + i as f64 * 1e-6))
        .collect();
    let sweep = format!(
        "{BASE}\n[sweep]\naxes = [{{ path = \"sources.s.rate_scale\", values = [{}] }}]\n",
        values.join(", ")
    );
    assert_refused(
        &validate(&sweep),
        &["sweep.axes", "10001 points", "limit is 10000"],
    );
    // The sweep's own replications meet the limit `simulation.replications`
    // has (a fuzz find: 1,000,001 got past it).
    let sweep = format!(
        "{BASE}\n[sweep]\nreplications = 1000001\naxes = [{{ path = \"sources.s.rate_scale\", values = [1, 2] }}]\n"
    );
    assert_refused(
        &validate(&sweep),
        &["sweep.replications", "limit is 1000000"],
    );
    // A large scenario over many points: each point is a scenario of its
    // own, so the points' text is bounded (a fuzz find: a 12 MB scenario
    // over 10,000 points took gigabytes before any limit looked).
    let padding = format!("# {}\n", "x".repeat(1_000_000));
    let values: Vec<String> = (0..2_000).map(|i| format!("{}", 1 + i)).collect();
    let sweep = format!(
        "{BASE}{}\n[sweep]\naxes = [{{ path = \"sources.s.rate_scale\", values = [{}] }}]\n",
        padding,
        values.join(", ")
    );
    assert_refused(
        &validate(&sweep),
        &[
            "sweep.axes",
            "2000 points of a 1.0 MB scenario",
            "sweep at most",
        ],
    );
}

#[test]
fn d8_a_century_is_estimated_and_refused_without_no_limits() {
    let text = BASE
        .replace(
            "horizon = \"1h\"",
            "horizon = \"36500d\"\ninterval = \"30d\"",
        )
        .replace("rate_per_hour = 60", "rate_per_hour = 120")
        .replace("headcount = 3", "headcount = 10");
    let r = validate(&text);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // 120 an hour for 876,000 hours.
    assert!(
        r.stdout.contains("Work estimate: ~105.1 million contacts"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("would refuse this without --no-limits"),
        "{}",
        r.stdout
    );
    let d = tempdir();
    let p = write(d.path(), &text);
    let r = ccsim(&["run", s(&p), "--out", s(&d.path().join("o"))]);
    assert_refused(&r, &["simulation.horizon", "--no-limits", "events"]);
    let help = ccsim(&["run", "--help"]);
    assert!(help.stdout.contains("--no-limits"), "{}", help.stdout);
}

/// Bytes in a size as the estimates print it (`12.5 MiB`, `331 KiB`).
fn parse_bytes(text: &str) -> f64 {
    let (n, unit) = text.split_once(' ').unwrap_or((text, "B"));
    let n: f64 = n.parse().unwrap_or_else(|e| panic!("{text}: {e}"));
    let scale = match unit {
        "B" | "bytes" => 1.0,
        "KiB" => 1024.0,
        "MiB" => 1024.0 * 1024.0,
        "GiB" => 1024.0 * 1024.0 * 1024.0,
        "TiB" => 1024f64.powi(4),
        other => panic!("unit {other} in {text}"),
    };
    n * scale
}

/// Nothing bounded what a command writes (fuzz59 F5: a 367-byte scenario
/// wrote 151 MB a run, and a grid `sweep` accepted would have written
/// 1.5 TB). `validate` now estimates it — above what a run writes, and
/// not by much — and `sweep` and `run --contact-records` refuse more than
/// 10 GiB without --no-limits, naming what drives it.
#[test]
fn d8_output_beyond_the_limit_is_estimated_and_refused_without_no_limits() {
    let d = tempdir();
    let fine = BASE
        .replace("horizon = \"1h\"", "horizon = \"2000m\"\ninterval = \"1m\"")
        .replace("replications = 2", "replications = 1");
    let r = validate(&fine);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let estimate = r
        .stdout
        .split("Output estimate: about ")
        .nth(1)
        .and_then(|t| t.split(" of result files per run").next())
        .map(parse_bytes)
        .unwrap_or_else(|| panic!("{}", r.stdout));
    let p = write(d.path(), &fine);
    let out = d.path().join("o");
    let ran = ccsim(&["run", s(&p), "--quiet", "--out", s(&out)]);
    assert_eq!(ran.code, 0, "{}", ran.stderr);
    let written: u64 = tree(&out).iter().map(|(_, b)| b.len() as u64).sum();
    assert!(
        (written as f64) <= estimate && estimate <= 3.0 * written as f64,
        "estimated {estimate} bytes, wrote {written}"
    );
    // A hundred points like it, at 12,000 intervals each.
    let values: Vec<String> = (1..=100).map(|i| i.to_string()).collect();
    let grid = format!(
        "{}\n[sweep]\naxes = [{{ path = \"sources.s.rate_scale\", values = [{}] }}]\n",
        fine.replace("horizon = \"2000m\"", "horizon = \"12000m\""),
        values.join(", ")
    );
    let r = validate(&grid);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("would refuse this without --no-limits")
            && r.stdout
                .contains("of result files, beyond the limit of 10.0 GiB"),
        "{}",
        r.stdout
    );
    let p = write(d.path(), &grid);
    let r = ccsim(&["sweep", s(&p), "--out", s(&d.path().join("sw"))]);
    assert_refused(
        &r,
        &[
            "sweep.axes",
            "this sweep would write about",
            "100 points' result files",
            "--no-limits",
        ],
    );
    // The records of 12 million contacts, as JSON Lines (about 1.5 KB
    // each), are beyond it; the same run without them is not refused for
    // its files.
    let long = BASE
        .replace("horizon = \"1h\"", "horizon = \"200h\"\ninterval = \"24h\"")
        .replace("replications = 2", "replications = 1000");
    let p = write(d.path(), &long);
    let records = d.path().join("r.jsonl");
    let r = ccsim(&[
        "run",
        s(&p),
        "--out",
        s(&d.path().join("o2")),
        "--contact-records",
        s(&records),
    ]);
    assert_refused(
        &r,
        &[
            "simulation.replications",
            "the contact records of about 12.0 million contacts",
            "--records-layout firehose",
        ],
    );
    assert!(!records.exists());
    let r = validate(&long);
    assert!(!r.stdout.contains("would refuse"), "{}", r.stdout);
}

#[test]
fn d9_a_closed_stdout_ends_quietly() {
    let d = tempdir();
    let p = write(d.path(), BASE);
    let mut child = Command::new(env!("CARGO_BIN_EXE_ccsim"))
        .args(["validate", s(&p)])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"));
    // The reader goes away before ccsim writes (as `| head -0` would).
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap_or_else(|e| panic!("{e}"));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(!err.contains("panicked") && err.is_empty(), "{err}");
}

#[test]
fn d10_queue_names_that_collide_as_file_names_are_refused() {
    let text = BASE.replace(
        "name = \"q\"\n",
        "name = \"a/b\"\n\n[[queues]]\nname = \"a_b\"\n",
    );
    let text = text.replace("queue = \"q\"", "queue = \"a/b\"");
    assert_refused(&validate(&text), &["queues[1].name", "same files"]);
    // Case too: some file systems ignore it.
    let text = BASE.replace(
        "name = \"q\"\n",
        "name = \"q\"\n\n[[queues]]\nname = \"Q\"\n",
    );
    assert_refused(&validate(&text), &["queues[1].name"]);
}

#[test]
fn d11_a_name_too_long_for_a_file_is_refused_at_validate() {
    let long = "x".repeat(300);
    let text = BASE
        .replace("name = \"q\"\n", &format!("name = \"{long}\"\n"))
        .replace("{ queue = \"q\" }", &format!("{{ queue = \"{long}\" }}"))
        .replace("queue = \"q\"\n", &format!("queue = \"{long}\"\n"));
    assert_refused(
        &validate(&text),
        &["queues[0].name", "300 characters", "limit is 128"],
    );
}

/// Every file under `dir`, relative, with its bytes.
fn tree(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d)
            .unwrap_or_else(|e| panic!("{e}"))
            .flatten()
        {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap_or(&p).to_path_buf();
                out.push((rel, std::fs::read(&p).unwrap_or_default()));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn d12_a_failed_write_leaves_the_old_folder_whole() {
    let d = tempdir();
    let p = write(d.path(), BASE);
    let out = d.path().join("out");
    let r = ccsim(&["run", s(&p), "--out", s(&out), "--quiet"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    std::fs::write(out.join("notes.txt"), "mine").unwrap_or_else(|e| panic!("{e}"));
    let before = tree(&out);
    // A disk that fills up: files may not grow past 8 KB (summary.json is
    // larger), and the signal that would kill ccsim is ignored, so the
    // write fails as on a full disk.
    let r = ccsim_in(
        Some("ulimit -f 8; trap '' XFSZ;"),
        &["run", s(&p), "--out", s(&out), "--seed", "9", "--quiet"],
        Duration::from_secs(20),
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("writing results to"), "{}", r.stderr);
    assert_eq!(tree(&out), before, "the old folder changed");
    // Nothing left beside it: no temporary or old folder.
    let names: Vec<String> = std::fs::read_dir(d.path())
        .unwrap_or_else(|e| panic!("{e}"))
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
    // A rerun that succeeds replaces the run's files and keeps the rest.
    let r = ccsim(&["run", s(&p), "--out", s(&out), "--seed", "9", "--quiet"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_ne!(tree(&out), before);
    assert!(out.join("notes.txt").exists());
}

/// Nothing a command reads is lost to its outputs (a fuzz campaign's
/// finds, each exit 0 before): `--out` at the folder holding the scenario
/// run — calibrate's own folder, which listed the scenario as its output
/// — removed it; `--contact-records` at the scenario overwrote it with
/// records; a Firehose records folder replaced whatever folder it was
/// pointed at. Now the scenario is kept, or the command refused with exit
/// 2 before any work, the files untouched.
#[test]
fn d12_outputs_never_replace_the_command_s_inputs_or_a_user_s_folder() {
    let d = tempdir();
    let cal = d.path().join("cal");
    std::fs::create_dir_all(&cal).unwrap_or_else(|e| panic!("{e}"));
    let p = write(&cal, BASE);
    let scenario = std::fs::read_to_string(&p).unwrap_or_default();
    let notes = cal.join("notes.txt");
    std::fs::write(&notes, "mine").unwrap_or_else(|e| panic!("{e}"));
    // As if an earlier ccsim command (calibrate) wrote the scenario.
    std::fs::write(cal.join(".ccsim-outputs"), "bad.toml\n").unwrap_or_else(|e| panic!("{e}"));
    let unchanged = || {
        assert_eq!(std::fs::read_to_string(&p).unwrap_or_default(), scenario);
        assert!(notes.exists());
    };
    for _ in 0..2 {
        let r = ccsim(&["run", s(&p), "--out", s(&cal), "--quiet"]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        unchanged();
        assert!(cal.join("summary.json").exists());
    }
    // A folder that is itself the input is refused.
    let r = ccsim(&["calibrate", s(&cal), "--out", s(&cal), "--quiet"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("which this command reads"),
        "{}",
        r.stderr
    );
    unchanged();
    let out = d.path().join("out");
    let r = ccsim(&[
        "run",
        s(&p),
        "--out",
        s(&out),
        "--contact-records",
        s(&p),
        "--quiet",
    ]);
    assert_refused(&r, &["--contact-records", "which this command reads"]);
    unchanged();
    let firehose = |folder: &Path| {
        ccsim(&[
            "run",
            s(&p),
            "--out",
            s(&out),
            "--contact-records",
            s(folder),
            "--records-layout",
            "firehose",
            "--quiet",
        ])
    };
    // A Firehose folder over the user's folder, or over the scenario's.
    for folder in [&cal, d.path()] {
        let r = firehose(folder);
        assert_eq!(r.code, 2, "{}", r.stderr);
        assert!(r.stderr.contains("--contact-records"), "{}", r.stderr);
        unchanged();
    }
    let user = d.path().join("mine");
    std::fs::create_dir_all(&user).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(user.join("keep.csv"), "x").unwrap_or_else(|e| panic!("{e}"));
    let r = firehose(&user);
    assert_eq!(r.code, 2, "{}", r.stderr);
    for f in ["keep.csv", "new or empty folder"] {
        assert!(r.stderr.contains(f), "expected `{f}` in:\n{}", r.stderr);
    }
    assert!(user.join("keep.csv").exists());
    // A new folder is written, and the same folder again replaced.
    let records = d.path().join("records");
    for _ in 0..2 {
        let r = firehose(&records);
        assert_eq!(r.code, 0, "{}", r.stderr);
    }
    assert!(records.join(".ccsim-records").exists());
}

#[test]
fn d12_an_unwritable_output_place_is_refused_before_simulating() {
    let d = tempdir();
    // Ten million contacts: had it simulated first, it would take a while.
    let p = write(
        d.path(),
        &BASE
            .replace("rate_per_hour = 60", "rate_per_hour = 50000")
            .replace("headcount = 3", "headcount = 3000")
            .replace("horizon = \"1h\"", "horizon = \"200h\""),
    );
    let blocker = d.path().join("file");
    std::fs::write(&blocker, "x").unwrap_or_else(|e| panic!("{e}"));
    let r = ccsim_in(
        None,
        &[
            "run",
            s(&p),
            "--out",
            s(&blocker.join("out")),
            "--no-limits",
        ],
        Duration::from_secs(10),
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("output folder"), "{}", r.stderr);
    assert!(!r.stderr.contains("events in"), "{}", r.stderr);
    let r = ccsim(&["run", s(&p), "--out", s(&blocker)]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("is a file"), "{}", r.stderr);
}

#[test]
fn d13_a_thread_count_beyond_reason_is_capped_with_a_note() {
    let d = tempdir();
    let p = write(
        d.path(),
        &BASE.replace("horizon = \"1h\"", "horizon = \"1m\""),
    );
    let r = ccsim(&[
        "run",
        s(&p),
        "--threads",
        "10000",
        "--quiet",
        "--out",
        s(&d.path().join("o")),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("--threads 10000 is more than 4 ×"),
        "{}",
        r.stderr
    );
}

#[test]
fn d14_a_non_utf8_file_is_placed_by_line_and_column() {
    let d = tempdir();
    let p = d.path().join("bad.toml");
    let mut bytes = b"[simulation]\nseed = \xff1\n".to_vec();
    bytes.extend_from_slice(b"horizon = \"1h\"\n");
    std::fs::write(&p, bytes).unwrap_or_else(|e| panic!("{e}"));
    let r = ccsim(&["validate", s(&p)]);
    assert_refused(&r, &["line 2, column 8", "UTF-8"]);
    assert!(!r.stderr.contains("check the path;"), "{}", r.stderr);
}

#[test]
fn d14_an_endless_file_is_read_up_to_the_limit_only() {
    let r = ccsim_in(
        Some("ulimit -v 1000000;"),
        &["validate", "/dev/zero"],
        Duration::from_secs(20),
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("/dev/zero: larger than 16777216 bytes"),
        "{}",
        r.stderr
    );
}

#[test]
fn d14_sweep_folders_get_fixes_that_work() {
    let d = tempdir();
    let sweep = format!(
        "{BASE}\n[sweep]\naxes = [{{ path = \"agent_groups.g.headcount\", values = [3, 4] }}]\n"
    );
    let p = write(
        d.path(),
        &sweep.replace("horizon = \"1h\"", "horizon = \"1m\""),
    );
    // A garbage manifest: the fix is --fresh, not a point folder.
    let out = d.path().join("out");
    std::fs::create_dir_all(&out).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(out.join("manifest.json"), "garbage").unwrap_or_else(|e| panic!("{e}"));
    let r = ccsim(&["sweep", s(&p), "--out", s(&out), "--quiet"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("--fresh"), "{}", r.stderr);
    assert!(!r.stderr.contains("point folder"), "{}", r.stderr);
    let r = ccsim(&["sweep", s(&p), "--out", s(&out), "--quiet", "--fresh"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // --out naming a file: refused as such, for --fresh too.
    let file = d.path().join("file");
    std::fs::write(&file, "x").unwrap_or_else(|e| panic!("{e}"));
    for fresh in [false, true] {
        let mut args = vec!["sweep", s(&p), "--out", s(&file), "--quiet"];
        if fresh {
            args.push("--fresh");
        }
        let r = ccsim(&args);
        assert_eq!(r.code, 2, "{}", r.stderr);
        assert!(r.stderr.contains("is a file, not a folder"), "{}", r.stderr);
    }
}

#[test]
fn d15_validate_refuses_a_grid_that_sweep_refuses() {
    let sweep = format!(
        "{BASE}\n[sweep]\naxes = [{{ path = \"agent_groups.g.headcount\", values = [3, -1] }}]\n"
    );
    let r = validate(&sweep);
    assert_refused(&r, &["sweep.axes[0].values[1]"]);
    let ok = sweep.replace("-1", "4");
    let r = validate(&ok);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("Sweep: 2 points × 2 replications"),
        "{}",
        r.stdout
    );
}

/// A sweep holds each point as a scenario of its own, about as large as
/// the file: validate's memory estimate counts them (fuzz59 F4: 84 points
/// of a 12 MB scenario took 975 MB while the estimate said 10 MiB).
#[test]
fn d16_a_sweep_s_memory_estimate_counts_its_points_scenarios() {
    let memory = |text: &str| {
        let r = validate(text);
        assert_eq!(r.code, 0, "{}", r.stderr);
        r.stdout
            .split("memory about ")
            .nth(1)
            .and_then(|t| t.split(" on one thread").next())
            .map(parse_bytes)
            .unwrap_or_else(|| panic!("{}", r.stdout))
    };
    let values: Vec<String> = (1..=40).map(|i| i.to_string()).collect();
    let grid = format!(
        "{BASE}\n[sweep]\naxes = [{{ path = \"sources.s.rate_scale\", values = [{}] }}]\n",
        values.join(", ")
    );
    // A list of a million characters (a long comment stands in for it).
    let padded = format!("{grid}\n#{}\n", "x".repeat(1_000_000));
    let (small, large) = (memory(&grid), memory(&padded));
    assert!(
        // (less the rounding of two figures to a tenth of a MiB)
        large - small >= 40.0 * 1_000_000.0 - 2.0 * 0.05 * 1024.0 * 1024.0,
        "{small} → {large} bytes for 40 points of 1 MB more"
    );
}

/// Every bundled scenario's explanation gives the work estimate.
#[test]
fn validate_explains_the_work_of_every_bundled_scenario() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    for e in std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{e}"))
        .flatten()
    {
        let p = e.path();
        let r = ccsim(&["validate", s(&p)]);
        assert_eq!(r.code, 0, "{}: {}", p.display(), r.stderr);
        assert!(r.stdout.contains("Work estimate: ~"), "{}", p.display());
        assert!(
            r.stdout.contains("Memory estimate: about"),
            "{}",
            p.display()
        );
    }
}

fn spec(text: &str) -> ccsim::center::spec::CenterSpec {
    ccsim::scenario::parse(text, Path::new("t.toml"), "t").unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn the_estimate_follows_the_offered_load() {
    let e = WorkEstimate::of(&spec(BASE));
    // 60 an hour for an hour, 2 replications.
    assert!((e.contacts_per_replication - 60.0).abs() < 1e-6);
    assert!((e.total_contacts() - 120.0).abs() < 1e-6);
    // 60/h × (3 min + 2.5 s of Connect's default whispers) = 3.04 erlangs.
    assert!(
        (e.offered_erlangs - 3.041_666).abs() < 1e-3,
        "{}",
        e.offered_erlangs
    );
    // The estimate is an upper bound of what the bundled runs handle: the
    // default scenario's 20 replications handled 121,144 events.
    let default = WorkEstimate::of(&common_bundled("default.toml"));
    assert!(
        default.total_events() >= 121_144.0,
        "{}",
        default.total_events()
    );
}

/// A campaign's dials are contacts of the estimate: as many as its share of
/// the agents can take (it left them out, and a predictive campaign on
/// 10,000 agents estimated at 80 contacts dialled millions).
#[test]
fn campaign_dials_are_counted_in_the_work_estimate() {
    // 3 agents, a person answers half the dials, 4 minutes of talk and
    // no ACW: 120 agent-seconds a dial, 90 dials in the hour.
    let text = format!(
        "{BASE}\n[[campaigns]]\nname = \"c\"\nmode = \"predictive\"\nagent_group = \"g\"\n\
         ring = \"10s\"\nanswer_probability = 0.5\ntalk = \"4m\"\n"
    );
    let e = WorkEstimate::of(&spec(&text));
    assert!(
        (e.contacts_per_replication - (60.0 + 90.0)).abs() < 1e-6,
        "{}",
        e.contacts_per_replication
    );
    // The estimate bounds what the run handles.
    let d = tempdir();
    let p = write(d.path(), &text);
    let out = d.path().join("out");
    let r = ccsim(&["run", s(&p), "--out", s(&out)]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let events =
        events_handled(&r.stderr).unwrap_or_else(|| panic!("no event count in:\n{}", r.stderr));
    assert!(
        events as f64 <= e.total_events(),
        "{events} events handled, {} estimated",
        e.total_events()
    );
}

/// `scenarios/schedule_week.toml`'s text.
fn schedule_week_text() -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/schedule_week.toml"),
    )
    .unwrap_or_else(|e| panic!("{e}"))
}

/// Aux periods are events of their own, two each (falling due, coming
/// back): a group with short ones makes far more events than its contacts.
/// The estimate counts them (it did not, and a mutant with 1 ms aux
/// periods ran 245 million events where 2 million were estimated).
#[test]
fn short_aux_periods_are_counted_in_the_work_estimate() {
    let text = schedule_week_text();
    let bundled_aux = "mean = \"8m\" } }";
    assert!(text.contains(bundled_aux), "schedule_week's aux has moved");
    let short = text.replace(bundled_aux, "mean = \"1s\" } }");
    let e = WorkEstimate::of(&spec(&short));
    let contacts_only = e.contacts_per_replication * ccsim::stats::work::EVENTS_PER_CONTACT;
    let d = tempdir();
    let p = write(d.path(), &short);
    let out = d.path().join("out");
    let r = ccsim(&["run", s(&p), "--replications", "1", "--out", s(&out)]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let events =
        events_handled(&r.stderr).unwrap_or_else(|| panic!("no event count in:\n{}", r.stderr));
    // Most of the run's events are aux periods, not contacts' ...
    assert!(events > 3.0 * contacts_only, "{events} events");
    // ... and the estimate, meant to tell a second from an hour, bounds
    // them from above within a small factor.
    assert!(
        events <= e.events_per_replication && e.events_per_replication <= 4.0 * events,
        "{events} events, estimated {}",
        e.events_per_replication
    );
}

/// Planned shrinkage walks every agent of its group's shifts at each
/// interval start. A fuzz campaign's week with a million agents on one
/// shift ran 40 s a replication where 2.7 s were estimated: ten
/// replications (some 7 minutes) passed the work limit unasked. The walk
/// is counted now, and that week is refused without --no-limits.
#[test]
fn planned_shrinkage_over_a_huge_roster_is_counted_in_the_work_estimate() {
    let text = schedule_week_text();
    let saturday = "{ template = \"saturday\", start = \"08:00\", agents = 11 }";
    assert!(
        text.contains(saturday),
        "schedule_week's saturday has moved"
    );
    let huge = text.replace(
        saturday,
        "{ template = \"saturday\", start = \"08:00\", agents = 1000000 }",
    );
    let e = WorkEstimate::of(&spec(&huge));
    // A million agents walked at each of the week's 336 half-hours, at a
    // third of an event each: the contacts' 8 million events are the
    // smaller part.
    assert!(
        e.events_per_replication > 100e6,
        "{} events",
        e.events_per_replication
    );
    let d = tempdir();
    let p = write(d.path(), &huge);
    let r = ccsim(&["run", s(&p), "--out", s(&d.path().join("o"))]);
    assert_refused(&r, &["--no-limits", "events"]);
    // The bundled week, a few dozen agents, is not held up by it.
    let bundled = WorkEstimate::of(&spec(&text));
    assert!(
        bundled.seconds_on_one_thread() < 60.0,
        "{} s",
        bundled.seconds_on_one_thread()
    );
}

fn common_bundled(name: &str) -> ccsim::center::spec::CenterSpec {
    super::common::bundled(name)
}

#[test]
fn a_backlog_grows_with_excess_arrivals_until_patience_or_capacity() {
    let over = BASE
        .replace("rate_per_hour = 60", "rate_per_hour = 100000")
        .replace("horizon = \"1h\"", "horizon = \"10h\"");
    // 3 agents take 60 an hour: ~99,940 an hour pile up for 10 hours.
    let e = WorkEstimate::of(&spec(&over));
    assert!((e.in_flight - 999_400.0).abs() < 1_000.0, "{}", e.in_flight);
    let patient = over.replace("talk = \"3m\"", "talk = \"3m\", patience = \"1m\"");
    let e = WorkEstimate::of(&spec(&patient));
    assert!(e.in_flight < 2_000.0, "{}", e.in_flight);
    let capped = over.replace("name = \"q\"\n", "name = \"q\"\ncapacity = 50\n");
    let e = WorkEstimate::of(&spec(&capped));
    assert!(e.in_flight < 100.0, "{}", e.in_flight);
}

#[test]
fn memory_grows_with_intervals_and_threads_not_replications() {
    let base = WorkEstimate::of(&spec(BASE));
    let kept = ccsim::stats::KEPT_VALUES;
    let at_cap = WorkEstimate::of(&spec(
        &BASE.replace("replications = 2", &format!("replications = {kept}")),
    ));
    let beyond = WorkEstimate::of(&spec(
        &BASE.replace("replications = 2", "replications = 900000"),
    ));
    assert_eq!(beyond.peak_bytes(1, 1), at_cap.peak_bytes(1, 1));
    assert!(base.peak_bytes(1, 1) < at_cap.peak_bytes(1, 1));
    let fine = WorkEstimate::of(&spec(
        &BASE.replace("horizon = \"1h\"", "horizon = \"1h\"\ninterval = \"1m\""),
    ));
    assert!(fine.peak_bytes(1, 1) > base.peak_bytes(1, 1));
    assert!(base.peak_bytes(4, 1) > base.peak_bytes(1, 1));
}

mod mutations {
    //! Random mutations of the bundled scenarios through the real binary.

    use super::*;
    use proptest::prelude::*;
    use proptest::test_runner::{Config, RngSeed, TestRunner};

    /// The mutants' seed unless `PROPTEST_RNG_SEED` names another.
    const SEED: u64 = 2026;

    /// Time spent shrinking a failing mutant, at most: a mutant that runs
    /// into the event bound takes its 30 s deadline per try, and the
    /// first failing input, printed in full, already names the fault.
    const SHRINK_TIME_MS: u32 = 120_000;

    /// What replaces a leaf: mostly a value of the same type that a
    /// planner might type by mistake or a fuzzer would try (so most
    /// mutants still parse and reach the simulation), sometimes a value of
    /// another type.
    #[derive(Clone, Debug)]
    enum Edit {
        /// An extreme of the leaf's own type (the index picks which).
        SameType(prop::sample::Index),
        /// A value of any type.
        Any(toml::Value),
    }

    fn edit() -> impl Strategy<Value = Edit> {
        use toml::Value::{Float, Integer, String as Str};
        let any_value = prop_oneof![
            Just(Integer(-1)),
            Just(Float(f64::NAN)),
            Just(Str("1e18".into())),
            Just(Str("x".repeat(300))),
            Just(toml::Value::Boolean(true)),
        ];
        prop_oneof![
            7 => any::<prop::sample::Index>().prop_map(Edit::SameType),
            1 => any_value.prop_map(Edit::Any),
        ]
    }

    /// The replacement of `leaf` by `edit`.
    fn replacement(leaf: &toml::Value, edit: &Edit) -> toml::Value {
        use toml::Value::{Boolean, Float, Integer, String as Str};
        let i = match edit {
            Edit::Any(v) => return v.clone(),
            Edit::SameType(i) => i,
        };
        match leaf {
            Integer(_) => Integer(*i.get(&[0, -1, 1, 2, 7, 1_000, 1_000_000_000, i64::MAX])),
            Float(_) => Float(*i.get(&[
                0.0,
                -1.0,
                1e-9,
                0.5,
                1.0,
                1.000_000_1,
                3.6e6,
                1e12,
                1e300,
                f64::NAN,
            ])),
            Boolean(b) => Boolean(!b),
            Str(_) => Str(i
                .get(&["0s", "1ms", "0.4ms", "1e18", "36500d", "1h", "3m", "", "?"])
                .to_string()),
            other => other.clone(),
        }
    }

    /// Every leaf of `v` as a path of keys and indices.
    fn leaves(v: &toml::Value, at: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
        match v {
            toml::Value::Table(t) => {
                for (k, x) in t {
                    at.push(Step::Key(k.clone()));
                    leaves(x, at, out);
                    at.pop();
                }
            }
            toml::Value::Array(a) => {
                for (i, x) in a.iter().enumerate() {
                    at.push(Step::Index(i));
                    leaves(x, at, out);
                    at.pop();
                }
            }
            _ => out.push(at.clone()),
        }
    }

    #[derive(Clone, Debug)]
    enum Step {
        Key(String),
        Index(usize),
    }

    fn set(v: &mut toml::Value, path: &[Step], new: toml::Value) {
        let Some((first, rest)) = path.split_first() else {
            *v = new;
            return;
        };
        let next = match (v, first) {
            (toml::Value::Table(t), Step::Key(k)) => t.get_mut(k),
            (toml::Value::Array(a), Step::Index(i)) => a.get_mut(*i),
            _ => None,
        };
        if let Some(n) = next {
            set(n, rest, new);
        }
    }

    /// The bundled scenarios, without their sweep tables (a sweep's points
    /// are scenarios like any other).
    fn bundled() -> Vec<toml::Value> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
        let mut out = Vec::new();
        let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{e}"))
            .flatten()
            .map(|e| e.path())
            .collect();
        paths.sort();
        for p in paths {
            let text = std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{e}"));
            let mut t: toml::Table = text.parse().unwrap_or_else(|e| panic!("{e}"));
            t.remove("sweep");
            out.push(toml::Value::Table(t));
        }
        out
    }

    /// Events a run may handle: the estimate's first contacts, times what
    /// transfers (a chain of at most 11 legs by default), callbacks and
    /// disconnect follow-ups can add per contact, plus what the clock
    /// ticks without any contact (shift changes, outbound dialling, which
    /// the estimate counts).
    fn event_bound(e: &WorkEstimate) -> f64 {
        e.events_per_replication * 32.0 + 100_000.0
    }

    #[test]
    fn random_mutations_never_panic_stay_in_memory_and_finish() {
        let cases = std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(48);
        let scenarios = bundled();
        let strategy = (
            0..scenarios.len(),
            proptest::collection::vec((any::<prop::sample::Index>(), edit()), 1..4),
        );
        let tally = std::sync::Mutex::new([0usize; 3]);
        let config = Config::default();
        let rng_seed = match config.rng_seed {
            RngSeed::Random => RngSeed::Fixed(SEED),
            fixed => fixed,
        };
        let mut runner = TestRunner::new(Config {
            cases,
            failure_persistence: None,
            rng_seed,
            max_shrink_time: SHRINK_TIME_MS,
            ..config
        });
        let result = runner.run(&strategy, |(which, edits)| {
            let mut v = scenarios[which].clone();
            let mut paths = Vec::new();
            leaves(&v, &mut Vec::new(), &mut paths);
            for (at, e) in edits {
                let path = at.get(&paths).clone();
                let new = replacement(get(&v, &path).unwrap_or(&v), &e);
                set(&mut v, &path, new);
            }
            let text = toml::to_string(&v).unwrap_or_default();
            let reached = check_one(&text);
            if let Ok(mut t) = tally.lock() {
                t[reached as usize] += 1;
            }
            Ok(())
        });
        if let Err(e) = result {
            panic!("{e}\n(seed {rng_seed:?}; PROPTEST_RNG_SEED sets another)");
        }
        // How far the mutants got (see them with --nocapture).
        let t = tally.into_inner().unwrap_or_default();
        eprintln!(
            "mutations: {} refused, {} valid but too much work to run here, {} ran",
            t[0], t[1], t[2]
        );
    }

    fn get<'a>(v: &'a toml::Value, path: &[Step]) -> Option<&'a toml::Value> {
        path.iter().try_fold(v, |v, step| match (v, step) {
            (toml::Value::Table(t), Step::Key(k)) => t.get(k),
            (toml::Value::Array(a), Step::Index(i)) => a.get(*i),
            _ => None,
        })
    }

    /// One mutated scenario: `validate` exits 0 or 2 under a memory cap;
    /// a valid one whose estimate is small runs one replication under the
    /// same cap and deadline, within the event bound. Returns how far it
    /// got: 0 refused, 1 valid, 2 ran.
    fn check_one(text: &str) -> u8 {
        let d = tempdir();
        let p = write(d.path(), text);
        // 1 GB of address space: the memory budget (the estimate refuses
        // beyond 2 GiB for a whole run; these runs are small) plus the
        // program, its threads' stacks and allocator arenas.
        let cap = Some("ulimit -v 1000000;");
        let r = ccsim_in(cap, &["validate", s(&p)], Duration::from_secs(20));
        assert!(
            r.code == 0 || r.code == 2,
            "validate exit {}:\n{}\n{text}",
            r.code,
            r.stderr
        );
        if r.code != 0 {
            return 0;
        }
        let Ok(mut spec) = ccsim::scenario::parse(text, Path::new("bad.toml"), "bad") else {
            panic!("the binary accepted what the library refuses:\n{text}");
        };
        spec.replications = 1;
        let e = WorkEstimate::of(&spec);
        if e.total_events() > 2.0e6 {
            return 1; // valid, but too much work for a test
        }
        let out = d.path().join("out");
        let r = ccsim_in(
            cap,
            &[
                "run",
                s(&p),
                "--replications",
                "1",
                "--threads",
                "1",
                "--out",
                s(&out),
            ],
            Duration::from_secs(30),
        );
        assert!(
            r.code == 0 || r.code == 2,
            "run exit {}:\n{}\n{text}",
            r.code,
            r.stderr
        );
        if r.code == 0 {
            let events = events_handled(&r.stderr).unwrap_or(f64::NAN);
            assert!(
                events <= event_bound(&e),
                "{events} events, bound {}:\n{text}",
                event_bound(&e)
            );
        }
        2
    }
}

/// No agents at all for a small load: the warning says there are no slots
/// to go to, with the load in tenths (not "0 erlangs … far beyond the 0
/// agent slots"). `staff` searches the headcount, so the scenario's own
/// is not warned about there.
#[test]
fn d2_no_agents_is_warned_about_where_the_headcount_runs() {
    let text = BASE
        .replace("headcount = 3", "headcount = 0")
        .replace("rate_per_hour = 60", "rate_per_hour = 6")
        .replace(
            "name = \"q\"\n",
            "name = \"q\"\ntargets = { service_level = { threshold = \"20s\", target = 0.8 } }\n",
        );
    let d = tempdir();
    let p = write(d.path(), &text);
    let out = d.path().join("out");
    let run = ccsim(&["run", s(&p), "--out", s(&out), "--quiet"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("warning: the offered load, 0.3 erlangs, has no agent slots to go to"),
        "{}",
        run.stderr
    );
    let staff = ccsim(&["staff", s(&p), "--out", s(&out), "--quiet"]);
    assert_eq!(staff.code, 0, "{}", staff.stderr);
    assert!(
        !staff.stderr.contains("offered load"),
        "staff warned about the headcount it replaces:\n{}",
        staff.stderr
    );
}

/// The bundled campaign scenario's text with its agentless campaign dialling
/// `rate` an hour.
fn agentless_dialling(rate: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/campaign.toml");
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        text.contains("dials_per_hour = 300"),
        "the bundled campaign changed"
    );
    text.replace("dials_per_hour = 300", &format!("dials_per_hour = {rate}"))
}

#[test]
fn d1_agentless_dialling_finer_than_the_clock_is_refused_and_its_ticks_estimated() {
    assert_refused(
        &validate(&agentless_dialling("1e8")),
        &["campaigns[1].dials_per_hour", "clock (1 ms)", "3.6 million"],
    );
    // At its concurrency cap the clock still ticks, an event each: a
    // million an hour for 8 hours is some 8 million events a replication,
    // whatever the list holds (1,500).
    let r = validate(&agentless_dialling("1e6"));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let line = r
        .stdout
        .lines()
        .find(|l| l.starts_with("Work estimate"))
        .unwrap_or_else(|| panic!("no work estimate in:\n{}", r.stdout));
    let events: f64 = line
        .split("and ~")
        .nth(1)
        .and_then(|t| t.split(" million events per replication").next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no events per replication in `{line}`"));
    assert!(events >= 8.0, "{line}");
}

/// Contact records named at a file the run writes into its own folder are
/// refused before anything is written: the records would replace the old
/// summary, and the new folder then the records. A records file of its own
/// name in the folder is fine, and kept.
#[test]
fn contact_records_at_one_of_the_run_s_own_files_are_refused() {
    let d = tempdir();
    let p = write(d.path(), BASE);
    let out = d.path().join("out");
    let first = ccsim(&["run", s(&p), "--out", s(&out), "--quiet"]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    let before = std::fs::read(out.join("summary.csv")).unwrap_or_default();
    for name in ["summary.csv", "histograms/wait.csv"] {
        let records = out.join(name);
        let r = ccsim(&[
            "run",
            s(&p),
            "--out",
            s(&out),
            "--quiet",
            "--contact-records",
            s(&records),
        ]);
        assert_eq!(r.code, 2, "{name}: {}", r.stderr);
        assert!(
            r.stderr.contains("--contact-records") && r.stderr.contains("name another file"),
            "{}",
            r.stderr
        );
    }
    assert_eq!(
        std::fs::read(out.join("summary.csv")).unwrap_or_default(),
        before
    );
    let records = out.join("records.jsonl");
    let ok = ccsim(&[
        "run",
        s(&p),
        "--out",
        s(&out),
        "--quiet",
        "--contact-records",
        s(&records),
    ]);
    assert_eq!(ok.code, 0, "{}", ok.stderr);
    assert!(records.exists());
}
