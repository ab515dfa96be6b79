//! The four fitted families in the scenario file's own parameterisation
//! (`src/scenario/dist.rs`, sampled by `src/engine/dist.rs`):
//!
//! | family | scenario fields | as ccsim defines it |
//! |---|---|---|
//! | exponential | `mean` | rate 1/mean |
//! | lognormal | `mean`, `cv` | σ² = ln(1 + cv²), μ = ln mean − σ²/2 |
//! | gamma | `mean`, `cv` | shape a = 1/cv², scale mean/a |
//! | weibull | `mean`, `shape` | shape k, scale λ = mean / Γ(1 + 1/k) |
//!
//! A [`Model`] is one member of a family, with its log density, log CDF,
//! log survival and log interval probability computed in log space, so a
//! term from the far tail is a finite number rather than ln 0.

use serde::Serialize;
use statrs::function::gamma::ln_gamma;

use super::special::{ln_diff_exp, ln_gamma_pq_given, ln_phi_both};

/// ½ ln(2π).
const HALF_LN_2PI: f64 = 0.918_938_533_204_672_8;

/// A distribution family the calibration fits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Family {
    /// `{ dist = "exponential", mean }`.
    Exponential,
    /// `{ dist = "lognormal", mean, cv }`.
    #[serde(rename = "lognormal")]
    LogNormal,
    /// `{ dist = "gamma", mean, cv }`.
    Gamma,
    /// `{ dist = "weibull", mean, shape }`.
    Weibull,
}

impl Family {
    /// Every family, in the fixed order that breaks ties between equal BICs.
    pub const ALL: [Family; 4] = [
        Family::Exponential,
        Family::LogNormal,
        Family::Gamma,
        Family::Weibull,
    ];

    /// The name a scenario writes as `dist = "…"`.
    pub fn name(self) -> &'static str {
        match self {
            Family::Exponential => "exponential",
            Family::LogNormal => "lognormal",
            Family::Gamma => "gamma",
            Family::Weibull => "weibull",
        }
    }

    /// The scenario field of the second parameter: `cv` or `shape` (none
    /// for the exponential).
    pub fn shape_field(self) -> Option<&'static str> {
        match self {
            Family::Exponential => None,
            Family::LogNormal | Family::Gamma => Some("cv"),
            Family::Weibull => Some("shape"),
        }
    }

    /// How many parameters the fit estimates (for AIC and BIC).
    pub fn parameters(self) -> usize {
        if self == Family::Exponential {
            1
        } else {
            2
        }
    }

    /// The range of the second parameter the search stays in. Wider than
    /// any duration a center records; a fit that ends on an edge says so
    /// (`Fit::at_bound`). The gamma's cv ≥ 0.02 keeps its shape ≤ 2 500,
    /// where the incomplete gamma function converges quickly.
    pub(crate) fn shape_range(self) -> (f64, f64) {
        match self {
            Family::Exponential => (1.0, 1.0),
            Family::LogNormal => (0.01, 20.0),
            Family::Gamma => (0.02, 20.0),
            Family::Weibull => (0.05, 50.0),
        }
    }
}

/// The mean's search range, seconds: from a millisecond to four months.
pub(crate) const MEAN_RANGE: (f64, f64) = (1e-3, 1e7);

/// One member of a family, with what its formulas need precomputed.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Model {
    /// Which family.
    pub family: Family,
    /// The mean, seconds.
    pub mean: f64,
    /// Lognormal: (μ, σ); gamma: (a, scale); Weibull: (k, ln λ);
    /// exponential: (mean, unused).
    p: (f64, f64),
    /// Gamma: ln Γ(a), needed by every density and CDF value and the same
    /// for all of them; 0 for the other families.
    ln_gamma_a: f64,
}

/// What [`Model::ln_interval_between`] needs at one end of an interval,
/// from [`Model::end`]: the cumulative hazard (exponential, Weibull) or
/// (ln F, ln S) (lognormal, gamma). Whole-second bins share their ends, so
/// a likelihood computes each end once and pairs them up.
#[derive(Debug, Clone, Copy)]
pub(crate) struct End(f64, f64);

