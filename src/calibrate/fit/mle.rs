//! Maximum-likelihood fit of one family to a [`Sample`], with standard
//! errors and confidence intervals from the observed information.
//!
//! The log-likelihood sums, with weights, ln f(x) for exact values,
//! ln P(lo ≤ X < hi) for interval values and ln S(c) for right-censored
//! ones. It is maximised over θ = (ln mean, ln cv-or-shape) — logs keep
//! both positive and make the surface close to quadratic — by Nelder–Mead
//! from a start read off the data. The observed information is minus the
//! Hessian of the log-likelihood at the optimum (central differences in
//! θ); its inverse is the covariance of θ̂. A 95 % interval is
//! `exp(θ̂ ± 1.96 se(θ̂))` — it stays positive and is the delta method on
//! the log scale — and the standard error on the natural scale is the
//! delta method's `value × se(θ̂)`.

use serde::Serialize;

use crate::engine::{Dist, DistError};

use super::family::{End, Family, Model, MEAN_RANGE};
use super::optimize::{hessian, information_inverse, minimize};
use super::sample::{Kind, Sample};
use super::special::two_sided_z;

/// Observed (uncensored) weight a fit needs at least: below ten values a
/// two-parameter fit's intervals are too wide to say anything.
pub const MIN_OBSERVED: f64 = 10.0;

/// Step of the numerical Hessian in θ (logs, so a relative 0.1 %): large
/// enough that rounding in a log-likelihood of 10⁷ stays below 1e-6 of the
/// curvature, small enough that the truncation error (∝ h²) does too.
const HESSIAN_STEP: f64 = 1e-3;

/// Why a sample could not be fitted.
#[derive(Debug, Clone, PartialEq, thiserror::Error, Serialize)]
#[non_exhaustive]
pub enum FitError {
    /// Too few observed (uncensored) values; censored ones alone say only
    /// that durations are long.
    #[error(
        "not enough data: {observed} observed and {censored} censored values; \
         a fit needs at least {needed} observed"
    )]
    NotEnoughData {
        /// Observed weight.
        observed: f64,
        /// Censored weight.
        censored: f64,
        /// What a fit needs.
        needed: f64,
    },
    /// Every observed value is the same: a constant, not a distribution.
    #[error("every observed value is {value} s: a constant, not a distribution to fit")]
    NoSpread {
        /// The one value.
        value: f64,
    },
    /// The likelihood was not finite even at the start (a numerical
    /// breakdown, reported rather than hidden).
    #[error("the {family} likelihood is not finite at the start of the search")]
    NotFinite {
        /// The family's name.
        family: &'static str,
    },
}

/// An estimate with its uncertainty.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Estimate {
    /// The maximum-likelihood value.
    pub value: f64,
    /// Standard error (delta method); `None` when the information matrix
    /// is not positive definite (a fit on an edge of its range).
    pub se: Option<f64>,
    /// 95 % confidence interval, `exp(ln value ± 1.96 se(ln value))`.
    pub ci95: Option<[f64; 2]>,
    /// Standard error of ln value, from which every interval is made.
    #[serde(skip)]
    se_log: Option<f64>,
}

impl Estimate {
    fn new(value: f64, se_log: Option<f64>) -> Estimate {
        let mut e = Estimate {
            value,
            se: se_log.map(|s| value * s),
            ci95: None,
            se_log,
        };
        e.ci95 = e.ci(0.95);
        e
    }

    /// The two-sided confidence interval at `level` (e.g. 0.999), on the
    /// log scale and transformed back.
    pub fn ci(&self, level: f64) -> Option<[f64; 2]> {
        let s = self.se_log?;
        let z = two_sided_z(level);
        Some([self.value * (-z * s).exp(), self.value * (z * s).exp()])
    }
}

/// One family's maximum-likelihood fit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Fit {
    /// The family.
    pub family: Family,
    /// The mean, seconds.
    pub mean: Estimate,
    /// cv (lognormal, gamma) or shape (Weibull), as the scenario writes it;
    /// `None` for the exponential. [`Family::shape_field`] names it.
    pub shape: Option<Estimate>,
    /// The maximised log-likelihood (densities for exact values,
    /// probabilities for intervals and censored values).
    pub log_likelihood: f64,
    /// Akaike's information criterion, 2k − 2 ln L.
    pub aic: f64,
    /// Schwarz's Bayesian information criterion for censored data,
    /// k ln d − 2 ln L with d the observed (uncensored) weight rather than
    /// the sample size: censored values carry less information than
    /// observed ones (Volinsky & Raftery, Biometrics 56, 2000). Families
    /// are ranked by it ([`super::fit_best`]).
    pub bic: f64,
    /// Observed (uncensored) weight.
    pub observed: f64,
    /// Right-censored weight.
    pub censored: f64,
    /// Whether the search met its tolerance before its iteration cap.
    pub converged: bool,
    /// Whether the estimate sits on an edge of the search range (e.g. a cv
    /// of 0.01 for nearly constant data): its intervals then mean little.
    pub at_bound: bool,
}

