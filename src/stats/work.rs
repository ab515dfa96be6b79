//! What a run will cost before it starts: contacts, events, time and
//! memory, estimated from the scenario's offered load (the one estimator,
//! [`super::load`]) and the sizes of the structures a run holds. `ccsim
//! validate` prints it; the limits (`scenario::limits`, the command line's
//! `--no-limits`) refuse what would not finish or not fit.
//!
//! Estimates, not promises: a queue's load counts first contacts only
//! (transfers, callbacks and follow-ups come on top), and the events per
//! contact and per second are measured on the bundled scenarios. They are
//! meant to tell a day from a century and a megabyte from a terabyte.
//!
//! ## The memory model
//!
//! A run holds, at its peak:
//! - per worker thread: one replication's center — the contacts in it at
//!   once (in service, in flows, and a backlog that grows while arrivals
//!   outpace the agents), its pending events, its agents — and up to
//!   [`RECORDERS_PER_WORKER`] recorders (simulated or waiting their turn to
//!   be merged);
//! - per point being merged (a run has one; a sweep up to
//!   [`OPEN_POINTS_PER_WORKER`] × workers + 1): a summary builder, its
//!   merged histograms and a row per metric;
//! - once, while the files are written: the summary as JSON and CSV.

use std::collections::BTreeMap;
use std::mem::size_of;

use crate::center::event::Event;
use crate::center::spec::{AgentGroupSpec, CenterSpec, Channel, FlowType};
use crate::center::ContactRecord;

use super::load::{campaign_loads, queue_loads, source_branches};
use super::recorder::{Counts, StatsConfig, BY_METHOD_HISTOGRAMS};
use super::summary::{SummaryEntry, KEPT_VALUES};

/// Replications simulated or waiting to be merged, per worker, at most
/// (the executor's bound).
pub const RECORDERS_PER_WORKER: usize = 3;

/// Points started but not yet passed on, per worker, at most, plus one
/// (the executor's bound).
pub const OPEN_POINTS_PER_WORKER: usize = 2;

/// Events per contact: 1.9 (Erlang B: most calls blocked) to 7.3 (Erlang C,
/// all methods) on the bundled scenarios; a contact with transfers or
/// callbacks has more.
pub const EVENTS_PER_CONTACT: f64 = 8.0;

/// Events per second one worker thread handles: 1.1–7 million on the
/// bundled scenarios (merging included); the estimate takes the middle.
pub const EVENTS_PER_SECOND_PER_THREAD: f64 = 3.0e6;

/// Offered load beyond this many times the agent slots is warned about:
/// nearly every contact waits or abandons, and the results say little but
/// "overloaded" — most likely a rate in the wrong unit or a headcount
/// missing a digit. (A staffing scenario's placeholder headcount may be an
/// order of magnitude short; two are absurd.)
pub const OVERLOAD_WARNING: f64 = 100.0;

/// Bytes of one contact in the center beyond its record and pending
/// events: its runtime state and a queue entry.
const CONTACT_OVERHEAD_BYTES: u64 = 192;

/// Events pending per contact in the center (its timers, some stale).
const EVENTS_PER_CONTACT_PENDING: u64 = 3;

/// Bytes of one agent's runtime state and its entries in the idle orders.
const AGENT_BYTES: u64 = 320;

/// Bytes per summary row written out: the JSON tree and text, the CSV row.
const OUTPUT_BYTES_PER_ENTRY: u64 = 600;

/// Bytes a summary row takes on disk, in `summary.csv` and `summary.json`
/// together: 160–333 over the bundled scenarios (more with long names and
/// many thresholds), measured with `ccsim run`; the upper end, so the
/// estimate errs high.
const DISK_BYTES_PER_ENTRY: u64 = 350;

/// Bytes of a run's other result files (histograms, agent hours, the
/// run's own description): at most 70 KB over the bundled scenarios, and
/// about 60 bytes an interval beyond that.
const DISK_BYTES_FIXED: u64 = 100_000;

/// Bytes an interval adds to the result files beyond its summary rows.
const DISK_BYTES_PER_INTERVAL: u64 = 64;

/// Bytes of one contact record in JSON Lines: 1,238–1,463 over the
/// bundled scenarios (Connect's record is wide).
pub const RECORD_BYTES_JSONL: u64 = 1_600;

