//! What each agent was doing, read from the contacts it handled: kept per
//! agent until every contact is seen (the contacts come in no order), then
//! put in time order to find three things no single record shows:
//!
//! - the **accept lag** of a queue — from the moment an agent freed to the
//!   dequeue of the contact it then took (the agent whisper, plus an answer
//!   delay where agents accept by hand). Connect's `Queue.Duration` runs to
//!   the dequeue, so an answered caller's recorded wait is its time to the
//!   agent's accept plus that lag; the callback take-up ([`super::rates`])
//!   needs the time to accept. Read from the contacts that were already
//!   waiting when their agent's previous work ended: for those, the agent
//!   took them at that end, so dequeue − end is the lag;
//! - the **concurrency** each agent reached per channel (chat, task): the
//!   most contacts it held at once, connection to the end of after-contact
//!   work;
//! - the **busy time** of a routing profile's agents per interval (the
//!   union of each agent's work, so overlapping chats count once): the
//!   agent-time left free is what agent-initiated outbound calls are
//!   placed in ([`super::outbound`]).
//!
//! Memory: 20 bytes per contact an agent handled, the price of the order
//! these need.

use std::collections::{BTreeMap, BinaryHeap};

use serde_json::json;

use crate::ingest::agent_queues::is_agent_queue_of;
use crate::ingest::ObservedContact;
use crate::timefmt::format_iso8601_utc_seconds;

use super::keyed::Keyed;
use super::period::Period;
use super::warnings::DataWarning;

/// The longest gap read as an accept lag, seconds: a whisper is at most
/// 2 minutes (Connect disconnects it) and an offer is missed after 20 s.
/// A longer gap is an agent who was away between two contacts.
const MAX_LAG_S: u32 = 140;

/// How far from their median the gaps of a queue or a profile are
/// averaged into its accept lag, seconds.
/// Agents who accept by hand spread their answers over seconds (a probe's
/// uniform 1–4 s answer delay gave gaps of 3 to 6 s, about equally often
/// at 4 and 5): a window of one second around the median (5) read 4.81 s
/// for a true 4.5, three read 4.52. Agents away between two contacts
/// leave gaps far beyond it.
const HAND_SPREAD_S: u32 = 3;

/// Fewest gaps a lag is read from: fewer leave the default whisper, or
/// the center's lag for a profile (see [`super::answer_delay`]); and a
/// channel's lag is read from contacts that arrived to a free agent
/// where fewer slots freed with a contact waiting.
pub const MIN_LAG_GAPS: u64 = 20;

/// "Never queued", for [`Work::enqueued`].
const NOT_QUEUED: u32 = u32::MAX;

/// One contact's work, as seconds after the start of the span.
#[derive(Debug, Clone, Copy)]
struct Work {
    /// The work starts: the dequeue of a queued contact (its lag is added
    /// back once known), the dial of an outbound call, else the connection.
    start: u32,
    /// After-contact work ends (or the contact disconnects).
    end: u32,
    /// When it entered the queue (`NOT_QUEUED` if it did not).
    enqueued: u32,
    /// Its queue, numbered.
    queue: u32,
    /// Seconds from `start` to the connection to the agent.
    lead: u16,
    /// 0 voice, 1 chat, 2 task, 3 email, 4 other.
    channel: u8,
    /// Whether it goes on from the agent's previous contact in the same
    /// slot (an email reply, AGENT_REPLY, from the email it answers):
    /// held, but not taken by routing.
    continued: bool,
    /// Whether it was paused (a task): its span includes time it held no
    /// slot, so it is left out of the concurrency count.
    paused: bool,
    /// Whether it is a leg an agent holds beside a call by design (an
    /// external party added, EXTERNAL_OUTBOUND; a supervisor's MONITOR):
    /// not a second call.
    beside: bool,
    /// Whether it is a callback: the group accepts callbacks by a setting
    /// of its own, so their lag is left out of the voice accept lag.
    callback: bool,
    /// Whether it waited in its agent's own queue (a transfer to that
    /// agent): nobody else could take it, so if its agent had nothing
    /// when it queued, its wait is the accept lag alone.
    own_queue: bool,
    /// Whether an offer of it was missed before the accepted one
    /// (`AgentConnectionAttempts` above 1): its wait is not one lag.
    missed: bool,
}

/// Channels whose concurrency is counted (voice is always 1).
pub const CONCURRENT_CHANNELS: [&str; 3] = ["CHAT", "TASK", "EMAIL"];

/// An accept lag, estimated from the gaps between an agent's work and the
/// dequeue of a contact that was waiting for it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AcceptLag {
    /// The lag, seconds: the mean of the gaps within [`HAND_SPREAD_S`]
    /// of their median (an agent away between two contacts leaves a long
    /// gap, which this leaves out).
    pub seconds: f64,
    /// Gaps it was read from.
    pub gaps: u64,
    /// Whether the gaps are those of contacts taken as they arrived (an
    /// agent free for them when they queued: the wait whole), read where
    /// too few waited for a slot to free ([`MIN_LAG_GAPS`]).
    pub arrivals: bool,
    /// The lag's own standard deviation, seconds (`lag_spread`): agents
    /// answering by hand answer some contacts sooner than others.
    pub spread_s: f64,
}

/// Agents of one routing profile by the most contacts of one channel they
/// held at once: level → agents.
pub type ConcurrencyLevels = BTreeMap<u32, u64>;

