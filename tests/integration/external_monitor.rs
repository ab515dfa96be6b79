//! Issue 15 §2: EXTERNAL_OUTBOUND (an agent adds an external party) and
//! MONITOR (a supervisor listens). Hand-worked timelines checked field by
//! field, conservation, determinism across threads, and two theory checks:
//! the supervisor group as an Erlang loss system, and the handle time an
//! external dial adds against its hand-computed mean.

use ccsim::center::ids::{GroupId, QueueId};
use ccsim::center::record::Monitoring;
use ccsim::center::spec::{Channel, InitiationMethod};
use ccsim::center::{DisconnectReason, Outcome};
use ccsim::engine::SimDuration;
use ccsim::exec::run_scenario;
use ccsim::stats::{Metric, Scope};

use crate::common::{
    at, bundled, ci99, collect, each_contact_reported_once, problems, replication_values, spec,
};

/// One agent, one caller, a queue whose agents always add an external
/// party that always answers, and one supervisor who monitors everything
/// for up to an hour. `{limit}` is replaced by the instance limits.
///
/// On paper (default flows: inbound 0 s, agent whisper 2 s, customer
/// whisper 0.5 s; answer delay 2 s; ACW 10 s):
/// - t=0     c1 arrives, offered; 2: accepts; 4: dequeued; 4.5: connected —
///   the conversation starts: the supervisor starts listening (MONITOR,
///   contact 2, RelatedContactId 1).
/// - t=64.5  the customer's 60 s of talk are over: the agent dials the
///   external number (EXTERNAL_OUTBOUND, contact 3, PreviousContactId 1).
/// - t=74.5  10 s of ringing: answered; the three talk 30 s.
/// - t=104.5 the external party hangs up (THIRD_PARTY_DISCONNECT); the
///   conversation ends (c1 talk 60 + 10 + 30 = 100 s); the supervisor's
///   hour is cut here (listened 100 s); ACW to 114.5.
const ANSWERED: &str = r#"
[simulation]
seed = 5
replications = 1
horizon = "1h"
interval = "1h"
{limit}
[[queues]]
name = "q"
external = { probability = 1.0, ring = "10s", answer_probability = 1.0, talk = "30s", number = "+442071234567" }

[[routing_profiles]]
name = "p"
queues = [{ queue = "q" }]

[[agent_groups]]
name = "agents"
routing_profile = "p"
headcount = 1
answer_delay = "2s"
after_contact_work = "10s"

[[supervisor_groups]]
name = "leads"
headcount = 1
queues = ["q"]
share = 1.0
listen = "1h"

[[sources]]
name = "c1"
arrival_times = ["0s"]
queue = "q"
customer = { talk = "60s" }
"#;

#[test]
fn an_answered_external_party_extends_the_conversation_and_caps_the_monitor() {
    let s = spec(&ANSWERED.replace("{limit}", ""));
    let out = collect(&s, 0);
    each_contact_reported_once(&out, "answered");
    assert_eq!(out.ended.len(), 3, "{:#?}", out.ended);
    let (c1, mon, ext) = (&out.ended[0], &out.ended[1], &out.ended[2]);
    let agent = Some((0, GroupId(0)));

    assert_eq!(c1.method, InitiationMethod::Inbound);
    assert_eq!(c1.connected, at(4.5));
    assert_eq!(c1.next_id, Some(3));
    assert_eq!(c1.talk, SimDuration::from_secs(100));
    assert_eq!(c1.disconnected, at(104.5));
    assert_eq!(
        c1.disconnect_reason,
        Some(DisconnectReason::CustomerDisconnect)
    );
    assert_eq!(c1.acw_end, at(114.5));
    assert_eq!(c1.outcome, Outcome::Handled);
    assert_eq!(c1.monitoring, Some(Monitoring::Monitored(0)));

    assert_eq!(mon.id, 2);
    assert_eq!(mon.method, InitiationMethod::Monitor);
    assert_eq!(mon.channel, Channel::Voice);
    assert_eq!(
        (mon.related_id, mon.previous_id, mon.initial_id),
        (Some(1), None, 2)
    );
    assert_eq!(mon.initiated.as_millis(), 4_500);
    assert_eq!(mon.connected, at(4.5));
    assert_eq!(mon.disconnected, at(104.5), "cut at the conversation's end");
    assert_eq!(
        mon.disconnect_reason,
        Some(DisconnectReason::CustomerDisconnect)
    );
    assert_eq!(mon.talk, SimDuration::from_secs(100));
    assert_eq!(mon.supervisor, Some((0, 0)));
    assert_eq!(mon.agent, None, "a supervisor is not an agent");
    assert_eq!(mon.queue, None);

    assert_eq!(ext.id, 3);
    assert_eq!(ext.method, InitiationMethod::ExternalOutbound);
    assert_eq!(ext.channel, Channel::Voice);
    assert_eq!((ext.previous_id, ext.initial_id), (Some(1), 1));
    assert_eq!(ext.initiated.as_millis(), 64_500);
    assert_eq!(ext.connected_to_system, at(74.5));
    assert_eq!(ext.connected, at(74.5));
    assert_eq!(ext.dial_ring, SimDuration::from_secs(10));
    assert_eq!(ext.talk, SimDuration::from_secs(30));
    assert_eq!(ext.disconnected, at(104.5));
    assert_eq!(
        ext.disconnect_reason,
        Some(DisconnectReason::ThirdPartyDisconnect)
    );
    assert_eq!(ext.outcome, Outcome::Handled);
    assert_eq!(ext.agent, agent, "the agent who dialled");
    assert_eq!(ext.external_of, Some(QueueId(0)));
    assert_eq!(ext.queue, None);
}

