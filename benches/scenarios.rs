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

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use std::sync::Arc;

use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

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

/// The bare heap's entry: (time, seq, 12-byte payload), min-first.
type BareEntry = Reverse<(u64, u64, u32, u32, u32)>;

/// The bare heap hold loop at `n` pending events: 12-byte payloads keyed
/// by (time, seq), increments exponential-like with a 10 s mean.
fn bare_heap_at(c: &mut Criterion, n: usize) {
    let mut x = 0x2545_f491_4f6c_dd1du64;
    let inc: Vec<u64> = (0..65_536)
        .map(|_| {
            // xorshift: a fixed, cheap sequence drawn before timing.
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let u = (x >> 11) as f64 / (1u64 << 53) as f64;
            (-(1.0 - u).ln() * 10_000.0) as u64
        })
        .collect();
    let mut group = c.benchmark_group("all_methods_yardstick");
    group.throughput(Throughput::Elements(1));
    group.bench_with_input(BenchmarkId::new("bare_binary_heap", n), &n, |b, &n| {
        let mut h: BinaryHeap<BareEntry> = BinaryHeap::with_capacity(n + 1);
        let mut seq = 0u64;
        for i in 0..n {
            h.push(Reverse((inc[i % inc.len()] * 3, seq, i as u32, 0, 0)));
            seq += 1;
        }
        let mut k = 0usize;
        b.iter(|| {
            let Reverse((t, _, a, bb, cc)) = h.pop().unwrap_or(Reverse((0, 0, 0, 0, 0)));
            k = (k + 1) & 0xFFFF;
            h.push(Reverse((t + inc[k], seq, black_box(a), bb, cc)));
            seq += 1;
        });
    });
    group.finish();
}

criterion_group!(benches, scenarios);
criterion_main!(benches);
