//! Routing criteria with proficiencies (issue 15 §3): hand-worked
//! timelines checked field by field, conservation, determinism across
//! thread counts, M/M/k for the matching subset against Erlang C, and
//! criteria that every agent matches giving the same run as none.

use std::path::Path;
use std::process::Command;

use ccsim::center::criteria::StepStatus;
use ccsim::center::ids::GroupId;
use ccsim::center::{ContactRecord, Outcome};
use ccsim::engine::SimTime;
use ccsim::exec::run_scenario;
use ccsim::staffing::erlang::erlang_c;
use ccsim::stats::{Metric, Scope, Summary};

use crate::common::{self, at, bundled, collect, replication_values, spec};

/// What every hand-worked timeline shares: one queue, default flows
/// (inbound 0 s, agent whisper 2 s, customer whisper 0.5 s), auto-accept
/// in 0 s, no ACW. `groups` and `rest` add the agent groups, criteria and
/// sources.
fn timeline(groups: &str, rest: &str) -> String {
    format!(
        r#"
[simulation]
seed = 3
replications = 1
start = "2026-01-05T08:00:00Z"
horizon = "1h"
interval = "1h"

[[queues]]
name = "q"

[[routing_profiles]]
name = "p"
queues = [{{ queue = "q" }}]
{groups}
{rest}
"#
    )
}

/// An agent group of one auto-accepting agent with `proficiencies`.
fn group(name: &str, proficiencies: &str) -> String {
    format!(
        r#"
[[agent_groups]]
name = "{name}"
routing_profile = "p"
headcount = 1
auto_accept = true
after_contact_work = "0s"
proficiencies = [{proficiencies}]
"#
    )
}

/// A source of one contact arriving at `t` seconds, talking `talk`
/// seconds, with routing criteria `criteria` (or none: "").
fn caller(name: &str, t: f64, talk: f64, criteria: &str) -> String {
    let rc = if criteria.is_empty() {
        String::new()
    } else {
        format!("routing_criteria = \"{criteria}\"\n")
    };
    format!(
        r#"
[[sources]]
name = "{name}"
arrival_times = ["{t}s"]
queue = "q"
{rc}customer = {{ talk = "{talk}s" }}
"#
    )
}

const SPANISH_5: &str = r#"{ name = "Language", value = "Spanish", level = 5 }"#;

fn state(r: &ContactRecord) -> ccsim::center::criteria::CriteriaState {
    r.routing_criteria
        .unwrap_or_else(|| panic!("contact {} carries no criteria", r.id))
}

