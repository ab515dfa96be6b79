//! The metrics of one replication, computed from its [`Recorder`] in a fixed
//! order — the order of `summary.json`, `summary.csv` and every other
//! per-metric output. What each metric means is in the catalogue,
//! [`super::metrics`]; this file computes the values.

use crate::center::spec::Channel;

use super::campaigns::campaign_metrics;
use super::customers::CustomerTally;
use super::metrics::{Metric, Scope};
use super::recorder::{
    Counts, GroupStats, HistogramKind, Recorder, ScopeStats, StatsConfig, OUTCOMES,
};

use super::sink::MetricSink;
pub use super::sink::MetricValue;

/// The metrics of one replication, in the fixed order every replication uses.
pub fn replication_metrics(rec: &Recorder) -> Vec<MetricValue> {
    let mut out = Vec::new();
    put_replication_metrics(rec, &mut out);
    out
}

/// The values of [`replication_metrics`], in the same order, appended to
/// `values`.
pub fn replication_values(rec: &Recorder, values: &mut Vec<Option<f64>>) {
    put_replication_metrics(rec, values);
}

/// Appends the metrics of one replication, in the fixed order, to `out`.
fn put_replication_metrics(rec: &Recorder, out: &mut impl MetricSink) {
    let cfg = rec.config();
    push_scope_metrics(out, &Scope::Total, &rec.total, &cfg.all_thresholds, cfg);
    if cfg.redials {
        push_customer_metrics(out, &rec.customers);
    }
    if cfg.pauses {
        for (metric, v) in rec.pauses.metrics() {
            out.put(&Scope::Total, None, metric, v);
        }
    }
    for (q, s) in rec.queues.iter().enumerate() {
        let scope = Scope::Queue(cfg.queue_names[q].clone());
        push_scope_metrics(out, &scope, s, &cfg.queue_thresholds[q], cfg);
        super::criteria::push_queue_metrics(out, &scope, &rec.routing_steps, q);
    }
    for (m, method) in cfg.methods.iter().enumerate() {
        let scope = Scope::Method(method.as_str().to_string());
        push_scope_metrics(out, &scope, rec.method_stats(m), &cfg.all_thresholds, cfg);
    }
    for (c, channel) in cfg.channels.iter().enumerate() {
        let scope = Scope::Channel(channel.as_str().to_string());
        push_scope_metrics(out, &scope, rec.channel_stats(c), &cfg.all_thresholds, cfg);
    }
    for (g, s) in rec.groups.iter().enumerate() {
        push_group_metrics(out, &Scope::Group(cfg.group_names[g].clone()), s, cfg);
    }
    let email_channel = cfg.channels.len() > 1 && cfg.channels.contains(&Channel::Email);
    out.extend_keyed(
        rec.email
            .metrics(&cfg.email_thresholds, email_channel, &cfg.queue_names),
    );
    if cfg.external {
        for (metric, v) in rec.external.metrics() {
            out.put(&Scope::Total, None, metric, v);
        }
    }
    let window_ms = cfg.horizon_ms.saturating_sub(cfg.warmup_ms);
    for (scope, metric, v) in rec.supervisors.metrics(&cfg.supervisors, window_ms) {
        out.put(&scope, None, metric, v);
    }
    for (k, s) in rec.campaigns.iter().enumerate() {
        let scope = Scope::Campaign(cfg.campaign_names[k].clone());
        for (metric, v) in campaign_metrics(s) {
            out.put(&scope, None, metric, v);
        }
    }
}

/// `a / b`, undefined for `b = 0`.
fn ratio(a: u64, b: u64) -> Option<f64> {
    if b == 0 {
        None
    } else {
        Some(a as f64 / b as f64)
    }
}

/// The mean of `n` durations summing to `sum` ms, in seconds.
fn secs(sum: u64, n: u64) -> Option<f64> {
    if n == 0 {
        None
    } else {
        Some(sum as f64 / n as f64 / 1000.0)
    }
}

/// A time-average level: `area` (level·ms) over `len` ms.
fn level(area: f64, len: u64) -> Option<f64> {
    if len == 0 {
        None
    } else {
        Some(area / len as f64)
    }
}

/// The `p`-th percentile of a scope's histogram, in seconds.
fn percentile(s: &ScopeStats, kind: HistogramKind, p: f64) -> Option<f64> {
    match s.histograms[kind as usize].as_ref() {
        Some(h) if !h.is_empty() => Some(h.value_at_quantile(p / 100.0) as f64 / 1000.0),
        _ => None,
    }
}

