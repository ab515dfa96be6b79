//! Round trip: contact records written by ccsim from a scenario with known
//! parameters, read back by `ccsim calibrate`, recover those parameters
//! within the confidence intervals the calibration states; and a backtest
//! of the calibrated scenario against the same records puts at least 90 %
//! of the compared intervals inside the simulated 95 % band.
//!
//! Many parameters are checked against one data set, so each check uses a
//! Bonferroni-corrected level: with `CHECKS` checks, each interval is
//! widened to the 1 − 0.05 / CHECKS level (from the standard error the
//! calibration reports), keeping the chance of any false failure under
//! 5 %. The seed is fixed and was not chosen to make the checks pass.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;
use statrs::distribution::{ContinuousCDF, Normal};

use crate::common::gunzipped_files;

/// Parameter checks in this file (the Bonferroni divisor).
const CHECKS: f64 = 21.0;

fn z_bonferroni() -> f64 {
    let n = Normal::new(0.0, 1.0).unwrap_or_else(|e| panic!("{e}"));
    n.inverse_cdf(1.0 - 0.05 / (2.0 * CHECKS))
}

/// The scenario the records come from: one inbound voice queue over a day.
fn truth(headcount: u32, patience_mean_s: u32) -> String {
    format!(
        r#"
name = "truth"
[simulation]
seed = 7
replications = 1
start = "2026-03-02T00:00:00Z"
horizon = "24h"
interval = "30m"
warmup = "0s"
drain = "2h"

[[queues]]
name = "support"

[[routing_profiles]]
name = "agents"
queues = [{{ queue = "support", priority = 1, delay = "0s" }}]

[[agent_groups]]
name = "agents"
routing_profile = "agents"
headcount = {headcount}
auto_accept = true
after_contact_work = {{ dist = "gamma", mean = "40s", cv = 0.5 }}

[[flows]]
name = "IVR"
type = "inbound"
duration = {{ dist = "lognormal", mean = "45s", cv = 0.4 }}
self_service = 0.2
queues = [{{ queue = "support", probability = 1.0 }}]

[[sources]]
name = "line"
method = "inbound"
rate_per_hour = 120
inbound_flow = "IVR"

[sources.customer]
patience = {{ dist = "weibull", mean = "{patience_mean_s}s", shape = 1.5 }}
talk = {{ dist = "lognormal", mean = "4m", cv = 0.7 }}
holds = {{ mean_count = 0.3, duration = {{ dist = "exponential", mean = "40s" }} }}
"#
    )
}

fn ccsim(args: &[&str]) -> std::process::Output {
    let out = Command::new(env!("CARGO_BIN_EXE_ccsim"))
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        out.status.success(),
        "ccsim {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap_or_default()
}

/// Runs the scenario `text` (written to `dir/truth.toml`) and returns the
/// path of the contact records it wrote, `dir/records.jsonl`.
fn records_of(text: &str, dir: &Path) -> PathBuf {
    let scenario = dir.join("truth.toml");
    std::fs::write(&scenario, text).unwrap_or_else(|e| panic!("{e}"));
    let records = dir.join("records.jsonl");
    ccsim(&[
        "run",
        s(&scenario),
        "--quiet",
        "--out",
        s(&dir.join("run")),
        "--contact-records",
        s(&records),
    ]);
    records
}

/// Records of the truth scenario, a roster saying what it staffed, and the
/// calibration of both: (folder, calibration.json).
fn calibrated(headcount: u32, patience_mean_s: u32) -> (tempfile::TempDir, Value) {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let d = dir.path();
    let records = records_of(&truth(headcount, patience_mean_s), d);
    let mut roster = String::from("interval_start,routing_profile,agents\n");
    // The day and the 2 h drain after it. (Rows for 24:00 and 25:00 once
    // said 2026-03-02T00:00 and T01:00 again, and a roster's rows for the
    // same hour add up: the first two hours were staffed twice over.)
    for h in 0..26 {
        roster.push_str(&format!(
            "2026-03-{:02}T{:02}:00:00Z,agents,{headcount}\n",
            2 + h / 24,
            h % 24
        ));
    }
    std::fs::write(d.join("roster.csv"), roster).unwrap_or_else(|e| panic!("{e}"));
    let out = d.join("calibrated");
    ccsim(&[
        "calibrate",
        s(&records),
        s(&d.join("roster.csv")),
        "--out",
        s(&out),
        "--quiet",
    ]);
    let text =
        std::fs::read_to_string(out.join("calibration.json")).unwrap_or_else(|e| panic!("{e}"));
    let doc = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}"));
    (dir, doc)
}

/// Asserts `truth` lies within the Bonferroni interval of an estimate
/// whose standard error is `se` (a normal interval, for counts and shares).
fn within(label: &str, value: f64, se: f64, truth: f64) {
    let half = z_bonferroni() * se;
    eprintln!("{label}: {value:.4} ± {half:.4} (truth {truth})");
    assert!(se.is_finite() && se > 0.0, "{label}: no standard error");
    assert!(
        (value - truth).abs() <= half,
        "{label}: {value:.4} ± {half:.4} misses the truth {truth}"
    );
}

/// As [`within`] for a fitted parameter, whose intervals the calibration
/// makes on the log scale (se(ln x) = se / x), as its stated 95 % CI is.
fn within_log(label: &str, (value, se): (f64, f64), truth: f64) {
    let half = z_bonferroni() * se / value;
    eprintln!(
        "{label}: {value:.4}, interval {:.4}–{:.4} (truth {truth})",
        value * (-half).exp(),
        value * half.exp()
    );
    assert!(se.is_finite() && se > 0.0, "{label}: no standard error");
    assert!(
        (value.ln() - truth.ln()).abs() <= half,
        "{label}: {value:.4} misses the truth {truth}"
    );
}

fn value_se(e: &Value) -> (f64, f64) {
    (
        e["value"].as_f64().unwrap_or(f64::NAN),
        e["se"].as_f64().unwrap_or(f64::NAN),
    )
}

/// The chosen (best-AIC) fit's mean of an estimate.
fn fit_mean(est: &Value) -> (f64, f64) {
    value_se(&est["best_fit"]["mean"])
}

/// The cv or shape of `family`'s fit of an estimate.
fn fit_shape(est: &Value, family: &str) -> (f64, f64) {
    let fits = est["all_fits"].as_array().cloned().unwrap_or_default();
    let fit = fits
        .iter()
        .find(|f| f["family"] == family)
        .unwrap_or_else(|| panic!("no {family} fit in {est}"));
    value_se(&fit["shape"])
}

fn stream(doc: &Value) -> &Value {
    &doc["streams"][0]
}

/// Share of queued contacts whose patience was observed (who abandoned).
fn abandoned_share(doc: &Value) -> f64 {
    let p = &stream(doc)["patience"];
    let (o, c) = (
        p["n_observed"].as_f64().unwrap_or(f64::NAN),
        p["n_censored"].as_f64().unwrap_or(f64::NAN),
    );
    o / (o + c)
}

#[test]
fn heavy_abandonment_round_trip_recovers_every_estimate() {
    let (_dir, doc) = calibrated(5, 120);
    let st = stream(&doc);
    let abandoned = abandoned_share(&doc);
    eprintln!("abandoned: {abandoned:.3}");
    assert!(abandoned > 0.3, "not heavy abandonment: {abandoned}");
    // Arrivals: 120 an hour, 20 % of them self-served, so 96 queued.
    let a = &doc["arrivals"][0]["rate_per_hour"];
    within(
        "queued per hour",
        a["value"].as_f64().unwrap_or(f64::NAN),
        a["se"].as_f64().unwrap_or(f64::NAN),
        96.0,
    );
    let ss = &doc["self_service"][0];
    let (share, n) = (
        ss["share"].as_f64().unwrap_or(f64::NAN),
        ss["contacts"].as_f64().unwrap_or(f64::NAN),
    );
    within(
        "self-service share",
        share,
        (share * (1.0 - share) / n).sqrt(),
        0.2,
    );
    let ivr = &doc["inbound_flow_time"][0];
    within_log("inbound flow mean", fit_mean(&ivr["fit"]), 45.0);
    within_log(
        "inbound flow cv (lognormal)",
        fit_shape(&ivr["fit"], "lognormal"),
        0.4,
    );
    within_log("talk mean", fit_mean(&st["talk"]), 240.0);
    within_log(
        "talk cv (lognormal)",
        fit_shape(&st["talk"], "lognormal"),
        0.7,
    );
    within_log("hold mean", fit_mean(&st["hold"]), 40.0);
    let h = &st["holds_per_contact"];
    let (mean, n) = (
        h["mean"].as_f64().unwrap_or(f64::NAN),
        h["contacts"].as_f64().unwrap_or(f64::NAN),
    );
    // Holds per contact are Poisson: variance = mean.
    within("holds per contact", mean, (mean / n).sqrt(), 0.3);
    within_log(
        "after-contact work mean",
        fit_mean(&doc["after_contact_work"][0]["fit"]),
        40.0,
    );
    within_log(
        "after-contact work cv (gamma)",
        fit_shape(&doc["after_contact_work"][0]["fit"], "gamma"),
        0.5,
    );
    within_log(
        "patience mean (heavy abandonment)",
        fit_mean(&st["patience"]),
        120.0,
    );
    within_log(
        "patience shape (heavy abandonment)",
        fit_shape(&st["patience"], "weibull"),
        1.5,
    );
}

