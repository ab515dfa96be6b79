//! Outbound campaigns (issue 15 §4): hand-worked progressive and preview
//! timelines checked field by field, agentless concurrency and instance
//! limits, the predictive abandonment cap over replications, conservation,
//! determinism across thread counts, and progressive dialling of a
//! dedicated pool against its renewal-reward closed form.

use std::path::Path;
use std::process::Command;

use ccsim::center::campaign_spec::AmdStatus;
use ccsim::center::spec::{Channel, InitiationMethod};
use ccsim::center::{ContactRecord, DisconnectReason, Outcome};
use ccsim::engine::{SimDuration, SimTime};
use ccsim::exec::run_scenario;
use ccsim::output::RecordFormatter;
use ccsim::stats::{Metric, Scope, Summary};

use crate::common::{self, at, bundled, collect, files, problems, replication_values, spec};

/// A one-agent center with no inbound work, and `campaigns` appended.
fn one_agent(campaigns: &str) -> String {
    format!(
        r#"
[simulation]
seed = 3
replications = 1
horizon = "1h"
interval = "1h"

[[queues]]
name = "q"

[[routing_profiles]]
name = "p"
queues = [{{ queue = "q" }}]

[[agent_groups]]
name = "team"
routing_profile = "p"
headcount = 1
auto_accept = true
{campaigns}"#
    )
}

/// The amd status of a campaign record.
fn amd(r: &ContactRecord) -> AmdStatus {
    r.campaign
        .unwrap_or_else(|| panic!("not a campaign call: {r:#?}"))
        .amd
}

/// Progressive dialling, one agent, constant durations.
///
/// Campaign `yes` (2 contacts): ring 10 s, always answered by a person,
/// talk 60 s, ACW 20 s. Campaign `no` (1 contact): ring 15 s, never
/// answered. Both open at 0; `yes` is listed first, so it dials first.
///
/// On paper:
/// - 0: the agent is free: `yes` reserves it and dials c1. 10: a person
///   answers (connected to system and to the agent), talk → 70 (customer
///   disconnect), ACW → 90.
/// - 90: the agent is free again: `yes` dials c2 (ring → 100, talk → 160,
///   ACW → 180).
/// - 180: `yes` has used its list; `no` dials c3; nobody answers: at 195 it
///   ends `TELECOM_UNANSWERED` and the agent is free (no ACW). Nothing is
///   left to dial.
///
/// `yes`: 2 dials, 2 connected, agent time 2 × 90 s = 0.05 h, of which
/// talk + ACW 160 s: utilisation 160/180, 40 contacts per agent-hour.
const PROGRESSIVE: &str = r#"
[[campaigns]]
name = "yes"
mode = "progressive"
agent_group = "team"
contacts = 2
ring = "10s"
answer_probability = 1
talk = "60s"
after_contact_work = "20s"

[[campaigns]]
name = "no"
mode = "progressive"
agent_group = "team"
contacts = 1
ring = "15s"
answer_probability = 0
talk = "60s"
"#;

