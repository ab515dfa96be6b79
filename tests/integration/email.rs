//! Issue 15 §1, the EMAIL channel: an inbound email and the agent's reply
//! (AGENT_REPLY) and a flow's email (FLOW) on hand-worked timelines, field
//! by field; email in the instance limits; the email service level in
//! hours; conservation and determinism on the bundled `email.toml`; and an
//! email queue with concurrency c per agent against Erlang C with n·c
//! servers.

use std::path::Path;
use std::process::Command;

use ccsim::center::record::DisconnectReason;
use ccsim::center::spec::{Arrivals, Channel, InitiationMethod};
use ccsim::center::{ContactRecord, Outcome};
use ccsim::engine::SimDuration;
use ccsim::exec::run_scenario;
use ccsim::staffing::erlang::erlang_c;
use ccsim::stats::Scope;

use crate::common::{at, bundled, ci99, collect, files, problems, replication_values, spec};

/// One agent, two email slots, three emails the agent always replies to.
///
/// Email hears no default whisper and the agent auto-accepts at once, so
/// an accepted email is connected (and dequeued) at the offer. Reading
/// (talk) 120 s; the reply is written in 300 s; email ACW 30 s.
///
/// On paper:
/// - e1 arrives at 0: slot 1, connected 0; at 120 the agent replies:
///   e1 ends (disconnected 120 by the agent, no ACW of its own) and r1
///   starts at 120 in the same slot: written by 420, ACW → 450.
/// - e2 arrives at 10: slot 2, connected 10; r2 130 → 430, ACW → 460.
/// - e3 arrives at 20: both slots busy until 450 (the slot passes from e1
///   to r1 at 120 without ever being free), so e3 waits 430 s: accepted,
///   dequeued and connected at 450; r3 570 → 870, ACW → 900.
const REPLIES: &str = r#"
[simulation]
seed = 15
replications = 1
horizon = "1h"
interval = "1h"

[[queues]]
name = "email"

[[routing_profiles]]
name = "mail"
queues = [{ queue = "email", channels = ["email"] }]
concurrency = { voice = 1, email = 2 }

[[agent_groups]]
name = "mail"
routing_profile = "mail"
headcount = 1
auto_accept = true
auto_accept_delay = "0s"
after_contact_work = "5s"
after_contact_work_by_channel = { email = "30s" }

[[sources]]
name = "mailbox"
method = "inbound"
channel = "email"
arrival_times = ["0s", "10s", "20s"]
queue = "email"
customer = { talk = "2m" }
reply = { probability = 1.0, writing = "5m" }
"#;

/// The records of `method`, in contact-id order.
fn of(records: &[ContactRecord], method: InitiationMethod) -> Vec<&ContactRecord> {
    records.iter().filter(|r| r.method == method).collect()
}

#[test]
fn an_inbound_email_and_its_reply_field_by_field() {
    let s = spec(REPLIES);
    let out = collect(&s, 0);
    let inbound = of(&out.ended, InitiationMethod::Inbound);
    let replies = of(&out.ended, InitiationMethod::AgentReply);
    assert_eq!((inbound.len(), replies.len(), out.ended.len()), (3, 3, 6));
    let queue_times = [(0.0, 0.0), (10.0, 10.0), (20.0, 450.0)];
    for (k, (e, r)) in inbound.iter().zip(&replies).enumerate() {
        let (enq, deq) = queue_times[k];
        // The inbound email: queued, read, ended by the agent's reply.
        assert_eq!(e.channel, Channel::Email);
        assert_eq!(e.outcome, Outcome::Handled);
        assert_eq!(e.enqueued, at(enq), "e{k} enqueue");
        assert_eq!(e.dequeued, at(deq), "e{k} dequeue");
        assert_eq!(e.accepted, at(deq), "e{k} accept");
        assert_eq!(e.connected, at(deq), "e{k} connected");
        assert_eq!(e.disconnected, at(deq + 120.0), "e{k} disconnect");
        assert_eq!(e.disconnect_reason, Some(DisconnectReason::AgentDisconnect));
        assert_eq!(e.talk, SimDuration::from_secs(120));
        assert_eq!((e.acw, e.acw_end), (SimDuration::ZERO, at(deq + 120.0)));
        assert_eq!(
            (e.agent_whisper, e.customer_whisper),
            (SimDuration::ZERO, SimDuration::ZERO)
        );
        assert_eq!(e.next_id, Some(r.id));
        assert_eq!((e.previous_id, e.related_id), (None, None));
        // The reply: its own contact, linked three ways, same agent.
        assert_eq!(r.channel, Channel::Email);
        assert_eq!(r.outcome, Outcome::Handled);
        assert_eq!(r.previous_id, Some(e.id));
        assert_eq!(r.initial_id, e.id);
        assert_eq!(r.related_id, Some(e.id));
        assert_eq!(r.queue, None, "a reply is never queued");
        assert_eq!(r.agent, e.agent);
        assert_eq!(r.initiated, at(deq + 120.0).unwrap_or_default());
        assert_eq!(r.connected_to_system, at(deq + 120.0));
        assert_eq!(r.connected, at(deq + 120.0));
        assert_eq!(r.talk, SimDuration::from_secs(300));
        assert_eq!(r.disconnected, at(deq + 420.0));
        assert_eq!(r.disconnect_reason, Some(DisconnectReason::AgentDisconnect));
        assert_eq!(
            (r.acw, r.acw_end),
            (SimDuration::from_secs(30), at(deq + 450.0))
        );
        // Counted where its customer first arrived.
        assert_eq!(r.chain_initiated, e.initiated);
    }
    // The one agent held at most its two email slots, never a third.
    assert!(out
        .slots
        .iter()
        .all(|(_, ch, used, cap)| *ch != Channel::Email || used <= cap));
    assert!(out
        .slots
        .iter()
        .any(|(_, ch, used, _)| *ch == Channel::Email && *used == 2));
}