/// Bytes of one contact record in the gzipped Firehose layout: about
/// 100–120 over the bundled scenarios.
pub const RECORD_BYTES_FIREHOSE: u64 = 128;

/// Bytes of one metric's row in a summary beyond [`SummaryEntry`]: its
/// scope's name, its key, its running moments, its values' vector.
const ENTRY_OVERHEAD_BYTES: u64 = 96;

/// What drives a part of the memory, to name the field that would shrink it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MemoryDriver {
    /// Contacts in the center at once, mostly a backlog of source `source`'s
    /// arrivals in a queue its agents cannot keep up with.
    Backlog {
        /// The source with the most arrivals into that backlog.
        source: usize,
        /// Whether the backlog is of callbacks its callers took (they
        /// never give up: patience does not bound it).
        callbacks: bool,
    },
    /// The agents' runtime state.
    Agents,
    /// The histograms: five per queue, two per method and per channel.
    Histograms,
    /// A row of counters per interval, per scope.
    Intervals,
    /// The service-level thresholds: two metrics each, per scope and interval.
    Thresholds {
        /// The queue with the most thresholds.
        queue: usize,
    },
}

/// One part of the peak memory.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MemoryPart {
    /// What it is for.
    pub driver: MemoryDriver,
    /// Bytes at the peak (for the worker count asked).
    pub bytes: u64,
}

/// What one run of a scenario will cost, per replication and in all.
#[derive(Debug, Clone, PartialEq)]
pub struct WorkEstimate {
    /// Contacts created per replication (first contacts, and outbound
    /// dials at their rate).
    pub contacts_per_replication: f64,
    /// Events per replication.
    pub events_per_replication: f64,
    /// Replications.
    pub replications: u32,
    /// Contacts in the center at once, at most, per replication.
    pub in_flight: f64,
    /// Offered load on agents, erlangs (agent time per second of arrivals).
    pub offered_erlangs: f64,
    /// Agent slots at the peak staffing (agents × concurrency).
    pub agent_slots: f64,
    /// The center's memory of one replication: contacts and agents.
    pub center_bytes: u64,
    /// One replication's recorder.
    pub recorder_bytes: u64,
    /// One point's summary builder (or summary).
    pub builder_bytes: u64,
    /// Writing one point's files.
    pub output_bytes: u64,
    /// Rows of one point's summary.
    pub entries: u64,
    /// Reporting intervals of the horizon.
    pub intervals: u64,
    /// Where the center's memory comes from: the source feeding the
    /// largest backlog, or the agents.
    center_driver: MemoryDriver,
    /// Where the recorder's and summary's memory comes from.
    stats_driver: MemoryDriver,
}

impl WorkEstimate {
    /// The estimate for every replication of `spec`.
    pub fn of(spec: &CenterSpec) -> WorkEstimate {
        let load = LoadFacts::of(spec);
        let stats = StatsFacts::of(spec);
        let campaign_dials = campaign_dials(spec);
        let contacts = load.arrivals + load.outbound_dials + campaign_dials;
        let events = contacts * EVENTS_PER_CONTACT
            + (load.outbound_dials + campaign_dials) * 2.0
            + spec.interval_count() as f64
            + shift_events(spec);
        // (A heap entry holds the event, its time and its sequence number.)
        let per_contact = size_of::<ContactRecord>() as u64
            + EVENTS_PER_CONTACT_PENDING * (size_of::<Event>() as u64 + 16)
            + CONTACT_OVERHEAD_BYTES;
        let contacts_bytes = bytes(load.in_flight * per_contact as f64);
        let agents_bytes = load.agents.saturating_mul(AGENT_BYTES);
        WorkEstimate {
            contacts_per_replication: contacts,
            events_per_replication: events,
            replications: spec.replications,
            in_flight: load.in_flight,
            offered_erlangs: load.offered_erlangs,
            agent_slots: load.slots,
            center_bytes: contacts_bytes.saturating_add(agents_bytes),
            recorder_bytes: stats.recorder_bytes,
            builder_bytes: stats.builder_bytes(spec.replications),
            output_bytes: stats.entries.saturating_mul(OUTPUT_BYTES_PER_ENTRY),
            entries: stats.entries,
            intervals: spec.interval_count() as u64,
            center_driver: if contacts_bytes >= agents_bytes {
                MemoryDriver::Backlog {
                    source: load.backlog_source,
                    callbacks: load.backlog_of_callbacks,
                }
            } else {
                MemoryDriver::Agents
            },
            stats_driver: stats.driver,
        }
    }

