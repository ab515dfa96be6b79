//! One estimated distribution as every output shows it: the scenario
//! file's inline table, a line for the report, and the full record for
//! `calibration.json` (family, parameters with standard errors and 95 %
//! intervals, sample size, AIC of every family, the goodness-of-fit test).

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

/// Fits `sample` (all families, best by AIC, empirical when none passes
/// the goodness-of-fit test); `None` when there is not enough data.
///
/// A sample whose every value is the same (a flow that plays one fixed
/// prompt, say) is no distribution to fit, but it is an estimate: the
/// constant, written as a fixed duration.
pub fn estimate(sample: &Sample) -> Option<Estimated> {
    match fit_best(sample) {
        Ok(choice) => Some(from_choice(&choice)),
        Err(FitError::NoSpread { value }) => Some(constant(value, sample.observed_weight())),
        Err(_) => None,
    }
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