/// The same, but the instance has one voice line, which the customer's
/// call holds: the dial fails at once (TELECOM_BUSY, blocked) at 64.5 and
/// the conversation ends then, as if no party had been added.
#[test]
fn an_external_dial_with_no_free_line_fails_at_once() {
    let s = spec(&ANSWERED.replace("{limit}", "\n[instance_limits]\nvoice = 1\n"));
    let out = collect(&s, 0);
    each_contact_reported_once(&out, "blocked");
    let (c1, mon, ext) = (&out.ended[0], &out.ended[1], &out.ended[2]);
    assert_eq!(ext.method, InitiationMethod::ExternalOutbound);
    assert_eq!(ext.initiated.as_millis(), 64_500);
    assert_eq!(ext.disconnected, at(64.5));
    assert_eq!(ext.disconnect_reason, Some(DisconnectReason::TelecomBusy));
    assert_eq!(ext.outcome, Outcome::Blocked);
    assert_eq!(ext.connected_to_system, None);
    assert_eq!(c1.talk, SimDuration::from_secs(60));
    assert_eq!(c1.disconnected, at(64.5));
    assert_eq!(c1.acw_end, at(74.5));
    assert_eq!(mon.disconnected, at(64.5));
}

/// Two agents, two callers, one supervisor listening 20 s, external
/// parties who never answer (10 s of ringing).
///
/// On paper (as above):
/// - t=0    c1 → agent 0: connected 4.5; the supervisor listens (contact 3)
///   until 24.5 (its listen time, AGENT_DISCONNECT).
/// - t=1    c2 → agent 1: 3 accept, 5 dequeued, connected 5.5: chosen, but
///   the only supervisor is busy: missed, no MONITOR contact.
/// - t=64.5 c1's agent dials (contact 4); 74.5 unanswered (TELECOM_UNANSWERED);
///   c1's conversation ends at 74.5 (talk 70 s), ACW to 84.5.
/// - t=65.5 c2's agent dials (contact 5); 75.5 unanswered; c2 ends 75.5.
const UNANSWERED: &str = r#"
[simulation]
seed = 5
replications = 1
horizon = "1h"
interval = "1h"

[[queues]]
name = "q"
external = { probability = 1.0, ring = "10s", answer_probability = 0.0, talk = "30s" }

[[routing_profiles]]
name = "p"
queues = [{ queue = "q" }]

[[agent_groups]]
name = "agents"
routing_profile = "p"
headcount = 2
answer_delay = "2s"
after_contact_work = "10s"

[[supervisor_groups]]
name = "leads"
headcount = 1
queues = ["q"]
share = 1.0
listen = "20s"

[[sources]]
name = "callers"
arrival_times = ["0s", "1s"]
queue = "q"
customer = { talk = "60s" }
"#;

#[test]
fn an_unanswered_external_party_and_a_missed_monitor() {
    let s = spec(UNANSWERED);
    let out = collect(&s, 0);
    each_contact_reported_once(&out, "unanswered");
    assert_eq!(out.ended.len(), 5, "{:#?}", out.ended);
    let by_id = |id: u64| {
        out.ended
            .iter()
            .find(|r| r.id == id)
            .unwrap_or_else(|| panic!("no contact {id}"))
    };
    let (c1, c2, mon) = (by_id(1), by_id(2), by_id(3));
    assert_eq!(c1.monitoring, Some(Monitoring::Monitored(0)));
    assert_eq!(c2.connected, at(5.5));
    assert_eq!(c2.monitoring, Some(Monitoring::Missed(0)));
    assert_eq!(mon.method, InitiationMethod::Monitor);
    assert_eq!(mon.related_id, Some(1));
    assert_eq!(mon.disconnected, at(24.5), "listen time over first");
    assert_eq!(
        mon.disconnect_reason,
        Some(DisconnectReason::AgentDisconnect)
    );
    assert_eq!(mon.talk, SimDuration::from_secs(20));
    for (c, ext, start) in [(c1, by_id(4), 4.5), (c2, by_id(5), 5.5)] {
        assert_eq!(ext.method, InitiationMethod::ExternalOutbound);
        assert_eq!(ext.previous_id, Some(c.id));
        assert_eq!(c.next_id, Some(ext.id));
        assert_eq!(ext.initiated.as_millis(), ((start + 60.0) * 1000.0) as u64);
        assert_eq!(ext.connected_to_system, None);
        assert_eq!(ext.connected, None);
        assert_eq!(ext.disconnected, at(start + 70.0));
        assert_eq!(
            ext.disconnect_reason,
            Some(DisconnectReason::TelecomUnanswered)
        );
        assert_eq!(ext.outcome, Outcome::Unanswered);
        assert_eq!(ext.talk, SimDuration::ZERO);
        assert_eq!(c.talk, SimDuration::from_secs(70));
        assert_eq!(c.disconnected, at(start + 70.0));
        assert_eq!(c.acw_end, at(start + 80.0));
        assert_eq!(c.outcome, Outcome::Handled);
    }
}

