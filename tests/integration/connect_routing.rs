//! Issue 9's routing and transfer items, on hand-worked timelines: contact
//! routing priority and routing age, patience of 0 s, agent quick connects
//! that name one agent, and transfers decided by the queue (and group) the
//! contact was answered from.
//!
//! Defaults used throughout: inbound flow 0 s, agent whisper 2 s, customer
//! whisper 0.5 s, agent / queue transfer flow 2 s, auto-accept at once, no
//! ACW.

use ccsim::center::spec::InitiationMethod;
use ccsim::center::{ContactRecord, Outcome};
use ccsim::engine::SimTime;

use crate::common::{at, collect, spec};

const HEADER: &str = r#"
[simulation]
seed = 5
replications = 1
horizon = "1h"
interval = "1h"
"#;

/// The scenario error for `text`, as `ccsim validate` prints it (panics if
/// the text is valid).
fn invalid(text: &str) -> String {
    match ccsim::scenario::parse(text, std::path::Path::new("bad.toml"), "bad") {
        Ok(_) => panic!("expected an invalid scenario:\n{text}"),
        Err(e) => e.to_string(),
    }
}

/// Asserts that `text` is invalid with every fragment in the message.
fn assert_invalid(text: &str, fragments: &[&str]) {
    let e = invalid(text);
    for f in fragments {
        assert!(e.contains(f), "expected `{f}` in:\n{e}");
    }
}

/// A valid one-queue scenario to break in error tests.
const BASE: &str = r#"
[simulation]
seed = 1
horizon = "1h"
[[queues]]
name = "q"
[[queues]]
name = "r"
[[routing_profiles]]
name = "p"
queues = [{ queue = "q" }, { queue = "r" }]
[[agent_groups]]
name = "g"
routing_profile = "p"
headcount = 2
[[agent_groups]]
name = "h"
routing_profile = "p"
headcount = 2
[[flows]]
name = "IVR"
type = "inbound"
duration = "5s"
queues = [{ queue = "q", probability = 1.0 }]
[[flows]]
name = "Wait"
type = "customer_queue"
[[sources]]
name = "s"
rate_per_hour = 20
inbound_flow = "IVR"
customer = { talk = "3m" }
"#;

/// The record of the contact first initiated at `secs`.
fn initiated_at(out: &[ContactRecord], secs: f64) -> &ContactRecord {
    out.iter()
        .find(|r| Some(r.initiated) == at(secs))
        .unwrap_or_else(|| panic!("no contact initiated at {secs} s: {out:#?}"))
}

/// When each contact was offered to the agent that took it, by initiation
/// time: the order the agent took them in.
fn offered(out: &[ContactRecord], secs: f64) -> Option<SimTime> {
    initiated_at(out, secs).offered
}

// --- item 4: routing priority and routing age ----------------------------------

/// One agent, busy with c0 from 0 to 62.5 (offered 0, whisper to 2,
/// connected 2.5, 60 s talk). c1 (priority 5) waits from 10; c2 (its
/// source's priority 1) arrives at 20. At 62.5 the agent takes c2 — priority
/// beats age — and c1 only when c2 is done: c2 whisper → 64.5, connected 65,
/// 30 s talk → 95; c1 offered at 95.
#[test]
fn priority_beats_age() {
    let s = spec(&format!(
        r#"{HEADER}
[[queues]]
name = "q"
[[routing_profiles]]
name = "p"
queues = [{{ queue = "q" }}]
[[agent_groups]]
name = "a"
routing_profile = "p"
headcount = 1
auto_accept = true
[[sources]]
name = "c0"
arrival_times = ["0s"]
queue = "q"
customer = {{ talk = "60s" }}
[[sources]]
name = "c1"
arrival_times = ["10s"]
queue = "q"
customer = {{ talk = "30s" }}
[[sources]]
name = "vip"
arrival_times = ["20s"]
queue = "q"
routing_priority = 1
customer = {{ talk = "30s" }}
"#
    ));
    let out = collect(&s, 0).ended;
    assert_eq!(offered(&out, 0.0), at(0.0));
    let (c1, c2) = (initiated_at(&out, 10.0), initiated_at(&out, 20.0));
    assert_eq!(
        (c2.offered, c2.dequeued, c2.connected, c2.disconnected),
        (at(62.5), at(64.5), at(65.0), at(95.0)),
        "the priority-1 contact goes first although it arrived later"
    );
    assert_eq!((c1.offered, c1.enqueued), (at(95.0), at(10.0)));
    assert!(out.iter().all(|r| r.outcome == Outcome::Handled));
}

