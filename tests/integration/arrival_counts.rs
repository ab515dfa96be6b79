//! `arrival_counts`: a source's volumes brought exactly (a day that
//! happened) rather than as a Poisson count around them, in `run` and in
//! `backtest`; and calibrate marking its volumes as the counts observed.

use std::path::Path;

use statrs::distribution::{ContinuousCDF, StudentsT};

use crate::calibrate_follow_ups::{ccsim, s};
use crate::common::problems;

/// One queue at about 93 % occupancy (10 agents, 124 calls an hour of
/// 240 s talk and 30 s ACW), 8 hours of 30 minutes. `arrivals` is the
/// source's arrival line(s), `seed` the scenario's seed.
fn center(arrivals: &str, seed: u64) -> String {
    format!(
        r#"
name = "counts"
[simulation]
seed = {seed}
replications = 1
start = "2024-04-01T08:00:00Z"
horizon = "8h"
interval = "30m"
drain = "1h"
[[queues]]
name = "Q"
[[routing_profiles]]
name = "P"
queues = [{{ queue = "Q" }}]
[[agent_groups]]
name = "agents"
routing_profile = "P"
headcount = 10
auto_accept = true
after_contact_work = "30s"
[[sources]]
name = "calls"
{arrivals}
queue = "Q"
[sources.customer]
talk = {{ dist = "lognormal", mean = "240s", cv = 0.6 }}
patience = {{ dist = "exponential", mean = "180s" }}
"#
    )
}

/// Contacts of `records` (JSON lines) that began in each of the 16
/// intervals of 30 minutes from 08:00, per replication (the records put
/// replication r on day r).
fn arrivals_per_interval(records: &Path) -> Vec<Vec<u32>> {
    let text = std::fs::read_to_string(records).unwrap_or_else(|e| panic!("{e}"));
    let mut per: Vec<Vec<u32>> = Vec::new();
    for line in text.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}"));
        let at = v["InitiationTimestamp"].as_str().unwrap_or_default();
        // "2024-04-0DTHH:MM:SSZ"
        let field = |r: std::ops::Range<usize>| -> usize {
            at.get(r)
                .and_then(|x| x.parse().ok())
                .unwrap_or_else(|| panic!("timestamp {at}"))
        };
        let (day, secs) = (
            field(8..10) - 1,
            field(11..13) * 3600 + field(14..16) * 60 + field(17..19),
        );
        let interval = (secs - 8 * 3600) / 1800;
        if per.len() <= day {
            per.resize(day + 1, vec![0; 16]);
        }
        per[day][interval] += 1;
    }
    per
}

#[test]
fn exact_counts_bring_each_interval_s_volume_in_every_replication() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let d = dir.path();
    let volumes = [
        30, 45, 60, 62, 70, 55, 50, 61, 66, 58, 49, 40, 35, 52, 60, 20,
    ];
    let list = volumes.map(|v| v.to_string()).join(", ");
    // "exact" in a run; "observed" is a Poisson count there: the same
    // volumes vary.
    let mut runs = Vec::new();
    for counts in ["exact", "observed"] {
        let scenario = d.join(format!("{counts}.toml"));
        let text = center(
            &format!("volume_per_interval = [{list}]\narrival_counts = \"{counts}\""),
            5,
        );
        std::fs::write(&scenario, text).unwrap_or_else(|e| panic!("{e}"));
        let records = d.join(format!("{counts}.jsonl"));
        ccsim(&[
            "run",
            s(&scenario),
            "--replications",
            "3",
            "--quiet",
            "--out",
            s(&d.join(format!("run-{counts}"))),
            "--contact-records",
            s(&records),
        ]);
        runs.push(arrivals_per_interval(&records));
    }
    assert_eq!(runs[0].len(), 3);
    for (r, counts) in runs[0].iter().enumerate() {
        assert_eq!(counts.as_slice(), volumes.as_slice(), "replication {r}");
    }
    let per = &runs[1];
    assert!(
        per.iter().any(|c| c.as_slice() != volumes.as_slice()),
        "observed volumes came exactly in a run: {per:?}"
    );
}

#[test]
fn arrival_counts_mistakes_name_the_field_and_the_fix() {
    let unknown = problems(&center(
        "rate_per_hour = 100\narrival_counts = \"fixed\"",
        1,
    ));
    assert!(
        unknown.contains("sources[0].arrival_counts")
            && unknown.contains("unknown arrival_counts `fixed`")
            && unknown.contains("\"exact\""),
        "{unknown}"
    );
    let times = problems(&center(
        "arrival_times = [\"0s\", \"90s\"]\narrival_counts = \"exact\"",
        1,
    ));
    assert!(
        times.contains("sources[0].arrival_counts")
            && times.contains("exact arrival times take no arrival_counts")
            && times.contains("remove `arrival_counts`"),
        "{times}"
    );
}

