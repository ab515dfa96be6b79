//! The human-readable report printed by `ccsim run`.

use std::fmt::Write;

use crate::center::spec::CenterSpec;
use crate::stats::{Metric, Scope, Summary};

use super::format::MeanCi;
use super::table::{self, Column};

/// The by-method table: method, five counts, whisper latency.
const METHOD_COLUMNS: [Column; 7] = [
    Column::left(15),
    Column::right(9),
    Column::right(9),
    Column::right(10),
    Column::right(12),
    Column::right(10),
    Column::right(14),
];

/// `metric` of `scope` as `mean ± half-width`, scaled.
fn value(summary: &Summary, scope: &Scope, metric: Metric, scale: f64, decimals: usize) -> String {
    let e = summary.get(scope, metric);
    MeanCi::new(decimals)
        .scaled(scale)
        .show(e.and_then(|e| e.mean), e.and_then(|e| e.ci95))
}

/// The email service levels of `scope` (EMAIL contacts against the email
/// thresholds, in hours or minutes), one line per threshold and
/// definition; nothing without thresholds.
fn email_service_levels(
    out: &mut String,
    summary: &Summary,
    scope: &Scope,
    thresholds: &[crate::engine::SimDuration],
) {
    for t in thresholds {
        let threshold_s = t.as_millis() / 1000;
        for (metric, label) in [
            (
                Metric::EmailServiceLevel { threshold_s },
                "email service level",
            ),
            (
                Metric::EmailServiceLevelConnect { threshold_s },
                "  Connect's definition",
            ),
        ] {
            let label = if label.starts_with(' ') {
                label.to_string()
            } else {
                format!("{label} {t}")
            };
            let text = value(summary, scope, metric, 100.0, 1);
            let _ = writeln!(out, "  {label:<30}{text} %");
        }
    }
}

/// Contacts with routing criteria answered per step in `scope`, with
/// their mean wait; nothing when none were (no criteria in the scenario,
/// or none sent here).
fn routing_steps(out: &mut String, summary: &Summary, scope: &Scope) {
    let mut steps: Vec<Option<u16>> = summary
        .entries
        .iter()
        .filter(|e| &e.scope == scope && e.interval.is_none())
        .filter_map(|e| match e.metric {
            Metric::RoutingStepAnswered { step } => Some(step),
            _ => None,
        })
        .collect();
    let any = steps.iter().any(|&step| {
        summary
            .get(scope, Metric::RoutingStepAnswered { step })
            .and_then(|e| e.mean)
            .is_some_and(|v| v > 0.0)
    });
    if !any {
        return;
    }
    // Steps 1, 2, …, then after every step expired.
    steps.sort_by_key(|s| s.map_or(u32::MAX, u32::from));
    for step in steps {
        let label = match step {
            Some(n) => format!("routing step {n}"),
            None => "after all steps expired".to_string(),
        };
        let _ = writeln!(
            out,
            "  {:<30}{} answered, mean wait {} s",
            label,
            value(summary, scope, Metric::RoutingStepAnswered { step }, 1.0, 1),
            value(
                summary,
                scope,
                Metric::RoutingStepWaitSeconds { step },
                1.0,
                1
            )
        );
    }
}

