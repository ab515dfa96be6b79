//! How many of a profile's agents were on the phones, read from the
//! moments its callers waited. An agent free and available takes a
//! waiting contact of a queue it serves at once (after the accept lag,
//! and any delay its profile gives the queue): so while a voice contact
//! eligible for a profile's agents has waited longer than that, every
//! available agent of the profile is busy, and the busy ones are the
//! available ones. Agents on a break, in an aux state or absent leave no
//! record; neither a roster (which schedules them) nor the agents seen
//! working (who count whole in every interval of their shift) shows them
//! gone. A probe's find: with breaks, 10 % absenteeism and 10 % aux, the
//! roster was 1.41 times the agents on the phones and the agents seen
//! working 1.24 times, and the backtests' waits came out 6 and 3 times
//! too short.
//!
//! Per interval, the busy agents averaged over its waiting moments, as a
//! share of the interval's headcount (roster or agents seen), gives that
//! interval's availability; the profile's is their mean weighted by
//! headcount and by how much waiting the interval had (up to
//! [`FULL_WEIGHT_S`]), so that intervals count alike however long their
//! callers waited — waits gather where agents are away, and a mean over
//! the waiting seconds alone would read more of them away than were.
//!
//! Breaks and lunches come at set hours, so one share for the whole day
//! is too many agents at lunch and too few at the morning's start (a
//! probe's find: 20 agents with 15 + 45 + 15 minute breaks, service level
//! in the backtest's band in 83 of 160 intervals though the day's means
//! agreed). Each interval is scaled by its own share, as far as its
//! waiting reads it ([`Waiting::interval_shares`]); the rest of its weight
//! takes its neighbours' readings (or the day's share) or, if more, the
//! most agents seen busy at once in it (they were there).
//!
//! A desk that takes no calls (chats, tasks) is read from its contacts'
//! waits the same way, its agents counted by the share of their slots
//! they held ([`waiting`]): before, it was never scaled, and a probe's
//! chat desk with breaks had its chats wait 3.2 s where they had waited
//! 16.3 s. So is a blended desk (calls and chats) whose chats waited
//! longer than its calls: an agent on chats may take a call beside them,
//! so its calls may hardly wait, and before, read from its calls alone, it
//! was never scaled (a test desk's chats waited 0.5 s in the backtest
//! where they had waited 11.8 s).

use std::collections::{BTreeMap, BTreeSet};

use super::agent_work::SlotLoad;
use super::period::Period;
use super::priority::{ChannelRouting, ChannelWaits};
use super::routing_delay::Floors;

/// Seconds a caller waits past the accept lag and the profile's floor
/// before every available agent of the profile must be busy: the
/// records' whole seconds and the lag's spread.
pub const MARGIN_S: f64 = 5.0;

/// Waiting seconds in an interval from which it weighs fully.
pub const FULL_WEIGHT_S: f64 = 300.0;

/// Waiting seconds over the whole period, at least, before an
/// availability is read.
pub const MIN_WAITING_S: f64 = 1_800.0;

/// Per interval of the period: seconds some eligible voice caller (for a
/// desk read from another channel — it takes no calls, or its calls
/// waited less — a contact of that channel) waited past the margin, and
/// agent-seconds of the profile's agents busy then (on such a desk, each
/// agent as the share of its slots it held).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Waiting {
    /// Per interval, seconds with a caller waiting.
    pub waiting_s: Vec<f64>,
    /// Per interval, busy agents × seconds, over those seconds.
    pub busy_agent_s: Vec<f64>,
    /// Per interval, the most agents of the profile busy at once: a
    /// floor under its available agents.
    pub peak_busy: Vec<f64>,
}

impl Waiting {
    /// The share of `headcount` (per interval) busy while callers waited:
    /// the mean of the intervals' shares, weighted by headcount and by
    /// waiting time up to [`FULL_WEIGHT_S`]; `None` with less waiting than
    /// [`MIN_WAITING_S`] where the headcount has agents.
    pub fn available_share(&self, headcount: &[f64]) -> Option<f64> {
        let (mut sum, mut weight, mut waited) = (0.0, 0.0, 0.0);
        for (i, &n) in headcount.iter().enumerate() {
            let w = self.waiting_s.get(i).copied().unwrap_or(0.0);
            if n <= 0.0 || w <= 0.0 {
                continue;
            }
            let busy = self.busy_agent_s.get(i).copied().unwrap_or(0.0) / w;
            let k = n * (w / FULL_WEIGHT_S).min(1.0);
            sum += k * busy / n;
            weight += k;
            waited += w;
        }
        (waited >= MIN_WAITING_S && weight > 0.0).then(|| sum / weight)
    }

