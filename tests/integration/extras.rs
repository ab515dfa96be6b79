//! Issue 15's extras: WEBRTC_API sources, redials after abandonment (and
//! paused tasks). Hand-worked timelines checked field by field, the
//! redial theory check against a retrial queue's exact stationary answer,
//! conservation and determinism across threads.

use ccsim::center::record::RedialTry;
use ccsim::center::spec::{Channel, InitiationMethod};
use ccsim::center::Outcome;
use ccsim::engine::SimTime;
use ccsim::exec::run_scenario;
use ccsim::output::records::RecordFormatter;
use ccsim::stats::{Metric, Scope, Summary};

use crate::common::{at, bundled, ci99, collect, problems, replication_values, spec};

/// No agent: a caller with 30 s of patience abandons, calls again 60 s
/// later (probability 1), twice at most.
///
/// On paper (default inbound flow: 0 s):
/// - t=0    first call queued; 30: abandons (no agent) → redial due at 90.
/// - t=90   redial 1 queued; 120: abandons → redial due at 180.
/// - t=180  redial 2 queued; 210: abandons; max_tries reached: lost.
const REDIAL_TIMELINE: &str = r#"
[simulation]
seed = 3
replications = 1
horizon = "1h"
interval = "1h"

[[queues]]
name = "q"

[[routing_profiles]]
name = "p"
queues = [{ queue = "q" }]

[[agent_groups]]
name = "nobody"
routing_profile = "p"
headcount = 0

[[sources]]
name = "caller"
arrival_times = ["0s"]
queue = "q"
redial = { probability = 1.0, delay = "60s", max_tries = 2 }
customer = { patience = "30s", talk = "1m" }
"#;

#[test]
fn an_abandoning_caller_calls_again_until_its_tries_run_out() {
    let s = spec(REDIAL_TIMELINE);
    let out = collect(&s, 0);
    assert_eq!(out.ended.len(), 3, "{:#?}", out.ended);
    for (k, r) in out.ended.iter().enumerate() {
        let start = 90.0 * k as f64;
        assert_eq!(r.method, InitiationMethod::Inbound);
        assert_eq!(r.channel, Channel::Voice);
        assert_eq!(r.outcome, Outcome::Abandoned);
        // A new call links to nothing: its own chain.
        assert_eq!(r.previous_id, None);
        assert_eq!(r.initial_id, r.id);
        assert_eq!(r.initiated, SimTime((start * 1000.0) as u64));
        assert_eq!(r.connected_to_system, at(start));
        assert_eq!(r.enqueued, at(start));
        assert_eq!(r.dequeued, at(start + 30.0));
        assert_eq!(r.disconnected, at(start + 30.0));
        assert_eq!(
            r.redial,
            Some(RedialTry {
                customer: 0,
                tries: k as u32,
                first_initiated: SimTime::ZERO,
                again: k < 2,
            })
        );
    }
    // The record: the customer's number in CustomerEndpoint, the try in
    // Attributes.
    let f = RecordFormatter::new(&s, 0, 0);
    let json = f.to_json(&out.ended[1]);
    assert_eq!(json["CustomerEndpoint"]["Address"], "+15550000000000");
    assert_eq!(json["CustomerEndpoint"]["Type"], "TELEPHONE_NUMBER");
    assert_eq!(json["InitiationMethod"], "INBOUND");
    assert_eq!(json["PreviousContactId"], serde_json::Value::Null);
    assert_eq!(json["Attributes"]["ccsim_redial_try"], "1");
    assert_eq!(json["Attributes"]["ccsim_redials_again"], "true");
    // The report: one customer, lost, three contacts.
    let summary = run_scenario(&s, None, &|| {});
    let v = |m: Metric| value(&summary, m);
    assert_eq!(v(Metric::Customers), 1.0);
    assert_eq!(v(Metric::CustomersServed), 0.0);
    assert_eq!(v(Metric::CustomersLost), 1.0);
    assert_eq!(v(Metric::CustomerRedials), 2.0);
    assert_eq!(v(Metric::ContactsPerCustomer), 3.0);
    assert_eq!(v(Metric::ContactsCreated), 3.0);
}