/// One line per outbound campaign: dials to contacts per agent-hour, and
/// the abandonment rate against its cap (predictive).
fn campaigns(out: &mut String, spec: &CenterSpec, summary: &Summary) {
    if spec.campaigns.is_empty() {
        return;
    }
    let _ = writeln!(out, "\nOutbound campaigns");
    for c in &spec.campaigns {
        let s = Scope::Campaign(c.name.clone());
        let v = |m: Metric, scale: f64, d: usize| value(summary, &s, m, scale, d);
        let cap = c
            .predictive
            .map(|p| format!(" (cap {:.1} %)", p.abandonment_cap * 100.0))
            .unwrap_or_default();
        let _ = writeln!(out, "Campaign {} ({})", c.name, c.mode.as_str());
        let _ = writeln!(
            out,
            "  {:<30}{} dials, {} answered ({} by a machine), {} connected, {} abandoned",
            "calls",
            v(Metric::CampaignDials, 1.0, 1),
            v(Metric::CampaignAnswered, 1.0, 1),
            v(Metric::CampaignMachineAnswered, 1.0, 1),
            v(Metric::CampaignConnected, 1.0, 1),
            v(Metric::CampaignAbandoned, 1.0, 1),
        );
        let _ = writeln!(
            out,
            "  {:<30}{} %{cap}",
            "abandonment rate",
            v(Metric::CampaignAbandonmentRate, 100.0, 2)
        );
        if c.mode.uses_agents() {
            let _ = writeln!(
                out,
                "  {:<30}{} agent-hours, utilisation {} %, {} contacts per agent-hour",
                "agents",
                v(Metric::CampaignAgentHours, 1.0, 2),
                v(Metric::CampaignAgentUtilisation, 100.0, 1),
                v(Metric::CampaignContactsPerAgentHour, 1.0, 2),
            );
        }
    }
}

/// Supervisor groups (MONITOR), external parties (EXTERNAL_OUTBOUND) and
/// tasks that pause: a few lines each, only when the scenario has them.
fn newer_work(out: &mut String, spec: &CenterSpec, summary: &Summary) {
    for g in &spec.supervisor_groups {
        let s = Scope::SupervisorGroup(g.name.clone());
        let v = |m: Metric, scale: f64, d: usize| value(summary, &s, m, scale, d);
        let _ = writeln!(
            out,
            "Supervisor group {}: occupancy {} %, monitored {} of {} watched, {} missed ({} %: none free)",
            g.name,
            v(Metric::SupervisorOccupancy, 100.0, 1),
            v(Metric::MonitorMonitored, 1.0, 1),
            v(Metric::MonitorWatched, 1.0, 1),
            v(Metric::MonitorMissed, 1.0, 1),
            v(Metric::MonitorMissedShare, 100.0, 1),
        );
    }
    let t = |m: Metric, scale: f64, d: usize| value(summary, &Scope::Total, m, scale, d);
    if summary.get(&Scope::Total, Metric::ExternalDials).is_some() {
        let _ = writeln!(
            out,
            "External parties: {} dials, {} answered, {} blocked (no line); {} s added to the agent's handle per dial",
            t(Metric::ExternalDials, 1.0, 1),
            t(Metric::ExternalAnswered, 1.0, 1),
            t(Metric::ExternalDialsBlocked, 1.0, 1),
            t(Metric::ExternalAddedHandleSeconds, 1.0, 1),
        );
    }
    if summary.get(&Scope::Total, Metric::TasksPaused).is_some() {
        let _ = writeln!(
            out,
            "Paused tasks: {} tasks paused, {} pauses of {} s on average, {} s waiting for a free slot to resume",
            t(Metric::TasksPaused, 1.0, 1),
            t(Metric::TaskPauses, 1.0, 1),
            t(Metric::TaskPauseMeanSeconds, 1.0, 1),
            t(Metric::TaskResumeWaitMeanSeconds, 1.0, 1),
        );
    }
}

