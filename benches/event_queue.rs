//! The event queue alone, in the classic *hold* model: with `n` events
//! pending, pop the earliest and push one at a random later time. Each size
//! is measured for ccsim's `EventQueue` and, as the baseline, for a bare
//! `std::collections::BinaryHeap` of `Reverse<(time, seq, payload)>` of the
//! same size — in the same run, so the comparison is fair.
//!
//! Run: `cargo bench --bench event_queue`.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use ccsim::engine::{EventQueue, SimTime};

/// Random increments drawn before timing so the loop measures the queue, not
/// the generator (mean 10 s in ms, exponential-like spread).
fn increments() -> Vec<u64> {
    let mut rng = ChaCha8Rng::seed_from_u64(11);
    (0..65_536)
        .map(|_| (-(1.0f64 - rng.gen::<f64>()).ln() * 10_000.0) as u64)
        .collect()
}

/// The baseline's heap entry: (time, seq, 12-byte payload), min-first.
type BareEntry = Reverse<(u64, u64, u32, u32, u32)>;

/// A 12-byte payload like the center's events.
#[derive(Clone, Copy)]
struct Payload {
    _a: u32,
    _b: u32,
    _c: u32,
}

fn hold(c: &mut Criterion) {
    let inc = increments();
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
    }
    group.finish();
}

criterion_group!(benches, hold);
criterion_main!(benches);
