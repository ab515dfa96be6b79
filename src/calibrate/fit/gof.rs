//! The goodness-of-fit test that decides whether the best parametric fit
//! may stand for the data or the empirical distribution must.
//!
//! **Statistic.** A Kolmogorov distance D: the largest gap between the
//! fitted distribution and the data's nonparametric estimate, read on the
//! *recorded* scale (whole seconds as the records hold them), on both sides
//! of every step. The nonparametric estimate is the Kaplan–Meier curve,
//! which for data without censoring is exactly the empirical CDF. The
//! fitted distribution is carried to the recorded scale the way the
//! records were made: P(recorded ≤ d) is F(d + ½) for rounded values, the
//! mean of F over [d, d + 1] for differences of truncated timestamps,
//! F(hi) for a general interval and F(x) for exact values — so
//! whole-second rounding is not mistaken for lack of fit. A sample recorded
//! in several ways (timestamps with milliseconds beside whole-second ones)
//! is compared with the mixture of each way's curve, weighted by its
//! share of the values. Steps with fewer
//! than [`MIN_AT_RISK`] observations still at risk are skipped: the far
//! tail of a censored curve rests on a handful of contacts.
//!
//! **Decision.** Reject when D exceeds both the Kolmogorov critical value
//! at α = 0.01, 1.628/√n, and the practical margin 0.02. With censored
//! values (patience) the critical value at each point is Hall and
//! Wellner's band, 1.628/√N · S(t) · (1 + N σ²(t)) with N all values and
//! σ²(t) Greenwood's Σ d/(n(n−d)): it is 1.628/√N throughout without
//! censoring, narrow where many are still at risk and wide in a tail that
//! rests on few; a fit is rejected when a gap exceeds both its band and
//! 0.02. Significance alone would reject every family at
//! a million records — no real center's durations are exactly lognormal,
//! and 1.628/√10⁶ = 0.0016 detects differences no plan would notice — so
//! a gap must also be large enough to matter: two percentage points of
//! probability anywhere on the curve, which moves a service level or an
//! abandonment rate by less than routine forecast error. Below about 6 600
//! observations the critical value exceeds 0.02 and significance decides,
//! so small samples keep a parametric fit unless the evidence is clear.
//! The critical value is conservative twice over — the parameters were
//! estimated from the same data (Lilliefors' values are smaller), and
//! whole-second data are discrete — and with censoring the band uses the
//! whole range's value where a part of it would do: the test errs towards
//! keeping the parametric family, and the 0.02 margin does the work at
//! scale.

use serde::Serialize;
use std::collections::BTreeMap;

use super::family::Model;
use super::km::{kaplan_meier, KmPoint};
use super::mle::Fit;
use super::sample::{Kind, Observation, Sample};

/// The practical margin: a fit is kept, however significant its lack of
/// fit, while the distance stays at or below this.
pub const PRACTICAL_MARGIN: f64 = 0.02;

/// Kolmogorov's asymptotic critical value at α = 0.01: P(√n D > 1.628) = 0.01.
pub const KOLMOGOROV_C_01: f64 = 1.6276;

/// Steps of the curve with fewer observations at risk are not compared.
pub const MIN_AT_RISK: f64 = 20.0;

/// What the fitted distribution was compared against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reference {
    /// The empirical CDF (no censored values).
    EmpiricalCdf,
    /// The Kaplan–Meier curve (some values censored).
    KaplanMeier,
}

/// The outcome of the goodness-of-fit test of one fit.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Gof {
    /// The Kolmogorov distance D.
    pub distance: f64,
    /// Recorded time (seconds) where D is reached.
    pub at: f64,
    /// The α = 0.01 critical value where the distance is reported:
    /// 1.628/√n, or, with censoring, Hall and Wellner's band there.
    pub critical: f64,
    /// The practical margin, [`PRACTICAL_MARGIN`].
    pub practical: f64,
    /// n: the values' weight (without censoring, all observed; with it,
    /// censored ones included, as the band counts them).
    pub sample_size: f64,
    /// What the fit was compared against.
    pub reference: Reference,
    /// Whether the fit is rejected: a gap beyond max(critical, practical)
    /// at its point.
    pub rejected: bool,
}