/// The contact-record file writes both contacts as Connect would: the
/// external leg's endpoints and agent, the MONITOR's supervisor as `Agent`
/// and its `RelatedContactId`.
#[test]
fn records_carry_connects_fields() {
    let s = spec(&ANSWERED.replace("{limit}", ""));
    let out = collect(&s, 0);
    let f = ccsim::output::records::RecordFormatter::new(&s, 0, 0);
    let (c1, mon, ext) = (&out.ended[0], &out.ended[1], &out.ended[2]);
    let (j1, jm, je) = (f.to_json(c1), f.to_json(mon), f.to_json(ext));
    assert_eq!(je["InitiationMethod"], "EXTERNAL_OUTBOUND");
    assert_eq!(je["PreviousContactId"], j1["ContactId"]);
    assert_eq!(j1["NextContactId"], je["ContactId"]);
    assert_eq!(je["CustomerEndpoint"]["Address"], "+442071234567");
    assert_eq!(je["CustomerEndpoint"]["Type"], "TELEPHONE_NUMBER");
    assert_eq!(je["SystemEndpoint"]["Type"], "TELEPHONE_NUMBER");
    assert_eq!(je["DisconnectReason"], "THIRD_PARTY_DISCONNECT");
    assert_eq!(je["Agent"]["Username"], "agents.0");
    assert_eq!(je["Agent"]["AgentInteractionDuration"], 30);
    assert_eq!(j1["Agent"]["AgentInteractionDuration"], 100);
    assert_eq!(jm["InitiationMethod"], "MONITOR");
    assert_eq!(jm["RelatedContactId"], j1["ContactId"]);
    assert_eq!(jm["Agent"]["Username"], "leads.0");
    assert_eq!(jm["Agent"]["AgentInteractionDuration"], 100);
    assert!(jm.get("SystemEndpoint").is_none());
    assert_eq!(j1["Attributes"]["ccsim_monitoring"], "monitored");
    assert_eq!(jm["Attributes"]["ccsim_supervisor_group"], "leads");
}

/// Bad input names the field and the fix.
#[test]
fn bad_external_and_supervisor_fields_are_refused_with_their_paths() {
    let bad = UNANSWERED
        .replace("answer_probability = 0.0", "answer_probability = 1.5")
        .replace("queues = [\"q\"]", "queues = [\"nope\"]")
        .replace("share = 1.0", "share = -0.1");
    let p = problems(&bad);
    for needle in [
        "queues[0].external.answer_probability",
        "supervisor_groups[0].queues[0]",
        "unknown queue `nope`",
        "supervisor_groups[0].share",
    ] {
        assert!(p.contains(needle), "{needle} not in:\n{p}");
    }
    let bad = UNANSWERED.replace(
        "answer_probability = 0.0",
        "answer_probability = 0.0, number = \"12\"",
    );
    assert!(problems(&bad).contains("queues[0].external.number"));
}

// --- conservation and determinism -------------------------------------------------

/// Every contact of the bundled scenario ends exactly once (or is reported
/// unfinished), in every replication.
#[test]
fn every_contact_ends_once() {
    let s = bundled("external_monitor.toml");
    for r in 0..s.replications {
        let out = collect(&s, r);
        let n = each_contact_reported_once(&out, "external_monitor");
        assert!(out
            .ended
            .iter()
            .any(|c| c.method == InitiationMethod::Monitor));
        assert!(out
            .ended
            .iter()
            .any(|c| c.method == InitiationMethod::ExternalOutbound));
        assert!(n > 100);
    }
}

