//! Issue 9, item 5: callbacks as Connect runs them, on hand-worked
//! timelines (MODEL.md's CALLBACK row and "Contact record" section).
//!
//! - routing age from the original contact's initiation ("10:00, not
//!   10:05"): a callback is served before a live call that arrived after the
//!   original call, in its own queue at the same profile priority or in the
//!   same queue; the routing profile's queue priority still comes first;
//! - queue capacity: a callback counts only once queued (after its initial
//!   delay); one that finds its queue full then is turned away; a retry
//!   enters whatever the level;
//! - an unanswered attempt puts the agent into the callback ACW; the retry
//!   comes after the retry delay, in the callback's old place;
//! - auto-accept where the group auto-accepts callbacks;
//! - callbacks offered to chat and task customers (the callback is VOICE);
//! - the record's Initiation / Enqueue / Dequeue / Queue.Duration and the
//!   wait ccsim's metrics use; Little's law with callbacks that leave the
//!   queue between attempts.
//!
//! Defaults used throughout: inbound flow 0 s, agent whisper 2 s (voice),
//! customer whisper 0.5 s, outbound whisper 3 s, auto-accept delay 0 s,
//! answer delay 3 s, ACW 0 s unless set.

use std::sync::Arc;

use ccsim::center::run_replication;
use ccsim::center::spec::{CenterSpec, Channel, InitiationMethod};
use ccsim::center::{DisconnectReason, Outcome};
use ccsim::engine::SimDuration;
use ccsim::stats::{Recorder, StatsConfig};

use crate::common::{at, bundled, collect, record_of, spec};

const HEADER: &str = r#"
[simulation]
seed = 9
replications = 1
start = "2026-01-05T10:00:00Z"
horizon = "1h"
interval = "1h"
"#;

/// The statistics of one replication.
fn stats(s: &CenterSpec) -> (Arc<StatsConfig>, Recorder) {
    let cfg = Arc::new(StatsConfig::new(s));
    let (rec, _) = run_replication(s, 0, Recorder::new(Arc::clone(&cfg)));
    (cfg, rec)
}

// --- routing age ---------------------------------------------------------------

/// The docs' example, at 10:00. One agent (calls and callbacks
/// auto-accepted) talks with `busy` from 10:00:00 until 10:20:00 (whisper
/// 2 s + 0.5 s, talk 1197.5 s). `original` calls at 10:00:01 and waits in
/// `q`; at 10:05:01 its queue flow offers a callback, which it takes; after
/// the 1-minute initial delay the callback enters `callbacks` at 10:06:01,
/// routed as of 10:00:01. `live` calls at 10:02:00 and waits in `q`. Both
/// queues have the same priority in the agent's profile.
const AGE: &str = r#"
[[queues]]
name = "q"
[[queues]]
name = "callbacks"
[[routing_profiles]]
name = "p"
queues = [{ queue = "q" }, { queue = "callbacks" }]
[[agent_groups]]
name = "g"
routing_profile = "p"
headcount = 1
auto_accept = true
auto_accept_by_channel = { callback = true }
[[flows]]
name = "Offer"
type = "customer_queue"
callback = { offer_after = "5m", take_probability = 1.0, initial_delay = "1m", max_attempts = 1, queue = "callbacks", ring = "5s", answer_probability = 1.0 }
[[flows]]
name = "IVR"
type = "inbound"
duration = "0s"
queues = [{ queue = "q", probability = 1.0, sets = { customer_queue = "Offer" } }]
[[sources]]
name = "busy"
arrival_times = ["0s"]
queue = "q"
customer = { talk = "1197.5s" }
[[sources]]
name = "original"
arrival_times = ["1s"]
inbound_flow = "IVR"
customer = { talk = "4m" }
[[sources]]
name = "live"
arrival_times = ["2m"]
queue = "q"
customer = { talk = "1m" }
"#;