/// Whether the agent replies is drawn from the source's own stream: with
/// probability 0.5, half the emails get a reply, within the binomial's
/// 99.9 % band.
#[test]
fn reply_share_is_the_scenarios_probability() {
    let text = REPLIES
        .replace(
            "arrival_times = [\"0s\", \"10s\", \"20s\"]",
            "rate_per_hour = 4",
        )
        .replace(
            "probability = 1.0, writing = \"5m\"",
            "probability = 0.5, writing = \"5m\"",
        )
        .replace("horizon = \"1h\"", "horizon = \"500h\"")
        .replace("interval = \"1h\"", "interval = \"500h\"");
    let s = spec(&text);
    let out = collect(&s, 0);
    let n = of(&out.ended, InitiationMethod::Inbound).len() as f64;
    let replies = of(&out.ended, InitiationMethod::AgentReply).len() as f64;
    // Binomial(n, 0.5): the share lies within 3.3 standard deviations
    // (two-sided 99.9 %) of 0.5.
    let sd = (0.25 / n).sqrt();
    assert!(n > 1000.0, "{n} emails");
    assert!(
        (replies / n - 0.5).abs() <= 3.3 * sd,
        "{replies} replies of {n}"
    );
}

/// A flow's acknowledgement email: FLOW on EMAIL, no agent, no queue,
/// related to the call whose inbound flow sent it, holding an email line
/// while it is sent. The instance allows one active email, so the second
/// caller's acknowledgement (due at 6 s, while the first is still being
/// sent until 15 s) is turned away; the third's (at 25 s) goes.
const FLOW_EMAIL: &str = r#"
[simulation]
seed = 16
replications = 1
horizon = "1h"
interval = "1h"

[instance_limits]
email = 1

[[queues]]
name = "calls"

[[routing_profiles]]
name = "voice"
queues = [{ queue = "calls" }]

[[agent_groups]]
name = "agents"
routing_profile = "voice"
headcount = 3
auto_accept = true
auto_accept_delay = "0s"
after_contact_work = "0s"

[[flows]]
name = "IVR"
type = "inbound"
duration = "5s"
queues = [{ queue = "calls", probability = 1.0 }]
send_email = { probability = 1.0, sending = "10s" }

[[sources]]
name = "callers"
arrival_times = ["0s", "1s", "20s"]
inbound_flow = "IVR"
customer = { talk = "1m" }
"#;

#[test]
fn a_flow_email_record_and_the_email_instance_limit() {
    let s = spec(FLOW_EMAIL);
    let out = collect(&s, 0);
    let calls = of(&out.ended, InitiationMethod::Inbound);
    let emails = of(&out.ended, InitiationMethod::Flow);
    assert_eq!((calls.len(), emails.len()), (3, 3));
    let expect = [
        (
            0,
            5.0,
            Outcome::SelfServed,
            Some(15.0),
            DisconnectReason::ContactFlowDisconnect,
        ),
        (
            1,
            6.0,
            Outcome::Blocked,
            None,
            DisconnectReason::TelecomBusy,
        ),
        (
            2,
            25.0,
            Outcome::SelfServed,
            Some(35.0),
            DisconnectReason::ContactFlowDisconnect,
        ),
    ];
    for (call, start, outcome, sent, reason) in expect {
        let e = emails
            .iter()
            .find(|e| e.related_id == Some(calls[call].id))
            .unwrap_or_else(|| panic!("no email for call {call}"));
        assert_eq!(e.channel, Channel::Email);
        assert_eq!(e.initiated, at(start).unwrap_or_default(), "call {call}");
        assert_eq!(e.outcome, outcome, "call {call}");
        assert_eq!(e.disconnect_reason, Some(reason), "call {call}");
        assert_eq!(e.connected_to_system, sent.and(at(start)), "call {call}");
        assert_eq!(e.disconnected, at(sent.unwrap_or(start)), "call {call}");
        assert_eq!((e.queue, e.agent, e.connected), (None, None, None));
        assert_eq!((e.previous_id, e.next_id, e.initial_id), (None, None, e.id));
        assert_eq!(e.chain_initiated, calls[call].initiated);
    }
    // The calls themselves go on untouched: queued after the 5 s flow.
    for c in &calls {
        assert_eq!(c.outcome, Outcome::Handled);
        assert_eq!(c.enqueued, Some(c.initiated + SimDuration::from_secs(5)));
    }
}

