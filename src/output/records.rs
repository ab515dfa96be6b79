//! Contact records, one JSON object per contact in Amazon Connect's
//! contact record data model, streamed to disk as the simulation runs —
//! never held in memory — as JSON lines or in Firehose's S3 layout
//! ([`super::firehose`]).
//!
//! Each replication streams into its own temporary file (or folder) beside
//! the target; [`RecordFiles::finish`] combines them in replication order
//! and renames the result into place, so the output is the same for any
//! thread count and a crash never leaves half of it.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde_json::{Map, Value};

use crate::center::campaign_spec::CampaignLeg;
use crate::center::ids::{GroupId, QueueId};
use crate::center::record::Monitoring;
use crate::center::spec::CenterSpec;
use crate::center::{run_replication, AgentActivity, ContactRecord, Observer, Outcome};
use crate::engine::{SimDuration, SimTime};
use crate::exec;
use crate::stats::{Recorder, Summary};
use crate::timefmt::format_iso8601_utc_seconds;

use super::connect_ids::InstanceArns;
use super::firehose::{self, FirehoseSink};
use super::record_parts;
use super::routing_criteria::{answered_step_attribute, routing_criteria_json};

use super::OutputError;

/// Runs every replication of `spec` on the [executor](crate::exec), like
/// [`exec::run_scenario`], while streaming each one's contact records to
/// `files`; the records file is put in place once every replication ran.
pub fn run_with_records(
    spec: &CenterSpec,
    threads: Option<usize>,
    progress: &(dyn Fn() + Sync),
    files: &RecordFiles,
) -> Result<Summary, OutputError> {
    files.clear_stale_parts();
    let failed: Mutex<Option<(u32, OutputError)>> = Mutex::new(None);
    let simulate = |spec: &CenterSpec, r: u32, recorder: Recorder| {
        let ((mut recorder, writer), info) =
            run_replication(spec, r, (recorder, files.writer(spec, r)));
        // A replication whose virtual time stood still is refused by the
        // caller, as without records.
        recorder.note_stall(info.stalled);
        if let Err(e) = writer.close() {
            // A poisoned lock only means another replication panicked, which
            // aborts the run anyway.
            let mut first = failed.lock().unwrap_or_else(|p| p.into_inner());
            // The error reported is the earliest replication's, whatever
            // order the threads finished in.
            if first.as_ref().is_none_or(|(at, _)| r < *at) {
                *first = Some((r, e));
            }
        }
        (recorder, info.events)
    };
    let summary = exec::run_scenario_with(spec, threads, progress, &simulate);
    let written = match failed.into_inner().unwrap_or_else(|p| p.into_inner()) {
        Some((_, e)) => Err(e),
        None => Ok(()),
    };
    files.finish(spec.replications, written)?;
    Ok(summary)
}

/// How the records of a run are laid out on disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RecordLayout {
    /// One file, one record per line.
    #[default]
    JsonLines,
    /// A folder of gzip'd objects under `YYYY/MM/DD/HH/`, records
    /// concatenated with no separator, as Kinesis Data Firehose delivers
    /// them to S3.
    Firehose,
}

/// Where the records of one run go.
#[derive(Debug, Clone)]
pub struct RecordFiles {
    /// The file or folder, its symbolic links followed.
    target: PathBuf,
    layout: RecordLayout,
    /// The target is a FIFO or a device (`/dev/stdout`): the records are
    /// written into it at the end, the parts kept in the temporary folder
    /// (not beside it, in `/dev`), and nothing is renamed over it.
    direct: bool,
}

impl RecordFiles {
    /// Records for `target` (a `.jsonl` file).
    pub fn new(target: &Path) -> Self {
        Self::with_layout(target, RecordLayout::JsonLines)
    }

    /// Records for `target`: a file for [`RecordLayout::JsonLines`], a
    /// folder for [`RecordLayout::Firehose`].
    ///
    /// A symbolic link is followed (the file it leads to is replaced, the
    /// link kept); a FIFO or a device is written into, never replaced.
    pub fn with_layout(target: &Path, layout: RecordLayout) -> Self {
        // Special before followed: `/dev/stdout` leads through
        // `/proc/self/fd/1` to a pipe that has no path, which only the
        // kernel follows. A link that cannot be read is left as named:
        // writing through it reports the error.
        let direct = layout == RecordLayout::JsonLines && super::links::is_special(target);
        let target = if direct {
            target.to_path_buf()
        } else {
            super::links::follow(target).unwrap_or_else(|_| target.to_path_buf())
        };
        RecordFiles {
            target,
            layout,
            direct,
        }
    }

