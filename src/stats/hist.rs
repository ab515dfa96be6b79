//! The duration histogram a replication records into: the bucket layout of
//! an HDR histogram of milliseconds (1 ms to [`HISTOGRAM_MAX_MS`], three
//! significant digits), with two things `hdrhistogram` does not do, and
//! which short replications pay for:
//!
//! - its counts are allocated on the first value, so the many histograms a
//!   replication tracks and never fills (abandonment with no abandons, a
//!   method with no contacts) cost nothing;
//! - it knows the lowest and highest bucket in use, so emptying it, adding
//!   it into another and finding a percentile walk those buckets only, not
//!   all 21,504 of them. A replication is emptied and added into its
//!   point's summary once per replication: on a sweep of short
//!   replications that walk was a third of the work.
//!
//! The layout is `hdrhistogram`'s, bucket for bucket, so
//! [`DurationHistogram::to_hdr`] gives the very histogram that recording
//! the same values into [`new_histogram`] gives, and percentiles, mean and
//! maximum are computed as hdrhistogram computes them (the tests compare
//! all of these): summaries hold these histograms to the end, and their
//! percentiles and `.hdr` files are the bytes hdrhistogram would give.

use hdrhistogram::Histogram;

/// Highest value a histogram tracks: one week in milliseconds. Larger values
/// are counted as out of range and reported, never silently clamped.
pub const HISTOGRAM_MAX_MS: u64 = 7 * 24 * 3_600_000;

/// Significant decimal digits every histogram keeps (values under 2 s
/// exact, above within 0.1 %).
pub const SIGNIFICANT_DIGITS: u32 = 3;

/// An empty `hdrhistogram` histogram of milliseconds, 1 ms to one week, 3
/// significant digits (values under 2 s are exact): the layout every
/// [`DurationHistogram`] has, and what summaries and outputs hold.
pub fn new_histogram() -> Histogram<u64> {
    // Constant bounds, well inside what hdrhistogram accepts: cannot fail.
    let histogram = Histogram::new_with_bounds(1, HISTOGRAM_MAX_MS, SIGNIFICANT_DIGITS as u8);
    histogram.expect("valid bounds") // ok: constant bounds
}

/// Sub-buckets per bucket: 2 × 10³ rounded up to a power of two (three
/// significant digits).
const SUB_BUCKET_COUNT_MAGNITUDE: u32 = 11;
/// Half of the sub-buckets: every bucket but the first uses its upper half.
const SUB_BUCKET_HALF_COUNT_MAGNITUDE: u32 = SUB_BUCKET_COUNT_MAGNITUDE - 1;
const SUB_BUCKET_HALF_COUNT: usize = 1 << SUB_BUCKET_HALF_COUNT_MAGNITUDE;
const SUB_BUCKET_MASK: u64 = (1 << SUB_BUCKET_COUNT_MAGNITUDE) - 1;

/// Buckets needed to reach [`HISTOGRAM_MAX_MS`] (hdrhistogram's
/// `buckets_needed_to_cover`): each doubles the range of the one before.
const fn bucket_count() -> usize {
    let mut smallest_untrackable = 1u64 << SUB_BUCKET_COUNT_MAGNITUDE;
    let mut buckets = 1;
    while smallest_untrackable <= HISTOGRAM_MAX_MS {
        smallest_untrackable <<= 1;
        buckets += 1;
    }
    buckets
}

/// Counters in a histogram (hdrhistogram's `counts_array_length`); a
/// value whose bucket lies beyond is out of range.
pub const COUNTS_LEN: usize = (bucket_count() + 1) * SUB_BUCKET_HALF_COUNT;

/// The counter a value of `ms` goes to (may be `COUNTS_LEN` or more: out
/// of range).
fn index_for(ms: u64) -> usize {
    // 64 − unit magnitude (0: the lowest value is 1 ms) − sub-bucket bits.
    let bucket = (64 - SUB_BUCKET_COUNT_MAGNITUDE) - (ms | SUB_BUCKET_MASK).leading_zeros();
    let sub_bucket = (ms >> bucket) as usize;
    ((bucket as usize + 1) << SUB_BUCKET_HALF_COUNT_MAGNITUDE) + sub_bucket - SUB_BUCKET_HALF_COUNT
}

