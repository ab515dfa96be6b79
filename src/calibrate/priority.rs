//! The routing priority of a profile's queues, read from what its agents
//! picked. A routing profile serving several queues offers a free agent
//! the contact of its highest-priority queue, the oldest first among
//! queues of equal priority. So when one of its agents takes a contact of
//! queue A while contacts wait in queue B, and that happens often, while
//! the reverse (taking B's while A's wait) almost never does, A comes
//! before B. Queues picked both ways share a priority.
//!
//! Contacts of one channel are compared, and of other channels only where
//! the agent held nothing when it took the contact: an agent whose chat
//! slots are full takes a task while chats wait, whatever the priorities,
//! but a free agent is offered the highest-priority contact of any
//! channel its profile takes.
//!
//! Records say when a contact left its queue (after the agent whisper and
//! any answer delay), not when the agent was offered it: a contact that
//! arrived in between would look passed over. So a waiter counts only if
//! it was waiting a second before the offer (the dequeue less the queue's
//! accept lag) and still waiting at the dequeue — and, in a queue the
//! profile takes with a delay ([`routing_delay`](super::routing_delay)),
//! had waited that long by the earliest the offer can have come (the
//! dequeue less the profile's lag on the channel and twice its spread):
//! before, it was not the agent's to take. A callback dialled more than
//! once is no waiter (its record spans its retry delays), and a picked
//! callback's age counts from its chain's first contact (routing age
//! starts at the original contact's), found by following the records'
//! `NextContactId` back, or else from its request; as a waiter it still
//! counts from its enqueue, which under-counts passes over it, the safe
//! side.

use std::collections::{BTreeMap, BTreeSet};

use crate::ingest::ObservedContact;

use super::agent_work::{channel_code, AcceptLag, AgentWork};
use super::keyed::Keyed;
use super::period::Period;
use super::routing_delay::{self, Delays};
use super::streams::queue_of;

/// Times a queue's older waiters were passed over (by the queues not yet
/// found below it, pooled), at least, before it is read as lower. Under
/// one priority an older waiter is passed over only by the records'
/// second resolution and agent delays, rarely; on a probe's 25 profiles of
/// 2 + 2 queues (ρ 0.93) 5 read 144 of 150 pair orders right and split no
/// pair of priority 1, where 10 read 92 (and a threshold per pair, 72).
pub const MIN_EVIDENCE: u64 = 5;

/// The reverse pickups, as a share of the forward ones, at most, for a
/// queue to be read as lower (the records' second resolution and agent
/// delays leave a few).
pub const MAX_REVERSE_SHARE: f64 = 0.1;

/// One agent's pickup of a queued contact, in seconds from the span's start.
#[derive(Debug, Clone, Copy)]
struct Pickup {
    queue: u32,
    channel: u8,
    dequeued: u32,
    /// Its enqueue, seconds.
    enqueued: u32,
    /// Its routing age's start, seconds: its enqueue, or a callback's
    /// original contact's initiation (its request until
    /// [`PriorityCounter::finish`] finds that).
    age_from: u32,
    /// Its time in the queue, ms.
    waited_ms: u32,
    /// When its agent connected to it, seconds (`u32::MAX` without an
    /// agent's connection).
    connected: u32,
    /// Its agent (numbered in `PriorityCounter::agent_work`), where one
    /// offer reached it and no routing criteria held it back; else
    /// `u32::MAX` (its wait tells nothing of a free agent).
    agent: u32,
}

/// Channels told apart (voice, chat, task, email, any other).
const CHANNELS: usize = 5;

/// Waits and pickups gathered one contact at a time.
#[derive(Debug)]
pub struct PriorityCounter {
    span: Period,
    queues: Keyed<()>,
    /// Per queue (numbered) and channel, at `queue × CHANNELS + channel`:
    /// every wait that lasted, as (enqueue, leave).
    waits: Vec<Vec<(u32, u32)>>,
    /// Per queue (numbered), the voice waits that tell of the agents
    /// available ([`RoutingRead::voice_waits`]).
    open_voice_waits: Vec<Vec<(u32, u32)>>,
    /// The same for the other channels, at `queue × CHANNELS + channel`
    /// ([`RoutingRead::channel_waits`]).
    open_channel_waits: Vec<Vec<(u32, u32)>>,
    /// Per routing profile.
    pickups: Keyed<Vec<Pickup>>,
    /// Per agent (username): from connecting to each contact to the end of
    /// its after-contact work, seconds.
    agent_work: Keyed<Vec<(u32, u32)>>,
    /// The callbacks among the pickups: the profile (numbered in
    /// `pickups`), the pickup's index and the callback's `ContactId`,
    /// whose chain's start [`PriorityCounter::finish`] looks up.
    callback_pickups: Vec<(u32, usize, Box<str>)>,
}

