//! Fitting duration distributions to what contact records show: whole
//! seconds, and — for patience — mostly censored.
//!
//! ```text
//!  Observation::rounded_seconds(d) / timestamp_difference(d) /
//!  right_censored(c) / exact(x) / interval(lo, hi)
//!        │ binned by identity (a million values → their distinct values)
//!        ▼
//!     Sample ──► fit(family) ──► Fit: mean, cv/shape, se, 95 % CI, ln L, AIC, BIC
//!        │  └──► fit_best ──► Choice: four fits ranked by BIC (a leading
//!        │                    lognormal held to Vuong's test against the
//!        │                    exponential), the best's goodness of fit,
//!        │                    parametric or empirical
//!        └─────► kaplan_meier ──► the survival curve (patience) ± Greenwood
//! ```
//!
//! Rooms: [`sample`] (observations and whole-second intervals — read it for
//! how rounding and truncation are handled and what bias is left),
//! `family` (the four families in the scenario's parameterisation, in log
//! space), `special` (ln Φ, incomplete gamma), `optimize` (Nelder–Mead,
//! numerical Hessian), `mle` (the likelihood and one fit), [`vuong`] (the
//! lognormal against the exponential), [`km`]
//! (Kaplan–Meier), [`gof`] (the test and its decision rule), [`empirical`]
//! (the fallback, with its censored tail), `choice` (`fit_best`).
//!
//! Everything is deterministic: no randomness, fixed iteration caps, sums
//! in a fixed order, ties broken by [`Family::ALL`]'s order.

mod choice;
mod empirical;
mod family;
pub mod gof;
pub mod km;
mod mle;
pub(crate) mod optimize;
pub mod sample;
pub(crate) mod special;
pub mod vuong;

pub use choice::{empirical, fit_best, Choice, Chosen, Failure};
pub use empirical::{Empirical, MAX_VALUES};
pub use family::Family;
pub use gof::{test_description, test_fit, Gof, Reference};
pub use km::{kaplan_meier, KmPoint};
pub use mle::{fit, Estimate, Fit, FitError, MIN_OBSERVED};
pub use sample::{Kind, Observation, Sample, SampleError};
pub use vuong::Vuong;