impl Fit {
    /// The fitted distribution, as ccsim samples it.
    pub fn dist(&self) -> Result<Dist, DistError> {
        let (m, s) = (self.mean.value, self.shape.map_or(1.0, |e| e.value));
        match self.family {
            Family::Exponential => Dist::exponential(m),
            Family::LogNormal => Dist::lognormal(m, s),
            Family::Gamma => Dist::gamma(m, s),
            Family::Weibull => Dist::weibull(m, s),
        }
    }

    /// The scenario file's inline table, e.g.
    /// `{ dist = "lognormal", mean = "182.4s", cv = 0.612 }`.
    pub fn scenario_toml(&self) -> String {
        let mut t = format!(
            "{{ dist = \"{}\", mean = \"{}s\"",
            self.family.name(),
            round_to(self.mean.value, 4)
        );
        if let (Some(field), Some(e)) = (self.family.shape_field(), self.shape) {
            t.push_str(&format!(", {field} = {}", round_to(e.value, 4)));
        }
        t.push_str(" }");
        t
    }

    /// The fitted member, for the goodness-of-fit test and the fallback.
    pub(crate) fn model(&self) -> Option<Model> {
        Model::new(
            self.family,
            self.mean.value,
            self.shape.map_or(1.0, |e| e.value),
        )
    }
}

/// `v` to `digits` significant digits (for files people read).
pub(crate) fn round_to(v: f64, digits: i32) -> f64 {
    if v == 0.0 || !v.is_finite() {
        return v;
    }
    let p = 10f64.powi(digits - 1 - v.abs().log10().floor() as i32);
    (v * p).round() / p
}

/// A sample flattened for repeated likelihood evaluation, with the search's
/// start read off it.
///
/// Interval and censored terms refer to their ends by index into `ends`,
/// the distinct ends in ascending order: whole-second bins share their
/// ends (`[d − ½, d + ½)` ends where `[d + ½, d + 3/2)` starts; a censored
/// wait `c` is an end of the uncensored bins around it), so one likelihood
/// evaluation computes the CDF at each distinct end once — about half the
/// special-function calls of computing both ends of every term.
#[derive(Debug, Clone)]
pub(crate) struct Terms {
    /// (x, weight) of exact values.
    exact: Vec<(f64, f64)>,
    /// Distinct interval ends and censoring times, ascending.
    ends: Vec<f64>,
    /// (lo, hi, weight) of interval values, lo and hi indexing `ends`.
    intervals: Vec<(usize, usize, f64)>,
    /// (c, weight) of censored values, c indexing `ends`.
    censored: Vec<(usize, f64)>,
    /// Observed (uncensored) weight.
    pub observed: f64,
    /// Censored weight.
    pub censored_weight: f64,
    /// Start of the search: total time over observed weight (the
    /// exponential's censored MLE) and the observed values' cv.
    start: (f64, f64),
}

impl Terms {
    /// Flattens `sample`; an error if it cannot support a fit.
    pub fn of(sample: &Sample) -> Result<Terms, FitError> {
        let mut t = Terms {
            exact: Vec::new(),
            ends: Vec::new(),
            intervals: Vec::new(),
            censored: Vec::new(),
            observed: 0.0,
            censored_weight: 0.0,
            start: (1.0, 1.0),
        };
        let (mut total_time, mut s1, mut s2) = (0.0, 0.0, 0.0);
        let mut first_mid: Option<(f64, f64)> = None;
        let mut spread = false;
        let (mut intervals, mut censored) = (Vec::new(), Vec::new());
        for o in sample.observations() {
            let mid = if o.kind == Kind::Exact {
                o.lo
            } else {
                (o.lo + o.hi) / 2.0
            };
            match o.kind {
                Kind::Exact => t.exact.push((o.lo, o.weight)),
                Kind::RightCensored => censored.push((o.lo, o.weight)),
                _ => intervals.push((o.lo, o.hi, o.weight)),
            }
            if o.kind == Kind::RightCensored {
                t.censored_weight += o.weight;
                total_time += o.weight * o.lo;
                continue;
            }
            t.observed += o.weight;
            total_time += o.weight * mid;
            s1 += o.weight * mid;
            s2 += o.weight * mid * mid;
            spread |= first_mid.is_some_and(|(m, _)| m != mid);
            // With no spread, the constant is the value as recorded: a
            // duration recorded as 0 s is 0, not the middle of [0, 0.5).
            first_mid.get_or_insert((mid, o.recorded));
        }
        t.index_ends(&intervals, &censored);
        if t.observed < MIN_OBSERVED {
            return Err(FitError::NotEnoughData {
                observed: t.observed,
                censored: t.censored_weight,
                needed: MIN_OBSERVED,
            });
        }
        if !spread {
            return Err(FitError::NoSpread {
                value: first_mid.map_or(0.0, |(_, recorded)| recorded),
            });
        }
        let m = s1 / t.observed;
        let cv = ((s2 / t.observed - m * m).max(0.0)).sqrt() / m;
        t.start = (
            (total_time / t.observed).clamp(MEAN_RANGE.0 * 10.0, MEAN_RANGE.1 / 10.0),
            cv.clamp(0.2, 3.0),
        );
        Ok(t)
    }