/// The lowest value counted at `index`, and how many values share it.
fn bucket_of(index: usize) -> (u64, u64) {
    let bucket = (index >> SUB_BUCKET_HALF_COUNT_MAGNITUDE) as i64 - 1;
    let sub_bucket = (index & (SUB_BUCKET_HALF_COUNT - 1)) + SUB_BUCKET_HALF_COUNT;
    if bucket < 0 {
        // The first bucket uses both halves, one value each.
        (sub_bucket as u64 - SUB_BUCKET_HALF_COUNT as u64, 1)
    } else {
        ((sub_bucket as u64) << bucket, 1 << bucket)
    }
}

/// Values waiting to be counted into a [`DurationHistogram`], as the
/// indices of their counters, at most [`Batch::CAPACITY`] of them.
///
/// Why: counting a value touches one counter somewhere in 170 kB, and a
/// replication counts into dozens of histograms between its events. One at
/// a time, each count waits on a cache miss the model's own work cannot
/// hide; a batch of them counted in one tight loop
/// ([`DurationHistogram::count_batch`]) has its misses overlap.
/// `ccsim run` of `all_methods.toml` with 100 replications was 3.4 %
/// faster (median of 40 paired rounds, `benches/ab/run`).
#[derive(Debug, Clone)]
pub struct Batch {
    /// The waiting values' counter indices: the first `len` are in use.
    /// Inline, not a `Vec`: a push is then one store and one length check,
    /// with no capacity to test or grow (four pushes per contact).
    indices: [u16; Batch::CAPACITY],
    len: usize,
}

impl Default for Batch {
    fn default() -> Self {
        Batch {
            indices: [0; Batch::CAPACITY],
            len: 0,
        }
    }
}

// Every counter index fits the batch's `u16`.
const _: () = assert!(COUNTS_LEN <= u16::MAX as usize + 1);

impl Batch {
    /// Values a batch holds before it must be counted.
    pub const CAPACITY: usize = 256;

    /// Adds a value of `ms` milliseconds; returns whether the batch is now
    /// full. A value beyond the histograms' range is refused, as
    /// [`DurationHistogram::record`] refuses it.
    #[inline]
    pub fn push(&mut self, ms: u64) -> Result<bool, OutOfRange> {
        let i = index_for(ms);
        if i >= COUNTS_LEN {
            return Err(OutOfRange);
        }
        // A full batch is counted (and emptied) before the next push: the
        // caller counts it when this returns `true`.
        debug_assert!(self.len < Self::CAPACITY, "a full batch was not counted");
        self.indices[self.len % Self::CAPACITY] = i as u16; // < COUNTS_LEN ≤ 2^16: checked above
        self.len += 1;
        Ok(self.len >= Self::CAPACITY)
    }

    /// The waiting values' counter indices.
    fn waiting(&self) -> &[u16] {
        &self.indices[..self.len.min(Self::CAPACITY)]
    }

    /// Whether no value is waiting.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Drops the waiting values uncounted.
    pub fn clear(&mut self) {
        self.len = 0;
    }
}

/// A value beyond the histogram's range, not counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OutOfRange;

/// Durations in milliseconds, counted in HDR buckets; see the module
/// documentation.
#[derive(Debug, Clone)]
pub struct DurationHistogram {
    /// The counters from the first through at least the highest in use
    /// (`hi`), at most [`COUNTS_LEN`]; empty until a value is recorded.
    counts: Vec<u64>,
    /// The buckets that may be non-zero: `lo..=hi` (`lo > hi` while
    /// nothing is counted).
    lo: usize,
    hi: usize,
    /// Values counted.
    total: u64,
}

impl Default for DurationHistogram {
    /// The same as [`DurationHistogram::new`] (a derived default would set
    /// the lowest bucket in use to 0 and claim a bucket it does not have).
    fn default() -> Self {
        Self::new()
    }
}