impl Model {
    /// The member with this mean and cv/shape; `None` if the formulas
    /// break down there (a parameter ≤ 0, not finite).
    pub fn new(family: Family, mean: f64, shape: f64) -> Option<Model> {
        if !(mean.is_finite() && mean > 0.0 && shape.is_finite() && shape > 0.0) {
            return None;
        }
        let p = match family {
            Family::Exponential => (mean, 0.0),
            Family::LogNormal => {
                let sigma2 = (shape * shape).ln_1p();
                (mean.ln() - sigma2 / 2.0, sigma2.sqrt())
            }
            Family::Gamma => {
                let a = 1.0 / (shape * shape);
                (a, mean / a)
            }
            Family::Weibull => (shape, mean.ln() - ln_gamma(1.0 + 1.0 / shape)),
        };
        let ln_gamma_a = if family == Family::Gamma {
            ln_gamma(p.0)
        } else {
            0.0
        };
        (p.0.is_finite() && p.1.is_finite()).then_some(Model {
            family,
            mean,
            p,
            ln_gamma_a,
        })
    }

    /// ln f(x), x > 0.
    pub fn ln_pdf(&self, x: f64) -> f64 {
        let lx = x.ln();
        match self.family {
            Family::Exponential => -self.p.0.ln() - x / self.p.0,
            Family::LogNormal => {
                let (mu, sigma) = self.p;
                let z = (lx - mu) / sigma;
                -lx - sigma.ln() - HALF_LN_2PI - z * z / 2.0
            }
            Family::Gamma => {
                let (a, scale) = self.p;
                let y = x / scale;
                (a - 1.0) * y.ln() - y - self.ln_gamma_a - scale.ln()
            }
            Family::Weibull => {
                let (k, ln_lambda) = self.p;
                let u = lx - ln_lambda;
                k.ln() - ln_lambda + (k - 1.0) * u - (k * u).exp()
            }
        }
    }

    /// (ln F(x), ln S(x)), S = 1 − F the survival function.
    pub fn ln_cdf_sf(&self, x: f64) -> (f64, f64) {
        if x <= 0.0 {
            return (f64::NEG_INFINITY, 0.0);
        }
        if x == f64::INFINITY {
            return (0.0, f64::NEG_INFINITY);
        }
        match self.family {
            Family::Exponential => {
                let h = x / self.p.0;
                ((-(-h).exp_m1()).ln(), -h)
            }
            Family::LogNormal => {
                let z = (x.ln() - self.p.0) / self.p.1;
                ln_phi_both(z)
            }
            Family::Gamma => ln_gamma_pq_given(self.p.0, self.ln_gamma_a, x / self.p.1),
            Family::Weibull => {
                let h = self.cumulative_hazard(x);
                ((-(-h).exp_m1()).ln(), -h)
            }
        }
    }

    /// F(x).
    pub fn cdf(&self, x: f64) -> f64 {
        self.ln_cdf_sf(x).0.exp()
    }

    /// ln P(lo ≤ X < hi), for 0 ≤ lo < hi ≤ ∞. Differences are taken on
    /// the side of the median where they do not cancel: F(hi) − F(lo) below
    /// it, S(lo) − S(hi) above it; the exponential and the Weibull have the
    /// closed form S(lo)·(1 − e^{−(H(hi) − H(lo))}) with H the cumulative
    /// hazard, exact everywhere.
    #[cfg(test)]
    pub fn ln_interval(&self, lo: f64, hi: f64) -> f64 {
        self.ln_interval_between(self.end(lo), self.end(hi))
    }

    /// What [`Model::ln_interval_between`] needs at `x`.
    pub(crate) fn end(&self, x: f64) -> End {
        match self.family {
            Family::Exponential | Family::Weibull => End(self.cumulative_hazard(x), 0.0),
            Family::LogNormal | Family::Gamma => {
                let (f, s) = self.ln_cdf_sf(x);
                End(f, s)
            }
        }
    }

    /// ln S(x) from x's [`Model::end`] value: what [`Model::ln_cdf_sf`]
    /// gives (bar the sign of a zero, which adds the same to a sum), for
    /// finite x.
    pub(crate) fn ln_sf_at(&self, end: End) -> f64 {
        match self.family {
            Family::Exponential | Family::Weibull => -end.0,
            Family::LogNormal | Family::Gamma => end.1,
        }
    }

    /// [`Model::ln_interval`] from its two ends' [`Model::end`] values.
    pub(crate) fn ln_interval_between(&self, lo: End, hi: End) -> f64 {
        match self.family {
            Family::Exponential | Family::Weibull => {
                let (h_lo, h_hi) = (lo.0, hi.0);
                if h_hi == f64::INFINITY {
                    -h_lo
                } else {
                    -h_lo + (-(-(h_hi - h_lo)).exp_m1()).ln()
                }
            }
            Family::LogNormal | Family::Gamma => {
                let (End(f_lo, s_lo), End(f_hi, s_hi)) = (lo, hi);
                if s_lo < f_lo {
                    // lo is above the median: both survivals are the small numbers.
                    ln_diff_exp(s_lo, s_hi)
                } else {
                    ln_diff_exp(f_hi, f_lo)
                }
            }
        }
    }