/// Mean over one day's intervals of observed − simulated mean ASA, from
/// a backtest's CSV.
fn asa_gap(csv: &str) -> f64 {
    let header: Vec<&str> = csv.lines().next().unwrap_or_default().split(',').collect();
    let col = |name: &str| {
        header
            .iter()
            .position(|c| *c == name)
            .unwrap_or_else(|| panic!("no {name}"))
    };
    let (metric, obs, sim) = (col("metric"), col("observed"), col("simulated_mean"));
    let gaps: Vec<f64> = csv
        .lines()
        .skip(1)
        .map(|l| l.split(',').collect::<Vec<_>>())
        .filter(|f| f[metric] == "asa_seconds")
        .filter_map(|f| Some(f[obs].parse::<f64>().ok()? - f[sim].parse::<f64>().ok()?))
        .collect();
    assert!(gaps.len() >= 12, "{} intervals compared", gaps.len());
    gaps.iter().sum::<f64>() / gaps.len() as f64
}

/// A day's own volumes, backtested: given the count in each interval, a
/// Poisson day's arrival times are independent and uniform within it, so
/// simulated days that bring those counts exactly have the observed
/// day's expected ASA — interval by interval, whatever the load. Forty
/// days of a center at 93 % occupancy (seeds of their own), each written
/// back as a scenario with its counts (`arrival_counts = "observed"`,
/// the line calibrate writes) and backtested with 40 replications: the
/// mean over the days of (observed − simulated) ASA lies within its
/// 99 % Student-t interval of 0 (days are independent; a day's intervals
/// are not, so the day is the unit). The same days with a Poisson count
/// around their volumes are printed beside it: waits convex in load
/// put that mean below 0.
#[test]
fn a_backtest_of_a_day_s_own_counts_expects_the_day_s_waits() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let d = dir.path();
    let truth = d.join("truth.toml");
    std::fs::write(&truth, center("rate_per_hour = 124", 1)).unwrap_or_else(|e| panic!("{e}"));
    let days = 40u64;
    let (mut exact, mut poisson) = (Vec::new(), Vec::new());
    for day in 0..days {
        let records = d.join(format!("day-{day}.jsonl"));
        let seed = (100 + day).to_string();
        ccsim(&[
            "run",
            s(&truth),
            "--seed",
            &seed,
            "--quiet",
            "--out",
            s(&d.join(format!("run-{day}"))),
            "--contact-records",
            s(&records),
        ]);
        let counts = arrivals_per_interval(&records)[0]
            .iter()
            .map(u32::to_string)
            .collect::<Vec<_>>()
            .join(", ");
        let scenario = d.join(format!("day-{day}.toml"));
        let text = center(
            &format!("volume_per_interval = [{counts}]\narrival_counts = \"observed\""),
            1_000 + day,
        );
        std::fs::write(&scenario, text).unwrap_or_else(|e| panic!("{e}"));
        for (how, gaps) in [("scenario", &mut exact), ("poisson", &mut poisson)] {
            let out = d.join(format!("bt-{day}-{how}"));
            ccsim(&[
                "backtest",
                s(&scenario),
                s(&records),
                "--replications",
                "40",
                "--arrival-counts",
                how,
                "--out",
                s(&out),
                "--quiet",
            ]);
            let csv =
                std::fs::read_to_string(out.join("backtest.csv")).unwrap_or_else(|e| panic!("{e}"));
            gaps.push(asa_gap(&csv));
            if how == "scenario" {
                let md = std::fs::read_to_string(out.join("backtest.md"))
                    .unwrap_or_else(|e| panic!("{e}"));
                assert!(
                    md.contains("every source brings each interval's volume exactly"),
                    "{md}"
                );
            }
        }
    }
    let summary = |g: &[f64]| {
        let n = g.len() as f64;
        let mean = g.iter().sum::<f64>() / n;
        let sd = (g.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt();
        let t = StudentsT::new(0.0, 1.0, n - 1.0).unwrap_or_else(|e| panic!("{e}"));
        (mean, t.inverse_cdf(0.995) * sd / n.sqrt())
    };
    let (m, h) = summary(&exact);
    let (pm, ph) = summary(&poisson);
    eprintln!(
        "observed − simulated ASA over {days} days: exact counts {m:+.3} ± {h:.3} s, Poisson counts {pm:+.3} ± {ph:.3} s"
    );
    assert!(
        m.abs() <= h,
        "the day's own counts backtest its ASA {m:+.3} s off (99 % interval ± {h:.3})"
    );
}
