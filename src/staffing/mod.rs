//! Staffing: the exact queueing-theory answers (Erlang B, C and A) that the
//! simulator is tested against, and the search for the smallest staffing
//! that meets a scenario's targets.
//!
//! - [`erlang`]: the formulas, pure functions of rates and agents;
//! - [`sizing`]: the Erlang C and Erlang A staffing of a scenario's
//!   targeted queues (the search's starting point and benchmark);
//! - [`targets`]: a scenario's targets checked against a summary;
//! - [`search`]: the smallest constant staffing that meets them, by
//!   simulation, every staffing simulated once ([`search::Evaluator`]);
//! - [`per_interval`]: a staffing per interval by the iterative staffing
//!   algorithm.

pub mod erlang;
pub mod per_interval;
pub mod search;
pub mod sizing;
pub mod targets;