/// The `InitiationTimestamp` (ms) of the first contact of a contact's
/// chain, by its `ContactId`, where the contacts read show one before it
/// ([`super::chains::ChainStarts`]).
pub type ChainStartOf<'a> = &'a dyn Fn(&str) -> Option<i64>;

/// What the waits and the agents' pickups show of the routing.
#[derive(Debug, Default)]
pub struct RoutingRead {
    /// Pickups of a queue while another held waiters.
    pub passed_over: PassedOver,
    /// The queues profiles take with a delay.
    pub delays: Delays,
    /// Per queue, its voice contacts' waits that lasted, as (enqueue,
    /// leave), seconds after the span's start — but not those routed by
    /// routing criteria or offered more than once.
    pub voice_waits: BTreeMap<String, Vec<(u32, u32)>>,
    /// Per routing profile, the queues its agents took voice contacts
    /// from.
    pub voice_routing: BTreeMap<String, BTreeSet<String>>,
    /// Per queue and channel other than voice (numbered as
    /// [`channel_code`]), the waits that tell of the agents available,
    /// as [`RoutingRead::voice_waits`].
    pub channel_waits: ChannelWaits,
    /// Per routing profile and channel other than voice, the queues its
    /// agents took contacts of that channel from.
    pub channel_routing: ChannelRouting,
    /// Per routing profile and queue, the least wait before its agents
    /// took a contact, less the accept lag.
    pub floors: routing_delay::Floors,
}

/// Per queue and channel other than voice (numbered as [`channel_code`]),
/// its waits as (enqueue, leave) seconds ([`RoutingRead::channel_waits`]).
pub type ChannelWaits = BTreeMap<(String, u8), Vec<(u32, u32)>>;

/// Per routing profile and channel other than voice, the queues its agents
/// took contacts of that channel from ([`RoutingRead::channel_routing`]).
pub type ChannelRouting = BTreeMap<String, BTreeMap<u8, BTreeSet<String>>>;

/// Per routing profile, per (picked queue, waiting queue): how often one of
/// its agents took a contact of the first while the second held a waiter.
pub type PassedOver = BTreeMap<String, BTreeMap<(String, String), u64>>;

impl PriorityCounter {
    /// Counts over a span that covers every contact's initiation.
    pub fn new(span: Period) -> Self {
        PriorityCounter {
            span,
            queues: Keyed::default(),
            waits: Vec::new(),
            open_voice_waits: Vec::new(),
            open_channel_waits: Vec::new(),
            pickups: Keyed::default(),
            agent_work: Keyed::default(),
            callback_pickups: Vec::new(),
        }
    }

