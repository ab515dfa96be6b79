//! `[[supervisor_groups]]`: supervisors who monitor a share of some
//! queues' conversations (MONITOR, see
//! [`center::methods::monitor`](crate::center::methods::monitor)).
//!
//! ```toml
//! [[supervisor_groups]]
//! name = "team_leads"
//! headcount = 2
//! queues = ["sales"]
//! share = 0.1
//! listen = { distribution = "exponential", mean = "2m" }
//! ```

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::center::xmon_spec::SupervisorGroupSpec;

use super::check::{Check, QueueIndex};
use super::dist::RawDist;

/// `[[supervisor_groups]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSupervisorGroup {
    /// Name.
    pub name: String,
    /// Supervisors logged in for the whole run.
    pub headcount: i64,
    /// Queues whose conversations they watch.
    pub queues: Vec<String>,
    /// Share of those conversations monitored.
    pub share: f64,
    /// Listen (or barge) time.
    pub listen: RawDist,
}

/// Most supervisors in one group (indices are 32-bit; no center comes
/// close).
const MAX_HEADCOUNT: i64 = 100_000;

/// Checks every supervisor group.
pub(super) fn check(
    c: &mut Check,
    raw: &[RawSupervisorGroup],
    queues: &QueueIndex,
) -> Vec<SupervisorGroupSpec> {
    let mut seen = BTreeMap::new();
    let mut out = Vec::new();
    for (i, g) in raw.iter().enumerate() {
        let path = format!("supervisor_groups[{i}]");
        c.name_unique(&mut seen, &g.name, &path, "supervisor group");
        let headcount = match u32::try_from(g.headcount) {
            Ok(n) if i64::from(n) <= MAX_HEADCOUNT => n,
            _ => {
                c.fail(
                    format!("{path}.headcount"),
                    format!("headcount {} is outside 0–{MAX_HEADCOUNT}", g.headcount),
                    "give the number of supervisors logged in, e.g. headcount = 2",
                );
                0
            }
        };
        if g.queues.is_empty() {
            c.fail(
                format!("{path}.queues"),
                "the group watches no queue",
                "name the queues whose conversations it monitors, e.g. queues = [\"sales\"]",
            );
        }
        for (k, q) in g.queues.iter().enumerate() {
            if let Some(first) = g.queues[..k].iter().position(|p| p == q) {
                c.fail(
                    format!("{path}.queues[{k}]"),
                    format!("queue `{q}` is listed twice (also at [{first}])"),
                    "list each queue the group watches once",
                );
            }
        }
        let watched = g
            .queues
            .iter()
            .enumerate()
            .filter_map(|(k, q)| queues.lookup(c, format!("{path}.queues[{k}]"), q))
            .collect();
        let share = c.probability(&format!("{path}.share"), g.share);
        let listen = c.dist(&format!("{path}.listen"), &g.listen);
        if let Some(listen) = listen {
            out.push(SupervisorGroupSpec {
                name: g.name.clone(),
                headcount,
                queues: watched,
                share,
                listen,
            });
        }
    }
    out
}
