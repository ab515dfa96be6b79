//! `[[agent_groups]]`: the raw tables (headcount, accepting offers, missed
//! offers, after-contact work — each per channel too —, outbound calls,
//! occupancy target), their
//! defaults and their checks, which build the [`AgentGroupSpec`]s.

use serde::Deserialize;
use std::collections::BTreeMap;

use crate::center::ids::{GroupId, ProfileId};
use crate::center::shifts::Shrinkage;
use crate::center::spec::{AgentGroupSpec, OutboundSpec};
use crate::engine::{Dist, SimDuration};

use super::check::{Check, OneOrMany};
use super::dist::RawDist;
use super::routing::ProfileIndex;
use super::shifts::{RawShift, RawShrinkage, ShiftContext};

/// `[[agent_groups]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAgentGroup {
    /// Name.
    pub name: String,
    /// Routing profile name.
    pub routing_profile: String,
    /// Headcount: a number, or one per interval (or `shifts` instead).
    pub headcount: Option<OneOrMany<i64>>,
    /// Shifts staffing the group instead of a headcount.
    pub shifts: Option<Vec<RawShift>>,
    /// Absenteeism, aux and planned shrinkage (with `shifts`).
    pub shrinkage: Option<RawShrinkage>,
    /// Auto-accept offers.
    #[serde(default)]
    pub auto_accept: bool,
    /// Connection time of an auto-accepted offer.
    pub auto_accept_delay: Option<RawDist>,
    /// Answer delay of a manual accept.
    pub answer_delay: Option<RawDist>,
    /// Per-channel answer delay, over `answer_delay`.
    #[serde(default)]
    pub answer_delay_by_channel: RawByChannel<RawDist>,
    /// Probability of missing an offer.
    #[serde(default)]
    pub miss_probability: f64,
    /// Time in the Missed state.
    pub missed_recovery: Option<RawDist>,
    /// After-contact work.
    pub after_contact_work: Option<RawDist>,
    /// Per-channel after-contact work, over `after_contact_work`.
    #[serde(default)]
    pub after_contact_work_by_channel: RawByChannel<RawDist>,
    /// Per-channel auto-accept, over `auto_accept`.
    #[serde(default)]
    pub auto_accept_by_channel: RawByChannel<bool>,
    /// Agent-initiated outbound calls.
    pub outbound: Option<RawOutbound>,
    /// Staffing target: maximum occupancy.
    pub max_occupancy: Option<f64>,
    /// Proficiencies every agent of the group has (routing criteria).
    #[serde(default)]
    pub proficiencies: Vec<super::criteria::RawProficiency>,
}

/// A per-channel setting: `{ voice = …, chat = …, task = …, callback = … }`,
/// each optional (Connect's per-channel agent configuration, with
/// agent-first callbacks apart).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawByChannel<T> {
    /// Voice calls (callbacks aside).
    pub voice: Option<T>,
    /// Chats.
    pub chat: Option<T>,
    /// Tasks.
    pub task: Option<T>,
    /// Emails.
    pub email: Option<T>,
    /// Callbacks (agent-first: offered to the agent before Connect dials).
    pub callback: Option<T>,
}

impl<T> Default for RawByChannel<T> {
    fn default() -> Self {
        RawByChannel {
            voice: None,
            chat: None,
            task: None,
            email: None,
            callback: None,
        }
    }
}

impl<T> RawByChannel<T> {
    /// The five settings in [`AgentGroupSpec::SLOTS`] order.
    fn slots(&self) -> [Option<&T>; 5] {
        [
            self.voice.as_ref(),
            self.chat.as_ref(),
            self.task.as_ref(),
            self.email.as_ref(),
            self.callback.as_ref(),
        ]
    }
}

/// `outbound = { calls_per_hour = 4, ring = "20s", answer_probability = 0.6, talk = "3m" }`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawOutbound {
    /// Calls per agent-hour while nothing waits.
    pub calls_per_hour: f64,
    /// Ringing.
    pub ring: RawDist,
    /// Probability of an answer.
    pub answer_probability: f64,
    /// Talk time.
    pub talk: RawDist,
}

/// Seconds an auto-accepted offer takes to connect when
/// `auto_accept_delay` is left out.
const DEFAULT_AUTO_ACCEPT_DELAY_SECS: f64 = 0.0;

/// Seconds an agent takes to answer an offer when `answer_delay` is left
/// out.
const DEFAULT_ANSWER_DELAY_SECS: f64 = 3.0;

/// Seconds in the Missed state when `missed_recovery` is left out.
const DEFAULT_MISSED_RECOVERY_SECS: f64 = 30.0;

