//! Every initiation method end to end, with constant durations worked out on
//! paper: contact records checked field by field, and the flows played — in
//! order, and to whom — compared with MODEL.md's table.
//!
//! Defaults used throughout: inbound flow 0 s, agent whisper 2 s, customer
//! whisper 0.5 s, outbound whisper 3 s, agent / queue transfer flow 2 s.

use ccsim::center::spec::{CenterSpec, Channel, FlowType, InitiationMethod};
use ccsim::center::{ContactRecord, DisconnectReason, Outcome, Party};
use ccsim::engine::SimDuration;

use crate::common::{at, collect, spec, Collect};

/// The flows played for contact `id`, as (type, listener), in order.
fn heard(s: &CenterSpec, out: &Collect, id: u64) -> Vec<(FlowType, Party)> {
    out.plays
        .iter()
        .filter(|p| p.contact == id)
        .map(|p| (s.flows[p.flow.index()].flow_type, p.party))
        .collect()
}

fn by_method(out: &Collect, m: InitiationMethod) -> Vec<ContactRecord> {
    out.ended
        .iter()
        .filter(|r| r.method == m)
        .cloned()
        .collect()
}

const HEADER: &str = r#"
[simulation]
seed = 11
replications = 1
horizon = "1h"
interval = "1h"
"#;

use FlowType::*;
use Party::{Agent as A, Customer as C, SourceAgent as S};

/// Warm transfer to a queue with a conference (join).
///
/// c1 arrives at 0 in `front`; agent a (auto-accept) takes it: dequeued 2,
/// connected 2.5. After 30 s of talk (32.5) a starts a queue transfer: the
/// queue transfer flow plays to a for 2 s while the caller hears the customer
/// hold flow. At 34.5 the TRANSFER leg L waits in `billing`; b takes it at
/// once: agent whisper to b until 36.5 (L dequeued), customer whisper to the
/// source agent a until 37 (L connected). Consult 20 s → 57; join 15 s → 72:
/// a leaves (c1 disconnected 72, transferred out; a's ACW 10 s → 82). b talks
/// 40 s with the caller → 112, ACW → 122.
#[test]
fn transfer_to_queue_warm_with_join() {
    let s = spec(&format!(
        r#"{HEADER}
[[queues]]
name = "front"
[[queues]]
name = "billing"
[[routing_profiles]]
name = "front"
queues = [{{ queue = "front" }}]
[[routing_profiles]]
name = "billing"
queues = [{{ queue = "billing" }}]
[[agent_groups]]
name = "a"
routing_profile = "front"
headcount = 1
auto_accept = true
after_contact_work = "10s"
[[agent_groups]]
name = "b"
routing_profile = "billing"
headcount = 1
auto_accept = true
after_contact_work = "10s"
[[sources]]
name = "c1"
arrival_times = ["0s"]
queue = "front"
[sources.customer]
talk = "5m"
transfer = {{ probability = 1.0, after = "30s", to_queue = "billing", consult = "20s", actions = {{ join = 1.0 }}, action_duration = "15s", talk_after = "40s", max_chain = 1 }}
"#
    ));
    let out = collect(&s, 0);
    let [c1, leg] = &out.ended[..] else {
        panic!("{:#?}", out.ended)
    };
    assert_eq!(
        (c1.method, c1.outcome),
        (InitiationMethod::Inbound, Outcome::TransferredOut)
    );
    assert_eq!(
        (c1.dequeued, c1.connected, c1.disconnected, c1.acw_end),
        (at(2.0), at(2.5), at(72.0), at(82.0))
    );
    assert_eq!(
        c1.talk,
        SimDuration::from_secs(30),
        "the source leg's talk is the part before the transfer"
    );
    assert_eq!(
        c1.disconnect_reason,
        Some(DisconnectReason::AgentDisconnect)
    );
    assert_eq!(c1.next_id, Some(leg.id));
    // The caller was on hold from the transfer's start (32.5) until the source left (72).
    assert_eq!((c1.hold_count, c1.hold_total), (1, SimDuration(39_500)));

    assert_eq!(
        (leg.method, leg.outcome),
        (InitiationMethod::Transfer, Outcome::Handled)
    );
    assert_eq!((leg.previous_id, leg.initial_id), (Some(c1.id), c1.id));
    assert_eq!(
        s.queues[leg.queue.map(|q| q.index()).unwrap_or(0)].name,
        "billing"
    );
    assert_eq!(
        (leg.enqueued, leg.accepted, leg.dequeued, leg.connected),
        (at(34.5), at(34.5), at(36.5), at(37.0))
    );
    assert_eq!((leg.disconnected, leg.acw_end), (at(112.0), at(122.0)));
    assert_eq!(
        leg.agent.map(|a| s.groups[a.1.index()].name.as_str()),
        Some("b")
    );

    assert_eq!(
        heard(&s, &out, c1.id),
        vec![
            (Inbound, C),
            (CustomerQueue, C),
            (AgentWhisper, A),
            (CustomerWhisper, C),
            (CustomerHold, C),
            (QueueTransfer, A)
        ]
    );
    assert_eq!(
        heard(&s, &out, leg.id),
        vec![(AgentWhisper, A), (CustomerWhisper, S)],
        "MODEL: agent whisper to the destination, customer whisper to the source agent"
    );
}

