//! Issue 9 item 6, disconnect flows (MODEL.md's DISCONNECT row), each on a
//! hand-worked timeline (constant durations, auto-accept in 0 s):
//!
//! - a customer who stays for the disconnect flow (a survey) hears it on
//!   the **same** contact: the line is held until the flow ends, the agent
//!   is free at its disconnect (ACW), the contact ends when both are over;
//!   `DisconnectReason` AGENT_DISCONNECT, `DisconnectTimestamp` the end of
//!   the flow;
//! - a DISCONNECT contact is created only when the disconnect flow queues
//!   the contact again (a chat or task follow-up: probability 1 −
//!   `self_service` of a flow with `queues`); it routes like INBOUND, with
//!   patience and talk drawn from the customer's own block;
//! - chat and task contacts have disconnect flows too (chat: when the
//!   customer stays; task: always);
//!
//! and the statistics, the drain, and validation.
//!
//! Defaults used throughout: inbound flow 0 s, agent whisper 2 s, customer
//! whisper 0.5 s (voice only).

use ccsim::center::spec::{CenterSpec, InitiationMethod};
use ccsim::center::{AgentActivity, ContactRecord, DisconnectReason, Outcome, Party};
use ccsim::engine::SimTime;
use ccsim::stats::Scope;

use crate::common::{at, collect, problems, spec, Collect};

const HEADER: &str = r#"
[simulation]
seed = 11
replications = 1
start = "2026-01-05T08:00:00Z"
horizon = "1h"
interval = "1h"
"#;

/// The flows played for contact `id`: (flow name, listener, start s,
/// duration s), in order.
fn trace<'a>(s: &'a CenterSpec, out: &Collect, id: u64) -> Vec<(&'a str, Party, f64, Option<f64>)> {
    out.plays
        .iter()
        .filter(|p| p.contact == id)
        .map(|p| {
            (
                s.flows[p.flow.index()].name.as_str(),
                p.party,
                p.start.as_millis() as f64 / 1000.0,
                p.duration.map(|d| d.as_secs_f64()),
            )
        })
        .collect()
}

/// The record of the contact of `method` initiated at `secs`.
fn record(out: &Collect, secs: f64, method: InitiationMethod) -> ContactRecord {
    out.ended
        .iter()
        .chain(out.unfinished.iter())
        .find(|r| r.initiated == at(secs).unwrap_or_default() && r.method == method)
        .cloned()
        .unwrap_or_else(|| panic!("no {} contact at {secs}: {:#?}", method.as_str(), out.ended))
}

/// The DISCONNECT contacts, ended or unfinished, by contact id.
fn follow_ups(out: &Collect) -> Vec<ContactRecord> {
    let mut ds: Vec<ContactRecord> = out
        .ended
        .iter()
        .chain(out.unfinished.iter())
        .filter(|r| r.method == InitiationMethod::Disconnect)
        .cloned()
        .collect();
    ds.sort_by_key(|r| r.id);
    ds
}

// --- 1: a survey on the same contact ------------------------------------------

/// One voice line, one agent (ACW `ACW`), a 60 s survey set by the IVR;
/// callers talk 30 s and all stay for the survey.
const SURVEY: &str = r#"
[instance_limits]
voice = 1
[[queues]]
name = "q"
[[routing_profiles]]
name = "p"
queues = [{ queue = "q" }]
[[agent_groups]]
name = "g"
routing_profile = "p"
headcount = 1
auto_accept = true
after_contact_work = "ACW"
[[flows]]
name = "Survey"
type = "inbound"
duration = "60s"
[[flows]]
name = "IVR"
type = "inbound"
duration = "0s"
queues = [{ queue = "q", probability = 1.0 }]
sets = { disconnect = "Survey" }
[[sources]]
name = "callers"
arrival_times = ["0s", "50s", "95s"]
inbound_flow = "IVR"
customer = { talk = "30s", stays_for_disconnect_flow = 1.0 }
"#;