/// What the agents' work showed.
#[derive(Debug, Default)]
pub struct AgentWork {
    /// The accept lag per queue (queues with no waiting contact taken at
    /// an agent's free moment have none).
    pub accept_lag: BTreeMap<String, AcceptLag>,
    /// The accept lag over all queues.
    pub overall_lag: Option<AcceptLag>,
    /// The accept lag of voice contacts (callbacks aside) per routing
    /// profile of the agent who took them: the agent whisper plus the
    /// group's answer delay, which differs between groups that accept by
    /// hand and groups that auto-accept (see [`super::answer_delay`]).
    pub voice_lag_by_profile: BTreeMap<String, AcceptLag>,
    /// The voice accept lag over all profiles.
    pub voice_lag: Option<AcceptLag>,
    /// Per routing profile and channel (CHAT, TASK, EMAIL: no whisper
    /// plays on those unless a flow sets one), the accept lag of its
    /// agents' waiting contacts of that channel (or, where too few waited
    /// for a slot to free, of those that arrived to a free agent, see
    /// `channel_lag`): the answer delay where they accept by hand. Only
    /// channels with gaps.
    pub lag_by_profile_channel: BTreeMap<String, BTreeMap<&'static str, AcceptLag>>,
    /// Per routing profile and channel (CHAT, TASK, EMAIL): its agents by the
    /// most contacts of the channel each held at once.
    pub concurrency: BTreeMap<String, BTreeMap<&'static str, ConcurrencyLevels>>,
    /// Per routing profile: agent-seconds busy per interval of the period.
    pub busy_s: BTreeMap<String, Vec<f64>>,
    /// Per routing profile: each of its agents' busy spans (seconds after
    /// the span's start; see [`busy_spans`]), all agents together.
    pub agents_busy: BTreeMap<String, Vec<(f64, f64)>>,
    /// Per routing profile and concurrent channel (numbered as
    /// [`channel_code`]): its agents' load of the channel's slots over
    /// time, as (from, to, agents) — the share of its slots each held (as
    /// many slots as any of the profile's agents was seen holding), a
    /// whole agent when it held another channel's contact — all agents
    /// together ([`slot_load`]).
    pub agents_slot_load: BTreeMap<String, BTreeMap<u8, SlotLoad>>,
    /// Per routing profile and channel (VOICE, CHAT, TASK, EMAIL): contacts of
    /// another channel its agents connected to while holding one of this
    /// channel (Connect's cross-channel behaviour allowed them); only
    /// profiles with any.
    pub cross_channel: BTreeMap<String, [u64; 4]>,
    /// Per agent (username) on two voice contacts at once: the voice
    /// contacts it connected to while already on one, and the first such
    /// moment (Unix ms). A voice agent holds one call at a time.
    pub voice_overlaps: BTreeMap<String, (u64, i64)>,
}

/// Agents' load of a channel's slots over time, as (from, to, agents),
/// seconds after the span's start ([`AgentWork::agents_slot_load`]).
pub type SlotLoad = Vec<(f64, f64, f64)>;

/// The channels of [`AgentWork::cross_channel`], in order (the numbers
/// [`Work`] keeps them by).
pub const CROSS_CHANNELS: [&str; 4] = ["VOICE", "CHAT", "TASK", "EMAIL"];

/// A channel's number: its place in [`CROSS_CHANNELS`], 4 for any other.
pub fn channel_code(channel: &str) -> u8 {
    CROSS_CHANNELS
        .iter()
        .position(|c| *c == channel)
        .map_or(4, |i| i as u8)
}

impl AgentWork {
    /// The accept lag of `queue`, else the overall one.
    pub fn lag_of(&self, queue: &str) -> Option<AcceptLag> {
        self.accept_lag.get(queue).copied().or(self.overall_lag)
    }

    /// The accept lag of `profile`'s agents on the channel numbered
    /// `channel` ([`channel_code`]) where it was read from enough gaps
    /// (voice's per profile, the others' per profile and channel), else
    /// `queue`'s ([`AgentWork::lag_of`]).
    pub fn lag_for(&self, profile: &str, channel: u8, queue: &str) -> Option<AcceptLag> {
        let own = match CROSS_CHANNELS.get(usize::from(channel)) {
            Some(&"VOICE") => self.voice_lag_by_profile.get(profile),
            Some(name) => self
                .lag_by_profile_channel
                .get(profile)
                .and_then(|m| m.get(name)),
            None => None,
        };
        own.filter(|l| l.gaps >= MIN_LAG_GAPS)
            .copied()
            .or_else(|| self.lag_of(queue))
    }
}

/// Agents' work gathered one contact at a time.
#[derive(Debug)]
pub struct AgentWorkCounter {
    span: Period,
    /// Per routing profile, per agent.
    agents: Keyed<Keyed<Vec<Work>>>,
    queues: Keyed<()>,
}

impl AgentWorkCounter {
    /// Work over a span that covers every contact's initiation.
    pub fn new(span: Period) -> Self {
        AgentWorkCounter {
            span,
            agents: Keyed::default(),
            queues: Keyed::default(),
        }
    }

    /// Notes the work of `c`'s agent, if an agent handled it.
    pub fn add(&mut self, c: &ObservedContact) {
        let Some(a) = &c.agent else { return };
        let (Some(profile), Some(user)) = (a.routing_profile.as_deref(), a.username.as_deref())
        else {
            return;
        };
        let outbound = c.method == "OUTBOUND";
        let Some(connected) = a.connected_ms.or(outbound.then_some(c.initiated_ms)) else {
            return;
        };
        let q = c.queue.as_ref();
        let enqueued = q.and_then(|q| q.enqueued_ms);
        let start = match (outbound, q.and_then(|q| q.dequeued_ms)) {
            (true, _) => c.initiated_ms,
            (false, Some(d)) if enqueued.is_some() => d.min(connected),
            _ => connected,
        };
        let end = a.acw_end_ms.unwrap_or(c.disconnected_ms).max(start);
        let base = self.span.start_ms.div_euclid(1000);
        let secs = |ms: i64| (ms.div_euclid(1000) - base).clamp(0, i64::from(u32::MAX - 1)) as u32;
        let queue = self.queues.number(q.map_or("", |q| q.name.as_str()));
        let work = Work {
            start: secs(start),
            end: secs(end),
            enqueued: enqueued.map_or(NOT_QUEUED, secs),
            queue,
            lead: (secs(connected).saturating_sub(secs(start))).min(u32::from(u16::MAX)) as u16,
            channel: channel_code(&c.channel),
            continued: c.method == "AGENT_REPLY",
            paused: c.pauses.is_some_and(|n| n > 0),
            beside: matches!(c.method.as_str(), "EXTERNAL_OUTBOUND" | "MONITOR"),
            callback: c.method == "CALLBACK",
            own_queue: q.is_some_and(|q| is_agent_queue_of(&q.name, profile)),
            missed: c.agent_connection_attempts.is_some_and(|n| n > 1),
        };
        self.agents.slot(profile).slot(user).push(work);
    }