/// Cold transfer to an agent (agent quick connect to group b).
///
/// As above until 32.5; the agent transfer flow plays to a until 34.5, when a
/// leaves at once (cold): c1 transferred out at 34.5, a's ACW → 44.5. The leg
/// waits in b's agent queue; b takes it: agent whisper → 36.5, customer
/// whisper (to the caller: the source is gone) → 37, talk 40 s → 77, ACW → 87.
#[test]
fn transfer_to_agent_cold() {
    let s = spec(&format!(
        r#"{HEADER}
[[queues]]
name = "front"
[[routing_profiles]]
name = "front"
queues = [{{ queue = "front" }}]
[[routing_profiles]]
name = "nothing_but_transfers"
queues = [{{ queue = "front", priority = 9, delay = "1h" }}]
[[agent_groups]]
name = "a"
routing_profile = "front"
headcount = 1
auto_accept = true
after_contact_work = "10s"
[[agent_groups]]
name = "b"
routing_profile = "nothing_but_transfers"
headcount = 1
auto_accept = true
after_contact_work = "10s"
[[sources]]
name = "c1"
arrival_times = ["0s"]
queue = "front"
[sources.customer]
talk = "5m"
transfer = {{ probability = 1.0, after = "30s", to_group = "b", cold = true, talk_after = "40s", max_chain = 1 }}
"#
    ));
    assert_eq!(s.queues.last().map(|q| q.name.as_str()), Some("agent:b"));
    let out = collect(&s, 0);
    let [c1, leg] = &out.ended[..] else {
        panic!("{:#?}", out.ended)
    };
    assert_eq!(
        (c1.outcome, c1.disconnected, c1.acw_end),
        (Outcome::TransferredOut, at(34.5), at(44.5))
    );
    assert_eq!(
        (c1.hold_count, c1.hold_total),
        (1, SimDuration(2_000)),
        "on hold during the transfer flow"
    );
    assert_eq!(
        (leg.method, leg.outcome),
        (InitiationMethod::Transfer, Outcome::Handled)
    );
    assert_eq!(
        (
            leg.enqueued,
            leg.dequeued,
            leg.connected,
            leg.disconnected,
            leg.acw_end
        ),
        (at(34.5), at(36.5), at(37.0), at(77.0), at(87.0))
    );
    assert_eq!(
        heard(&s, &out, c1.id)[4..],
        [(CustomerHold, C), (AgentTransfer, A)]
    );
    assert_eq!(
        heard(&s, &out, leg.id),
        vec![(AgentWhisper, A), (CustomerWhisper, C)]
    );
}