    /// The target's file name, as its parts are named after it.
    fn name(&self) -> &str {
        self.target
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("records.jsonl")
    }

    /// The target's folder.
    fn folder(&self) -> &Path {
        self.target
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
    }

    fn part(&self, replication: u32) -> PathBuf {
        record_parts::part_path(self.folder(), self.name(), replication, self.direct)
    }

    /// Removes the parts an earlier run to this target left when it was
    /// killed (see [`record_parts`]).
    pub fn clear_stale_parts(&self) {
        record_parts::clear_stale_parts(self.folder(), self.name(), self.direct);
    }

    /// A writer streaming replication `replication`'s records.
    pub fn writer<'a>(&self, spec: &'a CenterSpec, replication: u32) -> RecordWriter<'a> {
        let path = self.part(replication);
        let out = match self
            .target
            .parent()
            .filter(|p| !p.as_os_str().is_empty() && !self.direct)
            .map(std::fs::create_dir_all)
        {
            Some(Err(e)) => Err(e),
            _ => match self.layout {
                RecordLayout::JsonLines => {
                    File::create(&path).map(|f| Sink::Lines(BufWriter::new(f)))
                }
                RecordLayout::Firehose => {
                    let _ = std::fs::remove_dir_all(&path);
                    FirehoseSink::new(path.clone(), replication).map(Sink::Firehose)
                }
            },
        };
        let (out, error) = match out {
            Ok(s) => (Some(s), None),
            Err(e) => (None, Some(e)),
        };
        RecordWriter {
            format: RecordFormatter::new(spec, replication, calendar_offset_ms(spec, replication)),
            out,
            error,
            path,
        }
    }

    /// Concatenates the replications' parts, in order, into the target
    /// (atomically) and removes the parts.
    pub fn finish(
        &self,
        replications: u32,
        writers_ok: Result<(), OutputError>,
    ) -> Result<(), OutputError> {
        let io = |source| OutputError::Io {
            path: self.target.clone(),
            source,
        };
        if self.layout == RecordLayout::Firehose {
            let parts: Vec<PathBuf> = (0..replications).map(|r| self.part(r)).collect();
            if let Err(e) = writers_ok {
                firehose::remove_parts(&parts);
                return Err(e);
            }
            return firehose::assemble(&parts, &self.target).map_err(io);
        }
        let cleanup = || {
            for r in 0..replications {
                let _ = std::fs::remove_file(self.part(r));
            }
        };
        if let Err(e) = writers_ok {
            cleanup();
            return Err(e);
        }
        if self.direct {
            let result = self.write_into_target(replications);
            cleanup();
            return result.map_err(io);
        }
        let tmp = self.target.with_file_name(format!(
            ".{}.tmp-{}",
            self.target
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or("records.jsonl"),
            std::process::id()
        ));
        let result = (|| {
            let mut out = BufWriter::new(File::create(&tmp)?);
            for r in 0..replications {
                let mut part = File::open(self.part(r))?;
                std::io::copy(&mut part, &mut out)?;
            }
            let f = out.into_inner().map_err(|e| e.into_error())?;
            f.sync_all()?;
            std::fs::rename(&tmp, &self.target)
        })();
        cleanup();
        if let Err(e) = result {
            let _ = std::fs::remove_file(&tmp);
            return Err(io(e));
        }
        Ok(())
    }

    /// Writes the parts, in order, into the special file that is the
    /// target (opened for writing, neither created nor truncated: a FIFO's
    /// reader or a terminal gets the records as a stream).
    fn write_into_target(&self, replications: u32) -> std::io::Result<()> {
        let file = std::fs::OpenOptions::new().write(true).open(&self.target)?;
        let mut out = BufWriter::new(file);
        for r in 0..replications {
            let mut part = File::open(self.part(r))?;
            std::io::copy(&mut part, &mut out)?;
        }
        out.flush()
    }
}

