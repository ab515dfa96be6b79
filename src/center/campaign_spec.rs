//! The static description of an outbound campaign (Amazon Connect outbound
//! campaigns): how it dials (progressive, predictive, preview, agentless),
//! whose agents take its calls and how much of their capacity it may use
//! (bandwidth allocation), its contact list and dialling window, and what
//! the dialled people do (ring, answer, answering machine, talk).
//!
//! Plain data, produced only by the scenario layer
//! (`scenario/campaigns.rs`); the lifecycle is in
//! [`campaign`](super::campaign), the predictive pacing rule in
//! [`dialer`](super::dialer).

use crate::engine::{Dist, SimDuration};

use super::ids::GroupId;

/// How a campaign dials (Connect's outbound modes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DialingMode {
    /// One call per agent that becomes free; the agent is reserved while
    /// the call rings, so no answered call ever waits (dial ratio 1).
    Progressive,
    /// Dials ahead of free agents by a pacing rule ([`super::dialer::Pacing`]);
    /// answered calls that find no agent within `abandon_after` are
    /// abandoned, and the rule keeps their share under a cap.
    Predictive,
    /// The agent is reserved and sees the contact for a preview time, then
    /// the call is dialled as a progressive one.
    Preview,
    /// No agent: calls are dialled at a rate; answered ones hear a message
    /// and end.
    Agentless,
}

impl DialingMode {
    /// As the scenario file and the records spell it.
    pub fn as_str(self) -> &'static str {
        match self {
            DialingMode::Progressive => "progressive",
            DialingMode::Predictive => "predictive",
            DialingMode::Preview => "preview",
            DialingMode::Agentless => "agentless",
        }
    }

    /// Whether agents take the campaign's calls.
    pub fn uses_agents(self) -> bool {
        self != DialingMode::Agentless
    }
}

/// The predictive mode's settings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PredictiveSpec {
    /// The most abandoned ÷ answered-by-a-person the pacing may reach
    /// (typically 0.03).
    pub abandonment_cap: f64,
    /// How long an answered call waits for a free agent before it is
    /// abandoned (Connect-style "safe harbour" time, e.g. 2 s).
    pub abandon_after: SimDuration,
    /// The most calls in progress (ringing or waiting) per free agent.
    pub max_dial_ratio: f64,
}

/// One outbound campaign.
#[derive(Debug, Clone)]
pub struct CampaignSpec {
    /// Its name (unique among campaigns).
    pub name: String,
    /// How it dials.
    pub mode: DialingMode,
    /// (Agent modes) the agent group whose agents take its calls.
    pub group: Option<GroupId>,
    /// (Agent modes) the share of the group's agents on shift that may be
    /// on this campaign's calls at once: Connect's bandwidth allocation.
    pub bandwidth: f64,
    /// When dialling starts, from the start of the run.
    pub start: SimDuration,
    /// When dialling stops (calls in progress finish).
    pub end: SimDuration,
    /// The size of the contact list: no more dials than this (`None`: a
    /// list that never runs out).
    pub contacts: Option<u64>,
    /// (Agentless) dial attempts per hour (Poisson).
    pub dials_per_hour: f64,
    /// (Agentless) the most calls in progress at once; attempts beyond it
    /// are not dialled.
    pub max_concurrent: Option<u32>,
    /// Ringing until the answer, or until the dial gives up.
    pub ring: Dist,
    /// Probability that the call is answered (by a person or a machine).
    pub answer_probability: f64,
    /// Share of answered calls answered by a machine (answering-machine
    /// detection).
    pub machine_share: f64,
    /// The message played to an answering machine — and, agentless, to a
    /// person — before the call ends (`None`: a machine is hung up on at
    /// detection; agentless needs one).
    pub message: Option<Dist>,
    /// (Agent modes) talk with the agent.
    pub talk: Dist,
    /// (Agent modes) after-contact work of a call that reached a person.
    pub after_contact_work: Dist,
    /// (Preview) how long the agent previews the contact before the dial.
    pub preview: Option<Dist>,
    /// (Predictive) the pacing settings.
    pub predictive: Option<PredictiveSpec>,
}

/// Connect's `AnsweringMachineDetectionStatus` of a campaign call, for the
/// values ccsim produces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AmdStatus {
    /// Still ringing (the call has not been answered or given up yet).
    Pending,
    /// A person answered.
    HumanAnswered,
    /// An answering machine answered.
    VoicemailBeep,
    /// Nobody answered.
    Unanswered,
}

impl AmdStatus {
    /// Connect's spelling (`None` while the call rings).
    pub fn as_str(self) -> Option<&'static str> {
        match self {
            AmdStatus::Pending => None,
            AmdStatus::HumanAnswered => Some("HUMAN_ANSWERED"),
            AmdStatus::VoicemailBeep => Some("VOICEMAIL_BEEP"),
            AmdStatus::Unanswered => Some("AMD_UNANSWERED"),
        }
    }
}

/// What a contact record says of a campaign call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CampaignLeg {
    /// The campaign (index into [`CenterSpec::campaigns`](super::spec::CenterSpec::campaigns)).
    pub campaign: u16,
    /// How the dial was answered.
    pub amd: AmdStatus,
    /// (Preview) how long the agent previewed the contact.
    pub preview: SimDuration,
}