/// A callback, never auto-accepted, answered on the first attempt; and one
/// whose customer never answers, which ends after exactly `max_attempts`.
///
/// The only agent (auto-accept for ordinary calls) talks with c1 from 2.5 to
/// 102.5. c2 arrives at 5; at 15 the queue flow offers a callback, which c2
/// takes: c2 ends (callback requested, 10 s in queue); the CALLBACK contact
/// is initiated at 15 and enters the queue after its 20 s initial delay
/// (35). At 102.5 the agent is offered it; callbacks are never auto-accepted,
/// so it answers after its 2 s answer delay (104.5: dequeued — MODEL's
/// convention: Queue.Duration 89.5 s from the request, initial delay
/// included; the wait 69.5 s from the enqueue); agent whisper → 106.5;
/// Connect dials, 10 s of ringing → 116.5; answered: outbound whisper 3 s →
/// connected 119.5; talk 50 s → 169.5.
const CALLBACK: &str = r#"
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
answer_delay = "2s"
[[flows]]
name = "Queue with callback"
type = "customer_queue"
callback = { offer_after = "10s", take_probability = 1.0, initial_delay = "20s", max_attempts = 2, retry_delay = "30s", ring = "10s", answer_probability = ANSWER }
[[flows]]
name = "IVR"
type = "inbound"
duration = "0s"
queues = [{ queue = "q", probability = 1.0 }]
sets = { customer_queue = "Queue with callback" }
[[sources]]
name = "c1"
arrival_times = ["0s"]
inbound_flow = "IVR"
customer = { talk = "100s" }
[[sources]]
name = "c2"
arrival_times = ["5s"]
inbound_flow = "IVR"
customer = { talk = "50s" }
"#;

#[test]
fn callback_answered() {
    let s = spec(&format!("{HEADER}{}", CALLBACK.replace("ANSWER", "1.0")));
    let out = collect(&s, 0);
    let c2 = out
        .ended
        .iter()
        .find(|r| r.initiated == at(5.0).unwrap_or_default())
        .cloned()
        .unwrap_or_else(|| panic!("no c2"));
    assert_eq!(
        (c2.outcome, c2.dequeued, c2.disconnect_reason),
        (
            Outcome::CallbackRequested,
            at(15.0),
            Some(DisconnectReason::ContactFlowDisconnect)
        )
    );
    let [cb] = &by_method(&out, InitiationMethod::Callback)[..] else {
        panic!("{:#?}", out.ended)
    };
    assert_eq!((cb.previous_id, cb.initial_id), (Some(c2.id), c2.id));
    assert_eq!(
        (
            cb.initiated,
            cb.enqueued,
            cb.offered,
            cb.accepted,
            cb.dequeued
        ),
        (
            at(15.0).unwrap_or_default(),
            at(35.0),
            at(102.5),
            at(104.5),
            at(104.5)
        )
    );
    assert_eq!(
        cb.queue_duration(),
        Some(SimDuration(89_500)),
        "Queue.Duration includes the initial delay"
    );
    assert_eq!(cb.wait(), Some(SimDuration(69_500)), "enqueue → dequeue");
    assert_eq!(
        (cb.connected, cb.disconnected, cb.callback_attempts),
        (at(119.5), at(169.5), 1)
    );
    assert_eq!(
        (cb.dial_ring, cb.outbound_whisper),
        (SimDuration::from_secs(10), SimDuration::from_secs(3))
    );
    assert_eq!(
        cb.whisper_latency(),
        Some(SimDuration::from_secs(15)),
        "agent whisper + dial and ring + outbound whisper"
    );
    assert_eq!(
        heard(&s, &out, cb.id),
        vec![(AgentWhisper, A), (OutboundWhisper, C)],
        "MODEL: agent whisper, then the outbound whisper to the customer"
    );
}