/// Age added or subtracted moves contacts: as above the agent is busy
/// until 62.5. c1 (default inbound flow) waits from 10 (age base 10); c2
/// enters at 20 through "Boost" whose queue branch adds 15 s (age base 5);
/// c3 enters at 5 through "Slow", whose flow-level block subtracts 20 s
/// (age base 25). The agent takes c2 at 62.5, c1 at 95, c3 at 127.5.
/// "Boost"'s own flow-level block (subtract 1 h) is overridden by its
/// branch's.
#[test]
fn added_and_subtracted_age_reorder_the_queue() {
    let s = spec(&format!(
        r#"{HEADER}
[[queues]]
name = "q"
[[routing_profiles]]
name = "p"
queues = [{{ queue = "q" }}]
[[agent_groups]]
name = "a"
routing_profile = "p"
headcount = 1
auto_accept = true
[[flows]]
name = "Boost"
type = "inbound"
duration = "0s"
routing = {{ subtract_age = "1h" }}
queues = [{{ queue = "q", probability = 1.0, routing = {{ add_age = "15s" }} }}]
[[flows]]
name = "Slow"
type = "inbound"
duration = "0s"
routing = {{ subtract_age = "20s" }}
queues = [{{ queue = "q", probability = 1.0 }}]
[[sources]]
name = "c0"
arrival_times = ["0s"]
queue = "q"
customer = {{ talk = "60s" }}
[[sources]]
name = "c3"
arrival_times = ["5s"]
inbound_flow = "Slow"
customer = {{ talk = "30s" }}
[[sources]]
name = "c1"
arrival_times = ["10s"]
queue = "q"
customer = {{ talk = "30s" }}
[[sources]]
name = "c2"
arrival_times = ["20s"]
inbound_flow = "Boost"
customer = {{ talk = "30s" }}
"#
    ));
    let out = collect(&s, 0).ended;
    assert_eq!(
        [offered(&out, 20.0), offered(&out, 10.0), offered(&out, 5.0)],
        [at(62.5), at(95.0), at(127.5)]
    );
}

/// A customer queue flow changes the priority of a contact still waiting:
/// c1 waits from 10, c2 from 20; c2's queue flow ("Boost after 30 s") sets
/// priority 1 at 50, so at 62.5 the agent takes c2. c1's queue flow lowers
/// its own priority to 7 after 5 s (at 15) and then adds an hour of age at
/// 40 — which does not help it past a better priority. A change due after
/// the contact left the queue does nothing: c0's flow would change it at
/// 30 s, when it is long answered.
#[test]
fn queue_flow_changes_routing_after_time_in_queue() {
    let s = spec(&format!(
        r#"{HEADER}
[[queues]]
name = "q"
[[routing_profiles]]
name = "p"
queues = [{{ queue = "q" }}]
[[agent_groups]]
name = "a"
routing_profile = "p"
headcount = 1
auto_accept = true
[[flows]]
name = "Boost after 30 s"
type = "customer_queue"
change_routing = [{{ after = "30s", priority = 1 }}]
[[flows]]
name = "Sink"
type = "customer_queue"
change_routing = [{{ after = "5s", priority = 7 }}, {{ after = "30s", add_age = "1h" }}]
[[flows]]
name = "To boost"
type = "inbound"
duration = "0s"
queues = [{{ queue = "q", probability = 1.0 }}]
sets = {{ customer_queue = "Boost after 30 s" }}
[[flows]]
name = "To sink"
type = "inbound"
duration = "0s"
queues = [{{ queue = "q", probability = 1.0 }}]
sets = {{ customer_queue = "Sink" }}
[[sources]]
name = "c0"
arrival_times = ["0s"]
inbound_flow = "To boost"
customer = {{ talk = "60s" }}
[[sources]]
name = "c1"
arrival_times = ["10s"]
inbound_flow = "To sink"
customer = {{ talk = "30s" }}
[[sources]]
name = "c2"
arrival_times = ["20s"]
inbound_flow = "To boost"
customer = {{ talk = "30s" }}
"#
    ));
    let out = collect(&s, 0).ended;
    assert_eq!(offered(&out, 0.0), at(0.0));
    assert_eq!(
        [offered(&out, 20.0), offered(&out, 10.0)],
        [at(62.5), at(95.0)]
    );
}

/// Contacts with equal priority and age go first come, first served: c1
/// and c2 both enter at 10 with priority 3; c1, created first, goes first.
#[test]
fn equal_priority_and_age_is_first_come_first_served() {
    let s = spec(&format!(
        r#"{HEADER}
[[queues]]
name = "q"
[[routing_profiles]]
name = "p"
queues = [{{ queue = "q" }}]
[[agent_groups]]
name = "a"
routing_profile = "p"
headcount = 1
auto_accept = true
[[sources]]
name = "c0"
arrival_times = ["0s"]
queue = "q"
customer = {{ talk = "60s" }}
[[sources]]
name = "c1"
arrival_times = ["10s"]
queue = "q"
routing_priority = 3
customer = {{ talk = "30s" }}
[[sources]]
name = "c2"
arrival_times = ["10s"]
queue = "q"
routing_priority = 3
customer = {{ talk = "30s" }}
"#
    ));
    let out = collect(&s, 0).ended;
    let [_, c1, c2] = &out[..] else {
        panic!("{out:#?}")
    };
    assert_eq!((c1.offered, c2.offered), (at(62.5), at(95.0)));
}

