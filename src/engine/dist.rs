//! Probability distributions of non-negative quantities (durations, counts),
//! described by their mean plus a shape, as planners state them.
//!
//! Each distribution knows its exact `mean()` and `variance()`, which the
//! tests check by sampling and which reports and staffing use.

use rand::Rng;
use rand_distr::{Distribution, Exp, Gamma, LogNormal, Weibull};
use std::fmt;

/// A distribution could not be built from the given parameters.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum DistError {
    /// A mean, value or bound was negative, NaN or infinite.
    #[error("{what} must be a finite number ≥ 0 (got {})", Shown(*value))]
    NotNonNegative {
        /// Which parameter.
        what: &'static str,
        /// The offending value.
        value: f64,
    },
    /// A parameter that must be strictly positive was not.
    #[error("{what} must be > 0 (got {})", Shown(*value))]
    NotPositive {
        /// Which parameter.
        what: &'static str,
        /// The offending value.
        value: f64,
    },
    /// A parameter so extreme the distribution cannot be drawn from in
    /// floating point (a Weibull shape of 1e-300, a cv of 1e300).
    #[error("{what} {} is beyond what can be drawn from: {range}", Shown(*value))]
    Extreme {
        /// Which parameter.
        what: &'static str,
        /// The offending value.
        value: f64,
        /// The values that work.
        range: &'static str,
    },
    /// `min` above `max` in a uniform distribution.
    #[error("min ({}) must not exceed max ({})", Shown(*min), Shown(*max))]
    EmptyRange {
        /// Lower bound.
        min: f64,
        /// Upper bound.
        max: f64,
    },
    /// An empirical distribution with no values.
    #[error("an empirical distribution needs at least one value")]
    NoValues,
}

/// The gamma's cv that can be drawn from, for [`DistError::Extreme`].
const GAMMA_CV_RANGE: &str = "a cv from 1e-150 to 1e150 works (handle times rarely pass 3)";

/// A number as a message shows it: plainly, or in scientific notation when
/// plain digits would run to dozens (`1e-300`, not three hundred zeros).
pub struct Shown(pub f64);

impl std::fmt::Display for Shown {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let v = self.0;
        if v != 0.0 && v.is_finite() && !(1e-6..1e15).contains(&v.abs()) {
            write!(f, "{v:e}")
        } else {
            write!(f, "{v}")
        }
    }
}

/// A distribution over non-negative reals.
#[derive(Debug, Clone)]
pub enum Dist {
    /// Always the same value.
    Constant(f64),
    /// Exponential with the given mean (memoryless: Poisson arrivals, the
    /// M in M/M/c).
    Exponential {
        /// Mean.
        mean: f64,
        /// Sampler.
        sampler: Exp<f64>,
    },
    /// Log-normal with the given mean and coefficient of variation: the usual
    /// shape of talk and handle times.
    LogNormal {
        /// Mean.
        mean: f64,
        /// Coefficient of variation (standard deviation ÷ mean).
        cv: f64,
        /// Sampler.
        sampler: LogNormal<f64>,
    },
    /// Gamma with the given mean and coefficient of variation (shape 1/cv²).
    /// Erlang-k is the gamma with integer shape k.
    Gamma {
        /// Mean.
        mean: f64,
        /// Shape parameter.
        shape: f64,
        /// Sampler.
        sampler: Gamma<f64>,
    },
    /// Weibull with the given mean and shape.
    Weibull {
        /// Mean.
        mean: f64,
        /// Shape parameter k.
        shape: f64,
        /// Scale parameter λ, derived from the mean.
        scale: f64,
        /// Sampler.
        sampler: Weibull<f64>,
    },
    /// Uniform on `[min, max]`.
    Uniform {
        /// Lower bound.
        min: f64,
        /// Upper bound.
        max: f64,
    },
    /// Each listed value with equal probability.
    Empirical(Vec<f64>),
}

fn non_negative(what: &'static str, value: f64) -> Result<f64, DistError> {
    if value.is_finite() && value >= 0.0 {
        Ok(value)
    } else {
        Err(DistError::NotNonNegative { what, value })
    }
}

fn positive(what: &'static str, value: f64) -> Result<f64, DistError> {
    if value.is_finite() && value > 0.0 {
        Ok(value)
    } else {
        Err(DistError::NotPositive { what, value })
    }
}

impl Dist {
    /// A constant.
    pub fn constant(value: f64) -> Result<Dist, DistError> {
        Ok(Dist::Constant(non_negative("value", value)?))
    }

