//! How numbers are shown to a reader: the one formatter of a mean with its
//! 95 % confidence half-width (`12.3 ± 0.4`), used by the run report, the
//! staffing table and the sweep table alike.

/// How to show a mean and its 95 % confidence half-width.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MeanCi {
    /// Both values are multiplied by this (100 for percentages).
    pub scale: f64,
    /// Decimal places.
    pub decimals: usize,
    /// What stands for an undefined value.
    pub dash: &'static str,
    /// Show both halves always, `dash` for an undefined one (`0.812 ± —`,
    /// for tables whose columns line up); otherwise the mean alone when the
    /// half-width is undefined (one replication), `dash` alone without a
    /// mean.
    pub both_halves: bool,
}

impl MeanCi {
    /// `decimals` places, unscaled, `—` for undefined values, the mean alone
    /// without a half-width.
    pub const fn new(decimals: usize) -> Self {
        MeanCi {
            scale: 1.0,
            decimals,
            dash: "—",
            both_halves: false,
        }
    }

    /// Multiplied by `scale` (100 for percentages).
    pub const fn scaled(self, scale: f64) -> Self {
        MeanCi { scale, ..self }
    }

    /// With `dash` for undefined values.
    pub const fn dash(self, dash: &'static str) -> Self {
        MeanCi { dash, ..self }
    }

    /// Both halves always shown.
    pub const fn both_halves(self) -> Self {
        MeanCi {
            both_halves: true,
            ..self
        }
    }

    /// `mean ± ci95` as set up.
    pub fn show(self, mean: Option<f64>, ci95: Option<f64>) -> String {
        let d = self.decimals;
        let num = |v: Option<f64>| match v {
            Some(x) => format!("{:.d$}", x * self.scale),
            None => self.dash.to_string(),
        };
        if self.both_halves || (mean.is_some() && ci95.is_some()) {
            format!("{} ± {}", num(mean), num(ci95))
        } else {
            num(mean)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn undefined_halves_as_each_table_wants_them() {
        let pct = MeanCi::new(1).scaled(100.0);
        assert_eq!(pct.show(Some(0.8123), Some(0.0125)), "81.2 ± 1.2");
        assert_eq!(pct.show(Some(0.8123), None), "81.2");
        assert_eq!(pct.show(None, Some(0.1)), "—");
        assert_eq!(MeanCi::new(2).dash("–").show(None, None), "–");
        let both = MeanCi::new(3).both_halves();
        assert_eq!(both.show(Some(0.5), None), "0.500 ± —");
        assert_eq!(both.show(None, None), "— ± —");
    }
}
