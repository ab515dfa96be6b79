//! Workforce planning (`ccsim schedule`): from a scenario's targets to
//! shifts people can work — start times, breaks — that cover every
//! interval after shrinkage, checked in a simulation of the center.
//!
//! ```text
//! requirement ──► variants ──► program ──► schedule ──► verify ─┐
//! (per interval,   (template ×   (integer    (assignments,  (simulate on
//!  by simulation    day × start   program,    coverage)      fresh seeds;
//!  and Erlang C)    × breaks)     microlp)                   raise missed
//!                                     ▲                      intervals) │
//!                                     └────────────────────────────────┘
//! ```
//!
//! - [`requirement`]: agents present needed per interval (the iterative
//!   staffing search with shifts and shrinkage off; Erlang C beside it);
//! - [`variants`]: every way of working a template, as program columns;
//! - [`program`]: the integer program over plain data (`microlp`), both of pyworkforce's objectives;
//! - [`schedule`]: one group's schedule from its requirement;
//! - [`verify`]: simulate, check each interval, repair, repeat;
//! - [`mod@plan`]: the whole command, both paths side by side;
//! - [`files`], [`chart`], [`html`], [`scenario_out`]: what it writes;
//! - [`error`]: what can stop it.
//!
//! Shrinkage is applied by dividing: a group with total shrinkage `s`
//! must schedule `ceil(present ÷ (1 − s))` agents on the phones in an
//! interval whose requirement is `present`; coverage is counted in
//! scheduled agents (an agent's share of the interval outside breaks), and
//! expected present is that times `1 − s`.

pub mod chart;
pub mod error;
pub mod files;
pub mod html;
pub mod plan;
pub mod program;
pub mod requirement;
pub mod scenario_out;
pub mod schedule;
pub mod variants;
pub mod verify;

pub use error::ScheduleError;
pub use plan::{plan, Plan};
pub use program::Objective;
pub use verify::ScheduleOptions;