/// The total's mean of `metric`.
fn value(summary: &Summary, metric: Metric) -> f64 {
    summary
        .get(&Scope::Total, metric)
        .and_then(|e| e.mean)
        .unwrap_or_else(|| panic!("no {metric}"))
}

/// One agent (answers in 2 s, ACW 10 s); one WEBRTC_API call at 0 (talk
/// 60 s), one caller at 1 s with 20 s of patience who redials 30 s after
/// abandoning and then waits.
///
/// On paper (inbound flow 0 s, agent whisper 2 s, customer whisper 0.5 s):
/// - t=0     the in-app call is queued and offered to the agent; 2: accept;
///   4: dequeued; 4.5: connected; 64.5: disconnected; ACW → 74.5.
/// - t=1     the caller queues; 21: abandons → redial due at 51.
/// - t=51    the redial queues (patience 20 s is drawn afresh, but constant);
///   71: abandons again (the agent is in ACW until 74.5): no more tries.
const WEBRTC_TIMELINE: &str = r#"
[simulation]
seed = 3
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

[[sources]]
name = "app"
method = "webrtc"
arrival_times = ["0s"]
queue = "q"
customer = { talk = "60s" }

[[sources]]
name = "caller"
arrival_times = ["1s"]
queue = "q"
redial = { probability = 1.0, delay = "30s", max_tries = 1 }
customer = { patience = "20s", talk = "1m" }
"#;

#[test]
fn a_webrtc_call_runs_as_inbound_and_a_redial_waits_its_turn() {
    let s = spec(WEBRTC_TIMELINE);
    let out = collect(&s, 0);
    assert_eq!(out.ended.len(), 3, "{:#?}", out.ended);
    let app = &out.ended[0];
    assert_eq!(app.method, InitiationMethod::WebrtcApi);
    assert_eq!(app.channel, Channel::Voice);
    assert_eq!(app.outcome, Outcome::Handled);
    assert_eq!(app.connected_to_system, at(0.0));
    assert_eq!(app.enqueued, at(0.0));
    assert_eq!(app.offered, at(0.0));
    assert_eq!(app.accepted, at(2.0));
    assert_eq!(app.dequeued, at(4.0));
    assert_eq!(app.connected, at(4.5));
    assert_eq!(app.disconnected, at(64.5));
    assert_eq!(app.acw_end, at(74.5));
    assert_eq!(app.redial, None, "the app source does not redial");
    let json = RecordFormatter::new(&s, 0, 0).to_json(app);
    assert_eq!(json["InitiationMethod"], "WEBRTC_API");
    assert_eq!(json["Channel"], "VOICE");
    assert!(json.get("CustomerEndpoint").is_none());
    let first = &out.ended[1];
    assert_eq!((first.enqueued, first.dequeued), (at(1.0), at(21.0)));
    assert_eq!(first.outcome, Outcome::Abandoned);
    assert!(first.redial.is_some_and(|t| t.again && t.tries == 0));
    let redial = &out.ended[2];
    assert_eq!(redial.method, InitiationMethod::Inbound);
    assert_eq!((redial.enqueued, redial.dequeued), (at(51.0), at(71.0)));
    assert_eq!(redial.outcome, Outcome::Abandoned);
    assert!(redial.redial.is_some_and(|t| !t.again && t.tries == 1));
    assert_eq!(redial.redial.map(|t| t.first_initiated), at(1.0));
}