/// The test and its decision rule in one paragraph, for reports.
pub fn test_description() -> &'static str {
    "Goodness of fit: the Kolmogorov distance D between the best fit (lowest BIC; a \
     lognormal only when it also beats the exponential in Vuong's test at the 1 % level) \
     and the data — \
     the empirical CDF, or the Kaplan–Meier curve when values are censored — compared on \
     the whole-second scale the records use (the fit is rounded the way the records were), \
     on both sides of every step with at least 20 observations at risk. The fit is rejected, \
     and the empirical distribution used instead, when D exceeds both the α = 0.01 \
     Kolmogorov critical value 1.628/√n and 0.02 — with censored values, when a gap exceeds \
     both 0.02 and Hall and Wellner's band at its point, 1.628/√N·S(t)·(1 + N·σ²(t)) \
     (N all values, σ² Greenwood's sum), which is 1.628/√N without censoring and widens \
     where the curve rests on few contacts. Significance alone would reject every family \
     at a million records, so a gap must also be large enough to matter (two percentage \
     points of probability anywhere on the curve)."
}

/// Tests any fit against `sample` (the test [`super::fit_best`] applies to
/// the best one), e.g. to report every family's distance. `None` if the
/// fit's parameters do not make a distribution.
pub fn test_fit(fit: &Fit, sample: &Sample) -> Option<Gof> {
    Some(test(&fit.model()?, sample, &kaplan_meier(sample)))
}

/// Tests `model` against `sample`, whose Kaplan–Meier curve is `km`.
pub(crate) fn test(model: &Model, sample: &Sample, km: &[KmPoint]) -> Gof {
    // The first observed (uncensored) observation at each recorded time
    // tells how its value was recorded.
    let mut how: BTreeMap<u64, Observation> = BTreeMap::new();
    // How many observed values were recorded each way.
    let mut kinds: BTreeMap<Kind, f64> = BTreeMap::new();
    for o in sample.observations().filter(|o| o.kind.is_observed()) {
        how.entry(o.recorded.to_bits()).or_insert(o);
        *kinds.entry(o.kind).or_insert(0.0) += o.weight;
    }
    let mixed = kinds.len() > 1;
    let mut sides = Vec::new();
    let (mut before_step, mut before_greenwood) = (1.0, 0.0);
    for p in km {
        let greenwood = if p.survival > 0.0 {
            (p.se / p.survival).powi(2)
        } else {
            f64::INFINITY // the step to zero: nothing left to judge after it
        };
        if let (true, Some(o)) = (p.at_risk >= MIN_AT_RISK, how.get(&p.t.to_bits())) {
            let (model_before, model_after) = if mixed {
                mixed_cdf(model, &kinds, p.t)
            } else {
                recorded_cdf(model, o)
            };
            sides.push(Side {
                gap: ((1.0 - before_step) - model_before).abs(),
                t: p.t,
                survival: before_step,
                greenwood: before_greenwood,
            });
            sides.push(Side {
                gap: ((1.0 - p.survival) - model_after).abs(),
                t: p.t,
                survival: p.survival,
                greenwood,
            });
        }
        (before_step, before_greenwood) = (p.survival, greenwood);
    }
    // All values, censored ones included (without censoring: the observed).
    let n = sample.observed_weight() + sample.censored_weight();
    let (reference, judged) = if sample.censored_weight() > 0.0 {
        (Reference::KaplanMeier, hall_wellner(&sides, n))
    } else {
        (Reference::EmpiricalCdf, kolmogorov(&sides, n))
    };
    Gof {
        distance: judged.distance,
        at: judged.at,
        critical: judged.critical,
        practical: PRACTICAL_MARGIN,
        sample_size: n,
        reference,
        rejected: judged.rejected,
    }
}

/// One compared side of a step of the curve: the gap between curve and
/// model there, its time, and the curve's survival and Greenwood sum
/// Σ d/(n(n−d)) on that side.
struct Side {
    gap: f64,
    t: f64,
    survival: f64,
    greenwood: f64,
}

/// What a rule found: the distance it reports, where, the critical value
/// there, and whether the fit is rejected.
struct Judged {
    distance: f64,
    at: f64,
    critical: f64,
    rejected: bool,
}

/// Without censoring: the Kolmogorov distance D against the critical
/// value 1.628/√n.
fn kolmogorov(sides: &[Side], n: f64) -> Judged {
    let (mut distance, mut at) = (0.0, f64::NAN);
    for s in sides {
        if s.gap > distance {
            (distance, at) = (s.gap, s.t);
        }
    }
    let critical = if n > 0.0 {
        KOLMOGOROV_C_01 / n.sqrt()
    } else {
        f64::INFINITY
    };
    Judged {
        distance,
        at,
        critical,
        rejected: distance > critical.max(PRACTICAL_MARGIN),
    }
}

