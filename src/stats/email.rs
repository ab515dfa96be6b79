//! The email service level: EMAIL contacts measured against their queues'
//! email thresholds (hours, typically), apart from the seconds thresholds
//! of voice and chat — an email answered in two hours is a success at
//! "4h" and would be a miss at "20s".
//!
//! Counted like the service level of [`super::recorder::Counts`], for the
//! queued EMAIL contacts only: *answered within* (answered within the
//! threshold ÷ queued) and Connect's (removed from the queue within it —
//! answered, abandoned, turned into a callback — ÷ queued). Reported as
//! `email_service_level_<T>` and `email_service_level_connect_<T>` for the
//! total, the EMAIL channel and each queue with `email_service_level`
//! thresholds; a scenario with none reports nothing new.

use crate::center::spec::{Channel, InitiationMethod};
use crate::center::{ContactRecord, Outcome};

use super::metrics::{Metric, Scope};

/// One metric value: scope, interval (`None`: the window), metric, value
/// (the shape of `replication::MetricValue`, written out so this file
/// imports neither the recorder nor the replication that use it).
type Value = (Scope, Option<u32>, Metric, Option<f64>);

/// The email thresholds of a scenario, in milliseconds.
#[derive(Debug, Clone, Default)]
pub struct EmailThresholds {
    /// Every queue's thresholds together, sorted, without repeats.
    pub all: Vec<u64>,
    /// Per queue, by id (empty: the queue has none).
    pub queues: Vec<Vec<u64>>,
}

/// Email service-level counts over one stretch (the window, or one
/// interval).
#[derive(Debug, Clone, Default)]
pub struct EmailCounts {
    /// EMAIL contacts that entered the queue.
    pub queued: u64,
    /// Of them, answered within each threshold.
    pub answered_within: Vec<u64>,
    /// Of them, removed from the queue within each threshold (Connect's
    /// definition).
    pub removed_within: Vec<u64>,
}

impl EmailCounts {
    fn new(thresholds: usize) -> Self {
        EmailCounts {
            queued: 0,
            answered_within: vec![0; thresholds],
            removed_within: vec![0; thresholds],
        }
    }

    /// Counts one queued EMAIL contact (`answered`: an agent took it
    /// from the queue).
    fn record(&mut self, r: &ContactRecord, answered: bool, thresholds: &[u64]) {
        self.queued += 1;
        let Some(w) = r.wait().map(|d| d.as_millis()) else {
            return;
        };
        let removed = answered
            || matches!(r.outcome, Outcome::Abandoned | Outcome::CallbackRequested)
            || r.method == InitiationMethod::Callback;
        for (k, t) in thresholds.iter().enumerate() {
            if w <= *t {
                self.answered_within[k] += u64::from(answered);
                self.removed_within[k] += u64::from(removed);
            }
        }
    }
}

/// One scope's email counts: over the window and per interval.
#[derive(Debug, Clone)]
pub struct EmailScope {
    /// Over the whole window.
    pub counts: EmailCounts,
    /// Per interval of initiation.
    pub by_interval: Vec<EmailCounts>,
}

impl EmailScope {
    fn new(thresholds: usize, intervals: usize) -> Self {
        EmailScope {
            counts: EmailCounts::new(thresholds),
            by_interval: (0..intervals)
                .map(|_| EmailCounts::new(thresholds))
                .collect(),
        }
    }

    fn record(&mut self, r: &ContactRecord, answered: bool, thresholds: &[u64], interval: usize) {
        self.counts.record(r, answered, thresholds);
        if let Some(c) = self.by_interval.get_mut(interval) {
            c.record(r, answered, thresholds);
        }
    }
}

/// One replication's email service levels: every EMAIL contact (the total
/// and the EMAIL channel), and per queue.
#[derive(Debug, Clone)]
pub struct EmailLevels {
    /// Every queued EMAIL contact, against every queue's email thresholds.
    pub all: EmailScope,
    /// Per queue, by id, against that queue's thresholds.
    pub queues: Vec<EmailScope>,
}

impl EmailLevels {
    /// Empty counts for thresholds `t` and `intervals` intervals.
    pub fn new(t: &EmailThresholds, intervals: usize) -> Self {
        EmailLevels {
            all: EmailScope::new(t.all.len(), intervals),
            queues: t
                .queues
                .iter()
                .map(|q| EmailScope::new(q.len(), intervals))
                .collect(),
        }
    }

    /// Counts a contact that ended, initiated (its chain) in `interval` of
    /// the window (`answered`: an agent took it from its queue): only a
    /// queued EMAIL contact counts, and only where there are thresholds.
    /// Inline only the test of the channel: the recorder asks for every
    /// contact.
    #[inline]
    pub fn record(
        &mut self,
        r: &ContactRecord,
        answered: bool,
        t: &EmailThresholds,
        interval: usize,
    ) {
        if r.channel == Channel::Email {
            self.record_email(r, answered, t, interval);
        }
    }

    /// [`EmailLevels::record`] for an EMAIL contact.
    #[inline(never)]
    fn record_email(
        &mut self,
        r: &ContactRecord,
        answered: bool,
        t: &EmailThresholds,
        interval: usize,
    ) {
        let Some(q) = r.queue else {
            return;
        };
        if r.channel != Channel::Email || r.outcome == Outcome::TurnedAway || t.all.is_empty() {
            return;
        }
        self.all.record(r, answered, &t.all, interval);
        if let (Some(s), Some(qt)) = (self.queues.get_mut(q.index()), t.queues.get(q.index())) {
            if !qt.is_empty() {
                s.record(r, answered, qt, interval);
            }
        }
    }

    /// The email service levels of one replication: the total, the EMAIL
    /// channel (when channels are reported apart: `email_channel`), then
    /// each queue with thresholds (`queue_names` by id).
    pub fn metrics(
        &self,
        t: &EmailThresholds,
        email_channel: bool,
        queue_names: &[String],
    ) -> Vec<Value> {
        let mut out = Vec::new();
        push_scope(&mut out, &Scope::Total, &self.all, &t.all);
        if email_channel {
            let scope = Scope::Channel(Channel::Email.as_str().to_string());
            push_scope(&mut out, &scope, &self.all, &t.all);
        }
        for ((s, qt), name) in self.queues.iter().zip(&t.queues).zip(queue_names) {
            push_scope(&mut out, &Scope::Queue(name.clone()), s, qt);
        }
        out
    }
}

/// `a / b`, undefined for `b = 0`.
fn ratio(a: u64, b: u64) -> Option<f64> {
    (b > 0).then(|| a as f64 / b as f64)
}

/// The email service levels of one scope, over the window then per
/// interval; nothing for a scope without thresholds.
fn push_scope(out: &mut Vec<Value>, scope: &Scope, s: &EmailScope, thresholds: &[u64]) {
    let stretches = std::iter::once((None, &s.counts)).chain(
        s.by_interval
            .iter()
            .enumerate()
            .map(|(i, c)| (Some(i as u32), c)),
    );
    for (interval, c) in stretches {
        for (k, t) in thresholds.iter().enumerate() {
            let threshold_s = t / 1000;
            out.push((
                scope.clone(),
                interval,
                Metric::EmailServiceLevel { threshold_s },
                ratio(c.answered_within[k], c.queued),
            ));
            out.push((
                scope.clone(),
                interval,
                Metric::EmailServiceLevelConnect { threshold_s },
                ratio(c.removed_within[k], c.queued),
            ));
        }
    }
}