    /// Puts each agent's work in order and reads the lags, the concurrency
    /// and the busy time (for the profiles in `busy_for` only: it is the
    /// costly part) over `period`.
    pub fn finish(self, period: &Period, busy_for: &dyn Fn(&str) -> bool) -> AgentWork {
        let mut gaps: BTreeMap<u32, BTreeMap<u32, u64>> = BTreeMap::new();
        let mut voice_gaps: BTreeMap<String, BTreeMap<u32, u64>> = BTreeMap::new();
        let mut channel_gaps: BTreeMap<String, ChannelGaps> = BTreeMap::new();
        let mut agents = self.agents.into_sorted();
        for (profile, per_agent) in agents.iter_mut() {
            let voice = voice_gaps.entry(profile.clone()).or_default();
            let others = channel_gaps.entry(profile.clone()).or_default();
            for work in per_agent.values_mut() {
                // Every field in the key: the same contacts in any order give the
                // same sequence.
                work.sort_unstable_by_key(|w| {
                    (
                        w.start,
                        w.end,
                        w.enqueued,
                        w.queue,
                        w.lead,
                        w.channel,
                        w.continued,
                        w.paused,
                        w.beside,
                        w.callback,
                        w.own_queue,
                        w.missed,
                    )
                });
                collect_gaps(work, &mut gaps, voice, others);
            }
        }
        let mut all = BTreeMap::new();
        let mut accept_lag = BTreeMap::new();
        for (q, g) in &gaps {
            for (gap, n) in g {
                *all.entry(*gap).or_insert(0) += n;
            }
            if let Some(lag) = lag_from(g) {
                accept_lag.insert(self.queues.name(*q).to_string(), lag);
            }
        }
        let overall_lag = lag_from(&all);
        let mut all_voice = BTreeMap::new();
        for g in voice_gaps.values() {
            for (gap, n) in g {
                *all_voice.entry(*gap).or_insert(0) += n;
            }
        }
        let voice_lag = lag_from(&all_voice);
        let voice_lag_by_profile = voice_gaps
            .iter()
            .filter_map(|(p, g)| Some((p.clone(), lag_from(g)?)))
            .collect();
        let lag_by_profile_channel = channel_gaps
            .iter()
            .map(|(p, g)| {
                let lags: BTreeMap<&'static str, AcceptLag> = CONCURRENT_CHANNELS
                    .iter()
                    .enumerate()
                    .filter_map(|(i, name)| Some((*name, channel_lag(&g.freed[i], &g.arrived[i])?)))
                    .collect();
                (p.clone(), lags)
            })
            .filter(|(_, lags)| !lags.is_empty())
            .collect();
        let lag_of = |q: u32| {
            accept_lag
                .get(self.queues.name(q))
                .or(overall_lag.as_ref())
                .map_or(0.0, |l: &AcceptLag| l.seconds)
        };
        let base_ms = self.span.start_ms.div_euclid(1000) * 1000;
        let mut concurrency = BTreeMap::new();
        let mut busy_s = BTreeMap::new();
        let mut agents_busy = BTreeMap::new();
        let mut agents_slot_load = BTreeMap::new();
        let mut cross_channel = BTreeMap::new();
        let mut voice_overlaps = BTreeMap::new();
        for (profile, per_agent) in &agents {
            let levels: BTreeMap<&'static str, ConcurrencyLevels> = CONCURRENT_CHANNELS
                .iter()
                .enumerate()
                .filter_map(|(k, name)| {
                    let l = levels(per_agent, k as u8 + 1);
                    (!l.is_empty()).then_some((*name, l))
                })
                .collect();
            let load: BTreeMap<u8, SlotLoad> = levels
                .iter()
                .filter_map(|(name, l)| {
                    let slots = *l.keys().next_back()?;
                    let channel = channel_code(name);
                    let spans = per_agent
                        .iter()
                        .flat_map(|(_, work)| slot_load(work, channel, slots, &lag_of))
                        .collect();
                    Some((channel, spans))
                })
                .collect();
            if !load.is_empty() {
                agents_slot_load.insert(profile.clone(), load);
            }
            if !levels.is_empty() {
                concurrency.insert(profile.clone(), levels);
            }
            let mut cross = [0u64; 4];
            for (_, work) in per_agent.iter() {
                add_cross(work, &mut cross);
            }
            if cross.iter().any(|n| *n > 0) {
                cross_channel.insert(profile.clone(), cross);
            }
            for (agent, work) in per_agent.iter() {
                if let Some((n, first_s)) = voice_overlap(work) {
                    // One username in two profiles: counted together.
                    let first_ms = base_ms + i64::from(first_s) * 1000;
                    let e = voice_overlaps
                        .entry(agent.to_string())
                        .or_insert((0, first_ms));
                    *e = (e.0 + n, e.1.min(first_ms));
                }
            }
            if busy_for(profile) {
                let mut busy = vec![0.0; period.intervals];
                for (_, work) in per_agent.iter() {
                    add_busy(work, &lag_of, base_ms, period, &mut busy);
                }
                busy_s.insert(profile.clone(), busy);
            }
            let spans: Vec<(f64, f64)> = per_agent
                .iter()
                .flat_map(|(_, work)| busy_spans(work, &lag_of))
                .collect();
            agents_busy.insert(profile.clone(), spans);
        }
        AgentWork {
            accept_lag,
            overall_lag,
            voice_lag_by_profile,
            voice_lag,
            lag_by_profile_channel,
            concurrency,
            busy_s,
            agents_busy,
            agents_slot_load,
            cross_channel,
            voice_overlaps,
        }
    }
}

/// How many of one agent's voice contacts in `work` (not counting the
/// legs held beside a call) connected while another of its voice contacts
/// was open — from connection to the end of after-contact work,
/// half-open as in [`most_at_once`] — and the first such connection
/// (seconds after the span's start); `None` without any.
fn voice_overlap(work: &[Work]) -> Option<(u64, u32)> {
    let mut spans: Vec<(u32, u32)> = work
        .iter()
        .filter(|w| w.channel == 0 && !w.beside)
        .map(|w| (w.start.saturating_add(u32::from(w.lead)), w.end))
        .collect();
    spans.sort_unstable();
    let mut open: BinaryHeap<std::cmp::Reverse<u32>> = BinaryHeap::new();
    let mut found: Option<(u64, u32)> = None;
    for (from, to) in spans {
        while open.peek().is_some_and(|e| e.0 <= from) {
            open.pop();
        }
        if !open.is_empty() {
            let (n, first) = found.get_or_insert((0, from));
            *n += 1;
            *first = (*first).min(from);
        }
        open.push(std::cmp::Reverse(to.max(from)));
    }
    found
}

/// How many agents a warning names as examples.
const AGENTS_NAMED: usize = 3;

