//! Outbound campaigns (voice calls carrying `Campaign.CampaignId`): how
//! their dials ring, how often a person or a machine answers, how long the
//! agents talk and wrap up, which agents take them and how many at once —
//! the scenario's `[[campaigns]]`.
//!
//! A campaign's calls are no arrivals: the dialler places them when agents
//! are free, and an answered one goes straight to an agent, not through a
//! queue. Left out, they vanished from the scenario, and with them the
//! agent time they take (a probe's find: 65 of 160 agent-hours, and a
//! backtest whose simulated waits were a fifth of the records'). The
//! records do not name the dialling mode: a campaign whose agents took
//! calls is written `progressive`, or `predictive` when a person answered
//! and no agent came (only a predictive dialler drops a call); one whose
//! calls no agent took is `agentless`, at its dial rate.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde_json::{json, Value};

use crate::ingest::ObservedContact;

use super::estimate::{estimate, Estimated};
use super::fit::{Observation, Sample};
use super::period::Period;
use super::rates::{median, ratio, wilson};
use super::streams::is_campaign_call;
use super::toml_text::q;

/// What one campaign's calls showed.
#[derive(Debug, Default, Clone)]
pub struct CampaignCalls {
    /// Dials placed.
    pub dials: u64,
    /// Answered by a person or a machine (connected to the system).
    pub answered: u64,
    /// Of those, by an answering machine.
    pub machine: u64,
    /// Answered by a person who reached no agent (dropped).
    pub dropped: u64,
    /// Taken by an agent.
    pub connected: u64,
    /// Dial to answer, answered calls.
    pub ring: Sample,
    /// Dial to giving up, unanswered calls.
    pub unanswered_ring: Sample,
    /// Agent connection to disconnect, of the calls an agent took: their
    /// talk when the records give no talk duration.
    pub on_call: Sample,
    /// Answer to hang-up of the answered calls no agent took: what an
    /// agentless campaign's callees heard.
    pub heard: Sample,
    /// The same, of the calls a machine answered: the message left.
    pub machine_message: Sample,
    /// The same, of the persons dropped, in seconds: how long an answered
    /// call waited for an agent before the dialler let it go.
    pub drop_waits: Vec<f64>,
    /// Talk of the calls an agent took.
    pub talk: Sample,
    /// After-contact work of those calls.
    pub acw: Sample,
    /// Calls taken per routing profile.
    pub profiles: BTreeMap<String, u64>,
    /// First and last dial, Unix ms.
    pub dialling: Option<(i64, i64)>,
    /// Each call's hold on an agent: from its dial to its end — to the
    /// answer of one no agent took (a machine's), to the end of the
    /// after-contact work of one an agent took — Unix ms.
    holds: Vec<(i64, i64)>,
    /// Each agent's hold on a call it took: from its connection to the
    /// end of its after-contact work (a predictive dialler dials without
    /// holding agents, and takes one at the answer).
    agent_holds: Vec<(i64, i64)>,
    /// Each call from its dial to its end (an agentless campaign's cap on
    /// calls in progress counts whole calls).
    lines: Vec<(i64, i64)>,
    /// Each call's hold on an agent that the agent's own records do not
    /// show: from the dial to the agent's connection (one an agent took),
    /// or to its end for the agent (one none took) — the ringing a
    /// progressive dialler holds its agent through.
    rings: Vec<(i64, i64)>,
}

/// The campaigns' calls, gathered one contact at a time, by campaign id.
#[derive(Debug, Default)]
pub struct CampaignCounter {
    campaigns: BTreeMap<String, CampaignCalls>,
}

