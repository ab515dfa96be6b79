//! Exact queueing-theory results for Markovian contact-center models.
//!
//! These are the reference answers the simulator is validated against and the
//! building blocks staffing uses to size agent pools (the search over agent
//! counts is [`super::sizing`]'s, the only one):
//!
//! * Erlang B (M/M/c/c): blocking probability of a loss system.
//! * Erlang C (M/M/c): delay system with infinitely patient callers.
//! * Erlang A (M/M/c+M, Palm): delay system with exponential patience.
//!
//! Units: rates are per second, times are in seconds, everything is `f64`.
//! All functions are pure; invalid input yields an [`ErlangError`] instead of a
//! panic or a silent NaN.
//!
//! Numerical approach: stationary probabilities are handled in log space (or
//! as ratios that are combined in log space) so that systems with thousands of
//! agents neither overflow nor underflow, and the waiting-time distribution of
//! Erlang A is obtained by uniformization, which only adds and multiplies
//! non-negative numbers and therefore cannot suffer catastrophic cancellation.

use std::fmt;

/// Largest number of queue-length states the Erlang A solver will hold.
///
/// The queue in an overloaded Erlang A system settles around
/// `(lambda - c mu) / theta` callers; with almost infinite patience that
/// number explodes, and past this cap (16 MiB of probabilities) the model is
/// refused rather than allowed to exhaust memory.
pub const MAX_QUEUE_STATES: usize = 1 << 21;

/// Bound on the probability mass dropped when truncating an infinite tail.
///
/// Well below the 1e-16 relative resolution of `f64`, so truncation is never
/// the dominant error.
const TAIL_TOLERANCE: f64 = 1e-18;

/// Expected number of uniformized jumps per uniformization chunk.
///
/// Keeps `exp(-mean)` far from underflow and lets the transient solver stop
/// early once every tagged caller has left the queue.
const JUMPS_PER_CHUNK: f64 = 200.0;

/// `theta * t` beyond which a waiting caller has certainly left the queue:
/// the probability of still waiting is at most `exp(-theta t) < 3e-20`.
const PATIENCE_HORIZON: f64 = 45.0;

/// Why a queueing formula could not be evaluated.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum ErlangError {
    /// A parameter was NaN, infinite or outside its allowed range.
    InvalidParameter {
        /// Name of the offending parameter.
        name: &'static str,
        /// The value that was rejected.
        value: f64,
    },
    /// The agent count was zero; every model here needs at least one agent.
    NoAgents,
    /// Offered load is at or above the agent count in a model without
    /// abandonment, so the queue grows without bound.
    Unstable {
        /// Offered load in erlangs (`lambda * mean_handle`).
        offered_load: f64,
        /// Number of agents that was requested.
        agents: u32,
    },
    /// The Erlang A queue-length distribution would need more than
    /// [`MAX_QUEUE_STATES`] states (heavy overload with near-infinite patience).
    StateSpaceTooLarge {
        /// Approximate number of states that would have been needed.
        states: f64,
    },
}

impl fmt::Display for ErlangError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ErlangError::InvalidParameter { name, value } => {
                write!(f, "invalid value {value} for parameter `{name}`")
            }
            ErlangError::NoAgents => write!(f, "at least one agent is required"),
            ErlangError::Unstable {
                offered_load,
                agents,
            } => write!(
                f,
                "unstable queue: offered load {offered_load} erlangs with only {agents} agents"
            ),
            ErlangError::StateSpaceTooLarge { states } => write!(
                f,
                "Erlang A queue would need about {states} states (limit {MAX_QUEUE_STATES})"
            ),
        }
    }
}

impl std::error::Error for ErlangError {}

/// Accepts a strictly positive, finite value whose reciprocal is also finite
/// (the reciprocal of a mean time is used as a rate).
fn check_positive(name: &'static str, value: f64) -> Result<f64, ErlangError> {
    if value.is_finite() && value > 0.0 && value.recip().is_finite() {
        Ok(value)
    } else {
        Err(ErlangError::InvalidParameter { name, value })
    }
}

fn check_agents(c: u32) -> Result<u32, ErlangError> {
    if c == 0 {
        Err(ErlangError::NoAgents)
    } else {
        Ok(c)
    }
}

/// Validates arrival rate and handle time and returns the offered load in
/// erlangs. The product is checked too: it can overflow or underflow even when
/// both factors are fine.
fn offered_load(lambda: f64, mean_handle: f64) -> Result<f64, ErlangError> {
    check_positive("lambda", lambda)?;
    check_positive("mean_handle", mean_handle)?;
    let a = lambda * mean_handle;
    if a.is_normal() {
        Ok(a)
    } else {
        Err(ErlangError::InvalidParameter {
            name: "offered load (lambda * mean_handle)",
            value: a,
        })
    }
}

/// `ln(1 + e^x)` without overflow for large `x` or loss of precision for
/// very negative `x`.
fn softplus(x: f64) -> f64 {
    if x > 0.0 {
        x + (-x).exp().ln_1p()
    } else {
        x.exp().ln_1p()
    }
}