/// Seconds of after-contact work when `after_contact_work` is left out.
const DEFAULT_AFTER_CONTACT_WORK_SECS: f64 = 0.0;

/// The largest headcount of one group in one interval.
const MAX_HEADCOUNT: u32 = 1_000_000;

/// Checks every `[[agent_groups]]` table; returns their specs, in file
/// order. Headcounts cover `intervals` intervals of `interval`; shifts are
/// checked against `shifts`.
pub(super) fn check(
    c: &mut Check,
    raw: &[RawAgentGroup],
    profiles: &ProfileIndex,
    shifts: &ShiftContext,
) -> Vec<AgentGroupSpec> {
    let (intervals, interval) = (shifts.intervals, shifts.interval);
    let mut seen = BTreeMap::new();
    let mut groups = Vec::new();
    for (i, g) in raw.iter().enumerate() {
        let path = format!("agent_groups[{i}]");
        c.name_unique(&mut seen, &g.name, &path, "agent group");
        let mut spec = group(c, &path, g, profiles, intervals, interval);
        staffing(c, &path, g, shifts, &mut spec);
        groups.push(spec);
    }
    if raw.is_empty() {
        c.fail(
            "agent_groups",
            "the scenario has no agent group",
            "add an [[agent_groups]] table with a name, routing_profile and headcount",
        );
    }
    groups
}

/// The groups by name, for transfers to a group; a later group of the same
/// name (already reported) wins.
pub(super) fn ids(raw: &[RawAgentGroup]) -> BTreeMap<String, GroupId> {
    raw.iter()
        .enumerate()
        .map(|(i, g)| (g.name.clone(), GroupId(i as u16)))
        .collect()
}

/// Checks one agent group (its name aside).
fn group(
    c: &mut Check,
    path: &str,
    g: &RawAgentGroup,
    profiles: &ProfileIndex,
    intervals: usize,
    interval: SimDuration,
) -> AgentGroupSpec {
    let profile = profiles.ids.get(&g.routing_profile).copied();
    if profile.is_none() {
        c.fail(
            format!("{path}.routing_profile"),
            format!("unknown routing profile `{}`", g.routing_profile),
            format!("use one of the [[routing_profiles]]: {}", profiles.names),
        );
    }
    let headcount = match &g.headcount {
        Some(h) => headcount(c, &format!("{path}.headcount"), h, intervals, interval),
        None => vec![0; intervals],
    };
    let dist_or = |c: &mut Check, field: &str, raw: &Option<RawDist>, default: f64| -> Dist {
        match raw {
            Some(r) => c
                .dist(&format!("{path}.{field}"), r)
                .unwrap_or(Dist::Constant(default)),
            None => Dist::Constant(default),
        }
    };
    let auto_accept_delay = dist_or(
        c,
        "auto_accept_delay",
        &g.auto_accept_delay,
        DEFAULT_AUTO_ACCEPT_DELAY_SECS,
    );
    if auto_accept_delay.mean() >= 1.0 {
        c.fail(
            format!("{path}.auto_accept_delay"),
            "auto-accept connects in under a second",
            "use e.g. \"0.5s\", or set auto_accept = false with an answer_delay",
        );
    }
    let answer_delay = dist_or(
        c,
        "answer_delay",
        &g.answer_delay,
        DEFAULT_ANSWER_DELAY_SECS,
    );
    let miss_probability = c.probability(&format!("{path}.miss_probability"), g.miss_probability);
    let missed_recovery = dist_or(
        c,
        "missed_recovery",
        &g.missed_recovery,
        DEFAULT_MISSED_RECOVERY_SECS,
    );
    let after_contact_work = dist_or(
        c,
        "after_contact_work",
        &g.after_contact_work,
        DEFAULT_AFTER_CONTACT_WORK_SECS,
    );
    let by = g.after_contact_work_by_channel.slots();
    let acw_by_channel: [Option<Dist>; 5] = std::array::from_fn(|k| {
        let key = AgentGroupSpec::SLOTS[k];
        by[k].and_then(|d| c.dist(&format!("{path}.after_contact_work_by_channel.{key}"), d))
    });
    let by = g.answer_delay_by_channel.slots();
    let answer_by_channel: [Option<Dist>; 5] = std::array::from_fn(|k| {
        let key = AgentGroupSpec::SLOTS[k];
        by[k].and_then(|d| c.dist(&format!("{path}.answer_delay_by_channel.{key}"), d))
    });
    let auto_accept_by_channel = g.auto_accept_by_channel.slots().map(|b| b.copied());
    let outbound = g
        .outbound
        .as_ref()
        .and_then(|o| outbound(c, &format!("{path}.outbound"), o));
    let max_occupancy = g
        .max_occupancy
        .map(|p| c.occupancy_cap(&format!("{path}.max_occupancy"), p));
    AgentGroupSpec {
        proficiencies: super::criteria::proficiencies(c, path, &g.proficiencies),
        max_occupancy,
        outbound,
        name: g.name.clone(),
        profile: profile.unwrap_or(ProfileId(0)),
        headcount,
        shifts: None,
        shrinkage: Shrinkage::none(),
        auto_accept: g.auto_accept,
        auto_accept_by_channel,
        auto_accept_delay,
        answer_delay,
        answer_by_channel,
        miss_probability,
        missed_recovery,
        after_contact_work,
        acw_by_channel,
    }
}

