//! The numerical tools the maximum-likelihood fits need (the
//! distribution fits here, and others in calibrate, e.g. task pauses),
//! small enough to keep here rather than pull in an optimisation crate: a
//! Nelder–Mead minimiser (no derivatives; one or two parameters) with
//! restarts, a central-difference Hessian, and the inverse of the observed
//! information. All are deterministic: fixed coefficients, fixed iteration
//! caps, ties broken by vertex index.

/// Simplex iterations per run at most; two parameters converge to 1e-9 in
/// a few hundred.
const MAX_ITERATIONS: usize = 2_000;
/// A run has converged when every vertex is this close to the best one in
/// every coordinate (the coordinates are logs: a relative 1e-9).
const X_TOLERANCE: f64 = 1e-9;
/// Runs at most: the first from the start, the rest restarted around the
/// best point, which undoes a simplex that collapsed too early.
const MAX_RUNS: usize = 4;

/// Where the minimiser stopped.
#[derive(Debug, Clone)]
pub(crate) struct Minimum {
    /// The best point found.
    pub x: Vec<f64>,
    /// The function's value there.
    pub value: f64,
    /// Whether the last run met the tolerance before its iteration cap.
    pub converged: bool,
}

/// Minimises `f` from `start`, the first simplex spanning `step` along each
/// axis. NaN counts as +∞ (a point outside the model's domain).
pub(crate) fn minimize(f: &mut dyn FnMut(&[f64]) -> f64, start: &[f64], step: f64) -> Minimum {
    let mut best = run(f, start, step);
    let mut step = step;
    for _ in 1..MAX_RUNS {
        step = (step / 4.0).max(1e-3);
        let next = run(f, &best.x, step);
        let improved = next.value < best.value - 1e-12 * (1.0 + best.value.abs());
        let done = next.converged && !improved;
        if next.value <= best.value {
            best = next;
        }
        if done {
            break;
        }
    }
    best
}

fn finite_or_inf(v: f64) -> f64 {
    if v.is_nan() {
        f64::INFINITY
    } else {
        v
    }
}

/// One Nelder–Mead run with the standard coefficients (reflect 1, expand
/// 2, contract ½, shrink ½).
fn run(f: &mut dyn FnMut(&[f64]) -> f64, start: &[f64], step: f64) -> Minimum {
    let n = start.len();
    let mut simplex: Vec<Vec<f64>> = vec![start.to_vec()];
    for i in 0..n {
        let mut v = start.to_vec();
        v[i] += step;
        simplex.push(v);
    }
    let mut values: Vec<f64> = simplex.iter().map(|v| finite_or_inf(f(v))).collect();
    let mut converged = false;
    for _ in 0..MAX_ITERATIONS {
        // Stable sort by value: equal values keep their vertex order.
        let mut order: Vec<usize> = (0..=n).collect();
        order.sort_by(|&a, &b| values[a].total_cmp(&values[b]));
        simplex = order.iter().map(|&i| simplex[i].clone()).collect();
        values = order.iter().map(|&i| values[i]).collect();
        let spread = simplex[1..]
            .iter()
            .flat_map(|v| v.iter().zip(&simplex[0]).map(|(a, b)| (a - b).abs()))
            .fold(0.0, f64::max);
        if spread < X_TOLERANCE {
            converged = true;
            break;
        }
        let centroid: Vec<f64> = (0..n)
            .map(|j| simplex[..n].iter().map(|v| v[j]).sum::<f64>() / n as f64)
            .collect();
        let along = |t: f64, from: &[f64]| -> Vec<f64> {
            centroid
                .iter()
                .zip(from)
                .map(|(c, w)| c + t * (c - w))
                .collect()
        };
        let worst = simplex[n].clone();
        let reflected = along(1.0, &worst);
        let f_reflected = finite_or_inf(f(&reflected));
        if f_reflected < values[0] {
            let expanded = along(2.0, &worst);
            let f_expanded = finite_or_inf(f(&expanded));
            (simplex[n], values[n]) = if f_expanded < f_reflected {
                (expanded, f_expanded)
            } else {
                (reflected, f_reflected)
            };
        } else if f_reflected < values[n - 1] {
            (simplex[n], values[n]) = (reflected, f_reflected);
        } else {
            let outside = f_reflected < values[n];
            let contracted = along(if outside { 0.5 } else { -0.5 }, &worst);
            let f_contracted = finite_or_inf(f(&contracted));
            if f_contracted < f_reflected.min(values[n]) {
                (simplex[n], values[n]) = (contracted, f_contracted);
            } else {
                for i in 1..=n {
                    let shrunk: Vec<f64> = simplex[i]
                        .iter()
                        .zip(&simplex[0])
                        .map(|(v, b)| b + 0.5 * (v - b))
                        .collect();
                    values[i] = finite_or_inf(f(&shrunk));
                    simplex[i] = shrunk;
                }
            }
        }
    }
    let best = (0..=n)
        .min_by(|&a, &b| values[a].total_cmp(&values[b]))
        .unwrap_or(0);
    Minimum {
        x: simplex[best].clone(),
        value: values[best],
        converged,
    }
}

