//! A sample of one duration (talk, hold, after-contact work, patience…) as
//! contact records give it: weighted observations that are exact, known
//! only to the second, or right-censored — binned, so that a million
//! whole-second values cost only as many likelihood terms as there are
//! distinct values.
//!
//! ## Whole seconds, honestly
//!
//! Connect writes durations and timestamps to the second. A value recorded
//! as `d` whole seconds is not the truth `d`; it is an interval that holds
//! the truth, and the likelihood uses the probability of that interval:
//!
//! - a **rounded** duration `d` (a `Duration` field): the truth is in
//!   `[d − ½, d + ½)` (`[0, ½)` for `d = 0`) — the exact likelihood of
//!   rounded data, so the fit has no rounding bias;
//! - a **difference of two truncated timestamps** `d` (dequeue − enqueue):
//!   each timestamp lost less than a second, so the truth is in
//!   `(d − 1, d + 1)` (`[0, 1)` for `d = 0`). The recorded `d` is then
//!   `⌊x⌋` or `⌈x⌉` with a triangular weight, which the interval likelihood
//!   treats as a flat one twice as wide: the mean is unbiased, and the fitted
//!   variance comes out about ⅙ s² smaller than the truth's — negligible for
//!   durations of tens of seconds, a few per cent for durations of 2–3 s.
//!
//! A right-censored value `c` (an answered contact's wait, for patience) is
//! known only to exceed `c`; pass the wait as recorded (the midpoint of what
//! it may have been): the error of that is second order in 1 s / scale.

use serde::Serialize;
use std::collections::BTreeMap;

/// How an observation pins the true duration down.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Known exactly.
    Exact,
    /// A whole-second value rounded to the nearest second: the truth is in
    /// `[d − ½, d + ½)`.
    Rounded,
    /// A difference of two timestamps truncated to the second: the truth is
    /// in `(d − 1, d + 1)`.
    TruncatedDifference,
    /// Somewhere in `[lo, hi)`, with the intervals of one sample not
    /// overlapping (the goodness-of-fit test reads them as a grid).
    Interval,
    /// Known only to exceed `c`: right-censored.
    RightCensored,
}

impl Kind {
    /// Whether the observation saw the event (not right-censored).
    pub fn is_observed(self) -> bool {
        self != Kind::RightCensored
    }
}

/// A value that cannot be an observation of a duration.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum SampleError {
    /// A duration was negative, NaN or infinite.
    #[error("{what} must be a finite number of seconds ≥ 0 (got {value})")]
    NotNonNegative {
        /// Which value.
        what: &'static str,
        /// The offending value.
        value: f64,
    },
    /// An exact duration of zero has no density in any fitted family; a
    /// whole-second zero is an interval, use [`Observation::rounded_seconds`].
    #[error("an exact duration must be > 0 s; record whole-second zeros as intervals")]
    ExactZero,
    /// An interval with `hi ≤ lo`.
    #[error("an interval needs lo < hi (got [{lo}, {hi}))")]
    EmptyInterval {
        /// Lower end.
        lo: f64,
        /// Upper end.
        hi: f64,
    },
    /// A weight that is not a finite number > 0.
    #[error("a weight must be a finite number > 0 (got {0})")]
    BadWeight(f64),
}

/// One observation (or a bin of identical ones) of a duration, in seconds.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Observation {
    /// How it pins the truth down.
    pub kind: Kind,
    /// The value as recorded: the exact value, the whole seconds `d`, an
    /// interval's midpoint, or the censoring time.
    pub recorded: f64,
    /// The truth is ≥ `lo` (> for a truncated difference with `d ≥ 1`).
    pub lo: f64,
    /// The truth is < `hi` (`lo` itself when exact, +∞ when censored).
    pub hi: f64,
    /// How many observations this stands for.
    pub weight: f64,
}

fn non_negative(what: &'static str, value: f64) -> Result<f64, SampleError> {
    if value.is_finite() && value >= 0.0 {
        Ok(value)
    } else {
        Err(SampleError::NotNonNegative { what, value })
    }
}

impl Observation {
    /// A duration known exactly (> 0 s).
    pub fn exact(x: f64) -> Result<Observation, SampleError> {
        let x = non_negative("an exact duration", x)?;
        if x == 0.0 {
            return Err(SampleError::ExactZero);
        }
        Ok(Self::of(Kind::Exact, x, x, x))
    }

    /// A duration rounded to `d` whole seconds: the truth is in
    /// `[d − ½, d + ½)`, or `[0, ½)` when `d = 0`.
    pub fn rounded_seconds(d: f64) -> Result<Observation, SampleError> {
        let d = non_negative("a rounded duration", d)?;
        Ok(Self::of(Kind::Rounded, d, (d - 0.5).max(0.0), d + 0.5))
    }