impl DurationHistogram {
    /// An empty histogram; it allocates nothing until a value is recorded.
    pub fn new() -> Self {
        DurationHistogram {
            counts: Vec::new(),
            lo: usize::MAX,
            hi: 0,
            total: 0,
        }
    }

    /// Values counted.
    pub fn len(&self) -> u64 {
        self.total
    }

    /// Whether nothing is counted.
    pub fn is_empty(&self) -> bool {
        self.total == 0
    }

    /// Makes sure counter `i` (below [`COUNTS_LEN`]) exists.
    #[inline]
    fn cover(&mut self, i: usize) {
        if i >= self.counts.len() {
            self.grow(i);
        }
    }

    /// Lengthens the counters, zeroed, through counter `i` (rounded up to
    /// a whole bucket), taking a spare array first if it has none.
    ///
    /// Why not all [`COUNTS_LEN`] at once, zeroed by the allocator: those
    /// 170 kB are mapped to the kernel's shared zero page, so the first
    /// count on each page faults twice (a read maps the zero page, the
    /// write copies it) and the copy flushes the page from every other
    /// core's TLB, interrupting the simulation running there. Written
    /// zeros fault once, with no flush, and only through the highest
    /// counter in use: a histogram of whisper times stays a few pages.
    ///
    /// A new array is reserved whole at once (which touches no page), so
    /// lengthening it does not move the counters (only a clone's array,
    /// reserved to its length, moves when it grows).
    #[cold]
    fn grow(&mut self, i: usize) {
        if self.counts.capacity() == 0 {
            self.counts = spare::take().unwrap_or_else(|| Vec::with_capacity(COUNTS_LEN));
        }
        if i >= self.counts.len() {
            let len = (i + 1)
                .next_multiple_of(SUB_BUCKET_HALF_COUNT)
                .min(COUNTS_LEN);
            self.counts.resize(len, 0);
        }
    }

    /// Counters the array holds now (they grow with the values).
    #[cfg(test)]
    pub(crate) fn counters_len(&self) -> usize {
        self.counts.len()
    }

    /// Counts one value of `ms` milliseconds; a value beyond the range
    /// (past [`HISTOGRAM_MAX_MS`]'s last bucket) is refused, as
    /// hdrhistogram refuses it.
    pub fn record(&mut self, ms: u64) -> Result<(), OutOfRange> {
        let i = index_for(ms);
        if i >= COUNTS_LEN {
            return Err(OutOfRange);
        }
        self.cover(i);
        self.counts[i] += 1;
        self.lo = self.lo.min(i);
        self.hi = self.hi.max(i);
        self.total += 1;
        Ok(())
    }

    /// Counts every value waiting in `batch`, which is left empty: the
    /// same histogram as recording them one by one.
    pub fn count_batch(&mut self, batch: &mut Batch) {
        if batch.is_empty() {
            return;
        }
        // The range first (a pass over 16-bit indices the compiler
        // vectorises), so the counters are there before counting.
        let (mut lo, mut hi) = (u16::MAX, 0);
        for &i in batch.waiting() {
            lo = lo.min(i);
            hi = hi.max(i);
        }
        let (lo, hi) = (usize::from(lo), usize::from(hi));
        self.cover(hi);
        let counts = &mut self.counts[..=hi];
        for &i in batch.waiting() {
            counts[usize::from(i)] += 1;
        }
        self.lo = self.lo.min(lo);
        self.hi = self.hi.max(hi);
        self.total += batch.waiting().len() as u64;
        batch.clear();
    }

    /// Empties the histogram, keeping its counters' memory for the next
    /// replication.
    pub fn reset(&mut self) {
        if self.lo <= self.hi {
            self.counts[self.lo..=self.hi].fill(0);
        }
        self.lo = usize::MAX;
        self.hi = 0;
        self.total = 0;
    }