/// Never answered: attempt 1 rings 106.5–116.5 and fails; the agent wraps
/// up (ACW, 0 s here: the default); the callback waits its 30 s retry delay
/// out of the queue (back in at 146.5), is offered at 146.5, accepted
/// 148.5, whispered 150.5, rings to 160.5 and fails again: with
/// max_attempts = 2 it ends, unanswered.
#[test]
fn callback_never_answered_ends_after_max_attempts() {
    let s = spec(&format!("{HEADER}{}", CALLBACK.replace("ANSWER", "0.0")));
    let out = collect(&s, 0);
    let [cb] = &by_method(&out, InitiationMethod::Callback)[..] else {
        panic!("{:#?}", out.ended)
    };
    assert_eq!((cb.outcome, cb.callback_attempts), (Outcome::Unanswered, 2));
    assert_eq!(
        (cb.disconnected, cb.disconnect_reason),
        (at(160.5), Some(DisconnectReason::TelecomUnanswered))
    );
    assert_eq!((cb.connected, cb.agent), (None, None));
}

/// Agent-initiated outbound calls. The Poisson dial clock is random, so the
/// timeline is checked relative to each dial: ring 10 s, outbound whisper
/// 3 s to the callee, talk 60 s, ACW 5 s; one agent never has two calls.
#[test]
fn outbound_calls() {
    let text = |answer: f64| {
        format!(
            r#"{HEADER}
[[queues]]
name = "q"
[[routing_profiles]]
name = "p"
queues = [{{ queue = "q" }}]
[[agent_groups]]
name = "dialer"
routing_profile = "p"
headcount = 1
after_contact_work = "5s"
outbound = {{ calls_per_hour = 20, ring = "10s", answer_probability = {answer}, talk = "60s" }}
[[sources]]
name = "nobody"
arrival_times = ["59m59s"]
queue = "q"
customer = {{ talk = "1s", patience = "0s" }}
"#
        )
    };
    let s = spec(&text(1.0));
    let out = collect(&s, 0);
    let calls = by_method(&out, InitiationMethod::Outbound);
    assert!(calls.len() >= 5, "{} calls", calls.len());
    let mut last_end = 0;
    for c in &calls {
        let t = c.initiated.as_millis();
        assert!(t >= last_end, "the agent dialled while busy");
        assert_eq!(
            c.connected.map(|x| x.as_millis() - t),
            Some(13_000),
            "ring + outbound whisper"
        );
        assert_eq!(c.disconnected.map(|x| x.as_millis() - t), Some(73_000));
        assert_eq!(c.acw_end.map(|x| x.as_millis() - t), Some(78_000));
        assert_eq!(
            (c.outcome, c.whisper_latency()),
            (Outcome::Handled, Some(SimDuration::from_secs(3)))
        );
        assert_eq!(
            heard(&s, &out, c.id),
            vec![(OutboundWhisper, C)],
            "MODEL: only the outbound whisper, to the callee"
        );
        last_end = c.acw_end.map(|x| x.as_millis()).unwrap_or(0);
    }
    let s = spec(&text(0.0));
    let out = collect(&s, 0);
    for c in by_method(&out, InitiationMethod::Outbound) {
        assert_eq!(
            (c.outcome, c.disconnect_reason),
            (
                Outcome::Unanswered,
                Some(DisconnectReason::TelecomUnanswered)
            )
        );
        assert_eq!(
            (
                c.disconnected
                    .map(|x| x.as_millis() - c.initiated.as_millis()),
                c.connected
            ),
            (Some(10_000), None)
        );
        assert_eq!(
            c.acw,
            SimDuration::from_secs(5),
            "ACW follows an unanswered call too"
        );
    }
}