/// The inverse of the observed information −H (1×1 or 2×2), or `None`
/// when it is not positive definite or not finite.
pub(crate) fn information_inverse(h: &[Vec<f64>]) -> Option<Vec<Vec<f64>>> {
    let finite = h.iter().flatten().all(|v| v.is_finite());
    match h.len() {
        1 if finite && h[0][0] < 0.0 => Some(vec![vec![-1.0 / h[0][0]]]),
        2 if finite => {
            let (a, b, d) = (-h[0][0], -h[0][1], -h[1][1]);
            let det = a * d - b * b;
            (a > 0.0 && det > 0.0).then(|| vec![vec![d / det, -b / det], vec![-b / det, a / det]])
        }
        _ => None,
    }
}

/// The Hessian of `f` at `x` by central differences with step `h`
/// (second differences on the diagonal, the four-point rule off it).
pub(crate) fn hessian(f: &mut dyn FnMut(&[f64]) -> f64, x: &[f64], h: f64) -> Vec<Vec<f64>> {
    let n = x.len();
    let mut at = |di: &[(usize, f64)]| {
        let mut y = x.to_vec();
        for &(i, d) in di {
            y[i] += d;
        }
        f(&y)
    };
    let f0 = at(&[]);
    // Each off-diagonal entry is computed twice (4 evaluations more for two
    // parameters) so that the matrix is built in one expression.
    (0..n)
        .map(|i| {
            (0..n)
                .map(|j| {
                    if i == j {
                        (at(&[(i, h)]) - 2.0 * f0 + at(&[(i, -h)])) / (h * h)
                    } else {
                        (at(&[(i, h), (j, h)]) - at(&[(i, h), (j, -h)]) - at(&[(i, -h), (j, h)])
                            + at(&[(i, -h), (j, -h)]))
                            / (4.0 * h * h)
                    }
                })
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_minimum_of_a_tilted_bowl_and_of_rosenbrock() {
        let mut bowl = |x: &[f64]| (x[0] - 3.0).powi(2) + 10.0 * (x[1] + 1.0).powi(2) + x[0] * x[1];
        let m = minimize(&mut bowl, &[0.0, 0.0], 0.5);
        // The minimum is where the gradient vanishes.
        let (x, y) = (m.x[0], m.x[1]);
        assert!((2.0 * (x - 3.0) + y).abs() < 1e-7 && (20.0 * (y + 1.0) + x).abs() < 1e-7);
        assert!(m.converged);
        let mut rosen = |x: &[f64]| (1.0 - x[0]).powi(2) + 100.0 * (x[1] - x[0] * x[0]).powi(2);
        let m = minimize(&mut rosen, &[-1.2, 1.0], 0.3);
        assert!(
            (m.x[0] - 1.0).abs() < 1e-6 && (m.x[1] - 1.0).abs() < 1e-6,
            "{:?}",
            m.x
        );
        let mut line = |x: &[f64]| (x[0] - 2.0).powi(2);
        let m = minimize(&mut line, &[10.0], 1.0);
        assert!((m.x[0] - 2.0).abs() < 1e-8);
    }

    #[test]
    fn nan_is_outside_the_domain() {
        let mut f = |x: &[f64]| {
            if x[0] < 1.0 {
                f64::NAN
            } else {
                (x[0] - 1.5).powi(2)
            }
        };
        let m = minimize(&mut f, &[3.0], 1.0);
        assert!((m.x[0] - 1.5).abs() < 1e-8);
    }

    #[test]
    fn hessian_of_a_quadratic_is_exact() {
        let mut f = |x: &[f64]| 3.0 * x[0] * x[0] + 2.0 * x[0] * x[1] + 5.0 * x[1] * x[1];
        let h = hessian(&mut f, &[0.7, -0.2], 1e-3);
        assert!((h[0][0] - 6.0).abs() < 1e-6);
        assert!((h[0][1] - 2.0).abs() < 1e-6 && (h[1][0] - 2.0).abs() < 1e-6);
        assert!((h[1][1] - 10.0).abs() < 1e-6);
    }
}
