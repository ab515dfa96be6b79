//! Turning a real center's data into a scenario, and checking the scenario
//! against the data.
//!
//! - [`fit`]: distributions by maximum likelihood (censored, whole-second
//!   data), BIC and AIC, Vuong's non-nested test, goodness of fit,
//!   Kaplan–Meier;
//! - [`period`], [`streams`]: the calendar and which contacts are arrivals;
//! - [`arrivals`], [`samples`], [`rates`], [`headcount`], [`profiles`]: what
//!   is counted and sampled from the contacts, one contact at a time;
//!   [`chains`]: a contact joined to the one that followed it;
//!   [`accumulate`]: all of them fed together; [`keyed`]: their maps by
//!   name; [`agent_work`]: each agent's work in time order (accept lags,
//!   concurrency, busy time); [`answer_delay`]: the accept lag split into
//!   the agent whisper and each group's answer delay; [`outbound`]: agents' outbound calls;
//!   [`email`]: email replies and flow emails joined to their contacts;
//!   [`priority`]: the routing priority of a profile's queues, from what
//!   its agents picked while other queues waited; [`missed`]: offers
//!   agents missed;
//! - [`estimate`], [`model`]: the fitted estimates, gathered;
//! - [`pipeline`]: records in, the three outputs out;
//! - [`scenario_toml`], [`json`], [`report`]: the scenario file,
//!   `calibration.json` and the report; [`scenario_agents`],
//!   [`report_agents`]: the scenario's and the report's concurrency and
//!   outbound calling; [`toml_text`]: names quoted for the scenario;
//! - [`contradicted`]: durations a contact's own timestamps contradict,
//!   left out of the fits; [`warnings`]: what the data got wrong, said;
//! - [`from_metrics`]: a scenario from the historical metrics report alone;
//! - [`observed`], [`backtest`]: per-interval metrics counted alike from
//!   real and simulated records, and their comparison; [`backtest_html`]:
//!   its HTML report.

pub mod accumulate;
pub mod agent_pick;
pub mod agent_work;
pub mod answer_delay;
pub mod arrivals;
pub mod availability;
pub mod backtest;
pub mod backtest_html;
pub mod campaigns;
pub mod capacity;
pub mod chains;
pub mod coarsen;
pub mod contradicted;
pub mod email;
pub mod estimate;
pub mod external;
pub mod external_estimate;
pub mod fit;
pub mod from_metrics;
pub mod headcount;
pub mod json;
pub mod keyed;
pub mod markdown;
pub mod metrics_routing;
pub mod missed;
pub mod model;
pub mod observed;
pub mod outbound;
pub mod period;
pub mod pipeline;
pub mod priority;
pub mod profiles;
pub mod rates;
pub mod report;
pub mod report_agents;
pub mod roster_checks;
pub mod roster_names;
pub mod routing_delay;
pub mod samples;
pub mod scenario_agents;
pub mod scenario_toml;
pub mod streams;
pub mod task_pause;
#[cfg(test)]
pub mod test_contacts;
pub mod toml_text;
pub mod warnings;