fn block(out: &mut String, summary: &Summary, scope: &Scope, thresholds: &[u64]) {
    let v = |m: Metric, scale: f64, d: usize| value(summary, scope, m, scale, d);
    let line = |out: &mut String, label: &str, text: String| {
        let _ = writeln!(out, "  {label:<30}{text}");
    };
    if *scope == Scope::Total {
        line(out, "contacts created", v(Metric::ContactsCreated, 1.0, 1));
        line(out, "self-served", v(Metric::ContactsSelfServed, 1.0, 1));
    }
    line(out, "offered to queue", v(Metric::ContactsOffered, 1.0, 1));
    line(out, "handled", v(Metric::ContactsHandled, 1.0, 1));
    line(out, "abandoned", v(Metric::ContactsAbandoned, 1.0, 1));
    line(
        out,
        "turned away (queue full)",
        v(Metric::ContactsTurnedAway, 1.0, 1),
    );
    line(
        out,
        "in progress at horizon",
        v(Metric::ContactsInProgressAtHorizon, 1.0, 1),
    );
    for t in thresholds {
        let s = t / 1000;
        line(
            out,
            &format!("service level {s}s"),
            format!("{} %", v(Metric::ServiceLevel { threshold_s: s }, 100.0, 1)),
        );
        line(
            out,
            "  Connect's definition",
            format!(
                "{} %",
                v(Metric::ServiceLevelConnect { threshold_s: s }, 100.0, 1)
            ),
        );
    }
    line(
        out,
        "abandonment rate",
        format!("{} %", v(Metric::AbandonmentRate, 100.0, 2)),
    );
    line(
        out,
        "P(wait > 0)",
        format!("{} %", v(Metric::PWait, 100.0, 1)),
    );
    line(out, "ASA", format!("{} s", v(Metric::AsaSeconds, 1.0, 2)));
    line(
        out,
        "wait p50 / p90 / p99",
        format!(
            "{} / {} / {} s",
            v(Metric::WaitP50Seconds, 1.0, 1),
            v(Metric::WaitP90Seconds, 1.0, 1),
            v(Metric::WaitP99Seconds, 1.0, 1)
        ),
    );
    line(
        out,
        "avg time to abandon",
        format!("{} s", v(Metric::AvgAbandonSeconds, 1.0, 1)),
    );
    line(
        out,
        "whisper latency mean / p90",
        format!(
            "{} / {} s",
            v(Metric::WhisperLatencyMeanSeconds, 1.0, 2),
            v(Metric::WhisperLatencyP90Seconds, 1.0, 2)
        ),
    );
    line(
        out,
        "AHT (talk+hold+ACW)",
        format!("{} s", v(Metric::AhtSeconds, 1.0, 1)),
    );
}

