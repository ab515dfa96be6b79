//! Issue 9, flows, per-channel settings and records, each on a hand-worked
//! timeline (constant durations, auto-accept in 0 s unless said otherwise):
//!
//! - Set … flow blocks belong to a queue branch (they override the inbound
//!   flow's own) or to a transfer flow (they apply to the leg it creates);
//!
//! and the validation of every new field: the field path and the fix.
//!
//! Defaults used throughout: inbound flow 0 s, agent whisper 2 s, customer
//! whisper 0.5 s, outbound whisper 3 s, agent / queue transfer flow 2 s.

use ccsim::center::spec::{CenterSpec, FlowType, InitiationMethod};
use ccsim::center::{ContactRecord, Outcome, Party};
use ccsim::engine::SimDuration;

use crate::common::{at, collect, problems, record_of, spec, Collect};

const HEADER: &str = r#"
[simulation]
seed = 11
replications = 1
horizon = "1h"
interval = "1h"
"#;

/// The flows played for contact `id`, as (flow name, listener), in order.
fn heard<'a>(s: &'a CenterSpec, out: &Collect, id: u64) -> Vec<(&'a str, Party)> {
    out.plays
        .iter()
        .filter(|p| p.contact == id)
        .map(|p| (s.flows[p.flow.index()].name.as_str(), p.party))
        .collect()
}

/// The name of the queue a record names.
fn queue_name<'a>(s: &'a CenterSpec, r: &ContactRecord) -> &'a str {
    r.queue
        .map(|q| s.queues[q.index()].name.as_str())
        .unwrap_or("-")
}

/// Asserts that `text` is refused and the message holds every fragment.
fn refused(text: &str, fragments: &[&str]) {
    let msg = problems(text);
    for f in fragments {
        assert!(msg.contains(f), "expected `{f}` in:\n{msg}");
    }
}

// --- item 1: Set … flow blocks per branch and per transfer leg -------------------

/// A two-branch IVR: support (p = 0.5) and sales (p = 0.5). The flow's own
/// blocks set a 3 s agent whisper and a survey as disconnect flow; the
/// support branch sets its own 5 s agent whisper and the "Support queue"
/// customer queue flow. Ample agents, auto-accept.
const BRANCHES: &str = r#"
[[queues]]
name = "support"
[[queues]]
name = "sales"
[[routing_profiles]]
name = "p"
queues = [{ queue = "support" }, { queue = "sales" }]
[[agent_groups]]
name = "g"
routing_profile = "p"
headcount = 30
auto_accept = true
[[flows]]
name = "IVR"
type = "inbound"
duration = "0s"
queues = [
  { queue = "support", probability = 0.5, sets = { agent_whisper = "Support whisper", customer_queue = "Support queue" } },
  { queue = "sales", probability = 0.5 },
]
sets = { agent_whisper = "Flow whisper", disconnect = "Survey" }
[[flows]]
name = "Support whisper"
type = "agent_whisper"
duration = "5s"
[[flows]]
name = "Flow whisper"
type = "agent_whisper"
duration = "3s"
[[flows]]
name = "Support queue"
type = "customer_queue"
[[flows]]
name = "Survey"
type = "inbound"
duration = "30s"
[[sources]]
name = "callers"
arrival_times = ["0s", "100s", "200s", "300s", "400s", "500s", "600s", "700s", "800s", "900s", "1000s", "1100s", "1200s", "1300s", "1400s", "1500s"]
inbound_flow = "IVR"
customer = { talk = "60s", stays_for_disconnect_flow = 1.0 }
"#;

/// Each caller gets the Set … blocks of the branch it took, over the flow's
/// own: a support caller hears "Support queue" and its agent the 5 s
/// "Support whisper"; a sales caller hears the default customer queue flow
/// and its agent the flow's 3 s whisper. Both stay for the flow's survey.
///
/// On paper, a caller arriving at t: queued and accepted at t; agent
/// whisper w (5 s support, 3 s sales) → dequeued t + w; customer whisper
/// 0.5 s → connected t + w + 0.5; talk 60 s → the agent's disconnect (ACW
/// start) t + w + 60.5; the 30 s survey on the same contact → disconnected
/// t + w + 90.5.
#[test]
fn set_blocks_on_a_branch_apply_to_its_callers_only() {
    let s = spec(&format!("{HEADER}{BRANCHES}"));
    let out = collect(&s, 0);
    let callers: Vec<&ContactRecord> = out
        .ended
        .iter()
        .filter(|r| r.outcome == Outcome::Handled)
        .collect();
    assert_eq!(callers.len(), 16, "{:#?}", out.ended);
    let mut seen = (0, 0);
    for c in callers {
        let t = c.initiated.as_millis() as f64 / 1000.0;
        let (queue_flow, whisper, w) = match queue_name(&s, c) {
            "support" => {
                seen.0 += 1;
                ("Support queue", "Support whisper", 5.0)
            }
            "sales" => {
                seen.1 += 1;
                ("Default customer queue", "Flow whisper", 3.0)
            }
            other => panic!("queue {other}"),
        };
        assert_eq!(
            (c.enqueued, c.accepted, c.dequeued),
            (at(t), at(t), at(t + w)),
            "caller at {t}"
        );
        assert_eq!(
            (c.connected, c.acw_start(), c.disconnected),
            (at(t + w + 0.5), at(t + w + 60.5), at(t + w + 90.5))
        );
        assert_eq!(
            heard(&s, &out, c.id),
            [
                ("IVR", Party::Customer),
                (queue_flow, Party::Customer),
                (whisper, Party::Agent),
                ("Default customer whisper", Party::Customer),
                ("Survey", Party::Customer),
            ],
            "caller at {t} in {}",
            queue_name(&s, c)
        );
    }
    assert!(seen.0 > 0 && seen.1 > 0, "both branches taken: {seen:?}");
    // The flow's own disconnect flow applies on both branches.
    let surveys = out
        .plays
        .iter()
        .filter(|p| s.flows[p.flow.index()].name == "Survey")
        .count();
    assert_eq!(surveys, 16);
}

