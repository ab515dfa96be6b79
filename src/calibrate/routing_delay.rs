//! The delay of a queue in a routing profile, read from the waits of the
//! contacts its agents took. Connect offers a queue's contact to the
//! agents of a profile listing that queue with a delay only once it has
//! waited that long: an overflow team ("Sales Team serves Support after
//! 60 s"). So no contact that team took waited less than the delay (plus
//! the accept lag: the whisper, which the queue time includes), while the
//! queue's other teams took contacts sooner.
//!
//! The least wait of the team's pickups is the estimate, read as a delay
//! only when that least wait would be unlikely were the team's waits like
//! the other teams': of all the queue's pickups, `g` waited at least that
//! long; were the team's `n` drawn from them at random, all `n` among the
//! `g` has chance `g/N · (g−1)/(N−1) · …` (N all pickups; about `(1 − p)ⁿ`
//! for a share `p` of the others sooner), and below [`MAX_CHANCE`] the
//! floor is a delay. Written as 0 s, a delay made the
//! overflow team help at once (a probe's find: the helping team's own
//! queue looked understaffed and the helped queue overstaffed, ASA
//! 28.7 s against 16.8 s observed and 8.8 s against 20.3 s).

use std::collections::BTreeMap;

use serde_json::{json, Value};

/// The most chance that the least wait of a team's pickups is as long as
/// it is by chance alone, for it to be read as a delay.
pub const MAX_CHANCE: f64 = 0.001;

/// Pickups a team took from the queue, at least, before their least wait
/// is read as a delay.
pub const MIN_TAKEN: usize = 5;

/// Pickups of the queue by the other teams that waited less, at least
/// (evidence that the queue was taken sooner at all).
pub const MIN_SOONER: usize = 10;

/// One queue's delay in one routing profile, with its evidence.
#[derive(Debug, Clone, PartialEq)]
pub struct QueueDelay {
    /// The delay, whole seconds.
    pub seconds: u32,
    /// Contacts the profile's agents took from the queue.
    pub taken: usize,
    /// The least time one of them had been in the queue, seconds.
    pub least_wait_s: f64,
    /// Contacts the queue's other profiles took.
    pub others_taken: usize,
    /// Of those, how many had waited less than `least_wait_s`.
    pub others_sooner: usize,
    /// What the waits were compared with.
    pub basis: DelayBasis,
}

/// What a delay was read against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DelayBasis {
    /// The queue's other teams took its contacts sooner ([`estimate`]);
    /// `others_*` count their pickups.
    OtherTeams,
    /// The team's agents sat free while the contacts waited, and the
    /// channel's other queues' contacts that found an agent free were
    /// taken sooner ([`estimate_idle`]); `taken` and `others_*` count
    /// those pickups only.
    FreeAgents,
}

impl DelayBasis {
    /// Its name in `calibration.json`.
    pub fn name(self) -> &'static str {
        match self {
            DelayBasis::OtherTeams => "other_teams",
            DelayBasis::FreeAgents => "free_agents",
        }
    }
}

impl QueueDelay {
    /// Its record for `calibration.json`.
    pub fn json(&self, queue: &str) -> Value {
        json!({
            "queue": queue, "delay_s": self.seconds, "taken": self.taken,
            "least_wait_s": self.least_wait_s, "others_taken": self.others_taken,
            "others_sooner": self.others_sooner, "basis": self.basis.name(),
        })
    }
}

/// Per routing profile, per queue: the delays found (only those above
/// 0 s).
pub type Delays = BTreeMap<String, BTreeMap<String, QueueDelay>>;

