//! A queue's `external`: the external parties its agents add to voice
//! conversations through a quick connect (EXTERNAL_OUTBOUND, see
//! [`center::methods::external_outbound`](crate::center::methods::external_outbound)).
//!
//! ```toml
//! [[queues]]
//! name = "claims"
//! external = { probability = 0.1, ring = "15s", answer_probability = 0.8, talk = "3m" }
//! ```

use serde::Deserialize;

use crate::center::xmon_spec::ExternalSpec;

use super::check::Check;
use super::dist::RawDist;

/// `external = { probability, ring, answer_probability, talk, number }`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawExternal {
    /// Probability that a voice conversation adds an external party.
    pub probability: f64,
    /// Ringing of the external leg.
    pub ring: RawDist,
    /// Probability that the external party answers.
    pub answer_probability: f64,
    /// Three-party talk once answered.
    pub talk: RawDist,
    /// The quick connect's external number (E.164).
    pub number: Option<String>,
}

/// Checks queue `name`'s `external` (at `path`, the queue's path).
pub(super) fn check(
    c: &mut Check,
    path: &str,
    name: &str,
    raw: Option<&RawExternal>,
) -> Option<ExternalSpec> {
    let raw = raw?;
    let path = format!("{path}.external");
    let probability = c.probability(&format!("{path}.probability"), raw.probability);
    let answer_probability = c.probability(
        &format!("{path}.answer_probability"),
        raw.answer_probability,
    );
    let ring = c.dist(&format!("{path}.ring"), &raw.ring);
    let talk = c.dist(&format!("{path}.talk"), &raw.talk);
    let number = match &raw.number {
        Some(n) if is_e164(n) => n.clone(),
        Some(n) => {
            c.fail(
                format!("{path}.number"),
                format!("`{n}` is not an E.164 phone number"),
                "write + and 8 to 15 digits, e.g. number = \"+442071234567\", or leave it out for a made-up one",
            );
            String::new()
        }
        None => default_number(name),
    };
    Some(ExternalSpec {
        probability,
        ring: ring?,
        answer_probability,
        talk: talk?,
        number,
    })
}

/// Whether `n` is written as E.164: `+` and 8 to 15 digits (what an
/// `external`'s `number` must be).
pub fn is_e164(n: &str) -> bool {
    n.strip_prefix('+')
        .is_some_and(|d| (8..=15).contains(&d.len()) && d.bytes().all(|b| b.is_ascii_digit()))
}

/// A made-up external number for queue `name` (`+1555` and seven digits
/// from the name, FNV-1a), stable across runs.
fn default_number(name: &str) -> String {
    let h = name.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    });
    format!("+1555{:07}", h % 10_000_000)
}