#[test]
fn bad_redials_are_refused_with_the_field_and_the_fix() {
    let bad = REDIAL_TIMELINE.replace(
        "redial = { probability = 1.0, delay = \"60s\", max_tries = 2 }",
        "redial = { probability = 1.5, delay = \"60s\", max_tries = 0 }",
    );
    let p = problems(&bad);
    assert!(p.contains("sources[0].redial.probability"), "{p}");
    assert!(p.contains("sources[0].redial.max_tries"), "{p}");
    let api = REDIAL_TIMELINE.replace(
        "name = \"caller\"",
        "name = \"caller\"\nmethod = \"api_chat\"",
    );
    let p = problems(&api);
    assert!(
        p.contains("sources[0].redial") && p.contains("only inbound and webrtc"),
        "{p}"
    );
}

// --- theory: a retrial loss system -------------------------------------------------

/// n lines, fresh calls λ, holding time exponential (rate μ), each blocked
/// call (fresh or a retry) retries with probability q after an exponential
/// delay (rate θ), else leaves for good. Per minute.
#[derive(Clone, Copy)]
struct Retrial {
    n: usize,
    lambda: f64,
    mu: f64,
    theta: f64,
    q: f64,
}

/// The exact stationary (share of customers lost, mean retries per
/// customer) of the retrial system, from its CTMC on (busy lines k, orbit
/// j), the orbit truncated at `orbit_max` (the test checks the mass left
/// at the top is below 1e-12). Solved densely: πQ = 0, Σπ = 1.
fn retrial_exact(m: Retrial, orbit_max: usize) -> (f64, f64) {
    let states = (m.n + 1) * (orbit_max + 1);
    let idx = |k: usize, j: usize| j * (m.n + 1) + k;
    // a[i][s]: row i of Qᵀ (the balance equation of state i).
    let mut a = vec![vec![0.0f64; states + 1]; states];
    let mut flow = |from: usize, to: usize, rate: f64| {
        a[to][from] += rate;
        a[from][from] -= rate;
    };
    for j in 0..=orbit_max {
        for k in 0..=m.n {
            let s = idx(k, j);
            if k < m.n {
                flow(s, idx(k + 1, j), m.lambda);
                if j > 0 {
                    flow(s, idx(k + 1, j - 1), j as f64 * m.theta);
                }
            } else {
                if j < orbit_max {
                    flow(s, idx(k, j + 1), m.lambda * m.q);
                }
                if j > 0 {
                    flow(s, idx(k, j - 1), j as f64 * m.theta * (1.0 - m.q));
                }
            }
            if k > 0 {
                flow(s, idx(k - 1, j), k as f64 * m.mu);
            }
        }
    }
    // Replace the last balance equation by the normalisation.
    for x in a[states - 1].iter_mut() {
        *x = 1.0;
    }
    let pi = solve(a);
    let top: f64 = (0..=m.n).map(|k| pi[idx(k, orbit_max)]).sum();
    assert!(
        top < 1e-12,
        "orbit truncated too low: {top:e} left at the top"
    );
    let (mut orbit, mut blocked_orbit, mut p_full) = (0.0, 0.0, 0.0);
    for j in 0..=orbit_max {
        for k in 0..=m.n {
            let p = pi[idx(k, j)];
            orbit += j as f64 * p;
            if k == m.n {
                blocked_orbit += j as f64 * p;
                p_full += p;
            }
        }
    }
    // Losses: blocked attempts (fresh or retried) that do not retry.
    let lost = (1.0 - m.q) * (m.lambda * p_full + m.theta * blocked_orbit) / m.lambda;
    let retries = m.theta * orbit / m.lambda;
    (lost, retries)
}

/// Gaussian elimination with partial pivoting on an augmented matrix.
fn solve(mut a: Vec<Vec<f64>>) -> Vec<f64> {
    let n = a.len();
    for col in 0..n {
        let pivot = (col..n)
            .max_by(|&x, &y| a[x][col].abs().total_cmp(&a[y][col].abs()))
            .unwrap_or(col);
        a.swap(col, pivot);
        let (top, rest) = a.split_at_mut(col + 1);
        let pivot_row = &top[col];
        for row in rest.iter_mut() {
            let f = row[col] / pivot_row[col];
            if f != 0.0 {
                for (x, p) in row[col..].iter_mut().zip(&pivot_row[col..]) {
                    *x -= f * p;
                }
            }
        }
    }
    let mut x = vec![0.0; n];
    for row in (0..n).rev() {
        let s: f64 = (row + 1..n).map(|c| a[row][c] * x[c]).sum();
        x[row] = (a[row][n] - s) / a[row][row];
    }
    x
}