/// The warning for agents seen on two voice contacts at once, if any.
/// Connect gives a voice agent one call at a time, so the records hold
/// copies of contacts under other ids, or one username several people
/// use; the calibration counts the contacts as they are.
pub fn voice_overlap_warning(work: &AgentWork) -> Option<DataWarning> {
    let agents = &work.voice_overlaps;
    if agents.is_empty() {
        return None;
    }
    let contacts: u64 = agents.values().map(|(n, _)| n).sum();
    let named: Vec<String> = agents
        .iter()
        .take(AGENTS_NAMED)
        .map(|(a, (_, t))| format!("{a} at {}", format_iso8601_utc_seconds(*t)))
        .collect();
    let text = format!(
        "{contacts} voice contact(s) connected to an agent already on a voice contact ({} agent(s), e.g. {}): a voice agent takes one call at a time, so the records likely hold copies of contacts under other ContactIds, or a username several people share. They are counted as they are (arrivals, talk, agents seen working) — fix: check the export for duplicated contacts",
        agents.len(),
        named.join(", ")
    );
    Some(DataWarning {
        kind: "agent_on_two_voice_contacts",
        text,
        detail: json!({
            "contacts": contacts,
            "agents": agents.iter().map(|(a, (n, t))| json!({"agent": a, "contacts": n, "first": format_iso8601_utc_seconds(*t)})).collect::<Vec<_>>(),
        }),
    })
}

/// The gaps of one profile's chats, tasks and emails (by
/// [`CONCURRENT_CHANNELS`] order).
#[derive(Debug, Default)]
struct ChannelGaps {
    /// From the moment a slot freed to the dequeue of a contact waiting
    /// then.
    freed: [BTreeMap<u32, u64>; 3],
    /// Per queue: the waits of contacts that queued while their agent
    /// could take them.
    arrived: [BTreeMap<u32, BTreeMap<u32, u64>>; 3],
}

/// The gaps between an agent's free moment and the dequeue of a contact
/// that was waiting then, per queue (work in start order); those of voice
/// contacts other than callbacks also into `voice` (the agent's profile),
/// with the waits of transfers into the agent's own queue while it had
/// nothing; those of chats, tasks and emails into `others` (by
/// [`CONCURRENT_CHANNELS`] order), at the moments a slot of theirs freed,
/// and their waits where they arrived to a free agent into `arrived`
/// ([`collect_slot_gaps`]).
fn collect_gaps(
    work: &[Work],
    gaps: &mut BTreeMap<u32, BTreeMap<u32, u64>>,
    voice: &mut BTreeMap<u32, u64>,
    others: &mut ChannelGaps,
) {
    collect_slot_gaps(work, others);
    let mut free_at = 0u32;
    for (k, w) in work.iter().enumerate() {
        // Waiting before the agent freed (an earlier whole second, so
        // certainly before), taken at or after it.
        if k > 0
            && w.enqueued != NOT_QUEUED
            && w.enqueued < free_at
            && free_at <= w.start
            && w.start - free_at <= MAX_LAG_S
        {
            let gap = w.start - free_at;
            *gaps.entry(w.queue).or_default().entry(gap).or_insert(0) += 1;
            if w.channel == 0 && !w.callback && !w.missed {
                *voice.entry(gap).or_insert(0) += 1;
            }
        } else if k > 0
            && w.own_queue
            && w.channel == 0
            && free_at < w.enqueued
            && w.enqueued <= w.start
            && w.start - w.enqueued <= MAX_LAG_S
        {
            // Its agent had nothing when it queued (an earlier whole
            // second) and nobody else could take it: taken at once, so
            // its wait is the lag. What a group seldom busy shows (a
            // probe's agent queue: 5 gaps of the first kind, 675 of this).
            *voice.entry(w.start - w.enqueued).or_insert(0) += 1;
        }
        free_at = free_at.max(w.end);
    }
}

/// The gaps of chats, tasks and emails (into `gaps.freed`, by
/// [`CONCURRENT_CHANNELS`] order): from the moment a slot of the channel
/// freed, the agent unable to take one of them just before (every slot
/// of the channel held — as many as the agent was ever seen holding — or
/// another channel's contact held), to the dequeue of a contact that was
/// waiting then, when that dequeue was the agent's next change. An agent
/// holding several chats at once seldom has nothing: a desk answering
/// chats by hand at three at once showed 13 moments with nothing and
/// hundreds of a slot freeing. Only clean moments count: one slot free
/// (two ends in one second, or a start before the dequeue, and which
/// slot the contact took is not known), a contact waiting (so it was
/// offered the moment the slot freed), the agent's other channels idle.
/// Ends come before starts in the same second (spans are half-open: the
/// agent was full until the end). Paused tasks are left out (while paused
/// they held no slot, and when is not recorded); an email reply holds its
/// email's slot but was taken by no routing, so it is no gap.
///
/// Into `gaps.arrived`, per queue: the waits of contacts that queued while
/// the agent could take them, nothing changing for the agent until their
/// dequeue and no offer of them missed (not the agent's first contact:
/// whether it was there before is not known). What a quiet desk shows
/// instead (see [`channel_lag`]).
fn collect_slot_gaps(work: &[Work], gaps: &mut ChannelGaps) {
    // (second, 0 end / 1 start / 2 end within the second it started,
    // index): ends first within a second, a contact's own end after it.
    let mut changes: Vec<(u32, u8, usize)> = Vec::with_capacity(2 * work.len());
    for (k, w) in work.iter().enumerate() {
        if w.paused || w.channel > 3 {
            continue;
        }
        changes.push((w.start, 1, k));
        changes.push(if w.end > w.start {
            (w.end, 0, k)
        } else {
            (w.start, 2, k)
        });
    }
    changes.sort_unstable();
    // The most held at once per channel: the agent's capacity as seen.
    let mut load = [0u32; 4];
    let mut cap = [0u32; 4];
    for &(_, kind, k) in &changes {
        let c = usize::from(work[k].channel);
        if kind == 1 {
            load[c] += 1;
            cap[c] = cap[c].max(load[c]);
        } else {
            load[c] -= 1;
        }
    }
    // Whether the agent could take a contact of channel `c` (1..=3).
    let takeable =
        |load: &[u32; 4], c: usize| load[c] < cap[c] && (0..4).all(|o| o == c || load[o] == 0);
    // The last change, if it was an end that made channels takeable: its
    // second and those channels.
    let mut freed: Option<(u32, [bool; 4])> = None;
    // The second of the last change (none before the agent's first).
    let mut last_change: Option<u32> = None;
    for &(t, kind, k) in &changes {
        let w = &work[k];
        let c = usize::from(w.channel);
        let taken = (1..=3).contains(&c) && !w.continued && w.enqueued != NOT_QUEUED;
        // Queued while the agent could take it, nothing changing for the
        // agent since, and offered to it first: its wait is the lag (and
        // any routing delay of the queue for the agent's profile, which
        // is why the fastest queue's are read, see `channel_lag`).
        if kind == 1
            && taken
            && !w.missed
            && last_change.is_some_and(|at| at < w.enqueued)
            && w.enqueued <= w.start
            && w.start - w.enqueued <= MAX_LAG_S
            && takeable(&load, c)
        {
            *gaps.arrived[c - 1]
                .entry(w.queue)
                .or_default()
                .entry(w.start - w.enqueued)
                .or_insert(0) += 1;
        }
        last_change = Some(t);
        if kind != 1 {
            let before = [
                false,
                takeable(&load, 1),
                takeable(&load, 2),
                takeable(&load, 3),
            ];
            load[c] -= 1;
            let mut opened = [false; 4];
            for o in 1..4 {
                opened[o] = !before[o] && takeable(&load, o);
            }
            freed = opened.contains(&true).then_some((t, opened));
            continue;
        }
        if let Some((at, opened)) = freed {
            if taken && !w.missed && opened[c] && w.enqueued < at && w.start - at <= MAX_LAG_S {
                *gaps.freed[c - 1].entry(w.start - at).or_insert(0) += 1;
            }
        }
        load[c] += 1;
        freed = None;
    }
}

