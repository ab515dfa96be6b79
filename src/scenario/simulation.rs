//! `[simulation]` (seed, replications, start, horizon, interval, warm-up,
//! drain), the scenario's top-level `name`, and `[instance_limits]`: the raw
//! tables, their defaults and their checks. The checks build the run
//! settings of the [`CenterSpec`], whose tables the other rooms fill in.

use serde::Deserialize;

use crate::center::spec::{CenterSpec, Channel};
use crate::engine::SimDuration;

use super::check::Check;
use super::date::{display_zone, parse_start};
use super::duration::RawDuration;
use super::limits;

/// `[instance_limits]`: concurrent active contacts per channel.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawInstanceLimits {
    /// Active voice calls (including those still hearing a disconnect
    /// flow).
    pub voice: Option<i64>,
    /// Active chats.
    pub chat: Option<i64>,
    /// Active tasks.
    pub task: Option<i64>,
    /// Active emails.
    pub email: Option<i64>,
}

/// `[simulation]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSimulation {
    /// Seed of every random stream.
    pub seed: u64,
    /// Independent replications.
    #[serde(default = "default_replications")]
    pub replications: i64,
    /// The ISO 8601 instant virtual time zero stands for: UTC, with an
    /// offset, a `[zone]` suffix, or local in `time_zone`.
    #[serde(default = "default_start", deserialize_with = "start_text")]
    pub start: String,
    /// The IANA zone a `start` without offset is local to.
    #[serde(default)]
    pub time_zone: Option<String>,
    /// How long new contacts arrive.
    pub horizon: RawDuration,
    /// Reporting / staffing interval.
    #[serde(default = "default_interval")]
    pub interval: RawDuration,
    /// Discarded start-up period.
    #[serde(default)]
    pub warmup: Option<RawDuration>,
    /// How long contacts in the center at the horizon are followed.
    #[serde(default)]
    pub drain: Option<RawDuration>,
}

/// `start` as text: a string, or a TOML date-time written without quotes
/// (`start = 2026-01-05T08:00:00Z`), which TOML reads as its own type.
fn start_text<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    match toml::Value::deserialize(d)? {
        toml::Value::String(s) => Ok(s),
        toml::Value::Datetime(t) => Ok(t.to_string()),
        other => {
            let found = other.type_str();
            let article = if found.starts_with(['a', 'e', 'i', 'o', 'u']) {
                "an"
            } else {
                "a"
            };
            Err(serde::de::Error::custom(format!(
                "expected a date-time such as \"2026-01-05T08:00:00Z\", found {article} {found}"
            )))
        }
    }
}

fn default_replications() -> i64 {
    10
}

fn default_start() -> String {
    "2026-01-05T08:00:00Z".into()
}

fn default_interval() -> RawDuration {
    RawDuration(1800.0)
}

/// Warm-up when `warmup` is left out: everything is measured.
const DEFAULT_WARMUP: SimDuration = SimDuration::ZERO;

/// Drain when `drain` is left out.
const DEFAULT_DRAIN: SimDuration = SimDuration::from_secs(4 * 3600);

/// Whether `name` can name a scenario: its results go to a folder of that
/// name (`results/<name>/`), so it is not blank, holds no path separator
/// and is not `.` or `..` (or any run of dots).
pub fn is_folder_name(name: &str) -> bool {
    !(name.trim().is_empty() || name.contains(['/', '\\']) || name.chars().all(|c| c == '.'))
}

