//! Issue 12, section 2: the files other tools read. Every `.hdr` file is
//! the standard compressed V2 format and reads back, with the hdrhistogram
//! crate's ordinary deserializer, to exactly the counts and percentiles of
//! `percentiles.csv`; `summary.csv`'s `interval` column is a timestamp or
//! empty; names that would share a file are refused; `results/` in a
//! checkout is ignored by git.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use hdrhistogram::serialization::Deserializer;
use hdrhistogram::Histogram;

use crate::common::problems;

/// HdrHistogram's cookie for a DEFLATE-compressed V2 histogram, as Java's
/// `encodeIntoCompressedByteBuffer` writes it (base `0x1c849304` with the
/// word-size bits `0x10`) and every language's library reads it.
const V2_COMPRESSED_COOKIE: u32 = 0x1c84_9314;

/// Runs `ccsim run` on a bundled scenario into `out`.
fn run(scenario: &str, out: &Path) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("scenarios")
        .join(scenario);
    let o = Command::new(env!("CARGO_BIN_EXE_ccsim"))
        .arg("run")
        .arg(path)
        .args(["--replications", "3", "--quiet", "--out"])
        .arg(out)
        .output()
        .unwrap_or_else(|e| panic!("cannot start ccsim: {e}"));
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

/// `percentiles.csv` as `file name → its row (column → cell)`.
fn percentile_rows(dir: &Path) -> BTreeMap<String, BTreeMap<String, String>> {
    let mut r = csv::Reader::from_path(dir.join("histograms/percentiles.csv"))
        .unwrap_or_else(|e| panic!("{e}"));
    let header: Vec<String> = r
        .headers()
        .unwrap_or_else(|e| panic!("{e}"))
        .iter()
        .map(str::to_string)
        .collect();
    let mut out = BTreeMap::new();
    for rec in r.records() {
        let rec = rec.unwrap_or_else(|e| panic!("{e}"));
        let row: BTreeMap<String, String> = header
            .iter()
            .cloned()
            .zip(rec.iter().map(str::to_string))
            .collect();
        let file = format!(
            "{}-{}-{}.hdr",
            row["scope"],
            ccsim::output::files::file_safe(&row["name"]),
            row["histogram"]
        );
        out.insert(file, row);
    }
    out
}

/// Seconds as `percentiles.csv` writes them, from milliseconds.
fn secs(ms: u64) -> String {
    format!("{}", ms as f64 / 1000.0)
}

#[test]
fn every_hdr_file_reads_back_to_its_percentiles_row() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    // all_methods: every scope kind, method and channel, and empty
    // histograms (no abandons from a callback queue).
    run("all_methods.toml", tmp.path());
    let rows = percentile_rows(tmp.path());
    let dir = tmp.path().join("histograms");
    let mut read = 0;
    for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{e}")) {
        let path = entry.unwrap_or_else(|e| panic!("{e}")).path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_string();
        if !name.ends_with(".hdr") {
            continue;
        }
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{e}"));
        let cookie = u32::from_be_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]);
        assert_eq!(cookie, V2_COMPRESSED_COOKIE, "{name}: not compressed V2");
        let h: Histogram<u64> = Deserializer::new()
            .deserialize(&mut bytes.as_slice())
            .unwrap_or_else(|e| panic!("{name}: {e:?}"));
        let row = rows
            .get(&name)
            .unwrap_or_else(|| panic!("{name} has no row in percentiles.csv"));
        assert_eq!(h.len().to_string(), row["count"], "{name}: count");
        let q = |p: f64| {
            if h.is_empty() {
                String::new()
            } else {
                secs(h.value_at_quantile(p))
            }
        };
        for (col, p) in [
            ("p50_seconds", 0.5),
            ("p80_seconds", 0.8),
            ("p90_seconds", 0.9),
            ("p95_seconds", 0.95),
            ("p99_seconds", 0.99),
            ("p99_9_seconds", 0.999),
        ] {
            assert_eq!(q(p), row[col], "{name}: {col}");
        }
        let max = if h.is_empty() {
            String::new()
        } else {
            secs(h.max())
        };
        assert_eq!(max, row["max_seconds"], "{name}: max");
        read += 1;
    }
    assert_eq!(read, rows.len(), "one .hdr file per row of percentiles.csv");
    assert!(read > 40, "only {read} histograms");
}

#[test]
fn summary_csv_intervals_are_timestamps_or_empty() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    run("erlang_c.toml", tmp.path());
    let mut r =
        csv::Reader::from_path(tmp.path().join("summary.csv")).unwrap_or_else(|e| panic!("{e}"));
    let header: Vec<String> = r
        .headers()
        .unwrap_or_else(|e| panic!("{e}"))
        .iter()
        .map(str::to_string)
        .collect();
    assert_eq!(
        header,
        ["scope", "name", "period", "interval", "metric", "mean", "ci95"]
    );
    let (mut window, mut interval) = (0, 0);
    for rec in r.records() {
        let rec = rec.unwrap_or_else(|e| panic!("{e}"));
        match &rec[2] {
            "window" => {
                assert_eq!(&rec[3], "", "a window row has no interval: {rec:?}");
                window += 1;
            }
            "interval" => {
                // An instant any typed reader parses (RFC 3339).
                rec[3]
                    .parse::<jiff::Timestamp>()
                    .unwrap_or_else(|e| panic!("{rec:?}: {e}"));
                interval += 1;
            }
            other => panic!("period {other:?} in {rec:?}"),
        }
    }
    assert!(window > 0 && interval > window, "{window} / {interval}");
}