/// The instance's email limit holds inbound emails too: one line, two
/// emails; the first keeps its line through the reply, so the second is a
/// fast busy.
#[test]
fn the_email_instance_limit_turns_inbound_emails_away() {
    let text = REPLIES.replace("[[queues]]", "[instance_limits]\nemail = 1\n\n[[queues]]");
    let out = collect(&spec(&text), 0);
    let inbound = of(&out.ended, InitiationMethod::Inbound);
    assert_eq!(inbound[0].outcome, Outcome::Handled);
    assert!(inbound[1..].iter().all(|r| r.outcome == Outcome::Blocked
        && r.disconnect_reason == Some(DisconnectReason::TelecomBusy)));
    assert_eq!(of(&out.ended, InitiationMethod::AgentReply).len(), 1);
}

/// The email service level in hours: one agent, one email at a time, four
/// emails at 0 s, each read in 40 minutes, no reply, no ACW: the waits are
/// 0, 40, 80 and 120 minutes, so two of four are answered within 1 h and
/// all four within 2 h (a wait equal to the threshold is within it); the
/// seconds threshold (20 s) sees one of four.
#[test]
fn email_service_level_in_hours() {
    let text = REPLIES
        .replace(
            "arrival_times = [\"0s\", \"10s\", \"20s\"]",
            "arrival_times = [\"0s\", \"0s\", \"0s\", \"0s\"]",
        )
        .replace(
            "customer = { talk = \"2m\" }",
            "customer = { talk = \"40m\" }",
        )
        .replace("reply = { probability = 1.0, writing = \"5m\" }\n", "")
        .replace("email = 2 }", "email = 1 }")
        .replace("after_contact_work_by_channel = { email = \"30s\" }", "")
        .replace("after_contact_work = \"5s\"", "after_contact_work = \"0s\"")
        .replace(
            "name = \"email\"\n",
            "name = \"email\"\nemail_service_level = [\"2h\", \"1h\"]\n",
        );
    let s = spec(&text);
    let summary = run_scenario(&s, None, &|| {});
    let q = Scope::Queue("email".into());
    let v = |scope: &Scope, m: &str| -> Option<f64> { summary.get(scope, m).and_then(|e| e.mean) };
    for scope in [&q, &Scope::Total] {
        assert_eq!(v(scope, "email_service_level_1h"), Some(0.5));
        assert_eq!(v(scope, "email_service_level_connect_1h"), Some(0.5));
        assert_eq!(v(scope, "email_service_level_2h"), Some(1.0));
    }
    assert_eq!(v(&q, "service_level_20s"), Some(0.25));
    // Scenarios without email thresholds report no email service level.
    let plain = run_scenario(&spec(REPLIES), None, &|| {});
    assert!(plain.get(&Scope::Total, "email_service_level_1h").is_none());
}

/// Conservation on the bundled scenario: every contact created is reported
/// exactly once (ended or unfinished), every reply follows a handled
/// inbound email that points to it, every flow email is related to a
/// contact that exists.
#[test]
fn every_email_contact_ends_exactly_once() {
    let s = bundled("email.toml");
    let out = collect(&s, 0);
    let n = crate::common::each_contact_reported_once(&out, "email.toml");
    assert!(n > 500, "{n} contacts");
    let by_id = |id: u64| out.ended.iter().chain(&out.unfinished).find(|r| r.id == id);
    let replies = of(&out.ended, InitiationMethod::AgentReply);
    let flows = of(&out.ended, InitiationMethod::Flow);
    assert!(!replies.is_empty() && !flows.is_empty());
    for r in replies {
        let e = r
            .previous_id
            .and_then(by_id)
            .unwrap_or_else(|| panic!("{r:?}"));
        assert_eq!(
            (e.method, e.channel, e.next_id),
            (InitiationMethod::Inbound, Channel::Email, Some(r.id))
        );
        assert_eq!(e.outcome, Outcome::Handled);
        assert_eq!(e.agent, r.agent);
    }
    for f in flows {
        assert!(f.related_id.and_then(by_id).is_some(), "{f:?}");
    }
}