/// API contacts: StartOutboundVoiceContact (Connect dials 5 s, then the
/// inbound flow and the queue), StartChatContact with chat concurrency 2 and
/// "no other channels" while on chats, StartTaskContact scheduled 30 s out.
///
/// One agent; chat concurrency 2; voice and chat both "none". Chats and
/// tasks hear no default whisper (voice only). Chats at 0 and 1 are taken
/// at once (connected 0 and 1, 60 s each → 60, 61). The chat at 2 waits
/// for a free chat slot: offered 60. The API voice call is dialled at 3,
/// answered at 8, queued at 8: the agent is on chats, and chat allows no
/// other channel, so it waits until the last chat ends (offered 60,
/// connected 60, ended 120), then is offered. The task, created at 0,
/// starts at 30 and waits behind the voice call (the agent is on voice from
/// 120: no other channel; connected 122.5, ended 152.5) until 152.5.
#[test]
fn api_voice_chat_and_task_with_concurrency() {
    let s = spec(&format!(
        r#"{HEADER}
[[queues]]
name = "q"
[[routing_profiles]]
name = "p"
queues = [{{ queue = "q" }}]
concurrency = {{ voice = 1, chat = 2, task = 1 }}
cross_channel = {{ voice = "none", chat = "none", task = "none" }}
[[agent_groups]]
name = "g"
routing_profile = "p"
headcount = 1
auto_accept = true
[[sources]]
name = "chat"
method = "api_chat"
arrival_times = ["0s", "1s", "2s"]
queue = "q"
customer = {{ talk = "60s" }}
[[sources]]
name = "voice"
method = "api_voice"
arrival_times = ["3s"]
queue = "q"
dial = {{ ring = "5s", answer_probability = 1.0 }}
customer = {{ talk = "30s" }}
[[sources]]
name = "task"
method = "api_task"
arrival_times = ["0s"]
scheduled_after = "30s"
queue = "q"
customer = {{ talk = "10s" }}
"#
    ));
    let out = collect(&s, 0);
    assert!(
        out.ended
            .iter()
            .all(|r| r.method == InitiationMethod::Api && r.outcome == Outcome::Handled),
        "{:#?}",
        out.ended
    );
    let by = |ch: &str, t: f64| {
        out.ended
            .iter()
            .find(|r| r.channel.as_str() == ch && r.initiated == at(t).unwrap_or_default())
            .cloned()
            .unwrap_or_else(|| panic!("no {ch} contact at {t}"))
    };
    assert_eq!(
        (by("CHAT", 0.0).connected, by("CHAT", 1.0).connected),
        (at(0.0), at(1.0))
    );
    assert_eq!(
        by("CHAT", 2.0).offered,
        at(60.0),
        "waits for a free chat slot"
    );
    let v = by("VOICE", 3.0);
    assert_eq!(
        (v.dial_ring, v.enqueued, v.offered),
        (SimDuration::from_secs(5), at(8.0), at(120.0)),
        "no voice while on chats"
    );
    let t = by("TASK", 0.0);
    assert_eq!(
        (t.enqueued, t.offered),
        (at(30.0), at(152.5)),
        "scheduled, then no task while on voice"
    );
    assert_eq!(
        heard(&s, &out, v.id),
        vec![
            (Inbound, C),
            (CustomerQueue, C),
            (AgentWhisper, A),
            (CustomerWhisper, C)
        ],
        "MODEL: as INBOUND after Connect's dial"
    );
}

/// QUEUE_TRANSFER: nobody serves queue A; its customer queue flow moves a
/// contact that waited 30 s to queue B, where an agent takes it at once. The
/// first contact ends (moved) after 30 s in A; a new contact, linked, waits
/// afresh in B (0 s), hearing only the customer queue flow before the
/// whispers.
#[test]
fn queue_transfer_moves_to_another_queue() {
    let s = spec(&format!(
        r#"{HEADER}
[[queues]]
name = "A"
[[queues]]
name = "B"
[[routing_profiles]]
name = "b"
queues = [{{ queue = "B" }}]
[[agent_groups]]
name = "g"
routing_profile = "b"
headcount = 1
auto_accept = true
[[flows]]
name = "Overflow after 30s"
type = "customer_queue"
move_to_queue = {{ queue = "B", after = "30s" }}
[[flows]]
name = "IVR"
type = "inbound"
duration = "0s"
queues = [{{ queue = "A", probability = 1.0 }}]
sets = {{ customer_queue = "Overflow after 30s" }}
[[sources]]
name = "c"
arrival_times = ["0s"]
inbound_flow = "IVR"
customer = {{ talk = "20s", patience = "10m" }}
"#
    ));
    let out = collect(&s, 0);
    let [first, moved] = &out.ended[..] else {
        panic!("{:#?}", out.ended)
    };
    assert_eq!(
        (first.outcome, first.queue_duration(), first.next_id),
        (
            Outcome::QueueTransferred,
            Some(SimDuration::from_secs(30)),
            Some(moved.id)
        )
    );
    assert_eq!(
        (moved.method, moved.previous_id, moved.outcome),
        (
            InitiationMethod::QueueTransfer,
            Some(first.id),
            Outcome::Handled
        )
    );
    assert_eq!(
        (
            moved.enqueued,
            moved.dequeued,
            moved.connected,
            moved.disconnected
        ),
        (at(30.0), at(32.0), at(32.5), at(52.5))
    );
    assert_eq!(
        moved.patience,
        Some(SimDuration::from_secs(570)),
        "the customer's remaining patience goes along"
    );
    assert_eq!(
        heard(&s, &out, moved.id),
        vec![(CustomerQueue, C), (AgentWhisper, A), (CustomerWhisper, C)],
        "MODEL: the customer queue flow only"
    );
}

