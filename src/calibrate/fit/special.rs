//! Special functions in log space, accurate in the far tails where a
//! likelihood term of an extreme observation lives: ln Φ, the logs of the
//! regularized incomplete gamma functions, and ln(eᵃ − eᵇ).

use statrs::function::erf::erf_inv;
use statrs::function::gamma::ln_gamma;

/// Iteration cap of the incomplete-gamma series and continued fraction —
/// far above the ≈ √a·10 terms a shape a ≤ 2 500 needs, so reaching it
/// means a parameter out of range rather than slow convergence.
const MAX_TERMS: usize = 20_000;

/// (ln Φ(z), ln Φ(−z)), Φ the standard normal CDF, through
/// Φ(−|z|) = ½ Q(½, z²/2): the incomplete gamma function below is accurate
/// to a few ulps and in log space all the way out, where a rational
/// approximation of erfc is good to about 1e-11 and underflows past
/// |z| ≈ 38. Both sides come from one evaluation of Q, as a likelihood
/// wants both (a CDF and a survival).
pub(crate) fn ln_phi_both(z: f64) -> (f64, f64) {
    if z.is_nan() {
        return (f64::NAN, f64::NAN);
    }
    let ln_q = ln_gamma_pq_given(0.5, ln_gamma_half(), z * z / 2.0).1;
    let small = ln_q - std::f64::consts::LN_2;
    let large = (-0.5 * ln_q.exp()).ln_1p();
    if z < 0.0 {
        (small, large)
    } else if z > 0.0 {
        (large, small)
    } else {
        // z = ±0: Φ(0) = ½ either way, through the same expression.
        (large, large)
    }
}

/// ln Γ(½) = ½ ln π, computed once by the same function every other
/// ln Γ here comes from (so results do not depend on which path ran).
fn ln_gamma_half() -> f64 {
    static VALUE: std::sync::OnceLock<f64> = std::sync::OnceLock::new();
    *VALUE.get_or_init(|| ln_gamma(0.5))
}

/// The standard normal quantile z with P(|Z| ≤ z) = `level` (two-sided).
pub(crate) fn two_sided_z(level: f64) -> f64 {
    std::f64::consts::SQRT_2 * erf_inv(level)
}

/// ln(eᵃ − eᵇ) for a ≥ b, without forming eᵃ (−∞ when a ≤ b).
pub(crate) fn ln_diff_exp(a: f64, b: f64) -> f64 {
    if b == f64::NEG_INFINITY {
        a
    } else if a.is_nan() || b.is_nan() {
        f64::NAN
    } else if a <= b {
        f64::NEG_INFINITY
    } else {
        a + (-(b - a).exp_m1()).ln()
    }
}

/// (ln P(a, x), ln Q(a, x)): the logs of the regularized lower and upper
/// incomplete gamma functions, for a > 0, x ≥ 0. The series converges
/// fast for x < a + 1 and gives P; the continued fraction (modified Lentz)
/// for x ≥ a + 1 gives Q; each is computed in log space, so a tail
/// probability of 1e-400 is still a finite log.
#[cfg(test)]
pub(crate) fn ln_gamma_pq(a: f64, x: f64) -> (f64, f64) {
    ln_gamma_pq_given(a, ln_gamma(a), x)
}

/// [`ln_gamma_pq`] with ln Γ(a) supplied by the caller: a likelihood
/// evaluates it at many x for one shape a, and ln Γ(a) is the same each
/// time.
pub(crate) fn ln_gamma_pq_given(a: f64, ln_gamma_a: f64, x: f64) -> (f64, f64) {
    if x.is_nan() || a.is_nan() || a <= 0.0 {
        return (f64::NAN, f64::NAN);
    }
    if x <= 0.0 {
        return (f64::NEG_INFINITY, 0.0);
    }
    if x == f64::INFINITY {
        return (0.0, f64::NEG_INFINITY);
    }
    let ln_prefix = a * x.ln() - x - ln_gamma_a;
    if x < a + 1.0 {
        let ln_p = ln_prefix + lower_series(a, x).ln();
        (ln_p, (-ln_p.exp()).ln_1p())
    } else {
        let ln_q = ln_prefix + upper_fraction(a, x).ln();
        ((-ln_q.exp()).ln_1p(), ln_q)
    }
}

/// Σₙ xⁿ / (a (a+1) … (a+n)), so that P(a, x) = xᵃ e⁻ˣ / Γ(a) · Σ.
fn lower_series(a: f64, x: f64) -> f64 {
    let mut term = 1.0 / a;
    let mut sum = term;
    let mut ap = a;
    for _ in 0..MAX_TERMS {
        ap += 1.0;
        term *= x / ap;
        sum += term;
        if term.abs() < sum.abs() * f64::EPSILON {
            break;
        }
    }
    sum
}

