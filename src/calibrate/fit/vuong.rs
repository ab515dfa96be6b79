//! Vuong's test between two fits that do not nest: whether the lognormal
//! explains the data significantly better than the exponential.
//!
//! Why it is needed: BIC bounds how often a family that *nests* the
//! exponential (gamma, Weibull) beats a true exponential — its extra
//! parameter's gain is χ²₁ — but the lognormal does not nest it, and no
//! such bound holds. On a few dozen heavily censored abandons the
//! lognormal won about 7 % of true-exponential samples under BIC, its
//! mean resting on a tail past the longest wait (hours, against a truth of
//! minutes). Vuong's test (Econometrica 57, 1989) asks whether the
//! per-observation log-likelihood ratio ℓᵢ = ln f(xᵢ) − ln g(xᵢ), summed,
//! is large against its own spread:
//!
//! ```text
//!   z = (Σ wᵢ ℓᵢ − (k_f − k_g)/2 · ln d) / (√n · ω),
//!   ω² = Σ wᵢ (ℓᵢ − ℓ̄)² / n,   n = Σ wᵢ,  d = observed weight
//! ```
//!
//! with the Schwarz correction in the same ln d as the BIC that ranked the
//! fits. Under "both are equally close to the truth" z is standard normal;
//! under a true exponential the lognormal is strictly farther and z drifts
//! below zero, so P(z > z_α) is at most about α. The lognormal is kept only
//! when z > z_α at [`ALPHA`]; otherwise the exponential (or a nesting
//! family BIC preferred to it) is used. On a center's thousands of skewed
//! durations z runs to tens, so the test never stands in a real
//! lognormal's way there.

use serde::Serialize;

use super::family::Family;
use super::mle::{Fit, Terms};
use super::special::ln_phi_both;

/// One-sided level of the test: the lognormal is kept over the
/// exponential only when a z this extreme would arise less than 1 % of
/// the time were they equally good.
pub const ALPHA: f64 = 0.01;

/// The outcome of Vuong's test of `challenger` against `incumbent`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Vuong {
    /// The family that won on BIC (the lognormal).
    pub challenger: Family,
    /// The simpler family it must beat (the exponential).
    pub incumbent: Family,
    /// The statistic; positive favours the challenger.
    pub z: f64,
    /// One-sided p-value, P(Z > z).
    pub p_value: f64,
    /// The level the p-value is held to ([`ALPHA`]).
    pub alpha: f64,
    /// Whether the challenger is kept (p-value below the level).
    pub kept: bool,
}

/// Vuong's test of `challenger` against `incumbent`, both fitted to
/// `terms`. `None` when either fit has no model (a numerical breakdown) or
/// a term is not finite.
pub(crate) fn test(terms: &Terms, challenger: &Fit, incumbent: &Fit) -> Option<Vuong> {
    let f = terms.pointwise(&challenger.model()?);
    let g = terms.pointwise(&incumbent.model()?);
    let (mut n, mut sum) = (0.0, 0.0);
    for (&(w, a), &(_, b)) in f.iter().zip(&g) {
        n += w;
        sum += w * (a - b);
    }
    let mean = sum / n;
    let spread: f64 = f
        .iter()
        .zip(&g)
        .map(|(&(w, a), &(_, b))| w * (a - b - mean).powi(2))
        .sum::<f64>()
        / n;
    let extra = challenger.family.parameters() as f64 - incumbent.family.parameters() as f64;
    let ln_d = challenger.observed.max(super::MIN_OBSERVED).ln();
    let adjusted = sum - extra / 2.0 * ln_d;
    if !adjusted.is_finite() || !spread.is_finite() {
        return None;
    }
    let sd = (n * spread).sqrt();
    let z = if sd > 0.0 {
        adjusted / sd
    } else {
        // Identical terms throughout: the correction alone decides.
        match adjusted.total_cmp(&0.0) {
            std::cmp::Ordering::Greater => f64::INFINITY,
            std::cmp::Ordering::Less => f64::NEG_INFINITY,
            std::cmp::Ordering::Equal => 0.0,
        }
    };
    let p_value = ln_phi_both(z).1.exp();
    Some(Vuong {
        challenger: challenger.family,
        incumbent: incumbent.family,
        z,
        p_value,
        alpha: ALPHA,
        kept: p_value < ALPHA,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calibrate::fit::mle::fit_terms;
    use crate::calibrate::fit::{Observation, Sample};

    fn sample(xs: impl Iterator<Item = f64>) -> Sample {
        xs.map(|x| Observation::exact(x).unwrap_or_else(|e| panic!("{e}")))
            .collect()
    }

    fn fits(s: &Sample) -> (Terms, Fit, Fit) {
        let terms = Terms::of(s).unwrap_or_else(|e| panic!("{e}"));
        let ln = fit_terms(Family::LogNormal, &terms).unwrap_or_else(|e| panic!("{e}"));
        let ex = fit_terms(Family::Exponential, &terms).unwrap_or_else(|e| panic!("{e}"));
        (terms, ln, ex)
    }

    /// Exact quantiles of a lognormal of σ = 1: 2,000 values the lognormal
    /// fits far better than any exponential, so z is large and positive;
    /// exact quantiles of an exponential: z is negative.
    #[test]
    fn z_points_to_the_family_the_data_come_from() {
        let n = 2_000;
        let u = |i: usize| (i as f64 + 0.5) / n as f64;
        // Φ⁻¹ by bisection on ln Φ, enough for a fixture.
        let probit = |p: f64| {
            let (mut lo, mut hi) = (-10.0, 10.0);
            for _ in 0..100 {
                let mid: f64 = (lo + hi) / 2.0;
                if ln_phi_both(mid).0.exp() < p {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            (lo + hi) / 2.0
        };
        let lognormal = sample((0..n).map(|i| (60f64.ln() + probit(u(i))).exp()));
        let (terms, ln, ex) = fits(&lognormal);
        let v = test(&terms, &ln, &ex).unwrap_or_else(|| panic!("no test"));
        assert!(v.z > 5.0 && v.kept, "{v:?}");
        let exponential = sample((0..n).map(|i| -60.0 * (1.0 - u(i)).ln()));
        let (terms, ln, ex) = fits(&exponential);
        let v = test(&terms, &ln, &ex).unwrap_or_else(|| panic!("no test"));
        assert!(v.z < 0.0 && !v.kept, "{v:?}");
        assert!((v.p_value - ln_phi_both(v.z).1.exp()).abs() < 1e-15);
    }
}
