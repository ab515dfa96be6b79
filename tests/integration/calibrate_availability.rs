//! Agents on the phones read from the moments callers waited: a roster
//! schedules agents on breaks, in aux and absent, and the agents seen
//! working count whole in every interval of their shift; neither is the
//! headcount a scenario means (agents available). Taken as it was, a
//! probe's WFM schedule made the scenario 41 % over-staffed (the agents
//! seen working, 24 %), and the backtest's waits came out 6 (3) times too
//! short.
//!
//! A center of two shifts with breaks, a lunch, 10 % absenteeism and 10 %
//! aux is simulated for two days; its own `agent_hours.csv` says how many
//! agents were on the phones each interval (available plus finishing a
//! contact past their shift). Calibrated from its records with the
//! scheduled roster, and without a roster, the headcount written must be
//! nearer the agents on the phones than to what it was scaled from: off
//! by at most half the roster's (or the activity count's) excess (680
//! and 681 written where 688.5 were on the phones, from 960 and 841).
//! Breaks and lunches come at set hours, so each interval is scaled by
//! its own share: the headcount written must be within one agent of the
//! agents on the phones, on average over the intervals (0.85 and 0.83;
//! one share for the whole day was 1.76 off, and 626 and 631 in all).
//! A center without breaks or shrinkage must keep its count unscaled, and
//! so must a chat team on the same queue (idle while calls wait). The
//! seed is fixed and was not chosen to make it pass.

use std::path::Path;

use serde_json::Value;

use super::calibrate_follow_ups::{ccsim, s};

const TRUTH: &str = r#"
name = "shrinkage"
[simulation]
seed = 5802
replications = 1
start = "2026-03-10T00:00:00Z"
horizon = "2d"
interval = "30m"
drain = "2h"

[[queues]]
name = "Care"

[[routing_profiles]]
name = "Care Team"
queues = [{ queue = "Care" }]

[[shift_templates]]
name = "early"
start = "08:00"
length = "8h"
breaks = [
  { name = "break", length = "15m", window = ["1h30m", "2h30m"] },
  { name = "lunch", length = "30m", window = ["3h30m", "4h30m"] },
  { name = "break", length = "15m", window = ["6h", "7h"] },
]
[[shift_templates]]
name = "late"
start = "12:00"
length = "8h"
breaks = [
  { name = "break", length = "15m", window = ["1h30m", "2h30m"] },
  { name = "lunch", length = "30m", window = ["3h30m", "4h30m"] },
  { name = "break", length = "15m", window = ["6h", "7h"] },
]

[[agent_groups]]
name = "Care Team"
routing_profile = "Care Team"
shifts = [{ template = "early", start = "08:00", agents = 15 }, { template = "late", start = "12:00", agents = 15 }]
shrinkage = { absenteeism = 0.10, aux = { share = 0.10, duration = { dist = "exponential", mean = "10m" } } }
auto_accept = true
after_contact_work = "30s"

[[sources]]
name = "care_in"
queue = "Care"
volume_per_interval = [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 55.0, 55.0, 55.0, 55.0, 55.0, 55.0, 55.0, 55.0, 100.0, 100.0, 100.0, 100.0, 100.0, 100.0, 100.0, 100.0, 55.0, 55.0, 55.0, 55.0, 55.0, 55.0, 55.0, 55.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]
[sources.customer]
patience = { dist = "exponential", mean = "200s" }
talk = { dist = "exponential", mean = "300s" }
"#;

/// Runs the scenario `truth` in `dir`: its contact records and its run's
/// output folder.
fn simulate(dir: &Path, truth: &str) -> (std::path::PathBuf, std::path::PathBuf) {
    let scenario = dir.join("truth.toml");
    std::fs::write(&scenario, truth).unwrap_or_else(|e| panic!("{e}"));
    let records = dir.join("records.jsonl");
    let run = dir.join("run");
    ccsim(&[
        "run",
        s(&scenario),
        "--quiet",
        "--out",
        s(&run),
        "--contact-records",
        s(&records),
    ]);
    (records, run)
}

