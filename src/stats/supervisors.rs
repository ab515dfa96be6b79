//! Supervisor groups (MONITOR): one replication's tally per group of the
//! conversations it watched, how many it monitored or missed for lack of a
//! free supervisor, and its supervisors' busy time. Supervisors are not
//! agents: their time is here, never in an agent group's occupancy.

use crate::center::record::Monitoring;
use crate::center::spec::{Channel, InitiationMethod};
use crate::center::ContactRecord;

use super::metrics::{Metric, Scope};

/// What the statistics need to know of the supervisor groups.
#[derive(Debug, Clone, Default)]
pub struct SupervisorConfig {
    /// Group names, by index.
    pub names: Vec<String>,
    /// Headcount, by index.
    pub headcounts: Vec<u32>,
    /// For each queue, the group that watches it.
    pub by_queue: Vec<Option<u16>>,
}

impl SupervisorConfig {
    /// The supervisor groups of `spec` (empty without any).
    pub fn new(spec: &crate::center::spec::CenterSpec) -> Self {
        let mut by_queue = vec![None; spec.queues.len()];
        for (g, sg) in spec.supervisor_groups.iter().enumerate() {
            for q in &sg.queues {
                by_queue[q.index()].get_or_insert(g as u16);
            }
        }
        SupervisorConfig {
            names: spec
                .supervisor_groups
                .iter()
                .map(|g| g.name.clone())
                .collect(),
            headcounts: spec.supervisor_groups.iter().map(|g| g.headcount).collect(),
            by_queue,
        }
    }
}

/// One supervisor group's tally.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SupervisorTally {
    /// Conversations (voice, chat) from its queues that started.
    pub watched: u64,
    /// Of them, monitored.
    pub monitored: u64,
    /// Of them, chosen for monitoring but no supervisor was free.
    pub missed: u64,
    /// Supervisors' listening time inside the window, milliseconds.
    pub busy_ms: u64,
}

/// Per group, by index.
#[derive(Debug, Clone, Default)]
pub struct SupervisorTallies(pub Vec<SupervisorTally>);

impl SupervisorTallies {
    /// Counts what `r` says about the groups. `counted`: its chain was
    /// initiated in the window; `window`: `[warmup, horizon)` in ms.
    /// Inline for a center without supervisor groups (most), which has
    /// nothing to count.
    #[inline]
    pub fn record(
        &mut self,
        cfg: &SupervisorConfig,
        r: &ContactRecord,
        counted: bool,
        window: (u64, u64),
    ) {
        if !self.0.is_empty() {
            self.record_watched(cfg, r, counted, window);
        }
    }

    /// [`SupervisorTallies::record`] with supervisor groups.
    #[inline(never)]
    fn record_watched(
        &mut self,
        cfg: &SupervisorConfig,
        r: &ContactRecord,
        counted: bool,
        window: (u64, u64),
    ) {
        if let (Some((_, g)), Some(from), Some(to)) = (r.supervisor, r.connected, r.disconnected) {
            let (a, b) = (from.as_millis().max(window.0), to.as_millis().min(window.1));
            self.0[usize::from(g)].busy_ms += b.saturating_sub(a);
            return;
        }
        let watched = r.connected.is_some()
            && matches!(r.channel, Channel::Voice | Channel::Chat)
            && r.method != InitiationMethod::ExternalOutbound;
        let group = r
            .queue
            .and_then(|q| cfg.by_queue.get(q.index()).copied().flatten());
        let (true, true, Some(g)) = (counted, watched, group) else {
            return;
        };
        let t = &mut self.0[usize::from(g)];
        t.watched += 1;
        match r.monitoring {
            Some(Monitoring::Monitored(_)) => t.monitored += 1,
            Some(Monitoring::Missed(_)) => t.missed += 1,
            None => {}
        }
    }

    /// The groups' metrics (one scope per group, whole window).
    pub fn metrics(
        &self,
        cfg: &SupervisorConfig,
        window_ms: u64,
    ) -> Vec<(Scope, Metric, Option<f64>)> {
        let mut out = Vec::new();
        let ratio = |a: u64, b: u64| (b > 0).then(|| a as f64 / b as f64);
        for (g, t) in self.0.iter().enumerate() {
            let scope = Scope::SupervisorGroup(cfg.names[g].clone());
            let mut m = |metric: Metric, v: Option<f64>| out.push((scope.clone(), metric, v));
            let capacity = u64::from(cfg.headcounts[g]) * window_ms;
            m(Metric::MonitorWatched, Some(t.watched as f64));
            m(Metric::MonitorMonitored, Some(t.monitored as f64));
            m(Metric::MonitorShare, ratio(t.monitored, t.watched));
            m(Metric::MonitorMissed, Some(t.missed as f64));
            m(
                Metric::MonitorMissedShare,
                ratio(t.missed, t.monitored + t.missed),
            );
            m(Metric::SupervisorOccupancy, ratio(t.busy_ms, capacity));
        }
        out
    }
}
