//! Whole scenarios end to end, one replication per iteration, reported as
//! events per second (criterion's element throughput = events handled).
//!
//! Beside them, in the same run, the yardstick of issue 14's target 3: a
//! bare `BinaryHeap` hold loop (pop the earliest, push one later) at the
//! mean number of events `all_methods.toml` has pending, reported as
//! operations per second. The model's events/s over the bare loop's
//! operations/s is the share of a bare heap's speed the whole simulation
//! keeps.
//!
//! Run: `cargo bench --bench scenarios`.

use std::sync::Arc;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

use ccsim::center::run_replication;
use ccsim::center::spec::CenterSpec;
use ccsim::stats::{Recorder, StatsConfig};

#[path = "common/bare_heap.rs"]
mod bare_heap;

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
    let mut pending = 0.0;
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
        if name == "all_methods.toml" {
            pending = info.pending_sum as f64 / info.events.max(1) as f64;
        }
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
    bare_heap_at(c, pending.round().max(1.0) as usize);
}

/// The bare heap hold loop at `n` pending events (the event-queue bench's
/// baseline, at this size).
fn bare_heap_at(c: &mut Criterion, n: usize) {
    let inc = bare_heap::increments();
    let mut group = c.benchmark_group("all_methods_yardstick");
    group.throughput(Throughput::Elements(1));
    group.bench_with_input(BenchmarkId::new("bare_binary_heap", n), &n, |b, &n| {
        bare_heap::hold(b, n, &inc)
    });
    group.finish();
}

criterion_group!(benches, scenarios);
criterion_main!(benches);
