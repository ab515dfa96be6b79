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
}

impl QueueDelay {
    /// Its record for `calibration.json`.
    pub fn json(&self, queue: &str) -> Value {
        json!({
            "queue": queue, "delay_s": self.seconds, "taken": self.taken,
            "least_wait_s": self.least_wait_s, "others_taken": self.others_taken,
            "others_sooner": self.others_sooner,
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
            let seconds =
                (f64::from(least.saturating_sub(lag_ms(queue, profile))) / 1000.0).round() as u32;
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
                },
            );
        }
    }
    out
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