#[test]
fn light_abandonment_patience_is_recovered_from_censored_waits() {
    let (_dir, doc) = calibrated(9, 300);
    let st = stream(&doc);
    let abandoned = abandoned_share(&doc);
    eprintln!("abandoned: {abandoned:.3}");
    assert!(abandoned < 0.1, "not light abandonment: {abandoned}");
    within_log(
        "patience mean (light abandonment)",
        fit_mean(&st["patience"]),
        300.0,
    );
    within_log(
        "patience shape (light abandonment)",
        fit_shape(&st["patience"], "weibull"),
        1.5,
    );
}

#[test]
fn backtest_of_the_calibrated_scenario_covers_the_records() {
    let (dir, _doc) = calibrated(5, 120);
    let d = dir.path();
    let out = d.join("backtest");
    ccsim(&[
        "backtest",
        s(&d.join("calibrated/scenario.toml")),
        s(&d.join("records.jsonl")),
        "--replications",
        "40",
        "--out",
        s(&out),
        "--quiet",
    ]);
    let csv = std::fs::read_to_string(out.join("backtest.csv")).unwrap_or_else(|e| panic!("{e}"));
    let rows: Vec<&str> = csv.lines().skip(1).collect();
    let inside = rows
        .iter()
        .filter(|r| r.split(',').nth(8) == Some("true"))
        .count();
    let share = inside as f64 / rows.len() as f64;
    eprintln!(
        "backtest: {inside} of {} inside the band ({:.1} %)",
        rows.len(),
        100.0 * share
    );
    assert!(rows.len() > 200, "too few comparisons: {}", rows.len());
    assert!(share >= 0.9, "only {:.1} % inside the band", 100.0 * share);
}

/// The backtest's bands against days of the very scenario they are drawn
/// from: each band says how likely a correct scenario's day falls inside
/// it (`band_probability`), and days of the scenario itself must not fall
/// short of that. Four simulated 2-day periods (seeds of their own), each
/// backtested with 20 replications; the unit is a period's interval (its
/// metrics move together), and the mean of inside − expected over the 384
/// intervals must not lie below 0 by more than its one-sided 99 % margin
/// (counts' ties may put it above). The 2.5 % / 97.5 % quantiles the band
/// was before fell about 4 points short here.
#[test]
fn a_scenario_s_own_days_fall_in_its_backtest_bands_as_often_as_they_say() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let d = dir.path();
    let scenario = d.join("truth.toml");
    let text = r#"
