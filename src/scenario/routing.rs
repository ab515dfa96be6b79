//! `[[routing_profiles]]`: the raw tables (served queues, concurrency,
//! cross-channel behaviour, default outbound queue), their defaults and their checks, which build
//! the [`RoutingProfileSpec`]s and the index agent groups look profile
//! names up in.

use serde::Deserialize;
use std::collections::BTreeMap;

use crate::center::ids::ProfileId;
use crate::center::spec::{Channel, ProfileQueue, RoutingProfileSpec};
use crate::engine::SimDuration;

use super::check::QueueIndex;
use super::check::{channel_from, Check};
use super::duration::RawDuration;

/// `[[routing_profiles]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRoutingProfile {
    /// Name.
    pub name: String,
    /// Served queues.
    #[serde(default)]
    pub queues: Vec<RawProfileQueue>,
    /// Per-channel concurrency.
    #[serde(default)]
    pub concurrency: RawConcurrency,
    /// Per-channel cross-channel behaviour: "none" or "any".
    #[serde(default)]
    pub cross_channel: RawCrossChannel,
    /// Whether outbound calls move the agent to the back of the idle order.
    #[serde(default = "yes")]
    pub outbound_moves_to_back: bool,
    /// Default outbound queue.
    pub outbound_queue: Option<String>,
}

fn yes() -> bool {
    true
}

/// `cross_channel = { voice = "none", chat = "any", task = "any" }`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCrossChannel {
    /// While on a voice call.
    #[serde(default = "none_str")]
    pub voice: String,
    /// While on chats.
    #[serde(default = "none_str")]
    pub chat: String,
    /// While on tasks.
    #[serde(default = "none_str")]
    pub task: String,
    /// While on emails.
    #[serde(default = "none_str")]
    pub email: String,
}

fn none_str() -> String {
    "none".into()
}

impl Default for RawCrossChannel {
    fn default() -> Self {
        RawCrossChannel {
            voice: none_str(),
            chat: none_str(),
            task: none_str(),
            email: none_str(),
        }
    }
}

/// One entry of a profile's `queues`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawProfileQueue {
    /// Queue name.
    pub queue: String,
    /// 1 = highest.
    #[serde(default = "one")]
    pub priority: i64,
    /// Minimum wait before this profile may take a contact.
    #[serde(default)]
    pub delay: Option<RawDuration>,
    /// Channels taken from this queue (default: all).
    pub channels: Option<Vec<String>>,
}

fn one() -> i64 {
    1
}

/// `concurrency = { voice = 1, chat = 3, task = 1 }`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawConcurrency {
    /// Voice.
    #[serde(default = "one")]
    pub voice: i64,
    /// Chat.
    #[serde(default = "one")]
    pub chat: i64,
    /// Task.
    #[serde(default = "one")]
    pub task: i64,
    /// Email.
    #[serde(default = "one")]
    pub email: i64,
}

impl Default for RawConcurrency {
    fn default() -> Self {
        RawConcurrency {
            voice: one(),
            chat: one(),
            task: one(),
            email: one(),
        }
    }
}

/// Delay of a profile queue that sets none: offered at once.
const DEFAULT_DELAY: SimDuration = SimDuration::ZERO;

/// Channels of a profile queue that lists none: all of them.
const ALL_CHANNELS: [bool; Channel::COUNT] = [true; Channel::COUNT];

/// The scenario's routing profiles by name, for agent groups.
pub(super) struct ProfileIndex {
    /// Name → id; the first profile of a name wins (a second is reported).
    pub(super) ids: BTreeMap<String, ProfileId>,
    /// Every name, comma-separated, for hints.
    pub(super) names: String,
}