/// The retrial system as a scenario: `n` voice lines (instance limit), an
/// IVR that serves every caller alone (exponential, mean 3 min), redials
/// after an exponential minute; `reps` replications of 200 h after 5 h of
/// warm-up.
fn retrial_scenario(m: Retrial, reps: u32, seed: u64) -> ccsim::center::spec::CenterSpec {
    spec(&format!(
        r#"
[simulation]
seed = {seed}
replications = {reps}
horizon = "205h"
interval = "205h"
warmup = "5h"

[instance_limits]
voice = {n}

[[queues]]
name = "unused"

[[routing_profiles]]
name = "p"
queues = [{{ queue = "unused" }}]

[[agent_groups]]
name = "nobody"
routing_profile = "p"
headcount = 0

[[flows]]
name = "IVR only"
type = "inbound"
duration = {{ dist = "exponential", mean = "{hold}s" }}
self_service = 1.0

[[sources]]
name = "calls"
rate_per_hour = {rate}
inbound_flow = "IVR only"
queue = "unused"
redial = {{ probability = {q}, delay = {{ dist = "exponential", mean = "{delay}s" }}, max_tries = 31 }}
customer = {{ talk = "1s" }}
"#,
        n = m.n,
        hold = 60.0 / m.mu,
        rate = m.lambda * 60.0,
        q = m.q,
        delay = 60.0 / m.theta,
    ))
}

/// Redials against the retrial-queue CTMC, solved exactly in the test:
/// two lines, 1.5 erlangs offered, 60 % of blocked calls retry after a
/// minute (so 0.6³¹ ≈ 1e-7 of customers would want a 32nd try: the
/// scenario's cap of 31 changes nothing measurable). The share of customers
/// lost and the mean redials per customer must each lie within the 99 % CI
/// of 20 replications (seed fixed), and the CI must be narrow (10 % of the
/// value) to be evidence.
#[test]
fn redials_agree_with_the_retrial_queue_ctmc() {
    let m = Retrial {
        n: 2,
        lambda: 0.5,
        mu: 1.0 / 3.0,
        theta: 1.0,
        q: 0.6,
    };
    let (lost_exact, retries_exact) = retrial_exact(m, 120);
    let summary = run_scenario(&retrial_scenario(m, 20, 1501), None, &|| {});
    let customers = replication_values(&summary, &Scope::Total, Metric::Customers);
    let lost: Vec<f64> = replication_values(&summary, &Scope::Total, Metric::CustomersLost)
        .iter()
        .zip(customers)
        .map(|(l, c)| l / c)
        .collect();
    let retries: Vec<f64> =
        replication_values(&summary, &Scope::Total, Metric::ContactsPerCustomer)
            .iter()
            .map(|x| x - 1.0)
            .collect();
    for (label, v, exact) in [
        ("share lost", &lost, lost_exact),
        ("redials per customer", &retries, retries_exact),
    ] {
        let (mean, half) = ci99(v);
        let label = format!("{label} (99 %)");
        crate::common::assert_interval_holds(&label, mean, half, exact, 0.1);
    }
}