/// Per interval of the truth's `agent_hours.csv` (in order): its start,
/// the agents scheduled and the agents on the phones (each hours × 2, for
/// half hours).
fn agent_hours(run: &Path) -> Vec<(String, f64, f64)> {
    let text =
        std::fs::read_to_string(run.join("agent_hours.csv")).unwrap_or_else(|e| panic!("{e}"));
    let mut lines = text.lines();
    let head: Vec<&str> = lines.next().unwrap_or_default().split(',').collect();
    let col = |name: &str| {
        head.iter()
            .position(|h| *h == name)
            .unwrap_or_else(|| panic!("no {name} in {head:?}"))
    };
    let (at, sched, avail, over) = (
        col("interval"),
        col("scheduled_hours"),
        col("available_hours"),
        col("overrun_hours"),
    );
    lines
        .map(|l| l.split(',').collect::<Vec<&str>>())
        .filter(|f| f[at] != "all")
        .map(|f| {
            let n = |k: usize| f[k].parse::<f64>().unwrap_or_else(|e| panic!("{e}: {f:?}"));
            (
                f[at].to_string(),
                2.0 * n(sched),
                2.0 * (n(avail) + n(over)),
            )
        })
        .collect()
}

/// The headcount written for `profile` in calibration.json, per
/// interval of its period, and the period's start.
fn written_per_interval(cal: &Path, profile: &str) -> (Vec<f64>, String) {
    headcount_per_interval(cal, profile, "per_interval")
}

/// The headcount of `profile` in calibration.json under `key`
/// (`per_interval`, or `per_interval_before_scaling`), per interval of its
/// period, and the period's start.
fn headcount_per_interval(cal: &Path, profile: &str, key: &str) -> (Vec<f64>, String) {
    let text =
        std::fs::read_to_string(cal.join("calibration.json")).unwrap_or_else(|e| panic!("{e}"));
    let doc: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}"));
    let counts = doc["headcount"]
        .as_array()
        .and_then(|a| a.iter().find(|h| h["routing_profile"] == profile))
        .and_then(|h| h[key].as_array())
        .map(|v| v.iter().filter_map(Value::as_f64).collect())
        .unwrap_or_else(|| panic!("{doc}"));
    let start = doc["period"]["start"]
        .as_str()
        .unwrap_or_else(|| panic!("{doc}"))
        .to_string();
    (counts, start)
}

/// The mean, over the intervals where the written headcount or the truth
/// has agents, of how far the headcount written for `profile` is from the
/// agents on the phones.
fn mean_interval_error(cal: &Path, profile: &str, hours: &[(String, f64, f64)]) -> f64 {
    interval_error(written_per_interval(cal, profile), hours)
}

/// The mean, over the intervals where `counts` (per interval from the
/// period's start) or the truth has agents, of how far `counts` are from
/// the agents on the phones.
fn interval_error((counts, start): (Vec<f64>, String), hours: &[(String, f64, f64)]) -> f64 {
    // The truth's intervals are stamped with milliseconds.
    let stamp = start.replace('Z', ".000Z");
    let first = hours
        .iter()
        .position(|h| h.0 == stamp)
        .unwrap_or_else(|| panic!("{stamp} not among the truth's intervals"));
    let pairs: Vec<(f64, f64)> = counts
        .iter()
        .enumerate()
        .map(|(i, &c)| (c, hours.get(first + i).map_or(0.0, |h| h.2)))
        .filter(|&(c, t)| c > 0.0 || t > 0.0)
        .collect();
    pairs.iter().map(|(c, t)| (c - t).abs()).sum::<f64>() / pairs.len() as f64
}

