//! Helpers shared by the integration tests.

use std::path::Path;

use ccsim::center::ids::{GroupId, QueueId};
use ccsim::center::spec::{CenterSpec, Channel, InitiationMethod};
use ccsim::center::{run_replication, AgentActivity, ContactRecord, FlowPlay, Observer};
use ccsim::engine::SimTime;

/// Whether `p` lies in the Wilson score interval of `k` successes in `n`
/// trials at normal quantile `z` (the calibration tests' check of a
/// share read back from records).
pub fn wilson_holds(k: f64, n: f64, p: f64, z: f64) -> bool {
    let q = k / n;
    let centre = (q + z * z / (2.0 * n)) / (1.0 + z * z / n);
    let half = z / (1.0 + z * z / n) * (q * (1.0 - q) / n + z * z / (4.0 * n * n)).sqrt();
    (p - centre).abs() <= half
}

/// Parses scenario text (panics with the error list: the tests' own
/// scenarios must be valid).
pub fn spec(text: &str) -> CenterSpec {
    match ccsim::scenario::parse(text, Path::new("test.toml"), "test") {
        Ok(s) => s,
        Err(e) => panic!("test scenario invalid: {e}"),
    }
}

/// Loads a bundled scenario file by name.
pub fn bundled(name: &str) -> CenterSpec {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("scenarios")
        .join(name);
    ccsim::scenario::load(&p).unwrap_or_else(|e| panic!("{e}"))
}

/// Everything a replication reported, kept in memory (tests only).
#[derive(Default, Debug)]
pub struct Collect {
    pub ended: Vec<ContactRecord>,
    pub at_horizon: Vec<ContactRecord>,
    pub unfinished: Vec<ContactRecord>,
    pub agent_time: Vec<(GroupId, AgentActivity, SimTime, SimTime)>,
    pub plays: Vec<FlowPlay>,
    /// (group, channel, used, capacity) at every change.
    pub slots: Vec<(GroupId, Channel, u32, u32)>,
}

impl Observer for Collect {
    fn contact_ended(&mut self, r: &ContactRecord) {
        self.ended.push(r.clone());
    }
    fn in_progress_at_horizon(&mut self, r: &ContactRecord) {
        self.at_horizon.push(r.clone());
    }
    fn contact_unfinished(&mut self, r: &ContactRecord) {
        self.unfinished.push(r.clone());
    }
    fn agent_time(&mut self, g: GroupId, a: AgentActivity, from: SimTime, to: SimTime) {
        self.agent_time.push((g, a, from, to));
    }
    fn queue_level(&mut self, _q: QueueId, _n: u32, _from: SimTime, _to: SimTime) {}
    fn flow_played(&mut self, p: &FlowPlay) {
        self.plays.push(*p);
    }
    fn agent_slots(
        &mut self,
        g: GroupId,
        ch: Channel,
        used: u32,
        cap: u32,
        _from: SimTime,
        _to: SimTime,
    ) {
        self.slots.push((g, ch, used, cap));
    }
}

/// Runs one replication and returns every record, sorted by contact id.
pub fn collect(spec: &CenterSpec, replication: u32) -> Collect {
    let (mut c, _) = run_replication(spec, replication, Collect::default());
    c.ended.sort_by_key(|r| r.id);
    c
}

/// Conservation: every contact of a replication was reported exactly once
/// (ids are handed out 1, 2, 3, …, so the ended and unfinished ones together
/// must be exactly 1..=N). Returns N.
pub fn each_contact_reported_once(out: &Collect, label: &str) -> u64 {
    let mut ids: Vec<u64> = out
        .ended
        .iter()
        .chain(&out.unfinished)
        .map(|r| r.id)
        .collect();
    ids.sort_unstable();
    let n = ids.len() as u64;
    assert_eq!(
        ids,
        (1..=n).collect::<Vec<_>>(),
        "{label}: a contact was lost or reported twice"
    );
    n
}