/// Appends the metrics of one replication, in a fixed order, for `scope`.
pub(crate) fn push_scope_metrics(
    out: &mut impl MetricSink,
    scope: &Scope,
    s: &ScopeStats,
    thresholds: &[u64],
    cfg: &StatsConfig,
) {
    let mut m = |metric: Metric, v: Option<f64>| out.put(scope, None, metric, v);
    push_contact_counts(&mut m, !matches!(scope, Scope::Queue(_)), s);
    push_queue_times(&mut m, s, thresholds);
    push_conversations(&mut m, s);
    let window = cfg.horizon_ms.saturating_sub(cfg.warmup_ms);
    m(Metric::AvgQueueLength, level(s.queue_area as f64, window));
    m(Metric::WhispersCapped, Some(s.whispers_capped as f64));
    m(
        Metric::HistogramValuesOutOfRange,
        Some(s.out_of_range as f64),
    );
    // Per interval: the planner's interval report.
    for (i, c) in s.by_interval.iter().enumerate() {
        let len = cfg.interval_len(i);
        let area = s.queue_area_by_interval.get(i).copied().unwrap_or(0);
        let i = Some(i as u32);
        let mut mi = |metric: Metric, v: Option<f64>| out.put(scope, i, metric, v);
        mi(Metric::AvgQueueLength, level(area as f64, len));
        mi(Metric::ContactsOffered, Some(c.offered as f64));
        mi(Metric::ContactsQueued, Some(c.queued as f64));
        mi(Metric::ContactsHandled, Some(c.connected as f64));
        mi(Metric::ContactsAbandoned, Some(c.abandoned as f64));
        mi(Metric::ContactsTurnedAway, Some(c.turned_away as f64));
        push_answer_rates(&mut mi, c);
        push_service_levels(&mut mi, c, thresholds);
    }
}

/// The counts of a contact scope over the window; `arrivals`: the scope
/// sees every arrival (not a queue's, which sees only the contacts queued).
fn push_contact_counts(m: &mut impl FnMut(Metric, Option<f64>), arrivals: bool, s: &ScopeStats) {
    let c = &s.counts;
    if arrivals {
        m(Metric::ContactsCreated, Some(s.created as f64));
        m(Metric::ContactsSelfServed, Some(s.self_served as f64));
    }
    m(Metric::ContactsOffered, Some(c.offered as f64));
    m(Metric::ContactsQueued, Some(c.queued as f64));
    // Reached a conversation with an agent (outbound calls and transferred-out
    // legs included); for a queue, the same as answered from it.
    m(Metric::ContactsHandled, Some(s.connected as f64));
    m(Metric::ContactsAbandoned, Some(c.abandoned as f64));
    m(Metric::ContactsTurnedAway, Some(c.turned_away as f64));
    m(
        Metric::ContactsInProgressAtHorizon,
        Some(s.in_progress_at_horizon as f64),
    );
    m(Metric::ContactsUnfinished, Some(s.unfinished as f64));
    m(Metric::MissedOffers, Some(s.missed_offers as f64));
    for (k, o) in OUTCOMES.iter().enumerate() {
        if let Some(metric) = Metric::ended(*o) {
            m(metric, Some(s.outcomes[k] as f64));
        }
    }
    m(
        Metric::ContactsDisconnectFlow,
        Some(s.disconnect_flows as f64),
    );
    m(Metric::CallbackAttempts, Some(s.callback_attempts as f64));
}

/// Abandonment, waiting, speed of answer (per window and per interval).
fn push_answer_rates(m: &mut impl FnMut(Metric, Option<f64>), c: &Counts) {
    m(
        Metric::AbandonmentRate,
        ratio(c.abandoned, c.queued - c.callbacks),
    );
    m(Metric::PWait, ratio(c.waited, c.queued));
    m(Metric::AsaSeconds, secs(c.wait_sum_ms, c.handled));
}

/// The service levels at every threshold, then Connect's at every threshold.
fn push_service_levels(m: &mut impl FnMut(Metric, Option<f64>), c: &Counts, thresholds: &[u64]) {
    for (k, t) in thresholds.iter().enumerate() {
        m(
            Metric::ServiceLevel {
                threshold_s: t / 1000,
            },
            ratio(c.answered_within[k], c.queued),
        );
    }
    for (k, t) in thresholds.iter().enumerate() {
        m(
            Metric::ServiceLevelConnect {
                threshold_s: t / 1000,
            },
            ratio(c.removed_within[k], c.queued),
        );
    }
}

/// Time in queue: means, maxima, service levels and percentiles.
fn push_queue_times(m: &mut impl FnMut(Metric, Option<f64>), s: &ScopeStats, thresholds: &[u64]) {
    let c = &s.counts;
    push_answer_rates(m, c);
    m(
        Metric::AvgTimeToOfferSeconds,
        secs(s.time_to_offer_sum_ms, c.handled),
    );
    m(
        Metric::AvgAbandonSeconds,
        secs(c.abandon_sum_ms, c.abandoned),
    );
    m(
        Metric::MaxQueuedSeconds,
        if c.handled + c.abandoned == 0 {
            None
        } else {
            Some(s.max_queued_ms as f64 / 1000.0)
        },
    );
    push_service_levels(m, c, thresholds);
    for (metric, p) in [
        (Metric::WaitP50Seconds, 50.0),
        (Metric::WaitP80Seconds, 80.0),
        (Metric::WaitP90Seconds, 90.0),
        (Metric::WaitP95Seconds, 95.0),
        (Metric::WaitP99Seconds, 99.0),
        (Metric::WaitMaxSeconds, 100.0),
    ] {
        m(metric, percentile(s, HistogramKind::Wait, p));
    }
}

