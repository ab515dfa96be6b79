//! Queues and routing profiles renamed while the records were written.
//! Connect keeps an object's ARN when its name changes, so the records of
//! one queue can carry two names; read by name they would be two queues,
//! each with part of the traffic, and the scenario would model neither.
//!
//! The first reading ([`super::keys`]) notes, for every ARN, each name it
//! was written with and the last update of the latest record that wrote it
//! ([`NameHistory`]); [`Renames`] then names each contact's queue and
//! routing profile by the name its ARN carried last — the one a center's
//! interval reports and rosters, downloaded after the records, use.
//! A record without an ARN keeps the name it has; one without a name (a
//! tool dropped it) takes its ARN's name when another record gives it.
//!
//! The reverse happens too: two ARNs whose last names are the same (a
//! queue deleted and made again, or exports of two instances read
//! together). Read by name, their contacts are one queue; that stands,
//! as the center's reports name them the same way, but the calibration
//! says so ([`SharedName`]).

use std::collections::{BTreeMap, BTreeSet};

use super::contact::ObservedContact;

/// The names each ARN of one kind of object was written with: ARN → name
/// → the latest last update of a record writing that name.
#[derive(Debug, Default)]
pub struct NameHistory {
    by_arn: BTreeMap<String, BTreeMap<String, i64>>,
}

impl NameHistory {
    /// Notes that a record last updated at `at_ms` names `arn` `name`.
    /// Blank ARNs and names say nothing and are left out.
    pub fn note(&mut self, arn: &str, name: &str, at_ms: i64) {
        if arn.trim().is_empty() || name.trim().is_empty() {
            return;
        }
        // Allocates only for a new ARN or name: most records repeat both.
        let names = match self.by_arn.get_mut(arn) {
            Some(names) => names,
            None => self.by_arn.entry(arn.to_string()).or_default(),
        };
        match names.get_mut(name) {
            Some(latest) => *latest = (*latest).max(at_ms),
            None => {
                names.insert(name.to_string(), at_ms);
            }
        }
    }

    /// Each ARN's last name, and the names it had before.
    fn finish(self, kind: RenamedKind) -> (BTreeMap<String, String>, Vec<Rename>) {
        let mut latest = BTreeMap::new();
        let mut renamed = Vec::new();
        for (arn, names) in self.by_arn {
            // The name of the latest record; of two written at the same
            // moment, the greater, so the choice does not depend on the
            // order the files were read in.
            let Some((last, _)) = names.iter().max_by(|a, b| (a.1, a.0).cmp(&(b.1, b.0))) else {
                continue;
            };
            let last = last.clone();
            for old in names.keys().filter(|n| **n != last) {
                renamed.push(Rename {
                    kind,
                    arn: arn.clone(),
                    from: old.clone(),
                    to: last.clone(),
                });
            }
            latest.insert(arn, last);
        }
        (latest, renamed)
    }
}

/// What was renamed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum RenamedKind {
    /// A queue (`Queue.ARN`).
    Queue,
    /// A routing profile (`Agent.RoutingProfile.ARN`).
    RoutingProfile,
}

impl RenamedKind {
    /// As a report names it.
    pub fn as_str(self) -> &'static str {
        match self {
            RenamedKind::Queue => "queue",
            RenamedKind::RoutingProfile => "routing profile",
        }
    }

    /// The record field holding the ARN.
    pub fn arn_field(self) -> &'static str {
        match self {
            RenamedKind::Queue => "Queue.ARN",
            RenamedKind::RoutingProfile => "Agent.RoutingProfile.ARN",
        }
    }
}

/// One earlier name of an object the records renamed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rename {
    /// A queue or a routing profile.
    pub kind: RenamedKind,
    /// Its ARN.
    pub arn: String,
    /// The earlier name.
    pub from: String,
    /// The name it carried last, which its contacts are counted under.
    pub to: String,
}

/// A name that two or more ARNs of one kind carry last: their contacts
/// are counted as one queue (or routing profile).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SharedName {
    /// A queue or a routing profile.
    pub kind: RenamedKind,
    /// The name.
    pub name: String,
    /// The ARNs kept contacts name it by, in order; at least two.
    pub arns: Vec<String>,
}