/// DISCONNECT: the inbound flow sets a 60 s survey as disconnect flow; the
/// customer stays for it. c1 talks 2.5–32.5; at 32.5 the agent hangs up
/// (AGENT_DISCONNECT; ACW to 37.5) and the survey plays to the customer on
/// the same contact until 92.5 — no new record —, holding the only voice
/// line of the instance: c2, calling at 50, gets a fast busy. c1's
/// `DisconnectTimestamp` is the end of the survey.
#[test]
fn disconnect_flow_runs_and_holds_a_line() {
    let s = spec(&format!(
        r#"{HEADER}
[instance_limits]
voice = 1
[[queues]]
name = "q"
[[routing_profiles]]
name = "p"
queues = [{{ queue = "q" }}]
[[agent_groups]]
name = "g"
routing_profile = "p"
headcount = 1
auto_accept = true
after_contact_work = "5s"
[[flows]]
name = "Survey"
type = "inbound"
duration = "60s"
[[flows]]
name = "IVR"
type = "inbound"
duration = "0s"
queues = [{{ queue = "q", probability = 1.0 }}]
sets = {{ disconnect = "Survey" }}
[[sources]]
name = "c"
arrival_times = ["0s", "50s"]
inbound_flow = "IVR"
customer = {{ talk = "30s", stays_for_disconnect_flow = 1.0 }}
"#
    ));
    let out = collect(&s, 0);
    let c1 = out
        .ended
        .iter()
        .find(|r| r.initiated.as_millis() == 0 && r.method == InitiationMethod::Inbound)
        .cloned()
        .unwrap_or_else(|| panic!("no c1"));
    assert!(by_method(&out, InitiationMethod::Disconnect).is_empty());
    assert_eq!(
        (
            c1.disconnected,
            c1.disconnect_reason,
            c1.acw_start(),
            c1.acw_end,
            c1.next_id,
            c1.outcome
        ),
        (
            at(92.5),
            Some(DisconnectReason::AgentDisconnect),
            at(32.5),
            at(37.5),
            None,
            Outcome::Handled
        )
    );
    assert_eq!(
        heard(&s, &out, c1.id),
        vec![
            (Inbound, C),
            (CustomerQueue, C),
            (AgentWhisper, A),
            (CustomerWhisper, C),
            (Inbound, C)
        ],
        "the disconnect flow is an inbound-type flow, heard by the customer on the same contact"
    );
    let c2 = out
        .ended
        .iter()
        .find(|r| r.initiated == at(50.0).unwrap_or_default())
        .cloned()
        .unwrap_or_else(|| panic!("no c2"));
    assert_eq!(
        (c2.outcome, c2.disconnect_reason),
        (Outcome::Blocked, Some(DisconnectReason::TelecomBusy))
    );
}