/// `AWSContactTraceRecordFormatVersion` of Connect's contact records.
pub const CTR_FORMAT_VERSION: &str = "2017-03-10";

const DAY_MS: i64 = 86_400_000;

/// How far after the scenario's start replication `replication` lies on the
/// calendar: each replication is a distinct period of whole days (its
/// horizon and drain rounded up), so a script that groups records by date
/// does not count one simulated day N times.
pub fn calendar_offset_ms(spec: &CenterSpec, replication: u32) -> i64 {
    let span = (spec.horizon + spec.drain).as_millis() as i64;
    let days = ((span + DAY_MS - 1) / DAY_MS).max(1);
    i64::from(replication) * days * DAY_MS
}

/// Turns one replication's [`ContactRecord`]s into Connect's JSON.
pub struct RecordFormatter<'a> {
    spec: &'a CenterSpec,
    replication: u32,
    arns: InstanceArns,
    /// Where this replication lies on the calendar, after the scenario's
    /// start (each replication is its own period, see [`calendar_offset_ms`]).
    calendar_offset_ms: i64,
}

/// Streams one replication's contact records.
pub struct RecordWriter<'a> {
    format: RecordFormatter<'a>,
    out: Option<Sink>,
    error: Option<std::io::Error>,
    path: PathBuf,
}

/// Where a replication's records stream.
enum Sink {
    /// A JSON-lines part file.
    Lines(BufWriter<File>),
    /// A Firehose folder.
    Firehose(FirehoseSink),
}

impl RecordWriter<'_> {
    /// Flushes; returns the first error met while writing.
    pub fn close(mut self) -> Result<(), OutputError> {
        if let (Some(out), None) = (self.out.take(), self.error.as_ref()) {
            let closed = match out {
                Sink::Lines(mut f) => f.flush(),
                Sink::Firehose(s) => s.close(),
            };
            if let Err(e) = closed {
                self.error = Some(e);
            }
        }
        match self.error {
            Some(source) => Err(OutputError::Io {
                path: self.path,
                source,
            }),
            None => Ok(()),
        }
    }

    /// The record as Connect writes it (see [`RecordFormatter::to_json`]).
    pub fn to_json(&self, r: &ContactRecord) -> Value {
        self.format.to_json(r)
    }

    fn write(&mut self, r: &ContactRecord) {
        if self.error.is_some() {
            return;
        }
        let record = self.to_json(r);
        let at = self.format.unix_ms(last_update(r));
        let res = match self.out.as_mut() {
            Some(Sink::Lines(out)) => serde_json::to_writer(&mut *out, &record)
                .map_err(std::io::Error::other)
                .and_then(|_| out.write_all(b"\n")),
            // Firehose concatenates records with no separator.
            Some(Sink::Firehose(out)) => serde_json::to_vec(&record)
                .map_err(std::io::Error::other)
                .and_then(|bytes| out.write(at, &bytes)),
            None => Ok(()),
        };
        if let Err(e) = res {
            self.error = Some(e);
        }
    }
}

impl<'a> RecordFormatter<'a> {
    /// Records of replication `replication` of `spec`, placed
    /// `calendar_offset_ms` after the scenario's start on the calendar.
    pub fn new(spec: &'a CenterSpec, replication: u32, calendar_offset_ms: i64) -> Self {
        RecordFormatter {
            spec,
            replication,
            arns: InstanceArns::new(&spec.name, spec.seed),
            calendar_offset_ms,
        }
    }

    /// The Unix time a virtual time stands for in these records.
    pub fn unix_ms(&self, t: SimTime) -> i64 {
        self.spec.start_unix_ms + self.calendar_offset_ms + t.as_millis() as i64
    }

    fn ts(&self, t: Option<SimTime>) -> Value {
        t.map(|t| Value::String(format_iso8601_utc_seconds(self.unix_ms(t))))
            .unwrap_or(Value::Null)
    }

    fn id(&self, id: Option<u64>) -> Value {
        id.map(|i| Value::String(self.arns.contact_id(self.replication, i)))
            .unwrap_or(Value::Null)
    }

