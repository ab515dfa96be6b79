//! Per outbound campaign: what its dials became and what its calls cost
//! its agents, counted from the contact records of its calls (initiated in
//! the measured window), and the campaign metrics of one replication.
//!
//! Agent time on a campaign call runs from the agent's reservation (the
//! record's accept: progressive and preview from before the dial,
//! predictive from the connection) until it is free again: the end of
//! after-contact work for a call that reached it, else the end of the
//! ringing (nobody, or a machine, answered).

use crate::center::campaign_spec::AmdStatus;
use crate::center::{ContactRecord, Outcome};

use super::metrics::Metric;

/// One campaign's counts in one replication.
#[derive(Debug, Clone, Default)]
pub struct CampaignStats {
    /// Dials placed (turned-away ones included).
    pub dials: u64,
    /// Answered by a person or a machine.
    pub answered: u64,
    /// Answered by a machine.
    pub machine: u64,
    /// Reached an agent (agentless: a person heard the message).
    pub connected: u64,
    /// Answered by a person whom no agent took.
    pub abandoned: u64,
    /// Agent time on its calls, ms.
    pub agent_ms: u64,
    /// Of that, talk and after-contact work, ms.
    pub productive_ms: u64,
}

impl CampaignStats {
    /// Counts one ended campaign call. Out of line: the recorder's every
    /// contact passes the call, few are campaign calls.
    #[inline(never)]
    pub fn record(&mut self, r: &ContactRecord, amd: AmdStatus) {
        self.dials += 1;
        match amd {
            AmdStatus::HumanAnswered => self.answered += 1,
            AmdStatus::VoicemailBeep => {
                self.answered += 1;
                self.machine += 1;
            }
            AmdStatus::Pending | AmdStatus::Unanswered => {}
        }
        match r.outcome {
            Outcome::Abandoned => self.abandoned += 1,
            Outcome::SelfServed => self.connected += 1,
            Outcome::Handled if r.connected.is_some() => self.connected += 1,
            _ => {}
        }
        if let (Some(_), Some(from)) = (r.agent, r.accepted) {
            let until = match r.connected {
                Some(_) => r.acw_end,
                None => r.connected_to_system.or(r.disconnected),
            };
            if let Some(until) = until {
                self.agent_ms += (until - from).as_millis();
            }
            if r.connected.is_some() && r.acw_end.is_some() {
                self.productive_ms += (r.talk + r.acw).as_millis();
            }
        }
    }
}

/// One campaign's metrics (whole window only), in report order.
pub fn campaign_metrics(s: &CampaignStats) -> Vec<(Metric, Option<f64>)> {
    let mut out = Vec::new();
    let mut m = |metric: Metric, v: Option<f64>| out.push((metric, v));
    let ratio = |a: f64, b: f64| (b > 0.0).then(|| a / b);
    let hours = s.agent_ms as f64 / 3_600_000.0;
    m(Metric::CampaignDials, Some(s.dials as f64));
    m(Metric::CampaignAnswered, Some(s.answered as f64));
    m(Metric::CampaignMachineAnswered, Some(s.machine as f64));
    m(Metric::CampaignConnected, Some(s.connected as f64));
    m(Metric::CampaignAbandoned, Some(s.abandoned as f64));
    m(
        Metric::CampaignAbandonmentRate,
        ratio(s.abandoned as f64, (s.answered - s.machine) as f64),
    );
    m(Metric::CampaignAgentHours, Some(hours));
    m(
        Metric::CampaignAgentUtilisation,
        ratio(s.productive_ms as f64, s.agent_ms as f64),
    );
    m(
        Metric::CampaignContactsPerAgentHour,
        ratio(s.connected as f64, hours),
    );
    out
}