#[test]
fn progressive_timeline_by_hand() {
    let s = spec(&one_agent(PROGRESSIVE));
    let out = collect(&s, 0);
    assert_eq!(out.ended.len(), 3, "{:#?}", out.ended);
    assert!(out.unfinished.is_empty());
    let team = Some((0, ccsim::center::ids::GroupId(0)));
    for (r, start) in out.ended[..2].iter().zip([0.0, 90.0]) {
        assert_eq!(r.method, InitiationMethod::Api);
        assert_eq!(r.channel, Channel::Voice);
        assert_eq!(r.outcome, Outcome::Handled);
        assert_eq!(r.initiated, SimTime((start * 1000.0) as u64));
        assert_eq!(r.accepted, at(start), "reserved at the dial");
        assert_eq!(r.dial_ring, SimDuration::from_secs(10));
        assert_eq!(r.connected_to_system, at(start + 10.0));
        assert_eq!(r.connected, at(start + 10.0));
        assert_eq!(r.disconnected, at(start + 70.0));
        assert_eq!(
            r.disconnect_reason,
            Some(DisconnectReason::CustomerDisconnect)
        );
        assert_eq!(r.talk, SimDuration::from_secs(60));
        assert_eq!(r.acw, SimDuration::from_secs(20));
        assert_eq!(r.acw_end, at(start + 90.0));
        assert_eq!(r.agent, team);
        assert_eq!(r.queue, None);
        assert_eq!(amd(r), AmdStatus::HumanAnswered);
        assert_eq!(r.campaign.map(|c| c.campaign), Some(0));
    }
    let c3 = &out.ended[2];
    assert_eq!(c3.initiated, SimTime(180_000));
    assert_eq!(c3.outcome, Outcome::Unanswered);
    assert_eq!(c3.connected_to_system, None);
    assert_eq!(c3.connected, None);
    assert_eq!(c3.disconnected, at(195.0));
    assert_eq!(
        c3.disconnect_reason,
        Some(DisconnectReason::TelecomUnanswered)
    );
    assert_eq!(c3.acw_end, None);
    assert_eq!(amd(c3), AmdStatus::Unanswered);
    assert_eq!(c3.campaign.map(|c| c.campaign), Some(1));

    let summary = run_scenario(&s, Some(1), &|| {});
    let yes = Scope::Campaign("yes".into());
    let get = |scope: &Scope, m: Metric| {
        summary
            .get(scope, m)
            .and_then(|e| e.mean)
            .unwrap_or_else(|| panic!("{m} of {scope:?}"))
    };
    assert_eq!(get(&yes, Metric::CampaignDials), 2.0);
    assert_eq!(get(&yes, Metric::CampaignAnswered), 2.0);
    assert_eq!(get(&yes, Metric::CampaignConnected), 2.0);
    assert_eq!(get(&yes, Metric::CampaignAbandoned), 0.0);
    assert!((get(&yes, Metric::CampaignAgentHours) - 0.05).abs() < 1e-12);
    assert!((get(&yes, Metric::CampaignAgentUtilisation) - 160.0 / 180.0).abs() < 1e-12);
    assert!((get(&yes, Metric::CampaignContactsPerAgentHour) - 40.0).abs() < 1e-9);
    let no = Scope::Campaign("no".into());
    assert_eq!(get(&no, Metric::CampaignDials), 1.0);
    assert_eq!(get(&no, Metric::CampaignAnswered), 0.0);
    // 15 s of ringing, nothing productive.
    assert!((get(&no, Metric::CampaignAgentHours) - 15.0 / 3600.0).abs() < 1e-12);
    assert_eq!(get(&no, Metric::CampaignAgentUtilisation), 0.0);
}

/// Preview dialling, one agent, constant durations.
///
/// Campaign `pv` (1 contact): preview 30 s, ring 10 s, a person answers,
/// talk 60 s, ACW 20 s. Campaign `pv_machine` (1 contact): preview 5 s,
/// ring 8 s, always a machine, which hears a 20 s message.
///
/// On paper:
/// - 0: `pv` reserves the agent, who previews c1 until 30; the call rings
///   until 40; talk → 100, ACW → 120.
/// - 120: `pv_machine` reserves the agent: preview → 125, ring → 133, a
///   machine answers (AMD `VOICEMAIL_BEEP`): the agent is free at once; the
///   message plays until 153, when the flow ends the call
///   (`CONTACT_FLOW_DISCONNECT`, no agent in the record).
const PREVIEW: &str = r#"
[[campaigns]]
name = "pv"
mode = "preview"
agent_group = "team"
contacts = 1
preview = "30s"
ring = "10s"
answer_probability = 1
talk = "60s"
after_contact_work = "20s"

[[campaigns]]
name = "pv_machine"
mode = "preview"
agent_group = "team"
contacts = 1
preview = "5s"
ring = "8s"
answer_probability = 1
machine_share = 1
message = "20s"
talk = "60s"
"#;