/// Agent-intervals written for `profile` in calibration.json, and before
/// they were scaled (the same when they were not).
fn written(cal: &Path, profile: &str) -> (f64, f64) {
    let text =
        std::fs::read_to_string(cal.join("calibration.json")).unwrap_or_else(|e| panic!("{e}"));
    let doc: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}"));
    let h = doc["headcount"]
        .as_array()
        .and_then(|a| a.iter().find(|h| h["routing_profile"] == profile))
        .cloned()
        .unwrap_or_else(|| panic!("{doc}"));
    let total = h["per_interval"]
        .as_array()
        .map_or(0.0, |v| v.iter().filter_map(Value::as_f64).sum());
    let before = doc["warnings"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|w| w["kind"] == "headcount_scaled_to_available")
        .flat_map(|w| w["detail"].as_array().cloned().unwrap_or_default())
        .find(|d| d["routing_profile"] == profile)
        .and_then(|d| d["agent_intervals_before"].as_f64())
        .unwrap_or(total);
    (total, before)
}

#[test]
fn headcounts_are_scaled_to_the_agents_on_the_phones() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let d = dir.path();
    let (records, run) = simulate(d, TRUTH);
    let hours = agent_hours(&run);
    let on_phones: f64 = hours.iter().map(|h| h.2).sum();
    let mut roster = String::from("interval_start,routing_profile,agents\n");
    for (at, sched, _) in &hours {
        roster.push_str(&format!("{at},Care Team,{sched}\n"));
    }
    let roster_path = d.join("roster.csv");
    std::fs::write(&roster_path, &roster).unwrap_or_else(|e| panic!("{e}"));
    let scheduled: f64 = hours.iter().map(|h| h.1).sum();

    let with = d.join("with");
    ccsim(&[
        "calibrate",
        s(&records),
        s(&roster_path),
        "--out",
        s(&with),
        "--quiet",
    ]);
    ccsim(&["validate", s(&with.join("scenario.toml"))]);
    let (got, before) = written(&with, "Care Team");
    assert_eq!(before, scheduled);
    assert!(scheduled > 1.3 * on_phones, "{scheduled} {on_phones}");
    assert!(
        (got - on_phones).abs() <= (scheduled - on_phones) / 2.0,
        "roster: written {got}, on the phones {on_phones}, scheduled {scheduled}"
    );

    eprintln!("roster: written {got}, on the phones {on_phones}, scheduled {scheduled}");
    let off = mean_interval_error(&with, "Care Team", &hours);
    eprintln!("roster: {off:.2} agents off per interval");
    assert!(off <= 1.0, "roster: {off:.2} agents off per interval");
    let without = d.join("without");
    ccsim(&["calibrate", s(&records), "--out", s(&without), "--quiet"]);
    let (got, seen) = written(&without, "Care Team");
    assert!(seen > 1.15 * on_phones, "{seen} {on_phones}");
    assert!(
        (got - on_phones).abs() <= (seen - on_phones) / 2.0,
        "no roster: written {got}, on the phones {on_phones}, seen {seen}"
    );
    eprintln!("no roster: written {got}, on the phones {on_phones}, seen {seen}");
    let off = mean_interval_error(&without, "Care Team", &hours);
    eprintln!("no roster: {off:.2} agents off per interval");
    assert!(off <= 1.0, "no roster: {off:.2} agents off per interval");
    // No breaks, no shrinkage: nothing to scale.
    let plain = TRUTH
        .replace("agents = 15 }", "agents = 11 }")
        .replace(
            "shrinkage = { absenteeism = 0.10, aux = { share = 0.10, duration = { dist = \"exponential\", mean = \"10m\" } } }\n",
            "",
        );
    let plain = plain
        .split("breaks = [")
        .enumerate()
        .map(|(k, part)| {
            if k == 0 {
                part.to_string()
            } else {
                part.split_once("]\n")
                    .map_or(String::new(), |(_, rest)| rest.to_string())
            }
        })
        .collect::<String>();
    assert!(
        !plain.contains("absenteeism") && !plain.contains("lunch"),
        "{plain}"
    );
    // And a chat team on the same queue, idle while calls wait: no
    // absence either (a probe's find: it was scaled 3 → 2).
    let plain = format!(
        "{plain}{}",
        r#"
[[routing_profiles]]
name = "Chat Team"
queues = [{ queue = "Care", channels = ["chat"] }]
concurrency = { voice = 1, chat = 2 }

[[agent_groups]]
name = "Chat Team"
routing_profile = "Chat Team"
headcount = 3
auto_accept = true

[[sources]]
name = "care_chat"
method = "api_chat"
queue = "Care"
rate_per_hour = 15
[sources.customer]
patience = { dist = "exponential", mean = "600s" }
talk = { dist = "lognormal", mean = "600s", cv = 0.6 }
"#
    );
    let plain = plain.replace(
        "queues = [{ queue = \"Care\" }]",
        "queues = [{ queue = \"Care\", channels = [\"voice\"] }]",
    );
    let truth = d.join("plain.toml");
    std::fs::write(&truth, &plain).unwrap_or_else(|e| panic!("{e}"));
    let records = d.join("plain.jsonl");
    ccsim(&[
        "run",
        s(&truth),
        "--quiet",
        "--out",
        s(&d.join("plain-run")),
        "--contact-records",
        s(&records),
    ]);
    let cal = d.join("plain-cal");
    ccsim(&["calibrate", s(&records), "--out", s(&cal), "--quiet"]);
    let text =
        std::fs::read_to_string(cal.join("calibration.json")).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        text.contains("\"scaled_to_available\": false")
            && !text.contains("\"scaled_to_available\": true"),
        "scaled without shrinkage: {text:.3000}"
    );
}