/// On paper: at 1200 (10:20:00) the agent is free and takes the callback
/// (age from 1 s) before the live call (age from 120 s), although the live
/// call entered its queue first (120 < 361): accepted and dequeued 1200,
/// agent whisper → 1202, ring 5 s → 1207, outbound whisper → connected
/// 1210, talk 4 m → 1450. Then the live call: offered 1450.
#[test]
fn a_callback_is_served_before_a_live_call_that_came_after_the_original() {
    let s = spec(&format!("{HEADER}{AGE}"));
    let out = collect(&s, 0);
    let original = record_of(&s, &out, "original", InitiationMethod::Inbound);
    assert_eq!(
        (original.outcome, original.disconnected),
        (Outcome::CallbackRequested, at(301.0))
    );
    let cb = record_of(&s, &out, "original", InitiationMethod::Callback);
    assert_eq!(
        (
            cb.initiated,
            cb.enqueued,
            cb.offered,
            cb.accepted,
            cb.dequeued
        ),
        (
            at(301.0).unwrap_or_default(),
            at(361.0),
            at(1200.0),
            at(1200.0),
            at(1200.0)
        )
    );
    assert_eq!((cb.connected, cb.disconnected), (at(1210.0), at(1450.0)));
    let live = record_of(&s, &out, "live", InitiationMethod::Inbound);
    assert_eq!((live.enqueued, live.offered), (at(120.0), at(1450.0)));
}

/// The same with the callback in the original's own queue (`q`): the
/// routing age orders it there too.
#[test]
fn a_callback_in_the_same_queue_is_ordered_by_the_original_call() {
    let text = AGE.replace(", queue = \"callbacks\", ring", ", ring");
    let s = spec(&format!("{HEADER}{text}"));
    let out = collect(&s, 0);
    let cb = record_of(&s, &out, "original", InitiationMethod::Callback);
    assert_eq!(s.queues[cb.queue.map_or(9, |q| q.index())].name, "q");
    assert_eq!((cb.enqueued, cb.accepted), (at(361.0), at(1200.0)));
    let live = record_of(&s, &out, "live", InitiationMethod::Inbound);
    assert_eq!(live.offered, at(1450.0));
}

/// The routing profile's queue priority comes before routing age: with
/// `callbacks` at priority 2, the live call (priority-1 queue) goes first:
/// offered 1200, accepted (auto) 1200, whisper → 1202, connected 1202.5,
/// talk 1 m → 1262.5; then the callback, offered 1262.5.
#[test]
fn profile_queue_priority_still_comes_first() {
    let text = AGE.replace(
        "{ queue = \"callbacks\" }]",
        "{ queue = \"callbacks\", priority = 2 }]",
    );
    let s = spec(&format!("{HEADER}{text}"));
    let out = collect(&s, 0);
    let live = record_of(&s, &out, "live", InitiationMethod::Inbound);
    assert_eq!(live.offered, at(1200.0));
    let cb = record_of(&s, &out, "original", InitiationMethod::Callback);
    assert_eq!(cb.offered, at(1262.5));
}

// --- the record and the wait --------------------------------------------------------

/// MODEL's convention, on the routing-age timeline: InitiationTimestamp the
/// request (10:05:01), EnqueueTimestamp the entry after the initial delay
/// (10:06:01), DequeueTimestamp the accept (10:20:00), Queue.Duration from
/// the request (899 s = 60 s initial delay + 839 s wait); ccsim's wait
/// metrics use enqueue → dequeue (839 s).
#[test]
fn the_callback_record_follows_connects_convention() {
    let s = spec(&format!("{HEADER}{AGE}"));
    let out = collect(&s, 0);
    let cb = record_of(&s, &out, "original", InitiationMethod::Callback);
    assert_eq!(cb.queue_duration(), Some(SimDuration::from_secs(899)));
    assert_eq!(cb.wait(), Some(SimDuration::from_secs(839)));
    assert_eq!(cb.time_to_offer(), Some(SimDuration::from_secs(839)));

    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let files = ccsim::output::RecordFiles::new(&dir.path().join("r.jsonl"));
    let w = files.writer(&s, 0);
    let j = w.to_json(&cb);
    assert_eq!(j["InitiationMethod"], "CALLBACK");
    assert_eq!(j["Channel"], "VOICE");
    assert_eq!(j["InitiationTimestamp"], "2026-01-05T10:05:01Z");
    assert_eq!(j["Queue"]["Name"], "callbacks");
    assert_eq!(j["Queue"]["EnqueueTimestamp"], "2026-01-05T10:06:01Z");
    assert_eq!(j["Queue"]["DequeueTimestamp"], "2026-01-05T10:20:00Z");
    assert_eq!(j["Queue"]["Duration"], 899);
    // The customer answered at 1207 (before the outbound whisper).
    assert_eq!(j["ConnectedToSystemTimestamp"], "2026-01-05T10:20:07Z");

    // The wait metrics: the callback scope's wait is enqueue → dequeue.
    let (cfg, rec) = stats(&s);
    let m = cfg
        .methods
        .iter()
        .position(|m| *m == InitiationMethod::Callback)
        .unwrap_or_else(|| panic!("no callback scope"));
    let cbs = rec.method_stats(m);
    assert_eq!((cbs.counts.handled, cbs.counts.wait_sum_ms), (1, 839_000));
    assert_eq!(cbs.max_queued_ms, 839_000);
}