impl CampaignCounter {
    /// Counts `c` if it is a campaign's call.
    pub fn add(&mut self, c: &ObservedContact) {
        let Some(id) = c.campaign_id.as_deref().filter(|_| is_campaign_call(c)) else {
            return;
        };
        let k = self.campaigns.entry(id.to_string()).or_default();
        k.dials += 1;
        let t = c.initiated_ms;
        k.dialling = Some(k.dialling.map_or((t, t), |(a, b)| (a.min(t), b.max(t))));
        let agent = c.agent.as_ref().filter(|a| a.connected_ms.is_some());
        let mut end = c.disconnected_ms;
        let answer = Answer::of(c.answering_machine.as_deref());
        let answered = c
            .connected_to_system_ms
            .filter(|_| answer != Answer::Nobody || agent.is_some());
        if answered.is_none() {
            add_seconds(
                &mut k.unanswered_ring,
                (c.disconnected_ms - t) as f64 / 1000.0,
            );
        }
        if let Some(answered) = answered {
            k.answered += 1;
            add_seconds(&mut k.ring, (answered - t) as f64 / 1000.0);
            let heard = (c.disconnected_ms - answered) as f64 / 1000.0;
            if agent.is_none() {
                // What the callee heard. The dialler let go of its agent
                // at the answer: no agent speaks a message.
                add_seconds(&mut k.heard, heard);
                end = answered;
            }
            match answer {
                Answer::Machine => {
                    k.machine += 1;
                    add_seconds(&mut k.machine_message, heard);
                }
                // Only a person known to have answered was dropped: a
                // call the detection could not place, with no agent, is
                // no sign of a predictive dialler.
                Answer::Person if agent.is_none() => {
                    k.dropped += 1;
                    k.drop_waits.push(heard);
                }
                _ => {}
            }
        }
        if let Some(a) = agent {
            k.connected += 1;
            if let Some(p) = &a.routing_profile {
                *k.profiles.entry(p.clone()).or_insert(0) += 1;
            }
            if let Some(s) = a.interaction_s {
                add_seconds(&mut k.talk, s);
            }
            if let Some(from) = a.connected_ms {
                add_seconds(&mut k.on_call, (c.disconnected_ms - from) as f64 / 1000.0);
            }
            if let Some(s) = a.acw_s {
                add_seconds(&mut k.acw, s);
            }
            end = end.max(a.acw_end_ms.unwrap_or(end));
            let from = a.connected_ms.unwrap_or(t);
            k.agent_holds.push((from, end.max(from)));
            k.rings.push((t, from.max(t)));
        } else {
            k.rings.push((t, end.max(t)));
        }
        k.holds.push((t, end.max(t)));
        k.lines.push((t, c.disconnected_ms.max(t)));
    }

    /// The campaigns, by id.
    pub fn finish(self) -> BTreeMap<String, CampaignCalls> {
        self.campaigns
    }
}

/// Who answered a campaign's dial, by its `AnsweringMachineDetectionStatus`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Answer {
    /// A person (`HUMAN_ANSWERED`, `ANSWERED`), or no detection ran.
    Person,
    /// A voicemail or a fax (`VOICEMAIL_BEEP`, `VOICEMAIL_NO_BEEP`,
    /// `FAX_MACHINE_DETECTED`).
    Machine,
    /// Nobody: the number rang out, was busy or does not exist
    /// (`AMD_UNANSWERED`, `SIT_TONE_*`), even if the network connected
    /// the call to hear it.
    Nobody,
    /// The detection could not tell (`AMD_UNRESOLVED`, `UNDETECTED`,
    /// `AMD_ERROR`, `ERROR`, an unknown value).
    Unknown,
}

impl Answer {
    fn of(status: Option<&str>) -> Answer {
        let Some(s) = status.map(str::trim) else {
            return Answer::Person;
        };
        let s = s.to_ascii_uppercase();
        match s.as_str() {
            "" | "HUMAN_ANSWERED" | "ANSWERED" | "AMD_NOT_APPLICABLE" => Answer::Person,
            "AMD_UNANSWERED" => Answer::Nobody,
            _ if s.starts_with("VOICEMAIL") || s.starts_with("FAX") => Answer::Machine,
            _ if s.starts_with("SIT_TONE") => Answer::Nobody,
            _ => Answer::Unknown,
        }
    }
}