    /// Fills `ends` with the distinct ends of `intervals` and `censored`
    /// and their terms with indices into it.
    fn index_ends(&mut self, intervals: &[(f64, f64, f64)], censored: &[(f64, f64)]) {
        let mut ends: Vec<f64> = intervals
            .iter()
            .flat_map(|&(lo, hi, _)| [lo, hi])
            .chain(censored.iter().map(|&(c, _)| c))
            .collect();
        ends.sort_by(f64::total_cmp);
        ends.dedup();
        // Every value was put in `ends`, so the search finds it.
        let at = |x: f64| ends.partition_point(|&e| e < x);
        self.intervals = intervals
            .iter()
            .map(|&(lo, hi, w)| (at(lo), at(hi), w))
            .collect();
        self.censored = censored.iter().map(|&(c, w)| (at(c), w)).collect();
        self.ends = ends;
    }

    /// The weighted log-likelihood of `model`; −∞ if any term is not
    /// finite (the data are impossible under it, or the numerics broke).
    /// Each term is bit for bit what [`Model::ln_interval`] and
    /// [`Model::ln_cdf_sf`] give, summed in the same order.
    pub fn log_likelihood(&self, model: &Model) -> f64 {
        let mut sum = 0.0;
        self.each_term(model, |w, term| sum += w * term);
        if sum.is_finite() {
            sum
        } else {
            f64::NEG_INFINITY
        }
    }

    /// Each distinct observation's (weight, log-likelihood term) under
    /// `model`, in one fixed order (exact, interval, censored) — what a
    /// test comparing two fits term by term needs ([`super::vuong`]).
    pub fn pointwise(&self, model: &Model) -> Vec<(f64, f64)> {
        let mut terms = Vec::with_capacity(self.len());
        self.each_term(model, |w, term| terms.push((w, term)));
        terms
    }

    /// The number of distinct observations.
    fn len(&self) -> usize {
        self.exact.len() + self.intervals.len() + self.censored.len()
    }

    /// Calls `f(weight, term)` for every distinct observation, in the order
    /// [`Terms::log_likelihood`] sums them.
    fn each_term(&self, model: &Model, mut f: impl FnMut(f64, f64)) {
        let at_ends: Vec<End> = self.ends.iter().map(|&x| model.end(x)).collect();
        for &(x, w) in &self.exact {
            f(w, model.ln_pdf(x));
        }
        for &(lo, hi, w) in &self.intervals {
            f(w, model.ln_interval_between(at_ends[lo], at_ends[hi]));
        }
        for &(c, w) in &self.censored {
            f(w, model.ln_sf_at(at_ends[c]));
        }
    }

    /// The log-likelihood at θ = (ln mean, ln shape), any θ.
    fn at(&self, family: Family, theta: &[f64]) -> f64 {
        let shape = theta.get(1).map_or(1.0, |s| s.exp());
        Model::new(family, theta[0].exp(), shape)
            .map_or(f64::NEG_INFINITY, |m| self.log_likelihood(&m))
    }
}

/// Whether θ lies in the family's search range.
fn in_range(family: Family, theta: &[f64]) -> bool {
    let within = |v: f64, (lo, hi): (f64, f64)| v >= lo.ln() && v <= hi.ln();
    within(theta[0], MEAN_RANGE)
        && theta
            .get(1)
            .is_none_or(|&s| within(s, family.shape_range()))
}

/// Whether θ lies within 1e-4 (relative) of an edge of the search range.
fn on_edge(family: Family, theta: &[f64]) -> bool {
    let near =
        |v: f64, (lo, hi): (f64, f64)| (v - lo.ln()).abs() < 1e-4 || (v - hi.ln()).abs() < 1e-4;
    near(theta[0], MEAN_RANGE) || theta.get(1).is_some_and(|&s| near(s, family.shape_range()))
}