name = "band-truth"
[simulation]
seed = 1
replications = 20
start = "2024-04-01T00:00:00Z"
horizon = "48h"
interval = "30m"
drain = "1h"
[[queues]]
name = "Q"
[[routing_profiles]]
name = "P"
queues = [{ queue = "Q" }]
[[agent_groups]]
name = "P"
routing_profile = "P"
headcount = 10
auto_accept = true
after_contact_work = { dist = "gamma", mean = "30s", cv = 0.3 }
[[sources]]
name = "calls"
rate_per_hour = 120
queue = "Q"
[sources.customer]
talk = { dist = "lognormal", mean = "240s", cv = 0.6 }
patience = { dist = "exponential", mean = "180s" }
"#;
    std::fs::write(&scenario, text).unwrap_or_else(|e| panic!("{e}"));
    // Per (period, interval): inside − expected, averaged over its metrics.
    let mut gaps: Vec<f64> = Vec::new();
    let (mut inside, mut compared, mut expected) = (0usize, 0usize, 0.0);
    for seed in ["901", "902", "903", "904"] {
        let records = d.join(format!("days-{seed}.jsonl"));
        ccsim(&[
            "run",
            s(&scenario),
            "--replications",
            "1",
            "--seed",
            seed,
            "--quiet",
            "--out",
            s(&d.join(format!("run-{seed}"))),
            "--contact-records",
            s(&records),
        ]);
        let out = d.join(format!("bt-{seed}"));
        ccsim(&[
            "backtest",
            s(&scenario),
            s(&records),
            "--out",
            s(&out),
            "--quiet",
        ]);
        let csv =
            std::fs::read_to_string(out.join("backtest.csv")).unwrap_or_else(|e| panic!("{e}"));
        let header: Vec<&str> = csv.lines().next().unwrap_or_default().split(',').collect();
        let column = |name: &str| {
            header
                .iter()
                .position(|c| *c == name)
                .unwrap_or_else(|| panic!("no {name}"))
        };
        let (at, ins, prob) = (
            column("interval_start"),
            column("inside"),
            column("band_probability"),
        );
        let mut per_interval: std::collections::BTreeMap<String, (f64, f64, usize)> =
            Default::default();
        for line in csv.lines().skip(1) {
            let f: Vec<&str> = line.split(',').collect();
            let p: f64 = f[prob].parse().unwrap_or_else(|e| panic!("{e}: {line}"));
            let e = per_interval.entry(f[at].to_string()).or_default();
            e.0 += f64::from(u8::from(f[ins] == "true"));
            e.1 += p;
            e.2 += 1;
            inside += usize::from(f[ins] == "true");
            compared += 1;
            expected += p;
        }
        assert_eq!(
            per_interval.len(),
            96,
            "every interval of the 2 days compared"
        );
        gaps.extend(per_interval.values().map(|(i, p, n)| (i - p) / *n as f64));
    }
    let n = gaps.len() as f64;
    let mean = gaps.iter().sum::<f64>() / n;
    let sd = (gaps.iter().map(|g| (g - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt();
    let margin = 2.326 * sd / n.sqrt();
    eprintln!(
        "own days: {inside} of {compared} inside ({:.1} %), expected {:.1} %; mean gap {mean:+.4}, one-sided 99 % margin {margin:.4}",
        100.0 * inside as f64 / compared as f64,
        100.0 * expected / compared as f64
    );
    assert!(
        mean >= -margin,
        "a correct scenario's days fall inside its bands {:.4} less often than the bands say (margin {margin:.4})",
        -mean
    );
}

/// Records of part of the period (the first six of the day's 24 hours, an
/// export cut short) against the day's scenario: the intervals after
/// them hold no record, and were compared as observed 0 against the
/// simulated day (a fuzz campaign's find: 19 of 20 intervals "outside the
/// band"). They are left out now, and a warning says which are compared.
#[test]
fn a_backtest_compares_only_the_intervals_the_records_cover() {
    let (dir, _doc) = calibrated(5, 120);
    let d = dir.path();
    let all = std::fs::read_to_string(d.join("records.jsonl")).unwrap_or_else(|e| panic!("{e}"));
    let morning: Vec<&str> = all
        .lines()
        .filter(|l| {
            let v: Value = serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}"));
            v["InitiationTimestamp"].as_str().unwrap_or_default() < "2026-03-02T06:00:00Z"
        })
        .collect();
    assert!(morning.len() > 100, "{} records", morning.len());
    let part = d.join("morning.jsonl");
    std::fs::write(&part, morning.join("\n")).unwrap_or_else(|e| panic!("{e}"));
    let out = d.join("backtest");
    let ran = ccsim(&[
        "backtest",
        s(&d.join("calibrated/scenario.toml")),
        s(&part),
        "--replications",
        "40",
        "--out",
        s(&out),
    ]);
    let stderr = String::from_utf8_lossy(&ran.stderr);
    assert!(
        stderr
            .contains("from the interval of 2026-03-02T00:00:00Z to that of 2026-03-02T05:30:00Z")
            && stderr.contains("not compared"),
        "{stderr}"
    );
    let csv = std::fs::read_to_string(out.join("backtest.csv")).unwrap_or_else(|e| panic!("{e}"));
    let rows: Vec<&str> = csv.lines().skip(1).collect();
    assert!(rows.len() > 40, "too few comparisons: {}", rows.len());
    for r in &rows {
        let start = r.split(',').nth(1).unwrap_or_default();
        assert!(
            start < "2026-03-02T06:00:00Z",
            "an interval the records do not cover: {r}"
        );
    }
    let inside = rows
        .iter()
        .filter(|r| r.split(',').nth(8) == Some("true"))
        .count();
    let share = inside as f64 / rows.len() as f64;
    assert!(share >= 0.9, "only {:.1} % inside the band", 100.0 * share);
}

/// Runs the bundled scenario `name` for one replication and returns the
/// path of the contact records it wrote in `dir`.
fn bundled_records(name: &str, dir: &Path) -> PathBuf {
    let records = dir.join("records.jsonl");
    ccsim(&[
        "run",
        s(&root().join("scenarios").join(format!("{name}.toml"))),
        "--replications",
        "1",
        "--quiet",
        "--out",
        s(&dir.join("run")),
        "--contact-records",
        s(&records),
    ]);
    records
}

/// Calibrates `records` into `dir/calibrated`: the scenario's text, the
/// scenario parsed, and calibration.json.
fn calibrate_records(records: &Path, dir: &Path) -> (String, toml::Value, Value) {
    let out = dir.join("calibrated");
    ccsim(&["calibrate", s(records), "--out", s(&out), "--quiet"]);
    let read = |f: &str| std::fs::read_to_string(out.join(f)).unwrap_or_else(|e| panic!("{e}"));
    let scenario = read("scenario.toml");
    let doc = toml::from_str(&scenario).unwrap_or_else(|e| panic!("{e}"));
    let cal = serde_json::from_str(&read("calibration.json")).unwrap_or_else(|e| panic!("{e}"));
    (scenario, doc, cal)
}

/// Runs a calibrated scenario's text (it must validate and run).
fn runs(scenario: &str, dir: &Path) {
    let p = dir.join("again.toml");
    std::fs::write(&p, scenario).unwrap_or_else(|e| panic!("{e}"));
    ccsim(&["run", s(&p), "--quiet", "--out", s(&dir.join("again"))]);
}

/// How many of the records in `records` (JSON lines) `keep` keeps.
fn count_records(records: &Path, keep: impl Fn(&Value) -> bool) -> usize {
    let text = std::fs::read_to_string(records).unwrap_or_else(|e| panic!("{e}"));
    text.lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter(|r| keep(r))
        .count()
}

/// The first table of the scenario's array `list` (`sources`,
/// `routing_profiles`, `agent_groups`, …) whose `field` is `value`.
fn toml_entry(doc: &toml::Value, list: &str, field: &str, value: &str) -> toml::Value {
    doc[list]
        .as_array()
        .and_then(|a| {
            a.iter()
                .find(|x| x.get(field).and_then(|v| v.as_str()) == Some(value))
        })
        .cloned()
        .unwrap_or_else(|| panic!("no {list} entry with {field} = {value:?} in {doc}"))
}

/// A source's contacts over all its intervals.
fn volume_of(source: &toml::Value) -> f64 {
    source["volume_per_interval"]
        .as_array()
        .map(|v| {
            v.iter()
                .filter_map(|x| x.as_float().or(x.as_integer().map(|n| n as f64)))
                .sum()
        })
        .unwrap_or(0.0)
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs ccsim expecting failure; returns (exit code, stderr).
fn ccsim_fails(args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_ccsim"))
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(!out.status.success(), "ccsim {args:?} succeeded");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn bundled_example_is_what_its_center_writes_and_calibrates() {
    let ex = root().join("examples/connect");
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let d = dir.path();
    let records = d.join("records");
    ccsim(&[
        "run",
        s(&ex.join("center.toml")),
        "--quiet",
        "--out",
        s(&d.join("run")),
        "--contact-records",
        s(&records),
        "--records-layout",
        "firehose",
    ]);
    assert_eq!(
        gunzipped_files(&records),
        gunzipped_files(&ex.join("records")),
        "examples/connect/records no longer match center.toml: regenerate them (see examples/connect/README.md)"
    );
    let out = d.join("calibrated");
    ccsim(&[
        "calibrate",
        s(&ex.join("records")),
        s(&ex.join("roster.csv")),
        "--time-zone",
        "America/New_York",
        "--out",
        s(&out),
        "--quiet",
    ]);
    ccsim(&["validate", s(&out.join("scenario.toml"))]);
    let text = std::fs::read_to_string(out.join("scenario.toml")).unwrap_or_else(|e| panic!("{e}"));
    // The roster's headcount, not the lower bound, and the agents' transfers.
    assert!(
        text.contains("# headcount: scheduled agents from the roster"),
        "{text}"
    );
    assert!(text.contains("to_queue = \"Sales\""), "{text}");
    let doc: Value = serde_json::from_str(
        &std::fs::read_to_string(out.join("calibration.json")).unwrap_or_else(|e| panic!("{e}")),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    // Agents transfer 6 % of answered support calls to sales
    // (center.toml): the stated 95 % Wilson interval must hold it. One
    // check, at the interval's own level.
    let support = doc["follow_ups"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .find(|f| f["queue"] == "Support")
        .unwrap_or_else(|| panic!("no Support follow-ups"));
    let t = &support["agent_transfers"];
    let (lo, hi) = (
        t["ci95"][0].as_f64().unwrap_or(f64::NAN),
        t["ci95"][1].as_f64().unwrap_or(f64::NAN),
    );
    eprintln!(
        "transfer share {} in [{lo}, {hi}] (truth 0.06)",
        t["share_of_answered"]
    );
    assert!(lo <= 0.06 && 0.06 <= hi, "transfer share {t}");
    assert_eq!(t["to_queue"]["Sales"], t["count"]);
    // 08:00–18:00 in New York on a Monday.
    assert_eq!(doc["profiles"]["weekday"]["Mon"]["days"], 1);
    let intraday = doc["profiles"]["intraday_mean_per_interval"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let busy: Vec<usize> = (0..intraday.len())
        .filter(|&i| intraday[i].as_f64().unwrap_or(0.0) > 0.0)
        .collect();
    assert_eq!(
        (busy.first(), busy.last()),
        (Some(&16), Some(&35)),
        "{busy:?}"
    );
}

#[test]
fn records_given_twice_are_counted_once_and_the_duplicates_reported() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let d = dir.path();
    let scenario = d.join("truth.toml");
    std::fs::write(&scenario, truth(6, 120)).unwrap_or_else(|e| panic!("{e}"));
    let (lines, tree) = (d.join("r.jsonl"), d.join("tree"));
    ccsim(&[
        "run",
        s(&scenario),
        "--quiet",
        "--out",
        s(&d.join("a")),
        "--contact-records",
        s(&lines),
    ]);
    ccsim(&[
        "run",
        s(&scenario),
        "--quiet",
        "--out",
        s(&d.join("b")),
        "--contact-records",
        s(&tree),
        "--records-layout",
        "firehose",
    ]);
    let n = std::fs::read_to_string(&lines)
        .unwrap_or_default()
        .lines()
        .count() as u64;
    let calibrate = |inputs: &[&Path], out: &str| -> (Value, String) {
        let out = d.join(out);
        let mut args = vec!["calibrate"];
        args.extend(inputs.iter().map(|p| s(p)));
        args.extend(["--out", s(&out), "--name", "same", "--quiet"]);
        ccsim(&args);
        let doc = serde_json::from_str(
            &std::fs::read_to_string(out.join("calibration.json")).unwrap_or_default(),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        (
            doc,
            std::fs::read_to_string(out.join("scenario.toml")).unwrap_or_default(),
        )
    };
    let (one, one_toml) = calibrate(&[&lines], "one");
    let (both, both_toml) = calibrate(&[&tree, &lines], "both");
    assert_eq!(one["input"]["contacts_kept"], n);
    assert_eq!(both["input"]["records_read"], 2 * n);
    assert_eq!(both["input"]["contacts_kept"], n);
    let duplicates = both["input"]["skipped"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .find(|r| r["reason"] == "duplicate")
        .map(|r| r["count"].clone());
    assert_eq!(duplicates, Some(Value::from(n)));
    // The same contacts make the same scenario, whatever layout they came in.
    assert_eq!(one_toml, both_toml);
}

#[test]
fn historical_metrics_with_a_roster_make_a_scenario_that_validates() {
    let f = root().join("tests/fixtures/ingest");
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let out = dir.path().join("m");
    ccsim(&[
        "calibrate",
        s(&f.join("historical_metrics.csv")),
        s(&f.join("roster.csv")),
        "--out",
        s(&out),
        "--quiet",
    ]);
    ccsim(&["validate", s(&out.join("scenario.toml"))]);
    let text = std::fs::read_to_string(out.join("scenario.toml")).unwrap_or_default();
    assert!(text.contains("name = \"Support\""), "{text}");
    // Without a roster there is no headcount to calibrate from.
    let (code, err) = ccsim_fails(&[
        "calibrate",
        s(&f.join("historical_metrics.csv")),
        "--out",
        s(&dir.path().join("n")),
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("roster"), "{err}");
}

#[test]
fn bad_inputs_exit_2_naming_the_file_and_the_field() {
    let f = root().join("tests/fixtures/ingest");
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let out = dir.path().join("x");
    let bad = f.join("bad/bad_timestamp.jsonl");
    let (code, err) = ccsim_fails(&["calibrate", s(&bad), "--out", s(&out)]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("bad_timestamp.jsonl:2") && err.contains("Queue.EnqueueTimestamp"),
        "{err}"
    );
    let (code, err) = ccsim_fails(&[
        "calibrate",
        s(&f.join("lines.jsonl")),
        "--time-zone",
        "Mars/Olympus_Mons",
        "--out",
        s(&out),
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("--time-zone") && err.contains("Mars/Olympus_Mons"),
        "{err}"
    );
    let (code, err) = ccsim_fails(&[
        "calibrate",
        s(&f.join("lines.jsonl")),
        "--interval",
        "7m",
        "--out",
        s(&out),
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--interval"), "{err}");
    let (code, err) = ccsim_fails(&[
        "backtest",
        s(&root().join("scenarios/default.toml")),
        s(&bad),
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("bad_timestamp.jsonl"), "{err}");
    // Nothing was written for the failed calibrations.
    assert!(!out.exists());
}

/// A handful of records — a short export, or a channel that hardly ever
/// rings — is too few to fit a distribution to, but still a scenario: each
/// duration is the mean of the few values seen, as a constant, and the
/// scenario runs and backtests. (Every small fixture used to stop with
/// "the calibrated scenario does not validate": an inbound flow with a
/// single measured time was written without a duration.)
#[test]
fn a_few_records_calibrate_to_a_scenario_that_runs() {
    let f = root().join("tests/fixtures/ingest");
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    for input in ["lines.jsonl", "mess.jsonl", "real_shaped.json", "firehose"] {
        let out = dir.path().join(input);
        let data = f.join(input);
        ccsim(&["calibrate", s(&data), "--quiet", "--out", s(&out)]);
        let scenario = out.join("scenario.toml");
        let text = std::fs::read_to_string(&scenario).unwrap_or_else(|e| panic!("{e}"));
        for line in text.lines().filter(|l| l.starts_with("duration = ")) {
            assert!(line.len() > "duration = ".len(), "{input}: {line}");
        }
        ccsim(&[
            "backtest",
            s(&scenario),
            s(&data),
            "--quiet",
            "--replications",
            "2",
            "--out",
            s(&out.join("backtest")),
        ]);
    }
    // The one real record (a voice call: 10 s in the flow, 14 s of talk,
    // 10 s of wrap-up) gives exactly those durations, said to rest on one
    // value.
    let text = std::fs::read_to_string(dir.path().join("real_shaped.json/scenario.toml"))
        .unwrap_or_else(|e| panic!("{e}"));
    for (comment, value) in [
        (
            "# time in the inbound flow of the contacts queued here: constant 10 s — the mean of only 1 value",
            "duration = \"10s\"",
        ),
        (
            "# talk: constant 14 s — the mean of only 1 value",
            "talk = \"14s\"",
        ),
        (
            "# after-contact work: constant 10 s — the mean of only 1 value",
            "after_contact_work = \"10s\"",
        ),
    ] {
        let at = text
            .find(comment)
            .unwrap_or_else(|| panic!("no `{comment}` in\n{text}"));
        let next = text[at..].lines().nth(1).unwrap_or_default();
        assert_eq!(next, value, "{text}");
    }
}

/// In-app and web calls (WEBRTC_API) are arrivals of their own: calibration
/// gives them a `webrtc` source whose volume is exactly the queued
/// WEBRTC_API contacts of the records, beside the phone line's source.
#[test]
fn webrtc_calls_become_a_webrtc_source() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let d = dir.path();
    // The phone line of `truth`, and an app's calls beside it, straight to
    // the queue.
    let truth = truth(12, 180)
        + r#"
[[sources]]
name = "app"
method = "webrtc"
rate_per_hour = 40
queue = "support"
customer = { talk = { dist = "lognormal", mean = "3m", cv = 0.6 }, patience = { dist = "exponential", mean = "4m" } }
"#;
    let records = records_of(&truth, d);
    let text = std::fs::read_to_string(&records).unwrap_or_else(|e| panic!("{e}"));
    let queued_webrtc = text
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter(|r| {
            r["InitiationMethod"] == "WEBRTC_API" && r["Queue"]["EnqueueTimestamp"].is_string()
        })
        .count();
    assert!(queued_webrtc > 500, "{queued_webrtc}");
    let (text, doc, _) = calibrate_records(&records, d);
    let sources = doc["sources"].as_array().cloned().unwrap_or_default();
    let webrtc: Vec<_> = sources
        .iter()
        .filter(|s| s["method"].as_str() == Some("webrtc"))
        .collect();
    assert_eq!(webrtc.len(), 1, "{text}");
    let volume = volume_of(webrtc[0]);
    assert_eq!(volume, queued_webrtc as f64, "{text}");
    assert!(
        sources
            .iter()
            .any(|s| s["method"].as_str() == Some("inbound")),
        "{text}"
    );
    runs(&text, d);
}

/// The bundled email center (calls and emails, blended agents working
/// up to four emails at once and taking a call between emails, 80 % of
/// emails replied to in a lognormal 5 minutes, every email acknowledged by
/// its inbound flow in 10 s): its records calibrate to an email source
/// with those replies, a flow that sends those emails, and a profile with
/// that concurrency and cross-channel behaviour.
#[test]
fn emails_calibrate_to_an_email_source_with_replies_and_flow_emails() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let records = bundled_records("email", dir.path());
    let text = std::fs::read_to_string(&records).unwrap_or_else(|e| panic!("{e}"));
    let all: Vec<Value> = text
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect();
    let count = |f: &dyn Fn(&Value) -> bool| all.iter().filter(|r| f(r)).count();
    let email = |r: &Value, m: &str| r["Channel"] == "EMAIL" && r["InitiationMethod"] == m;
    let queued = count(&|r| email(r, "INBOUND") && r["Queue"]["EnqueueTimestamp"].is_string());
    let flow_emails = count(&|r| email(r, "FLOW"));
    assert!(queued > 300, "{queued}");
    let (scenario, doc, cal) = calibrate_records(&records, dir.path());
    let sources = doc["sources"].as_array().cloned().unwrap_or_default();
    let mail: Vec<_> = sources
        .iter()
        .filter(|s| s.get("channel").and_then(|c| c.as_str()) == Some("email"))
        .collect();
    assert_eq!(mail.len(), 1, "{scenario}");
    let mail = mail[0];
    assert_eq!(mail["method"].as_str(), Some("inbound"));
    // Every queued email is an arrival; an email's customer never hangs up.
    let volume = volume_of(mail);
    assert!(
        (volume - queued as f64).abs() < 1e-6,
        "{volume} vs {queued}"
    );
    assert!(mail["customer"].get("patience").is_none(), "{scenario}");
    assert!(mail.get("reply").is_some(), "{scenario}");

    let reply = &cal["email"]["replies"][0];
    let (p, n) = (
        reply["probability"].as_f64().unwrap_or(f64::NAN),
        reply["answered_emails"].as_f64().unwrap_or(f64::NAN),
    );
    within("reply probability", p, (p * (1.0 - p) / n).sqrt(), 0.8);
    within_log("writing mean", fit_mean(&reply["writing"]), 300.0);
    // The flow emails every email that reached it: all of them, 10 s each.
    let flow = &cal["email"]["flow_emails"][0];
    assert_eq!(flow["sent"].as_u64(), Some(flow_emails as u64), "{flow}");
    assert_eq!(flow["sent"], flow["contacts"], "{flow}");
    assert_eq!(flow["probability"].as_f64(), Some(1.0));
    assert!(scenario.contains("send_email = { probability = 1.0000, sending = \"10s\" }"));
    // The blended profile: four emails at once, a call taken while on an
    // email but nothing while on a call.
    let blended = toml_entry(&doc, "routing_profiles", "name", "blended");
    assert_eq!(
        blended["concurrency"]["email"].as_integer(),
        Some(4),
        "{scenario}"
    );
    let cross = blended["cross_channel"]
        .as_table()
        .cloned()
        .unwrap_or_default();
    assert_eq!(cross.get("email").and_then(|v| v.as_str()), Some("any"));
    assert!(cross.get("voice").is_none(), "{scenario}");
    // After-contact work per channel: 30 s on voice, an exponential
    // minute on email (after the reply, or after an email not replied to).
    let blended = toml_entry(&doc, "agent_groups", "name", "blended");
    let by = &blended["after_contact_work_by_channel"];
    assert_eq!(by["voice"].as_str(), Some("30s"), "{scenario}");
    let email_acw = cal["after_contact_work_by_channel"]
        .as_array()
        .and_then(|a| {
            a.iter()
                .find(|x| x["routing_profile"] == "blended" && x["channel"] == "email")
        })
        .unwrap_or_else(|| panic!("no email ACW in {cal}"));
    within_log("email ACW mean", fit_mean(&email_acw["fit"]), 60.0);
    // The queue that takes email has email service levels, in hours (the
    // default --email-sl-threshold 4h and 24h); a voice-only queue has none.
    let queues = doc["queues"].as_array().cloned().unwrap_or_default();
    let email_levels: Vec<_> = queues
        .iter()
        .map(|q| (q["name"].as_str(), q.get("email_service_level").cloned()))
        .collect();
    let with: Vec<_> = email_levels.iter().filter(|(_, l)| l.is_some()).collect();
    assert_eq!(with.len(), 1, "{scenario}");
    assert_eq!(
        with[0].1,
        Some(toml::Value::Array(vec!["14400s".into(), "86400s".into()])),
        "{scenario}"
    );
    assert!(email_levels.len() > 1, "a voice queue too: {scenario}");
    assert_eq!(
        cal["email_service_level_thresholds_seconds"],
        serde_json::json!([14400.0, 86400.0])
    );
    runs(&scenario, dir.path());
}

/// The bundled API center: Connect dials reminders (StartOutboundVoiceContact:
/// a uniform 5–30 s ring, 55 % answered, then an inbound flow most serve
/// themselves in), web chats, and tasks scheduled a uniform 0–1 h ahead.
/// Its records calibrate to an api_voice source with that dial and a task
/// source with that schedule, its volumes counting every dial.
#[test]
fn api_voice_dials_and_scheduled_tasks_are_calibrated() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let records = bundled_records("api_channels", dir.path());
    let dials = count_records(&records, |r| {
        r["InitiationMethod"] == "API" && r["Channel"] == "VOICE"
    });
    assert!(dials > 300, "{dials}");
    let (scenario, doc, cal) = calibrate_records(&records, dir.path());
    let by_method = |m: &str| toml_entry(&doc, "sources", "method", m);
    let api_voice = by_method("api_voice");
    let volume = volume_of(&api_voice);
    // Each interval's volume is written to a thousandth.
    let intervals = api_voice["volume_per_interval"]
        .as_array()
        .map_or(0, |v| v.len());
    assert!(
        (volume - dials as f64).abs() <= 0.0005 * intervals as f64,
        "{volume} vs {dials} dials"
    );
    assert!(api_voice.get("dial").is_some(), "{scenario}");
    assert!(
        by_method("api_task").get("scheduled_after").is_some(),
        "{scenario}"
    );

    let answered = &cal["dials_answered"][0];
    let (p, n) = (
        answered["probability"].as_f64().unwrap_or(f64::NAN),
        answered["dialled"].as_f64().unwrap_or(f64::NAN),
    );
    within(
        "dial answer probability",
        p,
        (p * (1.0 - p) / n).sqrt(),
        0.55,
    );
    let delay = |what: &str| {
        cal["start_delay"]
            .as_array()
            .and_then(|a| a.iter().find(|x| x["what"] == what))
            .map(|x| fit_mean(&x["fit"]))
            .unwrap_or_else(|| panic!("no {what} in {cal}"))
    };
    within_log("ring mean", delay("ring"), 17.5);
    within_log("scheduled delay mean", delay("scheduled delay"), 1800.0);
    runs(&scenario, dir.path());
}

/// Tasks that pause free their agent's slot while paused (task_pause.toml:
/// three tasks at once per agent, 30 % paused for a mean 20 minutes): a
/// paused task's record spans time it held no slot, so counting it made
/// the concurrency 9. Left out, the records give the true 3.
#[test]
fn paused_tasks_do_not_inflate_the_concurrency() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let records = bundled_records("task_pause", dir.path());
    let paused = count_records(&records, |r| {
        r["TotalPauseCount"].as_u64().is_some_and(|n| n > 0)
    });
    assert!(paused > 50, "{paused} paused tasks");
    let (scenario, doc, _) = calibrate_records(&records, dir.path());
    let profile = &doc["routing_profiles"][0];
    assert_eq!(
        profile["concurrency"]["task"].as_integer(),
        Some(3),
        "{scenario}"
    );
}

/// A transferred caller's talk with the destination's agent is the
/// TRANSFER contact's own agent interaction: the scenario's transfer
/// `talk_after` is fitted to those (it was the destination queue's
/// callers' talk, and "0s" for a queue only transfers reach).
#[test]
fn talk_after_a_transfer_is_the_transfer_contacts_talk() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let records = bundled_records("transfer", dir.path());
    let text = std::fs::read_to_string(&records).unwrap_or_else(|e| panic!("{e}"));
    let talks: Vec<f64> = text
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter(|r| r["InitiationMethod"] == "TRANSFER")
        .filter_map(|r| r["Agent"]["AgentInteractionDuration"].as_f64())
        .collect();
    assert!(talks.len() > 50, "{} transfer talks", talks.len());
    let mean = talks.iter().sum::<f64>() / talks.len() as f64;
    let (scenario, doc, cal) = calibrate_records(&records, dir.path());
    let rule = &doc["queues"][0]["transfer"];
    assert!(rule["talk_after"].as_str() != Some("0s"), "{scenario}");
    let fit = &cal["talk_after_transfer"][0];
    assert_eq!(fit["queue"], "specialists");
    // The fitted mean estimates the mean of the talks it was fitted to.
    within_log("talk after transfer", fit_mean(&fit["fit"]), mean);
}

/// A profile serving two queues of one channel: the priorities its
/// agents followed are read back from what they picked while the other
/// queue waited — 1 and 2 when the scenario has them so, both 1 when it
/// has them equal (taken oldest first across both).
#[test]
fn queue_priorities_are_read_from_what_agents_picked() {
    let center = |second: u32| {
        format!(
            r#"
name = "priorities"
[simulation]
seed = 5
replications = 1
horizon = "8h"
interval = "30m"
start = "2026-03-02T08:00:00Z"
[[queues]]
name = "first"
[[queues]]
name = "second"
[[routing_profiles]]
name = "both"
queues = [{{ queue = "first", priority = 1 }}, {{ queue = "second", priority = {second} }}]
[[agent_groups]]
name = "team"
routing_profile = "both"
headcount = 20
auto_accept = true
[[sources]]
name = "a"
rate_per_hour = 110
queue = "first"
customer = {{ talk = {{ dist = "exponential", mean = "5m" }}, patience = {{ dist = "exponential", mean = "10m" }} }}
[[sources]]
name = "b"
rate_per_hour = 110
queue = "second"
customer = {{ talk = {{ dist = "exponential", mean = "5m" }}, patience = {{ dist = "exponential", mean = "10m" }} }}
"#
        )
    };
    for (second, want) in [(2, 2), (1, 1)] {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let d = dir.path();
        let records = records_of(&center(second), d);
        let (_, _, cal) = calibrate_records(&records, d);
        let p = &cal["routing_priority"][0];
        assert_eq!(p["priority"]["first"], 1, "{p}");
        assert_eq!(p["priority"]["second"], want, "{p}");
        // calibration.md says what was written and on what evidence.
        let report = std::fs::read_to_string(d.join("calibrated/calibration.md"))
            .unwrap_or_else(|e| panic!("{e}"));
        let line = report
            .lines()
            .find(|l| l.starts_with("- both: first 1, second "))
            .unwrap_or_else(|| panic!("{report}"));
        assert!(line.contains(&format!("second {want}")), "{line}");
        assert!(line.contains("Older waiters passed over: first "), "{line}");
    }
}

/// The priority the first routing profile of scenario `doc` gives `queue`.
fn first_profile_priority(doc: &toml::Value, queue: &str) -> Option<i64> {
    doc["routing_profiles"][0]["queues"]
        .as_array()
        .and_then(|qs| qs.iter().find(|q| q["queue"].as_str() == Some(queue)))
        .and_then(|q| q["priority"].as_integer())
}

/// callback.toml's callbacks wait a fixed 5 minutes before they queue, and
/// their agents serve callers first (callbacks at priority 2): both are read
/// back, so the calibrated callbacks wait as the recorded ones did.
#[test]
fn callbacks_keep_their_initial_delay_and_their_lower_priority() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let records = bundled_records("callback", dir.path());
    let (scenario, doc, _) = calibrate_records(&records, dir.path());
    let flows = doc["flows"].as_array().cloned().unwrap_or_default();
    let callback = flows
        .iter()
        .find_map(|f| f.get("callback"))
        .unwrap_or_else(|| panic!("no callback in {scenario}"));
    assert_eq!(
        callback["initial_delay"].as_str(),
        Some("300s"),
        "{scenario}"
    );
    let priority = |queue: &str| first_profile_priority(&doc, queue);
    assert_eq!(priority("support"), Some(1), "{scenario}");
    assert_eq!(priority("callbacks"), Some(2), "{scenario}");
}

/// A team serves its callers first and billing and callbacks alike after
/// (priority 2 both); four callbacks in ten are answered at a dial, so many
/// are dialled again after 10 minutes. Such a callback's record spans
/// every retry delay between its enqueue and its dequeue, and its routing
/// age starts before its queue time (at the original contact's start):
/// read as waits, the retries were passed over by billing callers (531
/// times) and callbacks came out below billing; read by queue time, the
/// callbacks' lead on billing callers read billing below callbacks. Both
/// priorities are read back as 2.
#[test]
fn retried_callbacks_are_no_waiters_and_keep_their_routing_age() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (scenario, doc) = calibrate_truth(dir.path(), "cal", RETRIED_CALLBACKS);
    let priority = |queue: &str| first_profile_priority(&doc, queue);
    assert_eq!(priority("support"), Some(1), "{scenario}");
    assert_eq!(priority("callbacks"), Some(2), "{scenario}");
    assert_eq!(priority("billing"), Some(2), "{scenario}");
}

/// Writes `truth` under `dir`, simulates it once and calibrates its
/// records into `dir/out`: the scenario written, as text and parsed.
fn calibrate_truth(dir: &std::path::Path, out: &str, truth: &str) -> (String, toml::Value) {
    let path = dir.join(format!("{out}-truth.toml"));
    std::fs::write(&path, truth).unwrap_or_else(|e| panic!("{e}"));
    let (scenario, _) =
        super::calibrate_follow_ups::simulate_and_calibrate(dir, &path, "1", out, None);
    let doc: toml::Value = toml::from_str(&scenario).unwrap_or_else(|e| panic!("{e}"));
    (scenario, doc)
}

const RETRIED_CALLBACKS: &str = r#"name = "retried callbacks"
[simulation]
seed = 4242
replications = 1
start = "2026-03-02T08:00:00Z"
horizon = "10h"
interval = "30m"
drain = "2h"

[[queues]]
name = "support"
[[queues]]
name = "billing"
[[queues]]
name = "callbacks"

[[routing_profiles]]
name = "support"
queues = [{ queue = "support", priority = 1 }, { queue = "callbacks", priority = 2 }, { queue = "billing", priority = 2 }]

[[agent_groups]]
name = "support"
routing_profile = "support"
headcount = 16
auto_accept = true
auto_accept_by_channel = { callback = true }
after_contact_work = "30s"

[[flows]]
name = "Queue with callback"
type = "customer_queue"
callback = { offer_after = "60s", take_probability = 0.4, initial_delay = "2m", max_attempts = 3, retry_delay = "10m", queue = "callbacks", answer_probability = 0.4 }

[[flows]]
name = "IVR"
type = "inbound"
duration = "30s"
queues = [{ queue = "support", probability = 0.6 }, { queue = "billing", probability = 0.4 }]
sets = { customer_queue = "Queue with callback" }

[[sources]]
name = "callers"
inbound_flow = "IVR"
rate_per_hour = 280
customer = { talk = { dist = "exponential", mean = "180s" }, patience = { dist = "exponential", mean = "5m" } }
"#;

/// A callback's routing age starts at its original contact's initiation
/// (MODEL.md), not at its request: a caller who waited 90 s before
/// choosing one is that much older than its callback's record says. Read
/// from the request, agents taking callbacks "while older" billing
/// callers waited read billing below callbacks (49 such picks here, with
/// the age from the request); followed back through the inbound
/// contact's `NextContactId`, both are read at their true priority, 2.
#[test]
fn a_callback_s_routing_age_is_its_original_contact_s() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let once = RETRIED_CALLBACKS
        .replace("seed = 4242", "seed = 4243")
        .replace(
            r#"offer_after = "60s", take_probability = 0.4, initial_delay = "2m", max_attempts = 3, retry_delay = "10m", queue = "callbacks", answer_probability = 0.4"#,
            r#"offer_after = "90s", take_probability = 0.4, initial_delay = "1m", max_attempts = 1, queue = "callbacks", answer_probability = 0.9"#,
        );
    assert!(once.contains("max_attempts = 1") && once.contains("4243"));
    let (scenario, doc) = calibrate_truth(dir.path(), "cal", &once);
    let priority = |queue: &str| first_profile_priority(&doc, queue);
    assert_eq!(priority("support"), Some(1), "{scenario}");
    assert_eq!(priority("callbacks"), Some(2), "{scenario}");
    assert_eq!(priority("billing"), Some(2), "{scenario}");
}

/// A routing profile's priorities hold across channels: a free agent is
/// offered the highest-priority contact, call or task. An agent holding a
/// task cannot take a call whatever the priorities, so only pickups by an
/// agent that held nothing compare the two channels. Before, no pickup
/// did, and calls at 1 and tasks at 2 were read as one priority (in a
/// probe's backtest, tasks waited 8.9 s where they had waited 47.1 s). The
/// same center with both at 1 is read at 1.
#[test]
fn priorities_across_channels_are_read_from_agents_that_held_nothing() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    for (task_priority, written) in [(2, 2), (1, 1)] {
        let text = CALLS_BEFORE_TASKS.replace(
            r#"{ queue = "backoffice", priority = 2 }"#,
            &format!(r#"{{ queue = "backoffice", priority = {task_priority} }}"#),
        );
        let (scenario, doc) = calibrate_truth(dir.path(), &format!("cal{task_priority}"), &text);
        assert_eq!(first_profile_priority(&doc, "calls"), Some(1), "{scenario}");
        assert_eq!(
            first_profile_priority(&doc, "backoffice"),
            Some(written),
            "{scenario}"
        );
    }
}

/// A chat desk that also takes calls, both at one priority, answering by
/// hand (chats after 3–7 s): a free agent often takes two chats at once,
/// the second while holding the first (no call may join it), and a chat
/// answered slower than the mean was offered while the agent's last chat
/// ran. Counted as free agents' picks, such chats "passed over" older calls
/// 5 times and calls were read a level below; the desk is read at one
/// priority.
#[test]
fn chats_taken_two_at_once_tell_no_priority_over_calls() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let truth = dir.path().join("truth.toml");
    std::fs::write(&truth, CHAT_DESK_TAKING_CALLS).unwrap_or_else(|e| panic!("{e}"));
    let (scenario, _) =
        super::calibrate_follow_ups::simulate_and_calibrate(dir.path(), &truth, "10", "cal", None);
    let doc: toml::Value = toml::from_str(&scenario).unwrap_or_else(|e| panic!("{e}"));
    let chat = toml_entry(&doc, "routing_profiles", "name", "chat");
    let priority = |queue: &str| {
        chat["queues"]
            .as_array()
            .and_then(|qs| qs.iter().find(|q| q["queue"].as_str() == Some(queue)))
            .and_then(|q| q["priority"].as_integer())
    };
    assert_eq!(priority("web chat"), Some(1), "{scenario}");
    assert_eq!(priority("calls"), Some(1), "{scenario}");
}

const CHAT_DESK_TAKING_CALLS: &str = r#"name = "blended"
[simulation]
seed = 43
replications = 10
start = "2026-03-02T00:00:00Z"
horizon = "8h"
interval = "30m"
warmup = "0s"
drain = "2h"

[[queues]]
name = "web chat"

[[queues]]
name = "calls"

[[routing_profiles]]
name = "chat"
queues = [{ queue = "web chat" }, { queue = "calls" }]
concurrency = { chat = 2 }

[[routing_profiles]]
name = "phones"
queues = [{ queue = "calls" }]

[[agent_groups]]
name = "chat_desk"
routing_profile = "chat"
headcount = 8
auto_accept = false
answer_delay = "3s"
answer_delay_by_channel = { chat = { dist = "uniform", min = "3s", max = "7s" } }
after_contact_work = "20s"

[[agent_groups]]
name = "phone_desk"
routing_profile = "phones"
headcount = 4
auto_accept = true
after_contact_work = "10s"

[[flows]]
name = "Default agent whisper"
type = "agent_whisper"
duration = "2s"

[[sources]]
name = "callers"
rate_per_hour = 60
queue = "calls"
customer = { talk = { dist = "lognormal", mean = "4m", cv = 0.5 }, patience = { dist = "exponential", mean = "5m" } }

[[sources]]
name = "web chat"
method = "api_chat"
rate_per_hour = 80
queue = "web chat"
customer = { talk = { dist = "lognormal", mean = "8m", cv = 0.6 }, patience = { dist = "exponential", mean = "10m" } }
"#;

const CALLS_BEFORE_TASKS: &str = r#"name = "calls before tasks"
[simulation]
seed = 4244
replications = 1
start = "2026-03-02T08:00:00Z"
horizon = "10h"
interval = "30m"
drain = "2h"

[[queues]]
name = "calls"
[[queues]]
name = "backoffice"

[[routing_profiles]]
name = "front"
queues = [{ queue = "calls", priority = 1 }, { queue = "backoffice", priority = 2 }]

[[agent_groups]]
name = "front"
routing_profile = "front"
headcount = 16
auto_accept = true
after_contact_work = "30s"

[[sources]]
name = "callers"
queue = "calls"
rate_per_hour = 150
customer = { talk = { dist = "exponential", mean = "4m" }, patience = { dist = "exponential", mean = "4m" } }

[[sources]]
name = "tasks"
method = "api_task"
queue = "backoffice"
rate_per_hour = 25
customer = { talk = { dist = "lognormal", mean = "10m", cv = 0.5 } }
"#;

/// all_methods.toml's digital agents: three chats, two tasks or three
/// emails at once; a task blocks other channels, chats and emails allow
/// them. Its tasks pause (a chat taken while one is paused is no sign
/// that tasks allow chats) and its emails end in replies (a reply that
/// starts during a task is no contact taken while on it): the records
/// give back exactly that concurrency and cross-channel behaviour.
#[test]
fn multichannel_concurrency_and_cross_channel_are_read_back() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let records = bundled_records("all_methods", dir.path());
    let (scenario, doc, _) = calibrate_records(&records, dir.path());
    let digital = toml_entry(&doc, "routing_profiles", "name", "digital");
    let table = |key: &str| digital[key].as_table().cloned().unwrap_or_default();
    let concurrency: Vec<(String, i64)> = table("concurrency")
        .into_iter()
        .map(|(k, v)| (k, v.as_integer().unwrap_or(0)))
        .collect();
    assert_eq!(
        concurrency,
        [("chat".into(), 3), ("email".into(), 3), ("task".into(), 2)],
        "{scenario}"
    );
    let cross: Vec<String> = table("cross_channel").keys().cloned().collect();
    assert_eq!(cross, ["chat", "email"], "{scenario}");
}

/// Records with no contact that entered a queue from outside (here an
/// outbound call and a callback) have no arrivals to estimate: a user's
/// error naming the files and the fix, not an internal one.
#[test]
fn records_without_arrivals_are_refused_with_a_fix() {
    let f = root().join("tests/fixtures/ingest");
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let out = dir.path().join("x");
    let (code, err) = ccsim_fails(&["calibrate", s(&f.join("array.json")), "--out", s(&out)]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("array.json") && err.contains("fix:"), "{err}");
    assert!(!err.contains("please report"), "{err}");
    assert!(!out.exists());
}

/// One record or report row dated in the wrong century used to make the
/// calibration count every interval since then — it ran out of memory.
/// Now the span is refused, naming the two records (or rows) at its ends
/// and the fix; the backtest reads records the same way.
#[test]
fn a_record_dated_in_the_wrong_century_is_refused_by_name() {
    let f = root().join("tests/fixtures/ingest");
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let lines = std::fs::read_to_string(f.join("lines.jsonl")).unwrap_or_else(|e| panic!("{e}"));
    let mut out_of_place: Vec<String> = lines.lines().map(String::from).collect();
    // The second record (line 2) is dated in the year 0000, every stamp
    // of it (alone, its initiation is refused as out of place within the
    // record).
    assert!(out_of_place[1].contains("\"InitiationTimestamp\":\"2024-"));
    out_of_place[1] = out_of_place[1].replace("\":\"2024-", "\":\"0000-");
    let records = dir.path().join("records.jsonl");
    std::fs::write(&records, out_of_place.join("\n")).unwrap_or_else(|e| panic!("{e}"));
    let out = dir.path().join("x");
    let (code, err) = ccsim_fails(&["calibrate", s(&records), "--out", s(&out)]);
    assert_eq!(code, 2, "{err}");
    for part in ["records.jsonl:2 (record 2)", "0000-", "days", "split"] {
        assert!(err.contains(part), "no `{part}` in {err}");
    }
    assert!(!out.exists());
    let (code, err) = ccsim_fails(&[
        "backtest",
        s(&root().join("scenarios/default.toml")),
        s(&records),
        "--out",
        s(&out),
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("records.jsonl:2 (record 2)"), "{err}");
    // A historical metrics row of the year 1 (with a roster, so that the
    // report alone would calibrate).
    let metrics = std::fs::read_to_string(f.join("historical_metrics.csv"))
        .unwrap_or_else(|e| panic!("{e}"))
        .replace(
            "2024-03-04T09:30:00,2024-03-04T10:00:00",
            "0001-03-04T09:30:00,0001-03-04T10:00:00",
        );
    let csv = dir.path().join("metrics.csv");
    std::fs::write(&csv, metrics).unwrap_or_else(|e| panic!("{e}"));
    let (code, err) = ccsim_fails(&[
        "calibrate",
        s(&csv),
        s(&f.join("roster.csv")),
        "--out",
        s(&out),
    ]);
    assert_eq!(code, 2, "{err}");
    for part in ["metrics.csv", "0001-03-04T09:30:00Z", "split"] {
        assert!(err.contains(part), "no `{part}` in {err}");
    }
    assert!(!out.exists());
}

/// 210 one-hour days of a small center: a period of 20 068 quarter hours,
/// more than a scenario may hold.
const LONG_PERIOD: &str = r#"
name = "long"
[simulation]
seed = 5
replications = 210
start = "2026-01-05T00:00:00Z"
horizon = "1h"
interval = "15m"
drain = "1h"
[[queues]]
name = "q"
[[routing_profiles]]
name = "p"
queues = [{ queue = "q" }]
[[agent_groups]]
name = "p"
routing_profile = "p"
headcount = 2
auto_accept = true
[[flows]]
name = "IVR"
type = "inbound"
duration = { dist = "exponential", mean = "20s" }
queues = [{ queue = "q", probability = 1.0 }]
[[sources]]
name = "callers"
rate_per_hour = 20
inbound_flow = "IVR"
customer = { talk = { dist = "exponential", mean = "2m" } }
"#;

/// A period too long for a scenario at the interval asked for is written
/// at a longer one that loads, saying so; its volumes are the longer
/// intervals' own counts (the same as calibrating at that interval).
#[test]
fn a_period_too_long_for_the_interval_is_written_at_a_longer_one() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let d = dir.path();
    std::fs::write(d.join("long.toml"), LONG_PERIOD).unwrap_or_else(|e| panic!("{e}"));
    let records = d.join("records.jsonl");
    ccsim(&[
        "run",
        s(&d.join("long.toml")),
        "--quiet",
        "--out",
        s(&d.join("run")),
        "--contact-records",
        s(&records),
    ]);
    let read = |name: &str, interval: &str| {
        let out = d.join(name);
        ccsim(&[
            "calibrate",
            s(&records),
            "--interval",
            interval,
            "--out",
            s(&out),
            "--quiet",
        ]);
        ccsim(&["validate", s(&out.join("scenario.toml"))]);
        std::fs::read_to_string(out.join("scenario.toml")).unwrap_or_else(|e| panic!("{e}"))
    };
    let widened = read("at15", "15m");
    let direct = read("at30", "30m");
    assert!(
        widened.contains("# Interval widened from 15 to 30 minutes"),
        "{widened}"
    );
    assert!(widened.contains("interval = \"1800s\""));
    let volumes = |t: &str| {
        t.lines()
            .find(|l| l.starts_with("volume_per_interval"))
            .map(str::to_string)
            .unwrap_or_default()
    };
    assert!(!volumes(&direct).is_empty());
    assert_eq!(volumes(&widened), volumes(&direct));
}

/// Historical metrics over 15 months are 21,768 intervals of 30 minutes,
/// more than a scenario holds: the scenario is written at a longer
/// interval, as for contact records, and says so (it was refused as an
/// internal error).
#[test]
fn historical_metrics_over_a_long_period_are_written_at_a_longer_interval() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let metrics = dir.path().join("metrics.csv");
    let roster = dir.path().join("roster.csv");
    let write = |p: &Path, text: &str| std::fs::write(p, text).unwrap_or_else(|e| panic!("{e}"));
    write(
        &metrics,
        "queue name,interval start,contacts queued,avg. handle time\n\
         Sales,2024-03-04T14:00:00Z,12,260\n\
         Sales,2024-03-04T14:30:00Z,3,250\n\
         Sales,2025-06-01T01:30:00Z,10,250\n",
    );
    write(
        &roster,
        "interval_start,group,agents\n2024-03-04T14:00:00Z,Sales,8\n",
    );
    let out = dir.path().join("long");
    ccsim(&[
        "calibrate",
        s(&metrics),
        s(&roster),
        "--out",
        s(&out),
        "--quiet",
    ]);
    ccsim(&["validate", s(&out.join("scenario.toml"))]);
    let text = std::fs::read_to_string(out.join("scenario.toml")).unwrap_or_default();
    assert!(text.contains("interval = \"3600s\""), "{text:.600}");
    let doc: Value = serde_json::from_str(
        &std::fs::read_to_string(out.join("calibration.json")).unwrap_or_default(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let note = doc["period"]["interval_widened"]
        .as_str()
        .unwrap_or_default();
    assert!(note.contains("from 30 to 60 minutes"), "{doc}");
    // Every contact is still there, summed into the longer intervals.
    let volumes: f64 = text
        .lines()
        .find_map(|l| l.strip_prefix("volume_per_interval = ["))
        .unwrap_or_default()
        .trim_end_matches(']')
        .split(", ")
        .filter_map(|v| v.parse::<f64>().ok())
        .sum();
    assert_eq!(volumes, 25.0, "{text:.600}");
}

/// A `--name` that cannot name a folder is the user's mistake, refused by
/// the flag's name before any work (it surfaced as "please report this").
#[test]
fn an_unusable_scenario_name_is_refused_naming_the_flag() {
    let ex = root().join("examples/connect");
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    for name in [" ", "", "../x", ".."] {
        let out = dir.path().join("n");
        let (code, err) = ccsim_fails(&[
            "calibrate",
            s(&ex.join("records")),
            "--name",
            name,
            "--out",
            s(&out),
        ]);
        assert_eq!(code, 2, "{name:?}: {err}");
        assert!(
            err.contains("--name") && !err.contains("please report"),
            "{name:?}: {err}"
        );
        assert!(!out.exists(), "{name:?}: an output folder was left");
    }
}

/// A negative value after a flag (or an email threshold not in whole
/// minutes) reaches ccsim's own check, which names the
/// flag (the command-line parser took it for an unknown flag and suggested
/// `-- -5`, which makes it an input file).
#[test]
fn negative_flag_values_are_refused_naming_the_flag() {
    let ex = root().join("examples/connect");
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let out = dir.path().join("x");
    let records = s(&ex.join("records")).to_string();
    for (flag, value) in [
        ("--sl-threshold", "-5s"),
        ("--email-sl-threshold", "-4h"),
        ("--email-sl-threshold", "90s"),
        ("--interval", "-30m"),
        ("--replications", "-1"),
        ("--seed", "-1"),
    ] {
        let (code, err) = ccsim_fails(&["calibrate", &records, flag, value, "--out", s(&out)]);
        assert_eq!(code, 2, "{flag} {value}: {err}");
        assert!(
            err.contains(flag) && err.contains(value),
            "{flag} {value}: {err}"
        );
    }
    let (code, err) = ccsim_fails(&["run", "--replications", "-3", "--out", s(&out)]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--replications"), "{err}");
}

/// A threshold flag given twice asks for that threshold once: the scenario
/// written lists it once (a scenario refuses a threshold listed twice).
#[test]
fn a_repeated_threshold_flag_is_written_once() {
    let ex = root().join("examples/connect");
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let out = dir.path().join("x");
    ccsim(&[
        "calibrate",
        s(&ex.join("records")),
        "--sl-threshold",
        "20s",
        "--sl-threshold",
        "60s",
        "--sl-threshold",
        "20s",
        "--out",
        s(&out),
        "--quiet",
    ]);
    let scenario =
        std::fs::read_to_string(out.join("scenario.toml")).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        scenario.contains("service_level_thresholds = [\"20s\", \"60s\"]\n"),
        "{scenario}"
    );
}

/// `--out out/../out` names the existing folder through itself: it is
/// replaced in place, keeping the user's other files (the old folder was
/// moved aside and the new one could not be put there).
#[test]
fn an_output_folder_named_through_itself_is_replaced_in_place() {
    let ex = root().join("examples/connect");
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let out = dir.path().join("out");
    std::fs::create_dir_all(&out).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(out.join("keep.txt"), "mine").unwrap_or_else(|e| panic!("{e}"));
    ccsim(&[
        "calibrate",
        s(&ex.join("records")),
        "--out",
        s(&dir.path().join("out/../out")),
        "--quiet",
    ]);
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap_or_else(|e| panic!("{e}"))
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["out"]);
    assert!(out.join("keep.txt").is_file() && out.join("scenario.toml").is_file());
}

/// A scenario whose queues the records do not name is refused, naming
/// both sides; one renamed queue is compared all the same, with a warning
/// on stderr and at the top of backtest.md (both ran silently, printing
/// a 0 % share for metrics with nothing compared).
#[test]
fn backtest_names_the_queues_only_one_side_has() {
    let ex = root().join("examples/connect");
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let text = std::fs::read_to_string(calibrated_example(dir.path())).unwrap_or_default();
    assert!(
        text.contains("\"Sales\"") && text.contains("\"Support\""),
        "{text:.400}"
    );
    let write = |name: &str, text: String| {
        let p = dir.path().join(name);
        std::fs::write(&p, text).unwrap_or_else(|e| panic!("{e}"));
        p
    };
    let none = write(
        "none.toml",
        text.replace("\"Sales\"", "\"Billing\"")
            .replace("\"Support\"", "\"Claims\""),
    );
    let (code, err) = backtest_fails(&none, &[&ex.join("records")], &dir.path().join("b1"));
    assert_eq!(code, 2, "{err}");
    for name in ["Sales", "Support", "Billing", "Claims"] {
        assert!(err.contains(name), "{name} not in: {err}");
    }
    let one = write("one.toml", text.replace("\"Sales\"", "\"Billing\""));
    let out = dir.path().join("b2");
    let ran = backtest_twice(&one, &[&ex.join("records")], &out);
    let err = String::from_utf8_lossy(&ran.stderr);
    assert!(
        err.contains("warning") && err.contains("Sales") && err.contains("Billing"),
        "{err}"
    );
    let md = std::fs::read_to_string(out.join("backtest.md")).unwrap_or_default();
    assert!(
        md.contains("**Warning:**") && md.contains("Billing"),
        "{md}"
    );
    assert!(!md.contains("| 0 | 0 | 0.0 % |"), "{md}");
}

/// Calibrates the bundled example's records into `dir/cal`; the scenario's
/// path.
fn calibrated_example(dir: &Path) -> PathBuf {
    let cal = dir.join("cal");
    ccsim(&[
        "calibrate",
        s(&root().join("examples/connect/records")),
        "--out",
        s(&cal),
        "--quiet",
    ]);
    cal.join("scenario.toml")
}

/// `ccsim backtest SCENARIO DATA… --replications 2 --out OUT --quiet`,
/// which must succeed.
fn backtest_twice(scenario: &Path, data: &[&Path], out: &Path) -> std::process::Output {
    let mut args = backtest_args(scenario, data, out);
    args.push("--quiet");
    ccsim(&args)
}

/// `ccsim backtest` that must fail: its exit code and stderr.
fn backtest_fails(scenario: &Path, data: &[&Path], out: &Path) -> (i32, String) {
    ccsim_fails(&backtest_args(scenario, data, out))
}

/// The arguments of a two-replication backtest of `scenario` on `data`.
fn backtest_args<'a>(scenario: &'a Path, data: &[&'a Path], out: &'a Path) -> Vec<&'a str> {
    let mut args = vec!["backtest", s(scenario)];
    args.extend(data.iter().map(|p| s(p)));
    args.extend(["--replications", "2", "--out", s(out)]);
    args
}

/// Records queued outside the scenario's period are not compared, and the
/// backtest says how many (it was silent); a roster given to backtest is
/// refused as calibrate's input, not read as broken JSON.
#[test]
fn backtest_counts_the_records_it_leaves_out_and_refuses_a_roster() {
    let ex = root().join("examples/connect");
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let scenario = calibrated_example(dir.path());
    // Three contacts of March 2024: two queued (Sales), one not.
    let old = root().join("tests/fixtures/ingest/lines.jsonl");
    let out = dir.path().join("b");
    let ran = backtest_twice(&scenario, &[&ex.join("records"), &old], &out);
    let err = String::from_utf8_lossy(&ran.stderr);
    let said =
        "2 queued contact(s) of the records entered their queue outside the scenario's period";
    assert!(err.contains(said), "{err}");
    let md = std::fs::read_to_string(out.join("backtest.md")).unwrap_or_default();
    assert!(md.contains(&format!("**Warning:** {said}")), "{md}");
    // The records alone: nothing left out, nothing said.
    let alone = backtest_twice(&scenario, &[&ex.join("records")], &dir.path().join("b2"));
    let err = String::from_utf8_lossy(&alone.stderr);
    assert!(!err.contains("outside"), "{err}");
    let (code, err) = backtest_fails(
        &scenario,
        &[&ex.join("records"), &ex.join("roster.csv")],
        &dir.path().join("b3"),
    );
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("roster.csv is a roster (CSV)") && err.contains("contact records only"),
        "{err}"
    );
}