/// A contact waits while only an agent its step does not admit is free;
/// the step expires at the exact millisecond and that agent takes it.
///
/// On paper: `spanish` (Spanish 5) and `english` (no proficiency), both
/// idle at 0, `spanish` first in the idle order (listed first).
/// - t=0: c1 (no criteria, talk 100 s) → `spanish`; whisper 0–2, connected
///   2.5, busy until 102.5.
/// - t=5: c2 with `spanish_30s` (Spanish ≥ 4 for 30 s, then anyone):
///   `english` is idle but not admitted → waits.
/// - t=35.000: step 1 expires (5 + 30); every step has expired, so
///   `english` is offered c2 at once: accepted 35, dequeued 37, connected
///   37.5. Step 1 EXPIRED; answered "after all steps expired".
#[test]
fn a_contact_waits_out_its_step_then_a_non_matching_agent_takes_it() {
    let s = spec(&step_expiry_timeline(""));
    let out = collect(&s, 0);
    let [c1, c2] = &out.ended[..] else {
        panic!("expected 2 contacts, got {:?}", out.ended)
    };
    assert_eq!(c1.routing_criteria, None);
    assert_eq!(c1.agent.map(|a| a.1), Some(GroupId(0)));
    assert_eq!(c2.outcome, Outcome::Handled);
    assert_eq!(
        (c2.enqueued, c2.offered, c2.accepted),
        (at(5.0), at(35.0), at(35.0)),
        "offered the millisecond step 1 expired"
    );
    assert_eq!(
        (c2.dequeued, c2.connected, c2.disconnected),
        (at(37.0), at(37.5), at(57.5))
    );
    assert_eq!(c2.agent.map(|a| a.1), Some(GroupId(1)), "english took it");
    let st = state(c2);
    assert_eq!(
        (st.activated, st.step, st.offered_step),
        (SimTime(5000), 1, Some(1))
    );
    assert_eq!(st.status(0, true), StepStatus::Expired);

    // The record as Connect writes it.
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let files = ccsim::output::RecordFiles::new(&dir.path().join("r.jsonl"));
    let w = files.writer(&s, 0);
    let j = w.to_json(c2);
    let rc = &j["RoutingCriteria"];
    assert_eq!(rc["ActivationTimestamp"], "2026-01-05T08:00:05Z");
    assert_eq!(rc["Index"], 0);
    let step = &rc["Steps"][0];
    assert_eq!(step["Status"], "EXPIRED");
    assert_eq!(step["Expiry"]["DurationInSeconds"], 30);
    assert_eq!(step["Expiry"]["ExpiryTimestamp"], "2026-01-05T08:00:35Z");
    let cond = &step["Expression"]["AttributeCondition"];
    assert_eq!(cond["Name"], "Language");
    assert_eq!(cond["Value"], "Spanish");
    assert_eq!(cond["ComparisonOperator"], "NumberGreaterOrEqualTo");
    assert_eq!(cond["ProficiencyLevel"], 4.0);
    assert_eq!(rc["Steps"].as_array().map(Vec::len), Some(1));
    assert_eq!(j["Attributes"]["ccsim_routing_step"], "expired");
    assert!(w.to_json(c1).get("RoutingCriteria").is_none());
}

/// The timeline of the test above; `flow` may add flows for c2.
fn step_expiry_timeline(flow: &str) -> String {
    timeline(
        &(group("spanish", SPANISH_5) + &group("english", "")),
        &(r#"
[[routing_criteria]]
name = "spanish_30s"
steps = [{ expression = { name = "Language", value = "Spanish", level = 4 }, expiry = "30s" }]

[[routing_criteria]]
name = "spanish_10s"
steps = [{ expression = { name = "Language", value = "Spanish", level = 4 }, expiry = "10s" }]
"#
        .to_string()
            + flow
            + &caller("c1", 0.0, 100.0, "")
            + &caller("c2", 5.0, 20.0, "spanish_30s")),
    )
}

/// An inbound flow's queue branch sets its own routing criteria over the
/// source's: c2 now waits 10 s, not 30 (offered at 15), and its record
/// names the branch's criteria.
#[test]
fn a_queue_branch_criteria_overrides_the_sources() {
    let flow = r#"
[[flows]]
name = "Branching"
type = "inbound"
duration = "0s"
queues = [{ queue = "q", probability = 1.0, routing_criteria = "spanish_10s" }]
"#;
    // c2 (the last source) goes through the branching flow.
    let text = step_expiry_timeline(flow).replacen(
        "name = \"c2\"",
        "name = \"c2\"\ninbound_flow = \"Branching\"",
        1,
    );
    let out = collect(&spec(&text), 0);
    let c2 = &out.ended[1];
    assert_eq!(
        (c2.offered, c2.agent.map(|a| a.1)),
        (at(15.0), Some(GroupId(1)))
    );
    assert_eq!(state(c2).criteria.0, 1, "the branch's criteria");
}

