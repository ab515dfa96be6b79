//! A source's `redial = { probability, delay, max_tries }`: customers who
//! abandon in queue or are turned away call again (see
//! [`center::methods::redial`](crate::center::methods::redial)).

use serde::Deserialize;

use crate::center::methods::redial::MAX_REDIAL_TRIES;
use crate::center::spec::{RedialSpec, SourceKind};

use super::check::Check;
use super::dist::RawDist;

/// `redial = { probability = 0.6, delay = "5m", max_tries = 3 }`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRedial {
    /// Probability that a customer who gave up calls again, at each try.
    pub probability: f64,
    /// Time from giving up to calling again.
    pub delay: RawDist,
    /// Calls again at most this often.
    pub max_tries: i64,
}

/// Checks a source's `redial` (at `path`), for a source of `kind`: only
/// customers who call (INBOUND, WEBRTC_API) call again.
pub(super) fn redial(
    c: &mut Check,
    path: &str,
    raw: &RawRedial,
    kind: &SourceKind,
) -> Option<RedialSpec> {
    if !matches!(kind, SourceKind::Inbound | SourceKind::Webrtc) {
        c.fail(
            path,
            "only inbound and webrtc sources redial",
            "remove `redial`, or set method = \"inbound\" or \"webrtc\": API contacts are started by the center, not by a customer who calls again",
        );
    }
    let probability = c.probability(&format!("{path}.probability"), raw.probability);
    let delay = c.dist(&format!("{path}.delay"), &raw.delay);
    let max_tries = match u32::try_from(raw.max_tries) {
        Ok(n) if (1..=MAX_REDIAL_TRIES).contains(&n) => n,
        _ => {
            c.fail(
                format!("{path}.max_tries"),
                format!(
                    "max_tries {} is outside 1–{MAX_REDIAL_TRIES}",
                    raw.max_tries
                ),
                "the most times one customer calls again after its first call, e.g. 3",
            );
            1
        }
    };
    Some(RedialSpec {
        probability,
        delay: delay?,
        max_tries,
    })
}
