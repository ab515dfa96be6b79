//! The files of a run: `summary.json`, `summary.csv`, and under
//! `histograms/` a percentile table and one HDR histogram per scope and
//! distribution, in the standard compressed V2 format (V2 + DEFLATE, cookie
//! `0x1c849314`): what HdrHistogram's `encodeIntoCompressedByteBuffer`
//! writes and every HdrHistogram library — Java, Python's `hdrhistogram`,
//! Go, JavaScript — decodes as written, and they merge losslessly.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::ser::{Serialize, SerializeMap, Serializer};

use crate::center::spec::CenterSpec;
use crate::stats::{Scope, Summary, SummaryEntry};
use crate::timefmt::format_iso8601_utc;

use super::OutputError;

/// A mean or half-width as JSON: a number, or `null` where undefined (not
/// finite).
fn finite(v: Option<f64>) -> Option<f64> {
    v.filter(|x| x.is_finite())
}

/// One metric's `{"mean": …, "ci95": …}`.
struct MeanCi<'a>(&'a SummaryEntry);

impl Serialize for MeanCi<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(2))?;
        m.serialize_entry("mean", &finite(self.0.mean))?;
        m.serialize_entry("ci95", &finite(self.0.ci95))?;
        m.end()
    }
}

/// One scope's metrics, `{"<metric>": {"mean": …, "ci95": …}, …}`, in the
/// order the statistics produced them.
struct Metrics<'a>(&'a [&'a SummaryEntry]);

impl Serialize for Metrics<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for e in self.0 {
            m.serialize_entry(&*e.metric.name(), &MeanCi(e))?;
        }
        m.end()
    }
}

/// The scopes of one kind, `{"<name>": {…metrics…}, …}`.
struct Named<'a>(&'a [(&'a str, Vec<&'a SummaryEntry>)]);

impl Serialize for Named<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (name, entries) in self.0 {
            m.serialize_entry(name, &Metrics(entries))?;
        }
        m.end()
    }
}

/// Adds the `queues`, `agent_groups`, `methods`, `channels` and `total`
/// objects of one interval (or of the whole window) from its `entries` to
/// the object `out` is writing, scopes in the order the statistics produced
/// them. Linear in the entries: writing a run's files takes time in
/// proportion to what they hold. Written straight out rather than built as
/// a `serde_json::Value` first: a sweep writes one such file per point, and
/// building the tree (a `String` and a map per metric) took most of its
/// time.
fn put_scoped<M: SerializeMap>(entries: &[&SummaryEntry], out: &mut M) -> Result<(), M::Error> {
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
    let mut kinds: [Vec<(&str, Vec<&SummaryEntry>)>; 6] = Default::default();
    let mut total = Vec::new();
    for (scope, entries) in groups {
        let k = match scope {
            Scope::Total => {
                total = entries;
                continue;
            }
            Scope::Queue(_) => 0,
            Scope::Group(_) => 1,
            Scope::Method(_) => 2,
            Scope::Channel(_) => 3,
            Scope::Campaign(_) => 4,
            Scope::SupervisorGroup(_) => 5,
        };
        kinds[k].push((scope.name(), entries));
    }
    let [queues, groups, methods, channels, campaigns, supervisors] = &kinds;
    out.serialize_entry("queues", &Named(queues))?;
    out.serialize_entry("agent_groups", &Named(groups))?;
    out.serialize_entry("methods", &Named(methods))?;
    out.serialize_entry("channels", &Named(channels))?;
    // Only scenarios with outbound campaigns have the key.
    if !campaigns.is_empty() {
        out.serialize_entry("campaigns", &Named(campaigns))?;
    }
    // Only scenarios with supervisor groups have the key.
    if !supervisors.is_empty() {
        out.serialize_entry("supervisor_groups", &Named(supervisors))?;
    }
    out.serialize_entry("total", &Metrics(&total))
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

/// One interval's object in `summary.json`'s `intervals`.
struct IntervalObject<'a> {
    spec: &'a CenterSpec,
    index: usize,
    entries: &'a [&'a SummaryEntry],
}

impl Serialize for IntervalObject<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("interval", &self.index)?;
        m.serialize_entry("start", &interval_start(self.spec, self.index))?;
        put_scoped(self.entries, &mut m)?;
        m.end()
    }
}