/// An agent freeing up skips the contact ahead of the queue it is not
/// admitted to and takes the later one it may serve; the admitted agent
/// takes the first one when it frees.
///
/// On paper: `english` (no proficiency) listed first, `spanish`
/// (Spanish 5). t=0 c1 → english (busy until 0 + 2.5 + 50 = 52.5); t=1 c2 →
/// spanish (busy until 1 + 2.5 + 100 = 103.5); t=10 c3 with a never-expiring
/// Spanish ≥ 4 step; t=20 c4 without criteria. At 52.5 english frees: c3 is
/// first in routing order but not for it, so it takes c4 (offered 52.5).
/// At 103.5 spanish frees and takes c3 (offered 103.5, step 1 JOINED).
#[test]
fn a_freed_agent_skips_a_contact_it_does_not_match() {
    let text = timeline(
        &(group("english", "") + &group("spanish", SPANISH_5)),
        &(r#"
[[routing_criteria]]
name = "spanish_only"
steps = [{ expression = { name = "Language", value = "Spanish", level = 4 } }]
"#
        .to_string()
            + &caller("c1", 0.0, 50.0, "")
            + &caller("c2", 1.0, 100.0, "")
            + &caller("c3", 10.0, 10.0, "spanish_only")
            + &caller("c4", 20.0, 10.0, "")),
    );
    let out = collect(&spec(&text), 0);
    let [c1, c2, c3, c4] = &out.ended[..] else {
        panic!("expected 4 contacts, got {:?}", out.ended)
    };
    assert_eq!(c1.agent.map(|a| a.1), Some(GroupId(0)));
    assert_eq!(c2.agent.map(|a| a.1), Some(GroupId(1)));
    assert_eq!(
        (c4.offered, c4.agent.map(|a| a.1)),
        (at(52.5), Some(GroupId(0)))
    );
    assert_eq!(
        (c3.offered, c3.agent.map(|a| a.1)),
        (at(103.5), Some(GroupId(1)))
    );
    assert_eq!((c3.dequeued, c3.connected), (at(105.5), at(106.0)));
    let s = state(c3);
    assert_eq!(
        (s.activated, s.step, s.offered_step),
        (SimTime(10_000), 0, Some(0))
    );
    assert_eq!(s.status(0, true), StepStatus::Joined);
}