/// With q = 0 nobody redials: the share lost is Erlang B(n, λ/μ) exactly
/// in the limit — B(2, 1.5) = 1.125 / 3.625 — and the CTMC says so too.
#[test]
fn without_redials_the_share_lost_is_erlang_b() {
    let m = Retrial {
        n: 2,
        lambda: 0.5,
        mu: 1.0 / 3.0,
        theta: 1.0,
        q: 0.0,
    };
    let erlang_b = 1.125 / 3.625;
    let (lost_exact, retries_exact) = retrial_exact(m, 10);
    assert!((lost_exact - erlang_b).abs() < 1e-12, "{lost_exact}");
    assert_eq!(retries_exact, 0.0);
    let summary = run_scenario(&retrial_scenario(m, 20, 1502), None, &|| {});
    let customers = replication_values(&summary, &Scope::Total, Metric::Customers);
    let lost: Vec<f64> = replication_values(&summary, &Scope::Total, Metric::CustomersLost)
        .iter()
        .zip(customers)
        .map(|(l, c)| l / c)
        .collect();
    let (mean, half) = ci99(&lost);
    eprintln!("q = 0 share lost: sim {mean:.5} ± {half:.5}, Erlang B {erlang_b:.5}");
    assert!((mean - erlang_b).abs() <= half);
    assert!(
        replication_values(&summary, &Scope::Total, Metric::CustomerRedials)
            .iter()
            .all(|r| *r == 0.0)
    );
}

/// contacts = customers × (1 + mean redials), replication by replication,
/// when every contact is a customer's call and nothing is cut by a warm-up
/// (a redial of a customer who first called in the warm-up would count as
/// a contact but not as a customer).
#[test]
fn contacts_are_customers_times_one_plus_mean_redials() {
    let m = Retrial {
        n: 2,
        lambda: 0.5,
        mu: 1.0 / 3.0,
        theta: 1.0,
        q: 0.6,
    };
    let mut s = retrial_scenario(m, 3, 1503);
    s.warmup = ccsim::engine::SimDuration::ZERO;
    s.horizon = ccsim::engine::SimDuration::from_secs(20 * 3600);
    s.interval = s.horizon;
    s.sources[0].arrivals = ccsim::center::spec::Arrivals::Poisson(vec![0.5 / 60_000.0]);
    let summary = run_scenario(&s, None, &|| {});
    let contacts = replication_values(&summary, &Scope::Total, Metric::ContactsCreated);
    let customers = replication_values(&summary, &Scope::Total, Metric::Customers);
    let per = replication_values(&summary, &Scope::Total, Metric::ContactsPerCustomer);
    let redials = replication_values(&summary, &Scope::Total, Metric::CustomerRedials);
    let served = replication_values(&summary, &Scope::Total, Metric::CustomersServed);
    let lost = replication_values(&summary, &Scope::Total, Metric::CustomersLost);
    for r in 0..contacts.len() {
        assert!(redials[r] > 0.0);
        assert!((contacts[r] - customers[r] * per[r]).abs() < 1e-9);
        assert_eq!(contacts[r], customers[r] + redials[r]);
        // Every customer is served by the IVR or lost: none is left at the
        // end (redials after the horizon are not made: lost).
        assert_eq!(served[r] + lost[r], customers[r]);
    }
}

// --- conservation and determinism -------------------------------------------------

/// Every contact of the bundled extras scenarios ends exactly once (or is
/// reported unfinished), and a redial's customer's tries count up from 0.
#[test]
fn every_contact_ends_once() {
    for name in ["redial.toml", "voice_extras.toml"] {
        let s = bundled(name);
        let out = collect(&s, 0);
        crate::common::each_contact_reported_once(&out, name);
    }
}

/// Byte-identical outputs (contact records included) on 1 and 2 threads.
#[test]
fn extras_scenarios_are_the_same_on_one_and_two_threads() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    for name in ["redial.toml", "voice_extras.toml"] {
        let a = crate::common::run_bundled_into(&tmp.path().join(format!("{name}-1")), name, "1");
        let b = crate::common::run_bundled_into(&tmp.path().join(format!("{name}-2")), name, "2");
        assert!(a.len() >= 3, "{name}: {:?}", a.keys());
        assert_eq!(a, b, "{name}: outputs differ between 1 and 2 threads");
    }
}