/// Routing-profile priority comes before contact priority: the agent's
/// profile serves `hi` (priority 1) and `lo` (priority 2). c1 waits in `lo`
/// with contact priority 1 from 10; c2 waits in `hi` with the default 5 from
/// 20. At 62.5 the agent takes c2 (its higher-priority queue), c1 at 95.
#[test]
fn profile_queue_priority_comes_before_contact_priority() {
    let s = spec(&format!(
        r#"{HEADER}
[[queues]]
name = "hi"
[[queues]]
name = "lo"
[[routing_profiles]]
name = "p"
queues = [{{ queue = "hi", priority = 1 }}, {{ queue = "lo", priority = 2 }}]
[[agent_groups]]
name = "a"
routing_profile = "p"
headcount = 1
auto_accept = true
[[sources]]
name = "c0"
arrival_times = ["0s"]
queue = "hi"
customer = {{ talk = "60s" }}
[[sources]]
name = "c1"
arrival_times = ["10s"]
queue = "lo"
routing_priority = 1
customer = {{ talk = "30s" }}
[[sources]]
name = "c2"
arrival_times = ["20s"]
queue = "hi"
customer = {{ talk = "30s" }}
"#
    ));
    let out = collect(&s, 0).ended;
    assert_eq!(
        [offered(&out, 20.0), offered(&out, 10.0)],
        [at(62.5), at(95.0)]
    );
}

/// The profile's delay comes before contact priority, and counts from the
/// contact's entry into the queue. The only agent's profile takes `q` after
/// a 30 s delay: c0 (at 0) is offered at 30, talks 32.5–62.5. c1 (priority
/// 5) waits from 10; c2 (priority 1) from 40. At 62.5 c2 has waited only
/// 22.5 s, so the agent takes c1 (waited 52.5 s) although c2 comes first in
/// routing order; c2, eligible from 70, is taken when c1 is done (95). A
/// contact whose age was pushed an hour back still waits out the delay from
/// its real enqueue: c3 enters at 100 with an hour of age added and is taken
/// at 130, not at once.
#[test]
fn profile_delay_counts_from_the_real_enqueue() {
    let s = spec(&format!(
        r#"{HEADER}
[[queues]]
name = "q"
[[routing_profiles]]
name = "p"
queues = [{{ queue = "q", delay = "30s" }}]
[[agent_groups]]
name = "a"
routing_profile = "p"
headcount = 1
auto_accept = true
[[flows]]
name = "Old"
type = "inbound"
duration = "0s"
queues = [{{ queue = "q", probability = 1.0, routing = {{ add_age = "1h" }} }}]
[[sources]]
name = "c0"
arrival_times = ["0s"]
queue = "q"
customer = {{ talk = "30s" }}
[[sources]]
name = "c1"
arrival_times = ["10s"]
queue = "q"
customer = {{ talk = "30s" }}
[[sources]]
name = "c2"
arrival_times = ["40s"]
queue = "q"
routing_priority = 1
customer = {{ talk = "2s" }}
[[sources]]
name = "c3"
arrival_times = ["100s"]
inbound_flow = "Old"
customer = {{ talk = "2s" }}
"#
    ));
    let out = collect(&s, 0).ended;
    assert_eq!(
        [
            offered(&out, 0.0),
            offered(&out, 10.0),
            offered(&out, 40.0),
            offered(&out, 100.0)
        ],
        [at(30.0), at(62.5), at(95.0), at(130.0)]
    );
    assert_eq!(
        initiated_at(&out, 40.0).method,
        InitiationMethod::Inbound,
        "a plain inbound contact"
    );
}