    /// Notes `c`'s wait, and its agent's pickup if one took it.
    pub fn add(&mut self, c: &ObservedContact) {
        let start_ms = self.span.start_ms;
        let secs = |ms: i64| span_secs(start_ms, ms);
        let mut agent = u32::MAX;
        let mut connected_s = u32::MAX;
        if let Some(a) = c.agent.as_ref() {
            if let (Some(user), Some(connected)) = (a.username.as_deref(), a.connected_ms) {
                let end = a.acw_end_ms.unwrap_or(c.disconnected_ms).max(connected);
                agent = self.agent_work.number(user);
                connected_s = secs(connected);
                self.agent_work
                    .slot(user)
                    .push((secs(connected), secs(end)));
            }
        }
        let Some(name) = queue_of(c) else { return };
        let Some(q) = c.queue.as_ref() else { return };
        // A callback dialled more than once sat out each retry delay (and
        // its unanswered attempts) between its enqueue and its dequeue: no
        // one routable wait (a probe's find: such retries, "waiting" 10
        // minutes while agents took other queues' callers, ordered a
        // callback queue below one of its priority, and the support team
        // looked away while they "waited").
        if c.method == "CALLBACK" && super::rates::callback_attempts(c).is_some_and(|n| n > 1) {
            return;
        }
        // An agent's own queue waits for that agent only: its waiters are
        // passed over by nobody else.
        if q.agent_queue_of.is_some() {
            return;
        }
        let Some(enqueued) = q.enqueued_ms else {
            return;
        };
        let leave = q.dequeued_ms.unwrap_or(c.disconnected_ms);
        let n = self.queues.number(name) as usize;
        let channel = channel_code(&c.channel);
        let at = n * CHANNELS + usize::from(channel);
        if self.waits.len() <= at {
            self.waits.resize_with(at + 1, Vec::new);
        }
        let (from, to) = (secs(enqueued), secs(leave));
        // Not one that routing criteria kept from some agents, nor one an
        // agent let ring out (`miss_probability` models that).
        let open = !c.routing_criteria && c.agent_connection_attempts.unwrap_or(0) <= 1;
        if to > from {
            self.waits[at].push((from, to));
            if channel == 0 && open {
                if self.open_voice_waits.len() <= n {
                    self.open_voice_waits.resize_with(n + 1, Vec::new);
                }
                self.open_voice_waits[n].push((from, to));
            } else if open {
                if self.open_channel_waits.len() <= at {
                    self.open_channel_waits.resize_with(at + 1, Vec::new);
                }
                self.open_channel_waits[at].push((from, to));
            }
        }
        let profile = c.agent.as_ref().and_then(|a| a.routing_profile.as_deref());
        if let (Some(p), Some(d), true) = (profile, q.dequeued_ms, c.answered()) {
            let waited = (d - enqueued).clamp(0, i64::from(u32::MAX)) as u32;
            let callback = c.method == "CALLBACK";
            let pickup = Pickup {
                queue: n as u32,
                channel,
                dequeued: secs(d),
                enqueued: from,
                // A callback's routing age starts before its queue time
                // (MODEL.md: at the original contact's start, which its
                // record does not carry): from its request at least, until
                // `finish` follows its chain back.
                age_from: if callback {
                    secs(c.initiated_ms).min(from)
                } else {
                    from
                },
                waited_ms: waited,
                connected: connected_s,
                agent: if open { agent } else { u32::MAX },
            };
            let profile = self.pickups.number(p);
            let pickups = self.pickups.slot(p);
            if callback {
                let id = c.contact_id.as_str().into();
                self.callback_pickups.push((profile, pickups.len(), id));
            }
            pickups.push(pickup);
        }
    }