/// A theory check: the simulated `mean` with its confidence half-width
/// `half` contains the `exact` value, and the interval is narrow enough
/// (`half ≤ max_rel · exact`) to be evidence rather than noise.
pub fn assert_interval_holds(label: &str, mean: f64, half: f64, exact: f64, max_rel: f64) {
    eprintln!("{label}: sim {mean:.5} ± {half:.5}, exact {exact:.5}");
    assert!(
        half <= max_rel * exact,
        "{label}: the half-width {half:.5} is over {:.0} % of {exact:.5}; too small an experiment to be evidence",
        max_rel * 100.0
    );
    assert!(
        (mean - exact).abs() <= half,
        "{label}: simulated {mean:.5} ± {half:.5} does not contain the exact {exact:.5}"
    );
}

/// `secs` seconds as a virtual time.
pub fn at(secs: f64) -> Option<SimTime> {
    Some(SimTime((secs * 1000.0).round() as u64))
}

/// The first ended contact of `method` from the source named `source`.
pub fn record_of(
    s: &CenterSpec,
    out: &Collect,
    source: &str,
    method: InitiationMethod,
) -> ContactRecord {
    out.ended
        .iter()
        .find(|r| {
            r.method == method
                && r.source
                    .is_some_and(|x| s.sources[x.index()].name == source)
        })
        .cloned()
        .unwrap_or_else(|| panic!("no {method:?} contact of {source}: {:#?}", out.ended))
}

/// The problems a scenario text that must be invalid is refused with.
pub fn problems(text: &str) -> String {
    match ccsim::scenario::parse(text, Path::new("bad.toml"), "bad") {
        Ok(_) => panic!("expected problems in:\n{text}"),
        Err(e) => format!("{e}"),
    }
}

/// Every file under `dir`, relative path → bytes.
pub fn files(dir: &Path) -> std::collections::BTreeMap<std::path::PathBuf, Vec<u8>> {
    let mut out = std::collections::BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap_or_else(|e| panic!("{}: {e}", d.display())) {
            let p = e.unwrap_or_else(|e| panic!("{e}")).path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap_or(&p).to_path_buf();
                out.insert(rel, std::fs::read(&p).unwrap_or_else(|e| panic!("{e}")));
            }
        }
    }
    out
}

/// Every gzip'd file under `dir` (a Firehose tree), relative path →
/// decompressed bytes; the folder's marker (ccsim's, not an object) aside.
pub fn gunzipped_files(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    use std::io::Read;
    files(dir)
        .into_iter()
        .filter(|(rel, _)| rel != Path::new(ccsim::output::firehose::MARKER))
        .map(|(rel, gz)| {
            let mut bytes = Vec::new();
            flate2::read::GzDecoder::new(gz.as_slice())
                .read_to_end(&mut bytes)
                .unwrap_or_else(|e| panic!("{}: {e}", rel.display()));
            (rel.display().to_string(), bytes)
        })
        .collect()
}

/// Runs the bundled `scenario` into `out` on `threads` threads, contact
/// records included, and returns every file it wrote (the determinism
/// tests compare two such runs).
pub fn run_bundled_into(
    out: &Path,
    scenario: &str,
    threads: &str,
) -> std::collections::BTreeMap<std::path::PathBuf, Vec<u8>> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("scenarios")
        .join(scenario);
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_ccsim"))
        .arg("run")
        .arg(&path)
        .args(["--quiet", "--threads", threads, "--out"])
        .arg(out)
        .arg("--contact-records")
        .arg(out.join("records.jsonl"))
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    files(out)
}

/// Per-replication values of `metric` in `scope` (panics naming both when
/// the summary has no such entry: the tests ask only for reported ones).
pub fn replication_values<'a>(
    summary: &'a ccsim::stats::Summary,
    scope: &ccsim::stats::Scope,
    metric: impl ccsim::stats::MetricKey + Copy + std::fmt::Debug,
) -> &'a [f64] {
    match summary.get(scope, metric) {
        Some(e) => &e.values,
        None => panic!("no {metric:?} in {scope:?}"),
    }
}

/// Mean and 99 % Student-t half-width of replication values: the library's
/// own interval (`stats::ci::mean_ci`), which the reports print at 95 %.
pub fn ci99(values: &[f64]) -> (f64, f64) {
    assert!(values.len() >= 2, "a CI needs two replications at least");
    match ccsim::stats::ci::mean_ci(values, 0.99) {
        (Some(mean), Some(half)) => (mean, half),
        other => panic!("no interval from {} values: {other:?}", values.len()),
    }
}