/// A queue transfer flow that sets flows for the leg it creates.
///
/// The caller's inbound flow sets a 5 s agent whisper ("Front whisper") and
/// the "Jazz" customer hold flow; the queue transfer flow "To billing" (2 s)
/// sets a 4 s agent whisper ("Billing whisper"). The leg inherits "Jazz"
/// and takes the transfer flow's whisper.
///
/// On paper: c1 arrives at 0 in `front`; a accepts at 0, hears "Front
/// whisper" until 5 (dequeued), customer whisper → connected 5.5. After 30 s
/// of talk (35.5) a starts the transfer: "To billing" plays to a for 2 s
/// while the caller hears "Jazz". At 37.5 the leg waits in `billing`; b
/// accepts at once and hears "Billing whisper" until 41.5 (leg dequeued);
/// the customer whisper plays to a until 42 (leg connected). Consult 20 s
/// → 62; hold all 15 s (caller on "Jazz", b on the agent hold flow) → 77:
/// a leaves (c1 disconnected 77, ACW → 87). b talks 40 s → 117, ACW → 127.
#[test]
fn a_transfer_flow_sets_flows_for_the_leg_it_creates() {
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
[[flows]]
name = "IVR"
type = "inbound"
duration = "0s"
queues = [{{ queue = "front", probability = 1.0 }}]
sets = {{ agent_whisper = "Front whisper", customer_hold = "Jazz" }}
[[flows]]
name = "Front whisper"
type = "agent_whisper"
duration = "5s"
[[flows]]
name = "Billing whisper"
type = "agent_whisper"
duration = "4s"
[[flows]]
name = "Jazz"
type = "customer_hold"
[[flows]]
name = "To billing"
type = "queue_transfer"
duration = "2s"
sets = {{ agent_whisper = "Billing whisper" }}
[[sources]]
name = "c1"
arrival_times = ["0s"]
inbound_flow = "IVR"
[sources.customer]
talk = "5m"
transfer = {{ probability = 1.0, after = "30s", to_queue = "billing", flow = "To billing", consult = "20s", actions = {{ hold_all = 1.0 }}, action_duration = "15s", talk_after = "40s", max_chain = 1 }}
"#
    ));
    let out = collect(&s, 0);
    let [c1, leg] = &out.ended[..] else {
        panic!("{:#?}", out.ended)
    };
    assert_eq!(c1.outcome, Outcome::TransferredOut);
    assert_eq!(
        (c1.dequeued, c1.connected, c1.disconnected, c1.acw_end),
        (at(5.0), at(5.5), at(77.0), at(87.0))
    );
    assert_eq!(c1.agent_whisper, SimDuration::from_secs(5));
    assert_eq!(
        heard(&s, &out, c1.id),
        vec![
            ("IVR", Party::Customer),
            ("Default customer queue", Party::Customer),
            ("Front whisper", Party::Agent),
            ("Default customer whisper", Party::Customer),
            ("Jazz", Party::Customer),
            ("To billing", Party::Agent),
        ]
    );
    assert_eq!(leg.outcome, Outcome::Handled);
    assert_eq!(
        (leg.enqueued, leg.accepted, leg.dequeued, leg.connected),
        (at(37.5), at(37.5), at(41.5), at(42.0))
    );
    assert_eq!((leg.disconnected, leg.acw_end), (at(117.0), at(127.0)));
    assert_eq!(leg.agent_whisper, SimDuration::from_secs(4));
    // ConnectedToSystemTimestamp: the caller at its arrival; the leg, a new
    // contact of a caller already on the line, at its initiation.
    assert_eq!(
        (c1.connected_to_system, leg.connected_to_system),
        (at(0.0), at(37.5))
    );
    assert_eq!(
        heard(&s, &out, leg.id),
        vec![
            ("Billing whisper", Party::Agent),
            ("Default customer whisper", Party::SourceAgent),
            ("Jazz", Party::Customer),
            ("Default agent hold", Party::Agent),
        ],
        "the transfer flow's whisper; the inherited hold flow"
    );
}

/// Where `sets` may stand, and what a branch's `sets` may name.
#[test]
fn set_blocks_are_validated_with_their_paths() {
    let base = format!("{HEADER}{BRANCHES}");
    // A customer queue flow holds no Set … blocks here.
    refused(
        &base.replace(
            "name = \"Support queue\"\ntype = \"customer_queue\"",
            "name = \"Support queue\"\ntype = \"customer_queue\"\nsets = { agent_whisper = \"Flow whisper\" }",
        ),
        &[
            "flows[3].sets",
            "only inbound, agent_transfer and queue_transfer flows",
            "fix:",
        ],
    );
    // A branch's set must name a flow of the right type.
    refused(
        &base.replace(
            "customer_queue = \"Support queue\" }",
            "customer_queue = \"Flow whisper\" }",
        ),
        &[
            "flows[0].queues[0].sets.customer_queue",
            "`Flow whisper` is an agent_whisper flow",
            "name a flow of type customer_queue",
        ],
    );
    refused(
        &base.replace(
            "customer_queue = \"Support queue\" }",
            "customer_queue = \"Nope\" }",
        ),
        &[
            "flows[0].queues[0].sets.customer_queue",
            "unknown flow `Nope`",
        ],
    );
    refused(
        &base.replace(
            "{ queue = \"sales\", probability = 0.5 }",
            "{ queue = \"sales\", probability = 0.5, sets = { music = \"Jazz\" } }",
        ),
        &["flows[0].queues[1].sets.music", "settable: customer_queue"],
    );
    // Unknown fields in a branch are refused by name.
    refused(
        &base.replace(
            "{ queue = \"sales\", probability = 0.5 }",
            "{ queue = \"sales\", probability = 0.5, set = {} }",
        ),
        &["unknown field `set`"],
    );
    // A transfer flow may set flows; one of another type may not decide queues.
    let ok = base.replace(
        "[[sources]]",
        "[[flows]]\nname = \"Xfer\"\ntype = \"agent_transfer\"\nduration = \"2s\"\nsets = { customer_hold = \"Default customer hold\" }\n[[sources]]",
    );
    spec(&ok);
}