/// Byte-identical outputs (contact records included) on 1 and 2 threads.
#[test]
fn the_same_on_one_and_two_threads() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let a = crate::common::run_bundled_into(&tmp.path().join("t1"), "external_monitor.toml", "1");
    let b = crate::common::run_bundled_into(&tmp.path().join("t2"), "external_monitor.toml", "2");
    assert!(a.len() >= 3, "{:?}", a.keys());
    assert_eq!(a, b, "outputs differ between 1 and 2 threads");
}

// --- theory -------------------------------------------------------------------------

/// Erlang B(s, a) by the usual recursion.
fn erlang_b(s: u32, a: f64) -> f64 {
    (1..=s).fold(1.0, |b, k| a * b / (f64::from(k) + a * b))
}

/// Conversations start as a Poisson stream (120 callers an hour, 150
/// agents for ~60 busy: nobody waits, so starts are arrivals shifted by
/// the constant whispers); half are chosen for monitoring, so monitors are
/// offered at 1 a minute; 3 supervisors listen an exponential 2 minutes.
/// Conversations last 30 minutes, so the cap binds with probability
/// e^{-15} ≈ 3e-7: the group is an M/M/3/3 loss system with 2 erlangs
/// offered. The share of monitors missed is Erlang B(3, 2) = 4/19, and the
/// occupancy is the carried load per supervisor, 2 (1 − B) / 3. Each must
/// lie in the 99 % CI of 20 replications (seed fixed) whose half-width is
/// under 10 % of the value.
#[test]
fn missed_monitors_follow_erlang_b() {
    let text = r#"
[simulation]
seed = 1515
replications = 20
horizon = "24h"
interval = "24h"
warmup = "1h"

[[queues]]
name = "q"

[[routing_profiles]]
name = "p"
queues = [{ queue = "q" }]

[[agent_groups]]
name = "agents"
routing_profile = "p"
headcount = 150

[[supervisor_groups]]
name = "leads"
headcount = 3
queues = ["q"]
share = 0.5
listen = { dist = "exponential", mean = "2m" }

[[sources]]
name = "callers"
rate_per_hour = 120
queue = "q"
customer = { talk = "30m" }
"#;
    let summary = run_scenario(&spec(text), None, &|| {});
    let scope = Scope::SupervisorGroup("leads".into());
    let b = erlang_b(3, 2.0);
    assert!((b - 4.0 / 19.0).abs() < 1e-12, "{b}");
    let (mean, half) = ci99(replication_values(
        &summary,
        &scope,
        Metric::MonitorMissedShare,
    ));
    crate::common::assert_interval_holds("missed share vs Erlang B (99 %)", mean, half, b, 0.1);
    let occ = 2.0 * (1.0 - b) / 3.0;
    let (mean, half) = ci99(replication_values(
        &summary,
        &scope,
        Metric::SupervisorOccupancy,
    ));
    crate::common::assert_interval_holds("supervisor occupancy (99 %)", mean, half, occ, 0.1);
}

/// Every conversation dials an external party (lines unlimited): ring
/// uniform 10–20 s (mean 15 s), answered with probability 0.6, talk
/// exponential with mean 2 min. The added handle time per dial has mean
/// 15 + 0.6 × 120 = 87 s; the answered share is 0.6. Each must lie in the
/// 99 % CI of 10 replications (seed fixed), half-width under 10 %.
#[test]
fn external_dials_add_ring_plus_answered_talk() {
    let text = r#"
[simulation]
seed = 1516
replications = 10
horizon = "8h"
interval = "8h"
warmup = "30m"

[[queues]]
name = "q"
external = { probability = 1.0, ring = { dist = "uniform", min = "10s", max = "20s" }, answer_probability = 0.6, talk = { dist = "exponential", mean = "2m" } }

[[routing_profiles]]
name = "p"
queues = [{ queue = "q" }]

[[agent_groups]]
name = "agents"
routing_profile = "p"
headcount = 40

[[sources]]
name = "callers"
rate_per_hour = 120
queue = "q"
customer = { talk = "3m" }
"#;
    let summary = run_scenario(&spec(text), None, &|| {});
    let added = replication_values(&summary, &Scope::Total, Metric::ExternalAddedHandleSeconds);
    let (mean, half) = ci99(added);
    crate::common::assert_interval_holds("added handle time, s (99 %)", mean, half, 87.0, 0.1);
    let dials = replication_values(&summary, &Scope::Total, Metric::ExternalDials);
    let answered = replication_values(&summary, &Scope::Total, Metric::ExternalAnswered);
    let share: Vec<f64> = answered.iter().zip(dials).map(|(a, d)| a / d).collect();
    let (mean, half) = ci99(&share);
    crate::common::assert_interval_holds("answered share (99 %)", mean, half, 0.6, 0.1);
    assert!(
        replication_values(&summary, &Scope::Total, Metric::ExternalDialsBlocked)
            .iter()
            .all(|b| *b == 0.0)
    );
}