/// AND, OR and level comparisons (at least, and a range), with three idle
/// groups taken in idle order A, B, C:
/// A = Spanish 3 + Billing 5, B = Spanish 5, C = French 2.
/// - t=0 x: Spanish ≥ 3 AND Billing ≥ 4 → only A (busy until 62.5).
/// - t=1 y: Spanish ≥ 5 → only B (talk 30: busy until 33.5).
/// - t=2 z: Spanish in 1–3 → only A (B's 5 is above the range; C has no
///   Spanish): waits, though B frees at 33.5, until A frees at 62.5.
/// - t=3 w: French in 1–2 OR Spanish ≥ 5 → B busy, so C (offered at 3).
#[test]
fn and_or_and_level_comparisons() {
    let groups = group(
        "a",
        r#"{ name = "Language", value = "Spanish", level = 3 }, { name = "Skill", value = "Billing", level = 5 }"#,
    ) + &group("b", SPANISH_5)
        + &group("c", r#"{ name = "Language", value = "French", level = 2 }"#);
    let rest = r#"
[[routing_criteria]]
name = "x"
steps = [{ expression = { and = [{ name = "Language", value = "Spanish", level = 3 }, { name = "Skill", value = "Billing", level = 4 }] } }]

[[routing_criteria]]
name = "y"
steps = [{ expression = { name = "Language", value = "Spanish", level = 5 } }]

[[routing_criteria]]
name = "z"
steps = [{ expression = { name = "Language", value = "Spanish", range = { min = 1, max = 3 } } }]

[[routing_criteria]]
name = "w"
steps = [{ expression = { or = [{ name = "Language", value = "French", range = { min = 1, max = 2 } }, { name = "Language", value = "Spanish", level = 5 }] } }]
"#
    .to_string()
        + &caller("x", 0.0, 60.0, "x")
        + &caller("y", 1.0, 30.0, "y")
        + &caller("z", 2.0, 10.0, "z")
        + &caller("w", 3.0, 10.0, "w");
    let out = collect(&spec(&timeline(&groups, &rest)), 0);
    let [x, y, z, w] = &out.ended[..] else {
        panic!("expected 4 contacts, got {:?}", out.ended)
    };
    let taken = |r: &ContactRecord| (r.offered, r.agent.map(|a| a.1 .0));
    assert_eq!(taken(x), (at(0.0), Some(0)));
    assert_eq!(taken(y), (at(1.0), Some(1)));
    assert_eq!(taken(z), (at(62.5), Some(0)));
    assert_eq!(taken(w), (at(3.0), Some(2)));
}

/// The bundled scenario: every contact created ends exactly once, the
/// answered-per-step counts add up to the queue's answered contacts with
/// criteria, and the records carry Connect's step statuses.
#[test]
fn bundled_scenario_conserves_contacts() {
    let s = bundled("routing_criteria.toml");
    for r in 0..2 {
        let out = collect(&s, r);
        let n = crate::common::each_contact_reported_once(&out, &format!("replication {r}"));
        assert!(n > 500, "replication {r}: only {n} contacts");
        let mut per_step = [0u32; 3];
        for c in &out.ended {
            let Some(st) = c.routing_criteria else {
                continue;
            };
            if c.outcome == Outcome::Handled {
                per_step[usize::from(st.answered_step())] += 1;
                let joined = (0..2).filter(|k| st.status(*k, true) == StepStatus::Joined);
                assert!(joined.count() <= 1, "{c:?}");
                // Step 1 admits only the native speakers (group 0); step 2
                // also the bilingual ones (group 1).
                let g = c.agent.map(|a| a.1 .0);
                match st.answered_step() {
                    0 => assert_eq!(g, Some(0), "{c:?}"),
                    1 => assert!(matches!(g, Some(0 | 1)), "{c:?}"),
                    _ => {}
                }
            }
        }
        assert!(per_step.iter().all(|n| *n > 0), "{per_step:?}");
    }
}

/// `ccsim run` writes the same bytes (summary, histograms, contact records)
/// on 1 and 2 threads.
#[test]
fn same_bytes_on_one_and_two_threads() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let scenario = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/routing_criteria.toml");
    let run = |dir: &str, threads: &str| {
        let out = tmp.path().join(dir);
        let status = Command::new(env!("CARGO_BIN_EXE_ccsim"))
            .arg("run")
            .arg(&scenario)
            .arg("--out")
            .arg(&out)
            .arg("--quiet")
            .arg("--contact-records")
            .arg(out.join("records.jsonl"))
            .args(["--threads", threads])
            .output()
            .unwrap_or_else(|e| panic!("cannot start ccsim: {e}"));
        assert!(
            status.status.success(),
            "{}",
            String::from_utf8_lossy(&status.stderr)
        );
        let read = |f: &str| std::fs::read(out.join(f)).unwrap_or_else(|e| panic!("{f}: {e}"));
        (
            read("summary.csv"),
            read("summary.json"),
            read("records.jsonl"),
        )
    };
    let one = run("a", "1");
    let two = run("b", "2");
    assert!(one.0 == two.0, "summary.csv differs");
    assert!(one.1 == two.1, "summary.json differs");
    assert!(one.2 == two.2, "contact records differ");
    let records = String::from_utf8_lossy(&one.2);
    assert!(records.contains("\"RoutingCriteria\""));
    assert!(records.contains("\"Status\":\"JOINED\""));
}

