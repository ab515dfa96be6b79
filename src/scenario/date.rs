//! ISO 8601 UTC instants: their home is [`crate::timefmt`], shared with the
//! outputs; re-exported here for the scenario's rooms.

pub use crate::timefmt::{format_iso8601_utc, parse_iso8601_utc};
