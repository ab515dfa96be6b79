//! Timelines with constant durations, worked out on paper first; the
//! simulator must reproduce every timestamp.

use ccsim::center::spec::FlowType;
use ccsim::center::{AgentActivity, Outcome, Party};
use ccsim::engine::{SimDuration, SimTime};
use ccsim::exec::run_scenario;
use ccsim::stats::Scope;

use crate::common::{at, collect, spec};

/// Two agents, three callers, one missed offer, one abandonment.
///
/// Agents: alice (answers 2 s after an offer) and bob (never answers within
/// Connect's 20 s ring time, so his offers are missed; 100 s in Missed).
/// Both idle since 0; alice comes first in the idle order (her group is listed
/// first). Default flows: inbound 0 s, agent whisper 2 s, customer whisper
/// 0.5 s. ACW 10 s.
///
/// On paper:
/// - t=0    c1 arrives, queued, offered to alice (longest idle).
///   2: accepts → agent whisper; 4: dequeued; 4.5: connected; talk 60 s →
///   64.5 disconnected; ACW → 74.5.
/// - t=5    c2 arrives (patience 40 s); alice busy, bob idle → offered to bob.
///   25: bob misses (20 s timeout); c2 stays queued, ahead of c3; bob Missed
///   until 125. 45: c2's patience runs out → abandons after 40 s in queue.
/// - t=10   c3 arrives; nobody free. 74.5: alice's ACW ends; she takes c3
///   (waited 64.5 s): 76.5 accept, 78.5 dequeued (68.5 s in queue), 79
///   connected, talk 20 s → 99, ACW → 109.
const TIMELINE: &str = r#"
[simulation]
seed = 7
replications = 1
horizon = "1h"
interval = "1h"

[[queues]]
name = "q"

[[routing_profiles]]
name = "p"
queues = [{ queue = "q" }]

[[agent_groups]]
name = "alice"
routing_profile = "p"
headcount = 1
answer_delay = "2s"
after_contact_work = "10s"

[[agent_groups]]
name = "bob"
routing_profile = "p"
headcount = 1
answer_delay = "30s"
missed_recovery = "100s"
after_contact_work = "10s"

[[sources]]
name = "c1"
arrival_times = ["0s"]
queue = "q"
customer = { talk = "60s" }

[[sources]]
name = "c2"
arrival_times = ["5s"]
queue = "q"
customer = { talk = "30s", patience = "40s" }

[[sources]]
name = "c3"
arrival_times = ["10s"]
queue = "q"
customer = { talk = "20s" }
"#;