    /// Adds every value of `other` (exact: counts are summed).
    pub fn add(&mut self, other: &DurationHistogram) {
        if other.is_empty() {
            return;
        }
        let (lo, hi) = (other.lo, other.hi);
        self.cover(hi);
        for (c, o) in self.counts[lo..=hi].iter_mut().zip(&other.counts[lo..=hi]) {
            *c += o;
        }
        self.lo = self.lo.min(lo);
        self.hi = self.hi.max(hi);
        self.total += other.total;
    }

    /// The `(index, count)` of every non-zero counter, lowest first.
    fn used(&self) -> impl Iterator<Item = (usize, u64)> + '_ {
        let range = if self.lo <= self.hi {
            self.lo..self.hi + 1
        } else {
            0..0
        };
        range.filter_map(|i| Some((i, self.counts[i])).filter(|&(_, c)| c > 0))
    }

    /// The value at `quantile` (0 to 1), as hdrhistogram's
    /// `value_at_quantile` gives it: the highest value equivalent to the
    /// bucket where the running count first reaches ⌈quantile × len⌉ (at
    /// least 1); the lowest, for quantile 0. An empty histogram gives 0.
    pub fn value_at_quantile(&self, quantile: f64) -> u64 {
        if self.is_empty() {
            return 0;
        }
        let quantile = quantile.min(1.0);
        let target = ((quantile * self.total as f64).ceil() as u64).max(1);
        let (low, width) = bucket_of(self.index_reaching(target));
        if quantile == 0.0 {
            low
        } else {
            low + width - 1
        }
    }

    /// The first bucket where the running count reaches `target` (1 to
    /// `len`; the highest bucket in use for `len` or more). Counts are
    /// summed eight at a time until a block passes the target (a loop the
    /// compiler vectorises), then one by one inside it: a percentile near
    /// the top no longer costs a branch per bucket.
    fn index_reaching(&self, target: u64) -> usize {
        if target >= self.total {
            // Every bucket above the highest in use is zero.
            return self.hi;
        }
        let counts = &self.counts[self.lo..=self.hi];
        let mut running = 0;
        let mut start = 0;
        for block in counts.chunks_exact(8) {
            let sum: u64 = block.iter().sum();
            if running + sum >= target {
                break;
            }
            running += sum;
            start += 8;
        }
        for (j, c) in counts[start..].iter().enumerate() {
            running += c;
            if running >= target {
                return self.lo + start + j;
            }
        }
        self.hi
    }

    /// The largest value counted, as hdrhistogram's `max` gives it: the
    /// highest value equivalent to the highest bucket in use (0 when empty).
    pub fn max(&self) -> u64 {
        if self.is_empty() {
            return 0;
        }
        let (low, width) = bucket_of(self.hi);
        low + width - 1
    }

    /// The mean, as hdrhistogram's `mean` computes it: each bucket's
    /// middle value weighted by its share of the count, summed lowest
    /// bucket first (the same floating-point operations, so the same bits).
    pub fn mean(&self) -> f64 {
        if self.is_empty() {
            return 0.0;
        }
        self.used().fold(0.0, |sum, (i, count)| {
            let (low, width) = bucket_of(i);
            sum + (low + (width >> 1)) as f64 * count as f64 / self.total as f64
        })
    }

    /// The counters from the first bucket through the highest in use —
    /// just the first when nothing is counted: the part of the array HDR's
    /// V2 encoding writes (see `output::hdr`).
    pub fn counts_through_max(&self) -> &[u64] {
        if self.is_empty() {
            return &[0];
        }
        &self.counts[..=self.hi]
    }

    /// The same values in an `hdrhistogram` histogram (equal, bucket for
    /// bucket, to one they were recorded into directly): for checking
    /// against hdrhistogram, and for callers that want its API.
    pub fn to_hdr(&self) -> Histogram<u64> {
        let mut h = new_histogram();
        for (i, count) in self.used() {
            // The bucket's lowest value falls in the same bucket: in range.
            let _ = h.record_n(bucket_of(i).0, count);
        }
        h
    }
}

impl Drop for DurationHistogram {
    /// Hands the counters, zeroed, to the next histogram allocated.
    fn drop(&mut self) {
        if !self.counts.is_empty() {
            self.reset();
            spare::give(std::mem::take(&mut self.counts));
        }
    }
}

