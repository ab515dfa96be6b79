//! Staffing: the exact queueing-theory answers (Erlang B, C and A) that the
//! simulator is tested against, and the search for the smallest staffing
//! that meets a scenario's targets.

pub mod erlang;
pub mod search;