    /// Exponential with mean `mean` (a zero mean degenerates to the constant 0).
    pub fn exponential(mean: f64) -> Result<Dist, DistError> {
        let mean = non_negative("mean", mean)?;
        match Exp::new(1.0 / mean) {
            Ok(sampler) if mean > 0.0 => Ok(Dist::Exponential { mean, sampler }),
            _ => Ok(Dist::Constant(0.0)),
        }
    }

    /// Log-normal with mean `mean` and coefficient of variation `cv`.
    pub fn lognormal(mean: f64, cv: f64) -> Result<Dist, DistError> {
        let mean = positive("mean", mean)?;
        let cv = positive("cv", cv)?;
        let sigma2 = (1.0 + cv * cv).ln();
        let mu = mean.ln() - sigma2 / 2.0;
        let sampler = LogNormal::new(mu, sigma2.sqrt()).map_err(|_| DistError::Extreme {
            what: "cv",
            value: cv,
            range: "a cv up to 1e150 works (handle times rarely pass 3)",
        })?;
        Ok(Dist::LogNormal { mean, cv, sampler })
    }

    /// Gamma with mean `mean` and coefficient of variation `cv`.
    pub fn gamma(mean: f64, cv: f64) -> Result<Dist, DistError> {
        let cv = positive("cv", cv)?;
        let shape = 1.0 / (cv * cv);
        if !(shape.is_finite() && shape > 0.0) {
            return Err(DistError::Extreme {
                what: "cv",
                value: cv,
                range: GAMMA_CV_RANGE,
            });
        }
        Self::gamma_shape(mean, shape)
    }

    /// Erlang-`k` with mean `mean`: the sum of `k` exponential phases.
    pub fn erlang(mean: f64, k: u32) -> Result<Dist, DistError> {
        positive("k", f64::from(k))?;
        Self::gamma_shape(mean, f64::from(k))
    }

    fn gamma_shape(mean: f64, shape: f64) -> Result<Dist, DistError> {
        let mean = positive("mean", mean)?;
        let shape = positive("shape", shape)?;
        let sampler = Gamma::new(shape, mean / shape).map_err(|_| DistError::Extreme {
            what: "shape",
            value: shape,
            range: GAMMA_CV_RANGE,
        })?;
        Ok(Dist::Gamma {
            mean,
            shape,
            sampler,
        })
    }

    /// Weibull with mean `mean` and shape `shape`.
    pub fn weibull(mean: f64, shape: f64) -> Result<Dist, DistError> {
        let mean = positive("mean", mean)?;
        let shape = positive("shape", shape)?;
        let scale = mean / gamma_fn(1.0 + 1.0 / shape);
        let sampler = Weibull::new(scale, shape).map_err(|_| DistError::Extreme {
            what: "shape",
            value: shape,
            range: "a shape of 0.01 or more works (at 0.1 the cv is already about 400)",
        })?;
        Ok(Dist::Weibull {
            mean,
            shape,
            scale,
            sampler,
        })
    }

    /// Uniform on `[min, max]`.
    pub fn uniform(min: f64, max: f64) -> Result<Dist, DistError> {
        let min = non_negative("min", min)?;
        let max = non_negative("max", max)?;
        if min > max {
            return Err(DistError::EmptyRange { min, max });
        }
        Ok(Dist::Uniform { min, max })
    }

    /// Each of `values` with equal probability.
    pub fn empirical(values: Vec<f64>) -> Result<Dist, DistError> {
        if values.is_empty() {
            return Err(DistError::NoValues);
        }
        for &v in &values {
            non_negative("value", v)?;
        }
        Ok(Dist::Empirical(values))
    }