    /// Each profile's queue delays, per profile the pickups of each queue
    /// while another queue the profile's agents took from held a waiter
    /// (`work` gives each queue's accept lag), and the voice waits.
    pub fn finish(mut self, work: &AgentWork, chain_start: ChainStartOf<'_>) -> RoutingRead {
        for spans in self.agent_work.values_mut() {
            spans.sort_unstable();
        }
        self.age_callbacks(chain_start);
        let (delays, floors) = self.delays(work);
        let free = self.free_pickups(work);
        for w in &mut self.waits {
            w.sort_unstable();
        }
        let index = WaitIndex::new(&self.waits);
        let queues = self.waits.len().div_ceil(CHANNELS);
        let lag: Vec<u32> = (0..queues)
            .map(|q| {
                let name = self.queues.name(q as u32);
                work.lag_of(name).map_or(0, |l| l.seconds.ceil() as u32)
            })
            .collect();
        // The longest the profile's lag on a channel runs (agents
        // answering by hand answer some contacts later than the mean): a
        // waiter of a delayed queue counts only if it was past its delay
        // at the earliest the offer can have come (a probe's find: chats
        // answered after 3–7 s read the queue's 1 s lag, and six pickups
        // that came before an overflow waiter's 30 s were up ordered two
        // queues of one priority).
        let lag_most = |profile: &str, channel: u8, queue: u32| -> u32 {
            let own = work
                .lag_for(profile, channel, self.queues.name(queue))
                .map_or(0, longest_lag_s);
            own.max(lag[queue as usize])
        };
        let mut out = PassedOver::new();
        for ((profile, pickups), free) in self.pickups.iter().zip(&free) {
            let served: BTreeSet<u32> = pickups.iter().map(|p| p.queue).collect();
            if served.len() < 2 {
                continue;
            }
            // The channels the profile took each queue's contacts on.
            let taken: BTreeSet<usize> = pickups
                .iter()
                .map(|p| p.queue as usize * CHANNELS + usize::from(p.channel))
                .collect();
            let delay: BTreeMap<u32, u32> = served
                .iter()
                .map(|&q| {
                    let name = self.queues.name(q);
                    (q, routing_delay::delay_of(&delays, profile, name))
                })
                .collect();
            let mut counts: BTreeMap<(String, String), u64> = BTreeMap::new();
            for (p, &free) in pickups.iter().zip(free) {
                let offered = p
                    .dequeued
                    .saturating_sub(lag[p.queue as usize])
                    .saturating_sub(1);
                let own = usize::from(p.channel);
                let mut passed: BTreeSet<u32> = BTreeSet::new();
                for &other in served.iter().filter(|&&o| o != p.queue) {
                    let d = delay.get(&other).copied().unwrap_or(0);
                    // A waiter the agent could take (past the delay) and
                    // older than the contact it took: at one priority
                    // the oldest goes first, so only passing over an
                    // older one tells of a priority (a younger one is
                    // first come, first served — a probe's find: with
                    // overlapping profiles, such picks ordered queues of
                    // one priority).
                    // The earliest the offer can have come, less the
                    // delay: a waiter's own channel's answers, by hand,
                    // spread around the lag.
                    let earliest = p
                        .dequeued
                        .saturating_sub(lag_most(profile, p.channel, p.queue))
                        .saturating_sub(1 + d)
                        .min(p.age_from);
                    let cut = if d == 0 { offered } else { earliest }.min(p.age_from);
                    for ch in 0..CHANNELS {
                        let at = other as usize * CHANNELS + ch;
                        // Its own channel's waiters; an agent that held
                        // nothing could have taken any channel's the
                        // profile takes the queue on.
                        if ch != own && !(free && taken.contains(&at)) {
                            continue;
                        }
                        // Another channel's waiter still waiting at the
                        // dequeue may be ringing another agent already
                        // (its accept lag is its own): it must still wait
                        // when that lag is up.
                        // Compared across channels, a waiter counts only
                        // if it was there at the earliest the offer can
                        // have come (a probe's find: chats answered by
                        // hand after 3–7 s, "passing over" calls that
                        // came in while they rang, put calls of one
                        // priority a level below).
                        let (cut, until) = if ch == own {
                            (cut, p.dequeued)
                        } else {
                            (earliest, p.dequeued.saturating_add(lag[other as usize]))
                        };
                        if index.held(at, cut, until) {
                            passed.insert(other);
                        }
                    }
                }
                for other in passed {
                    let key = (
                        self.queues.name(p.queue).to_string(),
                        self.queues.name(other).to_string(),
                    );
                    *counts.entry(key).or_insert(0) += 1;
                }
            }
            out.insert(profile.to_string(), counts);
        }
        let (voice_waits, channel_waits) = self.open_waits();
        let (voice_routing, channel_routing) = self.routing();
        RoutingRead {
            passed_over: out,
            delays,
            voice_waits,
            voice_routing,
            channel_waits,
            channel_routing,
            floors,
        }
    }

    /// Starts each picked callback's routing age at its chain's first
    /// contact, where the contacts read hold it (MODEL.md: a callback's
    /// age starts at the original contact's initiation). Read from the
    /// request, the callback looks as young as the original contact's
    /// wait before choosing it: a probe's callbacks, of one priority with
    /// billing, read a level above it, agents taking them "while older"
    /// billing callers waited.
    fn age_callbacks(&mut self, chain_start: ChainStartOf<'_>) {
        let start_ms = self.span.start_ms;
        for (profile, k, id) in std::mem::take(&mut self.callback_pickups) {
            let Some(started) = chain_start(&id) else {
                continue;
            };
            if let Some(p) = self
                .pickups
                .value_mut(profile)
                .and_then(|pickups| pickups.get_mut(k))
            {
                p.age_from = p.age_from.min(span_secs(start_ms, started));
            }
        }
    }

    /// The waits that tell of the agents available (see
    /// [`RoutingRead::voice_waits`] and [`RoutingRead::channel_waits`]),
    /// taken out of the counter.
    fn open_waits(&mut self) -> (BTreeMap<String, Vec<(u32, u32)>>, ChannelWaits) {
        let voice_waits = std::mem::take(&mut self.open_voice_waits)
            .into_iter()
            .enumerate()
            .filter(|(_, w)| !w.is_empty())
            .map(|(q, w)| (self.queues.name(q as u32).to_string(), w))
            .collect();
        let channel_waits = std::mem::take(&mut self.open_channel_waits)
            .into_iter()
            .enumerate()
            .filter(|(_, w)| !w.is_empty())
            .map(|(at, w)| {
                let queue = self.queues.name((at / CHANNELS) as u32).to_string();
                ((queue, (at % CHANNELS) as u8), w)
            })
            .collect();
        (voice_waits, channel_waits)
    }