/// Renders the report: per queue, per agent group, and in total, each value
/// as mean ± 95 % CI half-width over the replications.
pub fn render_report(spec: &CenterSpec, summary: &Summary) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "ccsim · scenario \"{}\" · {} replications · seed {} · horizon {} · warm-up {}",
        spec.name, summary.replications, spec.seed, spec.horizon, spec.warmup
    );
    let _ = writeln!(
        out,
        "(values: mean ± 95 % confidence half-width over replications)\n"
    );
    for q in &spec.queues {
        let _ = writeln!(out, "Queue {}", q.name);
        let t: Vec<u64> = q
            .service_level_thresholds
            .iter()
            .map(|d| d.as_millis())
            .collect();
        block(&mut out, summary, &Scope::Queue(q.name.clone()), &t);
        let scope = Scope::Queue(q.name.clone());
        email_service_levels(&mut out, summary, &scope, &q.email_service_level_thresholds);
        routing_steps(&mut out, summary, &scope);
        out.push('\n');
    }
    for g in &spec.groups {
        let s = Scope::Group(g.name.clone());
        let _ = writeln!(
            out,
            "Agent group {}: occupancy {} %, handled {}",
            g.name,
            value(summary, &s, Metric::Occupancy, 100.0, 1),
            value(summary, &s, Metric::ContactsHandled, 1.0, 1)
        );
    }
    newer_work(&mut out, spec, summary);
    campaigns(&mut out, spec, summary);
    let methods: Vec<&str> = {
        let mut v: Vec<&str> = Vec::new();
        for e in &summary.entries {
            if let Scope::Method(m) = &e.scope {
                if !v.contains(&m.as_str()) {
                    v.push(m.as_str());
                }
            }
        }
        v
    };
    if !methods.is_empty() {
        let _ = writeln!(out, "\nBy initiation method (means per replication; whisper latency: mean / p90 s, and its parts)");
        // The whisper-latency parts follow the table as plain text.
        let parts_header = "agent wh. / cust. wh. / dial+ring / outbound wh.";
        let mut rows = vec![[
            "method",
            "created",
            "handled",
            "abandoned",
            "transferred",
            "callbacks",
            "whisper",
        ]
        .map(String::from)
        .to_vec()];
        let mut parts = vec![parts_header.to_string()];
        for m in methods {
            let s = Scope::Method(m.to_string());
            let num = |metric: Metric, d: usize| match summary.get(&s, metric).and_then(|e| e.mean)
            {
                Some(v) => format!("{v:.d$}"),
                None => "—".into(),
            };
            rows.push(vec![
                m.to_string(),
                num(Metric::ContactsCreated, 1),
                num(Metric::ContactsHandled, 1),
                num(Metric::ContactsAbandoned, 1),
                num(Metric::ContactsTransferredOut, 1),
                num(Metric::ContactsCallbackRequested, 1),
                format!(
                    "{} / {}",
                    num(Metric::WhisperLatencyMeanSeconds, 2),
                    num(Metric::WhisperLatencyP90Seconds, 2)
                ),
            ]);
            parts.push(format!(
                "{} / {} / {} / {}",
                num(Metric::AgentWhisperMeanSeconds, 2),
                num(Metric::CustomerWhisperMeanSeconds, 2),
                num(Metric::DialRingMeanSeconds, 2),
                num(Metric::OutboundWhisperMeanSeconds, 2),
            ));
        }
        for (line, tail) in table::layout(&METHOD_COLUMNS, &rows).iter().zip(&parts) {
            let _ = writeln!(out, "  {line}   {tail}");
        }
    }
    if spec.queues.len() > 1 {
        let mut all: Vec<u64> = spec
            .queues
            .iter()
            .flat_map(|q| q.service_level_thresholds.iter().map(|d| d.as_millis()))
            .collect();
        all.sort_unstable();
        all.dedup();
        let _ = writeln!(out, "\nTotal");
        block(&mut out, summary, &Scope::Total, &all);
        let mut email: Vec<_> = spec
            .queues
            .iter()
            .flat_map(|q| q.email_service_level_thresholds.iter().copied())
            .collect();
        email.sort();
        email.dedup();
        email_service_levels(&mut out, summary, &Scope::Total, &email);
    } else {
        let _ = writeln!(
            out,
            "\nTotal: {} contacts created, {} self-served",
            value(summary, &Scope::Total, Metric::ContactsCreated, 1.0, 1),
            value(summary, &Scope::Total, Metric::ContactsSelfServed, 1.0, 1)
        );
    }
    if summary.get(&Scope::Total, Metric::Customers).is_some() {
        // Sources redial: people apart from contacts.
        let t = |m: Metric, d: usize| value(summary, &Scope::Total, m, 1.0, d);
        let _ = writeln!(
            out,
            "Customers (sources with redials): {} customers, {} served, {} lost, {} redials, {} contacts per customer",
            t(Metric::Customers, 1),
            t(Metric::CustomersServed, 1),
            t(Metric::CustomersLost, 1),
            t(Metric::CustomerRedials, 1),
            t(Metric::ContactsPerCustomer, 3)
        );
    }
    let unfinished = summary
        .get(&Scope::Total, Metric::ContactsUnfinished)
        .and_then(|e| e.mean)
        .unwrap_or(0.0);
    if unfinished > 0.0 {
        let _ = writeln!(out, "\nnote: on average {unfinished:.1} contacts were still unfinished when the drain period ended (simulation.drain)");
    }
    let capped = summary
        .get(&Scope::Total, Metric::WhispersCapped)
        .and_then(|e| e.mean)
        .unwrap_or(0.0);
    if capped > 0.0 {
        let _ = writeln!(out, "note: on average {capped:.1} whisper draws per replication exceeded Connect's 2-minute limit and were cut");
    }
    out
}
