//! The empirical fallback: at most [`MAX_VALUES`] values for the scenario's
//! `{ dist = "empirical", values = [...] }`, which ccsim samples by picking
//! one value uniformly at random (`src/engine/dist.rs`).
//!
//! The data's distribution is the Kaplan–Meier curve (the empirical CDF
//! when nothing is censored), with each step's mass spread uniformly over
//! the interval its values were recorded in (a whole-second value over its
//! second) and kept as a point for exact values. Its probability is cut
//! into K equal slices, K = min(200, observed count), and each value is the
//! **mean of one slice**: so the values' mean equals the data's mean
//! exactly (the slices' means average to the whole mean), and their spread
//! follows the data's quantiles — the i-th value lies between the
//! (i−1)/K and i/K quantiles.
//!
//! **Censored tail.** When the largest values are censored, the curve ends
//! above zero: the probability beyond the last censoring time is not in the
//! data at all. Cutting it off would shorten patience, so that mass is
//! spread over the tail of the best parametric fit conditioned on
//! exceeding that time — the only information about the tail there is —
//! and the share taken so is reported as `extrapolated_share`. With no
//! fit to borrow from, it is put at the last censoring time (a lower bound,
//! and said so by `tail_family: None`).

use serde::Serialize;

use crate::engine::{Dist, DistError};

use super::family::{Family, Model};
use super::km::KmPoint;
use super::sample::{Kind, Observation, Sample};

/// At most this many values in an empirical distribution.
pub const MAX_VALUES: usize = 200;

/// An empirical distribution for the scenario file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Empirical {
    /// The values, seconds, ascending, to the millisecond.
    pub values: Vec<f64>,
    /// Their mean, seconds.
    pub mean: f64,
    /// The share of probability beyond the data (censored tail) taken from
    /// `tail_family`'s fit.
    pub extrapolated_share: f64,
    /// The fit the censored tail was borrowed from, if any was needed and
    /// available.
    pub tail_family: Option<Family>,
}

impl Empirical {
    /// The distribution as ccsim samples it.
    pub fn dist(&self) -> Result<Dist, DistError> {
        Dist::empirical(self.values.clone())
    }

    /// The scenario file's inline table, `{ dist = "empirical", values = [...] }`.
    pub fn scenario_toml(&self) -> String {
        let values: Vec<String> = self.values.iter().map(|v| format!("{v}")).collect();
        format!(
            "{{ dist = \"empirical\", values = [{}] }}",
            values.join(", ")
        )
    }
}

/// One piece of the distribution being sliced: `mass` spread uniformly on
/// `[a, b)`, or a point mass at `a` when `a == b`.
#[derive(Debug, Clone, Copy)]
struct Piece {
    a: f64,
    b: f64,
    mass: f64,
}

/// The empirical distribution of `sample` given its Kaplan–Meier curve,
/// borrowing a censored tail from `tail` (see the module doc). `None` when
/// the sample has no observed values.
pub(crate) fn from_curve(
    sample: &Sample,
    km: &[KmPoint],
    tail: Option<(Family, &Model)>,
) -> Option<Empirical> {
    let last = km.last()?;
    let mut how = std::collections::BTreeMap::new();
    for o in sample.observations().filter(|o| o.kind.is_observed()) {
        how.entry(o.recorded.to_bits()).or_insert(o);
    }
    let mut components = Vec::new();
    let mut before = 1.0;
    for p in km {
        if let Some(o) = how.get(&p.t.to_bits()) {
            let (a, b) = support(o);
            components.push(Piece {
                a,
                b,
                mass: before - p.survival,
            });
        }
        before = p.survival;
    }
    let remaining = last.survival.max(0.0);
    let mut tail_family = None;
    if remaining > 1e-12 {
        let end = sample
            .observations()
            .map(|o| o.recorded)
            .fold(0.0, f64::max);
        tail_family = tail.map(|(f, _)| f);
        components.extend(tail_pieces(
            tail.map(|(_, m)| m),
            end,
            remaining,
            slices(sample),
        ));
    }
    let values = slice_means(&cells(&components), slices(sample));
    let values: Vec<f64> = values
        .iter()
        .map(|v| (v * 1000.0).round() / 1000.0)
        .collect();
    let mean = values.iter().sum::<f64>() / values.len() as f64;
    Some(Empirical {
        values,
        mean,
        extrapolated_share: remaining,
        tail_family,
    })
}

/// K: one value per observed value, at most [`MAX_VALUES`].
fn slices(sample: &Sample) -> usize {
    (sample.observed_weight().floor() as usize).clamp(1, MAX_VALUES)
}

/// Where an observed value's mass lies: its interval, or its point.
fn support(o: &Observation) -> (f64, f64) {
    match o.kind {
        Kind::Exact => (o.lo, o.lo),
        _ => (o.lo, o.hi),
    }
}