#[test]
fn two_agents_a_miss_and_an_abandonment() {
    let s = spec(TIMELINE);
    let out = collect(&s, 0);
    assert!(out.unfinished.is_empty());
    let [c1, c2, c3] = &out.ended[..] else {
        panic!("expected 3 contacts, got {:?}", out.ended)
    };

    assert_eq!(c1.outcome, Outcome::Handled);
    assert_eq!(
        (c1.initiated, c1.enqueued, c1.offered, c1.accepted),
        (SimTime(0), at(0.0), at(0.0), at(2.0))
    );
    assert_eq!(
        (c1.dequeued, c1.connected, c1.disconnected, c1.acw_end),
        (at(4.0), at(4.5), at(64.5), at(74.5))
    );
    assert_eq!(c1.agent.map(|a| a.1 .0), Some(0), "alice");
    assert_eq!(
        c1.queue_duration(),
        Some(SimDuration(4000)),
        "queue time includes the agent whisper"
    );
    assert_eq!(c1.whisper_latency(), Some(SimDuration(2500)));
    assert_eq!(c1.missed_offers, 0);

    assert_eq!(c2.outcome, Outcome::Abandoned);
    assert_eq!(
        (c2.enqueued, c2.dequeued, c2.disconnected),
        (at(5.0), at(45.0), at(45.0))
    );
    assert_eq!(
        (c2.offered, c2.accepted, c2.connected, c2.agent),
        (None, None, None, None)
    );
    assert_eq!(c2.missed_offers, 1, "bob missed it");

    assert_eq!(c3.outcome, Outcome::Handled);
    assert_eq!(
        (c3.enqueued, c3.offered, c3.accepted, c3.dequeued),
        (at(10.0), at(74.5), at(76.5), at(78.5))
    );
    assert_eq!(
        (c3.connected, c3.disconnected, c3.acw_end),
        (at(79.0), at(99.0), at(109.0))
    );
    assert_eq!(c3.agent.map(|a| a.1 .0), Some(0), "alice again");

    // Bob: available 0–5, on contact (ringing) 5–25, Missed 25–125, then
    // available to the end of the run.
    let bob: Vec<_> = out
        .agent_time
        .iter()
        .filter(|t| t.0 .0 == 1)
        .map(|t| (t.1, t.2 .0, t.3 .0))
        .collect();
    assert_eq!(
        &bob[..3],
        &[
            (AgentActivity::Available, 0, 5_000),
            (AgentActivity::OnContact, 5_000, 25_000),
            (AgentActivity::Missed, 25_000, 125_000)
        ]
    );

    // The flows each contact heard, in order, and to whom.
    let heard = |id: u64| -> Vec<(FlowType, Party)> {
        out.plays
            .iter()
            .filter(|p| p.contact == id)
            .map(|p| (s.flows[p.flow.index()].flow_type, p.party))
            .collect()
    };
    assert_eq!(
        heard(c1.id),
        vec![
            (FlowType::Inbound, Party::Customer),
            (FlowType::CustomerQueue, Party::Customer),
            (FlowType::AgentWhisper, Party::Agent),
            (FlowType::CustomerWhisper, Party::Customer),
        ]
    );
    assert_eq!(
        heard(c2.id),
        vec![
            (FlowType::Inbound, Party::Customer),
            (FlowType::CustomerQueue, Party::Customer)
        ]
    );

    // The report's numbers follow: 3 queued, 2 handled, 1 abandoned; ASA =
    // (4 + 68.5) / 2; service level 20 s: only c1 (4 s) of 3.
    let summary = run_scenario(&s, Some(1), &|| {});
    let q = Scope::Queue("q".into());
    let get = |m: &str| summary.get(&q, m).and_then(|e| e.mean);
    assert_eq!(get("contacts_queued"), Some(3.0));
    assert_eq!(get("contacts_handled"), Some(2.0));
    assert_eq!(get("contacts_abandoned"), Some(1.0));
    assert_eq!(get("missed_offers"), Some(1.0));
    assert_eq!(get("asa_seconds"), Some(36.25));
    assert_eq!(get("avg_abandon_seconds"), Some(40.0));
    assert_eq!(get("service_level_20s"), Some(1.0 / 3.0));
    assert_eq!(get("service_level_connect_20s"), Some(1.0 / 3.0));
    assert_eq!(get("aht_seconds"), Some(50.0));
    // Alice was on contacts 0–74.5 and 74.5–109 of the hour.
    let occ = summary
        .get(&Scope::Group("alice".into()), "occupancy")
        .and_then(|e| e.mean);
    assert_eq!(occ, Some(109.0 / 3600.0));
}

/// A shift ends while its agent is busy: she finishes the call, then leaves;
/// a caller arriving after the shift finds nobody and abandons.
///
/// Intervals of 60 s; headcount 1 then 0. c1 arrives at 30 s (auto-accept,
/// instant): whispers 2 + 0.5 s, talk 60 s → disconnects at 92.5 s, no ACW;
/// she would be free at 92.5 but her shift ended at 60, so she leaves.
/// c2 arrives at 70 s with 50 s patience and abandons at 120 s.
#[test]
fn a_leaving_agent_finishes_her_contact_first() {
    let s = spec(
        r#"
[simulation]
seed = 1
replications = 1
horizon = "120s"
interval = "60s"

[[queues]]
name = "q"

[[routing_profiles]]
name = "p"
queues = [{ queue = "q" }]

[[agent_groups]]
name = "day"
routing_profile = "p"
headcount = [1, 0]
auto_accept = true

[[sources]]
name = "c1"
arrival_times = ["30s"]
queue = "q"
customer = { talk = "60s" }

[[sources]]
name = "c2"
arrival_times = ["70s"]
queue = "q"
customer = { talk = "60s", patience = "50s" }
"#,
    );
    let out = collect(&s, 0);
    let [c1, c2] = &out.ended[..] else {
        panic!("{:?}", out.ended)
    };
    assert_eq!(
        (c1.outcome, c1.connected, c1.disconnected),
        (Outcome::Handled, at(32.5), at(92.5))
    );
    assert_eq!((c2.outcome, c2.dequeued), (Outcome::Abandoned, at(120.0)));
    // c2 was in progress at the horizon (120 s) only if it had not yet
    // abandoned: the horizon event comes first at that instant.
    assert_eq!(out.at_horizon.len(), 1);
    // Her last stretch on shift: on contact from 30 s until she leaves at 92.5 s.
    let last = out.agent_time.last().map(|t| (t.1, t.2 .0, t.3 .0));
    assert_eq!(last, Some((AgentActivity::OnContact, 30_000, 92_500)));
}