/// On every replication of the mixed scenario: every contact created ends
/// exactly once (contact ids 1..=N each reported once, as ended or as
/// unfinished), unfinished ones are reported as in progress, chains link
/// back to their first contact, no agent ever holds more contacts than its
/// routing profile allows, and no callback is dialled more than its
/// maximum.
#[test]
fn all_methods_conservation_and_limits() {
    let s = crate::common::bundled("all_methods.toml");
    for r in 0..3 {
        let out = collect(&s, r);
        let mut ids: Vec<u64> = out
            .ended
            .iter()
            .chain(out.unfinished.iter())
            .map(|c| c.id)
            .collect();
        ids.sort_unstable();
        let n = ids.len() as u64;
        assert!(n > 2000, "replication {r}: only {n} contacts");
        assert_eq!(
            ids,
            (1..=n).collect::<Vec<_>>(),
            "replication {r}: a contact was lost or reported twice"
        );
        assert!(out.ended.iter().all(|c| c.outcome != Outcome::InProgress));
        assert!(out
            .unfinished
            .iter()
            .all(|c| c.outcome == Outcome::InProgress));
        let known: std::collections::BTreeSet<u64> = ids.iter().copied().collect();
        for c in out.ended.iter().chain(out.unfinished.iter()) {
            if let Some(p) = c.previous_id {
                assert!(p < c.id && known.contains(&p) && c.initial_id <= p, "{c:?}");
            } else {
                assert_eq!(c.initial_id, c.id);
            }
            if c.method == InitiationMethod::Callback {
                assert!(c.callback_attempts <= 3, "{c:?}");
            }
        }
        // Every one of Connect's twelve methods appears, and every channel.
        for m in InitiationMethod::ALL.iter() {
            assert!(
                out.ended.iter().any(|c| c.method == *m),
                "replication {r}: no {} contact",
                m.as_str()
            );
        }
        for ch in Channel::ALL {
            assert!(
                out.ended.iter().any(|c| c.channel == ch),
                "replication {r}: no {} contact",
                ch.as_str()
            );
        }
        assert!(!out.slots.is_empty());
        for &(g, ch, used, cap) in &out.slots {
            let limit = s.profiles[s.groups[g.index()].profile.index()].concurrency[ch.index()];
            assert!(
                used <= limit,
                "group {} held {used} {} contacts (limit {limit})",
                s.groups[g.index()].name,
                ch.as_str()
            );
            assert!(cap == 0 || cap == limit);
        }
        let chats_at_three = out
            .slots
            .iter()
            .filter(|x| x.1.as_str() == "CHAT" && x.2 == 3)
            .count();
        assert!(
            chats_at_three > 0,
            "chat concurrency 3 is never used: the test proves nothing"
        );
    }
}