/// With censoring: each gap against Hall and Wellner's band at its point,
/// 1.628/√N · S · (1 + N·Σ d/(n(n−d))) over all N values, censored ones
/// included. Without censoring the band is 1.628/√N throughout (the
/// Kolmogorov test); with it, the band is narrow where many are still at
/// risk and widens where the curve rests on few. (Kolmogorov's value on
/// observed values alone judged the early curve too loosely and its tail
/// too strictly: a probe's true exponential patience, 1,800 abandons
/// among 14,400 contacts, was rejected in 18 of 60 runs, always in the
/// tail, and the empirical distribution then read its mean 20–40 % off.)
/// The gap reported is the one furthest past (or closest to) its band.
fn hall_wellner(sides: &[Side], n: f64) -> Judged {
    let band = |s: &Side| {
        if n > 0.0 && s.greenwood.is_finite() {
            KOLMOGOROV_C_01 / n.sqrt() * s.survival * (1.0 + n * s.greenwood)
        } else {
            f64::INFINITY
        }
    };
    let mut worst = 0.0;
    let mut judged = Judged {
        distance: 0.0,
        at: f64::NAN,
        critical: if n > 0.0 {
            KOLMOGOROV_C_01 / n.sqrt()
        } else {
            f64::INFINITY
        },
        rejected: false,
    };
    for s in sides {
        let b = band(s);
        let ratio = s.gap / b.max(PRACTICAL_MARGIN);
        if ratio > worst {
            worst = ratio;
            judged = Judged {
                distance: s.gap,
                at: s.t,
                critical: b,
                rejected: ratio > 1.0,
            };
        }
    }
    judged
}

/// The model's P(recorded < o.recorded) and P(recorded ≤ o.recorded), for
/// a value recorded the way `o` was.
fn recorded_cdf(model: &Model, o: &Observation) -> (f64, f64) {
    match o.kind {
        // Its own ends: the truth lies between them.
        Kind::Rounded | Kind::Interval => (model.cdf(o.lo), model.cdf(o.hi)),
        kind => kind_cdf(model, kind, o.recorded),
    }
}

/// The model's P(recorded < t) and P(recorded ≤ t) for values recorded
/// the way `kind` records them: at a curve step `t` of their own, or — in
/// a sample recorded several ways — at any step. Whole-second values
/// below `t` are those up to ⌊t⌋, less `t` itself when it is a whole
/// second. Exact values and intervals are read as continuous.
fn kind_cdf(model: &Model, kind: Kind, t: f64) -> (f64, f64) {
    let d = t.floor();
    let on_grid = t == d;
    match kind {
        Kind::Exact | Kind::Interval | Kind::RightCensored => {
            let f = model.cdf(t);
            (f, f)
        }
        // A difference d of truncated timestamps is ⌊x⌋ or ⌈x⌉, ⌈x⌉ with
        // probability frac(x) (the start's lost fraction is uniform), so
        // P(D ≤ d) = ∫_d^{d+1} F.
        Kind::TruncatedDifference => {
            let after = mean_cdf(model, d, d + 1.0);
            let before = if on_grid {
                mean_cdf(model, d - 1.0, d)
            } else {
                after
            };
            (before, after)
        }
        Kind::Rounded => {
            let after = model.cdf(d + 0.5);
            let before = if on_grid {
                model.cdf((d - 0.5).max(0.0))
            } else {
                after
            };
            (before, after)
        }
    }
}

/// The model's P(recorded < t) and P(recorded ≤ t) for a sample whose
/// values were recorded in several ways — some contacts' timestamps carry
/// milliseconds and others whole seconds, say — `kinds` giving how many
/// of each: the mixture of each way's recorded distribution
/// ([`kind_cdf`]), weighted by its share. (A curve step at a whole second
/// is then partly a whole-second value's and partly not, and no one way
/// of recording describes it.)
fn mixed_cdf(model: &Model, kinds: &BTreeMap<Kind, f64>, t: f64) -> (f64, f64) {
    let total: f64 = kinds.values().sum();
    let (mut before, mut after) = (0.0, 0.0);
    for (&kind, &weight) in kinds {
        let (b, a) = kind_cdf(model, kind, t);
        before += weight / total * b;
        after += weight / total * a;
    }
    (before, after)
}

/// The mean of F over [a, b] (composite Simpson, 4 panels; F = 0 below 0).
fn mean_cdf(model: &Model, a: f64, b: f64) -> f64 {
    const PANELS: usize = 4;
    let h = (b - a) / PANELS as f64;
    let mut s = model.cdf(a) + model.cdf(b);
    for i in 1..PANELS {
        s += model.cdf(a + i as f64 * h) * if i % 2 == 1 { 4.0 } else { 2.0 };
    }
    s * h / 3.0 / (b - a)
}