    /// Each interval's share of `headcount` available: its own reading
    /// (busy agents while callers waited) weighted by its waiting up to
    /// [`FULL_WEIGHT_S`]; the rest the mean of its staffed neighbours'
    /// readings (each filled up the same way with `day`, the profile's
    /// share), or `day` without one, but at least the agents busy at once
    /// in it; within 0 and 1. An interval without agents takes `day`.
    ///
    /// The neighbours, because breaks and shift starts span intervals and
    /// the day's share reads low where little waited: waits gather where
    /// agents are away. A blended desk's first interval of the day, no
    /// chat waiting yet, took the day's 0.70 where 0.93 were at work (its
    /// next interval read 1.0); a probe's quiet last interval read one
    /// agent low.
    pub fn interval_shares(&self, headcount: &[f64], day: f64) -> Vec<f64> {
        // Each staffed interval's own reading, its weight (its waiting up
        // to FULL_WEIGHT_S) and its floor (the agents busy at once in it,
        // as a share).
        let readings: Vec<Option<(f64, f64, f64)>> = headcount
            .iter()
            .enumerate()
            .map(|(i, &n)| {
                let w = self.waiting_s.get(i).copied().unwrap_or(0.0);
                let k = (w / FULL_WEIGHT_S).min(1.0);
                let busy = self.busy_agent_s.get(i).copied().unwrap_or(0.0);
                let own = if w > 0.0 { busy / w / n } else { 0.0 };
                let floor = self.peak_busy.get(i).copied().unwrap_or(0.0) / n;
                (n > 0.0).then_some((own, k, floor))
            })
            .collect();
        let share = |(own, k, floor): (f64, f64, f64), prior: f64| {
            (k * own + (1.0 - k) * prior.max(floor)).clamp(0.0, 1.0)
        };
        (0..headcount.len())
            .map(|i| {
                let Some(reading) = readings[i] else {
                    return day;
                };
                // What the interval's own waiting does not read is taken
                // from its staffed neighbours' readings (breaks and shift
                // starts span intervals), else the day's.
                let neighbour_shares: Vec<f64> = [i.checked_sub(1), Some(i + 1)]
                    .into_iter()
                    .flatten()
                    .filter_map(|j| readings.get(j).copied().flatten())
                    .map(|r| share(r, day))
                    .collect();
                let prior = if neighbour_shares.is_empty() {
                    day
                } else {
                    neighbour_shares.iter().sum::<f64>() / neighbour_shares.len() as f64
                };
                share(reading, prior)
            })
            .collect()
    }
}

/// The waiting moments of each profile and its busy agents then.
pub struct Inputs<'a> {
    /// The period, and the instant the seconds below count from (ms).
    pub period: &'a Period,
    /// The span's start, Unix ms (seconds below count from it).
    pub base_ms: i64,
    /// Per routing profile, the queues its agents took voice contacts
    /// from (a chat team's idle time while calls wait is no absence).
    pub routing: &'a BTreeMap<String, BTreeSet<String>>,
    /// Per queue, its voice waits as (enqueue, leave) seconds.
    pub voice_waits: &'a BTreeMap<String, Vec<(u32, u32)>>,
    /// Per profile and queue, how long a caller had waited (less the
    /// accept lag) before the profile's agents took one: its delay, or
    /// more where a delay is too rarely seen to be read.
    pub floors: &'a Floors,
    /// A queue's accept lag, seconds.
    pub lag_s: &'a dyn Fn(&str) -> f64,
    /// Per profile, its agents' busy spans (seconds).
    pub busy: &'a BTreeMap<String, Vec<(f64, f64)>>,
    /// Per routing profile and channel other than voice, the queues its
    /// agents took contacts of that channel from (read where they waited
    /// longer than the profile's calls).
    pub channel_routing: &'a ChannelRouting,
    /// Per queue and channel, its waits as (enqueue, leave) seconds.
    pub channel_waits: &'a ChannelWaits,
    /// Per profile and channel, its agents' load of the channel's slots
    /// (seconds, as (from, to, agents)): 1 an agent with every slot held
    /// or another channel's contact, a part for some slots.
    pub slot_load: &'a BTreeMap<String, BTreeMap<u8, SlotLoad>>,
    /// The accept lag of a profile's agents on a channel in a queue,
    /// seconds.
    pub channel_lag_s: &'a dyn Fn(&str, u8, &str) -> f64,
}