/// The whole of `summary.json`.
struct SummaryObject<'a> {
    spec: &'a CenterSpec,
    summary: &'a Summary,
}

impl Serialize for SummaryObject<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (spec, summary) = (self.spec, self.summary);
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("scenario", &spec.name)?;
        m.serialize_entry("ccsim_version", env!("CARGO_PKG_VERSION"))?;
        m.serialize_entry("seed", &spec.seed)?;
        m.serialize_entry("replications", &summary.replications)?;
        m.serialize_entry("start", &format_iso8601_utc(spec.start_unix_ms))?;
        m.serialize_entry("horizon_seconds", &finite(Some(spec.horizon.as_secs_f64())))?;
        m.serialize_entry("warmup_seconds", &finite(Some(spec.warmup.as_secs_f64())))?;
        m.serialize_entry(
            "interval_seconds",
            &finite(Some(spec.interval.as_secs_f64())),
        )?;
        let entries = by_interval(summary, spec.interval_count());
        put_scoped(&entries[0], &mut m)?;
        let intervals: Vec<IntervalObject> = entries
            .iter()
            .enumerate()
            .skip(1)
            .map(|(i, entries)| IntervalObject {
                spec,
                index: i - 1,
                entries,
            })
            .collect();
        m.serialize_entry("intervals", &intervals)?;
        m.end()
    }
}

/// `summary.json`: the contract other tools read.
pub fn summary_json(spec: &CenterSpec, summary: &Summary) -> String {
    let mut bytes = Vec::with_capacity(64 * 1024);
    // Writing into memory fails only if a value cannot be serialised, and
    // every one here (strings, integers, finite floats or null) can.
    let _ = serde_json::to_writer_pretty(&mut bytes, &SummaryObject { spec, summary });
    bytes.push(b'\n');
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// The ISO 8601 UTC start of interval `i` of the scenario.
pub fn interval_start(spec: &CenterSpec, i: usize) -> String {
    format_iso8601_utc(spec.start_unix_ms + (i as u64 * spec.interval.as_millis()) as i64)
}

/// A short label of interval `i`'s start for tables and plots: `HH:MM`
/// when every interval starts on the same (UTC) day, else `MM-DD HH:MM`,
/// so that a multi-day horizon's labels do not repeat.
pub fn interval_label(spec: &CenterSpec, i: usize) -> String {
    let start = interval_start(spec, i);
    let last = interval_start(spec, spec.interval_count().saturating_sub(1));
    let first = interval_start(spec, 0);
    if first[..10] == last[..10] {
        start[11..16].to_string()
    } else {
        format!("{} {}", &start[5..10], &start[11..16])
    }
}

/// Writes `v` into `buf` (cleared first) as `summary.csv` writes a number:
/// Rust's shortest round-trip form, empty where undefined (not finite).
fn put_num(v: Option<f64>, buf: &mut String) {
    use std::fmt::Write;
    buf.clear();
    if let Some(x) = v.filter(|x| x.is_finite()) {
        let _ = write!(buf, "{x}");
    }
}

/// `summary.csv`: tidy long format, one row per metric. `period` says
/// what a row covers — `window` (the whole simulated window, `interval`
/// empty) or `interval` (`interval` holds its start) — so the `interval`
/// column is always a timestamp or empty and a typed reader (pandas'
/// `parse_dates`, polars, DuckDB) reads it as one.
pub fn summary_csv(spec: &CenterSpec, summary: &Summary) -> Result<String, OutputError> {
    let mut w = csv::Writer::from_writer(Vec::with_capacity(64 * 1024));
    let err = |e: csv::Error| OutputError::Io {
        path: PathBuf::from("summary.csv"),
        source: std::io::Error::other(e.to_string()),
    };
    w.write_record([
        "scope", "name", "period", "interval", "metric", "mean", "ci95",
    ])
    .map_err(err)?;
    // Every row of an interval has its start: formatted once per interval,
    // not once per row. Numbers go through two reused buffers.
    let mut starts: Vec<Option<String>> = vec![None; spec.interval_count()];
    let (mut mean, mut ci95) = (String::new(), String::new());
    for e in &summary.entries {
        let (period, interval) = match e.interval {
            Some(i) => {
                let i = i as usize;
                let start = match starts.get_mut(i) {
                    Some(slot) => {
                        Cow::Borrowed(slot.get_or_insert_with(|| interval_start(spec, i)).as_str())
                    }
                    None => Cow::Owned(interval_start(spec, i)),
                };
                ("interval", start)
            }
            None => ("window", Cow::Borrowed("")),
        };
        put_num(e.mean, &mut mean);
        put_num(e.ci95, &mut ci95);
        w.write_record([
            e.scope.kind(),
            e.scope.name(),
            period,
            &interval,
            &e.metric.name(),
            &mean,
            &ci95,
        ])
        .map_err(err)?;
    }
    let bytes = w.into_inner().map_err(|e| err(e.into_error().into()))?;
    Ok(String::from_utf8(bytes)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()))
}

