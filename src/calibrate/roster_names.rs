//! A roster written under a routing profile's earlier name. Rosters are
//! planned ahead and exported from another system, so they can carry the
//! name a profile had before it was renamed; the records, read by ARN,
//! count its contacts under the last name ([`crate::ingest::renames`]).

use std::collections::BTreeSet;

use crate::ingest::renames::{Rename, RenamedKind};

use super::headcount::RosterEntry;

/// The roster rows with each earlier name of a renamed routing profile
/// read as its last name, and a note for each name read so — or left as
/// it is because it is ambiguous: a name the records still give a
/// profile (`current`) that was also another profile's earlier name (two
/// profiles swapped names, or one took over a retired name).
pub fn roster_by_last_names(
    roster: &[RosterEntry],
    renamed: &[Rename],
    current: &BTreeSet<String>,
) -> (Vec<RosterEntry>, Vec<String>) {
    let profiles: Vec<&Rename> = renamed
        .iter()
        .filter(|r| r.kind == RenamedKind::RoutingProfile)
        .collect();
    let names: BTreeSet<&str> = roster.iter().map(|r| r.profile.as_str()).collect();
    let mut notes = Vec::new();
    let mut to_last = Vec::new();
    for name in names {
        let last: BTreeSet<&str> = profiles
            .iter()
            .filter(|r| r.from == name)
            .map(|r| r.to.as_str())
            .collect();
        if last.is_empty() {
            continue;
        }
        let list = last
            .iter()
            .map(|n| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join(", ");
        if current.contains(name) || last.len() > 1 {
            notes.push(format!(
                "roster group `{name}` is read as the routing profile the records call `{name}` now, though `{name}` was also the earlier name of {list} (same Agent.RoutingProfile.ARN): if the roster was written before the rename, give it the current names"
            ));
        } else if let Some(&to) = last.first() {
            notes.push(format!(
                "roster group `{name}` is an earlier name of routing profile `{to}` (same Agent.RoutingProfile.ARN): its rows count for `{to}`"
            ));
            to_last.push((name.to_string(), to.to_string()));
        }
    }
    let rows = roster
        .iter()
        .map(|r| {
            let profile = to_last
                .iter()
                .find(|(from, _)| *from == r.profile)
                .map_or_else(|| r.profile.clone(), |(_, to)| to.clone());
            RosterEntry {
                profile,
                ..r.clone()
            }
        })
        .collect();
    (rows, notes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rename(from: &str, to: &str, arn: &str) -> Rename {
        Rename {
            kind: RenamedKind::RoutingProfile,
            arn: arn.into(),
            from: from.into(),
            to: to.into(),
        }
    }

    #[test]
    fn an_earlier_name_is_read_as_the_last_unless_a_profile_still_has_it() {
        let row = |profile: &str, agents: f64| RosterEntry {
            start_ms: 0,
            end_ms: None,
            profile: profile.to_string(),
            agents,
        };
        let roster = vec![row("front", 12.0), row("back", 3.0)];
        // front was renamed fp2; nothing is called front now.
        let current: BTreeSet<String> = ["fp2".to_string(), "back".to_string()].into();
        let (rows, notes) =
            roster_by_last_names(&roster, &[rename("front", "fp2", "a1")], &current);
        assert_eq!(rows[0].profile, "fp2");
        assert_eq!(rows[1].profile, "back");
        assert!(notes[0].contains("its rows count for `fp2`"), "{notes:?}");
        // Swapped names: front is a current name too — left, and said.
        let swapped = [rename("front", "back", "a1"), rename("back", "front", "a2")];
        let current: BTreeSet<String> = ["front".to_string(), "back".to_string()].into();
        let (rows, notes) = roster_by_last_names(&roster, &swapped, &current);
        assert_eq!(
            (rows[0].profile.as_str(), rows[1].profile.as_str()),
            ("front", "back")
        );
        assert_eq!(notes.len(), 2);
        assert!(notes[0].contains("give it the current names"), "{notes:?}");
    }
}