    /// Per routing profile, the queues its agents took voice contacts
    /// from, and per other channel those they took that channel's from.
    fn routing(&self) -> (BTreeMap<String, BTreeSet<String>>, ChannelRouting) {
        let mut voice_routing: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        let mut channel_routing = ChannelRouting::new();
        for (profile, pickups) in self.pickups.iter() {
            for p in pickups {
                let queue = self.queues.name(p.queue).to_string();
                if p.channel == 0 {
                    voice_routing
                        .entry(profile.to_string())
                        .or_default()
                        .insert(queue);
                } else {
                    channel_routing
                        .entry(profile.to_string())
                        .or_default()
                        .entry(p.channel)
                        .or_default()
                        .insert(queue);
                }
            }
        }
        (voice_routing, channel_routing)
    }

    /// The delays the pickups' waits show ([`routing_delay::estimate`]),
    /// and their floors ([`routing_delay::floors`]).
    fn delays(&self, work: &AgentWork) -> (Delays, routing_delay::Floors) {
        let mut waits: BTreeMap<String, BTreeMap<String, Vec<u32>>> = BTreeMap::new();
        // (queue, profile) pairs with a pickup of another channel than voice.
        let mut not_voice: BTreeSet<(&str, &str)> = BTreeSet::new();
        for (profile, pickups) in self.pickups.iter() {
            for p in pickups {
                let queue = self.queues.name(p.queue);
                if p.channel != 0 {
                    not_voice.insert((queue, profile));
                }
                waits
                    .entry(queue.to_string())
                    .or_default()
                    .entry(profile.to_string())
                    .or_default()
                    .push(p.waited_ms);
            }
        }
        // The voice lag of the profile's own agents where it is known and
        // they took only calls from the queue (an auto-accepting team
        // helping a hand-accepting one's queue waits less than the
        // queue's mean lag: a probe's 30 s delay read 28 s), else the
        // queue's.
        let lag_ms = |queue: &str, profile: &str| {
            work.voice_lag_by_profile
                .get(profile)
                .filter(|l| {
                    l.gaps >= super::answer_delay::MIN_LAG_GAPS
                        && !not_voice.contains(&(queue, profile))
                })
                .copied()
                .or_else(|| work.lag_of(queue))
                .map_or(0, |l| (l.seconds * 1000.0).round() as u32)
        };
        let mut delays = routing_delay::estimate(&waits, &lag_ms);
        // Per channel: voice's as above; another channel's, the profile's
        // own on it (a hand-answering chat team's lag is its answer delay;
        // the queue's reads far less).
        let channel_lag_ms = |queue: &str, profile: &str, channel: u8| {
            if channel == 0 {
                return lag_ms(queue, profile);
            }
            work.lag_for(profile, channel, queue)
                .map_or(0, |l| (l.seconds * 1000.0).round() as u32)
        };
        let idle = self.idle_pickups(&channel_lag_ms);
        for (profile, found) in
            routing_delay::estimate_idle_channels(&idle, &channel_lag_ms, &delays)
        {
            delays.entry(profile).or_default().extend(found);
        }
        (delays, routing_delay::floors(&waits, &lag_ms))
    }

    /// Per agent, the latest end of its spans up to each one: an agent
    /// is busy over (from, to) when a span starting before `to` ends
    /// after `from`. Spans in `agent_work` are sorted.
    fn latest_ends(&self) -> Vec<Vec<u32>> {
        self.agent_work
            .iter()
            .map(|(_, spans)| {
                spans
                    .iter()
                    .scan(0u32, |m, &(_, end)| {
                        *m = (*m).max(end);
                        Some(*m)
                    })
                    .collect()
            })
            .collect()
    }