/// One step of the recursion for `R_k = sum_{n<k} p_n / p_k` in the
/// loss-system (truncated Poisson) distribution with `k` servers:
/// `R_k = (k / a) (1 + R_{k-1})`, `R_0 = 0`, carried as `ln R_k`.
///
/// `R_c` is the probability mass "some agent idle" relative to "exactly all
/// agents busy". It equals `1/B - 1` but is computed from positive terms only,
/// and in log space so it neither overflows (light load, many agents) nor loses
/// precision when `B` is close to 1 (heavy overload, few agents).
fn ln_idle_ratio_step(ln_prev: f64, k: u32, a: f64) -> f64 {
    (f64::from(k) / a).ln() + softplus(ln_prev)
}

/// `ln R_c` computed from scratch; the staffing searches apply the very same
/// steps incrementally so their answers agree bit for bit with the public
/// functions.
fn ln_idle_ratio(a: f64, c: u32) -> f64 {
    (1..=c).fold(f64::NEG_INFINITY, |ln_r, k| ln_idle_ratio_step(ln_r, k, a))
}

/// Erlang B blocking probability for offered load `a` erlangs and `c` servers
/// (M/M/c/c): the fraction of arrivals that find every server busy and are
/// lost.
///
/// Uses the stable recursion `B(0) = 1`, `B(k) = a B(k-1) / (k + a B(k-1))`.
/// `a = 0` is accepted (nothing is ever blocked); `c = 0` is rejected for
/// consistency with the delay models.
pub fn erlang_b(a: f64, c: u32) -> Result<f64, ErlangError> {
    if !(a.is_finite() && a >= 0.0) {
        return Err(ErlangError::InvalidParameter {
            name: "a",
            value: a,
        });
    }
    let c = check_agents(c)?;
    let mut b = 1.0;
    for k in 1..=c {
        let ab = a * b;
        b = ab / (f64::from(k) + ab);
    }
    Ok(b)
}

/// M/M/c (Erlang C) steady-state results: Poisson arrivals, exponential handle
/// times, `c` agents, infinitely patient callers, FIFO queue.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ErlangC {
    /// Probability that an arrival has to wait (all agents busy), Erlang's C.
    pub p_wait: f64,
    /// Average speed of answer: mean queue wait over all callers, in seconds.
    pub asa: f64,
    /// Fraction of time an agent is busy, `lambda * mean_handle / c`.
    pub occupancy: f64,
    /// `c mu - lambda`: rate of the exponential conditional wait.
    drain_rate: f64,
}

impl ErlangC {
    /// Service level: probability that a caller waits at most `t` seconds,
    /// `1 - C exp(-(c mu - lambda) t)` for FIFO M/M/c.
    ///
    /// Negative `t` gives 0 (nobody waits a negative time); `t = +inf` gives
    /// 1; NaN propagates.
    pub fn service_level(&self, t: f64) -> f64 {
        if t < 0.0 {
            return 0.0;
        }
        1.0 - self.p_wait * (-self.drain_rate * t).exp()
    }
}

/// Erlang C results for arrival rate `lambda` (per second), mean handle time
/// `mean_handle` (seconds) and `c` agents.
///
/// Returns [`ErlangError::Unstable`] if `lambda * mean_handle >= c`, because
/// without abandonment the queue would then grow forever.
pub fn erlang_c(lambda: f64, mean_handle: f64, c: u32) -> Result<ErlangC, ErlangError> {
    let a = offered_load(lambda, mean_handle)?;
    let c = check_agents(c)?;
    if a >= f64::from(c) {
        return Err(ErlangError::Unstable {
            offered_load: a,
            agents: c,
        });
    }
    Ok(erlang_c_with_ln_r(a, mean_handle, c, ln_idle_ratio(a, c)))
}

/// Erlang C given `ln R_c`; requires `a < c`.
fn erlang_c_with_ln_r(a: f64, mean_handle: f64, c: u32, ln_r: f64) -> ErlangC {
    let cf = f64::from(c);
    let rho = a / cf;
    // Relative to p_c, the waiting states sum to 1/(1 - rho) and the idle
    // states to R_c, so C = 1 / (1 + R_c (1 - rho)). Only positive terms, and
    // an overflowing exp simply yields C = 0.
    let p_wait = 1.0 / (1.0 + (ln_r + (-rho).ln_1p()).exp());
    let drain_rate = (cf - a) / mean_handle;
    ErlangC {
        p_wait,
        asa: p_wait / drain_rate,
        occupancy: rho,
        drain_rate,
    }
}

/// M/M/c+M (Erlang A, Palm) steady-state results: like Erlang C, but each
/// waiting caller abandons after an exponential patience time.
///
/// Holds the queue-length distribution seen by arrivals so that waiting-time
/// probabilities can be evaluated for any threshold afterwards.
#[derive(Debug, Clone, PartialEq)]
pub struct ErlangA {
    /// Probability that an arrival finds all `c` agents busy.
    pub p_wait: f64,
    /// Probability that an arrival abandons before being answered.
    pub p_abandon: f64,
    /// Mean queue wait of served callers (including those answered at once),
    /// in seconds.
    pub asa: f64,
    /// Mean time in queue of callers who abandon, in seconds.
    ///
    /// If abandonment is so rare that its probability underflows to zero, the
    /// limiting value `1 / (c mu + theta)` is reported.
    pub avg_abandon: f64,
    /// Fraction of time an agent is busy; equals
    /// `lambda (1 - p_abandon) mean_handle / c`.
    pub occupancy: f64,
    /// P(arrival finds an idle agent): answered immediately.
    p_immediate: f64,
    /// `queue[m]` = P(arrival finds all agents busy and `m` callers waiting).
    queue: Vec<f64>,
    /// P(arrival waits and is eventually answered).
    p_served_from_queue: f64,
    /// `c mu`.
    agent_rate: f64,
    /// `theta = 1 / mean_patience`.
    abandon_rate: f64,
}