/// Conversations: whisper latency and its parts, handle time and its parts.
fn push_conversations(m: &mut impl FnMut(Metric, Option<f64>), s: &ScopeStats) {
    let n = s.connected;
    m(Metric::WhisperLatencyMeanSeconds, secs(s.whisper_sum_ms, n));
    for (metric, p) in [
        (Metric::WhisperLatencyP50Seconds, 50.0),
        (Metric::WhisperLatencyP90Seconds, 90.0),
        (Metric::WhisperLatencyP99Seconds, 99.0),
    ] {
        m(metric, percentile(s, HistogramKind::WhisperLatency, p));
    }
    m(
        Metric::AgentWhisperMeanSeconds,
        secs(s.agent_whisper_sum_ms, n),
    );
    m(
        Metric::CustomerWhisperMeanSeconds,
        secs(s.customer_whisper_sum_ms, n),
    );
    m(
        Metric::AhtSeconds,
        secs(s.talk_sum_ms + s.hold_sum_ms + s.acw_sum_ms, n),
    );
    m(Metric::DialRingMeanSeconds, secs(s.dial_ring_sum_ms, n));
    m(
        Metric::OutboundWhisperMeanSeconds,
        secs(s.outbound_whisper_sum_ms, n),
    );
    m(Metric::TalkSeconds, secs(s.talk_sum_ms, n));
    m(Metric::HoldSeconds, secs(s.hold_sum_ms, n));
    m(Metric::AcwSeconds, secs(s.acw_sum_ms, n));
    m(
        Metric::HandleTimeP90Seconds,
        percentile(s, HistogramKind::HandleTime, 90.0),
    );
}

/// Appends one agent group's metrics.
pub(crate) fn push_group_metrics(
    out: &mut impl MetricSink,
    scope: &Scope,
    g: &GroupStats,
    cfg: &StatsConfig,
) {
    let occ = |on: u64, avail: u64| {
        if on + avail == 0 {
            None
        } else {
            Some(on as f64 / (on + avail) as f64)
        }
    };
    let slot_occ = |used: u128, cap: u128| {
        if cap == 0 {
            None
        } else {
            Some(used as f64 / cap as f64)
        }
    };
    let mut m = |metric: Metric, v: Option<f64>| out.put(scope, None, metric, v);
    m(Metric::Occupancy, occ(g.on_contact_ms, g.available_ms));
    m(Metric::ContactsHandled, Some(g.handled as f64));
    m(
        Metric::AgentHoursOnContact,
        Some(g.on_contact_ms as f64 / 3.6e6),
    );
    m(
        Metric::AgentHoursAvailable,
        Some(g.available_ms as f64 / 3.6e6),
    );
    let (u, c) = g
        .slots
        .iter()
        .fold((0u128, 0u128), |a, s| (a.0 + s.0, a.1 + s.1));
    m(Metric::SlotOccupancy, slot_occ(u, c));
    for ch in Channel::ALL {
        let (u, c) = g.slots[ch.index()];
        m(Metric::ChannelSlotOccupancy(ch), slot_occ(u, c));
    }
    m(Metric::AgentHoursMissed, Some(g.missed_ms as f64 / 3.6e6));
    for (i, (avail, on)) in g.by_interval.iter().enumerate() {
        let len = cfg.interval_len(i);
        let held = g.slots_by_interval.as_ref().map(|s| s[i]);
        let i = Some(i as u32);
        let mut mi = |metric: Metric, v: Option<f64>| out.put(scope, i, metric, v);
        mi(Metric::BusyAgents, level(*on as f64, len));
        if let Some(held) = held {
            mi(Metric::BusySlots, level(held as f64, len));
        }
        mi(Metric::Occupancy, occ(*on, *avail));
        mi(Metric::AgentHours, Some((*on + *avail) as f64 / 3.6e6));
    }
}

/// Customers apart from contacts (total scope; only when a source
/// redials).
fn push_customer_metrics(out: &mut impl MetricSink, c: &CustomerTally) {
    let mut m = |metric: Metric, v: Option<f64>| out.put(&Scope::Total, None, metric, v);
    m(Metric::Customers, Some(c.customers as f64));
    m(Metric::CustomersServed, Some(c.served as f64));
    m(Metric::CustomersLost, Some(c.lost as f64));
    m(Metric::CustomerRedials, Some(c.redials as f64));
    m(Metric::ContactsPerCustomer, ratio(c.calls, c.customers));
}
