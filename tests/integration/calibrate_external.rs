//! External parties (EXTERNAL_OUTBOUND) read back from the records: a
//! center whose agents add an outside party to 20 % of their calls. The
//! legs were left out of the calibration (a probe's find): no queue got an
//! `external`, and each leg's ring and three-party talk stayed in the
//! customer's talk, about 17 s on the mean talk. The calibrated `external`
//! must hold the truth's probability and answer probability within the
//! Wilson intervals of its counts, the three-party talk's mean within its
//! fit's interval, and the customer's own talk the truth's mean within its
//! fit's interval — four checks, each at 1 − 0.05 / 4. The seed is fixed
//! and was not chosen to make it pass.

use serde_json::Value;

use super::calibrate_follow_ups::simulate_and_calibrate;
use super::common::wilson_holds;

const TRUTH: &str = r#"
name = "external_parties"
[simulation]
seed = 31
replications = 1
start = "2026-03-10T08:00:00Z"
horizon = "10h"
interval = "30m"
drain = "1h"
[[queues]]
name = "Claims"
external = { probability = 0.2, ring = { dist = "uniform", min = "8s", max = "25s" }, answer_probability = 0.75, talk = { dist = "exponential", mean = "90s" }, number = "+442071234567" }
[[routing_profiles]]
name = "Claims Team"
queues = [{ queue = "Claims" }]
[[agent_groups]]
name = "Claims Team"
routing_profile = "Claims Team"
headcount = 12
auto_accept = true
[[sources]]
name = "claims_in"
queue = "Claims"
rate_per_hour = 120
customer = { talk = { dist = "lognormal", mean = "200s", cv = 0.6 }, patience = { dist = "exponential", mean = "300s" } }
"#;

/// The normal quantile for four two-sided checks at 95 % together.
const Z: f64 = 2.497_705_474_412_087;

/// Whether a fit's mean (value ± Z standard errors) holds `truth`.
fn mean_holds(fit: &Value, truth: f64) -> bool {
    let mean = &fit["best_fit"]["mean"];
    let (m, se) = (
        mean["value"].as_f64().unwrap_or(f64::NAN),
        mean["se"].as_f64().unwrap_or(f64::NAN),
    );
    eprintln!("mean {m:.1} ± {:.1} against {truth}", Z * se);
    (m - truth).abs() <= Z * se
}

#[test]
fn an_external_party_s_leg_is_the_queue_s_external_and_not_its_talk() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let truth = dir.path().join("truth.toml");
    std::fs::write(&truth, TRUTH).unwrap_or_else(|e| panic!("{e}"));
    let (text, doc) = simulate_and_calibrate(dir.path(), &truth, "1", "cal", None);
    let line = text
        .lines()
        .find(|l| l.starts_with("external = { probability = "))
        .unwrap_or_else(|| panic!("no external in\n{text}"));
    let found = doc["external_parties"]
        .as_array()
        .and_then(|a| a.iter().find(|x| x["queue"] == "Claims"))
        .unwrap_or_else(|| panic!("no external_parties for Claims: {doc}"));
    let num = |k: &str| found[k].as_f64().unwrap_or(f64::NAN);
    let (legs, conversations, answered, rang) = (
        num("legs"),
        num("conversations"),
        num("answered"),
        num("legs") - num("no_free_line"),
    );
    assert!(legs > 100.0, "{found}");
    // The quick connect's number, read from the legs' CustomerEndpoint.
    assert!(line.ends_with(", number = \"+442071234567\" }"), "{line}");
    assert!(
        line.contains(&format!("probability = {:.4}", legs / conversations)),
        "{line}"
    );
    assert!(wilson_holds(legs, conversations, 0.2, Z), "{found}");
    assert!(wilson_holds(answered, rang, 0.75, Z), "{found}");
    assert!(mean_holds(&found["talk"], 90.0), "{found}");
    let talk = doc["streams"]
        .as_array()
        .and_then(|a| a.iter().find(|s| s["queue"] == "Claims"))
        .map(|s| s["talk"].clone())
        .unwrap_or_else(|| panic!("no Claims stream: {doc}"));
    assert!(mean_holds(&talk, 200.0), "{talk}");
}
