//! Tasks that pause (Connect's PauseContact / ResumeContact), read from
//! the records' `TotalPauseCount` and `TotalPauseDurationInSeconds` beside
//! each task's work (`Agent.AgentInteractionDuration`): the scenario's
//! `pause = { probability, after, duration }`.
//!
//! The model ([`crate::center::methods::task_pause`]): before each pause
//! the task pauses with probability p, `after` that much more work; a
//! pause that would fall at or past the end of the work does not happen.
//! With `after` exponential of mean m, a task of work W pauses n times
//! with probability
//!
//! - n = 0: (1 − p) + p·e^(−W/m);
//! - n ≥ 1: pⁿ·[(1 − p)·P(n, W/m) + p·e^(−W/m)·(W/m)ⁿ/n!],
//!
//! P the regularised lower incomplete gamma function (the n pauses'
//! places integrated out: they ended before W, then either the next
//! decision was no, or the next pause fell past the end) — and at the
//! cap K (`max_pauses`, Connect has none; a scenario's default is 1) no
//! decision follows: pᴷ·P(K, W/m). p and m are the maximum-likelihood
//! pair over every task (the distribution fits' own Nelder–Mead, over
//! logit p and ln m), their standard errors from the observed
//! information; tasks of different lengths tell the two apart (a short
//! task rarely reaches its pause, whatever p). The cap is the most pauses
//! a task showed: a cap above it changes the likelihood only through the
//! few tasks that reached it, and always for the worse. The
//! records give each task's pause time only summed, so the pause length
//! is written exponential with the mean per pause (which includes any
//! wait for the agent's slot at the resume).

use std::collections::BTreeMap;

use serde_json::{json, Value};
use statrs::function::gamma::ln_gamma;

use super::fit::optimize::{hessian, information_inverse, minimize};
use super::fit::special::ln_gamma_pq_given;

use crate::center::methods::task_pause::MAX_PAUSES;

/// What the records show of one stream's tasks.
#[derive(Debug, Default, Clone)]
pub struct TaskPauses {
    /// Each worked task: its work in seconds and how often it paused.
    pub tasks: Vec<(f64, u32)>,
    /// Pause time over all of them, seconds.
    pub total_s: f64,
}

/// An estimate with its standard error.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WithSe {
    /// The estimate.
    pub value: f64,
    /// Its standard error (NaN when the information is singular).
    pub se: f64,
}

/// One stream's pause behaviour, estimated.
#[derive(Debug, Clone, PartialEq)]
pub struct PauseEstimate {
    /// Tasks read.
    pub tasks: usize,
    /// Of those, paused at least once.
    pub paused_tasks: usize,
    /// Pauses in all.
    pub pauses: u64,
    /// p: the probability of pausing, decided before each pause.
    pub probability: WithSe,
    /// m: the mean work before a pause, seconds (exponential).
    pub after_mean_s: WithSe,
    /// The mean pause, seconds (exponential).
    pub duration_mean_s: WithSe,
    /// The most pauses a task takes (`max_pauses`).
    pub max_pauses: u32,
}

impl TaskPauses {
    /// Notes one worked task. More pauses than a scenario's task can take
    /// ([`MAX_PAUSES`]) are read as that many.
    pub fn add(&mut self, work_s: f64, pauses: u32, pause_s: f64) {
        if work_s.is_finite() && work_s >= 0.0 {
            self.tasks.push((work_s, pauses.min(MAX_PAUSES)));
            if pause_s.is_finite() && pause_s > 0.0 {
                self.total_s += pause_s;
            }
        }
    }

