//! Calibration: turning what a real center recorded into a scenario.
//!
//! [`fit`] is the statistical core — maximum-likelihood fits of the
//! scenario's duration families to whole-second, censored data, the choice
//! between them by AIC with a goodness-of-fit test, the empirical fallback
//! and the Kaplan–Meier curve of patience. The estimators of arrivals,
//! rates and headcount, and the backtest, sit beside it.

pub mod fit;
