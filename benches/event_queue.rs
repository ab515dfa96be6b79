//! The event queue alone, in the classic *hold* model: with `n` events
//! pending, pop the earliest and push one at a random later time. Each size
//! is measured for ccsim's `EventQueue` and, as the baseline, for a bare
//! `std::collections::BinaryHeap` of `Reverse<(time, seq, payload)>` of the
//! same size — in the same run, so the comparison is fair.
//!
//! Run: `cargo bench --bench event_queue`.

use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

use ccsim::engine::{EventQueue, SimTime};

#[path = "common/bare_heap.rs"]
mod bare_heap;

/// A 12-byte payload like the center's events.
#[derive(Clone, Copy)]
struct Payload {
    _a: u32,
    _b: u32,
    _c: u32,
}

fn hold(c: &mut Criterion) {
    let inc = bare_heap::increments();
    let mut group = c.benchmark_group("hold");
    for &n in &[100usize, 1_000, 10_000, 100_000] {
        group.throughput(Throughput::Elements(1));
        group.bench_with_input(BenchmarkId::new("ccsim_event_queue", n), &n, |b, &n| {
            let mut q = EventQueue::with_capacity(n + 1);
            for i in 0..n {
                q.push(
                    SimTime(inc[i % inc.len()] * 3),
                    Payload {
                        _a: i as u32,
                        _b: 0,
                        _c: 0,
                    },
                );
            }
            let mut k = 0usize;
            b.iter(|| {
                let (t, e) = q.pop().unwrap_or((
                    SimTime(0),
                    Payload {
                        _a: 0,
                        _b: 0,
                        _c: 0,
                    },
                ));
                k = (k + 1) & 0xFFFF;
                q.push(SimTime(t.0 + inc[k]), black_box(e));
            });
        });
        group.bench_with_input(BenchmarkId::new("bare_binary_heap", n), &n, |b, &n| {
            bare_heap::hold(b, n, &inc)
        });
    }
    group.finish();
}

criterion_group!(benches, hold);
criterion_main!(benches);