    /// The offered load as a multiple of the agent slots, if it is beyond
    /// [`OVERLOAD_WARNING`] (infinite with no agents at all).
    pub fn overload(&self) -> Option<f64> {
        let ratio = if self.agent_slots > 0.0 {
            self.offered_erlangs / self.agent_slots
        } else if self.offered_erlangs > 0.0 {
            f64::INFINITY
        } else {
            0.0
        };
        (ratio > OVERLOAD_WARNING).then_some(ratio)
    }

    /// The warning for an absurd overload, if there is one.
    pub fn overload_warning(&self) -> Option<String> {
        // A small load shows its tenths: "0 erlangs" beyond no slots reads
        // as nonsense.
        let erlangs = if self.offered_erlangs < 10.0 {
            format!("{:.1}", self.offered_erlangs)
        } else {
            human_count(self.offered_erlangs)
        };
        const CHECK: &str = "(check the rates, their units and the headcounts)";
        self.overload().map(|ratio| {
            if ratio.is_finite() {
                format!(
                    "the offered load, {erlangs} erlangs, is {ratio:.0}× the {} agent slots: nearly every contact would wait or abandon {CHECK}",
                    human_count(self.agent_slots)
                )
            } else {
                format!(
                    "the offered load, {erlangs} erlangs, has no agent slots to go to: every contact would wait or abandon {CHECK}"
                )
            }
        })
    }

    /// Two lines for a reader: contacts, events and time; memory.
    pub fn describe(&self) -> String {
        format!(
            "Work estimate: ~{} contacts and ~{} events per replication; {} events in all ({} replications), about {} on one thread.\nMemory estimate: about {} on one thread, {} more per further thread.\n",
            human_count(self.contacts_per_replication),
            human_count(self.events_per_replication),
            human_count(self.total_events()),
            self.replications,
            human_seconds(self.seconds_on_one_thread()),
            human_bytes(self.peak_bytes(1, 1)),
            human_bytes(self.per_worker_bytes()),
        )
    }

    /// Bytes one run's (one sweep point's) result files take on disk:
    /// the summaries' rows and the rest, erring high.
    pub fn result_bytes(&self) -> u64 {
        self.entries
            .saturating_mul(DISK_BYTES_PER_ENTRY)
            .saturating_add(DISK_BYTES_FIXED)
            .saturating_add(self.intervals.saturating_mul(DISK_BYTES_PER_INTERVAL))
    }

    /// Bytes of the contact records of every replication, at `per_record`
    /// bytes a record ([`RECORD_BYTES_JSONL`], [`RECORD_BYTES_FIREHOSE`]).
    pub fn records_bytes(&self, per_record: u64) -> u64 {
        bytes(self.total_contacts() * per_record as f64)
    }

    /// Events over all replications.
    pub fn total_events(&self) -> f64 {
        self.events_per_replication * f64::from(self.replications)
    }

    /// Contacts over all replications.
    pub fn total_contacts(&self) -> f64 {
        self.contacts_per_replication * f64::from(self.replications)
    }

    /// Seconds of simulation on one thread, all replications.
    pub fn seconds_on_one_thread(&self) -> f64 {
        self.total_events() / EVENTS_PER_SECOND_PER_THREAD
    }

    /// One worker thread's share of the peak memory: a center and
    /// [`RECORDERS_PER_WORKER`] recorders.
    pub fn per_worker_bytes(&self) -> u64 {
        self.center_bytes.saturating_add(
            self.recorder_bytes
                .saturating_mul(RECORDERS_PER_WORKER as u64),
        )
    }

    /// Peak memory of a run of `points` points like this one on `workers`
    /// threads, part by part (largest first).
    pub fn memory(&self, workers: usize, points: usize) -> Vec<MemoryPart> {
        let w = workers.max(1) as u64;
        let open = (OPEN_POINTS_PER_WORKER as u64 * w + 1).min(points.max(1) as u64);
        let stats = self
            .recorder_bytes
            .saturating_mul(RECORDERS_PER_WORKER as u64 * w)
            .saturating_add(self.builder_bytes.saturating_mul(open))
            .saturating_add(self.output_bytes);
        let mut parts = vec![
            MemoryPart {
                driver: self.center_driver,
                bytes: self.center_bytes.saturating_mul(w),
            },
            MemoryPart {
                driver: self.stats_driver,
                bytes: stats,
            },
        ];
        parts.sort_by_key(|p| std::cmp::Reverse(p.bytes));
        parts
    }