/// A chat desk of one shift with breaks, a lunch and 10 % aux, two chats
/// an agent: while a chat waited, every agent there held two (one with a
/// single chat and a chat waiting was winding down before a break). Its
/// agents seen working count whole all day; scaled by the share of them
/// with both slots full while chats waited, the headcount written must be
/// nearer the agents at work than the count it came from, and within one
/// agent of them on average over the intervals. Before, a desk that
/// takes no calls was never scaled: the probe this comes from had
/// simulated chats wait 3.2 s where they had waited 16.3 s.
#[test]
fn a_chat_desk_is_scaled_to_the_agents_whose_slots_were_full_while_chats_waited() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let d = dir.path();
    let (records, run) = simulate(d, CHAT_DESK);
    let hours = agent_hours(&run);
    let at_work: f64 = hours.iter().map(|h| h.2).sum();
    let cal = d.join("cal");
    ccsim(&["calibrate", s(&records), "--out", s(&cal), "--quiet"]);
    ccsim(&["validate", s(&cal.join("scenario.toml"))]);
    let (got, seen) = written(&cal, "chat");
    eprintln!("chat desk: written {got}, at work {at_work}, seen {seen}");
    assert!(seen > 1.1 * at_work, "{seen} {at_work}");
    assert!(
        (got - at_work).abs() <= (seen - at_work) / 2.0,
        "written {got}, at work {at_work}, seen {seen}"
    );
    let off = mean_interval_error(&cal, "chat", &hours);
    eprintln!("chat desk: {off:.2} agents off per interval");
    assert!(off <= 1.0, "{off:.2} agents off per interval");
}

/// A blended desk: calls and chats on one routing profile (two chats an
/// agent, a call taken beside chats), with breaks, a lunch and 10 % aux.
/// Calls hardly wait (an agent on chats takes one), so its calls tell
/// nothing of the agents away; its chats, waiting while every agent there
/// held two or a call, do. Before, a profile that took calls was read from
/// its calls alone, and was never scaled (the share read: none). In
/// total and interval by interval, the headcount written must be at least
/// halfway from the agents seen working to the agents on the phones.
#[test]
fn a_blended_desk_is_read_from_the_channel_that_waited() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let d = dir.path();
    let (records, run) = simulate(d, BLENDED_DESK);
    let hours = agent_hours(&run);
    let at_work: f64 = hours.iter().map(|h| h.2).sum();
    let cal = d.join("cal");
    ccsim(&["calibrate", s(&records), "--out", s(&cal), "--quiet"]);
    ccsim(&["validate", s(&cal.join("scenario.toml"))]);
    let (got, seen) = written(&cal, "blended");
    eprintln!("blended desk: written {got}, at work {at_work}, seen {seen}");
    assert!(seen > 1.1 * at_work, "{seen} {at_work}");
    assert!(
        (got - at_work).abs() <= (seen - at_work) / 2.0,
        "written {got}, at work {at_work}, seen {seen}"
    );
    // Interval by interval, the scaled headcount must be at least halfway
    // from the headcount it came from to the agents on the phones.
    let off = mean_interval_error(&cal, "blended", &hours);
    let before = headcount_per_interval(&cal, "blended", "per_interval_before_scaling");
    let off_before = interval_error(before, &hours);
    eprintln!("blended desk: {off:.2} agents off per interval, {off_before:.2} before scaling");
    assert!(
        off <= off_before / 2.0,
        "{off:.2} agents off per interval, {off_before:.2} before scaling"
    );
}

