//! # ccsim — a deterministic load simulator of an Amazon Connect style contact center
//!
//! Capacity planners describe a center in a scenario file; ccsim simulates
//! it, replication after replication, and reports what customers and agents
//! would live through: waits, whisper latency, service level, abandonment,
//! occupancy — reproducibly, byte for byte.
//!
//! ## The life of a run
//!
//! ```text
//!  scenario.toml ──► scenario::parse ──► CenterSpec (validated, static)
//!                                            │   one per replication, in parallel
//!                                            ▼
//!                    engine::Simulation ◄── center::Center (event handler)
//!                                            │   ContactRecords, agent/queue time
//!                                            ▼
//!                    stats::Recorder ──► stats::Summary (mean ± 95 % CI)
//!                                            │
//!                                            ▼
//!                    output: report, summary.json, summary.csv, histograms
//! ```
//!
//! ## Where to read next
//!
//! - [`engine`]: virtual time, the `(time, seq)` event queue, the run loop,
//!   random streams and distributions — nothing about contact centers;
//! - [`center`]: the contact-center model and its glossary;
//! - [`scenario`]: the scenario file, raw → validated, with field-path errors;
//! - [`stats`]: histograms, counters, confidence intervals;
//! - [`output`]: the report and the files, written atomically;
//! - [`staffing`]: Erlang B, C and A;
//! - [`runner`]: replications in parallel, merged in a fixed order;
//! - [`sweep`]: what-if grids in parallel, shards and merge.

#![warn(missing_docs)]

pub mod center;
pub mod engine;
pub mod exec;
pub mod output;
pub mod scenario;
pub mod staffing;
pub mod stats;
pub mod sweep;
pub mod timefmt;