    /// Peak memory of a run of `points` points on `workers` threads.
    pub fn peak_bytes(&self, workers: usize, points: usize) -> u64 {
        self.memory(workers, points)
            .iter()
            .fold(0u64, |a, p| a.saturating_add(p.bytes))
    }
}

/// Dials of every outbound campaign per replication, at most: an agentless
/// campaign at its rate; one with agents as fast as its share of them can
/// take its calls (agent time per dial; a dial that needs no agent time
/// still rings, at least a second); either no more than its list holds.
fn campaign_dials(spec: &CenterSpec) -> f64 {
    spec.campaigns
        .iter()
        .zip(campaign_loads(spec))
        .map(|(c, load)| {
            let dials = if load.group.is_some() {
                let per_dial = if load.agent_seconds_per_dial > 0.0 {
                    load.agent_seconds_per_dial
                } else {
                    c.ring.mean().max(1.0)
                };
                load.max_agents * load.window / per_dial
            } else {
                c.dials_per_hour * load.window / 3600.0
            };
            // An agentless campaign's dial clock goes on ticking, an event
            // each, while a concurrency cap holds its dials back: its list
            // does not bound them then.
            let ticking = load.group.is_none() && c.max_concurrent.is_some();
            match c.contacts {
                Some(n) if !ticking => dials.min(n as f64),
                _ => dials,
            }
        })
        .filter(|d| d.is_finite())
        .sum()
}

/// A count of bytes from an estimate (saturating; NaN is none).
fn bytes(x: f64) -> u64 {
    if x.is_nan() || x <= 0.0 {
        0
    } else if x >= u64::MAX as f64 {
        u64::MAX
    } else {
        x as u64
    }
}

/// What the offered load says about one replication.
struct LoadFacts {
    /// Arrivals of the sources over the horizon.
    arrivals: f64,
    /// Outbound dial attempts (each agent's clock ticks) over the horizon.
    outbound_dials: f64,
    /// Contacts in the center at once, at most.
    in_flight: f64,
    /// The source sending the most arrivals into the largest backlog.
    backlog_source: usize,
    /// Whether that largest backlog is of callbacks.
    backlog_of_callbacks: bool,
    /// Agent time offered per second, erlangs.
    offered_erlangs: f64,
    /// Agent slots at the peak staffing.
    slots: f64,
    /// Agents at the peak staffing.
    agents: u64,
}

impl LoadFacts {
    fn of(spec: &CenterSpec) -> LoadFacts {
        let horizon_s = spec.horizon.as_secs_f64();
        let (h_ms, i_ms) = (spec.horizon.as_millis(), spec.interval.as_millis());
        let arrivals_of: Vec<f64> = spec
            .sources
            .iter()
            .map(|s| s.arrivals.expected_between(0, h_ms, i_ms))
            .collect();
        let outbound_dials = spec
            .groups
            .iter()
            .filter_map(|g| g.outbound.as_ref().map(|o| (g, o)))
            .map(|(g, o)| mean_headcount(g) * o.calls_per_hour * horizon_s / 3600.0)
            .sum();
        let loads = queue_loads(spec);
        let (mut in_flight, mut offered, mut worst) = (0.0, 0.0, (0.0, 0usize));
        let mut worst_is_callbacks = false;
        let mut excess_of = vec![0.0; loads.len()];
        for (q, l) in loads.iter().enumerate() {
            let slots = queue_slots(spec, q, &[]);
            let busy = l.lambda * l.handle;
            offered += busy;
            // Arrivals beyond what the agents can take pile up, until
            // patience or the queue's capacity stops them.
            let excess = if l.handle > 0.0 {
                (l.lambda - slots / l.handle).max(0.0)
            } else {
                0.0
            };
            excess_of[q] = excess;
            let mut backlog = excess * horizon_s.min(l.patience);
            if let Some(cap) = spec.queues[q].capacity {
                backlog = backlog.min(f64::from(cap));
            }
            in_flight += busy.min(slots) + backlog;
            if backlog > worst.0 {
                worst = (backlog, q);
            }
        }
        // Callbacks taken in an overloaded queue wait without patience.
        for (from, backlog) in callback_backlogs(spec, &excess_of) {
            in_flight += backlog;
            if backlog > worst.0 {
                worst = (backlog, from);
                worst_is_callbacks = true;
            }
        }
        // In the inbound flows (self-service included) before any queue.
        for (s, a) in spec.sources.iter().zip(&arrivals_of) {
            let flow = &spec.flows[s.inbound_flow.index()];
            let secs = flow.duration.as_ref().map(|d| d.mean()).unwrap_or(0.0);
            in_flight += a / horizon_s.max(1e-9) * secs;
        }
        // The instance's line limits cap everything on each channel.
        let limit: Option<f64> = Channel::ALL
            .iter()
            .map(|c| spec.instance_limits[c.index()].map(f64::from))
            .sum::<Option<f64>>();
        if let Some(limit) = limit {
            in_flight = in_flight.min(limit);
        }
        let agents: f64 = spec.groups.iter().map(peak_agents).sum();
        let slots = spec.groups.iter().map(|g| group_slots(spec, g)).sum();
        LoadFacts {
            arrivals: arrivals_of.iter().sum(),
            outbound_dials,
            // Each agent may also be on an outbound call or a transfer leg.
            in_flight: in_flight + agents,
            backlog_source: backlog_source(spec, worst.1),
            backlog_of_callbacks: worst_is_callbacks,
            offered_erlangs: offered,
            slots,
            agents: bytes(agents),
        }
    }
}