#[test]
fn routing_changes_are_validated() {
    // A priority below 1, on a source and on a branch.
    assert_invalid(
        &BASE.replace(
            "rate_per_hour = 20",
            "rate_per_hour = 20\nrouting_priority = 0",
        ),
        &[
            "sources[0].routing_priority",
            "not a whole number ≥ 1",
            "default is 5",
        ],
    );
    assert_invalid(
        &BASE.replace(
            "probability = 1.0 }]",
            "probability = 1.0, routing = { priority = -2 } }]",
        ),
        &["flows[0].queues[0].routing.priority", "≥ 1"],
    );
    // Both add and subtract, or nothing at all.
    assert_invalid(
        &BASE.replace(
            "duration = \"5s\"",
            "duration = \"5s\"\nrouting = { add_age = \"5s\", subtract_age = \"5s\" }",
        ),
        &["flows[0].routing", "both add_age and subtract_age"],
    );
    assert_invalid(
        &BASE.replace("duration = \"5s\"", "duration = \"5s\"\nrouting = {}"),
        &["flows[0].routing", "changes nothing", "add_age"],
    );
    // A negative age.
    assert_invalid(
        &BASE.replace(
            "duration = \"5s\"",
            "duration = \"5s\"\nrouting = { add_age = -5 }",
        ),
        &["flows[0].routing.add_age", "negative"],
    );
    // change_routing on an inbound flow; routing on a customer queue flow.
    assert_invalid(
        &BASE.replace(
            "duration = \"5s\"",
            "duration = \"5s\"\nchange_routing = [{ after = \"1m\", priority = 1 }]",
        ),
        &["flows[0].change_routing", "only customer queue flows"],
    );
    assert_invalid(
        &BASE.replace(
            "type = \"customer_queue\"",
            "type = \"customer_queue\"\nrouting = { priority = 1 }",
        ),
        &["flows[1]", "only inbound flows", "change_routing"],
    );
    // A step that changes nothing, a step with an unknown field.
    assert_invalid(
        &BASE.replace(
            "type = \"customer_queue\"",
            "type = \"customer_queue\"\nchange_routing = [{ after = \"1m\" }]",
        ),
        &["flows[1].change_routing[0]", "changes nothing"],
    );
    assert_invalid(
        &BASE.replace(
            "type = \"customer_queue\"",
            "type = \"customer_queue\"\nchange_routing = [{ after = \"1m\", priority = 1, age = \"1m\" }]",
        ),
        &["flows[1].change_routing[0]", "unknown field `age`"],
    );
    // And the valid forms parse.
    let ok = BASE
        .replace("rate_per_hour = 20", "rate_per_hour = 20\nrouting_priority = 2")
        .replace(
            "probability = 1.0 }]",
            "probability = 1.0, routing = { priority = 1, subtract_age = \"10s\" } }]",
        )
        .replace(
            "type = \"customer_queue\"",
            "type = \"customer_queue\"\nchange_routing = [{ after = \"1m\", priority = 1 }, { after = \"3m\", add_age = \"5m\" }]",
        );
    let s = spec(&ok);
    assert_eq!(s.sources[0].routing_priority, 2);
    let cq = s
        .flows
        .iter()
        .find(|f| f.name == "Wait")
        .map(|f| f.change_routing.len());
    assert_eq!(cq, Some(2));
}

// --- item 10: patience of 0 s ---------------------------------------------------

/// Fifty idle agents who answer after 2 s, fifty callers (one a second)
/// with no patience at all: each is offered at once, and the offer stands
/// although it rings beyond the patience — routing at an instant comes
/// before patience at that instant. Caller k: offered k, accepted k + 2,
/// dequeued k + 4, connected k + 4.5.
#[test]
fn zero_patience_with_free_agents_abandons_nobody() {
    let times: Vec<String> = (0..50).map(|k| format!("\"{k}s\"")).collect();
    let s = spec(&format!(
        r#"{HEADER}
[[queues]]
name = "q"
[[routing_profiles]]
name = "p"
queues = [{{ queue = "q" }}]
[[agent_groups]]
name = "a"
routing_profile = "p"
headcount = 50
answer_delay = "2s"
[[sources]]
name = "callers"
arrival_times = [{}]
queue = "q"
customer = {{ talk = "10m", patience = "0s" }}
"#,
        times.join(", ")
    ));
    let out = collect(&s, 0).ended;
    assert_eq!(out.len(), 50);
    for (k, r) in out.iter().enumerate() {
        let k = k as f64;
        assert_eq!(r.outcome, Outcome::Handled, "caller {k}: {r:#?}");
        assert_eq!(
            (r.offered, r.accepted, r.dequeued, r.connected),
            (at(k), at(k + 2.0), at(k + 4.0), at(k + 4.5))
        );
    }
}

/// With no agent free, zero patience means leaving at once: the only agent
/// talks with c0 (auto-accept, 0–62.5); five callers at 10…14 s with
/// patience 0 abandon the instant they are queued (Queue.Duration 0).
#[test]
fn zero_patience_without_a_free_agent_abandons_at_once() {
    let s = spec(&format!(
        r#"{HEADER}
[[queues]]
name = "q"
[[routing_profiles]]
name = "p"
queues = [{{ queue = "q" }}]
[[agent_groups]]
name = "a"
routing_profile = "p"
headcount = 1
auto_accept = true
[[sources]]
name = "c0"
arrival_times = ["0s"]
queue = "q"
customer = {{ talk = "60s" }}
[[sources]]
name = "impatient"
arrival_times = ["10s", "11s", "12s", "13s", "14s"]
queue = "q"
customer = {{ talk = "60s", patience = "0s" }}
"#
    ));
    let out = collect(&s, 0).ended;
    assert_eq!(out.len(), 6);
    for r in &out[1..] {
        assert_eq!(r.outcome, Outcome::Abandoned);
        assert_eq!(
            (r.enqueued, r.dequeued, r.disconnected),
            (Some(r.initiated), Some(r.initiated), Some(r.initiated))
        );
        assert_eq!((r.offered, r.agent), (None, None));
    }
}