/// Erlang A results for arrival rate `lambda` (per second), mean handle time
/// `mean_handle`, mean patience `mean_patience` (seconds) and `c` agents.
///
/// Stable for any load because abandonment bounds the queue. Fails with
/// [`ErlangError::StateSpaceTooLarge`] only when the queue would hold millions
/// of callers (heavy overload combined with near-infinite patience).
pub fn erlang_a(
    lambda: f64,
    mean_handle: f64,
    mean_patience: f64,
    c: u32,
) -> Result<ErlangA, ErlangError> {
    let a = offered_load(lambda, mean_handle)?;
    check_positive("mean_patience", mean_patience)?;
    let c = check_agents(c)?;
    erlang_a_with_ln_r(lambda, mean_handle, mean_patience, c, ln_idle_ratio(a, c))
}

/// Erlang A given `ln R_c`; inputs already validated.
fn erlang_a_with_ln_r(
    lambda: f64,
    mean_handle: f64,
    mean_patience: f64,
    c: u32,
    ln_r: f64,
) -> Result<ErlangA, ErlangError> {
    let cf = f64::from(c);
    let a = lambda * mean_handle;
    let agent_rate = cf / mean_handle;
    let theta = mean_patience.recip();
    let (p_immediate, queue) = stationary_on_arrival(lambda, agent_rate, theta, ln_r)?;

    // A caller that finds m waiting must get through phases j = 0..=m; phase
    // j ends at rate r_j = c mu + j theta (an agent frees up or someone ahead
    // abandons) unless the caller's own patience (rate theta) runs out first.
    // Each phase lasts Exp(r_j + theta) whatever way it ends, so all
    // quantities below are running sums and products of positive terms:
    //   survive = prod r_j/(r_j+theta)        = P(served | m)
    //   abandon = 1 - survive, accumulated as a sum to avoid cancellation
    //   mean_phase_sum = sum 1/(r_j+theta)    = E[V | served, m]
    //   abandon_time = E[tau 1{tau < V} | m]
    let mut survive = 1.0;
    let mut abandon = 0.0;
    let mut mean_phase_sum = 0.0;
    let mut abandon_time = 0.0;

    let mut p_wait = 0.0;
    let mut p_abandon = 0.0;
    let mut p_served_from_queue = 0.0;
    let mut served_wait = 0.0;
    let mut abandoned_wait = 0.0;
    let mut p_beyond_first = 0.0;
    for (m, &p) in queue.iter().enumerate() {
        let r = agent_rate + m as f64 * theta;
        let exit = r + theta;
        mean_phase_sum += exit.recip();
        let quit_here = survive * (theta / exit);
        abandon += quit_here;
        abandon_time += quit_here * mean_phase_sum;
        survive *= r / exit;

        p_wait += p;
        p_abandon += p * abandon;
        p_served_from_queue += p * survive;
        served_wait += p * survive * mean_phase_sum;
        abandoned_wait += p * abandon_time;
        if m > 0 {
            p_beyond_first += p;
        }
    }

    let p_served = p_immediate + p_served_from_queue;
    let asa = if p_served > 0.0 {
        served_wait / p_served
    } else {
        0.0
    };
    let avg_abandon = if p_abandon > 0.0 {
        abandoned_wait / p_abandon
    } else {
        (agent_rate + theta).recip()
    };
    // Busy agents straight from the distribution (not from flow balance, so
    // that flow balance is a genuine check): for n < c the truncated-Poisson
    // shape gives sum_{n<c} n p_n = a P(n<c) - c p_c, and every state n >= c
    // has c busy agents; hence E[busy] = a P(n<c) + c P(n>c).
    let busy = a * p_immediate + cf * p_beyond_first;

    Ok(ErlangA {
        p_wait,
        p_abandon,
        asa,
        avg_abandon,
        occupancy: busy / cf,
        p_immediate,
        queue,
        p_served_from_queue,
        agent_rate,
        abandon_rate: theta,
    })
}