    /// Per profile (in `pickups`' order) and pickup, whether its agent held
    /// no contact when it was offered it, at the earliest that can have
    /// been ([`longest_lag_s`] before the dequeue, a second's grace for the
    /// records' whole seconds: a chat answered by hand after 6 s, where
    /// the mean was 5, was offered while the agent's last chat ran): every contact of its own
    /// connected before had ended by then, after-contact work included (a
    /// chat that ended while the next rang was held at the offer). Such an
    /// agent could have taken any channel's waiter, so the queue it picked
    /// over another channel's tells of their priorities (a probe's find:
    /// a front office took calls at priority 1 and back-office tasks at
    /// 2, read as one priority for want of a comparison, and the
    /// backtest's tasks waited 8.9 s where they had waited 47.1 s). Spans
    /// in `agent_work` are sorted.
    fn free_pickups(&self, work: &AgentWork) -> Vec<Vec<bool>> {
        let latest = self.latest_ends();
        self.pickups
            .iter()
            .map(|(profile, pickups)| {
                pickups
                    .iter()
                    .map(|p| {
                        let (Some(spans), Some(latest)) =
                            (self.agent_work.value(p.agent), latest.get(p.agent as usize))
                        else {
                            return false;
                        };
                        let queue = self.queues.name(p.queue);
                        let lag = work
                            .lag_for(profile, p.channel, queue)
                            .or_else(|| work.lag_of(queue))
                            .map_or(0, longest_lag_s);
                        // The records' whole seconds: a second's grace.
                        let offered = p.dequeued.saturating_sub(lag) + 1;
                        // Its own contact (connected at `p.connected`) is
                        // not one it held before; another connected in the
                        // same second may have been (a free agent takes two
                        // chats at once, the second while holding the
                        // first, which no call may join: a probe's find,
                        // such pairs "passed over" older calls and put
                        // calls of one priority a level below), so neither
                        // counts as free.
                        let before = spans.partition_point(|s| s.0 < p.connected);
                        let alongside = spans[before..]
                            .iter()
                            .take_while(|s| s.0 == p.connected)
                            .count();
                        alongside == 1 && (before == 0 || latest[before - 1] <= offered)
                    })
                    .collect()
            })
            .collect()
    }

    /// Per channel, the pickups whose agent had sat free from the
    /// contact's arrival until its offer (the dequeue less `lag_ms(queue,
    /// profile, channel)`): no
    /// contact of the agent's own, of any channel, in between
    /// ([`routing_delay::estimate_idle`]). Spans in `agent_work` are
    /// sorted.
    fn idle_pickups(
        &self,
        lag_ms: &dyn Fn(&str, &str, u8) -> u32,
    ) -> Vec<routing_delay::IdlePickups> {
        let latest = self.latest_ends();
        let mut out: Vec<routing_delay::IdlePickups> = vec![BTreeMap::new(); CHANNELS];
        for (profile, pickups) in self.pickups.iter() {
            for p in pickups {
                let (Some(spans), Some(latest)) =
                    (self.agent_work.value(p.agent), latest.get(p.agent as usize))
                else {
                    continue;
                };
                let queue = self.queues.name(p.queue);
                let offered = p
                    .dequeued
                    .saturating_sub(lag_ms(queue, profile, p.channel).div_ceil(1000));
                let before = spans.partition_point(|s| s.0 < offered);
                if before > 0 && latest[before - 1] > p.enqueued {
                    continue;
                }
                out[usize::from(p.channel)]
                    .entry(queue.to_string())
                    .or_default()
                    .entry(profile.to_string())
                    .or_default()
                    .push(p.waited_ms);
            }
        }
        out
    }
}

/// Each queue-and-channel's waits (sorted by enqueue) with their enqueue
/// and leave seconds sorted apart: the waiters at t are those enqueued
/// before t less those gone by then.
struct WaitIndex<'a> {
    waits: &'a [Vec<(u32, u32)>],
    starts: Vec<Vec<u32>>,
    ends: Vec<Vec<u32>>,
}

impl<'a> WaitIndex<'a> {
    /// The index of `waits`, each sorted by enqueue.
    fn new(waits: &'a [Vec<(u32, u32)>]) -> Self {
        let starts = waits
            .iter()
            .map(|w| w.iter().map(|x| x.0).collect())
            .collect();
        let ends = waits
            .iter()
            .map(|w| {
                let mut e: Vec<u32> = w.iter().map(|x| x.1).collect();
                e.sort_unstable();
                e
            })
            .collect();
        WaitIndex {
            waits,
            starts,
            ends,
        }
    }

