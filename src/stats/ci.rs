//! Means and Student-t confidence intervals across replications.

use statrs::distribution::{ContinuousCDF, StudentsT};

/// The two-sided Student-t quantile for `level` (e.g. 0.95) with `df`
/// degrees of freedom.
pub fn t_quantile(level: f64, df: usize) -> f64 {
    match StudentsT::new(0.0, 1.0, df.max(1) as f64) {
        Ok(t) => t.inverse_cdf(0.5 + level / 2.0),
        Err(_) => f64::NAN,
    }
}

/// Mean of `values` and the half-width of its `level` confidence interval
/// (`None` with fewer than two values). Summed in the given order, so the
/// result is the same on every machine.
pub fn mean_ci(values: &[f64], level: f64) -> (Option<f64>, Option<f64>) {
    let n = values.len();
    if n == 0 {
        return (None, None);
    }
    let mean = values.iter().sum::<f64>() / n as f64;
    if n < 2 {
        return (Some(mean), None);
    }
    let var = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n as f64 - 1.0);
    (
        Some(mean),
        Some(t_quantile(level, n - 1) * (var / n as f64).sqrt()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn t_quantiles_match_tables() {
        assert!((t_quantile(0.95, 9) - 2.262).abs() < 1e-3);
        assert!((t_quantile(0.99, 29) - 2.756).abs() < 1e-3);
        assert!((t_quantile(0.95, 1000) - 1.962).abs() < 1e-3);
    }

    #[test]
    fn interval_of_known_sample() {
        let (m, h) = mean_ci(&[1.0, 2.0, 3.0, 4.0], 0.95);
        assert_eq!(m, Some(2.5));
        // s = 1.291, t(0.975, 3) = 3.182 → 3.182 · 1.291 / 2 = 2.054
        assert!((h.unwrap() - 2.054).abs() < 1e-3);
        assert_eq!(mean_ci(&[5.0], 0.95), (Some(5.0), None));
    }
}