/// An instance limit with no queue is Erlang B's M/G/c/c: the share of
/// contacts turned away equals B(A, c) — whatever the holding-time
/// distribution (insensitivity), so it is checked with exponential and with
/// lognormal (cv 2) holding times. The exact value must lie in the 99 %
/// Student-t CI of the replication ratios, and that CI must be narrower than
/// 3 % of it.
///
/// History, for honesty: a first design (30 × 200 h) put the exponential
/// case 3.0σ below B — at seed 5 only; 100 × 400 h at seed 99 gave 0.11943
/// vs 0.11974, well within. The run length was raised to this size (same
/// seed) rather than the tolerance widened.
#[test]
fn instance_limit_blocks_as_erlang_b() {
    use ccsim::stats::ci::t_quantile;
    use ccsim::stats::Scope;
    let (lambda_per_hour, mean_hold, lines) = (200.0, 180.0, 12u32);
    let exact = ccsim::staffing::erlang::erlang_b(lambda_per_hour * mean_hold / 3600.0, lines)
        .unwrap_or_else(|e| panic!("{e}"));
    for hold in [
        r#"{ dist = "exponential", mean = "3m" }"#,
        r#"{ dist = "lognormal", mean = "3m", cv = 2.0 }"#,
    ] {
        let s = spec(&format!(
            r#"
[simulation]
seed = 5
replications = 100
horizon = "402h"
interval = "402h"
warmup = "2h"
[instance_limits]
voice = {lines}
[[queues]]
name = "q"
[[routing_profiles]]
name = "p"
queues = [{{ queue = "q" }}]
[[agent_groups]]
name = "g"
routing_profile = "p"
headcount = 0
[[flows]]
name = "IVR only"
type = "inbound"
duration = {hold}
self_service = 1.0
[[sources]]
name = "calls"
rate_per_hour = {lambda_per_hour}
inbound_flow = "IVR only"
queue = "q"
customer = {{ talk = "1s" }}
"#
        ));
        let summary = ccsim::exec::run_scenario(&s, None, &|| {});
        let values = |m: &str| {
            summary
                .get(&Scope::Total, m)
                .map(|e| e.values.clone())
                .unwrap_or_default()
        };
        let ratios: Vec<f64> = values("contacts_blocked")
            .iter()
            .zip(values("contacts_created"))
            .map(|(b, c)| b / c)
            .collect();
        let n = ratios.len() as f64;
        let mean = ratios.iter().sum::<f64>() / n;
        let sd = (ratios.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt();
        let half = t_quantile(0.99, ratios.len() - 1) * sd / n.sqrt();
        eprintln!(
            "M/G/{lines}/{lines} with {hold}: blocked {mean:.5} ± {half:.5}, Erlang B {exact:.5}"
        );
        assert!(half < 0.03 * exact, "CI too wide to be evidence");
        assert!(
            (mean - exact).abs() <= half,
            "blocked share {mean} ± {half} vs Erlang B {exact}"
        );
    }
}

/// A record names a queue only if the contact really entered it, or was
/// turned away by it being full (a regression: unanswered API dials once
/// counted as queued where their flow would have sent them).
#[test]
fn records_name_only_queues_really_entered() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{e}"))
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .collect();
    names.sort();
    for p in names
        .iter()
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
    {
        let s = ccsim::scenario::load(p).unwrap_or_else(|e| panic!("{e}"));
        let out = collect(&s, 0);
        for r in out.ended.iter().chain(out.unfinished.iter()) {
            if r.queue.is_some() {
                assert!(
                    r.enqueued.is_some() || r.outcome == Outcome::TurnedAway,
                    "{}: {r:?}",
                    p.display()
                );
            }
        }
    }
}

/// Flows set by the inbound flow (here a 5 s agent whisper and a 1.5 s
/// customer whisper) apply to the contact and are inherited by the contacts
/// created from it: the CALLBACK contact's agent whisper is the 5 s one.
#[test]
fn overrides_are_inherited_by_created_contacts() {
    let text = CALLBACK.replace("ANSWER", "1.0").replace(
        r#"sets = { customer_queue = "Queue with callback" }"#,
        r#"sets = { customer_queue = "Queue with callback", agent_whisper = "Long whisper", customer_whisper = "Chime" }
[[flows]]
name = "Long whisper"
type = "agent_whisper"
duration = "5s"
[[flows]]
name = "Chime"
type = "customer_whisper"
duration = "1.5s""#,
    );
    let s = spec(&format!("{HEADER}{text}"));
    let out = collect(&s, 0);
    let c1 = out
        .ended
        .iter()
        .find(|r| r.initiated.as_millis() == 0)
        .cloned()
        .unwrap_or_else(|| panic!("no c1"));
    assert_eq!(
        (c1.agent_whisper, c1.customer_whisper),
        (SimDuration::from_secs(5), SimDuration(1500))
    );
    let [cb] = &by_method(&out, InitiationMethod::Callback)[..] else {
        panic!("{:#?}", out.ended)
    };
    assert_eq!(
        cb.agent_whisper,
        SimDuration::from_secs(5),
        "the callback inherits the agent whisper set on its first contact"
    );
    let names: Vec<&str> = out
        .plays
        .iter()
        .filter(|p| p.contact == cb.id)
        .map(|p| s.flows[p.flow.index()].name.as_str())
        .collect();
    assert_eq!(names, vec!["Long whisper", "Default outbound"]);
}
