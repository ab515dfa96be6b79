//! `[[campaigns]]`: outbound campaigns — the raw table, its defaults and
//! its checks, which build the [`CampaignSpec`]s.
//!
//! ```toml
//! [[campaigns]]
//! name = "renewals"
//! mode = "predictive"          # progressive | predictive | preview | agentless
//! agent_group = "blended"      # whose agents take its calls (not agentless)
//! bandwidth = 0.4              # share of the group's agents it may hold
//! ring = "18s"
//! answer_probability = 0.4
//! machine_share = 0.25
//! talk = { distribution = "lognormal", mean = "4m", cv = 0.6 }
//! after_contact_work = "30s"
//! abandonment_cap = 0.03
//! ```

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::center::campaign_spec::{CampaignSpec, DialingMode, PredictiveSpec};
use crate::center::ids::GroupId;
use crate::engine::{Dist, SimDuration};

use super::check::{with_article, Check};
use super::dist::RawDist;
use super::duration::RawDuration;

/// `[[campaigns]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCampaign {
    /// Name.
    pub name: String,
    /// `progressive`, `predictive`, `preview` or `agentless`.
    pub mode: String,
    /// The agent group whose agents take its calls (agent modes).
    pub agent_group: Option<String>,
    /// Share of the group's agents on shift it may hold at once.
    pub bandwidth: Option<f64>,
    /// Start of dialling, from the start of the run.
    pub start: Option<RawDuration>,
    /// End of dialling.
    pub end: Option<RawDuration>,
    /// Size of the contact list.
    pub contacts: Option<i64>,
    /// (Agentless) dial attempts per hour.
    pub dials_per_hour: Option<f64>,
    /// (Agentless) most calls in progress at once.
    pub max_concurrent: Option<i64>,
    /// Ringing.
    pub ring: RawDist,
    /// Probability of an answer (person or machine).
    pub answer_probability: f64,
    /// Share of answers by an answering machine.
    pub machine_share: Option<f64>,
    /// Message left on a machine (agentless: played to everyone who answers).
    pub message: Option<RawDist>,
    /// Talk with the agent.
    pub talk: Option<RawDist>,
    /// After-contact work of a call that reached an agent.
    pub after_contact_work: Option<RawDist>,
    /// (Preview) preview time before the dial.
    pub preview: Option<RawDist>,
    /// (Predictive) cap on abandoned ÷ answered by a person.
    pub abandonment_cap: Option<f64>,
    /// (Predictive) how long an answered call waits for an agent.
    pub abandon_after: Option<RawDuration>,
    /// (Predictive) most calls in progress per free agent.
    pub max_dial_ratio: Option<f64>,
}

/// The abandonment cap when `abandonment_cap` is left out (the usual
/// regulatory 3 %).
const DEFAULT_ABANDONMENT_CAP: f64 = 0.03;

/// Seconds an answered predictive call waits for an agent when
/// `abandon_after` is left out.
const DEFAULT_ABANDON_AFTER_SECS: u64 = 2;

/// Dial ratio bound when `max_dial_ratio` is left out.
const DEFAULT_MAX_DIAL_RATIO: f64 = 3.0;

/// Checks `[[campaigns]]` against the agent groups (by name).
pub(super) fn check(
    c: &mut Check,
    raw: &[RawCampaign],
    groups: &BTreeMap<String, GroupId>,
    horizon: SimDuration,
) -> Vec<CampaignSpec> {
    let mut seen = BTreeMap::new();
    let mut out = Vec::new();
    if raw.len() > usize::from(u16::MAX) {
        c.fail(
            "campaigns",
            format!("{} campaigns", raw.len()),
            "at most 65,535 are supported",
        );
        return out;
    }
    for (i, k) in raw.iter().enumerate() {
        let path = format!("campaigns[{i}]");
        c.name_unique(&mut seen, &k.name, &path, "campaign");
        if let Some(spec) = campaign(c, &path, k, groups, horizon) {
            out.push(spec);
        }
    }
    out
}

/// The dialling mode named `name`.
fn mode(c: &mut Check, path: &str, name: &str) -> Option<DialingMode> {
    let m = match name {
        "progressive" => DialingMode::Progressive,
        "predictive" => DialingMode::Predictive,
        "preview" => DialingMode::Preview,
        "agentless" => DialingMode::Agentless,
        other => {
            c.fail(
                format!("{path}.mode"),
                format!("unknown dialling mode `{other}`"),
                "use progressive, predictive, preview or agentless",
            );
            return None;
        }
    };
    Some(m)
}

/// A share in [0, 1] at `path`, or `default` when left out.
fn share(c: &mut Check, path: &str, v: Option<f64>, default: f64) -> f64 {
    v.map_or(default, |v| c.probability(path, v))
}