#[test]
fn preview_timeline_by_hand() {
    let s = spec(&one_agent(PREVIEW));
    let out = collect(&s, 0);
    assert_eq!(out.ended.len(), 2, "{:#?}", out.ended);
    let c1 = &out.ended[0];
    assert_eq!(c1.initiated, SimTime::ZERO);
    assert_eq!(c1.accepted, at(0.0));
    assert_eq!(
        c1.campaign.map(|c| c.preview),
        Some(SimDuration::from_secs(30))
    );
    assert_eq!(c1.connected_to_system, at(40.0));
    assert_eq!(c1.connected, at(40.0));
    assert_eq!(c1.disconnected, at(100.0));
    assert_eq!(c1.acw_end, at(120.0));
    assert_eq!(c1.outcome, Outcome::Handled);
    assert_eq!(amd(c1), AmdStatus::HumanAnswered);

    let c2 = &out.ended[1];
    assert_eq!(c2.initiated, SimTime(120_000));
    assert_eq!(c2.accepted, at(120.0));
    assert_eq!(c2.dial_ring, SimDuration::from_secs(8));
    assert_eq!(c2.connected_to_system, at(133.0));
    assert_eq!(c2.connected, None, "no agent talks to a machine");
    assert_eq!(c2.disconnected, at(153.0));
    assert_eq!(
        c2.disconnect_reason,
        Some(DisconnectReason::ContactFlowDisconnect)
    );
    assert_eq!(c2.outcome, Outcome::Unanswered);
    assert_eq!(amd(c2), AmdStatus::VoicemailBeep);

    // The records as Connect writes them.
    let f = RecordFormatter::new(&s, 0, 0);
    let j1 = f.to_json(c1);
    assert_eq!(j1["InitiationMethod"], "API");
    assert_eq!(j1["Channel"], "VOICE");
    assert_eq!(j1["AnsweringMachineDetectionStatus"], "HUMAN_ANSWERED");
    let id = j1["Campaign"]["CampaignId"].as_str().unwrap_or_default();
    assert_eq!(id.len(), 36, "a UUID: {id}");
    assert_eq!(
        j1["Agent"]["ConnectedToAgentTimestamp"],
        "2026-01-05T08:00:40Z"
    );
    assert_eq!(j1["Agent"]["AfterContactWorkDuration"], 20);
    assert_eq!(j1["Attributes"]["ccsim_campaign"], "pv");
    assert_eq!(j1["Attributes"]["ccsim_dialing_mode"], "preview");
    assert_eq!(j1["Attributes"]["ccsim_preview_seconds"], "30");
    let j2 = f.to_json(c2);
    assert_eq!(j2["AnsweringMachineDetectionStatus"], "VOICEMAIL_BEEP");
    assert_eq!(j2["Agent"], serde_json::Value::Null);
    assert_eq!(j2["DisconnectReason"], "CONTACT_FLOW_DISCONNECT");
    assert_ne!(j2["Campaign"]["CampaignId"], j1["Campaign"]["CampaignId"]);
}

/// The most calls of `records` in progress at once (from initiation to
/// disconnect; a call ending at an instant frees its line before one
/// starting then).
fn peak_concurrency(records: &[&ContactRecord]) -> usize {
    let mut edges: Vec<(SimTime, i32)> = Vec::new();
    for r in records {
        edges.push((r.initiated, 1));
        edges.push((r.disconnected.unwrap_or(SimTime(u64::MAX)), -1));
    }
    edges.sort();
    let (mut now, mut peak) = (0i32, 0i32);
    for (_, d) in edges {
        now += d;
        peak = peak.max(now);
    }
    peak as usize
}

const AGENTLESS: &str = r#"
[[campaigns]]
name = "reminders"
mode = "agentless"
contacts = 400
dials_per_hour = 1800
max_concurrent = 6
ring = { dist = "uniform", min = "5s", max = "25s" }
answer_probability = 0.6
machine_share = 0.3
message = "30s"
"#;

#[test]
fn agentless_calls_hear_the_message_and_respect_the_concurrency_cap() {
    let s = spec(&one_agent(AGENTLESS));
    let out = collect(&s, 0);
    let calls: Vec<&ContactRecord> = out.ended.iter().collect();
    assert!(calls.len() > 300, "{} calls", calls.len());
    assert!(calls.len() <= 400, "the list has 400 contacts");
    for r in &calls {
        assert_eq!(r.agent, None);
        assert_eq!(r.connected, None);
        match amd(r) {
            AmdStatus::HumanAnswered | AmdStatus::VoicemailBeep => {
                let heard = r
                    .connected_to_system
                    .map(|t| t + SimDuration::from_secs(30));
                assert_eq!(r.disconnected, heard);
                let want = if amd(r) == AmdStatus::HumanAnswered {
                    Outcome::SelfServed
                } else {
                    Outcome::Unanswered
                };
                assert_eq!(r.outcome, want);
            }
            AmdStatus::Unanswered => assert_eq!(r.outcome, Outcome::Unanswered),
            AmdStatus::Pending => panic!("ended while ringing: {r:#?}"),
        }
    }
    assert_eq!(
        peak_concurrency(&calls),
        6,
        "the cap is reached, never passed"
    );
}

