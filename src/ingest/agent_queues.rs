//! Connect's agent queues. A transfer to one named agent (an agent quick
//! connect) waits in that agent's own queue, `…/queue/agent/<agent-id>`,
//! which has no name (`Queue.Name` is null). Read by ARN, every agent
//! would be a queue of its own, served by anyone of its routing profile —
//! the very thing an agent queue is not — and a center of 200 agents
//! would have 200 such queues. ccsim's model has one agent queue per agent
//! group (`agent:<group>`, filled by `to_group` transfers), and a
//! calibrated scenario has one group per routing profile; so a contact in
//! an agent queue is counted in `agent:<routing profile>` of the agent it
//! waited for.
//!
//! Whose queue it was: the routing profile of the agent who took the
//! contact; for one nobody took, the profile most often seen taking
//! contacts from the same agent queue, else from any agent queue.
//!
//! Only a transfer (a TRANSFER contact) is read so: the model reaches a
//! group's agent queue by agent quick connects alone. A contact that
//! reached an agent's queue another way — a task or chat a flow sent to
//! an agent, a callback queued for one, a queue flow's move — keeps the
//! queue as a queue of its own, which the scenario's sources, callback
//! offers and moves can name.

use std::collections::BTreeMap;

use super::contact::ObservedContact;
use super::renames::Renames;

/// What an agent queue's `ARN` holds and no other queue's does.
const AGENT_QUEUE_ARN: &str = "/queue/agent/";

/// What ccsim's name of a group's agent queue starts with.
const AGENT_QUEUE_PREFIX: &str = "agent:";

/// How ccsim names the agent queue of a group (as the scenario's checks
/// name it, so observed and simulated queues meet in a backtest).
pub fn agent_queue_name(group: &str) -> String {
    format!("{AGENT_QUEUE_PREFIX}{group}")
}

/// Whether `queue` is [`agent_queue_name`]`(group)` (without building it:
/// asked once per contact).
pub fn is_agent_queue_of(queue: &str, group: &str) -> bool {
    queue.strip_prefix(AGENT_QUEUE_PREFIX) == Some(group)
}

/// Whether `arn` is an agent's own queue (in any letter case: a tool that
/// upper-cases its columns still names the same queue).
pub fn is_agent_queue_arn(arn: &str) -> bool {
    arn.as_bytes()
        .windows(AGENT_QUEUE_ARN.len())
        .any(|w| w.eq_ignore_ascii_case(AGENT_QUEUE_ARN.as_bytes()))
}

/// A routing profile as a record gives it: its ARN, its name, or both.
type ProfileKey = (Option<String>, Option<String>);

/// The first reading's tally: per agent queue ARN, the routing profiles
/// of the agents who took its contacts, and how often.
#[derive(Debug, Default)]
pub struct AgentQueueTakers {
    by_queue: BTreeMap<String, BTreeMap<ProfileKey, u64>>,
}

impl AgentQueueTakers {
    /// Notes that a contact of queue `queue_arn` was taken by an agent of
    /// the routing profile with `profile_arn` and `profile_name` (either
    /// may be absent). Other queues are left out.
    pub fn note(&mut self, queue_arn: &str, profile_arn: Option<&str>, profile_name: Option<&str>) {
        if !is_agent_queue_arn(queue_arn) || (profile_arn.is_none() && profile_name.is_none()) {
            return;
        }
        let key = (
            profile_arn.map(str::to_string),
            profile_name.map(str::to_string),
        );
        // Keyed in one letter case, as the ARN is recognised.
        let profiles = self
            .by_queue
            .entry(queue_arn.to_ascii_lowercase())
            .or_default();
        *profiles.entry(key).or_insert(0) += 1;
    }

    /// Each agent queue's owner by its profile's last name (`renames`),
    /// and the profile most often seen over all agent queues.
    pub fn owners(self, renames: &Renames) -> AgentQueueOwners {
        let mut overall: BTreeMap<String, u64> = BTreeMap::new();
        let mut owner = BTreeMap::new();
        for (queue, profiles) in self.by_queue {
            let mut by_name: BTreeMap<String, u64> = BTreeMap::new();
            for ((arn, name), n) in profiles {
                let Some(last) = renames.profile_name(arn.as_deref(), name.as_deref()) else {
                    continue;
                };
                *overall.entry(last.clone()).or_insert(0) += n;
                *by_name.entry(last).or_insert(0) += n;
            }
            if let Some(top) = most_common(by_name) {
                owner.insert(queue, top);
            }
        }
        AgentQueueOwners {
            owner,
            most_common: most_common(overall),
        }
    }
}

/// The name with the greatest count; of equal counts, the first by name,
/// so the answer does not depend on the order the records came in.
fn most_common(counts: BTreeMap<String, u64>) -> Option<String> {
    let mut best: Option<(String, u64)> = None;
    for (name, n) in counts {
        if best.as_ref().is_none_or(|(_, m)| n > *m) {
            best = Some((name, n));
        }
    }
    best.map(|(name, _)| name)
}

/// Whose each agent queue is, by routing profile.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct AgentQueueOwners {
    owner: BTreeMap<String, String>,
    most_common: Option<String>,
}