    /// Whether queue-and-channel `q` held a contact enqueued before `cut`
    /// and still there after `until`.
    fn held(&self, q: usize, cut: u32, until: u32) -> bool {
        let (Some(s), Some(e), Some(w)) = (self.starts.get(q), self.ends.get(q), self.waits.get(q))
        else {
            return false;
        };
        // Those enqueued before the cut, less those gone by `until` —
        // counting back the ones gone that came after the cut (the picked
        // contact's wait holds a few).
        let before = s.partition_point(|&x| x < cut);
        let gone = e.partition_point(|&x| x <= until);
        let from = w.partition_point(|x| x.0 < cut);
        let came_and_went = w[from..]
            .iter()
            .take_while(|x| x.0 <= until)
            .filter(|x| x.1 <= until)
            .count();
        before + came_and_went > gone
    }
}

/// The longest an accept lag runs, whole seconds up: its mean and twice
/// its spread (agents answering by hand answer some contacts later than
/// the mean).
fn longest_lag_s(l: AcceptLag) -> u32 {
    (l.seconds + 2.0 * l.spread_s).max(0.0).ceil() as u32
}

/// `ms` since the epoch as whole seconds after `start_ms` (clamped to
/// `u32`): how the counter keeps times.
fn span_secs(start_ms: i64, ms: i64) -> u32 {
    (ms.div_euclid(1000) - start_ms.div_euclid(1000)).clamp(0, i64::from(u32::MAX)) as u32
}