/// A scenario with two queues named `first` and `second`, one source on
/// each.
fn two_queues(first: &str, second: &str) -> String {
    format!(
        r#"
[simulation]
seed = 1
horizon = "1h"
[[queues]]
name = "{first}"
[[queues]]
name = "{second}"
[[routing_profiles]]
name = "p"
queues = [{{ queue = "{first}" }}, {{ queue = "{second}" }}]
[[agent_groups]]
name = "g"
routing_profile = "p"
headcount = 2
[[sources]]
name = "s1"
queue = "{first}"
rate_per_hour = 10
customer = {{ talk = "1m" }}
[[sources]]
name = "s2"
queue = "{second}"
rate_per_hour = 10
customer = {{ talk = "1m" }}
"#
    )
}

#[test]
fn names_that_would_share_a_histogram_file_are_refused() {
    for (a, b) in [("q.1", "q_1"), ("a/b", "a_b"), ("Sales", "sales")] {
        let p = problems(&two_queues(a, b));
        assert!(
            p.contains("queues[1].name") && p.contains("would write the same files"),
            "{a} / {b}: {p}"
        );
    }
    // Distinct once made file-safe: accepted.
    crate::common::spec(&two_queues("q.1", "q-1"));
}

#[test]
fn results_in_a_checkout_are_ignored_but_bench_notes_are_not() {
    let root = env!("CARGO_MANIFEST_DIR");
    let ignored = |path: &str| {
        Command::new("git")
            .args(["check-ignore", "-q", "--no-index", path])
            .current_dir(root)
            .status()
            .map(|s| s.success())
    };
    // Without git (a source tarball) there is nothing to check.
    let Ok(default_run) = ignored("results/default/summary.csv") else {
        return;
    };
    assert!(default_run, "results/default/ is not ignored");
    assert_eq!(
        ignored("results/two_queues-sweep/sweep.csv").ok(),
        Some(true)
    );
    assert_eq!(
        ignored("results/bench/2026-12-01-issue10/README.md").ok(),
        Some(false),
        "benchmark notes must stay committable"
    );
}

#[test]
fn a_start_in_a_zone_crossing_daylight_saving_labels_intervals_in_utc() {
    // Berlin's spring-forward day (2026-03-29) has 23 hours. A day from
    // local midnight, hourly: the intervals are the 24 UTC hours from
    // 2026-03-28T23:00Z, so the last starts at 00:00 local time on the 30th
    // — and no label depends on the zone's rules, which outputs leave to
    // the reader (README, "What you get").
    let text = r#"
[simulation]
seed = 1
start = "2026-03-29T00:00[Europe/Berlin]"
horizon = "24h"
interval = "1h"
[[queues]]
name = "q"
[[routing_profiles]]
name = "p"
queues = [{ queue = "q" }]
[[agent_groups]]
name = "g"
routing_profile = "p"
headcount = 2
[[sources]]
name = "s"
queue = "q"
rate_per_hour = 10
customer = { talk = "1m" }
"#;
    let spec = crate::common::spec(text);
    let same = crate::common::spec(&text.replace(
        "start = \"2026-03-29T00:00[Europe/Berlin]\"",
        "start = \"2026-03-29T00:00\"\ntime_zone = \"Europe/Berlin\"",
    ));
    assert_eq!(spec.start_unix_ms, same.start_unix_ms);
    let labels: Vec<String> = (0..spec.interval_count())
        .map(|i| ccsim::output::files::interval_start(&spec, i))
        .collect();
    assert_eq!(labels.len(), 24);
    assert_eq!(labels[0], "2026-03-28T23:00:00.000Z");
    assert_eq!(labels[23], "2026-03-29T22:00:00.000Z");
    for (i, l) in labels.iter().enumerate() {
        let t: jiff::Timestamp = l.parse().unwrap_or_else(|e| panic!("{l}: {e}"));
        let local =
            t.to_zoned(jiff::tz::TimeZone::get("Europe/Berlin").unwrap_or_else(|e| panic!("{e}")));
        // 02:00 local never happens that night: 01:00 is followed by 03:00.
        assert_ne!((local.day(), local.hour()), (29, 2), "interval {i}");
    }
    // A time that night skips is refused with the field's path.
    let p = problems(&text.replace("2026-03-29T00:00[", "2026-03-29T02:30["));
    assert!(p.contains("simulation.start"), "{p}");
}