/// Adds `s` seconds, if it is a duration at all.
fn add_seconds(sample: &mut Sample, s: f64) {
    if let Ok(o) = Observation::rounded_seconds(s.max(0.0)) {
        sample.add(o);
    }
}

/// How a campaign dials, as the records show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Agents took its calls, and no answered person was dropped.
    Progressive,
    /// Agents took its calls, and some answered persons were dropped.
    Predictive,
    /// No agent took a call.
    Agentless,
}

impl Mode {
    fn name(self) -> &'static str {
        match self {
            Mode::Progressive => "progressive",
            Mode::Predictive => "predictive",
            Mode::Agentless => "agentless",
        }
    }
}

/// One campaign, estimated.
#[derive(Debug, Clone)]
pub struct CampaignEstimate {
    /// The campaign's name in the scenario.
    pub name: String,
    /// `Campaign.CampaignId`.
    pub id: String,
    /// Its dialling mode.
    pub mode: Mode,
    /// The routing profile whose agents took most of its calls (agent
    /// modes).
    pub profile: Option<String>,
    /// The most of that group's agents on shift it held at once, as a
    /// share (agent modes).
    pub bandwidth: Option<f64>,
    /// Most calls in progress at once (agentless).
    pub max_concurrent: u64,
    /// A queue for its group to serve, when the group's agents took no
    /// queue's contacts and dialled out of none (a dedicated outbound
    /// team: a scenario's profile must serve a queue; nothing queues
    /// there).
    pub home_queue: Option<String>,
    /// First and last dial, seconds from the period's start.
    pub window_s: (f64, f64),
    /// The counts.
    pub calls: CampaignCalls,
    /// Ring of the answered calls, else of the unanswered ones.
    pub ring: Option<Estimated>,
    /// The message left on machines.
    pub message: Option<Estimated>,
    /// What the callees no agent took heard (an agentless campaign's
    /// message).
    pub heard: Option<Estimated>,
    /// Talk.
    pub talk: Option<Estimated>,
    /// After-contact work.
    pub acw: Option<Estimated>,
    /// (Predictive) the median wait of a dropped person, whole seconds.
    pub abandon_after_s: Option<f64>,
}

impl CampaignEstimate {
    /// The agent time its dialler held beyond what the agents' own records
    /// show — the ringing of every dial, Unix ms spans — and the profile
    /// whose agents it held: a progressive campaign's only (a predictive
    /// dialler takes an agent at the answer, an agentless one none).
    pub fn held_while_ringing(&self) -> Option<(&str, &[(i64, i64)])> {
        match (self.mode, self.profile.as_deref()) {
            (Mode::Progressive, Some(p)) => Some((p, &self.calls.rings)),
            _ => None,
        }
    }
}

/// Estimates every campaign; `headcount` gives a profile's agents per
/// interval of `period` (for the share of them a campaign held).
pub fn estimate_all(
    campaigns: &BTreeMap<String, CampaignCalls>,
    period: &Period,
    headcount: &dyn Fn(&str, usize) -> Option<f64>,
) -> Vec<CampaignEstimate> {
    campaigns
        .iter()
        .enumerate()
        .map(|(k, (id, c))| {
            let profile = c
                .profiles
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                .map(|(p, _)| p.clone());
            let mode = match (&profile, c.dropped) {
                (None, _) => Mode::Agentless,
                (Some(_), 0) => Mode::Progressive,
                (Some(_), _) => Mode::Predictive,
            };
            let holds = match mode {
                Mode::Predictive => &c.agent_holds,
                _ => &c.holds,
            };
            let bandwidth = profile
                .as_deref()
                .and_then(|p| held_share(holds, period, &|i| headcount(p, i)));
            let (first, last) = c.dialling.unwrap_or((period.start_ms, period.start_ms));
            let from = |t: i64| (t - period.start_ms).max(0) as f64 / 1000.0;
            CampaignEstimate {
                name: if campaigns.len() == 1 {
                    "campaign".to_string()
                } else {
                    format!("campaign {}", k + 1)
                },
                id: id.clone(),
                mode,
                profile,
                bandwidth,
                max_concurrent: peak(&c.lines),
                home_queue: None,
                window_s: (from(first), from(last)),
                calls: c.clone(),
                ring: estimate(&c.ring).or_else(|| estimate(&c.unanswered_ring)),
                message: estimate(&c.machine_message),
                heard: estimate(&c.heard),
                talk: estimate(&c.talk).or_else(|| estimate(&c.on_call)),
                acw: estimate(&c.acw),
                abandon_after_s: {
                    let mut waits = c.drop_waits.clone();
                    waits.sort_unstable_by(f64::total_cmp);
                    median(&waits).map(f64::round)
                },
            }
        })
        .collect()
}

