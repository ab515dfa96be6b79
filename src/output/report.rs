//! The human-readable report printed by `ccsim run`.

use std::fmt::Write;

use crate::center::spec::CenterSpec;
use crate::stats::{Scope, Summary};

fn value(summary: &Summary, scope: &Scope, metric: &str, scale: f64, decimals: usize) -> String {
    match summary.get(scope, metric) {
        Some(e) => match (e.mean, e.ci95) {
            (Some(m), Some(c)) => {
                format!("{:.*} ± {:.*}", decimals, m * scale, decimals, c * scale)
            }
            (Some(m), None) => format!("{:.*}", decimals, m * scale),
            _ => "—".into(),
        },
        None => "—".into(),
    }
}

fn block(out: &mut String, summary: &Summary, scope: &Scope, thresholds: &[u64]) {
    let v = |m: &str, scale: f64, d: usize| value(summary, scope, m, scale, d);
    let line = |out: &mut String, label: &str, text: String| {
        let _ = writeln!(out, "  {label:<30}{text}");
    };
    if *scope == Scope::Total {
        line(out, "contacts created", v("contacts_created", 1.0, 1));
        line(out, "self-served", v("contacts_self_served", 1.0, 1));
    }
    line(out, "offered to queue", v("contacts_offered", 1.0, 1));
    line(out, "handled", v("contacts_handled", 1.0, 1));
    line(out, "abandoned", v("contacts_abandoned", 1.0, 1));
    line(
        out,
        "turned away (queue full)",
        v("contacts_turned_away", 1.0, 1),
    );
    line(
        out,
        "in progress at horizon",
        v("contacts_in_progress_at_horizon", 1.0, 1),
    );
    for t in thresholds {
        let s = t / 1000;
        line(
            out,
            &format!("service level {s}s"),
            format!("{} %", v(&format!("service_level_{s}s"), 100.0, 1)),
        );
        line(
            out,
            "  Connect's definition",
            format!("{} %", v(&format!("service_level_connect_{s}s"), 100.0, 1)),
        );
    }
    line(
        out,
        "abandonment rate",
        format!("{} %", v("abandonment_rate", 100.0, 2)),
    );
    line(out, "P(wait > 0)", format!("{} %", v("p_wait", 100.0, 1)));
    line(out, "ASA", format!("{} s", v("asa_seconds", 1.0, 2)));
    line(
        out,
        "wait p50 / p90 / p99",
        format!(
            "{} / {} / {} s",
            v("wait_p50_seconds", 1.0, 1),
            v("wait_p90_seconds", 1.0, 1),
            v("wait_p99_seconds", 1.0, 1)
        ),
    );
    line(
        out,
        "avg time to abandon",
        format!("{} s", v("avg_abandon_seconds", 1.0, 1)),
    );
    line(
        out,
        "whisper latency mean / p90",
        format!(
            "{} / {} s",
            v("whisper_latency_mean_seconds", 1.0, 2),
            v("whisper_latency_p90_seconds", 1.0, 2)
        ),
    );
    line(
        out,
        "AHT (talk+hold+ACW)",
        format!("{} s", v("aht_seconds", 1.0, 1)),
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
        out.push('\n');
    }
    for g in &spec.groups {
        let s = Scope::Group(g.name.clone());
        let _ = writeln!(
            out,
            "Agent group {}: occupancy {} %, handled {}",
            g.name,
            value(summary, &s, "occupancy", 100.0, 1),
            value(summary, &s, "contacts_handled", 1.0, 1)
        );
    }
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
        let _ = writeln!(
            out,
            "  {:<15}{:>9}{:>9}{:>10}{:>12}{:>10}{:>14}   agent wh. / cust. wh. / dial+ring / outbound wh.",
            "method",
            "created",
            "handled",
            "abandoned",
            "transferred",
            "callbacks",
            "whisper",
        );
        for m in methods {
            let s = Scope::Method(m.to_string());
            let num = |metric: &str, d: usize| match summary.get(&s, metric).and_then(|e| e.mean) {
                Some(v) => format!("{v:.d$}"),
                None => "—".into(),
            };
            let _ = writeln!(
                out,
                "  {:<15}{:>9}{:>9}{:>10}{:>12}{:>10}{:>14}   {} / {} / {} / {}",
                m,
                num("contacts_created", 1),
                num("contacts_handled", 1),
                num("contacts_abandoned", 1),
                num("contacts_transferred_out", 1),
                num("contacts_callback_requested", 1),
                format!(
                    "{} / {}",
                    num("whisper_latency_mean_seconds", 2),
                    num("whisper_latency_p90_seconds", 2)
                ),
                num("agent_whisper_mean_seconds", 2),
                num("customer_whisper_mean_seconds", 2),
                num("dial_ring_mean_seconds", 2),
                num("outbound_whisper_mean_seconds", 2),
            );
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
    } else {
        let _ = writeln!(
            out,
            "\nTotal: {} contacts created, {} self-served",
            value(summary, &Scope::Total, "contacts_created", 1.0, 1),
            value(summary, &Scope::Total, "contacts_self_served", 1.0, 1)
        );
    }
    let unfinished = summary
        .get(&Scope::Total, "contacts_unfinished")
        .and_then(|e| e.mean)
        .unwrap_or(0.0);
    if unfinished > 0.0 {
        let _ = writeln!(out, "\nnote: on average {unfinished:.1} contacts were still unfinished when the drain period ended (simulation.drain)");
    }
    let capped = summary
        .get(&Scope::Total, "whispers_capped")
        .and_then(|e| e.mean)
        .unwrap_or(0.0);
    if capped > 0.0 {
        let _ = writeln!(out, "note: on average {capped:.1} whisper draws per replication exceeded Connect's 2-minute limit and were cut");
    }
    out
}
