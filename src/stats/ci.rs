//! Means and Student-t confidence intervals across replications.

use std::cell::Cell;

use statrs::distribution::{ContinuousCDF, StudentsT};

thread_local! {
    /// The last quantile computed on this thread, with its level (bits) and
    /// degrees of freedom: a summary asks for the same one for every entry.
    static LAST_T: Cell<(u64, usize, f64)> = const { Cell::new((u64::MAX, 0, f64::NAN)) };
}

/// The two-sided Student-t quantile for `level` (e.g. 0.95) with `df`
/// degrees of freedom.
pub fn t_quantile(level: f64, df: usize) -> f64 {
    // Inverting the CDF is a numerical search over the incomplete beta
    // function; every entry of a summary has the same replications, so the
    // last answer is kept (the same value, computed once).
    let key = (level.to_bits(), df);
    let (bits, last_df, q) = LAST_T.with(Cell::get);
    if (bits, last_df) == key {
        return q;
    }
    let q = match StudentsT::new(0.0, 1.0, df.max(1) as f64) {
        Ok(t) => t.inverse_cdf(0.5 + level / 2.0),
        Err(_) => f64::NAN,
    };
    LAST_T.with(|c| c.set((key.0, key.1, q)));
    q
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
    fn the_kept_quantile_is_only_reused_for_its_own_level_and_df() {
        let first = t_quantile(0.95, 9);
        let other_level = t_quantile(0.99, 9);
        let other_df = t_quantile(0.95, 10);
        assert!(other_level > first && other_df < first);
        assert_eq!(t_quantile(0.95, 9).to_bits(), first.to_bits());
        assert_eq!(t_quantile(0.95, 9).to_bits(), first.to_bits());
        assert_eq!(t_quantile(0.99, 9).to_bits(), other_level.to_bits());
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