/// The most calls in progress at once among `spans`.
fn peak(spans: &[(i64, i64)]) -> u64 {
    let mut edges: Vec<(i64, i64)> = Vec::new();
    for &(a, b) in spans {
        if a < b {
            edges.push((a, 1));
            edges.push((b, -1));
        }
    }
    // Ends before starts at one instant: a call that ends as another
    // starts did not overlap it.
    edges.sort_unstable();
    let (mut now, mut most) = (0i64, 0i64);
    for (_, d) in edges {
        now += d;
        most = most.max(now);
    }
    most as u64
}

/// The largest share of the agents on shift (`agents(interval)`) that the
/// calls held, counted as each call began (its dialler took an agent only
/// while under its share of those on shift: agents who then leave may
/// keep their calls), rounded up to a hundredth, at most 1; `None` when
/// no call began with agents on shift (the default then applies).
fn held_share(
    holds: &[(i64, i64)],
    period: &Period,
    agents: &dyn Fn(usize) -> Option<f64>,
) -> Option<f64> {
    let mut starts: Vec<(i64, i64)> = holds.to_vec();
    starts.sort_unstable();
    let mut ends = std::collections::BinaryHeap::new();
    let mut share: f64 = 0.0;
    for (a, b) in starts {
        while ends.peek().is_some_and(|&std::cmp::Reverse(e)| e <= a) {
            ends.pop();
        }
        ends.push(std::cmp::Reverse(b));
        let Some(n) = period.index(a).and_then(agents).filter(|n| *n >= 1.0) else {
            continue;
        };
        share = share.max(ends.len() as f64 / n);
    }
    if share <= 0.0 {
        return None;
    }
    // Up to the hundredth above, but not for a float's last bit: 3 of 10
    // agents is 0.3, not 0.31.
    Some(((share * 100.0 - 1e-9).ceil() / 100.0).min(1.0))
}

