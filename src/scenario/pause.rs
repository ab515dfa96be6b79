//! A task source's `pause = { probability, after, duration, max_pauses }`:
//! tasks an agent pauses while it waits on something (a customer's
//! document, an approval), freeing its task slot until the task resumes
//! (see [`center::methods::task_pause`](crate::center::methods::task_pause)).

use serde::Deserialize;

use crate::center::methods::task_pause::MAX_PAUSES;
use crate::center::spec::{PauseSpec, SourceKind};

use super::check::Check;
use super::dist::RawDist;

/// `pause = { probability = 0.3, after = "4m", duration = "20m" }`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPause {
    /// Probability that the task pauses, decided before each pause.
    pub probability: f64,
    /// Work done (since the agent started it or last resumed it) before
    /// the pause.
    pub after: RawDist,
    /// How long the task stays paused before it is ready to resume.
    pub duration: RawDist,
    /// Pauses per task at most (default 1).
    pub max_pauses: Option<i64>,
}

/// Checks a source's `pause` (at `path`), for a source of `kind`: only
/// tasks pause (Connect's PauseContact takes task contacts only).
pub(super) fn pause(
    c: &mut Check,
    path: &str,
    raw: &RawPause,
    kind: &SourceKind,
) -> Option<PauseSpec> {
    if !matches!(kind, SourceKind::ApiTask { .. }) {
        c.fail(
            path,
            "only task sources pause",
            "remove `pause`, or set method = \"api_task\": Connect pauses and resumes task contacts only (PauseContact)",
        );
    }
    let probability = c.probability(&format!("{path}.probability"), raw.probability);
    let after = c.dist(&format!("{path}.after"), &raw.after);
    let duration = c.dist(&format!("{path}.duration"), &raw.duration);
    let max_pauses = match raw.max_pauses.map(u32::try_from) {
        None => 1,
        Some(Ok(n)) if (1..=MAX_PAUSES).contains(&n) => n,
        Some(_) => {
            c.fail(
                format!("{path}.max_pauses"),
                format!(
                    "max_pauses {} is outside 1–{MAX_PAUSES}",
                    raw.max_pauses.unwrap_or(0)
                ),
                "the most times one task pauses, e.g. 2 (leave it out for 1)",
            );
            1
        }
    };
    Some(PauseSpec {
        probability,
        after: after?,
        duration: duration?,
        max_pauses,
    })
}