/// The censored tail's mass `share` beyond `end`: at the conditional
/// quantiles of `model` given X > end (four points per slice it fills), or
/// all at `end` with no model.
fn tail_pieces(model: Option<&Model>, end: f64, share: f64, k: usize) -> Vec<Piece> {
    let Some(m) = model else {
        return vec![Piece {
            a: end,
            b: end,
            mass: share,
        }];
    };
    let ln_s_end = m.ln_cdf_sf(end).1;
    let points = ((share * k as f64 * 4.0).ceil() as usize).clamp(1, 4 * MAX_VALUES);
    (0..points)
        .map(|i| {
            let u = (i as f64 + 0.5) / points as f64;
            let x = m.inverse_ln_sf(ln_s_end + (-u).ln_1p()).max(end);
            Piece {
                a: x,
                b: x,
                mass: share / points as f64,
            }
        })
        .collect()
}

/// The components (possibly overlapping intervals and points) turned into
/// disjoint pieces in increasing order: at each breakpoint its point mass,
/// then the uniform density of the cell that starts there.
fn cells(components: &[Piece]) -> Vec<Piece> {
    let mut breaks: Vec<f64> = components.iter().flat_map(|c| [c.a, c.b]).collect();
    breaks.sort_by(f64::total_cmp);
    breaks.dedup();
    let index = |x: f64| breaks.partition_point(|&b| b < x);
    let mut points = vec![0.0; breaks.len()];
    let mut density_change = vec![0.0; breaks.len() + 1];
    for c in components {
        if c.b > c.a {
            let d = c.mass / (c.b - c.a);
            density_change[index(c.a)] += d;
            density_change[index(c.b)] -= d;
        } else {
            points[index(c.a)] += c.mass;
        }
    }
    let mut pieces = Vec::with_capacity(2 * breaks.len());
    let mut density = 0.0;
    for i in 0..breaks.len() {
        if points[i] > 0.0 {
            pieces.push(Piece {
                a: breaks[i],
                b: breaks[i],
                mass: points[i],
            });
        }
        density += density_change[i];
        if let Some(&next) = breaks.get(i + 1) {
            let mass = density.max(0.0) * (next - breaks[i]);
            if mass > 0.0 {
                pieces.push(Piece {
                    a: breaks[i],
                    b: next,
                    mass,
                });
            }
        }
    }
    pieces
}

/// The means of `k` equal-probability slices of the ordered `pieces`.
fn slice_means(pieces: &[Piece], k: usize) -> Vec<f64> {
    let total: f64 = pieces.iter().map(|p| p.mass).sum();
    let slice = total / k as f64;
    let mut values = Vec::with_capacity(k);
    let (mut filled, mut moment) = (0.0, 0.0);
    for p in pieces {
        let (mut a, mut mass) = (p.a, p.mass);
        while mass > 0.0 {
            // The last slice takes whatever rounding leaves over.
            let room = if values.len() + 1 == k {
                f64::INFINITY
            } else {
                slice - filled
            };
            let take = mass.min(room);
            let width = if p.b > p.a {
                (p.b - p.a) * take / p.mass
            } else {
                0.0
            };
            moment += take * (a + width / 2.0);
            filled += take;
            mass -= take;
            a += width;
            if take >= room {
                values.push(moment / filled);
                (filled, moment) = (0.0, 0.0);
            }
        }
    }
    if filled > 0.0 {
        values.push(moment / filled);
    }
    values
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two unit masses, uniform on [0, 2) and a point at 5, cut into 3
    /// slices of mass 2/3, worked by hand: slice 1 covers [0, 4/3), mean
    /// 2/3; slice 2 covers [4/3, 2) (mass 1/3, mean 5/3) and 1/3 of the
    /// point, mean (5/3 + 5)/2 = 10/3; slice 3 is the rest of the point, 5.
    #[test]
    fn slices_by_hand() {
        let pieces = cells(&[
            Piece {
                a: 0.0,
                b: 2.0,
                mass: 1.0,
            },
            Piece {
                a: 5.0,
                b: 5.0,
                mass: 1.0,
            },
        ]);
        let v = slice_means(&pieces, 3);
        assert_eq!(v.len(), 3);
        assert!((v[0] - 2.0 / 3.0).abs() < 1e-12, "{v:?}");
        assert!((v[1] - 10.0 / 3.0).abs() < 1e-12, "{v:?}");
        assert!((v[2] - 5.0).abs() < 1e-12, "{v:?}");
    }

    /// Overlapping intervals (differences of truncated timestamps) become
    /// disjoint cells with the summed density.
    #[test]
    fn overlapping_intervals_add_their_densities() {
        let pieces = cells(&[
            Piece {
                a: 0.0,
                b: 2.0,
                mass: 1.0,
            },
            Piece {
                a: 1.0,
                b: 3.0,
                mass: 1.0,
            },
        ]);
        let masses: Vec<f64> = pieces.iter().map(|p| p.mass).collect();
        assert_eq!(masses, vec![0.5, 1.0, 0.5]);
    }
}