/// Stationary distribution of the Erlang A birth-death chain as seen by an
/// arrival (PASTA): returns `(P(n < c), [P(n = c + m) for m = 0..])`.
///
/// Terms are built as log ratios to `p_c`, so neither `a^n / n!` nor the
/// product of overload ratios `lambda / (c mu + j theta) > 1` can overflow.
/// The tail is cut once the ratios have dropped below 1 and the geometric bound
/// on everything beyond is under [`TAIL_TOLERANCE`].
fn stationary_on_arrival(
    lambda: f64,
    agent_rate: f64,
    theta: f64,
    ln_r: f64,
) -> Result<(f64, Vec<f64>), ErlangError> {
    // The distribution peaks near j = (lambda - c mu) / theta; refuse early
    // instead of filling memory first.
    let peak = ((lambda - agent_rate) / theta).max(0.0);
    if peak >= MAX_QUEUE_STATES as f64 {
        return Err(ErlangError::StateSpaceTooLarge { states: peak });
    }
    if ln_r == f64::INFINITY {
        // Waiting is so unlikely that its weight is not representable.
        return Ok((1.0, vec![0.0]));
    }

    let mut logs = vec![0.0];
    let mut ln_term = 0.0;
    let mut ln_max = ln_r.max(0.0);
    let mut j = 1usize;
    loop {
        ln_term += (lambda / (agent_rate + j as f64 * theta)).ln();
        logs.push(ln_term);
        ln_max = ln_max.max(ln_term);
        // Ratios only decrease with j, so once the next one is below 1 the
        // current term is the largest of the tail and the rest is bounded by
        // a geometric series with that ratio.
        let next = lambda / (agent_rate + (j + 1) as f64 * theta);
        if next < 1.0 && (ln_term - ln_max).exp() * next / (1.0 - next) < TAIL_TOLERANCE {
            break;
        }
        if logs.len() >= MAX_QUEUE_STATES {
            return Err(ErlangError::StateSpaceTooLarge {
                states: logs.len() as f64,
            });
        }
        j += 1;
    }

    let idle = (ln_r - ln_max).exp();
    let mut queue: Vec<f64> = logs.iter().map(|&l| (l - ln_max).exp()).collect();
    let total = idle + queue.iter().sum::<f64>();
    for p in &mut queue {
        *p /= total;
    }
    Ok((idle / total, queue))
}

impl ErlangA {
    /// Probability that a caller is answered within `t` seconds of waiting:
    /// answered callers with queue wait `<= t`, divided by all arrivals
    /// (abandoned callers count as failures).
    ///
    /// Tends to `1 - p_abandon` as `t` grows. Negative `t` gives 0, NaN
    /// propagates.
    pub fn answered_within(&self, t: f64) -> f64 {
        if t.is_nan() {
            return f64::NAN;
        }
        if t < 0.0 {
            return 0.0;
        }
        let (served, _) = self.queue_outcomes_by(t);
        (self.p_immediate + served).min(1.0)
    }

    /// Probability that a caller has left the queue within `t` seconds,
    /// either answered or abandoned (Amazon Connect's service-level
    /// definition, where quick abandons count as "within").
    ///
    /// Tends to 1 as `t` grows. Negative `t` gives 0, NaN propagates.
    pub fn removed_within(&self, t: f64) -> f64 {
        if t.is_nan() {
            return f64::NAN;
        }
        if t < 0.0 {
            return 0.0;
        }
        let (served, abandoned) = self.queue_outcomes_by(t);
        (self.p_immediate + served + abandoned).min(1.0)
    }

    /// For callers who had to queue: `(P(answered by t), P(abandoned by t))`,
    /// both as fractions of all arrivals.
    ///
    /// Transient analysis of the tagged caller's chain (state = callers ahead;
    /// `j -> j-1` at rate `r_j = c mu + j theta`, answered from `j = 0` at rate
    /// `c mu`, abandoned from any state at rate `theta`) by uniformization with
    /// rate `max_j (r_j + theta)`. Time is processed in chunks so the solver
    /// stops as soon as nobody is left waiting.
    fn queue_outcomes_by(&self, t: f64) -> (f64, f64) {
        if t == 0.0 {
            return (0.0, 0.0);
        }
        let theta = self.abandon_rate;
        if theta * t > PATIENCE_HORIZON {
            // Also covers t = +inf.
            return (self.p_served_from_queue, self.p_abandon);
        }

        let n = self.queue.len();
        let cmu = self.agent_rate;
        let uniform_rate = cmu + n as f64 * theta;
        // Per-jump probabilities of the uniformized chain.
        let down: Vec<f64> = (0..n)
            .map(|j| (cmu + j as f64 * theta) / uniform_rate)
            .collect();
        let quit = theta / uniform_rate;
        let stay: Vec<f64> = down.iter().map(|d| (1.0 - d - quit).max(0.0)).collect();

        let mut state = Outcomes {
            waiting: self.queue.clone(),
            served: 0.0,
            abandoned: 0.0,
        };
        let mut work = state.clone();
        let mut acc = state.clone();
        let mut jumps_left = uniform_rate * t;
        while jumps_left > 0.0 {
            let chunk = jumps_left.min(JUMPS_PER_CHUNK);
            jumps_left -= chunk;
            let weights = poisson_weights(chunk);

            work.copy_from(&state);
            acc.waiting.iter_mut().for_each(|x| *x = 0.0);
            acc.served = 0.0;
            acc.abandoned = 0.0;
            for (k, &w) in weights.iter().enumerate() {
                if k > 0 {
                    work.jump(&down, &stay, quit);
                }
                acc.add_scaled(&work, w);
            }
            std::mem::swap(&mut state, &mut acc);

            if state.waiting.iter().sum::<f64>() < TAIL_TOLERANCE {
                break;
            }
        }
        (state.served, state.abandoned)
    }
}