/// Checks every `[[routing_profiles]]` table; returns their specs, in file
/// order, and the index of their names.
pub(super) fn check(
    c: &mut Check,
    raw: &[RawRoutingProfile],
    queues: &QueueIndex,
) -> (Vec<RoutingProfileSpec>, ProfileIndex) {
    let mut ids: BTreeMap<String, ProfileId> = BTreeMap::new();
    let mut seen = BTreeMap::new();
    let mut profiles = Vec::new();
    for (i, p) in raw.iter().enumerate() {
        let path = format!("routing_profiles[{i}]");
        c.name_unique(&mut seen, &p.name, &path, "routing profile");
        ids.entry(p.name.clone()).or_insert(ProfileId(i as u16));
        profiles.push(profile(c, &path, p, queues));
    }
    let names = raw
        .iter()
        .map(|p| p.name.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    (profiles, ProfileIndex { ids, names })
}

/// Checks one routing profile (its name aside).
fn profile(
    c: &mut Check,
    path: &str,
    p: &RawRoutingProfile,
    queues: &QueueIndex,
) -> RoutingProfileSpec {
    if p.queues.is_empty() {
        c.fail(format!("{path}.queues"), format!("routing profile `{}` serves no queue", p.name), "list the queues its agents serve, e.g. queues = [{ queue = \"support\", priority = 1 }]");
    }
    let mut pq = Vec::new();
    for (k, e) in p.queues.iter().enumerate() {
        let qpath = format!("{path}.queues[{k}]");
        if let Some(q) = profile_queue(c, &qpath, e, &pq, queues) {
            pq.push(q);
        }
    }
    let conc = &p.concurrency;
    if conc.voice != 1 {
        c.fail(
            format!("{path}.concurrency.voice"),
            format!("voice concurrency {}", conc.voice),
            "an agent handles one voice call at a time: voice = 1",
        );
    }
    let mut chan = |v: i64, f: &str| -> u32 {
        if !(1..=10).contains(&v) {
            c.fail(
                format!("{path}.concurrency.{f}"),
                format!("{f} concurrency {v} is outside 1–10"),
                "Connect allows 1 to 10",
            );
            1
        } else {
            v as u32
        }
    };
    let concurrency = [
        1,
        chan(conc.chat, "chat"),
        chan(conc.task, "task"),
        chan(conc.email, "email"),
    ];
    let cc = &p.cross_channel;
    let mut cross = [false; Channel::COUNT];
    for (k, (f, v)) in [
        ("voice", &cc.voice),
        ("chat", &cc.chat),
        ("task", &cc.task),
        ("email", &cc.email),
    ]
    .into_iter()
    .enumerate()
    {
        cross[k] = match v.as_str() {
            "none" => false,
            "any" => true,
            other => {
                c.fail(
                    format!("{path}.cross_channel.{f}"),
                    format!("unknown cross-channel behaviour `{other}`"),
                    "\"none\" (no other channels while on this one) or \"any\"",
                );
                false
            }
        };
    }
    let outbound_queue = p
        .outbound_queue
        .as_ref()
        .and_then(|q| queues.lookup(c, format!("{path}.outbound_queue"), q));
    RoutingProfileSpec {
        name: p.name.clone(),
        queues: pq,
        concurrency,
        cross_channel: cross,
        outbound_moves_to_back: p.outbound_moves_to_back,
        outbound_queue,
    }
}

/// Checks one entry of a profile's `queues` against the entries before it
/// (`earlier`); `None` if its queue is unknown.
fn profile_queue(
    c: &mut Check,
    qpath: &str,
    e: &RawProfileQueue,
    earlier: &[ProfileQueue],
    queues: &QueueIndex,
) -> Option<ProfileQueue> {
    let queue = queues.lookup(c, format!("{qpath}.queue"), &e.queue)?;
    if earlier.iter().any(|x| x.queue == queue) {
        c.fail(
            format!("{qpath}.queue"),
            format!("queue `{}` is listed twice", e.queue),
            "list each queue once per profile",
        );
    }
    let priority = match u32::try_from(e.priority) {
        Ok(v) if v >= 1 => v,
        _ => {
            c.fail(
                format!("{qpath}.priority"),
                format!("priority {} is not ≥ 1", e.priority),
                "1 is the highest priority, 2 the next, …",
            );
            1
        }
    };
    let delay = e
        .delay
        .map(|d| c.duration(&format!("{qpath}.delay"), d))
        .unwrap_or(DEFAULT_DELAY);
    let channels = match &e.channels {
        None => ALL_CHANNELS,
        Some(list) => {
            let mut ch = [false; Channel::COUNT];
            for (n, name) in list.iter().enumerate() {
                match channel_from(name) {
                    Some(x) => ch[x.index()] = true,
                    None => c.fail(
                        format!("{qpath}.channels[{n}]"),
                        format!("unknown channel `{name}`"),
                        "use voice, chat, task or email",
                    ),
                }
            }
            if list.is_empty() {
                c.fail(
                    format!("{qpath}.channels"),
                    "no channel",
                    "list at least one of voice, chat, task, email, or leave it out for all",
                );
            }
            ch
        }
    };
    Some(ProfileQueue {
        channels,
        queue,
        priority,
        delay,
    })
}