// --- queue capacity ------------------------------------------------------------------

/// One agent, busy with `busy` until 1200. `q` holds at most CAP contacts.
/// `original` calls at 1 s, takes a callback at 11 s (offer after 10 s);
/// the callback's initial delay is 30 s (due at 41, back into `q`). `live1`
/// and `live2` call at 20 s and 25 s and wait.
const CAPACITY: &str = r#"
[[queues]]
name = "q"
capacity = CAP
[[routing_profiles]]
name = "p"
queues = [{ queue = "q" }]
[[agent_groups]]
name = "g"
routing_profile = "p"
headcount = 1
auto_accept = true
auto_accept_by_channel = { callback = true }
[[flows]]
name = "Offer"
type = "customer_queue"
callback = { offer_after = "10s", take_probability = 1.0, initial_delay = "30s", max_attempts = 1, ring = "5s", answer_probability = 1.0 }
[[flows]]
name = "IVR"
type = "inbound"
duration = "0s"
queues = [{ queue = "q", probability = 1.0, sets = { customer_queue = "Offer" } }]
[[sources]]
name = "busy"
arrival_times = ["0s"]
queue = "q"
customer = { talk = "1197.5s" }
[[sources]]
name = "original"
arrival_times = ["1s"]
inbound_flow = "IVR"
customer = { talk = "1m" }
[[sources]]
name = "live1"
arrival_times = ["20s"]
queue = "q"
customer = { talk = "1m" }
[[sources]]
name = "live2"
arrival_times = ["25s"]
queue = "q"
customer = { talk = "1m" }
"#;

/// Capacity 2. The level: 1 at 1 s (original), 0 at 11 s (it took the
/// callback; the callback is not counted during its initial delay), 1 at
/// 20 s, 2 at 25 s — so `live2` is queued. At 41 s the callback finds `q`
/// full: turned away (Connect's error branch), not queued — counted in the
/// queue's `contacts_turned_away`.
#[test]
fn a_callback_that_finds_its_queue_full_is_turned_away() {
    let s = spec(&format!("{HEADER}{}", CAPACITY.replace("CAP", "2")));
    let out = collect(&s, 0);
    let live2 = record_of(&s, &out, "live2", InitiationMethod::Inbound);
    assert_eq!(
        (live2.outcome, live2.enqueued),
        (Outcome::Handled, at(25.0)),
        "the callback does not count during its initial delay"
    );
    let cb = record_of(&s, &out, "original", InitiationMethod::Callback);
    assert_eq!(
        (
            cb.outcome,
            cb.initiated,
            cb.disconnected,
            cb.disconnect_reason
        ),
        (
            Outcome::TurnedAway,
            at(11.0).unwrap_or_default(),
            at(41.0),
            Some(DisconnectReason::ContactFlowDisconnect)
        )
    );
    assert_eq!(s.queues[cb.queue.map_or(9, |q| q.index())].name, "q");
    assert_eq!(
        (cb.enqueued, cb.dequeued, cb.agent, cb.callback_attempts),
        (None, None, None, 0),
        "never queued, never dialled"
    );
    assert!(cb.connected_to_system.is_none());
    let (_, rec) = stats(&s);
    assert_eq!(rec.queues[0].counts.turned_away, 1);
    assert_eq!(rec.total.counts.turned_away, 1);
}

/// Capacity 3: at 41 s the callback finds room (level 2) and is queued;
/// at 1200 the agent takes it first (routing age from 1 s).
#[test]
fn a_callback_counts_against_capacity_once_queued() {
    let s = spec(&format!("{HEADER}{}", CAPACITY.replace("CAP", "3")));
    let out = collect(&s, 0);
    let cb = record_of(&s, &out, "original", InitiationMethod::Callback);
    assert_eq!(
        (cb.outcome, cb.enqueued, cb.accepted),
        (Outcome::Handled, at(41.0), at(1200.0))
    );
    let (_, rec) = stats(&s);
    assert_eq!(rec.total.counts.turned_away, 0);
}

// --- an unanswered attempt: ACW, retry ------------------------------------------------

