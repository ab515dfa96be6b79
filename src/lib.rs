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
//!                                            │   exec: replications on threads,
//!                                            ▼   merged in replication order
//!                    engine::Simulation ◄── center::Center (event handler)
//!                                            │   ContactRecords, agent/queue time
//!                                            ▼
//!                    stats::Recorder ──► stats::Summary (mean ± 95 % CI
//!                                            │           of every stats::Metric)
//!                                            ▼
//!                    output: report, summary.json, summary.csv, histograms
//! ```
//!
//! `staffing` and `sweep` run that pipeline many times with varied
//! scenarios, through the same executor; the `ccsim` binary (`src/main.rs`
//! and `src/cli/`) turns a command line into a checked plan and calls them.
//!
//! ## Where to read next
//!
//! - [`engine`]: virtual time, the `(time, seq)` event queue, the run loop,
//!   random streams and distributions — nothing about contact centers;
//! - [`center`]: the contact-center model and its glossary;
//! - [`scenario`]: the scenario file, raw → validated, with field-path
//!   errors, one file per table of the file;
//! - [`stats`]: the metric catalogue, histograms, counters, confidence
//!   intervals, the offered load;
//! - [`exec`]: the one replication executor — replications in parallel,
//!   merged in a fixed order;
//! - [`output`]: the report and the files, written atomically;
//! - [`staffing`]: Erlang B, C and A, and the staffing searches;
//! - [`sweep`]: what-if grids in parallel, shards and merge;
//! - [`ingest`]: a real center's exports — contact records, historical
//!   metrics, rosters — read tolerantly, every skip counted;
//! - [`calibrate`]: a scenario estimated from them, and the backtest;
//! - [`workforce`]: shifts with breaks that meet the targets after
//!   shrinkage (`ccsim schedule`), verified by simulation;
//! - [`timefmt`]: ISO 8601 UTC instants.
//!
//! Dependencies point one way — `engine ← center ← {scenario, stats} ←
//! exec ← staffing ← output ← sweep ← cli`, and `ingest ← calibrate`
//! (which also reads `center` and `output`) ← cli, and `workforce` (which
//! reads `staffing`, `exec` and `output`) ← cli — and no module or file
//! imports in a circle (`tests/integration/layers.rs` checks both).
//!
//! ## Where does my change go?
//!
//! | a new … | goes in |
//! |---|---|
//! | scenario field | `src/scenario/<table>.rs` — `simulation.rs`, `queues.rs`, `routing.rs`, `groups.rs`, `flows.rs` or `sources.rs`: its raw field, default and checks; its validated form in `src/center/spec.rs` |
//! | distribution family | `src/scenario/dist.rs` (fields, example, builder) and `src/engine/dist.rs` (sampling) |
//! | event | `src/center/event.rs` (the variant), handled in `src/center/center.rs`'s dispatch (exhaustive: it will not compile until it is) |
//! | step of a contact's life | the room of `src/center/` it belongs to: `contacts.rs`, `routing.rs`, `agents.rs`, `conversation.rs`, or `methods/<method>.rs` for one initiation method |
//! | contact-record field | `src/center/record.rs`, and its Connect name in `src/output/records.rs` |
//! | metric | a row of the catalogue, `src/stats/metrics.rs`, and its value in `src/stats/replication.rs` (in output order) |
//! | staffing target | `QueueTargets` in `src/center/spec.rs`, checked in `src/staffing/targets.rs`, sized in `src/staffing/sizing.rs` if Erlang can |
//! | output file | `src/output/` (its writer), called from the command's plan in `src/cli/` |
//! | command or flag | `src/cli/args.rs` (its arguments) and `src/cli/<command>.rs` (its plan) |
//! | way to run replications | `src/exec.rs` |
//! | sweep feature | `src/sweep/` — see its module doc for the rooms |
//! | input format (records, CSV) | `src/ingest/` — see its module doc for the rooms |
//! | estimator | `src/calibrate/` (counted or sampled per contact), rendered in `scenario_toml.rs`, `json.rs`, `report.rs` |
//! | shift or shrinkage behaviour | `src/center/shifts.rs` (templates, calendar), `roster.rs` (on shift, breaks), `away.rs` (absence, aux, planned); parsed in `src/scenario/shifts.rs` |
//! | scheduling rule or objective | `src/workforce/` — `variants.rs` (shift variants), `program.rs` (the integer program), `verify.rs` (simulate and repair) |
//! | HTML report section | `src/output/html/` (the page, charts, run and staff reports); a command's own report beside its data (`sweep/html.rs`, `calibrate/backtest_html.rs`, `workforce/html.rs`) |

#![warn(missing_docs)]

pub mod calibrate;
pub mod center;
pub mod engine;
pub mod exec;
pub mod ingest;
pub mod output;
pub mod scenario;
pub mod staffing;
pub mod stats;
pub mod sweep;
pub mod timefmt;
pub mod workforce;
