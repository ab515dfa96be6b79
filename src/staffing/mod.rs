//! Staffing: the exact queueing-theory answers (Erlang B, C and A) that the
//! simulator is tested against and that staffing searches start from.

pub mod erlang;