/// Priority before age, and a routing-profile delay.
///
/// Queues A and B. "solo" (1 agent) serves A at priority 1 and B at priority
/// 2; "late" (1 agent) serves B only once a contact has waited 60 s. Both
/// auto-accept instantly, no ACW; default whispers 2 s + 0.5 s.
///
/// On paper:
/// - x0 → A at 0: solo takes it; dequeued 2, connected 2.5, talk 97.5 → 100.
/// - xb → B at 10: late is idle, but its 60 s delay has not elapsed, so xb
///   waits until 70 and goes to late: dequeued 72, connected 72.5, talk 40 →
///   112.5.
/// - xa → A at 20, xb2 → B at 30, xa2 → A at 40.
/// - 100: solo is free and takes xa (A): dequeued 102, connected 102.5, talk
///   8 → 110.5.
/// - 110.5: solo is free with xb2 (B, waiting since 30) and xa2 (A, since 40)
///   in queue: priority beats age, so xa2.
/// - 112.5: late is free and takes xb2, which has waited 82.5 s ≥ 60 s.
#[test]
fn priority_before_age_and_routing_delay() {
    let s = spec(
        r#"
[simulation]
seed = 3
replications = 1
horizon = "1h"
interval = "1h"

[[queues]]
name = "A"

[[queues]]
name = "B"

[[routing_profiles]]
name = "p"
queues = [{ queue = "A", priority = 1 }, { queue = "B", priority = 2 }]

[[routing_profiles]]
name = "late"
queues = [{ queue = "B", priority = 1, delay = "60s" }]

[[agent_groups]]
name = "solo"
routing_profile = "p"
headcount = 1
auto_accept = true

[[agent_groups]]
name = "late"
routing_profile = "late"
headcount = 1
auto_accept = true

[[sources]]
name = "x0"
arrival_times = ["0s"]
queue = "A"
customer = { talk = "97.5s" }

[[sources]]
name = "xb"
arrival_times = ["10s"]
queue = "B"
customer = { talk = "40s" }

[[sources]]
name = "xa"
arrival_times = ["20s"]
queue = "A"
customer = { talk = "8s" }

[[sources]]
name = "xb2"
arrival_times = ["30s"]
queue = "B"
customer = { talk = "10s" }

[[sources]]
name = "xa2"
arrival_times = ["40s"]
queue = "A"
customer = { talk = "10s" }
"#,
    );
    let out = collect(&s, 0);
    let by_source = |name: &str| {
        let i = s
            .sources
            .iter()
            .position(|x| x.name == name)
            .unwrap_or(usize::MAX);
        out.ended
            .iter()
            .find(|r| r.source.map(|s| s.index()) == Some(i))
            .cloned()
            .unwrap_or_else(|| panic!("no record for {name}"))
    };
    let group =
        |r: &ccsim::center::ContactRecord| r.agent.map(|a| s.groups[a.1.index()].name.clone());
    let x0 = by_source("x0");
    assert_eq!((x0.dequeued, x0.disconnected), (at(2.0), at(100.0)));
    let xb = by_source("xb");
    assert_eq!(
        (xb.offered, xb.dequeued, group(&xb).as_deref()),
        (at(70.0), at(72.0), Some("late")),
        "B waits out late's 60 s delay"
    );
    let xa = by_source("xa");
    // xa: solo at 100 → dequeued 102, connected 102.5, talk 8 → 110.5.
    assert_eq!(
        (
            xa.offered,
            xa.dequeued,
            xa.disconnected,
            group(&xa).as_deref()
        ),
        (at(100.0), at(102.0), at(110.5), Some("solo"))
    );
    // At 110.5 solo is free; xb2 (B, waiting since 30) and xa2 (A, since 40)
    // both wait: priority wins over age.
    let xa2 = by_source("xa2");
    assert_eq!(
        (xa2.offered, group(&xa2).as_deref()),
        (at(110.5), Some("solo")),
        "A before the older B contact"
    );
    // late frees at 72.5 + 40 = 112.5 and takes xb2 (waited 82.5 s ≥ 60 s).
    let xb2 = by_source("xb2");
    assert_eq!(
        (xb2.offered, group(&xb2).as_deref()),
        (at(112.5), Some("late"))
    );
}
