//! Outbound campaigns read from records: calls carrying
//! `Campaign.CampaignId` are a dialler's, placed when agents are free and
//! taken by them without a queue. Left out, they vanished from the
//! scenario with the agent time they take (a probe's find: a team that
//! spent 65 of its 160 agent-hours on a campaign was simulated idle, and
//! the backtest's waits came out a fifth of the records'), and their
//! after-contact work was fitted into the team's inbound one.
//!
//! A progressive campaign on an inbound team is simulated, its records
//! calibrated with the roster: the scenario must have the campaign on that
//! team, progressive, at the truth's bandwidth (the cap on agents held at
//! once, `round(bandwidth × agents)`), with the answer and machine shares
//! each inside its 95 % Wilson interval around the truth (normal level
//! 1 − 0.05 / 2 each, Bonferroni over two) from the dials the records
//! show; the team's inbound after-contact work must stay the truth's
//! constant 30 s (the campaign's is 45 s), and no campaign call may be an
//! arrival. The seed is fixed and was not chosen to make it pass.

use super::calibrate_follow_ups::simulate_and_calibrate;
use super::common::wilson_holds;

const TRUTH: &str = r#"
name = "campaign on an inbound team"
[simulation]
seed = 5758
replications = 1
start = "2026-03-10T13:00:00Z"
horizon = "10h"
interval = "30m"
drain = "2h"

[[queues]]
name = "Service"

[[routing_profiles]]
name = "Blended"
queues = [{ queue = "Service" }]

[[agent_groups]]
name = "Blended"
routing_profile = "Blended"
headcount = 16
auto_accept = true
after_contact_work = "30s"

[[sources]]
name = "phone"
rate_per_hour = 90
queue = "Service"
customer = { talk = { dist = "exponential", mean = "300s" }, patience = { dist = "exponential", mean = "180s" } }

[[campaigns]]
name = "renewals"
mode = "progressive"
agent_group = "Blended"
bandwidth = 0.5
end = "9h"
ring = { dist = "uniform", min = "8s", max = "30s" }
answer_probability = 0.6
machine_share = 0.2
message = "20s"
talk = { dist = "lognormal", mean = "5m", cv = 0.7 }
after_contact_work = "45s"
"#;

/// The value of `key = …` in the `[[campaigns]]` table of `text`.
fn campaign_value<'a>(text: &'a str, key: &str) -> &'a str {
    let at = text
        .find("[[campaigns]]")
        .unwrap_or_else(|| panic!("no campaign in:\n{text}"));
    text[at..]
        .lines()
        .find_map(|l| l.strip_prefix(&format!("{key} = ")))
        .unwrap_or_else(|| panic!("no {key} in the campaign:\n{}", &text[at..]))
}

#[test]
fn a_campaign_is_written_on_its_team_at_its_share_and_not_as_arrivals() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let truth = dir.path().join("truth.toml");
    std::fs::write(&truth, TRUTH).unwrap_or_else(|e| panic!("{e}"));
    let roster = dir.path().join("roster.csv");
    std::fs::write(
        &roster,
        "interval_start,routing_profile,agents\n2026-03-10T13:00:00Z,Blended,16\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let (text, doc) = simulate_and_calibrate(dir.path(), &truth, "1", "cal", Some(&roster));
    assert_eq!(campaign_value(&text, "mode"), "\"progressive\"");
    assert_eq!(campaign_value(&text, "agent_group"), "\"Blended\"");
    let bandwidth: f64 = campaign_value(&text, "bandwidth").parse().unwrap_or(-1.0);
    assert_eq!((bandwidth * 16.0).round(), 8.0, "bandwidth {bandwidth}");
    let k = &doc["campaigns"][0];
    let count = |key: &str| k[key].as_f64().unwrap_or_else(|| panic!("{key}: {k}"));
    let (dials, answered, machine) = (count("dials"), count("answered"), count("machine"));
    assert!(dials > 500.0, "{k}");
    // z for 1 − 0.05 / 2 two-sided per check: Φ⁻¹(1 − 0.0125).
    let z = 2.241_402_727_604_947;
    assert!(wilson_holds(answered, dials, 0.6, z), "{k}");
    assert!(wilson_holds(machine, answered, 0.2, z), "{k}");
    let written: f64 = campaign_value(&text, "answer_probability")
        .parse()
        .unwrap_or(-1.0);
    assert!((written - answered / dials).abs() < 1e-4, "{written} {k}");
    // The team's own after-contact work is the inbound calls' alone.
    let group = &text[text.find("[[agent_groups]]").unwrap_or(0)..];
    let acw = group
        .lines()
        .find_map(|l| l.strip_prefix("after_contact_work = "))
        .unwrap_or_default();
    assert_eq!(acw, "\"30s\"", "{group:.800}");
    assert_eq!(campaign_value(&text, "after_contact_work"), "\"45s\"");
    // The campaign's calls are not arrivals.
    assert!(!text.contains("api_voice"), "{text}");
}

