//! Agent-hours per group and interval: scheduled, present (not absent), on
//! the phones, finishing contacts past where the agent was due, on breaks,
//! in aux and in planned activities — one replication's tally
//! ([`HoursTally`], fed by the recorder) and the sum over replications
//! ([`HoursSum`], which `agent_hours.csv` is written from).
//!
//! Times are clipped to the measured window `[warmup, horizon)` like every
//! other statistic, and kept in integer milliseconds so sums are exact and
//! the same in any order.

use crate::center::ids::GroupId;
use crate::center::AgentHours;
use crate::engine::SimTime;

/// What one column of the tally counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HoursColumn {
    /// Agents scheduled on shift (breaks included, absences included).
    Scheduled,
    /// Scheduled agents who came (not absent).
    Present,
    /// Where logged-in time went.
    Spent(AgentHours),
}

impl HoursColumn {
    /// Every column, in tally order.
    pub const ALL: [HoursColumn; 7] = [
        HoursColumn::Scheduled,
        HoursColumn::Present,
        HoursColumn::Spent(AgentHours::OnPhones),
        HoursColumn::Spent(AgentHours::Overrun),
        HoursColumn::Spent(AgentHours::Break),
        HoursColumn::Spent(AgentHours::Aux),
        HoursColumn::Spent(AgentHours::Planned),
    ];

    /// Index into a row.
    pub fn index(self) -> usize {
        match self {
            HoursColumn::Scheduled => 0,
            HoursColumn::Present => 1,
            HoursColumn::Spent(AgentHours::OnPhones) => 2,
            HoursColumn::Spent(AgentHours::Overrun) => 3,
            HoursColumn::Spent(AgentHours::Break) => 4,
            HoursColumn::Spent(AgentHours::Aux) => 5,
            HoursColumn::Spent(AgentHours::Planned) => 6,
        }
    }
}

/// One (group, interval)'s agent-milliseconds, indexed by
/// [`HoursColumn::index`].
pub type HoursRow = [u64; 7];

/// One replication's agent-hours: per group, per interval.
#[derive(Debug, Clone, Default)]
pub struct HoursTally {
    /// `[group][interval]`.
    pub rows: Vec<Vec<HoursRow>>,
    /// Interval length, ms.
    interval_ms: u64,
    /// The measured window `[warmup, horizon)`, ms.
    window: (u64, u64),
}

impl HoursTally {
    /// An empty tally for `groups` groups over `intervals` intervals of
    /// `interval_ms`, measuring `[warmup_ms, horizon_ms)`.
    pub fn new(
        groups: usize,
        intervals: usize,
        interval_ms: u64,
        warmup_ms: u64,
        horizon_ms: u64,
    ) -> Self {
        HoursTally {
            rows: vec![vec![[0; 7]; intervals]; groups],
            interval_ms: interval_ms.max(1),
            window: (warmup_ms, horizon_ms),
        }
    }

    /// Adds `agents` agents in `column` of `group` over `[from, to)`, the
    /// part inside the measured window, split at interval boundaries.
    pub fn add(
        &mut self,
        group: GroupId,
        column: HoursColumn,
        agents: u32,
        from: SimTime,
        to: SimTime,
    ) {
        let (from, to) = (
            from.as_millis().max(self.window.0),
            to.as_millis().min(self.window.1),
        );
        let len = self.interval_ms;
        let Some(rows) = self.rows.get_mut(group.index()) else {
            return;
        };
        if agents == 0 || rows.is_empty() {
            return;
        }
        let c = column.index();
        let mut t = from;
        while t < to {
            let i = ((t / len) as usize).min(rows.len() - 1);
            let end = ((i as u64 + 1) * len).min(to);
            let end = if end <= t { to } else { end };
            rows[i][c] += u64::from(agents) * (end - t);
            t = end;
        }
    }
}

/// Agent-hours summed over replications.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HoursSum {
    /// `[group][interval]`: agent-milliseconds over all replications.
    pub rows: Vec<Vec<[u128; 7]>>,
    /// Replications added.
    pub replications: u32,
}

impl HoursSum {
    /// Adds one replication's tally (any order gives the same sums).
    pub fn add(&mut self, tally: &HoursTally) {
        if self.rows.is_empty() {
            self.rows = tally.rows.iter().map(|g| vec![[0; 7]; g.len()]).collect();
        }
        for (sum, rows) in self.rows.iter_mut().zip(&tally.rows) {
            for (s, r) in sum.iter_mut().zip(rows) {
                for (x, y) in s.iter_mut().zip(r) {
                    *x += u128::from(*y);
                }
            }
        }
        self.replications += 1;
    }

    /// Mean agent-hours per replication of `group` in `interval` (`None`:
    /// the whole window), in [`HoursColumn::ALL`] order.
    pub fn mean_hours(&self, group: usize, interval: Option<usize>) -> [f64; 7] {
        let mut total = [0u128; 7];
        if let Some(rows) = self.rows.get(group) {
            let pick: Box<dyn Iterator<Item = &[u128; 7]>> = match interval {
                Some(i) => Box::new(rows.get(i).into_iter()),
                None => Box::new(rows.iter()),
            };
            for r in pick {
                for (t, x) in total.iter_mut().zip(r) {
                    *t += *x;
                }
            }
        }
        let n = f64::from(self.replications.max(1)) * 3_600_000.0;
        total.map(|ms| ms as f64 / n)
    }
}