    /// `{ARN, Name}` of queue `q`, the start of a record's `Queue` object.
    /// A group's agent queue is written as Connect writes an agent's own
    /// queue: the ARN of the one agent `to_agent` the contact waited for
    /// (`…/queue/agent/<id>`), and no name.
    fn queue_object(&self, q: QueueId, to_agent: Option<(u32, GroupId)>) -> Map<String, Value> {
        let queue = &self.spec.queues[q.index()];
        let mut o = Map::new();
        match (queue.agent_queue_of, to_agent) {
            (Some(_), Some((agent, g))) => {
                let group = &self.spec.groups[g.index()].name;
                o.insert(
                    "ARN".into(),
                    Value::String(self.arns.agent_queue(group, agent)),
                );
                o.insert("Name".into(), Value::Null);
            }
            _ => {
                o.insert("ARN".into(), Value::String(self.arns.queue(&queue.name)));
                o.insert("Name".into(), Value::String(queue.name.clone()));
            }
        }
        o
    }

    /// The record as Connect writes it (the fields ccsim can know).
    pub fn to_json(&self, r: &ContactRecord) -> Value {
        let secs = |d: SimDuration| Value::from((d.as_millis() + 500) / 1000);
        let mut m = Map::new();
        m.insert(
            "AWSContactTraceRecordFormatVersion".into(),
            Value::String(CTR_FORMAT_VERSION.into()),
        );
        m.insert(
            "InstanceARN".into(),
            Value::String(self.arns.instance().into()),
        );
        m.insert("ContactId".into(), self.id(Some(r.id)));
        m.insert("InitialContactId".into(), self.id(Some(r.initial_id)));
        m.insert("PreviousContactId".into(), self.id(r.previous_id));
        m.insert("NextContactId".into(), self.id(r.next_id));
        if let Some(related) = r.related_id {
            // Only replies, flows' emails and MONITOR contacts have one;
            // the other records keep their fields as they were.
            m.insert("RelatedContactId".into(), self.id(Some(related)));
        }
        m.insert("Channel".into(), Value::String(r.channel.as_str().into()));
        m.insert(
            "InitiationMethod".into(),
            Value::String(r.method.as_str().into()),
        );
        m.insert("InitiationTimestamp".into(), self.ts(Some(r.initiated)));
        m.insert(
            "ConnectedToSystemTimestamp".into(),
            self.ts(r.connected_to_system),
        );
        m.insert("DisconnectTimestamp".into(), self.ts(r.disconnected));
        m.insert(
            "DisconnectReason".into(),
            r.disconnect_reason
                .map(|d| Value::String(d.as_str().into()))
                .unwrap_or(Value::Null),
        );
        m.insert(
            "Queue".into(),
            match (r.queue, r.enqueued) {
                (Some(q), Some(e)) => {
                    let mut o = self.queue_object(q, r.transfer_to_agent);
                    o.insert("EnqueueTimestamp".into(), self.ts(Some(e)));
                    o.insert("DequeueTimestamp".into(), self.ts(r.dequeued));
                    o.insert(
                        "Duration".into(),
                        r.queue_duration().map(secs).unwrap_or(Value::Null),
                    );
                    Value::Object(o)
                }
                _ => match r.outbound_queue {
                    // An OUTBOUND call names its outbound queue; it was
                    // never queued.
                    Some(q) => {
                        let mut o = self.queue_object(q, None);
                        o.insert("EnqueueTimestamp".into(), Value::Null);
                        o.insert("DequeueTimestamp".into(), Value::Null);
                        o.insert("Duration".into(), Value::from(0));
                        Value::Object(o)
                    }
                    None => Value::Null,
                },
            },
        );
        m.insert(
            "Agent".into(),
            match (r.agent, r.connected) {
                (Some((a, g)), Some(_)) => {
                    let group = &self.spec.groups[g.index()];
                    let mut o = Map::new();
                    o.insert(
                        "Username".into(),
                        Value::String(format!("{}.{a}", group.name)),
                    );
                    let profile = &self.spec.profiles[group.profile.index()].name;
                    let mut rp = Map::new();
                    rp.insert(
                        "ARN".into(),
                        Value::String(self.arns.routing_profile(profile)),
                    );
                    rp.insert("Name".into(), Value::String(profile.clone()));
                    o.insert("RoutingProfile".into(), Value::Object(rp));
                    o.insert("ConnectedToAgentTimestamp".into(), self.ts(r.connected));
                    o.insert("AgentInteractionDuration".into(), secs(r.talk));
                    o.insert("CustomerHoldDuration".into(), secs(r.hold_total));
                    o.insert("NumberOfHolds".into(), Value::from(r.hold_count));
                    o.insert("LongestHoldDuration".into(), secs(r.longest_hold));
                    if let Some(p) = r.pause {
                        // Every pause ccsim models is with the agent.
                        o.insert("AgentPauseDurationInSeconds".into(), secs(p.total));
                    }
                    o.insert(
                        "AfterContactWorkStartTimestamp".into(),
                        self.ts(r.acw_start()),
                    );
                    o.insert("AfterContactWorkEndTimestamp".into(), self.ts(r.acw_end));
                    o.insert(
                        "AfterContactWorkDuration".into(),
                        r.acw_end.map(|_| secs(r.acw)).unwrap_or(Value::Null),
                    );
                    Value::Object(o)
                }
                _ => match r.supervisor {
                    Some(sup) => self.supervisor_object(r, sup),
                    None => Value::Null,
                },
            },
        );
        m.insert(
            "AgentConnectionAttempts".into(),
            Value::from(r.missed_offers + u32::from(r.accepted.is_some())),
        );
        if let Some(p) = r.pause {
            m.insert("TotalPauseCount".into(), Value::from(p.count));
            m.insert("TotalPauseDurationInSeconds".into(), secs(p.total));
        }
        if let Some(state) = &r.routing_criteria {
            let answered = crate::stats::recorder::answered(r);
            let rc = routing_criteria_json(self.spec, state, answered, |t| self.ts(Some(t)));
            m.insert("RoutingCriteria".into(), rc);
        }
        if let (Some(t), Some(src)) = (r.redial, r.source) {
            // Connect's customer endpoint: the caller's number, a
            // deterministic fake one per customer (what ties its redials
            // together).
            let mut e = Map::new();
            e.insert("Type".into(), Value::String("TELEPHONE_NUMBER".into()));
            e.insert(
                "Address".into(),
                Value::String(customer_number(src.index(), t.customer)),
            );
            m.insert("CustomerEndpoint".into(), Value::Object(e));
        }
        if let Some(q) = r.external_of {
            self.external_endpoints(q, &mut m);
        }
        m.insert("LastUpdateTimestamp".into(), self.ts(Some(last_update(r))));
        if let Some(leg) = r.campaign {
            self.campaign_fields(leg, &mut m);
        }
        m.insert("Attributes".into(), Value::Object(self.attributes(r)));
        Value::Object(m)
    }

