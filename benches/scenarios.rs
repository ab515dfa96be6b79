//! Whole scenarios end to end, one replication per iteration, reported as
//! events per second (criterion's element throughput = events handled).
//!
//! Run: `cargo bench --bench scenarios`.

use std::sync::Arc;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

use ccsim::center::run_replication;
use ccsim::center::spec::CenterSpec;
use ccsim::stats::{Recorder, StatsConfig};

fn load(name: &str) -> CenterSpec {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("scenarios")
        .join(name);
    match ccsim::scenario::load(&p) {
        Ok(s) => s,
        Err(e) => panic!("{e}"),
    }
}

fn scenarios(c: &mut Criterion) {
    let mut group = c.benchmark_group("scenario");
    group.sample_size(20);
    for name in [
        "default.toml",
        "two_queues.toml",
        "erlang_c.toml",
        "all_methods.toml",
    ] {
        let spec = load(name);
        let cfg = Arc::new(StatsConfig::new(&spec));
        // Events of replication 0, counted once outside the timed loop.
        let (_, info) = run_replication(&spec, 0, Recorder::new(Arc::clone(&cfg)));
        group.throughput(Throughput::Elements(info.events));
        group.bench_with_input(BenchmarkId::new("replication", name), &spec, |b, spec| {
            b.iter(|| {
                run_replication(spec, 0, Recorder::new(Arc::clone(&cfg)))
                    .1
                    .events
            });
        });
    }
    group.finish();
}

criterion_group!(benches, scenarios);
criterion_main!(benches);
