//! One estimated distribution as every output shows it: the scenario
//! file's inline table, a line for the report, and the full record for
//! `calibration.json` (family, parameters with standard errors and 95 %
//! intervals, sample size, AIC and BIC of every family, Vuong's test of a
//! leading lognormal, the goodness-of-fit test).

use serde_json::{json, Value};

use super::fit::{fit_best, kaplan_meier, Choice, Chosen, Fit, FitError, Sample};

/// A fitted (or empirical) distribution, ready for every output.
#[derive(Debug, Clone)]
pub struct Estimated {
    /// The scenario's value, e.g. `{ dist = "lognormal", mean = "181.2s", cv = 0.71 }`.
    pub toml: String,
    /// One line for the report.
    pub summary: String,
    /// The record for `calibration.json`.
    pub json: Value,
    /// The estimated mean, seconds.
    pub mean_s: f64,
}

/// Fits `sample` (all families, best by BIC, empirical when none passes
/// the goodness-of-fit test); `None` when there is nothing to estimate
/// from.
///
/// A sample whose every value is the same (a flow that plays one fixed
/// prompt, say) is no distribution to fit, but it is an estimate: the
/// constant, written as a fixed duration. A sample too small to fit (a
/// rarely used channel, a short export) gets a gamma with its mean and
/// coefficient of variation (by moments), or its one value as a constant:
/// what little the data say — better than an assumed value, and the
/// report says how few values it rests on.
pub fn estimate(sample: &Sample) -> Option<Estimated> {
    match fit_best(sample) {
        Ok(choice) => Some(from_choice(&choice)),
        Err(FitError::NoSpread { value }) => Some(constant(value, sample.observed_weight())),
        Err(FitError::NotEnoughData { needed, .. }) => too_few_to_fit(sample, needed),
        Err(_) => None,
    }
}

/// A sample with fewer observed values than a fit `needs`: a gamma with
/// their weighted mean and coefficient of variation (by moments, the
/// variance over n − 1) when they differ, else their value as a constant.
/// A constant would take away the spread the values show: three calls of
/// 113, 274 and 119 s written as 169 s gave a backtest band of no width
/// (a probe's find). `None` when nothing was observed, or when some values
/// are censored — the values seen are then biased short (an answered
/// contact's wait says only that its patience was longer).
fn too_few_to_fit(sample: &Sample, needed: f64) -> Option<Estimated> {
    let n = sample.observed_weight();
    if n <= 0.0 || sample.censored_weight() > 0.0 {
        return None;
    }
    let mean = sample
        .observations()
        .map(|o| o.recorded * o.weight)
        .sum::<f64>()
        / n;
    let v = (mean * 1000.0).round() / 1000.0;
    let values = if n == 1.0 { "value" } else { "values" };
    let squares: f64 = sample
        .observations()
        .map(|o| o.weight * (o.recorded - mean).powi(2))
        .sum();
    let cv = (squares / (n - 1.0)).sqrt() / mean;
    let cv = (cv * 1000.0).round() / 1000.0;
    if n > 1.0 && v > 0.0 && cv > 0.0 && cv.is_finite() {
        return Some(Estimated {
            toml: format!("{{ dist = \"gamma\", mean = \"{v}s\", cv = {cv} }}"),
            summary: format!(
                "gamma — mean {v} s, cv {cv}, by the moments of only {n} {values}; a fit needs at least {needed}"
            ),
            json: json!({"chosen": "gamma", "mean_s": v, "cv": cv, "n_observed": n, "reason": "too few values to fit: mean and cv by moments"}),
            mean_s: v,
        });
    }
    Some(Estimated {
        toml: format!("\"{v}s\""),
        summary: format!(
            "constant {v} s — the mean of only {n} {values}; a fit needs at least {needed}"
        ),
        json: json!({"chosen": "constant", "mean_s": v, "n_observed": n, "reason": "too few values to fit"}),
        mean_s: v,
    })
}

/// Every one of `n` values was `value` seconds.
fn constant(value: f64, n: f64) -> Estimated {
    let v = (value * 1000.0).round() / 1000.0;
    Estimated {
        toml: format!("\"{v}s\""),
        summary: format!("constant {v} s — every one of {n} values; nothing to fit"),
        json: json!({"chosen": "constant", "mean_s": v, "n_observed": n}),
        mean_s: v,
    }
}

/// As [`estimate`], with the Kaplan–Meier curve added to the JSON record
/// (for censored samples such as patience).
pub fn estimate_censored(sample: &Sample) -> Option<Estimated> {
    let mut e = estimate(sample)?;
    let km: Vec<Value> = kaplan_meier(sample)
        .iter()
        .map(|p| json!({"t_s": p.t, "survival": p.survival, "se": p.se, "at_risk": p.at_risk, "events": p.events}))
        .collect();
    if let Value::Object(m) = &mut e.json {
        m.insert("kaplan_meier".into(), Value::Array(thin(km, 200)));
    }
    Some(e)
}

/// At most `n` evenly spread points of a long curve (first and last kept).
fn thin(points: Vec<Value>, n: usize) -> Vec<Value> {
    if points.len() <= n {
        return points;
    }
    let last = points.len() - 1;
    (0..n).map(|k| points[k * last / (n - 1)].clone()).collect()
}

