//! The scenario file as written: its top level, which names every table,
//! and a re-export of every table's serde types from the room that owns
//! them (so `scenario::raw::RawQueue` and friends keep working). No
//! cross-reference is resolved here. Unknown fields are errors
//! (`deny_unknown_fields`) so a typo never silently falls back to a default.

use serde::Deserialize;

pub use super::campaigns::RawCampaign;
pub use super::check::OneOrMany;
pub use super::criteria::{RawExpression, RawProficiency, RawRange, RawRoutingCriteria, RawStep};
pub use super::dist::{RawDist, RawDistTable};
pub use super::flows::{
    RawCallback, RawFlow, RawQueueBranch, RawQueueMove, RawRoutingChange, RawTimedRoutingChange,
};
pub use super::groups::{RawAgentGroup, RawOutbound};
pub use super::queues::{RawQueue, RawServiceLevelTarget, RawTargets};
pub use super::routing::{RawConcurrency, RawCrossChannel, RawProfileQueue, RawRoutingProfile};
pub use super::shifts::{RawAux, RawBreak, RawShift, RawShiftTemplate, RawShrinkage, RawStarts};
pub use super::simulation::{RawInstanceLimits, RawSimulation};
pub use super::sources::{RawCustomer, RawDial, RawHolds, RawSource};
pub use super::transfers::{RawActions, RawTransfer};

/// The whole file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawScenario {
    /// Scenario name; defaults to the file stem.
    pub name: Option<String>,
    /// Run settings.
    pub simulation: RawSimulation,
    /// Queues.
    #[serde(default)]
    pub queues: Vec<RawQueue>,
    /// Routing profiles.
    #[serde(default)]
    pub routing_profiles: Vec<RawRoutingProfile>,
    /// Shift templates agent groups' shifts refer to.
    #[serde(default)]
    pub shift_templates: Vec<RawShiftTemplate>,
    /// Agent groups.
    #[serde(default)]
    pub agent_groups: Vec<RawAgentGroup>,
    /// Flows (new ones, or redefinitions of Connect's defaults by name).
    #[serde(default)]
    pub flows: Vec<RawFlow>,
    /// Contact sources.
    #[serde(default)]
    pub sources: Vec<RawSource>,
    /// What-if grid for `ccsim sweep`; a single run ignores it and simulates
    /// the scenario as written.
    pub sweep: Option<toml::Table>,
    /// Instance-wide concurrent contact limits.
    pub instance_limits: Option<RawInstanceLimits>,
    /// Routing criteria (steps over proficiencies) sources and queue
    /// branches may name.
    #[serde(default)]
    pub routing_criteria: Vec<RawRoutingCriteria>,
    /// Outbound campaigns.
    #[serde(default)]
    pub campaigns: Vec<RawCampaign>,
    /// Supervisor groups that monitor conversations.
    #[serde(default)]
    pub supervisor_groups: Vec<super::supervisors::RawSupervisorGroup>,
}