#[test]
fn campaign_calls_count_toward_the_voice_instance_limit() {
    let text = one_agent(&AGENTLESS.replace("max_concurrent = 6\n", ""))
        + "\n[instance_limits]\nvoice = 3\n";
    let out = collect(&spec(&text), 0);
    let (blocked, carried): (Vec<&ContactRecord>, Vec<&ContactRecord>) = out
        .ended
        .iter()
        .partition(|r| r.outcome == Outcome::Blocked);
    assert!(!blocked.is_empty(), "dials beyond 3 lines are turned away");
    for r in &blocked {
        assert_eq!(r.disconnect_reason, Some(DisconnectReason::TelecomBusy));
    }
    assert_eq!(peak_concurrency(&carried), 3);
}

/// Mean and 99 % Student-t half-width of a campaign metric's replication
/// values (at least 20 of them).
fn ci99(summary: &Summary, campaign: &str, metric: Metric) -> (f64, f64) {
    let values = replication_values(summary, &Scope::Campaign(campaign.into()), metric);
    assert!(values.len() >= 20, "{} replications", values.len());
    common::ci99(values)
}

/// The bundled blended center (inbound plus a predictive campaign at a
/// 40 % bandwidth, cap 3 %), over 30 replications with a fixed seed: the
/// realised campaign abandonment rate must stay under the cap — the upper
/// end of the 99 % Student-t interval of the replication means included
/// — and every abandoned call must have waited exactly the 2 s.
#[test]
fn predictive_pacing_keeps_abandonment_under_the_cap() {
    let mut s = bundled("campaign.toml");
    s.replications = 30;
    s.seed = 15;
    let summary = run_scenario(&s, None, &|| {});
    let (mean, half) = ci99(&summary, "renewals", Metric::CampaignAbandonmentRate);
    eprintln!("renewals abandonment: {mean:.4} ± {half:.4} (99 %), cap 0.03");
    assert!(mean + half <= 0.03, "{mean} ± {half} exceeds the cap");
    let (connected, _) = ci99(&summary, "renewals", Metric::CampaignConnected);
    assert!(connected > 100.0, "the campaign does work: {connected}");

    let out = collect(&s, 0);
    let renewals: Vec<&ContactRecord> = out
        .ended
        .iter()
        .filter(|r| r.campaign.is_some_and(|c| c.campaign == 0))
        .collect();
    let mut abandoned = 0;
    for r in renewals {
        match r.outcome {
            Outcome::Abandoned => {
                abandoned += 1;
                assert_eq!(
                    r.disconnected,
                    r.connected_to_system.map(|t| t + SimDuration::from_secs(2))
                );
                assert_eq!(r.agent, None);
            }
            Outcome::Handled => {
                let (Some(sys), Some(conn)) = (r.connected_to_system, r.connected) else {
                    panic!("handled without a connection: {r:#?}");
                };
                assert!(conn - sys <= SimDuration::from_secs(2), "{r:#?}");
            }
            _ => {}
        }
    }
    assert!(abandoned > 0, "the blended center does abandon some calls");
}

/// Every contact ends exactly once: ids run 1..=n with no gap or repeat
/// across ended and unfinished records.
#[test]
fn every_campaign_contact_ends_once() {
    let s = bundled("campaign.toml");
    let out = collect(&s, 1);
    crate::common::each_contact_reported_once(&out, "campaign.toml");
    assert!(out.ended.iter().any(|r| r.campaign.is_some()));
    assert!(out.unfinished.is_empty(), "the drain finishes everything");
}

/// `ccsim run` of the bundled scenario writes the same bytes (contact
/// records included) on one thread and on two.
#[test]
fn campaign_outputs_are_the_same_on_one_and_two_threads() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let scenario = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/campaign.toml");
    let run = |threads: &str| {
        let out = dir.path().join(threads);
        let status = Command::new(env!("CARGO_BIN_EXE_ccsim"))
            .arg("run")
            .arg(&scenario)
            .args(["--quiet", "--threads", threads, "--out"])
            .arg(&out)
            .arg("--contact-records")
            .arg(out.join("records.jsonl"))
            .output()
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(
            status.status.success(),
            "{}",
            String::from_utf8_lossy(&status.stderr)
        );
        files(&out)
    };
    let one = run("1");
    assert!(one.keys().any(|p| p.ends_with("records.jsonl")));
    assert_eq!(one, run("2"));
}