/// What the kept contacts' names say: the renames they were counted
/// under, and the names several ARNs share.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NameNotes {
    /// Earlier names replaced by an ARN's last name, in kind, ARN and
    /// name order.
    pub renamed: Vec<Rename>,
    /// Names several ARNs carry last, in kind and name order.
    pub shared: Vec<SharedName>,
}

/// The last name of every queue and routing profile ARN the records name.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Renames {
    queues: BTreeMap<String, String>,
    profiles: BTreeMap<String, String>,
    /// Every earlier name any record wrote, by kind, ARN and name —
    /// superseded versions of a contact's record included, so only those
    /// a kept contact carries are reported ([`Applied`]).
    earlier: Vec<Rename>,
    /// The last names more than one ARN carries: of queues, of routing
    /// profiles.
    shared: [BTreeSet<String>; 2],
}

/// Which of the earlier names, and which ARNs of a shared name, the kept
/// contacts carried.
#[derive(Debug)]
pub struct Applied<'r> {
    renames: &'r Renames,
    met: Vec<bool>,
    /// Of queues and of routing profiles: each shared name kept contacts
    /// carry, with the ARNs they reached it by.
    shared_met: [BTreeMap<String, BTreeSet<String>>; 2],
}

impl Applied<'_> {
    /// The renames a kept contact was counted under, and the names that
    /// kept contacts reach by more than one ARN.
    pub fn finish(self) -> NameNotes {
        let earlier = self.renames.earlier.iter();
        let renamed = earlier
            .zip(self.met)
            .filter(|(_, met)| *met)
            .map(|(r, _)| r.clone())
            .collect();
        let [queues, profiles] = self.shared_met;
        let shared = [
            (RenamedKind::Queue, queues),
            (RenamedKind::RoutingProfile, profiles),
        ]
        .into_iter()
        .flat_map(|(kind, names)| {
            names.into_iter().map(move |(name, arns)| SharedName {
                kind,
                name,
                arns: arns.into_iter().collect(),
            })
        })
        // A name only one kept contact's ARN reaches is not shared there.
        .filter(|s| s.arns.len() > 1)
        .collect();
        NameNotes { renamed, shared }
    }

    /// Notes that a kept contact's `arn` gave it the name `name`, if other
    /// ARNs carry that name too.
    fn named(&mut self, kind: RenamedKind, arn: &str, name: &str) {
        let k = kind as usize;
        if !self.renames.shared[k].contains(name) {
            return;
        }
        // Allocates only for a name or ARN not met before.
        let arns = match self.shared_met[k].get_mut(name) {
            Some(arns) => arns,
            None => self.shared_met[k].entry(name.to_string()).or_default(),
        };
        if !arns.contains(arn) {
            arns.insert(arn.to_string());
        }
    }

    /// Notes that a contact named `arn` `from` and was renamed.
    fn met(&mut self, kind: RenamedKind, arn: &str, from: &str) {
        let found = self
            .renames
            .earlier
            .iter()
            .position(|r| r.kind == kind && r.arn == arn && r.from == from);
        if let Some(i) = found {
            self.met[i] = true;
        }
    }
}

impl Renames {
    /// The last names, from the first reading's histories.
    pub fn new(queues: NameHistory, profiles: NameHistory) -> Renames {
        let (queues, mut renamed) = queues.finish(RenamedKind::Queue);
        let (profiles, renamed_profiles) = profiles.finish(RenamedKind::RoutingProfile);
        renamed.extend(renamed_profiles);
        // Names a second ARN carries last.
        let shared = [&queues, &profiles].map(|last| {
            let mut seen = BTreeSet::new();
            last.values()
                .filter(|name| !seen.insert(name.as_str()))
                .cloned()
                .collect()
        });
        Renames {
            queues,
            profiles,
            earlier: renamed,
            shared,
        }
    }

    /// The name a routing profile goes by, given as a record gives it: its
    /// ARN's last name, else the name the record wrote, else its ARN as a
    /// name ([`arn_as_name`]); `None` without either.
    pub fn profile_name(&self, arn: Option<&str>, name: Option<&str>) -> Option<String> {
        let last = arn.and_then(|a| self.profiles.get(a)).map(String::as_str);
        last.or(name).or(arn.map(arn_as_name)).map(str::to_string)
    }