/// The bundled mixed center: only support callers are offered callbacks and
/// moved to the overflow; sales callers never are (issue 9: sales had 15
/// callbacks and 21 moves in replication 0).
#[test]
fn all_methods_offers_callbacks_and_moves_to_support_callers_only() {
    let s = crate::common::bundled("all_methods.toml");
    let out = collect(&s, 0);
    let support_flow = s
        .flows
        .iter()
        .position(|f| f.name == "Support queue")
        .unwrap_or_else(|| panic!("no Support queue flow"));
    let mut moved_or_called = 0;
    for r in &out.ended {
        if matches!(
            r.outcome,
            Outcome::CallbackRequested | Outcome::QueueTransferred
        ) {
            assert_eq!(queue_name(&s, r), "support", "{r:?}");
            moved_or_called += 1;
        }
        if queue_name(&s, r) == "sales" {
            assert!(
                !out.plays.iter().any(|p| p.contact == r.id
                    && p.flow.index() == support_flow
                    && s.flows[p.flow.index()].flow_type == FlowType::CustomerQueue),
                "a sales caller heard the support queue flow: {r:?}"
            );
        }
    }
    assert!(moved_or_called > 0);
}

// --- item 7: no default whispers on chat and task ---------------------------------

/// A chat, a task and a voice call, none with a whisper set, and a chat
/// whose flow sets a 4 s agent whisper. One agent per contact.
///
/// On paper (queued and accepted at arrival t, auto-accept 0 s):
/// - chat at 0: no whisper → dequeued 0, connected 0, talk 60 s → 60;
/// - task at 0: the same, talk 30 s → 30;
/// - voice at 0: Default agent whisper 2 s → dequeued 2, Default customer
///   whisper 0.5 s → connected 2.5, talk 60 s → 62.5;
/// - chat at 0 through "Whispering bot" (sets a 4 s agent whisper, no
///   customer whisper): dequeued 4, connected 4, ended 64.
#[test]
fn default_whispers_play_on_voice_only() {
    let s = spec(&format!(
        r#"{HEADER}
[[queues]]
name = "q"
[[routing_profiles]]
name = "p"
queues = [{{ queue = "q" }}]
[[agent_groups]]
name = "g"
routing_profile = "p"
headcount = 4
auto_accept = true
[[flows]]
name = "Whispering bot"
type = "inbound"
duration = "0s"
queues = [{{ queue = "q", probability = 1.0 }}]
sets = {{ agent_whisper = "Chat whisper" }}
[[flows]]
name = "Chat whisper"
type = "agent_whisper"
duration = "4s"
[[sources]]
name = "chat"
method = "api_chat"
arrival_times = ["0s"]
queue = "q"
customer = {{ talk = "60s" }}
[[sources]]
name = "task"
method = "api_task"
arrival_times = ["0s"]
queue = "q"
customer = {{ talk = "30s" }}
[[sources]]
name = "voice"
arrival_times = ["0s"]
queue = "q"
customer = {{ talk = "60s" }}
[[sources]]
name = "chat_with_whisper"
method = "api_chat"
arrival_times = ["0s"]
inbound_flow = "Whispering bot"
customer = {{ talk = "60s" }}
"#
    ));
    let out = collect(&s, 0);
    let by_source = |name: &str| {
        out.ended
            .iter()
            .find(|r| r.source.is_some_and(|x| s.sources[x.index()].name == name))
            .cloned()
            .unwrap_or_else(|| panic!("no contact of {name}: {:#?}", out.ended))
    };
    let zero = SimDuration::ZERO;
    for (name, talk) in [("chat", 60.0), ("task", 30.0)] {
        let r = by_source(name);
        assert_eq!(
            (r.accepted, r.dequeued, r.connected, r.disconnected),
            (at(0.0), at(0.0), at(0.0), at(talk)),
            "{name}"
        );
        assert_eq!((r.agent_whisper, r.customer_whisper), (zero, zero));
        assert_eq!(r.whisper_latency(), Some(zero), "{name}");
        assert_eq!(
            heard(&s, &out, r.id),
            vec![
                ("Default inbound", Party::Customer),
                ("Default customer queue", Party::Customer)
            ],
            "{name}: no whisper plays"
        );
    }
    let v = by_source("voice");
    assert_eq!(
        (v.dequeued, v.connected, v.disconnected),
        (at(2.0), at(2.5), at(62.5))
    );
    assert_eq!(v.whisper_latency(), Some(SimDuration(2500)));
    assert_eq!(
        heard(&s, &out, v.id)[2..],
        [
            ("Default agent whisper", Party::Agent),
            ("Default customer whisper", Party::Customer)
        ]
    );
    let w = by_source("chat_with_whisper");
    assert_eq!(
        (w.dequeued, w.connected, w.disconnected),
        (at(4.0), at(4.0), at(64.0))
    );
    assert_eq!(
        (w.agent_whisper, w.customer_whisper),
        (SimDuration::from_secs(4), zero)
    );
    assert_eq!(
        heard(&s, &out, w.id)[2..],
        [("Chat whisper", Party::Agent)],
        "the set whisper plays; the unset customer whisper does not"
    );
}

// --- item 8: per-channel ACW and auto-accept --------------------------------------

/// One agent of a group that answers manually (3 s) with 10 s of ACW by
/// default, but auto-accepts chats (20 s ACW) and callbacks (5 s ACW).
/// Nobody serves `front`, whose queue flow offers a callback after 10 s.
const PER_CHANNEL: &str = r#"
[[queues]]
name = "q"
[[queues]]
name = "front"
[[queues]]
name = "callbacks"
[[routing_profiles]]
name = "p"
queues = [{ queue = "q" }, { queue = "callbacks" }]
concurrency = { voice = 1, chat = 2, task = 1 }
[[agent_groups]]
name = "g"
routing_profile = "p"
headcount = 1
answer_delay = "3s"
after_contact_work = "10s"
auto_accept_by_channel = { chat = true, callback = true }
after_contact_work_by_channel = { chat = "20s", callback = "5s" }
[[flows]]
name = "Front IVR"
type = "inbound"
duration = "0s"
queues = [{ queue = "front", probability = 1.0, sets = { customer_queue = "Call me back" } }]
[[flows]]
name = "Call me back"
type = "customer_queue"
callback = { offer_after = "10s", take_probability = 1.0, initial_delay = "0s", max_attempts = 1, queue = "callbacks", ring = "5s", answer_probability = 1.0 }
[[sources]]
name = "voice"
arrival_times = ["0s"]
queue = "q"
customer = { talk = "20s" }
[[sources]]
name = "chat"
method = "api_chat"
arrival_times = ["100s"]
queue = "q"
customer = { talk = "20s" }
[[sources]]
name = "task"
method = "api_task"
arrival_times = ["200s"]
queue = "q"
customer = { talk = "20s" }
[[sources]]
name = "caller"
arrival_times = ["300s"]
inbound_flow = "Front IVR"
customer = { talk = "20s" }
"#;