/// An M/M/k scenario: `k` agents whose group matches a never-expiring
/// step, beside 4 agents who never match (and so stay idle): for the
/// contacts, an M/M/k queue. 2 erlangs offered (λ = 40/h, mean talk 3 min).
fn subset_mmk(k: u32, reps: u32, hours: u64) -> String {
    format!(
        r#"
[simulation]
seed = 515
replications = {reps}
horizon = "{h}h"
warmup = "10h"
interval = "{h}h"
drain = "2h"

[[queues]]
name = "q"
service_level_thresholds = ["20s"]

[[routing_profiles]]
name = "p"
queues = [{{ queue = "q" }}]

[[agent_groups]]
name = "others"
routing_profile = "p"
headcount = 4
auto_accept = true
after_contact_work = "0s"

[[agent_groups]]
name = "skilled"
routing_profile = "p"
headcount = {k}
auto_accept = true
after_contact_work = "0s"
proficiencies = [{{ name = "Skill", value = "Claims", level = 4 }}]

[[routing_criteria]]
name = "claims"
steps = [{{ expression = {{ name = "Skill", value = "Claims", level = 3 }} }}]

[[flows]]
name = "Default agent whisper"
type = "agent_whisper"
duration = "0s"

[[flows]]
name = "Default customer whisper"
type = "customer_whisper"
duration = "0s"

[[sources]]
name = "calls"
rate_per_hour = 40
queue = "q"
routing_criteria = "claims"
customer = {{ talk = {{ dist = "exponential", mean = "3m" }} }}
"#,
        h = hours + 10
    )
}

/// Mean and 99 % Student-t half-width of a metric of queue `q`.
fn ci99(summary: &Summary, metric: Metric) -> (f64, f64) {
    common::ci99(replication_values(
        summary,
        &Scope::Queue("q".into()),
        metric,
    ))
}

/// When step 1 admits k = 3 of 7 agents and never expires, the contacts
/// see M/M/3: P(wait) and ASA must lie within the 99 % CI of 30
/// replications (half-width computed from their spread, as in
/// `theory.rs`; it must also be under 5 % of the exact value, or the run
/// would be too short to be evidence). With all 7 agents, P(wait) would be
/// about 0.02 — far outside.
#[test]
fn a_never_expiring_step_over_k_agents_is_erlang_c_with_k_servers() {
    let s = spec(&subset_mmk(3, 30, 600));
    let summary = run_scenario(&s, None, &|| {});
    let exact = erlang_c(40.0 / 3600.0, 180.0, 3).unwrap_or_else(|e| panic!("{e}"));
    for (metric, want) in [
        (Metric::PWait, exact.p_wait),
        (Metric::AsaSeconds, exact.asa),
    ] {
        let (mean, half) = ci99(&summary, metric);
        let label = format!("M/M/3 subset {metric:?}");
        crate::common::assert_interval_holds(&label, mean, half, want, 0.05);
    }
    let (all_answered, _) = ci99(&summary, Metric::RoutingStepAnswered { step: Some(1) });
    let (handled, _) = ci99(&summary, Metric::ContactsHandled);
    assert_eq!(all_answered, handled, "every contact is answered in step 1");
}

/// Criteria whose steps every agent matches change nothing: the same
/// contacts, at the same times, to the same agents (records compared with
/// the criteria taken off), and the same values of every metric the
/// scenario without criteria reports.
#[test]
fn criteria_every_agent_matches_give_the_same_run_as_none() {
    let base = bundled("routing_criteria.toml");
    let mut plain = base.clone();
    plain.routing_criteria.clear();
    for s in &mut plain.sources {
        s.routing_criteria = None;
    }
    let mut everyone = base.clone();
    // Each step now admits every group (the expressions are kept, so the
    // step expiries still fire as events).
    for c in &mut everyone.routing_criteria {
        for step in &mut c.steps {
            step.groups.iter_mut().for_each(|g| *g = true);
        }
    }
    for r in 0..2 {
        let a = collect(&plain, r);
        let b = collect(&everyone, r);
        let strip = |v: &[ContactRecord]| -> Vec<ContactRecord> {
            v.iter()
                .cloned()
                .map(|mut c| {
                    c.routing_criteria = None;
                    c
                })
                .collect()
        };
        assert!(b.ended.iter().any(|c| c.routing_criteria.is_some()));
        assert_eq!(strip(&a.ended), strip(&b.ended), "replication {r}");
        assert_eq!(strip(&a.unfinished), strip(&b.unfinished));
        assert_eq!(a.agent_time, b.agent_time);
    }
    let sa = run_scenario(&plain, None, &|| {});
    let sb = run_scenario(&everyone, None, &|| {});
    let mut compared = 0;
    for e in &sa.entries {
        let other = sb
            .get_at(&e.scope, e.metric, e.interval)
            .unwrap_or_else(|| panic!("{:?} {:?} missing", e.scope, e.metric));
        assert_eq!(e.values, other.values, "{:?} {:?}", e.scope, e.metric);
        compared += 1;
    }
    assert!(compared > 100);
}