/// Checks the scenario name and `[simulation]`; returns a spec holding the
/// run settings, with every table still empty.
pub(super) fn check(
    c: &mut Check,
    name: Option<&String>,
    sim: &RawSimulation,
    default_name: &str,
) -> CenterSpec {
    let name = name.cloned().unwrap_or_else(|| default_name.to_string());
    if !is_folder_name(&name) {
        c.fail(
            "name",
            format!("scenario name `{name}` cannot be used as a folder name"),
            "use letters, digits, - and _",
        );
    }
    let replications = limits::replications(c, sim.replications);
    // A zone ccsim does not know is the zone's mistake, not the start's.
    let unknown_zone = sim
        .time_zone
        .as_deref()
        .filter(|z| jiff::tz::TimeZone::get(z.trim()).is_err());
    if let Some(z) = unknown_zone {
        c.fail(
            "simulation.time_zone",
            format!("`{z}` is not an IANA time zone name"),
            "write a zone as the IANA database names it, e.g. time_zone = \"Europe/Berlin\", \"America/New_York\" or \"UTC\" (a fixed offset goes in `start`, e.g. \"2026-01-05T08:00:00+05:00\")",
        );
    }
    let start_unix_ms = match parse_start(&sim.start, sim.time_zone.as_deref()) {
        Ok(v) => v,
        Err(_) if unknown_zone.is_some() => 0,
        Err(e) => {
            c.fail(
                "simulation.start",
                e,
                "write e.g. start = \"2026-01-05T08:00:00Z\", \"2026-01-05T08:00:00+01:00\" or \"2026-01-05T08:00[Europe/Berlin]\" (or a local start with time_zone = \"Europe/Berlin\"), at a time that happens once",
            );
            0
        }
    };
    let horizon = limits::span(c, "simulation.horizon", sim.horizon, true);
    let interval = c.positive_duration("simulation.interval", sim.interval, "30m");
    let interval = limits::interval(c, horizon, interval);
    let warmup = sim
        .warmup
        .map(|w| c.duration("simulation.warmup", w))
        .unwrap_or(DEFAULT_WARMUP);
    let drain = sim
        .drain
        .map(|d| limits::span(c, "simulation.drain", d, false))
        .unwrap_or(DEFAULT_DRAIN);
    if warmup >= horizon && horizon > SimDuration::ZERO {
        c.fail(
            "simulation.warmup",
            "warm-up is as long as the horizon: nothing would be measured",
            "make the warm-up shorter than the horizon",
        );
    }
    CenterSpec {
        instance_limits: [None; Channel::COUNT],
        name,
        seed: sim.seed,
        replications,
        start_unix_ms,
        zone: display_zone(&sim.start, sim.time_zone.as_deref()),
        horizon,
        interval,
        warmup,
        drain,
        queues: Vec::new(),
        profiles: Vec::new(),
        groups: Vec::new(),
        shift_templates: Vec::new(),
        flows: Vec::new(),
        defaults: super::flows::connect_defaults(),
        sources: Vec::new(),
        routing_criteria: Vec::new(),
        campaigns: Vec::new(),
        supervisor_groups: Vec::new(),
    }
}

/// The number of intervals per-interval values must cover:
/// [`CenterSpec::interval_count`], except that an interval already reported
/// as zero counts as one interval, so the checks after it stay small.
pub(super) fn intervals(spec: &CenterSpec) -> usize {
    if spec.interval > SimDuration::ZERO {
        spec.interval_count()
    } else {
        1
    }
}

/// Checks `[instance_limits]`: per channel (voice, chat, task), the most
/// concurrent active contacts, `None` for no limit.
pub(super) fn instance_limits(
    c: &mut Check,
    limits: Option<&RawInstanceLimits>,
) -> [Option<u32>; Channel::COUNT] {
    match limits {
        None => [None; Channel::COUNT],
        Some(l) => {
            let mut out = [None; Channel::COUNT];
            for (k, (f, v)) in [
                ("voice", l.voice),
                ("chat", l.chat),
                ("task", l.task),
                ("email", l.email),
            ]
            .into_iter()
            .enumerate()
            {
                out[k] = match v {
                    None => None,
                    Some(v) if v >= 1 && v <= i64::from(u32::MAX) => Some(v as u32),
                    Some(v) => {
                        c.fail(format!("instance_limits.{f}"), format!("limit {v} is not a positive whole number"), "the most concurrent active contacts of this channel, e.g. 500; leave it out for no limit");
                        None
                    }
                };
            }
            out
        }
    }
}