/// On paper (one agent, contacts far apart):
/// - voice at 0: manual, accepted 3; agent whisper → dequeued 5; customer
///   whisper → connected 5.5; talk → 25.5; default ACW 10 s → 35.5;
/// - chat at 100: auto-accepted at 100; no whispers → connected 100; talk
///   → 120; chat ACW 20 s → 140;
/// - task at 200: manual (the default), accepted 203, connected 203; talk
///   → 223; ACW 10 s → 233;
/// - caller at 300 in `front` takes the callback at 310; the CALLBACK is
///   queued at 310 and auto-accepted (so dequeued: MODEL) at once; agent
///   whisper → 312; ring 5 s → 317; outbound whisper 3 s → connected 320;
///   talk → 340; callback ACW 5 s → 345.
#[test]
fn acw_and_auto_accept_are_set_per_channel() {
    let s = spec(&format!("{HEADER}{PER_CHANNEL}"));
    let g = &s.groups[0];
    use ccsim::center::spec::Channel;
    assert!(!g.auto_accepts(Channel::Voice, false));
    assert!(g.auto_accepts(Channel::Chat, false));
    assert!(!g.auto_accepts(Channel::Task, false));
    assert!(g.auto_accepts(Channel::Voice, true));
    assert_eq!(g.acw(Channel::Voice, true).mean(), 5.0);
    let out = collect(&s, 0);
    let v = record_of(&s, &out, "voice", InitiationMethod::Inbound);
    assert_eq!(
        (
            v.accepted,
            v.dequeued,
            v.connected,
            v.disconnected,
            v.acw_end
        ),
        (at(3.0), at(5.0), at(5.5), at(25.5), at(35.5))
    );
    let c = record_of(&s, &out, "chat", InitiationMethod::Api);
    assert_eq!(
        (c.accepted, c.connected, c.disconnected, c.acw_end),
        (at(100.0), at(100.0), at(120.0), at(140.0))
    );
    assert_eq!(c.acw, SimDuration::from_secs(20));
    let t = record_of(&s, &out, "task", InitiationMethod::Api);
    assert_eq!(
        (t.accepted, t.connected, t.disconnected, t.acw_end),
        (at(203.0), at(203.0), at(223.0), at(233.0))
    );
    let first = record_of(&s, &out, "caller", InitiationMethod::Inbound);
    assert_eq!(
        (first.outcome, first.disconnected),
        (Outcome::CallbackRequested, at(310.0))
    );
    let cb = record_of(&s, &out, "caller", InitiationMethod::Callback);
    assert_eq!(
        (cb.enqueued, cb.accepted, cb.dequeued, cb.connected),
        (at(310.0), at(310.0), at(310.0), at(320.0))
    );
    assert_eq!(
        (cb.disconnected, cb.acw_end, cb.acw),
        (at(340.0), at(345.0), SimDuration::from_secs(5))
    );
}

/// Without per-channel settings for callbacks, a callback is answered by
/// hand (Connect's agent-first callback auto-accept is off unless set),
/// and its ACW is its channel's (voice, here 7 s).
///
/// On paper: the callback is queued at 310, accepted (and dequeued) at 313
/// (answer delay 3 s), agent whisper → 315, ring → 320, outbound whisper →
/// connected 323,
/// talk → 343, voice ACW 7 s → 350. The voice call at 0 has 7 s of ACW too.
#[test]
fn callbacks_default_to_manual_accept_and_the_voice_acw() {
    let text = PER_CHANNEL
        .replace(
            "auto_accept_by_channel = { chat = true, callback = true }",
            "auto_accept = true\nauto_accept_by_channel = { chat = true, task = true, voice = false }",
        )
        .replace(
            "after_contact_work_by_channel = { chat = \"20s\", callback = \"5s\" }",
            "after_contact_work_by_channel = { voice = \"7s\" }",
        );
    let s = spec(&format!("{HEADER}{text}"));
    let out = collect(&s, 0);
    let v = record_of(&s, &out, "voice", InitiationMethod::Inbound);
    assert_eq!((v.accepted, v.acw_end), (at(3.0), at(32.5)));
    let cb = record_of(&s, &out, "caller", InitiationMethod::Callback);
    assert_eq!(
        (cb.enqueued, cb.accepted, cb.dequeued, cb.connected),
        (at(310.0), at(313.0), at(313.0), at(323.0))
    );
    assert_eq!(
        (cb.disconnected, cb.acw_end),
        (at(343.0), at(350.0)),
        "the voice ACW"
    );
    // The group-level auto_accept no longer decides voice (set false), nor
    // callbacks (not set): only chat and task are auto-accepted.
    let c = record_of(&s, &out, "chat", InitiationMethod::Api);
    assert_eq!((c.accepted, c.acw_end), (at(100.0), at(130.0)));
}