const BLENDED_DESK: &str = r#"
name = "blended desk"
[simulation]
seed = 5804
replications = 1
start = "2026-03-10T00:00:00Z"
horizon = "2d"
interval = "30m"
drain = "2h"

[[queues]]
name = "calls"
[[queues]]
name = "chat"

[[routing_profiles]]
name = "blended"
queues = [{ queue = "calls" }, { queue = "chat" }]
concurrency = { chat = 2 }
cross_channel = { chat = "any" }

[[shift_templates]]
name = "day"
start = "08:00"
length = "8h30m"
breaks = [
  { name = "break", length = "15m", window = ["1h30m", "3h"] },
  { name = "lunch", length = "30m", window = ["3h30m", "5h"] },
  { name = "break", length = "15m", window = ["6h", "7h30m"] },
]

[[agent_groups]]
name = "blended"
routing_profile = "blended"
shifts = [{ template = "day", start = "08:00", agents = 12 }]
shrinkage = { aux = { share = 0.10, duration = { dist = "exponential", mean = "10m" } } }
auto_accept = true
after_contact_work = "20s"

[[sources]]
name = "calls"
queue = "calls"
volume_per_interval = [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 8.0, 10.0, 10.0, 10.0, 10.0, 10.0, 10.0, 10.0, 10.0, 10.0, 10.0, 10.0, 10.0, 10.0, 10.0, 10.0, 8.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]
[sources.customer]
patience = { dist = "exponential", mean = "5m" }
talk = { dist = "exponential", mean = "4m" }

[[sources]]
name = "chat"
method = "api_chat"
queue = "chat"
volume_per_interval = [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 30.0, 40.0, 45.0, 45.0, 45.0, 45.0, 45.0, 45.0, 45.0, 45.0, 45.0, 45.0, 45.0, 45.0, 45.0, 40.0, 30.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]
[sources.customer]
patience = { dist = "exponential", mean = "10m" }
talk = { dist = "lognormal", mean = "8m", cv = 0.6 }
"#;

const CHAT_DESK: &str = r#"
name = "chat desk"
[simulation]
seed = 5803
replications = 1
start = "2026-03-10T00:00:00Z"
horizon = "2d"
interval = "30m"
drain = "2h"

[[queues]]
name = "chat"

[[routing_profiles]]
name = "chat"
queues = [{ queue = "chat" }]
concurrency = { chat = 2 }

[[shift_templates]]
name = "day"
start = "08:00"
length = "8h30m"
breaks = [
  { name = "break", length = "15m", window = ["1h30m", "3h"] },
  { name = "lunch", length = "30m", window = ["3h30m", "5h"] },
  { name = "break", length = "15m", window = ["6h", "7h30m"] },
]

[[agent_groups]]
name = "chat"
routing_profile = "chat"
shifts = [{ template = "day", start = "08:00", agents = 10 }]
shrinkage = { aux = { share = 0.10, duration = { dist = "exponential", mean = "10m" } } }
auto_accept = true
after_contact_work = "20s"

[[sources]]
name = "chat"
method = "api_chat"
queue = "chat"
volume_per_interval = [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 30.0, 40.0, 45.0, 45.0, 45.0, 45.0, 45.0, 45.0, 45.0, 45.0, 45.0, 45.0, 45.0, 45.0, 45.0, 40.0, 30.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]
[sources.customer]
patience = { dist = "exponential", mean = "10m" }
talk = { dist = "lognormal", mean = "8m", cv = 0.6 }
"#;