    /// A campaign call's fields: Connect's `Campaign` (`CampaignId`, a
    /// UUID from the campaign's name) and `AnsweringMachineDetectionStatus`.
    fn campaign_fields(&self, leg: CampaignLeg, m: &mut Map<String, Value>) {
        let name = &self.spec.campaigns[usize::from(leg.campaign)].name;
        let mut campaign = Map::new();
        campaign.insert(
            "CampaignId".into(),
            Value::String(super::connect_ids::uuid(&["campaign", name])),
        );
        m.insert("Campaign".into(), Value::Object(campaign));
        m.insert(
            "AnsweringMachineDetectionStatus".into(),
            leg.amd
                .as_str()
                .map(|s| Value::String(s.into()))
                .unwrap_or(Value::Null),
        );
    }

    /// A MONITOR contact's `Agent`: the supervisor who listened (a user,
    /// with no routing profile ccsim knows).
    fn supervisor_object(&self, r: &ContactRecord, (s, g): (u32, u16)) -> Value {
        let group = &self.spec.supervisor_groups[usize::from(g)];
        let mut o = Map::new();
        o.insert(
            "Username".into(),
            Value::String(format!("{}.{s}", group.name)),
        );
        o.insert("ConnectedToAgentTimestamp".into(), self.ts(r.connected));
        o.insert(
            "AgentInteractionDuration".into(),
            Value::from((r.talk.as_millis() + 500) / 1000),
        );
        Value::Object(o)
    }