/// A channel's own answer delay, over the group's; a callback without
/// its own takes its channel's (voice).
///
/// On paper: voice at 0 answered after voice's 4 s (not the group's 3 s):
/// accepted 4; the task at 200 after its 8 s: accepted 208; the callback,
/// by hand now (auto-accept only for chats), queued at 310 and accepted
/// after voice's 4 s at 314. The chat is still auto-accepted at 100.
#[test]
fn answer_delay_is_set_per_channel() {
    let text = PER_CHANNEL
        .replace(
            "auto_accept_by_channel = { chat = true, callback = true }",
            "auto_accept_by_channel = { chat = true }\nanswer_delay_by_channel = { voice = \"4s\", task = \"8s\", chat = \"30s\" }",
        );
    let s = spec(&format!("{HEADER}{text}"));
    let g = &s.groups[0];
    use ccsim::center::spec::Channel;
    assert_eq!(g.answer(Channel::Voice, true).mean(), 4.0);
    assert_eq!(g.answer(Channel::Email, false).mean(), 3.0);
    let out = collect(&s, 0);
    let v = record_of(&s, &out, "voice", InitiationMethod::Inbound);
    assert_eq!((v.accepted, v.dequeued), (at(4.0), at(6.0)));
    let c = record_of(&s, &out, "chat", InitiationMethod::Api);
    assert_eq!(c.accepted, at(100.0), "auto-accepted: no answer delay");
    let t = record_of(&s, &out, "task", InitiationMethod::Api);
    assert_eq!((t.accepted, t.connected), (at(208.0), at(208.0)));
    let cb = record_of(&s, &out, "caller", InitiationMethod::Callback);
    assert_eq!((cb.enqueued, cb.accepted), (at(310.0), at(314.0)));
    refused(
        &format!("{HEADER}{text}").replace("task = \"8s\"", "task = \"-8s\""),
        &["agent_groups[0].answer_delay_by_channel.task"],
    );
}

/// Per-channel settings are checked with their paths.
#[test]
fn per_channel_settings_are_validated() {
    let base = format!("{HEADER}{PER_CHANNEL}");
    refused(
        &base.replace(
            "{ chat = true, callback = true }",
            "{ chat = true, fax = true }",
        ),
        &[
            "auto_accept_by_channel",
            "unknown field `fax`",
            "`callback`",
        ],
    );
    refused(
        &base.replace("chat = \"20s\", callback", "chat = \"-20s\", callback"),
        &["agent_groups[0].after_contact_work_by_channel.chat"],
    );
    refused(
        &base.replace("{ chat = true, callback = true }", "{ chat = \"yes\" }"),
        &["auto_accept_by_channel.chat", "invalid type"],
    );
}

// --- item 9: outbound whisper per queue -------------------------------------------

/// Two dialling agents: `sellers`, whose profile's outbound queue `sales`
/// has a 5 s outbound whisper, and `plain`, whose profile names no outbound
/// queue (Connect's Default outbound, 3 s). Ring 10 s, talk 60 s, ACW 5 s.
const OUTBOUND: &str = r#"
[[queues]]
name = "sales"
outbound_whisper = "Sales outbound"
[[queues]]
name = "q"
[[routing_profiles]]
name = "sellers"
queues = [{ queue = "q" }]
outbound_queue = "sales"
[[routing_profiles]]
name = "plain"
queues = [{ queue = "q" }]
[[agent_groups]]
name = "sellers"
routing_profile = "sellers"
headcount = 1
after_contact_work = "5s"
outbound = { calls_per_hour = 20, ring = "10s", answer_probability = 1.0, talk = "60s" }
[[agent_groups]]
name = "plain"
routing_profile = "plain"
headcount = 1
after_contact_work = "5s"
outbound = { calls_per_hour = 20, ring = "10s", answer_probability = 1.0, talk = "60s" }
[[flows]]
name = "Sales outbound"
type = "outbound_whisper"
duration = "5s"
[[sources]]
name = "nobody"
arrival_times = ["59m59s"]
queue = "q"
customer = { talk = "1s", patience = "0s" }
"#;

/// The dial clock is random, so each call is checked against its own dial
/// at t: ringing to t + 10; the outbound whisper of the agent's outbound
/// queue (5 s, sellers) or the default (3 s, plain) → connected t + 15 or
/// t + 13; talk 60 s; ACW 5 s. A sellers call's record names `sales` as its
/// queue, with no enqueue or dequeue (and it is not counted as queued).
#[test]
fn outbound_calls_play_their_outbound_queues_whisper() {
    let s = spec(&format!("{HEADER}{OUTBOUND}"));
    let out = collect(&s, 0);
    let mut seen = (0, 0);
    for c in out.ended.iter().filter(|r| r.method.as_str() == "OUTBOUND") {
        let t = c.initiated.as_millis() as f64 / 1000.0;
        let group = c
            .agent
            .map(|a| s.groups[a.1.index()].name.as_str())
            .unwrap_or("-");
        let (whisper, w, queue) = match group {
            "sellers" => {
                seen.0 += 1;
                ("Sales outbound", 5.0, Some("sales"))
            }
            "plain" => {
                seen.1 += 1;
                ("Default outbound", 3.0, None)
            }
            other => panic!("group {other}"),
        };
        assert_eq!(
            (c.connected, c.disconnected, c.acw_end),
            (at(t + 10.0 + w), at(t + 70.0 + w), at(t + 75.0 + w)),
            "{group} call at {t}"
        );
        assert_eq!(c.whisper_latency(), Some(SimDuration::from_secs_f64(w)));
        assert_eq!(heard(&s, &out, c.id), vec![(whisper, Party::Customer)]);
        assert_eq!(
            c.outbound_queue.map(|q| s.queues[q.index()].name.as_str()),
            queue
        );
        assert_eq!((c.queue, c.enqueued, c.dequeued), (None, None, None));
    }
    assert!(seen.0 > 2 && seen.1 > 2, "{seen:?}");
}

/// The contact record names an OUTBOUND call's queue without timestamps.
#[test]
fn an_outbound_record_names_its_queue() {
    let s = spec(&format!("{HEADER}{OUTBOUND}"));
    let out = collect(&s, 0);
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let files = ccsim::output::RecordFiles::new(&dir.path().join("r.jsonl"));
    let w = files.writer(&s, 0);
    let sold = out
        .ended
        .iter()
        .find(|r| r.outbound_queue.is_some())
        .unwrap_or_else(|| panic!("no sellers call"));
    let j = w.to_json(sold);
    assert_eq!(j["InitiationMethod"], "OUTBOUND");
    assert_eq!(j["Queue"]["Name"], "sales");
    assert!(j["Queue"]["EnqueueTimestamp"].is_null());
    assert!(j["Queue"]["DequeueTimestamp"].is_null());
    assert_eq!(j["Queue"]["Duration"], 0);
    let plain = out
        .ended
        .iter()
        .find(|r| r.method.as_str() == "OUTBOUND" && r.outbound_queue.is_none())
        .unwrap_or_else(|| panic!("no plain call"));
    assert!(w.to_json(plain)["Queue"].is_null());
    let _ = w.close();
    // Statistics: outbound calls are never queued in their outbound queue.
    let summary = ccsim::exec::run_scenario(&s, Some(1), &|| {});
    let sales = ccsim::stats::Scope::Queue("sales".into());
    let get = |m: &str| summary.get(&sales, m).and_then(|e| e.mean);
    assert_eq!(
        (get("contacts_offered"), get("contacts_queued")),
        (Some(0.0), Some(0.0))
    );
}

