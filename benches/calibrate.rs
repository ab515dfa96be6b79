//! `ccsim calibrate` at the scale issue 10 asks for: one million contact
//! records (JSON lines, ~1.3 KB each, as Connect writes them) through
//! `calibrate::pipeline::from_records` — both readings of the file,
//! deduplication, the counters, every fit, the three outputs — on one
//! thread. A second benchmark times the two readings alone (no estimate),
//! to tell reading from fitting.
//!
//! The records come from `scenarios/all_methods.toml` (every initiation
//! method, transfers, queue transfers and callbacks, so the joins between
//! contacts are exercised), its replications raised until the file holds
//! at least a million records; they are written once to a temporary folder
//! before anything is timed (that takes a minute).
//!
//! Run: `cargo bench --bench calibrate`. With `--test` (a smoke run:
//! `cargo bench --bench calibrate -- --test`) the file holds 20 000
//! records instead.

use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, SamplingMode, Throughput};

use ccsim::calibrate::pipeline::{from_records, Options};
use ccsim::calibrate::scenario_toml::ScenarioSettings;
use ccsim::ingest::{self, Zone};
use ccsim::output::{run_with_records, RecordFiles};

/// Records in the file: a million, or a few for a smoke run.
fn target_records() -> u64 {
    if std::env::args().any(|a| a == "--test") {
        20_000
    } else {
        1_000_000
    }
}

fn lines(path: &Path) -> u64 {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    memchr::memchr_iter(b'\n', &bytes).count() as u64
}

/// Writes at least `target` records of `all_methods.toml` to `path`;
/// returns how many.
fn write_records(path: &Path, target: u64) -> u64 {
    let scenario = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/all_methods.toml");
    let mut spec = ccsim::scenario::load(&scenario).unwrap_or_else(|e| panic!("{e}"));
    let mut written = 0;
    spec.replications = 1;
    while written < target {
        run_with_records(&spec, None, &|| {}, &RecordFiles::new(path))
            .unwrap_or_else(|e| panic!("{e}"));
        written = lines(path);
        // Replications hold about the same number of records each.
        let per = (written / u64::from(spec.replications)).max(1);
        spec.replications = u32::try_from(target.div_ceil(per) + 1).unwrap_or(u32::MAX);
    }
    written
}

fn calibrate(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path: PathBuf = dir.path().join("records.jsonl");
    let records = write_records(&path, target_records());
    let inputs = [path];
    let zone = Zone::utc();
    let settings = ScenarioSettings {
        name: "bench".into(),
        seed: 1,
        replications: 20,
        drain_s: 7_200,
    };
    let options = Options {
        zone: &zone,
        interval_ms: 1_800_000,
        thresholds_s: vec![20.0],
        email_thresholds_s: vec![],
        roster: vec![],
        settings: &settings,
    };
    let mut group = c.benchmark_group("calibrate");
    group
        .sampling_mode(SamplingMode::Flat)
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(60))
        .throughput(Throughput::Elements(records));
    let name = format!("{records}_records");
    group.bench_function(format!("from_records/{name}"), |b| {
        b.iter(|| from_records(&inputs, &options).unwrap_or_else(|e| panic!("{e}")))
    });
    group.bench_function(format!("read_only/{name}"), |b| {
        b.iter(|| {
            let mut kept = 0u64;
            ingest::for_each_contact(&inputs, |_| kept += 1).unwrap_or_else(|e| panic!("{e}"));
            kept
        })
    });
    group.finish();
}

criterion_group!(benches, calibrate);
criterion_main!(benches);