    /// Draws one value.
    #[inline]
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        // Constants (a zero-length whisper, an auto-accept with no delay)
        // are most of a model's draws: answered here, inline, not through
        // the call to `sample_random`.
        match self {
            Dist::Constant(v) => *v,
            _ => self.sample_random(rng),
        }
    }

    /// [`Dist::sample`] of every distribution but a constant.
    #[inline(never)]
    fn sample_random<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        match self {
            // `sample` answers constants itself; the arm keeps this match
            // complete, so a new family cannot be left out of it.
            Dist::Constant(v) => *v,
            Dist::Exponential { sampler, .. } => sampler.sample(rng),
            Dist::LogNormal { sampler, .. } => sampler.sample(rng),
            Dist::Gamma { sampler, .. } => sampler.sample(rng),
            Dist::Weibull { sampler, .. } => sampler.sample(rng),
            Dist::Uniform { min, max } => {
                if min == max {
                    *min
                } else {
                    rng.gen_range(*min..=*max)
                }
            }
            Dist::Empirical(values) => values[rng.gen_range(0..values.len())],
        }
    }

    /// The exact mean.
    pub fn mean(&self) -> f64 {
        match self {
            Dist::Constant(v) => *v,
            Dist::Exponential { mean, .. }
            | Dist::LogNormal { mean, .. }
            | Dist::Gamma { mean, .. }
            | Dist::Weibull { mean, .. } => *mean,
            Dist::Uniform { min, max } => (min + max) / 2.0,
            Dist::Empirical(values) => values.iter().sum::<f64>() / values.len() as f64,
        }
    }

    /// The least value a draw can take (0 for the unbounded families,
    /// whose draws come arbitrarily close to it).
    pub fn lower_bound(&self) -> f64 {
        match self {
            Dist::Constant(v) => *v,
            Dist::Uniform { min, .. } => *min,
            Dist::Empirical(values) => values.iter().copied().fold(f64::INFINITY, f64::min),
            _ => 0.0,
        }
    }

    /// The exact variance.
    pub fn variance(&self) -> f64 {
        match self {
            Dist::Constant(_) => 0.0,
            Dist::Exponential { mean, .. } => mean * mean,
            Dist::LogNormal { mean, cv, .. } => (mean * cv).powi(2),
            Dist::Gamma { mean, shape, .. } => mean * mean / shape,
            Dist::Weibull { shape, scale, .. } => {
                let g1 = gamma_fn(1.0 + 1.0 / shape);
                scale * scale * (gamma_fn(1.0 + 2.0 / shape) - g1 * g1)
            }
            Dist::Uniform { min, max } => (max - min).powi(2) / 12.0,
            Dist::Empirical(values) => {
                let m = self.mean();
                values.iter().map(|v| (v - m).powi(2)).sum::<f64>() / values.len() as f64
            }
        }
    }

    /// Whether every draw is the same value.
    pub fn is_constant(&self) -> bool {
        self.variance() == 0.0
    }

    /// The same family with every value multiplied by `factor` (> 0): the
    /// shape is kept, the mean scales. Used to apply what-if multipliers.
    pub fn scaled(&self, factor: f64) -> Result<Dist, DistError> {
        let factor = positive("factor", factor)?;
        match self {
            Dist::Constant(v) => Dist::constant(v * factor),
            Dist::Exponential { mean, .. } => Dist::exponential(mean * factor),
            Dist::LogNormal { mean, cv, .. } => Dist::lognormal(mean * factor, *cv),
            Dist::Gamma { mean, shape, .. } => Dist::gamma_shape(mean * factor, *shape),
            Dist::Weibull { mean, shape, .. } => Dist::weibull(mean * factor, *shape),
            Dist::Uniform { min, max } => Dist::uniform(min * factor, max * factor),
            Dist::Empirical(values) => Dist::empirical(values.iter().map(|v| v * factor).collect()),
        }
    }
}

impl fmt::Display for Dist {
    /// A short human description, e.g. `lognormal(mean 180, cv 0.5)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Dist::Constant(v) => write!(f, "constant {v}"),
            Dist::Exponential { mean, .. } => write!(f, "exponential(mean {mean})"),
            Dist::LogNormal { mean, cv, .. } => write!(f, "lognormal(mean {mean}, cv {cv})"),
            Dist::Gamma { mean, shape, .. } => write!(f, "gamma(mean {mean}, shape {shape})"),
            Dist::Weibull { mean, shape, .. } => write!(f, "weibull(mean {mean}, shape {shape})"),
            Dist::Uniform { min, max } => write!(f, "uniform({min}, {max})"),
            Dist::Empirical(v) => write!(f, "empirical({} values, mean {})", v.len(), self.mean()),
        }
    }
}

/// The gamma function Γ(x) for x > 0 (Lanczos approximation, g = 7, n = 9;
/// relative error below 1e-13 on the range Weibull shapes need).
fn gamma_fn(x: f64) -> f64 {
    const G: f64 = 7.0;
    const C: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    if x < 0.5 {
        // Reflection keeps the series in its accurate range.
        std::f64::consts::PI / ((std::f64::consts::PI * x).sin() * gamma_fn(1.0 - x))
    } else {
        let x = x - 1.0;
        let mut a = C[0];
        let t = x + G + 0.5;
        for (i, c) in C.iter().enumerate().skip(1) {
            a += c / (x + i as f64);
        }
        (2.0 * std::f64::consts::PI).sqrt() * t.powf(x + 0.5) * (-t).exp() * a
    }
}

