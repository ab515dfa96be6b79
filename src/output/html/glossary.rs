//! The explanations of the metrics a report shows, taken from the metric
//! catalogue ([`crate::stats::metrics`]) — name, unit and formula — so the
//! report says exactly what the files' documentation says. Each metric is
//! numbered in order of first mention: tables and chart captions carry the
//! explanation as a hover `title` and a footnote number, and the report
//! ends with the numbered list.

use crate::stats::{Metric, Unit};

/// How a unit reads in an explanation.
fn unit_text(unit: Unit) -> &'static str {
    match unit {
        Unit::Count => "count per replication",
        Unit::Share => "share, shown in %",
        Unit::Seconds => "seconds",
        Unit::AgentHours => "agent-hours",
        Unit::Contacts => "contacts, time average",
        Unit::Agents => "agents, time average",
    }
}

/// The catalogue's explanation of `metric`: its unit and formula, the
/// threshold of a service level written in.
pub fn explain(metric: Metric) -> String {
    let info = metric.info();
    let formula = match metric {
        Metric::ServiceLevel { threshold_s } | Metric::ServiceLevelConnect { threshold_s } => info
            .formula
            .replace("T seconds", &format!("{threshold_s} seconds")),
        Metric::EmailServiceLevel { .. } | Metric::EmailServiceLevelConnect { .. } => {
            let name = metric.name();
            let t = name.rsplit('_').next().unwrap_or_default().to_string();
            info.formula.replacen("within T", &format!("within {t}"), 1)
        }
        _ => info.formula.to_string(),
    };
    format!("{} ({}): {formula}", metric.name(), unit_text(info.unit))
}

/// The metrics mentioned so far, numbered from 1 in order of first
/// mention.
#[derive(Debug, Clone, Default)]
pub struct Glossary {
    metrics: Vec<Metric>,
}

impl Glossary {
    /// The footnote number of `metric`, numbering it if it is new.
    pub fn number(&mut self, metric: Metric) -> usize {
        match self.metrics.iter().position(|m| *m == metric) {
            Some(i) => i + 1,
            None => {
                self.metrics.push(metric);
                self.metrics.len()
            }
        }
    }

    /// Every metric mentioned, with its number.
    pub fn entries(&self) -> impl Iterator<Item = (usize, Metric)> + '_ {
        self.metrics.iter().enumerate().map(|(i, m)| (i + 1, *m))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explanations_come_from_the_catalogue_with_the_threshold_written_in() {
        let sl = explain(Metric::ServiceLevel { threshold_s: 20 });
        assert!(
            sl.starts_with("service_level_20s (share, shown in %)"),
            "{sl}"
        );
        assert!(sl.contains("answered within 20 seconds"), "{sl}");
        let asa = explain(Metric::AsaSeconds);
        assert!(asa.contains(Metric::AsaSeconds.info().formula), "{asa}");
        let mut g = Glossary::default();
        assert_eq!(g.number(Metric::AsaSeconds), 1);
        assert_eq!(g.number(Metric::Occupancy), 2);
        assert_eq!(g.number(Metric::AsaSeconds), 1);
        assert_eq!(g.entries().count(), 2);
    }
}
