//! The files of a run: `summary.json`, `summary.csv`, and under
//! `histograms/` a percentile table and one HDR histogram per scope and
//! distribution, in the standard compressed V2 format (V2 + DEFLATE, cookie
//! `0x1c849314`): what HdrHistogram's `encodeIntoCompressedByteBuffer`
//! writes and every HdrHistogram library — Java, Python's `hdrhistogram`,
//! Go, JavaScript — decodes as written, and they merge losslessly.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::center::spec::CenterSpec;
use crate::stats::{Scope, Summary, SummaryEntry};
use crate::timefmt::format_iso8601_utc;

use super::{write_atomic, OutputError};

fn num(v: Option<f64>) -> Value {
    v.and_then(serde_json::Number::from_f64)
        .map(Value::Number)
        .unwrap_or(Value::Null)
}

fn metric_object(entries: &[&SummaryEntry]) -> Value {
    let mut m = Map::new();
    for e in entries {
        let mut o = Map::new();
        o.insert("mean".into(), num(e.mean));
        o.insert("ci95".into(), num(e.ci95));
        m.insert(e.metric.name().into_owned(), Value::Object(o));
    }
    Value::Object(m)
}

/// The `queues`, `agent_groups`, `methods`, `channels` and `total` objects
/// of one interval (or of the whole window) from its `entries`, scopes in
/// the order the statistics produced them. Linear in the entries: writing
/// a run's files takes time in proportion to what they hold.
fn scoped(entries: &[&SummaryEntry], out: &mut Map<String, Value>) {
    // Each scope's entries, scopes in order of first appearance.
    let mut groups: Vec<(&Scope, Vec<&SummaryEntry>)> = Vec::new();
    let mut at: BTreeMap<&Scope, usize> = BTreeMap::new();
    for e in entries {
        let k = *at.entry(&e.scope).or_insert_with(|| {
            groups.push((&e.scope, Vec::new()));
            groups.len() - 1
        });
        groups[k].1.push(e);
    }
    let mut objects: [Map<String, Value>; 6] = Default::default();
    let mut total = Value::Object(Map::new());
    for (scope, entries) in groups {
        let obj = metric_object(&entries);
        let k = match scope {
            Scope::Total => {
                total = obj;
                continue;
            }
            Scope::Queue(_) => 0,
            Scope::Group(_) => 1,
            Scope::Method(_) => 2,
            Scope::Channel(_) => 3,
            Scope::Campaign(_) => 4,
            Scope::SupervisorGroup(_) => 5,
        };
        objects[k].insert(scope.name().to_string(), obj);
    }
    let [queues, groups, methods, channels, campaigns, supervisors] = objects;
    out.insert("queues".into(), Value::Object(queues));
    out.insert("agent_groups".into(), Value::Object(groups));
    out.insert("methods".into(), Value::Object(methods));
    out.insert("channels".into(), Value::Object(channels));
    // Only scenarios with outbound campaigns have the key.
    if !campaigns.is_empty() {
        out.insert("campaigns".into(), Value::Object(campaigns));
    }
    // Only scenarios with supervisor groups have the key.
    if !supervisors.is_empty() {
        out.insert("supervisor_groups".into(), Value::Object(supervisors));
    }
    out.insert("total".into(), total);
}

/// The summary's entries by interval, in one pass: index 0 holds the whole
/// window's, index `i + 1` interval `i`'s (entries of an interval past
/// `intervals` are left out, as the intervals listed are the scenario's).
fn by_interval(summary: &Summary, intervals: usize) -> Vec<Vec<&SummaryEntry>> {
    let mut out: Vec<Vec<&SummaryEntry>> = vec![Vec::new(); intervals + 1];
    for e in &summary.entries {
        let k = match e.interval {
            None => 0,
            Some(i) => i as usize + 1,
        };
        if let Some(slot) = out.get_mut(k) {
            slot.push(e);
        }
    }
    out
}

/// `summary.json`: the contract other tools read.
pub fn summary_json(spec: &CenterSpec, summary: &Summary) -> String {
    let mut root = Map::new();
    root.insert("scenario".into(), Value::String(spec.name.clone()));
    root.insert(
        "ccsim_version".into(),
        Value::String(env!("CARGO_PKG_VERSION").into()),
    );
    root.insert("seed".into(), Value::from(spec.seed));
    root.insert("replications".into(), Value::from(summary.replications));
    root.insert(
        "start".into(),
        Value::String(format_iso8601_utc(spec.start_unix_ms)),
    );
    root.insert(
        "horizon_seconds".into(),
        num(Some(spec.horizon.as_secs_f64())),
    );
    root.insert(
        "warmup_seconds".into(),
        num(Some(spec.warmup.as_secs_f64())),
    );
    root.insert(
        "interval_seconds".into(),
        num(Some(spec.interval.as_secs_f64())),
    );
    let entries = by_interval(summary, spec.interval_count());
    scoped(&entries[0], &mut root);
    let mut intervals = Vec::new();
    for (i, entries) in entries.iter().enumerate().skip(1) {
        let mut o = Map::new();
        o.insert("interval".into(), Value::from(i - 1));
        o.insert("start".into(), Value::String(interval_start(spec, i - 1)));
        scoped(entries, &mut o);
        intervals.push(Value::Object(o));
    }
    root.insert("intervals".into(), Value::Array(intervals));
    let mut s = serde_json::to_string_pretty(&Value::Object(root)).unwrap_or_default();
    s.push('\n');
    s
}

