//! Tasks that pause: one replication's tally of the tasks of sources whose
//! tasks pause (initiated in the measured window), and their metrics —
//! tasks paused, pauses, the mean pause and the mean wait of a task ready
//! to resume for a free slot of its agent. Reported in the total scope,
//! and only for scenarios where some source's tasks pause.

use crate::center::{ContactRecord, PauseRecord};

use super::metrics::Metric;

/// Pauses of tasks initiated in the window.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PauseTally {
    /// Tasks that paused at least once.
    pub tasks_paused: u64,
    /// Pauses.
    pub pauses: u64,
    /// Σ time paused (pause to resume), ms.
    pub paused_ms: u64,
    /// Σ time ready to resume but waiting for a free slot, ms.
    pub resume_wait_ms: u64,
}

impl PauseTally {
    /// Counts a contact that ended, if it is a task of a source whose
    /// tasks pause (its record carries pauses) initiated at or after
    /// `warmup_ms`.
    ///
    /// Inline only the test for pauses: the recorder asks for every
    /// contact, and most are no task that paused.
    #[inline]
    pub fn record(&mut self, r: &ContactRecord, warmup_ms: u64) {
        if let Some(p) = r.pause {
            self.record_paused(r, p, warmup_ms);
        }
    }

    /// [`PauseTally::record`] for a task whose record carries pauses.
    #[inline(never)]
    fn record_paused(&mut self, r: &ContactRecord, p: PauseRecord, warmup_ms: u64) {
        if r.chain_initiated.as_millis() < warmup_ms || p.count == 0 {
            return;
        }
        self.tasks_paused += 1;
        self.pauses += u64::from(p.count);
        self.paused_ms += p.total.as_millis();
        self.resume_wait_ms += p.resume_wait.as_millis();
    }

    /// The pause metrics of one replication (reported in the total scope),
    /// each with its value (`None`: a mean of no pauses).
    pub fn metrics(&self) -> [(Metric, Option<f64>); 4] {
        let mean = |ms: u64| (self.pauses > 0).then(|| ms as f64 / 1000.0 / self.pauses as f64);
        [
            (Metric::TasksPaused, Some(self.tasks_paused as f64)),
            (Metric::TaskPauses, Some(self.pauses as f64)),
            (Metric::TaskPauseMeanSeconds, mean(self.paused_ms)),
            (Metric::TaskResumeWaitMeanSeconds, mean(self.resume_wait_ms)),
        ]
    }
}