/// On paper: c1 arrives at 0, queued and accepted at once; agent whisper
/// to 2 (dequeued), customer whisper to 2.5 (connected), talk to 32.5. The
/// agent hangs up: ACW 32.5–37.5; the survey plays to the caller on c1
/// from 32.5 to 92.5, and c1 keeps the only line until then: c2, calling
/// at 50, gets a fast busy; c3, at 95, gets through (talk 97.5–127.5,
/// survey to 187.5). No DISCONNECT contact is made. The agent is available
/// from 37.5 (its ACW end) to 95, while c1's survey still plays.
#[test]
fn a_survey_plays_on_the_same_contact_and_holds_its_line() {
    let s = spec(&format!("{HEADER}{}", SURVEY.replace("ACW", "5s")));
    let out = collect(&s, 0);
    assert!(follow_ups(&out).is_empty(), "{:#?}", out.ended);
    assert_eq!(out.ended.len(), 3, "{:#?}", out.ended);
    let c1 = record(&out, 0.0, InitiationMethod::Inbound);
    assert_eq!(
        (c1.enqueued, c1.dequeued, c1.connected),
        (at(0.0), at(2.0), at(2.5))
    );
    assert_eq!(
        (c1.disconnect_flow, c1.acw_start(), c1.acw_end),
        (at(32.5), at(32.5), at(37.5)),
        "the agent's disconnect starts the survey and the ACW"
    );
    assert_eq!(
        (
            c1.disconnected,
            c1.disconnect_reason,
            c1.outcome,
            c1.next_id
        ),
        (
            at(92.5),
            Some(DisconnectReason::AgentDisconnect),
            Outcome::Handled,
            None
        ),
        "the customer leaves the contact when the survey ends"
    );
    assert_eq!(
        trace(&s, &out, c1.id),
        vec![
            ("IVR", Party::Customer, 0.0, Some(0.0)),
            ("Default customer queue", Party::Customer, 0.0, None),
            ("Default agent whisper", Party::Agent, 0.0, Some(2.0)),
            ("Default customer whisper", Party::Customer, 2.0, Some(0.5)),
            ("Survey", Party::Customer, 32.5, Some(60.0)),
        ]
    );
    let c2 = record(&out, 50.0, InitiationMethod::Inbound);
    assert_eq!(
        (c2.outcome, c2.disconnect_reason),
        (Outcome::Blocked, Some(DisconnectReason::TelecomBusy)),
        "the survey holds the line"
    );
    let c3 = record(&out, 95.0, InitiationMethod::Inbound);
    assert_eq!(
        (
            c3.connected,
            c3.disconnect_flow,
            c3.acw_end,
            c3.disconnected
        ),
        (at(97.5), at(127.5), at(132.5), at(187.5))
    );
    let g = s.groups.iter().position(|g| g.name == "g").unwrap_or(0);
    assert!(
        out.agent_time
            .iter()
            .any(|&(gr, a, from, to)| gr.index() == g
                && a == AgentActivity::Available
                && (Some(from), Some(to)) == (at(37.5), at(95.0))),
        "the agent is free at its ACW end, during the survey: {:?}",
        out.agent_time
    );
    // The record as Connect writes it: the ACW starts at the agent's
    // disconnect, before the contact's DisconnectTimestamp.
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let files = ccsim::output::RecordFiles::new(&dir.path().join("r.jsonl"));
    let w = files.writer(&s, 0);
    let j = w.to_json(&c1);
    assert_eq!(j["InitiationMethod"], "INBOUND");
    assert_eq!(j["DisconnectReason"], "AGENT_DISCONNECT");
    assert_eq!(j["DisconnectTimestamp"], "2026-01-05T08:01:32Z");
    assert_eq!(
        j["Agent"]["AfterContactWorkStartTimestamp"],
        "2026-01-05T08:00:32Z"
    );
    assert_eq!(
        j["Agent"]["AfterContactWorkEndTimestamp"],
        "2026-01-05T08:00:37Z"
    );
    assert_eq!(j["Agent"]["AgentInteractionDuration"], 30);
    assert!(j["NextContactId"].is_null());
    let _ = w.close();
}