/// The agent slots, at their peak, of every group serving queue `q`,
/// leaving out groups that also serve a queue marked in `busy_elsewhere`
/// (their slots are taken there).
fn queue_slots(spec: &CenterSpec, q: usize, busy_elsewhere: &[bool]) -> f64 {
    spec.groups
        .iter()
        .filter(|g| {
            let queues = &spec.profiles[g.profile.index()].queues;
            queues.iter().any(|x| x.queue.index() == q)
                && !queues
                    .iter()
                    .any(|x| busy_elsewhere.get(x.queue.index()) == Some(&true))
        })
        .map(|g| group_slots(spec, g))
        .sum()
}

/// Group `g`'s agents at its peak staffing.
fn peak_agents(g: &AgentGroupSpec) -> f64 {
    f64::from(g.headcount.iter().copied().max().unwrap_or(0))
}

/// Group `g`'s agent slots at its peak staffing: its agents times the
/// most contacts its profile lets one hold on a channel.
fn group_slots(spec: &CenterSpec, g: &AgentGroupSpec) -> f64 {
    let c = spec.profiles[g.profile.index()].concurrency;
    peak_agents(g) * f64::from(c.iter().copied().max().unwrap_or(1).max(1))
}

/// The callbacks that pile up over the horizon, per queue they wait in,
/// as (the overloaded queue they were taken in, callbacks in the center
/// at the end). A caller still waiting when its queue flow offers a
/// callback may take one; in a queue with more arrivals than its agents
/// can take (an `excess` of arrivals per second) nearly every caller is
/// still waiting then (as far as patience lets them: taken here as
/// exponential), and the callback waits in its queue with no patience at
/// all. The callbacks a queue sends are at most its excess (its agents
/// serve as many contacts whichever they take), and agents who also
/// serve an overloaded queue have no time for them. (A fuzz campaign's
/// find: a million calls an hour against ten agents, patience bounding
/// their queue, left callbacks piling up to 8 GB in two minutes.)
fn callback_backlogs(spec: &CenterSpec, excess: &[f64]) -> Vec<(usize, f64)> {
    let horizon_s = spec.horizon.as_secs_f64();
    let (h_ms, i_ms) = (spec.horizon.as_millis(), spec.interval.as_millis());
    let default_queue_flow = spec.defaults.get(FlowType::CustomerQueue);
    // Per (queue taken in, queue waited in): callbacks per second, and
    // callbacks × agent time each.
    let mut taken: BTreeMap<(usize, usize), (f64, f64)> = BTreeMap::new();
    for s in &spec.sources {
        let flow = &spec.flows[s.inbound_flow.index()];
        let per_second = s.arrivals.expected_between(0, h_ms, i_ms) / horizon_s.max(1e-9)
            * (1.0 - flow.self_service);
        let c = &s.customer;
        let patience = c.patience.as_ref().map_or(f64::INFINITY, |d| d.mean());
        for b in source_branches(spec, s) {
            let q = b.queue.index();
            if excess.get(q).is_none_or(|&e| e <= 0.0) {
                continue;
            }
            let queue_flow =
                &spec.flows[b.sets.customer_queue.unwrap_or(default_queue_flow).index()];
            let Some(cb) = &queue_flow.callback else {
                continue;
            };
            let still_waiting = (-cb.offer_after.as_secs_f64() / patience.max(1e-9)).exp();
            let rate = per_second * b.probability * cb.take_probability * still_waiting;
            // An agent rings the customer, then talks.
            let talk = cb.talk.as_ref().map_or(c.mean_conversation(), |d| d.mean());
            let entry = taken
                .entry((q, cb.queue.map_or(q, |x| x.index())))
                .or_default();
            entry.0 += rate;
            entry.1 += rate * (cb.ring.mean() + talk);
        }
    }
    // Per queue waited in: callbacks per second, callbacks × agent time,
    // and the queue sending the most.
    let overloaded: Vec<bool> = excess.iter().map(|&e| e > 0.0).collect();
    let mut waiting: BTreeMap<usize, (f64, f64, (f64, usize))> = BTreeMap::new();
    for (q, &most) in excess.iter().enumerate() {
        let sent: f64 = taken
            .range((q, 0)..=(q, usize::MAX))
            .map(|(_, r)| r.0)
            .sum();
        let scale = if sent > most { most / sent } else { 1.0 };
        for (&(_, x), &(rate, work)) in taken.range((q, 0)..=(q, usize::MAX)) {
            let w = waiting.entry(x).or_insert((0.0, 0.0, (0.0, q)));
            w.0 += rate * scale;
            w.1 += work * scale;
            if rate * scale > w.2 .0 {
                w.2 = (rate * scale, q);
            }
        }
    }
    waiting
        .into_iter()
        .map(|(x, (rate, work, (_, from)))| {
            let handle = if rate > 0.0 { work / rate } else { 0.0 };
            let slots = queue_slots(spec, x, &overloaded);
            let served = if handle > 0.0 {
                slots / handle
            } else {
                f64::INFINITY
            };
            let mut backlog = (rate - served).max(0.0) * horizon_s;
            if let Some(cap) = spec.queues.get(x).and_then(|q| q.capacity) {
                backlog = backlog.min(f64::from(cap));
            }
            (from, backlog)
        })
        .collect()
}