impl AgentQueueOwners {
    /// Names `contact`'s queue, if it is an agent queue, after the routing
    /// profile of the agent it waited for (see the module's words), and
    /// notes that profile in [`super::ObservedQueue::agent_queue_of`]. An
    /// agent queue with no known owner keeps its name.
    pub fn apply(&self, contact: &mut ObservedContact) {
        if contact.method != "TRANSFER" {
            return;
        }
        let Some(q) = contact.queue.as_mut() else {
            return;
        };
        if !q.arn.as_deref().is_some_and(is_agent_queue_arn) {
            return;
        }
        let taker = contact
            .agent
            .as_ref()
            .filter(|a| a.connected_ms.is_some())
            .and_then(|a| a.routing_profile.as_ref());
        let owner = taker
            .or_else(|| {
                let arn = q.arn.as_ref()?.to_ascii_lowercase();
                self.owner.get(&arn)
            })
            .or(self.most_common.as_ref());
        if let Some(profile) = owner {
            q.name = agent_queue_name(profile);
            q.agent_queue_of = Some(profile.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::{ObservedAgent, ObservedQueue};

    const TECH_AGENT_1: &str = "arn:aws:connect:us-east-1:1:instance/i/queue/agent/a1";
    const TECH_AGENT_2: &str = "arn:aws:connect:us-east-1:1:instance/i/queue/agent/a2";
    const NOBODYS: &str = "arn:aws:connect:us-east-1:1:instance/i/queue/agent/a3";

    fn contact(queue_arn: &str, taker: Option<&str>) -> ObservedContact {
        let agent = taker.map(|p| ObservedAgent {
            username: None,
            routing_profile: Some(p.to_string()),
            routing_profile_arn: None,
            connected_ms: Some(5_000),
            interaction_s: None,
            hold_s: None,
            holds: None,
            longest_hold_s: None,
            acw_start_ms: None,
            acw_end_ms: None,
            acw_s: None,
        });
        ObservedContact {
            contact_id: "c".into(),
            initial_contact_id: None,
            previous_contact_id: None,
            next_contact_id: None,
            related_contact_id: None,
            channel: "VOICE".into(),
            method: "TRANSFER".into(),
            initiated_ms: 0,
            connected_to_system_ms: None,
            disconnected_ms: 9_000,
            disconnect_reason: None,
            last_update_ms: 9_000,
            queue: Some(ObservedQueue {
                name: queue_arn.to_string(),
                arn: Some(queue_arn.to_string()),
                enqueued_ms: Some(1_000),
                dequeued_ms: None,
                duration_s: None,
                agent_queue_of: None,
            }),
            agent,
            transfer_completed_ms: None,
            agent_connection_attempts: None,
            pauses: None,
            pause_s: None,
            attributes: Vec::new(),
            campaign_id: None,
            answering_machine: None,
            routing_criteria: false,
            customer_address: None,
        }
    }

    fn queue_name(owners: &AgentQueueOwners, mut c: ObservedContact) -> (String, Option<String>) {
        owners.apply(&mut c);
        let q = c.queue.unwrap_or_else(|| panic!("queued"));
        (q.name, q.agent_queue_of)
    }

    #[test]
    fn an_agent_queue_is_named_after_its_agent_s_routing_profile() {
        let mut takers = AgentQueueTakers::default();
        for _ in 0..3 {
            takers.note(TECH_AGENT_1, None, Some("Tech"));
            takers.note(TECH_AGENT_2, None, Some("Tech"));
        }
        // The agent moved to another profile once.
        takers.note(TECH_AGENT_1, None, Some("Billing"));
        // Not an agent queue: not tallied.
        takers.note(
            "arn:aws:connect:us-east-1:1:instance/i/queue/q1",
            None,
            Some("Billing"),
        );
        let owners = takers.owners(&Renames::default());
        let tech = || ("agent:Tech".to_string(), Some("Tech".to_string()));
        // Taken: the taker's profile.
        assert_eq!(
            queue_name(&owners, contact(TECH_AGENT_1, Some("Tech"))),
            tech()
        );
        assert_eq!(
            queue_name(&owners, contact(TECH_AGENT_1, Some("Billing"))),
            ("agent:Billing".to_string(), Some("Billing".to_string()))
        );
        // Abandoned: whoever took that queue's contacts most.
        assert_eq!(queue_name(&owners, contact(TECH_AGENT_1, None)), tech());
        // An agent queue nobody was seen taking from: the most common owner.
        assert_eq!(queue_name(&owners, contact(NOBODYS, None)), tech());
        // The owner is found whatever the ARN's letter case.
        let upper = TECH_AGENT_2.to_uppercase();
        assert_eq!(queue_name(&owners, contact(&upper, None)), tech());
        // A contact that reached an agent's queue other than by a transfer
        // (a task a flow sent to an agent) keeps the queue as it is.
        let task = ObservedContact {
            method: "API".into(),
            channel: "TASK".into(),
            ..contact(TECH_AGENT_1, Some("Tech"))
        };
        assert_eq!(queue_name(&owners, task), (TECH_AGENT_1.to_string(), None));
        // Another queue keeps its name.
        let other = "arn:aws:connect:us-east-1:1:instance/i/queue/q1";
        assert_eq!(
            queue_name(&owners, contact(other, Some("Tech"))),
            (other.to_string(), None)
        );
    }

    #[test]
    fn an_agent_queue_arn_is_known_in_any_letter_case() {
        assert!(is_agent_queue_arn(TECH_AGENT_1));
        assert!(is_agent_queue_arn(&TECH_AGENT_1.to_uppercase()));
        assert!(is_agent_queue_arn(
            "arn:aws:connect:x:1:instance/i/QUEUE/Agent/a1/"
        ));
        assert!(!is_agent_queue_arn(
            "arn:aws:connect:x:1:instance/i/queue/agents"
        ));
        assert!(!is_agent_queue_arn(
            "arn:aws:connect:x:1:instance/i/queue/q1"
        ));
    }

    #[test]
    fn with_no_owner_known_an_agent_queue_keeps_its_name() {
        let owners = AgentQueueTakers::default().owners(&Renames::default());
        assert_eq!(
            queue_name(&owners, contact(NOBODYS, None)),
            (NOBODYS.to_string(), None)
        );
    }
}