/// `ccsim run` on the bundled scenario, records included, gives the same
/// bytes on one thread and on two.
#[test]
fn email_outputs_are_identical_on_one_and_two_threads() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let scenario = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/email.toml");
    let run = |threads: &str| {
        let out = tmp.path().join(threads);
        let status = Command::new(env!("CARGO_BIN_EXE_ccsim"))
            .arg("run")
            .arg(&scenario)
            .args([
                "--quiet",
                "--replications",
                "4",
                "--threads",
                threads,
                "--out",
            ])
            .arg(&out)
            .arg("--contact-records")
            .arg(out.join("records.jsonl"))
            .output()
            .unwrap_or_else(|e| panic!("cannot start ccsim: {e}"));
        assert!(
            status.status.success(),
            "{}",
            String::from_utf8_lossy(&status.stderr)
        );
        files(&out)
    };
    let (one, two) = (run("1"), run("2"));
    assert!(one.keys().any(|p| p.ends_with("records.jsonl")));
    assert_eq!(one, two);
}

/// An email-only queue served by n = 3 agents with c = 4 email slots each,
/// exponential handling (mean 3 min, no reply, no ACW), Poisson arrivals of
/// 10 erlangs and no abandonment is M/M/12: Erlang C with n·c = 12 servers
/// gives P(wait), ASA and the share answered within 1 minute exactly. Each
/// must lie inside the 99 % CI of the replication means (40 replications,
/// fixed seed), and the CI must be narrow enough (5 % of the value) to be
/// evidence.
#[test]
fn email_slots_are_servers_of_erlang_c() {
    const LAMBDA: f64 = 10.0 / 180.0; // per second: 10 erlangs of 3 min
    let mut s = spec(
        &REPLIES
            .replace("headcount = 1", "headcount = 3")
            .replace("email = 2 }", "email = 4 }")
            .replace("after_contact_work_by_channel = { email = \"30s\" }", "")
            .replace("after_contact_work = \"5s\"", "after_contact_work = \"0s\"")
            .replace("reply = { probability = 1.0, writing = \"5m\" }\n", "")
            .replace(
                "customer = { talk = \"2m\" }",
                "customer = { talk = { dist = \"exponential\", mean = \"3m\" } }",
            )
            .replace(
                "name = \"email\"\n",
                "name = \"email\"\nemail_service_level = [\"1m\"]\n",
            ),
    );
    let (warmup, hours) = (10, 300);
    s.warmup = SimDuration::from_secs(warmup * 3600);
    s.horizon = SimDuration::from_secs((warmup + hours) * 3600);
    s.interval = s.horizon;
    s.replications = 40;
    s.seed = 1515;
    s.sources[0].arrivals = Arrivals::Poisson(vec![LAMBDA / 1000.0]);
    let summary = run_scenario(&s, None, &|| {});
    let exact = erlang_c(LAMBDA, 180.0, 12).unwrap_or_else(|e| panic!("{e}"));
    let q = Scope::Queue("email".into());
    for (metric, want) in [
        ("p_wait", exact.p_wait),
        ("asa_seconds", exact.asa),
        ("email_service_level_1m", exact.service_level(60.0)),
    ] {
        let (mean, half) = ci99(replication_values(&summary, &q, metric));
        let label = format!("M/M/12 email {metric} (99 %)");
        crate::common::assert_interval_holds(&label, mean, half, want, 0.05);
    }
}

/// Bad email input is refused with the field path and the fix.
#[test]
fn bad_email_fields_name_the_field_and_the_fix() {
    let voice_reply = REPLIES.replace("channel = \"email\"\n", "");
    let p = problems(&voice_reply);
    assert!(
        p.contains("sources[0].reply") && p.contains("only email sources"),
        "{p}"
    );
    let bad_p = REPLIES.replace("probability = 1.0, writing", "probability = 1.5, writing");
    let p = problems(&bad_p);
    assert!(
        p.contains("sources[0].reply.probability") && p.contains("outside [0, 1]"),
        "{p}"
    );
    let seconds = REPLIES.replace(
        "name = \"email\"\n",
        "name = \"email\"\nemail_service_level = [\"90s\"]\n",
    );
    let p = problems(&seconds);
    assert!(
        p.contains("queues[0].email_service_level[0]") && p.contains("whole number of minutes"),
        "{p}"
    );
    let queue_flow = FLOW_EMAIL.replace(
        "[[sources]]",
        "[[flows]]\nname = \"Q\"\ntype = \"customer_queue\"\nsend_email = { probability = 1.0 }\n\n[[sources]]",
    );
    let p = problems(&queue_flow);
    assert!(
        p.contains("flows[1].send_email") && p.contains("only inbound flows send emails"),
        "{p}"
    );
}
