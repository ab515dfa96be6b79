//! Tasks that pause, read back from their records: `TotalPauseCount` and
//! `TotalPauseDurationInSeconds` beside each task's work. A back office
//! whose tasks pause with probability 0.35 after exponential work of mean
//! 4 min, for exponential pauses of mean 15 min, is simulated for 20 days
//! and calibrated: the pause probability, the mean work before a pause
//! and the mean pause must each hold the truth within its 95 % interval
//! from the standard errors calibration.json gives (Bonferroni over the
//! three: z = 2.394), and the scenario must carry the pause. Agents have
//! slots to spare, so a resumed task seldom waits for one (that wait
//! would count as pause time). The seed is fixed and was not chosen to
//! pass.

use serde_json::Value;

use crate::calibrate_follow_ups::simulate_and_calibrate;

const TRUTH: &str = r#"
name = "pause truth"
[simulation]
seed = 4242
replications = 20
start = "2026-03-02T08:00:00Z"
horizon = "8h"
interval = "30m"
drain = "4h"

[[queues]]
name = "Work"

[[routing_profiles]]
name = "Back"
queues = [{ queue = "Work" }]
concurrency = { task = 3 }

[[agent_groups]]
name = "Back"
routing_profile = "Back"
headcount = 12
auto_accept = true
after_contact_work = "0s"

[[sources]]
name = "tasks"
method = "api_task"
rate_per_hour = 30
queue = "Work"
customer = { talk = { dist = "gamma", mean = "10m", cv = 0.6 } }
pause = { probability = 0.35, after = { dist = "exponential", mean = "4m" }, duration = { dist = "exponential", mean = "15m" } }
"#;

#[test]
fn task_pauses_are_read_back_from_their_counts_and_work() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let d = dir.path();
    let truth = d.join("truth.toml");
    std::fs::write(&truth, TRUTH).unwrap_or_else(|e| panic!("{e}"));
    let (scenario, doc) = simulate_and_calibrate(d, &truth, "20", "cal", None);
    let pause = doc["streams"]
        .as_array()
        .and_then(|s| s.iter().find(|s| s["channel"] == "TASK"))
        .map(|s| s["pause"].clone())
        .unwrap_or(Value::Null);
    assert!(pause.is_object(), "no pause estimate: {}", doc["streams"]);
    let z = 2.394;
    let mut missed = Vec::new();
    for (key, truth) in [
        ("probability", 0.35),
        ("after_mean_s", 240.0),
        ("duration_mean_s", 900.0),
    ] {
        let (value, se) = (
            pause[key]["value"].as_f64().unwrap_or(f64::NAN),
            pause[key]["se"].as_f64().unwrap_or(f64::NAN),
        );
        eprintln!("{key}: {value:.4} ± {:.4} (truth {truth})", z * se);
        assert!(
            se.is_finite() && se > 0.0,
            "{key}: no standard error in {pause}"
        );
        if (value - truth).abs() > z * se {
            missed.push(format!("{key} {value} misses {truth} (± {})", z * se));
        }
    }
    assert!(missed.is_empty(), "{missed:?}");
    assert!(scenario.contains("pause = { probability = "), "{scenario}");
}

/// Pause fields no task can have — more pause time than the task's whole
/// life (the sum overflowed to infinity, and the pause was written `inf`,
/// which the scenario refused), a pause count of four billion — are read
/// as a broken record's (its pause time left out) and as the cap: the
/// calibrated scenario still validates (calibrate checks, exit 0).
#[test]
fn absurd_pause_fields_leave_a_scenario_that_validates() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let d = dir.path();
    let truth = d.join("truth.toml");
    std::fs::write(&truth, TRUTH).unwrap_or_else(|e| panic!("{e}"));
    let records = d.join("records.jsonl");
    crate::calibrate_follow_ups::ccsim(&[
        "run",
        truth.to_str().unwrap_or_default(),
        "--replications",
        "2",
        "--quiet",
        "--out",
        d.join("run").to_str().unwrap_or_default(),
        "--contact-records",
        records.to_str().unwrap_or_default(),
    ]);
    let text = std::fs::read_to_string(&records).unwrap_or_else(|e| panic!("{e}"));
    let mut out = String::new();
    for (i, line) in text.lines().enumerate() {
        let mut v: Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}"));
        match i % 3 {
            0 => v["TotalPauseDurationInSeconds"] = Value::from(1e308),
            1 => v["TotalPauseCount"] = Value::from(4_000_000_000u32),
            _ => {}
        }
        out.push_str(&v.to_string());
        out.push('\n');
    }
    std::fs::write(&records, out).unwrap_or_else(|e| panic!("{e}"));
    let cal = d.join("cal");
    crate::calibrate_follow_ups::ccsim(&[
        "calibrate",
        records.to_str().unwrap_or_default(),
        "--out",
        cal.to_str().unwrap_or_default(),
    ]);
    let scenario =
        std::fs::read_to_string(cal.join("scenario.toml")).unwrap_or_else(|e| panic!("{e}"));
    assert!(scenario.contains("max_pauses = 16"), "{scenario}");
}