/// Probability mass of the tagged-caller chain: still waiting with `j` ahead,
/// or already absorbed as answered / abandoned.
#[derive(Clone)]
struct Outcomes {
    waiting: Vec<f64>,
    served: f64,
    abandoned: f64,
}

impl Outcomes {
    fn copy_from(&mut self, other: &Outcomes) {
        self.waiting.copy_from_slice(&other.waiting);
        self.served = other.served;
        self.abandoned = other.abandoned;
    }

    fn add_scaled(&mut self, other: &Outcomes, w: f64) {
        for (x, y) in self.waiting.iter_mut().zip(&other.waiting) {
            *x += w * y;
        }
        self.served += w * other.served;
        self.abandoned += w * other.abandoned;
    }

    /// One step of the uniformized discrete-time chain. Mass only moves to
    /// fewer callers ahead, so updating in increasing `j` reads the old value
    /// of `j + 1` and can be done in place.
    fn jump(&mut self, down: &[f64], stay: &[f64], quit: f64) {
        let w = &mut self.waiting;
        let n = w.len();
        self.served += w[0] * down[0];
        let mut total = 0.0;
        for j in 0..n {
            let old = w[j];
            total += old;
            let inflow = if j + 1 < n {
                w[j + 1] * down[j + 1]
            } else {
                0.0
            };
            w[j] = old * stay[j] + inflow;
        }
        self.abandoned += total * quit;
    }
}