    /// The estimate, when some task paused.
    pub fn estimate(&self) -> Option<PauseEstimate> {
        let pauses: u64 = self.tasks.iter().map(|t| u64::from(t.1)).sum();
        if pauses == 0 {
            return None;
        }
        // Tasks alike (whole seconds of work, the same count) counted once.
        let mut alike: BTreeMap<(u64, u32), f64> = BTreeMap::new();
        for &(w, n) in &self.tasks {
            *alike.entry((w.to_bits(), n)).or_insert(0.0) += 1.0;
        }
        let groups: Vec<(f64, u32, f64)> = alike
            .into_iter()
            .map(|((w, n), k)| (f64::from_bits(w), n, k))
            .collect();
        let cap = self
            .tasks
            .iter()
            .map(|t| t.1)
            .max()
            .unwrap_or(1)
            .clamp(1, MAX_PAUSES);
        // Over θ = (logit p, ln m): unbounded, and close to quadratic.
        let ll = |t: &[f64]| log_likelihood(&groups, logistic(t[0]), t[1].exp(), cap);
        let (n, paused) = (
            self.tasks.len() as f64,
            self.tasks.iter().filter(|t| t.1 > 0).count() as f64,
        );
        let mean_work = self.tasks.iter().map(|t| t.0).sum::<f64>() / n;
        let p0 = (paused / n).clamp(0.01, 0.99);
        let start = [(p0 / (1.0 - p0)).ln(), mean_work.max(1.0).ln()];
        let best = minimize(&mut |t: &[f64]| -ll(t), &start, 0.5);
        let (p, m) = (logistic(best.x[0]), best.x[1].exp());
        let covariance = information_inverse(&hessian(&mut |t: &[f64]| ll(t), &best.x, 1e-3));
        let se = |i: usize| covariance.as_ref().map_or(f64::NAN, |c| c[i][i].sqrt());
        let d = self.total_s / pauses as f64;
        if !(d.is_finite() && m.is_finite() && p.is_finite()) {
            return None;
        }
        Some(PauseEstimate {
            tasks: self.tasks.len(),
            paused_tasks: self.tasks.iter().filter(|t| t.1 > 0).count(),
            pauses,
            // The delta method: se(p) = p(1 − p)·se(logit p), se(m) = m·se(ln m).
            probability: WithSe {
                value: p,
                se: p * (1.0 - p) * se(0),
            },
            after_mean_s: WithSe {
                value: m,
                se: m * se(1),
            },
            duration_mean_s: WithSe {
                value: d,
                se: d / (pauses as f64).sqrt(),
            },
            max_pauses: cap,
        })
    }
}

impl WithSe {
    /// The 95 % normal interval, not below 0 (every estimate here is a
    /// probability or a mean time).
    fn ci95(self) -> (f64, f64) {
        let h = 1.96 * self.se;
        ((self.value - h).max(0.0), self.value + h)
    }
}

impl PauseEstimate {
    /// The scenario's `pause` line, with the comment that says where it
    /// comes from.
    pub fn toml(&self) -> String {
        format!(
            "# pauses: {}\npause = {{ probability = {:.4}, after = {{ dist = \"exponential\", mean = \"{:.3}s\" }}, duration = {{ dist = \"exponential\", mean = \"{:.3}s\" }}, max_pauses = {} }}",
            self.summary(),
            self.probability.value.clamp(0.0, 1.0),
            self.after_mean_s.value.max(0.001),
            self.duration_mean_s.value.max(0.001),
            self.max_pauses,
        )
    }

    /// One line on it, for calibration.md and the scenario's comment.
    pub fn summary(&self) -> String {
        let (plo, phi) = self.probability.ci95();
        let (alo, ahi) = self.after_mean_s.ci95();
        format!(
            "{} of {} tasks paused, {} times in all (at most {} a task): each time p = {:.4} (95 % CI {plo:.4}–{:.4}) with work before it exponential of mean {:.1} s (95 % CI {alo:.1}–{ahi:.1}; maximum likelihood over the tasks' work and pause counts); a pause exponential of mean {:.1} s (the records' pause time per pause)",
            self.paused_tasks,
            self.tasks,
            self.pauses,
            self.max_pauses,
            self.probability.value,
            phi.min(1.0),
            self.after_mean_s.value,
            self.duration_mean_s.value,
        )
    }

    /// Its entry in calibration.json.
    pub fn json(&self) -> Value {
        let est = |e: WithSe| {
            let (lo, hi) = e.ci95();
            json!({"value": e.value, "se": e.se, "ci95": [lo, hi]})
        };
        json!({
            "tasks": self.tasks,
            "paused_tasks": self.paused_tasks,
            "pauses": self.pauses,
            "max_pauses": self.max_pauses,
            "probability": est(self.probability),
            "after_mean_s": est(self.after_mean_s),
            "duration_mean_s": est(self.duration_mean_s),
        })
    }
}