/// The tie the other way round: c1 has waited since 10 with a patience of
/// 52.5 s, which runs out at 62.5 — the very millisecond the agent finishes
/// c0 (the conversation end was scheduled before c1's patience, so under a
/// plain FIFO rule c1 would have hung up first). c1 is offered to the agent
/// at 62.5 and answered.
#[test]
fn patience_ending_as_an_agent_frees_up_loses_the_tie() {
    let s = spec(&format!(
        r#"{HEADER}
[[queues]]
name = "q"
[[routing_profiles]]
name = "p"
queues = [{{ queue = "q" }}]
[[agent_groups]]
name = "a"
routing_profile = "p"
headcount = 1
auto_accept = true
[[sources]]
name = "c0"
arrival_times = ["0s"]
queue = "q"
customer = {{ talk = "60s" }}
[[sources]]
name = "c1"
arrival_times = ["10s"]
queue = "q"
customer = {{ talk = "30s", patience = "52.5s" }}
"#
    ));
    let out = collect(&s, 0).ended;
    let c1 = initiated_at(&out, 10.0);
    assert_eq!(c1.outcome, Outcome::Handled);
    assert_eq!((c1.offered, c1.dequeued), (at(62.5), at(64.5)));
}

/// An offer made at the instant the patience ends keeps the customer only
/// while it stands: the only agent never answers (its offers are missed
/// after Connect's 20 s). c1 (patience 0) is offered at 10, missed at 30 —
/// and leaves then, its patience long spent, with one missed offer.
#[test]
fn a_customer_kept_by_an_offer_leaves_when_the_offer_fails() {
    let s = spec(&format!(
        r#"{HEADER}
[[queues]]
name = "q"
[[routing_profiles]]
name = "p"
queues = [{{ queue = "q" }}]
[[agent_groups]]
name = "a"
routing_profile = "p"
headcount = 1
miss_probability = 1.0
missed_recovery = "1m"
[[sources]]
name = "c1"
arrival_times = ["10s"]
queue = "q"
customer = {{ talk = "30s", patience = "0s" }}
"#
    ));
    let out = collect(&s, 0).ended;
    let [c1] = &out[..] else { panic!("{out:#?}") };
    assert_eq!(c1.outcome, Outcome::Abandoned);
    assert_eq!(
        (c1.enqueued, c1.dequeued, c1.missed_offers),
        (at(10.0), at(30.0), 1)
    );
}

// --- item 3: an agent quick connect names one agent ------------------------------

/// Agent `a` (group a) serves `front`; group b (b0 = agent 1, b1 = agent 2)
/// serves `bq`. x0 (at 1, 100 s talk) goes to b0: connected 3.5 → 103.5.
/// x1 (at 2, 20 s talk) goes to b1: connected 4.5 → 24.5. c1 arrives at 5 in
/// `front`: connected 7.5; after 10 s of talk (17.5) a cold agent transfer
/// to b starts. Nobody of b is available, so the quick connect names the
/// agent with the fewest contacts, then the longest in the idle order: b0.
/// The transfer flow plays to 19.5; the leg then waits for b0 alone — b1 is
/// idle from 24.5 and never gets it. b0 finishes x0 at 103.5 and takes the
/// leg: whisper → 105.5 (dequeued), customer whisper → 106, 40 s → 146.
const NAMED: &str = r#"
[[queues]]
name = "front"
[[queues]]
name = "bq"
[[routing_profiles]]
name = "front"
queues = [{ queue = "front" }]
[[routing_profiles]]
name = "b"
queues = [{ queue = "bq" }]
[[agent_groups]]
name = "a"
routing_profile = "front"
headcount = 1
auto_accept = true
[[agent_groups]]
name = "b"
routing_profile = "b"
headcount = 2
auto_accept = true
[[sources]]
name = "x0"
arrival_times = ["1s"]
queue = "bq"
customer = { talk = "100s" }
[[sources]]
name = "x1"
arrival_times = ["2s"]
queue = "bq"
customer = { talk = "20s" }
[[sources]]
name = "c1"
arrival_times = ["5s"]
queue = "front"
[sources.customer]
talk = "5m"
transfer = { probability = 1.0, after = "10s", to_group = "b", cold = true, talk_after = "40s", max_chain = 1 }
"#;

#[test]
fn an_agent_transfer_waits_for_the_named_agent_only() {
    let s = spec(&format!("{HEADER}{NAMED}"));
    let out = collect(&s, 0).ended;
    let x1 = initiated_at(&out, 2.0);
    assert_eq!(
        (x1.disconnected, x1.agent.map(|a| a.0)),
        (at(24.5), Some(2))
    );
    let leg = out
        .iter()
        .find(|r| r.method == InitiationMethod::Transfer)
        .unwrap_or_else(|| panic!("{out:#?}"));
    let b = ccsim::center::ids::GroupId(1);
    assert_eq!(leg.transfer_to_agent, Some((1, b)), "b0 was named");
    assert_eq!(leg.agent, Some((1, b)), "and b0 took it");
    assert_eq!(
        s.queues[leg.queue.map(|q| q.index()).unwrap_or(0)].name,
        "agent:b",
        "reported under the group's agent queue"
    );
    assert_eq!(
        (
            leg.enqueued,
            leg.offered,
            leg.dequeued,
            leg.connected,
            leg.disconnected
        ),
        (at(19.5), at(103.5), at(105.5), at(106.0), at(146.0)),
        "waited for b0 although b1 was idle from 24.5"
    );
    assert_eq!(leg.outcome, Outcome::Handled);
}

