//! The baseline both the event-queue bench and the scenarios bench measure
//! against: a bare `std::collections::BinaryHeap` in the classic *hold*
//! model (with `n` events pending, pop the earliest and push one at a
//! random later time), entries shaped like the center's events.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use criterion::{black_box, Bencher};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// Random increments drawn before timing so the loop measures the queue, not
/// the generator (mean 10 s in ms, exponential-like spread).
pub fn increments() -> Vec<u64> {
    let mut rng = ChaCha8Rng::seed_from_u64(11);
    (0..65_536)
        .map(|_| (-(1.0f64 - rng.gen::<f64>()).ln() * 10_000.0) as u64)
        .collect()
}

/// The baseline's heap entry: (time, seq, 12-byte payload), min-first.
type BareEntry = Reverse<(u64, u64, u32, u32, u32)>;

/// Times one hold operation (a pop and a push) on a bare heap holding `n`
/// events, increments taken in turn from `inc` (its length a power of two).
pub fn hold(b: &mut Bencher, n: usize, inc: &[u64]) {
    let mask = inc.len() - 1;
    let mut h: BinaryHeap<BareEntry> = BinaryHeap::with_capacity(n + 1);
    let mut seq = 0u64;
    for i in 0..n {
        h.push(Reverse((inc[i & mask] * 3, seq, i as u32, 0, 0)));
        seq += 1;
    }
    let mut k = 0usize;
    b.iter(|| {
        let Reverse((t, _, a, bb, cc)) = h.pop().unwrap_or(Reverse((0, 0, 0, 0, 0)));
        k = (k + 1) & mask;
        h.push(Reverse((t + inc[k], seq, black_box(a), bb, cc)));
        seq += 1;
    });
}