/// Each profile's [`Waiting`], from its voice queues' callers waiting past
/// the margin, or from the channel (chat, task, email) whose contacts
/// waited past it longest where those waited longer: while
/// one did, every available agent of the profile had all its slots of the
/// channel full (an agent with one of two chats and a chat waiting is
/// away, winding down before a break), so the agents unable to take one
/// are the available ones.
pub fn waiting(inputs: &Inputs) -> BTreeMap<String, Waiting> {
    let mut out = BTreeMap::new();
    for (profile, queues) in inputs.routing {
        let mut edges: Vec<(f64, i32)> = Vec::new();
        for q in queues {
            let Some(waits) = inputs.voice_waits.get(q) else {
                continue;
            };
            let floor = inputs.floors.get(profile).and_then(|f| f.get(q)).copied();
            let after = floor.unwrap_or(0.0).max(0.0) + (inputs.lag_s)(q) + MARGIN_S;
            add_waits(&mut edges, waits, after);
        }
        let present = inputs.busy.get(profile).map_or(&[][..], Vec::as_slice);
        let busy: Vec<(f64, f64, f64)> = present.iter().map(|&(a, b)| (a, b, 1.0)).collect();
        if let Some(w) = swept(edges, &busy, present, inputs) {
            out.insert(profile.clone(), w);
        }
    }
    for (profile, channels) in inputs.channel_routing {
        for (&channel, queues) in channels {
            let Some(load) = inputs.slot_load.get(profile).and_then(|f| f.get(&channel)) else {
                continue;
            };
            let mut edges: Vec<(f64, i32)> = Vec::new();
            for q in queues {
                let Some(waits) = inputs.channel_waits.get(&(q.clone(), channel)) else {
                    continue;
                };
                let floor = inputs.floors.get(profile).and_then(|f| f.get(q)).copied();
                let lag = (inputs.channel_lag_s)(profile, channel, q);
                add_waits(
                    &mut edges,
                    waits,
                    floor.unwrap_or(0.0).max(0.0) + lag + MARGIN_S,
                );
            }
            // The most agents at work at once, full or not, were there.
            let busy = inputs.busy.get(profile).map_or(&[][..], Vec::as_slice);
            let Some(w) = swept(edges, load, busy, inputs) else {
                continue;
            };
            let waited = |w: &Waiting| w.waiting_s.iter().sum::<f64>();
            // The channel whose contacts waited longest tells the most.
            if out
                .get(profile)
                .is_none_or(|o: &Waiting| waited(&w) > waited(o))
            {
                out.insert(profile.clone(), w);
            }
        }
    }
    out
}

/// Adds the part of each of `waits` past `after` seconds to `edges`, as
/// (time, change in waiting contacts).
fn add_waits(edges: &mut Vec<(f64, i32)>, waits: &[(u32, u32)], after: f64) {
    for &(enq, leave) in waits {
        let (from, to) = (f64::from(enq) + after, f64::from(leave));
        if from < to {
            edges.push((from, 1));
            edges.push((to, -1));
        }
    }
}

/// The [`Waiting`] of the waiting spans in `waits`, the agents' `busy`
/// spans (as (from, to, agents): unable to take the waiting contacts, or
/// the part of an agent that was) and their `present` ones (at work: the
/// floor [`Waiting::peak_busy`] counts), swept in time order; `None` when
/// nothing waited.
fn swept(
    waits: Vec<(f64, i32)>,
    busy: &[(f64, f64, f64)],
    present: &[(f64, f64)],
    inputs: &Inputs,
) -> Option<Waiting> {
    if waits.is_empty() {
        return None;
    }
    // (time, change in waiting contacts, in busy agents, in present ones)
    let mut edges: Vec<(f64, i32, f64, i32)> =
        waits.into_iter().map(|(t, c)| (t, c, 0.0, 0)).collect();
    for &(a, b, k) in busy {
        if a < b {
            edges.push((a, 0, k, 0));
            edges.push((b, 0, -k, 0));
        }
    }
    for &(a, b) in present {
        if a < b {
            edges.push((a, 0, 0.0, 1));
            edges.push((b, 0, 0.0, -1));
        }
    }
    edges.sort_by(|x, y| x.0.total_cmp(&y.0));
    let n = inputs.period.intervals;
    let mut w = Waiting {
        waiting_s: vec![0.0; n],
        busy_agent_s: vec![0.0; n],
        peak_busy: vec![0.0; n],
    };
    let (mut callers, mut agents, mut present) = (0i32, 0.0f64, 0i32);
    let mut at = edges[0].0;
    for (t, dc, da, dp) in edges {
        // Only spans of some length count: one agent's end and
        // another's start at one instant are not both busy.
        if t > at {
            let busy = agents.max(0.0);
            let there = f64::from(present.max(0));
            inputs.period.each_part((at, t), inputs.base_ms, |i, len| {
                w.peak_busy[i] = w.peak_busy[i].max(there);
                if callers > 0 {
                    w.waiting_s[i] += len;
                    w.busy_agent_s[i] += busy * len;
                }
            });
        }
        at = t;
        callers += dc;
        agents += da;
        present += dp;
    }
    Some(w)
}