    /// A difference `d` of two timestamps each truncated to the second: the
    /// truth is in `(d − 1, d + 1)`, or `[0, 1)` when `d = 0`. A `d` with a
    /// fraction of a second comes from timestamps that carry milliseconds
    /// (Connect writes `…:00.123Z` as well as `…:00Z`): each truncated to
    /// the millisecond, the truth is within a millisecond of `d`, and `d`
    /// is read as exact — not as whole seconds, or a goodness-of-fit test
    /// would compare millisecond values with a whole-second curve and
    /// reject a true family.
    pub fn timestamp_difference(d: f64) -> Result<Observation, SampleError> {
        let d = non_negative("a timestamp difference", d)?;
        if d.fract() != 0.0 {
            return Self::exact(d);
        }
        Ok(Self::of(
            Kind::TruncatedDifference,
            d,
            (d - 1.0).max(0.0),
            d + 1.0,
        ))
    }

    /// A duration somewhere in `[lo, hi)`.
    pub fn interval(lo: f64, hi: f64) -> Result<Observation, SampleError> {
        let lo = non_negative("an interval's lower end", lo)?;
        let hi = non_negative("an interval's upper end", hi)?;
        if hi <= lo {
            return Err(SampleError::EmptyInterval { lo, hi });
        }
        Ok(Self::of(Kind::Interval, (lo + hi) / 2.0, lo, hi))
    }

    /// A duration known only to exceed `c` (right-censored at `c`).
    pub fn right_censored(c: f64) -> Result<Observation, SampleError> {
        let c = non_negative("a censoring time", c)?;
        Ok(Self::of(Kind::RightCensored, c, c, f64::INFINITY))
    }

    /// The same observation standing for `weight` identical ones.
    pub fn weighted(self, weight: f64) -> Result<Observation, SampleError> {
        if weight.is_finite() && weight > 0.0 {
            Ok(Observation { weight, ..self })
        } else {
            Err(SampleError::BadWeight(weight))
        }
    }

    fn of(kind: Kind, recorded: f64, lo: f64, hi: f64) -> Observation {
        Observation {
            kind,
            recorded,
            lo,
            hi,
            weight: 1.0,
        }
    }
}

/// The bin of identical observations: kind, then the bit patterns of `lo`
/// and `hi` (which sort like the values, all being ≥ 0 or +∞), then the
/// recorded value's.
type BinKey = (Kind, u64, u64, u64);

/// Weighted observations of one positive duration, binned by identity.
#[derive(Debug, Clone, Default)]
pub struct Sample {
    bins: BTreeMap<BinKey, f64>,
}

impl Sample {
    /// An empty sample.
    pub fn new() -> Sample {
        Sample::default()
    }

    /// Adds an observation (merging it into its bin).
    pub fn add(&mut self, o: Observation) {
        let key = (o.kind, o.lo.to_bits(), o.hi.to_bits(), o.recorded.to_bits());
        *self.bins.entry(key).or_insert(0.0) += o.weight;
    }

    /// The distinct observations with their total weights, in a fixed order
    /// (by kind, then interval).
    pub fn observations(&self) -> impl Iterator<Item = Observation> + '_ {
        self.bins
            .iter()
            .map(|(&(kind, lo, hi, rec), &weight)| Observation {
                kind,
                recorded: f64::from_bits(rec),
                lo: f64::from_bits(lo),
                hi: f64::from_bits(hi),
                weight,
            })
    }

    /// How many distinct observations (likelihood terms) there are.
    pub fn distinct(&self) -> usize {
        self.bins.len()
    }

    /// Total weight of observations that saw the event (exact or interval).
    pub fn observed_weight(&self) -> f64 {
        self.observations()
            .filter(|o| o.kind.is_observed())
            .map(|o| o.weight)
            .sum()
    }

    /// Total weight of right-censored observations.
    pub fn censored_weight(&self) -> f64 {
        self.observations()
            .filter(|o| !o.kind.is_observed())
            .map(|o| o.weight)
            .sum()
    }

    /// Whether nothing has been added.
    pub fn is_empty(&self) -> bool {
        self.bins.is_empty()
    }
}

impl Extend<Observation> for Sample {
    fn extend<I: IntoIterator<Item = Observation>>(&mut self, iter: I) {
        for o in iter {
            self.add(o);
        }
    }
}

impl FromIterator<Observation> for Sample {
    fn from_iter<I: IntoIterator<Item = Observation>>(iter: I) -> Sample {
        let mut s = Sample::new();
        s.extend(iter);
        s
    }
}
