//! What a calibration found wrong with its data and worked around — left
//! out, or could not tell from what was given — said in three places, as
//! the rows and reports left out are: on stderr while it runs, in
//! `calibration.md` under "Warnings", and in `calibration.json` under
//! `warnings` (with the details a script needs). Nothing in the data is
//! set aside silently.

use serde_json::{json, Value};

/// One thing a planner should know about the data before trusting the
/// scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct DataWarning {
    /// A short stable key a script can match (`durations_contradicted`,
    /// `chain_legs_left_out`, …).
    pub kind: &'static str,
    /// The sentence a planner reads: what was found, what the
    /// calibration did about it, and the fix.
    pub text: String,
    /// The details, for `calibration.json` (`Value::Null` for none).
    pub detail: Value,
}

impl DataWarning {
    /// Its entry of `calibration.json`'s `warnings`.
    pub fn json(&self) -> Value {
        json!({"kind": self.kind, "text": self.text, "detail": self.detail})
    }
}
