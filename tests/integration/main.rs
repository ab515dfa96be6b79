//! ccsim's integration tests, one binary (faster to build and run than one per
//! file). Modules:
//!
//! - `arrival_counts`: volumes brought exactly (a day that happened) in
//!   `run` and `backtest`, and calibrate's volumes marked as observed;
//! - `calibrate_agent_queues`: transfers to one named agent (Connect's
//!   agent queues) read as agent quick connects, written and backtested;
//! - `calibrate_answer_delay`: a hand-accepting group beside an
//!   auto-accepting one, read as one agent whisper and an answer delay;
//! - `calibrate_agents`: agents' outbound calling and chat concurrency, calibrated and reproduced;
//! - `calibrate_flows`: each queue's inbound-flow time and self-service
//!   share its own (an IVR queue beside one dialled straight through), and
//!   a full queue's turned-away callers read as its capacity;
//! - `calibrate_grid`: calibrated intervals on the local clock (zones off
//!   a whole UTC hour) and at a report's own length;
//! - `calibrate_task_pause`: tasks that pause, read back from their pause
//!   counts and work;
//! - `calibrate_stream`: calibration's outputs do not depend on file layout, order or mess;
//! - `chaining`: chaining zero-time steps (issue 14) changes no report of
//!   any bundled scenario, as bundled or with every flow, whisper and ACW
//!   made instantaneous, nor the order of arrivals at one instant;
//! - `common`: helpers — parse scenario text, collect contact records;
//! - `connect_callbacks`: issue 9's callbacks (routing age from the
//!   original contact, queue capacity once queued, ACW after an unanswered
//!   attempt, auto-accept, chat and task callbacks, the record's timestamps
//!   and the wait), on hand-worked timelines;
//! - `connect_flows`: issue 9's flows, per-channel settings and records
//!   (Set … blocks per branch and transfer leg, whispers on voice only,
//!   per-channel ACW and auto-accept, outbound whispers per queue,
//!   `ConnectedToSystemTimestamp`, validate's view of transfer targets);
//! - `connect_disconnect`: disconnect flows (issue 9): a survey on the same
//!   contact, follow-ups that queue a DISCONNECT contact, chat and task
//!   disconnect flows, their statistics and validation;
//! - `connect_routing`: contact routing priority and age, patience of 0 s,
//!   agent quick connects naming one agent, transfers by the queue answered
//!   from (issue 9), on hand-worked timelines and validation errors;
//! - `handworked`: constant-duration timelines worked out on paper, checked
//!   field by field;
//! - `theory`: M/M/c vs Erlang C, M/M/c+M vs Erlang A, ample agents ⇒ zero
//!   wait, Little's law — within confidence intervals computed from the runs;
//! - `data_guards`: calibrate and backtest inputs a fuzz campaign found
//!   mishandled — each calibrates to a scenario that loads or is refused
//!   naming its file, field and fix;
//! - `determinism`: same seed ⇒ identical bytes (any thread count), another
//!   seed differs; common random numbers across staffing changes;
//! - `scenarios`: every file in `scenarios/` loads and validates;
//! - `errors`: each kind of bad input gives a clear error and exit code 2;
//! - `files_interop`: issue 12's files other tools read — `.hdr` files in
//!   compressed V2 read back to `percentiles.csv`, `summary.csv`'s period
//!   column, colliding file names refused, `results/` ignored by git;
//! - `fit`: calibration's distribution fits on whole-second, censored
//!   samples from known distributions — CIs, AIC, the GOF rule and its
//!   empirical fallback, Kaplan–Meier;
//! - `ingest`: reading a center's exports — every layout of contact
//!   records and every kind of mess, on fixtures; historical metrics and
//!   roster CSVs; bad inputs; ccsim's own records read back;
//! - `guards`: issue 13's resource guards — inputs that used to hang, eat
//!   memory or leave half a folder, refused with a field path; the work
//!   estimate; random scenario mutations (proptest) through the binary;
//! - `links`: outputs named through a symbolic link (followed, the link
//!   kept) or at a FIFO or device (written into, never replaced);
//! - `layers`: the engine stays free of contact-center code; no module or
//!   file imports in a circle;
//! - `metrics`: every metric a run reports is in the catalogue, reported
//!   where the catalogue says;
//! - `methods`: every initiation method on hand-worked timelines, with the
//!   flows each plays (MODEL.md), conservation, concurrency, Erlang B;
//! - `readme`: every command line of README.md runs (or is in `.ci/run`);
//!   the scenario reference is current; `--version` and completions;
//! - `records_format`: contact records in Connect's data model (ids,
//!   timestamps, ARNs, Attributes, one calendar day per replication);
//! - `snapshots`: every bundled scenario's outputs (run, records, staff,
//!   sweep) equal the committed files under `tests/snapshots/`;
//! - `schedule`: `ccsim schedule` — templates to the hand-worked shift mix,
//!   uncoverable hours, targets met on unused seeds, threads, bad input;
//! - `shifts`: agents on shifts — a hand-worked break, no offer off the
//!   phones, absenteeism / aux / planned shares within CIs, day-of-week;
//! - `staffing`: the staffing search against Erlang C and Erlang A;
//! - `sweep`: sweeps give the same bytes for any thread count, merged
//!   shards and resumed runs; bad grids get field-path errors; common
//!   random numbers shrink the variance of differences between points.

mod arrival_counts;
mod calibrate;
mod calibrate_agent_queues;
mod calibrate_agents;
mod calibrate_answer_delay;
mod calibrate_availability;
mod calibrate_campaigns;
mod calibrate_external;
mod calibrate_flows;
mod calibrate_follow_ups;
mod calibrate_grid;
mod calibrate_metrics_routing;
mod calibrate_routing_delay;
mod calibrate_stream;
mod calibrate_task_pause;
mod campaign;
mod chaining;
mod common;
mod connect_callbacks;
mod connect_disconnect;
mod connect_flows;
mod connect_routing;
mod data_guards;
mod determinism;
mod email; // issue 15 §1: inbound email, AGENT_REPLY, FLOW, email SL in hours, M/M/(n·c)
mod errors;
mod external_monitor; // issue 15 §2: EXTERNAL_OUTBOUND, MONITOR
mod extras; // issue 15: WEBRTC_API, redials, paused tasks
mod files_interop;
mod fit;
mod guards;
mod handworked;
mod ingest;
mod layers;
mod links;
mod methods;
mod metrics;
mod readme;
mod records_format;
mod report;
mod reports_newer; // issue 15: campaigns, email SL, routing steps, customers in the reports; offered load with replies, redials, campaigns
mod routing_criteria;
mod scenarios;
mod schedule;
mod shifts;
mod snapshots;
mod staffing;
mod sweep;
mod task_pause; // issue 15 §6: tasks that pause
mod theory;