/// Events the shifts make without any contact, per replication: each
/// worked shift's start and end, its breaks going and coming back, its aux
/// periods (logged-in time × aux share / mean aux period: a group with
/// short aux periods makes many) and its planned activities (a share of
/// its agents chosen at each interval start, from a walk over them all).
/// The assignments' agents and days are counted, not enumerated, so a
/// year of ten thousand agents costs nothing to estimate.
fn shift_events(spec: &CenterSpec) -> f64 {
    let calendar = spec.calendar();
    let days = calendar.days(spec.horizon);
    let interval_s = spec.interval.as_secs_f64().max(1e-3);
    let mut events = 0.0;
    for g in &spec.groups {
        let Some(shifts) = &g.shifts else {
            continue;
        };
        let s = &g.shrinkage;
        let aux_mean = s.aux_duration.mean();
        let aux_per_second = if s.aux_share > 0.0 && aux_mean > 0.0 {
            s.aux_share / aux_mean
        } else {
            0.0
        };
        for a in shifts {
            let Some(t) = spec.shift_templates.get(a.template) else {
                continue;
            };
            let worked_days = match a.day {
                Some(d) => u32::from(d < days),
                None => (0..days)
                    .filter(|&d| t.works_on(calendar.weekday(d)))
                    .count() as u32,
            };
            let present = (1.0 - s.absenteeism) * f64::from(a.agents) * f64::from(worked_days);
            let per_shift = 2.0
                + 2.0 * t.breaks.len() as f64
                + 2.0 * aux_per_second * t.working_time().as_secs_f64()
                + 2.0 * s.planned_share * t.length.as_secs_f64() / interval_s;
            events += present * per_shift;
        }
        if s.planned_share > 0.0 {
            // At every interval start the planned activities walk every
            // agent of the group's shifts, there or not
            // (`Center::apply_planned`).
            let members: f64 = shifts.iter().map(|a| f64::from(a.agents)).sum();
            events += PLANNED_WALK_EVENTS_PER_AGENT * members * spec.interval_count() as f64;
        }
    }
    events
}