/// The delays, from `waits`: per queue, per routing profile, the time in
/// queue (ms) of each contact the profile's agents took from it;
/// `lag_ms(queue, profile)` is the accept lag of the profile's agents on
/// the queue, which each of their waits includes (agents who answer by
/// hand take longer than auto-accepting ones: a profile's own lag, where
/// known, else the queue's).
pub fn estimate(
    waits: &BTreeMap<String, BTreeMap<String, Vec<u32>>>,
    lag_ms: &dyn Fn(&str, &str) -> u32,
) -> Delays {
    let mut out = Delays::new();
    for (queue, by_profile) in waits {
        if by_profile.len() < 2 {
            continue;
        }
        for (profile, mine) in by_profile {
            let Some(&least) = mine.iter().min() else {
                continue;
            };
            if mine.len() < MIN_TAKEN {
                continue;
            }
            let others = by_profile
                .iter()
                .filter(|(p, _)| *p != profile)
                .flat_map(|(_, w)| w.iter());
            let (mut others_taken, mut others_sooner) = (0usize, 0usize);
            for &w in others {
                others_taken += 1;
                others_sooner += usize::from(w < least);
            }
            if others_sooner < MIN_SOONER {
                continue;
            }
            let chance = all_among(
                mine.len(),
                others_taken + mine.len() - others_sooner,
                others_taken + mine.len(),
            );
            let seconds = whole_seconds(least.saturating_sub(lag_ms(queue, profile)));
            if chance > MAX_CHANCE || seconds == 0 {
                continue;
            }
            out.entry(profile.clone()).or_default().insert(
                queue.clone(),
                QueueDelay {
                    seconds,
                    taken: mine.len(),
                    least_wait_s: f64::from(least) / 1000.0,
                    others_taken,
                    others_sooner,
                    basis: DelayBasis::OtherTeams,
                },
            );
        }
    }
    out
}

/// Pickups a team took while its agent sat free, at least, before their
/// least wait is read as a delay ([`estimate_idle`]): a few agents back
/// from a break can wait out a contact by chance.
pub const MIN_IDLE_TAKEN: usize = 10;

/// How far above the least wait, beyond the accept lag, a free agent's
/// pickups of a delayed queue end: each is offered the moment it has
/// waited the delay, so at least half come within this of the floor.
pub const IDLE_CLUSTER_MS: u32 = 5_000;

/// The least delay [`estimate_idle`] reads, seconds: the cluster's own
/// width. A hand-answering team's lag, not known to the second, could
/// pass for a shorter one.
pub const MIN_IDLE_DELAY_S: u32 = IDLE_CLUSTER_MS / 1000;

/// The pickups of one channel whose agent had sat free since the contact
/// was queued (no contact of its own in between): per queue, per routing
/// profile, their waits in queue, ms.
pub type IdlePickups = BTreeMap<String, BTreeMap<String, Vec<u32>>>;

