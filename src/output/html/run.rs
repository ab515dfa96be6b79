//! The report of `ccsim run`: summary tables per queue, initiation method,
//! channel and agent group; per interval, each queue's (and the total's)
//! service level in both definitions, ASA, abandonment and volumes, and
//! each agent group's occupancy and agents on shift; the wait-time
//! distribution per queue and whisper latency per initiation method; and,
//! for scenarios that use them, the newer features' sections
//! ([`super::features`]).

use crate::stats::hist::DurationHistogram;

use crate::center::spec::{CenterSpec, ServiceLevelDefinition};
use crate::output::files::interval_start;
use crate::output::OutputError;
use crate::stats::{HistogramKind, Metric, Scope, ScopeKind, Summary, Unit};

use super::chart::{Chart, Join, Point, RefLine, Series, XAxis};
use super::page::{Meta, Report, Section};
use super::tables::display;
pub use super::tables::{scope_table, scopes_of, shown};

/// The identity of a run of `spec` with `replications` replications, with
/// its period.
pub fn run_meta(spec: &CenterSpec, replications: u32) -> Meta {
    let secs = |d: crate::engine::SimDuration| duration_text(d.as_secs_f64());
    let zone = match &spec.zone {
        Some(tz) => format!(
            "{} (the start's zone)",
            tz.iana_name().unwrap_or("the start's offset")
        ),
        None => "UTC".to_string(),
    };
    Meta::new(&spec.name, spec.seed, replications)
        .with("start", interval_start(spec, 0))
        .with("times shown in", zone)
        .with("horizon", secs(spec.horizon))
        .with("interval", secs(spec.interval))
        .with("warm-up", secs(spec.warmup))
}

/// `8 h`, `30 min`, `90 s`: a duration in its largest whole unit.
fn duration_text(secs: f64) -> String {
    if secs >= 3600.0 && secs % 3600.0 == 0.0 {
        format!("{} h", secs / 3600.0)
    } else if secs >= 60.0 && secs % 60.0 == 0.0 {
        format!("{} min", secs / 60.0)
    } else {
        format!("{secs} s")
    }
}

/// Each interval's start as a short label: `HH:MM`, with the date when the
/// horizon spans more than a day; local to the zone the scenario's start
/// was written in, else UTC.
pub fn interval_labels(spec: &CenterSpec) -> Vec<String> {
    let days = spec.horizon.as_secs_f64() > 86_400.0;
    if let Some(tz) = &spec.zone {
        let format = if days { "%m-%d %H:%M" } else { "%H:%M" };
        return (0..spec.interval_count())
            .map(|i| {
                let ms = spec.start_unix_ms + (i as u64 * spec.interval.as_millis()) as i64;
                match jiff::Timestamp::from_millisecond(ms) {
                    Ok(t) => t.to_zoned(tz.clone()).strftime(format).to_string(),
                    Err(_) => interval_start(spec, i),
                }
            })
            .collect();
    }
    (0..spec.interval_count())
        .map(|i| {
            let iso = interval_start(spec, i);
            let short = if days {
                iso.get(5..16)
            } else {
                iso.get(11..16)
            };
            short.unwrap_or(&iso).replace('T', " ")
        })
        .collect()
}

/// The y axis's description for values of `metric` as charts show them.
pub fn y_desc(metric: Metric) -> &'static str {
    match metric.unit() {
        Unit::Count => "contacts",
        Unit::Share => "%",
        Unit::Seconds => "seconds",
        Unit::AgentHours => "agent-hours",
        Unit::Contacts => "contacts",
        Unit::Agents => "agents",
    }
}

/// `metric` of `scope` in each interval, scaled for display; intervals
/// where it is undefined are left out.
pub fn per_interval(
    summary: &Summary,
    scope: &Scope,
    metric: Metric,
    intervals: usize,
) -> Vec<Point> {
    let scale = display(metric.unit()).0;
    (0..intervals)
        .filter_map(|i| {
            let e = summary.get_at(scope, metric, Some(i as u32))?;
            let mean = e.mean?;
            Some(Point::mean_ci(
                i as f64,
                mean * scale,
                e.ci95.map(|h| h * scale),
            ))
        })
        .collect()
}