impl CampaignEstimate {
    /// Its `[[campaigns]]` table (`group`: the scenario's name of its
    /// agents' group, quoted, when the scenario has it).
    pub fn toml(&self, group: Option<&str>) -> String {
        let c = &self.calls;
        let mut t = String::new();
        let _ = writeln!(t, "[[campaigns]]");
        let _ = writeln!(t, "name = {}", q(&self.name));
        let _ = writeln!(
            t,
            "# Campaign.CampaignId {}: {} dials, {} answered ({} by a machine), {} taken by an agent, {} answered and dropped; the records do not name the mode: {}",
            super::toml_text::in_comment(&self.id),
            c.dials,
            c.answered,
            c.machine,
            c.connected,
            c.dropped,
            match self.mode {
                Mode::Progressive => "agents took its calls and none was dropped",
                Mode::Predictive => "a person answered and no agent came",
                Mode::Agentless => "no agent took a call",
            }
        );
        let mode = match (self.mode, group) {
            (Mode::Agentless, _) => Mode::Agentless,
            // Not reached while a dedicated team gets a queue of its own
            // (`home_queue`); kept so that the scenario stays valid.
            (_, None) => {
                let _ = writeln!(t, "# its agents' routing profile is not in the scenario: written agentless, without their time");
                Mode::Agentless
            }
            (m, Some(_)) => m,
        };
        let _ = writeln!(t, "mode = {}", q(mode.name()));
        if let (Some(g), true) = (group, mode != Mode::Agentless) {
            let _ = writeln!(t, "agent_group = {g}");
            if let Some(b) = self.bandwidth {
                let _ = writeln!(t, "# the most of its agents on shift it held at once (from a dial, or predictive from the answer, to the end of the after-contact work)");
                let _ = writeln!(t, "bandwidth = {b}");
            }
        }
        // The window as written: whole seconds, at least a minute (the
        // rate below is over it).
        let start = self.window_s.0.floor();
        let end = (self.window_s.1.floor() + 1.0).max(start + 60.0);
        let _ = writeln!(t, "# first and last dial");
        let _ = writeln!(t, "start = \"{start}s\"");
        let _ = writeln!(t, "end = \"{end}s\"");
        if mode == Mode::Agentless {
            let hours = (end - start) / 3600.0;
            let _ = writeln!(t, "dials_per_hour = {}", round3(c.dials as f64 / hours));
            let _ = writeln!(t, "max_concurrent = {}", self.max_concurrent.max(1));
        }
        match self.ring.as_ref().filter(|e| e.mean_s >= MIN_RING_S) {
            Some(e) if c.answered > 0 => {
                let _ = writeln!(t, "# dial to answer, answered calls");
                let _ = writeln!(t, "ring = {}", e.toml);
            }
            Some(e) => {
                let _ = writeln!(t, "# dial to giving up: no call was answered");
                let _ = writeln!(t, "ring = {}", e.toml);
            }
            // A dial rings for some time (and a scenario's must: else the
            // dialler redials at one instant without end).
            None => {
                let _ = writeln!(
                    t,
                    "# the records show no ringing of a second or more: one second"
                );
                let _ = writeln!(t, "ring = \"{MIN_RING_S}s\"");
            }
        }
        let _ = writeln!(
            t,
            "answer_probability = {}",
            round4(ratio(c.answered, c.dials))
        );
        if c.answered > 0 {
            let _ = writeln!(
                t,
                "machine_share = {}",
                round4(ratio(c.machine, c.answered))
            );
        }
        let message = match mode {
            Mode::Agentless => &self.heard,
            _ => &self.message,
        };
        match (message, mode) {
            (Some(m), Mode::Agentless) => {
                let _ = writeln!(t, "# what the callees heard (answer to hang-up)");
                let _ = writeln!(t, "message = {}", m.toml);
            }
            // Agentless plays a message to whoever answers (a scenario
            // needs one): these records show none.
            (None, Mode::Agentless) => {
                let _ = writeln!(
                    t,
                    "# no call no agent took was answered: no message to read"
                );
                let _ = writeln!(t, "message = \"0s\"");
            }
            (Some(m), _) if c.machine > 0 => {
                let _ = writeln!(t, "# the message left on a machine");
                let _ = writeln!(t, "message = {}", m.toml);
            }
            _ => {}
        }
        if mode == Mode::Predictive {
            self.pacing(&mut t);
        }
        if mode != Mode::Agentless {
            match &self.talk {
                Some(talk) if c.talk.is_empty() => {
                    let _ = writeln!(
                        t,
                        "# no talk duration in the records: agent connection to disconnect"
                    );
                    let _ = writeln!(t, "talk = {}", talk.toml);
                }
                Some(talk) => {
                    let _ = writeln!(t, "talk = {}", talk.toml);
                }
                // An agent mode needs a talk; no call an agent took shows one.
                None => {
                    let _ = writeln!(t, "# no call an agent took shows its talk");
                    let _ = writeln!(t, "talk = \"0s\"");
                }
            }
            if let Some(acw) = &self.acw {
                let _ = writeln!(t, "after_contact_work = {}", acw.toml);
            }
        }
        let _ = writeln!(t);
        t
    }