/// `name` made safe for a file name: anything but ASCII letters, digits,
/// `-` and `_` becomes `_` — the scenario's rule, which also refuses names
/// that would collide ([`crate::scenario::limits`]).
pub fn file_safe(name: &str) -> String {
    crate::scenario::limits::file_safe(name)
}

/// A histogram as written: its counters, its numbers in
/// `percentiles.csv` and its `.hdr` file's bytes.
struct Rendered<'a> {
    counts: &'a [u64],
    numbers: [String; 9],
    bytes: Vec<u8>,
}

/// The numbers of a histogram's row in `percentiles.csv`: count, mean,
/// the percentiles and the maximum, in seconds; all but the count empty
/// when nothing was counted.
fn percentile_numbers(h: &crate::stats::hist::DurationHistogram) -> [String; 9] {
    let mut row: [String; 9] = Default::default();
    row[0] = h.len().to_string();
    if h.is_empty() {
        return row;
    }
    let seconds = |ms: u64| format!("{}", ms as f64 / 1000.0);
    row[1] = format!("{}", (h.mean() / 1000.0 * 1e6).round() / 1e6);
    for (cell, p) in row[2..8].iter_mut().zip([0.5, 0.8, 0.9, 0.95, 0.99, 0.999]) {
        *cell = seconds(h.value_at_quantile(p));
    }
    row[8] = seconds(h.max());
    row
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
    // Synced files are flushed to disk together at the end (see
    // `AtomicBatch`): one by one, the disk's waits outlasted a short
    // run's simulation.
    let mut batch = super::atomic::AtomicBatch::new();
    let mut put = |rel: String, bytes: &[u8]| -> Result<(), OutputError> {
        let p = dir.join(rel);
        if sync {
            batch.write(&p, bytes)?;
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
    // Outputs hold many twin histograms (with one queue the total's are
    // the queue's; with one method or channel, so are theirs; every empty
    // one is alike): a histogram with the counters of one already written
    // gets its row's numbers and its file's bytes, all functions of the
    // counters, without computing them again. On the bundled sweep 5 of a
    // point's 14 histograms are distinct.
    let mut distinct: Vec<Rendered> = Vec::new();
    for (scope, kind, h) in &summary.histograms {
        let counts = h.counts_through_max();
        let k = match distinct.iter().position(|d| d.counts == counts) {
            Some(k) => k,
            None => {
                let bytes = hdr.file_bytes(h).map_err(|e| OutputError::Histogram {
                    name: kind.key().into(),
                    message: format!("{e:?}"),
                })?;
                distinct.push(Rendered {
                    counts,
                    numbers: percentile_numbers(h),
                    bytes,
                });
                distinct.len() - 1
            }
        };
        let d = &distinct[k];
        let mut row = vec![scope.kind(), scope.name(), kind.key()];
        row.extend(d.numbers.iter().map(String::as_str));
        table.write_record(&row).map_err(csv_err)?;
        let bytes = &d.bytes;
        put(
            format!(
                "histograms/{}-{}-{}.hdr",
                scope.kind(),
                file_safe(scope.name()),
                kind.key()
            ),
            bytes,
        )?;
    }
    let bytes = table
        .into_inner()
        .map_err(|e| csv_err(e.into_error().into()))?;
    put("histograms/percentiles.csv".into(), &bytes)?;
    batch.commit()?;
    Ok(written)
}
