//! The calibrated scenario's intervals lie on the local clock of
//! `--time-zone`: in a zone half an hour (Asia/Kolkata, +05:30) or three
//! quarters (Asia/Kathmandu, +05:45) off a whole UTC hour, a grid of whole
//! UTC hours cut every local hour of a report and a roster in two, put
//! half of the 09:00 hour's calls into the closed half hour before it, and
//! averaged headcounts across the step (a probe's find). And an hourly
//! report, calibrated without `--interval`, is written at its own hour,
//! not halved into half hours.

use super::calibrate_follow_ups::{ccsim, s};

/// Three hourly rows from 09:00 local and a roster stepping each hour.
const METRICS: &str = "Queue,StartInterval,EndInterval,Contacts queued,Contacts handled,Contacts abandoned,Average queue answer time,Average queue abandon time,Average handle time,Service level 20 seconds
Sales,2026-03-09T09:00:00,2026-03-09T10:00:00,60,57,3,00:00:12,00:00:30,00:05:00,80.00%
Sales,2026-03-09T10:00:00,2026-03-09T11:00:00,30,29,1,00:00:08,00:00:30,00:05:00,85.00%
Sales,2026-03-09T11:00:00,2026-03-09T12:00:00,45,44,1,00:00:09,00:00:30,00:05:00,85.00%
";

const ROSTER: &str = "interval_start,routing_profile,agents
2026-03-09T09:00:00,Sales,8
2026-03-09T10:00:00,Sales,4
2026-03-09T11:00:00,Sales,6
";

/// The value of the first `key = …` line of `text`.
fn value<'a>(text: &'a str, key: &str) -> &'a str {
    text.lines()
        .find_map(|l| l.strip_prefix(&format!("{key} = ")))
        .map(|v| v.split("  #").next().unwrap_or(v))
        .unwrap_or_else(|| panic!("no {key} in\n{text}"))
}

#[test]
fn intervals_follow_the_local_clock_and_the_report_s_own_length() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let d = dir.path();
    std::fs::write(d.join("metrics.csv"), METRICS).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(d.join("roster.csv"), ROSTER).unwrap_or_else(|e| panic!("{e}"));
    let (metrics, roster) = (d.join("metrics.csv"), d.join("roster.csv"));
    // (zone, --interval, the UTC instant of 09:00 local, the interval).
    let cases = [
        ("Asia/Kolkata", None, "2026-03-09T03:30:00Z", "3600s"),
        ("Asia/Kolkata", Some("60m"), "2026-03-09T03:30:00Z", "3600s"),
        ("Asia/Kathmandu", None, "2026-03-09T03:15:00Z", "3600s"),
        (
            "Europe/London",
            Some("60m"),
            "2026-03-09T09:00:00Z",
            "3600s",
        ),
        // Asked for half hours: each row halved, on the local half hours.
        (
            "Asia/Kathmandu",
            Some("30m"),
            "2026-03-09T03:15:00Z",
            "1800s",
        ),
    ];
    for (k, (zone, interval, start, length)) in cases.into_iter().enumerate() {
        let out = d.join(format!("cal{k}"));
        let mut args = vec![
            "calibrate",
            s(&metrics),
            s(&roster),
            "--time-zone",
            zone,
            "--out",
            s(&out),
            "--quiet",
        ];
        if let Some(i) = interval {
            args.extend(["--interval", i]);
        }
        ccsim(&args);
        let text =
            std::fs::read_to_string(out.join("scenario.toml")).unwrap_or_else(|e| panic!("{e}"));
        let label = format!("{zone} {interval:?}");
        assert_eq!(value(&text, "start"), format!("\"{start}\""), "{label}");
        assert_eq!(value(&text, "interval"), format!("\"{length}\""), "{label}");
        let (volumes, headcount) = if length == "3600s" {
            ("[60, 30, 45]", "[8, 4, 6]")
        } else {
            ("[30, 30, 15, 15, 22.5, 22.5]", "[8, 8, 4, 4, 6, 6]")
        };
        assert_eq!(value(&text, "volume_per_interval"), volumes, "{label}");
        assert_eq!(value(&text, "headcount"), headcount, "{label}");
    }
}

/// From contact records: a center opening at 09:00 in Kathmandu has its
/// first half hour start at 09:00 local (03:15Z), not at 08:45.
#[test]
fn records_are_cut_on_the_local_half_hours() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let d = dir.path();
    let truth = d.join("truth.toml");
    std::fs::write(
        &truth,
        r#"
name = "kathmandu"
[simulation]
seed = 3
replications = 1
start = "2026-03-09T03:15:00Z"
horizon = "2h"
interval = "30m"
drain = "1h"
[[queues]]
name = "q"
[[routing_profiles]]
name = "p"
queues = [{ queue = "q" }]
[[agent_groups]]
name = "p"
routing_profile = "p"
headcount = 5
[[sources]]
name = "calls"
rate_per_hour = 60
queue = "q"
customer = { talk = { dist = "exponential", mean = "200s" } }
"#,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let records = d.join("records.jsonl");
    ccsim(&[
        "run",
        s(&truth),
        "--quiet",
        "--out",
        s(&d.join("run")),
        "--contact-records",
        s(&records),
    ]);
    let out = d.join("cal");
    ccsim(&[
        "calibrate",
        s(&records),
        "--time-zone",
        "Asia/Kathmandu",
        "--out",
        s(&out),
        "--quiet",
    ]);
    let text = std::fs::read_to_string(out.join("scenario.toml")).unwrap_or_else(|e| panic!("{e}"));
    // The first call comes within seconds of 03:15Z.
    assert_eq!(value(&text, "start"), "\"2026-03-09T03:15:00Z\"", "{text}");
}