/// Checks one campaign (its name aside); `None` if something it needs is
/// unusable (already reported).
fn campaign(
    c: &mut Check,
    path: &str,
    k: &RawCampaign,
    groups: &BTreeMap<String, GroupId>,
    horizon: SimDuration,
) -> Option<CampaignSpec> {
    let mode = mode(c, path, &k.mode);
    let agents = mode.is_some_and(|m| m.uses_agents());
    let group = match (&k.agent_group, agents) {
        (Some(name), true) => {
            let g = groups.get(name).copied();
            if g.is_none() {
                c.fail(
                    format!("{path}.agent_group"),
                    format!("no agent group named `{name}`"),
                    "name one of the [[agent_groups]]",
                );
            }
            g
        }
        (None, true) => {
            c.fail(
                format!("{path}.agent_group"),
                "a campaign that connects calls to agents needs their agent group",
                "add agent_group = \"<one of the [[agent_groups]]>\" (or use mode = \"agentless\")",
            );
            None
        }
        (Some(_), false) => {
            c.fail(
                format!("{path}.agent_group"),
                "an agentless campaign uses no agents",
                "remove agent_group, or choose an agent mode",
            );
            None
        }
        (None, false) => None,
    };
    let start = k.start.map_or(SimDuration::ZERO, |d| {
        c.duration(&format!("{path}.start"), d)
    });
    let end = k
        .end
        .map_or(horizon, |d| c.duration(&format!("{path}.end"), d));
    if end <= start {
        c.fail(
            format!("{path}.end"),
            format!("dialling ends ({end}) no later than it starts ({start})"),
            "make end later than start (both from the start of the run)",
        );
    } else if start >= horizon {
        // The dialler stops at the horizon: such a campaign never dials
        // (a fuzz find: it ran without a word).
        c.fail(
            format!("{path}.start"),
            format!("dialling starts ({start}) at or after the horizon ({horizon}): it never dials"),
            "start it before the horizon (from the start of the run), lengthen simulation.horizon, or remove the campaign",
        );
    }
    let contacts = match k.contacts {
        None => None,
        Some(n) if n > 0 => Some(n as u64),
        Some(n) => {
            c.fail(
                format!("{path}.contacts"),
                format!("a list of {n} contacts dials no one"),
                "give the size of the contact list, e.g. 5000, leave it out for a list that never runs out, or remove the campaign",
            );
            None
        }
    };
    let ring = c.dist(&format!("{path}.ring"), &k.ring);
    if ring.as_ref().is_some_and(|r| r.mean() <= 0.0) {
        // Every dial's outcome comes after the ringing: with none, an
        // unanswered dial (or one whose talk and wrap-up take no time)
        // frees its agent or line at the instant it was placed, and the
        // dialler places the next one at that same instant, without end.
        c.fail(
            format!("{path}.ring"),
            "a dial that rings for no time lets the dialler place call after call at one instant, without end",
            "give how long a dial rings before the answer or giving up, e.g. ring = \"15s\"",
        );
    }
    let answer_probability =
        c.probability(&format!("{path}.answer_probability"), k.answer_probability);
    let machine_share = share(c, &format!("{path}.machine_share"), k.machine_share, 0.0);
    let message = k
        .message
        .as_ref()
        .and_then(|m| c.dist(&format!("{path}.message"), m));
    let talk = opt_dist(
        c,
        &format!("{path}.talk"),
        k.talk.as_ref(),
        agents,
        "talk = \"4m\"",
    );
    let after_contact_work = match &k.after_contact_work {
        Some(d) => c.dist(&format!("{path}.after_contact_work"), d),
        None => Dist::constant(0.0).ok(),
    };
    let preview_mode = mode == Some(DialingMode::Preview);
    let preview = opt_dist(
        c,
        &format!("{path}.preview"),
        k.preview.as_ref(),
        preview_mode,
        "preview = \"20s\"",
    );
    let bandwidth = share(c, &format!("{path}.bandwidth"), k.bandwidth, 1.0);
    let (dials_per_hour, max_concurrent) = agentless(c, path, k, mode);
    let predictive = predictive(c, path, k, mode);
    not_for_mode(c, path, k, mode);
    Some(CampaignSpec {
        name: k.name.clone(),
        mode: mode?,
        group,
        bandwidth,
        start,
        end,
        contacts,
        dials_per_hour,
        max_concurrent,
        ring: ring?,
        answer_probability,
        machine_share,
        message,
        talk: talk.or_else(|| Dist::constant(0.0).ok())?,
        after_contact_work: after_contact_work?,
        preview,
        predictive,
    })
}