/// `outbound_queue` and `outbound_whisper` are checked with their paths.
#[test]
fn outbound_queue_and_whisper_are_validated() {
    let base = format!("{HEADER}{OUTBOUND}");
    refused(
        &base.replace("outbound_queue = \"sales\"", "outbound_queue = \"nowhere\""),
        &[
            "routing_profiles[0].outbound_queue",
            "unknown queue `nowhere`",
        ],
    );
    refused(
        &base.replace(
            "outbound_whisper = \"Sales outbound\"",
            "outbound_whisper = \"Default agent whisper\"",
        ),
        &[
            "queues[0].outbound_whisper",
            "is an agent_whisper flow",
            "type = \"outbound_whisper\"",
        ],
    );
    refused(
        &base.replace(
            "outbound_whisper = \"Sales outbound\"",
            "outbound_whisper = \"Nope\"",
        ),
        &["queues[0].outbound_whisper", "unknown flow `Nope`"],
    );
}

// --- item 11: records and validation ----------------------------------------------

/// `ConnectedToSystemTimestamp`, as Connect defines it: "the date and time
/// the customer endpoint connected to Amazon Connect. For INBOUND, this
/// matches InitiationTimestamp. For OUTBOUND, CALLBACK, and API, this is
/// when the customer endpoint answers."
///
/// On paper (instance limit: 2 voice lines; ample agents):
/// - callers a and b at 0: connected to the system at 0; caller c at 0
///   finds both lines taken (fast busy): never connected;
/// - API voice at 100, Connect's dial rings 5 s and is answered: 105;
///   another at 200 is never answered: never connected;
/// - a chat at 300: 300; a task requested at 400 and scheduled 30 s out:
///   initiated 400, connected 430.
#[test]
fn connected_to_system_timestamp() {
    let s = spec(&format!(
        r#"{HEADER}
[instance_limits]
voice = 2
[[queues]]
name = "q"
[[routing_profiles]]
name = "p"
queues = [{{ queue = "q" }}]
[[agent_groups]]
name = "g"
routing_profile = "p"
headcount = 5
auto_accept = true
[[sources]]
name = "callers"
arrival_times = ["0s", "0s", "0s"]
queue = "q"
customer = {{ talk = "20s" }}
[[sources]]
name = "reached"
method = "api_voice"
arrival_times = ["100s"]
queue = "q"
dial = {{ ring = "5s", answer_probability = 1.0 }}
customer = {{ talk = "20s" }}
[[sources]]
name = "unreached"
method = "api_voice"
arrival_times = ["200s"]
queue = "q"
dial = {{ ring = "5s", answer_probability = 0.0 }}
customer = {{ talk = "20s" }}
[[sources]]
name = "chat"
method = "api_chat"
arrival_times = ["300s"]
queue = "q"
customer = {{ talk = "20s" }}
[[sources]]
name = "task"
method = "api_task"
arrival_times = ["400s"]
scheduled_after = "30s"
queue = "q"
customer = {{ talk = "20s" }}
"#
    ));
    let out = collect(&s, 0);
    let of_source = |name: &str| -> Vec<ContactRecord> {
        out.ended
            .iter()
            .filter(|r| r.source.is_some_and(|x| s.sources[x.index()].name == name))
            .cloned()
            .collect()
    };
    let callers = of_source("callers");
    let cts: Vec<_> = callers.iter().map(|r| r.connected_to_system).collect();
    assert_eq!(cts, vec![at(0.0), at(0.0), None], "{callers:#?}");
    assert_eq!(callers[2].outcome, Outcome::Blocked);
    assert_eq!(of_source("reached")[0].connected_to_system, at(105.0));
    assert_eq!(of_source("unreached")[0].connected_to_system, None);
    assert_eq!(of_source("chat")[0].connected_to_system, at(300.0));
    let task = &of_source("task")[0];
    assert_eq!(
        (task.initiated, task.connected_to_system),
        (at(400.0).unwrap_or_default(), at(430.0))
    );
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let files = ccsim::output::RecordFiles::new(&dir.path().join("r.jsonl"));
    let w = files.writer(&s, 0);
    let j = w.to_json(task);
    // The default start is 2026-01-05T08:00:00Z: 430 s later.
    assert!(
        j["ConnectedToSystemTimestamp"]
            .as_str()
            .is_some_and(|t| t.starts_with("2026-01-05T08:07:10")),
        "{j}"
    );
    assert!(w.to_json(&callers[2])["ConnectedToSystemTimestamp"].is_null());
    let _ = w.close();
}

/// OUTBOUND and CALLBACK connect when the customer answers; a transfer leg
/// at its initiation (the caller is on the line already).
#[test]
fn connected_to_system_for_dialled_and_created_contacts() {
    // Outbound (see OUTBOUND): the callee answers after 10 s of ringing.
    let s = spec(&format!("{HEADER}{OUTBOUND}"));
    let out = collect(&s, 0);
    for c in out.ended.iter().filter(|r| r.method.as_str() == "OUTBOUND") {
        assert_eq!(
            c.connected_to_system
                .map(|t| t.as_millis() - c.initiated.as_millis()),
            Some(10_000)
        );
    }
    // Callback (see PER_CHANNEL): the caller connects at arrival (300); the
    // CALLBACK, requested at 310, when the dial is answered (317).
    let s = spec(&format!("{HEADER}{PER_CHANNEL}"));
    let out = collect(&s, 0);
    assert_eq!(
        record_of(&s, &out, "caller", InitiationMethod::Inbound).connected_to_system,
        at(300.0)
    );
    let cb = record_of(&s, &out, "caller", InitiationMethod::Callback);
    assert_eq!(
        (cb.initiated, cb.connected_to_system),
        (at(310.0).unwrap_or_default(), at(317.0))
    );
}