/// As above, with a hold patience of 60 s: the caller waits for b0 from
/// 19.5 and hangs up at 79.5, b1 idle all the while.
#[test]
fn hold_patience_applies_while_waiting_for_the_named_agent() {
    let s = spec(&format!(
        "{HEADER}{}",
        NAMED.replace(
            "talk_after = \"40s\"",
            "talk_after = \"40s\", hold_patience = \"60s\""
        )
    ));
    let out = collect(&s, 0).ended;
    let leg = out
        .iter()
        .find(|r| r.method == InitiationMethod::Transfer)
        .unwrap_or_else(|| panic!("{out:#?}"));
    assert_eq!(leg.outcome, Outcome::Abandoned);
    assert_eq!(
        (leg.enqueued, leg.dequeued, leg.agent),
        (at(19.5), at(79.5), None)
    );
    assert_eq!(leg.transfer_to_agent.map(|a| a.0), Some(1));
}

/// The named agent goes off shift while the transfer waits (interval 1 min;
/// group b's headcount 2, 0, 0, 2, 2): at 60 b1 (idle) leaves at once and b0
/// is marked to leave after x0; at 103.5 b0 finishes x0 and goes off shift
/// without taking the leg, which keeps waiting for it (Connect keeps a
/// contact in an agent's queue while the agent is away). At 180 both come
/// back; b0 takes the leg: whisper → 182, customer whisper → 182.5, 40 s →
/// 222.5.
#[test]
fn a_transfer_waits_for_its_named_agent_across_a_shift_gap() {
    let s = spec(&format!(
        r#"
[simulation]
seed = 5
replications = 1
horizon = "5m"
interval = "1m"
{}"#,
        NAMED.replacen("headcount = 2", "headcount = [2, 0, 0, 2, 2]", 1)
    ));
    let out = collect(&s, 0).ended;
    let leg = out
        .iter()
        .find(|r| r.method == InitiationMethod::Transfer)
        .unwrap_or_else(|| panic!("{out:#?}"));
    assert_eq!(
        (leg.enqueued, leg.offered, leg.dequeued, leg.disconnected),
        (at(19.5), at(180.0), at(182.0), at(222.5))
    );
    assert_eq!(leg.agent.map(|a| a.0), Some(1), "b0, back on shift");
}

/// `agent = "random"` names one of the group's agents on shift from the
/// contact's own stream; the leg goes to exactly that agent (three idle
/// agents: at once), and the draw is the same whatever the rest of the run.
#[test]
fn a_random_quick_connect_names_one_agent_of_the_group() {
    let text = format!(
        "{HEADER}{}",
        NAMED
            .replace("headcount = 2", "headcount = 3")
            .replace("to_group = \"b\",", "to_group = \"b\", agent = \"random\",")
            .replace("arrival_times = [\"1s\"]", "arrival_times = [\"1000s\"]")
            .replace("arrival_times = [\"2s\"]", "arrival_times = [\"1001s\"]")
    );
    let s = spec(&text);
    let out = collect(&s, 0).ended;
    let leg = out
        .iter()
        .find(|r| r.method == InitiationMethod::Transfer)
        .unwrap_or_else(|| panic!("{out:#?}"));
    let named = leg.transfer_to_agent.unwrap_or_else(|| panic!("{leg:#?}"));
    assert!((1..=3).contains(&named.0));
    assert_eq!(leg.agent, Some(named));
    assert_eq!((leg.enqueued, leg.offered), (at(19.5), at(19.5)));
    // Another seed may name another agent, but always one of b's.
    let mut named_agents = std::collections::BTreeSet::new();
    for seed in 1..20 {
        let s = spec(&text.replace("seed = 5", &format!("seed = {seed}")));
        let out = collect(&s, 0).ended;
        let leg = out
            .iter()
            .find(|r| r.method == InitiationMethod::Transfer)
            .unwrap_or_else(|| panic!("{out:#?}"));
        assert_eq!(leg.agent, leg.transfer_to_agent);
        named_agents.insert(leg.agent.map(|a| a.0));
    }
    assert!(named_agents.len() > 1, "{named_agents:?}");
}

#[test]
fn agent_quick_connect_choices_are_validated() {
    let base = format!("{HEADER}{NAMED}");
    assert_invalid(
        &base.replace("to_group = \"b\",", "to_group = \"b\", agent = \"best\","),
        &[
            "sources[2].customer.transfer.agent",
            "`best`",
            "longest_idle",
        ],
    );
    assert_invalid(
        &base.replace(
            "to_group = \"b\",",
            "to_queue = \"bq\", agent = \"random\",",
        ),
        &["sources[2].customer.transfer.agent", "needs to_group"],
    );
}