/// Fits `family` to `sample` by maximum likelihood.
pub fn fit(family: Family, sample: &Sample) -> Result<Fit, FitError> {
    fit_terms(family, &Terms::of(sample)?)
}

/// Fits `family` to already flattened terms (shared by the four fits of
/// [`super::fit_best`]).
pub(crate) fn fit_terms(family: Family, terms: &Terms) -> Result<Fit, FitError> {
    let (m0, cv0) = terms.start;
    let mut start = vec![m0.ln()];
    match family {
        Family::Exponential => {}
        // A Weibull's cv is about k^(−1.086) for the shapes durations have.
        Family::Weibull => start.push((cv0.powf(-1.0 / 1.086)).ln()),
        Family::LogNormal | Family::Gamma => start.push(cv0.ln()),
    }
    if terms.at(family, &start) == f64::NEG_INFINITY {
        return Err(FitError::NotFinite {
            family: family.name(),
        });
    }
    let mut objective = |theta: &[f64]| {
        if in_range(family, theta) {
            -terms.at(family, theta)
        } else {
            f64::NAN
        }
    };
    let best = minimize(&mut objective, &start, 0.2);
    let theta = best.x;
    let log_likelihood = -best.value;
    let covariance = information_inverse(&hessian(
        &mut |t: &[f64]| terms.at(family, t),
        &theta,
        HESSIAN_STEP,
    ));
    let se = |i: usize| covariance.as_ref().map(|c| c[i][i].sqrt());
    let k = family.parameters() as f64;
    Ok(Fit {
        family,
        mean: Estimate::new(theta[0].exp(), se(0)),
        shape: theta.get(1).map(|s| Estimate::new(s.exp(), se(1))),
        log_likelihood,
        aic: 2.0 * k - 2.0 * log_likelihood,
        // `Terms::of` refused fewer than MIN_OBSERVED observed values, so
        // the logarithm is positive.
        bic: k * terms.observed.max(MIN_OBSERVED).ln() - 2.0 * log_likelihood,
        observed: terms.observed,
        censored: terms.censored_weight,
        converged: best.converged,
        at_bound: on_edge(family, &theta),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calibrate::fit::Observation;

    #[test]
    fn round_to_keeps_significant_digits() {
        assert_eq!(round_to(182.4391, 4), 182.4);
        assert_eq!(round_to(0.612_345, 4), 0.6123);
        assert_eq!(round_to(12_345.6, 4), 12_350.0);
    }

    /// Exact exponential data: the MLE is the sample mean and its se is
    /// mean/√n — closed forms the numerical path must reproduce.
    #[test]
    fn exponential_on_exact_data_matches_the_closed_form() {
        let xs: Vec<f64> = (1..=400)
            .map(|i| -(1.0 - i as f64 / 401.0f64).ln() * 60.0)
            .collect();
        let sample: Sample = xs
            .iter()
            .map(|&x| Observation::exact(x).unwrap_or_else(|e| panic!("{e}")))
            .collect();
        let f = fit(Family::Exponential, &sample).unwrap_or_else(|e| panic!("{e}"));
        let mean = xs.iter().sum::<f64>() / xs.len() as f64;
        assert!(
            (f.mean.value - mean).abs() < 1e-6 * mean,
            "{} vs {mean}",
            f.mean.value
        );
        let se = f.mean.se.unwrap_or(f64::NAN);
        assert!((se - mean / 20.0).abs() < 1e-4 * se, "{se}");
        assert!(f.converged && !f.at_bound);
        assert_eq!(
            f.scenario_toml(),
            format!(
                "{{ dist = \"exponential\", mean = \"{}s\" }}",
                round_to(mean, 4)
            )
        );
    }

    #[test]
    fn tiny_constant_and_all_censored_samples_are_errors() {
        let one = |o: Result<Observation, _>| {
            o.unwrap_or_else(|e: crate::calibrate::fit::SampleError| panic!("{e}"))
        };
        let tiny: Sample = (1..5)
            .map(|d| one(Observation::rounded_seconds(d as f64)))
            .collect();
        assert!(matches!(
            fit(Family::Gamma, &tiny),
            Err(FitError::NotEnoughData { .. })
        ));
        let censored: Sample = (1..50)
            .map(|d| one(Observation::right_censored(d as f64)))
            .collect();
        assert!(matches!(
            fit(Family::Weibull, &censored),
            Err(FitError::NotEnoughData { .. })
        ));
        let constant: Sample = (0..50)
            .map(|_| one(Observation::rounded_seconds(7.0)))
            .collect();
        assert!(matches!(
            fit(Family::LogNormal, &constant),
            Err(FitError::NoSpread { .. })
        ));
    }
}