/// Each queue's priority in a profile serving `queues`, from `passed`,
/// read from the bottom up: the queues its agents passed over (while
/// their waiter was older) at least [`MIN_EVIDENCE`] times in all, and
/// passed over others at most [`MAX_REVERSE_SHARE`] as often, are the
/// lowest; set aside, the same question finds the level above, and what
/// is never found below comes first (priority 1).
///
/// The evidence is pooled over the queues above: an agent picks among
/// all the queues of a higher level, so a queue's passes are shared among
/// them, each pair seeing a few (a probe's find: at ρ 0.7 every pair of a
/// 2-level profile saw 1–5, and no order was read). All 1 when every
/// queue is below another (no consistent order).
pub fn priorities(
    queues: &BTreeSet<String>,
    passed: Option<&BTreeMap<(String, String), u64>>,
) -> BTreeMap<String, u32> {
    let flat = || queues.iter().map(|q| (q.clone(), 1)).collect();
    let Some(passed) = passed else {
        return flat();
    };
    let count = |a: &str, b: &str| {
        passed
            .get(&(a.to_string(), b.to_string()))
            .copied()
            .unwrap_or(0)
    };
    let mut rest: Vec<&str> = queues.iter().map(String::as_str).collect();
    // Lowest first.
    let mut layers: Vec<Vec<&str>> = Vec::new();
    loop {
        let lowest: Vec<&str> = rest
            .iter()
            .copied()
            .filter(|&q| {
                let down: u64 = rest.iter().map(|&a| count(a, q)).sum();
                let up: u64 = rest.iter().map(|&b| count(q, b)).sum();
                down >= MIN_EVIDENCE && (up as f64) <= MAX_REVERSE_SHARE * down as f64
            })
            .collect();
        if lowest.is_empty() {
            break;
        }
        if lowest.len() == rest.len() {
            return flat();
        }
        rest.retain(|q| !lowest.contains(q));
        layers.push(lowest);
    }
    let mut level: BTreeMap<String, u32> = rest.iter().map(|q| (q.to_string(), 1)).collect();
    for (l, layer) in (2..).zip(layers.iter().rev()) {
        for q in layer {
            level.insert(q.to_string(), l);
        }
    }
    level
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(names: &[&str]) -> BTreeSet<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    /// A voice contact of `queue` enqueued at `enq` s, dequeued at `deq`
    /// s by an agent of profile "team" (or still waiting until `deq`).
    fn waited(id: &str, queue: &str, enq: i64, deq: i64, taken: bool) -> ObservedContact {
        use crate::calibrate::test_contacts::{agent, contact, queue as q};
        ObservedContact {
            initiated_ms: enq * 1000,
            disconnected_ms: deq * 1000 + 60_000,
            queue: Some(q(queue, Some(enq * 1000), Some(deq * 1000), None)),
            agent: taken.then(|| agent(id, "team", deq * 1000, 60.0)),
            ..contact(id, "INBOUND", "VOICE")
        }
    }

    /// A pickup while another queue held a waiter counts only when that
    /// waiter was older than the contact picked: a younger one would
    /// have waited under first come, first served at one priority too.
    #[test]
    fn only_an_older_waiter_passed_over_tells_of_a_priority() {
        let count = |contacts: &[ObservedContact]| {
            let mut c = PriorityCounter::new(Period::spanning(0, 3_600_000, 1_800_000));
            for x in contacts {
                c.add(x);
            }
            let read = c.finish(&AgentWork::default(), &|_| None);
            let n = |a: &str, b: &str| {
                read.passed_over
                    .get("team")
                    .and_then(|m| m.get(&(a.to_string(), b.to_string())))
                    .copied()
                    .unwrap_or(0)
            };
            (n("one", "two"), n("two", "one"))
        };
        // "one" taken at 100 s after waiting since 10 s; "two" holds a
        // waiter from 50 s to 200 s: younger — no evidence.
        let younger = [
            waited("a", "one", 10, 100, true),
            waited("b", "two", 50, 200, true),
        ];
        assert_eq!(count(&younger), (0, 0));
        // The same waiter from 5 s: older, and passed over.
        let older = [
            waited("a", "one", 10, 100, true),
            waited("b", "two", 5, 200, true),
        ];
        assert_eq!(count(&older), (1, 0));
    }

    #[test]
    fn a_queue_picked_over_another_and_almost_never_the_reverse_comes_first() {
        let queues = set(&["calls", "callbacks", "chat"]);
        let passed = BTreeMap::from([
            (("calls".to_string(), "callbacks".to_string()), 200),
            (("callbacks".to_string(), "calls".to_string()), 3),
            // Picked both ways: the same priority.
            (("calls".to_string(), "chat".to_string()), 80),
            (("chat".to_string(), "calls".to_string()), 60),
        ]);
        let p = priorities(&queues, Some(&passed));
        assert_eq!(p["calls"], 1);
        assert_eq!(p["chat"], 1);
        assert_eq!(p["callbacks"], 2);
        // Too little evidence: all equal.
        let few = BTreeMap::from([(("calls".to_string(), "callbacks".to_string()), 4)]);
        assert!(priorities(&queues, Some(&few)).values().all(|&l| l == 1));
        // A cycle is no order.
        let cycle = BTreeMap::from([
            (("calls".to_string(), "callbacks".to_string()), 50),
            (("callbacks".to_string(), "chat".to_string()), 50),
            (("chat".to_string(), "calls".to_string()), 50),
        ]);
        assert!(priorities(&queues, Some(&cycle)).values().all(|&l| l == 1));
    }

    fn passes(list: &[(&str, &str, u64)]) -> BTreeMap<(String, String), u64> {
        list.iter()
            .map(|&(a, b, n)| ((a.to_string(), b.to_string()), n))
            .collect()
    }

    /// A queue's evidence is pooled over the queues above it: a probe's
    /// profile of two priority-1 and two priority-2 queues saw 3–7 passes
    /// per pair, none of them 10, and was written all 1. Levels are read
    /// from the bottom up, so a middle queue's passes over the lowest do
    /// not hide that it is passed over itself.
    #[test]
    fn passes_pooled_over_the_queues_above_read_each_level() {
        let queues = set(&["q08", "q09", "q10", "q11"]);
        let p16 = passes(&[
            ("q08", "q10", 4),
            ("q08", "q11", 3),
            ("q09", "q10", 4),
            ("q09", "q11", 7),
        ]);
        let p = priorities(&queues, Some(&p16));
        let levels: Vec<u32> = ["q08", "q09", "q10", "q11"].iter().map(|q| p[*q]).collect();
        assert_eq!(levels, [1, 1, 2, 2]);
        let three = set(&["a", "b", "c"]);
        let chain = passes(&[("a", "b", 20), ("b", "c", 20), ("a", "c", 20)]);
        let p = priorities(&three, Some(&chain));
        assert_eq!((p["a"], p["b"], p["c"]), (1, 2, 3));
        // Passed over both ways, pooled too: no order.
        let both = passes(&[("a", "b", 6), ("b", "a", 6), ("c", "a", 4), ("a", "c", 4)]);
        assert!(priorities(&three, Some(&both)).values().all(|&l| l == 1));
    }
}