/// A distribution the mode needs (`needed`) or ignores.
fn opt_dist(
    c: &mut Check,
    path: &str,
    raw: Option<&RawDist>,
    needed: bool,
    example: &str,
) -> Option<Dist> {
    match raw {
        Some(d) => c.dist(path, d),
        None if needed => {
            c.fail(
                path,
                "missing",
                format!("this dialling mode needs it, e.g. {example}"),
            );
            None
        }
        None => None,
    }
}

/// (Agentless) the dial rate and concurrency cap; a message is needed.
fn agentless(
    c: &mut Check,
    path: &str,
    k: &RawCampaign,
    mode: Option<DialingMode>,
) -> (f64, Option<u32>) {
    if mode != Some(DialingMode::Agentless) {
        return (0.0, None);
    }
    let rate = match k.dials_per_hour {
        Some(r) if r.is_finite() && r > 0.0 => r,
        Some(r) => {
            c.fail(
                format!("{path}.dials_per_hour"),
                format!("{r} dials per hour is not > 0"),
                "dial attempts per hour, e.g. 600",
            );
            0.0
        }
        None => {
            c.fail(
                format!("{path}.dials_per_hour"),
                "an agentless campaign needs a dial rate",
                "add dials_per_hour = 600",
            );
            0.0
        }
    };
    if k.message.is_none() {
        c.fail(
            format!("{path}.message"),
            "an agentless campaign plays a message to whoever answers",
            "add message = \"30s\" (its length)",
        );
    }
    let cap = match k.max_concurrent {
        None => None,
        Some(n) if n >= 1 && n <= i64::from(u32::MAX) => Some(n as u32),
        Some(n) => {
            c.fail(
                format!("{path}.max_concurrent"),
                format!("{n} is not a positive whole number"),
                "the most calls in progress at once, e.g. 50; leave it out for no cap",
            );
            None
        }
    };
    (rate, cap)
}

/// (Predictive) the pacing settings.
fn predictive(
    c: &mut Check,
    path: &str,
    k: &RawCampaign,
    mode: Option<DialingMode>,
) -> Option<PredictiveSpec> {
    if mode != Some(DialingMode::Predictive) {
        return None;
    }
    let abandonment_cap = share(
        c,
        &format!("{path}.abandonment_cap"),
        k.abandonment_cap,
        DEFAULT_ABANDONMENT_CAP,
    );
    let abandon_after = k
        .abandon_after
        .map_or(SimDuration::from_secs(DEFAULT_ABANDON_AFTER_SECS), |d| {
            c.duration(&format!("{path}.abandon_after"), d)
        });
    let max_dial_ratio = match k.max_dial_ratio {
        None => DEFAULT_MAX_DIAL_RATIO,
        Some(r) if r.is_finite() && r >= 1.0 => r,
        Some(r) => {
            c.fail(
                format!("{path}.max_dial_ratio"),
                format!("dial ratio {r} is below 1"),
                "calls in progress per free agent, at least 1 (1 dials like progressive), e.g. 3",
            );
            DEFAULT_MAX_DIAL_RATIO
        }
    };
    Some(PredictiveSpec {
        abandonment_cap,
        abandon_after,
        max_dial_ratio,
    })
}

/// Fields the mode does not use are an error, so a typo in `mode` or a
/// misplaced setting does not pass silently.
fn not_for_mode(c: &mut Check, path: &str, k: &RawCampaign, mode: Option<DialingMode>) {
    let Some(mode) = mode else {
        return;
    };
    let mut unused: Vec<&str> = Vec::new();
    if mode != DialingMode::Agentless {
        if k.dials_per_hour.is_some() {
            unused.push("dials_per_hour");
        }
        if k.max_concurrent.is_some() {
            unused.push("max_concurrent");
        }
    } else {
        for (f, set) in [
            ("bandwidth", k.bandwidth.is_some()),
            ("talk", k.talk.is_some()),
            ("after_contact_work", k.after_contact_work.is_some()),
        ] {
            if set {
                unused.push(f);
            }
        }
    }
    if mode != DialingMode::Preview && k.preview.is_some() {
        unused.push("preview");
    }
    if mode != DialingMode::Predictive {
        for (f, set) in [
            ("abandonment_cap", k.abandonment_cap.is_some()),
            ("abandon_after", k.abandon_after.is_some()),
            ("max_dial_ratio", k.max_dial_ratio.is_some()),
        ] {
            if set {
                unused.push(f);
            }
        }
    }
    for f in unused {
        c.fail(
            format!("{path}.{f}"),
            format!("{} campaign does not use {f}", with_article(mode.as_str())),
            "remove it, or change mode",
        );
    }
}