/// The contact ends when both the survey and the ACW are over, whichever
/// ends last, and is in progress until then.
///
/// With ACW 5 s (survey last): at a horizon of 60 s, c1's agent has been
/// free since 37.5 but the survey plays until 92.5: c1 is in progress.
/// With ACW 90 s (ACW last): the survey ends at 92.5 (the line is free,
/// `DisconnectTimestamp` 92.5), the ACW at 122.5; at a horizon of 100 s c1
/// is in progress, and it ends at 122.5.
#[test]
fn the_contact_ends_when_both_the_flow_and_the_acw_are_over() {
    for (acw, horizon, acw_end) in [("5s", "60s", 37.5), ("90s", "100s", 122.5)] {
        let text = format!("{HEADER}{}", SURVEY.replace("ACW", acw))
            .replace("horizon = \"1h\"", &format!("horizon = \"{horizon}\""))
            .replace(r#"["0s", "50s", "95s"]"#, r#"["0s"]"#);
        let s = spec(&text);
        let out = collect(&s, 0);
        let [c1] = &out.ended[..] else {
            panic!("{:#?}", out.ended)
        };
        assert_eq!(
            (c1.disconnected, c1.acw_start(), c1.acw_end, c1.outcome),
            (at(92.5), at(32.5), at(acw_end), Outcome::Handled),
            "ACW {acw}"
        );
        assert_eq!(
            out.at_horizon.iter().map(|r| r.id).collect::<Vec<_>>(),
            vec![c1.id],
            "ACW {acw}: in progress at the horizon"
        );
    }
}

/// The drain: a contact whose agent is gone (ACW over at 37.5) but whose
/// survey still plays when the run stops (horizon 60 s + drain 10 s) is
/// reported unfinished, with its agent's part in the record and no
/// disconnect yet; the agent's time after its ACW counts as available (to
/// the horizon, where agent time stops counting).
#[test]
fn a_survey_still_playing_after_the_drain_is_unfinished() {
    let text = format!("{HEADER}{}", SURVEY.replace("ACW", "5s"))
        .replace("horizon = \"1h\"", "horizon = \"60s\"\ndrain = \"10s\"")
        .replace(r#"["0s", "50s", "95s"]"#, r#"["0s"]"#);
    let s = spec(&text);
    let out = collect(&s, 0);
    assert!(out.ended.is_empty(), "{:#?}", out.ended);
    let [c1] = &out.unfinished[..] else {
        panic!("{:#?}", out.unfinished)
    };
    assert_eq!(
        (
            c1.outcome,
            c1.disconnect_flow,
            c1.acw_end,
            c1.disconnected,
            c1.disconnect_reason
        ),
        (Outcome::InProgress, at(32.5), at(37.5), None, None)
    );
    assert!(
        out.agent_time
            .iter()
            .any(|&(_, a, from, to)| a == AgentActivity::Available
                && (Some(from), Some(to)) == (at(37.5), at(60.0))),
        "{:?}",
        out.agent_time
    );
    let summary = ccsim::exec::run_scenario(&s, Some(1), &|| {});
    let get = |m: &str| summary.get(&Scope::Total, m).and_then(|e| e.mean);
    assert_eq!(
        (
            get("contacts_unfinished"),
            get("contacts_in_progress_at_horizon"),
            get("contacts_disconnect_flow"),
            get("contacts_handled")
        ),
        (Some(1.0), Some(1.0), Some(1.0), Some(1.0))
    );
}

// --- 2: a follow-up that queues the contact again ------------------------------

/// Chats (instance limit 1), one agent (ACW 10 s); the chat bot sets a
/// 300 s follow-up disconnect flow that queues the chat again (`queues`,
/// `self_service` SELF); customers talk 60 s and stay.
const FOLLOW_UP: &str = r#"
[instance_limits]
chat = 1
[[queues]]
name = "chat"
[[queues]]
name = "again"
[[routing_profiles]]
name = "digital"
queues = [{ queue = "chat" }, { queue = "again" }]
[[agent_groups]]
name = "g"
routing_profile = "digital"
headcount = 1
auto_accept = true
after_contact_work = "10s"
[[flows]]
name = "Follow-up"
type = "inbound"
duration = "300s"
self_service = SELF
queues = [{ queue = "again", probability = 1.0, routing = { priority = 2 } }]
[[flows]]
name = "Chat bot"
type = "inbound"
duration = "0s"
queues = [{ queue = "chat", probability = 1.0 }]
sets = { disconnect = "Follow-up" }
[[sources]]
name = "web"
method = "api_chat"
arrival_times = ["0s", "200s", "400s"]
inbound_flow = "Chat bot"
customer = { talk = "60s", stays_for_disconnect_flow = 1.0 }
"#;

/// On paper: chat c1 at 0 is queued and accepted at once; no whispers on
/// chat: dequeued and connected at 0; talk to 60. The agent ends the chat:
/// ACW 60–70; the follow-up plays to the customer on c1 from 60 to 360,
/// holding the only chat line (c2 at 200: blocked). At 360 the flow queues
/// the chat again: c1 disconnects (AGENT_DISCONNECT) and ends, and the
/// DISCONNECT contact d — previous and initial c1, the line passed to it —
/// enters `again` at 360 with priority 2, is taken at once (connected 360),
/// talks 60 s (its source's talk) to 420 (CUSTOMER_DISCONNECT: it runs no
/// follow-up of its own), ACW to 430. c3 at 400 is blocked: d holds the line.
#[test]
fn a_follow_up_queues_the_chat_again_as_a_disconnect_contact() {
    let s = spec(&format!("{HEADER}{}", FOLLOW_UP.replace("SELF", "0.0")));
    let out = collect(&s, 0);
    let c1 = record(&out, 0.0, InitiationMethod::Api);
    let [d] = &follow_ups(&out)[..] else {
        panic!("{:#?}", out.ended)
    };
    assert_eq!(
        (c1.connected, c1.disconnect_flow, c1.acw_end),
        (at(0.0), at(60.0), at(70.0))
    );
    assert_eq!(
        (
            c1.disconnected,
            c1.disconnect_reason,
            c1.outcome,
            c1.next_id
        ),
        (
            at(360.0),
            Some(DisconnectReason::AgentDisconnect),
            Outcome::Handled,
            Some(d.id)
        )
    );
    assert_eq!(
        (
            d.previous_id,
            d.initial_id,
            d.channel.as_str(),
            d.chain_initiated
        ),
        (Some(c1.id), c1.id, "CHAT", SimTime(0))
    );
    assert_eq!(
        (d.initiated, d.connected_to_system, d.enqueued, d.dequeued),
        (
            at(360.0).unwrap_or_default(),
            at(360.0),
            at(360.0),
            at(360.0)
        )
    );
    assert_eq!(
        s.queues[d.queue.map(|q| q.index()).unwrap_or(0)].name,
        "again"
    );
    assert_eq!(
        (d.connected, d.disconnected, d.disconnect_reason, d.acw_end),
        (
            at(360.0),
            at(420.0),
            Some(DisconnectReason::CustomerDisconnect),
            at(430.0)
        )
    );
    assert_eq!(
        (d.outcome, d.disconnect_flow, d.talk.as_secs_f64()),
        (Outcome::Handled, None, 60.0)
    );
    assert_eq!(
        trace(&s, &out, c1.id),
        vec![
            ("Chat bot", Party::Customer, 0.0, Some(0.0)),
            ("Default customer queue", Party::Customer, 0.0, None),
            ("Follow-up", Party::Customer, 60.0, Some(300.0)),
        ]
    );
    assert_eq!(
        trace(&s, &out, d.id),
        vec![("Default customer queue", Party::Customer, 360.0, None)],
        "the DISCONNECT contact routes like INBOUND: the customer queue flow, no whispers on chat"
    );
    for t in [200.0, 400.0] {
        assert_eq!(
            record(&out, t, InitiationMethod::Api).outcome,
            Outcome::Blocked,
            "the chat at {t}: the follow-up, then d, hold the only chat line"
        );
    }
    // Statistics: one DISCONNECT contact, handled; one disconnect flow.
    let summary = ccsim::exec::run_scenario(&s, Some(1), &|| {});
    let get = |scope: &Scope, m: &str| summary.get(scope, m).and_then(|e| e.mean);
    let disconnect = Scope::Method("DISCONNECT".into());
    assert_eq!(
        (
            get(&disconnect, "contacts_created"),
            get(&disconnect, "contacts_queued"),
            get(&disconnect, "contacts_handled")
        ),
        (Some(1.0), Some(1.0), Some(1.0))
    );
    assert_eq!(
        (
            get(&Scope::Total, "contacts_created"),
            get(&Scope::Total, "contacts_blocked"),
            get(&Scope::Total, "contacts_disconnect_flow"),
            get(&Scope::Total, "contacts_self_served")
        ),
        (Some(4.0), Some(2.0), Some(1.0), Some(0.0))
    );
}

/// A follow-up whose flow never queues (`self_service` 1) plays on the
/// same contact and makes no DISCONNECT contact; a survey-only scenario
/// reports no DISCONNECT scope at all.
#[test]
fn a_follow_up_that_serves_the_customer_alone_makes_no_new_contact() {
    let s = spec(&format!("{HEADER}{}", FOLLOW_UP.replace("SELF", "1.0")));
    let out = collect(&s, 0);
    assert!(follow_ups(&out).is_empty());
    let c1 = record(&out, 0.0, InitiationMethod::Api);
    assert_eq!(
        (c1.disconnect_flow, c1.disconnected, c1.next_id),
        (at(60.0), at(360.0), None)
    );
    let s = spec(&format!("{HEADER}{}", SURVEY.replace("ACW", "5s")));
    let summary = ccsim::exec::run_scenario(&s, Some(1), &|| {});
    assert!(summary
        .get(&Scope::Method("DISCONNECT".into()), "contacts_created")
        .is_none());
    assert_eq!(
        summary
            .get(&Scope::Total, "contacts_disconnect_flow")
            .and_then(|e| e.mean),
        Some(2.0)
    );
}

/// A follow-up into a full queue is turned away: d2 is recorded in the
/// queue it could not enter. `again` (capacity 1) is served by nobody: d1
/// (from c1: talk 0–60, follow-up 60–360) waits there for ever; c2 at 200
/// talks 200–260, its follow-up plays 260–560, and d2 finds `again` full
/// at 560 (CONTACT_FLOW_DISCONNECT).
#[test]
fn a_follow_up_into_a_full_queue_is_turned_away() {
    let text = format!("{HEADER}{}", FOLLOW_UP.replace("SELF", "0.0"))
        .replace("chat = 1\n", "chat = 5\n")
        .replace("name = \"again\"\n", "name = \"again\"\ncapacity = 1\n")
        .replace(
            r#"queues = [{ queue = "chat" }, { queue = "again" }]"#,
            r#"queues = [{ queue = "chat" }]"#,
        )
        .replace(r#"["0s", "200s", "400s"]"#, r#"["0s", "200s"]"#)
        .replace("horizon = \"1h\"", "horizon = \"1h\"\ndrain = \"10m\"");
    let s = spec(&text);
    let out = collect(&s, 0);
    let ds = follow_ups(&out);
    let [d1, d2] = &ds[..] else { panic!("{ds:#?}") };
    assert_eq!(
        (d1.initiated, d1.enqueued, d1.outcome),
        (SimTime(360_000), at(360.0), Outcome::InProgress)
    );
    assert_eq!(
        (d2.initiated, d2.enqueued, d2.outcome, d2.disconnect_reason),
        (
            SimTime(560_000),
            None,
            Outcome::TurnedAway,
            Some(DisconnectReason::ContactFlowDisconnect)
        )
    );
    assert_eq!(d2.queue, d1.queue);
    let c2 = record(&out, 200.0, InitiationMethod::Api);
    assert_eq!(
        (c2.disconnected, c2.next_id, c2.outcome),
        (at(560.0), Some(d2.id), Outcome::Handled)
    );
}

/// Follow-ups are the customer's own: which chats are queued again (half,
/// by `self_service` 0.5), and each follow-up's patience and talk, are the
/// same with one agent or three; and the original contacts' own draws are
/// those of the same scenario without any disconnect flow.
#[test]
fn follow_up_draws_are_the_customers_own() {
    let base = format!("{HEADER}{}", FOLLOW_UP.replace("SELF", "0.5"))
        .replace("chat = 1\n", "chat = 100\n")
        .replace(
            r#"customer = { talk = "60s", stays_for_disconnect_flow = 1.0 }"#,
            r#"customer = { talk = { dist = "uniform", min = "30s", max = "90s" }, patience = { dist = "uniform", min = "2h", max = "3h" }, stays_for_disconnect_flow = 1.0 }"#,
        )
        .replace(
            r#"arrival_times = ["0s", "200s", "400s"]"#,
            "rate_per_hour = 40",
        );
    let run = |text: &str| {
        let out = collect(&spec(text), 0);
        let mut ups: Vec<(u64, u64, Option<u64>)> = follow_ups(&out)
            .iter()
            .map(|d| {
                (
                    d.chain_initiated.as_millis(),
                    d.talk.as_millis(),
                    d.patience.map(|p| p.as_millis()),
                )
            })
            .collect();
        ups.sort_unstable();
        let mut first: Vec<(u64, u64, Option<u64>)> = out
            .ended
            .iter()
            .chain(out.unfinished.iter())
            .filter(|r| r.method == InitiationMethod::Api)
            .map(|r| {
                (
                    r.initiated.as_millis(),
                    r.talk.as_millis(),
                    r.patience.map(|p| p.as_millis()),
                )
            })
            .collect();
        first.sort_unstable();
        (ups, first)
    };
    let (one, first) = run(&base);
    let (three, _) = run(&base.replace("headcount = 1", "headcount = 3"));
    assert!(
        one.len() > 5 && one.len() + 5 < first.len(),
        "{} follow-ups of {} chats: the test proves nothing",
        one.len(),
        first.len()
    );
    assert_eq!(one, three, "staffing changed a follow-up");
    for (_, talk, patience) in &one {
        assert!((30_000..=90_000).contains(talk));
        assert!(patience.is_some_and(|p| (7_200_000..=10_800_000).contains(&p)));
    }
    let (none, first_without) = run(&base.replace(r#"sets = { disconnect = "Follow-up" }"#, ""));
    assert!(none.is_empty());
    assert_eq!(
        first, first_without,
        "the follow-up draws moved an arrival's own draws"
    );
}

// --- 3: chat and task contacts have disconnect flows ----------------------------

/// A caller, a chat and a task, none of whose customers stays
/// (`stays_for_disconnect_flow` 0), each with the 20 s "After" flow set and
/// an agent of its own (ACW 0). On paper: the caller talks 2.5–32.5 and
/// hangs up (CUSTOMER_DISCONNECT, no flow); the chat talks 0–30 and the
/// customer leaves (no flow); the task is worked 0–30, and its flow plays
/// all the same — Connect runs a task's disconnect flow whenever the task
/// is disconnected — from 30 to 50 (AGENT_DISCONNECT at 50).
#[test]
fn a_task_always_runs_its_disconnect_flow_a_chat_only_if_the_customer_stays() {
    let text = format!(
        r#"{HEADER}
[[queues]]
name = "v"
[[queues]]
name = "c"
[[queues]]
name = "t"
[[routing_profiles]]
name = "pv"
queues = [{{ queue = "v" }}]
[[routing_profiles]]
name = "pc"
queues = [{{ queue = "c" }}]
[[routing_profiles]]
name = "pt"
queues = [{{ queue = "t" }}]
[[agent_groups]]
name = "gv"
routing_profile = "pv"
headcount = 1
auto_accept = true
[[agent_groups]]
name = "gc"
routing_profile = "pc"
headcount = 1
auto_accept = true
[[agent_groups]]
name = "gt"
routing_profile = "pt"
headcount = 1
auto_accept = true
[[flows]]
name = "After"
type = "inbound"
duration = "20s"
[[flows]]
name = "To v"
type = "inbound"
duration = "0s"
queues = [{{ queue = "v", probability = 1.0 }}]
sets = {{ disconnect = "After" }}
[[flows]]
name = "To c"
type = "inbound"
duration = "0s"
queues = [{{ queue = "c", probability = 1.0 }}]
sets = {{ disconnect = "After" }}
[[flows]]
name = "To t"
type = "inbound"
duration = "0s"
queues = [{{ queue = "t", probability = 1.0 }}]
sets = {{ disconnect = "After" }}
[[sources]]
name = "calls"
arrival_times = ["0s"]
inbound_flow = "To v"
customer = {{ talk = "30s" }}
[[sources]]
name = "chats"
method = "api_chat"
arrival_times = ["0s"]
inbound_flow = "To c"
customer = {{ talk = "30s" }}
[[sources]]
name = "tasks"
method = "api_task"
arrival_times = ["0s"]
inbound_flow = "To t"
customer = {{ talk = "30s" }}
"#
    );
    let s = spec(&text);
    let out = collect(&s, 0);
    let by_channel = |ch: &str| {
        out.ended
            .iter()
            .find(|r| r.channel.as_str() == ch)
            .cloned()
            .unwrap_or_else(|| panic!("no {ch}"))
    };
    let (v, c, t) = (by_channel("VOICE"), by_channel("CHAT"), by_channel("TASK"));
    assert_eq!(
        (v.disconnected, v.disconnect_reason, v.disconnect_flow),
        (at(32.5), Some(DisconnectReason::CustomerDisconnect), None)
    );
    assert_eq!(
        (c.disconnected, c.disconnect_reason, c.disconnect_flow),
        (at(30.0), Some(DisconnectReason::CustomerDisconnect), None)
    );
    assert_eq!(
        (
            t.disconnect_flow,
            t.acw_end,
            t.disconnected,
            t.disconnect_reason,
            t.outcome
        ),
        (
            at(30.0),
            at(30.0),
            at(50.0),
            Some(DisconnectReason::AgentDisconnect),
            Outcome::Handled
        )
    );
    assert_eq!(
        trace(&s, &out, t.id).last(),
        Some(&("After", Party::Customer, 30.0, Some(20.0)))
    );
    for r in [&v, &c] {
        assert!(trace(&s, &out, r.id).iter().all(|p| p.0 != "After"));
    }
}

// --- validation ----------------------------------------------------------------

/// A flow used only as a disconnect flow, with `self_service` but no
/// `queues`, never queues anybody: its `self_service` would mean nothing,
/// so it is refused with its path and the fix. The same flow as a source's
/// inbound flow too is fine.
#[test]
fn self_service_on_a_disconnect_flow_without_queues_is_refused() {
    let bad = format!("{HEADER}{}", SURVEY.replace("ACW", "5s")).replace(
        "duration = \"60s\"\n",
        "duration = \"60s\"\nself_service = 0.5\n",
    );
    let msg = problems(&bad);
    for f in [
        "flows[0].self_service",
        "`Survey`",
        "no `queues`",
        "1 − self_service",
    ] {
        assert!(msg.contains(f), "expected `{f}` in:\n{msg}");
    }
    let also_inbound = format!(
        "{bad}[[sources]]\nname = \"direct\"\narrival_times = [\"0s\"]\ninbound_flow = \"Survey\"\nqueue = \"q\"\ncustomer = {{ talk = \"1s\" }}\n"
    );
    spec(&also_inbound);
}

/// `ccsim validate` says which queues disconnect-flow follow-ups feed,
/// beside its load estimate (which counts the sources' contacts only).
#[test]
fn validate_names_the_queues_follow_ups_feed() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("follow_up.toml");
    let text = format!("{HEADER}{}", FOLLOW_UP.replace("SELF", "0.5"));
    std::fs::write(&path, text).unwrap_or_else(|e| panic!("{e}"));
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_ccsim"))
        .arg("validate")
        .arg(&path)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let line = |q: &str| {
        stdout
            .lines()
            .find(|l| l.starts_with(&format!("Queue \"{q}\":")))
            .unwrap_or_else(|| panic!("no line for {q} in:\n{stdout}"))
            .to_string()
    };
    assert!(line("again").contains("plus disconnect-flow follow-ups"));
    assert!(!line("chat").contains("follow-ups"));
}