    /// H(x) = −ln S(x) for the exponential and the Weibull.
    fn cumulative_hazard(&self, x: f64) -> f64 {
        if x <= 0.0 {
            return 0.0;
        }
        match self.family {
            Family::Exponential => x / self.p.0,
            _ => (self.p.0 * (x.ln() - self.p.1)).exp(),
        }
    }

    /// The x with S(x) = e^`ln_s`, by bisection on ln x (60 halvings of a
    /// bracket found by doubling): the tail quantiles the empirical fallback
    /// borrows.
    pub fn inverse_ln_sf(&self, ln_s: f64) -> f64 {
        let (mut lo, mut hi) = (self.mean.ln(), self.mean.ln());
        while self.ln_cdf_sf(lo.exp()).1 < ln_s && lo > -50.0 {
            lo -= 1.0;
        }
        while self.ln_cdf_sf(hi.exp()).1 > ln_s && hi < 50.0 {
            hi += 1.0;
        }
        for _ in 0..60 {
            let mid = (lo + hi) / 2.0;
            if self.ln_cdf_sf(mid.exp()).1 > ln_s {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        ((lo + hi) / 2.0).exp()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The log density integrates to the interval probability, and the
    /// interval probability to the CDF, for every family (trapezoid on a
    /// fine log grid; the tolerance is the rule's error, not a fudge).
    #[test]
    fn density_cdf_and_interval_agree() {
        for fam in Family::ALL {
            let m = Model::new(fam, 120.0, if fam == Family::Weibull { 1.4 } else { 0.7 })
                .unwrap_or_else(|| panic!("{fam:?}"));
            let (lo, hi) = (60.0, 200.0);
            let n = 20_000;
            let h = (hi - lo) / n as f64;
            let integral: f64 = (0..=n)
                .map(|i| {
                    let w = if i == 0 || i == n { 0.5 } else { 1.0 };
                    w * m.ln_pdf(lo + i as f64 * h).exp() * h
                })
                .sum();
            let p = m.ln_interval(lo, hi).exp();
            assert!((integral - p).abs() < 1e-8, "{fam:?}: {integral} vs {p}");
            assert!((m.cdf(hi) - m.cdf(lo) - p).abs() < 1e-12, "{fam:?}");
            assert!((m.ln_interval(0.0, lo).exp() - m.cdf(lo)).abs() < 1e-12);
            assert!((m.ln_interval(hi, f64::INFINITY) - m.ln_cdf_sf(hi).1).abs() < 1e-12);
        }
    }

    /// Far in the right tail the interval probability is tiny but its log
    /// is finite and matches the density times the width.
    #[test]
    fn far_tail_terms_are_finite() {
        for fam in Family::ALL {
            let m = Model::new(fam, 60.0, if fam == Family::Weibull { 2.0 } else { 0.3 })
                .unwrap_or_else(|| panic!("{fam:?}"));
            let x = 2_000.0;
            let l = m.ln_interval(x - 0.5, x + 0.5);
            let approx = m.ln_pdf(x);
            assert!(l.is_finite() && l < -30.0, "{fam:?}: {l}");
            assert!((l - approx).abs() < 0.5, "{fam:?}: {l} vs {approx}");
            assert!(m.ln_cdf_sf(x).1.is_finite());
        }
    }

    #[test]
    fn means_follow_the_scenario_parameterisation() {
        // Weibull mean = λ Γ(1 + 1/k): with k = 1 it is the exponential.
        let w = Model::new(Family::Weibull, 50.0, 1.0).unwrap_or_else(|| panic!());
        let e = Model::new(Family::Exponential, 50.0, 1.0).unwrap_or_else(|| panic!());
        let g = Model::new(Family::Gamma, 50.0, 1.0).unwrap_or_else(|| panic!());
        for x in [1.0, 50.0, 300.0] {
            assert!((w.ln_pdf(x) - e.ln_pdf(x)).abs() < 1e-12);
            assert!((g.ln_pdf(x) - e.ln_pdf(x)).abs() < 1e-12);
        }
        let q = e.inverse_ln_sf(-1.0);
        assert!((q - 50.0).abs() < 1e-9, "{q}");
    }
}
