//! What-if sweeps: a grid of variants of one scenario, every (point,
//! replication) run in parallel, each point written as it completes; shards
//! for running beyond one machine, and a merge that puts them back together
//! byte for byte.
//!
//! ## The life of a sweep
//!
//! ```text
//!  scenario.toml + [sweep] ──► load::Sweep        every point's CenterSpec,
//!                                 │                validated before any run
//!                                 ▼
//!       run::run_sweep ── resume? manifest.json must match (or --fresh)
//!                                 │   shard K/N: points i with i mod N = K-1
//!                                 ▼
//!  exec::run_points_within ── (point, replication) jobs on a rayon pool,
//!                                 │   merged in point/replication order;
//!                                 │   workers and writers share --threads
//!                                 ▼
//!  point::write_point_files ── points/NNNN/{summary.*, histograms/}, then
//!       point::commit_point ── point.json
//!                                 │   atomically, point.json last
//!                                 ▼
//!       table::sweep_csv ── sweep.csv, from the points' records (what each
//!                           point.json holds) once the folder has them all
//! ```
//!
//! `merge::merge` joins shard folders: same manifest required, points copied,
//! `sweep.csv` derived the same way. The replications themselves run on the
//! crate's one executor, [`crate::exec`].
//!
//! ## Why the output does not depend on threads, shards or interruptions
//!
//! A point's summary depends only on its scenario, seed and replication
//! count: replications are merged in replication order whatever finishes
//! first. Files depend only on the summary. `manifest.json` records the
//! inputs, never how the work was done. `sweep.csv` is derived from the
//! points' records, exactly what their `point.json` files hold. So one
//! thread or many, one machine or a merge of shards, a
//! straight run or one resumed after a kill: the same bytes.
//!
//! ## Common random numbers
//!
//! Every point runs with the same seed (unless an axis varies
//! `simulation.seed`), and random streams derive from (seed, replication,
//! purpose): replication *r* sees the same customers at every point, so the
//! difference between two points is the effect of the change, not noise.
//!
//! ## Modules
//!
//! - [`path`]: field paths such as `agent_groups.tier1.headcount`;
//! - [`spec`]: the `[sweep]` table, checked;
//! - [`grid`]: point index ↔ axis values (crossed, zipped);
//! - [`load`]: the scenario file → a [`Sweep`] of validated points;
//! - [`shard`]: `--shard K/N`;
//! - [`manifest`], [`point`], [`table`]: the files;
//! - [`run`]: `ccsim sweep` with resume; [`mod@merge`]: `ccsim merge`;
//! - [`report`]: the table printed when a grid is complete; [`html`]: the
//!   HTML report of `--report`;
//! - [`error`]: the errors, [`SweepError`].

pub mod error;
pub mod foreign;
pub mod grid;
pub mod html;
pub mod load;
pub mod manifest;
pub mod merge;
pub mod path;
pub mod point;
pub mod report;
pub mod run;
pub mod shard;
pub mod spec;
pub mod table;

pub use error::SweepError;
pub use load::{Overrides, Point, Sweep};
pub use manifest::Manifest;
pub use merge::{merge, MergeReport};
pub use run::{run_sweep, Progress, RunOptions, RunReport};
pub use shard::Shard;