    /// A predictive campaign's pacing: its cap on dropped persons and how
    /// long one waits for an agent. ccsim's pacing rule aims the dropped
    /// share of the persons who answered at half the cap (`TARGET_SHARE`),
    /// so the cap written is twice the share the records show.
    fn pacing(&self, t: &mut String) {
        let c = &self.calls;
        let persons = c.answered.saturating_sub(c.machine).max(c.dropped);
        let share = ratio(c.dropped, persons);
        let _ = writeln!(
            t,
            "# {} of {persons} persons who answered reached no agent ({:.2} %); the pacing aims at half its cap",
            c.dropped,
            100.0 * share
        );
        let cap = (share / crate::center::dialer::TARGET_SHARE).min(1.0);
        let _ = writeln!(t, "abandonment_cap = {}", round4(cap).max(0.0001));
        if let Some(wait) = self.abandon_after_s {
            let _ = writeln!(
                t,
                "# the median time a dropped person was held before the dialler let go"
            );
            let _ = writeln!(t, "abandon_after = \"{wait}s\"");
        }
    }

    /// Its record for `calibration.json`.
    pub fn json(&self) -> Value {
        let c = &self.calls;
        let e = |x: &Option<Estimated>| x.as_ref().map_or(Value::Null, |e| e.json.clone());
        json!({
            "name": self.name, "campaign_id": self.id, "mode": self.mode.name(),
            "routing_profile": self.profile, "bandwidth": self.bandwidth,
            "dials": c.dials, "answered": c.answered, "machine": c.machine,
            "connected_to_agent": c.connected, "dropped": c.dropped,
            "answer_probability": ratio(c.answered, c.dials), "answer_ci95": wilson(c.answered, c.dials),
            "ring": e(&self.ring), "message": e(&self.message), "talk": e(&self.talk),
            "after_contact_work": e(&self.acw), "abandon_after_s": self.abandon_after_s,
        })
    }

    /// One line for the calibration report.
    pub fn summary(&self) -> String {
        let c = &self.calls;
        let (lo, hi) = wilson(c.answered, c.dials);
        format!(
            "{} ({}, {}): {} dials, answered {:.1} % (95 % CI {:.1}–{:.1} %), {} by a machine, {} taken by an agent{}",
            self.name,
            self.mode.name(),
            self.profile.as_deref().unwrap_or("no agents"),
            c.dials,
            100.0 * ratio(c.answered, c.dials),
            100.0 * lo,
            100.0 * hi,
            c.machine,
            c.connected,
            self.talk
                .as_ref()
                .map_or(String::new(), |t| format!("; talk {}", t.summary))
        )
    }
}