/// The ISO 8601 UTC start of interval `i` of the scenario.
pub fn interval_start(spec: &CenterSpec, i: usize) -> String {
    format_iso8601_utc(spec.start_unix_ms + (i as u64 * spec.interval.as_millis()) as i64)
}

fn fmt_num(v: Option<f64>) -> String {
    match v {
        Some(x) if x.is_finite() => format!("{x}"),
        _ => String::new(),
    }
}

/// `summary.csv`: tidy long format, one row per metric. `period` says
/// what a row covers — `window` (the whole simulated window, `interval`
/// empty) or `interval` (`interval` holds its start) — so the `interval`
/// column is always a timestamp or empty and a typed reader (pandas'
/// `parse_dates`, polars, DuckDB) reads it as one.
pub fn summary_csv(spec: &CenterSpec, summary: &Summary) -> Result<String, OutputError> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let err = |e: csv::Error| OutputError::Io {
        path: PathBuf::from("summary.csv"),
        source: std::io::Error::other(e.to_string()),
    };
    w.write_record([
        "scope", "name", "period", "interval", "metric", "mean", "ci95",
    ])
    .map_err(err)?;
    for e in &summary.entries {
        let (period, interval) = match e.interval {
            Some(i) => ("interval", interval_start(spec, i as usize)),
            None => ("window", String::new()),
        };
        w.write_record([
            e.scope.kind(),
            e.scope.name(),
            period,
            &interval,
            &e.metric.name(),
            &fmt_num(e.mean),
            &fmt_num(e.ci95),
        ])
        .map_err(err)?;
    }
    let bytes = w.into_inner().map_err(|e| err(e.into_error().into()))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// `name` made safe for a file name: anything but ASCII letters, digits,
/// `-` and `_` becomes `_` — the scenario's rule, which also refuses names
/// that would collide ([`crate::scenario::limits`]).
pub fn file_safe(name: &str) -> String {
    crate::scenario::limits::file_safe(name)
}

/// Writes every output of a run under `dir`; returns the files written.
pub fn write_outputs(
    dir: &Path,
    spec: &CenterSpec,
    summary: &Summary,
) -> Result<Vec<PathBuf>, OutputError> {
    write_outputs_with(dir, spec, summary, true, &mut |_, _| {})
}

/// As [`write_outputs`]; `sync: false` skips flushing each file to disk
/// (see [`write_atomic_unsynced`](super::atomic::write_atomic_unsynced)).
/// `on_file(path, bytes)` sees each file as it is written: a caller that
/// hashes the files (a sweep point's `point.json` records them) need not
/// open and read every one back.
pub fn write_outputs_with(
    dir: &Path,
    spec: &CenterSpec,
    summary: &Summary,
    sync: bool,
    on_file: &mut dyn FnMut(&Path, &[u8]),
) -> Result<Vec<PathBuf>, OutputError> {
    let mut written = Vec::new();
    let mut put = |rel: String, bytes: &[u8]| -> Result<(), OutputError> {
        let p = dir.join(rel);
        if sync {
            write_atomic(&p, bytes)?;
        } else {
            super::atomic::write_atomic_unsynced(&p, bytes)?;
        }
        on_file(&p, bytes);
        written.push(p);
        Ok(())
    };
    put(
        "summary.json".into(),
        summary_json(spec, summary).as_bytes(),
    )?;
    put("summary.csv".into(), summary_csv(spec, summary)?.as_bytes())?;
    put(
        "agent_hours.csv".into(),
        super::agent_hours::agent_hours_csv(spec, summary)?.as_bytes(),
    )?;
    let mut table = csv::Writer::from_writer(Vec::new());
    let cols = [
        "scope",
        "name",
        "histogram",
        "count",
        "mean_seconds",
        "p50_seconds",
        "p80_seconds",
        "p90_seconds",
        "p95_seconds",
        "p99_seconds",
        "p99_9_seconds",
        "max_seconds",
    ];
    let csv_err = |e: csv::Error| OutputError::Io {
        path: dir.join("histograms/percentiles.csv"),
        source: std::io::Error::other(e.to_string()),
    };
    table.write_record(cols).map_err(csv_err)?;
    let mut hdr = super::hdr::HdrEncoder::new();
    for (scope, kind, h) in &summary.histograms {
        let s = |ms: u64| format!("{}", ms as f64 / 1000.0);
        let q = |p: f64| {
            if h.is_empty() {
                String::new()
            } else {
                s(h.value_at_quantile(p))
            }
        };
        let mean = if h.is_empty() {
            String::new()
        } else {
            format!("{}", (h.mean() / 1000.0 * 1e6).round() / 1e6)
        };
        table
            .write_record([
                scope.kind().to_string(),
                scope.name().to_string(),
                kind.key().to_string(),
                h.len().to_string(),
                mean,
                q(0.5),
                q(0.8),
                q(0.9),
                q(0.95),
                q(0.99),
                q(0.999),
                if h.is_empty() {
                    String::new()
                } else {
                    s(h.max())
                },
            ])
            .map_err(csv_err)?;
        let bytes = hdr.file_bytes(h).map_err(|e| OutputError::Histogram {
            name: kind.key().into(),
            message: format!("{e:?}"),
        })?;
        put(
            format!(
                "histograms/{}-{}-{}.hdr",
                scope.kind(),
                file_safe(scope.name()),
                kind.key()
            ),
            &bytes,
        )?;
    }
    let bytes = table
        .into_inner()
        .map_err(|e| csv_err(e.into_error().into()))?;
    put("histograms/percentiles.csv".into(), &bytes)?;
    Ok(written)
}