/// The report of a run of `spec` summarised in `summary`.
pub fn run_report(spec: &CenterSpec, summary: &Summary) -> Result<Report, OutputError> {
    let mut report = Report::new(
        format!("ccsim run — {}", spec.name),
        run_meta(spec, summary.replications),
    );
    report.push(summary_tables(summary));
    for section in super::features::feature_sections(spec, summary) {
        report.push(section);
    }
    let mut contact_scopes = vec![Scope::Total];
    contact_scopes.extend(scopes_of(summary, ScopeKind::Queue));
    for scope in &contact_scopes {
        report.push(contact_intervals(spec, summary, scope)?);
    }
    for scope in scopes_of(summary, ScopeKind::Group) {
        report.push(group_intervals(spec, summary, &scope)?);
    }
    report.push(distributions(summary, &contact_scopes)?);
    Ok(report)
}

/// The service-level thresholds (whole seconds) the summary reports for
/// `scope`.
fn thresholds(summary: &Summary, scope: &Scope) -> Vec<u64> {
    summary
        .entries
        .iter()
        .filter(|e| &e.scope == scope && e.interval.is_none())
        .filter_map(|e| match e.metric {
            Metric::ServiceLevel { threshold_s } => Some(threshold_s),
            _ => None,
        })
        .collect()
}

/// The tables per scope kind.
fn summary_tables(summary: &Summary) -> Section {
    let mut section = Section::new("Summary (whole window, mean ± 95 % CI)");
    let mut contact_metrics = vec![
        Metric::ContactsCreated,
        Metric::ContactsOffered,
        Metric::ContactsHandled,
        Metric::ContactsAbandoned,
    ];
    for t in thresholds(summary, &Scope::Total) {
        contact_metrics.push(Metric::ServiceLevel { threshold_s: t });
        contact_metrics.push(Metric::ServiceLevelConnect { threshold_s: t });
    }
    contact_metrics.extend([
        Metric::AbandonmentRate,
        Metric::AsaSeconds,
        Metric::WaitP90Seconds,
        Metric::WhisperLatencyMeanSeconds,
        Metric::AhtSeconds,
    ]);
    let group_metrics = [
        Metric::Occupancy,
        Metric::ContactsHandled,
        Metric::AgentHoursOnContact,
        Metric::AgentHoursAvailable,
        Metric::SlotOccupancy,
    ];
    let kinds: [(&str, &str, Vec<Scope>, &[Metric]); 4] = [
        (
            "Queues",
            "queue",
            with_total(scopes_of(summary, ScopeKind::Queue)),
            &contact_metrics,
        ),
        (
            "Initiation methods",
            "method",
            scopes_of(summary, ScopeKind::Method),
            &contact_metrics,
        ),
        (
            "Channels",
            "channel",
            scopes_of(summary, ScopeKind::Channel),
            &contact_metrics,
        ),
        (
            "Agent groups",
            "agent group",
            scopes_of(summary, ScopeKind::Group),
            &group_metrics,
        ),
    ];
    for (caption, what, scopes, metrics) in kinds {
        if scopes.is_empty() {
            continue;
        }
        section.table(scope_table(summary, caption, what, &scopes, metrics));
    }
    section
}

fn with_total(mut scopes: Vec<Scope>) -> Vec<Scope> {
    scopes.insert(0, Scope::Total);
    scopes
}

/// A per-interval chart of `spec`'s intervals.
fn interval_chart(spec: &CenterSpec, title: String, y_desc: &str) -> Chart {
    let mut c = Chart::new(title, "interval start", y_desc);
    c.x_axis = XAxis::Labels(interval_labels(spec));
    c
}

/// What a per-interval chart's lines and bands are.
fn band_note(c: &Chart, whose: &str) -> String {
    let mut note = "Lines: mean over replications; shaded: its 95 % confidence band".to_string();
    if !c.lines.is_empty() {
        note.push_str(&format!("; dashed red: the {whose}'s target"));
    }
    note
}