/// Zeroed counter arrays of dropped histograms, for the next ones. A sweep
/// makes a point's recorders and summary afresh, point after point: without
/// this, every one of their histograms that records is a fresh array (up
/// to 170 kB, written as far as its values reach) the kernel faults in page
/// by page, on every worker at once, and takes back when the point is done.
mod spare {
    use std::sync::Mutex;

    /// The most arrays kept (some 11 MB): enough for the histograms of a
    /// few points in flight; beyond, dropped arrays are freed.
    const MAX: usize = 64;

    static ARRAYS: Mutex<Vec<Vec<u64>>> = Mutex::new(Vec::new());

    fn arrays() -> std::sync::MutexGuard<'static, Vec<Vec<u64>>> {
        // A panic elsewhere cannot leave the list half-changed.
        ARRAYS.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A zeroed array with room for every counter, if one is spare.
    pub(super) fn take() -> Option<Vec<u64>> {
        arrays().pop()
    }

    /// Keeps `counts` (zeroed by the caller) for a later [`take`], if it
    /// has room for every counter (a clone's array has only its length).
    pub(super) fn give(counts: Vec<u64>) {
        debug_assert!(counts.iter().all(|c| *c == 0));
        if counts.capacity() < super::COUNTS_LEN {
            return;
        }
        let mut a = arrays();
        if a.len() < MAX {
            a.push(counts);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    #[test]
    fn layout_is_hdrhistograms() {
        let h = new_histogram();
        assert_eq!(COUNTS_LEN, h.distinct_values());
        for ms in [
            0,
            1,
            2047,
            2048,
            2049,
            4095,
            4096,
            123_456,
            HISTOGRAM_MAX_MS,
        ] {
            let (low, width) = bucket_of(index_for(ms));
            assert_eq!(low, h.lowest_equivalent(ms), "{ms}");
            assert_eq!(low + width - 1, h.highest_equivalent(ms), "{ms}");
        }
    }

    #[test]
    fn refuses_what_hdrhistogram_refuses() {
        let mut h = new_histogram();
        let mut d = DurationHistogram::new();
        // The last bucket ends well past the configured highest value.
        let last = bucket_of(COUNTS_LEN - 1);
        let edge = last.0 + last.1 - 1;
        for ms in [HISTOGRAM_MAX_MS, edge, edge + 1, u64::MAX / 2] {
            assert_eq!(d.record(ms).is_ok(), h.record(ms).is_ok(), "{ms}");
        }
        assert_eq!(d.to_hdr(), h);
    }

    /// Random values of several spreads, recorded into both, added, reset
    /// and recorded again: the histograms stay equal and so do their
    /// percentiles.
    #[test]
    fn agrees_with_hdrhistogram() {
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        let mut sum_d = DurationHistogram::new();
        let mut sum_h = new_histogram();
        let mut d = DurationHistogram::new();
        for round in 0..60 {
            d.reset();
            let mut h = new_histogram();
            let n = [0, 1, 5, 300, 5_000][round % 5];
            let scale = [10u64, 3_000, 600_000, 50_000_000][round % 4];
            for _ in 0..n {
                let ms = (-(1.0 - rng.gen::<f64>()).ln() * scale as f64) as u64;
                assert_eq!(d.record(ms).is_ok(), h.record(ms).is_ok());
            }
            assert_eq!(d.len(), h.len());
            assert_eq!(d.to_hdr(), h, "round {round}");
            assert_eq!(d.max(), h.max(), "round {round}");
            assert_eq!(d.mean().to_bits(), h.mean().to_bits(), "round {round}");
            let grid = (0..=40).map(|k| f64::from(k) / 40.0);
            for q in [0.001, 0.99, 0.999, 1.5].into_iter().chain(grid) {
                if !h.is_empty() {
                    assert_eq!(d.value_at_quantile(q), h.value_at_quantile(q), "{q}");
                }
            }
            sum_d.add(&d);
            let _ = sum_h.add(&h);
            assert_eq!(sum_d.to_hdr(), sum_h, "sum after round {round}");
        }
        assert!(sum_d.len() > 10_000);
        assert_eq!(sum_d.mean().to_bits(), sum_h.mean().to_bits());
        assert_eq!(sum_d.max(), sum_h.max());
        for q in [0.0, 0.5, 0.9, 0.99, 1.0] {
            assert_eq!(sum_d.value_at_quantile(q), sum_h.value_at_quantile(q));
        }
    }

    #[test]
    fn nothing_is_allocated_until_a_value_comes() {
        let mut d = DurationHistogram::default();
        d.reset();
        let mut d = DurationHistogram::new();
        d.reset();
        d.add(&DurationHistogram::new());
        assert!(d.counts.is_empty() && d.is_empty());
        assert_eq!(d.value_at_quantile(0.5), 0);
        d.record(5).unwrap_or_else(|_| panic!("5 ms is in range"));
        // A spare array (another test's) may be longer than one bucket.
        assert!(d.counts.len() > index_for(5) && d.counts.len() <= COUNTS_LEN);
        d.record(HISTOGRAM_MAX_MS)
            .unwrap_or_else(|_| panic!("the maximum is in range"));
        assert_eq!(d.counts.len(), COUNTS_LEN);
    }

    #[test]
    fn counters_grow_through_the_bucket_in_use() {
        // One bucket already there (so no spare array is taken).
        let mut d = DurationHistogram::new();
        d.counts = vec![0; SUB_BUCKET_HALF_COUNT];
        d.record(5_000).unwrap_or_else(|_| panic!("in range"));
        // 5 s lies in the third bucket: counters through its end, no more.
        assert_eq!(index_for(5_000) / SUB_BUCKET_HALF_COUNT, 3);
        assert_eq!(d.counts.len(), 4 * SUB_BUCKET_HALF_COUNT);
        let mut batch = Batch::default();
        for ms in [1, 70_000, 3] {
            let _ = batch.push(ms);
        }
        d.count_batch(&mut batch);
        assert!(d.counts.len() > index_for(70_000));
        assert_eq!(d.counts.len() % SUB_BUCKET_HALF_COUNT, 0);
        let mut sum = DurationHistogram::new();
        sum.counts = vec![0; SUB_BUCKET_HALF_COUNT];
        sum.add(&d);
        assert_eq!(sum.counts.len(), d.counts.len());
        assert_eq!(sum.to_hdr(), d.to_hdr());
        assert_eq!(sum.len(), 4);
    }

    #[test]
    fn batches_count_what_recording_one_by_one_counts() {
        let mut rng = ChaCha8Rng::seed_from_u64(11);
        let last = bucket_of(COUNTS_LEN - 1);
        let edge = last.0 + last.1 - 1;
        let mut one_by_one = DurationHistogram::new();
        let mut batched = DurationHistogram::new();
        let mut batch = Batch::default();
        for n in [0, 1, 255, 256, 257, 1_000, 4_321] {
            let (mut refused_one, mut refused_batch) = (0, 0);
            for k in 0..n {
                let ms = match k % 97 {
                    0 => edge + rng.gen_range(0..3),
                    1 => 0,
                    _ => (-(1.0 - rng.gen::<f64>()).ln() * 90_000.0) as u64,
                };
                refused_one += u32::from(one_by_one.record(ms).is_err());
                match batch.push(ms) {
                    Ok(true) => batched.count_batch(&mut batch),
                    Ok(false) => {}
                    Err(OutOfRange) => refused_batch += 1,
                }
                assert!(batch.len < Batch::CAPACITY);
            }
            batched.count_batch(&mut batch);
            assert!(batch.is_empty());
            assert_eq!(refused_one, refused_batch, "{n} values");
            assert_eq!((batched.lo, batched.hi), (one_by_one.lo, one_by_one.hi));
            assert_eq!(batched.len(), one_by_one.len());
            assert_eq!(batched.to_hdr(), one_by_one.to_hdr(), "{n} values");
        }
    }
}