/// What walking one agent at an interval's planned activities costs, in
/// events' time. Measured: a week of half-hour intervals with a million
/// agents on one shift took 40 s a replication, 37 s of them in that walk
/// (some 110 ns an agent, whose state no cache holds at that size), where
/// the estimate had said 2.7 s (a fuzz campaign's find).
const PLANNED_WALK_EVENTS_PER_AGENT: f64 = 1.0 / 3.0;

/// The headcount of group `g` averaged over the intervals.
fn mean_headcount(g: &crate::center::spec::AgentGroupSpec) -> f64 {
    let n = g.headcount.len().max(1) as f64;
    g.headcount.iter().map(|&h| f64::from(h)).sum::<f64>() / n
}

/// The source sending most contacts to queue `q` (its first source if
/// none does).
fn backlog_source(spec: &CenterSpec, q: usize) -> usize {
    let (h_ms, i_ms) = (spec.horizon.as_millis(), spec.interval.as_millis());
    let mut best = (f64::NEG_INFINITY, 0);
    for (i, s) in spec.sources.iter().enumerate() {
        let share: f64 = source_branches(spec, s)
            .iter()
            .filter(|b| b.queue.index() == q)
            .map(|b| b.probability)
            .sum();
        let a = s.arrivals.expected_between(0, h_ms, i_ms) * share;
        if a > best.0 {
            best = (a, i);
        }
    }
    best.1
}

/// What the statistics of one replication and one point hold.
struct StatsFacts {
    /// One recorder.
    recorder_bytes: u64,
    /// The histograms of a recorder (and of a builder).
    histogram_bytes: u64,
    /// Rows of a point's summary.
    entries: u64,
    /// What drives them.
    driver: MemoryDriver,
}

impl StatsFacts {
    fn of(spec: &CenterSpec) -> StatsFacts {
        let cfg = StatsConfig::new(spec);
        let hist = super::hist::COUNTS_LEN as u64 * size_of::<u64>() as u64;
        let five = 5u64;
        let by_method = BY_METHOD_HISTOGRAMS.len() as u64;
        // Scopes as the recorder keeps them: a single method or channel is
        // the total, not kept twice.
        let extra = |n: usize| if n > 1 { n as u64 } else { 0 };
        let queues = spec.queues.len() as u64;
        let (methods, channels) = (extra(cfg.methods.len()), extra(cfg.channels.len()));
        let histograms = (1 + queues) * five + (methods + channels) * by_method;
        let histogram_bytes = histograms.saturating_mul(hist);
        let intervals = spec.interval_count() as u64;
        let scopes = 1 + queues + methods + channels;
        let all_t = cfg.all_thresholds.len() as u64;
        let sum_t: u64 = cfg.queue_thresholds.iter().map(|t| t.len() as u64).sum();
        // Thresholds counted over the scopes: each queue's own, and every
        // threshold of any queue for the total, methods and channels.
        let scope_thresholds = sum_t + all_t * (1 + methods + channels);
        let row = size_of::<Counts>() as u64 + 16;
        let rows = scopes
            .saturating_mul(row)
            .saturating_add(scope_thresholds.saturating_mul(2 * size_of::<u64>() as u64));
        let groups = spec.groups.len() as u64;
        let recorder_bytes = histogram_bytes
            .saturating_add(intervals.saturating_add(1).saturating_mul(rows))
            .saturating_add(groups.saturating_mul(intervals).saturating_mul(16));
        // Summary rows: per scope and per interval about a dozen counts and
        // rates, plus two service levels per threshold; per scope over the
        // window about fifty; per group a handful per interval.
        let per_interval = scopes * 12 + 2 * scope_thresholds + groups * 3;
        let entries = intervals
            .saturating_mul(per_interval)
            .saturating_add(scopes * 50 + 2 * scope_thresholds + groups * 12);
        let threshold_rows = intervals.saturating_mul(2 * scope_thresholds);
        let interval_rows = intervals.saturating_mul(scopes * 12);
        let driver = if histogram_bytes >= entries.saturating_mul(ENTRY_OVERHEAD_BYTES) {
            MemoryDriver::Histograms
        } else if threshold_rows > interval_rows {
            MemoryDriver::Thresholds {
                queue: most_thresholds(spec),
            }
        } else {
            MemoryDriver::Intervals
        };
        StatsFacts {
            recorder_bytes,
            histogram_bytes,
            entries,
            driver,
        }
    }