// --- item 2: transfers are the handling agent's action ----------------------------

/// Queues `a` and `b` served by group g (two agents, auto-accept); `spec`
/// and `experts` served by one agent each. The queue rules say who
/// transfers: `a`'s agents transfer (cold, after 10 s, to `spec`); `b`'s
/// never. c1 (at 0, queue a) is answered by g's first agent: connected 2.5,
/// transfer at 12.5, flow to 14.5; the leg is answered in `spec`: dequeued
/// 16.5, connected 17, 20 s → 37. c2 (at 1, queue b), answered by g's second
/// agent, talks its 30 s (connected 3.5 → 33.5) — no transfer, although it
/// comes from the same source.
const BY_QUEUE: &str = r#"
[[queues]]
name = "a"
transfer = { probability = 1.0, after = "10s", to_queue = "spec", cold = true, talk_after = "20s", max_chain = 1 }
[[queues]]
name = "b"
[[queues]]
name = "spec"
[[queues]]
name = "experts"
[[routing_profiles]]
name = "g"
queues = [{ queue = "a" }, { queue = "b" }]
[[routing_profiles]]
name = "spec"
queues = [{ queue = "spec" }]
[[routing_profiles]]
name = "experts"
queues = [{ queue = "experts" }]
[[agent_groups]]
name = "g"
routing_profile = "g"
headcount = 2
auto_accept = true
[[agent_groups]]
name = "spec"
routing_profile = "spec"
headcount = 1
auto_accept = true
[[agent_groups]]
name = "experts"
routing_profile = "experts"
headcount = 1
auto_accept = true
[[flows]]
name = "Menu"
type = "inbound"
duration = "0s"
queues = [{ queue = "a", probability = 0.5 }, { queue = "b", probability = 0.5 }]
[[sources]]
name = "c1"
arrival_times = ["0s"]
queue = "a"
customer = { talk = "30s" }
[[sources]]
name = "c2"
arrival_times = ["1s"]
queue = "b"
customer = { talk = "30s" }
"#;

#[test]
fn the_queue_answered_from_decides_the_transfer() {
    let s = spec(&format!("{HEADER}{BY_QUEUE}"));
    let out = collect(&s, 0).ended;
    let (c1, c2) = (initiated_at(&out, 0.0), initiated_at(&out, 1.0));
    assert_eq!(
        (c1.outcome, c1.connected, c1.disconnected),
        (Outcome::TransferredOut, at(2.5), at(14.5))
    );
    let leg = out
        .iter()
        .find(|r| r.previous_id == Some(c1.id))
        .unwrap_or_else(|| panic!("{out:#?}"));
    assert_eq!(
        s.queues[leg.queue.map(|q| q.index()).unwrap_or(0)].name,
        "spec"
    );
    assert_eq!(
        (leg.enqueued, leg.dequeued, leg.connected, leg.disconnected),
        (at(14.5), at(16.5), at(17.0), at(37.0))
    );
    assert_eq!(
        (c2.outcome, c2.connected, c2.disconnected, c2.next_id),
        (Outcome::Handled, at(3.5), at(33.5), None)
    );
}

/// A group refinement overrides the queue's rule: queue `a` is served by
/// groups `juniors` (listed first: longest idle) and `seniors`. Juniors
/// transfer per `a`'s rule (to `spec`); seniors per their refinement (to
/// `experts`). c1 (at 0) goes to the junior, c2 (at 1) to the senior: c1's
/// leg waits in `spec`, c2's in `experts` (connected 3.5, transfer at 13.5,
/// leg enqueued 15.5).
#[test]
fn a_group_refinement_overrides_the_queue_rule() {
    let text = BY_QUEUE
        .replace(
            "[[queues]]\nname = \"b\"",
            "transfer_by_group = { seniors = { probability = 1.0, after = \"10s\", to_queue = \"experts\", cold = true, talk_after = \"20s\", max_chain = 1 } }\n[[queues]]\nname = \"b\"",
        )
        .replace(
            "name = \"g\"\nrouting_profile = \"g\"\nheadcount = 2",
            "name = \"juniors\"\nrouting_profile = \"g\"\nheadcount = 1\nauto_accept = true\n[[agent_groups]]\nname = \"seniors\"\nrouting_profile = \"g\"\nheadcount = 1",
        )
        .replace("arrival_times = [\"1s\"]\nqueue = \"b\"", "arrival_times = [\"1s\"]\nqueue = \"a\"");
    let s = spec(&format!("{HEADER}{text}"));
    let out = collect(&s, 0).ended;
    let leg_of = |secs: f64| {
        let c = initiated_at(&out, secs);
        let leg = out
            .iter()
            .find(|r| r.previous_id == Some(c.id))
            .unwrap_or_else(|| panic!("{out:#?}"));
        (
            c.agent.map(|a| s.groups[a.1.index()].name.clone()),
            s.queues[leg.queue.map(|q| q.index()).unwrap_or(0)]
                .name
                .clone(),
            leg.enqueued,
        )
    };
    assert_eq!(
        leg_of(0.0),
        (Some("juniors".into()), "spec".into(), at(14.5))
    );
    assert_eq!(
        leg_of(1.0),
        (Some("seniors".into()), "experts".into(), at(15.5))
    );
}