/// A historical metrics report or a roster dated in 9999 was read, and
/// the scenario calibrated from it did not validate ("please report
/// this": the dates a scenario holds end on 9999-12-30). Either file's
/// row is now refused, naming the file, line and field.
#[test]
fn metrics_and_rosters_beyond_the_representable_years_are_refused() {
    let fixtures = root().join("tests/fixtures/ingest");
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let dated = |name: &str, year: &str| {
        let text = std::fs::read_to_string(fixtures.join(name)).unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join(format!("{year}-{name}"));
        std::fs::write(&path, text.replace("2024-03-04", &format!("{year}-12-31")))
            .unwrap_or_else(|e| panic!("{e}"));
        path
    };
    let (metrics, roster) = (
        dated("historical_metrics_15min.csv", "9999"),
        dated("roster_groups.csv", "2024"),
    );
    let out = dir.path().join("cal");
    let (code, err) = ccsim_fails(&["calibrate", s(&metrics), s(&roster), "--out", s(&out)]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("9999-historical_metrics_15min.csv:2")
            && err.contains("is beyond the times ccsim can represent")
            && err.contains("check the year"),
        "{err}"
    );
    let roster = dated("roster_groups.csv", "9999");
    let metrics = dated("historical_metrics_15min.csv", "2024");
    let (code, err) = ccsim_fails(&["calibrate", s(&metrics), s(&roster), "--out", s(&out)]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("9999-roster_groups.csv:2") && err.contains("check the year"),
        "{err}"
    );
    assert!(!out.exists());
}