/// The share of a headcount below which it is scaled to the agents
/// available: above it, the records do not tell away agents from the
/// spread of the estimate (a center without breaks or shrinkage reads
/// about 0.99).
pub const SCALE_BELOW: f64 = 0.95;

/// A profile's available share, and whether its headcount was scaled
/// (each interval by its own share, [`Waiting::interval_shares`]) for
/// being below [`SCALE_BELOW`].
#[derive(Debug, Clone, PartialEq)]
pub struct Scaled {
    /// The share of the headcount busy while callers waited.
    pub share: f64,
    /// The share each interval was scaled by ([`Waiting::interval_shares`]),
    /// to three places; empty when not applied.
    pub per_interval: Vec<f64>,
    /// Whether the headcount was scaled (by `per_interval`).
    pub applied: bool,
    /// Agent-intervals before.
    pub before: u64,
    /// The headcount per interval before it was scaled (the roster's, or
    /// the agents seen working); empty when not applied.
    pub before_per_interval: Vec<u32>,
    /// Agent-intervals after.
    pub after: u64,
}

/// Scales each profile's `headcount` whose available share (from
/// `waiting`) is below [`SCALE_BELOW`], each interval by its own share
/// and rounded; returns every profile's share that could be read.
pub fn scale(
    headcount: &mut BTreeMap<String, Vec<u32>>,
    waiting: &BTreeMap<String, Waiting>,
) -> BTreeMap<String, Scaled> {
    let mut out = BTreeMap::new();
    for (profile, counts) in headcount.iter_mut() {
        let Some(w) = waiting.get(profile) else {
            continue;
        };
        let n: Vec<f64> = counts.iter().map(|&c| f64::from(c)).collect();
        let Some(share) = w.available_share(&n) else {
            continue;
        };
        let applied = share < SCALE_BELOW;
        let before = counts.iter().map(|&c| u64::from(c)).sum();
        let mut per_interval = Vec::new();
        let mut before_per_interval = Vec::new();
        if applied {
            before_per_interval = counts.clone();
            per_interval = w.interval_shares(&n, share);
            scale_counts(counts, &per_interval);
        }
        let after = counts.iter().map(|&c| u64::from(c)).sum();
        let round = |x: f64| (x * 1000.0).round() / 1000.0;
        let scaled = Scaled {
            share: round(share),
            per_interval: per_interval.into_iter().map(round).collect(),
            applied,
            before,
            before_per_interval,
            after,
        };
        out.insert(profile.clone(), scaled);
    }
    out
}

/// Multiplies each of `counts` by its interval's share, rounding with the
/// remainder carried on (3 agents × 0.83 each interval is 2, 3, 2, 3 … —
/// rounded alone it was 2 every time, a fifth lost), and never below one
/// agent where there was one (a small team's queue would have nobody).
fn scale_counts(counts: &mut [u32], shares: &[f64]) {
    let mut carried = 0.0;
    for (c, &share) in counts.iter_mut().zip(shares) {
        if *c == 0 {
            continue;
        }
        let want = f64::from(*c) * share + carried;
        let n = want.round().max(1.0);
        carried = want - n;
        *c = n as u32;
    }
}

