//! The run report's sections for the newer features, each only in a run
//! whose scenario uses it: outbound campaigns (dials to agent-hours, the
//! abandonment rate against its cap), email service level in hours per
//! queue, routing criteria (answered and wait per step, per queue),
//! customers apart from contacts when sources redial, supervisor groups
//! (MONITOR), external parties (EXTERNAL_OUTBOUND) and tasks that pause.
//! Tables of mean ± 95 % CI over the replications, as the summary tables
//! show them.

use crate::center::spec::CenterSpec;
use crate::stats::{Metric, Scope, ScopeKind, Summary};

use super::page::{Cell, Section};
use super::tables::{scope_table, scopes_of};

/// The sections of the features `spec` uses, in the report's order.
pub fn feature_sections(spec: &CenterSpec, summary: &Summary) -> Vec<Section> {
    [
        campaigns(spec, summary),
        email_service_levels(spec, summary),
        routing_criteria(summary),
        customers(summary),
        supervisors(summary),
        external_parties(summary),
        paused_tasks(summary),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// The campaign metrics, in the order a planner reads them.
const CAMPAIGN_METRICS: [Metric; 9] = [
    Metric::CampaignDials,
    Metric::CampaignAnswered,
    Metric::CampaignMachineAnswered,
    Metric::CampaignConnected,
    Metric::CampaignAbandoned,
    Metric::CampaignAbandonmentRate,
    Metric::CampaignAgentHours,
    Metric::CampaignAgentUtilisation,
    Metric::CampaignContactsPerAgentHour,
];

/// Per campaign: its metrics, then its abandonment cap and whether the
/// rate's 95 % interval lies under it.
fn campaigns(spec: &CenterSpec, summary: &Summary) -> Option<Section> {
    let scopes = scopes_of(summary, ScopeKind::Campaign);
    if scopes.is_empty() {
        return None;
    }
    let mut table = scope_table(summary, "Campaigns", "campaign", &scopes, &CAMPAIGN_METRICS);
    table.header.push(Cell::text("abandonment cap"));
    table.header.push(Cell::text("rate against the cap"));
    for (row, scope) in table.rows.iter_mut().zip(&scopes) {
        let cap = spec
            .campaigns
            .iter()
            .find(|c| c.name == scope.name())
            .and_then(|c| c.predictive)
            .map(|p| p.abandonment_cap);
        let rate = summary.get(scope, Metric::CampaignAbandonmentRate);
        let (mean, half) = (
            rate.and_then(|e| e.mean),
            rate.and_then(|e| e.ci95).unwrap_or(0.0),
        );
        row.push(Cell::number(match cap {
            Some(c) => format!("{:.1} %", c * 100.0),
            None => "—".into(),
        }));
        row.push(Cell::text(against_cap(mean, half, cap)));
    }
    let mut section = Section::new("Outbound campaigns (whole window, mean ± 95 % CI)");
    section.table(table);
    section.note(
        "Abandonment rate: answered calls no agent took ÷ calls a person answered; only predictive \
         dialling has a cap (progressive and preview reserve the agent first, agentless has none). \
         Utilisation: talk + ACW ÷ agent time on the campaign (the rest is previewing and waiting \
         on rings).",
    );
    Some(section)
}

/// Whether an abandonment rate of `mean` ± `half` keeps under `cap`.
fn against_cap(mean: Option<f64>, half: f64, cap: Option<f64>) -> String {
    match (mean, cap) {
        (_, None) => "no cap".into(),
        (None, Some(_)) => "no calls answered".into(),
        (Some(m), Some(c)) if m + half <= c => "under (whole CI)".into(),
        (Some(m), Some(c)) if m - half > c => "OVER (whole CI)".into(),
        (Some(m), Some(c)) if m <= c => "under; CI reaches the cap".into(),
        (Some(_), Some(_)) => "over; CI reaches the cap".into(),
    }
}

/// Per queue with email thresholds (then the EMAIL channel and the total):
/// the email service level at each threshold, both definitions.
fn email_service_levels(spec: &CenterSpec, summary: &Summary) -> Option<Section> {
    let mut thresholds: Vec<u64> = spec
        .queues
        .iter()
        .flat_map(|q| q.email_service_level_thresholds.iter())
        .map(|t| t.as_millis() / 1000)
        .collect();
    if thresholds.is_empty() {
        return None;
    }
    thresholds.sort_unstable();
    thresholds.dedup();
    let metrics: Vec<Metric> = thresholds
        .iter()
        .flat_map(|&threshold_s| {
            [
                Metric::EmailServiceLevel { threshold_s },
                Metric::EmailServiceLevelConnect { threshold_s },
            ]
        })
        .collect();
    let mut scopes: Vec<Scope> = spec
        .queues
        .iter()
        .filter(|q| !q.email_service_level_thresholds.is_empty())
        .map(|q| Scope::Queue(q.name.clone()))
        .collect();
    scopes.push(Scope::Channel("EMAIL".into()));
    scopes.push(Scope::Total);
    let scopes: Vec<Scope> = scopes
        .into_iter()
        .filter(|s| metrics.iter().any(|m| summary.get(s, *m).is_some()))
        .collect();
    let mut section = Section::new("Email service level (hours; whole window, mean ± 95 % CI)");
    section.table(scope_table(
        summary,
        "Email service level per queue",
        "queue",
        &scopes,
        &metrics,
    ));
    section.note(
        "EMAIL contacts only, at each queue's email_service_level thresholds; the queue's seconds \
         thresholds count every queued contact. Replies (AGENT_REPLY) are never queued and are in \
         no service level.",
    );
    Some(section)
}

/// The routing-step metrics the summary reports, steps in order and the
/// after-expiry one last.
fn step_metrics(summary: &Summary) -> (Vec<Metric>, Vec<Metric>) {
    let mut steps: Vec<Option<u16>> = Vec::new();
    for e in summary.entries.iter().filter(|e| e.interval.is_none()) {
        if let Metric::RoutingStepAnswered { step } = e.metric {
            if !steps.contains(&step) {
                steps.push(step);
            }
        }
    }
    // Steps 1, 2, …, then None (after every step expired).
    steps.sort_by_key(|s| s.map_or(u32::MAX, u32::from));
    let answered = steps
        .iter()
        .map(|&step| Metric::RoutingStepAnswered { step })
        .collect();
    let wait = steps
        .iter()
        .map(|&step| Metric::RoutingStepWaitSeconds { step })
        .collect();
    (answered, wait)
}

/// Per queue: contacts with routing criteria answered in each step (and
/// after every step expired), and their mean wait.
fn routing_criteria(summary: &Summary) -> Option<Section> {
    let (answered, wait) = step_metrics(summary);
    if answered.is_empty() {
        return None;
    }
    // Queues whose contacts carry no criteria report zeros: left out.
    let scopes: Vec<Scope> = scopes_of(summary, ScopeKind::Queue)
        .into_iter()
        .filter(|s| {
            answered.iter().any(|m| {
                summary
                    .get(s, *m)
                    .and_then(|e| e.mean)
                    .is_some_and(|v| v > 0.0)
            })
        })
        .collect();
    if scopes.is_empty() {
        return None;
    }
    let mut section = Section::new("Routing criteria (whole window, mean ± 95 % CI)");
    section.table(scope_table(
        summary,
        "Answered per routing step",
        "queue",
        &scopes,
        &answered,
    ));
    section.table(scope_table(
        summary,
        "Mean wait of the contacts answered in each step",
        "queue",
        &scopes,
        &wait,
    ));
    section.note(
        "Contacts with routing criteria, by the step in force when an agent took them; \
         'after … expired': every step had expired and any agent of the queue could take them.",
    );
    Some(section)
}

/// Customers apart from contacts, when sources redial.
fn customers(summary: &Summary) -> Option<Section> {
    summary.get(&Scope::Total, Metric::Customers)?;
    let metrics = [
        Metric::ContactsCreated,
        Metric::Customers,
        Metric::CustomersServed,
        Metric::CustomersLost,
        Metric::CustomerRedials,
        Metric::ContactsPerCustomer,
        Metric::AbandonmentRate,
    ];
    let mut section = Section::new("Customers and contacts (redials; mean ± 95 % CI)");
    section.table(scope_table(
        summary,
        "Customers of the sources that redial, beside all contacts",
        "scope",
        &[Scope::Total],
        &metrics,
    ));
    section.note(
        "A customer who gives up and calls again is one customer and several contacts: \
         contacts_per_customer = 1 + redials per customer. The abandonment rate is of contacts; \
         customers_lost counts people whose last call gave up.",
    );
    Some(section)
}

/// Supervisor groups (MONITOR): what they watched, monitored and missed,
/// and their occupancy.
fn supervisors(summary: &Summary) -> Option<Section> {
    let scopes = scopes_of(summary, ScopeKind::SupervisorGroup);
    if scopes.is_empty() {
        return None;
    }
    let metrics = [
        Metric::MonitorWatched,
        Metric::MonitorMonitored,
        Metric::MonitorShare,
        Metric::MonitorMissed,
        Metric::MonitorMissedShare,
        Metric::SupervisorOccupancy,
    ];
    let mut section = Section::new("Supervisor monitoring (MONITOR; mean ± 95 % CI)");
    section.table(scope_table(
        summary,
        "Supervisor groups",
        "supervisor group",
        &scopes,
        &metrics,
    ));
    section.note(
        "Supervisors are not agents: they take nothing from queues, and their listening time is          their own occupancy, never the agents'. A conversation chosen for monitoring that finds          no supervisor free is simply not monitored (missed).",
    );
    Some(section)
}

/// External parties agents added to voice conversations
/// (EXTERNAL_OUTBOUND).
fn external_parties(summary: &Summary) -> Option<Section> {
    summary.get(&Scope::Total, Metric::ExternalDials)?;
    let metrics = [
        Metric::ExternalDials,
        Metric::ExternalAnswered,
        Metric::ExternalDialsBlocked,
        Metric::ExternalAddedHandleSeconds,
    ];
    let mut section = Section::new("External parties (EXTERNAL_OUTBOUND; mean ± 95 % CI)");
    section.table(scope_table(
        summary,
        "External dials from voice conversations",
        "scope",
        &[Scope::Total],
        &metrics,
    ));
    section.note(
        "Each dial is its own contact and holds a voice line; the agent's handle time of the          original call grows by the ring, plus the three-party talk if the external party          answered (external_added_handle_seconds, per dial).",
    );
    Some(section)
}

/// Tasks that pause: how many, how long, and the wait for a free slot on
/// resume.
fn paused_tasks(summary: &Summary) -> Option<Section> {
    summary.get(&Scope::Total, Metric::TasksPaused)?;
    let metrics = [
        Metric::TasksPaused,
        Metric::TaskPauses,
        Metric::TaskPauseMeanSeconds,
        Metric::TaskResumeWaitMeanSeconds,
    ];
    let mut section = Section::new("Tasks that pause (mean ± 95 % CI)");
    section.table(scope_table(
        summary,
        "Paused tasks",
        "scope",
        &[Scope::Total],
        &metrics,
    ));
    section.note(
        "A paused task frees its agent's task slot and resumes with the same agent, at once if a          task slot is free, else at the agent's next free slot (the resume wait). Handle time and          occupancy count no paused time.",
    );
    Some(section)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rate_is_judged_against_the_cap_with_its_interval() {
        assert_eq!(
            against_cap(Some(0.02), 0.005, Some(0.03)),
            "under (whole CI)"
        );
        assert_eq!(
            against_cap(Some(0.028), 0.005, Some(0.03)),
            "under; CI reaches the cap"
        );
        assert_eq!(
            against_cap(Some(0.032), 0.005, Some(0.03)),
            "over; CI reaches the cap"
        );
        assert_eq!(
            against_cap(Some(0.04), 0.005, Some(0.03)),
            "OVER (whole CI)"
        );
        assert_eq!(against_cap(Some(0.04), 0.0, None), "no cap");
        assert_eq!(against_cap(None, 0.0, Some(0.03)), "no calls answered");
    }
}