/// A channel's lag for one profile: from the slots that freed while a
/// contact waited, where at least [`MIN_LAG_GAPS`] did; else from the
/// contacts that arrived to an agent free for them, in the queue whose
/// lag is shortest among those with as many (a queue the profile takes
/// after a routing delay shows the delay too; Connect's profiles take at
/// least one queue at once); else from however few slots freed. A quiet
/// desk answering by hand seldom has a contact waiting when a slot frees:
/// one taking 25 chats an hour, three at once, had every chat wait 3 s
/// or more and was written auto-accepting.
fn channel_lag(
    freed: &BTreeMap<u32, u64>,
    arrived: &BTreeMap<u32, BTreeMap<u32, u64>>,
) -> Option<AcceptLag> {
    let from_freed = lag_from(freed);
    if from_freed.is_some_and(|l| l.gaps >= MIN_LAG_GAPS) {
        return from_freed;
    }
    arrived
        .values()
        .filter_map(lag_from)
        .filter(|l| l.gaps >= MIN_LAG_GAPS)
        .min_by(|a, b| a.seconds.total_cmp(&b.seconds))
        .map(|l| AcceptLag {
            arrivals: true,
            ..l
        })
        .or(from_freed)
}

/// The lag from a histogram of gaps (whole seconds: each a difference of
/// two truncated timestamps, unbiased for the true gap on average): the
/// mean within [`HAND_SPREAD_S`] of their median.
fn lag_from(gaps: &BTreeMap<u32, u64>) -> Option<AcceptLag> {
    lag_within(gaps, HAND_SPREAD_S)
}

/// The mean of the gaps within `within` seconds of their median.
fn lag_within(gaps: &BTreeMap<u32, u64>, within: u32) -> Option<AcceptLag> {
    let n: u64 = gaps.values().sum();
    let mut seen = 0;
    let median = gaps.iter().find_map(|(g, c)| {
        seen += c;
        (2 * seen >= n).then_some(*g)
    })?;
    let (mut sum, mut count) = (0.0, 0u64);
    for (g, c) in gaps.range(median.saturating_sub(within)..=median + within) {
        sum += f64::from(*g) * *c as f64;
        count += c;
    }
    Some(AcceptLag {
        seconds: sum / count as f64,
        gaps: count,
        arrivals: false,
        spread_s: lag_spread(gaps, median),
    })
}

/// How far around their median the gaps are taken for their spread,
/// seconds: Connect misses an offer not answered within 20 s, so an
/// answer spreads over less.
const SPREAD_WITHIN_S: u32 = 20;

/// The standard deviation of the lag itself, seconds: that of the gaps
/// within [`SPREAD_WITHIN_S`] of their `median`, less the whole-second
/// stamps' own (a gap is the difference of two truncated stamps: variance
/// 1/6 s² beside the lag's).
fn lag_spread(gaps: &BTreeMap<u32, u64>, median: u32) -> f64 {
    let (mut n, mut sum, mut squares) = (0.0, 0.0, 0.0);
    for (g, c) in gaps.range(median.saturating_sub(SPREAD_WITHIN_S)..=median + SPREAD_WITHIN_S) {
        let (g, c) = (f64::from(*g), *c as f64);
        n += c;
        sum += g * c;
        squares += g * g * c;
    }
    let mean = sum / n;
    (squares / n - mean * mean - 1.0 / 6.0).max(0.0).sqrt()
}

/// Agents by the most contacts of `channel` each held at once.
fn levels(per_agent: &Keyed<Vec<Work>>, channel: u8) -> ConcurrencyLevels {
    let mut out = ConcurrencyLevels::new();
    for (_, work) in per_agent.iter() {
        // A paused task held no slot while paused, and when is not
        // recorded: left out (the others still show the most held).
        let top = most_at_once(work.iter().filter(|w| w.channel == channel && !w.paused));
        if top > 0 {
            *out.entry(top).or_insert(0) += 1;
        }
    }
    out
}

/// The most intervals `[connected, end)` open at once (work in start order;
/// the connection comes `lead` after the start, so the order holds to
/// within a whisper, and a heap of ends makes it exact).
fn most_at_once<'a>(work: impl Iterator<Item = &'a Work>) -> u32 {
    let mut spans: Vec<(u32, u32)> = work
        .map(|w| (w.start.saturating_add(u32::from(w.lead)), w.end))
        .collect();
    spans.sort_unstable();
    let mut open: BinaryHeap<std::cmp::Reverse<u32>> = BinaryHeap::new();
    let mut top = 0;
    for (from, to) in spans {
        // Half-open: a contact that ends in the second another connects is
        // not counted with it (truncated timestamps cannot say more).
        while open.peek().is_some_and(|e| e.0 <= from) {
            open.pop();
        }
        open.push(std::cmp::Reverse(to.max(from)));
        top = top.max(open.len() as u32);
    }
    top
}