/// Poisson(`mean`) probabilities for `k = 0..K`, normalized to sum to 1.
///
/// Built by the log-space recursion `ln w_k = ln w_{k-1} + ln mean - ln k`,
/// so no factorial is ever formed, and cut where the (geometrically bounded)
/// remaining tail is below [`TAIL_TOLERANCE`]. `mean` is at most
/// [`JUMPS_PER_CHUNK`], so `w_0 = exp(-mean)` does not underflow.
fn poisson_weights(mean: f64) -> Vec<f64> {
    let ln_mean = mean.ln();
    let mut ln_w = -mean;
    let mut weights = Vec::with_capacity((mean + 10.0 * mean.sqrt() + 20.0) as usize);
    let mut k = 0u32;
    loop {
        let w = ln_w.exp();
        weights.push(w);
        k += 1;
        let ratio = mean / f64::from(k);
        if ratio < 1.0 && w * ratio / (1.0 - ratio) < TAIL_TOLERANCE {
            break;
        }
        ln_w += ln_mean - f64::from(k).ln();
    }
    let total: f64 = weights.iter().sum();
    for w in &mut weights {
        *w /= total;
    }
    weights
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 100 calls per 30 minutes.
    const LAMBDA: f64 = 100.0 / 1800.0;
    const HANDLE: f64 = 180.0;

    fn close(x: f64, y: f64, tol: f64) -> bool {
        (x - y).abs() <= tol
    }

    #[test]
    fn erlang_b_known_values() {
        assert!(close(erlang_b(10.0, 10).unwrap(), 0.2146, 5e-5));
        // A = 2, c = 3: (8/6) / (1 + 2 + 2 + 8/6) = 4/19.
        assert!(close(erlang_b(2.0, 3).unwrap(), 4.0 / 19.0, 1e-15));
        assert!(close(erlang_b(3.0, 1).unwrap(), 0.75, 1e-15));
        assert_eq!(erlang_b(0.0, 4).unwrap(), 0.0);
    }

    #[test]
    fn erlang_c_published_case() {
        let r = erlang_c(LAMBDA, HANDLE, 14).unwrap();
        assert!(close(r.p_wait, 0.1741, 5e-4), "{r:?}");
        assert!(close(r.service_level(20.0), 0.8884, 5e-4), "{r:?}");
        assert!(close(r.asa, 7.84, 0.01), "{r:?}");
        assert!(close(r.occupancy, 10.0 / 14.0, 1e-15));
        assert_eq!(r.service_level(-1.0), 0.0);
        assert!(close(r.service_level(0.0), 1.0 - r.p_wait, 1e-15));
        assert_eq!(r.service_level(f64::INFINITY), 1.0);
    }

    #[test]
    fn erlang_c_matches_erlang_b_identity() {
        for &(a, c) in &[
            (10.0, 14u32),
            (0.5, 1),
            (2.0, 3),
            (99.5, 100),
            (950.0, 1000),
            (3.0, 40),
        ] {
            let b = erlang_b(a, c).unwrap();
            let cf = f64::from(c);
            let expected = cf * b / (cf - a * (1.0 - b));
            let got = erlang_c(a / HANDLE, HANDLE, c).unwrap().p_wait;
            assert!(
                close(got, expected, 1e-12 * expected.max(1e-300)),
                "a={a} c={c}: {got} vs {expected}"
            );
        }
    }

    #[test]
    fn erlang_c_large_systems_do_not_overflow() {
        // Light load with many agents: p_c underflows, C must be 0, not NaN.
        let r = erlang_c(1e-3, 10.0, 5000).unwrap();
        assert!(r.p_wait >= 0.0 && r.p_wait < 1e-300);
        // Heavy load with thousands of agents.
        let r = erlang_c(4990.0 / HANDLE, HANDLE, 5000).unwrap();
        assert!(r.p_wait > 0.0 && r.p_wait < 1.0 && r.asa.is_finite());
    }

    #[test]
    fn erlang_a_tends_to_erlang_c() {
        // The gap is O(theta) (checked: it shrinks tenfold per decade of
        // patience); at mean patience 1e9 s probabilities agree to 1e-6, and
        // at 1e12 s so do the waits in seconds, which scale with E[W^2].
        for c in 11..=18 {
            let ec = erlang_c(LAMBDA, HANDLE, c).unwrap();
            for &patience in &[1e9, 1e12] {
                let ea = erlang_a(LAMBDA, HANDLE, patience, c).unwrap();
                let tag = format!("c={c} patience={patience}");
                assert!(close(ea.p_wait, ec.p_wait, 1e-6), "{tag}");
                assert!(close(ea.occupancy, ec.occupancy, 1e-6), "{tag}");
                assert!(ea.p_abandon < 1e-6, "{tag}");
                for &t in &[0.0, 5.0, 20.0, 60.0, 300.0] {
                    assert!(
                        close(ea.answered_within(t), ec.service_level(t), 1e-6),
                        "{tag} t={t}"
                    );
                }
                if patience >= 1e12 {
                    assert!(close(ea.asa, ec.asa, 1e-6), "{tag}");
                } else {
                    assert!(close(ea.asa, ec.asa, 1e-5 * ec.asa), "{tag}");
                }
            }
        }
    }

    /// Mean number waiting, read from the stored arrival distribution.
    fn mean_queue(r: &ErlangA) -> f64 {
        r.queue.iter().enumerate().map(|(m, p)| m as f64 * p).sum()
    }

    #[test]
    fn erlang_a_internal_consistency() {
        let cases = [
            (LAMBDA, HANDLE, 300.0, 12u32),
            (LAMBDA, HANDLE, 300.0, 14),
            (LAMBDA, HANDLE, 60.0, 8),
            (10.0, HANDLE, 120.0, 1700),
            (10.0, HANDLE, 600.0, 1850),
            (0.5, 30.0, 10.0, 1),
        ];
        for &(lambda, handle, patience, c) in &cases {
            let r = erlang_a(lambda, handle, patience, c).unwrap();
            let cf = f64::from(c);
            let theta = 1.0 / patience;
            let tag = format!("lambda={lambda} c={c} patience={patience}: {r:?}");
            // Flow balance: served rate times handle time = busy agents.
            assert!(
                close(
                    lambda * (1.0 - r.p_abandon) * handle,
                    r.occupancy * cf,
                    1e-9 * cf
                ),
                "{tag}"
            );
            // Abandonment rate = theta * E[queue length].
            let eq = mean_queue(&r);
            assert!(close(r.p_abandon, theta * eq / lambda, 1e-12), "{tag}");
            // Little's law for the queue splits into served and abandoned.
            let mean_wait = (1.0 - r.p_abandon) * r.asa + r.p_abandon * r.avg_abandon;
            assert!(
                close(mean_wait, eq / lambda, 1e-9 * (1.0 + eq / lambda)),
                "{tag}"
            );
            // Probabilities are probabilities.
            let total: f64 = r.p_immediate + r.queue.iter().sum::<f64>();
            assert!(close(total, 1.0, 1e-13), "{tag}");
            assert!(r.p_abandon <= r.p_wait && r.p_wait <= 1.0, "{tag}");
            // Limits in t.
            assert!(
                close(r.answered_within(1e7), 1.0 - r.p_abandon, 1e-12),
                "{tag}"
            );
            assert!(close(r.removed_within(1e7), 1.0, 1e-12), "{tag}");
            assert!(
                close(r.answered_within(0.0), 1.0 - r.p_wait, 1e-15),
                "{tag}"
            );
            assert_eq!(r.answered_within(-1.0), 0.0);
            assert!(close(r.removed_within(f64::INFINITY), 1.0, 1e-15), "{tag}");
            // Just below the patience horizon the transient solver must agree
            // with the closed-form limit.
            let t_long = 40.0 / theta;
            assert!(
                close(r.answered_within(t_long), 1.0 - r.p_abandon, 1e-12),
                "{tag}"
            );
            // Monotone in t, and removed >= answered.
            let mut prev = 0.0;
            for i in 0..=30 {
                let t = f64::from(i) * 10.0;
                let ans = r.answered_within(t);
                assert!(ans >= prev - 1e-14, "{tag} t={t}");
                assert!(r.removed_within(t) >= ans - 1e-15, "{tag} t={t}");
                prev = ans;
            }
        }
    }

    /// Stationary distribution of the truncated birth-death chain solved as a
    /// plain linear system (Gauss-Jordan on pi Q = 0 with one equation
    /// replaced by sum pi = 1), independent of the product-form code.
    #[allow(clippy::needless_range_loop)] // dense elimination reads best with indices
    fn direct_stationary(lambda: f64, mu: f64, theta: f64, c: usize, n: usize) -> Vec<f64> {
        let death = |k: usize| mu * k.min(c) as f64 + theta * k.saturating_sub(c) as f64;
        // Row i is the balance equation of state i: sum_k pi_k Q[k][i] = 0.
        let mut m = vec![vec![0.0; n + 1]; n];
        for i in 0..n {
            let birth_i = if i + 1 < n { lambda } else { 0.0 };
            m[i][i] = -(birth_i + death(i));
            if i > 0 {
                m[i][i - 1] = lambda;
            }
            if i + 1 < n {
                m[i][i + 1] = death(i + 1);
            }
        }
        m[n - 1] = vec![1.0; n + 1];
        for col in 0..n {
            let piv = (col..n)
                .max_by(|&x, &y| m[x][col].abs().total_cmp(&m[y][col].abs()))
                .unwrap();
            m.swap(col, piv);
            let pivot_row = m[col].clone();
            for (row, line) in m.iter_mut().enumerate() {
                let f = line[col] / pivot_row[col];
                if row != col && f != 0.0 {
                    for (x, p) in line.iter_mut().zip(&pivot_row).skip(col) {
                        *x -= f * p;
                    }
                }
            }
        }
        (0..n).map(|i| m[i][n] / m[i][i]).collect()
    }

    /// Tagged-caller chain (callers ahead, plus absorbing answered and
    /// abandoned) integrated with classical RK4 until nobody is left waiting.
    /// Returns (answered-from-queue, abandoned) after every step.
    fn rk4_tagged(initial: &[f64], cmu: f64, theta: f64, dt: f64) -> Vec<(f64, f64)> {
        let n = initial.len();
        let deriv = |y: &[f64], d: &mut [f64]| {
            d.iter_mut().for_each(|x| *x = 0.0);
            for (j, &yj) in y[..n].iter().enumerate() {
                let r = cmu + j as f64 * theta;
                d[j] -= (r + theta) * yj;
                if j > 0 {
                    d[j - 1] += r * yj;
                }
                d[n + 1] += theta * yj;
            }
            d[n] = cmu * y[0];
        };
        let mut y: Vec<f64> = initial.iter().copied().chain([0.0, 0.0]).collect();
        let mut k = vec![vec![0.0; n + 2]; 4];
        let mut tmp = vec![0.0; n + 2];
        let mut out = vec![(0.0, 0.0)];
        while y[..n].iter().sum::<f64>() > 1e-16 {
            for stage in 0..4 {
                let h = [0.0, 0.5 * dt, 0.5 * dt, dt][stage];
                let (done, rest) = k.split_at_mut(stage);
                for (i, t) in tmp.iter_mut().enumerate() {
                    *t = y[i] + done.last().map_or(0.0, |prev| h * prev[i]);
                }
                deriv(&tmp, &mut rest[0]);
            }
            for (i, yi) in y.iter_mut().enumerate() {
                *yi += dt / 6.0 * (k[0][i] + 2.0 * k[1][i] + 2.0 * k[2][i] + k[3][i]);
            }
            out.push((y[n], y[n + 1]));
        }
        out
    }

    #[test]
    fn erlang_a_matches_direct_chain_solution() {
        let (lambda, handle, patience) = (1.0 / 60.0, 180.0, 300.0);
        let (mu, theta) = (1.0 / handle, 1.0 / patience);
        for c in 3..=5usize {
            let r = erlang_a(lambda, handle, patience, c as u32).unwrap();
            let pi = direct_stationary(lambda, mu, theta, c, c + 60);
            let p_wait: f64 = pi[c..].iter().sum();
            let eq: f64 = pi[c..].iter().enumerate().map(|(m, p)| m as f64 * p).sum();
            let busy: f64 = pi
                .iter()
                .enumerate()
                .map(|(k, p)| k.min(c) as f64 * p)
                .sum();
            assert!(close(r.p_wait, p_wait, 1e-10), "c={c}");
            assert!(close(r.p_abandon, theta * eq / lambda, 1e-10), "c={c}");
            assert!(close(r.occupancy, busy / c as f64, 1e-10), "c={c}");

            // Waiting-time distribution by brute-force integration.
            let dt = 0.2;
            let traj = rk4_tagged(&pi[c..], c as f64 * mu, theta, dt);
            let p_now: f64 = pi[..c].iter().sum();
            for &t in &[5.0, 20.0, 60.0, 300.0] {
                let (s, ab) = traj[(t / dt).round() as usize];
                assert!(
                    close(r.answered_within(t), p_now + s, 1e-9),
                    "c={c} t={t}: {} vs {}",
                    r.answered_within(t),
                    p_now + s
                );
                assert!(
                    close(r.removed_within(t), p_now + s + ab, 1e-9),
                    "c={c} t={t}"
                );
            }
            // Mean waits: E[W 1{answered from queue}] = int (S_inf - S(s)) ds,
            // likewise for abandonment; Simpson's rule on the RK4 trajectory.
            let (s_inf, ab_inf) = *traj.last().unwrap();
            let mut served_wait = 0.0;
            let mut aband_wait = 0.0;
            for (i, &(s, ab)) in traj.iter().enumerate() {
                let last = traj.len() - 1;
                let w = if i == 0 || i == last {
                    1.0
                } else if i % 2 == 1 {
                    4.0
                } else {
                    2.0
                };
                served_wait += w * dt / 3.0 * (s_inf - s);
                aband_wait += w * dt / 3.0 * (ab_inf - ab);
            }
            assert!(close(r.p_abandon, ab_inf, 1e-9), "c={c}");
            let asa = served_wait / (p_now + s_inf);
            assert!(close(r.asa, asa, 1e-7 * asa), "c={c}: {} vs {asa}", r.asa);
            let avg_ab = aband_wait / ab_inf;
            assert!(
                close(r.avg_abandon, avg_ab, 1e-7 * avg_ab),
                "c={c}: {} vs {avg_ab}",
                r.avg_abandon
            );
        }
    }

    /// With patience equal to the handle time every caller present leaves at
    /// rate mu, so the number in system is M/M/inf (Poisson(a)), and order
    /// statistics of i.i.d. exponentials give the waiting-time law in closed
    /// form: finding m waiting, a caller is answered by t with probability
    /// c/(c+m+1) * P(Bin(c+m+1, 1-e^{-mu t}) >= m+1) and is still waiting at
    /// t with probability e^{-mu t} P(Bin(c+m, 1-e^{-mu t}) <= m).
    #[test]
    fn erlang_a_with_patience_equal_to_handle_is_poisson() {
        let (a, c) = (10.0, 12usize);
        let lambda = a / HANDLE;
        let mu = 1.0 / HANDLE;
        let r = erlang_a(lambda, HANDLE, HANDLE, c as u32).unwrap();

        let n_max = 150;
        let mut pois = vec![(-a).exp()];
        for k in 1..n_max {
            let prev = pois[k - 1];
            pois.push(prev * a / k as f64);
        }
        let binom_pmf = |n: usize, p: f64| -> Vec<f64> {
            let mut row = vec![1.0];
            for _ in 0..n {
                let mut next = vec![0.0; row.len() + 1];
                for (i, v) in row.iter().enumerate() {
                    next[i] += v * (1.0 - p);
                    next[i + 1] += v * p;
                }
                row = next;
            }
            row
        };
        let p_now: f64 = pois[..c].iter().sum();
        let p_wait: f64 = pois[c..].iter().sum();
        let excess: f64 = pois[c..]
            .iter()
            .enumerate()
            .map(|(m, p)| m as f64 * p)
            .sum();
        assert!(close(r.p_wait, p_wait, 1e-13));
        assert!(close(r.p_abandon, excess / a, 1e-13));

        for &t in &[10.0, 20.0, 60.0, 240.0] {
            let p = 1.0 - (-mu * t).exp();
            let mut answered = p_now;
            let mut removed = p_now;
            for m in 0..(n_max - c) {
                let w = pois[c + m];
                let all = binom_pmf(c + m + 1, p);
                let others = binom_pmf(c + m, p);
                let served: f64 = all[m + 1..].iter().sum();
                answered += w * c as f64 / (c + m + 1) as f64 * served;
                let still: f64 = others[..=m].iter().sum();
                removed += w * (1.0 - (-mu * t).exp() * still);
            }
            assert!(close(r.answered_within(t), answered, 1e-12), "t={t}");
            assert!(close(r.removed_within(t), removed, 1e-12), "t={t}");
        }
    }

    #[test]
    fn erlang_a_large_and_overloaded_systems() {
        // 1800 erlangs on 1500 agents: overloaded, stable only via abandonment.
        let r = erlang_a(10.0, HANDLE, 120.0, 1500).unwrap();
        assert!(r.p_wait > 0.999 && r.p_abandon > 0.15 && r.p_abandon < 0.2);
        assert!(r.occupancy > 0.999 && r.occupancy <= 1.0);
        // Overload with near-infinite patience is refused, not attempted.
        assert!(matches!(
            erlang_a(10.0, HANDLE, 1e9, 1500),
            Err(ErlangError::StateSpaceTooLarge { .. })
        ));
        // Many agents, light load: no NaN from underflow.
        let r = erlang_a(0.01, HANDLE, 60.0, 3000).unwrap();
        assert!(r.p_wait < 1e-300 && r.avg_abandon.is_finite());
        assert_eq!(r.answered_within(20.0), 1.0);
    }

    #[test]
    fn invalid_input_is_rejected() {
        assert!(matches!(
            erlang_b(-1.0, 3),
            Err(ErlangError::InvalidParameter { .. })
        ));
        assert_eq!(erlang_b(1.0, 0), Err(ErlangError::NoAgents));
        assert_eq!(erlang_c(1.0, 1.0, 0), Err(ErlangError::NoAgents));
        assert!(matches!(
            erlang_c(0.0, 1.0, 1),
            Err(ErlangError::InvalidParameter { name: "lambda", .. })
        ));
        assert!(matches!(
            erlang_c(1.0, f64::NAN, 1),
            Err(ErlangError::InvalidParameter { .. })
        ));
        assert!(matches!(
            erlang_c(LAMBDA, HANDLE, 10),
            Err(ErlangError::Unstable { agents: 10, .. })
        ));
        assert!(matches!(
            erlang_a(LAMBDA, HANDLE, -5.0, 3),
            Err(ErlangError::InvalidParameter { .. })
        ));
        // Display is human readable.
        assert!(ErlangError::NoAgents.to_string().contains("agent"));
    }
}