    /// A tally of the renames [`Self::apply`] meets.
    pub fn tally(&self) -> Applied<'_> {
        Applied {
            renames: self,
            met: vec![false; self.earlier.len()],
            shared_met: Default::default(),
        }
    }

    /// Names `contact`'s queue and routing profile by their ARN's last
    /// name, noting in `applied` each earlier name it replaces.
    pub fn apply(&self, contact: &mut ObservedContact, applied: &mut Applied<'_>) {
        if let Some(q) = contact.queue.as_mut() {
            if let Some((arn, name)) = q.arn.as_ref().and_then(|a| self.queues.get_key_value(a)) {
                // A record without a name is named by its ARN: not a rename.
                if q.name != *name && q.name != arn_as_name(arn) {
                    applied.met(RenamedKind::Queue, arn, &q.name);
                }
                applied.named(RenamedKind::Queue, arn, name);
                q.name.clone_from(name);
            }
        }
        if let Some(a) = contact.agent.as_mut() {
            let arn = a.routing_profile_arn.as_ref();
            if let Some((arn, name)) = arn.and_then(|p| self.profiles.get_key_value(p)) {
                // A record without a name is named by its ARN: not a rename.
                let unnamed = arn_as_name(arn);
                if let Some(old) = a
                    .routing_profile
                    .as_ref()
                    .filter(|old| *old != name && old.as_str() != unnamed)
                {
                    applied.met(RenamedKind::RoutingProfile, arn, old);
                }
                applied.named(RenamedKind::RoutingProfile, arn, name);
                a.routing_profile = Some(name.clone());
            }
        }
    }
}

/// The name an object whose record gives only its ARN goes by: the ARN,
/// or, past a scenario's longest name (a routing profile's ARN in a long
/// region name is), its trailing `kind/id` (`routing-profile/3f2…`), else
/// its last characters — all unique to the object as the ARN is.
pub fn arn_as_name(arn: &str) -> &str {
    let max = crate::scenario::limits::MAX_NAME_CHARS;
    if arn.chars().count() <= max {
        return arn;
    }
    let mut slashes = arn.rmatch_indices('/').map(|(i, _)| i);
    let kind_and_id = match (slashes.next(), slashes.next()) {
        (Some(_), Some(i)) => &arn[i + 1..],
        _ => arn,
    };
    if kind_and_id.chars().count() <= max {
        return kind_and_id;
    }
    let skip = kind_and_id.chars().count() - max;
    let start = kind_and_id.char_indices().nth(skip).map_or(0, |(i, _)| i);
    &kind_and_id[start..]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_arn_takes_the_name_of_its_latest_record() {
        let mut q = NameHistory::default();
        q.note("arn:1", "Billing", 100);
        q.note("arn:1", "Payments", 300);
        q.note("arn:1", "Billing", 200);
        // A queue later created with the old name is another queue.
        q.note("arn:2", "Billing", 400);
        q.note("arn:3", " ", 500);
        let r = Renames::new(q, NameHistory::default());
        assert_eq!(r.queues.get("arn:1").map(String::as_str), Some("Payments"));
        assert_eq!(r.queues.get("arn:2").map(String::as_str), Some("Billing"));
        assert_eq!(r.queues.get("arn:3"), None);
        assert_eq!(
            r.earlier,
            [Rename {
                kind: RenamedKind::Queue,
                arn: "arn:1".into(),
                from: "Billing".into(),
                to: "Payments".into(),
            }]
        );
    }

    #[test]
    fn names_written_at_the_same_moment_resolve_the_same_whatever_the_order() {
        let last = |order: &[&str]| {
            let mut h = NameHistory::default();
            for n in order {
                h.note("arn:p", n, 7);
            }
            Renames::new(NameHistory::default(), h).profiles["arn:p"].clone()
        };
        assert_eq!(last(&["A", "B"]), last(&["B", "A"]));
    }

    #[test]
    fn an_arn_too_long_for_a_name_keeps_its_kind_and_id() {
        let id = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
        let queue = format!("arn:aws:connect:us-west-2:123456789012:instance/{id}/queue/{id}");
        assert_eq!(arn_as_name(&queue), queue, "127 characters fit");
        let profile = format!(
            "arn:aws:connect:ap-southeast-2:123456789012:instance/{id}/routing-profile/{id}"
        );
        assert_eq!(arn_as_name(&profile), format!("routing-profile/{id}"));
        let odd = format!("x{}", "y".repeat(300));
        assert_eq!(arn_as_name(&odd).chars().count(), 128);
        assert!(odd.ends_with(arn_as_name(&odd)));
    }
}