/// Counts, per channel held (voice, chat, task, email), the contacts of another
/// channel the agent connected to while holding it (half-open, as
/// [`most_at_once`]: an overlap of truncated timestamps is a true one).
/// Contacts connected in the same second are not counted against each
/// other: which came first is not recorded. An email reply is held but
/// never counted as taken: its email's slot passed on to it, no routing
/// offered it. A paused task is taken but not held: while paused it held
/// no slot, and when is not recorded.
fn add_cross(work: &[Work], cross: &mut [u64; 4]) {
    let mut spans: Vec<(u32, u32, u8, bool, bool)> = work
        .iter()
        .filter(|w| w.channel < 4)
        .map(|w| {
            let from = w.start.saturating_add(u32::from(w.lead));
            (from, w.end, w.channel, w.continued, w.paused)
        })
        .collect();
    spans.sort_unstable();
    let mut open: BinaryHeap<std::cmp::Reverse<(u32, u8)>> = BinaryHeap::new();
    let mut held = [0u32; 4];
    for same_second in spans.chunk_by(|a, b| a.0 == b.0) {
        let from = same_second[0].0;
        while let Some(std::cmp::Reverse((end, ch))) = open.peek().copied() {
            if end > from {
                break;
            }
            open.pop();
            held[usize::from(ch)] -= 1;
        }
        for &(_, _, channel, _, _) in same_second.iter().filter(|s| !s.3) {
            for (k, n) in held.iter().enumerate() {
                if *n > 0 && k != usize::from(channel) {
                    cross[k] += 1;
                }
            }
        }
        for &(_, to, channel, _, _) in same_second.iter().filter(|s| !s.4) {
            held[usize::from(channel)] += 1;
            open.push(std::cmp::Reverse((to.max(from), channel)));
        }
    }
}

/// Adds one agent's busy time — the union of its work, each queued
/// contact's start moved back by its queue's lag — to `busy` per interval.
fn add_busy(
    work: &[Work],
    lag_of: &dyn Fn(u32) -> f64,
    base_ms: i64,
    period: &Period,
    busy: &mut [f64],
) {
    for span in busy_spans(work, lag_of) {
        spread(span, base_ms, period, busy);
    }
}

/// A contact's time with its agent, seconds after the span's start: from
/// its offer (a queued one's dequeue less its queue's accept lag) to the
/// end of its after-contact work.
fn offered_span(w: &Work, lag_of: &dyn Fn(u32) -> f64) -> (f64, f64) {
    let lag = if w.enqueued == NOT_QUEUED {
        0.0
    } else {
        lag_of(w.queue)
    };
    (f64::from(w.start) - lag, f64::from(w.end))
}

/// One agent's busy time as spans apart, seconds after the span's start:
/// each contact from its offer (a queued one's dequeue less its queue's
/// accept lag) to the end of its after-contact work, overlapping ones
/// merged (two chats at once are one busy agent).
fn busy_spans(work: &[Work], lag_of: &dyn Fn(u32) -> f64) -> Vec<(f64, f64)> {
    let mut merged = Vec::new();
    let mut spans: Vec<(f64, f64)> = work.iter().map(|w| offered_span(w, lag_of)).collect();
    spans.sort_unstable_by(|a, b| a.0.total_cmp(&b.0));
    let mut current: Option<(f64, f64)> = None;
    for (a, b) in spans {
        current = match current {
            Some((ca, cb)) if a <= cb => Some((ca, cb.max(b))),
            Some(done) => {
                merged.push(done);
                Some((a, b))
            }
            None => Some((a, b)),
        };
    }
    merged.extend(current);
    merged
}

/// One agent's load of `channel`'s `slots` over time (seconds after the
/// span's start), as (from, to, share): the contacts of the channel it
/// held over `slots`, and 1 while it held a contact of another channel
/// (as if the profile allowed none beside it: where it does, such an
/// agent counts as busy though it could take one, which reads fewer
/// agents away, not more). An agent holding every slot counts 1: while a
/// contact waited, the agents available were all full. One holding some
/// was winding down (before a break, say) and took no more, but its
/// contacts were served, by part of an agent. Each contact counts over its
/// [`offered_span`], as in [`busy_spans`].
fn slot_load(
    work: &[Work],
    channel: u8,
    slots: u32,
    lag_of: &dyn Fn(u32) -> f64,
) -> Vec<(f64, f64, f64)> {
    // (time, change in this channel's contacts, change in others')
    let mut edges: Vec<(f64, i32, i32)> = Vec::with_capacity(2 * work.len());
    // A paused task held no slot while paused, and when is not recorded:
    // left out, as in the concurrency count.
    for w in work.iter().filter(|w| !w.paused) {
        let (from, to) = offered_span(w, lag_of);
        if from >= to {
            continue;
        }
        let mine = i32::from(w.channel == channel);
        edges.push((from, mine, 1 - mine));
        edges.push((to, -mine, mine - 1));
    }
    edges.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut out = Vec::new();
    let (mut held, mut others) = (0i32, 0i32);
    let mut at = 0.0;
    for (t, dm, dn) in edges {
        let load = if others > 0 {
            1.0
        } else {
            (f64::from(held.max(0)) / f64::from(slots.max(1))).min(1.0)
        };
        if t > at && load > 0.0 {
            out.push((at, t, load));
        }
        at = t;
        held += dm;
        others += dn;
    }
    out
}