/// The shortest ring written, seconds.
const MIN_RING_S: f64 = 1.0;

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::calibrate::test_contacts::{agent, contact};

    /// A dial of campaign "k" at `t` ms, answered at `answered` ms with
    /// `status`, ending at `end` ms.
    fn dial(t: i64, answered: Option<i64>, status: &str, end: i64) -> ObservedContact {
        ObservedContact {
            initiated_ms: t,
            connected_to_system_ms: answered,
            disconnected_ms: end,
            campaign_id: Some("k".into()),
            answering_machine: Some(status.into()),
            ..contact(&format!("c{t}"), "API", "VOICE")
        }
    }

    #[test]
    fn only_a_person_who_answered_and_reached_no_agent_was_dropped() {
        let mut n = CampaignCounter::default();
        let mut taken = dial(0, Some(5_000), "HUMAN_ANSWERED", 60_000);
        taken.agent = Some(agent("a", "Team", 5_000, 50.0));
        n.add(&taken);
        // The detection could not tell, and nobody took it.
        n.add(&dial(1_000, Some(4_000), "AMD_UNRESOLVED", 4_500));
        // A busy tone the network connected, and one that rang out.
        n.add(&dial(2_000, Some(3_000), "SIT_TONE_BUSY", 3_000));
        n.add(&dial(3_000, None, "AMD_UNANSWERED", 33_000));
        n.add(&dial(4_000, Some(9_000), "VOICEMAIL_NO_BEEP", 29_000));
        n.add(&dial(5_000, Some(6_000), "FAX_MACHINE_DETECTED", 6_000));
        let k = &n.finish()["k"];
        assert_eq!((k.dials, k.answered, k.machine, k.dropped), (6, 4, 2, 0));
        assert_eq!(k.connected, 1);
        let period = Period::spanning(0, 3_600_000, 3_600_000);
        let campaigns = BTreeMap::from([("k".to_string(), k.clone())]);
        let e = &estimate_all(&campaigns, &period, &|_, _| Some(10.0))[0];
        assert_eq!(e.mode, Mode::Progressive);
        // A person who answered and was hung up on is the sign.
        let mut n = CampaignCounter::default();
        n.add(&taken);
        n.add(&dial(1_000, Some(4_000), "HUMAN_ANSWERED", 6_000));
        let campaigns = n.finish();
        assert_eq!(campaigns["k"].dropped, 1);
        let e = &estimate_all(&campaigns, &period, &|_, _| Some(10.0))[0];
        assert_eq!(e.mode, Mode::Predictive);
    }

    /// A predictive campaign's cap is twice the dropped share of the
    /// persons who answered (ccsim's pacing aims at half its cap), and its
    /// `abandon_after` the median hold of a dropped person; the default 3 %
    /// cap would have paced a dialler that dropped 10 % of its persons.
    #[test]
    fn a_predictive_campaign_s_cap_and_hold_are_read_from_its_drops() {
        let mut n = CampaignCounter::default();
        for i in 0..18 {
            let t = i * 100_000;
            let mut taken = dial(t, Some(t + 5_000), "HUMAN_ANSWERED", t + 60_000);
            taken.agent = Some(agent("a", "Team", t + 5_000, 50.0));
            n.add(&taken);
        }
        // Two persons dropped, held 2 s and 4 s; a machine is no person.
        n.add(&dial(
            5_000_000,
            Some(5_004_000),
            "HUMAN_ANSWERED",
            5_006_000,
        ));
        n.add(&dial(
            5_100_000,
            Some(5_104_000),
            "HUMAN_ANSWERED",
            5_108_000,
        ));
        n.add(&dial(
            5_200_000,
            Some(5_204_000),
            "VOICEMAIL_BEEP",
            5_230_000,
        ));
        let period = Period::spanning(0, 7_200_000, 3_600_000);
        let campaigns = n.finish();
        let e = &estimate_all(&campaigns, &period, &|_, _| Some(10.0))[0];
        assert_eq!(e.mode, Mode::Predictive);
        let toml = e.toml(Some("\"Team\""));
        assert_eq!(line(&toml, "abandonment_cap"), "abandonment_cap = 0.2");
        assert_eq!(line(&toml, "abandon_after"), "abandon_after = \"2s\"");
        assert!(
            toml.contains("# 2 of 20 persons who answered reached no agent (10.00 %)"),
            "{toml}"
        );
        // A progressive campaign has no pacing to write.
        let mut n = CampaignCounter::default();
        let mut taken = dial(0, Some(5_000), "HUMAN_ANSWERED", 60_000);
        taken.agent = Some(agent("a", "Team", 5_000, 50.0));
        n.add(&taken);
        let campaigns = n.finish();
        let toml = estimate_all(&campaigns, &period, &|_, _| Some(10.0))[0].toml(Some("\"Team\""));
        assert!(!toml.contains("abandonment_cap"), "{toml}");
    }

    /// The campaign's line of `key` in `toml`.
    fn line<'a>(toml: &'a str, key: &str) -> &'a str {
        toml.lines()
            .find(|l| l.starts_with(&format!("{key} = ")))
            .unwrap_or_else(|| panic!("no {key} in\n{toml}"))
    }

    /// What a fuzz campaign found written: no `talk` where the agents'
    /// calls had no talk duration (the scenario did not validate), `ring`
    /// 0 s where no dial was answered (a dialler redialling at one instant
    /// without end), and one agentless dial written over a 1 s window at
    /// a rate for a minute.
    #[test]
    fn a_campaign_is_written_whole_from_sparse_records() {
        let period = Period::spanning(0, 3_600_000, 3_600_000);
        let one = |c: CampaignCounter| {
            let campaigns = c.finish();
            estimate_all(&campaigns, &period, &|_, _| Some(10.0)).remove(0)
        };
        // Taken by an agent, with no talk duration: connection to hang-up.
        let mut n = CampaignCounter::default();
        let mut taken = dial(0, Some(5_000), "HUMAN_ANSWERED", 125_000);
        let mut a = agent("a", "Team", 5_000, 0.0);
        a.interaction_s = None;
        taken.agent = Some(a);
        n.add(&taken);
        let toml = one(n).toml(Some("\"Team\""));
        assert_eq!(line(&toml, "talk"), "talk = \"120s\"");
        // Never answered: the ring is the unanswered dials' 15 s.
        let mut n = CampaignCounter::default();
        n.add(&dial(0, None, "AMD_UNANSWERED", 15_000));
        n.add(&dial(60_000, None, "AMD_UNANSWERED", 75_000));
        let toml = one(n).toml(None);
        assert_eq!(line(&toml, "ring"), "ring = \"15s\"");
        // Answered at once: never a ring of 0 s.
        let mut n = CampaignCounter::default();
        n.add(&dial(0, Some(0), "VOICEMAIL_BEEP", 20_000));
        let e = one(n);
        let toml = e.toml(None);
        assert_eq!(line(&toml, "ring"), "ring = \"1s\"");
        // One dial: a window of a minute at one dial a minute.
        assert_eq!(line(&toml, "start"), "start = \"0s\"");
        assert_eq!(line(&toml, "end"), "end = \"60s\"");
        assert_eq!(line(&toml, "dials_per_hour"), "dials_per_hour = 60");
    }

    #[test]
    fn peak_counts_overlaps_and_not_touching_ends() {
        let holds = [(0, 10), (5, 15), (10, 20), (30, 40)];
        assert_eq!(peak(&holds), 2);
        assert_eq!(peak(&holds[3..]), 1);
        assert_eq!(peak(&[]), 0);
    }

    #[test]
    fn the_share_held_is_the_largest_over_the_intervals() {
        let period = Period::spanning(0, 2_999, 1_000);
        // Interval 0: 2 of 4 agents at once; interval 1: 3 of 10.
        let mut holds = vec![
            (0, 500),
            (100, 600),
            (1_000, 1_900),
            (1_100, 1_900),
            (1_200, 1_900),
        ];
        let agents = |i: usize| Some([4.0, 10.0, 2.0][i]);
        assert_eq!(held_share(&holds, &period, &agents), Some(0.5));
        // Calls that run on into an interval of fewer agents were taken
        // under the share of the one they began in.
        holds.extend([(1_300, 2_500), (1_400, 2_500)]);
        assert_eq!(held_share(&holds, &period, &agents), Some(0.5));
        assert_eq!(held_share(&[], &period, &agents), None);
        // 3 of 10 is 0.3, whatever the float's last bit.
        let three = [(1_000, 1_500), (1_100, 1_500), (1_200, 1_500)];
        assert_eq!(held_share(&three, &period, &agents), Some(0.3));
    }
}