/// One agent: voice auto-accepted, ACW 7 s; callbacks auto-accepted, ACW
/// 10 s. `q` holds at most 2. The callback is never answered: 2 attempts,
/// 60 s apart. `live1`–`live4` call at 40, 60, 70 and 110 s.
const RETRY: &str = r#"
[[queues]]
name = "q"
capacity = 2
[[routing_profiles]]
name = "p"
queues = [{ queue = "q" }]
[[agent_groups]]
name = "g"
routing_profile = "p"
headcount = 1
auto_accept = true
after_contact_work = "7s"
auto_accept_by_channel = { callback = true }
after_contact_work_by_channel = { callback = "10s" }
[[flows]]
name = "Offer"
type = "customer_queue"
callback = { offer_after = "5s", take_probability = 1.0, initial_delay = "10s", max_attempts = 2, retry_delay = "60s", ring = "5s", answer_probability = 0.0 }
[[flows]]
name = "IVR"
type = "inbound"
duration = "0s"
queues = [{ queue = "q", probability = 1.0, sets = { customer_queue = "Offer" } }]
[[sources]]
name = "busy"
arrival_times = ["0s"]
queue = "q"
customer = { talk = "27.5s" }
[[sources]]
name = "original"
arrival_times = ["1s"]
inbound_flow = "IVR"
customer = { talk = "1m" }
[[sources]]
name = "live1"
arrival_times = ["40s"]
queue = "q"
customer = { talk = "100s" }
[[sources]]
name = "live2"
arrival_times = ["60s"]
queue = "q"
customer = { talk = "10s" }
[[sources]]
name = "live3"
arrival_times = ["70s"]
queue = "q"
customer = { talk = "10s" }
[[sources]]
name = "live4"
arrival_times = ["110s"]
queue = "q"
customer = { talk = "10s" }
"#;

/// On paper:
/// - busy: accepted 0, connected 2.5, talk → 30, voice ACW 7 s → 37;
/// - original: queued 1, takes the callback at 6; the callback enters `q`
///   at 16 (routing age from 1);
/// - 37: the agent takes the callback (auto): dequeued 37, agent whisper →
///   39, ring 5 s → 44: unanswered (attempt 1). The agent wraps up with the
///   callback ACW, 10 s → 54; the callback is out of the queue until its
///   retry at 44 + 60 = 104;
/// - live1 (40) waits for the wrap-up: accepted 54 (not 51: the voice ACW
///   is 7 s), connected 56.5, talk → 156.5, ACW 7 s → 163.5;
/// - live2 (60) and live3 (70) fill `q` (level 2 from 70);
/// - 104: the retry enters `q` although it is full (level 3): Connect
///   requeues it itself, no flow's error branch;
/// - live4 (110) finds `q` full (3 ≥ 2): turned away — the callback counts
///   again once queued;
/// - 163.5: the agent takes the callback (routing age from 1) before live2
///   and live3, which entered `q` before its retry: dequeued 163.5, whisper
///   → 165.5, ring → 170.5: unanswered, the last attempt: it ends. Wrap-up
///   10 s → 180.5;
/// - 180.5: live2.
///
/// The record: InitiationTimestamp 6, EnqueueTimestamp its first entry (16),
/// DequeueTimestamp the last accept (163.5); Queue.Duration 157.5 s, wait
/// 147.5 s; no agent (nobody answered).
#[test]
fn an_unanswered_attempt_puts_the_agent_into_callback_acw_then_retries() {
    let s = spec(&format!("{HEADER}{RETRY}"));
    let out = collect(&s, 0);
    let busy = record_of(&s, &out, "busy", InitiationMethod::Inbound);
    assert_eq!(busy.acw_end, at(37.0));
    let live1 = record_of(&s, &out, "live1", InitiationMethod::Inbound);
    assert_eq!(
        live1.accepted,
        at(54.0),
        "the agent wrapped up the unanswered attempt with the callback ACW (10 s)"
    );
    let cb = record_of(&s, &out, "original", InitiationMethod::Callback);
    assert_eq!(
        (cb.outcome, cb.callback_attempts, cb.disconnect_reason),
        (
            Outcome::Unanswered,
            2,
            Some(DisconnectReason::TelecomUnanswered)
        )
    );
    assert_eq!(
        (cb.initiated, cb.enqueued, cb.dequeued, cb.disconnected),
        (at(6.0).unwrap_or_default(), at(16.0), at(163.5), at(170.5))
    );
    assert_eq!(cb.queue_duration(), Some(SimDuration(157_500)));
    assert_eq!(cb.wait(), Some(SimDuration(147_500)));
    assert_eq!(
        (cb.agent, cb.connected, cb.connected_to_system),
        (None, None, None)
    );
    let live4 = record_of(&s, &out, "live4", InitiationMethod::Inbound);
    assert_eq!(live4.outcome, Outcome::TurnedAway);
    let live2 = record_of(&s, &out, "live2", InitiationMethod::Inbound);
    assert_eq!(live2.offered, at(180.5), "after the second wrap-up");
    let live3 = record_of(&s, &out, "live3", InitiationMethod::Inbound);
    assert_eq!(live3.enqueued, at(70.0));
}