/// Adds the seconds of `[a, b)` (seconds after `base_ms`) to the intervals
/// of `period` they fall in.
pub fn spread(span: (f64, f64), base_ms: i64, period: &Period, busy: &mut [f64]) {
    period.each_part(span, base_ms, |i, s| {
        if let Some(b) = busy.get_mut(i) {
            *b += s;
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(start: u32, end: u32, enqueued: u32, channel: u8) -> Work {
        Work {
            start,
            end,
            enqueued,
            queue: 0,
            lead: 0,
            channel,
            continued: false,
            paused: false,
            beside: false,
            callback: false,
            own_queue: false,
            missed: false,
        }
    }

    #[test]
    fn an_agent_s_slot_load_is_its_share_of_slots_held_and_whole_on_another_channel() {
        // Chats (channel 1) over 0–100 and 50–150 on two slots, queued at
        // 0 with a 2 s lag, then a call 200–260: half an agent, a whole
        // one, half again, and whole on the call.
        let work = [
            w(2, 100, 0, 1),
            w(52, 150, 0, 1),
            w(200, 260, NOT_QUEUED, 0),
        ];
        let got = slot_load(&work, 1, 2, &|_| 2.0);
        assert_eq!(
            got,
            vec![
                (0.0, 50.0, 0.5),
                (50.0, 100.0, 1.0),
                (100.0, 150.0, 0.5),
                (200.0, 260.0, 1.0)
            ]
        );
        // One slot: each chat fills it.
        assert_eq!(
            slot_load(&work[..1], 1, 1, &|_| 0.0),
            vec![(2.0, 100.0, 1.0)]
        );
    }

    #[test]
    fn a_second_voice_call_at_once_is_found_but_not_a_leg_beside_one() {
        // One call after another (the second connects the second the
        // first ends), and a chat beside them: no overlap.
        let apart = [w(0, 100, 0, 0), w(100, 200, 0, 0), w(50, 150, 0, 1)];
        assert_eq!(voice_overlap(&apart), None);
        // An external party added mid-call is held beside it.
        let beside = [
            w(0, 100, 0, 0),
            Work {
                beside: true,
                ..w(30, 60, NOT_QUEUED, 0)
            },
        ];
        assert_eq!(voice_overlap(&beside), None);
        // A copy of the call, and another call taken during the first.
        let twice = [
            w(0, 100, 0, 0),
            w(0, 100, 0, 0),
            w(150, 300, 0, 0),
            w(200, 250, 0, 0),
        ];
        assert_eq!(voice_overlap(&twice), Some((2, 0)));
    }

    #[test]
    fn gaps_are_read_only_for_contacts_waiting_when_the_agent_freed() {
        let work = [
            w(0, 100, NOT_QUEUED, 0),
            // Waiting since 50, taken 3 s after the agent freed at 100.
            w(103, 200, 50, 0),
            // Enqueued after the agent freed at 200: no gap.
            w(260, 300, 250, 0),
            // Waiting, but the agent came back 500 s later (away).
            w(800, 900, 299, 0),
        ];
        let mut gaps = BTreeMap::new();
        let mut voice = BTreeMap::new();
        collect_gaps(&work, &mut gaps, &mut voice, &mut Default::default());
        assert_eq!(gaps[&0], BTreeMap::from([(3, 1)]));
        assert_eq!(voice, BTreeMap::from([(3, 1)]));
    }

    #[test]
    fn a_profile_s_voice_gaps_leave_out_callbacks_and_add_its_own_queue_s_idle_takes() {
        let work = [
            w(0, 100, NOT_QUEUED, 0),
            // A callback waiting when the agent freed: the queue's gap only.
            Work {
                callback: true,
                ..w(104, 200, 50, 0)
            },
            // A transfer into the agent's own queue at 250, the agent free
            // since 200: taken 2 s later, the lag alone.
            Work {
                own_queue: true,
                ..w(252, 300, 250, 0)
            },
            // The same in a queue others serve: someone else may have
            // been offered it first, so no gap.
            w(352, 400, 350, 0),
            // A chat waiting when the agent freed: not voice, its own
            // channel's.
            w(402, 500, 390, 1),
            // An email reply goes on from the email it answers: taken by
            // no routing, no gap.
            Work {
                continued: true,
                queue: 1,
                ..w(503, 600, 490, 3)
            },
        ];
        let mut gaps = BTreeMap::new();
        let mut voice = BTreeMap::new();
        let mut others = ChannelGaps::default();
        collect_gaps(&work, &mut gaps, &mut voice, &mut others);
        assert_eq!(gaps[&0], BTreeMap::from([(2, 1), (4, 1)]));
        assert_eq!(voice, BTreeMap::from([(2, 1)]));
        assert_eq!(others.freed[0], BTreeMap::from([(2, 1)]));
        assert!(
            others.freed[1].is_empty() && others.freed[2].is_empty(),
            "{others:?}"
        );
    }

    #[test]
    fn a_concurrent_channel_s_gaps_start_where_a_full_agent_freed_a_slot() {
        // Three chats at once at most. Each line says why its start gives
        // a gap or none.
        let work = [
            w(0, 100, 0, 1),
            w(0, 150, 0, 1),
            w(10, 200, 5, 1),
            // Waiting since 90 when the first slot freed at 100: 4 s.
            w(104, 300, 90, 1),
            // A slot freed at 150, a second at 200: two free, and which
            // one each of these took is not known: no gaps.
            w(201, 400, 180, 1),
            w(203, 400, 190, 1),
            // All three held again; one freed at 300, and this one,
            // waiting since 250, taken 6 s later.
            w(306, 500, 250, 1),
            // A contact of no queue (a span of no length: no panic) and a
            // paused task (left out): no gaps.
            w(600, 600, NOT_QUEUED, 1),
            Work {
                paused: true,
                ..w(700, 900, 650, 2)
            },
        ];
        let mut others = ChannelGaps::default();
        collect_slot_gaps(&work, &mut others);
        assert_eq!(
            others.freed[0],
            BTreeMap::from([(4, 1), (6, 1)]),
            "{others:?}"
        );
        assert!(
            others.freed[1].is_empty() && others.freed[2].is_empty(),
            "{others:?}"
        );

        // Two slots freeing in one second: which one the next contact took
        // is not known, so no gap. A call's end makes chats takeable again
        // (the agent took none beside it): the chat waiting then, taken
        // 3 s later, is a gap.
        let work = [
            w(0, 100, 0, 1),
            w(0, 100, 0, 1),
            w(0, 200, 0, 1),
            w(102, 300, 50, 1),
            w(400, 500, 0, 0),
            w(503, 600, 450, 1),
        ];
        let mut others = ChannelGaps::default();
        collect_slot_gaps(&work, &mut others);
        assert_eq!(others.freed[0], BTreeMap::from([(3, 1)]), "{others:?}");
    }

    #[test]
    fn a_contact_queued_to_an_agent_free_for_it_waits_the_lag() {
        let work = [
            // The agent's first contact: whether it was there before is
            // not known, so no wait is read.
            w(10, 100, 5, 1),
            // Queued at 150, the agent free (one chat at most, none held)
            // since 100: 4 s.
            w(154, 200, 150, 1),
            // Queued at 199, before the agent freed at 200: a freed slot's
            // gap (3 s), not an arrival.
            w(203, 300, 199, 1),
            // A missed offer first: not one lag.
            Work {
                missed: true,
                ..w(330, 400, 320, 1)
            },
            // Another queue, 34 s (a routing delay there).
            Work {
                queue: 1,
                ..w(464, 500, 430, 1)
            },
            // A call between the queueing (600) and the take: no arrival;
            // the call's end made chats takeable, so a freed slot's 10 s.
            w(605, 610, NOT_QUEUED, 0),
            w(620, 700, 600, 1),
        ];
        let mut others = ChannelGaps::default();
        collect_slot_gaps(&work, &mut others);
        assert_eq!(
            others.freed[0],
            BTreeMap::from([(3, 1), (10, 1)]),
            "{others:?}"
        );
        assert_eq!(
            others.arrived[0],
            BTreeMap::from([
                (0, BTreeMap::from([(4, 1)])),
                (1, BTreeMap::from([(34, 1)]))
            ]),
            "{others:?}"
        );
    }

    #[test]
    fn a_channel_s_lag_is_from_freed_slots_else_the_fastest_queue_s_arrivals() {
        let freed = BTreeMap::from([(3, 25)]);
        let arrived = BTreeMap::from([
            (0, BTreeMap::from([(5, 30)])),
            (1, BTreeMap::from([(34, 40)])),
            (2, BTreeMap::from([(1, 19)])),
        ]);
        let lag = |f: &BTreeMap<u32, u64>| {
            channel_lag(f, &arrived).map(|l| (l.seconds, l.gaps, l.arrivals))
        };
        // Enough freed slots: theirs.
        assert_eq!(lag(&freed), Some((3.0, 25, false)));
        // Too few: the arrivals of the fastest queue with enough (queue 2
        // has 19).
        let few = BTreeMap::from([(3, 19)]);
        assert_eq!(lag(&few), Some((5.0, 30, true)));
        // No queue with enough arrivals: the few freed slots.
        assert_eq!(
            channel_lag(&few, &BTreeMap::new()).map(|l| (l.gaps, l.arrivals)),
            Some((19, false))
        );
        assert_eq!(channel_lag(&BTreeMap::new(), &BTreeMap::new()), None);
    }

    #[test]
    fn a_hand_accepting_profile_s_spread_lag_is_read_whole() {
        // Uniform 1–4 s answers after a 2 s whisper: gaps 3 to 6, about as
        // often at 4 as at 5. One second around the median (5) misses the
        // 3s; three seconds take them all.
        let gaps = BTreeMap::from([(3, 450), (4, 900), (5, 920), (6, 480), (55, 10)]);
        let narrow = lag_within(&gaps, 1).map(|l| l.seconds).unwrap_or(0.0);
        let wide = lag_within(&gaps, HAND_SPREAD_S).unwrap_or_else(|| panic!("no lag"));
        assert!(narrow > 4.8, "{narrow}");
        assert!(
            (wide.seconds - 4.52).abs() < 0.01 && wide.gaps == 2750,
            "{wide:?}"
        );
    }

    #[test]
    fn a_lag_s_spread_is_its_gaps_less_the_stamps_own_and_a_missed_offer_is_no_gap() {
        // Gaps 3 to 7 s, equally often: variance 2, less 1/6 for the
        // whole-second stamps; a gap 30 s beyond the median is left out.
        let gaps = BTreeMap::from([(3, 10), (4, 10), (5, 10), (6, 10), (7, 10), (35, 3)]);
        let lag = lag_from(&gaps).unwrap_or_else(|| panic!("no lag"));
        assert!(
            (lag.spread_s - (2.0f64 - 1.0 / 6.0).sqrt()).abs() < 1e-9,
            "{lag:?}"
        );
        // One gap (or none spread): nothing beyond the stamps' own.
        let one = lag_from(&BTreeMap::from([(4, 7)])).unwrap_or_else(|| panic!("no lag"));
        assert_eq!(one.spread_s, 0.0);

        // A call or chat whose offer was missed before (attempts above 1)
        // waited for more than one answer: no gap of either kind.
        let work = [
            w(0, 100, NOT_QUEUED, 0),
            Work {
                missed: true,
                ..w(104, 200, 50, 0)
            },
            Work {
                missed: true,
                ..w(204, 300, 150, 1)
            },
        ];
        let (mut gaps, mut voice) = (BTreeMap::new(), BTreeMap::new());
        let mut others = ChannelGaps::default();
        collect_gaps(&work, &mut gaps, &mut voice, &mut others);
        assert!(
            voice.is_empty() && others.freed[0].is_empty(),
            "{voice:?} {others:?}"
        );
    }

    #[test]
    fn the_lag_is_the_mean_near_the_median() {
        // A 2.5 s lag reads as 2 or 3; two long gaps do not move it.
        let gaps = BTreeMap::from([(2, 50), (3, 50), (40, 1), (90, 1)]);
        let lag = lag_from(&gaps).unwrap_or_else(|| panic!("no lag"));
        assert_eq!((lag.seconds, lag.gaps), (2.5, 100));
    }

    #[test]
    fn most_at_once_counts_overlaps_half_open() {
        let work = [
            w(0, 10, 0, 1),
            w(5, 20, 0, 1),
            w(10, 30, 0, 1),
            w(12, 13, 0, 1),
        ];
        // At 12: [5,20), [10,30), [12,13) — the first ended at 10.
        assert_eq!(most_at_once(work.iter()), 3);
    }

    #[test]
    fn cross_channel_counts_contacts_taken_while_holding_another_channel() {
        // Two chats, a task taken during the second, a voice call after,
        // a chat and a task connected in the same second (no order), then
        // a call taken while working an email, and its reply in the same
        // slot from the second the email ends (not another channel).
        let work = [
            w(0, 50, 0, 1),
            w(10, 100, 0, 1),
            w(60, 90, 0, 2),
            w(100, 200, 0, 0),
            w(300, 400, 0, 1),
            w(300, 350, 0, 2),
            w(500, 700, 0, 3),
            w(600, 650, 0, 0),
            Work {
                continued: true,
                ..w(700, 800, NOT_QUEUED, 3)
            },
            // A reply that starts while the agent is on a call is not
            // taken while on voice.
            w(900, 1000, 0, 0),
            w(850, 950, 0, 3),
            Work {
                continued: true,
                ..w(950, 990, NOT_QUEUED, 3)
            },
            // A chat taken while a paused task was, perhaps, paused: not
            // counted against the task.
            Work {
                paused: true,
                ..w(2000, 3000, 0, 2)
            },
            w(2500, 2600, 0, 1),
        ];
        let mut cross = [0; 4];
        add_cross(&work, &mut cross);
        assert_eq!(cross, [0, 1, 0, 2]);
        // The email and its reply are one slot: one at a time.
        assert_eq!(most_at_once(work.iter().filter(|w| w.channel == 3)), 1);
    }

    #[test]
    fn busy_time_is_the_union_spread_over_intervals() {
        let period = Period {
            start_ms: 0,
            interval_ms: 60_000,
            intervals: 3,
        };
        let work = [w(30, 90, NOT_QUEUED, 1), w(60, 100, NOT_QUEUED, 1)];
        let mut busy = vec![0.0; 3];
        add_busy(&work, &|_| 0.0, 0, &period, &mut busy);
        assert_eq!(busy, [30.0, 40.0, 0.0]);
    }
}