/// The continued fraction 1/(x+1−a− 1·(1−a)/(x+3−a− …)), so that
/// Q(a, x) = xᵃ e⁻ˣ / Γ(a) · it.
fn upper_fraction(a: f64, x: f64) -> f64 {
    const TINY: f64 = 1e-300;
    let mut b = x + 1.0 - a;
    let mut c = 1.0 / TINY;
    let mut d = 1.0 / b;
    let mut h = d;
    for i in 1..=MAX_TERMS {
        let an = -(i as f64) * (i as f64 - a);
        b += 2.0;
        d = an * d + b;
        if d.abs() < TINY {
            d = TINY;
        }
        c = b + an / c;
        if c.abs() < TINY {
            c = TINY;
        }
        d = 1.0 / d;
        let delta = d * c;
        h *= delta;
        if (delta - 1.0).abs() < f64::EPSILON {
            break;
        }
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ln_phi(z: f64) -> f64 {
        ln_phi_both(z).0
    }

    #[test]
    fn ln_phi_matches_known_values_and_is_continuous_at_its_seams() {
        assert!((ln_phi(0.0) - 0.5f64.ln()).abs() < 1e-15);
        // Φ(−1.959963984540054) = 0.025
        let v = ln_phi(-1.959_963_984_540_054);
        assert!((v - 0.025f64.ln()).abs() < 1e-12, "{v}");
        // Φ(−40): ln = −804.608 442 013 754 (from the exact Mills ratio).
        assert!((ln_phi(-40.0) - (-804.608_442_013_754)).abs() < 1e-9);
        // Continuous across the series / continued-fraction seam (z²/2 = 1.5).
        let seam = -(3.0f64).sqrt();
        let (l, r) = (ln_phi(seam - 1e-9), ln_phi(seam + 1e-9));
        assert!((l - r).abs() < 1e-8, "{l} {r}");
        // Φ(1) = 0.841 344 746 068 542 9.
        assert!((ln_phi(1.0) - 0.841_344_746_068_542_9f64.ln()).abs() < 1e-14);
        // ln Φ(8) = −Φ(−8) = −6.22e-16 is still representable.
        assert!((ln_phi(8.0) + 6.220_960_574_271_785e-16).abs() < 1e-28);
    }

    /// ln Φ(z) one side at a time, as it was computed before both sides
    /// shared one evaluation: the calibrated outputs stay byte-identical
    /// only if the shared form gives the same bits.
    fn ln_phi_one_side(z: f64) -> f64 {
        let ln_q = ln_gamma_pq(0.5, z * z / 2.0).1;
        if z < 0.0 {
            ln_q - std::f64::consts::LN_2
        } else {
            (-0.5 * ln_q.exp()).ln_1p()
        }
    }

    #[test]
    fn ln_phi_both_is_each_side_alone_bit_for_bit() {
        for z in [-40.0, -3.1, -1.0, -1e-300, 0.0, -0.0, 1e-300, 0.3, 1.7, 9.0] {
            let (lo, hi) = ln_phi_both(z);
            assert_eq!(lo.to_bits(), ln_phi_one_side(z).to_bits(), "{z}");
            assert_eq!(hi.to_bits(), ln_phi_one_side(-z).to_bits(), "{z}");
        }
        assert!(ln_phi_both(f64::NAN).0.is_nan());
    }

    #[test]
    fn incomplete_gamma_matches_closed_forms() {
        // a = 1: P = 1 − e⁻ˣ, Q = e⁻ˣ, on both sides of the a + 1 seam and
        // far in the tail.
        for x in [0.1, 1.0, 1.999, 2.001, 10.0, 800.0] {
            let (p, q) = ln_gamma_pq(1.0, x);
            assert!((q - (-x)).abs() < 1e-12 * x.max(1.0), "x {x}: {q}");
            assert!((p - (-(-x).exp_m1()).ln()).abs() < 1e-12, "x {x}: {p}");
        }
        // a = 3: Q = e⁻ˣ (1 + x + x²/2).
        for x in [0.5, 3.9, 4.1, 50.0] {
            let (_, q) = ln_gamma_pq(3.0, x);
            let exact = -x + (1.0 + x + x * x / 2.0f64).ln();
            assert!((q - exact).abs() < 1e-12 * exact.abs().max(1.0), "x {x}");
        }
    }

    #[test]
    fn ln_diff_exp_is_careful() {
        assert_eq!(ln_diff_exp(-3.0, f64::NEG_INFINITY), -3.0);
        assert_eq!(ln_diff_exp(-3.0, -3.0), f64::NEG_INFINITY);
        let v = ln_diff_exp(-1000.0, -1000.5);
        assert!((v - (-1000.0 + (1.0 - (-0.5f64).exp()).ln())).abs() < 1e-12);
    }

    #[test]
    fn two_sided_z_matches_the_normal_table() {
        assert!((two_sided_z(0.95) - 1.959_963_984_540_054).abs() < 1e-12);
        assert!((two_sided_z(0.999) - 3.290_526_731_491_926).abs() < 1e-10);
    }
}