/// The problems `ccsim::scenario::parse` reports for `text`, as
/// `path: message` lines.
fn problems(text: &str) -> Vec<String> {
    match ccsim::scenario::parse(text, Path::new("bad.toml"), "bad") {
        Ok(_) => Vec::new(),
        Err(ccsim::scenario::ScenarioError::Invalid { problems, .. }) => problems
            .iter()
            .map(|p| format!("{}: {} ({})", p.path, p.message, p.hint))
            .collect(),
        Err(e) => vec![format!("{e}")],
    }
}

/// Bad routing criteria and proficiencies: each mistake is reported at its
/// field path, with a fix; every problem of the file at once.
#[test]
fn bad_criteria_name_the_field_and_the_fix() {
    let groups = group(
        "g",
        r#"{ name = "Language", value = "Spanish", level = 6 }"#,
    );
    let rest = r#"
[[routing_criteria]]
name = "empty"
steps = []

[[routing_criteria]]
name = "bad"
steps = [
  { expression = { name = "Language", value = "Spanish", level = 0 } },
  { expression = { name = "Language", value = "Spanish", range = { min = 4, max = 2 } }, expiry = "0s" },
  { expression = { and = [] }, expiry = "10s" },
  { expression = { name = "Language", value = "Spanish", level = 2, or = [] } },
]
"#
    .to_string()
        + &caller("c", 0.0, 10.0, "nope");
    let got = problems(&timeline(&groups, &rest));
    let want = [
        "agent_groups[0].proficiencies[0].level: proficiency level 6 is outside 1–5",
        "routing_criteria[0].steps: a routing criteria needs at least one step",
        "routing_criteria[1].steps[0].expression.level: proficiency level 0 is outside 1–5",
        "routing_criteria[1].steps[1].expression.range: range 4–2 is empty",
        "routing_criteria[1].steps[1].expiry: a step's expiry must be longer than 0",
        "routing_criteria[1].steps[2].expression.and: an empty `and` list",
        "routing_criteria[1].steps[3].expression: an expression is one condition",
        "routing_criteria[1].steps[0].expiry: only the last step may never expire",
        "sources[0].routing_criteria: unknown routing criteria `nope`",
    ];
    for w in want {
        assert!(
            got.iter().any(|g| g.starts_with(w)),
            "missing {w:?} in {got:#?}"
        );
    }
    assert_eq!(got.len(), want.len(), "{got:#?}");
    // An attribute value no agent holds is allowed: it never matches.
    let ok = timeline(
        &group("g", SPANISH_5),
        &(r#"
[[routing_criteria]]
name = "klingon"
steps = [{ expression = { name = "Language", value = "Klingon", level = 1 }, expiry = "10s" }]
"#
        .to_string()
            + &caller("c", 0.0, 10.0, "klingon")),
    );
    let s = spec(&ok);
    assert_eq!(s.routing_criteria[0].steps[0].groups, [false]);
    let out = collect(&s, 0);
    assert_eq!(
        out.ended[0].offered,
        at(10.0),
        "taken once the step expired"
    );
}
