//! The Kaplan–Meier estimate of the survival function — the patience
//! curve, read from abandoned contacts (events) and answered ones
//! (censored at their wait) — with Greenwood's standard error.
//!
//! Each observation sits at its recorded value: an exact value at itself,
//! a whole-second value at its whole seconds `d`, a general interval at its
//! midpoint, a censored one at its censoring time. So with whole-second
//! data this is the Kaplan–Meier curve *of the recorded values* (a step at
//! each second), not a Turnbull estimate of the continuous truth: the curve
//! after the step at `d` estimates P(recorded > d) — S(d + ½) for rounded
//! values. The goodness-of-fit test compares the fitted model on that same
//! recorded scale. Ties follow the usual convention: at a time where some
//! observations end in an event and others are censored, the events come
//! first (the censored ones were still at risk).

use serde::Serialize;
use std::collections::BTreeMap;

use super::sample::Sample;

/// One step of the Kaplan–Meier curve.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct KmPoint {
    /// Time of the events, seconds (recorded value).
    pub t: f64,
    /// Estimated P(X > t), just after the step.
    pub survival: f64,
    /// Greenwood's standard error of `survival`.
    pub se: f64,
    /// Weight at risk just before `t` (not yet ended before `t`).
    pub at_risk: f64,
    /// Weight of events at `t`.
    pub events: f64,
}

/// The Kaplan–Meier curve of `sample`: one point per distinct event time,
/// in increasing time. Empty when the sample holds no events.
pub fn kaplan_meier(sample: &Sample) -> Vec<KmPoint> {
    // (events, censored) weight at each recorded time; the bit pattern of a
    // value ≥ 0 sorts like the value.
    let mut at: BTreeMap<u64, (f64, f64)> = BTreeMap::new();
    let mut total = 0.0;
    for o in sample.observations() {
        let entry = at.entry(o.recorded.to_bits()).or_insert((0.0, 0.0));
        if o.kind.is_observed() {
            entry.0 += o.weight;
        } else {
            entry.1 += o.weight;
        }
        total += o.weight;
    }
    let mut curve = Vec::new();
    let (mut at_risk, mut survival, mut greenwood) = (total, 1.0, 0.0);
    for (&bits, &(events, censored)) in &at {
        if events > 0.0 && at_risk > 0.0 {
            survival *= 1.0 - events / at_risk;
            let remaining = at_risk - events;
            // Greenwood: Var S = S² Σ d / (n (n − d)); the last step to zero
            // has S = 0 and so variance 0.
            let se = if remaining > 1e-12 {
                greenwood += events / (at_risk * remaining);
                survival * greenwood.sqrt()
            } else {
                survival = 0.0;
                0.0
            };
            curve.push(KmPoint {
                t: f64::from_bits(bits),
                survival,
                se,
                at_risk,
                events,
            });
        }
        at_risk -= events + censored;
    }
    curve
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calibrate::fit::Observation;

    /// The textbook example worked by hand: times 1, 2+, 3, 3, 4+, 5 (+ =
    /// censored). S(1) = 5/6, S(3) = 5/6 · 2/4 = 5/12, S(5) = 0.
    #[test]
    fn small_example_by_hand() {
        let mut s = Sample::new();
        for (t, censored) in [
            (1.0, false),
            (2.0, true),
            (3.0, false),
            (3.0, false),
            (4.0, true),
            (5.0, false),
        ] {
            s.add(
                if censored {
                    Observation::right_censored(t)
                } else {
                    Observation::exact(t)
                }
                .unwrap_or_else(|e| panic!("{e}")),
            );
        }
        let km = kaplan_meier(&s);
        assert_eq!(km.len(), 3);
        assert!((km[0].survival - 5.0 / 6.0).abs() < 1e-12 && km[0].at_risk == 6.0);
        assert!(
            (km[1].survival - 5.0 / 12.0).abs() < 1e-12
                && km[1].at_risk == 4.0
                && km[1].events == 2.0
        );
        assert_eq!(km[2].survival, 0.0);
        // Greenwood at t = 3: S² (1/(6·5) + 2/(4·2)).
        let var = (5.0f64 / 12.0).powi(2) * (1.0 / 30.0 + 2.0 / 8.0);
        assert!((km[1].se - var.sqrt()).abs() < 1e-12);
    }

    #[test]
    fn all_censored_gives_an_empty_curve() {
        let s: Sample = (1..10)
            .map(|t| Observation::right_censored(t as f64).unwrap_or_else(|e| panic!("{e}")))
            .collect();
        assert!(kaplan_meier(&s).is_empty());
    }
}