/// What the two service levels count, as the README states it: answered,
/// abandoned and turned into a callback are removals (Connect's); a move to
/// another queue is not; only answered counts for "answered within".
///
/// On paper, queue `a` (one agent, auto-accept, busy with c1 for 1000 s;
/// threshold 60 s):
/// - c1 at 0: answered, queue time 2 s (agent whisper): both SLs hit;
/// - c2 at 1: abandons at 11 (patience 10 s): a Connect removal;
/// - c3 at 2: takes a callback offered after 20 s (at 22): a Connect
///   removal;
/// - c4 at 3: moved to `b` after 30 s (at 33): no removal from `a`; in `b`
///   it abandons at 63 (60 s of patience, 30 s left): a removal from `b`.
///
/// So `a`: 4 queued, Connect's SL 3/4, answered-within 1/4; `b`: 1 queued,
/// Connect's SL 1, answered-within 0.
#[test]
fn service_levels_count_what_the_readme_says() {
    let s = spec(&format!(
        r#"{HEADER}
[[queues]]
name = "a"
service_level_thresholds = ["60s"]
[[queues]]
name = "b"
service_level_thresholds = ["60s"]
[[queues]]
name = "callbacks"
[[routing_profiles]]
name = "p"
queues = [{{ queue = "a" }}]
[[agent_groups]]
name = "g"
routing_profile = "p"
headcount = 1
auto_accept = true
[[flows]]
name = "Callback IVR"
type = "inbound"
duration = "0s"
queues = [{{ queue = "a", probability = 1.0, sets = {{ customer_queue = "Offer" }} }}]
[[flows]]
name = "Offer"
type = "customer_queue"
callback = {{ offer_after = "20s", take_probability = 1.0, queue = "callbacks", answer_probability = 1.0 }}
[[flows]]
name = "Move IVR"
type = "inbound"
duration = "0s"
queues = [{{ queue = "a", probability = 1.0, sets = {{ customer_queue = "Overflow" }} }}]
[[flows]]
name = "Overflow"
type = "customer_queue"
move_to_queue = {{ queue = "b", after = "30s" }}
[[sources]]
name = "c1"
arrival_times = ["0s"]
queue = "a"
customer = {{ talk = "1000s" }}
[[sources]]
name = "c2"
arrival_times = ["1s"]
queue = "a"
customer = {{ talk = "60s", patience = "10s" }}
[[sources]]
name = "c3"
arrival_times = ["2s"]
inbound_flow = "Callback IVR"
customer = {{ talk = "60s" }}
[[sources]]
name = "c4"
arrival_times = ["3s"]
inbound_flow = "Move IVR"
customer = {{ talk = "60s", patience = "60s" }}
"#
    ));
    let out = collect(&s, 0);
    let outcome = |name: &str, method| record_of(&s, &out, name, method).outcome;
    assert_eq!(
        [
            outcome("c1", InitiationMethod::Inbound),
            outcome("c2", InitiationMethod::Inbound),
            outcome("c3", InitiationMethod::Inbound),
            outcome("c4", InitiationMethod::Inbound),
            outcome("c4", InitiationMethod::QueueTransfer),
        ],
        [
            Outcome::Handled,
            Outcome::Abandoned,
            Outcome::CallbackRequested,
            Outcome::QueueTransferred,
            Outcome::Abandoned,
        ]
    );
    let summary = ccsim::exec::run_scenario(&s, Some(1), &|| {});
    let get = |q: &str, m: &str| {
        summary
            .get(&ccsim::stats::Scope::Queue(q.into()), m)
            .and_then(|e| e.mean)
    };
    assert_eq!(get("a", "contacts_queued"), Some(4.0));
    assert_eq!(get("a", "service_level_connect_60s"), Some(0.75));
    assert_eq!(get("a", "service_level_60s"), Some(0.25));
    assert_eq!(get("b", "contacts_queued"), Some(1.0));
    assert_eq!(get("b", "service_level_connect_60s"), Some(1.0));
    assert_eq!(get("b", "service_level_60s"), Some(0.0));
}

/// `ccsim validate` on `text`: (exit code, stdout).
fn validate_stdout(text: &str) -> (i32, String) {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("centre.toml");
    std::fs::write(&path, text).unwrap_or_else(|e| panic!("{e}"));
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_ccsim"))
        .arg("validate")
        .arg(&path)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

/// The line `validate` prints for queue `name`.
fn queue_line<'a>(text: &'a str, name: &str) -> &'a str {
    let head = format!("Queue \"{name}\":");
    text.lines()
        .find(|l| l.starts_with(&head))
        .unwrap_or_else(|| panic!("no line for {name} in:\n{text}"))
}