/// Service level (both definitions), ASA, abandonment and volumes per
/// interval of a contact scope.
fn contact_intervals(
    spec: &CenterSpec,
    summary: &Summary,
    scope: &Scope,
) -> Result<Section, OutputError> {
    let n = spec.interval_count();
    let label = match scope {
        Scope::Total => "all queues".to_string(),
        s => format!("queue {}", s.name()),
    };
    let mut section = Section::new(format!("Per interval — {label}"));
    let targets = spec
        .queues
        .iter()
        .find(|q| matches!(scope, Scope::Queue(name) if *name == q.name))
        .and_then(|q| q.targets);
    for t in thresholds(summary, scope) {
        let (sl, connect) = (
            Metric::ServiceLevel { threshold_s: t },
            Metric::ServiceLevelConnect { threshold_s: t },
        );
        let mut c = interval_chart(spec, format!("{label}: service level within {t} s"), "%");
        c.series.push(Series::line(
            "answered within",
            per_interval(summary, scope, sl, n),
        ));
        c.series.push(Series::line(
            "Connect's definition",
            per_interval(summary, scope, connect, n),
        ));
        if let Some((threshold, target, definition)) = targets.and_then(|t| t.service_level) {
            if threshold.as_millis() / 1000 == t {
                let which = match definition {
                    ServiceLevelDefinition::AnsweredWithin => "answered",
                    ServiceLevelDefinition::Connect => "Connect's",
                };
                c.lines.push(RefLine::Target {
                    label: format!("target {} % ({which})", target * 100.0),
                    y: target * 100.0,
                });
            }
        }
        section.chart(&c, &[sl, connect], band_note(&c, "queue"))?;
    }
    let mut c = interval_chart(spec, format!("{label}: ASA"), "seconds");
    c.y_from_zero = true;
    c.series.push(Series::line(
        "ASA",
        per_interval(summary, scope, Metric::AsaSeconds, n),
    ));
    if let Some(max) = targets.and_then(|t| t.max_asa) {
        c.lines.push(RefLine::Target {
            label: format!("at most {} s", max.as_secs_f64()),
            y: max.as_secs_f64(),
        });
    }
    section.chart(&c, &[Metric::AsaSeconds], band_note(&c, "queue"))?;
    let mut c = interval_chart(spec, format!("{label}: abandonment"), "%");
    c.y_from_zero = true;
    c.series.push(Series::line(
        "abandonment rate",
        per_interval(summary, scope, Metric::AbandonmentRate, n),
    ));
    if let Some(max) = targets.and_then(|t| t.max_abandonment_rate) {
        c.lines.push(RefLine::Target {
            label: format!("at most {} %", max * 100.0),
            y: max * 100.0,
        });
    }
    section.chart(&c, &[Metric::AbandonmentRate], band_note(&c, "queue"))?;
    let mut c = interval_chart(spec, format!("{label}: volume"), "contacts");
    c.y_from_zero = true;
    c.series.push(Series::line(
        "offered",
        per_interval(summary, scope, Metric::ContactsOffered, n),
    ));
    c.series.push(Series::line(
        "handled",
        per_interval(summary, scope, Metric::ContactsHandled, n),
    ));
    section.chart(
        &c,
        &[Metric::ContactsOffered, Metric::ContactsHandled],
        "By the interval the contact arrived in",
    )?;
    Ok(section)
}

