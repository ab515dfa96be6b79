//! Connect-shaped identifiers for simulated contact records: UUID-shaped
//! contact ids and the ARNs of the instance, queues and routing profiles,
//! derived by hashing — so the same scenario, seed, replication and contact
//! always get the same id, whatever the thread count, and ids never collide
//! across replications.

use sha2::{Digest, Sha256};

/// The AWS account ccsim's ARNs name: Connect's documentation examples use
/// this shape; nothing real is behind it.
const ACCOUNT: &str = "123456789012";

/// The region ccsim's ARNs name.
const REGION: &str = "us-east-1";

/// A UUID (version 4 layout, RFC 4122 variant) derived from `parts`.
pub fn uuid(parts: &[&str]) -> String {
    let mut h = Sha256::new();
    for p in parts {
        h.update((p.len() as u64).to_le_bytes());
        h.update(p.as_bytes());
    }
    let d = h.finalize();
    let mut b = [0u8; 16];
    b.copy_from_slice(&d[..16]);
    b[6] = (b[6] & 0x0f) | 0x40; // version 4
    b[8] = (b[8] & 0x3f) | 0x80; // RFC 4122 variant

    // 8-4-4-4-12 hex digits, written straight into one string: a string per
    // byte, collected and sliced, was 13.7 % of `ccsim run all_methods.toml
    // --contact-records` (perf).
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(36);
    for (i, x) in b.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            out.push('-');
        }
        out.push(char::from(HEX[usize::from(x >> 4)]));
        out.push(char::from(HEX[usize::from(x & 0x0f)]));
    }
    out
}

/// The ARNs of one scenario's simulated Connect instance.
#[derive(Debug, Clone)]
pub struct InstanceArns {
    instance: String,
    seed: String,
}

impl InstanceArns {
    /// The instance of the scenario named `scenario`, run with `seed`.
    pub fn new(scenario: &str, seed: u64) -> Self {
        let seed = seed.to_string();
        let id = uuid(&["instance", scenario]);
        InstanceArns {
            instance: format!("arn:aws:connect:{REGION}:{ACCOUNT}:instance/{id}"),
            seed,
        }
    }

    /// `InstanceARN`.
    pub fn instance(&self) -> &str {
        &self.instance
    }

    /// The ARN of the queue named `name`.
    pub fn queue(&self, name: &str) -> String {
        format!("{}/queue/{}", self.instance, uuid(&["queue", name]))
    }

    /// The ARN of agent `agent`'s own queue, in group `group` (Connect's
    /// agent queue, which a transfer to that one agent waits in).
    pub fn agent_queue(&self, group: &str, agent: u32) -> String {
        format!(
            "{}/queue/agent/{}",
            self.instance,
            uuid(&["agent", group, &agent.to_string()])
        )
    }

    /// The ARN of the routing profile named `name`.
    pub fn routing_profile(&self, name: &str) -> String {
        format!(
            "{}/routing-profile/{}",
            self.instance,
            uuid(&["routing-profile", name])
        )
    }

    /// The `ContactId` of contact `contact` of replication `replication`.
    pub fn contact_id(&self, replication: u32, contact: u64) -> String {
        uuid(&[
            "contact",
            &self.instance,
            &self.seed,
            &replication.to_string(),
            &contact.to_string(),
        ])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuids_are_uuid_shaped_and_distinct() {
        let a = InstanceArns::new("s", 1);
        let x = a.contact_id(0, 1);
        assert_eq!(x.len(), 36);
        assert_eq!(&x[14..15], "4");
        assert!(matches!(&x[19..20], "8" | "9" | "a" | "b"));
        assert_ne!(x, a.contact_id(1, 1));
        assert_ne!(x, a.contact_id(0, 2));
        assert_ne!(x, InstanceArns::new("s", 2).contact_id(0, 1));
        assert_eq!(x, InstanceArns::new("s", 1).contact_id(0, 1));
        assert!(a.queue("q").starts_with(a.instance()));
    }
}