/// A backtest that finds no contact in the period names when the
/// records' contacts entered their queues, as it counts them: a fuzz
/// find's one call began at 08:29:59, inside the 08:00–08:30 period
/// calibrated from it, and queued at 08:30:01; the error said the
/// contacts "began from 08:29:59 to 08:29:59", inside the period it said
/// none was in.
#[test]
fn a_backtest_with_nothing_in_its_period_names_when_contacts_queued() {
    let records = root().join("tests/fixtures/ingest/queued_after_its_period.jsonl");
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let cal = dir.path().join("cal");
    ccsim(&["calibrate", s(&records), "--out", s(&cal), "--quiet"]);
    let (code, err) = ccsim_fails(&[
        "backtest",
        s(&cal.join("scenario.toml")),
        s(&records),
        "--replications",
        "2",
        "--out",
        s(&dir.path().join("bt")),
        "--quiet",
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("entered their queues from 2026-03-02T08:30:01Z to 2026-03-02T08:30:01Z"),
        "{err}"
    );
}

/// A roster that leaves the records' period uncovered (its one row is a
/// week later) gave a profile whose agents answered 321 calls no agent at
/// all, silently. Those intervals now take the agents seen working, and
/// the report says so; and, since a fuzz campaign found a roster with its
/// year mistyped used for nothing with only the report saying so, a
/// warning on stderr and a word beside the headcount say it too.
#[test]
fn a_roster_that_misses_the_period_falls_back_to_the_agents_seen_working() {
    let ex = root().join("examples/connect");
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let roster = dir.path().join("roster.csv");
    std::fs::write(
        &roster,
        "interval_start,group,agents\n2026-03-09T09:00:00,Sales Agents,5\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let out = dir.path().join("cal");
    let ran = ccsim(&[
        "calibrate",
        s(&ex.join("records")),
        s(&roster),
        "--time-zone",
        "America/New_York",
        "--out",
        s(&out),
        "--quiet",
    ]);
    let md = std::fs::read_to_string(out.join("calibration.md")).unwrap_or_default();
    assert!(
        md.contains("roster for `Sales Agents` does not cover"),
        "{md}"
    );
    let err = String::from_utf8_lossy(&ran.stderr);
    assert!(
        err.contains("the roster does not cover intervals")
            && err.contains("Sales Agents: 20 interval(s)"),
        "{err}"
    );
    let toml = std::fs::read_to_string(out.join("scenario.toml")).unwrap_or_default();
    assert!(
        toml.contains("# except 20 interval(s) the roster does not cover"),
        "{toml}"
    );
    let doc: Value = serde_json::from_str(
        &std::fs::read_to_string(out.join("calibration.json")).unwrap_or_default(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let entries = doc["headcount"].as_array().cloned().unwrap_or_default();
    let sales = entries
        .iter()
        .find(|e| e["routing_profile"] == "Sales Agents" && e["per_interval"].is_array())
        .unwrap_or_else(|| panic!("no Sales Agents headcount: {doc}"));
    let peak = sales["per_interval"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_u64)
        .max()
        .unwrap_or(0);
    assert!(peak > 0, "{sales}");
}