/// A team that only works a campaign, and an agentless campaign: both
/// must be written so that `validate` takes the scenario. The team's
/// profile takes no queue's contacts, yet its group must be written (on a
/// queue of its own, where nothing queues) with the campaign on it —
/// written agentless, its agents' time vanished (a probe's find); the
/// agentless campaign must keep its mode, with a message (a scenario's
/// agentless campaign needs one).
#[test]
fn a_dedicated_campaign_team_and_an_agentless_campaign_are_written() {
    let truth = TRUTH
        .replace(
            "[[campaigns]]",
            r#"[[routing_profiles]]
name = "Dialers"
queues = [{ queue = "Service" }]

[[agent_groups]]
name = "Dialers"
routing_profile = "Dialers"
headcount = 6
auto_accept = true

[[campaigns]]
name = "reminders"
mode = "agentless"
dials_per_hour = 120
max_concurrent = 10
ring = "10s"
answer_probability = 0.5
message = "30s"

[[campaigns]]"#,
        )
        .replace(
            "agent_group = \"Blended\"\nbandwidth = 0.5",
            "agent_group = \"Dialers\"\nbandwidth = 1.0",
        );
    // The dialling team's profile names Service, but the campaign holds
    // all its agents whenever they are free: drop Service from it so that
    // it never takes an inbound call.
    let truth = truth.replacen(
        "name = \"Dialers\"\nqueues = [{ queue = \"Service\" }]",
        "name = \"Dialers\"\nqueues = [{ queue = \"Service\", delay = \"24h\" }]",
        1,
    );
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("truth.toml");
    std::fs::write(&path, &truth).unwrap_or_else(|e| panic!("{e}"));
    let roster = dir.path().join("roster.csv");
    std::fs::write(
        &roster,
        "interval_start,routing_profile,agents\n2026-03-10T13:00:00Z,Blended,16\n2026-03-10T13:00:00Z,Dialers,6\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let (text, doc) = simulate_and_calibrate(dir.path(), &path, "1", "cal", Some(&roster));
    let campaigns = doc["campaigns"].as_array().cloned().unwrap_or_default();
    assert_eq!(campaigns.len(), 2, "{doc}");
    let modes: Vec<&str> = campaigns
        .iter()
        .filter_map(|k| k["mode"].as_str())
        .collect();
    assert!(
        modes.contains(&"agentless") && modes.contains(&"progressive"),
        "{modes:?}"
    );
    // The team is written, on its own queue, and the campaign is on it.
    assert!(
        text.contains("[[agent_groups]]\nname = \"Dialers\""),
        "{text}"
    );
    assert!(
        text.contains("queues = [{ queue = \"Dialers campaign\", priority = 1 }]"),
        "{text}"
    );
    assert!(text.contains("agent_group = \"Dialers\""), "{text}");
    let agentless = &text[text.find("mode = \"agentless\"").unwrap_or(0)..];
    for key in ["dials_per_hour = ", "max_concurrent = ", "message = "] {
        assert!(agentless.contains(key), "{key} missing:\n{agentless:.900}");
    }
}