/// The warning for headcounts scaled to the agents available, if any.
pub fn scaled_warning(all: &BTreeMap<String, Scaled>) -> Option<super::warnings::DataWarning> {
    let scaled: BTreeMap<&String, &Scaled> = all.iter().filter(|(_, s)| s.applied).collect();
    if scaled.is_empty() {
        return None;
    }
    let each: Vec<String> = scaled
        .iter()
        .map(|(p, s)| format!("{p}: {:.1} %", 100.0 * s.share))
        .collect();
    Some(super::warnings::DataWarning {
        kind: "headcount_scaled_to_available",
        text: format!(
            "while contacts waited past the accept lag (and any routing delay) — calls, or a desk's chats, tasks or emails where those waited longer — only part of the headcount (roster, or agents seen working) was busy — {} — so the rest was away: breaks, aux, absence, which neither a roster nor the records show. Each such profile's headcount is scaled, interval by interval, by the share busy in it as far as its waiting reads it (where it waited little, its staffed neighbours' readings, else the day's share above, or, if more, the most agents seen busy at once), as agents on the phones (a scenario's headcount). If the roster already counts only agents on the phones, or agents were kept off these queues by something else (routing criteria, another channel), edit `headcount` in scenario.toml",
            each.join("; ")
        ),
        detail: serde_json::json!(scaled
            .iter()
            .map(|(p, s)| serde_json::json!({"routing_profile": p, "available_share": s.share,
                "agent_intervals_before": s.before, "agent_intervals_after": s.after}))
            .collect::<Vec<_>>()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_interval_that_read_little_takes_its_neighbours_reading() {
        // Four half hours of 10 agents, the last unstaffed: the first saw
        // no waiting and 6 agents busy at once; the next two waited long
        // enough to weigh fully, with 9 and 7 busy.
        let w = Waiting {
            waiting_s: vec![0.0, 600.0, 600.0, 0.0],
            busy_agent_s: vec![0.0, 5_400.0, 4_200.0, 0.0],
            peak_busy: vec![6.0, 10.0, 9.0, 0.0],
        };
        let shares = w.interval_shares(&[10.0, 10.0, 10.0, 0.0], 0.6);
        assert_eq!(shares, [0.9, 0.9, 0.7, 0.6]);
        // Without a staffed neighbour: the day's share, or the agents busy
        // at once where more.
        let alone = |peak: f64| Waiting {
            waiting_s: vec![0.0],
            busy_agent_s: vec![0.0],
            peak_busy: vec![peak],
        };
        assert_eq!(alone(4.0).interval_shares(&[10.0], 0.6), [0.6]);
        assert_eq!(alone(7.0).interval_shares(&[10.0], 0.6), [0.7]);
        // Half weighed (150 s of waiting), the rest from the neighbours'
        // mean: (0.9 + 0.5) / 2 = 0.7, so 0.5 × 0.4 + 0.5 × 0.7.
        let half = Waiting {
            waiting_s: vec![600.0, 150.0, 600.0],
            busy_agent_s: vec![5_400.0, 600.0, 3_000.0],
            peak_busy: vec![0.0; 3],
        };
        let mid = half.interval_shares(&[10.0, 10.0, 10.0], 0.6)[1];
        assert!((mid - 0.55).abs() < 1e-12, "{mid}");
    }

    #[test]
    fn busy_agents_while_callers_wait_are_the_available_ones() {
        // One hour in two half hours; one queue, one profile.
        let period = Period::spanning(0, 3_599_999, 1_800_000);
        let routing = BTreeMap::from([("Team".to_string(), BTreeSet::from(["Q".to_string()]))]);
        // A caller waits 0–100 s (past 2 s lag + 5 s margin from 7 s):
        // 93 s of waiting in the first half hour; another 1,800–2,000 s.
        let voice_waits = BTreeMap::from([("Q".to_string(), vec![(0, 100), (1_800, 2_000)])]);
        // Two agents busy all hour, a third from 50 s to 1,900 s.
        let busy = BTreeMap::from([(
            "Team".to_string(),
            vec![(0.0, 3_600.0), (0.0, 3_600.0), (50.0, 1_900.0)],
        )]);
        let w = waiting(&Inputs {
            period: &period,
            base_ms: 0,
            routing: &routing,
            voice_waits: &voice_waits,
            floors: &Floors::new(),
            lag_s: &|_| 2.0,
            busy: &busy,
            channel_routing: &BTreeMap::new(),
            channel_waits: &BTreeMap::new(),
            slot_load: &BTreeMap::new(),
            channel_lag_s: &|_, _, _| 0.0,
        });
        let w = &w["Team"];
        assert_eq!(w.waiting_s, vec![93.0, 193.0]);
        // Three busy at once in each half hour, waiting or not.
        assert_eq!(w.peak_busy, vec![3.0, 3.0]);
        // 7–50 s two busy, 50–100 s three; 1,807–1,900 three, 1,900–2,000 two.
        assert_eq!(
            w.busy_agent_s,
            vec![2.0 * 43.0 + 3.0 * 50.0, 3.0 * 93.0 + 2.0 * 100.0]
        );
        // Too little waiting to read anything.
        assert_eq!(w.available_share(&[4.0, 4.0]), None);
        let long = Waiting {
            waiting_s: vec![1_800.0, 150.0],
            busy_agent_s: vec![1_800.0 * 6.0, 150.0 * 3.0],
            peak_busy: vec![10.0, 3.0],
        };
        // 6 of 10 (full weight 10) and 3 of 5 (weight 5 × ½).
        let share = long.available_share(&[10.0, 5.0]).unwrap_or(0.0);
        assert!((share - 0.6).abs() < 1e-12, "{share}");
        let mut headcount = BTreeMap::from([("Team".to_string(), vec![10, 5])]);
        let scaled = scale(
            &mut headcount,
            &BTreeMap::from([("Team".to_string(), long)]),
        );
        assert_eq!(headcount["Team"], vec![6, 3]);
        // The remainder carries on; one agent stays one.
        let mut counts = vec![3, 3, 3, 3, 0, 1, 1];
        scale_counts(&mut counts, &[0.83; 7]);
        assert_eq!(counts, vec![2, 3, 2, 3, 0, 1, 1]);
        assert_eq!(scaled["Team"].share, 0.6);
        assert_eq!(scaled["Team"].per_interval, vec![0.6, 0.6]);
        assert!(scaled["Team"].applied);
        assert_eq!((scaled["Team"].before, scaled["Team"].after), (15, 9));
        assert!(scaled_warning(&scaled).is_some());
        // 0.96 is read, not applied.
        let near = Waiting {
            waiting_s: vec![1_800.0],
            busy_agent_s: vec![1_800.0 * 9.6],
            peak_busy: vec![10.0],
        };
        let mut headcount = BTreeMap::from([("Team".to_string(), vec![10])]);
        let read = scale(
            &mut headcount,
            &BTreeMap::from([("Team".to_string(), near)]),
        );
        assert_eq!(headcount["Team"], vec![10]);
        assert!(!read["Team"].applied && read["Team"].share == 0.96);
        assert!(scaled_warning(&read).is_none());
    }

    #[test]
    fn each_interval_is_scaled_by_its_own_waiting_and_the_rest_by_the_day() {
        // Three half hours of 20 agents. The first had no waiting but 19
        // busy at once; the second (lunch) waited long with 10 busy; the
        // third waited 150 s (half weight) with 15 busy, 16 at most.
        let w = Waiting {
            waiting_s: vec![0.0, 1_800.0, 150.0],
            busy_agent_s: vec![0.0, 1_800.0 * 10.0, 150.0 * 15.0],
            peak_busy: vec![19.0, 10.0, 16.0],
        };
        let day = w.available_share(&[20.0; 3]).unwrap_or(0.0);
        // (1 × 0.5 + 0.5 × 0.75) / 1.5
        assert!((day - 0.875 / 1.5).abs() < 1e-12, "{day}");
        let shares = w.interval_shares(&[20.0, 20.0, 20.0], day);
        // No waiting: the day's share, raised to the 19 seen busy at once.
        assert!((shares[0] - 0.95).abs() < 1e-12, "{shares:?}");
        // Full weight: its own reading.
        assert!((shares[1] - 0.5).abs() < 1e-12, "{shares:?}");
        // Half its own 0.75, half the larger of the day and 16 of 20.
        assert!(
            (shares[2] - (0.375 + 0.5 * 0.8)).abs() < 1e-12,
            "{shares:?}"
        );
        let mut headcount = BTreeMap::from([("Team".to_string(), vec![20, 20, 20])]);
        let scaled = scale(&mut headcount, &BTreeMap::from([("Team".to_string(), w)]));
        assert_eq!(headcount["Team"], vec![19, 10, 16]);
        assert_eq!(scaled["Team"].per_interval, vec![0.95, 0.5, 0.775]);
        // An interval with nobody stays empty; a share never passes 1.
        let none = Waiting {
            waiting_s: vec![0.0, 0.0],
            busy_agent_s: vec![0.0, 0.0],
            peak_busy: vec![0.0, 12.0],
        };
        assert_eq!(none.interval_shares(&[0.0, 10.0], 0.7), vec![0.7, 1.0]);
    }
}