/// Delays that no other team shows: a queue one team takes alone (an
/// overflow queue its agents serve after 30 s), or one every team takes
/// late. Read from the pickups `idle` of one channel, whose agents sat
/// free from the contact's arrival: with no delay such a contact is
/// offered at once, whatever the priorities (a free agent means no
/// waiter of a higher queue), so their waits are the accept lag; with a
/// delay they are the delay plus the lag, and pile up at that floor.
///
/// A (queue, profile) pair is read as delayed when it has at least
/// [`MIN_IDLE_TAKEN`] such pickups, all at least `L` long, where the
/// channel's other queues' free pickups waited less at least
/// [`MIN_SOONER`] times and the chance of that is below [`MAX_CHANCE`]
/// (as [`estimate`] reckons it); and at least half of them ended within
/// [`IDLE_CLUSTER_MS`] plus the lag of `L` (agents back from a break pick
/// up contacts whenever they return: their waits spread). The delay is
/// `L` less the least free pickup of the profile's other queues on the
/// channel (its own quickest answer, where that is within
/// [`IDLE_CLUSTER_MS`] of `lag_ms`: else that queue is delayed too, and
/// `lag_ms` is taken off); none under [`MIN_IDLE_DELAY_S`] is read. Pairs
/// in `known` are left as they are.
pub fn estimate_idle(
    idle: &IdlePickups,
    lag_ms: &dyn Fn(&str, &str) -> u32,
    known: &Delays,
) -> Delays {
    let mut out = Delays::new();
    for (queue, by_profile) in idle {
        let others: Vec<u32> = idle
            .iter()
            .filter(|(q, _)| *q != queue)
            .flat_map(|(_, m)| m.values().flatten().copied())
            .collect();
        for (profile, mine) in by_profile {
            if known.get(profile).is_some_and(|m| m.contains_key(queue)) {
                continue;
            }
            let Some(&least) = mine.iter().min() else {
                continue;
            };
            if mine.len() < MIN_IDLE_TAKEN {
                continue;
            }
            let others_sooner = others.iter().filter(|&&w| w < least).count();
            if others_sooner < MIN_SOONER {
                continue;
            }
            let all = others.len() + mine.len();
            let chance = all_among(mine.len(), all - others_sooner, all);
            let own_floor = idle
                .iter()
                .filter(|(q, _)| *q != queue)
                .filter_map(|(_, m)| m.get(profile))
                .flatten()
                .copied()
                .min();
            // Its quickest answer, unless that queue is delayed too (a
            // floor beyond the lag and the cluster's width).
            let lag_here = lag_ms(queue, profile);
            let lag = own_floor
                .filter(|&f| f <= lag_here.saturating_add(IDLE_CLUSTER_MS))
                .unwrap_or(lag_here);
            let reach = least
                .saturating_add(IDLE_CLUSTER_MS)
                .saturating_add(lag_here);
            let clustered = mine.iter().filter(|&&w| w <= reach).count();
            let seconds = whole_seconds(least.saturating_sub(lag));
            if chance > MAX_CHANCE || 2 * clustered < mine.len() || seconds < MIN_IDLE_DELAY_S {
                continue;
            }
            out.entry(profile.clone()).or_default().insert(
                queue.clone(),
                QueueDelay {
                    seconds,
                    taken: mine.len(),
                    least_wait_s: f64::from(least) / 1000.0,
                    others_taken: others.len(),
                    others_sooner,
                    basis: DelayBasis::FreeAgents,
                },
            );
        }
    }
    out
}

/// [`estimate_idle`] on each channel's free pickups in `by_channel`
/// (indexed by channel number, `lag_ms(queue, profile, channel)` the
/// accept lag there), together (a pair read on several channels keeps its
/// first).
pub fn estimate_idle_channels(
    by_channel: &[IdlePickups],
    lag_ms: &dyn Fn(&str, &str, u8) -> u32,
    known: &Delays,
) -> Delays {
    let mut out = Delays::new();
    for (channel, idle) in by_channel.iter().enumerate() {
        let lag = |queue: &str, profile: &str| lag_ms(queue, profile, channel as u8);
        for (profile, found) in estimate_idle(idle, &lag, known) {
            let mine = out.entry(profile).or_default();
            for (queue, d) in found {
                mine.entry(queue).or_insert(d);
            }
        }
    }
    out
}

/// `ms` rounded to whole seconds (a delay as a scenario writes it).
fn whole_seconds(ms: u32) -> u32 {
    (f64::from(ms) / 1000.0).round() as u32
}

/// The chance that `n` drawn at random without replacement from `all`
/// are all among `some` of them.
fn all_among(n: usize, some: usize, all: usize) -> f64 {
    (0..n)
        .map(|i| some.saturating_sub(i) as f64 / all.saturating_sub(i).max(1) as f64)
        .product()
}

