//! Chaining a contact's zero-time steps ([`Scheduler::can_chain`]) is
//! only a shortcut: every report the center makes, in order, and the run's
//! event counts must be those of the same run with every event going
//! through the queue.
//!
//! [`Scheduler::can_chain`]: ccsim::engine::Scheduler::can_chain

use std::path::Path;

use ccsim::center::ids::{GroupId, QueueId};
use ccsim::center::spec::Channel;
use ccsim::center::{
    run_replication_chaining, AgentActivity, AgentHours, ContactRecord, FlowPlay, Observer, RunInfo,
};
use ccsim::engine::SimTime;

/// Everything the center reports, in order, one line per report.
#[derive(Default)]
struct Trace(Vec<String>);

impl Observer for Trace {
    fn contact_ended(&mut self, r: &ContactRecord) {
        self.0.push(format!("ended {r:?}"));
    }
    fn in_progress_at_horizon(&mut self, r: &ContactRecord) {
        self.0.push(format!("in progress {r:?}"));
    }
    fn contact_unfinished(&mut self, r: &ContactRecord) {
        self.0.push(format!("unfinished {r:?}"));
    }
    fn agent_time(&mut self, g: GroupId, a: AgentActivity, from: SimTime, to: SimTime) {
        self.0
            .push(format!("agent time {g:?} {a:?} {from:?} {to:?}"));
    }
    fn queue_level(&mut self, q: QueueId, n: u32, from: SimTime, to: SimTime) {
        self.0.push(format!("level {q:?} {n} {from:?} {to:?}"));
    }
    fn agent_slots(
        &mut self,
        g: GroupId,
        ch: Channel,
        used: u32,
        cap: u32,
        from: SimTime,
        to: SimTime,
    ) {
        self.0
            .push(format!("slots {g:?} {ch:?} {used} {cap} {from:?} {to:?}"));
    }
    fn queue_spell(&mut self, q: QueueId, from: SimTime, to: SimTime) {
        self.0.push(format!("spell {q:?} {from:?} {to:?}"));
    }
    fn flow_played(&mut self, p: &FlowPlay) {
        self.0.push(format!("flow {p:?}"));
    }
    fn finished(&mut self) {
        self.0.push("finished".into());
    }
    fn agent_hours(&mut self, a: u32, g: GroupId, h: AgentHours, from: SimTime, to: SimTime) {
        self.0
            .push(format!("hours {a} {g:?} {h:?} {from:?} {to:?}"));
    }
    fn agent_scheduled(&mut self, g: GroupId, s: u32, p: u32, from: SimTime, to: SimTime) {
        self.0
            .push(format!("scheduled {g:?} {s} {p} {from:?} {to:?}"));
    }
}

/// The scenario with every flow, whisper, accept delay, ACW and email
/// sending made instantaneous: as many zero-time steps, and as many
/// events at one instant, as a scenario can have.
fn zero_time(text: &str) -> String {
    const KEYS: [&str; 5] = [
        "duration",
        "after_contact_work",
        "auto_accept_delay",
        "answer_delay",
        "sending",
    ];
    text.lines()
        .map(
            |line| match KEYS.iter().find(|k| line.starts_with(&format!("{k} = "))) {
                Some(k) => format!("{k} = \"0s\""),
                None => line.to_string(),
            },
        )
        .collect::<Vec<_>>()
        .join("\n")
}

/// Runs replication 0 of `text` with chaining on and off; fails at the
/// first report that differs. Returns the run's facts and how many
/// reports it made.
fn same_with_and_without_chaining(text: &str, label: &str) -> (RunInfo, usize) {
    let spec = ccsim::scenario::parse(text, Path::new(label), "scenario")
        .unwrap_or_else(|e| panic!("{label}: {e}"));
    let (on, info_on) = run_replication_chaining(&spec, 0, Trace::default(), true);
    let (off, info_off) = run_replication_chaining(&spec, 0, Trace::default(), false);
    let first_diff = on.0.iter().zip(&off.0).position(|(a, b)| a != b);
    assert_eq!(
        first_diff.map(|i| (&on.0[i], &off.0[i])),
        None,
        "{label}: report {first_diff:?} differs (chaining on, off)"
    );
    assert_eq!(on.0.len(), off.0.len(), "{label}: number of reports");
    assert_eq!(info_on, info_off, "{label}: run facts");
    (info_on, on.0.len())
}

#[test]
fn chaining_zero_time_steps_changes_no_report_of_any_bundled_scenario() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("the bundled scenarios")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    let mut checked = 0;
    for path in files {
        let text = std::fs::read_to_string(&path).expect("a bundled scenario");
        if text.lines().any(|l| l.trim() == "[sweep]") {
            continue; // a sweep file, not a scenario
        }
        let label = path.display().to_string();
        for (variant, text) in [
            ("as bundled", text.clone()),
            ("zero-time", zero_time(&text)),
        ] {
            let (info, reports) = same_with_and_without_chaining(&text, &label);
            assert!(info.stalled.is_none(), "{label} ({variant}) stalled");
            assert!(reports > 100, "{label} ({variant}): {reports} reports");
        }
        checked += 1;
    }
    assert!(checked >= 20, "{checked} scenarios");
}

/// Two sources whose customers arrive at the same instants, and a source
/// whose next arrival falls in the instant of the one before: a flow's
/// end chained at an arrival must still come before an arrival scheduled
/// after it, and after one scheduled before it.
#[test]
fn chaining_keeps_the_order_of_arrivals_at_one_instant() {
    let text = r#"
[simulation]
seed = 7
horizon = "1h"
[[queues]]
name = "q"
[[routing_profiles]]
name = "all"
queues = [{ queue = "q" }]
[[agent_groups]]
name = "agents"
routing_profile = "all"
headcount = 2
auto_accept = true
after_contact_work = "0s"
[[flows]]
name = "Default agent whisper"
type = "agent_whisper"
duration = "0s"
[[flows]]
name = "Default customer whisper"
type = "customer_whisper"
duration = "0s"
[[sources]]
name = "a"
arrival_times = ["0s", "0s", "10s", "10s", "10s", "20s", "30s", "30s", "31s"]
queue = "q"
customer = { talk = { dist = "exponential", mean = "5s" }, patience = "0s" }
[[sources]]
name = "b"
arrival_times = ["0s", "10s", "10s", "20s", "20s", "31s", "35s"]
queue = "q"
customer = { talk = "0s", patience = { dist = "exponential", mean = "3s" } }
"#;
    let (info, reports) = same_with_and_without_chaining(text, "same_instants.toml");
    assert!(info.stalled.is_none());
    assert!(reports > 16, "{reports} reports");
}
