//! Which agent an agent quick connect names: the one idle longest, or any
//! agent of the group, busy or not (a transfer rule's `agent`).
//!
//! The records do not say how the agent was chosen, but the waits in the
//! agents' own queues do. Named at random, the agent is busy about as
//! often as the group is (its occupancy ρ), and the transferred caller
//! waits for it. Named as the one idle longest, the caller waits only when
//! every agent of the group is busy — about Erlang C's P(wait) for the
//! group's agents at that occupancy, far less than ρ unless the group is
//! small and full. Of the `n` answered transfers, `k` waited beyond the
//! accept lag (and two seconds of the records' rounding); the pick whose
//! binomial likelihood of `k` of `n` is higher is written, and "random"
//! wherever there are fewer than [`MIN_TRANSFERS`] to judge by.

use std::collections::BTreeMap;

use crate::staffing::erlang::erlang_c;

use super::headcount::Headcounts;
use super::period::Period;
use super::rates::QueueFollowUps;

/// Transfers to a group's agents below which the pick is not judged.
pub const MIN_TRANSFERS: u64 = 20;

/// Seconds beyond the accept lag a wait must reach to count as waiting
/// for a busy agent (whole-second stamps on both sides).
const SLACK_S: f64 = 2.0;

/// What the waits in one group's agent queue showed.
#[derive(Debug, Clone, PartialEq)]
pub struct AgentPick {
    /// `"longest_idle"` or `"random"`.
    pub pick: &'static str,
    /// Answered transfers that waited beyond the accept lag.
    pub waited: u64,
    /// Answered transfers.
    pub answered: u64,
    /// The group's occupancy: its agents' busy time over their time on
    /// shift.
    pub occupancy: f64,
    /// Erlang C's P(wait) for the group's mean headcount at that
    /// occupancy: how often every agent is busy.
    pub all_busy: f64,
}

impl AgentPick {
    /// The comment above the transfer rule.
    pub fn comment(&self) -> String {
        let why = match self.pick {
            "longest_idle" => {
                "as when the agent idle longest is named (the caller waits only when all are busy)"
            }
            _ if self.answered < MIN_TRANSFERS => {
                "too few to tell how the agent was named: any agent, busy or not"
            }
            _ => "as when any agent is named, busy or not",
        };
        format!(
            "# {} of {} answered transfers to one agent waited for that agent; the group was busy {:.0} % of its time and all its agents at once about {:.0} %: {why}",
            self.waited,
            self.answered,
            100.0 * self.occupancy,
            100.0 * self.all_busy
        )
    }
}

/// The pick for `profile`'s agent queue `f`, from its waits and the
/// group's busy spans (`busy`, seconds) against its headcount.
pub fn judge(
    f: &QueueFollowUps,
    busy: &[(f64, f64)],
    headcount: &[u32],
    period: &Period,
) -> AgentPick {
    let lag = f.accept_lag.map_or(0.0, |l| l.seconds);
    let answered: u64 = f.answered_waits.values().sum();
    let waited: u64 = f
        .answered_waits
        .iter()
        .filter(|(&w, _)| w as f64 > lag + SLACK_S)
        .map(|(_, &n)| n)
        .sum();
    let interval_s = period.interval_ms as f64 / 1000.0;
    let shift_s: f64 = headcount.iter().map(|&n| f64::from(n) * interval_s).sum();
    let busy_s: f64 = busy.iter().map(|(s, e)| (e - s).max(0.0)).sum();
    let occupancy = if shift_s > 0.0 {
        (busy_s / shift_s).clamp(0.0, 0.999)
    } else {
        0.0
    };
    let staffed: Vec<u32> = headcount.iter().copied().filter(|&n| n > 0).collect();
    let agents = match staffed.len() {
        0 => 1,
        k => {
            ((staffed.iter().map(|&n| f64::from(n)).sum::<f64>() / k as f64).round() as u32).max(1)
        }
    };
    // Offered load a = ρ·c, as a rate of a per second with a one-second handle.
    let all_busy =
        erlang_c(occupancy * f64::from(agents), 1.0, agents).map_or(occupancy, |e| e.p_wait);
    let log_likelihood = |p: f64| {
        let p = p.clamp(1e-9, 1.0 - 1e-9);
        waited as f64 * p.ln() + (answered - waited) as f64 * (1.0 - p).ln()
    };
    let longest = answered >= MIN_TRANSFERS && log_likelihood(all_busy) > log_likelihood(occupancy);
    AgentPick {
        pick: if longest { "longest_idle" } else { "random" },
        waited,
        answered,
        occupancy,
        all_busy,
    }
}

/// The pick for each group whose agent queue the records show, by
/// routing profile.
pub fn judge_all(
    queues: &BTreeMap<String, QueueFollowUps>,
    agents_busy: &BTreeMap<String, Vec<(f64, f64)>>,
    headcount: &Headcounts,
    period: &Period,
) -> BTreeMap<String, AgentPick> {
    queues
        .values()
        .filter_map(|f| {
            let profile = f.agent_queue_of.as_ref()?;
            let busy = agents_busy.get(profile).map_or(&[][..], Vec::as_slice);
            let heads = headcount.get(profile).map_or(&[][..], Vec::as_slice);
            Some((profile.clone(), judge(f, busy, heads, period)))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `waited` of `answered` transfers waited long; a group of 5 agents
    /// busy half of one hour.
    fn pick(waited: u64, answered: u64) -> AgentPick {
        let mut f = QueueFollowUps::default();
        f.answered_waits.insert(0, answered - waited);
        f.answered_waits.insert(30, waited);
        let period = Period::spanning(0, 3_600_000, 3_600_000);
        judge(&f, &[(0.0, 9_000.0)], &[5], &period)
    }

    /// Half the group's time busy: a random agent is busy half the time,
    /// all five about 13 % of it. Waits near the first say "random", near
    /// the second "longest_idle"; too few transfers say "random".
    #[test]
    fn the_pick_is_the_one_the_waits_are_likelier_under() {
        let p = pick(50, 100);
        assert!((p.occupancy - 0.5).abs() < 1e-9, "{p:?}");
        assert!(p.all_busy > 0.05 && p.all_busy < 0.2, "{p:?}");
        assert_eq!(p.pick, "random");
        assert_eq!(pick(12, 100).pick, "longest_idle");
        assert_eq!(pick(2, 10).pick, "random");
        assert!(pick(12, 100)
            .comment()
            .starts_with("# 12 of 100 answered transfers"));
    }
}