/// The log-likelihood of the tasks' pause counts given p and m, at most
/// `cap` pauses a task; `tasks` are (work s, pauses, how many such).
fn log_likelihood(tasks: &[(f64, u32, f64)], p: f64, m: f64, cap: u32) -> f64 {
    tasks
        .iter()
        .map(|&(w, n, count)| {
            let x = w / m;
            let k = f64::from(n);
            // P(n, x): the fits' own incomplete gamma (in logs).
            let big_p = || ln_gamma_pq_given(k, ln_gamma(k), x).0.exp();
            let l = if n == 0 {
                (1.0 - p) + p * (-x).exp()
            } else if n >= cap {
                p.powf(k) * big_p()
            } else {
                let poisson = (k * x.max(f64::MIN_POSITIVE).ln() - x - ln_gamma(k + 1.0)).exp();
                p.powf(k) * ((1.0 - p) * big_p() + p * poisson)
            };
            count * l.max(f64::MIN_POSITIVE).ln()
        })
        .sum()
}

/// The logistic function: a probability from its logit.
fn logistic(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

#[cfg(test)]
mod tests {
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;
    use rand_distr::{Distribution, Exp};

    use super::*;

    /// Tasks drawn from the model itself: work exponential of mean 400 s,
    /// p = 0.3, after exponential of mean 200 s.
    fn simulated(n: usize, seed: u64, cap: u32) -> TaskPauses {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let (work, after) = (
            Exp::new(1.0 / 400.0).unwrap_or_else(|e| panic!("{e}")),
            Exp::new(1.0 / 200.0).unwrap_or_else(|e| panic!("{e}")),
        );
        let mut t = TaskPauses::default();
        for _ in 0..n {
            let w: f64 = work.sample(&mut rng);
            let (mut done, mut count) = (0.0, 0);
            while count < cap {
                if rng.gen::<f64>() >= 0.3 {
                    break;
                }
                let a: f64 = after.sample(&mut rng);
                if done + a >= w {
                    break;
                }
                done += a;
                count += 1;
            }
            t.add(w, count, 60.0 * f64::from(count));
        }
        t
    }

    /// The likelihood sums to one over the counts (a task of 500 s with
    /// p = 0.4 and m = 150 s): it is a distribution.
    #[test]
    fn the_count_probabilities_sum_to_one() {
        for cap in [1, 3, MAX_PAUSES] {
            let total: f64 = (0..=cap)
                .map(|n| log_likelihood(&[(500.0, n, 1.0)], 0.4, 150.0, cap).exp())
                .sum();
            assert!((total - 1.0).abs() < 1e-9, "cap {cap}: {total}");
        }
    }

    /// 20,000 simulated tasks, uncapped and capped at one pause: p and m
    /// each within 3.4 of their standard errors of the truth (99.9 %,
    /// Bonferroni over four checks), the cap the most a task paused, the
    /// mean pause exact.
    #[test]
    fn the_model_s_own_tasks_give_back_p_m_and_the_cap() {
        for (cap, seed) in [(MAX_PAUSES, 3), (1, 4)] {
            let tasks = simulated(20_000, seed, cap);
            let e = tasks.estimate().unwrap_or_else(|| panic!("no pause"));
            let most = tasks.tasks.iter().map(|t| t.1).max().unwrap_or(0);
            assert_eq!(e.max_pauses, most.min(cap), "{e:?}");
            assert!(
                (e.probability.value - 0.3).abs() <= 3.4 * e.probability.se,
                "{e:?}"
            );
            assert!(
                (e.after_mean_s.value - 200.0).abs() <= 3.4 * e.after_mean_s.se,
                "{e:?}"
            );
            assert!((e.duration_mean_s.value - 60.0).abs() < 1e-9);
        }
    }

    #[test]
    fn tasks_that_never_paused_give_no_estimate() {
        let mut t = TaskPauses::default();
        t.add(300.0, 0, 0.0);
        assert!(t.estimate().is_none());
    }
}