#[cfg(test)]
mod tests {
    /// A fuzz campaign's find: a Weibull shape of 1e-300 was refused as
    /// "must be > 0 (got 0.000…)" with three hundred digits, and a cv of
    /// 1e300 as "must be > 0" though it is: both are extreme, not
    /// negative, and the message now says what works, in short notation.
    #[test]
    fn extreme_parameters_are_named_with_what_works() {
        let text = |r: Result<Dist, DistError>| match r {
            Ok(_) => panic!("an extreme parameter was accepted"),
            Err(e) => e.to_string(),
        };
        let weibull = text(Dist::weibull(300.0, 1e-300));
        assert!(
            weibull.contains("shape 1e-300") && weibull.contains("0.01 or more"),
            "{weibull}"
        );
        let lognormal = text(Dist::lognormal(180.0, 1e300));
        assert!(
            lognormal.contains("cv 1e300") && lognormal.contains("up to 1e150"),
            "{lognormal}"
        );
        let gamma = text(Dist::gamma(180.0, 1e300));
        assert!(
            gamma.contains("cv 1e300") && gamma.contains("1e-150 to 1e150"),
            "{gamma}"
        );
        for e in [weibull, lognormal, gamma] {
            assert!(e.len() < 200, "{e}");
        }
        // What the messages claim works, does.
        assert!(Dist::weibull(300.0, 0.01).is_ok());
        assert!(Dist::lognormal(180.0, 1e150).is_ok());
        assert!(Dist::gamma(180.0, 1e150).is_ok() && Dist::gamma(180.0, 1e-150).is_ok());
        assert_eq!(Shown(0.5).to_string(), "0.5");
        assert_eq!(Shown(-3.0).to_string(), "-3");
        assert_eq!(Shown(f64::NAN).to_string(), "NaN");
    }

    use super::*;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    #[test]
    fn gamma_function_matches_known_values() {
        assert!((gamma_fn(5.0) - 24.0).abs() < 1e-10);
        assert!((gamma_fn(0.5) - std::f64::consts::PI.sqrt()).abs() < 1e-12);
        assert!((gamma_fn(1.5) - 0.886_226_925_452_758).abs() < 1e-12);
    }

    /// Sample mean and variance of every family against the exact values.
    /// The allowed error is a 99.9 % normal confidence interval computed from
    /// the sample itself: σ/√n for the mean and √((m₄ − s⁴)/n) for the
    /// variance (m₄ the sample fourth central moment).
    #[test]
    fn sample_moments_match_exact_moments() {
        const Z: f64 = 3.2905; // two-sided 99.9 % normal quantile
        let cases = vec![
            Dist::constant(12.5).unwrap(),
            Dist::exponential(180.0).unwrap(),
            Dist::lognormal(180.0, 0.6).unwrap(),
            Dist::gamma(60.0, 0.5).unwrap(),
            Dist::erlang(30.0, 3).unwrap(),
            Dist::weibull(300.0, 1.5).unwrap(),
            Dist::weibull(300.0, 0.8).unwrap(),
            Dist::uniform(2.0, 6.0).unwrap(),
            Dist::empirical(vec![10.0, 20.0, 20.0, 95.0]).unwrap(),
        ];
        let n = 400_000usize;
        for (i, d) in cases.iter().enumerate() {
            let mut rng = ChaCha8Rng::seed_from_u64(1000 + i as u64);
            let xs: Vec<f64> = (0..n).map(|_| d.sample(&mut rng)).collect();
            let m = xs.iter().sum::<f64>() / n as f64;
            let s2 = xs.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (n as f64 - 1.0);
            let m4 = xs.iter().map(|x| (x - m).powi(4)).sum::<f64>() / n as f64;
            let se_mean = (s2 / n as f64).sqrt();
            let se_var = ((m4 - s2 * s2).max(0.0) / n as f64).sqrt();
            assert!(
                (m - d.mean()).abs() <= Z * se_mean + 1e-9,
                "{d}: sample mean {m} vs {} (se {se_mean})",
                d.mean()
            );
            assert!(
                (s2 - d.variance()).abs() <= Z * se_var + 1e-9,
                "{d}: sample variance {s2} vs {} (se {se_var})",
                d.variance()
            );
            assert!(xs.iter().all(|x| *x >= 0.0));
        }
    }

    #[test]
    fn bad_parameters_are_errors_not_panics() {
        assert!(Dist::exponential(-1.0).is_err());
        assert!(Dist::lognormal(10.0, 0.0).is_err());
        assert!(Dist::uniform(5.0, 1.0).is_err());
        assert!(Dist::empirical(vec![]).is_err());
        assert!(Dist::weibull(f64::NAN, 1.0).is_err());
        assert!(Dist::gamma(10.0, -2.0).is_err());
    }

    #[test]
    fn scaling_keeps_the_shape_and_scales_the_mean() {
        let d = Dist::lognormal(100.0, 0.5).unwrap().scaled(1.5).unwrap();
        assert!((d.mean() - 150.0).abs() < 1e-9);
        assert!((d.variance() - (150.0f64 * 0.5).powi(2)).abs() < 1e-6);
    }
}
