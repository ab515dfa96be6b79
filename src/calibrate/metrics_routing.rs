//! Which queues each rostered routing profile serves, when the center is
//! calibrated from its historical metrics report: the report counts
//! contacts per queue and the roster agents per profile, and neither says
//! which team takes which queue.
//!
//! Centers name their profiles after what they serve ("Sales Agents",
//! "Support Tier 1") often enough for the names to settle it: a profile
//! serves the queues whose every word its name holds ("Support VIP Team"
//! serves "Support VIP", not also "Support", unless nobody else names
//! "Support" and it has contacts). Where the names do
//! not settle it — a profile naming no queue, or a queue with contacts
//! that no profile names — every profile serves every queue, pooling the
//! agents. Either way it is an assumption, and the calibration says so
//! (a probe's find: separate teams were pooled without a word, and the
//! backtest's waits came out short).

use std::collections::BTreeMap;

use serde_json::json;

use super::warnings::DataWarning;

/// How the profiles' queues were chosen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProfileQueues {
    /// By the names: each profile serves the queues its name names.
    ByName(BTreeMap<String, Vec<String>>),
    /// Every profile serves every queue.
    Pooled,
}

impl ProfileQueues {
    /// The queues of `profiles` among `queues` (`busy`: the queues with
    /// contacts, each of which some profile must serve for the names to
    /// settle it).
    pub fn choose<'a>(
        profiles: impl IntoIterator<Item = &'a str>,
        queues: &[&str],
        busy: &[&str],
    ) -> ProfileQueues {
        let mut every: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for p in profiles {
            let words = words(p);
            let mine: Vec<String> = queues
                .iter()
                .filter(|q| {
                    let need = self::words(q);
                    !need.is_empty() && need.iter().all(|w| words.contains(w))
                })
                .map(|q| q.to_string())
                .collect();
            if mine.is_empty() {
                return ProfileQueues::Pooled;
            }
            every.insert(p.to_string(), mine);
        }
        // "Support VIP Team" names "Support VIP", and "Support" only as
        // part of it: the fullest names first; a busy queue that leaves
        // unserved goes to the profiles whose names hold it.
        let mut served: BTreeMap<String, Vec<String>> = every
            .iter()
            .map(|(p, qs)| (p.clone(), fullest_names(qs)))
            .collect();
        for q in busy {
            if served.values().flatten().any(|s| s == q) {
                continue;
            }
            for (p, mine) in served.iter_mut() {
                if every.get(p).is_some_and(|all| all.iter().any(|s| s == q)) {
                    mine.push(q.to_string());
                    mine.sort_by_key(|s| queues.iter().position(|x| x == s));
                }
            }
        }
        let named = |q: &&str| served.values().flatten().any(|s| s == q);
        if served.is_empty() || !busy.iter().all(named) {
            return ProfileQueues::Pooled;
        }
        ProfileQueues::ByName(served)
    }

    /// The queues `profile` serves, out of `all`.
    pub fn of<'a>(&'a self, profile: &str, all: &'a [&'a str]) -> Vec<&'a str> {
        match self {
            ProfileQueues::ByName(m) => m
                .get(profile)
                .map(|v| v.iter().map(String::as_str).collect())
                .unwrap_or_default(),
            ProfileQueues::Pooled => all.to_vec(),
        }
    }

    /// The warning that says what was assumed and how to change it.
    pub fn warning(&self) -> DataWarning {
        match self {
            ProfileQueues::ByName(m) => {
                let pairs: Vec<String> = m
                    .iter()
                    .map(|(p, qs)| format!("\"{p}\" → {}", quoted(qs)))
                    .collect();
                DataWarning {
                    kind: "profile_queues_from_names",
                    text: format!(
                        "The report does not say which routing profile serves which queue: each profile was given the queues its name names ({}). If a team serves other queues too, edit `routing_profiles.queues` in scenario.toml (or calibrate from the contact records, which show who took what).",
                        pairs.join("; ")
                    ),
                    detail: json!({ "basis": "names", "profiles": m }),
                }
            }
            ProfileQueues::Pooled => DataWarning {
                kind: "profile_queues_pooled",
                text: "The report does not say which routing profile serves which queue, and the profiles' names do not settle it: every rostered profile serves every queue, pooling their agents (shorter waits than separate teams have). If teams serve queues of their own, edit `routing_profiles.queues` in scenario.toml (or calibrate from the contact records, which show who took what).".to_string(),
                detail: json!({ "basis": "pooled" }),
            },
        }
    }
}