fn from_choice(choice: &Choice) -> Estimated {
    let best = choice.best();
    let (chosen, mean_s) = match &choice.chosen {
        Chosen::Parametric { family } => (family.name().to_string(), best.mean.value),
        Chosen::Empirical(e) => ("empirical".to_string(), e.mean),
    };
    Estimated {
        toml: choice.scenario_toml(),
        summary: summary(choice),
        json: json!({
            "chosen": chosen,
            "mean_s": mean_s,
            "best_fit": best,
            "n_observed": best.observed,
            "n_censored": best.censored,
            "goodness_of_fit": choice.gof,
            "all_fits": choice.fits,
            "failed": choice.failed,
            "lognormal_vs_exponential": choice.lognormal_test,
            "empirical": match &choice.chosen { Chosen::Empirical(e) => serde_json::to_value(e).unwrap_or(Value::Null), _ => Value::Null },
        }),
        mean_s,
    }
}

/// One line: the chosen family, mean and shape with 95 % intervals, the
/// sample, and the test.
fn summary(choice: &Choice) -> String {
    let best = choice.best();
    let est = |f: &Fit| {
        let ci = |c: Option<[f64; 2]>| {
            c.map_or(String::new(), |[a, b]| format!(" (95 % CI {a:.3}–{b:.3})"))
        };
        let mut s = format!("mean {:.1} s{}", f.mean.value, ci(f.mean.ci95));
        if let (Some(sh), Some(name)) = (f.shape, f.family.shape_field()) {
            s.push_str(&format!(", {name} {:.3}{}", sh.value, ci(sh.ci95)));
        }
        s
    };
    let n = if best.censored > 0.0 {
        format!(
            "n = {} observed + {} censored",
            best.observed, best.censored
        )
    } else {
        format!("n = {}", best.observed)
    };
    let gof = format!(
        "KS D = {:.4} vs limit {:.4}",
        choice.gof.distance,
        choice.gof.critical.max(choice.gof.practical)
    );
    let n = match choice.lognormal_test {
        Some(v) if !v.kept => format!(
            "{n}; the lognormal (lower BIC) held back: not better than the exponential \
             in Vuong's test (z = {:.2}, p = {:.2})",
            v.z, v.p_value
        ),
        _ => n,
    };
    match &choice.chosen {
        Chosen::Parametric { family } => {
            format!("{} — {}; {n}; {gof}, kept", family.name(), est(best))
        }
        Chosen::Empirical(e) => format!(
            "empirical (mean {:.1} s, {} values) — best family {} ({}) rejected: {gof}; {n}",
            e.mean,
            e.values.len(),
            best.family.name(),
            est(best)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calibrate::fit::Observation;

    fn sample(obs: &[Observation]) -> Sample {
        obs.iter().copied().collect()
    }

    #[test]
    fn too_few_values_give_a_gamma_of_their_moments_or_one_value_a_constant() {
        let ok = |r: Result<Observation, _>| r.unwrap_or_else(|e| panic!("{e:?}"));
        let s = sample(&[
            ok(Observation::rounded_seconds(10.0)),
            ok(ok(Observation::rounded_seconds(20.0)).weighted(2.0)),
            ok(Observation::timestamp_difference(50.0)),
        ]);
        let e = estimate(&s).unwrap_or_else(|| panic!("no estimate"));
        // Mean (10 + 2 × 20 + 50) / 4 = 25; squares 225 + 2 × 25 + 625 =
        // 900 over n − 1 = 3: sd √300 = 17.32, cv 0.693.
        assert_eq!(e.mean_s, 25.0);
        assert_eq!(e.toml, "{ dist = \"gamma\", mean = \"25s\", cv = 0.693 }");
        assert!(e.summary.contains("only 4 values"), "{}", e.summary);
        assert_eq!(e.json["n_observed"], 4.0);
        let one = sample(&[ok(Observation::rounded_seconds(40.0))]);
        let e = estimate(&one).unwrap_or_else(|| panic!("no estimate"));
        assert_eq!((e.mean_s, e.toml.as_str()), (40.0, "\"40s\""));
        assert!(e.summary.contains("only 1 value;"), "{}", e.summary);
    }

    /// A probe's find: a group whose contacts all had 0 s of after-contact
    /// work was written `after_contact_work = "0.25s"`, the middle of the
    /// whole second [0, 0.5) a recorded 0 stands for.
    #[test]
    fn values_all_recorded_alike_are_that_constant() {
        let ok = |r: Result<Observation, _>| r.unwrap_or_else(|e| panic!("{e:?}"));
        for (d, toml) in [(0.0, "\"0s\""), (20.0, "\"20s\"")] {
            let s: Sample = (0..50)
                .map(|_| ok(Observation::rounded_seconds(d)))
                .collect();
            let e = estimate(&s).unwrap_or_else(|| panic!("no estimate"));
            assert_eq!((e.mean_s, e.toml.as_str()), (d, toml), "{}", e.summary);
        }
    }

    #[test]
    fn nothing_observed_or_censored_values_give_no_constant() {
        let ok = |r: Result<Observation, _>| r.unwrap_or_else(|e| panic!("{e:?}"));
        assert!(estimate(&Sample::new()).is_none());
        // Patience seen in 3 abandons and known only to exceed 2 answered
        // waits: the abandons' mean would be biased short.
        let s = sample(&[
            ok(Observation::rounded_seconds(10.0)),
            ok(Observation::rounded_seconds(20.0)),
            ok(Observation::rounded_seconds(30.0)),
            ok(Observation::right_censored(100.0)),
            ok(Observation::right_censored(200.0)),
        ]);
        assert!(estimate(&s).is_none());
    }
}