/// Per routing profile, per queue it took voice or other contacts from:
/// the least time in queue of those contacts less the accept lag ([`estimate`]),
/// seconds — before which its agents took none, delay or not (what an
/// estimate of the agents available counts from: a team whose delay is
/// too rarely seen to be read still does not take younger callers).
pub fn floors(
    waits: &BTreeMap<String, BTreeMap<String, Vec<u32>>>,
    lag_ms: &dyn Fn(&str, &str) -> u32,
) -> Floors {
    let mut out = Floors::new();
    for (queue, by_profile) in waits {
        for (profile, mine) in by_profile {
            if let Some(&least) = mine.iter().min() {
                let s = f64::from(least.saturating_sub(lag_ms(queue, profile))) / 1000.0;
                out.entry(profile.clone())
                    .or_default()
                    .insert(queue.clone(), s);
            }
        }
    }
    out
}

/// Per routing profile, per queue: the least wait less the accept lag,
/// seconds ([`floors`]).
pub type Floors = BTreeMap<String, BTreeMap<String, f64>>;

/// The delay of `queue` in `profile`, seconds (0 when none was found).
pub fn delay_of(delays: &Delays, profile: &str, queue: &str) -> u32 {
    delays
        .get(profile)
        .and_then(|m| m.get(queue))
        .map_or(0, |d| d.seconds)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn waits(rows: &[(&str, &str, Vec<u32>)]) -> BTreeMap<String, BTreeMap<String, Vec<u32>>> {
        let mut m: BTreeMap<String, BTreeMap<String, Vec<u32>>> = BTreeMap::new();
        for (q, p, w) in rows {
            m.entry(q.to_string())
                .or_default()
                .insert(p.to_string(), w.clone());
        }
        m
    }

    /// Waits from `from` ms in steps of `step`, `n` of them.
    fn spread(from: u32, step: u32, n: u32) -> Vec<u32> {
        (0..n).map(|i| from + i * step).collect()
    }

    #[test]
    fn a_team_that_never_takes_a_contact_before_it_waited_has_a_delay() {
        let w = waits(&[
            ("Support", "Support Team", spread(2_000, 1_000, 100)),
            ("Support", "Sales Team", spread(62_300, 700, 20)),
        ]);
        let d = estimate(&w, &|_, _| 2_000);
        let got = &d["Sales Team"]["Support"];
        assert_eq!(got.seconds, 60);
        assert_eq!(
            (got.taken, got.others_taken, got.others_sooner),
            (20, 100, 61)
        );
        assert_eq!(delay_of(&d, "Sales Team", "Support"), 60);
        assert_eq!(delay_of(&d, "Support Team", "Support"), 0);
        assert!(!d.contains_key("Support Team"));
    }

    #[test]
    fn a_queue_one_team_takes_late_though_its_agents_sat_free_has_a_delay() {
        // The chat team takes web chats the moment they come (2–4 s) and
        // overflow chats only after 30 s and the same lag.
        let idle = waits(&[
            ("web", "chat", spread(2_000, 100, 40)),
            ("overflow", "chat", spread(32_000, 150, 20)),
        ]);
        let d = estimate_idle(&idle, &|_, _| 3_000, &Delays::new());
        let got = &d["chat"]["overflow"];
        assert_eq!(got.seconds, 30);
        assert_eq!(got.basis, DelayBasis::FreeAgents);
        assert_eq!(
            (got.taken, got.others_taken, got.others_sooner),
            (20, 40, 40)
        );
        assert!(!d["chat"].contains_key("web"));
        // Without a quicker queue of its own, the lag is taken off.
        let idle = waits(&[
            ("web", "web team", spread(2_000, 100, 40)),
            ("overflow", "chat", spread(32_000, 150, 20)),
        ]);
        let d = estimate_idle(&idle, &|_, _| 3_000, &Delays::new());
        assert_eq!(delay_of(&d, "chat", "overflow"), 29);
        // A pair already read is left as it was.
        let d = estimate_idle(&idle, &|_, _| 3_000, &d);
        assert!(d.is_empty());
    }

    #[test]
    fn a_team_s_other_queue_delayed_too_is_not_its_quickest_answer() {
        // One team takes two overflow queues, after 30 s and 60 s; another
        // team's web chats are the quick ones to compare with.
        let idle = waits(&[
            ("web", "web team", spread(3_000, 100, 40)),
            ("a", "overflow", spread(33_000, 150, 20)),
            ("b", "overflow", spread(63_000, 150, 20)),
        ]);
        let d = estimate_idle(&idle, &|_, _| 3_000, &Delays::new());
        assert_eq!(delay_of(&d, "overflow", "a"), 30);
        assert_eq!(delay_of(&d, "overflow", "b"), 60);
    }

    #[test]
    fn free_pickups_that_spread_too_few_or_only_the_lag_are_no_delay() {
        let quick = ("web", "chat", spread(2_000, 100, 40));
        // Agents back from breaks at any time: the waits spread from 32 s
        // to 13 min, not piled up at the floor.
        let idle = waits(&[
            quick.clone(),
            ("overflow", "chat", spread(32_000, 40_000, 20)),
        ]);
        assert!(estimate_idle(&idle, &|_, _| 3_000, &Delays::new()).is_empty());
        // Nine are too few.
        let idle = waits(&[quick.clone(), ("overflow", "chat", spread(32_000, 150, 9))]);
        assert!(estimate_idle(&idle, &|_, _| 3_000, &Delays::new()).is_empty());
        // A team answering by hand after 7 s, where others auto-accept:
        // its lag, not a delay.
        let idle = waits(&[
            ("web", "web team", spread(2_000, 100, 40)),
            ("cases", "slow team", spread(7_500, 300, 30)),
        ]);
        assert!(estimate_idle(&idle, &|_, _| 4_000, &Delays::new()).is_empty());
        // Nothing sooner to compare with.
        let idle = waits(&[("overflow", "chat", spread(32_000, 150, 20))]);
        assert!(estimate_idle(&idle, &|_, _| 3_000, &Delays::new()).is_empty());
    }

    #[test]
    fn the_chance_is_of_drawing_without_replacement() {
        // 10 pickups among 30 of which 20 waited as long: C(20,10)/C(30,10).
        let exact = 184_756.0 / 30_045_015.0;
        assert!((all_among(10, 20, 30) - exact).abs() < 1e-12);
        assert_eq!(all_among(3, 2, 5), 0.0);
        assert_eq!(all_among(0, 0, 0), 1.0);
    }

    #[test]
    fn a_least_wait_chance_explains_is_no_delay() {
        // Three pickups, all after 28 s, where 29 of the others' 60 waited
        // less: all three among the 34 of 63 that waited as long, 0.15, is
        // no evidence.
        let w = waits(&[
            ("Q", "A", spread(0, 1_000, 60)),
            ("Q", "B", vec![28_400, 40_000, 50_000]),
        ]);
        assert!(estimate(&w, &|_, _| 0).is_empty());
        // Ten of them: 0.0028, still above the bar.
        let w = waits(&[
            ("Q", "A", spread(0, 1_000, 60)),
            ("Q", "B", spread(28_400, 1_000, 10)),
        ]);
        assert!(estimate(&w, &|_, _| 0).is_empty());
        // Twenty is below it.
        let w = waits(&[
            ("Q", "A", spread(0, 1_000, 60)),
            ("Q", "B", spread(28_400, 1_000, 20)),
        ]);
        assert_eq!(delay_of(&estimate(&w, &|_, _| 0), "B", "Q"), 28);
        // A queue one team takes alone shows no delay to compare.
        let w = waits(&[("Q", "B", spread(31_000, 1_000, 50))]);
        assert!(estimate(&w, &|_, _| 0).is_empty());
        // The floor is the accept lag alone: no delay.
        let w = waits(&[
            ("Q", "A", spread(0, 100, 60)),
            ("Q", "B", spread(2_400, 1_000, 50)),
        ]);
        assert!(estimate(&w, &|_, _| 2_000).is_empty());
    }
}