/// Checks how the group is staffed — a headcount, or shifts (with their
/// shrinkage) — and puts the shifts in `spec`.
fn staffing(
    c: &mut Check,
    path: &str,
    g: &RawAgentGroup,
    ctx: &ShiftContext,
    spec: &mut AgentGroupSpec,
) {
    match (&g.headcount, &g.shifts) {
        (Some(_), Some(_)) => c.fail(
            format!("{path}.shifts"),
            "both `headcount` and `shifts` staff the group",
            "keep one: `shifts` (agents on shift templates) or `headcount` (agents per interval)",
        ),
        (None, None) => c.fail(
            path,
            "the group has neither `headcount` nor `shifts`",
            "add headcount = 12 (or one per interval), or shifts = [{ template = \"…\", start = \"08:00\", agents = 12 }]",
        ),
        (None, Some(list)) => {
            let (shifts, scheduled) =
                super::shifts::group_shifts(c, &format!("{path}.shifts"), list, ctx);
            spec.shifts = Some(shifts);
            spec.headcount = scheduled;
        }
        (Some(_), None) => {}
    }
    if let Some(s) = &g.shrinkage {
        let spath = format!("{path}.shrinkage");
        spec.shrinkage = super::shifts::shrinkage(c, &spath, s);
        if g.shifts.is_none() && g.headcount.is_some() {
            c.fail(
                spath,
                "shrinkage applies to agents on shifts; a headcount already counts the agents on the phones",
                "staff the group with `shifts`, or lower the headcount by the shrinkage and remove `shrinkage`",
            );
        }
    }
}

/// Checks a group's agent-initiated outbound calls; `None` if a
/// distribution is unusable (already reported).
fn outbound(c: &mut Check, opath: &str, o: &RawOutbound) -> Option<OutboundSpec> {
    if !(o.calls_per_hour.is_finite() && o.calls_per_hour > 0.0) {
        c.fail(
            format!("{opath}.calls_per_hour"),
            format!("{} calls per hour is not > 0", o.calls_per_hour),
            "calls each agent places per hour while nothing waits for it, e.g. 6",
        );
    }
    let ring = c.dist(&format!("{opath}.ring"), &o.ring);
    if ring
        .as_ref()
        .is_some_and(|r| r.mean() > super::limits::MAX_MEAN_RING_SECS)
    {
        c.fail(
            format!("{opath}.ring"),
            "ringing averages over 60 s",
            "Connect gives up ringing after about 60 s; use a shorter ring",
        );
    }
    let answer_probability =
        c.probability(&format!("{opath}.answer_probability"), o.answer_probability);
    let talk = c.dist(&format!("{opath}.talk"), &o.talk);
    Some(OutboundSpec {
        calls_per_hour: o.calls_per_hour.max(0.0),
        ring: ring?,
        answer_probability,
        talk: talk?,
    })
}

/// Checks a headcount written once or per interval; returns one per
/// interval.
fn headcount(
    c: &mut Check,
    path: &str,
    raw: &OneOrMany<i64>,
    intervals: usize,
    interval: SimDuration,
) -> Vec<u32> {
    let check = |c: &mut Check, p: String, v: i64| -> u32 {
        match u32::try_from(v) {
            Ok(x) if x <= MAX_HEADCOUNT => x,
            _ => {
                c.fail(
                    p,
                    format!("headcount {v} is not a whole number in 0–1,000,000"),
                    "the number of agents on shift, e.g. 12",
                );
                0
            }
        }
    };
    match raw {
        OneOrMany::One(v) => vec![check(c, path.to_string(), *v); intervals],
        OneOrMany::Many(list) => {
            if list.len() != intervals {
                c.fail(path, format!("{} values for {intervals} intervals", list.len()), format!("give one headcount per interval of {interval} (or a single number for all)"));
            }
            (0..intervals)
                .map(|k| {
                    list.get(k)
                        .map(|v| check(c, format!("{path}[{k}]"), *v))
                        .unwrap_or(0)
                })
                .collect()
        }
    }
}