/// The agent's time: on contact 37 → 54 (attempt 1 and its 10 s wrap-up)
/// and 163.5 → 180.5 (attempt 2 and its wrap-up), with no available time
/// between the start and the end of live3's ACW (219.5): the failed
/// attempts' wrap-up is agent time, not idle time.
#[test]
fn the_wrap_up_of_an_unanswered_attempt_is_time_on_contact() {
    let s = spec(&format!("{HEADER}{RETRY}"));
    let out = collect(&s, 0);
    use ccsim::center::AgentActivity;
    let stretches = |activity: AgentActivity| -> Vec<(u64, u64)> {
        out.agent_time
            .iter()
            .filter(|(_, a, f, t)| *a == activity && f < t)
            .map(|(_, _, f, t)| (f.as_millis(), t.as_millis()))
            .collect()
    };
    // A stretch on contact covers each attempt and its wrap-up (the agent
    // going straight on to its next contact continues the stretch).
    let on = stretches(AgentActivity::OnContact);
    let covered = |from: u64, to: u64| on.iter().any(|&(f, t)| f <= from && to <= t);
    assert!(covered(37_000, 54_000), "{on:?}");
    assert!(covered(163_500, 180_500), "{on:?}");
    let idle = stretches(AgentActivity::Available);
    assert!(idle.iter().all(|&(f, _)| f >= 219_500), "{idle:?}");
}

// --- auto-accept -------------------------------------------------------------------

/// Callbacks are auto-accepted where the group sets it: offered and accepted
/// at 1200. Without the callback setting (the group's `auto_accept` covers
/// calls only), the agent answers after its 3 s answer delay: accepted
/// 1203, and the callback is dequeued then.
#[test]
fn callbacks_are_auto_accepted_where_the_group_auto_accepts_them() {
    let s = spec(&format!("{HEADER}{AGE}"));
    assert!(s.groups[0].auto_accepts(Channel::Voice, true));
    let cb = record_of(&s, &collect(&s, 0), "original", InitiationMethod::Callback);
    assert_eq!((cb.offered, cb.accepted), (at(1200.0), at(1200.0)));

    let text = AGE.replace("auto_accept_by_channel = { callback = true }\n", "");
    let s = spec(&format!("{HEADER}{text}"));
    assert!(!s.groups[0].auto_accepts(Channel::Voice, true));
    assert!(s.groups[0].auto_accepts(Channel::Voice, false));
    let cb = record_of(&s, &collect(&s, 0), "original", InitiationMethod::Callback);
    assert_eq!(
        (cb.offered, cb.accepted, cb.dequeued),
        (at(1200.0), at(1203.0), at(1203.0))
    );
}

// --- chat and task -------------------------------------------------------------------

/// Only chats and tasks arrive; their queue flow offers a callback after
/// 10 s. One agent serves `q` on chat and task and `callbacks` on voice.
/// `busy` (a chat, auto-accepted, no whispers) holds the agent 0–100.
const CHAT_TASK: &str = r#"
[[queues]]
name = "q"
[[queues]]
name = "callbacks"
[[routing_profiles]]
name = "p"
queues = [{ queue = "q", channels = ["chat", "task"] }, { queue = "callbacks", channels = ["voice"] }]
[[agent_groups]]
name = "g"
routing_profile = "p"
headcount = 1
auto_accept = true
auto_accept_by_channel = { callback = true }
[[flows]]
name = "Offer"
type = "customer_queue"
callback = { offer_after = "10s", take_probability = 1.0, initial_delay = "0s", max_attempts = 1, queue = "callbacks", ring = "5s", answer_probability = 1.0 }
[[flows]]
name = "Bot"
type = "inbound"
duration = "0s"
queues = [{ queue = "q", probability = 1.0, sets = { customer_queue = "Offer" } }]
[[sources]]
name = "busy"
method = "api_chat"
arrival_times = ["0s"]
queue = "q"
customer = { talk = "100s" }
[[sources]]
name = "chatter"
method = "api_chat"
arrival_times = ["1s"]
inbound_flow = "Bot"
customer = { talk = "30s" }
[[sources]]
name = "tasker"
method = "api_task"
arrival_times = ["2s"]
inbound_flow = "Bot"
customer = { talk = "20s" }
"#;

