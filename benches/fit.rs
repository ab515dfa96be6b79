//! Calibration's distribution fitting at the scale of a real export: one
//! million whole-second talk times (lognormal, mean 180 s, cv 0.6) and one
//! million patience observations (Weibull patience, mean 90 s, shape 1.4,
//! ≈ 60 % censored by exponential waits of mean 153 s, recorded as
//! differences of truncated timestamps), each through `fit_best` — four
//! maximum-likelihood fits, the goodness-of-fit test and, when needed, the
//! empirical fallback. The samples are drawn and binned outside the timed
//! closure; binning a million values is measured on its own.
//!
//! Run: `cargo bench --bench fit -- --warm-up-time 1 --measurement-time 5`.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use ccsim::calibrate::fit::{fit_best, Observation, Sample};
use ccsim::engine::Dist;

const N: usize = 1_000_000;

/// Builds a distribution the bench's constants make valid.
fn dist(d: Result<Dist, ccsim::engine::DistError>) -> Dist {
    d.unwrap_or_else(|e| panic!("{e}"))
}

fn observation(o: Result<Observation, ccsim::calibrate::fit::SampleError>) -> Observation {
    o.unwrap_or_else(|e| panic!("{e}"))
}

/// One million talk times, rounded to whole seconds.
fn talk_times() -> Vec<f64> {
    let d = dist(Dist::lognormal(180.0, 0.6));
    let mut rng = ChaCha8Rng::seed_from_u64(1);
    (0..N).map(|_| d.sample(&mut rng).round()).collect()
}

/// One million patience observations: abandoned contacts as truncated
/// timestamp differences, answered ones censored at their wait.
fn patience() -> Sample {
    let patience = dist(Dist::weibull(90.0, 1.4));
    let waits = dist(Dist::exponential(153.0));
    let mut rng = ChaCha8Rng::seed_from_u64(2);
    (0..N)
        .map(|_| {
            let (p, w, u) = (
                patience.sample(&mut rng),
                waits.sample(&mut rng),
                rng.gen::<f64>(),
            );
            observation(if p < w {
                Observation::timestamp_difference((u + p).floor())
            } else {
                Observation::right_censored((u + w).floor())
            })
        })
        .collect()
}

fn fits(c: &mut Criterion) {
    let talk = talk_times();
    let talk_sample: Sample = talk
        .iter()
        .map(|&d| observation(Observation::rounded_seconds(d)))
        .collect();
    let patience_sample = patience();
    let mut group = c.benchmark_group("fit");
    group.sample_size(10);
    group.bench_function("bin_1M_whole_seconds", |b| {
        b.iter(|| {
            let s: Sample = talk
                .iter()
                .map(|&d| observation(Observation::rounded_seconds(d)))
                .collect();
            black_box(s.distinct())
        })
    });
    group.bench_function("fit_best_1M_lognormal_talk", |b| {
        b.iter(|| black_box(fit_best(&talk_sample).map(|c| c.best().aic)))
    });
    group.bench_function("fit_best_1M_censored_patience", |b| {
        b.iter(|| black_box(fit_best(&patience_sample).map(|c| c.best().aic)))
    });
    group.finish();
}

criterion_group!(benches, fits);
criterion_main!(benches);