/// The source's rule is the fallback: a queue with its own rule wins over
/// it (here `b`'s, which never transfers), a queue without one (`a`) uses
/// it. And the decision is the first draw of the contact's own block, so
/// moving a rule from the source to the queue changes nobody's decision:
/// 60 callers to `a` with a 50 % rule on the source, then the same rule on
/// `a`, are transferred exactly alike.
#[test]
fn the_source_rule_is_the_fallback_and_draws_are_the_contacts_own() {
    let rule = "{ probability = 1.0, after = \"10s\", to_queue = \"spec\", cold = true, talk_after = \"20s\", max_chain = 1 }";
    let never = "{ probability = 0.0, after = \"10s\", to_queue = \"spec\", talk_after = \"20s\" }";
    let text = BY_QUEUE
        .replacen(&format!("transfer = {rule}"), "", 1)
        .replace(
            "[[queues]]\nname = \"b\"",
            &format!("[[queues]]\nname = \"b\"\ntransfer = {never}"),
        )
        .replace(
            "customer = { talk = \"30s\" }",
            &format!("customer = {{ talk = \"30s\", transfer = {rule} }}"),
        );
    let s = spec(&format!("{HEADER}{text}"));
    let out = collect(&s, 0).ended;
    assert_eq!(
        initiated_at(&out, 0.0).outcome,
        Outcome::TransferredOut,
        "a: the source's rule"
    );
    assert_eq!(
        initiated_at(&out, 1.0).outcome,
        Outcome::Handled,
        "b: its own rule"
    );

    let many = |rule_on_queue: bool| {
        let half = rule.replace("probability = 1.0", "probability = 0.5");
        let times: Vec<String> = (0..60).map(|k| format!("\"{}s\"", k * 100)).collect();
        let mut t = BY_QUEUE
            .replacen(&format!("transfer = {rule}"), "", 1)
            .replace(
                "arrival_times = [\"0s\"]",
                &format!("arrival_times = [{}]", times.join(", ")),
            );
        if rule_on_queue {
            t = t.replacen(
                "name = \"a\"\n",
                &format!("name = \"a\"\ntransfer = {half}\n"),
                1,
            );
        } else {
            t = t.replacen(
                "customer = { talk = \"30s\" }",
                &format!("customer = {{ talk = \"30s\", transfer = {half} }}"),
                1,
            );
        }
        let s = spec(&format!("{HEADER}{t}").replace("horizon = \"1h\"", "horizon = \"2h\""));
        collect(&s, 0)
            .ended
            .iter()
            .filter(|r| r.outcome == Outcome::TransferredOut)
            .map(|r| r.initiated)
            .collect::<Vec<_>>()
    };
    let (by_source, by_queue) = (many(false), many(true));
    assert!(
        by_source.len() > 10 && by_source.len() < 50,
        "{}",
        by_source.len()
    );
    assert_eq!(by_source, by_queue);
}

#[test]
fn queue_transfer_rules_are_validated() {
    let base = format!("{HEADER}{BY_QUEUE}");
    assert_invalid(
        &base.replace("probability = 1.0, after", "probability = 1.5, after"),
        &["queues[0].transfer.probability", "outside [0, 1]"],
    );
    assert_invalid(
        &base.replace(
            "[[queues]]\nname = \"b\"",
            "transfer_by_group = { nobody = { probability = 1.0, after = \"10s\", to_queue = \"spec\", talk_after = \"20s\" } }\n[[queues]]\nname = \"b\"",
        ),
        &["queues[0].transfer_by_group.nobody", "unknown agent group `nobody`", "experts, g, spec"],
    );
    assert_invalid(
        &base.replace(
            "[[queues]]\nname = \"b\"",
            "transfer_by_group = { spec = { probability = 1.0, after = \"10s\", to_queue = \"spec\", talk_after = \"20s\" } }\n[[queues]]\nname = \"b\"",
        ),
        &["queues[0].transfer_by_group.spec", "never answers from queue `a`"],
    );
    assert_invalid(
        &base.replace("to_queue = \"spec\", cold", "to_group = \"nobody\", cold"),
        &[
            "queues[0].transfer.to_group",
            "unknown agent group `nobody`",
        ],
    );
    assert_invalid(
        &base.replace("to_queue = \"spec\", cold", "to_queue = \"spec\", colder"),
        &["queues[0].transfer", "unknown field `colder`"],
    );
}