/// Progressive dialling of a dedicated pool against its closed form.
///
/// n agents dial a list that never runs out, with no inbound work. Each
/// agent's time is a renewal process: when it is free it is reserved and a
/// call dialled at once; the call rings R (uniform 5–25 s, E[R] = 15 s),
/// then is answered with probability p = 0.6, by a machine with probability
/// m = 0.3 of that. Unanswered and machine-answered calls free the agent
/// at the end of the ringing (no message: the machine is hung up on); a
/// person (probability p_live = p(1 − m) = 0.42) talks T (exponential, mean
/// 180 s) and the agent wraps up W = 30 s. So one cycle lasts
///
/// ```text
/// C = R + 1[live] (T + W),   E[C] = E[R] + p_live (E[T] + W) = 15 + 0.42 × 210 = 103.2 s
/// ```
///
/// and, by the renewal-reward theorem, over a long run
///
/// ```text
/// utilisation      = E[reward] / E[C] = p_live (E[T] + W) / E[C] = 88.2 / 103.2
/// contacts / hour  = 3600 p_live / E[C]                          = 1512 / 103.2
/// ```
///
/// The simulated values are ratio estimators over whole cycles (every
/// call dialled before the horizon completes in the drain), whose bias is
/// of order 1/cycles (about 1/1,400 here) — far inside the interval. The
/// exact values must lie in the 99 % Student-t interval of 30 replication
/// means, and the interval must be narrow (under 2 % of the value) for the
/// check to be evidence.
#[test]
fn progressive_dedicated_pool_matches_renewal_reward() {
    let text = r#"
[simulation]
seed = 2024
replications = 30
horizon = "8h"
interval = "8h"

[[queues]]
name = "q"

[[routing_profiles]]
name = "p"
queues = [{ queue = "q" }]

[[agent_groups]]
name = "pool"
routing_profile = "p"
headcount = 5
auto_accept = true

[[campaigns]]
name = "list"
mode = "progressive"
agent_group = "pool"
ring = { dist = "uniform", min = "5s", max = "25s" }
answer_probability = 0.6
machine_share = 0.3
talk = { dist = "exponential", mean = "3m" }
after_contact_work = "30s"
"#;
    let s = spec(text);
    let summary = run_scenario(&s, None, &|| {});
    let p_live = 0.6 * 0.7;
    let cycle = 15.0 + p_live * (180.0 + 30.0);
    for (metric, exact) in [
        (Metric::CampaignAgentUtilisation, p_live * 210.0 / cycle),
        (
            Metric::CampaignContactsPerAgentHour,
            3600.0 * p_live / cycle,
        ),
    ] {
        let (mean, half) = ci99(&summary, "list", metric);
        let label = format!("{metric} (99 %)");
        crate::common::assert_interval_holds(&label, mean, half, exact, 0.02);
    }
    // The pool never idles: its campaign agent-hours are its 5 × 8 h, less
    // at most one cycle per agent at each end.
    let (hours, _) = ci99(&summary, "list", Metric::CampaignAgentHours);
    assert!((hours - 40.0).abs() < 5.0 * 0.2, "{hours}");
}

#[test]
fn bad_campaigns_are_refused_with_the_field_and_a_fix() {
    let bad = one_agent(
        r#"
[[campaigns]]
name = "x"
mode = "robocall"
ring = "10s"
answer_probability = 1.5

[[campaigns]]
name = "y"
mode = "progressive"
agent_group = "nobody"
ring = "10s"
answer_probability = 0.5
bandwidth = -0.2
talk = "1m"
dials_per_hour = 10

[[campaigns]]
name = "z"
mode = "agentless"
ring = "10s"
answer_probability = 0.5
"#,
    );
    let p = problems(&bad);
    for needle in [
        "campaigns[0].mode",
        "robocall",
        "campaigns[0].answer_probability",
        "campaigns[1].agent_group",
        "nobody",
        "campaigns[1].bandwidth",
        "campaigns[1].dials_per_hour",
        "campaigns[2].dials_per_hour",
        "campaigns[2].message",
    ] {
        assert!(p.contains(needle), "no `{needle}` in:\n{p}");
    }
}