    /// An EXTERNAL_OUTBOUND contact's endpoints, as a quick connect to an
    /// external number gives them: the external party's number, and the
    /// center's outbound caller ID (made up).
    fn external_endpoints(&self, q: QueueId, m: &mut Map<String, Value>) {
        let number = self.spec.queues[q.index()]
            .external
            .as_ref()
            .map(|x| x.number.clone())
            .unwrap_or_default();
        for (key, address) in [
            ("CustomerEndpoint", number),
            ("SystemEndpoint", CENTER_CALLER_ID.to_string()),
        ] {
            let mut e = Map::new();
            e.insert("Type".into(), Value::String("TELEPHONE_NUMBER".into()));
            e.insert("Address".into(), Value::String(address));
            m.insert(key.into(), Value::Object(e));
        }
    }

    /// ccsim's own fields, as contact attributes (Connect's attributes are
    /// string → string).
    fn attributes(&self, r: &ContactRecord) -> Map<String, Value> {
        let mut a = Map::new();
        let mut put = |k: &str, v: String| {
            a.insert(k.into(), Value::String(v));
        };
        put("ccsim_replication", self.replication.to_string());
        put("ccsim_outcome", r.outcome.as_str().into());
        put("ccsim_callback_attempts", r.callback_attempts.to_string());
        if let Some(state) = r
            .routing_criteria
            .filter(|_| crate::stats::recorder::answered(r))
        {
            put(
                "ccsim_routing_step",
                answered_step_attribute(self.spec, &state),
            );
        }
        if let (Some(t), Some(src)) = (r.redial, r.source) {
            put("ccsim_customer", customer_number(src.index(), t.customer));
            put("ccsim_redial_try", t.tries.to_string());
            put("ccsim_redials_again", t.again.to_string());
        }
        if let Some(leg) = r.campaign {
            let k = &self.spec.campaigns[usize::from(leg.campaign)];
            put("ccsim_campaign", k.name.clone());
            put("ccsim_dialing_mode", k.mode.as_str().into());
            if k.preview.is_some() {
                put(
                    "ccsim_preview_seconds",
                    ((leg.preview.as_millis() + 500) / 1000).to_string(),
                );
            }
        }
        if let Some(m) = r.monitoring {
            put(
                "ccsim_monitoring",
                match m {
                    Monitoring::Monitored(_) => "monitored",
                    Monitoring::Missed(_) => "missed_no_supervisor_free",
                }
                .into(),
            );
        }
        if let Some((_, g)) = r.supervisor {
            let group = &self.spec.supervisor_groups[usize::from(g)];
            put("ccsim_supervisor_group", group.name.clone());
        }
        if let Some(p) = r.pause {
            // Of the pause time, the wait for a free slot of the agent.
            let wait = (p.resume_wait.as_millis() + 500) / 1000;
            put("ccsim_resume_wait_seconds", wait.to_string());
        }
        if let Some((agent, g)) = r.transfer_to_agent {
            // The one agent an agent quick connect named (the record's
            // Queue is the group's agent queue).
            put(
                "ccsim_transfer_to_agent",
                format!("{}.{agent}", self.spec.groups[g.index()].name),
            );
        }
        a
    }
}

/// The center's outbound caller ID on external calls (made up: ccsim
/// knows no claimed number).
const CENTER_CALLER_ID: &str = "+15550000000";

/// The fake E.164 number of customer `customer` (its first call's place
/// in its source's arrivals) of source `source`: `+1555`, the source in two
/// digits, the customer in eight (wrapping past 10⁸ customers).
pub fn customer_number(source: usize, customer: u64) -> String {
    format!("+1555{:02}{:08}", source % 100, customer % 100_000_000)
}

/// When Connect last updated the record: its latest timestamp.
fn last_update(r: &ContactRecord) -> SimTime {
    [Some(r.initiated), r.disconnected, r.acw_end]
        .into_iter()
        .flatten()
        .max()
        .unwrap_or(r.initiated)
}

impl Observer for RecordWriter<'_> {
    fn contact_ended(&mut self, r: &ContactRecord) {
        self.write(r);
    }
    fn contact_unfinished(&mut self, r: &ContactRecord) {
        debug_assert_eq!(r.outcome, Outcome::InProgress);
        self.write(r);
    }
    fn agent_time(&mut self, _: GroupId, _: AgentActivity, _: SimTime, _: SimTime) {}
    fn queue_level(&mut self, _: QueueId, _: u32, _: SimTime, _: SimTime) {}
}