/// Occupancy and agents (on shift, busy) per interval of an agent group.
fn group_intervals(
    spec: &CenterSpec,
    summary: &Summary,
    scope: &Scope,
) -> Result<Section, OutputError> {
    let n = spec.interval_count();
    let name = scope.name();
    let mut section = Section::new(format!("Per interval — agent group {name}"));
    let group = spec.groups.iter().find(|g| g.name == name);
    let mut c = interval_chart(spec, format!("{name}: occupancy"), "%");
    c.series.push(Series::line(
        "occupancy",
        per_interval(summary, scope, Metric::Occupancy, n),
    ));
    if let Some(max) = group.and_then(|g| g.max_occupancy) {
        c.lines.push(RefLine::Target {
            label: format!("at most {} %", max * 100.0),
            y: max * 100.0,
        });
    }
    section.chart(&c, &[Metric::Occupancy], band_note(&c, "group"))?;
    let mut c = interval_chart(spec, format!("{name}: agents"), "agents");
    c.y_from_zero = true;
    if let Some(g) = group {
        let on_shift = g
            .headcount
            .iter()
            .enumerate()
            .map(|(i, h)| Point::new(i as f64, f64::from(*h)))
            .collect();
        c.series
            .push(Series::line("on shift", on_shift).joined(Join::Step));
    }
    c.series.push(Series::line(
        "busy (on contacts)",
        per_interval(summary, scope, Metric::BusyAgents, n),
    ));
    section.chart(
        &c,
        &[Metric::BusyAgents],
        "On shift: the scenario's headcount in each interval; busy: mean with its 95 % band",
    )?;
    Ok(section)
}

/// Quantiles 0, 0.5 %, …, 100 % of `h` (milliseconds) as a CDF in seconds
/// and %.
pub fn cdf(h: &DurationHistogram) -> Vec<Point> {
    (0..=200)
        .map(|k| {
            let q = f64::from(k) / 200.0;
            Point::new(h.value_at_quantile(q) as f64 / 1000.0, q * 100.0)
        })
        .collect()
}

/// p50, p90 and p99 of `h` as marked points.
fn percentiles(h: &DurationHistogram) -> Vec<Point> {
    [0.5, 0.9, 0.99]
        .into_iter()
        .map(|q| Point::new(h.value_at_quantile(q) as f64 / 1000.0, q * 100.0))
        .collect()
}

/// A CDF chart of the non-empty histograms of `kind` of `scopes`, one
/// curve each with p50/p90/p99 marked.
fn cdf_chart(
    summary: &Summary,
    scopes: &[Scope],
    kind: HistogramKind,
    title: String,
) -> Option<Chart> {
    let mut c = Chart::new(title, "seconds", "% of contacts at or below");
    c.x_from_zero = true;
    c.legend_low = true;
    for (k, s) in scopes.iter().enumerate().take(super::chart::MAX_SERIES) {
        let Some(h) = summary.histogram(s, kind).filter(|h| !h.is_empty()) else {
            continue;
        };
        let p = percentiles(h);
        let name = format!(
            "{}: p50 {} s, p90 {} s, p99 {} s",
            s.name(),
            p[0].x,
            p[1].x,
            p[2].x
        );
        c.series
            .push(Series::line(name, cdf(h)).unmarked().colored(k));
        c.series
            .push(Series::line("", p).joined(Join::None).colored(k));
    }
    (!c.series.is_empty()).then_some(c)
}

/// The wait-time distribution per contact scope and whisper latency per
/// initiation method, from the histograms merged over replications.
fn distributions(summary: &Summary, contact_scopes: &[Scope]) -> Result<Section, OutputError> {
    let mut section = Section::new("Distributions (all replications merged)");
    let note = "Cumulative share of answered contacts; dots: p50, p90, p99 of the merged histogram (histograms/percentiles.csv)";
    for s in contact_scopes {
        let title = format!(
            "wait before answer — {}",
            if *s == Scope::Total {
                "all queues"
            } else {
                s.name()
            }
        );
        if let Some(c) = cdf_chart(summary, std::slice::from_ref(s), HistogramKind::Wait, title) {
            section.chart(
                &c,
                &[
                    Metric::WaitP50Seconds,
                    Metric::WaitP90Seconds,
                    Metric::WaitP99Seconds,
                ],
                note,
            )?;
        }
    }
    let methods = scopes_of(summary, ScopeKind::Method);
    let title = "whisper latency per initiation method".to_string();
    if let Some(c) = cdf_chart(summary, &methods, HistogramKind::WhisperLatency, title) {
        let metrics = [
            Metric::WhisperLatencyP50Seconds,
            Metric::WhisperLatencyP90Seconds,
            Metric::WhisperLatencyP99Seconds,
        ];
        section.chart(
            &c,
            &metrics,
            "Accept to conversation start, per initiation method; dots: p50, p90, p99",
        )?;
    }
    Ok(section)
}