/// The names among `queues` whose words no other of them holds all of
/// and more.
fn fullest_names(queues: &[String]) -> Vec<String> {
    let words: Vec<Vec<String>> = queues.iter().map(|q| self::words(q)).collect();
    let within = |a: &[String], b: &[String]| a.len() < b.len() && a.iter().all(|w| b.contains(w));
    queues
        .iter()
        .zip(&words)
        .filter(|(_, w)| !words.iter().any(|other| within(w, other)))
        .map(|(q, _)| q.clone())
        .collect()
}

/// A name's words, lower case: letters and digits, split at anything else.
fn words(name: &str) -> Vec<String> {
    name.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

fn quoted(names: &[String]) -> String {
    let q: Vec<String> = names.iter().map(|n| format!("\"{n}\"")).collect();
    q.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profiles_named_after_their_queues_serve_them() {
        let queues = ["Sales", "Support", "Billing Disputes"];
        let got = ProfileQueues::choose(
            ["Sales Agents", "support-tier1", "Billing disputes team"],
            &queues,
            &queues,
        );
        let ProfileQueues::ByName(m) = &got else {
            panic!("{got:?}")
        };
        assert_eq!(m["Sales Agents"], ["Sales"]);
        assert_eq!(m["support-tier1"], ["Support"]);
        assert_eq!(m["Billing disputes team"], ["Billing Disputes"]);
        assert_eq!(got.of("Sales Agents", &queues), ["Sales"]);
        assert_eq!(got.warning().kind, "profile_queues_from_names");
    }

    #[test]
    fn a_profile_naming_no_queue_or_a_busy_queue_nobody_names_pools_them() {
        let queues = ["Sales", "Support"];
        // "Basic Routing Profile" names neither queue.
        let got =
            ProfileQueues::choose(["Sales Agents", "Basic Routing Profile"], &queues, &queues);
        assert_eq!(got, ProfileQueues::Pooled);
        assert_eq!(got.of("Sales Agents", &queues), queues);
        // Nobody names Support, which has contacts.
        let got = ProfileQueues::choose(["Sales Agents"], &queues, &queues);
        assert_eq!(got, ProfileQueues::Pooled);
        assert_eq!(got.warning().kind, "profile_queues_pooled");
        // A quiet queue nobody names leaves the names standing.
        let got = ProfileQueues::choose(["Sales Agents"], &queues, &["Sales"]);
        assert!(matches!(got, ProfileQueues::ByName(_)));
        // A word is whole: "Salesforce" is not "Sales".
        let got = ProfileQueues::choose(["Salesforce"], &["Sales"], &["Sales"]);
        assert_eq!(got, ProfileQueues::Pooled);
    }

    #[test]
    fn a_profile_serves_the_fullest_queue_name_it_holds() {
        let queues = ["Support", "Support VIP"];
        let got = ProfileQueues::choose(["Support Team", "Support VIP Team"], &queues, &queues);
        assert_eq!(got.of("Support Team", &queues), ["Support"]);
        assert_eq!(got.of("Support VIP Team", &queues), ["Support VIP"]);
        // Alone, the VIP team must be the one serving Support too.
        let got = ProfileQueues::choose(["Support VIP Team"], &queues, &queues);
        assert_eq!(got.of("Support VIP Team", &queues), queues);
        // Support goes to the profile that names it, not to every one
        // whose name holds a fuller name.
        let got = ProfileQueues::choose(
            ["Support Team", "Support VIP Team", "Sales VIP Team"],
            &["Sales", "Sales VIP", "Support", "Support VIP"],
            &["Sales", "Sales VIP", "Support", "Support VIP"],
        );
        let all = ["Sales", "Sales VIP", "Support", "Support VIP"];
        assert_eq!(got.of("Support VIP Team", &all), ["Support VIP"]);
        assert_eq!(got.of("Sales VIP Team", &all), ["Sales", "Sales VIP"]);
        // Unless Support has no contacts.
        let got = ProfileQueues::choose(["Support VIP Team"], &queues, &["Support VIP"]);
        assert_eq!(got.of("Support VIP Team", &queues), ["Support VIP"]);
    }
}
