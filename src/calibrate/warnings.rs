//! What a calibration found wrong with its data and worked around — left
//! out, or could not tell from what was given — said in three places, as
//! the rows and reports left out are: on stderr while it runs, in
//! `calibration.md` under "Warnings", and in `calibration.json` under
//! `warnings` (with the details a script needs). Nothing in the data is
//! set aside silently.

use std::fmt::Write as _;

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

/// Adds `warnings` to a `calibration.json` document, under `warnings`
/// (left out when there are none).
pub fn add_to_json(doc: &mut Value, warnings: &[DataWarning]) {
    if !warnings.is_empty() {
        doc["warnings"] = warnings.iter().map(DataWarning::json).collect();
    }
}

/// Writes `warnings` as `calibration.md`'s "Warnings" section (nothing
/// when there are none).
pub fn write_markdown(t: &mut String, warnings: &[DataWarning]) {
    if warnings.is_empty() {
        return;
    }
    let _ = writeln!(t, "## Warnings\n");
    for w in warnings {
        let _ = writeln!(t, "- {}", w.text);
    }
    let _ = writeln!(t);
}