/// On paper: the chat customer takes the callback at 11 (its chat ends,
/// CONTACT_FLOW_DISCONNECT), the task's at 12; both callbacks — VOICE, the
/// customer called back on the phone — enter `callbacks` at once. At 100 the
/// agent is free: callback 1 (routing age from 1) is accepted, agent whisper
/// → 102, ring → 107, outbound whisper → connected 110, talk 30 s → 140;
/// then callback 2: accepted 140, connected 150, talk 20 s → 170.
#[test]
fn chat_and_task_customers_are_offered_voice_callbacks() {
    let s = spec(&format!("{HEADER}{CHAT_TASK}"));
    let out = collect(&s, 0);
    let chat = record_of(&s, &out, "chatter", InitiationMethod::Api);
    assert_eq!(
        (
            chat.channel,
            chat.outcome,
            chat.disconnected,
            chat.disconnect_reason
        ),
        (
            Channel::Chat,
            Outcome::CallbackRequested,
            at(11.0),
            Some(DisconnectReason::ContactFlowDisconnect)
        )
    );
    let cb1 = record_of(&s, &out, "chatter", InitiationMethod::Callback);
    assert_eq!(
        (cb1.channel, cb1.previous_id, cb1.initial_id),
        (Channel::Voice, Some(chat.id), chat.id)
    );
    assert_eq!(
        (
            cb1.initiated,
            cb1.enqueued,
            cb1.accepted,
            cb1.connected,
            cb1.disconnected
        ),
        (
            at(11.0).unwrap_or_default(),
            at(11.0),
            at(100.0),
            at(110.0),
            at(140.0)
        )
    );
    assert_eq!(cb1.outcome, Outcome::Handled);
    let task = record_of(&s, &out, "tasker", InitiationMethod::Api);
    assert_eq!(
        (task.channel, task.outcome, task.disconnected),
        (Channel::Task, Outcome::CallbackRequested, at(12.0))
    );
    let cb2 = record_of(&s, &out, "tasker", InitiationMethod::Callback);
    assert_eq!(
        (cb2.channel, cb2.previous_id, cb2.accepted, cb2.connected),
        (Channel::Voice, Some(task.id), at(140.0), at(150.0))
    );
}

// --- Little's law ---------------------------------------------------------------------

/// Little's law holds exactly with callbacks — queued only after their
/// initial delay, out of the queue between attempts — on every replication
/// of the bundled scenarios that offer them.
#[test]
fn littles_law_holds_exactly_with_callbacks() {
    for name in ["callback.toml", "all_methods.toml", "staffing.toml"] {
        let s = bundled(name);
        let cfg = Arc::new(StatsConfig::new(&s));
        for r in 0..s.replications.min(4) {
            let (rec, _) = run_replication(&s, r, Recorder::new(Arc::clone(&cfg)));
            for (q, st) in rec.queues.iter().enumerate() {
                assert_eq!(
                    st.queue_area, st.queue_time_in_window,
                    "{name} rep {r} queue {q}"
                );
            }
        }
    }
}

/// A callback's conversation is the callback's own `talk` when the offer
/// sets one — a caller called back often talks less than one who waited
/// (a probe's center: 180 s against 240 s) — and the talk the caller
/// would have had otherwise. The RETRY center with the customer answering:
/// the original caller's talk is 1 min.
#[test]
fn a_callback_talks_for_its_own_talk_where_the_offer_sets_one() {
    let answered = RETRY.replace("answer_probability = 0.0", "answer_probability = 1.0");
    for (offer, talk) in [("", 60.0), (", talk = \"42s\"", 42.0)] {
        let text = answered.replace(
            "answer_probability = 1.0 }",
            &format!("answer_probability = 1.0{offer} }}"),
        );
        let s = spec(&format!("{HEADER}{text}"));
        let out = collect(&s, 0);
        let cb = record_of(&s, &out, "original", InitiationMethod::Callback);
        assert_eq!(cb.outcome, Outcome::Handled, "{offer}");
        assert_eq!(cb.talk, SimDuration::from_secs_f64(talk), "{offer}");
        // The draw comes last in the attempt's block: the ring is the same.
        assert_eq!(cb.dial_ring, SimDuration::from_secs(5), "{offer}");
    }
}