    /// A summary builder of `replications` replications: histograms and
    /// rows (values kept for up to [`KEPT_VALUES`] replications).
    fn builder_bytes(&self, replications: u32) -> u64 {
        let kept = u64::from(replications.min(KEPT_VALUES));
        let entry = size_of::<SummaryEntry>() as u64 + ENTRY_OVERHEAD_BYTES + 8 * kept;
        self.histogram_bytes
            .saturating_add(self.entries.saturating_mul(entry))
    }
}

/// The queue with the most service-level thresholds.
fn most_thresholds(spec: &CenterSpec) -> usize {
    spec.queues
        .iter()
        .enumerate()
        .max_by_key(|(i, q)| (q.service_level_thresholds.len(), std::cmp::Reverse(*i)))
        .map(|(i, _)| i)
        .unwrap_or(0)
}

/// `bytes` as people read them, in binary units: `812 KiB`, `3.4 MiB`,
/// `2.0 GiB`.
pub fn human_bytes(bytes: u64) -> String {
    let b = bytes as f64;
    let (k, m, g) = (1024.0, 1024.0 * 1024.0, 1024.0 * 1024.0 * 1024.0);
    if b < m {
        format!("{:.0} KiB", (b / k).max(1.0))
    } else if b < g {
        format!("{:.1} MiB", b / m)
    } else {
        format!("{:.1} GiB", b / g)
    }
}

/// A whole number with its thousands grouped: `1,000,001`.
pub fn grouped(whole: u64) -> String {
    let digits = whole.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A count as people read it: `812`, `12,400`, `3.4 million`, `2.1e12`.
pub fn human_count(n: f64) -> String {
    if !n.is_finite() {
        return "unbounded".into();
    }
    if n < 1e6 {
        grouped(n.round() as u64)
    } else if n < 1e9 {
        format!("{:.1} million", n / 1e6)
    } else if n < 1e12 {
        format!("{:.1} billion", n / 1e9)
    } else {
        format!("{n:.1e}")
    }
}

/// A duration in seconds as people read it: `0.2 s`, `40 s`, `12 min`,
/// `3.5 h`, `14 days`, `2.1e6 years`.
pub fn human_seconds(s: f64) -> String {
    if !s.is_finite() {
        "forever".into()
    } else if s < 10.0 {
        format!("{s:.1} s")
    } else if s < 120.0 {
        format!("{s:.0} s")
    } else if s < 7200.0 {
        format!("{:.0} min", s / 60.0)
    } else if s < 3.0 * 86_400.0 {
        format!("{:.1} h", s / 3600.0)
    } else if s < 365.0 * 86_400.0 {
        format!("{:.0} days", s / 86_400.0)
    } else {
        format!("{:.1e} years", s / (365.25 * 86_400.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // The estimate itself is tested on scenarios in
    // tests/integration/guards.rs (the scenario layer sits above this one).

    #[test]
    fn numbers_read_as_people_write_them() {
        assert_eq!(human_count(12_400.0), "12,400");
        assert_eq!(human_count(999.4), "999");
        assert_eq!(human_count(3.4e6), "3.4 million");
        assert_eq!(human_count(f64::INFINITY), "unbounded");
        assert_eq!(human_bytes(3 * 1024 * 1024 + 400 * 1024), "3.4 MiB");
        assert_eq!(human_bytes(12), "1 KiB");
        assert_eq!(human_bytes(2 * 1024 * 1024 * 1024), "2.0 GiB");
        assert_eq!(human_seconds(90.0), "90 s");
        assert_eq!(human_seconds(4.0 * 86_400.0), "4 days");
    }

    #[test]
    fn bytes_saturate_and_ignore_nonsense() {
        assert_eq!(bytes(f64::NAN), 0);
        assert_eq!(bytes(-3.0), 0);
        assert_eq!(bytes(1e30), u64::MAX);
        assert_eq!(bytes(12.7), 12);
    }
}