/// A profile that lists a voice queue for chats only does not serve its
/// callers: `validate` says nobody does, and names the profile (it said
/// "served by chatters"). Where the profile takes the queue's voice too,
/// it serves it.
#[test]
fn validate_says_a_profile_listing_a_queue_for_other_channels_does_not_serve_it() {
    let text = |channels: &str| {
        let (code, text) = validate_stdout(&format!(
            r#"{HEADER}
[[queues]]
name = "voice"
[[routing_profiles]]
name = "chatters"
queues = [{{ queue = "voice", channels = [{channels}] }}]
concurrency = {{ chat = 3 }}
[[agent_groups]]
name = "team"
routing_profile = "chatters"
headcount = 3
[[sources]]
name = "calls"
rate_per_hour = 10
queue = "voice"
customer = {{ talk = "3m" }}
"#
        ));
        assert_eq!(code, 0, "{text}");
        queue_line(&text, "voice").to_string()
    };
    let chat_only = text(r#""chat""#);
    assert!(
        chat_only.contains(
            "served by NO routing profile (\"chatters\" lists it, but not for its voice contacts) — its contacts can only abandon"
        ),
        "{chat_only}"
    );
    let both = text(r#""chat", "voice""#);
    assert!(both.ends_with("served by chatters."), "{both}");
}

/// A queue that voice and chat contacts reach, listed by its profile for
/// voice only, is served for its callers and not for its chats: `validate`
/// names the profile and says the chats wait for no agent (it said
/// "served by phones", as if the queue were served in full).
#[test]
fn validate_flags_a_queue_served_for_some_of_its_channels_only() {
    let text = |channels: &str| {
        let (code, text) = validate_stdout(&format!(
            r#"{HEADER}
[[queues]]
name = "support"
[[routing_profiles]]
name = "phones"
queues = [{{ queue = "support", channels = [{channels}] }}]
concurrency = {{ voice = 1, chat = 2 }}
[[agent_groups]]
name = "team"
routing_profile = "phones"
headcount = 3
[[sources]]
name = "calls"
rate_per_hour = 10
queue = "support"
customer = {{ talk = "3m" }}
[[sources]]
name = "chats"
method = "api_chat"
rate_per_hour = 10
queue = "support"
customer = {{ talk = "5m" }}
"#
        ));
        assert_eq!(code, 0, "{text}");
        queue_line(&text, "support").to_string()
    };
    let voice_only = text(r#""voice""#);
    assert!(
        voice_only.contains(
            "served by phones — but NOT its chat contacts, which no routing profile takes from this queue (they wait for no agent)"
        ),
        "{voice_only}"
    );
    let both = text(r#""voice", "chat""#);
    assert!(both.ends_with("served by phones."), "{both}");
}

/// A queue only callbacks reach gets voice contacts, whatever channels the
/// scenario's sources use: a profile that lists it for chats only does not
/// serve it (`validate` judged it against every channel of the scenario and
/// said "served by chatters").
#[test]
fn validate_judges_a_callback_queue_by_its_voice_contacts() {
    let (code, text) = validate_stdout(&format!(
        r#"{HEADER}
[[queues]]
name = "support"
[[queues]]
name = "callbacks"
[[queues]]
name = "chat"
[[routing_profiles]]
name = "phones"
queues = [{{ queue = "support" }}]
[[routing_profiles]]
name = "chatters"
queues = [{{ queue = "chat" }}, {{ queue = "callbacks", channels = ["chat"] }}]
concurrency = {{ chat = 2 }}
[[agent_groups]]
name = "team"
routing_profile = "phones"
headcount = 3
[[agent_groups]]
name = "chat_team"
routing_profile = "chatters"
headcount = 1
[[flows]]
name = "Queue with callback"
type = "customer_queue"
callback = {{ offer_after = "60s", take_probability = 0.3, initial_delay = "5m", max_attempts = 2, retry_delay = "10m", queue = "callbacks", ring = "10s", answer_probability = 0.7 }}
[[flows]]
name = "IVR"
type = "inbound"
duration = "10s"
queues = [{{ queue = "support", probability = 1.0 }}]
sets = {{ customer_queue = "Queue with callback" }}
[[sources]]
name = "calls"
rate_per_hour = 10
inbound_flow = "IVR"
customer = {{ talk = "3m", patience = "4m" }}
[[sources]]
name = "chats"
method = "api_chat"
rate_per_hour = 10
queue = "chat"
customer = {{ talk = "5m" }}
"#
    ));
    assert_eq!(code, 0, "{text}");
    let callbacks = queue_line(&text, "callbacks");
    assert!(
        callbacks.contains(
            "plus callbacks (not estimated); capacity unlimited; served by NO routing profile (\"chatters\" lists it, but not for its voice contacts) — its contacts can only abandon"
        ),
        "{callbacks}"
    );
}

/// `validate` does not call a queue "served by no routing profile" when
/// agents do serve it through transfers (a group's agent queue), says how
/// contacts leave a queue no profile serves (a queue flow's move), and
/// keeps the warning for a queue nobody serves at all. Queues fed by
/// transfers and moves say so beside their load estimate.
#[test]
fn validate_knows_transfer_targets_and_moves() {
    let (code, text) = validate_stdout(&format!(
        r#"{HEADER}
[[queues]]
name = "front"
[[queues]]
name = "staging"
[[queues]]
name = "billing"
[[queues]]
name = "nobody"
[[routing_profiles]]
name = "front"
queues = [{{ queue = "front" }}]
[[routing_profiles]]
name = "billing"
queues = [{{ queue = "billing" }}]
[[agent_groups]]
name = "front_team"
routing_profile = "front"
headcount = 2
[[agent_groups]]
name = "experts"
routing_profile = "billing"
headcount = 1
[[flows]]
name = "IVR"
type = "inbound"
duration = "0s"
queues = [
  {{ queue = "front", probability = 0.5 }},
  {{ queue = "staging", probability = 0.3, sets = {{ customer_queue = "Hop" }} }},
  {{ queue = "nobody", probability = 0.2 }},
]
[[flows]]
name = "Hop"
type = "customer_queue"
move_to_queue = {{ queue = "billing", after = "30s" }}
[[sources]]
name = "callers"
rate_per_hour = 60
inbound_flow = "IVR"
[sources.customer]
talk = "3m"
transfer = {{ probability = 0.1, after = "1m", to_group = "experts", talk_after = "2m" }}
"#
    ));
    assert_eq!(code, 0, "{text}");
    let agent_queue = queue_line(&text, "agent:experts");
    assert!(
        agent_queue.contains("served by agent group \"experts\"")
            && agent_queue.contains("plus transfers"),
        "{agent_queue}"
    );
    assert!(!agent_queue.contains("NO routing profile"), "{agent_queue}");
    let staging = queue_line(&text, "staging");
    assert!(
        staging.contains("no routing profile — its contacts leave by a move to \"billing\" after 30s (customer queue flow \"Hop\"), or abandon"),
        "{staging}"
    );
    assert!(
        queue_line(&text, "billing").contains("plus queue moves"),
        "{text}"
    );
    assert!(
        queue_line(&text, "nobody").contains("NO routing profile — its contacts can only abandon"),
        "{text}"
    );
    assert!(
        queue_line(&text, "front").ends_with("served by front."),
        "{text}"
    );
}
